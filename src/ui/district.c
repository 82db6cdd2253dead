/* district.c - what the district's pages share: the campaign year, the tab bar, switching
 * pages, small formatting helpers (contract in district.h). */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *label;
	enum screen_id screen;
} pages[DP_COUNT] = {
	[DP_INBOX] = { "收件", SCR_INBOX },
	[DP_IMPORT] = { "导入", SCR_IMPORT },
	[DP_PENDING] = { "待处理", SCR_PENDING },
	[DP_ROSTER] = { "名单", SCR_ROSTER },
	[DP_TOTALS] = { "汇总", SCR_TOTALS },
	[DP_REMIND] = { "催报", SCR_REMIND },
	[DP_OWN] = { "本单位的表", SCR_LIST },
};

/* A store that cannot say is taken as a unit's: its own forms still work. */
int dist_active(struct app *a)
{
	char *cause = NULL;
	int active = 0;

	if (district_active(a->args->store, &active, &cause) != 0) {
		free(cause);
		return 0;
	}
	return active;
}

/* The district's work starts on who has reported. */
void dist_start(struct app *a)
{
	if (dist_active(a))
		dist_open(a, DP_INBOX);
}

/* The year most forms are for, as `tianbiao status` takes it. */
int dist_year(struct app *a)
{
	int best = 0, bestn = 0;

	for (int i = 0; i < a->nforms; i++) {
		int n = 0;

		for (int k = 0; k < a->nforms; k++)
			n += a->forms[k]->year == a->forms[i]->year;
		if (n > bestn || (n == bestn && a->forms[i]->year > best)) {
			best = a->forms[i]->year;
			bestn = n;
		}
	}
	return best;
}

/* One page at a time on the form list: the stack never grows by switching. */
void dist_open_args(struct app *a, enum dist_page p, const struct screen_args *args)
{
	struct screen_args copy = args != NULL ? *args : ui_args(-1);
	char *text = copy.text != NULL ? xstrdup(copy.text) : NULL;	/* the page it was in goes */

	a->msg_sticky = 0;	/* what the last page said is about the last page */
	ui_msg_clear(a);
	while (a->depth > 1)
		ui_close(a, NULL);
	copy.text = text;
	if (p != DP_OWN)
		ui_open(a, pages[p].screen, &copy, NULL, NULL);
	free(text);
}

/* Most pages open on their first line. */
void dist_open(struct app *a, enum dist_page p)
{
	dist_open_args(a, p, NULL);
}

/* Digits work with an input method on, half- or full-width. */
int dist_page_key(struct app *a, const struct ui_event *e)
{
	wint_t c;

	if (e->kind != EV_CHAR)
		return 0;
	c = e->ch >= 0xFF10 && e->ch <= 0xFF19 ? e->ch - 0xFF10 + '0' : e->ch;
	if (c < '1' || c >= '1' + DP_COUNT)
		return 0;
	dist_open(a, (enum dist_page)(c - '1'));
	return 1;
}

/* Today as the forms print it. */
static void today_words(struct app *a, char *out, size_t cap)
{
	char today[11], disp[64];

	check_today(today);
	check_date_display(today, dist_year(a), disp, sizeof(disp));
	snprintf(out, cap, "今天 %s", disp);
}

/* The header says which page; the tab bar under it how to reach the others. */
void dist_draw_top(struct app *a, enum dist_page cur, const char *right)
{
	char left[128], r[128];
	int x = 1;

	snprintf(left, sizeof(left), "区里收表 · %s", pages[cur].label);
	if (right == NULL) {
		today_words(a, r, sizeof(r));
		right = r;
	}
	draw_header(left, right);
	for (int i = 0; i < DP_COUNT; i++) {
		char tab[64];
		int w;

		snprintf(tab, sizeof(tab), " %d %s ", i + 1, pages[i].label);
		w = draw_width(tab);
		if (x + w > COLS - 1)
			break;
		draw_str(stdscr, 1, x, tab, w, i == (int)cur ? UA_SEL : UA_NORMAL);
		x += w + 1;
	}
}

/* The content under the tab bar. */
int dist_top(void)
{
	return 2;
}

/* Rows from the tab bar to the message line. */
int dist_rows(void)
{
	return LINES - 4;
}

/* The screen stays; the message line says what went wrong and what to do. */
void dist_failed(struct app *a, char *cause)
{
	ui_msg(a, MSG_ERROR, "%s", cause != NULL ? cause : "数据库出错，请稍后再试");
	free(cause);
}

/* The date the program believes is today. */
void dist_today(char out[11])
{
	check_today(out);
}

/* Times are stored as ISO 8601; people read 6月3日 10:15. */
void dist_when(const char *iso, char *out, size_t cap)
{
	int y, mo, d, h = -1, mi = -1;

	out[0] = '\0';
	if (iso == NULL || sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) < 3)
		return;
	if (h >= 0 && mi >= 0)
		snprintf(out, cap, "%d月%d日 %02d:%02d", mo, d, h, mi);
	else
		snprintf(out, cap, "%d月%d日", mo, d);
}

/* Forms are found by their stable id. */
struct form *dist_form(struct app *a, const char *id)
{
	for (int i = 0; id != NULL && i < a->nforms; i++)
		if (strcmp(a->forms[i]->id, id) == 0)
			return a->forms[i];
	return NULL;
}

/* The forms of the campaign year the units owe, in attachment order. */
int dist_forms(struct app *a, struct form ***out)
{
	int year = dist_year(a), n = 0;

	*out = xcalloc((size_t)(a->nforms > 0 ? a->nforms : 1), sizeof(**out));
	for (int i = 0; i < a->nforms; i++)
		if (a->forms[i]->year == year && !a->forms[i]->reading)	/* 参阅: owed by nobody */
			(*out)[n++] = a->forms[i];
	return n;
}
