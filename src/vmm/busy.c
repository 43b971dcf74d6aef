// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Reserved ranges
 *
 * A prepared operation owns its VA range from prepare until it is freed
 * (vmm_op_free()): &vmm.busy maps the range to the operation. Any other map,
 * unmap, protect, sparse change or prepare that touches it fails with
 * -EBUSY at once, in its plan or check pass, instead of inside the commit,
 * which may run in a DMA-fence signalling path. A map called directly
 * (vmm_map(), vmm_sparse()) reserves its range too, for the time between
 * its plan and its commit, when the page-table lock is dropped to allocate.
 *
 * What a commit needs therefore stays as planned: nothing else maps in the
 * range, and no table on the way to it is unlinked, since a table is only
 * unlinked when its whole span overlaps no reserved range but the
 * unlinking operation's own (nova_vmm_busy()), and a huge page or a sparse
 * entry only replaces tables inside the range of the map that writes it.
 *
 * Reservations are added and removed under the operation lock (they
 * allocate), and read under either lock: the maple tree's RCU reads see a
 * whole tree.
 */
#include <linux/lockdep.h>
#include <linux/maple_tree.h>

#include "vmm/vmm_priv.h"

/**
 * nova_vmm_reserve() - Reserve a VA range for an operation.
 * @vmm: Address space, its operation lock held.
 * @va: First VA.
 * @end: End (exclusive), above @va.
 * @owner: The operation, unique while it lives.
 *
 * Return: 0; -EBUSY if a reserved range overlaps it; -ENOMEM.
 */
int nova_vmm_reserve(struct vmm *vmm, u64 va, u64 end, void *owner)
{
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	ret = mtree_insert_range(&vmm->busy, va, end - 1, owner, GFP_KERNEL);
	return ret == -EEXIST ? -EBUSY : ret;
}

/**
 * nova_vmm_unreserve() - Give a reserved range back.
 * @vmm: Address space, its operation lock held.
 * @va: First VA of the range, as reserved.
 */
void nova_vmm_unreserve(struct vmm *vmm, u64 va)
{
	lockdep_assert_held(&vmm->op_lock);
	mtree_erase(&vmm->busy, va);
}

/**
 * nova_vmm_busy() - Does a reservation other than @owner's overlap a range?
 * @vmm: Address space, its page-table or operation lock held.
 * @va: First VA.
 * @end: End (exclusive), above @va.
 * @owner: The asking operation's reservation, or NULL.
 *
 * Return: true if some other operation owns part of [@va, @end).
 */
bool nova_vmm_busy(struct vmm *vmm, u64 va, u64 end, const void *owner)
{
	unsigned long index = va;
	void *entry;

	/* mt_find() moves @index past each range it returns. */
	do {
		entry = mt_find(&vmm->busy, &index, end - 1);
	} while (entry && entry == owner && index && index <= end - 1);
	return entry && entry != owner;
}
