/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow nodes: the shadow tree is one node per hardware page table, the
 * CPU's copy of its entries; nothing reads page tables back from VRAM.
 */
#ifndef _NOVA_VMM_NODE_H_
#define _NOVA_VMM_NODE_H_

#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/types.h>

#include "fmt/pt_fmt.h"

struct nova_gpu;
struct nova_pt;

#define NOVA_PT_MAX_QWORDS	512	/* qwords in a 4 KiB table */

/*
 * Nodes of one address space that a walk may leave part written at once:
 * one per level of its path, both page tables under a dual PDE (DOC:
 * Shadow memory; an instrumented make check saw at most 3).
 */
#define NOVA_NODE_DIRT_PATH	(NOVA_PT_LEVELS + 2)
/* More, for the tables a committing batch writes at its end (DOC: Batches). */
#define NOVA_NODE_DIRT_LATER	24
#define NOVA_NODE_DIRT_SLOTS	(NOVA_NODE_DIRT_PATH + NOVA_NODE_DIRT_LATER)

/**
 * struct nova_dirt - What a part-written table owes VRAM, while it does.
 * @dirty: Qwords of &nova_node.e changed and not yet written to VRAM.
 * @hi_dirty: Dirty qwords whose high dword may differ from VRAM's.
 * @live: Dirty qwords whose value in VRAM points somewhere (NOVA_PT_LIVE),
 *        as last written (or read, for a foreign table). A clean qword's
 *        VRAM is &nova_node.e: live if that is.
 *
 * All zero while free.
 */
struct nova_dirt {
	DECLARE_BITMAP(dirty, NOVA_PT_MAX_QWORDS);
	DECLARE_BITMAP(hi_dirty, NOVA_PT_MAX_QWORDS);
	DECLARE_BITMAP(live, NOVA_PT_MAX_QWORDS);
};

/**
 * struct nova_dirt_pool - The &struct nova_dirt of one address space's nodes.
 * @busy: Slots lent to a node.
 * @slot: The slots.
 *
 * Zeroed by its owner's allocation; protected by the address space's
 * page-table lock. A walk writes each table it changes before it leaves it:
 * at most the tables on its path are part written at once.
 */
struct nova_dirt_pool {
	DECLARE_BITMAP(busy, NOVA_NODE_DIRT_SLOTS);
	struct nova_dirt slot[NOVA_NODE_DIRT_SLOTS];
};

/**
 * struct nova_node - Shadow of one hardware page table.
 * @pt: The table's VRAM; NULL for a foreign table.
 * @addr: The table's VRAM address.
 * @e: The table's contents, as written (or about to be written) to VRAM.
 * @orig: Foreign tables: the entries as found; those not zero are not ours.
 * @child: Directories only: the table each qword points at. At the dual
 *         level qword 2i is the big half of entry i, qword 2i + 1 the small.
 * @pool: Where @dirt comes from: its address space's.
 * @dirt: While part of @e is not written yet (and not @all): what VRAM
 *        lacks; NULL otherwise.
 * @link: On an operation's list of prepared tables or, linked, on a
 *        committing batch's list of tables to write; freeing or retiring
 *        the node takes it off.
 * @nq: Qwords in the table.
 * @used: Qwords that are not zero (valid or sparse entries, either half of
 *        a dual PDE); the table is freed when it drops to zero.
 * @level: Its level (0 for both the 4 KiB and the 64 KiB page table).
 * @big: It is a 64 KiB page table.
 * @fresh: Created by the running map and not linked into its parent yet.
 * @foreign: Someone else's table, found when grafting: never freed, and
 *           given back as it was (@orig) when the address space goes.
 * @written: nova_node_flush() wrote (or tried to write) it: its VRAM may
 *           hold entries, zeroed when it is freed (DOC: Scrubbing).
 * @all: The whole table is to be written, none of it live in VRAM (a new
 *       table from the allocator, a restore).
 *
 * Neither @all nor @dirt: VRAM holds @e. Protected by the address space's
 * page-table lock.
 */
struct nova_node {
	struct nova_pt *pt;
	u64 addr;
	u64 *e;
	u64 *orig;
	struct nova_node **child;
	struct nova_dirt_pool *pool;
	struct nova_dirt *dirt;
	struct list_head link;
	u16 nq;
	u16 used;
	u8 level;
	u8 big:1;
	u8 fresh:1;
	u8 foreign:1;
	u8 written:1;
	u8 all:1;
};

int nova_node_slab_init(void);
void nova_node_slab_fini(void);
const struct nova_pt_level *nova_node_desc(const struct nova_pt_fmt *fmt, u8 level, bool big);
u32 nova_node_bytes(const struct nova_pt_fmt *fmt, u8 level, bool big);
void nova_node_charge(struct nova_node *n, atomic64_t *charge);
struct nova_node *nova_node_alloc(struct nova_gpu *gpu, struct nova_dirt_pool *pool,
				  const struct nova_pt_fmt *fmt, u8 level, bool big);
u64 nova_node_sparse(const struct nova_pt_fmt *fmt, const struct nova_node *n, u32 q);
bool nova_node_slot_free(const struct nova_pt_fmt *fmt, const struct nova_node *n, u32 q);
void nova_node_fill_sparse(const struct nova_pt_fmt *fmt, struct nova_node *n);
u64 nova_node_pde(const struct nova_pt_fmt *fmt, const struct nova_node *child);
struct nova_node *nova_node_foreign(struct nova_dirt_pool *pool, const struct nova_pt_fmt *fmt,
				    u8 level, bool big, u64 addr);
void nova_node_free(struct nova_gpu *gpu, struct nova_node *n);
void nova_node_clean(struct nova_node *n);
bool nova_node_maps_nothing(const struct nova_pt_fmt *fmt, const struct nova_node *n);
void nova_node_retire_tree(struct list_head *pending, struct nova_node *n);
void nova_node_retire(struct list_head *pending, struct nova_node *n);
void nova_node_set(struct nova_node *n, u32 q, u64 val);
int nova_node_flush(struct nova_gpu *gpu, struct nova_node *n);
bool nova_dirt_pool_low(const struct nova_dirt_pool *pool);
int nova_node_restore(struct nova_gpu *gpu, struct nova_node *n);

static inline u64 nova_node_qwords(const struct nova_pt_level *l)
{
	return nova_pt_table_size(l) / sizeof(u64);
}

#endif /* _NOVA_VMM_NODE_H_ */
