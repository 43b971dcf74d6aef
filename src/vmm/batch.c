// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Batches
 *
 * A batch is one &struct vmm_op that carries several steps on one address
 * space (vmm_op_create(), vmm_op_add_map(), vmm_op_add_unmap(),
 * vmm_op_add_protect(), vmm_op_add_sparse()), the shape of a VM_BIND:
 * drm_gpuvm turns a bind into unmaps of what the new range covers, then the
 * map.
 *
 * Steps run in order. Their ranges are disjoint, but for these: a map, a
 * sparse step (either way) may cover what earlier unmap steps of the batch
 * unmap (a remap; unbinding a sparse range), and a map may cover what an
 * earlier step makes sparse (binding inside a sparse range). Such a step is
 * planned at prepare as if the earlier steps were done: what they unmap is
 * no obstacle (&map_op.vacated, &nova_range_op.vacated), so a page of 2 MiB
 * or more may go over tables whose every page is unmapped by an earlier
 * step or not mapped now (the commit replaces them, freed after its
 * invalidate; they count as any unlinked table), a table whose span
 * an earlier step makes sparse whole is gone (&map_op.replaced), and the
 * tables it would need where they leave a huge page, a sparse entry or
 * nothing are counted and allocated. An unmap step does not unlink a table
 * that a map or sparse step of the batch maps into (&nova_range_op.keep),
 * so every table a later step planned on is still there when it runs.
 *
 * The tables prepare allocates are exactly those the commit links, no more
 * (given the tree as it is at prepare and the earlier steps): each map or
 * sparse step is planned with the tables earlier steps create
 * (&nova_plan_set), which it does not count again, with the tables an
 * earlier sparse step replaces counted again, and with the page sizes the
 * batch's own marks allow. Room for a step's tables in the set is made
 * between two plans of it, since the page-table lock is not held across an
 * allocation. Only another operation's commit between prepare and commit
 * can make the count an over-estimate, by creating a table on a shared
 * path first. nova_batch_pool() says how many are left unused.
 *
 * Sparse steps change the sparse marks with their entries (DOC: Sparse
 * marks): prepare builds an overlay of what the batch's sparse steps set
 * and clear, which the map steps' page choice consults, and commit puts it
 * in use before it writes the first step. So an unmap step already sees
 * the marks a later sparse step of the batch sets or clears: in that range
 * the later step rewrites what it left anyway.
 *
 * vmm_op_prepare() reserves the union of the steps' ranges for the batch
 * (DOC: Reserved ranges), checks every step and allocates every table; on
 * failure nothing is changed and nothing is kept. vmm_op_commit() writes
 * every step under the page-table lock, in a DMA-fence signalling section,
 * allocating nothing, each table once, after the last step that changed it
 * (lowest level first: nova_vmm_flush_later_locked()), then issues one TLB
 * invalidate (ACK_GLOBALLY when a
 * step unmaps, protects or replaces a table). vmm_op_free() frees what the
 * steps unlinked, once that invalidate completed, and the unused tables.
 */
#include <linux/dma-fence.h>
#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "io/gpu.h"
#include "io/tlb.h"
#include "mm/node.h"
#include "mm/pt_mem.h"
#include "vmm/vmm_priv.h"

struct nova_batch;

/**
 * struct nova_step - One step of a batch.
 * @b: The batch.
 * @idx: Its position.
 * @op: The step's operation.
 * @va: First VA.
 * @end: End of its range.
 * @kind: What it does (&enum nova_journal_kind).
 */
struct nova_step {
	struct nova_batch *b;
	unsigned int idx;
	struct vmm_op *op;
	u64 va;
	u64 end;
	enum nova_journal_kind kind;
};

/**
 * struct nova_batch - The steps of a batch operation.
 * @vmm: Address space (a reference held).
 * @steps: The steps, in order.
 * @n: Steps added.
 * @cap: Room in @steps.
 * @prepared: vmm_op_prepare() succeeded; no step can be added any more.
 * @committed: vmm_op_commit() ran.
 * @resv: First VA of each range reserved for the batch.
 * @nresv: Ranges in @resv.
 * @pending: Tables the commit unlinked or replaced, freed by vmm_op_free().
 * @marks: The sparse marks the sparse steps set and clear, from prepare
 *         until the commit hands them to the address space; NULL without
 *         sparse steps.
 * @planned: The tables the steps create, while prepare plans them.
 */
struct nova_batch {
	struct vmm *vmm;
	struct nova_step *steps;
	unsigned int n;
	unsigned int cap;
	bool prepared;
	bool committed;
	u64 *resv;
	unsigned int nresv;
	struct list_head pending;
	struct nova_sparse_over *marks;
	struct nova_plan_set planned;
};

static struct nova_batch *batch_of(struct vmm_op *op)
{
	return nova_op_batch(op);
}

/**
 * nova_batch_new() - An empty batch on an address space.
 * @vmm: Address space; the batch holds a reference.
 *
 * Return: The batch operation, or ERR_PTR(-ENOMEM).
 */
struct vmm_op *nova_batch_new(struct vmm *vmm)
{
	struct nova_batch *b = kzalloc(sizeof(*b), GFP_KERNEL);
	struct vmm_op *op = b ? nova_op_batch_new(b) : NULL;

	if (!op) {
		kfree(b);
		return ERR_PTR(-ENOMEM);
	}
	b->vmm = vmm_get(vmm);
	INIT_LIST_HEAD(&b->pending);
	return op;
}

/**
 * nova_batch_vmm() - The address space of a batch.
 * @op: A batch.
 *
 * Return: Its address space.
 */
struct vmm *nova_batch_vmm(struct vmm_op *op)
{
	return batch_of(op)->vmm;
}

static bool overlaps(const struct nova_step *s, u64 va, u64 end)
{
	return s->va < end && va < s->end;
}

/* A step of kind @later may cover what an earlier step of kind @earlier does. */
static bool may_cover(enum nova_journal_kind later, enum nova_journal_kind earlier)
{
	if (earlier == NOVA_JOURNAL_UNMAP)
		return later == NOVA_JOURNAL_MAP || later == NOVA_JOURNAL_SPARSE ||
		       later == NOVA_JOURNAL_UNSPARSE;
	return earlier == NOVA_JOURNAL_SPARSE && later == NOVA_JOURNAL_MAP;
}

/* Only the overlaps may_cover() allows; every other one is refused. */
static int batch_fits(const struct nova_batch *b, u64 va, u64 end,
		      enum nova_journal_kind kind)
{
	unsigned int i;

	for (i = 0; i < b->n; i++)
		if (overlaps(&b->steps[i], va, end) && !may_cover(kind, b->steps[i].kind))
			return -EINVAL;
	return 0;
}

/* A step that writes entries where there were none: a map or making sparse. */
static bool step_fills(const struct nova_step *s)
{
	return s->kind == NOVA_JOURNAL_MAP || s->kind == NOVA_JOURNAL_SPARSE;
}

static int batch_grow(struct nova_batch *b)
{
	unsigned int cap = b->cap ? 2 * b->cap : 4;
	struct nova_step *s;

	if (b->n < b->cap)
		return 0;
	s = krealloc_array(b->steps, cap, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	b->steps = s;
	b->cap = cap;
	return 0;
}

/**
 * nova_batch_add() - Append a step.
 * @op: The batch, not prepared.
 * @step: The step (nova_step_map(), nova_step_range()); taken, freed on failure.
 * @va: Its first VA.
 * @size: Its bytes.
 * @kind: What it does: map, unmap, protect, sparse or unsparse.
 *
 * Return: 0; -EBUSY if the batch is prepared; -EINVAL if the range overlaps
 * an earlier step's other than as DOC: Batches allows; -ENOMEM.
 */
int nova_batch_add(struct vmm_op *op, struct vmm_op *step, u64 va, u64 size,
		   enum nova_journal_kind kind)
{
	struct nova_batch *b = batch_of(op);
	int ret = b->prepared ? -EBUSY : batch_fits(b, va, va + size, kind);

	if (!ret)
		ret = batch_grow(b);
	if (ret) {
		nova_step_free(step);
		return ret;
	}
	b->steps[b->n] = (struct nova_step){ b, b->n, step, va, va + size, kind };
	b->n++;
	return 0;
}

/* A step after which nothing is mapped in its range: an unmap or making sparse. */
static bool step_clears(const struct nova_step *s)
{
	return s->kind == NOVA_JOURNAL_UNMAP || s->kind == NOVA_JOURNAL_SPARSE;
}

/* Earlier unmap or sparse steps cover all of [a, b) (&map_op.vacated). */
static bool batch_vacated(const void *ctx, u64 a, u64 b)
{
	const struct nova_step *s = ctx;
	const struct nova_step *st = s->b->steps;
	unsigned int j;
	bool moved = true;

	while (a < b && moved) {
		moved = false;
		for (j = 0; j < s->idx && !moved; j++)
			if (step_clears(&st[j]) && st[j].va <= a && a < st[j].end) {
				a = st[j].end;
				moved = true;
			}
	}
	return a >= b;
}

/* [a, b) lies inside one earlier step that makes it sparse (&map_op.replaced). */
static bool batch_replaced(const void *ctx, u64 a, u64 b)
{
	const struct nova_step *s = ctx;
	const struct nova_step *st = s->b->steps;
	unsigned int j;

	for (j = 0; j < s->idx; j++)
		if (st[j].kind == NOVA_JOURNAL_SPARSE && st[j].va <= a && b <= st[j].end)
			return true;
	return false;
}

/* A map or sparse step of the batch writes into [a, b) (&nova_range_op.keep). */
static bool batch_keeps(const void *ctx, u64 a, u64 b)
{
	const struct nova_step *s = ctx;
	unsigned int j;

	for (j = 0; j < s->b->n; j++)
		if (step_fills(&s->b->steps[j]) && overlaps(&s->b->steps[j], a, b))
			return true;
	return false;
}

/* The overlay of what the sparse steps set and clear (DOC: Sparse marks). */
static int batch_marks(struct nova_batch *b)
{
	const struct nova_step *s;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < b->n && !ret; i++) {
		s = &b->steps[i];
		if (s->kind == NOVA_JOURNAL_SPARSE || s->kind == NOVA_JOURNAL_UNSPARSE)
			ret = nova_sparse_over_mark(&b->marks, s->va, s->end - s->va,
						    s->kind == NOVA_JOURNAL_SPARSE);
	}
	return ret;
}

static int batch_step_prepare(struct nova_batch *b, struct nova_step *s)
{
	const struct nova_step_env env = {
		.owner = b, .vacated = batch_vacated, .replaced = batch_replaced,
		.keep = batch_keeps, .marks = nova_sparse_over_tree(b->marks),
		.planned = &b->planned, .ctx = s,
	};

	return nova_step_prepare(s->op, &env);
}

static int range_cmp(const void *x, const void *y)
{
	const u64 *a = x, *b = y;

	return *a < *b ? -1 : *a > *b;
}

static void batch_unreserve(struct nova_batch *b)
{
	while (b->nresv)
		nova_vmm_unreserve(b->vmm, b->resv[--b->nresv]);
	kfree(b->resv);
	b->resv = NULL;
}

/* Reserve the union of the steps' ranges, for the batch. */
static int batch_reserve(struct nova_batch *b)
{
	u64 (*r)[2] = kmalloc_array(b->n, sizeof(*r), GFP_KERNEL);
	unsigned int i;
	u64 va, end;
	int ret = 0;

	b->resv = kmalloc_array(b->n, sizeof(*b->resv), GFP_KERNEL);
	if (!r || !b->resv) {
		kfree(r);
		return -ENOMEM;
	}
	for (i = 0; i < b->n; i++) {
		r[i][0] = b->steps[i].va;
		r[i][1] = b->steps[i].end;
	}
	sort(r, b->n, sizeof(*r), range_cmp, NULL);
	for (i = 0; i < b->n && !ret;) {
		va = r[i][0];
		for (end = r[i][1]; ++i < b->n && r[i][0] < end;)
			end = max(end, r[i][1]);
		ret = nova_vmm_reserve(b->vmm, va, end, b);
		if (!ret)
			b->resv[b->nresv++] = va;
	}
	kfree(r);
	return ret;
}

/* A failed prepare: give back the reservation and every table allocated. */
static void batch_unprepare(struct nova_batch *b)
{
	unsigned int i;

	lockdep_assert_held(&b->vmm->op_lock);
	batch_unreserve(b);
	for (i = 0; i < b->n; i++)
		nova_step_unprepare(b->steps[i].op);
	nova_sparse_over_free(b->marks);
	b->marks = NULL;
}

/**
 * nova_batch_prepare() - vmm_op_prepare() of a batch.
 * @op: The batch.
 *
 * Return: 0; -EINVAL if empty or prepared already; a step's prepare error,
 * nothing changed.
 */
int nova_batch_prepare(struct vmm_op *op)
{
	struct nova_batch *b = batch_of(op);
	struct vmm *vmm = b->vmm;
	unsigned int i;
	int ret;

	if (!b->n || b->prepared)
		return -EINVAL;
	mutex_lock(&vmm->op_lock);
	ret = batch_reserve(b) ?: batch_marks(b);
	for (i = 0; !ret && i < b->n; i++)
		ret = batch_step_prepare(b, &b->steps[i]);
	kfree(b->planned.t);
	b->planned = (struct nova_plan_set){};
	if (ret)
		batch_unprepare(b);
	mutex_unlock(&vmm->op_lock);
	b->prepared = !ret;
	return ret;
}

static u32 batch_tlb_flags(const struct nova_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++)
		if (!step_fills(&b->steps[i]))
			return NOVA_TLB_ACK;
	return 0;
}

/*
 * Every step, each table written once after the last step that changed it,
 * then one invalidate; under the page-table lock.
 */
static int batch_apply_locked(struct nova_batch *b)
{
	struct list_head later[NOVA_PT_LEVELS];
	struct vmm *vmm = b->vmm;
	unsigned int i;
	int ret = 0, err;

	lockdep_assert_held(&vmm->lock);
	if (b->marks)
		nova_sparse_publish_locked(vmm, b->marks);
	b->marks = NULL;
	nova_vmm_flush_later_begin_locked(vmm, later);
	for (i = 0; i < b->n && !ret; i++)
		ret = nova_step_apply_locked(b->steps[i].op, &b->pending);
	err = nova_vmm_flush_later_locked(vmm);
	ret = ret ?: err;
	if (ret) {
		/* Not invalidated: park what was unlinked, as a timeout does. */
		list_splice_tail_init(&b->pending, &vmm->stale);
		return ret;
	}
	return nova_vmm_invalidate_locked(vmm, &b->pending, batch_tlb_flags(b));
}

/**
 * nova_batch_commit() - vmm_op_commit() of a batch.
 * @op: The batch, prepared.
 *
 * Return: 0; -EINVAL if not prepared or committed already; -EIO after a
 * PCI error (nothing written); -ETIMEDOUT or -ENODEV from the TLB
 * invalidate (the entries are written).
 */
int nova_batch_commit(struct vmm_op *op)
{
	struct nova_batch *b = batch_of(op);
	struct vmm *vmm = b->vmm;
	unsigned int i;
	bool cookie;
	int idx, ret;

	if (!b->prepared || b->committed)
		return -EINVAL;
	b->committed = true;
	/* Waits out a sleep or reset, as nova_op_commit() does. */
	ret = nova_gpu_enter(vmm->gpu, &idx);
	if (!ret) {
		cookie = dma_fence_begin_signalling();
		mutex_lock(&vmm->lock);
		ret = batch_apply_locked(b);
		mutex_unlock(&vmm->lock);
		dma_fence_end_signalling(cookie);
	}
	nova_gpu_exit(vmm->gpu, idx);
	for (i = 0; i < b->n; i++)
		nova_step_journal(b->steps[i].op, b->steps[i].kind, ret);
	return ret;
}

/**
 * nova_batch_pool() - Tables a batch's steps allocated and have not used.
 * @op: A batch.
 *
 * After vmm_op_prepare(), every table the commit may need; after
 * vmm_op_commit(), those it did not need (none: the count is exact).
 *
 * Return: How many.
 */
unsigned int nova_batch_pool(struct vmm_op *op)
{
	struct nova_batch *b = batch_of(op);
	unsigned int i, n = 0;

	for (i = 0; i < b->n; i++)
		n += nova_step_pool(b->steps[i].op);
	return n;
}

/**
 * nova_batch_free() - vmm_op_free() of a batch.
 * @op: The batch.
 *
 * Context: Process context; may sleep.
 */
void nova_batch_free(struct vmm_op *op)
{
	struct nova_batch *b = batch_of(op);
	struct vmm *vmm = b->vmm;
	unsigned int i;

	mutex_lock(&vmm->op_lock);
	batch_unreserve(b);
	for (i = 0; i < b->n; i++)
		nova_step_free(b->steps[i].op);
	mutex_unlock(&vmm->op_lock);
	nova_sparse_over_free(b->marks);
	nova_pt_release(vmm->gpu, &b->pending);
	kfree(b->steps);
	kfree(b);
	kfree(op);
	/* vmm_get() took no reference on a BAR address space; vmm_put() would warn. */
	if (!(vmm->tlb_flags & NOVA_TLB_HUB_ONLY))
		vmm_put(vmm);
}
