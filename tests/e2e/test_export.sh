#!/bin/sh
# test_export.sh - `certdesk export` on a seeded temporary database, the
# workbook read back by an independent reader (python3-openpyxl): rows,
# types (dates are dates, amounts numbers), masking, totals, the audit record.
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
bin="$root/build/certdesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-export-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
# a host on another zone: the cells are still branch time (certdesk(1) TIME)
TZ=America/New_York
export TZ
# Debian's python3 (with python3-openpyxl), not whatever python3 comes first in PATH
py=/usr/bin/python3
[ -x "$py" ] || py=python3
cat >"$tmp/certdesk.conf" <<CONF
[branch]
code = 0755
[store]
database = $tmp/branch.db
[security]
pwhash_opslimit = 1
pwhash_memlimit = 8192
CONF
cd="$bin --config $tmp/certdesk.conf"
echo 'passw0rd1' | $cd user add --name 张柜员 --role clerk clerk1
echo 'passw0rd1' | $cd user add --name 李柜员 --role clerk clerk2
echo 'passw0rd1' | $cd user add --name 王主管 --role supervisor sup1

# 30 applications in November 2026 and 2 in October; statuses cycle; the
# sixth has invalid UTF-8 in its name; every row carries sensitive values.
"$py" - "$tmp/branch.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
sts = ['pending', 'queued', 'accepted', 'rejected', 'finauth_failed', 'shipped']
def add(i, day, status, clerk, name):
    db.execute("""INSERT INTO applications(app_no, status, created_by, last_edited_by, created_at, updated_at,
        org_name, org_doc_no, cert_serial, agent_name, agent_id, agent_mobile, bank_account, mail_address,
        fee_cents, pay_method, paid_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        ('2611%02d0755%06d' % (day % 100, i) + '00', status, clerk, clerk,
         '2026-%sT10:%02d:00+08:00' % (('11-%02d' % day) if day < 100 else ('10-%02d' % (day - 100)), i % 60),
         '2026-11-25T08:00:00+08:00', name, '91440300MA5G%06d' % i, '712C1B5A584A%04X' % i, '陈经办',
         '11010519900101%04d' % i, '1381234%04d' % i, '40000223092001%05d' % i, '深圳市福田区深南大道 %d 号' % i,
         48000 + i * 100, '微信支付', '2026-11-20T10:00:00+08:00'))
for i in range(1, 31):
    name = ('深圳市测试科技有限公司%02d' % i).encode()
    if i == 6:
        name = b'\xe6\xb7\xb1\xff\xfe' + name   # invalid UTF-8 bytes stored as text
    db.execute("SELECT 1")
    add(i, i, sts[i % 6], 1 + i % 2, name.decode('utf-8', 'surrogateescape') if i != 6 else None)
    if i == 6:
        db.execute("UPDATE applications SET org_name = CAST(? AS TEXT) WHERE id = last_insert_rowid()", (name,))
add(31, 101, 'accepted', 1, '十月公司甲')
add(32, 102, 'accepted', 2, '十月公司乙')
db.commit()
PY

# usage errors and unknown names
rc=0; $cd export >/dev/null 2>&1 || rc=$?; [ "$rc" = 2 ] || { echo "no -o: exit $rc"; exit 1; }
rc=0; $cd export --status nosuch -o "$tmp/x.xlsx" >/dev/null 2>&1 || rc=$?; [ "$rc" = 2 ] || { echo "bad status: exit $rc"; exit 1; }
rc=0; $cd export --clerk nobody -o "$tmp/x.xlsx" 2>"$tmp/err" || rc=$?
[ "$rc" = 1 ] && grep -q '没有操作员' "$tmp/err" || { echo "unknown clerk: exit $rc"; exit 1; }

$cd export --from 2026-11-01 --to 2026-11-30 -o "$tmp/nov.xlsx" | grep -q '已导出 30 笔'
$cd export --from 2026-11-01 --to 2026-11-30 --status 成功受理 --clerk clerk1 -o "$tmp/acc.xlsx" | grep -q '已导出'

"$py" - "$tmp/nov.xlsx" "$tmp/acc.xlsx" "$tmp/branch.db" <<'PY'
import datetime, sqlite3, sys
import openpyxl
nov, acc, dbp = sys.argv[1:4]
db = sqlite3.connect(dbp)
db.text_factory = bytes
def check(cond, what):
    if not cond:
        print('FAIL:', what); sys.exit(1)

wb = openpyxl.load_workbook(nov)
check(wb.sheetnames == ['业务单', '汇总', '申请信息'], 'sheet names %r' % wb.sheetnames)
ws = wb['业务单']
rows = list(ws.iter_rows(values_only=True))
hdr = rows[0]
check(hdr[:4] == ('序号', '申请单号', '业务类型', '主题'), 'header %r' % (hdr,))
col = {h: i for i, h in enumerate(hdr)}
data = rows[1:]
check(len(data) == 30, 'rows %d' % len(data))
check(ws.freeze_panes == 'A2', 'freeze %r' % ws.freeze_panes)
check(ws.auto_filter.ref == 'A1:%s31' % openpyxl.utils.get_column_letter(len(hdr)), 'autofilter %r' % ws.auto_filter.ref)
check(ws.column_dimensions['B'].width > 15, 'column width')
check(ws['A1'].font.b, 'bold header')
# oldest first, numbered
check([r[col['序号']] for r in data] == list(range(1, 31)), 'seq')
first = data[0]
check(isinstance(first[col['创建日期']], datetime.datetime), 'date type %r' % type(first[col['创建日期']]))
check(first[col['创建日期']] == datetime.datetime(2026, 11, 1, 10, 1), 'date value %r' % first[col['创建日期']])
check(first[col['更新日期']] == datetime.datetime(2026, 11, 25, 8, 0), 'date-time value %r' % first[col['更新日期']])
amt_cell = ws.cell(row=2, column=col['金额 (元)'] + 1)
check(isinstance(amt_cell.value, (int, float)) and not isinstance(amt_cell.value, bool) and abs(amt_cell.value - 481.0) < 1e-9, 'amount %r' % amt_cell.value)
check(amt_cell.number_format == '#,##0.00', 'amount format %r' % amt_cell.number_format)
check(first[col['业务类型']] == '遗失补办申请', 'type')
check(first[col['状态']] == '待同步' and data[1][col['状态']] == '成功受理', 'status names')
check(first[col['经办人手机']] == '138****0001', 'mobile masked %r' % first[col['经办人手机']])
check(first[col['经办人身份证号']] == '110105********0001', 'id masked %r' % first[col['经办人身份证号']])
check(first[col['基本户账号']].endswith('0001') and '2309' not in first[col['基本户账号']], 'account masked')
check(first[col['收件地址']].endswith('****') and '1 号' not in first[col['收件地址']], 'address masked')
check(first[col['柜员']] == 'clerk2', 'clerk')
# no full sensitive value anywhere in the workbook
full = set()
for m, i, a in db.execute('SELECT agent_mobile, agent_id, bank_account FROM applications'):
    full |= {m.decode(), i.decode(), a.decode()}
for r in data:
    for v in r:
        check(not (isinstance(v, str) and v in full), 'unmasked value %r' % v)
# invalid UTF-8 became U+FFFD, the rest kept
bad = data[5][col['主题']]
check(bad.startswith('深\ufffd\ufffd') and bad.endswith('有限公司06'), 'cleaned text %r' % bad)

# 申请信息: every application, what the form and the roles table show, masked
dt = list(wb['申请信息'].iter_rows(values_only=True))
groups, labels, drows = dt[0], dt[1], dt[2:]
check(labels[0] == '申请单号' and [r[0] for r in drows] == [r[col['申请单号']] for r in data], 'details rows')
check('经办人信息' in groups and '证书序列号' in labels and '再次输入基本户账号' not in labels, 'details header %r' % (labels,))
lab = {h: i for i, h in enumerate(labels)}
check(drows[0][lab['机构名称']] == first[col['主题']], 'details org name %r' % drows[0][lab['机构名称']])
for r in drows:
    for v in r:
        check(not (isinstance(v, str) and v in full), 'unmasked value in 申请信息 %r' % v)

sm = wb['汇总']
cells = list(sm.iter_rows(values_only=True))
# print setup on every sheet: A4 landscape, one page wide, the header row repeated
for name in wb.sheetnames:
    p = wb[name]
    check(p.page_setup.orientation == 'landscape', '%s orientation %r' % (name, p.page_setup.orientation))
    check(str(p.page_setup.paperSize) == '9', '%s paper %r' % (name, p.page_setup.paperSize))
    check(p.sheet_properties.pageSetUpPr is not None and p.sheet_properties.pageSetUpPr.fitToPage, '%s fitToPage' % name)
    # fitToWidth absent is the schema's default, 1 (libxlsxwriter leaves it out)
    check(int(p.page_setup.fitToWidth or 1) == 1 and str(p.page_setup.fitToHeight) == '0',
          '%s fit %r x %r' % (name, p.page_setup.fitToWidth, p.page_setup.fitToHeight))
    titles = ('1:2', '$1:$2') if name == '申请信息' else ('1:1', '$1:$1')   # groups and labels
    check(p.print_title_rows in titles, '%s print titles %r' % (name, p.print_title_rows))
# 导出时间: a date-time cell in branch time (the pinned clock, not the host's New York time)
tcell = next(sm.cell(row=k + 1, column=2) for k, r in enumerate(cells) if r[0] == '导出时间')
check(isinstance(tcell.value, datetime.datetime), 'export time type %r' % (tcell.value,))
check(datetime.datetime(2026, 11, 25, 10, 0) <= tcell.value < datetime.datetime(2026, 11, 25, 10, 1),
      'export time %r' % tcell.value)
check(tcell.number_format == 'yyyy-mm-dd hh:mm:ss', 'export time format %r' % tcell.number_format)
def table(title):
    i = next(k for k, r in enumerate(cells) if r[0] == title)
    out = {}
    for r in cells[i + 1:]:
        if r[0] is None:
            break
        out[r[0]] = r
    return out
by_status = table('状态')
total = by_status.pop('合计')
check(sum(r[1] for r in by_status.values()) == 30 and total[1] == 30, 'status counts')
want = {'待审核': 5, '待同步': 5, '成功受理': 5, '审核不通过': 5, '金融认证失败': 5, '已寄出': 5}
check({k: v[1] for k, v in by_status.items()} == want, 'by status %r' % by_status)
amount = sum(48000 + i * 100 for i in range(1, 31)) / 100
check(abs(total[2] - amount) < 1e-6, 'total amount %r != %r' % (total[2], amount))
by_clerk = table('柜员')
check(by_clerk['clerk1'][1] == '张柜员' and by_clerk['clerk1'][2] == 15 and by_clerk['clerk2'][2] == 15, 'by clerk %r' % by_clerk)
check(abs(by_clerk['合计'][3] - amount) < 1e-6, 'clerk total')
check(any(r[0] == '筛选条件' and '开始时间 2026-11-01' in r[1] for r in cells), 'filters shown')

wb2 = openpyxl.load_workbook(acc)
d2 = list(wb2['业务单'].iter_rows(values_only=True))[1:]
check(len(d2) == 5 and all(r[col['状态']] == '成功受理' and r[col['柜员']] == 'clerk1' for r in d2), 'filtered %r' % d2)

audit = [tuple(x.decode() if x else '' for x in r) for r in db.execute(
    "SELECT actor, object, detail FROM audit_log WHERE action = 'export.xlsx' ORDER BY id")]
check(len(audit) == 2, 'audit rows %r' % audit)
check(audit[0][0].startswith('cli:') and audit[0][1] == nov and '行数: 30' in audit[0][2], 'audit %r' % (audit[0],))
check('状态 成功受理' in audit[1][2] and '柜员 clerk1' in audit[1][2] and '行数: 5' in audit[1][2], 'audit %r' % (audit[1],))
print('export ok')
PY
