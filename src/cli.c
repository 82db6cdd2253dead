/* cli.c - option parsing and the commands that need no screen (contract in cli.h). */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/check.h"
#include "core/export.h"
#include "core/fileio.h"
#include "core/form.h"
#include "core/record.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/tui.h"

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* What the global options and environment say. */
struct cli {
	const char *db;		/* --db, else NULL for store_default_path() */
	const char *forms_dir;	/* --forms, else NULL to search */
	const char *unit;	/* --unit */
	char *db_path;		/* resolved */
	struct store *store;
	struct form **forms;
	int nforms;
	char *unit_name;	/* resolved unit: --unit, else the stored one, else NULL */
};

static const char usage_text[] =
	"用法 (usage):\n"
	"  tianbiao [--db 文件] [--forms 目录] [--unit 单位名称]      打开填表界面\n"
	"  tianbiao forms                      列出表单：编号、版本、附件、标题、截止日期\n"
	"  tianbiao check 文件...              检查表单文件，错误按 文件:行: 说明 列出\n"
	"  tianbiao set 表单.字段 值            检查并保存一个值（值为空字符串则清空）\n"
	"  tianbiao set 表单.组[N].字段 值      同上，写入重复组的第 N 行（从 1 起）\n"
	"  tianbiao get 表单                   列出表单的每个字段：字段<TAB>值\n"
	"  tianbiao export 表单|--all [--format text|csv|both] [--encoding utf-8|gb18030]\n"
	"                  [--width N] [-o 文件|目录]   导出可发送的文本和 CSV 文件\n"
	"  tianbiao --help | --version\n"
	"\n"
	"选项 (options, before the command):\n"
	"  --db 文件      数据库文件（默认 $TIANBIAO_DB，或 ~/.local/share/tianbiao/tianbiao.db）\n"
	"  --forms 目录   表单文件目录（默认 $TIANBIAO_FORMS、~/.local/share/tianbiao/forms、\n"
	"                 程序旁的 forms/、安装目录 share/tianbiao/forms）\n"
	"  --unit 名称    填报单位名称（第一次使用时记入数据库）\n"
	"\n"
	"退出码 (exit status): 0 完成; 1 输入被拒绝（原因见错误输出）; 2 用法错误。\n";

/* Print a refusal on stderr and give the exit status for it. */
static int refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int refuse(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("tianbiao: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_REFUSED;
}

static int usage_error(const char *what)
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

/*
 * The first directory with usable form files, in this order: --forms, TIANBIAO_FORMS,
 * the user's data directory, beside the program (a source checkout), the share
 * directory beside the program's bin/, the compiled-in share directory. A directory
 * named explicitly is the only one tried.
 */
static int cli_load_forms(struct cli *c)
{
	const char *env = getenv("TIANBIAO_FORMS");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *cand[4];
	int found = 0;

	if (c->forms_dir != NULL || (env != NULL && *env != '\0')) {
		const char *dir = c->forms_dir != NULL ? c->forms_dir : env;

		if (cli_try_forms(c, dir, 1) > 0)
			return 0;
		refuse("在 %s 中没有找到可用的表单文件（*.form）。请检查目录名，或用 --forms 目录 指定表单所在的目录。",
		       dir);
		return -1;
	}
	if (xdg != NULL && *xdg != '\0')
		cand[0] = xasprintf("%s/tianbiao/forms", xdg);
	else
		cand[0] = xasprintf("%s/.local/share/tianbiao/forms", home ? home : ".");
	cand[1] = forms_dir_beside_exe("forms");
	cand[2] = forms_dir_beside_exe("../share/tianbiao/forms");
	cand[3] = xstrdup(TB_FORMSDIR);
	for (int i = 0; i < 4 && !found; i++)
		found = cand[i] != NULL && cli_try_forms(c, cand[i], 0) > 0;
	if (!found)
		refuse("没有找到可用的表单文件（*.form）。找过：%s、%s、%s。请用 --forms 目录 指定表单所在的目录。",
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
		if (getenv("TIANBIAO_DB") == NULL) {
			char *dir = fileio_dirname(c->db_path);

			if (fileio_mkdirs(dir, &cause) != 0) {
				refuse("%s", cause);
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
		refuse("%s", cause ? cause : "无法打开数据库");
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
		refuse("%s", cause);
		free(cause);
		return -1;
	}
	if (c->unit != NULL && !str_blank(c->unit)) {
		char *u = str_trim(xstrdup(c->unit));

		if (stored == NULL && remember && store_unit_set(c->store, u, &cause) != 0) {
			refuse("%s", cause);
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

static struct form *cli_find_form(struct cli *c, const char *id)
{
	for (int i = 0; i < c->nforms; i++)
		if (strcmp(c->forms[i]->id, id) == 0)
			return c->forms[i];
	return NULL;
}

static void cli_list_form_ids(struct cli *c)
{
	fputs("可用的表单：", stderr);
	for (int i = 0; i < c->nforms; i++)
		fprintf(stderr, "%s%s（%s %s）", i ? "、" : "", c->forms[i]->id,
			c->forms[i]->attachment, c->forms[i]->name);
	fputc('\n', stderr);
}

/* The unit under which values are kept: "" while the database has no unit yet. */
static const char *cli_unit_key(const struct cli *c)
{
	return c->unit_name != NULL ? c->unit_name : "";
}

static int cmd_forms(struct cli *c)
{
	for (int i = 0; i < c->nforms; i++) {
		const struct form *f = c->forms[i];

		printf("%s\t%s\t%s\t%s\t%s\n", f->id, f->version, f->attachment, f->title,
		       f->due ? f->due : "");
	}
	return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	int bad = 0;

	if (argc < 1)
		return usage_error("check 需要至少一个表单文件名。");
	for (int i = 0; i < argc; i++) {
		char *cause = NULL;
		struct form *f = form_load(argv[i], &cause);

		if (f == NULL) {
			fprintf(stderr, "%s\n", cause ? cause : argv[i]);
			bad = 1;
		} else {
			printf("%s: 正确（%s %s，%d 个字段）\n", argv[i], f->attachment, f->title,
			       f->nfields);
		}
		free(cause);
		form_free(f);
	}
	return bad ? EXIT_REFUSED : EXIT_OK;
}

/* Parse FORM.FIELD or FORM.GROUP[N].FIELD; row is 0-based, -1 for top level. */
static int cli_parse_path(struct cli *c, const char *path, struct form **fp, int *field, int *row)
{
	char *s = xstrdup(path), *dot = strchr(s, '.'), *rest, *br;
	struct form *f;
	int rc = -1;

	*row = -1;
	if (dot == NULL) {
		refuse("“%s”不是 表单.字段 的写法，例如 liaison.name。", path);
		goto out;
	}
	*dot = '\0';
	rest = dot + 1;
	f = cli_find_form(c, s);
	if (f == NULL) {
		refuse("没有编号为“%s”的表单。", s);
		cli_list_form_ids(c);
		goto out;
	}
	br = strchr(rest, '[');
	if (br != NULL) {
		char *end, *close = strchr(br, ']');
		long n;
		int g;

		*br = '\0';
		g = form_group_index(f, rest);
		if (g < 0) {
			refuse("表单 %s 中没有名为“%s”的重复组。", f->id, rest);
			goto out;
		}
		errno = 0;
		n = strtol(br + 1, &end, 10);
		if (close == NULL || end != close || close[1] != '.' || errno != 0 || n < 1 ||
		    n > f->groups[g].max) {
			refuse("“%s”的行号写法不对：应为 %s[N].字段，N 从 1 到 %d。", path, rest,
			       f->groups[g].max);
			goto out;
		}
		*row = (int)n - 1;
		*field = form_field_index(f, close + 2);
		if (*field < 0 || f->fields[*field].group != g) {
			refuse("重复组 %s 中没有名为“%s”的字段。", rest, close + 2);
			goto out;
		}
	} else {
		*field = form_field_index(f, rest);
		if (*field < 0) {
			refuse("表单 %s 中没有名为“%s”的字段。", f->id, rest);
			goto out;
		}
		if (f->fields[*field].group >= 0) {
			const struct form_group *g = &f->groups[f->fields[*field].group];

			refuse("字段 %s 属于重复组 %s，请写成 %s.%s[N].%s。", rest, g->id, f->id, g->id,
			       rest);
			goto out;
		}
	}
	*fp = f;
	rc = 0;
out:
	free(s);
	return rc;
}

static int cmd_set(struct cli *c, int argc, char **argv)
{
	struct form *f = NULL;
	struct record *rec = NULL;
	struct check_result res = { 0 };
	char *cause = NULL;
	int field, row, rc = EXIT_REFUSED;

	if (argc != 2)
		return usage_error("set 需要两个参数：表单.字段 值。");
	if (cli_parse_path(c, argv[0], &f, &field, &row) != 0)
		return EXIT_REFUSED;
	check_value(f, &f->fields[field], argv[1], &res);
	if (res.level == CHECK_HARD) {
		refuse("%s：%s（没有保存）。", f->fields[field].label, res.msg);
		goto out;
	}
	rec = record_new(f);
	if (store_load(c->store, cli_unit_key(c), rec, &cause) != 0)
		goto fail;
	if (row >= 0) {
		int g = f->fields[field].group;

		/* Rows are added one at a time, so no blank rows appear unasked. */
		if (row > rec->nrows[g]) {
			refuse("%s 现在有 %d 项，只能写第 1 到第 %d 项（写第 %d 项就是增加一项）。",
			       f->groups[g].label, rec->nrows[g], rec->nrows[g] + 1,
			       rec->nrows[g] + 1);
			goto out;
		}
		if (row == rec->nrows[g] &&
		    store_row_add(c->store, cli_unit_key(c), rec, g, &cause) != 0)
			goto fail;
	}
	if (store_set(c->store, cli_unit_key(c), rec, field, row, res.value, &cause) != 0)
		goto fail;
	if (res.level == CHECK_SOFT)
		fprintf(stderr, "tianbiao: 已保存，但请注意：%s：%s\n", f->fields[field].label,
			res.msg);
	if (c->unit_name == NULL)
		fprintf(stderr, "tianbiao: 提示：还没有填写本单位名称。请用 --unit 单位名称 指定一次，"
				"或运行 tianbiao 在界面中填写。\n");
	rc = EXIT_OK;
	goto out;
fail:
	refuse("%s", cause ? cause : "保存失败");
out:
	free(cause);
	free(res.value);
	record_free(rec);
	return rc;
}

/* Values go one per line, so line breaks, tabs and backslashes are escaped. */
static void print_escaped(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static int cmd_get(struct cli *c, int argc, char **argv)
{
	struct form *f;
	struct record *rec;
	char *cause = NULL;

	if (argc != 1)
		return usage_error("get 需要一个参数：表单编号。");
	f = cli_find_form(c, argv[0]);
	if (f == NULL) {
		refuse("没有编号为“%s”的表单。", argv[0]);
		cli_list_form_ids(c);
		return EXIT_REFUSED;
	}
	rec = record_new(f);
	if (store_load(c->store, cli_unit_key(c), rec, &cause) != 0) {
		refuse("%s", cause);
		free(cause);
		record_free(rec);
		return EXIT_REFUSED;
	}
	for (int i = 0; i < f->nfields; i++) {
		if (f->fields[i].group >= 0)
			continue;
		printf("%s\t", f->fields[i].id);
		print_escaped(record_get(rec, i, -1));
		putchar('\n');
	}
	for (int g = 0; g < f->ngroups; g++)
		for (int r = 0; r < rec->nrows[g]; r++)
			for (int k = 0; k < f->groups[g].nfields; k++) {
				int fi = f->groups[g].fields[k];

				printf("%s[%d].%s\t", f->groups[g].id, r + 1, f->fields[fi].id);
				print_escaped(record_get(rec, fi, r));
				putchar('\n');
			}
	record_free(rec);
	return EXIT_OK;
}

/* Options of the export command. */
struct export_args {
	const char *form;
	int all;
	struct export_opts o;
	const char *out;
};

static int export_parse(int argc, char **argv, struct export_args *a)
{
	a->o.formats = EXPORT_TEXT | EXPORT_CSV;
	a->o.enc = ENC_UTF8;
	a->o.width = 80;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(arg, "--all") == 0) {
			a->all = 1;
		} else if (strcmp(arg, "--format") == 0 && val != NULL) {
			i++;
			if (strcmp(val, "text") == 0)
				a->o.formats = EXPORT_TEXT;
			else if (strcmp(val, "csv") == 0)
				a->o.formats = EXPORT_CSV;
			else if (strcmp(val, "both") == 0)
				a->o.formats = EXPORT_TEXT | EXPORT_CSV;
			else
				return usage_error("--format 只能是 text、csv 或 both。");
		} else if (strcmp(arg, "--encoding") == 0 && val != NULL) {
			i++;
			if (strcmp(val, "utf-8") == 0 || strcmp(val, "utf8") == 0 ||
			    strcmp(val, "UTF-8") == 0)
				a->o.enc = ENC_UTF8;
			else if (strcmp(val, "gb18030") == 0 || strcmp(val, "GB18030") == 0)
				a->o.enc = ENC_GB18030;
			else
				return usage_error("--encoding 只能是 utf-8 或 gb18030。");
		} else if (strcmp(arg, "--width") == 0 && val != NULL) {
			char *end;
			long w = strtol(val, &end, 10);

			i++;
			if (*end != '\0' || w < 40 || w > 400)
				return usage_error("--width 应为 40 到 400 之间的整数。");
			a->o.width = (int)w;
		} else if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && val != NULL) {
			a->out = val;
			i++;
		} else if (arg[0] == '-') {
			return usage_error("export 不认识这个选项或缺少它的值。");
		} else if (a->form == NULL) {
			a->form = arg;
		} else {
			return usage_error("export 只接受一个表单编号（或 --all）。");
		}
	}
	if ((a->form == NULL) == (a->all == 0))
		return usage_error("export 需要一个表单编号，或 --all。");
	return 0;
}

/* Blank unit and date fields are exported as the screens would fill them (the unit's
 * name, today's date), in memory only: what is stored stays as it is. */
static void export_fill_defaults(const struct cli *c, struct record *rec)
{
	const struct form *f = rec->form;

	for (int i = 0; i < f->nfields; i++) {
		char *val;

		if (f->fields[i].group >= 0 || record_get(rec, i, -1) != NULL)
			continue;
		val = check_default(f, &f->fields[i], c->unit_name);
		record_set(rec, i, -1, val);
		free(val);
	}
}

/* -o FILE: one form, one format; the file is written atomically under that name. */
static int export_to_file(const struct record *rec, const struct export_args *a)
{
	struct strbuf body = STRBUF_INIT, enc = STRBUF_INIT;
	char *cause = NULL;
	int rc = EXIT_OK;

	if (a->o.formats == EXPORT_TEXT)
		export_text(rec, a->o.width, &body);
	else
		export_csv(rec, &body);
	/* The same bytes export_write would write: BOM for UTF-8, CRLF for text. */
	if (export_encode(body.buf, body.len, a->o.enc, a->o.enc == ENC_UTF8,
			  a->o.formats == EXPORT_TEXT, &enc, &cause) != 0 ||
	    fileio_write_atomic(a->out, enc.buf, enc.len, 0644, &cause) != 0)
		rc = refuse("%s", cause);
	else
		printf("%s\n", a->out);
	free(cause);
	strbuf_free(&body);
	strbuf_free(&enc);
	return rc;
}

static int cmd_export(struct cli *c, int argc, char **argv)
{
	struct export_args a = { 0 };
	char *dir = NULL;
	int rc, out_is_file = 0;
	struct stat st;

	rc = export_parse(argc, argv, &a);
	if (rc != 0)
		return rc;
	if (a.form != NULL && cli_find_form(c, a.form) == NULL) {
		refuse("没有编号为“%s”的表单。", a.form);
		cli_list_form_ids(c);
		return EXIT_REFUSED;
	}
	/* -o names a file when it ends in .csv or .txt and is not a directory; else a directory. */
	if (a.out != NULL && !(stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)) &&
	    (str_ends(a.out, ".csv") || str_ends(a.out, ".txt"))) {
		if (a.all || a.o.formats == (EXPORT_TEXT | EXPORT_CSV))
			return usage_error("-o 文件名 只能用于一个表单的一种格式；导出多个文件请用 -o 目录。");
		out_is_file = 1;
	}
	/* Only the default outbox is created; a directory the clerk named must exist. */
	if (a.out != NULL && !out_is_file && !(stat(a.out, &st) == 0 && S_ISDIR(st.st_mode))) {
		if (stat(a.out, &st) == 0)
			return refuse("%s 已经存在，但不是目录。请换一个目录。", a.out);
		return refuse("目录 %s 不存在。请先建好这个目录，或换一个已有的目录。", a.out);
	}
	dir = a.out != NULL ? xstrdup(a.out) : export_default_dir();
	rc = EXIT_OK;
	for (int i = 0; i < c->nforms && rc == EXIT_OK; i++) {
		struct form *f = c->forms[i];
		struct record *rec;
		char *cause = NULL, *paths[2] = { NULL, NULL };
		int n;

		if (!a.all && strcmp(f->id, a.form) != 0)
			continue;
		rec = record_new(f);
		if (store_load(c->store, cli_unit_key(c), rec, &cause) != 0) {
			rc = refuse("%s", cause);
			goto next;
		}
		export_fill_defaults(c, rec);
		if (out_is_file) {
			rc = export_to_file(rec, &a);
		} else if ((n = export_write(rec, dir, &a.o, paths, &cause)) < 0) {
			rc = refuse("%s", cause);
		} else {
			for (int k = 0; k < n; k++) {
				printf("%s\n", paths[k]);
				free(paths[k]);
			}
		}
next:
		free(cause);
		record_free(rec);
	}
	free(dir);
	return rc;
}

static void cli_free(struct cli *c)
{
	form_list_free(c->forms, c->nforms);
	if (c->store != NULL)
		store_close(c->store);
	free(c->db_path);
	free(c->unit_name);
}

static int cmd_tui(struct cli *c)
{
	struct tui_args ta = { 0 };

	ta.store = c->store;
	ta.db_path = c->db_path;
	ta.forms = c->forms;
	ta.nforms = c->nforms;
	ta.unit = c->unit;
	ta.outbox = getenv("TIANBIAO_OUTBOX");
	return tui_run(&ta);
}

int cli_main(int argc, char **argv)
{
	struct cli c = { 0 };
	const char *cmd;
	int i, rc, readonly;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (strcmp(arg, "--version") == 0) {
			printf("tianbiao %s\n", TB_VERSION);
			return EXIT_OK;
		} else if (strcmp(arg, "--db") == 0 || strcmp(arg, "--forms") == 0 ||
			   strcmp(arg, "--unit") == 0) {
			if (val == NULL)
				return usage_error("选项后面缺少它的值。");
			if (arg[2] == 'd')
				c.db = val;
			else if (arg[2] == 'f')
				c.forms_dir = val;
			else
				c.unit = val;
			i++;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage_error("不认识的选项。");
		} else {
			break;
		}
	}
	cmd = i < argc ? argv[i++] : NULL;
	if (cmd != NULL && strcmp(cmd, "check") == 0)
		return cmd_check(argc - i, argv + i);
	if (cmd != NULL && strcmp(cmd, "forms") != 0 && strcmp(cmd, "set") != 0 &&
	    strcmp(cmd, "get") != 0 && strcmp(cmd, "export") != 0)
		return usage_error("不认识的命令。");

	if (cli_load_forms(&c) != 0) {
		cli_free(&c);
		return EXIT_REFUSED;
	}
	if (cmd != NULL && strcmp(cmd, "forms") == 0) {
		rc = cmd_forms(&c);
		cli_free(&c);
		return rc;
	}
	/* Reading commands take no write lock, so they work beside an open screen. */
	readonly = cmd != NULL && (strcmp(cmd, "get") == 0 || strcmp(cmd, "export") == 0);
	if (cli_open_store(&c, readonly ? STORE_READONLY : STORE_CREATE) != 0 ||
	    cli_resolve_unit(&c, !readonly) != 0) {
		cli_free(&c);
		return EXIT_REFUSED;
	}
	if (cmd == NULL)
		rc = cmd_tui(&c);
	else if (strcmp(cmd, "set") == 0)
		rc = cmd_set(&c, argc - i, argv + i);
	else if (strcmp(cmd, "get") == 0)
		rc = cmd_get(&c, argc - i, argv + i);
	else
		rc = cmd_export(&c, argc - i, argv + i);
	cli_free(&c);
	return rc;
}
