#!/usr/bin/env bash
# tests/tui/stats.sh - 附件3: header fields, a wrong date kept on screen and not
# saved, sentences with count blanks edited in place, digits only in counts
# (full-width ones converted), yes/no in a sentence, saving after a second
# without keys, scrolling a tall form, folding the requirement texts, the
# problem list and jumping to a problem.
. "$(dirname "$0")/lib-tui.sh"

tb <<'EOF'
key Down Down Enter
dump d01
key Tab
type 黄璐
key Tab
type 2924
key Tab
key C-u
type 6月31日
key Tab
dump d02
key C-u
type 6.3
key Tab
dump d03
type 3
idle
dump d04
key Tab
type ４５
key Tab Space Tab
type 1x
dump d05
key PgDn
dump d06
key PgUp
dump d07
key F4
dump d08
key F2
dump d09
key Down Enter
dump d10
key Esc
key Down Down Enter
key Tab C-u
key F2
dump d11
key Enter
dump d12
EOF
expect_eq "stats session exits 0" "$tb_rc" 0
expect_screen "the statistics form opens" d01 <<'EOF'
 附件3 活动进展情况统计表                                已填 2/42 项，2 个问题
 附件3
                         “安全生产月”活动进展情况统计表
 填报单位（盖章）：宝坻区大白庄镇
 联系人：_____________________          电话：_____________________
 填报日期：6月3日___________

 学习习近平总书记关于安全生产重要论述
   内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组开展深入
   学习；集中开展“领导干部讲安全”活动；征集学习文章、研讨体会、专访视频等；组织
   开展专题文艺汇演。各级领导干部和企业负责人开展安全生产“大讲堂”“大家谈”“公开
   课”“微课堂”和在线访谈、基层宣讲等。
   进展情况：
 理论学习中心组学习（________）次，参与（________）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [ ]是 [ ]否；组织集中学习观看（________）场，参与（________）人次；
 开展“领导干部讲安全”活动（________）场，参与（________）人次；
 征集习近平总书记关于安全生产重要论述学习文章(________)篇、研讨体会(________)
 篇、专访视频(________)个；
 组织开展安全生产专题文艺汇演(________)场。
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 参与（________）人次。

Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 3,33
EOF
expect_screen "a wrong date stays on screen with the reason" d02 <<'EOF'
 附件3 活动进展情况统计表                                已填 4/42 项，1 个问题
 附件3
                         “安全生产月”活动进展情况统计表
 填报单位（盖章）：宝坻区大白庄镇___________________________
 联系人：黄璐_________________          电话：2924_________________
 填报日期：6月31日

 学习习近平总书记关于安全生产重要论述
   内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组开展深入
   学习；集中开展“领导干部讲安全”活动；征集学习文章、研讨体会、专访视频等；组织
   开展专题文艺汇演。各级领导干部和企业负责人开展安全生产“大讲堂”“大家谈”“公开
   课”“微课堂”和在线访谈、基层宣讲等。
   进展情况：
 理论学习中心组学习（________）次，参与（________）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [ ]是 [ ]否；组织集中学习观看（________）场，参与（________）人次；
 开展“领导干部讲安全”活动（________）场，参与（________）人次；
 征集习近平总书记关于安全生产重要论述学习文章(________)篇、研讨体会(________)
 篇、专访视频(________)个；
 组织开展安全生产专题文艺汇演(________)场。
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 参与（________）人次。
 填报日期：6月没有31日（没有保存，请改正）
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 5,18
EOF
expect_row "a wrong date is not saved" d03 5 " 填报日期：6月3日___________"
expect_rows "6.3 is written as the form writes dates" d03 13 13 <<'EOF'
 理论学习中心组学习（        ）次，参与（________）人次；
EOF
expect_row "idle saves: the count" d04 13 " 理论学习中心组学习（3       ）次，参与（________）人次；"
expect_row "idle saves: the message" d04 22 " 已保存：理论学习中心组学习次数"
expect_cursor "idle keeps the cursor where it was" d04 "13,22"
expect_rows "full-width digits, yes/no in a sentence, letters refused in a count" d05 13 15 <<'EOF'
 理论学习中心组学习（3_______）次，参与（45______）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [x]是 [ ]否；组织集中学习观看（1       ）场，参与（________）人次；
EOF
expect_row "letters refused in a count: the message" d05 22 " 这一项只能填数字（0-9）。没有就填 0；还没有统计就先空着"
expect_rows "PgDn shows the next page and the next field" d06 1 4 <<'EOF'
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 参与（        ）人次。

 “专项整治集中攻坚战”专题宣传活动
EOF
expect_cursor "PgDn: the cursor is in the first field not seen before" d06 "2,7"
expect_row "PgDn saved the count that was left" d06 22 " 已保存：组织集中学习观看专题片场次    填数字。没有就填 0；还没有统计就先空着"
expect_row "PgUp back to the top" d07 1 " 附件3"
expect_cursor "PgUp at the top goes to the first field" d07 "3,33"
expect_screen "F4 folds the requirement texts" d08 <<'EOF'
 附件3 活动进展情况统计表                                已填 8/42 项，1 个问题
 附件3
                         “安全生产月”活动进展情况统计表
 填报单位（盖章）：宝坻区大白庄镇
 联系人：黄璐_________________          电话：2924_________________
 填报日期：6月3日___________

 学习习近平总书记关于安全生产重要论述
   内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组......
   进展情况：
 理论学习中心组学习（3_______）次，参与（45______）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [x]是 [ ]否；组织集中学习观看（1_______）场，参与（________）人次；
 开展“领导干部讲安全”活动（________）场，参与（________）人次；
 征集习近平总书记关于安全生产重要论述学习文章(________)篇、研讨体会(________)
 篇、专访视频(________)个；
 组织开展安全生产专题文艺汇演(________)场。
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 参与（________）人次。

 “专项整治集中攻坚战”专题宣传活动
   内容要求：组织各类媒体报道集中攻坚重点任务进展情况、工作成效；宣传推......

Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 展开说明 F5 导出
cursor 3,33
EOF
expect_screen "F2 lists the problems" d09 <<'EOF'
 附件3 活动进展情况统计表 > 问题列表

  共 1 个问题（没填的必填项，以及可能有误的内容）：

 > 1. 电话：座机如 022-29240881；手机为 11 位；您填了 4 位数字

















 用上下键选择，按 Enter 转到那一项去填写或改正
Enter 转到这一项  Esc 返回  F1 帮助  F10 退出
cursor 4,1
EOF
expect_cursor "Enter jumps to the problem's field" d10 "4,50"
expect_rows "required blank and soft problem listed" d11 4 5 <<'EOF'
 > 1. 联系人：必填，尚未填写
   2. 电话：座机如 022-29240881；手机为 11 位；您填了 4 位数字
EOF
expect_cursor "the jump reaches the blank required field" d12 "4,9"

expect_value "header field saved" stats contact ""
expect_value "soft phone saved as typed" stats phone "2924"
expect_value "date saved as written" stats report_date "6月3日"
expect_value "count saved" stats study_times "3"
expect_value "full-width count saved as ASCII" stats study_people "45"
expect_value "yes/no saved" stats film_studied "是"
expect_value "count without the refused letter" stats film_sessions "1"
expect_value "blank count stays blank (not 0)" stats film_people ""

# The statistics form at 80x24 scrolls to its last field and back.
tb <<'EOF'
key Down Down Enter
key End PgDn PgDn PgDn PgDn PgDn
dump d1
key S-Tab S-Tab
key Space
dump d2
EOF
expect_rows "the end of the statistics form" d1 19 23 <<'EOF'
 开展“安全行为红黑榜”“我是安全培训师”“安全生产特色工作法征集”等安全文化示范企业
 创建活动（________）场，参与（________）人次；
 使用全国安全宣教和应急科普平台 [ ]是 [ ]否
 左右键移动，空格选中或取消
空格 选择 Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明
EOF
[ "$t_fails" -eq 0 ]
