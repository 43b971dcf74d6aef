#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Builds the UML kernel that hosts the simulated GPU (sim/nvsim) and prints
# its build directory, which is also the KDIR for building modules against it.
#
# Debian's linux-source-6.12 is unpacked into $NOVA_CACHE/linux-sim, separate
# from the KUnit tree, and patched with scripts/simkernel/*.patch:
#   0001 4 GiB logic_iomem areas (stock: 16 MiB, so BAR1 beyond 16 MiB fails),
#   0002 a 1 GiB virt-pci window (stock: 256 MiB, BAR0 + BAR1 do not fit),
#   0003 no dropped posted writes when the virtqueue is full,
#   0004 the user FPU state sized from the host at run time (AMX hosts).
# The configuration is ARCH=um defconfig plus scripts/simkernel/sim.config.
# The tree is unpacked again when the tarball, a patch or the config changes.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
KSRC=$NOVA_CACHE/linux-sim
KBUILD=$NOVA_CACHE/build-sim
TARBALL=/usr/src/linux-source-6.12.tar.xz
CFG=$PROJ/scripts/simkernel
JOBS=${JOBS:-$(nproc)}
UM="ARCH=um SUBARCH=x86_64"

"$PROJ/scripts/deps.sh" build-essential bc flex bison libelf-dev libssl-dev \
	python3 rsync linux-source-6.12 xz-utils >&2

mkdir -p "$NOVA_CACHE"
exec 9>"$NOVA_CACHE/build.lock"
flock 9

stamp=$( (stat -c '%s %Y' "$TARBALL"; cat "$CFG"/*.patch "$CFG/sim.config") |
	sha256sum | cut -d' ' -f1)
if [ "$(cat "$KSRC/.nova_vmm_stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$KBUILD/.config" ]; then
	echo "nova_vmm: unpacking and patching $TARBALL into $KSRC" >&2
	rm -rf "$KSRC" "$KBUILD"
	mkdir -p "$KSRC" "$KBUILD"
	tar -xf "$TARBALL" -C "$KSRC" --strip-components=1
	for p in "$CFG"/*.patch; do
		patch -s -d "$KSRC" -p1 <"$p"
	done
	# Only nova_vmm's Kconfig: it selects the buddy allocator. The module
	# itself is always built out of tree, against $KBUILD.
	mkdir -p "$KSRC/drivers/misc/nova_vmm"
	cp "$PROJ/Kconfig" "$KSRC/drivers/misc/nova_vmm/Kconfig"
	echo 'source "drivers/misc/nova_vmm/Kconfig"' >>"$KSRC/drivers/misc/Kconfig"
	make -s -C "$KSRC" O="$KBUILD" $UM defconfig >&2
	"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KBUILD" \
		"$KBUILD/.config" "$CFG/sim.config" >/dev/null
	make -s -C "$KSRC" O="$KBUILD" $UM olddefconfig >&2
	for opt in UML_PCI_OVER_VIRTIO MODULES HOSTFS GPU_BUDDY DRM_GPUVM DEBUG_KMEMLEAK KUNIT; do
		grep -q "^CONFIG_$opt=y" "$KBUILD/.config" ||
			{ echo "nova_vmm: CONFIG_$opt did not stick" >&2; exit 1; }
	done
	echo "$stamp" >"$KSRC/.nova_vmm_stamp"
fi
make -s -C "$KBUILD" $UM -j"$JOBS" >&2
echo "$KBUILD"
