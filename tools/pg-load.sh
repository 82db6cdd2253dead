#!/usr/bin/env bash
# tools/pg-load.sh CONNINFO DB... - load tianbiao databases (a province's districts or
# cities) into one PostgreSQL database, for a province that wants every unit in one place
# (docs/district.md, "One database for a whole province").
#
# Each database's tables are dumped as CSV by the sqlite3 shell (read-only) and loaded with
# psql's \copy (COPY) into staging tables, then merged in one transaction per database into
# the same schema as tianbiao's: units by name, the roster per source, the current copies
# of the roster units with their values and group rows. A submission already there is
# replaced only by a higher revision of the same submission id; a unit found with another
# submission id for the same form and year is listed in load_conflicts and not loaded.
# Loading the same database again changes nothing. Needs sqlite3 and psql.
#
#   tools/pg-load.sh 'dbname=province' 宝坻区.db 宁河区.db
set -eu
CONN=${1:?usage: pg-load.sh CONNINFO DB...}
shift
[ $# -gt 0 ] || { echo "pg-load.sh: 请给出至少一个 tianbiao 数据库文件。" >&2; exit 2; }
command -v sqlite3 >/dev/null && command -v psql >/dev/null ||
	{ echo "pg-load.sh: 需要 sqlite3 和 psql（apt-get install sqlite3 postgresql-client）。" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pg-load.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pg() { psql "$CONN" -X -q -v ON_ERROR_STOP=1 "$@"; }

pg <<'EOF'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS units(
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS roster(
  source text NOT NULL,
  year integer NOT NULL,
  unit bigint NOT NULL REFERENCES units(id),
  pos integer NOT NULL,
  PRIMARY KEY (source, year, unit));
CREATE TABLE IF NOT EXISTS submissions(
  id bigserial PRIMARY KEY,
  uuid char(32) NOT NULL UNIQUE,
  unit bigint NOT NULL REFERENCES units(id),
  form_id text NOT NULL,
  form_version text,
  year integer NOT NULL,
  revision integer NOT NULL,
  created timestamptz,
  updated timestamptz,
  origin text,
  source text NOT NULL,
  UNIQUE (unit, form_id, year));
CREATE TABLE IF NOT EXISTS vals(
  submission bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  field text NOT NULL,
  row integer NOT NULL CHECK (row >= -1),
  value text NOT NULL CHECK (value <> ''),
  PRIMARY KEY (submission, field, row));
CREATE TABLE IF NOT EXISTS grouprows(
  submission bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  grp text NOT NULL,
  nrows integer NOT NULL CHECK (nrows >= 0),
  PRIMARY KEY (submission, grp));
CREATE TABLE IF NOT EXISTS load_conflicts(
  at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL,
  unit text NOT NULL,
  form_id text NOT NULL,
  year integer NOT NULL,
  uuid char(32) NOT NULL,
  revision integer NOT NULL);
EOF

for db in "$@"; do
	[ -r "$db" ] || { echo "pg-load.sh: 读不到 $db。" >&2; exit 1; }
	q() { sqlite3 -readonly -csv "$db" "$1"; }
	source=$(sqlite3 -readonly "$db" "SELECT value FROM meta WHERE key = 'unit'")
	[ -n "$source" ] || source=$(basename "$db" .db)
	# The units a database answers for: its roster, or (a unit's own database) all.
	if [ "$(sqlite3 -readonly "$db" "SELECT count(*) FROM sqlite_schema WHERE name = 'roster'")" = 1 ] &&
		[ "$(sqlite3 -readonly "$db" "SELECT count(*) FROM roster")" -gt 0 ]; then
		mine="EXISTS (SELECT 1 FROM roster r WHERE r.unit = s.unit AND r.year = s.year)"
		q "SELECT r.year, u.name, r.pos FROM roster r JOIN units u ON u.id = r.unit" >"$TMP/roster.csv"
	else
		mine="1"
		: >"$TMP/roster.csv"
	fi
	q "SELECT u.name, s.uuid, s.form_id, s.form_version, s.year, s.revision, s.created,
		s.updated, s.origin FROM submissions s JOIN units u ON u.id = s.unit WHERE $mine" >"$TMP/subs.csv"
	q "SELECT s.uuid, v.field, v.row, v.value FROM vals v JOIN submissions s ON s.id = v.submission
		WHERE $mine" >"$TMP/vals.csv"
	q "SELECT s.uuid, g.grp, g.nrows FROM grouprows g JOIN submissions s ON s.id = g.submission
		WHERE $mine" >"$TMP/rows.csv"
	pg -v source="$source" <<EOF
BEGIN;
CREATE TEMP TABLE st_subs(unit text, uuid text, form_id text, form_version text, year integer,
  revision integer, created text, updated text, origin text);
CREATE TEMP TABLE st_vals(uuid text, field text, row integer, value text);
CREATE TEMP TABLE st_rows(uuid text, grp text, nrows integer);
CREATE TEMP TABLE st_roster(year integer, unit text, pos integer);
\\copy st_subs FROM '$TMP/subs.csv' CSV
\\copy st_vals FROM '$TMP/vals.csv' CSV
\\copy st_rows FROM '$TMP/rows.csv' CSV
\\copy st_roster FROM '$TMP/roster.csv' CSV
INSERT INTO units(name) SELECT unit FROM st_subs UNION SELECT unit FROM st_roster
  ON CONFLICT (name) DO NOTHING;
DELETE FROM roster WHERE source = :'source' AND year IN (SELECT year FROM st_roster);
INSERT INTO roster(source, year, unit, pos)
  SELECT :'source', r.year, u.id, r.pos FROM st_roster r JOIN units u ON u.name = r.unit;
-- Another submission id already holds the slot: listed, not loaded, never summed twice.
INSERT INTO load_conflicts(source, unit, form_id, year, uuid, revision)
  SELECT :'source', st.unit, st.form_id, st.year, st.uuid, st.revision FROM st_subs st
  JOIN units u ON u.name = st.unit
  JOIN submissions s ON s.unit = u.id AND s.form_id = st.form_id AND s.year = st.year
  WHERE s.uuid <> st.uuid AND NOT EXISTS (SELECT 1 FROM load_conflicts c
    WHERE c.source = :'source' AND c.uuid = st.uuid AND c.revision = st.revision);
-- What is taken: a new slot, or a higher revision of the same submission.
CREATE TEMP TABLE taken AS SELECT st.* FROM st_subs st JOIN units u ON u.name = st.unit
  WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.unit = u.id AND s.form_id = st.form_id
    AND s.year = st.year AND (s.uuid <> st.uuid OR s.revision >= st.revision));
DELETE FROM submissions s USING taken t WHERE s.uuid = t.uuid;
INSERT INTO submissions(uuid, unit, form_id, form_version, year, revision, created, updated,
    origin, source)
  SELECT t.uuid, u.id, t.form_id, t.form_version, t.year, t.revision, t.created::timestamptz,
    t.updated::timestamptz, t.origin, :'source' FROM taken t JOIN units u ON u.name = t.unit;
INSERT INTO vals(submission, field, row, value)
  SELECT s.id, v.field, v.row, v.value FROM st_vals v JOIN taken t ON t.uuid = v.uuid
  JOIN submissions s ON s.uuid = v.uuid;
INSERT INTO grouprows(submission, grp, nrows)
  SELECT s.id, g.grp, g.nrows FROM st_rows g JOIN taken t ON t.uuid = g.uuid
  JOIN submissions s ON s.uuid = g.uuid;
SELECT format('%s: %s 个单位的表，载入 %s 份（新的或更新的），%s 份与已有的冲突（见 load_conflicts）。',
  :'source', (SELECT count(DISTINCT unit) FROM st_subs), (SELECT count(*) FROM taken),
  (SELECT count(*) FROM st_subs st JOIN units u ON u.name = st.unit JOIN submissions s
    ON s.unit = u.id AND s.form_id = st.form_id AND s.year = st.year WHERE s.uuid <> st.uuid)) \\gset msg_
\\echo :msg_format
COMMIT;
EOF
done
