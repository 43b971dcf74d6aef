// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: page-table entries are never seen torn (review H2). An entry is
 * two dword stores through PRAMIN, and the GPU may walk the tables between
 * them. An observer in the fake GPU translates a set of probe VAs after
 * every dword the driver stores, as such a walk would: each translation
 * must be the probe's translation before the operation, the one after it,
 * or no memory at all (fault or sparse), never a mix.
 *
 * Random maps of VRAM and of system memory above 4 GiB (so that the high
 * dword carries address bits), unmaps, protects, sparse changes and
 * batches that remap, with 2 MiB pages replacing tables. The seed is printed; nova_vmm.torn_seed=N
 * replays it.
 */
#include <kunit/test.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"

static ulong torn_seed;
module_param(torn_seed, ulong, 0444);
MODULE_PARM_DESC(torn_seed, "KUnit: seed of the torn-entry test (0: a fixed one per chip)");

#define TORN_OPS	300
#define TORN_VRAM	SZ_64M
#define WIN		BIT_ULL(30)	/* the VA window the operations use */
#define WIN_SIZE	SZ_8M
#define PROBES		10
#define MIDS		8	/* distinct new translations seen per probe */
#define MAX_MAPS	48
#define MAX_PAGES	32
#define DMA_BASE	0x1234500000ULL	/* above 2^36: high dword bits in v2 and v3 */

/**
 * struct torn - The test's state.
 * @test: The test.
 * @gpu: The fake GPU.
 * @vmm: The address space.
 * @rnd: The operations' random state.
 * @seed: Its seed.
 * @op: Operations so far.
 * @stores: Dword stores observed.
 * @probe: VAs translated after every store.
 * @before: Their translations before the operation.
 * @mid: Mapped translations seen during it that differ from @before.
 * @nmid: Entries of @mid per probe.
 * @map: VA and size of each mapping made (unmap and protect targets).
 * @nmap: Entries of @map.
 * @dma: DMA addresses of a system-memory map.
 */
struct torn {
	struct kunit *test;
	struct nova_gpu *gpu;
	struct vmm *vmm;
	struct rnd_state rnd;
	u64 seed;
	unsigned int op;
	u64 stores;
	u64 probe[PROBES];
	struct nvt_xlate before[PROBES];
	struct nvt_xlate mid[PROBES][MIDS];
	unsigned int nmid[PROBES];
	struct {
		u64 va;
		u64 size;
	} map[MAX_MAPS];
	unsigned int nmap;
	dma_addr_t dma[MAX_PAGES];
};

static u32 rnd(struct torn *t, u32 n)
{
	return prandom_u32_state(&t->rnd) % n;
}

/* Both reach the same memory, or neither reaches any. */
static bool same(const struct nvt_xlate *a, const struct nvt_xlate *b)
{
	if (a->state != NVT_XLATE_MAPPED || b->state != NVT_XLATE_MAPPED)
		return a->state != NVT_XLATE_MAPPED && b->state != NVT_XLATE_MAPPED;
	return a->addr == b->addr && a->aperture == b->aperture;
}

static void xlate(struct torn *t, u64 va, struct nvt_xlate *x)
{
	nvt_translate(t->gpu, vmm_pdb(t->vmm), va, x);
}

/* After every store: note each probe's new translation. */
static void torn_observe(void *ctx, u64 addr)
{
	struct torn *t = ctx;
	struct nvt_xlate x;
	unsigned int i, k;

	t->stores++;
	for (i = 0; i < PROBES; i++) {
		xlate(t, t->probe[i], &x);
		if (same(&x, &t->before[i]))
			continue;
		for (k = 0; k < t->nmid[i] && !same(&x, &t->mid[i][k]); k++)
			;
		if (k == t->nmid[i] && k < MIDS)
			t->mid[i][t->nmid[i]++] = x;
	}
}

static void probes_set(struct torn *t, u64 va, u64 size)
{
	unsigned int i;

	t->probe[0] = va;
	t->probe[1] = va + size - SZ_4K;
	t->probe[2] = va > WIN ? va - SZ_4K : va;
	t->probe[3] = va + size < WIN + WIN_SIZE ? va + size : va;
	for (i = 4; i < PROBES; i++)
		t->probe[i] = va + (u64)rnd(t, size / SZ_4K) * SZ_4K;
	for (i = 0; i < PROBES; i++) {
		xlate(t, t->probe[i], &t->before[i]);
		t->nmid[i] = 0;
	}
	nvt_gpu_set_observer(t->gpu, torn_observe, t);
}

/*
 * Every new translation seen during the operation is the one it left, or,
 * if @gap (a batch that unmaps, then maps again), no memory: an entry
 * whose high dword changes passes through invalid on its way.
 */
static void probes_check(struct torn *t, const char *what, bool gap)
{
	struct nvt_xlate after, *mid;
	unsigned int i, k;

	nvt_gpu_set_observer(t->gpu, NULL, NULL);
	for (i = 0; i < PROBES; i++) {
		xlate(t, t->probe[i], &after);
		for (k = 0; k < t->nmid[i]; k++) {
			mid = &t->mid[i][k];
			KUNIT_EXPECT_TRUE_MSG(t->test, same(mid, &after) ||
					      (gap && mid->state != NVT_XLATE_MAPPED),
					      "seed %llu op %u %s: va %#llx seen at %#llx (aperture %u), before %#llx, after %#llx",
					      t->seed, t->op, what, t->probe[i], mid->addr,
					      mid->aperture, t->before[i].addr, after.addr);
		}
	}
}

static void remember(struct torn *t, u64 va, u64 size)
{
	if (t->nmap < MAX_MAPS)
		t->map[t->nmap++] = (typeof(t->map[0])){ va, size };
}

static void do_map(struct torn *t)
{
	static const u32 sizes[] = { 0, 0, VMM_MAP_PAGE_4K, VMM_MAP_PAGE_64K, VMM_MAP_PAGE_2M };
	u32 req = sizes[rnd(t, ARRAY_SIZE(sizes))], pages = 1 + rnd(t, MAX_PAGES), i;
	u64 align = req == VMM_MAP_PAGE_2M ? SZ_2M : req == VMM_MAP_PAGE_64K ? SZ_64K : SZ_4K;
	u64 size = ALIGN((u64)pages * SZ_4K, align), addr;
	u64 va = ALIGN_DOWN(WIN + (u64)rnd(t, (WIN_SIZE - size) / SZ_4K) * SZ_4K, align);
	bool sys = !req && rnd(t, 2);
	int ret;

	addr = ALIGN_DOWN((u64)rnd(t, TORN_VRAM / 2 / SZ_4K) * SZ_4K, align);
	for (i = 0; i < pages; i++)
		t->dma[i] = DMA_BASE + (u64)rnd(t, 1 << 20) * SZ_4K;
	probes_set(t, va, size);
	ret = sys ? vmm_map_dma(t->vmm, va, t->dma, pages, rnd(t, 2) ? VMM_MAP_READ_ONLY : 0) :
	      vmm_map(t->vmm, va, addr, size, req | VMM_MAP_KIND(rnd(t, 2) ? 6 : 0));
	probes_check(t, sys ? "map system memory" : "map", false);
	/* -EINVAL: a requested page size across the edge of a sparse range. */
	KUNIT_EXPECT_TRUE_MSG(t->test, !ret || ret == -EEXIST || (req && ret == -EINVAL),
			      "seed %llu op %u map: %d", t->seed, t->op, ret);
	if (!ret)
		remember(t, va, sys ? (u64)pages * SZ_4K : size);
}

static void do_on_mapping(struct torn *t)
{
	unsigned int i = rnd(t, t->nmap);
	u64 va = t->map[i].va, size = t->map[i].size;
	bool unmap = rnd(t, 3);
	int ret;

	probes_set(t, va, size);
	ret = unmap ? vmm_unmap(t->vmm, va, size) :
	      vmm_protect(t->vmm, va, size, rnd(t, 2) ? VMM_MAP_READ_ONLY : 0);
	probes_check(t, unmap ? "unmap" : "protect", false);
	KUNIT_EXPECT_EQ_MSG(t->test, ret, 0, "seed %llu op %u %s", t->seed, t->op,
			    unmap ? "unmap" : "protect");
	if (unmap)
		t->map[i] = t->map[--t->nmap];
}

static void do_sparse(struct torn *t)
{
	u64 size = (1 + rnd(t, 600)) * SZ_4K;
	u64 va = WIN + (u64)rnd(t, (WIN_SIZE - size) / SZ_4K) * SZ_4K;
	bool on = rnd(t, 2);
	int ret;

	probes_set(t, va, size);
	ret = vmm_sparse(t->vmm, va, size, on);
	probes_check(t, on ? "sparse" : "clear sparse", false);
	KUNIT_EXPECT_TRUE_MSG(t->test, ret != -ETIMEDOUT && ret != -EIO && ret != -ENODEV,
			      "seed %llu op %u sparse: %d", t->seed, t->op, ret);
}

/*
 * A batch that unmaps a mapping and maps its VA again elsewhere, kind
 * changed half the time (the kind is in the high dword): the batch writes
 * each table once (DOC: Batches), so a valid entry turns straight into
 * another valid one, whose high dword may differ.
 */
static void do_remap(struct torn *t)
{
	unsigned int i = rnd(t, t->nmap);
	u64 va = t->map[i].va, size = t->map[i].size;
	u64 addr = ALIGN_DOWN((u64)rnd(t, TORN_VRAM / 2 / SZ_4K) * SZ_4K, SZ_2M);
	struct vmm_op *op = vmm_op_create(t->vmm);
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, op);
	ret = vmm_op_add_unmap(op, va, size) ?:
	      vmm_op_add_map(op, va, addr, size, VMM_MAP_KIND(rnd(t, 2) ? 6 : 0)) ?:
	      vmm_op_prepare(op);
	KUNIT_EXPECT_EQ_MSG(t->test, ret, 0, "seed %llu op %u remap prepare", t->seed, t->op);
	probes_set(t, va, size);
	if (!ret)
		ret = vmm_op_commit(op);
	probes_check(t, "remap", true);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ_MSG(t->test, ret, 0, "seed %llu op %u remap", t->seed, t->op);
}

static void entries_are_never_seen_torn(struct kunit *test)
{
	struct torn *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	unsigned int k;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->seed = torn_seed ?: 0x746f726eULL << 16 | *(const u32 *)test->param_value;
	prandom_seed_state(&t->rnd, t->seed);
	kunit_info(test, "seed %llu, %u operations\n", t->seed, TORN_OPS);
	t->gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, TORN_VRAM);
	t->vmm = nvt_vmm_create(test, t->gpu, 0, BIT_ULL(40));
	for (t->op = 0; t->op < TORN_OPS && test->status != KUNIT_FAILURE; t->op++) {
		k = rnd(t, 100);
		if (k < 45 || !t->nmap)
			do_map(t);
		else if (k < 75)
			do_on_mapping(t);
		else if (k < 85)
			do_remap(t);
		else
			do_sparse(t);
	}
	kunit_info(test, "%llu stores observed, %u probes each\n", t->stores, PROBES);
	KUNIT_EXPECT_GT(test, t->stores, 1000);
}

static const u32 torn_chips[] = { NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_GH100, NV_CHIP_GB202 };

static void torn_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(torn_chip, torn_chips, torn_chip_desc);

static struct kunit_case torn_test_cases[] = {
	KUNIT_CASE_PARAM(entries_are_never_seen_torn, torn_chip_gen_params),
	{}
};

static struct kunit_suite torn_test_suite = {
	.name = "nova_vmm_torn",
	.test_cases = torn_test_cases,
};

kunit_test_suite(torn_test_suite);
