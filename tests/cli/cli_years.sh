#!/usr/bin/env bash
# A new year: `forms install` puts the district's form files into the user's forms
# directory in one step (all or none; a broken file or a changed file of the same version
# refused with FILE:LINE; a new version replaces the old, kept in 旧表单/), and the forms
# of several campaign years sit side by side: commands work on the latest year, --year
# on an earlier one, which stays readable and exportable.
. "$(dirname "$0")/../lib.sh"
# An installed copy: it reads the user's forms directory, else its share directory.
unset TIANBIAO_FORMS
mkdir -p "$T_TMP/inst/bin" "$T_TMP/inst/share/tianbiao/forms"
cp "$TIANBIAO" "$T_TMP/inst/bin/tianbiao"
cp "$TOP"/forms/*.form "$T_TMP/inst/share/tianbiao/forms/"
TIANBIAO=$T_TMP/inst/bin/tianbiao
USER_FORMS="$XDG_DATA_HOME/tianbiao/forms"
NEW="$T_TMP/new"
mkdir -p "$NEW"
# The district's 2022 forms: 附件1 again under its id, for the new year.
sed -e 's/^version 2021.1/version 2022.1/' -e 's/^year 2021/year 2022/' \
	-e 's/^due 2021-06-05/due 2022-06-05/' "$TOP/forms/liaison.form" >"$NEW/liaison.form"
cp "$TOP/tests/core/forms/xq-slogans.form" "$NEW/"
tbu() { "$TIANBIAO" --unit 宝坻区大白庄镇 "$@"; }

# Last year's 附件1, filled in before the new forms came.
tbu set liaison.name 黄璐 >/dev/null 2>&1
expect_eq "before: the shipped forms only" "$("$TIANBIAO" forms | cut -f1,6)" "liaison	2021
plan	2021
stats	2021"

# A broken file: nothing is installed, every mistake is named.
printf '%s\n' "form bad" "version 1" "year 2022" "attachment 附件9" "title 表" "name 表" \
	"field a cout 甲" >"$NEW/bad.form"
expect_status "a broken file is refused" 1 "$TIANBIAO" forms install "$NEW"/*.form
expect_eq "with FILE:LINE, and nothing installed" "$(cat "$T_TMP/err")" \
"$NEW/bad.form:7: 未知的字段类型 \"cout\"（可用：text longtext count phone mobile email wechat date daterange choice multi yesno）
tianbiao: 没有安装任何文件。请先改正上面说的问题（或请发文件的人改好再发），再安装一次。"
[ ! -e "$USER_FORMS" ] && t_ok "the forms directory was not made" ||
	t_fail "the forms directory was not made" "$(ls "$USER_FORMS")"
rm "$NEW/bad.form"

expect_status "forms install" 0 "$TIANBIAO" forms install "$NEW"/*.form
expect_eq "says what it installed, and that the forms in use came along" "$(cat "$T_TMP/out")" \
"已安装：附件1 联络员反馈表（liaison，2022 年，2022.1 版）
已安装：附件4 宣传标语（xq_slogans，2022 年，2022.1 版）
原来用的 3 张表也复制到了这个目录，以后都从这里读。
表单目录：$USER_FORMS。重新打开 tianbiao 就能看到新的表。"
expect_eq "both years are listed" "$("$TIANBIAO" forms | cut -f1,2,6,7)" "liaison	2021.1	2021
liaison	2022.1	2022
plan	2021.1	2021
stats	2021.1	2021
xq_slogans	2022.1	2022	参阅"
expect_status "the same files again" 0 "$TIANBIAO" forms install "$NEW/liaison.form"
expect_grep "change nothing" "没有变化：附件1 联络员反馈表（liaison，2022 年，2022.1 版）（同样的文件已经装过）" "$T_TMP/out"

# A changed file that kept its version is refused; with a new version it replaces the old.
sed -i 's/^field position text 职务 width=30/field position text 职务 width=40/' "$NEW/liaison.form"
expect_status "a changed file of the same version is refused" 1 "$TIANBIAO" forms install "$NEW/liaison.form"
expect_grep "saying to raise the version" "$NEW/liaison.form:1: 这张表（附件1 联络员反馈表，2022 年）的 2022.1 版已经装过（$USER_FORMS/liaison-2022.form），但两个文件内容不同。表单改过就要改 version（例如 version 2022.2）" "$T_TMP/err"
sed -i 's/^version 2022.1/version 2022.2/' "$NEW/liaison.form"
expect_status "a new version is installed" 0 "$TIANBIAO" forms install "$NEW/liaison.form"
expect_grep "over the old one, which is kept" "已更新：附件1 联络员反馈表（liaison，2022 年，2022.2 版）（原来的 2022.1 版移到了 $USER_FORMS/旧表单/liaison-2022.1.form）" "$T_TMP/out"
expect_eq "the directory" "$(cd "$USER_FORMS" && find . -type f | sort)" "./liaison-2022.form
./liaison.form
./plan.form
./stats.form
./xq-slogans.form
./旧表单/liaison-2022.1.form"

# Next year's slogans, sent early, alone: a page to read does not make a campaign.
sed -e 's/^form xq_slogans/form slogans_2023/' -e 's/^year 2022/year 2023/' \
	"$TOP/tests/core/forms/xq-slogans.form" >"$NEW/slogans-2023.form"
expect_status "a page of another year installs beside" 0 "$TIANBIAO" forms install "$NEW/slogans-2023.form"
expect_status "commands still work on 2022" 0 tbu get liaison
expect_eq "(2022's 附件1 is there)" "$(grep -c position "$T_TMP/out")" "1"
rm "$USER_FORMS/slogans-2023.form"

# Commands work on the latest year; --year on an earlier one.
expect_eq "get: 2022's 附件1 is blank" "$(tbu get liaison | head -1)" "name	"
expect_eq "--year 2021 get: last year's is there" "$(tbu --year 2021 get liaison | head -1)" "name	黄璐"
expect_status "--year 2021 export --all" 0 tbu --year 2021 export --all -o "$T_TMP"
expect_eq "exports last year's filled form" "$(for f in "$T_TMP"/*.csv; do f=${f##*/}; echo "${f%_*.csv}"; done)" \
"宝坻区大白庄镇_附件1_联络员反馈表"
expect_grep "and names last year's blank ones" "附件2（重点活动计划安排表）还没有填写，没有导出" "$T_TMP/err"
csv1=("$T_TMP"/*附件1*.csv)
expect_grep "with last year's values" "黄璐" "${csv1[0]}"
expect_status "--year of no forms is refused" 1 tbu --year 2019 get liaison
expect_grep "naming the years there are" "没有 2019 年的表单（表单目录里有 2021、2022 年的）" "$T_TMP/err"
expect_status "--year needs a year" 2 tbu --year 21 forms
[ "$t_fails" -eq 0 ]
