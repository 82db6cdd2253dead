/*
 * import.h - reading a CSV file a unit sent into a checked candidate submission.
 *
 * Bytes in, no SQL: import_read decodes the file (import_decode.h), finds the
 * separator, reads the rows (csv.h), matches the meta columns 填报单位, 表单编号,
 * 表单版本, 提交编号, 修订号, 修改时间 and 序号 by label in any order, finds the
 * district's form of that id, matches every other column by label against it,
 * and checks every value again with check.h. What comes out is one candidate
 * submission (one unit, one form) with its problems, or a refusal with a Chinese
 * reason saying what to ask the unit for. The store decides what the candidate
 * means for the database (new, a resend, a revision, a conflict).
 *
 * What a spreadsheet did to a file is undone where that is safe and reported
 * where it is not:
 * - ="0221234" and a leading ' (kept or stripped) give the text back;
 * - short rows are padded, blank rows skipped, cells beyond the header ignored
 *   when blank;
 * - dates rewritten as 2021/6/16, 2021-06-16, 6/16/21 or a date serial number
 *   are read as dates; a year the spreadsheet supplied (this year or the last,
 *   where the unit's file had none) becomes the campaign year;
 * - 1.82222E+10 and #NAME? are problems (the digits or the text are gone for
 *   good): the value is not taken and the unit must resend.
 * A value that fails a hard check is not taken (left blank) and listed; a soft
 * problem is taken and listed; blank stays blank. A column the district's form
 * lacks is named in a note; its values stay only in the received file.
 */
#ifndef TB_IMPORT_H
#define TB_IMPORT_H

#include <stddef.h>

#include "check.h"
#include "form.h"
#include "import_decode.h"
#include "record.h"

/* A problem of one value (or of the submission as a whole). */
struct import_problem {
	enum check_level level;	/* CHECK_HARD: not taken; CHECK_SOFT: taken and listed */
	int field;		/* index in form->fields, or -1 */
	int row;		/* group row (0-based), or -1 */
	char *found;		/* the cell as the file has it, or NULL (a required blank) */
	char *msg;		/* Chinese, "标签（第N项）：原因" */
};

/* What one received file holds. */
struct import_file {
	char sha256[65];	/* of the bytes received */
	size_t size;
	enum import_enc enc;	/* IMPORT_ENC_NONE when not recognised */
	char sep;		/* ',', ';', '\t', or 0 */

	/* Refused: the Chinese reason; then only unit and form_id below may be set. */
	char *refused;

	char *unit;		/* 填报单位 as written (trimmed); also set for an unknown form */
	char *form_id;		/* 表单编号; also set for an unknown form */
	char *version;		/* 表单版本 as written, or NULL when the column is missing */
	char uuid[33];		/* 提交编号 in lowercase */
	long revision;		/* 修订号 */
	char *updated;		/* 修改时间 as written, or NULL (files of 0.1 have none) */
	const struct form *form;/* the district's form of that id (borrowed) */
	struct record *rec;	/* the values taken; rec->unit, uuid, revision, updated set */
	char digest[65];	/* import_digest(rec) */

	struct import_problem *problems;
	int nproblems;
	int nhard;		/* problems with CHECK_HARD */
	char **notes;		/* remarks on the whole file: other version, unknown columns,
				 * dates a spreadsheet rewrote (Chinese sentences) */
	int nnotes;
};

/*
 * Read one received file against the district's forms. Never fails and never
 * returns NULL: a file that cannot be used comes back with ->refused set (empty,
 * too large, a workbook or a text export instead of the CSV, not a tianbiao CSV,
 * an unknown form, damaged or cut off, meta columns missing or contradicting each
 * other, rows of two units or two submissions). sha256, size, enc and sep are set
 * as far as the file was read. Free with import_file_free.
 */
struct import_file *import_read(const void *bytes, size_t len, struct form *const *forms,
				int nforms);
/* The same when the caller has the SHA-256 of the bytes already (64 hex digits). */
struct import_file *import_read_hashed(const void *bytes, size_t len, const char *sha256,
				       struct form *const *forms, int nforms);
void import_file_free(struct import_file *f);

/*
 * A digest of the values of a record: SHA-256 over every value with its field id and
 * row, and every group's row count, in form order. Two records of one form with the
 * same values have the same digest, whatever files they came from.
 */
void import_digest(const struct record *r, char out[65]);

/* One difference between two records of the same form. */
struct import_diff {
	int field;		/* index in form->fields, or -1 for a group's row count */
	int group;		/* the field's group, or -1; for a row count, the group */
	int row;		/* group row, or -1 */
	const char *a, *b;	/* the two values (borrowed from the records; NULL = blank) */
	int na, nb;		/* for a row count: the two counts */
};

/*
 * Where a and b (same form) differ, in form order: top-level fields, then for each
 * group its row count (when it differs) and row by row every field up to the longer
 * of the two (a missing row reads as blank). Returns the count, *out malloc'd (NULL
 * when equal).
 */
int import_compare(const struct record *a, const struct record *b, struct import_diff **out);

/*
 * The unit names of a roster file: a text file with one name a line (blank lines and lines
 * starting with # are skipped, and so is a first line that is a heading: 单位, 单位名称,
 * 应报单位, … 名单), or a CSV (, ; or TAB) whose first row has a column named
 * 单位 or ending in 单位 / 单位名称 (the names are that column's cells). Any encoding
 * import_decode reads. Names are trimmed; a name given twice is kept once. Returns the
 * count with *names malloc'd (free each and the array), or -1 with *cause.
 * A CSV may also have a contact person column (联系人, 联络员) and a phone column (电话,
 * 手机, 联系电话, 联系方式): when persons / phones are not NULL they get one entry per
 * name (NULL when not given; the first row of a name given twice), free like *names.
 */
int import_roster_names(const void *bytes, size_t len, char ***names, char ***persons,
			char ***phones, char **cause);

#endif
