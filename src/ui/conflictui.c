/*
 * conflictui.c - 待处理, what the district must decide before a form counts (contract in
 * ui.h and district.h): the conflicts (two different copies of one unit's form: Enter
 * compares them field by field, compareui.c, and keeps one), and the files held because
 * the unit name in them is not on the roster (Enter: it is a roster unit written another
 * way - an alias, set once for every later file - or a new unit to add to the roster;
 * either way the held files are then imported by themselves). Under them, the latest
 * decisions of the log.
 *
 * Opened with args.text: the held name to select.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

/* A name not on the roster and the files it sent. */
struct heldname {
	char *name;
	int nfiles;
	char forms[128];	/* 附件1、附件3 */
};

struct pending {
	struct district_conflict *c;
	int nc;
	struct heldname *h;
	int nh;
	struct district_decision *d;
	int nd;
	struct district_member *roster;
	int nroster;
	int sel;
	char *want;		/* a held name to select once read */
	/* the pick list for a held name: roster units, suggested first, then "add" */
	char **opts;
	int nopts;
	char **optunit;		/* the roster unit of each option, NULL for "add" */
};

/* What the pick list holds. */
static void opts_free(struct pending *p)
{
	for (int i = 0; i < p->nopts; i++)
		free(p->opts[i]);
	free(p->opts);
	free(p->optunit);
	p->opts = NULL;
	p->optunit = NULL;
	p->nopts = 0;
}

/* Everything read from the store. */
static void pending_unload(struct pending *p)
{
	district_conflicts_free(p->c, p->nc);
	for (int i = 0; i < p->nh; i++)
		free(p->h[i].name);
	free(p->h);
	district_decisions_free(p->d, p->nd);
	district_members_free(p->roster, p->nroster);
	p->c = NULL;
	p->h = NULL;
	p->d = NULL;
	p->roster = NULL;
	p->nc = p->nh = p->nd = p->nroster = 0;
}

/* Read what is pending, grouping the held files by name. */
static void pending_load(struct app *a, struct pending *p)
{
	struct district_held *h = NULL;
	char *cause = NULL;
	int n = 0;

	pending_unload(p);
	if (district_conflicts(a->args->store, dist_year(a), a->forms, a->nforms, &p->c, &p->nc,
			       &cause) != 0) {
		dist_failed(a, cause);
		cause = NULL;
		p->c = NULL;
		p->nc = 0;
	}
	if (district_held_files(a->args->store, &h, &n, &cause) != 0) {
		dist_failed(a, cause);
		cause = NULL;
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		const char *name = h[i].unit_name != NULL ? h[i].unit_name : "（没有填写单位）";
		const struct form *f = dist_form(a, h[i].form_id);
		int j;

		for (j = 0; j < p->nh && strcmp(p->h[j].name, name) != 0; j++)
			;
		if (j == p->nh) {
			p->h = xreallocarray(p->h, (size_t)p->nh + 1, sizeof(*p->h));
			memset(&p->h[j], 0, sizeof(p->h[j]));
			p->h[j].name = xstrdup(name);
			p->nh++;
		}
		p->h[j].nfiles++;
		if (f != NULL && strstr(p->h[j].forms, f->attachment) == NULL &&
		    strlen(p->h[j].forms) + strlen(f->attachment) + 4 < sizeof(p->h[j].forms)) {
			if (p->h[j].forms[0] != '\0')
				strcat(p->h[j].forms, "、");
			strcat(p->h[j].forms, f->attachment);
		}
	}
	district_held_free(h, n);
	if (district_decisions(a->args->store, &p->d, &p->nd, &cause) != 0) {
		free(cause);
		cause = NULL;
		p->d = NULL;
		p->nd = 0;
	}
	if (district_roster(a->args->store, dist_year(a), &p->roster, &p->nroster, &cause) != 0) {
		dist_failed(a, cause);
		p->roster = NULL;
		p->nroster = 0;
	}
	if (p->want != NULL) {
		for (int i = 0; i < p->nh; i++)
			if (strcmp(p->h[i].name, p->want) == 0)
				p->sel = p->nc + i;
		free(p->want);
		p->want = NULL;
	}
	if (p->sel >= p->nc + p->nh)
		p->sel = p->nc + p->nh > 0 ? p->nc + p->nh - 1 : 0;
}

/* One line of the list for item i. */
static void item_line(const struct pending *p, int i, char *out, size_t cap)
{
	if (i < p->nc) {
		const struct district_conflict *c = &p->c[i];

		snprintf(out, cap, "%s · %s %s：%s", c->unit, c->form->attachment, c->form->name,
			 c->edited ? "同一版本的表内容不同（导出后被改过）" : "收到了两份不同的表");
		return;
	}
	{
		const struct heldname *h = &p->h[i - p->nc];

		snprintf(out, cap, "“%s”不在名单中：%d 个文件（%s）", h->name, h->nfiles,
			 h->forms[0] != '\0' ? h->forms : "表");
	}
}

/* A decision of the log in words: what was done, then its detail. */
static const char *action_words(const char *action)
{
	static const char *const words[][2] = {
		{ "roster-add", "加入名单" }, { "roster-remove", "移出名单" },
		{ "roster-move", "调整名单顺序" }, { "alias", "设别名" },
		{ "keep-new", "处理冲突" }, { "keep-current", "处理冲突" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(action, words[i][0]) == 0)
			return words[i][1];
	return action;
}

/* The list, what Enter does with the selected item, the latest decisions. */
static void pending_draw(struct app *a, void *st)
{
	struct pending *p = st;
	int y = dist_top(), n = p->nc + p->nh, cy = y, h, top;
	char buf[1024];
	static const struct keyhelp keys[] = {
		{ "Enter", "处理" }, { "Esc", "返回" }, { "1-7", "换页" }, { "F1", "帮助" },
		{ "F10", "退出" },
	};

	erase();
	dist_draw_top(a, DP_PENDING, NULL);
	if (n == 0) {
		draw_str(stdscr, ++y, 2, "没有待处理的事项：没有冲突，收到的文件也都对上了名单上的单位。",
			 COLS - 4, UA_OK);
		y += 2;
	} else {
		snprintf(buf, sizeof(buf), "待处理 %d 项。处理之前，这些表都不计入汇总：", n);
		draw_str(stdscr, y++, 1, buf, COLS - 2, UA_BOLD);
		h = LINES - 11 - (p->nd > 0 ? 1 : 0);
		if (h < 1)
			h = 1;
		top = p->sel - h + 1 > 0 ? p->sel - h + 1 : 0;
		for (int i = top; i < n && i < top + h; i++, y++) {
			int sel = i == p->sel;

			item_line(p, i, buf, sizeof(buf));
			if (sel) {
				draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
				cy = y;
			}
			draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
			draw_str(stdscr, y, 3, buf, COLS - 4, sel ? UA_SEL : UA_NORMAL);
		}
		y++;
		if (p->sel < p->nc) {
			const struct district_conflict *c = &p->c[p->sel];
			char w1[64], w2[64];

			dist_when(c->cur_received, w1, sizeof(w1));
			dist_when(c->new_received, w2, sizeof(w2));
			/* the time before the file's name, which may be cut */
			snprintf(buf, sizeof(buf), "原有的：修订 %ld，%s%s，%s", c->cur_revision, w1,
				 c->cur_file != NULL ? " 收到" : "", c->cur_file != NULL ? c->cur_file : "区里代填");
			dist_draw_cut(y++, 2, buf, COLS - 4, UA_NORMAL);
			snprintf(buf, sizeof(buf), "新收到：修订 %ld，%s 收到，%s", c->new_revision, w2,
				 c->new_file != NULL ? c->new_file : "-");
			dist_draw_cut(y++, 2, buf, COLS - 4, UA_NORMAL);
			draw_str(stdscr, y++, 2, "按 Enter 逐项比较两份，再决定用哪一份。", COLS - 4,
				 UA_DIM);
		} else {
			draw_str(stdscr, y++, 2, "它可能是名单上某个单位的另一种写法，也可能是新单位。",
				 COLS - 4, UA_NORMAL);
			draw_str(stdscr, y++, 2, "按 Enter 选择：设为名单上某个单位的别名，或加入名单；",
				 COLS - 4, UA_DIM);
			draw_str(stdscr, y++, 2, "设好后这些文件会自动导入，以后的文件也都认得。", COLS - 4,
				 UA_DIM);
		}
	}
	if (p->nd > 0 && y < LINES - 3) {
		draw_str(stdscr, y++, 1, "最近的处理记录：", COLS - 2, UA_BOLD);
		for (int i = p->nd - 1; i >= 0 && y < LINES - 2; y++) {
			char when[64], other[64];
			struct strbuf sb = STRBUF_INIT;
			int k = i;

			/* a roster imported is one line, not twenty: the same action in the same
			 * minute, newest first */
			dist_when(p->d[i].at, when, sizeof(when));
			while (k > 0 && strcmp(p->d[k - 1].action, p->d[i].action) == 0 &&
			       str_starts(p->d[i].action, "roster-")) {
				dist_when(p->d[k - 1].at, other, sizeof(other));
				if (strcmp(other, when) != 0)
					break;
				k--;
			}
			if (i > k)
				strbuf_addf(&sb, "%s  %s %d 个：", when, action_words(p->d[i].action),
					    i - k + 1);
			else
				strbuf_addf(&sb, "%s  %s：", when, action_words(p->d[i].action));
			for (int j = k; j <= i; j++)	/* in the order they were made */
				strbuf_addf(&sb, "%s%s", j > k ? "、" : "", p->d[j].detail);
			dist_draw_cut(y, 2, strbuf_str(&sb), COLS - 3, UA_NORMAL);
			strbuf_free(&sb);
			i = k - 1;
		}
	}
	draw_message(a, n > 0 ? "上下键选择，按 Enter 处理" : "按 1 看谁已报、谁未报");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, 1);
	wnoutrefresh(stdscr);
}

/* Back from the comparison: it may be settled. */
static void pending_back(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ans;
	pending_load(a, ctx);
}

/* What a roster change did with the held files. */
static void applied_msg(struct app *a, const char *done, struct district_applied *ap, int n)
{
	if (n > 0)
		ui_msg(a, MSG_OK, "%s；暂存的 %d 个文件已导入，按 1 到收件页查看", done, n);
	else
		ui_msg(a, MSG_OK, "%s", done);
	a->msg_sticky = 1;
	district_applied_free(ap, n);
}

/* The answer to the pick list of a held name: alias, or a new roster unit. */
static void pending_pick_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct pending *p = ctx;
	struct district_applied *ap = NULL;
	char *cause = NULL, *done, *name;
	int nap = 0, i = ans->value;

	if (i < 0 || i >= p->nopts || p->sel < p->nc || p->sel >= p->nc + p->nh) {
		opts_free(p);
		return;
	}
	name = xstrdup(p->h[p->sel - p->nc].name);
	if (p->optunit[i] != NULL) {
		if (district_alias(a->args->store, dist_year(a), name, p->optunit[i], a->forms,
				   a->nforms, &ap, &nap, &cause) != 0) {
			dist_failed(a, cause);
		} else {
			done = xasprintf("已设别名：文件里的“%s”今后都算作“%s”", name, p->optunit[i]);
			applied_msg(a, done, ap, nap);
			free(done);
		}
	} else {
		char *notes = NULL;

		if (district_roster_add(a->args->store, dist_year(a), &name, 1, a->forms, a->nforms,
					&notes, &ap, &nap, &cause) != 0) {
			dist_failed(a, cause);
		} else {
			done = xasprintf("已把“%s”加入名单（第 %d 个）", name, p->nroster + 1);
			applied_msg(a, done, ap, nap);
			free(done);
		}
		free(notes);
	}
	free(name);
	opts_free(p);
	pending_load(a, p);
}

/* Does a held name look like this roster unit (one contains the other)? */
static int looks_like(const char *held, const char *unit)
{
	return strstr(held, unit) != NULL || strstr(unit, held) != NULL;
}

/* Enter on a held name: the roster units (those that look like it first) and "add". */
static void pending_pick(struct app *a, struct pending *p)
{
	const char *name = p->h[p->sel - p->nc].name;
	int n = 0;

	opts_free(p);
	p->opts = xcalloc((size_t)p->nroster + 1, sizeof(*p->opts));
	p->optunit = xcalloc((size_t)p->nroster + 1, sizeof(*p->optunit));
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < p->nroster; i++) {
			const char *u = p->roster[i].name;

			if (looks_like(name, u) != (pass == 0))
				continue;
			p->opts[n] = xasprintf("就是名单上的“%s”（设为别名）", u);
			p->optunit[n++] = (char *)u;
		}
	p->opts[n] = xasprintf("是名单上还没有的单位：把“%s”加入名单", name);
	p->optunit[n++] = NULL;
	p->nopts = n;
	ui_pick(a, "“不在名单中”的单位", p->opts, p->nopts, 0, pending_pick_answer, p);
}

/* Choosing an item and settling it. */
static void pending_key(struct app *a, void *st, const struct ui_event *e)
{
	struct pending *p = st;
	int n = p->nc + p->nh;

	switch (ev_key(e)) {
	case KEY_UP:
		if (p->sel > 0)
			p->sel--;
		return;
	case KEY_DOWN:
		if (p->sel < n - 1)
			p->sel++;
		return;
	case KEY_HOME:
		p->sel = 0;
		return;
	case KEY_END:
		p->sel = n > 0 ? n - 1 : 0;
		return;
	case KEY_ENTER:
		if (p->sel < p->nc) {
			struct screen_args args = ui_args(-1);

			for (int i = 0; i < a->nforms; i++)
				if (a->forms[i] == p->c[p->sel].form)
					args.fi = i;
			args.text = p->c[p->sel].unit;
			ui_open(a, SCR_COMPARE, &args, pending_back, p);
		} else if (p->sel < n) {
			pending_pick(a, p);
		}
		return;
	case UK_ESC:
		dist_open(a, DP_INBOX);
		return;
	default:
		break;
	}
	if (dist_page_key(a, e))
		return;
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "上下键选择，按 Enter 处理");
}

/* Opened on the first item, or on args.text's held name. */
static void *pending_open(struct app *a, const struct screen_args *args)
{
	struct pending *p = xcalloc(1, sizeof(*p));

	p->want = args->text != NULL ? xstrdup(args->text) : NULL;
	pending_load(a, p);
	return p;
}

/* Everything read goes with the page. */
static void pending_close(struct app *a, void *st, int ending)
{
	struct pending *p = st;

	(void)a;
	(void)ending;
	opts_free(p);
	pending_unload(p);
	free(p->want);
	free(p);
}

const struct screen_ops pending_screen = {
	.name = "pending",
	.open = pending_open,
	.draw = pending_draw,
	.key = pending_key,
	.close = pending_close,
};
