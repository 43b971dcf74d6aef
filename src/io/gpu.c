// SPDX-License-Identifier: GPL-2.0
/*
 * The io seam's helpers: the device-gone check, the GPU's power and error
 * state (DOC: Power and errors, drv/pm.c, says who changes it) and the one
 * bounded poll that BAR binds and TLB invalidates wait with.
 */
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/limits.h>
#include <linux/pci.h>
#include <linux/wait_bit.h>

#include "hw/nv_pmc.h"
#include "io/gpu.h"
#include "io/pramin.h"

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
 * nova_gpu_enter() - Start an operation that issues MMIO.
 * @gpu: GPU.
 * @idx: Set to the SRCU index nova_gpu_exit() takes.
 *
 * While the GPU is suspended, being reset or restored, waits until it runs
 * again; the PM and reset callbacks wait for the operations already in.
 * Whatever it returns, the caller ends with nova_gpu_exit() (one SRCU read
 * side, held on every path, so that the pairing is plain to see).
 *
 * Context: Process context; may sleep.
 * Return: 0: go on; -EIO after a PCI error or a failed restore; -EINTR if
 * the task was killed while waiting.
 */
int nova_gpu_enter(struct nova_gpu *gpu, int *idx) __acquires(&gpu->srcu)
{
	enum nova_gpu_state s;
	int ret;

	*idx = srcu_read_lock(&gpu->srcu);
	for (;;) {
		s = READ_ONCE(gpu->state);
		if (s == NOVA_GPU_RUNNING)
			return 0;
		if (s == NOVA_GPU_IO_ERROR)
			return -EIO;
		srcu_read_unlock(&gpu->srcu, *idx);
		ret = wait_var_event_killable(&gpu->state, READ_ONCE(gpu->state) != s);
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
 * nova_gpu_check_gone() - Tell whether the device fell off the bus.
 * @gpu: GPU.
 *
 * Called after a read returned all ones, which may also be real data: a
 * device that is gone reads all ones from NV_PMC_BOOT_0 as well. Marks @gpu
 * gone, so that later calls fail fast. While MMIO is off or the PCI channel
 * is offline (an error) the access failed too, but the device is not marked
 * gone: it may come back (nova_gpu_lost_errno() says -EIO).
 *
 * Return: true if the access reached no device.
 */
bool nova_gpu_check_gone(struct nova_gpu *gpu)
{
	if (nova_gpu_gone(gpu) || gpu_io_frozen(gpu))
		return true;
	if (nv_rd32(gpu, NV_PMC_BOOT_0) != U32_MAX)
		return false;
	WRITE_ONCE(gpu->gone, true);
	dev_err(gpu->dev, "device fell off the bus\n");
	return true;
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
