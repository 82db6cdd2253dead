/*
 * problems.c - the problem list: every blank required field and every value that
 * may be wrong, in layout order (contract in ui.h).
 *
 * Opened with args.fi (-1: all forms) and args.mode: 0 to pick a problem (the answer
 * is value 1 with the problem's form, field and row, and the opener goes there),
 * 1 before an export (value 1: export anyway; 0: not).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct problems {
	struct check_problem *probs;
	int *probfi;		/* form of each problem */
	int n, sel, top;
	int export;		/* asked before an export */
	int fi;			/* the form, or -1 for all forms */
};

/* The list is made when it is opened, from the counts data.c keeps. */
static void *problems_open(struct app *a, const struct screen_args *args)
{
	struct problems *p = xcalloc(1, sizeof(*p));

	p->export = args->mode == 1;
	p->fi = args->fi;
	for (int i = 0; i < a->nforms; i++) {
		const struct check_problem *pr;
		int n;

		if (p->fi >= 0 && i != p->fi)
			continue;
		n = data_problems(a, i, &pr);
		if (n <= 0)
			continue;
		p->probs = xreallocarray(p->probs, (size_t)(p->n + n), sizeof(*p->probs));
		p->probfi = xreallocarray(p->probfi, (size_t)(p->n + n), sizeof(int));
		memcpy(p->probs + p->n, pr, (size_t)n * sizeof(*pr));
		for (int j = 0; j < n; j++)
			p->probfi[p->n + j] = i;
		p->n += n;
	}
	return p;
}

/* The copy of the problems goes with the screen. */
static void problems_close(struct app *a, void *st, int ending)
{
	struct problems *p = st;

	(void)a;
	(void)ending;
	free(p->probs);
	free(p->probfi);
	free(p);
}

/* Every problem in layout order; before an export, with the question. */
static void problems_draw(struct app *a, void *st)
{
	struct problems *p = st;
	int y0 = ui_content_top(), h = ui_content_rows(), y = y0, list_h, cy = y0, cx = 1;
	char left[256], buf[600];
	static const struct keyhelp jump_keys[] = {
		{ "Enter", "转到这一项" }, { "Esc", "返回" }, { "F1", "帮助" }, { "F10", "退出" },
	};
	static const struct keyhelp export_keys[] = {
		{ "Enter", "仍然导出" }, { "Esc", "取消，回去修改" }, { "F10", "退出" },
	};

	erase();
	if (p->fi >= 0)
		snprintf(left, sizeof(left), "%s %s > %s", a->forms[p->fi]->attachment,
			 a->forms[p->fi]->name, p->export ? "导出前检查" : "问题列表");
	else
		snprintf(left, sizeof(left), "全部表 > %s", p->export ? "导出前检查" : "问题列表");
	draw_header(left, NULL);
	if (p->n == 0) {
		draw_str(stdscr, y + 1, 2,
			 "没有发现问题：必填的都已填写，填写的内容也都符合要求。",
			 COLS - 4, UA_OK);
		draw_message(a, "按 Esc 返回");
		draw_keys(jump_keys + 1, 3);
		move(y + 1, 1);
		wnoutrefresh(stdscr);
		return;
	}
	if (p->export)
		snprintf(buf, sizeof(buf),
			 "导出之前发现 %d 个问题。这些内容可以以后改正再导出，也可以现在就导出：",
			 p->n);
	else
		snprintf(buf, sizeof(buf), "共 %d 个问题（没填的必填项，以及可能有误的内容）：",
			 p->n);
	y++;
	draw_str(stdscr, y++, 2, buf, COLS - 4, UA_BOLD);
	y++;
	list_h = y0 + h - y - (p->export ? 2 : 0);
	if (list_h < 1)
		list_h = 1;
	if (p->sel >= p->n)
		p->sel = p->n - 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + list_h)
		p->top = p->sel - list_h + 1;
	for (int i = p->top; i < p->n && i < p->top + list_h; i++, y++) {
		int sel = i == p->sel && !p->export;
		const struct form *f = a->forms[p->probfi[i]];

		if (p->fi < 0)
			snprintf(buf, sizeof(buf), "%d. %s %s", i + 1, f->attachment,
				 p->probs[i].msg);
		else
			snprintf(buf, sizeof(buf), "%d. %s", i + 1, p->probs[i].msg);
		if (sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			cy = y;
			cx = 1;
		}
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, buf, COLS - 4, sel ? UA_SEL : UA_NORMAL);
	}
	if (p->export) {
		draw_str(stdscr, y0 + h - 1, 2, "仍要导出吗？按 Enter 导出，按 Esc 取消。", COLS - 4,
			 UA_BOLD);
		cy = y0 + h - 1;
		cx = 2;
		draw_message(a, NULL);
		draw_keys(export_keys, 3);
	} else {
		draw_message(a, "用上下键选择，按 Enter 转到那一项去填写或改正");
		draw_keys(jump_keys, 4);
	}
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* Enter answers with the selected problem (or "export anyway"); Esc with nothing. */
static void problems_key(struct app *a, void *st, const struct ui_event *e)
{
	struct problems *p = st;
	struct ui_answer ans;
	int k = ev_key(e);

	memset(&ans, 0, sizeof(ans));
	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (p->sel > 0)
			p->sel--;
		else if (p->top > 0)
			p->top--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (p->sel < p->n - 1)
			p->sel++;
		return;
	case KEY_PPAGE:
		p->sel -= ui_content_rows() - 4;
		if (p->sel < 0)
			p->sel = 0;
		return;
	case KEY_NPAGE:
		p->sel += ui_content_rows() - 4;
		if (p->sel >= p->n)
			p->sel = p->n > 0 ? p->n - 1 : 0;
		return;
	case KEY_HOME:
		p->sel = 0;
		return;
	case KEY_END:
		p->sel = p->n > 0 ? p->n - 1 : 0;
		return;
	case KEY_ENTER:
		if (p->export) {
			ans.value = 1;
		} else if (p->n > 0) {
			ans.value = 1;
			ans.fi = p->probfi[p->sel];
			ans.field = p->probs[p->sel].field;
			ans.row = p->probs[p->sel].row;
		}
		ui_close(a, &ans);
		return;
	case UK_ESC:
		ui_close(a, &ans);
		return;
	default:
		return;
	}
}

const struct screen_ops problems_screen = {
	.name = "problems",
	.open = problems_open,
	.draw = problems_draw,
	.key = problems_key,
	.close = problems_close,
};
