/*
 * rows.c - the rows of a repeating group (the plan's activities) as a list:
 * add, open, delete (after asking) and move up or down (contract in ui.h).
 *
 * The columns are derived from the group: its title field first, then the next
 * one-line fields that fit (for the plan: type, date, place, host).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

#define ROWS_MAXCOLS 4

/* The fields shown as columns, and their widths. */
static int rows_columns(const struct form *f, int group, int width, int *cols, int *w)
{
	const struct form_group *g = &f->groups[group];
	int title = g->title_field != NULL ? form_field_index(f, g->title_field) : -1;
	int n = 0, avail = width - 7, rest;

	if (title >= 0)
		cols[n++] = title;
	for (int i = 0; i < g->nfields && n < ROWS_MAXCOLS; i++) {
		const struct form_field *fld = &f->fields[g->fields[i]];

		if (g->fields[i] == title || fld->type == FT_LONGTEXT || fld->type == FT_MULTI ||
		    fld->type == FT_YESNO)
			continue;
		cols[n++] = g->fields[i];
	}
	while (n > 1) {
		w[0] = avail * 2 / 5 > 16 ? avail * 2 / 5 : 16;
		rest = (avail - w[0] - 2 * (n - 1)) / (n - 1);
		if (rest >= 10)
			break;
		n--;
	}
	if (n == 1)
		w[0] = avail;
	for (int i = 1; i < n; i++)
		w[i] = (avail - w[0] - 2 * (n - 1)) / (n - 1);
	return n;
}

/* The rows as a table of their short fields, with an entry to add one more. */
void rows_draw(struct app *a)
{
	const struct form *f = a->forms[a->fi];
	const struct form_group *g = &f->groups[a->group];
	const struct record *r = a->recs[a->fi];
	int y0 = ui_content_top(), h = ui_content_rows(), width = COLS - 2, n = r->nrows[a->group];
	int cols[ROWS_MAXCOLS], w[ROWS_MAXCOLS], nc, y, list_h, cy = y0, cx = 1;
	char left[256], buf[512];
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
	nc = rows_columns(f, a->group, width, cols, w);
	if (n > 0) {
		int x = 8;

		draw_str(stdscr, y, 3, "序号", 4, UA_DIM);
		for (int c = 0; c < nc; c++) {
			draw_str(stdscr, y, x, f->fields[cols[c]].label, w[c], UA_DIM);
			x += w[c] + 2;
		}
		y++;
	}
	list_h = y0 + h - y;
	if (list_h < 1)
		list_h = 1;
	if (a->rsel > n)
		a->rsel = n;
	if (a->rsel < a->rtop)
		a->rtop = a->rsel;
	if (a->rsel >= a->rtop + list_h)
		a->rtop = a->rsel - list_h + 1;
	for (int i = a->rtop; i <= n && i < a->rtop + list_h; i++, y++) {
		int sel = i == a->rsel, x = 8;
		enum ui_attr at = sel ? UA_SEL : UA_NORMAL;

		if (sel) {
			draw_fill(stdscr, y, 1, width, ' ', UA_SEL);
			cy = y;
			cx = 1;
		}
		if (i == n) {
			draw_str(stdscr, y, 1, sel ? ">" : " ", 1, at);
			draw_str(stdscr, y, 3, "（增加一项）", width - 3, at);
			continue;
		}
		ui_cn_number(i + 1, buf, sizeof(buf));
		strcat(buf, "、");
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, at);
		draw_str(stdscr, y, 3, buf, 5, at);
		for (int c = 0; c < nc; c++) {
			const char *v = record_get(r, cols[c], i);

			if (v == NULL && c == 0)
				v = "（未填写）";
			if (v != NULL) {
				char *one = xstrdup(v);

				for (char *p = one; *p; p++)
					if ((unsigned char)*p < 32)
						*p = ' ';
				/* A cut value is marked, so 6月5日至7月5 is not read as complete. */
				if (draw_width(one) > w[c] && w[c] > 3) {
					int used = draw_str(stdscr, y, x, one, w[c] - 2, at);

					draw_str(stdscr, y, x + used, "..", 2, at);
				} else {
					draw_str(stdscr, y, x, one, w[c], at);
				}
				free(one);
			}
			x += w[c] + 2;
		}
	}
	draw_message(a, a->rsel == n ? "按 Enter 增加一项"
				     : "按 Enter 打开这一项修改；[ 和 ] 调整顺序");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* Add a row at the end and open it. */
static void rows_add(struct app *a)
{
	const struct form_group *g = &a->forms[a->fi]->groups[a->group];
	int n = a->recs[a->fi]->nrows[a->group];

	if (g->max > 0 && n >= g->max) {
		ui_msg(a, MSG_ERROR, "%s最多只能填 %d 项", g->label, g->max);
		return;
	}
	if (ui_row_add(a, a->fi, a->group) != 0)
		return;
	ui_open_row(a, a->recs[a->fi]->nrows[a->group] - 1);
}

/* Deleting asks first, naming the row, and defaults to keeping it. */
static void rows_delete(struct app *a)
{
	const struct form_group *g = &a->forms[a->fi]->groups[a->group];
	int row = a->rsel;
	char num[16], *sum, *text;

	if (row >= a->recs[a->fi]->nrows[a->group])
		return;
	ui_cn_number(row + 1, num, sizeof(num));
	sum = layout_row_summary(a->recs[a->fi], a->group, row, 40);
	text = xasprintf("要删除第%s项“%s”吗？\n这一项填写的内容都会删除，不能恢复。", num, sum);
	if (prompt_confirm(a, "删除" , text, "删除", "不删除", 0) == 1 &&
	    ui_row_delete(a, a->fi, a->group, row) == 0) {
		ui_msg(a, MSG_OK, "已删除第%s项（%s）", num, g->label);
		if (a->rsel > 0 && a->rsel >= a->recs[a->fi]->nrows[a->group])
			a->rsel--;
	}
	free(text);
	free(sum);
}

/* The order of the rows is the order on the paper. */
static void rows_move(struct app *a, int dir)
{
	int row = a->rsel, n = a->recs[a->fi]->nrows[a->group];
	char num[16];

	if (row >= n || row + dir < 0 || row + dir >= n) {
		ui_msg(a, MSG_INFO, dir < 0 ? "已经在最前面了" : "已经在最后面了");
		return;
	}
	if (ui_row_move(a, a->fi, a->group, row, dir) != 0)
		return;
	a->rsel += dir;
	ui_cn_number(a->rsel + 1, num, sizeof(num));
	ui_msg(a, MSG_OK, "已移到第%s项", num);
}

/* Keys of the rows list; [ ] and their full-width forms work with an input method on. */
void rows_key(struct app *a, const struct ui_event *e)
{
	int k = ev_key(e), n = a->recs[a->fi]->nrows[a->group];

	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (a->rsel > 0)
			a->rsel--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (a->rsel < n)
			a->rsel++;
		return;
	case KEY_HOME:
	case KEY_PPAGE:
		a->rsel = 0;
		return;
	case KEY_END:
	case KEY_NPAGE:
		a->rsel = n;
		return;
	case KEY_ENTER:
		if (a->rsel >= n)
			rows_add(a);
		else
			ui_open_row(a, a->rsel);
		return;
	case KEY_F(7):
	case KEY_IC:
		rows_add(a);
		return;
	case KEY_F(8):
	case KEY_DC:
		rows_delete(a);
		return;
	case KEY_SR:
		rows_move(a, -1);
		return;
	case KEY_SF:
		rows_move(a, 1);
		return;
	case KEY_F(2):
		problems_open(a, a->fi, 0);
		return;
	case KEY_F(5):
		exportui_start(a, a->fi);
		return;
	case KEY_F(1):
		a->help_from = ST_ROWS;
		a->htop = 0;
		ui_push(a, ST_HELP);
		return;
	case UK_ESC:
		ui_back(a);
		return;
	default:
		break;
	}
	if (e->kind == EV_CHAR && (e->ch == '[' || e->ch == 0x3010 || e->ch == '-' ||
				   e->ch == 0xFF0D)) {
		rows_move(a, -1);
		return;
	}
	if (e->kind == EV_CHAR && (e->ch == ']' || e->ch == 0x3011 || e->ch == '+' ||
				   e->ch == 0xFF0B)) {
		rows_move(a, 1);
		return;
	}
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "按 Enter 打开一项修改，F7 增加，Del 删除，[ ] 调整顺序");
}
