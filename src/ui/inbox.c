/*
 * inbox.c - 收件, the district's first page (contract in ui.h and district.h): every
 * roster unit x form of the campaign (未报 / 已报 / 代填 / 有问题 / 有冲突 / 被修改), the
 * names in files that are not on the roster (不在名单中), the count per form (已收到
 * 45/60) and the days left, each unit's liaison and phone (from its liaison form, else the
 * roster's marked （名单）, so the district can call), and under the grid what the
 * selected cell holds: where it came from (file, received when, revision) and its problems.
 *
 * Enter on a cell opens that unit's form read-only (unitform.c), laid out as the unit saw
 * it; on a form not reported, it offers to type it in from the unit's paper form (代填);
 * on a conflict, the comparison; on a name not on the roster, the page that settles it.
 * The counts are read when the page opens and again after anything that changes them; the
 * units' rows and contacts only for a window around the rows shown (district_page.h), so
 * that the page opens as fast on 10,000 units as on 20.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/remind.h"
#include "../core/text.h"
#include "../store/district_page.h"

#define CELL_COLS 10
#define WINDOW 40		/* roster rows read at a time */

/* A name in received files that is not on the roster, with what it sent. */
struct heldrow {
	char *name;
	int *files;		/* per form of the page: files held */
	int nfiles;
};

struct inbox {
	struct form **forms;	/* the campaign's, borrowed */
	int nforms;
	int n;			/* roster units */
	int *reported, *conflicts;	/* per form, over the whole roster */
	struct district_unit *u;	/* the roster rows wfirst .. wfirst + wn - 1 */
	int wfirst, wn;
	struct district_unit none;	/* a blank row, for a roster that shrank meanwhile */
	struct heldrow *held;
	int nheld;
	int sel, col, top;	/* selected row (units, then held names), form, first row shown */
	char *contact[WINDOW];	/* per window row: NULL when none; read when first shown */
	unsigned char contact_read[WINDOW];
	struct remind_contact_fields cf;
	struct form **cforms;	/* what cf indexes */
	int ncforms;
	struct district_problem *probs;	/* of the selected cell, read when it changes */
	int nprobs, probs_sel, probs_col;
	char find[128];		/* typed to find a unit */
};

/* The window of roster rows and their contacts. */
static void window_free(struct inbox *ib)
{
	district_units_free(ib->u, ib->wn);
	for (int i = 0; i < ib->wn; i++)
		free(ib->contact[i]);
	memset(ib->contact, 0, sizeof(ib->contact));
	memset(ib->contact_read, 0, sizeof(ib->contact_read));
	ib->u = NULL;
	ib->wn = 0;
}

/* Everything read from the store, before it is read again. */
static void inbox_unload(struct inbox *ib)
{
	window_free(ib);
	for (int i = 0; i < ib->nheld; i++) {
		free(ib->held[i].name);
		free(ib->held[i].files);
	}
	free(ib->held);
	district_problems_free(ib->probs, ib->nprobs);
	ib->held = NULL;
	ib->probs = NULL;
	ib->n = ib->nheld = ib->nprobs = 0;
	ib->probs_sel = -1;
}

/* The form's index among the page's forms, or -1. */
static int form_col(const struct inbox *ib, const char *id)
{
	for (int k = 0; id != NULL && k < ib->nforms; k++)
		if (strcmp(ib->forms[k]->id, id) == 0)
			return k;
	return -1;
}

/* The held files grouped by the name they give. */
static int inbox_load_held(struct app *a, struct inbox *ib)
{
	struct district_held *h;
	char *cause = NULL;
	int n;

	if (district_page_held(a->args->store, &h, &n, &cause) != 0) {
		dist_failed(a, cause);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = h[i].unit_name != NULL ? h[i].unit_name : "（没有填写单位）";
		int j, k = form_col(ib, h[i].form_id);

		for (j = 0; j < ib->nheld && strcmp(ib->held[j].name, name) != 0; j++)
			;
		if (j == ib->nheld) {
			ib->held = xreallocarray(ib->held, (size_t)ib->nheld + 1, sizeof(*ib->held));
			ib->held[j].name = xstrdup(name);
			ib->held[j].files = xcalloc((size_t)(ib->nforms > 0 ? ib->nforms : 1),
						    sizeof(int));
			ib->held[j].nfiles = 0;
			ib->nheld++;
		}
		ib->held[j].nfiles++;
		if (k >= 0)
			ib->held[j].files[k]++;
	}
	district_held_free(h, n);
	return 0;
}

/* Read the status again (on opening, and after anything that changes it). */
static void inbox_load(struct app *a, struct inbox *ib)
{
	char *cause = NULL;

	inbox_unload(ib);
	if (district_page_counts(a->args->store, dist_year(a), ib->forms, ib->nforms, &ib->n,
				 ib->reported, ib->conflicts, &cause) != 0) {
		dist_failed(a, cause);
		ib->n = 0;
	}
	inbox_load_held(a, ib);
	if (ib->sel >= ib->n + ib->nheld)
		ib->sel = ib->n + ib->nheld > 0 ? ib->n + ib->nheld - 1 : 0;
	if (ib->col >= ib->nforms)
		ib->col = ib->nforms > 0 ? ib->nforms - 1 : 0;
}

/* Roster row i (0 .. n-1), reading the window around it when it is not in memory. */
static const struct district_unit *inbox_unit(struct app *a, struct inbox *ib, int i)
{
	char *cause = NULL;
	int first = i - WINDOW / 4 > 0 ? i - WINDOW / 4 : 0;	/* most of it after i: the rows shown */

	if (i >= ib->wfirst && i < ib->wfirst + ib->wn)
		return &ib->u[i - ib->wfirst];
	window_free(ib);
	if (district_page_units(a->args->store, dist_year(a), ib->forms, ib->nforms, first, WINDOW,
				&ib->u, &ib->wn, &cause) != 0)
		dist_failed(a, cause);
	ib->wfirst = first;
	if (i >= ib->wfirst && i < ib->wfirst + ib->wn)
		return &ib->u[i - ib->wfirst];
	return &ib->none;	/* the roster changed under us (another copy of the program) */
}

/* A unit's liaison and phone, read from its liaison form (else the roster's) when first
 * shown. */
static const char *inbox_contact(struct app *a, struct inbox *ib, int i)
{
	const struct district_unit *u = inbox_unit(a, ib, i);
	struct record *rec;
	char *cause = NULL;
	int w = i - ib->wfirst;

	if (w < 0 || w >= ib->wn || ib->contact_read[w])
		return w >= 0 && w < ib->wn ? ib->contact[w] : NULL;
	ib->contact_read[w] = 1;
	if (ib->cf.form >= 0) {
		rec = record_new(ib->cforms[ib->cf.form]);
		if (store_load(a->args->store, u->name, rec, &cause) == 0)
			ib->contact[w] = remind_contact(&ib->cf, rec);
		else
			free(cause);
		record_free(rec);
	}
	if (ib->contact[w] == NULL)
		ib->contact[w] = dist_roster_contact(a, u->name);
	return ib->contact[w];
}

/* A slot in a word for the grid. */
static const char *slot_word(const struct district_slot *sl, char *buf, size_t cap,
			     enum ui_attr *at)
{
	if (sl->conflicts > 0) {
		*at = UA_ERROR;
		return sl->edited == sl->conflicts ? "被修改" : "有冲突";
	}
	if (!sl->reported) {
		*at = UA_WARN;
		return "未报";
	}
	if (sl->nhard + sl->nsoft > 0) {
		*at = UA_WARN;
		snprintf(buf, cap, "有问题 %d", sl->nhard + sl->nsoft);
		return buf;
	}
	*at = UA_OK;
	return sl->file == NULL ? "代填" : "已报";
}

/* The count line of one form: 已收到 17/20, conflicts, days left. */
static void form_count(struct inbox *ib, int k, char *out, size_t cap)
{
	const struct form *f = ib->forms[k];
	int got = ib->reported[k], conf = ib->conflicts[k], len;
	char today[11];
	long left;

	len = snprintf(out, cap, "%s %s　已收到 %d/%d", f->attachment, f->name, got, ib->n);
	if (conf > 0 && len > 0 && (size_t)len < cap)
		len += snprintf(out + len, cap - (size_t)len, "　有冲突 %d", conf);
	dist_today(today);
	if (f->year > 0 && atoi(today) > f->year && len > 0 && (size_t)len < cap)
		snprintf(out + len, cap - (size_t)len, "　%d年度，已结束", f->year);
	else if (f->due != NULL && len > 0 && (size_t)len < cap) {
		char due[64];

		check_date_display(f->due, f->year, due, sizeof(due));
		if (!remind_days_left(f, today, &left))
			snprintf(out + len, cap - (size_t)len, "　%s截止", due);
		else if (left > 0)
			snprintf(out + len, cap - (size_t)len, "　%s截止，还有 %ld 天", due, left);
		else if (left == 0)
			snprintf(out + len, cap - (size_t)len, "　%s截止，就是今天", due);
		else
			snprintf(out + len, cap - (size_t)len, "　%s截止，已过 %ld 天", due, -left);
	}
}

/* The problems of the selected cell, read once per cell. */
static void inbox_probs(struct app *a, struct inbox *ib)
{
	char *cause = NULL;

	if (ib->probs_sel == ib->sel && ib->probs_col == ib->col)
		return;
	district_problems_free(ib->probs, ib->nprobs);
	ib->probs = NULL;
	ib->nprobs = 0;
	ib->probs_sel = ib->sel;
	ib->probs_col = ib->col;
	if (ib->sel >= ib->n || ib->nforms == 0 ||
	    !inbox_unit(a, ib, ib->sel)->slots[ib->col].reported)
		return;
	if (district_problems(a->args->store, dist_year(a), inbox_unit(a, ib, ib->sel)->name,
			      ib->forms[ib->col]->id, &ib->probs, &ib->nprobs, &cause) != 0) {
		free(cause);
		ib->probs = NULL;
		ib->nprobs = 0;
	}
}

/* Three lines on the selected cell: its state, where it came from or whom to call,
 * and its problems or what Enter does. */
static void inbox_detail(struct app *a, struct inbox *ib, char *l1, char *l2, char *l3,
			 size_t cap)
{
	l1[0] = l2[0] = l3[0] = '\0';
	if (ib->sel >= ib->n) {
		const struct heldrow *h = &ib->held[ib->sel - ib->n];

		snprintf(l1, cap, "“%s”不在名单中：收到 %d 个文件，暂存，没有计入。", h->name,
			 h->nfiles);
		snprintf(l2, cap, "按 Enter 处理：把它设为名单上某个单位的别名，或加入名单。");
		return;
	}
	if (ib->nforms == 0)
		return;
	{
		const struct district_unit *u = inbox_unit(a, ib, ib->sel);
		const struct district_slot *sl = &u->slots[ib->col];
		const struct form *f = ib->forms[ib->col];
		const char *who = inbox_contact(a, ib, ib->sel);
		char when[64];

		dist_when(sl->received, when, sizeof(when));
		if (sl->conflicts > 0) {
			snprintf(l1, cap, "%s · %s %s：%s", u->name, f->attachment, f->name,
				 sl->edited == sl->conflicts ? "又收到一份同一版本却内容不同的（导出后被改过）"
							     : "收到了两份不同的表");
			snprintf(l2, cap, "决定用哪一份之前，这张表不计入汇总。");
			snprintf(l3, cap, "按 Enter 逐项比较两份，再决定用哪一份。");
			return;
		}
		if (!sl->reported) {
			snprintf(l1, cap, "%s · %s %s：未报", u->name, f->attachment, f->name);
			if (who != NULL)
				snprintf(l2, cap, "联络员 %s", who);
			else
				snprintf(l2, cap, "还不知道联络员（%s没有报来联络员的表）", u->name);
			snprintf(l3, cap, "按 6 看催报消息；对方交来纸质表时，按 Enter 由区里代填。");
			return;
		}
		if (sl->file == NULL) {
			snprintf(l1, cap, "%s · %s %s：区里代填，修订 %ld", u->name, f->attachment,
				 f->name, sl->revision);
			snprintf(l2, cap, "联络员 %s", who != NULL ? who : "（不知道）");
			snprintf(l3, cap, "按 Enter 打开，继续代填或修改。");
			return;
		}
		snprintf(l1, cap, "%s · %s %s：已报，修订 %ld，%s 收到", u->name, f->attachment,
			 f->name, sl->revision, when);
		snprintf(l2, cap, "文件：%s", sl->file);
		inbox_probs(a, ib);
		if (ib->nprobs > 0) {
			char one[400];

			dist_problem_text(&ib->probs[0], one, sizeof(one));
			snprintf(l3, cap, "问题 %d 项：%s", ib->nprobs, one);
		} else {
			snprintf(l3, cap, "没有问题。按 Enter 查看这张表（只读）。");
		}
	}
}

/* Columns: the number, the name, one cell per form, the liaison. */
struct grid {
	int xpos, pw, xname, nw, xcell, xcontact, cw;
};

/* The grid's columns from the names shown and the width of the window. */
static void inbox_grid(const struct inbox *ib, struct grid *g)
{
	int maxpos = ib->wn > 0 ? ib->u[ib->wn - 1].pos : 1, nw = 4;
	char num[16];

	snprintf(num, sizeof(num), "%d", maxpos > ib->n ? maxpos : ib->n);
	g->pw = (int)strlen(num);
	g->xpos = 2;
	g->xname = g->xpos + g->pw + 1;
	for (int i = 0; i < ib->wn; i++)	/* the names read: those around the rows shown */
		if (draw_width(ib->u[i].name) > nw)
			nw = draw_width(ib->u[i].name);
	for (int i = 0; i < ib->nheld; i++)
		if (draw_width(ib->held[i].name) > nw)
			nw = draw_width(ib->held[i].name);
	if (nw > 20)
		nw = 20;
	g->nw = nw;
	g->xcell = g->xname + nw + 1;
	g->xcontact = g->xcell + ib->nforms * (CELL_COLS + 1);
	g->cw = COLS - 1 - g->xcontact;
	if (g->cw < 8)
		g->cw = 0;
}

/* One row of the grid: a roster unit, or a name not on the roster. */
static void inbox_row(struct app *a, struct inbox *ib, const struct grid *g, int i, int y,
		      int *cy, int *cx)
{
	int sel = i == ib->sel;
	char buf[64];

	draw_str(stdscr, y, 0, sel ? ">" : " ", 1, UA_BOLD);
	if (i < ib->n) {
		const struct district_unit *u = inbox_unit(a, ib, i);

		snprintf(buf, sizeof(buf), "%*d", g->pw, u->pos);
		draw_str(stdscr, y, g->xpos, buf, g->pw, UA_DIM);
		draw_str(stdscr, y, g->xname, u->name, g->nw, sel ? UA_BOLD : UA_NORMAL);
		for (int k = 0; k < ib->nforms; k++) {
			enum ui_attr at;
			const char *w = slot_word(&u->slots[k], buf, sizeof(buf), &at);
			int x = g->xcell + k * (CELL_COLS + 1);

			if (sel && k == ib->col) {
				draw_fill(stdscr, y, x, CELL_COLS, ' ', UA_SEL);
				at = UA_SEL;
				*cy = y;
				*cx = x;
			}
			draw_str(stdscr, y, x, w, CELL_COLS, at);
		}
		if (g->cw > 0) {
			const char *who = inbox_contact(a, ib, i);

			draw_str(stdscr, y, g->xcontact, who != NULL ? who : "-", g->cw, UA_NORMAL);
		}
		return;
	}
	{
		const struct heldrow *h = &ib->held[i - ib->n];

		draw_str(stdscr, y, g->xname, h->name, g->nw, sel ? UA_BOLD : UA_NORMAL);
		for (int k = 0; k < ib->nforms; k++) {
			int x = g->xcell + k * (CELL_COLS + 1);
			enum ui_attr at = h->files[k] > 0 ? UA_ERROR : UA_DIM;

			if (sel && k == ib->col) {
				draw_fill(stdscr, y, x, CELL_COLS, ' ', UA_SEL);
				at = UA_SEL;
				*cy = y;
				*cx = x;
			}
			draw_str(stdscr, y, x, h->files[k] > 0 ? "不在名单中" : "-", CELL_COLS, at);
		}
	}
}

/* The counts, the grid and the selected cell, on one screen. */
static void inbox_draw(struct app *a, void *st)
{
	struct inbox *ib = st;
	int y = dist_top(), last = LINES - 6, rows = ib->n + ib->nheld, cy = y, cx = 1, h;
	char buf[512], l1[512], l2[512], l3[512];
	struct grid g;
	static const struct keyhelp keys[] = {
		{ "Enter", "查看" }, { "←→", "选表" }, { "F7", "代填" }, { "1-7", "换页" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};

	erase();
	snprintf(buf, sizeof(buf), "%d年　应报 %d 个单位", dist_year(a), ib->n);
	dist_draw_top(a, DP_INBOX, buf);
	if (ib->n == 0 && ib->nheld == 0) {
		draw_str(stdscr, y + 1, 2, "还没有应报单位的名单，也还没有收到文件。", COLS - 4, UA_BOLD);
		draw_str(stdscr, y + 3, 2, "按 4 到“名单”页：添加应报的单位，或从名单文件导入。",
			 COLS - 4, UA_NORMAL);
		draw_str(stdscr, y + 4, 2, "按 2 到“导入”页：导入各单位发来的 .csv 文件。", COLS - 4,
			 UA_NORMAL);
		draw_message(a, "按 7 回到本单位自己的表");
		draw_keys(keys + 3, 3);
		move(y + 1, 2);
		wnoutrefresh(stdscr);
		return;
	}
	for (int k = 0; k < ib->nforms && k < 4; k++) {
		form_count(ib, k, buf, sizeof(buf));
		draw_str(stdscr, y++, 1, buf, COLS - 2, UA_NORMAL);
	}
	{
		int conf = 0, files = 0;

		for (int k = 0; k < ib->nforms; k++)
			conf += ib->conflicts[k];
		for (int i = 0; i < ib->nheld; i++)
			files += ib->held[i].nfiles;
		if (conf + ib->nheld > 0) {
			int len = snprintf(buf, sizeof(buf), "待处理：");

			if (conf > 0)
				len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%d 个冲突%s", conf,
						ib->nheld > 0 ? "，" : "");
			if (ib->nheld > 0)
				snprintf(buf + len, sizeof(buf) - (size_t)len,
					 "%d 个名称不在名单中（%d 个文件）", ib->nheld, files);
			strncat(buf, "。按 3 处理", sizeof(buf) - strlen(buf) - 1);
			draw_str(stdscr, y++, 1, buf, COLS - 2, UA_ERROR);
		}
	}
	if (ib->n > 0)	/* the names around the rows shown size the name column */
		inbox_unit(a, ib, ib->top < ib->n ? ib->top : ib->n - 1);
	inbox_grid(ib, &g);
	draw_str(stdscr, y, g.xname, "单位", g.nw, UA_DIM);
	for (int k = 0; k < ib->nforms; k++)
		draw_str(stdscr, y, g.xcell + k * (CELL_COLS + 1), ib->forms[k]->attachment,
			 CELL_COLS, UA_DIM);
	if (g.cw > 0)
		draw_str(stdscr, y, g.xcontact, "联络员", g.cw, UA_DIM);
	y++;
	h = last - y;
	if (h < 1)
		h = 1;
	if (ib->sel < ib->top)
		ib->top = ib->sel;
	if (ib->sel >= ib->top + h)
		ib->top = ib->sel - h + 1;
	if (ib->top > rows - h)
		ib->top = rows - h > 0 ? rows - h : 0;
	for (int i = ib->top; i < rows && i < ib->top + h; i++)
		inbox_row(a, ib, &g, i, y + i - ib->top, &cy, &cx);
	if (rows > h) {
		snprintf(buf, sizeof(buf), "第 %d/%d 行", ib->sel + 1, rows);
		draw_str(stdscr, last, COLS - 1 - draw_width(buf), buf, draw_width(buf), UA_DIM);
	}
	inbox_detail(a, ib, l1, l2, l3, sizeof(l1));
	draw_str(stdscr, LINES - 5, 1, l1, COLS - 2, UA_BOLD);
	draw_str(stdscr, LINES - 4, 1, l2, COLS - 2, UA_NORMAL);
	draw_str(stdscr, LINES - 3, 1, l3, COLS - 2, UA_NORMAL);
	if (ib->find[0] != '\0') {
		snprintf(buf, sizeof(buf), "查找：%s（Backspace 删字，Esc 取消）", ib->find);
		draw_message(a, buf);
	} else {
		draw_message(a, "上下键选单位，左右键选表；输入单位名称中的字可以查找");
	}
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* Back from a form, a comparison or a question: the status may have changed. */
static void inbox_back(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ans;
	inbox_load(a, ctx);
}

/* The index in a->forms of one of the page's forms. */
static int app_form(struct app *a, const struct form *f)
{
	for (int i = 0; i < a->nforms; i++)
		if (a->forms[i] == f)
			return i;
	return -1;
}

/* Open the unit's form: read-only as received, or to type it in (代填). */
static void inbox_open_form(struct app *a, struct inbox *ib, int entry)
{
	const struct district_unit *u = inbox_unit(a, ib, ib->sel);

	dist_unit_form(a, u->name, app_form(a, ib->forms[ib->col]), &u->slots[ib->col], entry,
		       inbox_back, ib);
}

/* The answer to "现在代填吗": the empty form opens in the unit's name. */
static void inbox_entry_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct inbox *ib = ctx;

	if (ans->value == 1)
		inbox_open_form(a, ib, 1);
	else if (ans->value == 0)
		ui_msg(a, MSG_INFO, "没有代填");
}

/* 代填: only a form the unit has not sent, or one the district typed in before. */
static void inbox_entry(struct app *a, struct inbox *ib)
{
	const struct district_unit *u;
	const struct district_slot *sl;
	const struct form *f;
	char *text;

	if (ib->sel >= ib->n || ib->nforms == 0) {
		ui_msg(a, MSG_INFO, "先选名单上的单位，再按 F7 代填");
		return;
	}
	u = inbox_unit(a, ib, ib->sel);
	sl = &u->slots[ib->col];
	f = ib->forms[ib->col];
	if (sl->conflicts > 0) {
		ui_msg(a, MSG_ERROR, "%s的%s有冲突，先按 Enter 比较两份、决定用哪一份", u->name,
		       f->attachment);
		return;
	}
	if (sl->reported && sl->file != NULL) {
		ui_msg(a, MSG_ERROR, "%s已经报来了%s（%s），不能代填；有误请%s改好后重新发送",
		       u->name, f->attachment, sl->file, u->name);
		return;
	}
	if (sl->reported) {
		inbox_open_form(a, ib, 1);
		return;
	}
	text = xasprintf("%s还没有报%s《%s》。\n\n对方交来纸质表或 Word 表时，可以由区里照着填进来："
			 "填写的内容算作%s报送，并注明“区里代填”。以后%s自己发来文件时，会提示"
			 "两份不同，由你决定用哪一份。\n\n现在代填吗？",
			 u->name, f->attachment, f->name, u->name, u->name);
	ui_confirm(a, "代填", text, "代填", "不用", 0, inbox_entry_answer, ib);
	free(text);
}

/* Enter: what the selected cell calls for. */
static void inbox_enter(struct app *a, struct inbox *ib)
{
	const struct district_slot *sl;

	if (ib->sel >= ib->n + ib->nheld || ib->nforms == 0)
		return;
	if (ib->sel >= ib->n) {
		struct screen_args args = ui_args(-1);

		args.text = ib->held[ib->sel - ib->n].name;
		dist_open_args(a, DP_PENDING, &args);
		return;
	}
	sl = &inbox_unit(a, ib, ib->sel)->slots[ib->col];
	if (sl->conflicts > 0) {
		struct screen_args args = ui_args(app_form(a, ib->forms[ib->col]));

		args.text = inbox_unit(a, ib, ib->sel)->name;
		ui_open(a, SCR_COMPARE, &args, inbox_back, ib);
		return;
	}
	if (!sl->reported) {
		inbox_entry(a, ib);
		return;
	}
	inbox_open_form(a, ib, sl->file == NULL);
}

/* Typing finds the first unit (from the selection on) whose name has the text; then the
 * names not on the roster. */
static void inbox_find(struct app *a, struct inbox *ib)
{
	char *cause = NULL;
	int at = -1;

	if (district_page_find(a->args->store, dist_year(a), ib->find,
			       ib->sel < ib->n ? ib->sel : 0, &at, &cause) != 0)
		dist_failed(a, cause);
	for (int i = 0; at < 0 && i < ib->nheld; i++)
		if (strstr(ib->held[i].name, ib->find) != NULL)
			at = ib->n + i;
	if (at >= 0)
		ib->sel = at;
	else
		ui_msg(a, MSG_INFO, "没有名称里有“%s”的单位", ib->find);
}

/* Moving in the grid, opening a cell, the page keys, finding a unit by name. */
static void inbox_key(struct app *a, void *st, const struct ui_event *e)
{
	struct inbox *ib = st;
	int k = ev_key(e), rows = ib->n + ib->nheld, page = LINES - 12 > 1 ? LINES - 12 : 1;

	switch (k) {
	case KEY_UP:
		if (ib->sel > 0)
			ib->sel--;
		return;
	case KEY_DOWN:
		if (ib->sel < rows - 1)
			ib->sel++;
		return;
	case KEY_PPAGE:
		ib->sel = ib->sel > page ? ib->sel - page : 0;
		return;
	case KEY_NPAGE:
		ib->sel = ib->sel + page < rows ? ib->sel + page : (rows > 0 ? rows - 1 : 0);
		return;
	case KEY_HOME:
		ib->sel = 0;
		return;
	case KEY_END:
		ib->sel = rows > 0 ? rows - 1 : 0;
		return;
	case KEY_LEFT:
	case KEY_BTAB:
		if (ib->col > 0)
			ib->col--;
		return;
	case KEY_RIGHT:
	case UK_TAB:
		if (ib->col < ib->nforms - 1)
			ib->col++;
		return;
	case KEY_ENTER:
		ib->find[0] = '\0';
		inbox_enter(a, ib);
		return;
	case KEY_F(7):
		inbox_entry(a, ib);
		return;
	case KEY_BACKSPACE:
		if (ib->find[0] != '\0') {
			size_t n = strlen(ib->find);

			while (n > 0 && ((unsigned char)ib->find[n - 1] & 0xC0) == 0x80)
				n--;
			if (n > 0)
				n--;
			ib->find[n] = '\0';
		}
		return;
	case UK_ESC:
		if (ib->find[0] != '\0') {
			ib->find[0] = '\0';
			return;
		}
		ui_msg(a, MSG_INFO, "这里是区里的第一个页面。要退出请按 F10；按 7 看本单位自己的表");
		return;
	default:
		break;
	}
	if (dist_page_key(a, e))
		return;		/* this page is gone */
	if (ev_printable(e) && e->ch != ' ' && rows > 0) {
		char mb[8] = { 0 };
		size_t n = strlen(ib->find);
		int len = text_encode((uint32_t)e->ch, mb);

		if (n + (size_t)len < sizeof(ib->find)) {
			memcpy(ib->find + n, mb, (size_t)len + 1);
			inbox_find(a, ib);
		}
		return;
	}
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "上下键选单位，左右键选表，按 Enter 查看");
}

/* The page opens on the first unit and form, or on args.text's unit. */
static void *inbox_open(struct app *a, const struct screen_args *args)
{
	struct inbox *ib = xcalloc(1, sizeof(*ib));

	ib->nforms = dist_forms(a, &ib->forms);
	ib->reported = xcalloc((size_t)(ib->nforms > 0 ? ib->nforms : 1), sizeof(int));
	ib->conflicts = xcalloc((size_t)(ib->nforms > 0 ? ib->nforms : 1), sizeof(int));
	ib->none.name = (char *)"";
	ib->none.slots = xcalloc((size_t)(ib->nforms > 0 ? ib->nforms : 1), sizeof(*ib->none.slots));
	ib->ncforms = ib->nforms;
	ib->cforms = ib->forms;
	remind_contact_fields(ib->cforms, ib->ncforms, &ib->cf);
	ib->probs_sel = -1;
	inbox_load(a, ib);
	if (args->text != NULL) {	/* the unit of that name exactly */
		snprintf(ib->find, sizeof(ib->find), "%s", args->text);
		for (int from = 0, at; from < ib->n; from = at + 1) {
			char *cause = NULL;

			if (district_page_find(a->args->store, dist_year(a), args->text, from, &at,
					       &cause) != 0 || at < from) {
				free(cause);
				break;
			}
			if (strcmp(inbox_unit(a, ib, at)->name, args->text) == 0) {
				ib->sel = at;
				break;
			}
		}
		ib->find[0] = '\0';
	}
	return ib;
}

/* The status goes with the page. */
static void inbox_close(struct app *a, void *st, int ending)
{
	struct inbox *ib = st;

	(void)a;
	(void)ending;
	inbox_unload(ib);
	free(ib->reported);
	free(ib->conflicts);
	free(ib->none.slots);
	free(ib->forms);
	free(ib);
}

const struct screen_ops inbox_screen = {
	.name = "inbox",
	.open = inbox_open,
	.draw = inbox_draw,
	.key = inbox_key,
	.close = inbox_close,
};
