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
#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

/*
 * The VRAM nova_vmm allocates from: tables must be reachable through PRAMIN
 * and by a PDE's address field; the parameters may narrow it down.
 */
static int gpu_vram_range(struct nova_gpu *gpu, u64 *size)
{
	u64 reach = min(nova_pramin_limit(gpu), gpu->chip->family->fmt->vid_limit);

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
	ret = nova_pramin_init(gpu);
	if (ret)
		return ret;
	ret = gpu_mem_init(gpu);
	if (ret)
		goto err_pramin;
	ret = nova_bars_init(gpu);
	if (ret)
		goto err_mem;
	if (nova_pramin_limit(gpu) < gpu->vram_size)
		dev_warn(gpu->dev, "PRAMIN reaches only the first %llu MiB of VRAM\n",
			 nova_pramin_limit(gpu) / SZ_1M);
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
