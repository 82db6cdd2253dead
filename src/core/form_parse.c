/*
 * form_parse.c - the directives, the form header, errors and freeing a form.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "date.h"
#include "text.h"

static const char directive_list[] =
	"form version year attachment title name subtitle due send note columns "
	"section text field line group end guide rule";

static const char *const header_names[H__COUNT] = {
	"form", "version", "year", "attachment", "title", "name", "subtitle", "due", "send", "note",
	"columns",
};

/*
 * Grow an array so that it can hold n + 1 elements; capacity is 8, then the next power
 * of two: most arrays of a form stay under 8 and are never moved.
 */
void *fp_grow(void *p, int n, size_t size)
{
	if (n == 0)
		return xreallocarray(p, 8, size);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xreallocarray(p, (size_t)n * 2, size);
	return p;
}

/* Record one error at the current line; at most MAX_ERRORS are kept. */
void fp_err(struct parser *ps, int line, const char *fmt, ...)
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

/* Record one warning: the form loads, and `tianbiao check` shows it. */
void fp_warn(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (ps->nwarn >= MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ps->warn.len > 0)
		strbuf_addc(&ps->warn, '\n');
	strbuf_addf(&ps->warn, "%s:%d: 提醒：%s", ps->name, line, msg);
	free(msg);
	ps->nwarn++;
}

/* An id is ASCII [a-z][a-z0-9_]*, at most MAX_ID_LEN bytes. */
int fp_id_valid(const char *s)
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
long fp_parse_uint(const char *s, long max)
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

/* Free an option or suggestion list. */
void fp_list_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
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
	free(f->title_lines);
	free(f->name);
	free(f->subtitle);
	free(f->due);
	free(f->send);
	fp_list_free(f->notes, f->nnotes);
	fp_list_free(f->columns, f->ncolumns);
	free(f->note_guide);
	for (int i = 0; i < f->nfields; i++)
		fp_field_clear(&f->fields[i]);
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
	fp_rules_free(f->rules, f->nrules);
	free(f->warnings);
	free(f->field_slots);
	free(f);
}

/* FNV-1a: short ASCII ids and UTF-8 labels spread well enough for a table half full. */
size_t fp_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The fields' ids hashed once a form is read, so that reading a record of N fields
 * (a lookup per field) costs N, not N squared. */
static void field_slots_build(struct form *f)
{
	int cap = 16;

	while (cap < 2 * f->nfields)
		cap *= 2;
	f->field_slots = xmalloc((size_t)cap * sizeof *f->field_slots);
	f->nfield_slots = cap;
	for (int i = 0; i < cap; i++)
		f->field_slots[i] = -1;
	for (int i = 0; i < f->nfields; i++) {
		size_t k = fp_hash(f->fields[i].id) & (size_t)(cap - 1);

		while (f->field_slots[k] >= 0)
			k = (k + 1) & (size_t)(cap - 1);
		f->field_slots[k] = i;
	}
}

/* A hash lookup when the parser built the table, else (a form half built) a search. */
int form_field_index(const struct form *f, const char *id)
{
	if (f == NULL || id == NULL)
		return -1;
	if (f->field_slots != NULL) {
		size_t mask = (size_t)f->nfield_slots - 1;

		for (size_t k = fp_hash(id) & mask; f->field_slots[k] >= 0; k = (k + 1) & mask)
			if (strcmp(f->fields[f->field_slots[k]].id, id) == 0)
				return f->field_slots[k];
		return -1;
	}
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

/* Number in an attachment label: the first ASCII or full-width digits, or 一…九十九. */
static int attachment_number(const char *s)
{
	for (const char *p = s; *p != '\0';) {
		uint32_t cp;
		size_t k = text_decode_str(p, &cp);
		int v;

		if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) {
			long n = 0;

			while (*p != '\0') {
				k = text_decode_str(p, &cp);
				if (cp >= '0' && cp <= '9')
					n = n * 10 + (cp - '0');
				else if (cp >= 0xFF10 && cp <= 0xFF19)
					n = n * 10 + (cp - 0xFF10);
				else
					break;
				if (n > 99999)
					return -1;
				p += k;
			}
			return (int)n;
		}
		if (cnum_read(p, &v) > 0)
			return v;
		p += k;
	}
	return -1;
}

/* A due date: YYYY-MM-DD of a real day, not before 1900. */
static int due_valid(const char *s)
{
	struct date d;

	return date_iso_parse(s, &d) && d.y >= 1900;
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

	/* A note prints under the form: it may stand anywhere, under the layout too. */
	if (ps->layout && h != H_NOTE) {
		fp_err(ps, ps->lineno, "表头指令 %s 应写在所有版面指令（section、text、field、line、"
				     "group）之前（只有 note 可以写在任何地方）", header_names[h]);
		return;
	}
	if (h == H_TITLE && ps->seen[h] > 0 && f->title != NULL) {
		/* A title written on two lines, as a notice prints a long one. */
		char *lines = xasprintf("%s\n%s", f->title_lines != NULL ? f->title_lines : f->title,
					rest);
		char *joined = xasprintf("%s%s", f->title, rest);

		free(f->title_lines);
		free(f->title);
		f->title_lines = lines;
		f->title = joined;
		return;
	}
	if (h != H_NOTE && ps->seen[h] > 0) {
		fp_err(ps, ps->lineno, "%s 写了两次（第 %d 行已有）", header_names[h], ps->seen[h]);
		return;
	}
	/* Marked as seen even when its value is refused: one message is enough. */
	ps->seen[h] = ps->lineno;
	switch (h) {
	case H_FORM:
		if (!fp_id_valid(rest)) {
			fp_err(ps, ps->lineno,
			     "表单编号 \"%s\" 无效：只能用小写英文字母、数字和下划线，以字母开头",
			     rest);
			return;
		}
		f->id = xstrdup(rest);
		break;
	case H_VERSION:
		if (!version_valid(rest)) {
			fp_err(ps, ps->lineno, "版本 \"%s\" 无效：只能用英文字母、数字和 . - _，"
					     "例如 2021.1", rest);
			return;
		}
		f->version = xstrdup(rest);
		break;
	case H_YEAR: {
		long y = fp_parse_uint(rest, 99999);

		if (y < 2000 || y > 2100) {
			fp_err(ps, ps->lineno, "year 应为四位年份，例如 2021，而不是 \"%s\"", rest);
			return;
		}
		f->year = (int)y;
		break;
	}
	case H_ATTACHMENT: {
		int n = attachment_number(rest);

		if (n < 0) {
			fp_err(ps, ps->lineno, "attachment 中找不到附件编号，应写成 附件1 这样");
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
		f->subtitle_guide = ps->guide;
		break;
	case H_DUE:
		if (!due_valid(rest)) {
			fp_err(ps, ps->lineno, "due 应为 年-月-日 格式的日期，例如 2021-06-05，"
					     "而不是 \"%s\"", rest);
			return;
		}
		f->due = xstrdup(rest);
		break;
	case H_SEND:
		f->send = xstrdup(rest);
		break;
	case H_NOTE:
		f->notes = fp_grow(f->notes, f->nnotes, sizeof *f->notes);
		f->note_guide = fp_grow(f->note_guide, f->nnotes, sizeof *f->note_guide);
		f->note_guide[f->nnotes] = ps->guide;
		f->notes[f->nnotes++] = xstrdup(rest);
		break;
	case H_COLUMNS: {
		char **v;
		int nv = fp_split_list(rest, &v);

		if (nv != 3) {
			if (nv > 0)
				fp_list_free(v, nv);
			fp_err(ps, ps->lineno, "columns 应写三个列名，例如 columns 活动项目|内容要求|进展情况");
			return;
		}
		f->columns = v;
		f->ncolumns = nv;
		break;
	}
	case H__COUNT:
		break;
	}
}

/* One directive line, already checked for encoding and trimmed. */
void fp_parse_directive(struct parser *ps, const char *line)
{
	const char *p = line, *rest;
	size_t klen;
	char kw[16];

	while (*p != '\0' && !fp_is_space(*p))
		p++;
	klen = (size_t)(p - line);
	rest = fp_skip_space(p);
	if (klen >= sizeof kw) {
		fp_err(ps, ps->lineno, "未知的指令 \"%.*s\"（可用：%s）", (int)klen, line,
		     directive_list);
		return;
	}
	memcpy(kw, line, klen);
	kw[klen] = '\0';

	/* guide subtitle|note|text …: for the person filling the form in, not exported. */
	if (strcmp(kw, "guide") == 0) {
		if (!ps->guide && (str_starts(rest, "subtitle ") || str_starts(rest, "note ") ||
				   str_starts(rest, "text "))) {
			ps->guide = 1;
			fp_parse_directive(ps, rest);
			ps->guide = 0;
		} else {
			fp_err(ps, ps->lineno, "guide 后面只能是 subtitle、note 或 text，例如 "
					       "guide note 说明：以上仅为示例");
		}
		return;
	}

	if (ps->seen[H_FORM] == 0 && strcmp(kw, "form") != 0 && !ps->layout &&
	    ps->nerr == 0) {
		int any = 0;

		for (int h = 0; h < H__COUNT; h++)
			any |= ps->seen[h];
		if (!any)
			fp_err(ps, ps->lineno, "第一条指令应是 form（表单编号），例如 form liaison");
	}
	for (int h = 0; h < H__COUNT; h++)
		if (strcmp(kw, header_names[h]) == 0) {
			if (*rest == '\0') {
				fp_err(ps, ps->lineno, "%s 后面缺少内容", kw);
				return;
			}
			parse_header(ps, (enum header)h, rest);
			return;
		}
	if (strcmp(kw, "rule") == 0) {
		if (*rest == '\0')
			fp_err(ps, ps->lineno, "rule 后面缺少内容，例如 rule study_people >= study_times "
					       "参与人次不应少于学习次数");
		else
			fp_parse_rule(ps, rest);
		return;
	}
	if (strcmp(kw, "end") == 0) {
		if (*rest != '\0')
			fp_err(ps, ps->lineno, "end 后面不应再有文字");
		else if (ps->group < 0)
			fp_err(ps, ps->lineno, "多余的 end：前面没有未结束的 group");
		else
			fp_group_close(ps);
		return;
	}
	if (strcmp(kw, "section") != 0 && strcmp(kw, "text") != 0 && strcmp(kw, "field") != 0 &&
	    strcmp(kw, "line") != 0 && strcmp(kw, "group") != 0) {
		fp_err(ps, ps->lineno, "未知的指令 \"%s\"（可用：%s）", kw, directive_list);
		return;
	}
	ps->layout = 1;
	if (*rest == '\0') {
		fp_err(ps, ps->lineno, "%s 后面缺少内容", kw);
		return;
	}
	if (strcmp(kw, "section") == 0) {
		char *id = NULL;

		if (str_starts(rest, "id=")) {
			const char *e = rest + 3;

			while (*e != '\0' && !fp_is_space(*e))
				e++;
			id = xstrndup(rest + 3, (size_t)(e - rest - 3));
			rest = fp_skip_space(e);
			if (fp_id_check(ps, id) != 0) {
				free(id);
				return;
			}
			if (*rest == '\0') {
				fp_err(ps, ps->lineno, "section 缺少标题");
				free(id);
				return;
			}
		}
		struct form_item *it = fp_item_add(ps, IT_SECTION);

		it->id = id;
		if (id != NULL)
			fp_id_note(ps, id);
		it->text = xstrdup(rest);
	} else if (strcmp(kw, "text") == 0) {
		fp_box_warn(ps, rest);
		fp_item_add(ps, IT_TEXT)->text = xstrdup(rest);
	} else if (strcmp(kw, "field") == 0) {
		fp_parse_field(ps, rest);
	} else if (strcmp(kw, "line") == 0) {
		fp_parse_line(ps, rest);
	} else if (ps->group >= 0) {
		fp_err(ps, ps->lineno, "重复组里不能再套重复组（第 %d 行的 group %s 还没有 end）",
		     ps->f->groups[ps->group].line, ps->f->groups[ps->group].id);
	} else {
		fp_parse_group(ps, rest);
	}
}

/* Checks that need the whole file: required header directives, fields, open group. */
void fp_parse_finish(struct parser *ps)
{
	static const enum header required[] = { H_FORM, H_VERSION, H_YEAR, H_ATTACHMENT,
						H_TITLE, H_NAME };
	int line = ps->seen[H_FORM] > 0 ? ps->seen[H_FORM] : 1;

	if (ps->group >= 0) {
		fp_err(ps, ps->f->groups[ps->group].line, "group %s 没有用 end 结束",
		     ps->f->groups[ps->group].id);
		fp_group_close(ps);
	}
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (ps->seen[required[i]] == 0)
			fp_err(ps, line, "缺少 %s 指令（表头必须有 form、version、year、attachment、"
				       "title、name）", header_names[required[i]]);
	field_slots_build(ps->f);
	fp_rules_finish(ps);
	/* A page without fields (宣传标语) is for reading: listed as 参阅, never exported. */
	ps->f->reading = ps->f->nfields == 0;
}
