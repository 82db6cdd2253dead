# shellcheck shell=bash
# tests/tui/lib-tui.sh - helpers for the screen tests (docs/testing.md).
#
# Scripted tests run the real program with TIANBIAO_SCRIPT (keys from a file) and
# TIANBIAO_NO_DISPLAY=1 (curses draws into memory only): no terminal is needed.
# A script's `dump FILE` writes the screen as text, which the tests compare with
# the expected screen written inline. Terminal tests (tmux) have their own helpers
# below. Sourced after tests/lib.sh's fixed environment (80x24, date 2021-06-03).

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

export TIANBIAO_NO_DISPLAY=1 TIANBIAO_OUTBOX="$T_TMP/outbox"
unset TIANBIAO_SCRIPT TIANBIAO_TRACE
UNIT=宝坻区大白庄镇
# Options before the command for every run; the unit is given so no question is asked.
TB_ARGS=(--unit "$UNIT")

# tb [ARGS...] <<'EOF' ... EOF: run the screens on the key script read from stdin,
# in $T_TMP/run (dump files land there; emptied before each run). Sets tb_rc; stderr
# is in $T_TMP/stderr. Every run is itself a test: it fails when the exit status is
# not TB_RC (default 0), when anything was written to stderr unless TB_STDERR=1, and
# always on a sanitizer report or a death by signal (unless TB_RC names it), so a
# crash after the last dump is never missed. A test that expects another status or a
# message says so on the call: TB_RC=2 TB_STDERR=1 tb <<'EOF'.
tb() {
	local where want=${TB_RC:-0} why=
	where="$(basename "${BASH_SOURCE[1]}"):${BASH_LINENO[0]}"
	cat >"$T_TMP/script"
	rm -rf "$T_TMP/run"
	mkdir -p "$T_TMP/run"
	(cd "$T_TMP/run" && TIANBIAO_SCRIPT="$T_TMP/script" "$TIANBIAO" "${TB_ARGS[@]}" "$@") \
		>"$T_TMP/stdout" 2>"$T_TMP/stderr"
	tb_rc=$?
	if [ "$tb_rc" -ne "$want" ]; then
		why="exit status $tb_rc, want $want"
		[ "$tb_rc" -gt 128 ] && why="$why (killed by signal $((tb_rc - 128)))"
	elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|SUMMARY: ' "$T_TMP/stderr"; then
		why="a sanitizer report on stderr"
	elif [ -s "$T_TMP/stderr" ] && [ "${TB_STDERR:-0}" != 1 ]; then
		why="unexpected output on stderr"
	fi
	if [ -z "$why" ]; then
		t_ok "$where: tianbiao exits $want${TB_STDERR:+ with its message}"
	else
		t_fail "$where: tianbiao: $why" "stderr: $(head -c 1500 "$T_TMP/stderr")"
	fi
}

# expect_screen NAME DUMP <<'EOF' ... EOF: the dump equals the expected screen
# (all rows, trailing blanks trimmed, then "cursor Y,X").
expect_screen() {
	local want got
	want=$(cat)
	if [ ! -f "$T_TMP/run/$2" ]; then
		t_fail "$1" "no dump $2 (the script stopped early?)" "$(head -c 400 "$T_TMP/stderr")"
		return
	fi
	got=$(cat "$T_TMP/run/$2")
	expect_eq "$1" "$got" "$want"
}

# expect_rows NAME DUMP FIRST LAST <<'EOF' ... EOF: rows FIRST..LAST (0-based) of the dump.
expect_rows() {
	local want got
	want=$(cat)
	if [ ! -f "$T_TMP/run/$2" ]; then
		t_fail "$1" "no dump $2"
		return
	fi
	got=$(sed -n "$(($3 + 1)),$(($4 + 1))p" "$T_TMP/run/$2")
	expect_eq "$1" "$got" "$want"
}

# expect_row NAME DUMP ROW TEXT: one row of the dump.
expect_row() {
	local got
	got=$(sed -n "$(($3 + 1))p" "$T_TMP/run/$2" 2>/dev/null)
	expect_eq "$1" "$got" "$4"
}

# expect_cursor NAME DUMP "Y,X": where the hardware cursor was.
expect_cursor() {
	expect_eq "$1" "$(tail -n 1 "$T_TMP/run/$2" 2>/dev/null)" "cursor $3"
}

# get_value FORM KEY: one value as `tianbiao get FORM` prints it.
get_value() {
	"$TIANBIAO" "${TB_ARGS[@]}" get "$1" | awk -F '\t' -v k="$2" '$1 == k { print $2; f = 1 } END { exit !f }'
}

# expect_value NAME FORM KEY VALUE: the database holds VALUE for FORM's KEY.
expect_value() {
	local got
	got=$(get_value "$2" "$3")
	expect_eq "$1" "$got" "$4"
}

# ---- real terminal (tmux) ----

TMUX_N=0
TMUX_SOCK="tianbiao-test-$$-0"
# tmx ARGS...: tmux on the test's private server.
tmx() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

# tmux_start COLS ROWS CMD: a new private tmux server (a fresh socket each time, so
# no race with the last one shutting down) running CMD in one pane, with the test
# environment but without the scripted-test variables.
tmux_start() {
	local cols=$1 rows=$2
	shift 2
	tmux_stop
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK="tianbiao-test-$$-$TMUX_N"
	env -u TIANBIAO_NO_DISPLAY -u TIANBIAO_SCRIPT -u TMUX \
		tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" -s t \
		"env LC_ALL=$LC_ALL TERM=${TB_TERM:-tmux-256color} $*" || return 1
	tmx set-option -t t remain-on-exit on >/dev/null 2>&1
	return 0
}

tmux_stop() { tmx kill-server >/dev/null 2>&1; }

# tmux_cursor: "X,Y" of the pane's cursor.
tmux_cursor() { tmx display-message -p -t t '#{cursor_x},#{cursor_y}' 2>/dev/null; }

# tmux_screen: the pane's text now.
tmux_screen() { tmx capture-pane -p -t t 2>/dev/null; }

# tmux_wait TEXT [SECONDS]: poll the pane until TEXT (fixed string) shows, or the
# deadline passes (default 10 s); never a fixed sleep. Returns 1 on timeout.
tmux_wait() {
	local text=$1 deadline=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if tmux_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# tmux_wait_gone TEXT [SECONDS]: poll until TEXT is no longer shown.
tmux_wait_gone() {
	local text=$1 deadline=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if ! tmux_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# tmux_dead [SECONDS]: poll until the program in the pane has exited.
tmux_dead() {
	local deadline=$((SECONDS + ${1:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		if [ "$(tmx display-message -p -t t '#{pane_dead}' 2>/dev/null)" = 1 ]; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# wait_for FILE [SECONDS]: poll until FILE exists and is not empty.
wait_for() {
	local deadline=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
