#!/usr/bin/env bash
# tests/tui/saving.sh - when values reach the database: opening or looking at a form
# is never a change (the unit and date shown are stored with the first change, or
# by an export), typing that never pauses is still saved within a second, and the
# idle save runs while a dialog is open.
. "$(dirname "$0")/lib-tui.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	t_skip saving.sh "the sqlite3 shell is not installed (tools/deps.sh test installs it)"
	exit 0
fi
# revision FORM: the stored revision of FORM's submission, "none" without one.
revision() {
	local r
	r=$(sqlite3 "$TIANBIAO_DB" "SELECT revision FROM submissions WHERE form_id = '$1'" 2>&1)
	echo "${r:-none}"
}

# Opening, paging, folding and leaving a form never writes: no submission appears.
tb <<'EOF'
key Down Down Enter
dump d1
key PgDn F4 PgUp Tab Tab
key Esc Down Enter Tab Enter F7 Esc Esc Esc
EOF
expect_rows "the unit and the date are shown in a form opened" d1 3 5 <<'EOF'
 填报单位（盖章）：宝坻区大白庄镇
 联系人：_____________________          电话：_____________________
 填报日期：6月3日___________
EOF
expect_eq "looking at a form stores nothing" "$(revision stats)" "none"
expect_eq "a row added and left blank: the row is gone again" \
	"$("$TIANBIAO" "${TB_ARGS[@]}" get plan | grep -c '^activities')" "0"

# The first change stores the values shown with it.
tb <<'EOF'
key Down Down Enter Tab
type 黄璐
key Tab
EOF
expect_value "the first change stores the unit shown" stats unit_name "宝坻区大白庄镇"
expect_value "... and the date shown" stats report_date "6月3日"
expect_value "... and the change" stats contact "黄璐"
rev=$(revision stats)

# A form set and exported on the command line (which stores the unit and date it fills
# in, as the screens do), then only looked at in the screens, keeps its revision (in a
# database of its own).
main_db=$TIANBIAO_DB
export TIANBIAO_DB="$T_TMP/exported.db"
"$TIANBIAO" "${TB_ARGS[@]}" set stats.contact 李强 >/dev/null
mkdir -p "$T_TMP/outbox-cli"
"$TIANBIAO" "${TB_ARGS[@]}" export stats -o "$T_TMP/outbox-cli" >/dev/null
rev=$(revision stats)
tb <<'EOF'
key Down Down Enter
key PgDn PgDn F4 PgUp Tab Tab Tab
key Esc
key Down Enter Esc
EOF
expect_eq "looking at an exported form keeps its revision" "$(revision stats)" "$rev"
export TIANBIAO_DB=$main_db

# An export from the screens stores the unit and date it writes into the file.
tb <<'EOF'
key F5
key Enter
dump d2
EOF
expect_value "an export stores the unit it writes" liaison unit_name "宝坻区大白庄镇"
if grep -q "宝坻区大白庄镇" "$T_TMP"/outbox/*liaison*.csv 2>/dev/null ||
	grep -rq "宝坻区大白庄镇" "$T_TMP/outbox" 2>/dev/null; then
	t_ok "the exported file has the unit"
else
	t_fail "the exported file has the unit" "$(ls -R "$T_TMP/outbox" 2>&1)"
fi
lrev=$(revision liaison)
tb <<'EOF'
key Enter Tab Tab Tab Esc
EOF
expect_eq "after the export, looking keeps the revision" "$(revision liaison)" "$lrev"

# Typing that never pauses for a second is saved while it goes on: one key every
# 100 ms for two seconds, no idle second, and the trace shows saves on the way.
{
	echo "key Enter C-u"
	for i in $(seq 1 20); do
		echo "type $((i % 10))"
		echo "wait 100"
		[ "$i" -eq 15 ] && echo "dump d1"
	done
	echo "dump d2"
} >"$T_TMP/typing"
: >"$T_TMP/trace"
TIANBIAO_TRACE="$T_TMP/trace" tb <"$T_TMP/typing"
saves=$(grep -c $'^set liaison.name\t' "$T_TMP/trace")
first=$(grep -m 1 $'^set liaison.name\t' "$T_TMP/trace" | cut -f 2)
if [ "$saves" -ge 2 ] && [ "${#first}" -le 9 ]; then
	t_ok "continuous typing is saved while it goes on ($saves saves, the first after ${#first} keys)"
else
	t_fail "continuous typing is saved while it goes on" "$(cat "$T_TMP/trace")"
fi
expect_row "saving while typing says nothing (no 已保存 while typing)" d1 22 ""
expect_value "continuous typing: all of it in the end" liaison name "12345678901234567890"

# The idle save runs while a dialog is open: typed, then F3 (the suggestions), a
# second without a key, Esc, and something else typed: both values were saved.
: >"$T_TMP/trace"
TIANBIAO_TRACE="$T_TMP/trace" tb <<'EOF'
key Down Enter Tab Enter F7
type 甲活动
key F3
idle
dump d3
key Esc C-u
type 乙活动
signal TERM
EOF
expect_eq "idle save inside a dialog" "$(grep $'^set plan.activities\[1\].kind\t' "$T_TMP/trace" | cut -f 2)" \
	"$(printf '甲活动\n乙活动')"
expect_screen "the dialog stays open over the idle save, which says so" d3 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 | 甲活动
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


 已保存：活动名称
Tab 下一项 S-Tab 上一项 F3 常用 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 10,4
EOF

[ "$t_fails" -eq 0 ]
