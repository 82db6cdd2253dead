/* fileio.c - reading whole files, atomic writes, free file names, mkdir -p
 * (contract in fileio.h). */
#define _GNU_SOURCE	/* renameat2 and RENAME_NOREPLACE (glibc 2.28) */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "util.h"

#define READ_MAX ((size_t)64 * 1024 * 1024)
#define FREE_NAME_MAX 9999

/* Shared by every module that must check or sync a file's directory. */
char *fileio_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* A Chinese message for a failed write of path, saying what to do next. */
static char *write_error(int err, const char *path)
{
	char *dir = fileio_dirname(path), *m;

	switch (err) {
	case ENOSPC:
	case EDQUOT:
		m = xasprintf("磁盘已满，文件没有写成。请清理磁盘后再导出。文件：%s", path);
		break;
	case EROFS:
		m = xasprintf("这个位置是只读的，不能写入文件。请换一个目录再导出。文件：%s", path);
		break;
	case EACCES:
	case EPERM:
		m = xasprintf("没有权限在目录 %s 里写文件。请换一个目录再导出，或请管理员开放权限。",
			      dir);
		break;
	case ENOENT:
		m = xasprintf("目录不存在：%s。请先建好这个目录，或换一个目录。", dir);
		break;
	case ENOTDIR:
		m = xasprintf("路径中有一部分不是目录：%s。请换一个目录。", dir);
		break;
	case ENAMETOOLONG:
		m = xasprintf("文件名太长，文件系统不接受。请把名称写短一些，或换一个目录。文件：%s",
			      path);
		break;
	case EILSEQ:
	case EINVAL:
		m = xasprintf("文件系统不接受这个文件名（可能含有它不支持的字符）。"
			      "请换一个目录（例如本机硬盘上的目录）再导出。文件：%s", path);
		break;
	case EISDIR:
		m = xasprintf("已有一个同名的目录：%s。请换一个文件名。", path);
		break;
	case EIO:
		m = xasprintf("写入时出错（磁盘或U盘可能有问题）。请换一个位置再试。文件：%s", path);
		break;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		m = xasprintf("系统资源不足，文件没有写成。请关闭一些程序后再试。文件：%s", path);
		break;
	default:
		m = xasprintf("文件没有写成（%s）。请换一个目录再试。文件：%s", strerror(err), path);
		break;
	}
	free(dir);
	return m;
}

/* A Chinese message for a failed read of path. */
static char *read_error(int err, const char *path)
{
	switch (err) {
	case ENOENT:
		return xasprintf("找不到文件：%s。请检查文件名和目录。", path);
	case EACCES:
	case EPERM:
		return xasprintf("没有权限读取文件：%s。", path);
	case EISDIR:
		return xasprintf("%s 是一个目录，不是文件。", path);
	case ENOTDIR:
		return xasprintf("路径中有一部分不是目录：%s。", path);
	case EIO:
		return xasprintf("读取时出错（磁盘或U盘可能有问题）：%s。", path);
	default:
		return xasprintf("读不了文件 %s（%s）。", path, strerror(err));
	}
}

/* Read a whole file, refusing directories and anything implausibly large. */
int fileio_read(const char *path, char **data, size_t *len, char **cause)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char buf[65536];
	int fd;

	*data = NULL;
	if (len != NULL)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*cause = read_error(errno, path);
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		*cause = read_error(EISDIR, path);
		return -1;
	}
	strbuf_add(&sb, "", 0);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = read_error(errno, path);
			close(fd);
			strbuf_free(&sb);
			return -1;
		}
		if (n == 0)
			break;
		/* Checked while reading: pipes and growing files have no size up front. */
		if (sb.len + (size_t)n > READ_MAX) {
			*cause = xasprintf("文件太大（超过64MB）：%s。这不像是要读的文件。", path);
			close(fd);
			strbuf_free(&sb);
			return -1;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (len != NULL)
		*len = sb.len;
	*data = strbuf_detach(&sb);
	return 0;
}

/* write(2) until everything is written; returns 0 or an errno value. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		if (w == 0)
			return EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The process umask, read without changing it for long. */
static mode_t current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* A crash or a full disk at any point leaves either the old file or the new one, never half. */
int fileio_write_atomic(const char *path, const void *data, size_t len, int mode,
			char **cause)
{
	char *dir = fileio_dirname(path), *tmp;
	int fd, err = 0, dfd;
	struct stat st;

	/* A short fixed temporary name: a long target name fails at rename, cleanly. */
	tmp = xasprintf("%s/.tianbiao-XXXXXX", dir);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		err = EISDIR;
		goto fail_early;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		goto fail_early;
	}
	err = write_all(fd, data, len);
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (err == 0 && fchmod(fd, (mode_t)mode & ~current_umask() & 07777) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0) {
		unlink(tmp);
		goto fail_early;
	}
	/* Make the rename itself durable; some file systems cannot, which is fine. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dir);
	return 0;

fail_early:
	*cause = write_error(err, path);
	free(tmp);
	free(dir);
	return -1;
}

/* link() never replaces a file: the new name exists (or not) before the old one goes. */
int fileio_move_by_link(const char *from, const char *to)
{
	if (link(from, to) != 0)
		return -1;
	if (unlink(from) != 0) {
		int err = errno;

		unlink(to);
		errno = err;
		return -1;
	}
	return 0;
}

/* Never overwrite an earlier export, even when another program takes the name meanwhile. */
int fileio_move_noreplace(const char *from, const char *to)
{
	struct stat st;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP)
		return -1;
#endif
	if (fileio_move_by_link(from, to) == 0)
		return 0;
	/* No hard links (FAT on a USB stick on an older kernel): the name was free a moment ago. */
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EXDEV &&
	    errno != EMLINK && errno != ENOSYS)
		return -1;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Never overwrite an earlier export: find the first name not taken. */
char *fileio_free_name(const char *dir, const char *base, const char *ext, char **cause)
{
	const char *sep = *dir != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/";
	const char *dot = ext == NULL || *ext == '\0' || *ext == '.' ? "" : ".";
	struct stat st;

	if (ext == NULL)
		ext = "";
	if (stat(dir, &st) != 0) {
		int err = errno;

		if (err == ENOENT)
			*cause = xasprintf("目录不存在：%s。请先建好这个目录，或换一个目录。", dir);
		else
			*cause = xasprintf("无法使用目录 %s（%s）。请换一个目录。", dir, strerror(err));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s 不是目录。请换一个目录。", dir);
		return NULL;
	}
	for (int i = 1; i <= FREE_NAME_MAX; i++) {
		char *p = i == 1 ? xasprintf("%s%s%s%s%s", dir, sep, base, dot, ext)
				 : xasprintf("%s%s%s(%d)%s%s", dir, sep, base, i, dot, ext);

		if (lstat(p, &st) != 0) {
			int err = errno;

			if (err == ENOENT)
				return p;
			*cause = write_error(err, p);
			free(p);
			return NULL;
		}
		free(p);
	}
	*cause = xasprintf("目录 %s 里同名的文件太多了。请清理一下这个目录。", dir);
	return NULL;
}

/* A Chinese message for a directory that could not be made. */
static char *mkdir_error(int err, const char *p)
{
	switch (err) {
	case EEXIST:
		return xasprintf("%s 已经存在，但不是目录。请换一个目录。", p);
	case EACCES:
	case EPERM:
		return xasprintf("没有权限建立目录 %s。请换一个目录。", p);
	case EROFS:
		return xasprintf("这个位置是只读的，不能建立目录 %s。请换一个目录。", p);
	case ENOSPC:
	case EDQUOT:
		return xasprintf("磁盘已满，不能建立目录 %s。请清理磁盘后再试。", p);
	default:
		return xasprintf("不能建立目录 %s（%s）。请换一个目录。", p, strerror(err));
	}
}

/* Create the outbox and its parents, private to the user. */
int fileio_mkdirs(const char *path, char **cause)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	struct stat st;

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) != 0) {
			int err = errno;

			if (err != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
				*cause = mkdir_error(err, p);
				free(p);
				return -1;
			}
		}
		if (i < n)
			p[i] = '/';
	}
	free(p);
	return 0;
}
