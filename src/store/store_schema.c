/*
 * store_schema.c - the database's schema and its migrations (contract in store_int.h;
 * the schema explained in docs/storage.md).
 *
 * Step N -> N+1 is store_migrations[N]; each runs inside its own BEGIN IMMEDIATE
 * transaction together with PRAGMA user_version = N+1. To change the schema, append a
 * function to store_migrations[] (never edit an old one) and describe it in
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

/* Step 0 -> 1: an empty file gets the schema. */
static int store_migrate_1(sqlite3 *db)
{
	return sqlite3_exec(db, store_schema_1, NULL, NULL, NULL);
}

/* The steps, in order: append here (see the top of this file). */
static int (*const store_migrations[])(sqlite3 *db) = {
	store_migrate_1,
};
/* The version the steps lead to: one per step. */
const int store_schema_version = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));

int store_migrate(struct store *s, int version, char **cause)
{
	for (int v = version; v < store_schema_version; v++) {
		char pragma[64];
		int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			rc = store_migrations[v](s->db);
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
