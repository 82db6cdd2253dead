/* textedit.c - the editing model of the multi-line editor (contract in textedit.h). */
#include "textedit.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

struct textedit {
	uint32_t *buf;		/* code points */
	uint8_t *wid;		/* display width of each, cached ('\n' = 0) */
	size_t len, cap;
	size_t pos;		/* cursor, 0..len, always on a cluster boundary */
	int maxlen;		/* <= 0: no limit */
	int w, h;
	int top;		/* first visible row */
	int goal;		/* goal column of Up/Down, -1 = none */
	int at_end;		/* show pos at the end of the row before (see textedit.h) */
	struct textedit_row *rows;
	int nrows, rowcap;
	int laid_out;		/* rows match buf and w */
	const struct text_rule *rule;	/* widths are measured by it (borrowed) */
};

/* A zero-width code point that belongs to the cluster before it. */
static int is_follower(const struct textedit *te, size_t i)
{
	return te->buf[i] != '\n' && te->wid[i] == 0;
}

/* End of the cluster that starts at i (i < len). */
static size_t cluster_end(const struct textedit *te, size_t i)
{
	size_t j = i + 1;

	if (te->buf[i] == '\n')
		return j;
	while (j < te->len && is_follower(te, j))
		j++;
	return j;
}

/* Start of the cluster that ends at i (i > 0). */
static size_t cluster_start(const struct textedit *te, size_t i)
{
	size_t p = i - 1;

	while (p > 0 && is_follower(te, p) && te->buf[p - 1] != '\n')
		p--;
	return p;
}

/* Move p forward out of the middle of a cluster, so the cursor never splits one. */
static size_t snap(const struct textedit *te, size_t p)
{
	if (p > te->len)
		p = te->len;
	while (p > 0 && p < te->len && is_follower(te, p) && te->buf[p - 1] != '\n')
		p++;
	return p;
}

/* Append one row to rows (when rows is not NULL: counting only otherwise). */
static void row_push(struct textedit_row **rows, int *n, int *cap, size_t start, size_t end,
		     int width, int hard)
{
	if (rows != NULL) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*rows = xreallocarray(*rows, (size_t)*cap, sizeof **rows);
		}
		(*rows)[*n] = (struct textedit_row){ start, end, width, hard };
	}
	(*n)++;
}

/* Lay out one paragraph [ps, pe) (no line break inside) at width w. */
static void layout_para(const struct textedit *te, size_t ps, size_t pe, int w, int hard,
			struct textedit_row **rows, int *n, int *cap)
{
	size_t s = ps;

	if (ps == pe) {
		row_push(rows, n, cap, ps, pe, 0, hard);
		return;
	}
	while (s < pe) {
		int width;
		size_t end = text_row_end(te->buf, te->wid, s, pe, w, &width);

		row_push(rows, n, cap, s, end, width, end == pe && hard);
		s = end;
	}
}

/* Lay out the whole text at width w; returns the number of rows. */
static int layout_all(const struct textedit *te, int w, struct textedit_row **rows, int *cap)
{
	size_t ps = 0;
	int n = 0;

	for (;;) {
		size_t pe = ps;

		while (pe < te->len && te->buf[pe] != '\n')
			pe++;
		layout_para(te, ps, pe, w, pe < te->len, rows, &n, cap);
		if (pe >= te->len)
			break;
		ps = pe + 1;
	}
	return n;
}

/* Recompute the rows when the text or the width changed since the last time. */
static void ensure_layout(struct textedit *te)
{
	if (te->laid_out)
		return;
	te->nrows = layout_all(te, te->w, &te->rows, &te->rowcap);
	te->laid_out = 1;
}

/* The row the cursor is shown on, honouring at_end at a soft wrap. */
static int cursor_row(struct textedit *te)
{
	int lo = 0, hi;

	ensure_layout(te);
	hi = te->nrows - 1;
	while (lo < hi) {	/* the last row that starts at or before pos */
		int mid = lo + (hi - lo + 1) / 2;

		if (te->rows[mid].start <= te->pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (te->at_end && lo > 0 && te->rows[lo].start == te->pos && !te->rows[lo - 1].hard &&
	    te->rows[lo - 1].end == te->pos)
		lo--;
	return lo;
}

/* Display columns from the start of row r to the cursor. */
static int cursor_col(const struct textedit *te, int r)
{
	int col = 0;

	for (size_t i = te->rows[r].start; i < te->pos && i < te->len; i++)
		col += te->wid[i];
	return col;
}

/* Keep the cursor row among the h visible rows and never show empty rows below
 * the text when it could be avoided. */
static void scroll_to_cursor(struct textedit *te)
{
	int r = cursor_row(te), maxtop = te->nrows > te->h ? te->nrows - te->h : 0;

	if (r < te->top)
		te->top = r;
	if (r >= te->top + te->h)
		te->top = r - te->h + 1;
	if (te->top > maxtop)
		te->top = maxtop;
	if (te->top < 0)
		te->top = 0;
}

/* After a change of the text: the layout is stale and the goal column forgotten. */
static enum te_result changed(struct textedit *te)
{
	te->laid_out = 0;
	te->goal = -1;
	te->at_end = 0;
	return TE_CHANGED;
}

/* After a horizontal move: the goal column is forgotten. */
static enum te_result moved(struct textedit *te)
{
	te->goal = -1;
	te->at_end = 0;
	return TE_MOVED;
}

/* Room for one more code point. */
static void grow(struct textedit *te, size_t need)
{
	if (need <= te->cap)
		return;
	te->cap = te->cap ? te->cap : 64;
	while (te->cap < need)
		te->cap *= 2;
	te->buf = xreallocarray(te->buf, te->cap, sizeof *te->buf);
	te->wid = xreallocarray(te->wid, te->cap, sizeof *te->wid);
}

/* Append one code point of loaded text (no checks: loading keeps everything). */
static void append_cp(struct textedit *te, uint32_t cp)
{
	int cw = cp == '\n' ? 0 : text_cpwidth_r(te->rule, cp);

	grow(te, te->len + 1);
	te->buf[te->len] = cp;
	te->wid[te->len] = (uint8_t)(cw < 0 ? 0 : cw > 2 ? 2 : cw);
	te->len++;
}

/* Insert cp at the cursor, which moves past it. */
static void insert_at_cursor(struct textedit *te, uint32_t cp)
{
	int cw = cp == '\n' ? 0 : text_cpwidth_r(te->rule, cp);

	grow(te, te->len + 1);
	memmove(te->buf + te->pos + 1, te->buf + te->pos, (te->len - te->pos) * sizeof *te->buf);
	memmove(te->wid + te->pos + 1, te->wid + te->pos, te->len - te->pos);
	te->buf[te->pos] = cp;
	te->wid[te->pos] = (uint8_t)(cw < 0 ? 0 : cw > 2 ? 2 : cw);
	te->len++;
	te->pos++;
}

/* Remove code points [a, b) and put the cursor at a (then out of any cluster). */
static void remove_range(struct textedit *te, size_t a, size_t b)
{
	memmove(te->buf + a, te->buf + b, (te->len - b) * sizeof *te->buf);
	memmove(te->wid + a, te->wid + b, te->len - b);
	te->len -= b - a;
	te->pos = a;
	te->pos = snap(te, te->pos);
}

struct textedit *textedit_new(const char *text, int maxlen)
{
	struct textedit *te = xcalloc(1, sizeof(*te));

	te->maxlen = maxlen > 0 ? maxlen : 0;
	te->w = 40;
	te->h = 1;
	te->goal = -1;
	te->rule = &text_screen_rule;
	grow(te, 1);	/* so textedit_chars is never NULL */
	textedit_set_text(te, text);
	return te;
}

void textedit_free(struct textedit *te)
{
	if (te == NULL)
		return;
	free(te->buf);
	free(te->wid);
	free(te->rows);
	free(te);
}

void textedit_set_text(struct textedit *te, const char *text)
{
	size_t n = text != NULL ? strlen(text) : 0;
	int after_cr = 0;

	te->len = 0;
	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(text, n, &cp);

		text += k;
		n -= k;
		if (cp == '\n' && after_cr) {
			after_cr = 0;
			continue;	/* CR LF: the CR already gave the break */
		}
		after_cr = cp == '\r';
		if (cp == '\r' || cp == '\n' || cp == 0x2028 || cp == 0x2029)
			append_cp(te, '\n');
		else if (cp == '\t')
			append_cp(te, ' ');
		else if (cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0))
			append_cp(te, cp);
	}
	te->pos = te->len;
	te->top = 0;
	changed(te);
}

char *textedit_text(const struct textedit *te)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < te->len; i++) {
		char mb[4];
		size_t k = text_encode(te->buf[i], mb);

		strbuf_add(&sb, mb, k);
	}
	return strbuf_detach(&sb);
}

void textedit_set_rule(struct textedit *te, const struct text_rule *rule)
{
	te->rule = rule != NULL ? rule : &text_screen_rule;
	for (size_t i = 0; i < te->len; i++) {
		int cw = te->buf[i] == '\n' ? 0 : text_cpwidth_r(te->rule, te->buf[i]);

		te->wid[i] = (uint8_t)(cw < 0 ? 0 : cw > 2 ? 2 : cw);
	}
	te->pos = snap(te, te->pos);
	te->laid_out = 0;
}

void textedit_set_size(struct textedit *te, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w != te->w)
		te->laid_out = 0;
	te->w = w;
	te->h = h;
}

int textedit_rows_needed(const struct textedit *te, int w)
{
	int cap = 0;

	if (te->laid_out && w == te->w)
		return te->nrows;
	return layout_all(te, w < 1 ? 1 : w, NULL, &cap);
}

/* What may be typed: printable characters, and zero-width marks only after a base. */
static enum te_result input_check(const struct textedit *te, uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
		return TE_INVALID;
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	    (cp & 0xFFFE) == 0xFFFE)
		return TE_INVALID;
	if (text_cpwidth_r(te->rule, cp) == 0 && (te->pos == 0 || te->buf[te->pos - 1] == '\n'))
		return TE_INVALID;
	if (te->maxlen > 0 && te->len >= (size_t)te->maxlen)
		return TE_FULL;
	return TE_CHANGED;
}

enum te_result textedit_insert(struct textedit *te, uint32_t cp)
{
	enum te_result r = input_check(te, cp);

	if (r != TE_CHANGED)
		return r;
	insert_at_cursor(te, cp);
	te->pos = snap(te, te->pos);
	return changed(te);
}

enum te_result textedit_newline(struct textedit *te)
{
	if (te->maxlen > 0 && te->len >= (size_t)te->maxlen)
		return TE_FULL;
	insert_at_cursor(te, '\n');
	return changed(te);
}

enum te_result textedit_backspace(struct textedit *te)
{
	if (te->pos == 0)
		return TE_EDGE;
	remove_range(te, cluster_start(te, te->pos), te->pos);
	return changed(te);
}

enum te_result textedit_delete(struct textedit *te)
{
	if (te->pos >= te->len)
		return TE_EDGE;
	remove_range(te, te->pos, cluster_end(te, te->pos));
	return changed(te);
}

enum te_result textedit_left(struct textedit *te)
{
	if (te->pos == 0)
		return TE_EDGE;
	te->pos = cluster_start(te, te->pos);
	return moved(te);
}

enum te_result textedit_right(struct textedit *te)
{
	if (te->pos >= te->len)
		return TE_EDGE;
	te->pos = cluster_end(te, te->pos);
	return moved(te);
}

enum te_result textedit_home(struct textedit *te)
{
	int r = cursor_row(te);

	te->pos = te->rows[r].start;
	return moved(te);
}

/* True when row r ends with a space (perhaps with marks after it) hanging past the
 * edge; *at is then where that space starts. */
static int hangs(const struct textedit *te, int r, size_t *at)
{
	const struct textedit_row *row = &te->rows[r];

	if (row->width <= te->w || row->end == row->start)
		return 0;
	*at = cluster_start(te, row->end);
	return te->buf[*at] == ' ';
}

enum te_result textedit_end(struct textedit *te)
{
	int r = cursor_row(te);
	const struct textedit_row *row = &te->rows[r];
	int soft = !row->hard && r < te->nrows - 1;
	size_t at;

	moved(te);
	if (soft && hangs(te, r, &at)) {
		te->pos = at;	/* before the hanging space, still on this row */
	} else {
		te->pos = row->end;
		te->at_end = soft;
	}
	return TE_MOVED;
}

/* Put the cursor on row r at the cluster boundary at or before column goal. */
static void land(struct textedit *te, int r, int goal)
{
	const struct textedit_row *row = &te->rows[r];
	size_t p = row->start, at;
	int c = 0;

	while (p < row->end) {
		size_t j = cluster_end(te, p);

		if (c + te->wid[p] > goal)
			break;
		c += te->wid[p];
		p = j;
	}
	te->at_end = 0;
	if (p == row->end && !row->hard && r < te->nrows - 1) {
		if (hangs(te, r, &at))
			p = at;
		else
			te->at_end = 1;
	}
	te->pos = p;
}

/* Move the cursor by dr rows (clamped), keeping the goal column; the view moves
 * by page rows too (0 for Up/Down). */
static enum te_result vertical(struct textedit *te, int dr, int page)
{
	int r, col, target, maxtop;

	scroll_to_cursor(te);
	r = cursor_row(te);
	col = cursor_col(te, r);
	target = r + dr;
	if (target < 0)
		target = 0;
	if (target > te->nrows - 1)
		target = te->nrows - 1;
	if (target == r)
		return TE_EDGE;
	if (te->goal < 0)
		te->goal = col;
	maxtop = te->nrows > te->h ? te->nrows - te->h : 0;
	te->top += page;
	if (te->top > maxtop)
		te->top = maxtop;
	if (te->top < 0)
		te->top = 0;
	land(te, target, te->goal);
	return TE_MOVED;
}

enum te_result textedit_up(struct textedit *te)
{
	return vertical(te, -1, 0);
}

enum te_result textedit_down(struct textedit *te)
{
	return vertical(te, 1, 0);
}

enum te_result textedit_page_up(struct textedit *te)
{
	return vertical(te, -te->h, -te->h);
}

enum te_result textedit_page_down(struct textedit *te)
{
	return vertical(te, te->h, te->h);
}

const uint32_t *textedit_chars(const struct textedit *te)
{
	return te->buf;
}

size_t textedit_len(const struct textedit *te)
{
	return te->len;
}

int textedit_maxlen(const struct textedit *te)
{
	return te->maxlen;
}

size_t textedit_pos(const struct textedit *te)
{
	return te->pos;
}

void textedit_set_pos(struct textedit *te, size_t pos)
{
	te->pos = snap(te, pos);
	moved(te);
}

int textedit_nrows(struct textedit *te)
{
	ensure_layout(te);
	return te->nrows;
}

const struct textedit_row *textedit_row(struct textedit *te, int r)
{
	ensure_layout(te);
	if (r < 0 || r >= te->nrows)
		return NULL;
	return &te->rows[r];
}

void textedit_cursor(struct textedit *te, int *row, int *col)
{
	int r = cursor_row(te);

	if (row != NULL)
		*row = r;
	if (col != NULL)
		*col = cursor_col(te, r);
}

int textedit_top(struct textedit *te)
{
	scroll_to_cursor(te);
	return te->top;
}

int textedit_cpwidth_at(const struct textedit *te, size_t i)
{
	return i < te->len ? te->wid[i] : 0;
}
