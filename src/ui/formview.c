/*
 * formview.c - the form screen: a form's top-level items, or one row of a
 * repeating group, laid out by layout.c and edited in place (contract in ui.h).
 * Opened with args.fi, and args.group and args.row for a row; args.field puts the
 * focus on a field.
 *
 * Only the focused field is live: a one-line field is a libformw form of its own
 * (lineedit.c), long text is the editor widget (editor.h), choices are toggled
 * here. Every other field is drawn from the record, which holds what is saved and
 * the unit and date shown for the clerk (data_prefill: stored only with the first
 * change). A value is checked and saved when its field is left, after a second
 * without a key, and while typing goes on (EV_TICK); a value that cannot be saved
 * keeps the focus, stays on the screen as typed, and the message line says what is
 * wrong. Leaving a row that holds nothing typed deletes it.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

struct view {
	struct app *app;
	int fi;			/* index of the form in app->forms */
	const struct form *form;
	const struct record *rec;	/* data.c's; changed only through data_set */
	unsigned long serial;	/* data_serial when laid out */
	int group, row;		/* the group row shown, or group -1 */
	struct layout lay;
	int lay_ok;
	int folded;		/* read-only paragraphs shown as one row */
	int focus;		/* slot index, -1 when there is none */
	int focus_field;	/* field (or group) of the focus, kept across relayouts */
	enum slot_kind focus_kind;
	int top;		/* first virtual row on the screen */
	int opt;		/* option under the cursor in a choice */
	struct lineedit *le;	/* focused one-line field */
	struct editor *ed;	/* focused long text */
	char *orig;		/* text of the focused field when entered or last saved */
	int readonly;		/* focused value does not fit its field: shown, not edited */
	char *problem;		/* why the focused value could not be saved, or NULL */
	int cur_y, cur_x;	/* where the cursor goes when no field window has it */
	int noroom;		/* the focused field's window did not fit */
	char hint[300];		/* view_hint's answer when it is made up */
	char *store_failed;	/* text whose saving the store refused (busy, disk full) */
	int saved_visit;	/* this visit saved the field: said again on leaving */
	int leaving;		/* the commit under way is for leaving the field */
	char left_msg[512];	/* the message of the save made when the focus moved here */
	const char *ro;		/* a copy shown only (app.readonly): why, or NULL */
};

/* Very wide terminals would make sentences hard to read: the layout is capped. */
static int view_width(void)
{
	int w = COLS - 2;

	return w > UI_MAX_WIDTH ? UI_MAX_WIDTH : w;
}

/* The focused slot, or NULL for a view with nothing to fill in. */
static struct slot *view_slot(struct view *v)
{
	if (v->focus < 0 || v->focus >= v->lay.nslots)
		return NULL;
	return &v->lay.slots[v->focus];
}

/* Group slots have no field of their own. */
static const struct form_field *slot_field(struct view *v, const struct slot *s)
{
	if (s == NULL || s->kind == SL_GROUP)
		return NULL;
	return &v->form->fields[s->field];
}

/* Row argument for record and store calls: the group row, or -1. */
static int view_vrow(const struct view *v)
{
	return v->group >= 0 ? v->row : -1;
}

/* Release the live editor of the focused field (after it was saved or discarded). */
static void view_unfocus(struct view *v)
{
	le_free(v->le);
	v->le = NULL;
	if (v->ed != NULL)
		editor_free(v->ed);
	v->ed = NULL;
	free(v->orig);
	v->orig = NULL;
	free(v->problem);
	v->problem = NULL;
	free(v->store_failed);
	v->store_failed = NULL;
	v->saved_visit = 0;
	v->readonly = 0;
}

/* A value that a one-line field could not show whole (libform would cut it). */
static int too_wide_for(const char *val, int cols)
{
	if (val == NULL)
		return 0;
	for (const char *p = val; *p != '\0'; p++)
		if ((unsigned char)*p < 32)
			return 1;
	return draw_width(val) > cols;
}

/* Make the focused slot live: a line editor, the long-text editor, or the option cursor. */
static void view_enter(struct view *v)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);
	const char *val;

	if (s == NULL)
		return;
	v->focus_field = s->field;
	v->focus_kind = s->kind;
	if (fld == NULL)
		return;
	data_undo_visit(v->app);	/* what is changed from now on is one change for Ctrl-Z */
	val = record_get(v->rec, s->field, view_vrow(v));
	if (v->ro != NULL && (s->kind == SL_TEXT || s->kind == SL_LONG)) {
		v->readonly = 1;	/* drawn from the record, no editor */
		return;
	}
	switch (s->kind) {
	case SL_TEXT:
		v->orig = xstrdup(val != NULL ? val : "");
		if (too_wide_for(val, s->cols)) {
			v->readonly = 1;
		} else {
			v->le = le_new(val, s->cols, fld->type);
		}
		break;
	case SL_LONG:
		if (s->oneline)	/* max= characters, else as many as the width shows */
			v->ed = editor_new(val, fld->maxlen > 0 ? fld->maxlen
						: fld->width > 0 ? fld->width : 40);
		else
			v->ed = editor_new(val, fld->maxlen > 0 ? fld->maxlen : 2000);
		break;
	case SL_CHOICE:
	case SL_YESNO: {
		v->opt = 0;
		for (int i = 0; i < s->nopts; i++) {
			const char *o = s->kind == SL_YESNO ? (i == 0 ? "是" : "否")
							    : fld->options[i];

			if (val != NULL && strcmp(val, o) == 0)
				v->opt = i;
		}
		break;
	}
	case SL_MULTI:
		v->opt = 0;
		break;
	default:
		break;
	}
}

/* Scroll so that the focused slot (with its label) is on the screen. */
static void view_show_focus(struct view *v)
{
	struct slot *s = view_slot(v);
	int h = ui_content_rows(), first, last;

	if (s == NULL)
		return;
	first = s->first_row;
	last = s->last_row;
	if (s->ctx_last > last && s->ctx_last - first + 1 <= h)
		last = s->ctx_last;	/* the rest of its sentence too */
	if (last - first + 1 > h)
		first = last - h + 1 > s->row ? s->row : last - h + 1;
	if (v->focus == 0 && last < h)
		v->top = 0;
	if (first < v->top)
		v->top = first;
	if (last >= v->top + h)
		v->top = last - h + 1;
	if (v->top < 0)
		v->top = 0;
}

/* Lay out again and keep the focus on the same field, wherever it moved. */
static void view_relayout(struct app *a, struct view *v)
{
	int want = v->focus_field, kind = v->focus_kind, had = v->focus >= 0;

	v->serial = data_serial(a, v->fi);
	layout_free(&v->lay);
	layout_build(&v->lay, v->rec, v->group, v->row, view_width(), v->folded, ui_rule());
	v->lay_ok = 1;
	if (v->lay.nslots == 0) {
		v->focus = -1;
		return;
	}
	if (!had) {
		v->focus = 0;
		view_enter(v);
		return;
	}
	for (int i = 0; i < v->lay.nslots; i++) {
		if (v->lay.slots[i].field == want && (int)v->lay.slots[i].kind == kind) {
			v->focus = i;
			return;
		}
	}
	v->focus = v->focus < v->lay.nslots ? v->focus : v->lay.nslots - 1;
}

/* The message "已保存", with the soft problem when there is one. */
static void view_saved_msg(struct app *a, const struct form_field *fld,
			   const struct check_result *res)
{
	if (res->level == CHECK_SOFT)
		ui_msg(a, MSG_WARN, "已保存。请注意：%s", res->msg);
	else if (res->value == NULL)
		ui_msg(a, MSG_OK, "已清空：%s", fld->label);
	else
		ui_msg(a, MSG_OK, "已保存：%s", fld->label);
}

/* A check message that names its field. */
static char *view_problem_text(const struct form_field *fld, const char *msg)
{
	if (str_starts(msg, fld->label))
		return xstrdup(msg);
	return xasprintf("%s：%s", fld->label, msg);
}

/* Check and save value (as typed) of field fld; 0 when saved. quiet: while typing
 * goes on, only a refusal by the store is said (a value half typed may not be valid
 * yet, and "已保存" would hide the hint). */
/* A rule between fields (check_rules) that the value just saved breaks: said at once,
 * as the field's own soft problems are (参与人次 below 学习次数). */
static void view_rule_msg(struct app *a, struct view *v, int field)
{
	struct check_problem *p;
	int n = check_rules(v->rec, &p);

	for (int i = 0; i < n; i++)
		if (p[i].field == field && p[i].row == view_vrow(v)) {
			ui_msg(a, MSG_WARN, "已保存。请注意：%s", p[i].msg);
			break;
		}
	free(p);
}

static int view_save_value(struct app *a, struct view *v, const struct form_field *fld,
			   const char *typed, int quiet)
{
	struct check_result res;
	int field = (int)(fld - v->form->fields);
	const char *cur;

	memset(&res, 0, sizeof(res));
	check_value(v->form, fld, typed, &res);
	if (res.level == CHECK_HARD) {
		free(v->problem);
		v->problem = view_problem_text(fld, res.msg);
		if (!quiet)
			ui_msg(a, MSG_ERROR, "%s（没有保存，请改正）", v->problem);
		free(res.value);
		return -1;
	}
	cur = record_get(v->rec, field, view_vrow(v));
	if (!((cur == NULL && res.value == NULL) ||
	      (cur != NULL && res.value != NULL && strcmp(cur, res.value) == 0))) {
		if (data_set(a, v->fi, field, view_vrow(v), res.value) != 0) {
			free(v->problem);
			v->problem = xasprintf("%s：没有保存（%s）", fld->label, a->msg);
			free(v->store_failed);
			v->store_failed = xstrdup(typed != NULL ? typed : "");
			free(res.value);
			return -1;
		}
		free(v->store_failed);
		v->store_failed = NULL;
		v->saved_visit = 1;
		if (!quiet)
			view_saved_msg(a, fld, &res);
		if (!quiet && res.level == CHECK_OK)
			view_rule_msg(a, v, field);
	} else if (res.level == CHECK_SOFT && !quiet) {
		ui_msg(a, MSG_WARN, "请注意：%s", res.msg);
	}
	free(v->problem);
	v->problem = NULL;
	free(res.value);
	return 0;
}

static void slot_chosen(struct view *v, const struct slot *s, int *chosen, char **other);
static void view_say_saved(struct app *a, struct view *v, const struct form_field *fld);
static int view_unchanged(struct app *a, struct view *v, const struct form_field *fld,
			  int quiet);

/* The text typed after 其他： is saved with the options chosen; typed, 其他 is ticked,
 * and cleared, it is not. */
static int view_commit_other(struct app *a, struct view *v, const struct slot *s,
			     const struct form_field *fld, int quiet)
{
	const char *t = le_text(v->le);
	int *chosen, rc;
	char *old = NULL, *val, *typed;

	if (v->orig != NULL && strcmp(t, v->orig) == 0)
		return view_unchanged(a, v, fld, quiet);
	typed = xstrdup(t);
	chosen = xcalloc((size_t)s->nopts, sizeof(int));
	slot_chosen(v, s, chosen, &old);
	val = check_multi_join(fld, chosen, str_blank(typed) ? NULL : typed);
	rc = view_save_value(a, v, fld, val, quiet);
	if (rc == 0) {
		free(v->orig);
		v->orig = typed;
		typed = NULL;
	}
	free(typed);
	free(val);
	free(old);
	free(chosen);
	return rc;
}

/* Leaving a field whose value was saved earlier in the visit (while typing went on, or
 * at the idle second) still says so, with its warning, as leaving after typing does. */
static void view_say_saved(struct app *a, struct view *v, const struct form_field *fld)
{
	int field = (int)(fld - v->form->fields);
	struct check_result res;

	if (!v->saved_visit || !v->leaving)	/* an idle second says nothing new */
		return;
	memset(&res, 0, sizeof(res));
	check_value(v->form, fld, record_get(v->rec, field, view_vrow(v)), &res);
	view_saved_msg(a, fld, &res);
	if (res.level == CHECK_OK)
		view_rule_msg(a, v, field);
	free(res.value);
}

/* Leaving a field whose text is what was saved: refused while its problem stands, else
 * (saved a moment ago by the idle save) its message and warning are not lost. */
static int view_unchanged(struct app *a, struct view *v, const struct form_field *fld,
			  int quiet)
{
	if (v->problem != NULL)
		return -1;
	if (!quiet)
		view_say_saved(a, v, fld);
	return 0;
}

/* Saving happens here only, so every way out of a field goes through the same check. */
static int view_commit_how(struct app *a, struct view *v, int quiet)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);

	if (fld == NULL)
		return 0;
	if (s->kind == SL_TEXT && v->le != NULL) {
		const char *t = le_text(v->le);

		if (v->orig != NULL && strcmp(t, v->orig) == 0)
			return view_unchanged(a, v, fld, quiet);
		if (view_save_value(a, v, fld, t, quiet) != 0)
			return -1;
		free(v->orig);
		v->orig = xstrdup(le_text(v->le));
		return 0;
	}
	if (s->kind == SL_MULTI && v->le != NULL)
		return view_commit_other(a, v, s, fld, quiet);
	if (s->kind == SL_LONG && v->ed != NULL) {
		char *t;
		int rc;

		if (!editor_dirty(v->ed)) {
			if (v->problem == NULL && !quiet)
				view_say_saved(a, v, fld);
			return v->problem != NULL ? -1 : 0;
		}
		t = editor_text(v->ed);
		if (s->oneline)	/* a line break cannot be typed here, but may be pasted */
			for (char *p = t; *p != '\0'; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
		rc = view_save_value(a, v, fld, t, quiet);
		free(t);
		if (rc == 0) {
			editor_mark_saved(v->ed);
			v->lay_ok = 0;	/* the box may grow */
		}
		return rc;
	}
	return 0;
}

/* Leaving a field, a screen or the program says what is wrong. */
static int view_commit(struct app *a, struct view *v)
{
	int rc;

	v->leaving = 1;
	rc = view_commit_how(a, v, 0);
	v->leaving = 0;
	return rc;
}

/* The clerk chose to drop a value that cannot be saved: show the saved one again. */
static void view_discard(struct app *a, void *st)
{
	struct view *v = st;
	struct slot *s = view_slot(v);

	(void)a;
	if (s == NULL)
		return;
	view_unfocus(v);
	view_enter(v);
}

/* The quit question needs to say what would be lost. */
static const char *view_problem(struct app *a, void *st, char **typed)
{
	struct view *v = st;
	struct slot *s = view_slot(v);

	(void)a;
	*typed = NULL;
	if (s == NULL || v->problem == NULL)
		return NULL;
	if (v->le != NULL)
		*typed = xstrdup(le_text(v->le));
	else if (s->kind == SL_LONG && v->ed != NULL)
		*typed = editor_text(v->ed);
	return v->problem;
}

/* Saved when left, after a second without a key and while typing goes on, so a
 * crash loses less than a second of typing. */
static int view_save(struct app *a, void *st, enum save_how how)
{
	struct view *v = st;
	struct slot *s = view_slot(v);

	if (how == SAVE_LEAVE)
		return view_commit(a, v);
	/* the store refused this very text (a lock waits seconds): retry when it
	 * changes or the field is left, not every idle second */
	if (how != SAVE_FINAL && s != NULL && v->store_failed != NULL) {
		char *t = NULL;
		int same;

		if (v->le != NULL)
			t = xstrdup(le_text(v->le));
		else if (s->kind == SL_LONG && v->ed != NULL)
			t = editor_text(v->ed);
		same = t != NULL && strcmp(t, v->store_failed) == 0;
		free(t);
		if (same)
			return -1;
	}
	return view_commit_how(a, v, how != SAVE_IDLE);
}

/* Values changed since the layout was made (a save, a row deleted) move the boxes. */
static int view_stale(struct app *a, struct view *v)
{
	return !v->lay_ok || v->serial != data_serial(a, v->fi);
}

/* Move the focus to slot i: the value left is saved first; -1 if it cannot be. */
static int view_set_focus(struct app *a, struct view *v, int i)
{
	if (i < 0 || i >= v->lay.nslots)
		return -1;
	if (i == v->focus)
		return 0;
	if (view_commit(a, v) != 0)
		return -1;
	/* 已保存：X is about the field left: the new field's hint shows beside it */
	snprintf(v->left_msg, sizeof(v->left_msg), "%s", a->msg_level == MSG_OK ? a->msg : "");
	view_unfocus(v);
	if (view_stale(a, v)) {	/* a long text saved: boxes moved */
		v->focus = i;
		v->focus_field = v->lay.slots[i].field;
		v->focus_kind = v->lay.slots[i].kind;
		view_relayout(a, v);
		i = v->focus;
	}
	v->focus = i;
	view_enter(v);
	view_show_focus(v);
	return 0;
}

/* A jump puts the focus on a field by its index. */
static int view_focus_field(struct app *a, struct view *v, int field)
{
	if (view_stale(a, v))
		view_relayout(a, v);
	for (int i = 0; i < v->lay.nslots; i++) {
		const struct slot *s = &v->lay.slots[i];

		if (s->kind != SL_GROUP && s->field == field)
			return view_set_focus(a, v, i);
	}
	return -1;
}

/* ---- drawing ---- */

static enum ui_attr style_attr(enum lay_style st)
{
	switch (st) {
	case LS_BOLD:
	case LS_TITLE:
		return UA_BOLD;
	case LS_DIM:
		return UA_DIM;
	default:
		return UA_NORMAL;
	}
}

/* The label of option i of a choice-like slot. */
static const char *opt_label(const struct form_field *fld, const struct slot *s, int i)
{
	if (s->kind == SL_YESNO)
		return i == 0 ? "是" : "否";
	if (i < fld->noptions)
		return fld->options[i];
	return "其他：";
}

/* Which options of a choice-like slot are set; *other gets the 其他 text (malloc'd). */
static void slot_chosen(struct view *v, const struct slot *s, int *chosen, char **other)
{
	const struct form_field *fld = slot_field(v, s);
	const char *val = record_get(v->rec, s->field, view_vrow(v));

	*other = NULL;
	memset(chosen, 0, sizeof(int) * (size_t)(s->nopts > 0 ? s->nopts : 1));
	if (s->kind == SL_MULTI) {
		check_multi_split(fld, val, chosen, other);
		if (fld->other && *other != NULL)
			chosen[s->nopts - 1] = 1;
		return;
	}
	for (int i = 0; i < s->nopts && val != NULL; i++)
		chosen[i] = strcmp(val, opt_label(fld, s, i)) == 0;
}

/* Choices are drawn as marks with ASCII brackets (box characters are ambiguous width). */
static void draw_options(struct view *v, const struct slot *s, int focused, int y0, int x0)
{
	const struct form_field *fld = slot_field(v, s);
	int *chosen = xcalloc((size_t)(s->nopts > 0 ? s->nopts : 1), sizeof(int));
	char *other = NULL;
	int h = ui_content_rows();

	slot_chosen(v, s, chosen, &other);
	if (focused && v->le != NULL && s->kind == SL_MULTI)	/* 其他 being typed */
		chosen[s->nopts - 1] = !str_blank(le_text(v->le));
	for (int i = 0; i < s->nopts; i++) {
		const struct lay_opt *o = &s->opts[i];
		int y = o->row - v->top, x = x0 + o->col;
		char mark[8];
		enum ui_attr at = focused && i == v->opt ? UA_FOCUS : UA_NORMAL;

		if (y < 0 || y >= h)
			continue;
		if (s->kind == SL_CHOICE)
			snprintf(mark, sizeof(mark), "(%c)", chosen[i] ? '*' : ' ');
		else
			snprintf(mark, sizeof(mark), "[%c]", chosen[i] ? 'x' : ' ');
		draw_str(stdscr, y0 + y, x, mark, 3, at);
		x += 3;
		x += draw_str(stdscr, y0 + y, x, opt_label(fld, s, i), o->cols - 3, at);
		if (s->kind == SL_MULTI && fld->other && i == s->nopts - 1) {
			int room = o->cols - 3 - draw_width("其他：");

			if (focused && v->le != NULL && le_place(v->le, y0 + y, x) == 0)
				;	/* its text is being typed: the field window shows it */
			else if (focused && v->le != NULL)
				v->noroom = 1;
			else if (other != NULL)
				draw_str(stdscr, y0 + y, x, other, room, UA_NORMAL);
			else
				draw_fill(stdscr, y0 + y, x, room < 12 ? room : 12, '_', UA_NORMAL);
		}
		if (focused && i == v->opt) {
			v->cur_y = y0 + y;
			v->cur_x = x0 + o->col + 1;
		}
	}
	free(chosen);
	free(other);
}

/* A long text box drawn from the record (not focused): wrapped, clipped, with a bar. */
static void draw_longtext(struct view *v, const struct slot *s, int y0, int x0)
{
	const char *val = record_get(v->rec, s->field, view_vrow(v));
	char **lines = NULL;
	int n = 0, h = ui_content_rows();

	if (val != NULL)	/* as the editor wraps: the last column is its cursor's */
		n = text_wrap_r(ui_rule(), val, s->cols > 3 ? s->cols - 1 : 2, &lines);
	for (int r = 0; r < s->rows; r++) {
		int y = s->row + r - v->top;

		if (y < 0 || y >= h)
			continue;
		draw_str(stdscr, y0 + y, x0 + s->col - 2, "|", 1, UA_DIM);
		if (r < n) {
			int more = r == s->rows - 1 && n > s->rows;

			draw_str(stdscr, y0 + y, x0 + s->col, lines[r], s->cols - (more ? 8 : 0),
				 UA_NORMAL);
			if (more)
				draw_str(stdscr, y0 + y, x0 + s->col + s->cols - 7, "......", 6,
					 UA_DIM);
		}
	}
	text_lines_free(lines, n);
}

/* Fields other than the focused one are drawn from the record, which holds what is saved. */
static void draw_slot(struct view *v, const struct slot *s, int focused, int y0, int x0)
{
	int h = ui_content_rows(), y = s->row - v->top;
	const char *val;

	switch (s->kind) {
	case SL_TEXT:
		if (y < 0 || y >= h)
			return;
		if (focused && v->le != NULL) {
			if (le_place(v->le, y0 + y, x0 + s->col) == 0)
				return;
			v->noroom = 1;	/* E_NO_ROOM: drawn as text, message says why */
		}
		val = record_get(v->rec, s->field, view_vrow(v));
		{
			char *one = xstrdup(val != NULL ? val : "");
			int w;

			for (char *p = one; *p; p++)
				if ((unsigned char)*p < 32)
					*p = ' ';
			w = draw_str(stdscr, y0 + y, x0 + s->col, one, s->cols,
				     focused ? UA_FOCUS : UA_FIELD);
			draw_fill(stdscr, y0 + y, x0 + s->col + w, s->cols + 1 - w, '_',
				  focused ? UA_FOCUS : UA_FIELD);
			free(one);
		}
		if (focused) {
			v->cur_y = y0 + y;
			v->cur_x = x0 + s->col;
		}
		return;
	case SL_LONG:
		if (focused && v->ed != NULL && y >= 0 && y + s->rows <= h) {
			for (int r = 0; r < s->rows; r++)
				draw_str(stdscr, y0 + y + r, x0 + s->col - 2, "|", 1, UA_BOLD);
			editor_place(v->ed, stdscr, y0 + y, x0 + s->col, s->rows, s->cols);
			editor_draw(v->ed, 1);
			v->cur_y = getcury(stdscr);
			v->cur_x = getcurx(stdscr);
			return;
		}
		draw_longtext(v, s, y0, x0);
		return;
	case SL_CHOICE:
	case SL_YESNO:
	case SL_MULTI:
		draw_options(v, s, focused, y0, x0);
		return;
	case SL_GROUP:
		if (focused && y >= 0 && y < h) {
			const struct form_group *g = &v->form->groups[s->field];
			int n = v->rec->nrows[s->field];
			char *head = n > 0 ? xasprintf("%s（共 %d 项）", g->label, n)
					   : xasprintf("%s（还没有填写）", g->label);

			draw_str(stdscr, y0 + y, x0 + s->col, head, view_width(), UA_FOCUS);
			free(head);
			v->cur_y = y0 + y;
			v->cur_x = x0 + s->col;
		}
		return;
	}
}

/* The hint for the focused field when there is no message: what may be wrong
 * with its saved value, else the form file's hint, else one for its type. */
static const char *view_hint_base(struct view *v)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);

	if (s == NULL)
		return "这张表没有要填写的项目。按 Esc 返回。";
	if (s->kind == SL_GROUP)
		return "按 Enter 打开列表，在那里增加、修改、删除和调整顺序";
	if (s->kind == SL_MULTI && v->le != NULL)
		return "输入“其他”的内容；Tab 到下一项，清空就不选“其他”";
	if (v->readonly && v->ro == NULL)
		return "这一项的内容比这一栏长，在这里不能修改（可用命令行 tianbiao set 修改）";
	{
		const char *val = record_get(v->rec, s->field, view_vrow(v));
		struct check_result res;

		memset(&res, 0, sizeof(res));
		if (val != NULL) {
			check_value(v->form, fld, val, &res);
			free(res.value);
			if (res.level != CHECK_OK) {
				snprintf(v->hint, sizeof(v->hint), "请注意：%s", res.msg);
				return v->hint;
			}
		}
	}
	if (v->ro != NULL)
		return v->ro;
	if (fld->hint != NULL)
		return fld->hint;
	switch (fld->type) {
	case FT_COUNT:
		return "填数字。" UI_BLANK_HINT;
	case FT_MOBILE:
		return "11 位手机号，例如 18222169302";
	case FT_PHONE:
		return "电话号码，例如 022-29240881 或 29240881-8001";
	case FT_EMAIL:
		return "电子邮箱，例如 bdqyjj01@tj.gov.cn";
	case FT_WECHAT:
		return "微信号（不是昵称）";
	case FT_DATE:
		return "日期，例如 6月5日，也可以写 6.5";
	case FT_DATERANGE:
		return "日期或起止日期，例如 6月16日 或 6月5日至7月5日";
	case FT_CHOICE:
	case FT_YESNO:
		return "左右键移动，空格选中或取消";
	case FT_MULTI:
		if (s->nopts > 0 && s->opts[0].row != s->opts[s->nopts - 1].row)
			return fld->other ? "左右键、上下键移动，空格选中或取消，可以多选；"
					    "在“其他”上直接输入内容"
					  : "左右键、上下键移动，空格选中或取消，可以多选";
		return fld->other ? "左右键移动，空格选中或取消，可以多选；在“其他”上直接输入内容"
				  : "左右键移动，空格选中或取消，可以多选";
	case FT_LONGTEXT:
		return "可以写多行：Enter 换行，Tab 到下一项";
	default:
		if (fld->nsuggest > 0)
			return "可以直接输入，也可以按 F3 从常用内容中选择";
		return NULL;
	}
}

/* The hint, with 必填 for a required field still blank. */
static const char *view_hint(struct view *v)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);
	const char *base = view_hint_base(v);

	if (fld == NULL || !fld->required || base == v->hint ||
	    record_get(v->rec, s->field, view_vrow(v)) != NULL)
		return base;
	if (base == NULL)
		return "必填";
	snprintf(v->hint, sizeof(v->hint), "%s（必填）", base);
	return v->hint;
}

/* The key line follows the focused field: 空格 for choices, Enter 换行 in long text,
 * F3 with suggestions. */
static void view_draw_keys(struct view *v)
{
	struct slot *s = view_slot(v);
	struct keyhelp k[16];
	int n = 0;

	if (s != NULL && (s->kind == SL_CHOICE || s->kind == SL_YESNO || s->kind == SL_MULTI) &&
	    v->le == NULL)
		k[n++] = (struct keyhelp){ "空格", "选择" };
	if (s != NULL && s->kind == SL_GROUP)
		k[n++] = (struct keyhelp){ "Enter", "打开" };
	k[n++] = (struct keyhelp){ "Tab", "下一项" };
	k[n++] = (struct keyhelp){ "S-Tab", "上一项" };
	if (s != NULL && s->kind == SL_LONG && !s->oneline)
		k[n++] = (struct keyhelp){ "Enter", "换行" };
	if (s != NULL && (s->kind == SL_TEXT || s->kind == SL_LONG) &&
	    slot_field(v, s)->nsuggest > 0)
		k[n++] = (struct keyhelp){ "F3", "常用" };
	k[n++] = (struct keyhelp){ "F2", "问题" };
	k[n++] = (struct keyhelp){ "F1", "帮助" };
	k[n++] = (struct keyhelp){ "Esc", "返回" };
	k[n++] = (struct keyhelp){ "F10", "退出" };
	if (v->lay.has_text)
		k[n++] = (struct keyhelp){ "F4", v->folded ? "展开说明" : "收起说明" };
	k[n++] = (struct keyhelp){ "F5", "导出" };
	if (v->top + ui_content_rows() < v->lay.nrows)
		k[n++] = (struct keyhelp){ "PgDn", "下页" };
	if (v->top > 0)
		k[n++] = (struct keyhelp){ "PgUp", "上页" };
	draw_keys(k, n);
}

static void view_other_refit(struct app *a, struct view *v);

/* The whole screen each time; curses sends only what changed. */
static void view_draw(struct app *a, void *st)
{
	struct view *v = st;
	int y0 = ui_content_top(), x0 = 1, h = ui_content_rows();
	char left[256], right[128];
	struct slot *fs;

	if (view_stale(a, v) || v->lay.width != view_width()) {
		view_relayout(a, v);
		view_other_refit(a, v);
		view_show_focus(v);
	}
	if (v->top > 0 && v->top > v->lay.nrows - h)
		v->top = v->lay.nrows - h > 0 ? v->lay.nrows - h : 0;
	erase();
	if (v->group < 0) {
		snprintf(left, sizeof(left), "%s %s", v->form->attachment, v->form->name);
		/* once exported, what was sent matters most: 已导出（…） or 请重新导出 */
		if (exportui_state_text(a, v->fi, right, sizeof(right)) == 0)
			data_state_text(a, v->fi, right, sizeof(right));
	} else {
		char num[16];

		cnum_format(v->row + 1, num, sizeof(num));
		snprintf(left, sizeof(left), "%s %s > %s 第%s项", v->form->attachment,
			 v->form->name, v->form->groups[v->group].label, num);
		snprintf(right, sizeof(right), "共 %d 项", v->rec->nrows[v->group]);
	}
	draw_header(left, right);
	for (int i = 0; i < v->lay.npieces; i++) {
		const struct lay_piece *p = &v->lay.pieces[i];
		int y = p->row - v->top;

		if (y < 0 || y >= h)
			continue;
		draw_str(stdscr, y0 + y, x0 + p->col, p->text, v->lay.width - p->col,
			 style_attr(p->style));
	}
	v->cur_y = LINES - 1;
	v->cur_x = 0;
	v->noroom = 0;
	fs = view_slot(v);
	for (int i = 0; i < v->lay.nslots; i++)
		if (i != v->focus)
			draw_slot(v, &v->lay.slots[i], 0, y0, x0);
	if (v->le != NULL) {	/* the field window goes when its row scrolls away */
		int lr = fs == NULL ? -1
		       : fs->kind == SL_MULTI ? fs->opts[fs->nopts - 1].row : fs->row;

		if (fs == NULL || lr - v->top < 0 || lr - v->top >= h)
			le_unplace(v->le);
	}
	if (fs != NULL)
		draw_slot(v, fs, 1, y0, x0);
	if (v->noroom)
		draw_message(a, "窗口太小，这一栏放不下，请把窗口拉大");
	else if (a->msg_level != MSG_OK || strcmp(a->msg, v->left_msg) != 0)
		draw_message(a, view_hint(v));
	else
		draw_message_hint(a, view_hint(v),
				  fs != NULL && y0 + fs->row - v->top <= LINES - 3 &&
				  y0 + fs->last_row - v->top >= LINES - 3 ? LINES - 3 : -1);
	view_draw_keys(v);
	move(v->cur_y, v->cur_x);
	wnoutrefresh(stdscr);
	if (v->le != NULL && fs != NULL && (fs->kind == SL_TEXT || fs->kind == SL_MULTI))
		le_refresh(v->le);
}

/* ---- keys ---- */

/* Set a choice-like slot's value and save it. */
static void view_set_choice(struct app *a, struct view *v, const struct slot *s, const char *val)
{
	const struct form_field *fld = slot_field(v, s);

	view_save_value(a, v, fld, val, 0);
	free(v->problem);
	v->problem = NULL;
}

/* The multi's value with 其他 set to other (NULL: 其他 not chosen), saved. */
static void view_set_other(struct app *a, struct view *v, const char *other)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);
	int *chosen;
	char *old = NULL, *val, *nw = NULL;

	if (fld == NULL || s->kind != SL_MULTI)
		return;
	if (other != NULL && !str_blank(other))
		nw = xstrdup(other);
	chosen = xcalloc((size_t)s->nopts, sizeof(int));
	slot_chosen(v, s, chosen, &old);
	chosen[s->nopts - 1] = nw != NULL;
	val = check_multi_join(fld, chosen, nw);
	view_set_choice(a, v, s, val);
	free(val);
	free(nw);
	free(old);
	free(chosen);
}

/* The 其他 dialog's answer: its text chosen (Esc changes nothing). */
static void view_other_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	if (ans->value == 1)
		view_set_other(a, ctx, ans->text);
}

/* Space sets or clears the option under the cursor and saves at once. */
static void view_toggle(struct app *a, struct view *v, struct slot *s)
{
	const struct form_field *fld = slot_field(v, s);
	int *chosen;
	char *other = NULL, *val;

	if (s->kind != SL_MULTI) {
		const char *o = opt_label(fld, s, v->opt);
		const char *cur = record_get(v->rec, s->field, view_vrow(v));

		view_set_choice(a, v, s, cur != NULL && strcmp(cur, o) == 0 ? NULL : o);
		return;
	}
	chosen = xcalloc((size_t)s->nopts, sizeof(int));
	slot_chosen(v, s, chosen, &other);
	if (fld->other && v->opt == s->nopts - 1) {
		if (other == NULL)	/* chosen once its text is typed */
			ui_ask_line(a, "其他", "请填写“其他”的内容：", NULL, 40, FT_TEXT,
				    view_other_answer, v);
		else
			view_set_other(a, v, NULL);
		free(other);
		free(chosen);
		return;
	}
	chosen[v->opt] = !chosen[v->opt];
	val = check_multi_join(fld, chosen, other);
	view_set_choice(a, v, s, val);
	free(val);
	free(other);
	free(chosen);
}

static int on_other(struct view *v, const struct slot *s);
static void view_other_start(struct app *a, struct view *v, struct slot *s, const char *first);

/* Typing an option's number or first character chooses it; unlike Space it never
 * clears an option already chosen. */
static void view_pick(struct app *a, struct view *v, struct slot *s, int i)
{
	int *chosen = xcalloc((size_t)s->nopts, sizeof(int));
	char *other = NULL;

	v->opt = i;
	slot_chosen(v, s, chosen, &other);
	if (!chosen[i] && on_other(v, s)) {
		view_other_start(a, v, s, NULL);
		if (v->le != NULL)
			ui_msg(a, MSG_INFO, "请输入“其他”的内容，输入后就选中了");
	} else if (!chosen[i]) {
		view_toggle(a, v, s);
	}
	free(other);
	free(chosen);
}

/* Edit the 其他 text of a multi whose 其他 is chosen. */
static void view_edit_other(struct app *a, struct view *v, struct slot *s)
{
	int *chosen = xcalloc((size_t)s->nopts, sizeof(int));
	char *other = NULL;

	slot_chosen(v, s, chosen, &other);
	ui_ask_line(a, "其他", "请填写“其他”的内容（清空则不选）：", other, 40, FT_TEXT,
		    view_other_answer, v);
	free(other);
	free(chosen);
}

/* The suggestion picked with F3 replaces the text. */
static void view_suggest_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct view *v = ctx;
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);
	int i = ans->value;

	if (fld == NULL || i < 0 || i >= fld->nsuggest)
		return;
	if (v->le != NULL) {
		if (draw_width(fld->suggest[i]) > s->cols) {
			ui_msg(a, MSG_ERROR, "这一条比这一栏长，不能选用");
			return;
		}
		le_set_text(v->le, fld->suggest[i]);
		view_commit(a, v);
		return;
	}
	/* the wrapping box: save the choice, then edit it from the record */
	if (view_save_value(a, v, fld, fld->suggest[i], 0) == 0) {
		view_unfocus(v);
		view_enter(v);
		v->lay_ok = 0;
	}
}

/* Offer a text field's suggestions (F3). */
static void view_suggest(struct app *a, struct view *v, struct slot *s)
{
	const struct form_field *fld = slot_field(v, s);

	if (fld == NULL || fld->nsuggest == 0 || (v->le == NULL && v->ed == NULL)) {
		ui_msg(a, MSG_INFO, "这一项没有常用内容可选，请直接输入");
		return;
	}
	ui_pick(a, "常用内容（也可以直接输入）", fld->suggest, fld->nsuggest, 0,
		view_suggest_answer, v);
}

static int view_other_stop(struct app *a, struct view *v);

/* Tab and the arrows walk the fields in the paper's order; the ends say so. */
static void view_next(struct app *a, struct view *v, int dir)
{
	int i = v->focus + dir;

	if (v->focus < 0)
		return;
	if (i < 0) {
		if (view_other_stop(a, v) == 0 && view_commit(a, v) == 0) {
			v->top = 0;
			ui_msg(a, MSG_INFO, "这是第一项");
		}
		return;
	}
	if (i >= v->lay.nslots) {
		if (view_other_stop(a, v) == 0 && view_commit(a, v) == 0) {
			int h = ui_content_rows();

			v->top = v->lay.nrows > h ? v->lay.nrows - h : 0;
			view_show_focus(v);
			ui_msg(a, MSG_INFO, "这是最后一项。按 Esc 返回%s",
			       v->group >= 0 ? "列表" : "表单列表");
		}
		return;
	}
	view_set_focus(a, v, i);
}

/* PgDn/PgUp scroll a tall form and put the focus on the first field not seen before. */
static void view_page(struct app *a, struct view *v, int dir)
{
	int h = ui_content_rows(), top, best = -1;

	if (dir > 0)
		top = v->top + h - 1 > v->lay.nrows - h ? v->lay.nrows - h : v->top + h - 1;
	else
		top = v->top - (h - 1);
	if (top < 0)
		top = 0;
	if (top == v->top) {	/* at the end already: go to the first or last field */
		int i = dir > 0 ? v->lay.nslots - 1 : 0;

		if (i >= 0)
			view_set_focus(a, v, i);
		return;
	}
	for (int i = 0; i < v->lay.nslots; i++) {
		const struct slot *s = &v->lay.slots[i];

		if (s->row >= top && s->last_row < top + h) {
			best = i;
			break;
		}
	}
	if (best >= 0 && view_set_focus(a, v, best) != 0)
		return;
	if (best < 0 && view_commit(a, v) != 0)
		return;
	v->top = top;
	if (best >= 0)
		view_show_focus(v);
}

/* True when the cursor is on the 其他 of a multiple choice that has one. */
static int on_other(struct view *v, const struct slot *s)
{
	return s->kind == SL_MULTI && slot_field(v, s)->other && v->opt == s->nopts - 1;
}

/* Columns for the text after 其他： (the last one holds the cursor). */
static int other_cols(const struct slot *s)
{
	return s->opts[s->nopts - 1].cols - 3 - draw_width("其他：") - 1;
}

/* The text after 其他： is typed in place, like a one-line field: the cursor on 其他 and
 * a character typed (first, when not NULL, goes in at the end), Space or Enter. A text
 * longer than the place is edited in the dialog instead. */
static void view_other_start(struct app *a, struct view *v, struct slot *s, const char *first)
{
	int *chosen = xcalloc((size_t)s->nopts, sizeof(int));
	char *other = NULL;
	int cols = other_cols(s);

	slot_chosen(v, s, chosen, &other);
	if (cols < 2 || too_wide_for(other, cols)) {
		view_edit_other(a, v, s);
	} else {
		char *t = xasprintf("%s%s", other != NULL ? other : "", first != NULL ? first : "");

		if (draw_width(t) > cols) {
			ui_msg(a, MSG_ERROR, "这一栏已填满：最多 %d 个汉字或 %d 个数字、字母",
			       cols / 2, cols);
			free(t);
			t = xstrdup(other != NULL ? other : "");
		}
		v->le = le_new(NULL, cols, FT_TEXT);
		le_set_text(v->le, t);
		free(v->orig);
		v->orig = xstrdup(other != NULL ? other : "");
		free(t);
	}
	free(other);
	free(chosen);
}

/* A new layout (a resize) gives 其他 another room on its row: the text being typed
 * moves into an editor of that width, or, when it no longer fits, is saved and left
 * for the dialog (Enter on 其他), so that no key typed next is lost. */
static void view_other_refit(struct app *a, struct view *v)
{
	struct slot *s = view_slot(v);
	struct lineedit *le;
	char *t;
	int cols;

	if (s == NULL || s->kind != SL_MULTI || v->le == NULL)
		return;
	cols = other_cols(s);
	if (le_cols(v->le) == cols)
		return;
	t = xstrdup(le_text(v->le));
	if (cols >= 2 && draw_width(t) <= cols) {
		le = le_new(NULL, cols, FT_TEXT);
		le_set_text(le, t);
		le_free(v->le);
		v->le = le;
	} else if (view_other_stop(a, v) == 0) {
		ui_msg(a, MSG_INFO, "“其他”的内容在这么宽的窗口里放不下了，已保存；"
				    "要修改，在“其他”上按 Enter");
	}
	free(t);
}

/* Typing in 其他 ends, its text saved (-1: it could not be, the typing goes on). */
static int view_other_stop(struct app *a, struct view *v)
{
	struct slot *s = view_slot(v);

	if (v->le == NULL || s == NULL || s->kind != SL_MULTI)
		return 0;
	if (view_commit(a, v) != 0)
		return -1;
	le_free(v->le);
	v->le = NULL;
	free(v->orig);
	v->orig = NULL;
	return 0;
}

/* The option under or nearest the cursor on the next row of options up (dir -1) or
 * down, or -1 when the cursor is on the first or last row. */
static int opt_row_move(const struct slot *s, int cur, int dir)
{
	int row = s->opts[cur].row, col = s->opts[cur].col, target = -1, best = -1, bd = 0;

	for (int i = 0; i < s->nopts; i++) {
		int r = s->opts[i].row;

		if ((dir > 0 ? r > row : r < row) &&
		    (target < 0 || (dir > 0 ? r < target : r > target)))
			target = r;
	}
	if (target < 0)
		return -1;
	for (int i = 0; i < s->nopts; i++) {
		int d;

		if (s->opts[i].row != target)
			continue;
		d = s->opts[i].col > col ? s->opts[i].col - col : col - s->opts[i].col;
		if (best < 0 || d < bd) {
			best = i;
			bd = d;
		}
	}
	return best;
}

/* Keys of a choice, yes/no or multiple choice: the arrows move between the options
 * (Up and Down between their rows, then on to the next field), Space chooses, typing
 * an option's number or first character picks it, and on 其他 typing is its text. */
static int view_choice_key(struct app *a, struct view *v, struct slot *s, const struct ui_event *e)
{
	int k = ev_key(e);
	char msg[256];

	if (k == KEY_UP || k == KEY_DOWN) {
		int to = opt_row_move(s, v->opt, k == KEY_DOWN ? 1 : -1);

		if (to < 0)
			return 0;	/* on to the field before or after */
		if (view_other_stop(a, v) == 0)
			v->opt = to;
		return 1;
	}
	if (v->le != NULL) {	/* typing the text of 其他 */
		if (k == KEY_LEFT && le_cursor(v->le) == 0) {
			if (view_other_stop(a, v) == 0 && v->opt > 0)
				v->opt--;
			return 1;
		}
		switch (le_key(v->le, e, msg, sizeof(msg))) {
		case LE_CHANGED:
			free(v->problem);
			v->problem = NULL;
			return 1;
		case LE_MOVED:
			return 1;
		case LE_REFUSED:
			ui_msg(a, MSG_ERROR, "%s", msg);
			return 1;
		default:
			return 0;	/* Tab, Enter, Esc: leave the field, which saves */
		}
	}
	if (k == KEY_LEFT) {
		if (v->opt > 0)
			v->opt--;
		return 1;
	}
	if (k == KEY_RIGHT) {
		if (v->opt < s->nopts - 1)
			v->opt++;
		return 1;
	}
	if (k == KEY_HOME) {
		v->opt = 0;
		return 1;
	}
	if (k == KEY_END) {
		v->opt = s->nopts - 1;
		return 1;
	}
	if (on_other(v, s) && (k == KEY_ENTER || (e->kind == EV_CHAR && (e->ch == ' ' ||
									   e->ch == 0x3000)))) {
		int *chosen = xcalloc((size_t)s->nopts, sizeof(int));
		char *other = NULL;

		slot_chosen(v, s, chosen, &other);
		if (other != NULL && k != KEY_ENTER) {
			view_set_other(a, v, NULL);	/* Space on a ticked 其他 clears it */
		} else {
			view_other_start(a, v, s, NULL);
			if (v->le != NULL && other == NULL)
				ui_msg(a, MSG_INFO, "请输入“其他”的内容，输入后就选中了");
		}
		free(other);
		free(chosen);
		return 1;
	}
	if (e->kind == EV_CHAR && (e->ch == ' ' || e->ch == 0x3000)) {
		view_toggle(a, v, s);
		return 1;
	}
	if ((k == KEY_BACKSPACE || k == KEY_DC) && s->kind != SL_MULTI) {
		if (record_get(v->rec, s->field, view_vrow(v)) == NULL)
			ui_msg(a, MSG_INFO, "这一项还没有选择；用空格选择");
		else
			view_set_choice(a, v, s, NULL);
		return 1;
	}
	if (ev_printable(e)) {
		const struct form_field *fld = slot_field(v, s);
		char mb[8] = { 0 };
		int n = s->nopts;

		text_encode((uint32_t)e->ch, mb);
		if (on_other(v, s)) {	/* the first character of the text, not a choice */
			view_other_start(a, v, s, mb);
			return 1;
		}
		if (e->ch >= '1' && e->ch <= '9' && e->ch - '1' < (wint_t)n) {
			view_pick(a, v, s, (int)(e->ch - '1'));
			return 1;
		}
		for (int i = 0; i < n; i++) {
			if (str_starts(opt_label(fld, s, i), mb)) {
				view_pick(a, v, s, i);
				return 1;
			}
		}
		if (s->kind == SL_MULTI && fld->other)
			ui_msg(a, MSG_INFO, "这一项用空格选择：左右键移到要选的上面，再按空格；"
					    "要写“其他”，移到“其他”上直接输入");
		else
			ui_msg(a, MSG_INFO, "这一项用空格选择：左右键移到要选的上面，再按空格");
		return 1;
	}
	return 0;
}

/* Keys of the focused slot; returns 1 when the key was used. */
static int view_slot_key(struct app *a, struct view *v, struct slot *s, const struct ui_event *e)
{
	int k = ev_key(e);
	char msg[256];

	/* a copy shown only: typing, ticking or clearing says so instead */
	if (v->ro != NULL && s->kind != SL_GROUP &&
	    (ev_printable(e) || k == KEY_BACKSPACE || k == KEY_DC)) {
		ui_msg(a, MSG_ERROR, "%s", v->ro);
		return 1;
	}
	switch (s->kind) {
	case SL_TEXT:
		if (v->le == NULL)
			return 0;
		switch (le_key(v->le, e, msg, sizeof(msg))) {
		case LE_CHANGED:
			free(v->problem);
			v->problem = NULL;
			return 1;
		case LE_MOVED:
			return 1;
		case LE_REFUSED:
			ui_msg(a, MSG_ERROR, "%s", msg);
			return 1;
		default:
			return 0;
		}
	case SL_LONG:
		if (v->ed == NULL)
			return 0;
		if (k == UK_TAB || k == UK_ESC || k == KEY_BTAB ||
		    (k >= KEY_F(1) && k <= KEY_F(12)))
			return 0;
		if (s->oneline && k == KEY_ENTER)
			return 0;
		switch (editor_key(v->ed, e->kind == EV_KEY, e->ch)) {
		case ED_CHANGED:
			free(v->problem);
			v->problem = NULL;
			return 1;
		case ED_HANDLED:
			return 1;
		case ED_REFUSED:
			ui_msg(a, MSG_ERROR, "%s", editor_refusal(v->ed));
			return 1;
		default:
			return 0;
		}
	case SL_CHOICE:
	case SL_YESNO:
	case SL_MULTI:
		return view_choice_key(a, v, s, e);
	case SL_GROUP:
		if (k == KEY_ENTER || (e->kind == EV_CHAR && e->ch == ' ')) {
			struct screen_args args = ui_args(v->fi);

			args.group = s->field;
			ui_open(a, SCR_ROWS, &args, NULL, NULL);
			return 1;
		}
		return 0;
	}
	return 0;
}

/* The answer to "这一项有误" on Esc: give the value up and leave, or stay. */
static void view_leave_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	if (ans->value != 1)
		return;
	view_discard(a, ctx);
	ui_msg(a, MSG_INFO, "已放弃这一项的修改");
	ui_close(a, NULL);
}

/* Leave the view (Esc): save, or ask about a value that cannot be saved. */
static void view_leave(struct app *a, struct view *v)
{
	char *typed = NULL, *text;
	const char *why;

	if (view_commit(a, v) == 0) {
		ui_close(a, NULL);
		return;
	}
	why = view_problem(a, v, &typed);
	text = xasprintf("%s\n\n填写的“%s”不能保存。\n改正它，还是放弃这一项的修改？",
			 why != NULL ? why : "这一项不能保存", typed != NULL ? typed : "");
	ui_confirm(a, "这一项有误", text, "放弃修改", "回去改正", 0, view_leave_answer, v);
	free(text);
	free(typed);
}

/* A value for a message: one line, at most about 20 汉字. malloc'd. */
static char *view_short(const char *val)
{
	char *one = xstrdup(val), *out;
	size_t cut;

	for (char *p = one; *p != '\0'; p++)
		if ((unsigned char)*p < 32)
			*p = ' ';
	cut = text_fit(one, 40);
	if (one[cut] == '\0')
		return one;
	one[cut] = '\0';
	out = xasprintf("%s……", one);
	free(one);
	return out;
}

/*
 * Ctrl-Z takes back the last change of the focused field, also when it was saved long
 * ago: the value it had before is saved again, as a new change (the revision grows, so
 * an export after it is a new version). What is typed and not saved yet counts as
 * part of that change. Pressed again, it goes further back.
 */
static void view_undo(struct app *a, struct view *v)
{
	struct slot *s = view_slot(v);
	const struct form_field *fld = slot_field(v, s);
	char *restored = NULL, *shown;
	int opt = v->opt, rc;

	if (fld == NULL) {
		ui_msg(a, MSG_INFO, "Ctrl-Z 撤销一项的修改：先移到那一项上");
		return;
	}
	if (view_commit_how(a, v, 1) != 0) {	/* typed, cannot be saved: back to the saved */
		view_discard(a, v);
		ui_msg(a, MSG_OK, "已撤销：%s 恢复为刚才保存的内容", fld->label);
		return;
	}
	rc = data_undo(a, v->fi, s->field, view_vrow(v), &restored);
	if (rc < 0)
		return;	/* the store's message is on the message line */
	if (rc == 0) {
		ui_msg(a, MSG_INFO, "“%s”没有可以撤销的修改（能撤销的是这次打开填表以来的修改）",
		       fld->label);
		return;
	}
	view_unfocus(v);
	v->lay_ok = 0;	/* a long text box may change its height */
	view_relayout(a, v);
	view_enter(v);
	if (v->focus_kind == SL_MULTI || v->focus_kind == SL_CHOICE ||
	    v->focus_kind == SL_YESNO)
		v->opt = opt;	/* the slot was made again: s is gone */
	if (restored == NULL) {
		ui_msg(a, MSG_OK, "已撤销：%s 恢复为空（已保存）", fld->label);
	} else {
		shown = view_short(restored);
		ui_msg(a, MSG_OK, "已撤销：%s 恢复为“%s”（已保存）", fld->label, shown);
		free(shown);
	}
	free(restored);
}

/* The problem list's answer: go to the problem's field. */
static void view_problem_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ctx;
	if (ans->value == 1)
		ui_goto(a, ans->fi, ans->field, ans->row);
}

/* Screen keys first, then the focused field's own keys, then moving between fields. */
static void view_key(struct app *a, void *st, const struct ui_event *e)
{
	struct view *v = st;
	struct slot *s = view_slot(v);
	int k = ev_key(e);
	struct screen_args args = ui_args(v->fi);

	/* keys that the focused field does not get */
	switch (k) {
	case KEY_F(2):
		if (view_commit(a, v) == 0)
			ui_open(a, SCR_PROBLEMS, &args, view_problem_answer, v);
		return;
	case KEY_F(5):
		if (view_commit(a, v) == 0)
			ui_open(a, SCR_EXPORT, &args, NULL, NULL);
		return;
	case KEY_F(3):
		if (s != NULL && (s->kind == SL_TEXT || s->kind == SL_LONG))
			view_suggest(a, v, s);
		return;
	case KEY_F(4):
		if (v->lay.has_text) {
			v->folded = !v->folded;
			v->lay_ok = 0;
			view_relayout(a, v);
			view_show_focus(v);
		}
		return;
	case UK_ESC:
		view_leave(a, v);
		return;
	case UK_CTRL('s'):
		if (view_commit(a, v) == 0 && a->msg_level == MSG_NONE)
			ui_msg(a, MSG_OK, "都已保存");
		return;
	case UK_CTRL('l'):
		clearok(curscr, TRUE);
		return;
	case UK_CTRL('z'):
		view_undo(a, v);
		return;
	default:
		break;
	}
	if (s != NULL && view_slot_key(a, v, s, e))
		return;
	switch (k) {
	case UK_TAB:
	case KEY_ENTER:
	case KEY_DOWN:
		view_next(a, v, 1);
		return;
	case KEY_BTAB:
	case KEY_UP:
		view_next(a, v, -1);
		return;
	case KEY_NPAGE:
		view_page(a, v, 1);
		return;
	case KEY_PPAGE:
		view_page(a, v, -1);
		return;
	default:
		break;
	}
	if (s != NULL && (s->kind == SL_TEXT || s->kind == SL_LONG) && v->readonly &&
	    ev_printable(e))
		ui_msg(a, MSG_ERROR, "%s", view_hint(v));
}

/* Opening a form or a row shows the unit and the date in its blank fields without
 * storing them (data_prefill), and starts on its first field or on args.field. */
static void *view_open(struct app *a, const struct screen_args *args)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->app = a;
	v->fi = args->fi;
	v->form = a->forms[args->fi];
	v->group = args->group >= 0 ? args->group : -1;
	v->row = v->group >= 0 ? args->row : -1;
	v->ro = a->readonly;
	data_prefill(a, v->fi, v->group, v->row);
	v->rec = data_record(a, v->fi);
	v->focus = -1;
	v->focus_field = -1;
	view_relayout(a, v);
	if (args->field >= 0)
		view_focus_field(a, v, args->field);
	return v;
}

/* Leaving takes back the values only shown; a row left with nothing typed in it
 * is deleted. */
static void view_close(struct app *a, void *st, int ending)
{
	struct view *v = st;

	data_unprefill(a, v->fi, v->group, v->row);
	if (v->ro == NULL && v->group >= 0 && v->row < v->rec->nrows[v->group] &&
	    data_row_untouched(a, v->fi, v->group, v->row) &&
	    data_row_delete(a, v->fi, v->group, v->row) == 0 && !ending)
		ui_msg(a, MSG_INFO, "这一项没有填写内容，已删除");
	view_unfocus(v);
	layout_free(&v->lay);
	free(v);
}

/* After a resize the field window must be made again at its new place; the text is kept. */
static void view_resized(struct app *a, void *st)
{
	struct view *v = st;

	(void)a;
	if (v->le != NULL)
		le_unplace(v->le);
	v->lay_ok = 0;
}

/* A jump lands here when the field is one of this view's; a group's field opens
 * the group's rows. */
static int view_focus(struct app *a, void *st, int fi, int field, int row)
{
	struct view *v = st;
	const struct form_field *fld;

	if (fi != v->fi || field < 0 || field >= v->form->nfields)
		return -1;
	fld = &v->form->fields[field];
	if (fld->group == v->group && (v->group < 0 || row == v->row))
		return view_focus_field(a, v, field) == 0 || v->group >= 0 ? 0 : -1;
	if (v->group < 0 && fld->group >= 0) {
		struct screen_args args = ui_args(v->fi);

		for (int i = 0; i < v->lay.nslots; i++)
			if (v->lay.slots[i].kind == SL_GROUP && v->lay.slots[i].field == fld->group)
				view_set_focus(a, v, i);
		args.group = fld->group;
		args.row = row;
		if (ui_open(a, SCR_ROWS, &args, NULL, NULL) == 0)
			ui_focus_top(a, fi, field, row);
		return 0;
	}
	return -1;
}

const struct screen_ops form_screen = {
	.name = "form",
	.open = view_open,
	.draw = view_draw,
	.key = view_key,
	.close = view_close,
	.save = view_save,
	.problem = view_problem,
	.discard = view_discard,
	.resized = view_resized,
	.focus = view_focus,
};
