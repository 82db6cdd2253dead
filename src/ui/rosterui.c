/*
 * rosterui.c - 名单, the units the district expects this year, in its own order (contract
 * in ui.h and district.h): add (F7, several names at once), remove (Del, after asking;
 * what a unit sent stays in the database), move ([ ] as in the activity list), import a
 * roster file (F3: one name a line, or a spreadsheet saved as CSV with a 单位 column), and
 * an alias for a unit (Enter: the name as it is written in the unit's files). Files held
 * for a name are imported as soon as the name is added or aliased, and the message says so.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/fileio.h"
#include "../core/import.h"
#include "../core/remind.h"
#include "../core/text.h"

struct roster {
	struct district_member *m;
	char **contact;		/* per unit: the roster's contact, or NULL */
	int n;
	int sel, top;
};

/* Drop the contacts read with the roster. */
static void contacts_drop(struct roster *r)
{
	for (int i = 0; r->contact != NULL && i < r->n; i++)
		free(r->contact[i]);
	free(r->contact);
	r->contact = NULL;
}

/* "联系人 王五 13800000006" as the roster keeps it, with a doubtful phone said; NULL when
 * none (malloc'd). */
static char *roster_contact(struct app *a, const char *unit)
{
	char *person, *phone, *cause = NULL, msg[256] = "", *out;
	struct strbuf sb = STRBUF_INIT;

	if (district_contact(a->args->store, dist_year(a), unit, &person, &phone, &cause) != 0) {
		free(cause);	/* the page stays usable without the contact */
		return NULL;
	}
	if (person == NULL && phone == NULL)
		return NULL;
	strbuf_adds(&sb, "联系人");
	if (person != NULL)
		strbuf_addf(&sb, " %s", person);
	if (phone != NULL) {
		free(remind_phone_check(phone, msg));
		strbuf_addf(&sb, " %s%s", phone, msg[0] ? "（电话可能有误）" : "");
	}
	out = strbuf_detach(&sb);
	free(person);
	free(phone);
	return out;
}

/* Read the roster again after a change. */
static void roster_load(struct app *a, struct roster *r)
{
	char *cause = NULL;

	contacts_drop(r);
	district_members_free(r->m, r->n);
	r->m = NULL;
	r->n = 0;
	if (district_roster(a->args->store, dist_year(a), &r->m, &r->n, &cause) != 0)
		dist_failed(a, cause);
	r->contact = xcalloc((size_t)r->n + 1, sizeof *r->contact);
	for (int i = 0; i < r->n; i++)
		r->contact[i] = roster_contact(a, r->m[i].name);
	if (r->sel >= r->n)
		r->sel = r->n > 0 ? r->n - 1 : 0;
}

/* One unit a line: its place, its name, the names its files may give. */
static void roster_draw(struct app *a, void *st)
{
	struct roster *r = st;
	int y = dist_top(), h, cy = y, nw = 8, any = 0;
	char buf[1024];
	static const struct keyhelp keys[] = {
		{ "F7", "增加" }, { "F3", "从文件导入" }, { "Del", "删除" }, { "[", "上移" },
		{ "]", "下移" }, { "Enter", "别名" }, { "1-7", "换页" }, { "F10", "退出" },
	};

	erase();
	snprintf(buf, sizeof(buf), "%d年　%d 个单位", dist_year(a), r->n);
	dist_draw_top(a, DP_ROSTER, buf);
	if (r->n == 0) {
		draw_str(stdscr, y + 1, 2, "应报单位的名单还是空的。", COLS - 4, UA_BOLD);
		draw_str(stdscr, y + 3, 2, "按 F7 逐个添加（可以一次输入几个，用顿号或空格隔开）；",
			 COLS - 4, UA_NORMAL);
		draw_str(stdscr, y + 4, 2, "或按 F3 从名单文件导入：一行一个单位的文本文件，或带“单位”",
			 COLS - 4, UA_NORMAL);
		draw_str(stdscr, y + 5, 2, "一列的表格另存的 CSV 文件。名单的顺序就是通知上的顺序。",
			 COLS - 4, UA_NORMAL);
		static const struct keyhelp empty_keys[] = {
			{ "F7", "增加" }, { "F3", "从文件导入" }, { "1-7", "换页" }, { "F1", "帮助" },
			{ "F10", "退出" },
		};

		draw_message(a, "按 F7 添加单位，或按 F3 导入名单文件");
		draw_keys(empty_keys, (int)(sizeof(empty_keys) / sizeof(empty_keys[0])));
		move(y + 1, 2);
		wnoutrefresh(stdscr);
		return;
	}
	for (int i = 0; i < r->n; i++)
		if (draw_width(r->m[i].name) > nw)
			nw = draw_width(r->m[i].name);
	if (nw > 30)
		nw = 30;
	draw_str(stdscr, y, 7, "单位", nw, UA_DIM);
	for (int i = 0; i < r->n && !any; i++)
		any = r->contact[i] != NULL;
	draw_str(stdscr, y++, 7 + nw + 2, any ? "联系人；文件里的其他写法（别名）" :
		 "文件里的其他写法（别名）", COLS - 10 - nw, UA_DIM);
	h = LINES - 3 - y;
	if (r->sel < r->top)
		r->top = r->sel;
	if (r->sel >= r->top + h)
		r->top = r->sel - h + 1;
	for (int i = r->top; i < r->n && i < r->top + h; i++, y++) {
		const struct district_member *m = &r->m[i];
		int sel = i == r->sel, len = 0;

		buf[0] = '\0';
		if (r->contact[i] != NULL)
			len = snprintf(buf, sizeof(buf), "%s%s", r->contact[i], m->naliases ? "　" : "");
		for (int k = 0; k < m->naliases && len >= 0 && (size_t)len < sizeof(buf); k++)
			len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%s", k ? "、" : "",
					m->aliases[k]);
		dist_cut_whole(buf);
		if (sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			cy = y;
		}
		draw_str(stdscr, y, 1, sel ? ">" : " ", 1, sel ? UA_SEL : UA_NORMAL);
		{
			char num[16];

			snprintf(num, sizeof(num), "%4d", m->pos);
			draw_str(stdscr, y, 2, num, 4, sel ? UA_SEL : UA_DIM);
		}
		draw_str(stdscr, y, 7, m->name, nw, sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 7 + nw + 2, buf, COLS - 10 - nw, sel ? UA_SEL : UA_DIM);
	}
	draw_message(a, "F7 增加，Del 删除，[ ] 调整顺序；Enter 给选中的单位加一个别名");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, 1);
	wnoutrefresh(stdscr);
}

/* Names typed on one line: separated by 、，, ; or spaces. */
static int split_names(const char *text, char ***out)
{
	char *copy = xstrdup(text), *p = copy;
	int n = 0;

	*out = NULL;
	while (*p != '\0') {
		char *end = p;
		size_t skip = 0;

		while (*end != '\0') {
			if (*end == ',' || *end == ';' || *end == ' ' || *end == '\t')
				skip = 1;
			else if (str_starts(end, "、") || str_starts(end, "，") || str_starts(end, "；") ||
				 str_starts(end, "　"))
				skip = 3;
			if (skip > 0)
				break;
			end++;
		}
		if (end > p) {
			*out = xreallocarray(*out, (size_t)n + 1, sizeof(**out));
			(*out)[n++] = xstrndup(p, (size_t)(end - p));
		}
		p = end + skip;
	}
	free(copy);
	return n;
}

/* Say what was added, and which held files came in with it. */
static void added_msg(struct app *a, int before, int after, char *notes,
		      struct district_applied *ap, int nap)
{
	char extra[256] = "";

	if (nap > 0)
		snprintf(extra, sizeof(extra), "；原来暂存的 %d 个文件已导入", nap);
	if (notes != NULL)
		ui_msg(a, MSG_WARN, "加入 %d 个单位，名单现有 %d 个%s。%s", after - before, after,
		       extra, notes);
	else
		ui_msg(a, MSG_OK, "加入 %d 个单位，名单现有 %d 个%s", after - before, after, extra);
	a->msg_sticky = nap > 0 || notes != NULL;
	free(notes);
	district_applied_free(ap, nap);
}

/* Add names at the end of the roster. */
static void roster_add_names(struct app *a, struct roster *r, char **names, int n)
{
	struct district_applied *ap = NULL;
	char *cause = NULL, *notes = NULL;
	int nap = 0, before = r->n;

	if (district_roster_add(a->args->store, dist_year(a), names, n, a->forms, a->nforms,
				&notes, &ap, &nap, &cause) != 0) {
		dist_failed(a, cause);
		return;
	}
	roster_load(a, r);
	r->sel = r->n > 0 ? r->n - 1 : 0;
	added_msg(a, before, r->n, notes, ap, nap);
}

/* The answer to F7: one or more names. */
static void roster_add_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	char **names;
	int n;

	if (ans->value != 1 || ans->text == NULL)
		return;
	n = split_names(ans->text, &names);
	if (n == 0)
		ui_msg(a, MSG_INFO, "没有输入单位名称，名单没有变化");
	else
		roster_add_names(a, ctx, names, n);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Keep the contacts a roster file gives beside the names (phones as remind.h keeps them),
 * and add to the message how many changed and how many phones look wrong. */
static void roster_keep_contacts(struct app *a, struct roster *r, char **names, char **persons,
				 char **phones, int n)
{
	struct district_contact *dc = xcalloc((size_t)n, sizeof *dc);
	char **kept = xcalloc((size_t)n, sizeof *kept), *cause = NULL, msg[256], bad[768] = "";
	int nc = 0, changed = 0, nbad = 0;

	for (int i = 0; i < n; i++) {
		if (persons[i] == NULL && phones[i] == NULL)
			continue;
		if (phones[i] != NULL) {
			kept[i] = remind_phone_check(phones[i], msg);
			if (msg[0] != '\0' && nbad++ == 0)
				snprintf(bad, sizeof(bad), "“%s”的电话“%s”可能有误（%s）", names[i],
					 kept[i], msg);
		}
		dc[nc++] = (struct district_contact){ names[i], persons[i], kept[i] };
	}
	if (nc > 0 && district_contact_set(a->args->store, dist_year(a), dc, nc, &changed,
					   &cause) != 0) {
		dist_failed(a, cause);
	} else if (changed > 0 || nbad > 0) {
		char was[512];

		snprintf(was, sizeof(was), "%s", a->msg);
		ui_msg(a, nbad > 0 ? MSG_WARN : a->msg_level, "%s；更新了 %d 个单位的联系人%s%s%s", was,
		       changed, nbad > 0 ? "。" : "", bad, nbad > 1 ? " 等，请核对" : nbad ? "，请核对" : "");
		a->msg_sticky = a->msg_sticky || nbad > 0;
	}
	roster_load(a, r);
	for (int i = 0; i < n; i++)
		free(kept[i]);
	free(kept);
	free(dc);
}

/* The answer to F3: a roster file. */
static void roster_file_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	char *path, *data = NULL, *cause = NULL, **names, **persons, **phones;
	size_t len;
	int n;

	if (ans->value != 1 || ans->text == NULL)
		return;
	path = str_trim(xstrdup(ans->text));
	if (path[0] == '~' && path[1] == '/' && config_get()->home != NULL) {
		char *full = xasprintf("%s%s", config_get()->home, path + 1);

		free(path);
		path = full;
	}
	if (fileio_read(path, &data, &len, &cause) != 0) {
		dist_failed(a, cause);
		free(path);
		return;
	}
	n = import_roster_names(data, len, &names, &persons, &phones, &cause);
	free(data);
	if (n < 0) {
		ui_msg(a, MSG_ERROR, "%s：%s", path, cause);
		free(cause);
	} else if (n == 0) {
		ui_msg(a, MSG_ERROR, "%s 里没有读到单位名称：请用一行一个单位的文本文件，或带“单位”一列的"
				     "CSV 文件", path);
	} else {
		roster_add_names(a, ctx, names, n);
		roster_keep_contacts(a, ctx, names, persons, phones, n);
		for (int i = 0; i < n; i++) {
			free(names[i]);
			free(persons[i]);
			free(phones[i]);
		}
		free(names);
		free(persons);
		free(phones);
	}
	free(path);
}

/* The answer to "要移出名单吗". */
static void roster_remove_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct roster *r = ctx;
	char *cause = NULL, *name;

	if (ans->value != 1) {
		if (ans->value == 0)
			ui_msg(a, MSG_INFO, "没有删除");
		return;
	}
	name = xstrdup(r->m[r->sel].name);
	if (district_roster_remove(a->args->store, dist_year(a), &name, 1, &cause) != 0)
		dist_failed(a, cause);
	else
		ui_msg(a, MSG_OK, "已把“%s”移出名单；它已报的表仍保存在数据库里", name);
	free(name);
	roster_load(a, r);
}

/* The answer to Enter: a name the unit's files may give. */
static void roster_alias_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct roster *r = ctx;
	struct district_applied *ap = NULL;
	char *cause = NULL, *name, *unit;
	int nap = 0;

	if (ans->value != 1 || ans->text == NULL)
		return;
	name = str_trim(xstrdup(ans->text));
	unit = xstrdup(r->m[r->sel].name);
	if (name[0] == '\0') {
		ui_msg(a, MSG_INFO, "没有输入别名");
	} else if (district_alias(a->args->store, dist_year(a), name, unit, a->forms, a->nforms,
				  &ap, &nap, &cause) != 0) {
		dist_failed(a, cause);
	} else {
		if (nap > 0)
			ui_msg(a, MSG_OK, "已设别名：文件里的“%s”今后都算作“%s”；原来暂存的 %d 个文件已导入",
			       name, unit, nap);
		else
			ui_msg(a, MSG_OK, "已设别名：文件里的“%s”今后都算作“%s”", name, unit);
		district_applied_free(ap, nap);
	}
	free(name);
	free(unit);
	roster_load(a, r);
}

/* Move the selected unit one place up or down. */
static void roster_move(struct app *a, struct roster *r, int dir)
{
	char *cause = NULL, *name;
	int to = r->sel + dir;

	if (r->n == 0 || to < 0 || to >= r->n) {
		ui_msg(a, MSG_INFO, dir < 0 ? "已经在最前面了" : "已经在最后面了");
		return;
	}
	name = xstrdup(r->m[r->sel].name);
	if (district_roster_move(a->args->store, dist_year(a), name, to + 1, &cause) != 0) {
		dist_failed(a, cause);
	} else {
		r->sel = to;
		ui_msg(a, MSG_OK, "“%s”移到第 %d 个", name, to + 1);
	}
	free(name);
	roster_load(a, r);
}

/* The roster's keys; [ ] and their full-width forms work with an input method on. */
static void roster_key(struct app *a, void *st, const struct ui_event *e)
{
	struct roster *r = st;
	char *text;

	switch (ev_key(e)) {
	case KEY_UP:
		if (r->sel > 0)
			r->sel--;
		return;
	case KEY_DOWN:
		if (r->sel < r->n - 1)
			r->sel++;
		return;
	case KEY_PPAGE:
		r->sel = r->sel > 10 ? r->sel - 10 : 0;
		return;
	case KEY_NPAGE:
		r->sel = r->sel + 10 < r->n ? r->sel + 10 : (r->n > 0 ? r->n - 1 : 0);
		return;
	case KEY_HOME:
		r->sel = 0;
		return;
	case KEY_END:
		r->sel = r->n > 0 ? r->n - 1 : 0;
		return;
	case KEY_F(7):
	case KEY_IC:
		ui_ask_line(a, "增加单位",
			    "请输入单位名称（和通知的发送名单上一样），可以一次输入几个，用顿号隔开：",
			    NULL, 60, FT_TEXT, roster_add_answer, r);
		return;
	case KEY_F(3):
		ui_ask_line(a, "从文件导入名单",
			    "请输入名单文件的完整路径：一行一个单位的文本文件，或带“单位”一列的表格"
			    "另存的 CSV 文件（例如 ~/填表收件/名单.txt）：",
			    NULL, 200, FT_TEXT, roster_file_answer, r);
		return;
	case KEY_DC:
	case KEY_F(8):
		if (r->n == 0)
			return;
		text = xasprintf("要把“%s”移出 %d 年的名单吗？\n它已报的表仍保存在数据库里，以后可以再加回来。",
				 r->m[r->sel].name, dist_year(a));
		ui_confirm(a, "移出名单", text, "移出", "不移出", 0, roster_remove_answer, r);
		free(text);
		return;
	case KEY_SR:
		roster_move(a, r, -1);
		return;
	case KEY_SF:
		roster_move(a, r, 1);
		return;
	case KEY_ENTER:
		if (r->n == 0) {
			ui_msg(a, MSG_INFO, "名单是空的：按 F7 添加单位，或按 F3 导入名单文件");
			return;
		}
		text = xasprintf("单位发来的文件里，“%s”可能写成别的样子（例如全称、简称）。\n"
				 "请输入文件里的写法，以后这样写的文件都算作“%s”：",
				 r->m[r->sel].name, r->m[r->sel].name);
		ui_ask_line(a, "别名", text, NULL, 40, FT_TEXT, roster_alias_answer, r);
		free(text);
		return;
	case UK_ESC:
		dist_open(a, DP_INBOX);
		return;
	default:
		break;
	}
	if (e->kind == EV_CHAR && (e->ch == '[' || e->ch == 0x3010)) {
		roster_move(a, r, -1);
		return;
	}
	if (e->kind == EV_CHAR && (e->ch == ']' || e->ch == 0x3011)) {
		roster_move(a, r, 1);
		return;
	}
	if (dist_page_key(a, e))
		return;
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "按 F7 增加单位；Del 删除；[ ] 调整顺序");
}

/* The page opens on the first unit. */
static void *roster_open(struct app *a, const struct screen_args *args)
{
	struct roster *r = xcalloc(1, sizeof(*r));

	(void)args;
	roster_load(a, r);
	return r;
}

/* The roster goes with the page. */
static void roster_close(struct app *a, void *st, int ending)
{
	struct roster *r = st;

	(void)a;
	(void)ending;
	contacts_drop(r);
	district_members_free(r->m, r->n);
	free(r);
}

const struct screen_ops roster_screen = {
	.name = "roster",
	.open = roster_open,
	.draw = roster_draw,
	.key = roster_key,
	.close = roster_close,
};
