#!/usr/bin/env bash
# Export round trip: the three forms filled with awkward values, exported as CSV in
# UTF-8 and GB18030, read back with an independent reader (Python's csv module) and
# compared cell by cell with what the database holds (`tianbiao get`); the text
# export's lines fit the width; file names, no overwriting, and refused outputs.
. "$(dirname "$0")/../lib.sh"
tb() { "$TIANBIAO" --unit '宝坻区大白庄镇,"测试"' "$@"; }
OUT="$T_TMP/outbox"

long=$(printf '长文本%.0s' $(seq 1 300))
tb set liaison.name '=HYPERLINK("http://x","点我")' 2>/dev/null
tb set liaison.gender 女
tb set liaison.position '科长, "主任"'
tb set liaison.office_phone 022-29240881
tb set liaison.mobile 18222169302
tb set liaison.fax '+86 22 2924 0882'
tb set liaison.wechat hl_2021
tb set liaison.email 'bdqyjj01@tj.gov.cn'
tb set liaison.address $'天津市宝坻区\n南城路１２号 😀' 2>/dev/null
tb set stats.contact '@黄璐'
tb set stats.phone 29240881-8001
tb set stats.study_times 3
tb set stats.study_people 0 2>/dev/null	# below 学习次数: a rule's warning
tb set stats.film_studied 是
tb set 'plan.activities[1].kind' '-开展“6·16安全宣传咨询日”活动'
tb set 'plan.activities[1].date' '6月16日'
tb set 'plan.activities[1].content' "$long" 2>/dev/null
tb set 'plan.activities[1].outputs' '学习研讨文章、其他：展板, "海报"'
tb set 'plan.activities[2].kind' $'\t制表符开头'
tb set 'plan.activities[2].division' $'第一行\r\n第二行'
tb set 'plan.activities[3].place' '+宝坻区人民广场'

# Blank unit and date fields are exported filled in, as the screens fill them.
rm -rf "$OUT" && mkdir -p "$OUT"
tb export stats --format text -o "$OUT" >/dev/null
expect_grep "blank unit field exported as the unit" '填报单位（盖章）：宝坻区大白庄镇,"测试"' "$(ls "$OUT"/*.txt)"
expect_grep "blank date field exported as today" '填报日期：6月3日' "$(ls "$OUT"/*.txt)"
expect_eq "defaults stored" "$(tb get stats | grep '^report_date')" "$(printf 'report_date\t6月3日')"
tb set stats.unit_name 宝坻区大白庄镇 && tb set stats.report_date 2021-06-20 && tb set plan.unit_name 大白庄镇 && tb set liaison.unit_name 大白庄镇

for f in liaison plan stats; do tb get "$f" >"$T_TMP/get-$f"; done

check_csv() { # check_csv NAME ENCODING FILE FORM
	python3 - "$3" "$2" "$T_TMP/get-$4" "$4" <<'PY' >"$T_TMP/py" 2>&1
import csv, sys
path, enc, getf, form = sys.argv[1:]
raw = open(path, 'rb').read()
if enc == 'utf-8':
    assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
    text = raw[3:].decode('utf-8')
else:
    assert not raw.startswith(b'\xef\xbb\xbf'), 'BOM in GB18030'
    text = raw.decode('gb18030')
assert text.endswith('\r\n'), 'records end with CRLF'
rows = list(csv.reader(text.splitlines(keepends=True)))
# What the database holds, in `get` order, unescaped.
def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s):
            out.append({'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}[s[i + 1]]); i += 2
        else:
            out.append(s[i]); i += 1
    return ''.join(out)
vals = []
for line in open(getf, encoding='utf-8'):
    k, _, v = line.rstrip('\n').partition('\t')
    vals.append((k, unesc(v)))
def cell(s):  # undo the protections an independent reader sees
    if s.startswith('="') and s.endswith('"'):
        return s[2:-1]
    if s[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r", "'\n"):
        return s[1:]
    return s
head = rows[0]
assert head[:6] == ['填报单位', '表单编号', '表单版本', '提交编号', '修订号', '修改时间'], head[:6]
body = rows[1:]
for r in body:
    assert len(r) == len(head), ('ragged', len(r), len(head))
    assert r[0] == '宝坻区大白庄镇,"测试"' and r[1] == form and r[2] == '="2021.1"', r[:3]
    assert len(r[3]) == 32 and r[4].isdigit(), r[3:5]
    assert r[5].startswith('20') and r[5][10] == 'T' and r[5][-6] in '+-', r[5]
if form == 'plan':
    top = [v for k, v in vals if '[' not in k]
    nrows = max(int(k.split('[')[1].split(']')[0]) for k, v in vals if '[' in k)
    assert len(body) == nrows, (len(body), nrows)
    for i, r in enumerate(body, 1):
        assert r[6] == str(i), r[6]
        want = top + [v for k, v in vals if k.startswith('activities[%d].' % i)]
        got = [cell(c) for c in r[7:]]
        assert got == want, (i, [(a, b) for a, b in zip(got, want) if a != b])
else:
    assert len(body) == 1
    got = [cell(c) for c in body[0][6:]]
    want = [v for k, v in vals]
    assert got == want, [(a, b) for a, b in zip(got, want) if a != b]
# No cell an independent spreadsheet would run as a formula, except the ="text" guard
# (a string constant: no quote inside).
for r in body:
    for c in r:
        if c[:1] in ('=', '+', '-', '@', '\t', '\r', '\n'):
            assert c.startswith('="') and c.endswith('"') and '"' not in c[2:-1], ('formula', c)
print('cells', sum(len(r) for r in body))
PY
	py_rc=$?
	if [ "$py_rc" -eq 0 ]; then t_ok "$1 ($(cat "$T_TMP/py"))"; else t_fail "$1" "$(cat "$T_TMP/py")"; fi
}

if [ -x /usr/bin/python3 ]; then
	for enc in utf-8 gb18030; do
		rm -rf "$OUT" && mkdir -p "$OUT"
		expect_status "export --all csv $enc" 0 tb export --all --format csv --encoding "$enc" -o "$OUT"
		for f in liaison plan stats; do
			file=$(printf '%s\n' "$OUT"/*.csv | grep -F "$(grep '^attachment' "$TOP/forms/$f.form" | cut -d' ' -f2)_")
			check_csv "csv round trip $f $enc" "$enc" "$file" "$f"
		done
	done
else
	t_skip "csv round trip" "no /usr/bin/python3 (tools/deps.sh test installs it)"
fi

# GB18030 files are plain GBK where the clerk typed only GBK characters: Notepad on a
# Chinese Windows (ANSI, CP936) reads every one of them.
rm -rf "$OUT" && mkdir -p "$OUT"
expect_status "export --all both gb18030" 0 tb export --all --format both --encoding gb18030 -o "$OUT"
gbk=0
for f in "$OUT"/*.txt "$OUT"/*.csv; do
	if iconv -f GBK -t UTF-8 "$f" >/dev/null 2>&1; then gbk=$((gbk + 1)); else echo "#   not GBK: $f"; fi
done
expect_eq "GB18030 text and CSV files read as GBK" "$gbk" 6

# Our own reader: the C tests (test_export) read the same CSV back; here the counts
# stay bare numbers and a blank count is an empty cell.
rm -rf "$OUT" && mkdir -p "$OUT"
tb export stats --format csv -o "$OUT" >/dev/null
expect_grep "count bare, zero kept, blank empty" ',3,0,是,' "$(ls "$OUT"/*.csv)"

# Text export --width 80: no line wider than 80 columns in a CJK font, where the
# ambiguous-width characters (“ ” — · □ ■) take two.
rm -rf "$OUT" && mkdir -p "$OUT"
expect_status "export all text --width 80" 0 tb export --all --format text --width 80 -o "$OUT"
python3 - "$OUT" <<'PY' >"$T_TMP/py" 2>&1
import sys, os, unicodedata
worst = 0
for name in os.listdir(sys.argv[1]):
    text = open(os.path.join(sys.argv[1], name), encoding='utf-8-sig').read()
    for line in text.split('\n'):
        w = sum(2 if unicodedata.east_asian_width(c) in 'WFA' else 0 if unicodedata.combining(c) else 1 for c in line.rstrip('\r'))
        worst = max(worst, w)
        assert w <= 80, (name, w, line)
print('widest', worst)
PY
py_rc=$?
if [ "$py_rc" -eq 0 ]; then t_ok "text lines fit 80 CJK columns ($(cat "$T_TMP/py"))"; else t_fail "text lines fit 80 CJK columns" "$(cat "$T_TMP/py")"; fi

# Text export by default: for pasting into an email or Word, one line per line of the
# paper - every paragraph and sentence of the form file, and the long text, on one line.
rm -rf "$OUT" && mkdir -p "$OUT"
expect_status "export all text" 0 tb export --all --format text -o "$OUT"
python3 - "$OUT" "$TOP/forms/stats.form" <<'PY' >"$T_TMP/py" 2>&1
import sys, os, re
out, form = sys.argv[1:]
lines = {}
for name in os.listdir(out):
    lines[name] = open(os.path.join(out, name), encoding='utf-8-sig', newline='').read().split('\r\n')
stats = [v for k, v in lines.items() if '附件3' in k][0]
plan = [v for k, v in lines.items() if '附件2' in k][0]
blank = r'（[^（）]*）|\([^()]*\)|[■□]是 [■□]否'
got = [re.sub(blank, '', l) for l in stats]
n = 0
for d in open(form, encoding='utf-8'):
    if d.startswith('text '):
        assert d[5:].rstrip('\n') in stats, ('paragraph broken', d[5:40])
        n += 1
    if d.startswith('line '):
        want = re.sub(blank, '', re.sub(r'\{[^}]*\}', '', d[5:].rstrip('\n')).replace('{}', ''))
        assert want in got, ('sentence broken', want[:30])
        n += 1
assert any(l.count('长文本') == 300 for l in plan), 'long text on one line'
print('lines', n)
PY
py_rc=$?
if [ "$py_rc" -eq 0 ]; then t_ok "text not hard-wrapped ($(cat "$T_TMP/py"))"; else t_fail "text not hard-wrapped" "$(cat "$T_TMP/py")"; fi
txt=$(ls "$OUT"/*附件3*.txt)
expect_grep "sentence filled in" "理论学习中心组学习（3）次，参与（0）人次；" "$txt"
expect_grep "blank shown as the paper's brackets" "组织集中学习观看（  ）场" "$txt"
expect_grep "yes/no as the paper, ticked with a GBK character" "■是 □否" "$txt"
expect_grep "plan rows numbered" "二、" "$(ls "$OUT"/*附件2*.txt)"
expect_grep "long text kept whole" "长文本长文本" "$(ls "$OUT"/*附件2*.txt)"
if [ "$(python3 -c 'import sys; print(open(sys.argv[1], encoding="utf-8-sig").read().replace("\n", "").replace(" ", "").count("长文本"))' "$(ls "$OUT"/*附件2*.txt)")" -eq 300 ]; then t_ok "long text not cut"; else t_fail "long text not cut"; fi

# File names; exporting again leaves one current file per format, the earlier ones in 旧版本/.
rm -rf "$OUT" && mkdir -p "$OUT"
tb export liaison -o "$OUT" >"$T_TMP/paths"
expect_eq "file names" "$(cd "$OUT" && printf '%s\n' * | sort | tr '\n' ' ')" \
	'宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.csv 宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.txt 宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.xlsx '
cp -p "$OUT"/*.csv "$T_TMP/first.csv"
cp -p "$OUT"/*.xlsx "$T_TMP/first.xlsx"
sleep 1	# a later second: an export that took the clock again would differ
tb export liaison -o "$OUT" >/dev/null
expect_eq "unchanged: the same three files" "$(find "$OUT" -mindepth 1 | wc -l)" 3
if cmp -s "$OUT"/*.xlsx "$T_TMP/first.xlsx"; then t_ok "unchanged: identical .xlsx"; else t_fail "unchanged: identical .xlsx"; fi
if cmp -s "$OUT"/*.csv "$T_TMP/first.csv"; then t_ok "unchanged: identical content"; else t_fail "unchanged: identical content"; fi
# The next day, unchanged: the database remembers the first export of this version,
# so the same names and bytes come out, not a copy dated today.
TIANBIAO_TODAY=2021-06-04 tb export liaison -o "$OUT" >"$T_TMP/paths2"
expect_eq "unchanged the next day: the same names" "$(sed 's#.*/##' "$T_TMP/paths2" | sort | tr '\n' ' ')" \
	'宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.csv 宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.txt 宝坻区大白庄镇,_测试__附件1_联络员反馈表_20210603.xlsx '
if cmp -s "$OUT"/*.xlsx "$T_TMP/first.xlsx" && [ ! -e "$OUT/旧版本" ]; then t_ok "unchanged the next day: identical files"; else
	t_fail "unchanged the next day: identical files" "$(ls -R "$OUT")"; fi
tb set liaison.position 副科长
tb export liaison -o "$OUT" >/dev/null
expect_eq "changed: one current file per format" "$(find "$OUT" -mindepth 1 -maxdepth 1 -type f | wc -l)" 3
expect_eq "changed: the earlier ones in 旧版本/" "$(find "$OUT/旧版本" -type f | wc -l)" 3
expect_grep "changed: the current file has the change" "副科长" "$(printf '%s\n' "$OUT"/*.csv)"
if cmp -s "$OUT"/旧版本/*.csv "$T_TMP/first.csv"; then
	t_ok "changed: the earlier file kept as it was"; else t_fail "changed: the earlier file kept as it was"; fi
expect_eq "paths printed" "$(wc -l <"$T_TMP/paths")" 3

# -o FILE for one format; refused combinations and places.
expect_status "-o file, one format" 0 tb export stats --format csv -o "$T_TMP/one.csv"
expect_status "-o file with both formats is usage" 2 tb export stats --format both -o "$T_TMP/two.csv"
expect_status "unknown encoding is usage" 2 tb export stats --encoding latin1
expect_status "missing form is refused" 1 tb export nosuch
expect_status "missing -o directory refused" 1 tb export stats -o "$T_TMP/no/such/dir"
expect_grep "missing directory message" "不存在" "$T_TMP/err"
if [ ! -e "$T_TMP/no" ]; then t_ok "missing -o directory not created"; else t_fail "missing -o directory not created"; fi
mkdir -p "$T_TMP/ro" && chmod 0555 "$T_TMP/ro"
if [ "$(id -u)" != 0 ]; then
	expect_status "read-only directory refused" 1 tb export stats -o "$T_TMP/ro"
	if [ -z "$(ls "$T_TMP/ro")" ]; then t_ok "nothing left in read-only dir"; else t_fail "nothing left in read-only dir"; fi
fi
if mount -t tmpfs -o size=16k tmpfs "$T_TMP/ro" 2>/dev/null; then
	head -c 12000 /dev/zero >"$T_TMP/ro/filler"
	expect_status "full disk refused" 1 tb export --all -o "$T_TMP/ro"
	expect_grep "full disk message" "磁盘" "$T_TMP/err"
	expect_eq "no partial file on full disk" "$(ls "$T_TMP/ro")" "filler"
	umount "$T_TMP/ro"
fi
expect_grep "database untouched by failed exports" "$(printf 'study_times\t3')" <(tb get stats)
exit 0
