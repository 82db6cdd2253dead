/* export.c - the CSV export, encodings, the GBK check, file names and writing the files
 * with their earlier versions kept in 旧版本/ (contract in export.h). */
#include "export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "csv.h"
#include "date.h"
#include "fileio.h"
#include "text.h"

#define UNIT_MAX_BYTES 120	/* the unit part of a file name, so that names stay short */
#define META_COLUMNS 6
#define GBK_PLACES 5		/* characters outside GBK named in the warning */

/* The extension of each format, in the order the files are written. */
static const struct {
	int format;
	const char *ext;
} formats[EXPORT_NFORMATS] = { { EXPORT_TEXT, "txt" }, { EXPORT_CSV, "csv" },
			       { EXPORT_XLSX, "xlsx" } };

const char *export_ext(int format)
{
	for (int i = 0; i < EXPORT_NFORMATS; i++)
		if (formats[i].format == format)
			return formats[i].ext;
	return NULL;
}

/* ---------------------------------------------------------------- time */

/* The clock, or for tests TIANBIAO_TODAY (YYYY-MM-DD) at 09:00 local time, so that
 * their files and names do not depend on the day or the minute they run. */
time_t export_now(void)
{
	struct date d;
	struct tm tm;

	if (date_iso_parse(config_get()->today, &d) && d.y >= 1970) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = d.y - 1900;
		tm.tm_mon = d.m - 1;
		tm.tm_mday = d.d;
		tm.tm_hour = 9;
		tm.tm_isdst = -1;
		return mktime(&tm);
	}
	return time(NULL);
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

void export_csv(const struct record *r, struct strbuf *out)
{
	export_csv_extra(r, NULL, NULL, out);
}

/* One header row of labels, then one row per group row (or one row); 修改时间 tells two
 * copies of one revision apart from two revisions. */
void export_csv_extra(const struct record *r, const char *label, const char *value,
		      struct strbuf *out)
{
	static const char *const meta[META_COLUMNS] = { "填报单位", "表单编号", "表单版本",
							"提交编号", "修订号", "修改时间" };
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
		csv_add_text(out, f->fields[cols[c]].column, 0);
	if (label != NULL)
		csv_add_text(out, label, 0);
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
		csv_add_text(out, r->uuid != NULL ? r->updated : NULL, 0);
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
		if (label != NULL)
			csv_add_text(out, value, 0);
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

/* ---------------------------------------------------------------- GBK */

/* Is every character of s readable by a GBK reader as it stands in a GB18030 file?
 * True when s converts to GBK and to GB18030 alike (GB18030 writes the characters
 * GBK lacks, and a few like €, differently). */
static int gbk_plain(iconv_t to_gbk, iconv_t to_gb, const char *s, size_t len)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	iconv_t cds[2] = { to_gbk, to_gb };
	struct strbuf *outs[2] = { &a, &b };
	int ok = 1;

	for (int k = 0; k < 2 && ok; k++) {
		char *in = (char *)s, buf[4096];
		size_t left = len;

		iconv(cds[k], NULL, NULL, NULL, NULL);
		while (left > 0) {
			char *o = buf;
			size_t room = sizeof buf;
			size_t rc = iconv(cds[k], &in, &left, &o, &room);

			strbuf_add(outs[k], buf, (size_t)(o - buf));
			if ((rc == (size_t)-1 && errno != E2BIG) || (rc != (size_t)-1 && rc > 0)) {
				ok = 0;
				break;
			}
		}
	}
	if (ok)
		ok = a.len == b.len && memcmp(strbuf_str(&a), strbuf_str(&b), a.len) == 0;
	strbuf_free(&a);
	strbuf_free(&b);
	return ok;
}

/* The first character of s that a GBK reader cannot read, as UTF-8 in ch; 0 if none. */
static int first_non_gbk(iconv_t to_gbk, iconv_t to_gb, const char *s, char ch[8])
{
	size_t n = strlen(s);

	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		if (cp >= 0x80 && !gbk_plain(to_gbk, to_gb, s, k)) {
			memcpy(ch, s, k);
			ch[k] = '\0';
			return 1;
		}
		s += k;
		n -= k;
	}
	return 0;
}

/* Add "“😀”（通信地址）" to the list of places, at most GBK_PLACES of them. */
static void gbk_place(struct strbuf *sb, int *n, const char *ch, const char *where)
{
	if (*n < GBK_PLACES)
		strbuf_addf(sb, "%s“%s”（%s）", *n > 0 ? "，" : "", ch, where);
	else if (*n == GBK_PLACES)
		strbuf_adds(sb, "等");
	(*n)++;
}

/* Name each value that holds a character outside GBK, so the clerk can find and change it. */
char *export_gbk_warning(const struct record *r, const char *text, size_t len)
{
	const struct form *f = r->form;
	iconv_t to_gbk = iconv_open("GBK", "UTF-8"), to_gb = iconv_open("GB18030", "UTF-8");
	struct strbuf sb = STRBUF_INIT;
	char ch[8], *msg = NULL;
	int n = 0;

	if (to_gbk == (iconv_t)-1 || to_gb == (iconv_t)-1 || gbk_plain(to_gbk, to_gb, text, len))
		goto done;
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		int rows = fld->group >= 0 ? r->nrows[fld->group] : 1;

		for (int row = 0; row < rows; row++) {
			const char *v = record_get(r, i, fld->group >= 0 ? row : -1);
			char *where;

			if (v == NULL || !first_non_gbk(to_gbk, to_gb, v, ch))
				continue;
			if (fld->group >= 0)
				where = xasprintf("%s第%d项 %s", f->groups[fld->group].label, row + 1,
						  fld->label);
			else
				where = xstrdup(fld->label);
			gbk_place(&sb, &n, ch, where);
			free(where);
		}
	}
	if (n == 0 && r->unit != NULL && first_non_gbk(to_gbk, to_gb, r->unit, ch))
		gbk_place(&sb, &n, ch, "填报单位");
	if (n == 0 && first_non_gbk(to_gbk, to_gb, text, ch))
		gbk_place(&sb, &n, ch, "表单文件里的文字");
	if (n > 0)
		msg = xasprintf("%s %s：%s不在 GBK 字符集里。文件已按 GB18030 导出，只认 GBK 的软件"
				"（如中文 Windows 的记事本）会把这些字显示成乱码；如对方打不开，"
				"请改用 UTF-8 导出，或换掉这些字。", f->attachment, f->name, sb.buf);
done:
	if (to_gbk != (iconv_t)-1)
		iconv_close(to_gbk);
	if (to_gb != (iconv_t)-1)
		iconv_close(to_gb);
	strbuf_free(&sb);
	return msg;
}

/* ---------------------------------------------------------------- rendering */

/* One file's bytes: text and CSV are encoded (BOM for UTF-8, CRLF for the text, as
 * Notepad on old Windows needs); the .xlsx is what the xlsx writer made. */
int export_render(const struct record *r, int format, const struct export_opts *o,
		  struct strbuf *out, char **warning, char **cause)
{
	struct strbuf body = STRBUF_INIT;
	time_t when = o->when != 0 ? o->when : export_now();
	int rc;

	if (warning != NULL)
		*warning = NULL;
	if (format == EXPORT_XLSX)
		return export_xlsx(r, when, NULL, out, cause);
	if (format == EXPORT_TEXT)
		export_text(r, o->width, when, &body);
	else
		export_csv_extra(r, o->csv_extra_label, o->csv_extra_value, &body);
	rc = export_encode(body.buf, body.len, o->enc, o->enc == ENC_UTF8, format == EXPORT_TEXT,
			   out, cause);
	if (rc == 0 && o->enc == ENC_GB18030 && warning != NULL)
		*warning = export_gbk_warning(r, body.buf, body.len);
	strbuf_free(&body);
	return rc;
}

/* ---------------------------------------------------------------- writing */

/* Make a rename or link durable; some file systems cannot, which is fine. */
static void dir_sync(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

/* Does the file at path hold exactly these bytes? */
static int same_content(const char *path, const struct strbuf *data)
{
	char *old = NULL, *cause = NULL;
	size_t len = 0;
	int same;

	if (fileio_read(path, &old, &len, &cause) != 0) {
		free(cause);
		return 0;
	}
	same = len == data->len && memcmp(old, strbuf_str(data), len) == 0;
	free(old);
	return same;
}

/* Is name an export of this unit, form and format (prefix, then YYYYMMDD, an optional
 * (N) from version 0.1, then .ext)? */
static int same_series(const char *name, const char *prefix, const char *ext)
{
	size_t pl = strlen(prefix), el = strlen(ext), n = strlen(name), i;

	if (strncmp(name, prefix, pl) != 0)
		return 0;
	for (i = pl; i < pl + 8; i++)
		if (i >= n || name[i] < '0' || name[i] > '9')
			return 0;
	if (name[i] == '(') {
		size_t j = i + 1;

		while (name[j] >= '0' && name[j] <= '9')
			j++;
		if (j == i + 1 || name[j] != ')')
			return 0;
		i = j + 1;
	}
	return name[i] == '.' && strcmp(name + i + 1, ext) == 0 && n == i + 1 + el;
}

/* A move done by this call, to be undone when a later step fails. */
struct move {
	char *from, *to;
};

/* Move dir/name into dir/旧版本/, under a free name there: never overwrites anything. */
static char *move_old(const char *dir, const char *name, char **cause)
{
	char *old = xasprintf("%s/%s", dir, EXPORT_OLD_DIR), *from = xasprintf("%s/%s", dir, name);
	char *base = xstrdup(name), *dot = strrchr(base, '.'), *to = NULL;

	if (dot != NULL)
		*dot = '\0';
	if (fileio_mkdirs(old, cause) != 0)
		goto out;
	to = fileio_free_name(old, base, dot != NULL ? dot + 1 : "", cause);
	if (to == NULL)
		goto out;
	if (fileio_move_noreplace(from, to) != 0)
		goto fail;
	dir_sync(old);
	dir_sync(dir);
	goto out;
fail:
	*cause = xasprintf("无法把旧文件 %s 移到“%s”文件夹里（%s），这次没有导出。请检查这个目录的"
			   "权限后再导出。", name, EXPORT_OLD_DIR, strerror(errno));
	free(to);
	to = NULL;
out:
	free(old);
	free(from);
	free(base);
	return to;
}

/* Names in dir of the same series (sorted, so that the moves happen in a fixed order). */
static int series_names(const char *dir, const char *prefix, const char *ext, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	*names = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!same_series(e->d_name, prefix, ext))
			continue;
		*names = xreallocarray(*names, (size_t)n + 1, sizeof **names);
		(*names)[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp((*names)[j - 1], (*names)[j]) > 0; j--) {
			char *t = (*names)[j];

			(*names)[j] = (*names)[j - 1];
			(*names)[j - 1] = t;
		}
	return n;
}

/* Is path's directory the directory dir (whatever the spelling: ".", a link)? */
static int in_dir(const char *path, const char *dir)
{
	char *pd = fileio_dirname(path);
	struct stat a, b;
	int same = stat(pd, &a) == 0 && stat(dir, &b) == 0 && a.st_dev == b.st_dev &&
		   a.st_ino == b.st_ino;

	free(pd);
	return same;
}

/* Add to names the earlier files of the submission (o->earlier) that are in dir, end in
 * ext, are files and are not in the series already listed (another unit name). */
static int earlier_names(const struct export_opts *o, const char *dir, const char *prefix,
			 const char *ext, char ***names, int n)
{
	for (int i = 0; i < o->nearlier; i++) {
		const char *p = o->earlier[i], *name = strrchr(p, '/');
		struct stat st;
		int dup = 0;

		name = name != NULL ? name + 1 : p;
		if (strlen(name) <= strlen(ext) + 1 || !str_ends(name, ext) ||
		    name[strlen(name) - strlen(ext) - 1] != '.' ||
		    same_series(name, prefix, ext) || lstat(p, &st) != 0 || !S_ISREG(st.st_mode) ||
		    !in_dir(p, dir))
			continue;
		for (int k = 0; k < n && !dup; k++)
			dup = strcmp((*names)[k], name) == 0;
		if (dup)
			continue;
		*names = xreallocarray(*names, (size_t)n + 1, sizeof **names);
		(*names)[n++] = xstrdup(name);
	}
	return n;
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

void export_result_free(struct export_result *res)
{
	for (int i = 0; i < res->nfiles; i++) {
		free(res->files[i].path);
		for (int k = 0; k < res->files[i].nmoved; k++)
			free(res->files[i].moved[k]);
		free(res->files[i].moved);
	}
	free(res->warning);
	memset(res, 0, sizeof *res);
}

/* Put back what a failed call moved and remove what it wrote, newest first. */
static void undo(struct move *moves, int nmoves, char **written, int nwritten)
{
	for (int i = 0; i < nwritten; i++)
		unlink(written[i]);
	for (int i = nmoves - 1; i >= 0; i--)
		(void)fileio_move_noreplace(moves[i].to, moves[i].from);
}

/* Render everything first, then per format: keep an identical file, move the others. */
int export_write(const struct record *r, const char *dir, const struct export_opts *o,
		 struct export_result *res, char **cause)
{
	struct strbuf data[EXPORT_NFORMATS] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct export_opts eo = *o;
	struct move *moves = NULL;
	char *written[EXPORT_NFORMATS], date[40], *base = NULL, *prefix = NULL;
	int nmoves = 0, nwritten = 0, rc = -1;
	struct tm tm;

	memset(res, 0, sizeof *res);
	if (eo.when == 0)
		eo.when = export_now();
	date_local(eo.when, &tm);
	snprintf(date, sizeof date, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	for (int i = 0; i < EXPORT_NFORMATS; i++) {
		char *warn = NULL;

		if (!(eo.formats & formats[i].format))
			continue;
		if (export_render(r, formats[i].format, &eo, &data[i], &warn, cause) != 0)
			goto out;
		if (warn != NULL && res->warning == NULL)
			res->warning = warn;
		else
			free(warn);
	}
	if (fileio_mkdirs(dir, cause) != 0)
		goto out;
	base = export_basename(r->form, record_unit(r), date);
	prefix = export_basename(r->form, record_unit(r), "");
	for (int i = 0; i < EXPORT_NFORMATS; i++) {
		struct export_file *ef;
		char **names, *name, *path;
		int n;

		if (!(eo.formats & formats[i].format))
			continue;
		ef = &res->files[res->nfiles++];
		ef->format = formats[i].format;
		name = xasprintf("%s.%s", base, formats[i].ext);
		path = xasprintf("%s/%s", dir, name);
		ef->path = path;
		ef->state = EXPORT_NEW;
		n = series_names(dir, prefix, formats[i].ext, &names);
		n = earlier_names(&eo, dir, prefix, formats[i].ext, &names, n);
		for (int k = 0; k < n; k++) {
			char *to;

			if (strcmp(names[k], name) == 0 && same_content(path, &data[i])) {
				ef->state = EXPORT_SAME;
				free(names[k]);
				continue;
			}
			to = move_old(dir, names[k], cause);
			if (to == NULL) {
				for (; k < n; k++)
					free(names[k]);
				free(names);
				free(name);
				goto out;
			}
			moves = xreallocarray(moves, (size_t)nmoves + 1, sizeof *moves);
			moves[nmoves].from = xasprintf("%s/%s", dir, names[k]);
			moves[nmoves++].to = to;
			ef->moved = xreallocarray(ef->moved, (size_t)ef->nmoved + 1, sizeof *ef->moved);
			ef->moved[ef->nmoved++] = xstrdup(to);
			if (ef->state == EXPORT_NEW)
				ef->state = EXPORT_REPLACED;
			free(names[k]);
		}
		free(names);
		free(name);
		if (ef->state == EXPORT_SAME)
			continue;
		if (fileio_write_atomic(path, data[i].buf, data[i].len, 0644, cause) != 0)
			goto out;
		written[nwritten++] = path;
	}
	rc = 0;
out:
	if (rc != 0) {
		undo(moves, nmoves, written, nwritten);
		export_result_free(res);
	}
	for (int i = 0; i < nmoves; i++) {
		free(moves[i].from);
		free(moves[i].to);
	}
	free(moves);
	for (int i = 0; i < EXPORT_NFORMATS; i++)
		strbuf_free(&data[i]);
	free(base);
	free(prefix);
	return rc;
}

/* An outbox the clerk can find in the file manager. */
char *export_default_dir(void)
{
	return xstrdup(config_get()->outbox);
}
