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

/*
 * The sparse scenario, as separate calls on @vmm, or as steps of @op when
 * it is not NULL; what is mapped and sparse before it is set up alike.
 */
static void sparse_setup(struct kunit *test, struct vmm *vmm)
{
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, 4 * GB, SZ_64M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 4 * GB + SZ_2M, SZ_2M, SZ_64K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, 12 * GB, SZ_2M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 12 * GB + SZ_64K, SZ_4M, SZ_64K, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 16 * GB, SZ_4M, SZ_4K, VMM_MAP_PAGE_4K), 0);
}

#define SP_UNMAP(va, size)		{ 0, va, 0, size, 0 }
#define SP_SPARSE(va, size, on)		{ 1 + (on), va, 0, size, 0 }
#define SP_MAP(va, addr, size, flags)	{ 3, va, addr, size, flags }

static const struct sparse_step {
	u32 what;	/* 0 unmap, 1 clear sparse, 2 make sparse, 3 map */
	u64 va;
	u64 addr;
	u64 size;
	u32 flags;
} sparse_steps[] = {
	/* Replace a 2 MiB mapping by a sparse range, then bind inside it. */
	SP_UNMAP(GB, SZ_2M),
	SP_SPARSE(GB, SZ_4M, true),
	SP_MAP(GB + 3 * SZ_64K, SZ_8M, SZ_128K, VMM_MAP_PAGE_4K),
	SP_MAP(GB + SZ_2M, SZ_8M + SZ_2M, SZ_2M, 0),
	/* Unbind inside a sparse range: sparse again. */
	SP_UNMAP(4 * GB + SZ_2M, SZ_64K),
	/* A sparse gigabyte, a 64 KiB page inside it. */
	SP_SPARSE(8 * GB, GB, true),
	SP_MAP(8 * GB + SZ_1M, SZ_16M, SZ_64K, 0),
	/* Unbind a sparse range: unmap what is in it, then clear it. */
	SP_UNMAP(12 * GB + SZ_64K, SZ_64K),
	SP_SPARSE(12 * GB, SZ_2M, false),
	/* The 4 KiB table is replaced by a sparse PDE, then needed again. */
	SP_UNMAP(16 * GB, SZ_4K),
	SP_SPARSE(16 * GB, SZ_2M, true),
	SP_MAP(16 * GB + SZ_64K, SZ_4M, SZ_4K, VMM_MAP_PAGE_4K),
	/* Half sparse: no 2 MiB page may straddle the edge, 64 KiB ones. */
	SP_SPARSE(24 * GB + SZ_1M, SZ_1M, true),
	SP_MAP(24 * GB, SZ_32M, SZ_2M, 0),
};

static void sparse_run(struct kunit *test, struct vmm *vmm, struct vmm_op *op)
{
	const struct sparse_step *s;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(sparse_steps); i++) {
		s = &sparse_steps[i];
		if (s->what == 0)
			ret = op ? vmm_op_add_unmap(op, s->va, s->size) :
			      vmm_unmap(vmm, s->va, s->size);
		else if (s->what == 3)
			ret = op ? vmm_op_add_map(op, s->va, s->addr, s->size, s->flags) :
			      vmm_map(vmm, s->va, s->addr, s->size, s->flags);
		else
			ret = op ? vmm_op_add_sparse(op, s->va, s->size, s->what == 2) :
			      vmm_sparse(vmm, s->va, s->size, s->what == 2);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "step %u", i);
	}
}

/* The VAs the sparse scenario is checked at. */
static u64 sparse_va(unsigned int i)
{
	static const u64 base[] = { GB, 4 * GB, 8 * GB, 12 * GB, 16 * GB, 24 * GB };
	u64 b = base[i / 2048 % ARRAY_SIZE(base)];
	unsigned int k = i % 2048;

	/* 4 KiB steps over the first 4 MiB, 2 MiB steps up to 2 GiB. */
	return b + (k < 1024 ? (u64)k * SZ_4K : (u64)(k - 1024) * SZ_2M);
}

#define SPARSE_VAS	(6 * 2048)

static void expect_same_xlate(struct kunit *test, struct vmm *a, struct vmm *b, const char *when)
{
	struct nvt_xlate x, y;
	unsigned int i, bad = 0;
	u64 va;

	for (i = 0; i < SPARSE_VAS && bad < 8; i++) {
		va = sparse_va(i);
		nvt_translate(a->gpu, vmm_pdb(a), va, &x);
		nvt_translate(b->gpu, vmm_pdb(b), va, &y);
		if (x.state == y.state && x.page_size == y.page_size &&
		    (x.state != NVT_XLATE_MAPPED || x.addr == y.addr))
			continue;
		bad++;
		KUNIT_FAIL(test, "%s: va %#llx: state %d/%d page %#llx/%#llx addr %#llx/%#llx",
			   when, va, x.state, y.state, x.page_size, y.page_size, x.addr, y.addr);
	}
}

static void expect_sparse(struct kunit *test, struct vmm *vmm, u64 va)
{
	struct nvt_xlate x;

	nvt_translate(vmm->gpu, vmm_pdb(vmm), va, &x);
	KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_SPARSE, "va %#llx", va);
}

static void sparse_steps_translate_as_the_same_calls_one_at_a_time(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *one = new_vmm(test, &gpu);
	struct vmm *batched = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct vmm_op *op;

	sparse_setup(test, one);
	sparse_setup(test, batched);
	sparse_run(test, one, NULL);
	op = vmm_op_create(batched);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	sparse_run(test, batched, op);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	vmm_op_free(op);
	expect_same_xlate(test, one, batched, "after the batch");
	expect_sparse(test, batched, GB);
	expect_sparse(test, batched, 4 * GB + SZ_2M);
	expect_xlate(test, batched, 12 * GB, U64_MAX, 0);
	expect_xlate(test, batched, GB + 3 * SZ_64K, SZ_8M, SZ_4K);
	expect_xlate(test, batched, 8 * GB + SZ_1M, SZ_16M, SZ_64K);
	expect_xlate(test, batched, 16 * GB + SZ_64K, SZ_4M, SZ_4K);
	expect_sparse(test, batched, 16 * GB);
	expect_xlate(test, batched, 24 * GB + SZ_1M, SZ_32M + SZ_1M, 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(batched, NULL, NULL), 0);
	/*
	 * The marks the batch set hold after a vmm_sparse() elsewhere folds
	 * them: unmapping inside its sparse ranges is sparse again, inside the
	 * range it cleared faults.
	 */
	KUNIT_EXPECT_EQ(test, vmm_sparse(one, 20 * GB, SZ_2M, true), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(batched, 20 * GB, SZ_2M, true), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(one, GB + SZ_2M, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(batched, GB + SZ_2M, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(one, 12 * GB, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(batched, 12 * GB, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(one, 12 * GB, SZ_64K), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(batched, 12 * GB, SZ_64K), 0);
	expect_same_xlate(test, one, batched, "after more calls");
	expect_sparse(test, batched, GB + SZ_2M);
	expect_xlate(test, batched, 12 * GB, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(batched, NULL, NULL), 0);
}

#ifdef CONFIG_FAULT_INJECTION
/* What each VA of the scenario translates to, to compare before and after. */
static struct nvt_xlate *sparse_snapshot(struct kunit *test, struct vmm *vmm)
{
	struct nvt_xlate *x = kunit_kcalloc(test, SPARSE_VAS, sizeof(*x), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	for (i = 0; i < SPARSE_VAS; i++)
		nvt_translate(vmm->gpu, vmm_pdb(vmm), sparse_va(i), &x[i]);
	return x;
}

static void expect_snapshot(struct kunit *test, struct vmm *vmm, const struct nvt_xlate *was,
			    int n)
{
	struct nvt_xlate x;
	unsigned int i, bad = 0;

	for (i = 0; i < SPARSE_VAS && bad < 4; i++) {
		nvt_translate(vmm->gpu, vmm_pdb(vmm), sparse_va(i), &x);
		if (x.state == was[i].state && x.addr == was[i].addr &&
		    x.page_size == was[i].page_size)
			continue;
		bad++;
		KUNIT_FAIL(test, "fail_nth %d: va %#llx changed", n, sparse_va(i));
	}
}
#endif

/*
 * Fail the n-th allocation of the prepare, for every n: each fails with
 * -ENOMEM and leaves every translation, table byte and mark as it was;
 * then it succeeds and the batch does what the calls one at a time do.
 */
static void a_sparse_batch_that_fails_to_prepare_changes_nothing(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct nova_gpu *gpu;
	struct vmm *one = new_vmm(test, &gpu);
	struct vmm *batched = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct nvt_xlate *was;
	struct vmm_op *op;
	u64 bytes;
	int n, ret = -ENOMEM;

	sparse_setup(test, one);
	sparse_setup(test, batched);
	sparse_run(test, one, NULL);
	op = vmm_op_create(batched);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	sparse_run(test, batched, op);
	was = sparse_snapshot(test, batched);
	bytes = table_bytes(gpu);
	for (n = 1; ret; n++) {
		nvt_gpu_reset_counts(gpu);
		current->fail_nth = n;
		ret = vmm_op_prepare(op);
		current->fail_nth = 0;
		if (!ret)
			break;
		KUNIT_ASSERT_EQ_MSG(test, ret, -ENOMEM, "fail_nth %d", n);
		KUNIT_EXPECT_EQ_MSG(test, table_bytes(gpu), bytes, "fail_nth %d", n);
		KUNIT_EXPECT_EQ_MSG(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0, "fail_nth %d", n);
		expect_snapshot(test, batched, was, n);
	}
	kunit_info(test, "prepare succeeded at fail_nth %d", n);
	KUNIT_EXPECT_GT(test, n, 3);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	expect_same_xlate(test, one, batched, "after the batch");
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

/* A step that cannot be done fails the prepare; the sparse steps before it leave no mark. */
static void a_sparse_batch_refused_at_prepare_leaves_no_mark(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op;
	u64 bytes;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 5 * GB, 0, SZ_64K, 0), 0);
	bytes = table_bytes(gpu);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_sparse(op, GB, SZ_4M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_2M, SZ_64K, 0), 0);
	/* 5 GiB holds a page: it cannot be made sparse. */
	KUNIT_ASSERT_EQ(test, vmm_op_add_sparse(op, 5 * GB, SZ_2M, true), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(op), -EEXIST);
	KUNIT_EXPECT_EQ(test, table_bytes(gpu), bytes);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB, U64_MAX, 0);
	/* No mark left behind: a page mapped and unmapped there faults after. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_64K), 0);
	expect_xlate(test, vmm, GB, U64_MAX, 0);
	expect_xlate(test, vmm, 5 * GB, 0, SZ_64K);
}

static void sparse_steps_overlap_only_as_documented(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op = vmm_op_create(vmm);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, GB, SZ_4M, true), 0);
	/* A map inside it, yes; an unmap, a protect, another sparse step, no. */
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(op, GB, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, GB + SZ_1M, SZ_4K), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_protect(op, GB + SZ_1M, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, GB + SZ_1M, SZ_4K, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, GB + SZ_1M, SZ_4K, true), -EINVAL);
	/* Over an earlier unmap, either way, yes; over a map, no. */
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(op, 2 * GB, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, 2 * GB, SZ_1M, true), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, 2 * GB + SZ_1M, SZ_1M, false), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, GB, SZ_64K, false), -EINVAL);
	/* Argument errors, as vmm_sparse(). */
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, 3 * GB + 1, SZ_4K, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(op, 3 * GB, 0, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(NULL, 3 * GB, SZ_4K, true), -EINVAL);
	vmm_op_free(op);
}

/* The exact-count test: a window of 4 KiB cells across a 1 GiB boundary. */
#define XC_CELLS	16384
#define XC_BASE		(33 * GB - SZ_32M)
#define XC_RUNS		4096
#define XC_BATCHES	80

enum { XC_FREE, XC_VACATED, XC_SPARSE, XC_TAKEN };

/**
 * struct xc_model - What the window holds, per cell, and the batch being built.
 * @map: Mapping run of each cell, 0 if none.
 * @addr: VRAM address each mapped cell translates to.
 * @sparse: Sparse run of each cell, 0 if none.
 * @start: First cell of each run.
 * @len: Cells of each run.
 * @runs: Runs made so far (run 0 is none).
 * @touched: What the batch being built does to each cell (XC_*).
 * @op: The batch being built.
 * @steps: Steps in it.
 * @near: A cell of its last range: the next one often starts near it.
 */
struct xc_model {
	u16 map[XC_CELLS];
	u64 addr[XC_CELLS];
	u16 sparse[XC_CELLS];
	u32 start[XC_RUNS];
	u32 len[XC_RUNS];
	u32 runs;
	u8 touched[XC_CELLS];
	struct vmm_op *op;
	unsigned int steps;
	u32 near;
};

static u64 xc_va(u32 cell)
{
	return XC_BASE + (u64)cell * SZ_4K;
}

static u32 xc_new_run(struct xc_model *m, u32 a, u32 n)
{
	m->start[++m->runs] = a;
	m->len[m->runs] = n;
	return m->runs;
}

static bool xc_untouched(const struct xc_model *m, u32 run)
{
	u32 c;

	for (c = m->start[run]; c < m->start[run] + m->len[run]; c++)
		if (m->touched[c])
			return false;
	return true;
}

/* Unmap mapping run @run whole, if the batch has not touched it. */
static bool xc_unmap(struct kunit *test, struct xc_model *m, u32 run)
{
	u32 c;

	if (!run || !xc_untouched(m, run))
		return false;
	KUNIT_EXPECT_EQ(test, vmm_op_add_unmap(m->op, xc_va(m->start[run]),
					       (u64)m->len[run] * SZ_4K), 0);
	for (c = m->start[run]; c < m->start[run] + m->len[run]; c++) {
		m->touched[c] = XC_VACATED;
		m->map[c] = 0;
	}
	m->steps++;
	return true;
}

/* A random range the batch may map (@sparse false) or make sparse. */
static bool xc_range(struct xc_model *m, struct rnd_state *rnd, bool sparse, u32 *a, u32 *n)
{
	u32 c;

	/* Near the last range, to share its tables, or anywhere. */
	*a = prandom_u32_state(rnd) % 2 ? (m->near + prandom_u32_state(rnd) % 1024) % XC_CELLS :
	     prandom_u32_state(rnd) % XC_CELLS;
	*n = 1 + prandom_u32_state(rnd) % (prandom_u32_state(rnd) % 2 ? 32 : 768);
	*n = min(*n, XC_CELLS - *a);
	m->near = *a;
	for (c = *a; c < *a + *n; c++) {
		if (m->touched[c] == XC_TAKEN || (m->touched[c] == XC_FREE && m->map[c]))
			return false;
		if (sparse && (m->sparse[c] || m->touched[c] == XC_SPARSE))
			return false;
	}
	return true;
}

static void xc_map(struct kunit *test, struct xc_model *m, struct rnd_state *rnd)
{
	u32 a, n, c, run;
	u64 va, addr;

	if (!xc_range(m, rnd, false, &a, &n))
		return;
	va = xc_va(a);
	/* Often aligned as the VA, so that larger pages fit; else any 4 KiB. */
	addr = prandom_u32_state(rnd) % 2 ? (prandom_u32_state(rnd) % 8) * SZ_2M + va % SZ_2M :
	       (u64)(prandom_u32_state(rnd) % 4096) * SZ_4K;
	KUNIT_EXPECT_EQ(test, vmm_op_add_map(m->op, va, addr, (u64)n * SZ_4K,
					     prandom_u32_state(rnd) % 4 ? 0 : VMM_MAP_PAGE_4K), 0);
	run = xc_new_run(m, a, n);
	for (c = a; c < a + n; c++) {
		m->touched[c] = XC_TAKEN;
		m->map[c] = run;
		m->addr[c] = addr + (u64)(c - a) * SZ_4K;
	}
	m->steps++;
}

static void xc_sparse(struct kunit *test, struct xc_model *m, struct rnd_state *rnd)
{
	u32 a, n, c, run;

	if (!xc_range(m, rnd, true, &a, &n))
		return;
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(m->op, xc_va(a), (u64)n * SZ_4K, true), 0);
	run = xc_new_run(m, a, n);
	for (c = a; c < a + n; c++) {
		m->touched[c] = XC_SPARSE;
		m->sparse[c] = run;
	}
	m->steps++;
}

/* Unbind a sparse run: unmap what is mapped in it, then clear it. */
static void xc_unsparse(struct kunit *test, struct xc_model *m, u32 run)
{
	u32 c, end = m->start[run] + m->len[run];

	if (!run || !xc_untouched(m, run))
		return;
	for (c = m->start[run]; c < end; c++)
		if (m->map[c] && !xc_untouched(m, m->map[c]))
			return;
	for (c = m->start[run]; c < end; c++)
		xc_unmap(test, m, m->map[c]);
	KUNIT_EXPECT_EQ(test, vmm_op_add_sparse(m->op, xc_va(m->start[run]),
						(u64)m->len[run] * SZ_4K, false), 0);
	for (c = m->start[run]; c < end; c++) {
		m->touched[c] = XC_TAKEN;
		m->sparse[c] = 0;
	}
	m->steps++;
}

/* The cells batch @batch touched translate as the model says; U32_MAX: every cell. */
static void xc_check(struct kunit *test, struct vmm *vmm, const struct xc_model *m, u64 seed,
		     u32 batch)
{
	struct nvt_xlate x;
	u32 c, bad = 0;

	for (c = 0; c < XC_CELLS && bad < 4; c++) {
		if (batch != U32_MAX && !m->touched[c])
			continue;
		nvt_translate(vmm->gpu, vmm_pdb(vmm), xc_va(c) + 8, &x);
		if (m->map[c] ? x.state == NVT_XLATE_MAPPED && x.addr == m->addr[c] + 8 :
		    x.state == (m->sparse[c] ? NVT_XLATE_SPARSE : NVT_XLATE_FAULT))
			continue;
		bad++;
		KUNIT_FAIL(test, "seed %llu batch %u: va %#llx state %d addr %#llx", seed, batch,
			   xc_va(c), x.state, x.addr);
	}
}

/*
 * Random batches of map, unmap, sparse and unsparse steps, misaligned, in
 * a window across a 1 GiB boundary of an address space that starts empty:
 * prepare allocates exactly the tables the commit uses (none left in the
 * steps' pools after it), the commit never needs more, and the window
 * translates as the model says.
 */
static void prepare_allocates_exactly_the_tables_the_commit_uses(struct kunit *test)
{
	struct xc_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u64 seed = get_random_u64(), reserved = 0, left = 0;
	struct rnd_state rnd;
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u32 i, k, c;
	unsigned int pool;

	KUNIT_ASSERT_NOT_NULL(test, m);
	kunit_info(test, "seed %llu", seed);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < XC_BATCHES; i++) {
		m->op = vmm_op_create(vmm);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->op);
		memset(m->touched, 0, sizeof(m->touched));
		m->steps = 0;
		for (k = 1 + prandom_u32_state(&rnd) % 8; k--;) {
			c = prandom_u32_state(&rnd) % XC_CELLS;
			switch (prandom_u32_state(&rnd) % 5) {
			case 0:
				xc_unmap(test, m, m->map[c]);
				break;
			case 1:
				xc_unsparse(test, m, m->sparse[c]);
				break;
			case 2:
				xc_sparse(test, m, &rnd);
				break;
			default:
				xc_map(test, m, &rnd);
			}
		}
		if (!m->steps) {
			vmm_op_free(m->op);
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, vmm_op_prepare(m->op), 0, "seed %llu batch %u", seed, i);
		pool = nova_batch_pool(m->op);
		nvt_gpu_reset_counts(gpu);
		KUNIT_ASSERT_EQ_MSG(test, vmm_op_commit(m->op), 0, "seed %llu batch %u", seed, i);
		KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
		KUNIT_EXPECT_EQ_MSG(test, nova_batch_pool(m->op), 0,
				    "seed %llu batch %u: %u tables reserved", seed, i, pool);
		reserved += pool;
		left += nova_batch_pool(m->op);
		vmm_op_free(m->op);
		xc_check(test, vmm, m, seed, i);
	}
	xc_check(test, vmm, m, seed, U32_MAX);
	kunit_info(test, "%llu tables reserved by prepare, %llu of them unused by the commit",
		   reserved, left);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * Prepare chooses the page sizes of a map with the marks its batch's
 * sparse steps set: a map over half a sparse 2 MiB gets 4 KiB pages, not
 * 64 KiB ones (whose table no step would use), and nothing is left over.
 */
static void a_map_beside_a_sparse_step_is_planned_with_its_marks(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *op = vmm_op_create(vmm);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_sparse(op, GB + SZ_1M, SZ_1M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_64K, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, nova_batch_pool(op), 0);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB + SZ_1M + SZ_64K, SZ_64K + SZ_1M + SZ_64K, SZ_4K);
}

/* Translation of @va: unchanged from @was. */
static void expect_same(struct kunit *test, struct vmm *vmm, u64 va, const struct nvt_xlate *was)
{
	struct nvt_xlate x;

	nvt_translate(vmm->gpu, vmm_pdb(vmm), va, &x);
	KUNIT_EXPECT_EQ_MSG(test, x.state, was->state, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.addr, was->addr, "va %#llx", va);
}

/*
 * At the limit every call that needs a new table fails with -ENOSPC and
 * changes nothing; one that needs none still maps; after an unmap that
 * frees tables, the map fits.
 */
static void at_the_pt_limit_a_map_fails_with_enospc_and_changes_nothing(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct nvt_xlate was;
	struct vmm_op *op;
	u64 held, bytes;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, VMM_MAP_PAGE_4K), 0);
	held = vmm_pt_bytes(vmm);
	KUNIT_EXPECT_GT(test, held, 0);
	KUNIT_ASSERT_EQ(test, vmm_set_pt_limit(vmm, held), 0);
	bytes = table_bytes(gpu);
	nvt_translate(gpu, vmm_pdb(vmm), 5 * GB, &was);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 5 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_4K), -ENOSPC);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, 5 * GB, SZ_64K, true), -ENOSPC);
	KUNIT_EXPECT_PTR_EQ(test, vmm_map_prepare(vmm, 5 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_4K),
			    ERR_PTR(-ENOSPC));
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, 5 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(op), -ENOSPC);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, table_bytes(gpu), bytes);
	KUNIT_EXPECT_EQ(test, vmm_pt_bytes(vmm), held);
	expect_same(test, vmm, 5 * GB, &was);
	/* In the tables there are: no new one, no limit hit. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB + SZ_64K, SZ_4M, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_64K + SZ_4K), 0);
	KUNIT_EXPECT_LT(test, vmm_pt_bytes(vmm), held);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 5 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_4K), 0);
	expect_xlate(test, vmm, 5 * GB + SZ_4K, SZ_2M + SZ_4K, SZ_4K);
	KUNIT_EXPECT_LE(test, vmm_pt_bytes(vmm), held);
	/* No limit again. */
	KUNIT_EXPECT_EQ(test, vmm_set_pt_limit(vmm, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 9 * GB, SZ_4M, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_set_pt_limit(NULL, 0), -EINVAL);
}

/* Tables a prepared operation holds count: two prepares cannot pass the limit together. */
static void two_prepared_ops_cannot_together_pass_the_pt_limit(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_op *one, *two;
	u64 before, need;

	before = vmm_pt_bytes(vmm);
	one = vmm_map_prepare(vmm, GB, 0, SZ_64K, VMM_MAP_PAGE_4K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, one);
	need = vmm_pt_bytes(vmm) - before;
	KUNIT_EXPECT_GT(test, need, 0);
	/* Room for one such map, not two. */
	KUNIT_ASSERT_EQ(test, vmm_set_pt_limit(vmm, before + need + need / 2), 0);
	two = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, two);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(two, 5 * GB, SZ_2M, SZ_64K, VMM_MAP_PAGE_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(two), -ENOSPC);
	/* The first one freed uncommitted: its tables no longer count. */
	vmm_op_free(one);
	KUNIT_EXPECT_EQ(test, vmm_pt_bytes(vmm), before);
	KUNIT_EXPECT_EQ(test, vmm_op_prepare(two), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(two), 0);
	vmm_op_free(two);
	expect_xlate(test, vmm, 5 * GB, SZ_2M, SZ_4K);
	expect_xlate(test, vmm, GB, U64_MAX, 0);
}

/*
 * A 2 MiB block part mapped (4 KiB and 64 KiB pages), part empty: a batch
 * that unmaps the mapped parts may map one 2 MiB page over it. The empty
 * parts are no obstacle; the tables the page replaces are freed only after
 * the one invalidate (nvt_inval fails the test otherwise), and the address
 * space then holds the tables of a 2 MiB map, no more.
 */
static void a_2m_page_goes_over_a_part_mapped_part_empty_block_in_one_batch(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm *fresh = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct vmm_op *op;
	u64 held;

	if (!(gpu->chip->family->page_sizes & BIT(NOVA_PAGE_2M)))
		return;
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_1M, SZ_1M, SZ_128K, VMM_MAP_PAGE_64K), 0);
	held = vmm_pt_bytes(vmm);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, GB, SZ_64K), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, GB + SZ_1M, SZ_128K), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, GB, SZ_4M, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_pt_bytes(vmm), held);
	expect_xlate(test, vmm, GB + SZ_4K, SZ_4K, SZ_4K);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	vmm_op_free(op);
	expect_xlate(test, vmm, GB + SZ_4K, SZ_4M + SZ_4K, SZ_2M);
	expect_xlate(test, vmm, GB + SZ_1M + SZ_64K, SZ_4M + SZ_1M + SZ_64K, SZ_2M);
	expect_xlate(test, vmm, GB + SZ_2M - SZ_4K, SZ_4M + SZ_2M - SZ_4K, SZ_2M);
	KUNIT_ASSERT_EQ(test, vmm_map(fresh, GB, SZ_4M, SZ_2M, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_pt_bytes(vmm), vmm_pt_bytes(fresh));
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * Plain vmm_map() of a 2 MiB page over a table that maps nothing: an unmap
 * leaves the table while another operation reserves part of its span; once
 * that operation is freed, the page replaces the empty table.
 */
static void a_2m_map_replaces_a_table_that_maps_nothing(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm *fresh = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct vmm_op *other;
	u64 held;

	if (!(gpu->chip->family->page_sizes & BIT(NOVA_PAGE_2M)))
		return;
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, VMM_MAP_PAGE_4K), 0);
	other = vmm_map_prepare(vmm, GB + SZ_1M, SZ_1M, SZ_64K, VMM_MAP_PAGE_4K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB, SZ_64K), 0);
	vmm_op_free(other);
	held = vmm_pt_bytes(vmm);
	expect_xlate(test, vmm, GB, U64_MAX, 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_4M, SZ_2M, 0), 0);
	expect_xlate(test, vmm, GB + SZ_4K, SZ_4M + SZ_4K, SZ_2M);
	KUNIT_EXPECT_LT(test, vmm_pt_bytes(vmm), held);
	KUNIT_ASSERT_EQ(test, vmm_map(fresh, GB, SZ_4M, SZ_2M, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_pt_bytes(vmm), vmm_pt_bytes(fresh));
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
	KUNIT_CASE_PARAM(sparse_steps_translate_as_the_same_calls_one_at_a_time,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_sparse_batch_that_fails_to_prepare_changes_nothing,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_sparse_batch_refused_at_prepare_leaves_no_mark, batch_chip_gen_params),
	KUNIT_CASE_PARAM(sparse_steps_overlap_only_as_documented, batch_chip_gen_params),
	KUNIT_CASE_PARAM(prepare_allocates_exactly_the_tables_the_commit_uses,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_map_beside_a_sparse_step_is_planned_with_its_marks,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(at_the_pt_limit_a_map_fails_with_enospc_and_changes_nothing,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(two_prepared_ops_cannot_together_pass_the_pt_limit, batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_2m_page_goes_over_a_part_mapped_part_empty_block_in_one_batch,
			 batch_chip_gen_params),
	KUNIT_CASE_PARAM(a_2m_map_replaces_a_table_that_maps_nothing, batch_chip_gen_params),
	{}
};

static struct kunit_suite batch_test_suite = {
	.name = "nova_vmm_batch",
	.test_cases = batch_test_cases,
};

kunit_test_suite(batch_test_suite);
