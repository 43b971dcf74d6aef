# SPDX-License-Identifier: GPL-2.0
# Garbage in the VRAM size register (review L13): nvsim reports more VRAM
# than the chip can address; the probe refuses the GPU with a message
# naming the register and the value, and leaves nothing behind.
say "scenario: vramsize"
leak_baseline
must insmod /nova_vmm.ko
n=$(bound)
if [ "$n" = 0 ]; then
	say "garbage VRAM size: refused"
else
	fail "bound $n GPUs with a garbage VRAM size"
fi
must rmmod nova_vmm
leak_check
