#!/bin/sh
# test_units.sh - the systemd units of systemd/ pass `systemd-analyze verify`
# with no complaint at all (verify exits 0 on unknown keys: its output must be
# empty), checked in a root where /usr/bin/certdesk exists as the package puts
# it; and certdesk-sync.service keeps the exposure certdesk-deploy(7) states.
set -u
cd "$(dirname "$0")/../.." || exit 1
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v systemd-analyze >/dev/null || ! systemd-analyze --version >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze cannot run here (install the systemd package)"
	exit 0
fi
[ -x build/certdesk ] || fail "build/certdesk missing (run make)"
r=$(mktemp -d /tmp/certdesk-units-XXXXXX)
trap 'rm -rf "$r"' EXIT
units=$(cd systemd && ls)
[ -n "$units" ] || fail "no units in systemd/"
# the host's units (sysinit.target, timers.target, …) for the dependencies
mkdir -p "$r/usr/bin" "$r/lib/systemd/system"
for d in /lib/systemd/system /usr/lib/systemd/system; do
	[ -d "$d" ] && cp -a "$d/." "$r/lib/systemd/system/"
done
cp build/certdesk "$r/usr/bin/certdesk"
for u in $units; do
	cp "systemd/$u" "$r/lib/systemd/system/$u"
done
# shellcheck disable=SC2086 # one argument per unit
out=$(systemd-analyze verify --man=no --root="$r" $units 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] && echo "verify:" $units || fail "systemd-analyze verify complains: $out"

# certdesk-deploy(7) states the exposure: 1.2 (threshold 12 on the 0-100 scale)
score=$(grep -o 'exposure level of [0-9.]*' man/certdesk-deploy.7 | grep -o '[0-9.]*$')
[ -n "$score" ] || fail "certdesk-deploy(7) does not state the exposure level"
out=$(systemd-analyze security --offline=true --root="$r" certdesk-sync.service 2>&1) ||
	fail "systemd-analyze security: $(echo "$out" | tail -n 3)"
got=$(echo "$out" | sed -n 's/.*Overall exposure level for certdesk-sync.service: \([0-9.]*\).*/\1/p')
[ "$got" = "$score" ] || fail "exposure level $got, certdesk-deploy(7) says $score"
echo "exposure $got"
# every unit has a Documentation= man page that the package ships
for u in $units; do
	for m in $(sed -n 's/^Documentation=//p' "systemd/$u"); do
		page=${m#man:}
		name=${page%(*}
		sec=${page#*(}
		sec=${sec%)}
		[ -f "man/$name.$sec" ] || fail "$u: Documentation=$m: no man/$name.$sec"
	done
done
echo ok
