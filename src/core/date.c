/* date.c - calendar dates (contract in date.h). */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "util.h"

/* Every fourth year, except centuries not divisible by 400. */
int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* One table for every caller, so that no copy forgets February. */
int date_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* The one test of a real day. */
int date_valid(int y, int m, int d)
{
	return y >= 1 && d >= 1 && d <= date_month_days(y, m);
}

/* ASCII digit, without the locale of isdigit. */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of n ASCII digits at s (already checked). */
static int digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Exactly ten characters, digits where digits belong, and a real day. */
int date_iso_parse(const char *iso, struct date *dt)
{
	struct date d;

	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(iso[i]))
			return 0;
	memset(&d, 0, sizeof d);
	d.y = digits_value(iso, 4);
	d.m = digits_value(iso + 5, 2);
	d.d = digits_value(iso + 8, 2);
	d.has_year = d.has_month = 1;
	if (!date_valid(d.y, d.m, d.d))
		return 0;
	if (dt != NULL)
		*dt = d;
	return 1;
}

/* Zero-padded, as files and the store keep dates. */
void date_iso_format(const struct date *dt, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)dt->y % 10000u, (unsigned)dt->m % 100u,
		 (unsigned)dt->d % 100u);
}

/* Read up to maxd ASCII digits; returns the count read (0 when none), and 0 when
 * more digits follow (a number too long is not this number). */
static int read_num(const char **s, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (n < maxd && is_digit(**s)) {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return is_digit(**s) ? 0 : n;
}

/* A number for a month or day, in digits or Chinese numerals. */
static int read_md(const char **s, int *v)
{
	size_t k;

	if (read_num(s, 2, v) > 0)
		return 1;
	k = cnum_read(*s, v);
	*s += k;
	return k > 0;
}

/* A year before 年: 2021, 21, 二〇二一. */
static int read_year(const char **s, int *y)
{
	const char *p = *s;
	int v, n = read_num(&p, 4, &v);

	if (n == 2)
		v += 2000;
	if (n != 2 && n != 4) {
		size_t k = cnum_read_digits(*s, 4, &v);

		if (k == 0)
			return 0;
		p = *s + k;
	}
	if (!str_starts(p, "年"))
		return 0;
	*s = p + strlen("年");
	*y = v;
	return 1;
}

/* Skip 日 or 号 after a day. */
static void skip_day_word(const char **s)
{
	if (str_starts(*s, "日"))
		*s += strlen("日");
	else if (str_starts(*s, "号"))
		*s += strlen("号");
}

/* True when s is eight ASCII digits and nothing else (20210605). */
static int eight_digits(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (!is_digit(s[i]))
			return 0;
	return s[8] == '\0';
}

/* The shapes in the order that tells them apart; nothing is validated here. */
int date_parse(const char *s, int day_only, struct date *dt)
{
	const char *p = s;
	int a, b, c;
	char sep;

	memset(dt, 0, sizeof *dt);
	if (strlen(s) == 8 && eight_digits(s)) {
		dt->y = digits_value(s, 4);
		dt->m = digits_value(s + 4, 2);
		dt->d = digits_value(s + 6, 2);
		dt->has_year = dt->has_month = 1;
		return 1;
	}
	if (read_year(&p, &a)) {
		dt->y = a;
		dt->has_year = 1;
	} else {
		p = s;
	}
	if (read_md(&p, &b) && str_starts(p, "月")) {
		p += strlen("月");
		if (!read_md(&p, &c))
			return 0;
		skip_day_word(&p);
		dt->m = b;
		dt->d = c;
		dt->has_month = 1;
		return *p == '\0';
	}
	if (dt->has_year)
		return 0;
	p = s;
	if (read_num(&p, 4, &a) == 4 && (*p == '-' || *p == '/' || *p == '.')) {
		sep = *p++;
		if (read_num(&p, 2, &b) == 0 || *p != sep)
			return 0;
		p++;
		if (read_num(&p, 2, &c) == 0 || *p != '\0')
			return 0;
		dt->y = a;
		dt->m = b;
		dt->d = c;
		dt->has_year = dt->has_month = 1;
		return 1;
	}
	p = s;
	if (read_num(&p, 2, &a) > 0 && (*p == '-' || *p == '/' || *p == '.')) {
		p++;
		if (read_num(&p, 2, &b) == 0 || *p != '\0')
			return 0;
		dt->m = a;
		dt->d = b;
		dt->has_month = 1;
		return 1;
	}
	p = s;
	if (day_only && read_md(&p, &a)) {
		skip_day_word(&p);
		if (*p != '\0')
			return 0;
		dt->d = a;
		return 1;
	}
	return 0;
}

/* What a range's end or a date without a year leaves out comes from its context. */
int date_complete(struct date *dt, const struct date *from, int year, char *msg, size_t cap)
{
	if (!dt->has_month && from != NULL) {
		dt->m = from->m;
		dt->y = from->y;
		dt->has_year = 1;
	}
	if (!dt->has_year) {
		dt->y = from != NULL ? from->y : year;
		dt->has_year = 1;
	}
	if (dt->m < 1 || dt->m > 12) {
		snprintf(msg, cap, "没有%d月，请核对月份", dt->m);
		return -1;
	}
	if (dt->d < 1 || dt->d > date_month_days(dt->y, dt->m)) {
		if (dt->m == 2 && dt->d == 29)
			snprintf(msg, cap, "%d年2月没有29日", dt->y);
		else
			snprintf(msg, cap, "%d月没有%d日", dt->m, dt->d);
		return -1;
	}
	return 0;
}

/* Months of 32 days and years of 400 keep the order without a calendar. */
long date_key(const struct date *dt)
{
	return (long)dt->y * 400 + dt->m * 32 + dt->d;
}

/* Howard Hinnant's days_from_civil: the proleptic Gregorian calendar, any year. */
long date_days(const struct date *dt)
{
	long y = dt->y - (dt->m <= 2), era, yoe, doy, doe;

	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (dt->m + (dt->m > 2 ? -3 : 9)) + 2) / 5 + dt->d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The paper leaves out the campaign year. */
void date_format(const struct date *dt, int year, char *out, size_t cap)
{
	if (dt->y == year)
		snprintf(out, cap, "%d月%d日", dt->m, dt->d);
	else
		snprintf(out, cap, "%d年%d月%d日", dt->y, dt->m, dt->d);
}

/* Month by month from 1899-12-30 (Excel's and LibreOffice's day 0). */
void date_from_serial(long n, struct date *dt)
{
	memset(dt, 0, sizeof *dt);
	dt->y = 1899;
	dt->m = 12;
	dt->d = 30;
	dt->has_year = dt->has_month = 1;
	while (n > 0) {
		int left = date_month_days(dt->y, dt->m) - dt->d;

		if (n <= left) {
			dt->d += (int)n;
			break;
		}
		n -= left + 1;
		dt->d = 1;
		if (++dt->m > 12) {
			dt->m = 1;
			++dt->y;
		}
	}
}

/* localtime_r fails only for a time beyond its years; UTC is then a true answer. */
void date_local(time_t t, struct tm *tm)
{
	if (localtime_r(&t, tm) != NULL || gmtime_r(&t, tm) != NULL)
		return;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = 70;
	tm->tm_mday = 1;
}
