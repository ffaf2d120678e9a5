#!/bin/sh
# test_terminal_safety.sh - the clerk's terminal survives the counter
# terminal: killed by SIGSEGV or SIGQUIT (or SIGABRT) it leaves the alternate
# screen, shows the cursor and gives back the line discipline (icanon echo)
# before dying of the signal; TERM=dumb and an unknown TERM are refused in
# Chinese (exit 1); on TERM=vt100 (F1-F4 only) the key bar offers Esc-0 for
# F10 and Esc then a digit works, typed together or one after the other;
# TERM=linux keeps F10.
. "$(dirname "$0")/lib.sh"
e2e_setup

# after certdesk, the pane's shell writes `stty -a` (what the clerk's shell
# would get back) and a marker
E2E_AFTER="stty -a >'$E2E_DIR/after.tmp'; mv '$E2E_DIR/after.tmp' '$E2E_DIR/after'; echo AFTER-CERTDESK; exec sleep 600"

for sig in SEGV:11 QUIT:3 ABRT:6; do
	num=${sig#*:}
	sig=${sig%:*}
	rm -f "$E2E_DIR/after"
	e2e_start
	e2e_wait_for '登录名:'
	[ "$(_tmux display -p -t main '#{alternate_on}')" = 1 ] || e2e_fail "certdesk is not on the alternate screen"
	pid=$(e2e_pid)
	[ -n "$pid" ] || e2e_fail "no certdesk process"
	kill -s "$sig" "$pid"
	e2e_wait_for AFTER-CERTDESK
	[ "$(_tmux display -p -t main '#{alternate_on}')" = 0 ] || e2e_fail "SIG$sig left the alternate screen on"
	[ "$(_tmux display -p -t main '#{cursor_flag}')" = 1 ] || e2e_fail "SIG$sig left the cursor hidden"
	grep -qE ' icanon( |$)' "$E2E_DIR/after" && grep -qE ' echo( |$)' "$E2E_DIR/after" ||
		e2e_fail "SIG$sig left the terminal raw: $(cat "$E2E_DIR/after")"
	# it still dies of the signal (128 + its number for the shell)
	[ "$(cat "$E2E_DIR/exit-status")" = $((128 + num)) ] || e2e_fail "SIG$sig: exit $(cat "$E2E_DIR/exit-status")"
	e2e_stop
done
E2E_AFTER=
e2e_log "fatal signals restore the terminal"

# (a terminal from script(1): the refusal is two lines of text, which a
# tmux pane may push into its history while it settles its size)
for term in dumb no-such-terminal-type; do
	TERM=$term script -qec "'$E2E_BIN' --config '$E2E_CONF'; echo rc=\$?" /dev/null >"$E2E_DIR/refused" 2>&1
	grep -q "certdesk: 无法显示柜台界面: .*(TERM=$term)" "$E2E_DIR/refused" ||
		e2e_fail "TERM=$term not refused: $(cat "$E2E_DIR/refused")"
	grep -q 'rc=1' "$E2E_DIR/refused" || e2e_fail "TERM=$term: not exit 1: $(cat "$E2E_DIR/refused")"
done
e2e_log "TERM=dumb and unknown types refused"

# vt100: the key bar names Esc-0; Esc and 0 together, one after the other,
# and the F10 a modern terminal sends all quit
for how in together apart f10; do
	e2e_start TERM=vt100
	e2e_wait_for '登录名:'
	e2e_wait_for 'Esc-0 退出'
	e2e_screen | grep -q 'F10 退出' && e2e_fail "vt100 key bar shows F10"
	case $how in
	together) e2e_key Escape 0 ;;
	apart) e2e_key Escape; sleep 0.3; e2e_key 0 ;;
	f10) e2e_key F10 ;;
	esac
	[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "vt100: Esc-0 ($how) did not quit"
	e2e_stop
done
# Esc alone still goes back (after the wait for a digit)
e2e_start TERM=vt100
e2e_wait_for 'Esc-0 退出'
e2e_key Escape
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "vt100: Esc did not leave the login screen"
e2e_stop
# the help screen names the alternative
e2e_start TERM=vt100
e2e_wait_for 'Esc-0 退出'
e2e_key F1
e2e_wait_for 'F10 / Esc-0'
e2e_stop
e2e_log "vt100: Esc-digit for the F-keys it lacks"

e2e_start TERM=linux
e2e_wait_for 'F10 退出'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "linux: F10 did not quit"
e2e_stop
e2e_pass
