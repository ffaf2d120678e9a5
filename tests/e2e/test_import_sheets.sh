#!/bin/sh
# test_import_sheets.sh - `certdesk import banks|divisions` from .xlsx (made
# with python3-openpyxl) and .xls (python3-xlwt) workbooks, told by content:
# CNAPS column names, codes stored as numbers, bad rows reported as
# FILE:SHEET: 第 N 行 (a title row above the header skipped), nothing imported from a file without a good row; and
# the MCA / GB/T 2260 list of code and name only as divisions.
. "$(dirname "$0")/cli_lib.sh"
q() { sqlite3 "$tmp/branch.db" "$1"; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# codes with their ISO 7064 MOD 11,10 check digit: 102584000117, 308584001234 …
"$py" - "$tmp" <<'PY' || fail "making the workbooks"
import sys, openpyxl, xlwt
d = sys.argv[1]
def cnaps(s):
    p = 10
    for ch in s:
        t = (p + int(ch)) % 10 or 10
        p = t * 2 % 11
    return s + str((11 - p) % 10)
a, b, c = cnaps('10258400011'), cnaps('30858400123'), cnaps('10358400077')
open(d + '/codes', 'w').write('%s %s %s\n' % (a, b, c))
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '行名行号'
ws.append(['支付系统行名行号表'])                 # a title row above the header
ws.append(['支付系统行号', '开户行名称', '行别'])
ws.append([int(a), '中国工商银行股份有限公司深圳福田支行', '工行'])   # a number cell
ws.append(['10258400011x', '坏行', '工行'])                             # row 4: bad
ws.append([b, '招商银行深圳车公庙支行', '招行'])
wb.save(d + '/banks.xlsx')
wb.save(d + '/banks-named.csv')          # an .xlsx behind a .csv name
bad = openpyxl.Workbook()
bad.active.append(['行号', '行名'])
bad.active.append(['123', '不行'])
bad.save(d + '/bad.xlsx')
x = xlwt.Workbook()
s = x.add_sheet('CNAPS')
for i, h in enumerate(['联行号', '银行名称']):
    s.write(0, i, h)
s.write(1, 0, c); s.write(1, 1, '中国农业银行深圳分行营业部')
s.write(2, 0, cnaps('10358400078')[:11] + '0'); s.write(2, 1, '校验位错')   # row 3
x.save(d + '/banks.xls')
# the MCA list: code and name; no 110100 row, a county-level city under its province
rows = [('110000', '北京市'), ('110101', '东城区'), ('110105', '朝阳区'),
        ('410000', '河南省'), ('410100', '郑州市'), ('410102', '中原区'), ('419001', '济源市'),
        ('440000', '广东省'), ('440300', '深圳市'), ('440304', '福田区'), ('441900', '东莞市'),
        ('4403x5', '坏码'), ('710000', '台湾省')]
with open(d + '/mca.csv', 'w') as f:
    f.write('行政区划代码,单位名称\n')
    for r in rows:
        f.write('%s,%s\n' % r)
m = openpyxl.Workbook()
m.active.append(['代码', '名称'])
for r in rows[:11]:
    m.active.append([int(r[0]), r[1]])
m.save(d + '/mca.xlsx')
PY
set -- $(cat "$tmp/codes")
a=$1 b=$2 c=$3

cd_ import banks "$tmp/banks.xlsx" >"$tmp/out" 2>"$tmp/err" || fail "xlsx import: $(cat "$tmp/err")"
grep -q "banks.xlsx:行名行号: 第 4 行: 行号 \"10258400011x\" 不是 12 位数字" "$tmp/err" ||
	fail "bad xlsx row not reported with file:sheet:row: $(cat "$tmp/err")"
grep -q '(xlsx): 读取 3 行, 导入 2 行, 跳过 1 行' "$tmp/out" || fail "xlsx summary: $(cat "$tmp/out")"
[ "$(q "SELECT name FROM banks WHERE code = '$a'")" = 中国工商银行股份有限公司深圳福田支行 ] || fail "number-cell code not imported"
[ "$(q "SELECT kind FROM banks WHERE code = '$b'")" = branch ] || fail "text-cell code not imported"

before=$(q "SELECT COUNT(*) FROM banks")
rc=0; cd_ import banks "$tmp/bad.xlsx" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc = 1 ] || fail "a workbook without a good row: exit $rc"
grep -q 'bad.xlsx:Sheet: 第 2 行: 行号 "123" 不是 12 位数字' "$tmp/err" || fail "bad.xlsx: $(cat "$tmp/err")"
[ "$(q "SELECT COUNT(*) FROM banks")" = "$before" ] || fail "a refused workbook changed the directory"

cd_ import banks "$tmp/banks.xls" >"$tmp/out" 2>"$tmp/err" || fail "xls import: $(cat "$tmp/err")"
grep -q 'banks.xls:CNAPS: 第 3 行: 行号 .* 校验位错误' "$tmp/err" || fail "bad xls row: $(cat "$tmp/err")"
grep -q '(xls): 读取 2 行, 导入 1 行, 跳过 1 行' "$tmp/out" || fail "xls summary: $(cat "$tmp/out")"
[ "$(q "SELECT name FROM banks WHERE code = '$c'")" = 中国农业银行深圳分行营业部 ] || fail "xls row not imported"

q "DELETE FROM banks WHERE kind = 'branch'"
cd_ import banks "$tmp/banks-named.csv" >"$tmp/out" 2>"$tmp/err" || fail "xlsx named .csv: $(cat "$tmp/err")"
grep -q '(xlsx)' "$tmp/out" || fail "content not detected: $(cat "$tmp/out")"
[ "$(q "SELECT COUNT(*) FROM banks WHERE kind = 'branch'")" = 2 ] || fail "xlsx named .csv: rows"

# divisions: the MCA list of code and name
cd_ import divisions "$tmp/mca.csv" >"$tmp/out" 2>"$tmp/err" || fail "mca import: $(cat "$tmp/err")"
grep -q 'mca.csv: 第 13 行: 区划代码 "4403x5" 不是 6 位数字' "$tmp/err" || fail "bad code: $(cat "$tmp/err")"
grep -q 'mca.csv: 第 14 行: 710000 台湾省 无下级区划' "$tmp/err" || fail "710000: $(cat "$tmp/err")"
[ "$(q "SELECT parent || ' ' || level FROM divisions WHERE code = '440304'")" = "440300 3" ] || fail "county parent"
[ "$(q "SELECT parent || ' ' || level FROM divisions WHERE code = '440300'")" = "440000 2" ] || fail "city parent"
[ "$(q "SELECT COALESCE(parent, '-') || ' ' || level FROM divisions WHERE code = '440000'")" = "- 1" ] || fail "province"
[ "$(q "SELECT name || ' ' || parent FROM divisions WHERE code = '110100'")" = "北京市 110000" ] || fail "municipality step"
[ "$(q "SELECT parent FROM divisions WHERE code = '110105'")" = 110100 ] || fail "district of a municipality"
[ "$(q "SELECT parent || ' ' || level FROM divisions WHERE code = '419001'")" = "410000 2" ] || fail "济源市"
[ "$(q "SELECT COUNT(*) FROM divisions")" = 12 ] || fail "division count $(q "SELECT COUNT(*) FROM divisions")"

cd_ import divisions "$tmp/mca.xlsx" >"$tmp/out" 2>"$tmp/err" || fail "mca xlsx: $(cat "$tmp/err")"
grep -q '(xlsx): 读取 11 行, 导入 12 行' "$tmp/out" || fail "mca xlsx summary: $(cat "$tmp/out") $(cat "$tmp/err")"
[ "$(q "SELECT parent FROM divisions WHERE code = '441900'")" = 440000 ] || fail "xlsx divisions"
echo "PASS [test_import_sheets]"
