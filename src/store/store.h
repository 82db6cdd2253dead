/*
 * store.h - the SQLite store; the only module that contains SQL.
 *
 * One database file holds any number of units, campaigns and submissions of any
 * forms, without a schema change per form: values are rows keyed by
 * (submission, field id, row). A submission is one unit's copy of one form
 * (form id + campaign year); it has a stable random id (32 hex digits) and a
 * revision that grows by one with every stored change.
 *
 * The file is opened in WAL mode with synchronous=FULL, a busy timeout, and the
 * schema versioned with PRAGMA user_version and migrated step by step. Every
 * write is its own BEGIN IMMEDIATE transaction. A new file is created with mode
 * 0600. Errors come back as -1 with *cause set to a malloc'd Chinese message that
 * says what to do next; nothing already stored is ever overwritten on an error.
 */
#ifndef TB_STORE_H
#define TB_STORE_H

#include <time.h>

#include "../core/form.h"
#include "../core/record.h"

struct store;

#define STORE_CREATE 1		/* create the file (not its directory) when missing */
#define STORE_READONLY 2

/*
 * Open path (":memory:" works). Refuses, with a clear message: a missing
 * directory, a read-only file or directory (unless STORE_READONLY), a file that is
 * not a SQLite database or fails the checks on open, a schema newer than this
 * program, and a database that another copy of tianbiao holds open for writing
 * (detected with flock(LOCK_EX|LOCK_NB) on a second descriptor of the database
 * file itself, which the kernel releases when the process dies, even by kill -9;
 * STORE_READONLY takes no such lock). STORE_READONLY also reads a file one cannot
 * write, in a directory one cannot write or on read-only media, and then makes no
 * file beside it.
 */
struct store *store_open(const char *path, int flags, char **cause);
void store_close(struct store *s);

/* True when another copy of tianbiao holds the database at path open for writing (the
 * lock store_open takes), so that a second writer would be refused. */
int store_locked(const char *path);

/* The default database path: $TIANBIAO_DB, else $XDG_DATA_HOME/tianbiao/tianbiao.db,
 * else ~/.local/share/tianbiao/tianbiao.db. malloc'd. */
char *store_default_path(void);

/* The reporting unit this database belongs to; *name is malloc'd or NULL when not set. */
int store_unit_get(struct store *s, char **name, char **cause);
int store_unit_set(struct store *s, const char *name, char **cause);

/*
 * Fill rec (made by record_new for form f) with the stored submission of unit
 * and f (id, year). When there is none, rec stays blank with revision 0 and no
 * uuid; nothing is written. Group rows come back in order.
 */
int store_load(struct store *s, const char *unit, struct record *rec, char **cause);

/*
 * Save one value (NULL or "" = blank, which deletes it) of field `field` of
 * rec->form, in row `row` for a group field; creates the submission on first
 * write, bumps its revision and updates rec (value, uuid, revision, updated).
 * For a group field the row must exist. One BEGIN IMMEDIATE transaction.
 * The caller has checked the value (check.h).
 */
int store_set(struct store *s, const char *unit, struct record *rec, int field, int row,
	      const char *value, char **cause);

/* Append a blank row to a group / delete a row (later rows move up) / swap a row
 * with its neighbour (dir -1 or +1). Each is one transaction that bumps the
 * revision and updates rec the same way. */
int store_row_add(struct store *s, const char *unit, struct record *rec, int group,
		  char **cause);
int store_row_delete(struct store *s, const char *unit, struct record *rec, int group,
		     int row, char **cause);
int store_row_move(struct store *s, const char *unit, struct record *rec, int group,
		   int row, int dir, char **cause);

/* What was sent of one form (store_export.c). */
struct store_export {
	int exported;		/* any export of this unit's form at all */
	long revision;		/* the last export's revision */
	time_t at;		/* and its time */
	time_t first_at;	/* when the asked revision was first exported, or 0 */
};

/* The export state of unit's form f (its submission: a form never saved was never
 * exported), and the first export time of revision (so that exporting an unchanged form
 * again gives the same files). A database without the exports table, or older than
 * version 4 and opened read-only, reads as never exported. */
int store_export_state(struct store *s, const char *unit, const struct form *f, long revision,
		       struct store_export *out, char **cause);

/* Record the n files of one export (format "txt", "csv" or "xlsx", full path) at time
 * at, for revision of the submission of unit's form f; one transaction. It also records
 * on a STORE_READONLY handle of a file that can be written while another copy holds
 * the lock (the screens): an export's record changes no value that copy keeps in
 * memory, and its screens read the exports table afresh each time they draw. */
int store_export_add(struct store *s, const char *unit, const struct form *f, long revision,
		     time_t at, const char *const *formats, const char *const *paths, int n,
		     char **cause);

/* Every file path recorded for the exports of unit's form f, oldest first (*n may be 0);
 * the caller frees each and the array. After a rename the older ones bear the old name. */
int store_export_paths(struct store *s, const char *unit, const struct form *f, char ***paths,
		       int *n, char **cause);

/* PRAGMA integrity_check and foreign_key_check over the whole file (tianbiao check-db);
 * 0 when both say it is sound, -1 with *cause (naming the newest backup) otherwise. */
int store_integrity(struct store *s, char **cause);

/*
 * Backups, kept beside the database as PATH.bak1 (the newest) to PATH.bak3, mode 0600:
 * a writer that changed something writes one when it closes (store_close), and
 * store_backup writes one when the database changed since the newest (call it before an
 * export). Each is a whole database, read row by row, so a damaged file gives none.
 */
struct store_backup {
	int number;		/* 1 is the newest */
	char *path;
	time_t made;		/* when it was written */
	long long size;		/* bytes */
};

int store_backup(struct store *s, char **cause);

/* The backups of the database at path, newest first (*n may be 0). Free the list with
 * store_backup_list_free. */
int store_backup_list(const char *path, struct store_backup **list, int *n, char **cause);
void store_backup_list_free(struct store_backup *list, int n);

/*
 * Put the backup (or any database of ours) at from in place of the database at path,
 * after checking it whole. The database there, with its -wal and -shm, is renamed to
 * PATH.before-restore-YYYYMMDD-HHMMSS (never deleted); *kept gets that name (malloc'd,
 * NULL when there was no database). Refused while another copy of tianbiao has the
 * database open.
 */
int store_restore(const char *path, const char *from, char **kept, char **cause);

#endif
