/*
 * record.h - the values of one submission of one form, in memory.
 *
 * A blank is NULL, never "" and never "0". Top-level fields have one value;
 * fields inside a repeating group have one value per row (rows are 0-based here;
 * users see them 1-based). The record does not check values: see check.h.
 */
#ifndef TB_RECORD_H
#define TB_RECORD_H

#include "form.h"

struct record {
	const struct form *form;	/* borrowed; must outlive the record */
	char *unit;			/* reporting unit, or NULL */
	char *uuid;			/* submission id, or NULL before it is stored */
	long revision;			/* grows with every stored change; 0 = new */
	char *updated;			/* ISO 8601 time of the last change, or NULL */
	char **vals;			/* [nfields]: top-level values (NULL for group fields) */
	int *nrows;			/* [ngroups]: rows in each group */
	char ***rows;			/* [ngroups][nrows * group->nfields], by gpos */
};

struct record *record_new(const struct form *f);
void record_free(struct record *r);

/* The value, or NULL when blank; row is ignored for top-level fields.
 * A row out of range gives NULL. */
const char *record_get(const struct record *r, int field, int row);
/* Store a copy of value (NULL or "" make it blank). Returns -1 if row is out of range. */
int record_set(struct record *r, int field, int row, const char *value);

/* Append a blank row; returns its index, or -1 at the group's max. */
int record_row_add(struct record *r, int group);
/* Remove a row; later rows move up. Returns -1 if out of range. */
int record_row_delete(struct record *r, int group, int row);
/* Swap row with row+dir (dir = -1 or +1). Returns -1 if either is out of range. */
int record_row_move(struct record *r, int group, int row, int dir);

/* Number of fields that have a value, and of all fields (rows counted). */
void record_count(const struct record *r, int *filled, int *total);

void record_set_meta(struct record *r, const char *unit, const char *uuid, long revision,
		     const char *updated);

#endif
