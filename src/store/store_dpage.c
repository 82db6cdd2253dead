/*
 * store_dpage.c - the district's status a screen at a time (contract in district_page.h):
 * counts over the whole roster in SQL, and the slots of the units shown by indexed lookups.
 */
#include "district_int.h"
#include "district_page.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* A slot reported has its submission (a copy received is kept as one, and what the district
 * entered is one). They are counted over the year by the index of forms, and the few of
 * units not on the roster (the district's own, units taken off it) are taken away: found by
 * walking the roster's and the units' ids side by side, both in id order. */
static const char sql_count_subs[] =
	"SELECT form_id, count(*) FROM submissions WHERE year = ?1 GROUP BY form_id";
static const char sql_roster_ids[] = "SELECT unit FROM roster WHERE year = ?1 ORDER BY unit";
static const char sql_unit_ids[] = "SELECT id FROM units ORDER BY id";
static const char sql_count_unit[] =
	"SELECT form_id, count(*) FROM submissions WHERE unit = ?1 AND year = ?2 GROUP BY form_id";
/* Copies held are few: found first, then matched with the roster. */
static const char sql_count_held[] =
	"SELECT h.form_id, count(DISTINCT h.unit) FROM copies h CROSS JOIN roster r"
	" ON r.unit = h.unit AND r.year = h.year WHERE h.year = ?1 AND h.state = 'held'"
	" GROUP BY h.form_id";
static const char sql_page[] =
	"SELECT u.id, u.name, r.pos FROM roster r JOIN units u ON u.id = r.unit WHERE r.year = ?1"
	" ORDER BY r.pos, u.name LIMIT ?2 OFFSET ?3";
static const char sql_names[] =
	"SELECT u.name FROM roster r JOIN units u ON u.id = r.unit WHERE r.year = ?1"
	" ORDER BY r.pos, u.name";
/* Through the partial index of held files (receipts_held), not every file received. */
static const char sql_held[] =
	"SELECT id, unit_name, name, form_id, received FROM receipts INDEXED BY receipts_held"
	" WHERE outcome = 'held'";
static const char sql_slot_current[] =
	"SELECT c.revision, c.received, c.file, c.updated,"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'hard'),"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'soft')"
	" FROM copies c WHERE c.unit = ?1 AND c.form_id = ?2 AND c.year = ?3 AND c.state = 'current'";
static const char sql_slot_entered[] =
	"SELECT revision, updated FROM submissions WHERE unit = ?1 AND form_id = ?2 AND year = ?3";
static const char sql_slot_held[] =
	"SELECT count(*), coalesce(sum(h.uuid = c.uuid AND h.revision = c.revision), 0) FROM copies h"
	" LEFT JOIN copies c ON c.unit = h.unit AND c.form_id = h.form_id AND c.year = h.year"
	" AND c.state = 'current' WHERE h.unit = ?1 AND h.form_id = ?2 AND h.year = ?3"
	" AND h.state = 'held'";

/* The index of a form id among forms, or -1. */
static int form_index(struct form *const *forms, int nforms, const char *id)
{
	for (int k = 0; id != NULL && k < nforms; k++)
		if (strcmp(forms[k]->id, id) == 0)
			return k;
	return -1;
}

/* Add a per-form count query's rows into counts. */
static int count_into(struct store *s, const char *sql, int year, struct form *const *forms,
		      int nforms, int *counts, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql, cause);
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int k = form_index(forms, nforms, (const char *)sqlite3_column_text(st, 0));

		if (k >= 0)
			counts[k] += sqlite3_column_int(st, 1);
	}
	return r;
}

/* Take away from counts what units not on the roster of year have submitted; *units gets the
 * roster's size on the way. */
static int not_on_roster(struct store *s, int year, struct form *const *forms, int nforms,
			 int *counts, int *units, char **cause)
{
	sqlite3_stmt *ro = store_q(s, sql_roster_ids, cause), *un, *st;
	sqlite3_int64 *off = NULL, next = -1;
	int noff = 0, r = 0, rr;

	if (ro == NULL)
		return -1;
	sqlite3_bind_int(ro, 1, year);
	if ((un = store_q(s, sql_unit_ids, cause)) == NULL) {
		store_done(ro);
		return -1;
	}
	rr = d_step(s, ro, 0, cause);
	if (rr == 1) {
		next = sqlite3_column_int64(ro, 0);
		(*units)++;
	}
	while (rr >= 0 && (r = d_step(s, un, 0, cause)) == 1) {
		sqlite3_int64 id = sqlite3_column_int64(un, 0);

		while (rr == 1 && next < id)
			if ((rr = d_step(s, ro, 0, cause)) == 1) {
				next = sqlite3_column_int64(ro, 0);
				(*units)++;
			}
		if (rr == 1 && next == id)
			continue;
		off = xreallocarray(off, (size_t)noff + 1, sizeof(*off));
		off[noff++] = id;
	}
	while (rr == 1 && r >= 0)	/* roster ids beyond the last unit: counted */
		if ((rr = d_step(s, ro, 0, cause)) == 1)
			(*units)++;
	if (rr == 1)
		store_done(ro);
	if (rr < 0 || r < 0) {
		if (rr < 0)
			store_done(un);
		free(off);
		return -1;
	}
	r = 0;
	for (int i = 0; r == 0 && i < noff; i++) {
		if ((st = store_q(s, sql_count_unit, cause)) == NULL) {
			r = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, off[i]);
		sqlite3_bind_int(st, 2, year);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			int k = form_index(forms, nforms, (const char *)sqlite3_column_text(st, 0));

			if (k >= 0)
				counts[k] -= sqlite3_column_int(st, 1);
		}
	}
	free(off);
	return r;
}

int district_page_counts(struct store *s, int year, struct form *const *forms, int nforms,
			 int *units, int *reported, int *conflicts, char **cause)
{
	*units = 0;
	memset(reported, 0, sizeof(*reported) * (size_t)nforms);
	memset(conflicts, 0, sizeof(*conflicts) * (size_t)nforms);
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0)
		return -1;
	if (count_into(s, sql_count_subs, year, forms, nforms, reported, cause) < 0 ||
	    not_on_roster(s, year, forms, nforms, reported, units, cause) < 0 ||
	    count_into(s, sql_count_held, year, forms, nforms, conflicts, cause) < 0)
		return -1;
	return 0;
}

/* Run one slot query bound to (unit, form, year); 1 with a row (the caller reads it, then
 * store_done), 0 without, -1 on an error. */
static int slot_q(struct store *s, sqlite3_stmt *st, sqlite3_int64 unit, const char *form_id,
		  int year, char **cause)
{
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, form_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	return d_step(s, st, 0, cause);
}

/* One unit's slot of one form, as district_status fills it. */
static int slot_read(struct store *s, sqlite3_int64 unit, const char *form_id, int year,
		     struct district_slot *sl, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_slot_current, cause);
	int r;

	if (st == NULL || (r = slot_q(s, st, unit, form_id, year, cause)) < 0)
		return -1;
	if (r == 1) {
		sl->reported = 1;
		sl->revision = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, sl->received, sizeof(sl->received));
		sl->file = d_col_text(st, 2);
		sl->updated = d_col_text(st, 3);
		sl->nhard = sqlite3_column_int(st, 4);
		sl->nsoft = sqlite3_column_int(st, 5);
		store_done(st);
	} else {	/* what the district entered itself counts as reported too */
		if ((st = store_q(s, sql_slot_entered, cause)) == NULL ||
		    (r = slot_q(s, st, unit, form_id, year, cause)) < 0)
			return -1;
		if (r == 1) {
			sl->reported = 1;
			sl->revision = sqlite3_column_int64(st, 0);
			sl->updated = d_col_text(st, 1);
			store_done(st);
		}
	}
	if ((st = store_q(s, sql_slot_held, cause)) == NULL ||
	    (r = slot_q(s, st, unit, form_id, year, cause)) < 0)
		return -1;
	if (r == 1) {
		sl->conflicts = sqlite3_column_int(st, 0);
		sl->edited = sqlite3_column_int(st, 1);
		store_done(st);
	}
	return 0;
}

int district_page_units(struct store *s, int year, struct form *const *forms, int nforms,
			int first, int count, struct district_unit **out, int *n, char **cause)
{
	sqlite3_int64 *ids = NULL;
	sqlite3_stmt *st;
	int r;

	*out = NULL;
	*n = 0;
	if (s->empty || count <= 0)
		return 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_page, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, count);
	sqlite3_bind_int(st, 3, first > 0 ? first : 0);
	*out = xcalloc((size_t)count, sizeof(**out));
	ids = xcalloc((size_t)count, sizeof(*ids));
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_unit *u = &(*out)[*n];

		ids[*n] = sqlite3_column_int64(st, 0);
		u->name = d_col_text(st, 1);
		u->pos = sqlite3_column_int(st, 2);
		u->nslots = nforms;
		u->slots = xcalloc((size_t)(nforms > 0 ? nforms : 1), sizeof(*u->slots));
		(*n)++;
	}
	for (int i = 0; r == 0 && i < *n; i++)
		for (int k = 0; r == 0 && k < nforms; k++)
			r = slot_read(s, ids[i], forms[k]->id, year, &(*out)[i].slots[k], cause);
	free(ids);
	if (r < 0) {
		district_units_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int district_page_find(struct store *s, int year, const char *text, int from, int *at,
		       char **cause)
{
	sqlite3_stmt *st;
	int r, i = 0, first = -1;

	*at = -1;
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_names, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name != NULL && strstr(name, text) != NULL) {
			if (i >= from) {
				*at = i;
				store_done(st);
				return 0;
			}
			if (first < 0)
				first = i;
		}
		i++;
	}
	*at = first;
	return r;
}

/* Oldest first, as district_held_files gives them. */
static int held_cmp(const void *a, const void *b)
{
	long x = ((const struct district_held *)a)->receipt, y = ((const struct district_held *)b)->receipt;

	return x < y ? -1 : x > y;
}

int district_page_held(struct store *s, struct district_held **out, int *n, char **cause)
{
	sqlite3_stmt *st;
	int r;

	*out = NULL;
	*n = 0;
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_held, cause)) == NULL)
		return -1;
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_held *h;

		*out = xreallocarray(*out, (size_t)*n + 1, sizeof(**out));
		h = &(*out)[(*n)++];
		h->receipt = (long)sqlite3_column_int64(st, 0);
		h->unit_name = d_col_text(st, 1);
		h->file = d_col_text(st, 2);
		h->form_id = d_col_text(st, 3);
		store_col_copy(st, 4, h->received, sizeof(h->received));
	}
	if (*n > 1)
		qsort(*out, (size_t)*n, sizeof(**out), held_cmp);
	return r;
}
