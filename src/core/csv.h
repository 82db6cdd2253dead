/*
 * csv.h - RFC 4180 CSV writing and reading.
 *
 * Writing: fields joined by ',', records end with CRLF, a field holding ',', '"',
 * CR or LF (or leading/trailing spaces) is quoted and quotes are doubled.
 * A text cell that begins with '=', '+', '-', '@', TAB, CR or LF is neutralised
 * as OWASP recommends: a leading "'" is added and the field quoted, so opening
 * the file in a spreadsheet never runs a formula. Numbers that the program
 * validated are written bare so that spreadsheets can add them up.
 *
 * A text cell that a spreadsheet would turn into a number, date, time, percentage or
 * boolean and thereby change - 2021.10, 6月16日, 1/2, (123), 50%, TRUE, 007, a mobile
 * number of 11 digits (shown as 1.82222E+10) - is written as ="2021.10", which Excel,
 * WPS and LibreOffice show as the text itself: every text made only of digits and
 * . , / - : % ( ) + $ ¥ E e 年 月 日 spaces (and their full-width forms), and TRUE /
 * FALSE, except a plain whole number of up to 10 digits without a leading 0, digit
 * groups joined by dashes with one of 5 digits or more (022-29240881) and a text
 * starting with E.
 * csv_cell_text() undoes both this and the neutralisation.
 */
#ifndef TB_CSV_H
#define TB_CSV_H

#include "util.h"

/* Append one cell (with a ',' before it unless first). NULL writes an empty cell. */
void csv_add_text(struct strbuf *out, const char *s, int first);
void csv_add_number(struct strbuf *out, const char *digits, int first);
void csv_end_row(struct strbuf *out);

/* Undo csv_add_text's neutralisation: "'=1" read from a cell gives "=1".
 * Returns a pointer into s. */
const char *csv_unneutralise(const char *s);

/* The text csv_add_text was given, from a parsed cell: undoes the neutralisation
 * and the ="…" of protected digit strings (added to the contract). malloc'd. */
char *csv_cell_text(const char *s);

/*
 * Parse CSV text (UTF-8; a leading BOM is skipped; CRLF or LF line ends).
 * Returns the number of rows; *rows[i] is an array of *ncols[i] malloc'd cells.
 * Free with csv_free. On malformed input (a quote left open) returns -1 and sets
 * *cause to a Chinese message with the line number.
 */
int csv_parse(const char *text, size_t len, char ****rows, int **ncols, char **cause);
/* The same with sep (',', ';' or '\t') between cells. */
int csv_parse_sep(const char *text, size_t len, char sep, char ****rows, int **ncols,
		  char **cause);
void csv_free(char ***rows, int *ncols, int nrows);

#endif
