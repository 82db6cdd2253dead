/*
 * export.h - what the clerk sends: a text file laid out like the paper form, a CSV
 * file that Excel, WPS and LibreOffice open without changing a value, and an .xlsx
 * file laid out like the paper (xlsx.c).
 *
 * Every file is built in memory from a form and a record, encoded, then written
 * with fileio_write_atomic. Nothing here touches the database: the caller says
 * when the export happened (export_opts.when), so that exporting an unchanged
 * form again gives the same bytes under the same name.
 *
 * The outbox holds exactly one current file per form and format: export_write
 * leaves an identical file alone, and moves an earlier, different one (and any
 * older copy of the same form and format) into the folder 旧版本/ beside it -
 * never deleted, never overwritten.
 *
 * CSV layout (docs/exports.md, "The CSV"): the first row holds the Chinese column
 * headers; each data row starts with the meta columns 填报单位, 表单编号, 表单版本,
 * 提交编号, 修订号, 修改时间 (and 序号 for a form with a repeating group, one row per
 * group row), then one column per field in layout order, headed by its label.
 * Counts are bare numbers; a blank is an empty cell; a text a spreadsheet would
 * turn into a number, date or boolean is protected (csv.h).
 */
#ifndef TB_EXPORT_H
#define TB_EXPORT_H

#include <time.h>

#include "form.h"
#include "record.h"
#include "util.h"

enum export_encoding { ENC_UTF8 = 0, ENC_GB18030 = 1 };

/* The formats, as bits; EXPORT_ALL is what the screens write. */
#define EXPORT_TEXT 1
#define EXPORT_CSV 2
#define EXPORT_XLSX 4
#define EXPORT_ALL (EXPORT_TEXT | EXPORT_CSV | EXPORT_XLSX)
#define EXPORT_NFORMATS 3

/* The folder beside the current files that holds the earlier ones. */
#define EXPORT_OLD_DIR "旧版本"

/* Now, for export_opts.when: the clock, or TIANBIAO_TODAY at 09:00 (tests). */
time_t export_now(void);

/* "txt", "csv" or "xlsx" for one format bit; NULL for anything else. */
const char *export_ext(int format);

/*
 * The text export, LF line ends. width 0: one line per line of the paper form,
 * paragraphs not wrapped (an email client or Word wraps them); width N (>= 40):
 * wrapped for monospace printing, no line wider than N columns in the print rule
 * (text.h: ambiguous-width characters count two). Guidance for the person filling
 * the form in is left out; the footer says when it was exported and which version.
 */
void export_text(const struct record *r, int width, time_t when, struct strbuf *out);

/* The CSV export in UTF-8 without BOM, CRLF line ends. */
void export_csv(const struct record *r, struct strbuf *out);

/* The CSV export with one more column after the fields, headed label and holding value in
 * every row (a district's report: its 汇总说明, totals.h); label NULL: export_csv. */
void export_csv_extra(const struct record *r, const char *label, const char *value,
		      struct strbuf *out);

/* Number of meta columns before the field columns in export_csv's rows. */
int export_csv_meta_columns(const struct form *f);

/*
 * The .xlsx export (xlsx.c): the paper's layout derived from the form model.
 * Written through a temporary file in tmpdir (NULL: $TMPDIR or /tmp) and read
 * back into out. Returns 0, or -1 with *cause.
 */
int export_xlsx(const struct record *r, time_t when, const char *tmpdir, struct strbuf *out,
		char **cause);

/* Pieces of the text layout the xlsx export shares (malloc'd results). */
char *export_title(const struct record *r);	/* the title, its leading field filled in */
char *export_title_printed(const struct record *r);	/* the same, with '\n' where a title
							 * on two lines breaks */
char *export_footer(const struct record *r, time_t when);	/* 导出时间：…（第 N 版） */
/* (A record with revision < 0 is a district's totals for reading, totals.h: 汇总时间：….) */
char *export_value_display(const struct form_field *fld, const char *value); /* ■是 □否 */
char *export_sentence(const struct record *r, const struct form_item *it, int row);
/* True when a field prints nothing (a blank optional multiple choice). */
int export_field_omitted(const struct record *r, int field, int row);

/*
 * Encode UTF-8 text for a file: ENC_UTF8 adds a byte-order mark when bom is set;
 * ENC_GB18030 converts with iconv and refuses (returns -1, *cause names the first
 * character that cannot be carried and where) rather than changing any text.
 * crlf converts LF line ends to CRLF (for .txt files opened on Windows).
 */
int export_encode(const char *utf8, size_t len, enum export_encoding enc, int bom, int crlf,
		  struct strbuf *out, char **cause);

/*
 * For a GB18030 file: the characters of text that a GBK reader (Notepad's "ANSI"
 * on Chinese Windows) cannot read, with where they are (the field, the row), as one
 * Chinese warning; NULL when the file is plain GBK. malloc'd.
 */
char *export_gbk_warning(const struct record *r, const char *text, size_t len);

/* File base name without extension: <单位>_<附件N>_<表名>_<YYYYMMDD>, with
 * characters that file systems refuse (/ \ : * ? " < > | and controls) replaced by '_'. */
char *export_basename(const struct form *f, const char *unit, const char *yyyymmdd);

struct export_opts {
	int formats;			/* EXPORT_TEXT | EXPORT_CSV | EXPORT_XLSX */
	enum export_encoding enc;	/* for .txt and .csv (an .xlsx is always Unicode) */
	int width;			/* text: 0 = not wrapped (default), else >= 40 */
	time_t when;			/* export time in the files and their names; 0 = now */
	const char *csv_extra_label;	/* CSV: one more column (export_csv_extra), or NULL */
	const char *csv_extra_value;
	/* Files earlier exports of the same submission wrote (the store's record): one in
	 * the same directory under another name (the unit was renamed since) is moved into
	 * 旧版本/ as well, so that only the current file stays. */
	char *const *earlier;
	int nearlier;
};

/*
 * The bytes of one format's file: encoded, with BOM (UTF-8) and CRLF (text).
 * *warning (may be NULL) gets export_gbk_warning's message for GB18030.
 * Returns 0, or -1 with *cause (nothing is written anywhere but tmp files).
 */
int export_render(const struct record *r, int format, const struct export_opts *o,
		  struct strbuf *out, char **warning, char **cause);

enum export_state {
	EXPORT_NEW,		/* no earlier file of this form and format */
	EXPORT_SAME,		/* an identical file was there already and is left alone */
	EXPORT_REPLACED		/* earlier files moved into 旧版本/ */
};

struct export_file {
	int format;
	char *path;		/* the current file */
	enum export_state state;
	char **moved;		/* where the earlier files went (paths in 旧版本/) */
	int nmoved;
};

struct export_result {
	struct export_file files[EXPORT_NFORMATS];
	int nfiles;
	char *warning;		/* e.g. characters outside GBK; NULL when none */
};

/*
 * Write the files of one record into dir (created when missing), named
 * export_basename(...).txt / .csv / .xlsx with the date of o->when. Every format
 * is rendered before anything is touched. For each format: an identical file under
 * that name is left as it is; a different one, and every other file of the same
 * unit, form and format (another date, a numbered copy of version 0.1), is moved
 * into dir/旧版本/ (numbered there when the name is taken), and so is a file of
 * o->earlier in dir with that format's extension. Each file is written
 * atomically (fileio.h). Returns 0 and fills *res (export_result_free); on error
 * returns -1, sets *cause, and undoes what this call did (files it wrote removed,
 * files it moved put back).
 */
int export_write(const struct record *r, const char *dir, const struct export_opts *o,
		 struct export_result *res, char **cause);
void export_result_free(struct export_result *res);

/* The outbox: $TIANBIAO_OUTBOX, else ~/填表导出. malloc'd. */
char *export_default_dir(void);

#endif
