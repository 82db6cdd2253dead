#!/usr/bin/env bash
# Another district's forms on the screens (tests/core/forms/xq-*.form, written from
# docs/forms.md alone): a slogan page on the list as 参阅, opened read-only and never
# exported; a title printed on two lines and the header line 填报单位 / 联系人 / 电话 /
# 填报日期; 联系人 and 电话 prefilled from 附件1's 联络员 (from=), not stored until changed;
# a free-text blank inside a sentence that holds 100 汉字, all in sight; the rules between
# fields in the problem list.
. "$(dirname "$0")/lib-tui.sh"
mkdir -p "$T_TMP/forms"
cp "$TOP"/tests/core/forms/xq-*.form "$T_TMP/forms/"
export TIANBIAO_FORMS="$T_TMP/forms" TIANBIAO_TODAY=2022-06-10
UNIT=西青区杨柳青镇
TB_ARGS=(--unit "$UNIT")

tb <<'EOF'
dump list
key Down Down
key F5
dump refused
key Enter
dump slogans
key Esc
EOF
expect_screen "the slogan page is on the list as 参阅" list <<'EOF'
 填表 tianbiao                                                     今天 6月10日

  填报单位：西青区杨柳青镇
  活动年度：2022年　　共 2 张表、1 份参阅

 > 附件1  西青区“安全生产月”活动联络员反馈表
         未填写                       6月6日截止，已逾期 4 天

   附件3  西青区2022年“安全生产月”活动进展情况统计表
         未填写                       6月25日截止，还有 15 天

   附件4  2022年“安全生产月”宣传标语
         参阅：只需阅读，不用填写，也不用导出









 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出
cursor 5,1
EOF
expect_row "F5 on it says it is not exported" refused 22 " 这是参阅材料，不用导出。"
expect_rows "it opens as a page to read" slogans 1 7 <<'EOF'
 附件4
                           2022年“安全生产月”宣传标语
   1.遵守安全生产法，当好第一责任人
   2.人人讲安全、个个会应急
   3.安全生产月，安全你我他


EOF
if [ ! -e "$TIANBIAO_OUTBOX" ]; then t_ok "nothing was exported"; else
	t_fail "nothing was exported" "$(ls -R "$TIANBIAO_OUTBOX")"; fi

# The 联络员 of 附件1, then 附件3: 联系人 and 电话 shown from it.
tb <<'EOF'
key Enter
key Tab
type 王小明
key Tab Tab
type 13912345678
key Tab
key Esc
key Down Enter
dump stats
EOF
expect_rows "title on two lines, the header line, 联系人 and 电话 from 附件1" stats 1 6 <<'EOF'
 附件3
                            西青区2022年“安全生产月”
                               活动进展情况统计表
 填报单位：西青区杨柳青镇                   联系人：王小明_______
 电话：13912345678____  填报日期：6月10日__________

EOF
expect_value "联系人 is not stored by looking at it" xq_stats contact ""

# 100 汉字 in the blank inside the sentence: all of them on the screen, the 101st refused.
HUNDRED=$(python3 -c "print('案' * 99 + '终')")
tb <<EOF
key Down Enter
key Tab Tab Tab Tab Tab Tab Tab
type $HUNDRED
type 多
dump full
key Tab
EOF
expect_rows "the blank wraps in a box under its sentence, all 100 汉字 in sight" full 15 19 <<'EOF'
 曝光典型案例（________）个，典型案例具体为（
 | 案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案
 | 案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案案
 | 案案案案案案案案案案案案案案案案案案案案案案案案案终
 ）；
EOF
expect_row "the 101st is refused" full 22 " 这里最多只能写 100 个字，已经写满了。请先删去一些字再写。"
expect_value "the 100 汉字 are stored" xq_stats case_text "$HUNDRED"

# A rule broken by the value just typed is said when it is saved.
tb <<'EOF'
key Down Enter
key Tab Tab Tab Tab
type 5
key Tab
type 3
key Tab
dump saved
EOF
expect_row "saving 参与人次 below 学习次数 says so at once" saved 22 " 已保存。请注意：理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实"

# The rules: 参与人次 below 学习次数; 典型案例 asked for when 曝光典型案例 > 0; > 100000.
tbc() { "$TIANBIAO" --unit "$UNIT" "$@" >/dev/null 2>&1; }
tbc set xq_stats.case_text ""
tbc set xq_stats.study_times 5
tbc set xq_stats.study_people 3
tbc set xq_stats.case_count 2
tb <<'EOF'
key Down Enter
key F2
dump problems
EOF
expect_rows "the rules' messages are in the problem list" problems 2 5 <<'EOF'
  共 2 个问题（没填的必填项，以及可能有误的内容）：

 > 1. 理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实
   2. 典型案例具体为：曝光了典型案例，请写明是哪些案例
EOF
tbc set xq_stats.study_people 9999999
tbc set xq_stats.case_count 0
tb <<'EOF'
key Down Enter
key F2
dump problems
EOF
expect_row "a figure over 100000 asks to check it" problems 4 " > 1. 理论学习中心组学习参与人次：超过十万，请核实"
# The first run's question is made from these forms: their unit fields' labels (no
# example: their hints give none), nothing of the shipped forms.
keep_args=("${TB_ARGS[@]}")
TB_ARGS=()
TIANBIAO_DB=$T_TMP/first.db tb <<'EOF'
dump first
EOF
expect_rows "the first question names these forms' unit fields" first 9 11 <<'EOF'
    | 请输入本单位的名称。                                                 |
    | 它会填进“填报单位”（附件1）、“填报单位”（附件3），也用在导出文件的名 |
    | 字里，以后不用再输入。                                               |
EOF
TB_ARGS=("${keep_args[@]}")
[ "$t_fails" -eq 0 ]
