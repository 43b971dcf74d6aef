# SPDX-License-Identifier: GPL-2.0
# The VRAM layout (issue 15 item 1): dmesg and debugfs show the reserved top
# of VRAM, and vram_start_mib/vram_mib never reach into it. nvsim's GPU has
# 1 GiB; on every chip the top 2 MiB (5 MiB on GA100) are reserved.
say "scenario: reserved"
leak_baseline
must insmod /nova_vmm.ko vram_start_mib=1016 vram_mib=8
n=$(bound)
if [ "$n" = 0 ]; then
	say "a range into reserved VRAM: refused"
else
	fail "bound $n GPUs with vram_mib reaching reserved VRAM"
fi
must rmmod nova_vmm
must insmod /nova_vmm.ko vram_start_mib=1000 vram_mib=16
n=$(bound)
[ "$n" = 1 ] && say "a range below reserved VRAM: bound" || fail "bound $n GPUs, expected 1"
show "$(gpu_dbg)/info"
must rmmod nova_vmm
leak_check
