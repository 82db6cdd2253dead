#!/usr/bin/env bash
# kill -9 in the middle of importing a folder of unit files, again and again: each time the
# database passes integrity_check, and after importing the folder again it holds exactly
# what one uninterrupted import gives (values, copies, problems, the first outcome of
# every distinct file). The folder has what a district meets: resends, revisions, second
# PCs (conflicts), names written differently (held).
#
#   KILL_FILES=1000 KILL_RUNS=100 bash tests/cli/cli_district_kill.sh   # the full loop
# make check runs a small one (120 files, 6 kills).
. "$(dirname "$0")/../lib.sh"
FILES=${KILL_FILES:-120}
RUNS=${KILL_RUNS:-6}
# A commit every 25 files (500 by default), so that kills fall before, between and after
# batches.
export TIANBIAO_IMPORT_BATCH=25
W="$T_TMP/kill"
mkdir -p "$W"
td() { "$TIANBIAO" --db "$1" "${@:2}"; }

# One unit's stats file, exported by tianbiao, is the template of all the others.
"$TIANBIAO" --db "$W/unit.db" --unit 单位00000 set stats.study_times 3 >/dev/null
"$TIANBIAO" --db "$W/unit.db" set stats.contact 张三 >/dev/null
"$TIANBIAO" --db "$W/unit.db" set stats.phone 022-29240881 >/dev/null
mkdir -p "$W/t" && "$TIANBIAO" --db "$W/unit.db" export stats --format csv -o "$W/t" >/dev/null
/usr/bin/python3 "$TOP/tests/data/import/gen-units.py" "$(ls "$W"/t/*.csv)" "$W/in" "$FILES" --variants
nfiles=$(find "$W/in" -name '*.csv' | wc -l)

# The empty district: the roster, then closed (no -wal left).
td "$W/empty.db" roster import "$W/in.roster.txt" >/dev/null
rm -f "$W/empty.db".bak*

# dump DB: what the database holds, in an order that does not depend on ids or times.
dump() {
	sqlite3 "$1" <<'SQL'
.mode list
SELECT 'sub', u.name, s.form_id, s.year, s.uuid, s.revision, s.form_version, s.origin
  FROM submissions s JOIN units u ON u.id = s.unit ORDER BY 2, 3, 4;
SELECT 'val', u.name, s.form_id, v.field, v.row, v.value FROM vals v
  JOIN submissions s ON s.id = v.submission JOIN units u ON u.id = s.unit ORDER BY 2, 3, 4, 5;
SELECT 'copy', u.name, c.form_id, c.uuid, c.revision, c.digest, c.state, c.file
  FROM copies c JOIN units u ON u.id = c.unit ORDER BY 2, 3, 4, 5, 6, 7;
SELECT 'cval', u.name, c.uuid, c.revision, v.field, v.row, v.value FROM copy_vals v
  JOIN copies c ON c.id = v.copy JOIN units u ON u.id = c.unit ORDER BY 2, 3, 4, 5, 6;
SELECT 'problem', u.name, c.uuid, c.revision, p.seq, p.level, p.field, p.row, p.message
  FROM problems p JOIN copies c ON c.id = p.copy JOIN units u ON u.id = c.unit
  ORDER BY 2, 3, 4, 5;
SELECT 'file', f.sha256, f.size, f.encoding, f.sep, length(f.content),
  (SELECT outcome FROM receipts r WHERE r.file = f.id ORDER BY r.id LIMIT 1)
  FROM files f ORDER BY 2;
SELECT 'received', count(DISTINCT name) FROM receipts;
SQL
}

# The uninterrupted import.
cp "$W/empty.db" "$W/ref.db"
start=$(date +%s.%N)
td "$W/ref.db" import "$W/in" >"$W/ref.out" 2>&1
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
expect_grep "uninterrupted import: every file" "共 $nfiles 个文件" "$W/ref.out"
dump "$W/ref.db" >"$W/ref.dump" 2>&1
echo "# $nfiles files, an uninterrupted import takes $took s; $RUNS kills"

bad=0 killed=0 run=0
# Until RUNS imports were killed before they finished (a kill that comes after the end
# still checks the database, but does not count), at most 3 x RUNS tries.
while [ "$killed" -lt "$RUNS" ] && [ "$run" -lt $((RUNS * 5)) ]; do
	run=$((run + 1))
	cp "$W/empty.db" "$W/k.db"
	rm -f "$W/k.db-wal" "$W/k.db-shm" "$W/k.db".bak*
	# A random moment within 0.9 of the time an uninterrupted import takes.
	delay=$(awk -v t="$took" -v r="$RANDOM" 'BEGIN { printf "%.3f", t * 0.9 * r / 32768 }')
	# The program itself in the background (not a function: that would be a subshell, and
	# kill -9 would leave tianbiao running).
	"$TIANBIAO" --db "$W/k.db" import "$W/in" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	else
		# It finished first: the machine got faster than when the reference ran (load
		# comes and goes), so aim earlier from now on.
		took=$(awk -v t="$took" 'BEGIN { printf "%.3f", t * 0.7 }')
	fi
	wait "$pid" 2>/dev/null
	ic=$(sqlite3 "$W/k.db" "PRAGMA integrity_check" 2>&1)
	[ "$ic" != ok ] && [ -n "${KILL_KEEP:-}" ] && cp -r "$W" "$KILL_KEEP" && echo "# kept" && exit 1
	if [ "$ic" != ok ]; then
		bad=$((bad + 1))
		echo "#   run $run (killed after $delay s): integrity_check: $ic"
		continue
	fi
	td "$W/k.db" import "$W/in" >"$W/k.out" 2>&1
	dump "$W/k.db" >"$W/k.dump" 2>&1
	if ! cmp -s "$W/ref.dump" "$W/k.dump"; then
		bad=$((bad + 1))
		echo "#   run $run (killed after $delay s): after importing again the database differs:"
		diff "$W/ref.dump" "$W/k.dump" | head -5 | sed 's/^/#     /'
		tail -n 3 "$W/k.out" | sed 's/^/#     import: /'
		[ -n "${KILL_KEEP:-}" ] && cp -r "$W" "$KILL_KEEP" && exit 1
	fi
done
echo "# $run runs, $killed imports killed before they finished, $bad runs wrong"
expect_eq "kill -9 during import, $killed times: integrity ok and the same database after importing again" "$bad" 0
expect_eq "the import was killed $RUNS times" "$killed" "$RUNS"
exit "$t_fails"
