#!/usr/bin/env bash
# tests/tui/input.sh - the terminal's bytes as the program decodes them itself: an
# invalid UTF-8 byte is dropped with a message and every key after it arrives (with
# ncurses' wget_wch the keys after it were swallowed until a pause), a character's
# bytes may come in pieces, a part alone before a pause is dropped; the script's
# `bytes` command. The same in a real terminal: tmux.sh.
. "$(dirname "$0")/lib-tui.sh"

# 12, then ff fe c3 28, 34, a pause, 5 in a count: 12345 saved, '(' refused.
tb <<'EOF'
key Down Down Enter Tab Tab Tab Tab
type 12
bytes ff fe c3 28
dump d1
type 34
idle
type 5
key Tab
dump d2
EOF
expect_row "bad bytes: the ( after them is refused in a count" d1 22 \
	" 这一项只能填数字（0-9）。没有就填 0；还没有统计就先空着"
expect_screen "bad bytes: every key after them arrived" d2 <<'EOF'
 附件3 活动进展情况统计表                                已填 3/42 项，2 个问题
 附件3
                         “安全生产月”活动进展情况统计表
 填报单位（盖章）：宝坻区大白庄镇___________________________
 联系人：_____________________          电话：_____________________
 填报日期：6月3日___________

 学习习近平总书记关于安全生产重要论述
   内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组开展深入
   学习；集中开展“领导干部讲安全”活动；征集学习文章、研讨体会、专访视频等；组织
   开展专题文艺汇演。各级领导干部和企业负责人开展安全生产“大讲堂”“大家谈”“公开
   课”“微课堂”和在线访谈、基层宣讲等。
   进展情况：
 理论学习中心组学习（12345___）次，参与（        ）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [ ]是 [ ]否；组织集中学习观看（________）场，参与（________）人次；
 开展“领导干部讲安全”活动（________）场，参与（________）人次；
 征集习近平总书记关于安全生产重要论述学习文章(________)篇、研讨体会(________)
 篇、专访视频(________)个；
 组织开展安全生产专题文艺汇演(________)场。
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 参与（________）人次。
 已保存：理论学习中心组学习次数    填数字。没有就填 0；还没有统计就先空着
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 13,41
EOF
expect_value "bad bytes: the count saved" stats study_times "12345"

# In a text field the '(' after c3 is a character of its own; a character's bytes
# split over two reads join; a lone part before a pause is dropped.
tb <<'EOF'
key Enter C-u
type 12
bytes ff fe c3 28
dump d1
type 34
bytes e4 b8
bytes ad
bytes e4 b8
idle
type 5
key Tab
EOF
expect_rows "bad bytes: dropped with a message" d1 21 22 <<'EOF'
 终端送来了 3 个不是 UTF-8 的字节，已丢弃；后面的按键照常收下。常出现时，请把终
 端的字符编码设为 UTF-8。
EOF
expect_value "bad bytes in a text field: the rest is kept" liaison name "12(34中5"

# Bytes that are valid UTF-8 are characters like any typed.
tb <<'EOF'
key Enter C-u
bytes e9 bb 84 e7 92 90
key Tab
EOF
expect_value "bytes: valid UTF-8 is typed" liaison name "黄璐"

# Overlong forms, surrogates and code points above U+10FFFF are refused.
tb <<'EOF'
key Enter C-u
bytes c0 af e0 80 af ed a0 80 f4 90 80 80 f5 41
dump d3
key Tab
EOF
expect_row "invalid sequences: all dropped" d3 21 \
	" 终端送来了 13 个不是 UTF-8 的字节，已丢弃；后面的按键照常收下。常出现时，请把"
expect_value "invalid sequences: the A after them arrives" liaison name "A"

# The script's bytes command refuses what is not a byte.
TB_RC=2 TB_STDERR=1 tb <<'EOF'
bytes 41 zz
EOF
expect_grep "bytes: a word that is not a byte" "第 1 行：bytes 需要两位十六进制数" "$T_TMP/stderr"

[ "$t_fails" -eq 0 ]
