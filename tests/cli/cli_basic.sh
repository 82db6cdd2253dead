#!/usr/bin/env bash
# Command-line tests: options, exit statuses, set/get round trips, checks, rows.
. "$(dirname "$0")/../lib.sh"
tb() { "$TIANBIAO" "$@"; }

expect_status "help exits 0" 0 tb --help
expect_grep "help shows set" "set 表单.字段 值" "$T_TMP/out"
expect_status "version exits 0" 0 tb --version
expect_grep "version names the program" "tianbiao " "$T_TMP/out"
expect_status "unknown command is usage" 2 tb frobnicate
expect_status "unknown option is usage" 2 tb --frob
expect_status "option without value is usage" 2 tb --db
expect_status "set with one argument is usage" 2 tb set liaison.name

# forms: attachment order, ids, versions, due dates.
expect_status "forms exits 0" 0 tb forms
expect_eq "forms lists the three forms in order" "$(cut -f1,2,3,5 "$T_TMP/out")" \
"liaison	2021.1	附件1	2021-06-05
plan	2021.1	附件2	2021-06-05
stats	2021.1	附件3	2021-06-25"

# check: shipped forms are fine, a damaged one names file and line.
expect_status "check shipped forms" 0 tb check "$TOP"/forms/*.form
printf 'form bad\nversion 1\nyear 2021\nattachment 附件9\ntitle 坏表\nname 坏表\nfield n cout 次数\n' >"$T_TMP/bad.form"
expect_status "check damaged form exits 1" 1 tb check "$T_TMP/bad.form"
expect_grep "check damaged form names FILE:LINE" "$T_TMP/bad.form:7:" "$T_TMP/err"
expect_status "check missing file exits 1" 1 tb check "$T_TMP/nope.form"

# set/get round trip, as in issue 2's "done".
expect_status "set name" 0 tb set liaison.name 黄璐
expect_grep "no unit yet: a hint" "--unit" "$T_TMP/err"
expect_status "get liaison" 0 tb get liaison
expect_grep "get shows the name" "name	黄璐" "$T_TMP/out"
expect_eq "get prints every field, blanks empty" "$(cut -f1 "$T_TMP/out" | tr '\n' ' ')" \
	"name gender position office_phone mobile fax wechat email unit_name address "
expect_grep "blank field printed empty" "$(printf 'fax\t')" "$T_TMP/out"

# Database file mode 0600.
expect_eq "database created 0600" "$(stat -c %a "$TIANBIAO_DB")" "600"

# Hard errors are refused and nothing changes; soft ones are saved with a warning.
tb set stats.study_times 3 >/dev/null 2>&1
c=$(tb get stats | grep -c .)
expect_status "letters in a count refused" 1 tb set stats.study_times 3次
expect_grep "count message says digits" "数字" "$T_TMP/err"
expect_grep "the refusal reads as a sentence" "不要填写文字或单位（没有保存）。" "$T_TMP/err"
expect_grep "count unchanged after refusal" "$(printf 'study_times\t3')" <(tb get stats)
expect_status "full-width digits in a count" 0 tb set stats.study_times ４５
expect_grep "full-width count normalised" "$(printf 'study_times\t45')" <(tb get stats)
expect_status "zero is a value" 0 tb set stats.study_times 0
expect_grep "zero kept" "$(printf 'study_times\t0')" <(tb get stats)
expect_status "empty clears" 0 tb set stats.study_times ""
expect_grep "blank is not zero" "$(printf 'study_times\t\n')" <(tb get stats; echo)
expect_eq "get stats prints the same lines" "$(tb get stats | grep -c .)" "$c"
# A rule between fields (forms/stats.form) that the value breaks: saved, and said.
tb set stats.study_times 3 >/dev/null 2>&1
expect_status "people below sessions saved" 0 tb set stats.study_people 2
expect_grep "people below sessions: the rule's message" \
	"已保存，但请注意：理论学习中心组学习参与人次：参与人次不应少于学习次数，请核实" "$T_TMP/err"
expect_status "9999999 people saved" 0 tb set stats.film_people 9999999
expect_grep "9999999 people: 请核实" "组织集中学习观看专题片参与人次：超过十万，请核实" "$T_TMP/err"
expect_status "people above sessions" 0 tb set stats.study_people 30
if grep -qF "请注意" "$T_TMP/err"; then t_fail "people above sessions: no warning" "$(cat "$T_TMP/err")"
else t_ok "people above sessions: no warning"; fi
tb set stats.study_times "" >/dev/null 2>&1
tb set stats.study_people "" >/dev/null 2>&1
tb set stats.film_people "" >/dev/null 2>&1
expect_status "10-digit mobile saved with warning" 0 tb set liaison.mobile 1822216930
expect_grep "mobile warning" "11位" "$T_TMP/err"
expect_status "spaced full-width mobile" 0 tb set liaison.mobile "１８２ ２２１６ ９３０２"
expect_grep "mobile normalised" "$(printf 'mobile\t18222169302')" <(tb get liaison)
expect_status "landline with area code in brackets" 0 tb set liaison.office_phone "(022)29240881"
expect_grep "landline normalised" "$(printf 'office_phone\t022-29240881')" <(tb get liaison)
expect_status "choice outside options refused" 1 tb set liaison.gender 未知
expect_status "choice" 0 tb set liaison.gender 女

# Paths that do not exist.
expect_status "unknown form" 1 tb set nosuch.name x
expect_grep "unknown form lists forms" "liaison" "$T_TMP/err"
expect_status "unknown field" 1 tb set liaison.nosuch x
expect_status "group field without row" 1 tb set plan.place x
expect_status "row 0 refused" 1 tb set "plan.activities[0].place" x
expect_status "row over max refused" 1 tb set "plan.activities[51].place" x

# Rows of a repeating group: row N is created on demand.
expect_status "set row 1" 0 tb set "plan.activities[1].place" 宝坻区人民广场
expect_status "row 3 of 1 refused (no blank rows unasked)" 1 tb set "plan.activities[3].date" "6月5日"
expect_grep "row refusal says how many" "现在有 1 项" "$T_TMP/err"
expect_status "set row 2 adds a row" 0 tb set "plan.activities[2].host" 区应急局
expect_status "set row 3" 0 tb set "plan.activities[3].date" "6月5日至7月5日"
tb get plan >"$T_TMP/plan"
expect_grep "row 1 value" "$(printf 'activities[1].place\t宝坻区人民广场')" "$T_TMP/plan"
expect_grep "row 3 value" "$(printf 'activities[3].date\t6月5日至7月5日')" "$T_TMP/plan"
expect_grep "row 2 blank field" "$(printf 'activities[2].place\t')" "$T_TMP/plan"
expect_status "multi-line value" 0 tb set "plan.activities[1].content" $'第一行\n第二行\\'
# shellcheck disable=SC1003 # a literal backslash, as get prints it
expect_grep "multi-line escaped in get" 'content	第一行\n第二行\\' <(tb get plan)

# The unit: given once, remembered, then used.
expect_status "set with --unit" 0 tb --unit 宝坻区大白庄镇 set liaison.position 科员
expect_grep "values before the unit was known are kept" "$(printf 'name\t黄璐')" <(tb get liaison)
expect_grep "unit remembered" "$(printf 'position\t科员')" <(tb get liaison)

# Finding the form files: beside the program when nothing else is set; a named
# directory without forms is refused with a message that names it.
# (./tianbiao at the top of the checkout: the sanitizer build lives elsewhere)
expect_status "forms found beside the program" 0 env -u TIANBIAO_FORMS sh -c "cd / && '$TOP/tianbiao' forms"
expect_grep "forms beside the program listed" "liaison" "$T_TMP/out"
expect_status "empty forms directory refused" 1 tb --forms "$T_TMP" forms
expect_grep "empty forms directory named" "$T_TMP" "$T_TMP/err"
mkdir -p "$XDG_DATA_HOME/tianbiao/forms"
sed 's/^title .*/title 本区自己的联络员表/' "$TOP/forms/liaison.form" >"$XDG_DATA_HOME/tianbiao/forms/liaison.form"
expect_status "user's forms directory wins" 0 env -u TIANBIAO_FORMS "$TIANBIAO" forms
expect_grep "user's own form used" "本区自己的联络员表" "$T_TMP/out"
rm -rf "$XDG_DATA_HOME/tianbiao/forms"
# XDG_DATA_HOME counts only when absolute (the XDG rules), for the forms and the database
# alike: a relative one is ignored, and ~/.local/share is used, whatever the directory.
XH="$T_TMP/xh" XC="$T_TMP/xcwd"
mkdir -p "$XH/.local/share/tianbiao/forms" "$XC/rel/tianbiao/forms"
sed 's/^title .*/title 家目录里的联络员表/' "$TOP/forms/liaison.form" >"$XH/.local/share/tianbiao/forms/liaison.form"
sed 's/^title .*/title 相对目录里的联络员表/' "$TOP/forms/liaison.form" >"$XC/rel/tianbiao/forms/liaison.form"
xdg() { (cd "$XC" && env -u TIANBIAO_FORMS -u TIANBIAO_DB HOME="$XH" XDG_DATA_HOME="$1" "$TIANBIAO" "${@:2}"); }
expect_status "relative XDG_DATA_HOME: forms" 0 xdg rel forms
expect_grep "relative XDG_DATA_HOME: the forms of ~/.local/share" "家目录里的联络员表" "$T_TMP/out"
expect_status "relative XDG_DATA_HOME: set" 0 xdg rel --unit 宝坻区大白庄镇 set liaison.name 黄璐
expect_eq "relative XDG_DATA_HOME: the database in ~/.local/share, none under the relative one" \
	"$(test -f "$XH/.local/share/tianbiao/tianbiao.db" && echo home)$(test -e "$XC/rel/tianbiao/tianbiao.db" && echo rel)" home
expect_status "absolute XDG_DATA_HOME: forms" 0 xdg "$XC/rel" forms
expect_grep "absolute XDG_DATA_HOME: its forms" "相对目录里的联络员表" "$T_TMP/out"
expect_status "absolute XDG_DATA_HOME: set" 0 xdg "$XC/rel" --unit 宝坻区大白庄镇 set liaison.name 黄璐
expect_eq "absolute XDG_DATA_HOME: its database" "$(test -f "$XC/rel/tianbiao/tianbiao.db" && echo yes)" yes
# As `make install PREFIX=P` lays it out: P/bin/tianbiao finds P/share/tianbiao/forms.
mkdir -p "$T_TMP/inst/bin" "$T_TMP/inst/share/tianbiao/forms"
cp "$TIANBIAO" "$T_TMP/inst/bin/tianbiao" && cp "$TOP"/forms/*.form "$T_TMP/inst/share/tianbiao/forms/"
expect_status "installed copy finds its share directory" 0 env -u TIANBIAO_FORMS "$T_TMP/inst/bin/tianbiao" forms
expect_grep "installed copy lists the forms" "stats" "$T_TMP/out"

exit 0
