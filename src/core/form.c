/* form.c - the form-file parser and printer (contract in form.h, format in docs/forms.md). */
#include "form.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ERRORS 20
#define DEFAULT_WIDTH 40
#define DEFAULT_MAXLEN 2000
#define DEFAULT_GROUP_MAX 100
#define MAX_ID_LEN 64
#define MAX_FORM_FILE (16 * 1024 * 1024)

static const char *const type_names[FT__COUNT] = {
	"text", "longtext", "count", "phone", "mobile", "email",
	"wechat", "date", "daterange", "choice", "multi", "yesno",
};

static const char type_list[] =
	"text longtext count phone mobile email wechat date daterange choice multi yesno";
static const char attr_list[] =
	"required unit today other width= max= options= suggest= hint= label=";
static const char directive_list[] =
	"form version year attachment title name subtitle due send note "
	"section text field line group end";

/* Names as written in form files, so that messages and form_print agree with the parser. */
const char *form_type_name(enum field_type t)
{
	if ((int)t < 0 || t >= FT__COUNT)
		return "?";
	return type_names[t];
}

/* The header directives, in the order form_print writes them. */
enum header {
	H_FORM, H_VERSION, H_YEAR, H_ATTACHMENT, H_TITLE, H_NAME, H_SUBTITLE, H_DUE, H_SEND,
	H_NOTE, H__COUNT
};

static const char *const header_names[H__COUNT] = {
	"form", "version", "year", "attachment", "title", "name", "subtitle", "due", "send", "note",
};

/* One token of a directive: a plain word or quoted string, or KEY=VALUE. */
struct token {
	const char *key;	/* NULL for a plain token */
	const char *val;	/* the value (unquoted), or the whole plain token */
	const char *raw;	/* the token as a positional argument (key=value kept whole) */
	int quoted;
};

/* The tokens of one directive; their strings all live in one block, freed with it. */
struct tokens {
	struct token *v;
	int n;
	char *mem;
};

/* Parser state; everything it owns is in f until the end. */
struct parser {
	const char *name;
	struct form *f;
	struct strbuf err;
	int nerr;
	int lineno;
	int nlines;
	int seen[H__COUNT];	/* line of each header directive, 0 when not seen */
	int layout;		/* a layout directive has been seen */
	int group;		/* open group, or -1 */
	int ntop;		/* top-level fields so far (for gpos) */
};

/*
 * Grow an array so that it can hold n + 1 elements; capacity is 8, then the next power
 * of two: most arrays of a form stay under 8 and are never moved.
 */
static void *grow(void *p, int n, size_t size)
{
	if (n == 0)
		return xreallocarray(p, 8, size);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xreallocarray(p, (size_t)n * 2, size);
	return p;
}

/* Record one error at the current line; at most MAX_ERRORS are kept. */
static void perr(struct parser *ps, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void perr(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (ps->nerr >= MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ps->err.len > 0)
		strbuf_addc(&ps->err, '\n');
	strbuf_addf(&ps->err, "%s:%d: %s", ps->name, line, msg);
	free(msg);
	ps->nerr++;
}

/*
 * Length of the well-formed UTF-8 sequence at s, with n >= 1 bytes left: 1 to 4, or 0
 * when there is none (an overlong form, a surrogate, a code point above U+10FFFF, a
 * stray or missing continuation byte). The ranges are those of Unicode table 3-7.
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4;
	else
		return 0;
	if (n < k)
		return 0;
	/* The second byte alone rules out overlongs, surrogates and code points too high. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t j = 2; j < k; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* Strict UTF-8 check of n bytes (no overlongs, no surrogates, nothing above U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq(s + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * True when a line needs none of form_parse's byte checks (NUL, encoding, control
 * characters): printable ASCII, tabs and well-formed UTF-8 only. Nearly every line is
 * like that, and one pass over it costs a third of the three checks.
 */
static int line_plain(const unsigned char *s, const unsigned char *e)
{
	while (s < e) {
		size_t k;

		if ((*s >= 0x20 && *s < 0x7F) || *s == '\t') {
			s++;
			continue;
		}
		if (*s < 0x80)
			return 0;
		/* Chinese characters: a lead byte E1-EF but ED (whose range is narrower),
		 * then any two continuation bytes; utf8_seq says the same, at more cost. */
		if (*s >= 0xE1 && *s <= 0xEF && *s != 0xED && e - s >= 3 &&
		    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
			s += 3;
			continue;
		}
		k = utf8_seq(s, (size_t)(e - s));
		if (k == 0)
			return 0;
		s += k;
	}
	return 1;
}

/* Decode one code point of valid UTF-8 (the parser checked it); returns its length. */
static size_t utf8_get(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xE0 && u[1] != 0) {
		*cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if (u[0] < 0xF0 && u[1] != 0 && u[2] != 0) {
		*cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		      (u[2] & 0x3F);
		return 3;
	}
	if (u[1] != 0 && u[2] != 0 && u[3] != 0) {
		*cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
		      ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Only ASCII blanks separate words; U+3000 belongs to the Chinese text. */
static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character after the blanks that separate words. */
static const char *skip_space(const char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/* An id is ASCII [a-z][a-z0-9_]*, at most MAX_ID_LEN bytes. */
static int id_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL || !(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return n <= MAX_ID_LEN;
}

/* A small whole number written in ASCII digits only; -1 when not one. */
static long parse_uint(const char *s, long max)
{
	long v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* Free the tokens of one directive. */
static void tokens_free(struct tokens *tk)
{
	free(tk->v);
	free(tk->mem);
	tk->v = NULL;
	tk->mem = NULL;
	tk->n = 0;
}

/* Copy s[0..n) as a string to the block at *mem; returns the copy. */
static const char *tok_str(char **mem, const char *s, size_t n)
{
	char *d = *mem;

	memcpy(d, s, n);
	d[n] = '\0';
	*mem = d + n + 1;
	return d;
}

/*
 * Copy the double-quoted string starting at *p (on the quote), without its quotes and
 * escapes, to the block at *mem as *out; 0 on success, -1 when it is not closed.
 */
static int read_quoted(const char **p, const char *end, char **mem, const char **out)
{
	const char *s = *p + 1;
	char *d = *mem;

	*out = d;
	while (s < end && *s != '"') {
		const char *run = s;

		while (s < end && *s != '"' && *s != '\\')
			s++;
		memcpy(d, run, (size_t)(s - run));
		d += s - run;
		if (s < end && *s == '\\') {
			if (s + 1 < end && (s[1] == '"' || s[1] == '\\'))
				s++;
			*d++ = *s++;
		}
	}
	if (s >= end)
		return -1;
	*d++ = '\0';
	*mem = d;
	*p = s + 1;
	return 0;
}

/*
 * Split the string s into tokens separated by spaces: plain words, "quoted strings",
 * KEY=VALUE and KEY="quoted value". Returns the count, or -1 with an error reported
 * (then *out holds nothing). Free *out with tokens_free.
 */
static int tokenize(struct parser *ps, const char *s, struct tokens *out)
{
	size_t len = strlen(s);
	const char *end = s + len;
	struct token *t = NULL;
	char *mem;
	int n = 0, cap = 0;

	/*
	 * Every token ends at a blank or the end, and keeps at most 3 bytes per byte it
	 * spans: KEY=VALUE is the worst, with KEY, VALUE and the whole, each with its NUL
	 * (2 * len + 2 for a token of len >= 2 bytes). A plain token's raw is its val.
	 */
	out->mem = mem = xmalloc(3 * len + 1);
	out->v = NULL;
	out->n = 0;
	for (;;) {
		struct token tk = { NULL, NULL, NULL, 0 };
		const char *start;

		while (s < end && is_space(*s))
			s++;
		if (s >= end)
			break;
		start = s;
		if (*s == '"') {
			if (read_quoted(&s, end, &mem, &tk.val) != 0)
				goto unclosed;
			tk.quoted = 1;
			tk.raw = tk.val;
		} else {
			const char *eq;

			/* Up to a blank, a quote or the end (the NUL at end). */
			s += strcspn(s, " \t\"");
			eq = memchr(start, '=', (size_t)(s - start));
			if (eq != NULL && eq > start) {
				tk.key = tok_str(&mem, start, (size_t)(eq - start));
				if (s < end && *s == '"' && s == eq + 1) {
					if (read_quoted(&s, end, &mem, &tk.val) != 0)
						goto unclosed;
					tk.quoted = 1;
				} else {
					s += strcspn(s, " \t");
					tk.val = tok_str(&mem, eq + 1, (size_t)(s - eq - 1));
				}
				tk.raw = tok_str(&mem, start, (size_t)(s - start));
			} else {
				s += strcspn(s, " \t");
				tk.val = tk.raw = tok_str(&mem, start, (size_t)(s - start));
			}
		}
		if (s < end && !is_space(*s)) {
			perr(ps, ps->lineno, "引号后面应是空格：%.*s", (int)(end - start), start);
			goto fail;
		}
		if (n == cap) {
			cap = cap == 0 ? 8 : 2 * cap;
			t = xreallocarray(t, (size_t)cap, sizeof *t);
		}
		t[n++] = tk;
		continue;
unclosed:
		perr(ps, ps->lineno, "引号没有闭合：%.*s", (int)(end - start), start);
		goto fail;
	}
	out->v = t;
	out->n = n;
	return n;
fail:
	free(t);
	tokens_free(out);
	return -1;
}

/* Split A|B|C into a new array of trimmed parts; an empty part is an error (returns -1). */
static int split_list(const char *s, char ***out)
{
	char **v = NULL;
	int n = 0;
	const char *p = s;

	*out = NULL;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char *item = str_trim(xstrndup(p, len));

		if (*item == '\0') {
			free(item);
			for (int i = 0; i < n; i++)
				free(v[i]);
			free(v);
			return -1;
		}
		v = grow(v, n, sizeof *v);
		v[n++] = item;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	*out = v;
	return n;
}

/* Free an option or suggestion list. */
static void list_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free what a field owns, for a field that is dropped or freed with its form. */
static void field_clear(struct form_field *fl)
{
	free(fl->id);
	free(fl->label);
	list_free(fl->options, fl->noptions);
	list_free(fl->suggest, fl->nsuggest);
	free(fl->hint);
}

/* Free a layout, top-level or of one group. */
static void items_free(struct form_item *items, int n)
{
	for (int i = 0; i < n; i++) {
		free(items[i].id);
		free(items[i].text);
		for (int k = 0; k < items[i].nsegs; k++)
			free(items[i].segs[k].text);
		free(items[i].segs);
	}
	free(items);
}

/* Also frees a form half built by the parser (every pointer NULL or owned). */
void form_free(struct form *f)
{
	if (f == NULL)
		return;
	free(f->path);
	free(f->id);
	free(f->version);
	free(f->attachment);
	free(f->title);
	free(f->name);
	free(f->subtitle);
	free(f->due);
	free(f->send);
	list_free(f->notes, f->nnotes);
	for (int i = 0; i < f->nfields; i++)
		field_clear(&f->fields[i]);
	free(f->fields);
	items_free(f->items, f->nitems);
	for (int g = 0; g < f->ngroups; g++) {
		free(f->groups[g].id);
		free(f->groups[g].label);
		free(f->groups[g].title_field);
		items_free(f->groups[g].items, f->groups[g].nitems);
		free(f->groups[g].fields);
	}
	free(f->groups);
	free(f);
}

/* A linear search: forms have tens of fields, and ids are looked up rarely. */
int form_field_index(const struct form *f, const char *id)
{
	if (f == NULL || id == NULL)
		return -1;
	for (int i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].id, id) == 0)
			return i;
	return -1;
}

/* As form_field_index, for groups. */
int form_group_index(const struct form *f, const char *id)
{
	if (f == NULL || id == NULL)
		return -1;
	for (int i = 0; i < f->ngroups; i++)
		if (strcmp(f->groups[i].id, id) == 0)
			return i;
	return -1;
}

/* The same string: most names differ in their first byte, which is compared inline. */
static int same_str(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Line where id is already used by a field, group or section, or 0. */
static int id_used(const struct form *f, const char *id)
{
	for (int i = 0; i < f->nfields; i++)
		if (same_str(f->fields[i].id, id))
			return f->fields[i].line;
	for (int g = 0; g < f->ngroups; g++) {
		if (same_str(f->groups[g].id, id))
			return f->groups[g].line;
		for (int i = 0; i < f->groups[g].nitems; i++)
			if (f->groups[g].items[i].id != NULL &&
			    same_str(f->groups[g].items[i].id, id))
				return f->groups[g].items[i].line;
	}
	for (int i = 0; i < f->nitems; i++)
		if (f->items[i].id != NULL && same_str(f->items[i].id, id))
			return f->items[i].line;
	return 0;
}

/* Check a new id: valid and not yet used; reports and returns -1 otherwise. */
static int id_check(struct parser *ps, const char *id)
{
	int other;

	if (!id_valid(id)) {
		perr(ps, ps->lineno, "标识 \"%s\" 无效：只能用小写英文字母、数字和下划线，"
				     "以字母开头，最长 %d 个字符", id, MAX_ID_LEN);
		return -1;
	}
	other = id_used(ps->f, id);
	if (other > 0) {
		perr(ps, ps->lineno, "标识 \"%s\" 已在第 %d 行用过，标识在整个表单中不能重复", id,
		     other);
		return -1;
	}
	return 0;
}

/* Line of the field that already has this label, or 0. */
static int label_used(const struct form *f, const char *label)
{
	for (int i = 0; i < f->nfields; i++)
		if (same_str(f->fields[i].label, label))
			return f->fields[i].line;
	return 0;
}

/* The fixed columns of the CSV export (export.h): no field may be headed like them. */
static const char *const reserved_labels[] = {
	"填报单位", "表单编号", "表单版本", "提交编号", "修订号", "序号",
};

/* A field headed like a fixed column would make the CSV ambiguous. */
static int label_reserved(const char *label)
{
	for (size_t i = 0; i < sizeof reserved_labels / sizeof reserved_labels[0]; i++)
		if (strcmp(reserved_labels[i], label) == 0)
			return 1;
	return 0;
}

/* Report a label that is taken by another field or by a fixed CSV column. */
static int label_check(struct parser *ps, const char *label, const char *blank_id)
{
	int other;

	if (label_reserved(label)) {
		perr(ps, ps->lineno, "标签 \"%s\" 是导出表格的固定列名，请换一个（例如 %s名称）%s",
		     label, label, blank_id != NULL ? "，用 label=… 写出" : "");
		return -1;
	}
	other = label_used(ps->f, label);
	if (other > 0 && blank_id != NULL) {
		perr(ps, ps->lineno, "空格 %s 的标签 \"%s\" 已在第 %d 行用过，"
				     "请用 label=… 给它一个不同的标签", blank_id, label, other);
		return -1;
	}
	if (other > 0) {
		perr(ps, ps->lineno, "标签 \"%s\" 已在第 %d 行用过，标签在整个表单中不能重复"
				     "（它们是导出表格的列名）", label, other);
		return -1;
	}
	return 0;
}

/* FT__COUNT for an unknown type name. */
static enum field_type type_lookup(const char *s)
{
	for (int t = 0; t < FT__COUNT; t++)
		if (strcmp(type_names[t], s) == 0)
			return (enum field_type)t;
	return FT__COUNT;
}

/* The attributes of a field; the flags (no value) come first. */
enum attr {
	A_REQUIRED, A_UNIT, A_TODAY, A_OTHER, A_WIDTH, A_MAX, A_OPTIONS, A_SUGGEST, A_HINT,
	A_LABEL, A__COUNT
};

static const char *const attr_names[A__COUNT] = {
	"required", "unit", "today", "other", "width", "max", "options", "suggest", "hint",
	"label",
};

/* The attribute named attr, or -1: unknown attributes are errors, so that a typo never
 * passes silently. */
static int attr_lookup(const char *attr)
{
	for (int a = 0; a < A__COUNT; a++)
		if (attr_names[a][0] == attr[0] && strcmp(attr_names[a], attr) == 0)
			return a;
	return -1;
}

/* Which attributes a type accepts. */
static int attr_allowed(enum field_type t, enum attr a)
{
	switch (a) {
	case A_REQUIRED:
	case A_HINT:
		return 1;
	case A_UNIT:
	case A_SUGGEST:
		return t == FT_TEXT;
	case A_TODAY:
		return t == FT_DATE || t == FT_DATERANGE;
	case A_OTHER:
		return t == FT_MULTI;
	case A_OPTIONS:
		return t == FT_CHOICE || t == FT_MULTI;
	case A_MAX:
		return t == FT_LONGTEXT;
	case A_WIDTH:
		return t != FT_LONGTEXT && t != FT_MULTI && t != FT_YESNO;
	case A_LABEL:
	case A__COUNT:
		break;
	}
	return 0;
}

/* See attr_lookup. */
static int attr_known(const char *attr)
{
	return attr_lookup(attr) >= 0;
}

/* Flags take no value: required=1 is refused rather than guessed. */
static int attr_is_flag(const char *attr)
{
	int a = attr_lookup(attr);

	return a >= A_REQUIRED && a <= A_OTHER;
}

/* Validate option values: no 、 (it joins chosen options), no duplicates. */
static int options_check(struct parser *ps, const struct form_field *fl)
{
	for (int i = 0; i < fl->noptions; i++) {
		if (strstr(fl->options[i], "、") != NULL) {
			perr(ps, ps->lineno, "选项 \"%s\" 中不能有顿号“、”（它用来连接多个选项）",
			     fl->options[i]);
			return -1;
		}
		if (fl->other && (strcmp(fl->options[i], "其他") == 0 ||
				  str_starts(fl->options[i], "其他："))) {
			perr(ps, ps->lineno, "已写 other 时选项中不能再有 \"%s\"", fl->options[i]);
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(fl->options[i], fl->options[k]) == 0) {
				perr(ps, ps->lineno, "选项 \"%s\" 重复", fl->options[i]);
				return -1;
			}
	}
	return 0;
}

/*
 * Fill fl from the attribute tokens t[0..n) for a field of type fl->type; in_line
 * allows label=. Returns -1 (errors reported) when any attribute is wrong.
 */
static int field_attrs(struct parser *ps, struct form_field *fl, const struct token *t, int n,
		       int in_line)
{
	int bad = 0;
	unsigned seen = 0;	/* bit a: attribute a was written */

	for (int i = 0; i < n; i++) {
		const char *key = t[i].key != NULL ? t[i].key : t[i].val;
		int a, flag;

		if (t[i].key == NULL && t[i].quoted) {
			perr(ps, ps->lineno, "多余的文字 \"%s\"（带空格的值要写成 属性=\"…\"）",
			     t[i].val);
			bad = 1;
			continue;
		}
		a = attr_lookup(key);
		if (a < 0) {
			perr(ps, ps->lineno, "未知的属性 \"%s\"（可用：%s）", key, attr_list);
			bad = 1;
			continue;
		}
		if (seen & (1u << a)) {
			perr(ps, ps->lineno, "属性 %s 写了两次", key);
			bad = 1;
			continue;
		}
		seen |= 1u << a;
		flag = a <= A_OTHER;
		if (flag && t[i].key != NULL) {
			perr(ps, ps->lineno, "属性 %s 不带值，只写 %s", key, key);
			bad = 1;
			continue;
		}
		if (!flag && t[i].key == NULL) {
			perr(ps, ps->lineno, "属性 %s 需要一个值：%s=…", key, key);
			bad = 1;
			continue;
		}
		if (a == A_LABEL) {
			if (!in_line) {
				perr(ps, ps->lineno,
				     "label= 只用于句中的空格；field 的标签写在类型后面");
				bad = 1;
			} else if (str_blank(t[i].val)) {
				perr(ps, ps->lineno, "label= 的值不能为空");
				bad = 1;
			} else {
				free(fl->label);
				fl->label = xstrdup(t[i].val);
			}
			continue;
		}
		if (!attr_allowed(fl->type, (enum attr)a)) {
			perr(ps, ps->lineno, "属性 %s 不能用于 %s 类型的字段", key,
			     form_type_name(fl->type));
			bad = 1;
			continue;
		}
		if (a == A_REQUIRED) {
			fl->required = 1;
		} else if (a == A_UNIT) {
			fl->unit = 1;
		} else if (a == A_TODAY) {
			fl->today = 1;
		} else if (a == A_OTHER) {
			fl->other = 1;
		} else if (a == A_WIDTH) {
			long v = parse_uint(t[i].val, 1000);

			if (v < 1 || v > 200) {
				perr(ps, ps->lineno,
				     "width= 应为 1 到 200 之间的整数，而不是 \"%s\"", t[i].val);
				bad = 1;
			} else {
				fl->width = (int)v;
			}
		} else if (a == A_MAX) {
			long v = parse_uint(t[i].val, 10000000);

			if (v < 1 || v > 100000) {
				perr(ps, ps->lineno,
				     "max= 应为 1 到 100000 之间的整数，而不是 \"%s\"", t[i].val);
				bad = 1;
			} else {
				fl->maxlen = (int)v;
			}
		} else if (a == A_OPTIONS || a == A_SUGGEST) {
			char **v;
			int nv = split_list(t[i].val, &v);

			if (nv < 0) {
				perr(ps, ps->lineno, "%s= 中有空的选项（写法：%s=甲|乙|丙）", key,
				     key);
				bad = 1;
			} else if (a == A_OPTIONS) {
				fl->options = v;
				fl->noptions = nv;
			} else {
				fl->suggest = v;
				fl->nsuggest = nv;
			}
		} else if (a == A_HINT) {
			fl->hint = xstrdup(t[i].val);
		}
	}
	if (bad)
		return -1;
	if ((fl->type == FT_CHOICE || fl->type == FT_MULTI) && fl->noptions == 0) {
		perr(ps, ps->lineno, "%s 类型的字段需要 options=甲|乙|…", form_type_name(fl->type));
		return -1;
	}
	return options_check(ps, fl);
}

/* Add a finished field to the form (taking its strings); returns its index. */
static int field_add(struct parser *ps, struct form_field *fl)
{
	struct form *f = ps->f;

	fl->line = ps->lineno;
	fl->group = ps->group;
	if (ps->group >= 0) {
		struct form_group *g = &f->groups[ps->group];

		fl->gpos = g->nfields;
		g->fields = grow(g->fields, g->nfields, sizeof *g->fields);
		g->fields[g->nfields++] = f->nfields;
	} else {
		fl->gpos = ps->ntop++;
	}
	f->fields = grow(f->fields, f->nfields, sizeof *f->fields);
	f->fields[f->nfields] = *fl;
	return f->nfields++;
}

/* A new layout item in the open group or at the top level. */
static struct form_item *item_add(struct parser *ps, enum item_kind kind)
{
	struct form_item **items;
	int *n;
	struct form_item *it;

	if (ps->group >= 0) {
		items = &ps->f->groups[ps->group].items;
		n = &ps->f->groups[ps->group].nitems;
	} else {
		items = &ps->f->items;
		n = &ps->f->nitems;
	}
	*items = grow(*items, *n, sizeof **items);
	it = &(*items)[(*n)++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->field = -1;
	it->group = -1;
	it->line = ps->lineno;
	return it;
}

/* A blank field with the defaults of the format. */
static void field_init(struct form_field *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->width = DEFAULT_WIDTH;
	fl->maxlen = DEFAULT_MAXLEN;
	fl->group = -1;
}

/* The "ID TYPE" that both a field line and a blank start with; FT__COUNT with the
 * error reported when either is wrong. */
static enum field_type id_type_parse(struct parser *ps, const struct token *t)
{
	enum field_type type;

	if (t[0].quoted || id_check(ps, t[0].raw) != 0) {
		if (t[0].quoted)
			perr(ps, ps->lineno, "标识不能加引号");
		return FT__COUNT;
	}
	type = type_lookup(t[1].raw);
	if (type == FT__COUNT)
		perr(ps, ps->lineno, "未知的字段类型 \"%s\"（可用：%s）", t[1].raw, type_list);
	return type;
}

/* field ID TYPE LABEL [ATTR...] */
static void parse_field(struct parser *ps, const char *rest)
{
	struct tokens tk;
	int n = tokenize(ps, rest, &tk);
	const struct token *t = tk.v;
	struct form_field fl;
	enum field_type type;

	if (n < 0)
		return;
	field_init(&fl);
	if (n < 3) {
		perr(ps, ps->lineno, "field 后面应写：标识 类型 标签 [属性…]");
		goto out;
	}
	type = id_type_parse(ps, t);
	if (type == FT__COUNT)
		goto out;
	if ((t[2].key != NULL && attr_known(t[2].key)) ||
	    (!t[2].quoted && attr_is_flag(t[2].raw))) {
		perr(ps, ps->lineno, "field %s 缺少标签：标签写在类型后面，例如 field %s %s 姓名",
		     t[0].raw, t[0].raw, t[1].raw);
		goto out;
	}
	if (str_blank(t[2].raw)) {
		perr(ps, ps->lineno, "字段 %s 的标签不能为空", t[0].raw);
		goto out;
	}
	fl.type = type;
	if (field_attrs(ps, &fl, t + 3, n - 3, 0) != 0)
		goto out;
	if (label_check(ps, t[2].raw, NULL) != 0)
		goto out;
	fl.id = xstrdup(t[0].raw);
	fl.label = xstrdup(t[2].raw);
	item_add(ps, IT_FIELD)->field = field_add(ps, &fl);
	tokens_free(&tk);
	return;
out:
	field_clear(&fl);
	tokens_free(&tk);
}

/* Punctuation that ends the phrase a derived label is taken from. */
static int is_stop(uint32_t cp)
{
	static const uint32_t stops[] = {
		0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0x3001, 0xFF01, 0xFF1F, ',', '.', ';', ':', '!',
		'?',
	};

	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
		if (stops[i] == cp)
			return 1;
	return 0;
}

/* Brackets around a blank, full-width or ASCII, are not part of its label. */
static int is_open_bracket(uint32_t cp)
{
	return cp == 0xFF08 || cp == '(' || cp == '[' || cp == 0x3010;
}

/* See is_open_bracket. */
static int is_close_bracket(uint32_t cp)
{
	return cp == 0xFF09 || cp == ')' || cp == ']' || cp == 0x3011;
}

/* Spaces inside sentences, including the ideographic space. */
static int is_wspace(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Start of the code point that ends just before s + n (s is valid UTF-8). */
static size_t utf8_prev(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	n--;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * Label of a blank without label=: the phrase before it (back to the previous
 * punctuation, without the opening bracket and a colon) plus the unit word after
 * it (up to the next punctuation, bracket or space). NULL when that is empty.
 */
static char *label_derive(const char *before, const char *after)
{
	struct strbuf sb = STRBUF_INIT;
	size_t end, start;
	uint32_t cp;
	int stripped_bracket = 0;

	if (before != NULL) {
		end = strlen(before);
		for (;;) {
			size_t p = utf8_prev(before, end);

			if (end == 0)
				break;
			utf8_get(before + p, &cp);
			if (is_wspace(cp) || cp == 0xFF1A || cp == ':') {
				end = p;
			} else if (is_open_bracket(cp) && !stripped_bracket) {
				stripped_bracket = 1;
				end = p;
			} else {
				break;
			}
		}
		start = end;
		while (start > 0) {
			size_t p = utf8_prev(before, start);

			utf8_get(before + p, &cp);
			if (is_stop(cp))
				break;
			start = p;
		}
		/* What follows an earlier blank begins with its closing bracket: drop it. */
		while (start < end) {
			size_t k = utf8_get(before + start, &cp);

			if (!is_wspace(cp) && !is_close_bracket(cp))
				break;
			start += k;
		}
		strbuf_add(&sb, before + start, end - start);
	}
	if (after != NULL) {
		const char *s = after;
		int stripped_close = 0;

		for (;;) {
			size_t k;

			if (*s == '\0')
				break;
			k = utf8_get(s, &cp);
			if (is_wspace(cp) || (is_close_bracket(cp) && !stripped_close)) {
				if (is_close_bracket(cp))
					stripped_close = 1;
				s += k;
			} else {
				break;
			}
		}
		start = 0;
		while (s[start] != '\0') {
			size_t k = utf8_get(s + start, &cp);

			if (is_stop(cp) || is_wspace(cp) || is_open_bracket(cp) ||
			    is_close_bracket(cp))
				break;
			start += k;
		}
		strbuf_add(&sb, s, start);
	}
	if (sb.len == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* One piece of a sentence while it is parsed: text, or the inside of a {blank}. */
struct piece {
	char *text;
	int blank;
};

/*
 * Split a sentence into text and blanks: {ID TYPE ATTR...} is a blank, {{ and }}
 * are literal braces. Returns the count, or -1 with an error reported.
 */
static int sentence_split(struct parser *ps, const char *s, struct piece **out)
{
	struct piece *pc = NULL;
	int n = 0;
	struct strbuf sb = STRBUF_INIT;

	*out = NULL;
	while (*s != '\0') {
		if (s[0] == '{' && s[1] == '{') {
			strbuf_addc(&sb, '{');
			s += 2;
		} else if (s[0] == '}' && s[1] == '}') {
			strbuf_addc(&sb, '}');
			s += 2;
		} else if (*s == '}') {
			perr(ps, ps->lineno,
			     "句中多了一个 }（没有对应的 {；要写字面的 } 请写 }}）");
			goto fail;
		} else if (*s == '{') {
			const char *p = s + 1;
			int quote = 0;

			while (*p != '\0') {
				/* Only these four characters matter inside a blank. */
				p += strcspn(p, "\\\"{}");
				if (*p == '\0')
					break;
				if (quote && *p == '\\' && p[1] != '\0')
					p++;
				else if (*p == '"')
					quote = !quote;
				else if (!quote && (*p == '}' || *p == '{'))
					break;
				p++;
			}
			if (*p != '}') {
				perr(ps, ps->lineno,
				     "句中的 { 没有用 } 结束（空格写成 {标识 类型 …}；"
				     "要写字面的 { 请写 {{）");
				goto fail;
			}
			if (sb.len > 0) {
				pc = grow(pc, n, sizeof *pc);
				pc[n].text = strbuf_detach(&sb);
				pc[n++].blank = 0;
			}
			pc = grow(pc, n, sizeof *pc);
			pc[n].text = xstrndup(s + 1, (size_t)(p - s - 1));
			pc[n++].blank = 1;
			s = p + 1;
		} else {
			const char *run = s;

			/* Plain text up to the next brace, in one piece. */
			while (*s != '\0' && *s != '{' && *s != '}')
				s++;
			strbuf_add(&sb, run, (size_t)(s - run));
		}
	}
	if (sb.len > 0) {
		pc = grow(pc, n, sizeof *pc);
		pc[n].text = strbuf_detach(&sb);
		pc[n++].blank = 0;
	}
	*out = pc;
	return n;
fail:
	strbuf_free(&sb);
	for (int i = 0; i < n; i++)
		free(pc[i].text);
	free(pc);
	return -1;
}

/* Parse the inside of one blank into fl; -1 with errors reported. */
static int blank_parse(struct parser *ps, const char *inner, const char *before,
		       const char *after, struct form_field *fl)
{
	struct tokens tk;
	int n = tokenize(ps, inner, &tk);
	const struct token *t = tk.v;
	enum field_type type;
	int rc = -1;

	field_init(fl);
	if (n < 0)
		return -1;
	if (n < 2) {
		perr(ps, ps->lineno, "空格 {%s} 应写成 {标识 类型 [属性…]}", inner);
		goto out;
	}
	type = id_type_parse(ps, t);
	if (type == FT__COUNT)
		goto out;
	fl->type = type;
	fl->id = xstrdup(t[0].raw);
	if (field_attrs(ps, fl, t + 2, n - 2, 1) != 0)
		goto out;
	if (fl->label == NULL) {
		fl->label = label_derive(before, after);
		if (fl->label == NULL) {
			perr(ps, ps->lineno, "无法从句子为空格 %s 推出标签，请写 label=…", fl->id);
			goto out;
		}
	}
	rc = 0;
out:
	tokens_free(&tk);
	return rc;
}

/* line SENTENCE: text with {blanks}; a sentence without blanks is read-only. */
static void parse_line(struct parser *ps, const char *rest)
{
	struct piece *pc;
	int n = sentence_split(ps, rest, &pc);
	struct form_seg *segs = NULL;
	int nsegs = 0, bad = 0;
	struct form_item *it;

	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		struct form_field fl;
		const char *before, *after;

		if (!pc[i].blank) {
			segs = grow(segs, nsegs, sizeof *segs);
			segs[nsegs].text = pc[i].text;
			segs[nsegs++].field = -1;
			pc[i].text = NULL;
			continue;
		}
		/* A text piece has just been moved to the last segment. */
		before = i > 0 && !pc[i - 1].blank ? segs[nsegs - 1].text : NULL;
		after = i + 1 < n && !pc[i + 1].blank ? pc[i + 1].text : NULL;
		if (blank_parse(ps, pc[i].text, before, after, &fl) != 0) {
			field_clear(&fl);
			bad = 1;
			continue;
		}
		if (label_check(ps, fl.label, fl.id) != 0) {
			field_clear(&fl);
			bad = 1;
			continue;
		}
		if (bad) {
			field_clear(&fl);
			continue;
		}
		segs = grow(segs, nsegs, sizeof *segs);
		segs[nsegs].text = NULL;
		segs[nsegs++].field = field_add(ps, &fl);
	}
	for (int i = 0; i < n; i++)
		free(pc[i].text);
	free(pc);
	it = item_add(ps, IT_LINE);
	it->segs = segs;
	it->nsegs = nsegs;
}

/* group ID LABEL [min=N] [max=N] [title=FIELDID] */
static void parse_group(struct parser *ps, const char *rest)
{
	struct tokens tk;
	int n = tokenize(ps, rest, &tk);
	const struct token *t = tk.v;
	struct form *f = ps->f;
	struct form_group g;
	int bad = 0;
	long min = 0, max = DEFAULT_GROUP_MAX;
	const char *title = NULL;
	struct form_item *it;

	if (n < 0)
		return;
	if (n < 2 || (t[1].key != NULL && !t[1].quoted)) {
		perr(ps, ps->lineno, "group 后面应写：标识 标签 [min=N] [max=N] [title=字段标识]");
		goto out;
	}
	if (t[0].quoted || id_check(ps, t[0].raw) != 0) {
		if (t[0].quoted)
			perr(ps, ps->lineno, "标识不能加引号");
		goto out;
	}
	if (str_blank(t[1].raw)) {
		perr(ps, ps->lineno, "重复组 %s 的标签不能为空", t[0].raw);
		goto out;
	}
	for (int i = 2; i < n; i++) {
		const char *k = t[i].key;

		if (k != NULL && (strcmp(k, "min") == 0 || strcmp(k, "max") == 0)) {
			long v = parse_uint(t[i].val, 100000);

			if (v < 0 || v > 10000) {
				perr(ps, ps->lineno,
				     "%s= 应为 0 到 10000 之间的整数，而不是 \"%s\"", k, t[i].val);
				bad = 1;
			} else if (k[1] == 'i') {
				min = v;
			} else {
				max = v;
			}
		} else if (k != NULL && strcmp(k, "title") == 0 && title == NULL) {
			title = t[i].val;
		} else {
			perr(ps, ps->lineno,
			     "group 不认识 \"%s\"（可用：min=N max=N title=字段标识）", t[i].raw);
			bad = 1;
		}
	}
	if (!bad && max < 1) {
		perr(ps, ps->lineno, "重复组 %s 的 max 至少为 1", t[0].raw);
		bad = 1;
	}
	if (!bad && min > max) {
		perr(ps, ps->lineno, "重复组 %s 的 min=%ld 大于 max=%ld", t[0].raw, min, max);
		bad = 1;
	}
	if (bad)
		goto out;
	memset(&g, 0, sizeof g);
	g.id = xstrdup(t[0].raw);
	g.label = xstrdup(t[1].raw);
	g.min = (int)min;
	g.max = (int)max;
	g.title_field = title != NULL ? xstrdup(title) : NULL;
	g.line = ps->lineno;
	it = item_add(ps, IT_GROUP);
	f->groups = grow(f->groups, f->ngroups, sizeof *f->groups);
	f->groups[f->ngroups] = g;
	it->group = f->ngroups;
	ps->group = f->ngroups++;
out:
	tokens_free(&tk);
}

/* Checks when a group is closed (by end, or at the end of the file). */
static void group_close(struct parser *ps)
{
	struct form_group *g = &ps->f->groups[ps->group];

	if (g->nfields == 0)
		perr(ps, g->line, "重复组 %s 中没有字段", g->id);
	if (g->title_field != NULL) {
		int fi = form_field_index(ps->f, g->title_field);

		if (fi < 0 || ps->f->fields[fi].group != ps->group)
			perr(ps, g->line, "title=%s 应是重复组 %s 中的一个字段", g->title_field,
			     g->id);
	}
	ps->group = -1;
}

/* Number in an attachment label: ASCII or full-width digits, or 一…九十九. */
static int attachment_number(const char *s)
{
	static const char *const cn[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八",
					  "九" };

	for (const char *p = s; *p != '\0';) {
		uint32_t cp;
		size_t k = utf8_get(p, &cp);

		if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) {
			long v = 0;

			while (*p != '\0') {
				k = utf8_get(p, &cp);
				if (cp >= '0' && cp <= '9')
					v = v * 10 + (cp - '0');
				else if (cp >= 0xFF10 && cp <= 0xFF19)
					v = v * 10 + (cp - 0xFF10);
				else
					break;
				if (v > 99999)
					return -1;
				p += k;
			}
			return (int)v;
		}
		for (int d = 0; d < 10; d++)
			if (str_starts(p, cn[d]) || str_starts(p, "十") || str_starts(p, "零")) {
				int tens = -1, units = 0, any = 0;

				while (*p != '\0') {
					int digit = -1;

					for (int e = 0; e < 10; e++)
						if (str_starts(p, cn[e]))
							digit = e;
					if (str_starts(p, "零"))
						digit = 0;
					if (digit >= 0) {
						units = units * 10 + digit;
						if (units > 99)
							return -1;
						p += strlen(cn[1]);
					} else if (str_starts(p, "十") && tens < 0) {
						tens = any ? units : 1;
						units = 0;
						p += strlen("十");
					} else {
						break;
					}
					any = 1;
				}
				return tens >= 0 ? tens * 10 + units : units;
			}
		p += k;
	}
	return -1;
}

/* YYYY-MM-DD with a real month and day. */
static int iso_date_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* Versions go into exports and file names: keep them to plain ASCII. */
static int version_valid(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return n >= 1 && n <= 32;
}

/* A header directive with its rest of line (never empty here). */
static void parse_header(struct parser *ps, enum header h, const char *rest)
{
	struct form *f = ps->f;

	if (ps->layout) {
		perr(ps, ps->lineno, "表头指令 %s 应写在所有版面指令（section、text、field、line、"
				     "group）之前", header_names[h]);
		return;
	}
	if (h != H_NOTE && ps->seen[h] > 0) {
		perr(ps, ps->lineno, "%s 写了两次（第 %d 行已有）", header_names[h], ps->seen[h]);
		return;
	}
	/* Marked as seen even when its value is refused: one message is enough. */
	ps->seen[h] = ps->lineno;
	switch (h) {
	case H_FORM:
		if (!id_valid(rest)) {
			perr(ps, ps->lineno,
			     "表单编号 \"%s\" 无效：只能用小写英文字母、数字和下划线，以字母开头",
			     rest);
			return;
		}
		f->id = xstrdup(rest);
		break;
	case H_VERSION:
		if (!version_valid(rest)) {
			perr(ps, ps->lineno, "版本 \"%s\" 无效：只能用英文字母、数字和 . - _，"
					     "例如 2021.1", rest);
			return;
		}
		f->version = xstrdup(rest);
		break;
	case H_YEAR: {
		long y = parse_uint(rest, 99999);

		if (y < 2000 || y > 2100) {
			perr(ps, ps->lineno, "year 应为四位年份，例如 2021，而不是 \"%s\"", rest);
			return;
		}
		f->year = (int)y;
		break;
	}
	case H_ATTACHMENT: {
		int n = attachment_number(rest);

		if (n < 0) {
			perr(ps, ps->lineno, "attachment 中找不到附件编号，应写成 附件1 这样");
			return;
		}
		f->attachment = xstrdup(rest);
		f->order = n;
		break;
	}
	case H_TITLE:
		f->title = xstrdup(rest);
		break;
	case H_NAME:
		f->name = xstrdup(rest);
		break;
	case H_SUBTITLE:
		f->subtitle = xstrdup(rest);
		break;
	case H_DUE:
		if (!iso_date_valid(rest)) {
			perr(ps, ps->lineno, "due 应为 年-月-日 格式的日期，例如 2021-06-05，"
					     "而不是 \"%s\"", rest);
			return;
		}
		f->due = xstrdup(rest);
		break;
	case H_SEND:
		f->send = xstrdup(rest);
		break;
	case H_NOTE:
		f->notes = grow(f->notes, f->nnotes, sizeof *f->notes);
		f->notes[f->nnotes++] = xstrdup(rest);
		break;
	case H__COUNT:
		break;
	}
}

/* One directive line, already checked for encoding and trimmed. */
static void parse_directive(struct parser *ps, const char *line)
{
	const char *p = line, *rest;
	size_t klen;
	char kw[16];

	while (*p != '\0' && !is_space(*p))
		p++;
	klen = (size_t)(p - line);
	rest = skip_space(p);
	if (klen >= sizeof kw) {
		perr(ps, ps->lineno, "未知的指令 \"%.*s\"（可用：%s）", (int)klen, line,
		     directive_list);
		return;
	}
	memcpy(kw, line, klen);
	kw[klen] = '\0';

	if (ps->seen[H_FORM] == 0 && strcmp(kw, "form") != 0 && !ps->layout &&
	    ps->nerr == 0) {
		int any = 0;

		for (int h = 0; h < H__COUNT; h++)
			any |= ps->seen[h];
		if (!any)
			perr(ps, ps->lineno, "第一条指令应是 form（表单编号），例如 form liaison");
	}
	for (int h = 0; h < H__COUNT; h++)
		if (strcmp(kw, header_names[h]) == 0) {
			if (*rest == '\0') {
				perr(ps, ps->lineno, "%s 后面缺少内容", kw);
				return;
			}
			parse_header(ps, (enum header)h, rest);
			return;
		}
	if (strcmp(kw, "end") == 0) {
		if (*rest != '\0')
			perr(ps, ps->lineno, "end 后面不应再有文字");
		else if (ps->group < 0)
			perr(ps, ps->lineno, "多余的 end：前面没有未结束的 group");
		else
			group_close(ps);
		return;
	}
	if (strcmp(kw, "section") != 0 && strcmp(kw, "text") != 0 && strcmp(kw, "field") != 0 &&
	    strcmp(kw, "line") != 0 && strcmp(kw, "group") != 0) {
		perr(ps, ps->lineno, "未知的指令 \"%s\"（可用：%s）", kw, directive_list);
		return;
	}
	ps->layout = 1;
	if (*rest == '\0') {
		perr(ps, ps->lineno, "%s 后面缺少内容", kw);
		return;
	}
	if (strcmp(kw, "section") == 0) {
		char *id = NULL;

		if (str_starts(rest, "id=")) {
			const char *e = rest + 3;

			while (*e != '\0' && !is_space(*e))
				e++;
			id = xstrndup(rest + 3, (size_t)(e - rest - 3));
			rest = skip_space(e);
			if (id_check(ps, id) != 0) {
				free(id);
				return;
			}
			if (*rest == '\0') {
				perr(ps, ps->lineno, "section 缺少标题");
				free(id);
				return;
			}
		}
		struct form_item *it = item_add(ps, IT_SECTION);

		it->id = id;
		it->text = xstrdup(rest);
	} else if (strcmp(kw, "text") == 0) {
		item_add(ps, IT_TEXT)->text = xstrdup(rest);
	} else if (strcmp(kw, "field") == 0) {
		parse_field(ps, rest);
	} else if (strcmp(kw, "line") == 0) {
		parse_line(ps, rest);
	} else if (ps->group >= 0) {
		perr(ps, ps->lineno, "重复组里不能再套重复组（第 %d 行的 group %s 还没有 end）",
		     ps->f->groups[ps->group].line, ps->f->groups[ps->group].id);
	} else {
		parse_group(ps, rest);
	}
}

/* Checks that need the whole file: required header directives, fields, open group. */
static void parse_finish(struct parser *ps)
{
	static const enum header required[] = { H_FORM, H_VERSION, H_YEAR, H_ATTACHMENT,
						H_TITLE, H_NAME };
	int line = ps->seen[H_FORM] > 0 ? ps->seen[H_FORM] : 1;

	if (ps->group >= 0) {
		perr(ps, ps->f->groups[ps->group].line, "group %s 没有用 end 结束",
		     ps->f->groups[ps->group].id);
		group_close(ps);
	}
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (ps->seen[required[i]] == 0)
			perr(ps, line, "缺少 %s 指令（表头必须有 form、version、year、attachment、"
				       "title、name）", header_names[required[i]]);
	if (ps->f->nfields == 0 && ps->nerr == 0)
		perr(ps, line, "表单中没有任何字段（field、line 中的空格或 group）");
}

/* Line by line, collecting errors, so that one run lists everything to fix. */
struct form *form_parse(const char *name, const char *text, size_t len, char **cause)
{
	struct parser ps;
	const char *p, *end;
	struct strbuf line = STRBUF_INIT;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	p = text;
	end = text + len;
	memset(&ps, 0, sizeof ps);
	ps.name = name != NULL ? name : "(form)";
	ps.f = xcalloc(1, sizeof *ps.f);
	ps.group = -1;
	if (cause != NULL)
		*cause = NULL;
	/* A byte-order mark, as Windows Notepad writes it, is skipped. */
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && ps.nerr < MAX_ERRORS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *b = p, *e = nl != NULL ? nl : end, *s;
		int plain;

		ps.lineno++;
		p = nl != NULL ? nl + 1 : end;
		/* A plain line passes all three checks below; only others go through them. */
		plain = line_plain((const unsigned char *)b, (const unsigned char *)e);
		if (!plain && memchr(b, '\0', (size_t)(e - b)) != NULL) {
			perr(&ps, ps.lineno, "这一行含有 NUL 字节，文件可能已损坏或不是文本文件");
			continue;
		}
		if (!plain && !utf8_ok((const unsigned char *)b, (size_t)(e - b))) {
			perr(&ps, ps.lineno, "这一行不是有效的 UTF-8 编码，请把文件另存为 UTF-8");
			continue;
		}
		while (e > b && (is_space(e[-1]) || e[-1] == '\r'))
			e--;
		while (b < e && is_space(*b))
			b++;
		for (s = b; !plain && s < e; s++)
			if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7F)
				break;
		if (!plain && s < e) {
			perr(&ps, ps.lineno, "这一行含有控制字符（0x%02X），请删去",
			     (unsigned)(unsigned char)*s);
			continue;
		}
		if (b == e || *b == '#')
			continue;
		strbuf_reset(&line);
		strbuf_add(&line, b, (size_t)(e - b));
		parse_directive(&ps, line.buf);
	}
	strbuf_free(&line);
	ps.nlines = ps.lineno;
	if (ps.nerr < MAX_ERRORS)
		parse_finish(&ps);
	if (ps.nerr > 0) {
		if (cause != NULL)
			*cause = strbuf_detach(&ps.err);
		strbuf_free(&ps.err);
		form_free(ps.f);
		return NULL;
	}
	strbuf_free(&ps.err);
	ps.f->path = xstrdup(ps.name);
	return ps.f;
}

/* A value that form_parse reads back as one token: quoted when it has to be. */
static void print_value(struct strbuf *out, const char *v)
{
	int quote = *v == '\0' || attr_is_flag(v);

	for (const char *s = v; *s != '\0' && !quote; s++)
		if (is_space(*s) || *s == '"' || *s == '\\' || *s == '{' || *s == '}' ||
		    *s == '=')
			quote = 1;
	if (!quote) {
		strbuf_adds(out, v);
		return;
	}
	strbuf_addc(out, '"');
	for (const char *s = v; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addc(out, '\\');
		strbuf_addc(out, *s);
	}
	strbuf_addc(out, '"');
}

/* KEY=A|B|C, quoted when a value needs it. */
static void print_list(struct strbuf *out, const char *key, char **v, int n)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(&sb, '|');
		strbuf_adds(&sb, v[i]);
	}
	strbuf_addf(out, " %s=", key);
	print_value(out, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* The attributes of a field that differ from the defaults, label= for blanks. */
static void print_attrs(struct strbuf *out, const struct form_field *fl, int blank)
{
	if (fl->required)
		strbuf_adds(out, " required");
	if (fl->unit)
		strbuf_adds(out, " unit");
	if (fl->today)
		strbuf_adds(out, " today");
	if (fl->other)
		strbuf_adds(out, " other");
	if (fl->width != DEFAULT_WIDTH)
		strbuf_addf(out, " width=%d", fl->width);
	if (fl->maxlen != DEFAULT_MAXLEN)
		strbuf_addf(out, " max=%d", fl->maxlen);
	if (fl->noptions > 0)
		print_list(out, "options", fl->options, fl->noptions);
	if (fl->nsuggest > 0)
		print_list(out, "suggest", fl->suggest, fl->nsuggest);
	if (fl->hint != NULL) {
		strbuf_adds(out, " hint=");
		print_value(out, fl->hint);
	}
	if (blank) {
		strbuf_adds(out, " label=");
		print_value(out, fl->label);
	}
}

/* The layout in file syntax; group rows are indented for the reader only. */
static void print_items(const struct form *f, const struct form_item *items, int n,
			const char *indent, struct strbuf *out)
{
	for (int i = 0; i < n; i++) {
		const struct form_item *it = &items[i];

		switch (it->kind) {
		case IT_SECTION:
			if (*indent == '\0' && i > 0)
				strbuf_addc(out, '\n');
			strbuf_addf(out, "%ssection ", indent);
			if (it->id != NULL)
				strbuf_addf(out, "id=%s ", it->id);
			strbuf_addf(out, "%s\n", it->text);
			break;
		case IT_TEXT:
			strbuf_addf(out, "%stext %s\n", indent, it->text);
			break;
		case IT_FIELD: {
			const struct form_field *fl = &f->fields[it->field];

			strbuf_addf(out, "%sfield %s %s ", indent, fl->id,
				    form_type_name(fl->type));
			print_value(out, fl->label);
			print_attrs(out, fl, 0);
			strbuf_addc(out, '\n');
			break;
		}
		case IT_LINE:
			strbuf_addf(out, "%sline ", indent);
			for (int k = 0; k < it->nsegs; k++) {
				const struct form_seg *sg = &it->segs[k];

				if (sg->text != NULL) {
					for (const char *s = sg->text; *s != '\0'; s++) {
						if (*s == '{' || *s == '}')
							strbuf_addc(out, *s);
						strbuf_addc(out, *s);
					}
				} else {
					const struct form_field *fl = &f->fields[sg->field];

					strbuf_addf(out, "{%s %s", fl->id,
						    form_type_name(fl->type));
					print_attrs(out, fl, 1);
					strbuf_addc(out, '}');
				}
			}
			strbuf_addc(out, '\n');
			break;
		case IT_GROUP: {
			const struct form_group *g = &f->groups[it->group];

			strbuf_addf(out, "\ngroup %s ", g->id);
			print_value(out, g->label);
			strbuf_addf(out, " min=%d max=%d", g->min, g->max);
			if (g->title_field != NULL)
				strbuf_addf(out, " title=%s", g->title_field);
			strbuf_addc(out, '\n');
			print_items(f, g->items, g->nitems, "  ", out);
			strbuf_adds(out, "end\n\n");
			break;
		}
		}
	}
}

/* Header first, then the layout: the order the parser demands. */
void form_print(const struct form *f, struct strbuf *out)
{
	strbuf_addf(out, "form %s\nversion %s\nyear %d\nattachment %s\ntitle %s\nname %s\n",
		    f->id, f->version, f->year, f->attachment, f->title, f->name);
	if (f->subtitle != NULL)
		strbuf_addf(out, "subtitle %s\n", f->subtitle);
	if (f->due != NULL)
		strbuf_addf(out, "due %s\n", f->due);
	if (f->send != NULL)
		strbuf_addf(out, "send %s\n", f->send);
	for (int i = 0; i < f->nnotes; i++)
		strbuf_addf(out, "note %s\n", f->notes[i]);
	strbuf_addc(out, '\n');
	print_items(f, f->items, f->nitems, "", out);
}

/* Read a whole file with a Chinese message on failure; plain read(2), no stdio buffer. */
static int read_file(const char *path, char **data, size_t *len, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;
	struct stat st;

	if (fd < 0) {
		int e = errno;

		*cause = xasprintf("%s: 无法打开表单文件：%s", path,
				   e == ENOENT ? "文件不存在" :
				   e == EACCES ? "没有读取权限" : strerror(e));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		*cause = xasprintf("%s: 这是一个目录，不是表单文件", path);
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			strbuf_free(&sb);
			*cause = xasprintf("%s: 读取失败：%s", path, strerror(e));
			return -1;
		}
		strbuf_add(&sb, buf, (size_t)n);
		if (sb.len > MAX_FORM_FILE) {
			close(fd);
			strbuf_free(&sb);
			*cause = xasprintf("%s: 文件太大，不像是表单文件", path);
			return -1;
		}
	}
	close(fd);
	*len = sb.len;
	*data = strbuf_detach(&sb);
	return 0;
}

/* Messages name the path, so that they point at the file to edit. */
struct form *form_load(const char *path, char **cause)
{
	char *data, *dummy = NULL;
	size_t len;
	struct form *f;

	if (cause == NULL)
		cause = &dummy;
	*cause = NULL;
	if (read_file(path, &data, &len, cause) != 0) {
		free(dummy);
		return NULL;
	}
	f = form_parse(path, data, len, cause);
	free(data);
	free(dummy);
	return f;
}

/* Attachment number first (附件1, 附件2 …), then id for a stable order. */
static int form_cmp(const void *a, const void *b)
{
	const struct form *x = *(const struct form *const *)a;
	const struct form *y = *(const struct form *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Files are read in name order, so that messages come in a stable order. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append one message line to *cause. */
static void cause_add(char **cause, const char *msg)
{
	if (*cause == NULL) {
		*cause = xstrdup(msg);
	} else {
		char *s = xasprintf("%s\n%s", *cause, msg);

		free(*cause);
		*cause = s;
	}
}

/* One broken or duplicate file must not hide the other forms. */
int form_load_dir(const char *dir, struct form ***forms, char **cause)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	int nnames = 0, n = 0;
	struct form **v = NULL;
	char *dummy = NULL;

	if (cause == NULL)
		cause = &dummy;
	*cause = NULL;
	*forms = NULL;
	d = opendir(dir);
	if (d == NULL) {
		int e = errno;

		*cause = xasprintf("%s: 无法打开表单目录：%s", dir,
				   e == ENOENT ? "目录不存在" :
				   e == EACCES ? "没有读取权限" : strerror(e));
		free(dummy);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !str_ends(de->d_name, ".form"))
			continue;
		names = grow(names, nnames, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof *names, name_cmp);
	for (int i = 0; i < nnames; i++) {
		char *path = xasprintf("%s%s%s", dir, str_ends(dir, "/") ? "" : "/", names[i]);
		char *msg = NULL;
		struct form *f = form_load(path, &msg);
		int dup = -1;

		if (f != NULL)
			for (int k = 0; k < n; k++)
				if (strcmp(v[k]->id, f->id) == 0)
					dup = k;
		if (f == NULL) {
			cause_add(cause, msg != NULL ? msg : path);
		} else if (dup >= 0) {
			char *m = xasprintf("%s:%d: 表单编号 %s 与 %s 重复，此文件未载入", path, 1,
					    f->id, v[dup]->path);

			cause_add(cause, m);
			free(m);
			form_free(f);
		} else {
			v = grow(v, n, sizeof *v);
			v[n++] = f;
		}
		free(msg);
		free(path);
		free(names[i]);
	}
	free(names);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, form_cmp);
	*forms = v;
	free(dummy);
	return n;
}

/* Frees the forms and the array of form_load_dir. */
void form_list_free(struct form **forms, int n)
{
	for (int i = 0; i < n; i++)
		form_free(forms[i]);
	free(forms);
}
