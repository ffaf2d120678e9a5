#!/bin/sh
# test_journey_broken_form.sh - a broken forms/replacement.form: 新建补办 shows
# a clear error naming the file and line, the program keeps running, and no
# draft is created; `certdesk export` refuses with the same message.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
mkdir -p "$E2E_DIR/share/forms"
ln -s "$E2E_ROOT/data" "$E2E_DIR/share/data"
sed 's/^    type name$/    type nosuchtype/' "$E2E_ROOT/forms/replacement.form" >"$E2E_DIR/share/forms/replacement.form"
e2e_start "CERTDESK_DATADIR='$E2E_DIR/share'"
e2e_login clerk1 passw0rd1
e2e_wait_for '新建补办'
e2e_type 1
e2e_wait_for '表单定义有误'
e2e_wait_for 'replacement.form:'
e2e_wait_for '新建补办'                 # still the main menu, still running
e2e_expect_sql "SELECT COUNT(*) FROM applications" 0
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"
# every user of the form says the same (form_journey_load): the export too
CERTDESK_DATADIR="$E2E_DIR/share" e2e_certdesk export -o "$E2E_DIR/x.xlsx" >/dev/null 2>"$E2E_DIR/err" &&
	e2e_fail "exported with a broken form"
grep -q '表单定义有误, 无法导出: replacement.form:[0-9]*: .*(请管理员运行 certdesk forms check)' "$E2E_DIR/err" ||
	e2e_fail "export message: $(cat "$E2E_DIR/err")"
[ -e "$E2E_DIR/x.xlsx" ] && e2e_fail "a workbook was written with a broken form"
e2e_pass
