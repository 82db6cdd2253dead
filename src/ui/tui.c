/*
 * tui.c - tui_run and the main loop: one screen at a time, each with a _draw
 * and a _key function, switched on app->state (contract in tui.h and ui.h).
 *
 * Every change goes through the ui_store_* wrappers here, which save it in its
 * own transaction, keep the record in step, and append a line to the trace file
 * when TIANBIAO_TRACE is set (the crash test reads it).
 */
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One message at a time, kept until the next key. */
void ui_msg(struct app *a, enum msg_level l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_level = a->msg[0] != '\0' ? l : MSG_NONE;
}

/* A key press clears the last message. */
void ui_msg_clear(struct app *a)
{
	a->msg[0] = '\0';
	a->msg_level = MSG_NONE;
}

/* One line of the trace: what was saved, after the transaction committed. */
static void ui_trace(struct app *a, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (a->trace_fd < 0)
		return;
	va_start(ap, fmt);
	{
		char *s = xvasprintf(fmt, ap);

		strbuf_adds(&sb, s);
		free(s);
	}
	va_end(ap);
	if (write(a->trace_fd, sb.buf, sb.len) < 0) {
		close(a->trace_fd);
		a->trace_fd = -1;
	}
	strbuf_free(&sb);
}

/* A value on one trace line: backslash, newline and tab escaped. */
static char *trace_escape(const char *v)
{
	struct strbuf sb = STRBUF_INIT;

	for (; v != NULL && *v != '\0'; v++) {
		if (*v == '\\')
			strbuf_adds(&sb, "\\\\");
		else if (*v == '\n')
			strbuf_adds(&sb, "\\n");
		else if (*v == '\t')
			strbuf_adds(&sb, "\\t");
		else
			strbuf_addc(&sb, *v);
	}
	return sb.buf != NULL ? strbuf_detach(&sb) : xstrdup("");
}

/* The name of a field in the trace and in `tianbiao get`: ID or GROUP[N].ID. */
static char *field_name(const struct form *f, int field, int row)
{
	const struct form_field *fld = &f->fields[field];

	if (fld->group >= 0)
		return xasprintf("%s[%d].%s", f->groups[fld->group].id, row + 1, fld->id);
	return xstrdup(fld->id);
}

/* A store error becomes the message line; the screen stays usable. */
static void store_failed(struct app *a, char *cause)
{
	ui_msg(a, MSG_ERROR, "没有保存：%s", cause != NULL ? cause : "数据库出错");
	free(cause);
}

/* Every saved value goes through here: one transaction, then one trace line. */
int ui_store_set(struct app *a, int fi, int field, int row, const char *value)
{
	char *cause = NULL, *name, *ev;

	if (store_set(a->args->store, a->unit, a->recs[fi], field, row, value, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	name = field_name(a->forms[fi], field, row);
	ev = trace_escape(value);
	ui_trace(a, "set %s.%s\t%s\n", a->forms[fi]->id, name, ev);
	free(name);
	free(ev);
	return 0;
}

/* Row changes are saved at once, each in its own transaction. */
int ui_row_add(struct app *a, int fi, int group)
{
	char *cause = NULL;

	if (store_row_add(a->args->store, a->unit, a->recs[fi], group, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	ui_trace(a, "add %s.%s\n", a->forms[fi]->id, a->forms[fi]->groups[group].id);
	return 0;
}

/* Row changes are saved at once, each in its own transaction. */
int ui_row_delete(struct app *a, int fi, int group, int row)
{
	char *cause = NULL;

	if (store_row_delete(a->args->store, a->unit, a->recs[fi], group, row, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	ui_trace(a, "delete %s.%s[%d]\n", a->forms[fi]->id, a->forms[fi]->groups[group].id,
		 row + 1);
	return 0;
}

/* Row changes are saved at once, each in its own transaction. */
int ui_row_move(struct app *a, int fi, int group, int row, int dir)
{
	char *cause = NULL;

	if (store_row_move(a->args->store, a->unit, a->recs[fi], group, row, dir, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	ui_trace(a, "move %s.%s[%d] %+d\n", a->forms[fi]->id, a->forms[fi]->groups[group].id,
		 row + 1, dir);
	return 0;
}

/* A form that is only a list of rows opens on the list. */
int ui_group_only(const struct form *f)
{
	int group = -1;

	for (int i = 0; i < f->nitems; i++) {
		const struct form_item *it = &f->items[i];

		if (it->kind == IT_FIELD)
			return -1;
		if (it->kind == IT_LINE)
			for (int j = 0; j < it->nsegs; j++)
				if (it->segs[j].text == NULL && it->segs[j].field >= 0)
					return -1;
		if (it->kind == IT_GROUP) {
			if (group >= 0)
				return -1;
			group = it->group;
		}
	}
	return group;
}

/* Opening a form fills its unit and date and shows its screen (or its rows). */
void ui_open_form(struct app *a, int fi)
{
	int g;

	a->fi = fi;
	a->top = view_new(a, fi, -1, -1);
	view_prefill(a, a->top);
	g = ui_group_only(a->forms[fi]);
	if (g >= 0) {
		a->group = g;
		a->rsel = a->rtop = 0;
		ui_push(a, ST_ROWS);
	} else {
		ui_push(a, ST_FORM);
	}
}

/* A row is edited on a screen of its own. */
void ui_open_row(struct app *a, int row)
{
	a->rowv = view_new(a, a->fi, a->group, row);
	view_prefill(a, a->rowv);
	a->rsel = row;
	ui_push(a, ST_ROW);
}

/* True when nothing was written in the row except what was filled in for the user. */
static int row_untouched(struct app *a, int group, int row)
{
	const struct form *f = a->forms[a->fi];
	const struct form_group *g = &f->groups[group];

	for (int i = 0; i < g->nfields; i++) {
		const struct form_field *fld = &f->fields[g->fields[i]];
		const char *v = record_get(a->recs[a->fi], g->fields[i], row);
		char *pre;
		int same;

		if (v == NULL)
			continue;
		pre = ui_prefill_value(a, f, fld);
		same = pre != NULL && strcmp(pre, v) == 0;
		free(pre);
		if (!same)
			return 0;
	}
	return 1;
}

/* Esc goes back the way the clerk came. */
void ui_push(struct app *a, enum ui_state s)
{
	if (a->nback < (int)(sizeof(a->back) / sizeof(a->back[0])))
		a->back[a->nback++] = a->state;
	a->state = s;
}

/* Close what the screen being left holds, then show the one before it. */
void ui_back(struct app *a)
{
	enum ui_state from = a->state;

	a->state = a->nback > 0 ? a->back[--a->nback] : ST_LIST;
	switch (from) {
	case ST_PROBLEMS:
		problems_free(a);
		break;
	case ST_RESULT:
		result_free(a);
		break;
	case ST_ROW: {
		int row = view_row(a->rowv), group = view_group(a->rowv);

		view_free(a->rowv);
		a->rowv = NULL;
		if (row < a->recs[a->fi]->nrows[group] && row_untouched(a, group, row) &&
		    ui_row_delete(a, a->fi, group, row) == 0) {
			ui_msg(a, MSG_INFO, "这一项没有填写内容，已删除");
			if (a->rsel >= a->recs[a->fi]->nrows[group] && a->rsel > 0)
				a->rsel--;
		}
		break;
	}
	case ST_ROWS:
	case ST_FORM:
		if (a->state == ST_LIST) {
			view_free(a->top);
			a->top = NULL;
			a->fi = -1;
		} else if (a->top != NULL) {
			view_invalidate(a->top);
		}
		break;
	default:
		break;
	}
	if (a->state == ST_FORM && a->top != NULL)
		view_invalidate(a->top);
}

/* Before leaving for another screen, what is typed is saved. */
int ui_commit_all(struct app *a)
{
	int rc = 0;

	if (a->rowv != NULL && view_commit(a, a->rowv) != 0)
		rc = -1;
	if (a->top != NULL && view_commit(a, a->top) != 0)
		rc = -1;
	return rc;
}

/* At the end (signal, end of script): save what can be, say what could not. */
static void ui_final_commit(struct app *a)
{
	struct view *vs[2] = { a->rowv, a->top };

	for (int i = 0; i < 2; i++) {
		char *typed = NULL;
		const char *why;

		if (vs[i] == NULL || view_commit(a, vs[i]) == 0)
			continue;
		why = view_pending_problem(vs[i], &typed);
		strbuf_addf(&a->later, "tianbiao: %s；输入的“%s”没有保存。\n",
			    why != NULL ? why : "有一项不能保存", typed != NULL ? typed : "");
		free(typed);
	}
}

/* Quitting never drops a typed value without asking. */
void ui_quit(struct app *a)
{
	struct view *vs[2] = { a->rowv, a->top };

	for (int i = 0; i < 2; i++) {
		char *typed = NULL, *text;
		const char *why;
		int ans;

		if (vs[i] == NULL || view_commit(a, vs[i]) == 0)
			continue;
		why = view_pending_problem(vs[i], &typed);
		text = xasprintf("%s\n\n填写的“%s”不能保存。\n要放弃这一项的修改并退出吗？",
				 why != NULL ? why : "这一项不能保存", typed != NULL ? typed : "");
		ans = prompt_confirm(a, "这一项有误", text, "放弃并退出", "回去改正", 0);
		free(text);
		free(typed);
		if (ans == 0) {
			/* show the field again */
			while (a->state != ST_LIST && a->state != ST_FORM && a->state != ST_ROW)
				ui_back(a);
			return;
		}
		if (ans < 0)
			break;
		view_discard(vs[i]);
	}
	a->quit = 1;
}

/* A resize may make the window too small, and moves every field window. */
void ui_resized(struct app *a)
{
	a->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
	if (a->top != NULL)
		view_resized(a->top);
	if (a->rowv != NULL)
		view_resized(a->rowv);
	clearok(curscr, TRUE);
}

/* One frame: the current screen, any dialog over it, then one terminal update. */
void ui_frame(struct app *a)
{
	if (a->too_small) {
		if (a->top != NULL)
			view_resized(a->top);
		if (a->rowv != NULL)
			view_resized(a->rowv);
		draw_too_small();
		doupdate();
		return;
	}
	switch (a->state) {
	case ST_LIST:
		list_draw(a);
		break;
	case ST_FORM:
		view_draw(a, a->top);
		break;
	case ST_ROWS:
		rows_draw(a);
		break;
	case ST_ROW:
		view_draw(a, a->rowv);
		break;
	case ST_PROBLEMS:
		problems_draw(a);
		break;
	case ST_HELP:
		help_draw(a);
		break;
	case ST_RESULT:
		result_draw(a);
		break;
	}
	if (a->dlg != NULL)
		prompt_draw(a);
	doupdate();
}

/* Events that every screen handles the same way first, then the screen's own keys. */
static void ui_dispatch(struct app *a, const struct ui_event *e)
{
	int k = ev_key(e);

	switch (e->kind) {
	case EV_QUIT:
		a->quit = 1;
		return;
	case EV_RESIZE:
		ui_resized(a);
		return;
	case EV_IDLE:
		if (a->rowv != NULL)
			view_idle(a, a->rowv);
		if (a->top != NULL)
			view_idle(a, a->top);
		return;
	default:
		break;
	}
	ui_msg_clear(a);
	if (k == KEY_F(10) || k == UK_CTRL('q') || k == UK_CTRL('c')) {
		ui_quit(a);
		return;
	}
	if (a->too_small)
		return;
	switch (a->state) {
	case ST_LIST:
		list_key(a, e);
		break;
	case ST_FORM:
		view_key(a, a->top, e);
		break;
	case ST_ROWS:
		rows_key(a, e);
		break;
	case ST_ROW:
		view_key(a, a->rowv, e);
		break;
	case ST_PROBLEMS:
		problems_key(a, e);
		break;
	case ST_HELP:
		help_key(a, e);
		break;
	case ST_RESULT:
		result_key(a, e);
		break;
	}
}

/* The reporting unit: --unit, else the stored one, else asked for once. */
static int ui_unit(struct app *a)
{
	char *name = NULL, *cause = NULL;

	if (a->args->unit != NULL && !str_blank(a->args->unit)) {
		a->unit = str_trim(xstrdup(a->args->unit));
		return 0;
	}
	if (store_unit_get(a->args->store, &name, &cause) != 0) {
		strbuf_addf(&a->later, "tianbiao: %s\n",
			    cause != NULL ? cause : "无法读取单位名称");
		free(cause);
		a->status = 1;
		return -1;
	}
	while (name == NULL || str_blank(name)) {
		free(name);
		name = prompt_input(a, "第一次使用：填报单位",
				    "请输入本单位的名称（例如：宝坻区大白庄镇人民政府）。\n"
				    "它会填进各张表的“填报单位”，以后不用再输入。",
				    NULL, 40, FT_TEXT);
		if (name == NULL) {	/* Esc or quit: nothing was written, not an error */
			if (!a->quit)
				strbuf_adds(&a->later,
					    "tianbiao: 没有填写单位名称，已退出。下次打开时再填写"
					    "（也可以用 --unit 单位名称 指定）。\n");
			return -1;
		}
		str_trim(name);
		if (str_blank(name))
			ui_msg(a, MSG_ERROR, "单位名称不能为空");
	}
	if (store_unit_set(a->args->store, name, &cause) != 0) {
		strbuf_addf(&a->later, "tianbiao: %s\n",
			    cause != NULL ? cause : "无法保存单位名称");
		free(cause);
		free(name);
		a->status = 1;
		return -1;
	}
	a->unit = name;
	ui_msg(a, MSG_OK, "已记下本单位名称：%s", name);
	return 0;
}

/* Load every form's stored values. */
static int ui_load(struct app *a)
{
	a->recs = xcalloc((size_t)(a->nforms > 0 ? a->nforms : 1), sizeof(*a->recs));
	for (int i = 0; i < a->nforms; i++) {
		char *cause = NULL;

		a->recs[i] = record_new(a->forms[i]);
		if (store_load(a->args->store, a->unit, a->recs[i], &cause) != 0) {
			strbuf_addf(&a->later, "tianbiao: %s\n",
				    cause != NULL ? cause : "无法读取数据");
			free(cause);
			a->status = 1;
			return -1;
		}
	}
	return 0;
}

/* Everything the screens held, before the terminal is given back. */
static void ui_free(struct app *a)
{
	view_free(a->rowv);
	view_free(a->top);
	problems_free(a);
	result_free(a);
	for (int i = 0; a->recs != NULL && i < a->nforms; i++)
		record_free(a->recs[i]);
	free(a->recs);
	free(a->unit);
	if (a->trace_fd >= 0)
		close(a->trace_fd);
}

static int atexit_done;

/* The screens from start to the terminal given back; see tui.h. */
int tui_run(const struct tui_args *args)
{
	struct app a;
	char *cause = NULL;
	const char *trace;
	int rc;

	memset(&a, 0, sizeof(a));
	a.args = args;
	a.forms = args->forms;
	a.nforms = args->nforms;
	a.fi = -1;
	a.trace_fd = -1;
	if (input_init(&cause) != 0) {
		fprintf(stderr, "tianbiao: %s\n",
			cause != NULL ? cause : "无法读取 TIANBIAO_SCRIPT");
		free(cause);
		return 1;
	}
	rc = term_start();
	if (rc != 0) {
		input_free();
		return rc;
	}
	util_set_fatal_hook(term_stop);
	if (!atexit_done) {
		atexit(term_stop);
		atexit_done = 1;
	}
	trace = getenv("TIANBIAO_TRACE");
	if (trace != NULL && *trace != '\0')
		a.trace_fd = open(trace, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	a.too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
	if (ui_unit(&a) == 0 && ui_load(&a) == 0) {
		while (!a.quit) {
			struct ui_event e;

			ui_frame(&a);
			e = input_next(&a);
			ui_dispatch(&a, &e);
		}
		ui_final_commit(&a);
	}
	ui_free(&a);
	input_free();
	term_stop();
	util_set_fatal_hook(NULL);
	if (a.later.len > 0)
		fputs(a.later.buf, stderr);
	strbuf_free(&a.later);
	return a.status;
}
