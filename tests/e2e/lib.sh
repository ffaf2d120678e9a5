# lib.sh - end-to-end harness: the real certdesk binary in an isolated tmux
# server (80x24, LANG=C.UTF-8), keys in, screen and database checked.
# Source it from a tests/e2e/test_*.sh script (POSIX sh):
#
#   . "$(dirname "$0")/lib.sh"
#   e2e_setup                       # temp dir, certdesk.conf, tmux socket, cleanup trap
#   e2e_user clerk1 clerk 'passw0rd1'   # an operator ready to log in (no forced change)
#   e2e_start                       # certdesk in the tmux pane
#   e2e_wait_for '登录名'           # poll the screen (timeout: E2E_TIMEOUT, 10 s)
#   e2e_type clerk1; e2e_key Enter  # -l for text (Chinese too), key names for keys
#   e2e_sql "SELECT …"              # the test's database
#   e2e_pass                        # or e2e_fail "why" (prints the screen)
#
# Everything lives in $E2E_DIR (removed on exit unless E2E_KEEP=1); the
# tmux server is killed on exit, whatever happens.

E2E_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E_BIN=${CERTDESK_BIN:-$E2E_ROOT/build/certdesk}
E2E_TIMEOUT=${E2E_TIMEOUT:-10}
# how often the waits look again (seconds): each look forks tmux and grep,
# and the suite runs many tests at once on few processors
E2E_POLL=${E2E_POLL:-0.1}
E2E_NAME=$(basename "$0" .sh)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# The programs' clock is pinned (CERTDESK_NOW, certdesk(1)): every journey
# runs on Wednesday 2026-11-25, 10:00 China time, whatever day the suite runs
# on. A test that needs another day sets E2E_NOW (with the branch's offset)
# before sourcing this file. Seeds write stored times as certdesk does, RFC
# 3339 with the offset (certdesk(1) TIME): E2E_NOW itself, or SQLite's date
# arithmetic on E2E_NOW_SQL (the same instant, branch-local, no zone) with
# E2E_TIME as the format: strftime('$E2E_TIME', '$E2E_NOW_SQL', '-1 hours').
E2E_NOW=${E2E_NOW:-2026-11-25T10:00:00+08:00}
E2E_NOW_SQL=$(printf '%s' "$E2E_NOW" | sed 's/T/ /; s/[+-][0-9][0-9]:[0-9][0-9]$//; s/Z$//')
E2E_OFFSET=$(printf '%s' "$E2E_NOW" | sed -n 's/.*\([+-][0-9][0-9]:[0-9][0-9]\)$/\1/p')
E2E_TIME="%Y-%m-%dT%H:%M:%S${E2E_OFFSET:-+08:00}"
CERTDESK_NOW=$E2E_NOW
export CERTDESK_NOW
unset NO_COLOR TMUX

e2e_log() { printf '[%s] %s\n' "$E2E_NAME" "$*"; }

e2e_cleanup() {
	e2e_central_stop
	if [ -n "${E2E_TMUX:-}" ]; then
		tmux -f /dev/null -L "$E2E_SOCK" kill-server 2>/dev/null
	fi
	if [ -n "${E2E_CONF:-}" ]; then
		# a certdesk whose terminal closed still saves and closes its
		# database: let it finish before its directory goes
		i=0
		while pgrep -f -- "--config $E2E_CONF" >/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	if [ -n "${E2E_DIR:-}" ] && [ "${E2E_KEEP:-0}" != 1 ]; then
		rm -rf "$E2E_DIR"
	fi
}

# e2e_setup [extra certdesk.conf lines]: a fresh directory, database and
# configuration (cheapest argon2), and the tmux socket name.
e2e_setup() {
	[ -x "$E2E_BIN" ] || { echo "e2e: $E2E_BIN missing (run make)"; exit 1; }
	command -v tmux >/dev/null || { echo "e2e: tmux missing"; exit 1; }
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-$E2E_NAME.XXXXXX")
	E2E_SOCK="certdesk-$$-$E2E_NAME"
	E2E_CONF="$E2E_DIR/certdesk.conf"
	E2E_DB="$E2E_DIR/test.db"
	trap e2e_cleanup EXIT
	trap 'exit 2' INT TERM HUP
	cat >"$E2E_CONF" <<CONF
[branch]
code = 0755
name = 测试网点
address = 深圳市测试路 1 号
hotline = 0755-11112222
hours = 周一至周五 9:00-17:00
[store]
database = $E2E_DB
[security]
pwhash_opslimit = 1
pwhash_memlimit = 8192
CONF
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" >>"$E2E_CONF"
	fi
}

# e2e_appno_of 17DIGITS: the application number with its ISO 7064 MOD 11,10
# check digit appended (what certdesk accepts on its command line).
e2e_appno_of() {
	_d=$1 _p=10 _i=1
	while [ $_i -le 17 ]; do
		_c=$(printf %s "$_d" | cut -c$_i)
		_s=$(((_p + _c) % 10))
		[ $_s = 0 ] && _s=10
		_p=$(((_s * 2) % 11))
		_i=$((_i + 1))
	done
	echo "$_d$(((11 - _p) % 10))"
}

e2e_certdesk() { "$E2E_BIN" --config "$E2E_CONF" "$@"; }

# e2e_central_start ARGS...: certdesk-central on 127.0.0.1 with ARGS, which
# must have it write its port to $E2E_DIR/central.port (--port-file, or
# port_file in its -c configuration); waits for that and sets
# $E2E_CENTRAL_PORT. Its messages go to $E2E_DIR/central.log. Stopped by
# e2e_central_stop, and by the cleanup.
E2E_CENTRAL=${CERTDESK_CENTRAL_BIN:-$E2E_ROOT/build/certdesk-central}
E2E_CENTRAL_PID=
e2e_central_start() {
	rm -f "$E2E_DIR/central.port"
	"$E2E_CENTRAL" "$@" 2>>"$E2E_DIR/central.log" &
	E2E_CENTRAL_PID=$!
	_i=0
	while [ ! -s "$E2E_DIR/central.port" ]; do
		_i=$((_i + 1))
		[ $_i -le 200 ] || e2e_fail "certdesk-central did not start: $(cat "$E2E_DIR/central.log")"
		sleep "$E2E_POLL"
	done
	E2E_CENTRAL_PORT=$(cat "$E2E_DIR/central.port")
}

e2e_central_stop() {
	if [ -n "$E2E_CENTRAL_PID" ]; then
		kill "$E2E_CENTRAL_PID" 2>/dev/null
		wait "$E2E_CENTRAL_PID" 2>/dev/null
		E2E_CENTRAL_PID=
	fi
}

# e2e_user LOGIN ROLE PASSWORD [姓名] [--first-login]: add an operator; unless
# --first-login, the password is set so no change is forced.
e2e_user() {
	_name=${4:-测试员$1}
	printf '%s\n' "$3" | e2e_certdesk user add --name "$_name" --role "$2" "$1" >/dev/null ||
		e2e_fail "cannot add operator $1"
	if [ "${5:-}" != --first-login ]; then
		printf '%s\n' "$3" | e2e_certdesk user passwd "$1" >/dev/null || e2e_fail "cannot set password of $1"
	fi
}

_tmux() { tmux -f /dev/null -L "$E2E_SOCK" "$@"; }

# e2e_start [env assignments…]: certdesk in a detached 80x24 pane. A small
# shell around it records the exit status (tmux 3.3 does not report it) in
# $E2E_DIR/exit-status, then runs the shell commands $E2E_AFTER if set; the
# pane stays after the program exits.
e2e_start() {
	E2E_TMUX=1
	rm -f "$E2E_DIR/exit-status"
	_tmux new-session -d -s main -x 80 -y 24 \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen CERTDESK_NOW='$CERTDESK_NOW' $* '$E2E_BIN' --config '$E2E_CONF'; echo \$? >'$E2E_DIR/exit-status'${E2E_AFTER:+; $E2E_AFTER}" \; \
		set-option -g remain-on-exit on \; set-option -g status off ||
		e2e_fail "tmux did not start"
}

# e2e_stop: end the tmux server (and the program in it) before another
# e2e_start; the next server gets a fresh socket name.
E2E_ROUND=0
e2e_stop() {
	_tmux kill-server 2>/dev/null
	E2E_ROUND=$((E2E_ROUND + 1))
	E2E_SOCK="certdesk-$$-$E2E_NAME-$E2E_ROUND"
	E2E_TMUX=
}

e2e_screen() { _tmux capture-pane -p -t main; }
e2e_screen_attrs() { _tmux capture-pane -p -e -t main; }

# Type text literally (Chinese included), press keys by tmux name (Enter, Tab,
# BTab, Escape, F1, Up, NPage, C-u …).
e2e_type() { _tmux send-keys -t main -l -- "$1"; }
e2e_key() { _tmux send-keys -t main "$@"; }

# e2e_wait_for TEXT [seconds]: poll the screen until TEXT (fixed string)
# appears; fail with the screen shown on timeout.
e2e_wait_for() {
	_limit=${2:-$E2E_TIMEOUT}
	_start=$(date +%s)
	while :; do
		if e2e_screen | grep -qF -- "$1"; then
			return 0
		fi
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			e2e_fail "timed out waiting for \"$1\""
		fi
		sleep "$E2E_POLL"
	done
}

# e2e_wait_re REGEX [seconds]: the same with an extended regular expression
# (capture-pane drops trailing spaces: anchor with $ to see a line's end).
e2e_wait_re() {
	_limit=${2:-$E2E_TIMEOUT}
	_start=$(date +%s)
	until e2e_screen | grep -qE -- "$1"; do
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			e2e_fail "timed out waiting for /$1/"
		fi
		sleep "$E2E_POLL"
	done
}

# e2e_wait_joined TEXT [seconds]: like e2e_wait_for, with the screen's spaces
# and line ends taken out first (for a line the screen may wrap or pad, such
# as the journey's breadcrumb); TEXT is given without spaces.
e2e_wait_joined() {
	_limit=${2:-$E2E_TIMEOUT}
	_start=$(date +%s)
	until e2e_screen | tr -d '\n ' | grep -qF -- "$1"; do
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			e2e_fail "timed out waiting for \"$1\" (spaces and line ends ignored)"
		fi
		sleep "$E2E_POLL"
	done
}

# e2e_wait_gone TEXT [seconds]: poll until TEXT is no longer on the screen.
e2e_wait_gone() {
	_limit=${2:-$E2E_TIMEOUT}
	_start=$(date +%s)
	while e2e_screen | grep -qF -- "$1"; do
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			e2e_fail "timed out waiting for \"$1\" to go away"
		fi
		sleep "$E2E_POLL"
	done
}

# e2e_key_change KEY…: press keys and wait until the screen differs from
# before (false when it did not change within 2 s: e.g. already at the end).
e2e_key_change() {
	_before=$(e2e_screen)
	e2e_key "$@"
	_start=$(date +%s)
	while [ "$(e2e_screen)" = "$_before" ]; do
		[ $(($(date +%s) - _start)) -ge 2 ] && return 1
		sleep "$E2E_POLL"
	done
	return 0
}

# e2e_absent TEXT: fail when TEXT is on the screen now.
e2e_absent() {
	if e2e_screen | grep -qF -- "$1"; then
		e2e_fail "\"$1\" should not be on the screen"
	fi
}

# e2e_resize COLS ROWS: resize the pane's window (the program gets SIGWINCH).
e2e_resize() { _tmux resize-window -t main -x "$1" -y "$2" || e2e_fail "cannot resize to $1x$2"; }

# e2e_wait_exit [seconds]: wait for the program to end; prints its exit status.
e2e_wait_exit() {
	_limit=${1:-$E2E_TIMEOUT}
	_start=$(date +%s)
	while [ ! -s "$E2E_DIR/exit-status" ]; do
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			echo "timeout"
			return 1
		fi
		sleep "$E2E_POLL"
	done
	cat "$E2E_DIR/exit-status"
}

# e2e_pid: the certdesk process in the pane (for kill -9 journeys).
e2e_pid() { pgrep -P "$(_tmux display-message -p -t main '#{pane_pid}')" -x certdesk; }

e2e_sql() { sqlite3 -batch -noheader "$E2E_DB" "$1"; }

# e2e_expect_sql SQL EXPECTED [what]: the query's output must equal EXPECTED.
e2e_expect_sql() {
	_got=$(e2e_sql "$1")
	[ "$_got" = "$2" ] || e2e_fail "${3:-$1}: expected [$2], got [$_got]"
}

# e2e_wait_sql SQL EXPECTED [seconds]: poll the database until the query
# gives EXPECTED (a key's effect when the screen looks the same before and after).
e2e_wait_sql() {
	_limit=${3:-$E2E_TIMEOUT}
	_start=$(date +%s)
	while [ "$(e2e_sql "$1" 2>/dev/null)" != "$2" ]; do
		if [ $(($(date +%s) - _start)) -ge "$_limit" ]; then
			e2e_fail "timed out waiting for [$1] to give [$2], last [$(e2e_sql "$1")]"
		fi
		sleep "$E2E_POLL"
	done
}

e2e_fail() {
	echo "FAIL [$E2E_NAME]: $*"
	if [ -n "${E2E_TMUX:-}" ]; then
		echo "---- screen ----"
		e2e_screen 2>/dev/null
		echo "----------------"
	fi
	exit 1
}

e2e_pass() {
	echo "PASS [$E2E_NAME]"
	exit 0
}

# e2e_login LOGIN PASSWORD: from the login screen to the next one.
e2e_login() {
	e2e_wait_for '登录名:'
	e2e_key BTab C-u
	e2e_type "$1"
	e2e_key Enter
	e2e_type "$2"
	e2e_key Enter
}
