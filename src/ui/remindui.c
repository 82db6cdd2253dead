/*
 * remindui.c - 催报, the reminder texts for the units that have not reported (contract in
 * ui.h and district.h): one message a unit and form, exactly as `tianbiao remind` writes
 * them (remind.h: unit, liaison and phone, form, due date, where to send), for all forms
 * or one (left and right keys). They are shown wrapped, to be selected with the mouse and
 * pasted into WeChat or an SMS; F5 writes them, one a line, to a text file in the outbox
 * (the same file name as the command's), which is easier to copy from. Nothing is sent.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/export.h"
#include "../core/fileio.h"
#include "../core/remind.h"
#include "../core/text.h"

struct remind {
	struct form **forms;
	int nforms;
	int which;		/* -1: every form, else one of forms */
	char **msgs;		/* one reminder each, with its "\n" */
	int nmsgs;
	int nheld;		/* files held for names not on the roster */
	int sel, top;
	int units;		/* roster units */
};

/* The messages of the last reading. */
static void msgs_free(struct remind *r)
{
	for (int i = 0; i < r->nmsgs; i++)
		free(r->msgs[i]);
	free(r->msgs);
	r->msgs = NULL;
	r->nmsgs = 0;
}

/* One message for each roster unit and form (of those asked for) not reported. */
static void remind_load(struct app *a, struct remind *r)
{
	struct form **fs = r->which >= 0 ? &r->forms[r->which] : r->forms;
	int nf = r->which >= 0 ? 1 : r->nforms, n = 0;
	struct district_unit *u = NULL;
	struct district_held *h = NULL;
	struct remind_contact_fields cf;
	char *cause = NULL, today[11];

	msgs_free(r);
	dist_today(today);
	remind_contact_fields(r->forms, r->nforms, &cf);
	if (district_status(a->args->store, dist_year(a), fs, nf, &u, &n, &cause) != 0) {
		dist_failed(a, cause);
		return;
	}
	r->units = n;
	for (int i = 0; i < n; i++) {
		char *who = NULL;
		int read = 0;

		for (int k = 0; k < nf; k++) {
			struct strbuf sb = STRBUF_INIT;

			if (u[i].slots[k].reported)
				continue;
			if (!read && cf.form >= 0) {	/* the unit's liaison, once */
				struct record *rec = record_new(r->forms[cf.form]);

				if (store_load(a->args->store, u[i].name, rec, &cause) == 0)
					who = remind_contact(&cf, rec);
				free(cause);
				cause = NULL;
				record_free(rec);
			}
			if (!read && who == NULL)	/* else the roster's */
				who = dist_roster_contact(a, u[i].name);
			read = 1;
			remind_line(&sb, u[i].name, who, fs[k], today);
			r->msgs = xreallocarray(r->msgs, (size_t)r->nmsgs + 1, sizeof(*r->msgs));
			r->msgs[r->nmsgs++] = strbuf_detach(&sb);
		}
		free(who);
	}
	district_units_free(u, n);
	if (district_held_files(a->args->store, &h, &r->nheld, &cause) == 0)
		district_held_free(h, r->nheld);
	else
		free(cause);
	if (r->sel >= r->nmsgs)
		r->sel = r->nmsgs > 0 ? r->nmsgs - 1 : 0;
}

/* Which forms, how many messages, the messages wrapped, the selected one marked. */
static void remind_draw(struct app *a, void *st)
{
	struct remind *r = st;
	int y = dist_top(), cy = y, last = LINES - 3;
	char buf[512];
	static const struct keyhelp keys[] = {
		{ "←→", "选表" }, { "F5", "写入文件" }, { "Esc", "返回" }, { "1-7", "换页" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};

	erase();
	dist_draw_top(a, DP_REMIND, NULL);
	{
		int x = 1;

		for (int k = -1; k < r->nforms; k++) {
			const char *label = k < 0 ? "全部表" : r->forms[k]->attachment;
			int w = draw_width(label) + 2;

			snprintf(buf, sizeof(buf), " %s ", label);
			draw_str(stdscr, y, x, buf, w, k == r->which ? UA_SEL : UA_NORMAL);
			x += w + 1;
		}
		y++;
	}
	if (r->nmsgs == 0) {
		snprintf(buf, sizeof(buf), r->units == 0 ? "名单还是空的：按 4 到“名单”页添加单位。"
					   : "名单上的单位都已报送%s，不需要催报。",
			 r->which >= 0 ? r->forms[r->which]->attachment : "全部表格");
		draw_str(stdscr, y + 1, 2, buf, COLS - 4, UA_OK);
	} else {
		int top;

		snprintf(buf, sizeof(buf), "%d 条催报消息（用鼠标选中复制到微信或短信；程序不会发送）：",
			 r->nmsgs);
		draw_str(stdscr, y++, 1, buf, COLS - 2, UA_BOLD);
		if (r->nheld > 0) {
			char **w;
			int nw;

			snprintf(buf, sizeof(buf), "注意：还有 %d 个文件因单位名称不在名单中暂存，可能就是下面的"
						   "单位发来的，请先按 3 处理，免得催了已报的单位。", r->nheld);
			nw = text_wrap_r(ui_rule(), buf, COLS - 2, &w);

			for (int i = 0; i < nw && y < last; i++)
				draw_str(stdscr, y++, 1, w[i], COLS - 2, UA_WARN);
			text_lines_free(w, nw);
		}
		y++;
		/* the first message shown keeps the selected one on the screen */
		if (r->sel < r->top)
			r->top = r->sel;
		for (;;) {
			int need = 0;

			for (int i = r->top; i <= r->sel; i++) {
				char **w;
				int nw = text_wrap_r(ui_rule(), r->msgs[i], COLS - 4, &w);

				text_lines_free(w, nw);
				need += nw;
			}
			if (need <= last - y || r->top >= r->sel)
				break;
			r->top++;
		}
		top = r->top;
		for (int i = top; i < r->nmsgs && y < last; i++) {
			char **w;
			int nw = text_wrap_r(ui_rule(), r->msgs[i], COLS - 4, &w);

			for (int j = 0; j < nw && y < last; j++, y++) {
				if (i == r->sel && j == 0)
					cy = y;
				draw_str(stdscr, y, 1, i == r->sel && j == 0 ? ">" : " ", 1, UA_BOLD);
				draw_str(stdscr, y, 3, w[j], COLS - 4, i == r->sel ? UA_BOLD : UA_NORMAL);
			}
			text_lines_free(w, nw);
		}
	}
	draw_message(a, r->nmsgs > 0 ? "上下键逐条查看；F5 写成文本文件（一条一行，便于复制）" : NULL);
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, 1);
	wnoutrefresh(stdscr);
}

/* F5: the messages one a line, in the outbox under the command's file name. */
static void remind_write(struct app *a, struct remind *r)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir, *base, *path, *cause = NULL, today[11];

	if (r->nmsgs == 0) {
		ui_msg(a, MSG_INFO, "没有要催报的单位，不用写文件");
		return;
	}
	for (int i = 0; i < r->nmsgs; i++)
		strbuf_adds(&sb, r->msgs[i]);
	dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	dist_today(today);
	base = xasprintf("催报_%s_%.4s%.2s%.2s", r->which >= 0 ? r->forms[r->which]->attachment : "全部",
			 today, today + 5, today + 8);
	if (fileio_mkdirs(dir, &cause) != 0 ||
	    (path = fileio_free_name(dir, base, "txt", &cause)) == NULL) {
		dist_failed(a, cause);
	} else {
		if (fileio_write_atomic(path, sb.buf, sb.len, 0644, &cause) != 0)
			dist_failed(a, cause);
		else
			ui_msg(a, MSG_OK, "已写入 %s（%d 条，一条一行，可复制到微信或短信）", path,
			       r->nmsgs);
		a->msg_sticky = 1;
		free(path);
	}
	free(base);
	free(dir);
	strbuf_free(&sb);
}

/* Which forms, which message, writing the file. */
static void remind_key(struct app *a, void *st, const struct ui_event *e)
{
	struct remind *r = st;

	switch (ev_key(e)) {
	case KEY_UP:
		if (r->sel > 0)
			r->sel--;
		return;
	case KEY_DOWN:
		if (r->sel < r->nmsgs - 1)
			r->sel++;
		return;
	case KEY_PPAGE:
		r->sel = r->sel > 5 ? r->sel - 5 : 0;
		return;
	case KEY_NPAGE:
		r->sel = r->sel + 5 < r->nmsgs ? r->sel + 5 : (r->nmsgs > 0 ? r->nmsgs - 1 : 0);
		return;
	case KEY_HOME:
		r->sel = 0;
		return;
	case KEY_END:
		r->sel = r->nmsgs > 0 ? r->nmsgs - 1 : 0;
		return;
	case KEY_LEFT:
		if (r->which >= 0) {
			r->which--;
			r->sel = r->top = 0;
			remind_load(a, r);
		}
		return;
	case KEY_RIGHT:
	case UK_TAB:
		if (r->which < r->nforms - 1) {
			r->which++;
			r->sel = r->top = 0;
			remind_load(a, r);
		}
		return;
	case KEY_F(5):
	case KEY_F(6):
		remind_write(a, r);
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
		ui_msg(a, MSG_INFO, "左右键选表，F5 写成文本文件");
}

/* Every form's reminders first. */
static void *remind_open(struct app *a, const struct screen_args *args)
{
	struct remind *r = xcalloc(1, sizeof(*r));

	(void)args;
	r->nforms = dist_forms(a, &r->forms);
	r->which = -1;
	remind_load(a, r);
	return r;
}

/* The messages go with the page. */
static void remind_close(struct app *a, void *st, int ending)
{
	struct remind *r = st;

	(void)a;
	(void)ending;
	msgs_free(r);
	free(r->forms);
	free(r);
}

const struct screen_ops remind_screen = {
	.name = "remind",
	.open = remind_open,
	.draw = remind_draw,
	.key = remind_key,
	.close = remind_close,
};
