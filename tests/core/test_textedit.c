/* test_textedit.c - the multi-line editing model: typing, wrapping, moves, limits, resize. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "core/textedit.h"
#include "core/util.h"
#include "test.h"

/* A model holding text at width w and h visible rows. */
static struct textedit *mk(const char *text, int maxlen, int w, int h)
{
	struct textedit *te = textedit_new(text, maxlen);

	textedit_set_size(te, w, h);
	return te;
}

/* Type s key by key ('\n' = Enter); returns how many keys were refused. */
static int type(struct textedit *te, const char *s)
{
	size_t n = strlen(s);
	int refused = 0;

	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);
		enum te_result r = cp == '\n' ? textedit_newline(te) : textedit_insert(te, cp);

		if (r != TE_CHANGED)
			refused++;
		s += k;
		n -= k;
	}
	return refused;
}

/* The layout as one string: rows joined by '|' after a wrap and '/' after a line break. */
static char *layout(struct textedit *te)
{
	struct strbuf sb = STRBUF_INIT;
	const uint32_t *c = textedit_chars(te);
	int n = textedit_nrows(te);

	strbuf_add(&sb, "", 0);
	for (int r = 0; r < n; r++) {
		const struct textedit_row *row = textedit_row(te, r);

		for (size_t i = row->start; i < row->end; i++) {
			char mb[4];

			strbuf_add(&sb, mb, text_encode(c[i], mb));
		}
		if (r < n - 1)
			strbuf_addc(&sb, row->hard ? '/' : '|');
	}
	return strbuf_detach(&sb);
}

/* Compare the layout of te with want. */
#define CHECK_LAYOUT(te, want)                                                           \
	do {                                                                             \
		char *l_ = layout(te);                                                   \
		CHECK_STR(l_, want);                                                     \
		free(l_);                                                                \
	} while (0)

/* Compare the text of te with want. */
#define CHECK_TEXT(te, want)                                                             \
	do {                                                                             \
		char *t_ = textedit_text(te);                                            \
		CHECK_STR(t_, want);                                                     \
		free(t_);                                                                \
	} while (0)

/* Cursor at index pos, shown at (row, col). */
#define CHECK_CUR(te, pos, row, col)                                                     \
	do {                                                                             \
		int r_, c_;                                                              \
		textedit_cursor(te, &r_, &c_);                                           \
		CHECK_INT(textedit_pos(te), pos);                                        \
		CHECK_INT(r_, row);                                                      \
		CHECK_INT(c_, col);                                                      \
	} while (0)

/* Say which invariant failed (the line), then fail. */
#define INV(cond)                                                                        \
	do {                                                                             \
		if (!(cond)) {                                                           \
			printf("#   invariant at line %d\n", __LINE__);                     \
			return 0;                                                        \
		}                                                                        \
	} while (0)

/* True when the row's last cluster is a space (marks after it allowed). */
static int ends_with_space(const struct textedit *te, const struct textedit_row *rw)
{
	const uint32_t *c = textedit_chars(te);
	size_t i = rw->end;

	while (i > rw->start + 1 && textedit_cpwidth_at(te, i - 1) == 0)
		i--;
	return i > rw->start && c[i - 1] == ' ';
}

/* Everything that must hold after any operation, at width w with h rows. */
static int invariants_ok(struct textedit *te, int w, int h)
{
	const uint32_t *c = textedit_chars(te);
	size_t len = textedit_len(te), pos = textedit_pos(te), next = 0;
	int n = textedit_nrows(te), row, col, top = textedit_top(te);
	const struct textedit_row *cr;

	INV(n >= 1 && pos <= len);
	/* The cursor is never inside a cluster. */
	INV(!(pos > 0 && pos < len && c[pos] != '\n' && textedit_cpwidth_at(te, pos) == 0 &&
	      c[pos - 1] != '\n'));
	for (int r = 0; r < n; r++) {
		const struct textedit_row *rw = textedit_row(te, r);
		int width = 0;

		INV(rw->start == next && rw->end >= rw->start && rw->end <= len);
		for (size_t i = rw->start; i < rw->end; i++) {
			INV(c[i] != '\n');
			width += textedit_cpwidth_at(te, i);
		}
		INV(width == rw->width);
		/* Too wide only by one hanging space, or by one lone cluster. */
		INV(width <= w || (width == w + 1 && ends_with_space(te, rw)) ||
		    textedit_cpwidth_at(te, rw->start) > w);
		/* A row never starts with a zero-width mark that has a base before it. */
		INV(!(rw->start < rw->end && rw->start > 0 && c[rw->start - 1] != '\n' &&
		      textedit_cpwidth_at(te, rw->start) == 0));
		INV(rw->hard == (rw->end < len && c[rw->end] == '\n'));
		if (rw->hard)
			next = rw->end + 1;
		else if (r < n - 1)
			next = rw->end;
		else
			INV(rw->end == len);
		INV(rw->hard || r == n - 1 || rw->start < rw->end);	/* no empty soft rows */
	}
	textedit_cursor(te, &row, &col);
	cr = textedit_row(te, row);
	INV(cr != NULL && pos >= cr->start && pos <= cr->end);
	/* w + 1 only after a space hanging at the end of a line */
	INV(col >= 0 && col <= (w > 1 ? w + 1 : 2));
	INV(row >= top && row < top + h && top >= 0);
	INV(top == 0 || top <= n - h);
	return 1;
}

/* One wrapping case: text at width w gives rows. */
struct wrap_case {
	const char *text;
	int w;
	const char *rows;
};

static void test_wrap_table(void)
{
	static const struct wrap_case cases[] = {
		{ "", 10, "" },
		{ "一二三四五六七八九十", 10, "一二三四五|六七八九十" },
		{ "一二三四五六七八九十", 11, "一二三四五|六七八九十" },
		{ "一二三四五六七八九十", 20, "一二三四五六七八九十" },
		{ "一二三四五六七八九十", 19, "一二三四五六七八九|十" },
		/* A wide character never straddles the edge: one column left, next row. */
		{ "a一二三四五六七八九", 10, "a一二三四|五六七八九" },
		{ "a一二三四五六七八九", 11, "a一二三四五|六七八九" },
		{ "a一二三四五六七八九", 20, "a一二三四五六七八九" },
		{ "ab一二三四五六七八九十", 20, "ab一二三四五六七八九|十" },
		{ "一二三四五六七八九a十", 20, "一二三四五六七八九a|十" },
		/* Latin words wrap at spaces; one space hangs past the edge. */
		{ "hello world foo", 10, "hello |world foo" },
		{ "0123456789 abc", 10, "0123456789 |abc" },
		{ "0123456789  abc", 10, "0123456789 | abc" },
		{ "aaaa bbbb cccc dddd", 11, "aaaa bbbb |cccc dddd" },
		{ "aaaa bbbb cccc dddd", 9, "aaaa bbbb |cccc dddd" },
		{ "aaaa bbbb cccc dddd", 20, "aaaa bbbb cccc dddd" },
		/* A word longer than the row is split. */
		{ "abcdefghijklmnop", 10, "abcdefghij|klmnop" },
		{ "ab abcdefghijklmnop", 10, "ab |abcdefghij|klmnop" },
		/* Latin next to CJK breaks between them. */
		{ "abcdefgh中文", 10, "abcdefgh中|文" },
		{ "中abcdefghijk", 10, "中|abcdefghij|k" },
		{ "我们用excel表格", 10, "我们用|excel表格" },
		{ "我们用excel表格", 11, "我们用excel|表格" },
		/* Closing punctuation never starts a row, opening never ends one. */
		{ "一二三四五，六七", 10, "一二三四|五，六七" },
		{ "一二三四五。", 10, "一二三四|五。" },
		{ "一二三四（五）", 10, "一二三四|（五）" },
		{ "一二三“四五”", 10, "一二三“四|五”" },
		{ "一二三四“五”", 10, "一二三四|“五”" },
		{ "，，，，，，", 10, "，，，，，|，" },
		{ "一二三四五——", 11, "一二三四五|——" },
		/* The user's line breaks are kept, empty lines too. */
		{ "ab\ncd", 10, "ab/cd" },
		{ "ab\n\ncd", 10, "ab//cd" },
		{ "ab\n", 10, "ab/" },
		{ "\n", 10, "/" },
		{ "一二三四五六\n七", 10, "一二三四五|六/七" },
		/* Emoji are wide; combining marks stay with their base. */
		{ "😀😀😀😀😀x", 10, "😀😀😀😀😀|x" },
		{ "😀😀😀😀x😀", 10, "😀😀😀😀x|😀" },
		{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, "e\xcc\x81" "e\xcc\x81|e\xcc\x81" },
		{ "中e\xcc\x81中", 3, "中e\xcc\x81|中" },
		{ "❤\xef\xb8\x8f中文", 3, "❤\xef\xb8\x8f中|文" },
		{ "❤\xef\xb8\x8f中文", 2, "❤\xef\xb8\x8f|中|文" },
		{ "𠀀𠀁𠀂", 4, "𠀀𠀁|𠀂" },
		/* Width 1: each wide character alone on its row. */
		{ "中a文", 1, "中|a|文" },
		/* A sentence of 附件3. */
		{ "理论学习中心组学习（3）次，参与（45）人次；", 20,
		  "理论学习中心组学习|（3）次，参与（45）|人次；" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct textedit *te = mk(cases[i].text, 0, cases[i].w, 5);
		char *l = layout(te);

		if (strcmp(l, cases[i].rows) != 0)
			printf("#   case %zu: [%s] at %d\n", i, cases[i].text, cases[i].w);
		CHECK_STR(l, cases[i].rows);
		CHECK(invariants_ok(te, cases[i].w, 5));
		CHECK_INT(textedit_rows_needed(te, cases[i].w), textedit_nrows(te));
		free(l);
		textedit_free(te);
	}
}

/* Typing key by key gives the same layout as loading the text whole. */
static void test_typing_matches_loading(void)
{
	static const char *texts[] = {
		"今年6月是第20个全国“安全生产月”，主题是“落实安全责任，推动安全发展”。",
		("hello 世界, this is a mixed 中英文 text with some long words like "
		 "internationalization 和 标点符号！"),
		"第一段\n第二段很长很长很长很长很长很长很长很长很长很长\n\n第四段",
	};
	static const int widths[] = { 10, 11, 20, 39 };

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
			struct textedit *a = mk(texts[i], 0, widths[k], 4);
			struct textedit *b = mk(NULL, 0, widths[k], 4);
			char *la, *lb;

			CHECK_INT(type(b, texts[i]), 0);
			la = layout(a);
			lb = layout(b);
			CHECK_STR(lb, la);
			CHECK_TEXT(b, texts[i]);
			CHECK_INT(textedit_pos(b), textedit_len(a));
			CHECK(invariants_ok(b, widths[k], 4));
			free(la);
			free(lb);
			textedit_free(a);
			textedit_free(b);
		}
	}
}

/* Typing Chinese fills a row to the edge; the cursor then sits in the spare column. */
static void test_typing_chinese(void)
{
	struct textedit *te = mk(NULL, 2000, 10, 3);

	CHECK_CUR(te, 0, 0, 0);
	CHECK_INT(type(te, "安全生产"), 0);
	CHECK_CUR(te, 4, 0, 8);
	CHECK_INT(type(te, "月"), 0);
	CHECK_CUR(te, 5, 0, 10);
	CHECK_INT(textedit_nrows(te), 1);
	CHECK_INT(type(te, "活"), 0);
	CHECK_CUR(te, 6, 1, 2);
	CHECK_LAYOUT(te, "安全生产月|活");
	CHECK_INT(type(te, "a"), 0);
	CHECK_CUR(te, 7, 1, 3);
	/* Insert in the middle. */
	textedit_set_pos(te, 2);
	CHECK_INT(type(te, "x"), 0);
	CHECK_TEXT(te, "安全x生产月活a");
	CHECK_LAYOUT(te, "安全x生产|月活a");
	CHECK_CUR(te, 3, 0, 5);
	CHECK(invariants_ok(te, 10, 3));
	/* Full-width and ASCII both fine. */
	textedit_set_pos(te, textedit_len(te));
	CHECK_INT(type(te, "１２ab　c"), 0);
	CHECK_TEXT(te, "安全x生产月活a１２ab　c");
	CHECK(invariants_ok(te, 10, 3));
	textedit_free(te);
}

/* One move and where the cursor must be after it. */
struct move {
	enum te_result (*op)(struct textedit *);
	enum te_result want;
	size_t pos;
	int row, col;
};

/* Run a table of moves from the current state. */
static void run_moves(struct textedit *te, const struct move *m, size_t n, int w, int h)
{
	for (size_t i = 0; i < n; i++) {
		enum te_result r = m[i].op(te);
		int row, col;

		textedit_cursor(te, &row, &col);
		if (r != m[i].want || textedit_pos(te) != m[i].pos || row != m[i].row ||
		    col != m[i].col)
			printf("#   move %zu: got %d pos %zu (%d,%d), want %d pos %zu (%d,%d)\n", i,
			       (int)r, textedit_pos(te), row, col, (int)m[i].want, m[i].pos,
			       m[i].row, m[i].col);
		CHECK_INT(r, m[i].want);
		CHECK_INT(textedit_pos(te), m[i].pos);
		CHECK_INT(row, m[i].row);
		CHECK_INT(col, m[i].col);
		CHECK(invariants_ok(te, w, h));
	}
}

static void test_updown_goal_column(void)
{
	/* Rows: 一二三四五 (0..4), abcdefghij (6..15), ab (17..18), 一二三 (20..22). */
	struct textedit *te = mk("一二三四五\nabcdefghij\nab\n一二三", 0, 20, 10);
	static const struct move m1[] = {
		{ textedit_down, TE_MOVED, 12, 1, 6 },
		{ textedit_down, TE_MOVED, 19, 2, 2 },
		{ textedit_down, TE_MOVED, 23, 3, 6 },	/* goal 6 kept across the short row */
		{ textedit_down, TE_EDGE, 23, 3, 6 },
		{ textedit_up, TE_MOVED, 19, 2, 2 },
		{ textedit_up, TE_MOVED, 12, 1, 6 },
		{ textedit_up, TE_MOVED, 3, 0, 6 },
		{ textedit_up, TE_EDGE, 3, 0, 6 },
	};
	static const struct move m2[] = {
		/* From column 5 onto wide characters: the boundary before, column 4. */
		{ textedit_up, TE_MOVED, 2, 0, 4 },
		{ textedit_down, TE_MOVED, 11, 1, 5 },	/* goal 5, not 4 */
		{ textedit_left, TE_MOVED, 10, 1, 4 },	/* a horizontal move resets the goal */
		{ textedit_up, TE_MOVED, 2, 0, 4 },
		{ textedit_right, TE_MOVED, 3, 0, 6 },
		{ textedit_down, TE_MOVED, 12, 1, 6 },
		{ textedit_end, TE_MOVED, 16, 1, 10 },
		{ textedit_up, TE_MOVED, 5, 0, 10 },
		{ textedit_down, TE_MOVED, 16, 1, 10 },
		{ textedit_down, TE_MOVED, 19, 2, 2 },
		{ textedit_down, TE_MOVED, 23, 3, 6 },
		{ textedit_home, TE_MOVED, 20, 3, 0 },
		{ textedit_up, TE_MOVED, 17, 2, 0 },
	};

	textedit_set_pos(te, 3);
	run_moves(te, m1, sizeof m1 / sizeof m1[0], 20, 10);
	textedit_set_pos(te, 11);
	run_moves(te, m2, sizeof m2 / sizeof m2[0], 20, 10);
	textedit_free(te);

	/* Rows: abcdefgh (0..7), 一二三四五 (9..13), abcdefgh (15..22). */
	te = mk("abcdefgh\n一二三四五\nabcdefgh", 0, 20, 10);
	textedit_set_pos(te, 15 + 7);
	CHECK_CUR(te, 22, 2, 7);
	{
		static const struct move up[] = {
			{ textedit_up, TE_MOVED, 12, 1, 6 },
			{ textedit_up, TE_MOVED, 7, 0, 7 },
			{ textedit_down, TE_MOVED, 12, 1, 6 },
		};

		run_moves(te, up, sizeof up / sizeof up[0], 20, 10);
	}
	textedit_free(te);

	/* An odd goal is reachable after one narrow character: x一二三 is 7 columns.
	 * Rows: abcdefgh (0..7), x一二三… (9..22), abcdefghijklmn (24..37). */
	te = mk("abcdefgh\nx一二三四五六七八九十一二三\nabcdefghijklmn", 0, 40, 10);
	textedit_set_pos(te, 8);
	CHECK_CUR(te, 8, 0, 8);
	textedit_set_pos(te, 7);
	{
		static const struct move mv[] = {
			{ textedit_down, TE_MOVED, 13, 1, 7 },
			{ textedit_down, TE_MOVED, 31, 2, 7 },
		};

		run_moves(te, mv, sizeof mv / sizeof mv[0], 40, 10);
	}
	textedit_free(te);
}

/* Up and Down over soft-wrapped rows, with End on a wrapped row. */
static void test_updown_wrapped(void)
{
	/* Rows: 一二三四五 | 六七八九十 | abc (soft wraps). */
	struct textedit *te = mk("一二三四五六七八九十abc", 0, 10, 10);
	static const struct move m[] = {
		{ textedit_up, TE_MOVED, 6, 1, 2 },
		{ textedit_up, TE_MOVED, 1, 0, 2 },
		{ textedit_end, TE_MOVED, 5, 0, 10 },	/* the end of row 0, not row 1 */
		{ textedit_down, TE_MOVED, 10, 1, 10 },
		{ textedit_down, TE_MOVED, 13, 2, 3 },
		{ textedit_up, TE_MOVED, 10, 1, 10 },
		{ textedit_home, TE_MOVED, 5, 1, 0 },
		{ textedit_left, TE_MOVED, 4, 0, 8 },
		{ textedit_right, TE_MOVED, 5, 1, 0 },
		{ textedit_right, TE_MOVED, 6, 1, 2 },
		{ textedit_end, TE_MOVED, 10, 1, 10 },
		{ textedit_right, TE_MOVED, 11, 2, 1 },
		{ textedit_end, TE_MOVED, 13, 2, 3 },
		{ textedit_end, TE_MOVED, 13, 2, 3 },
		{ textedit_right, TE_EDGE, 13, 2, 3 },
		{ textedit_home, TE_MOVED, 10, 2, 0 },
		{ textedit_home, TE_MOVED, 10, 2, 0 },
	};

	CHECK_LAYOUT(te, "一二三四五|六七八九十|abc");
	run_moves(te, m, sizeof m / sizeof m[0], 10, 10);
	/* Typing at the end of a row shown at the edge goes after it. */
	textedit_set_pos(te, 0);
	textedit_end(te);
	CHECK_CUR(te, 5, 0, 10);
	CHECK_INT(textedit_insert(te, 'z'), TE_CHANGED);
	CHECK_TEXT(te, "一二三四五z六七八九十abc");
	CHECK_LAYOUT(te, "一二三四五|z六七八九|十abc");
	CHECK_CUR(te, 6, 1, 1);
	textedit_free(te);

	/* End on a row with a hanging space stops before the space. */
	te = mk("0123456789 abc", 0, 10, 10);
	textedit_set_pos(te, 0);
	CHECK_INT(textedit_end(te), TE_MOVED);
	CHECK_CUR(te, 10, 0, 10);
	CHECK_INT(textedit_down(te), TE_MOVED);
	CHECK_CUR(te, 14, 1, 3);
	CHECK_INT(textedit_up(te), TE_MOVED);
	CHECK_CUR(te, 10, 0, 10);
	textedit_free(te);
}

/* Backspace and Delete: whole clusters, line breaks, the ends. */
static void test_delete(void)
{
	struct textedit *te = mk("ab\ncd", 0, 10, 3);

	textedit_set_pos(te, 3);
	CHECK_CUR(te, 3, 1, 0);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);	/* over the line break */
	CHECK_TEXT(te, "abcd");
	CHECK_CUR(te, 2, 0, 2);
	CHECK_INT(textedit_nrows(te), 1);
	CHECK_INT(textedit_newline(te), TE_CHANGED);
	CHECK_TEXT(te, "ab\ncd");
	CHECK_CUR(te, 3, 1, 0);
	CHECK_INT(textedit_left(te), TE_MOVED);
	CHECK_CUR(te, 2, 0, 2);
	CHECK_INT(textedit_delete(te), TE_CHANGED);	/* Delete joins the lines too */
	CHECK_TEXT(te, "abcd");
	textedit_set_pos(te, 0);
	CHECK_INT(textedit_backspace(te), TE_EDGE);
	CHECK_INT(textedit_left(te), TE_EDGE);
	textedit_set_pos(te, 4);
	CHECK_INT(textedit_delete(te), TE_EDGE);
	CHECK_INT(textedit_right(te), TE_EDGE);
	CHECK_TEXT(te, "abcd");
	textedit_free(te);

	/* Chinese: one character per key, never half. */
	te = mk("安全生产月", 0, 10, 3);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "安全生产");
	CHECK_CUR(te, 4, 0, 8);
	textedit_set_pos(te, 1);
	CHECK_INT(textedit_delete(te), TE_CHANGED);
	CHECK_TEXT(te, "安生产");
	CHECK_CUR(te, 1, 0, 2);
	textedit_free(te);

	/* Backspace at the start of a wrapped row removes the last character of the row
	 * before; the text then reflows. */
	te = mk("一二三四五六七", 0, 10, 3);
	textedit_set_pos(te, 5);
	CHECK_CUR(te, 5, 1, 0);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "一二三四六七");
	CHECK_LAYOUT(te, "一二三四六|七");
	CHECK_CUR(te, 4, 0, 8);
	textedit_free(te);

	/* Deleting everything leaves one empty row. */
	te = mk("a\nb", 0, 10, 3);
	while (textedit_backspace(te) == TE_CHANGED)
		;
	CHECK_TEXT(te, "");
	CHECK_INT(textedit_nrows(te), 1);
	CHECK_CUR(te, 0, 0, 0);
	CHECK_INT(textedit_up(te), TE_EDGE);
	CHECK_INT(textedit_down(te), TE_EDGE);
	CHECK_INT(textedit_page_up(te), TE_EDGE);
	CHECK_INT(textedit_page_down(te), TE_EDGE);
	CHECK_INT(textedit_home(te), TE_MOVED);
	CHECK_INT(textedit_end(te), TE_MOVED);
	textedit_free(te);
}

/* Combining marks and emoji: the cursor never splits them. */
static void test_clusters(void)
{
	/* a, e + U+0301, b */
	struct textedit *te = mk("ae\xcc\x81" "b", 0, 10, 3);
	static const struct move m[] = {
		{ textedit_home, TE_MOVED, 0, 0, 0 },
		{ textedit_right, TE_MOVED, 1, 0, 1 },
		{ textedit_right, TE_MOVED, 3, 0, 2 },
		{ textedit_right, TE_MOVED, 4, 0, 3 },
		{ textedit_left, TE_MOVED, 3, 0, 2 },
		{ textedit_left, TE_MOVED, 1, 0, 1 },
	};

	CHECK_INT(textedit_len(te), 4);
	run_moves(te, m, sizeof m / sizeof m[0], 10, 3);
	CHECK_INT(textedit_delete(te), TE_CHANGED);	/* e and its accent together */
	CHECK_TEXT(te, "ab");
	CHECK_INT(textedit_insert(te, 'e'), TE_CHANGED);
	CHECK_INT(textedit_insert(te, 0x0301), TE_CHANGED);	/* a mark after a base */
	CHECK_INT(textedit_insert(te, 0x0308), TE_CHANGED);	/* and a second one */
	CHECK_TEXT(te, "ae\xcc\x81\xcc\x88" "b");
	CHECK_CUR(te, 4, 0, 2);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "ab");
	CHECK_CUR(te, 1, 0, 1);
	/* set_pos inside a cluster moves to its end. */
	textedit_set_text(te, "e\xcc\x81\xcc\x88x");
	textedit_set_pos(te, 1);
	CHECK_INT(textedit_pos(te), 3);
	textedit_set_pos(te, 2);
	CHECK_INT(textedit_pos(te), 3);
	textedit_set_pos(te, 99);
	CHECK_INT(textedit_pos(te), 4);
	/* A mark with nothing before it on its line is refused when typed. */
	textedit_set_pos(te, 0);
	CHECK_INT(textedit_insert(te, 0x0301), TE_INVALID);
	textedit_set_text(te, "a\n");
	CHECK_INT(textedit_insert(te, 0x0301), TE_INVALID);
	CHECK_TEXT(te, "a\n");
	textedit_free(te);

	/* ... but kept when loaded, as a cluster of its own; joining the lines keeps the
	 * cursor out of the new cluster. */
	te = mk("a\n\xcc\x81" "b", 0, 10, 3);
	CHECK_LAYOUT(te, "a/\xcc\x81" "b");
	textedit_set_pos(te, 2);
	CHECK_INT(textedit_pos(te), 2);
	CHECK_INT(textedit_right(te), TE_MOVED);
	CHECK_INT(textedit_pos(te), 3);
	textedit_set_pos(te, 2);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "a\xcc\x81" "b");
	CHECK_INT(textedit_pos(te), 2);
	CHECK(invariants_ok(te, 10, 3));
	textedit_free(te);

	/* Emoji: wide, 4-byte UTF-8; with a variation selector and a ZWJ sequence. */
	te = mk(NULL, 0, 10, 3);
	CHECK_INT(type(te, "😀a😀"), 0);
	CHECK_CUR(te, 3, 0, 5);
	CHECK_INT(textedit_left(te), TE_MOVED);
	CHECK_CUR(te, 2, 0, 3);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "😀😀");
	textedit_set_pos(te, 2);
	CHECK_INT(type(te, "❤\xef\xb8\x8f"), 0);	/* U+2764 U+FE0F */
	CHECK_INT(textedit_len(te), 4);
	CHECK_CUR(te, 4, 0, 5);
	CHECK_INT(textedit_left(te), TE_MOVED);
	CHECK_INT(textedit_pos(te), 2);
	textedit_set_pos(te, 4);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_TEXT(te, "😀😀");
	/* man ZWJ woman: the ZWJ stays with the man; the woman is a cluster of her own. */
	textedit_set_text(te, "👨\xe2\x80\x8d👩");
	CHECK_INT(textedit_len(te), 3);
	CHECK_INT(textedit_left(te), TE_MOVED);
	CHECK_INT(textedit_pos(te), 2);
	CHECK_INT(textedit_left(te), TE_MOVED);
	CHECK_INT(textedit_pos(te), 0);
	CHECK(invariants_ok(te, 10, 3));
	textedit_free(te);
}

/* maxlen counts code points (line breaks included); refusals change nothing. */
static void test_maxlen(void)
{
	struct textedit *te = mk(NULL, 5, 10, 3);
	static const uint32_t bad[] = {
		0x00, 0x07, 0x08, '\t', '\n', '\r', 0x1B, 0x7F, 0x85, 0x9F, 0x2028, 0x2029,
		0xD800, 0xDFFF, 0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFF, 0x110000, 0xFFFFFFFF,
	};

	CHECK_INT(textedit_maxlen(te), 5);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_INT(textedit_insert(te, bad[i]), TE_INVALID);
	CHECK_INT(textedit_len(te), 0);
	CHECK_INT(type(te, "一二三四五六七"), 2);
	CHECK_TEXT(te, "一二三四五");
	CHECK_INT(textedit_insert(te, 'a'), TE_FULL);
	CHECK_INT(textedit_newline(te), TE_FULL);
	textedit_set_pos(te, 2);
	CHECK_INT(textedit_insert(te, 'a'), TE_FULL);
	CHECK_CUR(te, 2, 0, 4);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_INT(textedit_newline(te), TE_CHANGED);
	CHECK_TEXT(te, "一\n三四五");
	CHECK_INT(textedit_insert(te, 'a'), TE_FULL);
	CHECK_INT(textedit_delete(te), TE_CHANGED);
	CHECK_INT(textedit_insert(te, 'a'), TE_CHANGED);
	CHECK_TEXT(te, "一\na四五");
	textedit_free(te);

	/* A stored text longer than maxlen is kept whole; deleting works, typing not. */
	te = mk("一二三四五六七", 5, 10, 3);
	CHECK_TEXT(te, "一二三四五六七");
	CHECK_INT(textedit_insert(te, 'a'), TE_FULL);
	CHECK_INT(textedit_backspace(te), TE_CHANGED);
	CHECK_INT(textedit_insert(te, 'a'), TE_FULL);
	CHECK_TEXT(te, "一二三四五六");
	textedit_free(te);

	/* maxlen <= 0: no limit. */
	te = mk(NULL, 0, 10, 3);
	for (int i = 0; i < 3000; i++)
		CHECK_INT(textedit_insert(te, 'x'), TE_CHANGED);
	CHECK_INT(textedit_len(te), 3000);
	textedit_free(te);
}

/* Loading text: line endings, tabs, control characters, invalid UTF-8. */
static void test_load(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ NULL, "" },
		{ "", "" },
		{ "a\r\nb\rc\nd", "a\nb\nc\nd" },
		{ "a\r\n\r\nb", "a\n\nb" },
		{ "a\tb", "a b" },
		{ "a\x01" "b\x1b[1mc\x7f", "ab[1mc" },
		{ "a\xc2\x85" "b", "ab" },
		{ "a\xe2\x80\xa8" "b", "a\nb" },
		{ "a\xff" "b", "a\xef\xbf\xbd" "b" },
		{ "中\xe4\xb8", "中\xef\xbf\xbd\xef\xbf\xbd" },
		{ "附件1　联络员", "附件1　联络员" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct textedit *te = mk(cases[i].in, 0, 10, 3);

		CHECK_TEXT(te, cases[i].out);
		CHECK_INT(textedit_pos(te), textedit_len(te));
		CHECK(invariants_ok(te, 10, 3));
		textedit_free(te);
	}
}

/* Resizing keeps the text and the cursor index; the layout comes back the same. */
static void test_resize(void)
{
	const char *text = "今年6月是第20个全国“安全生产月”，主题是“落实安全责任，推动安全发展”。"
			   "\n各单位要 carefully 组织开展 activities，做到有计划、有落实。";
	struct textedit *te = mk(text, 2000, 40, 3);
	char *at40, *again;
	static const size_t positions[] = { 0, 1, 17, 19, 36, 37, 50, 70, 200 };

	at40 = layout(te);
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
		size_t pos = positions[i] < textedit_len(te) ? positions[i] : textedit_len(te);

		textedit_set_pos(te, pos);
		textedit_set_size(te, 11, 3);
		CHECK_INT(textedit_pos(te), pos);
		CHECK(invariants_ok(te, 11, 3));
		CHECK(textedit_nrows(te) > 8);
		CHECK_TEXT(te, text);
		textedit_set_size(te, 40, 3);
		CHECK_INT(textedit_pos(te), pos);
		CHECK(invariants_ok(te, 40, 3));
		again = layout(te);
		CHECK_STR(again, at40);
		free(again);
	}
	/* Typing at 11, then back at 40. */
	textedit_set_pos(te, 5);
	textedit_set_size(te, 11, 2);
	CHECK_INT(type(te, "一二三"), 0);
	CHECK(invariants_ok(te, 11, 2));
	textedit_set_size(te, 40, 3);
	CHECK_INT(textedit_pos(te), 8);
	CHECK(invariants_ok(te, 40, 3));
	/* Down at width 11 walks every row; the same at 40. */
	{
		int n11, n40, moves = 0;

		textedit_set_size(te, 11, 4);
		n11 = textedit_nrows(te);
		textedit_set_pos(te, 0);
		while (textedit_down(te) == TE_MOVED)
			moves++;
		CHECK_INT(moves, n11 - 1);
		textedit_set_size(te, 40, 4);
		n40 = textedit_nrows(te);
		CHECK(n40 < n11);
		CHECK_INT(textedit_rows_needed(te, 11), n11);
		CHECK_INT(textedit_nrows(te), n40);
	}
	/* Tiny sizes are taken as 1. */
	textedit_set_size(te, 0, 0);
	CHECK(invariants_ok(te, 1, 1));
	textedit_set_size(te, -5, -5);
	CHECK(invariants_ok(te, 1, 1));
	textedit_set_size(te, 40, 3);
	CHECK_TEXT(te, "今年6月是一二三第20个全国“安全生产月”，主题是“落实安全责任，推动安全发展”。"
		       "\n各单位要 carefully 组织开展 activities，做到有计划、有落实。");
	free(at40);
	textedit_free(te);
}

/* The view follows the cursor; PageUp/PageDown move both by h rows. */
static void test_scroll(void)
{
	struct textedit *te = mk("0\n1\n2\n3\n4\n5\n6\n7\n8\n9", 0, 10, 3);
	static const struct {
		enum te_result (*op)(struct textedit *);
		enum te_result want;
		int row, top;
	} m[] = {
		{ textedit_page_up, TE_MOVED, 6, 4 },
		{ textedit_page_up, TE_MOVED, 3, 1 },
		{ textedit_page_up, TE_MOVED, 0, 0 },
		{ textedit_page_up, TE_EDGE, 0, 0 },
		{ textedit_down, TE_MOVED, 1, 0 },
		{ textedit_down, TE_MOVED, 2, 0 },
		{ textedit_down, TE_MOVED, 3, 1 },
		{ textedit_page_down, TE_MOVED, 6, 4 },
		{ textedit_page_down, TE_MOVED, 9, 7 },
		{ textedit_page_down, TE_EDGE, 9, 7 },
		{ textedit_up, TE_MOVED, 8, 7 },
		{ textedit_up, TE_MOVED, 7, 7 },
		{ textedit_up, TE_MOVED, 6, 6 },
		{ textedit_page_up, TE_MOVED, 3, 3 },
		{ textedit_page_down, TE_MOVED, 6, 6 },
		{ textedit_page_down, TE_MOVED, 9, 7 },
	};

	CHECK_INT(textedit_nrows(te), 10);
	CHECK_INT(textedit_top(te), 7);		/* the cursor starts at the end */
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		enum te_result r = m[i].op(te);
		int row;

		textedit_cursor(te, &row, NULL);
		if (r != m[i].want || row != m[i].row || textedit_top(te) != m[i].top)
			printf("#   step %zu: got %d row %d top %d\n", i, (int)r, row,
			       textedit_top(te));
		CHECK_INT(r, m[i].want);
		CHECK_INT(row, m[i].row);
		CHECK_INT(textedit_top(te), m[i].top);
		CHECK(invariants_ok(te, 10, 3));
	}
	/* Deleting rows pulls the view back so no empty rows show below the text. */
	textedit_set_pos(te, 4);
	textedit_set_text(te, "0\n1\n2\n3");
	textedit_set_pos(te, 7);
	CHECK_INT(textedit_top(te), 1);
	while (textedit_backspace(te) == TE_CHANGED && textedit_len(te) > 3)
		;
	CHECK_TEXT(te, "0\n1");
	CHECK_INT(textedit_top(te), 0);
	/* A taller box shows everything. */
	textedit_set_text(te, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9");
	textedit_set_size(te, 10, 20);
	CHECK_INT(textedit_top(te), 0);
	textedit_set_size(te, 10, 2);
	CHECK_INT(textedit_top(te), 8);
	textedit_free(te);
}

/* 2000 characters: the limit holds and every key stays instant. */
static void test_long_text(void)
{
	struct textedit *te = mk(NULL, 2000, 40, 8);
	const char *para = "各单位要认真组织开展安全生产月活动，做到有计划、有落实、有总结。";
	int typed = 0, refused = 0, rows;
	clock_t t0;
	double ms;

	while (typed < 2000) {
		size_t n = strlen(para);
		const char *s = para;

		while (n > 0 && typed < 2000) {
			uint32_t cp;
			size_t k = text_decode(s, n, &cp);

			CHECK_INT(textedit_insert(te, cp), TE_CHANGED);
			typed++;
			s += k;
			n -= k;
		}
		if (typed < 2000) {
			CHECK_INT(textedit_newline(te), TE_CHANGED);
			typed++;
		}
	}
	CHECK_INT(textedit_len(te), 2000);
	CHECK_INT(textedit_insert(te, 0x4E00), TE_FULL);
	CHECK_INT(textedit_newline(te), TE_FULL);
	refused = type(te, "再多一个字");
	CHECK_INT(refused, 5);
	CHECK(invariants_ok(te, 40, 8));
	rows = textedit_nrows(te);
	CHECK(rows > 60);

	/* 1000 keys in the middle of the text, each followed by what drawing asks for. */
	t0 = clock();
	textedit_set_pos(te, 1000);
	for (int i = 0; i < 1000; i++) {
		int r, c;

		switch (i % 4) {
		case 0:
			textedit_backspace(te);
			break;
		case 1:
			textedit_insert(te, 0x5B57);
			break;
		case 2:
			textedit_down(te);
			break;
		default:
			textedit_up(te);
			break;
		}
		textedit_cursor(te, &r, &c);
		for (int k = textedit_top(te); k < textedit_top(te) + 8 && k < textedit_nrows(te);
		     k++)
			(void)textedit_row(te, k);
	}
	ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
	printf("#   1000 keys on 2000 characters: %.2f ms\n", ms);
	CHECK(ms < 500.0);	/* about 0.02 ms a key here, generous for ASan and old PCs */
	CHECK_INT(textedit_len(te), 2000);
	CHECK(invariants_ok(te, 40, 8));

	/* Resizing 2000 characters many times. */
	t0 = clock();
	for (int i = 0; i < 200; i++) {
		textedit_set_size(te, 11 + i % 30, 8);
		(void)textedit_top(te);
	}
	ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
	CHECK(ms < 500.0);
	CHECK(invariants_ok(te, 11 + 199 % 30, 8));
	textedit_free(te);
}

/* A small deterministic random generator, so failures can be replayed. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* True when s[a, b) is one whole cluster of s[0, n): a base (or a line break, or a
 * mark with nothing before it on its line) and every zero-width mark after it. */
static int one_cluster(const uint32_t *s, size_t n, size_t a, size_t b)
{
	if (b <= a || b > n)
		return 0;
	if (s[a] == '\n')
		return b == a + 1;
	if (text_cpwidth(s[a]) == 0 && a > 0 && s[a - 1] != '\n')
		return 0;
	for (size_t i = a + 1; i < b; i++)
		if (s[i] == '\n' || text_cpwidth(s[i]) != 0)
			return 0;
	return b == n || s[b] == '\n' || text_cpwidth(s[b]) != 0;
}

/* Random keys at random widths: the invariants hold after every one, and the text
 * matches a plain copy changed only as each key says (one whole cluster at a time). */
static void test_random_keys(void)
{
	static const uint32_t alphabet[] = {
		'a', 'b', ' ', ' ', '1', ',', '.', '(', 0x4E2D, 0x6587, 0x3002, 0xFF0C,
		0xFF08, 0xFF09, 0x201C, 0x201D, 0x2014, 0x0301, 0x1F600, 0x3000, 0xFE0F,
	};
	enum { MAX = 300 };
	int bad = 0, keys = 0;

	for (int round = 0; round < 60 && !bad; round++) {
		int w = 1 + (int)(rng() % 25), h = 1 + (int)(rng() % 6);
		struct textedit *te = mk(NULL, MAX, w, h);
		uint32_t shadow[MAX + 1];
		size_t slen = 0;

		for (int k = 0; k < 800 && !bad; k++, keys++) {
			uint32_t r = rng() % 100, cp = 0;
			size_t pos0 = textedit_pos(te), len0 = textedit_len(te), pos, len;
			enum te_result res = TE_MOVED;
			int ok = 1;

			if (r < 50) {
				cp = alphabet[rng() % (sizeof alphabet / sizeof alphabet[0])];
				res = textedit_insert(te, cp);
			} else if (r < 55) {
				cp = '\n';
				res = textedit_newline(te);
			} else if (r < 62) {
				res = textedit_backspace(te);
			} else if (r < 66) {
				res = textedit_delete(te);
			} else if (r < 72) {
				res = textedit_left(te);
			} else if (r < 78) {
				res = textedit_right(te);
			} else if (r < 83) {
				res = textedit_up(te);
			} else if (r < 88) {
				res = textedit_down(te);
			} else if (r < 90) {
				res = textedit_home(te);
			} else if (r < 92) {
				res = textedit_end(te);
			} else if (r < 94) {
				res = textedit_page_up(te);
			} else if (r < 96) {
				res = textedit_page_down(te);
			} else if (r < 98) {
				w = 1 + (int)(rng() % 25);
				h = 1 + (int)(rng() % 6);
				textedit_set_size(te, w, h);
			} else {
				textedit_set_pos(te, rng() % (textedit_len(te) + 2));
			}
			pos = textedit_pos(te);
			len = textedit_len(te);
			if (res == TE_CHANGED && r < 55) {
				/* typed: cp is at pos0, the cursor after it */
				memmove(shadow + pos0 + 1, shadow + pos0,
					(slen - pos0) * sizeof *shadow);
				shadow[pos0] = cp;
				slen++;
				ok = pos >= pos0 + 1;	/* past the cluster cp joined */
			} else if (res == TE_CHANGED && r < 62) {
				ok = pos < pos0 && len0 - len == pos0 - pos &&
				     one_cluster(shadow, slen, pos, pos0);
				memmove(shadow + pos, shadow + pos0, (slen - pos0) * sizeof *shadow);
				slen -= pos0 - pos;
			} else if (res == TE_CHANGED) {
				size_t n = len0 - len;

				ok = pos >= pos0 && one_cluster(shadow, slen, pos0, pos0 + n);
				memmove(shadow + pos0, shadow + pos0 + n,
					(slen - pos0 - n) * sizeof *shadow);
				slen -= n;
			} else if (res == TE_EDGE) {
				ok = r >= 55 && pos == pos0 &&
				     (r >= 66 || (r < 62 ? pos0 == 0 : pos0 == len0));
			} else if (res == TE_FULL) {
				ok = pos == pos0 && len0 >= MAX;
			} else if (res == TE_INVALID) {
				ok = pos == pos0 && text_cpwidth(cp) == 0 &&
				     (pos0 == 0 || shadow[pos0 - 1] == '\n');
			}
			if (ok)
				ok = len == slen &&
				     memcmp(textedit_chars(te), shadow, slen * sizeof *shadow) == 0;
			if (!ok)
				printf("#   round %d key %d (op %u, result %d): text differs\n", round,
				       k, r, (int)res);
			if (!ok || !invariants_ok(te, w, h)) {
				char *t = textedit_text(te);

				printf("#   round %d key %d (op %u) w %d h %d pos %zu: [%s]\n", round,
				       k, r, w, h, textedit_pos(te), t);
				free(t);
				bad = 1;
			}
			CHECK(textedit_len(te) <= MAX);
		}
		/* The layout from scratch equals the one built key by key. */
		{
			char *t = textedit_text(te), *l1 = layout(te), *l2;
			struct textedit *fresh = mk(t, MAX, w, h);

			l2 = layout(fresh);
			CHECK_STR(l1, l2);
			free(t);
			free(l1);
			free(l2);
			textedit_free(fresh);
		}
		textedit_free(te);
	}
	CHECK(!bad);
	CHECK_INT(keys, 60 * 800);
}

int main(void)
{
	TEST_RUN(test_wrap_table);
	TEST_RUN(test_typing_matches_loading);
	TEST_RUN(test_typing_chinese);
	TEST_RUN(test_updown_goal_column);
	TEST_RUN(test_updown_wrapped);
	TEST_RUN(test_delete);
	TEST_RUN(test_clusters);
	TEST_RUN(test_maxlen);
	TEST_RUN(test_load);
	TEST_RUN(test_resize);
	TEST_RUN(test_scroll);
	TEST_RUN(test_long_text);
	TEST_RUN(test_random_keys);
	return test_done();
}
