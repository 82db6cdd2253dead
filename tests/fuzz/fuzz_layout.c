/*
 * fuzz_layout.c - libFuzzer target for the layout of a form screen (src/core/layout.h).
 *
 * Any input that parses as a form file is laid out at every width from 58 to 200
 * columns, folded and not, at the top level and in a row of each group, blank and with
 * every field holding a value; each layout must keep the promises of layout.h (pieces
 * and options inside the page, no two pieces on top of each other, every field one
 * slot, in order) - a broken one aborts. Inputs that do not parse are the form
 * fuzzer's business (fuzz_form.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/layout.h"
#include "core/record.h"
#include "core/text.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print what broke and stop: libFuzzer keeps the input. */
static void broken(const char *what, int w, int folded, int group, int i)
{
	fprintf(stderr, "layout at %d columns%s, group %d: %s (%d)\n", w,
		folded ? " folded" : "", group, what, i);
	abort();
}

/* The promises of layout.h for one layout. */
static void check(const struct record *r, int group, int w, int folded)
{
	const struct form *f = r->form;
	const struct text_rule *rule = &text_screen_rule;
	struct layout l;
	int next = 0;

	layout_build(&l, r, group, group >= 0 ? 0 : -1, w, folded, rule);
	for (int i = 0; i < l.npieces; i++) {
		const struct lay_piece *p = &l.pieces[i];
		int pw = text_width_r(rule, p->text);

		if (p->col < 0 || p->row < 0 || p->row >= l.nrows || p->col + pw > w)
			broken("a piece outside the page", w, folded, group, i);
		for (int k = i - 1; k >= 0 && k >= i - 8; k--) {
			const struct lay_piece *q = &l.pieces[k];

			if (q->row == p->row && q->col < p->col + pw &&
			    p->col < q->col + text_width_r(rule, q->text))
				broken("two pieces overlap", w, folded, group, i);
		}
	}
	for (int i = 0; i < l.nslots; i++) {
		const struct slot *s = &l.slots[i];

		if (s->row < 0 || s->last_row >= l.nrows || s->last_row < s->row || s->col < 0 ||
		    (s->kind == SL_LONG && s->col + s->cols > w))
			broken("a slot outside the page", w, folded, group, i);
		for (int k = 0; k < s->nopts; k++)
			if (s->opts[k].col < 0 || s->opts[k].col + s->opts[k].cols > w)
				broken("an option outside the page", w, folded, group, i);
		if (i > 0 && s->row < l.slots[i - 1].row)
			broken("a slot above the one before it", w, folded, group, i);
		if (s->kind == SL_GROUP)
			continue;
		while (next < f->nfields && f->fields[next].group != group)
			next++;
		if (next >= f->nfields || s->field != next)
			broken("a slot out of order", w, folded, group, i);
		next++;
	}
	while (next < f->nfields && f->fields[next].group != group)
		next++;
	if (next != f->nfields)
		broken("a field without a slot", w, folded, group, next);
	layout_free(&l);
}

/* Every field holds its own label (long text ten times over, with line breaks). */
static void fill(struct record *r)
{
	const struct form *f = r->form;

	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		struct strbuf sb = STRBUF_INIT;
		int reps = fl->type == FT_LONGTEXT ? 10 : 1;

		for (int k = 0; k < reps; k++) {
			strbuf_adds(&sb, fl->label);
			if (reps > 1)
				strbuf_addc(&sb, k % 3 == 2 ? '\n' : ' ');
		}
		record_set(r, i, 0, fl->type == FT_CHOICE ? fl->options[0] : sb.buf);
		strbuf_free(&sb);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cause = NULL;
	struct form *f;

	if (size > 64 * 1024)
		size = 64 * 1024;
	f = form_parse("fuzz.form", (const char *)data, size, &cause);
	free(cause);
	if (f == NULL)
		return 0;
	for (int filled = 0; filled < 2; filled++) {
		struct record *r = record_new(f);

		for (int g = 0; g < f->ngroups; g++)
			record_row_add(r, g);
		if (filled)
			fill(r);
		for (int w = 58; w <= 200; w++)
			for (int folded = 0; folded < 2; folded++)
				for (int g = -1; g < f->ngroups; g++)
					check(r, g, w, folded);
		record_free(r);
	}
	form_free(f);
	return 0;
}
