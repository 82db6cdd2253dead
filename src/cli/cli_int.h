/*
 * cli_int.h - what the command files of src/cli/ share (private to src/cli/).
 *
 * cli.c parses the global options, resolves the forms, the store and the unit as a
 * command's table entry asks, then calls the command. Each command file (cmd_unit.c,
 * and the district's commands beside it) exports one table of its commands, ended by
 * an entry with a NULL name; cli.c lists those tables in cli_tables[].
 */
#ifndef TB_CLI_INT_H
#define TB_CLI_INT_H

#include "../core/export.h"
#include "../core/form.h"
#include "../core/totals.h"
#include "../store/store.h"

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* What the global options and environment say, and what was opened for the command. */
struct cli {
	const char *db;		/* --db, else NULL for store_default_path() */
	const char *forms_dir;	/* --forms, else NULL to search */
	const char *unit;	/* --unit */
	int year;		/* --year, else 0: the latest campaign year of the forms */
	char *db_path;		/* resolved */
	struct store *store;
	struct form **forms;
	int nforms;
	char *unit_name;	/* resolved unit: --unit, else the stored one, else NULL */
};

/* What a command needs opened before it runs. */
enum cli_needs {
	CLI_NOTHING,	/* not even the forms (check reads the files it is given) */
	CLI_FORMS,	/* the forms only */
	CLI_STORE_RO,	/* forms, the store read-only (no write lock), the unit */
	CLI_STORE_RW,	/* forms, the store for writing, the unit (--unit remembered) */
};

/* One command: its name, what it needs, its lines in --help, and the function. */
struct cli_cmd {
	const char *name;
	enum cli_needs needs;
	const char *usage;	/* whole lines, each "  tianbiao ...\n" */
	int (*run)(struct cli *c, int argc, char **argv);
};

/* The command tables (cmd_*.c). */
extern const struct cli_cmd cli_unit_cmds[];
extern const struct cli_cmd cli_district_cmds[];
extern const struct cli_cmd cli_totals_cmds[];

/* The unit `get` shows: on a district's database, --unit may name a roster unit or one of
 * its aliases (*owned is then the malloc'd roster name); else cli_unit_key. */
const char *cli_get_unit(struct cli *c, char **owned);
extern const struct cli_cmd cli_store_cmds[];

/* Print "tianbiao: MESSAGE" on stderr; returns EXIT_REFUSED. */
int cli_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage message with the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *what);

/* The form with this id, or NULL. */
struct form *cli_find_form(struct cli *c, const char *id);

/* The form with this id, or NULL after saying so and listing the forms there are. */
struct form *cli_need_form(struct cli *c, const char *id);

/* The unit under which values are kept: "" while the database has no unit yet. */
const char *cli_unit_key(const struct cli *c);

/* Load the forms (--forms, TIANBIAO_FORMS, the user's directory, beside the program,
 * the share directory): 0, or -1 after saying there are none. */
int cli_load_forms(struct cli *c);

/* The directory `forms install` writes to: --forms, else TIANBIAO_FORMS, else the
 * user's data directory (~/.local/share/tianbiao/forms), which is read first. malloc'd. */
char *cli_user_forms_dir(const struct cli *c);

/* Warn (stderr, FILE:LINE: 提醒：…) about from= fields of f whose form or field is not
 * among forms; among says where they were looked for ("这次检查的文件里"). */
void cli_check_from(const struct form *f, struct form *const *forms, int n, const char *among);

/* tianbiao forms install FILE... (cmd_forms.c). */
int cli_forms_install(struct cli *c, int argc, char **argv);

/* A backup of the database before an export, when it changed since the newest one
 * (cmd_store.c). */
void cli_backup_before_export(struct cli *c);

/* The district's report one level up of t, kept through the writer w and exported with its
 * 汇总说明 (district_report_send) into dir, or with dir NULL into file ("-": standard
 * output), saying what was written; for `totals --report` and `export` of the district's
 * own copy of a reported form alike (cmd_totals.c). An exit status. */
int cli_report(struct cli *c, struct store *w, const struct totals *t, const struct record *own,
	       int formats, enum export_encoding enc, const char *dir, const char *file);

#endif
