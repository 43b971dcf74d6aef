/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic range walker over the shadow tree.
 */
#ifndef _NOVA_VMM_WALK_H_
#define _NOVA_VMM_WALK_H_

#include <linux/types.h>

struct nova_pt_fmt;
struct nova_node;
struct nova_walk;

/**
 * struct nova_walk_ops - What a walk does.
 * @dir: Called for each entry of a directory (level >= 1) that the range
 *       touches, with the sub-range [@va, @next) the entry covers. It may
 *       descend with nova_walk() into a child.
 * @leaf: Called once per page table (level 0, 4 KiB or 64 KiB pages) with
 *        the run of @count entries from @idx that the range covers,
 *        starting at @va.
 *
 * Either returns 0 to go on or an errno that ends the walk. A node may be
 * NULL: the table does not exist (yet), for walks that plan.
 */
struct nova_walk_ops {
	int (*dir)(struct nova_walk *w, struct nova_node *node, u8 level,
		   u32 idx, u64 va, u64 next);
	int (*leaf)(struct nova_walk *w, struct nova_node *node, bool big,
		    u32 idx, u32 count, u64 va);
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

int nova_walk(struct nova_walk *w, struct nova_node *node, u8 level, bool big,
	      u64 va, u64 end);

#endif /* _NOVA_VMM_WALK_H_ */
