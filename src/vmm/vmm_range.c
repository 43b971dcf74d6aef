// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Unmap and protect
 *
 * Both walk the mapped pages of a range twice under the page-table lock:
 * a check pass (every page mapped, else -ENOENT; no page cut by the range,
 * else -EINVAL: pages are never split) that changes nothing, then a commit
 * pass. Unmap clears the entries, unlinks the tables left empty and puts
 * them on a list that is freed once the TLB invalidate (ACK_GLOBALLY)
 * completed; a table whose span overlaps a range another operation
 * reserved (DOC: Reserved ranges) stays linked, so that the operation finds
 * the tables it planned with. Protect rewrites each PTE with the new permissions, keeping
 * address, aperture, kind and caching.
 */
#include <linux/align.h>
#include <linux/lockdep.h>
#include <linux/maple_tree.h>
#include <linux/minmax.h>
#include <linux/sizes.h>

#include "io/gpu.h"
#include "mm/pt_mem.h"
#include "mm/node.h"
#include "io/tlb.h"
#include "io/trace.h"
#include "vmm/vmm_priv.h"
#include "mm/walk.h"

#define PROTECT_FLAGS	(NOVA_PTE_READ_ONLY | NOVA_PTE_PRIVILEGED | NOVA_PTE_NO_ATOMIC)

static void range_apply(struct nova_range_op *op, struct nova_node *node, u32 q,
			enum nova_slot slot, u64 va)
{
	struct nova_entry e;

	switch (op->mode) {
	case NOVA_RANGE_PROTECT:
		op->w.fmt->decode(node->e[q], slot, &e);
		e.flags = (e.flags & ~PROTECT_FLAGS) | op->pte_flags;
		nova_node_set(node, q, op->w.fmt->pte(&e));
		break;
	case NOVA_RANGE_UNMAP:
		/* Unmapped inside a sparse range: sparse again. */
		nova_node_set(node, q, nova_sparse_at(op->vmm, NULL, va) ?
				       nova_node_sparse(op->w.fmt, node, q) : 0);
		break;
	case NOVA_RANGE_UNSPARSE:
		if (node->e[q])
			nova_node_set(node, q, 0);
		break;
	}
}

/*
 * Whether an entry, the page [va, va + size), is what the operation works
 * on: 0, or an errno.
 */
static int range_want(struct nova_range_op *op, const struct nova_node *node, u32 q,
		      enum nova_slot slot, u64 va, u64 size)
{
	struct nova_entry e;

	/* Entries of a foreign table that were there when grafting are not ours. */
	if (node->orig && node->orig[q])
		return -EACCES;
	op->w.fmt->decode(node->e[q], slot, &e);
	if (op->mode != NOVA_RANGE_UNSPARSE)
		return e.type == NOVA_ENTRY_PTE ? 0 : -ENOENT;
	/* A page earlier steps of the batch unmap is no obstacle. */
	if (e.type == NOVA_ENTRY_PTE && !(op->vacated && op->vacated(op->keep_ctx, va, va + size)))
		return -EBUSY;
	return 0;
}

/* A table below @e that another operation's reserved range may still need. */
static bool range_table_busy(struct nova_range_op *op, const struct nova_walk_entry *e)
{
	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift), start = ALIGN_DOWN(e->va, span);

	return nova_vmm_busy(op->vmm, start, start + span, op->owner) ||
	       (op->keep && op->keep(op->keep_ctx, start, start + span));
}

/* Write a table below @e (qword @q), or unlink it if it is left empty. */
static int range_finish(struct nova_range_op *op, const struct nova_walk_entry *e, u32 q,
			struct nova_node *child)
{
	struct nova_node *node = e->node;

	if (!child)
		return 0;
	if (op->mode == NOVA_RANGE_PROTECT || child->used || child->foreign ||
	    range_table_busy(op, e))
		return nova_vmm_flush_locked(op->vmm, child);
	node->child[q] = NULL;
	nova_node_set(node, q, 0);
	nova_node_retire(&op->pending, child);
	return 0;
}

/* The qword of a page at @e itself, and how to read it. */
static u32 huge_qword(const struct nova_walk_entry *e, enum nova_slot *slot)
{
	bool dual = e->level == NOVA_PT_DUAL;

	*slot = dual ? NOVA_SLOT_BIG : NOVA_SLOT_PDE;
	return dual ? 2 * e->idx : e->idx;
}

/* A huge page at @e; [va, next) must be all of it. */
static int check_huge(struct nova_range_op *op, const struct nova_walk_entry *e)
{
	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift);
	enum nova_slot slot;
	u32 q = huge_qword(e, &slot);
	int ret = range_want(op, e->node, q, slot, ALIGN_DOWN(e->va, span), span);

	if (ret)
		return ret;
	if (e->node->e[q] && (!IS_ALIGNED(e->va, span) || e->next - e->va != span))
		return -EINVAL;
	return 0;
}

static void commit_huge(struct nova_range_op *op, const struct nova_walk_entry *e)
{
	enum nova_slot slot;
	u32 q = huge_qword(e, &slot);

	range_apply(op, e->node, q, slot, e->va);
}

/* A dual PDE holding a 2 MiB page (not a sparse big half). */
static bool dual_page(const struct nova_range_op *op, const struct nova_walk_entry *e)
{
	u64 pde = e->node->e[2 * e->idx];

	return !e->big && pde && pde != op->w.fmt->sparse_big;
}

/* Clearing sparse: the sparse big half first, then what is below. */
static bool dual_unsparse(const struct nova_range_op *op, const struct nova_walk_entry *e)
{
	return !e->big && e->node->e[2 * e->idx] == op->w.fmt->sparse_big &&
	       op->mode == NOVA_RANGE_UNSPARSE;
}

static int check_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);

	if (e->level == NOVA_PT_DUAL && !dual_page(op, e))
		return dual_unsparse(op, e) ? check_huge(op, e) : 0;
	if (e->level != NOVA_PT_DUAL && e->child)
		return 0;
	return check_huge(op, e) ?: NOVA_WALK_SKIP;
}

static int commit_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);

	if (e->level == NOVA_PT_DUAL && !dual_page(op, e)) {
		if (dual_unsparse(op, e))
			commit_huge(op, e);
		return 0;
	}
	if (e->level != NOVA_PT_DUAL && e->child)
		return 0;
	commit_huge(op, e);
	return NOVA_WALK_SKIP;
}

/*
 * A valid 64 KiB PTE decides its chunk, which the range must cover whole;
 * clearing sparse clears the 4 KiB table below it too.
 */
static int range_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);
	u64 chunk = BIT_ULL(w->fmt->big.shift), c = ALIGN_DOWN(va, chunk);

	if (!e->big || !e->big->e[nova_pt_index(&w->fmt->big, c)])
		return NOVA_WALK_SMALL;
	if (va != c || e->next < c + chunk)
		return -EINVAL;
	if (op->mode != NOVA_RANGE_UNSPARSE)
		return NOVA_WALK_BIG;
	return NOVA_WALK_BIG | NOVA_WALK_SMALL;
}

static int check_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		      u32 count, u64 va)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift);
	u32 i;
	int ret;

	if (!pt)
		return op->mode == NOVA_RANGE_UNSPARSE ? 0 : -ENOENT;
	for (i = idx; i < idx + count; i++) {
		ret = range_want(op, pt, i, NOVA_SLOT_PTE,
				 ALIGN_DOWN(va, size) + (u64)(i - idx) * size, size);
		if (ret)
			return ret;
	}
	return 0;
}

static int commit_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		       u32 count, u64 va)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift);
	u32 i;

	for (i = 0; pt && i < count; i++)
		range_apply(op, pt, idx + i, NOVA_SLOT_PTE, va + i * size);
	return 0;
}

/* Write the tables below the entry, or unlink those left empty. */
static int commit_leave(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct nova_range_op *op = container_of(w, struct nova_range_op, w);
	int ret;

	if (e->level != NOVA_PT_DUAL)
		return range_finish(op, e, e->idx, e->child);
	ret = range_finish(op, e, 2 * e->idx, e->big);
	return ret ?: range_finish(op, e, 2 * e->idx + 1, e->small);
}

static const struct nova_walk_ops range_check_ops = {
	.enter = check_enter,
	.route = range_route,
	.leaf = check_leaf,
};

static const struct nova_walk_ops range_commit_ops = {
	.enter = commit_enter,
	.route = range_route,
	.leaf = commit_leaf,
	.leave = commit_leave,
};

/**
 * nova_range_op_init() - Set up an unmap, protect or sparse clear.
 * @op: The operation.
 * @vmm: Address space.
 * @va: First VA.
 * @size: Bytes.
 * @mode: Unmap, protect, or clear sparse.
 * @pte_flags: To protect, the NOVA_PTE_READ_ONLY, _PRIVILEGED and
 *             _NO_ATOMIC the pages get.
 */
void nova_range_op_init(struct nova_range_op *op, struct vmm *vmm, u64 va, u64 size,
			enum nova_range_mode mode, u32 pte_flags)
{
	*op = (struct nova_range_op){ .w = { &range_check_ops, vmm->fmt }, .vmm = vmm, .va = va,
				      .end = va + size, .mode = mode,
				      .pte_flags = pte_flags & PROTECT_FLAGS };
	op->owner = op;
	INIT_LIST_HEAD(&op->pending);
}

/**
 * nova_range_check_locked() - The check pass: changes nothing.
 * @op: The operation; its address space's page-table lock held.
 *
 * Return: 0; -EBUSY if another operation reserved part of the range;
 * -ENOENT if a page in the range is not mapped; -EINVAL if the range cuts a
 * page.
 */
int nova_range_check_locked(struct nova_range_op *op)
{
	struct vmm *vmm = op->vmm;

	lockdep_assert_held(&vmm->lock);
	if (nova_vmm_busy(vmm, op->va, op->end, op->owner))
		return -EBUSY;
	op->w.ops = &range_check_ops;
	return nova_walk(&op->w, vmm->root, op->va, op->end);
}

/**
 * nova_vmm_invalidate_locked() - Invalidate after a commit; settle unlinked tables.
 * @vmm: Address space.
 * @unlinked: Tables the commit unlinked, freed by the caller afterwards.
 * @flags: NOVA_TLB_* on top of the address space's own; NOVA_TLB_ACK is
 *         added whenever @unlinked is not empty.
 *
 * The GPU may still walk a table unlinked before an invalidate that timed
 * out: such tables move to &vmm.stale. An invalidate of the same PDB that
 * completes drops everything cached for it, so the stale tables then join
 * @unlinked, to be freed with it. An invalidate refused with -EIO (MMIO off:
 * a PCI error, DOC: Power and errors) is treated as one that timed out: the
 * restore's invalidates free them.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ETIMEDOUT, -ENODEV or -EIO from nova_tlb_invalidate().
 */
int nova_vmm_invalidate_locked(struct vmm *vmm, struct list_head *unlinked, u32 flags)
{
	int ret;

	lockdep_assert_held(&vmm->lock);
	if (!list_empty(unlinked))
		flags |= NOVA_TLB_ACK;
	ret = nova_tlb_invalidate(vmm->gpu, vmm->pdb, vmm->tlb_flags | flags);
	if (ret == -ETIMEDOUT || ret == -EIO)
		list_splice_tail_init(unlinked, &vmm->stale);
	else if (!ret)
		list_splice_tail_init(&vmm->stale, unlinked);
	return ret;
}

/**
 * nova_range_apply_locked() - The commit pass, without the TLB invalidate.
 * @op: A checked operation; its address space's page-table lock held.
 *
 * Allocates nothing. Tables unlinked wait on @op->pending until an
 * invalidate with ACK_GLOBALLY completes.
 *
 * Return: 0; -ENODEV if the device is gone.
 */
int nova_range_apply_locked(struct nova_range_op *op)
{
	struct vmm *vmm = op->vmm;
	int ret;

	lockdep_assert_held(&vmm->lock);
	op->w.ops = &range_commit_ops;
	ret = nova_walk(&op->w, vmm->root, op->va, op->end);
	return ret ?: nova_vmm_flush_locked(vmm, vmm->root);
}

/**
 * nova_range_commit_locked() - The commit pass, then the TLB invalidate.
 * @op: A checked operation; its address space's page-table lock held.
 *
 * Allocates nothing. Tables unlinked wait on @op->pending; see
 * nova_range_op_fini().
 *
 * Return: 0; -ETIMEDOUT or -ENODEV from the TLB invalidate.
 */
int nova_range_commit_locked(struct nova_range_op *op)
{
	int ret = nova_range_apply_locked(op);

	return ret ?: nova_vmm_invalidate_locked(op->vmm, &op->pending, NOVA_TLB_ACK);
}

/**
 * nova_range_op_fini() - Free the tables an unmap unlinked.
 * @op: The operation, committed (the invalidate completed) or not.
 *
 * Context: Process context; takes the page-table memory lock: not for a
 * DMA-fence signalling path.
 */
void nova_range_op_fini(struct nova_range_op *op)
{
	nova_pt_release(op->vmm->gpu, &op->pending);
}

static enum nova_journal_kind range_kind(enum nova_range_mode mode)
{
	return mode == NOVA_RANGE_UNMAP ? NOVA_JOURNAL_UNMAP :
	       mode == NOVA_RANGE_PROTECT ? NOVA_JOURNAL_PROTECT : NOVA_JOURNAL_UNSPARSE;
}

/**
 * nova_vmm_range_locked() - Unmap, protect or clear sparse; the arguments are checked.
 * @vmm: Address space, its operation lock held.
 * @va: First VA.
 * @size: Bytes.
 * @mode: What to do.
 * @pte_flags: To protect, the new NOVA_PTE_* permissions.
 *
 * Clearing a sparse range unmarks it in &vmm.sparse under the page-table
 * lock, with its entries, once they are written (and the TLB invalidate
 * completed or timed out); a call that fails otherwise leaves the marks.
 *
 * Return: As vmm_unmap(); -EBUSY (clear) if a page is mapped; -ENOMEM.
 */
int nova_vmm_range_locked(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			  u32 pte_flags)
{
	bool unsparse = mode == NOVA_RANGE_UNSPARSE;
	struct nova_range_op op;
	int ret = 0;

	lockdep_assert_held(&vmm->op_lock);
	nova_range_op_init(&op, vmm, va, size, mode, pte_flags);
	if (unsparse)
		ret = nova_sparse_prepare(vmm, va, size, false);
	if (!ret) {
		mutex_lock(&vmm->lock);
		ret = nova_range_check_locked(&op) ?: nova_range_commit_locked(&op);
		if (unsparse && (!ret || ret == -ETIMEDOUT))
			nova_sparse_switch_locked(vmm);
		mutex_unlock(&vmm->lock);
	}
	nova_range_op_fini(&op);
	if (unsparse)
		nova_sparse_discard(vmm);
	nova_journal_add(&vmm->journal, range_kind(mode), va, size, 0, ret, false);
	if (mode == NOVA_RANGE_UNMAP)
		trace_nova_vmm_unmap(vmm->pdb, va, size, ret);
	return ret;
}
