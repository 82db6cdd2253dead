/*
 * exportui.c - exporting from the screens (contract in ui.h): what is typed is saved,
 * the problem list is shown first with the question, then export_write runs for
 * each form and this screen shows the full paths and where and by when to send them.
 *
 * Opened with args.fi: one form, or -1 for all.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/export.h"
#include "../core/text.h"

struct export {
	int fi;
	char **res;		/* result lines: \001 a heading, \002 an error, \003 a path */
	int nres, top;
	char *title;
};

/* The result screen is built as lines first and wrapped when drawn. */
static void res_add(struct export *x, char *line)
{
	x->res = xreallocarray(x->res, (size_t)x->nres + 1, sizeof(*x->res));
	x->res[x->nres++] = line;
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
static void export_run(struct app *a, struct export *x)
{
	struct export_opts o;
	char *dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	int ok = 0, bad = 0, fi = x->fi;

	memset(&o, 0, sizeof(o));
	o.formats = EXPORT_TEXT | EXPORT_CSV;
	o.enc = ENC_UTF8;
	o.width = 0;
	/* A backup first, when the database changed since the newest (docs/storage.md). */
	{
		char *cause = NULL;

		if (store_backup(a->args->store, &cause) != 0)
			res_add(x, xasprintf("\002注意：没有建立备份：%s", cause ? cause : ""));
		free(cause);
	}
	for (int i = 0; i < a->nforms; i++) {
		const struct form *f = a->forms[i];
		char *cause = NULL;
		struct export_result res;

		if (fi >= 0 && i != fi)
			continue;
		if (x->nres > 0)
			res_add(x, xstrdup(""));
		res_add(x, xasprintf("\001%s %s：", f->attachment, f->name));
		if (export_write(data_record(a, i), dir, &o, &res, &cause) != 0) {
			res_add(x, xasprintf("\002  没有导出：%s",
					     cause != NULL ? cause : "写文件出错"));
			free(cause);
			bad++;
			continue;
		}
		for (int j = 0; j < res.nfiles; j++)
			res_add(x, xasprintf("\003%s", res.files[j].path));
		if (res.warning != NULL)
			res_add(x, xasprintf("\002  注意：%s", res.warning));
		export_result_free(&res);
		res_add(x, send_line(f));
		ok++;
	}
	if (bad == 0)
		x->title = xstrdup("已导出以下文件（文本文件和 Excel/WPS 能打开的 CSV 文件）：");
	else
		x->title = xstrdup(ok > 0 ? "有的表没有导出，原因见下面：" : "没有导出，原因见下面：");
	if (bad > 0)
		ui_msg(a, MSG_ERROR, "导出失败，数据库里的内容没有受影响");
	else
		ui_msg(a, MSG_OK, "导出完成");
	free(dir);
}

/* Paths and send instructions, scrollable when several forms were written. */
static void export_draw(struct app *a, void *st)
{
	struct export *x = st;
	int y0 = ui_content_top(), h = ui_content_rows(), width = COLS - 4, y;
	struct strbuf sb = STRBUF_INIT;
	char **lines = NULL;
	int n = 0;
	static const struct keyhelp keys[] = {
		{ "Enter", "返回" }, { "上下键", "滚动" }, { "F10", "退出" },
	};

	/* wrap every line to the width; paths can be long */
	for (int i = 0; i < x->nres; i++) {
		const char *s = x->res[i];
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
	draw_str(stdscr, y0 + 1, 2, x->title != NULL ? x->title : "", width, UA_BOLD);
	if (x->top > n - (h - 3))
		x->top = n - (h - 3) > 0 ? n - (h - 3) : 0;
	y = y0 + 3;
	for (int i = x->top; i < n && y < y0 + h; i++, y++) {
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
static void export_key(struct app *a, void *st, const struct ui_event *e)
{
	struct export *x = st;

	switch (ev_key(e)) {
	case KEY_UP:
		if (x->top > 0)
			x->top--;
		return;
	case KEY_DOWN:
		x->top++;
		return;
	default:
		ui_close(a, NULL);
		return;
	}
}

/* The clerk answered the question before the export. */
static void export_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct export *x = ctx;

	if (ans->value != 1) {
		ui_msg(a, MSG_INFO, "没有导出");
		ui_close(a, NULL);	/* this screen too: nothing to show */
		return;
	}
	export_run(a, x);
}

/* What is typed is saved first, so nothing half-typed is sent; a value that cannot
 * be saved stops the export (the message says why). */
static void *export_open(struct app *a, const struct screen_args *args)
{
	struct export *x;

	if (ui_save_all(a, SAVE_LEAVE) != 0)
		return NULL;
	/* the unit and the date the screens show are stored, so file and database agree */
	for (int i = 0; i < a->nforms; i++)
		if ((args->fi < 0 || i == args->fi) && data_fill_defaults(a, i) != 0)
			return NULL;
	x = xcalloc(1, sizeof(*x));
	x->fi = args->fi;
	return x;
}

/* The problems first, with the question; without problems the files are written at once. */
static void export_start(struct app *a, void *st)
{
	struct export *x = st;
	struct screen_args args = ui_args(x->fi);
	int n = 0;

	for (int i = 0; i < a->nforms; i++) {
		const struct check_problem *p;

		if (x->fi < 0 || i == x->fi)
			n += data_problems(a, i, &p);
	}
	if (n == 0) {
		export_run(a, x);
		return;
	}
	args.mode = 1;
	ui_open(a, SCR_PROBLEMS, &args, export_answer, x);
}

/* The result lines belong to this screen only. */
static void export_close(struct app *a, void *st, int ending)
{
	struct export *x = st;

	(void)a;
	(void)ending;
	for (int i = 0; i < x->nres; i++)
		free(x->res[i]);
	free(x->res);
	free(x->title);
	free(x);
}

const struct screen_ops export_screen = {
	.name = "export",
	.open = export_open,
	.start = export_start,
	.draw = export_draw,
	.key = export_key,
	.close = export_close,
};
