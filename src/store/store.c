/*
 * store.c - the SQLite store (contract in store.h, schema and reasons in docs/storage.md).
 *
 * The only file of the project that contains SQL. Every statement is a constant
 * string in store_sql[] below, prepared once and kept in struct store; values are
 * always bound, never pasted into SQL text.
 */
#include "store.h"

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

#include <sqlite3.h>

#include "../core/fileio.h"
#include "../core/util.h"

/* "TBDB": marks the file as ours in the SQLite header (PRAGMA application_id). */
#define STORE_APP_ID 0x54424442
#define STORE_BUSY_MS 3000
/* PRAGMA journal_size_limit: about the size the WAL reaches between automatic checkpoints
 * (1000 pages), so a session never shrinks it; the last close truncates it to 0 bytes. */
#define STORE_WAL_LIMIT (4 * 1024 * 1024)
/* The row number of a top-level field in vals.row; group rows are 0, 1, 2, ... */
#define STORE_TOP_ROW (-1)
/* Rows are parked at and beyond this number while rows are renumbered; none rests there
 * (a form allows at most 10,000 rows). */
#define STORE_PARK 1000000000

/* Every statement the store runs, prepared on first use. */
enum store_query {
	Q_BEGIN,
	Q_BEGIN_IMMEDIATE,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_META_GET,
	Q_META_PUT,
	Q_UNIT_GET,
	Q_UNIT_ADD,
	Q_UNIT_RENAME,
	Q_SUBS_MOVE,
	Q_SUBS_BUMP_UNIT,
	Q_SUB_GET,
	Q_SUB_ADD,
	Q_SUB_BUMP,
	Q_VAL_GET,
	Q_VAL_PUT,
	Q_VAL_DEL,
	Q_VALS_ALL,
	Q_ROWS_ALL,
	Q_ROWS_GET,
	Q_ROWS_PUT,
	Q_ROW_SHIFT_OUT,
	Q_ROW_SHIFT_IN,
	Q_ROW_RENUMBER,
	Q__COUNT
};

static const char *const store_sql[Q__COUNT] = {
	[Q_BEGIN] = "BEGIN",
	[Q_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[Q_UNIT_GET] = "SELECT id FROM units WHERE name = ?1",
	[Q_UNIT_ADD] = "INSERT INTO units(name, created) VALUES (?1, ?2)",
	[Q_UNIT_RENAME] = "UPDATE units SET name = ?2 WHERE id = ?1",
	[Q_SUBS_MOVE] = "UPDATE submissions SET unit = ?2, revision = revision + 1, updated = ?3"
			" WHERE unit = ?1 AND NOT EXISTS (SELECT 1 FROM submissions AS t"
			" WHERE t.unit = ?2 AND t.form_id = submissions.form_id"
			" AND t.year = submissions.year)",
	[Q_SUBS_BUMP_UNIT] = "UPDATE submissions SET revision = revision + 1, updated = ?2"
			     " WHERE unit = ?1",
	[Q_SUB_GET] = "SELECT id, uuid, revision, updated FROM submissions"
		      " WHERE unit = (SELECT id FROM units WHERE name = ?1)"
		      " AND form_id = ?2 AND year = ?3",
	[Q_SUB_ADD] = "INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision,"
		      " created, updated, origin) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6, 'local')",
	[Q_SUB_BUMP] = "UPDATE submissions SET revision = revision + 1, updated = ?2,"
		       " form_version = ?3 WHERE id = ?1",
	[Q_VAL_GET] = "SELECT value FROM vals WHERE submission = ?1 AND field = ?2 AND row = ?3",
	[Q_VAL_PUT] = "INSERT OR REPLACE INTO vals(submission, field, row, value)"
		      " VALUES (?1, ?2, ?3, ?4)",
	[Q_VAL_DEL] = "DELETE FROM vals WHERE submission = ?1 AND field = ?2 AND row = ?3",
	/* Primary-key order: one field after the other, each by row. */
	[Q_VALS_ALL] = "SELECT field, row, value FROM vals WHERE submission = ?1",
	[Q_ROWS_ALL] = "SELECT grp, nrows FROM grouprows WHERE submission = ?1",
	[Q_ROWS_GET] = "SELECT nrows FROM grouprows WHERE submission = ?1 AND grp = ?2",
	[Q_ROWS_PUT] = "INSERT OR REPLACE INTO grouprows(submission, grp, nrows)"
		       " VALUES (?1, ?2, ?3)",
	/* Deleting row ?3: the rows below it are first parked ?4 further down (out of the
	 * way of the primary key, which is checked row by row), then come back one up. */
	[Q_ROW_SHIFT_OUT] = "UPDATE vals SET row = row + ?4"
			    " WHERE submission = ?1 AND field = ?2 AND row > ?3",
	[Q_ROW_SHIFT_IN] = "UPDATE vals SET row = row - ?3 - 1"
			   " WHERE submission = ?1 AND field = ?2 AND row >= ?3",
	[Q_ROW_RENUMBER] = "UPDATE vals SET row = ?4"
			   " WHERE submission = ?1 AND field = ?2 AND row = ?3",
};

struct store {
	sqlite3 *db;
	char *path;
	int lockfd;		/* holds the flock; closed only after sqlite3_close */
	int readonly;
	int empty;		/* read-only and the file has no tables yet: everything is blank */
	sqlite3_stmt *q[Q__COUNT];
};

/* One submission row, as the write functions need it. */
struct store_sub {
	sqlite3_int64 id;
	char uuid[33];
	long revision;
	char updated[40];
};

/* ---- schema and its migrations ---------------------------------------------------- */

/*
 * Version 1: the generic schema. Values are rows of vals keyed by (submission, field
 * id, row), so no form ever needs a table of its own; the district tables (roster,
 * imports, import_items) are empty in a unit's database and wait for the import.
 */
static const char store_schema_1[] =
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE units("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created TEXT NOT NULL"
	");"
	"CREATE TABLE submissions("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 32),"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  form_id TEXT NOT NULL,"
	"  form_version TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL CHECK (revision >= 0),"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'import')),"
	"  UNIQUE (unit, form_id, year)"
	");"
	"CREATE INDEX submissions_form ON submissions(form_id, year);"
	"CREATE TABLE vals("
	"  submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL,"
	"  row INTEGER NOT NULL CHECK (row >= -1),"
	"  value TEXT NOT NULL CHECK (value <> ''),"
	"  PRIMARY KEY (submission, field, row)"
	") WITHOUT ROWID;"
	"CREATE TABLE grouprows("
	"  submission INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
	"  grp TEXT NOT NULL,"
	"  nrows INTEGER NOT NULL CHECK (nrows >= 0),"
	"  PRIMARY KEY (submission, grp)"
	") WITHOUT ROWID;"
	"CREATE TABLE roster("
	"  year INTEGER NOT NULL,"
	"  unit INTEGER NOT NULL REFERENCES units(id),"
	"  PRIMARY KEY (year, unit)"
	") WITHOUT ROWID;"
	"CREATE TABLE imports("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
	"  file_name TEXT NOT NULL,"
	"  imported_at TEXT NOT NULL"
	");"
	"CREATE TABLE import_items("
	"  import INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
	"  uuid TEXT NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('new', 'newer', 'same', 'older')),"
	"  PRIMARY KEY (import, uuid)"
	") WITHOUT ROWID;"
	"PRAGMA application_id = 1413628994;";	/* STORE_APP_ID */

/* Step 0 -> 1: an empty file gets the schema. */
static int store_migrate_1(sqlite3 *db)
{
	return sqlite3_exec(db, store_schema_1, NULL, NULL, NULL);
}

/*
 * Step N -> N+1 is store_migrations[N]; each runs inside its own BEGIN IMMEDIATE
 * transaction together with PRAGMA user_version = N+1. To change the schema, append
 * a function here (never edit an old one) and describe it in docs/storage.md.
 */
static int (*const store_migrations[])(sqlite3 *db) = {
	store_migrate_1,
};

#define STORE_SCHEMA_VERSION ((int)(sizeof(store_migrations) / sizeof(store_migrations[0])))

/* ---- small helpers ----------------------------------------------------------------- */

/* The local time as ISO 8601 with its offset, e.g. 2021-06-03T10:15:30+08:00. */
static void store_now(char buf[40])
{
	time_t t = time(NULL);
	struct tm tm;
	int off;
	char sign;
	size_t n;

	localtime_r(&t, &tm);
	off = (int)(tm.tm_gmtoff / 60);
	n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf + n, 40 - n, "%c%02d:%02d", sign, off / 60 % 100, off % 60);
}

/* A new submission id: 128 random bits as 32 lowercase hex digits. */
static void store_uuid(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	ssize_t n = -1;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, b, sizeof(b));
		close(fd);
	}
	/* SQLite's generator is seeded from the system's randomness too. */
	if (n != (ssize_t)sizeof(b))
		sqlite3_randomness((int)sizeof(b), b);
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[32] = '\0';
}

/* Copy a column's text into a fixed buffer (empty when NULL). */
static void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	snprintf(buf, size, "%s", t ? t : "");
}

/*
 * A Chinese message for a failed SQLite call, saying what to do next; writing adds
 * that the change was not saved. Running out of memory is fatal as everywhere.
 */
static char *store_failure(struct store *s, int rc, int writing)
{
	const char *path = s->path;
	const char *detail = s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	const char *lost = writing ? "刚才的修改没有保存。" : "";

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		util_fatal("内存不足 (out of memory in SQLite)");
	case SQLITE_FULL:
		return xasprintf("数据库 %s 所在的磁盘已满（%s）。%s请清理磁盘空间后重试。", path,
				 detail, lost);
	case SQLITE_IOERR:
		return xasprintf("读写数据库 %s 时磁盘出错（%s）。%s请检查磁盘或U盘是否还连接着、"
				 "空间是否足够，然后重试；如果一直出错，请联系技术人员。",
				 path, detail, lost);
	case SQLITE_READONLY:
		return xasprintf("数据库 %s 是只读的，不能写入（%s）。%s请检查文件及其所在目录的"
				 "权限。",
				 path, detail, lost);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf("数据库 %s 正被另一个程序使用（%s）。%s请关闭其他正在使用它的"
				 "程序，然后重试。",
				 path, detail, lost);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return xasprintf("数据库 %s 已损坏（%s）。%s请关闭填表程序，用备份副本恢复数据库；"
				 "如果没有备份，请联系技术人员。",
				 path, detail, lost);
	case SQLITE_CANTOPEN:
		return xasprintf("无法打开数据库 %s（%s）。请检查文件及其所在目录是否存在、"
				 "是否有读写权限。",
				 path, detail);
	default:
		return xasprintf("数据库 %s 出错（%s）。%s请重试；如果一直出错，请联系技术人员。",
				 path, detail, lost);
	}
}

/* The prepared statement q, prepared on its first use. */
static sqlite3_stmt *store_q(struct store *s, enum store_query q, char **cause)
{
	if (s->q[q] == NULL) {
		int rc = sqlite3_prepare_v2(s->db, store_sql[q], -1, &s->q[q], NULL);

		if (rc != SQLITE_OK) {
			*cause = store_failure(s, rc, 0);
			sqlite3_finalize(s->q[q]);
			s->q[q] = NULL;
			return NULL;
		}
	}
	return s->q[q];
}

/* Make a statement ready for its next use: results dropped, nothing left bound. */
static void store_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Run a statement that returns no rows (its parameters already bound). */
static int store_run(struct store *s, sqlite3_stmt *st, char **cause)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*cause = store_failure(s, rc, 1);
		store_done(st);
		return -1;
	}
	store_done(st);
	return 0;
}

/* Run a statement that takes no parameters and returns no rows. */
static int store_run_q(struct store *s, enum store_query q, char **cause)
{
	sqlite3_stmt *st = store_q(s, q, cause);

	return st == NULL ? -1 : store_run(s, st, cause);
}

/* Start a write: BEGIN IMMEDIATE takes the write lock now, waiting up to the busy timeout. */
static int store_begin_write(struct store *s, char **cause)
{
	if (s->readonly) {
		*cause = xasprintf("数据库 %s 是以只读方式打开的，不能保存修改。", s->path);
		return -1;
	}
	return store_run_q(s, Q_BEGIN_IMMEDIATE, cause);
}

/* Undo the open transaction, if SQLite has not already undone it after an error. */
static void store_rollback(struct store *s)
{
	char *ignored = NULL;

	if (!sqlite3_get_autocommit(s->db))
		store_run_q(s, Q_ROLLBACK, &ignored);
	free(ignored);
}

/* Commit; on failure the transaction is rolled back and *cause says why. */
static int store_commit(struct store *s, char **cause)
{
	if (store_run_q(s, Q_COMMIT, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* ---- opening ----------------------------------------------------------------------- */

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
			 path, version, STORE_SCHEMA_VERSION);
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
		if (version > (unsigned long)STORE_SCHEMA_VERSION) {
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
	for (int i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(s->q[i]);
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

/* Bring the schema from *version up to STORE_SCHEMA_VERSION, one step per transaction. */
static int store_migrate(struct store *s, int version, char **cause)
{
	for (int v = version; v < STORE_SCHEMA_VERSION; v++) {
		char pragma[64];
		int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			rc = store_migrations[v](s->db);
		/* A program constant, not a value from outside: PRAGMA takes no parameters. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			*cause = store_failure(s, rc, 1);
			if (!sqlite3_get_autocommit(s->db))
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
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
	if (*version > STORE_SCHEMA_VERSION) {
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
	int version = 0, wal = 0, rc;
	sqlite3_stmt *st = NULL;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		*cause = store_failure(s, sqlite3_errcode(s->db), 0);
		return -1;
	}
	/* One read transaction for all the checks: the WAL read lock is taken once, not
	 * once per statement. */
	if (store_run_q(s, Q_BEGIN, cause) != 0)
		return -1;
	rc = store_checks(s, &version, cause);
	if (rc == 0)
		rc = store_run_q(s, Q_COMMIT, cause);
	if (rc != 0) {
		store_rollback(s);
		return -1;
	}
	if (s->readonly) {
		if (version == 0) {
			s->empty = 1;
		} else if (version < STORE_SCHEMA_VERSION) {
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

/* ---- the unit ---------------------------------------------------------------------- */

/* The meta value for key (malloc'd, NULL when there is none). */
static int store_meta_get(struct store *s, const char *key, char **value, char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_META_GET, cause);
	int rc;

	*value = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_unit_get(struct store *s, char **name, char **cause)
{
	*name = NULL;
	if (s->empty)
		return 0;
	return store_meta_get(s, "unit", name, cause);
}

/* The id of a unit by name: 1 found, 0 not there, -1 error. */
static int store_unit_id(struct store *s, const char *name, sqlite3_int64 *id, char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_UNIT_GET, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Values typed before the unit had a name were kept under "" (or under the old name):
 * they belong to this database's unit, so they follow it to the new name, with their
 * revisions bumped because their unit column changed.
 */
static int store_unit_follow(struct store *s, const char *old, const char *name,
			     const char *now, char **cause)
{
	sqlite3_int64 from, to;
	sqlite3_stmt *st;
	int r = store_unit_id(s, old, &from, cause);

	if (r <= 0)
		return r;
	r = store_unit_id(s, name, &to, cause);
	if (r < 0)
		return -1;
	if (r == 0) {
		if ((st = store_q(s, Q_UNIT_RENAME, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
		if ((st = store_q(s, Q_SUBS_BUMP_UNIT, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		return store_run(s, st, cause);
	}
	/* Both exist: move what does not collide; a collision stays where it is. */
	if ((st = store_q(s, Q_SUBS_MOVE, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	return store_run(s, st, cause);
}

int store_unit_set(struct store *s, const char *name, char **cause)
{
	char *old = NULL;
	char now[40];
	sqlite3_stmt *st;

	*cause = NULL;
	if (name == NULL || *name == '\0') {
		*cause = xstrdup("单位名称不能为空。请输入本单位的名称。");
		return -1;
	}
	/*
	 * The screens set the unit on every start, nearly always to the name it has: that
	 * needs no write transaction (no other copy can write while we hold the lock). A
	 * failed read here is left to the write path below, which reports it.
	 */
	if (!s->readonly) {
		char *ignored = NULL;
		int same = store_meta_get(s, "unit", &old, &ignored) == 0 && old != NULL &&
			   strcmp(old, name) == 0;

		free(ignored);
		free(old);
		old = NULL;
		if (same)
			return 0;
	}
	store_now(now);
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_meta_get(s, "unit", &old, cause) != 0)
		goto fail;
	if (old != NULL && strcmp(old, name) == 0) {
		free(old);
		return store_commit(s, cause);
	}
	if (store_unit_follow(s, old ? old : "", name, now, cause) != 0)
		goto fail;
	if ((st = store_q(s, Q_META_PUT, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, "unit", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	free(old);
	return 0;
fail:
	store_rollback(s);
	free(old);
	return -1;
}

/* ---- submissions ------------------------------------------------------------------- */

/* The submission of unit for form f: 1 found (into *sub), 0 none, -1 error. */
static int store_sub_find(struct store *s, const char *unit, const struct form *f,
			  struct store_sub *sub, char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_SUB_GET, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sub->id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, sub->uuid, sizeof(sub->uuid));
		sub->revision = (long)sqlite3_column_int64(st, 2);
		store_col_copy(st, 3, sub->updated, sizeof(sub->updated));
	} else if (rc != SQLITE_DONE) {
		*cause = store_failure(s, rc, 0);
	}
	store_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Write a group's row count. */
static int store_rows_put(struct store *s, sqlite3_int64 sub, const char *grp, int nrows,
			  char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_ROWS_PUT, cause);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, grp, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, nrows);
	return store_run(s, st, cause);
}

/*
 * Find or create (inside the caller's write transaction) the submission rec belongs
 * to. A new one starts at revision 0 with the record's group rows, and gets its
 * revision 1 from the caller's store_sub_bump.
 */
static int store_sub_make(struct store *s, const char *unit, const struct record *rec,
			  struct store_sub *sub, char **cause)
{
	const struct form *f = rec->form;
	sqlite3_int64 uid;
	sqlite3_stmt *st;
	char now[40];
	int r = store_sub_find(s, unit, f, sub, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	store_now(now);
	r = store_unit_id(s, unit, &uid, cause);
	if (r < 0)
		return -1;
	if (r == 0) {
		if ((st = store_q(s, Q_UNIT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		if (store_run(s, st, cause) != 0)
			return -1;
		uid = sqlite3_last_insert_rowid(s->db);
	}
	if ((st = store_q(s, Q_SUB_ADD, cause)) == NULL)
		return -1;
	store_uuid(sub->uuid);
	sqlite3_bind_text(st, 1, sub->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, uid);
	sqlite3_bind_text(st, 3, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->version, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, f->year);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0)
		return -1;
	sub->id = sqlite3_last_insert_rowid(s->db);
	sub->revision = 0;
	snprintf(sub->updated, sizeof(sub->updated), "%s", now);
	for (int g = 0; g < f->ngroups; g++)
		if (rec->nrows[g] > 0 &&
		    store_rows_put(s, sub->id, f->groups[g].id, rec->nrows[g], cause) != 0)
			return -1;
	return 0;
}

/* One more revision: every stored change goes through here exactly once. */
static int store_sub_bump(struct store *s, const struct form *f, struct store_sub *sub,
			  char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_SUB_BUMP, cause);

	if (st == NULL)
		return -1;
	store_now(sub->updated);
	sqlite3_bind_int64(st, 1, sub->id);
	sqlite3_bind_text(st, 2, sub->updated, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->version, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0)
		return -1;
	sub->revision++;
	return 0;
}

/* The unit as the record keeps it: NULL while the database has no unit name. */
static const char *store_rec_unit(const char *unit)
{
	return unit[0] != '\0' ? unit : NULL;
}

/* ---- loading ----------------------------------------------------------------------- */

/* Read the group row counts of a submission into nr. */
static int store_load_rows(struct store *s, sqlite3_int64 sub, struct record *nr, char **cause)
{
	const struct form *f = nr->form;
	sqlite3_stmt *st = store_q(s, Q_ROWS_ALL, cause);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int g = form_group_index(f, (const char *)sqlite3_column_text(st, 0));
		int n = sqlite3_column_int(st, 1);

		if (g < 0)
			continue;	/* a group the form no longer has: kept, not shown */
		while (nr->nrows[g] < n)
			if (record_row_add(nr, g) < 0)
				break;	/* beyond the form's max: kept, not shown */
		while (nr->nrows[g] > n && nr->nrows[g] > 0)
			record_row_delete(nr, g, nr->nrows[g] - 1);
	}
	if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Read every value of a submission into nr with one query, in primary-key order. */
static int store_load_vals(struct store *s, sqlite3_int64 sub, struct record *nr, char **cause)
{
	const struct form *f = nr->form;
	sqlite3_stmt *st = store_q(s, Q_VALS_ALL, cause);
	char *last = NULL;
	int idx = -1, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int row = sqlite3_column_int(st, 1);
		int g;

		/* Rows come field by field, so the lookup runs once per field, not per value. */
		if (last == NULL || strcmp(last, id) != 0) {
			free(last);
			last = xstrdup(id);
			idx = form_field_index(f, id);
		}
		if (idx < 0)
			continue;	/* a field the form no longer has: kept, not shown */
		g = f->fields[idx].group;
		if (g < 0 ? row != STORE_TOP_ROW : row < 0 || row >= nr->nrows[g])
			continue;
		record_set(nr, idx, g < 0 ? STORE_TOP_ROW : row,
			   (const char *)sqlite3_column_text(st, 2));
	}
	free(last);
	if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Give rec the contents of nr (and nr the old ones, to be freed with it). */
static void store_rec_swap(struct record *rec, struct record *nr)
{
	struct record tmp = *rec;

	*rec = *nr;
	*nr = tmp;
	record_free(nr);
}

int store_load(struct store *s, const char *unit, struct record *rec, char **cause)
{
	struct record *nr = record_new(rec->form);
	struct store_sub sub = { 0 };
	int found = 0;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (!s->empty) {
		/* One read transaction: row counts and values from the same moment. */
		if (store_run_q(s, Q_BEGIN, cause) != 0)
			goto fail;
		found = store_sub_find(s, unit, rec->form, &sub, cause);
		if (found < 0)
			goto fail_tx;
		if (found && (store_load_rows(s, sub.id, nr, cause) != 0 ||
			      store_load_vals(s, sub.id, nr, cause) != 0))
			goto fail_tx;
		if (store_run_q(s, Q_COMMIT, cause) != 0)
			goto fail_tx;
	}
	if (found)
		record_set_meta(nr, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	else
		record_set_meta(nr, store_rec_unit(unit), NULL, 0, NULL);
	store_rec_swap(rec, nr);
	return 0;
fail_tx:
	store_rollback(s);
fail:
	record_free(nr);
	return -1;
}

/* ---- writing ----------------------------------------------------------------------- */

/* The stored value (malloc'd, NULL when blank) of one field in one row. */
static int store_val_get(struct store *s, sqlite3_int64 sub, const char *field, int row,
			 char **value, char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_VAL_GET, cause);
	int rc;

	*value = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, row);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Make the stored row count of group g what the record shows (rows exist before values). */
static int store_rows_sync(struct store *s, sqlite3_int64 sub, const struct record *rec, int g,
			   char **cause)
{
	const char *grp = rec->form->groups[g].id;
	sqlite3_stmt *st = store_q(s, Q_ROWS_GET, cause);
	int rc, n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sub);
	sqlite3_bind_text(st, 2, grp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else if (rc != SQLITE_DONE)
		*cause = store_failure(s, rc, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (n >= rec->nrows[g])
		return 0;
	return store_rows_put(s, sub, grp, rec->nrows[g], cause);
}

/* The message for a field or row the record does not have (a caller's mistake). */
static int store_bad_place(const struct record *rec, int field, int row, char **cause)
{
	const struct form *f = rec->form;

	if (field < 0 || field >= f->nfields)
		*cause = xasprintf("表单 %s 没有第 %d 个栏目。", f->id, field);
	else
		*cause = xasprintf("“%s”没有第 %d 行。", f->fields[field].label, row + 1);
	return -1;
}

int store_set(struct store *s, const char *unit, struct record *rec, int field, int row,
	      const char *value, char **cause)
{
	const struct form *f = rec->form;
	struct store_sub sub;
	char *old = NULL;
	const char *id;
	sqlite3_stmt *st;
	int g, found, changed;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (value != NULL && *value == '\0')
		value = NULL;
	if (field < 0 || field >= f->nfields)
		return store_bad_place(rec, field, row, cause);
	g = f->fields[field].group;
	if (g >= 0 && (row < 0 || row >= rec->nrows[g]))
		return store_bad_place(rec, field, row, cause);
	if (g < 0)
		row = STORE_TOP_ROW;
	id = f->fields[field].id;
	if (store_begin_write(s, cause) != 0)
		return -1;
	found = store_sub_find(s, unit, f, &sub, cause);
	if (found < 0)
		goto fail;
	if (found && store_val_get(s, sub.id, id, row, &old, cause) != 0)
		goto fail;
	changed = (old == NULL) != (value == NULL) ||
		  (old != NULL && value != NULL && strcmp(old, value) != 0);
	/* The same value again (saved on leaving a field and on a pause) writes nothing. */
	if (!changed) {
		free(old);
		if (store_commit(s, cause) != 0)
			return -1;
		record_set(rec, field, row, value);
		return 0;
	}
	free(old);
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	if (g >= 0 && store_rows_sync(s, sub.id, rec, g, cause) != 0)
		goto fail;
	st = store_q(s, value != NULL ? Q_VAL_PUT : Q_VAL_DEL, cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, sub.id);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, row);
	if (value != NULL)
		sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
	if (store_run(s, st, cause) != 0 || store_sub_bump(s, f, &sub, cause) != 0 ||
	    store_commit(s, cause) != 0)
		goto fail;
	record_set(rec, field, row, value);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

/* Check a group index given by the caller. */
static int store_bad_group(const struct record *rec, int group, char **cause)
{
	if (group >= 0 && group < rec->form->ngroups)
		return 0;
	*cause = xasprintf("表单 %s 没有第 %d 个可重复的部分。", rec->form->id, group);
	return -1;
}

/* Move the values of row `from` of every field of group g to row `to` (to must be free). */
static int store_row_renumber(struct store *s, sqlite3_int64 sub, const struct form_group *grp,
			      const struct form *f, int from, int to, char **cause)
{
	sqlite3_stmt *st = store_q(s, Q_ROW_RENUMBER, cause);

	if (st == NULL)
		return -1;
	for (int i = 0; i < grp->nfields; i++) {
		sqlite3_bind_int64(st, 1, sub);
		sqlite3_bind_text(st, 2, f->fields[grp->fields[i]].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, from);
		sqlite3_bind_int(st, 4, to);
		if (store_run(s, st, cause) != 0)
			return -1;
	}
	return 0;
}

int store_row_add(struct store *s, const char *unit, struct record *rec, int group,
		  char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	sqlite3_stmt *st;
	int n;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	n = rec->nrows[group];
	if (grp->max > 0 && n >= grp->max) {
		*cause = xasprintf("“%s”最多只能有 %d 项，不能再添加。", grp->label, grp->max);
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	/* The new row starts blank, even if an old row beyond the count left values. */
	if ((st = store_q(s, Q_VAL_DEL, cause)) == NULL)
		goto fail;
	for (int i = 0; i < grp->nfields; i++) {
		sqlite3_bind_int64(st, 1, sub.id);
		sqlite3_bind_text(st, 2, f->fields[grp->fields[i]].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, n);
		if (store_run(s, st, cause) != 0)
			goto fail;
	}
	if (store_rows_put(s, sub.id, grp->id, n + 1, cause) != 0 ||
	    store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_add(rec, group);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_row_delete(struct store *s, const char *unit, struct record *rec, int group,
		     int row, char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	sqlite3_stmt *del, *out, *in;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	if (row < 0 || row >= rec->nrows[group]) {
		*cause = xasprintf("“%s”没有第 %d 项。", grp->label, row + 1);
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0)
		goto fail;
	del = store_q(s, Q_VAL_DEL, cause);
	out = del ? store_q(s, Q_ROW_SHIFT_OUT, cause) : NULL;
	in = out ? store_q(s, Q_ROW_SHIFT_IN, cause) : NULL;
	if (in == NULL)
		goto fail;
	for (int i = 0; i < grp->nfields; i++) {
		const char *id = f->fields[grp->fields[i]].id;

		sqlite3_bind_int64(del, 1, sub.id);
		sqlite3_bind_text(del, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(del, 3, row);
		if (store_run(s, del, cause) != 0)
			goto fail;
		sqlite3_bind_int64(out, 1, sub.id);
		sqlite3_bind_text(out, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(out, 3, row);
		sqlite3_bind_int(out, 4, STORE_PARK);
		if (store_run(s, out, cause) != 0)
			goto fail;
		sqlite3_bind_int64(in, 1, sub.id);
		sqlite3_bind_text(in, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(in, 3, STORE_PARK);
		if (store_run(s, in, cause) != 0)
			goto fail;
	}
	if (store_rows_put(s, sub.id, grp->id, rec->nrows[group] - 1, cause) != 0 ||
	    store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_delete(rec, group, row);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_row_move(struct store *s, const char *unit, struct record *rec, int group,
		   int row, int dir, char **cause)
{
	const struct form *f = rec->form;
	const struct form_group *grp;
	struct store_sub sub;
	int other = row + dir;

	*cause = NULL;
	if (unit == NULL)
		unit = "";
	if (store_bad_group(rec, group, cause) != 0)
		return -1;
	grp = &f->groups[group];
	if ((dir != -1 && dir != 1) || row < 0 || row >= rec->nrows[group] || other < 0 ||
	    other >= rec->nrows[group]) {
		*cause = xasprintf("“%s”的第 %d 项不能再向%s移动。", grp->label, row + 1,
				   dir < 0 ? "上" : "下");
		return -1;
	}
	if (store_begin_write(s, cause) != 0)
		return -1;
	if (store_sub_make(s, unit, rec, &sub, cause) != 0 ||
	    store_rows_sync(s, sub.id, rec, group, cause) != 0)
		goto fail;
	/* A swap through the parking row, which no value uses at rest. */
	if (store_row_renumber(s, sub.id, grp, f, row, STORE_PARK, cause) != 0 ||
	    store_row_renumber(s, sub.id, grp, f, other, row, cause) != 0 ||
	    store_row_renumber(s, sub.id, grp, f, STORE_PARK, other, cause) != 0)
		goto fail;
	if (store_sub_bump(s, f, &sub, cause) != 0 || store_commit(s, cause) != 0)
		goto fail;
	record_row_move(rec, group, row, dir);
	record_set_meta(rec, store_rec_unit(unit), sub.uuid, sub.revision, sub.updated);
	return 0;
fail:
	store_rollback(s);
	return -1;
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
