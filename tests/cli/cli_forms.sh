#!/usr/bin/env bash
# Another district's forms end to end, with no C change (tests/core/forms/xq-*.form): check,
# the unit's exports (text, CSV, .xlsx read back with openpyxl), and the district's
# import of the CSV - the header 填报单位 and its own column, the 100-汉字 blank, the
# rules applied to the received file, the slogan page never owed. Then what check says
# about mistakes an IT person makes.
. "$(dirname "$0")/../lib.sh"
mkdir -p "$T_TMP/forms" "$T_TMP/files" "$T_TMP/in"
cp "$TOP"/tests/core/forms/xq-*.form "$T_TMP/forms/"
export TIANBIAO_FORMS="$T_TMP/forms" TIANBIAO_TODAY=2022-06-10
U=西青区杨柳青镇
tbu() { "$TIANBIAO" --db "$T_TMP/unit.db" --unit "$U" "$@"; }
td() { "$TIANBIAO" --db "$T_TMP/district.db" "$@"; }

expect_status "check accepts the three files" 0 "$TIANBIAO" check "$T_TMP"/forms/*.form
expect_eq "check says what each is" "$(cat "$T_TMP/out")" \
"$T_TMP/forms/xq-liaison.form: 正确（附件1 西青区“安全生产月”活动联络员反馈表，5 个字段）
$T_TMP/forms/xq-slogans.form: 正确（附件4 2022年“安全生产月”宣传标语，参阅材料：没有要填写的项目，不导出）
$T_TMP/forms/xq-stats.form: 正确（附件3 西青区2022年“安全生产月”活动进展情况统计表，9 个字段，3 条规则）"
expect_eq "and warns of nothing" "$(cat "$T_TMP/err")" ""

CASE="本镇曝光了三起典型案例：一是某企业违规动火作业引发火灾，二是某工地未设防护导致高处坠落，三是某仓库消防通道堵塞被责令整改，均已在镇政府网站公示并组织学习讨论，要求各单位举一反三，认真排查隐患。"
tbu set xq_liaison.name 王小明 >/dev/null 2>&1
tbu set xq_liaison.mobile 13912345678 >/dev/null 2>&1
tbu set xq_stats.study_times 5 >/dev/null 2>&1
tbu set xq_stats.study_people 3 >/dev/null 2>&1
tbu set xq_stats.case_count 3 >/dev/null 2>&1
expect_status "100 汉字 go into the blank" 0 tbu set xq_stats.case_text "$CASE"
expect_status "101 do not" 1 tbu set xq_stats.case_text "${CASE}多多多多多"
expect_grep "and it says why" "太长了，最多100个字，现在有101个字" "$T_TMP/err"
expect_status "export --all" 0 tbu export --all -o "$T_TMP/files"
slogans=("$T_TMP"/files/*附件4*)
expect_eq "the slogan page is not exported" "${slogans[*]}" "$T_TMP/files/*附件4*"
txt=$(ls "$T_TMP"/files/*附件3*.txt)
expect_eq "the text: two title lines, the header line within 80 columns, 联系人 from 附件1" \
	"$(sed '1s/^\xEF\xBB\xBF//' "$txt" | tr -d '\r')" "附件3

                           西青区2022年“安全生产月”
                               活动进展情况统计表

填报单位：西青区杨柳青镇　　联系人：王小明　　电话：13912345678
填报日期：6月10日

学习习近平总书记关于安全生产重要论述
内容要求：理论学习中心组开展深入学习。
进展情况：
理论学习中心组学习（5）次，参与（3）人次。

警示教育
内容要求：曝光典型案例，开展警示教育。
进展情况：
曝光典型案例（3）个，典型案例具体为（$CASE）；
是否组织观看警示教育片 □是 □否

注：请于6月25日前报送区应急局。

导出时间：2022年6月10日 09:00（第 8 版）"
csv=$(ls "$T_TMP"/files/*附件3*.csv)
expect_eq "the CSV: the meta column 填报单位 and the field's own column" \
	"$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))); print(r[0][0], r[0][6], r[0][7], r[0][8]); print(r[1][0], r[1][6], r[1][7], r[1][13] == sys.argv[2])' "$csv" "$CASE")" \
	"填报单位 填报单位（表中填写） 联系人 电话
西青区杨柳青镇 西青区杨柳青镇 王小明 True"
expect_eq "the .xlsx: the title on two lines, the header line, the data sheet's columns" \
	"$(python3 - "$(ls "$T_TMP"/files/*附件3*.xlsx)" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(repr(ws.cell(2, 1).value))
print(ws.cell(4, 1).value)
print(wb.worksheets[1].sheet_state, wb.worksheets[1].cell(1, 7).value, wb.worksheets[1].cell(2, 11).value)
EOF
)" "'西青区2022年“安全生产月”\\n活动进展情况统计表'
填报单位：西青区杨柳青镇　　联系人：王小明　　电话：13912345678　　填报日期：6月10日
hidden 填报单位（表中填写） 5"

expect_eq "the .xlsx of 附件1: fields written beside share a row" \
	"$(python3 - "$(ls "$T_TMP"/files/*附件1*.xlsx)" <<'EOF'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
for row in ws.iter_rows(min_row=4, max_row=6, values_only=True):
    print(" ".join(str(v) for v in row if v is not None))
EOF
)" "填报单位 西青区杨柳青镇
姓名 王小明 职务
手机 13912345678 办公电话"

# The district: two units on the roster; one sends both forms.
td roster add 西青区杨柳青镇 西青区中北镇 >/dev/null
cp "$T_TMP"/files/*.csv "$T_TMP/in/"
expect_status "the district imports the CSV files" 0 td import "$T_TMP"/in/*.csv
expect_grep "the rule is applied to the received file" "1 项需要核实" "$T_TMP/out"
expect_status "status" 0 td status
expect_eq "status: the slogan page is owed by nobody" "$(cat "$T_TMP/out")" "2022 年应报单位 2 个
      单位                  附件1     附件3     联络员
   1  西青区杨柳青镇        已报      有问题1   王小明 13912345678
   2  西青区中北镇          未报      未报      -
附件1 联络员反馈表：已收到 1/2，截止 6月6日（已过 4 天）
附件3 活动进展情况统计表：已收到 1/2，1 个有问题，截止 6月25日（还有 15 天）"
expect_status "problems" 0 td problems
expect_eq "problems: the rule's message" "$(cat "$T_TMP/out")" "西青区杨柳青镇的附件3（活动进展情况统计表）：
  请核实：理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实（文件里是“3”）"
expect_status "the value of the field headed 填报单位 came through" 0 td --unit 西青区杨柳青镇 get xq_stats
expect_grep "the 100 汉字 came through" "case_text	$CASE" "$T_TMP/out"
expect_status "remind has no line for the slogan page" 0 td remind
expect_eq "remind" "$(grep -c 宣传标语 "$T_TMP/out")" "0"
expect_status "totals of the slogan page are refused" 1 td totals xq_slogans
expect_grep "there is nothing to add up" "是参阅材料，没有要汇总的内容" "$T_TMP/err"
expect_status "status of the slogan page is refused" 1 td status xq_slogans
expect_grep "saying why" "是参阅材料，各单位不用填报" "$T_TMP/err"

# What check tells an IT person, each with FILE:LINE.
bad="$T_TMP/bad.form"
printf '%s\n' "form bad" "version 1" "year 2022" "attachment 附件5" "title 表" "name 表" \
	"field name text 联络员 姓名 required" "line 平台 □是□否 {n count label=次数}" \
	"field p count 人次" "rule p >= nn 人次不应少于次数" >"$bad"
expect_status "a broken file is refused" 1 "$TIANBIAO" check "$bad"
expect_eq "with every mistake at its line" "$(cat "$T_TMP/err")" \
"$bad:7: \"姓名\" 不是属性。标签里有空格吗？带空格的标签要加双引号，例如 field name text \"联络员 姓名\"
$bad:10: rule 中的 \"nn\" 不是本表单的字段标识。写法：rule 字段 >= 另一字段 提示（比较两个数）、rule 字段 required-if 另一字段 > 0 提示（另一项大于 0 时必填）、rule * count <= 100000 提示（每个数字项）"
sed -i -e 's/联络员 姓名/"联络员 姓名"/' -e 's/ nn / n /' "$bad"
expect_status "mended, it is right" 0 "$TIANBIAO" check "$bad"
expect_eq "but □是□否 as text is a warning" "$(cat "$T_TMP/err")" \
"$bad:8: 提醒：“□是□否”写成了文字，只会照样印出来，填表人不能勾选。要让填表人选择是或否，请把它换成一个是否空格，例如 {platform_used yesno label=是否使用平台}"
[ "$t_fails" -eq 0 ]
