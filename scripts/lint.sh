#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make lint: checkpatch --strict, sparse against the 6.1 and the 6.12 headers
# (and over the KUnit build when "make check" has made one; the samples
# too), and
# kernel-doc -Wall on every source and header, and the layer order of src/
# (scripts/layers.sh). Fails on any finding.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
cd "$PROJ"
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
"$PROJ/scripts/deps.sh" sparse perl make gcc
KSRC=$("$PROJ/scripts/ksrc.sh")
files=$(find include src tests samples -name '*.[ch]' ! -name '*.mod.c' | sort)
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== layers: includes point down (scripts/layers.sh)"
"$PROJ/scripts/layers.sh" || fail=1

echo "== checkpatch --strict"
# LINUX_VERSION_CODE: out of tree, the namespace compat needs it.
perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,FILE_PATH_CHANGES \
	-f $files >"$log" 2>&1 || true
grep -E ': (ERROR|WARNING|CHECK):' "$log" && fail=1

echo "== kernel-doc -Wall"
perl "$KSRC/scripts/kernel-doc" -none -Wall $files >"$log" 2>&1 || true
[ -s "$log" ] && { cat "$log"; fail=1; }

for series in 6.1 6.12; do
	kdir=$("$PROJ/scripts/kdir.sh" "$series")
	echo "== sparse (C=2) against $kdir"
	make -s -C "$kdir" M="$PROJ" CONFIG_NOVA_VMM=m W=1 C=2 modules >"$log" 2>&1 || fail=1
	# The sample clients (the gpuvm one builds nothing without drm_gpuvm).
	for sample in nova_vmm_client nova_vmm_gpuvm; do
		make -s -C "$kdir" M="$PROJ/samples/$sample" W=1 C=2 \
			KBUILD_EXTRA_SYMBOLS="$PROJ/Module.symvers" modules >>"$log" 2>&1 || fail=1
		make -s -C "$kdir" M="$PROJ/samples/$sample" clean >/dev/null 2>&1 || true
	done
	grep -E 'warning:|error:|ERROR:' "$log" && fail=1
	make -s -C "$kdir" M="$PROJ" clean >/dev/null 2>&1 || true
done

kbuild=$NOVA_CACHE/build-check
if [ -f "$kbuild/.config" ]; then
	echo "== sparse (C=2) over the KUnit build (tests included)"
	# The mirror and the build dir are shared: wait for a running "make check".
	exec 9>"$NOVA_CACHE/build.lock"
	flock 9
	"$PROJ/scripts/mirror.sh" "$KSRC"
	make -s -C "$KSRC" O="$kbuild" ARCH=um C=2 W=1 drivers/misc/nova_vmm/ >"$log" 2>&1 || fail=1
	flock -u 9
	grep -E 'warning:|error:|ERROR:' "$log" && fail=1
else
	echo "== sparse over the tests: skipped, run 'make check' first"
fi

[ "$fail" = 0 ] && echo "lint: 0 findings"
exit "$fail"
