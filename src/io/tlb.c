// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: TLB invalidation
 *
 * After page-table entries change, nova_tlb_invalidate() makes the GPU
 * forget what it cached for one address space (one PDB):
 *
 * 1. Flush posted PRAMIN writes by reading back through the window, and
 *    writes through BAR2 by wmb() and a read back through BAR2 (DOC: Page
 *    tables through BAR2), so the MMU walks the new entries.
 * 2. Write the PDB to MMU_INVALIDATE_PDB (address >> 12 in ADDR 31:4,
 *    aperture video memory) and MMU_INVALIDATE_UPPER_PDB (the bits above).
 * 3. Write MMU_INVALIDATE with ALL_VA and TRIGGER; HUBTLB_ONLY for a BAR
 *    address space (only the hub TLB serves BAR1/BAR2); ACK_GLOBALLY when
 *    entries were removed or downgraded, so that the invalidate completes
 *    only once every TLB dropped them; on Turing SYS_MEMBAR as well, but
 *    for BAR2 (RM's membar WAR for downgrades).
 * 4. Poll until the hardware clears TRIGGER, for at most 2 s: -ETIMEDOUT.
 *
 * After a timeout the GPU counts as wedged: the next invalidate first reads
 * TRIGGER once (NVIDIA's driver waits for an invalidate in flight before it
 * writes the next one). Still set: it fails with -ETIMEDOUT at once,
 * writing nothing and waiting for nothing, so that tearing down N address
 * spaces of a wedged GPU takes bounded time. Clear: the GPU recovered and
 * the invalidate goes out.
 *
 * Invalidates are serialised per GPU by &nova_gpu.tlb_lock, which is never
 * held across an allocation. A read of all ones that BOOT_0 confirms means
 * the device is gone: -ENODEV, at once. While MMIO is off (suspend, reset,
 * PCI error) it fails with -EIO under the TLB lock, writing nothing.
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>

#include "io/bar2wc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_vm.h"
#include "io/pramin.h"
#include "io/tlb.h"
#include "io/trace.h"

#define INV(f)		NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_##f
#define INV_PDB(f)	NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB_##f
#define INV_UPPER(f)	NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB_##f

static u32 tlb_ctrl(const struct nova_gpu *gpu, u32 flags)
{
	u32 v = INV(ALL_VA) | INV(TRIGGER) |
		FIELD_PREP(INV(CACHE_LEVEL), INV(CACHE_LEVEL_ALL));

	if (flags & NOVA_TLB_HUB_ONLY)
		v |= INV(HUBTLB_ONLY);
	if (flags & NOVA_TLB_ACK)
		v |= FIELD_PREP(INV(ACK), INV(ACK_GLOBALLY));
	/* RM's membar WAR for downgrades: Turing, not BAR2 (chip.h). */
	if ((flags & NOVA_TLB_ACK) && !(flags & NOVA_TLB_BAR2) && gpu->chip->family->tlb_membar)
		v |= INV(SYS_MEMBAR);
	return v;
}

/* Wait for TRIGGER to clear; remember a timeout for the next invalidate. */
static int tlb_poll_locked(struct nova_gpu *gpu)
{
	u32 v;
	int ret;

	lockdep_assert_held(&gpu->tlb_lock);
	ret = nova_poll_clear(gpu, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE, INV(TRIGGER),
			      NOVA_TLB_TIMEOUT_US, &v);
	if (ret == -ENODEV || ret == -EIO)
		return ret;
	gpu->tlb_pending = ret == -ETIMEDOUT;
	return ret;
}

/* Wedged by a timeout: one read, no wait. */
static int tlb_wedged_locked(struct nova_gpu *gpu)
{
	u32 v;

	lockdep_assert_held(&gpu->tlb_lock);
	v = nv_rd32(gpu, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE);
	if (v == U32_MAX && nova_gpu_check_gone(gpu))
		return nova_gpu_lost_errno(gpu);
	if (v & INV(TRIGGER)) {
		dev_err_ratelimited(gpu->dev, "TLB invalidate still in flight: failing at once\n");
		return -ETIMEDOUT;
	}
	gpu->tlb_pending = false;
	return 0;
}

static int tlb_invalidate_locked(struct nova_gpu *gpu, u64 pdb, u32 flags)
{
	u64 pfn = pdb >> INV_PDB(ADDR_ALIGNMENT);
	int ret;

	lockdep_assert_held(&gpu->tlb_lock);
	if (nova_gpu_mmio_off(gpu))
		return -EIO;
	/*
	 * NVIDIA's driver first waits until no invalidate is in flight. The
	 * poll below ends every invalidate, so one can only still be in flight
	 * after a timeout: only then is this read worth its PCIe round trip.
	 */
	if (gpu->tlb_pending) {
		ret = tlb_wedged_locked(gpu);
		if (ret)
			return ret;
	}
	nv_wr32(gpu, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB,
		FIELD_PREP(INV_PDB(ADDR), pfn) |
		FIELD_PREP(INV_PDB(APERTURE), INV_PDB(APERTURE_VID_MEM)));
	nv_wr32(gpu, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB,
		FIELD_PREP(INV_UPPER(ADDR), pfn >> INV_UPPER(SHIFT)));
	nv_wr32(gpu, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE, tlb_ctrl(gpu, flags));
	ret = tlb_poll_locked(gpu);
	if (ret == -ETIMEDOUT)
		dev_err_ratelimited(gpu->dev, "TLB invalidate of PDB %#llx timed out\n", pdb);
	return ret;
}

/**
 * nova_tlb_invalidate() - Flush table writes and invalidate one address space.
 * @gpu: GPU.
 * @pdb: VRAM address of the address space's root table, 4 KiB aligned.
 * @flags: %NOVA_TLB_HUB_ONLY, %NOVA_TLB_ACK.
 *
 * Context: Process context; may sleep. Takes the PRAMIN lock, then the TLB
 * lock.
 * Return: 0; -ETIMEDOUT if the invalidate did not complete within 2 s, or
 * at once if an earlier one that timed out is still in flight; -ENODEV if
 * the device is gone; -EIO while MMIO is off (DOC: Power and errors).
 */
int nova_tlb_invalidate(struct nova_gpu *gpu, u64 pdb, u32 flags)
{
	bool traced = trace_nova_vmm_tlb_invalidate_enabled();
	u64 start = traced ? ktime_get_ns() : 0;
	int ret = nova_bar2wc_flush(gpu) ?: nova_pramin_flush(gpu);

	if (!ret) {
		mutex_lock(&gpu->tlb_lock);
		ret = tlb_invalidate_locked(gpu, pdb, flags);
		mutex_unlock(&gpu->tlb_lock);
	}
	if (traced)
		trace_nova_vmm_tlb_invalidate(pdb, flags, ktime_get_ns() - start, ret);
	return ret;
}
