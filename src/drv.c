// SPDX-License-Identifier: GPL-2.0
/*
 * PCI driver: binds NVIDIA display-class devices (VGA and 3D controllers).
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>

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

static int nova_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nova_gpu *gpu;
	int ret;

	gpu = devm_kzalloc(&pdev->dev, sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	gpu->dev = &pdev->dev;

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
module_pci_driver(nova_pci_driver);

MODULE_DESCRIPTION("NVIDIA GPU virtual address space manager (Turing to Blackwell)");
MODULE_LICENSE("GPL");
