/* export_text.c - the text export laid out like the paper form (contract in export.h). */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cnum.h"
#include "date.h"
#include "text.h"

/*
 * Spaces that must not become line breaks (inside （  ） and ■是 □否) are written
 * as the noncharacter U+FDD0 while wrapping and turned back into spaces after.
 * It is one column wide like a space, and never appears in real text.
 */
#define KEEP "\xEF\xB7\x90"
#define KEEP_LEN 3
/* U+2060 WORD JOINER: no line break on either side (□|否); removed after wrapping. */
#define GLUE "\xE2\x81\xA0"
#define GLUE_LEN 3

/* The two boxes; both are in GBK, so that a GB18030 file stays plain GBK. */
#define BOX_ON "■"
#define BOX_OFF "□"

/* A paragraph after the first one of a value, when lines are not wrapped: two
 * ideographic spaces, the usual indent of a Chinese paragraph (in GBK too). */
#define PARA_INDENT "\xE3\x80\x80\xE3\x80\x80"

/* The indent of a sub-line (协助单位 under 4.主办单位), as on paper. */
#define SUB_INDENT "    "

/* Where the text goes and how wide its lines may be (0: not wrapped). */
struct tx {
	struct strbuf *out;
	int width;
};

/* Display columns in the print rule: ambiguous-width characters count two. */
static int tx_width(const char *s)
{
	return text_width_print(s);
}

/* ---------------------------------------------------------------- helpers */

/* Append s with every space protected from line breaking (on both its sides). */
static void add_kept(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ') {
			strbuf_add(sb, GLUE, GLUE_LEN);
			strbuf_add(sb, KEEP, KEEP_LEN);
			strbuf_add(sb, GLUE, GLUE_LEN);
		} else {
			strbuf_addc(sb, *s);
		}
	}
}

/* Append a checkbox and its label, which stay together on one line. */
static void add_box(struct strbuf *sb, int checked, const char *label)
{
	strbuf_adds(sb, checked ? BOX_ON : BOX_OFF);
	strbuf_add(sb, GLUE, GLUE_LEN);
	add_kept(sb, label);
}

/* Append one output line after indent spaces: protected spaces become spaces, glue
 * goes, and so do trailing spaces. */
static void add_line(struct strbuf *out, int indent, const char *line)
{
	size_t start = out->len;
	const char *p;

	for (int i = 0; i < indent; i++)
		strbuf_addc(out, ' ');
	for (p = line; *p != '\0';) {
		if (strncmp(p, KEEP, KEEP_LEN) == 0) {
			strbuf_addc(out, ' ');
			p += KEEP_LEN;
		} else if (strncmp(p, GLUE, GLUE_LEN) == 0) {
			p += GLUE_LEN;
		} else {
			strbuf_addc(out, *p++);
		}
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	strbuf_addc(out, '\n');
}

/* Not wrapped: the prefix and the body's first paragraph on one line, every further
 * paragraph on a line of its own, indented as a Chinese paragraph. */
static void emit_unwrapped(struct strbuf *out, const char *prefix, const char *body)
{
	const char *p = body != NULL ? body : "";
	struct strbuf line = STRBUF_INIT;

	strbuf_adds(&line, prefix);
	for (int first = 1;; first = 0) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (!first) {
			strbuf_reset(&line);
			if (len > 0)
				strbuf_adds(&line, PARA_INDENT);
		}
		strbuf_add(&line, p, len);
		add_line(out, 0, strbuf_str(&line));
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	strbuf_free(&line);
}

/*
 * Write prefix and body. Not wrapped (width 0): see emit_unwrapped. Wrapped: the
 * body's lines hang under its first line, indented by the prefix's width, unless
 * the prefix takes more than half the line (then the body starts on the next line,
 * indented by two). Every paragraph of the body (split at '\n') is wrapped;
 * nothing is cut.
 */
static void emit(const struct tx *t, const char *prefix, const char *body)
{
	int pw, indent, width = t->width;
	char **lines;
	int n;

	if (width <= 0) {
		emit_unwrapped(t->out, prefix, body);
		return;
	}
	pw = tx_width(prefix);
	if (body == NULL || *body == '\0') {
		n = text_wrap_print(prefix, width, &lines);
		for (int i = 0; i < n; i++)
			add_line(t->out, 0, lines[i]);
		text_lines_free(lines, n);
		return;
	}
	if (pw > width / 2) {
		emit(t, prefix, NULL);
		prefix = "";
		indent = 2;
	} else {
		indent = pw;
	}
	n = text_wrap_print(body, width - indent, &lines);
	for (int i = 0; i < n; i++) {
		if (i == 0 && *prefix != '\0') {
			struct strbuf first = STRBUF_INIT;

			strbuf_adds(&first, prefix);
			strbuf_adds(&first, lines[0]);
			add_line(t->out, 0, first.buf);
			strbuf_free(&first);
		} else {
			add_line(t->out, i == 0 && *prefix != '\0' ? 0 : indent, lines[i]);
		}
	}
	text_lines_free(lines, n);
}

/* Lines centred in the width (wrapped first when longer); unwrapped text is centred
 * in 80 columns, the width of a Notepad window, when it fits there. */
static void emit_centred(const struct tx *t, const char *s)
{
	int width = t->width > 0 ? t->width : 80;
	char **lines;
	int n;

	if (t->width <= 0) {
		int w = tx_width(s);

		add_line(t->out, w < width ? (width - w) / 2 : 0, s);
		return;
	}
	n = text_wrap_print(s, width, &lines);
	for (int i = 0; i < n; i++)
		add_line(t->out, (width - tx_width(lines[i])) / 2, lines[i]);
	text_lines_free(lines, n);
}

/* The checkboxes of a multiple choice: ■A □B … ■其他：TEXT. */
static void add_multi(struct strbuf *sb, const struct form_field *fld, const char *value)
{
	int *chosen = xcalloc((size_t)fld->noptions + 1, sizeof *chosen);
	char *other = NULL;

	check_multi_split(fld, value, chosen, &other);
	for (int i = 0; i < fld->noptions; i++) {
		if (i > 0)
			strbuf_addc(sb, ' ');
		add_box(sb, chosen[i], fld->options[i]);
	}
	if (fld->other) {
		strbuf_adds(sb, fld->noptions > 0 ? " " : "");
		add_box(sb, other != NULL, other != NULL ? "其他：" : "其他");
		if (other != NULL)
			strbuf_adds(sb, other);
	} else if (other != NULL) {
		/* Parts the form no longer offers are shown, not dropped. */
		strbuf_adds(sb, " ");
		strbuf_adds(sb, other);
	}
	free(other);
	free(chosen);
}

/* Append the display of a value: checkboxes for yes/no and multiple choice. */
static void add_value(struct strbuf *sb, const struct form_field *fld, const char *value)
{
	if (fld->type == FT_YESNO) {
		int yes = value != NULL && strcmp(value, "是") == 0;
		int no = value != NULL && strcmp(value, "否") == 0;

		if (value != NULL && !yes && !no) {
			strbuf_adds(sb, value);
			return;
		}
		add_box(sb, yes, "是");
		add_kept(sb, " ");
		add_box(sb, no, "否");
	} else if (fld->type == FT_MULTI) {
		add_multi(sb, fld, value);
	} else if (value != NULL) {
		strbuf_adds(sb, value);
	}
}

/* The display of a value without line-breaking marks, for the xlsx export. */
char *export_value_display(const struct form_field *fld, const char *value)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	char *s;

	add_value(&sb, fld, value);
	add_line(&out, 0, strbuf_str(&sb));
	strbuf_free(&sb);
	s = strbuf_detach(&out);
	s[strlen(s) - 1] = '\0';	/* add_line's '\n' */
	return s;
}

/* A sentence with its blanks filled: the value, or two spaces inside the brackets
 * the sentence already has. Counts and yes/no never break inside. */
static void add_sentence(struct strbuf *sb, const struct record *r, const struct form_item *it,
			 int row)
{
	for (int k = 0; k < it->nsegs; k++) {
		const struct form_seg *sg = &it->segs[k];
		const struct form_field *fld;
		const char *v;

		if (sg->field < 0) {
			strbuf_adds(sb, sg->text != NULL ? sg->text : "");
			continue;
		}
		fld = &r->form->fields[sg->field];
		v = record_get(r, sg->field, row);
		if (v == NULL && fld->type != FT_YESNO && fld->type != FT_MULTI)
			add_kept(sb, "  ");
		else if (fld->type == FT_COUNT)
			add_kept(sb, v);
		else
			add_value(sb, fld, v);
	}
}

/* A sentence with its blanks filled, as one plain line (for the xlsx export). */
char *export_sentence(const struct record *r, const struct form_item *it, int row)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	char *s;

	add_sentence(&sb, r, it, row);
	add_line(&out, 0, strbuf_str(&sb));
	strbuf_free(&sb);
	s = strbuf_detach(&out);
	s[strlen(s) - 1] = '\0';
	return s;
}

/* Is this field left out of the text? A blank optional multiple choice prints nothing
 * (the paper's list of options would only be a row of empty boxes). */
int export_field_omitted(const struct record *r, int field, int row)
{
	const struct form_field *fld = &r->form->fields[field];

	return fld->type == FT_MULTI && !fld->required && record_get(r, field, row) == NULL;
}

/* One labelled field: "label：value", prefixed by a number inside a group row. */
static void emit_field(const struct tx *t, const struct record *r, int field, int row,
		       const char *number)
{
	const struct form_field *fld = &r->form->fields[field];
	struct strbuf pre = STRBUF_INIT, val = STRBUF_INIT;

	if (fld->sub)
		strbuf_adds(&pre, SUB_INDENT);
	else
		strbuf_adds(&pre, number);
	strbuf_adds(&pre, fld->label);
	strbuf_adds(&pre, "：");
	add_value(&val, fld, record_get(r, field, row));
	emit(t, pre.buf, val.buf);
	strbuf_free(&pre);
	strbuf_free(&val);
}

/* Fields on one line (beside): "label：value" pieces two ideographic spaces apart, a new
 * line where the next piece would pass the width (80 columns when not wrapped). Returns
 * the index of the last item printed. */
static int emit_beside(const struct tx *t, const struct record *r, const struct form_item *items,
		       int nitems, int i, int row, const char *number)
{
	int limit = t->width > 0 ? t->width : 80, last = i;
	struct strbuf line = STRBUF_INIT;

	for (int k = i; k < nitems; k++) {
		const struct form_item *it = &items[k];
		const struct form_field *fld;
		struct strbuf piece = STRBUF_INIT;

		if (k > i && (it->kind != IT_FIELD || !r->form->fields[it->field].beside))
			break;
		last = k;
		if (it->guide || export_field_omitted(r, it->field, row))
			continue;
		fld = &r->form->fields[it->field];
		if (k == i)
			strbuf_adds(&piece, fld->sub ? SUB_INDENT : number);
		strbuf_adds(&piece, fld->label);
		strbuf_adds(&piece, "：");
		add_value(&piece, fld, record_get(r, it->field, row));
		if (line.len > 0 && tx_width(line.buf) + 4 + tx_width(piece.buf) > limit) {
			emit(t, "", line.buf);
			strbuf_reset(&line);
		}
		if (line.len > 0)
			strbuf_adds(&line, "\xE3\x80\x80\xE3\x80\x80");
		strbuf_add(&line, piece.buf, piece.len);
		strbuf_free(&piece);
	}
	if (line.len > 0)
		emit(t, "", line.buf);
	strbuf_free(&line);
	return last;
}

/* Does item i start fields on one line (the next is a field written beside)? */
static int beside_next(const struct record *r, const struct form_item *items, int nitems, int i)
{
	return items[i].kind == IT_FIELD && i + 1 < nitems && items[i + 1].kind == IT_FIELD &&
	       r->form->fields[items[i + 1].field].beside;
}

/* True when a sentence has at least one blank. */
static int line_has_blank(const struct form_item *it)
{
	for (int k = 0; k < it->nsegs; k++)
		if (it->segs[k].field >= 0)
			return 1;
	return 0;
}

/* The layout items of the form or of one group row. */
static void emit_items(const struct tx *t, const struct record *r, const struct form_item *items,
		       int nitems, int row, int skip_field);

/* Every row of a group: 一、TITLE, then its fields numbered 1. 2. 3. */
static void emit_group(const struct tx *t, const struct record *r, int gi)
{
	const struct form_group *g = &r->form->groups[gi];
	int title = g->title_field != NULL ? form_field_index(r->form, g->title_field) : -1;
	int rows = r->nrows[gi];

	if (rows == 0) {
		struct strbuf s = STRBUF_INIT;

		strbuf_addf(&s, "（%s：尚未填写）", g->label);
		emit(t, s.buf, NULL);
		strbuf_free(&s);
		return;
	}
	for (int row = 0; row < rows; row++) {
		char num[32], pre[48];
		const char *v = title >= 0 ? record_get(r, title, row) : NULL;

		if (row > 0)
			strbuf_addc(t->out, '\n');
		cnum_format(row + 1, num, sizeof num);
		snprintf(pre, sizeof pre, "%s、", num);
		if (title < 0)
			emit(t, pre, g->label);
		else
			emit(t, pre, v != NULL ? v : "");
		emit_items(t, r, g->items, g->nitems, row, title);
	}
}

/* Does this item print in the text (guidance and omitted fields do not)? */
static int item_printed(const struct record *r, const struct form_item *it, int row,
			int skip_field)
{
	if (it->guide)
		return 0;
	if (it->kind == IT_FIELD)
		return it->field != skip_field && !export_field_omitted(r, it->field, row);
	return 1;
}

/* Walk a layout in order; inside a group row the items are numbered. */
static void emit_items(const struct tx *t, const struct record *r, const struct form_item *items,
		       int nitems, int row, int skip_field)
{
	int number = 0;

	for (int i = 0; i < nitems; i++) {
		const struct form_item *it = &items[i];
		char num[16] = "";

		if (!item_printed(r, it, row, skip_field))
			continue;
		/* Inside a group row, fields (but sub-lines) and sentences with blanks are
		 * numbered 1. 2. … */
		if (row >= 0 && ((it->kind == IT_FIELD && !r->form->fields[it->field].sub) ||
				 (it->kind == IT_LINE && line_has_blank(it))))
			snprintf(num, sizeof num, "%d.", ++number);
		switch (it->kind) {
		case IT_SECTION:
			if (t->out->len > 0)
				strbuf_addc(t->out, '\n');
			emit(t, it->text != NULL ? it->text : "", NULL);
			break;
		case IT_TEXT:
			emit(t, "", it->text);
			break;
		case IT_FIELD:
			if (beside_next(r, items, nitems, i))
				i = emit_beside(t, r, items, nitems, i, row, num);
			else
				emit_field(t, r, it->field, row, num);
			break;
		case IT_LINE: {
			struct strbuf s = STRBUF_INIT;

			add_sentence(&s, r, it, row);
			emit(t, num, s.buf);
			strbuf_free(&s);
			break;
		}
		case IT_GROUP:
			strbuf_addc(t->out, '\n');
			emit_group(t, r, it->group);
			break;
		}
	}
}

/* The title (joined, or as printed with its line breaks) with the part a field fills
 * in: a title that begins with the label of a filled top-level field (镇街（部门）
 * “安全生产月”…) shows the value there, as the clerk would write it on paper. */
static char *title_filled(const struct record *r, const char *title)
{
	const struct form *f = r->form;

	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		const char *v = fld->group < 0 ? record_get(r, i, -1) : NULL;

		if (v != NULL && fld->type == FT_TEXT && str_starts(title, fld->label) &&
		    strlen(title) > strlen(fld->label))
			return xasprintf("%s%s", v, title + strlen(fld->label));
	}
	return xstrdup(title);
}

char *export_title(const struct record *r)
{
	return title_filled(r, r->form->title);
}

char *export_title_printed(const struct record *r)
{
	const struct form *f = r->form;

	return title_filled(r, f->title_lines != NULL ? f->title_lines : f->title);
}

/* 导出时间：2021年6月5日 09:00（第 7 版）: what a person reads to tell two copies apart. */
char *export_footer(const struct record *r, time_t when)
{
	struct tm tm;
	char stamp[64];

	date_local(when, &tm);
	snprintf(stamp, sizeof stamp, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min);
	if (r->revision < 0)
		return xasprintf("汇总时间：%s", stamp);
	if (r->uuid == NULL)
		return xasprintf("导出时间：%s（尚未填写）", stamp);
	return xasprintf("导出时间：%s（第 %ld 版）", stamp, r->revision);
}

/* The paper form as text: 附件N, title, items, notes, and the footer last. */
void export_text(const struct record *r, int width, time_t when, struct strbuf *out)
{
	const struct form *f = r->form;
	struct tx t = { out, width };
	char *title = export_title_printed(r), *foot;
	int nnotes = 0;

	if (width > 0 && width < 40)
		t.width = 40;
	strbuf_add(out, "", 0);
	emit(&t, f->attachment, NULL);
	strbuf_addc(out, '\n');
	for (char *p = title, *nl;; p = nl + 1) {	/* a title on two lines: each centred */
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		emit_centred(&t, p);
		if (nl == NULL)
			break;
	}
	if (f->subtitle != NULL && !f->subtitle_guide)
		emit_centred(&t, f->subtitle);
	strbuf_addc(out, '\n');
	emit_items(&t, r, f->items, f->nitems, -1, -1);
	for (int i = 0; i < f->nnotes; i++) {
		if (f->note_guide[i])
			continue;
		if (nnotes++ == 0)
			strbuf_addc(out, '\n');
		emit(&t, "", f->notes[i]);
	}
	foot = export_footer(r, when);
	strbuf_addc(out, '\n');
	emit(&t, "", foot);
	free(foot);
	free(title);
}
