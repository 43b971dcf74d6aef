// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Sparse marks
 *
 * The sparse marks of an address space say which VA ranges vmm_sparse() or
 * a sparse step of a batch made sparse. They are a base maple tree
 * (&vmm.sparse) under a list of overlays (&vmm.sparse_over), newest last.
 *
 * A vmm_sparse() call builds the next base in the spare tree, under the
 * operation lock: a copy of the base, every overlay folded in, and its
 * change; nova_sparse_switch_locked() puts it in use with the entries and
 * drops the overlays it folded (DOC: Locking in vmm.c). The base in use is
 * never changed in place.
 *
 * A batch cannot do that in its commit, which allocates nothing and may run
 * while another batch is prepared: its prepare builds an overlay of its
 * sparse steps' ranges (%NOVA_SPARSE_MARK where a step makes the range
 * sparse, %NOVA_SPARSE_CLEAR where one clears it), and its commit appends it
 * to &vmm.sparse_over, under the page-table lock, before it writes the
 * entries. A VA's mark is that of the newest overlay holding it, else the
 * base's. The next vmm_sparse() call folds the overlays into the base.
 */
#include <linux/lockdep.h>
#include <linux/maple_tree.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "mm/vram.h"
#include "vmm/vmm_priv.h"

/**
 * struct nova_sparse_over - The sparse marks a committed batch changed.
 * @link: On &vmm.sparse_over, newest last.
 * @t: %NOVA_SPARSE_MARK or %NOVA_SPARSE_CLEAR over each range a sparse step
 *     of the batch set or cleared; nothing elsewhere.
 */
struct nova_sparse_over {
	struct list_head link;
	struct maple_tree t;
};

/* The sparse tree not in use. */
static struct maple_tree *sparse_spare(struct vmm *vmm)
{
	return &vmm->sparse_tree[vmm->sparse == &vmm->sparse_tree[0]];
}

/* Store every range of @src into @dst: marked where @src marks, unmarked where it clears. */
static int sparse_copy(struct maple_tree *dst, struct maple_tree *src)
{
	MA_STATE(mas, src, 0, 0);
	unsigned long first, last;
	void *entry;
	int ret = 0;

	while (!ret) {
		rcu_read_lock();
		entry = mas_find(&mas, ULONG_MAX);
		first = mas.index;
		last = mas.last;
		mas_pause(&mas);
		rcu_read_unlock();
		if (!entry)
			break;
		ret = nova_fail_alloc(0) ? -ENOMEM :
		      mtree_store_range(dst, first, last,
					entry == NOVA_SPARSE_MARK ? entry : NULL, GFP_KERNEL);
	}
	return ret;
}

/**
 * nova_sparse_init() - No VA is sparse.
 * @vmm: A new address space.
 */
void nova_sparse_init(struct vmm *vmm)
{
	mt_init(&vmm->sparse_tree[0]);
	mt_init(&vmm->sparse_tree[1]);
	vmm->sparse = &vmm->sparse_tree[0];
	INIT_LIST_HEAD(&vmm->sparse_over);
	INIT_LIST_HEAD(&vmm->sparse_dead);
	vmm->sparse_fold = NULL;
}

/**
 * nova_sparse_over_free() - Free an overlay not on &vmm.sparse_over.
 * @o: The overlay, or NULL.
 */
void nova_sparse_over_free(struct nova_sparse_over *o)
{
	if (!o)
		return;
	mtree_destroy(&o->t);
	kfree(o);
}

static void sparse_free_list(struct list_head *list)
{
	struct nova_sparse_over *o, *tmp;

	list_for_each_entry_safe(o, tmp, list, link) {
		list_del(&o->link);
		nova_sparse_over_free(o);
	}
}

/**
 * nova_sparse_fini() - Free every mark of an address space going away.
 * @vmm: The address space; nothing else uses it.
 */
void nova_sparse_fini(struct vmm *vmm)
{
	mtree_destroy(&vmm->sparse_tree[0]);
	mtree_destroy(&vmm->sparse_tree[1]);
	sparse_free_list(&vmm->sparse_over);
	sparse_free_list(&vmm->sparse_dead);
}

/**
 * nova_sparse_over_mark() - Record a sparse step in a batch's overlay.
 * @po: The overlay, allocated on first use.
 * @va: First VA of the step's range.
 * @size: Bytes.
 * @set: The step makes the range sparse, or clears it.
 *
 * Return: 0 or -ENOMEM (*@po may then be allocated: free it).
 */
int nova_sparse_over_mark(struct nova_sparse_over **po, u64 va, u64 size, bool set)
{
	if (!*po) {
		*po = nova_fail_alloc(sizeof(**po)) ? NULL : kzalloc(sizeof(**po), GFP_KERNEL);
		if (!*po)
			return -ENOMEM;
		mt_init(&(*po)->t);
	}
	return nova_fail_alloc(0) ? -ENOMEM :
	       mtree_store_range(&(*po)->t, va, va + size - 1,
				 set ? NOVA_SPARSE_MARK : NOVA_SPARSE_CLEAR, GFP_KERNEL);
}

/**
 * nova_sparse_over_tree() - The marks of an overlay, for a plan to consult.
 * @o: The overlay, or NULL.
 *
 * Return: Its tree, or NULL.
 */
struct maple_tree *nova_sparse_over_tree(struct nova_sparse_over *o)
{
	return o ? &o->t : NULL;
}

/**
 * nova_sparse_publish_locked() - Put a committed batch's marks in use.
 * @vmm: Address space, its page-table lock held.
 * @o: The batch's overlay; owned by @vmm from now on.
 *
 * Allocates nothing.
 */
void nova_sparse_publish_locked(struct vmm *vmm, struct nova_sparse_over *o)
{
	lockdep_assert_held(&vmm->lock);
	list_add_tail(&o->link, &vmm->sparse_over);
}

/**
 * nova_sparse_at() - Is a VA marked sparse?
 * @vmm: Address space, its page-table lock held.
 * @extra: Marks newer than every overlay (a batch being prepared), or NULL.
 * @va: The VA.
 *
 * Return: true if the newest marks holding @va make it sparse.
 */
bool nova_sparse_at(struct vmm *vmm, struct maple_tree *extra, u64 va)
{
	struct nova_sparse_over *o;
	void *v = extra ? mtree_load(extra, va) : NULL;

	lockdep_assert_held(&vmm->lock);
	if (v)
		return v == NOVA_SPARSE_MARK;
	list_for_each_entry_reverse(o, &vmm->sparse_over, link) {
		v = mtree_load(&o->t, va);
		if (v)
			return v == NOVA_SPARSE_MARK;
	}
	return mtree_load(vmm->sparse, va);
}

/* Every edge of an entry of @t inside (a, b) keeps the mark @v. */
static bool sparse_edges_agree(struct vmm *vmm, struct maple_tree *extra,
			       struct maple_tree *t, u64 a, u64 b, bool v)
{
	MA_STATE(mas, t, a, a);
	unsigned long lo, hi;
	bool ok = true;
	void *entry;

	while (ok) {
		rcu_read_lock();
		entry = mas_find(&mas, b - 1);
		lo = mas.index;
		hi = mas.last;
		mas_pause(&mas);
		rcu_read_unlock();
		if (!entry)
			break;
		ok = (lo <= a || nova_sparse_at(vmm, extra, lo) == v) &&
		     (hi >= b - 1 || nova_sparse_at(vmm, extra, hi + 1) == v);
	}
	return ok;
}

/**
 * nova_sparse_uniform() - Is a VA range all sparse or all not?
 * @vmm: Address space, its page-table lock held.
 * @extra: As for nova_sparse_at().
 * @a: First VA.
 * @b: End (exclusive).
 *
 * The marks can only change at an edge of some entry of the base, an
 * overlay or @extra: each edge inside the range is checked.
 *
 * Return: true if every VA of [@a, @b) has the mark of @a.
 */
bool nova_sparse_uniform(struct vmm *vmm, struct maple_tree *extra, u64 a, u64 b)
{
	struct nova_sparse_over *o;
	bool v;

	lockdep_assert_held(&vmm->lock);
	if (!extra && list_empty(&vmm->sparse_over) && mtree_empty(vmm->sparse))
		return true;
	v = nova_sparse_at(vmm, extra, a);
	if (extra && !sparse_edges_agree(vmm, extra, extra, a, b, v))
		return false;
	list_for_each_entry(o, &vmm->sparse_over, link)
		if (!sparse_edges_agree(vmm, extra, &o->t, a, b, v))
			return false;
	return sparse_edges_agree(vmm, extra, vmm->sparse, a, b, v);
}

/* Fold the overlays there are now into @next; remember the last one folded. */
static int sparse_fold(struct vmm *vmm, struct maple_tree *next)
{
	struct nova_sparse_over *o, *last = NULL;
	int ret = 0;

	/* Overlays are appended under the page-table lock, and only removed under ours. */
	mutex_lock(&vmm->lock);
	if (!list_empty(&vmm->sparse_over))
		last = list_last_entry(&vmm->sparse_over, struct nova_sparse_over, link);
	mutex_unlock(&vmm->lock);
	if (!last)
		return 0;
	list_for_each_entry(o, &vmm->sparse_over, link) {
		ret = sparse_copy(next, &o->t);
		if (ret || o == last)
			break;
	}
	vmm->sparse_fold = last;
	return ret;
}

/**
 * nova_sparse_prepare() - Build the sparse marks a vmm_sparse() call leads to.
 * @vmm: Address space, its operation lock held.
 * @va: First VA of the range.
 * @size: Bytes.
 * @set: Mark the range sparse, or clear it.
 *
 * Builds, in the tree not in use, a copy of &vmm.sparse with the overlays
 * folded in and the change; nova_sparse_switch_locked() makes it the one in
 * use, with the entries, and nova_sparse_discard() frees whichever is left
 * over. The tree in use is never changed in place.
 *
 * Return: 0 or -ENOMEM.
 */
int nova_sparse_prepare(struct vmm *vmm, u64 va, u64 size, bool set)
{
	struct maple_tree *next = sparse_spare(vmm);
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	ret = sparse_copy(next, vmm->sparse) ?: sparse_fold(vmm, next);
	if (!ret)
		ret = nova_fail_alloc(0) ? -ENOMEM :
		      mtree_store_range(next, va, va + size - 1, set ? NOVA_SPARSE_MARK : NULL,
					GFP_KERNEL);
	return ret;
}

/**
 * nova_sparse_switch_locked() - Put the marks nova_sparse_prepare() built in use.
 * @vmm: Address space, its operation and page-table locks held.
 *
 * The overlays folded into them leave &vmm.sparse_over, to be freed by
 * nova_sparse_discard(); those a batch committed since stay.
 */
void nova_sparse_switch_locked(struct vmm *vmm)
{
	LIST_HEAD(folded);

	lockdep_assert_held(&vmm->op_lock);
	lockdep_assert_held(&vmm->lock);
	vmm->sparse = sparse_spare(vmm);
	if (vmm->sparse_fold)
		list_cut_position(&folded, &vmm->sparse_over, &vmm->sparse_fold->link);
	list_splice_tail(&folded, &vmm->sparse_dead);
	vmm->sparse_fold = NULL;
}

/**
 * nova_sparse_discard() - Empty the sparse tree not in use; free folded overlays.
 * @vmm: Address space, its operation lock held.
 */
void nova_sparse_discard(struct vmm *vmm)
{
	lockdep_assert_held(&vmm->op_lock);
	mtree_destroy(sparse_spare(vmm));
	sparse_free_list(&vmm->sparse_dead);
	INIT_LIST_HEAD(&vmm->sparse_dead);
	vmm->sparse_fold = NULL;
}
