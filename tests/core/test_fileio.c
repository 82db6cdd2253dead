/* test_fileio.c - atomic writes and their failures (full disk on a tiny tmpfs, read-only,
 * missing directory, refused names), free names, mkdir -p, reading. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/util.h"
#include "test.h"

static char tmpdir[256];

/* Number of entries in dir besides . and .. (to see that no temporary file is left). */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* The whole content of a file, or NULL. */
static char *slurp(const char *path)
{
	char *data = NULL, *cause = NULL;
	size_t len;

	if (fileio_read(path, &data, &len, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return data;
}

static void test_write_read(void)
{
	char *p = xasprintf("%s/a.txt", tmpdir), *cause = NULL, *data = NULL;
	struct stat st;
	size_t len = 0;

	CHECK_INT(fileio_write_atomic(p, "黄璐\n", strlen("黄璐\n"), 0644, &cause), 0);
	CHECK(cause == NULL);
	CHECK_INT(fileio_read(p, &data, &len, &cause), 0);
	CHECK_STR(data, "黄璐\n");
	CHECK_INT(len, strlen("黄璐\n"));
	free(data);
	CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0644);
	/* Overwrite: new content, same single file. */
	CHECK_INT(fileio_write_atomic(p, "new", 3, 0600, &cause), 0);
	data = slurp(p);
	CHECK_STR(data, "new");
	free(data);
	CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK_INT(dir_entries(tmpdir), 1);
	/* Empty data, and binary data with NULs. */
	CHECK_INT(fileio_write_atomic(p, "", 0, 0644, &cause), 0);
	CHECK(stat(p, &st) == 0 && st.st_size == 0);
	CHECK_INT(fileio_write_atomic(p, "a\0b", 3, 0644, &cause), 0);
	CHECK_INT(fileio_read(p, &data, &len, &cause), 0);
	CHECK_INT(len, 3);
	CHECK(data != NULL && memcmp(data, "a\0b", 4) == 0);
	free(data);
	unlink(p);
	free(p);
	/* A relative name writes in the current directory. */
	CHECK_INT(chdir(tmpdir), 0);
	CHECK_INT(fileio_write_atomic("rel.txt", "x", 1, 0644, &cause), 0);
	CHECK(access("rel.txt", F_OK) == 0);
	unlink("rel.txt");
	CHECK_INT(chdir("/"), 0);
}

static void test_read_errors(void)
{
	char *p = xasprintf("%s/missing.txt", tmpdir), *cause = NULL, *data = NULL;
	int fd;

	CHECK_INT(fileio_read(p, &data, NULL, &cause), -1);
	CHECK(data == NULL);
	CHECK(cause != NULL && str_starts(cause, "找不到文件："));
	free(cause);
	cause = NULL;
	CHECK_INT(fileio_read(tmpdir, &data, NULL, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "是一个目录，不是文件") != NULL);
	free(cause);
	cause = NULL;
	/* Past 64 MiB: a sparse file costs nothing. */
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	CHECK(fd >= 0 && ftruncate(fd, (off_t)65 * 1024 * 1024) == 0);
	close(fd);
	CHECK_INT(fileio_read(p, &data, NULL, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "文件太大（超过64MB）") != NULL);
	free(cause);
	unlink(p);
	free(p);
}

static void test_write_errors(void)
{
	char *cause = NULL, *p, *old;
	char longname[400];

	/* A missing directory. */
	p = xasprintf("%s/no/such/a.txt", tmpdir);
	CHECK_INT(fileio_write_atomic(p, "x", 1, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "目录不存在：") &&
	      strstr(cause, "/no/such。") != NULL);
	free(cause);
	cause = NULL;
	free(p);
	/* A name longer than the file system takes; the old tmp files are gone too. */
	memset(longname, 'x', 300);
	longname[300] = '\0';
	p = xasprintf("%s/%s.csv", tmpdir, longname);
	CHECK_INT(fileio_write_atomic(p, "x", 1, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "文件名太长，文件系统不接受。"));
	free(cause);
	cause = NULL;
	free(p);
	CHECK_INT(dir_entries(tmpdir), 0);
	/* The target is a directory. */
	p = xasprintf("%s/sub", tmpdir);
	CHECK_INT(mkdir(p, 0700), 0);
	CHECK_INT(fileio_write_atomic(p, "x", 1, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "已有一个同名的目录："));
	free(cause);
	cause = NULL;
	rmdir(p);
	free(p);
	/* A file where a directory should be. */
	p = xasprintf("%s/file", tmpdir);
	CHECK_INT(fileio_write_atomic(p, "x", 1, 0644, &cause), 0);
	old = xasprintf("%s/file/a.txt", tmpdir);
	CHECK_INT(fileio_write_atomic(old, "x", 1, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "路径中有一部分不是目录："));
	free(cause);
	cause = NULL;
	unlink(p);
	free(p);
	free(old);
	CHECK_INT(dir_entries(tmpdir), 0);
}

/* Mount a tmpfs of the given options on dir; 0 when it worked (root only). */
static int tmpfs_mount(const char *dir, const char *opts)
{
	return mount("tmpfs", dir, "tmpfs", 0, opts);
}

/* Can this process mount a small tmpfs? Not without root, nor in most containers. */
static int can_mount(void)
{
	char *mnt = xasprintf("%s/probe", tmpdir);
	int ok = mkdir(mnt, 0700) == 0 && tmpfs_mount(mnt, "size=64k") == 0;

	if (ok)
		ok = umount(mnt) == 0;
	else
		printf("# cannot mount a tmpfs: %s\n", strerror(errno));
	rmdir(mnt);
	free(mnt);
	return ok;
}

/* A full disk: no partial file, and the earlier file is intact. */
static void test_disk_full(void)
{
	char *mnt = xasprintf("%s/small", tmpdir), *p, *cause = NULL, *data;
	size_t big = 256 * 1024;
	char *junk;

	CHECK_INT(mkdir(mnt, 0700), 0);
	if (tmpfs_mount(mnt, "size=64k") != 0) {
		printf("#   mount: %s\n", strerror(errno));
		test_failed_checks++;
		rmdir(mnt);
		free(mnt);
		return;
	}
	p = xasprintf("%s/附件1.csv", mnt);
	CHECK_INT(fileio_write_atomic(p, "old content", 11, 0644, &cause), 0);
	junk = xmalloc(big);
	memset(junk, 'x', big);
	CHECK_INT(fileio_write_atomic(p, junk, big, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "磁盘已满，文件没有写成。请清理磁盘后再导出。"));
	free(cause);
	cause = NULL;
	data = slurp(p);
	CHECK_STR(data, "old content");
	free(data);
	CHECK_INT(dir_entries(mnt), 1);
	/* A new file that does not fit leaves nothing at all. */
	free(p);
	p = xasprintf("%s/new.txt", mnt);
	CHECK_INT(fileio_write_atomic(p, junk, big, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "磁盘已满"));
	free(cause);
	cause = NULL;
	CHECK(access(p, F_OK) != 0);
	CHECK_INT(dir_entries(mnt), 1);
	free(junk);
	free(p);
	CHECK_INT(umount(mnt), 0);
	rmdir(mnt);
	free(mnt);
}

/* A read-only file system: a clear message, the old file intact. */
static void test_read_only(void)
{
	char *mnt = xasprintf("%s/ro", tmpdir), *p, *cause = NULL, *data;

	CHECK_INT(mkdir(mnt, 0700), 0);
	if (tmpfs_mount(mnt, "size=64k") != 0) {
		printf("#   mount: %s\n", strerror(errno));
		test_failed_checks++;
		rmdir(mnt);
		free(mnt);
		return;
	}
	p = xasprintf("%s/a.txt", mnt);
	CHECK_INT(fileio_write_atomic(p, "old", 3, 0644, &cause), 0);
	CHECK_INT(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), 0);
	CHECK_INT(fileio_write_atomic(p, "new", 3, 0644, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "这个位置是只读的，不能写入文件。"));
	free(cause);
	cause = NULL;
	data = slurp(p);
	CHECK_STR(data, "old");
	free(data);
	CHECK_INT(fileio_mkdirs(mnt, &cause), 0);	/* it exists: fine even read-only */
	free(p);
	p = xasprintf("%s/sub/dir", mnt);
	CHECK_INT(fileio_mkdirs(p, &cause), -1);
	CHECK(cause != NULL && str_starts(cause, "这个位置是只读的，不能建立目录"));
	free(cause);
	free(p);
	CHECK_INT(umount(mnt), 0);
	rmdir(mnt);
	free(mnt);
}

static void test_free_name(void)
{
	char *cause = NULL, *p, *q;

	p = fileio_free_name(tmpdir, "单位_附件1_联络员反馈表_20210605", "csv", &cause);
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605.csv", tmpdir);
	CHECK_STR(p, q);
	CHECK_INT(fileio_write_atomic(p, "1", 1, 0644, &cause), 0);
	free(p);
	free(q);
	p = fileio_free_name(tmpdir, "单位_附件1_联络员反馈表_20210605", "csv", &cause);
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605(2).csv", tmpdir);
	CHECK_STR(p, q);
	CHECK_INT(fileio_write_atomic(p, "2", 1, 0644, &cause), 0);
	free(p);
	free(q);
	p = fileio_free_name(tmpdir, "单位_附件1_联络员反馈表_20210605", ".csv", &cause);
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605(3).csv", tmpdir);
	CHECK_STR(p, q);
	free(p);
	free(q);
	/* Another extension is another name. */
	p = fileio_free_name(tmpdir, "单位_附件1_联络员反馈表_20210605", "txt", &cause);
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605.txt", tmpdir);
	CHECK_STR(p, q);
	free(p);
	free(q);
	/* A trailing slash on the directory is not doubled. */
	q = xasprintf("%s/", tmpdir);
	p = fileio_free_name(q, "x", "txt", &cause);
	free(q);
	q = xasprintf("%s/x.txt", tmpdir);
	CHECK_STR(p, q);
	free(p);
	free(q);
	/* A missing directory. */
	q = xasprintf("%s/nowhere", tmpdir);
	p = fileio_free_name(q, "x", "txt", &cause);
	CHECK(p == NULL);
	CHECK(cause != NULL && str_starts(cause, "目录不存在："));
	free(cause);
	cause = NULL;
	free(q);
	/* A file instead of a directory. */
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605.csv", tmpdir);
	p = fileio_free_name(q, "x", "txt", &cause);
	CHECK(p == NULL);
	CHECK(cause != NULL && strstr(cause, "不是目录") != NULL);
	free(cause);
	unlink(q);
	free(q);
	q = xasprintf("%s/单位_附件1_联络员反馈表_20210605(2).csv", tmpdir);
	unlink(q);
	free(q);
	CHECK_INT(dir_entries(tmpdir), 0);
}

/* A move never replaces a file at its target, by renameat2 or by the link fallback. */
static void test_move_noreplace(void)
{
	int (*const move[])(const char *, const char *) = { fileio_move_noreplace,
							    fileio_move_by_link };
	char *a = xasprintf("%s/a.csv", tmpdir), *b = xasprintf("%s/b.csv", tmpdir), *cause = NULL;
	char *s;

	for (size_t i = 0; i < sizeof move / sizeof move[0]; i++) {
		CHECK_INT(fileio_write_atomic(a, "new", 3, 0644, &cause), 0);
		CHECK_INT(fileio_write_atomic(b, "old", 3, 0644, &cause), 0);
		errno = 0;
		CHECK_INT(move[i](a, b), -1);
		CHECK_INT(errno, EEXIST);
		s = slurp(a);
		CHECK_STR(s, "new");
		free(s);
		s = slurp(b);
		CHECK_STR(s, "old");
		free(s);
		unlink(b);
		CHECK_INT(move[i](a, b), 0);
		CHECK_INT(access(a, F_OK), -1);
		s = slurp(b);
		CHECK_STR(s, "new");
		free(s);
		errno = 0;
		CHECK_INT(move[i](a, b), -1);	/* nothing to move */
		CHECK_INT(errno, ENOENT);
		unlink(b);
	}
	CHECK_INT(dir_entries(tmpdir), 0);
	free(a);
	free(b);
}

static void test_mkdirs(void)
{
	char *cause = NULL, *p = xasprintf("%s/a/b/c/", tmpdir), *f;
	struct stat st;

	CHECK_INT(fileio_mkdirs(p, &cause), 0);
	CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK_INT(fileio_mkdirs(p, &cause), 0);	/* again: nothing to do */
	f = xasprintf("%s/a/file", tmpdir);
	CHECK_INT(fileio_write_atomic(f, "x", 1, 0644, &cause), 0);
	free(p);
	p = xasprintf("%s/a/file/d", tmpdir);
	CHECK_INT(fileio_mkdirs(p, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "已经存在，但不是目录") != NULL);
	free(cause);
	unlink(f);
	free(f);
	free(p);
	p = xasprintf("%s/a/b/c", tmpdir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/a/b", tmpdir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/a", tmpdir);
	rmdir(p);
	free(p);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/tb-fileio-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	umask(022);
	TEST_RUN(test_write_read);
	TEST_RUN(test_read_errors);
	TEST_RUN(test_write_errors);
	if (can_mount()) {
		TEST_RUN(test_disk_full);
		TEST_RUN(test_read_only);
	} else {
		TEST_SKIP(test_disk_full, "needs root to mount a small tmpfs");
		TEST_SKIP(test_read_only, "needs root to mount a small tmpfs");
	}
	TEST_RUN(test_free_name);
	TEST_RUN(test_mkdirs);
	TEST_RUN(test_move_noreplace);
	rmdir(tmpdir);
	return test_done();
}
