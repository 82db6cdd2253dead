/* export.c - the text export laid out like the paper form, the CSV export, encodings and
 * file names (contract in export.h). */
#include "export.h"

#include <errno.h>
#include <iconv.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csv.h"
#include "fileio.h"
#include "text.h"

/*
 * Spaces that must not become line breaks (inside （  ） and ☑是 □否) are written
 * as the noncharacter U+FDD0 while wrapping and turned back into spaces after.
 * It is one column wide like a space, and never appears in real text.
 */
#define KEEP "\xEF\xB7\x90"
#define KEEP_LEN 3
/* U+2060 WORD JOINER: no line break on either side (□|否); removed after wrapping. */
#define GLUE "\xE2\x81\xA0"
#define GLUE_LEN 3

#define UNIT_MAX_BYTES 120	/* the unit part of a file name, so that names stay short */
#define META_COLUMNS 5

/* ---------------------------------------------------------------- text helpers */

/* Chinese numerals for the rows of a group: 一 … 九十九 (digits beyond). */
static void cn_numeral(int n, char *out, size_t cap)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	if (n < 1 || n > 99)
		snprintf(out, cap, "%d", n);
	else if (n < 10)
		snprintf(out, cap, "%s", d[n]);
	else
		snprintf(out, cap, "%s十%s", n / 10 == 1 ? "" : d[n / 10], d[n % 10]);
}

/* Append s with every space protected from line breaking (on both its sides). */
static void add_kept(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ') {
			strbuf_add(sb, GLUE, GLUE_LEN);
			strbuf_add(sb, KEEP, KEEP_LEN);
			strbuf_add(sb, GLUE, GLUE_LEN);
		} else {
			strbuf_addc(sb, *s);
		}
	}
}

/* Append a checkbox and its label, which stay together on one line. */
static void add_box(struct strbuf *sb, int checked, const char *label)
{
	strbuf_adds(sb, checked ? "☑" : "□");
	strbuf_add(sb, GLUE, GLUE_LEN);
	add_kept(sb, label);
}

/* Append one output line after indent spaces: protected spaces become spaces, glue
 * goes, and so do trailing spaces. */
static void add_line(struct strbuf *out, int indent, const char *line)
{
	size_t start = out->len;
	const char *p;

	for (int i = 0; i < indent; i++)
		strbuf_addc(out, ' ');
	for (p = line; *p != '\0';) {
		if (strncmp(p, KEEP, KEEP_LEN) == 0) {
			strbuf_addc(out, ' ');
			p += KEEP_LEN;
		} else if (strncmp(p, GLUE, GLUE_LEN) == 0) {
			p += GLUE_LEN;
		} else {
			strbuf_addc(out, *p++);
		}
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	strbuf_addc(out, '\n');
}

/*
 * Write prefix and body wrapped to width: the body's lines hang under its first
 * line, indented by the prefix's width, unless the prefix takes more than half
 * the line (then the body starts on the next line, indented by two).
 * Every paragraph of the body (split at '\n') is wrapped; nothing is cut.
 */
static void emit(struct strbuf *out, const char *prefix, const char *body, int width)
{
	int pw = text_width(prefix), indent;
	char **lines;
	int n;

	if (body == NULL || *body == '\0') {
		n = text_wrap(prefix, width, &lines);
		for (int i = 0; i < n; i++)
			add_line(out, 0, lines[i]);
		text_lines_free(lines, n);
		return;
	}
	if (pw > width / 2) {
		emit(out, prefix, NULL, width);
		prefix = "";
		indent = 2;
	} else {
		indent = pw;
	}
	n = text_wrap(body, width - indent, &lines);
	for (int i = 0; i < n; i++) {
		if (i == 0 && *prefix != '\0') {
			struct strbuf first = STRBUF_INIT;

			strbuf_adds(&first, prefix);
			strbuf_adds(&first, lines[0]);
			add_line(out, 0, first.buf);
			strbuf_free(&first);
		} else {
			add_line(out, i == 0 && *prefix != '\0' ? 0 : indent, lines[i]);
		}
	}
	text_lines_free(lines, n);
}

/* Lines centred in width (wrapped first when longer). */
static void emit_centred(struct strbuf *out, const char *s, int width)
{
	char **lines;
	int n = text_wrap(s, width, &lines);

	for (int i = 0; i < n; i++)
		add_line(out, (width - text_width(lines[i])) / 2, lines[i]);
	text_lines_free(lines, n);
}

/* The checkboxes of a multiple choice: ☑A □B … ☑其他：TEXT. */
static void add_multi(struct strbuf *sb, const struct form_field *fld, const char *value)
{
	int *chosen = xcalloc((size_t)fld->noptions + 1, sizeof *chosen);
	char *other = NULL;

	check_multi_split(fld, value, chosen, &other);
	for (int i = 0; i < fld->noptions; i++) {
		if (i > 0)
			strbuf_addc(sb, ' ');
		add_box(sb, chosen[i], fld->options[i]);
	}
	if (fld->other) {
		strbuf_adds(sb, fld->noptions > 0 ? " " : "");
		add_box(sb, other != NULL, other != NULL ? "其他：" : "其他");
		if (other != NULL)
			strbuf_adds(sb, other);
	} else if (other != NULL) {
		/* Parts the form no longer offers are shown, not dropped. */
		strbuf_adds(sb, " ");
		strbuf_adds(sb, other);
	}
	free(other);
	free(chosen);
}

/* Append the display of a value: checkboxes for yes/no and multiple choice. */
static void add_value(struct strbuf *sb, const struct form_field *fld, const char *value)
{
	if (fld->type == FT_YESNO) {
		int yes = value != NULL && strcmp(value, "是") == 0;
		int no = value != NULL && strcmp(value, "否") == 0;

		if (value != NULL && !yes && !no) {
			strbuf_adds(sb, value);
			return;
		}
		add_box(sb, yes, "是");
		add_kept(sb, " ");
		add_box(sb, no, "否");
	} else if (fld->type == FT_MULTI) {
		add_multi(sb, fld, value);
	} else if (value != NULL) {
		strbuf_adds(sb, value);
	}
}

/* A sentence with its blanks filled: the value, or two spaces inside the brackets
 * the sentence already has. Counts and yes/no never break inside. */
static void add_sentence(struct strbuf *sb, const struct record *r, const struct form_item *it,
			 int row)
{
	for (int k = 0; k < it->nsegs; k++) {
		const struct form_seg *sg = &it->segs[k];
		const struct form_field *fld;
		const char *v;

		if (sg->field < 0) {
			strbuf_adds(sb, sg->text != NULL ? sg->text : "");
			continue;
		}
		fld = &r->form->fields[sg->field];
		v = record_get(r, sg->field, row);
		if (v == NULL && fld->type != FT_YESNO && fld->type != FT_MULTI)
			add_kept(sb, "  ");
		else if (fld->type == FT_COUNT)
			add_kept(sb, v);
		else
			add_value(sb, fld, v);
	}
}

/* One labelled field: "label：value", prefixed by a number inside a group row. */
static void emit_field(struct strbuf *out, const struct record *r, int field, int row,
		       const char *number, int width)
{
	const struct form_field *fld = &r->form->fields[field];
	struct strbuf pre = STRBUF_INIT, val = STRBUF_INIT;

	strbuf_adds(&pre, number);
	strbuf_adds(&pre, fld->label);
	strbuf_adds(&pre, "：");
	add_value(&val, fld, record_get(r, field, row));
	emit(out, pre.buf, val.buf, width);
	strbuf_free(&pre);
	strbuf_free(&val);
}

/* True when a sentence has at least one blank. */
static int line_has_blank(const struct form_item *it)
{
	for (int k = 0; k < it->nsegs; k++)
		if (it->segs[k].field >= 0)
			return 1;
	return 0;
}

/* The layout items of the form or of one group row. */
static void emit_items(struct strbuf *out, const struct record *r, const struct form_item *items,
		       int nitems, int row, int skip_field, int width);

/* Every row of a group: 一、TITLE, then its fields numbered 1. 2. 3. */
static void emit_group(struct strbuf *out, const struct record *r, int gi, int width)
{
	const struct form_group *g = &r->form->groups[gi];
	int title = g->title_field != NULL ? form_field_index(r->form, g->title_field) : -1;
	int rows = r->nrows[gi];

	if (rows == 0) {
		struct strbuf s = STRBUF_INIT;

		strbuf_addf(&s, "（%s：尚未填写）", g->label);
		emit(out, s.buf, NULL, width);
		strbuf_free(&s);
		return;
	}
	for (int row = 0; row < rows; row++) {
		char num[32], pre[48];
		const char *t = title >= 0 ? record_get(r, title, row) : NULL;

		if (row > 0)
			strbuf_addc(out, '\n');
		cn_numeral(row + 1, num, sizeof num);
		snprintf(pre, sizeof pre, "%s、", num);
		if (title < 0)
			emit(out, pre, g->label, width);
		else
			emit(out, pre, t != NULL ? t : "", width);
		emit_items(out, r, g->items, g->nitems, row, title, width);
	}
}

/* Walk a layout in order; inside a group row the items are numbered. */
static void emit_items(struct strbuf *out, const struct record *r, const struct form_item *items,
		       int nitems, int row, int skip_field, int width)
{
	int number = 0;

	for (int i = 0; i < nitems; i++) {
		const struct form_item *it = &items[i];
		char num[16] = "";

		/* Inside a group row, fields and sentences with blanks are numbered 1. 2. … */
		if (row >= 0 && ((it->kind == IT_FIELD && it->field != skip_field) ||
				 (it->kind == IT_LINE && line_has_blank(it))))
			snprintf(num, sizeof num, "%d.", ++number);
		switch (it->kind) {
		case IT_SECTION:
			if (out->len > 0)
				strbuf_addc(out, '\n');
			emit(out, it->text != NULL ? it->text : "", NULL, width);
			break;
		case IT_TEXT:
			emit(out, "", it->text, width);
			break;
		case IT_FIELD:
			if (it->field != skip_field)
				emit_field(out, r, it->field, row, num, width);
			break;
		case IT_LINE: {
			struct strbuf s = STRBUF_INIT;

			add_sentence(&s, r, it, row);
			emit(out, num, s.buf, width);
			strbuf_free(&s);
			break;
		}
		case IT_GROUP:
			strbuf_addc(out, '\n');
			emit_group(out, r, it->group, width);
			break;
		}
	}
}

/*
 * The title with the part a field fills in: a title that begins with the label
 * of a filled top-level field (镇街（部门）“安全生产月”…) shows the value there,
 * as the clerk would write it on paper.
 */
static char *title_filled(const struct record *r)
{
	const struct form *f = r->form;

	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		const char *v = fld->group < 0 ? record_get(r, i, -1) : NULL;

		if (v != NULL && fld->type == FT_TEXT && str_starts(f->title, fld->label) &&
		    strlen(f->title) > strlen(fld->label))
			return xasprintf("%s%s", v, f->title + strlen(fld->label));
	}
	return xstrdup(f->title);
}

/* The paper form as text: 附件N, title, items, notes, and the submission id last. */
void export_text(const struct record *r, int width, struct strbuf *out)
{
	const struct form *f = r->form;
	char *title = title_filled(r);

	if (width < 40)
		width = 40;
	strbuf_add(out, "", 0);
	emit(out, f->attachment, NULL, width);
	strbuf_addc(out, '\n');
	emit_centred(out, title, width);
	if (f->subtitle != NULL)
		emit_centred(out, f->subtitle, width);
	strbuf_addc(out, '\n');
	emit_items(out, r, f->items, f->nitems, -1, -1, width);
	if (f->nnotes > 0)
		strbuf_addc(out, '\n');
	for (int i = 0; i < f->nnotes; i++)
		emit(out, "", f->notes[i], width);
	if (r->uuid != NULL) {
		char *meta = xasprintf("（提交编号：%s，修订号：%ld）", r->uuid, r->revision);

		strbuf_addc(out, '\n');
		emit(out, "", meta, width);
		free(meta);
	}
	free(title);
}

/* ---------------------------------------------------------------- CSV */

int export_csv_meta_columns(const struct form *f)
{
	return META_COLUMNS + (f->ngroups > 0 ? 1 : 0);
}

/* The fields of the form in layout order (group fields where the group is). */
static int layout_fields(const struct form *f, int *out)
{
	int n = 0;

	for (int i = 0; i < f->nitems; i++) {
		const struct form_item *it = &f->items[i];

		if (it->kind == IT_FIELD) {
			out[n++] = it->field;
		} else if (it->kind == IT_LINE) {
			for (int k = 0; k < it->nsegs; k++)
				if (it->segs[k].field >= 0)
					out[n++] = it->segs[k].field;
		} else if (it->kind == IT_GROUP) {
			const struct form_group *g = &f->groups[it->group];

			for (int k = 0; k < g->nfields; k++)
				out[n++] = g->fields[k];
		}
	}
	return n;
}

/* One header row of labels, then one row per group row (or one row). */
void export_csv(const struct record *r, struct strbuf *out)
{
	static const char *const meta[META_COLUMNS] = { "填报单位", "表单编号", "表单版本",
							"提交编号", "修订号" };
	const struct form *f = r->form;
	int *cols = xcalloc((size_t)f->nfields + 1, sizeof *cols);
	int ncols = layout_fields(f, cols), nrows = 1;
	char rev[32];

	strbuf_add(out, "", 0);
	for (int i = 0; i < META_COLUMNS; i++)
		csv_add_text(out, meta[i], i == 0);
	if (f->ngroups > 0)
		csv_add_text(out, "序号", 0);
	for (int c = 0; c < ncols; c++)
		csv_add_text(out, f->fields[cols[c]].label, 0);
	csv_end_row(out);

	/* One row per group row; a group without rows still gives one row. */
	for (int g = 0; g < f->ngroups; g++)
		if (r->nrows[g] > nrows)
			nrows = r->nrows[g];
	snprintf(rev, sizeof rev, "%ld", r->revision);
	for (int row = 0; row < nrows; row++) {
		int any = 0;

		csv_add_text(out, r->unit, 1);
		csv_add_text(out, f->id, 0);
		csv_add_text(out, f->version, 0);
		csv_add_text(out, r->uuid, 0);
		csv_add_number(out, r->uuid != NULL ? rev : NULL, 0);
		for (int g = 0; g < f->ngroups; g++)
			any |= row < r->nrows[g];
		if (f->ngroups > 0) {
			char seq[16];

			snprintf(seq, sizeof seq, "%d", row + 1);
			csv_add_number(out, any ? seq : NULL, 0);
		}
		for (int c = 0; c < ncols; c++) {
			const struct form_field *fld = &f->fields[cols[c]];
			const char *v = record_get(r, cols[c], fld->group >= 0 ? row : -1);

			if (fld->type == FT_COUNT)
				csv_add_number(out, v, 0);
			else
				csv_add_text(out, v, 0);
		}
		csv_end_row(out);
	}
	free(cols);
}

/* ---------------------------------------------------------------- encoding */

/* Line (1-based) of byte pos in s. */
static int line_of(const char *s, size_t pos)
{
	int line = 1;

	for (size_t i = 0; i < pos; i++)
		line += s[i] == '\n';
	return line;
}

/* The message for text that cannot be encoded at byte pos. */
static char *encode_error(const char *s, size_t len, size_t pos, const char *enc)
{
	uint32_t cp;
	size_t k = text_decode(s + pos, len - pos, &cp);
	char ch[8] = "";

	if (cp == 0xFFFD && k == 1)
		return xasprintf("第%d行有无法识别的字符（不是有效的 UTF-8 文字），文件没有导出。"
				 "请在这一项里删掉乱码后再导出。", line_of(s, pos));
	memcpy(ch, s + pos, k);
	return xasprintf("第%d行的“%s”（U+%04X）不能用 %s 编码保存，文件没有导出。"
			 "请改用 UTF-8 导出，或修改这段文字。", line_of(s, pos), ch, (unsigned)cp,
			 enc);
}

/* LF to CRLF (an existing CRLF stays as it is). */
static void add_crlf(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			strbuf_addc(out, '\r');
		strbuf_addc(out, s[i]);
	}
}

/* Convert with iconv; every character must be carried, none replaced or dropped. */
static int encode_iconv(const char *s, size_t len, const char *to, struct strbuf *out,
			char **cause)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char buf[4096];
	char *in = (char *)s;
	size_t left = len;

	if (cd == (iconv_t)-1) {
		*cause = xasprintf("这台电脑不支持 %s 编码（%s），请改用 UTF-8 导出。", to,
				   strerror(errno));
		return -1;
	}
	while (left > 0) {
		char *o = buf;
		size_t room = sizeof buf;
		size_t rc = iconv(cd, &in, &left, &o, &room);

		strbuf_add(out, buf, (size_t)(o - buf));
		if (rc == (size_t)-1 && errno != E2BIG) {
			/* EILSEQ: cannot be carried, or bad input; EINVAL: cut at the end. */
			*cause = encode_error(s, len, (size_t)(in - s), to);
			iconv_close(cd);
			return -1;
		}
		if (rc != (size_t)-1 && rc > 0) {
			/* Some iconv versions count irreversible conversions instead of failing. */
			*cause = xasprintf("有些文字不能用 %s 准确保存，文件没有导出。请改用 UTF-8 导出。",
					   to);
			iconv_close(cd);
			return -1;
		}
	}
	{
		char *o = buf;
		size_t room = sizeof buf;

		iconv(cd, NULL, NULL, &o, &room);
		strbuf_add(out, buf, (size_t)(o - buf));
	}
	iconv_close(cd);
	return 0;
}

/* Encode for the file; any character that cannot be carried refuses the whole export. */
int export_encode(const char *utf8, size_t len, enum export_encoding enc, int bom, int crlf,
		  struct strbuf *out, char **cause)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *s = utf8 != NULL ? utf8 : "";
	int rc = 0;

	strbuf_add(out, "", 0);
	if (crlf) {
		add_crlf(&tmp, s, len);
		s = strbuf_str(&tmp);
		len = tmp.len;
	}
	if (enc == ENC_GB18030) {
		size_t start = out->len;

		rc = encode_iconv(s, len, "GB18030", out, cause);
		if (rc != 0) {
			out->len = start;
			out->buf[start] = '\0';
		}
	} else if (!text_valid(s, len)) {
		size_t i = 0;

		/* Find the first bad byte for the message. */
		while (i < len) {
			uint32_t cp;
			size_t k = text_decode(s + i, len - i, &cp);

			if ((cp == 0xFFFD && k == 1) || s[i] == '\0')
				break;
			i += k;
		}
		*cause = encode_error(s, len, i, "UTF-8");
		rc = -1;
	} else {
		if (bom)
			strbuf_add(out, "\xEF\xBB\xBF", 3);
		strbuf_add(out, s, len);
	}
	strbuf_free(&tmp);
	return rc;
}

/* ---------------------------------------------------------------- files */

/* Append s to sb for a file name: refused characters become '_', length is capped. */
static void add_name_part(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s), start = sb->len;

	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		if (sb->len - start + k > max)
			break;
		if ((cp == 0xFFFD && k == 1) || cp < 0x20 || cp == 0x7F ||
		    (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp) != NULL))
			strbuf_addc(sb, '_');
		else
			strbuf_add(sb, s, k);
		s += k;
		n -= k;
	}
	/* A leading dot hides the file; trailing dots and spaces trouble Windows. */
	if (sb->len > start && sb->buf[start] == '.')
		sb->buf[start] = '_';
	while (sb->len > start && (sb->buf[sb->len - 1] == '.' || sb->buf[sb->len - 1] == ' '))
		sb->buf[--sb->len] = '\0';
}

/* Names the receiver can sort by unit, attachment and date, safe on any file system. */
char *export_basename(const struct form *f, const char *unit, const char *yyyymmdd)
{
	struct strbuf sb = STRBUF_INIT;
	char *u = unit != NULL ? str_trim(xstrdup(unit)) : NULL;
	size_t before;

	before = sb.len;
	if (u != NULL && *u != '\0')
		add_name_part(&sb, u, UNIT_MAX_BYTES);
	if (sb.len == before)
		strbuf_adds(&sb, "未填单位");
	strbuf_addc(&sb, '_');
	add_name_part(&sb, f->attachment, 64);
	strbuf_addc(&sb, '_');
	add_name_part(&sb, f->name, 64);
	strbuf_addc(&sb, '_');
	add_name_part(&sb, yyyymmdd, 16);
	free(u);
	return strbuf_detach(&sb);
}

/* The unit for the file name: the record's, else the form's unit field. */
static const char *record_unit(const struct record *r)
{
	if (r->unit != NULL && !str_blank(r->unit))
		return r->unit;
	for (int i = 0; i < r->form->nfields; i++)
		if (r->form->fields[i].unit && r->form->fields[i].group < 0 &&
		    record_get(r, i, -1) != NULL)
			return record_get(r, i, -1);
	return NULL;
}

/* Write the requested files, all or nothing. */
int export_write(const struct record *r, const char *dir, const struct export_opts *o,
		 char *paths[2], char **cause)
{
	char date[16], today[11], *base;
	int n = 0;

	paths[0] = paths[1] = NULL;
	if (o->yyyymmdd != NULL) {
		snprintf(date, sizeof date, "%s", o->yyyymmdd);
	} else {
		check_today(today);
		snprintf(date, sizeof date, "%.4s%.2s%.2s", today, today + 5, today + 8);
	}
	if (fileio_mkdirs(dir, cause) != 0)
		return -1;
	base = export_basename(r->form, record_unit(r), date);
	for (int fmt = EXPORT_TEXT; fmt <= EXPORT_CSV; fmt <<= 1) {
		struct strbuf body = STRBUF_INIT, enc = STRBUF_INIT;
		int text = fmt == EXPORT_TEXT, rc;
		char *path;

		if (!(o->formats & fmt))
			continue;
		if (text)
			export_text(r, o->width > 0 ? o->width : 80, &body);
		else
			export_csv(r, &body);
		/* Text files get CRLF and a BOM too, for Notepad on old Windows. */
		rc = export_encode(body.buf, body.len, o->enc, o->enc == ENC_UTF8, text, &enc,
				   cause);
		path = rc == 0 ? fileio_free_name(dir, base, text ? "txt" : "csv", cause) : NULL;
		if (path != NULL && fileio_write_atomic(path, enc.buf, enc.len, 0644, cause) != 0) {
			free(path);
			path = NULL;
		}
		strbuf_free(&body);
		strbuf_free(&enc);
		if (path == NULL) {
			/* All or nothing: what this call wrote already goes. */
			for (int i = 0; i < n; i++) {
				unlink(paths[i]);
				free(paths[i]);
				paths[i] = NULL;
			}
			free(base);
			return -1;
		}
		paths[n++] = path;
	}
	free(base);
	return n;
}

/* An outbox the clerk can find in the file manager. */
char *export_default_dir(void)
{
	const char *env = getenv("TIANBIAO_OUTBOX"), *home = getenv("HOME");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (home == NULL || *home == '\0') {
		struct passwd *pw = getpwuid(getuid());

		home = pw != NULL && pw->pw_dir != NULL ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/填表导出", home);
}
