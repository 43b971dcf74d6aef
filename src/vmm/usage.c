// SPDX-License-Identifier: GPL-2.0
/*
 * VA use of an address space, from the CPU's copy of its tables (no MMIO):
 * bytes mapped and the largest free extent, for BAR1 usage in debugfs.
 */
#include <linux/minmax.h>

#include "mm/node.h"
#include "mm/walk.h"
#include "vmm/usage.h"
#include "vmm/vmm_priv.h"

/**
 * struct usage_op - The walk that counts.
 * @w: The walk.
 * @u: The result so far.
 * @free: First VA after the last mapped page seen (start of the current gap).
 */
struct usage_op {
	struct nova_walk w;
	struct nova_vmm_usage *u;
	u64 free;
};

/* One page of @page bytes at @va, entry @entry: count it if it maps. */
static void usage_page(struct usage_op *d, u64 va, u64 page, u64 entry, enum nova_slot slot)
{
	struct nova_entry e;

	d->w.fmt->decode(entry, slot, &e);
	if (e.type != NOVA_ENTRY_PTE)
		return;
	d->u->largest_free = max(d->u->largest_free, va - d->free);
	d->u->used += page;
	d->free = va + page;
}

/* A page at the entry itself (huge, 2 MiB), or descend; as the MMU resolves it. */
static int usage_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct usage_op *d = container_of(w, struct usage_op, w);
	const struct nova_pt_fmt *fmt = w->fmt;
	u64 pde;

	if (e->level != NOVA_PT_DUAL) {
		if (e->child)
			return 0;
		usage_page(d, e->va, BIT_ULL(fmt->lvl[e->level].shift), e->node->e[e->idx],
			   NOVA_SLOT_PDE);
		return NOVA_WALK_SKIP;
	}
	pde = e->node->e[2 * e->idx];
	if (e->big || !pde || (pde == fmt->sparse_big && e->small))
		return 0;
	usage_page(d, e->va, BIT_ULL(fmt->lvl[NOVA_PT_DUAL].shift), pde, NOVA_SLOT_BIG);
	return NOVA_WALK_SKIP;
}

/* A zero 64 KiB PTE defers to the 4 KiB table. */
static int usage_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	const struct nova_node *big = e->big;

	return big && big->e[nova_pt_index(&w->fmt->big, va)] ? NOVA_WALK_BIG : NOVA_WALK_SMALL;
}

static int usage_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx, u32 count,
		      u64 va)
{
	struct usage_op *d = container_of(w, struct usage_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift);
	u32 i;

	for (i = 0; pt && i < count; i++)
		usage_page(d, va + i * size, size, pt->e[idx + i], NOVA_SLOT_PTE);
	return 0;
}

static const struct nova_walk_ops usage_ops = {
	.enter = usage_enter,
	.route = usage_route,
	.leaf = usage_leaf,
};

/**
 * nova_vmm_usage() - How much of an address space's VA is mapped.
 * @vmm: Address space.
 * @u: Filled in: total, used and the largest free extent, in bytes.
 *
 * Walks the shadow tree under the page-table lock; reads no VRAM.
 *
 * Context: Process context; takes @vmm->lock.
 */
void nova_vmm_usage(struct vmm *vmm, struct nova_vmm_usage *u)
{
	struct usage_op d = { .w = { &usage_ops, vmm->fmt }, .u = u, .free = vmm->va_start };

	*u = (struct nova_vmm_usage){ .total = vmm->va_end - vmm->va_start };
	mutex_lock(&vmm->lock);
	nova_walk(&d.w, vmm->root, vmm->va_start, vmm->va_end);
	mutex_unlock(&vmm->lock);
	u->largest_free = max(u->largest_free, vmm->va_end - d.free);
}
