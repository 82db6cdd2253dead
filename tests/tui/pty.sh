#!/usr/bin/env bash
# tests/tui/pty.sh - the ambiguous-width question at start, on a pseudo-terminal
# played by ptyplay.py: a terminal that never answers does not hold the program up;
# one that draws “ two columns wide gets the warning (what to change in its settings)
# and the forms' quotes drawn as ASCII; one that draws it narrow gets neither.
. "$(dirname "$0")/lib-tui.sh"

if [ ! -x /usr/bin/python3 ]; then
	t_skip pty.sh "no /usr/bin/python3 (tools/deps.sh test installs it)"
	exit 0
fi

# probe ANSWER: run the program on a terminal that answers so; output in $T_TMP/probe.
probe() {
	env -u TIANBIAO_NO_DISPLAY -u TIANBIAO_SCRIPT /usr/bin/python3 \
		"$(dirname "$0")/ptyplay.py" probe "$1" 80 24 -- "$TIANBIAO" "${TB_ARGS[@]}" \
		>"$T_TMP/probe" 2>&1
}

probe none
expect_grep "no answer: the terminal was asked" "asked yes" "$T_TMP/probe"
shown=$(sed -n 's/^shown //p' "$T_TMP/probe")
if [ "$shown" != never ] && [ "$shown" -lt 2000 ]; then
	t_ok "no answer: the screen is up after ${shown} ms (the wait is short)"
else
	t_fail "no answer: the screen comes up at once" "$(cat "$T_TMP/probe")"
fi
if grep -qF "两格宽" "$T_TMP/probe"; then t_fail "no answer: no warning" "$(cat "$T_TMP/probe")"; else
	t_ok "no answer: no warning"; fi

probe narrow
if grep -qF "两格宽" "$T_TMP/probe"; then t_fail "narrow: no warning" "$(cat "$T_TMP/probe")"; else
	t_ok "narrow: no warning"; fi
expect_grep "narrow: the quotes as they are" "宝坻区“安全生产月”活动联络员反馈表" "$T_TMP/probe"

probe wide
expect_grep "wide: says the terminal draws them wide" "这个终端把引号、破折号等符号显示为两格宽" \
	"$T_TMP/probe"
expect_grep "wide: says what to change in its settings" "「模糊宽度字符」（ambiguous width）设为「窄」" \
	"$T_TMP/probe"
expect_grep "wide: the quotes drawn as ASCII, one column as curses counts" \
	'宝坻区"安全生产月"活动联络员反馈表' "$T_TMP/probe"

[ "$t_fails" -eq 0 ]
