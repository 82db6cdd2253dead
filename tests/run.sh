#!/usr/bin/env bash
# tests/run.sh [-j N] [--ci|--no-src] [--only GLOB] [--except GLOB] BUILDDIR... - run every
# test against each build (or those whose label matches GLOB), print the totals.
#
# For each build directory: the core and store test programs, the form-file fuzz
# corpus replay, then the shell tests (tests/cli, tests/tui) with TIANBIAO set to
# that build's binary. Then, once, the checks of the source itself (tests/src/): a gcc
# -O0 -Werror build, cppcheck, shellcheck, and with --ci (make ci) also clang -O0 and -O2
# builds; --no-src runs none of these (make coverage).
#
# Up to N of these run at the same time (-j N, else $TEST_JOBS, else 2 per core), the
# slowest of the last run first; the results are printed in the order above as they
# come in. In each one's output every "ok " line counts as passed, every "FAIL " line
# as failed, every "skip " line (and a TAP-style "ok NAME # skip") as skipped. A
# program counts as one more failure when it exits non-zero without a FAIL line, dies
# of a signal, runs longer than $TEST_TIMEOUT seconds (default 300), writes anything
# to stderr, or reports nothing at all. The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 2

jobs=${TEST_JOBS:-}
ci=0
only='*'
except=
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=$2; shift 2 ;;
	--ci) ci=1; shift ;;
	--no-src) ci=-1; shift ;;
	--only) only=$2; shift 2 ;;
	--except) except=$2; shift 2 ;;
	*) break ;;
	esac
done
if [ -z "$jobs" ]; then
	jobs=$(($(nproc 2>/dev/null || echo 1) * 2))
fi
timeout_s=${TEST_TIMEOUT:-300}
times_file=build/.test-times	# "SECONDS LABEL" lines from the last run, for the order

W=$(mktemp -d "${TMPDIR:-/tmp}/tianbiao-run.XXXXXX")
trap 'rm -rf "$W"' EXIT

# The jobs, in the order of the report: label, then the command as words.
labels=()
cmds=()
add_job() { # add_job LABEL CMD... (unless --only or --except leave LABEL out)
	# shellcheck disable=SC2053 # the patterns are globs
	[[ $1 == $only ]] || return 0
	# shellcheck disable=SC2053
	[ -n "$except" ] && [[ $1 == $except ]] && return 0
	labels+=("$1")
	shift
	cmds+=("$(printf '%q ' "$@")")
}

for b in "$@"; do
	tag=$(basename "$b")
	for t in "$b"/tests/test_* "$b"/tests/store_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		# A program left from a test file that was renamed or removed is not a test.
		[ -e "tests/core/$(basename "$t").c" ] || continue
		add_job "[$tag] $(basename "$t")" "$t"
	done
	if [ -x "$b/tests/fuzz_form_replay" ]; then
		add_job "[$tag] fuzz corpus replay" "$b/tests/fuzz_form_replay" tests/fuzz/corpus/*
	fi
	if [ -x "$b/tests/fuzz_layout_replay" ]; then
		add_job "[$tag] layout fuzz corpus replay" "$b/tests/fuzz_layout_replay" \
			tests/fuzz/corpus/* forms/*.form tests/core/forms/*.form
	fi
	if [ -x "$b/tests/fuzz_import_replay" ]; then
		add_job "[$tag] import fuzz corpus replay" "$b/tests/fuzz_import_replay" \
			tests/fuzz/corpus-import/*
	fi
	if [ -x "$b/tests/fuzz_keys_replay" ]; then
		add_job "[$tag] key-script fuzz corpus replay" "$b/tests/fuzz_keys_replay" tests/fuzz/keys/*
	fi
	for t in tests/cli/*.sh tests/tui/*.sh; do
		[ -f "$t" ] || continue
		case "$(basename "$t")" in lib-*) continue ;; esac
		add_job "[$tag] $t" env TIANBIAO="$PWD/$b/tianbiao" TIANBIAO_BUILD="$tag" bash "$t"
	done
done
# The source itself: -Werror at -O0 (gcc 12 warns there about what -O2 does not), cppcheck
# and shellcheck; with --ci also clang at -O0 and -O2 (tools/deps.sh ci installs clang).
if [ "$ci" -ge 0 ]; then
	add_job "compile gcc -O0" bash tests/src/compile.sh gcc -O0
	add_job "cppcheck" bash tests/src/cppcheck.sh
	add_job "shellcheck" bash tests/src/shellcheck.sh
fi
if [ "$ci" = 1 ]; then
	add_job "compile clang -O0" bash tests/src/compile.sh clang -O0
	add_job "compile clang -O2" bash tests/src/compile.sh clang -O2
fi
n=${#labels[@]}

# Start order: the slowest of the last run first (unknown ones count as slow).
declare -A last
if [ -r "$times_file" ]; then
	while read -r s l; do last[$l]=$s; done <"$times_file"
fi
order=$(for ((k = 0; k < n; k++)); do
	printf '%s %d\n' "${last[${labels[k]}]:-9999}" "$k"
done | sort -k1,1nr -k2,2n | cut -d' ' -f2)

# run_job K: run job K with its output in $W/K.out and K.err, then K.rc, K.time (wall,
# ms) and K.cpu (user and system CPU seconds of it and the processes it waited for).
run_job() {
	local k=$1 t0 t1 rc TIMEFORMAT='%U %S'
	t0=$(date +%s%N)
	{ time eval "timeout -k 10 $timeout_s ${cmds[k]}" </dev/null >"$W/$k.out" 2>"$W/$k.err"; } \
		2>"$W/$k.cpu"
	rc=$?
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000)) >"$W/$k.time"
	echo "$rc" >"$W/$k.rc.tmp" && mv "$W/$k.rc.tmp" "$W/$k.rc"
}

passed=0
failed=0
skipped=0
next=0	# the next job to report, in report order

# report: print the results of the finished jobs at the head of the report order.
report() {
	local k label rc p f s ms log err why
	while [ "$next" -lt "$n" ] && [ -e "$W/$next.rc" ]; do
		k=$next
		label=${labels[k]}
		log=$W/$k.out
		err=$W/$k.err
		rc=$(cat "$W/$k.rc")
		ms=$(cat "$W/$k.time")
		s=$(grep -ciE '^(skip |ok .*# *skip)' "$log")
		p=$(($(grep -c '^ok ' "$log") - $(grep -ciE '^ok .*# *skip' "$log")))
		f=$(grep -c '^FAIL ' "$log")
		if [ "$f" -gt 0 ]; then
			grep -v '^ok ' "$log" | grep -v '^skip ' | sed "s|^FAIL |FAIL $label: |" | head -60
		fi
		# At most one failure more for how it ended; stderr is shown in any case.
		why=
		if { [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; } && [ "$ms" -ge $((timeout_s * 1000)) ]; then
			why="stopped after $timeout_s s: TEST_TIMEOUT"
		elif [ "$rc" -gt 128 ]; then
			why="killed by signal $((rc - 128))"
		elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			why="exit $rc"
		elif [ -s "$err" ]; then
			why="output on stderr"
		fi
		if [ -n "$why" ]; then
			f=$((f + 1))
			echo "FAIL $label ($why)"
			[ "$why" = "output on stderr" ] || tail -n 20 "$log" | sed 's/^/#   /'
		fi
		if [ -s "$err" ]; then
			echo "#   stderr:"
			head -n 20 "$err" | sed 's/^/#   /'
		fi
		if [ "$p" -eq 0 ] && [ "$s" -eq 0 ] && [ "$f" -eq 0 ]; then
			f=1
			echo "FAIL $label (reported no result)"
			tail -n 20 "$log" | sed 's/^/#   /'
		fi
		grep -h '^skip ' "$log" | sed "s|^skip |skip $label: |"
		if [ "$s" -gt 0 ]; then
			printf '%-40s %4d passed, %d failed, %d skipped %6.1f s\n' "$label" "$p" "$f" "$s" \
				"$(echo "$ms" | awk '{ print $1 / 1000 }')"
		else
			printf '%-40s %4d passed, %d failed %6.1f s\n' "$label" "$p" "$f" \
				"$(echo "$ms" | awk '{ print $1 / 1000 }')"
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		skipped=$((skipped + s))
		next=$((next + 1))
	done
}

t_start=$SECONDS
running=0
for k in $order; do
	while [ "$running" -ge "$jobs" ]; do
		wait -n
		running=$((running - 1))
		report
	done
	run_job "$k" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n
	running=$((running - 1))
	report
done
wait
report

# The times of this run, and those of the last run of the tests not run this time.
mkdir -p "$(dirname "$times_file")"
for ((k = 0; k < n; k++)); do
	last[${labels[k]}]=$(($(cat "$W/$k.time") / 1000 + 1))
done
for l in "${!last[@]}"; do
	echo "${last[$l]} $l"
done | sort -k2 >"$times_file.tmp" && mv -f "$times_file.tmp" "$times_file"

# The CPU they took: on an idle machine the wall time is at least this over the cores.
cpu=$(cat "$W"/*.cpu 2>/dev/null | awk '{ s += $1 + $2 } END { printf "%.0f", s }')
echo "# $n test programs, $jobs at a time, in $((SECONDS - t_start)) s; CPU ${cpu} s" \
	"(at least $((cpu / $(nproc 2>/dev/null || echo 1))) s on $(nproc 2>/dev/null || echo 1) idle cores)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
