/* test_csv.c - CSV writing (quoting, neutralising), parsing (quotes, line ends, errors), round trips. */
#include <stdlib.h>

#include "core/csv.h"
#include "test.h"

/* One cell written alone. */
static void check_cell(const char *in, const char *want, int line)
{
	struct strbuf sb = STRBUF_INIT;

	csv_add_text(&sb, in, 1);
	if (strcmp(strbuf_str(&sb), want) != 0) {
		printf("#   line %d: [%s]\n#     got:  [%s]\n#     want: [%s]\n", line,
		       in ? in : "(null)", strbuf_str(&sb), want);
		test_failed_checks++;
	}
	strbuf_free(&sb);
}

static void test_write_cells(void)
{
	check_cell(NULL, "", __LINE__);
	check_cell("", "", __LINE__);
	check_cell("黄璐", "黄璐", __LINE__);
	check_cell("a,b", "\"a,b\"", __LINE__);
	check_cell("say \"hi\"", "\"say \"\"hi\"\"\"", __LINE__);
	check_cell("two\nlines", "\"two\nlines\"", __LINE__);
	check_cell("cr\rhere", "\"cr\rhere\"", __LINE__);
	check_cell(" lead", "\" lead\"", __LINE__);
	check_cell("trail ", "\"trail \"", __LINE__);
	check_cell("in side", "in side", __LINE__);
	check_cell("=1+2", "\"'=1+2\"", __LINE__);
	check_cell("+86 182", "\"=\"\"+86 182\"\"\"", __LINE__);
	check_cell("-5", "\"=\"\"-5\"\"\"", __LINE__);
	check_cell("-x", "\"'-x\"", __LINE__);
	check_cell("@SUM(A1)", "\"'@SUM(A1)\"", __LINE__);
	check_cell("\tx", "\"'\tx\"", __LINE__);
	check_cell("\nx", "\"'\nx\"", __LINE__);
	check_cell("\rx", "\"'\rx\"", __LINE__);
	check_cell("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
		   __LINE__);
	check_cell("'=1", "\"''=1\"", __LINE__);	/* so that reading gives '=1 back */
	check_cell("'plain", "'plain", __LINE__);
	check_cell("a=b", "a=b", __LINE__);
	check_cell("022-29240881", "022-29240881", __LINE__);
	/* Digit strings Excel would damage are written as ="…" (Excel and WPS keep text). */
	check_cell("18222169302", "\"=\"\"18222169302\"\"\"", __LINE__);
	check_cell("120104199001011234", "\"=\"\"120104199001011234\"\"\"", __LINE__);
	check_cell("02229240881", "\"=\"\"02229240881\"\"\"", __LINE__);
	check_cell("007", "\"=\"\"007\"\"\"", __LINE__);
	check_cell("12E5", "\"=\"\"12E5\"\"\"", __LINE__);
	check_cell("29240881", "29240881", __LINE__);
	check_cell("0", "0", __LINE__);
	check_cell("1822216930", "1822216930", __LINE__);
	check_cell("18222169302，29240881", "\"=\"\"18222169302，29240881\"\"\"", __LINE__);
	check_cell("12E", "\"=\"\"12E\"\"\"", __LINE__);
	check_cell("E5", "E5", __LINE__);
	check_cell("“引号”，逗号", "“引号”，逗号", __LINE__);
	/* What a spreadsheet would make a date, number, percentage or boolean (LibreOffice
	 * with a Chinese locale, tests/cli/cli_export.sh). */
	check_cell("2021.10", "\"=\"\"2021.10\"\"\"", __LINE__);
	check_cell("6月16日", "\"=\"\"6月16日\"\"\"", __LINE__);
	check_cell("1/2", "\"=\"\"1/2\"\"\"", __LINE__);
	check_cell("(123)", "\"=\"\"(123)\"\"\"", __LINE__);
	check_cell("50%", "\"=\"\"50%\"\"\"", __LINE__);
	check_cell("TRUE", "\"=\"\"TRUE\"\"\"", __LINE__);
	check_cell("false", "\"=\"\"false\"\"\"", __LINE__);
	check_cell("１２３", "\"=\"\"１２３\"\"\"", __LINE__);
	check_cell("9:00", "\"=\"\"9:00\"\"\"", __LINE__);
	check_cell(" 12", "\"=\"\" 12\"\"\"", __LINE__);
	check_cell("29240881-8001", "29240881-8001", __LINE__);
	check_cell("1-2", "\"=\"\"1-2\"\"\"", __LINE__);
	check_cell("6月5日至7月5日", "6月5日至7月5日", __LINE__);
	check_cell("2021-06-05T09:00:00+08:00", "2021-06-05T09:00:00+08:00", __LINE__);
	check_cell("TRUE1", "TRUE1", __LINE__);
}

static void test_write_rows(void)
{
	struct strbuf sb = STRBUF_INIT;

	csv_add_text(&sb, "姓名", 1);
	csv_add_text(&sb, "次数", 0);
	csv_add_text(&sb, NULL, 0);
	csv_end_row(&sb);
	csv_add_text(&sb, "黄璐", 1);
	csv_add_number(&sb, "3", 0);
	csv_add_number(&sb, NULL, 0);
	csv_end_row(&sb);
	csv_add_number(&sb, "0", 1);
	csv_add_number(&sb, "", 0);
	csv_add_number(&sb, "=1", 0);	/* not a number: written as text */
	csv_add_number(&sb, "12a", 0);
	csv_end_row(&sb);
	CHECK_STR(strbuf_str(&sb), "姓名,次数,\r\n黄璐,3,\r\n0,,\"'=1\",12a\r\n");
	strbuf_free(&sb);
}

static void test_unneutralise(void)
{
	CHECK_STR(csv_unneutralise("'=1"), "=1");
	CHECK_STR(csv_unneutralise("''=1"), "'=1");
	CHECK_STR(csv_unneutralise("'-5"), "-5");
	CHECK_STR(csv_unneutralise("'plain"), "'plain");
	CHECK_STR(csv_unneutralise("=1"), "=1");
	CHECK_STR(csv_unneutralise(""), "");
	CHECK_STR(csv_unneutralise("'"), "'");
	CHECK(csv_unneutralise(NULL) == NULL);
}

/* csv_cell_text gives back exactly what csv_add_text was given. */
static void test_cell_text(void)
{
	static const char *t[][2] = {
		{ "=\"18222169302\"", "18222169302" },
		{ "=\"007\"", "007" },
		{ "=\"12e5\"", "12e5" },
		{ "=\"123\"", "=\"123\"" },		/* not something we protect: as read */
		{ "=\"abc\"", "=\"abc\"" },
		{ "=\"\"", "=\"\"" },
		{ "'=1", "=1" },
		{ "''=1", "'=1" },
		{ "黄璐", "黄璐" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *v = csv_cell_text(t[i][0]);

		CHECK_STR(v, t[i][1]);
		free(v);
	}
	CHECK(csv_cell_text(NULL) == NULL);
}

/* Parse text and compare with rows written as "a|b/c|d" (| between cells, / between rows). */
static void check_parse(const char *text, size_t len, const char *want, int line)
{
	char ***rows, *cause = NULL;
	int *ncols;
	int n = csv_parse(text, len, &rows, &ncols, &cause);
	struct strbuf sb = STRBUF_INIT;

	if (n < 0) {
		printf("#   line %d: refused: %s\n", line, cause);
		test_failed_checks++;
		free(cause);
		return;
	}
	for (int r = 0; r < n; r++) {
		if (r > 0)
			strbuf_addc(&sb, '/');
		for (int c = 0; c < ncols[r]; c++) {
			if (c > 0)
				strbuf_addc(&sb, '|');
			strbuf_adds(&sb, rows[r][c]);
		}
	}
	if (strcmp(strbuf_str(&sb), want) != 0) {
		printf("#   line %d:\n#     got:  [%s]\n#     want: [%s]\n", line, strbuf_str(&sb),
		       want);
		test_failed_checks++;
	}
	csv_free(rows, ncols, n);
	strbuf_free(&sb);
}

#define PARSE(text, want) check_parse(text, sizeof(text) - 1, want, __LINE__)

static void test_parse(void)
{
	PARSE("", "");
	PARSE("a", "a");
	PARSE("a,b\r\nc,d\r\n", "a|b/c|d");
	PARSE("a,b\nc,d\n", "a|b/c|d");
	PARSE("a,b\nc,d", "a|b/c|d");
	PARSE("a,b\rc,d\r", "a|b/c|d");
	PARSE("\xEF\xBB\xBF姓名,手机\r\n黄璐,18222169302\r\n", "姓名|手机/黄璐|18222169302");
	PARSE("\"a,b\",c", "a,b|c");
	PARSE("\"say \"\"hi\"\"\",x", "say \"hi\"|x");
	PARSE("\"two\r\nlines\",x\r\ny", "two\r\nlines|x/y");
	PARSE("\"\",\"\"", "|");
	PARSE(",,", "||");
	PARSE("a,\r\n", "a|");
	PARSE("a\r\n\r\nb", "a//b");
	PARSE("a,b,c\nd\ne,f", "a|b|c/d/e|f");	/* ragged rows */
	PARSE("ab\"c,d", "ab\"c|d");		/* a stray quote inside a cell is kept */
	PARSE("\"'=1\"", "'=1");
	PARSE("\"last\"", "last");
	PARSE("\"multi\nline\nno end newline\"", "multi\nline\nno end newline");
}

/* Parse text that must be refused with this message. */
static void check_bad(const char *text, size_t len, const char *want, int line)
{
	char ***rows = (char ***)1, *cause = NULL;
	int *ncols = (int *)1;
	int n = csv_parse(text, len, &rows, &ncols, &cause);

	if (n != -1 || cause == NULL || strcmp(cause, want) != 0) {
		printf("#   line %d: n=%d cause=[%s]\n#     want: [%s]\n", line, n,
		       cause ? cause : "(null)", want);
		test_failed_checks++;
	}
	CHECK(rows == NULL && ncols == NULL);
	free(cause);
}

static void test_parse_bad(void)
{
	check_bad("a,b\n\"open", 9, "第2行：从第2行开始的引号直到文件末尾都没有结束，文件可能不完整。",
		  __LINE__);
	check_bad("a\n\"x\ny\nz", 8,
		  "第4行：从第2行开始的引号直到文件末尾都没有结束，文件可能不完整。", __LINE__);
	check_bad("a\nb\n\"x\"y,z", 10, "第3行：引号后面应是逗号或换行，这一格的引号不配对。",
		  __LINE__);
	check_bad("a\0b", 3, "第1行：含有空字符，这不是文本格式的 CSV 文件。", __LINE__);
}

/* Everything written reads back cell for cell (after unneutralising). */
static void test_round_trip(void)
{
	static const char *cells[] = {
		"黄璐", "", "a,b", "\"", "\"\"", "say \"hi\", ok", "line1\nline2", "line1\r\nline2",
		"=1+2", "+86", "-", "@", "\t", "\r", "\n", "'=x", "''=x", "'", " sp ", "😀emoji",
		"，全角，", "=HYPERLINK(\"http://evil\")", "x\"", "\"x", "18222169302", "007",
		"=\"18222169302\"", "1E5", "29240881", "2021.10", "6月16日", "(123)", "50%",
		"TRUE", "１２３", " 1 ", "1-2", NULL,
	};
	size_t nc = sizeof cells / sizeof cells[0];
	struct strbuf sb = STRBUF_INIT;
	char ***rows, *cause = NULL;
	int *ncols, n;

	for (int r = 0; r < 3; r++) {
		for (size_t c = 0; c < nc; c++)
			csv_add_text(&sb, cells[(c + (size_t)r) % nc], c == 0);
		csv_end_row(&sb);
	}
	n = csv_parse(sb.buf, sb.len, &rows, &ncols, &cause);
	CHECK_INT(n, 3);
	for (int r = 0; r < n; r++) {
		CHECK_INT(ncols[r], nc);
		for (size_t c = 0; c < nc && c < (size_t)ncols[r]; c++) {
			const char *want = cells[(c + (size_t)r) % nc];

			char *got = csv_cell_text(rows[r][c]);

			CHECK_STR(got, want != NULL ? want : "");
			free(got);
		}
	}
	csv_free(rows, ncols, n);
	strbuf_free(&sb);
}

/* Random bytes never crash the reader, and what it accepts it frees cleanly. */
static void test_parse_garbage(void)
{
	unsigned int seed = 4242;
	char buf[256];
	static const char pick[] = "a,\"\r\n\xE4\xB8\xAD'=";

	for (int round = 0; round < 5000; round++) {
		size_t len = seed % sizeof buf;
		char ***rows, *cause = NULL;
		int *ncols, n;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = round % 2 ? pick[(seed >> 16) % (sizeof pick - 1)]
					   : (char)((seed >> 16) & 0xFF);
		}
		seed = seed * 1103515245u + 12345u;
		n = csv_parse(buf, len, &rows, &ncols, &cause);
		if (n < 0) {
			CHECK(cause != NULL && str_starts(cause, "第"));
			free(cause);
		} else {
			for (int r = 0; r < n; r++)
				CHECK(ncols[r] >= 1);
			csv_free(rows, ncols, n);
		}
	}
}

int main(void)
{
	TEST_RUN(test_write_cells);
	TEST_RUN(test_write_rows);
	TEST_RUN(test_unneutralise);
	TEST_RUN(test_cell_text);
	TEST_RUN(test_parse);
	TEST_RUN(test_parse_bad);
	TEST_RUN(test_round_trip);
	TEST_RUN(test_parse_garbage);
	return test_done();
}
