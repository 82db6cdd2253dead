#!/usr/bin/env bash
# The district's pages (收件, 导入, 待处理, 名单, 催报, 汇总; a unit's form read-only and
# 代填): scripted keys and whole screens. The fixture is lib-district.sh's: eight units,
# one with a number a spreadsheet destroyed, one under another name, one conflict.
. "$(dirname "$0")/lib-district.sh"

# ---- a new district: nothing yet; F9 from the form list, the roster from a file
printf '甲镇\n乙镇\n丙镇\n' >"$T_TMP/名单.txt"
tb <<K
key F9
dump empty
type 4
dump roster0
key F3
type $T_TMP/名单.txt
key Enter
key F7
type 丁镇、戊镇 己镇
key Enter
dump roster1
key Up
type ]
key Del
dump remove
key Left Enter
key Enter
type 丙镇人民政府
key Enter
dump roster2
type 7
dump own
K
expect_screen "empty" empty <<'EOF'
 区里收表 · 收件                                          2021年　应报 0 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表

  还没有应报单位的名单，也还没有收到文件。

  按 4 到“名单”页：添加应报的单位，或从名单文件导入。
  按 2 到“导入”页：导入各单位发来的 .csv 文件。















 按 7 回到本单位自己的表
1-7 换页  F1 帮助  F10 退出
cursor 3,2
EOF
expect_screen "roster0" roster0 <<'EOF'
 区里收表 · 名单                                               2021年　0 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表

  应报单位的名单还是空的。

  按 F7 逐个添加（可以一次输入几个，用顿号或空格隔开）；
  或按 F3 从名单文件导入：一行一个单位的文本文件，或带“单位”
  一列的表格另存的 CSV 文件。名单的顺序就是通知上的顺序。














 按 F7 添加单位，或按 F3 导入名单文件
F7 增加  F3 从文件导入  1-7 换页  F1 帮助  F10 退出
cursor 3,2
EOF
expect_screen "roster1" roster1 <<'EOF'
 区里收表 · 名单                                               2021年　6 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
       单位      文件里的其他写法（别名）
     1 甲镇
     2 乙镇
     3 丙镇
     4 丁镇
     5 戊镇
 >   6 己镇













 加入 3 个单位，名单现有 6 个
F7 增加 F3 从文件导入 Del 删除 [ 上移 ] 下移 Enter 别名 1-7 换页 F10 退出
cursor 8,1
EOF
expect_screen "remove" remove <<'EOF'
 区里收表 · 名单                                               2021年　6 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
       单位      文件里的其他写法（别名）
     1 甲镇
     2 乙镇
     3 丙镇
     4 丁镇
     5 己镇
 >   6 戊镇    +- 移出名单 -------------------------------------+
               |                                                |
               | 要把“戊镇”移出 2021 年的名单吗？               |
               | 它已报的表仍保存在数据库里，以后可以再加回来。 |
               |                                                |
               |             [ 移出 ]   [ 不移出 ]              |
               +------------------------------------------------+







 F7 增加，Del 删除，[ ] 调整顺序；Enter 给选中的单位加一个别名
F7 增加 F3 从文件导入 Del 删除 [ 上移 ] 下移 Enter 别名 1-7 换页 F10 退出
cursor 13,42
EOF
expect_screen "roster2" roster2 <<'EOF'
 区里收表 · 名单                                               2021年　5 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
       单位      文件里的其他写法（别名）
     1 甲镇
     2 乙镇
     3 丙镇
     4 丁镇
 >   5 己镇      丙镇人民政府














 已设别名：文件里的“丙镇人民政府”今后都算作“己镇”
F7 增加 F3 从文件导入 Del 删除 [ 上移 ] 下移 Enter 别名 1-7 换页 F10 退出
cursor 7,1
EOF
expect_screen "own" own <<'EOF'
 填表 tianbiao                                                      今天 6月3日

  填报单位：宝坻区安委会办公室
  活动年度：2021年　　共 3 张表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 2 天

   附件2  镇街（部门）“安全生产月”重点活动计划安排
         未填写                       6月5日截止，还有 2 天

   附件3  “安全生产月”活动进展情况统计表
         未填写                       6月25日截止，还有 22 天









 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出  F9 区里收表
cursor 5,1
EOF
expect_eq "the roster as the command line lists it" "$(td roster)" "2021 年应报单位 5 个：
   1  甲镇
   2  乙镇
   3  丙镇
   4  丁镇
   5  己镇（别名：丙镇人民政府）"

# ---- the inbox folder is made on first use; the folder imported from the screen
district_template
tb <<'K'
type 2
dump import0
K
norm import0
expect_screen "import0" import0 <<'EOF'
 区里收表 · 导入                                                    今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 收件文件夹：$T/home/填表收件
 这里还没有可以导入的文件。

  已建好这个收件文件夹。以后把各单位发来的 .csv 文件（邮件附件、微信里收到的文
  件）都保存到这里，不用改名，发重了也不要紧。放好后按 Enter 导入；文件在别的
  文件夹时，按 F3 输入那个文件夹。














 上下键看每个文件的结果
Enter 导入  F3 换文件夹  Esc 停止/返回  1-7 换页  F1 帮助  F10 退出
cursor 4,1
EOF
expect_eq "the inbox folder was made" "$(test -d "$INBOX" && echo yes)" yes
unit_files 1 甲镇
district_files 己镇:stats "己镇:stats:uuid=0123456789abcdef0123456789abcdef,name=己镇_附件3_另一台电脑.csv"
unit_files 5 戊镇人民政府
printf 'not a csv\n' >"$INBOX/说明.txt"
tb <<'K'
type 2
key Enter
dump import1
key Up Up Up
dump import2
key Esc
dump back
K
norm import1
expect_screen "import1" import1 <<'EOF'
 区里收表 · 导入                                                    今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 收件文件夹：$T/home/填表收件
 导入完成，共 9 个文件：新收到 4，已更新 0，重复 0，较旧 0，有冲突 1，不在名单
 中 3，拒收 1

   己镇_附件3_另一台电脑.csv                                            新收到
   己镇_附件3_活动进展情况统计表_20210603.csv                           有冲突
   戊镇人民政府_附件1_联络员反馈表_20210603.csv                     不在名单中
   戊镇人民政府_附件2_重点活动计划安排表_20210603.csv               不在名单中
   戊镇人民政府_附件3_活动进展情况统计表_20210603.csv               不在名单中
   甲镇_附件1_联络员反馈表_20210603.csv                                 新收到
   甲镇_附件2_重点活动计划安排表_20210603.csv                           新收到
   甲镇_附件3_活动进展情况统计表_20210603.csv                           新收到
 > 说明.txt                                                               拒收




 拒收：这不是填表程序导出的 CSV 文件：第一行没有“表单编号”“提交编号”“修订号”这
 些列。请让单位用填表程序填写后导出 .csv 文件发送。
 导入完成。有冲突或不在名单中的，按 3 处理；拒收的请按原因请单位重新发送；按 1
 看谁已报、谁未报
Enter 导入  F3 换文件夹  Esc 停止/返回  1-7 换页  F1 帮助  F10 退出
cursor 14,1
EOF
expect_rows "the selected file's whole sentence" import2 13 21 <<'EOF'
   甲镇_附件3_活动进展情况统计表_20210603.csv                           新收到
   说明.txt                                                               拒收




 新收到：甲镇的附件1（联络员反馈表），修订 1。

 导入完成。有冲突或不在名单中的，按 3 处理；拒收的请按原因请单位重新发送；按 1
EOF
expect_row "Esc goes back to the inbox" back 0 " 区里收表 · 收件                                          2021年　应报 5 个单位"
# Years later the campaign is over: the counts say so instead of the days past the due date.
TIANBIAO_TODAY=2026-12-02 tb <<'K'
key F9
dump later
K
expect_row "a campaign of an earlier year: over" later 2 " 附件1 联络员反馈表　已收到 1/5　2021年度，已结束"
expect_eq "what was imported: as the command line says" "$(td imports | tail -n 1)" \
	"共收到 9 个文件：新收到 4，已更新 0，重复 0，较旧 0，有冲突 1，不在名单中 3，拒收 1。"
# Again: every file is a duplicate, nothing changes.
tb <<'K'
type 2
key Enter
dump again
K
expect_row "the same folder again" again 3 " 导入完成，共 9 个文件：新收到 0，已更新 0，重复 8，较旧 0，有冲突 0，不在名单"

# ---- the inbox of a district whose units sent their files
rm -f "$TIANBIAO_DB" "$TIANBIAO_DB"-* && rm -rf "$INBOX"
district_fixture
fix_times
tb <<'K'
dump inbox
key Right Right
key Down Down
dump problem
key Enter
dump readonly
type 5
dump refused
key Esc
key Up Up Left Left
key Enter
dump ro-liaison
key Esc
type 庚
dump find
key Enter
dump entry-ask
key Enter
dump entry-no
key F7 Left Enter
dump entry
type 张三
key Tab
key Esc
dump entered
key Up Right Right F7
dump f7-conflict
key Home Left Left F7
dump f7-reported
K
expect_screen "inbox" inbox <<'EOF'
 区里收表 · 收件                                          2021年　应报 8 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 附件1 联络员反馈表　已收到 5/8　6月5日截止，还有 2 天
 附件2 重点活动计划安排表　已收到 4/8　6月5日截止，还有 2 天
 附件3 活动进展情况统计表　已收到 5/8　有冲突 1　6月25日截止，还有 22 天
 待处理：1 个冲突，1 个名称不在名单中（3 个文件）。按 3 处理
    单位         附件1      附件2      附件3      联络员
> 1 甲镇         已报       已报       已报       联络员1 13900000001
  2 乙镇         已报       已报       已报       联络员2 13900000002
  3 丙镇         已报       已报       有问题 1   联络员3 13900000003
  4 丁镇         已报       已报       已报       联络员4 13900000004
  5 戊镇         未报       未报       未报       -
  6 己镇         未报       未报       有冲突     -
  7 庚镇         未报       未报       未报       -
  8 辛镇         已报       未报       未报       联络员8 13900000008
    戊镇人民政府 不在名单中 不在名单中 不在名单中



 甲镇 · 附件1 联络员反馈表：已报，修订 1，6月2日 10:15 收到
 文件：甲镇_附件1_联络员反馈表_20210603.csv
 没有问题。按 Enter 查看这张表（只读）。
 上下键选单位，左右键选表；输入单位名称中的字可以查找
Enter 查看  ←→ 选表  F7 代填  1-7 换页  F1 帮助  F10 退出
cursor 7,17
EOF
expect_rows "a cell with a problem: the file, what was not taken" problem 19 21 <<'EOF'
 丙镇 · 附件3 活动进展情况统计表：已报，修订 1，6月2日 10:15 收到
 文件：丙镇_附件3_活动进展情况统计表_20210603.csv
 问题 1 项：理论学习中心组学习参与人次：没有导入，文件里是“1.82222E+10”（被电子
EOF
expect_screen "readonly" readonly <<'EOF'
 附件3 活动进展情况统计表                                已填 5/42 项，1 个问题
 附件3
                         “安全生产月”活动进展情况统计表
 填报单位（盖章）：丙镇_____________________________________
 联系人：黄璐_________________          电话：022-29240881_________
 填报日期：6月3日___________

 学习习近平总书记关于安全生产重要论述
   内容要求：举办专题研讨班，组织观看专题学习电视专题片，理论学习中心组开展深入
   学习；集中开展“领导干部讲安全”活动；征集学习文章、研讨体会、专访视频等；组织
   开展专题文艺汇演。各级领导干部和企业负责人开展安全生产“大讲堂”“大家谈”“公开
   课”“微课堂”和在线访谈、基层宣讲等。
   进展情况：
 理论学习中心组学习（3_______）次，参与（________）人次；
 专题学习《生命重于泰山——学习习近平总书记关于安全生产重要论述》电视专题片
 [ ]是 [ ]否；组织集中学习观看（________）场，参与（________）人次；
 开展“领导干部讲安全”活动（________）场，参与（________）人次；
 征集习近平总书记关于安全生产重要论述学习文章(________)篇、研讨体会(________)
 篇、专访视频(________)个；
 组织开展安全生产专题文艺汇演(________)场。
 开展安全生产“大讲堂”“大家谈”“公开课”“微课堂”和在线访谈、基层宣讲(________)场，
 丙镇报来的表（修订 1，6月2日 10:15 收到），只能查看。1 项没有导入：理论学习中
 心组学习参与人次（文件里是“1.82222E+10”）；请丙镇改好后重新发送
Tab 下一项 S-Tab 上一项 F2 问题 F1 帮助 Esc 返回 F10 退出 F4 收起说明 F5 导出
cursor 3,19
EOF
expect_row "typing in a unit's copy is refused" refused 21 " 丙镇报来的表（修订 1，6月2日 10:15 收到），只能查看。1 项没有导入：理论学习中"
expect_rows "the liaison form read-only" ro-liaison 0 5 <<'EOF'
 附件1 联络员反馈表                                        已完成，5 项选填未填
 附件1
                       宝坻区“安全生产月”活动联络员反馈表
 姓名：联络员1______________            性别：( )男 ( )女
 职务：_______________________________  办公电话：022-29240881_________
 手机：13900000001________              传真：_____________________
EOF
expect_rows "typing a name finds the unit" find 13 14 <<'EOF'
> 7 庚镇         未报       未报       未报       -
  8 辛镇         已报       未报       未报       联络员8 13900000008
EOF
expect_screen "entry-ask" entry-ask <<'EOF'
 区里收表 · 收件                                          2021年　应报 8 个单位
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 附件1 联络员反馈表　已收到 5/8　6月5日截止，还有 2 天
 附件2 重点活动计划安排表　已收到 4/8　6月5日截止，还有 2 天
 附件3 活动进展情况统计表　已收到 5/8　有冲突 1　6月25日截止，还有 22 天
 待处理：1 个冲突，1 个名称不在名单中（3 个文件）。按 3 处理
    +- 代填 ---------------------------------------------------------------+
  1 |                                                                      |
  2 | 庚镇还没有报附件1《联络员反馈表》。                                  |
  3 |                                                                      |
  4 | 对方交来纸质表或 Word 表时，可以由区里照着填进来：填写的内容算作庚镇 |
  5 | 报送，并注明“区里代填”。以后庚镇自己发来文件时，会提示两份不同，由你 |
  6 | 决定用哪一份。                                                       |
> 7 |                                                                      |
  8 | 现在代填吗？                                                         |
    |                                                                      |
    |                         [ 代填 ]   [ 不用 ]                          |
    +----------------------------------------------------------------------+

 庚镇 · 附件1 联络员反馈表：未报
 还不知道联络员（庚镇没有报来联络员的表）
 按 6 看催报消息；对方交来纸质表时，按 Enter 由区里代填。
 上下键选单位，左右键选表；输入单位名称中的字可以查找
Enter 查看  ←→ 选表  F7 代填  1-7 换页  F1 帮助  F10 退出
cursor 16,43
EOF
expect_row "不用: nothing typed in" entry-no 22 " 没有代填"
expect_screen "entry" entry <<'EOF'
 附件1 联络员反馈表                                      已填 1/10 项，4 个问题
 附件1
                       宝坻区“安全生产月”活动联络员反馈表
 姓名：                                 性别：( )男 ( )女
 职务：_______________________________  办公电话：_____________________
 手机：___________________              传真：_____________________
 微信号：_______________________________
 电子邮箱：_________________________________________
 单位名称：庚镇_____________________________________
 通信地址：_____________________________________________________________

 注：请于6月5日前将此表纸质版送至应急局203室，电子版发送至邮箱
 bdqyjj01@tj.gov.cn









 代填庚镇的附件1：填写的内容算作庚镇报送，注明“区里代填”。
Tab 下一项  S-Tab 上一项  F2 问题  F1 帮助  Esc 返回  F10 退出  F5 导出
cursor 3,7
EOF
expect_rows "代填 in the grid, the contact from it" entered 12 14 <<'EOF'
  6 己镇         未报       未报       有冲突     -
> 7 庚镇         代填       未报       未报       张三
  8 辛镇         已报       未报       未报       联络员8 13900000008
EOF
expect_row "F7 on a conflict" f7-conflict 22 " 己镇的附件3有冲突，先按 Enter 比较两份、决定用哪一份"
expect_rows "F7 on a form the unit sent" f7-reported 21 22 <<'EOF'
 甲镇已经报来了附件1（甲镇_附件1_联络员反馈表_20210603.csv），不能代填；有误请
 甲镇改好后重新发送
EOF
expect_eq "代填 is stored as the unit's" "$(td --unit 庚镇 get liaison | grep -E '^(name|unit_name)	')" "name	张三
unit_name	庚镇"
expect_grep "status counts it" "   7  庚镇                  已报      未报      未报      张三" <(td status)

# ---- pending: the conflict compared and settled, the unknown name made an alias
tb <<'K'
type 3
dump pending
key Enter
dump compare
key F4
dump compare-all
key Enter
dump keep
key Down Enter
dump kept
K
expect_screen "pending" pending <<'EOF'
 区里收表 · 待处理                                                  今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 待处理 2 项。处理之前，这些表都不计入汇总：
 > 己镇 · 附件3 活动进展情况统计表：收到了两份不同的表
   “戊镇人民政府”不在名单中：3 个文件（附件1、附件2、附件3）

  原有的：修订 1，6月2日 10:15 收到，己镇_附件3_另一台电脑.csv
  新收到：修订 1，6月2日 10:15 收到，己镇_附件3_活动进展情况统计表_20210603...
  按 Enter 逐项比较两份，再决定用哪一份。
 最近的处理记录：
  6月2日 10:15  加入名单 8 个：甲镇、乙镇、丙镇、丁镇、戊镇、己镇、庚镇、辛镇











 上下键选择，按 Enter 处理
Enter 处理  Esc 返回  1-7 换页  F1 帮助  F10 退出
cursor 3,1
EOF
expect_screen "compare" compare <<'EOF'
 待处理 > 己镇 · 附件3 活动进展情况统计表
 收到了提交编号不同的两份（可能在两台电脑上填写，或重装过程序）：
                                 原有的                 新收到的
 文件                            己镇_附件3_另一台电..  己镇_附件3_活动进展..
 修订号、收到时间                修订 1，6月2日 10:15   修订 1，6月2日 10:15

 不同之处（1 处）：
 理论学习中心组学习次数          66                     1











 原有的：66
 新收到：1
 决定之前，这张表不计入汇总。按 Enter 决定用哪一份（另一份留作记录，不删除）。

Enter 决定用哪一份  F4 全部项目/只看不同  Esc 返回  F1 帮助  F10 退出
cursor 7,1
EOF
expect_rows "every field, the difference marked" compare-all 6 12 <<'EOF'
 全部 42 项（* 为不同之处，共 1 处）：
 填报单位（盖章）                己镇                   己镇
 联系人                          黄璐                   黄璐
 电话                            022-29240881           022-29240881
 填报日期                        6月3日                 6月3日
*理论学习中心组学习次数          66                     1
 理论学习中心组学习参与人次      30                     30
EOF
expect_rows "which copy: the pick" keep 8 14 <<'EOF'
 联系人                          黄璐                   黄璐
 电+- 用哪一份？ -----------------------------------------------------------+
 填|                                                                        |
*理| > 保留原有的（己镇_附件3_另一台电脑.csv，修订 1）                      |
 理|   改用新收到的（己镇_附件3_活动进展情况统计表_20210603.csv，修订 1）   |
 是| Enter 选用　Esc 取消                                                   |
 组+------------------------------------------------------------------------+
EOF
expect_rows "kept: logged" kept 2 8 <<'EOF'
 待处理 1 项。处理之前，这些表都不计入汇总：
 > “戊镇人民政府”不在名单中：3 个文件（附件1、附件2、附件3）

  它可能是名单上某个单位的另一种写法，也可能是新单位。
  按 Enter 选择：设为名单上某个单位的别名，或加入名单；
  设好后这些文件会自动导入，以后的文件也都认得。
 最近的处理记录：
EOF
fix_times
tb <<'K'
type 3
key Enter
dump alias
key Enter
dump aliased
type 1
dump inbox2
K
expect_screen "the roster units, the likely one first; the decision logged" alias <<'EOF'
 区里收表 · 待处理                                                  今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
 待处理 1 项。处理之前，这些表都不计入汇总：
 > “戊镇人民政府”不在名单中：3 个文件（附件1、附件2、附件3）

  它可能是名 +- “不在名单中”的单位 -------------------------------+
  按 Enter 选|                                                    |
  设好后这些 | > 就是名单上的“戊镇”（设为别名）                   |
 最近的处理记|   就是名单上的“甲镇”（设为别名）                   |
  6月2日 10:1|   就是名单上的“乙镇”（设为别名）                   |（活动进展..
  6月2日 10:1|   就是名单上的“丙镇”（设为别名）                   |庚镇、辛镇
             |   就是名单上的“丁镇”（设为别名）                   |
             |   就是名单上的“己镇”（设为别名）                   |
             |   就是名单上的“庚镇”（设为别名）                   |
             |   就是名单上的“辛镇”（设为别名）                   |
             |   是名单上还没有的单位：把“戊镇人民政府”加入名单   |
             | Enter 选用　Esc 取消                               |
             +----------------------------------------------------+




 上下键选择，按 Enter 处理
Enter 处理  Esc 返回  1-7 换页  F1 帮助  F10 退出
cursor 7,15
EOF
expect_row "aliased: the held files come in" aliased 21 " 已设别名：文件里的“戊镇人民政府”今后都算作“戊镇”；暂存的 3 个文件已导入，按 1"
expect_rows "the inbox: nothing pending, 戊镇 reported" inbox2 2 15 <<'EOF'
 附件1 联络员反馈表　已收到 7/8　6月5日截止，还有 2 天
 附件2 重点活动计划安排表　已收到 5/8　6月5日截止，还有 2 天
 附件3 活动进展情况统计表　已收到 6/8　6月25日截止，还有 22 天
    单位 附件1      附件2      附件3      联络员
> 1 甲镇 已报       已报       已报       联络员1 13900000001
  2 乙镇 已报       已报       已报       联络员2 13900000002
  3 丙镇 已报       已报       有问题 1   联络员3 13900000003
  4 丁镇 已报       已报       已报       联络员4 13900000004
  5 戊镇 已报       已报       已报       联络员5 13900000005
  6 己镇 未报       未报       已报       -
  7 庚镇 代填       未报       未报       张三
  8 辛镇 已报       未报       未报       联络员8 13900000008
EOF
expect_eq "the new copy counts" "$(td --unit 己镇 get stats | grep '^study_times')" "study_times	1"
expect_eq "the decisions are logged" "$(sqlite3 "$TIANBIAO_DB" "SELECT action FROM decisions WHERE action IN ('keep-new', 'alias')")" "keep-new
alias"

# ---- reminders: the same as the command's
tb <<'K'
type 6
dump remind
key Right Right Right
key F5
dump remind-written
K
expect_screen "remind" remind <<'EOF'
 区里收表 · 催报                                                    今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
  全部表   附件1   附件2   附件3
 6 条催报消息（用鼠标选中复制到微信或短信；程序不会发送）：

 > 己镇：请于6月5日前报送附件1《联络员反馈表》，发送至 bdqyjj01@tj.gov.cn，用填
   表程序导出 .csv 文件发送即可。

   己镇：请于6月5日前报送附件2《重点活动计划安排表》，发送至
   bdqyjj01@tj.gov.cn，用填表程序导出 .csv 文件发送即可。

   庚镇（联络员 张三）：请于6月5日前报送附件2《重点活动计划安排表》，发送至
   bdqyjj01@tj.gov.cn，用填表程序导出 .csv 文件发送即可。

   庚镇（联络员 张三）：请于6月25日前报送附件3《活动进展情况统计表》，发送至
   bdqyjj01@tj.gov.cn，用填表程序导出 .csv 文件发送即可。

   辛镇（联络员 联络员8 13900000008）：请于6月5日前报送附件2《重点活动计划安排
   表》，发送至 bdqyjj01@tj.gov.cn，用填表程序导出 .csv 文件发送即可。

   辛镇（联络员 联络员8 13900000008）：请于6月25日前报送附件3《活动进展情况统计

 上下键逐条查看；F5 写成文本文件（一条一行，便于复制）
←→ 选表  F5 写入文件  Esc 返回  1-7 换页  F1 帮助  F10 退出
cursor 5,1
EOF
norm remind-written
expect_eq "written to a file" "$(sed -n '22,23p' "$T_TMP/run/remind-written" | sed 's/^ //' | tr -d '\n')" \
	"已写入 \$T/outbox/催报_附件3_20210603.txt（2 条，一条一行，可复制到微信或短信）"
expect_eq "the file holds the command's lines" "$(cat "$TIANBIAO_OUTBOX"/催报_附件3_20210603.txt)" \
	"$(td remind stats -o /dev/stdout | grep '：请')"

# ---- totals: the figures, and the units behind one
tb <<'K'
type 5
dump totals
key Enter
dump sources
key Esc Left Left Enter
dump sources-text
K
expect_screen "totals" totals <<'EOF'
 区里收表 · 汇总                                                    今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
  附件1 联络员反馈表   附件2 重点活动计划安排表   附件3 活动进展情况统计表
 汇总 6/8 个单位；未报：庚镇、辛镇
 还没有上报：按 F7 写出本区的上报表

 > 理论学习中心组学习次数       16
   理论学习中心组学习参与人次   150（1 个单位未填）
   是否专题学习《生命重于泰山》 是 0 个、否 0 个、未填 6 个
   组织集中学习观看专题片场次   未填（6 个单位）
   组织集中学习观看专题片参与人 未填（6 个单位）
   “领导干部讲安全”活动场次     未填（6 个单位）
   “领导干部讲安全”活动参与人次 未填（6 个单位）
   征集学习文章篇数             未填（6 个单位）
   征集研讨体会篇数             未填（6 个单位）
   征集专访视频个数             未填（6 个单位）
   安全生产专题文艺汇演场次     未填（6 个单位）
   “大讲堂”“大家谈”等宣讲场次   未填（6 个单位）
   “大讲堂”“大家谈”等宣讲参与人 未填（6 个单位）
 理论学习中心组学习次数：16


 上下键选一项，按 Enter 看它是哪些单位的数加起来的
Enter 看各单位  ←→ 选表  F5 导出本表  F6 导出全部  F7 上报  1-7 换页  F10 退出
cursor 6,1
EOF
expect_screen "sources" sources <<'EOF'
 区里收表 · 汇总                                                    今天 6月3日
  1 收件   2 导入   3 待处理   4 名单   5 汇总   6 催报   7 本单位的表
  附件1 联络员反馈表   附件2 重点活动计划安排表   附件3 活动进展情况统计表
 理论学习中心组学习次数：16
 计入的单位：6 个填了，0 个未填；最后是没有计入的单位

 > 甲镇      1
   乙镇      2
   丙镇      3
   丁镇      4
   戊镇      5
   己镇      1
   庚镇      未报，没有计入
   辛镇      未报，没有计入








 计入的单位填的数加起来就是合计；未填的不算 0，也不算进合计
Esc 返回汇总  上下键 逐个单位  F1 帮助  F10 退出
cursor 6,1
EOF
expect_rows "a text field: each unit's" sources-text 3 12 <<'EOF'
 姓名：甲镇：联络员1；乙镇：联络员2；丙镇：联络员3；丁镇：联络员4；戊镇：联络员
 5；庚镇：张三；辛镇：联络员8
 计入的单位：7 个填了，0 个未填；最后是没有计入的单位

 > 甲镇      联络员1
   乙镇      联络员2
   丙镇      联络员3
   丁镇      联络员4
   戊镇      联络员5
   庚镇      张三
EOF
# The figure is the hand count: every counted unit's value added up.
sum=0
for u in 甲镇 乙镇 丙镇 丁镇 戊镇 己镇; do
	v=$(td --unit "$u" get stats | awk -F '\t' '$1 == "study_times" { print $2 }')
	sum=$((sum + ${v:-0}))
done
expect_row "the figure is the sum of the units" totals 6 " > 理论学习中心组学习次数       $sum"

# ---- Esc on the inbox, the form list's F9, 本单位的表
tb <<'K'
key Esc
dump esc
type 7
dump list
key F9
dump f9
key F1 PgDn PgDn PgDn PgDn
dump help
K
expect_row "Esc on the first page" esc 22 " 这里是区里的第一个页面。要退出请按 F10；按 7 看本单位自己的表"
expect_row "the form list has F9 on a district's database" list 23 "Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出  F9 区里收表"
expect_grep "F1 on a district's database: the district's keys" "区里收表（区安委会办公室用）" "$T_TMP/run/help"
expect_row "F9 opens the inbox" f9 0 " 区里收表 · 收件                                          2021年　应报 8 个单位"

# ---- a unit that has sent no liaison form: whom to call comes from the roster, marked
td roster contact 己镇 王五 13800000006 >/dev/null
td roster contact 庚镇 赵六 1380000 >/dev/null
tb <<'K'
type 己
dump roster-contact
type 6
dump remind-contact
type 4
dump roster-page
K
expect_row "收件: the roster's contact in the grid" roster-contact 11 "> 6 己镇 未报       未报       已报       王五 13800000006（名单）"
expect_row "收件: the unit's own liaison first" roster-contact 12 "  7 庚镇 代填       未报       未报       张三"
expect_rows "收件: whom to call, from the roster" roster-contact 19 20 <<'EOF'
 己镇 · 附件1 联络员反馈表：未报
 联络员 王五 13800000006（名单）
EOF
expect_row "催报: the roster's contact" remind-contact 5 " > 己镇（联络员 王五 13800000006（名单））：请于6月5日前报送附件1《联络员反馈"
expect_rows "名单: the contacts, a doubtful phone said" roster-page 8 9 <<'EOF'
     6 己镇      联系人 王五 13800000006
     7 庚镇      联系人 赵六 1380000（电话可能有误）
EOF
[ "$t_fails" -eq 0 ]
