#!/usr/bin/env bash
# bench/totals.sh TB TOP W DB - figure 12 of `make bench` (bench/README.md, docs/district.md):
# `tianbiao totals stats --format csv` (the per-unit table 汇总表: every roster unit a row in
# order, every field of 附件3 a column, 合计 and 未填 rows) on DB, the 10,000-unit database of
# bench/gen-district-db.sh, beside the sqlite3 shell running the same query: the roster in
# order joined to each unit's submission and values, pivoted to one column per field, the
# 合计 and 未填 rows over the pivot, written as CSV to a file. Called by run.sh; prints the
# table's rows on stdout, then one line of notes starting with "12:".
# shellcheck disable=SC2015  # A && B || die
set -u
TB=${1:?usage: totals.sh TB TOP W DB}
TOP=${2:?usage: totals.sh TB TOP W DB}
W=${3:?usage: totals.sh TB TOP W DB}/totals
DB=${4:?usage: totals.sh TB TOP W DB}
FORMS=$TOP/forms
RUNS=${BENCH_TOTALS_RUNS:-10}
mkdir -p "$W/out"
die() {
	echo "bench: totals: $*" >&2
	exit 1
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
hf_median() { awk -F, -v n="$2" '$1 == n { print $4 }' "$1"; }	# hyperfine csv: median
hf_cpu() { awk -F, -v n="$2" '$1 == n { print $5 + $6 }' "$1"; }	# mean user + system

UNITS=$(sqlite3 "$DB" "SELECT count(*) FROM roster WHERE year = 2021")
[ "$UNITS" -ge 1000 ] || die "the database has $UNITS roster units"
"$TB" --db "$DB" --forms "$FORMS" totals stats --format csv -o "$W/out" >"$W/tb.log" 2>&1 ||
	die "tianbiao totals failed: $(tail -c 400 "$W/tb.log")"
TB_CSV=$(ls "$W"/out/*_汇总表.csv)

# The SQL: field ids in form order (tianbiao get lists them), labels from tianbiao's own
# header, so that both files have the same columns; counts are summed, others left blank.
UNIT1=$(sqlite3 "$DB" "SELECT u.name FROM roster r JOIN units u ON u.id = r.unit ORDER BY r.pos LIMIT 1")
"$TB" --db "$DB" --forms "$FORMS" --unit "$UNIT1" get stats | cut -f1 >"$W/ids"
grep -o '{[a-z_]* count' "$FORMS/stats.form" | cut -c2- | cut -d' ' -f1 >"$W/counts"
head -n 1 "$TB_CSV" | sed 's/^\xef\xbb\xbf//; s/\r$//' | tr ',' '\n' | sed -n '4,$p' | head -n "$(wc -l <"$W/ids")" >"$W/labels"
[ "$(wc -l <"$W/ids")" = "$(wc -l <"$W/labels")" ] || die "ids and labels differ in number"
# sql_gen KIND: the query; KIND lookup takes each cell by a primary-key lookup in vals (as
# figure 4 does), KIND pivot groups each unit's values with max(CASE) per field.
sql_gen() {
	echo ".headers on"
	echo ".mode csv"
	echo ".once $W/$1.csv"
	echo "WITH p AS MATERIALIZED (SELECT r.pos AS pos, u.name AS unit,"
	echo " CASE WHEN s.id IS NULL THEN '未报' ELSE '已报' END AS state,"
	paste -d'|' "$W/ids" "$W/labels" | while IFS='|' read -r id label; do
		if [ "$1" = lookup ]; then
			echo " (SELECT value FROM vals WHERE submission = s.id AND field = '$id' AND row = -1) AS \"$label\","
		else
			echo " max(CASE WHEN v.field = '$id' THEN v.value END) AS \"$label\","
		fi
	done
	echo " s.revision AS rev FROM roster r JOIN units u ON u.id = r.unit"
	echo " LEFT JOIN submissions s ON s.unit = r.unit AND s.form_id = 'stats' AND s.year = r.year"
	if [ "$1" = lookup ]; then
		echo " WHERE r.year = 2021 ORDER BY r.pos)"
	else
		echo " LEFT JOIN vals v ON v.submission = s.id AND v.row = -1"
		echo " WHERE r.year = 2021 GROUP BY r.unit ORDER BY r.pos)"
	fi
	echo "SELECT * FROM p UNION ALL SELECT NULL, '合计', NULL,"
	paste -d'|' "$W/ids" "$W/labels" | while IFS='|' read -r id label; do
		if grep -qx "$id" "$W/counts"; then echo " sum(CAST(\"$label\" AS INTEGER)),"
		else echo " NULL,"; fi
	done
	echo " NULL FROM p UNION ALL SELECT NULL, '未填', NULL,"
	paste -d'|' "$W/ids" "$W/labels" | while IFS='|' read -r id label; do
		echo " sum(state = '已报') - count(\"$label\"),"
	done
	echo " NULL FROM p;"
}
sql_gen lookup >"$W/lookup.sql"
sql_gen pivot >"$W/pivot.sql"
for k in lookup pivot; do
	sqlite3 -readonly "$DB" ".read $W/$k.sql" || die "the sqlite3 $k query failed"
	cmp -s <(tail -n 2 "$W/lookup.csv") <(tail -n 2 "$W/$k.csv") || die "the $k query differs"
done
# Both tables hold the same figures: the same number of rows, and the same 合计 of counts.
python3 - "$TB_CSV" "$W/lookup.csv" "$W/counts" "$W/ids" <<'EOF' || die "the two tables differ"
import csv, sys
tb = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
sq = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
counts = set(open(sys.argv[3]).read().split())
ids = open(sys.argv[4]).read().split()
assert len(tb) == len(sq), (len(tb), len(sq))
t_tot = [r for r in tb if r[1] == "合计"][0]
s_tot = [r for r in sq if r[1] == "合计"][0]
for k, fid in enumerate(ids):
    if fid in counts:
        assert t_tot[3 + k] == s_tot[3 + k], (fid, t_tot[3 + k], s_tot[3 + k])
EOF

hyperfine -N --style none -w 2 -r "$RUNS" --export-csv "$W/hf.csv" \
	-n tianbiao "$TB --db $DB --forms $FORMS totals stats --format csv -o $W/out" \
	-n sqlite3 "sqlite3 -readonly $DB \".read $W/lookup.sql\"" \
	-n pivot "sqlite3 -readonly $DB \".read $W/pivot.sql\"" >/dev/null 2>"$W/hf.err" ||
	die "hyperfine failed: $(tail -c 400 "$W/hf.err")"
T=$(hf_median "$W/hf.csv" tianbiao)
S=$(hf_median "$W/hf.csv" sqlite3)
TC=$(hf_cpu "$W/hf.csv" tianbiao)
SC=$(hf_cpu "$W/hf.csv" sqlite3)
P=$(hf_median "$W/hf.csv" pivot)
RSS=$(for _ in 1 2 3; do /usr/bin/time -f %M "$TB" --db "$DB" --forms "$FORMS" totals stats \
	--format csv -o "$W/out" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 2p)
# The whole of a district's totals: the form filled in, the table, both workbooks.
hyperfine -N --style none -w 1 -r 3 --export-csv "$W/hf-all.csv" \
	-n all "$TB --db $DB --forms $FORMS totals stats -o $W/out" >/dev/null 2>"$W/hf.err" ||
	die "hyperfine failed: $(tail -c 400 "$W/hf.err")"
ALL=$(hf_median "$W/hf-all.csv" all)

ms() { calc '%.0f ms' "$1 * 1000"; }
row() { printf '%-36s %12s %12s %7s %7s  %s\n' "$@"; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "PASS" : "over") }'; }
R=$(calc '%.2f' "$T / $S")
row "12 totals stats, $UNITS units (CSV)" "$(ms "$T")" "$(ms "$S")" "${R}x" "<=2x" "$(verdict "$R" 2)"
row "  CPU (user+sys) of the same" "$(ms "$TC")" "$(ms "$SC")" "$(calc '%.2f' "$TC / $SC")x" "-" \
	"(info)"
row "  against a max(CASE) pivot" "$(ms "$T")" "$(ms "$P")" "$(calc '%.2f' "$T / $P")x" "-" \
	"(info)"
row "  all formats (txt, csv, 2 x xlsx)" "$(ms "$ALL")" "$(ms "$T")" \
	"$(calc '%.2f' "$ALL / $T")x" "-" "(info)"
row "  peak RSS of the CSV run" "$RSS KB" "-" "-" "-" "(info)"
echo "12: hyperfine -N, medians of $RUNS runs. tianbiao totals stats --format csv -o DIR (the" \
	"汇总表: $UNITS roster units in order, $(wc -l <"$W/ids") field columns, 合计 and 未填 rows) on" \
	"the database of bench/gen-district-db.sh, against sqlite3 -readonly .read of one query:" \
	"the roster in order joined to submissions, one primary-key lookup in vals per cell, the" \
	"合计 (sum of counts) and 未填 rows over it (a materialised CTE), as CSV to a file; both" \
	"tables checked to have the same rows and 合计. Pivot: the same query grouping each" \
	"unit's vals with max(CASE) per field. All formats: the same with the form filled in" \
	"(.txt, .xlsx) and the table as .xlsx too, 3 runs."
