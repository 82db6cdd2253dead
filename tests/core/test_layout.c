/*
 * test_layout.c - a form screen's layout (src/core/layout.h) at several widths, folded
 * and not, by fixed width rules: every shipped and test form, blank and filled in,
 * keeps what layout.h promises; a folded paragraph is cut with ...... inside the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/layout.h"
#include "core/record.h"
#include "core/text.h"
#include "core/util.h"
#include "test.h"

static const char *const form_files[] = {
	"forms/liaison.form", "forms/plan.form", "forms/stats.form",
	"tests/core/forms/all-types.form", "tests/core/forms/plan-variant.form",
	"tests/core/forms/stats-district.form",
};
static const int widths[] = { 58, 60, 80, 120, 200 };

/* Say which layout broke a promise, once per layout. */
static void where(const char *file, int w, int folded, int group, const struct text_rule *r,
		  int *said)
{
	if (!*said)
		printf("#   in %s at %d columns%s%s, %s rule\n", file, w, folded ? ", folded" : "",
		       group >= 0 ? ", a group row" : "", r->ambiguous == 2 ? "print" : "screen");
	*said = 1;
}

/*
 * The promises of layout.h: pieces inside the page and not overlapping on a row, slots
 * inside the page (a field wider than the page excepted), one slot per field of the
 * laid-out part in form order, and every row of the page below nrows.
 */
static void check_layout(const char *file, const struct record *rec, int group, int w,
			 int folded, const struct text_rule *rule)
{
	const struct form *f = rec->form;
	struct layout l;
	int said = 0, next = 0, nfields, *fields;

	layout_build(&l, rec, group, group >= 0 ? 0 : -1, w, folded, rule);
	CHECK_INT(l.width, w);
	for (int i = 0; i < l.npieces; i++) {
		const struct lay_piece *p = &l.pieces[i];
		int pw = text_width_r(rule, p->text);

		if (p->col < 0 || p->row < 0 || p->row >= l.nrows || p->col + pw > w ||
		    strchr(p->text, '\n') != NULL || p->text[0] == '\0') {
			where(file, w, folded, group, rule, &said);
			printf("#     piece %d at %d,%d (%d columns) \"%s\"\n", i, p->row, p->col, pw,
			       p->text);
			CHECK(0);
		}
		for (int k = 0; k < i; k++) {
			const struct lay_piece *q = &l.pieces[k];
			int qw = text_width_r(rule, q->text);

			if (q->row == p->row && q->col < p->col + pw && p->col < q->col + qw) {
				where(file, w, folded, group, rule, &said);
				printf("#     pieces overlap at row %d: \"%s\" and \"%s\"\n", p->row,
				       q->text, p->text);
				CHECK(0);
			}
		}
	}
	/* The fields laid out here, in the order of the form. */
	fields = xcalloc((size_t)f->nfields + (size_t)f->ngroups + 1, sizeof *fields);
	nfields = 0;
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].group == group)
			fields[nfields++] = i;
	for (int i = 0; i < l.nslots; i++) {
		const struct slot *s = &l.slots[i];

		if (s->row < 0 || s->last_row >= l.nrows || s->first_row > s->row ||
		    s->last_row < s->row || s->col < 0) {
			where(file, w, folded, group, rule, &said);
			printf("#     slot %d rows %d..%d..%d of %d\n", i, s->first_row, s->row,
			       s->last_row, l.nrows);
			CHECK(0);
		}
		if ((s->kind == SL_TEXT && s->col + s->cols + 1 > w &&
		     layout_field_cols(&f->fields[s->field]) + 3 <= w) ||
		    (s->kind == SL_LONG && s->col + s->cols > w)) {
			where(file, w, folded, group, rule, &said);
			printf("#     slot %d (%s) at column %d, %d columns\n", i,
			       f->fields[s->field].id, s->col, s->cols);
			CHECK(0);
		}
		for (int k = 0; k < s->nopts; k++)
			if (s->opts[k].col < 0 || s->opts[k].col + s->opts[k].cols > w ||
			    s->opts[k].row < s->row || s->opts[k].row > s->last_row) {
				where(file, w, folded, group, rule, &said);
				printf("#     option %d of %s at %d,%d\n", k, f->fields[s->field].id,
				       s->opts[k].row, s->opts[k].col);
				CHECK(0);
			}
		if (i > 0 && s->row < l.slots[i - 1].row) {
			where(file, w, folded, group, rule, &said);
			printf("#     slot %d above the one before it\n", i);
			CHECK(0);
		}
		if (s->kind == SL_GROUP)
			continue;
		/* Fields of groups are skipped at the top level; the rest come in order. */
		while (next < nfields && f->fields[fields[next]].group != group)
			next++;
		if (next >= nfields || fields[next] != s->field) {
			where(file, w, folded, group, rule, &said);
			printf("#     slot %d is field %d, want %d\n", i, s->field,
			       next < nfields ? fields[next] : -1);
			CHECK(0);
		}
		next++;
	}
	if (next != nfields) {
		where(file, w, folded, group, rule, &said);
		printf("#     %d of %d fields have a slot\n", next, nfields);
		CHECK(0);
	}
	free(fields);
	layout_free(&l);
}

/* Values that make boxes grow and summaries fill: long text, a full-width name. */
static void fill(struct record *r)
{
	const struct form *f = r->form;

	for (int g = 0; g < f->ngroups; g++)
		for (int k = 0; k < 3 && k < f->groups[g].max; k++)
			record_row_add(r, g);
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		const char *v = "6月5日";
		struct strbuf sb = STRBUF_INIT;

		if (fl->type == FT_LONGTEXT) {
			for (int k = 0; k < 20; k++)
				strbuf_adds(&sb, k % 5 == 4 ? "“组织”观看——专题片。\n" :
							      "组织干部职工观看警示教育片，well-known ");
			v = sb.buf;
		} else if (fl->type == FT_TEXT) {
			while (text_width(strbuf_str(&sb)) + 2 <= fl->width)
				strbuf_adds(&sb, "测");
			v = sb.buf;
		} else if (fl->type == FT_CHOICE || fl->type == FT_MULTI) {
			v = fl->options[0];
		} else if (fl->type == FT_YESNO) {
			v = "是";
		} else if (fl->type == FT_COUNT) {
			v = "123456";
		}
		if (fl->group >= 0)
			for (int k = 0; k < r->nrows[fl->group]; k++)
				record_set(r, i, k, v);
		else
			record_set(r, i, -1, v);
		strbuf_free(&sb);
	}
}

/* Every form, blank and filled, top level and a row of each group, every width, both
 * fixed rules, folded and not. */
static void test_every_form(void)
{
	const struct text_rule *rules[] = { &text_screen_rule, &text_print_rule };

	for (size_t fi = 0; fi < sizeof form_files / sizeof form_files[0]; fi++) {
		char *cause = NULL;
		struct form *f = form_load(form_files[fi], &cause);

		if (f == NULL) {
			printf("#   %s\n", cause);
			CHECK(0);
			free(cause);
			continue;
		}
		for (int filled = 0; filled < 2; filled++) {
			struct record *r = record_new(f);

			if (filled)
				fill(r);
			else
				for (int g = 0; g < f->ngroups; g++)
					record_row_add(r, g);
			for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++)
				for (int folded = 0; folded < 2; folded++)
					for (size_t ri = 0; ri < 2; ri++)
						for (int g = -1; g < f->ngroups; g++)
							check_layout(form_files[fi], r, g, widths[wi],
								     folded, rules[ri]);
			record_free(r);
		}
		form_free(f);
	}
}

/* A one-paragraph form. */
static struct form *para_form(const char *para)
{
	char *cause = NULL;
	char *text = xasprintf("form t\nversion 1\nyear 2021\nattachment 附件1\ntitle 标题\n"
			       "name 表\ntext %s\nfield a text 甲\n", para);
	struct form *f = form_parse("t.form", text, strlen(text), &cause);

	if (f == NULL)
		printf("#   %s\n", cause);
	free(cause);
	free(text);
	return f;
}

/* The piece of the paragraph (the only dim one). */
static const struct lay_piece *para_piece(const struct layout *l, int nth)
{
	for (int i = 0; i < l->npieces; i++)
		if (l->pieces[i].style == LS_DIM && nth-- == 0)
			return &l->pieces[i];
	return NULL;
}

/*
 * Folded, a paragraph is one row: as it is when it fits in W - 10 columns, else cut
 * there with ...... after it. The cut text used to be overwritten in place, past the
 * end of the string when the paragraph was one to six bytes longer than the cut
 * (all-types.form at 60 columns; ASan: heap-buffer-overflow).
 */
static void test_folded_cut(void)
{
	const int W = 60, room = W - 2 - 8;

	for (int extra = -2; extra <= 8; extra++) {
		struct strbuf sb = STRBUF_INIT;
		struct form *f;
		struct record *r;
		struct layout l;
		const struct lay_piece *p;

		/* room + extra columns: Chinese, then ASCII to land on every length */
		while (text_width(strbuf_str(&sb)) + 2 <= room + extra)
			strbuf_adds(&sb, "说");
		while (text_width(strbuf_str(&sb)) < room + extra)
			strbuf_adds(&sb, "x");
		f = para_form(sb.buf);
		CHECK(f != NULL);
		if (f == NULL) {
			strbuf_free(&sb);
			continue;
		}
		r = record_new(f);
		layout_build(&l, r, -1, -1, W, 1, &text_screen_rule);
		p = para_piece(&l, 0);
		CHECK(p != NULL && para_piece(&l, 1) == NULL);
		if (p != NULL && extra <= 0) {
			CHECK_STR(p->text, sb.buf);
		} else if (p != NULL) {
			size_t cut = text_fit(sb.buf, room);
			char *want = xasprintf("%.*s......", (int)cut, sb.buf);

			CHECK_STR(p->text, want);
			CHECK(p->col + text_width(p->text) <= W);
			free(want);
		}
		layout_free(&l);
		layout_build(&l, r, -1, -1, W, 0, &text_screen_rule);
		p = para_piece(&l, 0);
		CHECK(p != NULL && (extra <= 8 || para_piece(&l, 1) != NULL));
		layout_free(&l);
		record_free(r);
		form_free(f);
		strbuf_free(&sb);
	}
}

/* The rule measures: “ ” take two columns by the print rule, so a page of quotes
 * wraps sooner by it than by the screen rule. */
static void test_rule_measures(void)
{
	struct form *f = para_form("“一”“二”“三”“四”“五”“六”“七”“八”“九”“十”“一”“二”“三”“四”");
	struct record *r;
	struct layout a, b;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	r = record_new(f);
	layout_build(&a, r, -1, -1, 60, 0, &text_screen_rule);
	layout_build(&b, r, -1, -1, 60, 0, &text_print_rule);
	CHECK(para_piece(&a, 1) == NULL);	/* 56 columns: one row */
	CHECK(para_piece(&b, 1) != NULL);	/* 84 columns: two */
	CHECK(a.rule == &text_screen_rule && b.rule == &text_print_rule);
	layout_free(&a);
	layout_free(&b);
	record_free(r);
	form_free(f);
}

/* A row's summary fits its width by the rule, and never cuts a character. */
static void test_row_summary(void)
{
	char *cause = NULL;
	struct form *f = form_load("forms/plan.form", &cause);
	struct record *r;

	CHECK(f != NULL);
	if (f == NULL) {
		free(cause);
		return;
	}
	r = record_new(f);
	fill(r);
	for (int w = 4; w <= 80; w++) {
		char *s = layout_row_summary(r, 0, 0, w, &text_print_rule);

		CHECK(text_width_print(s) <= w);
		CHECK(text_valid(s, strlen(s)));
		free(s);
	}
	record_free(r);
	form_free(f);
}

int main(void)
{
	TEST_RUN(test_every_form);
	TEST_RUN(test_folded_cut);
	TEST_RUN(test_rule_measures);
	TEST_RUN(test_row_summary);
	return test_done();
}
