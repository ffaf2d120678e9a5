#!/bin/sh
# test_terminal_gone.sh - when the terminal goes away (an SSH connection
# dropped) and SIGHUP is ignored, certdesk ends instead of spinning on a dead
# terminal.
. "$(dirname "$0")/lib.sh"
e2e_setup
E2E_TMUX=1
_tmux new-session -d -s main -x 80 -y 24 \
	"trap '' HUP; exec env LANG=C.UTF-8 TERM=screen '$E2E_BIN' --config '$E2E_CONF'" || e2e_fail "tmux"
e2e_wait_for '登录名:'
pid=$(_tmux display-message -p -t main '#{pane_pid}')
e2e_stop
i=0
while [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != "" ] &&
	[ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && { kill -9 "$pid"; e2e_fail "certdesk still running on a closed terminal"; }
	sleep 0.05
done
e2e_pass
