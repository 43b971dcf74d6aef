// SPDX-License-Identifier: GPL-2.0
/*
 * MMU format v3 (Hopper, Blackwell): descriptor, encoders, decoder.
 * Field definitions and sources: hw/nv_mmu_v3.h.
 */
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "hw/nv_mmu_v3.h"
#include "fmt/pt_fmt.h"

/* The small half of a dual PDE has the layout of an 8-byte PDE. */
static_assert(NV_MMU_VER3_DUAL_PDE_APERTURE_SMALL == NV_MMU_VER3_PDE_APERTURE);
static_assert(NV_MMU_VER3_DUAL_PDE_PCF_SMALL == NV_MMU_VER3_PDE_PCF);
static_assert(NV_MMU_VER3_DUAL_PDE_ADDRESS_SMALL == NV_MMU_VER3_PDE_ADDRESS);
/* ...and its big half the aperture and PCF of one. */
static_assert(NV_MMU_VER3_DUAL_PDE_APERTURE_BIG == NV_MMU_VER3_PDE_APERTURE);
static_assert(NV_MMU_VER3_DUAL_PDE_PCF_BIG == NV_MMU_VER3_PDE_PCF);
/* The PCF bits are single bits of the enumeration. */
static_assert((NV_MMU_VER3_PTE_PCF_UNCACHED | NV_MMU_VER3_PTE_PCF_PRIVILEGE |
	       NV_MMU_VER3_PTE_PCF_RO | NV_MMU_VER3_PTE_PCF_NO_ATOMIC |
	       NV_MMU_VER3_PTE_PCF_ACD) ==
	      NV_MMU_VER3_PTE_PCF_PRIVILEGE_RO_NO_ATOMIC_UNCACHED_ACD);
static_assert((NV_MMU_VER3_PTE_PCF_RO | NV_MMU_VER3_PTE_PCF_NO_ATOMIC) ==
	      NV_MMU_VER3_PTE_PCF_REGULAR_RO_NO_ATOMIC_CACHED_ACE);

static const u8 v3_pte_aperture[] = {
	[NOVA_APER_VIDEO] = NV_MMU_VER3_PTE_APERTURE_VIDEO_MEMORY,
	[NOVA_APER_PEER] = NV_MMU_VER3_PTE_APERTURE_PEER_MEMORY,
	[NOVA_APER_SYS_COH] = NV_MMU_VER3_PTE_APERTURE_SYSTEM_COHERENT_MEMORY,
	[NOVA_APER_SYS_NONCOH] = NV_MMU_VER3_PTE_APERTURE_SYSTEM_NON_COHERENT_MEMORY,
};

static const u8 v3_pde_aperture[] = {
	[NOVA_APER_VIDEO] = NV_MMU_VER3_PDE_APERTURE_VIDEO_MEMORY,
	[NOVA_APER_PEER] = NV_MMU_VER3_PDE_APERTURE_INVALID,
	[NOVA_APER_SYS_COH] = NV_MMU_VER3_PDE_APERTURE_SYSTEM_COHERENT_MEMORY,
	[NOVA_APER_SYS_NONCOH] = NV_MMU_VER3_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY,
};

static u32 v3_pte_pcf(u32 flags)
{
	return (flags & NOVA_PTE_UNCACHED ? NV_MMU_VER3_PTE_PCF_UNCACHED : 0) |
	       (flags & NOVA_PTE_PRIVILEGED ? NV_MMU_VER3_PTE_PCF_PRIVILEGE : 0) |
	       (flags & NOVA_PTE_READ_ONLY ? NV_MMU_VER3_PTE_PCF_RO : 0) |
	       (flags & NOVA_PTE_NO_ATOMIC ? NV_MMU_VER3_PTE_PCF_NO_ATOMIC : 0) |
	       (flags & NOVA_PTE_ACCESS_COUNTING ? 0 : NV_MMU_VER3_PTE_PCF_ACD);
}

static u64 v3_pte(const struct nova_entry *p)
{
	u64 pfn = p->addr >> NV_MMU_VER3_PTE_ADDRESS_SHIFT;
	u64 e = NV_MMU_VER3_PTE_VALID |
		FIELD_PREP(NV_MMU_VER3_PTE_APERTURE, v3_pte_aperture[p->aperture]) |
		FIELD_PREP(NV_MMU_VER3_PTE_PCF, v3_pte_pcf(p->flags)) |
		FIELD_PREP(NV_MMU_VER3_PTE_KIND, p->kind);

	switch (p->aperture) {
	case NOVA_APER_VIDEO:
		return e | FIELD_PREP(NV_MMU_VER3_PTE_ADDRESS_VID, pfn);
	case NOVA_APER_PEER:
		return e | FIELD_PREP(NV_MMU_VER3_PTE_ADDRESS_PEER, pfn) |
		       FIELD_PREP(NV_MMU_VER3_PTE_PEER_ID, p->peer);
	default:
		return e | FIELD_PREP(NV_MMU_VER3_PTE_ADDRESS_SYS, pfn);
	}
}

/* No ATS; coherent system memory uncached (nouveau gh100_vmm_pde). */
static u32 v3_pde_pcf(enum nova_aperture aperture)
{
	return aperture == NOVA_APER_SYS_COH ? NV_MMU_VER3_PDE_PCF_VALID_UNCACHED_ATS_NOT_ALLOWED :
					       NV_MMU_VER3_PDE_PCF_VALID_CACHED_ATS_NOT_ALLOWED;
}

static u64 v3_pde(u64 table, enum nova_aperture aperture)
{
	return FIELD_PREP(NV_MMU_VER3_PDE_APERTURE, v3_pde_aperture[aperture]) |
	       FIELD_PREP(NV_MMU_VER3_PDE_PCF, v3_pde_pcf(aperture)) |
	       FIELD_PREP(NV_MMU_VER3_PDE_ADDRESS, table >> NV_MMU_VER3_PDE_ADDRESS_SHIFT);
}

static u64 v3_pde_big(u64 table, enum nova_aperture aperture)
{
	return FIELD_PREP(NV_MMU_VER3_DUAL_PDE_APERTURE_BIG, v3_pde_aperture[aperture]) |
	       FIELD_PREP(NV_MMU_VER3_DUAL_PDE_PCF_BIG, v3_pde_pcf(aperture)) |
	       FIELD_PREP(NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG,
			  table >> NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG_SHIFT);
}

static enum nova_aperture v3_aperture_of(const u8 *table, u8 hw)
{
	enum nova_aperture a;

	for (a = NOVA_APER_VIDEO; a < NOVA_APER_SYS_NONCOH; a++)
		if (table[a] == hw)
			break;
	return a;
}

static void v3_decode_pte(u64 e, struct nova_entry *out)
{
	u32 pcf = FIELD_GET(NV_MMU_VER3_PTE_PCF, e);
	u64 pfn;

	out->type = NOVA_ENTRY_PTE;
	out->aperture = v3_aperture_of(v3_pte_aperture, FIELD_GET(NV_MMU_VER3_PTE_APERTURE, e));
	out->kind = FIELD_GET(NV_MMU_VER3_PTE_KIND, e);
	out->flags = (pcf & NV_MMU_VER3_PTE_PCF_UNCACHED ? NOVA_PTE_UNCACHED : 0) |
		     (pcf & NV_MMU_VER3_PTE_PCF_PRIVILEGE ? NOVA_PTE_PRIVILEGED : 0) |
		     (pcf & NV_MMU_VER3_PTE_PCF_RO ? NOVA_PTE_READ_ONLY : 0) |
		     (pcf & NV_MMU_VER3_PTE_PCF_NO_ATOMIC ? NOVA_PTE_NO_ATOMIC : 0) |
		     (pcf & NV_MMU_VER3_PTE_PCF_ACD ? 0 : NOVA_PTE_ACCESS_COUNTING);
	/*
	 * NV_MMU_VER3_PTE_ADDRESS is 51:12 for every aperture in gh100's
	 * dev_mmu.h; the 39:12 ADDRESS_VID is what nova_vmm writes, but a
	 * grafted entry is read with all of the field (UVM's Rubin HAL calls
	 * the per-aperture fields "unmaintained by HW").
	 */
	pfn = FIELD_GET(NV_MMU_VER3_PTE_ADDRESS, e);
	if (out->aperture == NOVA_APER_PEER)
		out->peer = FIELD_GET(NV_MMU_VER3_PTE_PEER_ID, e);
	out->addr = pfn << NV_MMU_VER3_PTE_ADDRESS_SHIFT;
}

static void v3_decode_pde(u64 e, enum nova_slot slot, struct nova_entry *out)
{
	u32 pcf = FIELD_GET(NV_MMU_VER3_PDE_PCF, e);

	out->type = NOVA_ENTRY_PDE;
	out->aperture = v3_aperture_of(v3_pde_aperture, FIELD_GET(NV_MMU_VER3_PDE_APERTURE, e));
	out->flags = pcf & NV_MMU_VER3_PDE_PCF_VALID_UNCACHED_ATS_ALLOWED ? NOVA_PTE_UNCACHED : 0;
	if (slot == NOVA_SLOT_BIG)
		out->addr = FIELD_GET(NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG, e)
			    << NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG_SHIFT;
	else
		out->addr = FIELD_GET(NV_MMU_VER3_PDE_ADDRESS, e) << NV_MMU_VER3_PDE_ADDRESS_SHIFT;
}

/*
 * Bit 0 is VALID in a PTE and IS_PTE in a directory entry (but for the
 * small half of a dual PDE). An invalid PTE with PCF SPARSE is sparse; an
 * invalid PDE with the PDE PCF's sparse bit is sparse.
 */
static void v3_decode(u64 e, enum nova_slot slot, struct nova_entry *out)
{
	memset(out, 0, sizeof(*out));
	if (slot != NOVA_SLOT_SMALL && (e & NV_MMU_VER3_PTE_VALID))
		v3_decode_pte(e, out);
	else if (slot == NOVA_SLOT_PTE)
		out->type = FIELD_GET(NV_MMU_VER3_PTE_PCF, e) == NV_MMU_VER3_PTE_PCF_SPARSE ?
			    NOVA_ENTRY_SPARSE : NOVA_ENTRY_INVALID;
	else if (FIELD_GET(NV_MMU_VER3_PDE_APERTURE, e) != NV_MMU_VER3_PDE_APERTURE_INVALID)
		v3_decode_pde(e, slot, out);
	else if (slot != NOVA_SLOT_SMALL &&
		 (FIELD_GET(NV_MMU_VER3_PDE_PCF, e) & NV_MMU_VER3_PDE_PCF_SPARSE_ATS_ALLOWED))
		out->type = NOVA_ENTRY_SPARSE;
}

const struct nova_pt_fmt nova_pt_fmt_v3 = {
	.name = "MMU v3",
	.version = 3,
	.va_bits = NV_MMU_VER3_VA_BITS,
	.root = 5,
	.lvl = {
		NOVA_PT_LEVEL("PT", NV_MMU_VER3_PT_VA_SHIFT, 9,
			      NV_MMU_VER3_PTE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD0", NV_MMU_VER3_PD0_VA_SHIFT, 8,
			      NV_MMU_VER3_DUAL_PDE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD1", NV_MMU_VER3_PD1_VA_SHIFT, 9,
			      NV_MMU_VER3_PDE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD2", NV_MMU_VER3_PD2_VA_SHIFT, 9,
			      NV_MMU_VER3_PDE__SIZE, SZ_4K),
		NOVA_PT_LEVEL("PD3", NV_MMU_VER3_PD3_VA_SHIFT, 9,
			      NV_MMU_VER3_PDE__SIZE, SZ_4K),
		/* The PDB: 4 KiB-aligned (NV_RAMIN_PAGE_DIR_BASE_LO 31:12). */
		NOVA_PT_LEVEL("PD4", NV_MMU_VER3_PD4_VA_SHIFT, 1,
			      NV_MMU_VER3_PDE__SIZE, SZ_4K),
	},
	.big = NOVA_PT_LEVEL("PT (64K)", NV_MMU_VER3_PT_BIG_VA_SHIFT, 5, NV_MMU_VER3_PTE__SIZE,
			BIT(NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG_SHIFT)),
	.pages = {
		[NOVA_PAGE_4K] = { NV_MMU_VER3_PT_VA_SHIFT, 0, false },
		[NOVA_PAGE_64K] = { NV_MMU_VER3_PT_BIG_VA_SHIFT, 0, true },
		[NOVA_PAGE_2M] = { NV_MMU_VER3_PD0_VA_SHIFT, 1, false },
		[NOVA_PAGE_512M] = { NV_MMU_VER3_PD1_VA_SHIFT, 2, false },
		[NOVA_PAGE_256G] = { NV_MMU_VER3_PD2_VA_SHIFT, 3, false },
	},
	.pte_flags = NOVA_PTE_READ_ONLY | NOVA_PTE_PRIVILEGED | NOVA_PTE_NO_ATOMIC |
		     NOVA_PTE_UNCACHED | NOVA_PTE_ACCESS_COUNTING,
	.kind_max = NOVA_FIELD_MAX(NV_MMU_VER3_PTE_KIND),
	.vid_limit = NOVA_FIELD_ADDR_LIMIT(NV_MMU_VER3_PTE_ADDRESS_VID,
					   NV_MMU_VER3_PTE_ADDRESS_SHIFT),
	.sys_limit = NOVA_FIELD_ADDR_LIMIT(NV_MMU_VER3_PTE_ADDRESS_SYS,
					   NV_MMU_VER3_PTE_ADDRESS_SHIFT),
	.sparse_pte = NOVA_FIELD_PREP(NV_MMU_VER3_PTE_PCF, NV_MMU_VER3_PTE_PCF_SPARSE),
	.sparse_pde = NOVA_FIELD_PREP(NV_MMU_VER3_PDE_PCF, NV_MMU_VER3_PDE_PCF_SPARSE_ATS_ALLOWED),
	.sparse_big = NOVA_FIELD_PREP(NV_MMU_VER3_DUAL_PDE_PCF_BIG,
				       NV_MMU_VER3_PDE_PCF_SPARSE_ATS_ALLOWED),
	.pte = v3_pte,
	.pde = v3_pde,
	.pde_big = v3_pde_big,
	.decode = v3_decode,
};
