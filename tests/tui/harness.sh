#!/usr/bin/env bash
# tests/tui/harness.sh - the screen-test harness itself sees a crash: a program that
# writes its dump and then dies (a sanitizer report, a signal, an unexpected status
# or message) makes `tb` report FAIL, while the dump alone would look right.
. "$(dirname "$0")/lib-tui.sh"

# A stand-in for tianbiao that writes the dump its script asks for, then misbehaves
# as told by FAKE_END.
fake="$T_TMP/fake-tianbiao"
cat >"$fake" <<'FAKE'
#!/usr/bin/env bash
while read -r cmd arg; do
	[ "$cmd" = dump ] && printf 'screen\ncursor 0,0\n' >"$arg"
done <"$TIANBIAO_SCRIPT"
case $FAKE_END in
asan) echo "==1==ERROR: AddressSanitizer: heap-buffer-overflow" >&2; exit 1 ;;
asan-allowed-status) echo "SUMMARY: AddressSanitizer: heap-buffer-overflow" >&2; exit 2 ;;
abort) kill -ABRT $$ ;;
status) exit 3 ;;
stderr) echo "tianbiao: something" >&2 ;;
esac
exit 0
FAKE
chmod +x "$fake"

# harness_case NAME WANT(ok|FAIL) ENV...: run tb on the fake in a subshell and look
# at the line it reported.
harness_case() {
	local name=$1 want=$2 out
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
	out=$(env "$@" bash -c '
		. "$1"
		TIANBIAO=$2
		tb <<<"dump d1"
		expect_screen "the dump" d1 <<<"$(printf "screen\ncursor 0,0")"' _ \
		"$(dirname "$0")/lib-tui.sh" "$fake" 2>&1)
	if printf '%s\n' "$out" | grep -q "^$want .*tianbiao"; then
		t_ok "harness: $name"
	else
		t_fail "harness: $name" "$(printf '%s\n' "$out" | sed 's/^\(ok\|FAIL\) /  \1 /')"
	fi
}

harness_case "a clean run passes" ok FAKE_END=none
harness_case "a sanitizer report after the dump fails" FAIL FAKE_END=asan
harness_case "a sanitizer report fails even with its status expected" FAIL \
	FAKE_END=asan-allowed-status TB_RC=2 TB_STDERR=1
harness_case "a death by SIGABRT after the dump fails" FAIL FAKE_END=abort
harness_case "an unexpected exit status fails" FAIL FAKE_END=status
harness_case "the expected exit status passes" ok FAKE_END=status TB_RC=3
harness_case "unexpected stderr fails" FAIL FAKE_END=stderr
harness_case "expected stderr passes" ok FAKE_END=stderr TB_STDERR=1

[ "$t_fails" -eq 0 ]
