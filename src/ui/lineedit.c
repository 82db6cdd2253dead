/*
 * lineedit.c - one-line fields on libformw, with the workarounds docs/libformw.md
 * describes (contract in ui.h).
 *
 * Each edited field is a form of its own with one FIELD, in a window of its own
 * on top of stdscr, created where the field is shown and rebuilt when it moves
 * (scroll, resize). What is typed is also kept here, outside libform, after every
 * key, so that nothing depends on libform's buffers surviving a resize.
 * Workarounds: the width of a character is checked before it is passed (a wide
 * character would spill out of the field); End is our own (BEG + one RIGHT per
 * character); no word moves; insert mode only; no autoskip; O_BLANK off; fixed
 * size (no growing); only printable characters reach form_driver_w; digits are
 * filtered here with full-width digits converted; REQ_VALIDATION before
 * field_buffer, whose trailing spaces are trimmed.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

struct lineedit {
	FORM *form;
	FIELD *fields[2];
	WINDOW *win;
	int y, x;		/* where the form is shown; -1 when not shown */
	int cols;		/* data columns; the field has one more for the cursor */
	enum field_type type;
	char *text;		/* what is typed, kept after every change */
	int cur;		/* cursor, in characters */
	char *trimmed;		/* le_text's answer */
};

/* The text lives here first; libform is made only where the field is shown. */
struct lineedit *le_new(const char *text, int cols, enum field_type t)
{
	struct lineedit *le = xcalloc(1, sizeof(*le));

	le->cols = cols < 1 ? 1 : cols;
	le->type = t;
	le->y = le->x = -1;
	le->text = xstrdup(text != NULL ? text : "");
	le->cur = (int)text_chars(le->text);
	return le;
}

/* The editor owns its form, field and window. */
void le_free(struct lineedit *le)
{
	if (le == NULL)
		return;
	le_unplace(le);
	free(le->text);
	free(le->trimmed);
	free(le);
}

/* Dialogs size themselves to the field. */
int le_cols(const struct lineedit *le)
{
	return le->cols;
}

/* Left at the start of a line may leave it (其他's text back to the options). */
int le_cursor(const struct lineedit *le)
{
	return le->cur;
}

/* A form whose place moved is thrown away and made again; the text is kept here. */
void le_unplace(struct lineedit *le)
{
	if (le->form != NULL) {
		unpost_form(le->form);
		free_form(le->form);
		le->form = NULL;
	}
	if (le->fields[0] != NULL) {
		free_field(le->fields[0]);
		le->fields[0] = NULL;
	}
	if (le->win != NULL) {
		delwin(le->win);
		le->win = NULL;
	}
	le->y = le->x = -1;
}

/* Requests go through KEY_CODE_YES, characters never do. */
static void le_req(struct lineedit *le, int req)
{
	form_driver_w(le->form, KEY_CODE_YES, (wint_t)req);
}

/* Put libform's cursor on character le->cur: our own End (the library's End
 * counts characters as columns). */
static void le_move_cursor(struct lineedit *le)
{
	le_req(le, REQ_BEG_FIELD);
	for (int i = 0; i < le->cur; i++)
		le_req(le, REQ_RIGHT_CHAR);
}

/* A one-field form at the field's place, with the workarounds set up front. */
int le_place(struct lineedit *le, int y, int x)
{
	FIELD *f;

	if (le->form != NULL && le->y == y && le->x == x)
		return 0;
	le_unplace(le);
	if (y < 0 || x < 0 || y >= LINES || x + le->cols + 1 > COLS)
		return -1;
	le->win = newwin(1, le->cols + 1, y, x);
	if (le->win == NULL)
		return -1;
	f = new_field(1, le->cols + 1, 0, 0, 0, 0);
	if (f == NULL) {
		le_unplace(le);
		return -1;
	}
	le->fields[0] = f;
	le->fields[1] = NULL;
	field_opts_off(f, O_AUTOSKIP | O_BLANK | O_WRAP);
	field_opts_on(f, O_STATIC | O_EDIT | O_ACTIVE | O_VISIBLE | O_PUBLIC);
	/* The pad stays a blank: libform turns typed pad characters into blanks, so
	 * with '_' as pad an underscore in a WeChat ID or e-mail would be lost. */
	set_field_pad(f, ' ');
	set_field_back(f, A_REVERSE | A_UNDERLINE);
	set_field_fore(f, A_REVERSE | A_UNDERLINE);
	set_field_buffer(f, 0, le->text);
	le->form = new_form(le->fields);
	if (le->form == NULL) {
		le_unplace(le);
		return -1;
	}
	set_form_win(le->form, le->win);
	set_form_sub(le->form, le->win);
	if (post_form(le->form) != E_OK) {	/* E_NO_ROOM: the window is too small */
		le_unplace(le);
		return -1;
	}
	le_req(le, REQ_INS_MODE);
	le->y = y;
	le->x = x;
	le_move_cursor(le);
	return 0;
}

/* The field window goes over stdscr, and the hardware cursor into it (for the input method). */
void le_refresh(struct lineedit *le)
{
	if (le->form == NULL)
		return;
	pos_form_cursor(le->form);
	touchwin(le->win);
	wnoutrefresh(le->win);
}

/* Copy libform's buffer into le->text: validation first, then trailing spaces
 * trimmed, but never before the cursor (a space just typed stays). */
static void le_sync(struct lineedit *le)
{
	const char *b;
	size_t len, keep_bytes = 0;
	int n = 0;

	le_req(le, REQ_VALIDATION);
	b = field_buffer(le->fields[0], 0);
	if (b == NULL)
		return;
	len = strlen(b);
	/* bytes of the first cur characters */
	while (keep_bytes < len && n < le->cur) {
		uint32_t cp;

		keep_bytes += text_decode(b + keep_bytes, len - keep_bytes, &cp);
		n++;
	}
	while (len > keep_bytes && b[len - 1] == ' ')
		len--;
	free(le->text);
	le->text = xstrndup(b, len);
}

/* Values are saved without trailing blanks. */
const char *le_text(struct lineedit *le)
{
	size_t len = strlen(le->text);

	while (len > 0 && le->text[len - 1] == ' ')
		len--;
	free(le->trimmed);
	le->trimmed = xstrndup(le->text, len);
	return le->trimmed;
}

/* A suggestion picked with F3 replaces the text. */
void le_set_text(struct lineedit *le, const char *text)
{
	free(le->text);
	le->text = xstrdup(text != NULL ? text : "");
	le->cur = (int)text_chars(le->text);
	if (le->form != NULL) {
		set_field_buffer(le->fields[0], 0, le->text);
		le_move_cursor(le);
	}
}

/* Full-width forms of ASCII (what an input method types in Chinese mode) to ASCII,
 * for fields that hold numbers, phone numbers, addresses and dates. */
static wint_t le_halfwidth(enum field_type t, wint_t c)
{
	if (t == FT_TEXT || t == FT_LONGTEXT)
		return c;
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000)
		return ' ';
	return c;
}

/* A refused key is explained in the terms of the field. */
static const char *le_refusal(enum field_type t)
{
	/* counts are the only type check_key_allowed filters; others are checked on leaving */
	if (t == FT_COUNT)
		return "这一项只能填数字（0-9）。" UI_BLANK_HINT;
	return "这个字符不能填在这一项里";
}

/* A full field says how much it holds in the terms of what goes in it: digits for a
 * count (never 汉字), characters for a number or address, 汉字 for text. */
static void le_full(const struct lineedit *le, char *msg, size_t msglen)
{
	switch (le->type) {
	case FT_COUNT:
		snprintf(msg, msglen, "这一栏已填满：最多 %d 位数字", le->cols);
		break;
	case FT_TEXT:
		snprintf(msg, msglen, "这一栏已填满：最多 %d 个汉字或 %d 个数字、字母",
			 le->cols / 2, le->cols);
		break;
	default:
		snprintf(msg, msglen, "这一栏已填满：最多 %d 个数字、字母或符号", le->cols);
		break;
	}
}

/* Every key is checked before libform sees it: type, width, and the keys libform gets wrong. */
enum le_result le_key(struct lineedit *le, const struct ui_event *e, char *msg, size_t msglen)
{
	int k = ev_key(e), n;

	msg[0] = '\0';
	if (le->form == NULL)
		return LE_UNHANDLED;
	n = (int)text_chars(le->text);
	if (ev_printable(e)) {
		wint_t c = le_halfwidth(le->type, e->ch);
		int w = wcwidth((wchar_t)c);

		if (!check_key_allowed(le->type, (unsigned int)c)) {
			snprintf(msg, msglen, "%s", le_refusal(le->type));
			return LE_REFUSED;
		}
		if (w < 1 || draw_width(le->text) + w > le->cols) {
			le_full(le, msg, msglen);
			return LE_REFUSED;
		}
		if (form_driver_w(le->form, OK, c) != E_OK) {
			snprintf(msg, msglen, "这一栏已填满");
			return LE_REFUSED;
		}
		le->cur++;
		le_sync(le);
		return LE_CHANGED;
	}
	switch (k) {
	case KEY_LEFT:
		if (le->cur > 0) {
			le_req(le, REQ_LEFT_CHAR);
			le->cur--;
		}
		return LE_MOVED;
	case KEY_RIGHT:
		if (le->cur < n) {
			le_req(le, REQ_RIGHT_CHAR);
			le->cur++;
		}
		return LE_MOVED;
	case KEY_HOME:
	case UK_CTRL('a'):
		le->cur = 0;
		le_req(le, REQ_BEG_FIELD);
		return LE_MOVED;
	case KEY_END:
	case UK_CTRL('e'):
		le->cur = n;
		le_move_cursor(le);
		return LE_MOVED;
	case KEY_BACKSPACE:
		if (le->cur == 0)
			return LE_MOVED;
		le_req(le, REQ_DEL_PREV);
		le->cur--;
		le_sync(le);
		return LE_CHANGED;
	case KEY_DC:
	case UK_CTRL('d'):
		if (le->cur >= n)
			return LE_MOVED;
		le_req(le, REQ_DEL_CHAR);
		le_sync(le);
		return LE_CHANGED;
	case UK_CTRL('u'):
		le_req(le, REQ_CLR_FIELD);
		le->cur = 0;
		le_sync(le);
		return LE_CHANGED;
	case UK_CTRL('k'):
		le_req(le, REQ_CLR_EOL);
		le_sync(le);
		return LE_CHANGED;
	default:
		return LE_UNHANDLED;
	}
}
