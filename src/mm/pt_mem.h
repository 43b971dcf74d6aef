/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table memory: VRAM for tables, with sub-allocation of small tables,
 * zeroing, deferred free and accounting.
 */
#ifndef _NOVA_VMM_PT_MEM_H_
#define _NOVA_VMM_PT_MEM_H_

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "fmt/pt_fmt.h"
#include "mm/vram.h"

struct nova_gpu;
struct nova_pt_chunk;

#define NOVA_PT_STAT_BIG	NOVA_PT_LEVEL_BIG	/* big-page tables */
#define NOVA_PT_STATS		(NOVA_PT_LEVELS + 1)
#define NOVA_PT_SUB_MIN		64			/* smallest table */
/* Size classes 64, 128, ..., 4096 bytes; all but the last sub-allocated. */
#define NOVA_PT_CLASSES		7
#define NOVA_PT_SUB_CLASSES	(NOVA_PT_CLASSES - 1)

#define NOVA_PT_ZERO		BIT(0)	/* zero the table through PRAMIN */

/* Default bound of the cache of zeroed tables, per GPU (pt_cache_kib). */
#define NOVA_PT_CACHE_KIB	1024

/**
 * struct nova_pt - The VRAM of one page table.
 * @addr: VRAM address.
 * @size: Bytes.
 * @stat: Accounting slot: the level, or %NOVA_PT_STAT_BIG.
 * @link: On a deferred-free list (nova_pt_defer()).
 * @chunk: The 4 KiB chunk it is sub-allocated from, or NULL.
 * @vram: Its own VRAM, when not sub-allocated.
 * @scrub_start: First byte that may not be zero in VRAM, set when its
 *               shadow goes (nova_pt_scrub_range()); cleared on free.
 * @scrub_end: End of that range (exclusive); @scrub_start when clean.
 * @charge: The counter its @size is charged to while it lives (the page-
 *          table bytes of its address space, nova_node_charge()), or NULL.
 * @known: The owner said what VRAM holds (nova_pt_scrub_range()): zero
 *         outside [@scrub_start, @scrub_end). Only such a table may enter
 *         the cache (DOC: Table cache).
 * @zeroed: Its VRAM was all zero when it was handed out (from the cache,
 *          or %NOVA_PT_ZERO): its owner need not write the zero entries.
 * @epoch: The VRAM epoch it was handed out or last rewritten in
 *         (nova_pt_lost()).
 */
struct nova_pt {
	u64 addr;
	u32 size;
	u16 scrub_start;
	u16 scrub_end;
	u8 stat;
	bool known;
	bool zeroed;
	u32 epoch;
	struct list_head link;
	struct nova_pt_chunk *chunk;
	struct nova_vram_alloc vram;
	atomic64_t *charge;
};

/**
 * struct nova_pt_stats - Page-table memory accounting.
 * @level_bytes: Bytes of tables in use, per level (index %NOVA_PT_STAT_BIG:
 *               big-page tables).
 * @class_bytes: Bytes of tables in use, per size class (64 << index).
 * @tables: Number of tables in use.
 * @chunk_bytes: VRAM held by 4 KiB chunks that small tables are cut from.
 * @vram_bytes: All VRAM held for page tables: whole tables plus chunks.
 */
struct nova_pt_stats {
	u64 level_bytes[NOVA_PT_STATS];
	u64 class_bytes[NOVA_PT_CLASSES];
	u64 tables;
	u64 chunk_bytes;
	u64 vram_bytes;
};

/**
 * struct nova_pt_cache_stats - Accounting of the cache of zeroed tables.
 * @entries: Tables in the cache.
 * @bytes: Their bytes of VRAM.
 * @limit: Its bound in bytes (pt_cache_kib, nova_pt_cache_limit()).
 * @hits: Allocations of a cacheable size served from the cache.
 * @misses: Allocations of a cacheable size that found it empty.
 * @shrunk: Tables it gave back to the VRAM allocator.
 */
struct nova_pt_cache_stats {
	u64 entries;
	u64 bytes;
	u64 limit;
	u64 hits;
	u64 misses;
	u64 shrunk;
};

int nova_pt_slab_init(void);
void nova_pt_slab_fini(void);
int nova_pt_mem_init(struct nova_gpu *gpu);
void nova_pt_mem_fini(struct nova_gpu *gpu);
struct nova_pt *nova_pt_alloc(struct nova_gpu *gpu, u32 size, u8 stat, u32 flags);
void nova_pt_free(struct nova_gpu *gpu, struct nova_pt *pt);
void nova_pt_scrub_range(struct nova_pt *pt, u32 start, u32 end);
void nova_pt_defer(struct list_head *pending, struct nova_pt *pt);
void nova_pt_release(struct nova_gpu *gpu, struct list_head *pending);
void nova_pt_quarantine(struct nova_gpu *gpu, struct list_head *tables, u64 pdb,
			u32 tlb_flags);
void nova_pt_quarantine_retry(struct nova_gpu *gpu);
void nova_pt_stats(struct nova_gpu *gpu, struct nova_pt_stats *out);
void nova_pt_cache_stats(struct nova_gpu *gpu, struct nova_pt_cache_stats *out);
u64 nova_pt_cache_shrink(struct nova_gpu *gpu, u64 bytes);
void nova_pt_cache_limit(struct nova_gpu *gpu, u64 bytes);
int nova_pt_cache_vram_get(struct nova_gpu *gpu, u64 size, u64 align, u32 flags,
			   struct nova_vram_alloc *a);
void nova_pt_mem_lost(struct nova_gpu *gpu);
bool nova_pt_lost(struct nova_gpu *gpu, struct nova_pt *pt);

#endif /* _NOVA_VMM_PT_MEM_H_ */
