/*
 * config.h - everything tianbiao takes from its environment, resolved in one place.
 *
 * config_load() reads the environment once (main calls it first); config_get() gives
 * the result, read-only, to every layer (loading it on first use, so that a test program
 * needs no set-up). Nothing else in the program calls getenv. The command line's
 * --db and --forms come first; then, in order:
 *
 *   database  TIANBIAO_DB, else $XDG_DATA_HOME/tianbiao/tianbiao.db, else
 *             ~/.local/share/tianbiao/tianbiao.db
 *   forms     TIANBIAO_FORMS, else $XDG_DATA_HOME/tianbiao/forms, else
 *             ~/.local/share/tianbiao/forms (then beside the program, the share directory)
 *   outbox    TIANBIAO_OUTBOX, else ~/填表导出
 *   inbox     TIANBIAO_INBOX, else ~/填表收件
 *   today     TIANBIAO_TODAY (YYYY-MM-DD, a real day), else the clock
 *
 * An empty variable counts as unset. XDG_DATA_HOME counts only when it is an absolute
 * path, as the XDG base directory rules say. ~ is $HOME, else the password entry's home.
 */
#ifndef TB_CONFIG_H
#define TB_CONFIG_H

struct config {
	const char *home;	/* $HOME, else the password entry's home; NULL when neither */
	const char *data_dir;	/* where the user's database and forms live (…/tianbiao) */
	const char *db;		/* the database file */
	int db_named;		/* db is TIANBIAO_DB: its directory is not made for it */
	const char *forms;	/* TIANBIAO_FORMS, or NULL: the directories are searched */
	const char *user_forms;	/* data_dir/forms: searched first; forms install writes it */
	const char *outbox;	/* the exports' folder */
	const char *outbox_named;	/* TIANBIAO_OUTBOX, or NULL */
	const char *inbox;	/* the district's folder of received files */
	const char *tmpdir;	/* $TMPDIR, or NULL */
	char today[11];		/* TIANBIAO_TODAY when it is a day, else "" (the clock) */
	/* For tests and the benchmarks (docs/testing.md): */
	const char *script;	/* TIANBIAO_SCRIPT: keys read from this file, or NULL */
	const char *trace;	/* TIANBIAO_TRACE: every change logged to this file, or NULL */
	int no_display;		/* TIANBIAO_NO_DISPLAY=1: the screens drawn nowhere */
	long import_pace_ms;	/* TIANBIAO_IMPORT_PACE_MS: the import page's pause per file */
	int import_batch;	/* TIANBIAO_IMPORT_BATCH: files per import transaction, 0 default */
	/* The terminal's: */
	int no_color;		/* NO_COLOR is set */
	const char *term;	/* $TERM, or NULL */
	int locale_set;		/* LC_ALL, LC_CTYPE or LANG is set (else C.UTF-8 is tried) */
};

/* Read the environment (again: what an earlier call gave is freed). */
void config_load(void);
/* The configuration, loaded on first use; never NULL. */
const struct config *config_get(void);

#endif
