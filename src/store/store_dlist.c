/*
 * store_dlist.c - what the district looks at: status, the files received, held files,
 * problems, conflicts and the decision log; and settling a conflict (contract in
 * district.h).
 */
#include "district_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

/* Begin a read transaction for lists that must see one moment, unless one is open already
 * (a list asked for inside a batch of imports); *began says whether to end it. */
static int read_begin(struct store *s, int *began, char **cause)
{
	*began = sqlite3_get_autocommit(s->db);
	return *began ? store_begin_read(s, cause) : 0;
}

/* End what read_begin began. */
static void read_end(struct store *s, int began)
{
	if (began)
		store_rollback(s);
}

/* A unit id and its index in a list, to find a unit's row quickly. */
struct unit_at {
	sqlite3_int64 id;
	int at;
};

/* Order by unit id, for bsearch. */
static int unit_at_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = ((const struct unit_at *)a)->id, y = ((const struct unit_at *)b)->id;

	return x < y ? -1 : x > y;
}

/* The index of a unit in the list, or -1. */
static int unit_find(const struct unit_at *map, int n, sqlite3_int64 id)
{
	struct unit_at key = { id, 0 };
	const struct unit_at *hit = n > 0 ? bsearch(&key, map, (size_t)n, sizeof *map, unit_at_cmp)
					  : NULL;

	return hit != NULL ? hit->at : -1;
}

/* The index of a form id among forms, or -1. */
static int form_at(struct form *const *forms, int nforms, const char *id)
{
	for (int i = 0; i < nforms; i++)
		if (id != NULL && strcmp(forms[i]->id, id) == 0)
			return i;
	return -1;
}

static const char sql_roster_ids[] =
	"SELECT u.id, u.name, r.pos FROM roster r JOIN units u ON u.id = r.unit"
	" WHERE r.year = ?1 ORDER BY r.pos, u.name";
static const char sql_current_all[] =
	"SELECT c.unit, c.form_id, c.revision, c.received, c.file, c.updated,"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'hard'),"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'soft')"
	" FROM copies c WHERE c.year = ?1 AND c.state = 'current'";
static const char sql_entered_all[] =
	"SELECT s.unit, s.form_id, s.revision, s.updated FROM submissions s WHERE s.year = ?1"
	" AND NOT EXISTS (SELECT 1 FROM copies c WHERE c.unit = s.unit AND c.form_id = s.form_id"
	" AND c.year = s.year AND c.state = 'current')";
static const char sql_held_all[] =
	"SELECT h.unit, h.form_id, h.uuid = c.uuid AND h.revision = c.revision FROM copies h"
	" LEFT JOIN copies c ON c.unit = h.unit AND c.form_id = h.form_id AND c.year = h.year"
	" AND c.state = 'current' WHERE h.year = ?1 AND h.state = 'held'";

/* The roster as units with empty slots, and the map from unit id to index. */
static int status_units(struct store *s, int year, int nforms, struct district_unit **out,
			int *n, struct unit_at **map, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_roster_ids, cause);
	int r, cap = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, (size_t)cap, sizeof **out);
			*map = xreallocarray(*map, (size_t)cap, sizeof **map);
		}
		(*map)[*n] = (struct unit_at){ sqlite3_column_int64(st, 0), *n };
		(*out)[*n] = (struct district_unit){ .name = d_col_text(st, 1),
						     .pos = sqlite3_column_int(st, 2),
						     .nslots = nforms };
		if (nforms > 0)
			(*out)[*n].slots = xcalloc((size_t)nforms, sizeof *(*out)[*n].slots);
		(*n)++;
	}
	if (*n > 1)
		qsort(*map, (size_t)*n, sizeof **map, unit_at_cmp);
	return r;
}

int district_status(struct store *s, int year, struct form *const *forms, int nforms,
		    struct district_unit **out, int *n, char **cause)
{
	struct unit_at *map = NULL;
	sqlite3_stmt *st;
	int r, began;

	*out = NULL;
	*n = 0;
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || read_begin(s, &began, cause) != 0)
		return -1;
	r = status_units(s, year, nforms, out, n, &map, cause);
	if (r == 0 && (st = store_q(s, sql_current_all, cause)) != NULL) {
		sqlite3_bind_int(st, 1, year);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			int u = unit_find(map, *n, sqlite3_column_int64(st, 0));
			int k = form_at(forms, nforms, (const char *)sqlite3_column_text(st, 1));
			struct district_slot *sl;

			if (u < 0 || k < 0)
				continue;
			sl = &(*out)[u].slots[k];
			sl->reported = 1;
			sl->revision = sqlite3_column_int64(st, 2);
			store_col_copy(st, 3, sl->received, sizeof sl->received);
			sl->file = d_col_text(st, 4);
			sl->updated = d_col_text(st, 5);
			sl->nhard = sqlite3_column_int(st, 6);
			sl->nsoft = sqlite3_column_int(st, 7);
		}
	} else if (r == 0) {
		r = -1;
	}
	/* What the district entered itself for a unit counts as reported too. */
	if (r == 0 && (st = store_q(s, sql_entered_all, cause)) != NULL) {
		sqlite3_bind_int(st, 1, year);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			int u = unit_find(map, *n, sqlite3_column_int64(st, 0));
			int k = form_at(forms, nforms, (const char *)sqlite3_column_text(st, 1));

			if (u < 0 || k < 0)
				continue;
			(*out)[u].slots[k].reported = 1;
			(*out)[u].slots[k].revision = sqlite3_column_int64(st, 2);
			(*out)[u].slots[k].updated = d_col_text(st, 3);
		}
	} else if (r == 0) {
		r = -1;
	}
	if (r == 0 && (st = store_q(s, sql_held_all, cause)) != NULL) {
		sqlite3_bind_int(st, 1, year);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			int u = unit_find(map, *n, sqlite3_column_int64(st, 0));
			int k = form_at(forms, nforms, (const char *)sqlite3_column_text(st, 1));

			if (u < 0 || k < 0)
				continue;
			(*out)[u].slots[k].conflicts++;
			(*out)[u].slots[k].edited += sqlite3_column_int(st, 2);
		}
	} else if (r == 0) {
		r = -1;
	}
	free(map);
	read_end(s, began);
	if (r < 0) {
		district_units_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_units_free(struct district_unit *u, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < u[i].nslots; k++) {
			free(u[i].slots[k].file);
			free(u[i].slots[k].updated);
		}
		free(u[i].slots);
		free(u[i].name);
	}
	free(u);
}

/* ---- the files received ------------------------------------------------------------------ */

static const char sql_receipts[] =
	"SELECT r.id, r.name, r.received, r.outcome, r.message, f.size, f.sha256, f.encoding,"
	" f.sep, r.unit_name, u.name, r.form_id, r.revision FROM receipts r"
	" JOIN files f ON f.id = r.file LEFT JOIN units u ON u.id = r.unit ORDER BY r.id";

/* The result named in the database (as district_result_name gives it). */
static enum district_result result_named(const char *name)
{
	for (int r = DR_NEW; r <= DR_REFUSED; r++)
		if (name != NULL && strcmp(name, district_result_name(r)) == 0)
			return r;
	return DR_REFUSED;
}

int district_receipts(struct store *s, struct district_receipt **out, int *n, char **cause)
{
	sqlite3_stmt *st;
	int r, cap = 0, has;

	*out = NULL;
	*n = 0;
	if (d_has_tables(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	if ((st = store_q(s, sql_receipts, cause)) == NULL)
		return -1;
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_receipt *d;
		const char *sep = (const char *)sqlite3_column_text(st, 8);

		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xreallocarray(*out, (size_t)cap, sizeof **out);
		}
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		d->id = (long)sqlite3_column_int64(st, 0);
		d->name = d_col_text(st, 1);
		store_col_copy(st, 2, d->received, sizeof d->received);
		d->result = result_named((const char *)sqlite3_column_text(st, 3));
		d->line = d_col_text(st, 4);
		d->size = (long)sqlite3_column_int64(st, 5);
		store_col_copy(st, 6, d->sha256, sizeof d->sha256);
		d->encoding = d_col_text(st, 7);
		d->sep = sep != NULL ? sep[0] : 0;
		d->unit_name = d_col_text(st, 9);
		d->unit = d_col_text(st, 10);
		d->form_id = d_col_text(st, 11);
		d->revision = (long)sqlite3_column_int64(st, 12);
	}
	if (r < 0) {
		district_receipts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_receipts_free(struct district_receipt *r, int n)
{
	for (int i = 0; i < n; i++) {
		free(r[i].name);
		free(r[i].line);
		free(r[i].encoding);
		free(r[i].unit_name);
		free(r[i].unit);
		free(r[i].form_id);
	}
	free(r);
}

static const char sql_receipt_bytes[] =
	"SELECT f.content FROM receipts r JOIN files f ON f.id = r.file WHERE r.id = ?1";

int district_receipt_bytes(struct store *s, long id, char **bytes, size_t *len, char **cause)
{
	sqlite3_stmt *st;
	int r;

	*bytes = NULL;
	*len = 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_receipt_bytes, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		const void *b = sqlite3_column_blob(st, 0);

		*len = (size_t)sqlite3_column_bytes(st, 0);
		if (b != NULL) {
			*bytes = xmalloc(*len + 1);
			memcpy(*bytes, b, *len);
			(*bytes)[*len] = '\0';
		} else {
			*len = 0;
		}
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

static const char sql_held_files[] =
	"SELECT id, unit_name, name, form_id, received FROM receipts WHERE outcome = 'held'"
	" ORDER BY id";

int district_held_files(struct store *s, struct district_held **out, int *n, char **cause)
{
	sqlite3_stmt *st;
	int r, has;

	*out = NULL;
	*n = 0;
	if (d_has_tables(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	if ((st = store_q(s, sql_held_files, cause)) == NULL)
		return -1;
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_held *h;

		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		h = &(*out)[(*n)++];
		h->receipt = (long)sqlite3_column_int64(st, 0);
		h->unit_name = d_col_text(st, 1);
		h->file = d_col_text(st, 2);
		h->form_id = d_col_text(st, 3);
		store_col_copy(st, 4, h->received, sizeof h->received);
	}
	if (r < 0) {
		district_held_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_held_free(struct district_held *h, int n)
{
	for (int i = 0; i < n; i++) {
		free(h[i].unit_name);
		free(h[i].file);
		free(h[i].form_id);
	}
	free(h);
}

/* ---- values and problems ------------------------------------------------------------------ */

static const char sql_roster_units[] =
	"SELECT u.id, u.name, r.pos FROM roster r JOIN units u ON u.id = r.unit"
	" WHERE r.year = ?1 ORDER BY r.pos, u.name";

static const char sql_held_count[] =
	"SELECT unit, count(*) FROM copies WHERE form_id = ?1 AND year = ?2 AND state = 'held'"
	" GROUP BY unit";

int district_each(struct store *s, int year, const struct form *f,
		  int (*fn)(void *ctx, const char *unit, int pos, const struct record *rec,
			    int conflicts),
		  void *ctx, char **cause)
{
	struct unit_at *held = NULL;
	int nheld = 0;
	struct unit_at *ids = NULL;
	char **names = NULL;
	int *pos = NULL, n = 0, r, stop = 0, began;
	sqlite3_stmt *st;

	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || read_begin(s, &began, cause) != 0)
		return -1;
	if ((st = store_q(s, sql_roster_units, cause)) == NULL) {
		read_end(s, began);
		return -1;
	}
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		ids = xreallocarray(ids, (size_t)n + 1, sizeof *ids);
		names = xreallocarray(names, (size_t)n + 1, sizeof *names);
		pos = xreallocarray(pos, (size_t)n + 1, sizeof *pos);
		ids[n].id = sqlite3_column_int64(st, 0);
		names[n] = d_col_text(st, 1);
		pos[n] = sqlite3_column_int(st, 2);
		n++;
	}
	/* The units with held copies, as (unit, count) sorted by unit for bsearch. */
	if (r == 0 && (st = store_q(s, sql_held_count, cause)) == NULL)
		r = -1;
	if (r == 0) {
		sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, year);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			held = xreallocarray(held, (size_t)nheld + 1, sizeof *held);
			held[nheld].id = sqlite3_column_int64(st, 0);
			held[nheld++].at = sqlite3_column_int(st, 1);
		}
		if (nheld > 1)
			qsort(held, (size_t)nheld, sizeof *held, unit_at_cmp);
	}
	for (int i = 0; r == 0 && i < n && !stop; i++) {
		sqlite3_int64 sub;
		struct record *rec = NULL;
		int conflicts = unit_find(held, nheld, ids[i].id);

		r = d_slot_sub(s, ids[i].id, f->id, year, &sub, cause);
		if (r == 0 && sub > 0) {
			rec = record_new(f);
			r = d_load_copy(s, 0, sub, rec, cause);
		}
		if (r == 0)
			stop = fn(ctx, names[i], pos[i], rec, conflicts > 0 ? conflicts : 0);
		record_free(rec);
	}
	free(held);
	read_end(s, began);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	free(pos);
	return r < 0 ? -1 : 0;
}

static const char sql_problems[] =
	"SELECT p.level, p.field, p.row, p.found, p.message FROM problems p"
	" JOIN copies c ON c.id = p.copy WHERE c.unit = ?1 AND c.form_id = ?2 AND c.year = ?3"
	" AND c.state = 'current' ORDER BY (p.level = 'note'), p.seq";

int district_problems(struct store *s, int year, const char *unit, const char *form_id,
		      struct district_problem **out, int *n, char **cause)
{
	sqlite3_int64 id;
	char *name = NULL;
	sqlite3_stmt *st;
	int r;

	*out = NULL;
	*n = 0;
	if (d_need_tables(s, cause) != 0)
		return -1;
	r = d_resolve_unit(s, year, unit, &id, &name, cause);
	free(name);
	if (r <= 0)
		return r;
	if ((st = store_q(s, sql_problems, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, form_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_problem *p;
		const char *lv = (const char *)sqlite3_column_text(st, 0);

		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		p = &(*out)[(*n)++];
		p->level = lv[0] == 'h' ? 'h' : lv[0] == 's' ? 's' : 'n';
		p->field = d_col_text(st, 1);
		p->row = sqlite3_column_int(st, 2);
		p->found = d_col_text(st, 3);
		p->message = d_col_text(st, 4);
	}
	if (r < 0) {
		district_problems_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_problems_free(struct district_problem *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].field);
		free(p[i].found);
		free(p[i].message);
	}
	free(p);
}

/* ---- conflicts ----------------------------------------------------------------------------- */

static const char sql_conflicts[] =
	"SELECT h.id, u.name, h.form_id, h.uuid, h.revision, h.file, h.received, c.id, c.uuid,"
	" c.revision, c.file, c.received, h.unit FROM copies h JOIN units u ON u.id = h.unit"
	" JOIN copies c ON c.unit = h.unit AND c.form_id = h.form_id AND c.year = h.year"
	" AND c.state = 'current' LEFT JOIN roster r ON r.unit = h.unit AND r.year = h.year"
	" WHERE h.year = ?1 AND h.state = 'held' ORDER BY r.pos, u.name, h.form_id, h.id";

int district_conflicts(struct store *s, int year, struct form *const *forms, int nforms,
		       struct district_conflict **out, int *n, char **cause)
{
	struct pending {
		sqlite3_int64 held, cur, unit;
	} *pend = NULL;
	sqlite3_stmt *st;
	int r, began;

	*out = NULL;
	*n = 0;
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || read_begin(s, &began, cause) != 0)
		return -1;
	if ((st = store_q(s, sql_conflicts, cause)) == NULL) {
		read_end(s, began);
		return -1;
	}
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int k = form_at(forms, nforms, (const char *)sqlite3_column_text(st, 2));
		struct district_conflict *c;

		if (k < 0)
			continue;
		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		pend = xreallocarray(pend, (size_t)*n + 1, sizeof *pend);
		c = &(*out)[*n];
		memset(c, 0, sizeof *c);
		pend[*n].held = sqlite3_column_int64(st, 0);
		pend[*n].cur = sqlite3_column_int64(st, 7);
		pend[*n].unit = sqlite3_column_int64(st, 12);
		c->held = (long)pend[*n].held;
		c->unit = d_col_text(st, 1);
		c->form = forms[k];
		store_col_copy(st, 3, c->new_uuid, sizeof c->new_uuid);
		c->new_revision = (long)sqlite3_column_int64(st, 4);
		c->new_file = d_col_text(st, 5);
		store_col_copy(st, 6, c->new_received, sizeof c->new_received);
		store_col_copy(st, 8, c->cur_uuid, sizeof c->cur_uuid);
		c->cur_revision = (long)sqlite3_column_int64(st, 9);
		c->cur_file = d_col_text(st, 10);
		store_col_copy(st, 11, c->cur_received, sizeof c->cur_received);
		c->edited = strcmp(c->cur_uuid, c->new_uuid) == 0 &&
			    c->cur_revision == c->new_revision;
		(*n)++;
	}
	for (int i = 0; r == 0 && i < *n; i++) {
		struct district_conflict *c = &(*out)[i];
		sqlite3_int64 sub;

		c->cur = record_new(c->form);
		c->new_ = record_new(c->form);
		r = d_slot_sub(s, pend[i].unit, c->form->id, year, &sub, cause);
		if (r == 0)
			r = d_load_copy(s, pend[i].cur, sub, c->cur, cause);
		if (r == 0)
			r = d_load_copy(s, pend[i].held, 0, c->new_, cause);
	}
	free(pend);
	read_end(s, began);
	if (r < 0) {
		district_conflicts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_conflicts_free(struct district_conflict *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].unit);
		free(c[i].cur_file);
		free(c[i].new_file);
		record_free(c[i].cur);
		record_free(c[i].new_);
	}
	free(c);
}

static const char sql_slot_held[] =
	"SELECT id, uuid, revision, form_version, updated FROM copies WHERE unit = ?1"
	" AND form_id = ?2 AND year = ?3 AND state = 'held' ORDER BY id DESC";
static const char sql_slot_current[] =
	"SELECT id, revision FROM copies WHERE unit = ?1 AND form_id = ?2 AND year = ?3"
	" AND state = 'current'";
static const char sql_set_aside[] = "UPDATE copies SET state = 'set-aside' WHERE id = ?1";

int district_resolve(struct store *s, int year, const char *unit, const struct form *f,
		     int keep_new, char **line, char **cause)
{
	struct held {
		sqlite3_int64 id;
		char uuid[33];
		long revision;
		char *version, *updated;
	} *h = NULL;
	sqlite3_int64 uid, cur = 0, sub;
	char *name = NULL, *detail = NULL;
	long cur_rev = 0;
	sqlite3_stmt *st;
	int n = 0, r, own;

	*line = NULL;
	if (d_need_tables(s, cause) != 0 || d_write_begin(s, &own, cause) != 0)
		return -1;
	r = d_resolve_unit(s, year, unit, &uid, &name, cause);
	if (r == 0)
		*cause = xasprintf("“%s”不在%d年的名单上，也不是别名。请用 tianbiao conflicts 查看"
				   "有冲突的单位名称。", unit, year);
	if (r <= 0)
		goto fail;
	if ((st = store_q(s, sql_slot_held, cause)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		h = xreallocarray(h, (size_t)n + 1, sizeof *h);
		h[n].id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, h[n].uuid, sizeof h[n].uuid);
		h[n].revision = (long)sqlite3_column_int64(st, 2);
		h[n].version = d_col_text(st, 3);
		h[n].updated = d_col_text(st, 4);
		n++;
	}
	if (r < 0 || (st = store_q(s, sql_slot_current, cause)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	if ((r = d_step(s, st, 0, cause)) == 1) {
		cur = sqlite3_column_int64(st, 0);
		cur_rev = (long)sqlite3_column_int64(st, 1);
		store_done(st);
	}
	if (r < 0)
		goto fail;
	if (n == 0 || cur == 0) {
		*cause = xasprintf("%s的%s（%s）没有待处理的冲突，没有改动。请用 tianbiao conflicts "
				   "查看有哪些冲突。", name, f->attachment, f->name);
		goto fail;
	}
	/* Every held copy but the one kept is set aside: kept in the database, not counted. */
	for (int i = keep_new ? 1 : 0; i < n; i++) {
		if ((st = store_q(s, sql_set_aside, cause)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, h[i].id);
		if (store_run(s, st, cause) != 0)
			goto fail;
	}
	if (keep_new) {
		if (d_slot_sub(s, uid, f->id, year, &sub, cause) != 0 ||
		    d_retire_current(s, cur, sub, "set-aside", cause) != 0 ||
		    d_make_current(s, h[0].id, NULL, uid, f, year, h[0].uuid, h[0].revision,
				   h[0].version, h[0].updated, cause) != 0)
			goto fail;
		*line = xasprintf("已改用新收到的一份（修订 %ld）：%s的%s（%s）；原有的修订 %ld 已放在"
				  "一边（没有删除）%s。", h[0].revision, name, f->attachment, f->name,
				  cur_rev, n > 1 ? "，另外几份新收到的也放在一边" : "");
	} else {
		*line = xasprintf("已保留原有的一份（修订 %ld）：%s的%s（%s）；新收到的 %d 份已放在一边"
				  "（没有删除）。", cur_rev, name, f->attachment, f->name, n);
	}
	detail = xasprintf("%s", *line);
	if (d_log(s, keep_new ? "keep-new" : "keep-current", uid, f->id, year,
		  keep_new ? h[0].id : cur, keep_new ? cur : h[0].id, detail, cause) != 0)
		goto fail;
	free(detail);
	detail = NULL;
	if (d_write_commit(s, own, cause) != 0)
		goto fail_done;
	for (int i = 0; i < n; i++) {
		free(h[i].version);
		free(h[i].updated);
	}
	free(h);
	free(name);
	return 0;
fail:
	d_write_rollback(s, own);
fail_done:
	for (int i = 0; i < n; i++) {
		free(h[i].version);
		free(h[i].updated);
	}
	free(h);
	free(name);
	free(detail);
	free(*line);
	*line = NULL;
	return -1;
}

/* ---- the decision log ------------------------------------------------------------------------ */

static const char sql_decisions[] = "SELECT at, action, detail FROM decisions ORDER BY id";

int district_decisions(struct store *s, struct district_decision **out, int *n, char **cause)
{
	sqlite3_stmt *st;
	int r;

	*out = NULL;
	*n = 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_decisions, cause)) == NULL)
		return -1;
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct district_decision *d;

		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		d = &(*out)[(*n)++];
		store_col_copy(st, 0, d->at, sizeof d->at);
		d->action = d_col_text(st, 1);
		d->detail = d_col_text(st, 2);
	}
	if (r < 0) {
		district_decisions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_decisions_free(struct district_decision *d, int n)
{
	for (int i = 0; i < n; i++) {
		free(d[i].action);
		free(d[i].detail);
	}
	free(d);
}

static const char sql_active[] =
	"SELECT EXISTS (SELECT 1 FROM roster) OR EXISTS (SELECT 1 FROM receipts)";

int district_active(struct store *s, int *active, char **cause)
{
	sqlite3_stmt *st;
	int has, r;

	*active = 0;
	if (d_has_tables(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	if ((st = store_q(s, sql_active, cause)) == NULL)
		return -1;
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*active = sqlite3_column_int(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}
