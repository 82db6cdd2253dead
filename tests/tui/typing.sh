#!/usr/bin/env bash
# tests/tui/typing.sh - typing that never pauses, killed with kill -9 at a random
# moment, loses nothing older than one second. The program runs on a pseudo-terminal
# (ptyplay.py) that types one character every 40 ms into field after field (Tab after
# 40, so a field takes 1.6 s: leaving it is not what saves it) and records when each
# key was sent; after the kill, every field holds at least
# what was typed into it one second before the kill, and nothing that was not typed.
# TYPING_ITERATIONS (default 3) sets the number of kills.
. "$(dirname "$0")/lib-tui.sh"

if [ ! -x /usr/bin/python3 ] || ! command -v sqlite3 >/dev/null 2>&1; then
	t_skip typing.sh "no /usr/bin/python3 or sqlite3 shell (tools/deps.sh test installs them)"
	exit 0
fi

# A form of plain one-line fields, so that every key is a character that stays.
mkdir -p "$T_TMP/forms"
{
	printf 'form typing\nversion 1\nyear 2021\nattachment 附件8\ntitle 连续输入\nname 连续输入\n'
	for i in $(seq -w 1 30); do printf 'field f%s text 第%s项 width=50\n' "$i" "$i"; done
} >"$T_TMP/forms/typing.form"

iterations=${TYPING_ITERATIONS:-3}
start=$SECONDS
for i in $(seq 1 "$iterations"); do
	rm -f "$TIANBIAO_DB" "$TIANBIAO_DB"-wal "$TIANBIAO_DB"-shm
	env -u TIANBIAO_NO_DISPLAY -u TIANBIAO_SCRIPT TIANBIAO_FORMS="$T_TMP/forms" \
		/usr/bin/python3 "$(dirname "$0")/ptyplay.py" typing "$i$RANDOM" 40 40 1500 4500 \
		"$T_TMP/keys" -- "$TIANBIAO" "${TB_ARGS[@]}" 2>"$T_TMP/pty-err"
	TIANBIAO_FORMS="$T_TMP/forms" "$TIANBIAO" "${TB_ARGS[@]}" get typing >"$T_TMP/db" 2>&1
	# what each field held at the kill, and one second before it
	verdict=$(awk -F '\t' -v dbfile="$T_TMP/db" '
		BEGIN {
			while ((getline line < dbfile) > 0) {
				split(line, kv, "\t"); db[kv[1]] = kv[2]
			}
		}
		$1 == "kill" { kill = $2; next }
		{ t[NR] = $1; k[NR] = $2; n = NR }
		END {
			f = 1; for (j = 1; j <= n; j++) {
				name = sprintf("f%02d", f)
				if (k[j] == "Tab") { f++; continue }
				all[name] = all[name] k[j]
				if (t[j] <= kill - 1000) old[name] = old[name] k[j]
			}
			bad = 0
			for (x = 1; x <= f; x++) {
				name = sprintf("f%02d", x)
				have = db[name]; must = old[name]; may = all[name]
				if (substr(have, 1, length(must)) != must || substr(may, 1, length(have)) != have) {
					printf "%s: typed %s (by kill-1s: %s), database %s; ", name, may, must, have
					bad++
				}
				lost = length(may) - length(have)
				if (lost > worst) worst = lost
			}
			printf "%s %d keys, at most %d characters of a field not yet saved at the kill", (bad ? "BAD" : "OK"), n, worst
		}' "$T_TMP/keys")
	case $verdict in
	OK*) t_ok "typing $i: nothing older than a second lost (${verdict#OK })" ;;
	*) t_fail "typing $i: something older than a second was lost" "$verdict" "$(tail -n 3 "$T_TMP/pty-err")" ;;
	esac
	ic=$(sqlite3 "$TIANBIAO_DB" "PRAGMA integrity_check" 2>&1)
	expect_eq "typing $i: integrity_check" "$ic" "ok"
done
echo "# $iterations kills while typing in $((SECONDS - start)) s"

[ "$t_fails" -eq 0 ]
