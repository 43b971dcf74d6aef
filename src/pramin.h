/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PRAMIN: VRAM access through the 1 MiB window at BAR0 + 0x700000.
 */
#ifndef _NOVA_VMM_PRAMIN_H_
#define _NOVA_VMM_PRAMIN_H_

#include <linux/mutex.h>
#include <linux/types.h>

struct nova_gpu;

/**
 * struct nova_pramin - State of the PRAMIN window.
 * @lock: Serialises every access through the window and protects @base.
 *        Never held across an allocation that may sleep or reclaim.
 * @base: VRAM address the window starts at (64 KiB-aligned), or
 *        NOVA_PRAMIN_NO_BASE before the first access programs it.
 * @limit: Bytes of VRAM reachable through the window: the VRAM size, or less
 *         if the window register cannot address all of it. Constant.
 */
struct nova_pramin {
	struct mutex lock; /* see above */
	u64 base;
	u64 limit;
};

#define NOVA_PRAMIN_NO_BASE	U64_MAX

void nova_pramin_init(struct nova_gpu *gpu);
void nova_pramin_fini(struct nova_gpu *gpu);

int nova_pramin_read32(struct nova_gpu *gpu, u64 addr, u32 *dst, size_t count);
int nova_pramin_write32(struct nova_gpu *gpu, u64 addr, const u32 *src, size_t count);
int nova_pramin_read64(struct nova_gpu *gpu, u64 addr, u64 *dst, size_t count);
int nova_pramin_write64(struct nova_gpu *gpu, u64 addr, const u64 *src, size_t count);
int nova_pramin_fill(struct nova_gpu *gpu, u64 addr, u32 val, u64 size);
int nova_pramin_flush(struct nova_gpu *gpu);

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
