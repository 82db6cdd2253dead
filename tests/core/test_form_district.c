/*
 * test_form_district.c - what another district's form file needs (docs/forms.md): the
 * label 填报单位 with its own CSV column, width= and max= apart, rules between fields
 * (in the checks and the import), defaults from another form, a page without fields,
 * a title on two lines and fields beside each other, and the small things of the
 * format (a colon after a label, note anywhere, a label with a space, □是□否 as text).
 */
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/export.h"
#include "core/form.h"
#include "core/import.h"
#include "core/record.h"
#include "core/util.h"
#include "test.h"

/* A valid header of six lines, so that the first body line is line 7. */
#define HDR "form t\nversion 1\nyear 2021\nattachment 附件1\ntitle 标题\nname 表名\n"

static struct form *parse(const char *text, char **cause)
{
	return form_parse("x.form", text, strlen(text), cause);
}

/* The form must parse; else its messages are shown. */
static struct form *must_parse(const char *text)
{
	char *cause = NULL;
	struct form *f = parse(text, &cause);

	if (f == NULL)
		printf("#   refused: %s\n", cause != NULL ? cause : "?");
	free(cause);
	return f;
}

/* The form must be refused with a message that contains want. */
static void must_refuse(const char *text, const char *want)
{
	char *cause = NULL;
	struct form *f = parse(text, &cause);

	CHECK(f == NULL);
	CHECK(cause != NULL && strstr(cause, want) != NULL);
	if (cause == NULL || strstr(cause, want) == NULL)
		printf("#   want: %s\n#   got:  %s\n", want, cause != NULL ? cause : "(none)");
	free(cause);
	form_free(f);
}

/* The field of id, which must exist. */
static const struct form_field *field(const struct form *f, const char *id)
{
	int i = form_field_index(f, id);

	CHECK(i >= 0);
	return i >= 0 ? &f->fields[i] : &f->fields[0];
}

/* form_print then form_parse gives the same file again. */
static void check_round_trip(const struct form *f)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct form *g;

	form_print(f, &a);
	g = must_parse(strbuf_str(&a));
	CHECK(g != NULL);
	if (g != NULL) {
		form_print(g, &b);
		CHECK_STR(strbuf_str(&b), strbuf_str(&a));
	}
	form_free(g);
	strbuf_free(&a);
	strbuf_free(&b);
}

/* 11: the paper's 填报单位 is a label; its CSV column gets a name of its own. */
static void test_unit_label(void)
{
	struct form *f = must_parse(HDR "field unit_name text 填报单位 required unit\n"
				    "field contact text 联系人 column=联系人姓名\n"
				    "line 序号：{seq count}\n");

	if (f == NULL)
		return;
	CHECK_STR(field(f, "unit_name")->label, "填报单位");
	CHECK_STR(field(f, "unit_name")->column, "填报单位（表中填写）");
	CHECK_STR(field(f, "contact")->column, "联系人姓名");
	CHECK_STR(field(f, "seq")->label, "序号");
	CHECK_STR(field(f, "seq")->column, "序号（表中填写）");
	check_round_trip(f);
	form_free(f);
	must_refuse(HDR "field a text 甲 column=修订号\n", "x.form:7: column=修订号 是导出表格的固定列名");
	must_refuse(HDR "field a text 甲\nfield b text 乙 column=甲\n",
		    "x.form:8: 导出表格的列名 \"甲\" 已被第 7 行的字段用了，请用 column=");
	must_refuse(HDR "field a text 填报单位（表中填写）\nfield b text 填报单位\n",
		    "x.form:8: 导出表格的列名 \"填报单位（表中填写）\" 已被第 7 行");
}

/* 11: the CSV has the meta column 填报单位 and the field's own column; the import
 * matches both by name, so the district gets the unit and the value as typed. */
static void test_unit_label_csv(void)
{
	struct form *f = must_parse(HDR "field unit_name text 填报单位 required unit\n"
				    "field n count 次数\n");
	struct record *r;
	struct strbuf csv = STRBUF_INIT;
	struct import_file *in;

	if (f == NULL)
		return;
	r = record_new(f);
	record_set_meta(r, "大白庄镇", "0123456789abcdef0123456789abcdef", 2, NULL);
	record_set(r, 0, -1, "大白庄镇人民政府（盖章）");
	record_set(r, 1, -1, "5");
	export_csv(r, &csv);
	CHECK(str_starts(strbuf_str(&csv), "填报单位,表单编号,表单版本,提交编号,修订号,修改时间,"
					   "填报单位（表中填写）,次数\r\n"));
	in = import_read(csv.buf, csv.len, &f, 1);
	CHECK(in->refused == NULL);
	if (in->refused == NULL) {
		CHECK_STR(in->unit, "大白庄镇");
		CHECK_STR(record_get(in->rec, 0, -1), "大白庄镇人民政府（盖章）");
		CHECK_STR(record_get(in->rec, 1, -1), "5");
		CHECK_INT(in->nnotes, 0);
	} else {
		printf("#   %s\n", in->refused);
	}
	import_file_free(in);
	record_free(r);
	strbuf_free(&csv);
	form_free(f);
}

/* 12: width= is what the box shows, max= how many characters it holds. */
static void test_width_max(void)
{
	struct form *f = must_parse(HDR "line 典型案例具体为（{case_text text width=20 max=100 "
				    "label=典型案例}）。\n"
				    "field old text 旧 width=10\n"
				    "field mail email 邮箱 max=60\n"
				    "field notes longtext 说明\n");
	struct check_result res;
	struct strbuf sb = STRBUF_INIT;

	if (f == NULL)
		return;
	CHECK_INT(field(f, "case_text")->width, 20);
	CHECK_INT(field(f, "case_text")->maxlen, 100);
	CHECK_INT(field(f, "old")->maxlen, 0);
	CHECK_INT(field(f, "mail")->maxlen, 60);
	CHECK_INT(field(f, "notes")->maxlen, 2000);
	/* 100 汉字 fit, 101 do not */
	for (int i = 0; i < 100; i++)
		strbuf_adds(&sb, "案");
	check_value(f, field(f, "case_text"), sb.buf, &res);
	CHECK_INT(res.level, CHECK_OK);
	free(res.value);
	strbuf_adds(&sb, "案");
	check_value(f, field(f, "case_text"), sb.buf, &res);
	CHECK_INT(res.level, CHECK_HARD);
	CHECK(strstr(res.msg, "最多100个字，现在有101个字") != NULL);
	free(res.value);
	/* without max=: as many as the width shows (10 columns: 5 汉字), as before */
	check_value(f, field(f, "old"), "一二三四五", &res);
	CHECK_INT(res.level, CHECK_OK);
	free(res.value);
	check_value(f, field(f, "old"), "一二三四五六", &res);
	CHECK_INT(res.level, CHECK_HARD);
	free(res.value);
	check_round_trip(f);
	strbuf_free(&sb);
	form_free(f);
	must_refuse(HDR "field a text 甲 max=0\n", "x.form:7: max= 应为 1 到 100000 之间的整数");
	must_refuse(HDR "field a count 甲 max=5\n", "x.form:7: 属性 max 不能用于 count 类型的字段");
}

/* The stats-like form the rule tests use. */
#define RULES_FORM                                                                         \
	HDR "line 学习（{times count label=学习次数}）次，参与（{people count label=参与人次}）人次；\n" \
	"line 曝光典型案例（{cases count label=曝光典型案例}）个，典型案例具体为（{case_text text " \
	"width=20 max=100 label=典型案例具体为}）。\n"                                        \
	"field used yesno 是否使用平台\n"                                                      \
	"field how text 使用方式\n"                                                             \
	"rule people >= times 参与人次不应少于学习次数，请核实\n"                              \
	"rule case_text required-if cases > 0 曝光了典型案例，请写明是哪些案例\n"            \
	"rule * count <= 100000 超过十万，请核实\n"                                           \
	"rule how required-if used = 是\n"

/* The problems of r as one string, one a line. */
static char *problems_of(const struct record *r)
{
	struct check_problem *p;
	int n = check_record(r, &p);
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\n", p[i].msg);
	free(p);
	return strbuf_detach(&sb);
}

/* 13: rules parse, and check_record and check_rules say what they find. */
static void test_rules(void)
{
	struct form *f = must_parse(RULES_FORM);
	struct record *r;
	char *s;
	struct check_problem *p;

	if (f == NULL)
		return;
	CHECK_INT(f->nrules, 4);
	CHECK_INT(f->rules[2].field, -1);
	CHECK_STR(f->rules[3].msg, "“是否使用平台”等于“是”时，这一项也应填写");
	r = record_new(f);
	/* blanks: nothing (a blank is not 0) */
	s = problems_of(r);
	CHECK_STR(s, "");
	free(s);
	record_set(r, form_field_index(f, "times"), -1, "5");
	s = problems_of(r);
	CHECK_STR(s, "");
	free(s);
	record_set(r, form_field_index(f, "people"), -1, "3");
	record_set(r, form_field_index(f, "cases"), -1, "2");
	record_set(r, form_field_index(f, "used"), -1, "是");
	s = problems_of(r);
	CHECK_STR(s, "参与人次：参与人次不应少于学习次数，请核实\n"
		     "典型案例具体为：曝光了典型案例，请写明是哪些案例\n"
		     "使用方式：“是否使用平台”等于“是”时，这一项也应填写\n");
	free(s);
	CHECK_INT(check_rules(r, &p), 3);
	CHECK(p != NULL && p[0].level == CHECK_SOFT && p[0].field == form_field_index(f, "people"));
	free(p);
	record_set(r, form_field_index(f, "people"), -1, "9999999");
	record_set(r, form_field_index(f, "cases"), -1, "0");
	record_set(r, form_field_index(f, "used"), -1, "否");
	s = problems_of(r);
	CHECK_STR(s, "参与人次：超过十万，请核实\n");
	free(s);
	check_round_trip(f);
	record_free(r);
	form_free(f);
}

/* 13: a rule inside a group is checked row by row. */
static void test_rules_group(void)
{
	struct form *f = must_parse(HDR "group acts 活动\n  field n count 场次\n"
				    "  field p count 人次\nend\nrule p >= n\n");
	struct record *r;
	char *s;

	if (f == NULL)
		return;
	r = record_new(f);
	record_row_add(r, 0);
	record_row_add(r, 0);
	record_set(r, 0, 0, "2");
	record_set(r, 1, 0, "5");
	record_set(r, 0, 1, "4");
	record_set(r, 1, 1, "1");
	s = problems_of(r);
	CHECK_STR(s, "人次（第2项）：应不少于“场次”，请核实\n");
	free(s);
	record_free(r);
	form_free(f);
}

/* 13: what a wrong rule is told, at its own line. */
static void test_rules_errors(void)
{
	must_refuse(HDR "field a count 甲\nrule a >= b 提示\n",
		    "x.form:8: rule 中的 \"b\" 不是本表单的字段标识");
	must_refuse(HDR "field a count 甲\nrule a => 3\n", "x.form:8: rule 中的 \"=>\" 不是比较符号");
	must_refuse(HDR "field a text 甲\nfield b count 乙\nrule a >= b\n",
		    "x.form:9: rule 只能比较两个数字项");
	must_refuse(HDR "field a count 甲\nrule a >=\n", "x.form:8: >= 后面缺少要比较的数或字段");
	must_refuse(HDR "field a count 甲\nrule * text <= 5\n", "x.form:8: rule * 后面应写 count");
	must_refuse(HDR "field a count 甲\nrule a required-if\n",
		    "x.form:8: required-if 后面应写另一个字段的标识");
	must_refuse(HDR "group g 组\n field a count 甲\nend\ngroup h 组二\n field b count 乙\nend\n"
		    "rule a >= b\n", "x.form:13: rule 中的字段分属两个重复组");
	must_refuse(HDR "field a count 甲\nrule a > 大约\n", "x.form:8: \"大约\" 不是数，也不是字段标识");
	/* rules may stand before the fields they name */
	{
		struct form *f = must_parse(HDR "rule b >= a\nfield a count 甲\nfield b count 乙\n");

		CHECK(f != NULL && f->nrules == 1);
		form_free(f);
	}
}

/* 13: the district's import applies the rules to what it reads. */
static void test_rules_import(void)
{
	struct form *f = must_parse(RULES_FORM);
	struct record *r;
	struct strbuf csv = STRBUF_INIT;
	struct import_file *in;
	int found = 0;

	if (f == NULL)
		return;
	r = record_new(f);
	record_set_meta(r, "东区", "0123456789abcdef0123456789abcdef", 1, NULL);
	record_set(r, form_field_index(f, "times"), -1, "5");
	record_set(r, form_field_index(f, "people"), -1, "3");
	export_csv(r, &csv);
	in = import_read(csv.buf, csv.len, &f, 1);
	CHECK(in->refused == NULL);
	for (int i = 0; i < in->nproblems; i++)
		if (in->problems[i].level == CHECK_SOFT &&
		    strcmp(in->problems[i].msg, "参与人次：参与人次不应少于学习次数，请核实") == 0 &&
		    in->problems[i].found != NULL && strcmp(in->problems[i].found, "3") == 0)
			found = 1;
	CHECK(found);
	CHECK_INT(in->nhard, 0);
	import_file_free(in);
	record_free(r);
	strbuf_free(&csv);
	form_free(f);
}

/* 14: a default from another form's field: shown, never stored by the check. */
static void test_from(void)
{
	struct form *l = must_parse("form liaison\nversion 1\nyear 2021\nattachment 附件1\n"
				    "title 联络员\nname 联络员表\nfield name text 姓名\n"
				    "field mobile mobile 手机\n");
	struct form *s = must_parse(HDR "field contact text 联系人 from=liaison.name\n"
				    "field phone phone 电话 from=liaison.mobile\n"
				    "field other text 其他 from=liaison.nothing\n");
	struct record *lr, *sr;
	char *v;

	if (l == NULL || s == NULL) {
		form_free(l);
		form_free(s);
		return;
	}
	CHECK_STR(field(s, "contact")->from, "liaison.name");
	lr = record_new(l);
	sr = record_new(s);
	record_set(lr, 0, -1, "张三");
	record_set(lr, 1, -1, "13800000000");
	v = check_default_from(s, field(s, "contact"), "东区", &lr, 1);
	CHECK_STR(v, "张三");
	free(v);
	v = check_default_from(s, field(s, "phone"), "东区", &lr, 1);
	CHECK_STR(v, "13800000000");
	free(v);
	v = check_default_from(s, field(s, "other"), "东区", &lr, 1);
	CHECK(v == NULL);
	v = check_default(s, field(s, "contact"), "东区");
	CHECK(v == NULL);
	CHECK(check_has_default(field(s, "contact")));
	CHECK(record_get(sr, 0, -1) == NULL);
	check_round_trip(s);
	record_free(lr);
	record_free(sr);
	form_free(l);
	form_free(s);
	must_refuse(HDR "field a text 甲 from=liaison\n", "x.form:7: from= 应写成 表单编号.字段标识");
	must_refuse(HDR "field a text 甲 unit from=liaison.name\n",
		    "x.form:7: from= 不能和 unit 一起用");
	must_refuse(HDR "group g 组\n field a text 甲 from=liaison.name\nend\n",
		    "x.form:8: from= 只用于不在重复组里的字段");
}

/* 15: a page without fields is a page to read. */
static void test_reading_page(void)
{
	struct form *f = must_parse("form slogans\nversion 1\nyear 2021\nattachment 附件4\n"
				    "title 安全生产月宣传标语\nname 宣传标语\n"
				    "text 1.人人讲安全、个个会应急\ntext 2.遵守安全生产法，当好第一责任人\n");

	CHECK(f != NULL && f->reading && f->nfields == 0 && f->nitems == 2);
	if (f != NULL)
		check_round_trip(f);
	form_free(f);
	f = must_parse(HDR "field a text 甲\n");
	CHECK(f != NULL && !f->reading);
	form_free(f);
}

/* 16: a title on two lines; fields on one line with beside. */
static void test_title_beside(void)
{
	struct form *f = must_parse("form t\nversion 1\nyear 2021\nattachment 附件1\n"
				    "title 宝坻区2021年“安全生产月”\ntitle 活动进展情况统计表\n"
				    "name 表名\nfield u text 填报单位 unit\n"
				    "field c text 联系人 width=20 beside\nfield p phone 电话 beside\n");

	if (f == NULL)
		return;
	CHECK_STR(f->title, "宝坻区2021年“安全生产月”活动进展情况统计表");
	CHECK_STR(f->title_lines, "宝坻区2021年“安全生产月”\n活动进展情况统计表");
	CHECK(!field(f, "u")->beside && field(f, "c")->beside && field(f, "p")->beside);
	check_round_trip(f);
	form_free(f);
	must_refuse(HDR "line 甲{a text beside}\n", "x.form:7: beside 只用于 field");
}

/* 17: the small things an IT person ran into. */
static void test_small_things(void)
{
	char *cause = NULL;
	struct form *f = must_parse(HDR "field a text 姓名：\nfield b text 职务:\n"
				    "line 时间：{d date}\nnote 注：请按时报送。\n");

	if (f != NULL) {
		struct record *r = record_new(f);
		struct strbuf txt = STRBUF_INIT;

		CHECK_STR(field(f, "a")->label, "姓名");
		CHECK_STR(field(f, "b")->label, "职务");
		CHECK_INT(f->nnotes, 1);
		CHECK(f->warnings == NULL);
		/* one colon in the text export, not 姓名：： */
		record_set(r, 0, -1, "黄璐");
		export_text(r, 0, 0, &txt);
		CHECK(strstr(strbuf_str(&txt), "\n姓名：黄璐\n") != NULL);
		CHECK(strstr(strbuf_str(&txt), "：：") == NULL);
		strbuf_free(&txt);
		record_free(r);
	}
	form_free(f);
	must_refuse(HDR "field a text 联络员 姓名 required\n",
		    "x.form:7: \"姓名\" 不是属性。标签里有空格吗？带空格的标签要加双引号");
	must_refuse(HDR "line 甲{a text label=联络员 姓名}\n", "label=\"联络员 姓名\"");
	f = parse(HDR "line 使用平台 □是□否\ntext 是否建站：□是 □否\nfield a text 甲\n", &cause);
	CHECK(f != NULL);
	CHECK(f != NULL && f->warnings != NULL &&
	      str_starts(f->warnings, "x.form:7: 提醒：“□是□否”写成了文字") &&
	      strstr(f->warnings, "\nx.form:8: 提醒：") != NULL &&
	      strstr(f->warnings, "yesno") != NULL);
	free(cause);
	form_free(f);
}

int main(void)
{
	TEST_RUN(test_unit_label);
	TEST_RUN(test_unit_label_csv);
	TEST_RUN(test_width_max);
	TEST_RUN(test_rules);
	TEST_RUN(test_rules_group);
	TEST_RUN(test_rules_errors);
	TEST_RUN(test_rules_import);
	TEST_RUN(test_from);
	TEST_RUN(test_reading_page);
	TEST_RUN(test_title_beside);
	TEST_RUN(test_small_things);
	return test_done();
}
