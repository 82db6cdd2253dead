/*
 * ui.h - what the modules of src/ui share (internal; tui.h is the public contract).
 *
 * The screens are a stack: the form list at the bottom, then whatever the clerk
 * opened from it; dialogs are screens too, drawn over the one under them. Each
 * screen is one file with a `const struct screen_ops` and a state only that file
 * knows, listed once in the table in screens.c. tui.c runs the one loop: it handles
 * what means the same on every screen (F1, F10, resizing, a window too small, the
 * idle save, bytes that are not UTF-8) and gives every other key to the top screen.
 * A screen opens another with ui_open and gets its answer back through the callback
 * it passed (a dialog's button, a chosen problem); no screen calls another screen's
 * functions. Adding a screen: docs/architecture.md.
 *
 * Around the screens: data.c (the records, every change saved through the store,
 * the trace, the values filled in for the clerk, the cached problem counts),
 * input.c (the one input function: keyboard or key script, and the screen dump),
 * term.c (terminal setup, restore, signals, the crash handler, the ambiguous-width
 * probe), draw.c (text by display width, header, message and key lines), lineedit.c
 * (one-line fields on libformw, docs/libformw.md), editor.c (long text). A form's
 * layout is computed in the core (src/core/layout.h) by the terminal's rule (ui_rule).
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
#include "../core/cnum.h"
#include "../core/form.h"
#include "../core/layout.h"
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
/* What a blank count means, in the one wording every screen uses. */
#define UI_BLANK_HINT "没有就填 0；还没有统计就先空着"

struct app;

/* ---- input (input.c) ---- */

enum ev_kind {
	EV_CHAR,	/* a character: ch */
	EV_KEY,		/* a KEY_* code: ch */
	EV_IDLE,	/* a second without a key: save what is typed, say so */
	EV_TICK,	/* typing goes on, what was typed first is getting old: save it quietly */
	EV_RESIZE,
	EV_BADBYTES,	/* ch bytes from the terminal were not UTF-8 and were dropped */
	EV_QUIT		/* a signal, or the end of the key script */
};

/* One input event. */
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

/* Read TIANBIAO_SCRIPT when set; -1 with *cause when it cannot be read. */
int input_init(char **cause);
void input_free(void);
/* Bytes the terminal sent before the screens started (typed ahead while the
 * terminal was asked about its character widths): they come first. */
void input_unread(const unsigned char *bytes, size_t n);
/* The next event. Draw the screen before calling: dump commands read it. */
struct ui_event input_next(struct app *a);
/* True when a key is waiting (read without waiting); a key script answers 0, so that
 * work between frames (ui.h, screen_ops.work) runs to its end before the next line. */
int input_pending(void);

/* ---- terminal (term.c) ---- */

/* Check the locale and TERM, start curses (or a display-less screen when
 * TIANBIAO_NO_DISPLAY=1). db_path is named if the program crashes. Returns 0, or
 * an exit status after printing why. */
int term_start(const char *db_path);
/* Restore the terminal and print what was held back from stderr; idempotent. */
void term_stop(void);
/* The signal that asked us to stop (SIGHUP, SIGTERM, SIGINT), or 0. */
int term_signal(void);
void term_raise(int sig);
/* True when the terminal can show the colours we use. */
int term_colors(void);
/* True when the terminal was measured drawing ambiguous-width characters (“ ” — ·)
 * two columns wide; false when narrow or when it did not answer. */
int term_ambiguous_wide(void);

/* ---- drawing (draw.c) ---- */

enum ui_attr { UA_NORMAL, UA_BOLD, UA_DIM, UA_TITLE, UA_SEL, UA_FIELD, UA_FOCUS, UA_KEY,
	       UA_ERROR, UA_OK, UA_WARN };

/* Draw UTF-8 s at (y, x) in at most maxcols display columns (never half a wide
 * character; control characters shown as spaces). Returns the columns used. */
int draw_str(WINDOW *w, int y, int x, const char *s, int maxcols, enum ui_attr at);
/* Fill n columns with c. */
void draw_fill(WINDOW *w, int y, int x, int n, int c, enum ui_attr at);
/* Give n columns at (y, x) the attribute at, keeping what they show. */
void draw_recolour(WINDOW *w, int y, int x, int n, enum ui_attr at);
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
/* The same, but an OK message (已保存：X) is shown with the hint, not instead of it;
 * keep_row: a screen row the message must not cover (the focused field's), or -1. */
void draw_message_hint(struct app *a, const char *hint, int keep_row);
/* Display width of UTF-8 text as the terminal draws it (by ui_rule). */
int draw_width(const char *s);
/* The width rule of this terminal, for the layout and everything measured for the screen. */
const struct text_rule *ui_rule(void);
/* The "too small" screen; held: keys kept until the window is large enough. */
void draw_too_small(int held, int full);
/* Content rows: first row and count. */
int ui_content_top(void);
int ui_content_rows(void);

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
/* The cursor, in characters from the start. */
int le_cursor(const struct lineedit *le);

/* ---- the records and every change to them (data.c) ---- */

/* Load every form's stored values; -1 with the reason in the app's later messages. */
int data_load(struct app *a);
void data_free(struct app *a);
/* Read form fi's record again after the store changed it behind the screens (the
 * district's report kept in its own copy), in place, so the screens' pointers stay good;
 * 0, or -1 with the message shown and the record as it was. */
int data_reload(struct app *a, int fi);
/* Form fi's record: what is stored, and what is shown in blank unit/date fields.
 * Only this module changes it. NULL before data_load. */
const struct record *data_record(struct app *a, int fi);
/* Store wrappers: one transaction each, the record kept in step, one trace line
 * (TIANBIAO_TRACE) after the commit. The first change to a form also stores the
 * values data_prefill showed in it. 0, or -1 with the message line set. */
int data_set(struct app *a, int fi, int field, int row, const char *value);
/* Ctrl-Z: take back the last change of field (row) of form fi, saved as a new change
 * (the store's revision grows). Saves of one field in one visit are one change;
 * data_undo_visit starts a new visit (a field entered). 1 with *restored the value now
 * (malloc'd, NULL for blank), 0 when this field has no change
 * to take back, -1 with the message line set when the store refused. */
int data_undo(struct app *a, int fi, int field, int row, char **restored);
void data_undo_visit(struct app *a);
int data_row_add(struct app *a, int fi, int group);
int data_row_delete(struct app *a, int fi, int group, int row);
int data_row_move(struct app *a, int fi, int group, int row, int dir);
/* Show the unit and today's date in the blank unit/today fields of form fi's top
 * level (group -1) or of one group row, in memory only: opening a form is not a
 * change. data_unprefill takes back those that were never stored. */
void data_prefill(struct app *a, int fi, int group, int row);
void data_unprefill(struct app *a, int fi, int group, int row);
/* Store what data_prefill would show, for an export. */
int data_fill_defaults(struct app *a, int fi);
/* True when nothing was written in the row except what is filled in for the clerk. */
int data_row_untouched(struct app *a, int fi, int group, int row);
/* Grows with every change to form fi's record (values shown count too). */
unsigned long data_serial(struct app *a, int fi);
/* The problems of form fi (check_record), counted again only after a change;
 * borrowed until the next change. */
int data_problems(struct app *a, int fi, const struct check_problem **out);
/* "已填 3/10 项，1 个问题", "已完成" (every required field filled, no problem), "已完成，
 * 4 项选填未填" or "未填写" for form fi. */
void data_state_text(struct app *a, int fi, char *out, size_t outlen);
/* exportui.c: 已导出（12月1日 19:11） (returns 1), 导出后又修改过，请重新导出 (2), or an
 * empty text when the form was never exported (0). */
int exportui_state_text(struct app *a, int fi, char *out, size_t outlen);
/* The last row deleted (of form fi, group): a jump to a row after it goes one up. */
struct data_deleted {
	unsigned long n;	/* grows with every deletion */
	int fi, group, row;
};
const struct data_deleted *data_last_deleted(struct app *a);
/* Index of the only focusable top-level group of form f, or -1. */
int data_group_only(const struct form *f);

/* ---- screens ---- */

enum screen_id {
	SCR_LIST,	/* list.c: the forms (the bottom screen) */
	SCR_FORM,	/* formview.c: a form's top level, or one row of a group */
	SCR_ROWS,	/* rows.c: the rows of a group */
	SCR_PROBLEMS,	/* problems.c: the problem list */
	SCR_HELP,	/* help.c: F1 */
	SCR_EXPORT,	/* exportui.c: export, after the problems, then the files written */
	SCR_DIALOG,	/* prompt.c: a question, a line of text or a pick list */
	/* the district's pages (district.c has what they share; docs/district.md) */
	SCR_INBOX,	/* inbox.c: 收件, the roster x forms grid */
	SCR_IMPORT,	/* importui.c: 导入, a folder of units' files */
	SCR_PENDING,	/* conflictui.c: 待处理, conflicts and files from unknown names */
	SCR_COMPARE,	/* compareui.c: one conflict, the two copies side by side */
	SCR_ROSTER,	/* rosterui.c: 名单 */
	SCR_TOTALS,	/* totalsui.c: 汇总 */
	SCR_REMIND,	/* remindui.c: 催报 */
	SCR_UNITFORM,	/* unitform.c: a roster unit's forms, shown read-only or 代填 */
	SCR_COUNT
};

/* What a screen is opened on; members a screen does not use are ignored. */
struct screen_args {
	int fi;			/* form index, -1 for all forms */
	int group, row;		/* a group and one of its rows, or -1 */
	int field;		/* a field to put the focus on, or -1 */
	int mode;		/* the screen's own choice (see its open function's comment) */
	/* dialogs */
	const char *title, *text;
	const char *yes, *no;	/* buttons */
	const char *init;	/* first text of a line */
	int cols;		/* columns of a line */
	enum field_type type;
	char **opts;		/* a pick list */
	int nopts;
};

/* A screen's answer to the one that opened it, given when it closes. */
struct ui_answer {
	int value;		/* what the screen chose: see its open function */
	const char *text;	/* a line dialog's text; valid during the callback */
	int fi, field, row;	/* the problem list: where to go */
};

typedef void (*ui_done_fn)(struct app *a, void *ctx, const struct ui_answer *ans);

/* How a screen saves what is typed in it. */
enum save_how {
	SAVE_LEAVE,	/* the screen is left or covered (a jump, an export): say what is wrong */
	SAVE_IDLE,	/* a second without a key */
	SAVE_TICK,	/* during typing: no message for a value that cannot be saved yet */
	SAVE_FINAL	/* the program ends: no message at all */
};

struct screen_ops {
	const char *name;
	/* A new state for args (the screen is pushed after it), or NULL (message set). */
	void *(*open)(struct app *a, const struct screen_args *args);
	/* Optional: right after the push (a screen may open another over itself). */
	void (*start)(struct app *a, void *st);
	void (*draw)(struct app *a, void *st);
	/* A key, F1/F10 excepted for screens that are not overlays. */
	void (*key)(struct app *a, void *st, const struct ui_event *e);
	/* The screen is gone (closed, jumped over, or the program ends): free st. */
	void (*close)(struct app *a, void *st, int ending);
	/* Optional: save what is typed; 0 when saved or nothing to save, -1 when it
	 * cannot be saved (problem then says why and what was typed). */
	int (*save)(struct app *a, void *st, enum save_how how);
	const char *(*problem)(struct app *a, void *st, char **typed);
	/* Optional: throw away what cannot be saved (after the clerk agreed). */
	void (*discard)(struct app *a, void *st);
	/* Optional: the terminal changed size. */
	void (*resized)(struct app *a, void *st);
	/* Optional: put the focus on field (row) of form fi if this screen shows it
	 * (it may open a screen over itself for it): 0, or -1 when it is not here. */
	int (*focus)(struct app *a, void *st, int fi, int field, int row);
	/* Optional: a slice of work between frames (an import, file by file): the loop
	 * calls it again while it returns 1 and no key is waiting. */
	int (*work)(struct app *a, void *st);
	int overlay;	/* drawn over the screen under it; gets every key (a dialog) */
};

extern const struct screen_ops list_screen, form_screen, rows_screen, problems_screen,
	help_screen, export_screen, dialog_screen;
extern const struct screen_ops inbox_screen, import_screen, pending_screen, compare_screen,
	roster_screen, totals_screen, remind_screen, unitform_screen;

/* ---- the app (tui.c) ---- */

enum msg_level { MSG_NONE, MSG_INFO, MSG_OK, MSG_WARN, MSG_ERROR };

#define UI_DEPTH 16		/* screens open at once, dialogs included */
#define UI_HELD 2048		/* keys kept while the window is too small */

struct ui_open_screen {
	const struct screen_ops *ops;
	void *st;
	ui_done_fn done;
	void *ctx;
};

/* What every screen shares; each screen's own state is in its file. */
struct app {
	const struct tui_args *args;
	char *unit;			/* the reporting unit, NULL until known */
	struct form **forms;		/* the forms of the year shown (years.c) */
	int nforms;
	struct form **year_forms;	/* owns the array forms points to */
	int year;			/* the campaign year shown */
	const struct form *offered[16];	/* forms whose earlier year's values were offered */
	int noffered;
	struct app_data *data;		/* data.c's records and caches */
	struct ui_open_screen stack[UI_DEPTH];
	int depth;
	int quit;			/* leave the main loop */
	int user_quit;			/* the clerk quit (F10, Ctrl-Q, Ctrl-C): say goodbye */
	int asking_ctrlc;		/* depth of the Ctrl-C question while it is open, or 0 */
	int status;			/* exit status */
	int too_small;
	struct ui_event held[UI_HELD];	/* keys typed while the window was too small */
	int nheld, held_full;
	char msg[512];			/* the message line */
	enum msg_level msg_level;
	int msg_sticky;			/* survives key presses until another message */
	int bad_bytes;			/* bytes dropped while that message shows */
	struct strbuf later;		/* messages for stderr after the terminal is restored */
	/* While a district shows or types in a roster unit's forms (unitform.c), a->unit
	 * and a->data are that unit's: */
	int borrowed;			/* not this database's own unit: nothing is exported */
	const char *readonly;		/* shown only: why nothing can be changed, or NULL */
	/* and the problems its file brought (values not taken), listed with form brought_fi's
	 * own by data.c (the problem list, the form's state) */
	const struct check_problem *brought;
	int nbrought, brought_fi;
};

/* The message line (draw.c). */
void ui_msg(struct app *a, enum msg_level l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_msg_clear(struct app *a);
/* Open screen id on args over the top one; done (may be NULL) gets its answer
 * with ctx when it closes. Returns 0, or -1 when it did not open. */
int ui_open(struct app *a, enum screen_id id, const struct screen_args *args, ui_done_fn done,
	    void *ctx);
/* Close the top screen and give ans (NULL: nothing chosen) to its opener. */
void ui_close(struct app *a, const struct ui_answer *ans);
/* args with every index -1 and everything else zero. */
struct screen_args ui_args(int fi);
/* Save what is typed in every open screen; -1 if something could not be saved. */
int ui_save_all(struct app *a, enum save_how how);
/* Go to field (row) of form fi: closes the screens above the one that shows it,
 * or opens the form (and its row) from the list. */
void ui_goto(struct app *a, int fi, int field, int row);
/* The rest of a jump, for a screen that opened another for it: the top screen's focus. */
int ui_focus_top(struct app *a, int fi, int field, int row);
/* Open form fi from the list: its form screen, or its rows when it is only a group. */
void ui_open_form(struct app *a, int fi);

/* years.c: the screens show one campaign year of the forms (args->forms may hold several).
 * ui_year_set picks year (0: the latest) into a->forms; data_load must follow. ui_years
 * gives the years newest first; ui_year_next the one F7 on the list goes to (0: none).
 * ui_open_with_offer opens form fi like ui_open_form, but a form not filled in yet whose
 * earlier year was filled asks first whether to carry those values over. */
void ui_year_set(struct app *a, int year);
int ui_years(const struct app *a, int *out, int cap);
int ui_year_next(const struct app *a);
void ui_open_with_offer(struct app *a, int fi);
/* Ask a question with two buttons; done gets value 1 (yes), 0 (no, Esc) or -1
 * (the program is stopping). Defined in prompt.c, for every screen. */
void ui_confirm(struct app *a, const char *title, const char *text, const char *yes,
		const char *no, int default_yes, ui_done_fn done, void *ctx);
/* One line of text: value 1 and text, or -1 (Esc) or -2 (F10, Ctrl-Q, Ctrl-C), with
 * text what had been typed. */
void ui_ask_line(struct app *a, const char *title, const char *text, const char *init,
		 int cols, enum field_type t, ui_done_fn done, void *ctx);
/* Pick one of n options: value = its index, or -1. */
void ui_pick(struct app *a, const char *title, char **opts, int n, int init, ui_done_fn done,
	     void *ctx);

#endif
