/* csv.c - RFC 4180 CSV writing with formula neutralising, and a forgiving reader
 * (contract in csv.h). */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* Characters that make a spreadsheet read a cell as a formula (OWASP). */
static int is_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
	       c == '\n';
}

/*
 * Does s need a leading "'"? Yes when it starts with a trigger, and also when it
 * starts with apostrophes followed by a trigger, so that csv_unneutralise can
 * always take exactly one apostrophe away and give back what was written.
 */
static int needs_neutralising(const char *s)
{
	while (*s == '\'')
		s++;
	return is_trigger(*s);
}

/* Characters from which spreadsheets make numbers, dates, times, fractions, percentages
 * and amounts: digits (full-width ones too), . , / - : % ( ) + $ ¥ ￥ E e, spaces, 年月日
 * and the full-width forms of the ASCII ones. */
static int numeric_char(uint32_t cp)
{
	static const char ascii[] = "0123456789.,/-:%()+$Ee ";
	static const uint32_t wide[] = { 0xA5, 0x3000, 0x5E74, 0x6708, 0x65E5, 0xFFE5, 0xFF04,
					 0xFF05, 0xFF08, 0xFF09, 0xFF0B, 0xFF0C, 0xFF0D, 0xFF0E,
					 0xFF0F, 0xFF1A, 0xFF25, 0xFF45 };

	if (cp < 0x80)
		return cp != 0 && strchr(ascii, (int)cp) != NULL;
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return 1;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (wide[i] == cp)
			return 1;
	return 0;
}

/* Digit groups joined by single dashes, one of them of 5 digits or more (022-29240881,
 * 29240881-8001): no spreadsheet reads that as a date or a number. */
static int phone_like(const char *s)
{
	size_t run = 0, longest = 0;
	int dashes = 0;

	for (const char *p = s;; p++) {
		if (*p >= '0' && *p <= '9') {
			run++;
			continue;
		}
		if (run == 0 || (*p != '-' && *p != '\0'))
			return 0;
		if (run > longest)
			longest = run;
		run = 0;
		if (*p == '\0')
			break;
		dashes++;
	}
	return dashes > 0 && longest >= 5;
}

/*
 * Would a spreadsheet read this text as something else and change it? Excel, WPS and
 * LibreOffice (tested with a Chinese locale) turn 6月16日, 1/2, 1-2 and 2021.06.05
 * into dates, 9:00 into a time, (123) into -123, 50% into 0.5, 2021.10 into 2021.1,
 * 007 into 7, １２３ into 123, 1e5 into 100000, TRUE into a boolean, and show digit
 * strings of 11 or more digits (a mobile number) as 1.82222E+10, losing every digit
 * after the 15th. Every text made only of the characters above (with a digit) is
 * protected, and TRUE/FALSE; left bare are a plain whole number of up to 10 digits
 * without a leading 0 (it opens as the same number: an 8-digit local phone), a phone
 * number with dashes (phone_like) and a text starting with E.
 */
static int excel_mangles(const char *s)
{
	size_t n = strlen(s), k, digits = 0;
	const char *p = s;
	int plain = 1;

	if (strcasecmp(s, "TRUE") == 0 || strcasecmp(s, "FALSE") == 0)
		return 1;
	while (n > 0) {
		uint32_t cp;
		size_t len = text_decode(p, n, &cp);

		if (!numeric_char(cp))
			return 0;
		if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
			digits++;
		if (cp < '0' || cp > '9')
			plain = 0;
		p += len;
		n -= len;
	}
	if (digits == 0 || s[0] == 'E' || s[0] == 'e')
		return 0;
	k = strlen(s);
	if (plain && k <= 10 && (s[0] != '0' || k == 1))
		return 0;
	return !phone_like(s);
}

/* Quote only when needed, so that plain cells stay readable in a text editor. */
void csv_add_text(struct strbuf *out, const char *s, int first)
{
	int neutral, quote;
	size_t n;

	if (!first)
		strbuf_addc(out, ',');
	if (s == NULL || *s == '\0') {
		strbuf_add(out, "", 0);
		return;
	}
	/* ="…" is the one form Excel, WPS and LibreOffice keep as text; no quote is inside. */
	if (excel_mangles(s)) {
		strbuf_addf(out, "\"=\"\"%s\"\"\"", s);
		return;
	}
	n = strlen(s);
	neutral = needs_neutralising(s);
	quote = neutral || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[n - 1] == ' ';
	if (!quote) {
		strbuf_add(out, s, n);
		return;
	}
	strbuf_addc(out, '"');
	if (neutral)
		strbuf_addc(out, '\'');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, '"');
}

/* Validated numbers go out bare so that spreadsheets can add them up. */
void csv_add_number(struct strbuf *out, const char *digits, int first)
{
	const char *p = digits;

	if (p != NULL)
		while (*p >= '0' && *p <= '9')
			p++;
	/* Only what really is a whole number goes out bare. */
	if (digits == NULL || *digits == '\0' || *p != '\0') {
		csv_add_text(out, digits, first);
		return;
	}
	if (!first)
		strbuf_addc(out, ',');
	strbuf_adds(out, digits);
}

/* CRLF, as RFC 4180 and Excel expect. */
void csv_end_row(struct strbuf *out)
{
	strbuf_add(out, "\r\n", 2);
}

/* Take away exactly the one apostrophe csv_add_text put in front. */
const char *csv_unneutralise(const char *s)
{
	if (s != NULL && s[0] == '\'' && needs_neutralising(s))
		return s + 1;
	return s;
}

/* Undo every protection csv_add_text applied, for reading our own files back. */
char *csv_cell_text(const char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n >= 4 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
		char *inner = xstrndup(s + 2, n - 3);

		if (excel_mangles(inner))
			return inner;
		free(inner);
	}
	return xstrdup(csv_unneutralise(s));
}

/* The rows being built by csv_parse. */
struct csv_rows {
	char ***rows;
	int *ncols;
	int nrows, caprows;
	char **cells;
	int ncells, capcells;
	struct strbuf cell;
};

/* Finish the current cell. */
static void cell_end(struct csv_rows *cr)
{
	if (cr->ncells == cr->capcells) {
		cr->capcells = cr->capcells ? cr->capcells * 2 : 8;
		cr->cells = xreallocarray(cr->cells, (size_t)cr->capcells, sizeof *cr->cells);
	}
	cr->cells[cr->ncells++] = xstrndup(strbuf_str(&cr->cell), cr->cell.len);
	strbuf_reset(&cr->cell);
}

/* Finish the current row (its last cell first). */
static void row_end(struct csv_rows *cr)
{
	cell_end(cr);
	if (cr->nrows == cr->caprows) {
		cr->caprows = cr->caprows ? cr->caprows * 2 : 16;
		cr->rows = xreallocarray(cr->rows, (size_t)cr->caprows, sizeof *cr->rows);
		cr->ncols = xreallocarray(cr->ncols, (size_t)cr->caprows, sizeof *cr->ncols);
	}
	cr->cells = xreallocarray(cr->cells, (size_t)cr->ncells, sizeof *cr->cells);
	cr->rows[cr->nrows] = cr->cells;
	cr->ncols[cr->nrows++] = cr->ncells;
	cr->cells = NULL;
	cr->ncells = cr->capcells = 0;
}

/* Give back everything parsed so far, after an error. */
static void rows_discard(struct csv_rows *cr)
{
	for (int i = 0; i < cr->ncells; i++)
		free(cr->cells[i]);
	free(cr->cells);
	csv_free(cr->rows, cr->ncols, cr->nrows);
	strbuf_free(&cr->cell);
}

/* A forgiving reader for files that went through Excel, strict only about quotes. */
int csv_parse(const char *text, size_t len, char ****rows, int **ncols, char **cause)
{
	return csv_parse_sep(text, len, ',', rows, ncols, cause);
}

/* The reader with another separator: Excel writes ';' where the decimal mark is a comma,
 * and TAB in its "Unicode text". */
int csv_parse_sep(const char *text, size_t len, char sep, char ****rows, int **ncols,
		  char **cause)
{
	struct csv_rows cr = { 0 };
	size_t i = 0;
	int line = 1, in_quotes = 0, after_quote = 0, quote_line = 0, row_started = 0;

	*rows = NULL;
	*ncols = NULL;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len; i++) {
		char c = text[i];

		if (c == '\0') {
			*cause = xasprintf("第%d行：含有空字符，这不是文本格式的 CSV 文件。", line);
			rows_discard(&cr);
			return -1;
		}
		if (in_quotes) {
			if (c == '"') {
				if (i + 1 < len && text[i + 1] == '"') {
					strbuf_addc(&cr.cell, '"');
					i++;
				} else {
					in_quotes = 0;
					after_quote = 1;
				}
			} else {
				int crlf = c == '\r' && i + 1 < len && text[i + 1] == '\n';

				if (c == '\n' || (c == '\r' && !crlf))
					line++;
				strbuf_addc(&cr.cell, c);
			}
			continue;
		}
		row_started = 1;
		if (c == sep) {
			cell_end(&cr);
			after_quote = 0;
		} else if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			row_end(&cr);
			line++;
			after_quote = 0;
			row_started = 0;
		} else if (after_quote) {
			*cause = xasprintf("第%d行：引号后面应是%s或换行，这一格的引号不配对。", line,
					   sep == '\t' ? "制表符" : sep == ';' ? "分号" : "逗号");
			rows_discard(&cr);
			return -1;
		} else if (c == '"' && cr.cell.len == 0) {
			in_quotes = 1;
			quote_line = line;
		} else {
			strbuf_addc(&cr.cell, c);	/* a quote inside a plain cell is kept */
		}
	}
	if (in_quotes) {
		*cause = xasprintf("第%d行：从第%d行开始的引号直到文件末尾都没有结束，文件可能不完整。",
				   line, quote_line);
		rows_discard(&cr);
		return -1;
	}
	if (row_started)
		row_end(&cr);
	strbuf_free(&cr.cell);
	free(cr.cells);
	*rows = cr.rows;
	*ncols = cr.ncols;
	return cr.nrows;
}

/* Free what csv_parse returned. */
void csv_free(char ***rows, int *ncols, int nrows)
{
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < ncols[r]; c++)
			free(rows[r][c]);
		free(rows[r]);
	}
	free(rows);
	free(ncols);
}
