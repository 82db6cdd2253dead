/*
 * text.h - UTF-8 and display width, independent of the locale.
 *
 * Two fixed width rules. The screen rule (text_width, text_wrap): East Asian
 * Wide and Fullwidth characters take 2 columns, combining and zero-width ones 0,
 * control characters 0, everything else 1, as terminals draw them. The print
 * rule (text_width_print, text_wrap_print) for exported text: the same, but East
 * Asian Ambiguous characters take 2, as CJK fonts draw them. Neither depends on
 * setlocale(), so the core and its tests give the same answers in any environment.
 */
#ifndef TB_TEXT_H
#define TB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Decode one code point from s (at most n bytes); returns the bytes used (>= 1).
 * Invalid or truncated sequences decode as U+FFFD consuming one byte. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written. */
size_t text_encode(uint32_t cp, char *out);
/* True when s is valid UTF-8 with no NUL inside the first n bytes. */
int text_valid(const char *s, size_t n);

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

/* Break s into lines of at most cols columns (cols >= 2), honouring '\n'.
 * Breaks between any two CJK characters, and at spaces in Latin text where it
 * can; a word longer than a line is split. Closing punctuation（，。；：）」etc.)
 * is never put at the start of a line when it can be kept on the previous one
 * within cols + 0 columns. U+2060 WORD JOINER (zero width) forbids a break on
 * either side of it (added to the contract). Returns the number of lines; *lines is an array of
 * malloc'd strings owned by the caller (free with text_lines_free). An empty
 * string gives one empty line. */
int text_wrap(const char *s, int cols, char ***lines);
int text_wrap_print(const char *s, int cols, char ***lines);
void text_lines_free(char **lines, int n);

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

/* As text_cpwidth, text_width, text_fit and text_wrap, by rule r. */
int text_cpwidth_r(const struct text_rule *r, uint32_t cp);
int text_width_r(const struct text_rule *r, const char *s);
size_t text_fit_r(const struct text_rule *r, const char *s, int cols);
int text_wrap_r(const struct text_rule *r, const char *s, int cols, char ***lines);

/* Chinese line-breaking classes, shared by text_wrap and the editor (textedit.h):
 * punctuation that must not begin a line (，。；：）」…), punctuation that must not
 * end one (（「《…), and characters between which Chinese text may break (wide ones
 * and the narrow quotation marks, dashes and dots Chinese text uses; w is the width). */
int text_is_closing(uint32_t cp);
int text_is_opening(uint32_t cp);
int text_is_ideographic(uint32_t cp, int w);

/* Full-width ASCII (U+FF01..U+FF5E) to ASCII and U+3000 to a space; a new string. */
char *text_halfwidth(const char *s);

#endif
