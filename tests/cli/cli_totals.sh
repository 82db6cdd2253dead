#!/usr/bin/env bash
# tianbiao totals: 附件3 filled with the district's totals (text, .xlsx), the per-unit table
# 汇总表 (CSV, .xlsx read back cell by cell), 附件2's activities by date, 附件1's directory, a
# unit in conflict, a held file and a unit not reported shown and never counted; the report
# one level up and the cascade: units' files -> two district databases -> each --report -> a
# city imports both -> the city's totals are the sum. Every figure is a hand count.
. "$(dirname "$0")/../lib.sh"
export TIANBIAO_TODAY=2021-06-20
IN="$T_TMP/in" OUT="$T_TMP/out.d" REP="$T_TMP/rep"
mkdir -p "$IN" "$OUT" "$REP"
D="$T_TMP/district.db"
td() { "$TIANBIAO" --db "$D" "$@"; }

# unit NAME DB FORM.FIELD VALUE...: a unit's values, typed through tianbiao set.
unit() {
	local name=$1 db=$2; shift 2
	while [ $# -ge 2 ]; do
		"$TIANBIAO" --db "$db" --unit "$name" set "$1" "$2" >/dev/null 2>&1 || echo "set $1 failed"
		shift 2
	done
}
# send DB FORM DIR: the unit's CSV of FORM into DIR.
send() { "$TIANBIAO" --db "$1" export "$2" --format csv -o "$3" >/dev/null; }

# ---- the units (hand count below) ----------------------------------------------------------
#            study_times  study_people  film_studied  articles  other
#   甲镇      3            40            是            2
#   乙镇      5            (blank)       否            0
#   丙镇      (blank)      25            (blank)       1
#   丁镇      not reported
#   戊镇      a conflict (two PCs): 100 / 200, never counted
#   大白庄镇政府 (not on the roster): 1000, held, never counted
# study_times 8 (1 unit blank), study_people 65 (1 blank), film_studied 是 1 否 1 未填 1,
# articles 3 (none blank: 0 is a value).
A="$T_TMP/a.db" B="$T_TMP/b.db" C="$T_TMP/c.db" E1="$T_TMP/e1.db" E2="$T_TMP/e2.db"
X="$T_TMP/x.db"
unit 甲镇 "$A" stats.study_times 3 stats.study_people 40 stats.film_studied 是 stats.articles 2 \
	stats.contact 张三 stats.phone 022-29240881 \
	liaison.name 张三 liaison.position 安监办主任 liaison.office_phone 022-29240881 \
	liaison.mobile 13900000001 liaison.email a@example.cn \
	"plan.activities[1].kind" 安全咨询日 "plan.activities[1].date" 6月16日 \
	"plan.activities[1].content" 设咨询台 "plan.activities[1].host" 甲镇政府 \
	"plan.activities[2].kind" 消防演练 "plan.activities[2].date" 6月25日 \
	"plan.activities[2].content" 演练 "plan.activities[2].host" 甲镇政府
unit 乙镇 "$B" stats.study_times 5 stats.film_studied 否 stats.articles 0 \
	liaison.name 李四 liaison.mobile 13900000002 \
	"plan.activities[1].kind" 宣讲 "plan.activities[1].date" 6月5日 \
	"plan.activities[1].content" 进社区宣讲 "plan.activities[1].host" 乙镇政府
unit 丙镇 "$C" stats.study_people 25 stats.articles 1
unit 戊镇 "$E1" stats.study_times 100
unit 戊镇 "$E2" stats.study_times 200
unit 大白庄镇政府 "$X" stats.study_times 1000
for db in "$A" "$B" "$C" "$E1" "$X"; do send "$db" stats "$IN"; done
send "$A" liaison "$IN"; send "$B" liaison "$IN"
send "$A" plan "$IN"; send "$B" plan "$IN"
mkdir -p "$IN/later"; send "$E2" stats "$IN/later"

td roster add 甲镇 乙镇 丙镇 丁镇 戊镇 >/dev/null
td import "$IN" >/dev/null
td import "$IN/later" >"$T_TMP/imp"
expect_grep "the second copy of 戊镇 is a conflict" "有冲突" "$T_TMP/imp"

# ---- usage --------------------------------------------------------------------------------
expect_status "totals without a form" 2 td totals
expect_status "totals of an unknown form" 1 td totals nosuch
expect_status "totals --format bad" 2 td totals stats --format pdf
expect_status "totals -o a missing directory" 1 td totals stats -o "$T_TMP/nosuch"
expect_grep "missing directory: message" "不存在" "$T_TMP/err"
expect_status "totals -o - with every format" 2 td totals stats -o -
E="$T_TMP/empty.db"
"$TIANBIAO" --db "$E" --unit 某镇 set stats.study_times 1 >/dev/null
expect_status "totals on a database without a roster" 1 "$TIANBIAO" --db "$E" totals stats
expect_grep "no roster: what to do" "tianbiao roster add" "$T_TMP/err"

# ---- 附件3: the form filled in and the 汇总表 ----------------------------------------------------
expect_status "totals stats" 0 td totals stats -o "$OUT"
expect_grep "says what it covers" "汇总 3/5 个单位；未报：丁镇；有冲突（未计入）：戊镇；不在名单中（未计入）：大白庄镇政府" "$T_TMP/out"
TXT="$OUT/本区_附件3_活动进展情况统计表_20210620_汇总.txt"
CSV="$OUT/本区_附件3_活动进展情况统计表_20210620_汇总表.csv"
for f in "$TXT" "$CSV" "${TXT%.txt}.xlsx" "${CSV%.csv}.xlsx"; do
	if [ -s "$f" ]; then t_ok "written: ${f##*/}"; else t_fail "written: ${f##*/}" "$(ls "$OUT")"; fi
done
tr -d '\r' <"$TXT" >"$T_TMP/t.txt"
expect_grep "text: coverage under the title" "汇总 3/5 个单位；未报：丁镇" "$T_TMP/t.txt"
expect_grep "text: a sum with a blank unit" "理论学习中心组学习（8，1 个单位未填）次，参与（65，1 个单位未填）人次；" "$T_TMP/t.txt"
expect_grep "text: yes/no" "电视专题片 是 1 个、否 1 个、未填 1 个；" "$T_TMP/t.txt"
expect_grep "text: 0 is a value" "学习文章(3)篇" "$T_TMP/t.txt"
expect_grep "text: a figure nobody gave" "研讨体会(均未填)篇" "$T_TMP/t.txt"
expect_grep "text: 汇总时间 footer" "汇总时间：2021年6月20日" "$T_TMP/t.txt"
if grep -q '1000\|100）\|200' "$T_TMP/t.txt"; then
	t_fail "text: conflict and held file not counted" "$(grep -n '1000\|200' "$T_TMP/t.txt")"
else t_ok "text: conflict and held file not counted"; fi

python3 - "$CSV" >"$T_TMP/csv" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows[0]
c = {k: h.index(k) for k in ("单位", "状态", "理论学习中心组学习次数", "理论学习中心组学习参与人次",
     "是否专题学习《生命重于泰山》电视专题片", "征集学习文章篇数", "修订号", "收到时间")}
for r in rows[1:]:
    print("|".join(r[c[k]] for k in ("单位", "状态", "理论学习中心组学习次数", "理论学习中心组学习参与人次",
          "是否专题学习《生命重于泰山》电视专题片", "征集学习文章篇数", "修订号")))
# 收到时间 as the exports write 修改时间: ISO 8601 with the offset, bare (no ="…")
import re
print("received", all(re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", r[c["收到时间"]])
                      for r in rows[1:4]))
EOF
expect_eq "汇总表 CSV: rows in roster order, 未报 and conflict marked, held, 合计, 未填" "$(cat "$T_TMP/csv")" "甲镇|已报|3|40|是|2|8
乙镇|已报|5||否|0|5
丙镇|已报||25||1|4
丁镇|未报|||||
戊镇|有冲突，未计入（收到两份不同的表，处理后再汇总）|||||3
大白庄镇政府|不在名单中，未计入（文件 大白庄镇政府_附件3_活动进展情况统计表_20210620.csv；请在“待处理”页或用 tianbiao roster alias 设为别名、加入名单）|||||
合计|计入 3/5 个单位|8|65|是 1、否 1|3|
未填|未填的单位数|1|1|1|0|
received True"

# The 汇总表 workbook read back cell by cell.
python3 - "${CSV%.csv}.xlsx" >"$T_TMP/xl" 2>&1 <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["汇总表"]
print("freeze", ws.freeze_panes)
print("title", ws["A1"].value)
print("cover", ws["A2"].value)
head = [c.value for c in ws[4]]
col = {v: i + 1 for i, v in enumerate(head)}
print("head", head[:4], head[-2:])
st = col["理论学习中心组学习次数"]
for r in range(5, ws.max_row + 1):
    unit = ws.cell(r, 2).value
    v = ws.cell(r, st)
    print(unit, repr(v.value), "bold" if ws.cell(r, 2).font.b else "-",
          "shaded" if ws.cell(r, 2).fill.fgColor.rgb not in (None, "00000000") and ws.cell(r, 2).fill.fill_type else "-")
print("width ok", ws.column_dimensions["B"].width >= 6)
import re
print("received short", bool(re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d", ws.cell(5, len(head)).value)))
EOF
expect_eq "汇总表 xlsx: cells, bold 合计, shaded rows, frozen header" "$(cat "$T_TMP/xl")" "freeze C5
title 附件3 “安全生产月”活动进展情况统计表（汇总表）
cover 汇总 3/5 个单位；未报：丁镇；有冲突（未计入）：戊镇；不在名单中（未计入）：大白庄镇政府（文件 大白庄镇政府_附件3_活动进展情况统计表_20210620.csv）
head ['序号', '单位', '状态', '填报单位（盖章）'] ['修订号', '收到时间']
甲镇 3 - -
乙镇 5 - -
丙镇 None - -
丁镇 None - shaded
戊镇 None - shaded
大白庄镇政府 None - shaded
合计 8 bold -
未填 1 bold -
width ok True
received short True"

# The form filled in as a workbook (the unit's .xlsx layout): the figures are in it.
python3 - "${TXT%.txt}.xlsx" >"$T_TMP/xf" 2>&1 <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
text = "\n".join(cells)
for want in ("汇总 3/5 个单位；未报：丁镇", "理论学习中心组学习（8，1 个单位未填）次", "是 1 个、否 1 个、未填 1 个",
             "填报单位（盖章）：本区", "汇总时间："):
    print(want in text, want)
EOF
expect_eq "form xlsx: the figures" "$(cat "$T_TMP/xf")" "True 汇总 3/5 个单位；未报：丁镇
True 理论学习中心组学习（8，1 个单位未填）次
True 是 1 个、否 1 个、未填 1 个
True 填报单位（盖章）：本区
True 汇总时间："

expect_status "totals stats --format csv -o -" 0 td totals stats --format csv -o -
expect_grep "CSV on standard output" "合计,计入 3/5 个单位" "$T_TMP/out"

# ---- 附件2: every unit's activities by date -------------------------------------------------------
expect_status "totals plan" 0 td totals plan --format text -o -
tr -d '\r' <"$T_TMP/out" >"$T_TMP/plan.txt"
expect_grep "plan: by date across units" "1. 6月5日　乙镇　宣讲" "$T_TMP/plan.txt"
expect_grep "plan: 6·16" "2. 6月16日　甲镇　安全咨询日" "$T_TMP/plan.txt"
expect_grep "plan: last" "3. 6月25日　甲镇　消防演练" "$T_TMP/plan.txt"
expect_grep "plan: the units missing" "还没有报送的单位：丙镇、丁镇、戊镇（共 3 个单位）" "$T_TMP/plan.txt"
td totals plan --format csv -o - | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
h = rows[0]
def cell(v):
    return v[2:-1] if v.startswith("=\"") else v
print("\n".join(r[h.index("单位")] + "|" + cell(r[h.index("时间")]) + "|" + r[h.index("状态")] for r in rows[1:]))
' >"$T_TMP/plan.csv"
expect_eq "plan CSV: one table sorted by date, 未报 rows" "$(cat "$T_TMP/plan.csv")" "乙镇|6月5日|已报
甲镇|6月16日|已报
甲镇|6月25日|已报
丙镇||未报
丁镇||未报
戊镇||未报
合计||计入 2/5 个单位
未填|0|未填的单位数（重复组为项数）"

# ---- 附件1: the directory ---------------------------------------------------------------------------
expect_status "totals liaison" 0 td totals liaison --format text -o -
tr -d '\r' <"$T_TMP/out" >"$T_TMP/dir.txt"
expect_grep "directory: a unit's liaison" "    姓名：张三；职务：安监办主任；办公电话：022-29240881；手机：13900000001；电子邮箱：a@example.cn" "$T_TMP/dir.txt"
expect_grep "directory: roster order, 未报 marked" "3. 丙镇（未报）" "$T_TMP/dir.txt"
expect_grep "directory: the units missing one" "还没有报送的单位：丙镇、丁镇、戊镇" "$T_TMP/dir.txt"

# ---- the report one level up --------------------------------------------------------------------
expect_status "report without the district's name" 1 td totals stats --report -o "$REP"
expect_grep "report: asks for --unit" "--unit" "$T_TMP/err"
td --unit 宝坻区 set stats.contact 王科长 >/dev/null
td set stats.phone 022-29240000 >/dev/null
expect_status "report" 0 td totals stats --report -o "$REP"
expect_grep "report: version" "上报表：宝坻区的附件3（活动进展情况统计表），第 " "$T_TMP/out"
expect_grep "report: what it leaves out" "上报表只含已计入的单位" "$T_TMP/out"
RCSV=$(ls "$REP"/宝坻区_附件3_*.csv)
python3 - "$RCSV" >"$T_TMP/rc" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h, r = rows[0], rows[1]
for k in ("填报单位", "表单编号", "填报单位（盖章）", "联系人", "理论学习中心组学习次数", "理论学习中心组学习参与人次",
          "是否专题学习《生命重于泰山》电视专题片", "征集学习文章篇数", "征集研讨体会篇数", "汇总说明"):
    print(k, r[h.index(k)], sep="=")
print(len(rows), len(r[h.index("提交编号")]))
EOF
expect_eq "report CSV: a unit's format, the sums, blank stays blank, 汇总说明" "$(cat "$T_TMP/rc")" "填报单位=宝坻区
表单编号=stats
填报单位（盖章）=宝坻区
联系人=王科长
理论学习中心组学习次数=8
理论学习中心组学习参与人次=65
是否专题学习《生命重于泰山》电视专题片=是
征集学习文章篇数=3
征集研讨体会篇数=
汇总说明=汇总 3/5 个单位；未填：理论学习中心组学习次数 1 个、理论学习中心组学习参与人次 1 个、是否专题学习《生命重于泰山》电视专题片 1 个
2 32"
tr -d '\r' <"${RCSV%.csv}.txt" >"$T_TMP/rt"
expect_grep "report text: what it covers" "汇总 3/5 个单位；未报：丁镇" "$T_TMP/rt"
expect_grep "report text: where the blanks went" "以下各项有单位未填（不是 0）：理论学习中心组学习次数 1 个" "$T_TMP/rt"
REV1=$(grep -o '第 [0-9]* 版' "$T_TMP/out")
expect_status "report again, nothing changed" 0 td totals stats --report -o "$REP"
expect_grep "report again: same version, same files" "${REV1}（和上次写出的文件完全一样）" "$T_TMP/out"

# The district's own copy of the form now holds the report: exporting it (F5 on 本单位的表,
# or export) writes the report itself, 汇总说明 and all, never a unit's file over it.
(cd "$REP" && sha256sum 宝坻区_附件3_*) >"$T_TMP/rep.sum"
cp "$RCSV" "$T_TMP/report.csv"
expect_status "export of the reported form" 0 td export stats --format all -o "$REP"
expect_grep "export of the reported form: says it is the report" "上报表：宝坻区的附件3（活动进展情况统计表），${REV1}（和上次写出的文件完全一样）" "$T_TMP/out"
expect_eq "export of the reported form: the report's files, byte for byte" "$(cd "$REP" && sha256sum 宝坻区_附件3_*)" "$(cat "$T_TMP/rep.sum")"
expect_eq "export of the reported form: nothing moved to 旧版本/" "$(ls "$REP"/旧版本 2>/dev/null)" ""
expect_grep "export of the reported form: the CSV has 汇总说明" "汇总说明" "$RCSV"
expect_status "export of the reported form to a file" 0 td export stats --format csv -o "$T_TMP/own.csv"
expect_eq "export to a file: the report's CSV" "$(cmp "$T_TMP/own.csv" "$T_TMP/report.csv" && echo same)" "same"

# ---- the cascade: a second district, and a city summing both -------------------------------------
D2="$T_TMP/district2.db" IN2="$T_TMP/in2"
mkdir -p "$IN2"
#   子镇 study_times 10, study_people (blank), articles 4; 丑镇 study_times (blank), study_people 3
unit 子镇 "$T_TMP/z.db" stats.study_times 10 stats.articles 4
unit 丑镇 "$T_TMP/c2.db" stats.study_people 3
send "$T_TMP/z.db" stats "$IN2"; send "$T_TMP/c2.db" stats "$IN2"
"$TIANBIAO" --db "$D2" --unit 宁河区 roster add 子镇 丑镇 >/dev/null
"$TIANBIAO" --db "$D2" import "$IN2" >/dev/null
expect_status "second district reports" 0 "$TIANBIAO" --db "$D2" totals stats --report -o "$REP" --format csv
CITY="$T_TMP/city.db"
"$TIANBIAO" --db "$CITY" --unit 天津市 roster add 宝坻区 宁河区 >/dev/null
expect_status "city imports the districts' reports" 0 "$TIANBIAO" --db "$CITY" import "$REP"
expect_grep "city: 宝坻区 new" "宝坻区的附件3（活动进展情况统计表）" "$T_TMP/out"
expect_grep "city: both taken" "新收到 2" "$T_TMP/out"
"$TIANBIAO" --db "$CITY" totals stats --format csv -o - | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
h = rows[0]
for r in rows[1:]:
    print("|".join(r[h.index(k)] for k in ("单位", "理论学习中心组学习次数", "理论学习中心组学习参与人次", "征集学习文章篇数")))
' >"$T_TMP/city"
expect_eq "city: the sum of the districts = the sum of all townships" "$(cat "$T_TMP/city")" "宝坻区|8|65|3
宁河区|10|3|4
合计|18|68|7
未填|0|0|0
下级未填|2|2|1"
"$TIANBIAO" --db "$CITY" totals stats --format text -o - | tr -d '\r' >"$T_TMP/city.txt"
expect_grep "city: covers the townships below" "汇总 2/2 个单位（下级 5/7 个单位）" "$T_TMP/city.txt"
expect_grep "city: blanks below carried up" "理论学习中心组学习（18，下级另有 2 个单位未填）次，参与（68，下级另有 2 个单位未填）人次" "$T_TMP/city.txt"

# A township revises; the district reports again: a new revision, which the city takes.
unit 子镇 "$T_TMP/z.db" stats.study_times 12
rm -f "$IN2"/*.csv; send "$T_TMP/z.db" stats "$IN2"
"$TIANBIAO" --db "$D2" import "$IN2" >/dev/null
expect_status "second district reports the revision" 0 "$TIANBIAO" --db "$D2" totals stats --report -o "$REP" --format csv
expect_grep "revision: version up" "汇总有变化，版本已更新" "$T_TMP/out"
expect_status "city imports the revision" 0 "$TIANBIAO" --db "$CITY" import "$REP"
expect_grep "city: the newer report replaces the older" "已更新 1" "$T_TMP/out"
expect_grep "city: the unchanged one is a resend" "重复 1" "$T_TMP/out"
"$TIANBIAO" --db "$CITY" totals stats --format csv -o - | grep '^,合计' | cut -d, -f8 >"$T_TMP/c"
expect_eq "city: the new sum" "$(cat "$T_TMP/c")" "20"

exit $((t_fails > 0))
