/* test_totals.c - the district's totals: every figure against a hand count (core only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/check.h"
#include "core/export.h"
#include "core/form.h"
#include "core/record.h"
#include "core/totals.h"
#include "test.h"

/* A form file of the repository. */
static struct form *load(const char *path)
{
	char *cause = NULL;
	struct form *f = form_load(path, &cause);

	if (f == NULL) {
		printf("# %s: %s\n", path, cause ? cause : "?");
		exit(1);
	}
	free(cause);
	return f;
}

/* Set a value by field id (top level, or row of a group). */
static void set(struct record *r, const char *id, int row, const char *v)
{
	int fi = form_field_index(r->form, id);

	if (fi < 0) {
		printf("# no field %s\n", id);
		exit(1);
	}
	if (record_set(r, fi, row, v) != 0) {
		printf("# cannot set %s[%d]\n", id, row);
		exit(1);
	}
}

/* Field index by id. */
static int fx(const struct form *f, const char *id)
{
	return form_field_index(f, id);
}

/* The units of a test, built up one at a time. */
struct units {
	struct totals_unit *u;
	int n;
};

/* Add a unit in a state with a copy (rec NULL: none). */
static void unit_add(struct units *us, const char *name, enum totals_state st, struct record *rec)
{
	struct totals_unit *u;

	us->u = realloc(us->u, (size_t)(us->n + 1) * sizeof *us->u);
	u = &us->u[us->n++];
	memset(u, 0, sizeof *u);
	u->name = strdup(name);
	u->pos = us->n;
	u->state = st;
	u->rec = rec;
	u->revision = rec != NULL ? 1 : 0;
	if (rec != NULL)
		snprintf(u->received, sizeof u->received, "2021-06-0%dT10:15:30+08:00", us->n % 9 + 1);
	u->nconflicts = st == TS_CONFLICT;
}

/* A copy of form f for unit name. */
static struct record *copy_of(const struct form *f, const char *name)
{
	struct record *r = record_new(f);

	record_set_meta(r, name, "0123456789abcdef0123456789abcdef", 1, NULL);
	return r;
}

/*
 * The district of the stats tests, counted by hand:
 *   甲镇  study_times 5   study_people 40  film_studied 是  articles 2
 *   乙镇  study_times 7   (blank)          film_studied 否  articles 0
 *   丙镇  (blank)         study_people 25  (blank)          articles 1
 *   丁镇  not reported
 *   戊镇  conflict: study_times 100, film_studied 是 - never counted
 * study_times: 12, 1 blank; study_people: 65, 1 blank; film_studied: 是 1、否 1、未填 1;
 * articles: 3, none blank (0 is a value); film_people: nobody (3 blank).
 */
static struct totals *stats_district(const struct form *f, struct totals_held *held, int nheld)
{
	struct units us = { 0 };
	struct record *r;

	r = copy_of(f, "甲镇");
	set(r, "study_times", -1, "5");
	set(r, "study_people", -1, "40");
	set(r, "film_studied", -1, "是");
	set(r, "articles", -1, "2");
	set(r, "contact", -1, "张一");
	unit_add(&us, "甲镇", TS_REPORTED, r);
	r = copy_of(f, "乙镇");
	set(r, "study_times", -1, "7");
	set(r, "film_studied", -1, "否");
	set(r, "articles", -1, "0");
	unit_add(&us, "乙镇", TS_REPORTED, r);
	r = copy_of(f, "丙镇");
	set(r, "study_people", -1, "25");
	set(r, "articles", -1, "1");
	unit_add(&us, "丙镇", TS_REPORTED, r);
	unit_add(&us, "丁镇", TS_MISSING, NULL);
	r = copy_of(f, "戊镇");
	set(r, "study_times", -1, "100");
	set(r, "film_studied", -1, "是");
	unit_add(&us, "戊镇", TS_CONFLICT, r);
	return totals_build(f, "宝坻区", us.u, us.n, held, nheld);
}

/* Counts: the sum of what was given, blanks counted as blanks, never as 0. */
static void test_counts_with_blanks(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	const struct totals_field *st = &t->fields[fx(f, "study_times")];
	char *s;

	CHECK_INT(t->counted, 3);
	CHECK_INT(t->missing, 1);
	CHECK_INT(t->conflicts, 1);
	CHECK_INT(st->kind, TK_SUM);
	CHECK(st->sum == 12);
	CHECK_INT(st->given, 2);
	CHECK_INT(st->blank, 1);
	CHECK(t->fields[fx(f, "study_people")].sum == 65);
	CHECK(t->fields[fx(f, "articles")].sum == 3);
	CHECK_INT(t->fields[fx(f, "articles")].blank, 0);
	CHECK_INT(t->fields[fx(f, "film_people")].given, 0);
	CHECK_INT(t->fields[fx(f, "film_people")].blank, 3);

	s = totals_figure(t, fx(f, "study_times"), NULL);
	CHECK_STR(s, "12（1 个单位未填）");
	free(s);
	s = totals_figure(t, fx(f, "articles"), NULL);
	CHECK_STR(s, "3");
	free(s);
	s = totals_figure(t, fx(f, "film_people"), NULL);
	CHECK_STR(s, "未填（3 个单位）");
	free(s);
	totals_free(t);
	form_free(f);
}

/* Yes/no: 是 N 个、否 M 个、未填 K 个; the conflict's 是 is not among them. */
static void test_yesno(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	const struct totals_field *y = &t->fields[fx(f, "film_studied")];
	char *s;

	CHECK_INT(y->kind, TK_YESNO);
	CHECK_INT(y->yes, 1);
	CHECK_INT(y->no, 1);
	CHECK_INT(y->blank, 1);
	s = totals_figure(t, fx(f, "film_studied"), NULL);
	CHECK_STR(s, "是 1 个、否 1 个、未填 1 个");
	free(s);
	s = totals_figure(t, fx(f, "platform_used"), NULL);
	CHECK_STR(s, "是 0 个、否 0 个、未填 3 个");
	free(s);
	totals_free(t);
	form_free(f);
}

/* The coverage line names the units not reported, in conflict, and held files. */
static void test_coverage(void)
{
	struct form *f = load("forms/stats.form");
	struct totals_held *h = calloc(1, sizeof *h);
	struct totals *t;
	char *s;

	h->name = strdup("大白庄镇政府");
	h->file = strdup("x.csv");
	t = stats_district(f, h, 1);
	s = totals_coverage(t);
	CHECK_STR(s, "汇总 3/5 个单位；未报：丁镇；有冲突（未计入）：戊镇；"
		     "不在名单中（未计入）：大白庄镇政府（文件 x.csv）");
	free(s);
	CHECK_INT(t->shape, TSH_FORM);
	CHECK_INT(totals_kind_of(f, fx(f, "contact")), TK_OWN);
	CHECK_INT(totals_kind_of(f, fx(f, "unit_name")), TK_OWN);
	totals_free(t);
	form_free(f);
}

/* The units behind a figure: counted with value or blank, then conflict, then missing. */
static void test_sources(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	struct totals_source *src;
	int n = totals_sources(t, fx(f, "study_times"), &src);

	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_STR(t->units[src[0].unit].name, "甲镇");
		CHECK_STR(src[0].value, "5");
		CHECK_STR(t->units[src[2].unit].name, "丙镇");
		CHECK(src[2].value == NULL);
		CHECK_INT(src[2].state, TS_REPORTED);
		CHECK_STR(t->units[src[3].unit].name, "戊镇");
		CHECK_STR(src[3].value, "100");
		CHECK_INT(src[3].state, TS_CONFLICT);
		CHECK_STR(t->units[src[4].unit].name, "丁镇");
		CHECK_INT(src[4].state, TS_MISSING);
	}
	free(src);
	CHECK_STR(totals_value(t, 0, fx(f, "study_people"), -1), "40");
	CHECK(totals_value(t, 3, fx(f, "study_people"), -1) == NULL);
	CHECK(totals_value(t, 99, fx(f, "study_people"), -1) == NULL);
	totals_free(t);
	form_free(f);
}

/* A district's own form: a free-text blank lists each unit's text with the unit. */
static void test_free_text(void)
{
	struct form *f = load("tests/core/forms/stats-district.form");
	struct units us = { 0 };
	struct record *r;
	struct totals *t;
	char *s;

	r = copy_of(f, "甲街道");
	set(r, "other_forms", -1, "读书班");
	set(r, "other_people", -1, "12");
	set(r, "fire_station", -1, "是");
	unit_add(&us, "甲街道", TS_REPORTED, r);
	r = copy_of(f, "乙街道");
	set(r, "fire_drills", -1, "2");
	unit_add(&us, "乙街道", TS_REPORTED, r);
	r = copy_of(f, "丙街道");
	set(r, "other_forms", -1, "沙龙");
	set(r, "other_people", -1, "8");
	set(r, "fire_station", -1, "否");
	unit_add(&us, "丙街道", TS_REPORTED, r);
	t = totals_build(f, "某区", us.u, us.n, NULL, 0);
	CHECK_INT(totals_kind_of(f, fx(f, "other_forms")), TK_LIST);
	s = totals_figure(t, fx(f, "other_forms"), NULL);
	CHECK_STR(s, "甲街道：读书班；丙街道：沙龙（1 个单位未填）");
	free(s);
	s = totals_figure(t, fx(f, "other_people"), NULL);
	CHECK_STR(s, "20（1 个单位未填）");
	free(s);
	s = totals_figure(t, fx(f, "fire_drills"), NULL);
	CHECK_STR(s, "2（2 个单位未填）");
	free(s);
	s = totals_figure(t, fx(f, "fire_station"), NULL);
	CHECK_STR(s, "是 1 个、否 1 个、未填 1 个");
	free(s);
	totals_free(t);
	form_free(f);
}

/* The form filled with the totals, through the unit's text export. */
static void test_display_text(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	struct record *own = record_new(f), *d;
	struct strbuf out = STRBUF_INIT;
	struct form *copy;

	set(own, "contact", -1, "王区");
	d = totals_display(t, own, &copy);
	export_text(d, 0, 0, &out);
	CHECK(strstr(out.buf, "汇总 3/5 个单位；未报：丁镇；有冲突（未计入）：戊镇\n") != NULL);
	CHECK(strstr(out.buf, "填报单位（盖章）：宝坻区\n") != NULL);
	CHECK(strstr(out.buf, "联系人：王区\n") != NULL);
	CHECK(strstr(out.buf, "填报日期：6月20日\n") != NULL);
	CHECK(strstr(out.buf, "汇总时间：") != NULL);
	CHECK(strstr(out.buf, "理论学习中心组学习（12，1 个单位未填）次，参与（65，1 个单位未填）人次；") !=
	      NULL);
	CHECK(strstr(out.buf, "电视专题片 是 1 个、否 1 个、未填 1 个；") != NULL);
	CHECK(strstr(out.buf, "征集习近平总书记关于安全生产重要论述学习文章(3)篇") != NULL);
	CHECK(strstr(out.buf, "组织集中学习观看（均未填）场") != NULL);
	if (test_failed_checks)
		printf("%s", out.buf);
	strbuf_free(&out);
	record_free(d);
	free(copy);
	record_free(own);
	totals_free(t);
	form_free(f);
}

/* The per-unit table and its CSV: roster order, 未报 and conflict rows, 合计 and 未填. */
static void test_table_csv(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	struct totals_table tb;
	struct strbuf csv = STRBUF_INIT;
	int c_st = -1, c_film = -1;

	totals_table(t, &tb);
	for (int c = 0; c < tb.ncols; c++) {
		if (tb.fields[c] == fx(f, "study_times"))
			c_st = c;
		if (tb.fields[c] == fx(f, "film_studied"))
			c_film = c;
	}
	CHECK_STR(tb.heads[0], "序号");
	CHECK_STR(tb.heads[1], "单位");
	CHECK_STR(tb.heads[2], "状态");
	CHECK_STR(tb.heads[tb.ncols - 2], "修订号");
	CHECK_STR(tb.heads[tb.ncols - 1], "收到时间");
	CHECK_INT(tb.ncols, 3 + f->nfields + 2);
	CHECK_INT(tb.nrows, 7);
	CHECK(c_st > 0 && c_film > 0);
	if (tb.nrows == 7 && c_st > 0 && c_film > 0) {
		CHECK_STR(tb.rows[0].cells[1], "甲镇");
		CHECK_STR(tb.rows[0].cells[c_st], "5");
		CHECK_STR(tb.rows[2].cells[1], "丙镇");
		CHECK(tb.rows[2].cells[c_st] == NULL);
		CHECK_INT(tb.rows[3].kind, TR_MISSING);
		CHECK_STR(tb.rows[3].cells[2], "未报");
		CHECK(tb.rows[3].cells[tb.ncols - 2] == NULL);
		CHECK_INT(tb.rows[4].kind, TR_CONFLICT);
		CHECK(tb.rows[4].cells[c_st] == NULL);
		CHECK_INT(tb.rows[5].kind, TR_TOTAL);
		CHECK_STR(tb.rows[5].cells[1], "合计");
		CHECK_STR(tb.rows[5].cells[2], "计入 3/5 个单位");
		CHECK_STR(tb.rows[5].cells[c_st], "12");
		CHECK_STR(tb.rows[5].cells[c_film], "是 1、否 1");
		CHECK_INT(tb.rows[6].kind, TR_BLANKS);
		CHECK_STR(tb.rows[6].cells[c_st], "1");
		CHECK_STR(tb.rows[6].cells[c_film], "1");
		CHECK_STR(tb.rows[0].cells[tb.ncols - 1], "2021-06-02T10:15:30+08:00");
		CHECK(totals_cell_is_number(&tb, 0, c_st));
		CHECK(!totals_cell_is_number(&tb, 2, c_st));
		CHECK(!totals_cell_is_number(&tb, 5, c_film));
	}
	totals_table_csv(&tb, &csv);
	CHECK(str_starts(csv.buf, "序号,单位,状态,填报单位（盖章）,联系人,电话,填报日期,"
				  "理论学习中心组学习次数,"));
	CHECK(strstr(csv.buf, "\r\n1,甲镇,已报,,张一,,,5,40,是,") != NULL);
	CHECK(strstr(csv.buf, "\r\n4,丁镇,未报,,,,,,,,") != NULL);
	CHECK(strstr(csv.buf, "\r\n,合计,计入 3/5 个单位,,,,,12,65,是 1、否 1,,,,,3,") != NULL);
	if (test_failed_checks)
		printf("%s", csv.buf);
	strbuf_free(&csv);
	totals_table_free(&tb);
	totals_free(t);
	form_free(f);
}

/* The report one level up: a unit's values that pass the checks, and its summary. */
static void test_report(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = stats_district(f, NULL, 0);
	struct record *own = record_new(f), *r;
	char *notes = NULL, *cause = NULL, *sum;
	struct check_problem *pr;
	int np, counted = 0, total = 0, *blank;

	set(own, "contact", -1, "王区");
	set(own, "phone", -1, "022-29240881");
	r = totals_report(t, own, &notes, &cause);
	CHECK(r != NULL);
	if (r == NULL) {
		printf("# %s\n", cause);
		goto out;
	}
	CHECK_STR(record_get(r, fx(f, "unit_name"), -1), "宝坻区");
	CHECK_STR(r->unit, "宝坻区");
	CHECK_STR(record_get(r, fx(f, "contact"), -1), "王区");
	CHECK_STR(record_get(r, fx(f, "study_times"), -1), "12");
	CHECK_STR(record_get(r, fx(f, "study_people"), -1), "65");
	CHECK_STR(record_get(r, fx(f, "articles"), -1), "3");
	/* Nobody gave it: blank, never 0. */
	CHECK(record_get(r, fx(f, "film_people"), -1) == NULL);
	CHECK_STR(record_get(r, fx(f, "film_studied"), -1), "是");
	CHECK(record_get(r, fx(f, "platform_used"), -1) == NULL);
	CHECK(record_get(r, fx(f, "report_date"), -1) != NULL);
	np = check_record(r, &pr);
	for (int i = 0; i < np; i++)
		CHECK(pr[i].level != CHECK_HARD);
	free(pr);
	CHECK(notes != NULL && strstr(notes, "未报：丁镇") != NULL);

	sum = totals_summary(t);
	/* The figures some units left blank; the ones all left blank are blank themselves. */
	CHECK_STR(sum, "汇总 3/5 个单位；未填：理论学习中心组学习次数 1 个、理论学习中心组学习参与人次 1 个、"
		  "是否专题学习《生命重于泰山》电视专题片 1 个");
	blank = calloc((size_t)f->nfields, sizeof *blank);
	CHECK_INT(totals_summary_parse(sum, f, &counted, &total, blank), 0);
	CHECK_INT(counted, 3);
	CHECK_INT(total, 5);
	CHECK_INT(blank[fx(f, "study_times")], 1);
	CHECK_INT(blank[fx(f, "film_sessions")], 0);
	CHECK_INT(blank[fx(f, "articles")], 0);
	/* as an earlier version wrote it (ids), and a column name holding 、 */
	memset(blank, 0, (size_t)f->nfields * sizeof *blank);
	CHECK_INT(totals_summary_parse("汇总 3/5 个单位；未填：study_times 2、film_studied 1", f,
				       &counted, &total, blank), 0);
	CHECK_INT(blank[fx(f, "study_times")], 2);
	CHECK_INT(blank[fx(f, "film_studied")], 1);
	memset(blank, 0, (size_t)f->nfields * sizeof *blank);
	CHECK_INT(totals_summary_parse("汇总 3/5 个单位；未填：灾害避险逃生、自救互救演练场次 2 个、"
				       "征集学习文章篇数 1 个", f, &counted, &total, blank), 0);
	CHECK_INT(blank[fx(f, "drills")], 2);
	CHECK_INT(blank[fx(f, "articles")], 1);
	CHECK_INT(totals_summary_parse("不是汇总", f, &counted, &total, blank), -1);
	CHECK_INT(totals_summary_parse("汇总 3/x 个单位", f, &counted, &total, blank), -1);
	free(blank);
	free(sum);
	record_free(r);
out:
	free(notes);
	free(cause);
	record_free(own);
	totals_free(t);
	form_free(f);
}

/* A sum beyond the nine digits a count may have is refused, not cut. */
static void test_report_too_big(void)
{
	struct form *f = load("forms/stats.form");
	struct units us = { 0 };
	struct record *r;
	struct totals *t;
	char *notes = NULL, *cause = NULL;

	for (int i = 0; i < 2; i++) {
		r = copy_of(f, i ? "乙" : "甲");
		set(r, "quiz_people", -1, "999999999");
		unit_add(&us, i ? "乙" : "甲", TS_REPORTED, r);
	}
	t = totals_build(f, "区", us.u, us.n, NULL, 0);
	CHECK(t->fields[fx(f, "quiz_people")].sum == 1999999998LL);
	r = totals_report(t, NULL, &notes, &cause);
	CHECK(r == NULL);
	CHECK(cause != NULL && strstr(cause, "1999999998") != NULL);
	record_free(r);
	free(notes);
	free(cause);
	totals_free(t);
	form_free(f);
}

/*
 * Township → district → city: two districts' reports, read by a city as its units,
 * sum to the figures of all the townships; blanks below are carried up by the summary.
 */
static void test_cascade(void)
{
	struct form *f = load("forms/stats.form");
	struct units a = { 0 }, b = { 0 }, city = { 0 };
	struct totals *ta, *tb, *tc;
	struct record *r, *ra, *rb;
	char *notes, *cause, *s;
	int st = fx(f, "study_times");

	/* District A: 5 + 7 + blank; district B: 10, blank. */
	r = copy_of(f, "甲镇");
	set(r, "study_times", -1, "5");
	unit_add(&a, "甲镇", TS_REPORTED, r);
	r = copy_of(f, "乙镇");
	set(r, "study_times", -1, "7");
	unit_add(&a, "乙镇", TS_REPORTED, r);
	r = copy_of(f, "丙镇");
	unit_add(&a, "丙镇", TS_REPORTED, r);
	r = copy_of(f, "子镇");
	set(r, "study_times", -1, "10");
	unit_add(&b, "子镇", TS_REPORTED, r);
	unit_add(&b, "丑镇", TS_MISSING, NULL);
	ta = totals_build(f, "甲区", a.u, a.n, NULL, 0);
	tb = totals_build(f, "乙区", b.u, b.n, NULL, 0);
	ra = totals_report(ta, NULL, &notes, &cause);
	free(notes);
	rb = totals_report(tb, NULL, &notes, &cause);
	free(notes);
	CHECK(ra != NULL && rb != NULL);
	if (ra == NULL || rb == NULL)
		return;
	unit_add(&city, "甲区", TS_REPORTED, ra);
	city.u[0].summary = totals_summary(ta);
	unit_add(&city, "乙区", TS_REPORTED, rb);
	city.u[1].summary = totals_summary(tb);
	CHECK_STR(city.u[0].summary, "汇总 3/3 个单位；未填：理论学习中心组学习次数 1 个");
	CHECK_STR(city.u[1].summary, "汇总 1/2 个单位");
	tc = totals_build(f, "某市", city.u, city.n, NULL, 0);
	CHECK(tc->fields[st].sum == 22);
	CHECK_INT(tc->fields[st].blank, 0);
	CHECK_INT(tc->fields[st].below_blank, 1);
	CHECK_INT(tc->below_counted, 4);
	CHECK_INT(tc->below_total, 5);
	s = totals_figure(tc, st, NULL);
	CHECK_STR(s, "22（下级另有 1 个单位未填）");
	free(s);
	/* Nobody below gave study_people: blank in both reports, read as all their units. */
	CHECK_INT(tc->fields[form_field_index(f, "study_people")].below_blank, 4);
	s = totals_figure(tc, form_field_index(f, "study_people"), NULL);
	CHECK_STR(s, "未填（2 个单位）");
	free(s);
	s = totals_coverage(tc);
	CHECK_STR(s, "汇总 2/2 个单位（下级 4/5 个单位）");
	free(s);
	/* The city's own summary counts the townships. */
	s = totals_summary(tc);
	CHECK_STR(s, "汇总 2/2 个单位；下级 4/5 个单位；未填：理论学习中心组学习次数 1 个");
	free(s);
	totals_free(ta);
	totals_free(tb);
	totals_free(tc);
	form_free(f);
}

/* A form that is only a repeating group: every unit's rows in one table, by date. */
static void test_plan_list(void)
{
	struct form *f = load("forms/plan.form");
	struct units us = { 0 };
	struct record *r;
	struct totals *t;
	struct totals_table tb;
	struct strbuf txt = STRBUF_INIT;
	int g = form_group_index(f, "activities"), cdate = -1, ckind = -1;

	r = copy_of(f, "甲镇");
	record_row_add(r, g);
	record_row_add(r, g);
	set(r, "kind", 0, "安全咨询");
	set(r, "date", 0, "6月16日");
	set(r, "kind", 1, "消防演练");
	set(r, "date", 1, "6月1日至6月30日");
	unit_add(&us, "甲镇", TS_REPORTED, r);
	unit_add(&us, "乙镇", TS_MISSING, NULL);
	r = copy_of(f, "丙镇");
	record_row_add(r, g);
	set(r, "kind", 0, "宣讲");
	set(r, "date", 0, "6月5日");
	set(r, "host", 0, "丙镇政府");
	unit_add(&us, "丙镇", TS_REPORTED, r);
	t = totals_build(f, "宝坻区", us.u, us.n, NULL, 0);
	CHECK_INT(t->shape, TSH_LIST);
	totals_table(t, &tb);
	for (int c = 0; c < tb.ncols; c++) {
		if (tb.fields[c] == fx(f, "date"))
			cdate = c;
		if (tb.fields[c] == fx(f, "kind"))
			ckind = c;
	}
	/* Three rows, 乙镇 未报, then 合计 and 未填 (of 成果形式, a multiple choice). */
	CHECK_INT(tb.nrows, 6);
	if (tb.nrows == 6 && cdate > 0 && ckind > 0) {
		CHECK_STR(tb.rows[0].cells[cdate], "6月1日至6月30日");
		CHECK_STR(tb.rows[0].cells[1], "甲镇");
		CHECK_STR(tb.rows[1].cells[cdate], "6月5日");
		CHECK_STR(tb.rows[1].cells[1], "丙镇");
		CHECK_STR(tb.rows[2].cells[ckind], "安全咨询");
		CHECK_STR(tb.rows[3].cells[1], "乙镇");
		CHECK_INT(tb.rows[3].kind, TR_MISSING);
		CHECK_INT(tb.rows[4].kind, TR_TOTAL);
	}
	totals_table_free(&tb);
	totals_text(t, &txt);
	CHECK(strstr(txt.buf, "宝坻区“安全生产月”重点活动计划安排（汇总）\n") != NULL);
	CHECK(strstr(txt.buf, "重点活动（共 3 项，按日期排列）：\n\n1. 6月1日至6月30日　甲镇　消防演练\n\n2.") !=
	      NULL);
	CHECK(strstr(txt.buf, "2. 6月5日　丙镇　宣讲\n    主办单位：丙镇政府\n") != NULL);
	CHECK(strstr(txt.buf, "还没有报送的单位：乙镇（共 1 个单位）") != NULL);
	if (test_failed_checks)
		printf("%s", txt.buf);
	strbuf_free(&txt);
	{
		char *notes = NULL, *cause = NULL;
		struct record *rep = totals_report(t, NULL, &notes, &cause);

		CHECK(rep != NULL);
		if (rep != NULL) {
			CHECK_INT(rep->nrows[g], 3);
			CHECK_STR(record_get(rep, fx(f, "kind"), 1), "宣讲");
			CHECK_STR(record_get(rep, fx(f, "unit_name"), -1), "宝坻区");
		}
		record_free(rep);
		free(notes);
		free(cause);
	}
	totals_free(t);
	form_free(f);
}

/* More rows than the group allows cannot be reported up: refused, not cut. */
static void test_plan_too_many(void)
{
	struct form *f = load("forms/plan.form");
	struct units us = { 0 };
	int g = form_group_index(f, "activities");
	char *notes = NULL, *cause = NULL;
	struct record *rep;
	struct totals *t;

	for (int u = 0; u < 2; u++) {
		struct record *r = copy_of(f, u ? "乙" : "甲");

		for (int i = 0; i < 30; i++) {
			record_row_add(r, g);
			set(r, "kind", i, "活动");
		}
		unit_add(&us, u ? "乙" : "甲", TS_REPORTED, r);
	}
	t = totals_build(f, "区", us.u, us.n, NULL, 0);
	rep = totals_report(t, NULL, &notes, &cause);
	CHECK(rep == NULL);
	CHECK(cause != NULL && strstr(cause, "合计 60 项") != NULL && strstr(cause, "最多 50 项"));
	free(notes);
	free(cause);
	totals_free(t);
	form_free(f);
}

/* A form of contact fields: the directory in roster order, with the units missing one. */
static void test_directory(void)
{
	struct form *f = load("forms/liaison.form");
	struct units us = { 0 };
	struct record *r;
	struct totals *t;
	struct strbuf txt = STRBUF_INIT;

	r = copy_of(f, "甲镇");
	set(r, "name", -1, "张三");
	set(r, "position", -1, "副镇长");
	set(r, "mobile", -1, "13812345678");
	set(r, "unit_name", -1, "甲镇");
	unit_add(&us, "甲镇", TS_REPORTED, r);
	unit_add(&us, "乙镇", TS_MISSING, NULL);
	t = totals_build(f, "宝坻区", us.u, us.n, NULL, 0);
	CHECK_INT(t->shape, TSH_DIRECTORY);
	totals_text(t, &txt);
	CHECK(strstr(txt.buf, "1. 甲镇\n    姓名：张三；职务：副镇长；手机：13812345678\n") != NULL);
	CHECK(strstr(txt.buf, "2. 乙镇（未报）\n") != NULL);
	CHECK(strstr(txt.buf, "还没有报送的单位：乙镇") != NULL);
	if (test_failed_checks)
		printf("%s", txt.buf);
	strbuf_free(&txt);
	totals_free(t);
	form_free(f);
}

/* No units at all, and no unit reported: nothing is made up. */
static void test_empty(void)
{
	struct form *f = load("forms/stats.form");
	struct totals *t = totals_build(f, NULL, NULL, 0, NULL, 0);
	struct units us = { 0 };
	char *s = totals_coverage(t);

	CHECK(strstr(s, "名单上还没有单位") != NULL);
	free(s);
	totals_free(t);
	unit_add(&us, "甲", TS_MISSING, NULL);
	t = totals_build(f, NULL, us.u, us.n, NULL, 0);
	s = totals_figure(t, fx(f, "study_times"), NULL);
	CHECK_STR(s, "（还没有单位报送）");
	free(s);
	totals_free(t);
	form_free(f);
}

/* A valid value of a field, as the checks store it (malloc'd, NULL when none is made up). */
static char *valid_value(const struct form *f, int fi, int k)
{
	static const char *const by_type[FT__COUNT] = {
		[FT_TEXT] = "甲", [FT_LONGTEXT] = "第一段\n第二段", [FT_COUNT] = "3",
		[FT_PHONE] = "022-29240881", [FT_MOBILE] = "13900000001", [FT_EMAIL] = "a@b.cn",
		[FT_WECHAT] = "wx_abc123", [FT_DATE] = "6月5日", [FT_DATERANGE] = "6月5日至6月9日",
		[FT_YESNO] = "是",
	};
	const struct form_field *fld = &f->fields[fi];
	const char *in = by_type[fld->type];
	struct check_result res;

	if (fld->type == FT_CHOICE || fld->type == FT_MULTI)
		in = fld->noptions > 0 ? fld->options[k % fld->noptions] : NULL;
	if (fld->type == FT_YESNO && k % 2)
		in = "否";
	check_value(f, fld, in, &res);
	if (res.level == CHECK_HARD) {
		free(res.value);
		return NULL;
	}
	return res.value;
}

/* Every shipped and test form: two units fill every field, one does not report; every
 * output is made, every count sums to 2 x 3, and the report passes the form's checks. */
static void test_every_form(void)
{
	static const char *const dirs[] = { "forms", "tests/core/forms" };

	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		struct form **fs;
		char *cause = NULL;
		int n = form_load_dir(dirs[d], &fs, &cause);

		free(cause);
		for (int i = 0; i < n; i++) {
			const struct form *f = fs[i];
			struct units us = { 0 };
			struct totals *t;
			struct totals_table tb;
			struct strbuf out = STRBUF_INIT;
			struct form *copy;
			struct record *disp, *rep;
			char *notes = NULL, *why = NULL;

			for (int u = 0; u < 2; u++) {
				struct record *r = copy_of(f, u ? "乙" : "甲");

				for (int g = 0; g < f->ngroups; g++)
					for (int k = 0; k < 2; k++)
						record_row_add(r, g);
				for (int fi = 0; fi < f->nfields; fi++) {
					int g = f->fields[fi].group, rows = g >= 0 ? r->nrows[g] : 1;

					for (int row = 0; row < rows; row++) {
						char *v = valid_value(f, fi, u + row);

						record_set(r, fi, g >= 0 ? row : -1, v);
						free(v);
					}
				}
				unit_add(&us, u ? "乙" : "甲", TS_REPORTED, r);
			}
			unit_add(&us, "丙", TS_MISSING, NULL);
			t = totals_build(f, "区", us.u, us.n, NULL, 0);
			for (int fi = 0; fi < f->nfields; fi++)
				if (t->fields[fi].kind == TK_SUM)
					CHECK(t->fields[fi].sum ==
					      (f->fields[fi].group >= 0 ? 12 : 6));
			disp = totals_display(t, NULL, &copy);
			export_text(disp, 0, 0, &out);
			CHECK(strstr(out.buf, "汇总 2/3 个单位；未报：丙") != NULL || f->reading);
			record_free(disp);
			free(copy);
			totals_text(t, &out);
			totals_table(t, &tb);
			CHECK_INT(tb.rows[0].kind, TR_UNIT);
			totals_table_csv(&tb, &out);
			totals_table_free(&tb);
			rep = totals_report(t, NULL, &notes, &why);
			if (rep != NULL) {
				struct check_problem *pr;
				int np = check_record(rep, &pr);

				for (int k = 0; k < np; k++)
					if (pr[k].level == CHECK_HARD) {
						printf("#   %s: %s\n", f->id, pr[k].msg);
						test_failed_checks++;
					}
				free(pr);
			} else {
				printf("#   %s: %s\n", f->id, why);
				test_failed_checks++;
			}
			record_free(rep);
			free(notes);
			free(why);
			strbuf_free(&out);
			totals_free(t);
		}
		form_list_free(fs, n);
	}
}

int main(void)
{
	setenv("TIANBIAO_TODAY", "2021-06-20", 1);
	config_load();
	TEST_RUN(test_counts_with_blanks);
	TEST_RUN(test_yesno);
	TEST_RUN(test_coverage);
	TEST_RUN(test_sources);
	TEST_RUN(test_free_text);
	TEST_RUN(test_display_text);
	TEST_RUN(test_table_csv);
	TEST_RUN(test_report);
	TEST_RUN(test_report_too_big);
	TEST_RUN(test_cascade);
	TEST_RUN(test_plan_list);
	TEST_RUN(test_plan_too_many);
	TEST_RUN(test_directory);
	TEST_RUN(test_empty);
	TEST_RUN(test_every_form);
	return test_done();
}
