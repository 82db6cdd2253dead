/* test_import.c - reading received files: tianbiao's own CSV, the same after LibreOffice
 * (GBK, ';', UTF-16 "Unicode text"), what Excel does by hand, every bad input of the district
 * issue, comparing and digests, SHA-256.
 *
 * Fixtures are tests/data/import/ (how they were made: make.sh there). LibreOffice made
 * them on 2026-12-01 and turned 6月16日 into 6/16/26, so the tests that read them say that
 * today is 2026-12-01. */
#include <stdlib.h>

#include "core/config.h"
#include "core/fileio.h"
#include "core/import.h"
#include "core/sha256.h"
#include "core/text.h"
#include "test.h"

#define DATA "tests/data/import/"

static struct form **forms;
static int nforms;

/* A fixture's bytes (NULL and a FAIL line when missing). */
static char *fixture(const char *name, size_t *len)
{
	char *path = xasprintf(DATA "%s", name), *data = NULL, *cause = NULL;

	if (fileio_read(path, &data, len, &cause) != 0) {
		printf("#   %s: %s\n", path, cause);
		test_failed_checks++;
		free(cause);
		data = xstrdup("");
		*len = 0;
	}
	free(path);
	return data;
}

/* Read bytes against the shipped forms. */
static struct import_file *imp(const char *bytes, size_t len)
{
	return import_read(bytes, len, forms, nforms);
}

/* Read a string. */
static struct import_file *imps(const char *s)
{
	return imp(s, strlen(s));
}

/* Read a fixture. */
static struct import_file *impf(const char *name)
{
	size_t len;
	char *b = fixture(name, &len);
	struct import_file *f = imp(b, len);

	free(b);
	return f;
}

/* A value of the candidate by field id (row -1 for top-level fields). */
static const char *val(const struct import_file *f, const char *id, int row)
{
	int i;

	if (f->rec == NULL)
		return "(no record)";
	i = form_field_index(f->form, id);
	if (i < 0)
		return "(no such field)";
	return record_get(f->rec, i, row);
}

/* Is there a problem (of this level, 0 = any) whose message holds sub? */
static int problem_has(const struct import_file *f, int level, const char *sub)
{
	for (int i = 0; i < f->nproblems; i++)
		if ((level == 0 || (int)f->problems[i].level == level) &&
		    strstr(f->problems[i].msg, sub) != NULL)
			return 1;
	return 0;
}

/* Is there a note holding sub? */
static int note_has(const struct import_file *f, const char *sub)
{
	for (int i = 0; i < f->nnotes; i++)
		if (strstr(f->notes[i], sub) != NULL)
			return 1;
	return 0;
}

/* Print what was read, for a failing check. */
static void show(const struct import_file *f)
{
	printf("#     refused: %s\n", f->refused ? f->refused : "-");
	for (int i = 0; i < f->nproblems; i++)
		printf("#     problem %d: %s [%s]\n", f->problems[i].level, f->problems[i].msg,
		       f->problems[i].found ? f->problems[i].found : "");
	for (int i = 0; i < f->nnotes; i++)
		printf("#     note: %s\n", f->notes[i]);
}

/* The file was refused with a reason holding sub. */
static void expect_refused(struct import_file *f, const char *sub, int line)
{
	if (f->refused == NULL || strstr(f->refused, sub) == NULL) {
		printf("#   line %d: want refused with [%s]\n", line, sub);
		show(f);
		test_failed_checks++;
	}
	if (f->refused != NULL && f->rec != NULL) {
		printf("#   line %d: refused but a record is set\n", line);
		test_failed_checks++;
	}
	import_file_free(f);
}

/* s with the first occurrence of from replaced by to (all when all). */
static char *replace(const char *s, const char *from, const char *to, int all)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s, *q;
	size_t n = strlen(from);

	strbuf_add(&sb, "", 0);
	while ((q = strstr(p, from)) != NULL) {
		strbuf_add(&sb, p, (size_t)(q - p));
		strbuf_adds(&sb, to);
		p = q + n;
		if (!all)
			break;
	}
	strbuf_adds(&sb, p);
	return strbuf_detach(&sb);
}

/* The digest of a fixture as read (for "the same values" checks). */
static void digest_of(const char *name, char out[65])
{
	struct import_file *f = impf(name);

	snprintf(out, 65, "%s", f->refused == NULL ? f->digest : "refused");
	import_file_free(f);
}

/* The digest of a text as read. */
static void digest_of_text(const char *text, char out[65])
{
	struct import_file *f = imps(text);

	snprintf(out, 65, "%s", f->refused == NULL ? f->digest : "refused");
	import_file_free(f);
}

/* ---------------------------------------------------------------- SHA-256 */

static void test_sha256(void)
{
	char hex[65];
	struct sha256 c;
	unsigned char dig[32];
	char *million = xmalloc(1000000);

	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	sha256_hex(million, 1000000, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* In uneven pieces, crossing block boundaries. */
	sha256_init(&c);
	for (size_t i = 0, k = 1; i < 1000000; i += k, k = k * 3 % 97 + 1)
		sha256_update(&c, million + i, i + k > 1000000 ? 1000000 - i : k);
	sha256_final(&c, dig);
	sha256_tohex(dig, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* ---------------------------------------------------------------- tianbiao's own files */

static void test_own_files(void)
{
	struct import_file *f = impf("orig-stats.csv");

	CHECK(f->refused == NULL);
	CHECK_INT(f->enc, IMPORT_ENC_UTF8_BOM);
	CHECK_INT(f->sep, ',');
	CHECK_STR(f->unit, "宝坻区大白庄镇人民政府");
	CHECK_STR(f->form_id, "stats");
	CHECK_STR(f->version, "2021.1");
	CHECK_INT(strlen(f->uuid), 32);
	CHECK(f->revision > 0);
	CHECK(f->updated == NULL);	/* a file of 0.1 */
	CHECK_STR(val(f, "study_times", -1), "3");
	CHECK_STR(val(f, "film_sessions", -1), "0");	/* 0 stays 0 */
	CHECK_STR(val(f, "film_people", -1), NULL);	/* blank stays blank */
	CHECK_STR(val(f, "film_studied", -1), "是");
	CHECK_STR(val(f, "platform_used", -1), "否");
	CHECK_STR(val(f, "report_date", -1), "6月16日");
	CHECK_INT(f->nhard, 0);
	CHECK_INT(f->nnotes, 0);
	CHECK_INT(strlen(f->digest), 64);
	if (test_failed_checks)
		show(f);
	import_file_free(f);

	f = impf("orig-liaison.csv");
	CHECK(f->refused == NULL);
	CHECK_STR(val(f, "mobile", -1), "18222169302");	/* ="…" undone */
	CHECK_STR(val(f, "wechat", -1), "=wx_zhang");		/* '= undone */
	CHECK_STR(val(f, "office_phone", -1), "022-29240881");
	CHECK_INT(f->nhard, 0);
	CHECK(problem_has(f, CHECK_SOFT, "微信号"));		/* soft: listed and kept */
	import_file_free(f);

	f = impf("orig-plan.csv");
	CHECK(f->refused == NULL);
	CHECK_INT(f->rec != NULL ? f->rec->nrows[0] : -1, 2);
	CHECK_STR(val(f, "date", 0), "6月16日");
	CHECK_STR(val(f, "date", 1), "6月5日至6月30日");
	CHECK_STR(val(f, "outputs", 0), "安全贴士、其他：宣传海报");
	CHECK(val(f, "content", 0) != NULL && strstr(val(f, "content", 0), "\"引号\"") != NULL);
	CHECK(val(f, "content", 0) != NULL && strchr(val(f, "content", 0), '\n') != NULL);
	CHECK_STR(val(f, "place", 1), NULL);
	CHECK_STR(val(f, "unit_name", -1), "宝坻区大白庄镇人民政府");
	CHECK_INT(f->nhard, 0);
	import_file_free(f);
}

/* ---------------------------------------------------------------- through LibreOffice */

static void test_libreoffice(void)
{
	static const char *const ids[] = { "liaison", "plan", "stats" };

	setenv("TIANBIAO_TODAY", "2026-12-01", 1);
	config_load();
	for (size_t i = 0; i < 3; i++) {
		char orig[65], name[64];
		struct import_file *f;

		snprintf(name, sizeof name, "orig-%s.csv", ids[i]);
		digest_of(name, orig);
		snprintf(name, sizeof name, "lo-gbk-%s.csv", ids[i]);
		f = impf(name);
		CHECK(f->refused == NULL);
		CHECK_INT(f->enc, IMPORT_ENC_GB18030);
		CHECK_STR(f->digest, orig);	/* the very same values */
		CHECK_INT(f->nhard, 0);
		if (strcmp(ids[i], "liaison") != 0)
			CHECK(note_has(f, "日期被电子表格改写过（如“6/16/26”），年份已按本次活动的2021年"));
		if (test_failed_checks)
			show(f);
		import_file_free(f);

		snprintf(name, sizeof name, "lo-semi-%s.csv", ids[i]);
		f = impf(name);
		CHECK_INT(f->sep, ';');
		CHECK_INT(f->enc, IMPORT_ENC_UTF8);
		CHECK_STR(f->digest, orig);
		import_file_free(f);

		snprintf(name, sizeof name, "lo-utf16-%s.txt", ids[i]);
		f = impf(name);
		CHECK_INT(f->sep, '\t');
		CHECK_INT(f->enc, IMPORT_ENC_UTF16LE);
		CHECK_STR(f->digest, orig);
		import_file_free(f);

		snprintf(name, sizeof name, "lo-%s.xlsx", ids[i]);
		expect_refused(impf(name), "Excel 工作簿（.xlsx）", __LINE__);
		snprintf(name, sizeof name, "orig-%s.txt", ids[i]);
		expect_refused(impf(name), "导出的文本文件", __LINE__);
	}
	/* Excel's "文本文件（制表符分隔）" on Chinese Windows: GBK, TAB between cells. */
	{
		char orig[65];
		struct import_file *f;

		digest_of("orig-stats.csv", orig);
		f = impf("lo-gbktab-stats.txt");
		CHECK(f->refused == NULL);
		CHECK_INT(f->enc, IMPORT_ENC_GB18030);
		CHECK_INT(f->sep, '\t');
		CHECK_STR(f->digest, orig);
		CHECK(note_has(f, "年份已按本次活动的2021年"));
		import_file_free(f);
	}
	/* In 2021 itself, 6/16/26 is a real date of 2026: kept with its year (and soft). */
	setenv("TIANBIAO_TODAY", "2021-06-20", 1);
	config_load();
	{
		struct import_file *f = impf("lo-gbk-stats.csv");

		CHECK_STR(val(f, "report_date", -1), "2026年6月16日");
		CHECK(!note_has(f, "改写"));
		import_file_free(f);
	}
	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	config_load();
}

/* ---------------------------------------------------------------- what Excel does */

/* The liaison file with one cell changed (from -> to), read. */
static struct import_file *liaison_with(const char *from, const char *to)
{
	size_t len;
	char *b = fixture("orig-liaison.csv", &len), *t = replace(b, from, to, 1);
	struct import_file *f = imps(t);

	free(t);
	free(b);
	return f;
}

static void test_excel(void)
{
	struct import_file *f;
	char orig[65];

	digest_of("orig-liaison.csv", orig);
	/* A mobile number shown as 1.82222E+10 and saved so: the digits are gone. */
	f = liaison_with("\"=\"\"18222169302\"\"\"", "1.82222E+10");
	CHECK(f->refused == NULL);
	CHECK_STR(val(f, "mobile", -1), NULL);
	CHECK(problem_has(f, CHECK_HARD, "手机：被电子表格改成了科学计数法（1.82222E+10）"));
	CHECK(problem_has(f, CHECK_HARD, "重新导出发送"));
	CHECK_INT(f->nhard, 1);
	CHECK_STR(val(f, "name", -1), "张三");		/* the rest is imported */
	import_file_free(f);
	/* ="…" lost on a second save: the digits themselves. */
	f = liaison_with("\"=\"\"18222169302\"\"\"", "18222169302");
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	/* ="…" kept but unquoted (written by hand or by WPS). */
	f = liaison_with("\"=\"\"18222169302\"\"\"", "=\"18222169302\"");
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	/* Digits typed with a leading ' to keep them text. */
	f = liaison_with("\"=\"\"18222169302\"\"\"", "'18222169302");
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	/* The leading ' before = dropped by the spreadsheet: the same text. */
	f = liaison_with("'=wx_zhang", "=wx_zhang");
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	/* The spreadsheet ran it as a formula. */
	f = liaison_with("'=wx_zhang", "#NAME?");
	CHECK(problem_has(f, CHECK_HARD, "微信号：在电子表格里被当成了公式，显示为“#NAME?”"));
	CHECK_STR(val(f, "wechat", -1), NULL);
	import_file_free(f);
	/* A value that fails its check: not taken, listed with what was found. */
	f = liaison_with("dbz@tj.gov.cn", "不是邮箱");
	CHECK(f->refused == NULL);
	CHECK_STR(val(f, "email", -1), "不是邮箱");	/* soft: kept and listed */
	CHECK(problem_has(f, CHECK_SOFT, "电子邮箱："));
	import_file_free(f);
	{
		size_t len;
		char *b = fixture("orig-stats.csv", &len), *t = replace(b, ",3,45,", ",很多,45,", 1);

		f = imps(t);
		CHECK(f->refused == NULL);
		CHECK_STR(val(f, "study_times", -1), NULL);
		CHECK(problem_has(f, CHECK_HARD, "理论学习中心组学习次数："));
		CHECK(problem_has(f, CHECK_HARD, "（文件里是“很多”），没有导入"));
		CHECK_STR(val(f, "study_people", -1), "45");
		import_file_free(f);
		free(t);
		free(b);
	}
}

/* Rows as a spreadsheet pads and trims them. */
static void test_rows(void)
{
	size_t len;
	char *b = fixture("orig-stats.csv", &len), *t, *u;
	char orig[65];
	struct import_file *f;

	digest_of("orig-stats.csv", orig);
	/* Trailing empty rows, with and without separators, CRLF or LF. */
	t = xasprintf("%s,,,,,,,,,\r\n\r\n,,,\n\n", b);
	f = imps(t);
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	free(t);
	/* A short data row (a spreadsheet cut its trailing blank cells), padded on reading:
	 * the same values as the full row with the last cell blank. */
	t = replace(b, "否\r\n", "\r\n", 1);
	u = xstrdup(t);
	{
		char *end = u + strlen(u) - 2, *q = end;	/* the data row's CRLF */

		while (q[-1] == ',')
			q--;
		memmove(q, end, strlen(end) + 1);
		CHECK(q < end - 30);	/* some 35 cells cut */
	}
	digest_of_text(t, orig);
	f = imps(u);
	CHECK(f->refused == NULL);
	CHECK_STR(f->digest, orig);
	CHECK_STR(val(f, "film_sessions", -1), "0");
	CHECK_STR(val(f, "platform_used", -1), NULL);
	CHECK_INT(f->nnotes, 0);
	import_file_free(f);
	free(u);
	free(t);
	digest_of("orig-stats.csv", orig);
	/* Extra blank columns after the last (a spreadsheet's used range). */
	t = replace(b, "是否使用全国安全宣教和应急科普平台\r\n", "是否使用全国安全宣教和应急科普平台,,\r\n", 1);
	u = replace(t, "否\r\n", "否,,\r\n", 1);
	f = imps(u);
	CHECK_STR(f->digest, orig);
	CHECK_INT(f->nnotes, 0);
	import_file_free(f);
	free(u);
	free(t);
	/* LF line ends and no final line end. */
	t = replace(b, "\r\n", "\n", 1);
	u = xstrndup(t, strlen(t) - 1);
	f = imps(u);
	CHECK(f->refused == NULL);
	CHECK_STR(f->digest, orig);
	import_file_free(f);
	free(u);
	free(t);
	free(b);
}

/* Dates a spreadsheet rewrote, in the plan's 时间 column. */
static void test_dates(void)
{
	static const struct {
		const char *today, *cell, *want;
	} cases[] = {
		{ "2021-06-03", "2021/6/16", "6月16日" },
		{ "2021-06-03", "2021-06-16", "6月16日" },
		{ "2021-06-03", "2021-06-16 00:00:00", "6月16日" },
		{ "2021-06-03", "6/16/21", "6月16日" },
		{ "2021-06-03", "6/16/2021", "6月16日" },
		{ "2021-06-03", "44363", "6月16日" },		/* a date serial number */
		{ "2026-12-01", "6/16/26", "6月16日" },		/* 6月16日 became this year */
		{ "2026-12-01", "2026/6/16", "6月16日" },
		{ "2027-01-05", "2026-06-16", "6月16日" },		/* last year's save */
		{ "2021-06-03", "2022/1/5", "2022年1月5日" },	/* a real other year stays */
		{ "2026-12-01", "2020/6/16", "2020年6月16日" },
		{ "2021-06-03", "6月16日", "6月16日" },
		{ "2021-06-03", "6月5日至6月30日", "6月5日至6月30日" },
	};
	size_t len;
	char *b = fixture("orig-plan.csv", &len);

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = replace(b, ",6月16日,", "", 1), *cell = xasprintf(",%s,", cases[i].cell);
		struct import_file *f;

		free(t);
		t = replace(b, ",6月16日,", cell, 1);
		setenv("TIANBIAO_TODAY", cases[i].today, 1);
		config_load();
		f = imps(t);
		if (f->refused != NULL || val(f, "date", 0) == NULL ||
		    strcmp(val(f, "date", 0), cases[i].want) != 0) {
			printf("#   %s on %s: got [%s], want [%s]\n", cases[i].cell, cases[i].today,
			       f->refused ? f->refused : val(f, "date", 0), cases[i].want);
			test_failed_checks++;
		}
		import_file_free(f);
		free(cell);
		free(t);
	}
	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	config_load();
	free(b);
}

/* ---------------------------------------------------------------- columns */

/* Swap two comma-separated columns in every line of a simple CSV (no quoted commas). */
/* The second data row of the plan fixture (its line end before it). */
static const char *second_row(const char *plan)
{
	const char *first = strstr(plan, "\r\n宝坻区大白庄镇人民政府,plan,");

	return first != NULL ? strstr(first + 2, "\r\n宝坻区大白庄镇人民政府,plan,") : NULL;
}

static char *swap_cols(const char *s, int a, int b)
{
	struct strbuf out = STRBUF_INIT;
	char *copy = xstrdup(s), *save = NULL;

	strbuf_add(&out, "", 0);
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *cells[64];
		int n = 0;
		char *p = line;

		if (*p != '\0' && p[strlen(p) - 1] == '\r')
			p[strlen(p) - 1] = '\0';
		cells[n++] = p;
		while ((p = strchr(p, ',')) != NULL && n < 64) {
			*p++ = '\0';
			cells[n++] = p;
		}
		if (a < n && b < n) {
			char *tmp = cells[a];

			cells[a] = cells[b];
			cells[b] = tmp;
		}
		for (int i = 0; i < n; i++)
			strbuf_addf(&out, "%s%s", i ? "," : "", cells[i]);
		strbuf_adds(&out, "\r\n");
	}
	free(copy);
	return strbuf_detach(&out);
}

static void test_columns(void)
{
	size_t len;
	char *b = fixture("orig-stats.csv", &len), *t;
	char orig[65];
	struct import_file *f;

	digest_of("orig-stats.csv", orig);
	/* Meta and field columns in another order: matched by label. */
	t = swap_cols(b, 0, 4);
	f = imps(t);
	CHECK(f->refused == NULL);
	CHECK_STR(f->digest, orig);
	free(t);
	import_file_free(f);
	t = swap_cols(b, 9, 46);
	f = imps(t);
	CHECK_STR(f->digest, orig);
	if (test_failed_checks)
		show(f);
	CHECK_STR(val(f, "study_times", -1), "3");
	free(t);
	import_file_free(f);
	/* A column the district's form lacks: named, values not taken. */
	t = replace(b, "理论学习中心组学习参与人次", "学习参与人数", 1);
	f = imps(t);
	CHECK(f->refused == NULL);
	CHECK(note_has(f, "有1列不在本区的表单“活动进展情况统计表”里：“学习参与人数”"));
	CHECK_STR(val(f, "study_people", -1), NULL);
	free(t);
	import_file_free(f);
	/* The same label twice: refused, naming both columns. */
	t = replace(b, "理论学习中心组学习参与人次", "理论学习中心组学习次数", 1);
	expect_refused(imps(t), "有两列都叫“理论学习中心组学习次数”（J列和K列）", __LINE__);
	free(t);
	t = replace(b, "修订号", "提交编号", 1);
	expect_refused(imps(t), "有两列都叫“提交编号”", __LINE__);
	free(t);
	/* Meta columns deleted. */
	t = replace(b, "提交编号", "编号", 1);
	expect_refused(imps(t), "缺少“提交编号”列", __LINE__);
	free(t);
	t = replace(b, "修订号", "版本号", 1);
	expect_refused(imps(t), "缺少“修订号”列", __LINE__);
	free(t);
	/* All five meta columns deleted: the form is named, and what to ask for. */
	{
		struct strbuf sb = STRBUF_INIT;
		const char *p = b + 3;	/* after the BOM */

		strbuf_add(&sb, "", 0);
		while (*p != '\0') {
			for (int k = 0; k < 5 && *p != '\0'; p++)
				k += *p == ',';
			while (*p != '\0' && *p != '\n')
				strbuf_addc(&sb, *p++);
			if (*p == '\n')
				strbuf_addc(&sb, *p++);
		}
		CHECK(str_starts(sb.buf, "填报单位（盖章）,"));
		expect_refused(imps(sb.buf), "文件的各列是附件3《活动进展情况统计表》的，但第一行缺少"
			       "“表单编号”“提交编号”“修订号”这些列", __LINE__);
		strbuf_free(&sb);
	}
	/* A different form version: a note, imported by label. */
	t = replace(b, ",2021.1,", ",2020.2,", 1);
	f = imps(t);
	CHECK(f->refused == NULL);
	CHECK(note_has(f, "2020.2版，本区用的是2021.1版"));
	CHECK_STR(f->digest, orig);
	free(t);
	import_file_free(f);
	/* 修改时间 (the exports from 0.2 on) is read. */
	t = replace(b, "修订号,", "修订号,修改时间,", 1);
	{
		char *u = replace(t, ",stats,2021.1,", ",stats,2021.1,", 1);
		char *rev = strstr(u, "\r\n宝坻区");
		/* insert the time after the 5th cell of the data row */
		struct strbuf sb = STRBUF_INIT;
		const char *p = rev + 2;
		int commas = 0;

		strbuf_add(&sb, u, (size_t)(p - u));
		while (*p && commas < 5) {
			if (*p == ',')
				commas++;
			strbuf_addc(&sb, *p++);
		}
		strbuf_adds(&sb, "2021-06-10T09:30:00+08:00,");
		strbuf_adds(&sb, p);
		f = imps(sb.buf);
		CHECK(f->refused == NULL);
		CHECK_STR(f->updated, "2021-06-10T09:30:00+08:00");
		CHECK_STR(f->digest, orig);
		import_file_free(f);
		strbuf_free(&sb);
		free(u);
	}
	free(t);
	free(b);
}

/* ---------------------------------------------------------------- group rows */

static void test_groups(void)
{
	size_t len;
	char *b = fixture("orig-plan.csv", &len), *t;
	char orig[65];
	struct import_file *f;
	struct strbuf sb = STRBUF_INIT;

	digest_of("orig-plan.csv", orig);
	/* Rows sorted differently in a spreadsheet: 序号 gives the unit's order back. */
	{
		const char *r1 = strstr(b, "\r\n") + 2, *r2 = second_row(b);

		CHECK(r2 != NULL);
		if (r2 != NULL) {
			strbuf_add(&sb, b, (size_t)(r1 - b));
			strbuf_adds(&sb, r2 + 2);
			strbuf_adds(&sb, "\r\n");
			strbuf_add(&sb, r1, (size_t)(r2 - r1));
			strbuf_adds(&sb, "\r\n");
			f = imps(sb.buf);
			CHECK_STR(f->digest, orig);
			CHECK_STR(val(f, "kind", 0), "开展“6·16安全宣传咨询日”活动");
			import_file_free(f);
		}
	}
	/* A top-level value changed in one row only: which one is right is not known. */
	t = replace(b, ",2,宝坻区大白庄镇人民政府,", ",2,大白庄镇,", 1);
	f = imps(t);
	CHECK(f->refused == NULL);
	CHECK(problem_has(f, CHECK_HARD, "镇街（部门）：第2行是“宝坻区大白庄镇人民政府”，第3行却是“大白庄镇”"));
	CHECK_STR(val(f, "unit_name", -1), NULL);
	free(t);
	import_file_free(f);
	/* More rows than the form allows. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "填报单位,表单编号,表单版本,提交编号,修订号,序号,活动名称,时间,活动主要内容,主办单位\n");
	for (int i = 1; i <= 52; i++)
		strbuf_addf(&sb, "甲镇,plan,2021.1,0123456789abcdef0123456789abcdef,1,%d,活动%d,6月%d日,内容,甲镇\n",
			    i, i, i % 28 + 1);
	f = imps(sb.buf);
	CHECK(f->refused == NULL);
	CHECK_INT(f->rec ? f->rec->nrows[0] : -1, 50);
	CHECK(problem_has(f, CHECK_HARD, "重点活动：最多填写50项，文件里有52项，第51项起的2项没有导入"));
	import_file_free(f);
	/* A group without rows: the one row with a blank 序号 is no group row. */
	f = imps("填报单位,表单编号,表单版本,提交编号,修订号,序号,镇街（部门）,活动名称\r\n"
		 "甲镇,plan,2021.1,0123456789ABCDEF0123456789abcdef,2,,甲镇,\r\n");
	CHECK(f->refused == NULL);
	CHECK_STR(f->uuid, "0123456789abcdef0123456789abcdef");
	CHECK_INT(f->rec ? f->rec->nrows[0] : -1, 0);
	CHECK(problem_has(f, CHECK_SOFT, "重点活动：至少填写1项"));
	import_file_free(f);
	strbuf_free(&sb);
	free(b);
}

/* ---------------------------------------------------------------- bad input */

static void test_bad_input(void)
{
	size_t len;
	char *b = fixture("orig-stats.csv", &len), *t, *big;
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 };
	static const unsigned char noise[] = { 0x00, 0x13, 0xff, 0x80, 0x81, 0x00, 0x07, 0x9a };

	expect_refused(imp("", 0), "文件是空的", __LINE__);
	expect_refused(imp((const char *)png, sizeof png), "图片", __LINE__);
	expect_refused(imp((const char *)noise, sizeof noise), "", __LINE__);
	expect_refused(imps("%PDF-1.4\n"), "PDF", __LINE__);
	expect_refused(imp("SQLite format 3\0\x10\0", 18), "数据库文件", __LINE__);
	expect_refused(imps("PK\x03\x04....word/document.xml"), "Word", __LINE__);
	expect_refused(imps("just some words\nand more\n"), "不是填表程序导出的 CSV", __LINE__);
	expect_refused(imps("姓名,电话,备注\n张三,123,\n"), "不是填表程序导出的 CSV", __LINE__);
	/* Another program's CSV that happens to have a 填报单位 column. */
	expect_refused(imps("填报单位,金额\n甲镇,100\n"), "不是填表程序导出的 CSV", __LINE__);
	/* A form the district does not have. */
	t = replace(b, ",stats,", ",budget,", 1);
	expect_refused(imps(t), "这是表单“budget”的文件，本区的表单里没有它（现有：liaison（附件1）",
		       __LINE__);
	free(t);
	/* Only the header. */
	t = xstrndup(b, (size_t)(strstr(b, "\r\n") - b) + 2);
	expect_refused(imps(t), "没有数据行", __LINE__);
	free(t);
	/* Cut off: inside a row, inside a quoted cell, inside a character. */
	t = xstrndup(b, len - 40);
	expect_refused(imps(t), "文件不完整", __LINE__);
	free(t);
	{
		size_t pl;
		char *p = fixture("orig-plan.csv", &pl);
		char *q = strstr(p, "设置咨询台");

		t = xstrndup(p, (size_t)(q - p) + 7);
		expect_refused(imps(t), "文件不完整：最后一个字只有一半", __LINE__);	/* half of 咨 */
		free(t);
		t = xstrndup(p, (size_t)(q - p) + 9);
		expect_refused(imps(t), "引号直到文件末尾都没有结束", __LINE__);
		free(t);
		free(p);
	}
	/* 100 MB. */
	big = xmalloc(100u * 1024 * 1024);
	memset(big, 'a', 100u * 1024 * 1024);
	expect_refused(imp(big, 100u * 1024 * 1024), "文件太大（100.0 MB）", __LINE__);
	free(big);
	/* Invalid UTF-8 that is not GB18030 either (0x80 and 0xFF lead no GB18030 character). */
	t = replace(b + 3, "李四", "李\x80\xff", 1);
	expect_refused(imps(t), "既不是 UTF-8，也不是 GBK/GB18030，第2行有乱码", __LINE__);
	free(t);
	/* With a UTF-8 mark, bad bytes are damage. */
	t = replace(b, "李四", "李\xff", 1);
	expect_refused(imps(t), "标明是 UTF-8 编码，但第2行有乱码", __LINE__);
	free(t);
	/* Valid GB18030 that is not UTF-8 is read as GB18030 (no mark). */
	{
		struct import_file *f;

		t = xstrdup(b + 3);	/* without the BOM */
		f = imps(t);
		CHECK_INT(f->enc, IMPORT_ENC_UTF8);
		import_file_free(f);
		free(t);
	}
	/* Rows of two units in one file. */
	{
		char *row = strstr(b, "\r\n") + 2;
		char *other = replace(row, "宝坻区大白庄镇人民政府,stats", "宝坻区周良街道,stats", 1);

		t = xasprintf("%s%s", b, other);
		expect_refused(imps(t), "第2行的填报单位是“宝坻区大白庄镇人民政府”，第3行却是“宝坻区周良街道”",
			       __LINE__);
		free(t);
		free(other);
	}
	/* 修订号 not a number. */
	{
		char *p = strstr(b, ",stats,2021.1,");
		char *rev = p + strlen(",stats,2021.1,") + 33;	/* after uuid and its comma */
		struct strbuf sb = STRBUF_INIT;

		strbuf_add(&sb, b, (size_t)(rev - b));
		strbuf_adds(&sb, "三");
		strbuf_adds(&sb, strchr(rev, ','));
		expect_refused(imps(sb.buf), "“修订号”不是正整数（文件里是“三”）", __LINE__);
		strbuf_free(&sb);
		/* The submission id damaged. */
		strbuf_add(&sb, b, (size_t)(p - b) + strlen(",stats,2021.1,"));
		strbuf_adds(&sb, "8.4659E+31");
		strbuf_adds(&sb, rev - 1);
		expect_refused(imps(sb.buf), "“提交编号”被电子表格改成了科学计数法", __LINE__);
		strbuf_free(&sb);
	}
	/* Blank unit (and no unit field filled). */
	t = replace(b, "\r\n宝坻区大白庄镇人民政府,stats", "\r\n,stats", 1);
	{
		char *u = replace(t, ",宝坻区大白庄镇人民政府,李四", ",,李四", 1);

		expect_refused(imps(u), "“填报单位”一栏是空的", __LINE__);
		free(u);
	}
	/* Blank unit, but the form's unit field has it. */
	{
		struct import_file *f = imps(t);

		CHECK(f->refused == NULL);
		CHECK_STR(f->unit, "宝坻区大白庄镇人民政府");
		import_file_free(f);
	}
	free(t);
	/* A quote in the middle of a quoted cell: damaged. */
	expect_refused(imps("填报单位,表单编号,表单版本,提交编号,修订号\n\"甲\"镇,stats,2021.1,x,1\n"),
		       "引号不配对", __LINE__);
	/* NUL inside otherwise plain text. */
	expect_refused(imp("填报单位,表单编号\n\0\0,stats\n", 24), "", __LINE__);
	free(b);
}

/* A row of another submission inside a file is refused too. */
static void test_two_submissions(void)
{
	const char *h = "填报单位,表单编号,表单版本,提交编号,修订号,序号,活动名称\n";
	char *t = xasprintf("%s甲镇,plan,2021.1,0123456789abcdef0123456789abcdef,1,1,甲\n"
			    "甲镇,plan,2021.1,ffffffffffffffffffffffffffffffff,1,1,乙\n", h);

	expect_refused(imps(t), "第2行的提交编号是“0123456789abcdef0123456789abcdef”，第3行却是", __LINE__);
	free(t);
	t = xasprintf("%s甲镇,plan,2021.1,0123456789abcdef0123456789abcdef,1,1,甲\n"
		      "甲镇,plan,2021.1,0123456789abcdef0123456789abcdef,2,2,乙\n", h);
	expect_refused(imps(t), "第2行的修订号是“1”，第3行却是“2”", __LINE__);
	free(t);
}

/* ---------------------------------------------------------------- comparing */

static void test_compare(void)
{
	struct import_file *a = impf("orig-plan.csv"), *b;
	struct import_diff *d;
	size_t len;
	char *t = fixture("orig-plan.csv", &len), *u;
	int n;

	u = replace(t, "镇政府广场", "文化广场", 1);
	b = imps(u);
	n = import_compare(a->rec, b->rec, &d);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(a->form->fields[d[0].field].id, "place");
		CHECK_INT(d[0].row, 0);
		CHECK_STR(d[0].a, "镇政府广场");
		CHECK_STR(d[0].b, "文化广场");
	}
	CHECK(strcmp(a->digest, b->digest) != 0);
	free(d);
	import_file_free(b);
	free(u);
	/* One row fewer. */
	u = xstrndup(t, (size_t)(second_row(t) - t) + 2);
	b = imps(u);
	n = import_compare(a->rec, b->rec, &d);
	CHECK(n >= 2);
	if (n >= 1) {
		CHECK_INT(d[0].field, -1);
		CHECK_INT(d[0].na, 2);
		CHECK_INT(d[0].nb, 1);
	}
	free(d);
	n = import_compare(a->rec, a->rec, &d);
	CHECK_INT(n, 0);
	CHECK(d == NULL);
	import_file_free(b);
	free(u);
	free(t);
	import_file_free(a);
}

/* ---------------------------------------------------------------- decoding */

static void test_decode(void)
{
	char *text = NULL, *cause = NULL;
	size_t n;
	enum import_enc e;

	CHECK_INT(import_decode("abc", 3, &text, &n, &e, &cause), 0);
	CHECK_INT(e, IMPORT_ENC_UTF8);
	CHECK_STR(text, "abc");
	free(text);
	/* GBK 中文 without a mark. */
	CHECK_INT(import_decode("\xd6\xd0\xce\xc4", 4, &text, &n, &e, &cause), 0);
	CHECK_INT(e, IMPORT_ENC_GB18030);
	CHECK_STR(text, "中文");
	free(text);
	/* UTF-16LE with and without a mark, UTF-16BE with one. */
	CHECK_INT(import_decode("\xff\xfe\x2d\x4e\x87\x65", 6, &text, &n, &e, &cause), 0);
	CHECK_INT(e, IMPORT_ENC_UTF16LE);
	CHECK_STR(text, "中文");
	free(text);
	CHECK_INT(import_decode("a\0,\0b\0\n\0c\0,\0d\0\n\0", 16, &text, &n, &e, &cause), 0);
	CHECK_INT(e, IMPORT_ENC_UTF16LE);
	CHECK_STR(text, "a,b\nc,d\n");
	free(text);
	CHECK_INT(import_decode("\xfe\xff\x4e\x2d", 4, &text, &n, &e, &cause), 0);
	CHECK_INT(e, IMPORT_ENC_UTF16BE);
	CHECK_STR(text, "中");
	free(text);
	/* UTF-16 cut in the middle of a character. */
	CHECK_INT(import_decode("\xff\xfe\x2d\x4e\x87", 5, &text, &n, &e, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "不完整") != NULL);
	free(cause);
	cause = NULL;
	/* A BOM twice (a spreadsheet added one to a file that had one). */
	CHECK_INT(import_decode("\xef\xbb\xbf\xef\xbb\xbf" "a", 7, &text, &n, &e, &cause), 0);
	CHECK_STR(text, "a");
	CHECK_INT(n, 1);
	free(text);
	CHECK_INT(import_separator("a;b;c\n", 6), ';');
	CHECK_INT(import_separator("a\tb\tc,d\n", 8), '\t');
	CHECK_INT(import_separator("\"a;b\",c\n", 8), ',');
	CHECK_INT(import_separator("abc\n,,,", 7), 0);
}

/* ---------------------------------------------------------------- roster files */

static void test_roster_names(void)
{
	char **names = NULL, *cause = NULL;
	int n;
	const char *text = "甲镇\n\n  乙镇 \r\n# 注释\n甲镇\n丙街道";

	n = import_roster_names(text, strlen(text), &names, NULL, NULL, &cause);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(names[0], "甲镇");
		CHECK_STR(names[1], "乙镇");
		CHECK_STR(names[2], "丙街道");
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	/* A one-column sheet saved as text: its heading is no unit (it became one before). */
	{
		static const char *const headed[] = {
			"单位\n甲镇\n乙镇\n", "\xef\xbb\xbf单位名称\r\n甲镇\r\n乙镇\r\n",
			"\n# 2021年\n 应报单位 \n甲镇\n乙镇", "宝坻区应报单位名单\n甲镇\n乙镇\n",
		};

		for (size_t k = 0; k < sizeof headed / sizeof headed[0]; k++) {
			n = import_roster_names(headed[k], strlen(headed[k]), &names, NULL, NULL,
						&cause);
			CHECK_INT(n, 2);
			if (n == 2) {
				CHECK_STR(names[0], "甲镇");
				CHECK_STR(names[1], "乙镇");
			} else {
				printf("#   file %zu: %d names, the first [%s]\n", k, n,
				       n > 0 ? names[0] : "");
			}
			for (int i = 0; i < n; i++)
				free(names[i]);
			free(names);
		}
		/* Only the first line can be a heading; a unit's long name is a unit. */
		const char *later = "甲镇\n单位\n宝坻区大白庄镇人民政府\n";

		n = import_roster_names(later, strlen(later), &names, NULL, NULL, &cause);
		CHECK_INT(n, 3);
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	/* A CSV with a 单位名称 column, in GBK as Excel saves it: 序号,单位名称 / 1,甲镇. */
	{
		const char gbk[] = "\xd0\xf2\xba\xc5,\xb5\xa5\xce\xbb\xc3\xfb\xb3\xc6\r\n"
				   "1,\xbc\xd7\xd5\xf2\r\n2,\xd2\xd2\xd5\xf2\r\n";

		n = import_roster_names(gbk, sizeof gbk - 1, &names, NULL, NULL, &cause);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_STR(names[0], "甲镇");
			CHECK_STR(names[1], "乙镇");
		}
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	/* Contacts beside the names: 联系人 and a phone heading; blank cells are none; a name
	 * given twice keeps the first contact given; a text file has none. */
	{
		const char *csv = "单位,联系人,手机\n甲镇,张三,13800000000\n乙镇,,\n甲镇,李四,1\n"
				  "丙镇,,022-29240881\n";
		char **persons = NULL, **phones = NULL;

		n = import_roster_names(csv, strlen(csv), &names, &persons, &phones, &cause);
		CHECK_INT(n, 3);
		if (n == 3) {
			CHECK_STR(persons[0], "张三");
			CHECK_STR(phones[0], "13800000000");
			CHECK(persons[1] == NULL && phones[1] == NULL);
			CHECK(persons[2] == NULL);
			CHECK_STR(phones[2], "022-29240881");
		}
		for (int i = 0; i < n; i++) {
			free(names[i]);
			free(persons[i]);
			free(phones[i]);
		}
		free(names);
		free(persons);
		free(phones);
		n = import_roster_names("甲镇\n", 7, &names, &persons, &phones, &cause);
		CHECK_INT(n, 1);
		CHECK(n == 1 && persons[0] == NULL && phones[0] == NULL);
		free(names[0]);
		free(names);
		free(persons);
		free(phones);
	}
	CHECK_INT(import_roster_names("序号,名称\n1,甲\n", 20, &names, NULL, NULL, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "没有“单位”") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(import_roster_names("\n\n", 2, &names, NULL, NULL, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "没有单位名称") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(import_roster_names("", 0, &names, NULL, NULL, &cause), -1);
	free(cause);
}

int main(void)
{
	char *cause = NULL;

	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	config_load();
	nforms = form_load_dir("forms", &forms, &cause);
	if (nforms != 3) {
		printf("FAIL forms: %s\n", cause ? cause : "?");
		return 1;
	}
	free(cause);
	TEST_RUN(test_sha256);
	TEST_RUN(test_decode);
	TEST_RUN(test_own_files);
	TEST_RUN(test_libreoffice);
	TEST_RUN(test_excel);
	TEST_RUN(test_rows);
	TEST_RUN(test_dates);
	TEST_RUN(test_columns);
	TEST_RUN(test_groups);
	TEST_RUN(test_bad_input);
	TEST_RUN(test_two_submissions);
	TEST_RUN(test_compare);
	TEST_RUN(test_roster_names);
	form_list_free(forms, nforms);
	return test_done();
}
