#!/usr/bin/env bash
# What the district receives from `tianbiao export`, and what the database remembers of
# it: a form never filled in is refused (its file would have no submission id, which the
# district's import refuses); a filled one always carries its id, and the district's
# import takes it; the unit and date filled in for the clerk are stored first, as the
# screens store them, so that one revision gives the same files on any later day; an
# export made while the screens have the database open is recorded all the same (or
# refused with what to do, when something must be stored first); a database of version
# 3 keeps what it sent when it is upgraded.
. "$(dirname "$0")/../lib.sh"
U=宝坻区大白庄镇
tb() { "$TIANBIAO" --unit "$U" "$@"; }
OUT="$T_TMP/out"
mkdir -p "$OUT"
# The form list as the screens draw it (one dump, no keys).
list() {
	printf 'dump %s/list\n' "$T_TMP" >"$T_TMP/keys"
	TIANBIAO_NO_DISPLAY=1 TIANBIAO_SCRIPT="$T_TMP/keys" LINES=24 COLUMNS=80 "$TIANBIAO" \
		--unit "$U" 2>>"$T_TMP/list-err"
	cat "$T_TMP/list"
}

# Nothing filled in at all: no file, a plain refusal.
tb export --all -o "$OUT" >"$T_TMP/o" 2>"$T_TMP/e"
expect_eq "every form blank: refused" "$?" 1
expect_grep "every form blank: says to fill them in" "没有导出任何表：这些表都还没有填写。请先填写" "$T_TMP/e"
expect_eq "every form blank: nothing written" "$(find "$OUT" -type f | wc -l)" 0

tb set liaison.name 黄璐
tb export plan -o "$OUT" >"$T_TMP/o" 2>"$T_TMP/e"
expect_eq "a blank form is refused" "$?" 1
expect_grep "the refusal says what to do" \
	"附件2（重点活动计划安排表）还没有填写，没有导出：区里不收空表。请先填写（tianbiao set plan.字段 值" "$T_TMP/e"
expect_eq "a blank form: nothing written" "$(find "$OUT" -type f | wc -l)" 0
tb export --all -o "$OUT" >"$T_TMP/o" 2>"$T_TMP/e"
expect_eq "--all exports the forms filled in" "$?" 0
expect_eq "--all: one form, three formats" "$(wc -l <"$T_TMP/o")" 3
expect_grep "--all names each blank form" "附件2（重点活动计划安排表）还没有填写，没有导出" "$T_TMP/e"
expect_grep "--all names each blank form (2)" "附件3（活动进展情况统计表）还没有填写，没有导出" "$T_TMP/e"

# A form with values: its blank unit and date are stored (a new revision), not only
# written into the file.
tb set stats.contact 黄璐
tb export stats -o "$OUT" >/dev/null
expect_eq "the unit filled in is stored" "$(tb get stats | grep '^unit_name' | cut -f2)" "$U"
expect_eq "the date filled in is stored" "$(tb get stats | grep '^report_date' | cut -f2)" "6月3日"
expect_eq "both files of every form carry a submission id" \
	"$(python3 - "$OUT" <<'PY'
import csv, glob, sys
ids = []
for p in sorted(glob.glob(sys.argv[1] + '/*.csv')):
    rows = list(csv.reader(open(p, encoding='utf-8-sig', newline='')))
    i = rows[0].index('提交编号')
    ids.append(all(len(r[i]) == 32 for r in rows[1:]))
print(len(ids), all(ids))
PY
)" "2 True"

# The district's import takes every CSV (the .txt and .xlsx are for people).
D="$T_TMP/d.db"
"$TIANBIAO" --db "$D" --unit 宝坻区 roster add "$U" >/dev/null
"$TIANBIAO" --db "$D" --unit 宝坻区 import "$OUT"/*.csv >"$T_TMP/imp" 2>&1
expect_eq "the district imports the files" "$?" 0
expect_grep "the district receives both forms" "新收到 2，已更新 0，重复 0，较旧 0，有冲突 0，不在名单中 0，拒收 0" "$T_TMP/imp"

# The same revision exported the next day: the same files (the stored date did not
# become the new day), so nothing goes into 旧版本/ and the district sees a repeat.
before=$(cd "$OUT" && sha256sum ./*)
TIANBIAO_TODAY=2021-06-04 tb export --all -o "$OUT" >/dev/null 2>&1
expect_eq "the next day: the same files" "$(cd "$OUT" && sha256sum ./*)" "$before"
if [ -e "$OUT/旧版本" ]; then t_fail "the next day: no old versions" "$(ls "$OUT/旧版本")"
else t_ok "the next day: no old versions"; fi

# The screens have the database open (their lock, held here by flock(1) as the screens
# hold it): an export of a form with nothing to store first is written and recorded.
tb set liaison.gender 女
hold() { # the lock, in a process that is the sleep itself (killed, it lets go)
	rm -f "$T_TMP/held"
	(exec 9<>"$TIANBIAO_DB" && flock -x 9 && touch "$T_TMP/held" && exec sleep 30) &
	holder=$!
	for _ in $(seq 1 200); do [ -e "$T_TMP/held" ] && break; sleep 0.05; done
}
release() { kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; }
hold
tb set liaison.position 科长 2>"$T_TMP/e"
expect_eq "the lock is held (a change is refused)" "$?" 1
tb export liaison -o "$OUT" >"$T_TMP/o" 2>"$T_TMP/e"
expect_eq "beside the screens: exported" "$?" 0
expect_eq "beside the screens: nothing on stderr" "$(cat "$T_TMP/e")" ""
# A form whose date must be stored first: refused, with what to do.
release
tb set stats.report_date ""
hold
tb export stats -o "$OUT" >"$T_TMP/o" 2>"$T_TMP/e"
expect_eq "beside the screens, a date to store: refused" "$?" 1
expect_grep "the refusal names the field and what to do" \
	"表中空着的“填报日期”要在导出前填好并存进数据库（在界面上导出也是这样），但另一个窗口中的填表程序正在使用数据库。请在那个窗口里按 F5 导出这张表" "$T_TMP/e"
release
list >"$T_TMP/l1"
expect_grep "the list shows the export made beside the screens" "已导出（6月3日 09:00）" <(sed -n 8p "$T_TMP/l1")

# A database of version 3 (exports kept by the unit's name) is upgraded to 4: what was
# sent stays known.
sqlite3 "$TIANBIAO_DB" <<'SQL'
BEGIN;
CREATE TABLE e3 AS SELECT id, unit, form_id, year, revision, at, at_unix, format, path FROM exports;
DROP TABLE exports;
CREATE TABLE exports(id INTEGER PRIMARY KEY, unit TEXT NOT NULL, form_id TEXT NOT NULL,
  year INTEGER NOT NULL, revision INTEGER NOT NULL CHECK (revision >= 0), at TEXT NOT NULL,
  at_unix INTEGER NOT NULL, format TEXT NOT NULL CHECK (format IN ('txt', 'csv', 'xlsx')),
  path TEXT NOT NULL);
INSERT INTO exports SELECT * FROM e3;
DROP TABLE e3;
CREATE INDEX exports_slot ON exports(unit, form_id, year, revision);
ALTER TABLE roster DROP COLUMN person;
ALTER TABLE roster DROP COLUMN phone;
PRAGMA user_version = 3;
COMMIT;
SQL
list >"$T_TMP/l2"
expect_eq "upgraded: the schema is the current one" "$(sqlite3 "$TIANBIAO_DB" 'PRAGMA user_version')" 5
expect_eq "upgraded: every export has its submission" \
	"$(sqlite3 "$TIANBIAO_DB" 'SELECT count(*) FROM exports WHERE submission IS NULL')" 0
expect_eq "upgraded: the list reads as before" "$(cat "$T_TMP/l2")" "$(cat "$T_TMP/l1")"
expect_eq "the screens said nothing on stderr" "$(cat "$T_TMP/list-err" 2>/dev/null)" ""
[ "$t_fails" -eq 0 ]
