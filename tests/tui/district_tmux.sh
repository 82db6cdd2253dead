#!/usr/bin/env bash
# The import page on a real terminal (tmux, 80x24) with a folder of 200 units' files: the
# progress count while it runs, keys answered in the middle (Esc stops after the file
# under way, Enter goes on), and kill -9 in the middle: the database is sound, and after
# importing again it holds exactly what an uninterrupted import gives. The import is paced
# (TIANBIAO_IMPORT_PACE_MS) so that its middle lasts long enough to be seen on any machine.
. "$(dirname "$0")/lib-district.sh"

if ! command -v tmux >/dev/null 2>&1; then
	t_skip district_tmux.sh "tmux is not installed (tools/deps.sh test installs it)"
	exit 0
fi
trap 'tmux_stop; rm -rf "$T_TMP"' EXIT

district_template
specs=()
for i in $(seq 1 200); do
	specs+=("第${i}镇:stats:理论学习中心组学习次数=$i")
	echo "第${i}镇"
done >"$T_TMP/名单.txt"
district_files "${specs[@]}"
td roster import "$T_TMP/名单.txt" >/dev/null

# The program in a shell that keeps the pane after it ends; its pid for kill -9.
cat >"$T_TMP/run.sh" <<EOF
#!/bin/sh
export TIANBIAO_IMPORT_PACE_MS=15
exec "$TIANBIAO" --unit "$DISTRICT"
EOF
chmod +x "$T_TMP/run.sh"
tb_pid() { tmx display-message -p -t t '#{pane_pid}' 2>/dev/null; }

# progress N: the count shown now (正在导入 N/200), or empty.
progress() { tmux_screen | sed -n 's/.*正在导入 \([0-9]*\)\/200.*/\1/p' | head -n 1; }

# ---- the count goes up while the import runs; Esc stops it, Enter goes on
tmux_start 80 24 "$T_TMP/run.sh"
if tmux_wait "区里收表 · 收件"; then t_ok "tmux: a district's database opens on the inbox"; else
	t_fail "tmux: a district's database opens on the inbox" "$(tmux_screen)"
fi
tmx send-keys -t t 2
if tmux_wait "里面有 200 个文件"; then t_ok "tmux: the import page counts the folder"; else
	t_fail "tmux: the import page counts the folder" "$(tmux_screen)"
fi
tmx send-keys -t t Enter
tmux_wait "正在导入" >/dev/null
first=$(progress)
sleep 0.3
second=$(progress)
if [ -n "$first" ] && [ -n "$second" ] && [ "$second" -gt "$first" ] && [ "$second" -lt 200 ]; then
	t_ok "tmux: the progress count goes up ($first, then $second of 200)"
else
	t_fail "tmux: the progress count goes up" "first '$first', second '$second'" "$(tmux_screen)"
fi
tmx send-keys -t t Escape
if tmux_wait "已停止"; then t_ok "tmux: Esc in the middle stops the import"; else
	t_fail "tmux: Esc in the middle stops the import" "$(tmux_screen)"
fi
stopped=$(tmux_screen | sed -n 's/.*已停止：导入了 \([0-9]*\)\/200.*/\1/p' | head -n 1)
if [ -n "$stopped" ] && [ "$stopped" -lt 200 ]; then t_ok "tmux: stopped at $stopped of 200"; else
	t_fail "tmux: stopped before the end" "'$stopped'" "$(tmux_screen)"
fi
expect_eq "what was imported before Esc is saved" "$(sqlite3 "$TIANBIAO_DB" 'SELECT count(*) FROM receipts')" "$stopped"
tmx send-keys -t t Enter
if tmux_wait "导入完成，共 200 个文件：新收到 200，已更新 0，重复 0" 30; then
	t_ok "tmux: Enter goes on to the end"
else
	t_fail "tmux: Enter goes on to the end" "$(tmux_screen)"
fi
tmx send-keys -t t 1
if tmux_wait "已收到 200/200"; then t_ok "tmux: every unit reported"; else
	t_fail "tmux: every unit reported" "$(tmux_screen)"
fi
tmx send-keys -t t F10
tmux_stop
expect_eq "nothing counted twice" "$(sqlite3 "$TIANBIAO_DB" "SELECT count(*), count(DISTINCT unit) FROM submissions WHERE form_id = 'stats'")" "200|200"
sqlite3 "$TIANBIAO_DB" "SELECT u.name, v.field, v.row, v.value FROM vals v JOIN submissions s ON s.id = v.submission JOIN units u ON u.id = s.unit ORDER BY 1, 2, 3" >"$T_TMP/vals.whole"

# ---- kill -9 in the middle, then the same folder again
rm -f "$TIANBIAO_DB" "$TIANBIAO_DB"-* "$TIANBIAO_DB".bak*
td roster import "$T_TMP/名单.txt" >/dev/null
tmux_start 80 24 "$T_TMP/run.sh"
tmux_wait "区里收表 · 收件" >/dev/null
tmx send-keys -t t 2
tmux_wait "里面有 200 个文件" >/dev/null
tmx send-keys -t t Enter
deadline=$((SECONDS + 20))
while [ "$SECONDS" -le "$deadline" ]; do
	n=$(progress)
	[ -n "$n" ] && [ "$n" -ge 80 ] && break
	sleep 0.05
done
pid=$(tb_pid)
if [ -n "$n" ] && [ "$n" -ge 80 ] && [ "$n" -lt 200 ] && [ -n "$pid" ] && kill -9 "$pid"; then
	t_ok "tmux: killed with kill -9 at $n of 200"
else
	t_fail "tmux: killed in the middle" "at '$n', pid '$pid'" "$(tmux_screen)"
fi
tmux_dead >/dev/null
tmux_stop
expect_eq "integrity after the kill" "$(sqlite3 "$TIANBIAO_DB" 'PRAGMA integrity_check')" ok
kept=$(sqlite3 "$TIANBIAO_DB" 'SELECT count(*) FROM receipts')
if [ "$kept" -gt 0 ] && [ "$kept" -le "$n" ]; then
	t_ok "the batches committed before the kill are kept ($kept files)"
else
	t_fail "the batches committed before the kill are kept" "kept $kept, killed at $n"
fi
expect_eq "no file half imported" "$(sqlite3 "$TIANBIAO_DB" "SELECT count(*) FROM submissions WHERE form_id = 'stats'")" "$kept"
td import "$INBOX" >"$T_TMP/again"
expect_grep "again: the rest new, what was kept a duplicate" "共 200 个文件：新收到 $((200 - kept))，已更新 0，重复 $kept，" "$T_TMP/again"
sqlite3 "$TIANBIAO_DB" "SELECT u.name, v.field, v.row, v.value FROM vals v JOIN submissions s ON s.id = v.submission JOIN units u ON u.id = s.unit ORDER BY 1, 2, 3" >"$T_TMP/vals.killed"
if cmp -s "$T_TMP/vals.whole" "$T_TMP/vals.killed"; then t_ok "the values are those of an uninterrupted import"; else
	t_fail "the values are those of an uninterrupted import" "$(diff "$T_TMP/vals.whole" "$T_TMP/vals.killed" | head -5)"
fi
# Each file's first outcome is 新收到 either way; the second import adds the duplicates.
expect_eq "the outcomes: each file new once" "$(sqlite3 "$TIANBIAO_DB" "SELECT count(DISTINCT name) FROM receipts WHERE outcome = 'new'")" 200
exit "$t_fails"
