/*
 * store_backup.c - damage behind the program's back, and the way back from it: automatic
 * backups (written at a writer's close and before an export, rotated, mode 0600), the
 * message that names the newest backup when a database is refused as damaged, a -wal
 * damaged while the program ran and then a crash (saves SQLite's recovery would drop
 * silently), store_restore putting a backup back and keeping the damaged file, and the
 * whole-file check that runs only when there is a reason (small file, unclean close,
 * check-db).
 */
#include <time.h>

#include "store_test.h"

static struct form *form;

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static char *bak(const char *path, int n)
{
	return xasprintf("%s.bak%d", path, n);
}

/* One session of a writer: set contact (and `extra` more values in rows), then close. */
static void session(const char *path, const char *contact)
{
	struct store *s = st_open(path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form);

	st_set(s, "u", rec, "contact", -1, contact);
	record_free(rec);
	store_close(s);
}

/* The contact stored in the database at path (malloc'd), read through a read-only open. */
static char *contact_of(const char *path)
{
	struct store *s = st_open(path, STORE_READONLY);
	struct record *rec = st_load(s, "u", form);
	const char *v = st_get(rec, "contact", -1);
	char *r = xstrdup(v ? v : "(blank)");

	record_free(rec);
	store_close(s);
	return r;
}

/* Overwrite len bytes of a file at off with garbage (behind any open connection's back). */
static void damage(const char *path, long off, long len)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0);
	for (long i = 0; i < len && fd >= 0; i++) {
		unsigned char b = (unsigned char)(i * 7 + 3);

		CHECK(pwrite(fd, &b, 1, off + i) == 1);
	}
	if (fd >= 0)
		close(fd);
}

/* Open must fail; the message (malloc'd). */
static char *refused(const char *path, int flags)
{
	char *cause = NULL;
	struct store *s = store_open(path, flags, &cause);

	CHECK(s == NULL);
	if (s != NULL)
		store_close(s);
	CHECK(cause != NULL);
	return cause;
}

/* Make a file's time `seconds` older. */
static void age(const char *path, int seconds)
{
	struct stat st;
	struct timespec ts[2];

	CHECK(stat(path, &st) == 0);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	ts[0].tv_sec -= seconds;
	ts[1].tv_sec -= seconds;
	CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
}

/* A writer's close leaves a backup; three are kept, newest first, each 0600. */
static void test_backups_rotate(void)
{
	char *path = st_path("rot.db"), *b1 = bak(path, 1), *b4 = bak(path, 4);
	const char *names[] = { "甲", "乙", "丙", "丁" };
	struct store_backup *l;
	struct stat st;
	char *cause = NULL, *v;
	int n = 0;

	/* Sessions minutes apart rotate the backups; the newest is only replaced by a
	 * session within a quarter of an hour. */
	for (int i = 0; i < 4; i++) {
		session(path, "中间的值");
		session(path, names[i]);
		age(b1, 20 * 60);
	}
	CHECK_INT(store_backup_list(path, &l, &n, &cause), 0);
	CHECK_INT(n, 3);
	for (int i = 0; i < n; i++) {
		CHECK_INT(l[i].number, i + 1);
		CHECK(stat(l[i].path, &st) == 0 && (st.st_mode & 0777) == 0600);
		CHECK(i == 0 || l[i].made <= l[i - 1].made);
		/* Each is a database of ours, whole, with the value of its session. */
		v = contact_of(l[i].path);
		CHECK_STR(v, names[3 - i]);
		free(v);
	}
	store_backup_list_free(l, n);
	CHECK(!st_exists(b4));
	/* No temporary file is left beside the database. */
	{
		char *cmd = xasprintf("ls '%s' | grep -c 'rot.db.bak-new' >/dev/null", st_dir);

		CHECK(system(cmd) != 0);
		free(cmd);
	}
	/* A session that changes nothing, and a reader, make no backup. */
	CHECK(utimensat(AT_FDCWD, b1, NULL, 0) == 0);	/* undo the ageing above */
	CHECK(stat(b1, &st) == 0);
	{
		time_t before = st.st_mtime;
		long long ino = (long long)st.st_ino;
		struct store *s = st_open(path, 0);

		store_close(s);
		s = st_open(path, STORE_READONLY);
		CHECK_INT(store_backup(s, &cause), 0);	/* nothing changed since the backup */
		store_close(s);
		CHECK(stat(b1, &st) == 0 && st.st_mtime == before && (long long)st.st_ino == ino);
	}
	free(b1);
	free(b4);
	free(path);
}

struct crash_arg {
	const char *path;
	int n;			/* values to save before the crash */
	int damage_wal;		/* damage the first frame of the -wal before dying */
};

/* Save n values, maybe damage the -wal behind SQLite's back, then die without closing. */
static void child_crash(void *p)
{
	struct crash_arg *a = p;
	struct store *s = st_open(a->path, 0);
	struct record *rec = st_load(s, "u", form);
	char *wal = xasprintf("%s-wal", a->path);

	for (int i = 0; i < a->n; i++) {
		char v[32];

		snprintf(v, sizeof(v), "第%d次", i + 1);
		st_set(s, "u", rec, "contact", -1, v);
	}
	/* The first frame's page data: recovery will stop there. */
	if (a->damage_wal)
		damage(wal, 32 + 24 + 100, 16);
	free(wal);
	fflush(stdout);
	kill(getpid(), SIGKILL);
}

/* An export after a crash backs up what the -wal holds; with no change since, nothing. */
static void test_backup_before_export(void)
{
	char *path = st_path("exp.db"), *b1 = bak(path, 1), *cause = NULL, *v;
	struct crash_arg a = { path, 2, 0 };
	struct store *s;
	struct stat st;
	ino_t old;

	session(path, "甲");
	CHECK(stat(b1, &st) == 0);
	old = st.st_ino;
	CHECK_INT(st_wait(st_fork(child_crash, &a)), 128 + SIGKILL);
	s = st_open(path, STORE_READONLY);
	CHECK_INT(store_backup(s, &cause), 0);
	free(cause);
	store_close(s);
	/* A new file took the place of the old newest backup. */
	CHECK(stat(b1, &st) == 0 && st.st_ino != old);
	v = contact_of(b1);
	CHECK_STR(v, "第2次");
	free(v);
	free(b1);
	free(path);
}

/* A damaged database is refused with the newest backup and its time; restore brings back
 * every value of that backup and keeps the damaged file aside, unchanged. */
static void test_damaged_db_restore(void)
{
	char *path = st_path("dmg.db"), *b1 = bak(path, 1), *msg, *kept = NULL, *cause = NULL;
	char when[32], *v, *before, *after;
	size_t len = 0, len2 = 0;
	struct store *s;
	struct record *rec;
	struct stat st;

	s = st_open(path, STORE_CREATE);
	rec = st_load(s, "u", form);
	st_set(s, "u", rec, "contact", -1, "黄璐");
	st_set(s, "u", rec, "times", -1, "12");
	CHECK_INT(store_row_add(s, "u", rec, 0, &cause), 0);
	st_set(s, "u", rec, "place", 0, "大白庄镇");
	record_free(rec);
	store_close(s);
	CHECK(stat(b1, &st) == 0);
	{
		struct tm tm;

		localtime_r(&st.st_mtime, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	}
	damage(path, 4096 * 2, 4096 * 3);
	before = st_read(path, &len);
	msg = refused(path, 0);
	if (!st_has(msg, b1))
		printf("#   message: %s\n", msg);
	CHECK(st_has(msg, "已损坏"));
	CHECK(st_has(msg, b1));
	CHECK(st_has(msg, when));
	CHECK(st_has(msg, "restore 1"));
	free(msg);
	msg = refused(path, STORE_READONLY);
	CHECK(st_has(msg, b1));
	free(msg);

	CHECK_INT(store_restore(path, b1, &kept, &cause), 0);
	CHECK(kept != NULL);
	after = kept ? st_read(kept, &len2) : NULL;
	CHECK(after != NULL && len == len2 && memcmp(before, after, len) == 0);
	s = st_open(path, 0);
	CHECK_INT(store_integrity(s, &cause), 0);
	rec = st_load(s, "u", form);
	CHECK_STR(st_get(rec, "contact", -1), "黄璐");
	CHECK_STR(st_get(rec, "times", -1), "12");
	CHECK_INT(rec->nrows[0], 1);
	CHECK_STR(st_get(rec, "place", 0), "大白庄镇");
	record_free(rec);
	store_close(s);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* A damaged backup is not put back. */
	damage(b1, 4096 * 2, 4096 * 3);
	free(kept);
	kept = NULL;
	CHECK_INT(store_restore(path, b1, &kept, &cause), -1);
	CHECK(st_has(cause, "损坏"));
	CHECK(kept == NULL);
	free(cause);
	v = contact_of(path);
	CHECK_STR(v, "黄璐");
	free(v);
	free(before);
	free(after);
	free(b1);
	free(path);
}

/*
 * A -wal damaged while the program ran, then a crash: SQLite's recovery stops at the
 * damaged frame and the five saves after it would be gone without a word. The next open
 * says so, keeps a copy of the -wal, names the backup; the one after goes on.
 */
static void test_damaged_wal(void)
{
	char *path = st_path("wal.db"), *b1 = bak(path, 1), *msg, *v, *kept = NULL;
	struct crash_arg a = { path, 5, 1 };
	char *cause = NULL, *cmd;

	session(path, "备份里的值");
	CHECK_INT(st_wait(st_fork(child_crash, &a)), 128 + SIGKILL);
	msg = refused(path, 0);
	if (!st_has(msg, "预写日志损坏"))
		printf("#   message: %s\n", msg ? msg : "(none)");
	CHECK(st_has(msg, "预写日志损坏"));
	CHECK(st_has(msg, "大约 5 次保存"));
	CHECK(st_has(msg, b1));
	CHECK(st_has(msg, "-wal.damaged-"));
	free(msg);
	/* The damaged -wal was kept beside the database. */
	cmd = xasprintf("ls '%s' | grep -q '^wal.db-wal.damaged-'", st_dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	/* Said once: the database goes on with what recovery kept. */
	v = contact_of(path);
	CHECK_STR(v, "备份里的值");
	free(v);
	session(path, "之后的值");
	v = contact_of(path);
	CHECK_STR(v, "之后的值");
	free(v);
	/* And the backup goes back in. */
	CHECK_INT(store_restore(path, b1, &kept, &cause), 0);
	v = contact_of(path);
	CHECK_STR(v, "之后的值");	/* the newest backup is the last clean close's */
	free(v);
	free(kept);
	free(b1);
	free(path);
}

/* The same crash without damage: recovery keeps every save, and nothing is said. */
static void test_crash_without_damage(void)
{
	char *path = st_path("crash.db"), *v;
	struct crash_arg a = { path, 5, 0 };

	session(path, "甲");
	CHECK_INT(st_wait(st_fork(child_crash, &a)), 128 + SIGKILL);
	v = contact_of(path);
	CHECK_STR(v, "第5次");
	free(v);
	free(path);
}

/* A database larger than the whole-file check's limit: 2 MB of long values. */
static void make_big(const char *path)
{
	struct store *s = st_open(path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	char *cause = NULL, *big = xmalloc(20001);

	memset(big, 'x', 20000);
	big[20000] = '\0';
	for (int i = 0; i < 100; i++) {
		CHECK_INT(store_row_add(s, "u", rec, 0, &cause), 0);
		big[0] = (char)('a' + i % 26);
		st_set(s, "u", rec, "place", i, big);
	}
	st_set(s, "u", rec, "contact", -1, "黄璐");
	record_free(rec);
	store_close(s);
	free(big);
	CHECK(file_size(path) > 2 * 1024 * 1024);
}

/* The offset of the first page at or after off that holds nothing but the long values'
 * x's (from its 5th byte on), found in the file's bytes. */
static long page_of_values(const char *path, long off)
{
	size_t len = 0;
	char *data = st_read(path, &len);
	long at = -1;

	for (long p = (off / 4096) * 4096; at < 0 && p + 4096 <= (long)len; p += 4096) {
		long i = p + 4;

		while (i < p + 4096 && data[i] == 'x')
			i++;
		if (i == p + 4096)
			at = p;
	}
	free(data);
	CHECK(at >= 0);
	return at;
}

/*
 * A large file is not read whole on every open: damage in the middle of it after a
 * clean close opens (cheap checks only), store_integrity (check-db) finds it; and a
 * writer's close finds it while writing its backup, so that the next open checks the
 * whole file and refuses it.
 */
static void test_whole_check_when_needed(void)
{
	char *path = st_path("big.db"), *cause = NULL, *msg;
	long size;
	struct store *s;

	make_big(path);
	size = file_size(path);
	/* A page of the long values past the middle (an overflow page of vals, which every
	 * read of its row follows): its first bytes point to the next page. */
	damage(path, page_of_values(path, size / 2), 16);
	s = st_open(path, STORE_READONLY);
	CHECK_INT(store_integrity(s, &cause), -1);
	CHECK(st_has(cause, "已损坏"));
	CHECK(st_has(cause, "bak1"));
	free(cause);
	store_close(s);
	/* A writer changes something away from the damage, and closes: its backup reads
	 * every row. */
	s = st_open(path, 0);
	CHECK_INT(store_unit_set(s, "新名称", &cause), 0);
	store_close(s);
	msg = refused(path, 0);
	CHECK(st_has(msg, "已损坏"));
	free(msg);
	free(path);
}

/* The header checks that cost nothing: a file cut short is refused on every open. */
static void test_cut_short(void)
{
	char *path = st_path("cut.db"), *data, *msg;
	size_t len = 0;

	make_big(path);
	data = st_read(path, &len);
	st_remove_db(path);
	st_write(path, data, len - 8192);
	msg = refused(path, STORE_READONLY);
	CHECK(st_has(msg, "已损坏"));
	free(msg);
	st_write(path, data, len - 100);
	msg = refused(path, 0);
	CHECK(st_has(msg, "已损坏"));
	free(msg);
	free(data);
	free(path);
}

/* restore is refused while another copy has the database open, and changes nothing. */
static void test_restore_busy(void)
{
	char *path = st_path("busy.db"), *b1 = bak(path, 1), *kept = NULL, *cause = NULL;
	struct store *s;

	session(path, "甲");
	s = st_open(path, 0);
	CHECK_INT(store_restore(path, b1, &kept, &cause), -1);
	CHECK(st_has(cause, "正被另一个填表程序使用"));
	CHECK(kept == NULL);
	free(cause);
	store_close(s);
	free(b1);
	free(path);
}

int main(void)
{
	st_setup();
	form = st_form();
	TEST_RUN(test_backups_rotate);
	TEST_RUN(test_backup_before_export);
	TEST_RUN(test_damaged_db_restore);
	TEST_RUN(test_damaged_wal);
	TEST_RUN(test_crash_without_damage);
	TEST_RUN(test_whole_check_when_needed);
	TEST_RUN(test_cut_short);
	TEST_RUN(test_restore_busy);
	form_free(form);
	st_cleanup();
	return test_done();
}
