/*
 * store_district.c - the district's roster and the filing of received files (contract in
 * district.h; tables in docs/storage.md, "The district's tables").
 *
 * Every statement is a constant string below, prepared once by store_q and kept; values
 * are always bound.
 */
#include "district_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/sha256.h"
#include "../core/util.h"

/* ---- shared helpers (district_int.h) ---------------------------------------------------- */

int d_step(struct store *s, sqlite3_stmt *st, int writing, char **cause)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, writing);
	store_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void d_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *d_col_text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t != NULL ? xstrdup(t) : NULL;
}

static const char sql_unit_get[] = "SELECT id FROM units WHERE name = ?1";
static const char sql_unit_add[] = "INSERT INTO units(name, created) VALUES (?1, ?2)";

int d_unit_id(struct store *s, const char *name, int create, sqlite3_int64 *id, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_unit_get, cause);
	char now[40];
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*id = sqlite3_column_int64(st, 0);
		store_done(st);
		return 1;
	}
	if (r < 0 || !create)
		return r;
	if ((st = store_q(s, sql_unit_add, cause)) == NULL)
		return -1;
	store_now(now);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 1;
}

static const char sql_vals_of_sub[] = "SELECT field, row, value FROM vals WHERE submission = ?1";
static const char sql_rows_of_sub[] = "SELECT grp, nrows FROM grouprows WHERE submission = ?1";
static const char sql_vals_of_copy[] = "SELECT field, row, value FROM copy_vals WHERE copy = ?1";
static const char sql_rows_of_copy[] = "SELECT grp, nrows FROM copy_rows WHERE copy = ?1";

int d_load_copy(struct store *s, sqlite3_int64 copy, sqlite3_int64 sub, struct record *rec,
		char **cause)
{
	const struct form *f = rec->form;
	sqlite3_stmt *st = store_q(s, sub > 0 ? sql_rows_of_sub : sql_rows_of_copy, cause);
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub > 0 ? sub : copy);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int g = form_group_index(f, (const char *)sqlite3_column_text(st, 0));
		int n = sqlite3_column_int(st, 1);

		for (int i = 0; g >= 0 && i < n && record_row_add(rec, g) >= 0; i++)
			;
	}
	if (r < 0)
		return -1;
	if ((st = store_q(s, sub > 0 ? sql_vals_of_sub : sql_vals_of_copy, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub > 0 ? sub : copy);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int fi = form_field_index(f, (const char *)sqlite3_column_text(st, 0));

		/* Values of fields the form no longer has stay in the database, unshown. */
		if (fi >= 0)
			record_set(rec, fi, sqlite3_column_int(st, 1),
				   (const char *)sqlite3_column_text(st, 2));
	}
	return r < 0 ? -1 : 0;
}

static const char sql_log[] =
	"INSERT INTO decisions(at, action, unit, form_id, year, kept, dropped, detail)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

int d_log(struct store *s, const char *action, sqlite3_int64 unit, const char *form_id, int year,
	  sqlite3_int64 kept, sqlite3_int64 dropped, const char *detail, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_log, cause);
	char now[40];

	if (st == NULL)
		return -1;
	store_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	if (unit > 0)
		sqlite3_bind_int64(st, 3, unit);
	d_bind_text(st, 4, form_id);
	if (year > 0)
		sqlite3_bind_int(st, 5, year);
	if (kept > 0)
		sqlite3_bind_int64(st, 6, kept);
	if (dropped > 0)
		sqlite3_bind_int64(st, 7, dropped);
	sqlite3_bind_text(st, 8, detail, -1, SQLITE_STATIC);
	return store_run(s, st, cause);
}

static const char sql_slot_sub[] =
	"SELECT id FROM submissions WHERE unit = ?1 AND form_id = ?2 AND year = ?3";

int d_slot_sub(struct store *s, sqlite3_int64 unit, const char *form_id, int year,
	       sqlite3_int64 *sub, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_slot_sub, cause);
	int r;

	*sub = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, form_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*sub = sqlite3_column_int64(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

static const char sql_sub_add[] =
	"INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision, created,"
	" updated, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'import')";
static const char sql_sub_update[] =
	"UPDATE submissions SET uuid = ?2, form_version = ?3, revision = ?4, updated = ?5,"
	" origin = 'import' WHERE id = ?1";
static const char sql_sub_clear_vals[] = "DELETE FROM vals WHERE submission = ?1";
static const char sql_sub_clear_rows[] = "DELETE FROM grouprows WHERE submission = ?1";
static const char sql_val_add[] =
	"INSERT INTO vals(submission, field, row, value) VALUES (?1, ?2, ?3, ?4)";
static const char sql_rows_add[] =
	"INSERT INTO grouprows(submission, grp, nrows) VALUES (?1, ?2, ?3)";
static const char sql_copy_val_add[] =
	"INSERT INTO copy_vals(copy, field, row, value) VALUES (?1, ?2, ?3, ?4)";
static const char sql_copy_rows_add[] =
	"INSERT INTO copy_rows(copy, grp, nrows) VALUES (?1, ?2, ?3)";
static const char sql_copy_clear_vals[] = "DELETE FROM copy_vals WHERE copy = ?1";
static const char sql_copy_clear_rows[] = "DELETE FROM copy_rows WHERE copy = ?1";
static const char sql_copy_state[] = "UPDATE copies SET state = ?2 WHERE id = ?1";
static const char sql_promote_vals[] =
	"INSERT INTO vals(submission, field, row, value)"
	" SELECT ?1, field, row, value FROM copy_vals WHERE copy = ?2";
static const char sql_promote_rows[] =
	"INSERT INTO grouprows(submission, grp, nrows) SELECT ?1, grp, nrows FROM copy_rows"
	" WHERE copy = ?2";

/* Run a statement with one integer parameter. */
static int run_id(struct store *s, const char *sql, sqlite3_int64 id, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql, cause);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_run(s, st, cause);
}

/* Write every value and group row count of rec under owner (a submission or a copy). */
static int write_values(struct store *s, const char *val_sql, const char *rows_sql,
			sqlite3_int64 owner, const struct record *rec, char **cause)
{
	const struct form *f = rec->form;
	sqlite3_stmt *st = store_q(s, val_sql, cause);

	if (st == NULL)
		return -1;
	for (int fi = 0; fi < f->nfields; fi++) {
		int g = f->fields[fi].group, rows = g >= 0 ? rec->nrows[g] : 1;

		for (int r = 0; r < rows; r++) {
			const char *v = record_get(rec, fi, g >= 0 ? r : -1);

			if (v == NULL)
				continue;
			sqlite3_bind_int64(st, 1, owner);
			sqlite3_bind_text(st, 2, f->fields[fi].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, g >= 0 ? r : -1);
			sqlite3_bind_text(st, 4, v, -1, SQLITE_STATIC);
			if (store_run(s, st, cause) != 0)
				return -1;
		}
	}
	if (f->ngroups == 0)
		return 0;
	if ((st = store_q(s, rows_sql, cause)) == NULL)
		return -1;
	for (int g = 0; g < f->ngroups; g++) {
		sqlite3_bind_int64(st, 1, owner);
		sqlite3_bind_text(st, 2, f->groups[g].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, rec->nrows[g]);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	return 0;
}

int d_make_current(struct store *s, sqlite3_int64 copy, const struct record *rec,
		   sqlite3_int64 unit, const struct form *f, int year, const char *uuid,
		   long revision, const char *version, const char *updated, char **cause)
{
	return d_make_current_sub(s, copy, rec, unit, f, year, uuid, revision, version, updated,
				  0, -1, cause);
}

int d_make_current_sub(struct store *s, sqlite3_int64 copy, const struct record *rec,
		       sqlite3_int64 unit, const struct form *f, int year, const char *uuid,
		       long revision, const char *version, const char *updated, int fresh,
		       sqlite3_int64 known_sub, char **cause)
{
	sqlite3_int64 sub;
	sqlite3_stmt *st;
	char now[40];

	store_now(now);
	if (known_sub >= 0)
		sub = known_sub;
	else if (d_slot_sub(s, unit, f->id, year, &sub, cause) != 0)
		return -1;
	if (sub > 0) {
		if (run_id(s, sql_sub_clear_vals, sub, cause) != 0 ||
		    run_id(s, sql_sub_clear_rows, sub, cause) != 0 ||
		    (st = store_q(s, sql_sub_update, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, version != NULL ? version : f->version, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, revision);
		sqlite3_bind_text(st, 5, updated != NULL ? updated : now, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
	} else {
		if ((st = store_q(s, sql_sub_add, cause)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, unit);
		sqlite3_bind_text(st, 3, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, version != NULL ? version : f->version, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, year);
		sqlite3_bind_int64(st, 6, revision);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, updated != NULL ? updated : now, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
		sub = sqlite3_last_insert_rowid(s->db);
	}
	if (rec != NULL) {
		if (write_values(s, sql_val_add, sql_rows_add, sub, rec, cause) != 0)
			return -1;
	} else {
		/* A held copy kept: its values move as they are, also those of fields the
		 * district's form does not have. */
		const char *const sqls[2] = { sql_promote_vals, sql_promote_rows };

		for (int i = 0; i < 2; i++) {
			if ((st = store_q(s, sqls[i], cause)) == NULL)
				return -1;
			sqlite3_bind_int64(st, 1, sub);
			sqlite3_bind_int64(st, 2, copy);
			if (store_run(s, st, cause) != 0)
				return -1;
		}
	}
	/* A copy made just now as the current one has no values of its own to drop. */
	if (fresh)
		return 0;
	if (run_id(s, sql_copy_clear_vals, copy, cause) != 0 ||
	    run_id(s, sql_copy_clear_rows, copy, cause) != 0 ||
	    (st = store_q(s, sql_copy_state, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, copy);
	sqlite3_bind_text(st, 2, "current", -1, SQLITE_STATIC);
	return store_run(s, st, cause);
}

static const char sql_retire_vals[] =
	"INSERT INTO copy_vals(copy, field, row, value)"
	" SELECT ?1, field, row, value FROM vals WHERE submission = ?2";
static const char sql_retire_rows[] =
	"INSERT INTO copy_rows(copy, grp, nrows)"
	" SELECT ?1, grp, nrows FROM grouprows WHERE submission = ?2";

int d_retire_current(struct store *s, sqlite3_int64 copy, sqlite3_int64 sub, const char *state,
		     char **cause)
{
	const char *const sqls[2] = { sql_retire_vals, sql_retire_rows };
	sqlite3_stmt *st;

	for (int i = 0; i < 2; i++) {
		if ((st = store_q(s, sqls[i], cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, copy);
		sqlite3_bind_int64(st, 2, sub);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	if ((st = store_q(s, sql_copy_state, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, copy);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	return store_run(s, st, cause);
}

static const char sql_has_tables[] =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'receipts'";

int d_has_tables(struct store *s, int *has, char **cause)
{
	sqlite3_stmt *st;
	int r;

	*has = s->seen_district;
	if (s->empty || s->seen_district)
		return 0;
	if ((st = store_q(s, sql_has_tables, cause)) == NULL)
		return -1;
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*has = sqlite3_column_int(st, 0) > 0;
		store_done(st);
	}
	/* Outside a transaction what is seen is committed, so no rollback can take it back. */
	if (*has && sqlite3_get_autocommit(s->db))
		s->seen_district = 1;
	return r < 0 ? -1 : 0;
}

int d_need_tables(struct store *s, char **cause)
{
	int has;

	if (d_has_tables(s, &has, cause) != 0)
		return -1;
	if (!has) {
		*cause = xasprintf("数据库 %s 还没有区里的名单和收件记录（可能是旧版本建立、以只读方式"
				   "打开的）。请不加只读选项运行一次填表程序，它会自动升级数据库。",
				   s->path);
		return -1;
	}
	return 0;
}

static const char sql_op_savepoint[] = "SAVEPOINT district_op";
static const char sql_op_release[] = "RELEASE district_op";
static const char sql_op_rollback_to[] = "ROLLBACK TO district_op";

int d_write_begin(struct store *s, int *own, char **cause)
{
	*own = sqlite3_get_autocommit(s->db);
	return *own ? store_begin_write(s, cause) : store_run_sql(s, sql_op_savepoint, cause);
}

int d_write_commit(struct store *s, int own, char **cause)
{
	if (own)
		return store_commit(s, cause);
	if (store_run_sql(s, sql_op_release, cause) != 0) {
		d_write_rollback(s, own);
		return -1;
	}
	return 0;
}

void d_write_rollback(struct store *s, int own)
{
	char *ignored = NULL;

	if (own) {
		store_rollback(s);
	} else if (!sqlite3_get_autocommit(s->db) &&
		   store_run_sql(s, sql_op_rollback_to, &ignored) == 0) {
		store_run_sql(s, sql_op_release, &ignored);
	}
	free(ignored);
}

/* ---- the roster -------------------------------------------------------------------------- */

static const char sql_roster_list[] =
	"SELECT u.id, u.name, r.pos FROM roster r JOIN units u ON u.id = r.unit"
	" WHERE r.year = ?1 ORDER BY r.pos, u.name";
static const char sql_aliases_of[] = "SELECT name FROM aliases WHERE unit = ?1 ORDER BY name";

int district_roster(struct store *s, int year, struct district_member **out, int *n, char **cause)
{
	sqlite3_stmt *st;
	sqlite3_int64 *ids = NULL;
	int r, cap = 0;

	*out = NULL;
	*n = 0;
	if (s->empty)
		return 0;
	if (d_need_tables(s, cause) != 0 || (st = store_q(s, sql_roster_list, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, (size_t)cap, sizeof **out);
			ids = xreallocarray(ids, (size_t)cap, sizeof *ids);
		}
		ids[*n] = sqlite3_column_int64(st, 0);
		(*out)[*n] = (struct district_member){ .name = d_col_text(st, 1),
						       .pos = sqlite3_column_int(st, 2) };
		(*n)++;
	}
	for (int i = 0; r == 0 && i < *n; i++) {
		struct district_member *m = &(*out)[i];

		if ((st = store_q(s, sql_aliases_of, cause)) == NULL) {
			r = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		while ((r = d_step(s, st, 0, cause)) == 1) {
			m->aliases = xreallocarray(m->aliases, (size_t)m->naliases + 1,
						   sizeof *m->aliases);
			m->aliases[m->naliases++] = d_col_text(st, 0);
		}
	}
	free(ids);
	if (r < 0) {
		district_members_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void district_members_free(struct district_member *m, int n)
{
	for (int i = 0; i < n; i++) {
		free(m[i].name);
		for (int k = 0; k < m[i].naliases; k++)
			free(m[i].aliases[k]);
		free(m[i].aliases);
	}
	free(m);
}

void district_applied_free(struct district_applied *a, int n)
{
	for (int i = 0; i < n; i++) {
		free(a[i].file);
		free(a[i].line);
	}
	free(a);
}

static const char sql_roster_has[] = "SELECT pos FROM roster WHERE year = ?1 AND unit = ?2";
static const char sql_roster_max[] = "SELECT coalesce(max(pos), 0) FROM roster WHERE year = ?1";
static const char sql_roster_add[] = "INSERT INTO roster(year, unit, pos) VALUES (?1, ?2, ?3)";
static const char sql_roster_del[] = "DELETE FROM roster WHERE year = ?1 AND unit = ?2";
static const char sql_roster_close[] =
	"UPDATE roster SET pos = pos - 1 WHERE year = ?1 AND pos > ?2";
static const char sql_roster_open[] =
	"UPDATE roster SET pos = pos + 1 WHERE year = ?1 AND pos >= ?2";
static const char sql_roster_set[] = "UPDATE roster SET pos = ?3 WHERE year = ?1 AND unit = ?2";
static const char sql_alias_get[] =
	"SELECT u.id, u.name FROM aliases a JOIN units u ON u.id = a.unit WHERE a.name = ?1";
static const char sql_alias_add[] = "INSERT INTO aliases(name, unit, created) VALUES (?1, ?2, ?3)";

/* The position of a unit on the year's roster: 0 when it is not on it. */
static int roster_pos(struct store *s, int year, sqlite3_int64 unit, int *pos, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_roster_has, cause);
	int r;

	*pos = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, unit);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*pos = sqlite3_column_int(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

/* The number of units on the year's roster. */
static int roster_count(struct store *s, int year, int *count, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_roster_max, cause);
	int r;

	*count = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*count = sqlite3_column_int(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

/* A name as the roster keeps it: trimmed; NULL (and *cause) when blank or with a line break. */
static char *roster_name(const char *name, char **cause)
{
	char *n = str_trim(xstrdup(name != NULL ? name : ""));

	if (n[0] == '\0' || strpbrk(n, "\r\n\t") != NULL) {
		*cause = xasprintf("单位名称“%s”不能为空，也不能有换行或制表符。请检查后重试。",
				   name != NULL ? name : "");
		free(n);
		return NULL;
	}
	return n;
}

int d_resolve_unit(struct store *s, int year, const char *name, sqlite3_int64 *id,
			char **unit, char **cause)
{
	sqlite3_stmt *st;
	int r, pos;

	*unit = NULL;
	r = d_unit_id(s, name, 0, id, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		if (roster_pos(s, year, *id, &pos, cause) != 0)
			return -1;
		if (pos > 0) {
			*unit = xstrdup(name);
			return 1;
		}
	}
	if ((st = store_q(s, sql_alias_get, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*id = sqlite3_column_int64(st, 0);
		*unit = d_col_text(st, 1);
		store_done(st);
	}
	return r;
}

int district_unit_of(struct store *s, int year, const char *name, char **unit, char **cause)
{
	sqlite3_int64 id;
	char *n = str_trim(xstrdup(name));
	int r = d_need_tables(s, cause) == 0 ? d_resolve_unit(s, year, n, &id, unit, cause) : -1;

	free(n);
	return r < 0 ? -1 : 0;
}

/* Apply the files held for names that now mean a roster unit (defined with the import). */
static int apply_held(struct store *s, int year, struct form *const *forms, int nforms,
		      struct district_applied **applied, int *napplied, char **cause);

int district_roster_add(struct store *s, int year, char *const *names, int nnames,
			struct form *const *forms, int nforms, char **notes,
			struct district_applied **applied, int *napplied, char **cause)
{
	struct strbuf nb = STRBUF_INIT;
	int count, added = 0, own;

	*notes = NULL;
	*applied = NULL;
	*napplied = 0;
	if (d_need_tables(s, cause) != 0 || d_write_begin(s, &own, cause) != 0)
		return -1;
	if (roster_count(s, year, &count, cause) != 0)
		goto fail;
	for (int i = 0; i < nnames; i++) {
		char *n = roster_name(names[i], cause), *other = NULL;
		sqlite3_int64 id;
		sqlite3_stmt *st;
		int pos;

		if (n == NULL)
			goto fail;
		if (d_unit_id(s, n, 1, &id, cause) < 0 || roster_pos(s, year, id, &pos, cause) != 0) {
			free(n);
			goto fail;
		}
		if (pos > 0) {
			strbuf_addf(&nb, "“%s”已在名单上（第%d位），没有重复添加。\n", n, pos);
			free(n);
			continue;
		}
		/* A name that is an alias of another unit would then mean two units. */
		if ((st = store_q(s, sql_alias_get, cause)) == NULL) {
			free(n);
			goto fail;
		}
		sqlite3_bind_text(st, 1, n, -1, SQLITE_STATIC);
		if (d_step(s, st, 0, cause) == 1) {
			other = d_col_text(st, 1);
			store_done(st);
		}
		if (other != NULL) {
			*cause = xasprintf("“%s”已是“%s”的别名，不能再作为另一个单位加入名单。如果它"
					   "其实是一个单独的单位，请联系技术人员删除这个别名。", n, other);
			free(other);
			free(n);
			goto fail;
		}
		if ((st = store_q(s, sql_roster_add, cause)) == NULL) {
			free(n);
			goto fail;
		}
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int(st, 3, ++count);
		if (store_run(s, st, cause) != 0 ||
		    d_log(s, "roster-add", id, NULL, year, 0, 0, n, cause) != 0) {
			free(n);
			goto fail;
		}
		added++;
		free(n);
	}
	if (added > 0 && apply_held(s, year, forms, nforms, applied, napplied, cause) != 0)
		goto fail;
	if (d_write_commit(s, own, cause) != 0)
		goto fail_committed;
	if (nb.len > 0) {
		nb.buf[nb.len - 1] = '\0';
		*notes = strbuf_detach(&nb);
	}
	strbuf_free(&nb);
	return 0;
fail:
	d_write_rollback(s, own);
fail_committed:
	district_applied_free(*applied, *napplied);
	*applied = NULL;
	*napplied = 0;
	strbuf_free(&nb);
	return -1;
}

int district_roster_remove(struct store *s, int year, char *const *names, int nnames,
			   char **cause)
{
	int own;

	if (d_need_tables(s, cause) != 0 || d_write_begin(s, &own, cause) != 0)
		return -1;
	for (int i = 0; i < nnames; i++) {
		char *n = roster_name(names[i], cause);
		sqlite3_int64 id = 0;
		sqlite3_stmt *st;
		int pos = 0, r;

		if (n == NULL)
			goto fail;
		r = d_unit_id(s, n, 0, &id, cause);
		if (r < 0 || (r == 1 && roster_pos(s, year, id, &pos, cause) != 0)) {
			free(n);
			goto fail;
		}
		if (pos == 0) {
			*cause = xasprintf("“%s”不在%d年的名单上，名单没有改动。请用 tianbiao roster 查看"
					   "名单上的单位名称。", n, year);
			free(n);
			goto fail;
		}
		if ((st = store_q(s, sql_roster_del, cause)) == NULL) {
			free(n);
			goto fail;
		}
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_int64(st, 2, id);
		if (store_run(s, st, cause) != 0 || (st = store_q(s, sql_roster_close, cause)) == NULL) {
			free(n);
			goto fail;
		}
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_int(st, 2, pos);
		if (store_run(s, st, cause) != 0 ||
		    d_log(s, "roster-remove", id, NULL, year, 0, 0, n, cause) != 0) {
			free(n);
			goto fail;
		}
		free(n);
	}
	return d_write_commit(s, own, cause);
fail:
	d_write_rollback(s, own);
	return -1;
}

int district_roster_move(struct store *s, int year, const char *name, int pos, char **cause)
{
	char *n = roster_name(name, cause), *detail;
	sqlite3_int64 id = 0;
	sqlite3_stmt *st;
	int old = 0, count, r, own;

	if (n == NULL)
		return -1;
	if (d_need_tables(s, cause) != 0 || d_write_begin(s, &own, cause) != 0) {
		free(n);
		return -1;
	}
	r = d_unit_id(s, n, 0, &id, cause);
	if (r < 0 || (r == 1 && roster_pos(s, year, id, &old, cause) != 0) ||
	    roster_count(s, year, &count, cause) != 0)
		goto fail;
	if (old == 0) {
		*cause = xasprintf("“%s”不在%d年的名单上，名单没有改动。请用 tianbiao roster 查看名单"
				   "上的单位名称。", n, year);
		goto fail;
	}
	if (pos < 1)
		pos = 1;
	if (pos > count)
		pos = count;
	/* Close the gap it leaves, open one where it goes (positions are not unique-keyed). */
	if ((st = store_q(s, sql_roster_close, cause)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, old);
	if (store_run(s, st, cause) != 0 || (st = store_q(s, sql_roster_open, cause)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, pos);
	if (store_run(s, st, cause) != 0 || (st = store_q(s, sql_roster_set, cause)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, pos);
	detail = xasprintf("%s：第%d位 → 第%d位", n, old, pos);
	r = store_run(s, st, cause) == 0 &&
	    d_log(s, "roster-move", id, NULL, year, 0, 0, detail, cause) == 0;
	free(detail);
	if (!r)
		goto fail;
	free(n);
	return d_write_commit(s, own, cause);
fail:
	d_write_rollback(s, own);
	free(n);
	return -1;
}

int district_alias(struct store *s, int year, const char *name, const char *unit,
		   struct form *const *forms, int nforms, struct district_applied **applied,
		   int *napplied, char **cause)
{
	char *n = roster_name(name, cause), *u = n != NULL ? roster_name(unit, cause) : NULL;
	char *already = NULL, *detail, now[40];
	sqlite3_int64 nid = 0, uid = 0, aid;
	sqlite3_stmt *st;
	int pos = 0, r, own;

	*applied = NULL;
	*napplied = 0;
	if (u == NULL) {
		free(n);
		return -1;
	}
	if (d_need_tables(s, cause) != 0 || d_write_begin(s, &own, cause) != 0) {
		free(n);
		free(u);
		return -1;
	}
	r = d_unit_id(s, u, 0, &uid, cause);
	if (r < 0 || (r == 1 && roster_pos(s, year, uid, &pos, cause) != 0))
		goto fail;
	if (pos == 0) {
		*cause = xasprintf("“%s”不在%d年的名单上。别名只能指向名单上的单位：请先用 tianbiao "
				   "roster add 把它加入名单，或用 tianbiao roster 查看名单上的名称。",
				   u, year);
		goto fail;
	}
	if (strcmp(n, u) == 0) {
		*cause = xasprintf("“%s”就是名单上的名称，不需要别名。", n);
		goto fail;
	}
	r = d_unit_id(s, n, 0, &nid, cause);
	if (r < 0 || (r == 1 && roster_pos(s, year, nid, &pos, cause) != 0))
		goto fail;
	if (r == 1 && pos > 0) {
		*cause = xasprintf("“%s”本身就是名单上的一个单位（第%d位），不能作为“%s”的别名。如果"
				   "两个其实是同一个单位，请先用 tianbiao roster remove 删去其中一个。",
				   n, pos, u);
		goto fail;
	}
	if (d_resolve_unit(s, year, n, &aid, &already, cause) < 0)
		goto fail;
	if (already != NULL) {
		if (strcmp(already, u) == 0) {
			*cause = xasprintf("“%s”已经是“%s”的别名，不需要再设。", n, u);
		} else {
			*cause = xasprintf("“%s”已是“%s”的别名，不能再指向“%s”。如果设错了，请联系"
					   "技术人员更正。", n, already, u);
		}
		free(already);
		goto fail;
	}
	if ((st = store_q(s, sql_alias_add, cause)) == NULL)
		goto fail;
	store_now(now);
	sqlite3_bind_text(st, 1, n, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, uid);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	detail = xasprintf("%s → %s", n, u);
	r = store_run(s, st, cause) == 0 &&
	    d_log(s, "alias", uid, NULL, year, 0, 0, detail, cause) == 0;
	free(detail);
	if (!r || apply_held(s, year, forms, nforms, applied, napplied, cause) != 0)
		goto fail;
	free(n);
	free(u);
	if (d_write_commit(s, own, cause) != 0) {
		district_applied_free(*applied, *napplied);
		*applied = NULL;
		*napplied = 0;
		return -1;
	}
	return 0;
fail:
	d_write_rollback(s, own);
	district_applied_free(*applied, *napplied);
	*applied = NULL;
	*napplied = 0;
	free(n);
	free(u);
	return -1;
}

/* ---- filing a received file ---------------------------------------------------------------- */

const char *district_result_name(enum district_result r)
{
	static const char *const names[] = { "new", "same", "newer", "older", "conflict",
					     "held", "refused" };

	return r >= DR_NEW && r <= DR_REFUSED ? names[r] : "refused";
}

const char *district_result_words(enum district_result r)
{
	static const char *const words[] = { "新收到", "重复，无变化", "已更新", "较旧", "有冲突",
					     "不在名单中", "拒收" };

	return r >= DR_NEW && r <= DR_REFUSED ? words[r] : "拒收";
}

void district_outcome_free(struct district_outcome *o)
{
	if (o == NULL)
		return;
	free(o->line);
	free(o->unit);
	free(o->form_id);
	memset(o, 0, sizeof *o);
}

static const char sql_savepoint[] = "SAVEPOINT district_file";
static const char sql_release[] = "RELEASE district_file";
static const char sql_rollback_to[] = "ROLLBACK TO district_file";

/* A batch touches more pages than the default cache holds (2 MB): with 16 MB they are
 * written to the WAL once, at the commit, instead of spilling on and off during it. Each
 * file's savepoint keeps the pages it changes in a statement journal: in memory (a few
 * hundred KB at most) instead of a temporary file written page by page. */
static const char sql_cache[] = "PRAGMA cache_size = -16384";
static const char sql_temp[] = "PRAGMA temp_store = MEMORY";

int district_import_begin(struct store *s, char **cause)
{
	if (d_need_tables(s, cause) != 0 || store_run_sql(s, sql_cache, cause) != 0 ||
	    store_run_sql(s, sql_temp, cause) != 0)
		return -1;
	return store_begin_write(s, cause);
}

int district_import_commit(struct store *s, char **cause)
{
	return store_commit(s, cause);
}

void district_import_rollback(struct store *s)
{
	store_rollback(s);
}

/* Everything known about the file being filed. */
struct filing {
	struct store *s;
	int year;
	const char *name;
	const void *bytes;
	size_t len;
	struct import_file *f;	/* what the core read (NULL before reading) */
	sqlite3_int64 file;	/* files.id */
	char now[40];
	/* what goes into the receipt */
	enum district_result result;
	sqlite3_int64 unit, copy;
	char *unit_name;	/* the roster unit */
	struct strbuf line;
};

static const char sql_file_get[] = "SELECT id FROM files WHERE sha256 = ?1";
static const char sql_file_add[] =
	"INSERT INTO files(sha256, size, content, encoding, sep) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_receipt_add[] =
	"INSERT INTO receipts(file, name, received, outcome, unit_name, unit, form_id, year, uuid,"
	" revision, copy, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_receipt_update[] =
	"UPDATE receipts SET outcome = ?2, unit = ?3, form_id = ?4, year = ?5, uuid = ?6,"
	" revision = ?7, copy = ?8, message = ?9 WHERE id = ?1";

/* The files row of these bytes, 0 when they were never received. */
static int file_find(struct store *s, const char *sha, sqlite3_int64 *id, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_file_get, cause);
	int r;

	*id = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*id = sqlite3_column_int64(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

/* Keep the bytes (once per distinct file). */
static int file_keep(struct filing *fl, char **cause)
{
	const struct import_file *f = fl->f;
	sqlite3_stmt *st;
	char sep[2] = { f->sep, '\0' };

	if (fl->file > 0)
		return 0;
	if ((st = store_q(fl->s, sql_file_add, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)fl->len);
	if (fl->len <= IMPORT_MAX_BYTES)
		sqlite3_bind_blob64(st, 3, fl->bytes, fl->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, import_enc_name(f->enc), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sep, -1, SQLITE_STATIC);
	if (store_run(fl->s, st, cause) != 0)
		return -1;
	fl->file = sqlite3_last_insert_rowid(fl->s->db);
	return 0;
}

/* Write the receipt: a new row, or (update > 0) the row of a held file now applied. */
static int receipt_write(struct filing *fl, sqlite3_int64 update, char **cause)
{
	const struct import_file *f = fl->f;
	int known = f != NULL && f->refused == NULL;
	sqlite3_stmt *st = store_q(fl->s, update > 0 ? sql_receipt_update : sql_receipt_add, cause);

	if (st == NULL)
		return -1;
	if (update > 0) {
		sqlite3_bind_int64(st, 1, update);
		sqlite3_bind_text(st, 2, district_result_name(fl->result), -1, SQLITE_STATIC);
		if (fl->unit > 0)
			sqlite3_bind_int64(st, 3, fl->unit);
		d_bind_text(st, 4, f != NULL ? f->form_id : NULL);
		if (known)
			sqlite3_bind_int(st, 5, fl->year);
		d_bind_text(st, 6, known ? f->uuid : NULL);
		if (known)
			sqlite3_bind_int64(st, 7, f->revision);
		if (fl->copy > 0)
			sqlite3_bind_int64(st, 8, fl->copy);
		sqlite3_bind_text(st, 9, strbuf_str(&fl->line), -1, SQLITE_STATIC);
		return store_run(fl->s, st, cause);
	}
	sqlite3_bind_int64(st, 1, fl->file);
	sqlite3_bind_text(st, 2, fl->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fl->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, district_result_name(fl->result), -1, SQLITE_STATIC);
	d_bind_text(st, 5, f != NULL ? f->unit : NULL);
	if (fl->unit > 0)
		sqlite3_bind_int64(st, 6, fl->unit);
	d_bind_text(st, 7, f != NULL ? f->form_id : NULL);
	if (known)
		sqlite3_bind_int(st, 8, fl->year);
	d_bind_text(st, 9, known ? f->uuid : NULL);
	if (known)
		sqlite3_bind_int64(st, 10, f->revision);
	if (fl->copy > 0)
		sqlite3_bind_int64(st, 11, fl->copy);
	sqlite3_bind_text(st, 12, strbuf_str(&fl->line), -1, SQLITE_STATIC);
	return store_run(fl->s, st, cause);
}

/* "单位的附件N（表名）", how a slot is named in every line. */
static void add_slot(struct strbuf *sb, const char *unit, const struct form *f)
{
	strbuf_addf(sb, "%s的%s（%s）", unit, f->attachment, f->name);
}

/* The full stop of a line, unless its last note brought one. */
static void end_line(struct strbuf *sb)
{
	if (!str_ends(strbuf_str(sb), "。"))
		strbuf_adds(sb, "。");
}

/* ", 有 N 个问题" and the notes, after a line about a copy that was taken. */
static void add_problems(struct strbuf *sb, const struct import_file *f)
{
	int soft = f->nproblems - f->nhard;

	if (f->nhard > 0 && soft > 0)
		strbuf_addf(sb, "；%d 项没有导入、%d 项需要核实", f->nhard, soft);
	else if (f->nhard > 0)
		strbuf_addf(sb, "；%d 项没有导入", f->nhard);
	else if (soft > 0)
		strbuf_addf(sb, "；%d 项需要核实", soft);
	if (f->nproblems > 0)
		strbuf_adds(sb, "（tianbiao problems 查看）");
	if (f->nnotes > 0)
		strbuf_addf(sb, "；注意：%s", f->notes[0]);
	for (int i = 1; i < f->nnotes; i++)
		strbuf_addf(sb, " %s", f->notes[i]);
}

/* The same bytes were received before: which receipt, and what became of them. */
static const char sql_same_file[] =
	"SELECT r.name, r.received, r.outcome, r.unit_name, r.unit, u.name, r.form_id, r.uuid,"
	" r.revision, r.copy, c.state FROM receipts r LEFT JOIN units u ON u.id = r.unit"
	" LEFT JOIN copies c ON c.id = r.copy WHERE r.file = ?1"
	" ORDER BY (r.copy IS NULL), r.id LIMIT 1";

/* A resend of bytes already received: a no-op said as such; 1 when it was one. */
static int same_file(struct filing *fl, struct district_outcome *out, char **cause)
{
	sqlite3_stmt *st = store_q(fl->s, sql_same_file, cause);
	const char *state, *outcome, *first, *when;
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, fl->file);
	r = d_step(fl->s, st, 0, cause);
	if (r <= 0)
		return r;
	outcome = (const char *)sqlite3_column_text(st, 2);
	state = (const char *)sqlite3_column_text(st, 10);
	/* A file only refused before is read again: the district may have added its form. */
	if (strcmp(outcome, "refused") == 0) {
		store_done(st);
		return 0;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	when = (const char *)sqlite3_column_text(st, 1);
	fl->result = DR_SAME;
	fl->copy = sqlite3_column_int64(st, 9);
	fl->unit = sqlite3_column_int64(st, 4);
	strbuf_addf(&fl->line, "重复，无变化：与 %.10s 收到的“%s”完全相同", when, first);
	if (state == NULL)
		strbuf_addf(&fl->line, "，仍因填报单位“%s”不在名单中而暂存",
			    (const char *)sqlite3_column_text(st, 3));
	else if (strcmp(state, "held") == 0)
		strbuf_adds(&fl->line, "，这份正等待处理冲突（tianbiao conflicts）");
	else if (strcmp(state, "set-aside") == 0)
		strbuf_adds(&fl->line, "，这份已决定不用");
	else if (strcmp(state, "history") == 0)
		strbuf_adds(&fl->line, "，那是较早的一份，已作为历史保留");
	strbuf_adds(&fl->line, "。");
	out->unit = d_col_text(st, 5);
	out->form_id = d_col_text(st, 6);
	out->revision = sqlite3_column_int64(st, 8);
	store_done(st);
	{
		/* The receipt names what the file named, as the first one did. */
		static const char sql_copy_from[] =
			"INSERT INTO receipts(file, name, received, outcome, unit_name, unit, form_id,"
			" year, uuid, revision, copy, message) SELECT ?1, ?2, ?3, 'same', unit_name,"
			" unit, form_id, year, uuid, revision, copy, ?4 FROM receipts WHERE file = ?1"
			" ORDER BY (copy IS NULL), id LIMIT 1";

		if ((st = store_q(fl->s, sql_copy_from, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, fl->file);
		sqlite3_bind_text(st, 2, fl->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, fl->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, strbuf_str(&fl->line), -1, SQLITE_STATIC);
		if (store_run(fl->s, st, cause) != 0)
			return -1;
	}
	return 1;
}

static const char sql_copy_add[] =
	"INSERT INTO copies(unit, form_id, year, uuid, revision, form_version, updated, digest,"
	" state, received, file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_problem_add[] =
	"INSERT INTO problems(copy, seq, level, field, row, found, message)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* A new copy of the slot from the file, with its problems; its values go to copy_vals
 * unless it is to become current (then d_make_current puts them in the submission). */
static int copy_add(struct filing *fl, const char *state, char **cause)
{
	const struct import_file *f = fl->f;
	sqlite3_stmt *st = store_q(fl->s, sql_copy_add, cause);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, fl->unit);
	sqlite3_bind_text(st, 2, f->form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, fl->year);
	sqlite3_bind_text(st, 4, f->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->revision);
	d_bind_text(st, 6, f->version);
	d_bind_text(st, 7, f->updated);
	sqlite3_bind_text(st, 8, f->digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, fl->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, fl->name, -1, SQLITE_STATIC);
	if (store_run(fl->s, st, cause) != 0)
		return -1;
	fl->copy = sqlite3_last_insert_rowid(fl->s->db);
	if (strcmp(state, "current") != 0 &&
	    write_values(fl->s, sql_copy_val_add, sql_copy_rows_add, fl->copy, f->rec, cause) != 0)
		return -1;
	if ((st = store_q(fl->s, sql_problem_add, cause)) == NULL)
		return -1;
	for (int i = 0; i < f->nproblems + f->nnotes; i++) {
		const struct import_problem *p = i < f->nproblems ? &f->problems[i] : NULL;

		sqlite3_bind_int64(st, 1, fl->copy);
		sqlite3_bind_int(st, 2, i + 1);
		if (p != NULL) {
			sqlite3_bind_text(st, 3, p->level == CHECK_HARD ? "hard" : "soft", -1,
					  SQLITE_STATIC);
			d_bind_text(st, 4, p->field >= 0 ? f->form->fields[p->field].id : NULL);
			sqlite3_bind_int(st, 5, p->row);
			d_bind_text(st, 6, p->found);
			sqlite3_bind_text(st, 7, p->msg, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, 3, "note", -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, -1);
			sqlite3_bind_text(st, 7, f->notes[i - f->nproblems], -1, SQLITE_STATIC);
		}
		if (store_run(fl->s, st, cause) != 0)
			return -1;
	}
	return 0;
}

/* A copy of the slot already received with these values: it makes this one a no-op. */
static const char sql_copy_same[] =
	"SELECT id, state, received, file FROM copies WHERE unit = ?1 AND form_id = ?2"
	" AND year = ?3 AND uuid = ?4 AND revision = ?5 AND digest = ?6 ORDER BY id LIMIT 1";
/* The slot's current copy. */
static const char sql_copy_current[] =
	"SELECT id, uuid, revision, digest, file FROM copies WHERE unit = ?1 AND form_id = ?2"
	" AND year = ?3 AND state = 'current'";
/* The slot's submission, when the district entered it itself (no copy received yet). */
static const char sql_sub_local[] =
	"SELECT id, uuid, revision, updated FROM submissions WHERE unit = ?1 AND form_id = ?2"
	" AND year = ?3";
/* Another slot that has this submission id: a unit's database copied to another unit. */
static const char sql_uuid_elsewhere[] =
	"SELECT u.name, s.form_id FROM submissions s JOIN units u ON u.id = s.unit"
	" WHERE s.uuid = ?1 AND NOT (s.unit = ?2 AND s.form_id = ?3 AND s.year = ?4)"
	" UNION ALL SELECT u.name, c.form_id FROM copies c JOIN units u ON u.id = c.unit"
	" WHERE c.uuid = ?1 AND NOT (c.unit = ?2 AND c.form_id = ?3 AND c.year = ?4) LIMIT 1";

/* The current copy of the slot, as the comparison needs it. */
struct current {
	sqlite3_int64 id;
	char uuid[33];
	long revision;
	char digest[65];
	char *file;
};

/* Find the current copy; a submission the district entered itself gets a copy row first. */
static int current_find(struct filing *fl, struct current *cur, char **cause)
{
	const struct form *f = fl->f->form;
	sqlite3_stmt *st = store_q(fl->s, sql_copy_current, cause);
	int r;

	memset(cur, 0, sizeof *cur);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, fl->unit);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, fl->year);
	r = d_step(fl->s, st, 0, cause);
	if (r == 1) {
		cur->id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, cur->uuid, sizeof cur->uuid);
		cur->revision = sqlite3_column_int64(st, 2);
		store_col_copy(st, 3, cur->digest, sizeof cur->digest);
		cur->file = d_col_text(st, 4);
		store_done(st);
		return 1;
	}
	if (r < 0 || (st = store_q(fl->s, sql_sub_local, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, fl->unit);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, fl->year);
	r = d_step(fl->s, st, 0, cause);
	if (r == 1) {
		sqlite3_int64 sub = sqlite3_column_int64(st, 0);
		struct record *rec = record_new(f);
		char updated[40];

		store_col_copy(st, 1, cur->uuid, sizeof cur->uuid);
		cur->revision = sqlite3_column_int64(st, 2);
		store_col_copy(st, 3, updated, sizeof updated);
		store_done(st);
		r = d_load_copy(fl->s, 0, sub, rec, cause);
		if (r == 0) {
			import_digest(rec, cur->digest);
			if ((st = store_q(fl->s, sql_copy_add, cause)) == NULL) {
				r = -1;
			} else {
				sqlite3_bind_int64(st, 1, fl->unit);
				sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
				sqlite3_bind_int(st, 3, fl->year);
				sqlite3_bind_text(st, 4, cur->uuid, -1, SQLITE_STATIC);
				sqlite3_bind_int64(st, 5, cur->revision);
				sqlite3_bind_text(st, 8, cur->digest, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 9, "current", -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 10, updated, -1, SQLITE_STATIC);
				r = store_run(fl->s, st, cause);
				cur->id = sqlite3_last_insert_rowid(fl->s->db);
			}
		}
		record_free(rec);
		return r < 0 ? -1 : 1;
	}
	return r;
}

/* Do the current copy's values equal the file's? The stored digest first; when it differs
 * (the district's form file changed since, or the district edited the copy), the values
 * are read and compared under today's form. */
static int current_equal(struct filing *fl, const struct current *cur, int *equal, char **cause)
{
	sqlite3_int64 sub;
	struct record *rec;
	char d[65];

	*equal = strcmp(cur->digest, fl->f->digest) == 0;
	if (*equal)
		return 0;
	if (d_slot_sub(fl->s, fl->unit, fl->f->form->id, fl->year, &sub, cause) != 0)
		return -1;
	rec = record_new(fl->f->form);
	if (sub > 0 && d_load_copy(fl->s, cur->id, sub, rec, cause) != 0) {
		record_free(rec);
		return -1;
	}
	import_digest(rec, d);
	record_free(rec);
	*equal = strcmp(d, fl->f->digest) == 0;
	return 0;
}

/* Roster names like "宝坻区大白庄镇人民政府" for a file's "大白庄镇": a hint for held files. */
static char *suggest_unit(struct store *s, int year, const char *name)
{
	static const char *const tails[] = { "人民政府", "政府", "办事处", "委员会", "办公室" };
	struct district_member *m;
	char *key = xstrdup(name), *cause = NULL, *hit = NULL;
	int n;

	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
		if (str_ends(key, tails[i]) && strlen(key) > strlen(tails[i]))
			key[strlen(key) - strlen(tails[i])] = '\0';
	if (strlen(key) >= 6 && district_roster(s, year, &m, &n, &cause) == 0) {
		for (int i = 0; i < n && hit == NULL; i++)
			if (strstr(m[i].name, key) != NULL ||
			    (strlen(m[i].name) >= 6 && strstr(name, m[i].name) != NULL))
				hit = xstrdup(m[i].name);
		district_members_free(m, n);
	}
	free(cause);
	free(key);
	return hit;
}

/* The outcome of a file that the core read: new, same, newer, older or conflict. */
static int file_slot(struct filing *fl, char **cause)
{
	const struct import_file *f = fl->f;
	const struct form *form = f->form;
	struct current cur;
	sqlite3_stmt *st;
	int r, equal;

	/* The same submission, revision and values received before (as any file). */
	if ((st = store_q(fl->s, sql_copy_same, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, fl->unit);
	sqlite3_bind_text(st, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, fl->year);
	sqlite3_bind_text(st, 4, f->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->revision);
	sqlite3_bind_text(st, 6, f->digest, -1, SQLITE_STATIC);
	r = d_step(fl->s, st, 0, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		const char *state = (const char *)sqlite3_column_text(st, 1);
		const char *file = (const char *)sqlite3_column_text(st, 3);

		fl->result = DR_SAME;
		fl->copy = sqlite3_column_int64(st, 0);
		strbuf_adds(&fl->line, "重复，无变化：");
		add_slot(&fl->line, fl->unit_name, form);
		strbuf_addf(&fl->line, "修订 %ld 已在 %.10s 收到（“%s”），内容相同", f->revision,
			    (const char *)sqlite3_column_text(st, 2), file != NULL ? file : "区里录入");
		if (strcmp(state, "held") == 0)
			strbuf_adds(&fl->line, "，正等待处理冲突（tianbiao conflicts）");
		else if (strcmp(state, "set-aside") == 0)
			strbuf_adds(&fl->line, "，这份已决定不用");
		else if (strcmp(state, "history") == 0)
			strbuf_adds(&fl->line, "，那是较早的一份，已作为历史保留");
		strbuf_adds(&fl->line, "。");
		store_done(st);
		return 0;
	}
	/* A submission id another slot has: two units' files from one database. */
	if ((st = store_q(fl->s, sql_uuid_elsewhere, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, fl->unit);
	sqlite3_bind_text(st, 3, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, fl->year);
	r = d_step(fl->s, st, 0, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		fl->result = DR_REFUSED;
		strbuf_addf(&fl->line, "拒收：这个文件的提交编号已属于“%s”的表 %s，不可能是“%s”的。"
			    "可能是复制了别的单位的数据库或文件。请向单位核实后让它重新导出发送。",
			    (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1), fl->unit_name);
		store_done(st);
		return 0;
	}
	r = current_find(fl, &cur, cause);
	if (r < 0)
		return -1;
	if (r == 0) {
		fl->result = DR_NEW;
		if (copy_add(fl, "current", cause) != 0 ||
		    d_make_current_sub(fl->s, fl->copy, f->rec, fl->unit, form, fl->year, f->uuid,
				       f->revision, f->version, f->updated, 1, 0, cause) != 0)
			return -1;
		strbuf_adds(&fl->line, "新收到：");
		add_slot(&fl->line, fl->unit_name, form);
		strbuf_addf(&fl->line, "，修订 %ld", f->revision);
		add_problems(&fl->line, f);
		end_line(&fl->line);
		return 0;
	}
	if (strcmp(cur.uuid, f->uuid) == 0 && f->revision != cur.revision) {
		int newer = f->revision > cur.revision;
		sqlite3_int64 sub;

		fl->result = newer ? DR_NEWER : DR_OLDER;
		if (newer) {
			if (d_slot_sub(fl->s, fl->unit, form->id, fl->year, &sub, cause) != 0 ||
			    d_retire_current(fl->s, cur.id, sub, "history", cause) != 0 ||
			    copy_add(fl, "current", cause) != 0 ||
			    d_make_current_sub(fl->s, fl->copy, f->rec, fl->unit, form, fl->year,
					       f->uuid, f->revision, f->version, f->updated, 1, sub,
					       cause) != 0) {
				free(cur.file);
				return -1;
			}
			strbuf_adds(&fl->line, "已更新：");
			add_slot(&fl->line, fl->unit_name, form);
			strbuf_addf(&fl->line, "从修订 %ld 更新到修订 %ld（原来那份作为历史保留）",
				    cur.revision, f->revision);
			add_problems(&fl->line, f);
		} else {
			if (copy_add(fl, "history", cause) != 0) {
				free(cur.file);
				return -1;
			}
			strbuf_adds(&fl->line, "较旧，未采用：");
			add_slot(&fl->line, fl->unit_name, form);
			strbuf_addf(&fl->line, "修订 %ld 早于已收到的修订 %ld，已作为历史记下，现有的"
				    "不变", f->revision, cur.revision);
		}
		end_line(&fl->line);
		free(cur.file);
		return 0;
	}
	if (strcmp(cur.uuid, f->uuid) == 0) {
		if (current_equal(fl, &cur, &equal, cause) != 0) {
			free(cur.file);
			return -1;
		}
		if (equal) {
			fl->result = DR_SAME;
			fl->copy = cur.id;
			strbuf_adds(&fl->line, "重复，无变化：");
			add_slot(&fl->line, fl->unit_name, form);
			strbuf_addf(&fl->line, "修订 %ld 已收到，内容相同。", f->revision);
			free(cur.file);
			return 0;
		}
	}
	/* Another submission id, or the same id and revision with other values. */
	fl->result = DR_CONFLICT;
	if (copy_add(fl, "held", cause) != 0) {
		free(cur.file);
		return -1;
	}
	strbuf_adds(&fl->line, "有冲突，暂不采用：");
	add_slot(&fl->line, fl->unit_name, form);
	if (strcmp(cur.uuid, f->uuid) == 0)
		strbuf_addf(&fl->line, "和已收到的修订 %ld 编号相同、内容却不同（导出后被改过，"
			    "可能在 Excel 里）", f->revision);
	else
		strbuf_addf(&fl->line, "已有另一份（提交编号不同：可能在两台电脑上填写，或重装过"
			    "程序）");
	strbuf_addf(&fl->line, "。两份都已保存，都不计入；请用 tianbiao conflicts 比较，用 "
		    "tianbiao resolve %s %s keep-current（保留原有的）或 keep-new（改用新的）"
		    "决定。", fl->unit_name, form->id);
	free(cur.file);
	return 0;
}

/* The outcome of a file after the core read it: held, refused or a slot's outcome. */
static int file_read(struct filing *fl, char **cause)
{
	const struct import_file *f = fl->f;
	char *own = NULL;
	int r;

	if (f->refused != NULL) {
		fl->result = DR_REFUSED;
		strbuf_addf(&fl->line, "拒收：%s", f->refused);
		return 0;
	}
	if (f->form->year != fl->year) {
		fl->result = DR_REFUSED;
		strbuf_addf(&fl->line, "拒收：本区的表单“%s”是 %d 年的，现在处理的是 %d 年的活动。"
			    "请检查表单目录。", f->form->name, f->form->year, fl->year);
		return 0;
	}
	r = d_resolve_unit(fl->s, fl->year, f->unit, &fl->unit, &fl->unit_name, cause);
	if (r < 0)
		return -1;
	if (store_unit_get(fl->s, &own, cause) != 0)
		return -1;
	if (r == 1 && own != NULL && strcmp(own, fl->unit_name) == 0) {
		fl->result = DR_REFUSED;
		strbuf_addf(&fl->line, "拒收：填报单位“%s”是本数据库自己的单位，不能作为下级单位的"
			    "表导入。请检查文件是不是发错了。", f->unit);
		free(own);
		return 0;
	}
	free(own);
	if (r == 0) {
		char *hint = suggest_unit(fl->s, fl->year, f->unit);
		int count;

		fl->result = DR_HELD;
		fl->unit = 0;
		if (roster_count(fl->s, fl->year, &count, cause) != 0) {
			free(hint);
			return -1;
		}
		strbuf_addf(&fl->line, "不在名单中，暂存：%s 的填报单位“%s”", f->form->attachment,
			    f->unit);
		if (count == 0)
			strbuf_addf(&fl->line, "，而 %d 年的名单还是空的。请先用 tianbiao roster add 或 "
				    "roster import 建立应报单位名单", fl->year);
		else if (hint != NULL)
			strbuf_addf(&fl->line, "不在 %d 年的名单上。如果它就是“%s”，请运行 tianbiao "
				    "roster alias %s %s；如果是新单位，请运行 tianbiao roster add %s",
				    fl->year, hint, f->unit, hint, f->unit);
		else
			strbuf_addf(&fl->line, "不在 %d 年的名单上。请用 tianbiao roster add %s 加入名单，"
				    "或用 tianbiao roster alias %s 名单上的名称 设为别名", fl->year,
				    f->unit, f->unit);
		strbuf_adds(&fl->line, "；设好后这个文件会自动导入。");
		free(hint);
		return 0;
	}
	return file_slot(fl, cause);
}

/* Fill the caller's outcome from the filing. */
static void outcome_fill(struct filing *fl, struct district_outcome *out)
{
	out->result = fl->result;
	out->line = strbuf_detach(&fl->line);
	if (out->unit == NULL && fl->unit_name != NULL)
		out->unit = xstrdup(fl->unit_name);
	if (out->form_id == NULL && fl->f != NULL && fl->f->form_id != NULL)
		out->form_id = xstrdup(fl->f->form_id);
	if (fl->f != NULL && fl->f->refused == NULL) {
		out->revision = fl->f->revision;
		if (fl->result != DR_SAME && fl->result != DR_HELD && fl->result != DR_REFUSED) {
			out->nhard = fl->f->nhard;
			out->nsoft = fl->f->nproblems - fl->f->nhard;
		}
	}
}

int district_import(struct store *s, int year, const char *name, const void *bytes,
		    size_t len, struct form *const *forms, int nforms,
		    struct district_outcome *out, char **cause)
{
	struct filing fl = { .s = s, .year = year, .name = name, .bytes = bytes, .len = len };
	char sha[65];
	int own_tx = sqlite3_get_autocommit(s->db), r;

	memset(out, 0, sizeof *out);
	if (own_tx && district_import_begin(s, cause) != 0)
		return -1;
	if (store_run_sql(s, sql_savepoint, cause) != 0) {
		if (own_tx)
			store_rollback(s);
		return -1;
	}
	store_now(fl.now);
	strbuf_add(&fl.line, "", 0);
	sha256_hex(bytes, len, sha);
	r = file_find(s, sha, &fl.file, cause);
	if (r == 0 && fl.file > 0)
		r = same_file(&fl, out, cause);
	if (r == 0) {
		fl.f = import_read_hashed(bytes, len, sha, forms, nforms);
		r = file_keep(&fl, cause) != 0 || file_read(&fl, cause) != 0 ||
				    receipt_write(&fl, 0, cause) != 0
			    ? -1
			    : 0;
	} else if (r == 1) {
		r = 0;
	}
	if (r == 0)
		r = store_run_sql(s, sql_release, cause);
	if (r != 0) {
		char *ignored = NULL;

		/* All or nothing: what this file wrote goes; the batch goes on. */
		if (store_run_sql(s, sql_rollback_to, &ignored) == 0)
			store_run_sql(s, sql_release, &ignored);
		free(ignored);
		district_outcome_free(out);
	} else {
		outcome_fill(&fl, out);
	}
	import_file_free(fl.f);
	free(fl.unit_name);
	strbuf_free(&fl.line);
	if (own_tx) {
		if (r == 0)
			r = store_commit(s, cause);
		else
			store_rollback(s);
	}
	return r;
}

/* ---- held files ------------------------------------------------------------------------- */

static const char sql_held_all[] =
	"SELECT r.id, r.name, r.received, f.content FROM receipts r JOIN files f ON f.id = r.file"
	" WHERE r.outcome = 'held' ORDER BY r.id";

/*
 * Read every held file again and file it if its name now means a roster unit. The receipt
 * keeps its name and time and gets the outcome and line of today; the line says it was
 * applied now.
 */
static int apply_held(struct store *s, int year, struct form *const *forms, int nforms,
		      struct district_applied **applied, int *napplied, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_held_all, cause);
	struct held {
		sqlite3_int64 id;
		char *name;
		char *bytes;
		size_t len;
	} *h = NULL;
	int n = 0, r;

	if (st == NULL)
		return -1;
	while ((r = d_step(s, st, 0, cause)) == 1) {
		const void *b = sqlite3_column_blob(st, 3);
		size_t len = (size_t)sqlite3_column_bytes(st, 3);

		h = xreallocarray(h, (size_t)n + 1, sizeof *h);
		h[n].id = sqlite3_column_int64(st, 0);
		h[n].name = d_col_text(st, 1);
		h[n].len = len;
		h[n].bytes = xmalloc(len + 1);
		if (len > 0)
			memcpy(h[n].bytes, b, len);
		n++;
	}
	for (int i = 0; r == 0 && i < n; i++) {
		struct filing fl = { .s = s, .year = year, .name = h[i].name, .bytes = h[i].bytes,
				     .len = h[i].len };
		char sha[65];

		store_now(fl.now);
		strbuf_add(&fl.line, "", 0);
		sha256_hex(h[i].bytes, h[i].len, sha);
		fl.f = import_read(h[i].bytes, h[i].len, forms, nforms);
		if (fl.f->refused == NULL) {
			char *unit = NULL;
			sqlite3_int64 id;

			r = d_resolve_unit(s, year, fl.f->unit, &id, &unit, cause);
			free(unit);
			if (r == 1) {
				r = file_find(s, sha, &fl.file, cause) != 0 ||
						    file_read(&fl, cause) != 0
					    ? -1
					    : 0;
				if (r == 0) {
					/* Inside the sentence: "…修订 4（原为…）。" */
					if (str_ends(strbuf_str(&fl.line), "。")) {
						fl.line.len -= strlen("。");
						fl.line.buf[fl.line.len] = '\0';
					}
					strbuf_addf(&fl.line, "（原为不在名单中，%.10s 补入）。", fl.now);
					r = receipt_write(&fl, h[i].id, cause);
				}
				if (r == 0) {
					*applied = xreallocarray(*applied, (size_t)*napplied + 1,
								 sizeof **applied);
					(*applied)[*napplied].file = xstrdup(h[i].name);
					(*applied)[*napplied].line = strbuf_detach(&fl.line);
					(*napplied)++;
				}
			}
		}
		import_file_free(fl.f);
		free(fl.unit_name);
		strbuf_free(&fl.line);
	}
	for (int i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].bytes);
	}
	free(h);
	return r < 0 ? -1 : 0;
}
