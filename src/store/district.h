/*
 * district.h - the district office's side of the store: the roster of units it expects,
 * every file it receives, what each file meant, and the conflicts it must settle.
 *
 * The district runs the same program on its own database (the same schema). Each unit's
 * file is read by the core (import.h) and its candidate submission is filed here in one
 * of seven outcomes, decided by (unit, form id, campaign year), submission id and
 * revision:
 *   new       the first copy of that slot;
 *   same      重复，无变化: the same bytes again, or the same submission, revision and
 *             values (a copy already received, whatever it became);
 *   newer     a higher revision of the same submission: it becomes the current copy and
 *             the one before is kept as history;
 *   older     a lower revision: kept as history, changes nothing;
 *   conflict  another submission id for a slot that has one, or the same id and revision
 *             with other values: held, never summed and never first- or last-wins, until
 *             district_resolve settles it (logged);
 *   held      a unit name that is neither on the roster nor an alias: kept until the
 *             name is added or aliased, then applied by itself;
 *   refused   not a usable file (the core's reason).
 * Every file is kept byte for byte (up to IMPORT_MAX_BYTES) with its name, size,
 * SHA-256, encoding, separator, time of import and outcome. The current copy of a slot
 * lives in submissions/vals like a unit's own, so store_load and every query of a unit's
 * database work on it unchanged.
 *
 * Writes: district_import_begin opens one transaction for many files; each file then
 * goes in its own savepoint (all or nothing), and district_import_commit makes them
 * durable together, so that 10,000 files do not cost 10,000 fsyncs. The other writing
 * calls are their own transaction. Errors are -1 with a malloc'd Chinese *cause.
 */
#ifndef TB_DISTRICT_H
#define TB_DISTRICT_H

#include <stddef.h>

#include "../core/form.h"
#include "../core/import.h"
#include "../core/record.h"
#include "store.h"

/* ---- the roster ----------------------------------------------------------------------- */

/* One unit the district expects in a campaign year. */
struct district_member {
	char *name;
	int pos;		/* 1, 2, 3 … in the district's order */
	char **aliases;		/* names in files that mean this unit */
	int naliases;
};

/* The roster of a year in order. Free with district_members_free. */
int district_roster(struct store *s, int year, struct district_member **out, int *n,
		    char **cause);
void district_members_free(struct district_member *m, int n);

/* What a roster change did to the files held for unknown names. */
struct district_applied {
	char *file;		/* the file's name as received */
	char *line;		/* its outcome now (district_outcome.line) */
};
void district_applied_free(struct district_applied *a, int n);

/*
 * Add units at the end of the year's roster, in the order given; a name already on it
 * is left where it is and said in *notes (one Chinese line each, malloc'd, may be NULL).
 * Files held for these names are then applied (*applied, *napplied).
 */
int district_roster_add(struct store *s, int year, char *const *names, int nnames,
			struct form *const *forms, int nforms, char **notes,
			struct district_applied **applied, int *napplied, char **cause);
/* Take units off the year's roster (what they sent stays in the database). */
int district_roster_remove(struct store *s, int year, char *const *names, int nnames,
			   char **cause);
/* Move a unit to position pos (1 = first; beyond the end = last). */
int district_roster_move(struct store *s, int year, const char *name, int pos, char **cause);
/*
 * Let files naming `name` count for roster unit `unit` from now on (any year); files held
 * for that name are applied. Refused when unit is not on the roster, or when name is a
 * roster unit itself or already an alias of another unit.
 */
int district_alias(struct store *s, int year, const char *name, const char *unit,
		   struct form *const *forms, int nforms, struct district_applied **applied,
		   int *napplied, char **cause);

/*
 * The contact person and phone the roster keeps for a unit (for one that has not sent its
 * liaison form): *person and *phone malloc'd, or NULL when not given, when unit is not on
 * the year's roster, or on an older database opened read-only.
 */
int district_contact(struct store *s, int year, const char *unit, char **person, char **phone,
		     char **cause);
/* The same as a listing shows it, "张三 13800000000（名单）" (remind_roster_contact),
 * malloc'd; NULL when there is none or it cannot be read (a listing goes on without it). */
char *district_contact_text(struct store *s, int year, const char *unit);
/* One unit's contact to keep: unit is a roster name or an alias; a NULL person or phone
 * leaves the one kept, "" takes it away. Values are stored as given. */
struct district_contact {
	const char *unit, *person, *phone;
};
/* Keep the contacts of n units, all or none (a unit not on the year's roster refuses
 * them); *changed counts the units whose contact changed. */
int district_contact_set(struct store *s, int year, const struct district_contact *c, int n,
			 int *changed, char **cause);

/* The roster unit a name in a file means this year (the name itself, or through an alias),
 * malloc'd; NULL when none. */
int district_unit_of(struct store *s, int year, const char *name, char **unit, char **cause);

/* ---- importing files ------------------------------------------------------------------ */

enum district_result {
	DR_NEW,
	DR_SAME,
	DR_NEWER,
	DR_OLDER,
	DR_CONFLICT,
	DR_HELD,
	DR_REFUSED
};

/* The short names stored and listed: new same newer older conflict held refused. */
const char *district_result_name(enum district_result r);
/* The Chinese words for lists: 新收到 重复，无变化 已更新 较旧 有冲突 不在名单中 拒收. */
const char *district_result_words(enum district_result r);

/* What one file meant. */
struct district_outcome {
	enum district_result result;
	char *line;		/* one Chinese sentence: what happened, and what to do if anything */
	char *unit;		/* the roster unit, or NULL (held, refused) */
	char *form_id;		/* or NULL */
	long revision;
	int nhard, nsoft;	/* problems of the copy it brought */
};
void district_outcome_free(struct district_outcome *o);

/* One transaction for a batch of files; commit makes them all durable, rollback (a dry
 * run) leaves the database as it was. */
int district_import_begin(struct store *s, char **cause);
int district_import_commit(struct store *s, char **cause);
void district_import_rollback(struct store *s);

/*
 * File one received file (its name as received and its bytes) inside the batch, in a
 * savepoint of its own: on an error nothing of it stays and *cause says why (the batch
 * goes on). year is the campaign year; forms are the district's. *out is filled.
 */
int district_import(struct store *s, int year, const char *name, const void *bytes,
		    size_t len, struct form *const *forms, int nforms,
		    struct district_outcome *out, char **cause);

/* ---- what was received ----------------------------------------------------------------- */

/* One file received (one line of `tianbiao imports`). */
struct district_receipt {
	long id;
	char *name;
	char received[40];	/* ISO 8601 */
	enum district_result result;
	char *line;		/* the outcome as said (updated when a held file was applied) */
	long size;
	char sha256[65];
	char *encoding;
	char sep;		/* ',', ';', '\t' or 0 */
	char *unit_name;	/* 填报单位 as written, or NULL */
	char *unit;		/* the roster unit it went to, or NULL */
	char *form_id;		/* or NULL */
	long revision;		/* 0 when unknown */
};

/* Every file received, oldest first. Free with district_receipts_free. */
int district_receipts(struct store *s, struct district_receipt **out, int *n, char **cause);
void district_receipts_free(struct district_receipt *r, int n);

/* The bytes of a received file as kept (malloc'd; *len 0 and NULL when not kept). */
int district_receipt_bytes(struct store *s, long id, char **bytes, size_t *len, char **cause);

/* ---- status --------------------------------------------------------------------------- */

/* One unit's copy of one form. */
struct district_slot {
	int reported;		/* has a current copy */
	long revision;
	char received[40];	/* when the current copy's file came (or "" when entered here) */
	char *file;		/* its file's name, or NULL */
	char *updated;		/* the unit's 修改时间, or NULL */
	int nhard, nsoft;	/* problems of the current copy */
	int conflicts;		/* held copies for this slot */
	int edited;		/* of them, with the current id and revision (edited after export) */
};

/* One roster unit and its slots, one per form asked for. */
struct district_unit {
	char *name;
	int pos;
	struct district_slot *slots;
	int nslots;
};

/*
 * The roster of the year in order, each unit with its slot of every form in forms
 * (forms[i]->id, in that order). Free with district_units_free.
 */
int district_status(struct store *s, int year, struct form *const *forms, int nforms,
		    struct district_unit **out, int *n, char **cause);
void district_units_free(struct district_unit *u, int n);

/* A file held for a name not on the roster. */
struct district_held {
	long receipt;
	char *unit_name;	/* the name in the file */
	char *file;
	char *form_id;
	char received[40];
};
int district_held_files(struct store *s, struct district_held **out, int *n, char **cause);
void district_held_free(struct district_held *h, int n);

/*
 * Call fn for every unit of the year's roster, in order, with its current copy of form f
 * as a record (NULL when it has none) and the number of copies held against it in a
 * conflict (a total must not count a unit with conflicts > 0), for lists and totals that
 * need the values. rec is only valid during the call. fn returns 0 to go on, non-zero to
 * stop.
 */
int district_each(struct store *s, int year, const struct form *f,
		  int (*fn)(void *ctx, const char *unit, int pos, const struct record *rec,
			    int conflicts),
		  void *ctx, char **cause);

/* One problem of a unit's current copy (hard and soft ones, then notes on the file). */
struct district_problem {
	char level;		/* 'h' hard (not taken), 's' soft, 'n' a note on the file */
	char *field;		/* field id, or NULL */
	int row;
	char *found;
	char *message;
};
int district_problems(struct store *s, int year, const char *unit, const char *form_id,
		      struct district_problem **out, int *n, char **cause);
void district_problems_free(struct district_problem *p, int n);

/* ---- conflicts ------------------------------------------------------------------------ */

/* One held conflict: the current copy of a slot and a copy held against it. */
struct district_conflict {
	long held;		/* the held copy's id */
	char *unit;
	const struct form *form;
	int edited;		/* same id and revision, other values (edited after export) */
	char cur_uuid[33], new_uuid[33];
	long cur_revision, new_revision;
	char *cur_file, *new_file;	/* or NULL */
	char cur_received[40], new_received[40];
	struct record *cur, *new_;	/* the two copies' values */
};

/* Every held conflict, by roster order then form; forms are needed to read the values
 * (a conflict of a form the district no longer has is skipped). */
int district_conflicts(struct store *s, int year, struct form *const *forms, int nforms,
		       struct district_conflict **out, int *n, char **cause);
void district_conflicts_free(struct district_conflict *c, int n);

/*
 * Settle the conflicts of one slot: keep_new makes the latest held copy current (the copy
 * it replaces is set aside, not deleted) and sets the other held copies aside too;
 * otherwise every held copy is set aside. Logged in the decisions. *line says what was
 * done (malloc'd). Refused with a clear message when the slot has no conflict.
 */
int district_resolve(struct store *s, int year, const char *unit, const struct form *f,
		     int keep_new, char **line, char **cause);

/* One entry of the decision log. */
struct district_decision {
	char at[40];
	char *action;
	char *detail;
};
int district_decisions(struct store *s, struct district_decision **out, int *n, char **cause);
void district_decisions_free(struct district_decision *d, int n);

/* Does the database hold a roster or received files (a district's database)? */
int district_active(struct store *s, int *active, char **cause);

#endif
