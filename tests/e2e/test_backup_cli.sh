#!/bin/sh
# test_backup_cli.sh - `certdesk backup` and `certdesk restore` on a live
# branch: copies taken while a clerk's terminal writes and `sync --daemon`
# talks to certdesk-central verify; --keep keeps N generations; nothing is
# world-readable; a damaged copy is refused by --check and by restore; restore
# gives back the same applications, audit chain and printed forms.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
i=1
while [ $i -le 6 ]; do seed_app $i pending clerk1 "备份公司$i" 2; i=$((i + 1)); done
for i in 1 2; do
	no=$(e2e_appno_of "261125075500000$i$i")
	# a valid number and what the printed form needs beyond orders_lib's seed
	e2e_sql "UPDATE applications SET app_no = '$no', cert_type = '机构个人证书', org_region = '440304',
		org_address = '福华三路 88 号', legal_name = '张堃', legal_id = '440304198001011234',
		agent_email = 'agent@example.com', applicant_name = '李四', applicant_id = '440304199503031234',
		applicant_mobile = '13900139000', applicant_email = 'li.si@example.com' WHERE app_no = '$(app_no $i)'"
	e2e_certdesk print "$no" >/dev/null 2>"$E2E_DIR/print.err" || e2e_fail "print $i: $(cat "$E2E_DIR/print.err")"
done
[ "$(e2e_sql "SELECT COUNT(*) FROM prints WHERE pdf_path <> ''")" = 2 ] || e2e_fail "two printed forms expected"
PDF1=$(e2e_sql "SELECT pdf_path FROM prints ORDER BY id LIMIT 1")
B=$E2E_DIR/backup

# a running sync and a clerk's terminal writing all along
e2e_central_start -q -d "$E2E_DIR/central.db" -p 0 --port-file "$E2E_DIR/central.port" -t 0755=tok-0755
printf '[central]\nurl = http://127.0.0.1:%s/\ntoken = tok-0755\n[sync]\ninterval = 1\n' "$E2E_CENTRAL_PORT" >>"$E2E_CONF"
"$E2E_BIN" --config "$E2E_CONF" sync --daemon >"$E2E_DIR/daemon.log" 2>&1 &
DAEMON=$!
( n=0; while [ ! -e "$E2E_DIR/stop" ]; do
	sqlite3 -cmd ".timeout 5000" "$E2E_DB" "UPDATE applications SET mail_address = mail_address WHERE app_no = '$(app_no 5)'; \
		INSERT INTO sync_state(key, value) VALUES ('writer.$n', 'x');" 2>/dev/null
	n=$((n + 1)); sleep 0.05; done ) &
WRITER=$!
for k in 1 2 3; do
	e2e_certdesk backup --keep 2 "$B" >"$E2E_DIR/out" 2>"$E2E_DIR/err" || e2e_fail "backup $k: $(cat "$E2E_DIR/err")"
done
touch "$E2E_DIR/stop"
wait $WRITER
kill -TERM $DAEMON; wait $DAEMON 2>/dev/null
# the daemon itself (not a subshell around it) was stopped
kill -0 $DAEMON 2>/dev/null && e2e_fail "sync --daemon still runs after SIGTERM"
cat "$E2E_DIR/out"
grep -q '已备份并校验' "$E2E_DIR/out" || e2e_fail "no report"
grep -q '申请 6 笔' "$E2E_DIR/out" || e2e_fail "six applications expected in the copy"
grep -q '申请表 2 份' "$E2E_DIR/out" || e2e_fail "two printed forms expected in the copy"
grep -q '删除了较早的 1 份' "$E2E_DIR/out" || e2e_fail "--keep 2 should have removed one"
[ "$(ls "$B" | grep -c '^certdesk-')" = 2 ] || e2e_fail "--keep 2: $(ls "$B")"
[ -z "$(find "$B" -mindepth 1 -perm -o=r)" ] || e2e_fail "world-readable: $(find "$B" -mindepth 1 -perm -o=r)"
[ -z "$(find "$B" -name '*.partial')" ] || e2e_fail "a partial generation was left"
GEN=$(ls -d "$B"/certdesk-* | tail -n 1)
e2e_certdesk backup --check "$GEN" >"$E2E_DIR/out" 2>&1 || e2e_fail "check: $(cat "$E2E_DIR/out")"
[ "$(e2e_sql "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.make' AND actor LIKE 'shell:%'")" = 3 ] ||
	e2e_fail "each backup audited"

# the state the newest copy holds
apps() { sqlite3 -cmd ".timeout 5000" "$1" "SELECT app_no, status, org_name FROM applications ORDER BY app_no"; }
chain() { sqlite3 -cmd ".timeout 5000" "$1" "SELECT id || ' ' || hash FROM audit_log ORDER BY id"; }
apps "$GEN/certdesk.db" >"$E2E_DIR/apps.before"
chain "$GEN/certdesk.db" >"$E2E_DIR/chain.before"
SUM=$(sha256sum <"$PDF1")

# then things go wrong: an application is damaged and a printed form lost
e2e_sql "UPDATE applications SET org_name = '被改坏的名称' WHERE app_no = '$(app_no 6)'"
rm -f "$PDF1"
# a damaged copy is refused, and changes nothing
cp -a "$GEN" "$E2E_DIR/damaged"
printf 'X' | dd of="$E2E_DIR/damaged/certdesk.db" bs=1 seek=200 conv=notrunc 2>/dev/null
e2e_certdesk backup --check "$E2E_DIR/damaged" >"$E2E_DIR/out" 2>&1 && e2e_fail "a damaged copy passed --check"
grep -q '与备份清单不符' "$E2E_DIR/out" || e2e_fail "the damage is not named: $(cat "$E2E_DIR/out")"
e2e_certdesk restore --yes "$E2E_DIR/damaged" >"$E2E_DIR/out" 2>&1 && e2e_fail "restored from a damaged copy"
[ "$(e2e_sql "SELECT org_name FROM applications WHERE app_no = '$(app_no 6)'")" = 被改坏的名称 ] ||
	e2e_fail "a refused restore changed the database"
# without --yes and without a terminal: refused
e2e_certdesk restore "$B" </dev/null >"$E2E_DIR/out" 2>&1 && e2e_fail "restore without --yes"
grep -q -- '--yes' "$E2E_DIR/out" || e2e_fail "no hint at --yes"

# restore from the directory: its newest generation
e2e_certdesk restore --yes "$B" >"$E2E_DIR/out" 2>&1 || e2e_fail "restore: $(cat "$E2E_DIR/out")"
grep -q '已从备份恢复' "$E2E_DIR/out" || e2e_fail "no restore report"
apps "$E2E_DB" >"$E2E_DIR/apps.after"
cmp -s "$E2E_DIR/apps.before" "$E2E_DIR/apps.after" || e2e_fail "applications differ after restore"
chain "$E2E_DB" | head -n "$(wc -l <"$E2E_DIR/chain.before")" >"$E2E_DIR/chain.after"
cmp -s "$E2E_DIR/chain.before" "$E2E_DIR/chain.after" || e2e_fail "audit chain differs after restore"
[ "$(sha256sum <"$PDF1")" = "$SUM" ] || e2e_fail "the printed form was not put back"
e2e_certdesk audit verify >"$E2E_DIR/out" 2>&1 || e2e_fail "audit verify after restore: $(cat "$E2E_DIR/out")"
[ "$(e2e_sql "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.restore'")" = 1 ] || e2e_fail "restore audited"
e2e_pass
