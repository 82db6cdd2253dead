/*
 * store_totals.c - the input of the district's totals in three passes, and the district's
 * own report one level up (contract in district_totals.h).
 */
#include "district_totals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/import.h"
#include "../core/util.h"
#include "district_int.h"

/* The roster in order with each unit's slot of one form: its submission (the current
 * copy's values), the current copy's file and problems, the copies held against it, and
 * a lower level's 汇总说明 kept as a note on the copy. */
static const char sql_slots[] =
	"SELECT u.name, r.pos, s.id, s.revision, c.received, c.file,"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'hard'),"
	" (SELECT count(*) FROM problems p WHERE p.copy = c.id AND p.level = 'soft'),"
	" (SELECT count(*) FROM copies h WHERE h.unit = r.unit AND h.form_id = ?2"
	"  AND h.year = r.year AND h.state = 'held'),"
	" (SELECT p.message FROM problems p WHERE p.copy = c.id AND p.level = 'note'"
	"  AND substr(p.message, 1, length(?3)) = ?3 ORDER BY p.seq LIMIT 1)"
	" FROM roster r JOIN units u ON u.id = r.unit"
	" LEFT JOIN submissions s ON s.unit = r.unit AND s.form_id = ?2 AND s.year = r.year"
	" LEFT JOIN copies c ON c.unit = r.unit AND c.form_id = ?2 AND c.year = r.year"
	"  AND c.state = 'current'"
	" WHERE r.year = ?1 ORDER BY r.pos, u.name";
/* Every value and every group's row count of the form's submissions that year. */
static const char sql_all_vals[] =
	"SELECT v.submission, v.field, v.row, v.value FROM submissions s"
	" JOIN vals v ON v.submission = s.id WHERE s.form_id = ?1 AND s.year = ?2";
static const char sql_all_rows[] =
	"SELECT g.submission, g.grp, g.nrows FROM submissions s"
	" JOIN grouprows g ON g.submission = s.id WHERE s.form_id = ?1 AND s.year = ?2";
static const char sql_held_of_form[] =
	"SELECT unit_name, name, received FROM receipts WHERE outcome = 'held' AND form_id = ?1"
	" AND (year = ?2 OR year IS NULL) ORDER BY id";

/* A submission id and the unit it belongs to, for finding a value's unit quickly. */
struct sub_at {
	sqlite3_int64 sub;
	int unit;
};

/* Order by submission id, for bsearch. */
static int sub_at_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = ((const struct sub_at *)a)->sub, y = ((const struct sub_at *)b)->sub;

	return x < y ? -1 : x > y;
}

/* A field id and its index, for finding a value's field quickly. */
struct id_at {
	const char *id;
	int at;
};

/* Order by id. */
static int id_at_cmp(const void *a, const void *b)
{
	return strcmp(((const struct id_at *)a)->id, ((const struct id_at *)b)->id);
}

/* The unit of a submission, or -1 (a submission of a unit not on the roster). */
static int unit_of(const struct sub_at *map, int n, sqlite3_int64 sub)
{
	struct sub_at key = { sub, 0 };
	const struct sub_at *hit;

	if (n == 0)
		return -1;
	hit = bsearch(&key, map, (size_t)n, sizeof *map, sub_at_cmp);
	return hit != NULL ? hit->unit : -1;
}

/* The index of a field or group id in a sorted map, or -1. */
static int index_of(const struct id_at *map, int n, const char *id)
{
	struct id_at key = { id, 0 };
	const struct id_at *hit;

	if (id == NULL || n == 0)
		return -1;
	hit = bsearch(&key, map, (size_t)n, sizeof *map, id_at_cmp);
	return hit != NULL ? hit->at : -1;
}

/* Read the roster and its slots; the map from submission to unit is filled too. */
static int read_slots(struct store *s, int year, const struct form *f, struct totals_unit **units,
		      int *n, struct sub_at **map, int *nmap, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_slots, cause);
	int r, cap = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, TOTALS_NOTE_PREFIX, -1, SQLITE_STATIC);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct totals_unit *u;
		char *note;

		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*units = xreallocarray(*units, (size_t)cap, sizeof **units);
			*map = xreallocarray(*map, (size_t)cap, sizeof **map);
		}
		u = &(*units)[*n];
		memset(u, 0, sizeof *u);
		u->name = d_col_text(st, 0);
		u->pos = sqlite3_column_int(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			(*map)[(*nmap)++] = (struct sub_at){ sqlite3_column_int64(st, 2), *n };
			u->rec = record_new(f);
			u->revision = (long)sqlite3_column_int64(st, 3);
			store_col_copy(st, 4, u->received, sizeof u->received);
			u->file = d_col_text(st, 5);
			u->nhard = sqlite3_column_int(st, 6);
			u->nsoft = sqlite3_column_int(st, 7);
			u->nconflicts = sqlite3_column_int(st, 8);
			u->state = u->nconflicts > 0 ? TS_CONFLICT : TS_REPORTED;
			note = d_col_text(st, 9);
			if (note != NULL)
				u->summary = xstrdup(note + strlen(TOTALS_NOTE_PREFIX));
			free(note);
			u->rec->revision = u->revision;
		}
		(*n)++;
	}
	if (*nmap > 1)
		qsort(*map, (size_t)*nmap, sizeof **map, sub_at_cmp);
	return r;
}

/* Give every copy its group rows (as many as the form allows, as store_load does). */
static int read_rows(struct store *s, int year, const struct form *f, struct totals_unit *units,
		     const struct sub_at *map, int nmap, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_all_rows, cause);
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int u = unit_of(map, nmap, sqlite3_column_int64(st, 0));
		int g = u >= 0 ? form_group_index(f, (const char *)sqlite3_column_text(st, 1)) : -1;
		int rows = sqlite3_column_int(st, 2);

		for (int i = 0; g >= 0 && i < rows && record_row_add(units[u].rec, g) >= 0; i++)
			;
	}
	return r;
}

/* Put every value into its unit's copy. */
static int read_vals(struct store *s, int year, const struct form *f, struct totals_unit *units,
		     const struct sub_at *map, int nmap, char **cause)
{
	struct id_at *ids = xcalloc((size_t)f->nfields + 1, sizeof *ids);
	sqlite3_stmt *st = store_q(s, sql_all_vals, cause);
	int r;

	for (int i = 0; i < f->nfields; i++)
		ids[i] = (struct id_at){ f->fields[i].id, i };
	qsort(ids, (size_t)f->nfields, sizeof *ids, id_at_cmp);
	if (st == NULL) {
		free(ids);
		return -1;
	}
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		int u = unit_of(map, nmap, sqlite3_column_int64(st, 0));
		int fi = u >= 0 ? index_of(ids, f->nfields, (const char *)sqlite3_column_text(st, 1))
				: -1;

		/* Values of fields the form no longer has stay in the database, not counted;
		 * a row beyond the rows loaded is refused by record_set. */
		if (fi >= 0)
			record_set(units[u].rec, fi, sqlite3_column_int(st, 2),
				   (const char *)sqlite3_column_text(st, 3));
	}
	free(ids);
	return r;
}

/* The files of the form held for names not on the roster. */
static int read_held(struct store *s, int year, const struct form *f, struct totals_held **held,
		     int *nheld, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_held_of_form, cause);
	int r;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	while ((r = d_step(s, st, 0, cause)) == 1) {
		struct totals_held *h;

		*held = xreallocarray(*held, (size_t)*nheld + 1, sizeof **held);
		h = &(*held)[(*nheld)++];
		h->name = d_col_text(st, 0);
		h->file = d_col_text(st, 1);
		store_col_copy(st, 2, h->received, sizeof h->received);
	}
	return r;
}

int district_totals_units(struct store *s, int year, const struct form *f,
			  struct totals_unit **units, int *n, struct totals_held **held,
			  int *nheld, char **cause)
{
	struct sub_at *map = NULL;
	int nmap = 0, r, began, has;

	*units = NULL;
	*n = 0;
	*held = NULL;
	*nheld = 0;
	if (s->empty)
		return 0;
	if (d_has_tables(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	/* One moment for all three passes, unless a transaction is open already. */
	began = sqlite3_get_autocommit(s->db);
	if (began && store_begin_read(s, cause) != 0)
		return -1;
	r = read_slots(s, year, f, units, n, &map, &nmap, cause);
	if (r == 0)
		r = read_rows(s, year, f, *units, map, nmap, cause);
	if (r == 0)
		r = read_vals(s, year, f, *units, map, nmap, cause);
	if (r == 0)
		r = read_held(s, year, f, held, nheld, cause);
	if (began)
		store_rollback(s);
	free(map);
	if (r < 0) {
		totals_units_free(*units, *n);
		totals_held_free(*held, *nheld);
		*units = NULL;
		*held = NULL;
		*n = *nheld = 0;
		return -1;
	}
	return 0;
}

int district_totals(struct store *s, int year, const struct form *f, const char *district,
		    struct totals **out, char **cause)
{
	struct totals_unit *units;
	struct totals_held *held;
	int n, nheld;

	*out = NULL;
	if (district_totals_units(s, year, f, &units, &n, &held, &nheld, cause) != 0)
		return -1;
	*out = totals_build(f, district, units, n, held, nheld);
	return 0;
}

/* ---- the district's report ---------------------------------------------------------------- */

static const char sql_own_sub[] =
	"SELECT id, uuid, revision, updated FROM submissions WHERE unit = ?1 AND form_id = ?2"
	" AND year = ?3";
static const char sql_own_add[] =
	"INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision, created,"
	" updated, origin) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, 'local')";
static const char sql_own_bump[] =
	"UPDATE submissions SET revision = revision + 1, updated = ?2, form_version = ?3"
	" WHERE id = ?1";
static const char sql_own_clear_rows[] = "DELETE FROM grouprows WHERE submission = ?1";
static const char sql_own_val[] =
	"INSERT INTO vals(submission, field, row, value) VALUES (?1, ?2, ?3, ?4)";
static const char sql_own_rows[] =
	"INSERT INTO grouprows(submission, grp, nrows) VALUES (?1, ?2, ?3)";
/* The report's summary, kept beside its values under a name no field id can have (ids are
 * ASCII), so that a changed summary is a new revision too. */
static const char sql_own_summary[] =
	"SELECT value FROM vals WHERE submission = ?1 AND field = '" TOTALS_SUMMARY_LABEL "'"
	" AND row = -1";
static const char sql_own_summary_del[] =
	"DELETE FROM vals WHERE submission = ?1 AND field = '" TOTALS_SUMMARY_LABEL "'";
static const char sql_own_summary_put[] =
	"INSERT INTO vals(submission, field, row, value) VALUES (?1, '" TOTALS_SUMMARY_LABEL "',"
	" -1, ?2)";
/* Values of fields the form does not have are kept: only the form's own are replaced. */
static const char sql_own_del_val[] =
	"DELETE FROM vals WHERE submission = ?1 AND field = ?2";

/* Run a statement with one id parameter. */
static int run_one(struct store *s, const char *sql, sqlite3_int64 id, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql, cause);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_run(s, st, cause);
}

/* Replace the form's values of a submission by rec's, and its summary. */
static int own_write(struct store *s, sqlite3_int64 sub, const struct record *rec,
		     const char *summary, char **cause)
{
	const struct form *f = rec->form;
	sqlite3_stmt *st;

	if (run_one(s, sql_own_summary_del, sub, cause) != 0)
		return -1;
	if (summary != NULL && *summary != '\0') {
		if ((st = store_q(s, sql_own_summary_put, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, summary, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
	}

	for (int i = 0; i < f->nfields; i++) {
		if ((st = store_q(s, sql_own_del_val, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, f->fields[i].id, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	if (run_one(s, sql_own_clear_rows, sub, cause) != 0)
		return -1;
	for (int i = 0; i < f->nfields; i++) {
		int g = f->fields[i].group, rows = g >= 0 ? rec->nrows[g] : 1;

		for (int row = 0; row < rows; row++) {
			const char *v = record_get(rec, i, g >= 0 ? row : -1);

			if (v == NULL)
				continue;
			if ((st = store_q(s, sql_own_val, cause)) == NULL)
				return -1;
			sqlite3_bind_int64(st, 1, sub);
			sqlite3_bind_text(st, 2, f->fields[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, g >= 0 ? row : -1);
			sqlite3_bind_text(st, 4, v, -1, SQLITE_STATIC);
			if (store_run(s, st, cause) != 0)
				return -1;
		}
	}
	for (int g = 0; g < f->ngroups; g++) {
		if ((st = store_q(s, sql_own_rows, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, f->groups[g].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, rec->nrows[g]);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	return 0;
}

/* The summary kept with a submission (malloc'd, NULL when none). */
static int own_summary(struct store *s, sqlite3_int64 sub, char **summary, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql_own_summary, cause);
	int r;

	*summary = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*summary = d_col_text(st, 0);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

int district_report_save(struct store *s, const char *district, struct record *rec,
			 const char *summary, int *changed, char **cause)
{
	char *was = NULL;
	const struct form *f = rec->form;
	sqlite3_int64 unit, sub = 0;
	struct record *old = NULL;
	char uuid[33], now[40], a[65], b[65];
	long revision = 0;
	sqlite3_stmt *st;
	int own, r;

	*changed = 0;
	if (s->readonly) {
		*cause = xstrdup("数据库是只读打开的，上报表没有保存。");
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	own = 1;
	if (d_unit_id(s, district, 1, &unit, cause) < 0 || (st = store_q(s, sql_own_sub, cause)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->year);
	r = d_step(s, st, 0, cause);
	if (r < 0)
		goto fail;
	store_now(now);
	if (r == 1) {
		sub = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, uuid, sizeof uuid);
		revision = (long)sqlite3_column_int64(st, 2);
		store_col_copy(st, 3, now, sizeof now);
		store_done(st);
		old = record_new(f);
		if (d_load_copy(s, 0, sub, old, cause) != 0)
			goto fail;
		if (own_summary(s, sub, &was, cause) != 0)
			goto fail;
		import_digest(old, a);
		import_digest(rec, b);
		if (strcmp(a, b) != 0 || strcmp(was != NULL ? was : "", summary != NULL ? summary : "")) {
			store_now(now);
			if ((st = store_q(s, sql_own_bump, cause)) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, sub);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, f->version, -1, SQLITE_STATIC);
			if (store_run(s, st, cause) != 0 || own_write(s, sub, rec, summary, cause) != 0)
				goto fail;
			revision++;
			*changed = 1;
		}
	} else {
		store_uuid(uuid);
		if ((st = store_q(s, sql_own_add, cause)) == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, unit);
		sqlite3_bind_text(st, 3, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, f->version, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, f->year);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			goto fail;
		sub = sqlite3_last_insert_rowid(s->db);
		if (own_write(s, sub, rec, summary, cause) != 0)
			goto fail;
		revision = 1;
		*changed = 1;
	}
	if (store_commit(s, cause) != 0) {
		own = 0;
		goto fail;
	}
	record_free(old);
	free(was);
	record_set_meta(rec, district, uuid, revision, now);
	return 0;
fail:
	if (own)
		store_rollback(s);
	record_free(old);
	free(was);
	*changed = 0;
	return -1;
}

int district_report_state(struct store *s, const char *district, const struct record *rec,
			  const char *summary, long *revision, int *same, char **cause)
{
	const struct form *f = rec->form;
	sqlite3_int64 unit, sub;
	struct record *old;
	char *was = NULL, a[65], b[65];
	sqlite3_stmt *st;
	int r;

	*revision = 0;
	*same = 0;
	if ((r = d_unit_id(s, district, 0, &unit, cause)) <= 0)
		return r;
	if ((st = store_q(s, sql_own_sub, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->year);
	if ((r = d_step(s, st, 0, cause)) <= 0)
		return r;
	sub = sqlite3_column_int64(st, 0);
	*revision = (long)sqlite3_column_int64(st, 2);
	store_done(st);
	old = record_new(f);
	if (d_load_copy(s, 0, sub, old, cause) != 0 || own_summary(s, sub, &was, cause) != 0) {
		record_free(old);
		return -1;
	}
	import_digest(old, a);
	import_digest(rec, b);
	*same = strcmp(a, b) == 0 && strcmp(was != NULL ? was : "", summary != NULL ? summary : "") == 0;
	record_free(old);
	free(was);
	return 0;
}

static const char sql_own_kept[] =
	"SELECT 1 FROM submissions AS s JOIN vals AS v ON v.submission = s.id"
	" WHERE s.unit = ?1 AND s.form_id = ?2 AND s.year = ?3"
	" AND v.field = '" TOTALS_SUMMARY_LABEL "' AND v.row = -1";

int district_report_kept(struct store *s, const char *district, const struct form *f,
			 int *kept, char **cause)
{
	sqlite3_int64 unit;
	sqlite3_stmt *st;
	int r;

	*kept = 0;
	if (district == NULL || s->empty)
		return 0;
	if ((r = d_unit_id(s, district, 0, &unit, cause)) <= 0)
		return r;
	if ((st = store_q(s, sql_own_kept, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->year);
	if ((r = d_step(s, st, 0, cause)) < 0)
		return -1;
	if (r == 1) {
		*kept = 1;
		store_done(st);
	}
	return 0;
}

int district_report_send(struct store *s, const struct totals *t, const char *district,
			 const struct record *own, const struct export_opts *o, const char *dir,
			 struct district_sent *out, char **cause)
{
	struct export_opts eo = *o;
	char *summary = NULL, *why = NULL, **earlier = NULL;
	const char *fmts[EXPORT_NFORMATS], *paths[EXPORT_NFORMATS];
	struct record *rep, *copied = NULL;
	struct form *copy = NULL;
	struct store_export es;
	int nearlier = 0, rc = -1;

	memset(out, 0, sizeof *out);
	out->data = (struct strbuf)STRBUF_INIT;
	if ((rep = totals_report(t, own, &out->notes, cause)) == NULL)
		return -1;
	summary = totals_summary(t);
	if (district_report_save(s, district, rep, summary, &out->changed, cause) != 0)
		goto done;
	out->revision = rep->revision;
	if (store_backup(s, &why) != 0) {	/* as before a unit's export */
		out->nobackup = why != NULL ? why : xstrdup("");
		why = NULL;
	}
	if (store_export_state(s, district, t->form, rep->revision, &es, &why) != 0) {
		free(why);
		why = NULL;
		memset(&es, 0, sizeof es);
	}
	eo.when = out->when = es.first_at != 0 ? es.first_at : export_now();
	eo.csv_extra_label = TOTALS_SUMMARY_LABEL;
	eo.csv_extra_value = summary;
	/* files of earlier exports of this copy under another name go into 旧版本/ too */
	if (dir != NULL && store_export_paths(s, district, t->form, &earlier, &nearlier, &why) != 0) {
		free(why);
		why = NULL;
	}
	eo.earlier = earlier;
	eo.nearlier = nearlier;
	/* the same values under the copy of the form that says what the report covers: the
	 * text and .xlsx tell a reader, the CSV's 汇总说明 tells the program one level up */
	copied = totals_report_copy(t, rep, &copy);
	if (dir == NULL) {
		rc = export_render(copied, eo.formats, &eo, &out->data, &out->res.warning, cause);
		goto done;
	}
	if (export_write(copied, dir, &eo, &out->res, cause) != 0)
		goto done;
	rc = 0;
	out->same = out->res.nfiles > 0;
	for (int k = 0; k < out->res.nfiles; k++) {
		fmts[k] = export_ext(out->res.files[k].format);
		paths[k] = out->res.files[k].path;
		out->same &= out->res.files[k].state == EXPORT_SAME;
	}
	/* sent, as a unit's export is: 汇总 says 已上报 and the form list 已导出 */
	if (store_export_add(s, district, t->form, rep->revision, eo.when, fmts, paths,
			     out->res.nfiles, &why) != 0) {
		out->unrecorded = why != NULL ? why : xstrdup("");
		why = NULL;
	}
done:
	for (int k = 0; k < nearlier; k++)
		free(earlier[k]);
	free(earlier);
	record_free(copied);
	record_free(rep);
	free(copy);
	free(summary);
	if (rc != 0)
		district_sent_free(out);
	return rc;
}

void district_sent_free(struct district_sent *d)
{
	free(d->notes);
	free(d->unrecorded);
	free(d->nobackup);
	export_result_free(&d->res);
	strbuf_free(&d->data);
	memset(d, 0, sizeof *d);
}
