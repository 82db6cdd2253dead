#!/usr/bin/env bash
# The keys of the district's pages that district.sh does not reach: scrolling every list,
# the ends of each list, wrong answers to every question (a folder or roster file that is
# not there, an empty name, an empty alias, a move past the ends), a unit's list-only form
# read-only, going on with 代填, and what is refused. Each check is one row of a dump.
. "$(dirname "$0")/lib-district.sh"

district_fixture
fix_times

# ---- inbox: scrolling, the ends, a held row, find with no match, BS
tb <<'K'
key End
dump end
key Enter
dump held
key Esc
type 1
key PgDn PgUp Home Left Left Left Right Right Right Right Tab S-Tab
dump home
type 无此
dump nomatch
key BS BS
type 乙
key BS Esc
type x
dump letter
key Enter
dump plan-ro
key Down Enter
dump plan-row
key F7
dump plan-f7
key Esc Esc
key F5
dump f5
K
expect_row "End: the last row, a name not on the roster" end 15 ">   戊镇人民政府 不在名单中 不在名单中 不在名单中"
expect_row "Enter on it: 待处理, that name selected" held 4 " > “戊镇人民政府”不在名单中：3 个文件（附件1、附件2、附件3）"
expect_row "Home" home 7 "> 1 甲镇         已报       已报       已报       联络员1 13900000001"
expect_row "no unit has that name" nomatch 22 " 没有名称里有“无此”的单位"
expect_row "a space is not a search" letter 22 " 没有名称里有“x”的单位"
expect_row "the plan, read-only" plan-ro 0 " 附件2 重点活动计划安排表                                  已完成，4 项选填未填"
expect_row "its rows" plan-row 0 " 附件2 重点活动计划安排表 > 重点活动                                    共 1 项"
expect_row "no row added to a unit's copy" plan-f7 22 " 乙镇报来的表（修订 1，6月2日 10:15 收到），只能查看；要改请乙镇改好后重新发送"

# A choice in a unit's copy: typing on 其他 is refused too, nothing is asked on leaving.
tb <<'K'
key Right Enter
key Down Enter Enter
key Tab Tab Tab Tab Tab Tab Tab End
type 测试
dump other
key Space Esc Esc Esc
dump left
K
expect_row "typing on 其他 in a unit's copy" other 22 " 甲镇报来的表（修订 1，6月2日 10:15 收到），只能查看；要改请甲镇改好后重新发送"
expect_row "leaving asks nothing" left 0 " 区里收表 · 收件                                          2021年　应报 8 个单位"

# ---- 代填 goes on; a unit's copy is not exported from the district
tb <<'K'
key Down Down Down Down Down Down
key F7 Left Enter
type 王五
key Esc
key Enter
dump again
key F5
dump no-export
key Esc
key Left
key Enter
dump conflict-entry
K
expect_row "代填 goes on where it was left" again 3 " 姓名：王五                             性别：( )男 ( )女"
expect_row "no export of a unit's copy" no-export 22 " 这是庚镇的表，保存在区里的数据库中，不用导出。按 Esc 返回"

# ---- import: another folder that is not there, one file, nothing in a folder
mkdir -p "$T_TMP/空"
cp "$INBOX/甲镇_附件1_联络员反馈表_20210603.csv" "$T_TMP/一个.csv"
tb <<K
type 2
key F3
key C-u
type $T_TMP/没有这个
key Enter
dump nodir
key F3
key C-u
key Enter
dump blank
key F3
key C-u
type $T_TMP/空
key Enter
key Enter
dump empty
key F3
key C-u
type $T_TMP/一个.csv
key Enter
key Enter
dump one
key Home Up PgUp PgDn End Down
type x
dump letter
type 9
dump nine
K
expect_grep "a folder that is not there" "找不到“$T_TMP/没有这个”（No such file or directory）" "$T_TMP/run/nodir"
expect_row "nothing typed" blank 22 " 找不到“”（没有输入）。请检查文件夹的名称，再按 F3 重新输入"
expect_grep "an empty folder" "这个文件夹里没有可以导入的文件：请把各单位发来的 .csv 文件保存到这里" "$T_TMP/run/empty"
expect_row "one file" one 3 " 导入完成，共 1 个文件：新收到 0，已更新 0，重复 1，较旧 0，有冲突 0，不在名单"
expect_row "a letter" letter 22 " 按 Enter 导入；按 F3 换一个文件夹"

# ---- pending and compare: scrolling, Esc on the pick, Esc back
# 乙镇's plan from a second PC, with two activities: rows differ too.
district_files "乙镇:plan:uuid=fedcba9876543210fedcba9876543210,name=乙镇_附件2_另一台.csv,rows=2"
td import "$INBOX/乙镇_附件2_另一台.csv" >/dev/null
tb <<'K'
type 3
key Down Up End Home
type x
key Enter
key Down Up PgDn PgUp End Home
type x
dump compare-letter
key F4 PgDn End PgUp Home
dump compare-rows
key Enter Esc
dump pick-esc
key Esc
key Down Down Enter Esc
dump held-esc
key Esc
dump back
K
expect_row "a letter on the comparison" compare-letter 22 " 按 Enter 决定用哪一份，Esc 返回"
expect_grep "the activities compared" "重点活动（项数）" "$T_TMP/run/compare-letter"
expect_grep "every field of every row" "活动名称（第二项）" <(sed -n '8,20p' "$T_TMP/run/compare-rows"; tail -n 30 "$T_TMP/run/compare-rows")
expect_row "Esc on the pick decides nothing" pick-esc 22 " 还没有决定，两份都留着"
expect_row "Esc on the units: nothing changes" held-esc 5 " > “戊镇人民政府”不在名单中：3 个文件（附件1、附件2、附件3）"
expect_row "Esc: back to the inbox" back 0 " 区里收表 · 收件                                          2021年　应报 8 个单位"

# ---- roster: wrong answers and the ends
tb <<K
type 4
key F7 Enter
dump noname
key F3
type $T_TMP/没有.txt
key Enter
dump nofile
key F3
type $T_TMP/空
key Enter
dump notfile
key Home
type [
dump top
key End
type ]
dump bottom
key Enter Enter
dump noalias
key Del Enter
dump kept
key PgUp PgDn Up Down
type x
dump letter
key Esc
dump back
K
expect_row "F7 with nothing typed" noname 22 " 没有输入单位名称，名单没有变化"
expect_grep "a roster file that is not there" "没有.txt" "$T_TMP/run/nofile"
expect_row "moving the first up" top 22 " 已经在最前面了"
expect_row "moving the last down" bottom 22 " 已经在最后面了"
expect_row "an empty alias" noalias 22 " 没有输入别名"
expect_row "Del, then 不移出" kept 22 " 没有删除"
expect_row "a letter" letter 22 " 按 F7 增加单位；Del 删除；[ ] 调整顺序"
expect_row "Esc: back to the inbox" back 0 " 区里收表 · 收件                                          2021年　应报 8 个单位"
printf '# 空的\n\n' >"$T_TMP/空名单.txt"
printf '序号,单位\n1,甲镇\n2,壬镇\n' >"$T_TMP/名单.csv"
tb <<K
type 4
key F3
type $T_TMP/空名单.txt
key Enter
dump none
key F3
type $T_TMP/名单.csv
key Enter
dump csv
K
expect_grep "a roster file without names" "空名单.txt：" "$T_TMP/run/none"
expect_grep "a CSV roster: the new one added, the one there said" "加入 1 个单位，名单现有 9 个" "$T_TMP/run/csv"

# ---- reminders and totals: every key
tb <<'K'
type 6
key Down Down PgDn PgUp End Home Up
key Right Right Right Right Left Left Left Left Left
type x
dump remind-letter
key Esc
type 5
key Down Down PgDn PgUp End Home Up
key Right Enter Down PgDn End Home PgUp Up
key Left
type x
dump totals-letter
key Right Right Right Right
key Esc
dump back
K
expect_row "a letter on the reminders" remind-letter 22 " 左右键选表，F5 写成文本文件"
expect_row "a letter on the totals" totals-letter 22 " 上下键选一项，Enter 看各单位，左右键换一张表"
expect_row "Esc: back to the inbox" back 0 " 区里收表 · 收件                                          2021年　应报 9 个单位"

# ---- F5 and F6 on the totals: the files `tianbiao totals` writes, byte for byte
tb <<'K'
type 5
key F5
dump f5
key F6
K
expect_grep "F5: where the files went" "已导出 4 个文件到 " "$T_TMP/run/f5"
mkdir -p "$T_TMP/cli"
for f in liaison plan stats; do td totals "$f" -o "$T_TMP/cli" >/dev/null; done
same=0
for f in "$TIANBIAO_OUTBOX"/*_汇总*.csv "$TIANBIAO_OUTBOX"/*_汇总*.txt; do
	cmp -s "$f" "$T_TMP/cli/$(basename "$f")" && same=$((same + 1))
done
expect_eq "the same text and CSV files as the command's" "$same" 6
expect_eq "and the .xlsx ones" "$(find "$TIANBIAO_OUTBOX" -name '*汇总*.xlsx' | wc -l)" 4

# ---- F7 on the totals: the report one level up and its sent state, as the command's
tb <<'K'
type 5
dump rep0
key F7
dump rep1
K
expect_row "not reported yet" rep0 6 " 还没有上报：按 F7 写出本区的上报表"
expect_grep "F7: the report written" "有填好：按 7 在本单位的表里填写，再按 F7 上报" "$T_TMP/run/rep1"
expect_row "F7: sent" rep1 6 " 已上报（6月3日 09:00，第 1 版）"
rep=$(ls "$TIANBIAO_OUTBOX"/"$DISTRICT"_附件3_*_2021????.csv)
expect_grep "the report's CSV carries 汇总说明, fields by their names" "未填：理论学习中心组学习参与人次 1 个" "$rep"
td set stats.contact 王科长 >/dev/null
td set stats.phone 022-29241234 >/dev/null
tb <<'K'
type 5
dump rep2
key F7
dump rep3
K
expect_row "changed since" rep2 6 " 上报后又有变化，请按 F7 重新上报"
expect_grep "F7 again: a new version" "已写出本区的上报表（第 3 版）到" "$T_TMP/run/rep3"
expect_row "sent again" rep3 6 " 已上报（6月3日 09:00，第 3 版）"
td totals stats --report -o "$TIANBIAO_OUTBOX" >"$T_TMP/rep.out"
expect_grep "the command sees the same report: the same files" "第 3 版（和上次写出的文件完全一样）" "$T_TMP/rep.out"

# ---- F5 on the district's own copy of the reported form (7 本单位的表): the report itself,
# the same files as F7 (汇总说明 and all, nothing moved to 旧版本/), and 汇总 still agrees
(cd "$TIANBIAO_OUTBOX" && sha256sum "$DISTRICT"_附件3_*) >"$T_TMP/rep.sum"
old=$(find "$TIANBIAO_OUTBOX/旧版本" -type f -printf '%f\n' | sort)
tb <<'K'
type 5
type 7
key Down Down Down
dump own
key F5
dump own-f5
key Esc F9
type 5
dump own-sent
K
expect_row "the district's own copy: the report is sent" own 13 "         已导出（6月3日 09:00）"
expect_grep "F5 on the own copy: it is the report" "这是本区的上报表（第 3 版），和在 5 汇总 按 F7 写出的一样" "$T_TMP/run/own-f5"
expect_grep "F5 on the own copy: unchanged" "内容没有改变，还是上次上报的文件。" "$T_TMP/run/own-f5"
expect_eq "F5 on the own copy: the report's files, byte for byte" "$(cd "$TIANBIAO_OUTBOX" && sha256sum "$DISTRICT"_附件3_*)" "$(cat "$T_TMP/rep.sum")"
expect_eq "F5 on the own copy: nothing moved to 旧版本/" "$(find "$TIANBIAO_OUTBOX/旧版本" -type f -printf '%f\n' | sort)" "$old"
expect_row "F5 on the own copy: 汇总 still says sent" own-sent 6 " 已上报（6月3日 09:00，第 3 版）"

# ---- a value the import did not take: on the units behind the figure, in the copy's F2,
# and the import page's sentence points to the inbox, not to a command
district_files "庚镇:stats:理论学习中心组学习次数=7,理论学习中心组学习参与人次=约50"
tb <<'K'
type 2
key Enter
# 庚镇's file is the thirteenth: after 丁镇 丙镇 (three each), 乙镇 (four), 己镇 (two)
key Home Down Down Down Down Down Down Down Down Down Down Down Down
dump imp-bad
type 5
key Down Enter
dump src-bad
key Esc
type 1
type 庚
key Right Right Enter
dump ro-bad
key F2
dump ro-f2
K
expect_grep "the import list: a copy taken without a value" "新收到，1 项没导入" "$T_TMP/run/imp-bad"
expect_grep "the import line: see the inbox" "1 项没有导入（按 1 在收件页" "$T_TMP/run/imp-bad"
expect_grep "the figure's units: what the file held" "庚镇      （未填：文件里是“约50”，没有导入）" "$T_TMP/run/src-bad"
expect_row "the copy: its state counts it" ro-bad 0 " 附件3 活动进展情况统计表                                已填 5/42 项，1 个问题"
expect_grep "the copy: F2 lists it" "1. 理论学习中心组学习参与人次：没有导入，文件里是“约50”" "$T_TMP/run/ro-f2"

# ---- a district with no unit reported and no reminder to write
rm -f "$TIANBIAO_DB" "$TIANBIAO_DB"-*
td roster add 甲镇 >/dev/null
tb <<'K'
type 5
dump totals-none
type 6
key F5
dump remind-none
key Esc
type 3
dump pending-none
K
expect_row "totals of nobody" totals-none 6 " > 理论学习中心组学习次数       （还没有单位报送）"
expect_row "reminders of one unit" remind-none 3 " 3 条催报消息（用鼠标选中复制到微信或短信；程序不会发送）："
expect_row "nothing pending" pending-none 3 "  没有待处理的事项：没有冲突，收到的文件也都对上了名单上的单位。"
[ "$t_fails" -eq 0 ]
