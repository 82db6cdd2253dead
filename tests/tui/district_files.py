#!/usr/bin/python3
"""district_files.py TEMPLATE_DIR OUT_DIR SPEC... - units' CSV files for the district tests.

TEMPLATE_DIR holds one unit's three CSV exports made by tianbiao (any unit, any values);
each SPEC writes one unit's file of one form into OUT_DIR in exactly that format (UTF-8
with BOM, CRLF, the same header), with values of its own:

    UNIT:FORM[:key=value,...]     FORM is liaison, plan or stats

Keys: rows (plan: the template's first row repeated, 序号 1..N), rev (修订号, default 1), uuid (提交编号, default derived from unit and form, so a
file is the same every run), name (file name, default UNIT_附件N_表名_20210603.csv), and
any column label (姓名=张三, 理论学习中心组学习次数=5); the unit's name columns (填报单位,
填报单位（盖章）, 单位名称, 镇街（部门）) are the unit. Counts not given are blank, except
stats' first count, which is the unit's number in the order given (1, 2, 3...).
"""
import csv
import glob
import hashlib
import io
import os
import sys

tpl_dir, out_dir = sys.argv[1], sys.argv[2]
templates = {}
for path in glob.glob(os.path.join(tpl_dir, '*.csv')):
    rows = list(csv.reader(io.StringIO(open(path, encoding='utf-8-sig').read())))
    templates[rows[1][1]] = (os.path.basename(path), rows)

UNIT_COLS = ('填报单位', '填报单位（盖章）', '单位名称', '镇街（部门）')
n = 0
for spec in sys.argv[3:]:
    parts = spec.split(':', 2)
    unit, form = parts[0], parts[1]
    kv = {}
    if len(parts) > 2 and parts[2]:
        for item in parts[2].split(','):
            k, v = item.split('=', 1)
            kv[k] = v
    n += 1
    base, rows = templates[form]
    head = rows[0]
    out = [head]
    data = rows[1:]
    if 'rows' in kv:
        data = [list(data[0]) for _ in range(int(kv['rows']))]
        for i, r in enumerate(data):
            r[head.index('序号')] = str(i + 1)
    for r in data:
        r = list(r)
        for i, label in enumerate(head):
            if label in UNIT_COLS:
                r[i] = unit
            elif label == '提交编号':
                r[i] = kv.get('uuid', hashlib.md5((unit + form).encode()).hexdigest())
            elif label == '修订号':
                r[i] = kv.get('rev', '1')
            elif label in kv and label != 'rows':
                r[i] = kv[label]
        out.append(r)
    if form == 'stats' and '理论学习中心组学习次数' not in kv:
        i = head.index('理论学习中心组学习次数')
        for r in out[1:]:
            r[i] = str(n)
    name = kv.get('name', unit + base[base.index('_'):])
    buf = io.StringIO()
    csv.writer(buf, lineterminator='\r\n').writerows(out)
    with open(os.path.join(out_dir, name), 'w', encoding='utf-8-sig', newline='') as f:
        f.write(buf.getvalue())
