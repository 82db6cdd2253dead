#!/usr/bin/env bash
# Several campaign years on the screens: the list shows the latest campaign and says how
# to see the others (F7), an earlier year stays readable; the first opening of a new
# year's 附件1 offers last year's values (carried over when asked, each a saved change;
# not carried and not asked again when refused).
. "$(dirname "$0")/lib-tui.sh"
mkdir -p "$T_TMP/forms"
cp "$TOP"/forms/*.form "$T_TMP/forms/"
sed -e 's/^version 2021.1/version 2022.1/' -e 's/^year 2021/year 2022/' \
	-e 's/^due 2021-06-05/due 2022-06-05/' "$TOP/forms/liaison.form" >"$T_TMP/forms/liaison-2022.form"
export TIANBIAO_FORMS="$T_TMP/forms" TIANBIAO_TODAY=2022-06-01
tbc() { "$TIANBIAO" --unit "$UNIT" "$@" >/dev/null 2>&1; }
tbc --year 2021 set liaison.name 黄璐
tbc --year 2021 set liaison.mobile 13800000001
tbc --year 2021 set liaison.email a@b.cn

tb <<'EOF'
dump list
key F7
dump earlier
key F7
dump back
EOF
expect_screen "the latest campaign, and how to see the other" list <<'EOF'
 填表 tianbiao                                                      今天 6月1日

  填报单位：宝坻区大白庄镇
  活动年度：2022年　　共 1 张表　　F7 看2021年的表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         未填写                       6月5日截止，还有 4 天















 用上下键选择一张表，按 Enter 开始填写。内容会自动保存。
Enter 打开  F5 导出本表  F6 导出全部  F1 帮助  F10 退出  F7 换年度
cursor 5,1
EOF
expect_rows "F7: last year's forms, with what was filled in" earlier 2 7 <<'EOF'
  填报单位：宝坻区大白庄镇
  活动年度：2021年（已结束）　　共 3 张表　　F7 看2022年的表

 > 附件1  宝坻区“安全生产月”活动联络员反馈表
         已填 3/10 项，2 个问题       2021年度，已结束

EOF
expect_row "F7 again: back to this year" back 3 "  活动年度：2022年　　共 1 张表　　F7 看2021年的表"

# Refused: nothing carried, and not asked again in this run.
tb <<'EOF'
key Enter
dump offer
key Right Enter
dump refused
key Esc Enter
dump again
EOF
expect_rows "opening this year's 附件1 offers last year's values" offer 7 15 <<'EOF'
    +- 用去年的内容 -------------------------------------------------------+
    |                                                                      |
    | 2022 年的“联络员反馈表”还没有填写。                                  |
    | 2021 年填过这张表：姓名：黄璐，手机：13800000001，电子邮箱：a@b.cn。 |
    |                                                                      |
    | 要把去年的 3 项内容带过来吗？带过来以后可以再改；不带就从空白开始。  |
    |                                                                      |
    |                        [ 带过来 ]   [ 不用 ]                         |
    +----------------------------------------------------------------------+
EOF
expect_row "不用: the form opens blank" refused 3 " 姓名：                                 性别：( )男 ( )女"
expect_row "and is not asked about again" again 3 " 姓名：                                 性别：( )男 ( )女"
expect_value "nothing was stored" liaison name ""

# Accepted (a new run): the three values are this year's, saved.
tb <<'EOF'
key Enter Enter
dump carried
EOF
expect_row "带过来: the values are there" carried 3 " 姓名：黄璐                             性别：( )男 ( )女"
expect_row "and it says to check them" carried 22 " 已带过来 3 项去年的内容，请逐项核对，有变化的改过来"
expect_value "saved in this year's form" liaison mobile "13800000001"
tb <<'EOF'
key Enter
dump once
EOF
expect_row "once filled in, nothing is offered" once 3 " 姓名：黄璐                             性别：( )男 ( )女"
[ "$t_fails" -eq 0 ]
