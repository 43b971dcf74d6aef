#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The layers of src/, lowest first, written once here (make lint):
#
#   hw fmt -> io -> mm -> vmm -> drv
#
# A file of src/<layer>/ may include "<other>/x.h" only from its own layer
# or a lower one; hw and fmt are the same rank (fmt describes hw's formats).
# The public header <nova_vmm/vmm.h> is the vmm layer's: io and mm never see
# the client's view (VMM_MAP_* flags, struct vmm_vram).
# Every project include names its folder ("io/pramin.h"), so one look at an
# #include line says which way it points. Prints each violation, fails on any.
set -eu
cd "$(dirname "$0")/.."
LAYERS="hw:0 fmt:0 io:1 mm:2 vmm:3 drv:4"

rank() {
	for l in $LAYERS; do
		[ "${l%%:*}" = "$1" ] && { echo "${l#*:}"; return; }
	done
	echo -1
}

bad=0
for f in $(find src -name '*.[ch]' | sort); do
	layer=${f#src/}
	layer=${layer%%/*}
	own=$(rank "$layer")
	if [ "$own" -lt 0 ]; then
		echo "$f: not in a layer folder ($LAYERS)"
		bad=1
		continue
	fi
	if [ "$own" -lt "$(rank vmm)" ] && grep -q '^#include <nova_vmm/' "$f"; then
		echo "$f: includes the public header below the vmm layer"
		bad=1
	fi
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		*/*) to=$(rank "${inc%%/*}") ;;
		*) echo "$f: #include \"$inc\" names no layer folder"; bad=1; continue ;;
		esac
		if [ "$to" -lt 0 ] || [ "$to" -gt "$own" ]; then
			echo "$f: #include \"$inc\" reaches up from $layer"
			bad=1
		fi
	done
done
[ "$bad" = 0 ] && echo "layers: every include points down"
exit "$bad"
