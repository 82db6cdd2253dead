/* test_form.c - the form-file parser: good and bad inputs, round trips, the shipped forms. */
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/util.h"
#include "test.h"

/* A valid header of six lines, so that the first body line is line 7. */
#define HDR "form t\nversion 1\nyear 2021\nattachment 附件1\ntitle 标题\nname 表名\n"

static struct form *parse(const char *text, char **cause)
{
	return form_parse("x.form", text, strlen(text), cause);
}

static int strs_equal(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int lists_equal(char **a, int na, char **b, int nb)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (!strs_equal(a[i], b[i]))
			return 0;
	return 1;
}

static int items_equal(const struct form_item *a, int na, const struct form_item *b, int nb)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++) {
		if (a[i].kind != b[i].kind || !strs_equal(a[i].id, b[i].id) ||
		    !strs_equal(a[i].text, b[i].text) || a[i].field != b[i].field ||
		    a[i].group != b[i].group || a[i].nsegs != b[i].nsegs)
			return 0;
		for (int k = 0; k < a[i].nsegs; k++)
			if (!strs_equal(a[i].segs[k].text, b[i].segs[k].text) ||
			    a[i].segs[k].field != b[i].segs[k].field)
				return 0;
	}
	return 1;
}

/* Equal in everything but the file name and line numbers. */
static int forms_equal(const struct form *a, const struct form *b)
{
	if (!strs_equal(a->id, b->id) || !strs_equal(a->version, b->version) ||
	    a->year != b->year || !strs_equal(a->attachment, b->attachment) ||
	    !strs_equal(a->title, b->title) || !strs_equal(a->name, b->name) ||
	    !strs_equal(a->subtitle, b->subtitle) || !strs_equal(a->due, b->due) ||
	    !strs_equal(a->send, b->send) || a->subtitle_guide != b->subtitle_guide ||
	    !lists_equal(a->columns, a->ncolumns, b->columns, b->ncolumns) ||
	    !lists_equal(a->notes, a->nnotes, b->notes, b->nnotes) ||
	    (a->nnotes > 0 && memcmp(a->note_guide, b->note_guide,
				     (size_t)a->nnotes * sizeof *a->note_guide) != 0) ||
	    a->order != b->order || a->nfields != b->nfields || a->ngroups != b->ngroups)
		return 0;
	for (int i = 0; i < a->nfields; i++) {
		const struct form_field *x = &a->fields[i], *y = &b->fields[i];

		if (!strs_equal(x->id, y->id) || x->type != y->type ||
		    !strs_equal(x->label, y->label) || x->width != y->width ||
		    x->maxlen != y->maxlen || x->required != y->required || x->unit != y->unit ||
		    x->today != y->today || x->other != y->other || x->sub != y->sub ||
		    !lists_equal(x->options, x->noptions, y->options, y->noptions) ||
		    !lists_equal(x->suggest, x->nsuggest, y->suggest, y->nsuggest) ||
		    !strs_equal(x->hint, y->hint) || x->group != y->group || x->gpos != y->gpos)
			return 0;
	}
	if (!items_equal(a->items, a->nitems, b->items, b->nitems))
		return 0;
	for (int g = 0; g < a->ngroups; g++) {
		const struct form_group *x = &a->groups[g], *y = &b->groups[g];

		if (!strs_equal(x->id, y->id) || !strs_equal(x->label, y->label) ||
		    x->min != y->min || x->max != y->max ||
		    !strs_equal(x->title_field, y->title_field) || x->nfields != y->nfields ||
		    !items_equal(x->items, x->nitems, y->items, y->nitems))
			return 0;
		for (int k = 0; k < x->nfields; k++)
			if (x->fields[k] != y->fields[k])
				return 0;
	}
	return 1;
}

/* Parse, print, parse again: the forms must be equal and the prints identical. */
static void check_round_trip(const struct form *f)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char *cause = NULL;
	struct form *g;

	form_print(f, &a);
	g = form_parse(f->path, a.buf, a.len, &cause);
	CHECK(g != NULL);
	if (g == NULL) {
		printf("#   %s: reparse failed:\n%s\n", f->path, cause);
	} else {
		CHECK(forms_equal(f, g));
		form_print(g, &b);
		CHECK_STR(b.buf, a.buf);
	}
	free(cause);
	form_free(g);
	strbuf_free(&a);
	strbuf_free(&b);
}

static int count_kind(const struct form *f, enum field_type t)
{
	int n = 0;

	for (int i = 0; i < f->nfields; i++)
		n += f->fields[i].type == t;
	return n;
}

/* Blanks are the fields that stand in sentences. */
static int count_blanks(const struct form_item *items, int n)
{
	int b = 0;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < items[i].nsegs; k++)
			b += items[i].segs[k].text == NULL;
	return b;
}

static int count_items(const struct form *f, enum item_kind kind)
{
	int n = 0;

	for (int i = 0; i < f->nitems; i++)
		n += f->items[i].kind == kind;
	return n;
}

static void test_shipped_forms(void)
{
	struct form **forms = NULL;
	char *cause = NULL;
	int n = form_load_dir("forms", &forms, &cause);
	const struct form *l, *p, *s;

	CHECK_INT(n, 3);
	CHECK_STR(cause, NULL);
	if (n != 3) {
		printf("#   %s\n", cause ? cause : "");
		free(cause);
		form_list_free(forms, n);
		return;
	}
	l = forms[0];
	p = forms[1];
	s = forms[2];
	CHECK_STR(l->id, "liaison");
	CHECK_STR(p->id, "plan");
	CHECK_STR(s->id, "stats");
	CHECK_INT(l->order, 1);
	CHECK_INT(p->order, 2);
	CHECK_INT(s->order, 3);
	for (int i = 0; i < 3; i++) {
		CHECK_STR(forms[i]->version, "2021.1");
		CHECK_INT(forms[i]->year, 2021);
		CHECK_STR(forms[i]->send, "bdqyjj01@tj.gov.cn");
	}

	/* 附件1: ten labelled fields, the note. */
	CHECK_STR(l->attachment, "附件1");
	CHECK_STR(l->title, "宝坻区“安全生产月”活动联络员反馈表");
	CHECK_STR(l->due, "2021-06-05");
	CHECK_INT(l->nfields, 10);
	CHECK_INT(l->ngroups, 0);
	CHECK_INT(l->nnotes, 1);
	CHECK_STR(l->notes[0], "注：请于6月5日前将此表纸质版送至应急局203室，电子版发送至邮箱"
			       "bdqyjj01@tj.gov.cn");
	CHECK_INT(form_field_index(l, "gender"), 1);
	CHECK_INT(l->fields[1].type, FT_CHOICE);
	CHECK_INT(l->fields[1].noptions, 2);
	CHECK_INT(count_kind(l, FT_PHONE), 2);
	CHECK_INT(count_kind(l, FT_MOBILE), 1);
	CHECK_INT(count_kind(l, FT_EMAIL), 1);
	CHECK_INT(count_kind(l, FT_WECHAT), 1);
	CHECK(l->fields[form_field_index(l, "unit_name")].unit);

	/* 附件2: one unit field, a group of eight with three suggested activity kinds. */
	CHECK_STR(p->title, "镇街（部门）“安全生产月”重点活动计划安排");
	CHECK_STR(p->subtitle, "（示样）");
	CHECK_STR(p->due, "2021-06-05");
	CHECK_INT(p->nnotes, 3);
	CHECK(p->nnotes == 3 && str_starts(p->notes[0], "说明：1.以上仅为示例"));
	CHECK_INT(p->nfields, 9);
	CHECK_INT(p->ngroups, 1);
	CHECK_STR(p->groups[0].id, "activities");
	CHECK_STR(p->groups[0].label, "重点活动");
	CHECK_INT(p->groups[0].min, 1);
	CHECK_INT(p->groups[0].max, 50);
	CHECK_STR(p->groups[0].title_field, "kind");
	CHECK_INT(p->groups[0].nfields, 8);
	{
		int k = form_field_index(p, "kind"), o = form_field_index(p, "outputs");

		CHECK(k >= 0 && p->fields[k].nsuggest == 3);
		CHECK(k >= 0 && p->fields[k].gpos == 0 && p->fields[k].group == 0);
		CHECK(o >= 0 && p->fields[o].type == FT_MULTI && p->fields[o].other &&
		      p->fields[o].noptions == 4 && p->fields[o].gpos == 7);
		CHECK(form_field_index(p, "date") >= 0 &&
		      p->fields[form_field_index(p, "date")].type == FT_DATERANGE);
	}

	/* 附件3: four header fields, four items, 38 blanks of which 2 are □是□否. */
	CHECK_STR(s->title, "“安全生产月”活动进展情况统计表");
	CHECK_STR(s->due, "2021-06-25");
	CHECK_INT(s->nfields, 42);
	CHECK_INT(count_items(s, IT_SECTION), 4);
	CHECK_INT(count_items(s, IT_TEXT), 8);
	CHECK_INT(count_items(s, IT_LINE), 17);
	CHECK_INT(count_items(s, IT_FIELD), 4);
	CHECK_INT(count_blanks(s->items, s->nitems), 38);
	CHECK_INT(count_kind(s, FT_COUNT), 36);
	CHECK_INT(count_kind(s, FT_YESNO), 2);
	CHECK(s->fields[0].unit && s->fields[0].required);
	CHECK_STR(s->fields[0].label, "填报单位（盖章）");
	CHECK(s->fields[3].type == FT_DATE && s->fields[3].today);
	CHECK_STR(s->fields[form_field_index(s, "study_times")].label, "理论学习中心组学习次数");
	CHECK_STR(s->fields[form_field_index(s, "study_people")].label,
		  "理论学习中心组学习参与人次");
	form_list_free(forms, n);
	free(cause);
}

/* A sentence as printed on paper: each blank as （） or ()-less □是□否, text as it is. */
static char *render_line(const struct form *f, const struct form_item *it)
{
	struct strbuf sb = STRBUF_INIT;

	for (int k = 0; k < it->nsegs; k++) {
		if (it->segs[k].text != NULL)
			strbuf_adds(&sb, it->segs[k].text);
		else if (f->fields[it->segs[k].field].type == FT_YESNO)
			strbuf_adds(&sb, "□是□否");
	}
	return strbuf_detach(&sb);
}

/* Some sentences of 附件3 word for word (the blanks' brackets kept as in the notice). */
static void test_stats_sentences(void)
{
	static const char *const want[] = {
		"理论学习中心组学习（）次，参与（）人次；",
		"专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片 □是□否；"
		"组织集中学习观看（）场，参与（）人次；",
		"征集习近平总书记关于安全生产重要论述学习文章()篇、研讨体会()篇、专访视频()个；",
		"组织开展安全生产专题文艺汇演()场。",
		"开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲()场，"
		"参与（）人次。",
		"居（村）、物业公司开展“查找身边隐患”“专项整治纠察员”等活动（）场，参与（）人次。",
		"参与网上展览（）人次，参与知识竞赛（）人次、参与“走进安全体验场馆”（）人次，"
		"参与网络答题（）人次，参与“接力传安全——我为安全生产倡议”（）人次。",
		"使用全国安全宣教和应急科普平台 □是□否",
	};
	char *cause = NULL;
	struct form *f = form_load("forms/stats.form", &cause);
	int found[sizeof want / sizeof want[0]] = { 0 };

	CHECK(f != NULL);
	if (f == NULL) {
		free(cause);
		return;
	}
	for (int i = 0; i < f->nitems; i++) {
		char *s;

		if (f->items[i].kind != IT_LINE)
			continue;
		s = render_line(f, &f->items[i]);
		for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
			found[k] |= strcmp(s, want[k]) == 0;
		free(s);
	}
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		if (!found[k])
			printf("#   not found: %s\n", want[k]);
		CHECK(found[k]);
	}
	form_free(f);
}

/* Labels and ids are unique in each shipped form and fixture (they are CSV headers). */
static void test_labels_unique(void)
{
	const char *dirs[] = { "forms", "tests/core/forms" };

	for (int d = 0; d < 2; d++) {
		struct form **forms = NULL;
		char *cause = NULL;
		int n = form_load_dir(dirs[d], &forms, &cause);

		CHECK(n >= 3);
		CHECK_STR(cause, NULL);
		for (int i = 0; i < n; i++) {
			const struct form *f = forms[i];

			for (int a = 0; a < f->nfields; a++) {
				CHECK(f->fields[a].label[0] != '\0');
				for (int b = a + 1; b < f->nfields; b++) {
					CHECK(strcmp(f->fields[a].label, f->fields[b].label) != 0);
					CHECK(strcmp(f->fields[a].id, f->fields[b].id) != 0);
				}
			}
		}
		form_list_free(forms, n);
		free(cause);
	}
}

static void test_round_trips(void)
{
	const char *dirs[] = { "forms", "tests/core/forms" };

	for (int d = 0; d < 2; d++) {
		struct form **forms = NULL;
		char *cause = NULL;
		int n = form_load_dir(dirs[d], &forms, &cause);

		CHECK(n >= 3);
		for (int i = 0; i < n; i++)
			check_round_trip(forms[i]);
		form_list_free(forms, n);
		free(cause);
	}
}

/* The variants of other districts parse with no C change. */
static void test_fixtures(void)
{
	char *cause = NULL;
	struct form *f = form_load("tests/core/forms/stats-district.form", &cause);
	int i;

	CHECK(f != NULL);
	if (f == NULL) {
		printf("#   %s\n", cause);
		free(cause);
		return;
	}
	CHECK_INT(f->order, 3);
	CHECK_INT(f->year, 2022);
	CHECK_STR(f->fields[0].label, "填报科室");
	CHECK(f->fields[0].unit);
	i = form_field_index(f, "other_forms");
	CHECK(i >= 0 && f->fields[i].type == FT_TEXT);
	CHECK(i >= 0 && strcmp(f->fields[i].hint, "例如 读书班") == 0);
	i = form_field_index(f, "fire_drills");
	CHECK(i >= 0 && strcmp(f->fields[i].label, "开展消防演练场") == 0);
	i = form_field_index(f, "fire_people");
	CHECK(i >= 0 && strcmp(f->fields[i].label, "参与人次") == 0);
	i = form_field_index(f, "fire_station");
	CHECK(i >= 0 && strcmp(f->fields[i].label, "是否建立社区微型消防站") == 0);
	CHECK_INT(count_items(f, IT_SECTION), 2);
	form_free(f);

	f = form_load("tests/core/forms/all-types.form", &cause);
	CHECK(f != NULL);
	if (f == NULL) {
		printf("#   %s\n", cause);
		free(cause);
		return;
	}
	CHECK_INT(f->order, 12);
	for (int t = 0; t < FT__COUNT; t++)
		CHECK(count_kind(f, (enum field_type)t) >= 1);
	i = form_field_index(f, "t");
	CHECK_STR(f->fields[i].label, "带 空格 的标签");
	CHECK_STR(f->fields[i].hint, "提示里有 \"引号\" 和 \\ 反斜杠");
	CHECK_INT(f->fields[i].width, 12);
	CHECK(f->fields[i].required);
	i = form_field_index(f, "u");
	CHECK(f->fields[i].nsuggest == 2 && strcmp(f->fields[i].suggest[0], "甲 单位") == 0);
	CHECK_INT(f->fields[form_field_index(f, "lt")].maxlen, 500);
	CHECK_INT(f->fields[form_field_index(f, "lt")].width, 40);
	i = form_field_index(f, "mu");
	CHECK(f->fields[i].other && f->fields[i].noptions == 2);
	CHECK_STR(f->fields[i].options[1], "视 频");
	CHECK_STR(f->fields[form_field_index(f, "ch")].options[1], "女");
	CHECK_STR(f->fields[form_field_index(f, "s1")].label, "理论学习中心组学习次");
	CHECK_STR(f->fields[form_field_index(f, "s2")].label, "参与人次");
	CHECK_STR(f->fields[form_field_index(f, "s3")].label, "时间");
	CHECK_STR(f->fields[form_field_index(f, "s4")].label, "标签里有 } 号");
	CHECK_STR(f->fields[form_field_index(f, "s5")].label, "征集学习文章篇");
	CHECK_STR(f->fields[form_field_index(f, "s6")].label, "研讨体会篇");
	CHECK_STR(f->fields[form_field_index(f, "g2")].label, "参加人");
	/* The sentence with literal braces. */
	for (i = 0; i < f->nitems; i++)
		if (f->items[i].kind == IT_LINE && f->items[i].nsegs == 2 &&
		    f->items[i].segs[1].text == NULL &&
		    f->fields[f->items[i].segs[1].field].width == 8)
			CHECK_STR(f->items[i].segs[0].text, "字面的 { 和 } 大括号 ");
	/* gpos: top-level fields count on after the group. */
	i = form_field_index(f, "after");
	CHECK_INT(f->fields[i].group, -1);
	CHECK_INT(f->fields[i].gpos, f->nfields - 4);
	CHECK_INT(f->fields[form_field_index(f, "g3")].gpos, 2);
	CHECK_INT(f->fields[form_field_index(f, "g3")].group, 0);
	CHECK_INT(f->groups[0].nitems, 5);
	CHECK_INT(form_group_index(f, "rows"), 0);
	CHECK_INT(form_group_index(f, "nope"), -1);
	CHECK_INT(form_field_index(f, "nope"), -1);
	CHECK_INT(form_field_index(f, NULL), -1);
	form_free(f);
}

/* One bad input and the first line of the message it must give. */
struct bad_case {
	const char *text;
	const char *want;	/* prefix of the first message line */
};

static const struct bad_case bad_cases[] = {
	{ HDR "field a cout 甲\n",
	  "x.form:7: 未知的字段类型 \"cout\"（可用：text longtext count phone mobile email "
	  "wechat date daterange choice multi yesno）" },
	{ HDR "field A text 甲\n", "x.form:7: 标识 \"A\" 无效" },
	{ HDR "field 1a text 甲\n", "x.form:7: 标识 \"1a\" 无效" },
	{ HDR "field 名字 text 甲\n", "x.form:7: 标识 \"名字\" 无效" },
	{ HDR "field a text 甲\nfield a text 乙\n", "x.form:8: 标识 \"a\" 已在第 7 行用过" },
	{ HDR "field a text 甲\n\n# c\nfield b text 甲\n",
	  "x.form:10: 标签 \"甲\" 已在第 7 行用过" },
	{ HDR "field a text 甲 bogus\n", "x.form:7: 未知的属性 \"bogus\"（可用：required" },
	{ HDR "field a text 甲 bogus=1\n", "x.form:7: 未知的属性 \"bogus\"" },
	{ HDR "field a count 甲 options=x|y\n",
	  "x.form:7: 属性 options 不能用于 count 类型的字段" },
	{ HDR "field a text 甲 today\n", "x.form:7: 属性 today 不能用于 text 类型的字段" },
	{ HDR "field a date 甲 unit\n", "x.form:7: 属性 unit 不能用于 date 类型的字段" },
	{ HDR "field a choice 甲 other options=a|b\n", "x.form:7: 属性 other 不能用于 choice" },
	{ HDR "field a yesno 甲 max=10\n", "x.form:7: 属性 max 不能用于 yesno 类型的字段" },
	{ HDR "field a yesno 甲 width=10\n", "x.form:7: 属性 width 不能用于 yesno" },
	{ HDR "field a choice 甲\n", "x.form:7: choice 类型的字段需要 options=" },
	{ HDR "field a multi 甲 other\n", "x.form:7: multi 类型的字段需要 options=" },
	{ HDR "field a multi 甲 options=甲、乙|丙\n", "x.form:7: 选项 \"甲、乙\" 中不能有顿号" },
	{ HDR "field a choice 甲 options=男|男\n", "x.form:7: 选项 \"男\" 重复" },
	{ HDR "field a choice 甲 options=男||女\n", "x.form:7: options= 中有空的选项" },
	{ HDR "field a multi 甲 options=其他|乙 other\n", "x.form:7: 已写 other 时选项中不能再有" },
	{ HDR "field a text 甲 width=0\n", "x.form:7: width= 应为 1 到 200 之间的整数" },
	{ HDR "field a text 甲 width=abc\n", "x.form:7: width= 应为 1 到 200" },
	{ HDR "field a longtext 甲 max=99999999999999\n", "x.form:7: max= 应为 1 到 100000" },
	{ HDR "field a text 甲 required=1\n", "x.form:7: 属性 required 不带值" },
	{ HDR "field a text 甲 hint\n", "x.form:7: 属性 hint 需要一个值" },
	{ HDR "field a text 甲 required required\n", "x.form:7: 属性 required 写了两次" },
	{ HDR "field a text 甲 hint=\"abc\n", "x.form:7: 引号没有闭合" },
	{ HDR "field a text \"甲\"乙\n", "x.form:7: 引号后面应是空格" },
	{ HDR "field a text\n", "x.form:7: field 后面应写：标识 类型 标签" },
	{ HDR "field a text required\n", "x.form:7: field a 缺少标签" },
	{ HDR "field a text unit required\n", "x.form:7: field a 缺少标签" },
	{ HDR "field a text required=x hint=y\n", "x.form:7: field a 缺少标签" },
	{ HDR "field a text \"\"\n", "x.form:7: 字段 a 的标签不能为空" },
	{ HDR "field \"a\" text 甲\n", "x.form:7: 标识不能加引号" },
	{ HDR "field a text 甲 label=乙\n", "x.form:7: label= 只用于句中的空格" },
	{ HDR "field a text 甲 \"多余\"\n", "x.form:7: 多余的文字 \"多余\"" },
	{ HDR "group g 组 min=3 max=2\nfield a text 甲\nend\n",
	  "x.form:7: 重复组 g 的 min=3 大于 max=2" },
	{ HDR "group g 组 max=0\nfield a text 甲\nend\n", "x.form:7: 重复组 g 的 max 至少为 1" },
	{ HDR "group g 组 min=-1\nfield a text 甲\nend\n", "x.form:7: min= 应为 0 到 10000" },
	{ HDR "group g 组 size=3\nfield a text 甲\nend\n", "x.form:7: group 不认识 \"size=3\"" },
	{ HDR "group g\nfield a text 甲\nend\n", "x.form:7: group 后面应写：标识 标签" },
	{ HDR "group g min=1\nfield a text 甲\nend\n", "x.form:7: group 后面应写" },
	{ HDR "field a text 甲\nend\n", "x.form:8: 多余的 end：前面没有未结束的 group" },
	{ HDR "group g 组\nfield a text 甲\nend now\n", "x.form:9: end 后面不应再有文字" },
	{ HDR "group g 组\nfield a text 甲\n", "x.form:7: group g 没有用 end 结束" },
	{ HDR "group g 组\nfield a text 甲\ngroup h 组2\nfield b text 乙\nend\nend\n",
	  "x.form:9: 重复组里不能再套重复组（第 7 行的 group g 还没有 end）" },
	{ HDR "group g 组\nend\nfield a text 甲\n", "x.form:7: 重复组 g 中没有字段" },
	{ HDR "group g 组 title=zz\nfield a text 甲\nend\n",
	  "x.form:7: title=zz 应是重复组 g 中的一个字段" },
	{ HDR "field zz text 乙\ngroup g 组 title=zz\nfield a text 甲\nend\n",
	  "x.form:8: title=zz 应是重复组 g 中的一个字段" },
	{ HDR "field g text 乙\ngroup g 组\nfield a text 甲\nend\n",
	  "x.form:8: 标识 \"g\" 已在第 7 行用过" },
	{ HDR "line 甲（{a count}）次（{b count\n", "x.form:7: 句中的 { 没有用 } 结束" },
	{ HDR "line 甲（{a count）次{b count}\n", "x.form:7: 句中的 { 没有用 } 结束" },
	{ HDR "line 甲}乙\n", "x.form:7: 句中多了一个 }" },
	{ HDR "line 参与（{a count}）人次，参与（{b count}）人次\n",
	  "x.form:7: 空格 b 的标签 \"参与人次\" 已在第 7 行用过，请用 label=… 给它一个不同的标签" },
	{ HDR "field x count 参与人次\nline 参与（{b count}）人次\n",
	  "x.form:8: 空格 b 的标签 \"参与人次\" 已在第 7 行用过" },
	{ HDR "field a text 填报单位 column=序号\n",
	  "x.form:7: column=序号 是导出表格的固定列名" },
	{ HDR "field a choice 甲 options=\" | 乙\"\n", "x.form:7: options= 中有空的选项" },
	{ HDR "line {a count}\n", "x.form:7: 无法从句子为空格 a 推出标签，请写 label=…" },
	{ HDR "line 起止：{a date label=开始}{b date}\n", "x.form:7: 无法从句子为空格 b 推出标签" },
	{ HDR "line ，（{a count}）。\n", "x.form:7: 无法从句子为空格 a 推出标签" },
	{ HDR "line 甲{a}\n", "x.form:7: 空格 {a} 应写成 {标识 类型 [属性…]}" },
	{ HDR "line 甲{a cout}\n", "x.form:7: 未知的字段类型 \"cout\"" },
	{ HDR "line 甲{a count label=}\n", "x.form:7: label= 的值不能为空" },
	{ HDR "line 甲{a count options=1|2}\n", "x.form:7: 属性 options 不能用于 count" },
	{ HDR "line 甲{a count label=\"x}\n", "x.form:7: 句中的 { 没有用 } 结束" },
	{ HDR "bogus 1\n", "x.form:7: 未知的指令 \"bogus\"（可用：form version year" },
	{ HDR "averyveryverylongdirective 1\n",
	  "x.form:7: 未知的指令 \"averyveryverylongdirective\"" },
	{ HDR "field a text 甲\ntitle X\n", "x.form:8: 表头指令 title 应写在所有版面指令" },
	{ HDR "field a text 甲\ndue 2021-06-05\n", "x.form:8: 表头指令 due 应写在所有版面指令" },
	{ HDR "name 又一个\nfield a text 甲\n", "x.form:7: name 写了两次（第 6 行已有）" },
	{ "form t\nversion 1\nyear 2021\nattachment 附件1\ntitle T\nfield a text 甲\n",
	  "x.form:1: 缺少 name 指令" },
	{ "\n# c\nform t\nversion 1\nattachment 附件1\ntitle T\nname N\nfield a text 甲\n",
	  "x.form:3: 缺少 year 指令" },
	{ "version 1\nform t\nyear 2021\nattachment 附件1\ntitle T\nname N\nfield a text 甲\n",
	  "x.form:1: 第一条指令应是 form（表单编号），例如 form liaison" },
	{ "field a text 甲\n", "x.form:1: 第一条指令应是 form" },
	{ "form Liaison\n", "x.form:1: 表单编号 \"Liaison\" 无效" },
	{ "form t\nversion 1 2\n", "x.form:2: 版本 \"1 2\" 无效" },
	{ "form t\nyear 21\n", "x.form:2: year 应为四位年份，例如 2021，而不是 \"21\"" },
	{ "form t\nyear\n", "x.form:2: year 后面缺少内容" },
	{ "form t\nattachment 附件\n", "x.form:2: attachment 中找不到附件编号" },
	{ "form t\ndue 2021-02-30\n", "x.form:2: due 应为 年-月-日 格式的日期" },
	{ "form t\ndue 6月5日\n", "x.form:2: due 应为 年-月-日" },
	{ "form t\ndue 2021-02-29\n", "x.form:2: due 应为" },
	{ HDR "text \xff\xfe\n", "x.form:7: 这一行不是有效的 UTF-8 编码，请把文件另存为 UTF-8" },
	{ HDR "text \xc0\xaf\n", "x.form:7: 这一行不是有效的 UTF-8" },
	{ HDR "text \xed\xa0\x80\n", "x.form:7: 这一行不是有效的 UTF-8" },
	{ HDR "text \xf4\x90\x80\x80\n", "x.form:7: 这一行不是有效的 UTF-8" },
	{ HDR "text \xe4\xb8\n", "x.form:7: 这一行不是有效的 UTF-8" },
	{ HDR "text \xe4\xb8", "x.form:7: 这一行不是有效的 UTF-8" },
	{ HDR "text 甲\x01乙\n", "x.form:7: 这一行含有控制字符（0x01），请删去" },
	{ HDR "text 甲\r乙\n", "x.form:7: 这一行含有控制字符（0x0D）" },
	{ "", "x.form:1: 缺少 form 指令" },
	{ "\n\n# only a comment\n", "x.form:1: 缺少 form 指令" },
	{ HDR "section id=Bad 标题\nfield a text 甲\n", "x.form:7: 标识 \"Bad\" 无效" },
	{ HDR "section id=s1\nfield a text 甲\n", "x.form:7: section 缺少标题" },
	{ HDR "field s1 text 甲\nsection id=s1 标题\n", "x.form:8: 标识 \"s1\" 已在第 7 行用过" },
	{ HDR "text\nfield a text 甲\n", "x.form:7: text 后面缺少内容" },
	{ HDR "line   \nfield a text 甲\n", "x.form:7: line 后面缺少内容" },
	{ HDR "guide field a text 甲\n", "x.form:7: guide 后面只能是 subtitle、note 或 text" },
	{ HDR "guide guide note x\nfield a text 甲\n", "x.form:7: guide 后面只能是" },
	{ HDR "guide\nfield a text 甲\n", "x.form:7: guide 后面只能是" },
	{ HDR "line 参加（{n count sub}）人\n", "x.form:7: sub 只用于 field" },
	{ HDR "field a text 甲 sub=1\n", "x.form:7: 属性 sub 不带值" },
	{ HDR "columns 甲|乙\nfield a text 甲\n", "x.form:7: columns 应写三个列名" },
	{ HDR "columns 甲||丙\nfield a text 甲\n", "x.form:7: columns 应写三个列名" },
};

static void test_bad_inputs(void)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		char *cause = NULL;
		struct form *f = parse(bad_cases[i].text, &cause);

		CHECK(f == NULL);
		CHECK(cause != NULL);
		if (f != NULL)
			printf("#   case %zu parsed: %s\n", i, bad_cases[i].text);
		if (cause != NULL && !str_starts(cause, bad_cases[i].want)) {
			printf("#   case %zu\n#     got:  [%s]\n#     want: [%s…]\n", i, cause,
			       bad_cases[i].want);
			test_failed_checks++;
		}
		free(cause);
		form_free(f);
	}
}

/* guide marks lines for the person filling the form in; sub hangs a field under the
 * one before it. Both survive printing. */
static void test_guide_sub(void)
{
	char *cause = NULL;
	struct form *f = parse("form t\nversion 1\nyear 2021\nattachment 附件1\ntitle 标题\n"
			       "name 表名\nguide subtitle （示样）\nnote 注：请报送。\n"
			       "guide note 说明：仅为示例。\ntext 要求\nguide text 请如实填写。\n"
			       "field a text 主办单位\nfield b text 协助单位 sub\n", &cause);

	CHECK(f != NULL);
	CHECK_STR(cause, NULL);
	if (f == NULL) {
		free(cause);
		return;
	}
	CHECK(f->subtitle_guide);
	CHECK_INT(f->nnotes, 2);
	CHECK(!f->note_guide[0] && f->note_guide[1]);
	CHECK(!f->items[0].guide && f->items[1].guide);
	CHECK_STR(f->items[1].text, "请如实填写。");
	CHECK(!f->fields[0].sub && f->fields[1].sub);
	check_round_trip(f);
	form_free(f);
	/* The shipped plan uses both. */
	f = form_load("forms/plan.form", &cause);
	CHECK(f != NULL && f->subtitle_guide && f->nnotes == 3 && f->note_guide[0]);
	CHECK(f != NULL && f->fields[form_field_index(f, "assist")].sub);
	form_free(f);
	free(cause);
}

/* NUL bytes cannot be written in a C string literal table. */
static void test_nul_bytes(void)
{
	static const char text[] = HDR "field a text 甲\ntext a\0b\n";
	char *cause = NULL;
	struct form *f = form_parse("x.form", text, sizeof text - 1, &cause);

	CHECK(f == NULL);
	CHECK(cause != NULL && str_starts(cause, "x.form:8: 这一行含有 NUL 字节"));
	free(cause);
	f = form_parse("x.form", text, sizeof HDR - 1 + strlen("field a text 甲\n"), &cause);
	CHECK(f != NULL);
	CHECK_STR(cause, NULL);
	form_free(f);
}

/* Every error is reported, at most 20, each on its own line with its line number. */
static void test_many_errors(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL, *p;
	struct form *f;
	int lines = 1;

	strbuf_adds(&sb, HDR);
	for (int i = 0; i < 30; i++)
		strbuf_addf(&sb, "field f%d nosuchtype 标签%d\n", i, i);
	f = parse(sb.buf, &cause);
	CHECK(f == NULL);
	for (p = cause; p != NULL && *p != '\0'; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 20);
	CHECK(cause != NULL && str_starts(cause, "x.form:7: 未知的字段类型"));
	CHECK(cause != NULL && strstr(cause, "\nx.form:26: 未知的字段类型 \"nosuchtype\"") != NULL);
	CHECK(cause != NULL && strstr(cause, "x.form:27:") == NULL);
	free(cause);
	strbuf_free(&sb);

	/* Different errors in one file are all found. */
	f = parse(HDR "field a cout 甲\nfield b text 乙 bogus\nline x}\nend\n", &cause);
	CHECK(f == NULL);
	CHECK(cause != NULL && strstr(cause, "x.form:7: ") != NULL &&
	      strstr(cause, "\nx.form:8: ") != NULL && strstr(cause, "\nx.form:9: ") != NULL &&
	      strstr(cause, "\nx.form:10: ") != NULL);
	free(cause);
}

/* A minimal form with every kind of spelling that must be accepted. */
static void test_good_inputs(void)
{
	char *cause = NULL;
	struct form *f;

	/* BOM, CRLF, indentation, comments, trailing spaces, tabs. */
	f = parse("\xEF\xBB\xBF# comment\r\n  form t\r\n\tversion 2021.1  \r\nyear 2021\r\n"
		  "attachment 附件 ３\r\ntitle  标题 有 空格\r\nname 表名\r\n\r\n"
		  "   # indented comment\r\nfield a text 甲\t required\r\n",
		  &cause);
	CHECK(f != NULL);
	CHECK_STR(cause, NULL);
	if (f != NULL) {
		CHECK_STR(f->id, "t");
		CHECK_STR(f->version, "2021.1");
		CHECK_STR(f->title, "标题 有 空格");
		CHECK_INT(f->order, 3);
		CHECK_INT(f->nfields, 1);
		CHECK(f->fields[0].required);
		CHECK_INT(f->fields[0].line, 10);
		CHECK_STR(f->path, "x.form");
		CHECK_STR(f->subtitle, NULL);
		CHECK_STR(f->fields[0].label, "甲");
		CHECK_STR(f->due, NULL);
		CHECK_INT(f->nnotes, 0);
		check_round_trip(f);
	}
	form_free(f);

	/* A NULL cause is allowed; a file with no final newline too. */
	f = parse(HDR "field a text 甲", NULL);
	CHECK(f != NULL);
	form_free(f);

	/* A very long line. */
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_adds(&sb, HDR "text ");
		for (int i = 0; i < 50000; i++)
			strbuf_adds(&sb, "长");
		strbuf_adds(&sb, "\nline ");
		for (int i = 0; i < 20000; i++)
			strbuf_adds(&sb, "句");
		strbuf_adds(&sb, "（{a count}）次\n");
		f = parse(sb.buf, &cause);
		CHECK(f != NULL);
		CHECK_STR(cause, NULL);
		if (f != NULL) {
			CHECK_INT(strlen(f->items[0].text), 150000);
			CHECK_INT(strlen(f->fields[0].label), 60003);
		}
		form_free(f);
		free(cause);
		strbuf_free(&sb);
	}

	/* A sentence with no blank is read-only, and a section id is optional. */
	f = parse(HDR "section 一、标题\nsection id=s2 二、 标题\nline 没有空格。\n"
		      "field a text 甲\n", &cause);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_INT(f->nitems, 4);
		CHECK_STR(f->items[0].id, NULL);
		CHECK_STR(f->items[0].text, "一、标题");
		CHECK_STR(f->items[1].id, "s2");
		CHECK_STR(f->items[1].text, "二、 标题");
		CHECK_INT(f->items[2].kind, IT_LINE);
		CHECK_INT(f->items[2].nsegs, 1);
		CHECK_STR(f->items[2].segs[0].text, "没有空格。");
		CHECK_INT(f->items[2].segs[0].field, -1);
		check_round_trip(f);
	}
	form_free(f);

	/* A line's segments: text, blank, text; the blank's label derived. */
	f = parse(HDR "line 开展“领导干部讲安全”活动（{a count}）场，参与（ {b count} ）人次；\n",
		  &cause);
	CHECK(f != NULL);
	if (f != NULL) {
		const struct form_item *it = &f->items[0];

		CHECK_INT(it->nsegs, 5);
		CHECK_STR(it->segs[0].text, "开展“领导干部讲安全”活动（");
		CHECK_INT(it->segs[1].field, 0);
		CHECK_STR(it->segs[1].text, NULL);
		CHECK_STR(it->segs[2].text, "）场，参与（ ");
		CHECK_INT(it->segs[3].field, 1);
		CHECK_STR(it->segs[4].text, " ）人次；");
		CHECK_STR(f->fields[0].label, "开展“领导干部讲安全”活动场");
		CHECK_STR(f->fields[1].label, "参与人次");
		check_round_trip(f);
	}
	form_free(f);

	/* With no punctuation between two blanks, the closing bracket is not taken. */
	f = parse(HDR "line （{a count label=甲}）次参与（{b count}）人次\n", &cause);
	CHECK(f != NULL);
	if (f != NULL)
		CHECK_STR(f->fields[1].label, "次参与人次");
	form_free(f);

	/* Two blanks side by side, one with an explicit label. */
	f = parse(HDR "line 起止：{a date label=开始}{b date label=结束}\n", &cause);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_STR(f->fields[0].label, "开始");
		CHECK_STR(f->fields[1].label, "结束");
		check_round_trip(f);
	}
	form_free(f);
	free(cause);
}

/* The number of an attachment orders the forms: digits, full-width digits, 一二三. */
static void test_attachment_order(void)
{
	static const struct {
		const char *att;
		int order;
	} cases[] = {
		{ "附件1", 1 },		{ "附件3", 3 },		{ "附件３", 3 },
		{ "附件１２", 12 },	{ "附件三", 3 },	{ "附件十", 10 },
		{ "附件十二", 12 },	{ "附件二十", 20 },	{ "附件二十三", 23 },
		{ "附件 7 （续）", 7 },	{ "Annex 4", 4 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = xasprintf("form t\nversion 1\nyear 2021\nattachment %s\ntitle T\n"
				       "name N\nfield a text 甲\n", cases[i].att);
		char *cause = NULL;
		struct form *f = parse(text, &cause);

		CHECK(f != NULL);
		if (f != NULL) {
			if (f->order != cases[i].order)
				printf("#   %s\n", cases[i].att);
			CHECK_INT(f->order, cases[i].order);
			CHECK_STR(f->attachment, cases[i].att);
		}
		form_free(f);
		free(cause);
		free(text);
	}
}

static void test_type_names(void)
{
	CHECK_STR(form_type_name(FT_TEXT), "text");
	CHECK_STR(form_type_name(FT_LONGTEXT), "longtext");
	CHECK_STR(form_type_name(FT_COUNT), "count");
	CHECK_STR(form_type_name(FT_DATERANGE), "daterange");
	CHECK_STR(form_type_name(FT_YESNO), "yesno");
	CHECK_STR(form_type_name(FT__COUNT), "?");
	CHECK_STR(form_type_name((enum field_type)-1), "?");
}

static void test_load_errors(void)
{
	char *cause = NULL;
	struct form **forms = NULL;
	struct form *f = form_load("tests/core/forms/no-such.form", &cause);

	CHECK(f == NULL);
	CHECK_STR(cause, "tests/core/forms/no-such.form: 无法打开表单文件：文件不存在");
	free(cause);
	f = form_load("tests/core/forms", &cause);
	CHECK(f == NULL);
	CHECK_STR(cause, "tests/core/forms: 这是一个目录，不是表单文件");
	free(cause);
	CHECK_INT(form_load_dir("tests/core/no-such-dir", &forms, &cause), 0);
	CHECK(forms == NULL);
	CHECK_STR(cause, "tests/core/no-such-dir: 无法打开表单目录：目录不存在");
	free(cause);
	form_list_free(NULL, 0);
	form_free(NULL);
}

/* A directory with a broken file and a duplicate id: the good ones load, the rest is told. */
static void test_load_dir_mixed(void)
{
	char dir[] = "/tmp/tianbiao-test-form.XXXXXX";
	struct form **forms = NULL;
	char *cause = NULL, *path;
	FILE *fp;
	int n;

	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	path = xasprintf("%s/b.form", dir);
	fp = fopen(path, "w");
	fputs("form b\nversion 1\nyear 2021\nattachment 附件2\ntitle B\nname B\nfield x text X\n",
	      fp);
	fclose(fp);
	free(path);
	path = xasprintf("%s/a.form", dir);
	fp = fopen(path, "w");
	fputs("form a\nversion 1\nyear 2021\nattachment 附件10\ntitle A\nname A\nfield x text X\n",
	      fp);
	fclose(fp);
	free(path);
	path = xasprintf("%s/c.form", dir);
	fp = fopen(path, "w");
	fputs("form c\nversion 1\nyear 2021\nattachment 附件1\ntitle C\nname C\nfield x cout X\n",
	      fp);
	fclose(fp);
	free(path);
	path = xasprintf("%s/d.form", dir);
	fp = fopen(path, "w");
	fputs("form b\nversion 1\nyear 2021\nattachment 附件1\ntitle D\nname D\nfield x text X\n",
	      fp);
	fclose(fp);
	free(path);
	path = xasprintf("%s/readme.txt", dir);
	fp = fopen(path, "w");
	fputs("not a form\n", fp);
	fclose(fp);
	free(path);

	n = form_load_dir(dir, &forms, &cause);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(forms[0]->id, "b");
		CHECK_STR(forms[1]->id, "a");
	}
	CHECK(cause != NULL);
	if (cause != NULL) {
		char *want = xasprintf("%s/c.form:7: 未知的字段类型 \"cout\"", dir);
		char *want2 = xasprintf("\n%s/d.form:1: 2021 年的表单 b 与 %s/b.form 重复", dir, dir);

		CHECK(str_starts(cause, want));
		CHECK(strstr(cause, want2) != NULL);
		free(want);
		free(want2);
	}
	free(cause);
	form_list_free(forms, n);
	for (const char *const *nm = (const char *const[]){ "a.form", "b.form", "c.form", "d.form",
							     "readme.txt", NULL };
	     *nm != NULL; nm++) {
		path = xasprintf("%s/%s", dir, *nm);
		remove(path);
		free(path);
	}
	remove(dir);
}

/* The complete example of docs/forms.md parses and round-trips. */
static void test_docs_example(void)
{
	FILE *fp = fopen("docs/forms.md", "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096], *cause = NULL;
	size_t n;
	const char *start, *end;
	struct form *f;

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	start = strstr(strbuf_str(&sb), "## A complete example");
	start = start != NULL ? strstr(start, "```\n") : NULL;
	end = start != NULL ? strstr(start + 4, "```\n") : NULL;
	CHECK(start != NULL && end != NULL);
	if (start != NULL && end != NULL) {
		f = form_parse("docs/forms.md", start + 4, (size_t)(end - start - 4), &cause);
		CHECK(f != NULL);
		if (f == NULL)
			printf("#   %s\n", cause);
		else
			check_round_trip(f);
		if (f != NULL) {
			CHECK_INT(f->nfields, 10);
			CHECK_INT(f->ngroups, 1);
		}
		form_free(f);
		free(cause);
	}
	strbuf_free(&sb);
}

/* Many names: each field found at its index through the hash, and a name used long
 * before (a field, a group, a section, a label, a column) still refused with its line. */
static void test_many_fields(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;
	struct form *f;
	static const char *const dups[][2] = {
		{ "field f17 text 新", "x.form:1010: 标识 \"f17\" 已在第 25 行用过" },
		{ "field z text 第17项", "x.form:1010: 标签 \"第17项\" 已在第 25 行用过" },
		{ "field z text 新 column=列17", "x.form:1010: 导出表格的列名 \"列17\" 已被第 25 行" },
		{ "field g text 新", "x.form:1010: 标识 \"g\" 已在第 1007 行用过" },
		{ "field s text 新", "x.form:1010: 标识 \"s\" 已在第 7 行用过" },
	};

	for (int d = -1; d < (int)(sizeof dups / sizeof dups[0]); d++) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, HDR "section id=s 第一部分\n");
		for (int i = 0; i < 999; i++)
			strbuf_addf(&sb, "field f%d count 第%d项 column=列%d\n", i, i, i);
		strbuf_adds(&sb, "group g 组\n  field gf text 组内\nend\n");
		strbuf_addf(&sb, "%s\n", d >= 0 ? dups[d][0] : "field last text 最后");
		f = form_parse("x.form", sb.buf, sb.len, &cause);
		if (d < 0) {
			CHECK(f != NULL);
			if (f == NULL)
				break;
			CHECK_INT(f->nfields, 1001);
			for (int i = 0; i < f->nfields; i++)
				CHECK_INT(form_field_index(f, f->fields[i].id), i);
			CHECK_INT(form_field_index(f, "f999"), -1);
			CHECK_INT(form_field_index(f, "s"), -1);
		} else {
			CHECK(f == NULL);
			CHECK(cause != NULL && str_starts(cause, dups[d][1]));
			if (cause != NULL && !str_starts(cause, dups[d][1]))
				printf("#   %s\n", cause);
		}
		form_free(f);
		free(cause);
		cause = NULL;
	}
	strbuf_free(&sb);
}

int main(void)
{
	TEST_RUN(test_shipped_forms);
	TEST_RUN(test_stats_sentences);
	TEST_RUN(test_labels_unique);
	TEST_RUN(test_round_trips);
	TEST_RUN(test_fixtures);
	TEST_RUN(test_bad_inputs);
	TEST_RUN(test_nul_bytes);
	TEST_RUN(test_many_errors);
	TEST_RUN(test_good_inputs);
	TEST_RUN(test_guide_sub);
	TEST_RUN(test_attachment_order);
	TEST_RUN(test_type_names);
	TEST_RUN(test_load_errors);
	TEST_RUN(test_load_dir_mixed);
	TEST_RUN(test_docs_example);
	TEST_RUN(test_many_fields);
	return test_done();
}
