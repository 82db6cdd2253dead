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
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/util.h"

#define STORE_BUSY_MS 3000
/* PRAGMA journal_size_limit: about the size the WAL reaches between automatic checkpoints
 * (1000 pages), so a session never shrinks it; the last close truncates it to 0 bytes. */
#define STORE_WAL_LIMIT (4 * 1024 * 1024)

/* The message for a file that is not one of our databases; nothing was written to it. */
static char *store_not_ours(const char *path)
{
	return xasprintf("文件 %s 不是填表程序的数据库，或已损坏。文件没有被改动。"
			 "请检查 --db 指定的文件名是否正确；如果是数据库损坏，请用备份副本恢复。",
			 path);
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

/*
 * Look at the file before SQLite does: its directory, its kind, and its first 100
 * bytes, so that a text file or garbage is refused without SQLite touching it.
 * Returns 1 when path is missing, 0 when it is a regular file that may be a database.
 */
static int store_check_file(const char *path, int flags, char **cause)
{
	char *dir = fileio_dirname(path);
	struct stat st;
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
	if (remove) {
		const char *sfx[] = { "", "-wal", "-shm", "-journal" };

		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
			char *p = xasprintf("%s%s", s->path, sfx[i]);

			unlink(p);
			free(p);
		}
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
	if (rc != SQLITE_OK)
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
			*cause = xasprintf("数据库 %s 已损坏（%s）。文件没有被改动。请关闭填表"
					   "程序，用备份副本恢复数据库；如果没有备份，请联系技术"
					   "人员。",
					   s->path, sqlite3_errmsg(s->db));
		else
			*cause = store_failure(s, rc, 0);
		strbuf_free(&sb);
		return -1;
	}
	if ((says_ok && !ok) || lines > 0) {
		*cause = xasprintf("数据库 %s 已损坏（检查结果：%s）。文件没有被改动。请关闭"
				   "填表程序，用备份副本恢复数据库；如果没有备份，请联系技术人员。",
				   s->path, lines ? strbuf_str(&sb) : "无结果");
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
	int app = 0, has = 0;

	/* The whole of the database file; without "main." it also checks the connection's
	 * temp database, which is empty. */
	if (store_check(s, "PRAGMA main.quick_check", 1, cause) != 0)
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
		} else if (version < store_schema_version) {
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

struct store *store_open(const char *path, int flags, char **cause)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int memory = strcmp(path, ":memory:") == 0;
	int missing = 0, created = 0, oflags, rc;

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
		}
	}
	oflags = SQLITE_OPEN_READWRITE;
	if (memory)
		oflags |= SQLITE_OPEN_CREATE;
	/* A reader that could write still opens read-write, though it writes no value: as
	 * the last connection to close, SQLite then checkpoints and removes the -wal and
	 * -shm files, which a read-only connection would leave behind. */
	if (s->readonly && !store_writable(path))
		oflags = SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (s->db == NULL)
			util_fatal("内存不足 (out of memory opening SQLite)");
		*cause = store_failure(s, rc, 0);
		goto fail;
	}
	if (store_setup(s, cause) != 0)
		goto fail;
	return s;
fail:
	store_free(s, created);
	return NULL;
}

void store_close(struct store *s)
{
	store_free(s, 0);
}

char *store_default_path(void)
{
	const char *env = getenv("TIANBIAO_DB");
	const char *home;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	env = getenv("XDG_DATA_HOME");
	/* The XDG rules say a relative XDG_DATA_HOME is to be ignored. */
	if (env != NULL && env[0] == '/')
		return xasprintf("%s/tianbiao/tianbiao.db", env);
	home = getenv("HOME");
	if (home == NULL || *home == '\0') {
		struct passwd *pw = getpwuid(getuid());

		home = pw != NULL && pw->pw_dir != NULL ? pw->pw_dir : ".";
	}
	return xasprintf("%s/.local/share/tianbiao/tianbiao.db", home);
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
