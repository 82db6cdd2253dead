/* test_record.c - one submission's values in memory: blanks, rows, counts, meta. */
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/record.h"
#include "test.h"

static const char form_text[] =
	"form r\nversion 1\nyear 2021\nattachment 附件2\ntitle 标题\nname 表名\n"
	"field unit text 单位 unit\n"
	"group acts 活动 min=1 max=3 title=kind\n"
	"  field kind text 活动名称\n"
	"  line 参加（{people count}）人\n"
	"end\n"
	"field after count 之后\n";

static struct form *load(void)
{
	char *cause = NULL;
	struct form *f = form_parse("r.form", form_text, strlen(form_text), &cause);

	if (f == NULL)
		printf("#   %s\n", cause);
	free(cause);
	return f;
}

static void test_top_level(void)
{
	struct form *f = load();
	struct record *r;
	int unit, after;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	unit = form_field_index(f, "unit");
	after = form_field_index(f, "after");
	r = record_new(f);
	CHECK(r->form == f);
	CHECK_STR(record_get(r, unit, -1), NULL);
	CHECK_INT(record_set(r, unit, -1, "宝坻区应急局"), 0);
	CHECK_STR(record_get(r, unit, -1), "宝坻区应急局");
	CHECK_STR(record_get(r, unit, 7), "宝坻区应急局");	/* row ignored */
	CHECK_INT(record_set(r, after, 99, "0"), 0);		/* "0" is a value */
	CHECK_STR(record_get(r, after, -1), "0");
	CHECK_INT(record_set(r, after, -1, ""), 0);		/* "" is blank */
	CHECK_STR(record_get(r, after, -1), NULL);
	CHECK_INT(record_set(r, unit, -1, NULL), 0);
	CHECK_STR(record_get(r, unit, -1), NULL);
	CHECK_INT(record_set(r, -1, -1, "x"), -1);
	CHECK_INT(record_set(r, f->nfields, -1, "x"), -1);
	CHECK_STR(record_get(r, -1, -1), NULL);
	CHECK_STR(record_get(r, f->nfields, -1), NULL);
	{
		/* The record keeps its own copy. */
		char buf[] = "abc";

		record_set(r, unit, -1, buf);
		/* cppcheck-suppress unreadVariable ; record_get reads the record, not buf */
		buf[0] = 'x';
		CHECK_STR(record_get(r, unit, -1), "abc");
	}
	record_free(r);
	record_free(NULL);
	form_free(f);
}

static void test_rows(void)
{
	struct form *f = load();
	struct record *r;
	int kind, people, g;

	if (f == NULL) {
		CHECK(0);
		return;
	}
	kind = form_field_index(f, "kind");
	people = form_field_index(f, "people");
	g = form_group_index(f, "acts");
	r = record_new(f);
	CHECK_INT(r->nrows[g], 0);
	CHECK_INT(record_set(r, kind, 0, "x"), -1);		/* no row yet */
	CHECK_STR(record_get(r, kind, 0), NULL);
	CHECK_INT(record_row_add(r, g), 0);
	CHECK_INT(record_row_add(r, g), 1);
	CHECK_INT(record_row_add(r, g), 2);
	CHECK_INT(record_row_add(r, g), -1);			/* max=3 */
	CHECK_INT(record_row_add(r, 5), -1);
	CHECK_INT(record_row_add(r, -1), -1);
	CHECK_INT(r->nrows[g], 3);
	CHECK_INT(record_set(r, kind, 0, "甲"), 0);
	CHECK_INT(record_set(r, people, 0, "10"), 0);
	CHECK_INT(record_set(r, kind, 1, "乙"), 0);
	CHECK_INT(record_set(r, kind, 2, "丙"), 0);
	CHECK_INT(record_set(r, people, 2, "30"), 0);
	CHECK_INT(record_set(r, kind, 3, "丁"), -1);
	CHECK_INT(record_set(r, kind, -1, "丁"), -1);
	CHECK_STR(record_get(r, people, 1), NULL);
	CHECK_STR(record_get(r, people, 3), NULL);
	/* Values are laid out by gpos. */
	CHECK_STR(r->rows[g][1 * 2 + f->fields[kind].gpos], "乙");
	CHECK_STR(r->vals[kind], NULL);

	CHECK_INT(record_row_move(r, g, 0, +1), 0);
	CHECK_STR(record_get(r, kind, 0), "乙");
	CHECK_STR(record_get(r, kind, 1), "甲");
	CHECK_STR(record_get(r, people, 1), "10");
	CHECK_STR(record_get(r, people, 0), NULL);
	CHECK_INT(record_row_move(r, g, 0, -1), -1);
	CHECK_INT(record_row_move(r, g, 2, +1), -1);
	CHECK_INT(record_row_move(r, g, 1, 2), -1);
	CHECK_INT(record_row_move(r, g, 5, -1), -1);
	CHECK_INT(record_row_move(r, 9, 1, -1), -1);
	CHECK_INT(record_row_move(r, g, 2, -1), 0);
	CHECK_STR(record_get(r, kind, 1), "丙");
	CHECK_STR(record_get(r, kind, 2), "甲");

	CHECK_INT(record_row_delete(r, g, 0), 0);		/* 乙 goes, the rest move up */
	CHECK_INT(r->nrows[g], 2);
	CHECK_STR(record_get(r, kind, 0), "丙");
	CHECK_STR(record_get(r, people, 0), "30");
	CHECK_STR(record_get(r, kind, 1), "甲");
	CHECK_STR(record_get(r, kind, 2), NULL);
	CHECK_INT(record_row_delete(r, g, 2), -1);
	CHECK_INT(record_row_delete(r, g, -1), -1);
	CHECK_INT(record_row_delete(r, 3, 0), -1);
	CHECK_INT(record_row_delete(r, g, 1), 0);
	CHECK_INT(record_row_delete(r, g, 0), 0);
	CHECK_INT(r->nrows[g], 0);
	CHECK_INT(record_row_delete(r, g, 0), -1);
	/* A row added after deleting is blank. */
	CHECK_INT(record_row_add(r, g), 0);
	CHECK_STR(record_get(r, kind, 0), NULL);
	CHECK_INT(record_set(r, kind, 0, "戊"), 0);
	record_free(r);
	form_free(f);
}

static void test_count_and_meta(void)
{
	struct form *f = load();
	struct record *r;
	int filled = -1, total = -1, g;

	if (f == NULL) {
		CHECK(0);
		return;
	}
	g = form_group_index(f, "acts");
	r = record_new(f);
	record_count(r, &filled, &total);
	CHECK_INT(filled, 0);
	CHECK_INT(total, 2);
	record_row_add(r, g);
	record_row_add(r, g);
	record_set(r, form_field_index(f, "kind"), 1, "甲");
	record_set(r, form_field_index(f, "after"), -1, "0");
	record_count(r, &filled, &total);
	CHECK_INT(filled, 2);
	CHECK_INT(total, 6);

	CHECK_STR(r->unit, NULL);
	CHECK_INT(r->revision, 0);
	record_set_meta(r, "宝坻区", "0123456789abcdef0123456789abcdef", 5, "2021-06-03T10:00:00");
	CHECK_STR(r->unit, "宝坻区");
	CHECK_STR(r->uuid, "0123456789abcdef0123456789abcdef");
	CHECK_INT(r->revision, 5);
	CHECK_STR(r->updated, "2021-06-03T10:00:00");
	record_set_meta(r, r->unit, NULL, 6, r->updated);	/* its own strings are fine */
	CHECK_STR(r->unit, "宝坻区");
	CHECK_STR(r->uuid, NULL);
	CHECK_INT(r->revision, 6);
	CHECK_STR(r->updated, "2021-06-03T10:00:00");
	record_free(r);
	form_free(f);
}

/* A form without groups, and the shipped forms: every field starts blank. */
static void test_shipped(void)
{
	struct form **forms = NULL;
	char *cause = NULL;
	int n = form_load_dir("forms", &forms, &cause);

	CHECK_INT(n, 3);
	for (int i = 0; i < n; i++) {
		struct record *r = record_new(forms[i]);
		int filled, total;

		record_count(r, &filled, &total);
		CHECK_INT(filled, 0);
		for (int k = 0; k < forms[i]->nfields; k++)
			CHECK(record_get(r, k, 0) == NULL);
		for (int k = 0; k < forms[i]->nfields; k++)
			if (forms[i]->fields[k].group < 0)
				CHECK_INT(record_set(r, k, -1, "1"), 0);
		record_count(r, &filled, &total);
		CHECK_INT(filled, total);
		record_free(r);
	}
	form_list_free(forms, n);
	free(cause);
}

int main(void)
{
	TEST_RUN(test_top_level);
	TEST_RUN(test_rows);
	TEST_RUN(test_count_and_meta);
	TEST_RUN(test_shipped);
	return test_done();
}
