#!/usr/bin/env bash
# tests/tui/liaison.sh - 附件1 on the screen: Chinese entry, side-by-side fields, a
# choice with Space, values normalised when the field is left, soft problems
# saved and shown, full-width digits, a full field, editing keys, and what
# reaches the database.
. "$(dirname "$0")/lib-tui.sh"

tb <<'EOF'
key Enter
dump d01
type 黄璐
key Tab
dump d02
key Space
dump d03
key Right Space
key Tab
type 科员
key Tab
type (022)29240881
key Tab
dump d04
type １８２２２１６９３０
key Tab
dump d05
key S-Tab End
type 2
key Tab
type 022-29240882
key Tab
type hl_2021
key Tab
type bdqyjj01@tj.gov.cn
key Tab Tab
type 天津市宝坻区大白庄镇人民政府
key Tab
dump d07
key Up Up Up Up Up Up Up Up Up
key End
type 一二三四五六七八九十
dump d08
key Left Left Left BS Del
dump d09
key Home Del
key Esc
dump d10
EOF
expect_eq "liaison session exits 0" "$tb_rc" 0
expect_screen "the liaison form opens on its first field" d01 <<'EOF'
 附件1 联络员反馈表                                      已填 1/10 项，4 个问题
 附件1
                       宝坻区“安全生产月”活动联络员反馈表
 姓名：                                 性别：( )男 ( )女
 职务：_______________________________  办公电话：_____________________
 手机：___________________              传真：_____________________
 微信号：_______________________________
 电子邮箱：_________________________________________
 单位名称：宝坻区大白庄镇___________________________
 通信地址：_____________________________________________________________

 注：请于6月5日前将此表纸质版送至应急局203室，电子版发送至邮箱
 bdqyjj01@tj.gov.cn









 必填
Tab 下一项  S-Tab 上一项  F2 问题  F1 帮助  Esc 返回  F10 退出  F5 导出
cursor 3,7
EOF
expect_rows "Tab saves and moves to the choice" d02 3 3 <<'EOF'
 姓名：黄璐_________________            性别：( )男 ( )女
EOF
expect_rows "Tab saves and moves to the choice: message and the choice's hint" d02 22 23 <<'EOF'
 已保存：姓名    左右键移动，空格选中或取消
空格 选择 Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
EOF
expect_cursor "the cursor is on the first option" d02 "3,47"
expect_row "Space chooses" d03 3 " 姓名：黄璐_________________            性别：(*)男 ( )女"
expect_row "a phone number is normalised when left" d04 4 \
	" 职务：科员___________________________  办公电话：022-29240881_________"
expect_rows "full-width digits become ASCII; a soft problem is saved and said" d05 5 5 <<'EOF'
 手机：1822216930_________              传真：
EOF
expect_row "a soft problem is saved and said: message" d05 22 " 已保存。请注意：手机号应为11位数字，以1开头，您填了 10 位"
expect_screen "the liaison form filled in" d07 <<'EOF'
 附件1 联络员反馈表                                                      已完成
 附件1
                       宝坻区“安全生产月”活动联络员反馈表
 姓名：黄璐_________________            性别：( )男 (*)女
 职务：科员___________________________  办公电话：022-29240881_________
 手机：18222169302________              传真：022-29240882_________
 微信号：hl_2021________________________
 电子邮箱：bdqyjj01@tj.gov.cn_______________________
 单位名称：宝坻区大白庄镇___________________________
 通信地址：天津市宝坻区大白庄镇人民政府

 注：请于6月5日前将此表纸质版送至应急局203室，电子版发送至邮箱
 bdqyjj01@tj.gov.cn









 这是最后一项。按 Esc 返回表单列表
Tab 下一项  S-Tab 上一项  F2 问题  F1 帮助  Esc 返回  F10 退出  F5 导出
cursor 9,39
EOF
expect_row "a full field refuses more" d08 3 " 姓名：黄璐一二三四五六七八             性别：( )男 (*)女"
expect_row "a full field says why" d08 22 " 这一栏已填满：最多 10 个汉字或 20 个数字、字母"
expect_cursor "End, then typing to the end" d08 "3,27"
expect_row "Left, Backspace, Delete in Chinese text" d09 3 \
	" 姓名：黄璐一二三四七八                 性别：( )男 (*)女"
expect_cursor "the cursor after Backspace" d09 "3,19"
expect_rows "Esc saves and goes back to the list" d10 5 6 <<'EOF'
 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         已完成                       6月5日截止，还有 2 天
EOF

# What reached the database.
"$TIANBIAO" "${TB_ARGS[@]}" get liaison >"$T_TMP/get" 2>&1
expect_eq "values reach the database" "$(cat "$T_TMP/get")" "$(printf '%s\n' \
	"name	璐一二三四七八" "gender	女" "position	科员" "office_phone	022-29240881" \
	"mobile	18222169302" "fax	022-29240882" "wechat	hl_2021" "email	bdqyjj01@tj.gov.cn" \
	"unit_name	宝坻区大白庄镇" "address	天津市宝坻区大白庄镇人民政府")"

# Opening again shows what was saved; Space again clears a choice; Backspace too.
tb <<'EOF'
key Enter Tab Right Space
dump d1
key Space
dump d2
key Left Space BS
dump d3
key BS
dump d4
EOF
expect_row "saved values come back" d1 5 " 手机：18222169302________              传真：022-29240882_________"
expect_row "Space on the chosen option clears it" d1 3 " 姓名：璐一二三四七八_______            性别：( )男 ( )女"
expect_row "Space again chooses it" d2 3 " 姓名：璐一二三四七八_______            性别：( )男 (*)女"
expect_row "Backspace clears a choice" d3 3 " 姓名：璐一二三四七八_______            性别：( )男 ( )女"
expect_row "Backspace says the answer was cleared" d3 22 " 已清空：性别"
expect_row "Backspace on a blank choice says there is nothing to clear" d4 22 \
	" 这一项还没有选择；用空格选择"
expect_value "a cleared choice is blank in the database" liaison gender ""

# A saved value that may be wrong is pointed out when its field is entered again.
"$TIANBIAO" "${TB_ARGS[@]}" set liaison.mobile 1822216930 2>/dev/null
tb <<'EOF'
key Enter Tab Tab Tab Tab
dump d1
EOF
expect_row "a soft problem is shown on entering the field" d1 22 " 请注意：手机号应为11位数字，以1开头，您填了 10 位"

# Typing a character into a choice picks the option that starts with it.
tb <<'EOF'
key Enter Tab
type 男
dump d1
EOF
expect_row "typing 男 chooses 男" d1 3 " 姓名：璐一二三四七八_______            性别：(*)男 ( )女"
expect_value "typing 男 is saved" liaison gender "男"
tb <<'EOF'
key Enter Tab
type 男
EOF
expect_value "typing 男 again keeps 男 (only Space clears)" liaison gender "男"

# Ctrl-U clears a field; a blank is saved as blank, not as anything else.
tb <<'EOF'
key Enter Tab Tab
key C-u
key Tab
dump d1
EOF
expect_row "Ctrl-U clears the field" d1 4 " 职务：_______________________________  办公电话：022-29240881"
expect_row "a cleared field says so" d1 22 " 已清空：职务    电话号码，例如 022-29240881 或 29240881-8001"
expect_value "a cleared field is blank" liaison position ""

# A doubtful value saved by the idle save is still pointed out when the field is left.
tb <<'EOF'
key Enter Tab Tab Tab Tab
key C-u
type 1391234567
idle
key Tab
dump d1
EOF
expect_row "idle-saved soft problem: warned on leaving" d1 22 " 已保存。请注意：手机号应为11位数字，以1开头，您填了 10 位"
expect_value "idle-saved soft problem: the value is kept" liaison mobile "1391234567"

[ "$t_fails" -eq 0 ]
