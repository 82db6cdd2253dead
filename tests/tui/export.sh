#!/usr/bin/env bash
# tests/tui/export.sh - exporting from the screens: the problem list and
# the question first, then the files (text, CSV with a byte-order mark, .xlsx) in the
# outbox, the folder once and the file names in 80 columns, where to send them and by
# when; one form or all; an unchanged form leaves its files alone, a changed one moves
# the earlier files into 旧版本/; the list says 已导出 or 请重新导出; a failure said
# plainly.
. "$(dirname "$0")/lib-tui.sh"

# The dumps hold the outbox path, which is under the test's temporary directory:
# it is replaced by TMP (the folder is shown once, the files by their names).
untmp() { sed -i "s#$T_TMP#TMP#g" "$T_TMP/run/$1"; }
export COLUMNS=80
OUT="$T_TMP/outbox"
BASE="宝坻区大白庄镇_附件1_联络员反馈表_20210603"

# F5 with problems: the list and the question; Esc: nothing written.
tb <<'EOF'
key Enter
type 黄璐
key Esc F5
dump d1
key Esc
dump d2
EOF
expect_screen "F5 shows the problems and asks first" d1 <<'EOF'
 附件1 联络员反馈表 > 导出前检查

  导出之前发现 3 个问题。这些内容可以以后改正再导出，也可以现在就导出：

   1. 办公电话：必填，尚未填写
   2. 手机：必填，尚未填写
   3. 电子邮箱：必填，尚未填写














  仍要导出吗？按 Enter 导出，按 Esc 取消。

Enter 仍然导出  Esc 取消，回去修改  F10 退出
cursor 21,2
EOF
expect_row "Esc: not exported" d2 22 " 没有导出"
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
	t_fail "Esc: no file written" "$(ls "$OUT")"
else
	t_ok "Esc: no file written"
fi

# Enter on the question: the files, their paths, where to send them.
tb <<'EOF'
key F5 Enter
dump d1
key Enter
dump d2
EOF
untmp d1
expect_rows "the export result" d1 0 11 <<'EOF'
 导出

  已导出（文本、CSV 和 Excel 文件），文件在这个文件夹里：

    TMP/outbox

  附件1 联络员反馈表：
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.txt
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.csv
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.xlsx
  请将以上文件发送至 bdqyjj01@tj.gov.cn，截止 6月5日

EOF
expect_rows "the export result: message and keys" d1 22 23 <<'EOF'
 导出完成
Enter 返回  上下键 滚动  F10 退出
EOF
expect_row "Enter goes back to the list" d2 5 " > 附件1  宝坻区“安全生产月”活动联络员反馈表"
if [ -f "$OUT/$BASE.txt" ] && [ -f "$OUT/$BASE.csv" ]; then t_ok "both files written"; else
	t_fail "both files written" "$(ls "$OUT" 2>&1)"; fi
expect_eq "the CSV starts with a byte-order mark" "$(head -c 3 "$OUT/$BASE.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_grep "the CSV holds the name" "黄璐" "$OUT/$BASE.csv"
expect_grep "the text file holds the name" "黄璐" "$OUT/$BASE.txt"

# A form with no problems goes straight to the files; a second export after a
# change writes the same names, the earlier files move into 旧版本/.
tb <<'EOF'
key Enter Tab Space Tab
type 科员
key Tab
type 022-29240881
key Tab
type 18222169302
key Tab Tab Tab
type bdqyjj01@tj.gov.cn
key Tab
key F5
dump d1
EOF
untmp d1
expect_rows "F5 in a form without problems exports at once" d1 6 11 <<'EOF'
  附件1 联络员反馈表：
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.txt
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.csv
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.xlsx
    上次导出的文件已移到“旧版本”文件夹。
  请将以上文件发送至 bdqyjj01@tj.gov.cn，截止 6月5日
EOF
if [ -f "$OUT/$BASE.csv" ] && [ -f "$OUT/旧版本/$BASE.csv" ]; then t_ok "an earlier export is kept in 旧版本/"; else
	t_fail "an earlier export is kept in 旧版本/" "$(ls -R "$OUT")"; fi
expect_grep "the second export has the new values" "022-29240881" "$OUT/$BASE.csv"

# F6: every form; forms never opened get the unit (as their screens would).
tb <<'EOF'
key F6
dump d1
key Enter
dump d2
key Down Down Down Down Down Down
dump d3
EOF
expect_rows "F6 lists the problems of all forms" d1 4 8 <<'EOF'
   1. 附件2 重点活动：至少填写1项，现在有0项
   2. 附件3 联系人：必填，尚未填写
   3. 附件3 电话：必填，尚未填写
EOF
untmp d2
untmp d3
expect_rows "F6 writes every form; an unchanged form keeps its files" d2 6 19 <<'EOF'
  附件1 联络员反馈表：
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.txt
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.csv
    宝坻区大白庄镇_附件1_联络员反馈表_20210603.xlsx
    内容没有改变，还是上次导出的文件。
  请将以上文件发送至 bdqyjj01@tj.gov.cn，截止 6月5日

  附件2 重点活动计划安排表：
    宝坻区大白庄镇_附件2_重点活动计划安排表_20210603.txt
    宝坻区大白庄镇_附件2_重点活动计划安排表_20210603.csv
    宝坻区大白庄镇_附件2_重点活动计划安排表_20210603.xlsx
  请将以上文件发送至 bdqyjj01@tj.gov.cn，截止 6月5日

  附件3 活动进展情况统计表：
EOF
expect_rows "the result scrolls to its end" d3 17 21 <<'EOF'
  附件3 活动进展情况统计表：
    宝坻区大白庄镇_附件3_活动进展情况统计表_20210603.txt
    宝坻区大白庄镇_附件3_活动进展情况统计表_20210603.csv
    宝坻区大白庄镇_附件3_活动进展情况统计表_20210603.xlsx
  请将以上文件发送至 bdqyjj01@tj.gov.cn，截止 6月25日
EOF
expect_eq "one current file per form and format" "$(find "$OUT" -maxdepth 1 -type f | wc -l)" 9
expect_value "a form never opened got the unit" stats unit_name "$UNIT"
expect_value "and the date" stats report_date "6月3日"

# The list says what was sent: 已导出 with the time, and after a change 请重新导出.
# Opening a form and leaving it is no change.
tb <<'EOF'
dump d1
key Enter
dump f1
key Esc
dump d2
key Enter Tab Tab
type 李
key Tab
dump f2
key Esc
dump d3
key F5
key Enter
dump d4
EOF
expect_row "the list: exported" d1 7 "         已导出（6月3日 09:00）"
expect_row "the list: exported, every form" d1 13 "         已导出（6月3日 09:00）"
expect_row "opened and left: still exported" d2 7 "         已导出（6月3日 09:00）"
expect_row "changed after the export" d3 7 "         导出后又修改过，请重新导出"
# The form screen says it on its top line as well.
for d in "f1:已导出（6月3日 09:00）" "f2:导出后又修改过，请重新导出"; do
	if sed -n 1p "$T_TMP/run/${d%%:*}" | grep -qF "${d#*:}"; then t_ok "the form screen: ${d#*:}"; else
		t_fail "the form screen: ${d#*:}" "$(sed -n 1p "$T_TMP/run/${d%%:*}")"; fi
done
expect_row "the other forms stay exported" d3 10 "         已导出（6月3日 09:00）"
expect_row "exported again: the list says so" d4 7 "         已导出（6月3日 09:00）"
expect_eq "still one current file per form and format" "$(find "$OUT" -maxdepth 1 -type f | wc -l)" 9

# The outbox cannot be made (a file is in the way): said plainly, the screen goes on.
: >"$T_TMP/blocked"
TIANBIAO_OUTBOX="$T_TMP/blocked/outbox" tb <<'EOF'
key F5
dump d1
key Enter
dump d2
EOF
untmp d1
if grep -q "没有导出：" "$T_TMP/run/d1"; then t_ok "a failed export says why"; else
	t_fail "a failed export says why" "$(cat "$T_TMP/run/d1")"; fi
expect_row "a failed export: the message line" d1 22 " 导出失败，数据库里的内容没有受影响"
expect_row "a failed export: back to the list" d2 5 " > 附件1  宝坻区“安全生产月”活动联络员反馈表"
expect_value "a failed export changes nothing" liaison name "黄璐"

# Another year's export says its year: the 2021 campaign looked at in 2022.
TIANBIAO_TODAY=2022-06-03 tb <<'EOF'
dump d1
EOF
expect_row "an export of another year says the year" d1 7 "         已导出（2021年6月3日 09:00）"

# The unit renamed from the list keeps what it sent (the exports are kept by
# submission): the list asks for a new export, which moves the files bearing the old
# name into 旧版本/ too, so that the outbox holds one current file per form and format.
TB_ARGS=()
tb <<'EOF'
key Up Enter C-u
type 宝坻区大白庄镇人民政府
key Enter Enter
dump d1
key F6 Enter
dump d2
EOF
expect_row "renamed: the list asks for a new export" d1 7 "         导出后又修改过，请重新导出"
expect_eq "renamed: one current file per form and format" \
	"$(find "$OUT" -maxdepth 1 -type f -name '宝坻区大白庄镇人民政府_*' | wc -l) $(find "$OUT" -maxdepth 1 -type f | wc -l)" "9 9"
expect_eq "renamed: the files of the old name are in 旧版本/" \
	"$(find "$OUT/旧版本" -maxdepth 1 -type f -name "${UNIT}_附件[23]_*_20210603.*" | wc -l)" 6

# An export from the command line while the screens are open is recorded, and the
# open list shows it at its next draw (a real terminal: tmux).
if command -v tmux >/dev/null 2>&1; then
	trap 'tmux_stop; rm -rf "$T_TMP"' EXIT
	"$TIANBIAO" set liaison.position 主任
	tmux_start 80 24 "$TIANBIAO"
	if tmux_wait "导出后又修改过，请重新导出"; then t_ok "tmux: the list before"; else
		t_fail "tmux: the list before" "$(tmux_screen)"; fi
	"$TIANBIAO" export liaison >/dev/null 2>"$T_TMP/e"
	expect_eq "tmux: the export beside the screens says nothing on stderr" "$(cat "$T_TMP/e")" ""
	tmx send-keys -t t Down Up
	if tmux_wait "已导出（6月3日 09:00）"; then t_ok "tmux: the open list shows the export"; else
		t_fail "tmux: the open list shows the export" "$(tmux_screen)"; fi
	tmx send-keys -t t F10
	tmux_stop
else
	t_skip "export.sh: tmux" "tmux is not installed (tools/deps.sh test installs it)"
fi

[ "$t_fails" -eq 0 ]
