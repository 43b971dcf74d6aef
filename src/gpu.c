// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Overview
 *
 * nova_vmm manages the GPU virtual address spaces of NVIDIA GPUs from
 * Turing to Blackwell. The PCI driver (drv.c) binds a GPU; nova_gpu_init(),
 * shared with the KUnit rig, identifies the chip (chip.c: a const
 * descriptor per chip and family), sizes VRAM, sets up the PRAMIN window
 * (pramin.c), the VRAM allocator (vram.c, the kernel buddy allocator),
 * page-table memory (pt_mem.c), debugfs, and the BAR1/BAR2 address spaces
 * (bar.c). Every BAR0 access goes through nv_rd32()/nv_wr32().
 *
 * An address space, &struct vmm (vmm*.c), is a root table in VRAM and a
 * CPU copy of every table (the shadow tree, shadow.c), walked by one
 * generic walker (walk.c) over formats described as data (pt_fmt_v2.c,
 * pt_fmt_v3.c). A map plans on the shadow, allocates, then commits: it
 * writes the changed entries through PRAMIN a run at a time and
 * invalidates the TLB once (tlb.c). Nothing reads VRAM on these paths.
 * Clients use the functions exported in <nova_vmm/vmm.h>.
 *
 * What the module does can be watched through debugfs (debugfs.c) and the
 * nova_vmm tracepoints (trace.h).
 */
#include <linux/device.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/sizes.h>

#include "bar.h"
#include "chip.h"
#include "debugfs.h"
#include "gpu.h"
#include "hw/nv_pmc.h"
#include "pt_fmt.h"
#include "vram.h"

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

/*
 * The VRAM nova_vmm allocates from: tables must be reachable through PRAMIN
 * and by a PDE's address field; the parameters may narrow it down.
 */
static int gpu_vram_range(struct nova_gpu *gpu, u64 *size)
{
	u64 reach = min(gpu->pramin.limit, gpu->chip->family->fmt->vid_limit);

	if (!IS_ALIGNED(gpu->vram_start | gpu->vram_limit, SZ_4K) || gpu->vram_start >= reach ||
	    gpu->vram_limit > reach - gpu->vram_start) {
		dev_err(gpu->dev, "VRAM range %#llx+%#llx outside the %llu MiB nova_vmm can use\n",
			gpu->vram_start, gpu->vram_limit, reach / SZ_1M);
		return -EINVAL;
	}
	*size = gpu->vram_limit ?: reach - gpu->vram_start;
	return 0;
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
	nova_pt_mem_init(gpu);
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

/**
 * nova_gpu_init() - Identify the chip, size VRAM, set up PRAMIN.
 * @gpu: GPU with @dev and its registers (BAR0 or test rig) set, and
 *       @bar1_size, @bar1_skip, @vram_start and @vram_limit.
 *
 * Context: Process context.
 * Return: 0; -ENODEV for an unsupported chip, a device that is gone, or
 * one that reports no VRAM; -EINVAL for a VRAM range (@vram_start,
 * @vram_limit) that is misaligned or leaves the VRAM nova_vmm can use;
 * -ENOMEM.
 */
int nova_gpu_init(struct nova_gpu *gpu)
{
	int ret;

	ret = nova_chip_identify(gpu);
	if (ret)
		return ret;
	ret = nova_vram_size_read(gpu);
	if (ret)
		return ret;
	nova_pramin_init(gpu);
	ret = gpu_mem_init(gpu);
	if (ret)
		goto err_pramin;
	ret = nova_bars_init(gpu);
	if (ret)
		goto err_mem;
	if (gpu->pramin.limit < gpu->vram_size)
		dev_warn(gpu->dev, "PRAMIN reaches only the first %llu MiB of VRAM\n",
			 gpu->pramin.limit / SZ_1M);
	dev_info(gpu->dev, "%s (%s, %s), %llu MiB VRAM\n", gpu->chip->name,
		 gpu->chip->family->name, gpu->chip->family->fmt->name,
		 gpu->vram_size / SZ_1M);
	return 0;

err_mem:
	gpu_mem_fini(gpu);
err_pramin:
	nova_pramin_fini(gpu);
	return ret;
}

/**
 * nova_gpu_fini() - Undo nova_gpu_init().
 * @gpu: GPU; every address space but the BAR ones destroyed.
 */
void nova_gpu_fini(struct nova_gpu *gpu)
{
	nova_bars_fini(gpu);
	gpu_mem_fini(gpu);
	nova_pramin_fini(gpu);
}
