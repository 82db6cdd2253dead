/*
 * store_int.h - what the files of the store share, and nothing outside src/store sees.
 *
 * The store is split by what a change touches: store_open.c opens, checks and locks the
 * file; store_schema.c holds the schema and its migrations; store_wal.c reads a -wal as
 * SQLite's recovery does; store_backup.c writes, lists and restores the backups;
 * store_util.c the prepared statements, transactions and failure messages below; each
 * query file (store_unit.c for a unit's submissions, values and rows; store_district.c
 * and store_dlist.c for the district, sharing district_int.h) keeps its own SQL as
 * constant strings and runs them through store_q(), so a new query file needs no copy
 * of any of these helpers.
 */
#ifndef TB_STORE_INT_H
#define TB_STORE_INT_H

#include <sqlite3.h>
#include <time.h>

#include "store.h"

/* "TBDB": marks the file as ours in the SQLite header (PRAGMA application_id). */
#define STORE_APP_ID 0x54424442

/* One open database. */
struct store {
	sqlite3 *db;
	char *path;
	int lockfd;		/* holds the flock; closed only after sqlite3_close */
	int readonly;
	int empty;		/* read-only and the file has no tables yet: everything is blank */
	char *copydir;		/* a reader's private copy of database and -wal, removed at close */
	int check_all;		/* check the whole file on open: small, or not closed cleanly */
	/* The district's tables and the roster's contact columns, once seen committed: they
	 * are never dropped, so a listing asks SQLite once, not once a unit. */
	int seen_district, seen_contacts;
	/* Prepared statements, keyed by the address of their constant SQL text: an open
	 * hash table of qcap slots (a power of two), qlen of them used. */
	struct store_stmt {
		const char *sql;
		sqlite3_stmt *st;
	} *qs;
	size_t qcap, qlen;
};

/* ---- store_schema.c ---------------------------------------------------------------- */

/* The schema version this program writes: the number of migration steps. */
extern const int store_schema_version;
/* The oldest schema version a read-only open reads without upgrading it. */
extern const int store_schema_readable;

/* Bring the schema from version up to store_schema_version, one step per transaction. */
int store_migrate(struct store *s, int version, char **cause);

/* ---- store_wal.c ------------------------------------------------------------------- */

/* What a -wal holds, as SQLite's recovery would read it. */
struct store_wal_info {
	long frames;		/* valid frames, which recovery uses up to the last commit */
	long commits;		/* commit frames among them */
	long bad_frame;		/* the first frame recovery rejects (1-based), 0 when none */
	long lost_commits;	/* commit frames of the same generation after it: lost saves */
};

/* Scan the -wal file wal (missing or empty: all zero). -1 with errno when unreadable. */
int store_wal_scan(const char *wal, struct store_wal_info *info);

/* ---- store_backup.c ---------------------------------------------------------------- */

/* How many backups are kept: path.bak1 (newest) to path.bak<STORE_BACKUPS>. */
#define STORE_BACKUPS 3
/* Seconds: a newer backup than this replaces the newest one instead of rotating. */
#define STORE_BACKUP_SPACING (15 * 60)

/* Write a backup of the open database now and rotate the older ones (VACUUM INTO, which
 * reads every row and so fails on a damaged file). 0 also when the directory cannot be
 * written (nothing to do there); -1 with *cause, and *damaged set on damage. */
int store_backup_write(struct store *s, int *damaged, char **cause);

/* A sentence (malloc'd) for a message about a damaged database at path: which backup
 * there is, from when, and the command that restores it; or that there is none. */
char *store_backup_note(const char *path);

/* ---- store_util.c ------------------------------------------------------------------ */

/* The local time as ISO 8601 with its offset, e.g. 2021-06-03T10:15:30+08:00. */
void store_now(char buf[40]);

/* A new submission id: 128 random bits as 32 lowercase hex digits. */
void store_uuid(char out[33]);

/* Copy a column's text into a fixed buffer (empty when NULL). */
void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t size);

/* A Chinese message (malloc'd) for a failed SQLite call rc, saying what to do next;
 * writing adds that the change was not saved. Out of memory is fatal. */
char *store_failure(struct store *s, int rc, int writing);

/*
 * The prepared statement for sql, prepared on its first use and kept until the store
 * closes. sql must be a string constant (it is remembered by its address), with every
 * value a bound parameter, never pasted in. NULL with *cause on failure.
 */
sqlite3_stmt *store_q(struct store *s, const char *sql, char **cause);

/* Make a statement ready for its next use: results dropped, nothing left bound. */
void store_done(sqlite3_stmt *st);

/* Run a statement that returns no rows (its parameters already bound); then store_done. */
int store_run(struct store *s, sqlite3_stmt *st, char **cause);

/* Run a constant statement that takes no parameters and returns no rows. */
int store_run_sql(struct store *s, const char *sql, char **cause);

/* BEGIN (a read transaction, for reads that must see one moment). */
int store_begin_read(struct store *s, char **cause);

/* Start a write: BEGIN IMMEDIATE takes the write lock now, waiting up to the busy
 * timeout; refused on a read-only store. */
int store_begin_write(struct store *s, char **cause);

/* Commit; on failure the transaction is rolled back and *cause says why. */
int store_commit(struct store *s, char **cause);

/* Undo the open transaction, if SQLite has not already undone it after an error. */
void store_rollback(struct store *s);

/* Drop every prepared statement (before the connection closes). */
void store_q_free(struct store *s);

#endif
