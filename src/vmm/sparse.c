// SPDX-License-Identifier: GPL-2.0
/*
 * The sparse marks of an address space: which VA ranges vmm_sparse() made
 * sparse, in a maple tree. A change is built in the spare tree and switched
 * in with the entries (DOC: Locking in vmm.c), so the marks and the entries
 * change together or not at all.
 */
#include <linux/lockdep.h>
#include <linux/maple_tree.h>
#include <linux/rcupdate.h>

#include "mm/vram.h"
#include "vmm/vmm_priv.h"

/* The sparse tree not in use. */
static struct maple_tree *sparse_spare(struct vmm *vmm)
{
	return &vmm->sparse_tree[vmm->sparse == &vmm->sparse_tree[0]];
}

/* Copy every marked range of @src into @dst. */
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
		      mtree_store_range(dst, first, last, entry, GFP_KERNEL);
	}
	return ret;
}

/**
 * nova_sparse_prepare() - Build the sparse marks a vmm_sparse() call leads to.
 * @vmm: Address space, its operation lock held.
 * @va: First VA of the range.
 * @size: Bytes.
 * @set: Mark the range sparse, or clear it.
 *
 * Builds, in the tree not in use, a copy of &vmm.sparse with the change;
 * nova_sparse_switch_locked() makes it the one in use, with the entries,
 * and nova_sparse_discard() frees whichever is left over. The tree in use
 * is never changed in place.
 *
 * Return: 0 or -ENOMEM.
 */
int nova_sparse_prepare(struct vmm *vmm, u64 va, u64 size, bool set)
{
	struct maple_tree *next = sparse_spare(vmm);
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	ret = sparse_copy(next, vmm->sparse);
	if (!ret)
		ret = nova_fail_alloc(0) ? -ENOMEM :
		      mtree_store_range(next, va, va + size - 1, set ? NOVA_SPARSE_MARK : NULL,
					GFP_KERNEL);
	return ret;
}

/**
 * nova_sparse_switch_locked() - Put the marks nova_sparse_prepare() built in use.
 * @vmm: Address space, its operation and page-table locks held.
 */
void nova_sparse_switch_locked(struct vmm *vmm)
{
	lockdep_assert_held(&vmm->op_lock);
	lockdep_assert_held(&vmm->lock);
	vmm->sparse = sparse_spare(vmm);
}

/**
 * nova_sparse_discard() - Empty the sparse tree not in use.
 * @vmm: Address space, its operation lock held.
 */
void nova_sparse_discard(struct vmm *vmm)
{
	lockdep_assert_held(&vmm->op_lock);
	mtree_destroy(sparse_spare(vmm));
}
