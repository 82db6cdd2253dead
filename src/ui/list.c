/* list.c - the first screen, at the bottom of the stack: the unit, the campaign and
 * its forms with their state and due dates (contract in ui.h). On the first run it
 * asks for the unit's name. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "district.h"

struct list {
	int sel;	/* the selected form; -1: the unit's name (Enter changes it) */
	char *rename_to;	/* the new name while its confirmation is asked */
};

/* Due dates are compared as day numbers; a date that is not a real day gives -1. */
static int iso_days(const char *s, long *days)
{
	struct date dt;

	if (s == NULL || !date_iso_parse(s, &dt))
		return -1;
	*days = date_days(&dt);
	return 0;
}

/* Days left, or overdue, from the date the program believes is today. */
static void list_due_text(const struct form *f, char *out, size_t outlen)
{
	char today[11], disp[64];
	long t, d;

	out[0] = '\0';
	check_today(today);
	/* a campaign of an earlier year is over: counting days past its due date says
	 * nothing useful (已逾期 2005 天) */
	if (f->year > 0 && atoi(today) > f->year) {
		snprintf(out, outlen, "%d年度，已结束", f->year);
		return;
	}
	if (f->due == NULL)
		return;
	check_date_display(f->due, f->year, disp, sizeof(disp));
	if (iso_days(f->due, &d) != 0 || iso_days(today, &t) != 0) {
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
static void list_draw(struct app *a, void *st)
{
	struct list *l = st;
	int y0 = ui_content_top(), h = ui_content_rows(), per = 3, top, cy = y0, cx = 0;
	char buf[512], today[11], tdisp[64];
	static const struct keyhelp keys[] = {
		{ "Enter", "打开" }, { "F5", "导出本表" }, { "F6", "导出全部" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};
	int other = ui_year_next(a), nread = 0, nkeys = 5;
	char more[96] = "";
	struct keyhelp shown[7];

	erase();
	check_today(today);
	check_date_display(today, a->nforms > 0 ? a->forms[0]->year : 0, tdisp, sizeof(tdisp));
	snprintf(buf, sizeof(buf), "今天 %s", tdisp);
	draw_header("填表 tianbiao", buf);
	snprintf(buf, sizeof(buf), "填报单位：%s", a->unit != NULL ? a->unit : "（还没有填写）");
	if (l->sel < 0) {
		draw_fill(stdscr, y0 + 1, 1, COLS - 2, ' ', UA_SEL);
		cy = y0 + 1;
		cx = 2;
	}
	draw_str(stdscr, y0 + 1, 2, buf, COLS - 4, l->sel < 0 ? UA_SEL : UA_BOLD);
	if (a->nforms > 0) {
		for (int i = 0; i < a->nforms; i++)
			nread += a->forms[i]->reading;
		if (nread > 0)
			snprintf(more, sizeof(more), "、%d 份参阅", nread);
		if (other != 0)	/* earlier campaigns stay readable: say how to get there */
			snprintf(more + strlen(more), sizeof(more) - strlen(more),
				 "　　F7 看%d年的表", other);
		snprintf(buf, sizeof(buf), "活动年度：%d年%s　　共 %d 张表%s", a->forms[0]->year,
			 atoi(today) > a->forms[0]->year ? "（已结束）" : "", a->nforms - nread,
			 more);
		draw_str(stdscr, y0 + 2, 2, buf, COLS - 4, UA_NORMAL);
	} else {
		draw_str(stdscr, y0 + 2, 2,
			 "没有找到表单文件（forms/*.form），请向负责的同事要一份。",
			 COLS - 4, UA_ERROR);
	}
	/* the forms, three rows each, scrolled to keep the selection visible */
	h -= 4;
	top = 0;
	if (l->sel >= 0 && (l->sel + 1) * per > h)
		top = l->sel - h / per + 1;
	for (int i = top; i < a->nforms && (i - top + 1) * per <= h + 1; i++) {
		const struct form *f = a->forms[i];
		int y = y0 + 4 + (i - top) * per, sel = i == l->sel;
		char state[128], due[128], sent[128];

		snprintf(buf, sizeof(buf), "%s  %s", f->attachment, f->title);
		if (sel)
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, buf, COLS - 4, sel ? UA_SEL : UA_BOLD);
		data_state_text(a, i, state, sizeof(state));
		list_due_text(f, due, sizeof(due));
		{
			int sw = draw_str(stdscr, y + 1, 9, state, COLS - 10,
					  str_starts(state, "已完成") ? UA_OK : UA_NORMAL);
			int dw = draw_width(due), dx = 38;

			if (dx + dw > COLS - 1)	/* narrow terminal: as far right as it fits */
				dx = COLS - 1 - dw;
			if (dx < 9 + sw + 2)
				dx = 9 + sw + 2;
			draw_str(stdscr, y + 1, dx, due, COLS - 1 - dx,
				 strstr(due, "逾期") != NULL ? UA_ERROR : UA_NORMAL);
		}
		/* what was sent: 已导出（…）, or changed since and to be sent again */
		switch (exportui_state_text(a, i, sent, sizeof(sent))) {
		case 1:
			draw_str(stdscr, y + 2, 9, sent, COLS - 10, UA_OK);
			break;
		case 2:
			draw_str(stdscr, y + 2, 9, sent, COLS - 10, UA_ERROR);
			break;
		default:
			break;
		}
		if (sel) {
			cy = y;
			cx = 1;
		}
	}
	if (l->sel < 0) {
		draw_message(a, "按 Enter 修改本单位的名称（各张表里的单位名称和导出的文件名都会跟着改）");
	} else if (a->nforms > 0 && a->forms[l->sel]->year > 0 &&
		   atoi(today) > a->forms[l->sel]->year) {
		snprintf(buf, sizeof(buf), "这是 %d 年度的表，活动已经结束；仍可以打开查看、修改和导出。",
			 a->forms[l->sel]->year);
		draw_message(a, buf);
	} else {
		draw_message(a, a->nforms > 0 ? "用上下键选择一张表，按 Enter 开始填写。内容会自动保存。"
					      : NULL);
	}
	memcpy(shown, keys, sizeof(keys));
	if (l->sel < 0) {	/* the unit's name: Enter changes it, no form is chosen */
		shown[0] = (struct keyhelp){ "Enter", "修改名称" };
		memmove(&shown[1], &shown[2], (size_t)(nkeys - 2) * sizeof(shown[0]));
		nkeys--;
	}
	if (dist_active(a))	/* the district's inbox, on a district's database */
		shown[nkeys++] = (struct keyhelp){ "F9", "区里收表" };
	if (other != 0)		/* forms of another campaign year */
		shown[nkeys++] = (struct keyhelp){ "F7", "换年度" };
	draw_keys(shown, nkeys);
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* Export one form or all of them (-1): the export screen asks about problems first. */
static void list_export(struct app *a, int fi)
{
	struct screen_args args = ui_args(fi);

	if (fi >= 0 && a->forms[fi]->reading) {
		ui_msg(a, MSG_INFO, "这是参阅材料，不用导出。");
		return;
	}
	ui_open(a, SCR_EXPORT, &args, NULL, NULL);
}

/* A label for a message, once. */
static void label_once(struct strbuf *sb, const char *label)
{
	char *q = xasprintf("“%s”", label);

	if (sb != NULL && (sb->buf == NULL || strstr(sb->buf, q) == NULL))
		strbuf_adds(sb, q);
	free(q);
}

/* Unit fields of every form holding old (the name they were filled with): counted in
 * *same (their labels, each once, into labels when not NULL), other values in *other
 * (into others); with to, the same ones are changed to it. */
static int list_unit_fields(struct app *a, const char *old, const char *to, int *same,
			    int *other, struct strbuf *labels, struct strbuf *others)
{
	*same = *other = 0;
	for (int fi = 0; fi < a->nforms; fi++) {
		const struct form *f = a->forms[fi];
		const struct record *r = data_record(a, fi);

		for (int i = 0; i < f->nfields; i++) {
			int g = f->fields[i].group, n = g >= 0 ? r->nrows[g] : 1;

			if (!f->fields[i].unit)
				continue;
			for (int row = 0; row < n; row++) {
				const char *v = record_get(r, i, g >= 0 ? row : -1);

				if (v == NULL)
					continue;
				if (strcmp(v, old) != 0) {
					(*other)++;
					label_once(others, f->fields[i].label);
					continue;
				}
				(*same)++;
				label_once(labels, f->fields[i].label);
				if (to != NULL && data_set(a, fi, i, g >= 0 ? row : -1, to) != 0)
					return -1;
			}
		}
	}
	return 0;
}

/* 改名称: the database's unit, then the unit fields filled with the old name, each a
 * change of its form (a new revision: its next export is a new version). */
static void list_rename_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct list *l = ctx;
	char *name = l->rename_to, *old, *cause = NULL;
	int same, other;

	l->rename_to = NULL;
	if (ans->value != 1) {
		if (ans->value == 0)
			ui_msg(a, MSG_INFO, "单位名称没有修改");
		free(name);
		return;
	}
	if (store_unit_set(a->args->store, name, &cause) != 0) {
		ui_msg(a, MSG_ERROR, "没有修改单位名称：%s", cause != NULL ? cause : "数据库出错");
		free(cause);
		free(name);
		return;
	}
	old = a->unit;
	a->unit = name;
	data_free(a);	/* the values are kept under the new name now */
	if (data_load(a) != 0) {
		free(old);
		a->quit = 1;
		return;
	}
	if (list_unit_fields(a, old, name, &same, &other, NULL, NULL) != 0) {
		free(old);
		return;	/* the store's message is on the message line */
	}
	l->sel = 0;	/* back on the forms, whose exports are to be made again */
	ui_msg(a, MSG_OK, "单位名称已改为“%s”。以前导出的文件不会变，请重新导出。", name);
	free(old);
}

/* The new name typed: the confirmation says what changes (and what does not). */
static void list_rename_typed(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct list *l = ctx;
	struct strbuf labels = STRBUF_INIT, others = STRBUF_INIT;
	char *name, *text, *where, *kept;
	int same, other;

	if (ans->value != 1) {
		ui_msg(a, MSG_INFO, "单位名称没有修改");
		return;
	}
	name = str_trim(xstrdup(ans->text != NULL ? ans->text : ""));
	if (str_blank(name)) {
		ui_msg(a, MSG_ERROR, "单位名称不能为空，没有修改");
		free(name);
		return;
	}
	if (strcmp(name, a->unit) == 0) {
		ui_msg(a, MSG_INFO, "单位名称没有改变");
		free(name);
		return;
	}
	list_unit_fields(a, a->unit, NULL, &same, &other, &labels, &others);
	kept = other > 0 ? xasprintf("（%s写的不是“%s”，不会改，请自己看一下）\n",
				     strbuf_str(&others), a->unit)
			 : xstrdup("");
	where = same > 0 ? xasprintf("· 表里填的“%s”（%d 处：%s）\n", a->unit, same,
				       strbuf_str(&labels))
			 : xstrdup("");
	text = xasprintf("把本单位的名称从“%s”改为“%s”？\n\n会跟着改的：\n%s"
			 "· 以后导出的每个文件的文件名，CSV 文件每一行的“填报单位”\n%s\n"
			 "已经导出、发出的文件不会变：改好后请重新导出，再发送。",
			 a->unit, name, where, kept);
	free(l->rename_to);
	l->rename_to = name;
	ui_confirm(a, "修改单位名称", text, "改名称", "不改", 1, list_rename_answer, l);
	free(text);
	free(where);
	free(kept);
	strbuf_free(&labels);
	strbuf_free(&others);
}

/* Enter on the unit's name: it goes into every file name and every CSV row, so a
 * wrong one must be correctable here (not only with --unit on the command line). */
static void list_rename(struct app *a, struct list *l)
{
	if (a->args->unit != NULL && !str_blank(a->args->unit)) {
		ui_msg(a, MSG_INFO, "用 --unit 指定了单位名称时不能在这里修改；不带 --unit 打开就可以修改");
		return;
	}
	ui_ask_line(a, "修改单位名称", "请输入本单位的正确名称：", a->unit, 40, FT_TEXT,
		    list_rename_typed, l);
}

/* Choosing, opening and exporting forms. */
static void list_key(struct app *a, void *st, const struct ui_event *e)
{
	struct list *l = st;
	int k = ev_key(e);

	if (a->data == NULL)	/* no unit yet: the question is asked again */
		return;
	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (l->sel >= 0)	/* above the first form: the unit's name */
			l->sel--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (l->sel < a->nforms - 1)
			l->sel++;
		return;
	case KEY_HOME:
	case KEY_PPAGE:
		l->sel = 0;
		return;
	case KEY_END:
	case KEY_NPAGE:
		l->sel = a->nforms > 0 ? a->nforms - 1 : 0;
		return;
	case KEY_ENTER:
		if (l->sel < 0)
			list_rename(a, l);
		else if (a->nforms > 0)
			ui_open_with_offer(a, l->sel);	/* last year's values, once (years.c) */
		return;
	case KEY_F(7):	/* another campaign year: the earlier ones stay readable */
		if (ui_year_next(a) == 0) {
			ui_msg(a, MSG_INFO, "表单目录里只有 %d 年的表", a->year);
			return;
		}
		data_free(a);
		ui_year_set(a, ui_year_next(a));
		if (data_load(a) != 0) {
			a->quit = 1;
			return;
		}
		l->sel = 0;
		ui_msg(a, MSG_INFO, "现在显示 %d 年的表%s", a->year,
		       ui_year_next(a) != 0 ? "，再按 F7 换年度" : "");
		return;
	case KEY_F(5):
		if (l->sel < 0)
			ui_msg(a, MSG_INFO, "先用下键选择一张表，再按 F5 导出这张表；F6 导出全部表");
		else if (a->nforms > 0)
			list_export(a, l->sel);
		return;
	case KEY_F(6):
		if (a->nforms > 0)
			list_export(a, -1);
		return;
	case KEY_F(9):	/* the district's pages (district.h) */
		dist_open(a, DP_INBOX);
		return;
	case UK_ESC:	/* not a way out: Esc is pressed again and again to go back */
		ui_msg(a, MSG_INFO, "这里是第一个界面。要退出请按 F10（填写的内容都已保存）");
		return;
	default:
		break;
	}
	if (e->kind == EV_CHAR && e->ch >= '1' && e->ch <= '9' && (int)(e->ch - '1') < a->nforms) {
		l->sel = (int)(e->ch - '1');
		return;
	}
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "先用上下键选择一张表，再按 Enter 打开");
}

static void list_ask_unit(struct app *a, const char *typed);

/* The first run's answer: the unit is stored, then the forms are loaded. */
static void list_unit_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	char *name, *cause = NULL;

	(void)ctx;
	if (ans->value == -1) {	/* Esc, pressed to go back: nothing to go back to */
		ui_msg(a, MSG_INFO, "要先填写本单位的名称，才能开始填表。现在不填，按 F10 退出");
		list_ask_unit(a, ans->text);
		return;
	}
	if (ans->value != 1) {	/* F10: nothing was written, not an error */
		strbuf_adds(&a->later, "tianbiao: 没有填写单位名称，已退出。下次打开时再填写"
				       "（也可以用 --unit 单位名称 指定）。\n");
		a->quit = 1;
		return;
	}
	name = str_trim(xstrdup(ans->text != NULL ? ans->text : ""));
	if (str_blank(name)) {
		free(name);
		ui_msg(a, MSG_ERROR, "单位名称不能为空");
		list_ask_unit(a, NULL);
		return;
	}
	if (store_unit_set(a->args->store, name, &cause) != 0) {
		strbuf_addf(&a->later, "tianbiao: %s\n",
			    cause != NULL ? cause : "无法保存单位名称");
		free(cause);
		free(name);
		a->status = 1;
		a->quit = 1;
		return;
	}
	a->unit = name;
	if (data_load(a) != 0) {
		a->quit = 1;
		return;
	}
	ui_msg(a, MSG_OK, "已记下本单位名称：%s", name);
}

/* Asked once. The question is made from the forms: the labels of their unit fields
 * (单位名称, 镇街（部门）, 填报单位（盖章）...) say where the name goes, and the first such
 * field's hint that gives an example (例如…) is the example. */
static void list_ask_unit(struct app *a, const char *typed)
{
	struct strbuf where = STRBUF_INIT;
	const char *example = NULL;
	char *text;

	for (int fi = 0; fi < a->nforms; fi++)
		for (int i = 0; i < a->forms[fi]->nfields; i++) {
			const struct form_field *fld = &a->forms[fi]->fields[i];
			char *q;

			if (!fld->unit)
				continue;
			if (example == NULL && fld->hint != NULL && str_starts(fld->hint, "例如"))
				example = fld->hint;
			q = xasprintf("“%s”（%s）", fld->label, a->forms[fi]->attachment);
			if (where.len > 0)
				strbuf_adds(&where, "、");
			strbuf_adds(&where, q);
			free(q);
		}
	if (where.len > 0)
		text = xasprintf("请输入本单位的名称%s%s%s。\n它会填进%s，也用在导出文件的名字里，"
				 "以后不用再输入。", example != NULL ? "（" : "",
				 example != NULL ? example : "", example != NULL ? "）" : "",
				 strbuf_str(&where));
	else
		text = xasprintf("请输入本单位的名称%s%s%s。\n它用在导出文件的名字和每一行里，"
				 "以后不用再输入。", example != NULL ? "（" : "",
				 example != NULL ? example : "", example != NULL ? "）" : "");
	ui_ask_line(a, "第一次使用：本单位的名称", text, typed, 40, FT_TEXT, list_unit_answer,
		    NULL);
	free(text);
	strbuf_free(&where);
}

/* The list opens on the first form. */
static void *list_open(struct app *a, const struct screen_args *args)
{
	(void)a;
	(void)args;
	return xcalloc(1, sizeof(struct list));
}

/* Without a unit nothing can be shown: ask for it over the list. A terminal that
 * draws “ ” two columns wide is told what to change. */
static void list_start(struct app *a, void *st)
{
	(void)st;
	if (term_ambiguous_wide()) {
		ui_msg(a, MSG_WARN,
		       "这个终端把引号、破折号等符号显示为两格宽，界面会错位（现在用 \" - . 代替）。"
		       "请在终端的设置里把「模糊宽度字符」（ambiguous width）设为「窄」或「单宽」。");
		a->msg_sticky = 1;
	}
	if (a->unit == NULL)
		list_ask_unit(a, NULL);
}

/* The selection, and a new name being confirmed. */
static void list_close(struct app *a, void *st, int ending)
{
	struct list *l = st;

	(void)a;
	(void)ending;
	free(l->rename_to);
	free(l);
}

const struct screen_ops list_screen = {
	.name = "list",
	.open = list_open,
	.start = list_start,
	.draw = list_draw,
	.key = list_key,
	.close = list_close,
};
