/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BAR1/BAR2 bind register sequences.
 */
#ifndef _NOVA_VMM_BIND_H_
#define _NOVA_VMM_BIND_H_

#include <linux/time64.h>
#include <linux/types.h>

#include "io/chip.h"

struct nova_gpu;

/* Bound of the bind poll, as for TLB invalidates. */
#define NOVA_BIND_TIMEOUT_US	(2 * USEC_PER_SEC)

/**
 * struct nova_bar_binding - What a BAR's block register holds.
 * @virt: MODE is virtual: the BAR translates through the instance block.
 * @target: TARGET of the instance block (0 video memory).
 * @inst: Address of the instance block (PTR).
 */
struct nova_bar_binding {
	bool virt;
	u32 target;
	u64 inst;
};

int nova_bar_bind_pbus(struct nova_gpu *gpu, enum nova_bar bar, u64 inst);
int nova_bar_bind_xal(struct nova_gpu *gpu, enum nova_bar bar, u64 inst);
int nova_bar_binding_pbus(struct nova_gpu *gpu, enum nova_bar bar,
			  struct nova_bar_binding *out);
int nova_bar_binding_xal(struct nova_gpu *gpu, enum nova_bar bar,
			 struct nova_bar_binding *out);

#endif /* _NOVA_VMM_BIND_H_ */
