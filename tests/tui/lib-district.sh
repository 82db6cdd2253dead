# shellcheck shell=bash
# tests/tui/lib-district.sh - a district's database for the district screen tests
# (tests/tui/district*.sh), sourced instead of lib-tui.sh.
#
# district_fixture builds, through the command line, what a district has after its units
# sent their files: eight units on the roster (甲镇 … 辛镇); 甲镇 乙镇 丙镇 丁镇 sent all
# three forms, 丙镇's statistics with a number a spreadsheet destroyed; 戊镇 sent all three
# under the name 戊镇人民政府 (not on the roster: held); 己镇 sent its statistics from two
# PCs (a conflict) and nothing else; 庚镇 sent nothing; 辛镇 only its liaison form. The
# files are made by district_files.py from a template unit's own exports, so they are
# exactly what tianbiao writes, and the same every run.

# shellcheck source=lib-tui.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-tui.sh"

DISTRICT=宝坻区安委会办公室
TB_ARGS=(--unit "$DISTRICT")
INBOX="$HOME/填表收件"
# td ARGS...: the command line on the district's database.
td() { "$TIANBIAO" "${TB_ARGS[@]}" "$@"; }

# district_template: one unit's three forms, exported as CSV into $T_TMP/tpl.
district_template() {
	local t=(--db "$T_TMP/tpl.db" --unit 样板镇)
	mkdir -p "$T_TMP/tpl"
	"$TIANBIAO" "${t[@]}" set liaison.name 黄璐 >/dev/null
	"$TIANBIAO" "${t[@]}" set liaison.mobile 18222169302 >/dev/null
	"$TIANBIAO" "${t[@]}" set liaison.office_phone 022-29240881 >/dev/null
	"$TIANBIAO" "${t[@]}" set liaison.email huanglu@example.cn >/dev/null
	"$TIANBIAO" "${t[@]}" set 'plan.activities[1].kind' 安全宣传咨询日 >/dev/null
	"$TIANBIAO" "${t[@]}" set 'plan.activities[1].date' 6月16日 >/dev/null
	"$TIANBIAO" "${t[@]}" set 'plan.activities[1].content' 设咨询台，发放宣传材料 >/dev/null
	"$TIANBIAO" "${t[@]}" set 'plan.activities[1].host' 镇安办 >/dev/null
	"$TIANBIAO" "${t[@]}" set stats.contact 黄璐 >/dev/null
	"$TIANBIAO" "${t[@]}" set stats.phone 022-29240881 >/dev/null
	"$TIANBIAO" "${t[@]}" set stats.study_people 30 >/dev/null
	"$TIANBIAO" "${t[@]}" export --all --format csv -o "$T_TMP/tpl" >/dev/null
}

# district_files SPEC...: files into $INBOX (district_files.py says what a SPEC is).
district_files() {
	mkdir -p "$INBOX"
	python3 "$(dirname "${BASH_SOURCE[0]}")/district_files.py" "$T_TMP/tpl" "$INBOX" "$@"
}

# unit_files N NAME: liaison, plan and stats of one unit, its liaison numbered N and N
# 理论学习中心组学习次数.
unit_files() {
	district_files "$2:liaison:姓名=联络员$1,手机=1390000000$1" "$2:plan" \
		"$2:stats:理论学习中心组学习次数=$1"
}

# district_fixture: the eight units above, imported (the roster first).
district_fixture() {
	district_template
	td roster add 甲镇 乙镇 丙镇 丁镇 戊镇 己镇 庚镇 辛镇 >/dev/null
	unit_files 1 甲镇
	unit_files 2 乙镇
	district_files "丙镇:liaison:姓名=联络员3,手机=13900000003" 丙镇:plan \
		"丙镇:stats:理论学习中心组学习参与人次=1.82222E+10"
	unit_files 4 丁镇
	unit_files 5 戊镇人民政府
	district_files "己镇:stats" "己镇:stats:uuid=0123456789abcdef0123456789abcdef,name=己镇_附件3_另一台电脑.csv,理论学习中心组学习次数=66"
	district_files "辛镇:liaison:姓名=联络员8,手机=13900000008"
	td import "$INBOX" >"$T_TMP/import.out"
}

# fix_times: every time the store wrote (files received, decisions) becomes 2 June 10:15,
# so that the screens show the same text every run.
fix_times() {
	sqlite3 "$TIANBIAO_DB" "UPDATE receipts SET received = '2021-06-02T10:15:00+08:00';
		UPDATE copies SET received = '2021-06-02T10:15:00+08:00';
		UPDATE decisions SET at = '2021-06-02T10:15:00+08:00';"
}

# norm DUMP: the test's temporary directory in a dump written as $T, so that paths on the
# screen compare the same every run.
norm() {
	sed -i "s|$T_TMP|\$T|g" "$T_TMP/run/$1"
}

# TB_GEN=DIR (when writing a test, never in make check): expect_screen keeps each dump in
# DIR under the test's name instead of comparing it, to be read and pasted in.
if [ -n "${TB_GEN:-}" ]; then
	expect_screen() {
		cat >/dev/null
		cp "$T_TMP/run/$2" "$TB_GEN/$1" 2>/dev/null
		t_ok "$1 (kept)"
	}
fi
if [ -n "${TB_GEN:-}" ]; then
	expect_rows() {
		cat >/dev/null
		sed -n "$(($3 + 1)),$(($4 + 1))p" "$T_TMP/run/$2" >"$TB_GEN/$1"
		t_ok "$1 (kept)"
	}
fi
