/*
 * textedit.h - the editing model of the multi-line text editor (no curses).
 *
 * A buffer of code points with a cursor, laid out in rows of at most w display
 * columns by a width rule of text.h (the screen rule until textedit_set_rule; the
 * screens give the terminal's), and scrolled so that the cursor row is one of h
 * visible rows. src/ui/editor.c draws it and
 * maps keys to the operations below; the tests drive it directly.
 *
 * Characters. The cursor is an index between code points (0..len) and never
 * rests inside a cluster: a cluster is one code point of width 1 or 2 (or a
 * line break, or a zero-width code point with no base before it on its line)
 * followed by every zero-width code point after it (combining marks, variation
 * selectors, ZWJ). Left, Right, Backspace and Delete move over or remove whole
 * clusters, so a character is never cut in half. maxlen counts code points,
 * line breaks included.
 *
 * Layout. The user's line breaks are kept; a line longer than w columns is
 * wrapped by text_row_end (text.h), the one line-breaking rule, so a box shows the
 * same rows whether it is being edited or not (text_wrap_r): between any two CJK
 * (wide) characters, after a run of spaces in Latin text, after the hyphen of a
 * hyphenated word, and inside a word only when the word alone is longer than w. A
 * closing punctuation mark (，。、；：？！）」…) never starts a row and an opening
 * one （（「“…) never ends a row when another break is possible. A wide character
 * is never split across the edge: when only one column is left it starts the next
 * row. A space at a wrap hangs past the edge (a row's width may exceed w by it); a
 * single cluster wider than w (w = 1) takes a row of its own.
 *
 * The layout is recomputed lazily, only after the text or w changed, in one
 * pass over a width cached per code point, so 2000 characters stay instant.
 *
 * Row ends. A position at a soft wrap is both the end of one row and the start
 * of the next. It is shown at the start of the next row, except right after End
 * or an Up/Down that aimed past the end of the row, when it is shown at the end
 * of the row (column = the row's width, which may be w: the caller keeps one
 * spare column for the cursor there). After a space hanging at the end of a
 * line the column is w + 1; the caller shows it in the spare column too.
 */
#ifndef TB_TEXTEDIT_H
#define TB_TEXTEDIT_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

struct textedit;

/* What an operation did. */
enum te_result {
	TE_MOVED,	/* the cursor moved, or nothing visible happened */
	TE_CHANGED,	/* the text changed */
	TE_EDGE,	/* nothing to do at this end (Left at 0, Up on the first row...) */
	TE_FULL,	/* refused: the text already has maxlen code points */
	TE_INVALID	/* refused: a control character, a surrogate, a non-character,
			   or a zero-width mark with no character before it */
};

/* One row of the layout: code points [start, end) of the buffer; a line break
 * that ends the row (hard) is at index end and belongs to no row. */
struct textedit_row {
	size_t start, end;
	int width;		/* display columns of [start, end), hanging spaces included */
	int hard;		/* ended by the user's line break */
};

/*
 * A new model holding text (UTF-8, NULL = empty), w = 40 and h = 1 until
 * textedit_set_size, with the cursor at the end. The text is kept whole even
 * when it is longer than maxlen (only new input is refused). CR LF and CR
 * become line breaks, tabs spaces; other control characters are dropped and
 * invalid UTF-8 becomes U+FFFD. maxlen <= 0 means no limit.
 */
struct textedit *textedit_new(const char *text, int maxlen);
void textedit_free(struct textedit *te);

/* Replace the whole text (as textedit_new does) and put the cursor at the end. */
void textedit_set_text(struct textedit *te, const char *text);

/* The text as UTF-8, malloc'd, "" when empty. */
char *textedit_text(const struct textedit *te);

/* Measure by rule from now on (NULL: the screen rule); rule must outlive te. */
void textedit_set_rule(struct textedit *te, const struct text_rule *rule);

/* Layout width w (columns, >= 1) and visible rows h (>= 1); smaller values are
 * taken as 1. Call it again at any time (terminal resize): the text and the
 * cursor index are kept, the scroll offset follows the cursor. */
void textedit_set_size(struct textedit *te, int w, int h);

/* Rows the text needs at width w, without changing te's own layout. */
int textedit_rows_needed(const struct textedit *te, int w);

/* Editing. Each returns TE_CHANGED, or TE_EDGE when there is nothing to remove,
 * or a refusal (TE_FULL, TE_INVALID) that leaves everything as it was. */
enum te_result textedit_insert(struct textedit *te, uint32_t cp);	/* printable only */
enum te_result textedit_newline(struct textedit *te);
enum te_result textedit_backspace(struct textedit *te);	/* the cluster before the cursor */
enum te_result textedit_delete(struct textedit *te);	/* the cluster after the cursor */

/* Moves. Each returns TE_MOVED, or TE_EDGE (and changes nothing) when it cannot
 * go further: Left at 0, Right at the end, Up/PageUp on the first row,
 * Down/PageDown on the last row. Home and End are those of the visual row and
 * always give TE_MOVED. Up and Down keep the goal column (display columns) from
 * the last other operation and land on the cluster boundary at or before it;
 * PageUp/PageDown move the cursor and the view by h rows (less at the ends). */
enum te_result textedit_left(struct textedit *te);
enum te_result textedit_right(struct textedit *te);
enum te_result textedit_home(struct textedit *te);
enum te_result textedit_end(struct textedit *te);
enum te_result textedit_up(struct textedit *te);
enum te_result textedit_down(struct textedit *te);
enum te_result textedit_page_up(struct textedit *te);
enum te_result textedit_page_down(struct textedit *te);

/* The buffer: len code points (not terminated, never NULL); valid until the next edit. */
const uint32_t *textedit_chars(const struct textedit *te);
size_t textedit_len(const struct textedit *te);
int textedit_maxlen(const struct textedit *te);

/* The cursor as an index (0..len); set_pos clamps it and moves it to the end
 * of the cluster it falls inside. */
size_t textedit_pos(const struct textedit *te);
void textedit_set_pos(struct textedit *te, size_t pos);

/* The layout (computed now if needed): number of rows (>= 1), one row, the
 * cursor's row and column, and the first visible row (scroll offset). */
int textedit_nrows(struct textedit *te);
const struct textedit_row *textedit_row(struct textedit *te, int r);
void textedit_cursor(struct textedit *te, int *row, int *col);
int textedit_top(struct textedit *te);

/* Display width of the code point at index i (cached; '\n' is 0). */
int textedit_cpwidth_at(const struct textedit *te, size_t i);

#endif
