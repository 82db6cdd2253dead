#!/usr/bin/env bash
# The exported files as an office opens them: LibreOffice (headless, Chinese locale)
# reads the CSV files, and every cell must come out as the clerk typed it - no date
# made of 6月16日 or 1/2, no -123 made of (123), no 0.5 made of 50%, no boolean made of
# TRUE, 表单版本 2021.1 still text. Runs in the release build only (LibreOffice does not
# run our code), and is skipped where soffice or openpyxl is missing.
. "$(dirname "$0")/../lib.sh"
tb() { "$TIANBIAO" --unit 宝坻区大白庄镇 "$@"; }
OUT="$T_TMP/outbox"

if [ "${TIANBIAO_BUILD:-release}" != release ]; then
	t_skip "office round trip" "runs in the release build only"
	exit 0
fi
if ! command -v soffice >/dev/null || ! python3 -c 'import openpyxl' 2>/dev/null; then
	t_skip "office round trip" "needs soffice and /usr/bin/python3 with openpyxl"
	exit 0
fi

# Text values a spreadsheet likes to change, in text fields of all three forms.
tb set liaison.name TRUE
tb set liaison.position 50%
tb set liaison.office_phone 022-29240881
tb set liaison.mobile 18222169302
tb set liaison.address '(123)'
tb set liaison.fax 29240881
tb set 'plan.activities[1].kind' 6月16日
tb set 'plan.activities[1].date' 6月16日
tb set 'plan.activities[1].place' 1/2
tb set 'plan.activities[1].host' 1-2
tb set 'plan.activities[1].content' $'第一行\n第二行\n第三行'
tb set 'plan.activities[2].kind' '2021.10'
tb set 'plan.activities[2].date' '6月5日至7月5日'
tb set 'plan.activities[2].place' false
tb set stats.contact 007
tb set stats.phone 29240881-8001
tb set stats.study_times 3
tb set stats.study_people 0
tb set stats.film_studied 是

lo() { # lo FILTER FORMAT FILE...: convert with a private profile (others may run soffice too)
	local filter=$1 fmt=$2
	shift 2
	timeout 120 soffice -env:UserInstallation="file://$T_TMP/lo-profile" --headless \
		--infilter="$filter" --convert-to "$fmt" --outdir "$T_TMP/lo" "$@" >"$T_TMP/lo.log" 2>&1
}

rm -rf "$OUT" && mkdir -p "$OUT"
expect_status "export --all csv" 0 tb export --all --format csv -o "$OUT"
# 44 ',' 34 '"' 76 UTF-8, from line 1, default column types, language 2052 zh-CN.
if lo "CSV:44,34,76,1,,2052" xlsx "$OUT"/*.csv; then t_ok "LibreOffice reads the CSV files"; else
	t_fail "LibreOffice reads the CSV files" "$(cat "$T_TMP/lo.log")"; fi
python3 - "$OUT" "$T_TMP/lo" <<'PY' >"$T_TMP/py" 2>&1
import csv, os, sys, datetime, openpyxl
out, lo = sys.argv[1:]
def cell(s):  # what the clerk typed, from our CSV (the protections undone)
    if s.startswith('="') and s.endswith('"'):
        return s[2:-1]
    if s[:2] in ("'=", "'+", "'-", "'@"):
        return s[1:]
    return s
n = 0
bad = []
for name in sorted(os.listdir(out)):
    rows = list(csv.reader(open(os.path.join(out, name), encoding='utf-8-sig', newline='')))
    ws = openpyxl.load_workbook(os.path.join(lo, name[:-4] + '.xlsx'), data_only=True).active
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            want = cell(c)
            got = ws.cell(row=i + 1, column=j + 1).value
            if got is None:
                got = ''
            elif isinstance(got, bool) or isinstance(got, (datetime.date, datetime.time, datetime.timedelta)):
                got = repr(got)
            elif isinstance(got, float):
                got = repr(got)
            elif isinstance(got, int):
                got = str(got)
            if got != want:
                bad.append((name[-12:], rows[0][j], want, got))
            n += 1
assert not bad, bad[:10]
print('cells', n)
PY
py_rc=$?
if [ "$py_rc" -eq 0 ]; then t_ok "every CSV cell as typed in LibreOffice, zh-CN ($(cat "$T_TMP/py"))"; else
	t_fail "every CSV cell as typed in LibreOffice, zh-CN" "$(cat "$T_TMP/py")"; fi
exit 0
