# SPDX-License-Identifier: GPL-2.0
# The simulator never clears the invalidate trigger: the client's first map
# must fail with -ETIMEDOUT (within the poll bound), and unloading stays clean.
say "scenario: tlb-stuck"
must insmod /nova_vmm.ko
must insmod /nova_vmm_client.ko
must rmmod nova_vmm_client
must rmmod nova_vmm
