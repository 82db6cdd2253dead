/*
 * store_schema.c - the database's schema and its migrations (contract in store_int.h;
 * the schema explained in docs/storage.md).
 *
 * Step N -> N+1 is store_migrations[N]; each runs inside its own BEGIN IMMEDIATE
 * transaction together with PRAGMA user_version = N+1. To change the schema, append its
 * SQL to store_migrations[] (never edit an old step) and describe it in
 * docs/storage.md.
 */
#include "store_int.h"

#include <stdio.h>

/*
 * Version 1: the generic schema. Values are rows of vals keyed by (submission, field
 * id, row), so no form ever needs a table of its own; the district tables (roster,
 * imports, import_items) are empty in a unit's database and wait for the import.
 */
static const char store_schema_1[] =
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE units("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created TEXT NOT NULL"
	");"
	"CREATE TABLE submissions("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 32),"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  form_id TEXT NOT NULL,"
	"  form_version TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL CHECK (revision >= 0),"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'import')),"
	"  UNIQUE (unit, form_id, year)"
	");"
	"CREATE INDEX submissions_form ON submissions(form_id, year);"
	"CREATE TABLE vals("
	"  submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL,"
	"  row INTEGER NOT NULL CHECK (row >= -1),"
	"  value TEXT NOT NULL CHECK (value <> ''),"
	"  PRIMARY KEY (submission, field, row)"
	") WITHOUT ROWID;"
	"CREATE TABLE grouprows("
	"  submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
	"  grp TEXT NOT NULL,"
	"  nrows INTEGER NOT NULL CHECK (nrows >= 0),"
	"  PRIMARY KEY (submission, grp)"
	") WITHOUT ROWID;"
	"CREATE TABLE roster("
	"  year INTEGER NOT NULL,"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  PRIMARY KEY (year, unit)"
	") WITHOUT ROWID;"
	"CREATE TABLE imports("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
	"  file_name TEXT NOT NULL,"
	"  imported_at TEXT NOT NULL"
	");"
	"CREATE TABLE import_items("
	"  import INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
	"  uuid TEXT NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('new', 'newer', 'same', 'older')),"
	"  PRIMARY KEY (import, uuid)"
	") WITHOUT ROWID;"
	"PRAGMA application_id = 1413628994;";	/* STORE_APP_ID */


/*
 * Version 2: the district's side (docs/storage.md, "The district's tables"). The
 * placeholders of version 1 (roster without an order, imports, import_items) were never
 * written by any program, so they are replaced rather than altered.
 */
static const char store_schema_2[] =
	"DROP TABLE import_items;"
	"DROP TABLE imports;"
	"DROP TABLE roster;"
	"CREATE TABLE roster("
	"  year INTEGER NOT NULL,"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  pos INTEGER NOT NULL,"
	"  PRIMARY KEY (year, unit)"
	") WITHOUT ROWID;"
	"CREATE INDEX roster_order ON roster(year, pos);"
	"CREATE TABLE aliases("
	"  name TEXT PRIMARY KEY,"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  created TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX aliases_unit ON aliases(unit);"
	"CREATE TABLE files("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
	"  size INTEGER NOT NULL,"
	"  content BLOB,"
	"  encoding TEXT NOT NULL,"
	"  sep TEXT NOT NULL"
	");"
	"CREATE TABLE copies("
	"  id INTEGER PRIMARY KEY,"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  form_id TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  uuid TEXT NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  form_version TEXT,"
	"  updated TEXT,"
	"  digest TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('current', 'history', 'held', 'set-aside')),"
	"  received TEXT NOT NULL,"
	"  file TEXT"
	");"
	"CREATE INDEX copies_slot ON copies(unit, form_id, year, state);"
	"CREATE INDEX copies_uuid ON copies(uuid);"
	"CREATE TABLE copy_vals("
	"  copy INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL,"
	"  row INTEGER NOT NULL CHECK (row >= -1),"
	"  value TEXT NOT NULL CHECK (value <> ''),"
	"  PRIMARY KEY (copy, field, row)"
	") WITHOUT ROWID;"
	"CREATE TABLE copy_rows("
	"  copy INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,"
	"  grp TEXT NOT NULL,"
	"  nrows INTEGER NOT NULL CHECK (nrows >= 0),"
	"  PRIMARY KEY (copy, grp)"
	") WITHOUT ROWID;"
	"CREATE TABLE problems("
	"  copy INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  level TEXT NOT NULL CHECK (level IN ('hard', 'soft', 'note')),"
	"  field TEXT,"
	"  row INTEGER NOT NULL,"
	"  found TEXT,"
	"  message TEXT NOT NULL,"
	"  PRIMARY KEY (copy, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE receipts("
	"  id INTEGER PRIMARY KEY,"
	"  file INTEGER NOT NULL REFERENCES files(id),"
	"  name TEXT NOT NULL,"
	"  received TEXT NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('new', 'same', 'newer', 'older', 'conflict',"
	"    'held', 'refused')),"
	"  unit_name TEXT,"
	"  unit INTEGER REFERENCES units(id),"
	"  form_id TEXT,"
	"  year INTEGER,"
	"  uuid TEXT,"
	"  revision INTEGER,"
	"  copy INTEGER REFERENCES copies(id),"
	"  message TEXT NOT NULL"
	");"
	"CREATE INDEX receipts_file ON receipts(file);"
	"CREATE INDEX receipts_held ON receipts(unit_name) WHERE outcome = 'held';"
	"CREATE TABLE decisions("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  unit INTEGER REFERENCES units(id),"
	"  form_id TEXT,"
	"  year INTEGER,"
	"  kept INTEGER REFERENCES copies(id),"
	"  dropped INTEGER REFERENCES copies(id),"
	"  detail TEXT NOT NULL"
	");";


/*
 * Version 3: what was sent (docs/storage.md, "Exports"): one row per file an export
 * wrote or found unchanged, so that the screens say 已导出 or 导出后又修改过 and an
 * unchanged form exported again gives the same files (the time of its first export).
 */
static const char store_schema_3[] =
	"CREATE TABLE exports("
	"  id INTEGER PRIMARY KEY,"
	"  unit TEXT NOT NULL,"
	"  form_id TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL CHECK (revision >= 0),"
	"  at TEXT NOT NULL,"
	"  at_unix INTEGER NOT NULL,"
	"  format TEXT NOT NULL CHECK (format IN ('txt', 'csv', 'xlsx')),"
	"  path TEXT NOT NULL"
	");"
	"CREATE INDEX exports_slot ON exports(unit, form_id, year, revision);";


/*
 * Version 4: exports are kept by submission, not by the unit's name, so that a unit
 * renamed from the list keeps what it sent. Each row gets the submission its unit, form
 * and year name now; an export of a form never saved (which the district refuses) has
 * none and is no longer read.
 */
static const char store_schema_4[] =
	"ALTER TABLE exports ADD COLUMN submission INTEGER REFERENCES submissions(id);"
	"UPDATE exports SET submission = (SELECT s.id FROM submissions AS s"
	"  JOIN units AS u ON u.id = s.unit"
	"  WHERE u.name = exports.unit AND s.form_id = exports.form_id"
	"  AND s.year = exports.year);"
	"DROP INDEX exports_slot;"
	"CREATE INDEX exports_sub ON exports(submission, revision);";


/*
 * Version 5: the roster keeps a contact person and phone per unit, so that a unit that
 * has sent nothing yet (no liaison form) can still be called.
 */
static const char store_schema_5[] =
	"ALTER TABLE roster ADD COLUMN person TEXT;"
	"ALTER TABLE roster ADD COLUMN phone TEXT;";


/* The steps, in order, each the SQL that takes version N-1 to N: append here (see the
 * top of this file). */
static const char *const store_migrations[] = {
	store_schema_1,	/* the unit's tables */
	store_schema_2,	/* the district's tables */
	store_schema_3,	/* the exports table */
	store_schema_4,	/* exports by submission */
	store_schema_5,	/* the roster's contacts */
};
/* The oldest version a read-only open reads as it is: the steps after it only add the
 * district's tables, the exports table (and its submission column) and the roster's
 * contacts, which their calls look for before they use them. */
const int store_schema_readable = 1;
/* The version the steps lead to: one per step. */
const int store_schema_version = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));

int store_migrate(struct store *s, int version, char **cause)
{
	for (int v = version; v < store_schema_version; v++) {
		char pragma[64];
		int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, store_migrations[v], NULL, NULL, NULL);
		/* A program constant, not a value from outside: PRAGMA takes no parameters. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			*cause = store_failure(s, rc, 1);
			if (!sqlite3_get_autocommit(s->db))
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
