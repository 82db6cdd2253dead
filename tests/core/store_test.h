/*
 * store_test.h - helpers shared by the store tests (tests/core/store_*.c).
 *
 * A scratch directory per test program, small file helpers, the demo form the
 * tests store values of, and running a piece of a test in a child process (for
 * the lock, kill -9 and privilege tests). No SQL here: the tests see the
 * database only through store.h and the bytes of the file.
 */
#ifndef TB_STORE_TEST_H
#define TB_STORE_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/form.h"
#include "core/record.h"
#include "core/util.h"
#include "store/store.h"
#include "test.h"

/* A form with top-level fields, a sentence and a repeating group. */
static const char st_form_text[] =
	"form demo\n"
	"version 2021.1\n"
	"year 2021\n"
	"attachment 附件9\n"
	"title 测试用表\n"
	"name 测试表\n"
	"field unit_name text 填报单位名称 unit\n"
	"field contact text 联系人\n"
	"line 学习（{times count label=学习次数}）次，参与（{people count label=参与人次}）人次；\n"
	"group acts 活动 max=10000 title=kind\n"
	"  field kind text 活动类型\n"
	"  field place text 地点\n"
	"  field host text 主办单位\n"
	"end\n"
	"group extra 附加 max=3\n"
	"  field note text 说明\n"
	"end\n";

static char st_dir[256];
static pid_t st_parent;		/* only the test's own process removes st_dir */

/* Make the scratch directory (removed by st_cleanup at exit). */
static inline void st_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(st_dir, sizeof(st_dir), "%s/tb-store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	st_parent = getpid();
	if (mkdtemp(st_dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

/* Remove the scratch directory (files may have been made read-only or immutable). */
static inline void st_cleanup(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "chattr -R -i '%s' 2>/dev/null; chmod -R u+rwx '%s'; rm -rf '%s'", st_dir,
		 st_dir, st_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", st_dir);
}

/* A path in the scratch directory; malloc'd. */
static inline char *st_path(const char *name)
{
	return xasprintf("%s/%s", st_dir, name);
}

static inline struct form *st_form(void)
{
	char *cause = NULL;
	struct form *f = form_parse("demo.form", st_form_text, strlen(st_form_text), &cause);

	if (f == NULL) {
		printf("# form_parse: %s\n", cause ? cause : "?");
		st_cleanup();
		exit(1);
	}
	free(cause);
	return f;
}

static inline int st_field(const struct form *f, const char *id)
{
	int i = form_field_index(f, id);

	if (i < 0) {
		printf("# no field %s\n", id);
		exit(1);
	}
	return i;
}

/* Write bytes to a file (created or truncated). */
static inline void st_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

/* Read a whole file; *len gets its size. malloc'd, NUL-terminated. */
static inline char *st_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	*len = sb.len;
	if (sb.buf == NULL)
		strbuf_add(&sb, "", 0);
	return strbuf_detach(&sb);
}

static inline int st_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Remove a database with its -wal and -shm files. */
static inline void st_remove_db(const char *path)
{
	const char *sfx[] = { "", "-wal", "-shm" };

	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		unlink(p);
		free(p);
	}
}

/* True when s holds exactly 32 lowercase hex digits. */
static inline int st_is_uuid(const char *s)
{
	if (s == NULL || strlen(s) != 32)
		return 0;
	for (int i = 0; i < 32; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* True when haystack contains needle (both may be NULL). */
static inline int st_has(const char *haystack, const char *needle)
{
	return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

/* Fork; the child runs fn(arg) and exits with 1 if any of its checks failed. The
 * parent gets the child's pid. The child leaves by _exit: no atexit handlers, no
 * leak check of memory that belongs to the parent's copy. */
static inline pid_t st_fork(void (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		test_failed_checks = 0;
		fn(arg);
		fflush(stdout);
		_exit(test_failed_checks ? 1 : 0);
	}
	return pid;
}

/* Wait for a child; its exit status, or 128 + signal. */
static inline int st_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* Open a store that must open; the test stops if it does not. */
static inline struct store *st_open(const char *path, int flags)
{
	char *cause = NULL;
	struct store *s = store_open(path, flags, &cause);

	if (s == NULL) {
		printf("# store_open %s: %s\n", path, cause ? cause : "?");
		CHECK(s != NULL);
		fflush(stdout);
		if (getpid() == st_parent)
			st_cleanup();
		exit(1);
	}
	CHECK(cause == NULL);
	return s;
}

/* Set one value that must be stored. */
static inline void st_set(struct store *s, const char *unit, struct record *rec,
			  const char *id, int row, const char *value)
{
	char *cause = NULL;
	int rc = store_set(s, unit, rec, st_field(rec->form, id), row, value, &cause);

	if (rc != 0)
		printf("# store_set %s[%d]=%s: %s\n", id, row, value ? value : "(null)",
		       cause ? cause : "?");
	CHECK_INT(rc, 0);
	free(cause);
}

/* Load unit's submission of f into a new record. */
static inline struct record *st_load(struct store *s, const char *unit, const struct form *f)
{
	char *cause = NULL;
	struct record *rec = record_new(f);

	if (store_load(s, unit, rec, &cause) != 0) {
		printf("# store_load: %s\n", cause ? cause : "?");
		CHECK(0);
	}
	free(cause);
	return rec;
}

/* The value of field id in row (-1 for top level). */
static inline const char *st_get(const struct record *rec, const char *id, int row)
{
	return record_get(rec, st_field(rec->form, id), row);
}

#endif
