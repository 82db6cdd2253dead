/* list.c - the first screen: the unit, the campaign and its forms with their state and
 * due dates (contract in ui.h). */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverse). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Due dates are compared as day numbers. */
static int parse_iso(const char *s, long *days)
{
	int y, m, d;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

/* 已完成 only when nothing is blank or doubtful; else how far along and how many problems. */
void list_state_text(struct app *a, int i, char *out, size_t outlen)
{
	struct check_problem *p = NULL;
	int filled = 0, total = 0, np;

	if (a->recs == NULL) {	/* not loaded yet: the unit is being asked for */
		out[0] = '\0';
		return;
	}
	record_count(a->recs[i], &filled, &total);
	np = check_record(a->recs[i], &p);
	free(p);
	if (filled == 0)
		snprintf(out, outlen, "未填写");
	else if (np == 0 && filled == total)
		snprintf(out, outlen, "已完成");
	else if (np > 0)
		snprintf(out, outlen, "已填 %d/%d 项，%d 个问题", filled, total, np);
	else
		snprintf(out, outlen, "已填 %d/%d 项", filled, total);
}

/* Days left, or overdue, from the date the program believes is today. */
void list_due_text(const struct form *f, char *out, size_t outlen)
{
	char today[11], disp[64];
	long t, d;

	out[0] = '\0';
	if (f->due == NULL)
		return;
	check_today(today);
	check_date_display(f->due, f->year, disp, sizeof(disp));
	if (parse_iso(f->due, &d) != 0 || parse_iso(today, &t) != 0) {
		snprintf(out, outlen, "%s截止", disp);
		return;
	}
	if (d > t)
		snprintf(out, outlen, "%s截止，还有 %ld 天", disp, d - t);
	else if (d == t)
		snprintf(out, outlen, "%s截止，就是今天", disp);
	else
		snprintf(out, outlen, "%s截止，已逾期 %ld 天", disp, t - d);
}

/* The first screen: who, which campaign, and each form with its state and due date. */
void list_draw(struct app *a)
{
	int y0 = ui_content_top(), h = ui_content_rows(), per = 3, top, cy = y0, cx = 0;
	char buf[512], today[11], tdisp[64];
	static const struct keyhelp keys[] = {
		{ "Enter", "打开" }, { "F5", "导出本表" }, { "F6", "导出全部" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};

	erase();
	check_today(today);
	check_date_display(today, a->nforms > 0 ? a->forms[0]->year : 0, tdisp, sizeof(tdisp));
	snprintf(buf, sizeof(buf), "今天 %s", tdisp);
	draw_header("填表 tianbiao", buf);
	snprintf(buf, sizeof(buf), "填报单位：%s", a->unit != NULL ? a->unit : "（还没有填写）");
	draw_str(stdscr, y0 + 1, 2, buf, COLS - 4, UA_BOLD);
	if (a->nforms > 0) {
		snprintf(buf, sizeof(buf), "活动年度：%d年　　共 %d 张表", a->forms[0]->year,
			 a->nforms);
		draw_str(stdscr, y0 + 2, 2, buf, COLS - 4, UA_NORMAL);
	} else {
		draw_str(stdscr, y0 + 2, 2,
			 "没有找到表单文件（forms/*.form），请向负责的同事要一份。",
			 COLS - 4, UA_ERROR);
	}
	/* the forms, three rows each, scrolled to keep the selection visible */
	h -= 4;
	top = 0;
	if ((a->sel + 1) * per > h)
		top = a->sel - h / per + 1;
	for (int i = top; i < a->nforms && (i - top + 1) * per <= h + 1; i++) {
		const struct form *f = a->forms[i];
		int y = y0 + 4 + (i - top) * per, sel = i == a->sel;
		char state[128], due[128];

		snprintf(buf, sizeof(buf), "%s  %s", f->attachment, f->title);
		if (sel)
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, buf, COLS - 4, sel ? UA_SEL : UA_BOLD);
		list_state_text(a, i, state, sizeof(state));
		list_due_text(f, due, sizeof(due));
		{
			int sw = draw_str(stdscr, y + 1, 9, state, COLS - 10,
					  strcmp(state, "已完成") == 0 ? UA_OK : UA_NORMAL);
			int dw = draw_width(due), dx = 38;

			if (dx + dw > COLS - 1)	/* narrow terminal: as far right as it fits */
				dx = COLS - 1 - dw;
			if (dx < 9 + sw + 2)
				dx = 9 + sw + 2;
			draw_str(stdscr, y + 1, dx, due, COLS - 1 - dx,
				 strstr(due, "逾期") != NULL ? UA_ERROR : UA_NORMAL);
		}
		if (sel) {
			cy = y;
			cx = 1;
		}
	}
	draw_message(a, a->nforms > 0 ? "用上下键选择一张表，按 Enter 开始填写。内容会自动保存。"
				      : NULL);
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* Choosing, opening and exporting forms. */
void list_key(struct app *a, const struct ui_event *e)
{
	int k = ev_key(e);

	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (a->sel > 0)
			a->sel--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (a->sel < a->nforms - 1)
			a->sel++;
		return;
	case KEY_HOME:
	case KEY_PPAGE:
		a->sel = 0;
		return;
	case KEY_END:
	case KEY_NPAGE:
		a->sel = a->nforms > 0 ? a->nforms - 1 : 0;
		return;
	case KEY_ENTER:
		if (a->nforms > 0)
			ui_open_form(a, a->sel);
		return;
	case KEY_F(5):
		if (a->nforms > 0)
			exportui_start(a, a->sel);
		return;
	case KEY_F(6):
		if (a->nforms > 0)
			exportui_start(a, -1);
		return;
	case KEY_F(1):
		a->help_from = ST_LIST;
		a->htop = 0;
		ui_push(a, ST_HELP);
		return;
	case UK_ESC:	/* not a way out: Esc is pressed again and again to go back */
		ui_msg(a, MSG_INFO, "这里是第一个界面。要退出请按 F10（填写的内容都已保存）");
		return;
	default:
		break;
	}
	if (e->kind == EV_CHAR && e->ch >= '1' && e->ch <= '9' && (int)(e->ch - '1') < a->nforms) {
		a->sel = (int)(e->ch - '1');
		return;
	}
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "先用上下键选择一张表，再按 Enter 打开");
}
