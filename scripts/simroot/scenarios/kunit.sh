# SPDX-License-Identifier: GPL-2.0
# The module flow: load nova_vmm built with its KUnit suites (they run at
# load), unload it, scan for leaks. No simulated GPU is attached.
say "scenario: kunit"
leak_baseline
say "KTAP begins"
must insmod /nova_vmm_kunit.ko
say "KTAP ends"
must rmmod nova_vmm
leak_check
