/* totals_table.c - the per-unit table (汇总表) of the totals, its CSV, and the text of a
 * combined list or a directory (contract in totals.h). */
#include "totals.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "export.h"

/* ---- columns --------------------------------------------------------------------------- */

/* The fields in layout order (a group's fields where the group is), as the CSV export has
 * them. Returns the count. */
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

/* Add a column. */
static void col_add(struct totals_table *tb, const char *head, enum totals_col_kind kind,
		    int field)
{
	tb->heads = xreallocarray(tb->heads, (size_t)tb->ncols + 1, sizeof *tb->heads);
	tb->cols = xreallocarray(tb->cols, (size_t)tb->ncols + 1, sizeof *tb->cols);
	tb->fields = xreallocarray(tb->fields, (size_t)tb->ncols + 1, sizeof *tb->fields);
	tb->numeric = xreallocarray(tb->numeric, (size_t)tb->ncols + 1, sizeof *tb->numeric);
	tb->numeric[tb->ncols] = kind == TC_POS || kind == TC_ROW || kind == TC_REVISION;
	tb->heads[tb->ncols] = xstrdup(head);
	tb->cols[tb->ncols] = kind;
	tb->fields[tb->ncols] = field;
	tb->ncols++;
}

/* A new row of blank cells. */
static struct totals_row *row_add(struct totals_table *tb, enum totals_row_kind kind, int unit,
				  int row)
{
	struct totals_row *r;

	tb->rows = xreallocarray(tb->rows, (size_t)tb->nrows + 1, sizeof *tb->rows);
	r = &tb->rows[tb->nrows++];
	r->kind = kind;
	r->unit = unit;
	r->row = row;
	r->cells = xcalloc((size_t)tb->ncols + 1, sizeof *r->cells);
	return r;
}

/* Set a cell (a copy of v; NULL or "" leave it blank). */
static void cell_set(struct totals_row *r, int col, const char *v)
{
	free(r->cells[col]);
	r->cells[col] = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

/* When a file came, as the exports write 修改时间: ISO 8601 with the offset
 * (2021-06-03T10:15:30+08:00), which no spreadsheet turns into something else, so the CSV
 * needs no ="…" (the .xlsx shows it shorter). */
static void received_text(const char *iso, char out[40])
{
	snprintf(out, 40, "%s", iso);
}

/* The state of a unit as its row says it. */
static char *state_text(const struct totals_unit *tu)
{
	switch (tu->state) {
	case TS_MISSING:
		return xstrdup("未报");
	case TS_CONFLICT:
		return xstrdup("有冲突，未计入（收到两份不同的表，处理后再汇总）");
	default:
		if (tu->nhard > 0)
			return xasprintf("已报（有问题 %d 项）", tu->nhard);
		return xstrdup("已报");
	}
}

/* The meta cells of a unit's row: 序号, 单位, 状态, 修订号, 收到时间. */
static void unit_cells(const struct totals_table *tb, struct totals_row *r,
		       const struct totals_unit *tu)
{
	for (int c = 0; c < tb->ncols; c++) {
		char buf[40], *s;

		switch (tb->cols[c]) {
		case TC_POS:
			snprintf(buf, sizeof buf, "%d", tu->pos);
			cell_set(r, c, buf);
			break;
		case TC_UNIT:
			cell_set(r, c, tu->name);
			break;
		case TC_STATE:
			s = state_text(tu);
			cell_set(r, c, s);
			free(s);
			break;
		case TC_REVISION:
			if (tu->state != TS_MISSING && tu->revision > 0) {
				snprintf(buf, sizeof buf, "%ld", tu->revision);
				cell_set(r, c, buf);
			}
			break;
		case TC_RECEIVED:
			if (tu->state == TS_MISSING)
				break;
			if (tu->received[0] != '\0')
				received_text(tu->received, buf);
			else
				snprintf(buf, sizeof buf, "本区录入");
			cell_set(r, c, buf);
			break;
		default:
			break;
		}
	}
}

/* A counted unit's row: meta cells and the values of one group row (-1: none). */
static void unit_row(struct totals_table *tb, const struct totals *t, int u, int row)
{
	const struct totals_unit *tu = &t->units[u];
	struct totals_row *r = row_add(tb, tu->state == TS_REPORTED ? TR_UNIT
					   : tu->state == TS_CONFLICT ? TR_CONFLICT
								       : TR_MISSING,
				       u, row);

	unit_cells(tb, r, tu);
	if (tu->state != TS_REPORTED)
		return;
	for (int c = 0; c < tb->ncols; c++) {
		char buf[16];
		int fi = tb->fields[c];

		if (tb->cols[c] == TC_ROW && row >= 0) {
			snprintf(buf, sizeof buf, "%d", row + 1);
			cell_set(r, c, buf);
		} else if (tb->cols[c] == TC_FIELD) {
			int g = t->form->fields[fi].group;

			if (g < 0)
				cell_set(r, c, record_get(tu->rec, fi, -1));
			else if (row >= 0)
				cell_set(r, c, record_get(tu->rec, fi, row));
		}
	}
}

/* The most rows any group of a unit's copy has (at least 1 row is shown). */
static int unit_rows(const struct totals *t, const struct totals_unit *tu)
{
	int n = 0;

	for (int g = 0; g < t->form->ngroups; g++)
		if (tu->rec != NULL && tu->rec->nrows[g] > n)
			n = tu->rec->nrows[g];
	return n;
}

/* A counted group row, for sorting a combined list. */
struct lrow {
	int unit, row;
	long key;
};

/* By date, then roster order, then row. */
static int lrow_cmp(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* A key that orders a date value (a range by its start); LONG_MAX when it is not a date. */
static long date_order(const struct form *f, const char *v)
{
	char *s, *to, msg[128];
	struct date dt;
	long key = LONG_MAX;

	if (v == NULL)
		return LONG_MAX;
	s = xstrdup(v);
	if ((to = strstr(s, "至")) != NULL)
		*to = '\0';
	if (date_parse(s, 0, &dt) && date_complete(&dt, NULL, f->year, msg, sizeof msg) == 0)
		key = date_key(&dt);
	free(s);
	return key;
}

/* The date field of a one-group form's group, or -1. */
static int list_date_field(const struct form *f)
{
	if (f->ngroups != 1)
		return -1;
	for (int k = 0; k < f->groups[0].nfields; k++) {
		int fi = f->groups[0].fields[k];

		if (f->fields[fi].type == FT_DATE || f->fields[fi].type == FT_DATERANGE)
			return fi;
	}
	return -1;
}

/* Every counted unit's rows of a one-group form, sorted by date (roster order when the
 * group has no date). Returns the count; *out malloc'd. */
static int list_rows(const struct totals *t, struct lrow **out)
{
	int date = list_date_field(t->form), n = 0;

	*out = NULL;
	for (int u = 0; u < t->nunits; u++) {
		const struct totals_unit *tu = &t->units[u];
		int rows = tu->state == TS_REPORTED ? unit_rows(t, tu) : 0;

		for (int row = 0; row < rows; row++) {
			*out = xreallocarray(*out, (size_t)n + 1, sizeof **out);
			(*out)[n].unit = u;
			(*out)[n].row = row;
			(*out)[n].key = date >= 0 ? date_order(t->form, record_get(tu->rec, date, row))
						  : 0;
			n++;
		}
	}
	if (n > 1)
		qsort(*out, (size_t)n, sizeof **out, lrow_cmp);
	return n;
}

/* Does the form have figures to add up (a 合计 row)? */
static int has_figures(const struct totals *t)
{
	for (int i = 0; i < t->form->nfields; i++) {
		enum totals_kind k = t->fields[i].kind;

		if (k == TK_SUM || k == TK_YESNO || k == TK_OPTIONS)
			return 1;
	}
	return 0;
}

/* The 合计 cell of a field: the sum, 是 N、否 M, or the count per option. */
static char *total_cell(const struct totals *t, int fi)
{
	const struct form_field *fld = &t->form->fields[fi];
	const struct totals_field *tf = &t->fields[fi];
	struct strbuf sb = STRBUF_INIT;

	switch (tf->kind) {
	case TK_SUM:
		if (tf->given - tf->bad > 0)
			strbuf_addf(&sb, "%lld", tf->sum);
		break;
	case TK_YESNO:
		if (t->counted > 0)
			strbuf_addf(&sb, "是 %d、否 %d", tf->yes, tf->no);
		break;
	case TK_OPTIONS:
		if (t->counted == 0)
			break;
		for (int o = 0; o < fld->noptions; o++)
			strbuf_addf(&sb, "%s%s %d", o ? "、" : "", fld->options[o], tf->options[o]);
		if (tf->options[fld->noptions] > 0 || fld->other)
			strbuf_addf(&sb, "%s其他 %d", fld->noptions ? "、" : "",
				    tf->options[fld->noptions]);
		break;
	default:
		break;
	}
	return strbuf_detach(&sb);
}

/* The 合计 and 未填 rows (and 下级未填 when the units were totals themselves). */
static void total_rows(struct totals_table *tb, const struct totals *t)
{
	struct totals_row *r = row_add(tb, TR_TOTAL, -1, -1);
	int any_blank = 0, any_below = 0;
	char buf[64];

	for (int c = 0; c < tb->ncols; c++) {
		int fi = tb->fields[c];
		char *s;

		if (tb->cols[c] == TC_UNIT) {
			cell_set(r, c, "合计");
		} else if (tb->cols[c] == TC_STATE) {
			snprintf(buf, sizeof buf, "计入 %d/%d 个单位", t->counted, t->nunits);
			cell_set(r, c, buf);
		} else if (tb->cols[c] == TC_FIELD) {
			s = total_cell(t, fi);
			cell_set(r, c, s);
			free(s);
			if (t->fields[fi].kind != TK_OWN && t->fields[fi].blank > 0)
				any_blank = 1;
			if (t->fields[fi].below_blank > 0)
				any_below = 1;
		}
	}
	if (any_blank && t->counted > 0) {
		r = row_add(tb, TR_BLANKS, -1, -1);
		for (int c = 0; c < tb->ncols; c++) {
			int fi = tb->fields[c];

			if (tb->cols[c] == TC_UNIT) {
				cell_set(r, c, "未填");
			} else if (tb->cols[c] == TC_STATE) {
				cell_set(r, c, t->form->ngroups > 0 ? "未填的单位数（重复组为项数）"
								    : "未填的单位数");
			} else if (tb->cols[c] == TC_FIELD && t->fields[fi].kind != TK_OWN) {
				snprintf(buf, sizeof buf, "%d", t->fields[fi].blank);
				cell_set(r, c, buf);
			}
		}
	}
	if (any_below) {
		r = row_add(tb, TR_BLANKS, -1, -1);
		for (int c = 0; c < tb->ncols; c++) {
			int fi = tb->fields[c];

			if (tb->cols[c] == TC_UNIT) {
				cell_set(r, c, "下级未填");
			} else if (tb->cols[c] == TC_STATE) {
				cell_set(r, c, "下级汇总里未填的单位数");
			} else if (tb->cols[c] == TC_FIELD && t->fields[fi].below_blank > 0) {
				snprintf(buf, sizeof buf, "%d", t->fields[fi].below_blank);
				cell_set(r, c, buf);
			}
		}
	}
}

void totals_table(const struct totals *t, struct totals_table *out)
{
	const struct form *f = t->form;
	int *cols = xcalloc((size_t)f->nfields + 1, sizeof *cols);
	int ncols = layout_fields(f, cols);

	memset(out, 0, sizeof *out);
	col_add(out, "序号", TC_POS, -1);
	col_add(out, "单位", TC_UNIT, -1);
	col_add(out, "状态", TC_STATE, -1);
	if (f->ngroups > 0)
		col_add(out, "项", TC_ROW, -1);
	for (int c = 0; c < ncols; c++) {
		col_add(out, f->fields[cols[c]].column, TC_FIELD, cols[c]);
		out->numeric[out->ncols - 1] = t->fields[cols[c]].kind == TK_SUM;
	}
	col_add(out, "修订号", TC_REVISION, -1);
	col_add(out, "收到时间", TC_RECEIVED, -1);
	free(cols);

	if (t->shape == TSH_LIST && f->ngroups == 1) {
		struct lrow *rows;
		int n = list_rows(t, &rows);

		for (int i = 0; i < n; i++)
			unit_row(out, t, rows[i].unit, rows[i].row);
		free(rows);
		/* Units without rows to show: not reported, in conflict, or no rows. */
		for (int u = 0; u < t->nunits; u++)
			if (t->units[u].state != TS_REPORTED || unit_rows(t, &t->units[u]) == 0)
				unit_row(out, t, u, -1);
	} else {
		for (int u = 0; u < t->nunits; u++) {
			int rows = t->units[u].state == TS_REPORTED ? unit_rows(t, &t->units[u]) : 0;

			if (rows == 0)
				unit_row(out, t, u, -1);
			for (int row = 0; row < rows; row++)
				unit_row(out, t, u, row);
		}
	}
	for (int h = 0; h < t->nheld; h++) {
		struct totals_row *r = row_add(out, TR_HELD, -1, -1);
		char *s = xasprintf("不在名单中，未计入（文件 %s；请在“待处理”页或用 tianbiao roster "
				    "alias 设为别名、加入名单）",
				    t->held[h].file != NULL ? t->held[h].file : "?");

		for (int c = 0; c < out->ncols; c++) {
			char buf[40];

			if (out->cols[c] == TC_UNIT) {
				cell_set(r, c, t->held[h].name);
			} else if (out->cols[c] == TC_STATE) {
				cell_set(r, c, s);
			} else if (out->cols[c] == TC_RECEIVED && t->held[h].received[0] != '\0') {
				received_text(t->held[h].received, buf);
				cell_set(r, c, buf);
			}
		}
		free(s);
	}
	if (has_figures(t))
		total_rows(out, t);
}

void totals_table_free(struct totals_table *tb)
{
	for (int r = 0; r < tb->nrows; r++) {
		for (int c = 0; c < tb->ncols; c++)
			free(tb->rows[r].cells[c]);
		free(tb->rows[r].cells);
	}
	free(tb->rows);
	for (int c = 0; c < tb->ncols; c++)
		free(tb->heads[c]);
	free(tb->heads);
	free(tb->cols);
	free(tb->fields);
	free(tb->numeric);
	memset(tb, 0, sizeof *tb);
}

int totals_cell_is_number(const struct totals_table *tb, int row, int col)
{
	const struct totals_row *r = &tb->rows[row];
	const char *v = r->cells[col];

	if (v == NULL || *v == '\0' || strspn(v, "0123456789") != strlen(v) || strlen(v) > 15)
		return 0;
	return tb->numeric[col] || (r->kind == TR_BLANKS && tb->cols[col] == TC_FIELD);
}

void totals_table_csv(const struct totals_table *tb, struct strbuf *out)
{
	strbuf_add(out, "", 0);
	for (int c = 0; c < tb->ncols; c++)
		csv_add_text(out, tb->heads[c], c == 0);
	csv_end_row(out);
	for (int r = 0; r < tb->nrows; r++) {
		for (int c = 0; c < tb->ncols; c++) {
			/* A digit string in a text field (a 邮编, a number in 其他) is protected
			 * by csv_add_text where a spreadsheet would change it. */
			if (totals_cell_is_number(tb, r, c))
				csv_add_number(out, tb->rows[r].cells[c], c == 0);
			else
				csv_add_text(out, tb->rows[r].cells[c], c == 0);
		}
		csv_end_row(out);
	}
}

/* ---- the text of a list or a directory ------------------------------------------------- */

/* The fields of a row written as 标签：值, joined by "；" (blank ones left out). */
static void add_fields(struct strbuf *sb, const struct totals *t, const struct record *rec,
		       int row, const int *skip, int nskip)
{
	const struct form *f = t->form;
	int *cols = xcalloc((size_t)f->nfields + 1, sizeof *cols);
	int ncols = layout_fields(f, cols), k = 0;

	for (int c = 0; c < ncols; c++) {
		const struct form_field *fld = &f->fields[cols[c]];
		const char *v;
		int skipped = fld->unit && fld->group < 0;

		for (int s = 0; s < nskip; s++)
			skipped |= cols[c] == skip[s];
		if (skipped || (row < 0) != (fld->group < 0))
			continue;
		v = record_get(rec, cols[c], row);
		if (v == NULL)
			continue;
		strbuf_addf(sb, "%s%s：", k++ ? "；" : "", fld->label);
		for (const char *p = v; *p != '\0'; p++) {
			if (*p == '\n')
				strbuf_adds(sb, "\n        ");
			else if (*p != '\r')
				strbuf_addc(sb, *p);
		}
	}
	free(cols);
}

/* The title of the form as the district's copy has it, with 附件N and （汇总）. */
static void add_title(struct strbuf *out, const struct totals *t, const char *what)
{
	struct form *copy;
	struct record *r = totals_display(t, NULL, &copy);
	char *title = export_title(r), *cover = totals_coverage(t);

	strbuf_addf(out, "%s\n\n%s（%s）\n%s\n", t->form->attachment, title, what, cover);
	free(cover);
	free(title);
	record_free(r);
	free(copy);
}

/* Every counted row by date: date, unit, title; then its other fields. */
static void list_text(struct strbuf *out, const struct totals *t)
{
	const struct form *f = t->form;
	struct lrow *rows;
	int n = list_rows(t, &rows), date = list_date_field(f);
	int title = -1, k = 0;

	if (f->groups[0].title_field != NULL)
		title = form_field_index(f, f->groups[0].title_field);
	strbuf_addf(out, "\n%s（共 %d 项%s）：\n", f->groups[0].label, n,
		    date >= 0 ? "，按日期排列" : "");
	for (int i = 0; i < n; i++) {
		const struct totals_unit *tu = &t->units[rows[i].unit];
		const char *d = date >= 0 ? record_get(tu->rec, date, rows[i].row) : NULL;
		const char *ti = title >= 0 ? record_get(tu->rec, title, rows[i].row) : NULL;
		int skip[2] = { date, title };

		strbuf_addf(out, "\n%d. ", ++k);
		if (date >= 0)
			strbuf_addf(out, "%s　", d != NULL ? d : "（日期未填）");
		strbuf_addf(out, "%s", tu->name);
		if (ti != NULL)
			strbuf_addf(out, "　%s", ti);
		strbuf_addc(out, '\n');
		{
			struct strbuf line = STRBUF_INIT;

			add_fields(&line, t, tu->rec, rows[i].row, skip, 2);
			if (line.len > 0)
				strbuf_addf(out, "    %s\n", line.buf);
			strbuf_free(&line);
		}
	}
	free(rows);
}

/* Every unit in roster order with its fields, marked when not counted. */
static void directory_text(struct strbuf *out, const struct totals *t)
{
	strbuf_addc(out, '\n');
	for (int u = 0; u < t->nunits; u++) {
		const struct totals_unit *tu = &t->units[u];
		char *st = state_text(tu);

		strbuf_addf(out, "%d. %s", tu->pos, tu->name);
		if (tu->state != TS_REPORTED)
			strbuf_addf(out, "（%s）", st);
		strbuf_addc(out, '\n');
		if (tu->rec != NULL) {
			struct strbuf line = STRBUF_INIT;

			add_fields(&line, t, tu->rec, -1, NULL, 0);
			if (line.len > 0)
				strbuf_addf(out, "    %s%s\n",
					    tu->state == TS_CONFLICT ? "现有的一份：" : "", line.buf);
			strbuf_free(&line);
		}
		free(st);
	}
}

/* The units not counted, named again at the end so that nobody is missed. */
static void missing_text(struct strbuf *out, const struct totals *t, const char *what)
{
	int k = 0;

	for (int u = 0; u < t->nunits; u++)
		if (t->units[u].state == TS_MISSING)
			strbuf_addf(out, "%s%s", k++ ? "、" : "\n还没有报送的单位：", t->units[u].name);
	if (k > 0)
		strbuf_addf(out, "（共 %d 个%s）\n", k, what);
	k = 0;
	for (int u = 0; u < t->nunits; u++)
		if (t->units[u].state == TS_CONFLICT)
			strbuf_addf(out, "%s%s", k++ ? "、" : "\n有冲突、没有计入的单位：", t->units[u].name);
	if (k > 0)
		strbuf_adds(out, "（请用 tianbiao conflicts 查看并处理）\n");
	for (int h = 0; h < t->nheld; h++)
		strbuf_addf(out, "%s%s（文件 %s）", h ? "、" : "\n不在名单中、没有计入的文件：",
			    t->held[h].name != NULL ? t->held[h].name : "没有单位名称",
			    t->held[h].file != NULL ? t->held[h].file : "?");
	if (t->nheld > 0)
		strbuf_adds(out, "（请在“待处理”页或用 tianbiao roster alias 设为别名、加入名单）\n");
}

void totals_text(const struct totals *t, struct strbuf *out)
{
	strbuf_add(out, "", 0);
	if (t->shape == TSH_LIST && t->form->ngroups == 1) {
		add_title(out, t, "汇总");
		list_text(out, t);
		missing_text(out, t, "单位");
	} else {
		add_title(out, t, t->shape == TSH_DIRECTORY ? "名录" : "汇总");
		directory_text(out, t);
		missing_text(out, t, "单位");
	}
}
