/*
 * date.h - calendar dates: the one place that knows month lengths, leap years,
 * YYYY-MM-DD, how people write a date (6月5日, 2021.6.5, 六月五日 …) and how the
 * forms print one.
 *
 * Used by the checks (date fields), the form files (due), the import (dates a
 * spreadsheet rewrote) and the exports and screens (today). No locale, no clock:
 * today comes from the configuration (config.h).
 */
#ifndef TB_DATE_H
#define TB_DATE_H

#include <stddef.h>
#include <time.h>

/* A date as read; has_year / has_month say what was written (6月5日 has no year,
 * the 10日 of 6月5日至10日 no month). */
struct date {
	int y, m, d;
	int has_year, has_month;
};

/* Gregorian leap year. */
int date_is_leap(int y);
/* Days in month m (1..12) of year y; 0 for a month that does not exist. */
int date_month_days(int y, int m);
/* True when y-m-d is a real day (any year >= 1). */
int date_valid(int y, int m, int d);

/* Strict YYYY-MM-DD of a real day (2021-02-29 and 2021-02-31 are refused); 1 and
 * *dt set, or 0. dt may be NULL. */
int date_iso_parse(const char *iso, struct date *dt);
/* Write dt as YYYY-MM-DD (out has 11 bytes). */
void date_iso_format(const struct date *dt, char out[11]);

/*
 * Read one date as people write it (spaces already removed, half-width): [2021年]6月5日,
 * 6月5号, 6月5, 二〇二一年六月五日, 2021-06-05, 2021/6/5, 2021.6.5, 20210605, 6.5, 6/5,
 * 6-5; day_only also accepts a bare day (the end of 6月5日至10日). 1 when s has that
 * shape; the day is not checked here (date_complete does).
 */
int date_parse(const char *s, int day_only, struct date *dt);

/* Fill in what dt left out - the month and year of from (a range's start), else the
 * year - then check that it is a real day: 0, or -1 with a Chinese message in msg
 * ("没有13月，请核对月份", "6月没有31日", "2021年2月没有29日"). */
int date_complete(struct date *dt, const struct date *from, int year, char *msg, size_t cap);

/* A number that orders dates (not a day count). */
long date_key(const struct date *dt);
/* Days since 1970-01-01 (negative before it): the difference of two is the number of
 * days between them (a due date's "还有 2 天"). */
long date_days(const struct date *dt);

/* As the forms write dates: 6月5日 in the campaign year, else 2022年6月5日. */
void date_format(const struct date *dt, int year, char *out, size_t cap);

/* The local time of t into *tm; UTC when there is no local time for it (a time beyond
 * localtime's years), 1970-01-01 00:00 when not even that: never a struct tm left unset. */
void date_local(time_t t, struct tm *tm);

/* A spreadsheet's date serial number (days since 1899-12-30, so 44363 is 2021-06-16). */
void date_from_serial(long n, struct date *dt);

#endif
