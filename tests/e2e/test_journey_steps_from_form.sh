#!/bin/sh
# test_journey_steps_from_form.sh - the journey's steps, their order and their
# titles are the form file's screens: a copy of forms/replacement.form with a
# step renamed and two steps swapped shows them so in the breadcrumb and the
# title bar, and the draft records the form's screen key for resuming.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
mkdir -p "$E2E_DIR/share/forms"
ln -s "$E2E_ROOT/data" "$E2E_DIR/share/data"
# 上传资料 → 上传扫描件; 身份核验 after 支付 (the two blocks swapped)
awk '
	/^screen idv / { hold = 1 }
	hold && /^# -+ 7$/ { hold = 0 }
	hold { idv = idv $0 "\n"; next }
	/^# -+ 8$/ { printf "%s", idv }
	{ print }
' "$E2E_ROOT/forms/replacement.form" | sed 's/^screen attach 上传资料$/screen attach 上传扫描件/' \
	>"$E2E_DIR/share/forms/replacement.form"
grep -q '^screen attach 上传扫描件$' "$E2E_DIR/share/forms/replacement.form" || e2e_fail "the form copy was not edited"
[ "$(grep -n '^screen \(idv\|pay\) ' "$E2E_DIR/share/forms/replacement.form" | cut -d' ' -f2 | tr '\n' ' ')" = "pay idv " ] ||
	e2e_fail "the form copy does not have 支付 before 身份核验"
e2e_start "CERTDESK_DATADIR='$E2E_DIR/share'"
e2e_login clerk1 passw0rd1
e2e_wait_for '新建补办'
e2e_type 1
e2e_wait_for '新建补办 · 介质遗失补办介绍'
# the title bar comes before the body: wait for the whole breadcrumb (it may
# wrap), not for the first screen only
e2e_wait_joined '介质遗失补办介绍>证书选择>录入信息>打印申请表>上传扫描件>支付>身份核验>提交'
e2e_wait_sql "SELECT screen FROM applications" intro
e2e_key Escape
e2e_wait_for '已保存'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"
e2e_pass
