#!/usr/bin/env bash
# bench/run.sh TOP OUT - tianbiao's benchmarks, side by side with their floors
# (bench/README.md, docs/performance.md). Run by `make bench`; not a test.
#
#  1. start-up: start, draw the form list, exit (empty key script), against the
#     floor program (floor.c), both with hyperfine -N in a private 100x30 tmux pane;
#  2. peak RSS of the same two runs (/usr/bin/time -f %M, median of 21);
#  3. CPU per key: a scripted 1,000-key session on 附件3 minus a session that only
#     opens it, no display (wait4 rusage; callgrind instructions when valgrind is here);
#  4. export: `tianbiao export plan --format csv` of 10,000 activities against the
#     sqlite3 shell writing the same rows and columns as CSV, and the
#     same plan as .xlsx (libxlsxwriter) with the peak RSS of both exports;
#  5. CPU per key on 附件2's rows list and a row's screen with 50 activities, against
#     the same keys with 1;
#  6. `tianbiao get plan` on a 30 MB database against the same values in a small one;
#  7. `tianbiao check` of a 2,000-field form, per field against a 200-field one.
#
# Prints a table and writes it to OUT/results.txt. Everything temporary lives in one
# directory and one tmux server (-L tbbench), both removed on exit.
# shellcheck disable=SC1111,SC2015  # Chinese quotation marks in data; A && B || die
set -u
TOP=${1:?usage: run.sh TOP OUT}
OUT=${2:?usage: run.sh TOP OUT}
TB=$TOP/tianbiao
FORMS=$TOP/forms
UNIT=宝坻区大白庄镇
SOCK=tbbench
START_ROUNDS=${BENCH_START_ROUNDS:-6}	# start-up: rounds, the order of the two swapped each time
START_RUNS=${BENCH_START_RUNS:-150}	# hyperfine runs per program and round
RSS_RUNS=${BENCH_RSS_RUNS:-21}		# /usr/bin/time runs per program
CPU_RUNS=${BENCH_CPU_RUNS:-7}		# sessions of each kind (CPU per key)
KEYS=1000				# keys in the measured session after opening the form
ACTIVITIES=10000			# rows of the export benchmark
EXPORT_RUNS=${BENCH_EXPORT_RUNS:-10}

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai TIANBIAO_TODAY=2021-06-03
unset TIANBIAO_DB TIANBIAO_FORMS TIANBIAO_SCRIPT TIANBIAO_NO_DISPLAY TIANBIAO_TRACE NO_COLOR
W=$(mktemp -d "${TMPDIR:-/tmp}/tianbiao-bench.XXXXXX") || exit 1
export HOME="$W/home" XDG_DATA_HOME="$W/home/.local/share" TIANBIAO_OUTBOX="$W/outbox"
mkdir -p "$HOME" "$OUT" "$W/rss" "$W/cpu" "$W/exp"

tmx() { env -u TMUX tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
	tmx kill-server >/dev/null 2>&1
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $W" >&2
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die() {
	echo "bench: $*" >&2
	exit 1
}
T0=$SECONDS
step() { printf 'bench: [%3ds] %s\n' "$((SECONDS - T0))" "$*" >&2; }

[ -x "$TB" ] || die "$TB is missing: run make tianbiao first"
for c in hyperfine tmux sqlite3 /usr/bin/time; do
	command -v "$c" >/dev/null 2>&1 || die "$c is missing: run sh tools/deps.sh bench"
done
for c in floor empty cpurun ttyin.so; do
	[ -e "$OUT/$c" ] || die "$OUT/$c is missing: run make -C bench helpers"
done

# median: the middle of the numbers on stdin (the mean of the two middles for an even count).
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else if (NR) printf "%.9g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# hf_median FILE NAME: hyperfine's median (seconds) for the command named NAME.
hf_median() { awk -F, -v n="$2" '$1 == n { print $4 }' "$1"; }
# hf_cpu FILE NAME: hyperfine's mean user+system time (seconds).
hf_cpu() { awk -F, -v n="$2" '$1 == n { print $5 + $6 }' "$1"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# verdict VALUE LIMIT: PASS when VALUE <= LIMIT, else over.
verdict() {
	awk -v v="$1" -v l="$2" 'BEGIN { if (v !~ /^[0-9.]+$/) print "n/a"; else print (v + 0 <= l + 0) ? "PASS" : "over" }'
}
# cpu_us N CMD...: the median user+system CPU time (microseconds) of N runs of CMD.
cpu_us() {
	local n=$1 i
	shift
	for i in $(seq "$n"); do
		"$OUT/cpurun" -o "$W/cpu_us.$i" "$@" >/dev/null 2>"$W/cpu_us.err" ||
			die "$* failed: $(head -c 400 "$W/cpu_us.err")"
		read -r u s _ st <"$W/cpu_us.$i"
		[ "$st" = 0 ] || die "$* exited with $st: $(head -c 400 "$W/cpu_us.err")"
		echo $((u + s))
	done | median
}

tbq() { "$TB" --db "$1" --forms "${2:-$FORMS}" "${@:3}"; }

# ---- the database the screens start on: unit set, some values in each form -------------
step "preparing the databases"
SDB=$W/start.db
tbq "$SDB" "" --unit "$UNIT" set liaison.name 黄璐 || die "tianbiao set failed"
for kv in liaison.mobile=13812345678 liaison.email=hl@example.cn stats.contact=黄璐 \
	stats.phone=022-29240881 stats.study_times=3 stats.study_people=45 \
	"plan.activities[1].kind=开展“6·16安全宣传咨询日”活动" "plan.activities[1].date=6月16日" \
	"plan.activities[1].host=大白庄镇安委办"; do
	tbq "$SDB" "" set "${kv%%=*}" "${kv#*=}" || die "tianbiao set ${kv%%=*} failed"
done
sqlite3 "$W/floor.db" "CREATE TABLE IF NOT EXISTS t(k TEXT PRIMARY KEY, v TEXT)" ||
	die "sqlite3 cannot create $W/floor.db"
: >"$W/empty.keys"
printf 'dump %s\n' "$W/list.txt" >"$W/dump.keys"
TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/dump.keys" COLUMNS=100 LINES=30 tbq "$SDB" ||
	die "tianbiao did not start on $SDB"
grep -qF 附件3 "$W/list.txt" && grep -qF "$UNIT" "$W/list.txt" ||
	die "the first screen is not the form list: $(head -c 400 "$W/list.txt")"

# ---- 1 and 2: start-up time and peak RSS in a real terminal (tmux pane) -----------------
step "start-up and RSS in a $SOCK tmux pane (100x30, $START_ROUNDS x $START_RUNS runs each)"
PANE_TERM=tmux-256color
infocmp "$PANE_TERM" >/dev/null 2>&1 || PANE_TERM=screen
cat >"$W/pane.sh" <<EOF
# Runs inside the pane: stdout and stderr are the pane's terminal, as for a user.
cd "$W" || exit 1
export TERM=$PANE_TERM TIANBIAO_SCRIPT="$W/empty.keys"
trap 'rc=\$?; [ \$rc = 0 ] || tmux -L $SOCK capture-pane -p -t bench -S -60 >"$W/pane.log" 2>&1
	echo \$rc >"$W/pane.done"' EXIT
set -e
# The preload's own cost: an empty program with and without it.
hyperfine -N --style none --output=inherit -w 30 -r $((START_RUNS * 3)) --export-csv "$W/hf-empty.csv" \\
	-n empty "$OUT/empty"
LD_PRELOAD="$OUT/ttyin.so" hyperfine -N --style none --output=inherit -w 30 -r $((START_RUNS * 3)) \\
	--export-csv "$W/hf-preload.csv" -n empty+ttyin "$OUT/empty"
# Rounds, each program's runs in one block, the order swapped every round, so that a
# slow spell of a shared machine falls on both.
F_CMD="$OUT/floor $W/floor.db"
T_CMD="$TB --db $SDB --forms $FORMS"
for r in \$(seq $START_ROUNDS); do
	if [ \$((r % 2)) = 1 ]; then
		set -- -n floor "\$F_CMD" -n tianbiao "\$T_CMD"
	else
		set -- -n tianbiao "\$T_CMD" -n floor "\$F_CMD"
	fi
	LD_PRELOAD="$OUT/ttyin.so" hyperfine -N --style none --output=inherit -w 10 \\
		-r $START_RUNS --export-csv "$W/hf-start.\$r.csv" "\$@"
done
for i in \$(seq $RSS_RUNS); do
	/usr/bin/time -f %M -o "$W/rss/floor.\$i" "$OUT/floor" "$W/floor.db"
	/usr/bin/time -f %M -o "$W/rss/tianbiao.\$i" "$TB" --db "$SDB" --forms "$FORMS"
done
EOF
tmx kill-server >/dev/null 2>&1
tmx new-session -d -x 100 -y 30 -s bench "bash '$W/pane.sh'" ||
	die "tmux could not start"
PANE_DONE=
deadline=$((SECONDS + 150))
while [ "$SECONDS" -le "$deadline" ]; do
	if [ -s "$W/pane.done" ]; then
		PANE_DONE=1
		break
	fi
	sleep 0.1
done
tmx kill-server >/dev/null 2>&1
[ -n "$PANE_DONE" ] || die "the tmux pane did not finish within 150 s"
[ "$(cat "$W/pane.done")" = 0 ] || die "the tmux pane failed: $(tail -c 600 "$W/pane.log")"

E_MED=$(hf_median "$W/hf-empty.csv" empty)
P_MED=$(hf_median "$W/hf-preload.csv" empty+ttyin)
# What the preload adds to every start (never negative); taken off both programs.
PRE=$(calc '%.6f' "($P_MED > $E_MED ? $P_MED - $E_MED : 0)")
# Per round: both medians and their ratio after taking off the preload. The figures
# are the medians over the rounds and the ratio is theirs; the rounds' own ratios
# show the spread.
for r in $(seq "$START_ROUNDS"); do
	f=$(hf_median "$W/hf-start.$r.csv" floor)
	t=$(hf_median "$W/hf-start.$r.csv" tianbiao)
	echo "$f $t $(calc '%.4f' "($t - $PRE) / ($f - $PRE)")"
done >"$W/rounds"
F_MED=$(awk '{ print $1 }' "$W/rounds" | median)
T_MED=$(awk '{ print $2 }' "$W/rounds" | median)
F_START=$(calc '%.6f' "$F_MED - $PRE")
T_START=$(calc '%.6f' "$T_MED - $PRE")
START_RATIO=$(calc '%.2f' "$T_START / $F_START")
START_SPREAD=$(awk '{ print $3 }' "$W/rounds" | sort -n |
	awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
RAW_RATIO=$(calc '%.2f' "$T_MED / $F_MED")
F_RSS=$(cat "$W"/rss/floor.* | median)
T_RSS=$(cat "$W"/rss/tianbiao.* | median)
[ -n "$F_RSS" ] && [ -n "$T_RSS" ] || die "no RSS figures"
RSS_RATIO=$(calc '%.2f' "$T_RSS / $F_RSS")

# ---- 3: CPU per key on 附件3, no display -----------------------------------------------
# keys_gen FORMFILE NKEYS: a key script that opens 附件3 from the list, then NKEYS keys
# (one per line) going round the form's fields in screen order: clear and type a value
# (Chinese in text fields, digits in counts, a phone number, a date), Left Space (是)
# or Right Space (否) on yes/no, Tab to the next field; PgUp back to the top after
# the last one.
keys_gen() {
	awk -v nkeys="$2" '
	function key(k) { if (n < nkeys) { print "key " k; n++ } }
	# typ(s): type the characters of s, one key each; characters are separated by
	# blanks, or s is ASCII (awk may count bytes, not characters)
	function typ(s,   i, m, c) {
		if (index(s, " ") == 0) {
			m = length(s); for (i = 1; i <= m; i++) c[i] = substr(s, i, 1)
		} else {
			m = split(s, c, " ")
		}
		for (i = 1; i <= m && n < nkeys; i++) { print "type " c[i]; n++ }
	}
	/^[ \t]*#/ { next }
	$1 == "field" { id[++nf] = $2; ty[nf] = $3; next }
	$1 == "line" {
		s = $0
		while ((p = index(s, "{")) > 0) {
			s = substr(s, p + 1); split(s, w, /[ }]/)
			id[++nf] = w[1]; ty[nf] = w[2]
		}
	}
	END {
		split("黄 璐,张 伟,王 秀 英,李 建 国,刘 洋,陈 静", names, ",")
		print "key Down Down Enter"
		for (pass = 0; n < nkeys; pass++) {
			for (f = 1; f <= nf && n < nkeys; f++) {
				t = ty[f]
				if (t == "text") {
					key("C-u"); typ(names[(pass + f) % 6 + 1])
				} else if (t == "phone") {
					key("C-u"); typ(sprintf("022-2924%04d", pass * 7 + f))
				} else if (t == "date") {
					key("C-u"); typ(sprintf("%d 月 %d 日", 6 + pass % 2, pass % 9 + 1))
				} else if (t == "count") {
					key("C-u"); typ(sprintf("%d", (pass * 37 + f * 11) % 500))
				} else if (t == "yesno") {
					key(pass % 2 ? "Right" : "Left"); key("Space")
				} else {
					key("Space")
				}
				if (f < nf) key("Tab")
				else for (i = 0; i < 6; i++) key("PgUp")
			}
		}
	}' "$1"
}
step "CPU per key: $CPU_RUNS sessions of $KEYS keys on 附件3 and $CPU_RUNS that only open it"
keys_gen "$FORMS/stats.form" "$KEYS" >"$W/full.keys"
printf 'key Down Down Enter\n' >"$W/open.keys"
[ "$(grep -c '^key \|^type ' "$W/full.keys")" -eq $((KEYS + 1)) ] || die "the key script is short"
sed -n 1p "$W/full.keys" | grep -qx 'key Down Down Enter' || die "the key script does not open 附件3"
# session KIND N: one scripted session on a fresh copy of the start database.
session() {
	rm -f "$W/cpu.db" "$W/cpu.db-wal" "$W/cpu.db-shm"
	sqlite3 "$SDB" ".backup '$W/cpu.db'" || die "cannot copy the database"
	TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/$1.keys" COLUMNS=80 LINES=24 \
		"$OUT/cpurun" -o "$W/cpu/$1.$2" "$TB" --db "$W/cpu.db" --forms "$FORMS" \
		2>"$W/cpu/$1.$2.err"
	read -r _ _ _ st <"$W/cpu/$1.$2"
	[ "$st" = 0 ] && [ ! -s "$W/cpu/$1.$2.err" ] ||
		die "the $1 session failed (exit $st): $(head -c 400 "$W/cpu/$1.$2.err")"
}
for i in $(seq "$CPU_RUNS"); do
	session open "$i"
	session full "$i"
done
# The keys reached the form: every field of 附件3 holds a value after the session.
filled=$(tbq "$W/cpu.db" "" get stats | awk -F '\t' '$2 != "" { n++ } END { print n + 0 }')
total=$(tbq "$W/cpu.db" "" get stats | wc -l)
[ "$filled" -eq "$total" ] || die "after the session only $filled of $total fields are filled"
cpu_of() { cat "$W"/cpu/"$1".[0-9]* | awk '{ print $1 + $2 }' | median; }
O_CPU=$(cpu_of open)
K_CPU=$(cpu_of full)
KEY_MS=$(calc '%.4f' "($K_CPU - $O_CPU) / 1000 / $KEYS")
K_USER=$(cat "$W"/cpu/full.[0-9]* | awk '{ print $1 }' | median)
K_SYS=$(cat "$W"/cpu/full.[0-9]* | awk '{ print $2 }' | median)
stats_rev() { sqlite3 "$1" "SELECT revision FROM submissions WHERE form_id = 'stats'"; }
SAVES=$(($(stats_rev "$W/cpu.db") - $(stats_rev "$SDB")))

# The same two sessions as instruction counts, which do not depend on the machine's load.
IR_KEY=
if command -v valgrind >/dev/null 2>&1; then
	step "CPU per key: the same sessions under callgrind"
	for k in open full; do
		rm -f "$W/cpu.db" "$W/cpu.db-wal" "$W/cpu.db-shm"
		sqlite3 "$SDB" ".backup '$W/cpu.db'"
		TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/$k.keys" COLUMNS=80 LINES=24 \
			valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$k.out" \
			"$TB" --db "$W/cpu.db" --forms "$FORMS" 2>"$W/cg.$k.err" ||
			die "callgrind run failed: $(tail -c 400 "$W/cg.$k.err")"
	done
	ir_of() { awk '/^(summary|totals):/ { print $2; exit }' "$OUT/callgrind.$1.out"; }
	IR_KEY=$(calc '%.0f' "($(ir_of full) - $(ir_of open)) / $KEYS")
	if command -v callgrind_annotate >/dev/null 2>&1; then
		callgrind_annotate --inclusive=yes "$OUT/callgrind.full.out" 2>/dev/null |
			head -n 60 >"$OUT/callgrind.full.txt"
	fi
fi

# ---- 4: export of a plan with 10,000 activities ----------------------------------------
step "export: a plan of $ACTIVITIES activities"
# plan.form allows 50 activities (rows beyond a group's max are kept but not loaded):
# the benchmark uses a copy of the forms whose plan allows all of them.
mkdir -p "$W/forms"
cp "$FORMS"/*.form "$W/forms/"
sed -i "s/^\([[:space:]]*group activities .*\)max=[0-9]*/\1max=$ACTIVITIES/" "$W/forms/plan.form"
grep -q "max=$ACTIVITIES" "$W/forms/plan.form" || die "cannot raise the plan's max in the copy"
EDB=$W/export.db
tbq "$EDB" "$W/forms" --unit "$UNIT" set "plan.activities[1].kind" x >/dev/null ||
	die "tianbiao set failed on $EDB"
tbq "$EDB" "$W/forms" set plan.unit_name "$UNIT" >/dev/null || die "tianbiao set failed"
# The rows, written as docs/storage.md describes them (blank values have no row).
sqlite3 "$EDB" >/dev/null <<SQL || die "cannot fill $EDB"
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $ACTIVITIES - 1)
INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE sub AS SELECT id FROM submissions WHERE form_id = 'plan';
CREATE TEMP TABLE gen(field TEXT, row INTEGER, value TEXT);
INSERT INTO gen SELECT 'kind', i, CASE i % 4
	WHEN 0 THEN '利用抖音、头条等新媒体平台，开展“主播走一线” “公众开放日”“应急直播间”等线上活动'
	WHEN 1 THEN '围绕“专项整治三年行动集中攻坚战”专题活动，开展典型经验做法宣传'
	WHEN 2 THEN '开展“6·16安全宣传咨询日”活动'
	ELSE '安全生产知识竞赛第' || i || '场' END FROM n;
INSERT INTO gen SELECT 'date', i, CASE WHEN i % 5 = 0 THEN '6月5日至7月5日'
	ELSE '6月' || (1 + i % 30) || '日' END FROM n;
INSERT INTO gen SELECT 'place', i, CASE WHEN i % 50 = 0 THEN '-1层多功能厅'
	ELSE '大白庄镇第' || (1 + i % 20) || '村文化广场' END FROM n;
INSERT INTO gen SELECT 'content', i, '组织辖区企业负责人、安全管理人员共' || (20 + i % 80) ||
	'人参加，观看“生命重于泰山”专题片，开展“安全生产月”知识问答；' || char(10) ||
	'现场发放宣传资料' || (100 + i % 400) || '份，解答群众咨询' || (i % 60) || '人次。' FROM n;
INSERT INTO gen SELECT 'host', i, '宝坻区大白庄镇安全生产委员会办公室' FROM n;
INSERT INTO gen SELECT 'assist', i, '镇应急管理办公室、镇综合执法大队' FROM n WHERE i % 3 <> 0;
INSERT INTO gen SELECT 'division', i, '应急办负责组织协调，"安全员"负责现场秩序，' ||
	char(10) || '综合执法大队负责宣传物料准备。' FROM n WHERE i % 2 = 0;
INSERT INTO gen SELECT 'outputs', i, CASE i % 4 WHEN 0 THEN '学习研讨文章、安全贴士'
	WHEN 1 THEN '企业宣传片' ELSE '专访视频、其他：抖音短视频' END FROM n WHERE i % 4 <> 3;
INSERT OR REPLACE INTO vals(submission, field, row, value)
	SELECT (SELECT id FROM sub), field, row, value FROM gen ORDER BY field, row;
UPDATE grouprows SET nrows = $ACTIVITIES
	WHERE submission = (SELECT id FROM sub) AND grp = 'activities';
UPDATE submissions SET revision = revision + 1 WHERE id = (SELECT id FROM sub);
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL

# The sqlite3 side: the columns of tianbiao's CSV (meta columns, 序号, the top-level
# unit field, then the group's fields by label), one row per activity (rows 0 .. nrows-1
# from grouprows, as tianbiao numbers them), each cell a primary-key lookup in vals,
# written as CSV with CRLF to a file. A second, plain dump of the same values (one CSV
# line per stored value, no pivot) is the least the shell can do with these rows.
# sql_head NAME: CSV with CRLF; the next statement's output goes to exp/NAME.csv.
sql_head() {
	echo ".mode csv"
	# shellcheck disable=SC2028  # \r\n is for sqlite3, which expands it
	echo ".separator , \"\\r\\n\""
	echo ".once '$W/exp/$1.csv'"
}
{
	echo ".headers on"
	sql_head sqlite3
	echo "WITH RECURSIVE s AS (SELECT s.id, u.name, s.form_id, s.form_version, s.uuid, s.updated,"
	echo "    s.revision, g.nrows FROM submissions s JOIN units u ON u.id = s.unit"
	echo "    JOIN grouprows g ON g.submission = s.id AND g.grp = 'activities'"
	echo "    WHERE s.form_id = 'plan' AND s.year = 2021 AND u.name = '$UNIT'),"
	echo "  r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < (SELECT nrows FROM s))"
	echo "SELECT s.name AS 填报单位, s.form_id AS 表单编号, s.form_version AS 表单版本,"
	echo "  s.uuid AS 提交编号, s.revision AS 修订号, s.updated AS 修改时间, r.i + 1 AS 序号,"
	echo "  (SELECT value FROM vals WHERE submission = s.id AND field = 'unit_name'"
	echo "   AND row = -1) AS \"镇街（部门）\""
	awk '$1 == "group" && $2 == "activities" { g = 1; next } $1 == "end" { g = 0 }
	     g && $1 == "field" {
		printf "  , (SELECT value FROM vals WHERE submission = s.id AND field = '\''%s'\''", $2
		printf " AND row = r.i) AS \"%s\"\n", $4
	     }' "$W/forms/plan.form"
	echo "FROM s, r ORDER BY r.i;"
} >"$W/export.sql"
{
	sql_head dump
	echo "SELECT field, row, value FROM vals WHERE submission ="
	echo "  (SELECT id FROM submissions WHERE form_id = 'plan') AND row >= 0;"
} >"$W/dump.sql"
EXP_TB="$TB --db $EDB --forms $W/forms export plan --format csv -o $W/exp/tianbiao.csv"
EXP_XL="$TB --db $EDB --forms $W/forms export plan --format xlsx -o $W/exp/tianbiao.xlsx"
EXP_SQ="sqlite3 $EDB \".read $W/export.sql\""
EXP_DUMP="sqlite3 $EDB \".read $W/dump.sql\""
sh -c "$EXP_TB" >/dev/null 2>&1 || die "tianbiao export failed"
sh -c "$EXP_XL" >/dev/null 2>&1 || die "tianbiao export --format xlsx failed"
sh -c "$EXP_SQ" || die "sqlite3 failed"
# Both files hold the same table: the same header and number of records; the cells
# differ only in tianbiao's guards (='...' and a leading '), undone before comparing, and its BOM.
EXP_CHECK=$(python3 - "$W/exp/tianbiao.csv" "$W/exp/sqlite3.csv" 2>/dev/null <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
def plain(c):
    # what a reader gets back: ="..." (digits, dates a spreadsheet would change) and a
    # leading ' before = + - @ are tianbiao's guards (README, csv_cell_text)
    if c.startswith('="') and c.endswith('"'):
        return c[2:-1].replace('""', '"')
    if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@", "\t"):
        return c[1:]
    return c
guarded = sum(1 for r in a[1:] for c in r if plain(c) != c)
diff = sum(1 for ra, rb in zip(a, b) for x, y in zip(ra, rb) if plain(x) != y)
print("%d rows x %d columns each, %d cells guarded, %d differ" % (len(a) - 1, len(a[0]), guarded, diff)
      if len(a) == len(b) and a[0] == b[0] and diff == 0
      else "DIFFERENT: %d vs %d rows, headers %s, %d cells differ" % (len(a), len(b),
           "equal" if a[0] == b[0] else "differ", diff))
PY
)
[ -n "$EXP_CHECK" ] || EXP_CHECK="$(wc -c <"$W/exp/tianbiao.csv") vs $(wc -c <"$W/exp/sqlite3.csv") bytes"
case $EXP_CHECK in DIFFERENT*) die "the two exports differ: $EXP_CHECK" ;; esac
step "export: $EXPORT_RUNS runs each ($EXP_CHECK)"
hyperfine -N --style none -w 2 -r "$EXPORT_RUNS" --export-csv "$W/hf-export.csv" \
	-n tianbiao "$EXP_TB" -n sqlite3 "$EXP_SQ" -n dump "$EXP_DUMP" -n xlsx "$EXP_XL" \
	>/dev/null 2>"$W/hf-export.err" ||
	die "hyperfine failed: $(tail -c 400 "$W/hf-export.err")"
X_TB=$(hf_median "$W/hf-export.csv" tianbiao)
X_SQ=$(hf_median "$W/hf-export.csv" sqlite3)
X_DUMP=$(hf_median "$W/hf-export.csv" dump)
X_XL=$(hf_median "$W/hf-export.csv" xlsx)
X_XL_RATIO=$(calc '%.2f' "$X_XL / $X_TB")
# Peak RSS of the two exports (median of 5 each).
rss_of() { for _ in 1 2 3 4 5; do /usr/bin/time -f %M sh -c "exec $1" 2>&1 >/dev/null | tail -1; done |
	sort -n | sed -n 3p; }
X_RSS_CSV=$(rss_of "$EXP_TB")
X_RSS_XL=$(rss_of "$EXP_XL")
X_XL_SIZE=$(wc -c <"$W/exp/tianbiao.xlsx")
X_RATIO=$(calc '%.2f' "$X_TB / $X_SQ")
X_DUMP_RATIO=$(calc '%.2f' "$X_TB / $X_DUMP")
X_CPU_RATIO=$(calc '%.2f' "$(hf_cpu "$W/hf-export.csv" tianbiao) / $(hf_cpu "$W/hf-export.csv" sqlite3)")

# ---- 5: CPU per key with 50 activities against one, on the rows list and a row's screen --
# plan_db DB N: a database whose plan has N activities, every field filled, made with
# tianbiao set as a clerk's scripts would.
plan_db() {
	local db=$1 n=$2 r
	tbq "$db" "" --unit "$UNIT" set plan.unit_name "$UNIT" >/dev/null || die "set failed on $db"
	for r in $(seq "$n"); do
		for kv in "kind=开展第${r}项“安全生产月”宣传活动" "date=6月$((r % 28 + 1))日" \
			"place=大白庄镇第$((r % 20 + 1))村文化广场" \
			"content=组织辖区企业负责人参加，观看专题片，开展知识问答；现场发放宣传资料$((r * 7))份。" \
			host=大白庄镇安委办 assist=镇应急管理办公室 division=应急办负责组织协调 \
			"outputs=学习研讨文章、安全贴士"; do
			tbq "$db" "" set "plan.activities[$r].${kv%%=*}" "${kv#*=}" 2>/dev/null ||
				die "tianbiao set plan.activities[$r].${kv%%=*} failed on $db"
		done
	done
}
# row_keys_gen FORMFILE NKEYS: opens 附件2, its rows list, the first row, then NKEYS keys
# going round the row's fields (C-u and a value in text, date and long-text fields, Right
# Space on a multiple choice, Tab; PgUp back to the top after the last one).
row_keys_gen() {
	awk -v nkeys="$2" '
	function key(k) { if (n < nkeys) { print "key " k; n++ } }
	function typ(s,   i, m, c) {
		m = split(s, c, " ")
		for (i = 1; i <= m && n < nkeys; i++) { print "type " c[i]; n++ }
	}
	$1 == "group" { g = 1; next }
	$1 == "end" { g = 0 }
	g && $1 == "field" { ty[++nf] = $3 }
	END {
		split("宣 传 咨 询 日,安 全 知 识 竞 赛,应 急 演 练,专 题 讲 座", words, ",")
		print "key Down Enter"
		print "key Tab Enter"
		print "key Enter"
		for (pass = 0; n < nkeys; pass++) {
			for (f = 1; f <= nf && n < nkeys; f++) {
				t = ty[f]
				if (t == "daterange" || t == "date") {
					key("C-u"); typ(sprintf("6 月 %d 日", pass % 28 + 1))
				} else if (t == "multi") {
					key("Right"); key("Space")
				} else {
					key("C-u"); typ(words[(pass + f) % 4 + 1])
				}
				if (f < nf) key("Tab")
				else for (i = 0; i < 3; i++) key("PgUp")
			}
		}
	}' "$1"
}
# list_keys_gen NKEYS: opens 附件2 and its rows list, then NKEYS keys moving in it.
list_keys_gen() {
	echo "key Down Enter"
	echo "key Tab Enter"
	for i in $(seq "$1"); do
		case $((i % 24)) in
		[0-9] | 10) echo "key Down" ;;
		11) echo "key PgDn" ;;
		23) echo "key PgUp" ;;
		*) echo "key Up" ;;
		esac
	done
}
# plan_session KIND DBNAME N: one scripted session of KIND.keys on a fresh copy of DBNAME.
plan_session() {
	local out=$W/cpu/$1-$2.$3
	rm -f "$W/pcpu.db" "$W/pcpu.db-wal" "$W/pcpu.db-shm"
	sqlite3 "$W/$2.db" ".backup '$W/pcpu.db'" || die "cannot copy $2.db"
	TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$W/$1.keys" COLUMNS=80 LINES=24 \
		"$OUT/cpurun" -o "$out" "$TB" --db "$W/pcpu.db" --forms "$FORMS" 2>"$out.err"
	read -r _ _ _ st <"$out"
	[ "$st" = 0 ] && [ ! -s "$out.err" ] ||
		die "the $1 session on $2 failed (exit $st): $(head -c 400 "$out.err")"
}
step "CPU per key with 50 activities and with 1: the rows list and a row's screen"
plan_db "$W/p1.db" 1
plan_db "$W/p50.db" 50
for k in p1 p50; do
	sqlite3 "$W/$k.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
done
list_keys_gen "$KEYS" >"$W/list.keys"
printf 'key Down Enter\nkey Tab Enter\n' >"$W/listopen.keys"
row_keys_gen "$FORMS/plan.form" "$KEYS" >"$W/row.keys"
printf 'key Down Enter\nkey Tab Enter\nkey Enter\n' >"$W/rowopen.keys"
[ "$(grep -c '^key \|^type ' "$W/row.keys")" -eq $((KEYS + 3)) ] || die "the row key script is short"
for i in $(seq "$CPU_RUNS"); do
	for db in p1 p50; do
		for k in list listopen rowopen row; do plan_session "$k" "$db" "$i"; done
	done
done
# The keys reached the row: its name is one the script typed, the other rows are untouched.
tbq "$W/pcpu.db" "" get plan >"$W/p50.after"
tbq "$W/p50.db" "" get plan >"$W/p50.before"
grep -qE '^activities\[1\]\.kind	(宣传咨询日|安全知识竞赛|应急演练|专题讲座)$' "$W/p50.after" ||
	die "the row session did not type into the first row: $(grep -F 'activities[1].kind' "$W/p50.after")"
cmp -s <(grep -v '^activities\[1\]\.' "$W/p50.before") <(grep -v '^activities\[1\]\.' "$W/p50.after") ||
	die "the row session changed other rows"
# key_ms KIND DB: CPU per key, (median of the sessions - median of the opening ones) / KEYS.
key_ms() {
	local full open
	full=$(cat "$W/cpu/$1-$2".[0-9]* | awk '{ print $1 + $2 }' | median)
	open=$(cat "$W/cpu/${1}open-$2".[0-9]* | awk '{ print $1 + $2 }' | median)
	calc '%.4f' "($full - $open) / 1000 / $KEYS"
}
L1_MS=$(key_ms list p1)
L50_MS=$(key_ms list p50)
R1_MS=$(key_ms row p1)
R50_MS=$(key_ms row p50)
# A key costing nothing measurable in both gives no ratio worth the name.
# ratio_of A B MIN: A / B, or - when B is below MIN.
ratio_of() { awk -v a="$1" -v b="$2" -v m="$3" 'BEGIN { if (b >= m) printf "%.2f", a / b; else print "-" }'; }
L_RATIO=$(ratio_of "$L50_MS" "$L1_MS" 0.0005)
R_RATIO=$(ratio_of "$R50_MS" "$R1_MS" 0.0005)

# ---- 6: get on a 30 MB database against the same unit's values in a small one ---------
# bench/gen-district-db.sh (the store's generator) fills one unit's three forms with
# tianbiao set and copies them to the other units: 10,000 units make about 30 MB; the
# small database is the same with 2 units.
step "get: a 30 MB database against a small one"
bash "$TOP/bench/gen-district-db.sh" "$TB" "$FORMS" "$W/big.db" 10000 >"$W/gen.log" 2>&1 ||
	die "gen-district-db.sh failed: $(tail -c 400 "$W/gen.log")"
bash "$TOP/bench/gen-district-db.sh" "$TB" "$FORMS" "$W/small.db" 2 >"$W/gen.log" 2>&1 ||
	die "gen-district-db.sh failed: $(tail -c 400 "$W/gen.log")"
BIG_UNITS=10000
BIG_MB=$(calc '%.1f' "$(stat -c %s "$W/big.db") / 1048576")
SMALL_KB=$(calc '%.0f' "$(stat -c %s "$W/small.db") / 1024")
cmp -s <(tbq "$W/small.db" "" get plan) <(tbq "$W/big.db" "" get plan) ||
	die "get plan differs between the small and the big database"
hyperfine -N --style none -w 3 -r "$EXPORT_RUNS" --export-csv "$W/hf-get.csv" \
	-n small "$TB --db $W/small.db --forms $FORMS get plan" \
	-n big "$TB --db $W/big.db --forms $FORMS get plan" >/dev/null 2>"$W/hf-get.err" ||
	die "hyperfine failed: $(tail -c 400 "$W/hf-get.err")"
G_SMALL=$(hf_median "$W/hf-get.csv" small)
G_BIG=$(hf_median "$W/hf-get.csv" big)
G_RATIO=$(calc '%.2f' "$G_BIG / $G_SMALL")
# CPU time, which a busy machine inflates less than the wall time.
G_CPU_SMALL=$(cpu_us "$EXPORT_RUNS" "$TB" --db "$W/small.db" --forms "$FORMS" get plan)
G_CPU_BIG=$(cpu_us "$EXPORT_RUNS" "$TB" --db "$W/big.db" --forms "$FORMS" get plan)
G_CPU_RATIO=$(calc '%.2f' "$G_CPU_BIG / $G_CPU_SMALL")

# ---- 7: check of a form with 2,000 fields ----------------------------------------------
# form_gen N: a valid form file with N fields of every type, in sections, sentences with
# blanks and a group, all ids and labels distinct.
form_gen() {
	awk -v n="$1" 'BEGIN {
		print "form big"; print "version 1"; print "year 2021"; print "attachment 附件9"
		print "title 大表单测试"; print "name 大表单"
		split("text count phone mobile email date daterange choice yesno longtext wechat multi",
		      t, " ")
		for (i = 1; i <= n; ) {
			if (i % 100 == 1) printf "section 第%d部分\n", (i - 1) / 100 + 1
			if (i % 50 == 26 && i + 2 <= n) {
				printf "line 第%d句：参加（{f%d count label=第%d项人数}）人，", i, i, i
				printf "发放（{f%d count label=第%d项份数}）份。\n", i + 1, i + 1
				i += 2; continue
			}
			if (i % 500 == 250 && i + 3 <= n) {
				printf "group g%d 第%d组 max=20\n", i, i
				for (k = 0; k < 3; k++)
					printf "  field f%d text 第%d组第%d项 width=30\n", i + k, i, k + 1
				print "end"; i += 3; continue
			}
			ty = t[(i - 1) % 12 + 1]; extra = ""
			if (ty == "choice" || ty == "multi") extra = " options=甲|乙|丙"
			printf "field f%d %s 第%d项%s%s\n", i, ty, i, extra, i % 7 ? "" : " required"
			i++
		}
	}'
}
step "check: forms of 2,000, 200 and 1 fields"
form_gen 2000 >"$W/f2000.form"
form_gen 200 >"$W/f200.form"
form_gen 1 >"$W/f1.form"
for f in f2000 f200 f1; do
	"$TB" check "$W/$f.form" >"$W/$f.check" 2>&1 || die "tianbiao check $f.form: $(head -c 400 "$W/$f.check")"
done
grep -q "2000 个字段" "$W/f2000.check" || die "the generated form has not 2000 fields: $(cat "$W/f2000.check")"
C2000=$(cpu_us "$EXPORT_RUNS" "$TB" check "$W/f2000.form")
C200=$(cpu_us "$EXPORT_RUNS" "$TB" check "$W/f200.form")
C1=$(cpu_us "$EXPORT_RUNS" "$TB" check "$W/f1.form")
# Per field beyond the one-field form: the same at 2,000 as at 200 when the parser is
# linear. In instructions (callgrind) when valgrind is here, which the load does not
# change; else in CPU time.
C_UNIT="us CPU"
if command -v valgrind >/dev/null 2>&1; then
	for f in f2000 f200 f1; do
		valgrind --tool=callgrind --callgrind-out-file="$W/cg.$f.out" "$TB" check "$W/$f.form" \
			>/dev/null 2>"$W/cg.$f.err" || die "callgrind check $f failed: $(tail -c 400 "$W/cg.$f.err")"
	done
	cg_ir() { awk '/^(summary|totals):/ { print $2; exit }' "$W/cg.$1.out"; }
	C_PER2000=$(calc '%.0f' "($(cg_ir f2000) - $(cg_ir f1)) / 1999")
	C_PER200=$(calc '%.0f' "($(cg_ir f200) - $(cg_ir f1)) / 199")
	C_UNIT="instr."
else
	C_PER2000=$(calc '%.2f' "($C2000 - $C1) / 1999")
	C_PER200=$(calc '%.2f' "($C200 - $C1) / 199")
fi
C_RATIO=$(ratio_of "$C_PER2000" "$C_PER200" 0.01)

# ---- 8 to 10: the district's import and status (bench/district.sh) ---------------------
step "the district: import 100, 1,000 and 10,000 unit files, again, status"
DISTRICT=$(bash "$TOP/bench/district.sh" "$TB" "$TOP" "$W") || die "bench/district.sh failed"

# ---- 12: the district's totals (bench/totals.sh) on figure 6's 10,000-unit database -------
step "the district: totals stats on $BIG_UNITS units"
TOTALS=$(bash "$TOP/bench/totals.sh" "$TB" "$TOP" "$W" "$W/big.db") || die "bench/totals.sh failed"

# ---- the table ---------------------------------------------------------------------------
ms() { calc '%.2f ms' "$1 * 1000"; }
row() { printf '%-36s %12s %12s %7s %7s  %s\n' "$@"; }
{
	echo "tianbiao benchmark, $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs," \
		"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	row "figure" "tianbiao" "floor" "ratio" "aim" "result"
	row "1 start, draw the list, exit" "$(ms "$T_START")" "$(ms "$F_START")" \
		"${START_RATIO}x" "<=1.5x" "$(verdict "$START_RATIO" 1.5)"
	row "2 peak RSS (median of $RSS_RUNS)" "$T_RSS KB" "$F_RSS KB" "${RSS_RATIO}x" "<=2x" \
		"$(verdict "$RSS_RATIO" 2)"
	row "3 CPU per key, $KEYS keys (stats)" "$KEY_MS ms" "-" "-" "<0.2ms" \
		"$(verdict "$KEY_MS" 0.1999)"
	[ -n "$IR_KEY" ] && row "  callgrind: instructions per key" "$IR_KEY" "-" "-" "-" "(info)"
	row "4 export $ACTIVITIES activities, CSV" "$(ms "$X_TB")" "$(ms "$X_SQ")" "${X_RATIO}x" \
		"<=2x" "$(verdict "$X_RATIO" 2)"
	row "  the same against a plain dump" "$(ms "$X_TB")" "$(ms "$X_DUMP")" \
		"${X_DUMP_RATIO}x" "-" "(info)"
	row "  the same plan as .xlsx / as CSV" "$(ms "$X_XL")" "$(ms "$X_TB")" "${X_XL_RATIO}x" \
		"-" "(info)"
	row "  peak RSS, .xlsx / CSV export" "$X_RSS_XL KB" "$X_RSS_CSV KB" \
		"$(calc '%.2f' "$X_RSS_XL / $X_RSS_CSV")x" "-" "(info)"
	row "5 CPU per key, rows list, 50 acts" "$L50_MS ms" "$L1_MS ms" "${L_RATIO}x" "<=1.5x" \
		"$(verdict "$L_RATIO" 1.5)"
	row "  CPU per key, a row's screen" "$R50_MS ms" "$R1_MS ms" "${R_RATIO}x" "<=1.5x" \
		"$(verdict "$R_RATIO" 1.5)"
	row "6 get plan, ${BIG_MB} MB database" "$(ms "$G_BIG")" "$(ms "$G_SMALL")" "${G_RATIO}x" \
		"<=1.5x" "$(verdict "$G_RATIO" 1.5)"
	row "  CPU time of the same" "$(calc '%.2f ms' "$G_CPU_BIG / 1000")" \
		"$(calc '%.2f ms' "$G_CPU_SMALL / 1000")" "${G_CPU_RATIO}x" "-" "(info)"
	row "7 check a form of 2,000 fields, CPU" "$(calc '%.2f ms' "$C2000 / 1000")" \
		"$(calc '%.2f ms' "$C200 / 1000")" "-" "-" "(info)"
	row "  per field, 2,000 against 200" "$C_PER2000 $C_UNIT" "$C_PER200 $C_UNIT" "${C_RATIO}x" \
		"<=1.5x" "$(verdict "$C_RATIO" 1.5)"
	printf '%s\n' "$DISTRICT" | grep -v '^8-10:'
	printf '%s\n' "$TOTALS" | grep -v '^12:'
	echo
	echo "1: hyperfine -N in a 100x30 tmux pane (TERM=$PANE_TERM), $START_ROUNDS rounds of" \
		"$START_RUNS runs each, the order swapped every round; medians over the rounds" \
		"(the rounds' own ratios: $START_SPREAD). Floor = bench/floor.c." \
		"Both get the pane as stdin through ttyin.so, whose cost ($(ms "$PRE")) is taken" \
		"off both; without that: $(ms "$T_MED") / $(ms "$F_MED") = ${RAW_RATIO}x. An empty" \
		"program takes $(ms "$E_MED")."
	echo "2: /usr/bin/time -f %M (max RSS) of the same two programs in the same pane."
	echo "3: (median user+sys CPU of $CPU_RUNS sessions that open 附件3 and type $KEYS keys:" \
		"$(calc '%.1f' "$K_CPU / 1000") ms [user $(calc '%.1f' "$K_USER / 1000"), sys" \
		"$(calc '%.1f' "$K_SYS / 1000")] - median of $CPU_RUNS that only open it:" \
		"$(calc '%.1f' "$O_CPU / 1000") ms) / $KEYS; TIANBIAO_NO_DISPLAY=1, 80x24;" \
		"the session stores $SAVES changes."
	echo "4: hyperfine -N, medians of $EXPORT_RUNS runs. tianbiao export plan --format csv -o FILE" \
		"against sqlite3 .read of one SELECT giving the same columns and rows (one per" \
		"activity, one primary-key lookup per cell) into a CSV file ($EXP_CHECK; tianbiao" \
		"guards cells a spreadsheet would run or change). CPU (user+sys) ratio ${X_CPU_RATIO}x." \
		"Plain dump: SELECT field, row, value of the same values, no pivot." \
		".xlsx: tianbiao export plan --format xlsx -o FILE ($X_XL_SIZE bytes), the same" \
		"hyperfine runs; peak RSS by /usr/bin/time -f %M, median of 5."
	echo "5: CPU per key as in 3, on 附件2 with 50 activities (floor column: the same keys" \
		"with 1 activity). Rows list: open it, then $KEYS keys Down/Up/PgDn/PgUp. A row's" \
		"screen: open the first row, then $KEYS keys going round its 8 fields (C-u and a" \
		"value, Right Space on 成果形式, Tab); the other rows stay as they were."
	echo "6: hyperfine -N, medians of $EXPORT_RUNS runs of tianbiao get plan: the same" \
		"unit's values in a ${SMALL_KB} KB database of 2 units and in one of ${BIG_MB} MB" \
		"with $BIG_UNITS units' three forms (bench/gen-district-db.sh, a district's" \
		"database); CPU: median user+sys of $EXPORT_RUNS runs."
	echo "7: tianbiao check on generated forms (every type, sections, sentences with blanks," \
		"groups) of 2,000 and 200 fields: median user+sys CPU of $EXPORT_RUNS runs (floor" \
		"column: 200 fields); per field = (cost - cost for a 1-field form) / (fields - 1)," \
		"in $C_UNIT: equal when the parser is linear."
	printf '%s\n' "$DISTRICT" | grep '^8-10:'
	printf '%s\n' "$TOTALS" | grep '^12:'
} >"$OUT/results.txt"
cat "$OUT/results.txt"
step "done"
