/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chip descriptors: what differs between the supported NVIDIA chips.
 */
#ifndef _NOVA_VMM_CHIP_H_
#define _NOVA_VMM_CHIP_H_

#include <linux/types.h>

struct nova_bar_binding;
struct nova_gpu;
struct nova_pt_fmt;

/**
 * enum nova_family - GPU architecture.
 * @NOVA_TURING: TU10x.
 * @NOVA_AMPERE: GA10x.
 * @NOVA_ADA: AD10x.
 * @NOVA_HOPPER: GH100.
 * @NOVA_BLACKWELL: GB10x and GB20x.
 */
enum nova_family {
	NOVA_TURING,
	NOVA_AMPERE,
	NOVA_ADA,
	NOVA_HOPPER,
	NOVA_BLACKWELL,
};

/**
 * enum nova_vram_size_reg - The register VRAM's size is read from.
 * @NOVA_VRAM_LOCAL_MEMORY_RANGE: NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE (TU10x, GA100).
 * @NOVA_VRAM_USABLE_FB_SIZE_IN_MB: NV_USABLE_FB_SIZE_IN_MB (GA102 and later).
 */
enum nova_vram_size_reg {
	NOVA_VRAM_LOCAL_MEMORY_RANGE,
	NOVA_VRAM_USABLE_FB_SIZE_IN_MB,
};

/**
 * enum nova_bar - The BARs nova_vmm manages an address space for.
 * @NOVA_BAR1: BAR1, the CPU's window onto GPU virtual memory.
 * @NOVA_BAR2: BAR2, the kernel's (instance memory) window.
 */
enum nova_bar {
	NOVA_BAR1,
	NOVA_BAR2,
};

/**
 * struct nova_pramin_window - The register that places the PRAMIN window.
 * @reg: BAR0 offset of the register.
 * @encode: Register value that places the window at a 64 KiB-aligned VRAM
 *          address (target video memory where the register has a target).
 * @reach: Bytes of VRAM the register's BASE field can address.
 */
struct nova_pramin_window {
	u32 reg;
	u32 (*encode)(u64 base);
	u64 reach;
};

/**
 * struct nova_family_desc - What all chips of one architecture share.
 * @family: The architecture.
 * @name: Its name.
 * @fmt: Page-table format: MMU v2 (Turing to Ada) or v3 (Hopper, Blackwell).
 * @page_sizes: Page sizes the MMU maps, a mask of BIT(enum nova_page_size):
 *              4 KiB, 64 KiB and 2 MiB everywhere; 512 MiB (PD1) from GA10x
 *              on; 256 GiB (PD2) on Blackwell (kgmmuFmtInitLevels_GA10X,
 *              _GH10X, _GB10X).
 * @window: PRAMIN window register.
 * @bind: Bind an instance block to BAR1 or BAR2 (0 unbinds).
 * @binding: Read what BAR1 or BAR2 is bound to (io/bind.c).
 * @inst_va_limit: Instance blocks carry ADR_LIMIT (Turing only).
 * @tlb_membar: An invalidate after a downgrade also sets SYS_MEMBAR, with
 *              ACK_GLOBALLY (Turing: kgmmuSetTlbInvalidateMembarWarParameters_TU102,
 *              which kgmmuInvalidateTlb_GM107 applies to PTE downgrades of
 *              every address space but BAR2's).
 * @inst_magic: Instance blocks carry NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE
 *              (Blackwell).
 * @fb_end_reserve: FSP (Hopper on) puts FRTS this far below the end of FB
 *                  at least (kfspPrepareBootCommands_GH100); 0 before
 *                  Hopper, where FRTS sits right below the VGA workspace.
 * @dma_bits: Width of the system-memory addresses the GPU emits
 *            (NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS, hw/nv_hwproject.h):
 *            the DMA mask set at probe and the reach of system-memory maps.
 */
struct nova_family_desc {
	enum nova_family family;
	const char *name;
	const struct nova_pt_fmt *fmt;
	u32 page_sizes;
	const struct nova_pramin_window *window;
	int (*bind)(struct nova_gpu *gpu, enum nova_bar bar, u64 inst);
	int (*binding)(struct nova_gpu *gpu, enum nova_bar bar, struct nova_bar_binding *out);
	bool inst_va_limit;
	bool tlb_membar;
	bool inst_magic;
	u32 fb_end_reserve;
	u8 dma_bits;
};

/**
 * struct nova_chip - One supported chip.
 * @name: Marketing-free chip name, e.g. "GA102".
 * @id: NV_PMC_BOOT_42 CHIP_ID (architecture << 4 | implementation).
 * @family: Architecture-wide facts.
 * @vram_size_reg: Where the size of VRAM is read.
 * @display: The chip has a display engine, so NV_PDISP_VGA_WORKSPACE_BASE
 *           exists: RM's gpuFuseSupportsDisplay is not the constant-false
 *           HAL (TU10x, GA102 to GA107, AD10x, GB20x; generated/g_gpu_nvoc.c).
 * @mmu_lock: The VBIOS may lock the top of FB with NV_PFB_PRI_MMU_LOCK_ADDR_LO/HI
 *            (GA100 alone: memmgrReadMmuLock_GA100).
 */
struct nova_chip {
	const char *name;
	u16 id;
	const struct nova_family_desc *family;
	enum nova_vram_size_reg vram_size_reg;
	bool display;
	bool mmu_lock;
};

const struct nova_chip *nova_chip_find(u32 id);
int nova_chip_identify(struct nova_gpu *gpu);
u64 nova_vram_size_max(const struct nova_chip *chip);
int nova_vram_size_read(struct nova_gpu *gpu);
int nova_vram_layout_read(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_CHIP_H_ */
