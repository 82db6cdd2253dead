/*
 * problems.c - the problem list: every blank required field and every value that
 * may be wrong, in layout order; Enter goes to the field (contract in ui.h).
 * Before an export the same list is shown with the question whether to export anyway.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The list is made afresh each time it is opened. */
void problems_free(struct app *a)
{
	free(a->probs);
	free(a->probfi);
	a->probs = NULL;
	a->probfi = NULL;
	a->nprobs = a->psel = a->ptop = 0;
}

/* Collect the problems of form fi, or of all forms when fi < 0. */
static void problems_collect(struct app *a, int fi)
{
	problems_free(a);
	for (int i = 0; i < a->nforms; i++) {
		struct check_problem *p = NULL;
		int n;

		if (fi >= 0 && i != fi)
			continue;
		n = check_record(a->recs[i], &p);
		if (n > 0) {
			a->probs = xreallocarray(a->probs, (size_t)(a->nprobs + n),
						 sizeof(*a->probs));
			a->probfi = xreallocarray(a->probfi, (size_t)(a->nprobs + n), sizeof(int));
			memcpy(a->probs + a->nprobs, p, (size_t)n * sizeof(*p));
			for (int j = 0; j < n; j++)
				a->probfi[a->nprobs + j] = i;
			a->nprobs += n;
		}
		free(p);
	}
}

/* Open the list; before an export without problems, export at once. */
void problems_open(struct app *a, int fi, int export)
{
	problems_collect(a, fi);
	a->pexport = export;
	a->pform = fi;
	if (export && a->nprobs == 0) {
		exportui_write(a, fi);
		return;
	}
	ui_push(a, ST_PROBLEMS);
}

/* Every problem in layout order; before an export, with the question. */
void problems_draw(struct app *a)
{
	int y0 = ui_content_top(), h = ui_content_rows(), y = y0, list_h, cy = y0, cx = 1;
	char left[256], buf[600];
	static const struct keyhelp jump_keys[] = {
		{ "Enter", "转到这一项" }, { "Esc", "返回" }, { "F1", "帮助" }, { "F10", "退出" },
	};
	static const struct keyhelp export_keys[] = {
		{ "Enter", "仍然导出" }, { "Esc", "取消，回去修改" }, { "F10", "退出" },
	};

	erase();
	if (a->pform >= 0)
		snprintf(left, sizeof(left), "%s %s > %s", a->forms[a->pform]->attachment,
			 a->forms[a->pform]->name, a->pexport ? "导出前检查" : "问题列表");
	else
		snprintf(left, sizeof(left), "全部表 > %s", a->pexport ? "导出前检查" : "问题列表");
	draw_header(left, NULL);
	if (a->nprobs == 0) {
		draw_str(stdscr, y + 1, 2,
			 "没有发现问题：必填的都已填写，填写的内容也都符合要求。",
			 COLS - 4, UA_OK);
		draw_message(a, "按 Esc 返回");
		draw_keys(jump_keys + 1, 3);
		move(y + 1, 1);
		wnoutrefresh(stdscr);
		return;
	}
	if (a->pexport)
		snprintf(buf, sizeof(buf),
			 "导出之前发现 %d 个问题。这些内容可以以后改正再导出，也可以现在就导出：",
			 a->nprobs);
	else
		snprintf(buf, sizeof(buf), "共 %d 个问题（没填的必填项，以及可能有误的内容）：",
			 a->nprobs);
	y++;
	draw_str(stdscr, y++, 2, buf, COLS - 4, UA_BOLD);
	y++;
	list_h = y0 + h - y - (a->pexport ? 2 : 0);
	if (list_h < 1)
		list_h = 1;
	if (a->psel >= a->nprobs)
		a->psel = a->nprobs - 1;
	if (a->psel < a->ptop)
		a->ptop = a->psel;
	if (a->psel >= a->ptop + list_h)
		a->ptop = a->psel - list_h + 1;
	for (int i = a->ptop; i < a->nprobs && i < a->ptop + list_h; i++, y++) {
		int sel = i == a->psel && !a->pexport;
		const struct form *f = a->forms[a->probfi[i]];

		if (a->pform < 0)
			snprintf(buf, sizeof(buf), "%d. %s %s", i + 1, f->attachment,
				 a->probs[i].msg);
		else
			snprintf(buf, sizeof(buf), "%d. %s", i + 1, a->probs[i].msg);
		if (sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			cy = y;
			cx = 1;
		}
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, buf, COLS - 4, sel ? UA_SEL : UA_NORMAL);
	}
	if (a->pexport) {
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

/* Go to the field of the selected problem: its form, its row, the field itself. */
static void problems_jump(struct app *a)
{
	const struct check_problem *p = &a->probs[a->psel];
	int fi = a->probfi[a->psel], field = p->field, row = p->row, group;
	const struct form *f = a->forms[fi];

	while (a->state != ST_LIST)	/* the problem list is freed here too */
		ui_back(a);
	ui_open_form(a, fi);
	if (field < 0 || field >= f->nfields)
		return;
	group = f->fields[field].group;
	if (group < 0) {
		if (a->top != NULL)
			view_focus_field(a, a->top, field);
		return;
	}
	if (a->state != ST_ROWS) {
		a->group = group;
		a->rsel = a->rtop = 0;
		ui_push(a, ST_ROWS);
	}
	if (row >= 0 && row < a->recs[fi]->nrows[group]) {
		ui_open_row(a, row);
		view_focus_field(a, a->rowv, field);
	}
}

/* Enter jumps to the field (or exports, when asked before an export). */
void problems_key(struct app *a, const struct ui_event *e)
{
	int k = ev_key(e);

	switch (k) {
	case KEY_UP:
	case KEY_BTAB:
		if (a->psel > 0)
			a->psel--;
		else if (a->ptop > 0)
			a->ptop--;
		return;
	case KEY_DOWN:
	case UK_TAB:
		if (a->psel < a->nprobs - 1)
			a->psel++;
		return;
	case KEY_PPAGE:
		a->psel -= ui_content_rows() - 4;
		if (a->psel < 0)
			a->psel = 0;
		return;
	case KEY_NPAGE:
		a->psel += ui_content_rows() - 4;
		if (a->psel >= a->nprobs)
			a->psel = a->nprobs > 0 ? a->nprobs - 1 : 0;
		return;
	case KEY_ENTER:
		if (a->pexport) {
			int fi = a->pform;

			ui_back(a);
			exportui_write(a, fi);
		} else if (a->nprobs > 0) {
			problems_jump(a);
		} else {
			ui_back(a);
		}
		return;
	case UK_ESC:
		if (a->pexport)
			ui_msg(a, MSG_INFO, "没有导出");
		ui_back(a);
		return;
	case KEY_F(1):
		a->help_from = ST_PROBLEMS;
		a->htop = 0;
		ui_push(a, ST_HELP);
		return;
	default:
		return;
	}
}
