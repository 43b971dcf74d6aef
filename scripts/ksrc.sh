#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the path of nova_vmm's private copy of Debian's linux-source-6.12,
# unpacked under $NOVA_CACHE (outside the checkout), unpacking it first when
# missing or when Debian updated the source package.
set -eu
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
KSRC=$NOVA_CACHE/linux
TARBALL=/usr/src/linux-source-6.12.tar.xz

"$(dirname "$0")/deps.sh" linux-source-6.12 xz-utils >&2
stamp=$(stat -c '%s %Y' "$TARBALL")
if [ "$(cat "$KSRC/.nova_vmm_stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "nova_vmm: unpacking $TARBALL into $KSRC" >&2
	# The build directories of this tree; build-sim is the simulator's,
	# built from its own tree (scripts/simkernel.sh).
	for b in "$NOVA_CACHE"/build-*; do
		[ "$b" = "$NOVA_CACHE/build-sim" ] || rm -rf "$b"
	done
	rm -rf "$KSRC"
	mkdir -p "$KSRC"
	tar -xf "$TARBALL" -C "$KSRC" --strip-components=1
	echo "$stamp" >"$KSRC/.nova_vmm_stamp"
fi
echo "$KSRC"
