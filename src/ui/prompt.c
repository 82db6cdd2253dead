/*
 * prompt.c - small modal dialogs: a question with two answers, a message, one line
 * of text, a pick list (contract in ui.h).
 *
 * Each runs its own loop over input_next and redraws the whole screen under it
 * through ui_frame, so resizing, the key script and the screen dump work the
 * same inside a dialog. Answers are buttons chosen with the arrow keys and
 * Enter, because an input method in Chinese mode swallows letters like y/n
 * (they are accepted too). Borders are ASCII: box-drawing characters are
 * "ambiguous width" and some Chinese terminals draw them two columns wide.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

enum dlg_kind { DLG_CONFIRM, DLG_MESSAGE, DLG_INPUT, DLG_PICK };

struct dialog {
	enum dlg_kind kind;
	const char *title;
	const char *text;
	const char *yes, *no;
	int sel;		/* confirm: 0 yes, 1 no; pick: the option */
	int top;		/* pick: first option shown */
	char **opts;
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
		n = text_wrap(d->text, maxw - 4, &lines);
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

/* The open dialog is drawn in its own window over the screen, each frame. */
void prompt_draw(struct app *a)
{
	struct dialog *d = a->dlg;
	WINDOW *win;
	int row, w, cy = 0, cx = 0;

	if (d == NULL)
		return;
	switch (d->kind) {
	case DLG_CONFIRM:
	case DLG_MESSAGE: {
		const char *b[2] = { d->yes, d->no };
		int nb = d->kind == DLG_CONFIRM ? 2 : 1, bw = 0, x;

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

/* One dialog key; returns 1 when the dialog is finished. */
static int dlg_key(struct app *a, struct dialog *d, const struct ui_event *e, int *answer)
{
	int k = ev_key(e);

	if (k == UK_ESC || k == KEY_F(10)) {
		*answer = d->kind == DLG_MESSAGE ? 0 : d->kind == DLG_CONFIRM ? 0 : -1;
		return 1;
	}
	switch (d->kind) {
	case DLG_MESSAGE:
		*answer = 0;
		return 1;
	case DLG_CONFIRM:
		if (k == KEY_LEFT || k == KEY_RIGHT || k == UK_TAB || k == KEY_BTAB) {
			d->sel = !d->sel;
			return 0;
		}
		if (k == KEY_ENTER || (e->kind == EV_CHAR && e->ch == ' ')) {
			*answer = d->sel == 0;
			return 1;
		}
		if (e->kind == EV_CHAR && (e->ch == 'y' || e->ch == 'Y')) {
			*answer = 1;
			return 1;
		}
		if (e->kind == EV_CHAR && (e->ch == 'n' || e->ch == 'N')) {
			*answer = 0;
			return 1;
		}
		return 0;
	case DLG_INPUT: {
		char msg[256];

		if (k == KEY_ENTER) {
			*answer = 1;
			return 1;
		}
		d->err[0] = '\0';
		if (le_key(d->le, e, msg, sizeof(msg)) == LE_REFUSED)
			snprintf(d->err, sizeof(d->err), "%s", msg);
		(void)a;
		return 0;
	}
	case DLG_PICK:
		if (k == KEY_UP && d->sel > 0)
			d->sel--;
		else if ((k == KEY_DOWN || k == UK_TAB) && d->sel < d->nopts - 1)
			d->sel++;
		else if (k == KEY_ENTER) {
			*answer = d->sel;
			return 1;
		} else if (e->kind == EV_CHAR && e->ch >= '1' && e->ch <= '9' &&
			   (int)(e->ch - '1') < d->nopts) {
			*answer = (int)(e->ch - '1');
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Run the dialog until answered; -1 also when the program is asked to stop. */
static int dlg_run(struct app *a, struct dialog *d)
{
	struct dialog *prev = a->dlg;
	int answer = -1;

	a->dlg = d;
	for (;;) {
		struct ui_event e;

		ui_frame(a);
		e = input_next(a);
		if (e.kind == EV_QUIT) {
			a->quit = 1;
			answer = -1;
			break;
		}
		if (e.kind == EV_RESIZE) {
			ui_resized(a);
			if (d->le != NULL)
				le_unplace(d->le);
			continue;
		}
		if (e.kind == EV_IDLE || a->too_small)
			continue;
		if (dlg_key(a, d, &e, &answer))
			break;
	}
	a->dlg = prev;
	if (d->le != NULL)
		le_unplace(d->le);
	return answer;
}

/* Questions whose answers are buttons, so an input method cannot swallow them. */
int prompt_confirm(struct app *a, const char *title, const char *text, const char *yes,
		   const char *no, int default_yes)
{
	struct dialog d;

	memset(&d, 0, sizeof(d));
	d.kind = DLG_CONFIRM;
	d.title = title;
	d.text = text;
	d.yes = yes;
	d.no = no;
	d.sel = default_yes ? 0 : 1;
	return dlg_run(a, &d);
}

/* Something the clerk must read before going on. */
void prompt_message(struct app *a, const char *title, const char *text)
{
	struct dialog d;

	memset(&d, 0, sizeof(d));
	d.kind = DLG_MESSAGE;
	d.title = title;
	d.text = text;
	d.yes = "确定";
	dlg_run(a, &d);
}

/* One line of text on libform, with the same workarounds as the form fields. */
char *prompt_input(struct app *a, const char *title, const char *text, const char *init,
		   int cols, enum field_type t)
{
	struct dialog d;
	char *out = NULL;

	memset(&d, 0, sizeof(d));
	d.kind = DLG_INPUT;
	d.title = title;
	d.text = text;
	if (cols > COLS - 12)
		cols = COLS - 12;
	d.le = le_new(init, cols, t);
	if (dlg_run(a, &d) == 1)
		out = xstrdup(le_text(d.le));
	le_free(d.le);
	return out;
}

/* Suggestions picked from a list instead of typed. */
int prompt_pick(struct app *a, const char *title, char **opts, int n, int init)
{
	struct dialog d;

	memset(&d, 0, sizeof(d));
	d.kind = DLG_PICK;
	d.title = title;
	d.text = "";
	d.opts = opts;
	d.nopts = n;
	d.sel = init >= 0 && init < n ? init : 0;
	return dlg_run(a, &d);
}
