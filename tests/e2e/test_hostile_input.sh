#!/bin/sh
# test_hostile_input.sh - nothing hostile reaches the terminal. The store is
# poisoned (organisation names, addresses, file names, audit details, return
# reasons, sync errors) with escape sequences (OSC title "\033]0;pwned\007",
# "\033[2J"), C1 controls (U+009B and a raw 0x9B), the bidi override U+202E
# and invalid UTF-8; the centre (certdesk-central) rejects an application
# with a poisoned reason that sync brings back. The TUI is driven through
# 我的业务单, 查看详情, 审核队列, 审核申请, 同步状态 and 证书选择 (cached
# certificate answers with poisoned holder names) with the pane's raw
# output stream recorded (tmux pipe-pane); both the captured pane and the
# stream are checked, and so are `audit show`, `attach list`, `export` (the
# xlsx cells) and the command line's error messages.
. "$(dirname "$0")/lib.sh"

e2e_setup '[central]' 'token = tok-0001' 'connect_timeout = 1' 'timeout = 3' \
	'[sync]' 'retries = 1' 'backoff_ms = 20' 'backoff_max_ms = 100'
sed -i 's/^code = 0755$/code = 0001/' "$E2E_CONF"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# The poison: every kind of thing that must never reach a terminal raw.
P=$(printf 'X\033]0;pwned\007\033[2J\302\233\233\342\200\256\377\376Y')
# sqlite: the same bytes as a blob cast to TEXT (invalid UTF-8 included)
PH="CAST(X'$(printf %s "$P" | od -An -tx1 | tr -d ' \n')' AS TEXT)"
# through JSON only valid UTF-8 travels: the centre's poison has no raw bytes
PC=$(printf 'Z\033]0;pwned\007\033[2J\302\233\342\200\256W')

no() { e2e_appno_of "2611240001$(printf %07d "$1")"; }   # yesterday: today's sequence is the journey's

e2e_user clerk1 clerk 'passw0rd1' 王柜员
e2e_user sup1 supervisor 'passw0rd2' 李主管

# seed NO STATUS ORG: an application entered by clerk1, poisoned everywhere
seed() {
	e2e_sql "INSERT INTO applications(app_no, status, created_by, last_edited_by, created_at, updated_at,
		cert_type, cert_serial, cert_holder, org_name, org_doc_type, org_doc_no, org_address, mail_address,
		agent_name, agent_mobile, agent_id, fee_cents, return_reason)
		SELECT '$1', '$2', id, id, strftime('$E2E_TIME', '$E2E_NOW_SQL','-1 hours'), strftime('$E2E_TIME', '$E2E_NOW_SQL','-1 hours'),
		'机构证书', '712C1B5A584A1BBE', '深圳市示例科技有限公司', $3, '统一社会信用代码',
		'91440300MA5G000001', '地址' || $PH, '邮寄' || $PH, '陈经办', '13800138000', '11010519491231002X',
		48000, CASE WHEN '$2' = 'returned' THEN '退回' || $PH END
		FROM operators WHERE login = 'clerk1';
		INSERT INTO status_history(app_id, from_status, to_status, operator_id, actor, at, reason)
		SELECT id, 'draft', '$2', created_by, 'clerk1', created_at, '原因' || $PH FROM applications
		WHERE app_no = '$1';" || e2e_fail "cannot seed $1"
}
A1=$(no 1) A2=$(no 2) A3=$(no 3) A4=$(no 4)
seed "$A1" returned "'毒机构' || $PH"
seed "$A2" pending "'待审机构' || $PH"
seed "$A3" queued "'中心机构'"
seed "$A4" returned "'拒收机构' || $PH"
e2e_sql "INSERT INTO outbox(app_id, kind, created_at) SELECT id, 'submit', strftime('$E2E_TIME', '$E2E_NOW_SQL')
	FROM applications WHERE app_no = '$A3';
	UPDATE applications SET sync_error = '中心拒收: ' || $PH WHERE app_no = '$A4';
	INSERT INTO attachments(app_id, kind, name, mime, size, sha256, content, created_by, created_at)
	SELECT id, 'license_scan', '扫描' || $PH || '.jpg', 'image/jpeg', 3, 'aa', x'ffd8ff', 1,
	strftime('$E2E_TIME', '$E2E_NOW_SQL') FROM applications WHERE app_no = '$A1';" || e2e_fail "cannot seed the rest"
# an audit record with a poisoned detail, appended at the head like any other
e2e_sql "INSERT INTO audit_log(id, at, operator_id, actor, action, object, detail, prev_hash, hash)
	SELECT last_id + 1, strftime('$E2E_TIME', '$E2E_NOW_SQL'), NULL, 'sync', 'sync.refused', 'app:1', '详情' || $PH,
	hash, 'poisoned' FROM audit_head;
	UPDATE audit_head SET count = count + 1, last_id = last_id + 1, hash = 'poisoned';" ||
	e2e_fail "cannot poison the audit trail"

# The centre rejects A3 with a poisoned reason; sync brings it back.
e2e_central_start -q -d "$E2E_DIR/central.db" -p 0 --port-file "$E2E_DIR/central.port" -t 0001=tok-0001
sed -i "s|^\[central\]$|[central]\nurl = http://127.0.0.1:$E2E_CENTRAL_PORT/|" "$E2E_CONF"
e2e_certdesk sync >/dev/null 2>&1 || e2e_fail "first sync failed"
"$E2E_CENTRAL" -d "$E2E_DIR/central.db" decide "$A3" reject "$PC" >/dev/null 2>&1 || e2e_fail "decide failed"
e2e_certdesk sync >/dev/null 2>&1 || e2e_fail "second sync failed"
e2e_expect_sql "SELECT status FROM applications WHERE app_no = '$A3'" rejected "A3 after the centre's decision"
e2e_expect_sql "SELECT instr(central_reason, 'pwned') > 0 FROM applications WHERE app_no = '$A3'" 1 \
	"the centre's poisoned reason did not arrive"
e2e_central_stop
# the sync state's last error, poisoned too
e2e_sql "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('last_error', '错误' || $PH)"

# ---- the terminal ----------------------------------------------------------
RAW=$E2E_DIR/raw.out
: >"$RAW"
e2e_start
_tmux pipe-pane -o -t main "cat >>'$RAW'" || e2e_fail "pipe-pane"
e2e_login sup1 passw0rd2
e2e_wait_for '请选择要办理的业务'

# 我的业务单 and 查看详情 of A1 (return reason, addresses, file name, history)
e2e_type 2
e2e_wait_for '毒机构X'
e2e_wait_for '拒收机构X'
# every row's 查看详情, scrolled to its end (return reason, centre's reason,
# addresses, file name, status history)
e2e_key Home
for _r in 1 2 3 4; do
	e2e_key Enter
	e2e_wait_for '查看详情'
	for _p in 1 2 3 4; do e2e_key NPage; done
	e2e_key End
	e2e_key Escape
	e2e_wait_gone '查看详情'
	e2e_key Down
done
e2e_key Escape
e2e_wait_for '请选择要办理的业务'

# 审核队列 and the review of A2 (every value in full)
e2e_type 3
e2e_wait_for '待审机构X'
e2e_key Enter
e2e_wait_for "$A2"
for _p in 1 2 3; do e2e_key NPage; done
e2e_key Escape
e2e_wait_for '待审机构X'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'

# 同步状态: the last error and the refused application's error
e2e_type 5            # 同步状态 (a supervisor: after 审核队列 and 继续草稿)
e2e_wait_for '最近错误:'
e2e_wait_for '错误X'
e2e_wait_for '中心拒收: X'
e2e_screen >"$E2E_DIR/pane.txt"
e2e_key Escape
e2e_wait_for '请选择要办理的业务'

# 证书选择: the centre's answers as the branch cached them (the centre is
# down now: the cache answers, marked 离线), holder and names poisoned
e2e_sql "INSERT INTO cert_cache (serial, holder, cert_type, valid_from, valid_to, status, org_name,
	org_doc_type, org_doc_no, person_name, person_id, fetched_at) VALUES
	('712C1B5A584A9999', '持有人' || $PH, '机构个人证书', '2025-03-01', '2027-03-01', '有效',
	 '证书机构' || $PH, '统一社会信用代码证', '91350100M000100Y43', '李' || $PH, '110101198001010010',
	 '2026-01-01T00:00:00+08:00')" || e2e_fail "cannot poison cert_cache"
e2e_type 1
e2e_wait_for '电子认证服务协议'
e2e_key End PageDown
e2e_type y
e2e_wait_for '区分大小写'
e2e_type 712C1B5A584A9999
e2e_key Enter
e2e_wait_for '离线'
e2e_wait_for '持有人X'
e2e_screen >>"$E2E_DIR/pane.txt"
e2e_key F2            # 存草稿 and leave
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"

# the raw stream: the program's own curses sequences only
"$py" - "$RAW" <<'PY' || e2e_fail "the raw terminal output carried hostile bytes (see above)"
import re, sys
data = open(sys.argv[1], 'rb').read()
bad = []
if len(data) < 1000:
    bad.append("the stream was not recorded (%d bytes)" % len(data))
if b'\x1b]' in data:
    bad.append("an OSC introducer (ESC ])")
if re.search(rb'\x1b\][^\x07\x1b]{0,16}pwned', data):
    bad.append("the OSC payload")
if b'\x1b[2J' in data:
    bad.append("ESC [2J")
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    bad.append("invalid UTF-8 at byte %d: %r" % (e.start, data[max(0, e.start - 20):e.start + 10]))
    text = data.decode('utf-8', 'replace')
for ch in text:
    o = ord(ch)
    if 0x80 <= o <= 0x9f:
        bad.append("a C1 control U+%04X" % o)
        break
    if 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
        bad.append("a bidi control U+%04X" % o)
        break
if '\ufffd' not in text:
    bad.append("no U+FFFD: the poison was never drawn")
for b in bad:
    print("raw stream:", b)
sys.exit(1 if bad else 0)
PY

# the pane title was not changed by an OSC
title=$(_tmux display-message -p -t main '#{pane_title}')
case $title in *pwned*) e2e_fail "the pane title was changed: $title" ;; esac
# the captured pane shows the replacement mark, never the override
grep -q "$(printf '\357\277\275')" "$E2E_DIR/pane.txt" || e2e_fail "no U+FFFD on the 同步状态 screen"
grep -q "$(printf '\342\200\256')" "$E2E_DIR/pane.txt" && e2e_fail "U+202E on the screen"


# ---- the command line --------------------------------------------------------
# check_clean FILE WHAT: no ESC, no C1, no bidi override, valid UTF-8
check_clean() {
	"$py" - "$1" "$2" <<'PY' || e2e_fail "$2 printed hostile bytes"
import sys
data = open(sys.argv[1], 'rb').read()
bad = []
if b'\x1b' in data:
    bad.append("ESC")
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    bad.append("invalid UTF-8 at %d" % e.start)
    text = ''
if any(0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 for c in text):
    bad.append("C1 or bidi control")
for b in bad:
    print(sys.argv[2] + ":", b)
sys.exit(1 if bad else 0)
PY
}
e2e_certdesk audit show >"$E2E_DIR/audit.out" 2>&1
grep -q '详情X' "$E2E_DIR/audit.out" || e2e_fail "audit show lacks the poisoned record"
check_clean "$E2E_DIR/audit.out" "audit show"
e2e_certdesk attach list "$A1" >"$E2E_DIR/attach.out" 2>&1
grep -q '扫描X' "$E2E_DIR/attach.out" || e2e_fail "attach list lacks the poisoned file name"
check_clean "$E2E_DIR/attach.out" "attach list"
# sync --status (the poisoned last error) and user list (a poisoned name)
printf 'passw0rd3\n' | e2e_certdesk user add --name "坏$P" --role clerk bad1 >/dev/null 2>&1
e2e_certdesk sync --status >"$E2E_DIR/status.out" 2>&1
e2e_certdesk user list >>"$E2E_DIR/status.out" 2>&1
grep -q '最近错误: 错误X' "$E2E_DIR/status.out" || e2e_fail "sync --status lacks the poisoned error"
grep -q 'bad1' "$E2E_DIR/status.out" || e2e_fail "user list lacks the poisoned operator"
check_clean "$E2E_DIR/status.out" "sync --status and user list"
# error paths that echo what was typed
e2e_certdesk "$P" >"$E2E_DIR/err1" 2>&1
e2e_certdesk audit show --action "$P" >>"$E2E_DIR/err1" 2>&1
e2e_certdesk export --status "$P" -o "$E2E_DIR/x.xlsx" >>"$E2E_DIR/err1" 2>&1
e2e_certdesk export --clerk "$P" -o "$E2E_DIR/x.xlsx" >>"$E2E_DIR/err1" 2>&1
e2e_certdesk attach list "$P" >>"$E2E_DIR/err1" 2>&1
e2e_certdesk validate "$P" x >>"$E2E_DIR/err1" 2>&1
grep -q '未知命令' "$E2E_DIR/err1" || e2e_fail "no error for the poisoned command"
check_clean "$E2E_DIR/err1" "error messages"
# the workbook's cells
e2e_certdesk export -o "$E2E_DIR/all.xlsx" >/dev/null 2>&1 || e2e_fail "export failed"
unzip -p "$E2E_DIR/all.xlsx" >"$E2E_DIR/xlsx.xml" || e2e_fail "cannot read the workbook"
grep -q '毒机构X' "$E2E_DIR/xlsx.xml" || e2e_fail "the workbook lacks the poisoned row"
check_clean "$E2E_DIR/xlsx.xml" "export"
e2e_pass
