// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: batches (vmm_op_create(), DOC: Batches in batch.c): several steps,
 * one commit that allocates nothing, one invalidate; remaps in one batch;
 * a failed prepare changes nothing; random bind sequences against a model.
 * MMU v2 and v3.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/pt_mem.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define GB		BIT_ULL(30)

static const u32 batch_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void batch_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(batch_chip, batch_chips, batch_chip_desc);

static struct vmm *new_vmm(struct kunit *test, struct nova_gpu **gpu)
{
	*gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	return nvt_vmm_create(test, *gpu, 0, BIT_ULL(40));
}

static u64 table_bytes(struct nova_gpu *gpu)
{
	struct nova_pt_stats st;

	nova_pt_stats(gpu, &st);
	return st.vram_bytes;
}

/* @va translates to @addr with pages of @page bytes, or faults (@addr ~0). */
static void expect_xlate(struct kunit *test, struct vmm *vmm, u64 va, u64 addr, u64 page)
{
	struct nvt_xlate x;

	nvt_translate(vmm->gpu, vmm_pdb(vmm), va, &x);
	if (addr == U64_MAX) {
		KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_FAULT, "va %#llx", va);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_MAPPED, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.addr, addr, "va %#llx", va);
	if (page)
		KUNIT_EXPECT_EQ_MSG(test, x.page_size, page, "va %#llx", va);
}

static void a_batch_of_six_steps_issues_one_invalidate(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 8 * GB, 0, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 9 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_64K), 0);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, GB, SZ_4M, SZ_2M, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 2 * GB, SZ_8M, SZ_64K, VMM_MAP_PAGE_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 3 * GB, SZ_8M + SZ_1M, SZ_1M,
					     VMM_MAP_PAGE_64K), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 4 * GB + SZ_4K, SZ_16M, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, 8 * GB, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_protect(op, 9 * GB, SZ_64K, VMM_MAP_READ_ONLY), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB + SZ_1M, SZ_4M + SZ_1M, SZ_2M);
	expect_xlate(test, vmm, 2 * GB + SZ_8K, SZ_8M + SZ_8K, SZ_4K);
	expect_xlate(test, vmm, 3 * GB + SZ_128K, SZ_8M + SZ_1M + SZ_128K, SZ_64K);
	expect_xlate(test, vmm, 4 * GB + SZ_4K, SZ_16M, SZ_4K);
	expect_xlate(test, vmm, 8 * GB, U64_MAX, 0);
	expect_xlate(test, vmm, 9 * GB, SZ_2M, SZ_64K);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/* Remap [GB, GB + 2M) from pages of @from to pages of @to in one batch. */
static void remap(struct kunit *test, u32 from, u32 to, u64 from_page, u64 to_page)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op;

	if (!(gpu->chip->family->page_sizes & BIT(NOVA_PAGE_2M)))
		return;
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, from), 0);
	expect_xlate(test, vmm, GB + SZ_1M, SZ_1M, from_page);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, GB, SZ_2M), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_4M, SZ_2M, to), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	/* Prepared: the old mapping is still there. */
	expect_xlate(test, vmm, GB + SZ_1M, SZ_1M, from_page);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB + SZ_1M, SZ_4M + SZ_1M, to_page);
	expect_xlate(test, vmm, GB + SZ_2M - SZ_4K, SZ_4M + SZ_2M - SZ_4K, to_page);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
	/* And back down: nothing is left behind but what a 2 MiB map needs. */
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), 0);
}

static void a_remap_from_2m_to_4k_pages_is_one_batch(struct kunit *test)
{
	remap(test, VMM_MAP_PAGE_2M, VMM_MAP_PAGE_4K, SZ_2M, SZ_4K);
}

static void a_remap_from_4k_to_2m_pages_is_one_batch(struct kunit *test)
{
	remap(test, VMM_MAP_PAGE_4K, VMM_MAP_PAGE_2M, SZ_4K, SZ_2M);
}

static void a_remap_from_64k_to_4k_pages_is_one_batch(struct kunit *test)
{
	remap(test, VMM_MAP_PAGE_64K, VMM_MAP_PAGE_4K, SZ_64K, SZ_4K);
}

static void a_failed_prepare_changes_and_keeps_nothing(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op;
	u64 bytes;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 5 * GB, 0, SZ_64K, 0), 0);
	bytes = table_bytes(gpu);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_2M, SZ_4M, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, 2 * GB, SZ_2M, SZ_64K, 0), 0);
	/* Maps over 5 GiB without unmapping it first: the third step fails. */
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, 5 * GB, SZ_4M, SZ_64K, 0), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(op), -EEXIST);
	KUNIT_EXPECT_EQ(test, table_bytes(gpu), bytes);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	/* Nothing reserved any more, and the batch cannot be committed. */
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), 0);
	vmm_op_free(op);
	expect_xlate(test, vmm, 5 * GB, 0, SZ_64K);
	expect_xlate(test, vmm, 2 * GB, U64_MAX, 0);
}

static void steps_may_only_overlap_as_unmap_then_map(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op = vmm_op_create(vmm);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, GB, 0, SZ_2M, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, GB + SZ_1M, SZ_2M), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, GB + SZ_1M, 0, SZ_2M, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, 2 * GB, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, 2 * GB, SZ_4K), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_protect(op, 2 * GB, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 2 * GB, 0, SZ_4K, 0), 0);
	/* Not a batch, or not a range. */
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(NULL, GB, 0, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 3 * GB + 1, 0, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(vmm_op_create(NULL)), -EINVAL);
	vmm_op_free(op);
}

static void a_prepared_batch_owns_its_ranges_until_freed(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op = vmm_op_create(vmm);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, 0, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, 2 * GB, SZ_2M, SZ_64K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(op), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, 3 * GB, 0, SZ_4K, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB + SZ_1M, 0, SZ_4K, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, 2 * GB, SZ_64K, true), -EBUSY);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmm_map_prepare(vmm, 2 * GB, 0, SZ_4K, 0)));
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), -EBUSY);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), 0);
}

/* Every allocation inside the commit would fail: it makes none. */
static void commit_allocates_nothing(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op = vmm_op_create(vmm);
	int ret;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, VMM_MAP_PAGE_2M), 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, GB, SZ_2M), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_4M, SZ_2M, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, 7 * GB, SZ_8M, SZ_1M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	current->fail_nth = 1;
	ret = vmm_op_commit(op);
	KUNIT_EXPECT_EQ(test, current->fail_nth, 1);
	current->fail_nth = 0;
	KUNIT_EXPECT_EQ(test, ret, 0);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB + SZ_4K, SZ_4M + SZ_4K, SZ_4K);
	expect_xlate(test, vmm, 7 * GB + SZ_64K, SZ_8M + SZ_64K, 0);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

/* The random test: what is mapped, as drm_gpuvm would hold it. */
#define RB_SLOTS	32	/* 2 MiB slots of the window */
#define RB_BASE		(16 * GB)

/**
 * struct rb_model - Per 2 MiB slot of the window: mapped, to where, page size.
 * @addr: VRAM address of the slot's first byte, or U64_MAX if unmapped.
 * @page: The page size requested (bytes).
 * @run: First slot of the mapping the slot is part of (one vmm_map()).
 * @len: Slots of that mapping (at @run only).
 */
struct rb_model {
	u64 addr[RB_SLOTS];
	u64 page[RB_SLOTS];
	u32 run[RB_SLOTS];
	u32 len[RB_SLOTS];
};

static u32 rb_flag(u64 page)
{
	return page == SZ_4K ? VMM_MAP_PAGE_4K : page == SZ_64K ? VMM_MAP_PAGE_64K :
	       VMM_MAP_PAGE_2M;
}

/* Unmap steps for every mapping part inside [a, b) slots, split as drm_gpuvm does. */
static void rb_unmap_steps(struct kunit *test, struct vmm_op *op, struct rb_model *m,
			   u32 a, u32 b)
{
	u32 s = a, e;

	while (s < b) {
		if (m->addr[s] == U64_MAX) {
			s++;
			continue;
		}
		for (e = s + 1; e < b && m->addr[e] != U64_MAX && m->run[e] == m->run[s]; e++)
			;
		KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, RB_BASE + (u64)s * SZ_2M,
						       (u64)(e - s) * SZ_2M), 0);
		s = e;
	}
}

static void rb_check(struct kunit *test, struct vmm *vmm, const struct rb_model *m, u64 seed)
{
	struct nvt_xlate x;
	u32 s;
	u64 off;

	for (s = 0; s < RB_SLOTS; s++)
		for (off = 0; off < SZ_2M; off += SZ_512K) {
			nvt_translate(vmm->gpu, vmm_pdb(vmm), RB_BASE + s * SZ_2M + off + 8, &x);
			if (m->addr[s] == U64_MAX) {
				KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_FAULT,
						    "seed %llu slot %u", seed, s);
				continue;
			}
			KUNIT_EXPECT_EQ_MSG(test, x.addr, m->addr[s] + off + 8, "seed %llu slot %u",
					    seed, s);
			KUNIT_EXPECT_EQ_MSG(test, x.page_size, m->page[s], "seed %llu slot %u",
					    seed, s);
		}
}

static void random_binds_translate_as_the_model_says(struct kunit *test)
{
	static const u64 pages[] = { SZ_4K, SZ_64K, SZ_2M };
	struct rb_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u64 seed = get_random_u64(), inv;
	struct rnd_state rnd;
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op;
	u32 i, a, n, s, page;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, m);
	kunit_info(test, "seed %llu", seed);
	prandom_seed_state(&rnd, seed);
	memset(m->addr, 0xff, sizeof(m->addr));
	for (i = 0; i < 300; i++) {
		a = prandom_u32_state(&rnd) % RB_SLOTS;
		n = 1 + prandom_u32_state(&rnd) % min(4U, RB_SLOTS - a);
		page = prandom_u32_state(&rnd) % ARRAY_SIZE(pages);
		if (!(gpu->chip->family->page_sizes & BIT(NOVA_PAGE_2M)) && page == 2)
			page = 1;
		op = vmm_op_create(vmm);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
		rb_unmap_steps(test, op, m, a, a + n);
		/* One bind in four only unbinds. */
		if (prandom_u32_state(&rnd) % 4)
			KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, RB_BASE + (u64)a * SZ_2M,
							     (u64)(i % 8) * SZ_4M, n * SZ_2M,
							     rb_flag(pages[page])), 0);
		else
			page = U32_MAX;
		ret = vmm_op_prepare(op);
		if (ret == -EINVAL && page == U32_MAX) {	/* an unbind of nothing */
			vmm_op_free(op);
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "seed %llu bind %u", seed, i);
		inv = nvt_gpu_count(gpu, NVT_TLB_INVALIDATES);
		KUNIT_ASSERT_EQ_MSG(test, vmm_op_commit(op), 0, "seed %llu bind %u", seed, i);
		KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), inv + 1);
		vmm_op_free(op);
		for (s = a; s < a + n; s++) {
			m->addr[s] = page == U32_MAX ? U64_MAX : (i % 8) * SZ_4M + (s - a) * SZ_2M;
			m->page[s] = page == U32_MAX ? 0 : pages[page];
			m->run[s] = a;
		}
		rb_check(test, vmm, m, seed);
	}
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static struct kunit_case batch_test_cases[] = {
	KUNIT_CASE_PARAM(a_batch_of_six_steps_issues_one_invalidate, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_remap_from_2m_to_4k_pages_is_one_batch, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_remap_from_4k_to_2m_pages_is_one_batch, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_remap_from_64k_to_4k_pages_is_one_batch, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_failed_prepare_changes_and_keeps_nothing, batch_chip_gen_params),
	KUNIT_CASE_PARAM(steps_may_only_overlap_as_unmap_then_map, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_prepared_batch_owns_its_ranges_until_freed, batch_chip_gen_params),
	KUNIT_CASE_PARAM(commit_allocates_nothing, batch_chip_gen_params),
	KUNIT_CASE_PARAM(random_binds_translate_as_the_model_says, batch_chip_gen_params),
	{}
};

static struct kunit_suite batch_test_suite = {
	.name = "nova_vmm_batch",
	.test_cases = batch_test_cases,
};

kunit_test_suite(batch_test_suite);
