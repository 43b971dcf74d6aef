// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Module parameters
 *
 * Read at probe; a value nova_vmm cannot use fails the probe with -EINVAL
 * and a message naming it.
 *
 * ``vram_start_mib`` (uint, default 0) and ``vram_mib`` (uint, default 0)
 *   The VRAM range nova_vmm allocates page tables, instance blocks and
 *   clients' VRAM (vmm_vram_alloc()) from: ``vram_mib`` MiB from MiB
 *   ``vram_start_mib`` on; ``vram_mib=0`` means up to the end of the VRAM it
 *   can use (what PRAMIN reaches, below the firmware's reserved ranges:
 *   the VGA workspace, FRTS, GA100's MMU-locked range; see
 *   nova_vram_layout_read()). Leave the rest to another user of VRAM. The
 *   range must lie inside that VRAM: the parameters narrow it, never widen
 *   it, and a range that reaches into a reserved range is refused, not
 *   clipped, with a message naming the range.
 *
 * ``bar1`` (bool, default 1)
 *   Set up the BAR1 address space; with ``bar1=0`` only BAR2 is set up and
 *   vmm_bar1() returns NULL (BAR1 stays in physical mode for someone else).
 *
 * ``rebar`` (bool, default 1)
 *   Grow BAR1 at probe to the largest size the device's Resizable BAR
 *   capability offers and the address space fits (DOC: Resizable BAR);
 *   ``rebar=0`` leaves it as firmware sized it.
 *
 * ``bar1_static`` (bool, default 0)
 *   Map all usable VRAM into BAR1 at probe when BAR1 covers it, BAR1 offset
 *   = VRAM address (DOC: BAR1 and BAR2): clients get offsets from
 *   vmm_vram_bar1_offset() and cannot map BAR1 themselves (-EBUSY).
 *
 * The PCI driver binds NVIDIA display-class devices (VGA and 3D controllers).
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "drv/debugfs.h"
#include "drv/bar.h"
#include "drv/bringup.h"
#include "drv/client.h"
#include "drv/pm.h"
#include "drv/rebar.h"
#include "io/gpu.h"
#include "hw/nv_bus.h"
#include "mm/node.h"

#define NOVA_BAR0		0
/* Match base class and subclass, any programming interface. */
#define NOVA_PCI_CLASS_MASK	0xffff00

static const struct pci_device_id nova_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_NVIDIA, PCI_ANY_ID),
	  .class = PCI_CLASS_DISPLAY_VGA << 8, .class_mask = NOVA_PCI_CLASS_MASK },
	{ PCI_DEVICE(PCI_VENDOR_ID_NVIDIA, PCI_ANY_ID),
	  .class = PCI_CLASS_DISPLAY_3D << 8, .class_mask = NOVA_PCI_CLASS_MASK },
	{ }
};
MODULE_DEVICE_TABLE(pci, nova_pci_ids);

/* BAR1 is resource 2 when BAR0 is a 64-bit BAR (it takes two slots). */
static int nova_bar1_resource(struct pci_dev *pdev)
{
	return pci_resource_flags(pdev, NOVA_BAR0) & IORESOURCE_MEM_64 ? 2 : 1;
}

/**
 * nova_bar2_resource() - The PCI resource of BAR2 (the instance-memory BAR).
 * @pdev: The GPU's PCI device.
 *
 * BAR1 is a 64-bit BAR and takes two slots: BAR2 is resource 3 (nouveau
 * reads BAR2's size and address from resource 3: subdev/bar/nv50.c,
 * instmem/nv50.c), one further on when BAR0 is 64-bit too.
 *
 * Return: The resource index.
 */
static int nova_bar2_resource(struct pci_dev *pdev)
{
	return nova_bar1_resource(pdev) + 2;
}

/* The length of a BAR with an address (a resize can leave one without). */
static u64 nova_bar_len(struct pci_dev *pdev, int resno)
{
	return pdev->resource[resno].parent ? pci_resource_len(pdev, resno) : 0;
}

/**
 * nova_pci_bars() - Size the BAR1 and BAR2 apertures; say which are absent.
 * @pdev: The GPU's PCI device.
 * @gpu: Its GPU: @bar1_size and @bar2_size are set.
 *
 * Some parts expose only BAR0: an absent BAR (length 0, or no address
 * assigned) gets no address space, and everything else works.
 */
static void nova_pci_bars(struct pci_dev *pdev, struct nova_gpu *gpu)
{
	gpu->bar1_size = nova_bar_len(pdev, nova_bar1_resource(pdev));
	gpu->bar2_size = nova_bar_len(pdev, nova_bar2_resource(pdev));
	if (!gpu->bar1_size)
		dev_info(&pdev->dev, "no BAR1 resource: no BAR1 address space\n");
	if (!gpu->bar2_size)
		dev_info(&pdev->dev, "no BAR2 resource: no BAR2 address space\n");
}

static unsigned int vram_start_mib;
module_param(vram_start_mib, uint, 0444);
MODULE_PARM_DESC(vram_start_mib, "First MiB of the VRAM nova_vmm allocates from (default 0)");

static unsigned int vram_mib;
module_param(vram_mib, uint, 0444);
MODULE_PARM_DESC(vram_mib,
		 "MiB of VRAM nova_vmm allocates from, from vram_start_mib on (default 0: all)");

static bool bar1 = true;
module_param(bar1, bool, 0444);
MODULE_PARM_DESC(bar1, "Set up the BAR1 address space (default 1; 0: BAR2 only)");

static bool rebar = true;
module_param(rebar, bool, 0444);
MODULE_PARM_DESC(rebar, "Grow BAR1 with Resizable BAR at probe (default 1)");

static bool bar1_static;
module_param(bar1_static, bool, 0444);
MODULE_PARM_DESC(bar1_static, "Map all usable VRAM into BAR1 at probe (default 0)");

static unsigned int bar2_pt_mib = 16;
module_param(bar2_pt_mib, uint, 0444);
MODULE_PARM_DESC(bar2_pt_mib,
		 "MiB of BAR2 through which page tables are written (default 16; 0: PRAMIN only)");

/**
 * nova_bar2_map() - Map the BAR2 aperture write-combined for page-table writes.
 * @pdev: The GPU's PCI device, enabled.
 * @gpu: Its GPU, @bar2_size set.
 *
 * The region is requested (managed, as BAR1's) and what BAR2's address
 * space covers of it mapped write-combined (devm: unmapped when the driver
 * unbinds), as RM maps BAR2 (kbusSetupBar2CpuAperture_GM107,
 * NV_MEMORY_WRITECOMBINED) and nouveau (ioremap_wc of resource 3). Only
 * with ``bar2_pt_mib`` set, and only on 64-bit kernels: an entry must be
 * one 64-bit store. A busy region or a failed mapping leaves page tables
 * to PRAMIN (DOC: Page tables through BAR2).
 */
static void nova_bar2_map(struct pci_dev *pdev, struct nova_gpu *gpu)
{
	int res = nova_bar2_resource(pdev);
	u64 len = min_t(u64, gpu->bar2_size, NOVA_BAR2_VA_SIZE);

	gpu->bar2_pt_size = (u64)bar2_pt_mib * SZ_1M;
	if (!IS_ENABLED(CONFIG_64BIT) || !gpu->bar2_pt_size || !len)
		return;
	if (pci_request_region(pdev, res, KBUILD_MODNAME)) {
		dev_info(&pdev->dev, "BAR2 region busy: page tables through PRAMIN\n");
		return;
	}
	gpu->bar2_cpu = devm_ioremap_wc(&pdev->dev, pci_resource_start(pdev, res), len);
}

/**
 * nova_bar1_region() - Make the BAR1 aperture nova_vmm's.
 * @pdev: The GPU's PCI device.
 * @gpu: The GPU, up.
 *
 * Requested (managed: released when the driver unbinds) only with a BAR1
 * address space; vmm_bar1_iomap() maps nothing else. A region someone else
 * holds leaves BAR1's CPU mappings off, and dmesg says so.
 */
static void nova_bar1_region(struct pci_dev *pdev, struct nova_gpu *gpu)
{
	int ret;

	if (!gpu->bar[NOVA_BAR1])
		return;
	ret = pci_request_region(pdev, nova_bar1_resource(pdev), KBUILD_MODNAME);
	gpu->bar1_region = !ret;
	if (ret)
		dev_warn(&pdev->dev, "BAR1 region busy (%d): no CPU mappings of BAR1\n", ret);
}

/**
 * nova_pci_dma_init() - Let the GPU reach system memory.
 * @pdev: The GPU's PCI device, enabled.
 * @gpu: The GPU, its chip identified.
 *
 * The DMA mask is the width of the system addresses the chip emits
 * (&nova_family_desc.dma_bits, as RM sets it: osinit.c
 * nv_set_dma_address_size(gpuarchGetSystemPhysAddrWidth()); nova-core's
 * GPU_DMA_BITS), streaming and coherent; then bus mastering, without which
 * the GPU reaches no system memory at all. pcim_enable_device() clears it
 * again on removal.
 *
 * Context: Process context.
 * Return: 0; -EIO if the platform cannot give the device that mask.
 */
static int nova_pci_dma_init(struct pci_dev *pdev, struct nova_gpu *gpu)
{
	unsigned int bits = gpu->chip->family->dma_bits;
	int ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));

	if (ret) {
		dev_err(&pdev->dev, "no %u-bit DMA mask: %d\n", bits, ret);
		return ret;
	}
	pci_set_master(pdev);
	return 0;
}

/* &nova_gpu.free: the GPU core outlives the device (DOC: Lifetime). */
static void nova_gpu_kfree(struct nova_gpu *gpu)
{
	kfree(gpu);
}

/* Enable the device, map BAR0, bring the GPU up; on failure @gpu is unused. */
static int nova_pci_setup(struct pci_dev *pdev, struct nova_gpu *gpu)
{
	int ret;

	gpu->dev = &pdev->dev;
	gpu->free = nova_gpu_kfree;
	gpu->vram_start = (u64)vram_start_mib * SZ_1M;
	gpu->vram_limit = (u64)vram_mib * SZ_1M;
	gpu->bar1_skip = !bar1;
	gpu->bar1_static = bar1_static;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	nova_bar1_resize(pdev, nova_bar1_resource(pdev), !rebar);
	/* The registers nova_vmm uses end with the PRAMIN window. */
	if (pci_resource_len(pdev, NOVA_BAR0) < NV_PRAMIN + NV_PRAMIN_SIZE)
		return -ENODEV;
	ret = pcim_iomap_regions(pdev, BIT(NOVA_BAR0), KBUILD_MODNAME);
	if (ret)
		return ret;
	gpu->bar0 = pcim_iomap_table(pdev)[NOVA_BAR0];
	nova_pci_bars(pdev, gpu);
	nova_bar2_map(pdev, gpu);
	return nova_gpu_init(gpu);
}

static int nova_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nova_gpu *gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	int ret;

	if (!gpu)
		return -ENOMEM;
	ret = nova_pci_setup(pdev, gpu);
	if (ret) {
		kfree(gpu);
		return ret;
	}
	nova_bar1_region(pdev, gpu);
	ret = nova_pci_dma_init(pdev, gpu);
	if (ret) {
		nova_gpu_fini(gpu);	/* frees @gpu */
		return ret;
	}
	pci_set_drvdata(pdev, gpu);
	nova_client_gpu_add(gpu);
	return 0;
}

static void nova_pci_remove(struct pci_dev *pdev)
{
	struct nova_gpu *gpu = pci_get_drvdata(pdev);

	nova_client_gpu_remove(gpu);
	nova_gpu_fini(gpu);
}

/**
 * vmm_bar1_iomap() - Map part of the BAR1 aperture for the CPU.
 * @gpu: GPU.
 * @offset: Offset in the aperture, which is a VA of vmm_bar1(); 4 KiB
 *          aligned.
 * @size: Bytes; a multiple of 4 KiB.
 *
 * CPU accesses through the mapping (write-combined) reach whatever vmm_map()
 * mapped at those VAs of vmm_bar1() (with static BAR1: the VRAM at the
 * same address, see vmm_vram_bar1_offset()). The CPU maps whole pages: the
 * range is rounded out to the CPU page (PAGE_SIZE), and the rounded range
 * must lie inside one range the caller claimed with vmm_va_alloc() or
 * vmm_va_reserve() (which BAR1 hands out in whole CPU pages), or with
 * static BAR1 inside one of its vmm_vram_alloc() allocations; so a mapping
 * never reaches a neighbour's range (review L14, DOC: BAR1 and BAR2). Keep
 * the claim or allocation until the mapping is gone. The mapping never
 * crosses the end of BAR1, and it lies in the BAR1 region nova_vmm
 * requested at probe. Unmap it with iounmap() of the pointer returned.
 *
 * Context: Process context.
 * Return: The mapping of @offset; IOMEM_ERR_PTR(-EINVAL) for a NULL GPU, an
 * unaligned or empty range; IOMEM_ERR_PTR(-ERANGE) for a range that crosses
 * the end of BAR1; IOMEM_ERR_PTR(-ENODEV) when the GPU is not a PCI device,
 * has no BAR1 address space or was removed; IOMEM_ERR_PTR(-EPERM) when no
 * one claim (or, static, allocation) holds the range rounded to CPU pages;
 * IOMEM_ERR_PTR(-EBUSY) when someone else holds the BAR1 region;
 * IOMEM_ERR_PTR(-ENOMEM) when the mapping fails.
 */
void __iomem *vmm_bar1_iomap(struct nova_gpu *gpu, u64 offset, u64 size)
{
	struct pci_dev *pdev;
	void __iomem *io;
	u64 start, len;
	int ret;

	if (!gpu || !size || !IS_ALIGNED(offset | size, SZ_4K))
		return IOMEM_ERR_PTR(-EINVAL);
	if (offset > gpu->bar1_size || size > gpu->bar1_size - offset)
		return IOMEM_ERR_PTR(-ERANGE);
	if (!dev_is_pci(gpu->dev) || !gpu->bar[NOVA_BAR1] || nova_gpu_unplugged(gpu))
		return IOMEM_ERR_PTR(-ENODEV);
	ret = nova_bar1_cpu_range(gpu, offset, size, &start, &len);
	if (ret)
		return IOMEM_ERR_PTR(ret);
	if (!gpu->bar1_region)
		return IOMEM_ERR_PTR(-EBUSY);
	pdev = to_pci_dev(gpu->dev);
	io = pci_iomap_wc_range(pdev, nova_bar1_resource(pdev), start, len);
	return io ? io + (offset - start) : IOMEM_ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_NS_GPL(vmm_bar1_iomap, NOVA_VMM_NS);

static struct pci_driver nova_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = nova_pci_ids,
	.probe = nova_pci_probe,
	.remove = nova_pci_remove,
	.err_handler = &nova_pci_err_handlers,
	.driver.pm = pm_sleep_ptr(&nova_pm_ops),
};

static int __init nova_init(void)
{
	int ret = nova_node_slab_init();

	if (ret)
		return ret;
	nova_debugfs_register();
	ret = pci_register_driver(&nova_pci_driver);
	if (ret) {
		nova_debugfs_unregister();
		nova_node_slab_fini();
	}
	return ret;
}

module_init(nova_init);

static void __exit nova_exit(void)
{
	pci_unregister_driver(&nova_pci_driver);
	nova_debugfs_unregister();
	nova_node_slab_fini();
}

module_exit(nova_exit);

MODULE_DESCRIPTION("NVIDIA GPU virtual address space manager (Turing to Blackwell)");
MODULE_LICENSE("GPL");
