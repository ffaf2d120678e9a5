#!/bin/sh
# test_timezone_utc.sh - the whole replacement journey on a host left on UTC
# (the Debian default) at 07:30 China time, when the UTC date is still the day
# before: the clerk's journey against certdesk-central (also on UTC), the
# supervisor's approval, then `certdesk sync` there and back. The screens, the
# application number, the PDF's 申请日期, the stored times and the JSON that
# reached the centre all say 2026-11-25 07:30 branch time (certdesk(1) TIME).
E2E_NOW=2026-11-25T07:30:00+08:00     # 2026-11-24 23:30 UTC
TZ=UTC
export TZ                             # certdesk-central, certdesk sync and sqlite3 too
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
steps_journey_setup
e2e_start TZ=UTC
e2e_login clerk1 passw0rd1
journey_to_form
journey_fill_form
steps_journey_to_summary               # 身份核验 and 支付 shown at 2026-11-25 07:…
e2e_key F5
e2e_wait_for '待审核'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"

APP=$(e2e_sql "SELECT app_no FROM applications")
case $APP in 261125*) ;; *) e2e_fail "application number $APP does not carry the branch date 261125" ;; esac
# stored: RFC 3339 with the branch's offset, the branch's date first
stamp='2026-11-25T07:[3-5][0-9]:[0-5][0-9]+08:00'
for col in created_at updated_at consent_at idv_at paid_at; do
	v=$(e2e_sql "SELECT $col FROM applications")
	case $v in $stamp) ;; *) e2e_fail "applications.$col is [$v], expected $stamp" ;; esac
done
for q in "SELECT at FROM prints" "SELECT max(at) FROM status_history" "SELECT max(created_at) FROM attachments" \
	"SELECT max(at) FROM audit_log"; do
	v=$(e2e_sql "$q")
	case $v in $stamp) ;; *) e2e_fail "$q: [$v], expected $stamp" ;; esac
done
# the PDF's 申请日期 is the branch's date
pdf=$(e2e_sql "SELECT pdf_path FROM prints")
# (the sign row: 申请日期：, then 单位公章：, then the date under them)
pdftotext "$pdf" - | tr -d ' \n' >"$E2E_DIR/form.txt" || e2e_fail "pdftotext $pdf"
grep -Eq '申请日期：.{0,20}2026年11月25日' "$E2E_DIR/form.txt" || e2e_fail "申请日期 is not 2026年11月25日: $(cat "$E2E_DIR/form.txt")"
grep -q '2026年11月24日' "$E2E_DIR/form.txt" && e2e_fail "the form carries the UTC date 2026年11月24日"

# the supervisor sees branch time in the queue and the details, and approves
e2e_stop
e2e_start TZ=UTC
e2e_login boss1 passw0rd2
e2e_key 3
e2e_wait_for '待审核 1 笔'
e2e_resize 120 24                      # wide enough for the 提交时间 column
e2e_wait_for '提交时间'
e2e_wait_re "^ $APP .*2026-11-25 07:[3-5][0-9] "
e2e_absent 'T07:'
e2e_absent '2026-11-24'
e2e_resize 80 24
e2e_key Enter
e2e_wait_for "申请单号 $APP"
e2e_wait_re '创建 2026-11-25 07:[3-5][0-9]  更新 2026-11-25 07:[3-5][0-9]'
e2e_absent '2026-11-24'
e2e_key a
e2e_wait_for "已审核通过 $APP"
e2e_wait_for '待审核 0 笔'              # back in the queue: Escape leaves it, not the details
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly (supervisor)"
v=$(e2e_sql "SELECT approved_at FROM applications")
case $v in $stamp) ;; *) e2e_fail "approved_at is [$v], expected $stamp" ;; esac

# sync: the JSON that reached the centre carries the times with the offset
e2e_certdesk sync >"$E2E_DIR/sync.out" 2>&1 || e2e_fail "sync failed: $(cat "$E2E_DIR/sync.out")"
grep -q '^2026-11-25T07:[3-5][0-9]:[0-5][0-9]+08:00 同步完成' "$E2E_DIR/sync.out" ||
	e2e_fail "sync's line is not stamped in branch time: $(cat "$E2E_DIR/sync.out")"
cdb() { sqlite3 -batch -noheader "$E2E_DIR/central.db" "$1"; }
body=$(cdb "SELECT body FROM apps WHERE app_no = '$APP'")
[ -n "$body" ] || e2e_fail "the centre did not receive $APP"
for key in created_at consent_at idv_at paid_at approved_at; do
	printf '%s' "$body" | grep -Eq "\"$key\": ?\"2026-11-25T07:[3-5][0-9]:[0-5][0-9]\\+08:00\"" ||
		e2e_fail "the centre's copy lacks $key at 2026-11-25T07:…+08:00: $body"
done
printf '%s' "$body" | grep -q '2026-11-24' && e2e_fail "the JSON sent carries the UTC date: $body"
v=$(cdb "SELECT received_at FROM apps WHERE app_no = '$APP'")
case $v in $stamp) ;; *) e2e_fail "the centre's received_at is [$v], expected $stamp" ;; esac

# and back: the centre accepts and revokes the lost medium's certificate (its
# demo copy), the branch stores the centre's times in branch time
steps_central seed-demo >/dev/null 2>&1 || e2e_fail "seed-demo"
steps_central decide "$APP" accept >/dev/null 2>&1 || e2e_fail "decide accept"
e2e_certdesk sync >"$E2E_DIR/sync2.out" 2>&1 || e2e_fail "second sync failed: $(cat "$E2E_DIR/sync2.out")"
e2e_expect_sql "SELECT status FROM applications" accepted "accepted by the centre"
v=$(e2e_sql "SELECT revoked_at FROM applications")
case $v in $stamp) ;; *) e2e_fail "revoked_at from the centre is [$v], expected $stamp" ;; esac
v=$(e2e_sql "SELECT max(at) FROM status_history")
case $v in $stamp) ;; *) e2e_fail "the centre's status change is stored at [$v], expected $stamp" ;; esac
e2e_certdesk sync --status | grep -q '^最近一次成功: 2026-11-25 07:[3-5][0-9]:[0-5][0-9]$' ||
	e2e_fail "sync --status: $(e2e_certdesk sync --status)"
e2e_pass
