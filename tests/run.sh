#!/usr/bin/env bash
# tests/run.sh BUILDDIR... - run every test against each build and print the totals.
#
# For each build directory: the core and store test programs, the form-file fuzz
# corpus replay, then the shell tests (tests/cli, tests/tui) with TIANBIAO set to
# that build's binary. Every "ok " line counts as passed, every "FAIL " line as
# failed; a program that dies or exits non-zero without a FAIL line counts as one
# failure. The last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() { # run_one LABEL CMD...
	local label=$1; shift
	"$@" >"$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $label (exit $rc)"
		tail -n 20 "$log" | sed 's/^/#   /'
	fi
	if [ "$f" -gt 0 ]; then
		grep -v '^ok ' "$log" | sed "s|^FAIL |FAIL $label: |" | head -60
	fi
	printf '%-40s %4d passed, %d failed\n' "$label" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
}

for b in "$@"; do
	tag=$(basename "$b")
	for t in "$b"/tests/test_* "$b"/tests/store_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		run_one "[$tag] $(basename "$t")" "$t"
	done
	if [ -x "$b/tests/fuzz_form_replay" ]; then
		run_one "[$tag] fuzz corpus replay" "$b/tests/fuzz_form_replay" tests/fuzz/corpus/*
	fi
	for t in tests/cli/*.sh tests/tui/*.sh; do
		[ -f "$t" ] || continue
		case "$(basename "$t")" in lib-*) continue ;; esac
		run_one "[$tag] $t" env TIANBIAO="$PWD/$b/tianbiao" TIANBIAO_BUILD="$tag" bash "$t"
	done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
