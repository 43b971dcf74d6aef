// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Address spaces
 *
 * A &struct vmm is one GPU virtual address space: a root table (the PDB)
 * in VRAM, the shadow tree of its tables, and a VA allocator over the range
 * it manages. Clients use the functions exported in <nova_vmm/vmm.h>.
 *
 * The VA allocator (a drm_mm) lets clients that share an address space
 * carve it up: vmm_va_alloc() finds a free range, vmm_va_reserve() claims a
 * fixed one. vmm_map() does not require either: it maps any range of the
 * address space that nothing is mapped in, and fails with -EEXIST
 * otherwise, whatever the allocator says.
 *
 * Locking: see DOC: Locking.
 */

/**
 * DOC: Locking
 *
 * Every lock of nova_vmm, what it protects, and how they nest. All are
 * mutexes but the maple trees' own spinlocks.
 *
 * Per address space (&struct vmm):
 *
 * * &vmm.op_lock, the operation lock: serialises vmm_map(), vmm_unmap(),
 *   vmm_protect(), vmm_sparse() and teardown from start to end. They
 *   allocate under it. The sparse tree pointer (&vmm.sparse) changes with
 *   it and the page-table lock held; the spare sparse tree is built under
 *   it alone. Never taken on a DMA-fence signalling path.
 * * &vmm.lock, the page-table lock: the root and the whole shadow tree,
 *   &vmm.stale, and the order of the writes to the tables.
 *   Never held across an allocation (GFP_KERNEL or otherwise).
 *   vmm_lookup(), vmm_op_commit() and the debugfs files take it alone.
 * * &vmm.va_lock: the VA allocator (&vmm.va); nests with nothing.
 * * &nova_journal.lock (&vmm.journal), a spinlock: the journal's ring;
 *   innermost, held only to copy a record.
 *
 * Per GPU (&struct nova_gpu):
 *
 * * &nova_pramin.lock: the PRAMIN window base and every access through the
 *   window; allocates nothing under it.
 * * &nova_gpu.tlb_lock: serialises TLB invalidates (the PRAMIN flush that
 *   precedes one is made before it is taken).
 * * &nova_pt_mem.lock: page-table memory (partial chunks, accounting).
 *   Taken with no page-table or PRAMIN lock held: the buddy allocator
 *   allocates under the VRAM lock, which nests inside it.
 * * &nova_vram.lock: the buddy allocator over VRAM.
 * * The spinlock of &nova_vram.clients (its maple tree's own): which VRAM
 *   live client allocations hold (DOC: VRAM ownership); taken alone, by
 *   vmm_vram_alloc(), vmm_vram_free() and the ownership check of the
 *   address-based calls; nothing nests inside it.
 * * &nova_gpu.vmm_lock: the list of address spaces (&nova_gpu.vmms), their
 *   numbering, and the debugfs directories of the GPU and of each address
 *   space (made and removed under it, so that removing the GPU's, which
 *   takes every address space's along, never races with an address space's
 *   own); taken with no other lock held. Only the restore (vmm/restore.c)
 *   nests locks inside it: each address space's operation and page-table
 *   locks, and those below them.
 * * &nova_gpu.srcu (not a lock): every exported call that may touch the
 *   device runs inside nova_gpu_enter()/nova_gpu_exit(), outside all the
 *   locks above; removal (DOC: Lifetime, io/gpu.c), suspend, reset and PCI
 *   error handling (DOC: Power and errors) wait for them.
 *
 * Module-wide: nova_clients_lock (drv/client.c) protects the lists of GPUs,
 * clients and bindings and is held across the client callbacks, which run
 * inside the PCI core's device lock when a GPU is bound or removed. So a
 * callback may call any vmm_* function (every lock above nests inside
 * nova_clients_lock), but never vmm_client_register() or
 * vmm_client_unregister(), nor anything that takes a nova_vmm GPU's device
 * lock (pci_reset_function(), a synchronous driver bind or unbind): that
 * deadlocks (review L11).
 *
 * Nesting, outermost first: operation lock, page-table lock, then the
 * PRAMIN lock or the TLB lock (never both). The page-table memory lock,
 * then the VRAM lock, only outside the page-table and PRAMIN locks. Every
 * function named *_locked() asserts the locks it needs with
 * lockdep_assert_held().
 */
#include <linux/bitfield.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/maple_tree.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hw/nv_mmu_v2.h"
#include "io/bar2wc.h"
#include "io/chip.h"
#include "vmm/debugfs.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/pt_mem.h"
#include "mm/node.h"
#include "io/tlb.h"
#include "vmm/vmm_priv.h"
#include "mm/vram.h"
#include "mm/walk.h"

#define VMM_MAP_ATTRS	(VMM_MAP_READ_ONLY | VMM_MAP_PRIVILEGED | VMM_MAP_NO_ATOMIC | \
			 VMM_MAP_UNCACHED | VMM_MAP_PAGE_MASK | VMM_MAP_KIND_MASK)
#define VMM_MAP_SYS_ATTRS (VMM_MAP_READ_ONLY | VMM_MAP_PRIVILEGED | VMM_MAP_NO_ATOMIC | \
			   VMM_MAP_NONCOHERENT | VMM_MAP_PAGE_4K | VMM_MAP_KIND_MASK)

static int vmm_range_check(struct vmm *vmm, u64 va, u64 size, u64 align)
{
	u64 end;

	if (!size || !IS_ALIGNED(va | size, align) || check_add_overflow(va, size, &end))
		return -EINVAL;
	if (va < vmm->va_start || end > vmm->va_end)
		return -ERANGE;
	return end > vmm->va_own ? -EBUSY : 0;
}

static int vmm_root_init(struct vmm *vmm, u64 graft)
{
	int ret;

	if (graft) {
		ret = nova_graft_read(vmm, graft);
	} else {
		vmm->root = nova_node_alloc(vmm->gpu, &vmm->dirt, vmm->fmt, vmm->fmt->root, false);
		ret = PTR_ERR_OR_ZERO(vmm->root);
		/*
		 * No invalidate follows: a root written through BAR2 is
		 * flushed here, before the instance block that links it.
		 */
		if (!ret)
			ret = nova_node_flush(vmm->gpu, vmm->root) ?: nova_bar2wc_flush(vmm->gpu);
	}
	if (IS_ERR_OR_NULL(vmm->root)) {
		vmm->root = NULL;
		return ret;
	}
	vmm->pdb = vmm->root->addr;
	if (!ret)
		ret = nova_inst_init(vmm);
	if (ret && graft)
		nova_graft_free(vmm->root);
	else if (ret)
		nova_node_free(vmm->gpu, vmm->root);
	return ret;
}

static bool vmm_pdb_taken_locked(struct nova_gpu *gpu, u64 pdb)
{
	struct vmm *v;

	lockdep_assert_held(&gpu->vmm_lock);
	list_for_each_entry(v, &gpu->vmms, node)
		if (v->pdb == pdb)
			return true;
	return false;
}

/*
 * Name it, put it on the GPU's list, give it a debugfs directory: under the
 * list lock, which orders it with the removal of the GPU's directory. A graft
 * of a root that a live address space already has (its own or grafted:
 * review M2) is refused here, under the list's lock, so that two grafts of
 * one PDB racing each other cannot both get in.
 */
static int vmm_register(struct vmm *vmm, const char *name, bool graft)
{
	struct nova_gpu *gpu = vmm->gpu;

	mutex_lock(&gpu->vmm_lock);
	if (graft && vmm_pdb_taken_locked(gpu, vmm->pdb)) {
		mutex_unlock(&gpu->vmm_lock);
		return -EBUSY;
	}
	if (name)
		strscpy(vmm->name, name, sizeof(vmm->name));
	else
		snprintf(vmm->name, sizeof(vmm->name), "vmm%u", gpu->vmm_ids++);
	list_add_tail(&vmm->node, &gpu->vmms);
	nova_debugfs_vmm_init(vmm);
	mutex_unlock(&gpu->vmm_lock);
	return 0;
}

static void vmm_unregister(struct vmm *vmm)
{
	mutex_lock(&vmm->gpu->vmm_lock);
	nova_debugfs_vmm_fini(vmm);
	list_del(&vmm->node);
	mutex_unlock(&vmm->gpu->vmm_lock);
}

/* The GPU's own BAR1 and BAR2 address spaces: HUBTLB_ONLY invalidates. */
static bool vmm_is_bar(const struct vmm *vmm)
{
	return vmm->tlb_flags & NOVA_TLB_HUB_ONLY;
}

static struct vmm *vmm_new_entered(struct nova_gpu *gpu, u64 va_start, u64 va_size,
				   u32 tlb_flags, u64 graft, const char *name);

/**
 * nova_vmm_new() - Create an address space with a root and an instance block.
 * @gpu: GPU.
 * @va_start: First VA it manages.
 * @va_size: Bytes of VA it manages.
 * @tlb_flags: %NOVA_TLB_HUB_ONLY for a BAR address space.
 * @graft: VRAM address of a root someone else owns, or 0 for a root of its own.
 * @name: Its name in debugfs, or NULL for ``vmm<N>``.
 *
 * The address space goes on the GPU's list and gets its debugfs directory.
 * A channel address space holds a reference to the GPU core; a BAR one
 * (@tlb_flags has %NOVA_TLB_HUB_ONLY) is part of it and holds none.
 *
 * Return: As vmm_create().
 */
struct vmm *nova_vmm_new(struct nova_gpu *gpu, u64 va_start, u64 va_size, u32 tlb_flags,
			 u64 graft, const char *name)
{
	struct vmm *vmm;
	int idx, ret;

	if (!gpu || !va_size || !IS_ALIGNED(va_start | va_size, SZ_4K) ||
	    va_size > BIT_ULL(gpu->chip->family->fmt->va_bits) ||
	    va_start > BIT_ULL(gpu->chip->family->fmt->va_bits) - va_size)
		return ERR_PTR(-EINVAL);
	ret = nova_gpu_enter(gpu, &idx);
	vmm = ret ? ERR_PTR(ret) : vmm_new_entered(gpu, va_start, va_size, tlb_flags, graft,
						    name);
	nova_gpu_exit(gpu, idx);
	return vmm;
}

/* nova_vmm_new() inside the GPU's section (DOC: Lifetime, io/gpu.c). */
static struct vmm *vmm_new_entered(struct nova_gpu *gpu, u64 va_start, u64 va_size,
				   u32 tlb_flags, u64 graft, const char *name)
{
	struct vmm *vmm;
	int ret;

	vmm = nova_fail_alloc(sizeof(*vmm)) ? NULL : kzalloc(sizeof(*vmm), GFP_KERNEL);
	if (!vmm)
		return ERR_PTR(-ENOMEM);
	vmm->gpu = gpu;
	vmm->fmt = gpu->chip->family->fmt;
	vmm->page_sizes = gpu->chip->family->page_sizes;
	vmm->va_start = va_start;
	vmm->va_end = va_start + va_size;
	vmm->va_own = vmm->va_end;
	vmm->va_granule = SZ_4K;
	kref_init(&vmm->ref);
	mutex_init(&vmm->op_lock);
	mutex_init(&vmm->lock);
	mutex_init(&vmm->va_lock);
	INIT_LIST_HEAD(&vmm->stale);
	nova_journal_init(&vmm->journal);
	nova_sparse_init(vmm);
	mt_init(&vmm->busy);
	vmm->tlb_flags = tlb_flags;
	drm_mm_init(&vmm->va, va_start, va_size);
	/* What a timed-out teardown left is freed once its invalidate completes. */
	nova_pt_quarantine_retry(gpu);
	ret = vmm_root_init(vmm, graft);
	if (!ret) {
		ret = vmm_register(vmm, name, graft);
		if (ret) {
			/* A graft read the foreign tree and wrote only its block. */
			nova_inst_fini(vmm);
			nova_graft_free(vmm->root);
		}
	}
	if (ret) {
		drm_mm_takedown(&vmm->va);
		kfree(vmm);
		return ERR_PTR(ret);
	}
	/* A channel address space keeps the GPU core; BAR ones are part of it. */
	if (!vmm_is_bar(vmm))
		nova_gpu_get(gpu);
	return vmm;
}

/**
 * vmm_create() - Create a channel address space with a root of its own.
 * @gpu: GPU.
 * @va_start: First VA it manages, 4 KiB aligned.
 * @va_size: Bytes of VA it manages, 4 KiB aligned; the range must lie in
 *           the format's VA width (49 bits for MMU v2, 57 for v3).
 *
 * The address space comes with an instance block pointing at its root
 * (vmm_inst_block()).
 *
 * Context: Process context; may sleep.
 * Return: The address space, holding one reference; ERR_PTR(-EINVAL) for a
 * bad range or GPU; ERR_PTR(-ENOMEM); ERR_PTR(-ENODEV) if the device is gone
 * or was removed; ERR_PTR(-EIO) after a PCI error (see "Sleep, reset and PCI
 * errors" in <nova_vmm/vmm.h>).
 */
struct vmm *vmm_create(struct nova_gpu *gpu, u64 va_start, u64 va_size)
{
	return nova_vmm_new(gpu, va_start, va_size, 0, 0, NULL);
}
EXPORT_SYMBOL_NS_GPL(vmm_create, NOVA_VMM_NS);

/**
 * vmm_create_graft() - An address space over a root someone else owns.
 * @gpu: GPU.
 * @pdb: VRAM address of the existing root table (a PDB handed over by
 *       firmware, say), 4 KiB aligned.
 * @va_start: As for vmm_create().
 * @va_size: As for vmm_create().
 *
 * The existing tables are read once through PRAMIN into the shadow tree;
 * new tables are linked only into free entries of them. An entry that was
 * not zero (a valid PDE, a huge page, a system-memory PDE) is never
 * overwritten: vmm_map() there gives -EEXIST, vmm_unmap() -EACCES.
 * Destroying the address space puts back every entry it wrote into the
 * foreign tables, invalidates, and only then frees its own tables.
 *
 * A PDB that a live address space already has as its root, its own
 * (vmm_pdb() of a vmm_create() space, a BAR space) or grafted, is refused:
 * two shadows of one tree would free and overwrite each other's tables. So
 * is one in VRAM the allocator manages that no live client allocation
 * holds (nova_vmm's tables and instance blocks, free VRAM it would hand
 * out and overwrite): a firmware root lies outside the managed range.
 *
 * Context: Process context; may sleep.
 * Return: The address space; ERR_PTR(-EINVAL) for a bad argument (or a PDB
 * outside VRAM); ERR_PTR(-EBUSY) for a PDB nova_vmm already owns or has
 * grafted; ERR_PTR(-ENOMEM); ERR_PTR(-ENODEV); ERR_PTR(-EIO).
 */
struct vmm *vmm_create_graft(struct nova_gpu *gpu, u64 pdb, u64 va_start, u64 va_size)
{
	if (!gpu || !pdb || !IS_ALIGNED(pdb, SZ_4K))
		return ERR_PTR(-EINVAL);
	if (nova_gpu_unplugged(gpu))
		return ERR_PTR(-ENODEV);
	if (pdb < gpu->vram_size && !nova_vram_foreign_ok(gpu, pdb, SZ_4K))
		return ERR_PTR(-EBUSY);
	return nova_vmm_new(gpu, va_start, va_size, 0, pdb, NULL);
}
EXPORT_SYMBOL_NS_GPL(vmm_create_graft, NOVA_VMM_NS);

static void vmm_va_drain(struct vmm *vmm)
{
	struct drm_mm_node *node, *next;

	drm_mm_for_each_node_safe(node, next, &vmm->va) {
		drm_mm_remove_node(node);
		kfree(node);
	}
	drm_mm_takedown(&vmm->va);
}

/* Tear down inside the GPU's section; after removal, host memory only. */
static void vmm_teardown(struct vmm *vmm)
{
	int idx;

	/* Waits out a sleep or reset; after a PCI error or removal, no MMIO. */
	nova_gpu_enter(vmm->gpu, &idx);
	mutex_lock(&vmm->op_lock);
	nova_vmm_teardown_locked(vmm);
	mutex_unlock(&vmm->op_lock);
	nova_gpu_exit(vmm->gpu, idx);
}

static void vmm_release(struct kref *ref)
{
	struct vmm *vmm = container_of(ref, struct vmm, ref);
	struct nova_gpu *gpu = vmm->gpu;
	bool bar = vmm_is_bar(vmm);

	vmm_unregister(vmm);
	vmm_teardown(vmm);
	nova_inst_fini(vmm);
	nova_sparse_fini(vmm);
	mtree_destroy(&vmm->busy);
	vmm_va_drain(vmm);
	mutex_destroy(&vmm->va_lock);
	mutex_destroy(&vmm->lock);
	mutex_destroy(&vmm->op_lock);
	kfree(vmm);
	if (!bar)
		nova_gpu_put(gpu);
}

/**
 * nova_vmm_drop() - Drop the GPU's own reference to its BAR address space.
 * @vmm: A BAR address space (nova_bars_init()).
 *
 * Context: Process context; may sleep.
 */
void nova_vmm_drop(struct vmm *vmm)
{
	kref_put(&vmm->ref, vmm_release);
}

/**
 * nova_vmm_hold() - Keep an address space for a prepared operation.
 * @vmm: Address space.
 *
 * A channel address space is counted; a BAR one lives as long as the GPU
 * core, which is counted instead. nova_vmm_unhold() undoes it.
 *
 * Context: Any.
 */
void nova_vmm_hold(struct vmm *vmm)
{
	if (vmm_is_bar(vmm))
		nova_gpu_get(vmm->gpu);
	else
		kref_get(&vmm->ref);
}

/**
 * nova_vmm_unhold() - Undo nova_vmm_hold().
 * @vmm: Address space.
 *
 * Context: Process context; may sleep.
 */
void nova_vmm_unhold(struct vmm *vmm)
{
	if (vmm_is_bar(vmm))
		nova_gpu_put(vmm->gpu);
	else
		kref_put(&vmm->ref, vmm_release);
}

/**
 * vmm_get() - Take a reference to an address space.
 * @vmm: Address space, or NULL.
 *
 * The BAR address spaces (vmm_bar1(), vmm_bar2()) belong to the GPU and are
 * not counted: they are returned as they are, and live as long as the GPU
 * core.
 *
 * Context: Any.
 * Return: @vmm (NULL for NULL).
 */
struct vmm *vmm_get(struct vmm *vmm)
{
	if (vmm && !vmm_is_bar(vmm))
		kref_get(&vmm->ref);
	return vmm;
}
EXPORT_SYMBOL_NS_GPL(vmm_get, NOVA_VMM_NS);

/**
 * vmm_put() - Drop a reference; the last one destroys the address space.
 * @vmm: Address space, or NULL.
 *
 * Destroying unmaps whatever is still mapped, invalidates the TLB and frees
 * the tables and the VA ranges. Nothing may use the address space any more
 * (no instance block may point at it). After the GPU was removed it frees
 * host memory only, and the GPU core goes with the last handle.
 *
 * A BAR address space (vmm_bar1(), vmm_bar2()) belongs to the GPU: putting
 * it is refused (a warning, once) and changes nothing.
 *
 * Context: Process context; may sleep: the last reference tears the
 * address space down (locks, the TLB invalidate's poll). Never drop the
 * last reference from atomic context (a fence or RCU callback): hand it to
 * a worker.
 */
void vmm_put(struct vmm *vmm)
{
	might_sleep();
	if (!vmm)
		return;
	if (vmm_is_bar(vmm)) {
		dev_warn_once(vmm->gpu->dev, "%s belongs to the GPU: put refused\n", vmm->name);
		return;
	}
	kref_put(&vmm->ref, vmm_release);
}
EXPORT_SYMBOL_NS_GPL(vmm_put, NOVA_VMM_NS);

/**
 * vmm_destroy() - Drop the reference vmm_create() returned.
 * @vmm: Address space, or NULL.
 *
 * The same as vmm_put(): refused for a BAR address space.
 *
 * Context: Process context; may sleep.
 */
void vmm_destroy(struct vmm *vmm)
{
	vmm_put(vmm);
}
EXPORT_SYMBOL_NS_GPL(vmm_destroy, NOVA_VMM_NS);

/**
 * vmm_pdb() - VRAM address of the root table (the page directory base).
 * @vmm: Address space.
 *
 * Context: Any.
 * Return: The address, 4 KiB aligned; 0 for NULL.
 */
u64 vmm_pdb(struct vmm *vmm)
{
	return vmm ? vmm->pdb : 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_pdb, NOVA_VMM_NS);

/**
 * vmm_inst_block() - VRAM address of the address space's instance block.
 * @vmm: Address space.
 *
 * A 4 KiB instance block whose page-directory fields point at vmm_pdb():
 * what BAR1_BLOCK / BAR2_BLOCK or a channel's RAMIN pointer takes. In a
 * channel address space's block (vmm_create(), vmm_create_graft()),
 * subcontext 0 (NV_RAMIN_SC_PAGE_DIR_BASE(0)) points at the same root and
 * is the only one marked in NV_RAMIN_SC_PDB_VALID; subcontexts 1 to 63 are
 * TARGET_INVALID. A client that runs more subcontexts copies the two words
 * of subcontext 0 into each one it uses and sets its valid bit (DOC:
 * Instance blocks). BAR1 and BAR2 blocks have no subcontext entries.
 *
 * Context: Any.
 * Return: The address, 4 KiB aligned; 0 for NULL.
 */
u64 vmm_inst_block(struct vmm *vmm)
{
	return vmm ? vmm->inst.addr : 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_inst_block, NOVA_VMM_NS);

/*
 * The unit of VA allocation: the CPU page in the BAR1 address space, whose
 * VAs are offsets in the PCI aperture that vmm_bar1_iomap() maps for the
 * CPU, so that no CPU page spans two clients' ranges (review L14); 4 KiB
 * elsewhere (&vmm.va_granule).
 */
static u64 vmm_va_granule(struct vmm *vmm)
{
	return vmm->va_granule;
}

/**
 * nova_va_claimed() - Whether one claimed VA range holds a range whole.
 * @vmm: Address space.
 * @va: First VA.
 * @size: Bytes, not zero; @va + @size does not overflow.
 *
 * A claim is a range from vmm_va_alloc() or vmm_va_reserve() not yet
 * freed. vmm_bar1_iomap() hands out CPU mappings of such ranges only.
 *
 * Context: Process context; takes the VA lock.
 * Return: true if [@va, @va + @size) lies inside one claim.
 */
bool nova_va_claimed(struct vmm *vmm, u64 va, u64 size)
{
	struct drm_mm_node *node;
	bool claimed = false;

	mutex_lock(&vmm->va_lock);
	drm_mm_for_each_node_in_range(node, &vmm->va, va, va + 1)
		claimed = size <= node->start + node->size - va;
	mutex_unlock(&vmm->va_lock);
	return claimed;
}

static struct drm_mm_node *vmm_va_node(void)
{
	return nova_fail_alloc(sizeof(struct drm_mm_node)) ? NULL :
	       kzalloc(sizeof(struct drm_mm_node), GFP_KERNEL);
}

/**
 * vmm_va_alloc() - Find and claim a free VA range.
 * @vmm: Address space.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 * @align: Alignment, a power of two of at least 4 KiB, or 0 for 4 KiB.
 * @va: Set to the first VA of the range.
 *
 * In vmm_bar1(), whose VAs the CPU maps (vmm_bar1_iomap()), the range is
 * rounded up to whole CPU pages and aligned to one, so that a CPU page never
 * covers two callers' ranges.
 *
 * Context: Process context; may sleep; takes the VA lock.
 * Return: 0; -EINVAL for a bad size or alignment; -ENOSPC if no free range
 * fits; -ENOMEM; -ENODEV if the GPU was removed.
 */
int vmm_va_alloc(struct vmm *vmm, u64 size, u64 align, u64 *va)
{
	struct drm_mm_node *node;
	int ret;

	align = align ?: SZ_4K;
	if (!vmm || !va || !size || !IS_ALIGNED(size, SZ_4K) || align < SZ_4K ||
	    !is_power_of_2(align))
		return -EINVAL;
	if (nova_gpu_unplugged(vmm->gpu))
		return -ENODEV;
	/* BAR1 VA in CPU pages (review L14); a no-op with 4 KiB pages. */
	size = ALIGN(size, vmm_va_granule(vmm));
	align = max_t(u64, align, vmm_va_granule(vmm));
	node = vmm_va_node();
	if (!node)
		return -ENOMEM;
	mutex_lock(&vmm->va_lock);
	ret = drm_mm_insert_node_in_range(&vmm->va, node, size, align, 0, vmm->va_start,
					  vmm->va_own, DRM_MM_INSERT_BEST);
	mutex_unlock(&vmm->va_lock);
	if (ret) {
		kfree(node);
		return -ENOSPC;
	}
	*va = node->start;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_va_alloc, NOVA_VMM_NS);

/**
 * vmm_va_reserve() - Claim a fixed VA range.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned (CPU page aligned in vmm_bar1()).
 * @size: Bytes, a non-zero multiple of 4 KiB (of the CPU page in vmm_bar1()).
 *
 * Context: Process context; may sleep; takes the VA lock.
 * Return: 0; -EINVAL for a bad or overflowing range; -ERANGE outside the
 * address space; -EEXIST if it overlaps a claimed range; -ENOMEM; -ENODEV if
 * the GPU was removed.
 */
int vmm_va_reserve(struct vmm *vmm, u64 va, u64 size)
{
	struct drm_mm_node *node;
	int ret;

	if (!vmm)
		return -EINVAL;
	ret = vmm_range_check(vmm, va, size, vmm_va_granule(vmm));
	if (ret)
		return ret;
	if (nova_gpu_unplugged(vmm->gpu))
		return -ENODEV;
	node = vmm_va_node();
	if (!node)
		return -ENOMEM;
	node->start = va;
	node->size = size;
	mutex_lock(&vmm->va_lock);
	ret = drm_mm_reserve_node(&vmm->va, node);
	mutex_unlock(&vmm->va_lock);
	if (ret)
		kfree(node);
	return ret == -ENOSPC ? -EEXIST : ret;
}
EXPORT_SYMBOL_NS_GPL(vmm_va_reserve, NOVA_VMM_NS);

/**
 * vmm_va_free() - Release a VA range from vmm_va_alloc() or vmm_va_reserve().
 * @vmm: Address space.
 * @va: First VA of the range. A VA that starts no claimed range is ignored.
 *
 * Mappings in the range are not touched: unmap them first.
 *
 * Context: Process context; may sleep; takes the VA lock.
 */
void vmm_va_free(struct vmm *vmm, u64 va)
{
	struct drm_mm_node *node, *found = NULL;

	if (!vmm || va >= vmm->va_end)
		return;
	mutex_lock(&vmm->va_lock);
	drm_mm_for_each_node_in_range(node, &vmm->va, va, va + 1)
		if (node->start == va)
			found = node;
	if (found)
		drm_mm_remove_node(found);
	mutex_unlock(&vmm->va_lock);
	kfree(found);
}
EXPORT_SYMBOL_NS_GPL(vmm_va_free, NOVA_VMM_NS);

/*
 * The one translation between the public attributes, VMM_MAP_*, and the
 * PTE attributes of the formats, NOVA_PTE_*: for map, protect and lookup.
 */
static const u32 vmm_pte_flags[][2] = {
	{ VMM_MAP_READ_ONLY, NOVA_PTE_READ_ONLY },
	{ VMM_MAP_PRIVILEGED, NOVA_PTE_PRIVILEGED },
	{ VMM_MAP_NO_ATOMIC, NOVA_PTE_NO_ATOMIC },
	{ VMM_MAP_UNCACHED, NOVA_PTE_UNCACHED },
};

static u32 vmm_to_pte_flags(u32 flags)
{
	u32 pte = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_pte_flags); i++)
		if (flags & vmm_pte_flags[i][0])
			pte |= vmm_pte_flags[i][1];
	return pte;
}

static u32 vmm_from_pte_flags(u32 pte)
{
	u32 flags = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_pte_flags); i++)
		if (pte & vmm_pte_flags[i][1])
			flags |= vmm_pte_flags[i][0];
	return flags;
}

/* Page sizes and PTE attributes of a map request, from the caller's flags. */
static void vmm_req_attrs(struct vmm *vmm, struct nova_map_req *req, u32 flags)
{
	u32 pages = FIELD_GET(VMM_MAP_PAGE_MASK, flags);

	req->trace_flags = flags;
	req->sizes = pages ?: vmm->page_sizes;
	req->pte.aperture = NOVA_APER_VIDEO;
	req->pte.kind = FIELD_GET(VMM_MAP_KIND_MASK, flags);
	req->pte.flags = vmm_to_pte_flags(flags);
	if (!req->dma)
		return;
	/* System memory: 4 KiB pages; coherent memory is not cached in L2. */
	req->sizes = BIT(NOVA_PAGE_4K);
	req->pte.aperture = flags & VMM_MAP_NONCOHERENT ? NOVA_APER_SYS_NONCOH :
							  NOVA_APER_SYS_COH;
	if (req->pte.aperture == NOVA_APER_SYS_COH)
		req->pte.flags |= NOVA_PTE_UNCACHED;
}

/*
 * The PTE kind of a map request: one the format holds, not
 * NV_MMU_PTE_KIND_INVALID, and not a compressible kind (0x08-0x0e): those
 * need comptag lines, which nova_vmm does not allocate, so two buffers
 * would share line 0 and alias their compression state (review L5).
 */
static bool vmm_kind_ok(struct vmm *vmm, u32 flags)
{
	u32 kind = FIELD_GET(VMM_MAP_KIND_MASK, flags);

	return kind <= vmm->fmt->kind_max && kind != NV_MMU_PTE_KIND_INVALID &&
	       !(kind >= NV_MMU_PTE_KIND_COMPRESSIBLE_FIRST &&
		 kind <= NV_MMU_PTE_KIND_COMPRESSIBLE_LAST);
}

static int vmm_map_check(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags)
{
	u32 pages = FIELD_GET(VMM_MAP_PAGE_MASK, flags);
	u64 align = SZ_4K, end;
	int ret;

	if (vmm->sealed)
		return -EBUSY;
	if (flags & ~VMM_MAP_ATTRS || hweight32(pages) > 1 || (pages & ~vmm->page_sizes) ||
	    !vmm_kind_ok(vmm, flags))
		return -EINVAL;
	if (pages)
		align = BIT_ULL(vmm->fmt->pages[__builtin_ctz(pages)].shift);
	if (!IS_ALIGNED(addr, align) || check_add_overflow(addr, size, &end))
		return -EINVAL;
	ret = vmm_range_check(vmm, va, size, align);
	if (ret)
		return ret;
	return end > vmm->gpu->vram_size || end > vmm->fmt->vid_limit ? -ERANGE : 0;
}

/* vmm_map_check(), and a client's range lies in one live client allocation. */
static int vmm_map_client_check(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags)
{
	int ret = vmm_map_check(vmm, va, addr, size, flags);

	if (!ret && !nova_vram_owned(vmm->gpu, addr, size))
		ret = -EACCES;
	return ret;
}

/*
 * Map (or make sparse) under the operation lock, inside the GPU's section:
 * -ENODEV at once if the device is gone or was removed.
 */
static int vmm_map_entered(struct vmm *vmm, const struct nova_map_req *req)
{
	int idx, ret = nova_gpu_enter(vmm->gpu, &idx);

	if (!ret && nova_gpu_gone(vmm->gpu))
		ret = -ENODEV;
	if (!ret) {
		mutex_lock(&vmm->op_lock);
		ret = nova_vmm_map_locked(vmm, req);
		mutex_unlock(&vmm->op_lock);
	}
	nova_gpu_exit(vmm->gpu, idx);
	return ret;
}

/* Unmap, protect or clear sparse, as vmm_map_entered(). */
static int vmm_range_entered(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			     u32 pte_flags)
{
	int idx, ret = nova_gpu_enter(vmm->gpu, &idx);

	if (!ret && nova_gpu_gone(vmm->gpu))
		ret = -ENODEV;
	if (!ret) {
		mutex_lock(&vmm->op_lock);
		ret = nova_vmm_range_locked(vmm, va, size, mode, pte_flags);
		mutex_unlock(&vmm->op_lock);
	}
	nova_gpu_exit(vmm->gpu, idx);
	return ret;
}

/* The common tail of the map calls: the arguments are checked. */
static int vmm_map_req(struct vmm *vmm, struct nova_map_req *req, u32 flags)
{
	vmm_req_attrs(vmm, req, flags);
	return vmm_map_entered(vmm, req);
}

/* The checks every range operation starts with. */
static int vmm_range_begin(struct vmm *vmm, u64 va, u64 size)
{
	int ret;

	if (!vmm)
		return -EINVAL;
	if (vmm->sealed)
		return -EBUSY;
	ret = vmm_range_check(vmm, va, size, SZ_4K);
	if (!ret && nova_gpu_gone(vmm->gpu))
		ret = -ENODEV;
	return ret;
}

/* Unmap or protect, after checking the range. */
static int vmm_range_req(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			 u32 pte_flags)
{
	int ret = vmm_range_begin(vmm, va, size);

	return ret ?: vmm_range_entered(vmm, va, size, mode, pte_flags);
}

/**
 * vmm_map() - Map VRAM into an address space.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned (aligned to the page size if one is given).
 * @addr: First VRAM address, aligned as @va, inside an allocation of the
 *        caller's (vmm_vram_alloc()); vmm_map_vram() names it by allocation.
 * @size: Bytes, a non-zero multiple of 4 KiB (of the page size).
 * @flags: VMM_MAP_READ_ONLY, _PRIVILEGED, _NO_ATOMIC, _UNCACHED,
 *         VMM_MAP_KIND(k), and at most one VMM_MAP_PAGE_*; without one,
 *         each part of the range gets the largest page size that the
 *         alignment of VA and address allows.
 *
 * Nothing may be mapped in the range. Every entry is written once, each
 * table in one pass, and the TLB is invalidated once. On failure nothing
 * changed, but for -ETIMEDOUT and -ENODEV (see below).
 *
 * Context: Process context; may sleep. Not for a DMA-fence signalling path:
 * it allocates.
 * Return: 0; -EINVAL for a zero, unaligned or overflowing range, unknown or
 * conflicting flags, a page size or kind the chip does not have, the kind
 * NV_MMU_PTE_KIND_INVALID or a compressible kind (no comptags are
 * allocated); -ERANGE if the range leaves the address space or the memory
 * leaves VRAM; -EACCES if the memory is not wholly inside one live
 * allocation from vmm_vram_alloc() (page tables, instance blocks, reserved,
 * free or freed VRAM, a range across two allocations); -EEXIST
 * if something is mapped in the range; -EBUSY if a prepared operation
 * (vmm_map_prepare(), vmm_unmap_prepare()) owns part of it, or for
 * vmm_bar1() when BAR1 is static (``bar1_static=1``); -ENOMEM;
 * -ETIMEDOUT if the TLB
 * invalidate did not complete (the mapping is in place); -ENODEV if the
 * device is gone (the address space must be destroyed).
 */
int vmm_map(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags)
{
	int ret;

	if (!vmm)
		return -EINVAL;
	ret = vmm_map_client_check(vmm, va, addr, size, flags);
	return ret ?: nova_vmm_map_vram(vmm, va, addr, size, flags);
}
EXPORT_SYMBOL_NS_GPL(vmm_map, NOVA_VMM_NS);

/**
 * nova_vmm_map_vram() - Map VRAM by address, whoever owns it: the privileged path.
 * @vmm: Address space.
 * @va: As for vmm_map().
 * @addr: As for vmm_map(); any VRAM address.
 * @size: As for vmm_map().
 * @flags: As for vmm_map().
 *
 * vmm_map() without the ownership check (DOC: VRAM ownership in
 * mm/vram.c): for vmm_map_vram(), whose &struct vmm_vram proves the
 * caller's ownership, and for nova_vmm's own users (the BAR address spaces,
 * grafting) that map VRAM no client allocated. Never reachable with an
 * address a client chose.
 *
 * Context: As vmm_map().
 * Return: As vmm_map(), never -EACCES.
 */
int nova_vmm_map_vram(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags)
{
	struct nova_map_req req = { .va = va, .size = size, .addr = addr };
	int ret = vmm_map_check(vmm, va, addr, size, flags);

	return ret ?: vmm_map_req(vmm, &req, flags);
}

/**
 * vmm_unmap() - Unmap a range.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 *
 * Every page in the range must be mapped, and the range must not cut a
 * page: a 64 KiB or larger page is unmapped whole or not at all. Tables left
 * empty are freed after the TLB invalidate (with ACK_GLOBALLY) completed.
 * On failure nothing changed, but for -ETIMEDOUT and -ENODEV.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for a zero, unaligned or overflowing range, or one
 * that cuts a page; -ERANGE if it leaves the address space; -EBUSY if a
 * prepared operation owns part of it or BAR1 is static (as vmm_map());
 * -ENOENT if a page in it is not
 * mapped; -ETIMEDOUT if the TLB invalidate did not
 * complete (the entries are cleared; the tables are freed after a later
 * invalidate); -ENODEV if the device is gone.
 */
int vmm_unmap(struct vmm *vmm, u64 va, u64 size)
{
	return vmm_range_req(vmm, va, size, NOVA_RANGE_UNMAP, 0);
}
EXPORT_SYMBOL_NS_GPL(vmm_unmap, NOVA_VMM_NS);

/**
 * vmm_protect() - Change the permissions of a mapped range in place.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 * @flags: The new permissions: any of VMM_MAP_READ_ONLY, _PRIVILEGED,
 *         _NO_ATOMIC (the ones not given are cleared).
 *
 * Every page in the range must be mapped and the range must not cut one,
 * as for vmm_unmap(). Address, kind and caching stay. The TLB invalidate
 * acks globally, so a downgrade is in force everywhere when this returns.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for a bad range or any other flag, or a range that
 * cuts a page; -ERANGE outside the address space; -EBUSY if a prepared
 * operation owns part of it or BAR1 is static (as vmm_map()); -ENOENT if
 * a page is not mapped; -ETIMEDOUT,
 * -ENODEV from the TLB invalidate (entries rewritten).
 */
int vmm_protect(struct vmm *vmm, u64 va, u64 size, u32 flags)
{
	if (flags & ~(VMM_MAP_READ_ONLY | VMM_MAP_PRIVILEGED | VMM_MAP_NO_ATOMIC))
		return -EINVAL;
	return vmm_range_req(vmm, va, size, NOVA_RANGE_PROTECT, vmm_to_pte_flags(flags));
}
EXPORT_SYMBOL_NS_GPL(vmm_protect, NOVA_VMM_NS);

/**
 * vmm_lookup() - Translate one VA, from the CPU's copy of the tables.
 * @vmm: Address space.
 * @va: The VA.
 * @out: Set to the page holding @va.
 *
 * Makes no MMIO access. A page of another GPU's video memory (a peer PTE,
 * which only a grafted tree can hold) is refused: peer mappings are not
 * supported yet (the v2 peer address continues in COMPTAGLINE above bit 36,
 * kgmmuFmtInitPeerPteFld_TU10X, which nova_vmm does not decode), so
 * %VMM_APERTURE_PEER is never returned.
 *
 * Context: Process context; takes the page-table lock.
 * Return: 0; -EINVAL for a NULL argument; -ERANGE outside the address
 * space; -ENOENT if @va is not mapped; -EOPNOTSUPP if it maps a peer page;
 * -ENODEV if the GPU was removed.
 */
int vmm_lookup(struct vmm *vmm, u64 va, struct vmm_mapping *out)
{
	struct nova_mapping m;
	int ret;

	if (!vmm || !out)
		return -EINVAL;
	if (va < vmm->va_start || va >= vmm->va_end)
		return -ERANGE;
	if (nova_gpu_unplugged(vmm->gpu))
		return -ENODEV;
	mutex_lock(&vmm->lock);
	ret = nova_vmm_lookup_locked(vmm, va, &m);
	mutex_unlock(&vmm->lock);
	if (ret)
		return ret;
	if (m.pte.aperture == NOVA_APER_PEER)
		return -EOPNOTSUPP;
	out->va = m.va;
	out->page_size = m.page_size;
	out->addr = m.pte.addr;
	out->aperture = (enum vmm_aperture)m.pte.aperture;
	out->flags = VMM_MAP_KIND(m.pte.kind) | vmm_from_pte_flags(m.pte.flags);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_lookup, NOVA_VMM_NS);

/**
 * vmm_dma_limit() - The end of the system memory a GPU reaches.
 * @vmm: Address space.
 *
 * The smaller of what the PTE's address field holds and what the chip emits
 * (NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS: 47 bits Turing to Ada, 52
 * Hopper and Blackwell; the DMA mask set at probe).
 *
 * Return: The first system-memory address the GPU cannot reach.
 */
static u64 vmm_dma_limit(struct vmm *vmm)
{
	return min(vmm->fmt->sys_limit, BIT_ULL(vmm->gpu->chip->family->dma_bits));
}

static int vmm_dma_check(struct vmm *vmm, u64 va, const dma_addr_t *pages, unsigned int count,
			 u32 flags)
{
	unsigned int i;
	u64 limit;
	int ret;

	if (!vmm || !pages || !count || flags & ~VMM_MAP_SYS_ATTRS || !vmm_kind_ok(vmm, flags))
		return -EINVAL;
	if (vmm->sealed)
		return -EBUSY;
	ret = vmm_range_check(vmm, va, (u64)count * SZ_4K, SZ_4K);
	limit = vmm_dma_limit(vmm);
	for (i = 0; i < count && !ret; i++) {
		if (!IS_ALIGNED(pages[i], SZ_4K))
			ret = -EINVAL;
		else if (pages[i] >= limit)
			ret = -ERANGE;
	}
	return ret;
}

/**
 * vmm_map_dma() - Map system memory pages.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @pages: DMA address of each 4 KiB page (for the GPU's device), each
 *         4 KiB aligned.
 * @count: Number of pages.
 * @flags: VMM_MAP_READ_ONLY, _PRIVILEGED, _NO_ATOMIC, VMM_MAP_KIND(k),
 *         VMM_MAP_PAGE_4K (the only size), and VMM_MAP_NONCOHERENT for memory
 *         the GPU need not snoop; without it the memory is coherent and not
 *         cached in the GPU's L2 (v2 VOL, v3 an uncached PCF).
 *
 * Otherwise as vmm_map(): nothing may be mapped in the range.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for a zero count, a misaligned VA or page, unknown
 * flags; -ERANGE outside the address space or for a page beyond the GPU's
 * reach (at or above 2^47 on Turing, Ampere and Ada, 2^52 on Hopper and
 * Blackwell: the DMA mask nova_vmm sets at probe); -EEXIST; -EBUSY (as
 * vmm_map()); -ENOMEM; -ETIMEDOUT; -ENODEV.
 */
int vmm_map_dma(struct vmm *vmm, u64 va, const dma_addr_t *pages, unsigned int count,
		u32 flags)
{
	struct nova_map_req req = { .va = va, .size = (u64)count * SZ_4K, .dma = pages };
	int ret = vmm_dma_check(vmm, va, pages, count, flags);

	return ret ?: vmm_map_req(vmm, &req, flags);
}
EXPORT_SYMBOL_NS_GPL(vmm_map_dma, NOVA_VMM_NS);

/*
 * The 4 KiB pages of a table, counted without wrapping (review L1): at most
 * U32_MAX, the count vmm_map_dma() takes.
 */
static int sgt_count(struct sg_table *sgt, unsigned int *count)
{
	struct scatterlist *sg;
	unsigned int i, n = 0;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (!IS_ALIGNED(sg_dma_address(sg) | sg_dma_len(sg), SZ_4K))
			return -EINVAL;
		if (check_add_overflow(n, sg_dma_len(sg) / SZ_4K, &n))
			return -E2BIG;
	}
	*count = n;
	return 0;
}

static dma_addr_t *sgt_pages(struct sg_table *sgt, unsigned int *count)
{
	struct scatterlist *sg;
	dma_addr_t *pages;
	unsigned int i, n;
	u64 off;
	int ret;

	ret = sgt_count(sgt, &n);
	if (ret)
		return ERR_PTR(ret);
	pages = nova_fail_alloc(array_size(n, sizeof(*pages))) ? NULL :
		kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return ERR_PTR(-ENOMEM);
	n = 0;
	for_each_sgtable_dma_sg(sgt, sg, i)
		for (off = 0; off < sg_dma_len(sg); off += SZ_4K)
			pages[n++] = sg_dma_address(sg) + off;
	*count = n;
	return pages;
}

/**
 * vmm_map_sgt() - Map a DMA-mapped scatter-gather table of system memory.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @sgt: The table, DMA-mapped for the GPU; every DMA segment 4 KiB aligned
 *       in address and length.
 * @flags: As for vmm_map_dma().
 *
 * Context: Process context; may sleep.
 * Return: As vmm_map_dma(); -EINVAL also for a misaligned segment; -E2BIG
 * for more than U32_MAX pages in all.
 */
int vmm_map_sgt(struct vmm *vmm, u64 va, struct sg_table *sgt, u32 flags)
{
	dma_addr_t *pages;
	unsigned int count = 0;
	int ret;

	if (!sgt)
		return -EINVAL;
	pages = sgt_pages(sgt, &count);
	if (IS_ERR(pages))
		return PTR_ERR(pages);
	ret = vmm_map_dma(vmm, va, pages, count, flags);
	kvfree(pages);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vmm_map_sgt, NOVA_VMM_NS);

/* A map prepare, inside the GPU's section: -ENODEV once removed. */
static struct vmm_op *vmm_prepare_entered(struct vmm *vmm, const struct nova_map_req *req)
{
	struct vmm_op *op;
	int idx, ret = nova_gpu_enter(vmm->gpu, &idx);

	if (!ret && nova_gpu_gone(vmm->gpu))
		ret = -ENODEV;
	op = ret ? ERR_PTR(ret) : nova_map_prepare(vmm, req);
	nova_gpu_exit(vmm->gpu, idx);
	return op;
}

/**
 * vmm_map_prepare() - First half of a map that must not allocate when it runs.
 * @vmm: Address space.
 * @va: As for vmm_map().
 * @addr: As for vmm_map().
 * @size: As for vmm_map().
 * @flags: As for vmm_map().
 *
 * Checks the arguments and that the range is free, and allocates every
 * table the map will need. vmm_op_commit() then writes the entries without
 * allocating, e.g. from a DMA-fence signalling path; vmm_op_free() releases
 * what was not used. The operation owns its range until vmm_op_free():
 * any other call that touches it (map, unmap, protect, sparse, another
 * prepare) fails with -EBUSY, and no table on the way to it is freed, so the
 * commit finds what it planned. It holds a reference to @vmm.
 *
 * Context: Process context; may sleep; allocates.
 * Return: The operation; ERR_PTR() of vmm_map()'s argument errors (-EACCES
 * among them), -EBUSY, -EEXIST, -ENOMEM, -ENODEV.
 */
struct vmm_op *vmm_map_prepare(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags)
{
	struct nova_map_req req = { .va = va, .size = size, .addr = addr };
	int ret;

	if (!vmm)
		return ERR_PTR(-EINVAL);
	ret = vmm_map_client_check(vmm, va, addr, size, flags);
	if (!ret && nova_gpu_gone(vmm->gpu))
		ret = -ENODEV;
	if (ret)
		return ERR_PTR(ret);
	vmm_req_attrs(vmm, &req, flags);
	return vmm_prepare_entered(vmm, &req);
}
EXPORT_SYMBOL_NS_GPL(vmm_map_prepare, NOVA_VMM_NS);

/**
 * vmm_unmap_prepare() - First half of an unmap for a fence signalling path.
 * @vmm: Address space.
 * @va: As for vmm_unmap().
 * @size: As for vmm_unmap().
 *
 * Checks the arguments and that the range is mapped; vmm_op_commit() clears
 * the entries and invalidates; vmm_op_free() frees the tables left empty.
 * The operation owns its range until vmm_op_free(), as vmm_map_prepare()'s.
 *
 * Context: Process context; may sleep.
 * Return: The operation; ERR_PTR() of vmm_unmap()'s errors but the
 * invalidate's, or -ENOMEM.
 */
struct vmm_op *vmm_unmap_prepare(struct vmm *vmm, u64 va, u64 size)
{
	struct vmm_op *op;
	int ret = vmm_range_begin(vmm, va, size);
	int idx;

	if (ret)
		return ERR_PTR(ret);
	ret = nova_gpu_enter(vmm->gpu, &idx);
	op = ret ? ERR_PTR(ret) : nova_unmap_prepare(vmm, va, size);
	nova_gpu_exit(vmm->gpu, idx);
	return op;
}
EXPORT_SYMBOL_NS_GPL(vmm_unmap_prepare, NOVA_VMM_NS);

/**
 * vmm_op_create() - An empty batch: several steps, one commit, one invalidate.
 * @vmm: Address space; the batch holds a reference to it until vmm_op_free().
 *
 * Add steps with vmm_op_add_map(), vmm_op_add_unmap(), vmm_op_add_protect()
 * and vmm_op_add_sparse(), in the order they are to happen, then
 * vmm_op_prepare() (may sleep, allocates), vmm_op_commit() (allocates
 * nothing, for a DMA-fence signalling path: every step, then one TLB
 * invalidate) and vmm_op_free(). Steps' ranges are disjoint, except that a
 * map or sparse step may cover what earlier unmap steps unmap, and a map
 * what an earlier step makes sparse: a bind that replaces mappings is
 * "unmap what it covers, then map" in one batch. DOC: Batches in batch.c
 * says how.
 *
 * Context: Process context; may sleep.
 * Return: The batch; ERR_PTR(-EINVAL) for a NULL @vmm; ERR_PTR(-ENOMEM).
 */
struct vmm_op *vmm_op_create(struct vmm *vmm)
{
	return vmm ? nova_batch_new(vmm) : ERR_PTR(-EINVAL);
}
EXPORT_SYMBOL_NS_GPL(vmm_op_create, NOVA_VMM_NS);

/* The batch's address space, or NULL if @op is not a batch. */
static struct vmm *batch_vmm(struct vmm_op *op)
{
	return !IS_ERR_OR_NULL(op) && nova_op_batch(op) ? nova_batch_vmm(op) : NULL;
}

/**
 * vmm_op_add_map() - Append a map of VRAM to a batch.
 * @op: From vmm_op_create(), not prepared yet.
 * @va: As for vmm_map().
 * @addr: As for vmm_map().
 * @size: As for vmm_map().
 * @flags: As for vmm_map().
 *
 * Context: Process context; may sleep.
 * Return: 0; vmm_map()'s argument errors (-EACCES for VRAM outside one live
 * client allocation among them); -EINVAL if @op is not a batch or
 * the range overlaps an earlier step's other than an unmap's; -EBUSY if
 * the batch is prepared; -ENOMEM.
 */
int vmm_op_add_map(struct vmm_op *op, u64 va, u64 addr, u64 size, u32 flags)
{
	struct nova_map_req req = { .va = va, .size = size, .addr = addr };
	struct vmm *vmm = batch_vmm(op);
	struct vmm_op *step;
	int ret;

	if (!vmm)
		return -EINVAL;
	ret = vmm_map_client_check(vmm, va, addr, size, flags);
	if (ret)
		return ret;
	vmm_req_attrs(vmm, &req, flags);
	step = nova_step_map(vmm, &req);
	return step ? nova_batch_add(op, step, va, size, NOVA_JOURNAL_MAP) : -ENOMEM;
}
EXPORT_SYMBOL_NS_GPL(vmm_op_add_map, NOVA_VMM_NS);

static int batch_add_range(struct vmm_op *op, u64 va, u64 size, enum nova_range_mode mode,
			   u32 pte_flags, enum nova_journal_kind kind)
{
	struct vmm *vmm = batch_vmm(op);
	struct vmm_op *step;
	int ret;

	if (!vmm)
		return -EINVAL;
	ret = vmm->sealed ? -EBUSY : vmm_range_check(vmm, va, size, SZ_4K);
	if (ret)
		return ret;
	step = nova_step_range(vmm, va, size, mode, pte_flags);
	return step ? nova_batch_add(op, step, va, size, kind) : -ENOMEM;
}

/**
 * vmm_op_add_unmap() - Append an unmap to a batch.
 * @op: From vmm_op_create(), not prepared yet.
 * @va: As for vmm_unmap().
 * @size: As for vmm_unmap().
 *
 * Context: Process context; may sleep.
 * Return: As vmm_op_add_map(), with vmm_unmap()'s argument errors.
 */
int vmm_op_add_unmap(struct vmm_op *op, u64 va, u64 size)
{
	return batch_add_range(op, va, size, NOVA_RANGE_UNMAP, 0, NOVA_JOURNAL_UNMAP);
}
EXPORT_SYMBOL_NS_GPL(vmm_op_add_unmap, NOVA_VMM_NS);

/**
 * vmm_op_add_protect() - Append a permission change to a batch.
 * @op: From vmm_op_create(), not prepared yet.
 * @va: As for vmm_protect().
 * @size: As for vmm_protect().
 * @flags: As for vmm_protect().
 *
 * Context: Process context; may sleep.
 * Return: As vmm_op_add_map(), with vmm_protect()'s argument errors.
 */
int vmm_op_add_protect(struct vmm_op *op, u64 va, u64 size, u32 flags)
{
	if (flags & ~(VMM_MAP_READ_ONLY | VMM_MAP_PRIVILEGED | VMM_MAP_NO_ATOMIC))
		return -EINVAL;
	return batch_add_range(op, va, size, NOVA_RANGE_PROTECT, vmm_to_pte_flags(flags),
			       NOVA_JOURNAL_PROTECT);
}
EXPORT_SYMBOL_NS_GPL(vmm_op_add_protect, NOVA_VMM_NS);

/**
 * vmm_op_add_sparse() - Append a vmm_sparse() to a batch.
 * @op: From vmm_op_create(), not prepared yet.
 * @va: As for vmm_sparse().
 * @size: As for vmm_sparse().
 * @enable: Make the range sparse, or clear a sparse range.
 *
 * The step means what vmm_sparse() means, and later steps see its effect:
 * a later map step may map inside the range it makes sparse, and an unmap
 * there makes the pages sparse again. It may cover what earlier unmap
 * steps unmap (to unbind a sparse range: unmap what is mapped in it, then
 * clear it). Its marks change with its entries, at the commit; making a
 * range sparse needs no ACK_GLOBALLY invalidate, clearing one does.
 *
 * Context: Process context; may sleep.
 * Return: As vmm_op_add_map(), with vmm_sparse()'s argument errors.
 */
int vmm_op_add_sparse(struct vmm_op *op, u64 va, u64 size, bool enable)
{
	struct nova_map_req req = { .va = va, .size = size, .sparse = true };
	struct vmm *vmm = batch_vmm(op);
	struct vmm_op *step;
	int ret;

	if (!enable)
		return batch_add_range(op, va, size, NOVA_RANGE_UNSPARSE, 0,
				       NOVA_JOURNAL_UNSPARSE);
	if (!vmm)
		return -EINVAL;
	ret = vmm->sealed ? -EBUSY : vmm_range_check(vmm, va, size, SZ_4K);
	if (ret)
		return ret;
	vmm_req_attrs(vmm, &req, 0);
	step = nova_step_map(vmm, &req);
	return step ? nova_batch_add(op, step, va, size, NOVA_JOURNAL_SPARSE) : -ENOMEM;
}
EXPORT_SYMBOL_NS_GPL(vmm_op_add_sparse, NOVA_VMM_NS);

/**
 * vmm_op_prepare() - Check every step of a batch and allocate what they need.
 * @op: From vmm_op_create(), with at least one step.
 *
 * Reserves the steps' ranges for the batch (any other operation touching
 * them gets -EBUSY until vmm_op_free()), checks each step against the
 * address space as the earlier steps will leave it, and allocates every
 * table the commit will write. On failure nothing is changed or kept, and
 * the batch may be prepared again.
 *
 * Context: Process context; may sleep; allocates.
 * Return: 0; -EINVAL if @op is not a batch, is empty or prepared; -ENODEV;
 * -EIO after a PCI error; the errors of vmm_map_prepare() and
 * vmm_unmap_prepare() for a step.
 */
int vmm_op_prepare(struct vmm_op *op)
{
	struct vmm *vmm = batch_vmm(op);
	int idx, ret;

	if (!vmm)
		return -EINVAL;
	if (nova_gpu_gone(vmm->gpu))
		return -ENODEV;
	ret = nova_gpu_enter(vmm->gpu, &idx);
	if (!ret)
		ret = nova_batch_prepare(op);
	nova_gpu_exit(vmm->gpu, idx);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vmm_op_prepare, NOVA_VMM_NS);

/**
 * vmm_set_pt_limit() - Cap the page-table memory of an address space.
 * @vmm: Address space.
 * @bytes: The most VRAM its page tables below the root may take; 0 for no
 *         limit (the default).
 *
 * A vmm_map() (and _vram, _dma, _sgt), vmm_sparse(), vmm_map_prepare() or
 * vmm_op_prepare() that needs new tables taking the address space past
 * @bytes fails with -ENOSPC, nothing changed. What is counted
 * (vmm_pt_bytes()): tables linked, tables prepared operations hold until
 * they are freed (so two prepared operations cannot pass the limit
 * together), tables unlinked and waiting for their TLB invalidate. The
 * root is not counted: vmm_create() allocates it once. A limit below what
 * is held unmaps nothing; only new tables are refused.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for NULL.
 */
int vmm_set_pt_limit(struct vmm *vmm, u64 bytes)
{
	if (!vmm)
		return -EINVAL;
	mutex_lock(&vmm->op_lock);
	vmm->pt_limit = bytes;
	mutex_unlock(&vmm->op_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_set_pt_limit, NOVA_VMM_NS);

/**
 * vmm_pt_bytes() - Page-table memory an address space holds.
 * @vmm: Address space.
 *
 * Also in debugfs: ``ptmem`` in the address space's directory.
 *
 * Return: Bytes of its tables below the root, as vmm_set_pt_limit() counts
 * them; 0 for NULL.
 */
u64 vmm_pt_bytes(struct vmm *vmm)
{
	return vmm ? atomic64_read(&vmm->pt_bytes) : 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_pt_bytes, NOVA_VMM_NS);

/**
 * vmm_sparse() - Make a range sparse, or clear a sparse range.
 * @vmm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 * @enable: Make it sparse, or clear it.
 *
 * In a sparse range GPU reads return zero and writes are dropped instead of
 * faulting. Each part of the range is made sparse at the highest level that
 * covers it whole (a sparse PDE, a sparse dual PDE, sparse PTEs). Pages can
 * be mapped inside it (the rest stays sparse) and unmapping them makes them
 * sparse again. Clearing frees the tables the range no longer needs; no
 * page may be mapped in it then.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL or -ERANGE for a bad range; -EEXIST (enable) if a page
 * is mapped in the range; -EBUSY (clear) if one is, and (both) if a
 * prepared operation owns part of the range or BAR1 is static (as
 * vmm_map()); -EINVAL (clear) if the
 * range cuts a sparse entry it did not make; -ENOMEM; -ETIMEDOUT, -ENODEV.
 */
int vmm_sparse(struct vmm *vmm, u64 va, u64 size, bool enable)
{
	struct nova_map_req req = { .va = va, .size = size, .sparse = true };
	int ret = vmm_range_begin(vmm, va, size);

	if (ret)
		return ret;
	vmm_req_attrs(vmm, &req, 0);
	return enable ? vmm_map_entered(vmm, &req) :
	       vmm_range_entered(vmm, va, size, NOVA_RANGE_UNSPARSE, 0);
}
EXPORT_SYMBOL_NS_GPL(vmm_sparse, NOVA_VMM_NS);

/**
 * vmm_op_commit() - Write a prepared operation's entries and invalidate.
 * @op: From vmm_map_prepare() or vmm_unmap_prepare(), or a batch after
 *      vmm_op_prepare() (every step, then one invalidate).
 *
 * Allocates nothing and takes no lock that is held around an allocation:
 * it may run in a DMA-fence signalling path, and is annotated as one
 * (dma_fence_begin_signalling()), so lockdep checks that. Tables an unmap
 * unlinks are freed by vmm_op_free(), after the invalidate.
 *
 * Context: Process context; may sleep (mutexes, the invalidate poll).
 * A prepared operation owns its range, so its commit writes what was
 * planned: it fails only with the device (nothing is written before the
 * walk is known to succeed) or at the invalidate, whose tables then wait
 * for a later one that completes.
 *
 * Return: 0; -EEXIST or -ENOENT if the operation was committed already
 * (nothing changed then); -ETIMEDOUT or -ENODEV from the TLB invalidate; -EINVAL
 * for NULL or an ERR_PTR (a prepare that failed), or a batch not prepared
 * or committed already.
 */
int vmm_op_commit(struct vmm_op *op)
{
	if (IS_ERR_OR_NULL(op))
		return -EINVAL;
	return nova_op_batch(op) ? nova_batch_commit(op) : nova_op_commit(op);
}
EXPORT_SYMBOL_NS_GPL(vmm_op_commit, NOVA_VMM_NS);

/**
 * vmm_op_free() - Release a prepared operation, committed or not.
 * @op: The operation, or NULL or an ERR_PTR.
 *
 * Frees the tables a map did not use and those an unmap unlinked.
 *
 * Context: Process context; may sleep. Not in a fence signalling path.
 */
void vmm_op_free(struct vmm_op *op)
{
	if (IS_ERR_OR_NULL(op))
		return;
	if (nova_op_batch(op))
		nova_batch_free(op);
	else
		nova_op_free(op);
}
EXPORT_SYMBOL_NS_GPL(vmm_op_free, NOVA_VMM_NS);
