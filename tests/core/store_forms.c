/*
 * store_forms.c - the shipped forms (the .form files in forms/) through the store: a
 * value in every field and group row of every form, in one file database, read back
 * after reopening; then every value blanked again. Run from the top of the tree
 * (tests/run.sh does).
 */
#include "store_test.h"

/* The value the test stores in field i, row r (awkward on purpose). */
static char *value_for(const struct form *f, int i, int r)
{
	return xasprintf("%s=%s·%d,\"第%d行\"\n'", f->id, f->fields[i].id, i, r + 1);
}

/* Fill every field of f (two rows in each group) and check the record as it goes. */
static void fill(struct store *s, struct record *rec)
{
	const struct form *f = rec->form;
	char *cause = NULL;

	for (int g = 0; g < f->ngroups; g++)
		for (int k = 0; k < 2 && k < f->groups[g].max; k++)
			CHECK_INT(store_row_add(s, "宝坻区大白庄镇", rec, g, &cause), 0);
	for (int i = 0; i < f->nfields; i++) {
		int g = f->fields[i].group;
		int n = g < 0 ? 1 : rec->nrows[g];

		for (int r = 0; r < n; r++) {
			char *v = value_for(f, i, r);

			st_set(s, "宝坻区大白庄镇", rec, f->fields[i].id, g < 0 ? -1 : r, v);
			free(v);
		}
	}
	free(cause);
}

/* Every field of rec holds what fill stored (or is blank when blank is set). */
static void check_all(const struct record *rec, int blank)
{
	const struct form *f = rec->form;

	for (int i = 0; i < f->nfields; i++) {
		int g = f->fields[i].group;
		int n = g < 0 ? 1 : rec->nrows[g];

		if (g >= 0)
			CHECK_INT(rec->nrows[g], f->groups[g].max < 2 ? f->groups[g].max : 2);
		for (int r = 0; r < n; r++) {
			char *v = value_for(f, i, r);

			CHECK_STR(record_get(rec, i, g < 0 ? -1 : r), blank ? NULL : v);
			free(v);
		}
	}
}

static void test_shipped_forms(void)
{
	struct form **forms = NULL;
	char *cause = NULL, *path = st_path("forms.db");
	int n = form_load_dir("forms", &forms, &cause);
	struct store *s;
	char *uuids[16] = { NULL };
	long revs[16] = { 0 };

	if (cause != NULL)
		printf("# %s\n", cause);
	free(cause);
	CHECK(n >= 3 && n <= 16);
	if (n > 16)
		n = 16;
	s = st_open(path, STORE_CREATE);
	for (int k = 0; k < n; k++) {
		struct record *rec = st_load(s, "宝坻区大白庄镇", forms[k]);

		fill(s, rec);
		check_all(rec, 0);
		uuids[k] = xstrdup(rec->uuid);
		revs[k] = rec->revision;
		record_free(rec);
	}
	store_close(s);

	s = st_open(path, 0);
	for (int k = 0; k < n; k++) {
		struct record *rec = st_load(s, "宝坻区大白庄镇", forms[k]);
		const struct form *f = forms[k];

		check_all(rec, 0);
		CHECK_STR(rec->uuid, uuids[k]);
		CHECK_INT(rec->revision, revs[k]);
		/* Blank everything again: each blank is one more revision. */
		for (int i = 0; i < f->nfields; i++) {
			int g = f->fields[i].group;

			for (int r = 0; r < (g < 0 ? 1 : rec->nrows[g]); r++)
				st_set(s, "宝坻区大白庄镇", rec, f->fields[i].id, g < 0 ? -1 : r,
				       "");
		}
		record_free(rec);
		rec = st_load(s, "宝坻区大白庄镇", forms[k]);
		check_all(rec, 1);
		CHECK_STR(rec->uuid, uuids[k]);
		record_free(rec);
		free(uuids[k]);
	}
	CHECK_INT(store_integrity(s, &cause), 0);
	free(cause);
	store_close(s);
	form_list_free(forms, n);
	free(path);
}

int main(void)
{
	st_setup();
	TEST_RUN(test_shipped_forms);
	st_cleanup();
	return test_done();
}
