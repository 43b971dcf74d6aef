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
 */
struct nova_pt {
	u64 addr;
	u32 size;
	u16 scrub_start;
	u16 scrub_end;
	u8 stat;
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

#endif /* _NOVA_VMM_PT_MEM_H_ */
