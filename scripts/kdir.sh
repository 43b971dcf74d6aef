#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Usage: scripts/kdir.sh [6.12|6.1|/path/to/build]
# Prints the kernel build directory to build nova_vmm.ko against.
# With no argument: the running kernel's headers when installed, else
# Debian's 6.12 amd64 headers (installed when missing, if root on Debian).
set -eu
here=$(dirname "$0")
want=${1:-}

newest() { ls -d /usr/src/linux-headers-$1 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$want" ]; then
	b=/lib/modules/$(uname -r)/build
	[ -d "$b" ] && { echo "$b"; exit 0; }
	want=6.12
fi
case $want in
/*) [ -d "$want" ] || { echo "kdir.sh: $want does not exist" >&2; exit 1; }
	echo "$want"; exit 0 ;;
6.12) glob='6.12.*-amd64'; pkg=linux-headers-6.12-amd64 ;;
6.1) glob='6.1.0-*[0-9]-amd64'; pkg=linux-headers-amd64 ;;
*) echo "kdir.sh: unknown kernel series $want" >&2; exit 1 ;;
esac
d=$(newest "$glob")
if [ -z "$d" ]; then
	"$here/deps.sh" "$pkg" >&2
	d=$(newest "$glob")
fi
[ -n "$d" ] || { echo "kdir.sh: no $want headers ($pkg)" >&2; exit 1; }
echo "$d"
