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
# A database one may read but not write: get and export work, and leave nothing beside
# it that would stop a later save (the file read-only, its directory read-only, read as
# another user, and on a read-only file system).
mkdir -p "$T_TMP/ro" "$T_TMP/ro-out"
tb --db "$T_TMP/ro/t.db" set liaison.name 黄璐 2>/dev/null
rm -f "$T_TMP/ro/t.db-wal" "$T_TMP/ro/t.db-shm"
chmod 444 "$T_TMP/ro/t.db"
chmod 555 "$T_TMP/ro"
chmod 777 "$T_TMP/ro-out"
# As root, file modes apply only to another user: read as nobody.
as_reader() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$T_TMP"
	# nobody may not reach the checkout (a clone in /root, which is 0700): it runs a copy.
	mkdir -p "$T_TMP/reader"
	cp "$TIANBIAO" "$T_TMP/reader/tianbiao" && cp -r "$TIANBIAO_FORMS" "$T_TMP/reader/forms"
	chmod -R a+rX "$T_TMP/reader"
	as_reader() {
		shift
		setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T_TMP/ro-out" \
			TIANBIAO_FORMS="$T_TMP/reader/forms" "$T_TMP/reader/tianbiao" "$@"
	}
fi
expect_status "get from a read-only directory" 0 as_reader "$TIANBIAO" --db "$T_TMP/ro/t.db" get liaison
expect_grep "get from a read-only directory: the value" "$(printf 'name\t黄璐')" "$T_TMP/out"
expect_status "export from a read-only directory" 0 as_reader "$TIANBIAO" --db "$T_TMP/ro/t.db" \
	export liaison -o "$T_TMP/ro-out"
ls "$T_TMP/ro-out"/*.csv >/dev/null 2>&1 && t_ok "export from a read-only directory: the files" ||
	t_fail "export from a read-only directory: the files"
[ ! -e "$T_TMP/ro/t.db-wal" ] && [ ! -e "$T_TMP/ro/t.db-shm" ] && t_ok "read-only directory: nothing left beside" ||
	t_fail "read-only directory: nothing left beside" "$(ls -l "$T_TMP/ro")"
# The directory writable, the file still not: a read leaves nothing, and once the file
# is writable again, saving works.
chmod 755 "$T_TMP/ro"
if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$T_TMP/ro"; fi
chmod 400 "$T_TMP/ro/t.db"
expect_status "get from a read-only file" 0 as_reader "$TIANBIAO" --db "$T_TMP/ro/t.db" get liaison
[ ! -e "$T_TMP/ro/t.db-wal" ] && [ ! -e "$T_TMP/ro/t.db-shm" ] && t_ok "read-only file: nothing left beside" ||
	t_fail "read-only file: nothing left beside" "$(ls -l "$T_TMP/ro")"
chmod 600 "$T_TMP/ro/t.db"
expect_status "saving once the file is writable again" 0 as_reader "$TIANBIAO" --db "$T_TMP/ro/t.db" set liaison.name 张三
expect_status "the saved value" 0 as_reader "$TIANBIAO" --db "$T_TMP/ro/t.db" get liaison
expect_grep "the saved value reads back" "$(printf 'name\t张三')" "$T_TMP/out"

# A read-only file system (a CD, a write-protected stick): a tmpfs remounted read-only in
# a mount namespace of our own.
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
	cp "$T_TMP/ro/t.db" "$T_TMP/media.db"
	mkdir -p "$T_TMP/media"
	# shellcheck disable=SC2016
	unshare -m --propagation private sh -c '
		mount -t tmpfs -o size=4m tmpfs "$1" && cp "$2" "$1/t.db" &&
		mount -o remount,ro "$1" && "$3" --db "$1/t.db" get liaison' sh \
		"$T_TMP/media" "$T_TMP/media.db" "$TIANBIAO" >"$T_TMP/out" 2>"$T_TMP/err"
	grep -qF "$(printf 'name\t张三')" "$T_TMP/out" && t_ok "get from a read-only file system" ||
		t_fail "get from a read-only file system" "$(cat "$T_TMP/err")"
else
	t_skip "get from a read-only file system" "needs root and unshare -m"
fi
# Damage behind the program's back: the refusal names the newest backup and its time;
# restore lists the backups and puts one back, keeping the damaged file; check-db.
db="$T_TMP/bk.db"
tb --db "$db" --unit 测试单位 set liaison.name 黄璐 2>/dev/null
tb --db "$db" set liaison.mobile 13812345678
[ -f "$db.bak1" ] && [ "$(stat -c %a "$db.bak1")" = 600 ] && t_ok "a backup at each writer's close, mode 0600" ||
	t_fail "a backup at each writer's close, mode 0600" "$(ls -l "$T_TMP")"
expect_status "check-db on a sound database" 0 tb --db "$db" check-db
expect_grep "check-db says so" "完好" "$T_TMP/out"
python3 - "$db" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, 'rb').read())
for i in range(4096 * 2, 4096 * 5):
    d[i] = (i * 7 + 3) & 255
open(p, 'wb').write(d)
PY
cp "$db" "$T_TMP/damaged.copy"
expect_status "damaged database refused" 1 tb --db "$db" get liaison
expect_grep "the refusal names the backup" "$db.bak1" "$T_TMP/err"
expect_grep "the refusal gives its time" "$(date -r "$db.bak1" '+%Y-%m-%d %H:%M')" "$T_TMP/err"
expect_grep "the refusal says how to restore" "tianbiao --db $db restore 1" "$T_TMP/err"
expect_status "check-db on a damaged database" 1 tb --db "$db" check-db
expect_grep "check-db: damaged" "已损坏" "$T_TMP/err"
expect_status "restore lists the backups" 0 tb --db "$db" restore
expect_grep "the list names the newest" "  1  " "$T_TMP/out"
expect_grep "the list names its file" "$db.bak1" "$T_TMP/out"
expect_status "restore 1" 0 tb --db "$db" restore 1
kept=$(sed -n 's/^原来的数据库已改名为 \(.*\)，没有删除。$/\1/p' "$T_TMP/out")
[ -n "$kept" ] && cmp -s "$kept" "$T_TMP/damaged.copy" && t_ok "the damaged file is kept, unchanged" ||
	t_fail "the damaged file is kept, unchanged" "$(cat "$T_TMP/out")"
expect_status "get after restore" 0 tb --db "$db" get liaison
expect_grep "restored: name" "$(printf 'name\t黄璐')" "$T_TMP/out"
expect_grep "restored: mobile" "$(printf 'mobile\t13812345678')" "$T_TMP/out"
expect_status "restore of a number there is not" 1 tb --db "$db" restore 7
expect_grep "restore 7: message" "没有第 7 份" "$T_TMP/err"
exit 0
