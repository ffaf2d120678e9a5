#!/bin/sh
# deps.sh - install the Debian 12 packages certdesk builds, tests and demos with.
# Idempotent and quiet when everything is present; needs root otherwise.
PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libcurl4-openssl-dev \
libxlsxwriter-dev libjansson-dev libsodium-dev libpango1.0-dev libcairo2-dev \
libmicrohttpd-dev libgnutls28-dev libcmocka-dev libzint-dev tmux sqlite3 openssl \
fonts-noto-cjk poppler-utils zbar-tools python3 python3-openpyxl imagemagick mandoc curl systemd \
debhelper lintian"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "certdesk: 缺少软件包:$missing" >&2
	echo "certdesk: 请以 root 运行 make deps, 或执行: apt-get install$missing" >&2
	exit 1
fi
echo "certdesk: 安装软件包:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "certdesk: apt-get update 失败" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "certdesk: apt-get install 失败:$missing" >&2; exit 1; }
