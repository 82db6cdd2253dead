/*
 * tui.h - the screens (ncurses + libformw), on top of the core and the store.
 *
 * tui_run takes over the terminal until the user quits (F10), the key script
 * ends (TIANBIAO_SCRIPT), or SIGHUP/SIGTERM arrive; it always restores the
 * terminal before it returns, also on errors. What the user types is saved when
 * a field is left and after one second without a key, each in its own
 * transaction (store.h).
 *
 * Environment: TIANBIAO_SCRIPT=FILE takes keys from FILE instead of the
 * keyboard (syntax in docs/testing.md); TIANBIAO_NO_DISPLAY=1 draws into curses'
 * memory only (newterm on /dev/null). TIANBIAO_TODAY fixes the date.
 */
#ifndef TB_TUI_H
#define TB_TUI_H

#include "../core/form.h"
#include "../store/store.h"

struct tui_args {
	struct store *store;		/* open, writable */
	const char *db_path;		/* for messages */
	struct form **forms;		/* sorted by attachment; borrowed */
	int nforms;
	const char *unit;		/* --unit, or NULL: the stored one, else asked once */
	int year;			/* the campaign shown first; 0: the latest of the forms
					 * (forms may hold several years: the list switches) */
	const char *outbox;		/* export directory, or NULL for export_default_dir() */
};

/* Run the screens; returns the process exit status (0 normal, 1 error). */
int tui_run(const struct tui_args *a);

#endif
