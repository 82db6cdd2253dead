/*
 * editor.h - our own multi-line text editor widget for long Chinese text.
 *
 * libformw corrupts multi-line wide-character fields (docs/libformw.md), so long
 * text (活动主要内容, 工作分工…) is edited here instead: the editing model of
 * src/core/textedit.h (a buffer of code points wrapped by display width, keeping
 * the user's line breaks, scrolling when the text is taller than the box, tested
 * without curses); this file only draws it and maps keys, the same editing keys as
 * a one-line field (lineedit.c).
 */
#ifndef TB_EDITOR_H
#define TB_EDITOR_H

#include <curses.h>
#include <wchar.h>

struct editor;

enum editor_result {
	ED_HANDLED,	/* the key moved the cursor or did nothing visible */
	ED_CHANGED,	/* the text changed */
	ED_REFUSED,	/* the key would exceed maxlen or is not allowed: caller shows why */
	ED_UNHANDLED	/* not the editor's key (Tab, Esc, F-keys, Up on the first line,
			   Down on the last line, PgUp/PgDn at the ends): the caller acts */
};

/* A new editor holding a copy of text (NULL = empty), at most maxlen characters. */
struct editor *editor_new(const char *text, int maxlen);
void editor_free(struct editor *ed);

/* Where it is drawn: h rows by w columns at (y, x) of win (w >= 4). */
void editor_place(struct editor *ed, WINDOW *win, int y, int x, int h, int w);

/* One key, as from wget_wch: is_key is true for KEY_* codes (KEY_CODE_YES). */
enum editor_result editor_key(struct editor *ed, int is_key, wint_t ch);

/* Draw; when focused, leave the hardware cursor at the insertion point (for the IME). */
void editor_draw(struct editor *ed, int focused);

/* The text as UTF-8 (malloc'd; "" when empty), and whether it changed since
 * editor_new or the last editor_mark_saved. */
char *editor_text(const struct editor *ed);
int editor_dirty(const struct editor *ed);
void editor_mark_saved(struct editor *ed);

/* Why the last ED_REFUSED key was refused, in plain Chinese ("" before any), owned
 * by ed. Text wraps at w - 1 columns: the last column holds the cursor after a full
 * row and the scroll marks '^' (text above) and 'v' (text below). */
const char *editor_refusal(const struct editor *ed);

#endif
