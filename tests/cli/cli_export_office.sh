#!/usr/bin/env bash
# The exported files as an office opens them: LibreOffice (headless, Chinese locale)
# reads the CSV files (UTF-8 with BOM and GB18030, which must also read as GBK), and every cell must come out as the clerk typed it - no date
# made of 6月16日 or 1/2, no -123 made of (123), no 0.5 made of 50%, no boolean made of
# TRUE, 表单版本 2021.1 still text; the .xlsx files read back value by value and print. Runs in the release build only (LibreOffice does not
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
tb set stats.study_times 0
tb set stats.study_people 0
tb set stats.film_studied 是
tb set liaison.unit_name 宝坻区大白庄镇人民政府
tb set plan.unit_name 大白庄镇
tb set stats.unit_name 大白庄镇
tb set stats.report_date 6月20日

lo() { # lo FILTER FORMAT FILE...: convert with a private profile (others may run soffice too)
	local filter=$1 fmt=$2
	shift 2
	local opt=()
	[ -n "$filter" ] && opt=(--infilter="$filter")
	timeout 120 soffice -env:UserInstallation="file://$T_TMP/lo-profile" --headless \
		"${opt[@]}" --convert-to "$fmt" --outdir "$T_TMP/lo" "$@" >"$T_TMP/lo.log" 2>&1
}

# The CSV in both encodings: UTF-8 with its BOM (76), and GB18030 (85), as a Chinese
# office opens it: 44 ',' 34 '"', from line 1, default column types, language 2052 zh-CN.
for enc in utf-8:76:utf-8-sig gb18030:85:gb18030; do
	name=${enc%%:*} code=${enc#*:} pyenc=${enc##*:}
	code=${code%%:*}
	rm -rf "$OUT" "$T_TMP/lo" && mkdir -p "$OUT"
	expect_status "export --all csv $name" 0 tb export --all --format csv --encoding "$name" -o "$OUT"
	if lo "CSV:44,34,$code,1,,2052" xlsx "$OUT"/*.csv; then t_ok "LibreOffice reads the $name CSV files"; else
		t_fail "LibreOffice reads the $name CSV files" "$(cat "$T_TMP/lo.log")"; fi
	python3 - "$OUT" "$T_TMP/lo" "$pyenc" <<'PY' >"$T_TMP/py" 2>&1
import csv, os, sys, datetime, openpyxl
out, lo, enc = sys.argv[1:]
def cell(s):  # what the clerk typed, from our CSV (the protections undone)
    if s.startswith('="') and s.endswith('"'):
        return s[2:-1]
    if s[:2] in ("'=", "'+", "'-", "'@"):
        return s[1:]
    return s
n = 0
bad = []
for name in sorted(os.listdir(out)):
    rows = list(csv.reader(open(os.path.join(out, name), encoding=enc, newline='')))
    if enc == 'gb18030':  # the clerk typed only GBK: what Notepad calls ANSI reads it
        open(os.path.join(out, name), encoding='gbk').read()
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
	if [ "$py_rc" -eq 0 ]; then t_ok "every $name CSV cell as typed in LibreOffice, zh-CN ($(cat "$T_TMP/py"))"; else
		t_fail "every $name CSV cell as typed in LibreOffice, zh-CN" "$(cat "$T_TMP/py")"; fi
done

# The .xlsx files: every value where the paper has it, read back with openpyxl and
# compared with `tianbiao get`; counts are numbers, blanks empty, phones and versions
# text, no formula anywhere; 宋体, borders, wrapped text; A4, one page wide, the header
# row repeated. The hidden sheet 数据 holds the CSV's rows as typed cells.
for f in liaison plan stats; do tb get "$f" >"$T_TMP/get-$f"; done
rm -rf "$OUT" && mkdir -p "$OUT"
expect_status "export --all xlsx" 0 tb export --all --format xlsx -o "$OUT"
tb export --all --format csv -o "$T_TMP/csv" >/dev/null 2>&1 || { mkdir -p "$T_TMP/csv" && tb export --all --format csv -o "$T_TMP/csv" >/dev/null; }
python3 - "$OUT" "$T_TMP" "$TOP/forms" <<'PY' >"$T_TMP/py" 2>&1
import csv, glob, os, re, sys, unicodedata, zipfile, openpyxl, openpyxl.utils
out, tmp, forms = sys.argv[1:]
def unesc(s):
    o, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s):
            o.append({'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}[s[i + 1]]); i += 2
        else:
            o.append(s[i]); i += 1
    return ''.join(o)
def get(form):
    d = {}
    for line in open(os.path.join(tmp, 'get-' + form), encoding='utf-8'):
        k, _, v = line.rstrip('\n').partition('\t')
        d[k] = unesc(v)
    return d
def fields(form):  # id -> (type, label) from the form file
    d = {}
    for line in open(os.path.join(forms, form + '.form'), encoding='utf-8'):
        line = line.strip()
        m = re.match(r'field (\w+) (\w+) (\S+)', line)
        if m:
            d[m.group(1)] = (m.group(2), m.group(3))
        for b in re.finditer(r'\{(\w+) (\w+)[^}]*?label=([^ }]+)', line):
            d[b.group(1)] = (b.group(2), b.group(3))
    return d
def text(v):
    return '' if v is None else str(v)
checked = 0
for form, att in (('liaison', '附件1'), ('plan', '附件2'), ('stats', '附件3')):
    path = [p for p in glob.glob(os.path.join(out, '*.xlsx')) if '_%s_' % att in p][0]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[1] == '数据' and wb[wb.sheetnames[1]].sheet_state == 'hidden', wb.sheetnames
    ws = wb[wb.sheetnames[0]]
    cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    for c in cells.values():
        assert c.data_type != 'f', ('formula', c.coordinate, c.value)
        if c.value is not None:
            assert c.font.name == '宋体', (c.coordinate, c.font.name)
    assert ws['A1'].value == att, ws['A1'].value
    # the title under it (镇街（部门） filled in), the notes at the end, the guidance not
    lines = open(os.path.join(forms, form + '.form'), encoding='utf-8').read().split('\n')
    title = [l[6:] for l in lines if l.startswith('title ')][0]
    assert text(ws['A2'].value).endswith(title.split('）')[-1]), ('title', ws['A2'].value)
    printed = [text(c.value) for c in cells.values()]
    for l in lines:
        if l.startswith('note '):
            assert l[5:] in printed, ('note', l[5:])
        if l.startswith('guide '):
            assert not any(l.split(' ', 2)[2] in p for p in printed), ('guidance printed', l)
    # Row heights: every line of every cell shows, and no row is more than a line per
    # paragraph taller. A width counts digits of the default font, 宋体 (half an em,
    # one column; a Chinese character two), plus libxlsxwriter's padding, less margins.
    styles = zipfile.ZipFile(path).read('xl/styles.xml').decode()
    assert re.search(r'<fonts[^>]*><font>.*?<name val="([^"]*)"', styles).group(1) == '宋体', 'default font'
    span = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    def colw(c):
        d = ws.column_dimensions[openpyxl.utils.get_column_letter(c)]
        return d.width
    for r in range(1, ws.max_row + 1):
        h = ws.row_dimensions[r].height
        low = high = 0
        for (rr, c), cell in cells.items():
            if rr != r or not isinstance(cell.value, str) or cell.font.sz != 11:
                continue
            cols = int(sum(colw(k) for k in range(c, span.get((r, c), c) + 1)) - 0.6)
            paras = cell.value.split('\n')
            n = sum(max(1, -(-sum(2 if unicodedata.east_asian_width(ch) in 'WFA' else 1 for ch in p) // cols)) for p in paras)
            low, high = max(low, n), max(high, n + len(paras))
        if low:
            assert h is not None and h >= low * 14.25, (att, 'row', r, 'cut', h, low)
            assert h <= max(20, high * 14.25 + 4), (att, 'row', r, 'too tall', h, high)
            checked += 1
    assert ws.page_setup.paperSize in (9, '9'), ws.page_setup.paperSize
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, '1', None)
    vals, fl = get(form), fields(form)
    label_at = {text(c.value): k for k, c in cells.items() if c.value is not None}
    if form == 'liaison':
        for fid, v in vals.items():
            r, col = label_at[fl[fid][1]]
            cell = cells[(r, col)]
            assert cell.border.left.style == 'thin' and cell.alignment.wrap_text
            got = cells.get((r, col + 1))
            assert text(got.value if got else None) == v, (fid, v, got.value if got else None)
            if fl[fid][0] in ('phone', 'mobile') and v:
                assert isinstance(got.value, str), (fid, got.value)
            checked += 1
    elif form == 'plan':
        hr, _ = label_at['序号']
        assert (ws.print_title_rows or '').replace('$', '') == '%d:%d' % (hr, hr), ws.print_title_rows
        head = {text(cells[(hr, c)].value): c for (r, c) in cells if r == hr}
        for key, v in vals.items():
            if '[' not in key:
                assert ('%s：%s' % (fl[key][1], v)) in text(cells[(hr - 1, 1)].value), key
                checked += 1
                continue
            n, fid = int(key.split('[')[1].split(']')[0]), key.split('.')[1]
            got = cells.get((hr + n, head[fl[fid][1]]))
            got = got.value if got else None
            assert text(got) == v, (key, v, got)
            if v == '':
                assert got is None, (key, 'blank must be empty', got)
            checked += 1
        assert ws.cell(row=hr + 1, column=1).value == 1
    else:
        hr, _ = label_at['活动项目']
        assert [text(cells[(hr, c)].value) for c in (1, 2, 3)] == ['活动项目', '内容要求', '进展情况']
        assert (ws.print_title_rows or '').replace('$', '') == '%d:%d' % (hr, hr), ws.print_title_rows
        head = text(cells[(hr - 1, 1)].value)
        right = '\n'.join(text(cells[(r, 3)].value) for r in range(hr + 1, ws.max_row + 1) if (r, 3) in cells)
        # the sentences of the form file with the values filled in, as on paper
        for line in open(os.path.join(forms, 'stats.form'), encoding='utf-8'):
            if line.startswith('field '):
                fid = line.split()[1]
                assert '%s：%s' % (fl[fid][1], vals[fid]) in head, (fid, head)
                checked += 1
            if not line.startswith('line '):
                continue
            def fill(m):
                fid, typ = m.group(1), m.group(2)
                v = vals[fid]
                if typ == 'yesno':
                    return {'是': '■是 □否', '否': '□是 ■否'}.get(v, '□是 □否')
                return v if v else '  '
            want = re.sub(r'\{(\w+) (\w+)[^}]*\}', fill, line[5:].rstrip('\n'))
            assert want in right.split('\n'), ('sentence', want)
            checked += len(re.findall(r'\{', line))
    # the hidden sheet: the CSV's cells, typed
    data = wb['数据']
    rows = list(csv.reader(open([p for p in glob.glob(os.path.join(tmp, 'csv', '*.csv')) if '_%s_' % att in p][0], encoding='utf-8-sig', newline='')))
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            want = c[2:-1] if c.startswith('="') else c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c
            got = data.cell(row=i + 1, column=j + 1).value
            if isinstance(got, (int, float)):
                assert rows[0][j] in ('修订号', '序号') or want.isdigit(), (rows[0][j], got)
                got = str(int(got))
            assert text(got) == want, (att, rows[0][j], want, got)
            checked += 1
print('values', checked)
PY
py_rc=$?
if [ "$py_rc" -eq 0 ]; then t_ok "every .xlsx value as in tianbiao get ($(cat "$T_TMP/py"))"; else
	t_fail "every .xlsx value as in tianbiao get" "$(cat "$T_TMP/py")"; fi

# The picture: LibreOffice prints each .xlsx to PDF (page 1 rendered when pdftoppm is
# there). The shipped forms fit the page width; 附件1 fits one page.
if lo "" pdf "$OUT"/*.xlsx; then t_ok "LibreOffice prints the .xlsx files"; else
	t_fail "LibreOffice prints the .xlsx files" "$(cat "$T_TMP/lo.log")"; fi
for f in "$OUT"/*.xlsx; do
	pdf="$T_TMP/lo/$(basename "${f%.xlsx}").pdf"
	if [ -s "$pdf" ]; then t_ok "PDF of $(basename "$f")"; else t_fail "PDF of $(basename "$f")" "$(ls "$T_TMP/lo")"; fi
done
if command -v pdfinfo >/dev/null; then
	expect_eq "附件1 prints on one page" "$(pdfinfo "$T_TMP"/lo/*附件1*.pdf | awk '/^Pages:/ {print $2}')" 1
fi
if command -v pdftoppm >/dev/null; then
	for pdf in "$T_TMP"/lo/*.pdf; do
		pdftoppm -r 50 -f 1 -l 1 -png "$pdf" "${pdf%.pdf}"
	done
	expect_eq "page 1 of each rendered" "$(find "$T_TMP/lo" -name '*.png' -size +2k | wc -l)" 3
fi

# A district's own form exports sensibly too: it opens, and its values are there.
rm -rf "$OUT" && mkdir -p "$OUT"
TIANBIAO_FORMS="$TOP/tests/core/forms" tb set stats_district.fire_drills 4 2>/dev/null
TIANBIAO_FORMS="$TOP/tests/core/forms" tb set stats_district.other_forms 读书班 2>/dev/null
expect_status "a district's form exports as .xlsx" 0 env TIANBIAO_FORMS="$TOP/tests/core/forms" \
	"$TIANBIAO" --unit 宝坻区大白庄镇 export --all --format xlsx -o "$OUT"
python3 - "$OUT" <<'PY' >"$T_TMP/py" 2>&1
import glob, sys, openpyxl
n = 0
for p in sorted(glob.glob(sys.argv[1] + '/*.xlsx')):
    ws = openpyxl.load_workbook(p).worksheets[0]
    vals = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert vals[0].startswith('附件'), (p, vals[:2])
    n += 1
    if '附件３' in p:
        assert any('开展消防演练（4）场' in v for v in vals), vals
        assert any('其他学习形式：读书班' in v for v in vals), vals
print('files', n)
PY
py_rc=$?
if [ "$py_rc" -eq 0 ]; then t_ok "district forms as .xlsx ($(cat "$T_TMP/py"))"; else
	t_fail "district forms as .xlsx" "$(cat "$T_TMP/py")"; fi
if lo "" pdf "$OUT"/*.xlsx; then t_ok "LibreOffice prints the district's .xlsx files"; else
	t_fail "LibreOffice prints the district's .xlsx files" "$(cat "$T_TMP/lo.log")"; fi
exit 0
