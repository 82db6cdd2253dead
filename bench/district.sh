#!/usr/bin/env bash
# bench/district.sh TB TOP W - the district's figures of `make bench` (bench/README.md,
# docs/district.md). Called by run.sh; prints the table's rows for figures 8 to 11 on
# stdout, then one line of notes starting with "8-10:".
#
#  8. import N unit files (附件3, one unit each; N = 100, 1,000, 10,000) into a district
#     database that has only its roster, beside the sqlite3 shell .import-ing the same data
#     rows (one concatenated CSV, no header) into a plain table in one transaction;
#  9. importing the same 10,000 files again (every one 重复，无变化) against the first import;
# 10. status on the 10,000 units, beside the sqlite3 shell listing roster x submission;
# 11. the screens' 收件 page opening on the 10,000 units, beside a unit's form list.
# The unit files come from tests/data/import/gen-units.py, from one unit's stats CSV that
# tianbiao exported. Each timed import starts from a fresh copy of the roster-only database
# (hyperfine --prepare), and includes what the command does at its end (the backup a writer
# makes when it closes, docs/storage.md).
# shellcheck disable=SC2015  # A && B || die
set -u
TB=${1:?usage: district.sh TB TOP W}
TOP=${2:?usage: district.sh TB TOP W}
W=${3:?usage: district.sh TB TOP W}/district
FORMS=$TOP/forms
RUNS_BIG=${BENCH_DISTRICT_RUNS:-3}	# runs of the 10,000-file figures (each some seconds)
mkdir -p "$W"
die() {
	echo "bench: district: $*" >&2
	exit 1
}
step() { echo "bench: district: $*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
hf_median() { awk -F, -v n="$2" '$1 == n { print $4 }' "$1"; }	# hyperfine csv: median
hf_cpu() { awk -F, -v n="$2" '$1 == n { print $5 + $6 }' "$1"; }	# mean user + system

# One unit's stats file, exported by tianbiao: the template of every unit's.
tbq() { "$TB" --forms "$FORMS" "$@"; }
tbq --db "$W/unit.db" --unit 单位00000 set stats.contact 张三 >/dev/null || die "set failed"
tbq --db "$W/unit.db" set stats.phone 022-29240881 >/dev/null || die "set failed"
tbq --db "$W/unit.db" set stats.study_times 3 >/dev/null || die "set failed"
mkdir -p "$W/t" && tbq --db "$W/unit.db" export stats --format csv -o "$W/t" >/dev/null ||
	die "export failed"
TEMPLATE=$(ls "$W"/t/*.csv)
NCOLS=$(head -n 1 "$TEMPLATE" | tr ',' '\n' | wc -l)
CREATE="CREATE TABLE t($(seq -s, -f 'c%g' 1 "$NCOLS"))"

# import_figure N RUNS: sets IMP_TB, IMP_SQ (seconds, medians) for N files.
import_figure() {
	local n=$1 runs=$2 dir=$W/u$1
	/usr/bin/python3 "$TOP/tests/data/import/gen-units.py" "$TEMPLATE" "$dir" "$n" ||
		die "gen-units.py failed"
	tbq --db "$W/roster$n.db" roster import "$dir.roster.txt" >/dev/null || die "roster import failed"
	rm -f "$W/roster$n.db".bak*
	# Both give the same rows: tianbiao imports every file as new.
	cp "$W/roster$n.db" "$W/check.db"
	tbq --db "$W/check.db" import "$dir" | tail -n 4 | grep -q "新收到 $n，" ||
		die "importing $n files did not give $n new ones"
	step "import $n files: $runs runs each"
	hyperfine -N --style none -r "$runs" --export-csv "$W/hf-$n.csv" \
		--prepare "sh -c 'cp $W/roster$n.db $W/d.db && rm -f $W/d.db-wal $W/d.db-shm $W/d.db.bak*'" \
		-n tianbiao "$TB --forms $FORMS --db $W/d.db import $dir" \
		--prepare "rm -f $W/floor.db" \
		-n sqlite3 "sqlite3 $W/floor.db \"$CREATE\" BEGIN \".import --csv $dir.rows.csv t\" COMMIT" \
		>/dev/null 2>"$W/hf-$n.err" || die "hyperfine failed: $(tail -c 300 "$W/hf-$n.err")"
	IMP_TB=$(hf_median "$W/hf-$n.csv" tianbiao)
	IMP_SQ=$(hf_median "$W/hf-$n.csv" sqlite3)
	CPU_TB=$(hf_cpu "$W/hf-$n.csv" tianbiao)
	CPU_SQ=$(hf_cpu "$W/hf-$n.csv" sqlite3)
}

import_figure 100 10
T100=$IMP_TB S100=$IMP_SQ
import_figure 1000 5
T1000=$IMP_TB S1000=$IMP_SQ
import_figure 10000 "$RUNS_BIG"
T10000=$IMP_TB S10000=$IMP_SQ C10000=$CPU_TB CS10000=$CPU_SQ

# 6: the same 10,000 again, into the database the first import made.
cp "$W/roster10000.db" "$W/full.db"
tbq --db "$W/full.db" import "$W/u10000" >/dev/null || die "import failed"
rm -f "$W/full.db".bak*
step "the same 10,000 again: $RUNS_BIG runs"
hyperfine -N --style none -r "$RUNS_BIG" --export-csv "$W/hf-again.csv" \
	--prepare "sh -c 'cp $W/full.db $W/d.db && rm -f $W/d.db-wal $W/d.db-shm $W/d.db.bak*'" \
	-n again "$TB --forms $FORMS --db $W/d.db import $W/u10000" \
	>/dev/null 2>"$W/hf-again.err" || die "hyperfine failed: $(tail -c 300 "$W/hf-again.err")"
AGAIN=$(hf_median "$W/hf-again.csv" again)
CAGAIN=$(hf_cpu "$W/hf-again.csv" again)
cp "$W/full.db" "$W/d.db" && rm -f "$W/d.db".bak*
tbq --db "$W/d.db" import "$W/u10000" | tail -n 4 | grep -q "重复 10000，" ||
	die "importing the same files again did not give 10000 duplicates"

# 7: status on 10,000 units, and the same facts from the sqlite3 shell.
STATUS_SQL="SELECT r.pos, u.name, s.revision, c.received FROM roster r JOIN units u ON u.id = r.unit
 LEFT JOIN submissions s ON s.unit = r.unit AND s.form_id = 'stats' AND s.year = r.year
 LEFT JOIN copies c ON c.unit = r.unit AND c.form_id = 'stats' AND c.state = 'current'
 WHERE r.year = 2021 ORDER BY r.pos"
step "status on 10,000 units"
hyperfine -N --style none -w 1 -r 10 --export-csv "$W/hf-status.csv" \
	-n status "$TB --forms $FORMS --db $W/full.db status" \
	-n sqlite3 "sqlite3 $W/full.db \"$STATUS_SQL\"" \
	>/dev/null 2>"$W/hf-status.err" || die "hyperfine failed: $(tail -c 300 "$W/hf-status.err")"
ST_TB=$(hf_median "$W/hf-status.csv" status)
ST_SQ=$(hf_median "$W/hf-status.csv" sqlite3)
"$TB" --forms "$FORMS" --db "$W/full.db" status | grep -q "已收到 10000/10000" ||
	die "status does not count 10000/10000"

# 11: the screens' 收件 page opening on the 10,000 units (start, draw it, exit: an empty key
# script, no display) against a unit's form list opening the same way on its own database.
step "the inbox screen on 10,000 units"
: >"$W/empty.keys"
TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/empty.keys" LINES=24 COLUMNS=80 hyperfine -N --style none \
	-w 5 -r 40 --export-csv "$W/hf-inbox.csv" \
	-n inbox "$TB --forms $FORMS --db $W/full.db --unit 区安委会" \
	-n list "$TB --forms $FORMS --db $W/unit.db --unit 单位00000" \
	>/dev/null 2>"$W/hf-inbox.err" || die "hyperfine failed: $(tail -c 300 "$W/hf-inbox.err")"
IN_TB=$(hf_median "$W/hf-inbox.csv" inbox)
IN_LIST=$(hf_median "$W/hf-inbox.csv" list)
printf 'dump %s\n' "$W/inbox.txt" >"$W/dump.keys"
TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/dump.keys" LINES=24 COLUMNS=80 \
	"$TB" --forms "$FORMS" --db "$W/full.db" --unit 区安委会 &&
	grep -q "已收到 10000/10000" "$W/inbox.txt" || die "the inbox does not count 10000/10000"

ms() { calc '%.0f ms' "$1 * 1000"; }
row() { printf '%-36s %12s %12s %7s %7s  %s\n' "$@"; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "PASS" : "over") }'; }
R100=$(calc '%.1f' "$T100 / $S100")
R1000=$(calc '%.1f' "$T1000 / $S1000")
R10000=$(calc '%.1f' "$T10000 / $S10000")
RAGAIN=$(calc '%.2f' "$AGAIN / $T10000")
RST=$(calc '%.1f' "$ST_TB / $ST_SQ")
row "8 import 10,000 unit files" "$(ms "$T10000")" "$(ms "$S10000")" "${R10000}x" "<=3x" \
	"$(verdict "$R10000" 3)"
row "  CPU (user+sys) of the same" "$(ms "$C10000")" "$(ms "$CS10000")" \
	"$(calc '%.1f' "$C10000 / $CS10000")x" "-" "(info)"
row "  import 1,000" "$(ms "$T1000")" "$(ms "$S1000")" "${R1000}x" "-" "(info)"
row "  import 100" "$(ms "$T100")" "$(ms "$S100")" "${R100}x" "-" "(info)"
row "  per file: 100 / 1,000 / 10,000" \
	"$(calc '%.2f' "$T100 * 10") $(calc '%.2f' "$T1000") $(calc '%.2f' "$T10000 / 10") ms" \
	"" "" "linear" "(info)"
row "9 the same 10,000 again (重复)" "$(ms "$AGAIN")" "$(ms "$T10000")" "${RAGAIN}x" "<=0.5x" \
	"$(verdict "$RAGAIN" 0.5)"
row "  CPU (user+sys) of the same" "$(ms "$CAGAIN")" "$(ms "$C10000")" \
	"$(calc '%.2f' "$CAGAIN / $C10000")x" "-" "(info)"
row "10 status on 10,000 units" "$(ms "$ST_TB")" "$(ms "$ST_SQ")" "${RST}x" "-" "(info)"
RIN=$(calc '%.2f' "$IN_TB / $IN_LIST")
row "11 收件 screen on 10,000 units" "$(calc '%.1f ms' "$IN_TB * 1000")" \
	"$(calc '%.1f ms' "$IN_LIST * 1000")" "${RIN}x" "<=2x" "$(verdict "$RIN" 2)"
echo "8-10: hyperfine -N, medians (10,000 files: $RUNS_BIG runs; 1,000: 5; 100: 10). tianbiao" \
	"import DIR of generated 附件3 files (one unit each, $NCOLS columns) into a copy of a" \
	"database holding only the roster, against sqlite3 .import of the same data rows (one" \
	"CSV) into a plain table in one transaction. 9 is against the first import (8)." \
	"10: tianbiao status (every unit x form, counts, contacts) against sqlite3 listing" \
	"roster x submission of one form. 11: tianbiao opening on the 10,000-unit database" \
	"(the screens' 收件 page, TIANBIAO_NO_DISPLAY=1, an empty key script, 80x24) against" \
	"a unit's form list opening the same way on its own database; medians of 40 runs."
