#!/usr/bin/python3
"""gen-units.py TEMPLATE.csv OUTDIR N [--variants] [--seed S]

Unit files for the district's benchmark and kill loop: TEMPLATE is one stats (附件3) CSV
exported by tianbiao; N units 单位00001 … each get a copy in OUTDIR with its own 填报单位,
提交编号, 修订号 and counts (a fifth of them blank), written as tianbiao writes CSV (UTF-8
with BOM, CRLF, counts bare). Beside OUTDIR go OUTDIR.roster.txt (the N names, one a line)
and OUTDIR.rows.csv (the same data rows without a header: one concatenated CSV for the
sqlite3 shell's .import), so that importing the folder reads unit files only.

--variants adds what a district meets: 2 % of units send their file twice under another
name, 2 % also send a higher revision, 1 % fill it on a second PC (a conflict) and 1 %
write their name differently (held until aliased).
"""
import csv, io, os, random, sys

args = [a for a in sys.argv[1:] if not a.startswith('--')]
variants = '--variants' in sys.argv
seed = 1
if '--seed' in sys.argv:
    seed = int(sys.argv[sys.argv.index('--seed') + 1])
    args.remove(str(seed))
template, outdir, n = args[0], args[1], int(args[2])
rnd = random.Random(seed)
rows = list(csv.reader(io.StringIO(open(template, encoding='utf-8-sig').read())))
head, base = rows[0], rows[1]
col = {label: i for i, label in enumerate(head)}
counts = [i for i, label in enumerate(head) if i >= 5 and base[i].isdigit() or
          label.endswith(('次数', '人次', '场次', '篇数', '个数', '部数'))]
counts = [i for i in counts if head[i] not in ('修订号',)]


def uuid():
    return '%032x' % rnd.getrandbits(128)


def render(unit, sub, rev, seedvals):
    r = list(base)
    r[col['填报单位']] = unit
    r[col['提交编号']] = sub
    r[col['修订号']] = str(rev)
    if '填报单位（盖章）' in col:
        r[col['填报单位（盖章）']] = unit
    for k, i in enumerate(counts):
        r[i] = str(seedvals[k]) if seedvals[k] is not None else ''
    return r


def write(name, row):
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n')
    w.writerow(head)
    w.writerow(row)
    with open(os.path.join(outdir, name), 'w', encoding='utf-8-sig', newline='') as f:
        f.write(out.getvalue())


os.makedirs(outdir, exist_ok=True)
data = []
names = []
for u in range(1, n + 1):
    unit = '单位%05d' % u
    names.append(unit)
    vals = [rnd.randrange(0, 500) if rnd.random() > 0.2 else None for _ in counts]
    sub, rev = uuid(), rnd.randrange(1, 9)
    row = render(unit, sub, rev, vals)
    data.append(row)
    written = unit
    if variants and u % 100 == 7:          # named differently
        row = render(unit + '人民政府', sub, rev, vals)
    write('%s_附件3_活动进展情况统计表.csv' % unit, row)
    if not variants:
        continue
    if u % 50 == 3:                         # sent twice
        write('%s_附件3_活动进展情况统计表(1).csv' % unit, row)
    if u % 50 == 11:                        # revised
        vals2 = list(vals)
        vals2[0] = (vals2[0] or 0) + 1
        write('%s_附件3_活动进展情况统计表_修改.csv' % unit, render(unit, sub, rev + 1, vals2))
    if u % 100 == 19:                       # a second PC
        write('%s_附件3_另一台电脑.csv' % unit, render(unit, uuid(), 1, vals[::-1]))
with open(outdir.rstrip('/') + '.roster.txt', 'w', encoding='utf-8') as f:
    f.write(''.join(x + '\n' for x in names))
with open(outdir.rstrip('/') + '.rows.csv', 'w', encoding='utf-8', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(data)
