#!/bin/sh
# test_colours.sh - colours degrade gracefully: with colours the bars are
# coloured; with NO_COLOR, or a terminal without colours, no colour is sent
# and the bars use reverse video instead.
. "$(dirname "$0")/lib.sh"
e2e_setup
esc=$(printf '\033')

e2e_start
e2e_wait_for '登录名:'
e2e_screen_attrs | grep -q "$esc\[[0-9;]*4[0-7]m" || e2e_fail "no background colour with colours on"
e2e_key F10
e2e_wait_exit >/dev/null || e2e_fail "did not exit"
e2e_stop

for envset in "NO_COLOR=1" "TERM=vt100"; do
	e2e_start "$envset"
	e2e_wait_for '登录名:'
	e2e_wait_for '退出  F1 帮助'
	if e2e_screen_attrs | grep -q "$esc\[[0-9;]*[34][0-7]m"; then
		e2e_fail "colour sent with $envset"
	fi
	e2e_screen_attrs | grep -q "$esc\[[0-9;]*7m" || e2e_fail "no reverse video with $envset"
	e2e_key Escape      # (vt100 has other function-key sequences than tmux sends)
	e2e_wait_exit >/dev/null || e2e_fail "did not exit with $envset"
	e2e_stop
done
e2e_pass
