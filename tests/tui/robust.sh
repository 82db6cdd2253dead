#!/usr/bin/env bash
# tests/tui/robust.sh - nothing typed is lost: resizing at any moment, SIGHUP and
# SIGTERM, quitting or going back with a value that cannot be saved, the end of
# the key script, a database locked by another program.
. "$(dirname "$0")/lib-tui.sh"

# Resizing keeps what is typed, also while the window is too small.
tb <<'EOF'
key Enter
type 黄
resize 50 12
dump d1
resize 80 24
dump d2
type 璐
key Tab Tab
type 科员
resize 100 30
dump d3
key Esc Down Down Enter
resize 70 20
dump d4
EOF
expect_row "too small while typing" d1 0 "窗口太小：至少要 60 列宽、16 行高（现在 50 列、12"
expect_row "the typed text is back" d2 3 " 姓名：黄                               性别：( )男 ( )女"
expect_cursor "the cursor is back after it" d2 "3,9"
expect_rows "a wider window lays the form out again" d3 3 6 <<'EOF'
 姓名：黄璐_________________                      性别：( )男 ( )女
 职务：科员                                       办公电话：_____________________
 手机：___________________                        传真：_____________________
 微信号：_______________________________  电子邮箱：_________________________________________
EOF
expect_cursor "the cursor is in the field after the resize" d3 "4,11"
expect_rows "a narrower window wraps the sentences" d4 13 16 <<'EOF'
 理论学习中心组学习（________）次，参与（________）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专
 题片 [ ]是 [ ]否；组织集中学习观看（________）场，参与（________）人
 次；
EOF
expect_value "typed through the resizes and saved" liaison name "黄璐"
expect_value "saved at the end of the script" liaison position "科员"

# A resize while a dialog is open redraws both.
tb <<'EOF'
key Down Enter Tab Enter F7
type 甲
key Esc Del
resize 64 18
dump d1
key Esc
EOF
expect_rows "the dialog after a resize" d1 5 11 <<'EOF'
   序号 活动+- 删除 -------------------------------+   主办单位
 > 一、 甲  |                                      |
   （增加一 | 要删除第一项“甲”吗？                 |
            | 这一项填写的内容都会删除，不能恢复。 |
            |                                      |
            |        [ 删除 ]   [ 不删除 ]         |
            +--------------------------------------+
EOF
expect_cursor "the dialog after a resize: cursor on 不删除" d1 "10,34"

# SIGHUP (the window was closed) and SIGTERM save the field being typed.
tb <<'EOF'
key Enter
key C-u
type 王芳
signal HUP
EOF
expect_eq "SIGHUP: exit 0" "$tb_rc" 0
expect_value "SIGHUP saves the current field" liaison name "王芳"
tb <<'EOF'
key Down Down Enter Tab
type 李强
signal TERM
EOF
expect_eq "SIGTERM: exit 0" "$tb_rc" 0
expect_value "SIGTERM saves the current field" stats contact "李强"

# A value that cannot be saved: F10 asks; the default goes back to it.
tb <<'EOF'
key Down Down Enter
key Tab Tab Tab C-u
type 6月31日
key F10
dump d1
key Enter
dump d2
key F10 Left Enter
dump d3
EOF
expect_rows "F10 with a wrong value asks" d1 8 15 <<'EOF'
   内容要求：举办专题研|                               | 理论学习中心组开展深入
   学习；集中开展“领导 | 填报日期：6月没有31日         | 体会、专访视频等；组织
   开展专题文艺汇演。各|                               | “大讲堂”“大家谈”“公开
   课”“微课堂”和在线访 | 填写的“6月31日”不能保存。     |
   进展情况：          | 要放弃这一项的修改并退出吗？  |
 理论学习中心组学习（__|                               |
 专题学习《生命重于泰山| [ 放弃并退出 ]   [ 回去改正 ] | 论述》电视专题片
 [ ]是 [ ]否；组织集中 +-------------------------------+____）人次；
EOF
expect_cursor "the answer under the cursor is 回去改正" d1 "14,44"
expect_row "回去改正 keeps the text" d2 5 " 填报日期：6月31日"
expect_cursor "回去改正 keeps the cursor in the field" d2 "5,18"
if [ -f "$T_TMP/run/d3" ]; then t_fail "放弃并退出 quits"; else t_ok "放弃并退出 quits"; fi
expect_value "the wrong value was not saved" stats report_date "6月3日"

# Esc with a wrong value: the same question; 放弃修改 goes back to the list.
tb <<'EOF'
key Down Down Enter
key Tab Tab Tab C-u
type 2月30日
key Esc
dump d1
key Left Enter
dump d2
EOF
expect_row "Esc with a wrong value asks" d1 9 "   学习；集中开展“领导 | 填报日期：2月没有30日          |体会、专访视频等；组织"
expect_row "放弃修改 goes back to the list" d2 0 " 填表 tianbiao                                                      今天 6月3日"
expect_row "放弃修改 says so" d2 22 " 已放弃这一项的修改"
expect_value "the old value stays" stats report_date "6月3日"

# A signal with a wrong value: nothing to ask; it is said after the screen is gone.
TB_STDERR=1 tb <<'EOF'
key Down Down Enter
key Tab Tab Tab C-u
type 6月31日
signal TERM
EOF
expect_eq "signal with a wrong value: exit 0" "$tb_rc" 0
expect_grep "signal with a wrong value: says what was not saved" "输入的“6月31日”没有保存" \
	"$T_TMP/stderr"

# The database is locked by another program: a message, the text stays, later it saves.
if [ ! -x /usr/bin/python3 ]; then
	t_skip "locked" "no /usr/bin/python3 (tools/deps.sh test installs it)"
else
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("x")
time.sleep(5)
c.execute("COMMIT")
' "$TIANBIAO_DB" "$T_TMP/locked" &
	locker=$!
	wait_for "$T_TMP/locked"
	tb <<'EOF'
key Enter C-u
type 赵敏
key Tab
dump d1
wait 3000
key Tab
dump d2
EOF
	wait "$locker"
	expect_row "locked: the text stays" d1 3 " 姓名：赵敏                             性别：( )男 ( )女"
	expect_cursor "locked: the cursor stays" d1 "3,11"
	if grep -q "没有保存：.*正被另一个程序使用" "$T_TMP/run/d1"; then
		t_ok "locked: the message says why"
	else
		t_fail "locked: the message says why" "$(tail -n 4 "$T_TMP/run/d1")"
	fi
	expect_row "locked: saved once free" d2 22 " 已保存：姓名    左右键移动，空格选中或取消"
	expect_value "locked: the value is in the database" liaison name "赵敏"
fi

[ "$t_fails" -eq 0 ]
