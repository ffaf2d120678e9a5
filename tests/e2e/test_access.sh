#!/bin/sh
# test_access.sh - the access model of certdesk-security(7) on a real branch
# host, with real Unix accounts (made here, removed after; root only): the
# program installed setgid to the branch group, the state 0770 and the
# configuration (with the centre token) 0640 of that group. Two clerks' accounts
# print one after the other through the counter terminal (the shared PDF
# directory does not lock the second out); a clerk's export lands in the
# clerk's home, owned by the clerk; a clerk's shell cannot read the database
# or the token, and `certdesk user add` / `import` / an untrusted --config
# are refused (the refusals audited); an account of certdesk-admin
# administers; the supervisor approves through certdesk only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/orders_lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
	echo "SKIP [test_access]: needs root, useradd and runuser (CI runs it as root)"
	exit 0
fi
STEPS_SCREEN=print
. "$(dirname "$0")/steps_lib.sh"
steps_setup
e2e_user clerk2 clerk 'passw0rd2'
e2e_user boss1 supervisor 'passw0rd3'
# the second clerk's draft, a copy of the first one's
APP2=$(e2e_appno_of 26112507550000025)
e2e_sql "CREATE TEMP TABLE t AS SELECT * FROM applications WHERE app_no = '$APP_NO';
	UPDATE t SET id = NULL, app_no = '$APP2', created_by = (SELECT id FROM operators WHERE login = 'clerk2');
	INSERT INTO applications SELECT * FROM t;" || e2e_fail "cannot seed clerk2's draft"
seed_app 7 pending clerk1 待审核公司
e2e_central_stop

# ---- the host: accounts, groups, the installed program ------------------
S=$$
G=cdg$S            # the branch group (the package's "certdesk")
C1=cdc1$S C2=cdc2$S SUP=cds$S ADM=cda$S
P=/tmp/certdesk-access-test
made_admin_group=
host_cleanup() {
	e2e_cleanup   # first: the accounts' processes end with the tmux server
	for u in $C1 $C2 $SUP $ADM; do userdel -r "$u" >/dev/null 2>&1; done
	groupdel "$G" >/dev/null 2>&1
	[ -n "$made_admin_group" ] && groupdel certdesk-admin >/dev/null 2>&1
	rm -rf "$P"
}
trap host_cleanup EXIT
groupadd "$G" || e2e_fail "groupadd"
if ! getent group certdesk-admin >/dev/null; then
	groupadd certdesk-admin || e2e_fail "groupadd certdesk-admin"
	made_admin_group=1
fi
for u in $C1 $C2 $SUP; do useradd -m -s /bin/sh "$u" || e2e_fail "useradd $u"; done
useradd -m -s /bin/sh -G certdesk-admin "$ADM" || e2e_fail "useradd $ADM"

# built with its data directory where this test installs it
rm -rf "$P"
. "$E2E_ROOT/tests/e2e/build_lib.sh"
(cd "$E2E_ROOT" && e2e_seed_build build/access-test)
make --no-print-directory -s -C "$E2E_ROOT" B=build/access-test PREFIX=$P/usr build/access-test/certdesk \
	>"$E2E_DIR/build.log" 2>&1 || e2e_fail "build: $(tail -5 "$E2E_DIR/build.log")"
install -d -m 0755 "$P" "$P/usr/bin" "$P/usr/share/certdesk" "$P/etc"
cp -R "$E2E_ROOT/forms" "$E2E_ROOT/data" "$P/usr/share/certdesk/"
chmod -R go+rX "$P/usr"
install -o root -g "$G" -m 2755 "$E2E_ROOT/build/access-test/certdesk" "$P/usr/bin/certdesk"
BIN=$P/usr/bin/certdesk
install -d -o root -g "$G" -m 0770 "$P/state"
install -o root -g "$G" -m 0660 "$E2E_DB" "$P/state/branch.db"
CONF=$P/etc/certdesk.conf
cat >"$CONF" <<CONF
[branch]
code = 0755
name = 测试网点
[store]
database = $P/state/branch.db
group = $G
[security]
pwhash_opslimit = 1
pwhash_memlimit = 8192
[central]
token = s3cret-branch-token
CONF
chown root:"$G" "$CONF"
chmod 0640 "$CONF"
DB=$P/state/branch.db
sq() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
as() { _u=$1; shift; runuser -u "$_u" -- "$@"; }

# ---- a clerk's shell: no way around certdesk --------------------------
as $C1 sqlite3 "$DB" "SELECT COUNT(*) FROM applications" >"$E2E_DIR/out" 2>&1 &&
	e2e_fail "a clerk's sqlite3 read the database"
as $C1 cat "$CONF" >"$E2E_DIR/out" 2>&1 && e2e_fail "a clerk read the token"
as $C1 sh -c "echo x >>'$DB'" 2>/dev/null && e2e_fail "a clerk wrote the database"
printf 'passw0rd9\n' | as $C1 "$BIN" --config "$CONF" user add --name 冒充 --role supervisor evil \
	>"$E2E_DIR/out" 2>&1 && e2e_fail "a clerk's account added an operator"
grep -q "拒绝: 这是管理命令, 需要 root 或 certdesk-admin 组的成员 (当前账户 $C1)" "$E2E_DIR/out" ||
	e2e_fail "no clear refusal: $(cat "$E2E_DIR/out")"
as $C1 "$BIN" --config "$CONF" import holidays /dev/null >"$E2E_DIR/out" 2>&1 && e2e_fail "a clerk imported"
grep -q '拒绝' "$E2E_DIR/out" || e2e_fail "import: no refusal"
[ "$(sq "SELECT COUNT(*) FROM operators WHERE login = 'evil'")" = 0 ] || e2e_fail "the operator exists"
[ "$(sq "SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND actor = 'shell:$C1'")" = 2 ] ||
	e2e_fail "the refusals are not audited"
# a configuration of the clerk's own (naming another printer command…) is refused
printf '[store]\ndatabase = %s\n[printer]\ncommand = /bin/sh\n' "$DB" >/tmp/evil-$S.conf
chmod 0644 /tmp/evil-$S.conf
as $C1 "$BIN" --config /tmp/evil-$S.conf config >"$E2E_DIR/out" 2>&1 && e2e_fail "an untrusted --config"
grep -q '须属于 root' "$E2E_DIR/out" || e2e_fail "untrusted --config: $(cat "$E2E_DIR/out")"
rm -f /tmp/evil-$S.conf
# … and the environment is not the caller's to set
as $C1 env CERTDESK_DATADIR=/tmp CERTDESK_NOW=2030-01-01T00:00:00+08:00 "$BIN" --config "$CONF" config \
	>"$E2E_DIR/out" 2>&1 || e2e_fail "config: $(cat "$E2E_DIR/out")"
grep -q "数据目录: $P/usr/share/certdesk" "$E2E_DIR/out" || e2e_fail "CERTDESK_DATADIR was taken: $(head -3 "$E2E_DIR/out")"
grep -q 'token = (已设置)' "$E2E_DIR/out" || e2e_fail "config shows the token"
grep -q 's3cret' "$E2E_DIR/out" && e2e_fail "config leaked the token"
# the admin group administers
as $ADM "$BIN" --config "$CONF" audit verify >"$E2E_DIR/out" 2>&1 || e2e_fail "admin: $(cat "$E2E_DIR/out")"

# ---- two clerks print, one after the other -----------------------------
wrapper() { # ACCOUNT: the program as that account, in the pane
	printf '#!/bin/sh\ncd /\nexec runuser -u %s -- %s "$@"\n' "$1" "$BIN" >"$E2E_DIR/as-$1"
	chmod 0755 "$E2E_DIR/as-$1"
	E2E_BIN=$E2E_DIR/as-$1
}
E2E_CONF=$CONF
print_as() { # ACCOUNT LOGIN PASSWORD
	wrapper "$1"
	e2e_start
	e2e_login "$2" "$3"
	e2e_wait_for '继续草稿'
	e2e_type 3
	e2e_wait_for '深圳市测试科技有限公司'
	e2e_key Enter
	e2e_wait_for '打印状态: 尚未打印'
	e2e_key p
	e2e_wait_for '申请表已保存到'
	e2e_wait_for '已打印 1 次'
}
print_as $C1 clerk1 passw0rd1
e2e_stop
print_as $C2 clerk2 passw0rd2
[ "$(sq "SELECT COUNT(*) FROM prints")" = 2 ] || e2e_fail "two prints expected"
[ "$(stat -c '%a %G' "$P/state/pdf")" = "2770 $G" ] || e2e_fail "pdf/: $(stat -c '%a %U:%G' "$P/state/pdf")"
for f in "$P"/state/pdf/*.pdf; do
	[ "$(stat -c '%a %G' "$f")" = "640 $G" ] || e2e_fail "$f: $(stat -c '%a %U:%G' "$f")"
done
as $C1 ls "$P/state/pdf" >/dev/null 2>&1 && e2e_fail "a clerk's shell lists the stored forms"

# ---- a clerk's export is the clerk's -----------------------------------
e2e_stop
e2e_start
e2e_login clerk2 passw0rd2
e2e_wait_for '我的业务单'
e2e_key 2
e2e_wait_for '共 3 条'
e2e_key x
e2e_wait_for '文件名:'
e2e_key C-u
e2e_type '~/我的业务单.xlsx'
e2e_key Enter
e2e_wait_for "已导出 3 条到 /home/$C2/我的业务单.xlsx"
[ "$(stat -c '%U:%G' "/home/$C2/我的业务单.xlsx")" = "$C2:$(id -gn "$C2")" ] ||
	e2e_fail "export owned by $(stat -c '%U:%G' "/home/$C2/我的业务单.xlsx")"
e2e_stop

# ---- the supervisor approves, through certdesk ------------------------
as $SUP sqlite3 "$DB" "UPDATE applications SET status = 'queued'" 2>/dev/null && e2e_fail "a supervisor's sqlite3"
wrapper $SUP
e2e_start
e2e_login boss1 passw0rd3
e2e_wait_for '审核队列  待审核 1 笔'
e2e_key 3
e2e_wait_for '待审核 1 笔'
e2e_key Enter
e2e_wait_for "申请单号 $(app_no 7)"
e2e_key a
e2e_wait_for "已审核通过 $(app_no 7)"
[ "$(sq "SELECT status FROM applications WHERE app_no = '$(app_no 7)'")" = queued ] || e2e_fail "not approved"
[ "$(sq "SELECT COUNT(*) FROM audit_log WHERE action = 'app.status' AND actor = 'boss1'")" -ge 1 ] ||
	e2e_fail "the approval is not audited as the supervisor"
e2e_stop
trap - EXIT
host_cleanup
e2e_pass
