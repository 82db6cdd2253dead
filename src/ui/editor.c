/*
 * editor.c - the multi-line editor widget (contract in editor.h): draws the
 * editing model of src/core/textedit.h in a box and maps keys to it.
 *
 * The box is h rows by w columns. Text wraps at w - 1 columns: the last column
 * is kept for the cursor after a row filled to the edge and for the scroll marks,
 * '^' on the first row when text is hidden above and 'v' on the last row when text
 * is hidden below (ASCII, so they show on any terminal). Every row is blanked
 * first and each character is then drawn at the column the model computed with
 * the core's width rule, so a terminal whose wcwidth disagrees cannot shift the
 * rest of a row out of the box.
 */
#include "editor.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/textedit.h"
#include "../core/util.h"
#include "ui.h"

struct editor {
	struct textedit *te;
	WINDOW *win;		/* NULL until editor_place */
	int y, x, h, w;
	int dirty;
	char why[160];		/* the last refusal, in Chinese */
};

/* The model holds the text; the window comes with editor_place. */
struct editor *editor_new(const char *text, int maxlen)
{
	struct editor *ed = xcalloc(1, sizeof(*ed));

	ed->te = textedit_new(text, maxlen);
	textedit_set_rule(ed->te, ui_rule());
	ed->h = 1;
	ed->w = 4;
	textedit_set_size(ed->te, ed->w - 1, ed->h);
	return ed;
}

/* The model goes with the editor; the window is the caller's. */
void editor_free(struct editor *ed)
{
	if (ed == NULL)
		return;
	textedit_free(ed->te);
	free(ed);
}

/* The box moves and resizes with the layout; text and cursor stay. */
void editor_place(struct editor *ed, WINDOW *win, int y, int x, int h, int w)
{
	ed->win = win;
	ed->y = y;
	ed->x = x;
	ed->h = h < 1 ? 1 : h;
	ed->w = w < 2 ? 2 : w;
	textedit_set_size(ed->te, ed->w - 1, ed->h);	/* keeps text and cursor */
}

/* Remember why a key was refused, for editor_refusal. */
static enum editor_result refuse(struct editor *ed, enum te_result r)
{
	if (r == TE_FULL)
		snprintf(ed->why, sizeof ed->why,
			 "这里最多只能写 %d 个字，已经写满了。请先删去一些字再写。",
			 textedit_maxlen(ed->te));
	else
		snprintf(ed->why, sizeof ed->why, "这个字符不能单独输入，请先输入文字。");
	return ED_REFUSED;
}

/* The editor's answer for what the model did; vertical says that at the first or
 * last row the key belongs to the screen (it moves the focus or pages the form). */
static enum editor_result result(struct editor *ed, enum te_result r, int vertical)
{
	switch (r) {
	case TE_CHANGED:
		ed->dirty = 1;
		return ED_CHANGED;
	case TE_MOVED:
		return ED_HANDLED;
	case TE_EDGE:
		return vertical ? ED_UNHANDLED : ED_HANDLED;
	case TE_FULL:
	case TE_INVALID:
	default:
		return refuse(ed, r);
	}
}

/* A function key (KEY_*), or ED_UNHANDLED when it is not the editor's. */
static enum editor_result editor_fkey(struct editor *ed, wint_t ch)
{
	struct textedit *te = ed->te;

	switch (ch) {
	case KEY_BACKSPACE:
		return result(ed, textedit_backspace(te), 0);
	case KEY_DC:
		return result(ed, textedit_delete(te), 0);
	case KEY_LEFT:
		return result(ed, textedit_left(te), 0);
	case KEY_RIGHT:
		return result(ed, textedit_right(te), 0);
	case KEY_HOME:
		return result(ed, textedit_home(te), 0);
	case KEY_END:
		return result(ed, textedit_end(te), 0);
	case KEY_UP:
		return result(ed, textedit_up(te), 1);
	case KEY_DOWN:
		return result(ed, textedit_down(te), 1);
	case KEY_PPAGE:
		return result(ed, textedit_page_up(te), 1);
	case KEY_NPAGE:
		return result(ed, textedit_page_down(te), 1);
	case KEY_ENTER:
		return result(ed, textedit_newline(te), 0);
	default:
		return ED_UNHANDLED;
	}
}

/* Ctrl-K: everything from the cursor to the end of the line (the clerk's line, up to
 * its line break, not the wrapped row). */
static enum editor_result kill_line(struct editor *ed)
{
	struct textedit *te = ed->te;
	size_t pos = textedit_pos(te);
	int changed = 0;

	while (pos < textedit_len(te) && textedit_chars(te)[pos] != '\n' &&
	       textedit_delete(te) == TE_CHANGED)
		changed = 1;
	return result(ed, changed ? TE_CHANGED : TE_MOVED, 0);
}

/* Ctrl-U: the whole text, as in a one-line field (F1 says 清空这一项). */
static enum editor_result clear_all(struct editor *ed)
{
	if (textedit_len(ed->te) == 0)
		return ED_HANDLED;
	textedit_set_text(ed->te, "");
	return result(ed, TE_CHANGED, 0);
}

/* The editing keys are those of the one-line fields (lineedit.c), so every text
 * field answers the keys F1 lists the same way. */
enum editor_result editor_key(struct editor *ed, int is_key, wint_t ch)
{
	if (is_key)
		return editor_fkey(ed, ch);
	switch (ch) {
	case '\r':
	case '\n':
		return result(ed, textedit_newline(ed->te), 0);
	case 127:
	case 8:
		return result(ed, textedit_backspace(ed->te), 0);
	case 'a' & 0x1f:
		return result(ed, textedit_home(ed->te), 0);
	case 'e' & 0x1f:
		return result(ed, textedit_end(ed->te), 0);
	case 'd' & 0x1f:
		return result(ed, textedit_delete(ed->te), 0);
	case 'k' & 0x1f:
		return kill_line(ed);
	case 'u' & 0x1f:
		return clear_all(ed);
	default:
		break;
	}
	if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0))
		return ED_UNHANDLED;	/* Tab, Esc and other control keys: the screen's */
	return result(ed, textedit_insert(ed->te, (uint32_t)ch), 0);
}

/* Blank n columns from (y, x). */
static void blank(WINDOW *win, int y, int x, int n)
{
	static const char spaces[] = "                                ";
	int k = (int)sizeof spaces - 1;

	wmove(win, y, x);
	for (; n > 0; n -= k)
		waddnstr(win, spaces, n < k ? n : k);
}

/* Draw the clusters of one layout row at (y, x), at most cols columns. */
static void draw_row(struct editor *ed, const struct textedit_row *row, int y, int x, int cols)
{
	const uint32_t *c = textedit_chars(ed->te);
	size_t i = row->start;
	int col = 0;

	while (i < row->end) {
		int cw = textedit_cpwidth_at(ed->te, i);
		wchar_t wc[8];
		int n = 0;

		if (col + cw > cols)
			break;	/* a space hanging past the edge */
		wc[n++] = (wchar_t)c[i];
		for (i++; i < row->end && textedit_cpwidth_at(ed->te, i) == 0; i++)
			if (n < (int)(sizeof wc / sizeof wc[0]) - 1)
				wc[n++] = (wchar_t)c[i];
		wc[n] = L'\0';
		/* A mark with no base on its row would land on the cell to the left. */
		if (cw > 0 && !(wc[0] == L' ' && n == 1))
			mvwaddnwstr(ed->win, y, x + col, wc, n);
		col += cw;
	}
}

/* Every row blanked, then drawn from the model, marks last, the cursor where the IME needs it. */
void editor_draw(struct editor *ed, int focused)
{
	struct textedit *te = ed->te;
	int top, nrows, row, col;

	if (ed->win == NULL)
		return;
	top = textedit_top(te);
	nrows = textedit_nrows(te);
	for (int i = 0; i < ed->h; i++) {
		blank(ed->win, ed->y + i, ed->x, ed->w);
		if (top + i < nrows)
			draw_row(ed, textedit_row(te, top + i), ed->y + i, ed->x, ed->w - 1);
	}
	if (top > 0 && (ed->h > 1 || top + ed->h >= nrows))
		mvwaddch(ed->win, ed->y, ed->x + ed->w - 1, '^');
	if (top + ed->h < nrows)
		mvwaddch(ed->win, ed->y + ed->h - 1, ed->x + ed->w - 1, 'v');
	if (focused) {
		textedit_cursor(te, &row, &col);
		if (col > ed->w - 1)
			col = ed->w - 1;	/* after a hanging space: the spare column */
		wmove(ed->win, ed->y + row - top, ed->x + col);
	}
}

/* What is saved is the model's text. */
char *editor_text(const struct editor *ed)
{
	return textedit_text(ed->te);
}

/* Saving is needed only after a change. */
int editor_dirty(const struct editor *ed)
{
	return ed->dirty;
}

/* The text just saved is the new reference. */
void editor_mark_saved(struct editor *ed)
{
	ed->dirty = 0;
}

/* The screen shows why a key was refused. */
const char *editor_refusal(const struct editor *ed)
{
	return ed->why;
}
