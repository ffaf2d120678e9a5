#!/bin/sh
# test_print_cups.sh - printing through a real CUPS queue (cups_lib.sh: a
# private cupsd on a unix socket, a cups-pdf queue): `certdesk print` and the
# 打印申请表 screen follow the job to 已打印 (the job completed in CUPS, the
# print recorded and audited); with the queue disabled (cupsdisable) both
# fail in place naming 队列已暂停, keep the PDF, record no print and audit
# the failure; a job CUPS holds fails too; after cupsenable the reprint (r)
# is printed. Skipped (exit 77)
# where cupsd cannot run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
. "$(dirname "$0")/cups_lib.sh"
cups_check
Q=certdesk-e2e
steps_setup
cups_start "$E2E_DIR/cups"
trap 'cups_stop; e2e_cleanup' EXIT
cups_queue "$Q"
# the branch prints to the queue through CUPS (no [printer] command)
sed -i "s|^command = .*|name = $Q\ntimeout = 30|" "$E2E_CONF"
grep -q "^name = $Q" "$E2E_CONF" || e2e_fail "conf not set"
prints() { e2e_sql "SELECT COUNT(*) FROM prints WHERE app_id = $APP_ID"; }
pending() { lpstat -o "$Q" | grep -c "^$Q-"; }
# screen_printed N: the screen says 已打印 with the job, which CUPS lists as
# completed, and N prints are recorded
screen_printed() {
	e2e_wait_for "已打印: 打印机 $Q 已打完"
	e2e_wait_for "打印状态: 已打印 $1 次"
	_job=$(e2e_screen | sed -n "s/.*(作业 \($Q-[0-9]*\)).*/\1/p")
	[ -n "$_job" ] || e2e_fail "the screen names no job"
	lpstat -W completed -o "$Q" | grep -q "^$_job " || e2e_fail "$_job is not completed: $(lpstat -W all -o "$Q")"
	[ "$(pending)" = 0 ] || e2e_fail "jobs left: $(lpstat -o "$Q")"
	[ "$(prints)" = "$1" ] || e2e_fail "$(prints) prints recorded, not $1"
}

# certdesk print: followed to 已打印, the job completed in CUPS
e2e_certdesk print "$APP_NO" >"$E2E_DIR/out" 2>"$E2E_DIR/err" || e2e_fail "print: $(cat "$E2E_DIR/err")"
job=$(sed -n "s/.*(作业 \($Q-[0-9]*\)).*/\1/p" "$E2E_DIR/out")
[ -n "$job" ] || e2e_fail "no job named: $(cat "$E2E_DIR/out")"
grep -q "^已打印: 打印机 $Q 已打完申请表" "$E2E_DIR/out" || e2e_fail "not 已打印: $(cat "$E2E_DIR/out")"
lpstat -W completed -o "$Q" | grep -q "^$job " || e2e_fail "$job is not completed in CUPS: $(lpstat -W all -o "$Q")"
head -c 4 "$CUPS_DIR/out/$Q.prn" | grep -q '^%!' || e2e_fail "the queue printed no PostScript"
[ "$(prints)" = 1 ] || e2e_fail "print not recorded"
e2e_expect_sql "SELECT detail LIKE '%CUPS 作业 $job 已打印%' FROM audit_log WHERE action = 'app.print'" 1 "audit of the print"
e2e_log "ok: certdesk print: $job completed, 已打印, recorded"

# the 打印申请表 screen
steps_resume "CUPS_SERVER=$CUPS_SERVER"
e2e_wait_for '已打印 1 次'   # (the screen may find the values normalised since)
e2e_wait_for 'r 重打'
e2e_type p
screen_printed 2
e2e_log "ok: the print screen: 已打印, the job completed"

# a paused queue: an error in place, the PDF kept, nothing recorded as printed
cupsdisable "$Q"
e2e_type p
e2e_wait_for '打印失败: 打印机已停用: 队列已暂停'
e2e_wait_for '排除故障后按 r 重新打印'
kept=$(ls -t "$E2E_DIR/pdf" | head -n 1)
e2e_screen | tr -d '\n ' | grep -qF "PDF保存在$E2E_DIR/pdf/$kept" || e2e_fail "the screen does not say where the PDF is"
[ -s "$E2E_DIR/pdf/$kept" ] || e2e_fail "the PDF was not kept"
[ "$(prints)" = 2 ] || e2e_fail "a failed print was recorded"
[ "$(pending)" = 0 ] || e2e_fail "a job is left on the paused queue: $(lpstat -o "$Q")"
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action = 'app.print_failed' AND detail LIKE '%队列已暂停%$kept (保留)'" \
	1 "audit of the failure"
e2e_certdesk print "$APP_NO" >"$E2E_DIR/out" 2>"$E2E_DIR/err" && e2e_fail "certdesk print succeeded on a paused queue"
grep -q "打印失败: 打印机已停用: 队列已暂停.*申请表未打印, PDF 保存在 $E2E_DIR/pdf/" "$E2E_DIR/err" ||
	e2e_fail "CLI failure: $(cat "$E2E_DIR/err")"
grep -q "排除故障后再次运行 certdesk print $APP_NO 重新打印" "$E2E_DIR/err" || e2e_fail "no reprint said: $(cat "$E2E_DIR/err")"
[ "$(prints)" = 2 ] || e2e_fail "a failed CLI print was recorded"
e2e_log "ok: a paused queue fails in place, PDF kept, audited"

# a job CUPS holds (the queue holds every new job): held is a failure too,
# and the held job is cancelled
cupsenable "$Q"
lpadmin -p "$Q" -o job-hold-until-default=indefinite
e2e_certdesk print "$APP_NO" >"$E2E_DIR/out" 2>"$E2E_DIR/err" && e2e_fail "certdesk print succeeded with the job held"
grep -q "打印失败: 作业被挂起.*已取消, 不会再打出; 申请表未打印" "$E2E_DIR/err" || e2e_fail "held: $(cat "$E2E_DIR/err")"
[ "$(pending)" = 0 ] || e2e_fail "the held job is left: $(lpstat -o "$Q")"
lpadmin -p "$Q" -o job-hold-until-default=no-hold
[ "$(prints)" = 2 ] || e2e_fail "a held print was recorded"
e2e_log "ok: a held job fails and is cancelled"

# queue enabled again: r prints
e2e_type r
screen_printed 3
e2e_expect_sql "SELECT action FROM audit_log WHERE action LIKE 'app.%print%' ORDER BY id DESC LIMIT 1" app.reprint "reprint audit"
e2e_log "ok: after cupsenable the reprint is printed"
exit 0
