/* test_text.c - UTF-8 decoding, display widths, fitting, padding and wrapping. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"
#include "core/textedit.h"
#include "core/util.h"
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

/* The byte-by-byte view (text_seq_len, text_seq_next_ok) that the screens' terminal
 * decoder uses says exactly what text_decode says, for every sequence of up to four
 * bytes made of the bytes where UTF-8's ranges change. */
static void test_seq_bytes(void)
{
	static const unsigned char edge[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
					      0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
					      0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF };
	const size_t ne = sizeof edge;
	int bad = 0;

	for (size_t a = 0; a < ne; a++)
		for (size_t b = 0; b < ne; b++)
			for (size_t c = 0; c < ne; c++)
				for (size_t d = 0; d < ne; d++) {
					unsigned char s[4] = { edge[a], edge[b], edge[c], edge[d] };
					size_t len = text_seq_len(s[0]), ok = len, k;
					uint32_t cp;

					for (size_t i = 1; i < len && ok; i++)
						if (!text_seq_next_ok(s[0], i, s[i]))
							ok = 0;
					k = text_decode((const char *)s, 4, &cp);
					if (ok ? k != len || cp == 0xFFFD : k != 1 || cp != 0xFFFD)
						bad++;
				}
	CHECK_INT(bad, 0);
	{
		uint32_t cp;

		CHECK_INT(text_decode_str("\xE4\xB8", &cp), 1);	/* cut by the NUL */
		CHECK_INT(cp, 0xFFFD);
		CHECK_INT(text_decode_str("中", &cp), 3);
		CHECK_INT(cp, 0x4E2D);
	}
}

/* Width rules: the print rule and a terminal measured wide count East Asian Ambiguous
 * characters two columns; the screen rule and a narrow terminal one. */
static void test_rules(void)
{
	static const char *const amb[] = { "“", "”", "—", "·", "□", "○", "①", "…", "√", "℃" };
	struct text_rule wide, narrow;

	setlocale(LC_CTYPE, "C.UTF-8");
	wide = text_terminal_rule(2);
	narrow = text_terminal_rule(1);
	for (size_t i = 0; i < sizeof amb / sizeof amb[0]; i++) {
		uint32_t cp;

		text_decode_str(amb[i], &cp);
		CHECK(text_is_ambiguous(cp));
		CHECK_INT(text_cpwidth_r(&text_print_rule, cp), 2);
		CHECK_INT(text_cpwidth_r(&text_screen_rule, cp), 1);
		CHECK_INT(text_cpwidth_r(&wide, cp), 2);
		CHECK_INT(text_cpwidth_r(&narrow, cp), 1);
	}
	CHECK(!text_is_ambiguous('A'));
	CHECK(!text_is_ambiguous(0x4E2D));
	CHECK_INT(text_width_r(&text_print_rule, "“中”A"), 7);
	CHECK_INT(text_width_r(&text_screen_rule, "“中”A"), 5);
	CHECK_INT(text_width_r(&narrow, "中文a"), 5);
	/* A control character is one blank on a terminal, nothing in the tables. */
	CHECK_INT(text_cpwidth_r(&narrow, 0x07), 1);
	CHECK_INT(text_cpwidth_r(&text_screen_rule, 0x07), 0);
	CHECK_INT(text_fit_r(&text_print_rule, "“一”", 3), strlen("“"));
	CHECK_INT(text_fit_r(&text_screen_rule, "“一”", 3), strlen("“一"));
	setlocale(LC_CTYPE, "C");
}

/* The rows textedit lays text out in at width w, as strings, the hanging space at a
 * soft break dropped as text_wrap drops it. */
static int editor_rows(const char *text, int w, const struct text_rule *rule, char ***out)
{
	struct textedit *te = textedit_new(text, 0);
	const uint32_t *c;
	int n;

	textedit_set_rule(te, rule);
	textedit_set_size(te, w, 1);
	n = textedit_nrows(te);
	c = textedit_chars(te);
	*out = xcalloc((size_t)n, sizeof **out);
	for (int r = 0; r < n; r++) {
		const struct textedit_row *row = textedit_row(te, r);
		size_t end = row->end;
		struct strbuf sb = STRBUF_INIT;

		while (end > row->start && (!row->hard && r < n - 1 ? 1 : row->width > w)) {
			size_t k = end - 1;

			while (k > row->start && textedit_cpwidth_at(te, k) == 0 && c[k] != ' ')
				k--;
			if (c[k] != ' ')
				break;
			end = k;
		}
		strbuf_add(&sb, "", 0);
		for (size_t i = row->start; i < end; i++) {
			char mb[4];

			strbuf_add(&sb, mb, text_encode(c[i], mb));
		}
		(*out)[r] = strbuf_detach(&sb);
	}
	textedit_free(te);
	return n;
}

/*
 * One line-breaking rule: a box shows the same rows whether the editor has it or the
 * form screen previews it (text_wrap_r). "abcdef well-known ghijk" at 14 columns was
 * two rows in text_wrap (a break after well-) and three in the editor.
 */
static void test_one_breaking_rule(void)
{
	static const char *const texts[] = {
		"abcdef well-known ghijk",
		"组织干部职工观看警示教育片，学习“安全生产法”——全文。",
		"理论学习中心组学习（3）次，参与（20）人次；well-known words and more words",
		"电话 022-29240881 转 8001，联系人：张三（安全科）",
		"a  b   c    d     e",
		"中中中中中中中中中中中中中中中中中中中中中中中中中中中中",
		"“引号”开头的句子，以及。。。连续的标点！！！还有（（括号））",
		"e\xCC\x81t\xC3\xA9 caf\xC3\xA9 na\xC3\xAFve \xE2\x81\xA0glued\xE2\x81\xA0 words",
		"第一段\n\n第三段，很长很长很长很长很长很长很长很长很长很长很长的一段",
	};
	char **a, **b;
	int na, nb;

	na = text_wrap("abcdef well-known ghijk", 14, &a);
	nb = editor_rows("abcdef well-known ghijk", 14, &text_screen_rule, &b);
	CHECK_INT(na, 2);
	CHECK_INT(nb, 2);
	CHECK_STR(a[0], "abcdef well-");
	CHECK_STR(b[0], "abcdef well-");
	text_lines_free(a, na);
	text_lines_free(b, nb);
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
		for (int rule = 0; rule < 2; rule++)
			for (int w = 2; w <= 40; w++) {
				const struct text_rule *r = rule ? &text_print_rule : &text_screen_rule;

				na = text_wrap_r(r, texts[t], w, &a);
				nb = editor_rows(texts[t], w, r, &b);
				if (na != nb) {
					printf("#   \"%s\" at %d: %d rows, editor %d\n", texts[t], w, na,
					       nb);
					CHECK(0);
				}
				for (int i = 0; i < na && i < nb; i++)
					if (strcmp(a[i], b[i]) != 0) {
						printf("#   \"%s\" at %d, row %d: [%s] editor [%s]\n",
						       texts[t], w, i, a[i], b[i]);
						CHECK(0);
					}
				text_lines_free(a, na);
				text_lines_free(b, nb);
			}
}

/* Text that goes on after something on its row: the first row is shorter, and empty
 * when not even one character fits there. */
static void test_wrap_from(void)
{
	char **l;
	int n = text_wrap_from(&text_screen_rule, "一二三四五六", 5, 8, &l);

	CHECK_INT(n, 2);
	CHECK_STR(l[0], "一二");
	CHECK_STR(l[1], "三四五六");
	text_lines_free(l, n);
	n = text_wrap_from(&text_screen_rule, "一二三", 1, 8, &l);
	CHECK_INT(n, 2);
	CHECK_STR(l[0], "");
	CHECK_STR(l[1], "一二三");
	text_lines_free(l, n);
	/* the closing mark takes the character before it down */
	n = text_wrap_from(&text_screen_rule, "人次，参与", 4, 20, &l);
	CHECK_INT(n, 2);
	CHECK_STR(l[0], "人");
	CHECK_STR(l[1], "次，参与");
	text_lines_free(l, n);
}

/* Unicode 15's new marks are zero-width (the old hand-made table had none of them). */
static void test_unicode15(void)
{
	static const uint32_t marks[] = { 0x0ECE, 0x10EFD, 0x11241, 0x11F00, 0x11F36, 0x13440,
					  0x1E08F, 0x1E4EC };

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		CHECK_INT(text_cpwidth(marks[i]), 0);
	CHECK_INT(text_cpwidth(0x00AD), 1);	/* the soft hyphen is shown */
	CHECK_INT(text_cpwidth(0x0600), 1);	/* a prepended mark is visible */
	CHECK_INT(text_cpwidth(0x1160), 0);	/* Jamo vowels join the consonant */
	CHECK_INT(text_cpwidth(0x3400), 2);
	CHECK_INT(text_cpwidth(0x2FFF0), 2);	/* unassigned in plane 2: wide */
	CHECK_INT(text_cpwidth(0x31350), 2);	/* assigned in Unicode 15 (Ext. H) */
}

/* The committed tables are what tools/gen-width.py makes from the Unicode data files
 * (Debian's unicode-data), when they are installed. */
static int tables_generated(void)
{
	char path[64], *cmd;
	FILE *a, *b;
	int same = 1, ca, cb, rc;

	/* Both builds run this at once: one file each. */
	snprintf(path, sizeof path, "build/text_tables.check.%ld", (long)getpid());
	cmd = xasprintf("/usr/bin/python3 tools/gen-width.py /usr/share/unicode > %s", path);
	rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		remove(path);
		return -1;
	}
	a = fopen(path, "rb");
	b = fopen("src/core/text_tables.h", "rb");
	if (a == NULL || b == NULL) {
		same = 0;
	} else {
		do {
			ca = getc(a);
			cb = getc(b);
			if (ca != cb)
				same = 0;
		} while (same && ca != EOF);
	}
	if (a != NULL)
		fclose(a);
	if (b != NULL)
		fclose(b);
	remove(path);
	return same;
}

static void test_tables_generated(void)
{
	CHECK_INT(tables_generated(), 1);
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
	TEST_RUN(test_seq_bytes);
	TEST_RUN(test_rules);
	TEST_RUN(test_one_breaking_rule);
	TEST_RUN(test_wrap_from);
	TEST_RUN(test_unicode15);
	if (access("/usr/share/unicode/EastAsianWidth.txt", R_OK) != 0 ||
	    access("/usr/share/unicode/UnicodeData.txt", R_OK) != 0 ||
	    access("/usr/bin/python3", X_OK) != 0) {
		TEST_SKIP(test_tables_generated, "no /usr/share/unicode (apt-get install unicode-data)");
	} else {
		TEST_RUN(test_tables_generated);
	}
	return test_done();
}
