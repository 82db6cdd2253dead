/* totals.c - adding up the units of a form, figures, the form filled in and the report one
 * level up (contract in totals.h). */
#include "totals.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"

/* ---- kinds and shape ----------------------------------------------------------------- */

/* Is the field a blank inside a sentence (at top level or in a group row)? */
static int in_line(const struct form *f, int field)
{
	const struct form_field *fld = &f->fields[field];
	const struct form_item *items = f->items;
	int nitems = f->nitems;

	if (fld->group >= 0) {
		items = f->groups[fld->group].items;
		nitems = f->groups[fld->group].nitems;
	}
	for (int i = 0; i < nitems; i++)
		if (items[i].kind == IT_LINE)
			for (int k = 0; k < items[i].nsegs; k++)
				if (items[i].segs[k].field == field)
					return 1;
	return 0;
}

enum totals_kind totals_kind_of(const struct form *f, int field)
{
	const struct form_field *fld = &f->fields[field];

	switch (fld->type) {
	case FT_COUNT:
		return TK_SUM;
	case FT_YESNO:
		return TK_YESNO;
	case FT_CHOICE:
	case FT_MULTI:
		return TK_OPTIONS;
	case FT_LONGTEXT:
		return TK_LIST;
	default:
		/* A field on a line of its own at top level is about the one reporting;
		 * a blank in a sentence and a group row's field are what each unit did. */
		return fld->group >= 0 || in_line(f, field) ? TK_LIST : TK_OWN;
	}
}

enum totals_shape totals_shape_of(const struct form *f)
{
	for (int i = 0; i < f->nfields; i++) {
		enum totals_kind k = totals_kind_of(f, i);

		if (f->fields[i].group >= 0)
			continue;
		if (k == TK_SUM || k == TK_YESNO || k == TK_LIST || in_line(f, i))
			return TSH_FORM;
	}
	return f->ngroups > 0 ? TSH_LIST : TSH_DIRECTORY;
}

/* ---- building ------------------------------------------------------------------------- */

/* A count as stored (digits only): 1 with *v, 0 when it is not a whole number we can add. */
static int count_value(const char *s, long long *v)
{
	long long n = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > (LLONG_MAX - 9) / 10)
			return 0;
		n = n * 10 + (*p - '0');
	}
	*v = n;
	return 1;
}

/* Count one value of a field into its figures. */
static void add_value(const struct form *f, int field, struct totals_field *tf, const char *v)
{
	const struct form_field *fld = &f->fields[field];
	long long n;

	if (v == NULL) {
		tf->blank++;
		return;
	}
	tf->given++;
	switch (tf->kind) {
	case TK_SUM:
		if (count_value(v, &n) && tf->sum <= LLONG_MAX - n)
			tf->sum += n;
		else
			tf->bad++;
		break;
	case TK_YESNO:
		if (strcmp(v, "是") == 0)
			tf->yes++;
		else if (strcmp(v, "否") == 0)
			tf->no++;
		else
			tf->bad++;
		break;
	case TK_OPTIONS:
		if (fld->type == FT_MULTI) {
			int *chosen = xcalloc((size_t)fld->noptions + 1, sizeof *chosen);
			char *other = NULL;

			check_multi_split(fld, v, chosen, &other);
			for (int o = 0; o < fld->noptions; o++)
				tf->options[o] += chosen[o];
			if (other != NULL)
				tf->options[fld->noptions]++;
			free(other);
			free(chosen);
		} else {
			int o;

			for (o = 0; o < fld->noptions; o++)
				if (strcmp(v, fld->options[o]) == 0)
					break;
			tf->options[o]++;
		}
		break;
	default:
		break;
	}
}

/* Count a counted unit's copy into every field. */
static void add_unit(struct totals *t, const struct record *rec)
{
	const struct form *f = t->form;

	for (int i = 0; i < f->nfields; i++) {
		int g = f->fields[i].group;

		if (g < 0) {
			add_value(f, i, &t->fields[i], record_get(rec, i, -1));
			continue;
		}
		for (int row = 0; row < rec->nrows[g]; row++)
			add_value(f, i, &t->fields[i], record_get(rec, i, row));
	}
}

static int unit_below(const struct totals *t, const struct totals_unit *tu, int *counted,
		      int *total, int *blank);

/* Add what a counted unit's summary says it covers. */
static void add_below(struct totals *t, const struct totals_unit *tu)
{
	int counted = 0, total = 0, *blank = xcalloc((size_t)t->form->nfields + 1, sizeof *blank);

	if (unit_below(t, tu, &counted, &total, blank)) {
		t->below_counted += counted;
		t->below_total += total;
		for (int i = 0; i < t->form->nfields; i++)
			t->fields[i].below_blank += blank[i];
	}
	free(blank);
}

struct totals *totals_build(const struct form *f, const char *district, struct totals_unit *units,
			    int n, struct totals_held *held, int nheld)
{
	struct totals *t = xcalloc(1, sizeof *t);

	t->form = f;
	t->district = district != NULL ? xstrdup(district) : NULL;
	t->shape = totals_shape_of(f);
	t->units = units;
	t->nunits = n;
	t->held = held;
	t->nheld = nheld;
	t->fields = xcalloc((size_t)f->nfields + 1, sizeof *t->fields);
	for (int i = 0; i < f->nfields; i++) {
		t->fields[i].kind = totals_kind_of(f, i);
		if (t->fields[i].kind == TK_OPTIONS)
			t->fields[i].options =
				xcalloc((size_t)f->fields[i].noptions + 1, sizeof(int));
	}
	for (int u = 0; u < n; u++) {
		struct totals_unit *tu = &units[u];

		if (tu->state == TS_REPORTED && tu->rec == NULL)
			tu->state = TS_MISSING;
		if (tu->state == TS_MISSING) {
			t->missing++;
		} else if (tu->state == TS_CONFLICT) {
			t->conflicts++;
		} else {
			t->counted++;
			add_unit(t, tu->rec);
			add_below(t, tu);
		}
	}
	return t;
}

void totals_units_free(struct totals_unit *u, int n)
{
	for (int i = 0; i < n; i++) {
		free(u[i].name);
		free(u[i].file);
		free(u[i].summary);
		record_free(u[i].rec);
	}
	free(u);
}

void totals_held_free(struct totals_held *h, int n)
{
	for (int i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].file);
	}
	free(h);
}

void totals_free(struct totals *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->form->nfields; i++)
		free(t->fields[i].options);
	free(t->fields);
	totals_units_free(t->units, t->nunits);
	totals_held_free(t->held, t->nheld);
	free(t->district);
	free(t);
}

const char *totals_value(const struct totals *t, int unit, int field, int row)
{
	if (unit < 0 || unit >= t->nunits)
		return NULL;
	return record_get(t->units[unit].rec, field, row);
}

/* ---- figures --------------------------------------------------------------------------- */

/* Names of the units in a state, joined by 、. */
static void add_names(struct strbuf *sb, const struct totals *t, enum totals_state state)
{
	int k = 0;

	for (int u = 0; u < t->nunits; u++)
		if (t->units[u].state == state)
			strbuf_addf(sb, "%s%s", k++ ? "、" : "", t->units[u].name);
}

char *totals_coverage(const struct totals *t)
{
	struct strbuf sb = STRBUF_INIT;

	if (t->nunits == 0)
		strbuf_adds(&sb, "名单上还没有单位（tianbiao roster add 单位名称 添加）");
	else
		strbuf_addf(&sb, "汇总 %d/%d 个单位", t->counted, t->nunits);
	if (t->below_total > 0)
		strbuf_addf(&sb, "（下级 %d/%d 个单位）", t->below_counted, t->below_total);
	if (t->missing > 0) {
		strbuf_adds(&sb, "；未报：");
		add_names(&sb, t, TS_MISSING);
	}
	if (t->conflicts > 0) {
		strbuf_adds(&sb, "；有冲突（未计入）：");
		add_names(&sb, t, TS_CONFLICT);
	}
	if (t->nheld > 0) {
		strbuf_adds(&sb, "；不在名单中（未计入）：");
		for (int i = 0; i < t->nheld; i++)
			strbuf_addf(&sb, "%s%s（文件 %s）", i ? "、" : "",
				    t->held[i].name != NULL ? t->held[i].name : "没有单位名称",
				    t->held[i].file != NULL ? t->held[i].file : "?");
	}
	return strbuf_detach(&sb);
}

/* The word for what a field's figures count: units at top level, items in a group. */
static const char *what(const struct form *f, int field)
{
	return f->fields[field].group >= 0 ? "项" : "个单位";
}

/* The remarks after a figure: （3 个单位未填；下级另有 2 个单位未填）, or nothing; inside a
 * sentence's brackets (in_line) as ，3 个单位未填，下级另有 … instead. */
static void add_remarks(struct strbuf *sb, const struct totals *t, int field, int blank,
			int in_line)
{
	const struct totals_field *tf = &t->fields[field];
	const char *sep = in_line ? "，" : "（";
	int k = 0;

	if (blank && tf->blank > 0 && tf->given > 0) {
		strbuf_addf(sb, "%s%d %s未填", sep, tf->blank, what(t->form, field));
		sep = in_line ? "，" : "；";
		k++;
	}
	if (tf->bad > 0) {
		strbuf_addf(sb, "%s%d %s填的不是%s，未计入", sep, tf->bad, what(t->form, field),
			    tf->kind == TK_SUM ? "整数" : "“是”或“否”");
		sep = in_line ? "，" : "；";
		k++;
	}
	/* Below a figure nobody gave, everybody left it blank: nothing more to say. */
	if (tf->below_blank > 0 && tf->given > 0) {
		strbuf_addf(sb, "%s下级另有 %d 个单位未填", sep, tf->below_blank);
		k++;
	}
	if (k > 0 && !in_line)
		strbuf_adds(sb, "）");
}

/* Each counted unit's value as 单位：值 joined by sep, then (remarks) how many left it blank. */
static void add_list(struct strbuf *sb, const struct totals *t, int field, const char *sep,
		     int remarks)
{
	const struct form *f = t->form;
	int g = f->fields[field].group, k = 0;

	for (int u = 0; u < t->nunits; u++) {
		const struct totals_unit *tu = &t->units[u];
		int nrows = g >= 0 ? tu->rec != NULL ? tu->rec->nrows[g] : 0 : 1;

		if (tu->state != TS_REPORTED)
			continue;
		for (int row = 0; row < nrows; row++) {
			const char *v = record_get(tu->rec, field, g >= 0 ? row : -1);

			if (v == NULL)
				continue;
			strbuf_addf(sb, "%s%s", k++ ? sep : "", tu->name);
			if (g >= 0)
				strbuf_addf(sb, "（第%d项）", row + 1);
			strbuf_addf(sb, "：%s", v);
		}
	}
	if (!remarks)
		return;
	if (k == 0 && t->fields[field].blank > 0)
		strbuf_addf(sb, "未填（%d %s）", t->fields[field].blank, what(f, field));
	else if (t->fields[field].blank > 0)
		strbuf_addf(sb, "（%d %s未填）", t->fields[field].blank, what(f, field));
	add_remarks(sb, t, field, 0, 0);
}

/* The figure of a field; in_line: the way it reads inside a sentence's brackets. */
static char *figure(const struct totals *t, int field, const char *sep, int in_line)
{
	const struct form_field *fld = &t->form->fields[field];
	const struct totals_field *tf = &t->fields[field];
	const char *w = fld->group >= 0 ? "项" : "个";
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "", 0);
	if (t->counted == 0 && tf->kind != TK_OWN) {
		strbuf_adds(&sb, in_line ? "还没有单位报送" : "（还没有单位报送）");
		return strbuf_detach(&sb);
	}
	switch (tf->kind) {
	case TK_SUM:
		if (tf->given - tf->bad > 0)
			strbuf_addf(&sb, "%lld", tf->sum);
		else if (in_line && tf->bad == 0)
			strbuf_adds(&sb, "均未填");
		else
			strbuf_addf(&sb, "未填（%d %s）", tf->blank, what(t->form, field));
		add_remarks(&sb, t, field, tf->given - tf->bad > 0, in_line);
		break;
	case TK_YESNO:
		strbuf_addf(&sb, "是 %d %s、否 %d %s、未填 %d %s", tf->yes, w, tf->no, w, tf->blank,
			    w);
		add_remarks(&sb, t, field, 0, 0);
		break;
	case TK_OPTIONS:
		for (int o = 0; o < fld->noptions; o++)
			strbuf_addf(&sb, "%s%s %d %s", o ? "、" : "", fld->options[o], tf->options[o],
				    w);
		if (tf->options[fld->noptions] > 0 || fld->other)
			strbuf_addf(&sb, "%s其他 %d %s", fld->noptions ? "、" : "",
				    tf->options[fld->noptions], w);
		strbuf_addf(&sb, "、未%s %d %s", fld->type == FT_MULTI ? "选" : "填", tf->blank, w);
		add_remarks(&sb, t, field, 0, 0);
		break;
	default:
		add_list(&sb, t, field, sep != NULL ? sep : "；", 1);
		break;
	}
	return strbuf_detach(&sb);
}

char *totals_figure(const struct totals *t, int field, const char *sep)
{
	return figure(t, field, sep, 0);
}

/* Append one source. */
static void source_add(struct totals_source **out, int *n, int unit, int row, const char *v,
		       enum totals_state state)
{
	*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
	(*out)[(*n)++] = (struct totals_source){ unit, row, v, state };
}

int totals_sources(const struct totals *t, int field, struct totals_source **out)
{
	static const enum totals_state order[] = { TS_REPORTED, TS_CONFLICT, TS_MISSING };
	int g = t->form->fields[field].group, n = 0;

	*out = NULL;
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		for (int u = 0; u < t->nunits; u++) {
			const struct totals_unit *tu = &t->units[u];
			int nrows;

			if (tu->state != order[k])
				continue;
			if (tu->rec == NULL || g < 0 || tu->rec->nrows[g] == 0) {
				source_add(out, &n, u, -1,
					   g < 0 ? record_get(tu->rec, field, -1) : NULL, tu->state);
				continue;
			}
			nrows = tu->rec->nrows[g];
			for (int row = 0; row < nrows; row++)
				source_add(out, &n, u, row, record_get(tu->rec, field, row),
					   tu->state);
		}
	}
	return n;
}

/* ---- the form filled in ----------------------------------------------------------------- */

/* The field that names a group's rows (its title, else its first field), or -1. */
static int row_title(const struct form *f, int g)
{
	const struct form_group *grp = &f->groups[g];
	int title = grp->title_field != NULL ? form_field_index(f, grp->title_field) : -1;

	return title >= 0 ? title : grp->nfields > 0 ? grp->fields[0] : -1;
}

/* One counted unit's group row. */
struct urow {
	int unit, row;
	long key;		/* date order, LONG_MAX when the row has no date we can read */
};

/* Order rows by date, then roster order, then row. */
static int urow_cmp(const void *a, const void *b)
{
	const struct urow *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* The first date or date-range field of group g, or -1. */
static int group_date(const struct form *f, int g)
{
	const struct form_group *grp = &f->groups[g];

	for (int k = 0; k < grp->nfields; k++) {
		enum field_type ty = f->fields[grp->fields[k]].type;

		if (ty == FT_DATE || ty == FT_DATERANGE)
			return grp->fields[k];
	}
	return -1;
}

/* A key that orders a date value (the start of a range); LONG_MAX when not a date. */
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

/* Every counted unit's rows of group g, sorted by date when sort is set and the group
 * has a date (else in roster order). Returns the count, *out malloc'd. */
static int group_rows(const struct totals *t, int g, int sort, struct urow **out)
{
	int date = group_date(t->form, g), n = 0;

	*out = NULL;
	for (int u = 0; u < t->nunits; u++) {
		const struct totals_unit *tu = &t->units[u];

		if (tu->state != TS_REPORTED)
			continue;
		for (int row = 0; row < tu->rec->nrows[g]; row++) {
			*out = xreallocarray(*out, (size_t)n + 1, sizeof **out);
			(*out)[n].unit = u;
			(*out)[n].row = row;
			(*out)[n].key = sort && date >= 0
						? date_order(t->form, record_get(tu->rec, date, row))
						: 0;
			n++;
		}
	}
	if (n > 1 && sort)
		qsort(*out, (size_t)n, sizeof **out, urow_cmp);
	return n;
}

/* Put rows into a record's group g directly (a record_row_add stops at the group's max,
 * which a district's total may exceed); each value copied, prefix before the title. */
static void fill_rows(struct record *r, const struct totals *t, int g, const struct urow *rows,
		      int n, int prefix)
{
	const struct form_group *grp = &t->form->groups[g];
	int title = prefix ? row_title(t->form, g) : -1;

	if (n == 0)
		return;
	r->rows[g] = xcalloc((size_t)n * (size_t)grp->nfields + 1, sizeof(char *));
	r->nrows[g] = n;
	for (int i = 0; i < n; i++) {
		const struct totals_unit *tu = &t->units[rows[i].unit];

		for (int k = 0; k < grp->nfields; k++) {
			int fi = grp->fields[k];
			const char *v = record_get(tu->rec, fi, rows[i].row);
			char *cell;

			if (fi == title)
				cell = xasprintf("%s：%s", tu->name, v != NULL ? v : "");
			else
				cell = v != NULL ? xstrdup(v) : NULL;
			r->rows[g][(size_t)i * (size_t)grp->nfields + (size_t)k] = cell;
		}
	}
}

/* The district's name, or what the files say when it has none yet. */
static const char *district_of(const struct totals *t)
{
	return t->district != NULL && *t->district != '\0' ? t->district : "本区";
}

struct record *totals_display(const struct totals *t, const struct record *own,
			      struct form **form)
{
	const struct form *f = t->form;
	char *cover = totals_coverage(t), *sub;
	size_t fsz = sizeof(struct form), lsz = (size_t)f->nfields * sizeof(struct form_field);
	struct form_field *fields;
	struct record *r;
	struct form *copy;

	if (f->subtitle != NULL && !f->subtitle_guide)
		sub = xasprintf("%s　%s", f->subtitle, cover);
	else
		sub = xstrdup(cover);
	free(cover);
	/* One block: the form, its fields (all text: every figure is shown as written), the
	 * subtitle; freed with one free(). */
	copy = xmalloc(fsz + lsz + strlen(sub) + 1);
	*copy = *f;
	fields = (struct form_field *)(void *)((char *)copy + fsz);
	if (lsz > 0)
		memcpy(fields, f->fields, lsz);
	for (int i = 0; i < f->nfields; i++)
		fields[i].type = FT_TEXT;
	copy->fields = fields;
	copy->subtitle = strcpy((char *)copy + fsz + lsz, sub);
	copy->subtitle_guide = 0;
	free(sub);
	*form = copy;

	r = record_new(copy);
	r->unit = xstrdup(district_of(t));
	r->revision = -1;	/* not a unit's copy: the footer says when it was added up */
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		char *v;

		if (fld->group >= 0)
			continue;
		if (t->fields[i].kind == TK_OWN) {
			const char *o = own != NULL ? record_get(own, i, -1) : NULL;
			char *d = o == NULL && fld->today ? check_default(f, fld, NULL) : NULL;

			record_set(r, i, -1, fld->unit ? district_of(t) : d != NULL ? d : o);
			free(d);
			continue;
		}
		v = figure(t, i, fld->type == FT_LONGTEXT ? "\n" : "；",
			   fld->type == FT_COUNT && in_line(f, i));
		record_set(r, i, -1, v);
		free(v);
	}
	for (int g = 0; g < f->ngroups; g++) {
		struct urow *rows;
		int n = group_rows(t, g, t->shape == TSH_LIST, &rows);

		fill_rows(r, t, g, rows, n, 1);
		free(rows);
	}
	return r;
}

/* ---- the report one level up ------------------------------------------------------------ */

/* Append a line to the notes. */
static void note_add(struct strbuf *notes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note_add(struct strbuf *notes, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_addf(notes, "%s\n", s);
	free(s);
}

/* Set a report value when it passes the field's check; 0, or -1 with the check's message. */
static int report_set(struct record *r, int field, const char *v, char msg[256])
{
	const struct form *f = r->form;
	struct check_result res;

	check_value(f, &f->fields[field], v, &res);
	if (res.level == CHECK_HARD) {
		snprintf(msg, 256, "%s", res.msg);
		free(res.value);
		return -1;
	}
	record_set(r, field, -1, res.value);
	free(res.value);
	return 0;
}

/* The value of one top-level field in the report (*v malloc'd or NULL); -1 with *cause
 * when the totals cannot be written in it. */
static int report_field(const struct totals *t, const struct record *own, struct record *r,
			int i, struct strbuf *notes, char **cause)
{
	const struct form *f = t->form;
	const struct form_field *fld = &f->fields[i];
	const struct totals_field *tf = &t->fields[i];
	const char *o = own != NULL ? record_get(own, i, -1) : NULL;
	char msg[256], *v;

	switch (tf->kind) {
	case TK_SUM:
		if (tf->given - tf->bad == 0)
			return 0;
		v = xasprintf("%lld", tf->sum);
		if (report_set(r, i, v, msg) != 0) {
			*cause = xasprintf("%s：合计 %s，%s。上报表写不下这个数，没有写上报表。", fld->label,
					   v, msg);
			free(v);
			return -1;
		}
		free(v);
		return 0;
	case TK_YESNO:
		if (tf->yes > 0 || tf->no > 0)
			record_set(r, i, -1, tf->yes > 0 ? "是" : "否");
		return 0;
	case TK_LIST:
		if (tf->given > 0) {
			struct strbuf sb = STRBUF_INIT;

			/* What the units wrote, without the remarks on blanks (the summary
			 * carries those). */
			add_list(&sb, t, i, fld->type == FT_LONGTEXT ? "\n" : "；", 0);
			v = strbuf_detach(&sb);
			if (report_set(r, i, v, msg) == 0) {
				free(v);
				return 0;
			}
			free(v);
			note_add(notes, "%s：各单位填写的文字合起来%s，没有写进上报表%s。", fld->label, msg,
				 o != NULL ? "（用了本区自己填的）" : "；请在本区自己的表里填写");
		}
		record_set(r, i, -1, o);
		return 0;
	default:
		break;
	}
	if (fld->unit) {
		record_set(r, i, -1, district_of(t));
	} else if (o == NULL && fld->today) {
		char *d = check_default(f, fld, NULL);

		record_set(r, i, -1, d);
		free(d);
	} else {
		record_set(r, i, -1, o);
		if (o == NULL && fld->required)
			note_add(notes, "%s：本区自己的表里还没有填写。请在屏幕的“本单位的表”里，或用 "
				 "tianbiao set %s.%s 值 填写，再上报。", fld->label, f->id, fld->id);
	}
	return 0;
}

struct record *totals_report(const struct totals *t, const struct record *own, char **notes,
			     char **cause)
{
	const struct form *f = t->form;
	struct record *r = record_new(f);
	struct strbuf nb = STRBUF_INIT;

	*notes = NULL;
	*cause = NULL;
	r->unit = xstrdup(district_of(t));
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].group < 0 && report_field(t, own, r, i, &nb, cause) != 0)
			goto fail;
	for (int g = 0; g < f->ngroups; g++) {
		const struct form_group *grp = &f->groups[g];
		struct urow *rows;
		int n = group_rows(t, g, 1, &rows);

		if (grp->max > 0 && n > grp->max) {
			*cause = xasprintf("各单位的%s合计 %d 项，表单“%s”最多 %d 项，上报表放不下，没有写"
					   "上报表。请让管表单文件的同事把 %s 里的 max=%d 改大（上级也要用"
					   "同样的表单文件），或只上报汇总表。", grp->label, n, f->name,
					   grp->max, f->path != NULL ? f->path : f->id, grp->max);
			free(rows);
			goto fail;
		}
		fill_rows(r, t, g, rows, n, 0);
		free(rows);
	}
	if (t->counted < t->nunits || t->nheld > 0) {
		char *c = totals_coverage(t);

		note_add(&nb, "上报表只含已计入的单位（%s）。", c);
		free(c);
	}
	*notes = nb.len > 0 ? strbuf_detach(&nb) : NULL;
	strbuf_free(&nb);
	return r;
fail:
	strbuf_free(&nb);
	record_free(r);
	return NULL;
}

/* ---- the summary of a report -------------------------------------------------------------- */

/* Is a field's blank count part of the summary (a top-level figure, not about the one
 * reporting)? */
static int summary_field(const struct totals *t, int i)
{
	return t->form->fields[i].group < 0 && t->fields[i].kind != TK_OWN;
}


/* Does a counted unit's summary parse? Then its units and blanks (blank zeroed here): a
 * summary names the figures only some of its units left blank; a figure it left blank
 * was left blank by all of them. */
static int unit_below(const struct totals *t, const struct totals_unit *tu, int *counted,
		      int *total, int *blank)
{
	const struct form *f = t->form;

	memset(blank, 0, (size_t)f->nfields * sizeof *blank);
	if (tu->summary == NULL || totals_summary_parse(tu->summary, f, counted, total, blank) != 0)
		return 0;
	for (int i = 0; i < f->nfields; i++)
		if (summary_field(t, i) && blank[i] == 0 && record_get(tu->rec, i, -1) == NULL)
			blank[i] = *counted;
	return 1;
}

/* Blanks in units of the lowest level, per field (a total counts its own, a unit 1), and
 * the units covered there; 1 when some counted unit was a total itself. */
static int base_blanks(const struct totals *t, int *blank, int *bc, int *bt)
{
	const struct form *f = t->form;
	int *ub = xcalloc((size_t)f->nfields + 1, sizeof *ub);
	int below = 0;

	*bc = *bt = 0;
	for (int u = 0; u < t->nunits; u++) {
		const struct totals_unit *tu = &t->units[u];
		int c, n;

		if (tu->state != TS_REPORTED)
			continue;
		if (unit_below(t, tu, &c, &n, ub)) {
			below = 1;
			*bc += c;
			*bt += n;
			for (int i = 0; i < f->nfields; i++)
				blank[i] += ub[i];
			continue;
		}
		(*bc)++;
		(*bt)++;
		for (int i = 0; i < f->nfields; i++)
			if (f->fields[i].group < 0 && record_get(tu->rec, i, -1) == NULL)
				blank[i]++;
	}
	free(ub);
	return below;
}

char *totals_summary(const struct totals *t)
{
	const struct form *f = t->form;
	struct strbuf sb = STRBUF_INIT;
	int *blank = xcalloc((size_t)f->nfields + 1, sizeof *blank);
	int bc, bt, k = 0;

	strbuf_addf(&sb, "汇总 %d/%d 个单位", t->counted, t->nunits);
	if (base_blanks(t, blank, &bc, &bt))
		strbuf_addf(&sb, "；下级 %d/%d 个单位", bc, bt);
	/* Only the figures some units left blank: one that all left blank is blank itself. */
	for (int i = 0; i < f->nfields; i++)
		if (summary_field(t, i) && blank[i] > 0 && blank[i] < bc)
			strbuf_addf(&sb, "%s%s %d 个", k++ ? "、" : "；未填：", f->fields[i].column,
				    blank[i]);
	free(blank);
	return strbuf_detach(&sb);
}

char *totals_blanks(const struct totals *t)
{
	const struct form *f = t->form;
	struct strbuf sb = STRBUF_INIT;
	int *blank = xcalloc((size_t)f->nfields + 1, sizeof *blank);
	int bc, bt, k = 0;

	base_blanks(t, blank, &bc, &bt);
	for (int i = 0; i < f->nfields; i++)
		if (summary_field(t, i) && blank[i] > 0 && blank[i] < bc)
			strbuf_addf(&sb, "%s%s %d 个", k++ ? "、" : "", f->fields[i].label, blank[i]);
	free(blank);
	if (k == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

struct form *totals_report_form(const struct totals *t)
{
	const struct form *f = t->form;
	char *cover = totals_coverage(t), *blanks = totals_blanks(t), *note = NULL;
	size_t n = (size_t)f->nnotes + 1, fsz = sizeof(struct form), psz = n * sizeof(char *);
	size_t gsz = n * sizeof(int), clen = strlen(cover) + 1, nlen;
	struct form *copy;
	char *p;

	if (blanks != NULL)
		note = xasprintf("合计只加了填写的单位，以下各项有单位未填（不是 0）：%s。", blanks);
	nlen = note != NULL ? strlen(note) + 1 : 1;
	/* One block: the form, its notes with one more, their guide marks, the two texts. */
	copy = xmalloc(fsz + psz + gsz + clen + nlen);
	*copy = *f;
	copy->notes = (char **)(void *)((char *)copy + fsz);
	copy->note_guide = (int *)(void *)((char *)copy + fsz + psz);
	for (int i = 0; i < f->nnotes; i++) {
		copy->notes[i] = f->notes[i];
		copy->note_guide[i] = f->note_guide[i];
	}
	p = (char *)copy + fsz + psz + gsz;
	copy->subtitle = memcpy(p, cover, clen);
	copy->subtitle_guide = 0;
	if (note != NULL) {
		copy->notes[f->nnotes] = memcpy(p + clen, note, nlen);
		copy->note_guide[f->nnotes] = 0;
		copy->nnotes = f->nnotes + 1;
	}
	free(cover);
	free(blanks);
	free(note);
	return copy;
}

/* Read "A/B 个单位" at *p; 0 and p moved past it, or -1. */
static int read_pair(const char **p, int *a, int *b)
{
	char *end;
	long x, y;

	x = strtol(*p, &end, 10);
	if (end == *p || *end != '/' || x < 0 || x > INT_MAX)
		return -1;
	*p = end + 1;
	y = strtol(*p, &end, 10);
	if (end == *p || y < 0 || y > INT_MAX)
		return -1;
	*p = end;
	*a = (int)x;
	*b = (int)y;
	if (str_starts(*p, " 个单位"))
		*p += strlen(" 个单位");
	return 0;
}

/* The space before the count of one "NAME N 个" at p: the first space followed by digits
 * and then " 个", "、", "；" or the end (a column name may hold 、 itself); NULL if none. */
static const char *blank_count_at(const char *p)
{
	for (const char *sp = strchr(p, ' '); sp != NULL; sp = strchr(sp + 1, ' ')) {
		const char *d = sp + 1;

		if (*d < '0' || *d > '9')
			continue;
		while (*d >= '0' && *d <= '9')
			d++;
		if (*d == '\0' || str_starts(d, " 个") || str_starts(d, "、") || str_starts(d, "；"))
			return sp;
	}
	return NULL;
}

/* The field a summary names by its column (or, as written before 0.2, by its id). */
static int summary_field_at(const struct form *f, const char *name, size_t len)
{
	for (int i = 0; i < f->nfields; i++) {
		const char *c = f->fields[i].column != NULL ? f->fields[i].column : f->fields[i].label;

		if ((strlen(c) == len && memcmp(c, name, len) == 0) ||
		    (strlen(f->fields[i].id) == len && memcmp(f->fields[i].id, name, len) == 0))
			return i;
	}
	return -1;
}

int totals_summary_parse(const char *s, const struct form *f, int *counted, int *total,
			 int *blank)
{
	const char *p = s;
	int has_below = 0, bc = 0, bt = 0;

	if (s == NULL || !str_starts(p, "汇总 "))
		return -1;
	p += strlen("汇总 ");
	if (read_pair(&p, counted, total) != 0)
		return -1;
	while (*p != '\0') {
		if (!str_starts(p, "；"))
			return -1;
		p += strlen("；");
		if (str_starts(p, "下级 ")) {
			p += strlen("下级 ");
			if (read_pair(&p, &bc, &bt) != 0)
				return -1;
			has_below = 1;
		} else if (str_starts(p, "未填：")) {
			p += strlen("未填：");
			for (;;) {
				const char *sp = blank_count_at(p);
				char *end;
				long n;
				int fi;

				if (sp == NULL)
					return -1;
				n = strtol(sp + 1, &end, 10);
				fi = summary_field_at(f, p, (size_t)(sp - p));
				if (end == sp + 1 || n < 0 || n > INT_MAX)
					return -1;
				if (fi >= 0)
					blank[fi] = (int)n;
				p = end;
				if (str_starts(p, " 个"))
					p += strlen(" 个");
				if (!str_starts(p, "、"))
					break;
				p += strlen("、");
			}
		} else {
			/* A part a later version may add: skipped up to the next one. */
			const char *next = strstr(p, "；");

			p = next != NULL ? next : p + strlen(p);
		}
	}
	if (has_below) {
		*counted = bc;
		*total = bt;
	}
	return 0;
}
