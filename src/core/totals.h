/*
 * totals.h - the district's totals of one form, keeping the units behind every figure.
 *
 * No SQL and no screen: the store gathers the roster units of a campaign year in the
 * district's order, each with its state and current copy (district_totals_units in
 * src/store/district_totals.h), and totals_build adds them up. Everything follows
 * from the form file, never from a particular form:
 *
 *   kind (by field type and place)          figure                     one level up
 *   count                      TK_SUM       the sum over the units     the sum
 *                                           that gave it, and how      (blank when no
 *                                           many left it blank         unit gave it)
 *   yesno                      TK_YESNO     是 N 个、否 M 个、未填 K 个  是 when any unit
 *                                                                      said 是, 否 when
 *                                                                      all that answered
 *                                                                      said 否
 *   choice, multi              TK_OPTIONS   per option, how many       the district's own
 *   longtext, and any blank    TK_LIST      each unit's text,          the units' texts
 *   inside a sentence (line)                prefixed with the unit     joined, when they fit
 *   a top-level field of its   TK_OWN       about the one reporting    the district's own
 *   own (text, phone, date …)               (填报单位, 联系人, 电话)     (填报单位 = district)
 *
 * Blank is never 0: a blank is counted as blank, never summed, and a figure nobody
 * gave stays blank. Only units in state TS_REPORTED are counted; a unit with a held
 * conflict (TS_CONFLICT) is shown as such and never counted, nor is a file held for a
 * name not on the roster (totals_held). A group field counts rows: "given" and
 * "blank" are rows of the counted units.
 *
 * What the outputs are follows from the form's layout (totals_shape): a form with
 * counts, yes/no or sentences is filled in with the totals (TSH_FORM: the paper form,
 * through the unit's text and .xlsx export, and the per-unit table 汇总表); a form
 * that is only a repeating group gives one table of every unit's rows sorted by date
 * (TSH_LIST); a form of fields about who reports gives the directory of every unit
 * (TSH_DIRECTORY). Every shape has the per-unit table (totals_table).
 *
 * A copy that is itself a lower level's total (a district's report, read by a city)
 * carries a summary (汇总说明: totals_summary) saying how many units it covers and
 * how many of them left each field blank; those are added up as "below" figures, so
 * that a city's sum of districts says what it does not hold either.
 */
#ifndef TB_TOTALS_H
#define TB_TOTALS_H

#include <time.h>

#include "export.h"
#include "form.h"
#include "record.h"
#include "util.h"

/* The CSV column of a report that carries its summary (export_opts.summary), and the
 * prefix of the note the import keeps it in on the copy (import.h). */
#define TOTALS_SUMMARY_LABEL "汇总说明"
#define TOTALS_NOTE_PREFIX "下级汇总："

/* ---- input: the roster units ------------------------------------------------------ */

enum totals_state {
	TS_MISSING,	/* 未报: no current copy */
	TS_REPORTED,	/* 已报: counted */
	TS_CONFLICT	/* 有冲突: a copy is held against the current one; shown, not counted */
};

/* One roster unit, in the district's order. totals_build takes ownership. */
struct totals_unit {
	char *name;
	int pos;		/* 1, 2, 3 … on the roster */
	enum totals_state state;
	struct record *rec;	/* its current copy (also for TS_CONFLICT), NULL when missing */
	long revision;		/* of the current copy */
	char received[40];	/* when its file came, ISO 8601; "" when entered here */
	char *file;		/* the file's name as received, or NULL */
	int nhard, nsoft;	/* problems of the current copy */
	int nconflicts;		/* copies held against it */
	char *summary;		/* 汇总说明 when the copy is itself a total, or NULL */
};

/* A file held for a name that is neither a roster unit nor an alias: shown, not counted. */
struct totals_held {
	char *name;		/* 填报单位 as the file has it */
	char *file;
	char received[40];
};

/* ---- the model --------------------------------------------------------------------- */

enum totals_kind { TK_SUM, TK_YESNO, TK_OPTIONS, TK_LIST, TK_OWN };

enum totals_shape { TSH_FORM, TSH_LIST, TSH_DIRECTORY };

/* The figures of one field over the counted units. */
struct totals_field {
	enum totals_kind kind;
	int given;		/* counted units (group: rows) that gave a value */
	int blank;		/* counted units (group: rows) that left it blank */
	long long sum;		/* TK_SUM: of the values given */
	int bad;		/* TK_SUM: values that are not a whole number (not summed) */
	int yes, no;		/* TK_YESNO */
	int *options;		/* TK_OPTIONS: [noptions + 1], the last one 其他 (or not offered) */
	int below_blank;	/* units under the counted totals that left it blank */
};

struct totals {
	const struct form *form;	/* borrowed */
	char *district;			/* the reporting district (填报单位), or NULL */
	enum totals_shape shape;
	struct totals_unit *units;	/* the roster in order */
	int nunits;
	struct totals_held *held;	/* of this form */
	int nheld;
	int counted, missing, conflicts;	/* units by state */
	int below_counted, below_total;	/* units covered by the counted totals (0 when none) */
	struct totals_field *fields;	/* [form->nfields], by field index */
};

/*
 * Add up the units (n of them, in roster order) and the held files of form f.
 * Takes ownership of both arrays and everything in them. district may be NULL.
 * Never fails.
 */
struct totals *totals_build(const struct form *f, const char *district, struct totals_unit *units,
			    int n, struct totals_held *held, int nheld);
void totals_free(struct totals *t);

/* Free units that were not handed to totals_build. */
void totals_units_free(struct totals_unit *u, int n);
void totals_held_free(struct totals_held *h, int n);

/* The kind of a field of f (see the table above) and the shape of f. */
enum totals_kind totals_kind_of(const struct form *f, int field);
enum totals_shape totals_shape_of(const struct form *f);

/* A unit's value (NULL when blank, missing, or row out of range); row ignored at top level. */
const char *totals_value(const struct totals *t, int unit, int field, int row);

/* ---- figures, as people read them (malloc'd) -------------------------------------- */

/*
 * What the totals cover, one line: 汇总 45/60 个单位；未报：甲、乙；有冲突（未计入）：丙；
 * 不在名单中（未计入）：丁（文件 x.csv）; with 下级 N/M 个单位 when the counted units are
 * totals themselves.
 */
char *totals_coverage(const struct totals *t);

/*
 * The figure of one field: 120, 120（3 个单位未填）, 未填（45 个单位）, 是 3 个、否 1 个、
 * 未填 2 个, 男 3 个、女 2 个、未填 1 个, or for TK_LIST/TK_OWN each unit's value as
 * "单位：值" joined by sep (NULL: "；"), then （N 个单位未填）. Below blanks add
 * （下级另有 N 个单位未填）. Group fields say 项 instead of 个单位.
 */
char *totals_figure(const struct totals *t, int field, const char *sep);

/* One unit behind a figure: who gave what, and who did not count. */
struct totals_source {
	int unit;		/* index in t->units */
	int row;		/* group row, or -1 */
	const char *value;	/* NULL: blank (or missing) */
	enum totals_state state;
};

/*
 * Every unit behind the figure of field, in roster order: the counted units with their
 * value or blank (one entry per row for a group field; a unit without rows gives one
 * blank entry), then the units with a conflict (their current value, not counted), then
 * the units that have not reported. Returns the count; *out malloc'd (free it).
 */
int totals_sources(const struct totals *t, int field, struct totals_source **out);

/* ---- the form filled in ------------------------------------------------------------ */

/*
 * A record of t->form for reading, to give to the unit's exports (export_text,
 * export_xlsx): every field holds its figure as text (totals_figure), TK_OWN fields the
 * district's own values from own (the district's copy of the form, or NULL) with
 * 填报单位 = the district; group rows are every counted unit's rows, each row's title
 * prefixed with its unit. *form is a shallow copy of t->form whose subtitle line is
 * totals_coverage (free it with free(), after the record; its fields are t->form's).
 * The record has no submission id and revision -1: the footer says 汇总时间.
 */
struct record *totals_display(const struct totals *t, const struct record *own,
			      struct form **form);

/*
 * The district's own copy of the form filled with the totals, in exactly a unit's
 * format, to send one level up (see the table above): values that pass the form's
 * checks, TK_OWN and TK_OPTIONS from own (NULL: blank), the unit field = the district,
 * a blank `today` field today; group rows are every counted unit's rows, sorted by date
 * when the group has one. The record has no id yet (the store gives it one). *notes
 * gets the lines to tell the district (what was left to it, NULL when none). Returns
 * NULL with *cause when the totals cannot be written in the form (a sum beyond the
 * digits a count may have, more rows than the group allows).
 */
struct record *totals_report(const struct totals *t, const struct record *own, char **notes,
			     char **cause);

/*
 * The 汇总说明 of a report, machine- and human-readable, fields by their CSV column name
 * (totals_summary_parse also reads the ids an earlier version wrote):
 *   汇总 45/60 个单位；下级 300/320 个单位；未填：理论学习中心组学习次数 3 个、…
 * (下级 only when the counted units were totals themselves; 未填 counts the units of the
 * lowest level that left a figure blank, for the figures only some of them left blank: a
 * figure all of them left blank is blank in the report itself, and is read so).
 */
char *totals_summary(const struct totals *t);

/* The fields some counted units left blank, with how many (units of the lowest level):
 * 理论学习中心组学习次数 1 个、…; NULL when none (a field nobody gave is blank anyway). */
char *totals_blanks(const struct totals *t);

/*
 * A shallow copy of t->form for a report's text and .xlsx: its subtitle says what the
 * report covers (totals_coverage) and one more note says which figures leave out units
 * that left them blank (totals_blanks). Fields and layout are the form's, so a record of
 * it exports in exactly a unit's format. Free with free().
 */
struct form *totals_report_form(const struct totals *t);

/* Read a summary: the units covered and on the roster, and per field of f (blank[nfields],
 * zeroed by the caller) the units that left it blank. 0, or -1 when s is not a summary. */
int totals_summary_parse(const char *s, const struct form *f, int *counted, int *total,
			 int *blank);

/* ---- the per-unit table (汇总表) ------------------------------------------------------ */

enum totals_row_kind {
	TR_UNIT,	/* a counted unit (one row per group row) */
	TR_MISSING,	/* 未报 */
	TR_CONFLICT,	/* 有冲突，未计入 */
	TR_HELD,	/* 不在名单中，未计入 */
	TR_TOTAL,	/* 合计 */
	TR_BLANKS	/* 未填: how many counted units (rows) left each field blank */
};

struct totals_row {
	enum totals_row_kind kind;
	int unit;		/* index in t->units, or -1 */
	int row;		/* group row, or -1 */
	char **cells;		/* [ncols], NULL = an empty cell */
};

/* Column kinds, for the writers: numbers are written as numbers, a blank stays blank. */
enum totals_col_kind { TC_POS, TC_UNIT, TC_STATE, TC_ROW, TC_FIELD, TC_REVISION, TC_RECEIVED };

struct totals_table {
	int ncols;
	char **heads;		/* [ncols] labels: 序号 单位 状态 [项] field labels… 修订号 收到时间 */
	enum totals_col_kind *cols;
	int *fields;		/* [ncols] field index for TC_FIELD, else -1 */
	int *numeric;		/* [ncols] the column holds numbers (序号, 项, 修订号, counts) */
	struct totals_row *rows;
	int nrows;
};

/*
 * The table of t: the units as rows in roster order (TSH_LIST: every counted unit's
 * rows sorted by date, the unit in its column), every field a column in layout order,
 * the units not counted as marked rows (values left out), then the held files, then a
 * 合计 row and a 未填 row when the form has counts, yes/no or choices. Free with
 * totals_table_free.
 */
void totals_table(const struct totals *t, struct totals_table *out);
void totals_table_free(struct totals_table *tb);

/* Is a cell a number to write as one (a count, a 序号, the 未填 row's counts)? A blank is
 * never a number. */
int totals_cell_is_number(const struct totals_table *tb, int row, int col);

/* The table as CSV (UTF-8 without BOM, CRLF; numbers bare, texts protected, csv.h). */
void totals_table_csv(const struct totals_table *tb, struct strbuf *out);

/*
 * The table as .xlsx (totals_xlsx.c): frozen header row, column widths, the 合计 row
 * bold, the rows of units not counted shaded, title and coverage above; when is the
 * workbook's time (the same totals and time give the same bytes). Written through
 * a temporary file in tmpdir (NULL: $TMPDIR or /tmp) and read back into out. 0, or -1
 * with *cause.
 */
int totals_table_xlsx(const struct totals *t, const struct totals_table *tb, time_t when,
		      const char *tmpdir, struct strbuf *out, char **cause);

/*
 * The text of a TSH_LIST or TSH_DIRECTORY form (a TSH_FORM's text is export_text of
 * totals_display): title, coverage, then the combined rows sorted by date or the units
 * in roster order with their fields, and the units not counted. LF line ends.
 */
void totals_text(const struct totals *t, struct strbuf *out);

/* ---- the files (totals_files.c) ------------------------------------------------------- */

/* One file to write: its name (no directory) and its bytes. */
struct totals_file {
	char *name;
	struct strbuf data;
};
struct totals_files {
	struct totals_file f[4];
	int n;
};

/*
 * The files of the totals of t (not a report), rendered in memory: for a TSH_FORM the form
 * filled in with the figures (UNIT_附件N_表名_YYYYMMDD_汇总.txt and .xlsx, through the
 * unit's export of totals_display with own's 联系人 …), else the list or directory as
 * _汇总.txt; and the per-unit table _汇总表.csv and .xlsx. formats is EXPORT_TEXT | ...;
 * unit names the district (NULL: 本区); when is the time in the files and the date in
 * their names. `tianbiao totals` and the 汇总 page both write exactly these. 0, or -1 with
 * *cause (nothing kept).
 */
int totals_files_render(const struct totals *t, const struct record *own, int formats,
			enum export_encoding enc, time_t when, const char *unit,
			struct totals_files *o, char **cause);
/* Write them into dir (made when missing), each atomically, in order; *written counts the
 * files written. 0, or -1 with *cause. */
int totals_files_write(const struct totals_files *o, const char *dir, int *written,
		       char **cause);
void totals_files_free(struct totals_files *o);

/*
 * The report rep (totals_report, kept by the store) as the record to export: the same
 * values under *copy, the form whose subtitle and note say what the report covers
 * (totals_report_form; free() it); rep's group rows move into it. Export it with
 * export_opts.csv_extra_label TOTALS_SUMMARY_LABEL and the summary as csv_extra_value.
 */
struct record *totals_report_copy(const struct totals *t, struct record *rep,
				  struct form **copy);

#endif
