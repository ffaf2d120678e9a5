#!/bin/sh
# test_orders_export.sh - 我的业务单 with thousands of rows: the last row is
# one key away; the status filter; the 导出 key writes the filtered rows to
# a workbook that an independent reader (python3-openpyxl) opens with the
# right row count, masked; a supervisor's 显示完整信息 is audited; the list
# survives a resize to 120x40 and back with the selection kept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
i=1
while [ $i -le 5 ]; do seed_app $i accepted clerk1 "受理公司$i" $((i + 1)); i=$((i + 1)); done
seed_app 6 pending clerk1 待审公司 1
e2e_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
	INSERT INTO applications(app_no, status, created_by, created_at, updated_at, org_name, fee_cents)
	SELECT printf('2610010755%06d00', i), 'synced', 1, strftime('$E2E_TIME', '$E2E_NOW_SQL', '-30 days', printf('+%d minutes', i)),
	strftime('$E2E_TIME', '$E2E_NOW_SQL', '-30 days'), '批量公司' || i, 48000 FROM n"
e2e_start

e2e_login boss1 'passw0rd2'
e2e_wait_for '赵主管 (主管)'
e2e_key 2
e2e_wait_for '共 3006 条'
e2e_key End
e2e_wait_for '第 3006/3006 条'
e2e_wait_re '^ 261001075500000100 批量公司1 '
e2e_key Home
e2e_wait_for '第 1/3006 条'

# 显示完整信息 (supervisor) on the selected row: shown and audited
e2e_wait_for '经办人: 陈经办 138****8000'
e2e_key m
e2e_wait_for '陈经办 13800138000'
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='app.unmask' AND object='app:$(app_id 6)'" 1

# resize keeps the selection
e2e_key Down Down
e2e_wait_for '第 3/3006 条'
e2e_resize 120 40
e2e_wait_re '^ 序号 申请单号 .* 更新日期'
e2e_wait_for '第 3/3006 条'
e2e_resize 80 24
e2e_wait_re '^ 申请单号 +主题'
e2e_wait_for '第 3/3006 条'

# filter: 状态 成功受理 (seventh choice after 全部), a bad date refused in place
e2e_key /
e2e_key Tab Tab Tab
i=0
while [ $i -lt 7 ]; do e2e_key Right; i=$((i + 1)); done
e2e_wait_for '‹成功受理›'
e2e_key Tab
e2e_type '2026-02-30'
e2e_key Enter
e2e_wait_for '开始时间应为 YYYY-MM-DD'
e2e_key C-u
e2e_key Enter
e2e_wait_for '共 5 条'

# 导出 the filtered rows
e2e_key x
e2e_wait_for '文件名:'
e2e_key C-u
e2e_type "$E2E_DIR/受理.xlsx"
e2e_key Enter
e2e_wait_for "已导出 5 条到 $E2E_DIR/受理.xlsx"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" - "$E2E_DIR/受理.xlsx" "$E2E_NOW_SQL" <<'PY' || e2e_fail "the workbook does not read back right"
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
# print setup of every sheet: A4 landscape, one page wide (fitToWidth absent
# = the default 1), any height, the header row repeated on every page
for ws in wb.worksheets:
    ps = ws.page_setup
    assert ps.orientation == 'landscape', (ws.title, ps.orientation)
    assert str(ps.paperSize) == '9', (ws.title, ps.paperSize)
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert int(ps.fitToWidth or 1) == 1 and str(ps.fitToHeight) == '0', (ws.title, ps.fitToWidth, ps.fitToHeight)
    # 申请信息 repeats its two header rows (groups, labels)
    titles = ('1:2', '$1:$2') if ws.title == '申请信息' else ('1:1', '$1:$1')
    assert ws.print_title_rows in titles, (ws.title, ws.print_title_rows)
# 导出时间 is a date-time cell: the pinned clock (it runs on from the start of the TUI)
sm = wb['汇总']
cell = next(r[1] for r in sm.iter_rows() if r[0].value == '导出时间')
pinned = datetime.datetime.strptime(sys.argv[2], '%Y-%m-%d %H:%M:%S')
assert isinstance(cell.value, datetime.datetime), cell.value
assert pinned <= cell.value < pinned + datetime.timedelta(minutes=10), (cell.value, pinned)
rows = list(wb['业务单'].iter_rows(values_only=True))
assert len(rows) == 6, len(rows)
text = ' '.join(str(v) for r in rows for v in r if v is not None)
assert '13800138000' not in text and '6222020200001234567' not in text
assert all(r[rows[0].index('状态')] == '成功受理' for r in rows[1:])
PY
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='export.xlsx'" 1
e2e_pass
