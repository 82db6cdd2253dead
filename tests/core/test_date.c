/* test_date.c - the date module: month lengths, YYYY-MM-DD, dates as people write them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/date.h"
#include "core/export.h"
#include "test.h"

/* February has 29 days every fourth year, except centuries not divisible by 400. */
static void test_months(void)
{
	CHECK(date_is_leap(2020));
	CHECK(!date_is_leap(2021));
	CHECK(!date_is_leap(1900));
	CHECK(date_is_leap(2000));
	CHECK_INT(date_month_days(2021, 2), 28);
	CHECK_INT(date_month_days(2024, 2), 29);
	CHECK_INT(date_month_days(2021, 6), 30);
	CHECK_INT(date_month_days(2021, 12), 31);
	CHECK_INT(date_month_days(2021, 0), 0);
	CHECK_INT(date_month_days(2021, 13), 0);
	CHECK(date_valid(2021, 6, 30));
	CHECK(!date_valid(2021, 6, 31));
	CHECK(!date_valid(2021, 2, 31));
	CHECK(!date_valid(2021, 2, 29));
	CHECK(date_valid(2024, 2, 29));
	CHECK(!date_valid(2021, 1, 0));
}

/* Only real days in exactly YYYY-MM-DD. */
static void test_iso(void)
{
	static const char *const good[] = { "2021-06-05", "2020-02-29", "2000-02-29", "1999-12-31" };
	static const char *const bad[] = { "2021-02-31", "2021-02-29", "1900-02-29", "2021-13-01",
					   "2021-00-10", "2021-06-00", "2021-6-05", "2021-06-5",
					   "2021/06/05", "2021-06-05x", "20210605", "", "２０２１-06-05" };
	struct date d;
	char out[11];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		CHECK(date_iso_parse(good[i], &d));
		date_iso_format(&d, out);
		CHECK_STR(out, good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_iso_parse(bad[i], NULL)) {
			printf("#   accepted %s\n", bad[i]);
			CHECK(0);
		}
	CHECK(!date_iso_parse(NULL, NULL));
	CHECK(date_iso_parse("2021-06-05", &d) && d.y == 2021 && d.m == 6 && d.d == 5);
}

/* The shapes people write, and what each leaves out. */
static void test_parse(void)
{
	static const struct {
		const char *in;
		int day_only, ok, y, m, d, has_year, has_month;
	} cases[] = {
		{ "6月5日", 0, 1, 0, 6, 5, 0, 1 },
		{ "6月5号", 0, 1, 0, 6, 5, 0, 1 },
		{ "6月5", 0, 1, 0, 6, 5, 0, 1 },
		{ "2021年6月5日", 0, 1, 2021, 6, 5, 1, 1 },
		{ "21年6月5日", 0, 1, 2021, 6, 5, 1, 1 },
		{ "二〇二一年六月五日", 0, 1, 2021, 6, 5, 1, 1 },
		{ "六月十六日", 0, 1, 0, 6, 16, 0, 1 },
		{ "十二月三十一日", 0, 1, 0, 12, 31, 0, 1 },
		{ "2021-06-05", 0, 1, 2021, 6, 5, 1, 1 },
		{ "2021/6/5", 0, 1, 2021, 6, 5, 1, 1 },
		{ "2021.6.5", 0, 1, 2021, 6, 5, 1, 1 },
		{ "20210605", 0, 1, 2021, 6, 5, 1, 1 },
		{ "6.5", 0, 1, 0, 6, 5, 0, 1 },
		{ "6/5", 0, 1, 0, 6, 5, 0, 1 },
		{ "6-5", 0, 1, 0, 6, 5, 0, 1 },
		{ "10日", 1, 1, 0, 0, 10, 0, 0 },
		{ "十日", 1, 1, 0, 0, 10, 0, 0 },
		{ "10日", 0, 0, 0, 0, 0, 0, 0 },
		{ "2021/6-5", 0, 0, 0, 0, 0, 0, 0 },
		{ "6月", 0, 0, 0, 0, 0, 0, 0 },
		{ "2021年", 0, 0, 0, 0, 0, 0, 0 },
		{ "123.4", 0, 0, 0, 0, 0, 0, 0 },
		{ "明天", 0, 0, 0, 0, 0, 0, 0 },
		{ "〇月五日", 0, 0, 0, 0, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct date d;
		int ok = date_parse(cases[i].in, cases[i].day_only, &d);

		if (ok != cases[i].ok) {
			printf("#   %s: %d\n", cases[i].in, ok);
			CHECK(0);
			continue;
		}
		if (!ok)
			continue;
		CHECK_INT(d.y, cases[i].y);
		CHECK_INT(d.m, cases[i].m);
		CHECK_INT(d.d, cases[i].d);
		CHECK_INT(d.has_year, cases[i].has_year);
		CHECK_INT(d.has_month, cases[i].has_month);
	}
}

/* The year and month come from the context; an impossible day says what is wrong. */
static void test_complete(void)
{
	struct date a, b;
	char msg[128];

	CHECK(date_parse("6月5日", 0, &a));
	CHECK_INT(date_complete(&a, NULL, 2021, msg, sizeof msg), 0);
	CHECK_INT(a.y, 2021);
	CHECK(date_parse("10日", 1, &b));
	CHECK_INT(date_complete(&b, &a, 2021, msg, sizeof msg), 0);
	CHECK(b.y == 2021 && b.m == 6 && b.d == 10);
	CHECK(date_key(&a) < date_key(&b));
	CHECK(date_parse("2月31日", 0, &a));
	CHECK_INT(date_complete(&a, NULL, 2021, msg, sizeof msg), -1);
	CHECK_STR(msg, "2月没有31日");
	CHECK(date_parse("2月29日", 0, &a));
	CHECK_INT(date_complete(&a, NULL, 2021, msg, sizeof msg), -1);
	CHECK_STR(msg, "2021年2月没有29日");
	CHECK(date_parse("2月29日", 0, &a));
	CHECK_INT(date_complete(&a, NULL, 2024, msg, sizeof msg), 0);
	CHECK(date_parse("13月1日", 0, &a));
	CHECK_INT(date_complete(&a, NULL, 2021, msg, sizeof msg), -1);
	CHECK_STR(msg, "没有13月，请核对月份");
}

/* The campaign year is left out, as on the paper. */
static void test_format(void)
{
	struct date d = { 2021, 6, 5, 1, 1 };
	char out[64];

	date_format(&d, 2021, out, sizeof out);
	CHECK_STR(out, "6月5日");
	date_format(&d, 2022, out, sizeof out);
	CHECK_STR(out, "2021年6月5日");
}

/* Spreadsheet serial numbers: day 0 is 1899-12-30. */
static void test_serial(void)
{
	static const struct {
		long n;
		const char *iso;
	} cases[] = {
		{ 0, "1899-12-30" }, { 1, "1899-12-31" }, { 2, "1900-01-01" }, { 60, "1900-02-28" },
		{ 61, "1900-03-01" }, { 36526, "2000-01-01" }, { 43890, "2020-02-29" },
		{ 44363, "2021-06-16" }, { 73050, "2099-12-31" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct date d;
		char out[11];

		date_from_serial(cases[i].n, &d);
		date_iso_format(&d, out);
		CHECK_STR(out, cases[i].iso);
	}
}

/* Day counts: the days between two dates, across month, year and leap days. */
static void test_days(void)
{
	static const struct {
		const char *a, *b;
		long days;
	} cases[] = {
		{ "1970-01-01", "1970-01-01", 0 }, { "2021-06-03", "2021-06-05", 2 },
		{ "2020-02-28", "2020-03-01", 2 }, { "2021-02-28", "2021-03-01", 1 },
		{ "2020-12-31", "2021-01-01", 1 }, { "1970-01-01", "2000-01-01", 10957 },
		{ "2021-06-25", "2021-06-03", -22 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct date a, b;

		CHECK(date_iso_parse(cases[i].a, &a) && date_iso_parse(cases[i].b, &b));
		CHECK(date_days(&b) - date_days(&a) == cases[i].days);
	}
}

/* TIANBIAO_TODAY=2021-02-31 is not a day: the exports' clock ignored it only when the
 * day was above 31, and made it the 3rd of March. */
static void test_today_impossible(void)
{
	time_t now = time(NULL), t;
	struct tm tm;

	setenv("TIANBIAO_TODAY", "2021-02-31", 1);
	config_load();
	t = export_now();
	CHECK(t >= now - 5 && t <= now + 5);
	setenv("TIANBIAO_TODAY", "2021-03-03", 1);
	config_load();
	t = export_now();
	CHECK(localtime_r(&t, &tm) != NULL && tm.tm_mon == 2 && tm.tm_mday == 3);
	unsetenv("TIANBIAO_TODAY");
	config_load();
}

/* date_local always fills the struct: a time with no calendar year gives 1970-01-01. */
static void test_local(void)
{
	struct tm tm, want;
	time_t t = 1622682000;	/* 2021-06-03 01:00 UTC */

	memset(&tm, 0x55, sizeof tm);
	date_local(t, &tm);
	CHECK(localtime_r(&t, &want) != NULL);
	CHECK_INT(tm.tm_year, want.tm_year);
	CHECK_INT(tm.tm_mday, want.tm_mday);
	CHECK_INT(tm.tm_hour, want.tm_hour);
	memset(&tm, 0x55, sizeof tm);
	date_local((time_t)1 << 62, &tm);	/* beyond any year an int holds */
	CHECK_INT(tm.tm_year, 70);
	CHECK_INT(tm.tm_mon, 0);
	CHECK_INT(tm.tm_mday, 1);
	CHECK_INT(tm.tm_hour, 0);
}

int main(void)
{
	TEST_RUN(test_months);
	TEST_RUN(test_iso);
	TEST_RUN(test_parse);
	TEST_RUN(test_complete);
	TEST_RUN(test_format);
	TEST_RUN(test_serial);
	TEST_RUN(test_days);
	TEST_RUN(test_today_impossible);
	TEST_RUN(test_local);
	return test_done();
}
