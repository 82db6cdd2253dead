/*
 * compareui.c - one conflict, the two copies side by side field by field, and the
 * decision (contract in ui.h and district.h). The fields that differ are shown (F4: every
 * field, those that differ marked *); the selected field's two values are shown whole
 * under the table. Enter asks which copy to keep - the copy it replaces is set aside, not
 * deleted, and the decision is logged (district_resolve) - and the screen closes.
 *
 * Opened with args.text (the roster unit) and args.fi (the form).
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/import.h"
#include "../core/text.h"

/* One line of the table: a field (in a row) or a group's row count. */
struct crow {
	char *label;
	const char *a, *b;	/* borrowed from the records; NULL: blank */
	char na[16], nb[16];	/* a row count as text */
	int differs;
};

struct compare {
	struct district_conflict *all;
	int nall;
	struct district_conflict *c;	/* the one shown (in all) */
	struct crow *rows;
	int nrows, ndiff;
	int every;		/* F4: every field, not only those that differ */
	int sel, top;
	char *opts[2];
};

/* The label of a field, with its row for a group's field. */
static char *row_label(const struct form *f, int field, int row)
{
	if (row >= 0) {
		char num[16];

		cnum_format(row + 1, num, sizeof(num));
		return xasprintf("%s（第%s项）", f->fields[field].label, num);
	}
	return xstrdup(f->fields[field].label);
}

/* The table's lines: what differs, or every field in form order. */
static void compare_rows(struct compare *cm)
{
	const struct form *f = cm->c->form;
	const struct record *ra = cm->c->cur, *rb = cm->c->new_;
	struct import_diff *d = NULL;
	int nd = import_compare(ra, rb, &d);

	for (int i = 0; i < cm->nrows; i++)
		free(cm->rows[i].label);
	free(cm->rows);
	cm->rows = NULL;
	cm->nrows = 0;
	cm->ndiff = nd;
	if (!cm->every) {
		cm->rows = xcalloc((size_t)(nd > 0 ? nd : 1), sizeof(*cm->rows));
		for (int i = 0; i < nd; i++) {
			struct crow *r = &cm->rows[cm->nrows++];

			r->differs = 1;
			if (d[i].field < 0) {
				r->label = xasprintf("%s（项数）", f->groups[d[i].group].label);
				snprintf(r->na, sizeof(r->na), "%d 项", d[i].na);
				snprintf(r->nb, sizeof(r->nb), "%d 项", d[i].nb);
				r->a = r->na;
				r->b = r->nb;
			} else {
				r->label = row_label(f, d[i].field, d[i].row);
				r->a = d[i].a;
				r->b = d[i].b;
			}
		}
		free(d);
		return;
	}
	free(d);
	/* every field: the top level, then each group row by row */
	for (int i = 0; i < f->nfields; i++) {
		const char *va, *vb;

		if (f->fields[i].group >= 0)
			continue;
		va = record_get(ra, i, -1);
		vb = record_get(rb, i, -1);
		cm->rows = xreallocarray(cm->rows, (size_t)cm->nrows + 1, sizeof(*cm->rows));
		memset(&cm->rows[cm->nrows], 0, sizeof(cm->rows[0]));
		cm->rows[cm->nrows].label = row_label(f, i, -1);
		cm->rows[cm->nrows].a = va;
		cm->rows[cm->nrows].b = vb;
		cm->rows[cm->nrows].differs = !((va == NULL && vb == NULL) ||
						(va != NULL && vb != NULL && strcmp(va, vb) == 0));
		cm->nrows++;
	}
	for (int g = 0; g < f->ngroups; g++) {
		const struct form_group *gr = &f->groups[g];
		int n = ra->nrows[g] > rb->nrows[g] ? ra->nrows[g] : rb->nrows[g];

		for (int row = 0; row < n; row++)
			for (int k = 0; k < gr->nfields; k++) {
				int fi = gr->fields[k];
				const char *va = row < ra->nrows[g] ? record_get(ra, fi, row) : NULL;
				const char *vb = row < rb->nrows[g] ? record_get(rb, fi, row) : NULL;
				struct crow *r;

				cm->rows = xreallocarray(cm->rows, (size_t)cm->nrows + 1,
							 sizeof(*cm->rows));
				r = &cm->rows[cm->nrows++];
				memset(r, 0, sizeof(*r));
				r->label = row_label(f, fi, row);
				r->a = va;
				r->b = vb;
				r->differs = !((va == NULL && vb == NULL) ||
					       (va != NULL && vb != NULL && strcmp(va, vb) == 0));
			}
	}
}

/* A value on one line of the table: （空） for a blank, line breaks as spaces. */
static void draw_value(int y, int x, const char *v, int cols, enum ui_attr at)
{
	char *one = xstrdup(v != NULL ? v : "（空）");

	for (char *p = one; *p != '\0'; p++)
		if ((unsigned char)*p < 32)
			*p = ' ';
	if (draw_width(one) > cols && cols > 3) {
		int w = draw_str(stdscr, y, x, one, cols - 2, v != NULL ? at : UA_DIM);

		draw_str(stdscr, y, x + w, "..", 2, UA_DIM);
	} else {
		draw_str(stdscr, y, x, one, cols, v != NULL ? at : UA_DIM);
	}
	free(one);
}

/* Two columns under one header: where each copy came from, then field by field. */
static void compare_draw(struct app *a, void *st)
{
	struct compare *cm = st;
	const struct district_conflict *c = cm->c;
	int y = ui_content_top(), lw = (COLS - 2) * 2 / 5, vw = (COLS - 2 - lw - 2) / 2, xa, xb;
	int h, cy = y, last = LINES - 6;
	char buf[512], w1[64], w2[64];
	static const struct keyhelp keys[] = {
		{ "Enter", "决定用哪一份" }, { "F4", "全部项目/只看不同" }, { "Esc", "返回" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};

	xa = 1 + lw + 1;
	xb = xa + vw + 1;
	erase();
	snprintf(buf, sizeof(buf), "待处理 > %s · %s %s", c->unit, c->form->attachment,
		 c->form->name);
	draw_header(buf, NULL);
	draw_str(stdscr, y++, 1, c->edited ? "同一提交编号、同一修订号，内容却不同（文件导出后被改过）："
					   : "收到了提交编号不同的两份（可能在两台电脑上填写，或重装过程序）：",
		 COLS - 2, UA_BOLD);
	dist_when(c->cur_received, w1, sizeof(w1));
	dist_when(c->new_received, w2, sizeof(w2));
	draw_str(stdscr, y, xa, "原有的", vw, UA_BOLD);
	draw_str(stdscr, y++, xb, "新收到的", vw, UA_BOLD);
	draw_str(stdscr, y, 1, "文件", lw, UA_DIM);
	draw_value(y, xa, c->cur_file != NULL ? c->cur_file : "区里代填", vw, UA_NORMAL);
	draw_value(y++, xb, c->new_file, vw, UA_NORMAL);
	draw_str(stdscr, y, 1, "修订号、收到时间", lw, UA_DIM);
	snprintf(buf, sizeof(buf), "修订 %ld，%s", c->cur_revision, w1);
	draw_value(y, xa, buf, vw, UA_NORMAL);
	snprintf(buf, sizeof(buf), "修订 %ld，%s", c->new_revision, w2);
	draw_value(y++, xb, buf, vw, UA_NORMAL);
	if (cm->every)
		snprintf(buf, sizeof(buf), "全部 %d 项（* 为不同之处，共 %d 处）：", cm->nrows,
			 cm->ndiff);
	else
		snprintf(buf, sizeof(buf), "不同之处（%d 处）：", cm->nrows);
	draw_str(stdscr, ++y, 1, buf, COLS - 2, UA_BOLD);
	y++;
	if (cm->nrows == 0)
		draw_str(stdscr, y, 2, "两份的内容完全相同，只是编号不同：保留哪一份都一样。", COLS - 4,
			 UA_NORMAL);
	h = last - y;
	if (h < 1)
		h = 1;
	if (cm->sel < cm->top)
		cm->top = cm->sel;
	if (cm->sel >= cm->top + h)
		cm->top = cm->sel - h + 1;
	for (int i = cm->top; i < cm->nrows && i < cm->top + h; i++, y++) {
		const struct crow *r = &cm->rows[i];
		int sel = i == cm->sel;
		enum ui_attr at = r->differs ? UA_BOLD : UA_NORMAL;

		if (sel) {
			draw_fill(stdscr, y, 0, COLS - 1, ' ', UA_SEL);
			at = UA_SEL;
			cy = y;
		}
		draw_str(stdscr, y, 0, cm->every && r->differs ? "*" : " ", 1, at);
		draw_value(y, 1, r->label, lw, sel ? UA_SEL : UA_NORMAL);
		draw_value(y, xa, r->a, vw, at);
		draw_value(y, xb, r->b, vw, at);
	}
	if (cm->sel < cm->nrows) {
		const struct crow *r = &cm->rows[cm->sel];

		snprintf(buf, sizeof(buf), "原有的：%s", r->a != NULL ? r->a : "（空）");
		draw_str(stdscr, LINES - 5, 1, buf, COLS - 2, UA_NORMAL);
		snprintf(buf, sizeof(buf), "新收到：%s", r->b != NULL ? r->b : "（空）");
		draw_str(stdscr, LINES - 4, 1, buf, COLS - 2, UA_NORMAL);
	}
	draw_str(stdscr, LINES - 3, 1, "决定之前，这张表不计入汇总。按 Enter 决定用哪一份（另一份留作记录，"
				       "不删除）。", COLS - 2, UA_DIM);
	draw_message(a, NULL);
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, 1);
	wnoutrefresh(stdscr);
}

/* The decision: keep the copy that counts now, or use the new one; logged. */
static void compare_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct compare *cm = ctx;
	char *line = NULL, *cause = NULL;

	if (ans->value != 0 && ans->value != 1) {
		ui_msg(a, MSG_INFO, "还没有决定，两份都留着");
		return;
	}
	if (district_resolve(a->args->store, dist_year(a), cm->c->unit, cm->c->form,
			     ans->value == 1, &line, &cause) != 0) {
		dist_failed(a, cause);
		return;
	}
	ui_msg(a, MSG_OK, "%s已记入处理记录。", line);
	a->msg_sticky = 1;
	free(line);
	ui_close(a, NULL);
}

/* Scrolling the table, every field or what differs, the decision. */
static void compare_key(struct app *a, void *st, const struct ui_event *e)
{
	struct compare *cm = st;
	int page = LINES - 16 > 1 ? LINES - 16 : 1;

	switch (ev_key(e)) {
	case KEY_UP:
		if (cm->sel > 0)
			cm->sel--;
		return;
	case KEY_DOWN:
		if (cm->sel < cm->nrows - 1)
			cm->sel++;
		return;
	case KEY_PPAGE:
		cm->sel = cm->sel > page ? cm->sel - page : 0;
		return;
	case KEY_NPAGE:
		cm->sel = cm->sel + page < cm->nrows ? cm->sel + page
						     : (cm->nrows > 0 ? cm->nrows - 1 : 0);
		return;
	case KEY_HOME:
		cm->sel = 0;
		return;
	case KEY_END:
		cm->sel = cm->nrows > 0 ? cm->nrows - 1 : 0;
		return;
	case KEY_F(4):
		cm->every = !cm->every;
		cm->sel = cm->top = 0;
		compare_rows(cm);
		return;
	case KEY_ENTER: {
		char w1[64], w2[64];

		dist_when(cm->c->cur_received, w1, sizeof(w1));
		dist_when(cm->c->new_received, w2, sizeof(w2));
		free(cm->opts[0]);
		free(cm->opts[1]);
		cm->opts[0] = xasprintf("保留原有的（%s，修订 %ld）",
					cm->c->cur_file != NULL ? cm->c->cur_file : "区里代填",
					cm->c->cur_revision);
		cm->opts[1] = xasprintf("改用新收到的（%s，修订 %ld）",
					cm->c->new_file != NULL ? cm->c->new_file : "-",
					cm->c->new_revision);
		ui_pick(a, "用哪一份？", cm->opts, 2, 0, compare_answer, cm);
		return;
	}
	case UK_ESC:
		ui_close(a, NULL);
		return;
	default:
		if (ev_printable(e))
			ui_msg(a, MSG_INFO, "按 Enter 决定用哪一份，Esc 返回");
		return;
	}
}

/* The conflict of args.text's form args.fi, read with both copies' values. */
static void *compare_open(struct app *a, const struct screen_args *args)
{
	struct compare *cm = xcalloc(1, sizeof(*cm));
	char *cause = NULL;

	if (district_conflicts(a->args->store, dist_year(a), a->forms, a->nforms, &cm->all,
			       &cm->nall, &cause) != 0) {
		dist_failed(a, cause);
		free(cm);
		return NULL;
	}
	for (int i = 0; i < cm->nall && cm->c == NULL; i++)
		if (args->text != NULL && strcmp(cm->all[i].unit, args->text) == 0 &&
		    args->fi >= 0 && cm->all[i].form == a->forms[args->fi])
			cm->c = &cm->all[i];
	if (cm->c == NULL) {
		ui_msg(a, MSG_INFO, "这个冲突已经处理过了");
		district_conflicts_free(cm->all, cm->nall);
		free(cm);
		return NULL;
	}
	compare_rows(cm);
	return cm;
}

/* Both copies' values go with the screen. */
static void compare_close(struct app *a, void *st, int ending)
{
	struct compare *cm = st;

	(void)a;
	(void)ending;
	for (int i = 0; i < cm->nrows; i++)
		free(cm->rows[i].label);
	free(cm->rows);
	free(cm->opts[0]);
	free(cm->opts[1]);
	district_conflicts_free(cm->all, cm->nall);
	free(cm);
}

const struct screen_ops compare_screen = {
	.name = "compare",
	.open = compare_open,
	.draw = compare_draw,
	.key = compare_key,
	.close = compare_close,
};
