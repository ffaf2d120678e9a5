#!/bin/sh
# test_locale.sh - UTF-8 is required: from the C locale (no LANG, common over
# SSH) certdesk falls back to C.UTF-8 and draws Chinese correctly; without a
# terminal it refuses with a clear message.
. "$(dirname "$0")/lib.sh"
e2e_setup

out=$(e2e_certdesk </dev/null 2>&1 >/dev/null)
rc=$?
[ "$rc" = 1 ] || e2e_fail "without a terminal: exit $rc"
echo "$out" | grep -qF '柜台界面需要在终端中运行' || e2e_fail "no message without a terminal: $out"

e2e_start LANG=C LC_ALL=C
e2e_wait_for '操作员登录'
e2e_wait_for '数字证书介质遗失补办 · 柜台终端'
e2e_pass
