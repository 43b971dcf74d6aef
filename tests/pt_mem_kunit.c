// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: page-table memory and client VRAM on the buddy allocator, on a
 * v2 and a v3 chip.
 */
#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <nova_vmm/vmm.h>

#include "drv/bringup.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

#define VRAM_SIZE	SZ_8M

static const u32 ptm_chips[] = { NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_GH100, NV_CHIP_GB202 };

static void ptm_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(ptm_chip, ptm_chips, ptm_chip_desc);

static struct nova_gpu *ptm_gpu(struct kunit *test)
{
	return nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
}

static bool all_bytes(struct nova_gpu *gpu, u64 addr, u64 size, u8 val)
{
	return !memchr_inv((u8 *)nvt_gpu_vram(gpu) + addr, val, size);
}

static void full_table_is_aligned_zeroed_and_from_the_top(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *pt;

	memset(nvt_gpu_vram(gpu), 0xa5, VRAM_SIZE);
	pt = nova_pt_alloc(gpu, SZ_4K, 0, NOVA_PT_ZERO);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(pt->addr, SZ_4K));
	/* From the top of the usable VRAM, below the firmware's reserved ranges. */
	KUNIT_EXPECT_EQ(test, pt->addr, gpu->layout.usable_end - SZ_4K);
	KUNIT_EXPECT_TRUE(test, all_bytes(gpu, pt->addr, SZ_4K, 0));
	/* The neighbours are untouched. */
	KUNIT_EXPECT_TRUE(test, all_bytes(gpu, pt->addr - SZ_4K, SZ_4K, 0xa5));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), SZ_4K / 4);
	nova_pt_free(gpu, pt);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void table_written_whole_is_not_zeroed(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *pt = nova_pt_alloc(gpu, SZ_4K, 0, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
	nova_pt_free(gpu, pt);
}

static void big_tables_are_256b_aligned_and_packed(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *pt[17];
	struct nova_pt_stats st;
	unsigned int i, j;

	memset(nvt_gpu_vram(gpu), 0xa5, VRAM_SIZE);
	for (i = 0; i < ARRAY_SIZE(pt); i++) {
		pt[i] = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, NOVA_PT_ZERO);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt[i]);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(pt[i]->addr, 256));
		KUNIT_EXPECT_TRUE(test, all_bytes(gpu, pt[i]->addr, 256, 0));
	}
	/* Sixteen share one 4 KiB chunk, the seventeenth opens a second. */
	for (i = 1; i < 16; i++)
		KUNIT_EXPECT_EQ(test, pt[i]->addr / SZ_4K, pt[0]->addr / SZ_4K);
	KUNIT_EXPECT_NE(test, pt[16]->addr / SZ_4K, pt[0]->addr / SZ_4K);
	for (i = 0; i < 16; i++)
		for (j = i + 1; j < 16; j++)
			KUNIT_EXPECT_NE(test, pt[i]->addr, pt[j]->addr);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.chunk_bytes, 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, st.vram_bytes, 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, st.level_bytes[NOVA_PT_STAT_BIG], 17 * 256);
	KUNIT_EXPECT_EQ(test, st.tables, 17);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu) - 2 * SZ_4K);

	for (i = 0; i < ARRAY_SIZE(pt); i++)
		nova_pt_free(gpu, pt[i]);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.chunk_bytes, 0);
	KUNIT_EXPECT_EQ(test, st.tables, 0);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void chunk_goes_back_only_when_empty(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *a = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	struct nova_pt *b = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	struct nova_pt *c;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	nova_pt_free(gpu, a);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu) - SZ_4K);
	/* The freed slot is reused. */
	c = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_EQ(test, ALIGN_DOWN(c->addr, SZ_4K), ALIGN_DOWN(b->addr, SZ_4K));
	nova_pt_free(gpu, b);
	nova_pt_free(gpu, c);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void zeroing_a_small_table_spares_its_neighbours(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *a = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	struct nova_pt *b;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	memset((u8 *)nvt_gpu_vram(gpu) + ALIGN_DOWN(a->addr, SZ_4K), 0xa5, SZ_4K);
	b = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, NOVA_PT_ZERO);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_TRUE(test, all_bytes(gpu, b->addr, 256, 0));
	KUNIT_EXPECT_TRUE(test, all_bytes(gpu, a->addr, 256, 0xa5));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), 256 / 4);
	nova_pt_free(gpu, a);
	nova_pt_free(gpu, b);
}

static void exhaustion_gives_enomem_and_leaks_nothing(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	unsigned int n = nova_vram_managed(gpu) / SZ_4K, i;
	struct nova_pt **pt;
	struct nova_pt_stats st;

	pt = kunit_kcalloc(test, n, sizeof(*pt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pt);
	for (i = 0; i < n; i++) {
		pt[i] = nova_pt_alloc(gpu, SZ_4K, 2, 0);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt[i]);
	}
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nova_pt_alloc(gpu, SZ_4K, 2, 0)), -ENOMEM);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0)), -ENOMEM);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.tables, n);
	KUNIT_EXPECT_EQ(test, st.level_bytes[2], nova_vram_managed(gpu));
	for (i = 0; i < n; i++)
		nova_pt_free(gpu, pt[i]);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.vram_bytes, 0);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void deferred_tables_wait_for_release(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *a = nova_pt_alloc(gpu, SZ_4K, 1, 0);
	struct nova_pt *b = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	LIST_HEAD(pending);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	nova_pt_defer(&pending, a);
	nova_pt_defer(&pending, b);
	/* Until the invalidate completed, the VRAM stays allocated. */
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu) - 2 * SZ_4K);
	nova_pt_release(gpu, &pending);
	KUNIT_EXPECT_TRUE(test, list_empty(&pending));
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void accounting_counts_each_level_and_class(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *pt[4];
	struct nova_pt_stats st;
	unsigned int i;

	pt[0] = nova_pt_alloc(gpu, SZ_4K, 0, 0);
	pt[1] = nova_pt_alloc(gpu, SZ_4K, 1, 0);
	pt[2] = nova_pt_alloc(gpu, SZ_4K, 1, 0);
	pt[3] = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, 0);
	for (i = 0; i < ARRAY_SIZE(pt); i++)
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pt[i]);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.level_bytes[0], SZ_4K);
	KUNIT_EXPECT_EQ(test, st.level_bytes[1], 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, st.level_bytes[NOVA_PT_STAT_BIG], 256);
	KUNIT_EXPECT_EQ(test, st.class_bytes[NOVA_PT_CLASSES - 1], 3 * SZ_4K);
	KUNIT_EXPECT_EQ(test, st.class_bytes[2], 256);	/* 64 << 2 */
	KUNIT_EXPECT_EQ(test, st.vram_bytes, 4 * SZ_4K);
	for (i = 0; i < ARRAY_SIZE(pt); i++)
		nova_pt_free(gpu, pt[i]);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_NULL(test, memchr_inv(&st, 0, sizeof(st)));
}

static void allocation_fails_with_enomem_at_every_point(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt_stats before, after;
	struct nova_pt *pt;
	unsigned int k;

	/* A small table in a new chunk: table, chunk, VRAM block. */
	nova_pt_stats(gpu, &before);
	for (k = 1; ; k++) {
		current->fail_nth = k;
		pt = nova_pt_alloc(gpu, 256, NOVA_PT_STAT_BIG, NOVA_PT_ZERO);
		current->fail_nth = 0;
		if (!IS_ERR(pt))
			break;
		KUNIT_EXPECT_EQ(test, PTR_ERR(pt), -ENOMEM);
		nova_pt_stats(gpu, &after);
		KUNIT_EXPECT_EQ(test, memcmp(&before, &after, sizeof(before)), 0);
		KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
		KUNIT_ASSERT_LT(test, k, 10);
	}
	KUNIT_EXPECT_EQ(test, k, 4);
	nova_pt_free(gpu, pt);
	/* A whole table: table, VRAM block. */
	for (k = 1; ; k++) {
		current->fail_nth = k;
		pt = nova_pt_alloc(gpu, SZ_4K, 0, NOVA_PT_ZERO);
		current->fail_nth = 0;
		if (!IS_ERR(pt))
			break;
		KUNIT_EXPECT_EQ(test, PTR_ERR(pt), -ENOMEM);
		KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
		KUNIT_ASSERT_LT(test, k, 10);
	}
	KUNIT_EXPECT_EQ(test, k, 3);
	nova_pt_free(gpu, pt);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

static void zeroing_on_a_gone_device_fails_and_frees(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	u32 d;

	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	KUNIT_EXPECT_EQ(test, nova_pramin_rd32(gpu, 0, &d), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nova_pt_alloc(gpu, SZ_4K, 0, NOVA_PT_ZERO)), -ENODEV);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void client_vram_contiguous_is_one_aligned_segment(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	const struct vmm_vram_seg *seg;
	struct vmm_vram *mem;
	unsigned int n;

	mem = vmm_vram_alloc(gpu, 3 * SZ_1M, SZ_1M, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	seg = vmm_vram_segs(mem, &n);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, seg[0].size, 3 * SZ_1M);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(seg[0].addr, SZ_1M));
	KUNIT_EXPECT_LE(test, seg[0].addr + seg[0].size, VRAM_SIZE);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu) - 3 * SZ_1M);
	vmm_vram_free(mem);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void client_vram_scattered_covers_the_size(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);
	struct nova_pt *hole = nova_pt_alloc(gpu, SZ_4K, 0, 0);
	const struct vmm_vram_seg *seg;
	struct vmm_vram *mem;
	unsigned int n, i;
	u64 total = 0;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hole);
	mem = vmm_vram_alloc(gpu, nova_vram_managed(gpu) - SZ_1M, SZ_64K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	seg = vmm_vram_segs(mem, &n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(seg[i].addr | seg[i].size, SZ_64K));
		total += seg[i].size;
	}
	KUNIT_EXPECT_EQ(test, total, nova_vram_managed(gpu) - SZ_1M);
	vmm_vram_free(mem);
	nova_pt_free(gpu, hole);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

static void client_vram_rejects_bad_requests(struct kunit *test)
{
	struct nova_gpu *gpu = ptm_gpu(test);

	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, 0, SZ_4K, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, SZ_4K + 1, SZ_4K, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, SZ_4K, 3 * SZ_4K, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, SZ_4K, SZ_2K, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, SZ_4K, SZ_4K, BIT(7))), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(NULL, SZ_4K, SZ_4K, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, 2 * VRAM_SIZE, SZ_4K, 0)), -ENOMEM);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
	vmm_vram_free(NULL);
}

static void vram_range_bounds_tables_and_client_vram(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, VRAM_SIZE);
	const struct vmm_vram_seg *seg;
	struct vmm_vram *mem;
	struct vmm *vmm;
	unsigned int n;

	/* Below the reserved top of an 8 MiB VRAM on every chip (3.125 MiB on GB). */
	gpu->vram_start = SZ_2M;
	gpu->vram_limit = SZ_2M;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_managed(gpu), SZ_2M);
	vmm = vmm_create(gpu, 0, BIT_ULL(40));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	/* Tables from the top of the range; client VRAM inside it too. */
	KUNIT_EXPECT_EQ(test, vmm_pdb(vmm), SZ_4M - SZ_4K);
	mem = vmm_vram_alloc(gpu, SZ_1M, SZ_1M, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	seg = vmm_vram_segs(mem, &n);
	KUNIT_EXPECT_GE(test, seg[0].addr, SZ_2M);
	KUNIT_EXPECT_LE(test, seg[0].addr + SZ_1M, SZ_4M);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmm_vram_alloc(gpu, SZ_2M, SZ_4K, 0)));
	vmm_vram_free(mem);
	vmm_destroy(vmm);
	nova_gpu_fini(gpu);
}

static void vram_range_keeps_client_vram_aligned_in_vram(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, VRAM_SIZE);
	const struct vmm_vram_seg *seg;
	struct vmm_vram *mem;
	unsigned int n;

	gpu->vram_start = SZ_1M;	/* not a multiple of 2 MiB */
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_managed(gpu), gpu->layout.usable_end - SZ_1M);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), gpu->layout.usable_end - SZ_1M);
	mem = vmm_vram_alloc(gpu, SZ_2M, SZ_2M, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	seg = vmm_vram_segs(mem, &n);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(seg[0].addr, SZ_2M));
	KUNIT_EXPECT_GE(test, seg[0].addr, SZ_1M);
	vmm_vram_free(mem);
	nova_gpu_fini(gpu);
}

static void vram_range_outside_vram_fails_probe_with_einval(struct kunit *test)
{
	static const struct {
		u64 start, limit;
	} bad[] = {
		{ VRAM_SIZE, 0 }, { SZ_4M, SZ_8M }, { 0, 2 * VRAM_SIZE }, { SZ_1K, 0 },
		{ 0, SZ_1K }, { U64_MAX & ~(SZ_4K - 1), SZ_4K },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value,
						     VRAM_SIZE);

		gpu->vram_start = bad[i].start;
		gpu->vram_limit = bad[i].limit;
		KUNIT_EXPECT_EQ_MSG(test, nova_gpu_init(gpu), -EINVAL, "range %u", i);
	}
}

static struct kunit_case pt_mem_test_cases[] = {
	KUNIT_CASE_PARAM(full_table_is_aligned_zeroed_and_from_the_top, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(table_written_whole_is_not_zeroed, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(big_tables_are_256b_aligned_and_packed, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(chunk_goes_back_only_when_empty, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(zeroing_a_small_table_spares_its_neighbours, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(exhaustion_gives_enomem_and_leaks_nothing, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(deferred_tables_wait_for_release, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(accounting_counts_each_level_and_class, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(allocation_fails_with_enomem_at_every_point, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(zeroing_on_a_gone_device_fails_and_frees, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(client_vram_contiguous_is_one_aligned_segment, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(client_vram_scattered_covers_the_size, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(client_vram_rejects_bad_requests, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(vram_range_bounds_tables_and_client_vram, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(vram_range_keeps_client_vram_aligned_in_vram, ptm_chip_gen_params),
	KUNIT_CASE_PARAM(vram_range_outside_vram_fails_probe_with_einval, ptm_chip_gen_params),
	{}
};

static struct kunit_suite pt_mem_test_suite = {
	.name = "nova_vmm_pt_mem",
	.test_cases = pt_mem_test_cases,
};

kunit_test_suite(pt_mem_test_suite);
