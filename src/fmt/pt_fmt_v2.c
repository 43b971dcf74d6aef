// SPDX-License-Identifier: GPL-2.0
/*
 * MMU format v2 (Turing, Ampere, Ada): descriptor, encoders, decoder.
 * Field definitions and sources: hw/nv_mmu_v2.h.
 */
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "hw/nv_mmu_v2.h"
#include "fmt/pt_fmt.h"

/* The small half of a dual PDE has the layout of an 8-byte PDE. */
static_assert(NV_MMU_VER2_DUAL_PDE_APERTURE_SMALL == NV_MMU_VER2_PDE_APERTURE);
static_assert(NV_MMU_VER2_DUAL_PDE_VOL_SMALL == NV_MMU_VER2_PDE_VOL);
static_assert(NV_MMU_VER2_DUAL_PDE_ADDRESS_SMALL_VID == NV_MMU_VER2_PDE_ADDRESS_VID);
static_assert(NV_MMU_VER2_DUAL_PDE_ADDRESS_SMALL_SYS == NV_MMU_VER2_PDE_ADDRESS_SYS);
static_assert(NV_MMU_VER2_DUAL_PDE_ADDRESS_SHIFT == NV_MMU_VER2_PDE_ADDRESS_SHIFT);
/* ...and its big half the aperture and volatile bits of one. */
static_assert(NV_MMU_VER2_DUAL_PDE_APERTURE_BIG == NV_MMU_VER2_PDE_APERTURE);
static_assert(NV_MMU_VER2_DUAL_PDE_VOL_BIG == NV_MMU_VER2_PDE_VOL);

static const u8 v2_pte_aperture[] = {
	[NOVA_APER_VIDEO] = NV_MMU_VER2_PTE_APERTURE_VIDEO_MEMORY,
	[NOVA_APER_PEER] = NV_MMU_VER2_PTE_APERTURE_PEER_MEMORY,
	[NOVA_APER_SYS_COH] = NV_MMU_VER2_PTE_APERTURE_SYSTEM_COHERENT_MEMORY,
	[NOVA_APER_SYS_NONCOH] = NV_MMU_VER2_PTE_APERTURE_SYSTEM_NON_COHERENT_MEMORY,
};

static const u8 v2_pde_aperture[] = {
	[NOVA_APER_VIDEO] = NV_MMU_VER2_PDE_APERTURE_VIDEO_MEMORY,
	[NOVA_APER_PEER] = NV_MMU_VER2_PDE_APERTURE_INVALID,
	[NOVA_APER_SYS_COH] = NV_MMU_VER2_PDE_APERTURE_SYSTEM_COHERENT_MEMORY,
	[NOVA_APER_SYS_NONCOH] = NV_MMU_VER2_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY,
};

static u64 v2_pte_flags(u32 flags)
{
	return (flags & NOVA_PTE_UNCACHED ? NV_MMU_VER2_PTE_VOL : 0) |
	       (flags & NOVA_PTE_PRIVILEGED ? NV_MMU_VER2_PTE_PRIVILEGE : 0) |
	       (flags & NOVA_PTE_READ_ONLY ? NV_MMU_VER2_PTE_READ_ONLY : 0) |
	       (flags & NOVA_PTE_NO_ATOMIC ? NV_MMU_VER2_PTE_ATOMIC_DISABLE : 0);
}

static u64 v2_pte(const struct nova_entry *p)
{
	u64 pfn = p->addr >> NV_MMU_VER2_PTE_ADDRESS_SHIFT;
	u64 e = NV_MMU_VER2_PTE_VALID |
		FIELD_PREP(NV_MMU_VER2_PTE_APERTURE, v2_pte_aperture[p->aperture]) |
		FIELD_PREP(NV_MMU_VER2_PTE_KIND, p->kind) | v2_pte_flags(p->flags);

	switch (p->aperture) {
	case NOVA_APER_PEER:
		e |= FIELD_PREP(NV_MMU_VER2_PTE_ADDRESS_VID_PEER, p->peer);
		fallthrough;
	case NOVA_APER_VIDEO:
		return e | FIELD_PREP(NV_MMU_VER2_PTE_ADDRESS_VID, pfn);
	default:
		return e | FIELD_PREP(NV_MMU_VER2_PTE_ADDRESS_SYS, pfn);
	}
}

static u64 v2_pde(u64 table, enum nova_aperture aperture)
{
	u64 pfn = table >> NV_MMU_VER2_PDE_ADDRESS_SHIFT;
	u64 e = FIELD_PREP(NV_MMU_VER2_PDE_APERTURE, v2_pde_aperture[aperture]);

	if (aperture == NOVA_APER_VIDEO)
		return e | FIELD_PREP(NV_MMU_VER2_PDE_ADDRESS_VID, pfn);
	/* Coherent system memory is not cached in L2 (nouveau gp100_vmm_pde). */
	if (aperture == NOVA_APER_SYS_COH)
		e |= NV_MMU_VER2_PDE_VOL;
	return e | FIELD_PREP(NV_MMU_VER2_PDE_ADDRESS_SYS, pfn);
}

static u64 v2_pde_big(u64 table, enum nova_aperture aperture)
{
	u64 pfn = table >> NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT;
	u64 e = FIELD_PREP(NV_MMU_VER2_DUAL_PDE_APERTURE_BIG, v2_pde_aperture[aperture]);

	if (aperture == NOVA_APER_VIDEO)
		return e | FIELD_PREP(NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_VID, pfn);
	if (aperture == NOVA_APER_SYS_COH)
		e |= NV_MMU_VER2_DUAL_PDE_VOL_BIG;
	return e | FIELD_PREP(NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SYS, pfn);
}

static enum nova_aperture v2_aperture_of(const u8 *table, u8 hw)
{
	enum nova_aperture a;

	for (a = NOVA_APER_VIDEO; a < NOVA_APER_SYS_NONCOH; a++)
		if (table[a] == hw)
			break;
	return a;
}

static void v2_decode_pte(u64 e, struct nova_entry *out)
{
	u64 pfn;

	out->type = NOVA_ENTRY_PTE;
	out->aperture = v2_aperture_of(v2_pte_aperture, FIELD_GET(NV_MMU_VER2_PTE_APERTURE, e));
	out->kind = FIELD_GET(NV_MMU_VER2_PTE_KIND, e);
	out->flags = (e & NV_MMU_VER2_PTE_VOL ? NOVA_PTE_UNCACHED : 0) |
		     (e & NV_MMU_VER2_PTE_PRIVILEGE ? NOVA_PTE_PRIVILEGED : 0) |
		     (e & NV_MMU_VER2_PTE_READ_ONLY ? NOVA_PTE_READ_ONLY : 0) |
		     (e & NV_MMU_VER2_PTE_ATOMIC_DISABLE ? NOVA_PTE_NO_ATOMIC : 0);
	if (out->aperture == NOVA_APER_VIDEO || out->aperture == NOVA_APER_PEER) {
		pfn = FIELD_GET(NV_MMU_VER2_PTE_ADDRESS_VID, e);
		out->peer = FIELD_GET(NV_MMU_VER2_PTE_ADDRESS_VID_PEER, e);
	} else {
		pfn = FIELD_GET(NV_MMU_VER2_PTE_ADDRESS_SYS, e);
	}
	out->addr = pfn << NV_MMU_VER2_PTE_ADDRESS_SHIFT;
}

static void v2_decode_pde(u64 e, enum nova_slot slot, struct nova_entry *out)
{
	bool vid;

	out->type = NOVA_ENTRY_PDE;
	out->aperture = v2_aperture_of(v2_pde_aperture, FIELD_GET(NV_MMU_VER2_PDE_APERTURE, e));
	out->flags = e & NV_MMU_VER2_PDE_VOL ? NOVA_PTE_UNCACHED : 0;
	vid = out->aperture == NOVA_APER_VIDEO;
	if (slot == NOVA_SLOT_BIG)
		out->addr = (vid ? FIELD_GET(NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_VID, e) :
			     FIELD_GET(NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SYS, e))
			    << NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT;
	else
		out->addr = (vid ? FIELD_GET(NV_MMU_VER2_PDE_ADDRESS_VID, e) :
			     FIELD_GET(NV_MMU_VER2_PDE_ADDRESS_SYS, e))
			    << NV_MMU_VER2_PDE_ADDRESS_SHIFT;
}

/*
 * Bit 0 is VALID in a PTE and IS_PTE in a directory entry (but for the
 * small half of a dual PDE, where bit 64 has no meaning). Sparse is VOL with
 * the entry otherwise invalid; the small half is never sparse.
 */
static void v2_decode(u64 e, enum nova_slot slot, struct nova_entry *out)
{
	memset(out, 0, sizeof(*out));
	if (slot != NOVA_SLOT_SMALL && (e & NV_MMU_VER2_PTE_VALID))
		v2_decode_pte(e, out);
	else if (slot != NOVA_SLOT_PTE &&
		 FIELD_GET(NV_MMU_VER2_PDE_APERTURE, e) != NV_MMU_VER2_PDE_APERTURE_INVALID)
		v2_decode_pde(e, slot, out);
	else if (slot != NOVA_SLOT_SMALL && (e & NV_MMU_VER2_PTE_VOL))
		out->type = NOVA_ENTRY_SPARSE;
}

const struct nova_pt_fmt nova_pt_fmt_v2 = {
	.name = "MMU v2",
	.version = 2,
	.va_bits = NV_MMU_VER2_VA_BITS,
	.root = 4,
	.lvl = {
		NOVA_PT_LEVEL("PT", NV_MMU_VER2_PT_VA_SHIFT, 9,
			      NV_MMU_VER2_PTE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD0", NV_MMU_VER2_PD0_VA_SHIFT, 8,
			      NV_MMU_VER2_DUAL_PDE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD1", NV_MMU_VER2_PD1_VA_SHIFT, 9,
			      NV_MMU_VER2_PDE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD2", NV_MMU_VER2_PD2_VA_SHIFT, 9,
			      NV_MMU_VER2_PDE__SIZE, SZ_4K),
		/* The PDB: 4 KiB-aligned (NV_RAMIN_PAGE_DIR_BASE_LO 31:12). */
		NOVA_PT_LEVEL("PD3", NV_MMU_VER2_PD3_VA_SHIFT, 2,
			      NV_MMU_VER2_PDE__SIZE, SZ_4K),
	},
	/* 256-byte aligned: NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT is 8. */
	.big = NOVA_PT_LEVEL("PT (64K)", NV_MMU_VER2_PT_BIG_VA_SHIFT, 5, NV_MMU_VER2_PTE__SIZE,
			BIT(NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT)),
	.pages = {
		[NOVA_PAGE_4K] = { NV_MMU_VER2_PT_VA_SHIFT, 0, false },
		[NOVA_PAGE_64K] = { NV_MMU_VER2_PT_BIG_VA_SHIFT, 0, true },
		[NOVA_PAGE_2M] = { NV_MMU_VER2_PD0_VA_SHIFT, 1, false },
		[NOVA_PAGE_512M] = { NV_MMU_VER2_PD1_VA_SHIFT, 2, false },
		[NOVA_PAGE_256G] = { NV_MMU_VER2_PD2_VA_SHIFT, 3, false },
	},
	.pte_flags = NOVA_PTE_READ_ONLY | NOVA_PTE_PRIVILEGED | NOVA_PTE_NO_ATOMIC |
		     NOVA_PTE_UNCACHED,
	.kind_max = NOVA_FIELD_MAX(NV_MMU_VER2_PTE_KIND),
	.vid_limit = NOVA_FIELD_ADDR_LIMIT(NV_MMU_VER2_PTE_ADDRESS_VID,
					   NV_MMU_VER2_PTE_ADDRESS_SHIFT),
	.sys_limit = NOVA_FIELD_ADDR_LIMIT(NV_MMU_VER2_PTE_ADDRESS_SYS,
					   NV_MMU_VER2_PTE_ADDRESS_SHIFT),
	.sparse_pte = NV_MMU_VER2_PTE_VOL,
	.sparse_pde = NV_MMU_VER2_PDE_VOL,
	.sparse_big = NV_MMU_VER2_DUAL_PDE_VOL_BIG,
	.pte = v2_pte,
	.pde = v2_pde,
	.pde_big = v2_pde_big,
	.decode = v2_decode,
};
