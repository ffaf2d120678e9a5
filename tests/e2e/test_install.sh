#!/bin/sh
# test_install.sh - `make install PREFIX=/usr DESTDIR=…` puts binaries, man pages,
# forms, data and the configuration in FHS places, and the installed program
# finds its data in the installed location (not the source tree).
set -eu
cd "$(dirname "$0")/../.."
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
root=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-install-XXXXXX")
trap 'rm -rf "$root"' EXIT
. tests/e2e/build_lib.sh
e2e_seed_build build/install-test
make --no-print-directory -s install B=build/install-test PREFIX=/usr DESTDIR="$root" >/dev/null
for f in usr/bin/certdesk usr/share/man/man1/certdesk.1 usr/share/man/man5/certdesk.conf.5 \
	usr/share/certdesk/data/certdesk.conf etc/certdesk/certdesk.conf; do
	[ -e "$root/$f" ] || { echo "missing $f"; exit 1; }
done
[ -z "$(ls -A "$root/usr/share/certdesk/forms" 2>/dev/null)" ] && ls forms/* >/dev/null 2>&1 && {
	echo "forms not installed"; exit 1; }
# The binary has the installed DATADIR compiled in.
grep -q '/usr/share/certdesk' "$root/usr/bin/certdesk" || { echo "DATADIR not compiled in"; exit 1; }
# Copied out of the tree, it does not find a source tree and uses the installed data.
"$root/usr/bin/certdesk" --version | grep -q '^certdesk '
cp "$root/usr/bin/certdesk" "$root/certdesk-copy"
"$root/certdesk-copy" --config "$root/etc/certdesk/certdesk.conf" config >"$root/out"
grep -q '数据目录: /usr/share/certdesk$' "$root/out" || { cat "$root/out"; exit 1; }
# Run from the source tree, it uses the tree's data.
build/certdesk config | grep -q "数据目录: $(pwd)\$" || { build/certdesk config | head -3; exit 1; }
# `make install` checks the build packages only, never the test tools.
plan=$(make -n install B=build/install-test PREFIX=/usr DESTDIR="$root")
case $plan in *"deps.sh build"*) ;; *) echo "make install does not check the build packages"; exit 1 ;; esac
case $plan in *"deps.sh test"*) echo "make install installs the test packages"; exit 1 ;; esac
# CPPFLAGS, CFLAGS and LDFLAGS are honoured; -Werror comes after CFLAGS.
plan=$(make -n -B B=build/install-test CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS='-O2 -Wno-error' \
	LDFLAGS=-Wl,-z,defs build/install-test/obj/core/conf.o build/install-test/certdesk)
echo "$plan" | grep -- '-c src/core/conf.c' | grep -q -- '-D_FORTIFY_SOURCE=2 -O2 -Wno-error .*-Werror' ||
	{ echo "CPPFLAGS/CFLAGS not honoured, or -Werror not last"; exit 1; }
echo "$plan" | grep -- '-o build/install-test/certdesk ' | grep -q -- '-Wl,-z,defs' ||
	{ echo "LDFLAGS not honoured"; exit 1; }
echo ok
