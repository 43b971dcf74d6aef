// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Restore
 *
 * After a reset (FLR, a PCI slot reset) or a resume from a sleep state that
 * powered VRAM off, the GPU's page tables, roots and instance blocks may be
 * gone, the PRAMIN window register reset and the BARs unbound. The shadow
 * tree holds every entry of every table nova_vmm wrote, so the restore is
 * exact and needs no saved copy of VRAM:
 *
 * 1. nova_vmm_restore_all(): forget the cached PRAMIN window base; empty
 *    the cache of zeroed page tables, whose VRAM may hold anything now, and
 *    start a new VRAM epoch (nova_pt_mem_lost(), DOC: Table cache); for each
 *    address space of the GPU (channel, grafted, BAR1, BAR2), under its
 *    operation and page-table locks, rewrite every table of its own whole,
 *    children before parents, the root last, then its instance block. In a
 *    grafted tree only the entries nova_vmm wrote into the foreign tables
 *    are written: the rest belongs to their owner, who restores it.
 * 2. The driver rebinds BAR2, then BAR1 (drv/pm.c).
 * 3. nova_vmm_invalidate_all(): one invalidate per address space (the BAR
 *    ones HUBTLB_ONLY). It completes, so tables whose invalidate had timed
 *    out or been refused before are freed, and so is the quarantine.
 *
 * What clients kept in VRAM (their buffers, the targets of their mappings)
 * is their concern: nova_vmm restores translations, not contents.
 *
 * Locking: the GPU's address-space list lock, then each address space's
 * operation and page-table locks (the one place they nest inside it).
 */
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>

#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/node.h"
#include "mm/pt_mem.h"
#include "vmm/restore.h"
#include "vmm/vmm_priv.h"

static int restore_one(struct vmm *vmm)
{
	int ret;

	mutex_lock(&vmm->op_lock);
	mutex_lock(&vmm->lock);
	ret = nova_node_restore(vmm->gpu, vmm->root) ?: nova_inst_restore(vmm);
	mutex_unlock(&vmm->lock);
	mutex_unlock(&vmm->op_lock);
	return ret;
}

/**
 * nova_vmm_restore_all() - Rewrite every table and instance block of a GPU.
 * @gpu: GPU, its MMIO on again (%NOVA_GPU_RESTORING), no operation running.
 *
 * Writes are posted: the caller flushes PRAMIN before it binds a BAR.
 *
 * Context: Process context; may sleep; takes the address-space list lock,
 * then each address space's locks.
 * Return: 0; -ENODEV; -EIO.
 */
int nova_vmm_restore_all(struct nova_gpu *gpu)
{
	struct vmm *vmm;
	int ret = 0;

	nova_pramin_forget(gpu);
	nova_pt_mem_lost(gpu);
	mutex_lock(&gpu->vmm_lock);
	list_for_each_entry(vmm, &gpu->vmms, node) {
		ret = restore_one(vmm);
		if (ret)
			break;
	}
	mutex_unlock(&gpu->vmm_lock);
	return ret;
}

static int invalidate_one(struct vmm *vmm)
{
	LIST_HEAD(freed);
	int ret;

	mutex_lock(&vmm->lock);
	ret = nova_vmm_invalidate_locked(vmm, &freed, 0);
	mutex_unlock(&vmm->lock);
	nova_pt_release(vmm->gpu, &freed);
	return ret;
}

/**
 * nova_vmm_invalidate_all() - Invalidate every address space of a GPU.
 * @gpu: GPU, its tables restored and its BARs bound.
 *
 * Tables left waiting for a completed invalidate (&vmm.stale, the
 * quarantine) are freed once theirs completes.
 *
 * Context: Process context; may sleep; takes the address-space list lock,
 * then each page-table lock.
 * Return: 0; -ETIMEDOUT; -ENODEV; -EIO.
 */
int nova_vmm_invalidate_all(struct nova_gpu *gpu)
{
	struct vmm *vmm;
	int ret = 0;

	mutex_lock(&gpu->vmm_lock);
	list_for_each_entry(vmm, &gpu->vmms, node) {
		ret = invalidate_one(vmm);
		if (ret)
			break;
	}
	mutex_unlock(&gpu->vmm_lock);
	if (!ret)
		nova_pt_quarantine_retry(gpu);
	return ret;
}
