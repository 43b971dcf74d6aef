# SPDX-License-Identifier: GPL-2.0
# Static BAR1: nova_vmm (bar1_static=1) maps all usable VRAM into BAR1 at
# probe; the sample client reads and writes its buffer through BAR1 at the
# offset vmm_vram_bar1_offset() reports and checks that vmm_map() into BAR1
# fails with -EBUSY. Loaded again with rebar=0, nova_vmm leaves BAR1 as it
# finds it (the device keeps the size it was resized to).
say "scenario: static"
leak_baseline
must insmod /nova_vmm.ko bar1_static=1
n=$(bound)
[ "$n" = 1 ] && say "bound" || fail "bound $n GPUs"
d=$(gpu_dbg)
show "$d/bars"
grep -q '^bar1: [0-9]* MiB, static$' "$d/bars" || fail "BAR1 is not static"
must insmod /nova_vmm_client.ko
show "$d/bar1/verify"
grep -qx ok "$d/bar1/verify" || fail "bar1 verify is not ok"
must rmmod nova_vmm_client
must rmmod nova_vmm
must insmod /nova_vmm.ko bar1_static=1 rebar=0
show "$(gpu_dbg)/bars"
must rmmod nova_vmm
leak_check
