// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: randomized differential test. Sequences of map, unmap, protect,
 * sparse and lookup with random ranges, page sizes and flags, on MMU v2 and
 * v3, interleaved with prepared maps and unmaps (up to MAX_PENDING at once)
 * that are committed and freed later: the model says which calls a pending
 * operation's range makes fail with -EBUSY, and every commit must succeed.
 * After every operation the result and the state are compared between
 * (a) a simple model (per 4 KiB page: fault, sparse, or mapped to an
 * address with a page size and flags), (b) vmm_lookup() (the shadow), (c)
 * nvt_translate() (the tables in fake VRAM, by the hardware rules) and,
 * every few operations and at the end, (d) the verify walk.
 *
 * The seed is printed; nova_vmm.random_seed=N on the command line replays
 * it (nova_vmm.random_fresh=1 draws new ones; by default a fixed one per
 * chip, so that "make check" is repeatable), nova_vmm.random_ops=N changes
 * the length (make check: 10^4; make stress: 10^6 with random seeds).
 */
#include <kunit/test.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/pt_mem.h"
#include "vmm/vmm_priv.h"
#include "mm/vram.h"

static ulong random_seed;
module_param(random_seed, ulong, 0444);
MODULE_PARM_DESC(random_seed, "KUnit: seed of the randomized test (0: a fixed one per chip)");
static bool random_fresh;
module_param(random_fresh, bool, 0444);
MODULE_PARM_DESC(random_fresh, "KUnit: the randomized test draws new seeds");
static bool random_trace;
module_param(random_trace, bool, 0444);
MODULE_PARM_DESC(random_trace, "KUnit: print every randomized operation");
static uint random_ops = 10000;
module_param(random_ops, uint, 0444);
MODULE_PARM_DESC(random_ops, "KUnit: operations per randomized sequence");

#define WIN		(4ULL << 30)	/* the VA window the operations use */
#define WIN_SIZE	SZ_32M
#define PAGES		(WIN_SIZE / SZ_4K)
#define VRAM_SIZE	SZ_64M

enum page_state { P_FAULT, P_SPARSE, P_MAPPED };

struct page_model {
	u8 state;
	u8 shift;	/* page size of the mapping covering it */
	u32 flags;	/* VMM_MAP_* attributes */
	u64 addr;	/* address this 4 KiB page maps */
};

struct region {
	u64 va, size;
	bool sparse;
};

#define MAX_REGIONS	256
#define MAX_PENDING	4

/* A map's arguments. */
struct map_args {
	u64 va;
	u64 size;
	u64 addr;
	u32 req;
	u32 flags;
};

/* A prepared operation: a map (@a) or an unmap of [@a.va, + @a.size). */
struct pending {
	struct vmm_op *op;
	bool unmap;
	bool committed;
	struct map_args a;
};

struct rnd_test {
	struct kunit *test;
	struct nova_gpu *gpu;
	struct vmm *vmm;
	struct rnd_state rnd;
	struct rnd_state sample;	/* for the checks, so they never change the ops */
	u64 seed;
	unsigned int op;
	u32 page_sizes;
	struct page_model *pm;
	struct region reg[MAX_REGIONS];
	unsigned int nreg;
	struct pending pend[MAX_PENDING];
	unsigned int npend;
	unsigned int busy;	/* calls refused with -EBUSY, as the model said */
};

static u32 rnd(struct rnd_test *t, u32 n)
{
	return prandom_u32_state(&t->rnd) % n;
}

static struct page_model *pm_at(struct rnd_test *t, u64 va)
{
	return &t->pm[(va - WIN) / SZ_4K];
}

/* [a, b) is inside one sparse region, or meets none. */
static bool uniform(struct rnd_test *t, u64 a, u64 b)
{
	bool meets = false;
	unsigned int i;

	for (i = 0; i < t->nreg; i++) {
		struct region *r = &t->reg[i];

		if (!r->sparse || r->va >= b || r->va + r->size <= a)
			continue;
		if (r->va <= a && r->va + r->size >= b)
			return true;
		meets = true;
	}
	return !meets;
}

/*
 * The test's own reading of the page-size policy: the largest page the
 * alignment allows, that straddles no sparse edge (for 64 KiB pages, none
 * may cross the part of the 2 MiB entry the map covers).
 */
static u8 expect_shift(struct rnd_test *t, u64 va, u64 addr, u64 start, u64 end, u32 req)
{
	static const u8 shifts[] = { 21, 16, 12 };
	static const u32 bits[] = { BIT(2), BIT(1), BIT(0) };
	u64 e = ALIGN_DOWN(va, SZ_2M);
	u64 lo = ALIGN_DOWN(max(start, e), SZ_64K), hi = ALIGN(min(end, e + SZ_2M), SZ_64K);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		u64 s = BIT_ULL(shifts[i]), a = ALIGN_DOWN(va, s);

		if (req && !(req & bits[i]))
			continue;
		if (!(t->page_sizes & bits[i]) || a < start || a + s > end ||
		    ((a - start + addr) & (s - 1)))
			continue;
		if ((i == 0 && !uniform(t, a, a + s)) || (i == 1 && !uniform(t, lo, hi)))
			continue;
		return shifts[i];
	}
	return 12;
}

static void check_page(struct rnd_test *t, u64 va)
{
	struct page_model *p = pm_at(t, va);
	struct kunit *test = t->test;
	struct vmm_mapping m;
	struct nvt_xlate x;
	int ret = vmm_lookup(t->vmm, va, &m);

	nvt_translate(t->gpu, vmm_pdb(t->vmm), va, &x);
	if (p->state != P_MAPPED) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT, "seed %llu op %u va %#llx", t->seed, t->op,
				    va);
		KUNIT_EXPECT_EQ_MSG(test, x.state, p->state == P_SPARSE ? NVT_XLATE_SPARSE :
					  NVT_XLATE_FAULT, "seed %llu op %u va %#llx", t->seed,
				    t->op, va);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "seed %llu op %u va %#llx", t->seed, t->op, va);
	KUNIT_EXPECT_EQ_MSG(test, m.addr + (va - m.va), p->addr, "seed %llu op %u", t->seed,
			    t->op);
	KUNIT_EXPECT_EQ_MSG(test, m.page_size, BIT_ULL(p->shift), "seed %llu op %u va %#llx",
			    t->seed, t->op, va);
	KUNIT_EXPECT_EQ_MSG(test, m.flags, p->flags, "seed %llu op %u", t->seed, t->op);
	KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_MAPPED, "seed %llu op %u va %#llx",
			    t->seed, t->op, va);
	KUNIT_EXPECT_EQ_MSG(test, x.addr, p->addr, "seed %llu op %u", t->seed, t->op);
}

static void check_range(struct rnd_test *t, u64 va, u64 size)
{
	u64 v;

	for (v = va; v < va + size; v += SZ_4K)
		check_page(t, v);
	for (v = 0; v < 16; v++)
		check_page(t, WIN + (u64)(prandom_u32_state(&t->sample) % PAGES) * SZ_4K);
}

static bool range_is(struct rnd_test *t, u64 va, u64 size, u8 state)
{
	u64 v;

	for (v = va; v < va + size; v += SZ_4K)
		if (pm_at(t, v)->state != state)
			return false;
	return true;
}

static void add_region(struct rnd_test *t, u64 va, u64 size, bool sparse)
{
	if (t->nreg < MAX_REGIONS)
		t->reg[t->nreg++] = (struct region){ va, size, sparse };
}

static void drop_region(struct rnd_test *t, unsigned int i)
{
	t->reg[i] = t->reg[--t->nreg];
}

/* A prepared operation owns part of [va, va + size). */
static bool pending_overlap(struct rnd_test *t, u64 va, u64 size)
{
	unsigned int i;

	for (i = 0; i < t->npend; i++)
		if (va < t->pend[i].a.va + t->pend[i].a.size && t->pend[i].a.va < va + size)
			return true;
	return false;
}

/* Draw a map's arguments; false for a draw the test does not make. */
static bool draw_map(struct rnd_test *t, struct map_args *a)
{
	static const u32 reqs[] = { 0, 0, 0, VMM_MAP_PAGE_4K, VMM_MAP_PAGE_64K, VMM_MAP_PAGE_2M };
	u64 pages = rnd(t, 4) ? 1 + rnd(t, 64) : 1 + rnd(t, 1024);

	a->va = WIN + (u64)rnd(t, PAGES - pages) * SZ_4K;
	a->size = pages * SZ_4K;
	a->req = reqs[rnd(t, ARRAY_SIZE(reqs))];
	/* An address agreeing with the VA modulo 2 MiB most of the time. */
	a->addr = (a->va - WIN) % (VRAM_SIZE / 2) + (rnd(t, 3) ? 0 : rnd(t, 16) * SZ_4K);
	if (a->req) {
		u64 s = a->req == VMM_MAP_PAGE_64K ? SZ_64K :
			a->req == VMM_MAP_PAGE_2M ? SZ_2M : SZ_4K;

		a->va = ALIGN_DOWN(a->va, s);
		a->size = ALIGN(a->size, s);
		a->addr = ALIGN_DOWN(a->addr, s);
		/* A requested size across a sparse edge is refused: not generated. */
		if (a->va + a->size > WIN + WIN_SIZE ||
		    !uniform(t, ALIGN_DOWN(a->va, SZ_2M), ALIGN(a->va + a->size, SZ_2M)))
			return false;
	}
	a->flags = (rnd(t, 2) ? VMM_MAP_READ_ONLY : 0) | (rnd(t, 4) ? 0 : VMM_MAP_PRIVILEGED) |
		   (rnd(t, 2) ? VMM_MAP_KIND(6) : 0);
	return true;
}

static bool range_has(struct rnd_test *t, u64 va, u64 size, u8 state)
{
	u64 v;

	for (v = va; v < va + size; v += SZ_4K)
		if (pm_at(t, v)->state == state)
			return true;
	return false;
}

/* The model once @a is mapped. */
static void mapped(struct rnd_test *t, const struct map_args *a)
{
	u64 v;

	for (v = a->va; v < a->va + a->size; v += SZ_4K)
		*pm_at(t, v) = (struct page_model){ P_MAPPED,
			expect_shift(t, v, a->addr, a->va, a->va + a->size, a->req >> 8),
			a->flags, a->addr + (v - a->va) };
	add_region(t, a->va, a->size, false);
}

/* What a call on [va, va + size) must return: -EBUSY first, else @ok or @err. */
static int want(struct rnd_test *t, u64 va, u64 size, bool ok, int err)
{
	if (pending_overlap(t, va, size)) {
		t->busy++;
		return -EBUSY;
	}
	return ok ? 0 : err;
}

static void do_map(struct rnd_test *t)
{
	struct map_args a;
	int ret, w;

	if (!draw_map(t, &a))
		return;
	w = want(t, a.va, a.size, t->nreg < MAX_REGIONS && !range_has(t, a.va, a.size, P_MAPPED),
		 -EEXIST);
	ret = vmm_map(t->vmm, a.va, a.addr, a.size, a.req | a.flags);
	if (random_trace)
		kunit_info(t->test, "%u: map %#llx+%#llx -> %#llx req %#x: %d\n", t->op, a.va,
			   a.size, a.addr, a.req, ret);
	KUNIT_ASSERT_EQ_MSG(t->test, ret, w, "seed %llu op %u map %#llx+%#llx", t->seed, t->op,
			    a.va, a.size);
	if (!ret)
		mapped(t, &a);
	check_range(t, a.va, a.size);
}

static void forget(struct rnd_test *t, u64 va, u64 size, u8 state)
{
	u64 v;

	for (v = va; v < va + size; v += SZ_4K)
		*pm_at(t, v) = (struct page_model){ .state = state };
}

static bool in_sparse(struct rnd_test *t, u64 va)
{
	unsigned int i;

	for (i = 0; i < t->nreg; i++)
		if (t->reg[i].sparse && va >= t->reg[i].va && va < t->reg[i].va + t->reg[i].size)
			return true;
	return false;
}

/*
 * What [va, va + size), just unmapped, reads as now: a page returns to the
 * state of the sparse range at its first byte (a page larger than 4 KiB
 * that straddles the edge of a sparse range goes back whole, one way).
 */
static void unmapped(struct rnd_test *t, u64 va, u64 size)
{
	u64 v, s;
	u8 state;

	for (v = va; v < va + size; v += s) {
		s = BIT_ULL(pm_at(t, v)->shift);
		state = in_sparse(t, v) ? P_SPARSE : P_FAULT;
		forget(t, v, s, state);
	}
}

/* An unmap of [va, va + size) works iff every page is mapped and none is cut. */
static bool unmap_ok(struct rnd_test *t, u64 va, u64 size)
{
	bool ok = range_is(t, va, size, P_MAPPED);
	u64 v;

	for (v = va; ok && v < va + size; v += SZ_4K) {
		u64 s = BIT_ULL(pm_at(t, v)->shift);

		ok = ALIGN_DOWN(v, s) >= va && ALIGN_DOWN(v, s) + s <= va + size;
	}
	return ok;
}

static void do_unmap_range(struct rnd_test *t, u64 va, u64 size)
{
	bool busy = pending_overlap(t, va, size), ok = !busy && unmap_ok(t, va, size);
	int ret;

	t->busy += busy;
	ret = vmm_unmap(t->vmm, va, size);
	if (random_trace)
		kunit_info(t->test, "%u: unmap %#llx+%#llx: %d\n", t->op, va, size, ret);
	KUNIT_EXPECT_EQ_MSG(t->test, !ret, ok, "seed %llu op %u unmap %#llx+%#llx: %d", t->seed,
			    t->op, va, size, ret);
	if (busy)
		KUNIT_EXPECT_EQ(t->test, ret, -EBUSY);
	if (!ret)
		unmapped(t, va, size);
	check_range(t, va, size);
}

static void do_unmap_region(struct rnd_test *t, unsigned int i)
{
	struct region r = t->reg[i];

	drop_region(t, i);
	do_unmap_range(t, r.va, r.size);
}

static void do_unmap_random(struct rnd_test *t)
{
	do_unmap_range(t, WIN + (u64)rnd(t, PAGES - 16) * SZ_4K, (1 + rnd(t, 16)) * SZ_4K);
}

static void do_protect(struct rnd_test *t)
{
	unsigned int i = rnd(t, t->nreg);
	struct region r = t->reg[i];
	u32 flags = rnd(t, 2) ? VMM_MAP_READ_ONLY : 0;
	u64 v;

	if (r.sparse || !range_is(t, r.va, r.size, P_MAPPED))
		return;
	KUNIT_ASSERT_EQ_MSG(t->test, vmm_protect(t->vmm, r.va, r.size, flags),
			    want(t, r.va, r.size, true, 0), "seed %llu op %u protect", t->seed,
			    t->op);
	if (pending_overlap(t, r.va, r.size))
		return;
	for (v = r.va; v < r.va + r.size; v += SZ_4K) {
		struct page_model *p = pm_at(t, v);

		p->flags = (p->flags & ~(VMM_MAP_READ_ONLY | VMM_MAP_PRIVILEGED)) | flags;
	}
	check_range(t, r.va, r.size);
}

static void do_sparse(struct rnd_test *t)
{
	u64 size = (1 + rnd(t, 600)) * SZ_4K;
	u64 va = WIN + (u64)rnd(t, PAGES - size / SZ_4K) * SZ_4K;

	if (!range_is(t, va, size, P_FAULT) || t->nreg >= MAX_REGIONS)
		return;
	if (random_trace)
		kunit_info(t->test, "%u: sparse %#llx+%#llx\n", t->op, va, size);
	KUNIT_ASSERT_EQ_MSG(t->test, vmm_sparse(t->vmm, va, size, true),
			    want(t, va, size, true, 0), "seed %llu op %u sparse %#llx+%#llx",
			    t->seed, t->op, va, size);
	if (pending_overlap(t, va, size))
		return;
	forget(t, va, size, P_SPARSE);
	add_region(t, va, size, true);
	check_range(t, va, size);
}

static void do_unsparse(struct rnd_test *t, unsigned int i)
{
	struct region r = t->reg[i];
	bool busy = false;
	u64 v;
	int ret;

	for (v = r.va; v < r.va + r.size; v += SZ_4K)
		busy |= pm_at(t, v)->state == P_MAPPED;
	busy |= want(t, r.va, r.size, true, 0) == -EBUSY;
	ret = vmm_sparse(t->vmm, r.va, r.size, false);
	if (random_trace)
		kunit_info(t->test, "%u: unsparse %#llx+%#llx: %d\n", t->op, r.va, r.size, ret);
	KUNIT_ASSERT_EQ_MSG(t->test, ret, busy ? -EBUSY : 0, "seed %llu op %u unsparse",
			    t->seed, t->op);
	if (!busy) {
		forget(t, r.va, r.size, P_FAULT);
		drop_region(t, i);
	}
	check_range(t, r.va, r.size);
}

static void do_prepare_map(struct rnd_test *t)
{
	struct map_args a;
	struct vmm_op *op;
	int w;

	if (!draw_map(t, &a))
		return;
	w = want(t, a.va, a.size, !range_has(t, a.va, a.size, P_MAPPED), -EEXIST);
	op = vmm_map_prepare(t->vmm, a.va, a.addr, a.size, a.req | a.flags);
	if (random_trace)
		kunit_info(t->test, "%u: prepare map %#llx+%#llx: %d\n", t->op, a.va, a.size,
			   PTR_ERR_OR_ZERO(op));
	KUNIT_ASSERT_EQ_MSG(t->test, PTR_ERR_OR_ZERO(op), w, "seed %llu op %u prepare map",
			    t->seed, t->op);
	if (!IS_ERR(op))
		t->pend[t->npend++] = (struct pending){ .op = op, .a = a };
}

static void do_prepare_unmap(struct rnd_test *t)
{
	u64 va = WIN + (u64)rnd(t, PAGES - 16) * SZ_4K, size = (1 + rnd(t, 16)) * SZ_4K;
	struct vmm_op *op;
	unsigned int i;

	if (t->nreg && rnd(t, 2)) {
		i = rnd(t, t->nreg);
		va = t->reg[i].va;
		size = t->reg[i].size;
	}
	op = vmm_unmap_prepare(t->vmm, va, size);
	if (random_trace)
		kunit_info(t->test, "%u: prepare unmap %#llx+%#llx: %d\n", t->op, va, size,
			   PTR_ERR_OR_ZERO(op));
	if (want(t, va, size, true, 0) == -EBUSY)
		KUNIT_EXPECT_EQ(t->test, PTR_ERR(op), -EBUSY);
	else
		KUNIT_EXPECT_EQ_MSG(t->test, !IS_ERR(op), unmap_ok(t, va, size),
				    "seed %llu op %u prepare unmap %#llx+%#llx: %d", t->seed,
				    t->op, va, size, PTR_ERR_OR_ZERO(op));
	if (!IS_ERR(op))
		t->pend[t->npend++] = (struct pending){ .op = op, .unmap = true,
							.a = { .va = va, .size = size } };
}

/* Every commit of a prepared operation succeeds: it owns its range. */
static void do_commit(struct rnd_test *t, struct pending *p)
{
	int ret = vmm_op_commit(p->op);

	if (random_trace)
		kunit_info(t->test, "%u: commit %s %#llx: %d\n", t->op, p->unmap ? "unmap" : "map",
			   p->a.va, ret);
	KUNIT_EXPECT_EQ_MSG(t->test, ret, 0, "seed %llu op %u commit %#llx+%#llx", t->seed,
			    t->op, p->a.va, p->a.size);
	p->committed = true;
	if (ret)
		return;
	if (p->unmap)
		unmapped(t, p->a.va, p->a.size);
	else
		mapped(t, &p->a);
	check_range(t, p->a.va, p->a.size);
}

static void do_free(struct rnd_test *t, unsigned int i)
{
	vmm_op_free(t->pend[i].op);
	t->pend[i] = t->pend[--t->npend];
}

static void pending_step(struct rnd_test *t)
{
	unsigned int k = rnd(t, 6), i = t->npend ? rnd(t, t->npend) : 0;

	if (t->npend < MAX_PENDING && (k < 2 || !t->npend))
		do_prepare_map(t);
	else if (t->npend < MAX_PENDING && k == 2)
		do_prepare_unmap(t);
	else if (!t->pend[i].committed && k < 5)
		do_commit(t, &t->pend[i]);
	else
		do_free(t, i);
}

/* Commit every other pending operation, then free them all. */
static void pending_drain(struct rnd_test *t)
{
	unsigned int i;

	for (i = 0; i < t->npend && t->test->status != KUNIT_FAILURE; i += 2)
		if (!t->pend[i].committed)
			do_commit(t, &t->pend[i]);
	while (t->npend)
		do_free(t, 0);
}

static void step(struct rnd_test *t)
{
	unsigned int i, k = rnd(t, 100);

	if (k >= 80) {
		pending_step(t);
		return;
	}
	k = k * 100 / 80;

	if (k < 40 || !t->nreg) {
		do_map(t);
		return;
	}
	i = rnd(t, t->nreg);
	if (k < 65 && !t->reg[i].sparse)
		do_unmap_region(t, i);
	else if (k < 75)
		do_unmap_random(t);
	else if (k < 85)
		do_protect(t);
	else if (k < 93)
		do_sparse(t);
	else if (t->reg[i].sparse)
		do_unsparse(t, i);
}

static void put_vmm(void *vmm)
{
	vmm_put(vmm);
}

static void random_ops_agree_with_the_model(struct kunit *test)
{
	struct rnd_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct nova_pt_stats st;
	u64 avail, tables;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->pm = kunit_kcalloc(test, PAGES, sizeof(*t->pm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->pm);
	t->seed = random_fresh ? get_random_u64() :
		  random_seed ?: 0x6e6f7661ULL << 16 | *(const u32 *)test->param_value;
	prandom_seed_state(&t->rnd, t->seed);
	prandom_seed_state(&t->sample, ~t->seed);
	kunit_info(test, "seed %llu, %u operations\n", t->seed, random_ops);
	t->gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	t->page_sizes = t->gpu->chip->family->page_sizes;
	avail = nova_vram_avail(t->gpu);
	t->vmm = vmm_create(t->gpu, 0, BIT_ULL(40));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, t->vmm), 0);
	nova_pt_stats(t->gpu, &st);
	tables = st.vram_bytes;

	for (t->op = 0; t->op < random_ops; t->op++) {
		step(t);
		/* Tracing: check the whole window after every operation. */
		if (random_trace)
			check_range(t, WIN, WIN_SIZE);
		if (!(t->op % 256))
			KUNIT_ASSERT_EQ_MSG(test, nova_vmm_verify(t->vmm, NULL, NULL), 0,
					    "seed %llu op %u verify", t->seed, t->op);
		if (test->status == KUNIT_FAILURE)
			break;
	}
	pending_drain(t);
	if (test->status == KUNIT_FAILURE)
		return;
	kunit_info(test, "%u calls refused with -EBUSY by a pending operation\n", t->busy);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(t->vmm, NULL, NULL), 0);
	/* Unmap what is left, clear the sparse ranges: back to the start. */
	for (i = t->nreg; i--; )
		if (!t->reg[i].sparse && range_is(t, t->reg[i].va, t->reg[i].size, P_MAPPED))
			do_unmap_region(t, i);
	for (i = 0; i < PAGES; i++) {
		u64 s = BIT_ULL(t->pm[i].shift), va = ALIGN_DOWN(WIN + i * SZ_4K, s);

		if (t->pm[i].state != P_MAPPED)
			continue;
		KUNIT_ASSERT_EQ(test, vmm_unmap(t->vmm, va, s), 0);
		unmapped(t, va, s);
	}
	for (i = t->nreg; i--; )
		if (t->reg[i].sparse)
			do_unsparse(t, i);
	nova_pt_stats(t->gpu, &st);
	KUNIT_EXPECT_EQ(test, st.vram_bytes, tables);
	vmm_destroy(t->vmm);
	kunit_remove_action(test, put_vmm, t->vmm);
	KUNIT_EXPECT_EQ(test, nova_vram_avail(t->gpu), avail);
}

static const u32 rnd_chips[] = { NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_GH100, NV_CHIP_GB202 };

static void rnd_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(rnd_chip, rnd_chips, rnd_chip_desc);

static struct kunit_case random_test_cases[] = {
	KUNIT_CASE_PARAM(random_ops_agree_with_the_model, rnd_chip_gen_params),
	{}
};

static struct kunit_suite random_test_suite = {
	.name = "nova_vmm_random",
	.test_cases = random_test_cases,
};

kunit_test_suite(random_test_suite);
