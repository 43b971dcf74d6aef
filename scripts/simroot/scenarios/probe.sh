# SPDX-License-Identifier: GPL-2.0
# Probe and remove, twice; the BARs are bound each time.
say "scenario: probe"
leak_baseline
for round in 1 2; do
	must insmod /nova_vmm.ko
	n=$(bound)
	[ "$n" = 1 ] && say "round $round: bound" || fail "round $round: bound $n GPUs"
	must rmmod nova_vmm
done
leak_check
