# SPDX-License-Identifier: GPL-2.0
# Load only: the simulator's count of BAR0 writes then says what a probe
# costs, which places the device loss of the gone-map scenario.
say "scenario: load"
must insmod /nova_vmm.ko
