/* receive.c - the inbox folder and the files of a folder to import (contract in receive.h). */
#include "receive.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#include "util.h"

/* The same folder every time, beside the outbox ~/填表导出. */
char *receive_default_dir(void)
{
	return xstrdup(config_get()->inbox);
}

/* Does a file name end in ext, ignoring case (ASCII)? */
static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), k = strlen(ext);

	return n > k && strcasecmp(name + n - k, ext) == 0;
}

/* Name order, so that a folder is imported in the same order every time. */
static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct receive_file *)a)->path,
		      ((const struct receive_file *)b)->path);
}

/* Only what may be a unit's file gets a line; the text export beside its CSV is counted. */
int receive_list(const char *dir, struct receive_file **files, int *n, int *skipped,
		 char **cause)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int first = *n;

	if (d == NULL) {
		*cause = xasprintf("打不开文件夹 %s（%s）。请检查名称和权限。", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.' ||
		    !(has_ext(e->d_name, ".csv") || has_ext(e->d_name, ".txt") ||
		      has_ext(e->d_name, ".tsv") || has_ext(e->d_name, ".xlsx") ||
		      has_ext(e->d_name, ".xls")))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (has_ext(e->d_name, ".txt")) {
			char *csv = xasprintf("%.*s.csv", (int)(strlen(path) - 4), path);
			int twin = access(csv, F_OK) == 0;

			free(csv);
			if (twin) {
				(*skipped)++;
				free(path);
				continue;
			}
		}
		*files = xreallocarray(*files, (size_t)*n + 1, sizeof **files);
		(*files)[*n].path = path;
		(*files)[*n].name = strrchr(path, '/') + 1;
		(*n)++;
	}
	closedir(d);
	if (*n - first > 1)
		qsort(*files + first, (size_t)(*n - first), sizeof **files, file_cmp);
	return 0;
}

/* The paths are the list's own. */
void receive_files_free(struct receive_file *files, int n)
{
	for (int i = 0; i < n; i++)
		free(files[i].path);
	free(files);
}

/* A file of many megabytes is read by the import straight from the page cache. */
const void *receive_map(const char *path, size_t *len, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;

	*len = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		*cause = xasprintf("打不开文件 %s（%s）。请检查文件名和权限。", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (st.st_size == 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return "";
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		*cause = xasprintf("读不了文件 %s（%s）。", path, strerror(errno));
		return NULL;
	}
	*len = (size_t)st.st_size;
	return p;
}

/* An empty file was never mapped. */
void receive_unmap(const void *bytes, size_t len)
{
	if (bytes != NULL && len > 0)
		munmap((void *)bytes, len);
}
