# SPDX-License-Identifier: GPL-2.0
# make run: load nova_vmm on the simulated GPU, let the sample client map
# VRAM into BAR1 and check it both ways, show debugfs, unload, scan for leaks.
say "scenario: run"
leak_baseline
must insmod /nova_vmm.ko
n=$(bound)
[ "$n" = 1 ] && say "nova_vmm bound 1 GPU" || fail "nova_vmm bound $n GPUs, expected 1"
d=$(gpu_dbg)
show "$d/info"
must insmod /nova_vmm_client.ko probe_unmapped=1
show "$d/bars"
pt=$(grep '^page tables: ' "$d/bars") || fail "bars does not say how page tables are written"
if dmesg | grep -q 'page tables: written through BAR2'; then
	case $pt in "page tables: BAR2 window at "*) ;; *) fail "dmesg says BAR2, bars: $pt" ;; esac
fi
show "$d/bar1/pagetables"
show "$d/bar1/verify"
grep -qx ok "$d/bar1/verify" || fail "bar1 verify is not ok"
show "$d/bar2/verify"
show "$d/bar1/journal"
must rmmod nova_vmm_client
must rmmod nova_vmm
leak_check
