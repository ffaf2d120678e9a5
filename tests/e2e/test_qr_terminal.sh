#!/bin/sh
# test_qr_terminal.sh - `certdesk qr` in a real terminal (tmux, 80x24 and a
# taller window for ASCII): capture the pane, paint it as an image
# (pane2pgm.py) and decode it with zbarimg to the exact payload; a window
# too small for the code gets 窗口太小 instead of a code.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
BIN=${CERTDESK_BIN:-$PWD/build/certdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-qr-XXXXXX") || exit 1
n=0
sock=certdesk-qr-$$-$n
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/certdesk.conf"
export CERTDESK_CONF="$tmp/certdesk.conf"
failures=0
payload='https://127.0.0.1:8443/idv/s/7f3a9c2e4b1d4e6f?t=身份核验'

# show COLS ROWS ARGS… : run certdesk in a fresh tmux window of that size and
# leave the pane (without the end marker) in $tmp/pane
show() {
	cols=$1 rows=$2
	shift 2
	tmux -L "$sock" kill-server 2>/dev/null
	n=$((n + 1))
	sock=certdesk-qr-$$-$n               # a fresh server: the old one may still be exiting
	printf '%s\n' "$@" >"$tmp/args"
	tmux -f /dev/null -L "$sock" new-session -d -x "$cols" -y "$rows" \
		"env LANG=C.UTF-8 CERTDESK_CONF='$CERTDESK_CONF' sh -c 'xargs -d \"\\n\" \"$BIN\" <\"$tmp/args\" 2>&1; echo END-OF-QR; exec sleep 600'"
	i=0
	while [ $i -lt 100 ]; do
		tmux -L "$sock" capture-pane -p >"$tmp/pane" 2>/dev/null
		grep -q END-OF-QR "$tmp/pane" && break
		i=$((i + 1))
		sleep 0.1
	done
	if ! grep -q END-OF-QR "$tmp/pane"; then
		echo "FAIL: certdesk $* did not finish in a ${cols}x$rows window"
		failures=$((failures + 1))
	fi
	grep -v END-OF-QR "$tmp/pane" >"$tmp/pane.qr"
}

decodes() { # what
	python3 tests/e2e/pane2pgm.py "$tmp/pane.qr" "$tmp/pane.pgm"
	got=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$tmp/pane.pgm" 2>/dev/null)
	if [ "$got" != "$payload" ]; then
		echo "FAIL: $1: zbarimg read \"$got\", expected \"$payload\"; the pane:"
		sed 's/^/  | /' "$tmp/pane"
		failures=$((failures + 1))
	fi
}

show 80 24 qr "$payload"
decodes "half blocks in 80x24"
show 100 45 qr --ascii "$payload"
decodes "ASCII in 100x45"
printf '[ui]\nqr_ascii = yes\n' >"$CERTDESK_CONF"
show 100 45 qr "$payload"
decodes "[ui] qr_ascii = yes"
show 80 24 qr "$payload"
if ! grep -q '窗口太小, 无法显示二维码' "$tmp/pane"; then
	echo "FAIL: ASCII code in 80x24 should not fit; the pane:"
	sed 's/^/  | /' "$tmp/pane"
	failures=$((failures + 1))
fi
[ "$failures" = 0 ] && echo "ok: terminal QR codes decode"
[ "$failures" = 0 ]
