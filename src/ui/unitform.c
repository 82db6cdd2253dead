/*
 * unitform.c - a roster unit's form at the district (contract in ui.h and district.h):
 * shown read-only as the unit filled it in (args.mode 0), or typed in by the district
 * from the unit's paper or Word form (代填, args.mode 1).
 *
 * Opened with args.text (the roster unit), args.fi (the form) and, read-only,
 * args.title (whose copy and where from, for the message line, which adds why it cannot
 * be changed and what its file held that was not taken); all three must be given. While it is open, a->unit and a->data are that unit's, so the form
 * screen, its rows, the problem list and the idle save work unchanged on the unit's
 * copy; a->readonly makes data.c refuse every change, a->borrowed keeps the export
 * from writing files in the unit's name. The form screen opens over this one at once;
 * when it closes, this one closes too and gives the district's own records back. What
 * the district types is stored as the unit's submission, entered here (no file
 * received), which `status` and the inbox show as 代填.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unitform {
	int fi;
	char *saved_unit;		/* the district's own */
	struct app_data *saved_data;
	int saved_borrowed;
	const char *saved_readonly;
	char *readonly;			/* what a->readonly points to while open */
	struct check_problem *brought;	/* what a->brought points to while open */
};

/* Put the district's own unit and records back. */
static void unitform_restore(struct app *a, struct unitform *u)
{
	data_free(a);
	free(a->unit);
	a->unit = u->saved_unit;
	a->data = u->saved_data;
	a->borrowed = u->saved_borrowed;
	a->readonly = u->saved_readonly;
	a->brought = NULL;
	a->nbrought = 0;
	u->saved_unit = NULL;
}

static void unitform_close(struct app *a, void *st, int ending);

/* A received copy: the values its file held that were not taken become problems of the
 * form (F2, the state), and the sentence on the message line names the first. */
static char *unitform_brought(struct app *a, struct unitform *u, const struct screen_args *args)
{
	const struct form *f = a->forms[args->fi];
	struct district_problem *p = NULL;
	char *cause = NULL, one[400];
	int n = 0, k = 0, first = -1;

	if (district_problems(a->args->store, dist_year(a), args->text, f->id, &p, &n, &cause) != 0) {
		free(cause);
		return xasprintf("%s，只能查看；要改请%s改好后重新发送", args->title, args->text);
	}
	u->brought = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*u->brought));
	for (int i = 0; i < n; i++) {
		int fi = p[i].field != NULL ? form_field_index(f, p[i].field) : -1;

		if (p[i].level != 'h' || fi < 0)
			continue;
		if (first < 0)
			first = i;
		u->brought[k].field = fi;
		u->brought[k].row = f->fields[fi].group >= 0 ? p[i].row : -1;
		u->brought[k].level = CHECK_HARD;
		dist_problem_text(&p[i], u->brought[k].msg, sizeof(u->brought[k].msg));
		k++;
	}
	a->brought = u->brought;
	a->nbrought = k;
	a->brought_fi = args->fi;
	if (first >= 0) {	/* the label and what the file held, short */
		const char *m = p[first].message != NULL ? p[first].message : "";
		const char *colon = strstr(m, "：");

		snprintf(one, sizeof(one), "%.*s%s%s%s", colon != NULL ? (int)(colon - m) : (int)strlen(m),
			 m, p[first].found != NULL ? "（文件里是“" : "",
			 p[first].found != NULL ? p[first].found : "", p[first].found != NULL ? "”）" : "");
		dist_cut_whole(one);
	}
	district_problems_free(p, n);
	if (k == 0)
		return xasprintf("%s，只能查看；要改请%s改好后重新发送", args->title, args->text);
	return xasprintf("%s，只能查看。%d 项没有导入：%s%s；请%s改好后重新发送", args->title, k, one,
			 k > 1 ? " 等（F2 看全部）" : "", args->text);
}

/* The unit's records replace the district's for as long as this screen is open. */
static void *unitform_open(struct app *a, const struct screen_args *args)
{
	struct unitform *u;
	size_t later = a->later.len;
	int status = a->status;

	u = xcalloc(1, sizeof(*u));
	u->fi = args->fi;
	u->saved_unit = a->unit;
	u->saved_data = a->data;
	u->saved_borrowed = a->borrowed;
	u->saved_readonly = a->readonly;
	u->readonly = args->mode == 0 ? unitform_brought(a, u, args) : NULL;
	a->unit = xstrdup(args->text);
	a->data = NULL;
	a->borrowed = 1;
	a->readonly = u->readonly;
	if (data_load(a) == 0)
		return u;
	/* data_load keeps its reason for the end (a->later); here it is said now instead */
	ui_msg(a, MSG_ERROR, "打不开%s的表：%s", args->text, a->later.buf + later);
	a->later.buf[a->later.len = later] = '\0';
	a->status = status;
	unitform_close(a, u, 0);
	return NULL;
}

/* The form is gone: this screen goes with it. */
static void unitform_done(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ctx;
	(void)ans;
	ui_close(a, NULL);
}

/* The form (or its rows, for a form that is only a list) opens at once over this one. */
static void unitform_start(struct app *a, void *st)
{
	struct unitform *u = st;
	struct screen_args args = ui_args(u->fi);

	args.group = data_group_only(a->forms[u->fi]);	/* -1: a form with fields */
	if (ui_open(a, args.group >= 0 ? SCR_ROWS : SCR_FORM, &args, unitform_done, u) != 0) {
		ui_close(a, NULL);	/* the message says why */
		return;
	}
	/* said once at the top, also over a list of rows, whose own hint is about editing */
	if (u->readonly != NULL) {
		ui_msg(a, MSG_INFO, "%s", u->readonly);
		return;
	}
	ui_msg(a, MSG_INFO, "代填%s的%s：填写的内容算作%s报送，注明“区里代填”。", a->unit,
	       a->forms[u->fi]->attachment, a->unit);
	a->msg_sticky = 1;
}

/* Never seen: the form is drawn over it, and it closes with the form. */
static void unitform_draw(struct app *a, void *st)
{
	(void)a;
	(void)st;
}

/* Never the top screen for long: any key goes back. */
static void unitform_key(struct app *a, void *st, const struct ui_event *e)
{
	(void)st;
	(void)e;
	ui_close(a, NULL);
}

/* Closed (or the program ends): the district's own records come back. */
static void unitform_close(struct app *a, void *st, int ending)
{
	struct unitform *u = st;

	(void)ending;
	unitform_restore(a, u);
	free(u->readonly);
	free(u->brought);
	free(u);
}

/* The sentence a read-only copy shows says whose it is, where from, and what to do. */
void dist_unit_form(struct app *a, const char *unit, int fi, const struct district_slot *sl,
		    int entry, ui_done_fn done, void *ctx)
{
	struct screen_args args = ui_args(fi);
	char when[64], *ro = NULL;

	args.text = unit;
	args.mode = entry;
	if (!entry) {
		dist_when(sl->received, when, sizeof(when));
		ro = xasprintf("%s报来的表（修订 %ld，%s 收到）", unit, sl->revision, when);
		args.title = ro;
	}
	ui_open(a, SCR_UNITFORM, &args, done, ctx);
	free(ro);
}

const struct screen_ops unitform_screen = {
	.name = "unitform",
	.open = unitform_open,
	.start = unitform_start,
	.draw = unitform_draw,
	.key = unitform_key,
	.close = unitform_close,
};
