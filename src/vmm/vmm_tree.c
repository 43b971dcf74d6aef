// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-tree walks of an address space: teardown, and verify, which compares
 * the tables in VRAM with the shadow tree.
 */
#include <linux/limits.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/pt_mem.h"
#include "mm/node.h"
#include "io/tlb.h"
#include "vmm/vmm_priv.h"
#include "mm/walk.h"

typedef void (*nova_verify_report)(void *ctx, u64 table, u32 q, u64 want, u64 got);

/*
 * Tables verify reads per hold of the page-table lock (review M5): each is
 * up to NOVA_PT_MAX_QWORDS PCIe reads of about a microsecond, so a hold
 * lasts milliseconds, not the whole tree.
 */
#define NOVA_VERIFY_CHUNK	16
/* Returned by a callback that used up its chunk: the walk resumes later. */
#define TREE_YIELD		(-EAGAIN)

/**
 * struct tree_op - A whole-tree walk: teardown or verify.
 * @w: The walk.
 * @vmm: Address space.
 * @pending: Teardown: our tables, freed after the invalidate.
 * @buf: Verify: one table read back from VRAM.
 * @report: Verify: called for each qword that differs, or NULL.
 * @ctx: Passed to @report.
 * @bad: Verify: qwords that differ so far.
 * @err: The first error of a PRAMIN access; it ends a verify.
 * @budget: Verify: tables left to read in this chunk.
 * @resume: Verify: where the next chunk starts: the VA of the entry whose
 *          tables were not read yet.
 * @resume_level: Its level; the entries above it that hold @resume were
 *                entered, and their tables read, in an earlier chunk.
 */
struct tree_op {
	struct nova_walk w;
	struct vmm *vmm;
	struct list_head pending;
	u64 *buf;
	nova_verify_report report;
	void *ctx;
	int bad;
	int err;
	unsigned int budget;
	u64 resume;
	u8 resume_level;
};

/* The qwords of an entry: one, or the two halves of a dual PDE. */
static u32 slots(const struct nova_walk_entry *e, u32 *first)
{
	*first = e->level == NOVA_PT_DUAL ? 2 * e->idx : e->idx;
	return e->level == NOVA_PT_DUAL ? 2 : 1;
}

/* Whole-tree walks descend where a table is. */
static int tree_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	return e->child || e->big || e->small ? 0 : NOVA_WALK_SKIP;
}

/* Give a foreign table back as it was: clear every entry we wrote into it. */
static void teardown_foreign(struct tree_op *op, struct nova_node *n)
{
	u32 q;

	for (q = 0; q < n->nq; q++)
		if (n->e[q] != n->orig[q])
			nova_node_set(n, q, n->orig[q]);
	if (!op->err)
		op->err = nova_node_flush(op->vmm->gpu, n);
	nova_node_free(op->vmm->gpu, n);
}

/* Below the entry everything is gone: free its tables. */
static int teardown_leave(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct tree_op *op = container_of(w, struct tree_op, w);
	struct nova_node *child;
	u32 q, n = slots(e, &q);

	for (; n--; q++) {
		child = e->node->child[q];
		if (!child)
			continue;
		e->node->child[q] = NULL;
		if (child->foreign)
			teardown_foreign(op, child);
		else
			nova_node_retire(&op->pending, child);
	}
	return 0;
}

/*
 * Unlink everything from a root that goes away, before its invalidate: a GPU
 * that walks the PDB once more finds nothing, and the tables hang off no
 * root the invalidate has not seen empty.
 */
static int teardown_root(struct nova_gpu *gpu, struct nova_node *root)
{
	u32 q;

	for (q = 0; q < root->nq; q++)
		if (root->e[q])
			nova_node_set(root, q, 0);
	return nova_node_flush(gpu, root);
}

static const struct nova_walk_ops teardown_ops = {
	.enter = tree_enter,
	.leave = teardown_leave,
};

/**
 * nova_vmm_teardown_locked() - Free every table of an address space.
 * @vmm: Address space, its operation lock held, in use by nobody.
 *
 * The root's entries are cleared first, then the TLB is invalidated
 * (ACK_GLOBALLY) before the tables and the root are freed, a root-only
 * address space too: the GPU may cache its entries.
 * Foreign tables (grafting) get back the entries they had, before the
 * invalidate; only then are ours freed. If the invalidate times out, they
 * are quarantined (nova_pt_quarantine()), never freed or reused until one
 * completes (review H3).
 */
void nova_vmm_teardown_locked(struct vmm *vmm)
{
	struct tree_op op = { .w = { &teardown_ops, vmm->fmt }, .vmm = vmm };
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	INIT_LIST_HEAD(&op.pending);
	mutex_lock(&vmm->lock);
	nova_walk(&op.w, vmm->root, 0, BIT_ULL(vmm->fmt->va_bits));
	list_splice_tail_init(&vmm->stale, &op.pending);
	if (vmm->root->foreign) {
		teardown_foreign(&op, vmm->root);
		vmm->root = NULL;
	}
	ret = vmm->root ? teardown_root(vmm->gpu, vmm->root) : 0;
	if (vmm->root) {
		/*
		 * Cleared before the invalidate: no scrub after it (a store
		 * into a root the invalidate saw empty would undo that).
		 */
		nova_node_clean(vmm->root);
		nova_node_retire(&op.pending, vmm->root);
	}
	vmm->root = NULL;
	if (!ret)
		ret = nova_gpu_gone(vmm->gpu) ? -ENODEV :
		      nova_tlb_invalidate(vmm->gpu, vmm->pdb, vmm->tlb_flags | NOVA_TLB_ACK);
	mutex_unlock(&vmm->lock);
	/* A device that is gone walks nothing. */
	if (ret && ret != -ENODEV)
		nova_pt_quarantine(vmm->gpu, &op.pending, vmm->pdb, vmm->tlb_flags);
	nova_pt_release(vmm->gpu, &op.pending);
}

static void verify_table(struct tree_op *op, struct nova_node *n)
{
	u32 q;

	if (op->err)
		return;
	op->err = nova_pramin_read64(op->vmm->gpu, n->addr, op->buf, n->nq);
	for (q = 0; q < n->nq && !op->err; q++) {
		if (op->buf[q] == n->e[q])
			continue;
		op->bad++;
		if (op->report)
			op->report(op->ctx, n->addr, q, n->e[q], op->buf[q]);
	}
}

/* An entry above the resume point, whose tables an earlier chunk read. */
static bool verify_done(const struct tree_op *op, const struct nova_walk_entry *e)
{
	u8 shift = op->w.fmt->lvl[e->level].shift;

	return e->level > op->resume_level && e->va >> shift == op->resume >> shift;
}

/* Check how the entry links its tables and read them, before descending. */
static int verify_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct tree_op *op = container_of(w, struct tree_op, w);
	struct nova_node *node = e->node, *child;
	u32 q, n = slots(e, &q);

	if (tree_enter(w, e))
		return NOVA_WALK_SKIP;
	if (verify_done(op, e))
		return 0;
	if (!op->budget) {
		op->resume = e->va;
		op->resume_level = e->level;
		return TREE_YIELD;
	}
	op->budget--;
	for (; n-- && !op->err; q++) {
		child = node->child[q];
		if (!child)
			continue;
		/* The shadow must link the child the way the hardware will. */
		if (node->e[q] != nova_node_pde(w->fmt, child) && ++op->bad && op->report)
			op->report(op->ctx, node->addr, q, nova_node_pde(w->fmt, child),
				   node->e[q]);
		verify_table(op, child);
	}
	return op->err;
}

static const struct nova_walk_ops verify_ops = {
	.enter = verify_enter,
};

/* The root, then NOVA_VERIFY_CHUNK tables per hold of the page-table lock. */
static void verify_chunks(struct tree_op *op)
{
	struct vmm *vmm = op->vmm;
	int ret;

	mutex_lock(&vmm->lock);
	verify_table(op, vmm->root);
	mutex_unlock(&vmm->lock);
	op->resume_level = U8_MAX;
	do {
		cond_resched();
		op->budget = NOVA_VERIFY_CHUNK;
		mutex_lock(&vmm->lock);
		ret = op->err ?: nova_walk(&op->w, vmm->root, op->resume,
					   BIT_ULL(vmm->fmt->va_bits));
		mutex_unlock(&vmm->lock);
	} while (ret == TREE_YIELD);
}

/**
 * nova_vmm_verify() - Compare the page tables in VRAM with the shadow tree.
 * @vmm: Address space.
 * @report: Called for each qword that differs (table address, qword index,
 *          the shadow's value, VRAM's value), or NULL.
 * @ctx: Passed to @report.
 *
 * Reads every table through PRAMIN: for tests and debugfs, not hot paths.
 * The page-table lock is held for NOVA_VERIFY_CHUNK tables at a time, never
 * across the whole tree (review M5), with cond_resched() between chunks;
 * each table is read once. A map or unmap between two chunks is seen by the
 * later one only: the result is exact for a tree nobody changes meanwhile.
 *
 * Context: Process context; takes the page-table and PRAMIN locks.
 * Return: The number of differences; -ENOMEM; -ENODEV if the device is gone
 * or was removed.
 */
int nova_vmm_verify(struct vmm *vmm, nova_verify_report report, void *ctx)
{
	struct tree_op op = { .w = { &verify_ops, vmm->fmt }, .vmm = vmm,
			      .report = report, .ctx = ctx };
	int idx;

	op.buf = kmalloc_array(NOVA_PT_MAX_QWORDS, sizeof(u64), GFP_KERNEL);
	if (!op.buf)
		return -ENOMEM;
	op.err = nova_gpu_enter(vmm->gpu, &idx);
	if (!op.err)
		verify_chunks(&op);
	nova_gpu_exit(vmm->gpu, idx);
	kfree(op.buf);
	return op.err ?: op.bad;
}

/* Write the tables on @later, lowest level first, emptying the lists. */
static int flush_lists(struct nova_gpu *gpu, struct list_head *later)
{
	struct nova_node *n, *tmp;
	unsigned int l;
	int ret = 0;

	for (l = 0; l < NOVA_PT_LEVELS; l++) {
		list_for_each_entry_safe(n, tmp, &later[l], link) {
			list_del_init(&n->link);
			if (!ret)
				ret = nova_node_flush(gpu, n);
		}
	}
	return ret;
}

/**
 * nova_vmm_flush_locked() - Write a table the running operation changed.
 * @vmm: Address space.
 * @n: One of its tables, linked (or about to be, for a new one).
 *
 * Now, or, while a batch commits, once at its end
 * (nova_vmm_flush_later_locked()): a table that several steps change, or
 * an entry a step unmaps and a later one maps again, is written once, with
 * its final entries. The GPU sees each entry go from what it was before
 * the batch to what it is after, never through a step's intermediate
 * value, which is all one invalidate for the batch promises anyway. Once
 * the tables waiting hold so many dirt slots that a walk could run short
 * (nova_dirt_pool_low()), they are all written here: lowest level first,
 * as at the end, so it is safe at any point of a walk (the entry that
 * links a table a walk creates is set only as it leaves that table).
 *
 * Context: The page-table lock held; allocates nothing.
 * Return: 0; as nova_node_flush().
 */
int nova_vmm_flush_locked(struct vmm *vmm, struct nova_node *n)
{
	lockdep_assert_held(&vmm->lock);
	if (!vmm->later)
		return nova_node_flush(vmm->gpu, n);
	if (list_empty(&n->link))
		list_add_tail(&n->link, &vmm->later[n->level]);
	if (!nova_dirt_pool_low(&vmm->dirt))
		return 0;
	return flush_lists(vmm->gpu, vmm->later);
}

/**
 * nova_vmm_flush_later_begin_locked() - Defer table writes until the batch ends.
 * @vmm: Address space.
 * @later: NOVA_PT_LEVELS lists, on the committer's stack.
 *
 * Context: The page-table lock held, by a batch's commit.
 */
void nova_vmm_flush_later_begin_locked(struct vmm *vmm, struct list_head *later)
{
	unsigned int l;

	lockdep_assert_held(&vmm->lock);
	for (l = 0; l < NOVA_PT_LEVELS; l++)
		INIT_LIST_HEAD(&later[l]);
	vmm->later = later;
}

/**
 * nova_vmm_flush_later_locked() - Write the tables a batch's steps changed.
 * @vmm: Address space, after nova_vmm_flush_later_begin_locked().
 *
 * Lowest level first: every table is in VRAM before the directory entry
 * that links it (nova_node_flush() orders each path's stores). A table a
 * later step unlinked left the lists when it was retired. Writes table
 * after table until one fails, then only empties the lists.
 *
 * Context: The page-table lock held; allocates nothing.
 * Return: 0; the first error of nova_node_flush().
 */
int nova_vmm_flush_later_locked(struct vmm *vmm)
{
	struct list_head *later = vmm->later;

	lockdep_assert_held(&vmm->lock);
	vmm->later = NULL;
	return later ? flush_lists(vmm->gpu, later) : 0;
}
