/* test_check.c - the checks of every field type against real and bad values, table-driven. */
#include <stdlib.h>

#include "core/config.h"
#include "core/check.h"
#include "core/text.h"
#include "test.h"

static const char form_text[] =
	"form t\n"
	"version 1\n"
	"year 2021\n"
	"attachment 附件9\n"
	"title 测试表\n"
	"name 测试表\n"
	"field name text 姓名 width=20 required\n"
	"field addr text 通信地址 width=60\n"
	"field note longtext 说明 max=10\n"
	"field n count 次数\n"
	"field tel phone 办公电话 width=30\n"
	"field fax phone 传真 width=14\n"
	"field mob mobile 手机\n"
	"field mail email 电子邮箱\n"
	"field wx wechat 微信号\n"
	"field day date 日期\n"
	"field when daterange 时间\n"
	"field sex choice 性别 options=男|女\n"
	"field sz choice 规模 options=\"大 型|小型\"\n"
	"field yn yesno 是否\n"
	"field out multi 成果形式 options=学习研讨文章|企业宣传片|安全贴士|专访视频 other\n"
	"field kind multi 类型 options=甲|乙\n"
	"group acts 重点活动 min=1 max=5 title=act\n"
	"  field act text 活动名称 required\n"
	"  line 参加（{people count label=参加人数}）人\n"
	"end\n"
	"field after date 填报日期 required\n"
	"field unitf text 填报单位名称 unit\n"
	"field today date 报送日期 today\n";

static struct form *test_form(void)
{
	char *cause = NULL;
	struct form *f = form_parse("t.form", form_text, strlen(form_text), &cause);

	if (f == NULL) {
		printf("# form_parse: %s\n", cause);
		free(cause);
		exit(1);
	}
	return f;
}

#define OK CHECK_OK
#define SOFT CHECK_SOFT
#define HARD CHECK_HARD

#define M_COUNT "请填写数字（0或正整数），不要填写文字或单位"
#define M_PHONE_ABC "座机如 022-29240881；手机为 11 位；您填的号码里有字母 a"
#define M_MOBILE "手机号应为11位数字，以1开头"
#define M_EMAIL "电子邮箱格式不对，例如 bdqyjj01@tj.gov.cn"
#define M_EMAIL_NOAT "电子邮箱里没有 @，应为“名字@网址”，例如 bdqyjj01@tj.gov.cn"
#define M_EMAIL_TWOAT "电子邮箱里有两个 @，只能有一个，例如 bdqyjj01@tj.gov.cn"
#define M_EMAIL_HANZI "电子邮箱里不能有汉字，例如 bdqyjj01@tj.gov.cn"
#define M_WECHAT "微信号应为6至20位字母、数字、下划线或减号，以字母开头；也可以填手机号"
#define M_DATE "日期写法不对，例如 6月5日"
#define M_RANGE "日期写法不对，例如 6月5日 或 6月5日至7月5日"
#define M_LINE "这一项只能填一行，请去掉换行"
#define M_UTF8 "含有无法识别的字符（可能是乱码），请删除后重新输入"
#define M_CTRL "含有看不见的控制字符，请删除后重新输入"
#define M_YESNO "请填写“是”或“否”"
#define M_OUT "可选：学习研讨文章、企业宣传片、安全贴士、专访视频；其他内容请写成“其他：内容”"

/* One typed value, and what check_value must make of it. */
struct row {
	const char *field;
	const char *in;
	enum check_level level;
	const char *value;	/* NULL: blank (or refused) */
	const char *msg;	/* "" when OK */
};

static const struct row rows[] = {
	/* Blank is blank, whatever the type. */
	{ "name", NULL, OK, NULL, "" },
	{ "name", "", OK, NULL, "" },
	{ "name", "   ", OK, NULL, "" },
	{ "n", "　", OK, NULL, "" },
	{ "day", " \t ", OK, NULL, "" },
	{ "note", "\n\n", OK, NULL, "" },

	/* text */
	{ "name", "黄璐", OK, "黄璐", "" },
	{ "name", "  黄璐  ", OK, "黄璐", "" },
	{ "name", "　黄璐　", OK, "黄璐", "" },
	{ "name", "黄\t璐", OK, "黄 璐", "" },
	{ "name", "欧阳娜娜", OK, "欧阳娜娜", "" },
	{ "name", "十个汉字十个汉字十个", OK, "十个汉字十个汉字十个", "" },
	{ "name", "十一个汉字十一个汉字十", HARD, NULL,
	  "太长了，最多填写10个汉字（或20个字母、数字），请精简" },
	{ "name", "abcdefghijklmnopqrst", OK, "abcdefghijklmnopqrst", "" },
	{ "name", "abcdefghijklmnopqrstu", HARD, NULL,
	  "太长了，最多填写10个汉字（或20个字母、数字），请精简" },
	{ "name", "黄\n璐", HARD, NULL, M_LINE },
	{ "name", "黄\r\n璐", HARD, NULL, M_LINE },
	{ "name", "黄璐\n", OK, "黄璐", "" },
	{ "name", "黄\x01璐", HARD, NULL, M_CTRL },
	{ "name", "黄\x7f璐", HARD, NULL, M_CTRL },
	{ "name", "黄\xC2\x85璐", HARD, NULL, M_CTRL },
	{ "name", "黄\xff璐", HARD, NULL, M_UTF8 },
	{ "name", "\xED\xA0\x80", HARD, NULL, M_UTF8 },
	{ "name", "\xE4\xB8", HARD, NULL, M_UTF8 },
	{ "name", "\xEF\xBB\xBF黄璐", OK, "黄璐", "" },
	{ "name", "黄\xE2\x80\x8B璐", OK, "黄璐", "" },
	{ "name", "=1+2", OK, "=1+2", "" },
	{ "name", "\"引号\",逗号", OK, "\"引号\",逗号", "" },
	{ "name", "😀", OK, "😀", "" },
	{ "addr", "天津市宝坻区南环路1号应急局203室", OK, "天津市宝坻区南环路1号应急局203室", "" },

	/* longtext */
	{ "note", "一二三四五六七八九十", OK, "一二三四五六七八九十", "" },
	{ "note", "一二三四五六七八九十一", HARD, NULL, "太长了，最多10个字，现在有11个字，请精简" },
	{ "note", "第一行\n第二行", OK, "第一行\n第二行", "" },
	{ "note", "第一行\r\n第二行\r\n", OK, "第一行\n第二行", "" },
	{ "note", "\n\n  缩进 \n", OK, "  缩进", "" },
	{ "note", "a\x02", HARD, NULL, M_CTRL },

	/* count */
	{ "n", "0", OK, "0", "" },
	{ "n", "3", OK, "3", "" },
	{ "n", "45", OK, "45", "" },
	{ "n", "007", OK, "7", "" },
	{ "n", "000", OK, "0", "" },
	{ "n", "３", OK, "3", "" },
	{ "n", "１２０", OK, "120", "" },
	{ "n", " 12 ", OK, "12", "" },
	{ "n", "1 200", OK, "1200", "" },
	{ "n", "1　200", OK, "1200", "" },
	{ "n", "1,200", OK, "1200", "" },
	{ "n", "12,345,678", OK, "12345678", "" },
	{ "n", "１，２００", OK, "1200", "" },
	{ "n", "999999999", OK, "999999999", "" },
	{ "n", "0000000001", OK, "1", "" },
	{ "n", "1000000000", HARD, NULL, "数字太大了（最多9位），请核对" },
	{ "n", "1,2", HARD, NULL, M_COUNT },
	{ "n", "1,20", HARD, NULL, M_COUNT },
	{ "n", ",120", HARD, NULL, M_COUNT },
	{ "n", "3次", HARD, NULL, M_COUNT },
	{ "n", "3人次", HARD, NULL, M_COUNT },
	{ "n", "三", HARD, NULL, M_COUNT },
	{ "n", "-1", HARD, NULL, M_COUNT },
	{ "n", "+1", HARD, NULL, M_COUNT },
	{ "n", "1.5", HARD, NULL, M_COUNT },
	{ "n", "3.0", HARD, NULL, M_COUNT },
	{ "n", "1e3", HARD, NULL, M_COUNT },
	{ "n", "无", HARD, NULL, M_COUNT },
	{ "n", "约50", HARD, NULL, M_COUNT },
	{ "n", "50+", HARD, NULL, M_COUNT },
	{ "n", "0x10", HARD, NULL, M_COUNT },
	{ "n", "1\n2", HARD, NULL, M_LINE },

	/* phone and fax */
	{ "tel", "022-29240881", OK, "022-29240881", "" },
	{ "tel", "29240881", OK, "29240881", "" },
	{ "tel", "29240881-8001", OK, "29240881-8001", "" },
	{ "tel", "022-29240881-8001", OK, "022-29240881-8001", "" },
	{ "tel", "(022)29240881", OK, "022-29240881", "" },
	{ "tel", "（022）29240881", OK, "022-29240881", "" },
	{ "tel", "（０２２）２９２４０８８１", OK, "022-29240881", "" },
	{ "tel", "(022) 2924 0881", OK, "022-29240881", "" },
	{ "tel", "022 2924 0881", OK, "022-29240881", "" },
	{ "tel", "022 29240881", OK, "022-29240881", "" },
	{ "tel", "02229240881", OK, "022-29240881", "" },
	{ "tel", "+86 22 29240881", OK, "022-29240881", "" },
	{ "tel", "+86-22-29240881", OK, "022-29240881", "" },
	{ "tel", "+862229240881", OK, "022-29240881", "" },
	{ "tel", "+86 022 29240881", OK, "022-29240881", "" },
	{ "tel", "0086 22 29240881", OK, "022-29240881", "" },
	{ "tel", "(+86)22-29240881", OK, "022-29240881", "" },
	{ "tel", "010-62345678", OK, "010-62345678", "" },
	{ "tel", "0316-2345678", OK, "0316-2345678", "" },
	{ "tel", "03162345678", OK, "0316-2345678", "" },
	{ "tel", "2924-0881", OK, "29240881", "" },
	{ "tel", "29240881转8001", OK, "29240881-8001", "" },
	{ "tel", "29240881 转 8001", OK, "29240881-8001", "" },
	{ "tel", "022-29240881分机8001", OK, "022-29240881-8001", "" },
	{ "tel", "29240881，29240882", OK, "29240881，29240882", "" },
	{ "tel", "29240881、18222169302", OK, "29240881，18222169302", "" },
	{ "tel", "18222169302", OK, "18222169302", "" },
	{ "tel", "182 2216 9302", OK, "18222169302", "" },
	{ "tel", "12350", SOFT, "12350", "座机如 022-29240881；手机为 11 位，您填了 5 位" },
	{ "tel", "2924088", OK, "2924088", "" },
	{ "tel", "292408", SOFT, "292408", "座机如 022-29240881；手机为 11 位；您填了 6 位数字" },
	{ "tel", "292408811", SOFT, "292408811", "座机如 022-29240881；手机为 11 位；您填了 9 位数字" },
	{ "tel", "09240881", SOFT, "09240881", "座机如 022-29240881；手机为 11 位；您填了 8 位数字" },
	{ "tel", "022-", SOFT, "022-", "座机如 022-29240881；手机为 11 位；您填了 3 位数字" },
	{ "tel", "022-2924088x", SOFT, "022-2924088x", "座机如 022-29240881；手机为 11 位；您填的号码里有字母 x" },
	{ "tel", "无", SOFT, "无", "没有电话号码：座机如 022-29240881，手机为 11 位数字" },
	{ "tel", "同手机", SOFT, "同手机", "没有电话号码：座机如 022-29240881，手机为 11 位数字" },
	{ "tel", "２９２４ａ", SOFT, "2924a", "座机如 022-29240881；手机为 11 位；您填的号码里有字母 a" },
	{ "tel", "29240881-1234567", SOFT, "29240881-1234567", "座机如 022-29240881；手机为 11 位；您填了 15 位数字" },
	{ "tel", "29240881-1-2", SOFT, "29240881-1-2", "座机如 022-29240881；手机为 11 位；您填了 10 位数字" },
	{ "tel", "(22)29240881", SOFT, "(22)29240881", "座机如 022-29240881；手机为 11 位；您填了 10 位数字" },
	{ "tel", "(022 29240881", SOFT, "(022 29240881", "座机如 022-29240881；手机为 11 位；您填了 11 位数字" },
	{ "fax", "022-29240881", OK, "022-29240881", "" },
	{ "fax", "022-29240881-8001", HARD, NULL,
	  "太长了，最多14个数字、字母或符号，请精简" },

	/* mobile */
	{ "mob", "18222169302", OK, "18222169302", "" },
	{ "mob", "182 2216 9302", OK, "18222169302", "" },
	{ "mob", "182-2216-9302", OK, "18222169302", "" },
	{ "mob", "１８２　２２１６　９３０２", OK, "18222169302", "" },
	{ "mob", "+86 18222169302", OK, "18222169302", "" },
	{ "mob", "+86-182-2216-9302", OK, "18222169302", "" },
	{ "mob", "(+86)18222169302", OK, "18222169302", "" },
	{ "mob", "8618222169302", OK, "18222169302", "" },
	{ "mob", "008618222169302", OK, "18222169302", "" },
	{ "mob", "1822216930", SOFT, "1822216930", M_MOBILE "，您填了 10 位" },
	{ "mob", "182221693021", SOFT, "182221693021", M_MOBILE "，您填了 12 位" },
	{ "mob", "28222169302", SOFT, "28222169302", M_MOBILE },
	{ "mob", "022-29240881", SOFT, "022-29240881", M_MOBILE },
	{ "mob", "１８２２２１６９３０", SOFT, "1822216930", M_MOBILE "，您填了 10 位" },
	{ "mob", "无", SOFT, "无", M_MOBILE },
	{ "mob", "182 2216 930２", OK, "18222169302", "" },

	/* email */
	{ "mail", "bdqyjj01@tj.gov.cn", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", " bdqyjj01@tj.gov.cn ", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", "bdqyjj01＠tj．gov．cn", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", "bdqyjj01@tj。gov。cn", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", "ｂｄｑｙｊｊ０１＠ｔｊ．ｇｏｖ．ｃｎ", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", "BDQYJJ01@TJ.GOV.CN", OK, "BDQYJJ01@tj.gov.cn", "" },
	{ "mail", "huang.lu+safe@163.com", OK, "huang.lu+safe@163.com", "" },
	{ "mail", "12345678@qq.com", OK, "12345678@qq.com", "" },
	{ "mail", "a-b_c@mail.tj-bd.gov.cn", OK, "a-b_c@mail.tj-bd.gov.cn", "" },
	{ "mail", "bdqyjj01 @ tj.gov.cn", OK, "bdqyjj01@tj.gov.cn", "" },
	{ "mail", "bdqyjj01tj.gov.cn", SOFT, "bdqyjj01tj.gov.cn", M_EMAIL_NOAT },
	{ "mail", "bdqyjj01@tj", SOFT, "bdqyjj01@tj", M_EMAIL },
	{ "mail", "bdqyjj01@@tj.gov.cn", SOFT, "bdqyjj01@@tj.gov.cn", M_EMAIL_TWOAT },
	{ "mail", "@tj.gov.cn", SOFT, "@tj.gov.cn", M_EMAIL },
	{ "mail", "a..b@tj.gov.cn", SOFT, "a..b@tj.gov.cn", M_EMAIL },
	{ "mail", "a@tj..cn", SOFT, "a@tj..cn", M_EMAIL },
	{ "mail", "a@tj.c", SOFT, "a@tj.c", M_EMAIL },
	{ "mail", "a@.tj.cn", SOFT, "a@.tj.cn", M_EMAIL },
	{ "mail", "黄璐@tj.gov.cn", SOFT, "黄璐@tj.gov.cn", M_EMAIL_HANZI },
	{ "mail", "a@tj.gov.cn.", SOFT, "a@tj.gov.cn.", M_EMAIL },
	{ "mail", "a@-tj.cn", SOFT, "a@-tj.cn", M_EMAIL },

	/* wechat */
	{ "wx", "huanglu_2021", OK, "huanglu_2021", "" },
	{ "wx", "abcdef", OK, "abcdef", "" },
	{ "wx", "a-b_c-d", OK, "a-b_c-d", "" },
	{ "wx", "ａｂｃｄｅｆ", OK, "abcdef", "" },
	{ "wx", "abcdefghijklmnopqrst", OK, "abcdefghijklmnopqrst", "" },
	{ "wx", "18222169302", OK, "18222169302", "" },
	{ "wx", "182-2216-9302", OK, "18222169302", "" },
	{ "wx", "+86 182 2216 9302", OK, "18222169302", "" },
	{ "wx", "abcde", SOFT, "abcde", M_WECHAT },
	{ "wx", "abcdefghijklmnopqrstu", SOFT, "abcdefghijklmnopqrstu", M_WECHAT },
	{ "wx", "1abcdef", SOFT, "1abcdef", M_WECHAT },
	{ "wx", "_abcdef", SOFT, "_abcdef", M_WECHAT },
	{ "wx", "黄璐的微信", SOFT, "黄璐的微信", M_WECHAT },
	{ "wx", "abc def", SOFT, "abc def", M_WECHAT },
	{ "wx", "同手机号", SOFT, "同手机号", M_WECHAT },

	/* date (campaign year 2021) */
	{ "day", "6月5日", OK, "6月5日", "" },
	{ "day", "6月5号", OK, "6月5日", "" },
	{ "day", "06月05日", OK, "6月5日", "" },
	{ "day", "6月5", OK, "6月5日", "" },
	{ "day", "6 月 5 日", OK, "6月5日", "" },
	{ "day", "６月５日", OK, "6月5日", "" },
	{ "day", "2021年6月5日", OK, "6月5日", "" },
	{ "day", "2022年6月5日", OK, "2022年6月5日", "" },
	{ "day", "21年6月5日", OK, "6月5日", "" },
	{ "day", "二〇二一年六月五日", OK, "6月5日", "" },
	{ "day", "六月十六日", OK, "6月16日", "" },
	{ "day", "十二月三十一日", OK, "12月31日", "" },
	{ "day", "六月二十日", OK, "6月20日", "" },
	{ "day", "2021-06-05", OK, "6月5日", "" },
	{ "day", "2021-6-5", OK, "6月5日", "" },
	{ "day", "2021/6/5", OK, "6月5日", "" },
	{ "day", "2021.6.5", OK, "6月5日", "" },
	{ "day", "２０２１－０６－０５", OK, "6月5日", "" },
	{ "day", "20210605", OK, "6月5日", "" },
	{ "day", "2020-12-31", OK, "2020年12月31日", "" },
	{ "day", "6.5", OK, "6月5日", "" },
	{ "day", "6/5", OK, "6月5日", "" },
	{ "day", "6-5", OK, "6月5日", "" },
	{ "day", "06-16", OK, "6月16日", "" },
	{ "day", "6月31日", HARD, NULL, "6月没有31日" },
	{ "day", "2021-06-31", HARD, NULL, "6月没有31日" },
	{ "day", "2月29日", HARD, NULL, "2021年2月没有29日" },
	{ "day", "2024年2月29日", OK, "2024年2月29日", "" },
	{ "day", "2月30日", HARD, NULL, "2月没有30日" },
	{ "day", "13月1日", HARD, NULL, "没有13月，请核对月份" },
	{ "day", "0月1日", HARD, NULL, "没有0月，请核对月份" },
	{ "day", "6月0日", HARD, NULL, "6月没有0日" },
	{ "day", "6.31", HARD, NULL, "6月没有31日" },
	{ "day", "0605", SOFT, "0605", M_DATE },
	{ "day", "6月上旬", SOFT, "6月上旬", M_DATE },
	{ "day", "下周一", SOFT, "下周一", M_DATE },
	{ "day", "6月5日上午", SOFT, "6月5日上午", M_DATE },
	{ "day", "2021-6", SOFT, "2021-6", M_DATE },
	{ "day", "6.5.7", SOFT, "6.5.7", M_DATE },
	{ "day", "1999年6月5日", SOFT, "1999年6月5日", M_DATE },
	{ "day", "6月5日至7月5日", SOFT, "6月5日至7月5日", M_DATE },
	{ "day", "6月\n5日", HARD, NULL, M_LINE },

	/* daterange */
	{ "when", "6月5日", OK, "6月5日", "" },
	{ "when", "6-5", OK, "6月5日", "" },
	{ "when", "6月5日至7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日到7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日~7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日～7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日-7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日—7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日——7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日 至 7月5日", OK, "6月5日至7月5日", "" },
	{ "when", "6.5-7.5", OK, "6月5日至7月5日", "" },
	{ "when", "6-5-7-5", OK, "6月5日至7月5日", "" },
	{ "when", "6/5-7/5", OK, "6月5日至7月5日", "" },
	{ "when", "2021-06-05至2021-07-05", OK, "6月5日至7月5日", "" },
	{ "when", "2021-06-05~2021-07-05", OK, "6月5日至7月5日", "" },
	{ "when", "6月5日至10日", OK, "6月5日至6月10日", "" },
	{ "when", "6月5-10日", OK, "6月5日至6月10日", "" },
	{ "when", "6月5日-10日", OK, "6月5日至6月10日", "" },
	{ "when", "2022年6月5日至7月5日", OK, "2022年6月5日至2022年7月5日", "" },
	{ "when", "6月5日至6月5日", OK, "6月5日", "" },
	{ "when", "7月5日至6月5日", SOFT, "7月5日至6月5日", "结束日期早于开始日期，请核对" },
	{ "when", "6月5日至6月31日", HARD, NULL, "6月没有31日" },
	{ "when", "6月31日至7月5日", HARD, NULL, "6月没有31日" },
	{ "when", "6月5日至", SOFT, "6月5日至", M_RANGE },
	{ "when", "至7月5日", SOFT, "至7月5日", M_RANGE },
	{ "when", "6月全月", SOFT, "6月全月", M_RANGE },
	{ "when", "6月中旬至7月", SOFT, "6月中旬至7月", M_RANGE },

	/* choice */
	{ "sex", "男", OK, "男", "" },
	{ "sex", " 女 ", OK, "女", "" },
	{ "sex", "　女　", OK, "女", "" },
	{ "sex", "女性", HARD, NULL, "请从以下选项中选一个：男、女" },
	{ "sex", "m", HARD, NULL, "请从以下选项中选一个：男、女" },
	{ "sz", "大 型", OK, "大 型", "" },
	{ "sz", "小型", OK, "小型", "" },
	{ "sz", "中型", HARD, NULL, "请从以下选项中选一个：大 型、小型" },

	/* yesno */
	{ "yn", "是", OK, "是", "" },
	{ "yn", "否", OK, "否", "" },
	{ "yn", " 是 ", OK, "是", "" },
	{ "yn", "y", OK, "是", "" },
	{ "yn", "Y", OK, "是", "" },
	{ "yn", "n", OK, "否", "" },
	{ "yn", "N", OK, "否", "" },
	{ "yn", "1", OK, "是", "" },
	{ "yn", "0", OK, "否", "" },
	{ "yn", "１", OK, "是", "" },
	{ "yn", "√", OK, "是", "" },
	{ "yn", "×", OK, "否", "" },
	{ "yn", "yes", OK, "是", "" },
	{ "yn", "no", OK, "否", "" },
	{ "yn", "是的", HARD, NULL, M_YESNO },
	{ "yn", "2", HARD, NULL, M_YESNO },
	{ "yn", "x", HARD, NULL, M_YESNO },
	{ "yn", "是否", HARD, NULL, M_YESNO },

	/* multi */
	{ "out", "学习研讨文章", OK, "学习研讨文章", "" },
	{ "out", "安全贴士、学习研讨文章", OK, "学习研讨文章、安全贴士", "" },
	{ "out", "安全贴士，企业宣传片", OK, "企业宣传片、安全贴士", "" },
	{ "out", "安全贴士,企业宣传片;专访视频", OK, "企业宣传片、安全贴士、专访视频", "" },
	{ "out", " 安全贴士 、 安全贴士 ", OK, "安全贴士", "" },
	{ "out", "专访视频、其他：现场观摩", OK, "专访视频、其他：现场观摩", "" },
	{ "out", "其他:现场观摩、座谈", OK, "其他：现场观摩、座谈", "" },
	{ "out", "其它：展板", OK, "其他：展板", "" },
	{ "out", "其他：展板、安全贴士", OK, "其他：展板、安全贴士", "" },
	{ "out", "、、安全贴士、、", OK, "安全贴士", "" },
	{ "out", "宣传片", HARD, NULL, "“宣传片”不是可选项，" M_OUT },
	{ "out", "安全贴士、展板", HARD, NULL, "“展板”不是可选项，" M_OUT },
	{ "out", "其他", HARD, NULL, "选了“其他”请写明内容，例如“其他：现场观摩”" },
	{ "out", "安全贴士、其他：", HARD, NULL, "选了“其他”请写明内容，例如“其他：现场观摩”" },
	{ "kind", "乙、甲", OK, "甲、乙", "" },
	{ "kind", "其他：丙", HARD, NULL, "“其他”不是可选项，可选：甲、乙" },
	{ "kind", "丙", HARD, NULL, "“丙”不是可选项，可选：甲、乙" },
	{ "kind", "甲\x03", HARD, NULL, M_CTRL },
};

/* Run every row of the table. */
static void test_table(void)
{
	struct form *f = test_form();
	int n = (int)(sizeof rows / sizeof rows[0]);

	for (int i = 0; i < n; i++) {
		const struct row *t = &rows[i];
		int fi = form_field_index(f, t->field);
		struct check_result res;
		int before = test_failed_checks;

		if (fi < 0) {
			printf("#   no field %s\n", t->field);
			test_failed_checks++;
			continue;
		}
		memset(&res, 0x55, sizeof res);
		check_value(f, &f->fields[fi], t->in, &res);
		CHECK_INT(res.level, t->level);
		CHECK_STR(res.value, t->value);
		if (t->msg[0] != '\0' || t->level == CHECK_OK)
			CHECK_STR(res.msg, t->msg);
		if (t->level == CHECK_HARD)
			CHECK(res.msg[0] != '\0');
		if (test_failed_checks != before)
			printf("#   ^ row %d: %s [%s]\n", i, t->field, t->in ? t->in : "(null)");
		free(res.value);
	}
	printf("# %d table rows\n", n);
	CHECK(n >= 150);
	form_free(f);
}

/* A normalised value is stable: checking it again gives itself, with no problem
 * other than the soft one it had. */
static void test_idempotent(void)
{
	struct form *f = test_form();

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *t = &rows[i];
		int fi = form_field_index(f, t->field);
		struct check_result res;

		if (t->value == NULL || fi < 0)
			continue;
		check_value(f, &f->fields[fi], t->value, &res);
		CHECK_STR(res.value, t->value);
		CHECK_INT(res.level, t->level);
		if (res.value == NULL || strcmp(res.value, t->value) != 0)
			printf("#   ^ row %zu: %s\n", i, t->value);
		free(res.value);
	}
	form_free(f);
}

static void test_width_message(void)
{
	struct form *f = test_form();
	struct check_result res;
	int fi = form_field_index(f, "tel");

	/* 010-12345678: a local number from 1 is not a landline. */
	check_value(f, &f->fields[fi], "010-12345678", &res);
	CHECK_INT(res.level, CHECK_SOFT);
	CHECK_STR(res.value, "010-12345678");
	CHECK_STR(res.msg, "座机如 022-29240881；手机为 11 位；您填了 11 位数字");
	free(res.value);
	form_free(f);
}

static void test_dates_other_year(void)
{
	struct form *f = test_form();
	struct check_result res;
	int fi = form_field_index(f, "day");

	f->year = 2022;
	check_value(f, &f->fields[fi], "2021年6月5日", &res);
	CHECK_STR(res.value, "2021年6月5日");
	free(res.value);
	check_value(f, &f->fields[fi], "6月5日", &res);
	CHECK_STR(res.value, "6月5日");
	free(res.value);
	check_value(f, &f->fields[fi], "2022-06-05", &res);
	CHECK_STR(res.value, "6月5日");
	free(res.value);
	/* Without a form the year is this year's: today from the environment. */
	setenv("TIANBIAO_TODAY", "2030-01-02", 1);
	config_load();
	check_value(NULL, &f->fields[fi], "2030-06-05", &res);
	CHECK_STR(res.value, "6月5日");
	free(res.value);
	unsetenv("TIANBIAO_TODAY");
	config_load();
	form_free(f);
}

static void test_key_allowed(void)
{
	CHECK(check_key_allowed(FT_COUNT, '0'));
	CHECK(check_key_allowed(FT_COUNT, '9'));
	CHECK(check_key_allowed(FT_COUNT, 0xFF10));
	CHECK(check_key_allowed(FT_COUNT, 0xFF19));
	CHECK(!check_key_allowed(FT_COUNT, 'a'));
	CHECK(!check_key_allowed(FT_COUNT, '-'));
	CHECK(!check_key_allowed(FT_COUNT, ' '));
	CHECK(!check_key_allowed(FT_COUNT, 0x6B21));	/* 次 */
	CHECK(!check_key_allowed(FT_COUNT, '.'));
	CHECK(check_key_allowed(FT_TEXT, 0x9EC4));
	CHECK(check_key_allowed(FT_TEXT, ' '));
	CHECK(check_key_allowed(FT_PHONE, '('));
	CHECK(check_key_allowed(FT_MOBILE, 0xFF11));
	CHECK(check_key_allowed(FT_LONGTEXT, 0x1F600));
	CHECK(!check_key_allowed(FT_TEXT, '\n'));
	CHECK(!check_key_allowed(FT_TEXT, 0x1B));
	CHECK(!check_key_allowed(FT_TEXT, 0x7F));
	CHECK(!check_key_allowed(FT_TEXT, 0x9B));
	CHECK(!check_key_allowed(FT_TEXT, 0xD800));
	CHECK(!check_key_allowed(FT_TEXT, 0x110000));
}

static void test_multi_split_join(void)
{
	struct form *f = test_form();
	const struct form_field *out = &f->fields[form_field_index(f, "out")];
	const struct form_field *kind = &f->fields[form_field_index(f, "kind")];
	int chosen[5];
	char *other, *v;

	check_multi_split(out, "企业宣传片、专访视频、其他：展板、座谈", chosen, &other);
	CHECK(!chosen[0] && chosen[1] && !chosen[2] && chosen[3]);
	CHECK_STR(other, "展板、座谈");
	v = check_multi_join(out, chosen, other);
	CHECK_STR(v, "企业宣传片、专访视频、其他：展板、座谈");
	free(v);
	free(other);

	check_multi_split(out, NULL, chosen, &other);
	CHECK(!chosen[0] && !chosen[1] && !chosen[2] && !chosen[3]);
	CHECK(other == NULL);
	v = check_multi_join(out, chosen, NULL);
	CHECK(v == NULL);
	v = check_multi_join(out, chosen, "  ");
	CHECK(v == NULL);
	v = check_multi_join(out, chosen, " 展板 ");
	CHECK_STR(v, "其他：展板");
	free(v);

	/* An option the form no longer has is kept, not lost. */
	check_multi_split(kind, "甲、丁", chosen, &other);
	CHECK(chosen[0] && !chosen[1]);
	CHECK_STR(other, "丁");
	v = check_multi_join(kind, chosen, other);
	CHECK_STR(v, "甲、丁");
	free(v);
	free(other);
	check_multi_split(out, "安全贴士、旧选项", chosen, &other);
	CHECK(chosen[2]);
	CHECK_STR(other, "旧选项");
	free(other);
	/* split writes no flag past the options. */
	chosen[4] = 7;
	check_multi_split(out, "安全贴士", chosen, &other);
	CHECK_INT(chosen[4], 7);
	CHECK(other == NULL);
	form_free(f);
}

/* Find the problem whose message is msg. */
static const struct check_problem *find_problem(const struct check_problem *p, int n,
						const char *msg)
{
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].msg, msg) == 0)
			return &p[i];
	return NULL;
}

static void test_record(void)
{
	struct form *f = test_form();
	struct record *r = record_new(f);
	struct check_problem *p;
	const struct check_problem *q;
	int n, g = form_group_index(f, "acts");
	int act = form_field_index(f, "act"), people = form_field_index(f, "people");

	n = check_record(r, &p);
	CHECK_INT(n, 3);
	CHECK_STR(n > 0 ? p[0].msg : NULL, "姓名：必填，尚未填写");
	CHECK_INT(n > 0 ? (int)p[0].level : -1, CHECK_SOFT);
	CHECK_INT(n > 0 ? p[0].row : 0, -1);
	CHECK_INT(n > 0 ? p[0].field : -1, form_field_index(f, "name"));
	CHECK_STR(n > 1 ? p[1].msg : NULL, "重点活动：至少填写1项，现在有0项");
	CHECK_STR(n > 2 ? p[2].msg : NULL, "填报日期：必填，尚未填写");
	free(p);

	record_set(r, form_field_index(f, "name"), -1, "黄璐");
	record_set(r, form_field_index(f, "mob"), -1, "1822216930");
	record_set(r, form_field_index(f, "after"), -1, "6月5日");
	record_set(r, form_field_index(f, "tel"), -1, "abc");
	record_row_add(r, g);
	record_row_add(r, g);
	record_set(r, act, 0, "宣传咨询日");
	record_set(r, people, 1, "三十");
	n = check_record(r, &p);
	CHECK_INT(n, 4);
	q = find_problem(p, n, "办公电话：" M_PHONE_ABC);
	CHECK(q != NULL && q->level == CHECK_SOFT && q->row == -1);
	q = find_problem(p, n, "手机：" M_MOBILE "，您填了 10 位");
	CHECK(q != NULL && q->level == CHECK_SOFT);
	q = find_problem(p, n, "活动名称（第2项）：必填，尚未填写");
	CHECK(q != NULL && q->row == 1 && q->field == act);
	q = find_problem(p, n, "参加人数（第2项）：" M_COUNT);
	CHECK(q != NULL && q->row == 1 && q->level == CHECK_HARD);
	/* Layout order: the phone before the mobile before the group rows. */
	CHECK_STR(n > 0 ? p[0].msg : NULL, "办公电话：" M_PHONE_ABC);
	CHECK_STR(n > 3 ? p[3].msg : NULL, "参加人数（第2项）：" M_COUNT);
	free(p);

	record_set(r, form_field_index(f, "tel"), -1, "022-29240881");
	record_set(r, form_field_index(f, "mob"), -1, "18222169302");
	record_set(r, act, 1, "五进");
	record_set(r, people, 1, "30");
	n = check_record(r, &p);
	CHECK_INT(n, 0);
	CHECK(p == NULL);
	record_free(r);
	form_free(f);
}

/* check_record on the shipped forms when they are present: a blank record lists
 * exactly its required fields. */
static void test_record_shipped(void)
{
	static const struct {
		const char *path;
		int problems;
	} t[] = {
		{ "forms/liaison.form", 5 },
		{ "forms/plan.form", 2 },
		{ "forms/stats.form", 3 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *cause = NULL;
		struct form *f = form_load(t[i].path, &cause);
		struct record *r;
		struct check_problem *p;
		int n;

		if (f == NULL) {
			/* A shipped form that does not load is a failure, not a skip. */
			printf("#   %s: %s\n", t[i].path, cause);
			test_failed_checks++;
			free(cause);
			continue;
		}
		r = record_new(f);
		n = check_record(r, &p);
		CHECK_INT(n, t[i].problems);
		for (int k = 0; k < n; k++)
			CHECK(p[k].level == CHECK_SOFT);
		free(p);
		record_free(r);
		form_free(f);
	}
}

static void test_today(void)
{
	char d[11], out[64];

	setenv("TIANBIAO_TODAY", "2021-06-05", 1);
	config_load();
	check_today(d);
	CHECK_STR(d, "2021-06-05");
	setenv("TIANBIAO_TODAY", "2021-13-05", 1);	/* ignored: not a date */
	config_load();
	check_today(d);
	CHECK(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
	CHECK(strcmp(d, "2021-13-05") != 0);
	unsetenv("TIANBIAO_TODAY");
	config_load();
	check_today(d);
	CHECK(strlen(d) == 10);

	check_date_display("2021-06-05", 2021, out, sizeof out);
	CHECK_STR(out, "6月5日");
	check_date_display("2022-06-05", 2021, out, sizeof out);
	CHECK_STR(out, "2022年6月5日");
	check_date_display("2021-12-31", 2021, out, sizeof out);
	CHECK_STR(out, "12月31日");
	check_date_display("garbage", 2021, out, sizeof out);
	CHECK_STR(out, "garbage");
	check_date_display("2021-06-05", 2021, out, 4);
	CHECK(strlen(out) < 4);
}

/* Arbitrary bytes never crash the checks, and a refused value is never stored. */
static void test_garbage(void)
{
	struct form *f = test_form();
	unsigned int seed = 12345;
	char buf[64];

	for (int round = 0; round < 3000; round++) {
		int len = (int)(seed % 40);
		struct check_result res;
		const struct form_field *fld;

		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)((seed >> 16) & 0xFF);
			if (buf[i] == '\0')
				buf[i] = '1';
		}
		buf[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		fld = &f->fields[(seed >> 16) % (unsigned)f->nfields];
		check_value(f, fld, buf, &res);
		if (res.level == CHECK_HARD)
			CHECK(res.value == NULL);
		if (res.value != NULL)
			CHECK(text_valid(res.value, strlen(res.value)));
		CHECK(text_valid(res.msg, strlen(res.msg)));
		free(res.value);
	}
	form_free(f);
}

/* The prefilled values: the unit for a unit field, today's date as the form writes it. */
static void test_default(void)
{
	struct form *f = test_form();
	char *v;

	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	config_load();
	v = check_default(f, &f->fields[form_field_index(f, "unitf")], "大白庄镇");
	CHECK_STR(v, "大白庄镇");
	free(v);
	v = check_default(f, &f->fields[form_field_index(f, "unitf")], NULL);
	CHECK_STR(v, NULL);
	v = check_default(f, &f->fields[form_field_index(f, "today")], "大白庄镇");
	CHECK_STR(v, "6月3日");
	free(v);
	setenv("TIANBIAO_TODAY", "2022-01-09", 1);
	config_load();
	v = check_default(f, &f->fields[form_field_index(f, "today")], NULL);
	CHECK_STR(v, "2022年1月9日");
	free(v);
	v = check_default(f, &f->fields[form_field_index(f, "name")], "大白庄镇");
	CHECK_STR(v, NULL);
	unsetenv("TIANBIAO_TODAY");
	config_load();
	form_free(f);
}

int main(void)
{
	TEST_RUN(test_default);
	TEST_RUN(test_table);
	TEST_RUN(test_idempotent);
	TEST_RUN(test_width_message);
	TEST_RUN(test_dates_other_year);
	TEST_RUN(test_key_allowed);
	TEST_RUN(test_multi_split_join);
	TEST_RUN(test_record);
	TEST_RUN(test_record_shipped);
	TEST_RUN(test_today);
	TEST_RUN(test_garbage);
	return test_done();
}
