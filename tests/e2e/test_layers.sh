#!/bin/sh
# test_layers.sh - the folders of src/ keep their layers (tools/check-layers.py:
# core < store < form < sync, print, export < tui, cli; central beside, on
# core only): no include goes the wrong way, no cycle between folders, no two
# modules of a folder include each other, store/store_impl.h (the members of
# struct store) is included only in src/store/ - not by the rest of src/ nor
# by the tests, benchmarks and fuzz harnesses. On failure the offending includes
# are printed as FILE:LINE. The check itself is checked on a copy of src/
# with wrong-way includes put in, which it must report.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! out=$(/usr/bin/python3 tools/check-layers.py src tests 2>&1); then
	fail "includes against the layers (tools/check-layers.py):"
	printf '%s\n' "$out" | sed 's/^/  | /'
fi

T=$(mktemp -d /tmp/certdesk-e2e-layers-XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
# expect_caught NAME FILE LINE-TEXT PATTERN: FILE (under src/) gets LINE-TEXT
# appended; the check must fail and print PATTERN
expect_caught() {
	rm -rf "$T/src" && cp -R src "$T/src" || exit 1
	printf '%s\n' "$3" >>"$T/src/$2"
	line=$(wc -l <"$T/src/$2" | tr -d ' ')
	if out=$(/usr/bin/python3 tools/check-layers.py "$T/src" 2>&1); then
		fail "$1: not caught"
	elif ! printf '%s\n' "$out" | grep -q -- "$4"; then
		fail "$1: reported without $4:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
	printf '%s\n' "$out" | grep -q "^ *$T/src/$2:$line: " || fail "$1: $2:$line not named"
}
expect_caught "lower to higher" core/util.c '#include "store/store.h"' 'core -> store: .*lower layer'
expect_caught "store to form" store/app.c '#include "form/form.h"' 'store -> form'
expect_caught "one layer" sync/sync.c '#include "print/appform.h"' 'sync -> print: .*one layer'
expect_caught "tui to cli" tui/tui.c '#include "cli/cmd.h"' 'tui -> cli'
expect_caught "into central" cli/main.c '#include "central/central.h"' 'nothing outside central'
expect_caught "central beside" central/logic.c '#include "store/store.h"' 'central may include only core'
expect_caught "mutual modules" store/audit_actions.c '#include "store/audit.h"' 'include each other'
expect_caught "store_impl.h outside the store" export/xlsx.c '#include "store/store_impl.h"' \
	'store/store_impl.h is private to src/store'
mkdir -p "$T/tests/unit" && printf '#include "testutil.h"\n#include "store/store_impl.h"\n' >"$T/tests/unit/test_x.c"
if out=$(/usr/bin/python3 tools/check-layers.py src "$T/tests" 2>&1); then
	fail "store_impl.h in a unit test: not caught"
else
	printf '%s\n' "$out" | grep -q "^$T/tests/unit/test_x.c:2: .*private to src/store" ||
		fail "store_impl.h in a unit test: test_x.c:2 not named"
fi
mkdir -p "$T/new" && cp -R src "$T/new/src" && mkdir -p "$T/new/src/extra" &&
	printf '#include "core/util.h"\n' >"$T/new/src/extra/x.c"
/usr/bin/python3 tools/check-layers.py "$T/new/src" >/dev/null 2>&1 && fail "a folder outside the table: not caught"

if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: the includes keep the layers; wrong-way includes are caught"
