/* import.c - a received CSV file into a checked candidate submission (contract in import.h). */
#include "import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "sha256.h"
#include "text.h"
#include "totals.h"
#include "util.h"

/* The meta columns, matched by label in any order. */
enum meta {
	M_UNIT,
	M_FORM,
	M_VERSION,
	M_UUID,
	M_REVISION,
	M_UPDATED,
	M_SEQ,
	M_SUMMARY,
	M__COUNT
};

static const char *const meta_label[M__COUNT] = {
	[M_UNIT] = "填报单位", [M_FORM] = "表单编号", [M_VERSION] = "表单版本",
	[M_UUID] = "提交编号", [M_REVISION] = "修订号", [M_UPDATED] = "修改时间",
	[M_SEQ] = "序号", [M_SUMMARY] = TOTALS_SUMMARY_LABEL,
};

/* Everything import_read works with while it reads one file. */
struct reader {
	struct import_file *out;
	struct form *const *forms;
	int nforms;
	char ***rows;
	int *ncols, nrows;
	int header;		/* index of the header row */
	int width;		/* cells in the header row */
	char **labels;		/* [width] trimmed header labels */
	int meta[M__COUNT];	/* column of each meta label, or -1 */
	int *colfield;		/* [width] field index of each column, or -1 */
	int *data;		/* indexes of the data rows */
	int ndata;
	int campaign, thisyear;
	int redated;		/* dates whose year a spreadsheet supplied */
	char *redated_example;
};

/* ---------------------------------------------------------------- small helpers */

/* Record a refusal (the first one wins); fmt is a Chinese sentence. */
static void refuse(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(struct reader *rd, const char *fmt, ...)
{
	va_list ap;

	if (rd->out->refused != NULL)
		return;
	va_start(ap, fmt);
	rd->out->refused = xvasprintf(fmt, ap);
	va_end(ap);
}

/* A note about the whole file. */
static void note(struct import_file *f, char *msg)
{
	f->notes = xreallocarray(f->notes, (size_t)f->nnotes + 1, sizeof *f->notes);
	f->notes[f->nnotes++] = msg;
}

/* A problem of one value; msg is taken over. */
static void problem(struct import_file *f, enum check_level level, int field, int row,
		    const char *found, char *msg)
{
	struct import_problem *p;

	f->problems = xreallocarray(f->problems, (size_t)f->nproblems + 1, sizeof *f->problems);
	p = &f->problems[f->nproblems++];
	p->level = level;
	p->field = field;
	p->row = row;
	p->found = found != NULL ? xstrdup(found) : NULL;
	p->msg = msg;
	if (level == CHECK_HARD)
		f->nhard++;
}

/* The cell of a row, "" beyond its end (short rows are padded). */
static const char *cell(const struct reader *rd, int row, int col)
{
	if (col < 0 || col >= rd->ncols[row])
		return "";
	return rd->rows[row][col];
}

/* True when every cell of the row is blank. */
static int row_blank(const struct reader *rd, int row)
{
	for (int c = 0; c < rd->ncols[row]; c++)
		if (!str_blank(rd->rows[row][c]))
			return 0;
	return 1;
}

/* A copy of a cell with white space trimmed. */
static char *trimmed(const char *s)
{
	return str_trim(xstrdup(s));
}

/* "（第N项）" for a group row, "" otherwise. */
static void where(int row, char *buf, size_t cap)
{
	if (row >= 0)
		snprintf(buf, cap, "（第%d项）", row + 1);
	else
		buf[0] = '\0';
}

/* ---------------------------------------------------------------- what spreadsheets do */

/*
 * Undo what our export and a spreadsheet did to a text cell: a leading "'" that
 * neutralised a formula character (kept by the spreadsheet or not), ="…" that
 * protected digits (kept on the first save), and the "'" Excel users type to keep
 * digits as text. Returns a new string.
 */
static char *cell_unwrap(const char *raw)
{
	size_t n = strlen(raw);
	const char *s = raw;

	if (s[0] == '\'' && s[1] != '\0') {
		const char *t = csv_unneutralise(s);
		const char *d = s + 1;

		if (t != s)
			return xstrdup(t);
		while (isdigit((unsigned char)*d))
			d++;
		if (*d == '\0')
			return xstrdup(s + 1);
		return xstrdup(s);
	}
	if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 2; i + 1 < n; i++) {
			if (s[i] == '"' && s[i + 1] == '"' && i + 2 < n)
				i++;
			else if (s[i] == '"') {
				strbuf_free(&sb);
				return xstrdup(raw);	/* not one quoted string: leave it */
			}
			strbuf_addc(&sb, s[i]);
		}
		strbuf_add(&sb, "", 0);
		return strbuf_detach(&sb);
	}
	return xstrdup(raw);
}

/* A number a spreadsheet wrote in scientific notation (1.82222E+10): its digits are lost. */
static int is_enotation(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return 0;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* What a spreadsheet shows after it took a cell for a formula that failed. */
static int is_formula_error(const char *s)
{
	static const char *const errs[] = { "#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A",
					    "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#名称?",
					    "#值!", "#引用!" };

	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
		if (strcmp(s, errs[i]) == 0)
			return 1;
	return strncmp(s, "Err:", 4) == 0 && isdigit((unsigned char)s[4]);
}

/* Read 1 to maxd digits; returns how many (0 when none or too many). */
static int digits(const char **s, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (isdigit((unsigned char)**s)) {
		if (++n > maxd)
			return 0;
		*v = *v * 10 + (**s - '0');
		(*s)++;
	}
	return n;
}

/* Skip a time a spreadsheet may add after a date: " 0:00", " 00:00:00". */
static int skip_time(const char *p)
{
	int v;

	if (*p == '\0')
		return 1;
	if (*p != ' ' && *p != 'T')
		return 0;
	p++;
	if (digits(&p, 2, &v) == 0 || *p++ != ':' || digits(&p, 2, &v) != 2)
		return 0;
	if (*p == ':' && (p++, digits(&p, 2, &v) != 2))
		return 0;
	return *p == '\0';
}

/*
 * A date as a spreadsheet writes it back: 2021/6/16, 2021-06-16 (with a time or
 * not), 6/16/21, 6/16/2021, or a serial number like 44363. Sets y, m, d and returns 1;
 * 0 when s is not one of these (the form's own checks read everything else).
 */
static int spreadsheet_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	int a, b, c, na, nc;
	char sep;

	na = digits(&p, 5, &a);
	if (na == 5 && *p == '\0') {
		if (a < 36526 || a > 73050)	/* 2000-01-01 .. 2099-12-31 */
			return 0;
		struct date dt;

		date_from_serial(a, &dt);
		*y = dt.y;
		*m = dt.m;
		*d = dt.d;
		return 1;
	}
	if (na == 0 || (*p != '/' && *p != '-'))
		return 0;
	sep = *p++;
	if (digits(&p, 2, &b) == 0 || *p++ != sep)
		return 0;
	nc = digits(&p, 4, &c);
	if (nc == 0 || !skip_time(p))
		return 0;
	if (na == 4 && nc <= 2) {
		*y = a;
		*m = b;
		*d = c;
	} else if (na <= 2 && sep == '/' && (nc == 2 || nc == 4)) {
		*y = nc == 2 ? 2000 + c : c;
		*m = a;
		*d = b;
	} else {
		return 0;
	}
	return date_valid(*y, *m, *d);
}

/*
 * The cell of a date field as the form's check should see it: a spreadsheet's
 * date becomes YYYY-MM-DD, with the campaign year where the spreadsheet put in
 * this year (or last year) because the unit's 6月16日 had none. NULL when the
 * cell is not a spreadsheet date.
 */
static char *date_fix(struct reader *rd, const char *s)
{
	int y, m, d;

	if (!spreadsheet_date(s, &y, &m, &d))
		return NULL;
	if (y != rd->campaign && rd->campaign > 0 && y > rd->campaign &&
	    (y == rd->thisyear || y == rd->thisyear - 1) && d <= date_month_days(rd->campaign, m)) {
		if (rd->redated++ == 0)
			rd->redated_example = xstrdup(s);
		y = rd->campaign;
	}
	return xasprintf("%04d-%02d-%02d", y, m, d);
}

/* ---------------------------------------------------------------- the header */

/* Which meta label is this, or -1. */
static int meta_of(const char *label)
{
	for (int i = 0; i < M__COUNT; i++)
		if (strcmp(label, meta_label[i]) == 0)
			return i;
	return -1;
}

/* Column letters as a spreadsheet shows them: A, B, …, Z, AA, AB, … */
static void col_name(int col, char *buf, size_t cap)
{
	char tmp[8];
	int n = 0;

	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n && (size_t)i + 1 < cap; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n < (int)cap ? n : (int)cap - 1] = '\0';
}

/* A label and its column, sorted to find a label named twice. */
struct label_at {
	const char *label;
	int col;
};

/* Order by label, then by column. */
static int label_cmp(const void *pa, const void *pb)
{
	const struct label_at *a = pa, *b = pb;
	int c = strcmp(a->label, b->label);

	return c != 0 ? c : a->col - b->col;
}

/* No label may name two columns: sorted, twins are neighbours (n log n, not n²). */
static int header_unique(struct reader *rd)
{
	struct label_at *order = xcalloc((size_t)rd->width + 1, sizeof *order);
	int n = 0, rc = 0;

	for (int c = 0; c < rd->width; c++)
		if (rd->labels[c][0] != '\0')
			order[n++] = (struct label_at){ rd->labels[c], c };
	qsort(order, (size_t)n, sizeof *order, label_cmp);
	for (int i = 1; i < n && rc == 0; i++) {
		if (strcmp(order[i - 1].label, order[i].label) == 0) {
			char a[8], b[8];

			col_name(order[i - 1].col, a, sizeof a);
			col_name(order[i].col, b, sizeof b);
			refuse(rd, "第一行有两列都叫“%s”（%s列和%s列），不知道该用哪一列。"
			       "文件可能在电子表格里被改过，请让单位重新导出发送。", order[i].label, a,
			       b);
			rc = -1;
		}
	}
	free(order);
	return rc;
}

/* The header: the first row that is not blank; its labels and the meta columns. */
static int read_header(struct reader *rd)
{
	rd->header = 0;
	while (rd->header < rd->nrows && row_blank(rd, rd->header))
		rd->header++;
	if (rd->header == rd->nrows) {
		refuse(rd, "文件里只有空行，没有内容。请让单位重新发送。");
		return -1;
	}
	rd->width = rd->ncols[rd->header];
	rd->labels = xcalloc((size_t)rd->width, sizeof *rd->labels);
	for (int i = 0; i < M__COUNT; i++)
		rd->meta[i] = -1;
	for (int c = 0; c < rd->width; c++) {
		int m;

		rd->labels[c] = trimmed(rd->rows[rd->header][c]);
		if (rd->labels[c][0] == '\0')
			continue;
		m = meta_of(rd->labels[c]);
		if (m >= 0)
			rd->meta[m] = c;
	}
	return header_unique(rd);
}

/* Does the text look like our text export (laid out like the paper form)? */
static int is_text_export(const char *text)
{
	while (*text == ' ' || *text == '\r' || *text == '\n')
		text++;
	return str_starts(text, "附件") || strstr(text, "（提交编号：") != NULL;
}

/* The form whose column labels make up most of the header (at least 3 of them), or NULL:
 * a unit's file whose meta columns were deleted in a spreadsheet. */
static const struct form *form_by_labels(const struct reader *rd)
{
	const struct form *best = NULL;
	int best_n = 0, labelled = 0;

	if (rd->labels == NULL)
		return NULL;
	for (int c = 0; c < rd->width; c++)
		labelled += rd->labels[c][0] != '\0';
	for (int i = 0; i < rd->nforms; i++) {
		const struct form *f = rd->forms[i];
		int n = 0;

		for (int c = 0; c < rd->width; c++)
			for (int k = 0; k < f->nfields; k++)
				if (rd->labels[c][0] != '\0' &&
				    strcmp(f->fields[k].column, rd->labels[c]) == 0) {
					n++;
					break;
				}
		if (n > best_n) {
			best = f;
			best_n = n;
		}
	}
	return best_n >= 3 && 2 * best_n >= labelled ? best : NULL;
}

/* The refusal for a file without our meta columns. */
static void refuse_foreign(struct reader *rd, const char *text)
{
	const struct form *f = form_by_labels(rd);

	if (f != NULL)
		refuse(rd, "文件的各列是%s《%s》的，但第一行缺少“表单编号”“提交编号”“修订号”这些列，"
		       "可能在电子表格里被删掉了；没有它们就认不出是哪一份、第几次修改。请让单位"
		       "用填表程序重新导出 .csv 文件，不要删列，直接发送。", f->attachment, f->name);
	else if (is_text_export(text))
		refuse(rd, "这是填表程序导出的文本文件（像纸质表那样排版，给人看的），不能导入。"
		       "请导入同名的 .csv 文件，或让单位把 .csv 文件也发来。");
	else
		refuse(rd, "这不是填表程序导出的 CSV 文件：第一行没有“表单编号”“提交编号”"
		       "“修订号”这些列。请让单位用填表程序填写后导出 .csv 文件发送。");
}

/* ---------------------------------------------------------------- the meta values */

/* The meta value of a data row, unwrapped and trimmed ("" when the column is missing). */
static char *meta_value(const struct reader *rd, int row, enum meta m)
{
	char *u, *t;

	if (rd->meta[m] < 0)
		return xstrdup("");
	u = cell_unwrap(cell(rd, row, rd->meta[m]));
	t = trimmed(u);
	free(u);
	return t;
}

/* Every data row must carry the same value in meta column m; returns the value. */
static char *meta_same(struct reader *rd, enum meta m)
{
	char *first = meta_value(rd, rd->data[0], m);

	for (int i = 1; i < rd->ndata; i++) {
		char *v = meta_value(rd, rd->data[i], m);

		if (strcmp(v, first) != 0) {
			if (m == M_UNIT)
				refuse(rd, "第%d行的填报单位是“%s”，第%d行却是“%s”：一个文件只能是一个"
				       "单位的一张表。请让这两个单位分别导出发送。",
				       rd->data[0] + 1, first, rd->data[i] + 1, v);
			else
				refuse(rd, "第%d行的%s是“%s”，第%d行却是“%s”：一个文件只能是一次提交。"
				       "文件可能被拼接或改过，请让单位重新导出发送。",
				       rd->data[0] + 1, meta_label[m], first, rd->data[i] + 1, v);
			free(v);
			free(first);
			return NULL;
		}
		free(v);
	}
	return first;
}

/* Is s 32 hexadecimal digits? Lowercases it in place. */
static int uuid_ok(char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		if (!isxdigit((unsigned char)s[n]))
			return 0;
		s[n] = (char)tolower((unsigned char)s[n]);
	}
	return n == 32;
}

/* The form the district has for this id, or NULL. */
static const struct form *find_form(const struct reader *rd, const char *id)
{
	for (int i = 0; i < rd->nforms; i++)
		if (strcmp(rd->forms[i]->id, id) == 0)
			return rd->forms[i];
	return NULL;
}

/* The ids of the district's forms, for a message. */
static char *form_ids(const struct reader *rd)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "", 0);
	for (int i = 0; i < rd->nforms; i++)
		strbuf_addf(&sb, "%s%s（%s）", i ? "、" : "", rd->forms[i]->id,
			    rd->forms[i]->attachment);
	if (rd->nforms == 0)
		strbuf_adds(&sb, "没有");
	return strbuf_detach(&sb);
}

/* The unit a file names: 填报单位, else the form's unit field (a unit that never set it). */
static char *unit_of(struct reader *rd, const struct form *f, char *unit)
{
	if (unit[0] != '\0' || f == NULL)
		return unit;
	for (int c = 0; c < rd->width; c++) {
		int fi = -1;

		for (int k = 0; k < f->nfields; k++)
			if (strcmp(f->fields[k].column, rd->labels[c]) == 0)
				fi = k;
		if (fi >= 0 && f->fields[fi].unit && f->fields[fi].group < 0) {
			char *u = cell_unwrap(cell(rd, rd->data[0], c));

			free(unit);
			return str_trim(u);
		}
	}
	return unit;
}

/* Read and check the meta values of the data rows; 0 when the file may go on. */
static int read_meta(struct reader *rd)
{
	struct import_file *o = rd->out;
	char *form, *uuid, *rev, *end;
	long r;

	if (rd->meta[M_FORM] < 0 || rd->meta[M_UUID] < 0 || rd->meta[M_REVISION] < 0) {
		const char *miss = rd->meta[M_FORM] < 0	  ? "表单编号"
				   : rd->meta[M_UUID] < 0 ? "提交编号"
							  : "修订号";

		refuse(rd, "第一行缺少“%s”列（填表程序导出的文件都有这一列），文件可能在电子表格里"
		       "被删过列。请让单位重新导出发送。", miss);
		return -1;
	}
	form = meta_same(rd, M_FORM);
	if (form == NULL)
		return -1;
	o->form_id = form;
	o->unit = meta_same(rd, M_UNIT);
	if (o->unit == NULL)
		return -1;
	o->form = find_form(rd, form);
	o->unit = unit_of(rd, o->form, o->unit);
	if (form[0] == '\0') {
		refuse(rd, "“表单编号”一栏是空的，不知道这是哪张表。请让单位重新导出发送。");
		return -1;
	}
	if (o->form == NULL) {
		char *ids = form_ids(rd);

		refuse(rd, "这是表单“%s”的文件，本区的表单里没有它（现有：%s）。请确认单位用的是"
		       "本次通知的表；如果是新加的表，请把它的表单文件放进表单目录后重新导入。",
		       form, ids);
		free(ids);
		return -1;
	}
	if (o->unit[0] == '\0') {
		refuse(rd, "“填报单位”一栏是空的，不知道是哪个单位的表。请让单位在填表程序里填好"
		       "单位名称后重新导出发送。");
		return -1;
	}
	uuid = meta_same(rd, M_UUID);
	if (uuid == NULL)
		return -1;
	if (!uuid_ok(uuid)) {
		if (uuid[0] == '\0')
			refuse(rd, "“提交编号”一栏是空的：这张表在单位的电脑上还没有保存过内容。请让"
			       "单位填写后重新导出发送。");
		else if (is_enotation(uuid))
			refuse(rd, "“提交编号”被电子表格改成了科学计数法（%s），已无法识别。请让单位"
			       "重新导出发送，不要用 Excel 打开后另存。", uuid);
		else
			refuse(rd, "“提交编号”不对（“%s”，应是32位数字和字母），文件可能被改过。"
			       "请让单位重新导出发送。", uuid);
		free(uuid);
		return -1;
	}
	memcpy(o->uuid, uuid, 33);
	free(uuid);
	rev = meta_same(rd, M_REVISION);
	if (rev == NULL)
		return -1;
	r = strtol(rev, &end, 10);
	if (rev[0] == '\0' || !isdigit((unsigned char)rev[0]) || *end != '\0' || r < 1 ||
	    r > 1000000000L) {
		refuse(rd, "“修订号”不是正整数（文件里是“%s”），文件可能被改过。请让单位重新导出"
		       "发送。", rev);
		free(rev);
		return -1;
	}
	o->revision = r;
	free(rev);
	if (rd->meta[M_VERSION] >= 0) {
		o->version = meta_same(rd, M_VERSION);
		if (o->version == NULL)
			return -1;
	}
	/* A lower level's report (totals.h): its summary is kept as a note on the copy. */
	if (rd->meta[M_SUMMARY] >= 0) {
		char *sum = meta_same(rd, M_SUMMARY);

		if (sum == NULL)
			return -1;
		if (sum[0] != '\0')
			note(o, xasprintf("%s%s", TOTALS_NOTE_PREFIX, sum));
		free(sum);
	}
	if (rd->meta[M_UPDATED] >= 0) {
		o->updated = meta_same(rd, M_UPDATED);
		if (o->updated == NULL)
			return -1;
		if (o->updated[0] == '\0') {
			free(o->updated);
			o->updated = NULL;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- the values */

/* Match every non-meta column to a field of the form by label; name the others. */
static void map_columns(struct reader *rd)
{
	const struct form *f = rd->out->form;
	struct strbuf unknown = STRBUF_INIT;
	int nunknown = 0, next = 0;

	rd->colfield = xcalloc((size_t)rd->width + 1, sizeof *rd->colfield);
	for (int c = 0; c < rd->width; c++) {
		rd->colfield[c] = -1;
		if (meta_of(rd->labels[c]) >= 0)
			continue;
		/* Our files list the fields in order: try the one after the last match first. */
		if (next < f->nfields && strcmp(f->fields[next].column, rd->labels[c]) == 0)
			rd->colfield[c] = next;
		for (int k = 0; k < f->nfields && rd->colfield[c] < 0; k++)
			if (strcmp(f->fields[k].column, rd->labels[c]) == 0)
				rd->colfield[c] = k;
		if (rd->colfield[c] >= 0) {
			next = rd->colfield[c] + 1;
			continue;
		}
		/* A column without a label and without values is a spreadsheet's padding. */
		if (rd->labels[c][0] == '\0') {
			int any = 0;
			char cn[8];

			for (int i = 0; i < rd->ndata && !any; i++)
				any = !str_blank(cell(rd, rd->data[i], c));
			if (!any)
				continue;
			col_name(c, cn, sizeof cn);
			strbuf_addf(&unknown, "%s%s列（没有列名）", nunknown ? "、" : "", cn);
		} else {
			strbuf_addf(&unknown, "%s“%s”", nunknown ? "、" : "", rd->labels[c]);
		}
		nunknown++;
	}
	if (nunknown > 0)
		note(rd->out, xasprintf("有%d列不在本区的表单“%s”里：%s。这些列的内容没有导入，"
					"保存在收到的文件里。", nunknown, f->name,
					strbuf_str(&unknown)));
	strbuf_free(&unknown);
}

/*
 * Check one cell for field fi and put what it gives into the record; a hard failure
 * leaves the value blank and becomes a problem, a soft one is kept and listed.
 */
static void take_value(struct reader *rd, int fi, int row, const char *raw)
{
	struct import_file *o = rd->out;
	const struct form_field *fld = &o->form->fields[fi];
	struct check_result res;
	char w[32], *v, *t, *fixed = NULL;

	where(row, w, sizeof w);
	v = cell_unwrap(raw);
	t = trimmed(v);
	if (t[0] == '\0') {
		free(t);
		free(v);
		return;
	}
	/* In a count or a text, 3E5 may be what was typed; with a decimal point it never is. */
	if (is_enotation(t) && ((fld->type != FT_COUNT && fld->type != FT_TEXT &&
				 fld->type != FT_LONGTEXT) || strchr(t, '.') != NULL)) {
		problem(o, CHECK_HARD, fi, row, t,
			xasprintf("%s%s：被电子表格改成了科学计数法（%s），原来的数字已经丢失，"
				  "没有导入。请让单位重新导出发送，不要用 Excel 打开后另存。",
				  fld->label, w, t));
		goto out;
	}
	if (is_formula_error(t)) {
		problem(o, CHECK_HARD, fi, row, t,
			xasprintf("%s%s：在电子表格里被当成了公式，显示为“%s”，原来的内容已经丢失，"
				  "没有导入。请让单位重新导出发送。", fld->label, w, t));
		goto out;
	}
	if (fld->type == FT_DATE || fld->type == FT_DATERANGE)
		fixed = date_fix(rd, t);
	check_value(o->form, fld, fixed != NULL ? fixed : t, &res);
	if (res.level == CHECK_HARD) {
		problem(o, CHECK_HARD, fi, row, t,
			xasprintf("%s%s：%s（文件里是“%s”），没有导入", fld->label, w, res.msg, t));
	} else {
		if (res.level == CHECK_SOFT)
			problem(o, CHECK_SOFT, fi, row, t,
				xasprintf("%s%s：%s", fld->label, w, res.msg));
		record_set(o->rec, fi, row, res.value);
	}
	free(res.value);
out:
	free(fixed);
	free(t);
	free(v);
}

/* The top-level fields: the first row that has a value; another row that differs is a
 * problem (a spreadsheet user changed one row only). */
static void take_top(struct reader *rd)
{
	const struct form *f = rd->out->form;

	for (int c = 0; c < rd->width; c++) {
		int fi = rd->colfield[c], conflict = 0, at = 0;
		const char *first;

		if (fi < 0 || f->fields[fi].group >= 0)
			continue;
		while (at + 1 < rd->ndata && str_blank(cell(rd, rd->data[at], c)))
			at++;
		first = cell(rd, rd->data[at], c);
		for (int i = at + 1; i < rd->ndata && !conflict; i++) {
			const char *v = cell(rd, rd->data[i], c);

			if (strcmp(v, first) != 0 && !str_blank(v)) {
				problem(rd->out, CHECK_HARD, fi, -1, v,
					xasprintf("%s：第%d行是“%s”，第%d行却是“%s”，不知道哪个对，"
						  "没有导入。请向单位核实。", f->fields[fi].label,
						  rd->data[at] + 1, first, rd->data[i] + 1, v));
				conflict = 1;
			}
		}
		if (!conflict)
			take_value(rd, fi, -1, first);
	}
}

/* Does a data row hold a row of group g? Any of its cells filled, or, in a form with one
 * group, a 序号 (a blank row of the group has one; the row of a group without rows not). */
static int row_in_group(const struct reader *rd, int row, int g)
{
	const struct form *f = rd->out->form;

	if (f->ngroups == 1 && rd->meta[M_SEQ] >= 0 && !str_blank(cell(rd, row, rd->meta[M_SEQ])))
		return 1;
	for (int c = 0; c < rd->width; c++)
		if (rd->colfield[c] >= 0 && f->fields[rd->colfield[c]].group == g &&
		    !str_blank(cell(rd, row, c)))
			return 1;
	return 0;
}

/* 序号 of a row as a number, or a large number when it is not one (such rows go last). */
static long seq_of(const struct reader *rd, int row)
{
	char *v = rd->meta[M_SEQ] >= 0 ? cell_unwrap(cell(rd, row, rd->meta[M_SEQ])) : NULL;
	char *end;
	long n = v != NULL ? strtol(v, &end, 10) : 0;
	int ok = v != NULL && isdigit((unsigned char)v[0]) && *end == '\0';

	free(v);
	return ok ? n : 1L << 30;
}

/* The rows of every group, in the order of their 序号 (a spreadsheet may have sorted them). */
static void take_groups(struct reader *rd)
{
	const struct form *f = rd->out->form;
	int *order = xcalloc((size_t)rd->ndata, sizeof *order);

	for (int g = 0; g < f->ngroups; g++) {
		const struct form_group *grp = &f->groups[g];
		int n = 0, dropped = 0;

		for (int i = 0; i < rd->ndata; i++)
			if (row_in_group(rd, rd->data[i], g))
				order[n++] = rd->data[i];
		/* A stable insertion sort by 序号: a handful of rows. */
		for (int i = 1; i < n; i++) {
			int r = order[i], k = i;
			long s = seq_of(rd, r);

			while (k > 0 && seq_of(rd, order[k - 1]) > s) {
				order[k] = order[k - 1];
				k--;
			}
			order[k] = r;
		}
		for (int i = 0; i < n; i++) {
			int row = record_row_add(rd->out->rec, g);

			if (row < 0) {
				dropped = n - i;
				break;
			}
			for (int c = 0; c < rd->width; c++)
				if (rd->colfield[c] >= 0 && f->fields[rd->colfield[c]].group == g)
					take_value(rd, rd->colfield[c], row, cell(rd, order[i], c));
		}
		if (dropped > 0)
			problem(rd->out, CHECK_HARD, grp->nfields > 0 ? grp->fields[0] : -1, -1, NULL,
				xasprintf("%s：最多填写%d项，文件里有%d项，第%d项起的%d项没有导入。"
					  "请向单位核实。", grp->label, grp->max, n, grp->max + 1,
					  dropped));
	}
	free(order);
}

/* Does field fi (row) already have a problem listed? */
static int has_problem(const struct import_file *o, int fi, int row)
{
	for (int i = 0; i < o->nproblems; i++)
		if (o->problems[i].field == fi && o->problems[i].row == row)
			return 1;
	return 0;
}

/* Required fields left blank and groups with too few rows, as the unit's screen lists them. */
static void required_blanks(struct import_file *o)
{
	const struct form *f = o->form;
	char w[32];

	for (int fi = 0; fi < f->nfields; fi++) {
		const struct form_field *fld = &f->fields[fi];
		int rows = fld->group >= 0 ? o->rec->nrows[fld->group] : 1;

		if (!fld->required)
			continue;
		for (int r = 0; r < rows; r++) {
			int row = fld->group >= 0 ? r : -1;

			if (record_get(o->rec, fi, row) != NULL || has_problem(o, fi, row))
				continue;
			where(row, w, sizeof w);
			problem(o, CHECK_SOFT, fi, row, NULL,
				xasprintf("%s%s：必填，尚未填写", fld->label, w));
		}
	}
	for (int g = 0; g < f->ngroups; g++)
		if (o->rec->nrows[g] < f->groups[g].min)
			problem(o, CHECK_SOFT, f->groups[g].nfields > 0 ? f->groups[g].fields[0] : -1,
				-1, NULL,
				xasprintf("%s：至少填写%d项，现在有%d项", f->groups[g].label,
					  f->groups[g].min, o->rec->nrows[g]));
}

/* The form's rules between fields, applied as the unit's screen applies them (check.h). */
static void rule_problems(struct import_file *o)
{
	struct check_problem *p;
	int n = check_rules(o->rec, &p);

	for (int i = 0; i < n; i++)
		problem(o, CHECK_SOFT, p[i].field, p[i].row, record_get(o->rec, p[i].field, p[i].row),
			xstrdup(p[i].msg));
	free(p);
}

/* Problems in the order the unit's screen lists them: top-level fields, then row by row. */
static int problem_cmp(const void *pa, const void *pb)
{
	const struct import_problem *a = pa, *b = pb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	return (int)b->level - (int)a->level;
}

/* ---------------------------------------------------------------- reading a file */

/* The data rows: every row after the header that is not blank. */
static int find_data(struct reader *rd, const char *text, size_t len)
{
	rd->data = xcalloc((size_t)rd->nrows + 1, sizeof *rd->data);
	for (int r = rd->header + 1; r < rd->nrows; r++)
		if (!row_blank(rd, r))
			rd->data[rd->ndata++] = r;
	if (rd->ndata == 0) {
		refuse(rd, "文件只有第一行的列名，没有数据行，可能没有导出完整或传输时被截断。请让"
		       "单位重新发送。");
		return -1;
	}
	/* A last row shorter than the header, without a line end: the file was cut off. */
	{
		int last = rd->data[rd->ndata - 1];

		if (len > 0 && text[len - 1] != '\n' && text[len - 1] != '\r' &&
		    last == rd->nrows - 1 && rd->ncols[last] < rd->width) {
			refuse(rd, "文件不完整：最后一行只有%d列（应有%d列）而且没有结尾，文件可能没有"
			       "传完。请让单位重新发送。", rd->ncols[last], rd->width);
			return -1;
		}
	}
	return 0;
}

/* Everything after decoding: rows, header, meta, values. */
static void read_text(struct reader *rd, const char *text, size_t len)
{
	struct import_file *o = rd->out;
	char *cause = NULL;

	o->sep = import_separator(text, len);
	if (o->sep == 0) {
		refuse_foreign(rd, text);
		return;
	}
	rd->nrows = csv_parse_sep(text, len, o->sep, &rd->rows, &rd->ncols, &cause);
	if (rd->nrows < 0) {
		rd->nrows = 0;
		refuse(rd, "文件已损坏或不完整（%s）。请让单位重新导出发送。", cause);
		free(cause);
		return;
	}
	if (read_header(rd) != 0)
		return;
	if (rd->meta[M_FORM] < 0 && rd->meta[M_UUID] < 0 && rd->meta[M_REVISION] < 0) {
		refuse_foreign(rd, text);
		return;
	}
	if (find_data(rd, text, len) != 0 || read_meta(rd) != 0)
		return;
	rd->campaign = o->form->year;
	if (o->version != NULL && strcmp(o->version, o->form->version) != 0)
		note(o, xasprintf("文件是表单“%s”的%s版，本区用的是%s版；各列已按列名对应导入，"
				  "请留意有没有对不上的列。", o->form->name,
				  o->version[0] ? o->version : "（空）", o->form->version));
	else if (o->version == NULL)
		note(o, xasprintf("文件没有“表单版本”列，已按本区的%s版和列名导入。",
				  o->form->version));
	map_columns(rd);
	o->rec = record_new(o->form);
	record_set_meta(o->rec, o->unit, o->uuid, o->revision, o->updated);
	take_top(rd);
	take_groups(rd);
	required_blanks(o);
	rule_problems(o);
	if (o->nproblems > 1)
		qsort(o->problems, (size_t)o->nproblems, sizeof *o->problems, problem_cmp);
	if (rd->redated > 0)
		note(o, xasprintf("有%d个日期被电子表格改写过（如“%s”），年份已按本次活动的%d年读入。",
				  rd->redated, rd->redated_example, rd->campaign));
	import_digest(o->rec, o->digest);
}

struct import_file *import_read(const void *bytes, size_t len, struct form *const *forms,
				int nforms)
{
	return import_read_hashed(bytes, len, NULL, forms, nforms);
}

struct import_file *import_read_hashed(const void *bytes, size_t len, const char *sha256,
				       struct form *const *forms, int nforms)
{
	struct import_file *o = xcalloc(1, sizeof *o);
	struct reader rd = { 0 };
	char *text = NULL, *cause = NULL, today[11];
	size_t tlen;

	rd.out = o;
	rd.forms = forms;
	rd.nforms = nforms;
	check_today(today);
	rd.thisyear = atoi(today);
	o->size = len;
	if (sha256 != NULL && strlen(sha256) == 64)
		memcpy(o->sha256, sha256, 65);
	else
		sha256_hex(bytes, len, o->sha256);
	if (import_decode(bytes, len, &text, &tlen, &o->enc, &cause) != 0)
		o->refused = cause;
	else
		read_text(&rd, text, tlen);
	if (o->refused != NULL) {
		record_free(o->rec);
		o->rec = NULL;
		o->form = NULL;
	}
	free(text);
	csv_free(rd.rows, rd.ncols, rd.nrows);
	for (int c = 0; c < rd.width; c++)
		free(rd.labels[c]);
	free(rd.labels);
	free(rd.colfield);
	free(rd.data);
	free(rd.redated_example);
	return o;
}

void import_file_free(struct import_file *f)
{
	if (f == NULL)
		return;
	free(f->refused);
	free(f->unit);
	free(f->form_id);
	free(f->version);
	free(f->updated);
	record_free(f->rec);
	for (int i = 0; i < f->nproblems; i++) {
		free(f->problems[i].found);
		free(f->problems[i].msg);
	}
	free(f->problems);
	for (int i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	free(f->notes);
	free(f);
}

/* ---------------------------------------------------------------- comparing */

/* Add one value to a digest, with separators no value contains. */
static void digest_add(struct sha256 *c, const char *id, int row, const char *v)
{
	char num[16];

	snprintf(num, sizeof num, "\x1f%d\x1f", row);
	sha256_update(c, id, strlen(id));
	sha256_update(c, num, strlen(num));
	sha256_update(c, v, strlen(v));
	sha256_update(c, "\x1e", 1);
}

void import_digest(const struct record *r, char out[65])
{
	const struct form *f = r->form;
	struct sha256 c;
	unsigned char dig[32];

	sha256_init(&c);
	for (int g = 0; g < f->ngroups; g++) {
		char n[16];

		snprintf(n, sizeof n, "%d", r->nrows[g]);
		digest_add(&c, f->groups[g].id, -2, n);
	}
	for (int fi = 0; fi < f->nfields; fi++) {
		int g = f->fields[fi].group;
		int rows = g >= 0 ? r->nrows[g] : 1;

		for (int row = 0; row < rows; row++) {
			const char *v = record_get(r, fi, g >= 0 ? row : -1);

			if (v != NULL)
				digest_add(&c, f->fields[fi].id, g >= 0 ? row : -1, v);
		}
	}
	sha256_final(&c, dig);
	sha256_tohex(dig, out);
}

/* Two values equal, blank equal to blank. */
static int same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Append one difference. */
static void diff_add(struct import_diff **out, int *n, int field, int group, int row,
		     const char *a, const char *b, int na, int nb)
{
	struct import_diff *d;

	*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
	d = &(*out)[(*n)++];
	d->field = field;
	d->group = group;
	d->row = row;
	d->a = a;
	d->b = b;
	d->na = na;
	d->nb = nb;
}

int import_compare(const struct record *a, const struct record *b, struct import_diff **out)
{
	const struct form *f = a->form;
	int n = 0;

	*out = NULL;
	for (int fi = 0; fi < f->nfields; fi++)
		if (f->fields[fi].group < 0 && !same(record_get(a, fi, -1), record_get(b, fi, -1)))
			diff_add(out, &n, fi, -1, -1, record_get(a, fi, -1), record_get(b, fi, -1),
				 0, 0);
	for (int g = 0; g < f->ngroups; g++) {
		const struct form_group *grp = &f->groups[g];
		int rows = a->nrows[g] > b->nrows[g] ? a->nrows[g] : b->nrows[g];

		if (a->nrows[g] != b->nrows[g])
			diff_add(out, &n, -1, g, -1, NULL, NULL, a->nrows[g], b->nrows[g]);
		for (int row = 0; row < rows; row++)
			for (int k = 0; k < grp->nfields; k++) {
				int fi = grp->fields[k];
				const char *va = record_get(a, fi, row), *vb = record_get(b, fi, row);

				if (!same(va, vb))
					diff_add(out, &n, fi, g, row, va, vb, 0, 0);
			}
	}
	return n;
}

/* ---------------------------------------------------------------- roster files */

/* Is this header the roster's unit column: 单位, 单位名称, 应报单位, 填报单位 …? */
static int unit_label(const char *label)
{
	return strcmp(label, "单位") == 0 || str_ends(label, "单位") || str_ends(label, "单位名称");
}

/* Is the first line of a one-name-a-line file a heading (单位, 单位名称, 应报单位名单)
 * rather than a unit? Short labels only: a unit's own name is longer. */
static int roster_heading(const char *raw)
{
	char *v = cell_unwrap(raw), *t = str_trim(v);
	int r = (unit_label(t) && strlen(t) <= 18) || str_ends(t, "名单");

	free(v);
	return r;
}

/* Append a name unless blank or already there; its place in *names, or -1 when blank
 * (a name given twice keeps its first place). */
static int name_add(char ***names, int *n, const char *raw)
{
	char *v = cell_unwrap(raw), *t = str_trim(v);

	if (t[0] == '\0' || t[0] == '#') {
		free(v);
		return -1;
	}
	for (int i = 0; i < *n; i++)
		if (strcmp((*names)[i], t) == 0) {
			free(v);
			return i;
		}
	*names = xreallocarray(*names, (size_t)*n + 1, sizeof **names);
	(*names)[(*n)++] = xstrdup(t);
	free(v);
	return *n - 1;
}

/* Is this header the roster's contact person (联系人, 联络员) or phone column? */
static int person_label(const char *label)
{
	return strcmp(label, "联系人") == 0 || strcmp(label, "联络员") == 0;
}

static int phone_label(const char *label)
{
	return strcmp(label, "电话") == 0 || strcmp(label, "手机") == 0 ||
	       strcmp(label, "联系电话") == 0 || strcmp(label, "联系方式") == 0;
}

/* Keep a unit's contact cell (trimmed) in cells[at] unless blank or already given. */
static void contact_keep(char **cells, int at, char *const *row, int nrow, int col)
{
	char *v, *t;

	if (cells == NULL || at < 0 || col < 0 || col >= nrow || cells[at] != NULL)
		return;
	v = cell_unwrap(row[col]);
	t = str_trim(v);
	if (t[0] != '\0')
		cells[at] = xstrdup(t);
	free(v);
}

int import_roster_names(const void *bytes, size_t len, char ***names, char ***persons,
			char ***phones, char **cause)
{
	char *text = NULL, ***rows = NULL, *c2 = NULL;
	size_t tlen;
	enum import_enc enc;
	int *ncols = NULL, nrows, n = 0, col = -1, pcol = -1, tcol = -1;
	char sep;

	*names = NULL;
	if (persons != NULL)
		*persons = NULL;
	if (phones != NULL)
		*phones = NULL;
	if (import_decode(bytes, len, &text, &tlen, &enc, cause) != 0)
		return -1;
	sep = import_separator(text, tlen);
	if (sep != 0) {
		nrows = csv_parse_sep(text, tlen, sep, &rows, &ncols, &c2);
		if (nrows < 0) {
			*cause = xasprintf("名单文件读不了（%s）。请检查文件，或改成一行一个单位名称的"
					   "文本文件。", c2);
			free(c2);
			free(text);
			return -1;
		}
		for (int c = 0; nrows > 0 && c < ncols[0]; c++) {
			char *l = str_trim(xstrdup(rows[0][c]));

			if (unit_label(l) && col < 0)
				col = c;
			else if (person_label(l) && pcol < 0)
				pcol = c;
			else if (phone_label(l) && tcol < 0)
				tcol = c;
			free(l);
		}
		if (col < 0) {
			*cause = xstrdup("名单文件是表格，但第一行没有“单位”或“单位名称”这一列。请在单位"
					 "名称那一列的第一行写上“单位”，或改成一行一个单位名称的文本文件。");
			csv_free(rows, ncols, nrows);
			free(text);
			return -1;
		}
		/* a unit a row, so at most nrows - 1 of each */
		if (persons != NULL && nrows > 1)
			*persons = xcalloc((size_t)nrows - 1, sizeof **persons);
		if (phones != NULL && nrows > 1)
			*phones = xcalloc((size_t)nrows - 1, sizeof **phones);
		for (int r = 1; r < nrows; r++)
			if (col < ncols[r]) {
				int at = name_add(names, &n, rows[r][col]);

				contact_keep(persons != NULL ? *persons : NULL, at, rows[r], ncols[r],
					     pcol);
				contact_keep(phones != NULL ? *phones : NULL, at, rows[r], ncols[r],
					     tcol);
			}
		csv_free(rows, ncols, nrows);
	} else {
		char *save = NULL;
		int first = 1;

		for (char *line = strtok_r(text, "\r\n", &save); line != NULL;
		     line = strtok_r(NULL, "\r\n", &save)) {
			char *t = str_trim(xstrdup(line));

			if (t[0] != '\0' && t[0] != '#') {
				if (!(first && roster_heading(t)))
					name_add(names, &n, t);
				first = 0;
			}
			free(t);
		}
	}
	free(text);
	if (n > 0 && persons != NULL && *persons == NULL)
		*persons = xcalloc((size_t)n, sizeof **persons);
	if (n > 0 && phones != NULL && *phones == NULL)
		*phones = xcalloc((size_t)n, sizeof **phones);
	if (n == 0) {
		if (persons != NULL) {
			free(*persons);
			*persons = NULL;
		}
		if (phones != NULL) {
			free(*phones);
			*phones = NULL;
		}
		*cause = xstrdup("名单文件里没有单位名称。请一行写一个单位名称，或用有“单位”列的表格。");
		return -1;
	}
	return n;
}
