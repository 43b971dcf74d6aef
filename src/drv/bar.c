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
 *
 * Other owners. A BAR whose block register already reads MODE virtual at
 * probe was bound by firmware or another driver (on the physical function
 * GSP-RM owns the binds: RM's CPU-side kbusBindBar2/kbusBar1InstBlkBind are
 * VF-only, review F5). nova_vmm leaves it alone: no address space, no
 * bind, no unbind at removal; vmm_bar1() or vmm_bar2() returns NULL, and
 * dmesg says so once. A GPU without a PCI BAR1 or BAR2 resource gets no
 * address space for it either (drv.c says so); the rest works as usual.
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iopoll.h>

#include <nova_vmm/vmm.h>

#include "drv/bar.h"
#include "io/bind.h"
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
 * bar_owned_elsewhere() - Whether firmware or another driver bound a BAR.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @owned: Set when its block register reads MODE virtual.
 *
 * Says so in dmesg, with the instance block and target it is bound to.
 *
 * Return: 0; -ENODEV.
 */
static int bar_owned_elsewhere(struct nova_gpu *gpu, enum nova_bar bar, bool *owned)
{
	struct nova_bar_binding b;
	int ret = gpu->chip->family->binding(gpu, bar, &b);

	*owned = !ret && b.virt;
	if (*owned)
		dev_info(gpu->dev,
			 "BAR%d already bound in virtual mode (instance block %#llx, target %u): left alone\n",
			 bar == NOVA_BAR1 ? 1 : 2, b.inst, b.target);
	return ret;
}

/**
 * bar_init() - Set up one BAR's address space, unless it is not ours to.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @size: Bytes of VA, or 0 for a BAR the GPU does not expose.
 *
 * Return: 0 (also for a BAR left alone); as bar_create().
 */
static int bar_init(struct nova_gpu *gpu, enum nova_bar bar, u64 size)
{
	bool owned;
	int ret;

	if (!size)
		return 0;
	ret = bar_owned_elsewhere(gpu, bar, &owned);
	if (ret || owned)
		return ret;
	return bar_create(gpu, bar, size);
}

/**
 * nova_bars_init() - Create and bind the BAR2 and BAR1 address spaces.
 * @gpu: GPU with @bar1_size and @bar2_size set (0: that BAR is absent, as
 *       for most of the test rig); with @bar1_skip, BAR2 only.
 *
 * A BAR that is bound in virtual mode already is left alone (see DOC: BAR1
 * and BAR2).
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENOMEM; -ETIMEDOUT if a bind did not complete; -ENODEV.
 */
int nova_bars_init(struct nova_gpu *gpu)
{
	int ret;

	ret = bar_init(gpu, NOVA_BAR2, gpu->bar2_size ? NOVA_BAR2_VA_SIZE : 0);
	if (!ret && !gpu->bar1_skip)
		ret = bar_init(gpu, NOVA_BAR1, gpu->bar1_size);
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
 * nova_bars_rebind() - Bind the BAR address spaces again, BAR2 then BAR1.
 * @gpu: GPU whose instance blocks and roots were just rewritten (a reset
 *       or a resume unbound the BARs).
 *
 * PRAMIN writes are flushed first, as at probe. A BAR left to another
 * owner at probe is left alone again.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ETIMEDOUT if a bind did not complete; -ENODEV; -EIO.
 */
int nova_bars_rebind(struct nova_gpu *gpu)
{
	static const enum nova_bar order[] = { NOVA_BAR2, NOVA_BAR1 };
	int ret = nova_pramin_flush(gpu);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(order) && !ret; i++)
		if (gpu->bar[order[i]])
			ret = gpu->chip->family->bind(gpu, order[i],
						      vmm_inst_block(gpu->bar[order[i]]));
	return ret;
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
 * Return: The address space, or NULL if BAR1 is not set up (``bar1=0``, no
 * PCI BAR1 resource, or bound by someone else at probe).
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
 * Return: The address space, or NULL if BAR2 is not set up (no PCI BAR2
 * resource, or bound by someone else at probe).
 */
struct vmm *vmm_bar2(struct nova_gpu *gpu)
{
	return gpu ? gpu->bar[NOVA_BAR2] : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_bar2, NOVA_VMM_NS);
