/*
 * district.h - what the district's pages share (district.c; the pages are inbox.c,
 * importui.c, conflictui.c, compareui.c, rosterui.c, totalsui.c, remindui.c, and
 * unitform.c for a roster unit's forms).
 *
 * When the database has a roster or received files (district_active), the screens open
 * on the district's pages over the form list; the form list (the district's own forms,
 * 本单位的表) is one of them. The pages sit directly on the form list, one at a time: a
 * page key (the digits 1-7 in the tab bar under the header, also full-width) closes the
 * page and opens another, so the stack never grows. Digits, not letters, because an input
 * method in Chinese mode takes letters.
 */
#ifndef TB_UI_DISTRICT_H
#define TB_UI_DISTRICT_H

#include "../store/district.h"
#include "ui.h"

enum dist_page {
	DP_INBOX,	/* 收件 */
	DP_IMPORT,	/* 导入 */
	DP_PENDING,	/* 待处理: conflicts, unknown names */
	DP_ROSTER,	/* 名单 */
	DP_TOTALS,	/* 汇总 */
	DP_REMIND,	/* 催报 */
	DP_OWN,		/* 本单位的表: the form list */
	DP_COUNT
};

/* True when the database is a district's (a roster or received files). */
int dist_active(struct app *a);
/* At start: open the inbox when the database is a district's. */
void dist_start(struct app *a);
/* The campaign year: the year of most of the forms (the latest on a tie). */
int dist_year(struct app *a);
/* Close the page shown and open page p (DP_OWN: the form list); args may be NULL. */
void dist_open(struct app *a, enum dist_page p);
void dist_open_args(struct app *a, enum dist_page p, const struct screen_args *args);
/* A page key (1-7): switches and returns 1; 0 for any other key. */
int dist_page_key(struct app *a, const struct ui_event *e);
/* The header (title of page cur, right text) and the tab bar on row 1. */
void dist_draw_top(struct app *a, enum dist_page cur, const char *right);
/* First row under the tab bar, and the rows from there to the message line. */
int dist_top(void);
int dist_rows(void);
/* A store error on the message line (cause is freed). */
void dist_failed(struct app *a, char *cause);
/* Today as YYYY-MM-DD (TIANBIAO_TODAY in tests). */
void dist_today(char out[11]);
/* "张三 13900000001（名单）": the contact the roster keeps for unit (for one whose liaison
 * form has not come), or NULL; malloc'd. */
char *dist_roster_contact(struct app *a, const char *unit);
/* "6月3日 10:15" from an ISO 8601 time; "" for "". */
void dist_when(const char *iso, char *out, size_t cap);
/* A text snprintf cut may end inside a character: drop the piece. */
void dist_cut_whole(char *out);
/* Draw s in at most cols columns, ending in ".." when it had to be cut. */
void dist_draw_cut(int y, int x, const char *s, int cols, enum ui_attr at);
/* An import's outcome line as the screens say it: where it names a command (tianbiao
 * problems, conflicts, roster …), the page that does the same; malloc'd. */
char *dist_screen_line(const char *line);
/* One problem of a received copy as a sentence: a value not taken (level 'h') as
 * "LABEL：没有导入，文件里是“X”（why）", others as the message and what the file held. */
void dist_problem_text(const struct district_problem *p, char *out, size_t cap);
/* The form with this id, or NULL. */
struct form *dist_form(struct app *a, const char *id);
/* The campaign's forms (a->forms of dist_year), a malloc'd array of borrowed pointers. */
int dist_forms(struct app *a, struct form ***out);
/* Open roster unit's form fi (an index in a->forms) over the page (unitform.c): read-only
 * as its current copy sl came (saying where from), or to type in (entry: 代填); done gets
 * nothing when it closes. */
void dist_unit_form(struct app *a, const char *unit, int fi, const struct district_slot *sl,
		    int entry, ui_done_fn done, void *ctx);

#endif
