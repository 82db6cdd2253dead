/*
 * text.h - the text engine of the core: UTF-8, display width by an explicit width
 * rule, cutting, padding and line breaking, and the Chinese punctuation classes.
 *
 * Every measure is taken by a width rule (struct text_rule below) that the caller
 * passes for the place the text is shown in: the screen rule (East Asian Wide and
 * Fullwidth characters two columns, combining and zero-width ones 0, control
 * characters 0, everything else 1), the print rule for exports (the same, but East
 * Asian Ambiguous characters two columns, as CJK fonts draw them), or the terminal's
 * rule (the C library's wcwidth, what curses counts). The tables of the first two are
 * generated from the Unicode data files (tools/gen-width.sh, text_tables.c) and do not
 * depend on setlocale(), so the core and its tests give the same answers anywhere.
 * text_width, text_fit and text_wrap without a rule use the screen rule.
 */
#ifndef TB_TEXT_H
#define TB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * UTF-8, the one decoder. The well-formed sequences are those of Unicode table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF. text_seq_len and
 * text_seq_next_ok say it byte by byte, for decoders that get their bytes one at a
 * time (the screens' terminal input); text_decode and text_valid build on them.
 */

/* Bytes of the sequence that lead byte b starts: 1 to 4, or 0 when b cannot start one
 * (a continuation byte, C0, C1, F5..FF). */
static inline size_t text_seq_len(unsigned char b)
{
	return b < 0x80 ? 1 : b < 0xC2 ? 0 : b <= 0xDF ? 2 : b <= 0xEF ? 3 : b <= 0xF4 ? 4 : 0;
}

/* Whether b may be byte number i (1, 2 or 3) of the sequence led by lead: a
 * continuation byte, and for the second byte the narrower ranges after E0, ED, F0, F4. */
static inline int text_seq_next_ok(unsigned char lead, size_t i, unsigned char b)
{
	unsigned char lo = 0x80, hi = 0xBF;

	if (i == 1) {
		if (lead == 0xE0)
			lo = 0xA0;
		else if (lead == 0xED)
			hi = 0x9F;
		else if (lead == 0xF0)
			lo = 0x90;
		else if (lead == 0xF4)
			hi = 0x8F;
	}
	return b >= lo && b <= hi;
}

/* Decode one code point from s (at most n bytes); returns the bytes used (>= 1).
 * Invalid or truncated sequences decode as U+FFFD consuming one byte. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);
/* As text_decode on a NUL-terminated string: never reads past its end. */
size_t text_decode_str(const char *s, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written. */
size_t text_encode(uint32_t cp, char *out);
/* True when s is valid UTF-8 with no NUL inside the first n bytes. */
int text_valid(const char *s, size_t n);

/*
 * A width rule: how many columns one code point takes where the text is shown. Every
 * function that measures, cuts or wraps for a place takes the rule of that place:
 *   text_screen_rule  the tables of this file, Ambiguous one column (text_cpwidth);
 *   text_print_rule   the tables, Ambiguous two columns: exports read in a CJK font;
 *   text_terminal_rule(a)  the C library's wcwidth (what curses counts), control
 *                     characters one column (drawn as a blank), Ambiguous a columns.
 * cpwidth gives the columns of a code point that is not East Asian Ambiguous (and of
 * an Ambiguous one when ambiguous is 1); ambiguous is 1 or 2.
 */
struct text_rule {
	int (*cpwidth)(uint32_t cp);
	int ambiguous;
};

extern const struct text_rule text_screen_rule, text_print_rule;
struct text_rule text_terminal_rule(int ambiguous);
/* The C library's wcwidth in the current locale, 1 for what it cannot measure. */
int text_wcwidth(uint32_t cp);
/* True for an East Asian Ambiguous code point (EastAsianWidth.txt "A"). */
int text_is_ambiguous(uint32_t cp);

/* Columns of a code point and of a string by rule r; the longest prefix of s (in
 * bytes) that fits in cols columns by it. */
int text_cpwidth_r(const struct text_rule *r, uint32_t cp);
int text_width_r(const struct text_rule *r, const char *s);
size_t text_fit_r(const struct text_rule *r, const char *s, int cols);

/* The screen rule's measures (text_screen_rule). */
int text_cpwidth(uint32_t cp);            /* 0, 1 or 2 */
int text_width(const char *s);            /* display columns of a UTF-8 string */

/* The print rule, for exports read in a CJK font (SimSun, Noto CJK) rather than a
 * terminal: East Asian Ambiguous characters (“ ” — · … □ ■ √ ①) take two columns,
 * everything else as above. text_wrap_print wraps by it. */
int text_cpwidth_print(uint32_t cp);
int text_width_print(const char *s);
size_t text_chars(const char *s);         /* code points */

/* Byte length of the longest prefix of s that fits in cols columns. */
size_t text_fit(const char *s, int cols);

/* Append s to out padded with spaces to exactly cols columns (never cut). */
void text_pad(struct strbuf *out, const char *s, int cols);

/*
 * Line breaking, one rule for the screens' text, the long-text editor (textedit.h), a
 * form's sentences (layout.h) and the exports. text_row_end says where a row that
 * starts at index start of a paragraph (code points cp[start..end), no line break
 * inside, w[] their widths by the place's rule) ends, at most cols columns wide:
 *  - at the last allowed break before the edge: between two CJK characters (and the
 *    narrow “ ” ‘ ’ — … · Chinese text uses), after the spaces in Latin text, after
 *    the hyphen of a hyphenated word (well-|known, not 022-|2924); never before a
 *    zero-width mark, next to U+2060 WORD JOINER (or U+FEFF), or inside ——;
 *  - the strict rules first: a closing mark (，。、；：？！）」”…) never starts a row,
 *    an opening one (（「“《…) never ends it; only when no such break exists, any;
 *  - else inside a word, at the edge; a wide character is never split across it;
 *  - one space may hang past the edge (the row is then cols + 1 wide); a cluster
 *    wider than cols takes a row of its own.
 * Returns the index where the next row starts (> start when start < end); *width gets
 * the row's columns, hanging space included.
 */
size_t text_row_end(const uint32_t *cp, const uint8_t *w, size_t start, size_t end, int cols,
		    int *width);

/* Break s into lines of at most cols columns (cols >= 2) by text_row_end, honouring
 * '\n' (and CR LF); the space hanging at a break is dropped from its line, anything
 * else is kept. Returns the number of lines; *lines is an array of malloc'd strings
 * owned by the caller (free with text_lines_free). An empty string gives one empty
 * line. text_wrap measures by the screen rule, text_wrap_print by the print rule. */
int text_wrap(const char *s, int cols, char ***lines);
int text_wrap_print(const char *s, int cols, char ***lines);
int text_wrap_r(const struct text_rule *r, const char *s, int cols, char ***lines);
/* As text_wrap_r, the first row having only first columns (text that goes on after
 * something on its row): its line is "" when not even the first character fits. */
int text_wrap_from(const struct text_rule *r, const char *s, int first, int cols,
		   char ***lines);
void text_lines_free(char **lines, int n);

/* Chinese line-breaking classes, the one punctuation table of text_row_end:
 * punctuation that must not begin a line (，。；：）」…), punctuation that must not
 * end one (（「《…), and characters between which Chinese text may break (wide ones
 * and the narrow quotation marks, dashes and dots Chinese text uses; w is the width). */
int text_is_closing(uint32_t cp);
int text_is_opening(uint32_t cp);
int text_is_ideographic(uint32_t cp, int w);

/* Full-width ASCII (U+FF01..U+FF5E) to ASCII and U+3000 to a space; a new string. */
char *text_halfwidth(const char *s);

#endif
