/* district.c - what the district's pages share: the campaign year, the tab bar, switching
 * pages, small formatting helpers (contract in district.h). */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/remind.h"

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

char *dist_roster_contact(struct app *a, const char *unit)
{
	return district_contact_text(a->args->store, dist_year(a), unit);
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

void dist_draw_cut(int y, int x, const char *s, int cols, enum ui_attr at)
{
	int w;

	if (draw_width(s) <= cols) {
		draw_str(stdscr, y, x, s, cols, at);
		return;
	}
	w = draw_str(stdscr, y, x, s, cols - 2, at);
	draw_str(stdscr, y, x + w, "..", 2, UA_DIM);
}

/* What the screens say instead of a command the import's line names: a remark in
 * brackets is replaced where the screens have the same, dropped otherwise; the advice
 * to run a command ends the line, replaced by the page that does it. */
static const char *const remark_for[][2] = {
	{ "（tianbiao problems 查看）", "（按 1 在收件页查看）" },
	{ "（tianbiao conflicts）", "（按 3 在待处理页处理）" },
};
static const char *const advice_for[][2] = {	/* a word of the command: the page */
	{ "roster import", "请先按 4 到名单页建立应报单位名单；设好后这个文件会自动导入。" },
	{ "roster", "请按 3 到待处理页把它设为名单上某个单位的别名，或加入名单；设好后这个文件会"
		    "自动导入。" },
	{ "conflicts", "请按 3 到待处理页比较两份，再决定用哪一份。" },
	{ "resolve", "请按 3 到待处理页比较两份，再决定用哪一份。" },
	{ "tianbiao", "请在上面的各页处理。" },
};

char *dist_screen_line(const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = line != NULL ? line : "", *cut;

	while (*p != '\0') {	/* the remarks */
		const char *open = strstr(p, "（"), *close;
		size_t k;

		if (open == NULL || (close = strstr(open, "）")) == NULL ||
		    memchr(open, '\n', (size_t)(close - open)) != NULL) {
			strbuf_adds(&sb, p);
			break;
		}
		close += strlen("）");
		strbuf_add(&sb, p, (size_t)(open - p));
		for (k = 0; k < sizeof(remark_for) / sizeof(remark_for[0]); k++)
			if ((size_t)(close - open) == strlen(remark_for[k][0]) &&
			    memcmp(open, remark_for[k][0], (size_t)(close - open)) == 0)
				break;
		if (k < sizeof(remark_for) / sizeof(remark_for[0]))
			strbuf_adds(&sb, remark_for[k][1]);
		else {
			char *remark = xstrndup(open, (size_t)(close - open));

			if (strstr(remark, "tianbiao ") == NULL)
				strbuf_adds(&sb, remark);
			free(remark);
		}
		p = close;
	}
	/* the advice: from the clause that names a command to the end */
	cut = strstr(strbuf_str(&sb), "tianbiao ");
	if (cut != NULL) {
		const char *start = strbuf_str(&sb), *c = cut, *hint = NULL;
		char *rest = xstrdup(cut);

		while (c > start && !str_starts(c, "。") && !str_starts(c, "；") && !str_starts(c, "，"))
			c--;
		if (c > start)
			c += strlen("。");	/* 。；， are three bytes each */
		for (size_t k = 0; hint == NULL && k < sizeof(advice_for) / sizeof(advice_for[0]); k++)
			if (strstr(rest, advice_for[k][0]) != NULL)
				hint = advice_for[k][1];
		sb.len = (size_t)(c - start);
		sb.buf[sb.len] = '\0';
		strbuf_adds(&sb, hint);
		free(rest);
	}
	return strbuf_detach(&sb);
}

void dist_cut_whole(char *out)
{
	size_t len = strlen(out), i = len, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)out[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (i - 1 + need > len)
		out[i - 1] = '\0';
}

/* A problem as one sentence: a value not taken says so first, with what the file held. */
void dist_problem_text(const struct district_problem *p, char *out, size_t cap)
{
	const char *msg = p->message != NULL ? p->message : "", *colon = strstr(msg, "：");

	if (p->level == 'h' && colon != NULL) {
		int lw = (int)(colon - msg);
		const char *rest = colon + strlen("：");

		if (p->found != NULL)
			snprintf(out, cap, "%.*s：没有导入，文件里是“%s”（%s）", lw, msg, p->found, rest);
		else
			snprintf(out, cap, "%.*s：没有导入（%s）", lw, msg, rest);
	} else {
		snprintf(out, cap, "%s%s%s%s", msg, p->found != NULL ? "（文件里是“" : "",
			 p->found != NULL ? p->found : "", p->found != NULL ? "”）" : "");
	}
	dist_cut_whole(out);
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
