/* cli.c - options, the command table and dispatch, shared helpers (contract in cli.h). */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/fileio.h"
#include "../core/util.h"
#include "../ui/tui.h"
#include "cli_int.h"

/* Every command table, in the order of --help. A new command file adds its table here. */
static const struct cli_cmd *const cli_tables[] = {
	cli_unit_cmds,
	cli_store_cmds,
	cli_district_cmds,
	cli_totals_cmds,
};

static const char usage_head[] =
	"用法 (usage):\n"
	"  tianbiao [--db 文件] [--forms 目录] [--unit 单位名称]      打开填表界面\n";

static const char usage_tail[] =
	"  tianbiao --help | --version\n"
	"\n"
	"选项 (options, before the command):\n"
	"  --db 文件      数据库文件（默认 $TIANBIAO_DB，或 ~/.local/share/tianbiao/tianbiao.db）\n"
	"  --forms 目录   表单文件目录（默认 $TIANBIAO_FORMS、~/.local/share/tianbiao/forms、\n"
	"                 程序旁的 forms/、安装目录 share/tianbiao/forms）\n"
	"  --unit 名称    填报单位名称（第一次使用时记入数据库）\n"
	"  --year 年份    活动年度（默认表单目录里最新的一年；以前年度的表照样能看、能导出）\n"
	"\n"
	"退出码 (exit status): 0 完成; 1 输入被拒绝（原因见错误输出）; 2 用法错误。\n";

/* --help: the head, every command's lines from the tables, the options. */
static void cli_print_usage(void)
{
	fputs(usage_head, stdout);
	for (size_t t = 0; t < sizeof cli_tables / sizeof cli_tables[0]; t++)
		for (const struct cli_cmd *k = cli_tables[t]; k->name != NULL; k++)
			fputs(k->usage, stdout);
	fputs(usage_tail, stdout);
}

/* The command named name in the tables, or NULL. */
static const struct cli_cmd *cli_lookup(const char *name)
{
	for (size_t t = 0; t < sizeof cli_tables / sizeof cli_tables[0]; t++)
		for (const struct cli_cmd *k = cli_tables[t]; k->name != NULL; k++)
			if (strcmp(k->name, name) == 0)
				return k;
	return NULL;
}

/* Print a refusal on stderr and give the exit status for it. */
int cli_refuse(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("tianbiao: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_REFUSED;
}

/* A usage mistake says what is wrong and where the usage is. */
int cli_usage_error(const char *what)
{
	fprintf(stderr, "tianbiao: %s\n运行 tianbiao --help 查看用法。\n", what);
	return EXIT_USAGE;
}

/* A forms directory relative to the executable's directory: "forms" for a source
 * checkout, "../share/tianbiao/forms" for an installed copy under any PREFIX. */
static char *forms_dir_beside_exe(const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return xasprintf("%s/%s", exe, rel);
}

/* Load the forms of dir into c; returns how many parsed (0 when none or no dir). */
static int cli_try_forms(struct cli *c, const char *dir, int report)
{
	char *cause = NULL;

	c->nforms = form_load_dir(dir, &c->forms, &cause);
	if (cause != NULL && (report || c->nforms > 0))
		fprintf(stderr, "%s\n", cause);
	free(cause);
	if (c->nforms == 0) {
		form_list_free(c->forms, 0);
		c->forms = NULL;
	}
	return c->nforms;
}

/* Where forms install writes: the directory the forms are read from when one is named. */
char *cli_user_forms_dir(const struct cli *c)
{
	const struct config *cf = config_get();

	if (c->forms_dir != NULL)
		return xstrdup(c->forms_dir);
	return xstrdup(cf->forms != NULL ? cf->forms : cf->user_forms);
}

/*
 * The first directory with usable form files, in this order: --forms, TIANBIAO_FORMS,
 * the user's data directory (config.h), beside the program (a source checkout), the
 * share directory beside the program's bin/, the compiled-in share directory. A
 * directory named explicitly is the only one tried.
 */
int cli_load_forms(struct cli *c)
{
	const char *env = config_get()->forms;
	char *cand[4];
	int found = 0;

	if (c->forms_dir != NULL || env != NULL) {
		const char *dir = c->forms_dir != NULL ? c->forms_dir : env;

		if (cli_try_forms(c, dir, 1) > 0)
			return 0;
		cli_refuse("在 %s 中没有找到可用的表单文件（*.form）。请检查目录名，或用 --forms 目录 指定表单所在的目录。",
		       dir);
		return -1;
	}
	cand[0] = xstrdup(config_get()->user_forms);
	cand[1] = forms_dir_beside_exe("forms");
	cand[2] = forms_dir_beside_exe("../share/tianbiao/forms");
	cand[3] = xstrdup(TB_FORMSDIR);
	for (int i = 0; i < 4 && !found; i++)
		found = cand[i] != NULL && cli_try_forms(c, cand[i], 0) > 0;
	if (!found)
		cli_refuse("没有找到可用的表单文件（*.form）。找过：%s、%s、%s。请用 --forms 目录 指定表单所在的目录。",
		       cand[0], cand[1] ? cand[1] : "-", cand[3]);
	for (int i = 0; i < 4; i++)
		free(cand[i]);
	return found ? 0 : -1;
}

/* Does the directory that would hold path exist? */
static int cli_dir_exists(const char *path)
{
	char *dir = fileio_dirname(path);
	struct stat st;
	int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);

	free(dir);
	return ok;
}

/* Open the database (creating its directory only for the default location). */
static int cli_open_store(struct cli *c, int flags)
{
	char *cause = NULL;

	if (c->db != NULL) {
		c->db_path = xstrdup(c->db);
	} else {
		c->db_path = store_default_path();
		if (!config_get()->db_named) {
			char *dir = fileio_dirname(c->db_path);

			if (fileio_mkdirs(dir, &cause) != 0) {
				cli_refuse("%s", cause);
				free(cause);
				free(dir);
				return -1;
			}
			free(dir);
		}
	}
	/*
	 * Reading a database that does not exist yet shows blank forms, creating nothing;
	 * but a --db FILE that is not there (a mistyped name) or a missing directory gets
	 * the store's message, so that blank forms are never shown or exported by mistake.
	 */
	if ((flags & STORE_READONLY) && c->db == NULL && access(c->db_path, F_OK) != 0 &&
	    errno == ENOENT && cli_dir_exists(c->db_path))
		c->store = store_open(":memory:", STORE_CREATE, &cause);
	else
		c->store = store_open(c->db_path, flags, &cause);
	if (c->store == NULL) {
		cli_refuse("%s", cause ? cause : "无法打开数据库");
		free(cause);
		return -1;
	}
	return 0;
}

/* The unit: --unit (remembered when the database has none yet), else the stored one. */
static int cli_resolve_unit(struct cli *c, int remember)
{
	char *stored = NULL, *cause = NULL;

	if (store_unit_get(c->store, &stored, &cause) != 0) {
		cli_refuse("%s", cause);
		free(cause);
		return -1;
	}
	if (c->unit != NULL && !str_blank(c->unit)) {
		char *u = str_trim(xstrdup(c->unit));

		if (stored == NULL && remember && store_unit_set(c->store, u, &cause) != 0) {
			cli_refuse("%s", cause);
			free(cause);
			free(u);
			return -1;
		}
		free(stored);
		c->unit_name = u;
		return 0;
	}
	c->unit_name = stored;
	return 0;
}

/* Forms are few; a linear search by id is all it takes. */
struct form *cli_find_form(struct cli *c, const char *id)
{
	for (int i = 0; i < c->nforms; i++)
		if (strcmp(c->forms[i]->id, id) == 0)
			return c->forms[i];
	return NULL;
}

/* Name the forms there are, after a form id that is not one of them. */
static void cli_list_form_ids(struct cli *c)
{
	fputs("可用的表单：", stderr);
	for (int i = 0; i < c->nforms; i++)
		fprintf(stderr, "%s%s（%s %s）", i ? "、" : "", c->forms[i]->id,
			c->forms[i]->attachment, c->forms[i]->name);
	fputc('\n', stderr);
}

/* The unit under which values are kept: "" while the database has no unit yet. */
const char *cli_unit_key(const struct cli *c)
{
	return c->unit_name != NULL ? c->unit_name : "";
}

/* A form id from the command line that names no form is refused with the list of forms. */
struct form *cli_need_form(struct cli *c, const char *id)
{
	struct form *f = cli_find_form(c, id);

	if (f == NULL) {
		cli_refuse("没有编号为“%s”的表单。", id);
		cli_list_form_ids(c);
	}
	return f;
}

/* The latest campaign year among the forms to fill in (a page to read alone does not
 * make a campaign), else among all; 0 when there are none. */
static int latest_year(const struct cli *c)
{
	int y = 0, any = 0;

	for (int i = 0; i < c->nforms; i++) {
		if (!c->forms[i]->reading && c->forms[i]->year > y)
			y = c->forms[i]->year;
		if (c->forms[i]->year > any)
			any = c->forms[i]->year;
	}
	return y != 0 ? y : any;
}

/* A command works on one campaign: --year, else the latest; the forms of the other years
 * are set aside (freed). 0, or -1 after saying that year has none. */
static int cli_pick_year(struct cli *c)
{
	int year = c->year != 0 ? c->year : latest_year(c), n = 0;
	struct strbuf years = STRBUF_INIT;

	for (int y = 2000; y <= 2100; y++)	/* the years there are, oldest first */
		for (int i = 0; i < c->nforms; i++)
			if (c->forms[i]->year == y) {
				strbuf_addf(&years, "%s%d", years.len > 0 ? "、" : "", y);
				break;
			}
	for (int i = 0; i < c->nforms; i++) {
		if (c->forms[i]->year == year)
			c->forms[n++] = c->forms[i];
		else
			form_free(c->forms[i]);
	}
	c->nforms = n;
	if (n == 0) {
		cli_refuse("没有 %d 年的表单（表单目录里有 %s 年的）。请检查 --year。", year,
			   strbuf_str(&years));
		strbuf_free(&years);
		return -1;
	}
	strbuf_free(&years);
	c->year = year;
	return 0;
}

/* Close and free what the command needed. */
static void cli_free(struct cli *c)
{
	form_list_free(c->forms, c->nforms);
	if (c->store != NULL)
		store_close(c->store);
	free(c->db_path);
	free(c->unit_name);
}

/* No command: open the screens on the store, the forms and the unit. */
static int cmd_tui(struct cli *c)
{
	struct tui_args ta = { 0 };

	ta.store = c->store;
	ta.db_path = c->db_path;
	ta.forms = c->forms;
	ta.nforms = c->nforms;
	ta.unit = c->unit;
	ta.year = c->year;
	ta.outbox = config_get()->outbox_named;
	return tui_run(&ta);
}

/* Global options, then the command from the tables with what it needs opened. */
int cli_main(int argc, char **argv)
{
	struct cli c = { 0 };
	const struct cli_cmd *cmd = NULL;
	enum cli_needs needs = CLI_STORE_RW;
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_print_usage();
			return EXIT_OK;
		} else if (strcmp(arg, "--version") == 0) {
			printf("tianbiao %s\n", TB_VERSION);
			return EXIT_OK;
		} else if (strcmp(arg, "--year") == 0) {
			char *end;
			long y = val != NULL ? strtol(val, &end, 10) : 0;

			if (val == NULL || *end != '\0' || y < 2000 || y > 2100)
				return cli_usage_error("--year 后面应是四位的年份，例如 --year 2021。");
			c.year = (int)y;
			i++;
		} else if (strcmp(arg, "--db") == 0 || strcmp(arg, "--forms") == 0 ||
			   strcmp(arg, "--unit") == 0) {
			if (val == NULL)
				return cli_usage_error("选项后面缺少它的值。");
			if (arg[2] == 'd')
				c.db = val;
			else if (arg[2] == 'f')
				c.forms_dir = val;
			else
				c.unit = val;
			i++;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return cli_usage_error("不认识的选项。");
		} else {
			break;
		}
	}
	if (i < argc) {
		cmd = cli_lookup(argv[i++]);
		if (cmd == NULL)
			return cli_usage_error("不认识的命令。");
		needs = cmd->needs;
	}
	if (needs == CLI_NOTHING)
		return cmd->run(&c, argc - i, argv + i);

	/* A command works on one campaign year; the screens get every year (a year switch). */
	if (cli_load_forms(&c) != 0 || ((cmd != NULL || c.year != 0) && cli_pick_year(&c) != 0)) {
		cli_free(&c);
		return EXIT_REFUSED;
	}
	/* Reading commands take no write lock, so they work beside an open screen. */
	if (needs != CLI_FORMS &&
	    (cli_open_store(&c, needs == CLI_STORE_RO ? STORE_READONLY : STORE_CREATE) != 0 ||
	     cli_resolve_unit(&c, needs == CLI_STORE_RW) != 0)) {
		cli_free(&c);
		return EXIT_REFUSED;
	}
	rc = cmd != NULL ? cmd->run(&c, argc - i, argv + i) : cmd_tui(&c);
	cli_free(&c);
	return rc;
}
