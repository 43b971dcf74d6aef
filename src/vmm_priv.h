/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct vmm, private to nova_vmm.
 */
#ifndef _NOVA_VMM_VMM_PRIV_H_
#define _NOVA_VMM_VMM_PRIV_H_

#include <drm/drm_mm.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <nova_vmm/vmm.h>

#include "pt_fmt.h"
#include "vram.h"

struct nova_gpu;
struct nova_pt_node;

/**
 * struct vmm - One GPU virtual address space.
 * @gpu: Its GPU.
 * @fmt: Page-table format.
 * @page_sizes: Page sizes the chip maps, BIT(enum nova_page_size).
 * @tlb_flags: NOVA_TLB_HUB_ONLY for a BAR address space.
 * @va_start: First VA managed.
 * @va_end: End of the managed VA range (exclusive).
 * @ref: Reference count.
 * @op_lock: Serialises vmm_map() and vmm_unmap() calls from start to end.
 *           They allocate under it (never under @lock); it is never taken
 *           on a DMA-fence signalling path.
 * @lock: The page-table lock: protects @root and the whole shadow tree, and
 *        orders the writes to the hardware tables. Never held across an
 *        allocation. Nests inside @op_lock; the PRAMIN, TLB and page-table
 *        memory locks nest inside it.
 * @va_lock: Protects @va.
 * @va: VA ranges handed out by vmm_va_alloc() and vmm_va_reserve().
 * @root: Shadow of the root table (the PDB); constant after creation.
 * @inst: The instance block; constant after creation.
 * @stale: Page tables unlinked before a TLB invalidate that timed out:
 *         freed after the next one that completes. Protected by @lock.
 */
struct vmm {
	struct nova_gpu *gpu;
	const struct nova_pt_fmt *fmt;
	u32 page_sizes;
	u32 tlb_flags;
	u64 va_start;
	u64 va_end;
	struct kref ref;
	struct mutex op_lock; /* see above */
	struct mutex lock; /* see above */
	struct mutex va_lock; /* see above */
	struct drm_mm va;
	struct nova_pt_node *root;
	struct nova_vram_alloc inst;
	struct list_head stale;
};

struct vmm *nova_vmm_new(struct nova_gpu *gpu, u64 va_start, u64 va_size, u32 tlb_flags);
int nova_inst_init(struct vmm *vmm);
void nova_inst_fini(struct vmm *vmm);
int nova_vmm_map_locked(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags);
int nova_vmm_unmap_locked(struct vmm *vmm, u64 va, u64 size);
int nova_vmm_lookup_locked(struct vmm *vmm, u64 va, struct vmm_mapping *out);
void nova_vmm_teardown_locked(struct vmm *vmm);
int nova_vmm_verify(struct vmm *vmm,
		    void (*report)(void *ctx, u64 table, u32 q, u64 want, u64 got), void *ctx);

#endif /* _NOVA_VMM_VMM_PRIV_H_ */
