// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the cache of zeroed page tables (DOC: Table cache in
 * mm/pt_mem.c), on an MMU v2 and an MMU v3 chip. The fake GPU counts the
 * dwords written through PRAMIN and holds the VRAM the tests read back;
 * its invalidate check (nvt_inval.c) runs under every test, so no table
 * enters the cache before the invalidate that made it unreachable.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <nova_vmm/vmm.h>

#include "drv/pm.h"
#include "hw/nv_pmc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"
#include "nvt_gpu.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_8M
#define GB		BIT_ULL(30)
#define VA		(64 * GB)
/* A page that keeps the directories above VA in place: only page tables go. */
#define ANCHOR		(VA + SZ_128M)
#define CHURN		16	/* map/unmap cycles */
/* Dwords a churn cycle may write: PTE, PDE, the PTE's zeroing, slack; not a table. */
#define CHURN_MAX	16
/* PTEs of 4 KiB pages whose bytes fit the zeroing into the cache (512 bytes). */
#define ZERO_PTES	(SZ_4K / 8 / sizeof(u64))

static const u32 ptc_chips[] = { NV_CHIP_GA102, NV_CHIP_GH100 };

static void ptc_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(ptc_chip, ptc_chips, ptc_chip_desc);

static struct nova_gpu *ptc_gpu(struct kunit *test)
{
	return nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
}

static struct vmm *ptc_vmm(struct kunit *test, struct nova_gpu *gpu)
{
	return nvt_vmm_create(test, gpu, 0, BIT_ULL(gpu->chip->family->fmt->va_bits));
}

static int map_4k(struct vmm *vmm, u64 va, u64 pages)
{
	return vmm_map(vmm, va, SZ_1M, pages * SZ_4K, VMM_MAP_PAGE_4K);
}

/* An address space with the anchor page mapped. */
static struct vmm *ptc_vmm_anchored(struct kunit *test, struct nova_gpu *gpu)
{
	struct vmm *vmm = ptc_vmm(test, gpu);

	KUNIT_EXPECT_EQ(test, map_4k(vmm, ANCHOR, 1), 0);
	return vmm;
}

static struct nova_pt_cache_stats ptc_stats(struct nova_gpu *gpu)
{
	struct nova_pt_cache_stats cs;

	nova_pt_cache_stats(gpu, &cs);
	return cs;
}

/*
 * The first cycle puts the 4 KiB page table into the cache; every later one
 * takes it back: no cycle writes a table (1024 dwords), only entries.
 */
static void churn_of_one_page_reuses_a_cached_table_and_writes_no_table(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);
	struct nova_pt_cache_stats before;
	unsigned int i;
	u64 writes;

	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, 1), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 1);
	before = ptc_stats(gpu);
	nvt_gpu_reset_counts(gpu);
	for (i = 0; i < CHURN; i++) {
		KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, 1), 0);
		KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA, SZ_4K), 0);
	}
	writes = nvt_gpu_count(gpu, NVT_PRAMIN_WRITES);
	kunit_info(test, "%llu PRAMIN dword writes per map/unmap cycle\n", writes / CHURN);
	KUNIT_EXPECT_LE(test, writes, CHURN * CHURN_MAX);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).hits - before.hits, CHURN);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).misses, before.misses);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * The table an unmap left with PTEs in VRAM enters the cache with no store
 * (the unmap writes only the PDE), and is all zero when handed out again.
 */
static void a_cached_table_is_all_zero_when_handed_out(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm;
	struct nova_pt *pt;

	/* Old data everywhere, before any table is written. */
	memset(nvt_gpu_vram(gpu), 0xa5, VRAM_SIZE);
	vmm = ptc_vmm_anchored(test, gpu);
	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, ZERO_PTES), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA, ZERO_PTES * SZ_4K), 0);
	KUNIT_EXPECT_LE(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), 2);
	KUNIT_ASSERT_EQ(test, ptc_stats(gpu).entries, 1);
	pt = nova_pt_alloc(gpu, SZ_4K, 0, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt);
	KUNIT_EXPECT_TRUE(test, pt->zeroed);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(nvt_gpu_vram_at(gpu, pt->addr), 0, SZ_4K));
	nova_pt_free(gpu, pt);
}

/*
 * A table with more than 1/8 of it possibly not zero is not zeroed into the
 * cache: it goes back to the allocator, noted dirty, and nothing is written.
 */
static void a_table_with_many_entries_left_goes_back_unwritten(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);

	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, ZERO_PTES + 1), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA, (ZERO_PTES + 1) * SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
	/* The PDE that linked it, in one or two stores; no zeroing. */
	KUNIT_EXPECT_LE(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), 2);
}

/* Tables freed past the bound go back to the allocator; the cache stays within it. */
static void the_cache_never_exceeds_its_bound(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);
	unsigned int i;

	nova_pt_cache_limit(gpu, 2 * SZ_4K);
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, map_4k(vmm, VA + i * SZ_2M, 1), 0);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA + i * SZ_2M, SZ_4K), 0);
		KUNIT_EXPECT_LE(test, ptc_stats(gpu).bytes, 2 * SZ_4K);
	}
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 2);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).limit, 2 * SZ_4K);
	/* A lower bound shrinks it at once; 0 turns it off. */
	nova_pt_cache_limit(gpu, SZ_4K);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 1);
	nova_pt_cache_limit(gpu, 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).shrunk, 2);
	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, 1), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
}

/* Fill the cache with @n tables: one page in each of @n 2 MiB regions, unmapped. */
static void fill_cache(struct kunit *test, struct vmm *vmm, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, map_4k(vmm, VA + i * SZ_2M, 1), 0);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, VA + i * SZ_2M, SZ_4K), 0);
}

/*
 * The cache counts as free VRAM, and a client allocation that needs it gets
 * it: the cache gives its tables back, zero, to the allocator.
 */
static void a_client_allocation_that_needs_the_cache_empties_it(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);
	struct vmm_vram *mem;
	u64 avail;

	fill_cache(test, vmm, 4);
	KUNIT_ASSERT_EQ(test, ptc_stats(gpu).entries, 4);
	avail = nova_vram_avail(gpu);
	mem = vmm_vram_alloc(gpu, avail, SZ_4K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).shrunk, 4);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), 0);
	vmm_vram_free(mem);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), avail);
}

/* nova_pt_cache_shrink() gives back what it says, oldest first, and counts it. */
static void shrink_returns_the_vram(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);
	u64 avail;

	fill_cache(test, vmm, 3);
	avail = nova_vram_avail(gpu);
	KUNIT_EXPECT_EQ(test, nova_pt_cache_shrink(gpu, 1), SZ_4K);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 2);
	KUNIT_EXPECT_EQ(test, nova_pt_cache_shrink(gpu, U64_MAX), 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).shrunk, 3);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).bytes, 0);
	KUNIT_EXPECT_EQ(test, nova_pt_cache_shrink(gpu, U64_MAX), 0);
	/* The VRAM was counted free while cached; it still is. */
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), avail);
}

/*
 * A resume after VRAM was lost empties the cache: a table taken afterwards
 * comes from the allocator and is written whole; the tree reads back right.
 */
static void a_resume_after_vram_loss_empties_the_cache(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);

	fill_cache(test, vmm, 2);
	nova_gpu_suspend(gpu);
	nvt_gpu_reset(gpu);
	nvt_gpu_wipe_vram(gpu, 1);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(gpu), 0);
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).entries, 0);
	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA + 8 * SZ_2M, 1), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * A map prepared with a table from the cache, committed after VRAM was
 * lost: the commit writes the table whole, not only its entry.
 */
static void a_table_taken_before_a_vram_loss_is_written_whole(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = ptc_vmm_anchored(test, gpu);
	struct vmm_op *op;
	u64 hits;

	fill_cache(test, vmm, 1);
	hits = ptc_stats(gpu).hits;
	op = vmm_map_prepare(vmm, VA + 8 * SZ_2M, SZ_1M, SZ_4K, VMM_MAP_PAGE_4K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	/* The new page table. */
	KUNIT_EXPECT_EQ(test, ptc_stats(gpu).hits, hits + 1);
	nova_gpu_suspend(gpu);
	nvt_gpu_reset(gpu);
	nvt_gpu_wipe_vram(gpu, 2);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(gpu), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * Destroying an address space leaves no table in use: what it freed is in
 * the cache (its root and directories among them) or back in the
 * allocator, all of it counted free; a new address space takes from it.
 */
static void destroy_leaves_only_cached_tables_counted_free(struct kunit *test)
{
	struct nova_gpu *gpu = ptc_gpu(test);
	struct vmm *vmm = vmm_create(gpu, 0, BIT_ULL(gpu->chip->family->fmt->va_bits));
	struct nova_pt_stats st;
	u64 writes;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, 1), 0);
	vmm_destroy(vmm);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.tables, 0);
	KUNIT_EXPECT_EQ(test, st.vram_bytes, 0);
	KUNIT_EXPECT_GT(test, ptc_stats(gpu).entries, 1);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
	/* Every table of the next one comes from the cache: no table is written. */
	vmm = ptc_vmm(test, gpu);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, map_4k(vmm, VA, 1), 0);
	writes = nvt_gpu_count(gpu, NVT_PRAMIN_WRITES);
	kunit_info(test, "%llu PRAMIN dword writes for a page in a new address space\n", writes);
	KUNIT_EXPECT_LT(test, writes, SZ_4K / sizeof(u32));
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static struct kunit_case pt_cache_test_cases[] = {
	KUNIT_CASE_PARAM(churn_of_one_page_reuses_a_cached_table_and_writes_no_table,
			 ptc_chip_gen_params),
	KUNIT_CASE_PARAM(a_cached_table_is_all_zero_when_handed_out, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(a_table_with_many_entries_left_goes_back_unwritten, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(the_cache_never_exceeds_its_bound, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(a_client_allocation_that_needs_the_cache_empties_it, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(shrink_returns_the_vram, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(a_resume_after_vram_loss_empties_the_cache, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(a_table_taken_before_a_vram_loss_is_written_whole, ptc_chip_gen_params),
	KUNIT_CASE_PARAM(destroy_leaves_only_cached_tables_counted_free, ptc_chip_gen_params),
	{}
};

static struct kunit_suite pt_cache_test_suite = {
	.name = "nova_vmm_pt_cache",
	.test_cases = pt_cache_test_cases,
};

kunit_test_suite(pt_cache_test_suite);
