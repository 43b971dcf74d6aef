#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Usage: scripts/mirror.sh KSRC
# Mirrors the module's sources into KSRC/drivers/misc/nova_vmm and hooks that
# directory into the tree's Kconfig and Makefile (once). Files are compared by
# content (-c) and copied with a fresh mtime: unchanged files are not rebuilt,
# and a file that differs is rebuilt even when its mtime is older (a worktree
# or a checkout of an older commit). No object file of the host build leaks in.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
KSRC=$1
dst=$KSRC/drivers/misc/nova_vmm
mkdir -p "$dst"
rsync -rc --delete --prune-empty-dirs --include='*/' --include='Kbuild' \
	--include='Kconfig' --include='*.c' --include='*.h' --exclude='*' \
	"$PROJ/Kbuild" "$PROJ/Kconfig" "$PROJ/include" "$PROJ/src" "$PROJ/tests" \
	"$PROJ/samples" "$dst/"
grep -q '^source "drivers/misc/nova_vmm/Kconfig"' "$KSRC/drivers/misc/Kconfig" ||
	echo 'source "drivers/misc/nova_vmm/Kconfig"' >>"$KSRC/drivers/misc/Kconfig"
grep -q '^obj-$(CONFIG_NOVA_VMM)' "$KSRC/drivers/misc/Makefile" ||
	echo 'obj-$(CONFIG_NOVA_VMM) += nova_vmm/' >>"$KSRC/drivers/misc/Makefile"

