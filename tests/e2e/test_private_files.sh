#!/bin/sh
# test_private_files.sh - what holds customers' data stays private: neither
# certdesk (the counter terminal) nor certdesk-central can dump core (hard
# and soft limit 0 in the running process), and both databases with their
# -wal/-shm files are created 0600 (PDFs: test_appform, test_print_command).
. "$(dirname "$0")/lib.sh"

e2e_setup
# core_limit PID: "soft hard" of the running process's core file size
core_limit() { awk '/^Max core file size/ { print $5, $6 }' "/proc/$1/limits"; }
mode() { stat -c %a "$1"; }

e2e_user clerk1 clerk 'passw0rd1'
e2e_start
e2e_login clerk1 passw0rd1
e2e_wait_for '请选择要办理的业务'
pid=$(e2e_pid)
[ -n "$pid" ] || e2e_fail "no certdesk process"
[ "$(core_limit "$pid")" = "0 0" ] || e2e_fail "certdesk may dump core: $(core_limit "$pid")"
for f in "$E2E_DB" "$E2E_DB-wal" "$E2E_DB-shm"; do
	[ -e "$f" ] || continue
	[ "$(mode "$f")" = 600 ] || e2e_fail "$f is $(mode "$f"), not 600"
done
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"

"$E2E_ROOT/build/certdesk-central" -q -d "$E2E_DIR/central.db" -p 0 --port-file "$E2E_DIR/central.port" \
	-t 0001=tok 2>"$E2E_DIR/central.log" &
cpid=$!
i=0
while [ ! -s "$E2E_DIR/central.port" ]; do
	i=$((i + 1))
	[ $i -gt 200 ] && { kill $cpid; e2e_fail "certdesk-central did not start"; }
	sleep 0.05
done
lim=$(core_limit "$cpid")
modes=""
for f in "$E2E_DIR/central.db" "$E2E_DIR/central.db-wal" "$E2E_DIR/central.db-shm"; do
	[ -e "$f" ] && modes="$modes $(mode "$f")"
done
kill $cpid
wait $cpid
[ "$lim" = "0 0" ] || e2e_fail "certdesk-central may dump core: $lim"
[ -n "$modes" ] || e2e_fail "no central database"
for m in $modes; do
	[ "$m" = 600 ] || e2e_fail "central database files are$modes, not 600"
done
e2e_pass
