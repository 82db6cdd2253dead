/*
 * form_field.c - fields, their attributes, ids and labels, and groups.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[FT__COUNT] = {
	"text", "longtext", "count", "phone", "mobile", "email",
	"wechat", "date", "daterange", "choice", "multi", "yesno",
};

static const char type_list[] =
	"text longtext count phone mobile email wechat date daterange choice multi yesno";

static const char attr_list[] =
	"required unit today other sub beside width= max= options= suggest= hint= label= column= "
	"from=";

/* Names as written in form files, so that messages and form_print agree with the parser. */
const char *form_type_name(enum field_type t)
{
	if ((int)t < 0 || t >= FT__COUNT)
		return "?";
	return type_names[t];
}

/* Free what a field owns, for a field that is dropped or freed with its form. */
void fp_field_clear(struct form_field *fl)
{
	free(fl->id);
	free(fl->label);
	free(fl->column);
	free(fl->from);
	fp_list_free(fl->options, fl->noptions);
	fp_list_free(fl->suggest, fl->nsuggest);
	free(fl->hint);
}

/* The slot of key, or the empty slot where it would go; the table is never full. */
static size_t names_slot(const struct fp_names *t, const char *key)
{
	size_t mask = t->cap - 1, i = fp_hash(key) & mask;

	while (t->keys[i] != NULL && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Line where key was noted, or 0. */
static int names_line(const struct fp_names *t, const char *key)
{
	size_t i;

	if (t->n == 0)
		return 0;
	i = names_slot(t, key);
	return t->keys[i] != NULL ? t->lines[i] : 0;
}

/* Note key at line, keeping the first line a name was used at. */
static void names_add(struct fp_names *t, const char *key, int line)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct fp_names old = *t;

		t->cap = old.cap != 0 ? 2 * old.cap : 64;
		t->keys = xcalloc(t->cap, sizeof *t->keys);
		t->lines = xcalloc(t->cap, sizeof *t->lines);
		for (size_t k = 0; k < old.cap; k++)
			if (old.keys[k] != NULL) {
				size_t j = names_slot(t, old.keys[k]);

				t->keys[j] = old.keys[k];
				t->lines[j] = old.lines[k];
			}
		free(old.keys);
		free(old.lines);
	}
	i = names_slot(t, key);
	if (t->keys[i] != NULL)
		return;
	t->keys[i] = xstrdup(key);
	t->lines[i] = line;
	t->n++;
}

static void names_clear(struct fp_names *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

/* Free the parser's name tables. */
void fp_names_free(struct parser *ps)
{
	names_clear(&ps->ids);
	names_clear(&ps->labels);
	names_clear(&ps->columns);
}

/* Note a section's id as used (fields and groups are noted when added). */
void fp_id_note(struct parser *ps, const char *id)
{
	names_add(&ps->ids, id, ps->lineno);
}

/* Check a new id: valid and not yet used; reports and returns -1 otherwise. */
int fp_id_check(struct parser *ps, const char *id)
{
	int other;

	if (!fp_id_valid(id)) {
		fp_err(ps, ps->lineno, "标识 \"%s\" 无效：只能用小写英文字母、数字和下划线，"
				     "以字母开头，最长 %d 个字符", id, MAX_ID_LEN);
		return -1;
	}
	other = names_line(&ps->ids, id);
	if (other > 0) {
		fp_err(ps, ps->lineno, "标识 \"%s\" 已在第 %d 行用过，标识在整个表单中不能重复", id,
		     other);
		return -1;
	}
	return 0;
}

/* The fixed columns of the CSV export (export.h): no field's column may be named so. */
static const char *const reserved_labels[] = {
	"填报单位", "表单编号", "表单版本", "提交编号", "修订号", "修改时间", "序号",
};

/* What a field printed as a fixed column's name is headed in the CSV. */
#define COLUMN_SUFFIX "（表中填写）"

/* A field headed like a fixed column would make the CSV ambiguous. */
static int label_reserved(const char *label)
{
	for (size_t i = 0; i < sizeof reserved_labels / sizeof reserved_labels[0]; i++)
		if (strcmp(reserved_labels[i], label) == 0)
			return 1;
	return 0;
}

/* A colon at the end of a label is the paper's: the program prints one itself. */
static void label_trim_colon(char *label)
{
	size_t n = strlen(label);

	for (;;) {
		if (n >= 3 && strcmp(label + n - 3, "：") == 0)
			n -= 3;
		else if (n >= 1 && label[n - 1] == ':')
			n -= 1;
		else
			break;
		label[n] = '\0';
		while (n > 0 && fp_is_space(label[n - 1]))
			label[--n] = '\0';
	}
}

/* Check the label (unique) and set the CSV column (column=, the label, or LABEL（表中填写）
 * for a label that is a fixed column's name), which must be unique and not fixed. */
int fp_label_check(struct parser *ps, struct form_field *fl, const char *blank_id)
{
	int other;
	char *trimmed = xstrdup(fl->label);

	label_trim_colon(trimmed);
	if (*trimmed != '\0') {
		free(fl->label);
		fl->label = trimmed;
	} else {
		free(trimmed);
	}
	other = names_line(&ps->labels, fl->label);
	if (other > 0 && blank_id != NULL) {
		fp_err(ps, ps->lineno, "空格 %s 的标签 \"%s\" 已在第 %d 行用过，"
				     "请用 label=… 给它一个不同的标签", blank_id, fl->label, other);
		return -1;
	}
	if (other > 0) {
		fp_err(ps, ps->lineno, "标签 \"%s\" 已在第 %d 行用过，标签在整个表单中不能重复"
				     "（它们是导出表格的列名）", fl->label, other);
		return -1;
	}
	if (fl->column != NULL && label_reserved(fl->column)) {
		fp_err(ps, ps->lineno, "column=%s 是导出表格的固定列名，请换一个（例如 %s"
				     COLUMN_SUFFIX "）", fl->column, fl->column);
		return -1;
	}
	if (fl->column == NULL)
		fl->column = label_reserved(fl->label) ? xasprintf("%s" COLUMN_SUFFIX, fl->label)
						       : xstrdup(fl->label);
	other = names_line(&ps->columns, fl->column);
	if (other > 0) {
		fp_err(ps, ps->lineno, "导出表格的列名 \"%s\" 已被第 %d 行的字段用了，请用 column=… "
				     "给这一项另起一个列名", fl->column, other);
		return -1;
	}
	return 0;
}

/* The column fp_label_check gives a label without column=. */
int fp_column_is_default(const struct form_field *fl)
{
	size_t n = strlen(fl->label);

	if (!label_reserved(fl->label))
		return strcmp(fl->column, fl->label) == 0;
	return strncmp(fl->column, fl->label, n) == 0 && strcmp(fl->column + n, COLUMN_SUFFIX) == 0;
}

/* The paper's yes/no boxes copied as text print as text and cannot be ticked. */
void fp_box_warn(struct parser *ps, const char *text)
{
	if (strstr(text, "□是") == NULL && strstr(text, "□否") == NULL &&
	    strstr(text, "☐是") == NULL && strstr(text, "☐否") == NULL)
		return;
	fp_warn(ps, ps->lineno, "“□是□否”写成了文字，只会照样印出来，填表人不能勾选。要让填表人"
			      "选择是或否，请把它换成一个是否空格，例如 {platform_used yesno "
			      "label=是否使用平台}");
}

/* FT__COUNT for an unknown type name. */
static enum field_type type_lookup(const char *s)
{
	for (int t = 0; t < FT__COUNT; t++)
		if (strcmp(type_names[t], s) == 0)
			return (enum field_type)t;
	return FT__COUNT;
}

/* The attributes of a field; the flags (no value) come first. */
enum attr {
	A_REQUIRED, A_UNIT, A_TODAY, A_OTHER, A_SUB, A_BESIDE, A_WIDTH, A_MAX, A_OPTIONS,
	A_SUGGEST, A_HINT, A_LABEL, A_COLUMN, A_FROM, A__COUNT
};

/* The last flag: attributes up to it take no value. */
#define A_LAST_FLAG A_BESIDE

static const char *const attr_names[A__COUNT] = {
	"required", "unit", "today", "other", "sub", "beside", "width", "max", "options",
	"suggest", "hint", "label", "column", "from",
};

/* The attribute named attr, or -1: unknown attributes are errors, so that a typo never
 * passes silently. */
static int attr_lookup(const char *attr)
{
	for (int a = 0; a < A__COUNT; a++)
		if (attr_names[a][0] == attr[0] && strcmp(attr_names[a], attr) == 0)
			return a;
	return -1;
}

/* Which attributes a type accepts. */
static int attr_allowed(enum field_type t, enum attr a)
{
	switch (a) {
	case A_REQUIRED:
	case A_HINT:
	case A_SUB:
	case A_BESIDE:
	case A_COLUMN:
	case A_FROM:
		return 1;
	case A_UNIT:
	case A_SUGGEST:
		return t == FT_TEXT;
	case A_TODAY:
		return t == FT_DATE || t == FT_DATERANGE;
	case A_OTHER:
		return t == FT_MULTI;
	case A_OPTIONS:
		return t == FT_CHOICE || t == FT_MULTI;
	case A_MAX:
		return t == FT_LONGTEXT || t == FT_TEXT || t == FT_PHONE || t == FT_MOBILE ||
		       t == FT_EMAIL || t == FT_WECHAT;
	case A_WIDTH:
		return t != FT_LONGTEXT && t != FT_MULTI && t != FT_YESNO;
	case A_LABEL:
	case A__COUNT:
		break;
	}
	return 0;
}

/* A word of ASCII only: an attribute, never Chinese text. */
static int str_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* See attr_lookup. */
static int attr_known(const char *attr)
{
	return attr_lookup(attr) >= 0;
}

/* Flags take no value: required=1 is refused rather than guessed. */
int fp_attr_is_flag(const char *attr)
{
	int a = attr_lookup(attr);

	return a >= A_REQUIRED && a <= A_LAST_FLAG;
}

/* Validate option values: no 、 (it joins chosen options), no duplicates. */
static int options_check(struct parser *ps, const struct form_field *fl)
{
	for (int i = 0; i < fl->noptions; i++) {
		if (strstr(fl->options[i], "、") != NULL) {
			fp_err(ps, ps->lineno, "选项 \"%s\" 中不能有顿号“、”（它用来连接多个选项）",
			     fl->options[i]);
			return -1;
		}
		if (fl->other && (strcmp(fl->options[i], "其他") == 0 ||
				  str_starts(fl->options[i], "其他："))) {
			fp_err(ps, ps->lineno, "已写 other 时选项中不能再有 \"%s\"", fl->options[i]);
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(fl->options[i], fl->options[k]) == 0) {
				fp_err(ps, ps->lineno, "选项 \"%s\" 重复", fl->options[i]);
				return -1;
			}
	}
	return 0;
}

/*
 * Fill fl from the attribute tokens t[0..n) for a field of type fl->type; in_line
 * allows label=. Returns -1 (errors reported) when any attribute is wrong.
 */
int fp_field_attrs(struct parser *ps, struct form_field *fl, const struct token *t, int n,
		       int in_line)
{
	int bad = 0;
	unsigned seen = 0;	/* bit a: attribute a was written */

	for (int i = 0; i < n; i++) {
		const char *key = t[i].key != NULL ? t[i].key : t[i].val;
		int a, flag;

		if (t[i].key == NULL && t[i].quoted) {
			fp_err(ps, ps->lineno, "多余的文字 \"%s\"（带空格的值要写成 属性=\"…\"）",
			     t[i].val);
			bad = 1;
			continue;
		}
		a = attr_lookup(key);
		if (a < 0 && t[i].key == NULL && !str_ascii(key)) {
			/* Chinese after the label: most likely a label with a space in it. */
			fp_err(ps, ps->lineno, "\"%s\" 不是属性。标签里有空格吗？带空格的标签要加双引号，"
					     "例如 %s", key,
			     in_line ? "label=\"联络员 姓名\"" : "field name text \"联络员 姓名\"");
			bad = 1;
			continue;
		}
		if (a < 0) {
			fp_err(ps, ps->lineno, "未知的属性 \"%s\"（可用：%s）", key, attr_list);
			bad = 1;
			continue;
		}
		if (seen & (1u << a)) {
			fp_err(ps, ps->lineno, "属性 %s 写了两次", key);
			bad = 1;
			continue;
		}
		seen |= 1u << a;
		flag = a <= A_LAST_FLAG;
		if (flag && t[i].key != NULL) {
			fp_err(ps, ps->lineno, "属性 %s 不带值，只写 %s", key, key);
			bad = 1;
			continue;
		}
		if (!flag && t[i].key == NULL) {
			fp_err(ps, ps->lineno, "属性 %s 需要一个值：%s=…", key, key);
			bad = 1;
			continue;
		}
		if ((a == A_SUB || a == A_BESIDE) && in_line) {
			fp_err(ps, ps->lineno, "%s 只用于 field：句中的空格本来就在句子里", key);
			bad = 1;
			continue;
		}
		if (a == A_FROM && ps->group >= 0) {
			fp_err(ps, ps->lineno, "from= 只用于不在重复组里的字段");
			bad = 1;
			continue;
		}
		if (a == A_LABEL) {
			if (!in_line) {
				fp_err(ps, ps->lineno,
				     "label= 只用于句中的空格；field 的标签写在类型后面");
				bad = 1;
			} else if (str_blank(t[i].val)) {
				fp_err(ps, ps->lineno, "label= 的值不能为空");
				bad = 1;
			} else {
				free(fl->label);
				fl->label = xstrdup(t[i].val);
			}
			continue;
		}
		if (!attr_allowed(fl->type, (enum attr)a)) {
			fp_err(ps, ps->lineno, "属性 %s 不能用于 %s 类型的字段", key,
			     form_type_name(fl->type));
			bad = 1;
			continue;
		}
		if (a == A_REQUIRED) {
			fl->required = 1;
		} else if (a == A_UNIT) {
			fl->unit = 1;
		} else if (a == A_TODAY) {
			fl->today = 1;
		} else if (a == A_OTHER) {
			fl->other = 1;
		} else if (a == A_SUB) {
			fl->sub = 1;
		} else if (a == A_BESIDE) {
			fl->beside = 1;
		} else if (a == A_COLUMN) {
			if (str_blank(t[i].val)) {
				fp_err(ps, ps->lineno, "column= 的值不能为空");
				bad = 1;
			} else {
				fl->column = str_trim(xstrdup(t[i].val));
			}
		} else if (a == A_FROM) {
			const char *dot = strchr(t[i].val, '.');
			char *form = dot != NULL ? xstrndup(t[i].val, (size_t)(dot - t[i].val)) : NULL;

			if (form == NULL || !fp_id_valid(form) || !fp_id_valid(dot + 1)) {
				fp_err(ps, ps->lineno, "from= 应写成 表单编号.字段标识，例如 "
						     "from=liaison.name，而不是 \"%s\"", t[i].val);
				bad = 1;
			} else {
				fl->from = xstrdup(t[i].val);
			}
			free(form);
		} else if (a == A_WIDTH) {
			long v = fp_parse_uint(t[i].val, 1000);

			if (v < 1 || v > 200) {
				fp_err(ps, ps->lineno,
				     "width= 应为 1 到 200 之间的整数，而不是 \"%s\"", t[i].val);
				bad = 1;
			} else {
				fl->width = (int)v;
			}
		} else if (a == A_MAX) {
			long v = fp_parse_uint(t[i].val, 10000000);

			if (v < 1 || v > 100000) {
				fp_err(ps, ps->lineno,
				     "max= 应为 1 到 100000 之间的整数，而不是 \"%s\"", t[i].val);
				bad = 1;
			} else {
				fl->maxlen = (int)v;
			}
		} else if (a == A_OPTIONS || a == A_SUGGEST) {
			char **v;
			int nv = fp_split_list(t[i].val, &v);

			if (nv < 0) {
				fp_err(ps, ps->lineno, "%s= 中有空的选项（写法：%s=甲|乙|丙）", key,
				     key);
				bad = 1;
			} else if (a == A_OPTIONS) {
				fl->options = v;
				fl->noptions = nv;
			} else {
				fl->suggest = v;
				fl->nsuggest = nv;
			}
		} else if (a == A_HINT) {
			fl->hint = xstrdup(t[i].val);
		}
	}
	if (bad)
		return -1;
	if (fl->type == FT_LONGTEXT && fl->maxlen == 0)
		fl->maxlen = DEFAULT_MAXLEN;
	if (fl->from != NULL && (fl->unit || fl->today)) {
		fp_err(ps, ps->lineno, "from= 不能和 %s 一起用：默认值只能有一个来源",
		     fl->unit ? "unit" : "today");
		return -1;
	}
	if ((fl->type == FT_CHOICE || fl->type == FT_MULTI) && fl->noptions == 0) {
		fp_err(ps, ps->lineno, "%s 类型的字段需要 options=甲|乙|…", form_type_name(fl->type));
		return -1;
	}
	return options_check(ps, fl);
}

/* Add a finished field to the form (taking its strings); returns its index. */
int fp_field_add(struct parser *ps, struct form_field *fl)
{
	struct form *f = ps->f;

	fl->line = ps->lineno;
	fl->group = ps->group;
	if (ps->group >= 0) {
		struct form_group *g = &f->groups[ps->group];

		fl->gpos = g->nfields;
		g->fields = fp_grow(g->fields, g->nfields, sizeof *g->fields);
		g->fields[g->nfields++] = f->nfields;
	} else {
		fl->gpos = ps->ntop++;
	}
	names_add(&ps->ids, fl->id, fl->line);
	names_add(&ps->labels, fl->label, fl->line);
	names_add(&ps->columns, fl->column, fl->line);
	f->fields = fp_grow(f->fields, f->nfields, sizeof *f->fields);
	f->fields[f->nfields] = *fl;
	return f->nfields++;
}

/* A new layout item in the open group or at the top level. */
struct form_item *fp_item_add(struct parser *ps, enum item_kind kind)
{
	struct form_item **items;
	int *n;
	struct form_item *it;

	if (ps->group >= 0) {
		items = &ps->f->groups[ps->group].items;
		n = &ps->f->groups[ps->group].nitems;
	} else {
		items = &ps->f->items;
		n = &ps->f->nitems;
	}
	*items = fp_grow(*items, *n, sizeof **items);
	it = &(*items)[(*n)++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->field = -1;
	it->group = -1;
	it->line = ps->lineno;
	it->guide = ps->guide;
	return it;
}

/* A blank field with the defaults of the format. */
void fp_field_init(struct form_field *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->width = DEFAULT_WIDTH;
	fl->maxlen = 0;		/* longtext: DEFAULT_MAXLEN, set once the type is known */
	fl->group = -1;
}

/* The "ID TYPE" that both a field line and a blank start with; FT__COUNT with the
 * error reported when either is wrong. */
enum field_type fp_id_type_parse(struct parser *ps, const struct token *t)
{
	enum field_type type;

	if (t[0].quoted || fp_id_check(ps, t[0].raw) != 0) {
		if (t[0].quoted)
			fp_err(ps, ps->lineno, "标识不能加引号");
		return FT__COUNT;
	}
	type = type_lookup(t[1].raw);
	if (type == FT__COUNT)
		fp_err(ps, ps->lineno, "未知的字段类型 \"%s\"（可用：%s）", t[1].raw, type_list);
	return type;
}

/* field ID TYPE LABEL [ATTR...] */
void fp_parse_field(struct parser *ps, const char *rest)
{
	struct tokens tk;
	int n = fp_tokenize(ps, rest, &tk);
	const struct token *t = tk.v;
	struct form_field fl;
	enum field_type type;

	if (n < 0)
		return;
	fp_field_init(&fl);
	if (n < 3) {
		fp_err(ps, ps->lineno, "field 后面应写：标识 类型 标签 [属性…]");
		goto out;
	}
	type = fp_id_type_parse(ps, t);
	if (type == FT__COUNT)
		goto out;
	if ((t[2].key != NULL && attr_known(t[2].key)) ||
	    (!t[2].quoted && fp_attr_is_flag(t[2].raw))) {
		fp_err(ps, ps->lineno, "field %s 缺少标签：标签写在类型后面，例如 field %s %s 姓名",
		     t[0].raw, t[0].raw, t[1].raw);
		goto out;
	}
	if (str_blank(t[2].raw)) {
		fp_err(ps, ps->lineno, "字段 %s 的标签不能为空", t[0].raw);
		goto out;
	}
	fl.type = type;
	if (fp_field_attrs(ps, &fl, t + 3, n - 3, 0) != 0)
		goto out;
	fl.label = xstrdup(t[2].raw);
	if (fp_label_check(ps, &fl, NULL) != 0)
		goto out;
	fl.id = xstrdup(t[0].raw);
	fp_item_add(ps, IT_FIELD)->field = fp_field_add(ps, &fl);
	fp_tokens_free(&tk);
	return;
out:
	fp_field_clear(&fl);
	fp_tokens_free(&tk);
}

/* group ID LABEL [min=N] [max=N] [title=FIELDID] */
void fp_parse_group(struct parser *ps, const char *rest)
{
	struct tokens tk;
	int n = fp_tokenize(ps, rest, &tk);
	const struct token *t = tk.v;
	struct form *f = ps->f;
	struct form_group g;
	int bad = 0;
	long min = 0, max = DEFAULT_GROUP_MAX;
	const char *title = NULL;
	struct form_item *it;

	if (n < 0)
		return;
	if (n < 2 || (t[1].key != NULL && !t[1].quoted)) {
		fp_err(ps, ps->lineno, "group 后面应写：标识 标签 [min=N] [max=N] [title=字段标识]");
		goto out;
	}
	if (t[0].quoted || fp_id_check(ps, t[0].raw) != 0) {
		if (t[0].quoted)
			fp_err(ps, ps->lineno, "标识不能加引号");
		goto out;
	}
	if (str_blank(t[1].raw)) {
		fp_err(ps, ps->lineno, "重复组 %s 的标签不能为空", t[0].raw);
		goto out;
	}
	for (int i = 2; i < n; i++) {
		const char *k = t[i].key;

		if (k != NULL && (strcmp(k, "min") == 0 || strcmp(k, "max") == 0)) {
			long v = fp_parse_uint(t[i].val, 100000);

			if (v < 0 || v > 10000) {
				fp_err(ps, ps->lineno,
				     "%s= 应为 0 到 10000 之间的整数，而不是 \"%s\"", k, t[i].val);
				bad = 1;
			} else if (k[1] == 'i') {
				min = v;
			} else {
				max = v;
			}
		} else if (k != NULL && strcmp(k, "title") == 0 && title == NULL) {
			title = t[i].val;
		} else {
			fp_err(ps, ps->lineno,
			     "group 不认识 \"%s\"（可用：min=N max=N title=字段标识）", t[i].raw);
			bad = 1;
		}
	}
	if (!bad && max < 1) {
		fp_err(ps, ps->lineno, "重复组 %s 的 max 至少为 1", t[0].raw);
		bad = 1;
	}
	if (!bad && min > max) {
		fp_err(ps, ps->lineno, "重复组 %s 的 min=%ld 大于 max=%ld", t[0].raw, min, max);
		bad = 1;
	}
	if (bad)
		goto out;
	memset(&g, 0, sizeof g);
	g.id = xstrdup(t[0].raw);
	g.label = xstrdup(t[1].raw);
	g.min = (int)min;
	g.max = (int)max;
	g.title_field = title != NULL ? xstrdup(title) : NULL;
	g.line = ps->lineno;
	names_add(&ps->ids, g.id, g.line);
	it = fp_item_add(ps, IT_GROUP);
	f->groups = fp_grow(f->groups, f->ngroups, sizeof *f->groups);
	f->groups[f->ngroups] = g;
	it->group = f->ngroups;
	ps->group = f->ngroups++;
out:
	fp_tokens_free(&tk);
}

/* Checks when a group is closed (by end, or at the end of the file). */
void fp_group_close(struct parser *ps)
{
	struct form_group *g = &ps->f->groups[ps->group];

	if (g->nfields == 0)
		fp_err(ps, g->line, "重复组 %s 中没有字段", g->id);
	if (g->title_field != NULL) {
		int fi = form_field_index(ps->f, g->title_field);

		if (fi < 0 || ps->f->fields[fi].group != ps->group)
			fp_err(ps, g->line, "title=%s 应是重复组 %s 中的一个字段", g->title_field,
			     g->id);
	}
	ps->group = -1;
}
