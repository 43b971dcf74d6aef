/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PRAMIN: VRAM access through the 1 MiB window at BAR0 + 0x700000.
 */
#ifndef _NOVA_VMM_PRAMIN_H_
#define _NOVA_VMM_PRAMIN_H_

#include <linux/types.h>

struct nova_gpu;

int nova_pramin_init(struct nova_gpu *gpu);
u64 nova_pramin_limit(const struct nova_gpu *gpu);
void nova_pramin_fini(struct nova_gpu *gpu);

int nova_pramin_read32(struct nova_gpu *gpu, u64 addr, u32 *dst, size_t count);
int nova_pramin_write32(struct nova_gpu *gpu, u64 addr, const u32 *src, size_t count);
int nova_pramin_read64(struct nova_gpu *gpu, u64 addr, u64 *dst, size_t count);
int nova_pramin_write64(struct nova_gpu *gpu, u64 addr, const u64 *src, size_t count);
int nova_pramin_fill(struct nova_gpu *gpu, u64 addr, u32 val, u64 size);
int nova_pramin_flush(struct nova_gpu *gpu);
void nova_pramin_forget(struct nova_gpu *gpu);

static inline int nova_pramin_rd32(struct nova_gpu *gpu, u64 addr, u32 *val)
{
	return nova_pramin_read32(gpu, addr, val, 1);
}

static inline int nova_pramin_wr32(struct nova_gpu *gpu, u64 addr, u32 val)
{
	return nova_pramin_write32(gpu, addr, &val, 1);
}

static inline int nova_pramin_rd64(struct nova_gpu *gpu, u64 addr, u64 *val)
{
	return nova_pramin_read64(gpu, addr, val, 1);
}

static inline int nova_pramin_wr64(struct nova_gpu *gpu, u64 addr, u64 val)
{
	return nova_pramin_write64(gpu, addr, &val, 1);
}

#endif /* _NOVA_VMM_PRAMIN_H_ */
