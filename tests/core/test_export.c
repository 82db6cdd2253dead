/* test_export.c - text and CSV exports: golden files of the shipped forms filled with awkward
 * values, line widths, CSV round trips in UTF-8 and GB18030, encodings, file names, writing.
 *
 * The golden files are tests/core/golden/export_<form>.txt; after a deliberate change
 * of the layout or of a shipped form, regenerate them with
 *     TB_GOLDEN_UPDATE=1 build/release/tests/test_export
 * and read the diff before committing. */
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/check.h"
#include "core/csv.h"
#include "core/export.h"
#include "core/fileio.h"
#include "core/text.h"
#include "test.h"

static char tmpdir[256];

/* 2021-06-05 09:00 in Beijing: the export time of every test (TZ is set in main). */
#define WHEN ((time_t)1622854800)

/* A very long text with every awkward thing in it. */
static const char long_text[] =
	"第一段：集中宣传安全生产政策法规、应急避险和自救互救知识，\"引号\"、'单引号'、逗号,"
	"以及 =SUM(A1:A9) 这样的公式文字；Emoji 😀👍🏻 与全角ＡＢＣ１２３混排。"
	"Supercalifragilisticexpialidocious-is-a-very-long-latin-word-that-must-be-split "
	"because no line can hold it.\n"
	"第二段：同步联合融媒体中心跟踪报道，发放宣传资料2000份，设置咨询台3个，现场解答群众"
	"提问120余次，全程无事故。\n"
	"=第三段以等号开头，+加号，-减号，@符号。";

/* Load a shipped form; NULL (and a note) when it is not there. */
static struct form *load(const char *path)
{
	char *cause = NULL;
	struct form *f = form_load(path, &cause);

	if (f == NULL) {
		printf("# %s: %s\n", path, cause);
		free(cause);
	}
	return f;
}

/* Set a field from what a clerk typed, through the checks as the program does. */
static void put(struct record *r, const char *id, int row, const char *typed)
{
	int i = form_field_index(r->form, id);
	struct check_result res;

	if (i < 0) {
		printf("#   no field %s in %s\n", id, r->form->id);
		test_failed_checks++;
		return;
	}
	check_value(r->form, &r->form->fields[i], typed, &res);
	if (res.level == CHECK_HARD) {
		printf("#   %s [%s]: %s\n", id, typed, res.msg);
		test_failed_checks++;
	}
	record_set(r, i, row, res.value);
	free(res.value);
}

/* Set a field directly (for values no check would produce). */
static void put_raw(struct record *r, const char *id, int row, const char *v)
{
	int i = form_field_index(r->form, id);

	CHECK(i >= 0 && record_set(r, i, row, v) == 0);
}

/* The shipped forms filled as a clerk might, awkward values included. */
static void fill(struct record *r)
{
	const struct form *f = r->form;

	record_set_meta(r, "宝坻区\"应急\"管理局,东区", "0123456789abcdef0123456789abcdef", 7,
			"2021-06-05T09:00:00+08:00");
	if (strcmp(f->id, "liaison") == 0) {
		put(r, "name", -1, "黄璐");
		put(r, "gender", -1, " 女 ");
		put(r, "position", -1, "=HYPERLINK(\"x\")");
		put(r, "office_phone", -1, "（０２２）２９２４０８８１");
		put(r, "mobile", -1, "+86 182 2216 9302");
		put(r, "fax", -1, "29240881转8001");
		put(r, "wechat", -1, "huang_lu-2021");
		put(r, "email", -1, "bdqyjj01＠tj．gov．cn");
		put(r, "unit_name", -1, "宝坻区\"应急\"管理局,东区");
		put(r, "address", -1, "天津市宝坻区南环路1号“应急管理局”203室😀，邮编301800");
	} else if (strcmp(f->id, "plan") == 0) {
		int g = form_group_index(f, "activities");

		put(r, "unit_name", -1, "宝坻区应急管理局");
		record_row_add(r, g);
		record_row_add(r, g);
		record_row_add(r, g);
		put(r, "kind", 0, "开展“6·16安全宣传咨询日”活动");
		put(r, "date", 0, "6.16");
		put(r, "place", 0, "宝坻区人民广场, 南门");
		put(r, "content", 0, long_text);
		put(r, "host", 0, "区安委会办公室");
		put(r, "assist", 0, "区融媒体中心、区消防救援支队");
		put(r, "division", 0, "办公室：总协调\n宣传科：资料\n执法科：咨询台");
		put(r, "outputs", 0, "安全贴士、企业宣传片、其他：展板, \"横幅\"");
		put(r, "kind", 1, "围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传");
		put(r, "date", 1, "6月5日至7月5日");
		put(r, "content", 1, "-宣传推广好的经验做法");
		/* row 3 stays blank: visibly blank in the text, empty cells in the CSV */
	} else if (strcmp(f->id, "stats") == 0) {
		put(r, "unit_name", -1, "宝坻区应急管理局");
		put(r, "contact", -1, "黄璐");
		put(r, "phone", -1, "022 2924 0881");
		put(r, "report_date", -1, "2021年6月25日");
		put(r, "study_times", -1, "３");
		put(r, "study_people", -1, "0");
		put(r, "film_studied", -1, "√");
		put(r, "film_sessions", -1, "1,200");
		put(r, "articles", -1, "007");
		put(r, "lectures", -1, "123456789");
		put(r, "platform_used", -1, "否");
	}
}

/* Every line of s is at most width columns. */
static void check_widths(const char *s, int width, const char *what)
{
	int line = 1;

	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		char *l = xstrndup(s, nl != NULL ? (size_t)(nl - s) : strlen(s));

		if (width > 0 && text_width_print(l) > width) {
			printf("#   %s line %d is %d columns (max %d): [%s]\n", what, line,
			       text_width_print(l), width, l);
			test_failed_checks++;
		}
		if (strchr(l, '\r') != NULL || (strlen(l) > 0 && l[strlen(l) - 1] == ' ')) {
			printf("#   %s line %d has CR or trailing space\n", what, line);
			test_failed_checks++;
		}
		free(l);
		if (nl == NULL)
			break;
		s = nl + 1;
		line++;
	}
}

/* Compare s with the golden file (or write it when TB_GOLDEN_UPDATE is set). */
static void check_golden(const char *s, const char *name)
{
	char *path = xasprintf("tests/core/golden/%s", name), *want = NULL, *cause = NULL;
	size_t len;

	if (getenv("TB_GOLDEN_UPDATE") != NULL) {
		CHECK_INT(fileio_write_atomic(path, s, strlen(s), 0644, &cause), 0);
		free(cause);
		free(path);
		return;
	}
	if (fileio_read(path, &want, &len, &cause) != 0) {
		printf("#   %s\n", cause);
		test_failed_checks++;
	} else if (strcmp(s, want) != 0) {
		const char *a = s, *b = want;
		int line = 1;

		while (*a != '\0' && *a == *b) {
			line += *a == '\n';
			a++;
			b++;
		}
		printf("#   %s differs from line %d (TB_GOLDEN_UPDATE=1 rewrites it):\n", path, line);
		printf("#     got:  [%.60s]\n#     want: [%.60s]\n", a, b);
		test_failed_checks++;
	}
	free(want);
	free(cause);
	free(path);
}

static const char *const shipped[] = { "forms/liaison.form", "forms/plan.form",
				       "forms/stats.form" };

/* Golden text exports of the three shipped forms: not wrapped (for email), and at 80
 * columns (for printing). */
static void test_golden(void)
{
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		struct form *f = load(shipped[i]);
		struct record *r;

		if (f == NULL) {
			test_failed_checks++;
			continue;
		}
		r = record_new(f);
		fill(r);
		for (int wrapped = 0; wrapped < 2; wrapped++) {
			struct strbuf sb = STRBUF_INIT;
			char *name;

			export_text(r, wrapped ? 80 : 0, WHEN, &sb);
			check_widths(sb.buf, wrapped ? 80 : 0, f->id);
			name = xasprintf("export_%s%s.txt", f->id, wrapped ? "_80" : "");
			check_golden(sb.buf, name);
			free(name);
			strbuf_free(&sb);
		}
		record_free(r);
		form_free(f);
	}
}

/* Does hay hold needle, ignoring spaces and line breaks (wrapping may put them anywhere)? */
static int holds(const char *hay, const char *needle)
{
	char *h = xstrdup(hay), *n = xstrdup(needle), *w;
	int found;

	for (char *s = w = h; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n')
			*w++ = *s;
	*w = '\0';
	for (char *s = w = n; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n')
			*w++ = *s;
	*w = '\0';
	found = strstr(h, n) != NULL;
	if (!found)
		printf("#   not found: [%s]\n", needle);
	free(h);
	free(n);
	return found;
}

/* What the text export of the shipped forms must hold, whatever the layout details. */
static void test_text_content(void)
{
	struct form *f = load("forms/stats.form");
	struct record *r;
	struct strbuf sb = STRBUF_INIT;

	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	r = record_new(f);
	fill(r);
	export_text(r, 0, WHEN, &sb);
	CHECK(str_starts(sb.buf, "附件3\n"));
	CHECK(strstr(sb.buf, "理论学习中心组学习（3）次，参与（0）人次；") != NULL);
	CHECK(strstr(sb.buf, "组织集中学习观看（1200）场，参与（  ）人次；") != NULL);
	CHECK(holds(sb.buf, "电视专题片 ■是 □否；"));
	CHECK(strstr(sb.buf, "使用全国安全宣教和应急科普平台 □是 ■否") != NULL);
	CHECK(strstr(sb.buf, "学习文章(7)篇") != NULL);
	CHECK(strstr(sb.buf, "联系人：黄璐\n") != NULL);
	CHECK(strstr(sb.buf, "电话：022-29240881\n") != NULL);
	CHECK(strstr(sb.buf, "填报日期：6月25日\n") != NULL);
	CHECK(strstr(sb.buf, "\xEF\xB7\x90") == NULL);	/* no marker left over */
	CHECK(strstr(sb.buf, "\xE2\x81\xA0") == NULL);
	strbuf_free(&sb);
	record_free(r);

	/* A blank record: every blank visibly blank, never 0. */
	r = record_new(f);
	export_text(r, 0, WHEN, &sb);
	CHECK(strstr(sb.buf, "理论学习中心组学习（  ）次，参与（  ）人次；") != NULL);
	CHECK(holds(sb.buf, "电视专题片 □是 □否；"));
	CHECK(strstr(sb.buf, "（0）") == NULL);
	CHECK(strstr(sb.buf, "提交编号") == NULL);
	strbuf_free(&sb);
	record_free(r);
	form_free(f);

	f = load("forms/plan.form");
	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	r = record_new(f);
	fill(r);
	export_text(r, 0, WHEN, &sb);
	CHECK(strstr(sb.buf, "宝坻区应急管理局“安全生产月”重点活动计划安排") != NULL);
	CHECK(strstr(sb.buf, "\n一、开展“6·16安全宣传咨询日”活动\n1.时间：6月16日\n") != NULL);
	CHECK(strstr(sb.buf, "\n二、围绕") != NULL);
	CHECK(strstr(sb.buf, "\n三、\n1.时间：\n") != NULL);
	CHECK(strstr(sb.buf, "■企业宣传片 ■安全贴士 □专访视频 ■其他：展板") != NULL);
	/* Guidance for the person filling it in is not exported; 协助单位 hangs under
	 * 4.主办单位 without a number; a blank 成果形式 prints nothing. */
	CHECK(strstr(sb.buf, "说明：") == NULL);
	CHECK(strstr(sb.buf, "示样") == NULL);
	CHECK(strstr(sb.buf, "\n4.主办单位：区安委会办公室\n    协助单位：区融媒体中心、区消防救援支队\n"
			     "5.工作分工：办公室：总协调\n") != NULL);
	CHECK(strstr(sb.buf, "\n6.成果形式：□学习研讨文章 ■企业宣传片") != NULL);
	CHECK(strstr(sb.buf, "\n4.主办单位：\n    协助单位：\n5.工作分工：\n\n三、") != NULL);
	CHECK(strstr(sb.buf, "6.成果形式：□学习研讨文章 □企业宣传片") == NULL);
	strbuf_free(&sb);
	/* No rows at all. */
	record_row_delete(r, 0, 2);
	record_row_delete(r, 0, 1);
	record_row_delete(r, 0, 0);
	export_text(r, 0, WHEN, &sb);
	CHECK(strstr(sb.buf, "（重点活动：尚未填写）") != NULL);
	strbuf_free(&sb);
	record_free(r);
	form_free(f);
}

/* Every line fits at every width, for filled and blank records, and no text is lost. */
static void test_widths(void)
{
	static const int widths[] = { 0, 40, 41, 50, 60, 79, 80, 100, 120, 400, 10 };

	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		struct form *f = load(shipped[i]);

		if (f == NULL) {
			test_failed_checks++;
			continue;
		}
		for (int filled = 0; filled < 2; filled++) {
			struct record *r = record_new(f);

			if (filled)
				fill(r);
			for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
				struct strbuf sb = STRBUF_INIT;
				char what[64];
				int width = widths[w] == 0 ? 0 : widths[w] < 40 ? 40 : widths[w];

				snprintf(what, sizeof what, "%s/%d", f->id, widths[w]);
				export_text(r, widths[w], WHEN, &sb);
				check_widths(sb.buf, width, what);
				CHECK(text_valid(sb.buf, sb.len));
				/* Nothing is cut: every paragraph of the long text is there. */
				if (filled && strcmp(f->id, "plan") == 0) {
					char *copy = xstrdup(long_text), *save = NULL;

					for (char *p = strtok_r(copy, "\n", &save); p != NULL;
					     p = strtok_r(NULL, "\n", &save))
						CHECK(holds(sb.buf, p));
					free(copy);
				}
				strbuf_free(&sb);
			}
			record_free(r);
		}
		form_free(f);
	}
}

/* Compare the parsed CSV with the record, cell by cell. */
static void check_csv_cells(const struct record *r, char ***rows, int *ncols, int n)
{
	const struct form *f = r->form;
	int meta = export_csv_meta_columns(f);
	int nrows = f->ngroups > 0 && r->nrows[0] > 1 ? r->nrows[0] : 1;

	CHECK_INT(n, nrows + 1);
	if (n < 1)
		return;
	CHECK_STR(rows[0][0], "填报单位");
	CHECK_STR(rows[0][4], "修订号");
	CHECK_STR(rows[0][5], "修改时间");
	if (f->ngroups > 0)
		CHECK_STR(rows[0][6], "序号");
	CHECK_INT(ncols[0], meta + f->nfields);
	for (int row = 1; row < n; row++) {
		CHECK_INT(ncols[row], ncols[0]);
		if (ncols[row] != ncols[0])
			continue;
		{
			char *u = csv_cell_text(rows[row][0]);

			CHECK_STR(u, r->unit != NULL ? r->unit : "");
			free(u);
		}
		CHECK_STR(rows[row][1], f->id);
		{
			char *v = csv_cell_text(rows[row][2]);

			CHECK_STR(v, f->version);	/* ="2021.1": a version stays text */
			free(v);
		}
		CHECK_STR(rows[row][3], r->uuid != NULL ? r->uuid : "");
		CHECK_STR(rows[row][5], r->uuid != NULL ? r->updated : "");
		for (int c = meta; c < ncols[0]; c++) {
			int fi = -1;
			const char *want;
			char *got;

			for (int k = 0; k < f->nfields; k++)
				if (strcmp(f->fields[k].label, rows[0][c]) == 0)
					fi = k;
			CHECK(fi >= 0);
			if (fi < 0)
				continue;
			want = record_get(r, fi, f->fields[fi].group >= 0 ? row - 1 : -1);
			got = csv_cell_text(rows[row][c]);
			CHECK_STR(got, want != NULL ? want : "");
			if (f->fields[fi].type == FT_COUNT && want != NULL)
				CHECK_STR(rows[row][c], want);	/* bare, so Excel can add it up */
			free(got);
		}
	}
}

/* Decode GB18030 back to UTF-8 with iconv. */
static char *from_gb18030(const char *s, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 16, left = len, room = cap;
	char *out = xmalloc(cap), *o = out, *in = (char *)s;

	CHECK(cd != (iconv_t)-1);
	CHECK(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	out[*outlen] = '\0';
	return out;
}

/* The CSV of each shipped form reads back cell for cell, in UTF-8 with BOM and in GB18030. */
static void test_csv_round_trip(void)
{
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		struct form *f = load(shipped[i]);
		struct record *r;
		struct strbuf csv = STRBUF_INIT, enc = STRBUF_INIT;
		char ***rows, *cause = NULL, *back;
		int *ncols, n;
		size_t blen;

		if (f == NULL) {
			test_failed_checks++;
			continue;
		}
		r = record_new(f);
		fill(r);
		export_csv(r, &csv);
		CHECK(str_ends(csv.buf, "\r\n"));
		CHECK_INT(export_encode(csv.buf, csv.len, ENC_UTF8, 1, 0, &enc, &cause), 0);
		CHECK(enc.len == csv.len + 3 && memcmp(enc.buf, "\xEF\xBB\xBF", 3) == 0);
		n = csv_parse(enc.buf, enc.len, &rows, &ncols, &cause);
		check_csv_cells(r, rows, ncols, n);
		csv_free(rows, ncols, n);

		strbuf_reset(&enc);
		CHECK_INT(export_encode(csv.buf, csv.len, ENC_GB18030, 1, 0, &enc, &cause), 0);
		CHECK(memcmp(enc.buf, "\xEF\xBB\xBF", 3) != 0);	/* no UTF-8 BOM in GB18030 */
		back = from_gb18030(enc.buf, enc.len, &blen);
		CHECK_INT(blen, csv.len);
		CHECK(strcmp(back, csv.buf) == 0);
		n = csv_parse(back, blen, &rows, &ncols, &cause);
		check_csv_cells(r, rows, ncols, n);
		csv_free(rows, ncols, n);
		free(back);
		strbuf_free(&csv);
		strbuf_free(&enc);
		record_free(r);
		form_free(f);
	}
}

/* Rows of the plan CSV: one per activity, top-level fields repeated, none when blank. */
static void test_csv_rows(void)
{
	struct form *f = load("forms/plan.form");
	struct record *r;
	struct strbuf sb = STRBUF_INIT;
	char ***rows, *cause = NULL;
	int *ncols, n, meta;

	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	meta = export_csv_meta_columns(f);
	CHECK_INT(meta, 7);
	r = record_new(f);
	export_csv(r, &sb);
	n = csv_parse(sb.buf, sb.len, &rows, &ncols, &cause);
	CHECK_INT(n, 2);	/* no activity: one row, empty group cells */
	if (n == 2) {
		for (int c = 0; c < ncols[1]; c++)
			CHECK_STR(rows[1][c], c == 1 ? "plan" : c == 2 ? "=\"2021.1\"" : "");
	}
	csv_free(rows, ncols, n);
	strbuf_reset(&sb);
	fill(r);
	export_csv(r, &sb);
	n = csv_parse(sb.buf, sb.len, &rows, &ncols, &cause);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(rows[1][6], "1");
		CHECK_STR(rows[3][6], "3");
		CHECK_STR(rows[1][5], "2021-06-05T09:00:00+08:00");
		CHECK_STR(rows[1][4], "7");
		CHECK_STR(rows[3][meta], "宝坻区应急管理局");	/* repeated on every row */
		CHECK_STR(rows[3][meta + 1], "");
		CHECK_STR(rows[2][meta + 2], "6月5日至7月5日");
	}
	csv_free(rows, ncols, n);
	strbuf_free(&sb);
	record_free(r);
	form_free(f);

	/* Phone numbers keep zeros and dashes; a mobile number is kept as text for Excel. */
	f = load("forms/liaison.form");
	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	r = record_new(f);
	fill(r);
	export_csv(r, &sb);
	CHECK(strstr(sb.buf, ",022-29240881,\"=\"\"18222169302\"\"\",29240881-8001,") != NULL);
	CHECK(strstr(sb.buf, ",\"'=HYPERLINK(\"\"x\"\")\",") != NULL);
	CHECK(str_starts(sb.buf, "填报单位,表单编号,表单版本,提交编号,修订号,修改时间,姓名,"));
	CHECK(strstr(sb.buf, ",liaison,\"=\"\"2021.1\"\"\",") != NULL);	/* a version stays text */
	CHECK(strstr(sb.buf, "\r\n\"宝坻区\"\"应急\"\"管理局,东区\",liaison,") != NULL);
	strbuf_free(&sb);
	record_free(r);
	form_free(f);
}

static void test_encode(void)
{
	struct strbuf out = STRBUF_INIT;
	char *cause = NULL;

	CHECK_INT(export_encode("a\nb\r\nc\n", 7, ENC_UTF8, 0, 1, &out, &cause), 0);
	CHECK_STR(out.buf, "a\r\nb\r\nc\r\n");
	strbuf_free(&out);
	CHECK_INT(export_encode("黄璐", 6, ENC_UTF8, 1, 0, &out, &cause), 0);
	CHECK_STR(out.buf, "\xEF\xBB\xBF黄璐");
	strbuf_free(&out);
	CHECK_INT(export_encode("黄璐", 6, ENC_GB18030, 0, 0, &out, &cause), 0);
	CHECK_STR(out.buf, "\xBB\xC6\xE8\xB4");
	strbuf_free(&out);
	/* GB18030 carries every character, emoji and rare ones too. */
	CHECK_INT(export_encode("😀𠂇", 8, ENC_GB18030, 0, 0, &out, &cause), 0);
	CHECK_INT(out.len, 6);	/* U+20087 has a two-byte code, FE51 */
	CHECK(memcmp(out.buf, "\x94\x39\xFC\x36\xFE\x51", 6) == 0);
	strbuf_free(&out);
	CHECK_INT(export_encode("", 0, ENC_GB18030, 0, 0, &out, &cause), 0);
	CHECK_INT(out.len, 0);
	strbuf_free(&out);

	/* Bad input is refused, never changed, in either encoding, naming the line. */
	CHECK_INT(export_encode("ok\n第二行\xFF\n", 14, ENC_GB18030, 0, 0, &out, &cause), -1);
	CHECK_STR(cause, "第2行有无法识别的字符（不是有效的 UTF-8 文字），文件没有导出。"
			 "请在这一项里删掉乱码后再导出。");
	CHECK_INT(out.len, 0);
	free(cause);
	cause = NULL;
	strbuf_free(&out);
	CHECK_INT(export_encode("a\n\nc\xED\xA0\x80", 6, ENC_GB18030, 0, 1, &out, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "第3行有无法识别的字符"));
	free(cause);
	cause = NULL;
	strbuf_free(&out);
	CHECK_INT(export_encode("\xC0\x80", 2, ENC_UTF8, 1, 0, &out, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "第1行有无法识别的字符"));
	free(cause);
	strbuf_free(&out);
}

static void test_basename(void)
{
	struct form *f = load("forms/liaison.form");
	char *b, longunit[400] = "";

	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	b = export_basename(f, "宝坻区应急管理局", "20210605");
	CHECK_STR(b, "宝坻区应急管理局_附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, NULL, "20210605");
	CHECK_STR(b, "未填单位_附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, " 　 ", "20210605");
	CHECK_STR(b, "未填单位_附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, "a/b\\c:d*e?f\"g<h>i|j\tk", "20210605");
	CHECK_STR(b, "a_b_c_d_e_f_g_h_i_j_k_附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, "..", "20210605");
	CHECK_STR(b, "__附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, "应急局.", "20210605");
	CHECK_STR(b, "应急局_附件1_联络员反馈表_20210605");
	free(b);
	b = export_basename(f, "bad\xFFunit", "20210605");
	CHECK_STR(b, "bad_unit_附件1_联络员反馈表_20210605");
	free(b);
	for (int i = 0; i < 100; i++)
		strcat(longunit, "应");
	b = export_basename(f, longunit, "20210605");
	CHECK(strlen(b) < 200 && text_valid(b, strlen(b)));
	CHECK(str_ends(b, "_附件1_联络员反馈表_20210605"));
	free(b);
	form_free(f);
}

/* Count the entries of a directory. */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' || (e->d_name[1] != '\0' && strcmp(e->d_name, "..") != 0);
	closedir(d);
	return n;
}

/* Does the file hold this text (after a BOM, if any)? */
static int file_holds(const char *path, const char *needle)
{
	char *data = NULL, *cause = NULL;
	size_t len;
	int found;

	if (fileio_read(path, &data, &len, &cause) != 0) {
		printf("#   %s\n", cause);
		free(cause);
		return 0;
	}
	found = strstr(data, needle) != NULL;
	free(data);
	return found;
}

/* Remove a directory tree made by a test (two levels are enough here). */
static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;

		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				rm_tree(p);
			else
				unlink(p);
		}
		free(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

/* One current file per form and format: the same again is left alone, a change moves
 * the earlier file into 旧版本/ (numbered there, never overwritten). */
static void test_write(void)
{
	struct form *f = load("forms/liaison.form");
	struct export_opts o = { .formats = EXPORT_TEXT | EXPORT_CSV, .enc = ENC_UTF8, .when = WHEN };
	struct export_result res;
	char *cause = NULL, *dir = xasprintf("%s/out/box", tmpdir), *want, *data, *p;
	struct record *r;
	size_t len;

	if (f == NULL) {
		test_failed_checks++;
		return;
	}
	r = record_new(f);
	fill(r);
	record_set_meta(r, "宝坻区应急管理局", "0123456789abcdef0123456789abcdef", 7, NULL);
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	CHECK_INT(res.nfiles, 2);
	want = xasprintf("%s/宝坻区应急管理局_附件1_联络员反馈表_20210605.txt", dir);
	CHECK_STR(res.files[0].path, want);
	free(want);
	want = xasprintf("%s/宝坻区应急管理局_附件1_联络员反馈表_20210605.csv", dir);
	CHECK_STR(res.files[1].path, want);
	free(want);
	CHECK_INT(res.files[0].state, EXPORT_NEW);
	CHECK_INT(res.files[1].state, EXPORT_NEW);
	CHECK(res.warning == NULL);
	CHECK_INT(fileio_read(res.files[0].path, &data, &len, &cause), 0);
	CHECK(str_starts(data, "\xEF\xBB\xBF附件1\r\n"));	/* BOM and CRLF for Notepad */
	CHECK(strstr(data, "导出时间：2021年6月5日 09:00（第 7 版）\r\n") != NULL);
	CHECK(strstr(data, "0123456789abcdef") == NULL);	/* the id stays in the CSV */
	free(data);
	CHECK_INT(fileio_read(res.files[1].path, &data, &len, &cause), 0);
	CHECK(str_starts(data, "\xEF\xBB\xBF填报单位,"));
	free(data);
	export_result_free(&res);

	/* The same again: the same names, the files left as they are, no 旧版本/. */
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	CHECK_INT(res.files[0].state, EXPORT_SAME);
	CHECK_INT(res.files[1].state, EXPORT_SAME);
	CHECK_INT(res.files[0].nmoved, 0);
	export_result_free(&res);
	CHECK_INT(dir_entries(dir), 2);

	/* A change: the plain names again, the earlier files in 旧版本/. */
	put(r, "name", -1, "李四");
	record_set_meta(r, "宝坻区应急管理局", "0123456789abcdef0123456789abcdef", 8, NULL);
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	CHECK_INT(res.files[0].state, EXPORT_REPLACED);
	CHECK_INT(res.files[1].state, EXPORT_REPLACED);
	CHECK_INT(res.files[0].nmoved, 1);
	want = xasprintf("%s/旧版本/宝坻区应急管理局_附件1_联络员反馈表_20210605.txt", dir);
	CHECK(res.files[0].nmoved == 1 && strcmp(res.files[0].moved[0], want) == 0);
	CHECK(file_holds(want, "姓名：黄璐"));
	free(want);
	CHECK(file_holds(res.files[0].path, "姓名：李四"));
	export_result_free(&res);
	CHECK_INT(dir_entries(dir), 3);
	/* Another change the same day: numbered in 旧版本/, nothing overwritten. */
	put(r, "name", -1, "王五");
	record_set_meta(r, "宝坻区应急管理局", "0123456789abcdef0123456789abcdef", 9, NULL);
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	want = xasprintf("%s/旧版本/宝坻区应急管理局_附件1_联络员反馈表_20210605(2).csv", dir);
	CHECK(res.files[1].nmoved == 1 && strcmp(res.files[1].moved[0], want) == 0);
	free(want);
	export_result_free(&res);
	p = xasprintf("%s/旧版本", dir);
	CHECK_INT(dir_entries(p), 4);
	free(p);

	/* A later day, with a numbered copy left by version 0.1 and another unit's file:
	 * only this unit's files of this form and format move. */
	p = xasprintf("%s/宝坻区应急管理局_附件1_联络员反馈表_20210601(3).csv", dir);
	CHECK_INT(fileio_write_atomic(p, "old", 3, 0644, &cause), 0);
	free(p);
	p = xasprintf("%s/别的单位_附件1_联络员反馈表_20210601.csv", dir);
	CHECK_INT(fileio_write_atomic(p, "other", 5, 0644, &cause), 0);
	free(p);
	p = xasprintf("%s/宝坻区应急管理局_附件1_联络员反馈表_20210601.csv.bak", dir);
	CHECK_INT(fileio_write_atomic(p, "bak", 3, 0644, &cause), 0);
	free(p);
	put(r, "address", -1, "天津市宝坻区南环路1号“应急管理局”203室");
	o.when = WHEN + 86400;
	o.formats = EXPORT_CSV;
	o.enc = ENC_GB18030;
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	CHECK_INT(res.nfiles, 1);
	CHECK(str_ends(res.files[0].path, "/宝坻区应急管理局_附件1_联络员反馈表_20210606.csv"));
	CHECK_INT(res.files[0].nmoved, 2);
	CHECK_INT(fileio_read(res.files[0].path, &data, &len, &cause), 0);
	CHECK(str_starts(data, "\xCC\xEE\xB1\xA8"));	/* 填报 in GB18030, no BOM */
	free(data);
	CHECK(res.warning == NULL);	/* only GBK characters */
	export_result_free(&res);
	/* the .txt of 6月5日, the new .csv, the other unit's file, the .bak and 旧版本/ */
	CHECK_INT(dir_entries(dir), 5);

	/* Characters outside GBK: a warning that names them and where, the file written. */
	put(r, "address", -1, "天津市宝坻区😀南环路");
	put(r, "position", -1, "𠂇科长");
	o.formats = EXPORT_TEXT;
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	CHECK(res.warning != NULL && strstr(res.warning, "“😀”（通信地址）") != NULL &&
	      strstr(res.warning, "“𠂇”（职务）") != NULL && strstr(res.warning, "GBK") != NULL);
	if (res.warning != NULL)
		printf("#   %s\n", res.warning);
	CHECK(file_holds(res.files[0].path, "\x94\x39\xFC\x36"));	/* 😀 in GB18030 */
	export_result_free(&res);

	/* A directory that cannot be made: -1, a message, nothing written. */
	free(dir);
	dir = xasprintf("%s/out/box/宝坻区应急管理局_附件1_联络员反馈表_20210606.csv/x", tmpdir);
	o.formats = EXPORT_TEXT | EXPORT_CSV;
	CHECK_INT(export_write(r, dir, &o, &res, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "不是目录") != NULL);
	CHECK_INT(res.nfiles, 0);
	free(cause);
	cause = NULL;
	free(dir);
	dir = xasprintf("%s/out/box", tmpdir);
	CHECK_INT(dir_entries(dir), 5);
	/* Bad text in the data is refused before anything is moved or written. */
	put_raw(r, "name", -1, "bad\xFF");
	CHECK_INT(export_write(r, dir, &o, &res, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "无法识别的字符") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(dir_entries(dir), 5);
	p = xasprintf("%s/旧版本", dir);
	CHECK_INT(dir_entries(p), 7);
	free(p);
	/* 旧版本 taken by a file: the move is refused, and nothing changes. */
	put(r, "name", -1, "赵六");
	rm_tree(dir);
	o.when = WHEN;
	o.enc = ENC_UTF8;
	CHECK_INT(export_write(r, dir, &o, &res, &cause), 0);
	export_result_free(&res);
	p = xasprintf("%s/旧版本", dir);
	CHECK_INT(fileio_write_atomic(p, "x", 1, 0644, &cause), 0);
	free(p);
	put(r, "name", -1, "钱七");
	CHECK_INT(export_write(r, dir, &o, &res, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "旧版本") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(dir_entries(dir), 3);
	want = xasprintf("%s/宝坻区应急管理局_附件1_联络员反馈表_20210605.txt", dir);
	CHECK(file_holds(want, "姓名：赵六"));
	free(want);
	p = xasprintf("%s/out", tmpdir);
	rm_tree(p);
	free(p);
	free(dir);
	record_free(r);
	form_free(f);
}

/* A disk that takes the text file but not the CSV: the new text file goes, and the
 * earlier one comes back from 旧版本/. */
static void test_write_disk_full(void)
{
	struct form *f = load("forms/liaison.form");
	struct export_opts o = { .formats = EXPORT_TEXT | EXPORT_CSV, .enc = ENC_UTF8, .when = WHEN };
	char *mnt = xasprintf("%s/small", tmpdir), *cause = NULL, *filler, *old;
	struct export_result res;
	struct record *r;

	if (f == NULL) {
		test_failed_checks++;
		free(mnt);
		return;
	}
	CHECK_INT(mkdir(mnt, 0700), 0);
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=16k") != 0) {
		printf("#   mount: %s\n", strerror(errno));
		test_failed_checks++;
		rmdir(mnt);
		free(mnt);
		form_free(f);
		return;
	}
	old = xasprintf("%s/宝坻区_应急_管理局,东区_附件1_联络员反馈表_20210605.txt", mnt);
	CHECK_INT(fileio_write_atomic(old, "earlier", 7, 0644, &cause), 0);
	/* Leave little room: the text file fits, the CSV does not. */
	filler = xasprintf("%s/filler", mnt);
	{
		char *junk = xcalloc(1, 8192);

		CHECK_INT(fileio_write_atomic(filler, junk, 8192, 0644, &cause), 0);
		free(junk);
	}
	r = record_new(f);
	fill(r);
	CHECK_INT(export_write(r, mnt, &o, &res, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "磁盘已满，文件没有写成。请清理磁盘后再导出。"));
	CHECK_INT(res.nfiles, 0);
	CHECK(file_holds(old, "earlier"));
	CHECK_INT(dir_entries(mnt), 3);	/* filler, the earlier file, an empty 旧版本/ */
	free(cause);
	unlink(filler);
	unlink(old);
	free(old);
	free(filler);
	old = xasprintf("%s/旧版本", mnt);
	rmdir(old);
	free(old);
	CHECK_INT(umount(mnt), 0);
	rmdir(mnt);
	free(mnt);
	record_free(r);
	form_free(f);
}

/* Can this process mount a small tmpfs? Not without root, nor in most containers. */
static int can_mount(void)
{
	char *mnt = xasprintf("%s/probe", tmpdir);
	int ok = mkdir(mnt, 0700) == 0 && mount("tmpfs", mnt, "tmpfs", 0, "size=16k") == 0;

	if (ok)
		ok = umount(mnt) == 0;
	rmdir(mnt);
	free(mnt);
	return ok;
}

static void test_default_dir(void)
{
	char *d;
	const char *home = getenv("HOME");
	char *saved = home != NULL ? xstrdup(home) : NULL;

	setenv("TIANBIAO_OUTBOX", "/srv/outbox", 1);
	config_load();
	d = export_default_dir();
	CHECK_STR(d, "/srv/outbox");
	free(d);
	setenv("TIANBIAO_OUTBOX", "", 1);
	setenv("HOME", "/home/clerk", 1);
	config_load();
	d = export_default_dir();
	CHECK_STR(d, "/home/clerk/填表导出");
	free(d);
	unsetenv("TIANBIAO_OUTBOX");
	unsetenv("HOME");
	config_load();
	d = export_default_dir();
	CHECK(d != NULL && str_ends(d, "/填表导出"));
	free(d);
	if (saved != NULL)
		setenv("HOME", saved, 1);
	config_load();
	free(saved);
}

/* An inline form with every type, many rows, and long labels: a golden at width 40. */
static void test_inline_form(void)
{
	static const char text[] =
		"form t\nversion 1\nyear 2021\nattachment 附件12\ntitle 一个很长很长很长很长很长"
		"很长很长很长的测试表标题\nname 测试表\nnote 注：这是说明。\n"
		"field a text 一个非常非常非常非常非常长的标签名字\n"
		"field yn yesno 是否参加\n"
		"field m multi 形式 options=\"甲|乙 丙\"\n"
		"group g 活动 max=60 title=t\n"
		"  field t text 名称\n"
		"  line 参加（{n count label=参加人数}）人，{ok yesno label=是否完成}\n"
		"  line 没有空格的句子。\n"
		"end\n";
	static const char want[] =
		"附件12\n"
		"\n"
		"一个很长很长很长很长很长很长很长很长的测\n"
		"                试表标题\n"
		"\n"
		"一个非常非常非常非常非常长的标签名字：\n"
		"  长长长长长长长长长长长长长长长长长长长\n"
		"  长\n"
		"是否参加：□是 ■否\n"
		"形式：□甲 ■乙 丙\n"
		"\n"
		"一、第一项\n"
		"1.参加（12）人，■是 □否\n"
		"没有空格的句子。\n"
		"\n"
		"二、\n"
		"1.参加（  ）人，□是 □否\n"
		"没有空格的句子。\n";
	char *cause = NULL;
	struct form *f = form_parse("t.form", text, strlen(text), &cause);
	struct record *r;
	struct strbuf sb = STRBUF_INIT;
	char head[16];

	if (f == NULL) {
		printf("#   %s\n", cause);
		free(cause);
		test_failed_checks++;
		return;
	}
	r = record_new(f);
	put_raw(r, "a", -1, "长长长长长长长长长长长长长长长长长长长长");
	put_raw(r, "yn", -1, "否");
	put_raw(r, "m", -1, "乙 丙");
	record_row_add(r, 0);
	record_row_add(r, 0);
	put_raw(r, "t", 0, "第一项");
	put_raw(r, "n", 0, "12");
	put_raw(r, "ok", 0, "是");
	export_text(r, 40, WHEN, &sb);
	CHECK(str_starts(sb.buf, want));
	if (!str_starts(sb.buf, want))
		printf("#   got:\n%s", sb.buf);
	CHECK(strstr(sb.buf, "注：这是说明。\n\n导出时间：2021年6月5日 09:00（尚未填写）\n") != NULL);
	check_widths(sb.buf, 40, "inline");
	strbuf_free(&sb);
	/* Rows numbered in Chinese up to 五十 and beyond. */
	while (record_row_add(r, 0) >= 0)
		;
	CHECK_INT(r->nrows[0], 60);
	export_text(r, 40, WHEN, &sb);
	CHECK(strstr(sb.buf, "\n十、") != NULL);
	CHECK(strstr(sb.buf, "\n十一、") != NULL);
	CHECK(strstr(sb.buf, "\n二十、") != NULL);
	CHECK(strstr(sb.buf, "\n二十一、") != NULL);
	CHECK(strstr(sb.buf, "\n五十、") != NULL);
	CHECK(strstr(sb.buf, "\n六十、") != NULL);
	snprintf(head, sizeof head, "\n%s、", "十十");
	CHECK(strstr(sb.buf, head) == NULL);
	strbuf_free(&sb);
	record_free(r);
	form_free(f);
}

/* The .xlsx of every shipped and fixture form: a zip, the same bytes for the same record
 * and time (so that an unchanged form exported again is the same file), another time
 * gives other bytes. The cells themselves are read back by tests/cli/cli_export_office.sh. */
static void test_xlsx(void)
{
	static const char *const forms[] = { "forms/liaison.form", "forms/plan.form",
					     "forms/stats.form", "tests/core/forms/all-types.form",
					     "tests/core/forms/plan-variant.form",
					     "tests/core/forms/stats-district.form" };

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct form *f = load(forms[i]);
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
		char *cause = NULL;
		struct record *r;

		if (f == NULL) {
			test_failed_checks++;
			continue;
		}
		r = record_new(f);
		if (i < 3)
			fill(r);
		CHECK_INT(export_xlsx(r, WHEN, tmpdir, &a, &cause), 0);
		CHECK(a.len > 1000 && memcmp(a.buf, "PK\x03\x04", 4) == 0);
		CHECK_INT(export_xlsx(r, WHEN, tmpdir, &b, &cause), 0);
		CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
		CHECK_INT(export_xlsx(r, WHEN + 60, tmpdir, &c, &cause), 0);
		CHECK(a.len != c.len || memcmp(a.buf, c.buf, a.len) != 0);
		if (cause != NULL)
			printf("#   %s: %s\n", forms[i], cause);
		free(cause);
		strbuf_free(&a);
		strbuf_free(&b);
		strbuf_free(&c);
		record_free(r);
		form_free(f);
	}
	/* A temporary directory that cannot be used: a message, no crash. */
	{
		struct form *f = load("forms/liaison.form");
		struct record *r = f != NULL ? record_new(f) : NULL;
		struct strbuf a = STRBUF_INIT;
		char *cause = NULL;

		if (r != NULL) {
			CHECK_INT(export_xlsx(r, WHEN, "/nonexistent/dir", &a, &cause), -1);
			CHECK(cause != NULL && strstr(cause, "xlsx") != NULL);
		}
		free(cause);
		strbuf_free(&a);
		record_free(r);
		form_free(f);
	}
	/* No temporary file is left behind. */
	CHECK_INT(dir_entries(tmpdir), 0);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/tb-export-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	umask(022);
	setenv("TZ", "Asia/Shanghai", 1);
	config_load();
	tzset();
	TEST_RUN(test_golden);
	TEST_RUN(test_text_content);
	TEST_RUN(test_widths);
	TEST_RUN(test_csv_round_trip);
	TEST_RUN(test_csv_rows);
	TEST_RUN(test_encode);
	TEST_RUN(test_basename);
	TEST_RUN(test_write);
	if (can_mount())
		TEST_RUN(test_write_disk_full);
	else
		TEST_SKIP(test_write_disk_full, "needs root to mount a small tmpfs");
	TEST_RUN(test_default_dir);
	TEST_RUN(test_inline_form);
	TEST_RUN(test_xlsx);
	rmdir(tmpdir);
	return test_done();
}
