#!/usr/bin/env bash
# The district's commands: roster (add, remove, move, import, alias), import of units' files
# with one line each and a summary (every bad input of the district issue, --dry-run),
# imports, status, problems, conflicts and resolve, remind, and `--unit NAME get FORM` on a
# district database. After every bad input the database holds what it held before.
. "$(dirname "$0")/../lib.sh"
DB="$T_TMP/district.db"
td() { "$TIANBIAO" --db "$DB" "$@"; }
DATA="$TOP/tests/data/import"
IN="$T_TMP/in"
mkdir -p "$IN"

# A unit's files, made by tianbiao: unit NAME DBFILE, then `set` arguments.
unit() { local name=$1 db=$2; shift 2; "$TIANBIAO" --db "$db" --unit "$name" set "$@" >/dev/null 2>&1; }
unit_export() { # unit_export DBFILE FORM OUTDIR
	"$TIANBIAO" --db "$1" export "$2" --format csv -o "$3" >/dev/null
}
# What the district holds (every copy received, its values and problems, the current
# submissions) and what status says, for "nothing changed" checks: one query and one
# command, not a get per unit and form.
dump() {
	sqlite3 "$DB" <<'SQL'
SELECT 'sub', u.name, s.form_id, s.year, s.uuid, s.revision, s.origin
  FROM submissions s JOIN units u ON u.id = s.unit ORDER BY 2, 3, 4;
SELECT 'val', u.name, s.form_id, v.field, v.row, v.value FROM vals v
  JOIN submissions s ON s.id = v.submission JOIN units u ON u.id = s.unit ORDER BY 2, 3, 4, 5;
SELECT 'copy', u.name, c.form_id, c.uuid, c.revision, c.digest, c.state, c.file
  FROM copies c JOIN units u ON u.id = c.unit ORDER BY 2, 3, 4, 5, 6, 7;
SELECT 'cval', c.id, v.field, v.row, v.value FROM copy_vals v JOIN copies c ON c.id = v.copy
  ORDER BY 2, 3, 4;
SELECT 'problem', p.copy, p.seq, p.level, p.field, p.row, p.message FROM problems p
  ORDER BY 2, 3;
SQL
	td status 2>&1 | grep -v '截止'
}
# import_one NAME FILE: import one file, its line in $T_TMP/line.
import_one() {
	td import "$2" >"$T_TMP/out" 2>"$T_TMP/err"
	head -n 1 "$T_TMP/out" >"$T_TMP/line"
}

# ---- roster
expect_status "empty roster lists" 0 td roster
expect_grep "empty roster says what to do" "名单还是空的。请用 tianbiao roster add" "$T_TMP/out"
expect_status "roster add" 0 td roster add 甲镇 乙镇 丙街道
expect_grep "roster add says how many" "名单现有 3 个单位" "$T_TMP/out"
expect_status "roster add again" 0 td roster add 乙镇 丁部门
expect_grep "roster add of a unit already there" "“乙镇”已在名单上（第2位），没有重复添加" "$T_TMP/out"
td roster >"$T_TMP/r"
expect_eq "roster in order" "$(cat "$T_TMP/r")" "2021 年应报单位 4 个：
   1  甲镇
   2  乙镇
   3  丙街道
   4  丁部门"
expect_status "roster move" 0 td roster move 丁部门 1
expect_grep "moved to the front" "   1  丁部门" "$T_TMP/out"
td roster move 丁部门 9 >/dev/null
expect_status "roster remove a unit not there" 1 td roster remove 戊镇
expect_grep "remove: message" "“戊镇”不在2021年的名单上" "$T_TMP/err"
expect_status "roster move: bad position" 2 td roster move 甲镇 第一
expect_status "roster: unknown subcommand" 2 td roster sort
# A one-column sheet saved as text: its heading 单位 is no unit.
printf '单位\n戊镇\n\n# 备注\n己镇\n' >"$T_TMP/names.txt"
expect_status "roster import a text file" 0 td roster import "$T_TMP/names.txt"
expect_grep "roster import: count" "读到 2 个单位名称" "$T_TMP/out"
expect_grep "roster import: the heading is no unit" "名单现有 6 个单位" "$T_TMP/out"
printf '\xd0\xf2\xba\xc5,\xb5\xa5\xce\xbb\xc3\xfb\xb3\xc6\r\n1,\xb8\xfd\xd5\xf2\r\n' >"$T_TMP/names-gbk.csv"	# 序号,单位名称 / 1,庚镇 in GBK
expect_status "roster import a GBK CSV with a 单位名称 column" 0 td roster import "$T_TMP/names-gbk.csv"
expect_grep "GBK roster: the name" "名单现有 7 个单位" "$T_TMP/out"
printf '序号,名称\n1,x\n' >"$T_TMP/bad-roster.csv"
expect_status "roster import without a unit column" 1 td roster import "$T_TMP/bad-roster.csv"
expect_grep "no unit column: message" "没有“单位”或“单位名称”这一列" "$T_TMP/err"
expect_status "roster remove" 0 td roster remove 戊镇 己镇 庚镇
expect_status "alias to a unit not on the roster" 1 td roster alias 某镇 不存在的镇
expect_grep "alias: message" "别名只能指向名单上的单位" "$T_TMP/err"
expect_status "alias a roster unit to another" 1 td roster alias 甲镇 乙镇
expect_grep "alias of a roster unit: message" "本身就是名单上的一个单位" "$T_TMP/err"

# ---- units' files
A="$T_TMP/a.db" B="$T_TMP/b.db" C="$T_TMP/c.db"
unit 甲镇 "$A" liaison.name 张三
unit 甲镇 "$A" liaison.mobile 13900000001
unit 甲镇 "$A" liaison.office_phone 022-29240881
unit 甲镇 "$A" liaison.email a@b.cn
unit 甲镇 "$A" stats.study_times 3
unit 甲镇 "$A" stats.study_people 40
unit 乙镇 "$B" stats.study_times 5
unit 乙镇 "$B" stats.film_sessions 0
unit 乙镇 "$B" liaison.name 李四
unit 乙镇 "$B" liaison.mobile 13900000002
mkdir -p "$IN/1"
unit_export "$A" stats "$IN/1"
unit_export "$A" liaison "$IN/1"
unit_export "$B" stats "$IN/1"
td import "$IN/1" >"$T_TMP/out" 2>&1
expect_grep "a folder: one line a file" "甲镇_附件3_活动进展情况统计表_20210603.csv：新收到：甲镇的附件3（活动进展情况统计表），修订 4" "$T_TMP/out"
expect_grep "a folder: the summary" "共 3 个文件：新收到 3，已更新 0，重复 0，较旧 0，有冲突 0，不在名单中 0，拒收 0。" "$T_TMP/out"
expect_eq "values as the unit has them" "$(td --unit 甲镇 get stats | grep -E '^study_(times|people)')" "study_times	3
study_people	40"
expect_eq "blank stays blank, 0 stays 0" "$(td --unit 乙镇 get stats | grep -E '^(film_sessions|film_people)')" "film_sessions	0
film_people	"

dump >"$T_TMP/before"
# Every bad input: one clear line, exit 0 (it is an outcome), nothing changed.
bad() { # bad NAME FILE EXPECTED-PART
	import_one "$1" "$2"
	expect_grep "$1" "$3" "$T_TMP/line"
	dump >"$T_TMP/after"
	if cmp -s "$T_TMP/before" "$T_TMP/after"; then t_ok "$1: nothing changed"; else
		t_fail "$1: nothing changed" "$(diff "$T_TMP/before" "$T_TMP/after" | head -10)"
	fi
}
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$IN/photo.csv"
bad "not a CSV" "$IN/photo.csv" "拒收：这是一张图片"
printf '姓名,电话\n张三,123\n' >"$IN/other.csv"
bad "a CSV of another program" "$IN/other.csv" "拒收：这不是填表程序导出的 CSV 文件"
sed 's/,stats,/,budget,/' "$(ls "$IN"/1/甲镇_附件3*)" >"$IN/budget.csv"
bad "a form the district does not have" "$IN/budget.csv" "这是表单“budget”的文件，本区的表单里没有它"
"$TIANBIAO" --db "$A" export stats --format text -o "$IN" >/dev/null
bad "a .txt export" "$(ls "$IN"/甲镇_附件3*.txt)" "导出的文本文件（像纸质表那样排版"
expect_grep "a .txt export: asks for the CSV" "请导入同名的 .csv 文件，或让单位把 .csv 文件也发来" "$T_TMP/line"
bad "a .xlsx" "$DATA/lo-stats.xlsx" "这是 Excel 工作簿（.xlsx）"
expect_grep "a .xlsx: asks for the CSV" "请让单位发送填表程序导出的 .csv 文件" "$T_TMP/line"
: >"$IN/empty.csv"
bad "an empty file" "$IN/empty.csv" "文件是空的（0 字节）"
f1=$(ls "$IN"/1/甲镇_附件3*)
head -c $(($(stat -c %s "$f1") - 30)) "$f1" >"$IN/cut.csv"
bad "a truncated file" "$IN/cut.csv" "文件不完整"
truncate -s 100M "$IN/big.csv"	# sparse: no 100 MB written to disk
bad "a 100 MB file" "$IN/big.csv" "文件太大（100.0 MB）"
rm -f "$IN/big.csv"
printf '\xef\xbb\xbf填报单位,表单编号\n\xff\xfe\xfd,stats\n' >"$IN/bad-utf8.csv"
bad "invalid UTF-8" "$IN/bad-utf8.csv" "标明是 UTF-8 编码，但第2行有乱码"
printf '\xcc\xee\xb1\xa8,\x80\xff\xfe\n' >"$IN/bad-gb.csv"
bad "invalid GB18030" "$IN/bad-gb.csv" "既不是 UTF-8，也不是 GBK/GB18030"
sed '1s/理论学习中心组学习参与人次/理论学习中心组学习次数/' "$f1" >"$IN/dup.csv"
bad "a header with a duplicated label" "$IN/dup.csv" "有两列都叫“理论学习中心组学习次数”"
sed '1s/提交编号/编号/' "$f1" >"$IN/nometa.csv"
bad "meta columns deleted" "$IN/nometa.csv" "第一行缺少“提交编号”列"
python3 - "$f1" "$IN/nometa-all.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
keep = [i for i, h in enumerate(rows[0]) if h not in ('填报单位', '表单编号', '表单版本', '提交编号', '修订号', '修改时间')]
csv.writer(open(sys.argv[2], 'w', encoding='utf-8-sig', newline='')).writerows([[r[i] for i in keep] for r in rows])
PY
bad "every meta column deleted" "$IN/nometa-all.csv" "文件的各列是附件3《活动进展情况统计表》的，但第一行缺少“表单编号”“提交编号”“修订号”这些列"
{ head -n 1 "$f1"; sed -n 2p "$f1"; sed -n 2p "$f1" | sed 's/^甲镇,/乙镇,/'; } >"$IN/two-units.csv"
bad "a row for another unit" "$IN/two-units.csv" "第2行的填报单位是“甲镇”，第3行却是“乙镇”"
awk -F, 'BEGIN{OFS=","} NR==2{$5="第二版"} {print}' "$f1" >"$IN/rev.csv"
bad "修订号 not a number" "$IN/rev.csv" "“修订号”不是正整数（文件里是“第二版”）"
cp "$f1" "$IN/renamed.csv"
bad "the same file named differently" "$IN/renamed.csv" "重复，无变化：与 "

# Meta columns reordered, an unknown column: imported by label, the unknown one named.
python3 - "$f1" "$IN/reordered.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
rows = [[r[4], r[3], r[2], r[1], r[0]] + r[5:] + [x] for r, x in zip(rows, ['备注', '补充说明'])]
csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline='')).writerows(rows)
PY
import_one "meta reordered" "$IN/reordered.csv"
expect_grep "meta reordered: same values" "内容相同" "$T_TMP/line"

# ---- resends, revisions, conflicts, an unknown name, two files of one submission
mkdir -p "$IN/2"
unit 甲镇 "$A" stats.study_people 41
unit_export "$A" stats "$IN/2"
mv "$IN/2"/甲镇_附件3*.csv "$IN/2/z-甲镇-rev3.csv"
unit 甲镇 "$A" stats.study_people 42
unit_export "$A" stats "$IN/2"
mv "$IN/2"/甲镇_附件3*.csv "$IN/2/a-甲镇-rev4.csv"
td import "$IN/2" >"$T_TMP/out" 2>&1
expect_grep "two files of one submission: the newer first" "a-甲镇-rev4.csv：已更新：甲镇的附件3（活动进展情况统计表）从修订 4 更新到修订 6" "$T_TMP/out"
expect_grep "two files of one submission: then the older" "z-甲镇-rev3.csv：较旧，未采用：甲镇的附件3（活动进展情况统计表）修订 5 早于已收到的修订 6" "$T_TMP/out"
expect_eq "the newest counts" "$(td --unit 甲镇 get stats | grep '^study_people')" "study_people	42"

unit 乙镇 "$C" stats.study_times 7		# 乙镇 on a second PC: another submission id
mkdir -p "$IN/3"
unit_export "$C" stats "$IN/3"
unit 丁部门办公室 "$T_TMP/d.db" stats.study_times 1
unit_export "$T_TMP/d.db" stats "$IN/3"
expect_status "dry run" 0 td import --dry-run "$IN/3"
expect_grep "dry run: conflict said" "有冲突，暂不采用：乙镇的附件3" "$T_TMP/out"
expect_grep "dry run: held said" "不在名单中，暂存：附件3 的填报单位“丁部门办公室”不在 2021 年的名单上。如果它就是“丁部门”" "$T_TMP/out"
expect_grep "dry run: nothing written" "试运行：以上都没有写入数据库" "$T_TMP/out"
expect_eq "dry run: no receipt" "$(td imports | grep -c '丁部门办公室')" "0"
td import "$IN/3" >"$T_TMP/out" 2>&1
expect_grep "conflict: what to do" "tianbiao resolve 乙镇 stats keep-current（保留原有的）或 keep-new（改用新的）" "$T_TMP/out"
expect_eq "a conflict is not counted" "$(td --unit 乙镇 get stats | grep '^study_times')" "study_times	5"

td status >"$T_TMP/status"
expect_grep "status: grid header" "单位                  附件1     附件2     附件3     联络员" "$T_TMP/status"
expect_grep "status: a unit with its liaison" "甲镇                  已报      未报      有问题2   张三 13900000001" "$T_TMP/status"
expect_grep "status: conflict" "乙镇                  未报      未报      有冲突    -" "$T_TMP/status"
expect_grep "status: not reported" "丙街道                未报      未报      未报      -" "$T_TMP/status"
expect_grep "status: count and days left" "附件3 活动进展情况统计表：已收到 2/4，1 个有冲突" "$T_TMP/status"
expect_grep "status: days left" "截止 6月25日（还有 22 天）" "$T_TMP/status"
expect_grep "status: held files" "“丁部门办公室”的附件3" "$T_TMP/status"
td status stats >"$T_TMP/status1"
expect_grep "status FORM: revision" "已报：修订 4" "$T_TMP/status1"
expect_grep "status FORM: conflict" "有冲突（tianbiao conflicts）" "$T_TMP/status1"
expect_grep "status FORM: count" "附件3 活动进展情况统计表（stats）：已收到 2/4，截止 6月25日（还有 22 天）" "$T_TMP/status1"

td conflicts >"$T_TMP/conf"
expect_grep "conflicts: the slot" "乙镇的附件3（活动进展情况统计表）：收到了提交编号不同的两份" "$T_TMP/conf"
expect_grep "conflicts: field by field" "理论学习中心组学习次数                5                   7" "$T_TMP/conf"
expect_status "resolve: wrong word" 2 td resolve 乙镇 stats keep
expect_status "resolve a slot without conflict" 1 td resolve 甲镇 stats keep-new
expect_grep "resolve without conflict: message" "没有待处理的冲突" "$T_TMP/err"
expect_status "resolve keep-new" 0 td resolve 乙镇 stats keep-new
expect_grep "resolve: said" "已改用新收到的一份" "$T_TMP/out"
expect_eq "resolve: the new one counts" "$(td --unit 乙镇 get stats | grep '^study_times')" "study_times	7"
expect_eq "no conflict left" "$(td conflicts)" "没有待处理的冲突。"

# The same submission and revision with another value (edited in a spreadsheet after
# export): a conflict of its own kind, 被修改 in the grid, settled by keeping the current one.
python3 - "$IN/2/a-甲镇-rev4.csv" "$IN/edited.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
rows[1][rows[0].index('理论学习中心组学习参与人次')] = '420'
csv.writer(open(sys.argv[2], 'w', encoding='utf-8-sig', newline='')).writerows(rows)
PY
import_one "edited after export" "$IN/edited.csv"
expect_grep "edited after export: a conflict" "有冲突，暂不采用：甲镇的附件3（活动进展情况统计表）" "$T_TMP/line"
expect_grep "edited after export: said why" "编号相同、内容却不同" "$T_TMP/line"
expect_grep "edited after export: 被修改 in the grid" "甲镇                  已报      未报      被修改" <(td status)
expect_grep "edited after export: said in status FORM" "导出后被修改过，有冲突（tianbiao conflicts）" <(td status stats)
expect_status "edited after export: keep the current one" 0 td resolve 甲镇 stats keep-current
expect_eq "edited after export: the unit's value stays" "$(td --unit 甲镇 get stats | grep '^study_people')" "study_people	42"

expect_status "alias applies the held file" 0 td roster alias 丁部门办公室 丁部门
expect_grep "alias: applied" "新收到：丁部门的附件3" "$T_TMP/out"
expect_eq "get through an alias" "$(td --unit 丁部门办公室 get stats | grep '^study_times')" "study_times	1"

td imports >"$T_TMP/imports"
expect_grep "imports: every file with encoding and separator" "UTF-8 BOM，逗号" "$T_TMP/imports"
expect_grep "imports: a held file now applied" "（原为不在名单中" "$T_TMP/imports"
expect_grep "imports: refused ones too" "拒收：这是一张图片" "$T_TMP/imports"

td problems 甲镇 stats >"$T_TMP/problems"
expect_grep "problems: a required blank" "请核实：联系人：必填，尚未填写" "$T_TMP/problems"

# ---- remind
OUTBOX="$T_TMP/outbox"
expect_status "remind" 0 env TIANBIAO_OUTBOX="$OUTBOX" "$TIANBIAO" --db "$DB" remind stats
expect_grep "remind: one line a unit" "丙街道：请于6月25日前报送附件3《活动进展情况统计表》，发送至 bdqyjj01@tj.gov.cn" "$T_TMP/out"
expect_grep "remind: written" "已写入 $OUTBOX/催报_附件3_20210603.txt" "$T_TMP/out"
expect_grep "remind: the file" "丙街道：请于6月25日前报送附件3" "$OUTBOX/催报_附件3_20210603.txt"
expect_eq "remind: only those missing" "$(grep -c '' "$OUTBOX/催报_附件3_20210603.txt")" "1"
expect_status "remind liaison with contacts" 0 env TIANBIAO_OUTBOX="$OUTBOX" "$TIANBIAO" --db "$DB" remind liaison
expect_grep "remind: past due" "已过截止日期" <(TIANBIAO_TODAY=2021-06-08 TIANBIAO_OUTBOX="$OUTBOX" "$TIANBIAO" --db "$DB" remind liaison -o "$T_TMP/r.txt")

# ---- a number a spreadsheet turned into 1.82222E+10: not taken, the unit asked to resend
mkdir -p "$IN/4"
unit_export "$B" liaison "$IN/4"
python3 - "$(ls "$IN"/4/乙镇_附件1*.csv)" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
rows[1][rows[0].index('手机')] = '1.39E+10'
csv.writer(open(sys.argv[1], 'w', encoding='gbk', newline='')).writerows(rows)
PY
td import "$IN/4" >"$T_TMP/out" 2>&1
expect_grep "1.39E+10: the rest taken, one not" "新收到：乙镇的附件1（联络员反馈表），修订 3；1 项没有导入" "$T_TMP/out"
td problems 乙镇 liaison >"$T_TMP/problems"
expect_grep "1.39E+10: what happened and what to do" "手机：被电子表格改成了科学计数法（1.39E+10）" "$T_TMP/problems"
expect_grep "1.39E+10: resend" "重新导出发送" "$T_TMP/problems"
expect_eq "1.39E+10: not stored as that number" "$(td --unit 乙镇 get liaison | grep '^mobile')" "mobile	"

# ---- the database is sound, and a unit's database is not taken for a district's
expect_status "integrity" 0 td check-db
expect_status "get on a unit database ignores the district" 0 "$TIANBIAO" --db "$A" get stats
exit "$t_fails"
