/* store_district.c - the district's side of the store: the migration from version 1, the
 * roster and aliases, every outcome of a received file, held files applied later, status,
 * conflicts and their settling, all-or-nothing per file, and the kept bytes. */
#include <sqlite3.h>

#include "core/config.h"
#include "core/fileio.h"
#include "core/import.h"
#include "store/district.h"
#include "store_test.h"

#define YEAR 2021

static struct form **forms;
static int nforms;

/* The district's form of this id. */
static struct form *fm(const char *id)
{
	for (int i = 0; i < nforms; i++)
		if (strcmp(forms[i]->id, id) == 0)
			return forms[i];
	printf("# no form %s\n", id);
	exit(1);
}

/* A stats CSV as a unit's tianbiao would send it (only a few of its columns). */
static char *stats_csv(const char *unit, const char *uuid, long rev, const char *times,
		       const char *people)
{
	return xasprintf("\xef\xbb\xbf填报单位,表单编号,表单版本,提交编号,修订号,填报单位（盖章）,联系人,电话,"
			 "理论学习中心组学习次数,理论学习中心组学习参与人次\r\n"
			 "%s,stats,2021.1,%s,%ld,%s,李四,022-29240881,%s,%s\r\n",
			 unit, uuid, rev, unit, times, people);
}

#define U1 "11111111111111111111111111111111"
#define U2 "22222222222222222222222222222222"
#define U3 "33333333333333333333333333333333"

/* A fresh district database with a roster. */
static struct store *district(const char *name, int nunits)
{
	char *path = st_path(name), *cause = NULL, *notes = NULL;
	struct store *s;
	struct district_applied *ap;
	int nap;
	char *names[] = { "甲镇", "乙镇", "丙街道", "丁部门" };

	st_remove_db(path);
	s = store_open(path, STORE_CREATE, &cause);
	free(path);
	if (s == NULL) {
		printf("# %s\n", cause);
		exit(1);
	}
	if (nunits > 0 &&
	    district_roster_add(s, YEAR, names, nunits, forms, nforms, &notes, &ap, &nap, &cause) != 0) {
		printf("# roster: %s\n", cause);
		exit(1);
	}
	free(notes);
	return s;
}

/* Import one text as a file named name; returns the result, line in *line (freed by caller
 * when line != NULL). */
static int imp(struct store *s, const char *name, const char *text, char **line)
{
	struct district_outcome o;
	char *cause = NULL;
	int r = district_import(s, YEAR, name, text, strlen(text), forms, nforms, &o, &cause);

	if (r != 0) {
		printf("#   import %s failed: %s\n", name, cause);
		free(cause);
		test_failed_checks++;
		if (line != NULL)
			*line = xstrdup("");
		return -1;
	}
	if (line != NULL)
		*line = xstrdup(o.line);
	r = (int)o.result;
	district_outcome_free(&o);
	return r;
}

/* Expect a result and a part of its line. */
static void expect(struct store *s, const char *name, const char *text, int want,
		   const char *part, int ln)
{
	char *line = NULL;
	int got = imp(s, name, text, &line);

	/* One full stop at the end, also after a note that brings its own. */
	if (got != want || (part != NULL && strstr(line, part) == NULL) ||
	    strstr(line, "。。") != NULL) {
		printf("#   line %d: %s gave %s [%s], want %s [%s]\n", ln, name,
		       district_result_name(got), line, district_result_name(want),
		       part ? part : "");
		test_failed_checks++;
	}
	free(line);
}

/* A unit's current value of a top-level field, as store_load gives it (NULL = blank). */
static char *value(struct store *s, const char *unit, const char *form, const char *field,
		   long *rev)
{
	struct record *r = record_new(fm(form));
	char *cause = NULL, *v = NULL;

	if (store_load(s, unit, r, &cause) != 0) {
		printf("# load: %s\n", cause);
		free(cause);
	} else {
		const char *x = record_get(r, form_field_index(r->form, field), -1);

		v = x != NULL ? xstrdup(x) : NULL;
		if (rev != NULL)
			*rev = r->revision;
	}
	record_free(r);
	return v;
}

/* Check a value (NULL: blank). */
static void expect_value(struct store *s, const char *unit, const char *field, const char *want,
			 long want_rev, int ln)
{
	long rev = -1;
	char *v = value(s, unit, "stats", field, &rev);

	if (!((v == NULL && want == NULL) || (v != NULL && want != NULL && strcmp(v, want) == 0)) ||
	    (want_rev >= 0 && rev != want_rev)) {
		printf("#   line %d: %s %s = [%s] rev %ld, want [%s] rev %ld\n", ln, unit, field,
		       v ? v : "(blank)", rev, want ? want : "(blank)", want_rev);
		test_failed_checks++;
	}
	free(v);
}

/* integrity_check says ok. */
static void expect_sound(struct store *s, int ln)
{
	char *cause = NULL;

	if (store_integrity(s, &cause) != 0) {
		printf("#   line %d: integrity: %s\n", ln, cause);
		free(cause);
		test_failed_checks++;
	}
}

/* ---------------------------------------------------------------- */

/* A database of schema version 1 (made by tianbiao before the district's tables) opens,
 * migrates and keeps every value. */
static void test_migrate_v1(void)
{
	char *path = st_path("v1.db"), *cause = NULL, *data;
	size_t len;
	struct store *s;
	struct record *r;
	struct district_member *m;
	int n;

	data = st_read("tests/data/import/unit-v1.db", &len);
	CHECK(data != NULL && len > 0);
	if (data == NULL)
		return;
	st_write(path, data, len);
	free(data);
	/* Read-only, it is read as it is (unit tables unchanged), and the district's calls
	 * say what to do. */
	s = store_open(path, STORE_READONLY, &cause);
	CHECK(s != NULL);
	if (s != NULL) {
		r = record_new(fm("stats"));
		CHECK_INT(store_load(s, "宝坻区周良街道", r, &cause), 0);
		CHECK_STR(record_get(r, form_field_index(r->form, "study_times"), -1), "7");
		record_free(r);
		CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), -1);
		CHECK(st_has(cause, "自动升级"));
		free(cause);
		cause = NULL;
		{	/* no roster, so no contact either: none, not an error */
			char *person = NULL, *phone = NULL;

			CHECK_INT(district_contact(s, YEAR, "宝坻区周良街道", &person, &phone, &cause), 0);
			CHECK(person == NULL && phone == NULL);
		}
		store_close(s);
	}
	s = store_open(path, 0, &cause);
	CHECK(s != NULL);
	if (s == NULL) {
		printf("# %s\n", cause);
		free(path);
		return;
	}
	expect_value(s, "宝坻区周良街道", "study_times", "7", -1, __LINE__);
	expect_value(s, "宝坻区周良街道", "contact", "王五", -1, __LINE__);
	r = record_new(fm("plan"));
	CHECK_INT(store_load(s, "宝坻区周良街道", r, &cause), 0);
	CHECK_INT(r->nrows[0], 1);
	CHECK_STR(record_get(r, form_field_index(r->form, "kind"), 0), "宣传");
	record_free(r);
	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	CHECK_INT(n, 0);
	expect_sound(s, __LINE__);
	store_close(s);
	/* The file now says the latest version (5: the roster's contacts). */
	data = st_read(path, &len);
	CHECK(len > 100 && (unsigned char)data[63] == 5);
	free(data);
	free(path);
}

static void test_roster(void)
{
	struct store *s = district("roster.db", 3);
	struct district_member *m;
	struct district_applied *ap;
	char *cause = NULL, *notes = NULL, *u = NULL;
	char *more[] = { "丁部门", "甲镇", "  戊镇  " };
	int n, nap;

	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(m[0].name, "甲镇");
		CHECK_STR(m[2].name, "丙街道");
		CHECK_INT(m[2].pos, 3);
	}
	district_members_free(m, n);
	/* Adding one already there says so and adds the others. */
	CHECK_INT(district_roster_add(s, YEAR, more, 3, forms, nforms, &notes, &ap, &nap, &cause), 0);
	CHECK(st_has(notes, "“甲镇”已在名单上（第1位）"));
	free(notes);
	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_STR(m[3].name, "丁部门");
		CHECK_STR(m[4].name, "戊镇");	/* trimmed */
	}
	district_members_free(m, n);
	/* Move: to the front, beyond the end. */
	CHECK_INT(district_roster_move(s, YEAR, "丙街道", 1, &cause), 0);
	CHECK_INT(district_roster_move(s, YEAR, "甲镇", 99, &cause), 0);
	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	if (n == 5) {
		CHECK_STR(m[0].name, "丙街道");
		CHECK_STR(m[1].name, "乙镇");
		CHECK_STR(m[4].name, "甲镇");
		for (int i = 0; i < n; i++)
			CHECK_INT(m[i].pos, i + 1);
	}
	district_members_free(m, n);
	/* Remove closes the gap; a name not there is refused and changes nothing. */
	{
		char *gone[] = { "乙镇" }, *bad[] = { "丁部门", "没有这个镇" };

		CHECK_INT(district_roster_remove(s, YEAR, gone, 1, &cause), 0);
		CHECK_INT(district_roster_remove(s, YEAR, bad, 2, &cause), -1);
		CHECK(st_has(cause, "“没有这个镇”不在2021年的名单上"));
		free(cause);
		cause = NULL;
	}
	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(m[1].name, "丁部门");	/* still there: all or nothing */
		CHECK_INT(m[3].pos, 4);
	}
	district_members_free(m, n);
	/* Aliases. */
	CHECK_INT(district_alias(s, YEAR, "甲镇政府", "甲镇", forms, nforms, &ap, &nap, &cause), 0);
	CHECK_INT(district_unit_of(s, YEAR, "甲镇政府", &u, &cause), 0);
	CHECK_STR(u, "甲镇");
	free(u);
	CHECK_INT(district_alias(s, YEAR, "甲镇政府", "丙街道", forms, nforms, &ap, &nap, &cause), -1);
	CHECK(st_has(cause, "已是“甲镇”的别名"));
	free(cause);
	cause = NULL;
	CHECK_INT(district_alias(s, YEAR, "丙街道", "甲镇", forms, nforms, &ap, &nap, &cause), -1);
	CHECK(st_has(cause, "本身就是名单上的一个单位"));
	free(cause);
	cause = NULL;
	CHECK_INT(district_alias(s, YEAR, "某镇", "名单外", forms, nforms, &ap, &nap, &cause), -1);
	CHECK(st_has(cause, "“名单外”不在2021年的名单上"));
	free(cause);
	cause = NULL;
	CHECK_INT(district_roster(s, YEAR, &m, &n, &cause), 0);
	if (n == 4) {
		CHECK_INT(m[3].naliases, 1);
		if (m[3].naliases == 1)
			CHECK_STR(m[3].aliases[0], "甲镇政府");
	}
	district_members_free(m, n);
	/* Another year has its own roster. */
	CHECK_INT(district_roster(s, 2022, &m, &n, &cause), 0);
	CHECK_INT(n, 0);
	expect_sound(s, __LINE__);
	store_close(s);
}

/* Every outcome, in the order a district meets them. */
static void test_outcomes(void)
{
	struct store *s = district("outcomes.db", 3);
	char *a = stats_csv("甲镇", U1, 3, "5", ""), *b;

	expect(s, "甲镇_附件3.csv", a, DR_NEW, "新收到：甲镇的附件3（活动进展情况统计表），修订 3", __LINE__);
	expect_value(s, "甲镇", "study_times", "5", 3, __LINE__);
	expect_value(s, "甲镇", "study_people", NULL, 3, __LINE__);	/* blank stays blank */
	/* The same bytes, named differently. */
	expect(s, "甲镇_附件3(2).csv", a, DR_SAME, "重复，无变化：与 ", __LINE__);
	expect(s, "again.csv", a, DR_SAME, "完全相同", __LINE__);
	/* Other bytes, the same values (LF line ends, no BOM). */
	b = xstrdup(a + 3);
	for (char *p = b; (p = strstr(p, "\r\n")) != NULL;)
		memmove(p, p + 1, strlen(p));
	expect(s, "lf.csv", b, DR_SAME, "修订 3 已在", __LINE__);
	free(b);
	/* A higher revision replaces it. */
	b = stats_csv("甲镇", U1, 5, "6", "60");
	expect(s, "rev5.csv", b, DR_NEWER, "从修订 3 更新到修订 5（原来那份作为历史保留）", __LINE__);
	expect_value(s, "甲镇", "study_times", "6", 5, __LINE__);
	free(b);
	/* A lower one is recorded and changes nothing. */
	b = stats_csv("甲镇", U1, 4, "9", "");
	expect(s, "rev4.csv", b, DR_OLDER, "修订 4 早于已收到的修订 5", __LINE__);
	expect_value(s, "甲镇", "study_times", "6", 5, __LINE__);
	/* And again: a copy already received. */
	expect(s, "rev4-again.csv", b, DR_SAME, "完全相同", __LINE__);
	free(b);
	/* The first file again: the same bytes as a copy that is history now. */
	expect(s, "old.csv", a, DR_SAME, "那是较早的一份", __LINE__);
	/* Another submission id for the slot: a conflict, held, not counted. */
	b = stats_csv("甲镇", U2, 1, "100", "");
	expect(s, "pc2.csv", b, DR_CONFLICT, "提交编号不同", __LINE__);
	expect(s, "pc2.csv", b, DR_SAME, "正等待处理冲突", __LINE__);
	expect_value(s, "甲镇", "study_times", "6", 5, __LINE__);
	free(b);
	/* The same id and revision with other values: edited after export. */
	b = stats_csv("甲镇", U1, 5, "66", "60");
	expect(s, "excel.csv", b, DR_CONFLICT, "编号相同、内容却不同", __LINE__);
	free(b);
	/* The unit's name through an alias: one unit named differently. */
	{
		struct district_applied *ap;
		int nap;
		char *cause = NULL;

		b = stats_csv("乙镇人民政府", U3, 2, "1", "2");
		expect(s, "yi.csv", b, DR_HELD, "不在 2021 年的名单上。如果它就是“乙镇”", __LINE__);
		expect(s, "yi.csv", b, DR_SAME, "仍因填报单位“乙镇人民政府”不在名单中而暂存", __LINE__);
		expect_value(s, "乙镇", "study_times", NULL, 0, __LINE__);
		CHECK_INT(district_alias(s, YEAR, "乙镇人民政府", "乙镇", forms, nforms, &ap, &nap,
					 &cause), 0);
		CHECK_INT(nap, 1);
		if (nap == 1) {
			CHECK_STR(ap[0].file, "yi.csv");
			CHECK(st_has(ap[0].line, "新收到：乙镇的附件3"));
			CHECK(st_has(ap[0].line, "原为不在名单中"));
			CHECK(str_ends(ap[0].line, "补入）。") && !st_has(ap[0].line, "。（"));
		}
		district_applied_free(ap, nap);
		expect_value(s, "乙镇", "study_times", "1", 2, __LINE__);
		/* Later files of that name go straight in. */
		free(b);
		b = stats_csv("乙镇人民政府", U3, 3, "4", "2");
		expect(s, "yi3.csv", b, DR_NEWER, "乙镇的附件3", __LINE__);
		free(b);
	}
	/* A column the district's form lacks: named in a note, the rest taken. */
	b = stats_csv("丙街道", "55555555555555555555555555555555", 1, "2", "");
	{
		const char *row = strstr(b, "\r\n") + 2;	/* the data row, with its CRLF */
		char *t = xasprintf("%.*s,备注\r\n%.*s,见附件\r\n", (int)(row - 2 - b), b,
				    (int)strlen(row) - 2, row);

		free(b);
		b = t;
	}
	expect(s, "extra.csv", b, DR_NEW, "注意：有1列不在本区的表单“活动进展情况统计表”里：“备注”", __LINE__);
	expect_value(s, "丙街道", "study_times", "2", 1, __LINE__);
	free(b);
	/* Refused: nothing of it is stored but the receipt. */
	expect(s, "junk.csv", "姓名,电话\n张三,1\n", DR_REFUSED, "拒收：这不是填表程序导出的 CSV", __LINE__);
	/* The same submission id under another unit. */
	b = stats_csv("丙街道", U1, 9, "1", "");
	expect(s, "copied.csv", b, DR_REFUSED, "提交编号已属于“甲镇”", __LINE__);
	free(b);
	free(a);
	expect_sound(s, __LINE__);
	store_close(s);
}

/* Two files of one submission in one batch, in either order, give the same database. */
static void test_order(void)
{
	for (int order = 0; order < 2; order++) {
		struct store *s = district(order ? "order1.db" : "order0.db", 1);
		char *r3 = stats_csv("甲镇", U1, 3, "5", ""), *r5 = stats_csv("甲镇", U1, 5, "8", "");
		char *cause = NULL;

		CHECK_INT(district_import_begin(s, &cause), 0);
		expect(s, "a.csv", order ? r5 : r3, DR_NEW, NULL, __LINE__);
		expect(s, "b.csv", order ? r3 : r5, order ? DR_OLDER : DR_NEWER, NULL, __LINE__);
		CHECK_INT(district_import_commit(s, &cause), 0);
		expect_value(s, "甲镇", "study_times", "8", 5, __LINE__);
		free(r3);
		free(r5);
		store_close(s);
	}
}

/* A dry run: the batch is rolled back and the database is as it was. */
static void test_dry_run(void)
{
	struct store *s = district("dry.db", 1);
	char *a = stats_csv("甲镇", U1, 3, "5", ""), *cause = NULL;
	struct district_receipt *r;
	int n;

	CHECK_INT(district_import_begin(s, &cause), 0);
	expect(s, "a.csv", a, DR_NEW, NULL, __LINE__);
	expect(s, "a2.csv", a, DR_SAME, NULL, __LINE__);
	district_import_rollback(s);
	expect_value(s, "甲镇", "study_times", NULL, 0, __LINE__);
	CHECK_INT(district_receipts(s, &r, &n, &cause), 0);
	CHECK_INT(n, 0);
	district_receipts_free(r, n);
	free(a);
	store_close(s);
}

/* The receipts list every file with its outcome, and the bytes are kept exactly. */
static void test_receipts(void)
{
	struct store *s = district("receipts.db", 1);
	size_t len, blen;
	char *gbk = st_read("tests/data/import/lo-gbk-stats.csv", &len), *bytes, *cause = NULL;
	struct district_receipt *r;
	int n;

	/* Held first (not on this roster), then refused, then a good one. */
	CHECK(gbk != NULL);
	if (gbk == NULL)
		return;
	expect(s, "gbk.csv", gbk, DR_HELD, "名单上", __LINE__);
	expect(s, "x.xlsx", "PK\x03\x04 xl/workbook.xml", DR_REFUSED, "Excel 工作簿", __LINE__);
	CHECK_INT(district_receipts(s, &r, &n, &cause), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(r[0].name, "gbk.csv");
		CHECK_INT(r[0].result, DR_HELD);
		CHECK_STR(r[0].encoding, "GB18030");
		CHECK_INT(r[0].sep, ',');
		CHECK_INT(r[0].size, (long)len);
		CHECK_INT(strlen(r[0].sha256), 64);
		CHECK_STR(r[0].unit_name, "宝坻区大白庄镇人民政府");
		CHECK(r[0].unit == NULL);
		CHECK_STR(r[0].form_id, "stats");
		CHECK_INT(r[1].result, DR_REFUSED);
		CHECK_STR(r[1].encoding, "-");
		CHECK_INT(district_receipt_bytes(s, r[0].id, &bytes, &blen, &cause), 0);
		CHECK_INT(blen, len);
		CHECK(bytes != NULL && memcmp(bytes, gbk, len) == 0);
		free(bytes);
	}
	district_receipts_free(r, n);
	/* Adding the unit applies the held file: the receipt says so. */
	{
		char *names[] = { "宝坻区大白庄镇人民政府" }, *notes = NULL;
		struct district_applied *ap;
		int nap;

		CHECK_INT(district_roster_add(s, YEAR, names, 1, forms, nforms, &notes, &ap, &nap,
					      &cause), 0);
		CHECK_INT(nap, 1);
		district_applied_free(ap, nap);
		free(notes);
	}
	CHECK_INT(district_receipts(s, &r, &n, &cause), 0);
	if (n == 2) {
		CHECK_INT(r[0].result, DR_NEW);
		CHECK_STR(r[0].unit, "宝坻区大白庄镇人民政府");
		CHECK(st_has(r[0].line, "原为不在名单中"));
	}
	district_receipts_free(r, n);
	{
		long rev;
		char *v = value(s, "宝坻区大白庄镇人民政府", "stats", "report_date", &rev);

		CHECK_STR(v, "2026年6月16日");	/* TIANBIAO_TODAY is 2021 here: a real year */
		free(v);
	}
	free(gbk);
	expect_sound(s, __LINE__);
	store_close(s);
}

/* Status: reported, not, problems, conflicts; held files. */
static void test_status(void)
{
	struct store *s = district("status.db", 4);
	char *a = stats_csv("甲镇", U1, 3, "5", ""), *b = stats_csv("乙镇", U2, 1, "很多", "");
	char *c = stats_csv("甲镇", U3, 1, "7", ""), *d = stats_csv("外镇", "44444444444444444444444444444444", 1, "1", "");
	char *cause = NULL;
	struct district_unit *u;
	struct district_held *h;
	struct form *two[2] = { fm("stats"), fm("liaison") };
	int n;

	expect(s, "a.csv", a, DR_NEW, NULL, __LINE__);
	expect(s, "b.csv", b, DR_NEW, "1 项没有导入", __LINE__);
	expect(s, "c.csv", c, DR_CONFLICT, NULL, __LINE__);
	expect(s, "d.csv", d, DR_HELD, NULL, __LINE__);
	CHECK_INT(district_status(s, YEAR, two, 2, &u, &n, &cause), 0);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(u[0].name, "甲镇");
		CHECK_INT(u[0].slots[0].reported, 1);
		CHECK_INT(u[0].slots[0].revision, 3);
		CHECK_STR(u[0].slots[0].file, "a.csv");
		CHECK_INT(u[0].slots[0].conflicts, 1);
		CHECK_INT(u[0].slots[0].edited, 0);
		CHECK_INT(u[0].slots[1].reported, 0);
		CHECK_INT(u[1].slots[0].reported, 1);
		CHECK_INT(u[1].slots[0].nhard, 1);
		CHECK_INT(u[2].slots[0].reported, 0);
		CHECK_INT(u[3].slots[0].reported, 0);
	}
	district_units_free(u, n);
	CHECK_INT(district_held_files(s, &h, &n, &cause), 0);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(h[0].unit_name, "外镇");
		CHECK_STR(h[0].file, "d.csv");
		CHECK_STR(h[0].form_id, "stats");
	}
	district_held_free(h, n);
	{
		struct district_problem *p;

		CHECK_INT(district_problems(s, YEAR, "乙镇", "stats", &p, &n, &cause), 0);
		CHECK(n >= 1);
		if (n >= 1) {
			CHECK_INT(p[0].level, 'h');
			CHECK_STR(p[0].field, "study_times");
			CHECK_STR(p[0].found, "很多");
		}
		district_problems_free(p, n);
	}
	free(a);
	free(b);
	free(c);
	free(d);
	store_close(s);
}

/* Values of every roster unit's copy, in roster order. */
static int each_fn(void *ctx, const char *unit, int pos, const struct record *rec,
		   int conflicts)
{
	struct strbuf *sb = ctx;
	const char *v = rec ? record_get(rec, form_field_index(rec->form, "study_times"), -1) : NULL;

	strbuf_addf(sb, "%d %s %s%s;", pos, unit, rec == NULL ? "未报" : v ? v : "空",
		    conflicts ? " 有冲突" : "");
	return 0;
}

static void test_each(void)
{
	struct store *s = district("each.db", 3);
	char *a = stats_csv("丙街道", U1, 3, "5", ""), *b = stats_csv("甲镇", U2, 1, "", ""), *cause = NULL;
	struct strbuf sb = STRBUF_INIT;

	char *c = stats_csv("丙街道", U3, 1, "9", "");

	expect(s, "a.csv", a, DR_NEW, NULL, __LINE__);
	expect(s, "b.csv", b, DR_NEW, NULL, __LINE__);
	expect(s, "c.csv", c, DR_CONFLICT, NULL, __LINE__);
	CHECK_INT(district_each(s, YEAR, fm("stats"), each_fn, &sb, &cause), 0);
	CHECK_STR(strbuf_str(&sb), "1 甲镇 空;2 乙镇 未报;3 丙街道 5 有冲突;");
	free(c);
	strbuf_free(&sb);
	free(a);
	free(b);
	store_close(s);
}

/* Conflicts: both copies field by field; keep-current and keep-new, logged. */
static void test_conflicts(void)
{
	struct store *s = district("conflicts.db", 2);
	char *a = stats_csv("甲镇", U1, 3, "5", "50"), *b = stats_csv("甲镇", U2, 2, "5", "55");
	char *c = stats_csv("乙镇", U3, 4, "1", ""), *d = stats_csv("乙镇", U3, 4, "2", "");
	char *cause = NULL, *line = NULL;
	struct district_conflict *k;
	struct district_decision *dec;
	int n;

	expect(s, "a.csv", a, DR_NEW, NULL, __LINE__);
	expect(s, "b.csv", b, DR_CONFLICT, NULL, __LINE__);
	expect(s, "c.csv", c, DR_NEW, NULL, __LINE__);
	expect(s, "d.csv", d, DR_CONFLICT, "编号相同", __LINE__);
	CHECK_INT(district_conflicts(s, YEAR, forms, nforms, &k, &n, &cause), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		struct import_diff *df;
		int nd = import_compare(k[0].cur, k[0].new_, &df);

		CHECK_STR(k[0].unit, "甲镇");
		CHECK_STR(k[0].cur_uuid, U1);
		CHECK_STR(k[0].new_uuid, U2);
		CHECK_INT(k[0].edited, 0);
		CHECK_STR(k[0].cur_file, "a.csv");
		CHECK_STR(k[0].new_file, "b.csv");
		CHECK_INT(nd, 1);
		if (nd == 1) {
			CHECK_STR(k[0].form->fields[df[0].field].id, "study_people");
			CHECK_STR(df[0].a, "50");
			CHECK_STR(df[0].b, "55");
		}
		free(df);
		CHECK_INT(k[1].edited, 1);
	}
	district_conflicts_free(k, n);
	/* Nothing to settle for a unit without conflicts. */
	CHECK_INT(district_resolve(s, YEAR, "乙镇", fm("liaison"), 1, &line, &cause), -1);
	CHECK(st_has(cause, "没有待处理的冲突"));
	free(cause);
	cause = NULL;
	/* Keep the new one. */
	CHECK_INT(district_resolve(s, YEAR, "甲镇", fm("stats"), 1, &line, &cause), 0);
	CHECK(st_has(line, "已改用新收到的一份（修订 2）"));
	free(line);
	expect_value(s, "甲镇", "study_people", "55", 2, __LINE__);
	/* Keep the current one. */
	CHECK_INT(district_resolve(s, YEAR, "乙镇", fm("stats"), 0, &line, &cause), 0);
	CHECK(st_has(line, "已保留原有的一份（修订 4）"));
	free(line);
	expect_value(s, "乙镇", "study_times", "1", 4, __LINE__);
	CHECK_INT(district_conflicts(s, YEAR, forms, nforms, &k, &n, &cause), 0);
	CHECK_INT(n, 0);
	district_conflicts_free(k, n);
	/* The one set aside, sent again, is a no-op said as such; the old current too. */
	expect(s, "d-again.csv", d, DR_SAME, "已决定不用", __LINE__);
	expect(s, "a-again.csv", a, DR_SAME, "已决定不用", __LINE__);
	CHECK_INT(district_decisions(s, &dec, &n, &cause), 0);
	{
		int keep = 0;

		for (int i = 0; i < n; i++)
			keep += strcmp(dec[i].action, "keep-new") == 0 ||
				strcmp(dec[i].action, "keep-current") == 0;
		CHECK_INT(keep, 2);
	}
	district_decisions_free(dec, n);
	free(a);
	free(b);
	free(c);
	free(d);
	expect_sound(s, __LINE__);
	store_close(s);
}

/*
 * A file whose filing fails half way leaves nothing of it, and the batch goes on. The
 * failure is made with a trigger (the one piece of SQL in this test): SQLite refuses the
 * value BOOM, after the file's bytes, its copy and its problems were written.
 */
static void test_all_or_nothing(void)
{
	struct store *s = district("aon.db", 2);
	char *cause = NULL, *path = st_path("aon.db");
	char *csv = stats_csv("甲镇", U1, 1, "3", ""), *good = stats_csv("乙镇", U2, 1, "2", "");
	char *bad = strstr(csv, "李四") != NULL ? csv : NULL;
	struct district_outcome o;
	struct district_receipt *r;
	sqlite3 *db;
	int n;

	store_close(s);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON vals WHEN"
			       " NEW.value = 'BOOM' BEGIN"
			       " SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, 0, &cause);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	memcpy(strstr(bad, "李四"), "BOOM\x20\x20", 6);	/* 李四 is 6 bytes */
	CHECK_INT(district_import_begin(s, &cause), 0);
	CHECK_INT(district_import(s, YEAR, "bad.csv", bad, strlen(bad), forms, nforms, &o, &cause),
		  -1);
	CHECK(st_has(cause, "boom"));
	free(cause);
	cause = NULL;
	CHECK(o.line == NULL);
	CHECK_INT(district_import(s, YEAR, "good.csv", good, strlen(good), forms, nforms, &o,
				  &cause), 0);
	district_outcome_free(&o);
	CHECK_INT(district_import_commit(s, &cause), 0);
	CHECK_INT(district_receipts(s, &r, &n, &cause), 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(r[0].name, "good.csv");
	district_receipts_free(r, n);
	expect_value(s, "甲镇", "study_times", NULL, 0, __LINE__);
	expect_value(s, "乙镇", "study_times", "2", 1, __LINE__);
	{
		struct district_unit *u;
		struct form *one[1] = { fm("stats") };

		CHECK_INT(district_status(s, YEAR, one, 1, &u, &n, &cause), 0);
		if (n == 2) {
			CHECK_INT(u[0].slots[0].reported, 0);
			CHECK_INT(u[1].slots[0].reported, 1);
		}
		district_units_free(u, n);
	}
	expect_sound(s, __LINE__);
	store_close(s);
	free(csv);
	free(good);
	free(path);
}

int main(void)
{
	char *cause = NULL;

	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	config_load();
	st_setup();
	nforms = form_load_dir("forms", &forms, &cause);
	free(cause);
	if (nforms != 3) {
		printf("FAIL forms\n");
		return 1;
	}
	TEST_RUN(test_migrate_v1);
	TEST_RUN(test_roster);
	TEST_RUN(test_outcomes);
	TEST_RUN(test_order);
	TEST_RUN(test_dry_run);
	TEST_RUN(test_receipts);
	TEST_RUN(test_status);
	TEST_RUN(test_each);
	TEST_RUN(test_conflicts);
	TEST_RUN(test_all_or_nothing);
	form_list_free(forms, nforms);
	st_cleanup();
	return test_done();
}
