// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: device loss in the middle of an operation, allocation failure at
 * every point of every entry point that allocates, and concurrent maps.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "chip.h"
#include "gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "pt_mem.h"
#include "vmm_priv.h"
#include "vram.h"

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

static struct kunit_case rel_test_cases[] = {
	KUNIT_CASE_PARAM(device_lost_mid_map_or_invalidate_fails_fast, rel_chip_gen_params),
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
