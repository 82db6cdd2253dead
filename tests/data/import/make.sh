#!/usr/bin/env bash
# tests/data/import/make.sh - how the import fixtures were made (run from the top directory;
# needs a built ./tianbiao and LibreOffice). The files are committed: the test does not run
# this, because the submission ids are random and LibreOffice is slow.
#
#   orig-*.csv      tianbiao 0.1's CSV export (UTF-8 with BOM, CRLF) of one unit's three forms
#   orig-*.txt      its text export (refused on import: the CSV is needed)
#   lo-*.xlsx       orig-*.csv opened in LibreOffice Calc with a Chinese locale
#                   (--infilter="CSV:44,34,76,1,,2052") and saved as .xlsx
#   lo-gbk-*.csv    that .xlsx saved again as CSV in GBK ("CSV:44,34,61,1,,2052", 61 = MS-936),
#                   as plain "CSV" on Chinese Windows would: 6月16日 became 6/16/<this year>,
#                   ="18222169302" became 18222169302, LF line ends
#   lo-semi-*.csv   the same in UTF-8 with ';' between cells ("CSV:59,34,76,1,,2052")
#   lo-utf16-*.txt  the same as "Unicode 文本": UTF-16LE with BOM, TAB between cells
#                   ("CSV:9,34,65535,1,,2052")
#   lo-gbktab-stats.txt  the same in GBK with TAB between cells ("CSV:9,34,61,1,,2052"),
#                   as Excel's "文本文件（制表符分隔）" on Chinese Windows
# The hand-made variants (what Excel does that LibreOffice does not) are written by the test
# itself from orig-*.csv, so that each shows the one thing it changes.
set -eu
T=${TIANBIAO:-./tianbiao}
OUT=tests/data/import
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export TIANBIAO_FORMS=$PWD/forms TIANBIAO_TODAY=2021-06-10
db=(--db "$W/unit.db" --unit 宝坻区大白庄镇人民政府)
"$T" "${db[@]}" set liaison.name 张三
"$T" "${db[@]}" set liaison.gender 男
"$T" "${db[@]}" set liaison.position 安全员
"$T" "${db[@]}" set liaison.office_phone 022-29240881
"$T" "${db[@]}" set liaison.mobile 18222169302
"$T" "${db[@]}" set liaison.email dbz@tj.gov.cn
"$T" "${db[@]}" set liaison.wechat "=wx_zhang"
"$T" "${db[@]}" set liaison.address "天津市宝坻区大白庄镇政府路1号"
"$T" "${db[@]}" set stats.contact 李四
"$T" "${db[@]}" set stats.phone 022-29240881
"$T" "${db[@]}" set stats.report_date 6月16日
"$T" "${db[@]}" set stats.study_times 3
"$T" "${db[@]}" set stats.study_people 45
"$T" "${db[@]}" set stats.film_studied 是
"$T" "${db[@]}" set stats.film_sessions 0
"$T" "${db[@]}" set stats.platform_used 否
"$T" "${db[@]}" set 'plan.activities[1].kind' "开展“6·16安全宣传咨询日”活动"
"$T" "${db[@]}" set 'plan.activities[1].date' 6月16日
"$T" "${db[@]}" set 'plan.activities[1].place' 镇政府广场
"$T" "${db[@]}" set 'plan.activities[1].content' "设置咨询台3个，发放宣传资料2000份。
现场解答群众提问，\"引号\"，逗号,都在。"
"$T" "${db[@]}" set 'plan.activities[1].host' 大白庄镇安委会
"$T" "${db[@]}" set 'plan.activities[1].outputs' "安全贴士、其他：宣传海报"
"$T" "${db[@]}" set 'plan.activities[2].kind' 安全生产月集中宣传
"$T" "${db[@]}" set 'plan.activities[2].date' 6月5日至6月30日
"$T" "${db[@]}" set 'plan.activities[2].content' 入企宣传
"$T" "${db[@]}" set 'plan.activities[2].host' 大白庄镇应急办
mkdir -p "$W/out"
"$T" "${db[@]}" export --all --format both -o "$W/out" >/dev/null
for f in liaison:附件1 plan:附件2 stats:附件3; do
	id=${f%%:*} att=${f#*:}
	cp "$W"/out/*"_${att}_"*.csv "$OUT/orig-$id.csv"
	cp "$W"/out/*"_${att}_"*.txt "$OUT/orig-$id.txt"
	cp "$OUT/orig-$id.csv" "$W/$id.csv"
	soffice --headless --infilter="CSV:44,34,76,1,,2052" --convert-to xlsx --outdir "$W" \
		"$W/$id.csv" >/dev/null 2>&1
	cp "$W/$id.xlsx" "$OUT/lo-$id.xlsx"
	for v in gbk:44,34,61 semi:59,34,76 utf16:9,34,65535 gbktab:9,34,61; do
		name=${v%%:*} opt=${v#*:}
		rm -rf "$W/conv"
		soffice --headless --convert-to "csv:Text - txt - csv (StarCalc):$opt,1,,2052" \
			--outdir "$W/conv" "$W/$id.xlsx" >/dev/null 2>&1
		ext=csv
		[ "$name" = utf16 ] || [ "$name" = gbktab ] && ext=txt
		[ "$name" = gbktab ] && [ "$id" != stats ] && continue
		cp "$W/conv/$id.csv" "$OUT/lo-$name-$id.$ext"
	done
done
ls -l "$OUT"
# unit-v1.db was made by tianbiao at schema version 1 (commit 8416b9e, before the district's
# tables): unit 宝坻区周良街道, stats.study_times 7, stats.contact 王五, plan row 1 kind 宣传,
# liaison.name 赵六, liaison.mobile 13900000001. The store test opens a copy and checks that
# the migration to version 2 keeps every value.
