// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: BAR1 and BAR2
 *
 * At probe nova_vmm creates two address spaces of its own and binds their
 * instance blocks: BAR2 (NOVA_BAR2_VA_SIZE), then BAR1, whose VA size is the
 * length of the PCI BAR1 resource (BAR1 VA = offset in the aperture). Their
 * page tables stay in VRAM; their TLB invalidates are HUBTLB_ONLY.
 *
 * The chip's family says how to bind (DOC: BAR binding, io/bind.c); PRAMIN
 * writes are flushed first, so that the GPU reads the instance block and
 * root as written.
 * Removal unbinds (physical mode) and frees both.
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iopoll.h>

#include <nova_vmm/vmm.h>

#include "drv/bar.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_ram.h"
#include "hw/nv_vm.h"
#include "io/tlb.h"
#include "vmm/vmm_priv.h"

static int bar_create(struct nova_gpu *gpu, enum nova_bar bar, u64 size)
{
	u32 tlb = NOVA_TLB_HUB_ONLY | (bar == NOVA_BAR2 ? NOVA_TLB_BAR2 : 0);
	struct vmm *vmm = nova_vmm_new(gpu, 0, size, tlb, 0, bar == NOVA_BAR1 ? "bar1" : "bar2");
	int ret;

	if (IS_ERR(vmm))
		return PTR_ERR(vmm);
	/*
	 * The instance block and the root were written through PRAMIN, posted:
	 * make them reach VRAM before the GPU reads them, as RM flushes
	 * (kbusFlush) after initialising an instance block and before binding.
	 */
	ret = nova_pramin_flush(gpu) ?:
	      gpu->chip->family->bind(gpu, bar, vmm_inst_block(vmm));
	if (ret) {
		gpu->chip->family->bind(gpu, bar, 0);
		vmm_put(vmm);
		return ret;
	}
	gpu->bar[bar] = vmm;
	return 0;
}

/**
 * nova_bars_init() - Create and bind the BAR2 and BAR1 address spaces.
 * @gpu: GPU with @bar1_size set (0: no BARs, as for most of the test rig);
 *       with @bar1_skip, BAR2 only.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENOMEM; -ETIMEDOUT if a bind did not complete; -ENODEV.
 */
int nova_bars_init(struct nova_gpu *gpu)
{
	int ret;

	if (!gpu->bar1_size)
		return 0;
	ret = bar_create(gpu, NOVA_BAR2, NOVA_BAR2_VA_SIZE);
	if (!ret && !gpu->bar1_skip)
		ret = bar_create(gpu, NOVA_BAR1, gpu->bar1_size);
	if (ret)
		nova_bars_fini(gpu);
	return ret;
}

/**
 * nova_bars_fini() - Unbind and free the BAR address spaces.
 * @gpu: GPU.
 */
void nova_bars_fini(struct nova_gpu *gpu)
{
	enum nova_bar bar;

	for (bar = NOVA_BAR1; bar <= NOVA_BAR2; bar++) {
		if (!gpu->bar[bar])
			continue;
		if (!nova_gpu_gone(gpu))
			gpu->chip->family->bind(gpu, bar, 0);
		vmm_put(gpu->bar[bar]);
		gpu->bar[bar] = NULL;
	}
}

/**
 * vmm_bar1() - The BAR1 address space of a GPU.
 * @gpu: GPU.
 *
 * BAR1 VA is the offset in the PCI BAR1 aperture: what is mapped at VA x is
 * what the CPU reaches at BAR1 + x. The address space belongs to the GPU:
 * do not put it.
 *
 * Context: Any.
 * Return: The address space, or NULL if BAR1 is not set up.
 */
struct vmm *vmm_bar1(struct nova_gpu *gpu)
{
	return gpu ? gpu->bar[NOVA_BAR1] : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_bar1, NOVA_VMM_NS);

/**
 * vmm_bar2() - The BAR2 address space of a GPU.
 * @gpu: GPU.
 *
 * The address space belongs to the GPU: do not put it.
 *
 * Context: Any.
 * Return: The address space, or NULL if BAR2 is not set up.
 */
struct vmm *vmm_bar2(struct nova_gpu *gpu)
{
	return gpu ? gpu->bar[NOVA_BAR2] : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_bar2, NOVA_VMM_NS);
