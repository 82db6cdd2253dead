/* layout.c - a form screen's layout from the form's items (contract in layout.h). */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "util.h"
/* Whether a one-line field is edited on its line or in a wrapping box is decided
 * for an 80-column screen, not the current one: a resize must never turn the field
 * being typed in into another kind of editor. */
#define LAYOUT_REF_WIDTH 78

struct lb {
	struct layout *l;
	const struct record *r;
	int group, grow;	/* the group row laid out, or -1 */
	int W;
	int row, col;		/* next free cell */
	int used;		/* last row that holds anything, -1 when none */
	int side;		/* the current row holds short labelled fields */
	int folded;
	const struct text_rule *rule;
};

/* Columns of s on the page. */
static int lb_width(const struct lb *b, const char *s)
{
	return text_width_r(b->rule, s);
}

/* Static text at a virtual position; the page grows to hold it. */
static void lb_piece(struct lb *b, int row, int col, const char *text, size_t n,
		     enum lay_style st)
{
	struct layout *l = b->l;
	struct lay_piece *p;

	if (n == 0)
		return;
	if (l->npieces == l->cappieces) {
		l->cappieces = l->cappieces ? l->cappieces * 2 : 32;
		l->pieces = xreallocarray(l->pieces, (size_t)l->cappieces, sizeof(*l->pieces));
	}
	p = &l->pieces[l->npieces++];
	p->row = row;
	p->col = col;
	p->text = xstrndup(text, n);
	p->style = st;
	if (row > b->used)
		b->used = row;
}

/* Slots are the fields' places, in the order Tab visits them. */
static struct slot *lb_slot(struct lb *b, enum slot_kind k, int field)
{
	struct layout *l = b->l;
	struct slot *s;

	if (l->nslots == l->capslots) {
		l->capslots = l->capslots ? l->capslots * 2 : 16;
		l->slots = xreallocarray(l->slots, (size_t)l->capslots, sizeof(*l->slots));
	}
	s = &l->slots[l->nslots++];
	memset(s, 0, sizeof(*s));
	s->kind = k;
	s->field = field;
	return s;
}

/* The page is as tall as its last used row. */
static void lb_used(struct lb *b, int row)
{
	if (row > b->used)
		b->used = row;
}

/* Start a new row unless at the start of one. */
static void lb_break(struct lb *b)
{
	if (b->col > 0) {
		b->row++;
		b->col = 0;
	}
	b->side = 0;
}

/* Start a new row with one blank row before it (none at the very top). */
static void lb_gap(struct lb *b)
{
	lb_break(b);
	if (b->used >= 0 && b->row <= b->used + 1)
		b->row = b->used + 2;
}

/* A paragraph wrapped to the width at column indent, one row each. */
static void lb_para(struct lb *b, const char *s, int indent, enum lay_style st, int center)
{
	char **lines;
	int n = text_wrap_r(b->rule, s, b->W - indent >= 2 ? b->W - indent : 2, &lines);

	lb_break(b);
	for (int i = 0; i < n; i++) {
		int col = indent;

		if (center) {
			int w = lb_width(b, lines[i]);

			col = w < b->W ? (b->W - w) / 2 : 0;
		}
		lb_piece(b, b->row, col, lines[i], strlen(lines[i]), st);
		b->row++;
	}
	text_lines_free(lines, n);
	b->col = 0;
}

/* Text that may be wider than the page (a label, a heading) from column col of the
 * current row, wrapped to the page; b->row is left on its last row. Returns the
 * columns of that last row. */
static int lb_lines(struct lb *b, const char *s, int col, enum lay_style st)
{
	char **lines;
	int n = text_wrap_r(b->rule, s, b->W - col >= 2 ? b->W - col : 2, &lines), w = 0;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			b->row++;
		lb_piece(b, b->row, col, lines[i], strlen(lines[i]), st);
		w = lb_width(b, lines[i]);
	}
	text_lines_free(lines, n);
	return w;
}

/* Flow text from the current cell, wrapping at the width to column 0 by the one
 * line-breaking rule (text_row_end): a closing mark never starts a row and an opening
 * one never ends it, so the character before goes down with it. */
static void lb_flow(struct lb *b, const char *s, enum lay_style st)
{
	char **lines;
	int n = text_wrap_from(b->rule, s, b->W - b->col, b->W, &lines);

	for (int i = 0; i < n; i++) {
		if (i > 0) {
			b->row++;
			b->col = 0;
		}
		lb_piece(b, b->row, b->col, lines[i], strlen(lines[i]), st);
		b->col += lb_width(b, lines[i]);
	}
	text_lines_free(lines, n);
}

/* Wrap before a blank that does not fit; an opening bracket just before it goes along. */
static void lb_wrap_blank(struct lb *b)
{
	struct lay_piece *p = b->l->npieces > 0 ? &b->l->pieces[b->l->npieces - 1] : NULL;
	size_t n, last = 0;
	uint32_t cp = 0;

	if (p != NULL && p->row == b->row && p->col + lb_width(b, p->text) == b->col) {
		n = strlen(p->text);
		for (size_t i = 0; i < n;) {	/* find the last character */
			last = i;
			i += text_decode(p->text + i, n - i, &cp);
		}
		if (text_is_opening(cp)) {
			char *br = xstrdup(p->text + last);

			if (last == 0) {	/* the piece is just the bracket: move it */
				free(br);
				p->row++;
				p->col = 0;
				b->row++;
				b->col = lb_width(b, p->text);
				if (b->row > b->used)
					b->used = b->row;
				return;
			}
			p->text[last] = '\0';
			b->row++;
			b->col = 0;
			lb_piece(b, b->row, 0, br, strlen(br), p->style);
			b->col = lb_width(b, br);
			free(br);
			return;
		}
	}
	b->row++;
	b->col = 0;
}

/* A one-line field that holds more than its box shows (max= beyond width) is typed in
 * a wrapping box, so that everything typed stays in sight. */
static int field_wraps(const struct form_field *fld)
{
	return fld->maxlen > 0 && fld->type != FT_LONGTEXT &&
	       (long)fld->maxlen * 2 > layout_field_cols(fld);
}

/* The form file's width, narrowed where a type cannot need it (counts, phones, dates). */
int layout_field_cols(const struct form_field *fld)
{
	int w = fld->width > 0 ? fld->width : 40;

	switch (fld->type) {
	case FT_COUNT:
		if (w > 7)
			w = 7;
		break;
	case FT_MOBILE:
		if (w > 18)
			w = 18;
		break;
	case FT_PHONE:
		if (w > 24)
			w = 24;
		break;
	case FT_DATE:
		if (w > 16)
			w = 16;
		break;
	case FT_DATERANGE:
		if (w > 32)
			w = 32;
		break;
	default:
		break;
	}
	return w < 2 ? 2 : w;
}

/* Labels read like the paper: 姓名： (malloc'd). */
static char *layout_label(const char *label)
{
	if (label == NULL)
		return xstrdup("");
	if (str_ends(label, "：") || str_ends(label, ":") || str_ends(label, "？"))
		return xstrdup(label);
	return xasprintf("%s：", label);
}

/* Columns one option takes: mark "[ ]" or "( )" and its label. */
static int opt_cols(const struct lb *b, const char *label)
{
	return 3 + lb_width(b, label);
}

/* Option labels of a choice-like field (yes/no has its own two). */
static int choice_labels(const struct form_field *fld, const char ***out)
{
	static const char *yn[] = { "是", "否" };

	if (fld->type == FT_YESNO) {
		*out = yn;
		return 2;
	}
	*out = (const char **)fld->options;
	return fld->noptions;
}

/* Width of a choice or yes/no laid out on one row. */
static int choice_cols(const struct lb *b, const struct form_field *fld)
{
	const char **o;
	int n = choice_labels(fld, &o), w = 0;

	for (int i = 0; i < n; i++)
		w += opt_cols(b, o[i]) + (i ? 1 : 0);
	return w;
}

/* Lay out the options of a choice, yes/no or multi from the current cell,
 * wrapping to column indent; 其他 (multi with other) takes the rest of its row. */
static void lb_options(struct lb *b, struct slot *s, const struct form_field *fld, int indent)
{
	const char **o;
	int n = choice_labels(fld, &o), total = n + (fld->type == FT_MULTI && fld->other);
	int gap = fld->type == FT_MULTI ? 2 : 1;

	s->opts = xcalloc((size_t)(total > 0 ? total : 1), sizeof(*s->opts));
	s->nopts = total;
	s->row = b->row;
	s->col = b->col;
	for (int i = 0; i < total; i++) {
		int w = i < n ? opt_cols(b, o[i]) : opt_cols(b, "其他：") + 16;
		int g = i > 0 && b->col > indent ? gap : 0;

		if (b->col + g + w > b->W && b->col > indent) {
			b->row++;
			b->col = indent;
			g = 0;
		}
		b->col += g;
		s->opts[i].row = b->row;
		s->opts[i].col = b->col;
		/* An option wider than the page is cut at its edge, never drawn past it. */
		s->opts[i].cols = i < n && b->col + w <= b->W ? w : b->W - b->col;
		b->col += s->opts[i].cols;
		lb_used(b, b->row);
	}
	if (total > 0) {
		s->row = s->opts[0].row;
		s->col = s->opts[0].col;
	}
	s->last_row = b->row;
}

/* Long text: a box under the label, tall enough for what is written (3..8 rows). */
static void lb_longtext(struct lb *b, struct slot *s, const struct form_field *fld)
{
	const char *v = record_get(b->r, (int)(fld - b->r->form->fields), b->grow);
	int w = b->W - 2, h = s->oneline ? 2 : 3;

	if (v != NULL) {
		char **lines;
		int n = text_wrap_r(b->rule, v, w > 3 ? w - 1 : 2, &lines);	/* as the editor wraps */

		text_lines_free(lines, n);
		h = n + !s->oneline;
		if (h < (s->oneline ? 2 : 3))
			h = s->oneline ? 2 : 3;
		if (h > 8)
			h = 8;
	}
	/* a one-line field with max=: tall enough for all it may hold, so that what is
	 * typed stays in sight while it is typed */
	if (s->oneline && fld->maxlen > 0 && w > 3) {
		int need = (int)(((long)fld->maxlen * 2 + (w - 2)) / (w - 1));

		if (need > h)
			h = need > 8 ? 8 : need;
	}
	lb_break(b);
	s->row = b->row;
	s->col = 2;
	s->cols = w;
	s->rows = h;
	s->last_row = b->row + h - 1;
	lb_used(b, s->last_row);
	b->row += h;
	b->col = 0;
}

/* A labelled field beside the previous one when both fit, else on its own row. */
static void lb_field_item(struct lb *b, int fi)
{
	const struct form_field *fld = &b->r->form->fields[fi];
	char *label = layout_label(fld->label);
	int lw = lb_width(b, label);
	struct slot *s;
	int sw, x, above;

	switch (fld->type) {
	case FT_LONGTEXT:
		lb_break(b);
		s = lb_slot(b, SL_LONG, fi);
		s->first_row = b->row;
		lb_lines(b, label, 0, LS_NORMAL);
		b->row++;
		lb_longtext(b, s, fld);
		break;
	case FT_MULTI:
		lb_break(b);
		s = lb_slot(b, SL_MULTI, fi);
		s->first_row = b->row;
		lw = lb_lines(b, label, 0, LS_NORMAL);
		b->col = lw + 1 < b->W / 3 ? lw + 1 : 2;
		if (lw + 1 >= b->W / 3) {
			b->row++;
		}
		lb_options(b, s, fld, b->col);
		b->col = 0;
		b->row = s->last_row + 1;
		break;
	default:
		if (fld->type == FT_CHOICE || fld->type == FT_YESNO) {
			sw = choice_cols(b, fld);
		} else {
			sw = layout_field_cols(fld) + 1;
			if (sw > LAYOUT_REF_WIDTH - 2 || field_wraps(fld)) {	/* a wrapping box */
				lb_break(b);
				s = lb_slot(b, SL_LONG, fi);
				s->oneline = 1;
				s->first_row = b->row;
				lb_lines(b, label, 0, LS_NORMAL);
				b->row++;
				lb_longtext(b, s, fld);
				break;
			}
		}
		/* written beside the field before (the paper's header line): there when it fits */
		if (fld->beside && b->col > 0 && b->row == b->used && b->col + 2 + lw + sw <= b->W) {
			x = b->col + 2;
		/* beside the previous field: at the middle when it fits, for tidy columns */
		} else if (b->side && b->col > 0 && b->col + 2 <= b->W / 2 && b->W / 2 + lw + sw <= b->W) {
			x = b->W / 2;
		} else if (b->side && b->col > 0 && b->col + 2 + lw + sw <= b->W) {
			x = b->col + 2;
		} else {
			lb_break(b);
			x = 0;
		}
		s = lb_slot(b, fld->type == FT_CHOICE ? SL_CHOICE
			      : fld->type == FT_YESNO ? SL_YESNO : SL_TEXT, fi);
		s->first_row = b->row;
		above = x + lw + sw > b->W;
		if (above) {	/* the label above (wrapped when wider than the page), the field under it */
			lb_lines(b, label, 0, LS_NORMAL);
			b->row++;
			b->col = 2;
		} else {
			lb_piece(b, b->row, x, label, strlen(label), LS_NORMAL);
			b->col = x + lw;
		}
		if (s->kind == SL_TEXT) {
			s->row = b->row;
			s->col = b->col;
			s->cols = sw - 1;
			s->last_row = b->row;
			b->col += sw;
			lb_used(b, b->row);
		} else {
			lb_options(b, s, fld, b->col);
		}
		b->side = !above && b->row == s->last_row && (s->kind != SL_TEXT || sw < b->W / 2);
		break;
	}
	free(label);
}

/* A blank inside a sentence, placed at the current cell. */
static void lb_blank(struct lb *b, int fi, int first_row)
{
	const struct form_field *fld = &b->r->form->fields[fi];
	struct slot *s;
	int sw;

	switch (fld->type) {
	case FT_LONGTEXT:
		s = lb_slot(b, SL_LONG, fi);
		s->first_row = first_row;
		lb_longtext(b, s, fld);
		return;
	case FT_MULTI:
		s = lb_slot(b, SL_MULTI, fi);
		s->first_row = first_row;
		lb_options(b, s, fld, 0);
		return;
	case FT_CHOICE:
	case FT_YESNO:
		sw = choice_cols(b, fld);
		if (b->col + sw > b->W && b->col > 0)
			lb_wrap_blank(b);
		s = lb_slot(b, fld->type == FT_CHOICE ? SL_CHOICE : SL_YESNO, fi);
		s->first_row = first_row;
		lb_options(b, s, fld, 0);
		return;
	default:
		sw = layout_field_cols(fld) + 1;
		if (sw > LAYOUT_REF_WIDTH || field_wraps(fld)) {	/* a wrapping box */
			s = lb_slot(b, SL_LONG, fi);
			s->oneline = 1;
			s->first_row = first_row;
			lb_longtext(b, s, fld);
			return;
		}
		if (b->col + sw > b->W && b->col > 0)
			lb_wrap_blank(b);
		s = lb_slot(b, SL_TEXT, fi);
		s->first_row = first_row;
		s->row = b->row;
		s->col = b->col;
		s->cols = sw - 1;
		s->last_row = b->row;
		b->col += sw;
		lb_used(b, b->row);
		return;
	}
}

/* A sentence flows over rows with its blanks where the paper has them. */
static void lb_line_item(struct lb *b, const struct form_item *it)
{
	int first, nslots = b->l->nslots;

	lb_break(b);
	first = b->row;
	for (int i = 0; i < it->nsegs; i++) {
		if (it->segs[i].text != NULL)
			lb_flow(b, it->segs[i].text, LS_NORMAL);
		else if (it->segs[i].field >= 0)
			lb_blank(b, it->segs[i].field, first);
	}
	for (int i = nslots; i < b->l->nslots; i++)	/* the whole sentence is its context */
		b->l->slots[i].ctx_last = b->used;
	lb_break(b);
}

/* A row is named by its title field and its short fields in lists. */
char *layout_row_summary(const struct record *r, int group, int row, int width,
			 const struct text_rule *rule)
{
	const struct form_group *g = &r->form->groups[group];
	int title = g->title_field != NULL ? form_field_index(r->form, g->title_field) : -1;
	struct strbuf sb = STRBUF_INIT;
	const char *v;
	char *out;

	v = title >= 0 ? record_get(r, title, row) : NULL;
	strbuf_adds(&sb, v != NULL ? v : "（未填写名称）");
	for (int i = 0; i < g->nfields; i++) {
		const struct form_field *fld = &r->form->fields[g->fields[i]];

		if (g->fields[i] == title || fld->type == FT_LONGTEXT || fld->type == FT_MULTI)
			continue;
		v = record_get(r, g->fields[i], row);
		if (v == NULL)
			continue;
		if (text_width_r(rule, strbuf_str(&sb)) + 2 + text_width_r(rule, v) > width)
			break;
		strbuf_adds(&sb, "  ");
		strbuf_adds(&sb, v);
	}
	out = strbuf_detach(&sb);
	for (char *p = out; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	out[text_fit_r(rule, out, width)] = '\0';
	return out;
}

/* A group shows as a summary of its rows; Enter opens the list. */
static void lb_group_item(struct lb *b, int gi)
{
	const struct form_group *g = &b->r->form->groups[gi];
	int n = b->r->nrows[gi];
	struct slot *s;
	char *head;

	lb_gap(b);
	s = lb_slot(b, SL_GROUP, gi);
	s->row = s->first_row = b->row;
	s->col = 0;
	if (n > 0)
		head = xasprintf("%s（共 %d 项）", g->label, n);
	else
		head = xasprintf("%s（还没有填写）", g->label);
	s->cols = lb_width(b, head);
	if (s->cols > b->W)
		s->cols = b->W;
	lb_lines(b, head, 0, LS_BOLD);
	free(head);
	b->row++;
	for (int i = 0; i < n && i < 30; i++) {
		char num[16], *sum = layout_row_summary(b->r, gi, i, b->W - 8, b->rule), *line;

		cnum_format(i + 1, num, sizeof(num));
		line = xasprintf("%s、%s", num, sum);
		lb_piece(b, b->row, 2, line, strlen(line), LS_NORMAL);
		free(line);
		free(sum);
		b->row++;
	}
	lb_piece(b, b->row, 2, "按 Enter 打开列表：增加、修改、删除、调整顺序",
		 strlen("按 Enter 打开列表：增加、修改、删除、调整顺序"), LS_DIM);
	s->last_row = b->row;
	b->row++;
	b->col = 0;
}

/* Items are laid out in the form file's order. */
static void lb_items(struct lb *b, const struct form_item *items, int n)
{
	for (int i = 0; i < n; i++) {
		const struct form_item *it = &items[i];

		switch (it->kind) {
		case IT_SECTION:
			lb_gap(b);
			lb_para(b, it->text != NULL ? it->text : "", 0, LS_BOLD, 0);
			break;
		case IT_TEXT:
			lb_break(b);
			if (b->folded) {
				char *one = xstrdup(it->text != NULL ? it->text : "");
				size_t cut;

				for (char *p = one; *p; p++)
					if (*p == '\n')
						*p = ' ';
				/* Cut to leave room for the mark; the mark is appended, never
				 * written over the text's own bytes. */
				cut = text_fit_r(b->rule, one, b->W - 2 - 8);
				if (one[cut] != '\0') {
					char *m = xasprintf("%.*s......", (int)cut, one);

					free(one);
					one = m;
				}
				lb_piece(b, b->row, 2, one, strlen(one), LS_DIM);
				free(one);
				b->row++;
			} else {
				lb_para(b, it->text != NULL ? it->text : "", 2, LS_DIM, 0);
			}
			b->l->has_text = 1;
			break;
		case IT_FIELD:
			lb_field_item(b, it->field);
			break;
		case IT_LINE:
			lb_line_item(b, it);
			break;
		case IT_GROUP:
			lb_group_item(b, it->group);
			lb_gap(b);
			break;
		}
	}
}

/* The header like the paper's (附件N, the title centred), the items, then the notes. */
void layout_build(struct layout *l, const struct record *r, int group, int row, int width,
		  int folded, const struct text_rule *rule)
{
	const struct form *f = r->form;
	struct lb b;

	memset(l, 0, sizeof(*l));
	memset(&b, 0, sizeof(b));
	b.l = l;
	b.r = r;
	b.group = group;
	b.grow = group >= 0 ? row : -1;
	b.W = width;
	b.used = -1;
	b.folded = folded;
	b.rule = rule;
	l->width = width;
	l->rule = rule;
	if (group < 0) {
		lb_lines(&b, f->attachment, 0, LS_BOLD);
		b.row++;
		if (f->title_lines != NULL) {	/* a title on two lines: each centred */
			for (const char *p = f->title_lines; *p != '\0';) {
				size_t n = strcspn(p, "\n");
				char *one = xstrndup(p, n);

				lb_para(&b, one, 0, LS_TITLE, 1);
				free(one);
				p += n + (p[n] == '\n');
			}
		} else {
			lb_para(&b, f->title, 0, LS_TITLE, 1);
		}
		if (f->subtitle != NULL)
			lb_para(&b, f->subtitle, 0, LS_NORMAL, 1);
		lb_items(&b, f->items, f->nitems);
		if (f->nnotes > 0) {
			lb_gap(&b);
			for (int i = 0; i < f->nnotes; i++)
				lb_para(&b, f->notes[i], 0, LS_DIM, 0);
		}
	} else {
		const struct form_group *g = &f->groups[group];
		char num[16], *head;

		cnum_format(row + 1, num, sizeof(num));
		head = xasprintf("%s  第%s项", g->label, num);
		lb_lines(&b, head, 0, LS_TITLE);
		free(head);
		b.row++;
		lb_gap(&b);
		lb_items(&b, g->items, g->nitems);
	}
	lb_break(&b);
	l->nrows = b.used + 1;
}

/* The layout owns its pieces and option positions. */
void layout_free(struct layout *l)
{
	for (int i = 0; i < l->npieces; i++)
		free(l->pieces[i].text);
	for (int i = 0; i < l->nslots; i++)
		free(l->slots[i].opts);
	free(l->pieces);
	free(l->slots);
	memset(l, 0, sizeof(*l));
}
