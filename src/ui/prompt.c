/*
 * prompt.c - small dialogs: a question with two answers, one line of text, a pick
 * list (contract in ui.h: ui_confirm, ui_ask_line, ui_pick).
 *
 * A dialog is a screen like the others, an overlay: the loop draws the screen
 * under it first, so resizing, the idle save, the key script and the screen dump
 * work the same inside a dialog, and the answer goes back to the screen that asked
 * through its callback. Answers are buttons chosen with the arrow keys and Enter,
 * because an input method in Chinese mode swallows letters like y/n (they are
 * accepted too). Esc, F10, Ctrl-Q and Ctrl-C cancel. Borders are ASCII: box-drawing
 * characters are "ambiguous width" and some Chinese terminals draw them two
 * columns wide.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

enum dlg_kind { DLG_CONFIRM, DLG_INPUT, DLG_PICK };

struct dialog {
	enum dlg_kind kind;
	char *title, *text, *yes, *no;	/* owned copies */
	int sel;		/* confirm: 0 yes, 1 no; pick: the option */
	int top;		/* pick: first option shown */
	char **opts;		/* borrowed: the form's suggestions */
	int nopts;
	struct lineedit *le;
	char err[256];
};
/* Draw the box with its title and text; returns the window (caller deletes it) and
 * the row after the text in *row. extra: rows needed under the text. */
static WINDOW *dlg_box(struct dialog *d, int extra, int minw, int *row, int *w_out)
{
	int maxw = COLS - 4 > 72 && d->kind != DLG_PICK ? 72 : COLS - 4, w, h, y, x, n = 0;
	char **lines = NULL;
	WINDOW *win;

	w = minw + 4;
	if (d->text != NULL && d->text[0] != '\0')
		n = text_wrap_r(ui_rule(), d->text, maxw - 4, &lines);
	for (int i = 0; i < n; i++)
		if (draw_width(lines[i]) + 4 > w)
			w = draw_width(lines[i]) + 4;
	if (draw_width(d->title) + 6 > w)
		w = draw_width(d->title) + 6;
	if (w > maxw)
		w = maxw;
	if (w < 20)
		w = 20;
	h = n + extra + (n > 0 ? 4 : 3);
	if (h > LINES - 2)
		h = LINES - 2;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	win = newwin(h, w, y, x);
	if (win == NULL) {
		text_lines_free(lines, n);
		return NULL;
	}
	werase(win);
	wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
	draw_str(win, 0, 2, " ", 1, UA_NORMAL);
	{
		int tw = draw_str(win, 0, 3, d->title, w - 6, UA_BOLD);

		draw_str(win, 0, 3 + tw, " ", 1, UA_NORMAL);
	}
	for (int i = 0; i < n && 2 + i < h - 1; i++)
		draw_str(win, 2 + i, 2, lines[i], w - 4, UA_NORMAL);
	text_lines_free(lines, n);
	*row = n > 0 ? 2 + n + 1 : 2;
	if (*row > h - 1 - extra)
		*row = h - 1 - extra;
	*w_out = w;
	return win;
}

/* The dialog is drawn in its own window over the screen, each frame. */
static void dlg_draw(struct app *a, void *st)
{
	struct dialog *d = st;
	WINDOW *win;
	int row, w, cy = 0, cx = 0;

	(void)a;
	switch (d->kind) {
	case DLG_CONFIRM: {
		const char *b[2] = { d->yes, d->no };
		int nb = 2, bw = 0, x;

		for (int i = 0; i < nb; i++)
			bw += draw_width(b[i]) + 4 + (i ? 3 : 0);
		win = dlg_box(d, 1, bw, &row, &w);
		if (win == NULL)
			return;
		x = (w - bw) / 2;
		for (int i = 0; i < nb; i++) {
			char *lab = xasprintf("[ %s ]", b[i]);
			enum ui_attr at = i == d->sel ? UA_SEL : UA_NORMAL;
			int lw = draw_str(win, row, x, lab, w - x - 1, at);

			if (i == d->sel) {
				cy = row;
				cx = x + 2;
			}
			x += lw + 3;
			free(lab);
		}
		wmove(win, cy, cx);
		wnoutrefresh(win);
		delwin(win);
		return;
	}
	case DLG_INPUT: {
		int cols = le_cols(d->le), by, bx;

		win = dlg_box(d, 3, cols + 2, &row, &w);
		if (win == NULL)
			return;
		by = getbegy(win);
		bx = getbegx(win);
		if (d->err[0] != '\0')
			draw_str(win, row + 1, 2, d->err, w - 4, UA_ERROR);
		draw_str(win, row + 2, 2, "Enter 确定　Esc 取消", w - 4, UA_DIM);
		wnoutrefresh(win);
		delwin(win);
		if (le_place(d->le, by + row, bx + 2) == 0)
			le_refresh(d->le);
		return;
	}
	case DLG_PICK: {
		int vis = d->nopts, maxvis = LINES - 10 > 3 ? LINES - 10 : 3, ow = 10;

		for (int i = 0; i < d->nopts; i++)
			if (draw_width(d->opts[i]) + 4 > ow)
				ow = draw_width(d->opts[i]) + 4;
		if (vis > maxvis)
			vis = maxvis;
		if (d->sel < d->top)
			d->top = d->sel;
		if (d->sel >= d->top + vis)
			d->top = d->sel - vis + 1;
		win = dlg_box(d, vis + 1, ow, &row, &w);
		if (win == NULL)
			return;
		for (int i = d->top; i < d->nopts && i < d->top + vis; i++) {
			int y = row + i - d->top;

			if (i == d->sel) {
				draw_fill(win, y, 2, w - 4, ' ', UA_SEL);
				cy = y;
				cx = 2;
			}
			enum ui_attr at = i == d->sel ? UA_SEL : UA_NORMAL;

			draw_str(win, y, 2, i == d->sel ? ">" : " ", 1, at);
			if (draw_width(d->opts[i]) > w - 6) {	/* too long: cut, marked */
				int cw = draw_str(win, y, 4, d->opts[i], w - 12, at);

				draw_str(win, y, 4 + cw, "......", 6, at);
			} else {
				draw_str(win, y, 4, d->opts[i], w - 6, at);
			}
		}
		draw_str(win, row + vis, 2, "Enter 选用　Esc 取消", w - 4, UA_DIM);
		wmove(win, cy, cx);
		wnoutrefresh(win);
		delwin(win);
		return;
	}
	}
}

/* Esc and the keys that quit elsewhere cancel a dialog. */
static int dlg_cancel_key(int k)
{
	return k == UK_ESC || k == KEY_F(10) || k == UK_CTRL('q') || k == UK_CTRL('c');
}

/* The dialog closes with its answer. */
static void dlg_answer(struct app *a, int value, const char *text)
{
	struct ui_answer ans;

	memset(&ans, 0, sizeof(ans));
	ans.value = value;
	ans.text = text;
	ui_close(a, &ans);
}

/* One dialog key. */
static void dlg_key(struct app *a, void *st, const struct ui_event *e)
{
	struct dialog *d = st;
	int k = ev_key(e);
	char msg[256];

	if (dlg_cancel_key(k)) {
		if (d->kind == DLG_INPUT) {	/* what was typed, for a question asked again */
			char *t = xstrdup(le_text(d->le));

			dlg_answer(a, k == UK_ESC ? -1 : -2, t);
			free(t);
		} else {
			dlg_answer(a, d->kind == DLG_CONFIRM ? 0 : -1, NULL);
		}
		return;
	}
	switch (d->kind) {
	case DLG_CONFIRM:
		if (k == KEY_LEFT || k == KEY_RIGHT || k == UK_TAB || k == KEY_BTAB)
			d->sel = !d->sel;
		else if (k == KEY_ENTER || (e->kind == EV_CHAR && e->ch == ' '))
			dlg_answer(a, d->sel == 0, NULL);
		else if (e->kind == EV_CHAR && (e->ch == 'y' || e->ch == 'Y'))
			dlg_answer(a, 1, NULL);
		else if (e->kind == EV_CHAR && (e->ch == 'n' || e->ch == 'N'))
			dlg_answer(a, 0, NULL);
		return;
	case DLG_INPUT:
		if (k == KEY_ENTER) {
			char *t = xstrdup(le_text(d->le));

			dlg_answer(a, 1, t);
			free(t);
			return;
		}
		d->err[0] = '\0';
		if (le_key(d->le, e, msg, sizeof(msg)) == LE_REFUSED)
			snprintf(d->err, sizeof(d->err), "%s", msg);
		return;
	case DLG_PICK:
		if (k == KEY_UP && d->sel > 0)
			d->sel--;
		else if ((k == KEY_DOWN || k == UK_TAB) && d->sel < d->nopts - 1)
			d->sel++;
		else if (k == KEY_ENTER)
			dlg_answer(a, d->sel, NULL);
		else if (e->kind == EV_CHAR && e->ch >= '1' && e->ch <= '9' &&
			 (int)(e->ch - '1') < d->nopts)
			dlg_answer(a, (int)(e->ch - '1'), NULL);
		return;
	}
}

/* args.mode: 0 a question (yes, no, row: 1 when yes is the default), 1 a line of
 * text (init, cols, type), 2 a pick list (opts, nopts, row: the first choice). */
static void *dlg_open(struct app *a, const struct screen_args *args)
{
	struct dialog *d = xcalloc(1, sizeof(*d));
	int cols = args->cols;

	(void)a;
	d->kind = args->mode == 1 ? DLG_INPUT : args->mode == 2 ? DLG_PICK : DLG_CONFIRM;
	d->title = xstrdup(args->title != NULL ? args->title : "");
	d->text = xstrdup(args->text != NULL ? args->text : "");
	d->yes = xstrdup(args->yes != NULL ? args->yes : "是");
	d->no = xstrdup(args->no != NULL ? args->no : "否");
	switch (d->kind) {
	case DLG_CONFIRM:
		d->sel = args->row == 1 ? 0 : 1;
		break;
	case DLG_INPUT:
		if (cols > COLS - 12)
			cols = COLS - 12;
		d->le = le_new(args->init, cols, args->type);
		break;
	case DLG_PICK:
		d->opts = args->opts;
		d->nopts = args->nopts;
		d->sel = args->row >= 0 && args->row < args->nopts ? args->row : 0;
		break;
	}
	return d;
}

/* The copies and the line editor go with the dialog. */
static void dlg_close(struct app *a, void *st, int ending)
{
	struct dialog *d = st;

	(void)a;
	(void)ending;
	le_free(d->le);
	free(d->title);
	free(d->text);
	free(d->yes);
	free(d->no);
	free(d);
}

/* The line's field window moves with the dialog. */
static void dlg_resized(struct app *a, void *st)
{
	struct dialog *d = st;

	(void)a;
	if (d->le != NULL)
		le_unplace(d->le);
}

const struct screen_ops dialog_screen = {
	.name = "dialog",
	.open = dlg_open,
	.draw = dlg_draw,
	.key = dlg_key,
	.close = dlg_close,
	.resized = dlg_resized,
	.overlay = 1,
};

/* Questions whose answers are buttons, so an input method cannot swallow them. */
void ui_confirm(struct app *a, const char *title, const char *text, const char *yes,
		const char *no, int default_yes, ui_done_fn done, void *ctx)
{
	struct screen_args args = ui_args(-1);

	args.mode = 0;
	args.title = title;
	args.text = text;
	args.yes = yes;
	args.no = no;
	args.row = default_yes ? 1 : 0;
	ui_open(a, SCR_DIALOG, &args, done, ctx);
}

/* One line of text on libform, with the same workarounds as the form fields. */
void ui_ask_line(struct app *a, const char *title, const char *text, const char *init,
		 int cols, enum field_type t, ui_done_fn done, void *ctx)
{
	struct screen_args args = ui_args(-1);

	args.mode = 1;
	args.title = title;
	args.text = text;
	args.init = init;
	args.cols = cols;
	args.type = t;
	ui_open(a, SCR_DIALOG, &args, done, ctx);
}

/* Suggestions picked from a list instead of typed. */
void ui_pick(struct app *a, const char *title, char **opts, int n, int init, ui_done_fn done,
	     void *ctx)
{
	struct screen_args args = ui_args(-1);

	args.mode = 2;
	args.title = title;
	args.text = "";
	args.opts = opts;
	args.nopts = n;
	args.row = init;
	ui_open(a, SCR_DIALOG, &args, done, ctx);
}
