#!/bin/sh
# deps.sh - the Debian 12 packages certdesk needs, in two sets:
#   sh tools/deps.sh build   what building needs (make, make install); checked
#                            and, as root, installed
#   sh tools/deps.sh test    the build set and what the tests and the demo use
#                            (make check, make demo, make deps)
# A production host that only runs `make install` never gets the test tools.
# Idempotent and quiet when everything is present; needs root otherwise.
BUILD_PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libcurl4-openssl-dev \
libxlsxwriter-dev libjansson-dev libsodium-dev libpango1.0-dev libcairo2-dev \
libmicrohttpd-dev libgnutls28-dev libzint-dev libcups2-dev libminizip-dev libexpat1-dev libfreexl-dev"
# libcmocka-dev: unit tests; tmux: the e2e harness; sqlite3, openssl, unzip,
# procps (pgrep, ps), poppler-utils (pdftotext), zbar-tools (zbarimg),
# imagemagick (convert), python3 and python3-openpyxl: what the tests check
# results with (python3-openpyxl and python3-xlwt also write the .xlsx/.xls
# bank directories that test_import_sheets imports);
# fonts-noto-cjk: the PDF's Chinese font; tzdata: the branch
# time zone; clang and libclang-rt-14-dev (libFuzzer, only a Recommends of
# clang): the fuzz harnesses; mandoc: the man-page lint; curl, systemd
# (systemd-analyze), debhelper and lintian: the package and unit tests;
# cups (cupsd, lpadmin), cups-client (lpstat, cupsenable) and
# printer-driver-cups-pdf: the private print queue of test_print_cups.sh.
TEST_PKGS="libcmocka-dev tmux sqlite3 openssl unzip procps poppler-utils zbar-tools \
imagemagick python3 python3-openpyxl python3-xlwt fonts-noto-cjk tzdata clang libclang-rt-14-dev \
mandoc curl systemd debhelper lintian cups cups-client printer-driver-cups-pdf"

case ${1:-test} in
build) PKGS=$BUILD_PKGS target=make ;;
test) PKGS="$BUILD_PKGS $TEST_PKGS" target="make deps" ;;
*) echo "用法: sh tools/deps.sh build|test" >&2; exit 2 ;;
esac
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "certdesk: 缺少软件包:$missing" >&2
	echo "certdesk: 请以 root 运行 $target, 或执行: apt-get install$missing" >&2
	exit 1
fi
echo "certdesk: 安装软件包:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "certdesk: apt-get update 失败" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "certdesk: apt-get install 失败:$missing" >&2; exit 1; }
