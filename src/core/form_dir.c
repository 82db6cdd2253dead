/*
 * form_dir.c - reading form files and directories.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read a whole file with a Chinese message on failure; plain read(2), no stdio buffer. */
static int read_file(const char *path, char **data, size_t *len, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;
	struct stat st;

	if (fd < 0) {
		int e = errno;

		*cause = xasprintf("%s: 无法打开表单文件：%s", path,
				   e == ENOENT ? "文件不存在" :
				   e == EACCES ? "没有读取权限" : strerror(e));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		*cause = xasprintf("%s: 这是一个目录，不是表单文件", path);
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			strbuf_free(&sb);
			*cause = xasprintf("%s: 读取失败：%s", path, strerror(e));
			return -1;
		}
		strbuf_add(&sb, buf, (size_t)n);
		if (sb.len > MAX_FORM_FILE) {
			close(fd);
			strbuf_free(&sb);
			*cause = xasprintf("%s: 文件太大，不像是表单文件", path);
			return -1;
		}
	}
	close(fd);
	*len = sb.len;
	*data = strbuf_detach(&sb);
	return 0;
}

/* Messages name the path, so that they point at the file to edit. */
struct form *form_load(const char *path, char **cause)
{
	char *data, *dummy = NULL;
	size_t len;
	struct form *f;

	if (cause == NULL)
		cause = &dummy;
	*cause = NULL;
	if (read_file(path, &data, &len, cause) != 0) {
		free(dummy);
		return NULL;
	}
	f = form_parse(path, data, len, cause);
	free(data);
	free(dummy);
	return f;
}

/* Attachment number first (附件1, 附件2 …), then id for a stable order. */
static int form_cmp(const void *a, const void *b)
{
	const struct form *x = *(const struct form *const *)a;
	const struct form *y = *(const struct form *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (strcmp(x->id, y->id) != 0)
		return strcmp(x->id, y->id);
	return x->year < y->year ? -1 : x->year > y->year;
}

/* Files are read in name order, so that messages come in a stable order. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append one message line to *cause. */
static void cause_add(char **cause, const char *msg)
{
	if (*cause == NULL) {
		*cause = xstrdup(msg);
	} else {
		char *s = xasprintf("%s\n%s", *cause, msg);

		free(*cause);
		*cause = s;
	}
}

/* One broken or duplicate file must not hide the other forms. */
int form_load_dir(const char *dir, struct form ***forms, char **cause)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	int nnames = 0, n = 0;
	struct form **v = NULL;
	char *dummy = NULL;

	if (cause == NULL)
		cause = &dummy;
	*cause = NULL;
	*forms = NULL;
	d = opendir(dir);
	if (d == NULL) {
		int e = errno;

		*cause = xasprintf("%s: 无法打开表单目录：%s", dir,
				   e == ENOENT ? "目录不存在" :
				   e == EACCES ? "没有读取权限" : strerror(e));
		free(dummy);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !str_ends(de->d_name, ".form"))
			continue;
		names = fp_grow(names, nnames, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames > 1)
		qsort(names, (size_t)nnames, sizeof *names, name_cmp);
	for (int i = 0; i < nnames; i++) {
		char *path = xasprintf("%s%s%s", dir, str_ends(dir, "/") ? "" : "/", names[i]);
		char *msg = NULL;
		struct form *f = form_load(path, &msg);
		int dup = -1;

		if (f != NULL)
			for (int k = 0; k < n; k++)
				if (strcmp(v[k]->id, f->id) == 0 && v[k]->year == f->year)
					dup = k;	/* the same form of another year sits beside it */
		if (f == NULL) {
			cause_add(cause, msg != NULL ? msg : path);
		} else if (dup >= 0) {
			char *m = xasprintf("%s:%d: %d 年的表单 %s 与 %s 重复，此文件未载入", path,
					    1, f->year, f->id, v[dup]->path);

			cause_add(cause, m);
			free(m);
			form_free(f);
		} else {
			v = fp_grow(v, n, sizeof *v);
			v[n++] = f;
		}
		free(msg);
		free(path);
		free(names[i]);
	}
	free(names);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, form_cmp);
	*forms = v;
	free(dummy);
	return n;
}

/* Frees the forms and the array of form_load_dir. */
void form_list_free(struct form **forms, int n)
{
	for (int i = 0; i < n; i++)
		form_free(forms[i]);
	free(forms);
}
