# SPDX-License-Identifier: GPL-2.0
# The drm_gpuvm sample (samples/nova_vmm_gpuvm): its bind sequence of splits,
# keeps and partial unbinds, each one nova_vmm batch, checked page by page
# through BAR1 (a PRAMIN-written pattern read back through the aperture) and
# by lookup in a channel address space. The BAR1 journal then shows the
# sequence; unloading unbinds everything; no leak.
say "scenario: gpuvm"
leak_baseline
must insmod /nova_vmm.ko
must insmod /nova_vmm_gpuvm.ko
d=$(gpu_dbg)
show "$d/bar1/journal"
show "$d/bar1/verify"
grep -qx ok "$d/bar1/verify" || fail "bar1 verify is not ok"
# The channel address space the sample made (the only one but the BARs').
for j in "$d"/*/journal; do
	case $j in */bar1/* | */bar2/*) continue ;; esac
	show "$j"
	show "${j%/journal}/verify"
done
must rmmod nova_vmm_gpuvm
must rmmod nova_vmm
leak_check
