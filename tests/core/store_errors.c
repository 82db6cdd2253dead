/*
 * store_errors.c - the store refusing what it must refuse, with a message that says
 * what to do, and touching nothing: missing directories and files, text and garbage
 * files, truncated and damaged databases, another program's database, a newer
 * schema, read-only files and directories, a second copy of the program, a full
 * disk, and wrong arguments.
 *
 * The tests run as root on the build machines, where file modes do not stop writes:
 * the read-only tests then drop to the nobody user in a child process (so the modes
 * really apply), and also try an immutable file (chattr +i), which stops root too.
 */
#include <grp.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "store_test.h"

#define NOBODY 65534

static struct form *form;

/* Open must fail; returns the message (caller frees). */
static char *open_fails(const char *path, int flags)
{
	char *cause = NULL;
	struct store *s = store_open(path, flags, &cause);

	CHECK(s == NULL);
	CHECK(cause != NULL);
	CHECK(!st_has(cause, "(null)"));
	if (s != NULL)
		store_close(s);
	return cause;
}

/* The size of a file, or -1 when it is not there. */
static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Make a database with a value in it, closed (so its WAL is checkpointed into it). */
static void make_db_kept(const char *path)
{
	struct store *s;
	struct record *rec;
	char *wal = xasprintf("%s-wal", path);

	st_remove_db(path);
	s = st_open(path, STORE_CREATE);
	rec = st_load(s, "u", form);
	st_set(s, "u", rec, "contact", -1, "黄璐");
	record_free(rec);
	store_close(s);
	/* The writer keeps its companions, the -wal empty: the file alone holds everything. */
	CHECK_INT(file_size(wal), 0);
	free(wal);
}

/* The same, as the file arrives when it is copied or sent: alone, without its companions. */
static void make_db(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);

	make_db_kept(path);
	CHECK_INT(unlink(wal), 0);
	CHECK_INT(unlink(shm), 0);
	free(wal);
	free(shm);
}

/*
 * The file is byte for byte what it was, and no companion files were left beside it;
 * with sides set, the -wal and -shm a writer kept may stay.
 */
static void check_untouched_but(const char *path, const char *before, size_t len, int sides)
{
	size_t n = 0;
	char *now = st_read(path, &n);
	const char *sfx[] = { "-wal", "-shm", "-journal" };

	CHECK(now != NULL);
	CHECK(n == len && now != NULL && memcmp(now, before, len) == 0);
	free(now);
	for (int i = sides ? 2 : 0; i < 3; i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		if (st_exists(p))
			printf("#   left behind: %s\n", p);
		CHECK(!st_exists(p));
		free(p);
	}
}

static void check_untouched(const char *path, const char *before, size_t len)
{
	check_untouched_but(path, before, len, 0);
}

/* Every way of opening refuses the file with a message holding want, and changes nothing. */
static void check_refused(const char *path, const char *want)
{
	static const int flags[] = { 0, STORE_CREATE, STORE_READONLY };
	size_t len = 0;
	char *before = st_read(path, &len);

	for (int i = 0; i < 3; i++) {
		char *cause = open_fails(path, flags[i]);

		if (!st_has(cause, want))
			printf("#   flags %d: [%s] lacks [%s]\n", flags[i], cause ? cause : "",
			       want);
		CHECK(st_has(cause, want));
		CHECK(st_has(cause, "文件没有被改动"));
		free(cause);
		check_untouched(path, before, len);
	}
	free(before);
}

static void test_missing_dir(void)
{
	char *path = st_path("no-such-dir/tianbiao.db");
	char *cause = open_fails(path, STORE_CREATE);

	CHECK(st_has(cause, "目录"));
	CHECK(st_has(cause, "no-such-dir"));
	CHECK(st_has(cause, "不存在"));
	free(cause);
	CHECK(!st_exists(path));
	free(path);
	/* A file where the directory should be. */
	path = st_path("plain");
	st_write(path, "x", 1);
	free(path);
	path = st_path("plain/tianbiao.db");
	cause = open_fails(path, STORE_CREATE);
	CHECK(st_has(cause, "不是目录"));
	free(cause);
	free(path);
}

static void test_missing_file(void)
{
	char *path = st_path("absent.db");
	char *cause = open_fails(path, 0);

	CHECK(st_has(cause, "不存在"));
	free(cause);
	cause = open_fails(path, STORE_READONLY | STORE_CREATE);
	CHECK(st_has(cause, "不存在"));
	free(cause);
	CHECK(!st_exists(path));
	free(path);
	/* A directory given as the database. */
	cause = open_fails(st_dir, STORE_CREATE);
	CHECK(st_has(cause, "是一个目录"));
	free(cause);
}

/*
 * A database of ours refused with its companions beside it (left by the last writer):
 * the file is byte for byte what it was, no -journal appears, and the -wal, if it is
 * still there, is still empty.
 */
static void check_refused_kept(const char *path, const char *want)
{
	static const int flags[] = { 0, STORE_CREATE, STORE_READONLY };
	size_t len = 0, n = 0;
	char *before = st_read(path, &len);
	char *wal = xasprintf("%s-wal", path), *journal = xasprintf("%s-journal", path);

	for (int i = 0; i < 3; i++) {
		char *cause = open_fails(path, flags[i]), *now;

		CHECK(st_has(cause, want));
		CHECK(st_has(cause, "文件没有被改动"));
		free(cause);
		now = st_read(path, &n);
		CHECK(now != NULL && n == len && memcmp(now, before, len) == 0);
		free(now);
		CHECK(file_size(wal) <= 0);
		CHECK(!st_exists(journal));
	}
	free(before);
	free(wal);
	free(journal);
}

/* A CSV file, given by mistake, is refused before SQLite ever opens it. */
static void test_text_file(void)
{
	char *path = st_path("data.csv");
	const char csv[] = "\xef\xbb\xbf单位,联系人,电话\r\n大白庄镇,黄璐,022-29240881\r\n";

	st_write(path, csv, sizeof(csv) - 1);
	check_refused(path, "不是填表程序的数据库");
	free(path);
}

/* Random bytes, a short file that starts like SQLite, and a header with garbage after it. */
static void test_garbage(void)
{
	char *path = st_path("garbage.db");
	unsigned char buf[8192];

	srand(42);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rand();
	st_write(path, buf, sizeof(buf));
	check_refused(path, "不是填表程序的数据库");

	memcpy(buf, "SQLite format 3", 16);
	st_write(path, buf, 50);
	check_refused(path, "不是填表程序的数据库");

	st_write(path, buf, sizeof(buf));
	check_refused(path, "已损坏");
	free(path);
}

/* A real database cut short (a copy interrupted, a full USB stick). */
static void test_truncated(void)
{
	char *path = st_path("truncated.db");
	size_t len = 0;
	char *data;

	make_db(path);
	data = st_read(path, &len);
	CHECK(len >= 3 * 4096);
	st_write(path, data, 2 * 4096);
	check_refused(path, "已损坏");
	free(data);
	free(path);
}

/* Pages overwritten with garbage after the first: quick_check on open finds it. */
static void test_corrupt_pages(void)
{
	char *path = st_path("corrupt.db");
	size_t len = 0;
	char *data;

	make_db(path);
	data = st_read(path, &len);
	for (size_t i = 4096; i < len; i++)
		data[i] = (char)(i * 7 + 3);
	st_write(path, data, len);
	check_refused(path, "已损坏");
	/* The same damage to a database whose last writer left its companions beside it. */
	make_db_kept(path);
	st_write(path, data, len);
	check_refused_kept(path, "已损坏");
	free(data);
	free(path);
}

/* Put a 32-bit big-endian number into the database header at offset off. */
static void poke_header(const char *path, int off, unsigned long v)
{
	size_t len = 0;
	char *data = st_read(path, &len);

	CHECK(len >= 100);
	data[off] = (char)(v >> 24);
	data[off + 1] = (char)(v >> 16);
	data[off + 2] = (char)(v >> 8);
	data[off + 3] = (char)v;
	st_write(path, data, len);
	free(data);
}

/* A sound SQLite file of another program (application_id 68, user_version 60). */
static void test_other_program(void)
{
	char *path = st_path("other.db");

	make_db(path);
	poke_header(path, 68, 0x12345678);
	check_refused(path, "不是填表程序的数据库");
	poke_header(path, 68, 0);
	check_refused(path, "不是填表程序的数据库");
	free(path);
}

/* A database from a newer tianbiao is left alone and the message says to upgrade. */
static void test_newer_schema(void)
{
	char *path = st_path("newer.db");

	make_db(path);
	poke_header(path, 60, 99);
	check_refused(path, "较新版本");
	make_db_kept(path);
	poke_header(path, 60, 99);
	check_refused_kept(path, "较新版本");
	free(path);
}

/* An empty file (touch tianbiao.db) is a database without tables yet. */
static void test_empty_file(void)
{
	char *path = st_path("empty.db");
	struct store *s;
	struct record *rec;
	char *cause = NULL;

	st_write(path, "", 0);
	s = st_open(path, STORE_READONLY);
	rec = st_load(s, "u", form);
	CHECK_INT(rec->revision, 0);
	CHECK_INT(store_integrity(s, &cause), 0);
	CHECK_INT(store_set(s, "u", rec, st_field(form, "contact"), -1, "x", &cause), -1);
	CHECK(st_has(cause, "只读"));
	free(cause);
	record_free(rec);
	store_close(s);
	s = st_open(path, 0);
	rec = st_load(s, "u", form);
	st_set(s, "u", rec, "contact", -1, "x");
	record_free(rec);
	store_close(s);
	free(path);
}

/* Replace the last hex digit of the last copy of uuid in the file (an index entry or
 * the row): the b-trees stay well formed, so quick_check passes, but the index no
 * longer matches its table, which integrity_check finds. */
static void test_integrity(void)
{
	char *path = st_path("index.db");
	struct store *s = st_open(path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	char *cause = NULL, *data, *hit = NULL;
	size_t len = 0;

	st_set(s, "u", rec, "contact", -1, "x");
	CHECK_INT(store_integrity(s, &cause), 0);
	store_close(s);
	data = st_read(path, &len);
	for (size_t i = 0; i + 32 <= len; i++)
		if (memcmp(data + i, rec->uuid, 32) == 0)
			hit = data + i;
	CHECK(hit != NULL);
	if (hit != NULL)
		hit[31] = hit[31] == '0' ? '1' : '0';
	st_write(path, data, len);
	free(data);
	s = st_open(path, 0);
	CHECK_INT(store_integrity(s, &cause), -1);
	CHECK(st_has(cause, "已损坏"));
	free(cause);
	store_close(s);
	record_free(rec);
	free(path);
}

/* Become the nobody user when we are root, so that file modes apply; 0 when not root. */
static int drop_root(void)
{
	if (geteuid() != 0)
		return 0;
	if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0) {
		printf("#   cannot become nobody: %s\n", strerror(errno));
		CHECK(0);
		return -1;
	}
	/* setuid clears it; the sanitizers need it to read /proc/self. */
	prctl(PR_SET_DUMPABLE, 1);
	return 1;
}

/* The checks on a read-only file, as a user the modes apply to. */
static void child_read_only(void *arg)
{
	const char *path = arg;
	struct store *s;
	struct record *rec;
	char *cause;

	if (drop_root() < 0)
		return;
	cause = open_fails(path, 0);
	CHECK(st_has(cause, "只读"));
	CHECK(st_has(cause, "文件没有被改动"));
	free(cause);
	/* Reading still works, and writing through it is refused with a message. */
	s = st_open(path, STORE_READONLY);
	rec = st_load(s, "u", form);
	CHECK_STR(st_get(rec, "contact", -1), "黄璐");
	cause = NULL;
	CHECK_INT(store_set(s, "u", rec, st_field(form, "contact"), -1, "改", &cause), -1);
	CHECK(st_has(cause, "只读"));
	CHECK_STR(st_get(rec, "contact", -1), "黄璐");
	free(cause);
	record_free(rec);
	store_close(s);
}

/* The checks on a database in a directory that cannot be written. */
static void child_read_only_dir(void *arg)
{
	const char *dir = arg;
	char *path = xasprintf("%s/t.db", dir), *fresh = xasprintf("%s/new.db", dir);
	char *cause;

	if (drop_root() < 0)
		return;
	cause = open_fails(path, 0);
	CHECK(st_has(cause, "不能写入"));
	free(cause);
	cause = open_fails(fresh, STORE_CREATE);
	CHECK(st_has(cause, "无法建立数据库文件"));
	free(cause);
	CHECK(!st_exists(fresh));
	free(path);
	free(fresh);
}

static void test_read_only_file(void)
{
	char *dir = st_path("ro"), *path = st_path("ro/t.db");
	size_t len = 0;
	char *before, *wal, *shm;

	CHECK_INT(mkdir(dir, 0755), 0);
	make_db(path);
	if (geteuid() == 0) {
		CHECK_INT(chmod(st_dir, 0711), 0);
		CHECK_INT(chown(dir, NOBODY, NOBODY), 0);
		CHECK_INT(chown(path, NOBODY, NOBODY), 0);
	}
	CHECK_INT(chmod(path, 0400), 0);
	before = st_read(path, &len);
	CHECK_INT(st_wait(st_fork(child_read_only, path)), 0);
	/* A reader that cannot write makes no -wal or -shm (they would stop the next save). */
	check_untouched(path, before, len);
	free(before);

	/*
	 * Beside the companions a writer kept (made by root here, they get the database
	 * file's owner, as SQLite gives them), the read-only file still reads.
	 */
	wal = xasprintf("%s-wal", path);
	shm = xasprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	CHECK_INT(chmod(path, 0600), 0);
	store_close(st_open(path, 0));
	CHECK_INT(file_size(wal), 0);
	CHECK(st_exists(shm));
	CHECK_INT(chmod(path, 0400), 0);
	before = st_read(path, &len);
	CHECK_INT(st_wait(st_fork(child_read_only, path)), 0);
	check_untouched_but(path, before, len, 1);
	CHECK_INT(file_size(wal), 0);
	free(before);
	free(wal);
	free(shm);

	/* The directory read-only instead (WAL needs to create files in it). */
	CHECK_INT(chmod(path, 0600), 0);
	CHECK_INT(chmod(dir, 0555), 0);
	CHECK_INT(st_wait(st_fork(child_read_only_dir, dir)), 0);
	CHECK_INT(chmod(dir, 0755), 0);
	free(path);
	free(dir);
}

/* Root ignores modes but not the immutable flag (where the file system has it). */
static void test_immutable_file(void)
{
	char *path = st_path("immutable.db");
	int fd, attr = 0, set = 0;
	char *cause;

	make_db(path);
	fd = open(path, O_RDONLY);
	if (fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &attr) == 0) {
		attr |= FS_IMMUTABLE_FL;
		set = ioctl(fd, FS_IOC_SETFLAGS, &attr) == 0;
	}
	if (!set) {
		printf("# immutable files not available here (%s); the mode test above stands\n",
		       strerror(errno));
	} else {
		cause = open_fails(path, 0);
		CHECK(st_has(cause, "只读"));
		free(cause);
		attr &= ~FS_IMMUTABLE_FL;
		CHECK_INT(ioctl(fd, FS_IOC_SETFLAGS, &attr), 0);
	}
	if (fd >= 0)
		close(fd);
	free(path);
}

struct lock_arg {
	const char *path;
	int ready[2];	/* child -> parent: the store is open */
	int go[2];	/* parent -> child: you may leave */
};

/* Hold the store open until told to go (or killed). */
static void child_hold(void *p)
{
	struct lock_arg *a = p;
	struct store *s = st_open(a->path, 0);
	char c = 'r';

	close(a->ready[0]);
	close(a->go[1]);
	CHECK(write(a->ready[1], &c, 1) == 1);
	if (read(a->go[0], &c, 1) < 0)
		CHECK(0);
	store_close(s);
}

/* A second copy of the program gets the message, whether the first is alive or killed. */
static void test_second_instance(void)
{
	char *path = st_path("lock.db");
	struct store *s;
	struct record *rec;

	make_db(path);
	for (int kill9 = 0; kill9 < 2; kill9++) {
		struct lock_arg a = { .path = path };
		char c, *cause, *want;
		pid_t pid;

		CHECK(pipe(a.ready) == 0 && pipe(a.go) == 0);
		pid = st_fork(child_hold, &a);
		close(a.ready[1]);
		close(a.go[0]);
		CHECK(read(a.ready[0], &c, 1) == 1);
		cause = open_fails(path, 0);
		want = xasprintf("数据库 %s 正被另一个填表程序使用。"
				 "请先关闭另一个窗口中的填表程序，再重试。",
				 path);
		CHECK_STR(cause, want);
		free(want);
		free(cause);
		/* Reading is not locked out. */
		s = st_open(path, STORE_READONLY);
		rec = st_load(s, "u", form);
		CHECK_STR(st_get(rec, "contact", -1), "黄璐");
		record_free(rec);
		store_close(s);
		if (kill9) {
			kill(pid, SIGKILL);
			CHECK_INT(st_wait(pid), 128 + SIGKILL);
		} else {
			CHECK(write(a.go[1], "g", 1) == 1);
			CHECK_INT(st_wait(pid), 0);
		}
		close(a.ready[0]);
		close(a.go[1]);
		/* The kernel let go of the lock with the process. */
		s = st_open(path, 0);
		rec = st_load(s, "u", form);
		CHECK_STR(st_get(rec, "contact", -1), "黄璐");
		record_free(rec);
		store_close(s);
	}
	/* Two opens in one process are two copies as well. */
	s = st_open(path, 0);
	{
		char *cause = open_fails(path, 0);

		CHECK(st_has(cause, "正被另一个填表程序使用"));
		free(cause);
	}
	store_close(s);
	free(path);
}

/* In a child with a file size limit: a big write fails, the record keeps its old value,
 * and the store keeps working for small writes. */
static void child_disk_full(void *arg)
{
	const char *path = arg;
	struct store *s = st_open(path, 0);
	struct record *rec = st_load(s, "u", form);
	struct rlimit rl = { 256 * 1024, 256 * 1024 };
	size_t big = 2 * 1024 * 1024;
	char *value = xmalloc(big + 1), *cause = NULL;
	int acts = form_group_index(form, "acts");

	memset(value, 'x', big);
	value[big] = '\0';
	signal(SIGXFSZ, SIG_IGN);
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &rl), 0);
	CHECK_INT(store_set(s, "u", rec, st_field(form, "contact"), -1, value, &cause), -1);
	printf("# the message: %s\n", cause ? cause : "(none)");
	CHECK(st_has(cause, "没有保存"));
	CHECK(st_has(cause, path));
	free(cause);
	CHECK_STR(st_get(rec, "contact", -1), "黄璐");
	CHECK_INT(rec->revision, 1);
	st_set(s, "u", rec, "contact", -1, "小的修改");
	CHECK_INT(rec->revision, 2);
	/* Group operations roll back the same way. */
	CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
	cause = NULL;
	CHECK_INT(store_set(s, "u", rec, st_field(form, "kind"), 0, value, &cause), -1);
	CHECK(rec->nrows[acts] == 1 && st_get(rec, "kind", 0) == NULL);
	CHECK_INT(rec->revision, 3);
	free(cause);
	free(value);
	record_free(rec);
	store_close(s);
}

static void test_disk_full(void)
{
	char *path = st_path("full.db");
	struct store *s;
	struct record *rec;
	char *cause = NULL;

	make_db(path);
	CHECK_INT(st_wait(st_fork(child_disk_full, path)), 0);
	s = st_open(path, 0);
	CHECK_INT(store_integrity(s, &cause), 0);
	free(cause);
	rec = st_load(s, "u", form);
	CHECK_STR(st_get(rec, "contact", -1), "小的修改");
	CHECK_INT(rec->revision, 3);
	CHECK_INT(rec->nrows[0], 1);
	record_free(rec);
	store_close(s);
	free(path);
}

/* Wrong field, row or group numbers are refused and change nothing. */
static void test_bad_arguments(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	int acts = form_group_index(form, "acts"), kind = st_field(form, "kind");
	char *cause = NULL;

	st_set(s, "u", rec, "contact", -1, "x");
	CHECK_INT(store_set(s, "u", rec, -1, -1, "y", &cause), -1);
	CHECK(cause != NULL);
	free(cause);
	CHECK_INT(store_set(s, "u", rec, form->nfields, -1, "y", &cause), -1);
	free(cause);
	CHECK_INT(store_set(s, "u", rec, kind, 0, "y", &cause), -1);
	CHECK(st_has(cause, "第 1 行"));
	free(cause);
	CHECK_INT(store_row_add(s, "u", rec, form->ngroups, &cause), -1);
	free(cause);
	CHECK_INT(store_row_delete(s, "u", rec, acts, 0, &cause), -1);
	free(cause);
	CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
	CHECK_INT(store_row_move(s, "u", rec, acts, 0, 1, &cause), -1);
	CHECK(st_has(cause, "不能再向下移动"));
	free(cause);
	CHECK_INT(store_row_move(s, "u", rec, acts, 0, -1, &cause), -1);
	free(cause);
	CHECK_INT(store_row_move(s, "u", rec, acts, 0, 2, &cause), -1);
	free(cause);
	CHECK_INT(store_row_delete(s, "u", rec, acts, -1, &cause), -1);
	free(cause);
	CHECK_INT(rec->revision, 2);
	CHECK_INT(rec->nrows[acts], 1);
	record_free(rec);
	rec = st_load(s, "u", form);
	CHECK_INT(rec->revision, 2);
	CHECK_INT(rec->nrows[acts], 1);
	CHECK_STR(st_get(rec, "contact", -1), "x");
	record_free(rec);
	store_close(s);
}

int main(void)
{
	st_setup();
	form = st_form();
	TEST_RUN(test_missing_dir);
	TEST_RUN(test_missing_file);
	TEST_RUN(test_text_file);
	TEST_RUN(test_garbage);
	TEST_RUN(test_truncated);
	TEST_RUN(test_corrupt_pages);
	TEST_RUN(test_other_program);
	TEST_RUN(test_newer_schema);
	TEST_RUN(test_empty_file);
	TEST_RUN(test_integrity);
	TEST_RUN(test_read_only_file);
	TEST_RUN(test_immutable_file);
	TEST_RUN(test_second_instance);
	TEST_RUN(test_disk_full);
	TEST_RUN(test_bad_arguments);
	form_free(form);
	st_cleanup();
	return test_done();
}
