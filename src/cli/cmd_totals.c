/* cmd_totals.c - tianbiao totals: the district's totals of a form as files, and its report one
 * level up (table at the end; what the files hold in docs/district.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/export.h"
#include "../core/fileio.h"
#include "../core/totals.h"
#include "../core/util.h"
#include "../store/district_totals.h"
#include "cli_int.h"

/* The options of one totals command. */
struct totals_args {
	const char *form;
	const char *out;	/* -o: a directory, or "-" for standard output */
	int formats;
	enum export_encoding enc;
	int report;
};

/* Read the options; 0, or the usage exit status after saying why. */
static int totals_parse(int argc, char **argv, struct totals_args *a)
{
	a->formats = EXPORT_ALL;
	a->enc = ENC_UTF8;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(arg, "--report") == 0) {
			a->report = 1;
		} else if (strcmp(arg, "--format") == 0 && val != NULL) {
			i++;
			if (strcmp(val, "text") == 0)
				a->formats = EXPORT_TEXT;
			else if (strcmp(val, "csv") == 0)
				a->formats = EXPORT_CSV;
			else if (strcmp(val, "xlsx") == 0)
				a->formats = EXPORT_XLSX;
			else if (strcmp(val, "all") == 0)
				a->formats = EXPORT_ALL;
			else
				return cli_usage_error("--format 只能是 text、csv、xlsx 或 all。");
		} else if (strcmp(arg, "--encoding") == 0 && val != NULL) {
			i++;
			if (strcmp(val, "utf-8") == 0 || strcmp(val, "utf8") == 0)
				a->enc = ENC_UTF8;
			else if (strcmp(val, "gb18030") == 0 || strcmp(val, "gbk") == 0)
				a->enc = ENC_GB18030;
			else
				return cli_usage_error("--encoding 只能是 utf-8 或 gb18030。");
		} else if (strcmp(arg, "-o") == 0 && val != NULL) {
			a->out = val;
			i++;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return cli_usage_error("totals 不认识这个选项或缺少它的值。");
		} else if (a->form != NULL) {
			return cli_usage_error("totals 只接受一个表单编号。");
		} else {
			a->form = arg;
		}
	}
	if (a->form == NULL)
		return cli_usage_error("totals 需要一个表单编号，例如 tianbiao totals stats。");
	if (a->out != NULL && strcmp(a->out, "-") == 0 && a->formats != EXPORT_TEXT &&
	    a->formats != EXPORT_CSV)
		return cli_usage_error("-o - 只能用于一种格式：--format text 或 --format csv。");
	return 0;
}

/* Write every rendered file into dir and name it; 0 or the exit status. */
static int write_outs(const struct totals_files *o, const char *dir)
{
	char *cause = NULL;
	int written;

	if (totals_files_write(o, dir, &written, &cause) != 0) {
		cli_refuse("%s", cause);
		free(cause);
		return EXIT_REFUSED;
	}
	for (int i = 0; i < written; i++)
		printf("%s/%s\n", dir, o->f[i].name);
	return EXIT_OK;
}

/* The directory -o names, which must exist (only the default outbox is created). */
static int out_dir(const struct totals_args *a, char **dir)
{
	struct stat st;

	*dir = NULL;
	if (a->out == NULL) {
		*dir = export_default_dir();
		return EXIT_OK;
	}
	if (stat(a->out, &st) != 0)
		return cli_refuse("目录 %s 不存在。请先建好这个目录，或换一个已有的目录。", a->out);
	if (!S_ISDIR(st.st_mode))
		return cli_refuse("%s 已经存在，但不是目录。请换一个目录。", a->out);
	*dir = xstrdup(a->out);
	return EXIT_OK;
}

/* The district's own copy of the form (its 联系人, 电话 …), or NULL when it has none. */
static struct record *own_copy(struct cli *c, const struct form *f)
{
	struct record *own;
	char *cause = NULL;

	if (c->unit_name == NULL)
		return NULL;
	own = record_new(f);
	if (store_load(c->store, c->unit_name, own, &cause) != 0 || own->uuid == NULL) {
		free(cause);
		record_free(own);
		return NULL;
	}
	return own;
}

/* The report one level up (district_report_send): kept as the district's own copy, then
 * exported as a unit's, into dir, or with dir NULL into file ("-": standard output). Shared
 * with `export` of the district's own copy of a reported form (cli_int.h). */
int cli_report(struct cli *c, struct store *w, const struct totals *t, const struct record *own,
	       int formats, enum export_encoding enc, const char *dir, const char *file)
{
	struct export_opts eo = { .formats = formats, .enc = enc };
	const struct form *f = t->form;
	struct district_sent d;
	char *cause = NULL;
	int rc = EXIT_OK;

	if (district_report_send(w, t, c->unit_name, own, &eo, dir, &d, &cause) != 0) {
		rc = cli_refuse("%s", cause);
		free(cause);
		return rc;
	}
	if (d.nobackup != NULL)
		fprintf(stderr, "tianbiao: 提示：没有建立备份：%s\n", d.nobackup);
	if (dir == NULL && strcmp(file, "-") == 0) {
		fwrite(d.data.buf, 1, d.data.len, stdout);
	} else if (dir == NULL) {
		const char *fmt = export_ext(formats);

		if (fileio_write_atomic(file, d.data.buf, d.data.len, 0644, &cause) != 0) {
			rc = cli_refuse("%s", cause);
		} else {
			printf("%s\n", file);
			if (store_export_add(w, c->unit_name, f, d.revision, d.when, &fmt, &file, 1,
					     &cause) != 0)
				fprintf(stderr, "tianbiao: 注意：文件已写出，但没有记进数据库：%s\n",
					cause);
		}
	} else {
		for (int k = 0; k < d.res.nfiles; k++)
			printf("%s\n", d.res.files[k].path);
		if (d.unrecorded != NULL)
			fprintf(stderr, "tianbiao: 注意：文件已写出，但没有记进数据库：%s\n",
				d.unrecorded);
	}
	if (rc == EXIT_OK && d.res.warning != NULL)
		fprintf(stderr, "tianbiao: 注意：%s\n", d.res.warning);
	if (rc == EXIT_OK && !(dir == NULL && strcmp(file, "-") == 0))
		printf("上报表：%s的%s（%s），第 %ld 版%s。\n", c->unit_name, f->attachment, f->name,
		       d.revision,
		       d.changed ? "（汇总有变化，版本已更新；上级导入时会替换旧的一份）"
		       : d.same	 ? "（和上次写出的文件完全一样）"
				 : "");
	if (d.notes != NULL && rc == EXIT_OK)
		printf("%s", d.notes);
	district_sent_free(&d);
	free(cause);
	return rc;
}

/* totals --report: the report is the district's own submission, written through a store
 * opened for writing (the totals were read without the write lock). */
static int run_report(struct cli *c, const struct totals *t, const struct record *own,
		      const struct totals_args *a, const char *dir)
{
	char *cause = NULL;
	struct store *w = store_open(c->db_path, 0, &cause);
	int rc;

	if (w == NULL) {
		rc = cli_refuse("%s", cause);
		free(cause);
		return rc;
	}
	rc = cli_report(c, w, t, own, a->formats, a->enc, dir, dir == NULL ? "-" : NULL);
	store_close(w);
	return rc;
}

/* totals FORM [--format …] [--encoding …] [-o DIR|-] [--report]. */
static int cmd_totals(struct cli *c, int argc, char **argv)
{
	struct totals_args a = { 0 };
	struct record *own = NULL;
	struct totals *t = NULL;
	struct form *f;
	struct totals_files o = { 0 };
	char *cause = NULL, *dir = NULL, *cover;
	int rc;

	if ((rc = totals_parse(argc, argv, &a)) != 0)
		return rc;
	if ((f = cli_need_form(c, a.form)) == NULL)
		return EXIT_REFUSED;
	if (f->reading)
		return cli_refuse("%s（%s）是参阅材料，没有要汇总的内容。", f->id, f->attachment);
	if (a.report && c->unit_name == NULL)
		return cli_refuse("上报表的填报单位是本区自己，但数据库里还没有本区的名称。请加上 --unit "
				  "本区名称（例如 tianbiao --unit 宝坻区 totals %s --report），以后就不用"
				  "再加了。", f->id);
	if (a.out == NULL || strcmp(a.out, "-") != 0) {
		if ((rc = out_dir(&a, &dir)) != EXIT_OK)
			return rc;
	}
	if (district_totals(c->store, f->year, f, c->unit_name, &t, &cause) != 0) {
		free(dir);
		return cli_refuse("%s", cause);
	}
	if (t->nunits == 0) {
		totals_free(t);
		free(dir);
		return cli_refuse("%d 年的应报单位名单还是空的，没有可汇总的。请先用 tianbiao roster add "
				  "或 tianbiao roster import 建立名单，再用 tianbiao import 导入各单位"
				  "的文件。", f->year);
	}
	own = own_copy(c, f);
	cover = totals_coverage(t);
	if (a.report) {
		rc = run_report(c, t, own, &a, dir);
		goto out;
	}
	if (totals_files_render(t, own, a.formats, a.enc, export_now(), c->unit_name, &o,
				&cause) != 0) {
		rc = cli_refuse("%s", cause);
	} else if (dir == NULL) {
		fwrite(o.f[0].data.buf, 1, o.f[0].data.len, stdout);
	} else if ((rc = write_outs(&o, dir)) == EXIT_OK) {
		printf("%s\n", cover);
	}
	totals_files_free(&o);
out:
	free(cover);
	free(cause);
	free(dir);
	record_free(own);
	totals_free(t);
	return rc;
}

const struct cli_cmd cli_totals_cmds[] = {
	{ "totals", CLI_STORE_RO,
	  "  tianbiao totals 表单 [--format text|csv|xlsx|all] [--encoding utf-8|gb18030] [-o 目录|-]\n"
	  "                                      区里：表单的汇总（填好合计的表、各单位汇总表）\n"
	  "  tianbiao totals 表单 --report [...]  本区的上报表（和单位的表格式相同），报上一级\n",
	  cmd_totals },
	{ NULL, CLI_NOTHING, NULL, NULL },
};
