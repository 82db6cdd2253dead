/*
 * store_basic.c - the store doing its job: values, blanks, revisions, group rows,
 * ids, units, files that survive closing and killing, the file mode, the default
 * path, and the time to load a 10,000-row group.
 */
#include <sys/time.h>

#include "core/config.h"
#include "store_test.h"

static struct form *form;

/* A fresh database has blank forms: revision 0, no id, nothing written. */
static void test_blank_start(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "大白庄镇", form);
	char *unit = NULL, *cause = NULL;

	CHECK_INT(rec->revision, 0);
	CHECK(rec->uuid == NULL);
	CHECK(rec->updated == NULL);
	CHECK_STR(rec->unit, "大白庄镇");
	CHECK(st_get(rec, "contact", -1) == NULL);
	CHECK_INT(rec->nrows[0], 0);
	CHECK_INT(store_unit_get(s, &unit, &cause), 0);
	CHECK(unit == NULL);
	CHECK_INT(store_integrity(s, &cause), 0);
	record_free(rec);
	store_close(s);
}

/* A value comes back; the first write makes the submission with a 32-hex id. */
static void test_set_and_load(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "大白庄镇", form), *again;

	st_set(s, "大白庄镇", rec, "contact", -1, "黄璐");
	CHECK_STR(st_get(rec, "contact", -1), "黄璐");
	CHECK_INT(rec->revision, 1);
	CHECK(st_is_uuid(rec->uuid));
	CHECK(rec->updated != NULL && strlen(rec->updated) == 25 && rec->updated[10] == 'T');
	again = st_load(s, "大白庄镇", form);
	CHECK_STR(st_get(again, "contact", -1), "黄璐");
	CHECK_STR(again->uuid, rec->uuid);
	CHECK_INT(again->revision, 1);
	CHECK_STR(again->updated, rec->updated);
	/* Text with quotes, line breaks and SQL in it is just text. */
	st_set(s, "大白庄镇", rec, "contact", -1, "a'b\"c\n'); DROP TABLE vals; --");
	record_free(again);
	again = st_load(s, "大白庄镇", form);
	CHECK_STR(st_get(again, "contact", -1), "a'b\"c\n'); DROP TABLE vals; --");
	record_free(again);
	record_free(rec);
	store_close(s);
}

/* Blank is not 0: "0" is kept as "0", "" and NULL delete the value. */
static void test_blank_is_not_zero(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form), *again;

	st_set(s, "u", rec, "times", -1, "0");
	st_set(s, "u", rec, "people", -1, "12");
	again = st_load(s, "u", form);
	CHECK_STR(st_get(again, "times", -1), "0");
	record_free(again);
	st_set(s, "u", rec, "times", -1, "");
	st_set(s, "u", rec, "people", -1, NULL);
	CHECK(st_get(rec, "times", -1) == NULL);
	CHECK(st_get(rec, "people", -1) == NULL);
	again = st_load(s, "u", form);
	CHECK(st_get(again, "times", -1) == NULL);
	CHECK(st_get(again, "people", -1) == NULL);
	CHECK_INT(again->revision, 4);
	record_free(again);
	record_free(rec);
	store_close(s);
}

/* Every stored change adds exactly one; saving the same value again adds nothing. */
static void test_revision_by_one(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form), *again;
	char *cause = NULL;
	int acts = form_group_index(form, "acts");
	long want = 0;

	/* A blank written where nothing is: no change, no submission. */
	st_set(s, "u", rec, "contact", -1, NULL);
	CHECK_INT(rec->revision, 0);
	CHECK(rec->uuid == NULL);
	st_set(s, "u", rec, "contact", -1, "甲");
	CHECK_INT(rec->revision, ++want);
	st_set(s, "u", rec, "contact", -1, "乙");
	CHECK_INT(rec->revision, ++want);
	st_set(s, "u", rec, "contact", -1, "乙");
	CHECK_INT(rec->revision, want);
	CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
	CHECK_INT(rec->revision, ++want);
	CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
	CHECK_INT(rec->revision, ++want);
	st_set(s, "u", rec, "kind", 1, "宣传");
	CHECK_INT(rec->revision, ++want);
	CHECK_INT(store_row_move(s, "u", rec, acts, 1, -1, &cause), 0);
	CHECK_INT(rec->revision, ++want);
	CHECK_INT(store_row_delete(s, "u", rec, acts, 1, &cause), 0);
	CHECK_INT(rec->revision, ++want);
	st_set(s, "u", rec, "contact", -1, "");
	CHECK_INT(rec->revision, ++want);
	again = st_load(s, "u", form);
	CHECK_INT(again->revision, want);
	record_free(again);
	free(cause);
	record_free(rec);
	store_close(s);
}

/* Check a group's rows in a record against the expected kinds (NULL = blank). */
static void check_kinds(const struct record *rec, const char *const *kinds, int n)
{
	int acts = form_group_index(form, "acts");

	CHECK_INT(rec->nrows[acts], n);
	for (int i = 0; i < n && i < rec->nrows[acts]; i++) {
		CHECK_STR(st_get(rec, "kind", i), kinds[i]);
		/* The other fields of the row travel with it. */
		if (kinds[i] != NULL) {
			char *place = xasprintf("%s地点", kinds[i]);

			CHECK_STR(st_get(rec, "place", i), place);
			free(place);
		} else {
			CHECK(st_get(rec, "place", i) == NULL);
		}
	}
}

/* Check the record and what a fresh load gives. */
static void check_both(struct store *s, const struct record *rec, const char *const *kinds,
		       int n)
{
	struct record *again = st_load(s, "u", form);

	check_kinds(rec, kinds, n);
	check_kinds(again, kinds, n);
	record_free(again);
}

/* Adding, deleting and moving rows keeps each row's values together, in memory and stored. */
static void test_group_rows(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	int acts = form_group_index(form, "acts");
	const char *names[] = { "一", "二", "三", "四" };
	char *cause = NULL;

	for (int i = 0; i < 4; i++) {
		char *place = xasprintf("%s地点", names[i]);

		CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
		st_set(s, "u", rec, "kind", i, names[i]);
		st_set(s, "u", rec, "place", i, place);
		free(place);
	}
	st_set(s, "u", rec, "host", 3, "区应急局");
	check_both(s, rec, (const char *const[]){ "一", "二", "三", "四" }, 4);

	CHECK_INT(store_row_delete(s, "u", rec, acts, 1, &cause), 0);
	check_both(s, rec, (const char *const[]){ "一", "三", "四" }, 3);
	CHECK_STR(st_get(rec, "host", 2), "区应急局");

	CHECK_INT(store_row_move(s, "u", rec, acts, 2, -1, &cause), 0);
	check_both(s, rec, (const char *const[]){ "一", "四", "三" }, 3);
	CHECK_STR(st_get(rec, "host", 1), "区应急局");
	CHECK(st_get(rec, "host", 2) == NULL);

	CHECK_INT(store_row_move(s, "u", rec, acts, 0, 1, &cause), 0);
	check_both(s, rec, (const char *const[]){ "四", "一", "三" }, 3);

	/* A new row is blank, also where a deleted row's values used to be. */
	CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
	check_both(s, rec, (const char *const[]){ "四", "一", "三", NULL }, 4);
	CHECK(st_get(rec, "host", 3) == NULL);

	CHECK_INT(store_row_delete(s, "u", rec, acts, 0, &cause), 0);
	CHECK_INT(store_row_delete(s, "u", rec, acts, 2, &cause), 0);
	check_both(s, rec, (const char *const[]){ "一", "三" }, 2);
	CHECK_INT(store_row_delete(s, "u", rec, acts, 0, &cause), 0);
	CHECK_INT(store_row_delete(s, "u", rec, acts, 0, &cause), 0);
	check_both(s, rec, NULL, 0);
	CHECK_INT(store_integrity(s, &cause), 0);
	free(cause);
	record_free(rec);
	store_close(s);
}

/* A group's max is kept; the refusal changes nothing. */
static void test_group_max(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	int extra = form_group_index(form, "extra");
	char *cause = NULL;

	for (int i = 0; i < 3; i++)
		CHECK_INT(store_row_add(s, "u", rec, extra, &cause), 0);
	CHECK_INT(rec->revision, 3);
	CHECK_INT(store_row_add(s, "u", rec, extra, &cause), -1);
	CHECK(st_has(cause, "最多只能有 3 项"));
	free(cause);
	CHECK_INT(rec->nrows[extra], 3);
	CHECK_INT(rec->revision, 3);
	record_free(rec);
	rec = st_load(s, "u", form);
	CHECK_INT(rec->nrows[extra], 3);
	CHECK_INT(rec->revision, 3);
	record_free(rec);
	store_close(s);
}

/* Units and forms keep apart; the same unit name finds the same submission. */
static void test_units_apart(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *a = st_load(s, "甲镇", form), *b = st_load(s, "乙镇", form), *again;

	st_set(s, "甲镇", a, "contact", -1, "张三");
	st_set(s, "乙镇", b, "contact", -1, "李四");
	CHECK(strcmp(a->uuid, b->uuid) != 0);
	again = st_load(s, "甲镇", form);
	CHECK_STR(st_get(again, "contact", -1), "张三");
	CHECK_STR(again->uuid, a->uuid);
	record_free(again);
	again = st_load(s, "乙镇", form);
	CHECK_STR(st_get(again, "contact", -1), "李四");
	record_free(again);
	again = st_load(s, "丙镇", form);
	CHECK(st_get(again, "contact", -1) == NULL);
	CHECK_INT(again->revision, 0);
	record_free(again);
	record_free(a);
	record_free(b);
	store_close(s);
}

/* The unit name is kept; values typed before it was known follow it. */
static void test_unit_name(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "", form), *again;
	char *unit = NULL, *cause = NULL;

	CHECK(rec->unit == NULL);
	st_set(s, "", rec, "contact", -1, "黄璐");
	CHECK_INT(store_unit_set(s, "宝坻区大白庄镇", &cause), 0);
	CHECK_INT(store_unit_get(s, &unit, &cause), 0);
	CHECK_STR(unit, "宝坻区大白庄镇");
	free(unit);
	again = st_load(s, "宝坻区大白庄镇", form);
	CHECK_STR(st_get(again, "contact", -1), "黄璐");
	CHECK_STR(again->uuid, rec->uuid);
	CHECK_INT(again->revision, 2);	/* its unit changed: a new revision */
	record_free(again);
	again = st_load(s, "", form);
	CHECK(st_get(again, "contact", -1) == NULL);
	record_free(again);
	/* Setting the same name again changes nothing. */
	CHECK_INT(store_unit_set(s, "宝坻区大白庄镇", &cause), 0);
	again = st_load(s, "宝坻区大白庄镇", form);
	CHECK_INT(again->revision, 2);
	record_free(again);
	CHECK_INT(store_unit_set(s, "", &cause), -1);
	CHECK(st_has(cause, "单位名称不能为空"));
	free(cause);
	record_free(rec);
	store_close(s);
}

/* A file keeps its values and ids across close and reopen. */
static void test_file_reopen(void)
{
	char *path = st_path("reopen.db");
	struct store *s = st_open(path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form), *again;
	char *uuid, *cause = NULL;

	CHECK_INT(store_unit_set(s, "u", &cause), 0);
	st_set(s, "u", rec, "contact", -1, "黄璐");
	CHECK_INT(store_row_add(s, "u", rec, 0, &cause), 0);
	st_set(s, "u", rec, "kind", 0, "宣传活动");
	uuid = xstrdup(rec->uuid);
	record_free(rec);
	store_close(s);

	for (int round = 0; round < 2; round++) {
		char *unit = NULL;

		s = st_open(path, round ? STORE_READONLY : 0);
		again = st_load(s, "u", form);
		CHECK_STR(again->uuid, uuid);
		CHECK_INT(again->revision, 3);
		CHECK_STR(st_get(again, "contact", -1), "黄璐");
		CHECK_STR(st_get(again, "kind", 0), "宣传活动");
		CHECK_INT(store_unit_get(s, &unit, &cause), 0);
		CHECK_STR(unit, "u");
		CHECK_INT(store_integrity(s, &cause), 0);
		free(unit);
		record_free(again);
		store_close(s);
	}
	free(uuid);
	free(path);
}

/* A new file, and its WAL companions, are readable by their owner only. */
static void test_mode_0600(void)
{
	char *path = st_path("mode.db"), *wal = st_path("mode.db-wal");
	char *shm = st_path("mode.db-shm");
	mode_t old = umask(0);
	struct stat st;
	struct store *s = st_open(path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form);

	umask(old);
	st_set(s, "u", rec, "contact", -1, "x");
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0600);
	CHECK_INT(stat(wal, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0600);
	CHECK_INT(stat(shm, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0600);
	record_free(rec);
	store_close(s);
	/* A umask that takes the owner's bits still gives 0600. */
	st_remove_db(path);
	old = umask(0277);
	s = st_open(path, STORE_CREATE);
	umask(old);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0600);
	store_close(s);
	free(path);
	free(wal);
	free(shm);
}

/* A 32-bit big-endian number from the database header. */
static unsigned long header_u32(const char *data, int off)
{
	const unsigned char *p = (const unsigned char *)data + off;

	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

/* A new file is stepped from schema 0 to the current one, marked as ours, in WAL mode. */
static void test_schema_marks(void)
{
	char *path = st_path("marks.db");
	struct store *s = st_open(path, STORE_CREATE);
	size_t len = 0;
	char *data;

	store_close(s);
	data = st_read(path, &len);
	CHECK(len >= 100);
	if (len >= 100) {
		CHECK_INT(header_u32(data, 60), 5);		/* user_version */
		CHECK_INT(header_u32(data, 68), 0x54424442);	/* application_id "TBDB" */
		CHECK_INT(data[18], 2);				/* WAL */
		CHECK_INT(data[19], 2);
	}
	free(data);
	/* Opening again migrates nothing and changes nothing. */
	s = st_open(path, 0);
	store_close(s);
	free(path);
}

/* The size of a file, or -1 when it is not there. */
static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/*
 * A writer keeps the -wal (empty) and -shm beside the database when it closes, so the
 * next start need not create them; the database file alone holds every value. A reader
 * that closes last removes them, and is not kept from reading beside an open writer.
 */
static void test_wal_kept(void)
{
	char *path = st_path("kept.db"), *copy = st_path("kept-copy.db");
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	struct store *s = st_open(path, STORE_CREATE), *r;
	struct record *rec = st_load(s, "u", form), *again;
	char *data, *cause = NULL;
	size_t len = 0;

	st_set(s, "u", rec, "contact", -1, "黄璐");
	CHECK_INT(store_unit_set(s, "u", &cause), 0);
	CHECK(file_size(wal) > 0);
	store_close(s);
	CHECK_INT(file_size(wal), 0);
	CHECK(st_exists(shm));
	/* The file alone, copied without its companions, has everything. */
	data = st_read(path, &len);
	st_write(copy, data, len);
	free(data);
	s = st_open(copy, 0);
	again = st_load(s, "u", form);
	CHECK_STR(st_get(again, "contact", -1), "黄璐");
	record_free(again);
	store_close(s);
	/* Opened again, the writer uses them; a reader beside it reads what it wrote. */
	s = st_open(path, 0);
	st_set(s, "u", rec, "contact", -1, "黄璐璐");
	r = st_open(path, STORE_READONLY);
	again = st_load(r, "u", form);
	CHECK_STR(st_get(again, "contact", -1), "黄璐璐");
	record_free(again);
	/* A read-only store refuses even the unit it already has. */
	CHECK_INT(store_unit_set(r, "u", &cause), -1);
	CHECK(st_has(cause, "只读"));
	free(cause);
	store_close(r);
	CHECK(file_size(wal) > 0);
	store_close(s);
	CHECK_INT(file_size(wal), 0);
	/* A reader that closes last leaves the directory without them. */
	r = st_open(path, STORE_READONLY);
	again = st_load(r, "u", form);
	CHECK_STR(st_get(again, "contact", -1), "黄璐璐");
	record_free(again);
	store_close(r);
	CHECK(!st_exists(wal));
	CHECK(!st_exists(shm));
	record_free(rec);
	st_remove_db(copy);
	free(copy);
	free(path);
	free(wal);
	free(shm);
}

struct kill_arg {
	const char *path;
	int sig;	/* 0: _exit without closing; else raise it */
};

/* In a child: write, then leave without store_close. */
static void child_write_and_die(void *p)
{
	struct kill_arg *a = p;
	struct store *s = st_open(a->path, STORE_CREATE);
	struct record *rec = st_load(s, "u", form);
	char *cause = NULL;

	st_set(s, "u", rec, "contact", -1, "写完就退出");
	CHECK_INT(store_row_add(s, "u", rec, 0, &cause), 0);
	st_set(s, "u", rec, "kind", 0, "最后一笔");
	fflush(stdout);
	if (a->sig)
		raise(a->sig);
	_exit(test_failed_checks ? 1 : 0);
}

/* What was committed is there after the process ends without closing (even by kill -9). */
static void test_survives_kill(void)
{
	int sigs[] = { 0, SIGKILL };

	for (int i = 0; i < 2; i++) {
		char *path = st_path(i ? "kill9.db" : "exit.db");
		struct kill_arg a = { path, sigs[i] };
		int rc = st_wait(st_fork(child_write_and_die, &a));
		char *wal = xasprintf("%s-wal", path);
		struct store *s;
		struct record *rec;
		struct stat st;
		char *cause = NULL;

		CHECK_INT(rc, i ? 128 + SIGKILL : 0);
		/* Nobody checkpointed: the values are only in the -wal file. */
		CHECK(stat(wal, &st) == 0 && st.st_size > 0);
		free(wal);
		s = st_open(path, 0);
		rec = st_load(s, "u", form);
		CHECK_STR(st_get(rec, "contact", -1), "写完就退出");
		CHECK_STR(st_get(rec, "kind", 0), "最后一笔");
		CHECK_INT(rec->revision, 3);
		CHECK_INT(store_integrity(s, &cause), 0);
		free(cause);
		record_free(rec);
		store_close(s);
		free(path);
	}
}

/* The default path follows TIANBIAO_DB, then XDG_DATA_HOME, then HOME; it creates nothing. */
static void test_default_path(void)
{
	char *p;

	setenv("TIANBIAO_DB", "/x/y.db", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("HOME", "/home/clerk", 1);
	config_load();
	p = store_default_path();
	CHECK_STR(p, "/x/y.db");
	free(p);
	setenv("TIANBIAO_DB", "", 1);
	config_load();
	p = store_default_path();
	CHECK_STR(p, "/data/tianbiao/tianbiao.db");
	free(p);
	unsetenv("TIANBIAO_DB");
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	config_load();
	p = store_default_path();
	CHECK_STR(p, "/home/clerk/.local/share/tianbiao/tianbiao.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	config_load();
	p = store_default_path();
	CHECK_STR(p, "/home/clerk/.local/share/tianbiao/tianbiao.db");
	free(p);
	CHECK(!st_exists("/home/clerk/.local/share/tianbiao"));
}

static double now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/* Sanitizers make every realloc copy the whole block, so growing a record row by row
 * costs much more there; the limit is for the real program. */
#if defined(__SANITIZE_ADDRESS__)
#define LOAD_LIMIT_MS 5000
#else
#define LOAD_LIMIT_MS 1000
#endif

/* 10,000 rows of a group load with one query, well under a second. */
static void test_big_group(void)
{
	struct store *s = st_open(":memory:", STORE_CREATE);
	struct record *rec = st_load(s, "u", form), *again;
	int acts = form_group_index(form, "acts");
	char *cause = NULL;
	double t0, load_ms, del_ms;
	const int n = 10000;

	for (int i = 0; i < n; i++) {
		char kind[32];

		CHECK_INT(store_row_add(s, "u", rec, acts, &cause), 0);
		snprintf(kind, sizeof(kind), "活动%d", i);
		st_set(s, "u", rec, "kind", i, kind);
		st_set(s, "u", rec, "place", i, "镇政府");
		if (i % 2)
			st_set(s, "u", rec, "host", i, "安委会");
	}
	t0 = now_ms();
	again = st_load(s, "u", form);
	load_ms = now_ms() - t0;
	CHECK_INT(again->nrows[acts], n);
	CHECK_STR(st_get(again, "kind", 9999), "活动9999");
	CHECK_STR(st_get(again, "host", 9999), "安委会");
	CHECK(st_get(again, "host", 9998) == NULL);
	printf("# loading %d rows took %.1f ms\n", n, load_ms);
	CHECK(load_ms < LOAD_LIMIT_MS);
	t0 = now_ms();
	CHECK_INT(store_row_delete(s, "u", again, acts, 0, &cause), 0);
	del_ms = now_ms() - t0;
	printf("# deleting row 1 of %d took %.1f ms\n", n, del_ms);
	CHECK_STR(st_get(again, "kind", 0), "活动1");
	record_free(again);
	again = st_load(s, "u", form);
	CHECK_INT(again->nrows[acts], n - 1);
	CHECK_STR(st_get(again, "kind", 9998), "活动9999");
	CHECK_STR(st_get(again, "host", 0), "安委会");
	record_free(again);
	free(cause);
	record_free(rec);
	store_close(s);
}

int main(void)
{
	st_setup();
	form = st_form();
	TEST_RUN(test_blank_start);
	TEST_RUN(test_set_and_load);
	TEST_RUN(test_blank_is_not_zero);
	TEST_RUN(test_revision_by_one);
	TEST_RUN(test_group_rows);
	TEST_RUN(test_group_max);
	TEST_RUN(test_units_apart);
	TEST_RUN(test_unit_name);
	TEST_RUN(test_file_reopen);
	TEST_RUN(test_mode_0600);
	TEST_RUN(test_schema_marks);
	TEST_RUN(test_wal_kept);
	TEST_RUN(test_survives_kill);
	TEST_RUN(test_default_path);
	TEST_RUN(test_big_group);
	form_free(form);
	st_cleanup();
	return test_done();
}
