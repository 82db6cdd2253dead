/*
 * store_readonly.c - reading a database one cannot write: a read-only file, a read-only
 * directory, another user's file, read-only media (a read-only mount), with and without
 * the -wal and -shm files, and with changes still waiting in the -wal after a crash.
 * A read works in every case, makes no file beside the database, and never leaves one
 * that stops a later write; a writer mends the companions an older reader left.
 *
 * The tests run as root on the build machines, where file modes do not stop anything:
 * the children then become the nobody user (the reader) or the user OWNER (the owner of
 * the database), so that the modes apply. The read-only mount is made in a private
 * mount namespace of a child, so it vanishes with it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>

#include "core/config.h"
#include "store_test.h"

#define NOBODY 65534
#define OWNER 4242

static struct form *form;
static char *tmpdir;		/* the children's TMPDIR: a private copy must not stay there */

/* Become user uid (when root); 0 on success. The child's TMPDIR is tmpdir. */
static int become(uid_t uid)
{
	setenv("TMPDIR", tmpdir, 1);
	config_load();
	if (geteuid() != 0 || geteuid() == uid)
		return 0;
	if (setgroups(0, NULL) != 0 || setgid(uid) != 0 || setuid(uid) != 0) {
		printf("#   cannot become user %lu: %s\n", (unsigned long)uid, strerror(errno));
		CHECK(0);
		return -1;
	}
	/* setuid clears it; the sanitizers need it to read /proc/self. */
	prctl(PR_SET_DUMPABLE, 1);
	return 0;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static char *side(const char *path, const char *sfx)
{
	return xasprintf("%s%s", path, sfx);
}

/* Nothing is left in the children's temporary directory. */
static void check_tmp_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	CHECK(d != NULL);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			printf("#   left in TMPDIR: %s\n", e->d_name);
			n++;
		}
	if (d != NULL)
		closedir(d);
	CHECK_INT(n, 0);
}

struct job {
	const char *path;
	uid_t uid;
	const char *value;	/* the contact to set, or to expect */
	int keep;		/* set: leave the store open (as a crash would) */
	int want_fail;		/* set: saving must be refused */
	const char *want;	/* ... with this in the message */
};

/* As job->uid: save a value, then close (or not, as a crash). */
static void child_write(void *arg)
{
	struct job *j = arg;
	struct store *s;
	struct record *rec;
	char *cause = NULL;

	if (become(j->uid) != 0)
		return;
	s = store_open(j->path, STORE_CREATE, &cause);
	if (j->want_fail) {
		CHECK(s == NULL);
		if (!st_has(cause, j->want))
			printf("#   message: %s\n", cause ? cause : "(none)");
		CHECK(st_has(cause, j->want));
		free(cause);
		if (s != NULL)
			store_close(s);
		return;
	}
	if (s == NULL)
		printf("#   store_open %s: %s\n", j->path, cause ? cause : "?");
	CHECK(s != NULL);
	free(cause);
	if (s == NULL)
		return;
	rec = st_load(s, "u", form);
	st_set(s, "u", rec, "contact", -1, j->value);
	record_free(rec);
	if (j->keep)
		return;	/* _exit follows: the -wal keeps the change, as after kill -9 */
	store_close(s);
}

/* As job->uid: a read-only open sees job->value. */
static void child_read(void *arg)
{
	struct job *j = arg;
	struct store *s;
	struct record *rec;
	char *cause = NULL;

	if (become(j->uid) != 0)
		return;
	s = store_open(j->path, STORE_READONLY, &cause);
	if (s == NULL)
		printf("#   read-only open of %s: %s\n", j->path, cause ? cause : "?");
	CHECK(s != NULL);
	free(cause);
	if (s == NULL)
		return;
	rec = st_load(s, "u", form);
	CHECK_STR(st_get(rec, "contact", -1), j->value);
	/* Saving through a read-only store is refused with a message. */
	cause = NULL;
	CHECK_INT(store_set(s, "u", rec, st_field(form, "contact"), -1, "改", &cause), -1);
	CHECK(st_has(cause, "只读"));
	free(cause);
	CHECK(store_integrity(s, &cause) == 0);
	free(cause);
	record_free(rec);
	store_close(s);
}

static void as(void (*fn)(void *), struct job *j)
{
	CHECK_INT(st_wait(st_fork(fn, j)), 0);
}

/* A database of OWNER with the contact value, closed: its -wal empty and -shm kept. */
static void make_db(const char *path, const char *value)
{
	struct job j = { .path = path, .uid = OWNER, .value = value };

	st_remove_db(path);
	as(child_write, &j);
	CHECK(file_size(path) > 0);
}

/* Then a crash: value2 saved, waiting in the -wal, the store never closed. */
static void crash_with(const char *path, const char *value2)
{
	struct job j = { .path = path, .uid = OWNER, .value = value2, .keep = 1 };
	char *wal = side(path, "-wal");

	as(child_write, &j);
	CHECK(file_size(wal) > 0);
	free(wal);
}

static void unlink_side(const char *path, const char *sfx)
{
	char *p = side(path, sfx);

	unlink(p);
	free(p);
}

/*
 * The companions are as they were: absent ones still absent, present ones the same
 * size (a reader that cannot write leaves the -wal alone).
 */
struct sides {
	long wal, shm;
};

static struct sides sides_of(const char *path)
{
	char *w = side(path, "-wal"), *m = side(path, "-shm");
	struct sides s = { file_size(w), file_size(m) };

	free(w);
	free(m);
	return s;
}

static void check_sides(const char *path, struct sides before)
{
	struct sides now = sides_of(path);

	CHECK_INT(now.wal, before.wal);
	CHECK_INT(now.shm, before.shm);
}

/* Read as nobody: the value is there, the file and its companions as they were. */
static void read_as_nobody(const char *path, const char *value)
{
	struct job j = { .path = path, .uid = NOBODY, .value = value };
	struct sides before = sides_of(path);
	size_t len = 0, len2 = 0;
	char *data = st_read(path, &len), *data2;

	as(child_read, &j);
	data2 = st_read(path, &len2);
	CHECK(data2 != NULL && len == len2 && memcmp(data, data2, len) == 0);
	check_sides(path, before);
	check_tmp_empty();
	free(data);
	free(data2);
}

/* The path of a database in a new directory of its own, which OWNER may write. */
static char *db_in(const char *name)
{
	char *dir = st_path(name), *path = xasprintf("%s/t.db", dir);

	CHECK_INT(mkdir(dir, 0777), 0);
	CHECK_INT(chmod(dir, 0777), 0);
	if (geteuid() == 0)
		CHECK_INT(chown(dir, OWNER, OWNER), 0);
	free(dir);
	return path;
}

static void set_dir_mode(const char *path, mode_t mode)
{
	char *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	CHECK_INT(chmod(dir, mode), 0);
	free(dir);
}

/* A file the reader may read but not write (0444), in a directory it may not write. */
static void test_read_only_directory(void)
{
	char *path = db_in("rodir");

	/* Alone, as a copied file arrives. */
	make_db(path, "黄璐");
	unlink_side(path, "-wal");
	unlink_side(path, "-shm");
	CHECK_INT(chmod(path, 0444), 0);
	set_dir_mode(path, 0555);
	read_as_nobody(path, "黄璐");
	/* With the companions a writer keeps (the -wal empty, the -shm the owner's). */
	set_dir_mode(path, 0777);
	CHECK_INT(chmod(path, 0644), 0);
	make_db(path, "黄璐");
	CHECK_INT(chmod(path, 0444), 0);
	set_dir_mode(path, 0555);
	read_as_nobody(path, "黄璐");
	/* After a crash: the newest value waits in the -wal, beside the -shm. */
	set_dir_mode(path, 0777);
	CHECK_INT(chmod(path, 0644), 0);
	crash_with(path, "张三");
	{
		char *w = side(path, "-wal"), *m = side(path, "-shm");

		CHECK_INT(chmod(w, 0644), 0);
		CHECK_INT(chmod(m, 0644), 0);
		free(w);
		free(m);
	}
	CHECK_INT(chmod(path, 0444), 0);
	set_dir_mode(path, 0555);
	read_as_nobody(path, "张三");
	/* ... and without the -shm (a copy of the database and its -wal). */
	unlink_side(path, "-shm");
	read_as_nobody(path, "张三");
	set_dir_mode(path, 0777);
	free(path);
}

/* The reader's own file made read-only (0400) in a directory it may write. */
static void test_read_only_file(void)
{
	char *path = db_in("rofile");
	struct job owner = { .path = path, .uid = OWNER, .value = "李四" };
	struct job reader = { .path = path, .uid = OWNER, .value = "黄璐" };
	struct sides before;

	make_db(path, "黄璐");
	unlink_side(path, "-wal");
	unlink_side(path, "-shm");
	CHECK_INT(chmod(path, 0400), 0);
	/* The owner reads its 0400 file: nothing is made beside it (SQLite would make a
	 * -wal and -shm of mode 0400 that stop the next save). */
	before = sides_of(path);
	as(child_read, &reader);
	check_sides(path, before);
	check_tmp_empty();
	/* Made writable again, it saves. */
	CHECK_INT(chmod(path, 0600), 0);
	as(child_write, &owner);
	reader.value = "李四";
	as(child_read, &reader);
	free(path);
}

/* Another user's file that everyone may read (0444), in a directory everyone may write. */
static void test_other_users_file(void)
{
	char *path = db_in("other");
	struct job owner = { .path = path, .uid = OWNER, .value = "李四" };

	make_db(path, "黄璐");
	unlink_side(path, "-wal");
	unlink_side(path, "-shm");
	CHECK_INT(chmod(path, 0444), 0);
	read_as_nobody(path, "黄璐");
	/* With the owner's companions, which the reader cannot read (0600). */
	CHECK_INT(chmod(path, 0600), 0);
	make_db(path, "黄璐");
	CHECK_INT(chmod(path, 0444), 0);
	read_as_nobody(path, "黄璐");
	/* The owner makes it writable again and saves: nothing of the reader's is in the way. */
	CHECK_INT(chmod(path, 0600), 0);
	as(child_write, &owner);
	owner.value = "李四";
	as(child_read, &owner);
	free(path);
}

/* Give a companion file another owner and mode, as an older reader left it. */
static void spoil_side(const char *path, const char *sfx, uid_t uid, mode_t mode)
{
	char *p = side(path, sfx);

	if (!st_exists(p))
		st_write(p, "", 0);
	CHECK_INT(chown(p, uid, uid), 0);
	CHECK_INT(chmod(p, mode), 0);
	free(p);
}

/* A writer mends the companions a read-only SQLite connection left behind. */
static void test_leftover_sides(void)
{
	char *path = db_in("left");
	struct job owner = { .path = path, .uid = OWNER, .value = "李四" };
	char *wal = side(path, "-wal");
	size_t len = 0, len2 = 0;
	char *data, *data2;

	/* Another user's, read-only, the -wal empty: removed, and the save goes through. */
	make_db(path, "黄璐");
	spoil_side(path, "-wal", NOBODY, 0444);
	spoil_side(path, "-shm", NOBODY, 0444);
	as(child_write, &owner);
	as(child_read, &owner);
	/* The owner's own, made 0400 (the database's mode when they were made). */
	spoil_side(path, "-wal", OWNER, 0400);
	spoil_side(path, "-shm", OWNER, 0400);
	owner.value = "王五";
	as(child_write, &owner);
	as(child_read, &owner);
	/* Another user's -wal holding changes: refused with its name, nothing changed. */
	crash_with(path, "赵六");
	spoil_side(path, "-wal", NOBODY, 0444);
	data = st_read(path, &len);
	owner.value = "钱七";
	owner.want_fail = 1;
	owner.want = xasprintf("%s 不能写入（它属于用户 nobody）", wal);
	as(child_write, &owner);
	data2 = st_read(path, &len2);
	CHECK(data2 != NULL && len == len2 && memcmp(data, data2, len) == 0);
	CHECK(file_size(wal) > 0);
	free((char *)owner.want);
	free(data);
	free(data2);
	free(wal);
	free(path);
}

/* In a private mount namespace: dir becomes a read-only tmpfs holding the named files. */
static int ro_mount(const char *dir, const char *from, const char *const *sfx, int n)
{
	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return -1;
	if ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
	    mount("tmpfs", dir, "tmpfs", 0, "size=4m,mode=0755") != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char *a = xasprintf("%s%s", from, sfx[i]), *b = xasprintf("%s/t.db%s", dir, sfx[i]);
		size_t len = 0;
		char *data = st_read(a, &len);

		CHECK(data != NULL);
		if (data != NULL)
			st_write(b, data, len);
		free(data);
		free(a);
		free(b);
	}
	return mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL);
}

struct mount_job {
	const char *dir, *from;
	const char *const *sfx;
	int n;
	const char *value;
};

/* As root on a read-only file system (root ignores modes, not a read-only mount). */
static void child_ro_mount(void *arg)
{
	struct mount_job *m = arg;
	char *path = xasprintf("%s/t.db", m->dir);
	struct job j = { .path = path, .uid = 0, .value = m->value };
	char *cause = NULL;
	struct store *s;

	if (ro_mount(m->dir, m->from, m->sfx, m->n) != 0) {
		printf("#   mount: %s\n", strerror(errno));
		_exit(77);
	}
	child_read(&j);
	/* A writer is told the file is read-only. */
	s = store_open(path, 0, &cause);
	CHECK(s == NULL);
	CHECK(st_has(cause, "只读") || st_has(cause, "不能写入"));
	free(cause);
	free(path);
}

/* A child that only tries to make the read-only mount. */
static void child_try_mount(void *arg)
{
	static const char *const none[] = { "" };

	_exit(ro_mount(arg, "/dev/null", none, 0) == 0 ? 0 : 77);
}

/* True when this machine lets us mount a tmpfs in a namespace of our own. */
static int can_mount(void)
{
	char *dir = st_path("probe");
	int ok = geteuid() == 0 && st_wait(st_fork(child_try_mount, dir)) == 0;

	rmdir(dir);
	free(dir);
	return ok;
}

static void test_read_only_mount(void)
{
	static const char *const alone[] = { "" }, *const kept[] = { "", "-wal", "-shm" },
				 *const no_shm[] = { "", "-wal" };
	char *src = db_in("mediasrc"), *dir = st_path("media");
	struct mount_job m = { .dir = dir, .from = src, .value = "黄璐" };

	/* Alone (a copy on a CD), then with the companions a writer keeps. */
	make_db(src, "黄璐");
	m.sfx = alone;
	m.n = 1;
	CHECK_INT(st_wait(st_fork(child_ro_mount, &m)), 0);
	m.sfx = kept;
	m.n = 3;
	CHECK_INT(st_wait(st_fork(child_ro_mount, &m)), 0);
	/* A copy made after a crash: the newest value is in the -wal, with or without -shm. */
	crash_with(src, "张三");
	m.value = "张三";
	CHECK_INT(st_wait(st_fork(child_ro_mount, &m)), 0);
	m.sfx = no_shm;
	m.n = 2;
	CHECK_INT(st_wait(st_fork(child_ro_mount, &m)), 0);
	check_tmp_empty();
	free(src);
	free(dir);
}

int main(void)
{
	st_setup();
	form = st_form();
	tmpdir = st_path("tmp");
	if (mkdir(tmpdir, 0777) != 0 || chmod(tmpdir, 0777) != 0) {
		perror(tmpdir);
		return 1;
	}
	/* The children, as other users, must reach the scratch directory. */
	if (geteuid() == 0 && chmod(st_dir, 0711) != 0) {
		perror(st_dir);
		return 1;
	}
	TEST_RUN(test_read_only_directory);
	TEST_RUN(test_read_only_file);
	if (geteuid() == 0) {
		TEST_RUN(test_other_users_file);
		TEST_RUN(test_leftover_sides);
	} else {
		TEST_SKIP(test_other_users_file, "needs root to act as two users");
		TEST_SKIP(test_leftover_sides, "needs root to make another user's files");
	}
	if (can_mount())
		TEST_RUN(test_read_only_mount);
	else
		TEST_SKIP(test_read_only_mount, "needs root and a tmpfs mount in a namespace");
	form_free(form);
	free(tmpdir);
	st_cleanup();
	return test_done();
}
