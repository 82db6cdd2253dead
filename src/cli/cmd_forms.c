/*
 * cmd_forms.c - tianbiao forms install FILE...: the form files a district sends, checked
 * and put into the user's forms directory in one step (contract in cli_int.h).
 *
 * All or nothing: every file is checked first (FILE:LINE messages), and a file that
 * changes a form already installed without changing its version is refused; only then is
 * anything written. A new version of an installed form replaces it, the old file moved
 * into 旧表单/ beside it (the forms directory reads only its own *.form files). Forms of
 * another campaign year sit beside the installed ones. When the directory had no forms
 * yet, the forms in use until now are copied in first: the user's directory is read
 * before the program's, so they would vanish from the list otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/util.h"
#include "cli_int.h"

#define OLD_FORMS_DIR "旧表单"

/* One file to install and what becomes of it. */
struct inst {
	const char *arg;	/* as named on the command line */
	struct form *f;
	char *data;		/* its bytes */
	size_t len;
	const struct form *old;	/* the installed form of the same id and year, or NULL */
	int same;		/* the installed file has the same bytes */
};

/* "附件3 活动进展情况统计表（xq_stats，2022 年，2022.1 版）". */
static char *form_words(const struct form *f)
{
	return xasprintf("%s %s（%s，%d 年，%s 版）", f->attachment, f->name, f->id, f->year,
			 f->version);
}

/* The file name part of a path. */
static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* A name in dir for f that no file there has yet: the file's own name, else ID-YEAR.form,
 * else that numbered. Never the name of another form's file. malloc'd path, or NULL. */
static char *target_path(const char *dir, const struct form *f, const char *name, char **cause)
{
	char *p = xasprintf("%s/%s", dir, name), *base;
	struct stat st;

	if (str_ends(name, ".form") && lstat(p, &st) != 0 && errno == ENOENT)
		return p;
	free(p);
	base = xasprintf("%s-%d", f->id, f->year);
	p = fileio_free_name(dir, base, "form", cause);
	free(base);
	return p;
}

/* Move an installed file into dir/旧表单/ (numbered when the name is taken). */
static int set_aside(const char *dir, const struct form *old, char **where, char **cause)
{
	char *odir = xasprintf("%s/%s", dir, OLD_FORMS_DIR);
	char *base = xasprintf("%s-%s", old->id, old->version);
	char *to;

	*where = NULL;
	if (fileio_mkdirs(odir, cause) != 0) {
		free(odir);
		free(base);
		return -1;
	}
	to = fileio_free_name(odir, base, "form", cause);
	free(base);
	if (to == NULL || rename(old->path, to) != 0) {
		if (to != NULL)
			*cause = xasprintf("无法把 %s 移到 %s：%s", old->path, odir, strerror(errno));
		free(odir);
		free(to);
		return -1;
	}
	free(odir);
	*where = to;
	return 0;
}

/* The from= fields whose form or field is not among forms: one warning each. */
void cli_check_from(const struct form *f, struct form *const *forms, int n, const char *among)
{
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		const char *dot;
		const struct form *src = NULL;
		int k;

		if (fld->from == NULL)
			continue;
		dot = strchr(fld->from, '.');
		for (k = 0; k < n; k++)
			if (strlen(forms[k]->id) == (size_t)(dot - fld->from) &&
			    strncmp(forms[k]->id, fld->from, (size_t)(dot - fld->from)) == 0 &&
			    forms[k]->year <= f->year && (src == NULL || forms[k]->year > src->year))
				src = forms[k];
		if (src == NULL) {
			fprintf(stderr, "%s:%d: 提醒：from=%s 的表单 %.*s 不在%s，没有核对%s\n",
				f->path, fld->line, fld->from, (int)(dot - fld->from), fld->from,
				among, strcmp(among, "这次检查的文件里") == 0 ? "；请把它一起检查" : "");
			continue;
		}
		k = form_field_index(src, dot + 1);
		if (k < 0 || src->fields[k].group >= 0)
			fprintf(stderr, "%s:%d: 提醒：表单 %s（%s）中没有不在重复组里的字段 %s，"
					"from=%s 不会填入任何内容\n", f->path, fld->line, src->id,
				src->path, dot + 1, fld->from);
	}
}

/* A version one step on, for the message: 2022.1 -> 2022.2 (else V.1). malloc'd. */
static char *next_version(const char *v)
{
	size_t n = strlen(v), k = n;

	while (k > 0 && v[k - 1] >= '0' && v[k - 1] <= '9')
		k--;
	if (k == n || n - k > 9)
		return xasprintf("%s.1", v);
	return xasprintf("%.*s%ld", (int)k, v, strtol(v + k, NULL, 10) + 1);
}

/* Check every file; 0 when all may be installed (then in[] says what becomes of each). */
static int check_all(struct inst *in, int n, struct form **inst, int ninst)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		char *cause = NULL;

		if (fileio_read(in[i].arg, &in[i].data, &in[i].len, &cause) != 0) {
			fprintf(stderr, "%s\n", cause);
			free(cause);
			bad = 1;
			continue;
		}
		in[i].f = form_parse(in[i].arg, in[i].data, in[i].len, &cause);
		if (in[i].f == NULL) {
			fprintf(stderr, "%s\n", cause != NULL ? cause : in[i].arg);
			free(cause);
			bad = 1;
			continue;
		}
		if (in[i].f->warnings != NULL)
			fprintf(stderr, "%s\n", in[i].f->warnings);
		for (int k = 0; k < i; k++)
			if (in[k].f != NULL && strcmp(in[k].f->id, in[i].f->id) == 0 &&
			    in[k].f->year == in[i].f->year) {
				fprintf(stderr, "%s:1: %d 年的表单 %s 在 %s 里已经有了：同一张表只能装一个"
						"文件\n", in[i].arg, in[i].f->year, in[i].f->id, in[k].arg);
				bad = 1;
			}
		for (int k = 0; k < ninst; k++) {
			char *old = NULL;
			size_t olen = 0;

			if (strcmp(inst[k]->id, in[i].f->id) != 0 || inst[k]->year != in[i].f->year)
				continue;
			in[i].old = inst[k];
			if (strcmp(inst[k]->version, in[i].f->version) != 0)
				break;
			if (fileio_read(inst[k]->path, &old, &olen, &cause) == 0 &&
			    olen == in[i].len && memcmp(old, in[i].data, olen) == 0) {
				in[i].same = 1;
			} else {
				char *nv = next_version(in[i].f->version);

				fprintf(stderr, "%s:1: 这张表（%s %s，%d 年）的 %s 版已经装过（%s），但两个"
						"文件内容不同。表单改过就要改 version（例如 version %s），"
						"请让发文件的人改好 version 再发。\n", in[i].arg,
					in[i].f->attachment, in[i].f->name, in[i].f->year,
					in[i].f->version, inst[k]->path, nv);
				free(nv);
				bad = 1;
			}
			free(old);
			free(cause);
			cause = NULL;
			break;
		}
	}
	return bad ? -1 : 0;
}

/* Copy the forms in use until now into an empty forms directory, so that none of them
 * disappears from the list; the files being installed take the place of their own. */
static int seed(struct cli *c, const char *dir, const struct inst *in, int n, int *copied)
{
	char *cause = NULL;
	int rc = 0;

	*copied = 0;
	if (cli_load_forms(c) != 0) {
		fprintf(stderr, "（没有别的表单可以一起复制。）\n");
		return 0;
	}
	for (int i = 0; i < c->nforms && rc == 0; i++) {
		const struct form *f = c->forms[i];
		char *data = NULL, *to;
		size_t len;
		int replaced = 0;

		for (int k = 0; k < n; k++)
			replaced |= strcmp(in[k].f->id, f->id) == 0 && in[k].f->year == f->year;
		if (replaced || strncmp(f->path, dir, strlen(dir)) == 0)
			continue;
		to = xasprintf("%s/%s", dir, base_of(f->path));
		if (fileio_read(f->path, &data, &len, &cause) != 0 ||
		    fileio_write_atomic(to, data, len, 0644, &cause) != 0) {
			cli_refuse("%s", cause);
			rc = -1;
		} else {
			(*copied)++;
		}
		free(cause);
		cause = NULL;
		free(data);
		free(to);
	}
	form_list_free(c->forms, c->nforms);
	c->forms = NULL;
	c->nforms = 0;
	return rc;
}

int cli_forms_install(struct cli *c, int argc, char **argv)
{
	char *dir, *cause = NULL;
	struct form **inst = NULL;
	struct inst *in;
	int ninst, rc = EXIT_OK, copied = 0, all = 0;

	if (argc < 1)
		return cli_usage_error("forms install 需要至少一个表单文件名，例如 tianbiao forms "
				       "install ~/下载/*.form。");
	dir = cli_user_forms_dir(c);
	ninst = form_load_dir(dir, &inst, &cause);
	free(cause);	/* a missing directory is made; broken files there are not ours */
	cause = NULL;
	in = xcalloc((size_t)argc, sizeof *in);
	for (int i = 0; i < argc; i++)
		in[i].arg = argv[i];
	if (check_all(in, argc, inst, ninst) != 0) {
		fprintf(stderr, "tianbiao: 没有安装任何文件。请先改正上面说的问题（或请发文件的人改好"
				"再发），再安装一次。\n");
		rc = EXIT_REFUSED;
		goto out;
	}
	if (fileio_mkdirs(dir, &cause) != 0) {
		rc = cli_refuse("%s", cause);
		goto out;
	}
	if (ninst == 0 && seed(c, dir, in, argc, &copied) != 0) {
		rc = EXIT_REFUSED;
		goto out;
	}
	for (int i = 0; i < argc && rc == EXIT_OK; i++) {
		char *words = form_words(in[i].f), *to = NULL, *aside = NULL;

		if (in[i].same) {
			printf("没有变化：%s（同样的文件已经装过）\n", words);
		} else if (in[i].old != NULL) {
			to = xstrdup(in[i].old->path);
			if (set_aside(dir, in[i].old, &aside, &cause) != 0 ||
			    fileio_write_atomic(to, in[i].data, in[i].len, 0644, &cause) != 0) {
				rc = cli_refuse("%s", cause);
			} else {
				printf("已更新：%s（原来的 %s 版移到了 %s）\n", words,
				       in[i].old->version, aside);
				all++;
			}
		} else {
			to = target_path(dir, in[i].f, base_of(in[i].arg), &cause);
			if (to == NULL ||
			    fileio_write_atomic(to, in[i].data, in[i].len, 0644, &cause) != 0) {
				rc = cli_refuse("%s", cause);
			} else {
				printf("已安装：%s\n", words);
				all++;
			}
		}
		free(cause);
		cause = NULL;
		free(words);
		free(to);
		free(aside);
	}
	if (rc == EXIT_OK) {
		struct form **now = NULL;
		int nnow = form_load_dir(dir, &now, &cause);

		for (int i = 0; i < argc; i++)
			cli_check_from(in[i].f, now, nnow, "表单目录里");
		form_list_free(now, nnow);
		free(cause);
		if (copied > 0)
			printf("原来用的 %d 张表也复制到了这个目录，以后都从这里读。\n", copied);
		printf("表单目录：%s。%s\n", dir,
		       all > 0 ? "重新打开 tianbiao 就能看到新的表。" : "");
	}
out:
	for (int i = 0; i < argc; i++) {
		form_free(in[i].f);
		free(in[i].data);
	}
	free(in);
	form_list_free(inst, ninst);
	free(dir);
	return rc;
}
