// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Overview
 *
 * nova_vmm manages the GPU virtual address spaces of NVIDIA GPUs from
 * Turing to Blackwell. Its sources are layers, each a folder of src/ that
 * reaches only down (scripts/layers.sh checks it):
 *
 * * hw/ and fmt/: NVIDIA's register and page-table fields, and the two
 *   page-table formats (MMU v2, v3) as data.
 * * io/: the GPU's registers. &struct nova_gpu and the io seam every BAR0
 *   access goes through (nv_rd32()/nv_wr32()), the device-gone check, chip
 *   identification (a const descriptor per chip and family), PRAMIN, the
 *   BAR bind sequences and TLB invalidation.
 * * mm/: memory. The VRAM allocator (the kernel buddy allocator),
 *   page-table memory, the shadow tree (a CPU copy of every table) and the
 *   generic walker.
 * * vmm/: the address space, &struct vmm: map, unmap, protect, sparse,
 *   lookup, teardown, grafting, instance blocks, its debugfs files. Only
 *   vmm/vmm.c exports functions.
 * * drv/: the PCI driver and GPU bring-up (this file: nova_gpu_init(),
 *   shared with the KUnit rig), the BAR1/BAR2 address spaces, the client
 *   interface and the GPU's debugfs directory.
 *
 * A map plans on the shadow tree, allocates, then commits: it writes the
 * changed entries through PRAMIN a run at a time and invalidates the TLB
 * once. Nothing reads VRAM on these paths. Clients use the functions
 * exported in <nova_vmm/vmm.h>. What the module does can be watched through
 * debugfs and the nova_vmm tracepoints (io/trace.h).
 */
#include <linux/device.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/sizes.h>

#include "drv/bar.h"
#include "drv/bringup.h"
#include "drv/debugfs.h"
#include "fmt/pt_fmt.h"
#include "io/bar2wc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

/**
 * vram_overlap() - The reserved range a range of VRAM overlaps.
 * @gpu: GPU, its layout read.
 * @start: First byte.
 * @end: One past the last byte.
 *
 * Return: The first reserved range that [@start, @end) overlaps; NULL if it
 * overlaps none (it reaches only a gap between them).
 */
static const struct nova_vram_range *vram_overlap(struct nova_gpu *gpu, u64 start, u64 end)
{
	const struct nova_vram_layout *l = &gpu->layout;
	unsigned int i;

	for (i = 0; i < l->nr; i++)
		if (start < l->reserved[i].end && end > l->reserved[i].start)
			return &l->reserved[i];
	return NULL;
}

/**
 * vram_range_refuse() - Refuse a VRAM range that reaches reserved VRAM.
 * @gpu: GPU, its layout read.
 * @start: First byte of the range the parameters ask for.
 * @end: One past its last byte.
 *
 * vram_start_mib/vram_mib narrow the usable VRAM, never widen it: a range
 * that reaches into reserved VRAM is refused, not clipped, so that what
 * nova_vmm manages is always what the parameters say. The message names the
 * reserved range.
 *
 * Return: -EINVAL.
 */
static int vram_range_refuse(struct nova_gpu *gpu, u64 start, u64 end)
{
	const struct nova_vram_range *r = vram_overlap(gpu, start, end);

	if (r)
		dev_err(gpu->dev, "VRAM range %#llx-%#llx overlaps the %s at %#llx-%#llx: refused; usable VRAM ends at %#llx\n",
			start, end, r->why, r->start, r->end, gpu->layout.usable_end);
	else
		dev_err(gpu->dev, "VRAM range %#llx-%#llx reaches reserved VRAM (from %#llx up): refused\n",
			start, end, gpu->layout.usable_end);
	return -EINVAL;
}

/**
 * gpu_vram_range() - The VRAM nova_vmm allocates from.
 * @gpu: GPU, its layout read, with @vram_start and @vram_limit set.
 * @size: Set to the bytes from @gpu->vram_start on.
 *
 * Below the reserved ranges of the layout; tables must be reachable through
 * PRAMIN and by a PDE's address field; the parameters may narrow it down.
 *
 * Return: 0; -EINVAL for a misaligned range, one past what nova_vmm can
 * reach, or one that reaches reserved VRAM.
 */
static int gpu_vram_range(struct nova_gpu *gpu, u64 *size)
{
	u64 reach = min(nova_pramin_limit(gpu), gpu->chip->family->fmt->vid_limit);
	u64 end = min(reach, gpu->layout.usable_end);
	u64 start = gpu->vram_start, want = gpu->vram_limit;

	if (!IS_ALIGNED(start | want, SZ_4K) || start >= reach || want > reach - start) {
		dev_err(gpu->dev, "VRAM range %#llx+%#llx outside the %llu MiB nova_vmm can use\n",
			start, want, reach / SZ_1M);
		return -EINVAL;
	}
	if (start >= end || want > end - start)
		return vram_range_refuse(gpu, start, start + (want ?: reach - start));
	*size = want ?: end - start;
	return 0;
}

/**
 * vram_layout_print() - Show the VRAM layout in dmesg, once, at probe.
 * @gpu: GPU, up.
 */
static void vram_layout_print(struct nova_gpu *gpu)
{
	const struct nova_vram_layout *l = &gpu->layout;
	unsigned int i;

	dev_info(gpu->dev, "VRAM usable 0x0-%#llx, allocating from %#llx-%#llx\n",
		 l->usable_end, gpu->vram_start, gpu->vram_start + nova_vram_managed(gpu));
	for (i = 0; i < l->nr; i++)
		dev_info(gpu->dev, "VRAM reserved %#llx-%#llx: %s\n", l->reserved[i].start,
			 l->reserved[i].end, l->reserved[i].why);
}

/* VRAM allocator, page-table memory, locks, address-space list. */
static int gpu_mem_init(struct nova_gpu *gpu)
{
	u64 size;
	int ret;

	ret = gpu_vram_range(gpu, &size);
	if (!ret)
		ret = nova_vram_init(gpu, gpu->vram_start, size);
	if (ret)
		return ret;
	ret = nova_pt_mem_init(gpu);
	if (ret) {
		nova_vram_fini(gpu);
		return ret;
	}
	mutex_init(&gpu->tlb_lock);
	gpu->tlb_pending = false;
	mutex_init(&gpu->vmm_lock);
	INIT_LIST_HEAD(&gpu->vmms);
	gpu->vmm_ids = 0;
	nova_debugfs_gpu_init(gpu);
	return 0;
}

static void gpu_mem_fini(struct nova_gpu *gpu)
{
	nova_debugfs_gpu_fini(gpu);
	mutex_destroy(&gpu->vmm_lock);
	mutex_destroy(&gpu->tlb_lock);
	nova_pt_mem_fini(gpu);
	nova_vram_fini(gpu);
}

/*
 * The last reference to the GPU core: free what it holds in host memory
 * (the GPU counts as gone: nothing touches a register), then the struct.
 */
static void gpu_release(struct nova_gpu *gpu)
{
	struct device *dev = gpu->dev;

	nova_bars_fini(gpu);
	gpu_mem_fini(gpu);
	nova_gpu_state_fini(gpu);
	nova_pramin_fini(gpu);
	nova_bar2wc_fini(gpu);
	if (gpu->free)
		gpu->free(gpu);
	put_device(dev);
}

/* The driver's reference; the device stays for messages until the last. */
static void gpu_core_init(struct nova_gpu *gpu)
{
	kref_init(&gpu->ref);
	gpu->release = gpu_release;
	get_device(gpu->dev);
}

/**
 * nova_gpu_init() - Identify the chip, size VRAM and lay it out, set up PRAMIN.
 * @gpu: GPU with @dev and its registers (BAR0 or test rig) set, and
 *       @bar1_size, @bar2_size (0: the GPU has no such BAR), @bar1_skip,
 *       @vram_start, @vram_limit and @free.
 *
 * On success the caller holds the driver's reference to the GPU core
 * (DOC: Lifetime, io/gpu.c), which nova_gpu_fini() drops; on failure
 * everything is undone and @gpu is still the caller's to free.
 *
 * Context: Process context.
 * Return: 0; -ENODEV for an unsupported chip, a device that is gone, one
 * that reports no VRAM, more than its PRAMIN window and page tables address
 * (nova_vram_size_max()) or too little for the firmware's reserved ranges, or
 * an untrustworthy GA100 MMU_LOCK range; -EINVAL for a VRAM range
 * (@vram_start, @vram_limit) that is misaligned, leaves the VRAM nova_vmm
 * can use or reaches into reserved VRAM; -ENOMEM.
 */
int nova_gpu_init(struct nova_gpu *gpu)
{
	int ret;

	ret = nova_chip_identify(gpu);
	if (ret)
		return ret;
	ret = nova_vram_size_read(gpu);
	if (!ret)
		ret = nova_vram_layout_read(gpu);
	if (ret)
		return ret;
	ret = nova_pramin_init(gpu);
	if (ret)
		return ret;
	ret = nova_gpu_state_init(gpu);
	if (ret)
		goto err_pramin;
	ret = gpu_mem_init(gpu);
	if (ret)
		goto err_state;
	ret = nova_bars_init(gpu);
	if (ret)
		goto err_mem;
	dev_info(gpu->dev, "%s (%s, %s), %llu MiB VRAM\n", gpu->chip->name,
		 gpu->chip->family->name, gpu->chip->family->fmt->name,
		 gpu->vram_size / SZ_1M);
	vram_layout_print(gpu);
	gpu_core_init(gpu);
	return 0;

err_mem:
	gpu_mem_fini(gpu);
err_state:
	nova_gpu_state_fini(gpu);
err_pramin:
	nova_pramin_fini(gpu);
	return ret;
}

/**
 * nova_gpu_fini() - Remove a GPU: the device side now, the rest with the last handle.
 * @gpu: GPU from nova_gpu_init(); clients told to let go (they may not have).
 *
 * Unbinds the BARs while the device is there, marks the GPU unplugged and
 * waits until no entry point is inside (nova_gpu_unplug()): from then on
 * every vmm_* call on a handle that survives fails with -ENODEV and nothing
 * touches the device, so its BARs may go. Removes the GPU's debugfs
 * directory with every address space's, then drops the driver's reference:
 * the GPU core is freed now, or when the last address space, VRAM
 * allocation or operation that holds it goes. A GPU that is not running
 * (suspended, in reset, after a PCI error) is removed without MMIO: calls
 * still waiting for a resume fail, the BARs are not unbound.
 *
 * Context: Process context, outside any entry point; sleeps.
 */
void nova_gpu_fini(struct nova_gpu *gpu)
{
	/* Removed while asleep or in reset: nothing waits for a resume any more. */
	if (READ_ONCE(gpu->state) != NOVA_GPU_RUNNING)
		nova_gpu_set_state(gpu, NOVA_GPU_IO_ERROR);
	nova_bars_unbind(gpu);
	nova_gpu_unplug(gpu);
	nova_debugfs_gpu_fini(gpu);
	nova_gpu_put(gpu);
}
