# SPDX-License-Identifier: GPL-2.0
# Unbind the GPU through sysfs while the sample client keeps 2 MiB of VRAM
# mapped in BAR1, then bind it again, twice (issue 17 item 5): the client
# lets go in its remove callback, the GPU's debugfs directory goes, and on
# each bind probe and the client's checks run again and pass.
say "scenario: unbind"
leak_baseline
must insmod /nova_vmm.ko
must insmod /nova_vmm_client.ko
dev=
for d in /sys/bus/pci/drivers/nova_vmm/0000:*; do
	[ -e "$d" ] && dev=${d##*/}
done
[ -n "$dev" ] || fail "no GPU bound"
for round in 1 2; do
	echo "$dev" >/sys/bus/pci/drivers/nova_vmm/unbind || fail "round $round: unbind"
	n=$(bound)
	[ "$n" = 0 ] && say "round $round: unbound" || fail "round $round: still bound"
	[ ! -d "$DBG/nova_vmm/$dev" ] || fail "round $round: debugfs directory left behind"
	echo "$dev" >/sys/bus/pci/drivers/nova_vmm/bind || fail "round $round: bind"
	n=$(bound)
	[ "$n" = 1 ] && say "round $round: bound again" || fail "round $round: bound $n GPUs"
done
must rmmod nova_vmm_client
must rmmod nova_vmm
leak_check
