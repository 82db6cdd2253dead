/*
 * exportui.c - exporting from the screens (contract in ui.h): what is typed is saved,
 * the problem list is shown first with the question, then export_write runs for
 * each form and this screen shows the folder once, the file names, what became of the
 * earlier files (旧版本/), and where and by when to send them. Each export is recorded
 * in the store, for 已导出 on the list and the form screen.
 *
 * Opened with args.fi: one form, or -1 for all.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/export.h"
#include "../core/text.h"
#include "../core/totals.h"
#include "../store/district_totals.h"

struct export {
	int fi;
	char **res;		/* result lines: \001 a heading, \002 an error, \003 the folder,
				 * \004 a file name */
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

/* 已导出（12月1日 19:11） (with the year when it is not this year or not the form's
 * campaign year), or 导出后又修改过，请重新导出 when the form changed since; 0 and an empty
 * text when it was never exported (for the list and the form screen). */
int exportui_state_text(struct app *a, int fi, char *out, size_t outlen)
{
	const struct record *r = a->data != NULL ? data_record(a, fi) : NULL;
	struct store_export es;
	char *cause = NULL;
	struct tm tm, today;
	time_t now = export_now();

	out[0] = '\0';
	if (r == NULL || a->args->store == NULL ||
	    store_export_state(a->args->store, a->unit, a->forms[fi], r->revision, &es,
			       &cause) != 0 || !es.exported) {
		free(cause);
		return 0;
	}
	if (es.revision != r->revision) {
		snprintf(out, outlen, "导出后又修改过，请重新导出");
		return 2;
	}
	date_local(now, &today);
	date_local(es.at, &tm);
	/* the year only when it is not plain: another year's campaign, or last year */
	if (tm.tm_year != today.tm_year || tm.tm_year + 1900 != a->forms[fi]->year)
		snprintf(out, outlen, "已导出（%d年%d月%d日 %02d:%02d）", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		snprintf(out, outlen, "已导出（%d月%d日 %02d:%02d）", tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
	return 1;
}

/* The file name of path (what follows the last '/'). */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/*
 * The district's own copy of a form it reported one level up holds that report: F5 writes
 * the report's files with 汇总说明, exactly as F7 on 汇总 does (district_report_send, the
 * totals as they are now), never a unit's file over them. 0, or -1 after saying why.
 */
static int export_report(struct app *a, struct export *x, int fi, const struct export_opts *o,
			 const char *dir)
{
	const struct form *f = a->forms[fi];
	struct totals *t = NULL;
	struct district_sent d;
	char *cause = NULL;
	int moved = 0;

	if (district_totals(a->args->store, f->year, f, a->unit, &t, &cause) != 0 ||
	    district_report_send(a->args->store, t, a->unit, data_record(a, fi), o, dir, &d,
				 &cause) != 0) {
		res_add(x, xasprintf("\002  没有导出本区的上报表：%s",
				     cause != NULL ? cause : "写文件出错"));
		free(cause);
		totals_free(t);
		return -1;
	}
	totals_free(t);
	if (d.changed)	/* a new revision of the district's own copy: read it again */
		data_reload(a, fi);
	res_add(x, xasprintf("  这是本区的上报表（第 %ld 版%s），和在 5 汇总 按 F7 写出的一样，CSV "
			     "里有“%s”一列：", d.revision, d.changed ? "，汇总有变化" : "",
			     TOTALS_SUMMARY_LABEL));
	for (int j = 0; j < d.res.nfiles; j++) {
		res_add(x, xasprintf("\004%s", base_name(d.res.files[j].path)));
		moved |= d.res.files[j].nmoved > 0;
	}
	if (d.same)
		res_add(x, xstrdup("  内容没有改变，还是上次上报的文件。"));
	else if (moved)
		res_add(x, xasprintf("  上次的文件已移到“%s”文件夹。", EXPORT_OLD_DIR));
	if (d.res.warning != NULL)
		res_add(x, xasprintf("\002  注意：%s", d.res.warning));
	if (d.unrecorded != NULL)
		res_add(x, xasprintf("\002  文件已导出，但没有记进数据库：%s", d.unrecorded));
	for (char *line = d.notes, *next; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		res_add(x, xasprintf("  %.*s", next != NULL ? (int)(next - line) : (int)strlen(line),
				     line));
		if (next != NULL)
			next++;
	}
	res_add(x, xstrdup("请把其中的 .csv 文件发给上级（.txt、.xlsx 给人看）"));
	district_sent_free(&d);
	return 0;
}

/* Write each form's files and say, folder once, which files and where to send them.
 * An unchanged form keeps the time of its first export, so its files come out the same. */
static void export_run(struct app *a, struct export *x)
{
	struct export_opts o;
	char *dir = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	int ok = 0, bad = 0, fi = x->fi;

	memset(&o, 0, sizeof(o));
	o.formats = EXPORT_ALL;
	o.enc = ENC_UTF8;
	o.width = 0;
	res_add(x, xasprintf("\003%s", dir));
	for (int i = 0; i < a->nforms; i++) {
		const struct form *f = a->forms[i];
		const struct record *r = data_record(a, i);
		const char *fmts[EXPORT_NFORMATS], *paths[EXPORT_NFORMATS];
		char *cause = NULL;
		struct export_result res;
		struct store_export es;
		char **earlier = NULL;
		int moved = 0, same = 0, nearlier = 0, wrc, kept = 0;

		if ((fi >= 0 && i != fi) || f->reading)	/* a page to read is never sent */
			continue;
		res_add(x, xstrdup(""));
		res_add(x, xasprintf("\001%s %s：", f->attachment, f->name));
		if (store_export_state(a->args->store, a->unit, f, r->revision, &es, &cause) != 0) {
			free(cause);
			cause = NULL;
			memset(&es, 0, sizeof es);
		}
		o.when = es.first_at != 0 ? es.first_at : export_now();
		if (r->uuid == NULL) {	/* nothing to fill in by itself, never changed */
			res_add(x, xstrdup("\002  没有导出：这张表还没有填写，区里不收空表。请先填写再导出。"));
			bad++;
			continue;
		}
		if (district_report_kept(a->args->store, a->unit, f, &kept, &cause) != 0) {
			free(cause);
			cause = NULL;
		}
		if (kept) {
			if (export_report(a, x, i, &o, dir) == 0)
				ok++;
			else
				bad++;
			continue;
		}
		if (store_export_paths(a->args->store, a->unit, f, &earlier, &nearlier,
				       &cause) != 0) {
			free(cause);
			cause = NULL;
		}
		o.earlier = earlier;
		o.nearlier = nearlier;
		wrc = export_write(r, dir, &o, &res, &cause);
		for (int k = 0; k < nearlier; k++)
			free(earlier[k]);
		free(earlier);
		earlier = NULL;
		nearlier = 0;
		if (wrc != 0) {
			res_add(x, xasprintf("\002  没有导出：%s",
					     cause != NULL ? cause : "写文件出错"));
			free(cause);
			bad++;
			continue;
		}
		for (int j = 0; j < res.nfiles; j++) {
			res_add(x, xasprintf("\004%s", base_name(res.files[j].path)));
			fmts[j] = export_ext(res.files[j].format);
			paths[j] = res.files[j].path;
			moved |= res.files[j].nmoved > 0;
			same += res.files[j].state == EXPORT_SAME;
		}
		if (same == res.nfiles)
			res_add(x, xstrdup("  内容没有改变，还是上次导出的文件。"));
		else if (moved)
			res_add(x, xasprintf("  上次导出的文件已移到“%s”文件夹。", EXPORT_OLD_DIR));
		if (res.warning != NULL)
			res_add(x, xasprintf("\002  注意：%s", res.warning));
		if (store_export_add(a->args->store, a->unit, f, r->revision, o.when, fmts, paths,
				     res.nfiles, &cause) != 0) {
			res_add(x, xasprintf("\002  文件已导出，但没有记进数据库：%s", cause));
			free(cause);
		}
		export_result_free(&res);
		res_add(x, send_line(f));
		ok++;
	}
	if (bad == 0)
		x->title = xstrdup("已导出（文本、CSV 和 Excel 文件），文件在这个文件夹里：");
	else
		x->title = xstrdup(ok > 0 ? "有的表没有导出，原因见下面；文件夹：" : "没有导出，原因见下面；文件夹：");
	if (bad > 0)
		ui_msg(a, MSG_ERROR, "导出失败，数据库里的内容没有受影响");
	else
		ui_msg(a, MSG_OK, "导出完成");
	free(dir);
}

/* Lines of at most width columns for a path or a file name: cut after a '/' where one
 * is near the end of the line, never inside the extension of a file name. */
static int wrap_name(const char *s, int width, int indent, char ***lines, int n)
{
	const char *dot = strrchr(s, '.');

	if (width - indent < 12)
		width = indent + 12;
	do {
		size_t cut = text_fit_r(ui_rule(), s, width - indent), k;

		if (cut < strlen(s)) {
			for (k = cut; k > cut / 2; k--)
				if (s[k - 1] == '/')
					break;
			if (k > cut / 2)
				cut = k;
			/* the extension stays whole on the last line */
			if (dot != NULL && s + cut > dot && strchr(dot, '/') == NULL)
				cut = (size_t)(dot - s);
		}
		if (cut == 0)
			cut = strlen(s);
		*lines = xreallocarray(*lines, (size_t)n + 1, sizeof(**lines));
		(*lines)[n++] = xasprintf("%*s%.*s", indent, "", (int)cut, s);
		s += cut;
	} while (*s != '\0');
	return n;
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

		if (s[0] == '\003' || s[0] == '\004') {	/* the folder, a file name */
			n = wrap_name(s + 1, width, 2, &lines, n);
			continue;
		}
		nw = text_wrap_r(ui_rule(), s + (mark ? 1 : 0), width, &w);

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

	if (a->borrowed) {	/* a roster unit's copy at the district is not sent from here */
		ui_msg(a, MSG_INFO, "这是%s的表，保存在区里的数据库中，不用导出。按 Esc 返回",
		       a->unit);
		return NULL;
	}
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
