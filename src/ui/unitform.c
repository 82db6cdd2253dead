/*
 * unitform.c - a roster unit's form at the district (contract in ui.h and district.h):
 * shown read-only as the unit filled it in (args.mode 0), or typed in by the district
 * from the unit's paper or Word form (代填, args.mode 1).
 *
 * Opened with args.text (the roster unit), args.fi (the form) and, read-only,
 * args.title (the sentence shown on the message line: whose copy, where from, why it
 * cannot be changed); all three must be given. While it is open, a->unit and a->data are that unit's, so the form
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
	u->saved_unit = NULL;
}

static void unitform_close(struct app *a, void *st, int ending);

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
	u->readonly = args->mode == 0 ? xstrdup(args->title) : NULL;
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
		ro = xasprintf("%s报来的表（修订 %ld，%s 收到），只能查看；要改请%s改好后重新发送", unit,
			       sl->revision, when, unit);
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
