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
 *
 * The same sections serve sleep, reset and PCI errors: the GPU's power and
 * error state (&nova_gpu.state; DOC: Power and errors, drv/pm.c, says who
 * changes it) makes nova_gpu_enter() wait while it is suspended or being
 * restored, and fail with -EIO after a PCI error; nova_gpu_quiesce() waits
 * for the sections in flight, as removal does.
 */
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/limits.h>
#include <linux/pci.h>
#include <linux/srcu.h>
#include <linux/wait_bit.h>

#include "hw/nv_pmc.h"
#include "io/gpu.h"
#include "io/pramin.h"

/*
 * Reads of NV_PMC_BOOT_0 that must all return all ones before a device
 * counts as gone for good: one (a link retrain, an AER event being handled)
 * is not enough (review L9).
 */
#define NOVA_GONE_READS		2

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

/*
 * An access that reads all ones while MMIO is off, or while the PCI core
 * reports the channel offline (an error not yet passed to
 * error_detected()), says nothing about the device being gone.
 */
static bool gpu_io_frozen(struct nova_gpu *gpu)
{
	return nova_gpu_mmio_off(gpu) ||
	       (dev_is_pci(gpu->dev) && pci_channel_offline(to_pci_dev(gpu->dev)));
}

/**
 * nova_gpu_lost_errno() - The errno of an access that reached no device.
 * @gpu: GPU.
 *
 * Return: -EIO while MMIO is off or the PCI channel is offline (the device
 * may come back), else -ENODEV.
 */
int nova_gpu_lost_errno(struct nova_gpu *gpu)
{
	return gpu_io_frozen(gpu) ? -EIO : -ENODEV;
}

/**
 * nova_gpu_state_init() - Set up the power and error state: running.
 * @gpu: GPU.
 *
 * Return: 0; -ENOMEM.
 */
int nova_gpu_state_init(struct nova_gpu *gpu)
{
	gpu->state = NOVA_GPU_RUNNING;
	return init_srcu_struct(&gpu->srcu);
}

/**
 * nova_gpu_state_fini() - Undo nova_gpu_state_init().
 * @gpu: GPU; no operation runs.
 */
void nova_gpu_state_fini(struct nova_gpu *gpu)
{
	cleanup_srcu_struct(&gpu->srcu);
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
 * calls fail fast. While MMIO is off (nova_gpu_mmio_off()) the access failed
 * too, but the device is not marked gone: nova_gpu_lost_errno() says -EIO.
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
	if (gpu_io_frozen(gpu))
		return true;
	return gpu_boot0_lost(gpu) && gpu_mark_gone(gpu);
}

/**
 * nova_gpu_enter() - Enter a section that may use the device.
 * @gpu: GPU.
 * @idx: Set to the SRCU index nova_gpu_exit() takes.
 *
 * Every entry point that may reach the device runs between nova_gpu_enter()
 * and nova_gpu_exit(); removal and nova_gpu_quiesce() wait for them. While
 * the GPU is suspended, being reset or restored, waits until it runs again.
 * Whatever it returns, the caller ends with nova_gpu_exit() (one SRCU read
 * side, held on every path, so that the pairing is plain to see).
 *
 * Context: Process context; may sleep.
 * Return: 0: go on; -ENODEV once the GPU was removed; -EIO after a PCI error
 * or a failed restore; -EINTR if the task was killed while waiting.
 */
int nova_gpu_enter(struct nova_gpu *gpu, int *idx) __acquires(&gpu->srcu)
{
	enum nova_gpu_state s;
	int ret;

	*idx = srcu_read_lock(&gpu->srcu);
	for (;;) {
		if (nova_gpu_unplugged(gpu))
			return -ENODEV;
		s = READ_ONCE(gpu->state);
		if (s == NOVA_GPU_RUNNING)
			return 0;
		if (s == NOVA_GPU_IO_ERROR)
			return -EIO;
		srcu_read_unlock(&gpu->srcu, *idx);
		ret = wait_var_event_killable(&gpu->state, READ_ONCE(gpu->state) != s ||
					      nova_gpu_unplugged(gpu));
		*idx = srcu_read_lock(&gpu->srcu);
		if (ret)
			return -EINTR;
	}
}

/**
 * nova_gpu_exit() - End what nova_gpu_enter() started, whatever it returned.
 * @gpu: GPU.
 * @idx: From nova_gpu_enter().
 */
void nova_gpu_exit(struct nova_gpu *gpu, int idx) __releases(&gpu->srcu)
{
	srcu_read_unlock(&gpu->srcu, idx);
}

/**
 * nova_gpu_set_state() - Change the power and error state; wake waiters.
 * @gpu: GPU.
 * @state: New state.
 */
void nova_gpu_set_state(struct nova_gpu *gpu, enum nova_gpu_state state)
{
	WRITE_ONCE(gpu->state, state);
	/* Pairs with the condition check in wait_var_event_killable(). */
	smp_mb();
	wake_up_var(&gpu->state);
}

/**
 * nova_gpu_quiesce() - Stop MMIO: wait for the operations and accesses in flight.
 * @gpu: GPU.
 * @state: %NOVA_GPU_SUSPENDED (later operations wait) or
 *         %NOVA_GPU_IO_ERROR (they fail with -EIO).
 *
 * When it returns no operation runs and no access is in flight: every
 * later PRAMIN access, invalidate and bind fails with -EIO without touching
 * the device. The cached PRAMIN window base is forgotten: whatever the
 * window register holds after a reset or resume, the next access writes it.
 *
 * Context: Process context; may sleep; takes the PRAMIN and TLB locks.
 */
void nova_gpu_quiesce(struct nova_gpu *gpu, enum nova_gpu_state state)
{
	nova_gpu_set_state(gpu, state);
	synchronize_srcu(&gpu->srcu);
	/* Paths outside an operation (teardown, debugfs) finish their access. */
	nova_pramin_forget(gpu);
	mutex_lock(&gpu->tlb_lock);
	mutex_unlock(&gpu->tlb_lock);
}

/**
 * nova_gpu_unplug() - Mark a GPU removed and wait for its sections to end.
 * @gpu: GPU.
 *
 * After it returns no entry point is inside and none enters, and the GPU
 * counts as gone: nothing issues MMIO any more. Calls waiting for a resume
 * wake up and fail with -ENODEV.
 *
 * Context: Process context, outside any section; sleeps.
 */
void nova_gpu_unplug(struct nova_gpu *gpu)
{
	WRITE_ONCE(gpu->unplugged, true);
	WRITE_ONCE(gpu->gone, true);
	/* Pairs with the condition check in wait_var_event_killable(). */
	smp_mb();
	wake_up_var(&gpu->state);
	synchronize_srcu(&gpu->srcu);
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
 * Return: 0; -ETIMEDOUT; -ENODEV if the device is gone; -EIO if it reads
 * all ones during a PCI error.
 */
int nova_poll_clear(struct nova_gpu *gpu, u32 reg, u32 busy, u64 timeout_us, u32 *last)
{
	int ret;

	ret = read_poll_timeout(nv_rd32, *last, poll_done(gpu, *last, busy), 1, timeout_us,
				false, gpu, reg);
	if (nova_gpu_gone(gpu))
		return -ENODEV;
	return *last == U32_MAX && gpu_io_frozen(gpu) ? -EIO : ret;
}
