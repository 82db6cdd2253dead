/*
 * form.h - the form model and the form-file parser.
 *
 * A form file (forms/NAME.form, format in docs/forms.md) describes one attachment
 * of a notice: its header, its layout (sections, read-only text, fields, sentences
 * with blanks in them, one level of repeating groups) and the checks of every
 * field. Everything the screens, checks and exports do is derived from this model;
 * no C code knows any particular form.
 *
 * Field ids are unique in the whole form (also across groups), so a field is
 * named by its index in form->fields; a field inside a group also needs a row.
 * Labels are unique in the whole form too: they are the CSV column headers.
 */
#ifndef TB_FORM_H
#define TB_FORM_H

#include "util.h"

enum field_type {
	FT_TEXT,	/* one line: width shown columns, maxlen characters (0: width) */
	FT_LONGTEXT,	/* several lines with line breaks; maxlen = max characters */
	FT_COUNT,	/* whole number >= 0; blank = not reported */
	FT_PHONE,	/* landline or fax: 022-29240881, 29240881-8001 */
	FT_MOBILE,	/* 11 digits starting with 1 */
	FT_EMAIL,
	FT_WECHAT,
	FT_DATE,	/* 6月5日, in the campaign year */
	FT_DATERANGE,	/* 6月5日 or 6月5日至7月5日 */
	FT_CHOICE,	/* one of options */
	FT_MULTI,	/* any of options, plus 其他 with text when 'other' */
	FT_YESNO,	/* 是 / 否, drawn as □是□否 */
	FT__COUNT
};

/* Type names as written in form files ("text", "count", ...). */
const char *form_type_name(enum field_type t);

struct form_field {
	char *id;		/* ASCII [a-z_][a-z0-9_]*, unique in the form */
	enum field_type type;
	char *label;		/* Chinese label as printed, unique in the form */
	char *column;		/* its CSV column header, unique: the label, or column=, or for
				 * a label that is a fixed CSV column (填报单位) LABEL（表中填写） */
	int width;		/* one-line types: shown display columns (default 40) */
	int maxlen;		/* max characters: FT_LONGTEXT (default 2000); one-line types
				 * 0 = as many as width columns show (max= not written) */
	int required;
	int unit;		/* filled from the reporting unit's name when blank */
	int today;		/* filled with today's date when blank (填报日期) */
	char **options;		/* FT_CHOICE, FT_MULTI: allowed values */
	int noptions;
	int other;		/* FT_MULTI: an extra 其他 option with free text */
	int sub;		/* printed under the previous item, without a number of its own */
	int beside;		/* printed on the same line as the field before (填报单位 / 联系人 /
				 * 电话 on one line, as on paper), wrapped when the page is full */
	char *from;		/* "FORM.FIELD": the default is that field of that form, or NULL */
	char **suggest;		/* FT_TEXT: suggested values (free entry stays possible) */
	int nsuggest;
	char *hint;		/* optional one-line help shown when the field is entered */
	int group;		/* index in form->groups, or -1 */
	int gpos;		/* position among its group's fields (or among top-level fields) */
	int line;		/* line in the form file */
};

enum item_kind {
	IT_SECTION,	/* heading: text; id may be NULL */
	IT_TEXT,	/* read-only paragraph (e.g. 内容要求): text */
	IT_FIELD,	/* a labelled field on its own: field */
	IT_LINE,	/* a sentence with blanks: segs */
	IT_GROUP	/* a repeating group: group */
};

/* One piece of a sentence: literal text, or a blank (field >= 0, text NULL). */
struct form_seg {
	char *text;
	int field;
};

struct form_item {
	enum item_kind kind;
	char *id;		/* IT_SECTION: optional ASCII id */
	char *text;		/* IT_SECTION heading, IT_TEXT paragraph */
	int field;		/* IT_FIELD: index in form->fields */
	struct form_seg *segs;	/* IT_LINE */
	int nsegs;
	int group;		/* IT_GROUP: index in form->groups */
	int guide;		/* IT_TEXT written `guide text`: on the screen, not exported */
	int line;
};

struct form_group {
	char *id;
	char *label;		/* e.g. 重点活动 */
	int min, max;		/* number of rows allowed */
	char *title_field;	/* id of the field that names a row in lists, or NULL */
	struct form_item *items;/* layout of one row: no IT_GROUP inside */
	int nitems;
	int *fields;		/* indexes in form->fields, in order */
	int nfields;
	int line;
};

/* A comparison in a rule: a field with a number, another field or a text. */
enum rule_op {
	OP_FILLED,		/* no comparison: the field has a value */
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE
};

/*
 * A rule between fields (`rule` in the file): soft, checked with the record's other
 * problems (check_record, check_rules). field is the field the rule is about, or -1
 * for every field of type `type` (`rule * count <= 100000 …`). A comparison holds
 * when both values are known (a blank is not 0: nothing is said about it); a
 * required-if asks for field when the condition (cond op operand) holds.
 */
struct form_rule {
	int field;		/* subject, or -1: every field of type */
	enum field_type type;	/* the subject's type (for field -1 the one matched) */
	int required_if;	/* 0: field op operand must hold; 1: field is required when the
				 * condition on cond holds */
	int cond;		/* required_if: the field the condition is about */
	enum rule_op op;	/* OP_FILLED only with required_if */
	int other;		/* the operand is this field, or -1 */
	double number;		/* else this number (counts) */
	char *text;		/* ... or this text (= and != on choices, yes/no): else NULL */
	char *msg;		/* what the problem list says after the label */
	int line;
};

struct form {
	char *path;		/* file it was read from */
	char *id;		/* ASCII, e.g. liaison */
	char *version;		/* e.g. 2021.1 */
	int year;		/* campaign year, e.g. 2021 */
	char *attachment;	/* 附件1 */
	char *title;		/* exactly as printed, on one line */
	char *title_lines;	/* a title written on several `title` lines: those lines with
				 * '\n' between them (the title is them joined); else NULL */
	char *name;		/* short name for file names: 联络员反馈表 */
	char *subtitle;		/* optional line under the title, e.g. （示样） */
	int subtitle_guide;	/* `guide subtitle`: for the person filling in; not exported */
	char *due;		/* YYYY-MM-DD or NULL */
	char *send;		/* address to send it to, or NULL */
	char **notes;		/* lines printed under the form */
	int *note_guide;	/* [nnotes]: `guide note`, shown on the screen, not exported */
	int nnotes;
	char **columns;		/* `columns A|B|C`: headings of the table the .xlsx export makes
				 * of the sections with sentences (活动项目|内容要求|进展情况) */
	int ncolumns;		/* 3, or 0 when not given */
	struct form_field *fields;
	int nfields;
	struct form_item *items;/* top-level layout */
	int nitems;
	struct form_group *groups;
	int ngroups;
	struct form_rule *rules;/* rules between fields, in file order */
	int nrules;
	int reading;		/* no fields: a page to read (宣传标语), shown as 参阅, not
				 * exported, never owed by a unit */
	char *warnings;		/* lines "NAME:LINE: 提醒：…" for what is allowed but looks
				 * wrong (□是□否 as text), or NULL */
	int order;		/* sort key: attachment number (附件N -> N) */
	int *field_slots;	/* the fields' ids hashed (form_field_index): a field's index
				 * or -1, nfield_slots of them (a power of two), or NULL */
	int nfield_slots;
};

/*
 * Parse a form file held in memory. name is used in messages (usually the path).
 * On success returns a form owned by the caller (form_free). On failure returns
 * NULL and sets *cause to a malloc'd text of one or more lines, each
 * "NAME:LINE: message" (all errors found, at most 20). Never crashes on any input.
 */
struct form *form_parse(const char *name, const char *text, size_t len, char **cause);
/* Read and parse a file; I/O errors are reported as "PATH: message". */
struct form *form_load(const char *path, char **cause);
void form_free(struct form *f);

/* Print f back in the form-file format; form_parse of the result gives an equal form. */
void form_print(const struct form *f, struct strbuf *out);

/* Index of the field or group with this id, or -1 (fields: a hash lookup). */
int form_field_index(const struct form *f, const char *id);
int form_group_index(const struct form *f, const char *id);

/*
 * All *.form files of a directory, sorted by attachment number, id, then year (the
 * same form id may be there once per campaign year).
 * Files that fail to parse are skipped and their messages appended to *cause
 * (which may then be non-NULL even on success). Returns the count; *forms is
 * owned by the caller (form_list_free). A missing directory gives 0 and a cause.
 */
int form_load_dir(const char *dir, struct form ***forms, char **cause);
void form_list_free(struct form **forms, int n);

#endif
