/* totals_xlsx.c - the per-unit table (汇总表) as an .xlsx workbook (contract in totals.h). */
#include "totals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "config.h"
#include "export.h"
#include "fileio.h"
#include "text.h"

/* Rows above the table: title, coverage, a blank row. */
#define HEAD_ROW 3

/* The formats of the sheet. */
struct tfmts {
	lxw_format *title, *cover, *head, *cell, *num, *total, *total_num, *shade, *shade_num;
};

/* A table cell's format: thin borders, wrapped text, at the top of its cell. */
static lxw_format *cell_format(lxw_workbook *wb)
{
	lxw_format *fm = workbook_add_format(wb);

	format_set_border(fm, LXW_BORDER_THIN);
	format_set_text_wrap(fm);
	format_set_align(fm, LXW_ALIGN_VERTICAL_TOP);
	return fm;
}

/* Make the formats: borders on every table cell, wrapped text, bold 合计, shaded rows. */
static void make_formats(lxw_workbook *wb, struct tfmts *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->cover = workbook_add_format(wb);
	format_set_font_size(f->cover, 10);
	f->head = cell_format(wb);
	f->cell = cell_format(wb);
	f->num = cell_format(wb);
	f->total = cell_format(wb);
	f->total_num = cell_format(wb);
	f->shade = cell_format(wb);
	f->shade_num = cell_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xD9E1F2);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bold(f->total);
	format_set_bold(f->total_num);
	format_set_num_format(f->num, "0");
	format_set_num_format(f->total_num, "0");
	format_set_num_format(f->shade_num, "0");
	/* Text cells stay text: a number typed into one later is not reformatted. */
	format_set_num_format(f->cell, "@");
	format_set_bg_color(f->shade, 0xEDEDED);
	format_set_bg_color(f->shade_num, 0xEDEDED);
}

/* A column's width in character units: its widest line (a CJK character counts two),
 * between 4 and 40, so that a long text wraps instead of making the sheet unreadable. */
static double col_width(const struct totals_table *tb, int c)
{
	int w = text_width(tb->heads[c]);

	/* A header wraps onto two lines before it makes its column wide. */
	w = w > 16 ? (w + 1) / 2 : w;
	for (int r = 0; r < tb->nrows; r++) {
		const char *v = tb->rows[r].cells[c];
		const char *p = v;

		while (p != NULL && *p != '\0') {
			const char *nl = strchr(p, '\n');
			char *line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
			int lw = text_width(line);

			free(line);
			if (lw > w)
				w = lw;
			p = nl != NULL ? nl + 1 : NULL;
		}
	}
	if (w < 4)
		w = 4;
	if (w > 40)
		w = 40;
	return (double)w + 1.5;
}

/* Write the title, the coverage, the header and every row; returns the first error. */
static lxw_error write_sheet(lxw_worksheet *ws, const struct totals *t,
			     const struct totals_table *tb, const struct tfmts *f)
{
	struct form *copy;
	struct record *d = totals_display(t, NULL, &copy);
	char *title = export_title(d), *head = xasprintf("%s %s（汇总表）", t->form->attachment, title);
	char *cover = totals_coverage(t);
	lxw_error err = LXW_NO_ERROR, e;

	record_free(d);
	free(copy);
	free(title);
#define KEEP(x)                                                                              \
	do {                                                                                 \
		e = (x);                                                                     \
		if (err == LXW_NO_ERROR)                                                     \
			err = e;                                                             \
	} while (0)
	KEEP(worksheet_write_string(ws, 0, 0, head, f->title));
	KEEP(worksheet_write_string(ws, 1, 0, cover, f->cover));
	free(head);
	free(cover);
	for (int c = 0; c < tb->ncols; c++) {
		KEEP(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(tb, c), NULL));
		KEEP(worksheet_write_string(ws, HEAD_ROW, (lxw_col_t)c, tb->heads[c], f->head));
	}
	for (int r = 0; r < tb->nrows; r++) {
		const struct totals_row *row = &tb->rows[r];
		int total = row->kind == TR_TOTAL || row->kind == TR_BLANKS;
		int shade = row->kind == TR_MISSING || row->kind == TR_CONFLICT || row->kind == TR_HELD;
		lxw_row_t xr = (lxw_row_t)(HEAD_ROW + 1 + r);

		for (int c = 0; c < tb->ncols; c++) {
			const char *v = row->cells[c];
			lxw_format *fm = total ? f->total : shade ? f->shade : f->cell;

			if (totals_cell_is_number(tb, r, c)) {
				fm = total ? f->total_num : shade ? f->shade_num : f->num;
				KEEP(worksheet_write_number(ws, xr, (lxw_col_t)c, strtod(v, NULL), fm));
			} else if (v != NULL && tb->cols[c] == TC_RECEIVED && strlen(v) >= 16 &&
				   v[10] == 'T') {
				/* 2021-06-03T10:15:30+08:00 read by a person: 2021-06-03 10:15 */
				char when[17];

				memcpy(when, v, 16);
				when[10] = ' ';
				when[16] = '\0';
				KEEP(worksheet_write_string(ws, xr, (lxw_col_t)c, when, fm));
			} else if (v != NULL) {
				/* A string call: a text beginning with = is never a formula. */
				KEEP(worksheet_write_string(ws, xr, (lxw_col_t)c, v, fm));
			} else {
				/* A blank stays blank (never 0), with the row's look. */
				KEEP(worksheet_write_blank(ws, xr, (lxw_col_t)c, fm));
			}
		}
	}
#undef KEEP
	worksheet_freeze_panes(ws, HEAD_ROW + 1, 2);
	worksheet_repeat_rows(ws, HEAD_ROW, HEAD_ROW);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);	/* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	return err;
}

int totals_table_xlsx(const struct totals *t, const struct totals_table *tb, time_t when,
		      const char *tmpdir, struct strbuf *out, char **cause)
{
	const char *dir = tmpdir != NULL ? tmpdir : config_get()->tmpdir;
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	char *path, *data = NULL;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_error err, cerr;
	struct tfmts fm;
	size_t len;
	int fd, rc = 0;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/tianbiao-totals-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		*cause = xasprintf("无法在 %s 里建临时文件（%s），汇总表 .xlsx 没有写出。请检查磁盘空间。",
				   dir, strerror(errno));
		free(path);
		return -1;
	}
	close(fd);
	opt.tmpdir = (char *)dir;
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		*cause = xstrdup("无法开始写汇总表 .xlsx 文件，没有写出。请检查磁盘空间后再试。");
		unlink(path);
		free(path);
		return -1;
	}
	/* The same totals at the same time give the same bytes. */
	props.title = "汇总表";
	props.created = when;
	workbook_set_properties(wb, &props);
	make_formats(wb, &fm);
	ws = workbook_add_worksheet(wb, "汇总表");
	err = ws != NULL ? write_sheet(ws, t, tb, &fm) : LXW_ERROR_MEMORY_MALLOC_FAILED;
	cerr = workbook_close(wb);
	if (err == LXW_NO_ERROR)
		err = cerr;
	if (err != LXW_NO_ERROR) {
		*cause = xasprintf("写汇总表 .xlsx 文件时出错（%s），没有写出。请检查磁盘空间后再试。",
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
	return rc;
}
