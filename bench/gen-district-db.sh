#!/usr/bin/env bash
# bench/gen-district-db.sh TIANBIAO FORMS OUT.db [UNITS] - a district-sized database.
#
# One unit's three forms are filled through `tianbiao set` (联络员, 计划 with two
# activities, 统计 with every count); the sqlite3 shell then copies that unit's
# submissions, values and row counts to UNITS-1 more units (default 10,000 in all) as
# docs/storage.md describes them, each submission with its own uuid, origin 'import', as
# a district's import would leave them. With 10,000 units the file is about 30 MB. The
# database stays ours: application_id, user_version, WAL, every table of the schema.
set -eu
TB=$1
FORMS=$2
DB=$3
UNITS=${4:-10000}

rm -f "$DB" "$DB-wal" "$DB-shm" "$DB".bak*
tb() { "$TB" --db "$DB" --forms "$FORMS" --unit 样板镇 set "$@" >/dev/null; }
tb liaison.name 黄璐
tb liaison.gender 女
tb liaison.position 安监办主任
tb liaison.office_phone 022-29240881
tb liaison.mobile 18222169302
tb liaison.email huanglu@example.cn
tb liaison.address 天津市宝坻区大白庄镇政府院内安全生产监督管理办公室
for n in 1 2; do
	tb "plan.activities[$n].kind" "开展“6·16安全宣传咨询日”活动（第${n}场）"
	tb "plan.activities[$n].date" "6月1${n}日"
	tb "plan.activities[$n].place" "大白庄镇文化广场及各村委会"
	tb "plan.activities[$n].content" "组织镇安办、派出所、消防站等单位设立咨询台，发放宣传材料，现场解答群众关于安全生产、消防安全、燃气使用等方面的问题。"
	tb "plan.activities[$n].host" "大白庄镇人民政府"
	tb "plan.activities[$n].assist" "镇派出所、消防站、各村委会"
done
tb stats.contact 黄璐
tb stats.phone 022-29240881
i=0
while read -r f; do
	i=$((i + 1))
	tb "stats.$f" "$((i * 37 % 500 + 3))"
done < <(grep -o '{[a-z_]* count' "$FORMS/stats.form" | cut -c2- | cut -d' ' -f1)

sqlite3 "$DB" >/dev/null <<EOF
PRAGMA foreign_keys = ON;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE tpl AS SELECT s.* FROM submissions s JOIN units u ON u.id = s.unit
	WHERE u.name = '样板镇';
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $UNITS)
INSERT INTO units(name, created)
	SELECT printf('第%05d镇', i), (SELECT created FROM units WHERE name = '样板镇') FROM n;
INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision, created,
		updated, origin)
	SELECT lower(hex(randomblob(16))), u.id, t.form_id, t.form_version, t.year,
		t.revision, t.created, t.updated, 'import'
	FROM units u, tpl t WHERE u.name <> '样板镇';
INSERT INTO vals(submission, field, row, value)
	SELECT s.id, v.field, v.row, v.value FROM submissions s
	JOIN tpl t ON t.form_id = s.form_id AND t.year = s.year AND s.id <> t.id
	JOIN vals v ON v.submission = t.id;
INSERT INTO grouprows(submission, grp, nrows)
	SELECT s.id, g.grp, g.nrows FROM submissions s
	JOIN tpl t ON t.form_id = s.form_id AND t.year = s.year AND s.id <> t.id
	JOIN grouprows g ON g.submission = t.id;
INSERT INTO roster(year, unit, pos) SELECT 2021, id, id FROM units;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
# The backups the template unit's sets left hold one unit only: not this database's.
rm -f "$DB".bak*
# Checked whole once; closed as a writer closes it (the -wal empty: a clean close).
"$TB" --db "$DB" --forms "$FORMS" check-db >/dev/null
