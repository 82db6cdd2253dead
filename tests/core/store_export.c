/* store_export.c - what was sent: the export records behind 已导出 and 请重新导出, and the
 * first export time of a revision that makes an unchanged form's files come out the same. */
#include "store_test.h"

/* A new database in the scratch directory. */
static struct store *open_new(const char *name)
{
	char *path = st_path(name), *cause = NULL;
	struct store *s = store_open(path, STORE_CREATE, &cause);

	if (s == NULL)
		printf("#   %s\n", cause);
	free(cause);
	free(path);
	return s;
}

static void test_state(void)
{
	struct form *f = st_form();
	struct store *s = open_new("e.db");
	struct store_export es;
	const char *fmts[] = { "txt", "csv", "xlsx" };
	const char *paths[] = { "/o/a.txt", "/o/a.csv", "/o/a.xlsx" };
	char *cause = NULL;
	struct record *rec = NULL;
	struct store *w;

	if (s == NULL || f == NULL) {
		test_failed_checks++;
		form_free(f);
		return;
	}
	CHECK_INT(store_export_state(s, "单位", f, 3, &es, &cause), 0);
	CHECK(!es.exported && es.first_at == 0);
	/* A form never saved has no submission: its export is kept but never read. */
	CHECK_INT(store_export_add(s, "单位", f, 0, 500, fmts, paths, 1, &cause), 0);
	CHECK_INT(store_export_state(s, "单位", f, 0, &es, &cause), 0);
	CHECK(!es.exported);
	CHECK_INT(store_unit_set(s, "单位", &cause), 0);
	rec = record_new(f);
	CHECK_INT(store_set(s, "单位", rec, 1, -1, "黄璐", &cause), 0);
	CHECK_INT(store_export_add(s, "单位", f, 3, 1000, fmts, paths, 3, &cause), 0);
	CHECK_INT(store_export_state(s, "单位", f, 3, &es, &cause), 0);
	CHECK(es.exported && es.revision == 3 && es.at == 1000 && es.first_at == 1000);
	/* Again later, unchanged: the first time stays the one to write. */
	CHECK_INT(store_export_add(s, "单位", f, 3, 2000, fmts, paths, 1, &cause), 0);
	CHECK_INT(store_export_state(s, "单位", f, 3, &es, &cause), 0);
	CHECK(es.at == 2000 && es.first_at == 1000);
	/* The form changed since: the last export is of revision 3, revision 5 was never sent. */
	CHECK_INT(store_export_state(s, "单位", f, 5, &es, &cause), 0);
	CHECK(es.exported && es.revision == 3 && es.first_at == 0);
	/* Another unit's form is another slot. */
	CHECK_INT(store_export_state(s, "别的单位", f, 3, &es, &cause), 0);
	CHECK(!es.exported);
	CHECK_INT(store_export_state(s, NULL, f, 3, &es, &cause), 0);
	CHECK(!es.exported);
	/* A bad format is refused by the schema, and nothing of that export is kept. */
	{
		const char *bad[] = { "txt", "pdf" };

		CHECK_INT(store_export_add(s, "单位", f, 6, 3000, bad, paths, 2, &cause), -1);
		CHECK(cause != NULL);
		free(cause);
		cause = NULL;
		CHECK_INT(store_export_state(s, "单位", f, 6, &es, &cause), 0);
		CHECK(es.revision == 3 && es.first_at == 0);
	}
	/* Renamed from the list: the same submission, so what was sent stays known; the
	 * rename is a change, so the form is newer than what was sent. */
	CHECK_INT(store_unit_set(s, "新单位", &cause), 0);
	CHECK_INT(store_export_state(s, "新单位", f, 4, &es, &cause), 0);
	CHECK(es.exported && es.revision == 3 && es.first_at == 0);
	CHECK_INT(store_export_state(s, "单位", f, 3, &es, &cause), 0);
	CHECK(!es.exported);
	{
		char **p = NULL;
		int n = 0;

		CHECK_INT(store_export_paths(s, "新单位", f, &p, &n, &cause), 0);
		CHECK_INT(n, 3);
		if (n == 3)
			CHECK(strcmp(p[0], "/o/a.txt") == 0 && strcmp(p[2], "/o/a.xlsx") == 0);
		for (int i = 0; i < n; i++)
			free(p[i]);
		free(p);
		CHECK_INT(store_export_paths(s, "别的单位", f, &p, &n, &cause), 0);
		CHECK_INT(n, 0);
	}
	record_free(rec);
	store_close(s);
	/* A read-only open sees the same. */
	{
		char *path = st_path("e.db");

		s = store_open(path, STORE_READONLY, &cause);
		CHECK(s != NULL);
		if (s != NULL) {
			CHECK_INT(store_export_state(s, "新单位", f, 3, &es, &cause), 0);
			CHECK(es.exported && es.first_at == 1000);
			/* nobody holds the lock: a read-only handle records nothing */
			CHECK_INT(store_export_add(s, "新单位", f, 4, 1, fmts, paths, 1, &cause), -1);
			free(cause);
			cause = NULL;
			/* beside a writer that holds it (the screens), it records */
			w = store_open(path, 0, &cause);
			CHECK(w != NULL);
			CHECK_INT(store_export_add(s, "新单位", f, 4, 3000, fmts, paths, 1, &cause), 0);
			if (w != NULL) {
				CHECK_INT(store_export_state(w, "新单位", f, 4, &es, &cause), 0);
				CHECK(es.exported && es.revision == 4 && es.first_at == 3000);
				store_close(w);
			}
			store_close(s);
		}
		free(path);
	}
	form_free(f);
}

int main(void)
{
	st_setup();
	TEST_RUN(test_state);
	st_cleanup();
	return test_done();
}
