/*
 * exportui.c - exporting from the screens (issue 4): the problem list first with
 * the question, then export_write for each form, then the full paths and where
 * and by when to send them (contract in ui.h).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/export.h"
#include "../core/text.h"

/* Exporting first saves what is typed and shows the problems, so nothing half-typed is sent. */
void exportui_start(struct app *a, int fi)
{
	if (ui_commit_all(a) != 0)
		return;
	/* a form never opened still gets the unit and the date, as its screen would */
	for (int i = 0; i < a->nforms; i++)
		if (fi < 0 || i == fi)
			ui_prefill(a, i, -1, -1);
	if (a->top != NULL)
		view_invalidate(a->top);
	problems_open(a, fi, 1);
}

/* The result screen is built as lines first and wrapped when drawn. */
static void res_add(struct app *a, char *line)
{
	a->res = xreallocarray(a->res, (size_t)a->nres + 1, sizeof(*a->res));
	a->res[a->nres++] = line;
}

/* The result lines belong to the result screen only. */
void result_free(struct app *a)
{
	for (int i = 0; i < a->nres; i++)
		free(a->res[i]);
	free(a->res);
	free(a->res_title);
	a->res = NULL;
	a->res_title = NULL;
	a->nres = a->rtop2 = 0;
}

/* "请将以上文件发送至 X，截止 6月5日" from the form file's send and due. */
static char *send_line(const struct form *f)
{
	char due[64] = "";

	if (f->due != NULL)
		check_date_display(f->due, f->year, due, sizeof(due));
	if (f->send != NULL && f->due != NULL)
		return xasprintf("请将以上文件发送至 %s，截止 %s", f->send, due);
	if (f->send != NULL)
		return xasprintf("请将以上文件发送至 %s", f->send);
	if (f->due != NULL)
		return xasprintf("请按通知要求报送以上文件，截止 %s", due);
	return xstrdup("请按通知要求报送以上文件");
}

/* Write each form's files and say where they are and where to send them. */
void exportui_write(struct app *a, int fi)
{
	struct export_opts o;
	char *dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	int ok = 0, bad = 0;

	result_free(a);
	memset(&o, 0, sizeof(o));
	o.formats = EXPORT_TEXT | EXPORT_CSV;
	o.enc = ENC_UTF8;
	o.width = 80;
	o.yyyymmdd = NULL;
	for (int i = 0; i < a->nforms; i++) {
		const struct form *f = a->forms[i];
		char *paths[2] = { NULL, NULL }, *cause = NULL;
		int n;

		if (fi >= 0 && i != fi)
			continue;
		if (a->nres > 0)
			res_add(a, xstrdup(""));
		res_add(a, xasprintf("\001%s %s：", f->attachment, f->name));
		n = export_write(a->recs[i], dir, &o, paths, &cause);
		if (n < 0) {
			res_add(a, xasprintf("\002  没有导出：%s",
					     cause != NULL ? cause : "写文件出错"));
			free(cause);
			bad++;
			continue;
		}
		for (int j = 0; j < n && j < 2; j++) {
			res_add(a, xasprintf("\003%s", paths[j]));	/* \003: a path */
			free(paths[j]);
		}
		res_add(a, send_line(f));
		ok++;
	}
	if (bad == 0)
		a->res_title = xstrdup("已导出以下文件（文本文件和 Excel/WPS 能打开的 CSV 文件）：");
	else
		a->res_title = xstrdup(ok > 0 ? "有的表没有导出，原因见下面：" : "没有导出，原因见下面：");
	if (bad > 0)
		ui_msg(a, MSG_ERROR, "导出失败，数据库里的内容没有受影响");
	else
		ui_msg(a, MSG_OK, "导出完成");
	free(dir);
	ui_push(a, ST_RESULT);
}

/* Paths and send instructions, scrollable when several forms were written. */
void result_draw(struct app *a)
{
	int y0 = ui_content_top(), h = ui_content_rows(), width = COLS - 4, y;
	struct strbuf sb = STRBUF_INIT;
	char **lines = NULL;
	int n = 0;
	static const struct keyhelp keys[] = {
		{ "Enter", "返回" }, { "上下键", "滚动" }, { "F10", "退出" },
	};

	/* wrap every line to the width; paths can be long */
	for (int i = 0; i < a->nres; i++) {
		const char *s = a->res[i];
		char mark = (s[0] == '\001' || s[0] == '\002') ? s[0] : 0;
		char **w;
		int nw;

		if (s[0] == '\003') {	/* a path: cut anywhere, it is one word */
			s++;
			do {
				size_t cut = text_fit(s, width - 2);

				if (cut == 0)
					cut = strlen(s);
				lines = xreallocarray(lines, (size_t)n + 1, sizeof(*lines));
				lines[n++] = xasprintf("  %.*s", (int)cut, s);
				s += cut;
			} while (*s != '\0');
			continue;
		}
		nw = text_wrap(s + (mark ? 1 : 0), width, &w);

		lines = xreallocarray(lines, (size_t)(n + nw), sizeof(*lines));
		for (int j = 0; j < nw; j++) {
			strbuf_reset(&sb);
			if (mark)
				strbuf_addc(&sb, mark);
			strbuf_adds(&sb, w[j]);
			lines[n++] = xstrdup(strbuf_str(&sb));
		}
		text_lines_free(w, nw);
	}
	strbuf_free(&sb);
	erase();
	draw_header("导出", NULL);
	draw_str(stdscr, y0 + 1, 2, a->res_title != NULL ? a->res_title : "", width, UA_BOLD);
	if (a->rtop2 > n - (h - 3))
		a->rtop2 = n - (h - 3) > 0 ? n - (h - 3) : 0;
	y = y0 + 3;
	for (int i = a->rtop2; i < n && y < y0 + h; i++, y++) {
		const char *s = lines[i];

		if (s[0] == '\001')
			draw_str(stdscr, y, 2, s + 1, width, UA_BOLD);
		else if (s[0] == '\002')
			draw_str(stdscr, y, 2, s + 1, width, UA_ERROR);
		else
			draw_str(stdscr, y, 2, s, width, UA_NORMAL);
	}
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	draw_message(a, "按 Enter 返回");
	draw_keys(keys, 3);
	move(y0 + 1, 2);
	wnoutrefresh(stdscr);
}

/* Any key but the scroll keys goes back. */
void result_key(struct app *a, const struct ui_event *e)
{
	switch (ev_key(e)) {
	case KEY_UP:
		if (a->rtop2 > 0)
			a->rtop2--;
		return;
	case KEY_DOWN:
		a->rtop2++;
		return;
	case KEY_F(1):
		a->help_from = ST_RESULT;
		a->htop = 0;
		ui_push(a, ST_HELP);
		return;
	default:
		ui_back(a);
		return;
	}
}
