/*
 * store_export.c - what was sent: one row per file an export wrote or found unchanged
 * (contract in store.h, schema in docs/storage.md).
 *
 * Exports are kept by unit name, form id and year, like submissions, so that a form
 * never saved (revision 0) can be recorded too. A database older than the exports table
 * (opened read-only, so not migrated) has no exports: every form reads as not exported.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/util.h"

static const char sql_has_table[] =
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'exports'";
static const char sql_last[] =
	"SELECT revision, at_unix FROM exports WHERE unit = ?1 AND form_id = ?2 AND year = ?3"
	" ORDER BY id DESC LIMIT 1";
static const char sql_first_of[] =
	"SELECT at_unix FROM exports WHERE unit = ?1 AND form_id = ?2 AND year = ?3"
	" AND revision = ?4 ORDER BY id LIMIT 1";
static const char sql_add[] =
	"INSERT INTO exports(unit, form_id, year, revision, at, at_unix, format, path)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* t as ISO 8601 with the local offset, e.g. 2021-06-03T10:15:30+08:00. */
static void iso_time(time_t t, char buf[40])
{
	struct tm tm;
	int off;
	size_t n;

	date_local(t, &tm);
	off = (int)(tm.tm_gmtoff / 60);
	n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 40 - n, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60 % 100,
		 abs(off) % 60);
}

/* Is there an exports table to read (a read-only open of an older file has none)? */
static int has_exports(struct store *s, int *has, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*has = 0;
	if (s->empty)
		return 0;
	st = store_q(s, sql_has_table, cause);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	store_done(st);
	if (rc != SQLITE_ROW) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return 0;
}

/* Bind the slot (unit, form, year) as ?1..?3. */
static void bind_slot(sqlite3_stmt *st, const char *unit, const struct form *f)
{
	sqlite3_bind_text(st, 1, unit != NULL ? unit : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, f->year);
}

/* The last export, and when this revision was first exported. */
int store_export_state(struct store *s, const char *unit, const struct form *f, long revision,
		       struct store_export *out, char **cause)
{
	sqlite3_stmt *st;
	int has, rc;

	memset(out, 0, sizeof *out);
	if (has_exports(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	st = store_q(s, sql_last, cause);
	if (st == NULL)
		return -1;
	bind_slot(st, unit, f);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->exported = 1;
		out->revision = (long)sqlite3_column_int64(st, 0);
		out->at = (time_t)sqlite3_column_int64(st, 1);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	st = store_q(s, sql_first_of, cause);
	if (st == NULL)
		return -1;
	bind_slot(st, unit, f);
	sqlite3_bind_int64(st, 4, revision);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out->first_at = (time_t)sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return 0;
}

/* All files of one export in one transaction: the record is whole or absent. */
int store_export_add(struct store *s, const char *unit, const struct form *f, long revision,
		     time_t at, const char *const *formats, const char *const *paths, int n,
		     char **cause)
{
	char iso[40];

	iso_time(at, iso);
	if (store_begin_write(s, cause) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = store_q(s, sql_add, cause);

		if (st == NULL) {
			store_rollback(s);
			return -1;
		}
		bind_slot(st, unit, f);
		sqlite3_bind_int64(st, 4, revision);
		sqlite3_bind_text(st, 5, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)at);
		sqlite3_bind_text(st, 7, formats[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, paths[i], -1, SQLITE_TRANSIENT);
		if (store_run(s, st, cause) != 0) {
			store_rollback(s);
			return -1;
		}
	}
	return store_commit(s, cause);
}
