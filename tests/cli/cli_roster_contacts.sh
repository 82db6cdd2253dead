#!/usr/bin/env bash
# The roster's contacts: a roster CSV with 联系人 and a phone column gives whom to call for
# a unit that has sent nothing (status, remind: marked （名单）), while a unit that sent its
# liaison form (附件1) shows its own; re-importing updates them and says how many;
# `roster contact` sets one by hand; a doubtful phone is kept and said; a database of
# version 4 is upgraded with its roster kept.
. "$(dirname "$0")/../lib.sh"
DB="$T_TMP/district.db"
td() { "$TIANBIAO" --db "$DB" "$@"; }
IN="$T_TMP/in"
mkdir -p "$IN"

printf '序号,单位,联系人,联系电话\n1,甲镇,王五,13800000001\n2,乙镇,赵六,(022)2924 0881\n3,丙镇,,\n' \
	>"$T_TMP/roster.csv"
expect_status "roster import with contacts" 0 td roster import "$T_TMP/roster.csv"
expect_grep "import: the contacts counted" "更新了 2 个单位的联系人" "$T_TMP/out"
td roster >"$T_TMP/r"
expect_grep "roster lists the contact" "甲镇  联系人 王五 13800000001" "$T_TMP/r"
expect_grep "the phone as the forms keep it" "乙镇  联系人 赵六 022-29240881" "$T_TMP/r"

# 甲镇 sends its liaison form: its own liaison wins over the roster's.
"$TIANBIAO" --db "$T_TMP/a.db" --unit 甲镇 set liaison.name 张三 >/dev/null 2>&1
"$TIANBIAO" --db "$T_TMP/a.db" --unit 甲镇 set liaison.mobile 13900000001 >/dev/null 2>&1
"$TIANBIAO" --db "$T_TMP/a.db" export liaison --format csv -o "$IN" >/dev/null
td import "$IN" >/dev/null 2>&1
td status >"$T_TMP/status"
expect_grep "status: the unit's own liaison" "甲镇                  有问题2   未报      未报      张三 13900000001" "$T_TMP/status"
expect_grep "status: the roster's contact for a unit that sent nothing" \
	"乙镇                  未报      未报      未报      赵六 022-29240881（名单）" "$T_TMP/status"
expect_grep "status: none known" "丙镇                  未报      未报      未报      -" "$T_TMP/status"
td remind liaison -o "$T_TMP/rem.txt" >"$T_TMP/remind"
expect_grep "remind: the roster's contact" "乙镇（联络员 赵六 022-29240881（名单））：请于6月5日前" "$T_TMP/remind"
expect_grep "remind: no contact" "丙镇：请于6月5日前" "$T_TMP/remind"

# Re-importing updates what changed; by hand; a doubtful phone is kept and said.
printf '单位,联系人,手机\n乙镇,钱七,13800000002\n丙镇,孙八,1380000\n' >"$T_TMP/roster2.csv"
expect_status "roster import again" 0 td roster import "$T_TMP/roster2.csv"
expect_grep "re-import: how many updated" "更新了 2 个单位的联系人" "$T_TMP/out"
expect_grep "re-import: a doubtful phone said" "“丙镇”的电话“1380000”可能有误（座机如 022-29240881；手机为 11 位，您填了 7 位），已照样记下" "$T_TMP/out"
expect_status "roster import the same again" 0 td roster import "$T_TMP/roster2.csv"
expect_grep "the same again: nothing changed" "联系人没有变化" "$T_TMP/out"
expect_status "roster contact" 0 td roster contact 丙镇 孙八 13800000003
expect_grep "roster contact: kept" "更新了 1 个单位的联系人" "$T_TMP/out"
expect_grep "status shows it" "丙镇                  未报      未报      未报      孙八 13800000003（名单）" <(td status)
expect_status "roster contact: a unit not on the roster" 1 td roster contact 丁镇 孙八 13800000003
expect_grep "not on the roster: what to do" "“丁镇”不在2021年的名单上，联系人没有保存。请先用 tianbiao roster add" "$T_TMP/err"
expect_status "roster contact: too few words" 2 td roster contact 丙镇

# A database of version 4 (a roster without contacts) is upgraded: the roster stays.
sqlite3 "$DB" <<'SQL'
BEGIN;
CREATE TABLE r4 AS SELECT year, unit, pos FROM roster;
DROP TABLE roster;
CREATE TABLE roster(year INTEGER NOT NULL, unit INTEGER NOT NULL REFERENCES units(id),
  pos INTEGER NOT NULL, PRIMARY KEY (year, unit)) WITHOUT ROWID;
INSERT INTO roster SELECT * FROM r4;
DROP TABLE r4;
CREATE INDEX roster_order ON roster(year, pos);
PRAGMA user_version = 4;
COMMIT;
SQL
expect_status "a version 4 database, read as it is: status" 0 td status
expect_grep "read as version 4: no roster contact" "乙镇                  未报      未报      未报      -" "$T_TMP/out"
expect_eq "status upgraded nothing" "$(sqlite3 "$DB" 'PRAGMA user_version')" 4
expect_status "a version 4 database is upgraded" 0 td roster contact 乙镇 钱七 13800000002
expect_eq "upgraded: the schema is version 5" "$(sqlite3 "$DB" 'PRAGMA user_version')" 5
expect_grep "upgraded: the roster is kept" "2021 年应报单位 3 个" <(td roster)
expect_grep "upgraded: the contact kept" "乙镇                  未报      未报      未报      钱七 13800000002（名单）" <(td status)
[ "$t_fails" -eq 0 ]
