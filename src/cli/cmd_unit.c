/* cmd_unit.c - the unit's commands: forms, check, set, get, export (table at the end). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/check.h"
#include "../core/export.h"
#include "../core/fileio.h"
#include "../core/record.h"
#include "../core/util.h"
#include "../store/district_totals.h"
#include "cli_int.h"

/* List the form files found, every campaign year (id, version, attachment, title, due
 * date, year, and 参阅 for a page to read); `forms install FILE...` installs them. */
static int cmd_forms(struct cli *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "install") == 0)
		return cli_forms_install(c, argc - 1, argv + 1);
	if (argc > 0)
		return cli_usage_error("forms 后面只能是 install 文件...（安装表单文件），或什么也不写（列出表单）。");
	if (cli_load_forms(c) != 0)
		return EXIT_REFUSED;
	for (int i = 0; i < c->nforms; i++) {
		const struct form *f = c->forms[i];

		printf("%s\t%s\t%s\t%s\t%s\t%d%s\n", f->id, f->version, f->attachment, f->title,
		       f->due ? f->due : "", f->year, f->reading ? "\t参阅" : "");
	}
	form_list_free(c->forms, c->nforms);
	c->forms = NULL;
	c->nforms = 0;
	return EXIT_OK;
}

/* Parse each form file named and say whether it is right, errors as FILE:LINE: message;
 * warnings after, and from= checked against the other files named. */
static int cmd_check(struct cli *c, int argc, char **argv)
{
	int bad = 0, n = 0;
	struct form **forms;

	(void)c;

	if (argc < 1)
		return cli_usage_error("check 需要至少一个表单文件名。");
	forms = xcalloc((size_t)argc, sizeof *forms);
	for (int i = 0; i < argc; i++) {
		char *cause = NULL;
		struct form *f = form_load(argv[i], &cause);

		if (f == NULL) {
			fprintf(stderr, "%s\n", cause ? cause : argv[i]);
			bad = 1;
		} else if (f->reading) {
			printf("%s: 正确（%s %s，参阅材料：没有要填写的项目，不导出）\n", argv[i],
			       f->attachment, f->title);
		} else {
			char rules[32] = "";

			if (f->nrules > 0)
				snprintf(rules, sizeof rules, "，%d 条规则", f->nrules);
			printf("%s: 正确（%s %s，%d 个字段%s）\n", argv[i], f->attachment, f->title,
			       f->nfields, rules);
		}
		if (f != NULL && f->warnings != NULL)
			fprintf(stderr, "%s\n", f->warnings);
		free(cause);
		if (f != NULL)
			forms[n++] = f;
	}
	for (int i = 0; i < n; i++)
		cli_check_from(forms[i], forms, n, "这次检查的文件里");
	form_list_free(forms, n);
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
		cli_refuse("“%s”不是 表单.字段 的写法，例如 liaison.name。", path);
		goto out;
	}
	*dot = '\0';
	rest = dot + 1;
	f = cli_need_form(c, s);
	if (f == NULL)
		goto out;
	br = strchr(rest, '[');
	if (br != NULL) {
		char *end, *close = strchr(br, ']');
		long n;
		int g;

		*br = '\0';
		g = form_group_index(f, rest);
		if (g < 0) {
			cli_refuse("表单 %s 中没有名为“%s”的重复组。", f->id, rest);
			goto out;
		}
		errno = 0;
		n = strtol(br + 1, &end, 10);
		if (close == NULL || end != close || close[1] != '.' || errno != 0 || n < 1 ||
		    n > f->groups[g].max) {
			cli_refuse("“%s”的行号写法不对：应为 %s[N].字段，N 从 1 到 %d。", path, rest,
			       f->groups[g].max);
			goto out;
		}
		*row = (int)n - 1;
		*field = form_field_index(f, close + 2);
		if (*field < 0 || f->fields[*field].group != g) {
			cli_refuse("重复组 %s 中没有名为“%s”的字段。", rest, close + 2);
			goto out;
		}
	} else {
		*field = form_field_index(f, rest);
		if (*field < 0) {
			cli_refuse("表单 %s 中没有名为“%s”的字段。", f->id, rest);
			goto out;
		}
		if (f->fields[*field].group >= 0) {
			const struct form_group *g = &f->groups[f->fields[*field].group];

			cli_refuse("字段 %s 属于重复组 %s，请写成 %s.%s[N].%s。", rest, g->id, f->id, g->id,
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

/* A rule between fields that the value just saved breaks is said, as on the screen
 * (参与人次：参与人次不应少于学习次数，请核实). */
static void set_rule_warn(const struct record *rec, int field, int row)
{
	struct check_problem *p;
	int n = check_rules(rec, &p);

	for (int i = 0; i < n; i++)
		if (p[i].field == field && p[i].row == row) {
			fprintf(stderr, "tianbiao: 已保存，但请注意：%s\n", p[i].msg);
			break;
		}
	free(p);
}

/* Check one value as the screen would, then save it (adding a group row when it is the next one). */
static int cmd_set(struct cli *c, int argc, char **argv)
{
	struct form *f = NULL;
	struct record *rec = NULL;
	struct check_result res = { 0 };
	char *cause = NULL;
	int field, row, rc = EXIT_REFUSED;

	if (argc != 2)
		return cli_usage_error("set 需要两个参数：表单.字段 值。");
	if (cli_parse_path(c, argv[0], &f, &field, &row) != 0)
		return EXIT_REFUSED;
	check_value(f, &f->fields[field], argv[1], &res);
	if (res.level == CHECK_HARD) {
		cli_refuse("%s：%s（没有保存）。", f->fields[field].label, res.msg);
		goto out;
	}
	rec = record_new(f);
	if (store_load(c->store, cli_unit_key(c), rec, &cause) != 0)
		goto fail;
	if (row >= 0) {
		int g = f->fields[field].group;

		/* Rows are added one at a time, so no blank rows appear unasked. */
		if (row > rec->nrows[g]) {
			cli_refuse("%s 现在有 %d 项，只能写第 1 到第 %d 项（写第 %d 项就是增加一项）。",
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
	else
		set_rule_warn(rec, field, row);
	if (c->unit_name == NULL)
		fprintf(stderr, "tianbiao: 提示：还没有填写本单位名称。请用 --unit 单位名称 指定一次，"
				"或运行 tianbiao 在界面中填写。\n");
	rc = EXIT_OK;
	goto out;
fail:
	cli_refuse("%s", cause ? cause : "保存失败");
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

/* Print every value of a form, one FIELD<TAB>VALUE line each, for scripts and tests. */
static int cmd_get(struct cli *c, int argc, char **argv)
{
	struct form *f;
	struct record *rec;
	char *cause = NULL, *unit = NULL;
	int loaded;

	if (argc != 1)
		return cli_usage_error("get 需要一个参数：表单编号。");
	f = cli_need_form(c, argv[0]);
	if (f == NULL)
		return EXIT_REFUSED;
	rec = record_new(f);
	loaded = store_load(c->store, cli_get_unit(c, &unit), rec, &cause);
	free(unit);
	if (loaded != 0) {
		cli_refuse("%s", cause);
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

/* Read the export options into a; returns 0, or the usage exit status after saying why. */
static int export_parse(int argc, char **argv, struct export_args *a)
{
	a->o.formats = EXPORT_ALL;
	a->o.enc = ENC_UTF8;
	a->o.width = 0;
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
			else if (strcmp(val, "xlsx") == 0)
				a->o.formats = EXPORT_XLSX;
			else if (strcmp(val, "both") == 0)
				a->o.formats = EXPORT_TEXT | EXPORT_CSV;
			else if (strcmp(val, "all") == 0)
				a->o.formats = EXPORT_ALL;
			else
				return cli_usage_error("--format 只能是 all、text、csv、xlsx 或 both"
						       "（文本和 CSV）。");
		} else if (strcmp(arg, "--encoding") == 0 && val != NULL) {
			i++;
			if (strcmp(val, "utf-8") == 0 || strcmp(val, "utf8") == 0 ||
			    strcmp(val, "UTF-8") == 0)
				a->o.enc = ENC_UTF8;
			else if (strcmp(val, "gb18030") == 0 || strcmp(val, "GB18030") == 0)
				a->o.enc = ENC_GB18030;
			else
				return cli_usage_error("--encoding 只能是 utf-8 或 gb18030。");
		} else if (strcmp(arg, "--width") == 0 && val != NULL) {
			char *end;
			long w = strtol(val, &end, 10);

			i++;
			if (*end != '\0' || (w != 0 && (w < 40 || w > 400)))
				return cli_usage_error("--width 应为 40 到 400 之间的整数（0 为不换行）。");
			a->o.width = (int)w;
		} else if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && val != NULL) {
			a->out = val;
			i++;
		} else if (arg[0] == '-') {
			return cli_usage_error("export 不认识这个选项或缺少它的值。");
		} else if (a->form == NULL) {
			a->form = arg;
		} else {
			return cli_usage_error("export 只接受一个表单编号（或 --all）。");
		}
	}
	if ((a->form == NULL) == (a->all == 0))
		return cli_usage_error("export 需要一个表单编号，或 --all。");
	return 0;
}

/*
 * The values the screens fill in for the clerk (the unit's name, today's date, the other
 * form's value) where rec's top-level fields are blank: n of them, field indexes in
 * fields[] and checked values in vals[] (malloc'd).
 */
static int export_defaults(const struct cli *c, const struct record *rec, int *fields,
			   char **vals)
{
	const struct form *f = rec->form;
	struct record **others = NULL;
	int nothers = 0, n = 0;

	for (int i = 0; i < f->nfields && others == NULL; i++)
		if (f->fields[i].from != NULL) {
			/* the other forms as stored: from= looks its form up among them */
			others = xcalloc((size_t)c->nforms + 1, sizeof *others);
			for (int k = 0; k < c->nforms; k++) {
				char *cause = NULL;

				if (c->forms[k] == f || c->forms[k]->reading)
					continue;
				others[nothers] = record_new(c->forms[k]);
				if (store_load(c->store, cli_unit_key(c), others[nothers], &cause) != 0)
					record_free(others[nothers]);
				else
					nothers++;
				free(cause);
			}
		}
	for (int i = 0; i < f->nfields; i++) {
		char *val;

		if (f->fields[i].group >= 0 || record_get(rec, i, -1) != NULL)
			continue;
		val = check_default_from(f, &f->fields[i], c->unit_name, others, nothers);
		if (val == NULL)
			continue;
		fields[n] = i;
		vals[n++] = val;
	}
	for (int k = 0; k < nothers; k++)
		record_free(others[k]);
	free(others);
	return n;
}

/*
 * Before an export the blank unit, date and from= fields are stored as the screens store
 * them, so that the file and the database agree and a revision always gives the same
 * file. w is the writer, NULL when there is none: with lock_held (the screens have the
 * database) the form is refused, since storing is theirs; otherwise (a read-only file)
 * the values go into the file only. Returns 0, or -1 after saying why.
 */
static int export_store_defaults(struct cli *c, struct store *w, int lock_held,
				 struct record *rec)
{
	const struct form *f = rec->form;
	int *fields = xcalloc((size_t)f->nfields + 1, sizeof *fields), n, rc = 0;
	char **vals = xcalloc((size_t)f->nfields + 1, sizeof *vals), *cause = NULL;

	n = export_defaults(c, rec, fields, vals);
	for (int k = 0; k < n && rc == 0; k++) {
		if (w != NULL) {
			if (store_set(w, cli_unit_key(c), rec, fields[k], -1, vals[k], &cause) != 0)
				rc = cli_refuse("%s", cause);
		} else if (lock_held) {
			rc = cli_refuse("没有导出%s（%s）：表中空着的“%s”要在导出前填好并存进数据库"
					"（在界面上导出也是这样），但另一个窗口中的填表程序正在使用"
					"数据库。请在那个窗口里按 F5 导出这张表，或者先关闭它再导出。",
					f->attachment, f->name, f->fields[fields[k]].label);
		} else {
			record_set(rec, fields[k], -1, vals[k]);
		}
	}
	for (int k = 0; k < n; k++)
		free(vals[k]);
	free(vals);
	free(fields);
	free(cause);
	return rc;
}

/* -o FILE: one form, one format; the file is written atomically under that name. */
static int export_to_file(const struct record *rec, const struct export_args *a)
{
	struct strbuf data = STRBUF_INIT;
	char *cause = NULL, *warning = NULL;
	int rc = EXIT_OK;

	/* The same bytes export_write would write. */
	if (export_render(rec, a->o.formats, &a->o, &data, &warning, &cause) != 0 ||
	    fileio_write_atomic(a->out, data.buf, data.len, 0644, &cause) != 0)
		rc = cli_refuse("%s", cause);
	else
		printf("%s\n", a->out);
	if (warning != NULL)
		fprintf(stderr, "tianbiao: 注意：%s\n", warning);
	free(warning);
	free(cause);
	strbuf_free(&data);
	return rc;
}

/* The store exports are recorded in: a writer, opened beside the reading handle. NULL
 * when the database cannot be written now; *lock_held says that another copy of
 * tianbiao (the screens) has it open, and then the reading handle records instead
 * (store_export_add); otherwise *why (malloc'd) says why nothing can be recorded. */
static struct store *export_recorder(struct cli *c, int *lock_held, char **why)
{
	struct store *w = c->db_path != NULL ? store_open(c->db_path, 0, why) : NULL;

	*lock_held = w == NULL && c->db_path != NULL && store_locked(c->db_path);
	if (w != NULL || *lock_held) {
		free(*why);
		*why = NULL;
	}
	return w;
}

/* Said once, at the first export that cannot be recorded (a read-only file): the files
 * are written all the same. */
static void export_unrecorded(const char *why, int *said)
{
	if ((*said)++ > 0)
		return;
	fprintf(stderr, "tianbiao: 注意：这次导出没有记进数据库%s%s%s，列表上不会显示“已导出”。"
		"文件照样写好了，可以发送。\n",
		why != NULL ? "（" : "", why != NULL ? why : "", why != NULL ? "）" : "");
}

/* Say that the files were written but the record of it was not, and what that means. */
static void export_record_failed(char *cause)
{
	fprintf(stderr, "tianbiao: 注意：文件已导出，可以发送，但没有记进数据库（%s），列表上不会"
		"显示“已导出”。\n",
		cause != NULL ? cause : "");
	free(cause);
}

/*
 * The district's own copy of a form it reported one level up holds that report: exporting
 * it writes the report's files, with 汇总说明, exactly as `totals FORM --report` does (the
 * totals as they are now, kept through the writer w), never a unit's file over them.
 */
static int export_report(struct cli *c, struct store *w, int lock_held, const char *why,
			 const struct form *f, const struct record *own,
			 const struct export_args *a, const char *dir)
{
	struct totals *t = NULL;
	char *cause = NULL;
	int rc;

	if (w == NULL && lock_held)
		return cli_refuse("没有导出%s（%s）：这是本区的上报表，导出时要按现在的汇总存进数据库，"
				  "但另一个窗口中的填表程序正在使用数据库。请在那个窗口里到 5 汇总 按 "
				  "F7 上报，或者先关闭它再导出。", f->attachment, f->name);
	if (w == NULL)
		return cli_refuse("没有导出%s（%s）：这是本区的上报表，导出时要按现在的汇总存进数据库，"
				  "但数据库现在不能写入%s%s%s。请换一个能写入的数据库文件再导出。",
				  f->attachment, f->name, why != NULL ? "（" : "",
				  why != NULL ? why : "", why != NULL ? "）" : "");
	if (district_totals(w, f->year, f, c->unit_name, &t, &cause) != 0) {
		rc = cli_refuse("%s", cause);
		free(cause);
		return rc;
	}
	if (t->nunits == 0)
		rc = cli_refuse("没有导出%s（%s）：这是本区的上报表，要按应报单位的名单汇总，但 %d 年的"
				"名单是空的。请先建立名单（tianbiao roster import），再导出。",
				f->attachment, f->name, f->year);
	else
		rc = cli_report(c, w, t, own, a->o.formats, a->o.enc, dir, dir == NULL ? a->out : NULL);
	totals_free(t);
	return rc;
}

/* Write the files to send: one form or all, text and/or CSV, to the outbox, a directory or a file. */
static int cmd_export(struct cli *c, int argc, char **argv)
{
	struct export_args a = { 0 };
	char *dir = NULL;
	int rc, out_is_file = 0, lock_held = 0, exported = 0, blank = 0;
	int said = 0;
	char *why = NULL;	/* why exports cannot be recorded */
	struct store *w, *rec_store;
	struct stat st;

	rc = export_parse(argc, argv, &a);
	if (rc != 0)
		return rc;
	if (a.form != NULL && cli_need_form(c, a.form) == NULL)
		return EXIT_REFUSED;
	if (a.form != NULL && cli_find_form(c, a.form)->reading)
		return cli_refuse("%s（%s）是参阅材料，没有要填写的项目，不用导出。", a.form,
				  cli_find_form(c, a.form)->attachment);
	/* -o names a file when it ends in .csv or .txt and is not a directory; else a directory. */
	if (a.out != NULL && !(stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)) &&
	    (str_ends(a.out, ".csv") || str_ends(a.out, ".txt") || str_ends(a.out, ".xlsx"))) {
		if (a.all || (a.o.formats != EXPORT_TEXT && a.o.formats != EXPORT_CSV &&
			      a.o.formats != EXPORT_XLSX))
			return cli_usage_error("-o 文件名 只能用于一个表单的一种格式；导出多个文件请用 -o 目录。");
		out_is_file = 1;
	}
	/* Only the default outbox is created; a directory the clerk named must exist. */
	if (a.out != NULL && !out_is_file && !(stat(a.out, &st) == 0 && S_ISDIR(st.st_mode))) {
		if (stat(a.out, &st) == 0)
			return cli_refuse("%s 已经存在，但不是目录。请换一个目录。", a.out);
		return cli_refuse("目录 %s 不存在。请先建好这个目录，或换一个已有的目录。", a.out);
	}
	dir = a.out != NULL ? xstrdup(a.out) : export_default_dir();
	rc = EXIT_OK;
	cli_backup_before_export(c);
	w = export_recorder(c, &lock_held, &why);
	/* what records: the writer, or the reading handle beside the screens */
	rec_store = w != NULL ? w : lock_held ? c->store : NULL;
	for (int i = 0; i < c->nforms && rc == EXIT_OK; i++) {
		struct form *f = c->forms[i];
		struct record *rec;
		char *cause = NULL, *rcause = NULL, **earlier = NULL;
		struct export_result res;
		struct store_export es;
		int nearlier = 0, kept = 0;

		if ((!a.all && strcmp(f->id, a.form) != 0) || f->reading)
			continue;	/* a page to read is never sent */
		rec = record_new(f);
		if (store_load(w != NULL ? w : c->store, cli_unit_key(c), rec, &cause) != 0) {
			rc = cli_refuse("%s", cause);
			goto next;
		}
		/* a form never saved has no submission id, and the district refuses its file */
		if (rec->uuid == NULL) {
			blank++;
			if (!a.all)
				rc = cli_refuse("%s（%s）还没有填写，没有导出：区里不收空表。请先填写"
						"（tianbiao set %s.字段 值，或在填表界面里），再导出。",
						f->attachment, f->name, f->id);
			else
				fprintf(stderr, "tianbiao: 注意：%s（%s）还没有填写，没有导出。填写后"
					"再导出它。\n", f->attachment, f->name);
			goto next;
		}
		if (district_report_kept(w != NULL ? w : c->store, c->unit_name, f, &kept,
					 &cause) != 0) {
			rc = cli_refuse("%s", cause);
			goto next;
		}
		if (kept) {
			rc = export_report(c, w, lock_held, why, f, rec, &a, out_is_file ? NULL : dir);
			exported += rc == EXIT_OK;
			goto next;
		}
		if (export_store_defaults(c, w, lock_held, rec) != 0) {
			rc = EXIT_REFUSED;
			goto next;
		}
		/* An unchanged form keeps the time of its first export: the same files again. */
		if (store_export_state(w != NULL ? w : c->store, cli_unit_key(c), f, rec->revision,
				       &es, &rcause) != 0) {
			export_record_failed(rcause);
			rcause = NULL;
			memset(&es, 0, sizeof es);
		}
		a.o.when = es.first_at != 0 ? es.first_at : export_now();
		if (out_is_file) {
			const char *fmt = export_ext(a.o.formats);

			rc = export_to_file(rec, &a);
			if (rc == EXIT_OK && rec_store == NULL)
				export_unrecorded(why, &said);
			else if (rc == EXIT_OK &&
			    store_export_add(rec_store, cli_unit_key(c), f, rec->revision, a.o.when,
					     &fmt, &a.out, 1, &rcause) != 0)
				export_record_failed(rcause);
			exported += rc == EXIT_OK;
			goto next;
		}
		if (store_export_paths(w != NULL ? w : c->store, cli_unit_key(c), f, &earlier,
				       &nearlier, &rcause) != 0) {
			free(rcause);
			rcause = NULL;
		}
		a.o.earlier = earlier;
		a.o.nearlier = nearlier;
		if (export_write(rec, dir, &a.o, &res, &cause) != 0) {
			rc = cli_refuse("%s", cause);
		} else {
			const char *fmts[EXPORT_NFORMATS], *paths[EXPORT_NFORMATS];

			for (int k = 0; k < res.nfiles; k++) {
				printf("%s\n", res.files[k].path);
				fmts[k] = export_ext(res.files[k].format);
				paths[k] = res.files[k].path;
			}
			if (res.warning != NULL)
				fprintf(stderr, "tianbiao: 注意：%s\n", res.warning);
			if (rec_store == NULL)
				export_unrecorded(why, &said);
			else if (store_export_add(rec_store, cli_unit_key(c), f, rec->revision, a.o.when,
					     fmts, paths, res.nfiles, &rcause) != 0)
				export_record_failed(rcause);
			export_result_free(&res);
			exported++;
		}
		for (int k = 0; k < nearlier; k++)
			free(earlier[k]);
		free(earlier);
next:
		free(cause);
		record_free(rec);
	}
	if (rc == EXIT_OK && exported == 0 && blank > 0)
		rc = cli_refuse("没有导出任何表：这些表都还没有填写。请先填写，再导出。");
	if (w != NULL)
		store_close(w);
	free(why);
	free(dir);
	return rc;
}

const struct cli_cmd cli_unit_cmds[] = {
	{ "forms", CLI_NOTHING,
	  "  tianbiao forms                      列出表单：编号、版本、附件、标题、截止日期、年度\n"
	  "  tianbiao forms install 文件...      检查并安装表单文件（区里发来的新表）\n",
	  cmd_forms },
	{ "check", CLI_NOTHING,
	  "  tianbiao check 文件...              检查表单文件，错误按 文件:行: 说明 列出\n",
	  cmd_check },
	{ "set", CLI_STORE_RW,
	  "  tianbiao set 表单.字段 值            检查并保存一个值（值为空字符串则清空）\n"
	  "  tianbiao set 表单.组[N].字段 值      同上，写入重复组的第 N 行（从 1 起）\n",
	  cmd_set },
	{ "get", CLI_STORE_RO,
	  "  tianbiao get 表单                   列出表单的每个字段：字段<TAB>值\n",
	  cmd_get },
	{ "export", CLI_STORE_RO,
	  "  tianbiao export 表单|--all [--format all|text|csv|xlsx|both]\n"
	  "                  [--encoding utf-8|gb18030] [--width N] [-o 文件|目录]\n"
	  "                                      导出可发送的文本、CSV 和 Excel 文件\n",
	  cmd_export },
	{ NULL, CLI_NOTHING, NULL, NULL },
};
