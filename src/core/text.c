/* text.c - UTF-8, display width and wrapping, independent of the locale (contract in text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct range {
	uint32_t lo, hi;
};

/*
 * Zero-width code points: general categories Mn, Me and Cf (except the soft hyphen
 * and the visible Arabic prepended marks), Hangul Jamo vowels and final consonants.
 * Generated from the Unicode Character Database; neighbouring ranges are merged
 * across unassigned code points, which keeps the table short.
 */
static const struct range zero_ranges[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x061C, 0x061C }, { 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 },
	{ 0x0730, 0x074A }, { 0x07A6, 0x07B0 }, { 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD },
	{ 0x0816, 0x0819 }, { 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 }, { 0x08E3, 0x0902 },
	{ 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 }, { 0x094D, 0x094D },
	{ 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 }, { 0x09FE, 0x0A02 },
	{ 0x0A3C, 0x0A3C }, { 0x0A41, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC8 }, { 0x0ACD, 0x0ACD },
	{ 0x0AE2, 0x0AE3 }, { 0x0AFA, 0x0B01 }, { 0x0B3C, 0x0B3C }, { 0x0B3F, 0x0B3F },
	{ 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 },
	{ 0x0BC0, 0x0BC0 }, { 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 }, { 0x0C04, 0x0C04 },
	{ 0x0C3C, 0x0C3C }, { 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C56 }, { 0x0C62, 0x0C63 },
	{ 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF }, { 0x0CC6, 0x0CC6 },
	{ 0x0CCC, 0x0CCD }, { 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 }, { 0x0D3B, 0x0D3C },
	{ 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 }, { 0x0D81, 0x0D81 },
	{ 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD6 }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD },
	{ 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 }, { 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 },
	{ 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 }, { 0x0F8D, 0x0FBC },
	{ 0x0FC6, 0x0FC6 }, { 0x102D, 0x1030 }, { 0x1032, 0x1037 }, { 0x1039, 0x103A },
	{ 0x103D, 0x103E }, { 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108D, 0x108D }, { 0x109D, 0x109D },
	{ 0x1160, 0x11FF }, { 0x135D, 0x135F }, { 0x1712, 0x1714 }, { 0x1732, 0x1733 },
	{ 0x1752, 0x1753 }, { 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD },
	{ 0x17C6, 0x17C6 }, { 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD }, { 0x180B, 0x180F },
	{ 0x1885, 0x1886 }, { 0x18A9, 0x18A9 }, { 0x1920, 0x1922 }, { 0x1927, 0x1928 },
	{ 0x1932, 0x1932 }, { 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B },
	{ 0x1A56, 0x1A56 }, { 0x1A58, 0x1A60 }, { 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C },
	{ 0x1A73, 0x1A7F }, { 0x1AB0, 0x1B03 }, { 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A },
	{ 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 }, { 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 },
	{ 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD }, { 0x1BE6, 0x1BE6 },
	{ 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED }, { 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 },
	{ 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 }, { 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 },
	{ 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x206F }, { 0x20D0, 0x20F0 },
	{ 0x2CEF, 0x2CF1 }, { 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xA66F, 0xA672 }, { 0xA674, 0xA67D }, { 0xA69E, 0xA69F },
	{ 0xA6F0, 0xA6F1 }, { 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B },
	{ 0xA825, 0xA826 }, { 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 }, { 0xA8E0, 0xA8F1 },
	{ 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D }, { 0xA947, 0xA951 }, { 0xA980, 0xA982 },
	{ 0xA9B3, 0xA9B3 }, { 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 },
	{ 0xAA29, 0xAA2E }, { 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 }, { 0xAA43, 0xAA43 },
	{ 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 },
	{ 0xAAB7, 0xAAB8 }, { 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED },
	{ 0xAAF6, 0xAAF6 }, { 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 }, { 0xABED, 0xABED },
	{ 0xD7B0, 0xD7FF }, { 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A0F }, { 0x10A38, 0x10A3F }, { 0x10AE5, 0x10AE6 },
	{ 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 },
	{ 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA }, { 0x110C2, 0x110C2 },
	{ 0x11100, 0x11102 }, { 0x11127, 0x1112B }, { 0x1112D, 0x11134 }, { 0x11173, 0x11173 },
	{ 0x11180, 0x11181 }, { 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123E, 0x1123E },
	{ 0x112DF, 0x112DF }, { 0x112E3, 0x112EA }, { 0x11300, 0x11301 }, { 0x1133B, 0x1133C },
	{ 0x11340, 0x11340 }, { 0x11366, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA },
	{ 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 },
	{ 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119DB }, { 0x119E0, 0x119E0 }, { 0x11A01, 0x11A0A },
	{ 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 }, { 0x11A51, 0x11A56 },
	{ 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 }, { 0x11C30, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 }, { 0x11CB2, 0x11CB3 },
	{ 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D45 }, { 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 },
	{ 0x11D95, 0x11D95 }, { 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x13430, 0x13438 },
	{ 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F }, { 0x16F8F, 0x16F92 },
	{ 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E }, { 0x1BCA0, 0x1CF46 }, { 0x1D167, 0x1D169 },
	{ 0x1D173, 0x1D182 }, { 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 },
	{ 0x1DA00, 0x1DA36 }, { 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 },
	{ 0x1DA9B, 0x1DAAF }, { 0x1E000, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A }, { 0xE0001, 0xE01EF },
};

/*
 * East Asian Wide (W) and Fullwidth (F) code points of Unicode 15, less the
 * zero-width ones above; unassigned code points of the CJK blocks and of planes 2
 * and 3 are Wide by default, as EastAsianWidth.txt says.
 */
static const struct range wide_ranges[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0x3247 }, { 0x3250, 0x4DBF },
	{ 0x4E00, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x1B2FB }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 },
	{ 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 },
	{ 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 },
	{ 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 },
	{ 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F },
	{ 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6DF },
	{ 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A },
	{ 0x1F93C, 0x1F945 }, { 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF8 }, { 0x20000, 0x3FFFD },
};

/* Binary search, because the tables are sorted and do not overlap. */
static int in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Decode by hand rather than with mbrtowc, so that no locale is needed. */
size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t len;

	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

/* Encode for the screens' key input; a surrogate or out-of-range value becomes U+FFFD. */
size_t text_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reject anything that is not clean UTF-8 before it reaches the store or a file. */
int text_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (s[i] == '\0')
			return 0;
		k = text_decode(s + i, n - i, &cp);
		/* A real U+FFFD is three bytes; one byte means a decoding error. */
		if (cp == 0xFFFD && k == 1)
			return 0;
		i += k;
	}
	return 1;
}

/* One width rule for screens and exports alike, independent of setlocale(). */
int text_cpwidth(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
		return 0;
	if (in_table(cp, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
		return 2;
	return 1;
}

/* Display columns, which is what lines and fields are measured in. */
int text_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0;

	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		w += text_cpwidth(cp);
		s += k;
		n -= k;
	}
	return w;
}

/* Characters, which is what longtext limits and cursors count. */
size_t text_chars(const char *s)
{
	size_t n = strlen(s), count = 0;

	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		count++;
		s += k;
		n -= k;
	}
	return count;
}

/* The longest prefix that fits: the screens cut what they show with it. */
size_t text_fit(const char *s, int cols)
{
	size_t n = strlen(s), used = 0;
	int w = 0;

	/* Zero-width characters after the last one that fits stay with it. */
	while (used < n) {
		uint32_t cp;
		size_t k = text_decode(s + used, n - used, &cp);
		int cw = text_cpwidth(cp);

		if (w + cw > cols)
			break;
		w += cw;
		used += k;
	}
	return used;
}

/* Pad by display width, so that columns line up with Chinese text in them. */
void text_pad(struct strbuf *out, const char *s, int cols)
{
	int w = text_width(s);

	strbuf_adds(out, s);
	for (; w < cols; w++)
		strbuf_addc(out, ' ');
}

/* Full-width digits and punctuation from the input method become ASCII for checking. */
char *text_halfwidth(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	strbuf_add(&sb, "", 0);
	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		if (cp >= 0xFF01 && cp <= 0xFF5E)
			strbuf_addc(&sb, (char)(cp - 0xFEE0));
		else if (cp == 0x3000)
			strbuf_addc(&sb, ' ');
		else
			strbuf_add(&sb, s, k);
		s += k;
		n -= k;
	}
	return strbuf_detach(&sb);
}

/* Punctuation that must not begin a line (Chinese line-breaking rules). */
int text_is_closing(uint32_t cp)
{
	static const uint32_t set[] = {
		'!', '%', ')', ',', '.', ':', ';', '?', ']', '}',
		0x00B7, 0x2019, 0x201D, 0x2026, 0x2030, 0x2103,
		0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
		0x3017, 0x3019, 0x301B, 0x301E, 0x301F,
		0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57, 0xFE5A, 0xFE5C, 0xFE5E,
		0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D,
		0xFF5E, 0xFF60, 0xFF61, 0xFF63, 0xFF64,
	};

	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Punctuation that must not end a line. */
int text_is_opening(uint32_t cp)
{
	static const uint32_t set[] = {
		'(', '[', '{', 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010,
		0x3014, 0x3016, 0x3018, 0x301A, 0x301D, 0xFE59, 0xFE5B, 0xFE5D, 0xFF08,
		0xFF3B, 0xFF5B, 0xFF5F, 0xFF62,
	};

	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Characters between which Chinese text may break: wide ones, and the narrow
 * quotation marks, dashes and dots that Chinese text uses. */
int text_is_ideographic(uint32_t cp, int w)
{
	return w == 2 || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ||
	       cp == 0x2014 || cp == 0x2026 || cp == 0x00B7;
}

/* An ASCII letter. */
static int is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* One decoded character of a paragraph being wrapped. */
struct wchar {
	uint32_t cp;
	int w;
	size_t off, len;
};

/*
 * May a line end between c[b-1] and c[b]? strict adds the rules about
 * punctuation at the start and end of a line.
 */
static int break_ok(const struct wchar *c, size_t b, int strict)
{
	const struct wchar *a = &c[b - 1], *z = &c[b];

	if (z->w == 0 && z->cp != ' ')
		return 0;	/* never separate a combining mark from its base */
	if (a->cp == 0x2060 || a->cp == 0xFEFF)
		return 0;	/* WORD JOINER glues its neighbours (so does U+FEFF) */
	if (strict && (text_is_closing(z->cp) || text_is_opening(a->cp)))
		return 0;
	if (a->cp == ' ' || z->cp == ' ')
		return 1;
	/* After the hyphen of a hyphenated word (not inside 022-29240881). */
	if (a->cp == '-' && b >= 2 && is_letter(c[b - 2].cp) && is_letter(z->cp))
		return 1;
	if (a->cp == 0x2014 && z->cp == 0x2014)
		return 0;	/* keep the Chinese dash —— whole */
	return text_is_ideographic(a->cp, a->w) || text_is_ideographic(z->cp, z->w);
}

/* Append one line (bytes [from, to) of p, spaces at its end dropped) to the array. */
static void lines_push(char ***lines, int *n, int *cap, const char *p, size_t from, size_t to,
		       int trim)
{
	while (trim && to > from && p[to - 1] == ' ')
		to--;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*lines = xreallocarray(*lines, (size_t)*cap, sizeof **lines);
	}
	(*lines)[(*n)++] = xstrndup(p + from, to - from);
}

/* Wrap one paragraph (no '\n' inside) of len bytes into lines. */
static void wrap_para(const char *p, size_t len, int cols, char ***lines, int *n, int *cap)
{
	struct wchar *c;
	size_t nc = 0, i = 0;

	if (len == 0) {
		lines_push(lines, n, cap, p, 0, 0, 0);
		return;
	}
	c = xcalloc(len, sizeof *c);
	for (size_t off = 0; off < len;) {
		size_t k = text_decode(p + off, len - off, &c[nc].cp);

		c[nc].w = text_cpwidth(c[nc].cp);
		c[nc].off = off;
		c[nc].len = k;
		nc++;
		off += k;
	}
	while (i < nc) {
		size_t end = i, b = 0;
		int w = 0;

		while (end < nc && w + c[end].w <= cols)
			w += c[end++].w;
		if (end == nc) {
			lines_push(lines, n, cap, p, c[i].off, len, 0);
			break;
		}
		/* Spaces that overflow the line simply end it. */
		if (c[end].cp == ' ') {
			b = end;
		} else {
			/* The last allowed break; without one, any break between words or
			 * CJK characters; without that, cut the word at the margin. */
			for (int strict = 1; strict >= 0 && b == 0; strict--)
				for (size_t k = end; k > i; k--)
					if (break_ok(c, k, strict)) {
						b = k;
						break;
					}
			if (b == 0)
				b = end;
		}
		lines_push(lines, n, cap, p, c[i].off, c[b].off, 1);
		i = b;
		while (i < nc && c[i].cp == ' ')
			i++;
	}
	free(c);
}

/* Wrap paragraph by paragraph; an empty paragraph still gives its empty line. */
int text_wrap(const char *s, int cols, char ***lines)
{
	int n = 0, cap = 0;
	const char *p = s;

	if (cols < 2)
		cols = 2;
	*lines = NULL;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len > 0 && p[len - 1] == '\r')
			len--;
		wrap_para(p, len, cols, lines, &n, &cap);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return n;
}

/* Free what text_wrap returned. */
void text_lines_free(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
