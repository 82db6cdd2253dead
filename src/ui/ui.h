/*
 * ui.h - what the screen modules of src/ui share (internal; tui.h is the public contract).
 *
 * One file per screen, each with a _draw and a _key function; tui.c holds the
 * main loop that switches on the current screen. Around them: term.c (terminal
 * setup, restore, signals), input.c (the one input function: keyboard or key
 * script, and the screen dump), draw.c (text drawing by display width, header,
 * message and key lines), lineedit.c (libformw for one-line fields, with every
 * workaround of shared/notes/libformw-cjk.md), layout.c (a form's layout derived
 * from its items), prompt.c (small dialogs).
 *
 * Screen geometry: row 0 is the header bar, rows 1..LINES-3 the content, row
 * LINES-2 the message line and row LINES-1 the key line.
 */
#ifndef TB_UI_H
#define TB_UI_H

#include <curses.h>
#include <form.h>
#include <stddef.h>
#include <wchar.h>

#include "../core/check.h"
#include "../core/form.h"
#include "../core/record.h"
#include "../core/util.h"
#include "../store/store.h"
#include "editor.h"
#include "tui.h"

/* The smallest terminal every screen fits in (the forms are laid out for 80x24). */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 16
/* Widest layout, so that sentences stay readable on very wide terminals. */
#define UI_MAX_WIDTH 110

/* ---- input (input.c) ---- */

enum ev_kind { EV_CHAR, EV_KEY, EV_IDLE, EV_RESIZE, EV_QUIT };

/* One input event: a character or KEY_* code as wget_wch gives it, or an event. */
struct ui_event {
	enum ev_kind kind;
	wint_t ch;
};

/* Normalised key codes beyond ncurses' KEY_* for control characters. */
#define UK_TAB (KEY_MAX + 1)
#define UK_ESC (KEY_MAX + 2)
#define UK_CTRL(c) (KEY_MAX + 16 + ((c) & 0x1f))

/* The key of an event with Enter, Tab, Esc, Backspace, Home/End variants folded
 * into one code each; 0 for a printable character (then use e->ch). */
int ev_key(const struct ui_event *e);
/* True for a character that may be typed into a field (printable, width > 0). */
int ev_printable(const struct ui_event *e);

struct app;

/* Read TIANBIAO_SCRIPT when set; -1 with *cause when it cannot be read. */
int input_init(char **cause);
void input_free(void);
int input_scripted(void);
/* The next event. Draw the screen before calling: dump commands read it. */
struct ui_event input_next(struct app *a);
/* Write the screen as text (trailing blanks trimmed) and a last line "cursor Y,X". */
int input_dump(const char *path, char **cause);

/* ---- terminal (term.c) ---- */

/* Check the locale and TERM, start curses (or a display-less screen when
 * TIANBIAO_NO_DISPLAY=1). Returns 0, or an exit status after printing why. */
int term_start(void);
/* Restore the terminal and print what was held back from stderr; idempotent. */
void term_stop(void);
int term_started(void);
int term_no_display(void);
/* The signal that asked us to stop (SIGHUP, SIGTERM, SIGINT), or 0. */
int term_signal(void);
void term_raise(int sig);
/* True when the terminal can show the colours we use. */
int term_colors(void);

/* ---- drawing (draw.c) ---- */

enum ui_attr { UA_NORMAL, UA_BOLD, UA_DIM, UA_TITLE, UA_SEL, UA_FIELD, UA_FOCUS, UA_KEY,
	       UA_ERROR, UA_OK, UA_WARN };

void draw_attr(WINDOW *w, enum ui_attr at);
/* Draw UTF-8 s at (y, x) in at most maxcols display columns (never half a wide
 * character; control characters shown as spaces). Returns the columns used. */
int draw_str(WINDOW *w, int y, int x, const char *s, int maxcols, enum ui_attr at);
/* Fill n columns with c. */
void draw_fill(WINDOW *w, int y, int x, int n, int c, enum ui_attr at);
/* The header bar (row 0): left text and right text. */
void draw_header(const char *left, const char *right);
/* The key line: pairs of key name and Chinese label, as many as fit. */
struct keyhelp {
	const char *key;
	const char *label;
};
void draw_keys(const struct keyhelp *k, int n);
/* The message line from the app's current message, else hint (may be NULL). */
void draw_message(struct app *a, const char *hint);
/* Display width of UTF-8 text as the terminal draws it. */
int draw_width(const char *s);
/* The "too small" screen. */
void draw_too_small(void);
/* Content rows: first row and count. */
int ui_content_top(void);
int ui_content_rows(void);
/* Chinese numeral for n (1 -> 一, 12 -> 十二), n in 1..99; out has room for 16 bytes. */
void ui_cn_number(int n, char *out, size_t outlen);

/* ---- one-line fields on libformw (lineedit.c) ---- */

struct lineedit;

enum le_result { LE_CHANGED, LE_MOVED, LE_REFUSED, LE_UNHANDLED };

/* An editor for one line of at most cols display columns (libform field of
 * cols + 1 columns: the last one holds the cursor), for a field of type t. */
struct lineedit *le_new(const char *text, int cols, enum field_type t);
void le_free(struct lineedit *le);
/* Show it at screen (y, x) on top of stdscr: (re)creates the libform form when the
 * place changed. Returns 0, or -1 when the window is too small (E_NO_ROOM). */
int le_place(struct lineedit *le, int y, int x);
/* Forget the on-screen form (on resize, scroll, or when hidden); text is kept. */
void le_unplace(struct lineedit *le);
/* Refresh the field's window (after stdscr) and put the cursor in it. */
void le_refresh(struct lineedit *le);
/* One key; on LE_REFUSED msg holds the Chinese reason. */
enum le_result le_key(struct lineedit *le, const struct ui_event *e, char *msg, size_t msglen);
/* The text as typed (trailing spaces removed); borrowed, valid until the next call. */
const char *le_text(struct lineedit *le);
/* Replace the text; the cursor goes to its end. */
void le_set_text(struct lineedit *le, const char *text);
int le_cols(const struct lineedit *le);

/* ---- layout of a form or of one group row (layout.c) ---- */

enum slot_kind { SL_TEXT, SL_LONG, SL_CHOICE, SL_YESNO, SL_MULTI, SL_GROUP };

enum lay_style { LS_NORMAL, LS_BOLD, LS_DIM, LS_TITLE };

struct lay_piece {		/* static text at a virtual row and column */
	int row, col;
	char *text;		/* owned */
	enum lay_style style;
};

struct lay_opt {		/* where an option's mark starts ("[ ]" / "( )") */
	int row, col;
	int cols;		/* columns for mark and label (其他: to the end of the row) */
};

struct slot {
	enum slot_kind kind;
	int field;		/* index in form->fields; SL_GROUP: group index */
	int row, col;		/* first cell */
	int cols;		/* SL_TEXT: data columns (+1 on screen); SL_LONG: box width */
	int rows;		/* SL_LONG: box height */
	int first_row;		/* first row worth showing with it (its label) */
	int last_row;		/* last row it occupies */
	int ctx_last;		/* last row of its sentence, shown with it when it fits */
	struct lay_opt *opts;	/* SL_CHOICE / SL_YESNO / SL_MULTI; 其他 is last */
	int nopts;
	int oneline;		/* SL_LONG for a one-line field wider than the screen:
				   wrapped in a box, Enter goes to the next field */
};

struct layout {
	struct lay_piece *pieces;
	int npieces, cappieces;
	struct slot *slots;
	int nslots, capslots;
	int nrows;
	int width;
	int has_text;		/* there are read-only paragraphs (F4 folds them) */
};

/* Lay out the top-level items of r's form (group < 0) or one row of a group,
 * width columns wide; folded shows read-only paragraphs as one line. */
void layout_build(struct layout *l, const struct record *r, int group, int row, int width,
		  int folded);
void layout_free(struct layout *l);
/* Data columns of a one-line field (the field's width, narrowed for its type). */
int layout_field_cols(const struct form_field *fld);
/* Label as shown before a field: the label with "：" added. malloc'd. */
char *layout_label(const char *label);
/* A row's one-line summary for lists: the title field, then short fields. malloc'd. */
char *layout_row_summary(const struct record *r, int group, int row, int width);

/* ---- the form screen (formview.c) ---- */

struct view;

/* A view of form index fi: its top-level items (group < 0) or row `row` of group. */
struct view *view_new(struct app *a, int fi, int group, int row);
void view_free(struct view *v);
void view_draw(struct app *a, struct view *v);
void view_key(struct app *a, struct view *v, const struct ui_event *e);
/* Check and save the focused value. leaving: the field is being left for good.
 * Returns 0 when saved or unchanged, -1 when it cannot be saved (message set). */
int view_commit(struct app *a, struct view *v);
/* Throw away what is typed in the focused field (after the user agreed). */
void view_discard(struct view *v);
/* What is wrong with the focused value (for the quit question), or NULL. */
const char *view_pending_problem(struct view *v, char **typed);
void view_idle(struct app *a, struct view *v);
void view_resized(struct view *v);
/* Put the focus on field (row-matching) and scroll to it; 0 when found. */
int view_focus_field(struct app *a, struct view *v, int field);
/* Rebuild the layout on the next draw (values or rows changed elsewhere). */
void view_invalidate(struct view *v);
int view_group(const struct view *v);
int view_row(const struct view *v);
/* Fill blank unit/today fields of the view's items and save them. */
void view_prefill(struct app *a, struct view *v);

/* ---- the app and its screens ---- */

enum ui_state { ST_LIST, ST_FORM, ST_ROWS, ST_ROW, ST_PROBLEMS, ST_HELP, ST_RESULT };

enum msg_level { MSG_NONE, MSG_INFO, MSG_OK, MSG_WARN, MSG_ERROR };

struct dialog;

struct app {
	const struct tui_args *args;
	char *unit;			/* the reporting unit */
	struct form **forms;
	int nforms;
	struct record **recs;		/* [nforms], loaded at start */
	enum ui_state state;
	enum ui_state back[8];		/* screens to return to with Esc */
	int nback;
	int quit;			/* leave the main loop */
	int status;			/* exit status */
	int too_small;
	/* the form list */
	int sel;
	/* the open form, its view, its group-rows list and the open row */
	int fi;
	struct view *top, *rowv;
	int group;
	int rsel, rtop;
	/* problems list */
	struct check_problem *probs;
	int *probfi;			/* form of each problem */
	int nprobs, psel, ptop;
	int pexport;			/* 0: jump list; 1: before exporting */
	int pform;			/* form of the problem list; -1 for all forms */
	/* help and result screens */
	enum ui_state help_from;
	int htop;
	char **res;			/* result screen lines */
	int nres, rtop2;
	char *res_title;
	/* message line */
	char msg[512];
	enum msg_level msg_level;
	int msg_sticky;			/* survives one key press */
	/* the open dialog, drawn over the screen */
	struct dialog *dlg;
	/* trace of saved values (TIANBIAO_TRACE) */
	int trace_fd;
	/* messages for stderr after the terminal is restored */
	struct strbuf later;
};

void ui_msg(struct app *a, enum msg_level l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_msg_clear(struct app *a);
/* Draw the current screen and any dialog, and update the terminal. */
void ui_frame(struct app *a);
/* Go to screen s, remembering the current one for ui_back. */
void ui_push(struct app *a, enum ui_state s);
void ui_back(struct app *a);
/* Save the value typed in any open view; returns -1 if one could not be saved. */
int ui_commit_all(struct app *a);
/* Handle a resize: check the size, tell the views. */
void ui_resized(struct app *a);
/* F10 (and Ctrl-Q): save, ask about a value that cannot be saved, quit. */
void ui_quit(struct app *a);
/* Store wrappers that also update the record and the trace. 0 or -1 (message set). */
int ui_store_set(struct app *a, int fi, int field, int row, const char *value);
int ui_row_add(struct app *a, int fi, int group);
int ui_row_delete(struct app *a, int fi, int group, int row);
int ui_row_move(struct app *a, int fi, int group, int row, int dir);
/* Open form fi from the list (its form screen, or its rows when it is just a group). */
void ui_open_form(struct app *a, int fi);
/* Open row `row` of the current group as its own screen. */
void ui_open_row(struct app *a, int row);
/* Index of the only focusable top-level group of form fi, or -1. */
int ui_group_only(const struct form *f);
/* Fill the blank unit/today fields of form fi (top level: group -1, row -1; or one
 * group row) and save them, as opening the screen does. */
void ui_prefill(struct app *a, int fi, int group, int row);
/* The value today's date or the unit gives a field with those attributes, or NULL. */
char *ui_prefill_value(struct app *a, const struct form *f, const struct form_field *fld);

/* list.c */
void list_draw(struct app *a);
void list_key(struct app *a, const struct ui_event *e);
/* "已填 3/10 项" etc. and "6月5日截止，还有 2 天" for form i. */
void list_state_text(struct app *a, int i, char *out, size_t outlen);
void list_due_text(const struct form *f, char *out, size_t outlen);

/* rows.c */
void rows_draw(struct app *a);
void rows_key(struct app *a, const struct ui_event *e);

/* problems.c */
/* Open the problem list of form fi (-1: all forms); export: ask before exporting. */
void problems_open(struct app *a, int fi, int export);
void problems_draw(struct app *a);
void problems_key(struct app *a, const struct ui_event *e);
void problems_free(struct app *a);

/* help.c */
void help_draw(struct app *a);
void help_key(struct app *a, const struct ui_event *e);

/* exportui.c */
/* Export form fi (-1: all forms): shows the problems first and asks. */
void exportui_start(struct app *a, int fi);
/* Write the files (after the question was answered) and show the result. */
void exportui_write(struct app *a, int fi);
void result_draw(struct app *a);
void result_key(struct app *a, const struct ui_event *e);
void result_free(struct app *a);

/* prompt.c: modal dialogs, each runs its own loop over input_next. */
/* A question with two answers; returns 1 for yes, 0 for no (Esc), -1 when quitting. */
int prompt_confirm(struct app *a, const char *title, const char *text, const char *yes,
		   const char *no, int default_yes);
/* A message; any key closes it. */
void prompt_message(struct app *a, const char *title, const char *text);
/* One line of text (libform); returns malloc'd text, or NULL on Esc or quit. */
char *prompt_input(struct app *a, const char *title, const char *text, const char *init,
		   int cols, enum field_type t);
/* Pick one of n options; returns its index, or -1. */
int prompt_pick(struct app *a, const char *title, char **opts, int n, int init);
/* Draw the open dialog over the screen (ui_frame calls it). */
void prompt_draw(struct app *a);

#endif
