#!/bin/sh
# test_small_window.sh - below 80x24 a Chinese message asks for a larger
# window instead of a broken screen; resizing back restores the screen with
# what was typed, and keys typed while too small do nothing.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_start

e2e_wait_for '登录名:'
e2e_type clerk1
e2e_wait_for 'clerk1'
e2e_resize 60 20
e2e_wait_for '窗口太小'
e2e_wait_for '请把终端窗口调大'
e2e_wait_for '当前 60×20'
e2e_absent '登录名:'
e2e_type zzz
e2e_resize 80 24
e2e_wait_for '登录名:'
e2e_absent '窗口太小'
e2e_wait_for 'clerk1'
e2e_absent 'clerk1zzz'
# the editing continues where it was
e2e_key Enter
e2e_type 'passw0rd1'
e2e_key Enter
e2e_wait_for '请选择要办理的业务'
# too narrow only, then a larger window: the menu is laid out again
e2e_resize 79 30
e2e_wait_for '窗口太小'
e2e_resize 100 30
e2e_wait_for '请选择要办理的业务'
e2e_wait_for '新建补办'
e2e_pass
