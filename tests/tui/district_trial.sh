#!/usr/bin/env bash
# The district's first day, as issue 10's "Done means" has it, on the screens alone: a
# roster from a file, a folder of units' files (a resend, a revision, a conflict, a GBK file
# a spreadsheet saved, a name not on the roster, a value that is not a number, three units
# missing) imported from the import page, the conflict and the name settled on 待处理, who
# is missing with the phones known, the reminders written, the totals and 汇总表 exported,
# and every figure traced on 汇总 checked against a count made with Python's csv over the
# units' files.
. "$(dirname "$0")/lib-district.sh"

district_template
printf '甲镇\n乙镇\n丙镇\n丁镇\n戊镇\n己镇\n庚镇\n辛镇\n壬镇\n癸镇\n' >"$T_TMP/名单.txt"
district_files "甲镇:liaison:姓名=联络员1,手机=13900000001" "甲镇:stats:理论学习中心组学习次数=1,理论学习中心组学习参与人次=10"
# 乙镇 sent its statistics twice (mail and WeChat name them differently)
district_files "乙镇:stats:理论学习中心组学习次数=2,理论学习中心组学习参与人次=20"
cp "$INBOX/乙镇_附件3_活动进展情况统计表_20210603.csv" "$INBOX/乙镇_附件3_活动进展情况统计表_20210603(1).csv"
# 丙镇 corrected a count: revision 2 of the same submission, the first file still there
district_files "丙镇:stats:理论学习中心组学习次数=3,理论学习中心组学习参与人次=30,name=丙镇_附件3_第一次.csv" \
	"丙镇:stats:理论学习中心组学习次数=3,理论学习中心组学习参与人次=33,rev=2"
# 丁镇 filled it on two PCs
district_files "丁镇:stats:理论学习中心组学习次数=4,理论学习中心组学习参与人次=40" \
	"丁镇:stats:uuid=0123456789abcdef0123456789abcdef,name=丁镇_附件3_另一台电脑.csv,理论学习中心组学习次数=44,理论学习中心组学习参与人次=40"
# 戊镇's file went through a spreadsheet: GBK, LF, the ="…" gone, 6月3日 a date
district_files "戊镇:stats:理论学习中心组学习次数=5,理论学习中心组学习参与人次=50"
python3 - "$INBOX/戊镇_附件3_活动进展情况统计表_20210603.csv" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding='utf-8-sig').read().replace('\r\n', '\n').replace('="', '').replace('"', '')
t = t.replace('6月3日', '2021/6/3')
open(p, 'w', encoding='gbk', newline='').write(t)
PY
# 己镇 writes its name 己镇人民政府; 庚镇 typed a word into a count
district_files "己镇人民政府:liaison:姓名=联络员6,手机=13900000006" \
	"己镇人民政府:stats:理论学习中心组学习次数=6,理论学习中心组学习参与人次=60"
district_files "庚镇:stats:理论学习中心组学习次数=7,理论学习中心组学习参与人次=约70"
# 辛镇 sent only its liaison; 壬镇 and 癸镇 nothing
district_files "辛镇:liaison:姓名=联络员8,手机=13900000008"

tb <<K
key F9
type 4
key F3
type $T_TMP/名单.txt
key Enter
type 2
key Enter
dump imported
type 3
key Enter Enter
dump which
key Down Enter
key Enter
dump alias
key Enter
dump aliased
type 2
dump back
type 1
key End
dump missing
type 6
key F5
dump remind
type 5
dump totals
key F6
dump exported
key Enter
dump src1
key Esc Down Enter
dump src2
K
expect_row "imported: every outcome counted" imported 3 " 导入完成，共 13 个文件：新收到 8，已更新 0，重复 1，较旧 1，有冲突 1，不在名单"
expect_grep "the conflict: the one difference" "理论学习中心组学习次数          44                     4" "$T_TMP/run/which"
expect_grep "the name: the likely unit first" "> 就是名单上的“己镇”（设为别名）" "$T_TMP/run/alias"
expect_grep "aliased, its files came in" "暂存的 2 个文件已导入，按 1" "$T_TMP/run/aliased"
expect_row "back on the import page: the last import's outcomes still there" back 3 " 导入完成，共 13 个文件：新收到 8，已更新 0，重复 1，较旧 1，有冲突 1，不在名单"
expect_grep "and each file's" "新收到，1 项没导入" "$T_TMP/run/back"
expect_rows "who is missing, with the phones known" missing 11 15 <<'EOF'
   6 己镇 已报       未报       已报       联络员6 13900000006
   7 庚镇 未报       未报       有问题 1   -
   8 辛镇 已报       未报       未报       联络员8 13900000008
   9 壬镇 未报       未报       未报       -
> 10 癸镇 未报       未报       未报       -
EOF
expect_grep "the reminders written" "已写入 $TIANBIAO_OUTBOX/催报_全部_20210603.txt" "$T_TMP/run/remind"
expect_eq "one reminder a line, 辛镇's with its phone" \
	"$(grep -c '' "$TIANBIAO_OUTBOX/催报_全部_20210603.txt") $(grep -c '^辛镇（联络员 联络员8 13900000008）' "$TIANBIAO_OUTBOX/催报_全部_20210603.txt")" "20 2"
expect_grep "exported: the totals and the 汇总表" "已导出 10 个文件到 $TIANBIAO_OUTBOX" "$T_TMP/run/exported"

# The hand count: the copies that count are one per unit - the revision, not the first
# file; 丁镇's copy named as its program names it (chosen on 待处理); the resend once.
python3 - "$INBOX" >"$T_TMP/hand" <<'PY'
import csv, glob, io, os, sys
rows = {}
for p in sorted(glob.glob(os.path.join(sys.argv[1], '*_附件3_*.csv'))):
    n = os.path.basename(p)
    if '(1)' in n or '第一次' in n or '另一台电脑' in n:
        continue
    b = open(p, 'rb').read()
    try:
        t = b.decode('utf-8-sig')
    except UnicodeDecodeError:
        t = b.decode('gbk')
    r = list(csv.reader(io.StringIO(t)))
    rows[r[1][0].replace('人民政府', '')] = dict(zip(r[0], r[1]))
for c in ('理论学习中心组学习次数', '理论学习中心组学习参与人次'):
    vals = [u[c] for u in rows.values()]
    s = sum(int(v) for v in vals if v.isdigit())
    blank = sum(1 for v in vals if not v.isdigit())
    print(f'{s}（{blank} 个单位未填）' if blank else str(s))
for u in sorted(rows):
    print(u, rows[u]['理论学习中心组学习参与人次'])
PY
expect_eq "the hand count" "$(head -2 "$T_TMP/hand")" "28
213（1 个单位未填）"
expect_row "the 汇总 page's first figure is the hand count" totals 6 " > 理论学习中心组学习次数       28"
expect_row "and the second" totals 7 "   理论学习中心组学习参与人次   213（1 个单位未填）"
expect_rows "each unit behind the second, as in its file" src2 6 16 <<'EOF'
 > 甲镇      10
   乙镇      20
   丙镇      33
   丁镇      40
   戊镇      50
   己镇      60
   庚镇      （未填：文件里是“约70”，没有导入）
   辛镇      未报，没有计入
   壬镇      未报，没有计入
   癸镇      未报，没有计入

EOF
csv=$(ls "$TIANBIAO_OUTBOX"/*_附件3_*_汇总表.csv)
python3 - "$csv" >"$T_TMP/table" <<'PY'
import csv, sys
r = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
h = r[0]
for row in r[1:]:
    print(row[h.index('单位')], row[h.index('理论学习中心组学习参与人次')])
PY
expect_eq "the 汇总表 has the same figures" "$(cat "$T_TMP/table")" "甲镇 10
乙镇 20
丙镇 33
丁镇 40
戊镇 50
己镇 60
庚镇 
辛镇 
壬镇 
癸镇 
合计 213
未填 1"
[ "$t_fails" -eq 0 ]
