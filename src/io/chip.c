// SPDX-License-Identifier: GPL-2.0
/*
 * Chip identification and the chip table.
 *
 * The chip is named by NV_PMC_BOOT_42 alone, as NVIDIA's driver does for
 * discrete GPUs (_halmgrIsChipSupported). BOOT_0 is read as well: all ones in
 * both means the device fell off the bus.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/sizes.h>

#include "io/bind.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_bus.h"
#include "hw/nv_disp.h"
#include "hw/nv_fb.h"
#include "hw/nv_hwproject.h"
#include "hw/nv_pmc.h"
#include "fmt/pt_fmt.h"

/* Bytes of VRAM a BASE field (in units of 1 << @shift) can address. */
#define WINDOW_REACH(base, shift) \
	((((u64)(base) >> __builtin_ctzll(base)) + 1) << (shift))

static u32 window_pbus(u64 base)
{
	return FIELD_PREP(NV_PBUS_BAR0_WINDOW_BASE, base >> NV_PBUS_BAR0_WINDOW_BASE_SHIFT) |
	       FIELD_PREP(NV_PBUS_BAR0_WINDOW_TARGET, NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM);
}

static u32 window_xal_gh100(u64 base)
{
	return FIELD_PREP(NV_XAL_EP_BAR0_WINDOW_BASE_GH100,
			  base >> NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT);
}

static u32 window_xal_gb100(u64 base)
{
	return FIELD_PREP(NV_XAL_EP_BAR0_WINDOW_BASE_GB100,
			  base >> NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT);
}

static const struct nova_pramin_window nova_window_pbus = {
	.reg = NV_PBUS_BAR0_WINDOW,
	.encode = window_pbus,
	.reach = WINDOW_REACH(NV_PBUS_BAR0_WINDOW_BASE, NV_PBUS_BAR0_WINDOW_BASE_SHIFT),
};

static const struct nova_pramin_window nova_window_xal_gh100 = {
	.reg = NV_XAL_EP_BAR0_WINDOW,
	.encode = window_xal_gh100,
	.reach = WINDOW_REACH(NV_XAL_EP_BAR0_WINDOW_BASE_GH100, NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT),
};

static const struct nova_pramin_window nova_window_xal_gb100 = {
	.reg = NV_XAL_EP_BAR0_WINDOW,
	.encode = window_xal_gb100,
	.reach = WINDOW_REACH(NV_XAL_EP_BAR0_WINDOW_BASE_GB100, NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT),
};

#define PAGES_TU	(BIT(NOVA_PAGE_4K) | BIT(NOVA_PAGE_64K) | BIT(NOVA_PAGE_2M))
#define PAGES_GA	(PAGES_TU | BIT(NOVA_PAGE_512M))
#define PAGES_GB	(PAGES_GA | BIT(NOVA_PAGE_256G))

static const struct nova_family_desc nova_turing = {
	.family = NOVA_TURING,
	.name = "Turing",
	.fmt = &nova_pt_fmt_v2,
	.page_sizes = PAGES_TU,
	.window = &nova_window_pbus,
	.bind = nova_bar_bind_pbus,
	.binding = nova_bar_binding_pbus,
	.inst_va_limit = true,
	.tlb_membar = true,
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_TU102,
};

static const struct nova_family_desc nova_ampere = {
	.family = NOVA_AMPERE,
	.name = "Ampere",
	.fmt = &nova_pt_fmt_v2,
	.page_sizes = PAGES_GA,
	.window = &nova_window_pbus,
	.bind = nova_bar_bind_pbus,
	.binding = nova_bar_binding_pbus,
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_TU102,
};

static const struct nova_family_desc nova_ada = {
	.family = NOVA_ADA,
	.name = "Ada",
	.fmt = &nova_pt_fmt_v2,
	.page_sizes = PAGES_GA,
	.window = &nova_window_pbus,
	.bind = nova_bar_bind_pbus,
	.binding = nova_bar_binding_pbus,
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_TU102,
};

static const struct nova_family_desc nova_hopper = {
	.family = NOVA_HOPPER,
	.name = "Hopper",
	.fmt = &nova_pt_fmt_v3,
	.page_sizes = PAGES_GA,
	.window = &nova_window_xal_gh100,
	.bind = nova_bar_bind_xal,
	.fb_end_reserve = NV_FB_END_RESERVE_ESTIMATE_GH100,
	.binding = nova_bar_binding_xal,
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_GH100,
};

/* GB20x uses the GB100 window layout (kbusWriteBAR0WindowBase_GB100). */
static const struct nova_family_desc nova_blackwell = {
	.family = NOVA_BLACKWELL,
	.name = "Blackwell",
	.fmt = &nova_pt_fmt_v3,
	.page_sizes = PAGES_GB,
	.window = &nova_window_xal_gb100,
	.bind = nova_bar_bind_xal,
	.binding = nova_bar_binding_xal,
	.inst_magic = true,
	.fb_end_reserve = NV_FB_END_RESERVE_ESTIMATE_GB100,
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_GH100,
};

#define CHIP(n, fam, vram, disp, lock) \
	{ #n, NV_CHIP_##n, &(fam), NOVA_VRAM_##vram, disp, lock }
#define DISPLAY		true	/* has NV_PDISP_VGA_WORKSPACE_BASE */
#define NO_DISPLAY	false
#define MMU_LOCK	true	/* NV_PFB_PRI_MMU_LOCK_ADDR_LO/HI */
#define NO_LOCK		false

static const struct nova_chip nova_chips[] = {
	CHIP(TU102, nova_turing, LOCAL_MEMORY_RANGE, DISPLAY, NO_LOCK),
	CHIP(TU104, nova_turing, LOCAL_MEMORY_RANGE, DISPLAY, NO_LOCK),
	CHIP(TU106, nova_turing, LOCAL_MEMORY_RANGE, DISPLAY, NO_LOCK),
	CHIP(TU117, nova_turing, LOCAL_MEMORY_RANGE, DISPLAY, NO_LOCK),
	CHIP(TU116, nova_turing, LOCAL_MEMORY_RANGE, DISPLAY, NO_LOCK),
	CHIP(GA100, nova_ampere, LOCAL_MEMORY_RANGE, NO_DISPLAY, MMU_LOCK),
	CHIP(GA102, nova_ampere, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GA103, nova_ampere, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GA104, nova_ampere, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GA106, nova_ampere, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GA107, nova_ampere, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GH100, nova_hopper, USABLE_FB_SIZE_IN_MB, NO_DISPLAY, NO_LOCK),
	CHIP(AD102, nova_ada, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(AD103, nova_ada, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(AD104, nova_ada, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(AD106, nova_ada, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(AD107, nova_ada, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GB100, nova_blackwell, USABLE_FB_SIZE_IN_MB, NO_DISPLAY, NO_LOCK),
	CHIP(GB102, nova_blackwell, USABLE_FB_SIZE_IN_MB, NO_DISPLAY, NO_LOCK),
	CHIP(GB110, nova_blackwell, USABLE_FB_SIZE_IN_MB, NO_DISPLAY, NO_LOCK),
	CHIP(GB112, nova_blackwell, USABLE_FB_SIZE_IN_MB, NO_DISPLAY, NO_LOCK),
	CHIP(GB202, nova_blackwell, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GB203, nova_blackwell, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GB205, nova_blackwell, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GB206, nova_blackwell, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
	CHIP(GB207, nova_blackwell, USABLE_FB_SIZE_IN_MB, DISPLAY, NO_LOCK),
};

/**
 * nova_chip_find() - Look up a chip by its BOOT_42 chip id.
 * @id: Architecture << 4 | implementation.
 *
 * Return: The descriptor, or NULL for a chip nova_vmm does not support.
 */
const struct nova_chip *nova_chip_find(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nova_chips); i++)
		if (nova_chips[i].id == id)
			return &nova_chips[i];
	return NULL;
}

/* The id to name in a message: BOOT_0's when BOOT_42 is not implemented. */
static u32 boot_chip_id(u32 boot0, u32 boot42)
{
	u32 arch;

	if (boot42)
		return FIELD_GET(NV_PMC_BOOT_42_CHIP_ID, boot42);
	arch = FIELD_GET(NV_PMC_BOOT_0_ARCHITECTURE_1, boot0);
	arch = arch << NV_PMC_BOOT_0_ARCHITECTURE_1_SHIFT |
	       FIELD_GET(NV_PMC_BOOT_0_ARCHITECTURE_0, boot0);
	return arch << 4 | FIELD_GET(NV_PMC_BOOT_0_IMPLEMENTATION, boot0);
}

/**
 * nova_chip_identify() - Read the BOOT registers and set @gpu->chip.
 * @gpu: GPU whose registers are reachable.
 *
 * Context: Process context.
 * Return: 0; -ENODEV if the device fell off the bus (both registers read all
 * ones; @gpu is then marked gone) or if the chip is unknown or older than
 * Turing.
 */
int nova_chip_identify(struct nova_gpu *gpu)
{
	u32 boot0 = nv_rd32(gpu, NV_PMC_BOOT_0);
	u32 boot42 = nv_rd32(gpu, NV_PMC_BOOT_42);
	u32 id;

	if (boot0 == U32_MAX && boot42 == U32_MAX) {
		WRITE_ONCE(gpu->gone, true);
		dev_err(gpu->dev, "BOOT_0 and BOOT_42 read all ones: device is gone\n");
		return -ENODEV;
	}
	id = boot_chip_id(boot0, boot42);
	gpu->chip = boot42 ? nova_chip_find(id) : NULL;
	if (!gpu->chip) {
		dev_info(gpu->dev, "chip %#x not supported (BOOT_0 %#010x, BOOT_42 %#010x)\n",
			 id, boot0, boot42);
		return -ENODEV;
	}
	return 0;
}

static u64 local_memory_range_size(u32 v)
{
	u64 size = (u64)FIELD_GET(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG, v)
		   << (FIELD_GET(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, v) +
		       NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT);

	if (v & NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_MODE)
		size = size / NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_DEN *
		       NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_NUM;
	return size;
}

/**
 * nova_vram_size_max() - The most VRAM a chip's registers may report.
 * @chip: The chip.
 *
 * Neither RM (kmemsysReadUsableFbSize_GP102 and _GA102, kern_mem_sys_gp102.c
 * and kern_mem_sys_ga102.c) nor nouveau (gp102_fb_vidmem_size,
 * ga102_fb_vidmem_size) bounds the value; NVIDIA's code publishes no
 * per-chip maximum. Two hardware facts do bound it. RM places the BAR0
 * (PRAMIN) window on the last MiB of FB at init, "where it should already
 * be positioned by the vbios" and shared with it (kern_bus_gm107.c
 * kbusSetupDefaultBar0Window: fbAddrSpaceSizeMb << 20 minus
 * DRF_SIZE(NV_PRAMIN)), so the top of a real
 * FB lies within the reach of the window register's BASE field. And a page
 * or a table past what a PTE's or PDE's ADDRESS_VID field addresses cannot
 * be mapped or linked (v2: 32:8 in 4 KiB units, 128 GiB; v3 as nova_vmm
 * writes it: 39:12, 1 TiB). A larger value is garbage.
 *
 * Return: The lower of the two, in bytes.
 */
u64 nova_vram_size_max(const struct nova_chip *chip)
{
	return min(chip->family->window->reach, chip->family->fmt->vid_limit);
}

/* The register VRAM's size was read from, for messages. */
static const char *vram_size_reg_name(const struct nova_chip *chip)
{
	return chip->vram_size_reg == NOVA_VRAM_LOCAL_MEMORY_RANGE ?
	       "NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE" : "NV_USABLE_FB_SIZE_IN_MB";
}

/**
 * vram_size_check() - Refuse a VRAM size no real board of the chip has.
 * @gpu: GPU, @vram_size just read.
 * @v: The register value it came from, for the message.
 *
 * Return: 0; -ENODEV for no VRAM or more than nova_vram_size_max().
 */
static int vram_size_check(struct nova_gpu *gpu, u32 v)
{
	const struct nova_chip *chip = gpu->chip;
	u64 max = nova_vram_size_max(chip);

	if (!gpu->vram_size) {
		dev_err(gpu->dev, "%s reports no VRAM (%s %#010x): refused\n", chip->name,
			vram_size_reg_name(chip), v);
		return -ENODEV;
	}
	if (gpu->vram_size > max) {
		dev_err(gpu->dev, "%s reports %llu MiB of VRAM (%s %#010x), more than the %llu MiB its PRAMIN window and page tables address: refused\n",
			chip->name, gpu->vram_size / SZ_1M, vram_size_reg_name(chip), v,
			max / SZ_1M);
		return -ENODEV;
	}
	return 0;
}

/**
 * nova_vram_size_read() - Read the size of VRAM into @gpu->vram_size.
 * @gpu: GPU, identified.
 *
 * The value is checked (review L13): none, or more than
 * nova_vram_size_max(), fails the probe with a message that gives the
 * register and what it read, before anything is allocated; too little for
 * the firmware's reserved ranges is refused by nova_vram_layout_read().
 *
 * Context: Process context.
 * Return: 0; -ENODEV if the device is gone, or reports no VRAM or more than
 * the chip can have.
 */
int nova_vram_size_read(struct nova_gpu *gpu)
{
	u32 v;

	if (gpu->chip->vram_size_reg == NOVA_VRAM_LOCAL_MEMORY_RANGE) {
		v = nv_rd32(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE);
		gpu->vram_size = local_memory_range_size(v);
	} else {
		v = nv_rd32(gpu, NV_USABLE_FB_SIZE_IN_MB);
		gpu->vram_size = (u64)FIELD_GET(NV_USABLE_FB_SIZE_IN_MB_VALUE, v)
				 << NV_USABLE_FB_SIZE_IN_MB_SHIFT;
	}
	if (v == U32_MAX && nova_gpu_check_gone(gpu))
		return -ENODEV;
	return vram_size_check(gpu, v);
}

/**
 * vga_workspace_base() - Where the VBIOS's VGA workspace starts.
 * @gpu: GPU, its VRAM sized.
 * @v: NV_PDISP_VGA_WORKSPACE_BASE, or 0 on a chip without a display engine.
 *
 * RM kgspPopulateWprMeta_TU102 with kdispGetVgaWorkspaceBase_v04_00, as
 * nouveau tu102_gsp_vga_workspace_addr and nova-core FbLayout::new: without
 * the register, or without STATUS_VALID, the workspace is the last MiB; a
 * base below that means the last 128 KiB. A base past the end of VRAM is not
 * one nova_vmm believes: it keeps the last MiB, as without the register (no
 * source says what such a value means).
 *
 * Return: The VRAM address of the workspace; it runs to the end of VRAM.
 */
static u64 vga_workspace_base(struct nova_gpu *gpu, u32 v)
{
	u64 fb = gpu->vram_size, base = fb - NV_VGA_WORKSPACE_DEFAULT_SIZE, addr;

	if (FIELD_GET(NV_PDISP_VGA_WORKSPACE_BASE_STATUS, v) !=
	    NV_PDISP_VGA_WORKSPACE_BASE_STATUS_VALID)
		return base;
	addr = (u64)FIELD_GET(NV_PDISP_VGA_WORKSPACE_BASE_ADDR, v)
	       << NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT;
	if (addr >= fb)
		return base;
	return addr < base ? fb - NV_VBIOS_WORKSPACE_SIZE : addr;
}

/**
 * layout_add() - Reserve a range of VRAM.
 * @l: The layout.
 * @start: First byte.
 * @end: One past the last byte.
 * @why: Its owner, a string that lives as long as the module.
 *
 * Usable VRAM ends below every reserved range.
 */
static void layout_add(struct nova_vram_layout *l, u64 start, u64 end, const char *why)
{
	l->reserved[l->nr++] = (struct nova_vram_range){ start, end, why };
	l->usable_end = min(l->usable_end, start);
}

/**
 * mmu_lock_addr() - Read NV_PFB_PRI_MMU_LOCK_ADDR_LO or _HI.
 * @gpu: A GA100.
 * @reg: The register; both hold an address >> 12 in VAL 31:4 (ga100/dev_fb.h).
 *
 * Return: The address.
 */
static u64 mmu_lock_addr(struct nova_gpu *gpu, u32 reg)
{
	return (u64)FIELD_GET(NV_PFB_PRI_MMU_LOCK_ADDR_LO_VAL, nv_rd32(gpu, reg))
	       << NV_PFB_PRI_MMU_LOCK_ADDR_LO_ALIGNMENT;
}

/**
 * mmu_lock_read() - Reserve the range GA100's VBIOS MMU-locked.
 * @gpu: A GA100, its VRAM sized.
 * @l: The layout.
 *
 * The VBIOS rounds FB up to a GiB and locks the difference (RM
 * memmgrReadMmuLock_GA100 and memmgrBlockMemLockedMemory_GA100, bug
 * 2974274). As RM: an unreadable range (PLM) or a valid one (HI >= LO) that
 * does not end at the top of FB fails the probe; HI < LO means no lock (an
 * old VBIOS).
 *
 * Return: 0; -ENODEV when the device is gone or the range is refused.
 */
static int mmu_lock_read(struct nova_gpu *gpu, struct nova_vram_layout *l)
{
	u32 plm = nv_rd32(gpu, NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK);
	u64 lo, hi;

	if (plm == U32_MAX && nova_gpu_check_gone(gpu))
		return -ENODEV;
	if (!(plm & NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0)) {
		dev_err(gpu->dev, "MMU_LOCK range not readable (PLM %#x): refused, as RM's memmgrReadMmuLock_GA100\n",
			plm);
		return -ENODEV;
	}
	lo = mmu_lock_addr(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_LO);
	hi = mmu_lock_addr(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_HI);
	if (hi < lo)
		return 0;
	hi = round_up(hi, NV_PFB_PRI_MMU_LOCK_ADDR_HI_GRANULE);
	if (hi / SZ_1M != gpu->vram_size / SZ_1M) {
		dev_err(gpu->dev, "MMU_LOCK %#llx-%#llx does not end at the top of VRAM (%#llx): refused, as RM's memmgrBlockMemLockedMemory_GA100\n",
			lo, hi, gpu->vram_size);
		return -ENODEV;
	}
	layout_add(l, lo, gpu->vram_size, "MMU lock (GA100 row remapper)");
	return 0;
}

/**
 * frts_end() - Where FRTS ends.
 * @gpu: GPU, its VRAM sized.
 * @floor: The lowest reserved byte so far (VGA workspace, MMU lock).
 *
 * Turing to Ada: @floor aligned down to 128 KiB (kgspPopulateWprMeta_TU102).
 * Hopper on: no higher than the end-of-FB reserve estimate, aligned up to
 * 128 KiB, below the end of FB (kfspPrepareBootCommands_GH100's
 * frtsVidmemOffset; a PMU reservation, where there is one, would put it
 * lower still).
 *
 * Return: One past the last byte of FRTS; 0 if VRAM is too small.
 */
static u64 frts_end(struct nova_gpu *gpu, u64 floor)
{
	u64 rsv = round_up(gpu->chip->family->fb_end_reserve, NV_FRTS_END_ALIGN);

	if (rsv >= gpu->vram_size)
		return 0;
	return round_down(min(floor, gpu->vram_size - rsv), NV_FRTS_END_ALIGN);
}

/**
 * nova_vram_layout_read() - Find the VRAM nova_vmm may use, into @gpu->layout.
 * @gpu: GPU, identified, its VRAM sized.
 *
 * Reserved, from the top of VRAM down (RM kgspPopulateWprMeta_TU102, nouveau
 * tu102_gsp_oneinit, nova-core FbLayout::new): the VGA workspace, from its
 * base to the end of VRAM; on GA100 the range the VBIOS MMU-locked; FRTS,
 * 1 MiB below the lower of the two, aligned down to 128 KiB. From Hopper on
 * FSP puts FRTS lower still, below its end-of-FB reserve estimate
 * (kfspPrepareBootCommands_GH100); everything above FRTS is reserved then.
 * FRTS is where WPR2 starts; the rest of WPR2 (the GSP-RM image and heap)
 * exists only once GSP-RM is booted, which nova_vmm does not do.
 *
 * Context: Process context.
 * Return: 0; -ENODEV if the device is gone, VRAM is too small to hold the
 * reserved ranges, or GA100's MMU_LOCK range cannot be trusted.
 */
int nova_vram_layout_read(struct nova_gpu *gpu)
{
	struct nova_vram_layout *l = &gpu->layout;
	u32 v = 0;
	u64 top;
	int ret;

	*l = (struct nova_vram_layout){ .usable_end = gpu->vram_size };
	if (gpu->chip->display)
		v = nv_rd32(gpu, NV_PDISP_VGA_WORKSPACE_BASE);
	if (v == U32_MAX && nova_gpu_check_gone(gpu))
		return -ENODEV;
	if (gpu->vram_size < NV_VGA_WORKSPACE_DEFAULT_SIZE + NV_FRTS_SIZE + NV_FRTS_END_ALIGN)
		goto too_small;
	layout_add(l, vga_workspace_base(gpu, v), gpu->vram_size, "VGA workspace");
	if (gpu->chip->mmu_lock) {
		ret = mmu_lock_read(gpu, l);
		if (ret)
			return ret;
	}
	top = frts_end(gpu, l->usable_end);
	if (top < NV_FRTS_SIZE)
		goto too_small;
	layout_add(l, top - NV_FRTS_SIZE, top, "FRTS (WPR2)");
	return 0;
too_small:
	dev_err(gpu->dev, "%llu MiB of VRAM cannot hold the firmware's reserved ranges\n",
		gpu->vram_size / SZ_1M);
	return -ENODEV;
}
