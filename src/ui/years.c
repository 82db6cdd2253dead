/*
 * years.c - several campaign years side by side (contract in ui.h): the screens show the
 * forms of one year (a->forms, a subset of args->forms, which holds every year), the list
 * switches between years, and a new year's form opened for the first time offers what was
 * filled into the same form last year (the 联络员 rarely changes).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Show the forms of year (0: the latest with a form to fill in). */
void ui_year_set(struct app *a, int year)
{
	const struct tui_args *args = a->args;
	int n = 0;

	for (int i = 0; year == 0 && i < 2; i++)	/* forms to fill in first, then any */
		for (int k = 0; k < args->nforms; k++)
			if ((i == 1 || !args->forms[k]->reading) && args->forms[k]->year > year)
				year = args->forms[k]->year;
	free(a->year_forms);
	a->year_forms = xcalloc((size_t)args->nforms + 1, sizeof *a->year_forms);
	for (int i = 0; i < args->nforms; i++)
		if (args->forms[i]->year == year)
			a->year_forms[n++] = args->forms[i];
	a->forms = a->year_forms;
	a->nforms = n;
	a->year = year;
}

/* The campaign years of the forms, newest first, at most cap; their count. */
int ui_years(const struct app *a, int *out, int cap)
{
	int n = 0;

	for (int i = 0; i < a->args->nforms; i++) {
		int y = a->args->forms[i]->year, k = 0;

		while (k < n && out[k] != y)
			k++;
		if (k < n || n == cap)
			continue;
		k = n++;
		while (k > 0 && out[k - 1] < y) {	/* insertion, newest first */
			out[k] = out[k - 1];
			k--;
		}
		out[k] = y;
	}
	return n;
}

/* The next older year (after the oldest, the newest again); 0 when there is one year. */
int ui_year_next(const struct app *a)
{
	int ys[64], n = ui_years(a, ys, 64);

	if (n < 2)
		return 0;
	for (int i = 0; i < n; i++)
		if (ys[i] == a->year)
			return ys[(i + 1) % n];
	return ys[0];
}

/* ---- last year's values ------------------------------------------------------------- */

/* What the offer carries: the earlier record and the form it opens afterwards. */
struct offer {
	int fi;
	struct record *old;
};

/* The same form of the latest earlier year that was filled in, loaded; NULL when none. */
static struct record *earlier_record(struct app *a, const struct form *f)
{
	const struct form *old = NULL;
	struct record *r;
	char *cause = NULL;

	for (int i = 0; i < a->args->nforms; i++) {
		const struct form *o = a->args->forms[i];

		if (strcmp(o->id, f->id) == 0 && o->year < f->year && !o->reading &&
		    (old == NULL || o->year > old->year))
			old = o;
	}
	if (old == NULL)
		return NULL;
	r = record_new(old);
	if (store_load(a->args->store, a->unit, r, &cause) != 0 || r->revision == 0) {
		free(cause);
		record_free(r);
		return NULL;
	}
	return r;
}

/* The fields worth carrying over: top-level, filled last year, blank now, not the unit
 * or today's date (those are filled anyway), and still a value this year's check takes.
 * Their count; their labels, the first few, into labels. */
static int carried(struct app *a, int fi, const struct record *old, struct strbuf *labels)
{
	const struct form *f = a->forms[fi];
	const struct record *now = data_record(a, fi);
	int n = 0;

	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		int k = form_field_index(old->form, fld->id);
		const char *v = k >= 0 && old->form->fields[k].group < 0 ? record_get(old, k, -1)
									 : NULL;
		struct check_result res;

		if (fld->group >= 0 || fld->unit || fld->today || v == NULL ||
		    record_get(now, i, -1) != NULL)
			continue;
		check_value(f, fld, v, &res);
		free(res.value);
		if (res.level == CHECK_HARD || old->form->fields[k].type != fld->type)
			continue;
		if (labels != NULL && n < 3)
			strbuf_addf(labels, "%s%s：%s", n > 0 ? "，" : "", fld->label, v);
		n++;
	}
	return n;
}

/* The answer: carry the values over (each saved as a change of this year's form), then
 * open the form either way. */
static void offer_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct offer *o = ctx;
	int fi = o->fi, n = 0;

	if (ans != NULL && ans->value == 1) {
		const struct form *f = a->forms[fi];

		for (int i = 0; i < f->nfields; i++) {
			const struct form_field *fld = &f->fields[i];
			int k = form_field_index(o->old->form, fld->id);
			const char *v = k >= 0 && o->old->form->fields[k].group < 0
						? record_get(o->old, k, -1) : NULL;
			struct check_result res;

			if (fld->group >= 0 || fld->unit || fld->today || v == NULL ||
			    record_get(data_record(a, fi), i, -1) != NULL ||
			    o->old->form->fields[k].type != fld->type)
				continue;
			check_value(f, fld, v, &res);
			if (res.level != CHECK_HARD && data_set(a, fi, i, -1, res.value) == 0)
				n++;
			free(res.value);
		}
	}
	record_free(o->old);
	free(o);
	if (ans == NULL || ans->value < 0)
		return;	/* the program is stopping */
	ui_open_form(a, fi);
	if (n > 0)
		ui_msg(a, MSG_OK, "已带过来 %d 项去年的内容，请逐项核对，有变化的改过来", n);
}

/* Open form fi from the list; a form not filled in yet whose earlier year was asks first
 * whether to carry those values over (once per form and run). */
void ui_open_with_offer(struct app *a, int fi)
{
	const struct form *f = a->forms[fi];
	struct record *old;
	struct strbuf labels = STRBUF_INIT;
	struct offer *o;
	char *text;
	int n;

	for (int i = 0; i < a->noffered; i++)
		if (a->offered[i] == f) {
			ui_open_form(a, fi);
			return;
		}
	if (f->reading || data_record(a, fi)->revision != 0 ||
	    (old = earlier_record(a, f)) == NULL) {
		ui_open_form(a, fi);
		return;
	}
	n = carried(a, fi, old, &labels);
	if (n == 0) {
		record_free(old);
		strbuf_free(&labels);
		ui_open_form(a, fi);
		return;
	}
	if (a->noffered < (int)(sizeof a->offered / sizeof a->offered[0]))
		a->offered[a->noffered++] = f;
	o = xcalloc(1, sizeof *o);
	o->fi = fi;
	o->old = old;
	text = xasprintf("%d 年的“%s”还没有填写。\n%d 年填过这张表：%s%s。\n\n"
			 "要把去年的 %d 项内容带过来吗？带过来以后可以再改；不带就从空白开始。",
			 f->year, f->name, old->form->year, strbuf_str(&labels),
			 n > 3 ? "……" : "", n);
	ui_confirm(a, "用去年的内容", text, "带过来", "不用", 1, offer_answer, o);
	free(text);
	strbuf_free(&labels);
}
