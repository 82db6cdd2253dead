#!/usr/bin/env bash
# tests/tui/keys.sh - the keys of every screen that the form tests do not reach: the
# list's and the help's moves, the dialogs' letters and digits, the problem list
# scrolled, the rows list's edges and limits, the long-text editor's keys with its
# scroll marks and its length limit, one-line editing keys and suggestions on the
# test form with every type (tests/core/forms/all-types.form), a field wider than
# a narrow window, the key script's errors.
. "$(dirname "$0")/lib-tui.sh"

mkdir -p "$T_TMP/forms1"
cp "$TOP/tests/core/forms/all-types.form" "$T_TMP/forms1/"
# The list: End, Home, a form's number, a letter that means nothing here.
tb <<'EOF'
key End
dump d1
key Home
dump d2
type 2
dump d3
type x
dump d4
EOF
expect_row ' > 附件3  “安全生产月”活动进展情况统计表' d1 11 ' > 附件3  “安全生产月”活动进展情况统计表'
expect_row ' > 附件1  宝坻区“安全生产月”活动联络员反馈表' d2 5 ' > 附件1  宝坻区“安全生产月”活动联络员反馈表'
expect_row ' > 附件2  镇街（部门）“安全生产月”重点活动计划安排' d3 8 ' > 附件2  镇街（部门）“安全生产月”重点活动计划安排'
expect_row '' d4 22 ' 先用上下键选择一张表，再按 Enter 打开'

# The help scrolls with Down, Up, PgDn, PgUp and Home; any other key goes back.
tb <<'EOF'
key F1 Down Down
dump d1
key Up
dump d2
key PgDn PgDn PgDn
dump d3
key PgUp
dump d4
key Home
dump d5
key Tab
dump d6
key Enter
dump d7
EOF
expect_row '' d1 1 '   Enter             打开这张表开始填写'
expect_row '' d2 1 '   上下键            选择一张表'
expect_screen 'the help at its end' d3 <<EOF
 帮助：按键说明                                                  tianbiao 0.2.0
   [ 、Shift-上键    上移
   ] 、Shift-下键    下移

 保存

   离开一项时，以及停止打字一秒后，内容自动存进数据库；关闭终端窗口也会先保
   存。

   内容有误（例如数量里有字母）时不能保存：最下面一行会说明原因，请改正后再离
   开这一项。

   可能有误但也可能没错的内容（例如手机号位数不对）会保存，并列在问题列表里。

 区里收表（区安委会办公室用）
   F9                在表单列表：打开区里收表、汇总、上报的页面（有名单或收到
                     过文件时，一打开就是）

 文件
   数据库：$T_TMP/test.db
   导出目录：$T_TMP/outbox
   填报单位：宝坻区大白庄镇
 按 Esc 返回
Esc 返回  上下键 滚动  PgDn 下页  F10 退出
cursor 1,1
EOF
expect_row '' d4 1 '   F3                从常用内容中选择（有常用内容的项目）'
expect_screen 'Home: the help'"'"'s top' d5 <<'EOF'
 帮助：按键说明                                                  tianbiao 0.2.0
 在表单列表
   上下键            选择一张表
   Enter             打开这张表开始填写
   上键              在第一张表上再按上键，选中本单位的名称，按 Enter 修改
   F5                导出选中的表：文本文件（和纸质表一样）和 Excel/WPS 能打
                     开的 CSV 文件
   F6                导出全部表
   F7                换一个活动年度（有往年的表时）：往年的表仍可以查看、修改
                     和导出
   F10、Ctrl-Q       退出（填写的内容都已保存）

 在填写界面
   Tab、Enter、下键  到下一项（离开时自动检查并保存）
   Shift-Tab、上键   到上一项
   左右键、Home、End 在一项里移动光标
   Backspace、Delete 删除光标前面、后面的字
   Ctrl-A、Ctrl-E    到这一行的开头、末尾（和 Home、End 一样）
   Ctrl-K            删除光标后面到行尾的字
   Ctrl-U            清空这一项
   Ctrl-Z            撤销这一项上一次的修改（已保存的也能撤销），可连按
   空格              选中或取消：是/否、单选（ ）、多选[ ]；左右键在选项间移
 按 Esc 返回
Esc 返回  上下键 滚动  PgDn 下页  F10 退出
cursor 1,1
EOF
expect_row '' d6 1 '   空格              选中或取消：是/否、单选（ ）、多选[ ]；左右键在选项间移'
expect_row '' d7 0 ' 填表 tianbiao                                                      今天 6月3日'

# Dialogs take y and n for their buttons, and digits in a pick list.
tb <<'EOF'
key Down Enter Tab Enter F7
type 甲
key Esc Del
type n
dump d1
key Del
type y
dump d2
key Esc Down Enter Tab Enter F7 F3 Down Down Up
dump d3
type 3
dump d4
key Esc Esc Esc
EOF
expect_screen 'n: not deleted' d1 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动                                    共 1 项
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）

 重点活动：共 1 项
   序号 活动名称                                           时间  地点  主办单位
 > 一、 甲
   （增加一项）














 没有删除，第一项还在
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 6,1
EOF
expect_screen 'y: deleted' d2 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动                                    共 0 项
                    镇街（部门）“安全生产月”重点活动计划安排
                                    （示样）

 重点活动：还没有填写。按 F7 或 Enter 增加第一项。
 > （增加一项）
















 已删除第一项（重点活动）
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 5,1
EOF
expect_screen 'a pick list, Up and Down' d3 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 |
 |
 时间：_________________________________
 地点：_____________________________________________________________
  +- 常用内容（也可以直接输入） ---------------------------------------------+
 ||                                                                          |
 ||   利用抖音、头条等新媒体平台，开展“主播走一线” “公众开放日”“应急直...... |
 || > 围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传         |
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
cursor 11,4
EOF
expect_screen 'a digit picks' d4 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第一项                             共 1 项
 重点活动  第一项

 活动名称：
 | 开展“6·16安全宣传咨询日”活动
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


 已保存：活动名称
Tab 下一项 S-Tab 上一项 F3 常用 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 4,31
EOF

rdb=$T_TMP/r12.db
for i in $(seq 1 12); do
	TIANBIAO_DB=$rdb "$TIANBIAO" --unit "$UNIT" set "plan.activities[$i].kind" "活动$i"
done
# The problem list of twelve rows scrolls: PgDn, PgDn past the end, End, Home, Up at the
# top, PgUp; Enter goes to the problem chosen.
TIANBIAO_DB=$T_TMP/r12.db tb <<'EOF'
key Down Enter Tab Enter F2
dump p1
key PgDn
dump p2
key PgDn PgDn
dump p3
key Home End
dump p4
key Home Up PgUp
dump p5
key Down Down Down Enter
dump p6
EOF
expect_screen 'problems: the first page' p1 <<'EOF'
 附件2 重点活动计划安排表 > 问题列表

  共 36 个问题（没填的必填项，以及可能有误的内容）：

 > 1. 时间（第1项）：必填，尚未填写
   2. 活动主要内容（第1项）：必填，尚未填写
   3. 主办单位（第1项）：必填，尚未填写
   4. 时间（第2项）：必填，尚未填写
   5. 活动主要内容（第2项）：必填，尚未填写
   6. 主办单位（第2项）：必填，尚未填写
   7. 时间（第3项）：必填，尚未填写
   8. 活动主要内容（第3项）：必填，尚未填写
   9. 主办单位（第3项）：必填，尚未填写
   10. 时间（第4项）：必填，尚未填写
   11. 活动主要内容（第4项）：必填，尚未填写
   12. 主办单位（第4项）：必填，尚未填写
   13. 时间（第5项）：必填，尚未填写
   14. 活动主要内容（第5项）：必填，尚未填写
   15. 主办单位（第5项）：必填，尚未填写
   16. 时间（第6项）：必填，尚未填写
   17. 活动主要内容（第6项）：必填，尚未填写
   18. 主办单位（第6项）：必填，尚未填写
 用上下键选择，按 Enter 转到那一项去填写或改正
Enter 转到这一项  Esc 返回  F1 帮助  F10 退出
cursor 4,1
EOF
expect_screen 'problems: PgDn' p2 <<'EOF'
 附件2 重点活动计划安排表 > 问题列表

  共 36 个问题（没填的必填项，以及可能有误的内容）：

   1. 时间（第1项）：必填，尚未填写
   2. 活动主要内容（第1项）：必填，尚未填写
   3. 主办单位（第1项）：必填，尚未填写
   4. 时间（第2项）：必填，尚未填写
   5. 活动主要内容（第2项）：必填，尚未填写
   6. 主办单位（第2项）：必填，尚未填写
   7. 时间（第3项）：必填，尚未填写
   8. 活动主要内容（第3项）：必填，尚未填写
   9. 主办单位（第3项）：必填，尚未填写
   10. 时间（第4项）：必填，尚未填写
   11. 活动主要内容（第4项）：必填，尚未填写
   12. 主办单位（第4项）：必填，尚未填写
   13. 时间（第5项）：必填，尚未填写
   14. 活动主要内容（第5项）：必填，尚未填写
   15. 主办单位（第5项）：必填，尚未填写
   16. 时间（第6项）：必填，尚未填写
   17. 活动主要内容（第6项）：必填，尚未填写
 > 18. 主办单位（第6项）：必填，尚未填写
 用上下键选择，按 Enter 转到那一项去填写或改正
Enter 转到这一项  Esc 返回  F1 帮助  F10 退出
cursor 21,1
EOF
expect_screen 'problems: PgDn at the end' p3 <<'EOF'
 附件2 重点活动计划安排表 > 问题列表

  共 36 个问题（没填的必填项，以及可能有误的内容）：

   19. 时间（第7项）：必填，尚未填写
   20. 活动主要内容（第7项）：必填，尚未填写
   21. 主办单位（第7项）：必填，尚未填写
   22. 时间（第8项）：必填，尚未填写
   23. 活动主要内容（第8项）：必填，尚未填写
   24. 主办单位（第8项）：必填，尚未填写
   25. 时间（第9项）：必填，尚未填写
   26. 活动主要内容（第9项）：必填，尚未填写
   27. 主办单位（第9项）：必填，尚未填写
   28. 时间（第10项）：必填，尚未填写
   29. 活动主要内容（第10项）：必填，尚未填写
   30. 主办单位（第10项）：必填，尚未填写
   31. 时间（第11项）：必填，尚未填写
   32. 活动主要内容（第11项）：必填，尚未填写
   33. 主办单位（第11项）：必填，尚未填写
   34. 时间（第12项）：必填，尚未填写
   35. 活动主要内容（第12项）：必填，尚未填写
 > 36. 主办单位（第12项）：必填，尚未填写
 用上下键选择，按 Enter 转到那一项去填写或改正
Enter 转到这一项  Esc 返回  F1 帮助  F10 退出
cursor 21,1
EOF
expect_row '' p4 21 ' > 36. 主办单位（第12项）：必填，尚未填写'
expect_screen 'problems: Home, Up and PgUp at the top' p5 <<'EOF'
 附件2 重点活动计划安排表 > 问题列表

  共 36 个问题（没填的必填项，以及可能有误的内容）：

 > 1. 时间（第1项）：必填，尚未填写
   2. 活动主要内容（第1项）：必填，尚未填写
   3. 主办单位（第1项）：必填，尚未填写
   4. 时间（第2项）：必填，尚未填写
   5. 活动主要内容（第2项）：必填，尚未填写
   6. 主办单位（第2项）：必填，尚未填写
   7. 时间（第3项）：必填，尚未填写
   8. 活动主要内容（第3项）：必填，尚未填写
   9. 主办单位（第3项）：必填，尚未填写
   10. 时间（第4项）：必填，尚未填写
   11. 活动主要内容（第4项）：必填，尚未填写
   12. 主办单位（第4项）：必填，尚未填写
   13. 时间（第5项）：必填，尚未填写
   14. 活动主要内容（第5项）：必填，尚未填写
   15. 主办单位（第5项）：必填，尚未填写
   16. 时间（第6项）：必填，尚未填写
   17. 活动主要内容（第6项）：必填，尚未填写
   18. 主办单位（第6项）：必填，尚未填写
 用上下键选择，按 Enter 转到那一项去填写或改正
Enter 转到这一项  Esc 返回  F1 帮助  F10 退出
cursor 4,1
EOF
expect_screen 'problems: Enter on 时间（第2项）' p6 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第二项                            共 12 项
 重点活动  第二项

 活动名称：
 | 活动2
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


 例如 6月16日，或 6月5日至7月5日（必填）
Tab 下一项  S-Tab 上一项  F2 问题  F1 帮助  Esc 返回  F10 退出  F5 导出
cursor 6,7
EOF

# The rows list: Home, Shift-Up at the top, a letter, F5 asks about the problems first.
TIANBIAO_DB=$T_TMP/r12.db tb <<'EOF'
key Down Enter Tab Enter End Home
dump r1
key S-Up
dump r2
type x
dump r3
key F5
dump r4
key Esc
dump r5
EOF
expect_row ' > 一、 活动1' r1 6 ' > 一、   活动1'
expect_row '' r2 22 ' 已经在最前面了'
expect_row '' r3 22 ' 按 Enter 打开一项修改，F7 增加，Del 删除，[ ] 调整顺序'
expect_row '' r4 2 '  导出之前发现 36 个问题。这些内容可以以后改正再导出，也可以现在就导出：'
expect_row '' r5 22 ' 没有导出'

for i in 1 2 3 4 5; do
	TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db "$TIANBIAO" --unit "$UNIT" set "all_types.rows[$i].g1" "活动$i"
done
# A group at its max: F7 says so.
TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db tb <<'EOF'
key Enter PgDn PgDn S-Tab Enter F7
dump g1
EOF
expect_screen 'a group at its max' g1 <<'EOF'
 附件十二 测试表 > 活动                                                 共 5 项
                               全部类型的“测试”表
                                   （测试用）

 活动：共 5 项
   序号 活动名称                                                         参加人
 > 一、 活动1
   二、 活动2
   三、 活动3
   四、 活动4
   五、 活动5
   （增加一项）










 活动最多只能填 5 项
Enter 修改 F7 增加 Del 删除 [ 上移 ] 下移 Esc 返回 F1 帮助 F10 退出 F2 问题
cursor 6,1
EOF

# The long-text editor: a box that grows to eight rows and then scrolls, with its marks
# (^ above, v below, ...... when not focused), PgUp, Down, Home, Right, the DEL byte
# (Backspace), Delete, End, Left, PgDn, Down on the last row leaves; then its limit of
# 500 characters.
TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db tb <<'EOF'
key Enter Tab Tab C-u
type 第一行
key Enter
type 第二行
key Enter
type 第三行
key Enter
type 第四行
key Enter
type 第五行
key Enter
type 第六行
key Enter
type 第七行
key Enter
type 第八行
key Enter
type 第九行
key Enter
type 第十行
dump e1
key Tab S-Tab
dump e2
key PgUp
dump e3
key Down Home Right Right
bytes 7f
key Del End Left
type 改
dump e4
key PgDn
dump e5
key Down
dump e6
key S-Tab C-u
type aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
type b
dump e7
key Tab
EOF
expect_screen 'long text: typing in a box of three rows' e1 <<'EOF'
 附件十二 测试表                                         已填 8/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 第八行                                                                     ^
 | 第九行
 | 第十行
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 性别：( )男 ( )女
 成果： [ ]文章  [ ]视 频  [ ]其他：____________
 是否参加：[ ]是 [ ]否

 二、句子
 可以写多行：Enter 换行，Tab 到下一项
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 12,9
EOF
expect_screen 'long text: the box grown to eight rows' e2 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 第三行                                                                     ^
 | 第四行
 | 第五行
 | 第六行
 | 第七行
 | 第八行
 | 第九行
 | 第十行
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 可以写多行：Enter 换行，Tab 到下一项
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 17,9
EOF
expect_screen 'long text: PgUp, the v mark' e3 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 第一行
 | 第二行
 | 第三行
 | 第四行
 | 第五行
 | 第六行
 | 第七行
 | 第八行                                                                     v
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 可以写多行：Enter 换行，Tab 到下一项
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 11,9
EOF
expect_screen 'long text: Home, Right, DEL, Delete, End, Left, typed' e4 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 第一行
 | 第二行
 | 改第
 | 第四行
 | 第五行
 | 第六行
 | 第七行
 | 第八行                                                                     v
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 可以写多行：Enter 换行，Tab 到下一项
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 12,5
EOF
expect_screen 'long text: PgDn, the ^ mark' e5 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 改第                                                                       ^
 | 第四行
 | 第五行
 | 第六行
 | 第七行
 | 第八行
 | 第九行
 | 第十行
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 可以写多行：Enter 换行，Tab 到下一项
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 17,5
EOF
expect_screen 'long text: Down on the last row goes on; ...... marks more' e6 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | 第一行
 | 第二行
 | 改第
 | 第四行
 | 第五行
 | 第六行
 | 第七行
 | 第八行                                                               ......
 数量：                                 电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 已保存：长文本    填数字。没有就填 0；还没有统计就先空着
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 18,7
EOF
expect_screen 'long text: the limit' e7 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇___________________________
 长文本：
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 |
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 这里最多只能写 500 个字，已经写满了。请先删去一些字再写。
Tab 下一项 S-Tab 上一项 Enter 换行 F2 问题 F1 帮助 Esc 返回 F10 退出 F5 导出
cursor 16,53
EOF

# One-line fields: F3 picks a suggestion, Home, Right, Ctrl-K, Ctrl-E; full-width digits
# in a count become ASCII, a letter is refused; an ideographic space in a phone number.
TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db tb <<'EOF'
key Enter Tab F3
dump b1
key Down Enter
dump b2
key Home Right C-k
dump b3
key C-e
type 丙
key Tab Tab
type １２x
dump b4
key Tab
type 022
type 　
type 1234
key Tab
key Esc
EOF
expect_screen 'suggestions for a one-line field' b1 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：宝坻区大白庄镇
 长文本：               +- 常用内容（也可以直接输入） -+
 | aaaaaaaaaaaaaaaaaaaaa|                              |aaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaa| > 甲 单位                    |aaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaa|   乙单位                     |aaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaa| Enter 选用　Esc 取消         |aaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaa+------------------------------+aaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 |
 数量：_______                          电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 可以直接输入，也可以按 F3 从常用内容中选择
Tab 下一项 S-Tab 上一项 F3 常用 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明
cursor 11,26
EOF
expect_row ' 单位名称：乙单位' b2 8 ' 单位名称：乙单位'
expect_row ' 单位名称：乙' b3 8 ' 单位名称：乙'
expect_screen 'a count: full-width digits, a letter refused' b4 <<'EOF'
 附件十二 测试表                                         已填 9/35 项，1 个问题
 附件十二
                               全部类型的“测试”表
                                   （测试用）

 一、单独的字段
   这是一段只读的说明文字，可以有 空格 和 {大括号}。
 带 空格 的标签：_____________
 单位名称：乙丙_____________________________________
 长文本：
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 |
 数量：12                               电话：_________________________
 手机：___________________  邮箱：_________________________________________
 微信：_________________________________________
 日期：6月3日___________  时间段：6月3日___________________________
 这一项只能填数字（0-9）。没有就填 0；还没有统计就先空着
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 18,9
EOF
TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db expect_value "the suggestion, cut and extended" all_types u "乙丙"
TIANBIAO_FORMS=$T_TMP/forms1 TIANBIAO_DB=$T_TMP/all.db expect_value "an ideographic space in a phone" all_types p "022 1234"

# A field wider than a narrow window: drawn as text, the message says to widen it.
COLUMNS=60 tb <<'EOF'
key Down Enter Tab Enter F7
type 甲
key Tab Tab
dump n1
key Esc Esc Esc
EOF
expect_screen 'a field wider than the window' n1 <<'EOF'
 附件2 重点活动计划安排表 > 重点活动 第二项         共 2 项
 重点活动  第二项

 活动名称：
 | 甲
 |
 时间：_________________________________
 地点：
   _________________________________________________________
 活动主要内容：
 |
 |
 |
 主办单位：
   _________________________________________________________
 协助单位：
   _________________________________________________________
 工作分工：
 |
 |
 |
 成果形式： [ ]学习研讨文章  [ ]企业宣传片  [ ]安全贴士
 窗口太小，这一栏放不下，请把窗口拉大
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出
cursor 8,3
EOF

# The key script's own errors stop it with status 2 and say which line and why.
TB_RC=2 TB_STDERR=1 tb <<'EOF'
resize 10
EOF
expect_grep "script: resize without a size" "第 1 行：resize 需要宽和高" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb <<'EOF'
dump
EOF
expect_grep "script: dump without a file" "第 1 行：dump 需要文件名" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb <<'EOF'
signal KILL
EOF
expect_grep "script: a signal it does not send" "第 1 行：signal 只认 HUP 或 TERM" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb < <(printf 'key'; printf ' Down%.0s' $(seq 1 513); echo)
expect_grep "script: a key line with more than 512 keys" "这一行超过 512 个字符或键" "$T_TMP/stderr"
TB_RC=2 TB_STDERR=1 tb < <(printf 'bytes'; printf ' 41%.0s' $(seq 1 513); echo)
expect_grep "script: a bytes line with more than 512 bytes" "这一行超过 512 个字符或键" "$T_TMP/stderr"
tb < <(printf 'key Down\r\nkey Down\r\ndump d1\r\n')
expect_row "script: CR LF line ends" d1 11 " > 附件3  “安全生产月”活动进展情况统计表"

# Keys typed into a window too small are kept up to 2048; more are refused with a
# beep, and the screen says so; the kept ones run when the window grows.
tb < <(
	echo "resize 50 12"
	for i in 1 2 3 4 5; do printf 'type %0512d\n' 0; done
	echo "dump d1"
	echo "resize 80 24"
	echo "dump d2"
)
expect_rows "too small: more keys than are kept" d1 4 5 <<'EOF'
按键太多：已收下 2048 个，窗口拉大后处理；后面按的
键没有收下。
EOF
expect_row "too small: the kept keys ran" d2 22 " 先用上下键选择一张表，再按 Enter 打开"

# A script that cannot be read.
TIANBIAO_SCRIPT=$T_TMP/no-such-script "$TIANBIAO" "${TB_ARGS[@]}" >"$T_TMP/out" 2>"$T_TMP/err"
expect_eq "an unreadable script: status 1" "$?" 1
expect_grep "an unreadable script: says so" "no-such-script" "$T_TMP/err"

[ "$t_fails" -eq 0 ]
