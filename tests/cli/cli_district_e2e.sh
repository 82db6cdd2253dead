#!/usr/bin/env bash
# The district office from start to end: eight units on the roster; six of them fill their
# forms with tianbiao and send a folder of files - some sent twice (renamed the way mail
# and WeChat rename them), one revised and sent again, one opened and edited in a
# spreadsheet and saved as GBK (LibreOffice when it is installed), one from a unit that
# writes its name differently, one unit that filled stats on two PCs (a conflict); two
# units send nothing. The district imports the folder, sets the alias, settles the
# conflict, and `status` shows every unit right: nothing counted twice, nothing lost.
. "$(dirname "$0")/../lib.sh"
DB="$T_TMP/district.db"
td() { "$TIANBIAO" --db "$DB" "$@"; }
IN="$T_TMP/收件"
mkdir -p "$IN" "$T_TMP/units"
# unit NAME KEY: the unit's own database is $T_TMP/units/KEY.db.
tbu() { local name=$1 key=$2; shift 2; "$TIANBIAO" --db "$T_TMP/units/$key.db" --unit "$name" "$@"; }
fill() { # fill NAME KEY N: the three forms, with numbers from N
	local name=$1 key=$2 n=$3
	tbu "$name" "$key" set liaison.name "联络员$n" >/dev/null
	tbu "$name" "$key" set liaison.mobile "1390000000$n" >/dev/null
	tbu "$name" "$key" set liaison.office_phone "022-2924088$n" >/dev/null
	tbu "$name" "$key" set liaison.email "u$n@tj.gov.cn" >/dev/null
	tbu "$name" "$key" set stats.contact "联系人$n" >/dev/null
	tbu "$name" "$key" set stats.phone "022-2924088$n" >/dev/null
	tbu "$name" "$key" set stats.study_times "$n" >/dev/null
	tbu "$name" "$key" set stats.study_people "$((n * 100))" >/dev/null	# >= 44 below
	tbu "$name" "$key" set stats.report_date 6月16日 >/dev/null
	tbu "$name" "$key" set 'plan.activities[1].kind' "活动$n" >/dev/null
	tbu "$name" "$key" set 'plan.activities[1].date' 6月16日 >/dev/null
	tbu "$name" "$key" set 'plan.activities[1].content' "内容$n" >/dev/null
	tbu "$name" "$key" set 'plan.activities[1].host' "$name" >/dev/null
}
send() { tbu "$1" "$2" export "${3:---all}" --format csv -o "$IN" >/dev/null; }

td roster add 甲镇 乙镇 丙镇 丁镇 戊镇 己镇 庚镇 辛镇 >/dev/null
# Each unit on its own database, so they fill at the same time (the time is in fsync).
fill 甲镇 a 1 & fill 乙镇 b 2 & fill 丙镇 c 3 & fill 丁镇 d 4 & fill 戊镇人民政府 e 5 &
fill 己镇 f 6 & wait
send 甲镇 a; send 乙镇 b; send 丙镇 c; send 丁镇 d; send 戊镇人民政府 e; send 己镇 f
# Sent twice: the same files under the names mail and WeChat give them.
for f in "$IN"/甲镇_附件3_*.csv "$IN"/乙镇_附件1_*.csv; do cp "$f" "${f%.csv}(1).csv"; done
# Revised: 丙镇 corrects a count and sends stats again (the old file stays in the folder).
old=$(ls "$IN"/丙镇_附件3_*.csv)
mv "$old" "$IN/丙镇_附件3_第一次.csv"
tbu 丙镇 c set stats.study_people 33 >/dev/null
send 丙镇 c stats
# Revised, the other way round: 乙镇's first stats file sorts before its revision.
old=$(ls "$IN"/乙镇_附件3_*.csv)
tbu 乙镇 b set stats.study_people 22 >/dev/null
mkdir -p "$T_TMP/b2"
tbu 乙镇 b export stats --format csv -o "$T_TMP/b2" >/dev/null
mv "$T_TMP"/b2/乙镇_附件3_*.csv "$IN/乙镇_附件3_2改.csv"
mv "$old" "$IN/乙镇_附件3_1原.csv"
# Edited in a spreadsheet and saved as GBK: 丁镇's stats, its study_times changed to 44.
d=$(ls "$IN"/丁镇_附件3_*.csv)
src="$T_TMP/lo/out/d.csv"
if command -v soffice >/dev/null 2>&1 && [ -z "${TIANBIAO_NO_SOFFICE:-}" ]; then
	# Opened as UTF-8 with a Chinese locale and saved as CSV in GBK (61 = MS-936), in one
	# run: the same bytes as through an .xlsx, at half the cost.
	mkdir -p "$T_TMP/lo" && cp "$d" "$T_TMP/lo/d.csv"
	(cd "$T_TMP/lo" && HOME="$T_TMP/lo" soffice --headless --infilter="CSV:44,34,76,1,,2052" \
		--convert-to "csv:Text - txt - csv (StarCalc):44,34,61,1,,2052" --outdir out d.csv \
		>/dev/null 2>&1)
fi
if [ -s "$src" ]; then
	t_ok "LibreOffice made the GBK file"
else
	# Without LibreOffice, what it does by hand: GBK, LF, dates rewritten, ="…" gone.
	src="$T_TMP/d-gbk.csv"
	/usr/bin/python3 - "$d" "$src" <<'PY'
import sys
t = open(sys.argv[1], encoding='utf-8-sig').read().replace('\r\n', '\n').replace('6月16日', '6/16/21')
open(sys.argv[2], 'w', encoding='gbk', newline='').write(t)
PY
	echo "skip LibreOffice not installed (or it failed): the spreadsheet's changes made by hand"
fi
/usr/bin/python3 - "$src" "$d" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding='gbk').read())))
i = rows[0].index('理论学习中心组学习次数')
rows[1][i] = '44'
out = io.StringIO()
csv.writer(out, lineterminator='\n').writerows(rows)
open(sys.argv[2], 'w', encoding='gbk', newline='').write(out.getvalue())
PY
mv "$d" "$IN/丁镇_附件3_改过.csv"
# 己镇 filled stats on a second PC too: another submission id for the same slot.
tbu 己镇 f2 set stats.study_times 66 >/dev/null
mkdir -p "$T_TMP/pc2"
tbu 己镇 f2 export stats --format csv -o "$T_TMP/pc2" >/dev/null
cp "$T_TMP"/pc2/*.csv "$IN/己镇_附件3_另一台电脑.csv"
nfiles=$(find "$IN" -name '*.csv' | wc -l)

# ---- the district imports the folder
td import "$IN" >"$T_TMP/import" 2>&1
# A folder is read in name order: "(1)" sorts before the original, 第一次 after the revision.
expect_grep "every file has a line: summary" "共 $nfiles 个文件：新收到 15，已更新 1，重复 2，较旧 1，有冲突 1，不在名单中 3，拒收 0。" "$T_TMP/import"
expect_grep "a resend" "甲镇_附件3_活动进展情况统计表_20210603.csv：重复，无变化：与 " "$T_TMP/import"
expect_grep "another resend" "乙镇_附件1_联络员反馈表_20210603.csv：重复，无变化：与 " "$T_TMP/import"
expect_grep "the revision" "丙镇_附件3_活动进展情况统计表_20210603.csv：新收到：丙镇的附件3（活动进展情况统计表），修订 7" "$T_TMP/import"
expect_grep "the first version after it" "丙镇_附件3_第一次.csv：较旧，未采用：丙镇的附件3（活动进展情况统计表）修订 6 早于已收到的修订 7" "$T_TMP/import"
expect_grep "a revision after the first" "乙镇_附件3_2改.csv：已更新：乙镇的附件3（活动进展情况统计表）从修订 6 更新到修订 7" "$T_TMP/import"
expect_grep "the GBK file" "丁镇_附件3_改过.csv：新收到：丁镇的附件3" "$T_TMP/import"
expect_grep "the name written differently" "填报单位“戊镇人民政府”不在 2021 年的名单上。如果它就是“戊镇”，请运行 tianbiao roster alias 戊镇人民政府 戊镇" "$T_TMP/import"
expect_grep "the conflict" "己镇_附件3_活动进展情况统计表_20210603.csv：有冲突，暂不采用：己镇的附件3" "$T_TMP/import"
td roster alias 戊镇人民政府 戊镇 >"$T_TMP/alias"
expect_grep "the alias applies the three held files" "原来暂存的 3 个文件现已处理" "$T_TMP/alias"
td conflicts >"$T_TMP/conflicts"
expect_grep "the conflict field by field" "理论学习中心组学习次数                66                  6" "$T_TMP/conflicts"
td resolve 己镇 stats keep-new >/dev/null

# ---- status: every unit of the roster right
td status >"$T_TMP/status"
expect_eq "status" "$(sed -n 1,10p "$T_TMP/status")" "2021 年应报单位 8 个
      单位                  附件1     附件2     附件3     联络员
   1  甲镇                  已报      已报      已报      联络员1 13900000001
   2  乙镇                  已报      已报      已报      联络员2 13900000002
   3  丙镇                  已报      已报      已报      联络员3 13900000003
   4  丁镇                  已报      已报      已报      联络员4 13900000004
   5  戊镇                  已报      已报      已报      联络员5 13900000005
   6  己镇                  已报      已报      已报      联络员6 13900000006
   7  庚镇                  未报      未报      未报      -
   8  辛镇                  未报      未报      未报      -"
expect_grep "count line" "附件3 活动进展情况统计表：已收到 6/8，截止 6月25日（还有 22 天）" "$T_TMP/status"
if grep -q '不在名单中' "$T_TMP/status"; then t_fail "no file left held" "$(cat "$T_TMP/status")"; else t_ok "no file left held"; fi

# ---- nothing counted twice, nothing lost: each unit's copy is what the unit has
for pair in 甲镇:a 乙镇:b 丙镇:c 戊镇:e 己镇:f; do
	name=${pair%%:*} key=${pair#*:}
	own=$name
	[ "$key" = e ] && own=戊镇人民政府
	# The unit's name field is blank in its database and filled in by its export.
	for form in liaison plan stats; do
		expect_eq "$name $form as the unit has it" "$(td --unit "$name" get "$form" | grep -v '^unit_name	')" \
			"$(tbu "$own" "$key" get "$form" | grep -v '^unit_name	')"
	done
done
expect_eq "the spreadsheet's edit is taken" "$(td --unit 丁镇 get stats | grep -E '^(study_times|report_date)')" "report_date	6月16日
study_times	44"
expect_eq "the revision counts" "$(td --unit 丙镇 get stats | grep '^study_people')" "study_people	33"
expect_eq "the later revision counts" "$(td --unit 乙镇 get stats | grep '^study_people')" "study_people	22"
expect_eq "the kept copy of the conflict" "$(td --unit 己镇 get stats | grep '^study_times')" "study_times	6"
# One submission per unit and form; the total of study_times over the roster counted once.
expect_eq "one submission per slot" "$(sqlite3 "$DB" "SELECT count(*), count(DISTINCT unit || form_id) FROM submissions")" "18|18"
expect_eq "the total counted once" "$(sqlite3 "$DB" "SELECT sum(CAST(v.value AS INTEGER)) FROM vals v JOIN submissions s ON s.id = v.submission WHERE s.form_id = 'stats' AND v.field = 'study_times'")" "$((1 + 2 + 3 + 44 + 5 + 6))"
# Every file received is kept byte for byte.
td imports >"$T_TMP/imports"
expect_eq "every file in the list" "$(grep -c '字节，' "$T_TMP/imports")" "$nfiles"
lost=0
for f in "$IN"/*.csv; do
	sum=$(sha256sum "$f" | cut -c1-64)
	kept=$(sqlite3 "$DB" "SELECT hex(content) FROM files WHERE sha256 = '$sum'" | xxd -r -p | sha256sum | cut -c1-64)
	[ "$kept" = "$sum" ] || { lost=$((lost + 1)); echo "#   not kept: $f"; }
done
expect_eq "every file kept byte for byte" "$lost" 0
# Importing the same folder again changes nothing and says so.
sqlite3 "$DB" "SELECT * FROM vals ORDER BY 1, 2, 3" >"$T_TMP/vals1"
td import "$IN" >"$T_TMP/again" 2>&1
expect_grep "the same folder again: all duplicates" "共 $nfiles 个文件：新收到 0，已更新 0，重复 $nfiles，较旧 0，有冲突 0，不在名单中 0，拒收 0。" "$T_TMP/again"
sqlite3 "$DB" "SELECT * FROM vals ORDER BY 1, 2, 3" >"$T_TMP/vals2"
if cmp -s "$T_TMP/vals1" "$T_TMP/vals2"; then t_ok "the same folder again: values unchanged"; else t_fail "the same folder again: values unchanged"; fi
expect_status "integrity" 0 td check-db
exit "$t_fails"
