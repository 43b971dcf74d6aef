#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Usage: scripts/qemu-check.sh [6.12] [6.1]       (make qemu-check; default both)
#
# Boots Debian's own kernel of each series under QEMU (TCG: no KVM needed) with
# a busybox initramfs whose /init (scripts/qemu-init) loads nova_vmm.ko and the
# sample client (samples/nova_vmm_client), built against that kernel's
# headers, plus their dependencies from that kernel's module tree, then
# unloads both. No GPU: this checks loading, symbols, namespaces and unloading.
#
# 6.12: /boot/vmlinuz-<release> of the headers scripts/kdir.sh picks
#       (linux-image-<release> is installed when missing).
# 6.1:  the newest 6.1.0-N-amd64 headers in /usr/src; the matching
#       linux-image .deb is fetched with apt-get download and unpacked once
#       into $NOVA_CACHE/qemu-check/image-<release> (400 MB).
# Objects go to $NOVA_CACHE/qemu-check/<release>/src, a copy of the sources,
# never to the checkout; console logs to $NOVA_CACHE/qemu-check/<release>/.
#
# One line per kernel, e.g.
#   qemu-check 6.12.117+deb12-amd64: insmod nova_vmm ok, insmod client ok, rmmod ok
# Exit status 1 on a missing marker, "Unknown symbol", a symbol namespace
# error, BUG:, WARNING:, Oops, Call Trace, a panic, a failed build or a
# timeout (QEMU_TIMEOUT seconds per boot, default 300).
set -eu
cd "$(dirname "$0")/.."
PATH=$PATH:/usr/sbin:/sbin
cache=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}/qemu-check
timeout=${QEMU_TIMEOUT:-300}
bad='Unknown symbol|uses symbol .* from namespace|BUG:|WARNING:|Oops|Call Trace|Kernel panic|disagrees about version|NOVA-QEMU: .*FAILED'

scripts/deps.sh qemu-system-x86 busybox-static cpio rsync xz-utils zstd kmod gzip >&2
mkdir -p "$cache"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
# Called in the subshell of one kernel: its result line, then out.
fail() { echo "qemu-check ${rel:-$series}: FAILED: $*"; exit 3; }
uts() { sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$1/include/generated/utsrelease.h"; }
depends() { modinfo -F depends "$1" | tr ',' ' '; }

# Sets vmlinuz and moddir for $rel.
find_kernel() {
	if [ ! -f "/boot/vmlinuz-$rel" ] && [ "$series" = 6.12 ]; then
		scripts/deps.sh "linux-image-$rel" >&2
	fi
	if [ -f "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/kernel" ]; then
		vmlinuz=/boot/vmlinuz-$rel
		moddir=/lib/modules/$rel
		return
	fi
	img=$cache/image-$rel
	if [ ! -f "$img/.unpacked" ]; then
		echo "== qemu-check: fetching linux-image-$rel into $cache" >&2
		rm -rf "$img" "$cache"/linux-image-"$rel"_*.deb
		if ! (cd "$cache" && apt-get download -q "linux-image-$rel" >&2); then
			[ "$(id -u)" = 0 ] || fail "apt-get download linux-image-$rel failed"
			apt-get update -qq >&2
			(cd "$cache" && apt-get download -q "linux-image-$rel" >&2) ||
				fail "apt-get download linux-image-$rel failed"
		fi
		dpkg-deb -x "$cache"/linux-image-"$rel"_*.deb "$img"
		rm -f "$cache"/linux-image-"$rel"_*.deb
		touch "$img/.unpacked"
	fi
	vmlinuz=$img/boot/vmlinuz-$rel
	moddir=$img/lib/modules/$rel
	[ -f "$vmlinuz" ] || fail "no $vmlinuz in the .deb"
	[ -d "$moddir/kernel" ] || fail "no $moddir/kernel in the .deb"
}

# nova_vmm.ko and the client against $kdir, in $work/src (a copy of the sources).
build() {
	src=$work/src
	# From scratch: kbuild does not rebuild the client's .mod.c when only
	# nova_vmm's Module.symvers changed (a CRC of an export), and a stale
	# one makes the client "disagree about version of symbol" at insmod.
	rm -rf "$src"
	mkdir -p "$src"
	files=
	for f in Kbuild Kconfig include src tests samples/nova_vmm_client; do
		[ -e "$f" ] && files="$files $f"
	done
	# Sources only: objects in the checkout (from other kernels) stay out.
	# shellcheck disable=SC2086
	rsync -a --relative --delete --prune-empty-dirs --exclude='*.mod.c' \
		--include='*/' --include='Kbuild' --include='Kconfig' \
		--include='*.c' --include='*.h' --exclude='*' $files "$src/"
	{
		make -C "$kdir" M="$src" CONFIG_NOVA_VMM=m W=1 modules &&
		make -C "$kdir" M="$src/samples/nova_vmm_client" W=1 \
			KBUILD_EXTRA_SYMBOLS="$src/Module.symvers" modules
	} >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; fail "build failed"; }
	for ko in "$src/nova_vmm.ko" "$src/samples/nova_vmm_client/nova_vmm_client.ko"; do
		[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$rel" ] ||
			fail "$ko: vermagic is not $rel"
	done
}

# The initramfs: busybox, /init, the two modules, their dependencies
# (recursively, from $moddir, decompressed) and /mods/order to load them in.
initramfs() {
	root=$work/root
	rm -rf "$root" "$work/deps"
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/mods" "$work/deps"
	cp /bin/busybox "$root/bin/busybox"
	cp scripts/qemu-init "$root/init"
	cp "$src/nova_vmm.ko" "$src/samples/nova_vmm_client/nova_vmm_client.ko" "$root/"
	# module name (dashes as underscores) -> file
	find "$moddir/kernel" -name '*.ko*' | awk '{ n = $0; sub(/.*\//, "", n);
		sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", n); gsub(/-/, "_", n); print n, $0 }' \
		>"$work/index"
	# The closure, breadth first, the queue in "$@" (no recursion: sh has
	# no local variables).
	all=
	# shellcheck disable=SC2046
	set -- $(depends "$root/nova_vmm.ko") $(depends "$root/nova_vmm_client.ko")
	while [ $# -gt 0 ]; do
		m=$1
		shift
		case " nova_vmm nova_vmm_client $all " in *" $m "*) continue ;; esac
		f=$(awk -v m="$m" '$1 == m { print $2; exit }' "$work/index")
		[ -n "$f" ] || fail "dependency $m is not in $moddir"
		case $f in
		*.xz) xz -dc "$f" ;;
		*.zst) zstd -dcq "$f" ;;
		*.gz) gzip -dc "$f" ;;
		*) cat "$f" ;;
		esac >"$root/mods/$m.ko"
		depends "$root/mods/$m.ko" >"$work/deps/$m"
		all="$all $m"
		# shellcheck disable=SC2046
		set -- "$@" $(cat "$work/deps/$m")
	done
	# Load order: a module once everything it depends on is loaded.
	order=
	left=$all
	while [ -n "$left" ]; do
		next=
		for m in $left; do
			ready=1
			# shellcheck disable=SC2013
			for d in $(cat "$work/deps/$m"); do
				case " $order " in *" $d "*) ;; *) ready= ;; esac
			done
			if [ -n "$ready" ]; then order="$order $m"; else next="$next $m"; fi
		done
		[ "$next" != "$left" ] || fail "dependency cycle among$left"
		left=$next
	done
	echo "$order" >"$root/mods/order"
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/initrd.gz"
}

boot() {
	log=$work/console.log
	t=$(now)
	rc=0
	timeout "$timeout" qemu-system-x86_64 -accel tcg -cpu max -m 512M -smp 1 \
		-nographic -no-reboot -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1" </dev/null >"$log" 2>&1 || rc=$?
	took=$(since "$t")
	why=
	[ "$rc" != 124 ] || why="timeout after $timeout s"
	[ -n "$why" ] || [ "$rc" = 0 ] || why="qemu exit status $rc"
	for mk in 'insmod nova_vmm ok' 'insmod client ok' 'rmmod ok' 'done'; do
		grep -aq "NOVA-QEMU: $mk" "$log" || why="${why:+$why; }no \"$mk\""
	done
	if grep -aEq "$bad" "$log"; then
		why="${why:+$why; }kernel reports: $(grep -aEm1 "$bad" "$log" | tr -d '\r')"
	fi
	if [ -n "$why" ]; then
		grep -aE "$bad|NOVA-QEMU" "$log" | tr -d '\r' | head -n 40
		echo "--- last lines of $log:"
		tail -n 15 "$log" | tr -d '\r'
		fail "$why"
	fi
}

# One kernel series, in a subshell: exit 0 (ok), 3 (failed, line printed).
check() {
	series=$1
	rel=
	t0=$(now)
	kdir=$(scripts/kdir.sh "$series")
	rel=$(uts "$kdir")
	[ -n "$rel" ] || fail "no UTS_RELEASE in $kdir"
	work=$cache/$rel
	mkdir -p "$work"
	find_kernel
	build
	initramfs
	boot
	echo "qemu-check $rel: insmod nova_vmm ok, insmod client ok, rmmod ok" \
		"(deps:${order:- none}; boot $took, total $(since "$t0"))"
}

[ $# -gt 0 ] || set -- 6.12 6.1
for series in "$@"; do
	case $series in 6.12|6.1) ;; *) echo "usage: $0 [6.12] [6.1]" >&2; exit 2 ;; esac
done
status=0
for series in "$@"; do
	# Not "( ... ) || rc=$?": that would turn set -e off inside.
	set +e
	(set -e; check "$series")
	rc=$?
	set -e
	case $rc in
	0) ;;
	3) status=1 ;;
	*) echo "qemu-check $series: FAILED (exit status $rc)"; status=1 ;;
	esac
done
exit "$status"
