/*
 * export.h - what the clerk sends: a text file laid out like the paper form and
 * a CSV file that Excel and WPS open correctly.
 *
 * Both are built in memory from a form and a record, then encoded and written
 * with fileio_write_atomic. Nothing here touches the database.
 *
 * CSV layout (docs/forms.md, "CSV"): the first row holds the Chinese column
 * headers; each data row starts with the meta columns 填报单位, 表单编号, 表单版本,
 * 提交编号, 修订号 (and 序号 for a form with a repeating group, one row per group
 * row), then one column per field in layout order, headed by its label.
 * Counts are bare numbers; a blank is an empty cell.
 */
#ifndef TB_EXPORT_H
#define TB_EXPORT_H

#include "form.h"
#include "record.h"
#include "util.h"

enum export_encoding { ENC_UTF8 = 0, ENC_GB18030 = 1 };

/* The text export, lines at most width columns (>= 40), LF line ends. */
void export_text(const struct record *r, int width, struct strbuf *out);

/* The CSV export in UTF-8 without BOM, CRLF line ends. */
void export_csv(const struct record *r, struct strbuf *out);

/* Number of meta columns before the field columns in export_csv's rows. */
int export_csv_meta_columns(const struct form *f);

/*
 * Encode UTF-8 text for a file: ENC_UTF8 adds a byte-order mark when bom is set;
 * ENC_GB18030 converts with iconv and refuses (returns -1, *cause names the first
 * character that cannot be carried and where) rather than changing any text.
 * crlf converts LF line ends to CRLF (for .txt files opened on Windows).
 */
int export_encode(const char *utf8, size_t len, enum export_encoding enc, int bom, int crlf,
		  struct strbuf *out, char **cause);

/* File base name without extension: <单位>_<附件N>_<表名>_<YYYYMMDD>, with
 * characters that file systems refuse (/ \ : * ? " < > | and controls) replaced by '_'. */
char *export_basename(const struct form *f, const char *unit, const char *yyyymmdd);

/* What export_write produces. */
#define EXPORT_TEXT 1
#define EXPORT_CSV 2

struct export_opts {
	int formats;			/* EXPORT_TEXT | EXPORT_CSV */
	enum export_encoding enc;	/* for both files */
	int width;			/* text width, 80 by default */
	const char *yyyymmdd;		/* date in the file names; NULL = today */
};

/*
 * Write the files of one record into dir (created when missing): for each format
 * the name export_basename(...).txt / .csv, with (2), (3)... added when a file of
 * that name exists already, so an earlier export is never overwritten. Each file
 * is written atomically (fileio.h). Returns the number of files written and sets
 * paths[0..] to their malloc'd full paths (caller frees); on error returns -1,
 * sets *cause, and removes any file of this call already written.
 */
int export_write(const struct record *r, const char *dir, const struct export_opts *o,
		 char *paths[2], char **cause);

/* The outbox: $TIANBIAO_OUTBOX, else ~/填表导出. malloc'd. */
char *export_default_dir(void);

#endif
