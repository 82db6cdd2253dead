/*
 * check.h - the checks of field values, with Chinese messages.
 *
 * A hard problem means the value cannot be saved (letters in a count); a soft
 * problem means it is saved and listed (a mobile number of 10 digits, a required
 * field left blank). Messages are plain Chinese and say what is expected, e.g.
 * "手机号应为11位数字，以1开头". Values people really write are accepted and
 * normalised where that is safe: full-width digits and spaces, (022)29240881,
 * +86, 6.5 / 6月5日 / 2021-06-05 for dates. Anything else is kept as typed.
 */
#ifndef TB_CHECK_H
#define TB_CHECK_H

#include "form.h"
#include "record.h"

enum check_level { CHECK_OK = 0, CHECK_SOFT = 1, CHECK_HARD = 2 };

struct check_result {
	enum check_level level;
	char *value;		/* normalised value to store (malloc'd), NULL for blank */
	char msg[256];		/* Chinese message when level != CHECK_OK, else "" */
};

/*
 * Check one typed value of field fld of form f (f->year is the campaign year for
 * dates). input may be NULL or blank: the result is then CHECK_OK with value
 * NULL (a required blank is reported by check_record, not here).
 * The caller frees out->value. Never fails otherwise.
 */
void check_value(const struct form *f, const struct form_field *fld, const char *input,
		 struct check_result *out);

/* True when c (a code point) may be typed into a field of type t as it is typed:
 * used by the screens to filter keys (digits only in counts). */
int check_key_allowed(enum field_type t, unsigned int c);

/* One problem found in a whole record. */
struct check_problem {
	int field;		/* index in form->fields */
	int row;		/* row for group fields, else -1 */
	enum check_level level;
	char msg[256];		/* Chinese, starts with the field label (and row) */
};

/*
 * Every problem of a record in layout order: required fields left blank, groups
 * with fewer rows than their min, and stored values that fail their check
 * (a stored value can only be soft-wrong). Returns the count; *out is malloc'd
 * (free it) and NULL when there are none.
 */
int check_record(const struct record *r, struct check_problem **out);

/*
 * The problems the form's rules between fields find (form.h, struct form_rule): soft,
 * "LABEL（第N项）：MESSAGE", in field order, row by row. check_record lists them too
 * (each after its field's own problems); the district's import calls this to apply the
 * same rules to a received file. A rule says nothing about a blank (a blank is not 0)
 * nor about a value its own check refuses. Returns the count; *out is malloc'd (free
 * it) and NULL when there are none.
 */
int check_rules(const struct record *r, struct check_problem **out);

/* Multiple-choice values are stored as the chosen options in form order joined
 * by "、", with "其他：TEXT" last. Split one into a flag per option and the other
 * text (malloc'd or NULL); join builds the stored value (NULL when nothing chosen). */
void check_multi_split(const struct form_field *fld, const char *value, int *chosen,
		       char **other);
char *check_multi_join(const struct form_field *fld, const int *chosen, const char *other);

/* The value a blank field is filled with for the clerk: the unit's name for a
 * `unit` field (NULL when unit is NULL), today's date written as the form writes
 * dates for a `today` field; NULL for other fields. malloc'd. */
char *check_default(const struct form *f, const struct form_field *fld, const char *unit);
/* The same, and for a `from=FORM.FIELD` field that field's value in others (the
 * records of the other forms; the form of the same year, else the latest earlier
 * one), when it passes this field's check. */
char *check_default_from(const struct form *f, const struct form_field *fld, const char *unit,
			 struct record *const *others, int nothers);
/* True for the fields that are filled in while blank: unit, today and from=. */
int check_has_default(const struct form_field *fld);

/* Today's date as YYYY-MM-DD, from TIANBIAO_TODAY when set (tests), else the clock. */
void check_today(char out[11]);
/* Format YYYY-MM-DD as the form writes dates: "6月5日" in year, else "2022年6月5日". */
void check_date_display(const char *iso, int year, char *out, size_t outlen);

#endif
