#!/usr/bin/env bash
# tests/tui/deadends.sh - the dead ends and confusing moments a first-time clerk met
# on the screens, one section each: the delete dialog's default says 没有删除; a form
# whose required fields are filled is 已完成 with its optional blanks counted; 其他 in
# a multiple choice takes what is typed on it, Up and Down move between rows of
# options; a past campaign says its year is over; the
# messages say what was found and what is expected, a count's limit is in digits,
# one wording for blanks, 已保存 beside the next field's hint; the activity list
# sizes its columns by what is in them; figures that are likely wrong are said.
. "$(dirname "$0")/lib-tui.sh"

# tbset KEY VALUE: store one value as `tianbiao set` does.
tbset() { "$TIANBIAO" "${TB_ARGS[@]}" set "$1" "$2" >/dev/null; }

# ---- the delete dialog: Enter on the default answer says nothing was deleted ----
tbset 'plan.activities[1].kind' 甲
tb <<'EOF'
key Down Enter Tab Enter Del Enter
dump d1
key Del Esc
dump d2
EOF
expect_row "delete: Enter on 不删除 says so" d1 22 " 没有删除，第一项还在"
expect_row "delete: Esc says so too" d2 22 " 没有删除，第一项还在"
expect_value "delete: the row is still there" plan "activities[1].kind" "甲"

# ---- completion: every required field filled and no problem is 已完成 ----
tbset plan.unit_name "$UNIT"
tbset 'plan.activities[1].date' 6月5日至7月5日
tbset 'plan.activities[1].content' 集中宣传
tbset 'plan.activities[1].host' 区安委会办公室
tb <<'EOF'
dump d1
key Down Enter
dump d2
EOF
expect_row "completion: optional blanks do not hold a form back" d1 9 \
	"         已完成，4 项选填未填         6月5日截止，还有 2 天"
expect_row "completion: the form's header says the same" d2 0 \
	" 附件2 重点活动计划安排表                                  已完成，4 项选填未填"

# ---- the activity list: columns as wide as what is in them ----
tbset 'plan.activities[1].kind' "利用抖音、头条等新媒体平台，开展“主播走一线”等线上活动"
tbset 'plan.activities[1].place' 区应急局广场
tb <<'EOF'
key Down Enter Tab Enter
dump d1
EOF
expect_rows "rows: the date and the host whole, the long title gives way" d1 5 6 <<'EOF'
   序号 活动名称                   时间            地点          主办单位
 > 一、 利用抖音、头条等新媒体..   6月5日至7月5日  区应急局广场  区安委会办公室
EOF

# ---- 其他 in a multiple choice: Down reaches the second row of options, typing on
# 其他 ticks it and takes the text, Up goes back to the first row ----
tb <<'EOF'
key Down Enter Tab Enter Enter
key Tab Tab Tab Tab Tab Tab Tab
key Down
dump d1
type 现场观摩
dump d2
key Up
dump d3
EOF
expect_row "multi: Down on the first row of options reaches the second" d1 22 \
	" 左右键、上下键移动，空格选中或取消，可以多选；在“其他”上直接输入内容"
expect_cursor "multi: the cursor on 其他" d1 "19,13"
expect_rows "multi: typing on 其他 ticks it and takes the text" d2 18 19 <<'EOF'
 成果形式： [ ]学习研讨文章  [ ]企业宣传片  [ ]安全贴士  [ ]专访视频
            [x]其他：现场观摩
EOF
expect_cursor "multi: the cursor after the text" d2 "19,29"
expect_cursor "multi: Up goes back to the first row" d3 "18,13"
expect_row "multi: leaving the text saved it" d3 22 " 已保存：成果形式"
expect_value "multi: 其他 and its text in the database" plan "activities[1].outputs" "其他：现场观摩"

# A resize while 其他 is typed (its room on the row changes) loses no key.
tb <<'EOF'
key Down Enter Tab Enter Enter
key Tab Tab Tab Tab Tab Tab Tab Down End
type 会
resize 100 30
type 场
resize 50 12
type 一
resize 80 24
dump d1
key Tab
EOF
expect_row "multi: typing in 其他 goes on across resizes" d1 19 "            [x]其他：现场观摩会场一"
expect_value "multi: every key typed reached the database" plan "activities[1].outputs" "其他：现场观摩会场一"
tbset 'plan.activities[1].outputs' 其他：现场观摩

# ---- a past campaign: its year, and 已结束 instead of days overdue ----
TIANBIAO_TODAY=2026-06-03 tb <<'EOF'
dump d1
EOF
expect_rows "past campaign: the year is over, no days counted" d1 3 6 <<'EOF'
  活动年度：2021年（已结束）　　共 3 张表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       2021年度，已结束
EOF
expect_row "past campaign: what can still be done" d1 22 \
	" 这是 2021 年度的表，活动已经结束；仍可以打开查看、修改和导出。"

# ---- messages ----
# A phone number says what was found and what is expected, mobile numbers included.
tb <<'EOF'
key Enter Tab Tab Tab
type 1822216930212
key Tab
dump d1
EOF
expect_row "phone: what is expected and what was found" d1 22 \
	" 已保存。请注意：座机如 022-29240881；手机为 11 位，您填了 13 位"
# An address without @ says so.
tb <<'EOF'
key Enter Tab Tab Tab Tab Tab Tab Tab
type zhangxm163.com
key Tab
dump d1
EOF
expect_row "email: what is missing" d1 22 \
	" 已保存。请注意：电子邮箱里没有 @，应为“名字@网址”，例如 bdqyjj01@tj.gov.cn"
# A full count speaks of digits, not 汉字; a refused letter and the hint use one
# wording for a blank.
tb <<'EOF'
type 3
key Enter Tab Tab Tab Tab Tab
dump d1
type 12345678
dump d2
type x
dump d3
EOF
expect_row "count: the hint's wording for a blank" d1 22 " 填数字。没有就填 0；还没有统计就先空着"
expect_row "count: a full field in digits" d2 22 " 这一栏已填满：最多 7 位数字"
expect_row "count: a letter refused, the same wording" d3 22 \
	" 这一项只能填数字（0-9）。没有就填 0；还没有统计就先空着"
# 已保存：X does not hide the next field's hint.
tb <<'EOF'
type 3
key Enter Tab
type 黄璐
key Tab
dump d1
EOF
expect_row "已保存 with the next field's 必填" d1 22 \
	" 已保存：联系人    电话号码，例如 022-29240881 或 29240881-8001（必填）"
# Saved while typing went on (0.8 s after the first key) or at the idle second, then
# left: still said, beside the next field's hint.
tb <<'EOF'
key Enter
type 张
key Tab Tab Tab Tab Tab
type 022-29531235
wait 850
key Tab
dump d1
key S-Tab C-u
type 022-295
wait 850
key Tab
dump d2
key S-Tab C-u
type 022-29531236
idle
key Tab
dump d3
EOF
expect_row "saved while typing, then left: 已保存 beside the next hint" d1 22 \
	" 已保存：传真    微信号（不是昵称）"
expect_row "saved while typing, then left: the warning too" d2 22 \
	" 已保存。请注意：座机如 022-29240881；手机为 11 位；您填了 6 位数字"
expect_row "saved at the idle second, then left: said again" d3 22 \
	" 已保存：传真    微信号（不是昵称）"
# ... but an idle second with nothing new to save does not hide a refused key's message.
tb <<'EOF'
key Down Down Enter
key Tab Tab Tab Tab
type 12
idle
key Left
type a
idle
dump d1
EOF
expect_row "idle with nothing new: the refusal stays" d1 22 \
	" 这一项只能填数字（0-9）。没有就填 0；还没有统计就先空着"

# ---- figures that are likely wrong (forms/stats.form's rules): 参与人次 below 学习次数
# and 9999999 人次 are saved and said at once, and listed with the problems ----
keep_db=$TIANBIAO_DB
TIANBIAO_DB=$T_TMP/rules.db
tb <<'EOF'
key Down Down Enter
key Tab Tab Tab Tab
type 3
key Tab
type 2
key Tab
dump d1
key Space Tab
type 1
key Tab
type 9999999
key Tab
dump d2
key F2
dump d3
EOF
expect_row "rules: people below sessions said at once" d1 22 \
	" 已保存。请注意：理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实"
expect_row "rules: 9999999 人次 said at once" d2 22 \
	" 已保存。请注意：组织集中学习观看专题片参与人次：超过十万，请核实"
expect_rows "rules: both in the problem list" d3 6 7 <<'EOF'
   3. 理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实
   4. 组织集中学习观看专题片参与人次：超过十万，请核实
EOF
expect_value "rules: the values are kept" stats film_people 9999999
TIANBIAO_DB=$keep_db

# ---- undo: a wrong value saved after an unexpected Esc is taken back with Ctrl-Z,
# also after the field was left and saved, as a new change ----
tb <<'EOF'
key Enter PgDn
type 天津市宝坻区大白庄镇人民政府
key Esc Enter PgDn C-u
type 88
key Esc Enter PgDn C-z
dump d1
key C-z C-z
dump d2
EOF
expect_row "undo: the old value is back" d1 9 " 通信地址：天津市宝坻区大白庄镇人民政府"
expect_row "undo: said, and saved" d1 22 \
	" 已撤销：通信地址 恢复为“天津市宝坻区大白庄镇人民政府”（已保存）"
expect_row "undo: further back, then nothing more" d2 22 \
	" “通信地址”没有可以撤销的修改（能撤销的是这次打开填表以来的修改）"
tb <<'EOF'
key Enter PgDn
type 天津市宝坻区大白庄镇人民政府
key Esc Enter PgDn C-u
type 88
key Esc Enter PgDn C-z
EOF
expect_value "undo: the old value in the database" liaison address "天津市宝坻区大白庄镇人民政府"
rev=$(get_value liaison address >/dev/null; "$TIANBIAO" "${TB_ARGS[@]}" export liaison --format csv -o "$T_TMP/u.csv" >/dev/null && /usr/bin/python3 -c '
import csv,sys
rows=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
print(rows[1][rows[0].index("修订号")].strip("=\""))' "$T_TMP/u.csv")
if [ -n "$rev" ] && [ "$rev" -ge 3 ]; then t_ok "undo: a new revision ($rev)"; else
	t_fail "undo: a new revision" "修订号 $rev"; fi
# A row moved: its changes move with it.
tbset 'plan.activities[2].kind' 乙
tb <<'EOF'
key Down Enter Tab Enter Down Enter Tab Tab
type 乙地
key Esc
type [
key Enter Tab Tab C-z
dump d1
EOF
expect_row "undo in a row that was moved" d1 22 " 已撤销：地点 恢复为空（已保存）"
expect_value "undo in a moved row: the database" plan "activities[1].place" ""
# F1 says which key it is.
tb <<'EOF'
key Enter F1
dump d1
EOF
if grep -q "Ctrl-Z .*撤销这一项上一次的修改" "$T_TMP/run/d1"; then t_ok "undo: F1 names Ctrl-Z"; else
	t_fail "undo: F1 names Ctrl-Z" "$(cat "$T_TMP/run/d1")"; fi

# On the unit's name the key line says what Enter does there; F5 (no form chosen) says
# how to export.
tb <<'EOF'
key Up F5
dump d1
EOF
expect_rows "the unit's name: its keys, and F5 says how to export" d1 22 23 <<'EOF'
 先用下键选择一张表，再按 F5 导出这张表；F6 导出全部表
Enter 修改名称  F6 导出全部  F1 帮助  F10 退出
EOF

# ---- the unit's name corrected from the list (last: the name changes) ----
TB_ARGS=()
tb <<'EOF'
key Up
dump d1
key Enter C-u
type 宝坻区大白庄镇人民政府
key Enter
dump d2
key Enter
dump d3
EOF
expect_row "rename: Up on the first form selects the unit's name" d1 22 \
	" 按 Enter 修改本单位的名称（各张表里的单位名称和导出的文件名都会跟着改）"
expect_cursor "rename: the cursor on the unit's name" d1 "2,2"
expect_rows "rename: the confirmation says what changes" d2 7 17 <<'EOF'
    | 把本单位的名称从“宝坻区大白庄镇”改为“宝坻区大白庄镇人民政府”？      |
    |                                                                     |
    | 会跟着改的：                                                        |
    | · 表里填的“宝坻区大白庄镇”（3 处：“单位名称”“镇街（部门）”“填报单位 |
    | （盖章）”）                                                         |
    | · 以后导出的每个文件的文件名，CSV 文件每一行的“填报单位”            |
    |                                                                     |
    | 已经导出、发出的文件不会变：改好后请重新导出，再发送。              |
    |                                                                     |
    |                        [ 改名称 ]   [ 不改 ]                        |
    +---------------------------------------------------------------------+

EOF
expect_row "rename: the list shows the new name" d3 2 "  填报单位：宝坻区大白庄镇人民政府"
expect_cursor "rename: back on the first form" d3 "5,1"
expect_row "rename: said, with what to do next" d3 22 \
	" 单位名称已改为“宝坻区大白庄镇人民政府”。以前导出的文件不会变，请重新导出。"
expect_value "rename: 附件1's 单位名称" liaison unit_name "宝坻区大白庄镇人民政府"
expect_value "rename: 附件2's 镇街（部门）" plan unit_name "宝坻区大白庄镇人民政府"
expect_value "rename: the values follow the name" liaison address "天津市宝坻区大白庄镇人民政府"
"$TIANBIAO" export plan --format csv -o "$T_TMP" >/dev/null
csv=$(find "$T_TMP" -maxdepth 1 -name '*.csv' -newer "$T_TMP/u.csv" | head -n 1)
case "$csv" in
*宝坻区大白庄镇人民政府*) t_ok "rename: the file name" ;;
*) t_fail "rename: the file name" "$csv" ;;
esac
if /usr/bin/python3 -c '
import csv,sys
rows=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
i=rows[0].index("填报单位")
sys.exit(0 if all(r[i] == "宝坻区大白庄镇人民政府" for r in rows[1:]) else 1)' "$csv"; then
	t_ok "rename: every CSV row"
else
	t_fail "rename: every CSV row" "$(head -c 600 "$csv")"
fi
# With --unit the name is the option's: the list says how to change it instead.
TB_ARGS=(--unit 宝坻区大白庄镇人民政府)
tb <<'EOF'
key Up Enter
dump d1
EOF
expect_row "rename: refused with --unit, saying why" d1 22 \
	" 用 --unit 指定了单位名称时不能在这里修改；不带 --unit 打开就可以修改"

[ "$t_fails" -eq 0 ]
