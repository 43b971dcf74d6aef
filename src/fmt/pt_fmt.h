/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table formats as data: one const descriptor per MMU format version.
 */
#ifndef _NOVA_VMM_PT_FMT_H_
#define _NOVA_VMM_PT_FMT_H_

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

#include "hw/nv_mmu_v2.h"
#include "hw/nv_mmu_v3.h"

/**
 * DOC: Formats
 *
 * Levels are numbered from the leaf: level 0 is the 4 KiB page table, the
 * root has the highest number. The big-page (64 KiB) table is not a level
 * of its own: it is the other child of the dual PDE in level 1, described
 * by &nova_pt_fmt.big.
 *
 * =====  =========  =========  ==========================================
 * level  v2 (TU,    v3 (GH,    one entry maps / can be a leaf
 *        GA, AD)    GB)
 * =====  =========  =========  ==========================================
 * 5      -          PD4        64 PiB
 * 4      PD3        PD3        128 TiB
 * 3      PD2        PD2        256 GiB; leaf on GB (256 GiB page)
 * 2      PD1        PD1        512 MiB; leaf on GA, AD, GH, GB
 * 1      PD0        PD0        2 MiB (16-byte dual PDE); leaf everywhere
 * 0      PT         PT         4 KiB
 * big    PT (64K)   PT (64K)   64 KiB, the big half of a PD0 entry
 * =====  =========  =========  ==========================================
 *
 * Nothing outside pt_fmt_v2.c and pt_fmt_v3.c knows a bit position: the
 * rest of the module encodes and decodes entries through the descriptor.
 */

/* FIELD_MAX() for static initializers (it is a statement expression). */
#define NOVA_FIELD_MAX(field)		((field) >> __builtin_ctzll(field))
/* FIELD_PREP() for static initializers, on kernels without FIELD_PREP_CONST(). */
#define NOVA_FIELD_PREP(field, val) \
	(((u64)(val) << __builtin_ctzll(field)) & (field))
/* First address an address field (value = address >> @shift) cannot hold. */
#define NOVA_FIELD_ADDR_LIMIT(field, shift) \
	BIT_ULL(__builtin_popcountll(field) + (shift))

#define NOVA_PT_LEVELS		6	/* most levels of any format (v3) */
#define NOVA_PT_DUAL		1	/* the level holding the dual PDE */

/*
 * The bits that make an entry point somewhere, all in its low dword and the
 * same in both formats: VALID of a PTE (IS_PTE of a directory qword that
 * holds a huge page) and the APERTURE of a PDE or a dual-PDE half. Sparse
 * and invalid entries have none of them. nova_node_flush() orders the two
 * dword stores of an entry by them.
 */
#define NOVA_PT_LIVE		(NV_MMU_VER2_PTE_VALID | NV_MMU_VER2_PDE_APERTURE)
static_assert(NOVA_PT_LIVE == (NV_MMU_VER3_PTE_VALID | NV_MMU_VER3_PDE_APERTURE));
/* The big-page tables a dual PDE points at, numbered after every level. */
#define NOVA_PT_LEVEL_BIG	NOVA_PT_LEVELS

/**
 * enum nova_aperture - Where an entry points.
 * @NOVA_APER_VIDEO: Local video memory (VRAM).
 * @NOVA_APER_PEER: Another GPU's VRAM (PTEs only).
 * @NOVA_APER_SYS_COH: System memory, snooped.
 * @NOVA_APER_SYS_NONCOH: System memory, not snooped.
 */
enum nova_aperture {
	NOVA_APER_VIDEO,
	NOVA_APER_PEER,
	NOVA_APER_SYS_COH,
	NOVA_APER_SYS_NONCOH,
};

/**
 * enum nova_entry_type - What an entry is.
 * @NOVA_ENTRY_INVALID: Nothing; a GPU access faults.
 * @NOVA_ENTRY_SPARSE: Sparse: reads return zero, writes are dropped.
 * @NOVA_ENTRY_PDE: Points at a table of the next level.
 * @NOVA_ENTRY_PTE: Maps a page.
 */
enum nova_entry_type {
	NOVA_ENTRY_INVALID,
	NOVA_ENTRY_SPARSE,
	NOVA_ENTRY_PDE,
	NOVA_ENTRY_PTE,
};

/**
 * enum nova_slot - The kind of 64-bit slot an entry is read from.
 * @NOVA_SLOT_PTE: An entry of a 4 KiB or 64 KiB page table.
 * @NOVA_SLOT_PDE: An 8-byte directory entry (levels 2 and up); with bit 0
 *                 set it is a huge-page PTE.
 * @NOVA_SLOT_BIG: Qword 0 of a dual PDE, the big-page table; with bit 0 set
 *                 the whole 16-byte entry is a 2 MiB PTE.
 * @NOVA_SLOT_SMALL: Qword 1 of a dual PDE, the small-page table.
 */
enum nova_slot {
	NOVA_SLOT_PTE,
	NOVA_SLOT_PDE,
	NOVA_SLOT_BIG,
	NOVA_SLOT_SMALL,
};

/* Attributes of a PTE (and, for NOVA_PTE_UNCACHED, of a PDE). */
#define NOVA_PTE_READ_ONLY		BIT(0)
#define NOVA_PTE_PRIVILEGED		BIT(1)
#define NOVA_PTE_NO_ATOMIC		BIT(2)
#define NOVA_PTE_UNCACHED		BIT(3)	/* v2 VOL, v3 PCF uncached */
#define NOVA_PTE_ACCESS_COUNTING	BIT(4)	/* v3 only: ACE, not ACD */

/**
 * struct nova_entry - A page-table entry, decoded.
 * @type: What it is; the fields below are 0 for invalid and sparse entries.
 * @aperture: Where @addr lies.
 * @addr: Page or table address.
 * @flags: NOVA_PTE_* attributes.
 * @kind: PTE kind (NV_MMU_PTE_KIND_*).
 * @peer: Peer id, for @NOVA_APER_PEER.
 *
 * Also what a PTE is encoded from (@type is then ignored).
 */
struct nova_entry {
	enum nova_entry_type type;
	enum nova_aperture aperture;
	u64 addr;
	u32 flags;
	u8 kind;
	u8 peer;
};

/**
 * enum nova_page_size - The page sizes of both formats.
 * @NOVA_PAGE_4K: In the small page table (level 0).
 * @NOVA_PAGE_64K: In the big page table.
 * @NOVA_PAGE_2M: In PD0 (level 1), qword 0 of the dual entry.
 * @NOVA_PAGE_512M: In PD1 (level 2), GA10x and later.
 * @NOVA_PAGE_256G: In PD2 (level 3), Blackwell.
 * @NOVA_PAGE_SIZES: Number of page sizes.
 */
enum nova_page_size {
	NOVA_PAGE_4K,
	NOVA_PAGE_64K,
	NOVA_PAGE_2M,
	NOVA_PAGE_512M,
	NOVA_PAGE_256G,
	NOVA_PAGE_SIZES,
};

/**
 * struct nova_pt_level - One level of the page-table tree.
 * @name: NVIDIA's name for it ("PT", "PD0", ...).
 * @shift: Lowest VA bit it decodes: one entry maps 1 << @shift bytes.
 * @bits: VA bits it decodes: a table has 1 << @bits entries.
 * @entry_size: Bytes per entry: 8, or 16 for the dual PDE.
 * @align: Alignment of a table in VRAM.
 */
struct nova_pt_level {
	const char *name;
	u8 shift;
	u8 bits;
	u8 entry_size;
	u16 align;
};

/* Initializer of a &struct nova_pt_level. */
#define NOVA_PT_LEVEL(n, s, b, esz, al) \
	{ .name = (n), .shift = (s), .bits = (b), .entry_size = (esz), .align = (al) }

/**
 * struct nova_page_desc - Where pages of one size live.
 * @shift: log2 of the page size.
 * @level: Level whose entries map them.
 * @big: In the big page table rather than at @level.
 */
struct nova_page_desc {
	u8 shift;
	u8 level;
	bool big;
};

/**
 * struct nova_pt_fmt - An MMU page-table format.
 * @name: "MMU v2" or "MMU v3".
 * @version: 2 or 3.
 * @va_bits: Width of a GPU virtual address.
 * @root: Level of the root table (the PDB).
 * @lvl: Levels 0 (4 KiB page table) to @root.
 * @big: The big-page table, child of the dual PDE at level 1.
 * @pages: Where each page size is mapped.
 * @pte_flags: NOVA_PTE_* attributes a PTE can express.
 * @kind_max: Largest PTE kind.
 * @vid_limit: A VRAM address (page or table) must be below this.
 * @sys_limit: A system-memory address must be below this.
 * @sparse_pte: A sparse PTE.
 * @sparse_pde: A sparse 8-byte PDE.
 * @sparse_big: Qword 0 of a sparse dual PDE (qword 1 is 0).
 * @pte: Encode a PTE (any page size).
 * @pde: Encode an 8-byte PDE, or qword 1 (small half) of a dual PDE.
 * @pde_big: Encode qword 0 (big half) of a dual PDE.
 * @decode: Decode the 64-bit entry of a slot.
 */
struct nova_pt_fmt {
	const char *name;
	u8 version;
	u8 va_bits;
	u8 root;
	struct nova_pt_level lvl[NOVA_PT_LEVELS];
	struct nova_pt_level big;
	struct nova_page_desc pages[NOVA_PAGE_SIZES];
	u32 pte_flags;
	u8 kind_max;
	u64 vid_limit;
	u64 sys_limit;
	u64 sparse_pte;
	u64 sparse_pde;
	u64 sparse_big;
	u64 (*pte)(const struct nova_entry *pte);
	u64 (*pde)(u64 table, enum nova_aperture aperture);
	u64 (*pde_big)(u64 table, enum nova_aperture aperture);
	void (*decode)(u64 entry, enum nova_slot slot, struct nova_entry *out);
};

extern const struct nova_pt_fmt nova_pt_fmt_v2;
extern const struct nova_pt_fmt nova_pt_fmt_v3;

/**
 * nova_pt_index() - Index of the entry a VA uses in a table of a level.
 * @l: The level.
 * @va: GPU virtual address.
 *
 * Return: The index.
 */
static inline u32 nova_pt_index(const struct nova_pt_level *l, u64 va)
{
	return (va >> l->shift) & (BIT(l->bits) - 1);
}

/**
 * nova_pt_table_size() - Bytes of one table of a level.
 * @l: The level.
 *
 * Return: Entries times entry size.
 */
static inline u32 nova_pt_table_size(const struct nova_pt_level *l)
{
	return (u32)l->entry_size << l->bits;
}

static inline bool nova_entry_valid(const struct nova_entry *e)
{
	return e->type == NOVA_ENTRY_PDE || e->type == NOVA_ENTRY_PTE;
}

#endif /* _NOVA_VMM_PT_FMT_H_ */
