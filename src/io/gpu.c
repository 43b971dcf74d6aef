// SPDX-License-Identifier: GPL-2.0
/*
 * The io seam's helpers: the device-gone check and the one bounded poll
 * that BAR binds and TLB invalidates wait with.
 */
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/limits.h>

#include "hw/nv_pmc.h"
#include "io/gpu.h"

/**
 * nova_gpu_check_gone() - Tell whether the device fell off the bus.
 * @gpu: GPU.
 *
 * Called after a read returned all ones, which may also be real data: a
 * device that is gone reads all ones from NV_PMC_BOOT_0 as well. Marks @gpu
 * gone, so that later calls fail fast.
 *
 * Return: true if the device is gone.
 */
bool nova_gpu_check_gone(struct nova_gpu *gpu)
{
	if (nova_gpu_gone(gpu))
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
 * Return: 0; -ETIMEDOUT; -ENODEV if the device is gone.
 */
int nova_poll_clear(struct nova_gpu *gpu, u32 reg, u32 busy, u64 timeout_us, u32 *last)
{
	int ret;

	ret = read_poll_timeout(nv_rd32, *last, poll_done(gpu, *last, busy), 1, timeout_us,
				false, gpu, reg);
	return nova_gpu_gone(gpu) ? -ENODEV : ret;
}
