/* record.c - the values of one submission in memory (contract in record.h). */
#include "record.h"

#include <stdlib.h>
#include <string.h>

/* Every value starts blank (NULL) and no group has rows. */
struct record *record_new(const struct form *f)
{
	struct record *r = xcalloc(1, sizeof *r);

	r->form = f;
	/* Zero-sized arrays stay NULL: xcalloc refuses a zero size. */
	if (f->nfields > 0)
		r->vals = xcalloc((size_t)f->nfields, sizeof *r->vals);
	if (f->ngroups > 0) {
		r->nrows = xcalloc((size_t)f->ngroups, sizeof *r->nrows);
		r->rows = xcalloc((size_t)f->ngroups, sizeof *r->rows);
	}
	return r;
}

/* Free the values of one group's rows. */
static void group_rows_free(struct record *r, int g)
{
	int n = r->nrows[g] * r->form->groups[g].nfields;

	for (int i = 0; i < n; i++)
		free(r->rows[g][i]);
	free(r->rows[g]);
	r->rows[g] = NULL;
	r->nrows[g] = 0;
}

/* Frees the values, not the borrowed form. */
void record_free(struct record *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->form->nfields; i++)
		free(r->vals[i]);
	free(r->vals);
	for (int g = 0; g < r->form->ngroups; g++)
		group_rows_free(r, g);
	free(r->nrows);
	free(r->rows);
	free(r->unit);
	free(r->uuid);
	free(r->updated);
	free(r);
}

/* The slot holding a value, or NULL when field or row is out of range. */
static char **record_slot(const struct record *r, int field, int row)
{
	const struct form_field *fl;
	int g;

	if (r == NULL || field < 0 || field >= r->form->nfields)
		return NULL;
	fl = &r->form->fields[field];
	g = fl->group;
	if (g < 0)
		return &r->vals[field];
	if (row < 0 || row >= r->nrows[g])
		return NULL;
	return &r->rows[g][(size_t)row * (size_t)r->form->groups[g].nfields + (size_t)fl->gpos];
}

/* Out of range reads as blank, so that callers need no extra checks. */
const char *record_get(const struct record *r, int field, int row)
{
	char **slot = record_slot(r, field, row);

	return slot != NULL ? *slot : NULL;
}

/* "" is stored as NULL: a blank is never an empty string. */
int record_set(struct record *r, int field, int row, const char *value)
{
	char **slot = record_slot(r, field, row);

	if (slot == NULL)
		return -1;
	free(*slot);
	*slot = value != NULL && *value != '\0' ? xstrdup(value) : NULL;
	return 0;
}

/* The group's max is a hard limit here; its min is only checked (check.h). */
/* Rows are allocated in powers of two, so that loading 10,000 rows stays linear;
 * the capacity follows from the row count alone (never less than what is allocated). */
static int row_capacity(int n)
{
	int cap = 4;

	while (cap < n)
		cap *= 2;
	return cap;
}

int record_row_add(struct record *r, int group)
{
	const struct form_group *g;
	int n, nf;

	if (r == NULL || group < 0 || group >= r->form->ngroups)
		return -1;
	g = &r->form->groups[group];
	n = r->nrows[group];
	nf = g->nfields;
	if (n >= g->max || nf <= 0)
		return -1;
	if (r->rows[group] == NULL || n + 1 > row_capacity(n))
		r->rows[group] = xreallocarray(r->rows[group],
					       (size_t)row_capacity(n + 1) * (size_t)nf,
					       sizeof *r->rows[group]);
	memset(&r->rows[group][(size_t)n * (size_t)nf], 0, (size_t)nf * sizeof *r->rows[group]);
	r->nrows[group] = n + 1;
	return n;
}

/* Later rows move up, so that rows stay numbered without gaps. */
int record_row_delete(struct record *r, int group, int row)
{
	size_t nf;
	char **v;

	if (r == NULL || group < 0 || group >= r->form->ngroups || row < 0 ||
	    row >= r->nrows[group])
		return -1;
	nf = (size_t)r->form->groups[group].nfields;
	v = r->rows[group];
	for (size_t i = 0; i < nf; i++)
		free(v[(size_t)row * nf + i]);
	memmove(&v[(size_t)row * nf], &v[(size_t)(row + 1) * nf],
		(size_t)(r->nrows[group] - row - 1) * nf * sizeof *v);
	r->nrows[group]--;
	if (r->nrows[group] == 0) {
		free(r->rows[group]);
		r->rows[group] = NULL;
	}
	return 0;
}

/* Swapping pointers moves a row without copying its values. */
int record_row_move(struct record *r, int group, int row, int dir)
{
	size_t nf;
	char **a, **b;
	int other;

	if (r == NULL || group < 0 || group >= r->form->ngroups || (dir != -1 && dir != 1))
		return -1;
	other = row + dir;
	if (row < 0 || row >= r->nrows[group] || other < 0 || other >= r->nrows[group])
		return -1;
	nf = (size_t)r->form->groups[group].nfields;
	a = &r->rows[group][(size_t)row * nf];
	b = &r->rows[group][(size_t)other * nf];
	for (size_t i = 0; i < nf; i++) {
		char *t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
	return 0;
}

/* Counts per row, so that progress reflects rows the clerk has added. */
void record_count(const struct record *r, int *filled, int *total)
{
	int fill = 0, tot = 0;

	for (int i = 0; i < r->form->nfields; i++) {
		int g = r->form->fields[i].group;

		if (g < 0) {
			tot++;
			fill += r->vals[i] != NULL;
			continue;
		}
		for (int row = 0; row < r->nrows[g]; row++) {
			tot++;
			fill += record_get(r, i, row) != NULL;
		}
	}
	if (filled != NULL)
		*filled = fill;
	if (total != NULL)
		*total = tot;
}

/* Replace a malloc'd string with a copy of s (NULL stays NULL). */
static void set_str(char **dst, const char *s)
{
	char *copy = s != NULL ? xstrdup(s) : NULL;

	free(*dst);
	*dst = copy;
}

/* Copies before freeing, so that r's own strings may be passed in. */
void record_set_meta(struct record *r, const char *unit, const char *uuid, long revision,
		     const char *updated)
{
	set_str(&r->unit, unit);
	set_str(&r->uuid, uuid);
	r->revision = revision;
	set_str(&r->updated, updated);
}
