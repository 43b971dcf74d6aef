/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GPU TLB invalidation.
 */
#ifndef _NOVA_VMM_TLB_H_
#define _NOVA_VMM_TLB_H_

#include <linux/bits.h>
#include <linux/time64.h>
#include <linux/types.h>

struct nova_gpu;

#define NOVA_TLB_HUB_ONLY	BIT(0)	/* a BAR address space: only the hub TLB */
#define NOVA_TLB_ACK		BIT(1)	/* entries removed or downgraded: ack globally */
#define NOVA_TLB_BAR2		BIT(2)	/* BAR2's address space: no membar WAR */

/* Bound of the completion poll (nouveau and nova-core use 2 s too). */
#define NOVA_TLB_TIMEOUT_US	(2 * USEC_PER_SEC)

int nova_tlb_invalidate(struct nova_gpu *gpu, u64 pdb, u32 flags);

#endif /* _NOVA_VMM_TLB_H_ */
