/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRAM allocation: the kernel buddy allocator over the VRAM nova_vmm manages.
 */
#ifndef _NOVA_VMM_VRAM_H_
#define _NOVA_VMM_VRAM_H_

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/types.h>

struct nova_gpu;

#define NOVA_VRAM_TOPDOWN	BIT(0)	/* from the top of VRAM */
#define NOVA_VRAM_CONTIGUOUS	BIT(1)	/* one physically contiguous range */

/**
 * struct nova_vram_alloc - VRAM handed out by nova_vram_get().
 * @blocks: The buddy blocks.
 * @addr: Lowest VRAM address of the blocks.
 * @size: Bytes requested.
 */
struct nova_vram_alloc {
	struct list_head blocks;
	u64 addr;
	u64 size;
};

int nova_vram_init(struct nova_gpu *gpu, u64 start, u64 size);
void nova_vram_fini(struct nova_gpu *gpu);
int nova_vram_get(struct nova_gpu *gpu, u64 size, u64 align, u32 flags,
		  struct nova_vram_alloc *a);
void nova_vram_put(struct nova_gpu *gpu, struct nova_vram_alloc *a);
u64 nova_vram_avail(struct nova_gpu *gpu);
void nova_vram_reclaimable(struct nova_gpu *gpu, s64 delta);
u64 nova_vram_managed(struct nova_gpu *gpu);
bool nova_fail_alloc(size_t size);
int nova_vram_own(struct nova_gpu *gpu, struct nova_vram_alloc *a);
void nova_vram_disown(struct nova_gpu *gpu, struct nova_vram_alloc *a);
bool nova_vram_owned(struct nova_gpu *gpu, u64 addr, u64 size);
bool nova_vram_foreign_ok(struct nova_gpu *gpu, u64 addr, u64 size);
int nova_vram_dirty(struct nova_gpu *gpu, u64 addr, u64 size);
int nova_vram_scrub(struct nova_gpu *gpu, u64 addr, u64 size);

/* One physically contiguous range of an allocation: its index, address, size. */
typedef void (*nova_vram_seg_fn)(void *ctx, unsigned int i, u64 addr, u64 size);
unsigned int nova_vram_segs(struct nova_gpu *gpu, struct nova_vram_alloc *a,
			    nova_vram_seg_fn fn, void *ctx);

#endif /* _NOVA_VMM_VRAM_H_ */
