/*
 * store_backup.c - automatic backups beside the database and putting one back (contract
 * in store.h and store_int.h, reasons in docs/storage.md).
 *
 * A backup is path.bak1 (the newest) to path.bakN, each a whole database written by
 * VACUUM INTO, which reads every row through SQLite and so refuses to copy a damaged
 * file. It is written to a temporary name (mode 0600), synced, and renamed into place
 * after the older ones have moved down one number (the oldest drops out), or in place of
 * a newest one that is younger than STORE_BACKUP_SPACING.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/util.h"

/* The statement that writes a backup; the file name is bound, as every value. */
static const char backup_sql[] = "VACUUM INTO ?1";

/* The local time t as "2021-06-03 10:15" into buf. */
static void store_time_text(time_t t, char buf[32])
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, 32, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, 32, "?");
}

/* The name of backup number n of the database at path; malloc'd. */
static char *backup_name(const char *path, int n)
{
	return xasprintf("%s.bak%d", path, n);
}

/* Make the directory entry changes in dir (renames) durable. */
static void backup_sync_dir(const char *path)
{
	char *dir = fileio_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Sync a file's contents to disk; -1 with errno on failure. */
static int backup_sync_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

/* True when the newest backup of path was written less than STORE_BACKUP_SPACING ago. */
static int backup_young(const char *path)
{
	char *first = backup_name(path, 1);
	struct stat st;
	time_t now = time(NULL);
	int young = stat(first, &st) == 0 && st.st_mtime <= now &&
		    now - st.st_mtime < STORE_BACKUP_SPACING;

	free(first);
	return young;
}

int store_backup_write(struct store *s, int *damaged, char **cause)
{
	char *dir = fileio_dirname(s->path), *tmp;
	sqlite3_stmt *st;
	int fd, rc;

	*damaged = 0;
	/* Read-only media, or a directory we may not write: a reader cannot keep backups. */
	if (s->db == NULL || strcmp(s->path, ":memory:") == 0 || access(dir, W_OK | X_OK) != 0) {
		free(dir);
		return 0;
	}
	free(dir);
	tmp = xasprintf("%s.bak-new.XXXXXX", s->path);
	/* mkstemp makes it 0600 and empty, which VACUUM INTO accepts as its target. */
	fd = mkstemp(tmp);
	if (fd < 0) {
		*cause = xasprintf("不能在数据库 %s 旁边建立备份文件（%s）。", s->path,
				   strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if ((st = store_q(s, backup_sql, cause)) == NULL) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		*damaged = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
		*cause = store_failure(s, rc, 0);
		store_done(st);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	store_done(st);
	if (backup_sync_file(tmp) != 0) {
		*cause = xasprintf("备份文件 %s 没能写到磁盘上（%s）。", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	/* Each older one one number down, the oldest overwritten; then the new one in. A
	 * newest one younger than STORE_BACKUP_SPACING is only replaced, so that a day of
	 * short sessions (or a script of `tianbiao set`) does not push out every older one. */
	for (int n = backup_young(s->path) ? 0 : STORE_BACKUPS - 1; n >= 1; n--) {
		char *from = backup_name(s->path, n), *to = backup_name(s->path, n + 1);

		(void)rename(from, to);
		free(from);
		free(to);
	}
	{
		char *first = backup_name(s->path, 1);

		rc = rename(tmp, first);
		if (rc != 0) {
			*cause = xasprintf("备份文件 %s 没能改名为 %s（%s）。", tmp, first,
					   strerror(errno));
			unlink(tmp);
		}
		free(first);
	}
	free(tmp);
	backup_sync_dir(s->path);
	return rc == 0 ? 0 : -1;
}

/* True when time a is later than b (nanoseconds count: a backup follows its checkpoint
 * within the same second). */
static int backup_later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* True when the database at path (or its -wal, when that holds changes) was written
 * after the time t. */
static int backup_db_changed_since(const char *path, const struct timespec *t)
{
	struct stat st;
	char *wal = xasprintf("%s-wal", path);
	int changed = stat(path, &st) != 0 || backup_later(&st.st_mtim, t);

	if (!changed && stat(wal, &st) == 0 && st.st_size > 0 && backup_later(&st.st_mtim, t))
		changed = 1;
	free(wal);
	return changed;
}

int store_backup(struct store *s, char **cause)
{
	char *first = backup_name(s->path, 1);
	struct stat st;
	int damaged = 0, need;

	*cause = NULL;
	/* Only when the database changed after the newest backup was written. */
	need = stat(first, &st) != 0 || backup_db_changed_since(s->path, &st.st_mtim);
	free(first);
	if (!need || s->empty)
		return 0;
	return store_backup_write(s, &damaged, cause);
}

/* Order backups by number. */
static int backup_cmp(const void *a, const void *b)
{
	const struct store_backup *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

int store_backup_list(const char *path, struct store_backup **list, int *n, char **cause)
{
	struct store_backup *l = xcalloc(STORE_BACKUPS, sizeof(*l));
	int k = 0;

	*cause = NULL;
	for (int i = 1; i <= STORE_BACKUPS; i++) {
		char *p = backup_name(path, i);
		struct stat st;

		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			l[k].number = i;
			l[k].path = p;
			l[k].made = st.st_mtime;
			l[k].size = (long long)st.st_size;
			k++;
		} else {
			free(p);
		}
	}
	qsort(l, (size_t)k, sizeof(*l), backup_cmp);
	*list = l;
	*n = k;
	return 0;
}

void store_backup_list_free(struct store_backup *list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i].path);
	free(list);
}

/* The command line that names this database: --db PATH unless it is the default one. */
static char *backup_db_option(const char *path)
{
	char *def = store_default_path();
	char *opt = strcmp(def, path) == 0 ? xstrdup("") : xasprintf("--db %s ", path);

	free(def);
	return opt;
}

char *store_backup_note(const char *path)
{
	struct store_backup *l;
	char when[32], *cause = NULL, *opt, *note;
	int n = 0;

	store_backup_list(path, &l, &n, &cause);
	free(cause);
	if (n == 0) {
		store_backup_list_free(l, n);
		return xstrdup("没有找到它的自动备份；请联系技术人员。");
	}
	opt = backup_db_option(path);
	store_time_text(l[0].made, when);
	note = xasprintf("最近的自动备份是 %s（%s 建立%s）。恢复方法：关闭填表程序，运行 "
			 "tianbiao %srestore %d（现在的数据库会改名保存，不会删除）%s%s%s。",
			 l[0].path, when, l[0].number == 1 ? "" : "，较新的备份不见了", opt,
			 l[0].number, n > 1 ? "；运行 tianbiao " : "", n > 1 ? opt : "",
			 n > 1 ? "restore 可以列出所有备份" : "");
	free(opt);
	store_backup_list_free(l, n);
	return note;
}

/* Copy the file from to the new temporary file fd (already open); -1 with errno. */
static int backup_copy_into(const char *from, int fd)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t r = 0;

	if (in < 0)
		return -1;
	while ((r = read(in, buf, sizeof(buf))) > 0)
		for (ssize_t done = 0, w; done < r; done += w)
			if ((w = write(fd, buf + done, (size_t)(r - done))) < 0) {
				close(in);
				return -1;
			}
	close(in);
	if (r < 0 || fsync(fd) != 0)
		return -1;
	return 0;
}

/* A name beside path for the database a restore puts aside: path.before-restore-TIME. */
static char *restore_aside_name(const char *path)
{
	time_t t = time(NULL);
	struct tm tm;
	char stamp[32] = "0";

	if (localtime_r(&t, &tm) != NULL)
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (int i = 1;; i++) {
		char *p = i == 1 ? xasprintf("%s.before-restore-%s", path, stamp)
				 : xasprintf("%s.before-restore-%s-%d", path, stamp, i);

		if (access(p, F_OK) != 0 && errno == ENOENT)
			return p;
		free(p);
	}
}

/* Check that the file at from is one of our databases and wholly sound. */
static int restore_check(const char *from, char **cause)
{
	char *why = NULL;
	struct store *b = store_open(from, STORE_READONLY, &why);

	if (b == NULL) {
		*cause = xasprintf("备份 %s 不能用：%s", from, why ? why : "");
		free(why);
		return -1;
	}
	if (store_integrity(b, &why) != 0) {
		*cause = xasprintf("备份 %s 也已损坏，不能用：%s", from, why ? why : "");
		free(why);
		store_close(b);
		return -1;
	}
	store_close(b);
	return 0;
}

int store_restore(const char *path, const char *from, char **kept, char **cause)
{
	char *tmp = NULL, *aside = NULL;
	int lockfd = -1, fd = -1, rc = -1;

	*cause = NULL;
	*kept = NULL;
	if (restore_check(from, cause) != 0)
		return -1;
	/* No copy of tianbiao may have the database open while it is replaced. */
	lockfd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (lockfd < 0 && errno != ENOENT) {
		*cause = xasprintf("无法打开数据库文件 %s（%s）。请检查文件的权限。", path,
				   strerror(errno));
		return -1;
	}
	if (lockfd >= 0 && flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
		*cause = xasprintf("数据库 %s 正被另一个填表程序使用。请先关闭所有的填表程序，"
				   "再运行恢复。",
				   path);
		goto out;
	}
	tmp = xasprintf("%s.restore.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || backup_copy_into(from, fd) != 0) {
		*cause = xasprintf("不能把备份 %s 复制到数据库旁边（%s）。请检查磁盘空间和目录的"
				   "权限。数据库没有被改动。",
				   from, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		goto out;
	}
	/* Held until we return, so that a copy started meanwhile finds the new file busy. */
	(void)flock(fd, LOCK_EX | LOCK_NB);
	if (lockfd >= 0) {
		static const char *const sfx[] = { "", "-wal", "-shm" };

		aside = restore_aside_name(path);
		for (int i = 0; i < 3; i++) {
			char *a = xasprintf("%s%s", path, sfx[i]), *b = xasprintf("%s%s", aside, sfx[i]);
			int r = rename(a, b);

			if (r != 0 && (i == 0 || errno != ENOENT)) {
				*cause = xasprintf("数据库 %s 不能改名为 %s（%s）。请检查目录的权限。",
						   a, b, strerror(errno));
				free(a);
				free(b);
				unlink(tmp);
				goto out;
			}
			free(a);
			free(b);
		}
	}
	if (rename(tmp, path) != 0) {
		*cause = xasprintf("备份没能放回 %s（%s）。原来的数据库在 %s，请联系技术人员。",
				   path, strerror(errno), aside ? aside : "(无)");
		goto out;
	}
	backup_sync_dir(path);
	*kept = aside;
	aside = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (lockfd >= 0)
		close(lockfd);
	free(tmp);
	free(aside);
	return rc;
}
