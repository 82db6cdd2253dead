# shellcheck shell=bash
# tests/lib.sh - helpers for the shell tests (command line, screens, terminal).
#
# Each test script sources this file and reports with t_ok / t_fail / t_skip;
# tests/run.sh counts the "ok ", "FAIL " and "skip " lines. The environment is fixed so that results do
# not depend on the machine: locale, time zone, terminal, home and the date.
# TIANBIAO is the binary under test (set by tests/run.sh).

set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=xterm-256color COLUMNS=80 LINES=24
export TIANBIAO_TODAY=2021-06-03
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${TIANBIAO:=$TOP/tianbiao}"
export TIANBIAO_FORMS="$TOP/forms"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tianbiao-test.XXXXXX")
export HOME="$T_TMP/home" XDG_DATA_HOME="$T_TMP/home/.local/share"
mkdir -p "$HOME"
export TIANBIAO_DB="$T_TMP/test.db"
trap 'rm -rf "$T_TMP"' EXIT

# Tests read files back with Debian's python3 (csv, openpyxl), never another python3 on
# PATH (a pyenv build has no openpyxl); tools/deps.sh test installs it.
python3() { /usr/bin/python3 "$@"; }

# The sqlite3 shell waits up to 5 s for a lock instead of failing with "database is
# locked" when it reads while tianbiao writes (a loaded machine makes that window long).
# Defined only where the shell is installed, so that `command -v sqlite3` still tells.
if type -P sqlite3 >/dev/null; then
	sqlite3() { command sqlite3 -cmd '.timeout 5000' "$@"; }
fi

t_fails=0
t_ok() { echo "ok $1"; }
# t_skip NAME WHY: a check that cannot run here; counted as skipped, never as passed.
t_skip() { echo "skip $1: $2"; }
t_fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "#   $l"; done; t_fails=$((t_fails + 1)); }

# expect_eq NAME GOT WANT: compare two strings, showing a diff on failure.
expect_eq() {
	if [ "$2" == "$3" ]; then t_ok "$1"; else
		t_fail "$1"
		diff <(printf '%s\n' "$3") <(printf '%s\n' "$2") | sed 's/^/#   /' | head -40
	fi
}

# expect_status NAME WANT CMD...: run CMD, compare its exit status.
expect_status() {
	local name=$1 want=$2; shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then t_ok "$name"; else
		t_fail "$name" "exit $got, want $want" "stdout: $(head -c 400 "$T_TMP/out")" "stderr: $(head -c 400 "$T_TMP/err")"
	fi
}

# expect_grep NAME PATTERN FILE: FILE contains PATTERN (fixed string).
expect_grep() {
	if grep -qF -- "$2" "$3"; then t_ok "$1"; else
		t_fail "$1" "'$2' not in $3:" "$(head -c 600 "$3")"
	fi
}
