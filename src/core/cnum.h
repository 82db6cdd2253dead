/*
 * cnum.h - Chinese numerals: the 一、二、… that number a group's rows and the
 * 六月十六日 of a date as people write it.
 *
 * One place for them, used by the checks (dates), the form files (附件三), the
 * exports and the screens (row numbers). Numbers 1..99 are written in the usual
 * way (一, 十, 十一, 二十, 九十九); others as ASCII digits.
 */
#ifndef TB_CNUM_H
#define TB_CNUM_H

#include <stddef.h>

/* n as a Chinese numeral (1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十), n in 1..99;
 * other n as ASCII digits. out needs 16 bytes for any n. */
void cnum_format(int n, char *out, size_t cap);

/* The value of the Chinese digit at s (〇一二…九, and 零, 两), with its length in
 * *len; -1 when s does not start with one. */
int cnum_digit(const char *s, size_t *len);

/*
 * Read a Chinese numeral 1..99 at s in the usual way: 六, 十, 十六, 二十, 三十一
 * (两 counts as 二). Returns the bytes read and sets *v, or 0 (nothing read) when s
 * does not start with one; a leading 〇 or 零 is not a number.
 */
size_t cnum_read(const char *s, int *v);

/* Read exactly ndigits Chinese digits one by one, as years are written (二〇二一);
 * returns the bytes read, 0 when there are fewer. */
size_t cnum_read_digits(const char *s, int ndigits, int *v);

#endif
