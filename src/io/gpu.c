// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Lifetime
 *
 * A GPU core (&struct nova_gpu and the host memory it owns: VRAM allocator,
 * page-table memory, PRAMIN state, the BAR address spaces) outlives the PCI
 * device while handles exist. It is counted (&nova_gpu.ref): the driver
 * holds one reference from nova_gpu_init() to nova_gpu_fini(), every
 * channel address space one, every client VRAM allocation one, and a
 * prepared operation holds its address space (a BAR address space: the
 * GPU). The last nova_gpu_put() frees host memory only and touches no
 * register.
 *
 * Removal (nova_gpu_fini(), from PCI remove) first undoes what the device
 * holds (BAR binds), then marks the GPU unplugged and waits, with SRCU, for
 * every entry point that is still inside (nova_gpu_enter() to
 * nova_gpu_exit(), as drm_dev_enter()/drm_dev_exit()). From then on every
 * entry point fails with -ENODEV at once and no path issues MMIO (the GPU
 * also counts as gone), so BAR0 can be unmapped; releasing a handle frees
 * its host memory only. A client that keeps handles past its remove
 * callback is safe, only leaky until it lets go.
 */
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/limits.h>
#include <linux/pci.h>
#include <linux/srcu.h>

#include "hw/nv_pmc.h"
#include "io/gpu.h"

/*
 * Reads of NV_PMC_BOOT_0 that must all return all ones before a device
 * counts as gone for good: one (a link retrain, an AER event being handled)
 * is not enough (review L9).
 */
#define NOVA_GONE_READS		2

DEFINE_STATIC_SRCU(nova_unplug_srcu);

static bool gpu_mark_gone(struct nova_gpu *gpu)
{
	WRITE_ONCE(gpu->gone, true);
	dev_err(gpu->dev, "device fell off the bus\n");
	return true;
}

static bool gpu_boot0_lost(struct nova_gpu *gpu)
{
	unsigned int i;

	for (i = 0; i < NOVA_GONE_READS; i++)
		if (nv_rd32(gpu, NV_PMC_BOOT_0) != U32_MAX)
			return false;
	return true;
}

/**
 * nova_gpu_check_gone() - Tell whether the device fell off the bus.
 * @gpu: GPU.
 *
 * Called after a read returned all ones, which may also be real data. The
 * PCI core may know already: a channel that failed for good (surprise
 * removal, pci_dev_set_disconnected()) is gone; one that is frozen (error
 * recovery under way) fails this access but is not marked, recovery may
 * bring it back. Otherwise NV_PMC_BOOT_0, which never reads all ones on a
 * live GPU, must read all ones NOVA_GONE_READS times in a row: a single
 * transient read of all ones does not latch. Marks @gpu gone, so that later
 * calls fail fast.
 *
 * Context: Process context.
 * Return: true if the device is gone (or, for now, unreachable).
 */
bool nova_gpu_check_gone(struct nova_gpu *gpu)
{
	struct pci_dev *pdev = dev_is_pci(gpu->dev) ? to_pci_dev(gpu->dev) : NULL;

	if (nova_gpu_gone(gpu))
		return true;
	if (pdev && READ_ONCE(pdev->error_state) == pci_channel_io_perm_failure)
		return gpu_mark_gone(gpu);
	if (pdev && pci_channel_offline(pdev))
		return true;
	return gpu_boot0_lost(gpu) && gpu_mark_gone(gpu);
}

/**
 * nova_gpu_enter() - Enter a section that may use the device.
 * @gpu: GPU.
 * @idx: Set to the SRCU index nova_gpu_exit() takes.
 *
 * Every entry point that may reach the device runs between nova_gpu_enter()
 * and nova_gpu_exit(); removal waits for them (DOC: Lifetime). Sections
 * nest.
 *
 * Context: Any.
 * Return: true, inside the section; false if the GPU was removed (no
 * section: do not call nova_gpu_exit()).
 */
bool nova_gpu_enter(struct nova_gpu *gpu, int *idx)
{
	*idx = srcu_read_lock(&nova_unplug_srcu);
	if (!nova_gpu_unplugged(gpu)) {
		/*
		 * The section spans the caller until nova_gpu_exit(); sparse
		 * counts lock contexts per function, so balance it here.
		 */
		__release(&nova_unplug_srcu);
		return true;
	}
	srcu_read_unlock(&nova_unplug_srcu, *idx);
	return false;
}

/**
 * nova_gpu_exit() - Leave a section nova_gpu_enter() opened.
 * @idx: Its index.
 *
 * Context: Any.
 */
void nova_gpu_exit(int idx)
{
	__acquire(&nova_unplug_srcu);	/* taken in nova_gpu_enter() */
	srcu_read_unlock(&nova_unplug_srcu, idx);
}

/**
 * nova_gpu_unplug() - Mark a GPU removed and wait for its sections to end.
 * @gpu: GPU.
 *
 * After it returns no entry point is inside and none enters, and the GPU
 * counts as gone: nothing issues MMIO any more.
 *
 * Context: Process context, outside any section; sleeps.
 */
void nova_gpu_unplug(struct nova_gpu *gpu)
{
	WRITE_ONCE(gpu->unplugged, true);
	WRITE_ONCE(gpu->gone, true);
	synchronize_srcu(&nova_unplug_srcu);
}

/**
 * nova_gpu_get() - Take a reference to the GPU core.
 * @gpu: GPU, with a reference held by the caller already.
 *
 * Context: Any.
 */
void nova_gpu_get(struct nova_gpu *gpu)
{
	kref_get(&gpu->ref);
}

static void gpu_release(struct kref *ref)
{
	struct nova_gpu *gpu = container_of(ref, struct nova_gpu, ref);

	gpu->release(gpu);
}

/**
 * nova_gpu_put() - Drop a reference; the last one frees the GPU core.
 * @gpu: GPU.
 *
 * The last one calls &nova_gpu.release, which frees host memory and touches
 * no register.
 *
 * Context: Process context; may sleep.
 */
void nova_gpu_put(struct nova_gpu *gpu)
{
	kref_put(&gpu->ref, gpu_release);
}

static bool poll_done(struct nova_gpu *gpu, u32 v, u32 busy)
{
	return !(v & busy) || (v == U32_MAX && nova_gpu_check_gone(gpu));
}

/**
 * nova_poll_clear() - Wait, bounded, until bits of a register read zero.
 * @gpu: GPU.
 * @reg: BAR0 offset.
 * @busy: The bits that must clear.
 * @timeout_us: Bound of the wait.
 * @last: The last value read.
 *
 * Polls every microsecond (read_poll_timeout()). A read of all ones that
 * NV_PMC_BOOT_0 confirms ends the wait: the device is gone.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ETIMEDOUT; -ENODEV if the device is gone.
 */
int nova_poll_clear(struct nova_gpu *gpu, u32 reg, u32 busy, u64 timeout_us, u32 *last)
{
	int ret;

	ret = read_poll_timeout(nv_rd32, *last, poll_done(gpu, *last, busy), 1, timeout_us,
				false, gpu, reg);
	return nova_gpu_gone(gpu) ? -ENODEV : ret;
}
