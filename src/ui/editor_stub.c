/*
 * editor_stub.c - TEMPORARY stand-in for the multi-line editor (editor.h) until
 * src/ui/editor.c lands; every function is a weak symbol, so the real editor
 * replaces it at link time. Append-only editing (typing, Enter, Backspace at the
 * end). Delete this file once editor.c is in.
 */
#include "editor.h"

#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/util.h"

struct editor {
	struct strbuf text;
	int maxlen, dirty;
	WINDOW *win;
	int y, x, h, w;
};

__attribute__((weak)) struct editor *editor_new(const char *text, int maxlen)
{
	struct editor *ed = xcalloc(1, sizeof(*ed));

	strbuf_adds(&ed->text, text != NULL ? text : "");
	ed->maxlen = maxlen;
	return ed;
}

__attribute__((weak)) void editor_free(struct editor *ed)
{
	if (ed == NULL)
		return;
	strbuf_free(&ed->text);
	free(ed);
}

__attribute__((weak)) void editor_place(struct editor *ed, WINDOW *win, int y, int x, int h, int w)
{
	ed->win = win;
	ed->y = y;
	ed->x = x;
	ed->h = h;
	ed->w = w;
}

__attribute__((weak)) enum editor_result editor_key(struct editor *ed, int is_key, wint_t ch)
{
	char mb[8] = { 0 };

	if (is_key && ch == KEY_BACKSPACE) {
		while (ed->text.len > 0 && (ed->text.buf[ed->text.len - 1] & 0xC0) == 0x80)
			ed->text.len--;
		if (ed->text.len > 0)
			ed->text.len--;
		if (ed->text.buf != NULL)
			ed->text.buf[ed->text.len] = '\0';
		ed->dirty = 1;
		return ED_CHANGED;
	}
	if (is_key || ch == '\t' || ch == 27)
		return ED_UNHANDLED;
	if (ch == '\r')
		ch = '\n';
	if (ch < 32 && ch != '\n')
		return ED_UNHANDLED;
	if ((int)text_chars(strbuf_str(&ed->text)) >= ed->maxlen)
		return ED_REFUSED;
	strbuf_add(&ed->text, mb, text_encode((uint32_t)ch, mb));
	ed->dirty = 1;
	return ED_CHANGED;
}

__attribute__((weak)) void editor_draw(struct editor *ed, int focused)
{
	char **lines;
	int n = text_wrap(strbuf_str(&ed->text), ed->w > 2 ? ed->w - 1 : 2, &lines), first;

	first = n > ed->h ? n - ed->h : 0;
	for (int r = 0; r < ed->h; r++) {
		wmove(ed->win, ed->y + r, ed->x);
		for (int c = 0; c < ed->w; c++)
			waddch(ed->win, ' ');
		if (first + r < n)
			mvwaddstr(ed->win, ed->y + r, ed->x, lines[first + r]);
	}
	if (focused) {
		int last = n - 1 - first;

		wmove(ed->win, ed->y + (last < 0 ? 0 : last),
		      ed->x + (n > 0 ? text_width(lines[n - 1]) : 0));
	}
	text_lines_free(lines, n);
}

__attribute__((weak)) char *editor_text(const struct editor *ed)
{
	return xstrdup(strbuf_str(&ed->text));
}

__attribute__((weak)) int editor_dirty(const struct editor *ed)
{
	return ed->dirty;
}

__attribute__((weak)) void editor_mark_saved(struct editor *ed)
{
	ed->dirty = 0;
}

__attribute__((weak)) int editor_rows_needed(const struct editor *ed, int w)
{
	char **lines;
	int n = text_wrap(strbuf_str(&ed->text), w > 2 ? w : 2, &lines);

	text_lines_free(lines, n);
	return n;
}
