/*
 * rows.c - the rows of a repeating group (the plan's activities) as a list:
 * add, open, delete (after asking) and move up or down (contract in ui.h).
 *
 * The columns are derived from the group: its title field first, then the next
 * one-line fields that fit (for the plan: type, date, place, host). Opened with
 * args.fi and args.group; args.row selects a row.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

#define ROWS_MAXCOLS 4

struct rows {
	int fi, group;
	int sel, top;		/* selected row (nrows: "增加一项"), first row shown */
	/* The columns, computed again only when the record or the width changes, so
	 * that a key costs the same with 50 rows as with one. */
	const struct record *lay_rec;
	unsigned long lay_serial;
	int lay_width, lay_n;	/* lay_n: -1 before the first layout */
	int numw, x0, nc, cols[ROWS_MAXCOLS], w[ROWS_MAXCOLS];
	/* The table's lines in a window of their own, and what each line shows (a row,
	 * -1 for none, and whether it is selected) while shown_ok. */
	WINDOW *body;
	int body_y, body_h, body_w, shown_ok;
	int *shown;
	char *shown_sel;
};

/* The number column is as wide as the widest of 一、 .. 四十九、 shown (at least 序号). */
static int rows_num_cols(int nrows)
{
	int w = 4;

	for (int i = 1; i <= nrows; i++) {
		char num[32];

		cnum_format(i, num, sizeof(num));
		strcat(num, "、");
		if (draw_width(num) > w)
			w = draw_width(num);
	}
	return w;
}

/* Columns a value takes in the table: one line, control characters as blanks. */
static int rows_value_cols(const char *v)
{
	char *one;
	int w;

	if (v == NULL)
		return 0;
	one = xstrdup(v);
	for (char *p = one; *p; p++)
		if ((unsigned char)*p < 32)
			*p = ' ';
	w = draw_width(one);
	free(one);
	return w;
}

/* The fields shown as columns, and their widths, right of x0: each column as wide as
 * its label and its widest value, and when they do not all fit, the widest are
 * narrowed first (a date keeps its 6月5日至7月5日 while a long title gives way);
 * columns from the right are left out only when even that is not enough. */
static int rows_columns(const struct form *f, const struct record *r, int group, int width,
			int x0, int *cols, int *w)
{
	const struct form_group *g = &f->groups[group];
	int title = g->title_field != NULL ? form_field_index(f, g->title_field) : -1;
	int n = 0, avail = width - (x0 - 1), want[ROWS_MAXCOLS];

	if (title >= 0)
		cols[n++] = title;
	for (int i = 0; i < g->nfields && n < ROWS_MAXCOLS; i++) {
		const struct form_field *fld = &f->fields[g->fields[i]];

		if (g->fields[i] == title || fld->type == FT_LONGTEXT || fld->type == FT_MULTI ||
		    fld->type == FT_YESNO)
			continue;
		cols[n++] = g->fields[i];
	}
	for (int c = 0; c < n; c++) {
		want[c] = draw_width(f->fields[cols[c]].label);
		if (c == 0 && want[c] < draw_width("（未填写）"))
			want[c] = draw_width("（未填写）");
		for (int row = 0; row < r->nrows[group]; row++) {
			int vw = rows_value_cols(record_get(r, cols[c], row));

			if (vw > want[c])
				want[c] = vw;
		}
	}
	for (;;) {
		int room = avail - 2 * (n - 1), cap = 0, sum = 0, rest;

		for (int c = 0; c < n; c++)
			sum += want[c];
		if (sum <= room || n == 1) {
			for (int c = 0; c < n; c++)
				w[c] = n == 1 ? avail : want[c];
			if (sum < room)	/* the spare room goes to the title */
				w[0] += room - sum;
			return n;
		}
		/* the largest cap with every column at min(want, cap) still fitting */
		for (cap = room; cap > 0; cap--) {
			sum = 0;
			for (int c = 0; c < n; c++)
				sum += want[c] < cap ? want[c] : cap;
			if (sum <= room)
				break;
		}
		if (cap >= 8) {
			rest = room;
			for (int c = 0; c < n; c++) {
				w[c] = want[c] < cap ? want[c] : cap;
				rest -= w[c];
			}
			/* what the cap leaves over goes to the narrowed columns, title first */
			for (int c = 0; c < n && rest > 0; c++)
				if (want[c] > w[c]) {
					int add = want[c] - w[c] < rest ? want[c] - w[c] : rest;

					w[c] += add;
					rest -= add;
				}
			return n;
		}
		n--;	/* even narrowed they do not fit: the last column is left out */
	}
}

/* The number and field columns of the table, from the cache when nothing changed. */
static void rows_layout(struct app *a, struct rows *rs, int width)
{
	const struct record *r = data_record(a, rs->fi);
	unsigned long serial = data_serial(a, rs->fi);
	int n = r->nrows[rs->group];

	if (rs->lay_rec == r && rs->lay_serial == serial && rs->lay_width == width &&
	    rs->lay_n == n)
		return;
	rs->lay_rec = r;
	rs->lay_serial = serial;
	rs->lay_width = width;
	rs->lay_n = n;
	rs->numw = rows_num_cols(n);
	rs->x0 = 3 + rs->numw + 1;
	rs->nc = rows_columns(a->forms[rs->fi], r, rs->group, width, rs->x0, rs->cols, rs->w);
	rs->shown_ok = 0;	/* every line is drawn again */
}

/* One line of the table: row i (nrows: the entry to add one; -1: blank) at line y of win. */
static void rows_line(struct app *a, const struct rows *rs, WINDOW *win, int y, int i, int sel,
		      int width)
{
	const struct record *r = data_record(a, rs->fi);
	int n = r->nrows[rs->group], x = rs->x0;
	enum ui_attr at = sel ? UA_SEL : UA_NORMAL;
	char buf[64];

	if (i < 0)
		return;
	if (sel)
		draw_fill(win, y, 1, width, ' ', UA_SEL);
	draw_str(win, y, 1, sel ? ">" : " ", 1, at);
	if (i == n) {
		draw_str(win, y, 3, "（增加一项）", width - 3, at);
		return;
	}
	cnum_format(i + 1, buf, sizeof(buf));
	strcat(buf, "、");
	draw_str(win, y, 3, buf, rs->numw, at);
	for (int c = 0; c < rs->nc; c++) {
		const char *v = record_get(r, rs->cols[c], i);
		int w = rs->w[c];

		if (v == NULL && c == 0)
			v = "（未填写）";
		if (v != NULL) {
			char *one = xstrdup(v);

			for (char *p = one; *p; p++)
				if ((unsigned char)*p < 32)
					*p = ' ';
			/* A cut value is marked, so 6月5日至7月5 is not read as complete. */
			if (draw_width(one) > w && w > 3) {
				int used = draw_str(win, y, x, one, w - 2, at);

				draw_str(win, y, x + used, "..", 2, at);
			} else {
				draw_str(win, y, x, one, w, at);
			}
			free(one);
		}
		x += w + 2;
	}
}

/* The window of the table's lines, kept between frames so that a key redraws only
 * the lines it changed; NULL (draw on stdscr) when curses cannot make one. */
static WINDOW *rows_body(struct rows *rs, int y, int h)
{
	if (rs->body != NULL && rs->body_y == y && rs->body_h == h && rs->body_w == COLS)
		return rs->body;
	if (rs->body != NULL)
		delwin(rs->body);
	free(rs->shown);
	free(rs->shown_sel);
	rs->shown = xcalloc((size_t)h, sizeof(*rs->shown));
	rs->shown_sel = xcalloc((size_t)h, 1);
	rs->shown_ok = 0;
	rs->body = newwin(h, COLS, y, 0);
	rs->body_y = y;
	rs->body_h = h;
	rs->body_w = COLS;
	return rs->body;
}

/* The rows as a table of their short fields, with an entry to add one more. */
static void rows_draw(struct app *a, void *st)
{
	struct rows *rs = st;
	const struct form *f = a->forms[rs->fi];
	const struct form_group *g = &f->groups[rs->group];
	const struct record *r = data_record(a, rs->fi);
	int y0 = ui_content_top(), h = ui_content_rows(), width = COLS - 2, n = r->nrows[rs->group];
	int y, list_h, cy = y0, cx = 1;
	char left[256], buf[512];
	WINDOW *body;
	static const struct keyhelp keys[] = {
		{ "Enter", "修改" }, { "F7", "增加" }, { "Del", "删除" }, { "[", "上移" },
		{ "]", "下移" }, { "Esc", "返回" }, { "F1", "帮助" }, { "F10", "退出" },
		{ "F2", "问题" }, { "F5", "导出" },
	};

	if (width > UI_MAX_WIDTH)
		width = UI_MAX_WIDTH;
	erase();
	snprintf(left, sizeof(left), "%s %s > %s", f->attachment, f->name, g->label);
	snprintf(buf, sizeof(buf), "共 %d 项", n);
	draw_header(left, buf);
	y = y0;
	{
		int tw = draw_width(f->title);

		draw_str(stdscr, y++, tw < width ? 1 + (width - tw) / 2 : 1, f->title, width,
			 UA_BOLD);
		if (f->subtitle != NULL) {
			tw = draw_width(f->subtitle);
			draw_str(stdscr, y++, tw < width ? 1 + (width - tw) / 2 : 1, f->subtitle,
				 width, UA_NORMAL);
		}
	}
	y++;
	if (n == 0)
		snprintf(buf, sizeof(buf), "%s：还没有填写。按 F7 或 Enter 增加第一项。", g->label);
	else if (g->min > 0 && n < g->min)
		snprintf(buf, sizeof(buf), "%s：共 %d 项（至少要填 %d 项）", g->label, n, g->min);
	else
		snprintf(buf, sizeof(buf), "%s：共 %d 项", g->label, n);
	draw_str(stdscr, y++, 1, buf, width, UA_BOLD);
	rows_layout(a, rs, width);
	if (n > 0) {
		int x = rs->x0;

		draw_str(stdscr, y, 3, "序号", 4, UA_DIM);
		for (int c = 0; c < rs->nc; c++) {
			draw_str(stdscr, y, x, f->fields[rs->cols[c]].label, rs->w[c], UA_DIM);
			x += rs->w[c] + 2;
		}
		y++;
	}
	list_h = y0 + h - y;
	if (list_h < 1)
		list_h = 1;
	if (rs->sel > n)
		rs->sel = n;
	if (rs->sel < rs->top)
		rs->top = rs->sel;
	if (rs->sel >= rs->top + list_h)
		rs->top = rs->sel - list_h + 1;
	body = rows_body(rs, y, list_h);
	for (int l = 0; l < list_h; l++) {
		int i = rs->top + l <= n ? rs->top + l : -1, sel = i >= 0 && i == rs->sel;

		if (sel)
			cy = y + l;
		if (body == NULL) {
			rows_line(a, rs, stdscr, y + l, i, sel, width);
		} else if (rs->shown_ok && rs->shown[l] == i && i >= 0 && rs->shown_sel[l] != sel) {
			/* only the bar moved: the same text in other colours */
			draw_recolour(body, l, 1, width, sel ? UA_SEL : UA_NORMAL);
			draw_str(body, l, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
			rs->shown_sel[l] = (char)sel;
		} else if (!rs->shown_ok || rs->shown[l] != i || rs->shown_sel[l] != sel) {
			wmove(body, l, 0);
			wclrtoeol(body);
			rows_line(a, rs, body, l, i, sel, width);
			rs->shown[l] = i;
			rs->shown_sel[l] = (char)sel;
		}
	}
	if (body != NULL)
		rs->shown_ok = 1;
	draw_message(a, rs->sel == n ? "按 Enter 增加一项"
				     : "按 Enter 打开这一项修改；[ 和 ] 调整顺序");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, cx);
	if (body != NULL)	/* the blanks erase() left there are not the screen's */
		wtouchln(stdscr, y, list_h, 0);
	wnoutrefresh(stdscr);
	if (body != NULL) {	/* the cursor is on its bar */
		touchwin(body);
		wmove(body, cy - y, cx);
		wnoutrefresh(body);
	}
}

/* Back from a row: it may have been deleted (nothing typed in it). */
static void rows_row_done(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct rows *rs = ctx;

	(void)ans;
	if (rs->sel > 0 && rs->sel >= data_record(a, rs->fi)->nrows[rs->group])
		rs->sel--;
}

/* A row is edited on a screen of its own; field: where the focus goes, or -1. */
static void rows_open_row(struct app *a, struct rows *rs, int row, int field)
{
	struct screen_args args = ui_args(rs->fi);

	args.group = rs->group;
	args.row = row;
	args.field = field;
	rs->sel = row;
	ui_open(a, SCR_FORM, &args, rows_row_done, rs);
}

/* Add a row at the end and open it. */
static void rows_add(struct app *a, struct rows *rs)
{
	const struct form_group *g = &a->forms[rs->fi]->groups[rs->group];
	int n = data_record(a, rs->fi)->nrows[rs->group];

	if (g->max > 0 && n >= g->max) {
		ui_msg(a, MSG_ERROR, "%s最多只能填 %d 项", g->label, g->max);
		return;
	}
	if (data_row_add(a, rs->fi, rs->group) != 0)
		return;
	rows_open_row(a, rs, data_record(a, rs->fi)->nrows[rs->group] - 1, -1);
}

/* The answer to "要删除第N项吗". */
static void rows_delete_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct rows *rs = ctx;
	const struct form_group *g = &a->forms[rs->fi]->groups[rs->group];
	int row = rs->sel;
	char num[16];

	if (row >= data_record(a, rs->fi)->nrows[rs->group])
		return;
	cnum_format(row + 1, num, sizeof(num));
	if (ans->value == 0) {	/* 不删除 or Esc: say so, or the row may be thought gone */
		ui_msg(a, MSG_INFO, "没有删除，第%s项还在", num);
		return;
	}
	if (ans->value != 1)	/* the program is stopping */
		return;
	if (data_row_delete(a, rs->fi, rs->group, row) == 0) {
		ui_msg(a, MSG_OK, "已删除第%s项（%s）", num, g->label);
		if (rs->sel > 0 && rs->sel >= data_record(a, rs->fi)->nrows[rs->group])
			rs->sel--;
	}
}

/* Deleting asks first, naming the row, and defaults to keeping it. */
static void rows_delete(struct app *a, struct rows *rs)
{
	int row = rs->sel;
	char num[16], *sum, *text;

	if (row >= data_record(a, rs->fi)->nrows[rs->group])
		return;
	cnum_format(row + 1, num, sizeof(num));
	sum = layout_row_summary(data_record(a, rs->fi), rs->group, row, 40, ui_rule());
	text = xasprintf("要删除第%s项“%s”吗？\n这一项填写的内容都会删除，不能恢复。", num, sum);
	ui_confirm(a, "删除", text, "删除", "不删除", 0, rows_delete_answer, rs);
	free(text);
	free(sum);
}

/* The order of the rows is the order on the paper. */
static void rows_move(struct app *a, struct rows *rs, int dir)
{
	int row = rs->sel, n = data_record(a, rs->fi)->nrows[rs->group];
	char num[16];

	if (row >= n || row + dir < 0 || row + dir >= n) {
		ui_msg(a, MSG_INFO, dir < 0 ? "已经在最前面了" : "已经在最后面了");
		return;
	}
	if (data_row_move(a, rs->fi, rs->group, row, dir) != 0)
		return;
	rs->sel += dir;
	cnum_format(rs->sel + 1, num, sizeof(num));
	ui_msg(a, MSG_OK, "已移到第%s项", num);
}

/* The problem list's answer: go to the problem's field. */
static void rows_problem_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ctx;
	if (ans->value == 1)
		ui_goto(a, ans->fi, ans->field, ans->row);
}

/* Keys of the rows list; [ ] and their full-width forms work with an input method on. */
static void rows_key(struct app *a, void *st, const struct ui_event *e)
{
	struct rows *rs = st;
	int k = ev_key(e), n = data_record(a, rs->fi)->nrows[rs->group];
	struct screen_args args = ui_args(rs->fi);

	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (rs->sel > 0)
			rs->sel--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (rs->sel < n)
			rs->sel++;
		return;
	case KEY_HOME:
	case KEY_PPAGE:
		rs->sel = 0;
		return;
	case KEY_END:
	case KEY_NPAGE:
		rs->sel = n;
		return;
	case KEY_ENTER:
		if (rs->sel >= n)
			rows_add(a, rs);
		else
			rows_open_row(a, rs, rs->sel, -1);
		return;
	case KEY_F(7):
	case KEY_IC:
		rows_add(a, rs);
		return;
	case KEY_F(8):
	case KEY_DC:
		rows_delete(a, rs);
		return;
	case KEY_SR:
		rows_move(a, rs, -1);
		return;
	case KEY_SF:
		rows_move(a, rs, 1);
		return;
	case KEY_F(2):
		ui_open(a, SCR_PROBLEMS, &args, rows_problem_answer, rs);
		return;
	case KEY_F(5):
		ui_open(a, SCR_EXPORT, &args, NULL, NULL);
		return;
	case UK_ESC:
		ui_close(a, NULL);
		return;
	default:
		break;
	}
	if (e->kind == EV_CHAR && (e->ch == '[' || e->ch == 0x3010 || e->ch == '-' ||
				   e->ch == 0xFF0D)) {
		rows_move(a, rs, -1);
		return;
	}
	if (e->kind == EV_CHAR && (e->ch == ']' || e->ch == 0x3011 || e->ch == '+' ||
				   e->ch == 0xFF0B)) {
		rows_move(a, rs, 1);
		return;
	}
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "按 Enter 打开一项修改，F7 增加，Del 删除，[ ] 调整顺序");
}

/* The list opens on the group's first row, or on args.row. */
static void *rows_open(struct app *a, const struct screen_args *args)
{
	struct rows *rs = xcalloc(1, sizeof(*rs));

	(void)a;
	rs->fi = args->fi;
	rs->group = args->group;
	rs->sel = args->row >= 0 ? args->row : 0;
	rs->lay_n = -1;
	return rs;
}

/* The selection, the columns and the table's window are held. */
static void rows_close(struct app *a, void *st, int ending)
{
	struct rows *rs = st;

	(void)a;
	(void)ending;
	if (rs->body != NULL)
		delwin(rs->body);
	free(rs->shown);
	free(rs->shown_sel);
	free(rs);
}

/* A jump to a field of this group opens its row. */
static int rows_focus(struct app *a, void *st, int fi, int field, int row)
{
	struct rows *rs = st;
	const struct form *f = a->forms[rs->fi];

	if (fi != rs->fi || field < 0 || field >= f->nfields || f->fields[field].group != rs->group)
		return -1;
	if (row < 0 || row >= data_record(a, fi)->nrows[rs->group]) {
		rs->sel = row < 0 ? 0 : data_record(a, fi)->nrows[rs->group];
		return 0;
	}
	rows_open_row(a, rs, row, field);
	return 0;
}

const struct screen_ops rows_screen = {
	.name = "rows",
	.open = rows_open,
	.draw = rows_draw,
	.key = rows_key,
	.close = rows_close,
	.focus = rows_focus,
};
