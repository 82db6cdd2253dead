/*
 * xlsx.c - the .xlsx export laid out like the paper form, with libxlsxwriter
 * (contract in export.h).
 *
 * The first sheet is the paper form, derived from the form model, never from a
 * particular form: 附件N and the title on top; then the form's top-level items in
 * order as blocks:
 *   - labelled fields: a grid of label | value pairs, three to a row, a long text
 *     field across the whole row (附件1); in a form that has a table, one line of
 *     "label：value" pairs above it, as the paper's header line (附件3);
 *   - sections with sentences: one row each of a three-column table, heading |
 *     read-only text | the sentences with their blanks filled in (附件3);
 *   - a repeating group: a table with one row per group row and the group's fields
 *     as columns (附件2);
 *   - other text: a paragraph across the sheet;
 * and the notes and the footer (导出时间、第 N 版) under it. The second sheet, 数据,
 * hidden so that it never prints, holds the CSV's columns and rows as typed cells
 * (counts as numbers), for whoever wants to add up.
 *
 * Counts are numbers, blanks are empty cells, everything else goes through the
 * string call (a text is never a formula). Cells have borders and wrapped text in
 * 宋体; row heights are computed so that every line shows; A4, fit to the page
 * width, the table's header row repeated on every printed page.
 */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "config.h"
#include "csv.h"
#include "fileio.h"
#include "text.h"

#define FONT "宋体"
#define MAX_COLS 64			/* a group with more fields is cut to this many columns */
#define CELL_MAX 32000			/* characters; Excel holds 32767 in a cell */
#define LINE_PT 14.25			/* one line of 11 pt 宋体 (19 px), as Excel spaces it */
#define WIDTH_PAD 0.7109375		/* what libxlsxwriter adds to a width: Excel's 5 px of padding */
#define MARGIN 0.6			/* a cell's inner margins, about 2 px a side, in digit widths */
#define BOX_PT 20.0			/* the least height of a bordered row: room to write, as on paper */
#define PAD_PT 4.0
#define LANDSCAPE_WIDTH 110.0		/* sheets wider than this (in Excel units) print landscape */
#define PAPER_A4 9

/* What a top-level block of the layout is. */
enum block_kind { B_FIELDS, B_SECTIONS, B_GROUP, B_HEADING, B_PARA };

struct block {
	enum block_kind kind;
	int first, last;	/* items [first, last] of the form's layout */
};

/* The formats, one workbook's worth. */
struct fmts {
	lxw_format *att, *title, *sub, *label, *value, *num, *head, *para, *note, *foot,
		*dhead, *dval, *dnum;
};

/* One sheet being written. */
struct xl {
	const struct record *r;
	lxw_worksheet *ws;
	struct fmts *f;
	int ncols;
	double width[MAX_COLS];	/* column widths in Excel units */
	int row;
	int header_row;		/* the table header to repeat when printed, or -1 */
	time_t when;
	int boxed;		/* the current row has bordered cells */
	lxw_error err;
};

/* ---------------------------------------------------------------- cells */

/* Keep the first error; later calls still run, so every failure is the first one's. */
static void note_err(struct xl *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = e;
}

/* A text too long for one Excel cell keeps its beginning and says where the rest is. */
static char *cell_text(const char *s)
{
	size_t n = 0, chars = 0;

	if (s == NULL)
		return NULL;
	while (s[n] != '\0' && chars < CELL_MAX) {
		uint32_t cp;

		n += text_decode(s + n, strlen(s + n), &cp);
		chars++;
	}
	if (s[n] == '\0')
		return xstrdup(s);
	return xasprintf("%.*s……（超出 Excel 一格能放的长度，全文见同名的 .txt 或 .csv 文件）",
			 (int)n, s);
}

/* Excel units of columns [c0, c1]. */
static double span_width(const struct xl *x, int c0, int c1)
{
	double w = 0;

	for (int c = c0; c <= c1 && c < x->ncols; c++)
		w += x->width[c];
	return w;
}

/* Print columns (text.h's print rule) of the text area of columns [c0, c1]. Excel
 * counts a width in digits '0' of the default font (宋体 here, set_default_font) and
 * adds 5 px of padding; a digit of 宋体 is half an em, one print column, and a Chinese
 * character one em, two columns; the cell's margins take a little of it. */
static int text_cols(const struct xl *x, int c0, int c1)
{
	int n = c1 < x->ncols ? c1 - c0 + 1 : x->ncols - c0;
	int cols = (int)(span_width(x, c0, c1) + n * WIDTH_PAD - MARGIN);

	return cols < 2 ? 2 : cols;
}

/* Lines s takes in cols print columns, as Excel and LibreOffice wrap a cell. */
static int lines_in(const char *s, int cols)
{
	int n;
	char **lines;

	if (s == NULL || *s == '\0')
		return 1;
	/* most cells are one short line: no need to wrap them */
	if (strchr(s, '\n') == NULL && text_width_print(s) <= cols)
		return 1;
	n = text_wrap_print(s, cols, &lines);
	text_lines_free(lines, n);
	return n > 0 ? n : 1;
}

/* Grow the row's height so that all lines of s in columns [c0, c1] show. */
static void fit_row(struct xl *x, double *height, const char *s, int c0, int c1)
{
	double h = lines_in(s, text_cols(x, c0, c1)) * LINE_PT + PAD_PT;

	if (h > *height)
		*height = h;
}

/* A string in columns [c0, c1] of the current row (merged when more than one). */
static void put(struct xl *x, int c0, int c1, const char *s, lxw_format *fmt, double *height)
{
	char *t = cell_text(s);

	x->boxed |= fmt == x->f->label || fmt == x->f->value || fmt == x->f->head;
	if (c1 > c0)
		note_err(x, worksheet_merge_range(x->ws, (lxw_row_t)x->row, (lxw_col_t)c0,
						  (lxw_row_t)x->row, (lxw_col_t)c1,
						  t != NULL ? t : "", fmt));
	else
		note_err(x, worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)c0,
						   t != NULL ? t : "", fmt));
	if (height != NULL)
		fit_row(x, height, t, c0, c1);
	free(t);
}

/* A value in its own cell(s): a count as a number, a blank as an empty cell, else text. */
static void put_value(struct xl *x, int c0, int c1, const struct form_field *fld, const char *v,
		      double *height)
{
	char *end = NULL;
	double d;

	if (fld->type == FT_COUNT && v != NULL && *v != '\0') {
		d = strtod(v, &end);
		if (end != NULL && *end == '\0') {
			if (c1 > c0)
				note_err(x, worksheet_merge_range(x->ws, (lxw_row_t)x->row,
								  (lxw_col_t)c0, (lxw_row_t)x->row,
								  (lxw_col_t)c1, "", x->f->num));
			note_err(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)c0,
							   d, x->f->num));
			return;
		}
	}
	put(x, c0, c1, v, x->f->value, height);
}

/* End the current row at the given height (at least one line). */
static void end_row(struct xl *x, double height)
{
	if (height < LINE_PT + PAD_PT)
		height = LINE_PT + PAD_PT;
	if (x->boxed && height < BOX_PT)
		height = BOX_PT;
	x->boxed = 0;
	note_err(x, worksheet_set_row(x->ws, (lxw_row_t)x->row, height, NULL));
	x->row++;
}

/* A paragraph across the whole sheet. */
static void put_para(struct xl *x, const char *s, lxw_format *fmt)
{
	double h = 0;

	put(x, 0, x->ncols - 1, s, fmt, &h);
	end_row(x, h);
}

/* ---------------------------------------------------------------- blocks */

/* Does the section starting at item i hold a sentence (then it is a table row)? */
static int section_end(const struct form *f, int i, int *has_line)
{
	int j = i + 1;

	*has_line = 0;
	for (; j < f->nitems; j++) {
		if (f->items[j].kind == IT_SECTION || f->items[j].kind == IT_GROUP)
			break;
		*has_line |= f->items[j].kind == IT_LINE;
	}
	return j - 1;
}

/* The top-level layout cut into blocks. */
static int make_blocks(const struct form *f, struct block *b)
{
	int n = 0;

	for (int i = 0; i < f->nitems;) {
		const struct form_item *it = &f->items[i];
		int has_line, end;

		switch (it->kind) {
		case IT_SECTION:
			end = section_end(f, i, &has_line);
			if (has_line) {
				b[n++] = (struct block){ B_SECTIONS, i, end };
				i = end + 1;
			} else {
				b[n++] = (struct block){ B_HEADING, i, i };
				i++;
			}
			break;
		case IT_FIELD:
			end = i;
			while (end + 1 < f->nitems && f->items[end + 1].kind == IT_FIELD)
				end++;
			b[n++] = (struct block){ B_FIELDS, i, end };
			i = end + 1;
			break;
		case IT_GROUP:
			b[n++] = (struct block){ B_GROUP, i, i };
			i++;
			break;
		default:
			b[n++] = (struct block){ B_PARA, i, i };
			i++;
			break;
		}
	}
	return n;
}

/* The group's columns: every field in layout order (blanks of sentences too), as the CSV. */
static int group_columns(const struct form *f, const struct form_group *g, int *cols)
{
	int n = 0;

	for (int k = 0; k < g->nitems && n < MAX_COLS - 1; k++) {
		const struct form_item *it = &g->items[k];

		if (it->kind == IT_FIELD)
			cols[n++] = it->field;
		else if (it->kind == IT_LINE)
			for (int s = 0; s < it->nsegs && n < MAX_COLS - 1; s++)
				if (it->segs[s].field >= 0)
					cols[n++] = it->segs[s].field;
	}
	(void)f;
	return n;
}

/* A column wide enough for what the field holds, in Excel units. */
static double field_width(const struct form_field *fld)
{
	double w;

	switch (fld->type) {
	case FT_COUNT:
		return 9;
	case FT_DATE:
	case FT_YESNO:
	case FT_CHOICE:
		return 10;
	case FT_DATERANGE:
		return 12;
	case FT_LONGTEXT:
		return 28;
	case FT_MULTI:
		return 16;
	default:
		w = fld->width / 4.0 + 5;
		return w < 10 ? 10 : w > 20 ? 20 : w;
	}
}

/* The heading of column A of a section table: the form's, else 项目. Of column B: the
 * common "X：" prefix of the sections' first paragraphs. Of column C: the paragraph
 * "Y：" that introduces the sentences. */
struct sec_heads {
	char *a, *b, *c;
};

/* "X" when s starts with "X：" (X short), else NULL. */
static char *colon_prefix(const char *s)
{
	const char *c = strstr(s, "：");

	if (c == NULL || c == s || text_width(s) < 2 || (size_t)(c - s) > 30)
		return NULL;
	return xstrndup(s, (size_t)(c - s));
}

/* Is the text item i (in a section) the one that introduces the sentences: "Y：" alone? */
static int is_lines_heading(const struct form *f, int i)
{
	const char *t = f->items[i].text;
	size_t n = t != NULL ? strlen(t) : 0;

	return f->items[i].kind == IT_TEXT && n > 3 && strcmp(t + n - 3, "：") == 0 &&
	       i + 1 < f->nitems && f->items[i + 1].kind == IT_LINE;
}

/* Find the headings of the sections table from what all its sections have in common. */
static void section_heads(const struct form *f, const struct block *b, int nb, struct sec_heads *h)
{
	int agree_b = 1, agree_c = 1;

	if (f->ncolumns == 3) {
		h->a = xstrdup(f->columns[0]);
		h->b = xstrdup(f->columns[1]);
		h->c = xstrdup(f->columns[2]);
		return;
	}
	h->a = xstrdup("项目");
	h->b = NULL;
	h->c = NULL;
	for (int k = 0; k < nb; k++) {
		if (b[k].kind != B_SECTIONS)
			continue;
		for (int i = b[k].first + 1; i <= b[k].last; i++) {
			const struct form_item *it = &f->items[i];
			char *p;

			if (it->kind != IT_TEXT || it->text == NULL)
				continue;
			p = colon_prefix(it->text);
			if (is_lines_heading(f, i)) {
				if (h->c == NULL && agree_c)
					h->c = p, p = NULL;
				else if (h->c != NULL && (p == NULL || strcmp(p, h->c) != 0))
					agree_c = 0;
			} else if (h->b == NULL && agree_b && p != NULL) {
				h->b = p;
				p = NULL;
			} else if (h->b != NULL && (p == NULL || strcmp(p, h->b) != 0)) {
				agree_b = 0;
			}
			free(p);
		}
	}
	if (!agree_b || h->b == NULL) {
		free(h->b);
		h->b = xstrdup("内容");
	}
	if (!agree_c || h->c == NULL) {
		free(h->c);
		h->c = xstrdup("填写情况");
	}
}

/* "label：value" of a field, as the text export shows it (■是 □否 for yes/no). */
static char *field_line(const struct record *r, int field, int row)
{
	const struct form_field *fld = &r->form->fields[field];
	char *v = export_value_display(fld, record_get(r, field, row));
	char *s = xasprintf("%s：%s", fld->label, v);

	free(v);
	return s;
}

/* Is item i of the block a field written beside the one before it? */
static int grid_beside(const struct form *f, const struct block *b, int i)
{
	return i >= b->first && i <= b->last && f->fields[f->items[i].field].beside;
}

/* Labelled fields: pairs, three to a row; a long text across the row; fields written
 * beside each other on a row of their own. */
static void write_grid(struct xl *x, const struct block *b)
{
	const struct form *f = x->r->form;
	int pairs = x->ncols / 2, used = 0;
	double h = 0;

	for (int i = b->first; i <= b->last; i++) {
		int fi = f->items[i].field;
		const struct form_field *fld = &f->fields[fi];
		int across = fld->type == FT_LONGTEXT || (fld->type == FT_TEXT && fld->width >= 40);
		int chain = fld->beside || grid_beside(f, b, i + 1);

		if (fld->beside)
			across = 0;
		if (used > 0 && (across || used == pairs ||
				 (!fld->beside && grid_beside(f, b, i + 1)))) {
			end_row(x, h);
			h = 0;
			used = 0;
		}
		put(x, used * 2, used * 2, fld->label, x->f->label, &h);
		if (across || i == b->last || (chain && !grid_beside(f, b, i + 1)) ||
		    (!chain && i + 1 <= b->last &&
		     (f->fields[f->items[i + 1].field].type == FT_LONGTEXT ||
		      (f->fields[f->items[i + 1].field].type == FT_TEXT &&
		       f->fields[f->items[i + 1].field].width >= 40)) &&
		     used + 1 < pairs)) {
			/* the last pair of its row: the value takes the rest of the row */
			put_value(x, used * 2 + 1, x->ncols - 1, fld, record_get(x->r, fi, -1), &h);
			end_row(x, h);
			h = 0;
			used = 0;
			continue;
		}
		put_value(x, used * 2 + 1, used * 2 + 1, fld, record_get(x->r, fi, -1), &h);
		used++;
	}
	if (used > 0)
		end_row(x, h);
}

/* Labelled fields as the paper's header line: 填报单位（盖章）：…　　联系人：… */
static void write_inline(struct xl *x, const struct block *b)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = b->first; i <= b->last; i++) {
		char *s = field_line(x->r, x->r->form->items[i].field, -1);

		if (sb.len > 0)
			strbuf_adds(&sb, "\xE3\x80\x80\xE3\x80\x80");
		strbuf_adds(&sb, s);
		free(s);
	}
	put_para(x, strbuf_str(&sb), x->f->para);
	strbuf_free(&sb);
}

/* One row of the sections table: heading | paragraphs | filled sentences. */
static void write_section_row(struct xl *x, const struct block *b, const struct sec_heads *hd)
{
	const struct form *f = x->r->form;
	struct strbuf mid = STRBUF_INIT, right = STRBUF_INIT;
	double h = 0;
	int c1 = x->ncols >= 3 ? 1 : 0, c2 = x->ncols >= 3 ? 2 : 0;
	size_t bl = strlen(hd->b);

	for (int i = b->first + 1; i <= b->last; i++) {
		const struct form_item *it = &f->items[i];
		struct strbuf *to = it->kind == IT_TEXT ? &mid : &right;
		char *s = NULL;

		if (it->guide)
			continue;
		if (it->kind == IT_TEXT) {
			if (is_lines_heading(f, i))
				continue;
			s = xstrdup(it->text != NULL ? it->text : "");
			/* 内容要求：… under the heading 内容要求 loses its prefix */
			if (strncmp(s, hd->b, bl) == 0 && str_starts(s + bl, "："))
				memmove(s, s + bl + 3, strlen(s + bl + 3) + 1);
		} else if (it->kind == IT_LINE) {
			s = export_sentence(x->r, it, -1);
		} else if (it->kind == IT_FIELD) {
			if (export_field_omitted(x->r, it->field, -1))
				continue;
			s = field_line(x->r, it->field, -1);
		}
		if (s == NULL)
			continue;
		if (to->len > 0)
			strbuf_addc(to, '\n');
		strbuf_adds(to, s);
		free(s);
	}
	put(x, 0, 0, f->items[b->first].text, x->f->head, &h);
	if (x->ncols >= 3) {
		put(x, c1, c1, strbuf_str(&mid), x->f->value, &h);
		put(x, c2, x->ncols - 1, strbuf_str(&right), x->f->value, &h);
	}
	end_row(x, h);
	strbuf_free(&mid);
	strbuf_free(&right);
}

/* A repeating group: header row, then one row per group row; 序号 first. */
static void write_group(struct xl *x, int gi)
{
	const struct form *f = x->r->form;
	const struct form_group *g = &f->groups[gi];
	int cols[MAX_COLS], n = group_columns(f, g, cols);
	double h = 0;

	x->header_row = x->row;
	put(x, 0, 0, "序号", x->f->head, &h);
	for (int c = 0; c < n; c++)
		put(x, c + 1, c + 1 == n ? x->ncols - 1 : c + 1, f->fields[cols[c]].label,
		    x->f->head, &h);
	end_row(x, h);
	for (int row = 0; row < x->r->nrows[gi]; row++) {
		h = 0;
		note_err(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, 0, row + 1, x->f->num));
		for (int c = 0; c < n; c++)
			put_value(x, c + 1, c + 1 == n ? x->ncols - 1 : c + 1, &f->fields[cols[c]],
				  record_get(x->r, cols[c], row), &h);
		end_row(x, h);
	}
	if (x->r->nrows[gi] == 0) {
		char *s = xasprintf("（%s：尚未填写）", g->label);

		h = 0;
		put(x, 0, x->ncols - 1, s, x->f->value, &h);
		end_row(x, h);
		free(s);
	}
}

/* ---------------------------------------------------------------- the sheets */

/* Columns of the paper sheet, from its widest block: a group table, the sections
 * table (3), or the grid of pairs (6). */
static void plan_columns(struct xl *x, const struct block *b, int nb)
{
	const struct form *f = x->r->form;
	int table = 0;

	x->ncols = 6;
	for (int k = 0; k < 6; k++)
		x->width[k] = k % 2 == 0 ? 13 : 22;
	for (int k = 0; k < nb; k++) {
		if (b[k].kind == B_SECTIONS && !table) {
			table = 1;
			x->ncols = 3;
			x->width[0] = 18;
			x->width[1] = 40;
			x->width[2] = 44;
		}
	}
	for (int k = 0; k < nb; k++) {
		if (b[k].kind == B_GROUP) {
			const struct form_group *g = &f->groups[f->items[b[k].first].group];
			int cols[MAX_COLS], n = group_columns(f, g, cols);

			if (n + 1 > x->ncols || !table) {
				x->ncols = n + 1 > 3 ? n + 1 : 3;
				x->width[0] = 5;
				for (int c = 0; c < n; c++)
					x->width[c + 1] = field_width(&f->fields[cols[c]]);
				for (int c = n + 1; c < x->ncols; c++)
					x->width[c] = 20;
			}
			table = 1;
		}
	}
}

/* A sheet name Excel accepts: at most 31 characters, none of [ ] : * ? / \. */
static char *sheet_name(const char *s, const char *fallback)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = s != NULL ? strlen(s) : 0;
	int chars = 0;

	while (n > 0 && chars < 31) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		if (cp < 0x20 || cp == 0xFFFD || (cp < 0x80 && strchr("[]:*?/\\'", (int)cp) != NULL))
			strbuf_addc(&sb, '_');
		else
			strbuf_add(&sb, s, k);
		chars++;
		s += k;
		n -= k;
	}
	if (sb.len == 0)
		strbuf_adds(&sb, fallback);
	return strbuf_detach(&sb);
}

/* The paper form. */
static void write_paper(struct xl *x)
{
	const struct form *f = x->r->form;
	struct block *b = xcalloc((size_t)f->nitems + 1, sizeof *b);
	int nb = make_blocks(f, b), has_table = 0, sections_open = 0;
	struct sec_heads hd = { NULL, NULL, NULL };
	char *title = export_title_printed(x->r), *foot = export_footer(x->r, x->when);
	double h;

	plan_columns(x, b, nb);
	for (int c = 0; c < x->ncols; c++)
		note_err(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, x->width[c],
						 NULL));
	for (int k = 0; k < nb; k++)
		has_table |= b[k].kind == B_SECTIONS || b[k].kind == B_GROUP;
	section_heads(f, b, nb, &hd);

	h = 0;
	put(x, 0, x->ncols - 1, f->attachment, x->f->att, &h);
	end_row(x, h);
	h = 0;
	put(x, 0, x->ncols - 1, title, x->f->title, NULL);
	/* 16 pt: a line is 16/11 of an 11 pt one, and takes 16/11 of its columns */
	end_row(x, (16.0 / 11 * LINE_PT) * lines_in(title, (int)(text_cols(x, 0, x->ncols - 1) *
								  11 / 16.0)) + 2 * PAD_PT);
	if (f->subtitle != NULL && !f->subtitle_guide)
		put_para(x, f->subtitle, x->f->sub);
	x->row++;	/* an empty line under the title, as on paper */

	for (int k = 0; k < nb; k++) {
		const struct form_item *it = &f->items[b[k].first];

		if (b[k].kind != B_SECTIONS)
			sections_open = 0;
		if (it->guide && b[k].kind != B_FIELDS && b[k].kind != B_GROUP &&
		    b[k].kind != B_SECTIONS)
			continue;
		switch (b[k].kind) {
		case B_FIELDS:
			if (has_table)
				write_inline(x, &b[k]);
			else
				write_grid(x, &b[k]);
			break;
		case B_SECTIONS:
			if (!sections_open) {
				h = 0;
				x->header_row = x->row;
				put(x, 0, 0, hd.a, x->f->head, &h);
				if (x->ncols >= 3) {
					put(x, 1, 1, hd.b, x->f->head, &h);
					put(x, 2, x->ncols - 1, hd.c, x->f->head, &h);
				}
				end_row(x, h);
				sections_open = 1;
			}
			write_section_row(x, &b[k], &hd);
			break;
		case B_GROUP:
			write_group(x, it->group);
			break;
		case B_HEADING:
			put_para(x, it->text, x->f->head);
			break;
		case B_PARA:
			if (it->kind == IT_LINE) {
				char *s = export_sentence(x->r, it, -1);

				put_para(x, s, x->f->para);
				free(s);
			} else {
				put_para(x, it->text, x->f->para);
			}
			break;
		}
	}
	x->row++;
	for (int i = 0; i < f->nnotes; i++)
		if (f->note_guide == NULL || !f->note_guide[i])
			put_para(x, f->notes[i], x->f->note);
	put_para(x, foot, x->f->foot);

	/* Printing: A4, as wide as the page, the table's header on every page. */
	worksheet_set_paper(x->ws, PAPER_A4);
	if (span_width(x, 0, x->ncols - 1) > LANDSCAPE_WIDTH)
		worksheet_set_landscape(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_center_horizontally(x->ws);
	worksheet_set_margins(x->ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_gridlines(x->ws, LXW_HIDE_ALL_GRIDLINES);
	note_err(x, worksheet_set_footer(x->ws, "&C第 &P 页，共 &N 页"));
	if (x->header_row >= 0) {
		note_err(x, worksheet_repeat_rows(x->ws, (lxw_row_t)x->header_row,
						  (lxw_row_t)x->header_row));
		worksheet_freeze_panes(x->ws, (lxw_row_t)x->header_row + 1, 0);
	}
	free(hd.a);
	free(hd.b);
	free(hd.c);
	free(title);
	free(foot);
	free(b);
}

/* The CSV's header and rows as typed cells: counts numbers, the rest text. */
static void write_data(struct xl *x, const char *csv_text, size_t len)
{
	char ***rows = NULL, *cause = NULL;
	int *ncols = NULL, n = csv_parse(csv_text, len, &rows, &ncols, &cause);
	const struct form *f = x->r->form;
	int meta = export_csv_meta_columns(f);

	free(cause);
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < ncols[i]; c++) {
			char *v = csv_cell_text(rows[i][c]);
			const struct form_field *fld = NULL;
			int number = 0;

			if (i > 0 && c >= meta)
				for (int k = 0; k < f->nfields; k++)
					if (strcmp(f->fields[k].column, rows[0][c]) == 0)
						fld = &f->fields[k];
			/* 修订号 and 序号 are numbers; so are counts */
			if (i > 0 && (c == 4 || (f->ngroups > 0 && c == meta - 1) ||
				      (fld != NULL && fld->type == FT_COUNT)))
				number = v[0] != '\0' && strspn(v, "0123456789") == strlen(v);
			if (number)
				note_err(x, worksheet_write_number(x->ws, (lxw_row_t)i, (lxw_col_t)c,
								   strtod(v, NULL), x->f->dnum));
			else if (v[0] != '\0') {
				char *t = cell_text(v);

				note_err(x, worksheet_write_string(x->ws, (lxw_row_t)i, (lxw_col_t)c,
								   t, i == 0 ? x->f->dhead
									     : x->f->dval));
				free(t);
			}
			free(v);
		}
	}
	note_err(x, worksheet_set_column(x->ws, 0, (lxw_col_t)(n > 0 ? ncols[0] : 1), 16, NULL));
	worksheet_freeze_panes(x->ws, 1, 0);
	csv_free(rows, ncols, n);
}

/* A format in 宋体 11, wrapped, vertically centred: what every cell starts from. */
static lxw_format *base_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, FONT);
	format_set_font_size(f, 11);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

/* The formats of the workbook: 宋体 everywhere, borders on the table cells. */
static void make_formats(lxw_workbook *wb, struct fmts *f)
{
	f->att = base_format(wb);
	f->title = base_format(wb);
	f->sub = base_format(wb);
	f->label = base_format(wb);
	f->value = base_format(wb);
	f->num = base_format(wb);
	f->head = base_format(wb);
	f->para = base_format(wb);
	f->note = base_format(wb);
	f->foot = base_format(wb);
	f->dhead = base_format(wb);
	f->dval = base_format(wb);
	f->dnum = base_format(wb);
	format_set_bold(f->att);
	format_set_font_size(f->att, 12);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->sub, LXW_ALIGN_CENTER);
	lxw_format *boxed[] = { f->label, f->value, f->num, f->head };
	for (size_t i = 0; i < sizeof boxed / sizeof boxed[0]; i++)
		format_set_border(boxed[i], LXW_BORDER_THIN);
	format_set_align(f->label, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bold(f->head);
	format_set_align(f->num, LXW_ALIGN_CENTER);
	format_set_num_format(f->num, "0");
	format_set_align(f->value, LXW_ALIGN_LEFT);
	format_set_font_size(f->note, 10);
	format_set_font_size(f->foot, 9);
	format_set_font_color(f->foot, 0x595959);
	format_set_bold(f->dhead);
	format_set_num_format(f->dnum, "0");
	format_set_num_format(f->dval, "@");
}

/* The workbook's default font (Excel's Normal style) in 宋体 11 too: column widths are
 * counted in its digit '0', so that a width holds as many characters of the cells' text
 * in Excel as in WPS or LibreOffice whatever stands in for Calibri there. libxlsxwriter
 * 1.1 has no call for it; its first format is the default one (xf 0). */
static void set_default_font(lxw_workbook *wb)
{
	lxw_format *def = wb->formats != NULL ? STAILQ_FIRST(wb->formats) : NULL;

	if (def != NULL) {
		format_set_font_name(def, FONT);
		format_set_font_scheme(def, "");
	}
}

/* Build the workbook in a temporary file, then read it into out. */
int export_xlsx(const struct record *r, time_t when, const char *tmpdir, struct strbuf *out,
		char **cause)
{
	const char *dir = tmpdir != NULL ? tmpdir : config_get()->tmpdir;
	char *path, *paper_name, *data = NULL, *title = export_title(r);
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	struct strbuf csv = STRBUF_INIT;
	struct fmts fm;
	struct xl x;
	lxw_workbook *wb;
	lxw_error err, cerr;
	size_t len;
	int fd, rc;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/tianbiao-xlsx-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		*cause = xasprintf("无法在 %s 里建临时文件（%s），.xlsx 文件没有导出。请检查磁盘空间。",
				   dir, strerror(errno));
		free(path);
		free(title);
		return -1;
	}
	close(fd);
	opt.tmpdir = (char *)dir;
	/* Rows are written in order, a row's cells left to right, and no merged range spans
	 * rows: libxlsxwriter can write each row out as soon as the next one starts (and
	 * strings inline), instead of holding every cell until the end (half the memory of
	 * a 10,000-row plan). */
	opt.constant_memory = LXW_TRUE;
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		*cause = xstrdup("无法开始写 .xlsx 文件，没有导出。请检查磁盘空间后再导出。");
		unlink(path);
		free(path);
		free(title);
		return -1;
	}
	/* The same record and time give the same bytes (zip times are fixed by the library). */
	props.title = title;
	props.created = when;
	workbook_set_properties(wb, &props);
	set_default_font(wb);
	make_formats(wb, &fm);

	memset(&x, 0, sizeof x);
	x.r = r;
	x.f = &fm;
	x.header_row = -1;
	x.when = when;
	paper_name = sheet_name(r->form->name, "表");
	x.ws = workbook_add_worksheet(wb, paper_name);
	write_paper(&x);
	err = x.err;

	memset(&x, 0, sizeof x);
	x.r = r;
	x.f = &fm;
	x.header_row = -1;
	x.ws = workbook_add_worksheet(wb, strcmp(paper_name, "数据") == 0 ? "数据表" : "数据");
	export_csv(r, &csv);
	write_data(&x, csv.buf, csv.len);
	/* Hidden, so that printing the workbook prints the paper form only. */
	worksheet_hide(x.ws);
	if (err == LXW_NO_ERROR)
		err = x.err;
	strbuf_free(&csv);

	cerr = workbook_close(wb);
	if (err == LXW_NO_ERROR)
		err = cerr;
	rc = 0;
	if (err != LXW_NO_ERROR) {
		*cause = xasprintf("写 .xlsx 文件时出错（%s），.xlsx 文件没有导出。请检查磁盘空间后再导出。",
				   lxw_strerror(err));
		rc = -1;
	} else if (fileio_read(path, &data, &len, cause) != 0) {
		rc = -1;
	} else {
		strbuf_add(out, data, len);
	}
	free(data);
	unlink(path);
	free(path);
	free(paper_name);
	free(title);
	return rc;
}
