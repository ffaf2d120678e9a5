#!/bin/sh
# test_journey_save_fails.sh - the screen answers a key first and the field's
# save is committed right after. When that commit cannot be done (here a
# report holds the database longer than [store] busy_timeout_ms, so the
# COMMIT cannot get its lock), the clerk is told on the message line, lands
# back on the field that was not saved, marked in place, and the database
# and the screen agree; typed again, it is saved.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
e2e_setup '[store]' 'busy_timeout_ms = 300'
e2e_user clerk1 clerk 'passw0rd1'
journey_seed_certs
e2e_start
e2e_login clerk1 passw0rd1
journey_to_form
journey_to_address
e2e_type '深圳市福田区深南大道 1 号'
e2e_wait_for '深南大道 1 号'

# a long report: a read transaction on the database for 3 seconds
flag="$E2E_DIR/reader-ready"
python3 - "$E2E_DB" "$flag" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT COUNT(*) FROM applications").fetchall()
open(sys.argv[2], "w").close()
time.sleep(3)
c.execute("COMMIT")
PY
reader=$!
i=0
while [ ! -e "$flag" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -e "$flag" ] || e2e_fail "the reader did not start"

e2e_key Enter                              # leave 单位地址: its commit waits, then fails
e2e_wait_for '未能写入数据库 (数据库正被其他程序占用)'
e2e_wait_for '未能写入数据库, 请重新填写本项'
wait "$reader"
# nothing half-saved: the database and the screen both have no address
e2e_expect_sql "SELECT COALESCE(org_address, '') FROM applications" ''
e2e_absent '深南大道 1 号'

# typed again, it is saved
e2e_type '深圳市福田区深南大道 1 号'
e2e_key Enter
e2e_wait_sql "SELECT org_address FROM applications" '深圳市福田区深南大道 1 号'
e2e_wait_gone '未能写入数据库'
e2e_pass
