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
 * Removal unbinds them (physical mode) and invalidates their PDBs while
 * the device is still there (nova_bars_unbind()); the address spaces stay,
 * as part of the GPU core, until its last reference goes
 * (nova_bars_fini(), host memory only): a client that kept vmm_bar1() past
 * removal gets -ENODEV from it, not a freed pointer. Clients cannot put
 * them (vmm_put() refuses; review L12).
 *
 * Other owners. A BAR whose block register already reads MODE virtual at
 * probe was bound by firmware or another driver (on the physical function
 * GSP-RM owns the binds: RM's CPU-side kbusBindBar2/kbusBar1InstBlkBind are
 * VF-only, review F5). nova_vmm leaves it alone: no address space, no
 * bind, no unbind at removal; vmm_bar1() or vmm_bar2() returns NULL, and
 * dmesg says so once. A GPU without a PCI BAR1 or BAR2 resource gets no
 * address space for it either (drv.c says so); the rest works as usual.
 *
 * Static BAR1 (``bar1_static=1``, off by default). When BAR1 covers the
 * usable VRAM, nova_vmm maps all of it once at probe, BAR1 offset = VRAM
 * address, with the largest pages each part allows (512 MiB from GA10x on,
 * else 2 MiB) and kind GENERIC_MEMORY, as RM's static BAR1 does
 * (kbusIsStaticBar1Supported_TU102() and kbusEnableStaticBar1Mapping_TU102(),
 * bus/arch/turing/kern_bus_tu102.c, open-gpu-kernel-modules 595.45.04: FB
 * aligned down to 2 MiB, 2 MiB pages, GENERIC_MEMORY). A client then gets
 * the BAR1 offset of its VRAM from vmm_vram_bar1_offset() and maps it for
 * the CPU with vmm_bar1_iomap(), with no page-table work per mapping; the
 * BAR1 address space is sealed: vmm_map() and every other call that
 * changes it fail with -EBUSY. A BAR1 smaller than the usable VRAM stays
 * dynamic (dmesg says why).
 *
 * CPU mappings of BAR1 (review L14). The CPU maps whole pages of its own,
 * which may be larger than 4 KiB (PAGE_SIZE 16 or 64 KiB on arm64 and
 * ppc64): a CPU page of BAR1 must never cover two clients' ranges. So BAR1
 * VA is claimed in CPU pages (vmm_va_alloc() rounds size and alignment up
 * to one, vmm_va_reserve() wants them aligned: &vmm.va_granule), with
 * static BAR1 client VRAM is allocated in CPU pages (vmm_vram_alloc()),
 * and vmm_bar1_iomap() rounds the range it is asked for out to CPU pages
 * and maps it only if one claim (dynamic BAR1) or one live client
 * allocation (static BAR1) holds the rounded range whole; -EPERM
 * otherwise (nova_bar1_cpu_range()). nova_vmm knows no caller's identity:
 * a claim is named by its address, and a mapping must be unmapped before
 * its claim or allocation is freed (nova_vmm does not track CPU mappings).
 *
 * Page tables through BAR2 (DOC: Page tables through BAR2, io/bar2wc.c).
 * Once both BARs are up, the top &nova_gpu.bar2_pt_size bytes of the
 * allocated VRAM, where page tables are allocated first, are mapped at the
 * top of what the CPU reaches of BAR2, with the largest pages they allow
 * (BAR2's own tables written through PRAMIN: the bootstrap), and page
 * tables in that window are written through BAR2 from then on. Clients of
 * vmm_bar2() keep the VA below it: a call that names the window fails with
 * -EBUSY, vmm_va_alloc() stops below it. Without a BAR2 address space of our
 * own, a CPU mapping of the aperture, or with ``bar2_pt_mib=0``, every
 * table goes through PRAMIN; dmesg says which (``page tables: ...``).
 * Removal turns the window off and waits for operations in flight before
 * BAR2 is unbound: a store through an unbound BAR2 would land in VRAM at
 * the BAR2 offset.
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/math.h>
#include <linux/minmax.h>

#include <nova_vmm/vmm.h>

#include "drv/bar.h"
#include "io/bar2wc.h"
#include "io/bind.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_mmu_v2.h"
#include "hw/nv_ram.h"
#include "hw/nv_vm.h"
#include "io/tlb.h"
#include "mm/vram.h"
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
		nova_vmm_drop(vmm);
		return ret;
	}
	/* BAR1 VA is offset in the aperture the CPU maps: claimed in CPU pages. */
	if (bar == NOVA_BAR1)
		vmm->va_granule = max_t(u64, PAGE_SIZE, SZ_4K);
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
 * bar1_static_map() - Map all usable VRAM into BAR1 and seal it.
 * @gpu: GPU with its BAR1 address space.
 *
 * The map goes straight to the address space, not through vmm_map(): it
 * maps VRAM that no client allocated (page tables included), which only
 * nova_vmm may.
 *
 * Return: 0; as nova_vmm_map_locked().
 */
static int bar1_static_map(struct nova_gpu *gpu)
{
	struct vmm *vmm = gpu->bar[NOVA_BAR1];
	struct nova_map_req req = {
		.size = gpu->layout.usable_end,
		.sizes = vmm->page_sizes,
		.pte = { .aperture = NOVA_APER_VIDEO, .kind = NV_MMU_PTE_KIND_GENERIC_MEMORY },
	};
	int ret;

	if (gpu->bar1_size < req.size) {
		dev_info(gpu->dev, "static BAR1 off: BAR1 (%llu MiB) is smaller than the usable VRAM (%llu MiB)\n",
			 gpu->bar1_size / SZ_1M, req.size / SZ_1M);
		return 0;
	}
	mutex_lock(&vmm->op_lock);
	ret = nova_vmm_map_locked(vmm, &req);
	if (!ret)
		vmm->sealed = true;
	mutex_unlock(&vmm->op_lock);
	if (!ret)
		dev_info(gpu->dev, "static BAR1: VRAM 0x0-%#llx mapped at the same BAR1 offsets\n",
			 req.size);
	return ret;
}

/**
 * nova_bar1_static() - Whether BAR1 is static (DOC: BAR1 and BAR2).
 * @gpu: GPU.
 *
 * Context: Any, once the GPU is up.
 * Return: True when all usable VRAM is mapped into BAR1 at its own address.
 */
bool nova_bar1_static(struct nova_gpu *gpu)
{
	return gpu->bar[NOVA_BAR1] && gpu->bar[NOVA_BAR1]->sealed;
}

/**
 * nova_bar1_granule() - The unit of a client's BAR1 range (DOC: BAR1 and BAR2).
 * @gpu: GPU with a BAR1 address space.
 *
 * Context: Any.
 * Return: The CPU page size (4 KiB at least), as &vmm.va_granule of vmm_bar1().
 */
u64 nova_bar1_granule(struct nova_gpu *gpu)
{
	return gpu->bar[NOVA_BAR1]->va_granule;
}

/**
 * nova_bar1_cpu_range() - What a CPU mapping of a BAR1 range covers, if it may be made.
 * @gpu: GPU with a BAR1 address space.
 * @offset: Offset in BAR1 of the first byte asked for, 4 KiB aligned.
 * @size: Bytes asked for, a non-zero multiple of 4 KiB; inside BAR1.
 * @start: Set to @offset rounded down to nova_bar1_granule().
 * @len: Set to the bytes from @start to the end of the range rounded up
 *       to nova_bar1_granule(): the whole CPU pages the mapping covers.
 *
 * The rounded range must lie inside one claim of vmm_bar1() (vmm_va_alloc()
 * or vmm_va_reserve()), or with static BAR1 inside one live client
 * allocation (BAR1 offset = VRAM address), so that the mapping reaches
 * nothing of a neighbour's (review L14).
 *
 * Context: Process context; takes the VA lock or the VRAM ownership tree's.
 * Return: 0; -EPERM if no one claim or allocation holds the rounded range.
 */
int nova_bar1_cpu_range(struct nova_gpu *gpu, u64 offset, u64 size, u64 *start, u64 *len)
{
	u64 g = nova_bar1_granule(gpu);
	bool whole;

	*start = round_down(offset, g);
	*len = round_up(offset + size, g) - *start;
	if (nova_bar1_static(gpu))
		whole = nova_vram_owned(gpu, *start, *len);
	else
		whole = nova_va_claimed(gpu->bar[NOVA_BAR1], *start, *len);
	return whole ? 0 : -EPERM;
}

/* Why tables will not go through BAR2, or NULL if they may. */
static const char *bar2_pt_off(struct nova_gpu *gpu)
{
	if (!gpu->bar2_pt_size)
		return "bar2_pt_mib=0";
	if (!gpu->bar[NOVA_BAR2])
		return "no BAR2 address space of ours";
	if (!nova_bar2wc_mappable(gpu))
		return "no CPU mapping of BAR2";
	return NULL;
}

/* The window: the top of the allocated VRAM at the top of what the CPU reaches of BAR2. */
static struct nova_bar2wc_window bar2_pt_window(struct nova_gpu *gpu)
{
	u64 reach = min_t(u64, gpu->bar2_size, NOVA_BAR2_VA_SIZE);
	u64 end = ALIGN_DOWN(gpu->vram_start + nova_vram_managed(gpu), SZ_4K);
	u64 size = ALIGN_DOWN(min3(gpu->bar2_pt_size, reach, end - gpu->vram_start), SZ_4K);

	return (struct nova_bar2wc_window){
		.vram = end - size,
		.size = size,
		.bar2 = ALIGN_DOWN(reach, SZ_4K) - size,
	};
}

/**
 * bar2_pt_init() - Write page tables through BAR2 from now on, if it can be.
 * @gpu: GPU with its BARs set up.
 *
 * Maps the window into BAR2 (its tables written and the TLB invalidated
 * through PRAMIN) and turns the window on. A failure leaves every table
 * to PRAMIN and is not one of the probe's: dmesg says why.
 */
static void bar2_pt_init(struct nova_gpu *gpu)
{
	struct nova_bar2wc_window w = bar2_pt_window(gpu);
	const char *off = bar2_pt_off(gpu);
	struct vmm *vmm = gpu->bar[NOVA_BAR2];
	struct nova_map_req req = {
		.va = w.bar2,
		.size = w.size,
		.addr = w.vram,
		.pte = { .aperture = NOVA_APER_VIDEO, .kind = NV_MMU_PTE_KIND_GENERIC_MEMORY },
	};
	int ret;

	if (off || !w.size) {
		dev_info(gpu->dev, "page tables: written through PRAMIN (%s)\n",
			 off ?: "no VRAM for a window");
		return;
	}
	req.sizes = vmm->page_sizes;
	mutex_lock(&vmm->op_lock);
	ret = nova_vmm_map_locked(vmm, &req);
	if (!ret)
		vmm->va_own = w.bar2;
	mutex_unlock(&vmm->op_lock);
	ret = ret ?: nova_bar2wc_enable(gpu, &w);
	if (ret) {
		dev_warn(gpu->dev, "page tables: written through PRAMIN (BAR2 window: %d)\n", ret);
		return;
	}
	dev_info(gpu->dev,
		 "page tables: written through BAR2 (write-combined), VRAM %#llx-%#llx at BAR2 %#llx; PRAMIN below\n",
		 w.vram, w.vram + w.size, w.bar2);
}

/**
 * nova_bars_init() - Create and bind the BAR2 and BAR1 address spaces.
 * @gpu: GPU with @bar1_size and @bar2_size set (0: that BAR is absent, as
 *       for most of the test rig); with @bar1_skip, BAR2 only; with
 *       @bar1_static, all usable VRAM mapped into BAR1.
 *
 * A BAR that is bound in virtual mode already is left alone (see DOC: BAR1
 * and BAR2). Then page tables go through BAR2 if they can (bar2_pt_init()).
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
	if (!ret && gpu->bar1_static && gpu->bar[NOVA_BAR1])
		ret = bar1_static_map(gpu);
	if (ret)
		nova_bars_fini(gpu);
	else
		bar2_pt_init(gpu);
	return ret;
}

/**
 * nova_bars_unbind() - Unbind the BARs and invalidate their address spaces.
 * @gpu: GPU, being removed; its device still there.
 *
 * After it, the BARs are in physical mode and the hub TLB holds nothing of
 * their tables, so that a later probe may reuse the VRAM. A device that is
 * gone is left alone. The address spaces stay (nova_bars_fini()). Page
 * tables go through PRAMIN from before the unbind on; operations in flight
 * that chose BAR2 finish first.
 *
 * Context: Process context, outside any entry point; may sleep.
 */
void nova_bars_unbind(struct nova_gpu *gpu)
{
	struct vmm *vmm;
	enum nova_bar bar;

	if (gpu->bar2wc) {
		nova_bar2wc_disable(gpu);
		synchronize_srcu(&gpu->srcu);
	}

	for (bar = NOVA_BAR1; bar <= NOVA_BAR2; bar++) {
		vmm = gpu->bar[bar];
		if (!vmm || nova_gpu_gone(gpu))
			continue;
		gpu->chip->family->bind(gpu, bar, 0);
		nova_tlb_invalidate(gpu, vmm_pdb(vmm), vmm->tlb_flags | NOVA_TLB_ACK);
	}
}

/**
 * nova_bars_fini() - Free the BAR address spaces, unbinding them first.
 * @gpu: GPU. After removal (gone), host memory only.
 *
 * Context: Process context; may sleep.
 */
void nova_bars_fini(struct nova_gpu *gpu)
{
	enum nova_bar bar;

	nova_bar2wc_disable(gpu);
	for (bar = NOVA_BAR1; bar <= NOVA_BAR2; bar++) {
		if (!gpu->bar[bar])
			continue;
		if (!nova_gpu_gone(gpu))
			gpu->chip->family->bind(gpu, bar, 0);
		nova_vmm_drop(gpu->bar[bar]);
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
 * vmm_put() and vmm_destroy() refuse it, vmm_get() does not count it; it
 * lives as long as the GPU core (after removal every call on it fails with
 * -ENODEV).
 *
 * Context: Any.
 * With static BAR1 (``bar1_static=1``) it maps all usable VRAM and every
 * call that would change it fails with -EBUSY: use
 * vmm_vram_bar1_offset() instead.
 *
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
 * The address space belongs to the GPU, as vmm_bar1()'s. When page tables
 * are written through BAR2 (``bar2_pt_mib``), the top of its VA is their
 * window: calls that name it fail with -EBUSY, vmm_va_alloc() stops below
 * it.
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
