#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Usage: scripts/dkms-check.sh [REV]      (make dkms-check; root only)
# Tests dkms.conf: copies the git-tracked tree at REV (default HEAD) to
# /usr/src/nova_vmm-<version>, runs dkms add, dkms build for Debian's 6.12
# kernel and, when headers of a 6.1.0-N-amd64 kernel are in
# /lib/modules/*/build, for the newest of those; checks each built .ko and its
# vermagic; then dkms remove --all. It leaves nothing behind (nor the MOK key
# dkms generates to sign modules, unless that key was there before).
# Exit status non-zero on any failure.
set -eu
cd "$(dirname "$0")/.."
PATH=$PATH:/usr/sbin:/sbin
rev=${1:-HEAD}

fail() { echo "dkms-check: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (dkms writes /usr/src and /var/lib/dkms)"
scripts/deps.sh dkms git kmod >&2

conf() { sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p" dkms.conf; }
name=$(conf PACKAGE_NAME)
ver=$(conf PACKAGE_VERSION)
[ -n "$name" ] || fail "no PACKAGE_NAME in dkms.conf"
[ -n "$ver" ] || fail "no PACKAGE_VERSION in dkms.conf"
src=/usr/src/$name-$ver
tree=/var/lib/dkms/$name/$ver
arch=$(uname -m)
for d in "$src" "$tree"; do
	[ ! -e "$d" ] ||
		fail "$d exists; remove it first: dkms remove $name/$ver --all; rm -rf $src"
done

# Kernels: Debian's 6.12 (headers installed when missing), newest 6.1 if any.
k612=$(scripts/kdir.sh 6.12)
rels=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$k612/include/generated/utsrelease.h")
[ -d "/lib/modules/$rels/build" ] || fail "no /lib/modules/$rels/build"
k61=$(find /lib/modules -maxdepth 2 -path '/lib/modules/6.1.0-*[0-9]-amd64/build' | sort -V | tail -n 1)
[ -z "$k61" ] || rels="$rels $(basename "$(dirname "$k61")")"

mok_before=
[ -e /var/lib/dkms/mok.key ] && mok_before=1
added=
cleanup() {
	[ -z "$added" ] || dkms remove "$name/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
	if [ -z "$mok_before" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	rmdir "/var/lib/dkms/$name" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "== dkms-check: $name-$ver from $rev ($(git rev-parse --short "$rev")) in $src"
mkdir "$src"
git archive --format=tar "$rev" | tar -x -C "$src"
[ -f "$src/dkms.conf" ] || fail "dkms.conf is not committed in $rev"
dkms add "$name/$ver"
added=1
for rel in $rels; do
	t0=$(date +%s)
	if ! dkms build "$name/$ver" -k "$rel"; then
		tail -n 30 "$tree/build/make.log" >&2 || true
		fail "dkms build -k $rel failed"
	fi
	ko=$(find "$tree/$rel/$arch/module" -name "$name.ko*" 2>/dev/null | head -n 1)
	[ -n "$ko" ] || fail "no $tree/$rel/$arch/module/$name.ko*"
	vm=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$vm" = "$rel" ] || fail "$ko: vermagic $vm, expected $rel"
	echo "dkms-check $rel: built ${ko#"$tree/"}, vermagic ok ($(($(date +%s) - t0)) s)"
done
dkms status "$name/$ver"
dkms remove "$name/$ver" --all
added=
[ ! -e "$tree" ] || fail "$tree still there after dkms remove --all"
echo "dkms-check: ok ($rels)"
