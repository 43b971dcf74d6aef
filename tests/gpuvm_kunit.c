// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the drm_gpuvm sample client (samples/nova_vmm_gpuvm/gpuvm_core.c,
 * DOC: drm_gpuvm binds as nova_vmm batches), the same bind and unbind code
 * the sample module runs. After every bind or unbind, every 4 KiB page of
 * the VA span is checked three ways: the test-side MMU walk (nvt_mmu) of the
 * page tables, a page-array model of what the sequence mapped, and what
 * drm_gpuvm holds (drm_gpuvm_for_each_va()); and the fake GPU counted one
 * TLB invalidate for a bind that changed the tables, none for one that did
 * not. MMU v2 (GA102) and v3 (GH100).
 *
 * The random sequence logs its seed; nova_vmm.gpuvm_seed=N replays one.
 */
#include <kunit/test.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "vmm/vmm_priv.h"
#include "../samples/nova_vmm_gpuvm/gpuvm_core.h"

static unsigned long gpuvm_seed;
module_param(gpuvm_seed, ulong, 0444);
MODULE_PARM_DESC(gpuvm_seed, "Seed of the nova_vmm_gpuvm random sequence (0: random)");

#define GV_VRAM		SZ_64M
#define GV_BASE		BIT_ULL(32)	/* the drm_gpuvm's span in the address space */
#define GV_SPAN		SZ_16M
#define GV_PAGES	(GV_SPAN / SZ_4K)
#define GV_NONE		U64_MAX		/* model: not mapped */
#define GV_SPARSE	(U64_MAX - 1)	/* model: sparse */
#define GV_MAX_SPARSE	64
#define GV_BOS		3
#define GV_OPS		150
#define GV_SNAP		64		/* qwords of a drm_gpuvm snapshot */

static const u64 gv_bo_size[GV_BOS] = { SZ_8M, SZ_4M, SZ_2M };

static const u32 gv_chips[] = { NV_CHIP_GA102, NV_CHIP_GH100 };

static void gv_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(gv_chip, gv_chips, gv_chip_desc);

/**
 * struct gv - One test's GPU, address space, drm_gpuvm and model.
 * @test: The test.
 * @gpu: Fake GPU.
 * @vmm: Address space.
 * @dev: DRM device.
 * @vm: The drm_gpuvm client.
 * @bo: Buffers.
 * @addr: Model: VRAM address of each page of the span, or GV_NONE.
 * @ro: Model: the page is mapped read-only.
 * @held: Scratch: what drm_gpuvm holds, page by page.
 * @sp_lo: Model: first VA of each sparse range.
 * @sp_hi: Model: its end.
 * @nsp: Sparse ranges.
 */
struct gv {
	struct kunit *test;
	struct nova_gpu *gpu;
	struct vmm *vmm;
	struct nvgv_dev *dev;
	struct nvgv_vm *vm;
	struct nvgv_bo *bo[GV_BOS];
	u64 *addr;
	bool *ro;
	u64 *held;
	u64 sp_lo[GV_MAX_SPARSE];
	u64 sp_hi[GV_MAX_SPARSE];
	unsigned int nsp;
};

static void gv_release(void *data)
{
	struct gv *g = data;
	unsigned int i;

	nvgv_vm_destroy(g->vm);
	for (i = 0; i < GV_BOS; i++)
		nvgv_bo_put(g->bo[i]);
	nvgv_dev_destroy(g->dev);
}

static struct gv *gv_new(struct kunit *test)
{
	struct gv *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->test = test;
	g->gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, GV_VRAM);
	g->vmm = nvt_vmm_create(test, g->gpu, 0, BIT_ULL(40));
	g->addr = kunit_kmalloc_array(test, GV_PAGES, sizeof(*g->addr), GFP_KERNEL);
	g->held = kunit_kmalloc_array(test, GV_PAGES, sizeof(*g->held), GFP_KERNEL);
	g->ro = kunit_kcalloc(test, GV_PAGES, sizeof(*g->ro), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, g->addr && g->held && g->ro);
	for (i = 0; i < GV_PAGES; i++)
		g->addr[i] = GV_NONE;
	g->dev = nvgv_dev_create(g->gpu);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, g->dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gv_release, g), 0);
	for (i = 0; i < GV_BOS; i++) {
		g->bo[i] = nvgv_bo_create(g->dev, gv_bo_size[i]);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, g->bo[i]);
	}
	g->vm = nvgv_vm_create(g->dev, g->vmm, GV_BASE, GV_SPAN);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, g->vm);
	return g;
}

static void model_set(struct gv *g, u64 va, u64 size, u64 addr, u32 flags)
{
	unsigned int i, first = (va - GV_BASE) / SZ_4K;

	for (i = 0; i < size / SZ_4K; i++) {
		g->addr[first + i] = addr >= GV_SPARSE ? addr : addr + (u64)i * SZ_4K;
		g->ro[first + i] = flags & VMM_MAP_READ_ONLY;
	}
}

/* What drm_gpuvm holds, page by page, into @held; false on an overlap. */
static bool gv_held(struct gv *g)
{
	struct drm_gpuva *va;
	unsigned int i, first;

	for (i = 0; i < GV_PAGES; i++)
		g->held[i] = GV_NONE;
	drm_gpuvm_for_each_va(va, &g->vm->gpuvm) {
		first = (va->va.addr - GV_BASE) / SZ_4K;
		for (i = 0; i < va->va.range / SZ_4K; i++) {
			if (g->held[first + i] != GV_NONE)
				return false;
			g->held[first + i] = !va->gem.obj ? GV_SPARSE :
				container_of(va->gem.obj, struct nvgv_bo, base)->addr +
				va->gem.offset + (u64)i * SZ_4K;
		}
	}
	return true;
}

/* Page @i: the MMU walk and drm_gpuvm agree with the model. */
static bool gv_page_ok(struct gv *g, unsigned int i, struct nvt_xlate *x)
{
	nvt_translate(g->gpu, vmm_pdb(g->vmm), GV_BASE + (u64)i * SZ_4K, x);
	if (g->held[i] != g->addr[i])
		return false;
	if (g->addr[i] == GV_NONE)
		return x->state == NVT_XLATE_FAULT;
	if (g->addr[i] == GV_SPARSE)
		return x->state == NVT_XLATE_SPARSE;
	return x->state == NVT_XLATE_MAPPED && x->addr == g->addr[i] &&
	       nvt_pte_read_only(g->gpu, x->pte) == g->ro[i];
}

/* Every page of the span; the first eight that disagree are reported. */
static void gv_check(struct gv *g, const char *what, u64 seed)
{
	struct kunit *test = g->test;
	struct nvt_xlate x;
	unsigned int i, bad = 0;

	mutex_lock(&g->vm->lock);
	KUNIT_EXPECT_TRUE_MSG(test, gv_held(g), "%s: drm_gpuvm overlaps (seed %llu)", what, seed);
	mutex_unlock(&g->vm->lock);
	for (i = 0; i < GV_PAGES && bad < 8; i++) {
		if (gv_page_ok(g, i, &x))
			continue;
		bad++;
		KUNIT_FAIL(test,
			   "%s: va %#llx: model %#llx ro %d, MMU %d %#llx, drm_gpuvm %#llx (seed %llu)",
			   what, GV_BASE + (u64)i * SZ_4K, g->addr[i], g->ro[i], x.state, x.addr,
			   g->held[i], seed);
	}
}

/* The sparse ranges of the model: refuses, and their update on success. */
static bool sp_overlaps(const struct gv *g, u64 va, u64 end, bool inside_ok)
{
	unsigned int i;

	for (i = 0; i < g->nsp; i++)
		if (g->sp_lo[i] < end && va < g->sp_hi[i] &&
		    !(inside_ok && va <= g->sp_lo[i] && g->sp_hi[i] <= end))
			return true;
	return false;
}

static void sp_update(struct gv *g, u64 va, u64 end, bool sparse)
{
	unsigned int i;

	for (i = 0; i < g->nsp; i++)
		if (g->sp_lo[i] < end && va < g->sp_hi[i]) {
			g->sp_lo[i] = g->sp_lo[--g->nsp];
			g->sp_hi[i--] = g->sp_hi[g->nsp];
		}
	if (sparse && !WARN_ON(g->nsp == GV_MAX_SPARSE)) {
		g->sp_lo[g->nsp] = va;
		g->sp_hi[g->nsp++] = end;
	}
}

/* A bind (@bo < GV_BOS), sparse bind (@bo == GV_BOS) or unbind (@bo > GV_BOS). */
static int gv_call(struct gv *g, u64 va, u64 size, unsigned int bo, u64 offset, u32 flags)
{
	if (bo < GV_BOS)
		return nvgv_bind(g->vm, va, size, g->bo[bo], offset, flags);
	if (bo == GV_BOS)
		return nvgv_bind_sparse(g->vm, va, size);
	return nvgv_unbind(g->vm, va, size);
}

/*
 * A bind, sparse bind or unbind (gv_call()), the model updated on success;
 * invalidates checked. What touches a sparse range but to remove it whole
 * must be refused with -EOPNOTSUPP, writing nothing.
 */
static int gv_op(struct gv *g, u64 va, u64 size, unsigned int bo, u64 offset, u32 flags,
		 u64 seed)
{
	bool refused = sp_overlaps(g, va, va + size, bo > GV_BOS);
	int ret;

	nvt_gpu_reset_counts(g->gpu);
	ret = gv_call(g, va, size, bo, offset, flags);
	if (refused || ret == -EOPNOTSUPP) {
		KUNIT_EXPECT_EQ_MSG(g->test, ret, refused ? -EOPNOTSUPP : 0,
				    "%#llx+%#llx: sparse overlap (seed %llu)", va, size, seed);
		KUNIT_EXPECT_EQ(g->test, nvt_gpu_count(g->gpu, NVT_TLB_INVALIDATES), 0);
		return 0;
	}
	if (ret)
		return ret;
	sp_update(g, va, va + size, bo == GV_BOS);
	model_set(g, va, size, bo < GV_BOS ? g->bo[bo]->addr + offset :
			       bo == GV_BOS ? GV_SPARSE : GV_NONE, flags);
	KUNIT_EXPECT_EQ_MSG(g->test, nvt_gpu_count(g->gpu, NVT_TLB_INVALIDATES),
			    g->vm->last_steps ? 1 : 0,
			    "op on bo %u %#llx+%#llx: %u steps (seed %llu)", bo, va, size,
			    g->vm->last_steps, seed);
	return 0;
}

static int gv_do(struct gv *g, bool bind, u64 va, u64 size, unsigned int bo, u64 offset,
		 u32 flags, u64 seed)
{
	return gv_op(g, va, size, bind ? bo : GV_BOS + 1, offset, flags, seed);
}

static void gv_bind(struct gv *g, u64 va, u64 size, unsigned int bo, u64 offset, u32 flags)
{
	KUNIT_ASSERT_EQ(g->test, gv_do(g, true, GV_BASE + va, size, bo, offset, flags, 0), 0);
	gv_check(g, "bind", 0);
}

static void gv_unbind(struct gv *g, u64 va, u64 size)
{
	KUNIT_ASSERT_EQ(g->test, gv_do(g, false, GV_BASE + va, size, 0, 0, 0, 0), 0);
	gv_check(g, "unbind", 0);
}

static unsigned int gv_count(struct gv *g)
{
	struct drm_gpuva *va;
	unsigned int n = 0;

	mutex_lock(&g->vm->lock);
	drm_gpuvm_for_each_va(va, &g->vm->gpuvm)
		n++;
	mutex_unlock(&g->vm->lock);
	return n;
}

/*
 * A bind inside a 2 MiB page: the page is unmapped whole and its two ends
 * mapped again (remap prev and next), with the new range: one batch of four
 * steps, one invalidate, three drm_gpuvas.
 */
static void a_bind_inside_a_2m_page_splits_it_in_one_batch(struct kunit *test)
{
	struct gv *g = gv_new(test);

	gv_bind(g, 0, SZ_4M, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, g->vm->last_steps, 1);
	gv_bind(g, SZ_1M, SZ_256K, 2, 0, 0);
	KUNIT_EXPECT_EQ(test, g->vm->last_steps, 4);
	KUNIT_EXPECT_EQ(test, gv_count(g), 3);
}

/*
 * drm_gpuvm's keep: the same object at the same offset with the same flags
 * over an existing mapping writes nothing (no step, no invalidate); only
 * the part beyond it is mapped.
 */
static void binding_what_is_mapped_again_writes_only_the_rest(struct kunit *test)
{
	struct gv *g = gv_new(test);

	gv_bind(g, 0, SZ_4M, 0, 0, 0);
	gv_bind(g, SZ_2M, SZ_2M, 0, SZ_2M, 0);
	KUNIT_EXPECT_EQ(test, g->vm->last_steps, 0);
	gv_bind(g, SZ_2M, SZ_4M, 0, SZ_2M, 0);
	KUNIT_EXPECT_EQ(test, g->vm->last_steps, 1);
	KUNIT_EXPECT_EQ(test, gv_count(g), 2);
}

/* The same object and offset with other flags is written again. */
static void binding_it_again_read_only_rewrites_it(struct kunit *test)
{
	struct gv *g = gv_new(test);

	gv_bind(g, 0, SZ_2M, 0, 0, 0);
	gv_bind(g, 0, SZ_2M, 0, 0, VMM_MAP_READ_ONLY);
	KUNIT_EXPECT_EQ(test, g->vm->last_steps, 2);
}

/* An unbind of the middle of a mapping keeps both ends mapped. */
static void a_partial_unbind_keeps_both_ends(struct kunit *test)
{
	struct gv *g = gv_new(test);

	gv_bind(g, SZ_2M, SZ_8M, 0, 0, 0);
	gv_unbind(g, SZ_4M + SZ_64K, SZ_1M);
	KUNIT_EXPECT_EQ(test, gv_count(g), 2);
	gv_unbind(g, SZ_2M - SZ_1M, SZ_2M);
	gv_unbind(g, 0, GV_SPAN);
	KUNIT_EXPECT_EQ(test, gv_count(g), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(g->vmm, NULL, NULL), 0);
}

static void gv_sparse(struct gv *g, u64 va, u64 size)
{
	KUNIT_ASSERT_EQ(g->test, gv_op(g, GV_BASE + va, size, GV_BOS, 0, 0, 0), 0);
	gv_check(g, "sparse", 0);
}

/*
 * A sparse bind replaces mappings (reads of the range return zero), in one
 * batch; a bind over it or an unbind that would split it is refused and
 * changes nothing; an unbind that covers it clears it whole.
 */
static void sparse_binds_replace_mappings_and_leave_whole(struct kunit *test)
{
	struct gv *g = gv_new(test);

	gv_bind(g, 0, SZ_4M, 0, 0, 0);
	gv_sparse(g, SZ_1M, SZ_2M);
	KUNIT_EXPECT_EQ(test, gv_count(g), 3);
	KUNIT_EXPECT_EQ(test, gv_op(g, GV_BASE + SZ_2M, SZ_4K, 1, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, gv_op(g, GV_BASE + SZ_1M, SZ_1M, GV_BOS + 1, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, gv_op(g, GV_BASE, SZ_2M, GV_BOS, 0, 0, 0), 0);
	gv_check(g, "refused", 0);
	gv_sparse(g, SZ_8M, SZ_4M + SZ_64K);
	gv_unbind(g, 0, SZ_4M);
	gv_unbind(g, SZ_8M, SZ_8M);
	KUNIT_EXPECT_EQ(test, gv_count(g), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(g->vmm, NULL, NULL), 0);
}

/* A random range: aligned to 4 KiB, 64 KiB or 2 MiB, up to 4 MiB. */
static void rand_range(struct rnd_state *rnd, u64 *va, u64 *size)
{
	static const u64 aligns[] = { SZ_4K, SZ_64K, SZ_2M };
	u64 a = aligns[prandom_u32_state(rnd) % ARRAY_SIZE(aligns)];
	u64 n = 1 + prandom_u32_state(rnd) % (SZ_4M / a);

	*size = n * a;
	*va = (prandom_u32_state(rnd) % ((GV_SPAN - *size) / a + 1)) * a;
}

/* A bind that drm_gpuvm may merge: the object and offset a page maps. */
static bool rand_merge(struct gv *g, u64 va, u64 size, unsigned int *bo, u64 *offset)
{
	u64 addr = g->addr[va / SZ_4K];
	unsigned int i;

	for (i = 0; i < GV_BOS && addr != GV_NONE; i++)
		if (addr >= g->bo[i]->addr && addr - g->bo[i]->addr + size <= gv_bo_size[i]) {
			*bo = i;
			*offset = addr - g->bo[i]->addr;
			return true;
		}
	return false;
}

/* On a failure: what drm_gpuvm holds, and the page at each end of each. */
static void gv_dump(struct gv *g)
{
	struct vmm_mapping a = {}, b = {};
	struct drm_gpuva *va;

	mutex_lock(&g->vm->lock);
	drm_gpuvm_for_each_va(va, &g->vm->gpuvm) {
		vmm_lookup(g->vmm, va->va.addr, &a);
		vmm_lookup(g->vmm, va->va.addr + va->va.range - 1, &b);
		kunit_info(g->test, "va [%#llx, %#llx) offset %#llx flags %#x: pages %#llx+%#llx .. %#llx+%#llx",
			   va->va.addr, va->va.addr + va->va.range, va->gem.offset,
			   container_of(va, struct nvgv_va, base)->flags, a.va, a.page_size, b.va,
			   b.page_size);
	}
	mutex_unlock(&g->vm->lock);
}

static void rand_op(struct gv *g, struct rnd_state *rnd, u64 seed, unsigned int n)
{
	unsigned int bo = prandom_u32_state(rnd) % GV_BOS, r = prandom_u32_state(rnd) % 10;
	u32 flags = prandom_u32_state(rnd) % 8 ? 0 : VMM_MAP_READ_ONLY;
	u64 va, size, offset;
	int ret;

	rand_range(rnd, &va, &size);
	if (r < 3) {
		ret = gv_do(g, false, GV_BASE + va, size, 0, 0, 0, seed);
	} else if (r == 3 && g->nsp < GV_MAX_SPARSE) {
		ret = gv_op(g, GV_BASE + va, size, GV_BOS, 0, 0, seed);
	} else {
		if (r >= 6 || !rand_merge(g, va, size, &bo, &offset)) {
			size = min_t(u64, size, gv_bo_size[bo]);
			offset = round_down(prandom_u32_state(rnd) % (gv_bo_size[bo] - size + 1),
					    SZ_4K);
			if (IS_ALIGNED(va | size, SZ_2M))
				offset = round_down(offset, SZ_2M);
		}
		ret = gv_do(g, true, GV_BASE + va, size, bo, offset, flags, seed);
	}
	if (ret)
		gv_dump(g);
	KUNIT_ASSERT_EQ_MSG(g->test, ret, 0,
			    "op %u: %s [%#llx, %#llx) bo %u offset %#llx flags %#x (seed %llu)", n,
			    r < 3 ? "unbind" : r == 3 ? "sparse" : "bind", GV_BASE + va,
			    GV_BASE + va + size, bo, offset, flags, seed);
	gv_check(g, "random", seed);
}

static void random_binds_match_the_mmu_walk_and_drm_gpuvm(struct kunit *test)
{
	struct gv *g = gv_new(test);
	u64 seed = gpuvm_seed ?: get_random_u64();
	struct rnd_state rnd;
	unsigned int i;

	kunit_info(test, "seed %llu", seed);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < GV_OPS && !test->status; i++)
		rand_op(g, &rnd, seed, i);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(g->vmm, NULL, NULL), 0);
}

/* drm_gpuvm's mappings as (va, range, obj, offset), to compare. */
static unsigned int __maybe_unused gv_snapshot(struct gv *g, u64 *out, unsigned int max)
{
	struct drm_gpuva *va;
	unsigned int n = 0;

	mutex_lock(&g->vm->lock);
	drm_gpuvm_for_each_va(va, &g->vm->gpuvm) {
		if (n + 4 > max)
			break;
		out[n++] = va->va.addr;
		out[n++] = va->va.range;
		out[n++] = (uintptr_t)va->gem.obj;
		out[n++] = va->gem.offset;
	}
	mutex_unlock(&g->vm->lock);
	return n;
}

/*
 * The k-th page-table allocation of the prepare fails, for every k until
 * the bind succeeds: -ENOMEM, and neither drm_gpuvm nor any page changed.
 * The bind cuts a 2 MiB page and maps 4 KiB pages (VA and VRAM differ
 * modulo 64 KiB) into new tables.
 */
static void a_failed_prepare_changes_neither_drm_gpuvm_nor_the_tables(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct gv *g = gv_new(test);
	u64 *before = kunit_kcalloc(test, GV_SNAP, sizeof(u64), GFP_KERNEL);
	u64 *after = kunit_kcalloc(test, GV_SNAP, sizeof(u64), GFP_KERNEL);
	unsigned int k, nb, na;
	int ret = -ENOMEM;

	KUNIT_ASSERT_TRUE(test, before && after);
	gv_bind(g, 0, SZ_4M, 0, 0, 0);
	gv_bind(g, SZ_8M, SZ_2M, 1, 0, 0);
	nb = gv_snapshot(g, before, GV_SNAP);
	for (k = 1; ret == -ENOMEM && k < 64; k++) {
		current->fail_nth = k;
		ret = gv_do(g, true, GV_BASE + SZ_1M + SZ_4K, SZ_4M, 1, 0, 0, 0);
		current->fail_nth = 0;
		if (ret != -ENOMEM)
			break;
		na = gv_snapshot(g, after, GV_SNAP);
		KUNIT_EXPECT_EQ_MSG(test, na, nb, "allocation %u failed", k);
		KUNIT_EXPECT_MEMEQ_MSG(test, after, before, min(na, nb) * sizeof(u64),
				       "allocation %u failed", k);
		gv_check(g, "failed bind", k);
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GT_MSG(test, k, 2, "the bind allocated no table");
	gv_check(g, "bind", 0);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

static struct kunit_case gpuvm_cases[] = {
	KUNIT_CASE_PARAM(a_bind_inside_a_2m_page_splits_it_in_one_batch, gv_chip_gen_params),
	KUNIT_CASE_PARAM(binding_what_is_mapped_again_writes_only_the_rest, gv_chip_gen_params),
	KUNIT_CASE_PARAM(binding_it_again_read_only_rewrites_it, gv_chip_gen_params),
	KUNIT_CASE_PARAM(a_partial_unbind_keeps_both_ends, gv_chip_gen_params),
	KUNIT_CASE_PARAM(sparse_binds_replace_mappings_and_leave_whole, gv_chip_gen_params),
	KUNIT_CASE_PARAM(random_binds_match_the_mmu_walk_and_drm_gpuvm, gv_chip_gen_params),
	KUNIT_CASE_PARAM(a_failed_prepare_changes_neither_drm_gpuvm_nor_the_tables,
			 gv_chip_gen_params),
	{}
};

static struct kunit_suite gpuvm_suite = {
	.name = "nova_vmm_gpuvm",
	.test_cases = gpuvm_cases,
};

kunit_test_suite(gpuvm_suite);
