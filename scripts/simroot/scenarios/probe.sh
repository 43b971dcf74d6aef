# SPDX-License-Identifier: GPL-2.0
# Probe and remove, twice; the BARs are bound each time, the DMA mask set
# and bus mastering on.
say "scenario: probe"
leak_baseline
for round in 1 2; do
	must insmod /nova_vmm.ko
	n=$(bound)
	[ "$n" = 1 ] && say "round $round: bound" || fail "round $round: bound $n GPUs"
	# The DMA mask and bus mastering set at probe (PCI_COMMAND bit 2).
	for d in /sys/bus/pci/drivers/nova_vmm/0000:*; do
		cmd=$(od -An -tx1 -j4 -N1 "$d/config" | tr -d ' ')
		master=off
		[ $((0x$cmd & 4)) = 0 ] || master=on
		say "round $round: dma_mask_bits $(cat "$d/dma_mask_bits"), bus master $master"
	done
	must rmmod nova_vmm
done
leak_check
