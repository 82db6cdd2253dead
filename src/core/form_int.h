/*
 * form_int.h - what the files of the form-file parser share; nothing outside
 * src/core/form_*.c sees it (the contract is form.h).
 *
 * The parser is split along the format's seams: form_line.c reads the file line by
 * line (UTF-8 and control-character checks) and calls form_parse.c for each
 * directive (the header, the checks at the end, freeing a form); form_token.c splits
 * a directive into tokens; form_field.c holds fields, their attributes, ids, labels
 * and groups; form_sentence.c the sentences with blanks and the labels derived from
 * them; form_print.c writes a form back; form_dir.c reads files and directories.
 * The shared functions are named fp_* ("form parser"): libformw, which the screens
 * link too, owns the form_* names of its own.
 */
#ifndef TB_FORM_INT_H
#define TB_FORM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "form.h"
#include "util.h"

#define MAX_ERRORS 20
#define DEFAULT_WIDTH 40
#define DEFAULT_MAXLEN 2000
#define DEFAULT_GROUP_MAX 100
#define MAX_ID_LEN 64
#define MAX_FORM_FILE (16 * 1024 * 1024)

/* The header directives, in the order form_print writes them. */
enum header {
	H_FORM, H_VERSION, H_YEAR, H_ATTACHMENT, H_TITLE, H_NAME, H_SUBTITLE, H_DUE, H_SEND,
	H_NOTE, H_COLUMNS, H__COUNT
};

/* One token of a directive: a plain word or quoted string, or KEY=VALUE. */
struct token {
	const char *key;	/* NULL for a plain token */
	const char *val;	/* the value (unquoted), or the whole plain token */
	const char *raw;	/* the token as a positional argument (key=value kept whole) */
	int quoted;
};

/* The tokens of one directive; their strings all live in one block, freed with it. */
struct tokens {
	struct token *v;
	int n;
	char *mem;
};

/* Names already used, each with its line: a hash table (open addressing, keys copied),
 * so that a form's duplicate checks cost the same per field at 2,000 fields as at 20. */
struct fp_names {
	char **keys;		/* NULL for an empty slot */
	int *lines;
	size_t cap;		/* 0 or a power of two */
	size_t n;
};

/* Parser state; everything it owns is in f until the end (the name tables are its own). */
struct parser {
	const char *name;
	struct form *f;
	struct strbuf err;
	int nerr;
	int lineno;
	int nlines;
	int seen[H__COUNT];	/* line of each header directive, 0 when not seen */
	int layout;		/* a layout directive has been seen */
	int group;		/* open group, or -1 */
	int ntop;		/* top-level fields so far (for gpos) */
	int guide;		/* the directive being parsed came after `guide` */
	struct strbuf warn;	/* warnings (form->warnings), "NAME:LINE: 提醒：…" lines */
	int nwarn;
	char **rules;		/* `rule` lines as written, resolved at the end (form_rule.c) */
	int *rule_lines;
	int nrules;
	struct fp_names ids;	/* fields, groups and sections */
	struct fp_names labels;	/* fields' labels */
	struct fp_names columns;	/* fields' CSV columns */
};

/* Only ASCII blanks separate words; U+3000 belongs to the Chinese text. */
static inline int fp_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character after the blanks that separate words. */
static inline const char *fp_skip_space(const char *s)
{
	while (fp_is_space(*s))
		s++;
	return s;
}

/* ---- form_parse.c: directives, the header, errors, small helpers ---- */

/* FNV-1a of a name: the parser's name tables and form_field_index. */
size_t fp_hash(const char *s);
/* Grow an array so that it can hold n + 1 elements (8, then powers of two). */
void *fp_grow(void *p, int n, size_t size);
/* Record one error at line; at most MAX_ERRORS are kept. */
void fp_err(struct parser *ps, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record one warning at line (allowed, but it looks like a mistake); at most MAX_ERRORS. */
void fp_warn(struct parser *ps, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An id is ASCII [a-z][a-z0-9_]*, at most MAX_ID_LEN bytes. */
int fp_id_valid(const char *s);
/* A small whole number in ASCII digits, at most max; -1 when not one. */
long fp_parse_uint(const char *s, long max);
/* Free an option or suggestion list. */
void fp_list_free(char **v, int n);
/* One directive line, already checked for encoding and trimmed. */
void fp_parse_directive(struct parser *ps, const char *line);
/* Checks that need the whole file. */
void fp_parse_finish(struct parser *ps);

/* ---- form_token.c ---- */

/* Split s into tokens (words, "quoted strings", KEY=VALUE, KEY="…"); the count, or -1
 * with the error reported. Free with fp_tokens_free. */
int fp_tokenize(struct parser *ps, const char *s, struct tokens *out);
void fp_tokens_free(struct tokens *tk);
/* Split A|B|C into trimmed parts; -1 when a part is empty. */
int fp_split_list(const char *s, char ***out);

/* ---- form_field.c: fields, attributes, ids, labels, groups ---- */

/* Free what a field owns. */
void fp_field_clear(struct form_field *fl);
/* A blank field with the defaults of the format. */
void fp_field_init(struct form_field *fl);
/* Free the parser's name tables. */
void fp_names_free(struct parser *ps);
/* Note a section's id as used (fields and groups are noted when added). */
void fp_id_note(struct parser *ps, const char *id);
/* Check a new id: valid and not yet used; -1 with the error reported. */
int fp_id_check(struct parser *ps, const char *id);
/* Check a field's label (not used; a colon at its end dropped) and set its CSV column
 * (column=, or the label, or LABEL（表中填写） for a fixed column's name); blank_id names
 * a blank. -1 when either is refused. */
int fp_label_check(struct parser *ps, struct form_field *fl, const char *blank_id);
/* Is the field's column the one its label gives without column=? */
int fp_column_is_default(const struct form_field *fl);
/* Warn about text that copies the paper's □是□否 instead of asking for a yes/no blank. */
void fp_box_warn(struct parser *ps, const char *text);
/* Flags take no value (required, unit, today, other). */
int fp_attr_is_flag(const char *attr);
/* Fill fl from attribute tokens t[0..n); in_line allows label=. -1 when any is wrong. */
int fp_field_attrs(struct parser *ps, struct form_field *fl, const struct token *t, int n,
		   int in_line);
/* The ID TYPE that a field line and a blank start with; FT__COUNT when wrong. */
enum field_type fp_id_type_parse(struct parser *ps, const struct token *t);
/* Add a finished field to the form (taking its strings); returns its index. */
int fp_field_add(struct parser *ps, struct form_field *fl);
/* A new layout item in the open group or at the top level. */
struct form_item *fp_item_add(struct parser *ps, enum item_kind kind);
/* field ID TYPE LABEL [ATTR...] */
void fp_parse_field(struct parser *ps, const char *rest);
/* group ID LABEL [min=N] [max=N] [title=FIELDID] */
void fp_parse_group(struct parser *ps, const char *rest);
/* Checks when a group is closed (by end, or at the end of the file). */
void fp_group_close(struct parser *ps);

/* ---- form_sentence.c ---- */

/* line SENTENCE: text with {blanks}. */
void fp_parse_line(struct parser *ps, const char *rest);

/* ---- form_rule.c: rules between fields ---- */

/* rule SUBJECT PREDICATE [MESSAGE]: kept as written, resolved when all fields are known. */
void fp_parse_rule(struct parser *ps, const char *rest);
/* Resolve the kept rules against the fields (errors at their lines); frees what was kept. */
void fp_rules_finish(struct parser *ps);
/* Free the rules of a form. */
void fp_rules_free(struct form_rule *r, int n);
/* Print the rules back in file syntax. */
void fp_rules_print(const struct form *f, struct strbuf *out);

#endif
