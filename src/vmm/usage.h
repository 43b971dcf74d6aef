/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much of an address space is mapped (BAR1 usage, as nvidia-smi shows).
 */
#ifndef _NOVA_VMM_USAGE_H_
#define _NOVA_VMM_USAGE_H_

#include <linux/types.h>

struct vmm;

/**
 * struct nova_vmm_usage - VA use of an address space.
 * @total: Bytes of VA it manages.
 * @used: Bytes of it that valid PTEs map (sparse and empty VA is free).
 * @largest_free: The longest run of VA that no PTE maps.
 */
struct nova_vmm_usage {
	u64 total;
	u64 used;
	u64 largest_free;
};

void nova_vmm_usage(struct vmm *vmm, struct nova_vmm_usage *u);

#endif /* _NOVA_VMM_USAGE_H_ */
