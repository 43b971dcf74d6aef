// SPDX-License-Identifier: GPL-2.0
/*
 * The GPU model: BAR0 registers, PRAMIN, BAR1/BAR2 binding, TLB invalidate,
 * flushes, the BAR1 aperture through the GMMU, and injected faults.
 *
 * Facts from hw-reference.md (section numbers below); each register is named
 * as in NVIDIA's headers. Status bits that "clear when done" stay set for
 * NV_BUSY_READS reads after the operation was started, so a driver that does
 * not poll is not rescued by timing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "nvsim.h"

#define NV_BAR0_SIZE		(32 * SZ_1M)
#define NV_BAR2_SIZE		(32 * SZ_1M)	/* the instance-memory BAR (PCI resource 3) */
#define NV_BUSY_READS		1	/* status reads that still show "busy" */
#define NV_BUSY_STUCK		(-1)	/* injected: never completes */
#define NV_MAX_FAULT_LINES	1000
#define NV_MAX_WARN_LINES	100
#define NV_ALL_ONES		0xffu
#define PT_PAGE_SHIFT_4K	12	/* granule of physical mode and of faults */

/* 1. NV_PMC_BOOT_0 / NV_PMC_BOOT_42 (nv_ref.h). */
#define NV_PMC_BOOT_0				0x00000000
#define NV_PMC_BOOT_0_MINOR_REVISION		GENMASK(3, 0)
#define NV_PMC_BOOT_0_MAJOR_REVISION		GENMASK(7, 4)
#define NV_PMC_BOOT_0_ARCHITECTURE_1		BIT(8)
#define NV_PMC_BOOT_0_IMPLEMENTATION		GENMASK(23, 20)
#define NV_PMC_BOOT_0_ARCHITECTURE_0		GENMASK(28, 24)
#define NV_PMC_BOOT_0_ARCHITECTURE_0_BITS	5
#define NV_PMC_BOOT_42				0x00000a00
#define NV_PMC_BOOT_42_MINOR_REVISION		GENMASK(15, 12)
#define NV_PMC_BOOT_42_MAJOR_REVISION		GENMASK(19, 16)
#define NV_PMC_BOOT_42_CHIP_ID			GENMASK(29, 20)
/* Revision A1, as on the GA102 in uml-virtpci.md (BOOT_0 0x172000a1). */
#define NV_REV_MAJOR				0xa
#define NV_REV_MINOR				0x1
#define NV_CHIP_ID_IMPL_BITS			4

/*
 * VRAM size. Not in hw-reference.md: taken from the source citations of
 * the driver's hw/nv_fb.h (pascal/gp102/dev_fb.h, ga102
 * dev_gc6_island_addendum.h); only the addresses and field layouts.
 */
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE	0x00100ce0
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE GENMASK(3, 0)
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG GENMASK(9, 4)
#define NV_LMR_MAG_MAX				63	/* 6-bit LOWER_MAG */
#define NV_LMR_SCALE_MAX			15	/* 4-bit LOWER_SCALE */
#define NV_USABLE_FB_SIZE_IN_MB			0x001183a4

/*
 * Reserved VRAM at the top of FB. Not in hw-reference.md: taken from
 * open-gpu-kernel-modules and nouveau (issue 15 item 1, findings F1, F6):
 *   disp/v04_00/dev_disp.h NV_PDISP_VGA_WORKSPACE_BASE 0x625F04, STATUS 3:3,
 *     ADDR 31:8, base = ADDR << 16 (kdispGetVgaWorkspaceBase_v04_00), only on
 *     chips with a display engine (gpuFuseSupportsDisplay);
 *   the workspace runs to the end of FB; FRTS is 1 MiB right below the lower
 *     of it and GA100's MMU lock, aligned down to 128 KiB
 *     (kgspPopulateWprMeta_TU102, kgspGetFrtsSize_TU102; nouveau
 *     tu102_gsp_oneinit); from Hopper on FSP puts it no higher than the
 *     end-of-FB reserve estimate below the end of FB (0x200000 on Hopper,
 *     0x220000 on Blackwell: kfspPrepareBootCommands_GH100,
 *     memmgrGetFBEndReserveSizeEstimate_GM107/_GB100);
 *   ampere/ga100/dev_fb.h NV_PFB_PRI_MMU_LOCK_ADDR_LO 0x1FA82C, _HI 0x1FA830,
 *     VAL 31:4 = address >> 12, PLM 0x1FA7C8 READ_PROTECTION_LEVEL0 0:0
 *     (memmgrReadMmuLock_GA100, GA100 only).
 * The model's VBIOS sets the workspace at the last MiB (the base every source
 * falls back to) and, on GA100, locks the top NV_SIM_MMU_LOCK_SIZE of FB (the
 * row remapper's "few MBs at end of FB", memmgrBlockMemLockedMemory_GA100).
 * What a write into these ranges does is documented nowhere: the model
 * refuses it (drops it) with a warning naming the rule.
 */
#define NV_PDISP_VGA_WORKSPACE_BASE		0x00625f04
#define NV_PDISP_VGA_WORKSPACE_BASE_STATUS_VALID BIT(3)
#define NV_PDISP_VGA_WORKSPACE_BASE_ADDR	GENMASK(31, 8)
#define NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT	16
#define NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK	0x001fa7c8
#define NV_PFB_PRI_MMU_LOCK_PLM_READ_LEVEL0	BIT(0)
#define NV_PFB_PRI_MMU_LOCK_ADDR_LO		0x001fa82c
#define NV_PFB_PRI_MMU_LOCK_ADDR_HI		0x001fa830
#define NV_PFB_PRI_MMU_LOCK_ADDR_VAL		GENMASK(31, 4)
#define NV_PFB_PRI_MMU_LOCK_ADDR_SHIFT		12
#define NV_SIM_VGA_WORKSPACE_SIZE		SZ_1M
#define NV_SIM_MMU_LOCK_SIZE			(4 * SZ_1M)
#define NV_FRTS_SIZE				SZ_1M
#define NV_FRTS_END_ALIGN			0x20000ull
#define NV_FB_END_RESERVE_GH100			0x200000ull
#define NV_FB_END_RESERVE_GB100			0x220000ull
/* The MMU lock, FRTS and its alignment, and some room below. */
#define NV_MIN_VRAM_MIB				8

/* 2. PRAMIN (dev_ram.h NV_PRAMIN; dev_bus.h NV_PBUS_BAR0_WINDOW; XAL). */
#define NV_PRAMIN				0x00700000
#define NV_PRAMIN_SIZE				SZ_1M
#define NV_PBUS_BAR0_WINDOW			0x00001700
#define NV_PBUS_BAR0_WINDOW_BASE		GENMASK(23, 0)
#define NV_PBUS_BAR0_WINDOW_TARGET		GENMASK(25, 24)
#define NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM	0
#define NV_XAL_EP_BAR0_WINDOW			(0x0010f000 + 0x0d40)
#define NV_XAL_EP_BAR0_WINDOW_BASE_GH100	GENMASK(21, 0)
#define NV_XAL_EP_BAR0_WINDOW_BASE_GB100	GENMASK(22, 0)
#define NV_BAR0_WINDOW_BASE_SHIFT		16

/* 5. Instance block (dev_ram.h NV_RAMIN_*). */
#define NV_RAMIN_ALLOC_SIZE			SZ_4K
#define NV_RAMIN_BASE_SHIFT			12
#define NV_RAMIN_PAGE_DIR_BASE_LO		0x200
#define NV_RAMIN_PAGE_DIR_BASE_TARGET		GENMASK(1, 0)
#define NV_RAMIN_PAGE_DIR_BASE_TARGET_VID_MEM	0
#define NV_RAMIN_PAGE_DIR_BASE_TARGET_INVALID	1
#define NV_RAMIN_USE_VER2_PT_FORMAT		BIT(10)
#define NV_RAMIN_BIG_PAGE_SIZE_64KB		BIT(11)
#define NV_RAMIN_PAGE_DIR_BASE_LO_ADDR		GENMASK(31, 12)
#define NV_RAMIN_PAGE_DIR_BASE_HI		0x204
#define NV_RAMIN_ENGINE_CTXSW_FW_MAGIC		0x20c
#define NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE	0xcafeca11

/* 5. BAR1/BAR2 bind, Turing/Ampere/Ada (dev_bus.h, tu102/dev_vm.h). */
#define NV_VF					0x00b80000	/* NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET */
#define NV_PBUS_BAR1_BLOCK			0x00001704
#define NV_PBUS_BAR2_BLOCK			0x00001714
#define NV_PBUS_BIND_STATUS			0x00001710
#define NV_VF_PRIV_BAR1_BLOCK			(NV_VF + 0x0f40)
#define NV_VF_PRIV_BAR2_BLOCK			(NV_VF + 0x0f48)
#define NV_VF_PRIV_BIND_STATUS			(NV_VF + 0x0f50)
#define NV_PBUS_BAR_BLOCK_PTR			GENMASK(27, 0)
#define NV_PBUS_BAR_BLOCK_TARGET		GENMASK(29, 28)
#define NV_PBUS_BAR2_BLOCK_DEBUG_CYA		BIT(30)
#define NV_PBUS_BAR_BLOCK_MODE_VIRTUAL		BIT(31)
#define NV_PBUS_BIND_STATUS_BAR_SHIFT		2	/* BAR2 bits follow BAR1's */
#define NV_PBUS_BIND_STATUS_BAR1_PENDING	BIT(0)
#define NV_PBUS_BIND_STATUS_BAR1_OUTSTANDING	BIT(1)

/* 5. BAR1/BAR2 bind, Hopper/Blackwell (gh100/dev_vm.h, gb100/dev_vm.h). */
#define NV_VF_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR	(NV_VF + 0x0f60)
#define NV_VF_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR	(NV_VF + 0x0f64)
#define NV_VF_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR	(NV_VF + 0x0f70)
#define NV_VF_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR	(NV_VF + 0x0f74)
#define NV_BLOCK_LOW_ADDR_PENDING		BIT(0)
#define NV_BLOCK_LOW_ADDR_OUTSTANDING		BIT(1)
#define NV_BLOCK_LOW_ADDR_MODE_VIRTUAL		BIT(9)
#define NV_BLOCK_LOW_ADDR_TARGET		GENMASK(11, 10)
#define NV_BLOCK_LOW_ADDR_PTR			GENMASK(31, 12)
#define NV_BAR1_BLOCK_HIGH_ADDR_PTR		GENMASK(31, 0)
#define NV_BAR2_BLOCK_HIGH_ADDR_PTR		GENMASK(19, 0)
#define NV_BLOCK_TARGET_VID_MEM			0

/* 6. TLB invalidate (tu102/gb100 dev_vm.h; tu104 pri_mmu_hub.ref.txt). */
#define NV_VF_PRIV_MMU_INVALIDATE_PDB		(NV_VF + 0x30a0)
#define NV_VF_PRIV_MMU_INVALIDATE_UPPER_PDB	(NV_VF + 0x30a4)
#define NV_VF_PRIV_MMU_INVALIDATE		(NV_VF + 0x30b0)
#define NV_PFB_PRI_MMU_INVALIDATE_VADDR		0x00100cb4
#define NV_PFB_PRI_MMU_INVALIDATE_PDB		0x00100cb8
#define NV_PFB_PRI_MMU_INVALIDATE		0x00100cbc
#define NV_PFB_PRI_MMU_INVALIDATE_UPPER_VADDR	0x00100ce8
#define NV_PFB_PRI_MMU_INVALIDATE_UPPER_PDB	0x00100cec
#define NV_PFB_PRI_MMU_INVALIDATE_PASID		0x00100e64
#define NV_PFB_PRI_MMU_INVALIDATE_SIZE		0x00100e68
#define NV_MMU_INVALIDATE_PDB_APERTURE_SYS_MEM	BIT(1)
#define NV_MMU_INVALIDATE_PDB_ADDR		GENMASK(31, 4)
#define NV_MMU_INVALIDATE_PDB_ADDR_ALIGNMENT	12
#define NV_MMU_INVALIDATE_UPPER_PDB_ADDR	GENMASK(19, 0)
#define NV_MMU_INVALIDATE_UPPER_PDB_SHIFT	28	/* PDB bits above ADDR's 28 */
#define NV_MMU_INVALIDATE_ALL_VA		BIT(0)
#define NV_MMU_INVALIDATE_ALL_PDB		BIT(1)
#define NV_MMU_INVALIDATE_TRIGGER		BIT(31)

/* 6. Flushes: NV_UFLUSH_* (gm107/gm200 dev_flush.h), XAL memops (gh100). */
#define NV_UFLUSH_FB_FLUSH			0x00070000
#define NV_UFLUSH_L2_SYSMEM_INVALIDATE		0x00070004
#define NV_UFLUSH_L2_FLUSH_DIRTY		0x00070010
#define NV_UFLUSH_PENDING			BIT(0)
#define NV_UFLUSH_OUTSTANDING			BIT(1)
#define NV_XAL_EP_ZB_UFLUSH_FB_FLUSH		(0x0010f000 + 0x800)
#define NV_XAL_EP_ZB_UFLUSH_FB_FLUSH_COMPLETED	(0x0010f000 + 0x804)
#define NV_XAL_TOKEN				GENMASK(30, 0)
#define NV_XAL_COMPLETED_STATUS_BUSY		BIT(31)

enum { INV_VF, INV_PF };
enum { UFLUSH_FB, UFLUSH_L2_SYSMEM_INVALIDATE, UFLUSH_L2_FLUSH_DIRTY };
enum { PLAIN_VADDR, PLAIN_UPPER_VADDR, PLAIN_PASID, PLAIN_SIZE };

static const char *const bar_name[NV_NR_BARS] = { "BAR1", "BAR2" };

/* --- per-family facts --------------------------------------------------- */

struct nv_family_desc {
	int mmu_version;	/* 2 or 3 */
	unsigned int huge;	/* directory levels that may hold a PTE (1.) */
	uint32_t window_reg;
	uint32_t window_mask;	/* bits the window register stores */
};

static const struct nv_family_desc families[] = {
	[NV_TURING] = { 2, BIT(MMU_PD0), NV_PBUS_BAR0_WINDOW,
			NV_PBUS_BAR0_WINDOW_BASE | NV_PBUS_BAR0_WINDOW_TARGET },
	[NV_AMPERE] = { 2, BIT(MMU_PD0) | BIT(MMU_PD1), NV_PBUS_BAR0_WINDOW,
			NV_PBUS_BAR0_WINDOW_BASE | NV_PBUS_BAR0_WINDOW_TARGET },
	[NV_ADA] = { 2, BIT(MMU_PD0) | BIT(MMU_PD1), NV_PBUS_BAR0_WINDOW,
		     NV_PBUS_BAR0_WINDOW_BASE | NV_PBUS_BAR0_WINDOW_TARGET },
	[NV_HOPPER] = { 3, BIT(MMU_PD0) | BIT(MMU_PD1), NV_XAL_EP_BAR0_WINDOW,
			NV_XAL_EP_BAR0_WINDOW_BASE_GH100 },
	[NV_BLACKWELL] = { 3, BIT(MMU_PD0) | BIT(MMU_PD1) | BIT(MMU_PD2),
			   NV_XAL_EP_BAR0_WINDOW, NV_XAL_EP_BAR0_WINDOW_BASE_GB100 },
};

static const struct nv_family_desc *fam(const struct nv_gpu *g)
{
	return &families[g->chip->family];
}

/* --- logging helpers ---------------------------------------------------- */

/* True the first time @addr is seen in @tab (open addressing, never shrinks). */
static bool first_time(uint32_t *tab, uint32_t addr)
{
	uint32_t key = addr + 1, h = (addr * 2654435761u) % NV_SEEN_SLOTS;

	for (unsigned int i = 0; i < NV_SEEN_SLOTS; i++, h = (h + 1) % NV_SEEN_SLOTS) {
		if (tab[h] == key)
			return false;
		if (!tab[h]) {
			tab[h] = key;
			return true;
		}
	}
	return false;
}

static void warn(struct nv_gpu *g, const char *msg)
{
	if (g->st.warnings++ < NV_MAX_WARN_LINES)
		nv_log("warning: %s", msg);
	if (g->trace)
		fprintf(g->trace, "! %s\n", msg);
}

static void bar_fault(struct nv_gpu *g, int bar, bool write, uint64_t off, const char *why)
{
	const char *name = bar == NV_BAR2 ? "bar2" : "bar1";

	g->st.faults++;
	if (g->fault_lines < NV_MAX_FAULT_LINES)
		nv_log("fault: %s %s offset 0x%llx (%s)", name, write ? "write" : "read",
		       (unsigned long long)off, why);
	else if (g->fault_lines == NV_MAX_FAULT_LINES)
		nv_log("fault: further faults are counted, not logged");
	g->fault_lines++;
	if (g->trace)
		fprintf(g->trace, "F %s %s 0x%llx (%s)\n", name, write ? "write" : "read",
			(unsigned long long)off, why);
}

static void go_away(struct nv_gpu *g, const char *why)
{
	g->gone = true;
	nv_log("fault injection: %s: the device is gone", why);
	if (g->trace)
		fprintf(g->trace, "! gone (%s)\n", why);
}

static bool busy_read(int *busy)
{
	if (!*busy)
		return false;
	if (*busy > 0)
		(*busy)--;
	return true;
}

/* --- VRAM --------------------------------------------------------------- */

static uint32_t vram_rd32(const struct nv_gpu *g, uint64_t addr)
{
	uint32_t v;

	memcpy(&v, g->vram + addr, sizeof(v));
	return v;
}

static int vram_create(struct nv_gpu *g, uint64_t size)
{
	void *p;

	g->vram_fd = memfd_create("nvsim-vram", MFD_CLOEXEC);
	if (g->vram_fd < 0)
		return -errno;
	if (ftruncate(g->vram_fd, (off_t)size) < 0)
		return -errno;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, g->vram_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	g->vram = p;
	g->vram_size = size;
	return 0;
}

/* --- identification and VRAM size -------------------------------------- */

static uint32_t boot0(const struct nv_gpu *g)
{
	uint32_t arch = g->chip->chip_id >> NV_CHIP_ID_IMPL_BITS;
	uint32_t impl = g->chip->chip_id & GENMASK(NV_CHIP_ID_IMPL_BITS - 1, 0);

	return FIELD_PREP(NV_PMC_BOOT_0_ARCHITECTURE_0, arch) |
	       FIELD_PREP(NV_PMC_BOOT_0_ARCHITECTURE_1, arch >> NV_PMC_BOOT_0_ARCHITECTURE_0_BITS) |
	       FIELD_PREP(NV_PMC_BOOT_0_IMPLEMENTATION, impl) |
	       FIELD_PREP(NV_PMC_BOOT_0_MAJOR_REVISION, NV_REV_MAJOR) |
	       FIELD_PREP(NV_PMC_BOOT_0_MINOR_REVISION, NV_REV_MINOR);
}

static uint32_t boot42(const struct nv_gpu *g)
{
	return FIELD_PREP(NV_PMC_BOOT_42_CHIP_ID, g->chip->chip_id) |
	       FIELD_PREP(NV_PMC_BOOT_42_MAJOR_REVISION, NV_REV_MAJOR) |
	       FIELD_PREP(NV_PMC_BOOT_42_MINOR_REVISION, NV_REV_MINOR);
}

/* LOCAL_MEMORY_RANGE: size = LOWER_MAG << (LOWER_SCALE + 20); 0 if not exact. */
static uint32_t lmr_encode(uint64_t mib)
{
	for (unsigned int scale = 0; scale <= NV_LMR_SCALE_MAX; scale++) {
		uint64_t mag = mib >> scale;

		if (mag <= NV_LMR_MAG_MAX && mag << scale == mib)
			return FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG, mag) |
			       FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, scale);
	}
	return 0;
}

/* --- register file ------------------------------------------------------ */

struct reg;
typedef uint32_t (*reg_rd_fn)(struct nv_gpu *g, const struct reg *r);
typedef void (*reg_wr_fn)(struct nv_gpu *g, const struct reg *r, uint32_t v);

struct reg {
	uint32_t addr;
	uint32_t fams;		/* F_* families that have it */
	const char *name;
	reg_rd_fn rd;
	reg_wr_fn wr;		/* NULL: read-only */
	int arg;
};

static uint32_t rd_boot0(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	return boot0(g);
}

static uint32_t rd_boot42(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	return boot42(g);
}

static uint32_t rd_vram_size(struct nv_gpu *g, const struct reg *r)
{
	uint64_t mib = g->vram_size >> MIB_SHIFT;

	if (g->f_vram_size_reg)
		return g->f_vram_size_val;
	return r->arg == NV_VRAM_LOCAL_MEMORY_RANGE ? lmr_encode(mib) : (uint32_t)mib;
}

static uint32_t rd_window(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	return g->window;
}

static void wr_window(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	(void)r;
	g->window = v & fam(g)->window_mask;
}

static uint32_t rd_plain(struct nv_gpu *g, const struct reg *r)
{
	return g->plain[r->arg];
}

static void wr_plain(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	g->plain[r->arg] = v;
}

/* --- reserved VRAM ------------------------------------------------------ */

static uint32_t rd_vga_workspace(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	return g->vga_workspace;
}

static uint32_t rd_mmu_lock_plm(struct nv_gpu *g, const struct reg *r)
{
	(void)g;
	(void)r;
	return NV_PFB_PRI_MMU_LOCK_PLM_READ_LEVEL0;
}

static uint32_t rd_mmu_lock(struct nv_gpu *g, const struct reg *r)
{
	return g->mmu_lock[r->arg];
}

/* The VBIOS set these up; no source has a driver change them. */
static void wr_firmware(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "write 0x%08x to %s refused: the VBIOS owns it", v, r->name);
	warn(g, msg);
}

static void rsv_add(struct nv_gpu *g, uint64_t start, uint64_t end, const char *what,
		    const char *rule)
{
	g->rsv[g->nrsv++] = (struct nv_rsv){ start, end, what, rule };
}

/* The VBIOS of the model: the workspace register and GA100's lock; FRTS below. */
static void rsv_init(struct nv_gpu *g)
{
	uint64_t fb = g->vram_size, vga = fb - NV_SIM_VGA_WORKSPACE_SIZE, floor = vga;

	if (g->chip->display)
		g->vga_workspace = NV_PDISP_VGA_WORKSPACE_BASE_STATUS_VALID |
			(uint32_t)FIELD_PREP(NV_PDISP_VGA_WORKSPACE_BASE_ADDR,
					     vga >> NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT);
	rsv_add(g, vga, fb, "VGA workspace", "RM kgspPopulateWprMeta_TU102");
	if (g->chip->mmu_lock) {
		floor = fb - NV_SIM_MMU_LOCK_SIZE;
		g->mmu_lock[0] = (uint32_t)FIELD_PREP(NV_PFB_PRI_MMU_LOCK_ADDR_VAL,
						      floor >> NV_PFB_PRI_MMU_LOCK_ADDR_SHIFT);
		g->mmu_lock[1] = (uint32_t)FIELD_PREP(NV_PFB_PRI_MMU_LOCK_ADDR_VAL,
						      (fb - SZ_4K) >> NV_PFB_PRI_MMU_LOCK_ADDR_SHIFT);
		rsv_add(g, floor, fb, "GA100 MMU-locked range", "RM memmgrBlockMemLockedMemory_GA100");
	}
	if (g->chip->family == NV_HOPPER)
		floor = MIN(floor, fb - NV_FB_END_RESERVE_GH100);
	else if (g->chip->family == NV_BLACKWELL)
		floor = MIN(floor, fb - NV_FB_END_RESERVE_GB100);
	floor &= ~(NV_FRTS_END_ALIGN - 1);
	rsv_add(g, floor - NV_FRTS_SIZE, floor, "FRTS (WPR2)",
		g->chip->family >= NV_HOPPER ? "RM kfspPrepareBootCommands_GH100" :
					       "RM kgspPopulateWprMeta_TU102");
}

/* A write of [@addr, @addr + @len) into reserved VRAM: warn; true drops it. */
static bool rsv_write(struct nv_gpu *g, const char *how, uint64_t addr, size_t len)
{
	for (unsigned int i = 0; i < g->nrsv; i++) {
		const struct nv_rsv *r = &g->rsv[i];
		char msg[200];

		if (addr >= r->end || addr + len <= r->start)
			continue;
		snprintf(msg, sizeof(msg),
			 "%s write at VRAM 0x%llx into the %s 0x%llx-0x%llx refused (reserved: %s)",
			 how, (unsigned long long)addr, r->what, (unsigned long long)r->start,
			 (unsigned long long)r->end, r->rule);
		warn(g, msg);
		return true;
	}
	return false;
}

/* --- BAR1/BAR2 binding (5.) --------------------------------------------- */

static void space_init(struct nv_gpu *g, struct mmu_space *s, uint64_t pdb)
{
	s->vram = g->vram;
	s->vram_size = g->vram_size;
	s->version = fam(g)->mmu_version;
	s->huge = fam(g)->huge;
	s->pdb = pdb;
}

static const char *pdb_check(struct nv_gpu *g, uint32_t lo)
{
	uint32_t target = FIELD_GET(NV_RAMIN_PAGE_DIR_BASE_TARGET, lo);

	if (target == NV_RAMIN_PAGE_DIR_BASE_TARGET_INVALID)
		return "PAGE_DIR_BASE_TARGET INVALID (unbound)";
	if (target != NV_RAMIN_PAGE_DIR_BASE_TARGET_VID_MEM)
		return "page directory in system memory (not allowed for BARs, not modelled)";
	/* "Volta only supports the new format ... UNBOUND_INSTANCE fault" */
	if (fam(g)->mmu_version == 2 && !(lo & NV_RAMIN_USE_VER2_PT_FORMAT))
		return "USE_VER2_PT_FORMAT = 0 (UNBOUND_INSTANCE fault)";
	/* "Selecting 128KB for big pages results in an UNBOUND_INSTANCE fault" */
	if (!(lo & NV_RAMIN_BIG_PAGE_SIZE_64KB))
		return "BIG_PAGE_SIZE = 128 KiB (UNBOUND_INSTANCE fault)";
	return NULL;
}

/* Read RAMIN at bind time; the model keeps what it read until the next bind. */
static const char *inst_check(struct nv_gpu *g, struct nv_bind *b, uint32_t target)
{
	uint32_t lo, hi;
	uint64_t pdb;
	const char *err;

	if (target != NV_BLOCK_TARGET_VID_MEM)
		return "instance block in system memory (not modelled)";
	if (b->inst >= g->vram_size || g->vram_size - b->inst < NV_RAMIN_ALLOC_SIZE)
		return "instance block beyond VRAM";
	lo = vram_rd32(g, b->inst + NV_RAMIN_PAGE_DIR_BASE_LO);
	hi = vram_rd32(g, b->inst + NV_RAMIN_PAGE_DIR_BASE_HI);
	err = pdb_check(g, lo);
	if (err)
		return err;
	pdb = (uint64_t)hi << 32 | (lo & NV_RAMIN_PAGE_DIR_BASE_LO_ADDR);
	if (pdb >= g->vram_size)
		return "PAGE_DIR_BASE beyond VRAM";
	space_init(g, &b->space, pdb);
	if (g->chip->family == NV_BLACKWELL &&
	    vram_rd32(g, b->inst + NV_RAMIN_ENGINE_CTXSW_FW_MAGIC) !=
	    NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE)
		warn(g, "Blackwell instance block without ENGINE_CTXSW_FW_MAGIC 0xcafeca11");
	return NULL;
}

static void bind_log(struct nv_gpu *g, int bar, const struct nv_bind *b)
{
	if (!b->virt)
		nv_log("bind: %s physical mode (unbound)", bar_name[bar]);
	else if (b->error)
		nv_log("bind: %s instance block 0x%llx: %s", bar_name[bar],
		       (unsigned long long)b->inst, b->error);
	else
		nv_log("bind: %s instance block 0x%llx, PDB 0x%llx, MMU v%d", bar_name[bar],
		       (unsigned long long)b->inst, (unsigned long long)b->space.pdb,
		       b->space.version);
	if (g->trace)
		fprintf(g->trace, "B %s inst 0x%llx %s %s\n", bar_name[bar],
			(unsigned long long)b->inst, b->virt ? "virtual" : "physical",
			b->error ? b->error : "ok");
}

static void bind_start(struct nv_gpu *g, int bar, uint64_t inst, uint32_t target, bool virt)
{
	struct nv_bind *b = &g->bind[bar];

	g->st.binds++;
	/*
	 * The instance block and the tables were written through PRAMIN,
	 * posted; RM flushes (kbusFlush) before it binds. No source says a
	 * bind waits for posted writes: refuse to assume it.
	 */
	if (virt && g->pramin_dirty)
		warn(g, "BAR bound with PRAMIN writes not flushed (no PRAMIN read or FB flush)");
	if (g->f_bind_stuck) {
		if (b->busy != NV_BUSY_STUCK)
			nv_log("fault injection: bind-stuck: %s bind stays pending", bar_name[bar]);
		b->busy = NV_BUSY_STUCK;
		return;
	}
	b->busy = NV_BUSY_READS;
	/* A bind keeps what the TLB holds (review S4): see tlb_lookup(). */
	b->bound = true;
	b->virt = virt;
	b->inst = inst;
	b->error = virt ? inst_check(g, b, target) : NULL;
	b->valid = virt && !b->error;
	bind_log(g, bar, b);
}

/*
 * A BAR that firmware (GSP-RM on the physical function) or another driver
 * bound before the driver came belongs to them: a driver that writes its
 * block register takes the BAR from its owner (review F5). No source says
 * the PF may rebind it: refuse.
 */
static void owner_check(struct nv_gpu *g, int bar)
{
	if (g->bind[bar].firmware)
		warn(g, bar == NV_BAR1 ?
		     "BAR1 block register written, but firmware bound BAR1 before the driver" :
		     "BAR2 block register written, but firmware bound BAR2 before the driver");
}

/* Turing, Ampere, Ada: one write of NV_PBUS_BARn_BLOCK binds. */
static uint32_t rd_block(struct nv_gpu *g, const struct reg *r)
{
	return g->bind[r->arg].block;
}

static void wr_block(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	uint32_t mask = NV_PBUS_BAR_BLOCK_PTR | NV_PBUS_BAR_BLOCK_TARGET |
			NV_PBUS_BAR_BLOCK_MODE_VIRTUAL;

	owner_check(g, r->arg);
	if (r->arg == NV_BAR2)
		mask |= NV_PBUS_BAR2_BLOCK_DEBUG_CYA;
	g->bind[r->arg].block = v & mask;
	bind_start(g, r->arg, (uint64_t)FIELD_GET(NV_PBUS_BAR_BLOCK_PTR, v) << NV_RAMIN_BASE_SHIFT,
		   FIELD_GET(NV_PBUS_BAR_BLOCK_TARGET, v), v & NV_PBUS_BAR_BLOCK_MODE_VIRTUAL);
}

static uint32_t rd_bind_status(struct nv_gpu *g, const struct reg *r)
{
	uint32_t v = 0;

	(void)r;
	for (int bar = NV_BAR1; bar < NV_NR_BARS; bar++)
		if (busy_read(&g->bind[bar].busy))
			v |= (NV_PBUS_BIND_STATUS_BAR1_PENDING |
			      NV_PBUS_BIND_STATUS_BAR1_OUTSTANDING) <<
			     (bar * NV_PBUS_BIND_STATUS_BAR_SHIFT);
	return v;
}

/* Hopper, Blackwell: LOW first, then HIGH, whose write triggers the bind. */
static uint32_t rd_low(struct nv_gpu *g, const struct reg *r)
{
	struct nv_bind *b = &g->bind[r->arg];
	uint32_t v = b->block;

	if (busy_read(&b->busy))
		v |= NV_BLOCK_LOW_ADDR_PENDING | NV_BLOCK_LOW_ADDR_OUTSTANDING;
	return v;
}

static void wr_low(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	owner_check(g, r->arg);
	g->bind[r->arg].block = v & (NV_BLOCK_LOW_ADDR_MODE_VIRTUAL | NV_BLOCK_LOW_ADDR_TARGET |
				     NV_BLOCK_LOW_ADDR_PTR);
}

static uint32_t rd_high(struct nv_gpu *g, const struct reg *r)
{
	return g->bind[r->arg].block_hi;
}

static void wr_high(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	struct nv_bind *b = &g->bind[r->arg];

	owner_check(g, r->arg);
	b->block_hi = v & (r->arg == NV_BAR1 ? NV_BAR1_BLOCK_HIGH_ADDR_PTR :
					       NV_BAR2_BLOCK_HIGH_ADDR_PTR);
	bind_start(g, r->arg, (uint64_t)b->block_hi << 32 | (b->block & NV_BLOCK_LOW_ADDR_PTR),
		   FIELD_GET(NV_BLOCK_LOW_ADDR_TARGET, b->block),
		   b->block & NV_BLOCK_LOW_ADDR_MODE_VIRTUAL);
}

/* --- TLB invalidate (6.) ------------------------------------------------ */

static struct nv_inval *inval(struct nv_gpu *g, const struct reg *r)
{
	return r->arg == INV_PF ? &g->inv_pf : &g->inv_vf;
}

static uint32_t rd_inv_pdb(struct nv_gpu *g, const struct reg *r)
{
	return inval(g, r)->pdb;
}

static void wr_inv_pdb(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	inval(g, r)->pdb = v & (NV_MMU_INVALIDATE_PDB_ADDR | NV_MMU_INVALIDATE_PDB_APERTURE_SYS_MEM);
}

static uint32_t rd_inv_upper(struct nv_gpu *g, const struct reg *r)
{
	return inval(g, r)->upper;
}

static void wr_inv_upper(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	inval(g, r)->upper = v & NV_MMU_INVALIDATE_UPPER_PDB_ADDR;
}

static uint64_t inval_pdb(const struct nv_inval *iv)
{
	uint64_t pfn = (uint64_t)iv->upper << NV_MMU_INVALIDATE_UPPER_PDB_SHIFT |
		       FIELD_GET(NV_MMU_INVALIDATE_PDB_ADDR, iv->pdb);

	return pfn << NV_MMU_INVALIDATE_PDB_ADDR_ALIGNMENT;
}

/* Which cached translations this invalidate drops. */
static size_t inval_drop(struct nv_gpu *g, const struct nv_inval *iv, uint32_t v)
{
	if (!(v & NV_MMU_INVALIDATE_ALL_VA)) {
		/* The VF block has no VADDR register (hw-reference.md 6). */
		warn(g, "MMU_INVALIDATE without ALL_VA: no VA to invalidate, nothing dropped");
		return 0;
	}
	if (v & NV_MMU_INVALIDATE_ALL_PDB)
		return tlb_drop_all(&g->tlb);
	if (iv->pdb & NV_MMU_INVALIDATE_PDB_APERTURE_SYS_MEM)
		return 0;	/* no address space lives in sysmem here */
	return tlb_drop_pdb(&g->tlb, inval_pdb(iv));
}

static void inval_trigger(struct nv_gpu *g, struct nv_inval *iv, uint32_t v)
{
	size_t n;

	g->st.invalidates++;
	if (g->f_gone_at_inval) {
		go_away(g, "gone-at-invalidate");
		return;
	}
	if (iv->busy)
		warn(g, "MMU_INVALIDATE triggered while the previous one is still pending");
	if (g->f_tlb_stuck) {
		if (iv->busy != NV_BUSY_STUCK)
			nv_log("fault injection: tlb-stuck: MMU_INVALIDATE_TRIGGER will not clear");
		iv->busy = NV_BUSY_STUCK;
		return;
	}
	if (g->pramin_dirty)
		warn(g, "TLB invalidate with PRAMIN writes not flushed (no PRAMIN read or FB flush)");
	if (g->bar2_dirty)
		warn(g, "TLB invalidate with BAR2 writes not flushed (no BAR2 read or FB flush)");
	n = inval_drop(g, iv, v);
	iv->busy = NV_BUSY_READS;
	if (g->trace)
		fprintf(g->trace, "I ctrl 0x%08x pdb 0x%llx dropped %zu\n", v,
			(unsigned long long)inval_pdb(iv), n);
}

static uint32_t rd_inv(struct nv_gpu *g, const struct reg *r)
{
	struct nv_inval *iv = inval(g, r);
	uint32_t v = iv->ctrl & ~NV_MMU_INVALIDATE_TRIGGER;

	if (busy_read(&iv->busy))
		v |= NV_MMU_INVALIDATE_TRIGGER;
	return v;
}

static void wr_inv(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	struct nv_inval *iv = inval(g, r);

	iv->ctrl = v;
	if (v & NV_MMU_INVALIDATE_TRIGGER)
		inval_trigger(g, iv, v);
}

/* --- flushes (6.) ------------------------------------------------------- */

static uint32_t rd_uflush(struct nv_gpu *g, const struct reg *r)
{
	return busy_read(&g->uflush_busy[r->arg]) ?
	       NV_UFLUSH_PENDING | NV_UFLUSH_OUTSTANDING : 0;
}

/* nouveau g84_bar_flush: write 1, poll until bit 1 is clear. */
static void wr_uflush(struct nv_gpu *g, const struct reg *r, uint32_t v)
{
	if (!(v & NV_UFLUSH_PENDING))
		return;
	g->uflush_busy[r->arg] = NV_BUSY_READS;
	if (r->arg == UFLUSH_FB)
		g->pramin_dirty = g->bar2_dirty = false;
}

/* "To trigger a memop, SW issues a read of the register" (kern_bus_gh100.c). */
static uint32_t rd_xal_flush(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	g->xal_token = (g->xal_token + 1) & NV_XAL_TOKEN;
	g->xal_busy = NV_BUSY_READS;
	g->pramin_dirty = g->bar2_dirty = false;
	return g->xal_token;
}

static uint32_t rd_xal_done(struct nv_gpu *g, const struct reg *r)
{
	(void)r;
	if (busy_read(&g->xal_busy))
		return g->xal_done | NV_XAL_COMPLETED_STATUS_BUSY;
	g->xal_done = g->xal_token;
	return g->xal_done;
}

#define R(a, f, rd, wr, arg) { a, f, #a, rd, wr, arg }

static const struct reg regs[] = {
	R(NV_PMC_BOOT_0, F_ALL, rd_boot0, NULL, 0),
	R(NV_PMC_BOOT_42, F_ALL, rd_boot42, NULL, 0),
	R(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, F_ALL, rd_vram_size, NULL, NV_VRAM_LOCAL_MEMORY_RANGE),
	R(NV_USABLE_FB_SIZE_IN_MB, F_ALL, rd_vram_size, NULL, NV_VRAM_USABLE_FB_SIZE),
	R(NV_PDISP_VGA_WORKSPACE_BASE, F_ALL, rd_vga_workspace, wr_firmware, 0),
	R(NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK, F_GA, rd_mmu_lock_plm, wr_firmware, 0),
	R(NV_PFB_PRI_MMU_LOCK_ADDR_LO, F_GA, rd_mmu_lock, wr_firmware, 0),
	R(NV_PFB_PRI_MMU_LOCK_ADDR_HI, F_GA, rd_mmu_lock, wr_firmware, 1),
	R(NV_PBUS_BAR0_WINDOW, F_PRE_GH, rd_window, wr_window, 0),
	R(NV_XAL_EP_BAR0_WINDOW, F_XAL, rd_window, wr_window, 0),
	R(NV_PBUS_BAR1_BLOCK, F_PRE_GH, rd_block, wr_block, NV_BAR1),
	R(NV_PBUS_BAR2_BLOCK, F_PRE_GH, rd_block, wr_block, NV_BAR2),
	R(NV_PBUS_BIND_STATUS, F_PRE_GH, rd_bind_status, NULL, 0),
	R(NV_VF_PRIV_BAR1_BLOCK, F_PRE_GH, rd_block, wr_block, NV_BAR1),
	R(NV_VF_PRIV_BAR2_BLOCK, F_PRE_GH, rd_block, wr_block, NV_BAR2),
	R(NV_VF_PRIV_BIND_STATUS, F_PRE_GH, rd_bind_status, NULL, 0),
	R(NV_VF_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR, F_XAL, rd_low, wr_low, NV_BAR1),
	R(NV_VF_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR, F_XAL, rd_high, wr_high, NV_BAR1),
	R(NV_VF_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR, F_XAL, rd_low, wr_low, NV_BAR2),
	R(NV_VF_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR, F_XAL, rd_high, wr_high, NV_BAR2),
	R(NV_VF_PRIV_MMU_INVALIDATE_PDB, F_ALL, rd_inv_pdb, wr_inv_pdb, INV_VF),
	R(NV_VF_PRIV_MMU_INVALIDATE_UPPER_PDB, F_ALL, rd_inv_upper, wr_inv_upper, INV_VF),
	R(NV_VF_PRIV_MMU_INVALIDATE, F_ALL, rd_inv, wr_inv, INV_VF),
	R(NV_PFB_PRI_MMU_INVALIDATE_PDB, F_PRE_GH, rd_inv_pdb, wr_inv_pdb, INV_PF),
	R(NV_PFB_PRI_MMU_INVALIDATE_UPPER_PDB, F_PRE_GH, rd_inv_upper, wr_inv_upper, INV_PF),
	R(NV_PFB_PRI_MMU_INVALIDATE, F_PRE_GH, rd_inv, wr_inv, INV_PF),
	R(NV_PFB_PRI_MMU_INVALIDATE_VADDR, F_PRE_GH, rd_plain, wr_plain, PLAIN_VADDR),
	R(NV_PFB_PRI_MMU_INVALIDATE_UPPER_VADDR, F_PRE_GH, rd_plain, wr_plain, PLAIN_UPPER_VADDR),
	R(NV_PFB_PRI_MMU_INVALIDATE_PASID, F_PRE_GH, rd_plain, wr_plain, PLAIN_PASID),
	/* nouveau's tu102_vmm_flush writes it on GH100 as well */
	R(NV_PFB_PRI_MMU_INVALIDATE_SIZE, F_ALL, rd_plain, wr_plain, PLAIN_SIZE),
	R(NV_UFLUSH_FB_FLUSH, F_PRE_GH, rd_uflush, wr_uflush, UFLUSH_FB),
	R(NV_UFLUSH_L2_SYSMEM_INVALIDATE, F_PRE_GH, rd_uflush, wr_uflush, UFLUSH_L2_SYSMEM_INVALIDATE),
	R(NV_UFLUSH_L2_FLUSH_DIRTY, F_PRE_GH, rd_uflush, wr_uflush, UFLUSH_L2_FLUSH_DIRTY),
	R(NV_XAL_EP_ZB_UFLUSH_FB_FLUSH, F_XAL, rd_xal_flush, NULL, 0),
	R(NV_XAL_EP_ZB_UFLUSH_FB_FLUSH_COMPLETED, F_XAL, rd_xal_done, NULL, 0),
};

/* Per-chip registers: the VGA workspace (display engine), the MMU lock (GA100). */
static bool chip_has(const struct nv_gpu *g, const struct reg *r)
{
	if (r->rd == rd_vga_workspace)
		return g->chip->display;
	if (r->rd == rd_mmu_lock || r->rd == rd_mmu_lock_plm)
		return g->chip->mmu_lock;
	return true;
}

static const struct reg *reg_find(const struct nv_gpu *g, uint32_t addr)
{
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		const struct reg *r = &regs[i];

		if (r->addr != addr || !(r->fams & BIT(g->chip->family)))
			continue;
		if (r->rd == rd_vram_size && r->arg != (int)g->chip->vram_reg)
			continue;	/* each chip has one of the two */
		if (!chip_has(g, r))
			continue;
		return r;
	}
	return NULL;
}

/*
 * Registers of units some chips lack: a driver that touches them there
 * guesses at what is not documented, so the model refuses with a warning.
 */
static bool absent_reg(struct nv_gpu *g, uint32_t addr, bool write)
{
	const char *rule;
	char msg[200];

	if (addr == NV_PDISP_VGA_WORKSPACE_BASE)
		rule = "no display engine: RM reads it only if gpuFuseSupportsDisplay";
	else if (addr >= NV_PFB_PRI_MMU_LOCK_ADDR_LO && addr <= NV_PFB_PRI_MMU_LOCK_ADDR_HI)
		rule = "no MMU lock: RM has memmgrReadMmuLock_GA100 for GA100 alone";
	else if (addr == NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK)
		rule = "no MMU lock: RM has memmgrReadMmuLock_GA100 for GA100 alone";
	else
		return false;
	snprintf(msg, sizeof(msg), "%s of register 0x%06x on %s refused (%s)",
		 write ? "write" : "read", addr, g->chip->name, rule);
	warn(g, msg);
	return true;
}

static uint32_t reg_read(struct nv_gpu *g, uint32_t addr)
{
	const struct reg *r = reg_find(g, addr);

	if (r)
		return r->rd(g, r);
	if (absent_reg(g, addr, false))
		return 0;
	if (first_time(g->seen_rd, addr))
		nv_log("unmodelled read 0x%06x", addr);
	return 0;
}

static void reg_write(struct nv_gpu *g, uint32_t addr, uint32_t v)
{
	const struct reg *r = reg_find(g, addr);

	if (r && r->wr) {
		r->wr(g, r, v);
		return;
	}
	if (!r && absent_reg(g, addr, true))
		return;
	if (!first_time(g->seen_wr, addr))
		return;
	if (r)
		nv_log("write 0x%08x to read-only %s ignored", v, r->name);
	else
		nv_log("unmodelled write 0x%06x = 0x%08x", addr, v);
}

/* --- BAR0: registers and PRAMIN ---------------------------------------- */

/* Part of one register dword (@off..@off+@len within it). */
static void reg_piece(struct nv_gpu *g, uint32_t off, uint8_t *buf, size_t len, bool write)
{
	uint32_t addr = off & ~3u, shift = (off & 3) * 8, v = 0;

	if (!write) {
		v = reg_read(g, addr) >> shift;
		memcpy(buf, &v, len);
		return;
	}
	memcpy(&v, buf, len);
	if (len != sizeof(v) && first_time(g->seen_wr, addr | 1))
		nv_log("sub-dword write to register 0x%06x: other bytes written as 0", addr);
	reg_write(g, addr, v << shift);
}

static bool window_vram(struct nv_gpu *g, uint64_t *base)
{
	uint32_t w = g->window;

	if (g->chip->family < NV_HOPPER &&
	    FIELD_GET(NV_PBUS_BAR0_WINDOW_TARGET, w) != NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM) {
		warn(g, "PRAMIN access with the window on system memory (not modelled)");
		return false;
	}
	*base = (uint64_t)(w & fam(g)->window_mask & ~NV_PBUS_BAR0_WINDOW_TARGET)
		<< NV_BAR0_WINDOW_BASE_SHIFT;
	return true;
}

static void pramin_piece(struct nv_gpu *g, uint32_t off, uint8_t *buf, size_t len, bool write)
{
	uint64_t base, addr;

	if (!window_vram(g, &base)) {
		if (!write)
			memset(buf, 0, len);
		return;
	}
	addr = base + (off - NV_PRAMIN);
	if (addr >= g->vram_size || g->vram_size - addr < len) {
		warn(g, "PRAMIN access beyond VRAM: reads 0, writes dropped");
		if (!write)
			memset(buf, 0, len);
		return;
	}
	if (write && !rsv_write(g, "PRAMIN", addr, len))
		memcpy(g->vram + addr, buf, len);
	else if (!write)
		memcpy(buf, g->vram + addr, len);
	/* A PRAMIN read flushes earlier PRAMIN writes (kern_bus_gm107.c). */
	g->pramin_dirty = write;
}

static void bar0_access(struct nv_gpu *g, uint64_t off, uint8_t *buf, size_t len, bool write)
{
	if (off >= g->bar0_size || len > g->bar0_size - off) {
		warn(g, "BAR0 access beyond the BAR");
		if (!write)
			memset(buf, NV_ALL_ONES, len);
		return;
	}
	while (len) {
		size_t n;

		if (off >= NV_PRAMIN && off < NV_PRAMIN + NV_PRAMIN_SIZE) {
			n = MIN(len, NV_PRAMIN + NV_PRAMIN_SIZE - off);
			pramin_piece(g, (uint32_t)off, buf, n, write);
		} else {
			n = MIN(len, 4 - (off & 3));
			reg_piece(g, (uint32_t)off, buf, n, write);
		}
		off += n;
		buf += n;
		len -= n;
	}
}

/* --- BAR1 through the GMMU ---------------------------------------------- */

static void trace_xlat(struct nv_gpu *g, int bar, uint64_t va, const struct mmu_xlat *x,
		       const char *how)
{
	const char *name = bar == NV_BAR2 ? "bar2" : "bar1";

	if (x->reason)
		return;		/* bar_fault() traces faults */
	if (x->sparse)
		fprintf(g->trace, "X %s va 0x%llx sparse (%s)\n", name, (unsigned long long)va,
			how);
	else
		fprintf(g->trace, "X %s va 0x%llx -> pa 0x%llx page %uK%s (%s)\n", name,
			(unsigned long long)va,
			(unsigned long long)(x->pa + (va & ((1ull << x->shift) - 1))),
			1u << (x->shift - 10), x->ro ? " ro" : "", how);
}

static bool bar_translate(struct nv_gpu *g, int bar, uint64_t va, struct mmu_xlat *x)
{
	struct nv_bind *b = &g->bind[bar];
	const char *how = "tlb";
	bool ok = true;

	memset(x, 0, sizeof(*x));
	if (!b->bound || !b->virt) {	/* MODE PHYSICAL: BAR offset = VRAM address */
		x->pa = va & ~(SZ_4K - 1);
		x->shift = PT_PAGE_SHIFT_4K;
		how = "physical mode";
	} else if (!b->valid) {
		x->reason = b->error;
		ok = false;
	} else if (tlb_lookup(&g->tlb, bar, b->space.pdb, va, x)) {
		g->st.tlb_hits++;
	} else {
		g->st.tlb_walks++;
		how = "walk";
		ok = mmu_walk(&b->space, va, x);
		if (x->refused)
			warn(g, x->reason);
		if (ok && !x->sparse)
			tlb_insert(&g->tlb, bar, b->space.pdb, va, x);
	}
	if (g->trace)
		trace_xlat(g, bar, va, x, how);
	return ok;
}

/* One page (or less) of a BAR1 or BAR2 access; returns the bytes it covered. */
static size_t bar_page(struct nv_gpu *g, int bar, uint64_t va, uint8_t *buf, size_t len,
		       bool write)
{
	struct mmu_xlat x;
	bool ok = bar_translate(g, bar, va, &x);
	uint64_t mask = ((1ull << (ok ? x.shift : PT_PAGE_SHIFT_4K)) - 1), pa;
	size_t n = MIN(len, mask + 1 - (va & mask));

	pa = x.pa + (va & mask);
	if (ok && !x.sparse && write && x.ro) {
		x.reason = "read-only PTE";
		ok = false;
	} else if (ok && !x.sparse && (pa >= g->vram_size || g->vram_size - pa < n)) {
		x.reason = "physical address beyond VRAM";
		ok = false;
	}
	if (!ok) {
		bar_fault(g, bar, write, va, x.reason);
		if (!write)
			memset(buf, NV_ALL_ONES, n);
	} else if (x.sparse) {
		if (!write)
			memset(buf, 0, n);	/* sparse: reads 0, writes dropped */
	} else if (write) {
		if (!rsv_write(g, bar_name[bar], pa, n))
			memcpy(g->vram + pa, buf, n);
	} else {
		memcpy(buf, g->vram + pa, n);
	}
	return n;
}

static void bar_pages(struct nv_gpu *g, int bar, uint64_t off, uint8_t *buf, size_t len,
		      bool write)
{
	while (len) {
		size_t n = bar_page(g, bar, off, buf, len, write);

		off += n;
		buf += n;
		len -= n;
	}
}

static void bar1_access(struct nv_gpu *g, uint64_t off, uint8_t *buf, size_t len, bool write)
{
	if (off >= g->bar1_size || len > g->bar1_size - off) {
		warn(g, "BAR1 access beyond the BAR");
		if (!write)
			memset(buf, NV_ALL_ONES, len);
		return;
	}
	if (g->bind[NV_BAR1].busy > 0 && !g->warned_pending_bar1) {
		g->warned_pending_bar1 = true;
		warn(g, "BAR1 accessed before BIND_STATUS showed the bind complete");
	}
	bar_pages(g, NV_BAR1, off, buf, len, write);
}

/*
 * BAR2 (PCI resource 3), where nova_vmm writes page tables once it has bound
 * BAR2 (DOC: Page tables through BAR2): translated through BAR2's page
 * tables like BAR1. Writes are posted until a read through BAR2 or an FB
 * flush (kbusFlushSingle_GV100 reads FB through BAR2): an invalidate before
 * that is flagged. nova_vmm never writes through BAR2 in physical mode (the
 * write would land at VRAM address = BAR2 offset): flagged too.
 */
static void bar2_access(struct nv_gpu *g, uint64_t off, uint8_t *buf, size_t len, bool write)
{
	struct nv_bind *b = &g->bind[NV_BAR2];

	if (off >= g->bar2_size || len > g->bar2_size - off) {
		warn(g, "BAR2 access beyond the BAR");
		if (!write)
			memset(buf, NV_ALL_ONES, len);
		return;
	}
	if (write && (!b->bound || !b->virt)) {
		warn(g, "BAR2 written in physical mode (the write lands at VRAM address = offset)");
		return;
	}
	if (b->busy > 0)
		warn(g, "BAR2 accessed before the bind completed");
	g->bar2_dirty = write;
	bar_pages(g, NV_BAR2, off, buf, len, write);
}

/* --- public access API -------------------------------------------------- */

static void dev_access(struct nv_gpu *g, int bar, uint64_t off, uint8_t *buf, size_t len, bool write)
{
	if (g->gone) {
		if (!write)
			memset(buf, NV_ALL_ONES, len);
	} else if (bar == NV_PCI_BAR0) {
		bar0_access(g, off, buf, len, write);
	} else if (bar == NV_PCI_BAR1) {
		bar1_access(g, off, buf, len, write);
	} else if (bar == NV_PCI_BAR2 && g->bar2_size) {
		bar2_access(g, off, buf, len, write);
	} else {
		warn(g, "access to a BAR the device does not have");
		if (!write)
			memset(buf, NV_ALL_ONES, len);
	}
}

static void trace_access(struct nv_gpu *g, char op, int bar, uint64_t off, const void *buf,
			 size_t len)
{
	uint64_t v = 0;

	memcpy(&v, buf, MIN(len, sizeof(v)));
	fprintf(g->trace, "%c %d 0x%08llx %zu 0x%0*llx\n", op, bar, (unsigned long long)off, len,
		(int)MIN(len, sizeof(v)) * 2, (unsigned long long)v);
}

static void count(struct nv_gpu *g, int bar, bool write)
{
	uint64_t *c = NULL;

	if (bar == NV_PCI_BAR0)
		c = write ? &g->st.bar0_writes : &g->st.bar0_reads;
	else if (bar == NV_PCI_BAR1)
		c = write ? &g->st.bar1_writes : &g->st.bar1_reads;
	else if (bar == NV_PCI_BAR2)
		c = write ? &g->st.bar2_writes : &g->st.bar2_reads;
	if (c)
		(*c)++;
}

static void after_write(struct nv_gpu *g, int bar)
{
	if (bar == NV_PCI_BAR0 && g->f_gone_after_writes && !g->gone &&
	    g->st.bar0_writes >= g->f_gone_after_writes)
		go_away(g, "gone-after-writes");
}

void gpu_read(struct nv_gpu *g, int bar, uint64_t off, void *buf, size_t len)
{
	count(g, bar, false);
	dev_access(g, bar, off, buf, len, false);
	if (g->trace)
		trace_access(g, 'R', bar, off, buf, len);
}

void gpu_write(struct nv_gpu *g, int bar, uint64_t off, const void *buf, size_t len)
{
	count(g, bar, true);
	if (g->trace)
		trace_access(g, 'W', bar, off, buf, len);
	dev_access(g, bar, off, (uint8_t *)buf, len, true);	/* writes do not modify buf */
	after_write(g, bar);
}

/* memset_io(): one access, done a page at a time. */
void gpu_fill(struct nv_gpu *g, int bar, uint64_t off, uint8_t byte, size_t len)
{
	uint8_t chunk[SZ_4K];

	count(g, bar, true);
	if (g->trace)
		fprintf(g->trace, "W %d 0x%08llx %zu fill 0x%02x\n", bar, (unsigned long long)off,
			len, byte);
	memset(chunk, byte, sizeof(chunk));
	while (len) {
		size_t n = MIN(len, sizeof(chunk));

		dev_access(g, bar, off, chunk, n, true);
		off += n;
		len -= n;
	}
	after_write(g, bar);
}

uint32_t gpu_rd32(struct nv_gpu *g, int bar, uint64_t off)
{
	uint32_t v;

	gpu_read(g, bar, off, &v, sizeof(v));
	return v;
}

void gpu_wr32(struct nv_gpu *g, int bar, uint64_t off, uint32_t v)
{
	gpu_write(g, bar, off, &v, sizeof(v));
}

/* --- setup -------------------------------------------------------------- */

/*
 * "Firmware" binds @bar before the driver comes: an instance block at
 * VRAM 8 KiB * bar whose root, the next 4 KiB, is empty (every entry
 * invalid), as RM writes one (kgmmuInstBlkInit_IMPL); the block register
 * then reads MODE virtual, TARGET video memory, PTR the block.
 */
static void firmware_bind(struct nv_gpu *g, int bar)
{
	uint64_t inst = (uint64_t)bar * 2 * NV_RAMIN_ALLOC_SIZE, pdb = inst + NV_RAMIN_ALLOC_SIZE;
	uint32_t lo = (uint32_t)pdb | NV_RAMIN_BIG_PAGE_SIZE_64KB |
		      (fam(g)->mmu_version == 2 ? NV_RAMIN_USE_VER2_PT_FORMAT : 0);
	struct nv_bind *b = &g->bind[bar];

	memset(g->vram + inst, 0, 2 * NV_RAMIN_ALLOC_SIZE);
	memcpy(g->vram + inst + NV_RAMIN_PAGE_DIR_BASE_LO, &lo, sizeof(lo));
	if (g->chip->family == NV_BLACKWELL) {
		lo = NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE;
		memcpy(g->vram + inst + NV_RAMIN_ENGINE_CTXSW_FW_MAGIC, &lo, sizeof(lo));
	}
	if (fam(g)->mmu_version == 2)
		b->block = FIELD_PREP(NV_PBUS_BAR_BLOCK_PTR, inst >> NV_RAMIN_BASE_SHIFT) |
			   NV_PBUS_BAR_BLOCK_MODE_VIRTUAL;
	else
		b->block = ((uint32_t)inst & NV_BLOCK_LOW_ADDR_PTR) | NV_BLOCK_LOW_ADDR_MODE_VIRTUAL;
	nv_log("firmware: %s bound to instance block 0x%llx before the driver", bar_name[bar],
	       (unsigned long long)inst);
	bind_start(g, bar, inst, NV_BLOCK_TARGET_VID_MEM, true);
	b->firmware = true;
}

/*
 * Function level reset (PCIe Base Specification 4.0, 6.6.2): the function
 * loses its state. Here: the PRAMIN window register, both BAR binds (also a
 * firmware's), the invalidate, flush and XAL registers, the TLB; with
 * --flr-wipe VRAM too, filled with NV_FLR_WIPE_BYTE. The firmware's
 * registers (VGA workspace, MMU lock) and the injected faults stay.
 */
void gpu_flr(struct nv_gpu *g)
{
	g->window = 0;
	g->pramin_dirty = false;
	g->bar2_dirty = false;
	memset(g->bind, 0, sizeof(g->bind));
	memset(&g->inv_vf, 0, sizeof(g->inv_vf));
	memset(&g->inv_pf, 0, sizeof(g->inv_pf));
	memset(g->uflush_busy, 0, sizeof(g->uflush_busy));
	g->xal_token = 0;
	g->xal_done = 0;
	g->xal_busy = 0;
	g->warned_pending_bar1 = false;
	tlb_drop_all(&g->tlb);
	if (g->flr_wipe)
		memset(g->vram, NV_FLR_WIPE_BYTE, g->vram_size);
	g->flrs++;
	nv_log("flr: function level reset %llu: PRAMIN window, BAR1/BAR2 binds, TLB reset%s",
	       (unsigned long long)g->flrs, g->flr_wipe ? "; VRAM wiped" : "; VRAM kept");
}

int gpu_add_fault(struct nv_gpu *g, const char *spec)
{
	static const char after[] = "gone-after-writes=";
	static const char vsize[] = "vram-size-reg=";
	char *end;

	if (!strcmp(spec, "tlb-stuck"))
		g->f_tlb_stuck = true;
	else if (!strcmp(spec, "bind-stuck"))
		g->f_bind_stuck = true;
	else if (!strcmp(spec, "gone-at-invalidate"))
		g->f_gone_at_inval = true;
	else if (!strcmp(spec, "prebound-bar1"))
		firmware_bind(g, NV_BAR1);
	else if (!strcmp(spec, "prebound-bar2"))
		firmware_bind(g, NV_BAR2);
	else if (!strncmp(spec, after, sizeof(after) - 1)) {
		g->f_gone_after_writes = strtoull(spec + sizeof(after) - 1, &end, 0);
		if (*end || !g->f_gone_after_writes)
			return -EINVAL;
	} else if (!strncmp(spec, vsize, sizeof(vsize) - 1)) {
		/* Garbage in the VRAM size register (nova_vmm review L13). */
		g->f_vram_size_val = strtoul(spec + sizeof(vsize) - 1, &end, 0);
		g->f_vram_size_reg = true;
		if (*end)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

int gpu_init(struct nv_gpu *g, const struct nv_chip *chip, uint64_t vram_mib, uint64_t bar1_mib)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->chip = chip;
	g->vram_fd = -1;
	g->bar0_size = NV_BAR0_SIZE;
	g->bar1_size = bar1_mib << MIB_SHIFT;
	g->bar2_size = NV_BAR2_SIZE;
	if (!vram_mib || (chip->vram_reg == NV_VRAM_LOCAL_MEMORY_RANGE && !lmr_encode(vram_mib))) {
		nv_log("VRAM size %llu MiB cannot be reported by %s",
		       (unsigned long long)vram_mib, chip->name);
		return -EINVAL;
	}
	if (vram_mib < NV_MIN_VRAM_MIB) {
		nv_log("VRAM size %llu MiB cannot hold the firmware's reserved ranges",
		       (unsigned long long)vram_mib);
		return -EINVAL;
	}
	ret = vram_create(g, vram_mib << MIB_SHIFT);
	if (ret)
		nv_log("cannot create VRAM: %s", strerror(-ret));
	else
		rsv_init(g);
	return ret;
}

void gpu_fini(struct nv_gpu *g)
{
	if (!g->chip)
		return;		/* gpu_init() never ran */
	tlb_drop_all(&g->tlb);
	if (g->vram)
		munmap(g->vram, g->vram_size);
	if (g->vram_fd >= 0)
		close(g->vram_fd);
	g->vram = NULL;
	g->vram_fd = -1;
}

void gpu_summary(const struct nv_gpu *g, FILE *f)
{
	const struct nv_stats *s = &g->st;

	fprintf(f, "nvsim: details warnings=%llu tlb_hits=%llu tlb_walks=%llu tlb_entries=%zu%s\n",
		(unsigned long long)s->warnings, (unsigned long long)s->tlb_hits,
		(unsigned long long)s->tlb_walks, g->tlb.count, g->gone ? " gone=1" : "");
	fprintf(f, "nvsim: summary chip=%s bar0_reads=%llu bar0_writes=%llu bar1_reads=%llu "
		"bar1_writes=%llu invalidates=%llu binds=%llu faults=%llu bar2_reads=%llu "
		"bar2_writes=%llu\n", g->chip->name,
		(unsigned long long)s->bar0_reads, (unsigned long long)s->bar0_writes,
		(unsigned long long)s->bar1_reads, (unsigned long long)s->bar1_writes,
		(unsigned long long)s->invalidates, (unsigned long long)s->binds,
		(unsigned long long)s->faults, (unsigned long long)s->bar2_reads,
		(unsigned long long)s->bar2_writes);
}
