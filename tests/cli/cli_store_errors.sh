#!/usr/bin/env bash
# The database can be missing, foreign, damaged or busy: clear message, exit 1, nothing lost.
. "$(dirname "$0")/../lib.sh"
tb() { "$TIANBIAO" "$@"; }

expect_status "missing directory" 1 tb --db "$T_TMP/no/such/dir/x.db" set liaison.name 黄璐
expect_grep "missing directory message" "不存在" "$T_TMP/err"
if [ ! -e "$T_TMP/no" ]; then t_ok "missing directory not created"; else t_fail "missing directory not created"; fi
expect_status "get from a missing directory refused" 1 tb --db "$T_TMP/no/such/dir/x.db" get liaison
expect_grep "get from a missing directory: message" "目录 $T_TMP/no/such/dir 不存在" "$T_TMP/err"
expect_status "get from a mistyped --db refused" 1 tb --db "$T_TMP/typo.db" get liaison
expect_grep "mistyped --db: message" "数据库文件 $T_TMP/typo.db 不存在" "$T_TMP/err"
expect_status "export from a mistyped --db refused" 1 tb --db "$T_TMP/typo.db" export --all -o "$T_TMP/typo-out"
if [ ! -e "$T_TMP/typo.db" ] && [ ! -e "$T_TMP/typo-out" ]; then
	t_ok "mistyped --db: nothing created"
else
	t_fail "mistyped --db: nothing created"
fi
expect_status "get before the first set shows blank forms" 0 tb get liaison

printf '这不是数据库，是一封信。\n' >"$T_TMP/letter.db"
cp "$T_TMP/letter.db" "$T_TMP/letter.orig"
expect_status "text file as database" 1 tb --db "$T_TMP/letter.db" set liaison.name 黄璐
expect_grep "text file message" "不是" "$T_TMP/err"
if cmp -s "$T_TMP/letter.db" "$T_TMP/letter.orig"; then t_ok "text file untouched"; else t_fail "text file untouched"; fi

tb --db "$T_TMP/good.db" set liaison.name 黄璐 2>/dev/null
head -c 3000 "$T_TMP/good.db" >"$T_TMP/cut.db"
expect_status "truncated database refused" 1 tb --db "$T_TMP/cut.db" get liaison
if grep -q '^tianbiao: ' "$T_TMP/err"; then t_ok "truncated database message"; else t_fail "truncated database message" "$(cat "$T_TMP/err")"; fi

# A second writer is told the database is in use; readers still work.
if command -v flock >/dev/null; then
	flock -n "$T_TMP/good.db" sleep 3 &
	holder=$!
	sleep 0.2
	expect_status "second writer refused" 1 tb --db "$T_TMP/good.db" set liaison.name 张三
	expect_grep "second writer message" "另一个" "$T_TMP/err"
	expect_status "reader works beside a writer" 0 tb --db "$T_TMP/good.db" get liaison
	expect_grep "value intact" "$(printf 'name\t黄璐')" "$T_TMP/out"
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
else
	t_skip "second writer" "no flock (util-linux)"
fi
exit 0
