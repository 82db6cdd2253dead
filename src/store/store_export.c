/*
 * store_export.c - what was sent: one row per file an export wrote or found unchanged
 * (contract in store.h, schema in docs/storage.md).
 *
 * Exports are kept by submission, which a unit renamed from the list keeps; the unit's
 * name at the time is kept beside it. A database older than version 4 (opened
 * read-only, so not migrated) is read as never exported.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/util.h"

static const char sql_has_column[] =
	"SELECT count(*) FROM pragma_table_info('exports') WHERE name = 'submission'";
static const char sql_sub[] =
	"SELECT s.id FROM submissions AS s JOIN units AS u ON u.id = s.unit"
	" WHERE u.name = ?1 AND s.form_id = ?2 AND s.year = ?3";
static const char sql_last[] =
	"SELECT revision, at_unix FROM exports WHERE submission = ?1 ORDER BY id DESC LIMIT 1";
static const char sql_first_of[] =
	"SELECT at_unix FROM exports WHERE submission = ?1 AND revision = ?2 ORDER BY id LIMIT 1";
static const char sql_paths[] =
	"SELECT path FROM exports WHERE submission = ?1 GROUP BY path ORDER BY min(id)";
static const char sql_add[] =
	"INSERT INTO exports(unit, form_id, year, revision, at, at_unix, format, path, submission)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_sync[] = "PRAGMA synchronous = FULL";

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

/* Is there an exports table keyed by submission (a read-only open of an older file,
 * not migrated, has none or one keyed by the unit's name only)? */
static int has_exports(struct store *s, int *has, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*has = 0;
	if (s->empty)
		return 0;
	st = store_q(s, sql_has_column, cause);
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

/* The submission of unit's form f: 1 found (*id), 0 none (a form never saved), -1 error. */
static int sub_id(struct store *s, const char *unit, const struct form *f, sqlite3_int64 *id,
		  char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_sub, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, unit != NULL ? unit : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, f->year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* One integer or nothing from st, already bound: 1 row, 0 none, -1 error. */
static int step_one(struct store *s, sqlite3_stmt *st, sqlite3_int64 *a, sqlite3_int64 *b,
		    char **cause)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_int64(st, 0);
		if (b != NULL)
			*b = sqlite3_column_int64(st, 1);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* The last export, and when this revision was first exported. */
int store_export_state(struct store *s, const char *unit, const struct form *f, long revision,
		       struct store_export *out, char **cause)
{
	sqlite3_stmt *st;
	sqlite3_int64 sub = 0, rev = 0, at = 0;
	int has, r;

	memset(out, 0, sizeof *out);
	if (has_exports(s, &has, cause) != 0)
		return -1;
	if (!has || (r = sub_id(s, unit, f, &sub, cause)) == 0)
		return 0;
	if (r < 0 || (st = store_q(s, sql_last, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	if ((r = step_one(s, st, &rev, &at, cause)) < 0)
		return -1;
	out->exported = r;
	out->revision = (long)rev;
	out->at = (time_t)at;
	if ((st = store_q(s, sql_first_of, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_int64(st, 2, revision);
	if ((r = step_one(s, st, &at, NULL, cause)) < 0)
		return -1;
	out->first_at = r ? (time_t)at : 0;
	return 0;
}

/* Every path an export of the submission wrote, oldest first. */
int store_export_paths(struct store *s, const char *unit, const struct form *f, char ***paths,
		       int *n, char **cause)
{
	sqlite3_stmt *st;
	sqlite3_int64 sub = 0;
	int has, r, rc;

	*paths = NULL;
	*n = 0;
	if (has_exports(s, &has, cause) != 0)
		return -1;
	if (!has || (r = sub_id(s, unit, f, &sub, cause)) == 0)
		return 0;
	if (r < 0 || (st = store_q(s, sql_paths, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*paths = xreallocarray(*paths, (size_t)*n + 1, sizeof **paths);
		(*paths)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	store_done(st);
	if (rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return 0;
}

/*
 * The write transaction of a record: a writer's, or on a read-only handle whose file
 * can be written while another copy holds the lock (store.h says why that is safe).
 */
static int begin_record(struct store *s, char **cause)
{
	int has;

	if (!s->readonly)
		return store_begin_write(s, cause);
	if (s->empty || s->copydir != NULL || sqlite3_db_readonly(s->db, "main") != 0) {
		*cause = xasprintf("数据库 %s 不能写入", s->path);
		return -1;
	}
	if (!store_locked(s->path)) {	/* nobody to record beside: a writer should */
		*cause = xasprintf("数据库 %s 是以只读方式打开的，不能保存修改。", s->path);
		return -1;
	}
	if (has_exports(s, &has, cause) != 0)
		return -1;
	if (!has) {
		*cause = xasprintf("数据库 %s 是旧版本的格式，要先用填表程序打开一次才能记录导出",
				   s->path);
		return -1;
	}
	if (store_run_sql(s, sql_sync, cause) != 0)
		return -1;
	return store_run_sql(s, sql_begin, cause);
}

/* All files of one export in one transaction: the record is whole or absent. */
int store_export_add(struct store *s, const char *unit, const struct form *f, long revision,
		     time_t at, const char *const *formats, const char *const *paths, int n,
		     char **cause)
{
	char iso[40];
	sqlite3_int64 sub = 0;
	int r;

	iso_time(at, iso);
	if (begin_record(s, cause) != 0)
		return -1;
	if ((r = sub_id(s, unit, f, &sub, cause)) < 0) {
		store_rollback(s);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = store_q(s, sql_add, cause);

		if (st == NULL) {
			store_rollback(s);
			return -1;
		}
		sqlite3_bind_text(st, 1, unit != NULL ? unit : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, f->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, f->year);
		sqlite3_bind_int64(st, 4, revision);
		sqlite3_bind_text(st, 5, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)at);
		sqlite3_bind_text(st, 7, formats[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, paths[i], -1, SQLITE_TRANSIENT);
		if (r)
			sqlite3_bind_int64(st, 9, sub);
		else
			sqlite3_bind_null(st, 9);
		if (store_run(s, st, cause) != 0) {
			store_rollback(s);
			return -1;
		}
	}
	return store_commit(s, cause);
}
