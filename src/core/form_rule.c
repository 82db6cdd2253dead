/*
 * form_rule.c - rules between fields (`rule` lines): kept as written while the file is
 * read, resolved against the fields at its end, so that a rule may name a field written
 * further down. Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The operators, as written (ASCII first: form_print writes those). */
static const struct {
	const char *word;
	enum rule_op op;
} op_words[] = {
	{ "=", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT }, { "<=", OP_LE }, { ">", OP_GT },
	{ ">=", OP_GE }, { "==", OP_EQ }, { "≠", OP_NE }, { "≤", OP_LE }, { "≥", OP_GE },
	{ "＝", OP_EQ }, { "＜", OP_LT }, { "＞", OP_GT }, { "<>", OP_NE },
};

/* How a default message says each operator. */
static const char *op_text(enum rule_op op)
{
	switch (op) {
	case OP_EQ:
		return "等于";
	case OP_NE:
		return "不等于";
	case OP_LT:
		return "小于";
	case OP_LE:
		return "不多于";
	case OP_GT:
		return "大于";
	case OP_GE:
		return "不少于";
	case OP_FILLED:
		break;
	}
	return "";
}

/* The operator a word is, or -1. */
static int op_lookup(const char *w)
{
	for (size_t i = 0; i < sizeof op_words / sizeof op_words[0]; i++)
		if (strcmp(op_words[i].word, w) == 0)
			return (int)op_words[i].op;
	return -1;
}

/* The ASCII word of an operator, for form_print. */
static const char *op_word(enum rule_op op)
{
	for (size_t i = 0; i < sizeof op_words / sizeof op_words[0]; i++)
		if (op_words[i].op == op)
			return op_words[i].word;
	return "?";
}

/* Keep the line as written; it is read when every field is known. */
void fp_parse_rule(struct parser *ps, const char *rest)
{
	ps->rules = fp_grow(ps->rules, ps->nrules, sizeof *ps->rules);
	ps->rule_lines = fp_grow(ps->rule_lines, ps->nrules, sizeof *ps->rule_lines);
	ps->rule_lines[ps->nrules] = ps->lineno;
	ps->rules[ps->nrules++] = xstrdup(rest);
}

/* The next word of *s (up to a blank), copied; NULL at the end. *s moves past it. */
static char *next_word(const char **s)
{
	const char *p = fp_skip_space(*s), *e = p;

	while (*e != '\0' && !fp_is_space(*e))
		e++;
	*s = e;
	return e > p ? xstrndup(p, (size_t)(e - p)) : NULL;
}

/* A whole number in ASCII digits (counts are whole numbers); 0 when not one. */
static int number_word(const char *w, double *out)
{
	double v = 0;

	if (*w == '\0' || strlen(w) > 15)
		return 0;
	for (const char *p = w; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 1;
}

/* The example every message about the syntax ends with. */
#define RULE_EXAMPLES                                                                      \
	"写法：rule 字段 >= 另一字段 提示（比较两个数）、rule 字段 required-if 另一字段 > 0 提示"  \
	"（另一项大于 0 时必填）、rule * count <= 100000 提示（每个数字项）"

/* The field named w, or -1 after saying so at line. */
static int field_named(struct parser *ps, int line, const char *w)
{
	int fi = form_field_index(ps->f, w);

	if (fi < 0)
		fp_err(ps, line, "rule 中的 \"%s\" 不是本表单的字段标识。" RULE_EXAMPLES, w);
	return fi;
}

/*
 * The operand after an operator: a number, another field or a text (= and != only);
 * lhs_count tells whether the left side is a count. 0, or -1 with the error said.
 */
static int operand_read(struct parser *ps, int line, const char *w, int lhs_count,
			struct form_rule *r)
{
	const struct form *f = ps->f;

	r->other = -1;
	if (number_word(w, &r->number)) {
		if (!lhs_count) {
			fp_err(ps, line, "rule 只能拿数字项（count）和数比大小");
			return -1;
		}
		return 0;
	}
	if (fp_id_valid(w) && form_field_index(f, w) >= 0) {
		r->other = form_field_index(f, w);
		if (!lhs_count || f->fields[r->other].type != FT_COUNT) {
			fp_err(ps, line, "rule 只能比较两个数字项（count）的大小，\"%s\" 不是数字项", w);
			return -1;
		}
		return 0;
	}
	if (fp_id_valid(w)) {
		fp_err(ps, line, "rule 中的 \"%s\" 不是本表单的字段标识。" RULE_EXAMPLES, w);
		return -1;
	}
	if (r->op != OP_EQ && r->op != OP_NE) {
		fp_err(ps, line, "\"%s\" 不是数，也不是字段标识；文字只能用 = 或 != 比较", w);
		return -1;
	}
	r->text = xstrdup(w);
	return 0;
}

/* Every field of a rule must be at the top level or in one group: rows are compared
 * with rows. */
static int groups_agree(struct parser *ps, int line, const struct form_rule *r)
{
	const struct form *f = ps->f;
	const int ids[3] = { r->field, r->required_if ? r->cond : -1, r->other };
	int g = -1;

	for (int i = 0; i < 3; i++) {
		int fg = ids[i] >= 0 ? f->fields[ids[i]].group : -1;

		if (fg < 0)
			continue;
		if (g >= 0 && fg != g) {
			fp_err(ps, line, "rule 中的字段分属两个重复组，无法逐项比较");
			return -1;
		}
		g = fg;
	}
	return 0;
}

/* A number as a form file writes it. */
static char *number_str(double v)
{
	return xasprintf("%.0f", v);
}

/* The message when the rule gives none. */
static char *default_msg(const struct form *f, const struct form_rule *r)
{
	char *operand, *m;

	if (r->op == OP_FILLED)
		return xasprintf("“%s”已填写，这一项也应填写", f->fields[r->cond].label);
	if (r->other >= 0)
		operand = xasprintf("“%s”", f->fields[r->other].label);
	else if (r->text != NULL)
		operand = xasprintf("“%s”", r->text);
	else
		operand = number_str(r->number);
	if (r->required_if)
		m = xasprintf("“%s”%s%s时，这一项也应填写", f->fields[r->cond].label,
			      op_text(r->op), operand);
	else
		m = xasprintf("应%s%s，请核实", op_text(r->op), operand);
	free(operand);
	return m;
}

/* Read one kept rule line; 0 with *r filled, or -1 with the errors said. */
static int rule_read(struct parser *ps, const char *s, int line, struct form_rule *r)
{
	const struct form *f = ps->f;
	char *w = next_word(&s), *w2 = NULL, *w3 = NULL;
	int rc = -1, op;

	memset(r, 0, sizeof *r);
	r->line = line;
	r->field = -1;
	r->cond = -1;
	r->other = -1;
	if (strcmp(w, "*") == 0) {
		free(w);
		w = next_word(&s);
		if (w == NULL || strcmp(w, "count") != 0) {
			fp_err(ps, line, "rule * 后面应写 count（每个数字项），例如 rule * count <= "
					 "100000 人次超过十万，请核实");
			goto out;
		}
		r->type = FT_COUNT;
	} else {
		r->field = field_named(ps, line, w);
		if (r->field < 0)
			goto out;
		r->type = f->fields[r->field].type;
	}
	w2 = next_word(&s);
	if (w2 == NULL) {
		fp_err(ps, line, "rule 不完整。" RULE_EXAMPLES);
		goto out;
	}
	if (strcmp(w2, "required-if") == 0) {
		if (r->field < 0) {
			fp_err(ps, line, "rule * 只能比大小，不能用 required-if");
			goto out;
		}
		r->required_if = 1;
		free(w3);
		w3 = next_word(&s);
		if (w3 == NULL) {
			fp_err(ps, line, "required-if 后面应写另一个字段的标识。" RULE_EXAMPLES);
			goto out;
		}
		r->cond = field_named(ps, line, w3);
		if (r->cond < 0)
			goto out;
		r->op = OP_FILLED;
		{
			const char *save = s;
			char *ow = next_word(&s);

			op = ow != NULL ? op_lookup(ow) : -1;
			free(ow);
			if (op < 0) {
				s = save;	/* no comparison: the rest is the message */
			} else {
				char *v = next_word(&s);

				r->op = (enum rule_op)op;
				if (v == NULL) {
					fp_err(ps, line, "%s 后面缺少要比较的数或字段", w3);
					goto out;
				}
				if (operand_read(ps, line, v, f->fields[r->cond].type == FT_COUNT,
						 r) != 0) {
					free(v);
					goto out;
				}
				free(v);
			}
		}
	} else {
		char *v;

		op = op_lookup(w2);
		if (op < 0) {
			fp_err(ps, line, "rule 中的 \"%s\" 不是比较符号（可用 >= <= > < = != 和 "
					 "required-if）。" RULE_EXAMPLES, w2);
			goto out;
		}
		r->op = (enum rule_op)op;
		v = next_word(&s);
		if (v == NULL) {
			fp_err(ps, line, "%s 后面缺少要比较的数或字段。" RULE_EXAMPLES, w2);
			goto out;
		}
		if (operand_read(ps, line, v, r->type == FT_COUNT, r) != 0) {
			free(v);
			goto out;
		}
		free(v);
		if (r->field < 0 && r->other >= 0) {
			fp_err(ps, line, "rule * count 只能和一个数比较，例如 rule * count <= 100000 "
					 "人次超过十万，请核实");
			goto out;
		}
		if (r->field >= 0 && r->other == r->field) {
			fp_err(ps, line, "rule 把字段和它自己比较");
			goto out;
		}
	}
	if (groups_agree(ps, line, r) != 0)
		goto out;
	s = fp_skip_space(s);
	r->msg = *s != '\0' ? xstrdup(s) : default_msg(f, r);
	rc = 0;
out:
	if (rc != 0) {
		free(r->text);
		r->text = NULL;
	}
	free(w);
	free(w2);
	free(w3);
	return rc;
}

/* Resolve the kept rules; a wrong one is an error at its line, the others still count. */
void fp_rules_finish(struct parser *ps)
{
	struct form *f = ps->f;

	for (int i = 0; i < ps->nrules; i++) {
		struct form_rule r;

		if (rule_read(ps, ps->rules[i], ps->rule_lines[i], &r) == 0) {
			f->rules = fp_grow(f->rules, f->nrules, sizeof *f->rules);
			f->rules[f->nrules++] = r;
		}
		free(ps->rules[i]);
	}
	free(ps->rules);
	free(ps->rule_lines);
	ps->rules = NULL;
	ps->rule_lines = NULL;
	ps->nrules = 0;
}

/* Free the rules of a form. */
void fp_rules_free(struct form_rule *r, int n)
{
	for (int i = 0; i < n; i++) {
		free(r[i].text);
		free(r[i].msg);
	}
	free(r);
}

/* The operand of a rule as a form file writes it. */
static void print_operand(const struct form *f, const struct form_rule *r, struct strbuf *out)
{
	if (r->other >= 0) {
		strbuf_adds(out, f->fields[r->other].id);
	} else if (r->text != NULL) {
		strbuf_adds(out, r->text);
	} else {
		char *n = number_str(r->number);

		strbuf_adds(out, n);
		free(n);
	}
}

/* The rules in file syntax, their messages always written out. */
void fp_rules_print(const struct form *f, struct strbuf *out)
{
	if (f->nrules > 0)
		strbuf_addc(out, '\n');
	for (int i = 0; i < f->nrules; i++) {
		const struct form_rule *r = &f->rules[i];

		strbuf_adds(out, "rule ");
		if (r->field >= 0)
			strbuf_adds(out, f->fields[r->field].id);
		else
			strbuf_addf(out, "* %s", form_type_name(r->type));
		if (r->required_if) {
			strbuf_addf(out, " required-if %s", f->fields[r->cond].id);
			if (r->op != OP_FILLED) {
				strbuf_addf(out, " %s ", op_word(r->op));
				print_operand(f, r, out);
			}
		} else {
			strbuf_addf(out, " %s ", op_word(r->op));
			print_operand(f, r, out);
		}
		strbuf_addf(out, " %s\n", r->msg);
	}
}
