#!/usr/bin/env bash
# tests/tui/plan.sh - 附件2: the repeating group of activities. Rows are added,
# opened as their own screen (a wide one-line field in a wrapping box, the
# suggestions with F3, long text with line breaks, a multiple choice with
# 其他 typed in place), moved, deleted after a question; an untouched new row goes away; all
# of it reaches the database.
. "$(dirname "$0")/lib-tui.sh"

tb <<'EOF'
key Down Enter
dump d01
key Tab Enter
dump d02
key Enter
dump d03
key F3
dump d04
key Down Enter
dump d05
key Tab
type 6月16日
key Tab
type 区应急局广场
key Tab
type 集中宣传安全生产政策法规
key Enter
type 第二行
dump d06
key Tab
type 区安委会办公室
key Tab Tab Tab
key Space Right Right Right Right Space
dump d07
type 安全知识手册
key Enter
dump d08
key Esc
dump d09
key F7
type 第二项活动
key Tab
type 6月5日至7月5日
key Esc
dump d10
key F7 Esc
dump d11
key Up
type ]
dump d12
key Del
dump d13
key Enter
dump d14
key Del Left Enter
dump d15
key Esc
dump d16
EOF
expect_eq "plan session exits 0" "$tb_rc" 0
expect_rows "the plan form: unit filled in, the group summarised" d01 4 7 <<'EOF'
 镇街（部门）：宝坻区大白庄镇

 重点活动（还没有填写）
   按 Enter 打开列表：增加、修改、删除、调整顺序
EOF
expect_rows "an empty list offers to add" d02 4 5 <<'EOF'
 重点活动：还没有填写。按 F7 或 Enter 增加第一项。
 > （增加一项）
EOF
expect_screen "a new row opens as its own screen" d03 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 |
 |
 时间：_________________________________
 地点：_____________________________________________________________
 活动主要内容：
 |
 |
 |
 主办单位：_____________________________________________________________
 协助单位：_____________________________________________________________
 工作分工：
 |
 |
 |
 成果形式： [ ]学习研讨文章  [ ]企业宣传片  [ ]安全贴士  [ ]专访视频
            [ ]其他：____________


 可从建议中选择，也可以自己填写（必填）
Tab 下一项 S-Tab 上一项 F3 常用 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 4,3
EOF
expect_screen "F3 offers the suggestions" d04 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 |
 |
 时间：_________________________________
 地点：_____________________________________________________________
  +- 常用内容（也可以直接输入） ---------------------------------------------+
 ||                                                                          |
 || > 利用抖音、头条等新媒体平台，开展“主播走一线” “公众开放日”“应急直...... |
 ||   围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传         |
  |   开展“6·16安全宣传咨询日”活动                                           |
  | Enter 选用　Esc 取消                                                     |
  +--------------------------------------------------------------------------+
 |
 |
 |
 成果形式： [ ]学习研讨文章  [ ]企业宣传片  [ ]安全贴士  [ ]专访视频
            [ ]其他：____________


 可从建议中选择，也可以自己填写（必填）
Tab 下一项 S-Tab 上一项 F3 常用 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 10,4
EOF
expect_rows "a suggestion chosen with F3 is saved" d05 3 5 <<'EOF'
 活动名称：
 | 围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传
 |
EOF
expect_row "a suggestion chosen with F3 is saved: message" d05 22 " 已保存：活动名称"
expect_rows "long text keeps its line break" d06 8 11 <<'EOF'
 活动主要内容：
 | 集中宣传安全生产政策法规
 | 第二行
 |
EOF
expect_cursor "the cursor follows the long text" d06 "10,9"
expect_rows "Space on 其他: its text is typed in place" d07 19 22 <<'EOF'
            [ ]其他：


 请输入“其他”的内容，输入后就选中了
EOF
expect_screen "a row filled in" d08 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 | 围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传
 |
 时间：6月16日__________________________
 地点：区应急局广场_________________________________________________
 活动主要内容：
 | 集中宣传安全生产政策法规
 | 第二行
 |
 主办单位：区安委会办公室_______________________________________________
 协助单位：_____________________________________________________________
 工作分工：
 |
 |
 |
 成果形式： [x]学习研讨文章  [ ]企业宣传片  [ ]安全贴士  [ ]专访视频
            [x]其他：安全知识手册


 这是最后一项。按 Esc 返回列表
空格 选择 Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 19,13
EOF
expect_screen "the list of rows" d09 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动                                    共 1 项
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）

 重点活动：共 1 项
   序号 活动名称                          时间     地点          主办单位
 > 一、 围绕“专项整治三年行动集中攻坚..   6月16日  区应急局广场  区安委会办公室
   （增加一项）














 按 Enter 打开这一项修改；[ 和 ] 调整顺序
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 6,1
EOF
expect_rows "F7 adds a second row" d10 6 8 <<'EOF'
   一、 围绕“专项整治三年行动集..  6月16日         区应急局广场  区安委会办公室
 > 二、 第二项活动                 6月5日至7月5日
   （增加一项）
EOF
expect_rows "a new row left untouched is removed" d11 4 8 <<'EOF'
 重点活动：共 2 项
   序号 活动名称                   时间            地点          主办单位
   一、 围绕“专项整治三年行动集..  6月16日         区应急局广场  区安委会办公室
 > 二、 第二项活动                 6月5日至7月5日
   （增加一项）
EOF
expect_row "a new row left untouched is removed: message" d11 22 " 这一项没有填写内容，已删除"
expect_rows "] moves a row down" d12 6 7 <<'EOF'
   一、 第二项活动                 6月5日至7月5日
 > 二、 围绕“专项整治三年行动集..  6月16日         区应急局广场  区安委会办公室
EOF
expect_row "] moves a row down: message" d12 22 " 已移到第二项"
expect_screen "Del asks first" d13 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动                                    共 2 项
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）

 重点活动：共 2 项
   序号 活动名称                   时间            地点          主办单位
   一、 第二项活动                 6月5日至7月5日
 > 二、 围绕“专项整治三年行动集..  6月16日         区应急局广场  区安委会办公室
   （增加+- 删除 -----------------------------------------------------+
         |                                                            |
         | 要删除第二项“围绕“专项整治三年行动集中攻坚战”专题活动”吗？ |
         | 这一项填写的内容都会删除，不能恢复。                       |
         |                                                            |
         |                   [ 删除 ]   [ 不删除 ]                    |
         +------------------------------------------------------------+







 按 Enter 打开这一项修改；[ 和 ] 调整顺序
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 13,42
EOF
expect_rows "Enter on the default answer keeps the row" d14 6 7 <<'EOF'
   一、 第二项活动                 6月5日至7月5日
 > 二、 围绕“专项整治三年行动集..  6月16日         区应急局广场  区安委会办公室
EOF
expect_rows "Left, Enter deletes" d15 4 7 <<'EOF'
 重点活动：共 1 项
   序号 活动名称                                 时间            地点  主办单位
 > 一、 第二项活动                               6月5日至7月5日
   （增加一项）
EOF
expect_row "Left, Enter deletes: message" d15 22 " 已删除第二项（重点活动）"
expect_screen "back on the form: the rows summarised" d16 <<'EOF'
 附件2 重点活动计划安排表                                 已填 3/9 项，2 个问题
 附件2
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）
 镇街（部门）：宝坻区大白庄镇___________________________

 重点活动（共 1 项）
   一、第二项活动  6月5日至7月5日
   按 Enter 打开列表：增加、修改、删除、调整顺序

 说明：1.以上仅为示例，每项活动下面的具体内容可根据活动主题略作调整。
 2.以上仅填写本辖区、本部门开展的重点及特色活动。
 3 .区安委会办公室将根据各街镇、园区、各部门、各单位报送的重点活动情况，做好统
 筹协调工作，指导全区重点活动开展。








 按 Enter 打开列表，在那里增加、修改、删除和调整顺序
Enter 打开 Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 6,1
EOF

"$TIANBIAO" "${TB_ARGS[@]}" get plan >"$T_TMP/get" 2>&1
expect_eq "the rows in the database" "$(cat "$T_TMP/get")" "$(printf '%s\n' \
	"unit_name	宝坻区大白庄镇" "activities[1].kind	第二项活动" "activities[1].date	6月5日至7月5日" \
	"activities[1].place	" "activities[1].content	" "activities[1].host	" \
	"activities[1].assist	" "activities[1].division	" "activities[1].outputs	")"

# A row with long text and a multiple choice, edited again after a restart.
tb <<'EOF'
key Down Enter Tab Enter
key Enter
key Tab Tab Tab
type 第一行
key Enter
type 第二行
key Tab Tab Tab Tab
key Right Space Right Right Right Space
type 现场观摩
key Enter
key S-Tab
type ！
key Esc
dump d1
EOF
expect_value "long text with a line break" plan "activities[1].content" '第一行\n第二行'
expect_value "multi with 其他" plan "activities[1].outputs" "企业宣传片、其他：现场观摩"
expect_value "long text edited again" plan "activities[1].division" "！"

# The long-text box has the editing keys of every text field (F1): Ctrl-A, Ctrl-E,
# Ctrl-K (to the end of the line), Ctrl-D, Ctrl-U (all of it).
tb <<'EOF'
key Down Enter Tab Enter
key Enter
key Tab Tab Tab C-u
type 甲乙丙
key Enter
type 丁戊己
key Left Left C-a
dump d1
key C-k
type 庚
key Up C-e
type 辛
key C-a C-d
dump d2
key Tab
key S-Tab C-u
key Tab
dump d3
key S-Tab
type 第一行
key Enter
type 第二行
key Tab
EOF
expect_rows "long text: Ctrl-A goes to the start of the line" d1 8 11 <<'EOF'
 活动主要内容：
 | 甲乙丙
 | 丁戊己
 |
EOF
expect_cursor "long text: Ctrl-A puts the cursor at the start" d1 "10,3"
expect_rows "long text: Ctrl-K, Ctrl-E, Ctrl-D" d2 8 11 <<'EOF'
 活动主要内容：
 | 乙丙辛
 | 庚
 |
EOF
expect_cursor "long text: Ctrl-D deletes at the cursor" d2 "9,3"
expect_rows "long text: Ctrl-U clears the box" d3 8 11 <<'EOF'
 活动主要内容：
 |
 |
 |
EOF
expect_row "long text: Ctrl-U saved as blank" d3 22 " 已清空：活动主要内容    必填"
expect_value "long text: the text typed again" plan "activities[1].content" '第一行\n第二行'

# Shift-Down / Shift-Up move rows too; [ and the full-width 【 】 of an input method.
tb <<'EOF'
key Down Enter Tab Enter
key F7
type 丙
key Esc
type 【
dump d1
key S-Down
dump d2
EOF
expect_rows "【 moves up (input method)" d1 6 7 <<'EOF'
 > 一、 丙
   二、 第二项活动                               6月5日至7月5日
EOF
expect_rows "Shift-Down moves down" d2 6 7 <<'EOF'
   一、 第二项活动                               6月5日至7月5日
 > 二、 丙
EOF
# The problem list reaches into a row: Enter opens the row on the field.
tb <<'EOF'
key Down Enter Tab Enter F7
type 丁活动
key Esc Esc F2
dump d1
key Down Enter
dump d2
key Esc
dump d3
EOF
expect_rows "row problems are listed with their row" d1 4 5 <<'EOF'
 > 1. 主办单位（第1项）：必填，尚未填写
   2. 时间（第2项）：必填，尚未填写
EOF
expect_row "Enter on a row problem opens the row" d2 0 \
	" 附件2 重点活动计划安排表 > 重点活动 第二项                             共 3 项"
expect_cursor "Enter on a row problem: the cursor in the field" d2 "6,7"
expect_row "Esc from there goes to the rows list" d3 4 " 重点活动：共 3 项"
# The problem list jumps to the right row when leaving a blank row deletes it (the
# rows after it move up): activities 甲, (blank), 乙, 丙; in the blank one, F2, the
# problem 时间（第3项）, Enter: 乙, now the second row, on its 时间.
jdb=$T_TMP/jump.db
for r in "1 甲" "2 X" "3 乙" "4 丙"; do
	# shellcheck disable=SC2086 # "N NAME" split in two
	set -- $r
	TIANBIAO_DB=$jdb "$TIANBIAO" "${TB_ARGS[@]}" set "plan.activities[$1].kind" "$2"
done
TIANBIAO_DB=$jdb "$TIANBIAO" "${TB_ARGS[@]}" set "plan.activities[2].kind" ""
TIANBIAO_DB=$jdb tb <<'EOF'
key Down Enter Tab Enter Down Enter F2
key Down Down Down Down Down Down Down
dump d1
key Enter
dump d2
EOF
expect_row "jump after a blank row: the problem chosen" d1 11 " > 8. 时间（第3项）：必填，尚未填写"
expect_screen "jump after a blank row: the row that was third, on its field" d2 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第二项                             共 3 项
 重点活动  第二项

 活动名称：
 | 乙
 |
 时间：
 地点：_____________________________________________________________
 活动主要内容：
 |
 |
 |
 主办单位：_____________________________________________________________
 协助单位：_____________________________________________________________
 工作分工：
 |
 |
 |
 成果形式： [ ]学习研讨文章  [ ]企业宣传片  [ ]安全贴士  [ ]专访视频
            [ ]其他：____________


 这一项没有填写内容，已删除
Tab 下一项  S-Tab 上一项  F2 问题  F1 帮助  Esc 返回  F10 退出  F5 导出
cursor 6,7
EOF

# Twelve rows: 十一、 and 十二、 keep their 、 (the number column grows with the rows).
rdb=$T_TMP/rows12.db
for i in $(seq 1 12); do
	TIANBIAO_DB=$rdb "$TIANBIAO" "${TB_ARGS[@]}" set "plan.activities[$i].kind" "活动$i"
done
TIANBIAO_DB=$rdb tb <<'EOF'
key Down Enter Tab Enter End Up
dump d1
EOF
expect_screen "twelve rows: numbered 一、 to 十二、" d1 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动                                   共 12 项
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）

 重点活动：共 12 项
   序号   活动名称                                         时间  地点  主办单位
   一、   活动1
   二、   活动2
   三、   活动3
   四、   活动4
   五、   活动5
   六、   活动6
   七、   活动7
   八、   活动8
   九、   活动9
   十、   活动10
   十一、 活动11
 > 十二、 活动12
   （增加一项）



 按 Enter 打开这一项修改；[ 和 ] 调整顺序
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 17,1
EOF

# A district's own form file: only a group, a date filled with today, long text.
# It works as a screen with no change to the program.
mkdir -p "$T_TMP/forms2"
cat >"$T_TMP/forms2/g.form" <<'EOF'
form grouponly
version 1
year 2021
attachment 附件9
title 只有一组的表
name 一组表
group items 事项 min=1 title=what
  field what text 事项名称 required width=30
  field when date 日期 today
  field note longtext 说明
end
EOF
TB_ARGS=(--unit "$UNIT" --forms "$T_TMP/forms2" --db "$T_TMP/g.db")
tb <<'EOF'
key Enter
dump d1
key Enter
type 检查
key Tab
dump d2
key Esc
dump d3
key Esc
dump d4
EOF
expect_rows "a form that is only a group opens on its rows" d1 0 5 <<'EOF'
 附件9 一组表 > 事项                                                    共 0 项
                                  只有一组的表

 事项：还没有填写。按 F7 或 Enter 增加第一项。
 > （增加一项）

EOF
expect_row "a new row gets today's date" d2 3 " 事项名称：检查___________________________  日期：6月3日"
expect_row "Esc goes back to its rows" d3 5 " > 一、 检查                                                             6月3日"
expect_row "Esc again goes back to the list" d4 5 " > 附件9  只有一组的表"
expect_value "the variant form's values" grouponly "items[1].when" "6月3日"
[ "$t_fails" -eq 0 ]
