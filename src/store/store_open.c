/*
 * store_open.c - opening a database (contract in store.h, reasons in docs/storage.md):
 * the checks of the file before SQLite sees it, the instance lock, the connection's
 * settings, the checks that the file is ours and sound, and the migrations.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/fileio.h"
#include "../core/util.h"

#define STORE_BUSY_MS 3000
/* PRAGMA journal_size_limit: about the size the WAL reaches between automatic checkpoints
 * (1000 pages), so a session never shrinks it; the last close truncates it to 0 bytes. */
#define STORE_WAL_LIMIT (4 * 1024 * 1024)
/* Below this size the whole file is checked on every open: it costs under a millisecond
 * (a unit's database is some 100 KB); larger files only when there is a reason. */
#define STORE_SMALL (1024 * 1024)

/* The message for a file that is not one of our databases; nothing was written to it. */
static char *store_not_ours(const char *path)
{
	struct store_backup *l;
	char *cause = NULL, *note, *msg;
	int n = 0;

	store_backup_list(path, &l, &n, &cause);
	store_backup_list_free(l, n);
	free(cause);
	if (n == 0)
		return xasprintf("文件 %s 不是填表程序的数据库，或已损坏。文件没有被改动。"
				 "请检查 --db 指定的文件名是否正确。",
				 path);
	note = store_backup_note(path);
	msg = xasprintf("文件 %s 不是填表程序的数据库，或已损坏。文件没有被改动。请检查 --db "
			"指定的文件名是否正确；如果是数据库损坏：%s",
			path, note);
	free(note);
	return msg;
}

/* The message for a damaged database (what showed it in detail); nothing was written. */
static char *store_damaged(const char *path, const char *detail)
{
	char *note = store_backup_note(path);
	char *msg = xasprintf("数据库 %s 已损坏（%s）。文件没有被改动。%s", path, detail, note);

	free(note);
	return msg;
}

/* The message for a database made by a newer tianbiao. */
static char *store_newer(const char *path, long version)
{
	return xasprintf("数据库 %s 是较新版本的填表程序建立的（数据格式 %ld，本程序只认识"
			 "格式 %d）。文件没有被改动。请使用新版本的填表程序打开它。",
			 path, version, store_schema_version);
}

/* A 32-bit big-endian number, as the SQLite header keeps them. */
static unsigned long store_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       (unsigned long)p[3];
}

/* The size of path's companion sfx ("-wal", "-shm"), or -1 when there is none. */
static long long store_side_size(const char *path, const char *sfx)
{
	char *p = xasprintf("%s%s", path, sfx);
	struct stat st;
	long long n = stat(p, &st) == 0 ? (long long)st.st_size : -1;

	free(p);
	return n;
}

/*
 * True when the header says the file holds more pages than it has, or the file is not a
 * whole number of pages: cut short (an interrupted copy, a full stick). The header's page
 * count is trusted only as SQLite does (its "version valid for" equals the change
 * counter), and only while no -wal holds changes (a checkpoint in progress may have
 * written page 1 before the pages it counts).
 */
static int store_cut_short(const char *path, const unsigned char *head, off_t size)
{
	unsigned long psize = (unsigned long)head[16] << 8 | head[17];
	unsigned long pages = store_be32(head + 28);

	if (psize == 1)
		psize = 65536;
	if (psize < 512 || (psize & (psize - 1)) != 0 || store_side_size(path, "-wal") > 0)
		return 0;
	if ((unsigned long long)size % psize != 0)
		return 1;
	return pages != 0 && store_be32(head + 24) == store_be32(head + 92) &&
	       (unsigned long long)pages * psize > (unsigned long long)size;
}

/*
 * Look at the file before SQLite does: its directory, its kind, and its first 100
 * bytes, so that a text file or garbage is refused without SQLite touching it.
 * Returns 1 when path is missing, 0 when it is a regular file that may be a database.
 */
static int store_check_file(const char *path, int flags, char **cause)
{
	char *dir = fileio_dirname(path);
	struct stat st;
	off_t size;
	unsigned char head[100];
	ssize_t n;
	int fd;

	if (stat(dir, &st) != 0) {
		*cause = errno == ENOENT
			 ? xasprintf("目录 %s 不存在。请先建立这个目录，或用 --db 指定其他位置的"
				     "数据库文件。",
				     dir)
			 : xasprintf("无法进入目录 %s（%s）。请检查目录的权限，或用 --db 指定其他"
				     "位置的数据库文件。",
				     dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s 不是目录。请用 --db 指定正确的数据库文件路径。", dir);
		free(dir);
		return -1;
	}
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			*cause = xasprintf("无法访问数据库文件 %s（%s）。请检查文件及其所在目录的"
					   "权限。",
					   path, strerror(errno));
			free(dir);
			return -1;
		}
		if (!(flags & STORE_CREATE) || (flags & STORE_READONLY)) {
			*cause = xasprintf("数据库文件 %s 不存在。请检查文件名，或用 --db 指定"
					   "正确的数据库文件。",
					   path);
			free(dir);
			return -1;
		}
		free(dir);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s 是一个目录，不是数据库文件。请用 --db 指定一个文件。", path);
		free(dir);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s 不是普通文件，不能用作数据库。请用 --db 指定一个文件。",
				   path);
		free(dir);
		return -1;
	}
	size = st.st_size;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*cause = xasprintf("无法读取数据库文件 %s（%s）。请检查文件的权限。", path,
				   strerror(errno));
		free(dir);
		return -1;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	/* An empty file is a database without tables yet, as SQLite sees it. */
	if (n != 0 && (n != (ssize_t)sizeof(head) || memcmp(head, "SQLite format 3", 16) != 0)) {
		*cause = store_not_ours(path);
		free(dir);
		return -1;
	}
	/*
	 * What the header settles alone, before SQLite opens the file and leaves -wal and
	 * -shm files beside it: another program's mark, or a newer schema. (A newer page 1
	 * can wait in the WAL only for a file of ours; store_setup looks again.)
	 */
	if (n == (ssize_t)sizeof(head)) {
		unsigned long version = store_be32(head + 60), app = store_be32(head + 68);

		if ((app != 0 && app != STORE_APP_ID) || (app == 0 && version != 0)) {
			*cause = store_not_ours(path);
			free(dir);
			return -1;
		}
		if (version > (unsigned long)store_schema_version) {
			*cause = store_newer(path, (long)version);
			free(dir);
			return -1;
		}
		if (store_cut_short(path, head, size)) {
			*cause = store_damaged(path, "文件比它的头部记录的短，可能复制时中断了");
			free(dir);
			return -1;
		}
	}
	/* WAL keeps two files beside the database (-wal, -shm): the directory must take them. */
	if (!(flags & STORE_READONLY) && access(dir, W_OK | X_OK) != 0) {
		*cause = xasprintf("数据库文件所在的目录 %s 不能写入（%s），填表程序需要在那里建立"
				   "临时文件。请检查目录的权限，或把数据库复制到可以写入的位置后用 "
				   "--db 打开。文件没有被改动。",
				   dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

/*
 * The descriptor that holds the instance lock: the new file itself (created 0600, so
 * no other user can read the values), or the existing file opened for writing, which
 * also tells us whether it is writable. *created says we made it.
 */
static int store_lock_fd(const char *path, int missing, int *created, char **cause)
{
	int fd;

	*created = 0;
	if (missing) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd < 0) {
			*cause = xasprintf("无法建立数据库文件 %s（%s）。请换一个有写入权限的位置，"
					   "用 --db 指定。",
					   path, strerror(errno));
			return -1;
		}
		*created = 1;
		/* The umask can only take bits away; make it exactly 0600. */
		(void)fchmod(fd, 0600);
	} else {
		fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			int ro = errno == EACCES || errno == EROFS || errno == EPERM ||
				 errno == ETXTBSY;

			*cause = ro ? xasprintf("数据库文件 %s 是只读的（%s），不能保存修改。"
						"文件没有被改动。请检查文件的权限（或磁盘是否"
						"写保护），或把它复制到可以写入的位置后用 --db "
						"打开。",
						path, strerror(errno))
				    : xasprintf("无法打开数据库文件 %s（%s）。请检查文件的权限。",
						path, strerror(errno));
			return -1;
		}
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			*cause = xasprintf("数据库 %s 正被另一个填表程序使用。"
					   "请先关闭另一个窗口中的填表程序，再重试。",
					   path);
		else
			*cause = xasprintf("无法锁定数据库文件 %s（%s）。数据库不能放在网络共享目录"
					   "中，请把它放在本机磁盘上。",
					   path, strerror(errno));
		close(fd);
		/* Whoever holds the lock may already use the file we made: it stays. */
		*created = 0;
		return -1;
	}
	return fd;
}

/* Remove a database file and every companion SQLite may have made beside it. */
static void store_unlink_db(const char *path)
{
	const char *sfx[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		unlink(p);
		free(p);
	}
}

/*
 * Close everything. remove is set only for a file this open made, which therefore
 * holds nothing; it goes while we still hold the lock, so no other copy can be using it.
 */
static void store_free(struct store *s, int remove)
{
	if (s == NULL)
		return;
	store_q_free(s);
	sqlite3_close(s->db);
	if (remove)
		store_unlink_db(s->path);
	if (s->copydir != NULL) {
		char *copy = xasprintf("%s/copy.db", s->copydir);

		store_unlink_db(copy);
		rmdir(s->copydir);
		free(copy);
		free(s->copydir);
	}
	/* Only now: closing any descriptor of the file drops SQLite's own POSIX locks on it. */
	if (s->lockfd >= 0)
		close(s->lockfd);
	free(s->path);
	free(s);
}

/* One integer from a PRAGMA that returns one row. */
static int store_pragma_int(struct store *s, const char *sql, int *val, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*val = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK && (rc & 0xff) == SQLITE_CORRUPT)
		*cause = store_damaged(s->path, sqlite3_errmsg(s->db));
	else if (rc != SQLITE_OK && (rc & 0xff) == SQLITE_NOTADB)
		*cause = store_not_ours(s->path);
	else if (rc != SQLITE_OK)
		*cause = store_failure(s, rc, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * Run a check PRAGMA; on trouble *cause lists its first lines. quick_check and
 * integrity_check answer "ok" (says_ok); foreign_key_check answers nothing when sound.
 */
static int store_check(struct store *s, const char *sql, int says_ok, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct strbuf sb = STRBUF_INIT;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	int lines = 0, ok = 0;

	if (rc == SQLITE_OK)
		rc = SQLITE_ROW;
	while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t != NULL && strcmp(t, "ok") == 0) {
			ok = 1;
			continue;
		}
		if (++lines <= 5)
			strbuf_addf(&sb, "%s%s", lines > 1 ? "；" : "", t ? t : "?");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			*cause = store_not_ours(s->path);
		else if ((rc & 0xff) == SQLITE_CORRUPT)
			*cause = store_damaged(s->path, sqlite3_errmsg(s->db));
		else
			*cause = store_failure(s, rc, 0);
		strbuf_free(&sb);
		return -1;
	}
	if ((says_ok && !ok) || lines > 0) {
		char *detail = xasprintf("检查结果：%s", lines ? strbuf_str(&sb) : "无结果");

		*cause = store_damaged(s->path, detail);
		free(detail);
		strbuf_free(&sb);
		return -1;
	}
	strbuf_free(&sb);
	return 0;
}

/* True when the file already has tables or other schema objects. */
static int store_has_objects(struct store *s, int *has, char **cause)
{
	return store_pragma_int(s, "SELECT count(*) > 0 FROM sqlite_master", has, cause);
}

/*
 * The checks that settle whether the file is ours, sound and not too new; *version is
 * its schema version. They run in the caller's read transaction.
 */
static int store_checks(struct store *s, int *version, char **cause)
{
	int app = 0, has = 0, tables = 0;

	/* The whole of the database file, when there is a reason (see store_open); without
	 * "main." it would also check the connection's temp database, which is empty. */
	if (s->check_all && store_check(s, "PRAGMA main.quick_check", 1, cause) != 0)
		return -1;
	if (store_pragma_int(s, "PRAGMA user_version", version, cause) != 0 ||
	    store_pragma_int(s, "PRAGMA application_id", &app, cause) != 0)
		return -1;
	/* Only an unmarked file can be an empty new one or another program's. */
	if (app == 0 && store_has_objects(s, &has, cause) != 0)
		return -1;
	/* Another program's SQLite file: marked by someone else, or tables but no version. */
	if ((app != 0 && app != STORE_APP_ID) || (app == 0 && (*version != 0 || has))) {
		*cause = store_not_ours(s->path);
		return -1;
	}
	if (*version > store_schema_version) {
		*cause = store_newer(s->path, *version);
		return -1;
	}
	/* Cheap, on every open: the tables every version has are there (this reads the
	 * schema's pages only). */
	if (*version >= 1 &&
	    (store_pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
				 " name IN ('meta', 'units', 'submissions', 'vals', 'grouprows')",
			      &tables, cause) != 0))
		return -1;
	if (*version >= 1 && tables != 5) {
		*cause = store_damaged(s->path, "缺少数据表");
		return -1;
	}
	return 0;
}

/*
 * A file of ours keeps its -wal (empty, truncated at the last close) and -shm beside it
 * between runs, so that a start does not create both and the exit remove them again.
 * Only a connection that may write sets this: a reader closing last removes them.
 */
static void store_keep_wal(struct store *s)
{
	int on = 1;
	char pragma[64];

	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
	/* Without a limit SQLite leaves the WAL at its largest size instead of truncating. */
	snprintf(pragma, sizeof(pragma), "PRAGMA journal_size_limit = %d", STORE_WAL_LIMIT);
	sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
}

/* The checks and settings every opened database goes through, in an order that writes
 * nothing until the file is known to be ours and sound. */
static int store_setup(struct store *s, char **cause)
{
	int version = 0, wal = 0;
	sqlite3_stmt *st = NULL;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		*cause = store_failure(s, sqlite3_errcode(s->db), 0);
		return -1;
	}
	/* One read transaction for all the checks: the WAL read lock is taken once, not
	 * once per statement. */
	if (store_begin_read(s, cause) != 0)
		return -1;
	if (store_checks(s, &version, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, cause) != 0)
		return -1;
	if (s->readonly) {
		if (version == 0) {
			s->empty = 1;
		} else if (version < store_schema_readable) {
			*cause = xasprintf("数据库 %s 是旧版本的格式（%d），需要先升级。请不加"
					   "只读选项运行一次填表程序，它会自动升级数据库。",
					   s->path, version);
			return -1;
		}
		return 0;
	}
	/* The journal mode is kept in the file; the answer says whether WAL took effect. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);

		wal = m != NULL && (strcmp(m, "wal") == 0 || strcmp(m, "memory") == 0);
	}
	sqlite3_finalize(st);
	if (!wal) {
		*cause = xasprintf("数据库 %s 不能使用预写日志（WAL）模式（%s）。文件没有被改动。"
				   "数据库不能放在网络共享目录中，请把它放在本机磁盘上。",
				   s->path, sqlite3_errmsg(s->db));
		return -1;
	}
	if (sqlite3_exec(s->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK) {
		*cause = store_failure(s, sqlite3_errcode(s->db), 0);
		return -1;
	}
	store_keep_wal(s);
	return store_migrate(s, version, cause);
}

/* True when the file and its directory can both be written. */
static int store_writable(const char *path)
{
	char *dir = fileio_dirname(path);
	int ok = access(path, W_OK) == 0 && access(dir, W_OK | X_OK) == 0;

	free(dir);
	return ok;
}

/* True when path's companion sfx exists and can be opened with mode (R_OK, W_OK). */
static int store_side_access(const char *path, const char *sfx, int mode)
{
	char *p = xasprintf("%s%s", path, sfx);
	int ok = access(p, mode) == 0;

	free(p);
	return ok;
}

/* The name of the user with uid (malloc'd), or the number when it has none. */
static char *store_user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw != NULL && pw->pw_name != NULL ? xstrdup(pw->pw_name)
						 : xasprintf("%lu", (unsigned long)uid);
}

/*
 * True when some process has the -shm at p open through SQLite: every connection holds
 * a read lock on its "dead man switch" byte (offset 128) while it uses the file.
 */
static int store_shm_in_use(const char *p)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 120, .l_len = 9 };
	int used = 0;

	if (fd < 0)
		return 0;	/* unreadable to us: nobody we could disturb reads it as us */
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		used = 1;
	close(fd);
	return used;
}

/*
 * A writer's -wal and -shm must be writable by it, or every save fails with "readonly
 * database". Such files are left by a read-only SQLite connection (an older tianbiao,
 * the sqlite3 program) made with the database file's mode and the reader's owner. Ours
 * get mode 0600 back; another user's go when the -wal holds no changes and no program
 * has the -shm open; otherwise the message names the file and its owner. Runs under the
 * instance lock, before SQLite opens the file.
 */
static int store_fix_sides(const char *path, char **cause)
{
	const char *sfx[] = { "-wal", "-shm" };
	char *p[2];
	struct stat st[2];
	int bad[2] = { 0, 0 }, rc = 0;

	for (int i = 0; i < 2; i++) {
		p[i] = xasprintf("%s%s", path, sfx[i]);
		if (lstat(p[i], &st[i]) != 0 || access(p[i], R_OK | W_OK) == 0)
			continue;
		if (st[i].st_uid == geteuid() && S_ISREG(st[i].st_mode) && chmod(p[i], 0600) == 0 &&
		    access(p[i], R_OK | W_OK) == 0)
			continue;
		bad[i] = 1;
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		char *who;

		if (!bad[i])
			continue;
		who = store_user_name(st[i].st_uid);
		if (i == 0 && st[0].st_size > 0) {
			*cause = xasprintf("数据库 %s 旁边的文件 %s 不能写入（它属于用户 %s），"
					   "里面还有没有写进数据库的修改。请以用户 %s 的身份运行一次"
					   "填表程序（它会把修改写进数据库），或请技术人员把这个文件的"
					   "所有者改为您。文件没有被改动。",
					   path, p[0], who, who);
			rc = -1;
		} else if (i == 1 && store_shm_in_use(p[1])) {
			*cause = xasprintf("数据库 %s 正被用户 %s 的另一个程序读取，它旁边的文件 %s "
					   "不能写入。请等那个程序关闭后再重试。文件没有被改动。",
					   path, who, p[1]);
			rc = -1;
		} else if (unlink(p[i]) != 0) {
			*cause = xasprintf("数据库 %s 旁边的文件 %s 不能写入，也不能删除（它属于"
					   "用户 %s；%s）。请删除这个文件（里面没有数据），或请技术人员"
					   "帮忙，然后重试。文件没有被改动。",
					   path, p[i], who, strerror(errno));
			rc = -1;
		}
		free(who);
	}
	free(p[0]);
	free(p[1]);
	return rc;
}

/* A file: URI for path, for SQLite's query parameters; '%', '?' and '#' are escaped. */
static char *store_uri(const char *path, const char *query)
{
	struct strbuf sb = STRBUF_INIT;

	/* "file://" and an empty authority before an absolute path, so "//x" stays a path. */
	strbuf_addf(&sb, "file:%s", path[0] == '/' ? "//" : "");
	for (const char *p = path; *p != '\0'; p++)
		if (*p == '%' || *p == '?' || *p == '#')
			strbuf_addf(&sb, "%%%02X", (unsigned)(unsigned char)*p);
		else
			strbuf_addc(&sb, *p);
	strbuf_addf(&sb, "?%s", query);
	return strbuf_detach(&sb);
}

/* Copy file from to a new file to (mode 0600); -1 with errno set on failure. */
static int store_copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOCTTY), out = -1, err = 0;
	ssize_t n = 0;

	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		for (ssize_t done = 0, w; done < n; done += w)
			if ((w = write(out, buf + done, (size_t)(n - done))) < 0) {
				n = -1;
				break;
			}
	if (in < 0 || out < 0 || n < 0)
		err = errno ? errno : EIO;
	if (out >= 0 && close(out) != 0 && err == 0)
		err = errno;
	if (in >= 0)
		close(in);
	errno = err;
	return err ? -1 : 0;
}

/*
 * A reader that cannot write the file or its directory, beside a -wal that holds changes
 * but no -shm (a copy from a crashed session on a CD, say): SQLite would have to make the
 * -shm, so the reader reads a private copy of both in the temporary directory instead.
 * Returns the copy's path (malloc'd) and sets s->copydir.
 */
static char *store_private_copy(struct store *s, char **cause)
{
	const char *tmp = config_get()->tmpdir;
	char *dir = xasprintf("%s/tianbiao-read.XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	char *copy = NULL, *wal = NULL, *from = NULL;

	if (mkdtemp(dir) == NULL) {
		*cause = xasprintf("不能建立临时目录来读取数据库 %s（%s）。请检查临时目录 %s。",
				   s->path, strerror(errno), dir);
		free(dir);
		return NULL;
	}
	s->copydir = dir;
	copy = xasprintf("%s/copy.db", dir);
	wal = xasprintf("%s-wal", copy);
	from = xasprintf("%s-wal", s->path);
	if (store_copy_file(s->path, copy) != 0 || store_copy_file(from, wal) != 0) {
		*cause = xasprintf("不能把数据库 %s 复制到临时目录 %s 来读取（%s）。请检查"
				   "临时目录的空间，或把数据库和它旁边的 -wal 文件一起复制到可以"
				   "写入的位置后用 --db 打开。",
				   s->path, dir, strerror(errno));
		free(copy);
		copy = NULL;
	}
	free(wal);
	free(from);
	return copy;
}

/*
 * Open the connection of a reader that cannot write the file or its directory, so that
 * it makes no file beside the database (such files, with the database's mode and the
 * reader's owner, would stop the next writer) and works on read-only media:
 * - no changes waiting in a -wal: the file alone is the database, read as immutable
 *   (no locks, no -shm);
 * - changes waiting and a -shm to read: a plain read-only connection (SQLite reads the
 *   -wal with an index of its own when it cannot write the -shm);
 * - changes waiting but no -shm: a private copy of both, see store_private_copy.
 */
static int store_open_reader(struct store *s, char **cause)
{
	const char *path = s->path;
	char *uri = NULL, *copy = NULL;
	int rc;

	if (store_side_size(path, "-wal") <= 0) {
		uri = store_uri(path, "mode=ro&immutable=1");
		rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	} else if (!store_side_access(path, "-wal", R_OK)) {
		*cause = xasprintf("数据库 %s 旁边的文件 %s-wal 里有还没有写进数据库的修改，但是"
				   "不能读取（%s）。请以数据库所有者的身份运行填表程序，或请技术"
				   "人员检查这个文件的权限。文件没有被改动。",
				   path, path, strerror(errno));
		return -1;
	} else if (store_side_access(path, "-shm", R_OK)) {
		rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL);
	} else {
		if ((copy = store_private_copy(s, cause)) == NULL)
			return -1;
		rc = sqlite3_open_v2(copy, &s->db, SQLITE_OPEN_READWRITE, NULL);
	}
	free(uri);
	free(copy);
	if (rc != SQLITE_OK) {
		if (s->db == NULL)
			util_fatal("内存不足 (out of memory opening SQLite)");
		*cause = store_failure(s, rc, 0);
		return -1;
	}
	return 0;
}

/* True when a writer (a copy of tianbiao that may write) has the database open now. */
int store_locked(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), alive = 0;

	if (fd < 0)
		return 0;
	/* Before SQLite opens the file: closing this descriptor drops no lock of its. */
	if (flock(fd, LOCK_SH | LOCK_NB) != 0)
		alive = errno == EWOULDBLOCK;
	close(fd);
	return alive;
}

/* A name beside path for a copy of a damaged -wal: path-wal.damaged-YYYYMMDD-HHMMSS. */
static char *store_wal_aside_name(const char *path)
{
	time_t t = time(NULL);
	struct tm tm;
	char stamp[32] = "0";

	if (localtime_r(&t, &tm) != NULL)
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (int i = 1;; i++) {
		char *p = i == 1 ? xasprintf("%s-wal.damaged-%s", path, stamp)
				 : xasprintf("%s-wal.damaged-%s-%d", path, stamp, i);

		if (access(p, F_OK) != 0 && errno == ENOENT)
			return p;
		free(p);
	}
}

/* Copy the damaged -wal of path aside (0600, synced); its name, or NULL with *cause. */
static char *store_keep_wal_copy(const char *path, char **cause)
{
	char *from = xasprintf("%s-wal", path), *to = store_wal_aside_name(path);
	int fd;

	if (store_copy_file(from, to) != 0 ||
	    (fd = open(to, O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0 || fsync(fd) != 0) {
		*cause = xasprintf("数据库 %s 的预写日志 %s 损坏了，但不能另存它（%s）。文件没有"
				   "被改动。请检查磁盘空间，或请技术人员帮忙。",
				   path, from, strerror(errno));
		unlink(to);
		free(from);
		free(to);
		return NULL;
	}
	close(fd);
	free(from);
	return to;
}

/* The time of the newest change the opened database holds (malloc'd; "" when none). */
static char *store_newest_change(struct store *s)
{
	sqlite3_stmt *st = NULL;
	char *t = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT max(updated) FROM submissions", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		t = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* 2021-06-03T10:15:30+08:00 as people write it: 2021-06-03 10:15:30. */
	if (t != NULL && strlen(t) >= 19) {
		t[10] = ' ';
		t[19] = '\0';
	}
	return t != NULL ? t : xstrdup("");
}

/*
 * The -wal held saves that SQLite's recovery cannot reach (store_wal.c): say so instead
 * of showing the database without them. The -wal is copied aside first; a connection that
 * may write then lets SQLite recover what it can and empties the -wal, so that the next
 * start goes on from there. Always returns -1 with *cause.
 */
static int store_wal_lost(struct store *s, const struct store_wal_info *wi, int can_write,
			  char **cause)
{
	char *kept, *when, *note;

	if (!can_write) {
		*cause = xasprintf("数据库 %s 的预写日志 %s-wal 损坏了：其中第 %ld 段以后的大约 %ld "
				   "次保存读不出来。文件没有被改动。请把数据库和它旁边的 -wal 文件一起"
				   "交给技术人员，或复制到可以写入的位置后再打开。",
				   s->path, s->path, wi->bad_frame, wi->lost_commits);
		return -1;
	}
	if ((kept = store_keep_wal_copy(s->path, cause)) == NULL)
		return -1;
	when = store_newest_change(s);
	/* What recovery kept goes into the database; the -wal starts again empty. */
	sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	note = store_backup_note(s->path);
	*cause = xasprintf("数据库 %s 的预写日志损坏了（可能是磁盘出错，或别的程序改动了它）："
			   "最后大约 %ld 次保存的内容没能留在数据库里。数据库里现在的内容保存到 %s "
			   "为止，是完好的；损坏的日志已另存为 %s，交给技术人员也许还能找回一些。"
			   "请重新打开填表程序，检查并补填这个时间以后填写的内容。如果需要，也可以"
			   "恢复备份：%s",
			   s->path, wi->lost_commits, when[0] ? when : "（没有保存过的内容）", kept,
			   note);
	free(note);
	free(when);
	free(kept);
	return -1;
}

struct store *store_open(const char *path, int flags, char **cause)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int memory = strcmp(path, ":memory:") == 0;
	int missing = 0, created = 0, oflags, rc, can_write;
	struct store_wal_info wi = { 0 };
	struct stat st;

	*cause = NULL;
	s->path = xstrdup(path);
	s->lockfd = -1;
	s->readonly = !memory && (flags & STORE_READONLY);
	if (!memory) {
		missing = store_check_file(path, flags, cause);
		if (missing < 0)
			goto fail;
		if (!s->readonly) {
			s->lockfd = store_lock_fd(path, missing, &created, cause);
			if (s->lockfd < 0)
				goto fail;
			if (!missing && store_fix_sides(path, cause) != 0)
				goto fail;
		}
		/*
		 * The whole file is checked when that is cheap, and when the last writer did not
		 * close cleanly: a clean close leaves the -wal empty (or removes it), so a -wal
		 * with changes and no writer running means a crash, a kill or a power cut, and
		 * its saves are looked at as SQLite's recovery will see them.
		 */
		s->check_all = stat(path, &st) == 0 && st.st_size < STORE_SMALL;
		if (!missing && store_side_size(path, "-wal") > 0 &&
		    (!s->readonly || !store_locked(path))) {
			char *wal = xasprintf("%s-wal", path);

			s->check_all = 1;
			if (store_wal_scan(wal, &wi) != 0)
				memset(&wi, 0, sizeof(wi));
			free(wal);
		}
	}
	can_write = !s->readonly || store_writable(path);
	if (!can_write) {
		if (wi.lost_commits > 0) {
			store_wal_lost(s, &wi, 0, cause);
			goto fail;
		}
		if (store_open_reader(s, cause) != 0)
			goto fail;
	} else {
		/* A reader that could write still opens read-write, though it writes no value:
		 * as the last connection to close, SQLite then checkpoints and removes the -wal
		 * and -shm files, which a read-only connection would leave behind. */
		oflags = SQLITE_OPEN_READWRITE | (memory ? SQLITE_OPEN_CREATE : 0);
		rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
		if (rc != SQLITE_OK) {
			if (s->db == NULL)
				util_fatal("内存不足 (out of memory opening SQLite)");
			*cause = store_failure(s, rc, 0);
			goto fail;
		}
	}
	if (store_setup(s, cause) != 0)
		goto fail;
	if (wi.lost_commits > 0) {
		store_wal_lost(s, &wi, 1, cause);
		goto fail;
	}
	return s;
fail:
	store_free(s, created);
	return NULL;
}

/*
 * A writer that changed something leaves a backup when it closes (store_backup.c), and
 * checkpoints first, so the database file is older than its newest backup. A backup that
 * finds the file damaged keeps the -wal as it is: the next open then checks the whole
 * file and says so.
 */
static void store_close_backup(struct store *s)
{
	char *cause = NULL, *first;
	int damaged = 0;

	if (store_backup_write(s, &damaged, &cause) != 0) {
		free(cause);
		if (damaged)
			sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		return;
	}
	sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	/* The checkpoint wrote the database after the backup was made: the backup's time is
	 * moved after it, so that store_backup sees nothing newer than the backup. */
	first = xasprintf("%s.bak1", s->path);
	(void)utimensat(AT_FDCWD, first, NULL, 0);
	free(first);
}

void store_close(struct store *s)
{
	if (s != NULL && s->db != NULL && !s->readonly && sqlite3_total_changes(s->db) > 0)
		store_close_backup(s);
	store_free(s, 0);
}

char *store_default_path(void)
{
	return xstrdup(config_get()->db);
}


int store_integrity(struct store *s, char **cause)
{
	*cause = NULL;
	if (store_check(s, "PRAGMA integrity_check", 1, cause) != 0)
		return -1;
	if (s->empty)
		return 0;
	/* Dangling references would also mean damage (foreign keys are on, so not by us). */
	return store_check(s, "PRAGMA foreign_key_check", 0, cause) == 0 ? 0 : -1;
}
