# SPDX-License-Identifier: GPL-2.0
# Probe a GPU whose BARs are not all nova_vmm's (a BAR firmware bound before
# the driver, or a BAR the GPU does not expose): it binds, says why a BAR
# is off, and removes cleanly. sim.sh checks which address spaces it made.
say "scenario: bars"
must insmod /nova_vmm.ko
n=$(bound)
[ "$n" = 1 ] && say "bound" || fail "bound $n GPUs"
d=$(gpu_dbg)
spaces=
for s in bar1 bar2; do
	[ -d "$d/$s" ] && spaces="$spaces $s"
done
say "BAR address spaces: [${spaces# }]"
show "$d/bars"
must rmmod nova_vmm
