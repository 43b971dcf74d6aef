// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: page-table formats MMU v2 and v3.
 *
 * Golden vectors are computed by hand from the bit positions NVIDIA
 * publishes: v2 in src/common/inc/swref/published/pascal/gp100/dev_mmu.h
 * (NV_MMU_VER2_*) with turing/tu102/dev_mmu.h, v3 in hopper/gh100/dev_mmu.h
 * (NV_MMU_VER3_*), both in NVIDIA's open-gpu-kernel-modules. They are written
 * as numbers on purpose: they must not be derived from the driver's macros.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "io/chip.h"
#include "hw/nv_mmu_v2.h"
#include "hw/nv_pmc.h"
#include "fmt/pt_fmt.h"

static const struct nova_pt_fmt *const fmts[] = { &nova_pt_fmt_v2, &nova_pt_fmt_v3 };

static void fmt_desc(const struct nova_pt_fmt *const *f, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", (*f)->name);
}

KUNIT_ARRAY_PARAM(fmt, fmts, fmt_desc);

static const struct nova_pt_fmt *param_fmt(struct kunit *test)
{
	return *(const struct nova_pt_fmt *const *)test->param_value;
}

static struct nova_entry decode(const struct nova_pt_fmt *f, u64 e, enum nova_slot slot)
{
	struct nova_entry out;

	f->decode(e, slot, &out);
	return out;
}

static struct nova_entry vram_pte(u64 addr, u32 flags, u8 kind)
{
	return (struct nova_entry){ .type = NOVA_ENTRY_PTE, .aperture = NOVA_APER_VIDEO,
				    .addr = addr, .flags = flags, .kind = kind };
}

/* --- golden vectors ---------------------------------------------------- */

static void v2_golden_vectors(struct kunit *test)
{
	const struct nova_pt_fmt *f = &nova_pt_fmt_v2;
	struct nova_entry sys = { .aperture = NOVA_APER_SYS_COH, .addr = 0x123456000ULL,
				  .flags = NOVA_PTE_UNCACHED };
	struct nova_entry peer = { .aperture = NOVA_APER_PEER, .addr = 0x1000, .peer = 5 };
	struct nova_entry ro = vram_pte(0x12345000, NOVA_PTE_READ_ONLY, 0x06);

	/* VALID 0, RO 6, ADDRESS_VID 32:8 = 0x12345, KIND 63:56 = GENERIC. */
	KUNIT_EXPECT_EQ(test, f->pte(&ro), 0x0600000001234541ULL);
	/* VALID, APERTURE 2:1 = SYSTEM_COHERENT, VOL 3, ADDRESS_SYS 53:8. */
	KUNIT_EXPECT_EQ(test, f->pte(&sys), 0x1234560dULL);
	/* APERTURE PEER, ADDRESS_VID 1, ADDRESS_VID_PEER 35:33 = 5. */
	KUNIT_EXPECT_EQ(test, f->pte(&peer), 0x0000000a00000103ULL);
	/* PDE: APERTURE VIDEO_MEMORY (1), ADDRESS_VID = 0x7f. */
	KUNIT_EXPECT_EQ(test, f->pde(0x7f000, NOVA_APER_VIDEO), 0x7f02ULL);
	/* PDE in coherent sysmem: aperture 2 and VOL. */
	KUNIT_EXPECT_EQ(test, f->pde(0x80000000ULL, NOVA_APER_SYS_COH), 0x800000cULL);
	/* Dual PDE, big half: ADDRESS_BIG_VID 32:4 in 256-byte units. */
	KUNIT_EXPECT_EQ(test, f->pde_big(0x345600, NOVA_APER_VIDEO), 0x34562ULL);
	/* Dual PDE, small half (bits 127:64): APERTURE_SMALL 66:65, ADDRESS 96:72. */
	KUNIT_EXPECT_EQ(test, f->pde(0x200000, NOVA_APER_VIDEO), 0x20002ULL);
	/* Sparse: VALID 0 with VOL; aperture INVALID with VOL (BIG). */
	KUNIT_EXPECT_EQ(test, f->sparse_pte, 0x8ULL);
	KUNIT_EXPECT_EQ(test, f->sparse_pde, 0x8ULL);
	KUNIT_EXPECT_EQ(test, f->sparse_big, 0x8ULL);
}

static void v3_golden_vectors(struct kunit *test)
{
	const struct nova_pt_fmt *f = &nova_pt_fmt_v3;
	struct nova_entry sys = { .aperture = NOVA_APER_SYS_COH, .addr = 0x123456000ULL,
				  .flags = NOVA_PTE_UNCACHED };
	struct nova_entry peer = { .aperture = NOVA_APER_PEER, .addr = 0x1000, .peer = 5 };
	struct nova_entry ro = vram_pte(0x12345000, NOVA_PTE_READ_ONLY, 0x06);
	struct nova_entry rw = vram_pte(0x1000, NOVA_PTE_ACCESS_COUNTING | NOVA_PTE_NO_ATOMIC, 0);

	/* PCF 7:3 = REGULAR_RO_ATOMIC_CACHED_ACD (0x14), KIND 11:8 = 6, ADDRESS in place. */
	KUNIT_EXPECT_EQ(test, f->pte(&ro), 0x123456a1ULL);
	/* PCF REGULAR_RW_NO_ATOMIC_CACHED_ACE (0x08), as nova-core writes. */
	KUNIT_EXPECT_EQ(test, f->pte(&rw), 0x1041ULL);
	/* APERTURE SYSTEM_COHERENT, PCF REGULAR_RW_ATOMIC_UNCACHED_ACD (0x11). */
	KUNIT_EXPECT_EQ(test, f->pte(&sys), 0x12345608dULL);
	/* APERTURE PEER, PCF 0x10, PEER_ID 63:61 = 5. */
	KUNIT_EXPECT_EQ(test, f->pte(&peer), 0xa000000000001083ULL);
	/* PDE: APERTURE VIDEO (1), PCF VALID_CACHED_ATS_NOT_ALLOWED (2), address in place. */
	KUNIT_EXPECT_EQ(test, f->pde(0x7f000, NOVA_APER_VIDEO), 0x7f012ULL);
	/* Coherent sysmem: PCF VALID_UNCACHED_ATS_NOT_ALLOWED (3). */
	KUNIT_EXPECT_EQ(test, f->pde(0x80000000ULL, NOVA_APER_SYS_COH), 0x8000001cULL);
	/* Dual PDE, big half: ADDRESS_BIG 51:8, in place. */
	KUNIT_EXPECT_EQ(test, f->pde_big(0x345600, NOVA_APER_VIDEO), 0x345612ULL);
	/* Dual PDE, small half: ADDRESS_SMALL 115:76, PCF_SMALL 69:67, APERTURE 66:65. */
	KUNIT_EXPECT_EQ(test, f->pde(0x200000, NOVA_APER_VIDEO), 0x200012ULL);
	/* Sparse: PTE PCF SPARSE (1); PDE PCF SPARSE_ATS_ALLOWED (1). */
	KUNIT_EXPECT_EQ(test, f->sparse_pte, 0x8ULL);
	KUNIT_EXPECT_EQ(test, f->sparse_pde, 0x8ULL);
	KUNIT_EXPECT_EQ(test, f->sparse_big, 0x8ULL);
}

/* --- round trips ------------------------------------------------------- */

static enum nova_slot page_slot(const struct nova_pt_fmt *f, enum nova_page_size ps)
{
	switch (f->pages[ps].level) {
	case 0:
		return NOVA_SLOT_PTE;
	case NOVA_PT_DUAL:
		return NOVA_SLOT_BIG;
	default:
		return NOVA_SLOT_PDE;
	}
}

static void expect_same(struct kunit *test, const struct nova_entry *a, const struct nova_entry *b)
{
	KUNIT_EXPECT_EQ(test, a->type, b->type);
	KUNIT_EXPECT_EQ(test, a->aperture, b->aperture);
	KUNIT_EXPECT_EQ(test, a->addr, b->addr);
	KUNIT_EXPECT_EQ(test, a->flags, b->flags);
	KUNIT_EXPECT_EQ(test, a->kind, b->kind);
	KUNIT_EXPECT_EQ(test, a->peer, b->peer);
}

static u64 limit(const struct nova_pt_fmt *f, enum nova_aperture a)
{
	return a == NOVA_APER_VIDEO || a == NOVA_APER_PEER ? f->vid_limit : f->sys_limit;
}

static void pte_round_trips_at_every_page_size(struct kunit *test)
{
	static const u8 kinds[] = { 0x0, 0x6, 0x8, 0xf };
	const struct nova_pt_fmt *f = param_fmt(test);
	enum nova_aperture a;
	enum nova_page_size ps;
	u32 flags;
	unsigned int k;

	for (ps = 0; ps < NOVA_PAGE_SIZES; ps++)
		for (a = NOVA_APER_VIDEO; a <= NOVA_APER_SYS_NONCOH; a++)
			for (flags = 0; flags <= f->pte_flags; flags++) {
				struct nova_entry in = {
					.type = NOVA_ENTRY_PTE, .aperture = a,
					.addr = (7ULL << f->pages[ps].shift) & (limit(f, a) - 1),
					.flags = flags,
					.kind = kinds[flags % ARRAY_SIZE(kinds)],
					.peer = a == NOVA_APER_PEER ? 3 : 0,
				}, out;

				if (flags & ~f->pte_flags)
					continue;
				out = decode(f, f->pte(&in), page_slot(f, ps));
				expect_same(test, &in, &out);
			}
	for (k = 0; k <= f->kind_max; k++) {
		struct nova_entry in = vram_pte(SZ_2M, 0, k), out;

		out = decode(f, f->pte(&in), NOVA_SLOT_PTE);
		KUNIT_EXPECT_EQ(test, out.kind, k);
	}
}

static void pde_round_trips_in_every_slot(struct kunit *test)
{
	static const enum nova_slot slots[] = { NOVA_SLOT_PDE, NOVA_SLOT_SMALL, NOVA_SLOT_BIG };
	const struct nova_pt_fmt *f = param_fmt(test);
	enum nova_aperture a;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(slots); i++)
		for (a = NOVA_APER_VIDEO; a <= NOVA_APER_SYS_NONCOH; a++) {
			u64 table = slots[i] == NOVA_SLOT_BIG ? 0x12345700 : 0x12345000;
			u64 e = slots[i] == NOVA_SLOT_BIG ? f->pde_big(table, a) : f->pde(table, a);
			struct nova_entry out = decode(f, e, slots[i]);

			if (a == NOVA_APER_PEER)
				continue;
			KUNIT_EXPECT_EQ(test, out.type, NOVA_ENTRY_PDE);
			KUNIT_EXPECT_EQ(test, out.aperture, a);
			KUNIT_EXPECT_EQ(test, out.addr, table);
			KUNIT_EXPECT_EQ(test, out.flags,
					a == NOVA_APER_SYS_COH ? NOVA_PTE_UNCACHED : 0);
		}
}

static void addresses_round_trip_at_the_field_limits(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	struct nova_entry vid = vram_pte(f->vid_limit - SZ_4K, 0, 0), out;
	struct nova_entry sys = vid;
	u64 big_top = f->version == 2 ? BIT_ULL(37) - 256 : BIT_ULL(52) - 256;
	u64 pde_top = f->version == 2 ? BIT_ULL(37) - SZ_4K : BIT_ULL(52) - SZ_4K;

	/* ADDRESS_VID: 32:8 (2^37 bytes) in v2, 39:12 (2^40) in v3. */
	KUNIT_EXPECT_EQ(test, f->vid_limit, f->version == 2 ? BIT_ULL(37) : BIT_ULL(40));
	/* ADDRESS_SYS: 53:8 (2^58) in v2, 51:12 (2^52) in v3. */
	KUNIT_EXPECT_EQ(test, f->sys_limit, f->version == 2 ? BIT_ULL(58) : BIT_ULL(52));

	out = decode(f, f->pte(&vid), NOVA_SLOT_PTE);
	expect_same(test, &vid, &out);
	vid.addr = 0;
	out = decode(f, f->pte(&vid), NOVA_SLOT_PTE);
	expect_same(test, &vid, &out);
	sys.aperture = NOVA_APER_SYS_NONCOH;
	sys.addr = f->sys_limit - SZ_4K;
	out = decode(f, f->pte(&sys), NOVA_SLOT_PTE);
	expect_same(test, &sys, &out);

	KUNIT_EXPECT_EQ(test, decode(f, f->pde(pde_top, NOVA_APER_VIDEO), NOVA_SLOT_PDE).addr,
			pde_top);
	KUNIT_EXPECT_EQ(test, decode(f, f->pde_big(big_top, NOVA_APER_VIDEO), NOVA_SLOT_BIG).addr,
			big_top);
	KUNIT_EXPECT_EQ(test, decode(f, f->pde_big(0, NOVA_APER_VIDEO), NOVA_SLOT_BIG).addr, 0);
}

/* --- invalid, sparse, and the traps ------------------------------------ */

static void zero_is_invalid_in_every_slot(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	enum nova_slot s;

	for (s = NOVA_SLOT_PTE; s <= NOVA_SLOT_SMALL; s++)
		KUNIT_EXPECT_EQ(test, decode(f, 0, s).type, NOVA_ENTRY_INVALID);
}

static void sparse_encodings_decode_as_sparse(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);

	KUNIT_EXPECT_EQ(test, decode(f, f->sparse_pte, NOVA_SLOT_PTE).type, NOVA_ENTRY_SPARSE);
	KUNIT_EXPECT_EQ(test, decode(f, f->sparse_pde, NOVA_SLOT_PDE).type, NOVA_ENTRY_SPARSE);
	KUNIT_EXPECT_EQ(test, decode(f, f->sparse_big, NOVA_SLOT_BIG).type, NOVA_ENTRY_SPARSE);
	/* The small half has no sparse state of its own. */
	KUNIT_EXPECT_EQ(test, decode(f, f->sparse_pde, NOVA_SLOT_SMALL).type, NOVA_ENTRY_INVALID);
}

static void pte_aperture_zero_is_video_memory(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	struct nova_entry e = decode(f, 0x1, NOVA_SLOT_PTE);

	/* A PTE with only VALID set maps VRAM address 0. */
	KUNIT_EXPECT_EQ(test, e.type, NOVA_ENTRY_PTE);
	KUNIT_EXPECT_EQ(test, e.aperture, NOVA_APER_VIDEO);
	KUNIT_EXPECT_EQ(test, e.addr, 0);
}

static void pde_aperture_zero_is_invalid(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	/* An address with aperture INVALID (and no sparse bit) is no PDE. */
	u64 e = f->pde(0x7f000, NOVA_APER_VIDEO) & ~0x6ULL;

	KUNIT_EXPECT_EQ(test, decode(f, e, NOVA_SLOT_PDE).type, NOVA_ENTRY_INVALID);
	KUNIT_EXPECT_EQ(test, decode(f, e, NOVA_SLOT_SMALL).type, NOVA_ENTRY_INVALID);
	KUNIT_EXPECT_EQ(test, decode(f, e & ~0xffULL, NOVA_SLOT_BIG).type, NOVA_ENTRY_INVALID);
}

static void pde_with_bit0_set_is_a_huge_pte(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);

	/*
	 * nova-core's v2 "invalid" PDE sets bit 0: in PD0 (and PD1 on GA10x)
	 * that is a valid PTE mapping VRAM address 0, not an invalid entry.
	 */
	KUNIT_EXPECT_EQ(test, decode(f, 0x1, NOVA_SLOT_BIG).type, NOVA_ENTRY_PTE);
	KUNIT_EXPECT_EQ(test, decode(f, 0x1, NOVA_SLOT_PDE).type, NOVA_ENTRY_PTE);
	/* Bit 64 of a dual PDE means nothing. */
	KUNIT_EXPECT_EQ(test, decode(f, 0x1, NOVA_SLOT_SMALL).type, NOVA_ENTRY_INVALID);
}

static void big_and_small_halves_use_their_own_shifts(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	u64 big = f->pde_big(0x345600, NOVA_APER_VIDEO);
	u64 small = f->pde(0x345000, NOVA_APER_VIDEO);

	/* A 256-byte aligned big table keeps its low address bits... */
	KUNIT_EXPECT_EQ(test, decode(f, big, NOVA_SLOT_BIG).addr, 0x345600);
	/* ...and the big encoding read with the small shift would be wrong. */
	KUNIT_EXPECT_NE(test, decode(f, big, NOVA_SLOT_SMALL).addr, 0x345600);
	KUNIT_EXPECT_EQ(test, decode(f, small, NOVA_SLOT_SMALL).addr, 0x345000);
}

/* --- descriptors ------------------------------------------------------- */

static void levels_are_contiguous_and_span_the_va(struct kunit *test)
{
	const struct nova_pt_fmt *f = param_fmt(test);
	const struct nova_pt_level *l = f->lvl;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, f->va_bits, f->version == 2 ? 49 : 57);
	KUNIT_EXPECT_EQ(test, f->root, f->version == 2 ? 4 : 5);
	KUNIT_EXPECT_EQ(test, l[0].shift, 12);
	for (i = 0; i < f->root; i++)
		KUNIT_EXPECT_EQ(test, l[i + 1].shift, l[i].shift + l[i].bits);
	KUNIT_EXPECT_EQ(test, l[f->root].shift + l[f->root].bits, f->va_bits);
	for (i = 0; i <= f->root; i++) {
		KUNIT_EXPECT_EQ(test, nova_pt_table_size(&l[i]),
				(u32)l[i].entry_size << l[i].bits);
		KUNIT_EXPECT_EQ(test, l[i].entry_size, i == NOVA_PT_DUAL ? 16 : 8);
		KUNIT_EXPECT_EQ(test, l[i].align, SZ_4K);
	}
	/* Full tables are 4 KiB; the root is 32 (v2 PD3) or 16 (v3 PD4) bytes. */
	for (i = 0; i < f->root; i++)
		KUNIT_EXPECT_EQ(test, nova_pt_table_size(&l[i]), SZ_4K);
	KUNIT_EXPECT_EQ(test, nova_pt_table_size(&l[f->root]), f->version == 2 ? 32 : 16);
	/* The big table: VA 20:16, 32 entries, 256 bytes, 256-byte aligned. */
	KUNIT_EXPECT_EQ(test, f->big.shift, 16);
	KUNIT_EXPECT_EQ(test, f->big.shift + f->big.bits, l[NOVA_PT_DUAL].shift);
	KUNIT_EXPECT_EQ(test, nova_pt_table_size(&f->big), 256);
	KUNIT_EXPECT_EQ(test, f->big.align, 256);
}

static void page_sizes_live_at_their_levels(struct kunit *test)
{
	static const u8 shifts[] = { 12, 16, 21, 29, 38 };
	const struct nova_pt_fmt *f = param_fmt(test);
	enum nova_page_size ps;

	for (ps = 0; ps < NOVA_PAGE_SIZES; ps++) {
		const struct nova_page_desc *p = &f->pages[ps];

		KUNIT_EXPECT_EQ(test, p->shift, shifts[ps]);
		KUNIT_EXPECT_EQ(test, p->shift, p->big ? f->big.shift : f->lvl[p->level].shift);
	}
	KUNIT_EXPECT_TRUE(test, f->pages[NOVA_PAGE_64K].big);
	KUNIT_EXPECT_EQ(test, f->pages[NOVA_PAGE_2M].level, NOVA_PT_DUAL);
}

static void leaf_page_sizes_per_chip(struct kunit *test)
{
	const u32 tu = BIT(NOVA_PAGE_4K) | BIT(NOVA_PAGE_64K) | BIT(NOVA_PAGE_2M);
	const u32 ga = tu | BIT(NOVA_PAGE_512M), gb = ga | BIT(NOVA_PAGE_256G);

	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_TU102)->family->page_sizes, tu);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_TU117)->family->page_sizes, tu);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GA100)->family->page_sizes, ga);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GA102)->family->page_sizes, ga);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_AD104)->family->page_sizes, ga);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GH100)->family->page_sizes, ga);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GB100)->family->page_sizes, gb);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GB202)->family->page_sizes, gb);
	KUNIT_EXPECT_PTR_EQ(test, nova_chip_find(NV_CHIP_AD102)->family->fmt, &nova_pt_fmt_v2);
	KUNIT_EXPECT_PTR_EQ(test, nova_chip_find(NV_CHIP_GH100)->family->fmt, &nova_pt_fmt_v3);
}

/* gh100 dev_mmu.h: NV_MMU_VER3_PTE_ADDRESS 51:12, video memory included. */
static void v3_video_pte_decodes_address_bits_51_to_12(struct kunit *test)
{
	struct nova_entry out;

	/* VALID (bit 0), aperture 0 (video), address bit 45. */
	nova_pt_fmt_v3.decode(0x0000200000000001ULL, NOVA_SLOT_PTE, &out);
	KUNIT_EXPECT_EQ(test, out.type, NOVA_ENTRY_PTE);
	KUNIT_EXPECT_EQ(test, out.aperture, NOVA_APER_VIDEO);
	KUNIT_EXPECT_EQ(test, out.addr, 0x0000200000000000ULL);
	/* And the top of the field, bit 51. */
	nova_pt_fmt_v3.decode(0x0008000000001001ULL, NOVA_SLOT_PTE, &out);
	KUNIT_EXPECT_EQ(test, out.addr, 0x0008000000001000ULL);
}

static struct kunit_case pt_fmt_test_cases[] = {
	KUNIT_CASE(v3_video_pte_decodes_address_bits_51_to_12),
	KUNIT_CASE(v2_golden_vectors),
	KUNIT_CASE(v3_golden_vectors),
	KUNIT_CASE_PARAM(pte_round_trips_at_every_page_size, fmt_gen_params),
	KUNIT_CASE_PARAM(pde_round_trips_in_every_slot, fmt_gen_params),
	KUNIT_CASE_PARAM(addresses_round_trip_at_the_field_limits, fmt_gen_params),
	KUNIT_CASE_PARAM(zero_is_invalid_in_every_slot, fmt_gen_params),
	KUNIT_CASE_PARAM(sparse_encodings_decode_as_sparse, fmt_gen_params),
	KUNIT_CASE_PARAM(pte_aperture_zero_is_video_memory, fmt_gen_params),
	KUNIT_CASE_PARAM(pde_aperture_zero_is_invalid, fmt_gen_params),
	KUNIT_CASE_PARAM(pde_with_bit0_set_is_a_huge_pte, fmt_gen_params),
	KUNIT_CASE_PARAM(big_and_small_halves_use_their_own_shifts, fmt_gen_params),
	KUNIT_CASE_PARAM(levels_are_contiguous_and_span_the_va, fmt_gen_params),
	KUNIT_CASE_PARAM(page_sizes_live_at_their_levels, fmt_gen_params),
	KUNIT_CASE(leaf_page_sizes_per_chip),
	{}
};

static struct kunit_suite pt_fmt_test_suite = {
	.name = "nova_vmm_pt_fmt",
	.test_cases = pt_fmt_test_cases,
};

kunit_test_suite(pt_fmt_test_suite);
