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
 *   can use (what PRAMIN reaches). Leave the rest to another user of VRAM.
 *   The range must lie inside that VRAM.
 *
 * ``bar1`` (bool, default 1)
 *   Set up the BAR1 address space; with ``bar1=0`` only BAR2 is set up and
 *   vmm_bar1() returns NULL (BAR1 stays in physical mode for someone else).
 *
 * The PCI driver binds NVIDIA display-class devices (VGA and 3D controllers).
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include "debugfs.h"
#include "gpu.h"
#include "hw/nv_bus.h"

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

static int nova_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nova_gpu *gpu;
	int ret;

	gpu = devm_kzalloc(&pdev->dev, sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	gpu->dev = &pdev->dev;
	gpu->vram_start = (u64)vram_start_mib * SZ_1M;
	gpu->vram_limit = (u64)vram_mib * SZ_1M;
	gpu->bar1_skip = !bar1;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	/* The registers nova_vmm uses end with the PRAMIN window. */
	if (pci_resource_len(pdev, NOVA_BAR0) < NV_PRAMIN + NV_PRAMIN_SIZE)
		return -ENODEV;
	ret = pcim_iomap_regions(pdev, BIT(NOVA_BAR0), KBUILD_MODNAME);
	if (ret)
		return ret;
	gpu->bar0 = pcim_iomap_table(pdev)[NOVA_BAR0];
	/* BAR1 is resource 2 when BAR0 is a 64-bit BAR (it takes two slots). */
	gpu->bar1_size = pci_resource_len(pdev, pci_resource_flags(pdev, NOVA_BAR0) &
					  IORESOURCE_MEM_64 ? 2 : 1);

	ret = nova_gpu_init(gpu);
	if (ret)
		return ret;
	pci_set_drvdata(pdev, gpu);
	return 0;
}

static void nova_pci_remove(struct pci_dev *pdev)
{
	nova_gpu_fini(pci_get_drvdata(pdev));
}

static struct pci_driver nova_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = nova_pci_ids,
	.probe = nova_pci_probe,
	.remove = nova_pci_remove,
};

static int __init nova_init(void)
{
	int ret;

	nova_debugfs_register();
	ret = pci_register_driver(&nova_pci_driver);
	if (ret)
		nova_debugfs_unregister();
	return ret;
}

module_init(nova_init);

static void __exit nova_exit(void)
{
	pci_unregister_driver(&nova_pci_driver);
	nova_debugfs_unregister();
}

module_exit(nova_exit);

MODULE_DESCRIPTION("NVIDIA GPU virtual address space manager (Turing to Blackwell)");
MODULE_LICENSE("GPL");
