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
#include <linux/sizes.h>

#include "io/bind.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_bus.h"
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
	.dma_bits = NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_GH100,
};

#define CHIP(n, fam, vram) { #n, NV_CHIP_##n, &(fam), NOVA_VRAM_##vram }

static const struct nova_chip nova_chips[] = {
	CHIP(TU102, nova_turing, LOCAL_MEMORY_RANGE),
	CHIP(TU104, nova_turing, LOCAL_MEMORY_RANGE),
	CHIP(TU106, nova_turing, LOCAL_MEMORY_RANGE),
	CHIP(TU117, nova_turing, LOCAL_MEMORY_RANGE),
	CHIP(TU116, nova_turing, LOCAL_MEMORY_RANGE),
	CHIP(GA100, nova_ampere, LOCAL_MEMORY_RANGE),
	CHIP(GA102, nova_ampere, USABLE_FB_SIZE_IN_MB),
	CHIP(GA103, nova_ampere, USABLE_FB_SIZE_IN_MB),
	CHIP(GA104, nova_ampere, USABLE_FB_SIZE_IN_MB),
	CHIP(GA106, nova_ampere, USABLE_FB_SIZE_IN_MB),
	CHIP(GA107, nova_ampere, USABLE_FB_SIZE_IN_MB),
	CHIP(GH100, nova_hopper, USABLE_FB_SIZE_IN_MB),
	CHIP(AD102, nova_ada, USABLE_FB_SIZE_IN_MB),
	CHIP(AD103, nova_ada, USABLE_FB_SIZE_IN_MB),
	CHIP(AD104, nova_ada, USABLE_FB_SIZE_IN_MB),
	CHIP(AD106, nova_ada, USABLE_FB_SIZE_IN_MB),
	CHIP(AD107, nova_ada, USABLE_FB_SIZE_IN_MB),
	CHIP(GB100, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB102, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB110, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB112, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB202, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB203, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB205, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB206, nova_blackwell, USABLE_FB_SIZE_IN_MB),
	CHIP(GB207, nova_blackwell, USABLE_FB_SIZE_IN_MB),
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
 * nova_vram_size_read() - Read the size of VRAM into @gpu->vram_size.
 * @gpu: GPU, identified.
 *
 * Context: Process context.
 * Return: 0; -ENODEV if the device is gone or reports no VRAM.
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
	if (!gpu->vram_size) {
		dev_err(gpu->dev, "%s reports no VRAM (%#010x)\n", gpu->chip->name, v);
		return -ENODEV;
	}
	return 0;
}
