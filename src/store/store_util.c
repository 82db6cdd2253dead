/*
 * store_util.c - what every query file of the store uses (contract in store_int.h): the
 * cache of prepared statements, transactions, times, ids and failure messages.
 */
#include "store_int.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/date.h"
#include "../core/util.h"

void store_now(char buf[40])
{
	time_t t = time(NULL);
	struct tm tm;
	int off;
	char sign;
	size_t n;

	date_local(t, &tm);
	off = (int)(tm.tm_gmtoff / 60);
	n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf + n, 40 - n, "%c%02d:%02d", sign, off / 60 % 100, off % 60);
}

void store_uuid(char out[33])
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

void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	snprintf(buf, size, "%s", t ? t : "");
}

char *store_failure(struct store *s, int rc, int writing)
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
		/* Not always the database itself: a -wal or -shm someone else made. */
		for (int i = 0; i < 2; i++) {
			char *side = xasprintf("%s%s", path, i == 0 ? "-wal" : "-shm");
			char *msg = NULL;

			if (access(path, W_OK) == 0 && access(side, F_OK) == 0 &&
			    access(side, W_OK) != 0)
				msg = xasprintf("数据库 %s 旁边的文件 %s 不能写入（%s）。%s请关闭填表"
						"程序再打开一次（它会修好这个文件）；如果还是不行，请"
						"技术人员检查这个文件的所有者和权限。",
						path, side, detail, lost);
			free(side);
			if (msg != NULL)
				return msg;
		}
		return xasprintf("数据库 %s 是只读的，不能写入（%s）。%s请检查文件及其所在目录的"
				 "权限。",
				 path, detail, lost);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf("数据库 %s 正被另一个程序使用（%s）。%s请关闭其他正在使用它的"
				 "程序，然后重试。",
				 path, detail, lost);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: {
		char *note = store_backup_note(path), *msg;

		msg = xasprintf("数据库 %s 已损坏（%s）。%s%s", path, detail, lost, note);
		free(note);
		return msg;
	}
	case SQLITE_CANTOPEN:
		return xasprintf("无法打开数据库 %s（%s）。请检查文件及其所在目录是否存在、"
				 "是否有读写权限。",
				 path, detail);
	default:
		return xasprintf("数据库 %s 出错（%s）。%s请重试；如果一直出错，请联系技术人员。",
				 path, detail, lost);
	}
}

/* The slot of sql in the statement table: its own, or the empty one where it goes. */
static struct store_stmt *store_q_slot(struct store *s, const char *sql)
{
	size_t mask = s->qcap - 1;
	/* Addresses are aligned: drop the low bits that never differ, then mix. */
	size_t i = (size_t)(((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u) & mask;

	while (s->qs[i].sql != NULL && s->qs[i].sql != sql)
		i = (i + 1) & mask;
	return &s->qs[i];
}

/* Double the statement table, keeping every prepared statement. */
static void store_q_grow(struct store *s)
{
	struct store_stmt *old = s->qs;
	size_t oldcap = s->qcap;

	s->qcap = oldcap ? 2 * oldcap : 64;
	s->qs = xcalloc(s->qcap, sizeof(*s->qs));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].sql != NULL)
			*store_q_slot(s, old[i].sql) = old[i];
	free(old);
}

sqlite3_stmt *store_q(struct store *s, const char *sql, char **cause)
{
	struct store_stmt *slot;
	sqlite3_stmt *st = NULL;
	int rc;

	if (s->qcap != 0) {
		slot = store_q_slot(s, sql);
		if (slot->sql != NULL)
			return slot->st;
	}
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		*cause = store_failure(s, rc, 0);
		sqlite3_finalize(st);
		return NULL;
	}
	/* At most half full, so a lookup finds its slot or an empty one within a few steps. */
	if (2 * (s->qlen + 1) > s->qcap)
		store_q_grow(s);
	slot = store_q_slot(s, sql);
	slot->sql = sql;
	slot->st = st;
	s->qlen++;
	return st;
}

void store_q_free(struct store *s)
{
	for (size_t i = 0; i < s->qcap; i++)
		sqlite3_finalize(s->qs[i].st);
	free(s->qs);
	s->qs = NULL;
	s->qcap = s->qlen = 0;
}

void store_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int store_run(struct store *s, sqlite3_stmt *st, char **cause)
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

int store_run_sql(struct store *s, const char *sql, char **cause)
{
	sqlite3_stmt *st = store_q(s, sql, cause);

	return st == NULL ? -1 : store_run(s, st, cause);
}

/* The transaction statements, one address each for the statement cache. */
static const char store_sql_begin[] = "BEGIN";
static const char store_sql_begin_immediate[] = "BEGIN IMMEDIATE";
static const char store_sql_commit[] = "COMMIT";
static const char store_sql_rollback[] = "ROLLBACK";

int store_begin_read(struct store *s, char **cause)
{
	return store_run_sql(s, store_sql_begin, cause);
}

int store_begin_write(struct store *s, char **cause)
{
	if (s->readonly) {
		*cause = xasprintf("数据库 %s 是以只读方式打开的，不能保存修改。", s->path);
		return -1;
	}
	return store_run_sql(s, store_sql_begin_immediate, cause);
}

void store_rollback(struct store *s)
{
	char *ignored = NULL;

	if (!sqlite3_get_autocommit(s->db))
		store_run_sql(s, store_sql_rollback, &ignored);
	free(ignored);
}

int store_commit(struct store *s, char **cause)
{
	if (store_run_sql(s, store_sql_commit, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}
