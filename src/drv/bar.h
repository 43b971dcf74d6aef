/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BAR1 and BAR2 address spaces.
 */
#ifndef _NOVA_VMM_BAR_H_
#define _NOVA_VMM_BAR_H_

#include <linux/sizes.h>
#include <linux/types.h>

struct nova_gpu;

/* BAR2 maps the kernel's own objects; 32 MiB, as the BAR2 (PCI BAR3) of these GPUs. */
#define NOVA_BAR2_VA_SIZE	SZ_32M
int nova_bars_init(struct nova_gpu *gpu);
void nova_bars_unbind(struct nova_gpu *gpu);
void nova_bars_fini(struct nova_gpu *gpu);
int nova_bars_rebind(struct nova_gpu *gpu);
bool nova_bar1_static(struct nova_gpu *gpu);
u64 nova_bar1_granule(struct nova_gpu *gpu);
int nova_bar1_cpu_range(struct nova_gpu *gpu, u64 offset, u64 size, u64 *start, u64 *len);

#endif /* _NOVA_VMM_BAR_H_ */
