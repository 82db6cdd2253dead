/* draw.c - drawing text by display width, and the lines every screen shares: the
 * header, the message line and the key line (contract in ui.h). */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/text.h"

/* One place decides how each kind of text looks, with and without colours. */
static void draw_attr(WINDOW *w, enum ui_attr at)
{
	int c = term_colors();

	switch (at) {
	case UA_NORMAL:
		wattrset(w, A_NORMAL);
		break;
	case UA_BOLD:
		wattrset(w, A_BOLD);
		break;
	case UA_DIM:
		wattrset(w, c ? A_DIM : A_NORMAL);
		break;
	case UA_TITLE:
		wattrset(w, c ? (attr_t)(COLOR_PAIR(4) | A_BOLD) : A_REVERSE);
		break;
	case UA_SEL:
	case UA_FOCUS:
		wattrset(w, A_REVERSE);
		break;
	case UA_FIELD:
		wattrset(w, A_NORMAL);
		break;
	case UA_KEY:
		wattrset(w, c ? (attr_t)COLOR_PAIR(5) : A_REVERSE);
		break;
	case UA_ERROR:
		wattrset(w, c ? (attr_t)(COLOR_PAIR(1) | A_BOLD) : A_BOLD);
		break;
	case UA_OK:
		wattrset(w, c ? (attr_t)COLOR_PAIR(2) : A_NORMAL);
		break;
	case UA_WARN:
		wattrset(w, c ? (attr_t)(COLOR_PAIR(3) | A_BOLD) : A_BOLD);
		break;
	}
}

/* On a terminal that draws ambiguous-width characters two columns wide (measured at
 * start, term.c), the common ones in the forms' text are drawn as the ASCII mark of
 * the same width curses counts (one column), so nothing after them moves. */
static uint32_t draw_narrow(uint32_t cp)
{
	static const struct {
		uint32_t from;
		char to;
	} subst[] = {
		{ 0x201C, '"' }, { 0x201D, '"' }, { 0x2018, '\'' }, { 0x2019, '\'' },
		{ 0x2014, '-' }, { 0x2013, '-' }, { 0x2015, '-' }, { 0x2026, '.' },
		{ 0x00B7, '.' }, { 0x2027, '.' }, { 0x25A1, '#' }, { 0x25CB, 'o' },
		{ 0x25CF, '*' }, { 0x00D7, 'x' }, { 0x00B0, 'o' }, { 0x203B, '*' },
		{ 0x00A7, 'S' }, { 0x2192, '>' }, { 0x2190, '<' },
	};

	if (cp >= 0x2460 && cp <= 0x2468)	/* ① .. ⑨ */
		return '1' + (cp - 0x2460);
	for (size_t i = 0; i < sizeof(subst) / sizeof(subst[0]); i++)
		if (subst[i].from == cp)
			return (uint32_t)(unsigned char)subst[i].to;
	return cp;
}

/* The screen's width rule: curses counts columns by wcwidth, and on a terminal that
 * draws Ambiguous characters wide draw_str draws them narrow, so they take one. */
const struct text_rule *ui_rule(void)
{
	static struct text_rule r;

	if (r.cpwidth == NULL)
		r = text_terminal_rule(1);
	return &r;
}

/* Display width of one code point as curses draws it (control characters as one blank). */
static int cp_cols(uint32_t cp)
{
	return text_cpwidth_r(ui_rule(), cp);
}

/* Columns as curses will use them (wcwidth), which is what positions on screen need. */
int draw_width(const char *s)
{
	int n = 0;

	while (s != NULL && *s != '\0') {
		uint32_t cp;

		s += text_decode(s, strlen(s), &cp);
		n += cp_cols(cp);
	}
	return n;
}

/* Text clipped by display width, so a wide character is never cut in half at an edge. */
int draw_str(WINDOW *w, int y, int x, const char *s, int maxcols, enum ui_attr at)
{
	wchar_t buf[512];
	int n = 0, cols = 0;
	size_t len = s != NULL ? strlen(s) : 0;

	if (maxcols <= 0 || s == NULL)
		return 0;
	while (*s != '\0' && n < (int)(sizeof(buf) / sizeof(buf[0])) - 1) {
		uint32_t cp;
		size_t k = text_decode(s, len, &cp);
		int cw = cp_cols(cp);

		if (cols + cw > maxcols)
			break;
		if (cp < 32 || cp == 127 || (cw == 0 && n == 0))
			cp = ' ';
		else if (cw == 1 && cp >= 0x80 && term_ambiguous_wide())
			cp = draw_narrow(cp);
		if (cw == 0) {	/* combining mark: keep it with its base */
			buf[n++] = (wchar_t)cp;
		} else {
			buf[n++] = (wchar_t)cp;
			cols += cw;
		}
		s += k;
		len -= k;
	}
	buf[n] = 0;
	draw_attr(w, at);
	mvwaddnwstr(w, y, x, buf, n);
	draw_attr(w, UA_NORMAL);
	return cols;
}

/* Blank or underscore runs: field backgrounds and selection bars. */
void draw_fill(WINDOW *w, int y, int x, int n, int c, enum ui_attr at)
{
	draw_attr(w, at);
	for (int i = 0; i < n; i++)
		mvwaddch(w, y, x + i, (chtype)c);
	draw_attr(w, UA_NORMAL);
}

/* A selection bar moved without drawing its text again (a list of many rows). */
void draw_recolour(WINDOW *w, int y, int x, int n, enum ui_attr at)
{
	attr_t attrs;
	short pair;

	draw_attr(w, at);
	wattr_get(w, &attrs, &pair, NULL);
	mvwchgat(w, y, x, n, attrs, pair, NULL);
	draw_attr(w, UA_NORMAL);
}

/* The content starts under the header bar. */
int ui_content_top(void)
{
	return 1;
}

/* The content ends above the message and key lines. */
int ui_content_rows(void)
{
	return LINES - 3;
}

/* Every screen says where the clerk is (left) and how far along (right). */
void draw_header(const char *left, const char *right)
{
	int rw = right != NULL ? draw_width(right) : 0;
	int lw;

	draw_fill(stdscr, 0, 0, COLS, ' ', UA_TITLE);
	if (rw > COLS / 2)
		rw = 0;
	lw = draw_str(stdscr, 0, 1, left, COLS - 2 - (rw ? rw + 2 : 0), UA_TITLE);
	(void)lw;
	if (rw)
		draw_str(stdscr, 0, COLS - 1 - rw, right, rw, UA_TITLE);
}

/* The key line: the most useful keys first, later ones dropped when the width runs out. */
void draw_keys(const struct keyhelp *k, int n)
{
	int y = LINES - 1, x = 0, gap = 2, all = 0;

	for (int i = 0; i < n; i++)
		all += draw_width(k[i].key) + 1 + draw_width(k[i].label) + (i ? 2 : 0);
	if (all > COLS - 1)
		gap = 1;	/* the key names stand out in reverse video anyway */
	move(y, 0);
	clrtoeol();
	for (int i = 0; i < n; i++) {
		int kw = draw_width(k[i].key), lw = draw_width(k[i].label);

		if (x + kw + 1 + lw > COLS - 1)
			continue;	/* drop what does not fit, keep the later short ones */
		draw_str(stdscr, y, x, k[i].key, kw, UA_KEY);
		draw_str(stdscr, y, x + kw + 1, k[i].label, lw, UA_NORMAL);
		x += kw + 1 + lw + gap;
	}
}

/* The message line shows what just happened, else what the focused field expects. */
void draw_message(struct app *a, const char *hint)
{
	int y = LINES - 2;
	enum ui_attr at = UA_NORMAL;
	const char *s = hint;

	move(y, 0);
	clrtoeol();
	if (a->msg_level != MSG_NONE) {
		s = a->msg;
		at = a->msg_level == MSG_ERROR ? UA_ERROR
		   : a->msg_level == MSG_WARN ? UA_WARN
		   : a->msg_level == MSG_OK ? UA_OK : UA_NORMAL;
	} else if (s != NULL) {
		at = UA_DIM;
	}
	if (s == NULL)
		return;
	if (draw_width(s) > COLS - 2 && LINES > 4) {	/* a long message takes two rows */
		size_t cut = text_fit_r(ui_rule(), s, COLS - 2);

		move(y - 1, 0);
		clrtoeol();
		draw_str(stdscr, y - 1, 1, s, COLS - 2, at);
		s += cut;
	}
	draw_str(stdscr, y, 1, s, COLS - 2, at);
}

/* A save reported while the focus moved on must not hide what the next field expects
 * (必填): an OK message and the hint share the line, or take two rows when together
 * they are too long, unless the row above holds the focus (then what fits, 必填 first). */
void draw_message_hint(struct app *a, const char *hint, int keep_row)
{
	int y = LINES - 2, mw, room = COLS - 2;

	if (a->msg_level != MSG_OK || hint == NULL || *hint == '\0') {
		draw_message(a, hint);
		return;
	}
	mw = draw_width(a->msg);
	move(y, 0);
	clrtoeol();
	if (mw + 4 + draw_width(hint) <= room) {
		draw_str(stdscr, y, 1, a->msg, room, UA_OK);
		draw_str(stdscr, y, 1 + mw + 4, hint, room - mw - 4, UA_DIM);
	} else if (keep_row != y - 1 && LINES > 4) {
		move(y - 1, 0);
		clrtoeol();
		draw_str(stdscr, y - 1, 1, a->msg, room, UA_OK);
		draw_str(stdscr, y, 1, hint, room, UA_DIM);
	} else {	/* what fits; 必填 at least */
		const char *h = strstr(hint, "必填") != NULL ? "必填" : hint;

		draw_str(stdscr, y, 1, a->msg, room, UA_OK);
		if (mw + 4 < room)
			draw_str(stdscr, y, 1 + mw + 4, h, room - mw - 4, UA_DIM);
	}
}

/* One message at a time, kept until the next key (a sticky one until the next message). */
void ui_msg(struct app *a, enum msg_level l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_level = a->msg[0] != '\0' ? l : MSG_NONE;
	a->msg_sticky = 0;
}

/* A key press clears the last message, unless it must be read first. */
void ui_msg_clear(struct app *a)
{
	if (a->msg_sticky)
		return;
	a->msg[0] = '\0';
	a->msg_level = MSG_NONE;
}

/* A window too small gets a plain answer instead of a broken screen; keys typed
 * meanwhile are kept, and the screen says so. */
void draw_too_small(int held, int full)
{
	char buf[600], **lines;
	int n, y = 0;

	erase();
	snprintf(buf, sizeof(buf),
		 "窗口太小：至少要 %d 列宽、%d 行高（现在 %d 列、%d 行）。\n"
		 "请把窗口拉大，内容都还在。\n"
		 "Window too small: %dx%d needed.",
		 UI_MIN_COLS, UI_MIN_ROWS, COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
	if (full)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "\n按键太多：已收下 %d 个，窗口拉大后处理；后面按的键没有收下。", held);
	else if (held > 0)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "\n刚才按的 %d 个键已收下，窗口拉大后处理。", held);
	n = text_wrap_r(ui_rule(), buf, COLS > 2 ? COLS : 2, &lines);
	for (int i = 0; i < n && y < LINES; i++, y++)
		draw_str(stdscr, y, 0, lines[i], COLS, i == 0 ? UA_BOLD : UA_NORMAL);
	text_lines_free(lines, n);
	move(0, 0);
	wnoutrefresh(stdscr);
}
