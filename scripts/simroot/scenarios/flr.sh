# SPDX-License-Identifier: GPL-2.0
# Function level reset while the sample client keeps 2 MiB of VRAM mapped in
# BAR1 (issue 17 item 5). nvsim runs with --flr-wipe: the reset loses the
# PRAMIN window, the BAR binds and every byte of VRAM. The reset goes
# through the PCI core (sysfs reset -> pci_reset_function() -> FLR), which
# calls nova_vmm's reset_prepare and reset_done: the restore rewrites every
# table from the shadow tree and binds the BARs again. Then both BAR address
# spaces verify against their shadow trees and the client's mapping reads
# back both ways, twice; unload, no leaks.
say "scenario: flr"
leak_baseline
must insmod /nova_vmm.ko
must insmod /nova_vmm_client.ko
dev=
for d in /sys/bus/pci/drivers/nova_vmm/0000:*; do
	[ -e "$d" ] && dev=${d##*/}
done
[ -n "$dev" ] || fail "no GPU bound"
d=$(gpu_dbg)
say "reset methods: $(cat "/sys/bus/pci/devices/$dev/reset_method" 2>&1)"
for round in 1 2; do
	echo 1 >"/sys/bus/pci/devices/$dev/reset" || fail "round $round: reset"
	say "round $round: reset done"
	v=$(cat "$d/bar1/verify")
	[ "$v" = ok ] && say "round $round: bar1 verify ok" ||
		fail "round $round: bar1 verify: $v"
	v=$(cat "$d/bar2/verify")
	[ "$v" = ok ] && say "round $round: bar2 verify ok" ||
		fail "round $round: bar2 verify: $v"
	if echo 1 >/sys/module/nova_vmm_client/parameters/recheck; then
		say "round $round: BAR1 mappings read back"
	else
		fail "round $round: BAR1 mappings do not read back"
	fi
done
n=$(bound)
[ "$n" = 1 ] || fail "bound $n GPUs after the resets"
must rmmod nova_vmm_client
must rmmod nova_vmm
leak_check
