/* store_dpage.c - the district's status a screen at a time (district_page.h): the counts
 * and every window of rows equal what district_status gives for the whole roster, with a
 * unit off the roster, the district's own form, a conflict, a form typed in and held files. */
#include "core/config.h"
#include "core/import.h"
#include "store/district.h"
#include "store/district_page.h"
#include "store_test.h"

#define YEAR 2021

static struct form **forms;
static int nforms;

/* A stats CSV as a unit's tianbiao would send it (a few of its columns). */
static char *stats_csv(const char *unit, const char *uuid, const char *times)
{
	return xasprintf("\xef\xbb\xbf填报单位,表单编号,表单版本,提交编号,修订号,填报单位（盖章）,联系人,电话,"
			 "理论学习中心组学习次数\r\n%s,stats,2021.1,%s,1,%s,李四,022-29240881,%s\r\n",
			 unit, uuid, unit, times);
}

/* Import one text; a failure fails the test. */
static void imp(struct store *s, const char *name, char *text)
{
	struct district_outcome o;
	char *cause = NULL;

	if (district_import(s, YEAR, name, text, strlen(text), forms, nforms, &o, &cause) != 0) {
		printf("#   import %s: %s\n", name, cause);
		test_failed_checks++;
		free(cause);
	} else {
		district_outcome_free(&o);
	}
	free(text);
}

/* Two slots the same, field by field. */
static int slot_eq(const struct district_slot *a, const struct district_slot *b)
{
	return a->reported == b->reported && a->revision == b->revision &&
	       strcmp(a->received, b->received) == 0 &&
	       ((a->file == NULL && b->file == NULL) ||
		(a->file != NULL && b->file != NULL && strcmp(a->file, b->file) == 0)) &&
	       a->nhard == b->nhard && a->nsoft == b->nsoft && a->conflicts == b->conflicts &&
	       a->edited == b->edited;
}

/* The pages and the counts against the whole status. */
static void test_pages(void)
{
	char *path = st_path("dpage"), *cause = NULL, *notes = NULL;
	char *names[] = { "甲镇", "乙镇", "丙镇", "丁镇", "戊镇", "己镇", "庚镇" };
	struct district_applied *ap = NULL;
	struct district_unit *all, *page;
	struct district_held *h;
	struct store *s;
	int n, np, nap, units, rep[3], conf[3], at, nh;

	st_remove_db(path);
	s = store_open(path, STORE_CREATE, &cause);
	free(path);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* an empty district: nothing, no error */
	CHECK(district_page_counts(s, YEAR, forms, nforms, &units, rep, conf, &cause) == 0);
	CHECK_INT(units, 0);
	CHECK(district_roster_add(s, YEAR, names, 7, forms, nforms, &notes, &ap, &nap, &cause) == 0);
	free(notes);
	district_applied_free(ap, nap);
	CHECK(district_import_begin(s, &cause) == 0);
	imp(s, "甲.csv", stats_csv("甲镇", "11111111111111111111111111111111", "3"));
	imp(s, "乙.csv", stats_csv("乙镇", "22222222222222222222222222222222", "x"));
	imp(s, "丙.csv", stats_csv("丙镇", "33333333333333333333333333333333", "5"));
	imp(s, "丙2.csv", stats_csv("丙镇", "44444444444444444444444444444444", "6"));
	imp(s, "壬.csv", stats_csv("壬镇", "55555555555555555555555555555555", "7"));
	imp(s, "丁.csv", stats_csv("丁镇", "66666666666666666666666666666666", "8"));
	CHECK(district_import_commit(s, &cause) == 0);
	/* 丁镇 taken off the roster (what it sent stays), the district's own form, a 代填 */
	CHECK(district_roster_remove(s, YEAR, &names[3], 1, &cause) == 0);
	{
		struct record *r = record_new(forms[2]);

		CHECK(store_set(s, "区安委会", r, 0, -1, "区安委会", &cause) == 0);
		record_free(r);
		r = record_new(forms[0]);
		CHECK(store_set(s, "庚镇", r, 0, -1, "王五", &cause) == 0);
		record_free(r);
	}
	CHECK(district_status(s, YEAR, forms, nforms, &all, &n, &cause) == 0);
	CHECK_INT(n, 6);
	CHECK(district_page_counts(s, YEAR, forms, nforms, &units, rep, conf, &cause) == 0);
	CHECK_INT(units, n);
	for (int k = 0; k < nforms; k++) {
		int r = 0, c = 0;

		for (int i = 0; i < n; i++) {
			r += all[i].slots[k].reported;
			c += all[i].slots[k].conflicts > 0;
		}
		CHECK_INT(rep[k], r);
		CHECK_INT(conf[k], c);
	}
	CHECK_INT(rep[2], 3);	/* 甲 乙 丙: not 丁 (off the roster), not the district's own */
	CHECK_INT(conf[2], 1);
	CHECK_INT(rep[0], 1);	/* 庚镇, typed in */
	for (int first = 0; first <= n; first += 2) {
		CHECK(district_page_units(s, YEAR, forms, nforms, first, 3, &page, &np, &cause) == 0);
		CHECK_INT(np, first + 3 <= n ? 3 : n - first);
		for (int i = 0; i < np; i++) {
			CHECK_STR(page[i].name, all[first + i].name);
			CHECK_INT(page[i].pos, all[first + i].pos);
			for (int k = 0; k < nforms; k++)
				CHECK(slot_eq(&page[i].slots[k], &all[first + i].slots[k]));
		}
		district_units_free(page, np);
	}
	CHECK(district_page_units(s, YEAR, forms, nforms, 0, 0, &page, &np, &cause) == 0 && np == 0);
	/* finding: from a place on, wrapping round, and nothing */
	CHECK(district_page_find(s, YEAR, "丙", 0, &at, &cause) == 0);
	CHECK_INT(at, 2);
	CHECK(district_page_find(s, YEAR, "镇", 4, &at, &cause) == 0);
	CHECK_INT(at, 4);
	CHECK(district_page_find(s, YEAR, "甲", 3, &at, &cause) == 0);
	CHECK_INT(at, 0);
	CHECK(district_page_find(s, YEAR, "无", 0, &at, &cause) == 0);
	CHECK_INT(at, -1);
	/* the held file of 壬镇, as district_held_files gives it */
	CHECK(district_page_held(s, &h, &nh, &cause) == 0);
	CHECK_INT(nh, 1);
	if (nh == 1) {
		CHECK_STR(h[0].unit_name, "壬镇");
		CHECK_STR(h[0].file, "壬.csv");
	}
	district_held_free(h, nh);
	district_units_free(all, n);
	store_close(s);
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
	TEST_RUN(test_pages);
	for (int i = 0; i < nforms; i++)
		form_free(forms[i]);
	free(forms);
	return test_done();
}
