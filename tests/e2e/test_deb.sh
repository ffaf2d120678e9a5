#!/bin/sh
# test_deb.sh - the Debian packages: `make deb` (reused when up to date) with
# no lintian error; the owners and modes of every path in the packages; then
# the package installed for real into a throwaway root (an overlay of this
# host in a private mount namespace, so nothing here changes): the accounts,
# the statoverrides and /var/lib/certdesk as certdesk-security(7) has them, a
# plain account that runs certdesk but cannot read the configuration or the
# branch state, the units verified as installed, a reinstall that keeps the
# modes, and a purge that takes everything away.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
fail() { echo "FAIL: $*"; exit 1; }
command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null ||
	fail "dpkg-buildpackage/debhelper missing (make deps installs them)"
version=$(sed -n 's/^VERSION *= *//p' Makefile)
arch=$(dpkg --print-architecture)
deb=build/deb/certdesk_${version}_$arch.deb
central=build/deb/certdesk-central_${version}_$arch.deb
start=$(date +%s)
make --no-print-directory -s deb >/dev/null 2>build/deb-make.err || fail "make deb: $(tail -n 20 build/deb-make.err)"
echo "make deb: $(($(date +%s) - start)) s"
[ -f "$deb" ] && [ -f "$central" ] || fail "make deb made no $deb and $central"
if [ -f build/deb/lintian.txt ]; then
	grep '^E:' build/deb/lintian.txt && fail "lintian errors"
	echo "lintian: $(grep -c '^W:' build/deb/lintian.txt) warning(s)"
fi

t=$(mktemp -d /tmp/certdesk-deb-XXXXXX)
trap 'rm -rf "$t"' EXIT

# ---- the archives: owner root, 0755 directories, 0644 files but the programs
listing() { dpkg-deb -c "$1" | awk '{ print $1, $2, $NF }' | sed 's|\./|/|; s| /$| /.|'; }
listing "$deb" >"$t/certdesk.list"
listing "$central" >"$t/central.list"
awk '$2 != "root/root"' "$t/certdesk.list" "$t/central.list" | grep . && fail "a path not owned by root"
awk '$1 ~ /^d/ && $1 != "drwxr-xr-x"' "$t/certdesk.list" "$t/central.list" | grep . && fail "a directory not 0755"
awk '$1 ~ /^-/ && $1 != "-rw-r--r--" && $3 != "/usr/bin/certdesk" && $3 != "/usr/bin/certdesk-central"' \
	"$t/certdesk.list" "$t/central.list" | grep . && fail "a file not 0644"
grep -q '^-rwxr-xr-x root/root /usr/bin/certdesk$' "$t/certdesk.list" || fail "/usr/bin/certdesk not 0755 in the archive"
grep -q '^-rwxr-xr-x root/root /usr/bin/certdesk-central$' "$t/central.list" || fail "certdesk-central not 0755"
awk '$1 !~ /^[-d]/' "$t/certdesk.list" "$t/central.list" | grep . && fail "links or special files"
for p in /etc/certdesk/certdesk.conf /usr/share/certdesk/forms/replacement.form /usr/share/certdesk/data/fees.tsv \
	/usr/share/man/man1/certdesk.1.gz /usr/share/man/man5/certdesk.conf.5.gz /usr/share/man/man7/certdesk-deploy.7.gz \
	/usr/share/man/man7/certdesk-security.7.gz /lib/systemd/system/certdesk-sync.service \
	/lib/systemd/system/certdesk-backup.service /lib/systemd/system/certdesk-backup.timer \
	/usr/share/doc/certdesk/copyright; do
	grep -q " $p\$" "$t/certdesk.list" || fail "certdesk lacks $p"
done
grep -E 'samples|certdesk-central' "$t/certdesk.list" && fail "the simulator or the demo's scans in the branch package"
for p in /usr/bin/certdesk-central /usr/share/man/man1/certdesk-central.1.gz \
	"/usr/share/certdesk/data/samples/申请表扫描件-样例.jpg"; do
	grep -q " $p\$" "$t/central.list" || fail "certdesk-central lacks $p"
done
[ "$(grep -c ' /usr/share/certdesk/data/samples/.' "$t/central.list")" = "$(ls data/samples | wc -l)" ] ||
	fail "not every sample scan in certdesk-central"
dpkg-deb -f "$central" Depends | grep -q '\bcertdesk\b' && fail "certdesk-central depends on certdesk"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/certdesk/certdesk.conf ||
	fail "/etc/certdesk/certdesk.conf is not a conffile"
echo "archives: $(wc -l <"$t/certdesk.list") + $(wc -l <"$t/central.list") paths checked"

# ---- installed into a throwaway root
if ! unshare --mount true 2>/dev/null; then
	# no mount namespace here: what the maintainer scripts would do, from their text
	ctl=$t/ctl
	dpkg-deb -e "$deb" "$ctl"
	for l in 'override /usr/bin/certdesk root certdesk 2755' 'override /etc/certdesk/certdesk.conf root certdesk 0640' \
		'state_dir /var/lib/certdesk 0770' 'state_dir /var/lib/certdesk/pdf 2770' \
		'state_dir /var/lib/certdesk/scans 2770' 'state_dir /var/lib/certdesk/backup 0750'; do
		grep -q "^	$l\$" "$ctl/postinst" || fail "postinst does not say: $l"
	done
	echo "SKIP: no mount namespace: the installation itself was not tried, the postinst only read"
	echo ok
	exit 0
fi
mkdir -p "$t/upper" "$t/work" "$t/m" "$t/upper/tmp"
cp "$deb" "$central" "$t/upper/tmp/"
cat >"$t/inner.sh" <<INNER
set -u
m=$t/m
fail() { echo "FAIL: \$*"; exit 1; }
mount --make-rprivate /
mount -t overlay overlay -o lowerdir=/,upperdir=$t/upper,workdir=$t/work "\$m" || fail "no overlay mount"
mount -t proc proc "\$m/proc"
mount --rbind /dev "\$m/dev"
mount -t tmpfs tmpfs "\$m/run"
inroot() { chroot "\$m" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "\$@"; }
# a host on which the package was never installed
inroot dpkg -s certdesk >/dev/null 2>&1 && inroot dpkg --purge certdesk >/dev/null 2>&1
inroot sh -c 'getent passwd certdesk || getent group certdesk || getent group certdesk-admin' &&
	fail "this host already has the certdesk accounts"
inroot dpkg -i /tmp/$(basename "$deb") >"$t/dpkg.log" 2>&1 || fail "dpkg -i: \$(tail -n 20 $t/dpkg.log)"

# every installed path: what certdesk-security(7) says, the rest root's and not writable by others
inroot sh -c 'dpkg -L certdesk; ls -d /var/lib/certdesk /var/lib/certdesk/*' | sort -u |
	while read -r p; do inroot stat -L -c '%U:%G %a %n' "\$p"; done >"$t/installed"
cat >"$t/special" <<'SPECIAL'
root:certdesk 2755 /usr/bin/certdesk
root:certdesk 640 /etc/certdesk/certdesk.conf
certdesk:certdesk 770 /var/lib/certdesk
certdesk:certdesk 2770 /var/lib/certdesk/pdf
certdesk:certdesk 2770 /var/lib/certdesk/scans
certdesk:certdesk 750 /var/lib/certdesk/backup
SPECIAL
while read -r line; do
	grep -qxF "\$line" "$t/installed" || fail "installed: wanted [\$line], got [\$(grep " \${line##* }\\\$" "$t/installed")]"
done <"$t/special"
grep -vxF -f "$t/special" "$t/installed" | grep -vE '^root:root (755|644) ' && fail "a path with another owner or mode"
[ "\$(wc -l <"$t/installed")" -ge 40 ] || fail "too few installed paths: \$(wc -l <"$t/installed")"
inroot dpkg-statoverride --list | grep -E ' (/usr/bin/certdesk|/etc/certdesk/certdesk.conf)\$' | sort >"$t/overrides"
printf '%s\n' 'root certdesk 640 /etc/certdesk/certdesk.conf' 'root certdesk 2755 /usr/bin/certdesk' | sort |
	cmp -s - "$t/overrides" || fail "statoverrides: \$(cat "$t/overrides")"
# the accounts: system ones, the user without a login
pw=\$(inroot getent passwd certdesk) || fail "no user certdesk"
echo "\$pw" | grep -Eq '^certdesk:x:[0-9]+:[0-9]+:[^:]*:/var/lib/certdesk:/usr/sbin/nologin\$' || fail "user certdesk: \$pw"
uid=\$(echo "\$pw" | cut -d: -f3)
[ "\$uid" -lt 1000 ] || fail "certdesk is not a system user (uid \$uid)"
for g in certdesk certdesk-admin; do
	gid=\$(inroot getent group "\$g" | cut -d: -f3) || fail "no group \$g"
	[ -n "\$gid" ] && [ "\$gid" -lt 1000 ] || fail "\$g is not a system group (\$gid)"
done
[ "\$(inroot id -gn certdesk)" = certdesk ] || fail "the user certdesk's group is not certdesk"

# a clerk's plain account: runs certdesk, cannot read the token or the branch state
inroot useradd -m clerk1 || fail "useradd"
inroot runuser -u clerk1 -- /usr/bin/certdesk --version | grep -q '^certdesk ' || fail "a clerk cannot run certdesk"
inroot runuser -u clerk1 -- cat /etc/certdesk/certdesk.conf >/dev/null 2>&1 && fail "a clerk reads the configuration"
inroot runuser -u clerk1 -- ls /var/lib/certdesk >/dev/null 2>&1 && fail "a clerk lists /var/lib/certdesk"
inroot runuser -u clerk1 -- touch /var/lib/certdesk/x 2>/dev/null && fail "a clerk writes in /var/lib/certdesk"

# the units as installed
out=\$(systemd-analyze verify --man=no --root="\$m" certdesk-sync.service certdesk-backup.service \
	certdesk-backup.timer 2>&1) && [ -z "\$out" ] || fail "systemd-analyze verify (installed): \$out"

# a reinstall (an upgrade's path) keeps the owners and modes
inroot dpkg -i /tmp/$(basename "$deb") >>"$t/dpkg.log" 2>&1 || fail "dpkg -i again: \$(tail -n 20 $t/dpkg.log)"
for p in /usr/bin/certdesk /etc/certdesk/certdesk.conf /var/lib/certdesk; do
	grep -qxF "\$(inroot stat -L -c '%U:%G %a %n' "\$p")" "$t/special" || fail "after a reinstall: \$(inroot stat -L -c '%U:%G %a %n' "\$p")"
done
# the simulator's package installs beside it (a test host)
inroot dpkg -i /tmp/$(basename "$central") >>"$t/dpkg.log" 2>&1 || fail "dpkg -i certdesk-central: \$(tail -n 20 $t/dpkg.log)"
inroot test -f "/usr/share/certdesk/data/samples/申请表扫描件-样例.jpg" || fail "no sample scans"

# purge: the state, the overrides, the accounts go
inroot userdel -r clerk1 2>/dev/null
inroot dpkg --purge certdesk-central certdesk >>"$t/dpkg.log" 2>&1 || fail "dpkg --purge: \$(tail -n 20 $t/dpkg.log)"
for p in /var/lib/certdesk /etc/certdesk/certdesk.conf /usr/bin/certdesk /usr/bin/certdesk-central; do
	inroot test -e "\$p" && fail "\$p left after purge"
done
inroot dpkg-statoverride --list | grep certdesk && fail "statoverrides left after purge"
inroot sh -c 'getent passwd certdesk || getent group certdesk || getent group certdesk-admin' && fail "accounts left after purge"
grep -iE "warn|error" "$t/dpkg.log" | sed "s/^/dpkg: /"
echo "installed and purged in a throwaway root"
exit 0
INNER
unshare --mount --fork sh "$t/inner.sh" || exit 1
echo "total: $(($(date +%s) - start)) s"
echo ok
