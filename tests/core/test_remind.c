/* test_remind.c - remind.h (a missing unit's contact, days left, the reminder line) and
 * receive.h (the inbox folder, the files of a folder worth importing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/fileio.h"
#include "core/form.h"
#include "core/receive.h"
#include "core/record.h"
#include "core/remind.h"
#include "test.h"

static struct form **forms;
static int nforms;

/* The shipped form with this id. */
static struct form *form_of(const char *id)
{
	for (int i = 0; i < nforms; i++)
		if (strcmp(forms[i]->id, id) == 0)
			return forms[i];
	return NULL;
}

/* The liaison form is found by its fields, not its name: the one with a mobile. */
static void test_contact(void)
{
	struct remind_contact_fields cf;
	const struct form *f;
	struct record *r;
	char *who;

	remind_contact_fields(forms, nforms, &cf);
	CHECK(cf.form >= 0);
	f = forms[cf.form];
	CHECK_STR(f->id, "liaison");
	CHECK_STR(f->fields[cf.name].id, "name");
	CHECK_STR(f->fields[cf.mobile].id, "mobile");
	CHECK_STR(f->fields[cf.phone].id, "office_phone");
	r = record_new(f);
	CHECK(remind_contact(&cf, r) == NULL);
	CHECK(remind_contact(&cf, NULL) == NULL);
	record_set(r, cf.name, -1, "黄璐");
	who = remind_contact(&cf, r);
	CHECK_STR(who, "黄璐");
	free(who);
	record_set(r, cf.phone, -1, "022-29240881");
	who = remind_contact(&cf, r);
	CHECK_STR(who, "黄璐 022-29240881");	/* no mobile: the office phone */
	free(who);
	record_set(r, cf.mobile, -1, "18222169302");
	who = remind_contact(&cf, r);
	CHECK_STR(who, "黄璐 18222169302");
	free(who);
	record_set(r, cf.name, -1, NULL);
	who = remind_contact(&cf, r);
	CHECK_STR(who, "18222169302");
	free(who);
	record_free(r);
	/* without a liaison form there is no contact */
	remind_contact_fields(forms, 0, &cf);
	CHECK_INT(cf.form, -1);
}

/* Days left count real days, and a form without a due date has none. */
static void test_due(void)
{
	struct form *stats = form_of("stats");
	char out[96], *due = stats->due;
	long left = 0;

	CHECK(stats != NULL && stats->due != NULL);
	CHECK(remind_days_left(stats, "2021-06-03", &left));
	CHECK_INT(left, 22);
	remind_due_words(stats, "2021-06-03", out, sizeof(out));
	CHECK_STR(out, "截止 6月25日（还有 22 天）");
	remind_due_words(stats, "2021-06-25", out, sizeof(out));
	CHECK_STR(out, "今天（6月25日）截止");
	remind_due_words(stats, "2021-06-28", out, sizeof(out));
	CHECK_STR(out, "截止 6月25日（已过 3 天）");
	remind_due_words(stats, "2026-12-02", out, sizeof(out));
	CHECK_STR(out, "2021年度，已结束");
	CHECK(!remind_days_left(stats, "2021-02-31", &left));
	stats->due = NULL;
	remind_due_words(stats, "2021-06-03", out, sizeof(out));
	CHECK_STR(out, "");
	stats->due = due;
}

/* One line a unit: who, what, by when, where to, how; past the due date, say so. */
static void test_line(void)
{
	struct form *stats = form_of("stats");
	struct strbuf sb = STRBUF_INIT;
	char *send = stats->send;

	remind_line(&sb, "庚镇", "张三 13900000001", stats, "2021-06-03");
	CHECK_STR(strbuf_str(&sb), "庚镇（联络员 张三 13900000001）：请于6月25日前报送附件3《活动进展"
				   "情况统计表》，发送至 bdqyjj01@tj.gov.cn，用填表程序导出 .csv "
				   "文件发送即可。\n");
	strbuf_reset(&sb);
	stats->send = NULL;
	remind_line(&sb, "辛镇", NULL, stats, "2021-06-26");
	CHECK_STR(strbuf_str(&sb), "辛镇：请于6月25日前报送附件3《活动进展情况统计表》，用填表程序导出"
				   " .csv 文件发送即可。已过截止日期，请尽快报送。\n");
	stats->send = send;
	strbuf_free(&sb);
}

/* Write an empty file. */
static void touch(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name), *cause = NULL;

	CHECK(fileio_write_atomic(p, "x", 1, 0644, &cause) == 0);
	free(cause);
	free(p);
}

/* A folder gives its CSVs (and what may be one) in name order; a .txt beside its .csv is
 * the text export sent with it. */
static void test_folder(void)
{
	char tmpl[] = "/tmp/test_remind.XXXXXX", *dir = mkdtemp(tmpl), *sub, *cause = NULL;
	struct receive_file *f = NULL;
	int n = 0, skipped = 0;

	CHECK(dir != NULL);
	if (dir == NULL)
		return;
	touch(dir, "乙镇_附件3.csv");
	touch(dir, "甲镇_附件3.csv");
	touch(dir, "甲镇_附件3.txt");
	touch(dir, "丙镇.TXT");
	touch(dir, "丁镇.xlsx");
	touch(dir, "说明.doc");
	touch(dir, ".隐藏.csv");
	sub = xasprintf("%s/子文件夹.csv", dir);
	mkdir(sub, 0700);
	CHECK(receive_list(dir, &f, &n, &skipped, &cause) == 0);
	CHECK_INT(n, 4);
	CHECK_INT(skipped, 1);
	if (n == 4) {
		CHECK_STR(f[0].name, "丁镇.xlsx");
		CHECK_STR(f[1].name, "丙镇.TXT");
		CHECK_STR(f[2].name, "乙镇_附件3.csv");
		CHECK_STR(f[3].name, "甲镇_附件3.csv");
		CHECK(strncmp(f[3].path, dir, strlen(dir)) == 0);
	}
	{
		size_t len = 0;
		const void *b = receive_map(f[3].path, &len, &cause);

		CHECK(b != NULL && len == 1 && memcmp(b, "x", 1) == 0);
		receive_unmap(b, len);
		CHECK(receive_map(sub, &len, &cause) != NULL && len == 0);	/* a folder reads empty */
	}
	receive_files_free(f, n);
	f = NULL;
	n = 0;
	CHECK(receive_list(sub, &f, &n, &skipped, &cause) == 0 && n == 0);
	rmdir(sub);
	free(sub);
	CHECK(receive_list("/nonexistent/填表收件", &f, &n, &skipped, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "打不开文件夹") != NULL);
	free(cause);
	cause = NULL;
	{
		size_t len;

		CHECK(receive_map("/nonexistent/a.csv", &len, &cause) == NULL);
		free(cause);
	}
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
}

/* The inbox is ~/填表收件 unless TIANBIAO_INBOX says otherwise. */
static void test_default_dir(void)
{
	char *d;

	setenv("HOME", "/home/区里", 1);
	unsetenv("TIANBIAO_INBOX");
	config_load();
	d = receive_default_dir();
	CHECK_STR(d, "/home/区里/填表收件");
	free(d);
	setenv("TIANBIAO_INBOX", "/tmp/收件", 1);
	config_load();
	d = receive_default_dir();
	CHECK_STR(d, "/tmp/收件");
	free(d);
	unsetenv("TIANBIAO_INBOX");
	config_load();
}

int main(void)
{
	char *cause = NULL;

	nforms = form_load_dir("forms", &forms, &cause);
	if (nforms <= 0) {
		printf("FAIL load forms: %s\n", cause != NULL ? cause : "none");
		return 1;
	}
	TEST_RUN(test_contact);
	TEST_RUN(test_due);
	TEST_RUN(test_line);
	TEST_RUN(test_folder);
	TEST_RUN(test_default_dir);
	for (int i = 0; i < nforms; i++)
		form_free(forms[i]);
	free(forms);
	return test_done();
}
