/*
 * tui.c - tui_run and the one loop over the stack of screens (contract in tui.h
 * and ui.h).
 *
 * What means the same on every screen is handled here once: F1 opens the help,
 * F10 / Ctrl-Q quit (asking first about a value that cannot be saved), Ctrl-C asks
 * whether to quit (a Windows user presses it to copy) and quits when pressed again,
 * a resize is passed to every open screen, keys typed while the window is too
 * small are kept and handled once it is large enough, the idle save and the save
 * during typing run on every open screen (dialogs included), and bytes that are
 * not UTF-8 are reported. Everything else goes to the top screen.
 */
#include "ui.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"

extern const struct screen_ops *const ui_screens[SCR_COUNT];

/* Every member unset: screens read only what they use. */
struct screen_args ui_args(int fi)
{
	struct screen_args s;

	memset(&s, 0, sizeof(s));
	s.fi = fi;
	s.group = s.row = s.field = -1;
	return s;
}

/* The top screen. */
static struct ui_open_screen *ui_top(struct app *a)
{
	return &a->stack[a->depth - 1];
}

/* Screens open on top of each other; the one under stays as it was. */
int ui_open(struct app *a, enum screen_id id, const struct screen_args *args, ui_done_fn done,
	    void *ctx)
{
	const struct screen_ops *ops = ui_screens[id];
	struct screen_args none = ui_args(-1);
	void *st;

	if (a->depth >= UI_DEPTH) {
		ui_msg(a, MSG_ERROR, "打开的界面太多了，请先按 Esc 返回");
		return -1;
	}
	st = ops->open(a, args != NULL ? args : &none);
	if (st == NULL)
		return -1;
	a->stack[a->depth].ops = ops;
	a->stack[a->depth].st = st;
	a->stack[a->depth].done = done;
	a->stack[a->depth].ctx = ctx;
	a->depth++;
	if (ops->start != NULL)
		ops->start(a, st);
	return 0;
}

/* The top screen goes away without an answer (a jump passes over it). */
static void ui_pop(struct app *a, int ending)
{
	struct ui_open_screen s = *ui_top(a);

	a->depth--;
	s.ops->close(a, s.st, ending);
}

/* The opener hears what was chosen, after the screen is gone. */
void ui_close(struct app *a, const struct ui_answer *ans)
{
	struct ui_open_screen s;
	struct ui_answer none;

	if (a->depth <= 1)	/* the form list stays; F10 leaves the program */
		return;
	s = *ui_top(a);
	ui_pop(a, 0);
	memset(&none, 0, sizeof(none));
	none.value = -1;
	if (s.done != NULL)
		s.done(a, s.ctx, ans != NULL ? ans : &none);
}

/* Every screen with something typed saves it: before an export, on idle, at the end. */
int ui_save_all(struct app *a, enum save_how how)
{
	int rc = 0;

	for (int i = a->depth - 1; i >= 0; i--) {
		struct ui_open_screen *s = &a->stack[i];

		if (s->ops->save != NULL && s->ops->save(a, s->st, how) != 0)
			rc = -1;
	}
	return rc;
}

/* A form opens on its fields, or on its rows when it is only a list of rows. */
void ui_open_form(struct app *a, int fi)
{
	struct screen_args args = ui_args(fi);
	int g = data_group_only(a->forms[fi]);

	if (g >= 0) {
		args.group = g;
		ui_open(a, SCR_ROWS, &args, NULL, NULL);
	} else {
		ui_open(a, SCR_FORM, &args, NULL, NULL);
	}
}

/* Close screens until one shows the field, correcting the row when leaving a blank
 * row deleted it on the way (the rows after it move up). */
void ui_goto(struct app *a, int fi, int field, int row)
{
	unsigned long seen = data_last_deleted(a)->n;
	int group = field >= 0 && field < a->forms[fi]->nfields ? a->forms[fi]->fields[field].group
								  : -1;

	for (;;) {
		struct ui_open_screen *top = ui_top(a);
		const struct data_deleted *d = data_last_deleted(a);

		if (d->n != seen) {
			seen = d->n;
			if (d->fi == fi && group >= 0 && d->group == group && row >= 0) {
				if (row == d->row) {	/* it was the blank row itself */
					ui_msg(a, MSG_INFO, "那一项没有填写内容，已删除");
					return;
				}
				if (row > d->row) {
					row--;
				}
			}
		}
		if (top->ops->focus != NULL && top->ops->focus(a, top->st, fi, field, row) == 0)
			return;
		if (a->depth == 1)
			return;
		if (top->ops->save != NULL && top->ops->save(a, top->st, SAVE_LEAVE) != 0)
			return;	/* the message says what to correct first */
		ui_pop(a, 0);
	}
}

/* A screen that opened another for a jump hands the rest of it on. */
int ui_focus_top(struct app *a, int fi, int field, int row)
{
	struct ui_open_screen *top = ui_top(a);

	if (top->ops->focus == NULL)
		return -1;
	return top->ops->focus(a, top->st, fi, field, row);
}

/* The answer to "这一项有误" while quitting: give up the value, or go back to it. */
static void quit_answer(struct app *a, void *ctx, const struct ui_answer *ans);

/* Quitting never drops a typed value without asking. */
static void ui_quit(struct app *a)
{
	for (int i = a->depth - 1; i >= 0; i--) {
		struct ui_open_screen *s = &a->stack[i];
		struct screen_args args = ui_args(-1);
		char *typed = NULL, *text;
		const char *why;

		if (s->ops->save == NULL || s->ops->save(a, s->st, SAVE_LEAVE) == 0)
			continue;
		why = s->ops->problem != NULL ? s->ops->problem(a, s->st, &typed) : NULL;
		text = xasprintf("%s\n\n填写的“%s”不能保存。\n要放弃这一项的修改并退出吗？",
				 why != NULL ? why : "这一项不能保存", typed != NULL ? typed : "");
		args.mode = 0;	/* a question */
		args.title = "这一项有误";
		args.text = text;
		args.yes = "放弃并退出";
		args.no = "回去改正";
		ui_open(a, SCR_DIALOG, &args, quit_answer, (void *)(intptr_t)i);
		free(text);
		free(typed);
		return;
	}
	a->quit = 1;
	a->user_quit = 1;
}

/* 放弃并退出: that value is dropped and quitting goes on; 回去改正: back to the field. */
static void quit_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	int i = (int)(intptr_t)ctx;

	if (ans->value == 1) {
		if (a->stack[i].ops->discard != NULL)
			a->stack[i].ops->discard(a, a->stack[i].st);
		ui_quit(a);
		return;
	}
	while (a->depth > i + 1)	/* show the field again */
		ui_pop(a, 0);
}

/* Ctrl-C answered: 退出 (or Ctrl-C again) quits as F10 does; 继续填写 says so. */
static void ctrlc_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	(void)ctx;
	a->asking_ctrlc = 0;
	if (ans->value == 1)
		ui_quit(a);
	else if (ans->value == 0)
		ui_msg(a, MSG_INFO, "没有退出，继续填写。要退出请按 F10");
}

/*
 * Ctrl-C asks first: a clerk used to Windows presses it to copy, and losing the screen
 * for a copy is a fright (nothing is lost, but the form is gone). Someone who meant to
 * stop the program presses it twice, as in many terminal programs, or Enter on 退出.
 */
static void ui_ask_ctrlc(struct app *a)
{
	ui_save_all(a, SAVE_TICK);	/* so that 都已保存 is true of what was just typed */
	ui_confirm(a, "退出",
		   "要退出填表吗？填写的内容都已保存。\n\n"
		   "在这里 Ctrl-C 是退出，不是复制。\n"
		   "复制文字：用鼠标选中，再按 Ctrl-Shift-C。\n"
		   "再按一次 Ctrl-C 就退出。",
		   "退出", "继续填写", 0, ctrlc_answer, NULL);
	a->asking_ctrlc = a->depth;
}

/* At the end (signal, end of script): save what can be, say what could not. */
static void ui_final_save(struct app *a)
{
	for (int i = a->depth - 1; i >= 0; i--) {
		struct ui_open_screen *s = &a->stack[i];
		char *typed = NULL;
		const char *why;

		if (s->ops->save == NULL || s->ops->save(a, s->st, SAVE_FINAL) == 0)
			continue;
		why = s->ops->problem != NULL ? s->ops->problem(a, s->st, &typed) : NULL;
		strbuf_addf(&a->later, "tianbiao: %s；输入的“%s”没有保存。\n",
			    why != NULL ? why : "有一项不能保存", typed != NULL ? typed : "");
		free(typed);
	}
	if (a->nheld > 0)
		strbuf_addf(&a->later,
			    "tianbiao: 窗口太小时按的 %d 个键没有处理（窗口一直没有拉大）。\n",
			    a->nheld);
}

/* A resize may make the window too small, and moves every field window. */
static void ui_resized(struct app *a)
{
	a->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i].ops->resized != NULL)
			a->stack[i].ops->resized(a, a->stack[i].st);
	clearok(curscr, TRUE);
}

/* One frame: the top screen that is not a dialog, the dialogs over it, then one
 * terminal update. */
static void ui_frame(struct app *a)
{
	int base = a->depth - 1;

	if (a->too_small) {
		draw_too_small(a->nheld, a->held_full);
		doupdate();
		return;
	}
	while (base > 0 && a->stack[base].ops->overlay)
		base--;
	for (int i = base; i < a->depth; i++)
		a->stack[i].ops->draw(a, a->stack[i].st);
	doupdate();
}

/* Keys typed into a window too small to show them are kept, in order. */
static void ui_hold(struct app *a, const struct ui_event *e)
{
	if (a->nheld < UI_HELD) {
		a->held[a->nheld++] = *e;
		return;
	}
	a->held_full = 1;
	beep();
}

/* The events every screen handles the same way, then the top screen's keys. */
static void ui_event(struct app *a, const struct ui_event *e)
{
	struct ui_open_screen *top = ui_top(a);
	int k = ev_key(e), quitkey = k == KEY_F(10) || k == UK_CTRL('q') || k == UK_CTRL('c');

	switch (e->kind) {
	case EV_QUIT:
		a->quit = 1;
		return;
	case EV_RESIZE:
		ui_resized(a);
		return;
	case EV_IDLE:
		ui_save_all(a, SAVE_IDLE);
		return;
	case EV_TICK:
		ui_save_all(a, SAVE_TICK);
		return;
	case EV_BADBYTES:	/* counted while the message shows */
		a->bad_bytes = (a->msg_sticky ? a->bad_bytes : 0) + (int)e->ch;
		ui_msg(a, MSG_ERROR,
		       "终端送来了 %d 个不是 UTF-8 的字节，已丢弃；后面的按键照常收下。"
		       "常出现时，请把终端的字符编码设为 UTF-8。",
		       a->bad_bytes);
		a->msg_sticky = 1;
		return;
	default:
		break;
	}
	if (a->too_small && !(quitkey && a->nheld == 0)) {
		ui_hold(a, e);
		return;
	}
	ui_msg_clear(a);
	if (quitkey && a->asking_ctrlc == a->depth && top->ops->overlay) {
		struct ui_answer yes;	/* Ctrl-C twice, or F10: 退出 */

		memset(&yes, 0, sizeof(yes));
		yes.value = 1;
		ui_close(a, &yes);
		return;
	}
	if (!top->ops->overlay) {
		if (k == UK_CTRL('c') && !a->too_small) {
			ui_ask_ctrlc(a);
			return;
		}
		if (quitkey) {
			ui_quit(a);
			return;
		}
		if (k == KEY_F(1) && top->ops != &help_screen) {
			ui_open(a, SCR_HELP, NULL, NULL, NULL);
			return;
		}
	}
	top->ops->key(a, top->st, e);
}

/* Screens with work between frames (an import) do a slice; 1 when one did something. */
static int ui_work(struct app *a)
{
	int did = 0;

	for (int i = a->depth - 1; i >= 0; i--) {
		struct ui_open_screen *s = &a->stack[i];

		if (s->ops->work != NULL && s->ops->work(a, s->st))
			did = 1;
	}
	return did;
}

/* The next event: the keys kept while the window was too small come first. */
static struct ui_event ui_next(struct app *a)
{
	struct ui_event e;

	if (!a->too_small && a->nheld > 0) {
		e = a->held[0];
		memmove(a->held, a->held + 1, (size_t)(a->nheld - 1) * sizeof(a->held[0]));
		a->nheld--;
		if (a->nheld == 0)
			a->held_full = 0;
		return e;
	}
	return input_next(a);
}

/* The reporting unit: --unit, else the stored one; NULL leaves the list to ask. */
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
	if (name != NULL && !str_blank(name))
		a->unit = name;
	else
		free(name);
	return 0;
}

/* Said on the terminal after the clerk quits: nothing is lost, and how to come back
 * (with the --db the program was given, when it is not the default database). */
static void ui_goodbye(const struct tui_args *args)
{
	char *def = store_default_path();

	if (args->db_path == NULL || strcmp(args->db_path, def) == 0)
		printf("内容都已保存。再次输入 tianbiao 继续填写。\n");
	else
		printf("内容都已保存。再次输入 tianbiao --db %s 继续填写。\n", args->db_path);
	fflush(stdout);
	free(def);
}

static int atexit_done;

/* The screens from start to the terminal given back; see tui.h. */
int tui_run(const struct tui_args *args)
{
	struct app *a = xcalloc(1, sizeof(*a));
	char *cause = NULL;
	int rc;

	a->args = args;
	ui_year_set(a, args->year);	/* one campaign year at a time (years.c) */
	if (input_init(&cause) != 0) {
		fprintf(stderr, "tianbiao: %s\n",
			cause != NULL ? cause : "无法读取 TIANBIAO_SCRIPT");
		free(cause);
		free(a->year_forms);
		free(a);
		return 1;
	}
	rc = term_start(args->db_path);
	if (rc != 0) {
		input_free();
		free(a->year_forms);
		free(a);
		return rc;
	}
	util_set_fatal_hook(term_stop);
	if (!atexit_done) {
		atexit(term_stop);
		atexit_done = 1;
	}
	a->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
	if (ui_unit(a) == 0 && (a->unit == NULL || data_load(a) == 0) &&
	    ui_open(a, SCR_LIST, NULL, NULL, NULL) == 0) {
		if (a->unit != NULL)
			dist_start(a);	/* a district's database opens on its pages */
		while (!a->quit) {
			struct ui_event e;

			ui_frame(a);
			/* work goes on between frames until a key is waiting */
			if (ui_work(a) && !input_pending())
				continue;
			e = ui_next(a);
			ui_event(a, &e);
		}
		ui_final_save(a);
	}
	while (a->depth > 0)
		ui_pop(a, 1);
	data_free(a);
	free(a->year_forms);
	free(a->unit);
	input_free();
	term_stop();
	util_set_fatal_hook(NULL);
	if (a->later.len > 0)
		fputs(a->later.buf, stderr);
	else if (a->user_quit && a->status == 0)
		ui_goodbye(args);
	strbuf_free(&a->later);
	rc = a->status;
	free(a);
	return rc;
}
