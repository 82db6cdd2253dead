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
 * A text cell that Excel would turn into a number and thereby damage - a digit
 * string of 11 or more digits (a mobile number shows as 1.82222E+10, an ID number
 * loses its digits after the 15th), one with a leading 0, or one like 12E5 - is
 * written as ="18222169302", which Excel and WPS show as the text itself.
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
