/* store_totals.c - the totals' input read from a district's database (units' files imported,
 * a conflict, a unit not reported, a held file) and the district's report kept as its own
 * submission (a new revision only when a value changed). */
#include "core/config.h"
#include "core/export.h"
#include "core/import.h"
#include "core/totals.h"
#include "store/district.h"
#include "store/district_totals.h"
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

/* A stats CSV as a unit would send it (a few of its columns). */
static char *stats_csv(const char *unit, const char *uuid, long rev, const char *times,
		       const char *studied)
{
	return xasprintf("填报单位,表单编号,表单版本,提交编号,修订号,填报单位（盖章）,"
			 "理论学习中心组学习次数,是否专题学习《生命重于泰山》电视专题片\r\n"
			 "%s,stats,2021.1,%s,%ld,%s,%s,%s\r\n",
			 unit, uuid, rev, unit, times, studied);
}

/* A fresh district database with a roster of four units. */
static struct store *district(const char *name)
{
	char *path = st_path(name), *cause = NULL, *notes = NULL;
	char *names[] = { "甲镇", "乙镇", "丙街道", "丁部门" };
	struct district_applied *ap = NULL;
	struct store *s;
	int nap = 0;

	st_remove_db(path);
	s = store_open(path, STORE_CREATE, &cause);
	free(path);
	if (s == NULL ||
	    district_roster_add(s, YEAR, names, 4, forms, nforms, &notes, &ap, &nap, &cause) != 0) {
		printf("# %s\n", cause);
		exit(1);
	}
	district_applied_free(ap, nap);
	free(notes);
	return s;
}

/* Import one file's text. */
static void imp(struct store *s, const char *name, char *text)
{
	struct district_outcome o;
	char *cause = NULL;

	if (district_import_begin(s, &cause) != 0 ||
	    district_import(s, YEAR, name, text, strlen(text), forms, nforms, &o, &cause) != 0 ||
	    district_import_commit(s, &cause) != 0) {
		printf("#   import %s: %s\n", name, cause);
		test_failed_checks++;
		free(cause);
	} else {
		district_outcome_free(&o);
	}
	free(text);
}

/*
 * 甲镇 5 是, 乙镇 7 (blank), 丙街道 a conflict (3 then another submission 9), 丁部门 nothing;
 * a file from 大白庄镇政府 (not on the roster) is held. Hand count: 12, 1 unit blank for the
 * yes/no... (乙镇), counted 2/4.
 */
static void test_units(void)
{
	struct store *s = district("units.db");
	struct totals *t = NULL;
	char *cause = NULL, *c;
	const struct form *f = fm("stats");
	int st = form_field_index(f, "study_times");

	imp(s, "a.csv", stats_csv("甲镇", "11111111111111111111111111111111", 2, "5", "是"));
	imp(s, "b.csv", stats_csv("乙镇", "22222222222222222222222222222222", 1, "7", ""));
	imp(s, "c.csv", stats_csv("丙街道", "33333333333333333333333333333333", 1, "3", "否"));
	imp(s, "c2.csv", stats_csv("丙街道", "44444444444444444444444444444444", 1, "9", "否"));
	imp(s, "x.csv", stats_csv("大白庄镇政府", "55555555555555555555555555555555", 1, "100", "是"));
	CHECK_INT(district_totals(s, YEAR, f, "宝坻区", &t, &cause), 0);
	if (t == NULL) {
		printf("# %s\n", cause);
		store_close(s);
		return;
	}
	CHECK_INT(t->nunits, 4);
	CHECK_INT(t->counted, 2);
	CHECK_INT(t->conflicts, 1);
	CHECK_INT(t->missing, 1);
	CHECK_INT(t->nheld, 1);
	CHECK(t->fields[st].sum == 12);
	CHECK_INT(t->fields[st].blank, 0);
	CHECK_INT(t->fields[form_field_index(f, "film_studied")].yes, 1);
	CHECK_INT(t->fields[form_field_index(f, "film_studied")].blank, 1);
	CHECK_STR(t->units[0].name, "甲镇");
	CHECK_INT(t->units[0].revision, 2);
	CHECK_STR(t->units[0].file, "a.csv");
	CHECK(t->units[0].received[0] != '\0');
	CHECK_INT(t->units[2].state, TS_CONFLICT);
	CHECK_STR(totals_value(t, 2, st, -1), "3");
	c = totals_coverage(t);
	CHECK_STR(c, "汇总 2/4 个单位；未报：丁部门；有冲突（未计入）：丙街道；"
		     "不在名单中（未计入）：大白庄镇政府（文件 x.csv）");
	free(c);
	totals_free(t);
	store_close(s);
}

/* The report is kept as the district's own submission; unchanged, it keeps its revision. */
static void test_report_save(void)
{
	struct store *s = district("report.db");
	const struct form *f = fm("stats");
	struct totals *t = NULL;
	struct record *rep, *back;
	char *cause = NULL, *notes = NULL, uuid[33];
	int changed = -1;

	imp(s, "a.csv", stats_csv("甲镇", "11111111111111111111111111111111", 1, "5", "是"));
	if (district_totals(s, YEAR, f, "宝坻区", &t, &cause) != 0)
		goto out;
	rep = totals_report(t, NULL, &notes, &cause);
	CHECK(rep != NULL);
	CHECK_INT(district_report_save(s, "宝坻区", rep, "汇总 1/4 个单位", &changed, &cause), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(rep->revision, 1);
	CHECK(rep->uuid != NULL && strlen(rep->uuid) == 32);
	snprintf(uuid, sizeof uuid, "%s", rep->uuid ? rep->uuid : "");
	back = record_new(f);
	CHECK_INT(store_load(s, "宝坻区", back, &cause), 0);
	CHECK_STR(record_get(back, form_field_index(f, "study_times"), -1), "5");
	CHECK_INT(back->revision, 1);
	record_free(back);
	/* The same totals again: nothing written, the same revision. */
	record_free(rep);
	free(notes);
	rep = totals_report(t, NULL, &notes, &cause);
	CHECK_INT(district_report_save(s, "宝坻区", rep, "汇总 1/4 个单位", &changed, &cause), 0);
	CHECK_INT(changed, 0);
	CHECK_INT(rep->revision, 1);
	CHECK_STR(rep->uuid, uuid);
	/* The same values with another summary (a unit's blanks changed): a new revision. */
	free(notes);
	record_free(rep);
	rep = totals_report(t, NULL, &notes, &cause);
	CHECK_INT(district_report_save(s, "宝坻区", rep, "汇总 1/4 个单位；未填：articles 1", &changed,
					&cause), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(rep->revision, 2);
	record_free(rep);
	totals_free(t);
	free(notes);
	notes = NULL;
	/* A unit's revision changes the totals: revision 3, the same submission id. */
	imp(s, "a2.csv", stats_csv("甲镇", "11111111111111111111111111111111", 2, "6", "是"));
	CHECK_INT(district_totals(s, YEAR, f, "宝坻区", &t, &cause), 0);
	rep = totals_report(t, NULL, &notes, &cause);
	CHECK_INT(district_report_save(s, "宝坻区", rep, "汇总 1/4 个单位", &changed, &cause), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(rep->revision, 3);
	CHECK_STR(rep->uuid, uuid);
	CHECK_STR(record_get(rep, form_field_index(f, "study_times"), -1), "6");
	record_free(rep);
	/* The district's own copy is not on the roster: never counted in its own totals. */
	totals_free(t);
	CHECK_INT(district_totals(s, YEAR, f, "宝坻区", &t, &cause), 0);
	CHECK(t->fields[form_field_index(f, "study_times")].sum == 6);
out:
	if (cause != NULL)
		printf("# %s\n", cause);
	free(cause);
	free(notes);
	totals_free(t);
	store_close(s);
}

/* A database without the district's tables or roster gives no units, not an error. */
static void test_no_roster(void)
{
	char *path = st_path("plain.db"), *cause = NULL;
	struct store *s = store_open(path, STORE_CREATE, &cause);
	struct totals *t = NULL;

	free(path);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT(district_totals(s, YEAR, fm("stats"), NULL, &t, &cause), 0);
	CHECK(t != NULL && t->nunits == 0);
	totals_free(t);
	store_close(s);
}

int main(void)
{
	char *cause = NULL;

	setenv("TIANBIAO_TODAY", "2021-06-20", 1);
	config_load();
	st_setup();
	nforms = form_load_dir("forms", &forms, &cause);
	free(cause);
	if (nforms != 3) {
		printf("FAIL forms\n");
		return 1;
	}
	TEST_RUN(test_units);
	TEST_RUN(test_report_save);
	TEST_RUN(test_no_roster);
	form_list_free(forms, nforms);
	st_cleanup();
	return test_done();
}
