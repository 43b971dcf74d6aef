// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: device loss in the middle of an operation, allocation failure at
 * every point of every entry point that allocates, and concurrent maps.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/maple_tree.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "drv/bringup.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/pt_mem.h"
#include "vmm/vmm_priv.h"
#include "mm/vram.h"

#define VRAM_SIZE	SZ_64M
/* For tests that make many fakes: each keeps its RAM until the test ends. */
#define SMALL_VRAM	SZ_16M
#define GB		BIT_ULL(30)

static const u32 rel_chips[] = { NV_CHIP_TU102, NV_CHIP_GH100 };

static void rel_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(rel_chip, rel_chips, rel_chip_desc);

static u32 chip_of(struct kunit *test)
{
	return *(const u32 *)test->param_value;
}

static void device_lost_mid_map_or_invalidate_fails_fast(struct kunit *test)
{
	unsigned int n;

	/* Gone after 1, 10, 100, ... accesses of a map: in the writes or the invalidate. */
	for (n = 1; n <= 10000; n *= 10) {
		struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), SMALL_VRAM);
		struct vmm *vmm = vmm_create(gpu, 0, BIT_ULL(40));
		u64 start;
		int ret;

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, 0), 0);
		nvt_gpu_set_fault_after(gpu, NVT_FAULT_GONE, n);
		start = ktime_get_ns();
		ret = vmm_map(vmm, 2 * GB, SZ_2M, SZ_8M, 0);
		/* Bounded well below the 2 s poll limit: a hang check, not timing. */
		KUNIT_EXPECT_LT(test, ktime_get_ns() - start, 1ULL * NSEC_PER_SEC);
		if (n < 10000)
			KUNIT_EXPECT_EQ(test, ret, -ENODEV);
		if (ret == -ENODEV) {
			nvt_gpu_reset_counts(gpu);
			KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_64K), -ENODEV);
			KUNIT_EXPECT_EQ(test, vmm_map(vmm, 3 * GB, 0, SZ_4K, 0), -ENODEV);
			KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
		}
		vmm_destroy(vmm);
		/* Destroy freed everything (the allocator would warn otherwise). */
		KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
	}
}

static struct vmm *rel_vmm(struct kunit *test, struct nova_gpu **gpu)
{
	struct vmm *vmm;

	*gpu = nvt_gpu_create(test, chip_of(test), SMALL_VRAM);
	vmm = vmm_create(*gpu, 0, BIT_ULL(40));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	return vmm;
}

/*
 * The sparse marks change with the entries, or not at all: a vmm_sparse()
 * whose commit fails (the device goes before its invalidate) leaves them.
 */
static void failed_sparse_change_leaves_the_sparse_marks(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = rel_vmm(test, &gpu);

	nvt_gpu_set_fault_after(gpu, NVT_FAULT_GONE, 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB, SZ_4M, true), -ENODEV);
	KUNIT_EXPECT_NULL(test, mtree_load(vmm->sparse, GB));
	KUNIT_EXPECT_NULL(test, mtree_load(vmm->sparse, GB + SZ_4M - 1));
	vmm_destroy(vmm);

	vmm = rel_vmm(test, &gpu);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB, SZ_4M, true), 0);
	KUNIT_EXPECT_NOT_NULL(test, mtree_load(vmm->sparse, GB + SZ_2M));
	nvt_gpu_set_fault_after(gpu, NVT_FAULT_GONE, 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB, SZ_4M, false), -ENODEV);
	KUNIT_EXPECT_NOT_NULL(test, mtree_load(vmm->sparse, GB));
	KUNIT_EXPECT_NOT_NULL(test, mtree_load(vmm->sparse, GB + SZ_4M - 1));
	vmm_destroy(vmm);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

#ifdef CONFIG_FAULT_INJECTION
static void snapshot(struct nova_gpu *gpu, struct nova_pt_stats *st, u64 *avail)
{
	nova_pt_stats(gpu, st);
	*avail = nova_vram_avail(gpu);
}

static void expect_same(struct kunit *test, struct nova_gpu *gpu,
			const struct nova_pt_stats *st, u64 avail, unsigned int k)
{
	struct nova_pt_stats now;

	nova_pt_stats(gpu, &now);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(&now, st, sizeof(now)), 0, "allocation %u", k);
	KUNIT_EXPECT_EQ_MSG(test, nova_vram_avail(gpu), avail, "allocation %u", k);
}
#endif

static void create_prepare_and_sparse_fail_cleanly_at_every_allocation(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), VRAM_SIZE);
	struct nova_pt_stats st;
	struct vmm_op *op;
	struct vmm *vmm;
	unsigned int k;
	u64 avail;
	int ret;

	snapshot(gpu, &st, &avail);
	for (k = 1; ; k++) {
		current->fail_nth = k;
		vmm = vmm_create(gpu, 0, BIT_ULL(40));
		current->fail_nth = 0;
		if (!IS_ERR(vmm))
			break;
		KUNIT_EXPECT_EQ(test, PTR_ERR(vmm), -ENOMEM);
		expect_same(test, gpu, &st, avail, k);
		KUNIT_ASSERT_LT(test, k, 50);
	}
	snapshot(gpu, &st, &avail);
	for (k = 1; ; k++) {
		current->fail_nth = k;
		op = vmm_map_prepare(vmm, GB + SZ_4K, SZ_4K, SZ_4M, 0);
		current->fail_nth = 0;
		if (!IS_ERR(op))
			break;
		KUNIT_EXPECT_EQ(test, PTR_ERR(op), -ENOMEM);
		expect_same(test, gpu, &st, avail, k);
		KUNIT_ASSERT_LT(test, k, 100);
	}
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	snapshot(gpu, &st, &avail);
	for (k = 1; ; k++) {
		current->fail_nth = k;
		ret = vmm_sparse(vmm, 4 * GB + SZ_64K, SZ_4M, true);
		current->fail_nth = 0;
		if (!ret)
			break;
		KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
		expect_same(test, gpu, &st, avail, k);
		KUNIT_ASSERT_LT(test, k, 100);
	}
	/* Unmap allocates nothing: the first allocation never comes. */
	current->fail_nth = 1;
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB + SZ_4K, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, current->fail_nth, 1);
	current->fail_nth = 0;
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
	vmm_destroy(vmm);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

static void bar_setup_fails_cleanly_at_every_allocation(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	unsigned int k;
	int ret;

	for (k = 1; k < 100; k++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), SMALL_VRAM);

		gpu->bar1_size = SZ_256M;
		gpu->bar2_size = NVT_BAR2_SIZE;
		current->fail_nth = k;
		ret = nova_gpu_init(gpu);
		current->fail_nth = 0;
		if (!ret) {
			KUNIT_EXPECT_NOT_NULL(test, vmm_bar1(gpu));
			nova_gpu_fini(gpu);
			break;
		}
		/* Probe failed and undid everything (a leak would warn). */
		KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), 0);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), 0);
	}
	KUNIT_EXPECT_LT(test, k, 100);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

struct worker {
	struct vmm *vmm;
	u64 base;
	u64 seed;
	int err;
	unsigned int ops;
	struct completion done;
};

/* Map and unmap in [base, base + 64 MiB) of its own, for a bounded time. */
static int worker_fn(void *data)
{
	struct worker *w = data;
	unsigned long end = jiffies + msecs_to_jiffies(1500);
	struct rnd_state rnd;

	prandom_seed_state(&rnd, w->seed);
	while (time_before(jiffies, end) && !w->err) {
		u64 va = w->base + (prandom_u32_state(&rnd) % 256) * SZ_256K;
		u64 size = (1 + prandom_u32_state(&rnd) % 64) * SZ_4K;

		w->err = vmm_map(w->vmm, va, va % SZ_32M, size, 0) ?:
			 vmm_unmap(w->vmm, va, size);
		w->ops++;
	}
	complete(&w->done);
	return 0;
}

static void concurrent_maps_in_one_and_in_several_spaces(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), VRAM_SIZE);
	struct vmm *shared = vmm_create(gpu, 0, BIT_ULL(40)), *own[2];
	struct worker w[4];
	unsigned int i;
	u64 avail;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, shared);
	for (i = 0; i < 2; i++) {
		own[i] = vmm_create(gpu, 0, BIT_ULL(40));
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, own[i]);
	}
	avail = nova_vram_avail(gpu);
	/* Two threads share an address space (disjoint ranges), two have their own. */
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .vmm = i < 2 ? shared : own[i - 2], .base = (i + 1) * GB,
					.seed = 0x6e6f7661 + i };
		init_completion(&w[i].done);
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(worker_fn, &w[i], "nvt_worker%u", i)));
	}
	for (i = 0; i < 4; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ_MSG(test, w[i].err, 0, "worker %u", i);
		kunit_info(test, "worker %u: %u map+unmap pairs\n", i, w[i].ops);
	}
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(shared, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), avail);
	for (i = 0; i < 2; i++)
		vmm_destroy(own[i]);
	vmm_destroy(shared);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

/*
 * Every exported function with bad input: each row's errno is the one its
 * kernel-doc promises, and nothing changes (no MMIO write, no table).
 */
static void bad_input_gets_the_documented_errno(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), VRAM_SIZE);
	struct vmm *vmm = vmm_create(gpu, 0, BIT_ULL(40));
	dma_addr_t page = SZ_4K, bad = SZ_4K + 1;
	struct vmm_mapping m;
	struct nova_pt_stats st;
	u64 va, avail;
	const struct {
		const char *what;
		int got, want;
	} *row, rows[] = {
		{ "map NULL", vmm_map(NULL, GB, 0, SZ_4K, 0), -EINVAL },
		{ "map size 0", vmm_map(vmm, GB, 0, 0, 0), -EINVAL },
		{ "map unaligned va", vmm_map(vmm, GB + 1, 0, SZ_4K, 0), -EINVAL },
		{ "map unaligned addr", vmm_map(vmm, GB, 1, SZ_4K, 0), -EINVAL },
		{ "map unaligned size", vmm_map(vmm, GB, 0, 1, 0), -EINVAL },
		{ "map va overflow", vmm_map(vmm, U64_MAX & ~0xfffULL, 0, SZ_8K, 0), -EINVAL },
		{ "map outside", vmm_map(vmm, BIT_ULL(40), 0, SZ_4K, 0), -ERANGE },
		{ "map beyond VRAM", vmm_map(vmm, GB, VRAM_SIZE, SZ_4K, 0), -ERANGE },
		{ "map unknown flag", vmm_map(vmm, GB, 0, SZ_4K, BIT(30)), -EINVAL },
		{ "unmap NULL", vmm_unmap(NULL, GB, SZ_4K), -EINVAL },
		{ "unmap size 0", vmm_unmap(vmm, GB, 0), -EINVAL },
		{ "unmap hole", vmm_unmap(vmm, GB, SZ_4K), -ENOENT },
		{ "unmap outside", vmm_unmap(vmm, BIT_ULL(40), SZ_4K), -ERANGE },
		{ "protect flag", vmm_protect(vmm, GB, SZ_4K, VMM_MAP_KIND(6)), -EINVAL },
		{ "protect hole", vmm_protect(vmm, GB, SZ_4K, 0), -ENOENT },
		{ "sparse NULL", vmm_sparse(NULL, GB, SZ_4K, true), -EINVAL },
		{ "sparse unaligned", vmm_sparse(vmm, GB + 8, SZ_4K, true), -EINVAL },
		{ "lookup NULL out", vmm_lookup(vmm, GB, NULL), -EINVAL },
		{ "lookup outside", vmm_lookup(vmm, BIT_ULL(40), &m), -ERANGE },
		{ "lookup hole", vmm_lookup(vmm, GB, &m), -ENOENT },
		{ "dma NULL pages", vmm_map_dma(vmm, GB, NULL, 1, 0), -EINVAL },
		{ "dma unaligned page", vmm_map_dma(vmm, GB, &bad, 1, 0), -EINVAL },
		{ "dma 64K pages", vmm_map_dma(vmm, GB, &page, 1, VMM_MAP_PAGE_64K), -EINVAL },
		{ "sgt NULL", vmm_map_sgt(vmm, GB, NULL, 0), -EINVAL },
		{ "va_alloc size 0", vmm_va_alloc(vmm, 0, 0, &va), -EINVAL },
		{ "va_alloc NULL out", vmm_va_alloc(vmm, SZ_4K, 0, NULL), -EINVAL },
		{ "va_reserve outside", vmm_va_reserve(vmm, BIT_ULL(40), SZ_4K), -ERANGE },
		{ "prepare size 0", (int)PTR_ERR(vmm_map_prepare(vmm, GB, 0, 0, 0)), -EINVAL },
		{ "unmap_prepare hole", (int)PTR_ERR(vmm_unmap_prepare(vmm, GB, SZ_4K)), -ENOENT },
		{ "create NULL", (int)PTR_ERR(vmm_create(NULL, 0, SZ_4K)), -EINVAL },
		{ "graft NULL", (int)PTR_ERR(vmm_create_graft(NULL, SZ_4K, 0, SZ_4K)), -EINVAL },
		{ "vram NULL", (int)PTR_ERR(vmm_vram_alloc(NULL, SZ_4K, SZ_4K, 0)), -EINVAL },
	};

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	for (row = rows; row < rows + ARRAY_SIZE(rows); row++)
		KUNIT_EXPECT_EQ_MSG(test, row->got, row->want, "%s", row->what);
	/* None of them left anything behind. */
	KUNIT_EXPECT_NULL(test, vmm_bar1(NULL));
	vmm_va_free(vmm, 12345);
	vmm_va_free(NULL, 0);
	vmm_op_free(NULL);
	vmm_vram_free(NULL);
	vmm_put(NULL);
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.tables, 1);
	avail = nova_vram_avail(gpu);
	vmm_destroy(vmm);
	KUNIT_EXPECT_GT(test, nova_vram_avail(gpu), avail);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(gpu), nova_vram_managed(gpu));
}

/* review-findings L4: a failed prepare's ERR_PTR, or NULL, is refused, not followed. */
static void null_and_error_handles_are_refused_not_followed(struct kunit *test)
{
	unsigned int n = 1;

	KUNIT_EXPECT_EQ(test, vmm_op_commit(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(ERR_PTR(-ENOMEM)), -EINVAL);
	vmm_op_free(ERR_PTR(-ENOMEM));
	KUNIT_EXPECT_NULL(test, vmm_get(NULL));
	KUNIT_EXPECT_EQ(test, vmm_pdb(NULL), 0);
	KUNIT_EXPECT_EQ(test, vmm_inst_block(NULL), 0);
	KUNIT_EXPECT_NULL(test, vmm_vram_segs(NULL, &n));
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_NULL(test, vmm_vram_segs(ERR_PTR(-ENOMEM), &n));
}

static struct kunit_case rel_test_cases[] = {
	KUNIT_CASE_PARAM(bad_input_gets_the_documented_errno, rel_chip_gen_params),
	KUNIT_CASE(null_and_error_handles_are_refused_not_followed),
	KUNIT_CASE_PARAM(device_lost_mid_map_or_invalidate_fails_fast, rel_chip_gen_params),
	KUNIT_CASE_PARAM(failed_sparse_change_leaves_the_sparse_marks, rel_chip_gen_params),
	KUNIT_CASE_PARAM(create_prepare_and_sparse_fail_cleanly_at_every_allocation,
			 rel_chip_gen_params),
	KUNIT_CASE_PARAM(bar_setup_fails_cleanly_at_every_allocation, rel_chip_gen_params),
	KUNIT_CASE_PARAM(concurrent_maps_in_one_and_in_several_spaces, rel_chip_gen_params),
	{}
};

static struct kunit_suite rel_test_suite = {
	.name = "nova_vmm_reliability",
	.test_cases = rel_test_cases,
};

kunit_test_suite(rel_test_suite);
