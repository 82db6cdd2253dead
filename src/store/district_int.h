/*
 * district_int.h - what the district's store files share (private to src/store/).
 *
 * store_district.c files the received files and keeps the roster; store_dlist.c answers
 * the lists (status, receipts, held files, problems, conflicts) and settles conflicts.
 * Both keep their SQL as constant strings run through store_q (store_int.h).
 */
#ifndef TB_DISTRICT_INT_H
#define TB_DISTRICT_INT_H

#include "district.h"
#include "store_int.h"

/* Step a statement: 1 for a row, 0 when done (then reset), -1 with *cause (then reset). */
int d_step(struct store *s, sqlite3_stmt *st, int writing, char **cause);

/* A write of its own: a transaction, or inside an open one (a batch) a savepoint; commit
 * or roll back what it began. */
int d_write_begin(struct store *s, int *own, char **cause);
int d_write_commit(struct store *s, int own, char **cause);
void d_write_rollback(struct store *s, int own);

/* Bind a text or NULL. */
void d_bind_text(sqlite3_stmt *st, int i, const char *v);

/* A column's text, malloc'd, or NULL when it is NULL. */
char *d_col_text(sqlite3_stmt *st, int col);

/* The id of a unit by name: 1 found, 0 not there (created when create is set: then 1). */
int d_unit_id(struct store *s, const char *name, int create, sqlite3_int64 *id, char **cause);

/* Fill rec (blank, of the copy's form) with a copy's values: from vals when sub > 0 (the
 * current copy lives in its submission), else from copy_vals. */
int d_load_copy(struct store *s, sqlite3_int64 copy, sqlite3_int64 sub, struct record *rec,
		char **cause);

/* Append an entry to the decision log. */
int d_log(struct store *s, const char *action, sqlite3_int64 unit, const char *form_id, int year,
	  sqlite3_int64 kept, sqlite3_int64 dropped, const char *detail, char **cause);

/* Make a copy the current one of its slot: its values (rec's, or when rec is NULL the ones
 * kept in copy_vals) go into the slot's submission (made when missing, with the copy's id
 * and revision); the copy's own stored values go. */
int d_make_current(struct store *s, sqlite3_int64 copy, const struct record *rec,
		   sqlite3_int64 unit, const struct form *f, int year, const char *uuid,
		   long revision, const char *version, const char *updated, char **cause);

/* The same, for a copy row made just now as 'current' (fresh: no values of its own to
 * drop), with the slot's submission id when known (known_sub >= 0; 0 = none yet). */
int d_make_current_sub(struct store *s, sqlite3_int64 copy, const struct record *rec,
		       sqlite3_int64 unit, const struct form *f, int year, const char *uuid,
		       long revision, const char *version, const char *updated, int fresh,
		       sqlite3_int64 known_sub, char **cause);

/* Move the current copy of a slot out of its submission into copy_vals, with a new state
 * ('history' or 'set-aside'). */
int d_retire_current(struct store *s, sqlite3_int64 copy, sqlite3_int64 sub, const char *state,
		     char **cause);

/* The slot's submission id (0 when none). */
int d_slot_sub(struct store *s, sqlite3_int64 unit, const char *form_id, int year,
	       sqlite3_int64 *sub, char **cause);

/* The roster unit a name means this year: the unit itself when on the roster, else through
 * an alias. 1 with *id and *unit (malloc'd), 0 when none, -1 on error. */
int d_resolve_unit(struct store *s, int year, const char *name, sqlite3_int64 *id, char **unit,
		 char **cause);

/* Refuse (-1, *cause) a district call on a database without the district's tables. */
int d_need_tables(struct store *s, char **cause);

/* Does the database have the district's tables (version 2 and on)? */
int d_has_tables(struct store *s, int *has, char **cause);

#endif
