/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The range walker over the shadow tree: it owns the descent.
 */
#ifndef _NOVA_VMM_WALK_H_
#define _NOVA_VMM_WALK_H_

#include <linux/bits.h>
#include <linux/types.h>

struct nova_pt_fmt;
struct nova_node;
struct nova_walk;

/* ->enter: handled here, do not descend (the walk goes on). */
#define NOVA_WALK_SKIP		1

/* ->route: the halves of a dual PDE the walk descends into. */
#define NOVA_WALK_BIG		BIT(0)
#define NOVA_WALK_SMALL		BIT(1)

/**
 * struct nova_walk_entry - A directory entry the walk visits.
 * @node: The table holding it; NULL if that table does not exist yet (a
 *        plan walks the tables it will create as NULL).
 * @level: The table's level, 1 or above.
 * @idx: The entry's index in @node. At NOVA_PT_DUAL it is a dual PDE whose
 *       qwords are 2 * @idx (the big half) and 2 * @idx + 1 (the small half).
 * @va: Start of the part of the walked range inside the entry.
 * @next: End of that part (exclusive).
 * @child: Above NOVA_PT_DUAL, the table the walk descends into: the walker
 *         loads @node's child (or NULL); ->enter may set another (a new
 *         table) or leave NULL (one a plan will create).
 * @big: At NOVA_PT_DUAL, the 64 KiB page table, loaded and set as @child.
 * @small: At NOVA_PT_DUAL, the 4 KiB page table, loaded and set as @child.
 */
struct nova_walk_entry {
	struct nova_node *node;
	u8 level;
	u32 idx;
	u64 va;
	u64 next;
	struct nova_node *child;
	struct nova_node *big;
	struct nova_node *small;
};

/**
 * struct nova_walk_ops - What a walk does; every callback is optional.
 * @enter: Called for each directory entry the range touches, before the
 *         walk descends. Returns 0 to descend, NOVA_WALK_SKIP when it
 *         handled the entry itself (a huge page, an empty slot), or an
 *         errno that ends the walk. NULL: always descend.
 * @route: At NOVA_PT_DUAL, called for each 64 KiB chunk of [@e->va,
 *         @e->next) in VA order, starting at @va: which halves to descend
 *         into there (NOVA_WALK_BIG, NOVA_WALK_SMALL, both, none), or an
 *         errno. Runs of chunks routed alike reach ->leaf as one call; a
 *         chunk routed to both visits the big table, then the small one,
 *         before the next chunk. NULL: neither half (whole-tree walks, that
 *         work on tables in ->enter and ->leave).
 * @leaf: Called for a run of @count entries from @idx of a page table
 *        (@big: the 64 KiB one), covering VAs from @va; @pt is NULL if the
 *        table does not exist. A run in the big table covers the whole
 *        64 KiB pages the routed chunks touch. Returns 0 or an errno.
 * @leave: Called after the walk descended below an entry (not after
 *         NOVA_WALK_SKIP) with the same @e, the post-descend hook: write a
 *         finished table, link it, unlink an empty one.
 */
struct nova_walk_ops {
	int (*enter)(struct nova_walk *w, struct nova_walk_entry *e);
	int (*route)(struct nova_walk *w, const struct nova_walk_entry *e, u64 va);
	int (*leaf)(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		    u32 count, u64 va);
	int (*leave)(struct nova_walk *w, struct nova_walk_entry *e);
};

/**
 * struct nova_walk - A walk; embed it in the walk's own state.
 * @ops: Callbacks.
 * @fmt: Page-table format.
 */
struct nova_walk {
	const struct nova_walk_ops *ops;
	const struct nova_pt_fmt *fmt;
};

int nova_walk(struct nova_walk *w, struct nova_node *root, u64 va, u64 end);

#endif /* _NOVA_VMM_WALK_H_ */
