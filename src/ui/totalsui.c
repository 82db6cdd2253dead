/*
 * totalsui.c - 汇总, the totals of one form and the units behind every figure (contract in
 * ui.h and district.h). The totals are the core's (totals.h) on the store's one-pass read
 * (district_totals.h); nothing is added up here.
 *
 * The page shows what the totals cover (汇总 45/60 个单位；未报：…), then every figure
 * of the form, scrollable; Enter on a figure lists the units behind it in roster order -
 * who gave what, who left it blank, and who was not counted (有冲突, 未报) - with the
 * count that makes the figure, so that it can be checked by hand. Left and right choose
 * the form. The totals are read when the page opens and when another form is chosen.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/export.h"
#include "../store/store.h"
#include "../core/text.h"
#include "../core/totals.h"
#include "../store/district_totals.h"

struct totalspage {
	struct form **forms;
	int nforms, which;
	struct totals *t;
	char sent[300];		/* the report's state: 已上报（…） / 上报后又有变化 / 还没有上报 */
	int *items;		/* the fields shown, in form order */
	int nitems;
	int sel, top;
	/* Enter on a figure: its units */
	int detail;		/* the field, or -1 */
	struct totals_source *src;
	char **nottaken;	/* [nsrc] what the file held when its value was not taken, or NULL */
	int nsrc, dsel, dtop;
};

/* Forget the units of a figure. */
static void detail_free(struct totalspage *p)
{
	for (int i = 0; p->nottaken != NULL && i < p->nsrc; i++)
		free(p->nottaken[i]);
	free(p->nottaken);
	free(p->src);
	p->nottaken = NULL;
	p->src = NULL;
	p->nsrc = 0;
}

/* The district's own copy of form f (its 联系人, 电话 …), or NULL. */
static const struct record *own_record(struct app *a, const struct form *f)
{
	for (int i = 0; i < a->nforms; i++)
		if (a->forms[i] == f && data_record(a, i) != NULL && data_record(a, i)->uuid != NULL)
			return data_record(a, i);
	return NULL;
}

/* Has the district sent these totals up? Its report as it would be now, against the one
 * the store keeps and the export recorded of it (as a unit's 已导出). */
static void report_state(struct app *a, struct totalspage *p)
{
	char *notes = NULL, *cause = NULL, *summary;
	struct record *rep;
	struct store_export es;
	long rev = 0;
	int same = 0;

	memset(&es, 0, sizeof es);
	p->sent[0] = '\0';
	if (p->t == NULL || a->unit == NULL)
		return;
	rep = totals_report(p->t, own_record(a, p->t->form), &notes, &cause);
	if (rep == NULL) {
		snprintf(p->sent, sizeof(p->sent), "不能上报：%s", cause);
		dist_cut_whole(p->sent);
		free(cause);
		return;
	}
	summary = totals_summary(p->t);
	if (district_report_state(a->args->store, a->unit, rep, summary, &rev, &same, &cause) != 0 ||
	    (rev > 0 && store_export_state(a->args->store, a->unit, p->t->form, rev, &es, &cause) != 0)) {
		free(cause);
		rev = 0;
	}
	if (rev == 0 || !es.exported) {
		snprintf(p->sent, sizeof(p->sent), "还没有上报：按 F7 写出本区的上报表");
	} else if (same && es.revision == rev) {
		struct tm tm;

		date_local(es.at, &tm);
		snprintf(p->sent, sizeof(p->sent), "已上报（%d月%d日 %02d:%02d，第 %ld 版）", tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, rev);
	} else {
		snprintf(p->sent, sizeof(p->sent), "上报后又有变化，请按 F7 重新上报");
	}
	record_free(rep);
	free(summary);
	free(notes);
}

/* The totals of the chosen form, read again. */
static void totals_load(struct app *a, struct totalspage *p)
{
	const struct form *f;
	char *cause = NULL;

	totals_free(p->t);
	p->t = NULL;
	free(p->items);
	p->items = NULL;
	p->nitems = 0;
	if (p->nforms == 0)
		return;
	f = p->forms[p->which];
	if (district_totals(a->args->store, dist_year(a), f, a->unit, &p->t, &cause) != 0) {
		dist_failed(a, cause);
		p->t = NULL;
		return;
	}
	/* what the district itself fills in (填报单位, 联系人) is not a figure of the units,
	 * except on a form that is only that (the liaison directory) */
	p->items = xcalloc((size_t)(f->nfields > 0 ? f->nfields : 1), sizeof(*p->items));
	for (int i = 0; i < f->nfields; i++)
		if (p->t->shape != TSH_FORM || totals_kind_of(f, i) != TK_OWN)
			p->items[p->nitems++] = i;
	if (p->sel >= p->nitems)
		p->sel = p->nitems > 0 ? p->nitems - 1 : 0;
	report_state(a, p);
}

/* The units behind the figure of field; a blank that is a value the import did not take
 * (a hard problem of the unit's copy) says what the file held, so a hand count from the
 * units' files agrees with the page. */
static void detail_open(struct app *a, struct totalspage *p, int field)
{
	const struct form *f = p->t->form;

	detail_free(p);
	p->detail = field;
	p->nsrc = totals_sources(p->t, field, &p->src);
	p->nottaken = xcalloc((size_t)(p->nsrc > 0 ? p->nsrc : 1), sizeof(*p->nottaken));
	p->dsel = p->dtop = 0;
	for (int i = 0; i < p->nsrc; i++) {
		const struct totals_source *ts = &p->src[i];
		struct district_problem *pr = NULL;
		char *cause = NULL;
		int n = 0;

		if (ts->state != TS_REPORTED || ts->value != NULL || p->t->units[ts->unit].nhard == 0)
			continue;
		if (district_problems(a->args->store, dist_year(a), p->t->units[ts->unit].name, f->id,
				      &pr, &n, &cause) != 0) {
			free(cause);
			continue;
		}
		for (int k = 0; k < n && p->nottaken[i] == NULL; k++)
			if (pr[k].level == 'h' && pr[k].field != NULL &&
			    strcmp(pr[k].field, f->fields[field].id) == 0 &&
			    (ts->row < 0 || pr[k].row == ts->row))
				p->nottaken[i] = xstrdup(pr[k].found != NULL ? pr[k].found : "");
		district_problems_free(pr, n);
	}
}

/* Draw wrapped text from row y, at most max rows; returns the rows used. */
static int draw_wrapped(int y, int x, const char *s, int cols, int max, enum ui_attr at)
{
	char **w;
	int n = text_wrap_r(ui_rule(), s, cols, &w), i;

	for (i = 0; i < n && i < max; i++)
		draw_str(stdscr, y + i, x, w[i], cols, at);
	text_lines_free(w, n);
	return i;
}

/* The form tabs under the page's tab bar. */
static void draw_form_tabs(struct totalspage *p, int y)
{
	int x = 1;

	for (int k = 0; k < p->nforms; k++) {
		char buf[64];
		int w;

		snprintf(buf, sizeof(buf), " %s %s ", p->forms[k]->attachment, p->forms[k]->name);
		w = draw_width(buf);
		if (x + w > COLS - 1) {
			snprintf(buf, sizeof(buf), " %s ", p->forms[k]->attachment);
			w = draw_width(buf);
		}
		draw_str(stdscr, y, x, buf, w, k == p->which ? UA_SEL : UA_NORMAL);
		x += w + 1;
	}
}

/* One value in the list of units: （未填） for a blank. */
static const char *shown(const char *v)
{
	return v != NULL ? v : "（未填）";
}

/* The units behind one figure, and how they make it; returns the cursor's row. */
static int detail_draw(struct totalspage *p, int y)
{
	const struct form *f = p->t->form;
	const struct form_field *fld = &f->fields[p->detail];
	int last = LINES - 4, h, cy = y, nw = 8, given = 0, blank = 0, notc = 0, bad = 0;
	char buf[1024], *fig = totals_figure(p->t, p->detail, NULL);

	snprintf(buf, sizeof(buf), "%s：%s", fld->label, fig);
	y += draw_wrapped(y, 1, buf, COLS - 2, 2, UA_BOLD);
	free(fig);
	for (int i = 0; i < p->nsrc; i++) {
		const struct totals_source *s = &p->src[i];

		if (s->state != TS_REPORTED)
			notc++;
		else if (s->value != NULL)
			given++;
		else
			blank++;
		bad += p->nottaken[i] != NULL;
		if (draw_width(p->t->units[s->unit].name) > nw)
			nw = draw_width(p->t->units[s->unit].name);
	}
	if (nw > 24)
		nw = 24;
	snprintf(buf, sizeof(buf), "计入的%s：%d %s填了，%d %s未填%s%s", fld->group >= 0 ? "项" : "单位",
		 given, fld->group >= 0 ? "项" : "个", blank, fld->group >= 0 ? "项" : "个",
		 bad > 0 ? "（含没有导入的值）" : "", notc > 0 ? "；最后是没有计入的单位" : "");
	draw_str(stdscr, y++, 1, buf, COLS - 2, UA_NORMAL);
	y++;
	h = last - y;
	if (h < 1)
		h = 1;
	if (p->dsel < p->dtop)
		p->dtop = p->dsel;
	if (p->dsel >= p->dtop + h)
		p->dtop = p->dsel - h + 1;
	for (int i = p->dtop; i < p->nsrc && i < p->dtop + h; i++, y++) {
		const struct totals_source *s = &p->src[i];
		const struct totals_unit *u = &p->t->units[s->unit];
		int sel = i == p->dsel, x = 3 + nw + 2;
		enum ui_attr at = sel ? UA_SEL : s->state == TS_REPORTED ? UA_NORMAL : UA_DIM;

		if (sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			cy = y;
		}
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, at);
		draw_str(stdscr, y, 3, u->name, nw, at);
		if (s->row >= 0) {
			char num[16];

			cnum_format(s->row + 1, num, sizeof(num));
			snprintf(buf, sizeof(buf), "第%s项", num);
			x += draw_str(stdscr, y, x, buf, 10, at) + 1;
		}
		if (s->state == TS_MISSING)
			draw_str(stdscr, y, x, "未报，没有计入", COLS - 1 - x, at);
		else if (s->state == TS_CONFLICT) {
			snprintf(buf, sizeof(buf), "%s（有冲突，没有计入）", shown(s->value));
			draw_str(stdscr, y, x, buf, COLS - 1 - x, at);
		} else if (p->nottaken[i] != NULL) {
			snprintf(buf, sizeof(buf), "（未填：文件里是“%s”，没有导入）", p->nottaken[i]);
			draw_str(stdscr, y, x, buf, COLS - 1 - x, sel ? at : UA_DIM);
		} else {
			char *one = xstrdup(shown(s->value));

			for (char *q = one; *q != '\0'; q++)
				if ((unsigned char)*q < 32)
					*q = ' ';
			draw_str(stdscr, y, x, one, COLS - 1 - x, s->value != NULL || sel ? at : UA_DIM);
			free(one);
		}
	}
	if (p->dsel < p->nsrc && p->src[p->dsel].value != NULL &&
	    draw_width(p->src[p->dsel].value) > COLS - 8 - nw)
		draw_wrapped(LINES - 4, 1, p->src[p->dsel].value, COLS - 2, 1, UA_NORMAL);
	return cy;
}

/* What the totals cover, then every figure; or one figure's units. */
static void totals_draw(struct app *a, void *st)
{
	struct totalspage *p = st;
	int y = dist_top(), cy = y, last = LINES - 5, lw = (COLS - 2) * 2 / 5, h;
	char *s;
	static const struct keyhelp keys[] = {
		{ "Enter", "看各单位" }, { "←→", "选表" }, { "F5", "导出本表" }, { "F6", "导出全部" },
		{ "F7", "上报" }, { "1-7", "换页" }, { "F10", "退出" },
	};
	static const struct keyhelp dkeys[] = {
		{ "Esc", "返回汇总" }, { "上下键", "逐个单位" }, { "F1", "帮助" }, { "F10", "退出" },
	};

	erase();
	dist_draw_top(a, DP_TOTALS, NULL);
	draw_form_tabs(p, y++);
	if (p->t == NULL) {
		draw_str(stdscr, y + 1, 2, "没有可以汇总的表。", COLS - 4, UA_NORMAL);
		draw_message(a, NULL);
		draw_keys(keys + 5, 2);
		wnoutrefresh(stdscr);
		return;
	}
	if (p->detail >= 0) {
		cy = detail_draw(p, y);
		draw_message(a, p->t->fields[p->detail].kind == TK_SUM
					? "计入的单位填的数加起来就是合计；未填的不算 0，也不算进合计"
					: "这是计入的单位各自填的内容；未填的单独算");
		draw_keys(dkeys, (int)(sizeof(dkeys) / sizeof(dkeys[0])));
		move(cy, 1);
		wnoutrefresh(stdscr);
		return;
	}
	s = totals_coverage(p->t);
	y += draw_wrapped(y, 1, s, COLS - 2, 3, UA_BOLD);
	free(s);
	if (p->sent[0] != '\0')
		draw_str(stdscr, y++, 1, p->sent, COLS - 2, UA_DIM);
	y++;
	h = last - y;
	if (h < 1)
		h = 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + h)
		p->top = p->sel - h + 1;
	for (int i = p->top; i < p->nitems && i < p->top + h; i++, y++) {
		const struct form_field *fld = &p->t->form->fields[p->items[i]];
		int sel = i == p->sel;
		char *fig = totals_figure(p->t, p->items[i], "；");

		for (char *q = fig; *q != '\0'; q++)
			if ((unsigned char)*q < 32)
				*q = ' ';
		if (sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			cy = y;
		}
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, fld->label, lw - 3, sel ? UA_SEL : UA_NORMAL);
		if (draw_width(fig) > COLS - 2 - lw - 1) {
			int w = draw_str(stdscr, y, lw + 1, fig, COLS - 2 - lw - 3,
					 sel ? UA_SEL : UA_BOLD);

			draw_str(stdscr, y, lw + 1 + w, "..", 2, sel ? UA_SEL : UA_DIM);
		} else {
			draw_str(stdscr, y, lw + 1, fig, COLS - 2 - lw - 1, sel ? UA_SEL : UA_BOLD);
		}
		free(fig);
	}
	if (p->sel < p->nitems) {
		/* the selected figure whole, with its whole label: the list cuts both */
		char *fig = totals_figure(p->t, p->items[p->sel], "；");
		const char *label = p->t->form->fields[p->items[p->sel]].label;
		char *line = xasprintf("%s%s%s", label, str_ends(label, "：") ? "" : "：", fig);

		draw_wrapped(LINES - 5, 1, line, COLS - 2, 3, UA_NORMAL);
		free(line);
		free(fig);
	}
	draw_message(a, "上下键选一项，按 Enter 看它是哪些单位的数加起来的");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, 1);
	wnoutrefresh(stdscr);
}

/* The totals of form t into dir as `tianbiao totals` writes them (totals_files_render),
 * with the district's own 联系人, 电话 … from its own copy; *n counts the files. */
static int export_totals(struct app *a, const struct totals *t, const char *dir, time_t when,
			 int *n, char **cause)
{
	const struct record *own = own_record(a, t->form);
	struct totals_files o;
	int written = 0, rc;

	rc = totals_files_render(t, own, EXPORT_ALL, ENC_UTF8, when, a->unit, &o, cause);
	if (rc == 0)
		rc = totals_files_write(&o, dir, &written, cause);
	*n += written;
	totals_files_free(&o);
	return rc;
}

/* F5 this form's totals, F6 every form's, into the outbox; the message names the files. */
static void totals_export(struct app *a, struct totalspage *p, int all)
{
	char *dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	time_t when = export_now();
	char *cause = NULL;
	int rc = 0, n = 0;

	for (int k = 0; rc == 0 && k < p->nforms; k++) {
		struct totals *t = NULL;

		if (!all && k != p->which)
			continue;
		if (k == p->which && p->t != NULL)
			rc = export_totals(a, p->t, dir, when, &n, &cause);
		else if ((rc = district_totals(a->args->store, dist_year(a), p->forms[k], a->unit, &t,
					       &cause)) == 0)
			rc = export_totals(a, t, dir, when, &n, &cause);
		totals_free(t);
	}
	if (rc != 0)
		ui_msg(a, MSG_ERROR, "没有导出汇总：%s", cause != NULL ? cause : "写文件出错");
	else
		ui_msg(a, MSG_OK, "已导出 %d 个文件到 %s：汇总（.txt、.xlsx，和纸质表一样）、"
				  "汇总表（.csv、.xlsx，各单位一行）", n, dir);
	a->msg_sticky = 1;
	free(cause);
	free(dir);
}

/*
 * F7: the district's report one level up, as `tianbiao totals FORM --report` makes it: kept
 * as the district's own submission (a new revision only when a figure or the summary
 * changed), exported in a unit's format with its 汇总说明 into the outbox, and recorded
 * as exported, so the page says 已上报 until the totals change.
 */
static void totals_report_run(struct app *a, struct totalspage *p)
{
	char *dir, *cause = NULL;
	const struct form *f = p->t->form;
	struct export_opts eo = { .formats = EXPORT_ALL, .enc = ENC_UTF8 };
	struct district_sent d;
	int warned = 0;

	if (a->unit == NULL) {
		ui_msg(a, MSG_ERROR, "还不知道本区的名称：按 7 到本单位的表，在最上面填写本区名称，再上报");
		return;
	}
	dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	/* the same as F5 on the district's own copy and `totals --report` (store_totals.c) */
	if (district_report_send(a->args->store, p->t, a->unit, own_record(a, f), &eo, dir, &d,
				 &cause) != 0) {
		ui_msg(a, MSG_ERROR, "上报表没有写出：%s", cause);
		goto done;
	}
	/* the district's own copy changed: its form list reads it again */
	for (int i = 0; d.changed && i < a->nforms; i++)
		if (a->forms[i] == f)
			data_reload(a, i);
	if (d.notes != NULL) {
		/* each note is a line "LABEL：what"; the labels say enough here */
		struct strbuf lb = STRBUF_INIT;
		int nl = 0;

		for (char *line = d.notes, *next; line != NULL && *line != '\0'; line = next) {
			char *colon = strstr(line, "：");

			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			/* what the totals cover is on the page already */
			if (colon != NULL && !str_starts(line, "上报表只含"))
				strbuf_addf(&lb, "%s%.*s", nl++ ? "、" : "", (int)(colon - line), line);
		}
		warned = nl > 0;
		if (warned)
			ui_msg(a, MSG_WARN, "已写出上报表（第 %ld 版）到 %s；但%s还没有填好：按 7 在本单"
					    "位的表里填写，再按 F7 上报", d.revision, dir, strbuf_str(&lb));
		strbuf_free(&lb);
	}
	if (!warned)
		ui_msg(a, MSG_OK, "已写出本区的上报表（第 %ld 版%s）到 %s：把其中的 .csv 文件发给上级"
				  "（.txt、.xlsx 给人看）", d.revision,
		       d.same ? "，和上次写出的文件一样" : d.changed ? "，汇总有变化" : "", dir);
	district_sent_free(&d);
	report_state(a, p);
done:
	a->msg_sticky = 1;
	free(dir);
	free(cause);
}

/* The figures' keys, and the units' keys when one figure is open. */
static void totals_key(struct app *a, void *st, const struct ui_event *e)
{
	struct totalspage *p = st;
	int k = ev_key(e), page = LINES - 12 > 1 ? LINES - 12 : 1;
	int *sel = p->detail >= 0 ? &p->dsel : &p->sel, n = p->detail >= 0 ? p->nsrc : p->nitems;

	switch (k) {
	case KEY_UP:
		if (*sel > 0)
			(*sel)--;
		return;
	case KEY_DOWN:
		if (*sel < n - 1)
			(*sel)++;
		return;
	case KEY_PPAGE:
		*sel = *sel > page ? *sel - page : 0;
		return;
	case KEY_NPAGE:
		*sel = *sel + page < n ? *sel + page : (n > 0 ? n - 1 : 0);
		return;
	case KEY_HOME:
		*sel = 0;
		return;
	case KEY_END:
		*sel = n > 0 ? n - 1 : 0;
		return;
	case KEY_ENTER:
		if (p->detail < 0 && p->t != NULL && p->sel < p->nitems)
			detail_open(a, p, p->items[p->sel]);
		return;
	case KEY_F(5):
	case KEY_F(6):
		totals_export(a, p, k == KEY_F(6));
		return;
	case KEY_F(7):
		if (p->t != NULL)
			totals_report_run(a, p);
		return;
	case UK_ESC:
		if (p->detail >= 0) {
			p->detail = -1;
			return;
		}
		dist_open(a, DP_INBOX);
		return;
	case KEY_LEFT:
	case KEY_RIGHT:
	case UK_TAB:
		if (p->detail >= 0)
			p->detail = -1;
		if (k == KEY_LEFT ? p->which > 0 : p->which < p->nforms - 1) {
			p->which += k == KEY_LEFT ? -1 : 1;
			p->sel = p->top = 0;
			totals_load(a, p);
		}
		return;
	default:
		break;
	}
	if (dist_page_key(a, e))
		return;
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "上下键选一项，Enter 看各单位，左右键换一张表");
}

/* The page opens on the campaign's first form with counts (or the first form). */
static void *totals_open(struct app *a, const struct screen_args *args)
{
	struct totalspage *p = xcalloc(1, sizeof(*p));

	p->nforms = dist_forms(a, &p->forms);
	p->detail = -1;
	for (int k = p->nforms - 1; k >= 0; k--)
		if (totals_shape_of(p->forms[k]) == TSH_FORM)
			p->which = k;
	if (args->fi >= 0)
		for (int k = 0; k < p->nforms; k++)
			if (p->forms[k] == a->forms[args->fi])
				p->which = k;
	totals_load(a, p);
	return p;
}

/* The totals go with the page. */
static void totals_close(struct app *a, void *st, int ending)
{
	struct totalspage *p = st;

	(void)a;
	(void)ending;
	totals_free(p->t);
	free(p->items);
	detail_free(p);
	free(p->forms);
	free(p);
}

const struct screen_ops totals_screen = {
	.name = "totals",
	.open = totals_open,
	.draw = totals_draw,
	.key = totals_key,
	.close = totals_close,
};
