/* test_cnum.c - Chinese numerals: written as the paper numbers rows, read as dates use them. */
#include <string.h>

#include "core/cnum.h"
#include "test.h"

/* 一 … 十 … 十一 … 二十 … 九十九, digits outside 1..99. */
static void test_format(void)
{
	static const struct {
		int n;
		const char *s;
	} cases[] = {
		{ 1, "一" },	  { 9, "九" },	   { 10, "十" },     { 11, "十一" },	{ 19, "十九" },
		{ 20, "二十" }, { 21, "二十一" }, { 50, "五十" }, { 99, "九十九" }, { 0, "0" },
		{ 100, "100" }, { -3, "-3" },
	};
	char out[16];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cnum_format(cases[i].n, out, sizeof out);
		CHECK_STR(out, cases[i].s);
	}
	cnum_format(99, out, 4);	/* cut, never past the buffer */
	CHECK(strlen(out) < 4);
}

/* What cnum_format writes, cnum_read reads back whole. */
static void test_round_trip(void)
{
	for (int n = 1; n <= 99; n++) {
		char out[16];
		int v = -1;
		size_t k;

		cnum_format(n, out, sizeof out);
		k = cnum_read(out, &v);
		CHECK_INT(k, strlen(out));
		CHECK_INT(v, n);
	}
}

/* 两 reads as 二, 〇 and 零 do not start a number, and reading stops where the numeral ends. */
static void test_read(void)
{
	int v = -1;
	size_t len;

	CHECK_INT(cnum_read("两", &v), strlen("两"));
	CHECK_INT(v, 2);
	CHECK_INT(cnum_read("十六日", &v), strlen("十六"));
	CHECK_INT(v, 16);
	CHECK_INT(cnum_read("三十一号", &v), strlen("三十一"));
	CHECK_INT(v, 31);
	CHECK_INT(cnum_read("〇", &v), 0);
	CHECK_INT(cnum_read("零五", &v), 0);
	CHECK_INT(cnum_read("月", &v), 0);
	CHECK_INT(cnum_read("", &v), 0);
	CHECK_INT(cnum_digit("零", &len), 0);
	CHECK_INT(len, strlen("零"));
	CHECK_INT(cnum_digit("九", &len), 9);
	CHECK_INT(cnum_digit("十", &len), -1);
	CHECK_INT(cnum_read_digits("二〇二一年", 4, &v), strlen("二〇二一"));
	CHECK_INT(v, 2021);
	CHECK_INT(cnum_read_digits("二〇二年", 4, &v), 0);
}

int main(void)
{
	TEST_RUN(test_format);
	TEST_RUN(test_round_trip);
	TEST_RUN(test_read);
	return test_done();
}
