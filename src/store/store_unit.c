/*
 * store_unit.c - a unit's submissions, values and group rows (contract in store.h, schema
 * in docs/storage.md).
 *
 * Every statement is a constant string in unit_sql[] below, prepared once by store_q and
 * kept; values are always bound, never pasted into SQL text.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

/* The row number of a top-level field in vals.row; group rows are 0, 1, 2, ... */
#define STORE_TOP_ROW (-1)
/* Rows are parked at and beyond this number while rows are renumbered; none rests there
 * (a form allows at most 10,000 rows). */
#define STORE_PARK 1000000000

/* The statements of this file. */
enum unit_query {
	Q_META_GET,
	Q_META_PUT,
	Q_UNIT_GET,
	Q_UNIT_ADD,
	Q_UNIT_RENAME,
	Q_SUBS_MOVE,
	Q_SUBS_BUMP_UNIT,
	Q_SUB_GET,
	Q_SUB_ADD,
	Q_SUB_BUMP,
	Q_VAL_GET,
	Q_VAL_PUT,
	Q_VAL_DEL,
	Q_VALS_ALL,
	Q_ROWS_ALL,
	Q_ROWS_GET,
	Q_ROWS_PUT,
	Q_ROW_SHIFT_OUT,
	Q_ROW_SHIFT_IN,
	Q_ROW_RENUMBER,
	Q__COUNT
};

static const char *const unit_sql[Q__COUNT] = {
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[Q_UNIT_GET] = "SELECT id FROM units WHERE name = ?1",
	[Q_UNIT_ADD] = "INSERT INTO units(name, created) VALUES (?1, ?2)",
	[Q_UNIT_RENAME] = "UPDATE units SET name = ?2 WHERE id = ?1",
	[Q_SUBS_MOVE] = "UPDATE submissions SET unit = ?2, revision = revision + 1, updated = ?3"
			" WHERE unit = ?1 AND NOT EXISTS (SELECT 1 FROM submissions AS t"
			" WHERE t.unit = ?2 AND t.form_id = submissions.form_id"
			" AND t.year = submissions.year)",
	[Q_SUBS_BUMP_UNIT] = "UPDATE submissions SET revision = revision + 1, updated = ?2"
			     " WHERE unit = ?1",
	[Q_SUB_GET] = "SELECT id, uuid, revision, updated FROM submissions"
		      " WHERE unit = (SELECT id FROM units WHERE name = ?1)"
		      " AND form_id = ?2 AND year = ?3",
	[Q_SUB_ADD] = "INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision,"
		      " created, updated, origin) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6, 'local')",
	[Q_SUB_BUMP] = "UPDATE submissions SET revision = revision + 1, updated = ?2,"
		       " form_version = ?3 WHERE id = ?1",
	[Q_VAL_GET] = "SELECT value FROM vals WHERE submission = ?1 AND field = ?2 AND row = ?3",
	[Q_VAL_PUT] = "INSERT OR REPLACE INTO vals(submission, field, row, value)"
		      " VALUES (?1, ?2, ?3, ?4)",
	[Q_VAL_DEL] = "DELETE FROM vals WHERE submission = ?1 AND field = ?2 AND row = ?3",
	/* Primary-key order: one field after the other, each by row. */
	[Q_VALS_ALL] = "SELECT field, row, value FROM vals WHERE submission = ?1",
	[Q_ROWS_ALL] = "SELECT grp, nrows FROM grouprows WHERE submission = ?1",
	[Q_ROWS_GET] = "SELECT nrows FROM grouprows WHERE submission = ?1 AND grp = ?2",
	[Q_ROWS_PUT] = "INSERT OR REPLACE INTO grouprows(submission, grp, nrows)"
		       " VALUES (?1, ?2, ?3)",
	/* Deleting row ?3: the rows below it are first parked ?4 further down (out of the
	 * way of the primary key, which is checked row by row), then come back one up. */
	[Q_ROW_SHIFT_OUT] = "UPDATE vals SET row = row + ?4"
			    " WHERE submission = ?1 AND field = ?2 AND row > ?3",
	[Q_ROW_SHIFT_IN] = "UPDATE vals SET row = row - ?3 - 1"
			   " WHERE submission = ?1 AND field = ?2 AND row >= ?3",
	[Q_ROW_RENUMBER] = "UPDATE vals SET row = ?4"
			   " WHERE submission = ?1 AND field = ?2 AND row = ?3",
};

/* The prepared statement of query q. */
static sqlite3_stmt *unit_q(struct store *s, enum unit_query q, char **cause)
{
	return store_q(s, unit_sql[q], cause);
}

/* One submission row, as the write functions need it. */
struct store_sub {
	sqlite3_int64 id;
	char uuid[33];
	long revision;
	char updated[40];
};

/* ---- the unit ---------------------------------------------------------------------- */

/* The meta value for key (malloc'd, NULL when there is none). */
static int store_meta_get(struct store *s, const char *key, char **value, char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_META_GET, cause);
	int rc;

	*value = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_unit_get(struct store *s, char **name, char **cause)
{
	*name = NULL;
	if (s->empty)
		return 0;
	return store_meta_get(s, "unit", name, cause);
}

/* The id of a unit by name: 1 found, 0 not there, -1 error. */
static int store_unit_id(struct store *s, const char *name, sqlite3_int64 *id, char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_UNIT_GET, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Values typed before the unit had a name were kept under "" (or under the old name):
 * they belong to this database's unit, so they follow it to the new name, with their
 * revisions bumped because their unit column changed.
 */
static int store_unit_follow(struct store *s, const char *old, const char *name,
			     const char *now, char **cause)
{
	sqlite3_int64 from, to;
	sqlite3_stmt *st;
	int r = store_unit_id(s, old, &from, cause);

	if (r <= 0)
		return r;
	r = store_unit_id(s, name, &to, cause);
	if (r < 0)
		return -1;
	if (r == 0) {
		if ((st = unit_q(s, Q_UNIT_RENAME, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
		if ((st = unit_q(s, Q_SUBS_BUMP_UNIT, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		return store_run(s, st, cause);
	}
	/* Both exist: move what does not collide; a collision stays where it is. */
	if ((st = unit_q(s, Q_SUBS_MOVE, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	return store_run(s, st, cause);
}

int store_unit_set(struct store *s, const char *name, char **cause)
{
	char *old = NULL;
	char now[40];
	sqlite3_stmt *st;

	*cause = NULL;
	if (name == NULL || *name == '\0') {
		*cause = xstrdup("单位名称不能为空。请输入本单位的名称。");
		return -1;
	}
	/*
	 * The screens set the unit on every start, nearly always to the name it has: that
	 * needs no write transaction (no other copy can write while we hold the lock). A
	 * failed read here is left to the write path below, which reports it.
	 */
	if (!s->readonly) {
		char *ignored = NULL;
		int same = store_meta_get(s, "unit", &old, &ignored) == 0 && old != NULL &&
			   strcmp(old, name) == 0;

		free(ignored);
		free(old);
		old = NULL;
		if (same)
			return 0;
	}
	store_now(now);
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_meta_get(s, "unit", &old, cause) != 0)
		goto fail;
	if (old != NULL && strcmp(old, name) == 0) {
		free(old);
		return store_commit(s, cause);
	}
	if (store_unit_follow(s, old ? old : "", name, now, cause) != 0)
		goto fail;
	if ((st = unit_q(s, Q_META_PUT, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, "unit", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	free(old);
	return 0;
fail:
	store_rollback(s);
	free(old);
	return -1;
}

/* ---- submissions ------------------------------------------------------------------- */

/* The submission of unit for form f: 1 found (into *sub), 0 none, -1 error. */
static int store_sub_find(struct store *s, const char *unit, const struct form *f,
			  struct store_sub *sub, char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_SUB_GET, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sub->id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, sub->uuid, sizeof(sub->uuid));
		sub->revision = (long)sqlite3_column_int64(st, 2);
		store_col_copy(st, 3, sub->updated, sizeof(sub->updated));
	} else if (rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
	}
	store_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Write a group's row count. */
static int store_rows_put(struct store *s, sqlite3_int64 sub, const char *grp, int nrows,
			  char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_ROWS_PUT, cause);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, grp, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, nrows);
	return store_run(s, st, cause);
}

/*
 * Find or create (inside the caller's write transaction) the submission rec belongs
 * to. A new one starts at revision 0 with the record's group rows, and gets its
 * revision 1 from the caller's store_sub_bump.
 */
static int store_sub_make(struct store *s, const char *unit, const struct record *rec,
			  struct store_sub *sub, char **cause)
{
	const struct form *f = rec->form;
	sqlite3_int64 uid;
	sqlite3_stmt *st;
	char now[40];
	int r = store_sub_find(s, unit, f, sub, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	store_now(now);
	r = store_unit_id(s, unit, &uid, cause);
	if (r < 0)
		return -1;
	if (r == 0) {
		if ((st = unit_q(s, Q_UNIT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
		uid = sqlite3_last_insert_rowid(s->db);
	}
	if ((st = unit_q(s, Q_SUB_ADD, cause)) == NULL)
		return -1;
	store_uuid(sub->uuid);
	sqlite3_bind_text(st, 1, sub->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, uid);
	sqlite3_bind_text(st, 3, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->version, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, f->year);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0)
		return -1;
	sub->id = sqlite3_last_insert_rowid(s->db);
	sub->revision = 0;
	snprintf(sub->updated, sizeof(sub->updated), "%s", now);
	for (int g = 0; g < f->ngroups; g++)
		if (rec->nrows[g] > 0 &&
		    store_rows_put(s, sub->id, f->groups[g].id, rec->nrows[g], cause) != 0)
			return -1;
	return 0;
}

/* One more revision: every stored change goes through here exactly once. */
static int store_sub_bump(struct store *s, const struct form *f, struct store_sub *sub,
			  char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_SUB_BUMP, cause);

	if (st == NULL)
		return -1;
	store_now(sub->updated);
	sqlite3_bind_int64(st, 1, sub->id);
	sqlite3_bind_text(st, 2, sub->updated, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->version, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0)
		return -1;
	sub->revision++;
	return 0;
}

/* The unit as the record keeps it: NULL while the database has no unit name. */
static const char *store_rec_unit(const char *unit)
{
	return unit[0] != '\0' ? unit : NULL;
}

/* ---- loading ----------------------------------------------------------------------- */

/* Read the group row counts of a submission into nr. */
static int store_load_rows(struct store *s, sqlite3_int64 sub, struct record *nr, char **cause)
{
	const struct form *f = nr->form;
	sqlite3_stmt *st = unit_q(s, Q_ROWS_ALL, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int g = form_group_index(f, (const char *)sqlite3_column_text(st, 0));
		int n = sqlite3_column_int(st, 1);

		if (g < 0)
			continue;	/* a group the form no longer has: kept, not shown */
		while (nr->nrows[g] < n)
			if (record_row_add(nr, g) < 0)
				break;	/* beyond the form's max: kept, not shown */
		while (nr->nrows[g] > n && nr->nrows[g] > 0)
			record_row_delete(nr, g, nr->nrows[g] - 1);
	}
	if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Read every value of a submission into nr with one query, in primary-key order. */
static int store_load_vals(struct store *s, sqlite3_int64 sub, struct record *nr, char **cause)
{
	const struct form *f = nr->form;
	sqlite3_stmt *st = unit_q(s, Q_VALS_ALL, cause);
	char *last = NULL;
	int idx = -1, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int row = sqlite3_column_int(st, 1);
		int g;

		/* Rows come field by field, so the lookup runs once per field, not per value. */
		if (last == NULL || strcmp(last, id) != 0) {
			free(last);
			last = xstrdup(id);
			idx = form_field_index(f, id);
		}
		if (idx < 0)
			continue;	/* a field the form no longer has: kept, not shown */
		g = f->fields[idx].group;
		if (g < 0 ? row != STORE_TOP_ROW : row < 0 || row >= nr->nrows[g])
			continue;
		record_set(nr, idx, g < 0 ? STORE_TOP_ROW : row,
			   (const char *)sqlite3_column_text(st, 2));
	}
	free(last);
	if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Give rec the contents of nr (and nr the old ones, to be freed with it). */
static void store_rec_swap(struct record *rec, struct record *nr)
{
	struct record tmp = *rec;

	*rec = *nr;
	*nr = tmp;
	record_free(nr);
}

int store_load(struct store *s, const char *unit, struct record *rec, char **cause)
{
	struct record *nr = record_new(rec->form);
	struct store_sub sub = { 0 };
	int found = 0;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (!s->empty) {
		/* One read transaction: row counts and values from the same moment. */
		if (store_begin_read(s, cause) != 0)
			goto fail;
		found = store_sub_find(s, unit, rec->form, &sub, cause);
		if (found < 0)
			goto fail_tx;
		if (found && (store_load_rows(s, sub.id, nr, cause) != 0 ||
			      store_load_vals(s, sub.id, nr, cause) != 0))
			goto fail_tx;
		if (store_commit(s, cause) != 0)
			goto fail_tx;
	}
	if (found)
		record_set_meta(nr, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	else
		record_set_meta(nr, store_rec_unit(unit), NULL, 0, NULL);
	store_rec_swap(rec, nr);
	return 0;
fail_tx:
	store_rollback(s);
fail:
	record_free(nr);
	return -1;
}

/* ---- writing ----------------------------------------------------------------------- */

/* The stored value (malloc'd, NULL when blank) of one field in one row. */
static int store_val_get(struct store *s, sqlite3_int64 sub, const char *field, int row,
			 char **value, char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_VAL_GET, cause);
	int rc;

	*value = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, row);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Make the stored row count of group g what the record shows (rows exist before values). */
static int store_rows_sync(struct store *s, sqlite3_int64 sub, const struct record *rec, int g,
			   char **cause)
{
	const char *grp = rec->form->groups[g].id;
	sqlite3_stmt *st = unit_q(s, Q_ROWS_GET, cause);
	int rc, n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, grp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (n >= rec->nrows[g])
		return 0;
	return store_rows_put(s, sub, grp, rec->nrows[g], cause);
}

/* The message for a field or row the record does not have (a caller's mistake). */
static int store_bad_place(const struct record *rec, int field, int row, char **cause)
{
	const struct form *f = rec->form;

	if (field < 0 || field >= f->nfields)
		*cause = xasprintf("表单 %s 没有第 %d 个栏目。", f->id, field);
	else
		*cause = xasprintf("“%s”没有第 %d 行。", f->fields[field].label, row + 1);
	return -1;
}

int store_set(struct store *s, const char *unit, struct record *rec, int field, int row,
	      const char *value, char **cause)
{
	const struct form *f = rec->form;
	struct store_sub sub;
	char *old = NULL;
	const char *id;
	sqlite3_stmt *st;
	int g, found, changed;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (value != NULL && *value == '\0')
		value = NULL;
	if (field < 0 || field >= f->nfields)
		return store_bad_place(rec, field, row, cause);
	g = f->fields[field].group;
	if (g >= 0 && (row < 0 || row >= rec->nrows[g]))
		return store_bad_place(rec, field, row, cause);
	if (g < 0)
		row = STORE_TOP_ROW;
	id = f->fields[field].id;
	if (store_begin_write(s, cause) != 0)
		return -1;
	found = store_sub_find(s, unit, f, &sub, cause);
	if (found < 0)
		goto fail;
	if (found && store_val_get(s, sub.id, id, row, &old, cause) != 0)
		goto fail;
	changed = (old == NULL) != (value == NULL) ||
		  (old != NULL && value != NULL && strcmp(old, value) != 0);
	/* The same value again (saved on leaving a field and on a pause) writes nothing. */
	if (!changed) {
		free(old);
		if (store_commit(s, cause) != 0)
			return -1;
		record_set(rec, field, row, value);
		return 0;
	}
	free(old);
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	if (g >= 0 && store_rows_sync(s, sub.id, rec, g, cause) != 0)
		goto fail;
	st = unit_q(s, value != NULL ? Q_VAL_PUT : Q_VAL_DEL, cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, sub.id);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, row);
	if (value != NULL)
		sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0 || store_sub_bump(s, f, &sub, cause) != 0 ||
	    store_commit(s, cause) != 0)
		goto fail;
	record_set(rec, field, row, value);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

/* Check a group index given by the caller. */
static int store_bad_group(const struct record *rec, int group, char **cause)
{
	if (group >= 0 && group < rec->form->ngroups)
		return 0;
	*cause = xasprintf("表单 %s 没有第 %d 个可重复的部分。", rec->form->id, group);
	return -1;
}

/* Move the values of row `from` of every field of group g to row `to` (to must be free). */
static int store_row_renumber(struct store *s, sqlite3_int64 sub, const struct form_group *grp,
			      const struct form *f, int from, int to, char **cause)
{
	sqlite3_stmt *st = unit_q(s, Q_ROW_RENUMBER, cause);

	if (st == NULL)
		return -1;
	for (int i = 0; i < grp->nfields; i++) {
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, f->fields[grp->fields[i]].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, from);
		sqlite3_bind_int(st, 4, to);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	return 0;
}

int store_row_add(struct store *s, const char *unit, struct record *rec, int group,
		  char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	sqlite3_stmt *st;
	int n;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	n = rec->nrows[group];
	if (grp->max > 0 && n >= grp->max) {
		*cause = xasprintf("“%s”最多只能有 %d 项，不能再添加。", grp->label, grp->max);
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	/* The new row starts blank, even if an old row beyond the count left values. */
	if ((st = unit_q(s, Q_VAL_DEL, cause)) == NULL)
		goto fail;
	for (int i = 0; i < grp->nfields; i++) {
		sqlite3_bind_int64(st, 1, sub.id);
		sqlite3_bind_text(st, 2, f->fields[grp->fields[i]].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, n);
		if (store_run(s, st, cause) != 0)
			goto fail;
	}
	if (store_rows_put(s, sub.id, grp->id, n + 1, cause) != 0 ||
	    store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_add(rec, group);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_row_delete(struct store *s, const char *unit, struct record *rec, int group,
		     int row, char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	sqlite3_stmt *del, *out, *in;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	if (row < 0 || row >= rec->nrows[group]) {
		*cause = xasprintf("“%s”没有第 %d 项。", grp->label, row + 1);
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	del = unit_q(s, Q_VAL_DEL, cause);
	out = del ? unit_q(s, Q_ROW_SHIFT_OUT, cause) : NULL;
	in = out ? unit_q(s, Q_ROW_SHIFT_IN, cause) : NULL;
	if (in == NULL)
		goto fail;
	for (int i = 0; i < grp->nfields; i++) {
		const char *id = f->fields[grp->fields[i]].id;

		sqlite3_bind_int64(del, 1, sub.id);
		sqlite3_bind_text(del, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(del, 3, row);
		if (store_run(s, del, cause) != 0)
			goto fail;
		sqlite3_bind_int64(out, 1, sub.id);
		sqlite3_bind_text(out, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(out, 3, row);
		sqlite3_bind_int(out, 4, STORE_PARK);
		if (store_run(s, out, cause) != 0)
			goto fail;
		sqlite3_bind_int64(in, 1, sub.id);
		sqlite3_bind_text(in, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(in, 3, STORE_PARK);
		if (store_run(s, in, cause) != 0)
			goto fail;
	}
	if (store_rows_put(s, sub.id, grp->id, rec->nrows[group] - 1, cause) != 0 ||
	    store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_delete(rec, group, row);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_row_move(struct store *s, const char *unit, struct record *rec, int group,
		   int row, int dir, char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	int other = row + dir;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	if ((dir != -1 && dir != 1) || row < 0 || row >= rec->nrows[group] || other < 0 ||
	    other >= rec->nrows[group]) {
		*cause = xasprintf("“%s”的第 %d 项不能再向%s移动。", grp->label, row + 1,
				   dir < 0 ? "上" : "下");
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0 ||
	    store_rows_sync(s, sub.id, rec, group, cause) != 0)
		goto fail;
	/* A swap through the parking row, which no value uses at rest. */
	if (store_row_renumber(s, sub.id, grp, f, row, STORE_PARK, cause) != 0 ||
	    store_row_renumber(s, sub.id, grp, f, other, row, cause) != 0 ||
	    store_row_renumber(s, sub.id, grp, f, STORE_PARK, other, cause) != 0)
		goto fail;
	if (store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_move(rec, group, row, dir);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

