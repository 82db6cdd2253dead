#!/usr/bin/env bash
# tests/tui/screens.sh - the form list, the first-run question, help, resizing,
# quitting, and the terminal checks (scripted, no terminal needed).
. "$(dirname "$0")/lib-tui.sh"

# An empty script: start, draw the first screen, exit.
TB_ARGS=()
tb </dev/null
expect_eq "empty script exits 0" "$tb_rc" 0

# First run: the unit is asked once, then remembered.
tb <<'EOF'
dump d1
type 宝坻区大白庄镇
key Enter
dump d2
key Down
dump d3
key Down Down Up
dump d4
key Esc
EOF
expect_eq "first run exits 0" "$tb_rc" 0
expect_screen "first run asks for the unit" d1 <<'EOF'
 填表 tianbiao                                                      今天 6月3日

  填报单位：（还没有填写）
  活动年度：2021年　　共 3 张表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
                                      6月5日截止，还有 2 天
    +- 第一次使用：本单位的名称 ------------------------------------------+
    |                                                                     |
    | 请输入本单位的名称（例如：宝坻区大白庄镇人民政府）。                |
    | 它会填进“单位名称”（附件1）、“镇街（部门）”（附件2）、“填报单位（盖 |
    | 章）”（附件3），也用在导出文件的名字里，以后不用再输入。            |
    |                                                                     |
    |                                                                     |
    |                                                                     |
    | Enter 确定　Esc 取消                                                |
    +---------------------------------------------------------------------+





 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出
cursor 13,6
EOF
expect_screen "the form list" d2 <<'EOF'
 填表 tianbiao                                                      今天 6月3日

  填报单位：宝坻区大白庄镇
  活动年度：2021年　　共 3 张表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 2 天

   附件2  镇街（部门）“安全生产月”重点活动计划安排
         未填写                       6月5日截止，还有 2 天

   附件3  “安全生产月”活动进展情况统计表
         未填写                       6月25日截止，还有 22 天









 已记下本单位名称：宝坻区大白庄镇
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出
cursor 5,1
EOF
expect_rows "Down selects the next form" d3 5 8 <<'EOF'
   附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 2 天

 > 附件2  镇街（部门）“安全生产月”重点活动计划安排
EOF
expect_cursor "the cursor is at the selection" d3 "8,1"
expect_cursor "Down Down Up" d4 "8,1"

# A blank name is not taken: the question comes again and says why.
TIANBIAO_DB=$T_TMP/blank-unit.db tb <<'EOF'
key Enter
dump d6
type 　
key Enter
type 宝坻区大白庄镇
key Enter
dump d7
EOF
expect_row "a blank unit name: asked again" d6 7 "    +- 第一次使用：本单位的名称 ------------------------------------------+"
expect_row "a blank unit name: says why" d6 22 " 单位名称不能为空"
expect_row "a blank unit name: then the name typed is taken" d7 22 " 已记下本单位名称：宝坻区大白庄镇"

# The unit is remembered: no question the second time.
tb <<'EOF'
dump d5
EOF
expect_row "the unit is remembered" d5 2 "  填报单位：宝坻区大白庄镇"
expect_row "the unit is remembered: 已记下 is not said again" d5 22 \
	" 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。"

# Esc at the first question (pressed to go back) keeps the question and what was
# typed, and says how to leave; F10 leaves without writing anything.
rm -f "$TIANBIAO_DB"
TB_STDERR=1 tb <<'EOF'
type 宝坻区大白
key Esc
dump d1
key F10
EOF
expect_row "Esc at the unit question: asked again" d1 7 \
	"    +- 第一次使用：本单位的名称 ------------------------------------------+"
expect_row "Esc at the unit question: what was typed is kept" d1 13 \
	"    | 宝坻区大白                                                          |"
expect_cursor "Esc at the unit question: the cursor after it" d1 "13,16"
expect_row "Esc at the unit question: says what to do" d1 22 \
	" 要先填写本单位的名称，才能开始填表。现在不填，按 F10 退出"
expect_eq "F10 at the unit question exits 0" "$tb_rc" 0
expect_grep "F10 at the unit question says so" "没有填写单位名称" "$T_TMP/stderr"
tb <<'EOF'
dump d2
EOF
expect_row "F10 at the unit question: nothing stored, asked again" d2 7 \
	"    +- 第一次使用：本单位的名称 ------------------------------------------+"
TB_ARGS=(--unit "$UNIT")

# Help (F1), scrolled, and back.
tb <<'EOF'
key F1
dump d1
key PgDn
dump d2
key Esc
dump d3
key F10
dump d4
EOF
expect_rows "F1 shows the keys" d1 0 4 <<'EOF'
 帮助：按键说明                                                  tianbiao 0.2.0
 在表单列表
   上下键            选择一张表
   Enter             打开这张表开始填写
   上键              在第一张表上再按上键，选中本单位的名称，按 Enter 修改
EOF
expect_rows "help ends with the key line" d1 22 23 <<'EOF'
 按 Esc 返回
Esc 返回  上下键 滚动  PgDn 下页  F10 退出
EOF
expect_screen "PgDn scrolls the help; a key wider than its column has its own line" d2 <<'EOF'
 帮助：按键说明                                                  tianbiao 0.2.0
   空格              选中或取消：是/否、单选（ ）、多选[ ]；左右键在选项间移
                     动，选项排成几行时上下键到上一行、下一行
   打字              在多选的“其他”上直接输入它的内容，就选中了“其他”；清空就
                     不选
   1 2 3… 或 是/否   直接选中第几个选项，或以这个字开头的选项
   F3                从常用内容中选择（有常用内容的项目）
   F4                收起或展开“内容要求”等说明文字
   PgUp、PgDn        向上、向下翻页
   F2                问题列表：没填的必填项和可能有误的内容；Enter 转到那一项
   F5                导出这张表
   Ctrl-S            立即保存
   Esc               返回上一个界面
   F10、Ctrl-Q、Ctrl-C
                     退出（先保存）。Ctrl-C 会先问一下，连按两次就退出；复制
                     文字请用鼠标选中，再按 Ctrl-Shift-C

 在长文字框里
   Enter             换行
   上下键            在行间移动；在第一行、最后一行时到上一项、下一项
   Tab               到下一项

 按 Esc 返回
Esc 返回  上下键 滚动  PgDn 下页  F10 退出
cursor 1,1
EOF
expect_row "Esc leaves the help" d3 0 " 填表 tianbiao                                                      今天 6月3日"
if [ ! -f "$T_TMP/run/d4" ]; then t_ok "F10 quits"; else t_fail "F10 quits" "a dump after F10"; fi
expect_eq "F10 exits 0" "$tb_rc" 0

# Esc on the list does not quit (it is pressed again and again to go back); Ctrl-C
# asks (a Windows user presses it to copy), Ctrl-C again quits and says how to come back.
tb <<'EOF'
key Esc
dump d1
key C-c
dump d2
key C-c
dump d3
EOF
expect_row "Esc on the list says how to quit" d1 22 " 这里是第一个界面。要退出请按 F10（填写的内容都已保存）"
expect_rows "Ctrl-C asks first, with how to copy" d2 7 16 <<'EOF'
                 +- 退出 ------------------------------------+
   附件2  镇街（ |                                           |
         未填写  | 要退出填表吗？填写的内容都已保存。        |
                 |                                           |
   附件3  “安全生| 在这里 Ctrl-C 是退出，不是复制。          |
         未填写  | 复制文字：用鼠标选中，再按 Ctrl-Shift-C。 |
                 | 再按一次 Ctrl-C 就退出。                  |
                 |                                           |
                 |          [ 退出 ]   [ 继续填写 ]          |
                 +-------------------------------------------+
EOF
if [ -f "$T_TMP/run/d3" ]; then t_fail "Ctrl-C twice quits"; else t_ok "Ctrl-C twice quits"; fi
expect_eq "after quitting: saved, and how to come back" "$(cat "$T_TMP/stdout")" \
	"内容都已保存。再次输入 tianbiao 继续填写。"
tb <<'EOF'
key C-c Enter
dump d1
key C-c Right Enter
dump d2
EOF
expect_row "Ctrl-C, Enter on 继续填写: not quit, and said so" d1 22 " 没有退出，继续填写。要退出请按 F10"
if [ -f "$T_TMP/run/d2" ]; then t_fail "Ctrl-C, 退出 quits"; else t_ok "Ctrl-C, 退出 quits"; fi

# A terminal that is too small says so; the screen comes back when it grows, and
# the keys typed meanwhile are kept and handled then (never dropped silently).
tb <<'EOF'
resize 50 12
dump d0
key Down
dump d1
resize 80 24
dump d2
EOF
expect_screen "too small" d0 <<'EOF'
窗口太小：至少要 60 列宽、16 行高（现在 50 列、12
行）。
请把窗口拉大，内容都还在。
Window too small: 60x16 needed.








cursor 0,0
EOF
expect_screen "too small: a key typed is kept, and it says so" d1 <<'EOF'
窗口太小：至少要 60 列宽、16 行高（现在 50 列、12
行）。
请把窗口拉大，内容都还在。
Window too small: 60x16 needed.
刚才按的 1 个键已收下，窗口拉大后处理。







cursor 0,0
EOF
expect_rows "back after enlarging: the kept Down moved the selection" d2 5 8 <<'EOF'
   附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 2 天

 > 附件2  镇街（部门）“安全生产月”重点活动计划安排
EOF
expect_cursor "back after enlarging: the cursor on the selection" d2 "8,1"

# Typing into a field while the window is too small: every character arrives.
TIANBIAO_DB=$T_TMP/small.db tb <<'EOF'
key Enter
type 黄
resize 50 12
type 璐璐
key BS Tab
resize 80 24
dump d1
EOF
expect_row "typed while too small: in the field" d1 3 " 姓名：黄璐_________________            性别：( )男 ( )女"
expect_cursor "typed while too small: Tab was kept too" d1 "3,47"
TIANBIAO_DB=$T_TMP/small.db expect_value "typed while too small: saved" liaison name "黄璐"

# Narrow but big enough: 60x16.
tb <<'EOF'
resize 60 16
dump d1
EOF
expect_screen "the list at 60x16" d1 <<'EOF'
 填表 tianbiao                                  今天 6月3日

  填报单位：宝坻区大白庄镇
  活动年度：2021年　　共 3 张表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 2 天

   附件2  镇街（部门）“安全生产月”重点活动计划安排
         未填写                       6月5日截止，还有 2 天

   附件3  “安全生产月”活动进展情况统计表
         未填写                     6月25日截止，还有 22 天

 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出
cursor 5,1
EOF

# Due dates follow the date (TIANBIAO_TODAY).
TIANBIAO_TODAY=2021-06-05 tb <<'EOF'
dump d1
EOF
expect_row "due today" d1 6 "         未填写                       6月5日截止，就是今天"
TIANBIAO_TODAY=2021-06-10 tb <<'EOF'
dump d1
EOF
expect_row "overdue" d1 6 "         未填写                       6月5日截止，已逾期 5 天"
expect_row "not yet due" d1 12 "         未填写                       6月25日截止，还有 15 天"

# A bad script line stops with a message and status 2.
TB_RC=2 TB_STDERR=1 tb <<'EOF'
key Nope
EOF
expect_eq "unknown key name: status 2" "$tb_rc" 2
expect_grep "unknown key name: message" "第 1 行：不认识的键名 Nope" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb <<'EOF'
frobnicate
EOF
expect_grep "unknown command: message" "不认识的命令 frobnicate" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb < <(printf 'type %0600d\n' 0)
expect_eq "a type line longer than the key queue: status 2" "$tb_rc" 2
expect_grep "a type line longer than the key queue: message" "第 1 行：这一行超过 512 个字符或键" "$T_TMP/stderr"

# Terminal checks: a locale without UTF-8, the Linux console, no terminal.
LC_ALL=C "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "non-UTF-8 locale: status 1" "$?" 1
expect_grep "non-UTF-8 locale: English" "a UTF-8 locale is needed" "$T_TMP/err"
expect_grep "non-UTF-8 locale: Chinese" "需要 UTF-8 语言环境" "$T_TMP/err"
# No locale set at all (a root login on a fresh system): C.UTF-8, which glibc has built in.
printf 'dump d1\n' >"$T_TMP/script"
(cd "$T_TMP" && env -u LC_ALL -u LC_CTYPE -u LANG TIANBIAO_SCRIPT="$T_TMP/script" \
	"$TIANBIAO" "${TB_ARGS[@]}") >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "no locale set: C.UTF-8 is used, status 0" "$?" 0
expect_grep "no locale set: the form list in Chinese" "填报单位：宝坻区大白庄镇" "$T_TMP/d1"
env -u LC_ALL LANG=C "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "LANG=C chosen: still refused, status 1" "$?" 1
env -u TIANBIAO_NO_DISPLAY TERM=linux "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "Linux console: status 1" "$?" 1
expect_grep "Linux console: says why" "Linux 字符控制台不能显示汉字" "$T_TMP/err"
env -u TIANBIAO_NO_DISPLAY TERM=dumb "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "TERM=dumb: status 1" "$?" 1
expect_grep "TERM=dumb: named as such" "这个终端（TERM=dumb）不能移动光标" "$T_TMP/err"
env -u TIANBIAO_NO_DISPLAY -u TERM "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_grep "TERM not set: says so" "TERM 没有设置" "$T_TMP/err"
env -u TIANBIAO_NO_DISPLAY "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
expect_eq "no terminal: status 1" "$?" 1
expect_grep "no terminal: says why" "需要在终端窗口中运行" "$T_TMP/err"

[ "$t_fails" -eq 0 ]
