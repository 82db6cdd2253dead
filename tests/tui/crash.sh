#!/usr/bin/env bash
# tests/tui/crash.sh - kill -9 a scripted session at random moments, many times.
# After each kill: PRAGMA integrity_check says ok, and every value the program
# reported saved (TIANBIAO_TRACE, written after each commit) is in the database.
# CRASH_ITERATIONS (default 30) sets the number of kills.
. "$(dirname "$0")/lib-tui.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	t_skip crash.sh "the sqlite3 shell is not installed (tools/deps.sh test installs it)"
	exit 0
fi

# A key script filling the liaison and statistics forms with values unique to run $1,
# slowed down a little so that the kills land everywhere.
crash_script() {
	local i=$1 k
	echo "key Enter"
	echo "key C-u"; echo "type 测试$i"; echo "key Tab Tab"; echo "wait 8"
	echo "key C-u"; echo "type 职务$i"; echo "key Tab"; echo "wait 8"
	echo "key C-u"; echo "type 022-2924$((1000 + i))"; echo "key Tab"; echo "wait 8"
	echo "key C-u"; echo "type 1822216$((1000 + i))"; echo "key Tab"; echo "wait 8"
	echo "key C-u"; echo "type 022-2925$((1000 + i))"; echo "key Tab"; echo "wait 8"
	echo "key C-u"; echo "type wx_$i"; echo "key Tab"; echo "wait 8"
	echo "key C-u"; echo "type u$i@tj.gov.cn"; echo "key Tab Tab"; echo "wait 8"
	echo "key C-u"; echo "type 地址$i"; echo "idle"; echo "key Tab"
	echo "key Esc Down Down Enter Tab"
	echo "key C-u"; echo "type 联系人$i"; echo "key Tab Tab Tab"
	# one value per field (38 after the header): a field set twice in one run could
	# hold a later value whose trace line the kill cut off
	for k in $(seq 1 38); do
		if [ "$k" -eq 3 ] || [ "$k" -eq 38 ]; then	# the two yes/no fields
			echo "type 是"
			echo "key Tab"
			continue
		fi
		echo "key C-u"
		echo "type $((i * 100 + k))"
		if [ $((k % 5)) -eq 0 ]; then echo "idle"; fi
		echo "key Tab"
		echo "wait 8"
	done
}

# The database's values of one form as "FORM.KEY<TAB>VALUE" lines.
db_values() {
	"$TIANBIAO" "${TB_ARGS[@]}" get "$1" | sed "s/^/$1./"
}

iterations=${CRASH_ITERATIONS:-30}
start=$SECONDS
for i in $(seq 1 "$iterations"); do
	crash_script "$i" >"$T_TMP/crash-script"
	: >"$T_TMP/trace"
	TIANBIAO_TRACE="$T_TMP/trace" TIANBIAO_SCRIPT="$T_TMP/crash-script" \
		"$TIANBIAO" "${TB_ARGS[@]}" >/dev/null 2>"$T_TMP/crash-err" &
	pid=$!
	# a random moment within the session (about half a second long)
	sleep "0.$(printf %03d $((RANDOM % 500)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	ic=$(sqlite3 "$TIANBIAO_DB" "PRAGMA integrity_check" 2>&1)
	expect_eq "crash $i: integrity_check" "$ic" "ok"

	# the last value traced for each field must be in the database
	declare -A want=()
	while IFS=$'\t' read -r what value; do
		case "$what" in
		"set "*) want["${what#set }"]=$value ;;
		esac
	done <"$T_TMP/trace"
	{ db_values liaison; db_values stats; } >"$T_TMP/db-values"
	declare -A have=()
	while IFS=$'\t' read -r key value; do
		have["$key"]=$value
	done <"$T_TMP/db-values"
	missing=0
	for key in "${!want[@]}"; do
		if [ "${have[$key]-<none>}" != "${want[$key]}" ]; then
			missing=$((missing + 1))
			echo "#   $key: saved '${want[$key]}', database has '${have[$key]-<none>}'"
		fi
	done
	if [ "$missing" -eq 0 ]; then
		t_ok "crash $i: all ${#want[@]} saved values are there"
	else
		t_fail "crash $i: $missing of ${#want[@]} saved values missing"
	fi
	unset want have
done
echo "# $iterations kills in $((SECONDS - start)) s"

# After all that, a whole session still runs to its end and saves everything.
crash_script 99 >"$T_TMP/crash-script"
: >"$T_TMP/trace"
TIANBIAO_TRACE="$T_TMP/trace" TIANBIAO_SCRIPT="$T_TMP/crash-script" "$TIANBIAO" "${TB_ARGS[@]}"
expect_eq "a full session after the kills: exit 0" "$?" 0
expect_value "a full session after the kills: first value" liaison name "测试99"
expect_value "a full session after the kills: last count" stats culture_people "9937"
expect_value "a full session after the kills: last yes/no" stats platform_used "是"
expect_eq "a full session after the kills: integrity" \
	"$(sqlite3 "$TIANBIAO_DB" "PRAGMA integrity_check" 2>&1)" "ok"

[ "$t_fails" -eq 0 ]
