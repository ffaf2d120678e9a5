#!/bin/sh
# test_man_pages.sh - the manual pages: `mandoc -Tlint` finds no warning or
# error in any man/*.[1-8]; certdesk(1) and certdesk-central(1) document
# every command and option the programs accept (short and long), and accept
# every option they document (man_options.py, from the --help of the option
# tables).
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0
command -v mandoc >/dev/null || { echo "FAIL: mandoc missing (make deps installs it)"; exit 1; }
for m in man/*.[1-8]; do
	out=$(mandoc -Tlint -W warning "$m" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: mandoc -Tlint $m:"
		printf '%s\n' "$out" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
done
T=$(mktemp -d /tmp/certdesk-e2e-man-XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
: >"$T/certdesk.conf"
# Debian's python3, as the other tests
if ! CERTDESK_CONF="$T/certdesk.conf" /usr/bin/python3 tests/e2e/man_options.py build/certdesk \
	build/certdesk-central man >"$T/diff" 2>&1; then
	echo "FAIL: the pages and the option tables differ:"
	sed 's/^/  | /' "$T/diff"
	failures=$((failures + 1))
fi
if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "man pages lint clean and match the option tables"
