// SPDX-License-Identifier: GPL-2.0
/*
 * GMMU page-table walk, formats v2 (Turing, Ampere, Ada) and v3 (Hopper,
 * Blackwell), and a software TLB.
 *
 * Written from hw-reference.md sections 3 and 4 (NVIDIA dev_mmu.h of
 * gp100/tu102/gh100, OGD tu104 dev_mmu.ref.txt). Only video memory is
 * modelled: any system-memory or peer aperture is a fault, which is also
 * what BAR page tables must never use ("BAR PDEs/PTEs are not allowed in
 * sysmem", gmmu_walk.c).
 */
#include <stdlib.h>
#include <string.h>

#include "nvsim.h"

/* --- geometry (hw-reference.md 3 "Level geometry", 4 "Level geometry") --- */

#define PT_SMALL_SHIFT		12	/* small PT: VA 20:12, 512 x 8 B */
#define PT_SMALL_BITS		9
#define PT_BIG_SHIFT		16	/* big PT (64 KiB pages): VA 20:16, 32 x 8 B */
#define PT_BIG_BITS		5
#define PD0_SHIFT		21	/* dual PDE: VA 28:21, 256 x 16 B */
#define PD0_BITS		8
#define PD0_ENTRY_SIZE		16
#define PD1_SHIFT		29	/* VA 37:29 */
#define PD2_SHIFT		38	/* VA 46:38 */
#define PD3_SHIFT		47	/* v2 root: VA 48:47 (4); v3: 55:47 (512) */
#define PD4_SHIFT		56	/* v3 root: VA 56:56 (2) */
#define PD_BITS			9
#define V2_PD3_BITS		2
#define V3_PD4_BITS		1
#define V2_VA_BITS		49	/* maxVASize 1 << 49 */
#define V3_VA_BITS		57	/* maxVASize 1 << 57 */
#define ENTRY_SIZE		8

/* --- NV_MMU_VER2_PDE / _DUAL_PDE / _PTE (gp100/dev_mmu.h, tu104 manual) --- */

#define V2_PDE_IS_PTE		BIT64(0)
#define V2_PDE_APERTURE		GENMASK64(2, 1)
#define V2_PDE_VOL		BIT64(3)
#define V2_PDE_ADDRESS_VID	GENMASK64(32, 8)	/* addr >> 12 */
#define V2_DUAL_PDE_ADDRESS_BIG_VID GENMASK64(32, 4)	/* addr >> 8 */
#define V2_PTE_VALID		BIT64(0)
#define V2_PTE_APERTURE		GENMASK64(2, 1)
#define V2_PTE_VOL		BIT64(3)
#define V2_PTE_PRIVILEGE	BIT64(5)
#define V2_PTE_READ_ONLY	BIT64(6)
#define V2_PTE_ADDRESS_VID	GENMASK64(32, 8)	/* addr >> 12 */
#define V2_PTE_KIND		GENMASK64(63, 56)
#define V2_ADDRESS_SHIFT	12
#define V2_ADDRESS_BIG_SHIFT	8

/* --- NV_MMU_VER3_* (gh100/dev_mmu.h) --- */

#define V3_PDE_IS_PTE		BIT64(0)
#define V3_PDE_APERTURE		GENMASK64(2, 1)
#define V3_PDE_PCF		GENMASK64(5, 3)
#define V3_PDE_PCF_SPARSE	BIT64(0)	/* with APERTURE INVALID */
#define V3_PDE_ADDRESS		GENMASK64(51, 12)	/* in place */
#define V3_DUAL_PDE_ADDRESS_BIG	GENMASK64(51, 8)	/* in place */
#define V3_PTE_VALID		BIT64(0)
#define V3_PTE_APERTURE		GENMASK64(2, 1)
#define V3_PTE_PCF		GENMASK64(7, 3)
#define V3_PTE_PCF_READ_ONLY	BIT64(2)	/* implied by the PCF enumeration */
#define V3_PTE_PCF_INVALID	0		/* PCF values when VALID = 0 */
#define V3_PTE_PCF_SPARSE	1
#define V3_PTE_PCF_MAPPING_NOWHERE 2
#define V3_PTE_PCF_NO_VALID_4KB_PAGE 3
#define V3_PTE_KIND		GENMASK64(11, 8)
#define V3_PTE_ADDRESS		GENMASK64(51, 12)	/* in place */

/* PDE APERTURE (both versions): INVALID 0, VIDEO 1, SYS_COH 2, SYS_NONCOH 3. */
#define PDE_APERTURE_INVALID	0
#define PDE_APERTURE_VIDEO	1
/* PTE APERTURE (both versions): VIDEO 0, PEER 1, SYS_COH 2, SYS_NONCOH 3. */
#define PTE_APERTURE_VIDEO	0
#define PTE_APERTURE_PEER	1
/* PTE KIND INVALID (tu102/dev_mmu.h for v2, gh100/dev_mmu.h for v3). */
#define PTE_KIND_INVALID	0x07

/* What one directory entry (or one half of a dual PDE) leads to. */
enum ent_type { ENT_INVALID, ENT_SPARSE, ENT_NEXT, ENT_PTE, ENT_FALLTHROUGH };

struct ent {
	enum ent_type type;
	uint64_t addr;	/* next table or page */
	bool ro;
};

static bool rd64(const struct mmu_space *s, uint64_t addr, uint64_t *v,
		 struct mmu_xlat *x)
{
	if (addr > s->vram_size || s->vram_size - addr < ENTRY_SIZE) {
		x->reason = "page table beyond VRAM";
		return false;
	}
	memcpy(v, s->vram + addr, sizeof(*v));	/* little-endian host */
	return true;
}

static unsigned int level_shift(enum mmu_level l)
{
	static const unsigned int shift[] = {
		[MMU_PD0] = PD0_SHIFT, [MMU_PD1] = PD1_SHIFT,
		[MMU_PD2] = PD2_SHIFT, [MMU_PD3] = PD3_SHIFT,
		[MMU_PD4] = PD4_SHIFT,
	};
	return shift[l];
}

static unsigned int level_bits(int version, enum mmu_level l)
{
	if (l == MMU_PD4)
		return V3_PD4_BITS;
	if (l == MMU_PD3)
		return version == 2 ? V2_PD3_BITS : PD_BITS;
	return l == MMU_PD0 ? PD0_BITS : PD_BITS;
}

static uint64_t index_of(uint64_t va, unsigned int shift, unsigned int bits)
{
	return (va >> shift) & ((1ull << bits) - 1);
}

/* A PTE with VALID = 1: video memory only, KIND must not be INVALID. */
static bool pte_decode(int version, uint64_t e, struct ent *o, struct mmu_xlat *x)
{
	uint64_t aper = FIELD_GET(V2_PTE_APERTURE, e);	/* same bits in v3 */
	uint64_t kind;

	if (aper == PTE_APERTURE_PEER) {
		x->reason = "PTE aperture PEER_MEMORY (not modelled)";
		return false;
	}
	if (aper != PTE_APERTURE_VIDEO) {
		x->reason = "PTE aperture system memory (not modelled)";
		return false;
	}
	if (version == 2) {
		kind = FIELD_GET(V2_PTE_KIND, e);
		o->addr = FIELD_GET(V2_PTE_ADDRESS_VID, e) << V2_ADDRESS_SHIFT;
		o->ro = e & V2_PTE_READ_ONLY;
	} else {
		kind = FIELD_GET(V3_PTE_KIND, e);
		o->addr = e & V3_PTE_ADDRESS;
		o->ro = FIELD_GET(V3_PTE_PCF, e) & V3_PTE_PCF_READ_ONLY;
	}
	if (kind == PTE_KIND_INVALID) {
		x->reason = "PTE KIND INVALID";
		return false;
	}
	o->type = ENT_PTE;
	return true;
}

/*
 * A PTE with VALID = 0. @big: an entry of a big (64 KiB) PT, which may tell
 * the MMU to look at the small PT (plain invalid) or not (v2 PRIV set:
 * nouveau gp100_vmm_lpt_invalid, RM's "no valid 4K"; v3 PCF
 * NO_VALID_4KB_PAGE).
 */
static void pte_invalid(int version, uint64_t e, bool big, struct ent *o)
{
	uint64_t pcf = FIELD_GET(V3_PTE_PCF, e);

	o->type = ENT_INVALID;
	if (version == 2) {
		if (big && (e & V2_PTE_PRIVILEGE))
			return;
		if (e & V2_PTE_VOL)
			o->type = ENT_SPARSE;	/* VALID 0 + VOL 1 (kern_gmmu_gm200.c) */
		else if (big)
			o->type = ENT_FALLTHROUGH;
		return;
	}
	if (pcf == V3_PTE_PCF_SPARSE)
		o->type = ENT_SPARSE;
	else if (big && pcf == V3_PTE_PCF_INVALID)
		o->type = ENT_FALLTHROUGH;
}

static bool pte_entry(int version, uint64_t e, bool big, struct ent *o,
		      struct mmu_xlat *x)
{
	if (e & V2_PTE_VALID)	/* VALID is bit 0 in both versions */
		return pte_decode(version, e, o, x);
	pte_invalid(version, e, big, o);
	return true;
}

/* An 8-byte PDE of PD1..PD4; a PTE if IS_PTE on a level that may hold one. */
static bool pde_entry(const struct mmu_space *s, enum mmu_level l, uint64_t e,
		      struct ent *o, struct mmu_xlat *x)
{
	uint64_t aper = FIELD_GET(V2_PDE_APERTURE, e);	/* same bits in v3 */
	bool sparse = s->version == 2 ? e & V2_PDE_VOL :
			FIELD_GET(V3_PDE_PCF, e) & V3_PDE_PCF_SPARSE;

	if (e & V2_PDE_IS_PTE) {
		if (s->huge & BIT(l))
			return pte_decode(s->version, e, o, x);
		x->reason = "IS_PTE set in a directory that cannot hold a PTE";
		return false;
	}
	if (aper == PDE_APERTURE_INVALID) {
		o->type = sparse ? ENT_SPARSE : ENT_INVALID;
		return true;
	}
	if (aper != PDE_APERTURE_VIDEO) {
		x->reason = "PDE aperture system memory (not modelled)";
		return false;
	}
	o->type = ENT_NEXT;
	o->addr = s->version == 2 ?
		  FIELD_GET(V2_PDE_ADDRESS_VID, e) << V2_ADDRESS_SHIFT :
		  e & V3_PDE_ADDRESS;
	return true;
}

static bool set_leaf(const struct ent *o, unsigned int shift, struct mmu_xlat *x)
{
	if (o->addr & ((1ull << shift) - 1)) {
		x->reason = "PTE address not aligned to its page size";
		return false;
	}
	x->pa = o->addr;
	x->shift = shift;
	x->ro = o->ro;
	return true;
}

static bool set_sparse(struct mmu_xlat *x, unsigned int shift)
{
	x->sparse = true;
	x->shift = shift;
	return true;
}

/* One page-table level below PD0: @table is a big or small PT. */
static bool pt_lookup(const struct mmu_space *s, uint64_t table, uint64_t va,
		      bool big, struct ent *o, struct mmu_xlat *x)
{
	unsigned int shift = big ? PT_BIG_SHIFT : PT_SMALL_SHIFT;
	unsigned int bits = big ? PT_BIG_BITS : PT_SMALL_BITS;
	uint64_t e;

	if (!rd64(s, table + index_of(va, shift, bits) * ENTRY_SIZE, &e, x))
		return false;
	return pte_entry(s->version, e, big, o, x);
}

struct dual {
	uint64_t lo, hi;
	unsigned int aper_big, aper_small;
	bool sparse_big;
	uint64_t big, small;	/* table addresses */
};

static void dual_decode(int version, struct dual *d)
{
	d->aper_big = FIELD_GET(V2_PDE_APERTURE, d->lo);	/* bits 2:1 */
	d->aper_small = FIELD_GET(V2_PDE_APERTURE, d->hi);	/* bits 66:65 */
	/*
	 * VOL_BIG (v2) and the sparse bit of PCF_BIG (v3) are both bit 3; it
	 * means sparse only with APERTURE_BIG INVALID, else it is VOL (v2) or
	 * PCF_BIG bit 0 (v3, NV_MMU_VER3_DUAL_PDE_PCF_BIG_VALID_UNCACHED_*).
	 */
	d->sparse_big = d->aper_big == PDE_APERTURE_INVALID && (d->lo & V2_PDE_VOL);
	if (version == 2) {
		d->big = FIELD_GET(V2_DUAL_PDE_ADDRESS_BIG_VID, d->lo) << V2_ADDRESS_BIG_SHIFT;
		d->small = FIELD_GET(V2_PDE_ADDRESS_VID, d->hi) << V2_ADDRESS_SHIFT;
	} else {
		d->big = d->lo & V3_DUAL_PDE_ADDRESS_BIG;
		d->small = d->hi & V3_PDE_ADDRESS;
	}
}

static bool half_ok(unsigned int aper, struct mmu_xlat *x)
{
	if (aper == PDE_APERTURE_VIDEO)
		return true;
	x->reason = "dual PDE aperture system memory (not modelled)";
	return false;
}

/*
 * PD0: a 2 MiB PTE, or a big PT and/or a small PT. A valid big PTE wins;
 * a plain invalid one lets the MMU use the small PT.
 */
static bool pd0_walk(const struct mmu_space *s, uint64_t pd0, uint64_t va,
		     struct mmu_xlat *x)
{
	struct dual d = { 0 };
	struct ent o = { 0 };
	uint64_t at = pd0 + index_of(va, PD0_SHIFT, PD0_BITS) * PD0_ENTRY_SIZE;

	if (!rd64(s, at, &d.lo, x) || !rd64(s, at + ENTRY_SIZE, &d.hi, x))
		return false;
	if (d.lo & V2_PDE_IS_PTE) {	/* 2 MiB page: the low qword is a PTE */
		if (!pte_decode(s->version, d.lo, &o, x))
			return false;
		return set_leaf(&o, PD0_SHIFT, x);
	}
	dual_decode(s->version, &d);
	/*
	 * No document defines a sparse big half beside a valid small half and
	 * neither RM (_gmmuWalkCBUpdatePde) nor nouveau writes one: refuse it.
	 */
	if (d.sparse_big && d.aper_small != PDE_APERTURE_INVALID) {
		x->reason = "undocumented PD0 entry: sparse big half beside a valid small half";
		x->refused = true;
		return false;
	}
	if (d.aper_big != PDE_APERTURE_INVALID) {
		if (!half_ok(d.aper_big, x) || !pt_lookup(s, d.big, va, true, &o, x))
			return false;
		if (o.type == ENT_PTE)
			return set_leaf(&o, PT_BIG_SHIFT, x);
		if (o.type == ENT_SPARSE)
			return set_sparse(x, PT_BIG_SHIFT);
		if (o.type == ENT_INVALID) {
			x->reason = "big PTE invalid (small PTEs ignored)";
			return false;
		}
	}
	if (d.aper_small != PDE_APERTURE_INVALID) {
		if (!half_ok(d.aper_small, x) || !pt_lookup(s, d.small, va, false, &o, x))
			return false;
		if (o.type == ENT_PTE)
			return set_leaf(&o, PT_SMALL_SHIFT, x);
		if (o.type == ENT_SPARSE)
			return set_sparse(x, PT_SMALL_SHIFT);
	}
	if (d.sparse_big)
		return set_sparse(x, PD0_SHIFT);
	x->reason = d.aper_small == PDE_APERTURE_INVALID && d.aper_big == PDE_APERTURE_INVALID ?
		    "PD0 entry invalid" : "PTE invalid";
	return false;
}

static bool va_ok(const struct mmu_space *s, uint64_t va, struct mmu_xlat *x)
{
	unsigned int bits = s->version == 2 ? V2_VA_BITS : V3_VA_BITS;

	if (va >> bits) {
		x->reason = "VA beyond the format's VA width";
		return false;
	}
	return true;
}

static const char *invalid_reason(enum mmu_level l)
{
	static const char *const r[] = {
		[MMU_PD1] = "PD1 entry invalid", [MMU_PD2] = "PD2 entry invalid",
		[MMU_PD3] = "PD3 entry invalid", [MMU_PD4] = "PD4 entry invalid",
	};
	return r[l];
}

/**
 * mmu_walk() - Translate @va through the tables rooted at @s->pdb.
 * Return: true with @x->pa/@x->shift (or @x->sparse) set; false with
 * @x->reason set.
 */
bool mmu_walk(const struct mmu_space *s, uint64_t va, struct mmu_xlat *x)
{
	enum mmu_level l = s->version == 2 ? MMU_PD3 : MMU_PD4;
	uint64_t table = s->pdb, e;
	struct ent o;

	memset(x, 0, sizeof(*x));
	if (!va_ok(s, va, x))
		return false;
	for (; l > MMU_PD0; l--) {
		uint64_t idx = index_of(va, level_shift(l), level_bits(s->version, l));

		if (!rd64(s, table + idx * ENTRY_SIZE, &e, x) ||
		    !pde_entry(s, l, e, &o, x))
			return false;
		if (o.type == ENT_PTE)
			return set_leaf(&o, level_shift(l), x);
		if (o.type == ENT_SPARSE)
			return set_sparse(x, level_shift(l));
		if (o.type != ENT_NEXT) {
			x->reason = invalid_reason(l);
			return false;
		}
		table = o.addr;
	}
	return pd0_walk(s, table, va, x);
}

/* --- software TLB ------------------------------------------------------- */

struct tlb_entry {
	struct tlb_entry *next;
	uint64_t vpn;		/* va >> shift */
	uint64_t pdb;		/* address space it was walked in */
	uint64_t pa;
	uint8_t shift;
	uint8_t space;
	bool ro;
};

#define TLB_HASH_MUL	0x9e3779b97f4a7c15ull	/* Fibonacci hashing */

static unsigned int tlb_hash(int space, unsigned int shift, uint64_t vpn)
{
	uint64_t h = (vpn ^ ((uint64_t)shift << 56) ^ ((uint64_t)space << 48)) * TLB_HASH_MUL;

	return (unsigned int)(h >> 32) & (TLB_BUCKETS - 1);
}

/*
 * Entries are tagged with the PDB they were walked from: a lookup under
 * another root misses, the same root after a rebind hits (no source says a
 * bind drops cached translations; RM invalidates the old PDB before it
 * rebinds BAR2, kern_bus_gm107.c "Kick out any entries associated w/ old
 * PDB").
 */
bool tlb_lookup(const struct tlb *t, int space, uint64_t pdb, uint64_t va,
		struct mmu_xlat *x)
{
	uint32_t shifts = t->shifts;

	while (shifts) {
		unsigned int shift = __builtin_ctz(shifts);
		uint64_t vpn = va >> shift;
		const struct tlb_entry *e = t->bucket[tlb_hash(space, shift, vpn)];

		shifts &= shifts - 1;
		for (; e; e = e->next) {
			if (e->space != space || e->pdb != pdb || e->shift != shift ||
			    e->vpn != vpn)
				continue;
			memset(x, 0, sizeof(*x));
			x->pa = e->pa;
			x->shift = shift;
			x->ro = e->ro;
			return true;
		}
	}
	return false;
}

void tlb_insert(struct tlb *t, int space, uint64_t pdb, uint64_t va,
		const struct mmu_xlat *x)
{
	struct tlb_entry *e = calloc(1, sizeof(*e));
	unsigned int h;

	if (!e)
		return;		/* a TLB may always miss */
	e->vpn = va >> x->shift;
	e->pdb = pdb;
	e->pa = x->pa;
	e->shift = x->shift;
	e->space = space;
	e->ro = x->ro;
	h = tlb_hash(space, e->shift, e->vpn);
	e->next = t->bucket[h];
	t->bucket[h] = e;
	t->shifts |= BIT(x->shift);
	t->count++;
}

typedef bool (*tlb_match_fn)(const struct tlb_entry *e, uint64_t key);

static size_t tlb_drop(struct tlb *t, tlb_match_fn match, uint64_t key)
{
	size_t n = 0;

	for (unsigned int i = 0; i < TLB_BUCKETS; i++) {
		struct tlb_entry **pp = &t->bucket[i];

		while (*pp) {
			struct tlb_entry *e = *pp;

			if (!match(e, key)) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			free(e);
			n++;
		}
	}
	t->count -= n;
	if (!t->count)
		t->shifts = 0;
	return n;
}

static bool match_pdb(const struct tlb_entry *e, uint64_t pdb)
{
	return e->pdb == pdb;
}

static bool match_space(const struct tlb_entry *e, uint64_t space)
{
	return e->space == space;
}

static bool match_all(const struct tlb_entry *e, uint64_t unused)
{
	(void)e;
	(void)unused;
	return true;
}

size_t tlb_drop_pdb(struct tlb *t, uint64_t pdb)
{
	return tlb_drop(t, match_pdb, pdb);
}

size_t tlb_drop_space(struct tlb *t, int space)
{
	return tlb_drop(t, match_space, (uint64_t)space);
}

size_t tlb_drop_all(struct tlb *t)
{
	return tlb_drop(t, match_all, 0);
}
