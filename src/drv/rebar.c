// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Resizable BAR
 *
 * BAR1 is the CPU's and peers' window into VRAM; firmware often leaves it at
 * 256 MiB. At probe, before anything maps it, nova_vmm grows BAR1 to the
 * largest size the device's Resizable BAR capability offers and the
 * address space above it can fit, as xe (resize_vram_bar()) and amdgpu
 * (amdgpu_device_resize_fb_bar()) do by default and NVIDIA's driver does
 * behind NVreg_EnableResizableBar (nv_resize_pcie_bars(), kernel-open/nvidia/
 * nv-pci.c, open-gpu-kernel-modules 595.45.04).
 *
 * The decision is nova_rebar_first() and nova_rebar_next(), pure functions:
 * try the largest offered size; on -ENOSPC (it does not fit) the next
 * smaller offered size, down to one above the current size, as
 * nv_resize_pcie_bars() steps down; any other error stops. The kernel
 * (pci_resize_resource()) releases the BARs that share BAR1's window,
 * reassigns them and puts the old size and addresses back when they do not
 * fit. That restore claims the old addresses one BAR at a time and can
 * fail for one whose old place a BAR not yet restored still holds (seen
 * under UML, where BAR0 shares the window: BAR1 was left without an
 * address), so after a failed attempt nova_vmm assigns what is unassigned
 * again (pci_assign_unassigned_bus_resources(), as nv_resize_pcie_bars(),
 * xe and amdgpu do after theirs). A failure is logged, never fatal (the
 * request of open-gpu-kernel-modules PR #1109); a BAR1 that ends up with
 * no address at all is treated as absent (drv.c).
 *
 * Not tried: with ``rebar=0``; on a GPU attached through Thunderbolt (its
 * hot-plug bridge windows are sized at enumeration, and a resize there
 * takes address space from the devices behind it: PR #1109 skips it too);
 * without the capability; when someone holds part of BAR1 (a firmware
 * framebuffer, which a resize would move under its feet); when BAR1 is at
 * the largest size already; and with a kernel whose pci_resize_resource()
 * does not release and reassign itself (before the four-argument form).
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include "drv/rebar.h"

/* The largest size offered below @below (pci_rebar encoding), or -1. */
static int rebar_below(u32 sizes, int below)
{
	u32 under = below > 0 ? sizes & GENMASK(below - 1, 0) : 0;

	return under ? __fls(under) : -1;
}

/**
 * nova_rebar_first() - The BAR1 size to try first.
 * @in: The device, its capability and the module parameter.
 * @why: Set to why none is tried (for dmesg), else NULL.
 *
 * Context: Any.
 * Return: The size (pci_rebar encoding: 2^n MiB) or -1 to leave BAR1 alone.
 */
int nova_rebar_first(const struct nova_rebar_in *in, const char **why)
{
	*why = NULL;
	if (in->off)
		*why = "off (rebar=0)";
	else if (in->thunderbolt)
		*why = "Thunderbolt-attached";
	else if (!in->sizes)
		*why = "no Resizable BAR capability";
	else if (in->busy)
		*why = "the aperture is in use";
	else if (in->cur < 0 || (int)__fls(in->sizes) <= in->cur)
		*why = "already the largest size offered";
	return *why ? -1 : (int)__fls(in->sizes);
}

/**
 * nova_rebar_next() - The BAR1 size to try after one failed.
 * @in: As for nova_rebar_first().
 * @tried: The size that failed.
 * @err: How pci_resize_resource() failed.
 *
 * Context: Any.
 * Return: The next smaller offered size when @err is -ENOSPC and it is
 * still larger than the current size; -1 to stop.
 */
int nova_rebar_next(const struct nova_rebar_in *in, int tried, int err)
{
	int next = rebar_below(in->sizes, tried);

	return err == -ENOSPC && next > in->cur ? next : -1;
}

#ifdef NOVA_VMM_HAVE_REBAR_EXCLUDE
/* One attempt, memory decoding off as pci_resize_resource() requires. */
static int rebar_try(struct pci_dev *pdev, int resno, int size)
{
	u16 cmd;
	int ret;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	pci_write_config_word(pdev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	ret = pci_resize_resource(pdev, resno, size, 0);
	pci_write_config_word(pdev, PCI_COMMAND, cmd);
	return ret;
}
#else
static int rebar_try(struct pci_dev *pdev, int resno, int size)
{
	return -EOPNOTSUPP;
}
#endif

/**
 * nova_bar1_resize() - Grow BAR1 as far as it fits (see DOC: Resizable BAR).
 * @pdev: The GPU, enabled, nothing of BAR1 (nor BAR0) mapped yet.
 * @resno: BAR1's resource.
 * @off: The ``rebar`` module parameter is 0.
 *
 * Says in dmesg what it did and why; never fails the probe.
 *
 * Context: Process context (probe).
 */
void nova_bar1_resize(struct pci_dev *pdev, int resno, bool off)
{
	u64 old = pci_resource_len(pdev, resno);
	struct nova_rebar_in in = {
		.sizes = pci_rebar_get_possible_sizes(pdev, resno),
		.cur = old ? pci_rebar_bytes_to_size(old) : -1,
		.off = off,
		.thunderbolt = pci_is_thunderbolt_attached(pdev),
		.busy = !!pdev->resource[resno].child,
	};
	const char *why;
	int size, ret = 0;

	if (!old)
		return;
	size = nova_rebar_first(&in, &why);
	for (; size >= 0; size = nova_rebar_next(&in, size, ret)) {
		ret = rebar_try(pdev, resno, size);
		if (!ret) {
			pci_info(pdev, "BAR1 resized from %llu MiB to %llu MiB\n", old / SZ_1M,
				 pci_resource_len(pdev, resno) / SZ_1M);
			return;
		}
		pci_info(pdev, "BAR1: %lu MiB failed (%pe)\n", BIT(size), ERR_PTR(ret));
		pci_assign_unassigned_bus_resources(pdev->bus);
	}
	if (why)
		pci_info(pdev, "BAR1 stays %llu MiB: %s\n", old / SZ_1M, why);
	else
		pci_info(pdev, "BAR1 stays %llu MiB: no larger size fits (%pe)\n",
			 pci_resource_len(pdev, resno) / SZ_1M, ERR_PTR(ret));
}
