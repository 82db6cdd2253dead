/* cnum.c - Chinese numerals (contract in cnum.h). */
#include "cnum.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define TEN "十"

/* The digits in the order of their value; 零 and 两 are read too, never written. */
static const char *const digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八",
				      "九" };

/* Written as the paper numbers its rows: 十一, not 一十一. */
void cnum_format(int n, char *out, size_t cap)
{
	if (cap == 0)
		return;
	if (n < 1 || n > 99)
		snprintf(out, cap, "%d", n);
	else if (n < 10)
		snprintf(out, cap, "%s", digits[n]);
	else
		snprintf(out, cap, "%s%s%s", n / 10 == 1 ? "" : digits[n / 10], TEN,
			 n % 10 != 0 ? digits[n % 10] : "");
}

/* A small table, looked up by prefix: every digit is three bytes of UTF-8. */
int cnum_digit(const char *s, size_t *len)
{
	for (int i = 0; i < 10; i++)
		if (str_starts(s, digits[i])) {
			*len = strlen(digits[i]);
			return i;
		}
	if (str_starts(s, "零")) {
		*len = strlen("零");
		return 0;
	}
	if (str_starts(s, "两")) {
		*len = strlen("两");
		return 2;
	}
	return -1;
}

/* Digit, 十, digit, each optional but not all: what months, days and rows use. */
size_t cnum_read(const char *s, int *v)
{
	const char *p = s;
	size_t k = 0;
	int a = cnum_digit(p, &k), tens;

	if (a == 0)
		return 0;
	if (a > 0)
		p += k;
	if (str_starts(p, TEN)) {
		p += strlen(TEN);
		tens = a < 0 ? 1 : a;
		a = cnum_digit(p, &k);
		if (a > 0)
			p += k;
		else
			a = 0;
		*v = tens * 10 + a;
	} else if (a > 0) {
		*v = a;
	} else {
		return 0;
	}
	return (size_t)(p - s);
}

/* Years are read digit by digit: 二〇二一 is 2021. */
size_t cnum_read_digits(const char *s, int ndigits, int *v)
{
	const char *p = s;
	int val = 0;

	for (int i = 0; i < ndigits; i++) {
		size_t k;
		int c = cnum_digit(p, &k);

		if (c < 0)
			return 0;
		val = val * 10 + c;
		p += k;
	}
	*v = val;
	return (size_t)(p - s);
}
