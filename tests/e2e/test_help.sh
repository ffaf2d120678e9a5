#!/bin/sh
# test_help.sh - 帮助 (F1 anywhere, or the main menu): the key bindings from
# the table, the guide's four FAQ answers from data/faq.txt, and the branch's
# and the CA's support information from certdesk.conf.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
e2e_start

e2e_wait_for '登录名:'
e2e_type clerk1
e2e_key F1
e2e_wait_for '一、按键说明'
e2e_wait_for '【所有界面】'
e2e_wait_for '帮助: 按键说明、常见问题、服务支持'
e2e_key End
e2e_wait_for '三、客户服务支持'
e2e_wait_for '网点电话: 0755-11112222'
e2e_wait_for 'CA 服务热线: 400-112-3838'
e2e_wait_for 'CA 官方网址: www.szca.com'
e2e_wait_for '网点地址: 深圳市测试路 1 号'
# every FAQ question of the guide is somewhere in the text
e2e_key Home
for q in '实名电信认证无法通过怎么办' '完成申请后, 证书怎么领取' '金融认证不通过如何处理' '关于发票怎么获取'; do
	until e2e_screen | grep -qF "$q"; do
		e2e_key_change NPage || e2e_fail "FAQ question \"$q\" not found"
	done
	e2e_key_change Home
done
# Esc returns to the login screen with the typed login intact
e2e_key Escape
e2e_wait_for '登录名:'
e2e_wait_for 'clerk1'
e2e_pass
