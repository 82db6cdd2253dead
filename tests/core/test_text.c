/* test_text.c - UTF-8 decoding, display widths, fitting, padding and wrapping. */
#include <stdlib.h>

#include "core/text.h"
#include "test.h"

/* Decoding valid, invalid and truncated sequences. */
static void test_decode(void)
{
	static const struct {
		const char *s;
		uint32_t cp;
		size_t len;
	} t[] = {
		{ "A", 'A', 1 },
		{ "\xC3\xA9", 0xE9, 2 },
		{ "中", 0x4E2D, 3 },
		{ "😀", 0x1F600, 4 },
		{ "\xC0\x80", 0xFFFD, 1 },		/* overlong NUL */
		{ "\xE0\x80\xAF", 0xFFFD, 1 },		/* overlong '/' */
		{ "\xED\xA0\x80", 0xFFFD, 1 },		/* lone surrogate */
		{ "\xF4\x90\x80\x80", 0xFFFD, 1 },	/* past U+10FFFF */
		{ "\xE4\xB8", 0xFFFD, 1 },		/* truncated */
		{ "\x80", 0xFFFD, 1 },			/* stray continuation */
		{ "\xFF", 0xFFFD, 1 },
		{ "\xEF\xBF\xBD", 0xFFFD, 3 },		/* a real U+FFFD */
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint32_t cp = 0;
		size_t k = text_decode(t[i].s, strlen(t[i].s), &cp);

		CHECK_INT(cp, t[i].cp);
		CHECK_INT(k, t[i].len);
	}
}

/* Encoding and decoding agree for every kind of code point. */
static void test_encode(void)
{
	static const uint32_t cps[] = { 0, 'a', 0x7F, 0x80, 0x7FF, 0x800, 0x4E2D, 0xFFFF,
					0x10000, 0x1F600, 0x10FFFF };
	char buf[4];

	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		uint32_t back;
		size_t k = text_encode(cps[i], buf);

		CHECK_INT(text_decode(buf, k, &back), k);
		CHECK_INT(back, cps[i]);
	}
	CHECK_INT(text_encode(0xD800, buf), 3);	/* surrogates become U+FFFD */
	CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
}

static void test_valid(void)
{
	CHECK(text_valid("", 0));
	CHECK(text_valid("姓名：黄璐 😀", strlen("姓名：黄璐 😀")));
	CHECK(!text_valid("ab\xFF", 3));
	CHECK(!text_valid("\xED\xA0\x80", 3));
	CHECK(!text_valid("a\0b", 3));
	CHECK(!text_valid("中", 2));		/* cut in the middle */
	CHECK(text_valid("中", 3));
}

/* The width rule: wide 2, combining / zero-width / control 0, else 1. */
static void test_cpwidth(void)
{
	static const struct {
		uint32_t cp;
		int w;
	} t[] = {
		{ 'a', 1 }, { ' ', 1 }, { '~', 1 }, { 0, 0 }, { '\t', 0 }, { '\n', 0 },
		{ 0x7F, 0 }, { 0x85, 0 }, { 0xE9, 1 }, { 0x301, 0 }, { 0x200B, 0 },
		{ 0x200D, 0 }, { 0xFEFF, 0 }, { 0xFE0F, 0 }, { 0x1160, 0 },
		{ 0x1100, 2 }, { 0x2E80, 2 }, { 0x3000, 2 }, { 0x3001, 2 }, { 0x3002, 2 },
		{ 0x300A, 2 }, { 0x303E, 2 }, { 0x3041, 2 }, { 0x4E00, 2 }, { 0x9FFF, 2 },
		{ 0x3400, 2 }, { 0xAC00, 2 }, { 0xD7A3, 2 }, { 0xF900, 2 }, { 0xFE30, 2 },
		{ 0xFF01, 2 }, { 0xFF10, 2 }, { 0xFF5E, 2 }, { 0xFF60, 2 }, { 0xFF61, 1 },
		{ 0xFFE5, 2 }, { 0x1F300, 2 }, { 0x1F600, 2 }, { 0x1F64F, 2 }, { 0x1F90C, 2 },
		{ 0x1F900, 1 },	/* U+1F900..1F90B are Neutral in Unicode 15, as in wcwidth */
		{ 0x1F9FF, 2 }, { 0x1FAE8, 2 }, { 0x1F6DC, 2 }, { 0x20000, 2 }, { 0x2A6DF, 2 },
		{ 0x31350, 2 }, { 0x2014, 1 }, { 0x201C, 1 }, { 0x25A1, 1 }, { 0x2611, 1 },
		{ 0x00B7, 1 }, { 0x0410, 1 }, { 0x302A, 0 }, { 0x3099, 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int w = text_cpwidth(t[i].cp);

		if (w != t[i].w)
			printf("#   U+%04X\n", (unsigned)t[i].cp);
		CHECK_INT(w, t[i].w);
	}
}

/* The print rule: ambiguous-width characters take two columns, nothing else changes. */
static void test_width_print(void)
{
	static const uint32_t two[] = { 0x2014, 0x201C, 0x201D, 0x00B7, 0x2026, 0x25A1, 0x25A0,
					0x221A, 0x2460, 0x2103, 0x00A7, 0x00E9, 0x0410, 0xE000, 0x4E00,
					0xFF01 };
	static const uint32_t same[] = { 'a', ' ', 0x00E3, 0x04E0, 0x301, 0x200B, 0xFE0F, 0xFF61,
					 0x2060, 0xFDD0, 0x1F900 };
	char **lines;
	int n;

	for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
		CHECK_INT(text_cpwidth_print(two[i]), 2);
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		CHECK_INT(text_cpwidth_print(same[i]), text_cpwidth(same[i]));
	CHECK_INT(text_width_print("“安全生产月”"), 14);
	CHECK_INT(text_width_print("■是 □否"), 9);
	CHECK_INT(text_width_print("6·16"), 5);
	/* Wrapped by it, “…” lines stay within the columns in a CJK font. */
	n = text_wrap_print("开展“主播走一线”“公众开放日”活动", 10, &lines);
	for (int i = 0; i < n; i++)
		CHECK(text_width_print(lines[i]) <= 10);
	CHECK_INT(n, 4);
	text_lines_free(lines, n);
}

static void test_width(void)
{
	CHECK_INT(text_width(""), 0);
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("黄璐"), 4);
	CHECK_INT(text_width("理论学习中心组学习（3）次，"), 27);
	CHECK_INT(text_width("“安全生产月”"), 12);
	CHECK_INT(text_width("☑是 □否"), 7);
	CHECK_INT(text_width("e\xCC\x81"), 1);
	CHECK_INT(text_width("👍🏻"), 4);	/* the skin tone modifier is wide on its own */
	CHECK_INT(text_width("ab\xFF"), 3);	/* a bad byte shows as U+FFFD */
	CHECK_INT(text_chars("黄璐 ab"), 5);
	CHECK_INT(text_chars(""), 0);
}

static void test_fit_pad(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_INT(text_fit("黄璐ab", 0), 0);
	CHECK_INT(text_fit("黄璐ab", 1), 0);
	CHECK_INT(text_fit("黄璐ab", 3), 3);
	CHECK_INT(text_fit("黄璐ab", 5), 7);
	CHECK_INT(text_fit("黄璐ab", 99), 8);
	CHECK_INT(text_fit("e\xCC\x81x", 1), 3);	/* the accent stays with its letter */
	text_pad(&sb, "姓名", 6);
	CHECK_STR(strbuf_str(&sb), "姓名  ");
	strbuf_reset(&sb);
	text_pad(&sb, "太长的名字", 4);
	CHECK_STR(strbuf_str(&sb), "太长的名字");
	strbuf_reset(&sb);
	text_pad(&sb, "", 3);
	CHECK_STR(strbuf_str(&sb), "   ");
	strbuf_free(&sb);
}

static void test_halfwidth(void)
{
	static const char *t[][2] = {
		{ "１８２　２２１６　９３０２", "182 2216 9302" },
		{ "（０２２）２９２４０８８１", "(022)29240881" },
		{ "ａｂｃ＠ｔｊ．ｇｏｖ．ｃｎ", "abc@tj.gov.cn" },
		{ "黄璐，你好！", "黄璐,你好!" },
		{ "plain", "plain" },
		{ "", "" },
		{ "。、「」", "。、「」" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *h = text_halfwidth(t[i][0]);

		CHECK_STR(h, t[i][1]);
		free(h);
	}
}

/* Wrap s at cols and compare the lines joined with '|'. */
static void check_wrap(const char *s, int cols, const char *want, int line)
{
	char **lines;
	int n = text_wrap(s, cols, &lines);
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(&sb, '|');
		strbuf_adds(&sb, lines[i]);
		if (text_width(lines[i]) > cols) {
			printf("#   line %d: [%s] is wider than %d\n", line, lines[i], cols);
			test_failed_checks++;
		}
	}
	if (strcmp(strbuf_str(&sb), want) != 0) {
		printf("#   line %d: wrap(%s, %d)\n#     got:  [%s]\n#     want: [%s]\n", line, s,
		       cols, strbuf_str(&sb), want);
		test_failed_checks++;
	}
	text_lines_free(lines, n);
	strbuf_free(&sb);
}

static void test_wrap(void)
{
	check_wrap("", 10, "", __LINE__);
	check_wrap("abc", 10, "abc", __LINE__);
	check_wrap("a\nb", 10, "a|b", __LINE__);
	check_wrap("a\r\nb\n", 10, "a|b|", __LINE__);
	check_wrap("\n\n", 10, "||", __LINE__);
	check_wrap("the quick brown fox", 10, "the quick|brown fox", __LINE__);
	check_wrap("the quick brown fox", 9, "the quick|brown fox", __LINE__);
	check_wrap("supercalifragilistic", 8, "supercal|ifragili|stic", __LINE__);
	check_wrap("well-known-word", 12, "well-known-|word", __LINE__);
	check_wrap("tel 022-29240881", 12, "tel|022-29240881", __LINE__);
	check_wrap("一二三四五六七八九十", 8, "一二三四|五六七八|九十", __LINE__);
	check_wrap("一二三四五六七八九十", 9, "一二三四|五六七八|九十", __LINE__);
	/* Closing punctuation never starts a line: the character before it comes along. */
	check_wrap("一二三，四五六", 6, "一二|三，四|五六", __LINE__);
	check_wrap("一二三。”四五", 6, "一二|三。”|四五", __LINE__);
	check_wrap("一二三四）", 8, "一二三|四）", __LINE__);
	/* Opening punctuation never ends a line. */
	check_wrap("一二（三四）", 6, "一二|（三|四）", __LINE__);
	check_wrap("一二“三四”", 6, "一二|“三四”", __LINE__);
	/* Latin words inside Chinese stay whole when they can. */
	check_wrap("请发送至bdqyjj01@tj.gov.cn邮箱", 19, "请发送至|bdqyjj01@tj.gov.cn|邮箱",
		   __LINE__);
	check_wrap("共2021人参加", 6, "共2021|人参加", __LINE__);
	check_wrap("共2021人参加", 5, "共|2021|人参|加", __LINE__);
	/* Only punctuation: rules are given up rather than overflow. */
	check_wrap("，，，，，", 4, "，，|，，|，", __LINE__);
	check_wrap("ab", 2, "ab", __LINE__);
	check_wrap("黄a璐", 2, "黄|a|璐", __LINE__);
	check_wrap("  indented text here", 10, "  indented|text here", __LINE__);
	check_wrap("😀😀😀", 4, "😀😀|😀", __LINE__);
	check_wrap("——破折号——", 6, "——破折|号——", __LINE__);
	check_wrap("破——折", 3, "破|——|折", __LINE__);
	/* U+2060 WORD JOINER keeps its neighbours together. */
	check_wrap("一二□\xE2\x81\xA0否", 6, "一二|□\xE2\x81\xA0否", __LINE__);
	check_wrap("一二□否", 6, "一二□|否", __LINE__);
}

/* Wrapping never loses or reorders a character (spaces at breaks aside). */
static void test_wrap_keeps_text(void)
{
	const char *s = "内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组"
			"开展深入学习；集中开展“领导干部讲安全”活动；征集学习文章、研讨体会、"
			"专访视频等；组织开展专题文艺汇演。Latin words mixed in, and (brackets)."
			"😀👍🏻汉字";

	for (int cols = 2; cols <= 90; cols++) {
		char **lines;
		int n = text_wrap(s, cols, &lines);
		struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;

		for (int i = 0; i < n; i++) {
			CHECK(text_width(lines[i]) <= cols);
			for (const char *p = lines[i]; *p; p++)
				if (*p != ' ')
					strbuf_addc(&sb, *p);
		}
		for (const char *p = s; *p; p++)
			if (*p != ' ')
				strbuf_addc(&want, *p);
		CHECK_STR(strbuf_str(&sb), strbuf_str(&want));
		text_lines_free(lines, n);
		strbuf_free(&sb);
		strbuf_free(&want);
	}
}

/* Random bytes (invalid UTF-8 included) wrap without overflowing or crashing. */
static void test_wrap_garbage(void)
{
	unsigned int seed = 777;
	char buf[200];
	static const char *const pick[] = { "a", " ", "\n", "中", "，", "（", "）", "😀", "\xCC\x81",
					    "\xE2\x81\xA0", "-", "\xFF", "“", "——" };

	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		int cols = 2 + (int)(seed % 30), n;
		char **lines;

		while (len + 8 < sizeof buf && (seed % 97) != 0) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pick[(seed >> 16) % (sizeof pick / sizeof pick[0])];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		seed = seed * 1103515245u + 12345u;
		buf[len] = '\0';
		n = text_wrap(buf, cols, &lines);
		CHECK(n >= 1);
		for (int i = 0; i < n; i++)
			CHECK(text_width(lines[i]) <= cols);
		text_lines_free(lines, n);
	}
}

int main(void)
{
	TEST_RUN(test_decode);
	TEST_RUN(test_encode);
	TEST_RUN(test_valid);
	TEST_RUN(test_cpwidth);
	TEST_RUN(test_width);
	TEST_RUN(test_width_print);
	TEST_RUN(test_fit_pad);
	TEST_RUN(test_halfwidth);
	TEST_RUN(test_wrap);
	TEST_RUN(test_wrap_keeps_text);
	TEST_RUN(test_wrap_garbage);
	return test_done();
}
