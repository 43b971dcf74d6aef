# SPDX-License-Identifier: GPL-2.0
# The device falls off the bus in the middle of the client's first map: the
# map fails with -ENODEV, and unloading still frees everything.
say "scenario: gone"
leak_baseline
must insmod /nova_vmm.ko
must insmod /nova_vmm_client.ko
must rmmod nova_vmm_client
must rmmod nova_vmm
leak_check
