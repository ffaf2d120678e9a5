# cli_lib.sh - the shared start of the command-line end-to-end tests (sourced
# first, not run): the source tree as the working directory, UTF-8, the clock
# pinned as in lib.sh (the same Wednesday whatever day it is), $bin, a scratch
# directory $tmp removed on exit, a configuration $tmp/certdesk.conf naming
# only its database $tmp/branch.db, and cd_ (certdesk with that
# configuration) and fail.
set -u
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
bin=$PWD/build/certdesk
_name=${0##*/}
_name=${_name#test_}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-${_name%.sh}-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '[store]\ndatabase = %s/branch.db\n' "$tmp" >"$tmp/certdesk.conf"
cd_() { "$bin" --config "$tmp/certdesk.conf" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
