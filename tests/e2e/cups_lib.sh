# cups_lib.sh - a private CUPS server for the print tests (sourced, not run):
# its own cupsd with its ServerRoot, spool and logs in $1, listening only on
# the unix socket $1/cups.sock (CUPS_SERVER points the clients there; never
# the host's cupsd, never a TCP port), and one queue with the cups-pdf driver
# (its PPD) on a file: device. The cups-pdf backend itself is not used: it
# reads only the host's /etc/cups/cups-pdf.conf and writes into the
# submitting user's home, which a test must not touch.
# A test that cannot have one exits 77 (skipped, tests/run.sh) saying why.

cups_skip() { echo "SKIP: $*"; exit 77; }

# cups_check: skip unless cupsd can run here (before any other set-up).
cups_check() {
	CUPSD=/usr/sbin/cupsd
	CUPS_PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
	[ "$(id -u)" = 0 ] || cups_skip "cupsd cannot run here (not root)"
	[ -x "$CUPSD" ] || cups_skip "cupsd cannot run here (no $CUPSD: apt-get install cups)"
	for c in lpadmin cupsenable cupsdisable lpstat; do
		command -v $c >/dev/null || cups_skip "cupsd cannot run here (no $c: apt-get install cups-client)"
	done
	[ -f "$CUPS_PPD" ] || cups_skip "cupsd cannot run here (no $CUPS_PPD: apt-get install printer-driver-cups-pdf)"
	getent passwd lp >/dev/null || cups_skip "cupsd cannot run here (no user lp for the filters)"
}

# cups_start DIR: cupsd up (or a skip); sets CUPS_DIR, CUPS_SERVER, CUPS_PID.
cups_start() {
	cups_check
	CUPS_DIR=$1
	mkdir -p "$CUPS_DIR/etc" "$CUPS_DIR/spool" "$CUPS_DIR/cache" "$CUPS_DIR/state" "$CUPS_DIR/tmp" \
		"$CUPS_DIR/log" "$CUPS_DIR/out"
	# the filters run as lp: they pass through to the spool and temp files
	chmod 0711 "$CUPS_DIR/.." "$CUPS_DIR"
	chmod 0755 "$CUPS_DIR/etc" "$CUPS_DIR/log"
	chmod 0777 "$CUPS_DIR/out"
	chown root:lp "$CUPS_DIR/tmp" && chmod 1770 "$CUPS_DIR/tmp"
	cat >"$CUPS_DIR/etc/cups-files.conf" <<EOF
ServerRoot $CUPS_DIR/etc
RequestRoot $CUPS_DIR/spool
CacheDir $CUPS_DIR/cache
StateDir $CUPS_DIR/state
TempDir $CUPS_DIR/tmp
AccessLog $CUPS_DIR/log/access_log
ErrorLog $CUPS_DIR/log/error_log
PageLog $CUPS_DIR/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
FileDevice Yes
EOF
	cat >"$CUPS_DIR/etc/cupsd.conf" <<EOF
LogLevel info
Listen $CUPS_DIR/cups.sock
Browsing Off
BrowseLocalProtocols none
DefaultAuthType None
WebInterface No
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
	CUPS_SERVER=$CUPS_DIR/cups.sock
	export CUPS_SERVER
	"$CUPSD" -f -c "$CUPS_DIR/etc/cupsd.conf" -s "$CUPS_DIR/etc/cups-files.conf" >"$CUPS_DIR/log/cupsd.out" 2>&1 &
	CUPS_PID=$!
	_i=0
	# (lpstat -r exits 0 either way: its words say whether cupsd answers)
	until [ -S "$CUPS_SERVER" ] && LC_ALL=C lpstat -r 2>/dev/null | grep -q 'scheduler is running'; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$CUPS_PID" 2>/dev/null; then
			cups_stop
			cups_skip "cupsd cannot run here ($(tail -n 2 "$CUPS_DIR/log/cupsd.out" "$CUPS_DIR/log/error_log" 2>/dev/null | tr '\n' ' '))"
		fi
		sleep 0.1
	done
}

# cups_queue NAME: a cups-pdf queue printing to $CUPS_DIR/out/NAME.prn, enabled and accepting.
cups_queue() {
	# made beforehand: cupsd opens a file: URI under /dev/ (TMPDIR=/dev/shm)
	# as a device, without creating it
	: >"$CUPS_DIR/out/$1.prn" && chmod 0666 "$CUPS_DIR/out/$1.prn"
	lpadmin -p "$1" -E -v "file://$CUPS_DIR/out/$1.prn" -P "$CUPS_PPD" 2>"$CUPS_DIR/log/lpadmin.err" ||
		cups_skip "cupsd cannot run here (lpadmin: $(cat "$CUPS_DIR/log/lpadmin.err"))"
	cupsenable "$1" && cupsaccept "$1"
}

cups_stop() {
	if [ -n "${CUPS_PID:-}" ]; then
		kill "$CUPS_PID" 2>/dev/null
		wait "$CUPS_PID" 2>/dev/null
		CUPS_PID=
	fi
}
