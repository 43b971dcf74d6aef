// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: page-size choice (vmm/page_size.c), against a brute-force
 * reference over random ranges, skews, allowed sizes and sparse edges, and
 * against the properties every choice must have: the page lies inside the
 * range, is allowed, aligned and straddles no sparse edge.
 *
 * The seed is printed; nova_vmm.page_seed=N replays a run.
 */
#include <kunit/test.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/sizes.h>

#include "fmt/pt_fmt.h"
#include "vmm/page_size.h"

static ulong page_seed;
module_param(page_seed, ulong, 0444);
MODULE_PARM_DESC(page_seed, "KUnit: seed of the page-size test (0: a fixed one per format)");

#define PS_RUNS		3000
#define PS_EDGES	4
#define PS_SAMPLES	64

static const struct nova_pt_fmt *const ps_fmts[] = { &nova_pt_fmt_v2, &nova_pt_fmt_v3 };

static void ps_fmt_desc(const struct nova_pt_fmt *const *f, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", (*f)->name);
}

KUNIT_ARRAY_PARAM(ps_fmt, ps_fmts, ps_fmt_desc);

/* Sparse edges: the VAs where a sparse range starts or ends. */
struct ps_edges {
	unsigned int n;
	u64 e[PS_EDGES];
};

/* An edge strictly inside (a, b), found by looking at every one. */
static bool edges_uniform(void *ctx, u64 a, u64 b)
{
	const struct ps_edges *ed = ctx;
	unsigned int i;

	for (i = 0; i < ed->n; i++)
		if (ed->e[i] > a && ed->e[i] < b)
			return false;
	return true;
}

static u64 ps_bytes(const struct nova_pt_fmt *fmt, enum nova_page_size ps)
{
	return BIT_ULL(fmt->pages[ps].shift);
}

/* Does any edge lie strictly inside (a, b)? Looks at each one. */
static bool ref_edge_inside(const struct nova_page_query *q, u64 a, u64 b)
{
	const struct ps_edges *ed = q->ctx;
	unsigned int i;

	for (i = 0; i < ed->n; i++)
		if (ed->e[i] > a && ed->e[i] < b)
			return true;
	return false;
}

/* Brute force, a huge page: its block, the range's 4 KiB pages, no edge inside. */
static bool ref_huge(const struct nova_page_query *q, enum nova_page_size ps, u64 va)
{
	u64 size = ps_bytes(q->fmt, ps), block = va - va % size;

	if (!(q->sizes & BIT(ps)) || q->skew % size)
		return false;
	/* The first and last 4 KiB page of the block are in the range. */
	if (block < q->start || block + size - SZ_4K >= q->end)
		return false;
	return !ref_edge_inside(q, block, block + size);
}

/* Brute force, 64 KiB: list the 64 KiB blocks of the range in @va's 2 MiB entry. */
static bool ref_big(const struct nova_page_query *q, u64 va)
{
	u64 entry = BIT_ULL(q->fmt->lvl[NOVA_PT_DUAL].shift), big = ps_bytes(q->fmt, NOVA_PAGE_64K);
	u64 e0 = va - va % entry, x, lo = U64_MAX, hi = 0;
	bool mine = false;

	if (!(q->sizes & BIT(NOVA_PAGE_64K)) || q->skew % big)
		return false;
	for (x = e0; x < e0 + entry; x += big) {
		if (x + big <= q->start || x >= q->end)
			continue;
		/* Touched by the range: part of the rounded-out span. */
		lo = min(lo, x);
		hi = max(hi, x + big);
		mine |= x >= q->start && x + big <= q->end && va >= x && va < x + big;
	}
	return mine && !ref_edge_inside(q, lo, hi);
}

static enum nova_page_size ref_pick(const struct nova_page_query *q, u64 va)
{
	int ps;

	for (ps = NOVA_PAGE_SIZES - 1; ps > NOVA_PAGE_64K; ps--)
		if (ref_huge(q, ps, va))
			return ps;
	return ref_big(q, va) ? NOVA_PAGE_64K : NOVA_PAGE_4K;
}

/* The properties, whatever the rule: inside, allowed, aligned, no edge inside. */
static void check_props(struct kunit *test, const struct nova_page_query *q, u64 va,
			enum nova_page_size ps)
{
	u64 size = ps_bytes(q->fmt, ps), block = va - va % size;

	KUNIT_EXPECT_GE(test, block, q->start);
	KUNIT_EXPECT_LE(test, block + size, q->end);
	KUNIT_EXPECT_EQ(test, q->skew % size, 0);
	if (ps != NOVA_PAGE_4K) {
		KUNIT_EXPECT_TRUE(test, q->sizes & BIT(ps));
		KUNIT_EXPECT_TRUE(test, edges_uniform(q->ctx, block, block + size));
	}
}

static u64 rnd(struct rnd_state *r, u64 n)
{
	return n ? ((u64)prandom_u32_state(r) << 32 | prandom_u32_state(r)) % n : 0;
}

/* A range at a random scale, up to a few entries of a random level. */
static void random_query(struct rnd_state *r, const struct nova_pt_fmt *fmt,
			 struct nova_page_query *q, struct ps_edges *ed)
{
	u64 scale = BIT_ULL(fmt->pages[rnd(r, NOVA_PAGE_SIZES)].shift);
	u64 base = 4 * scale * (1 + rnd(r, 4)), len, span;
	unsigned int i;

	/* Start and length near multiples of the scale, or anywhere. */
	q->start = base + (rnd(r, 2) ? rnd(r, 2) * scale : rnd(r, scale / SZ_4K) * SZ_4K);
	len = rnd(r, 3) * scale + (rnd(r, 2) ? 0 : rnd(r, scale / SZ_4K) * SZ_4K);
	q->end = q->start + max_t(u64, len, SZ_4K);
	q->fmt = fmt;
	q->sizes = (u32)rnd(r, BIT(NOVA_PAGE_SIZES)) | BIT(NOVA_PAGE_4K);
	q->skew = rnd(r, 2) ? 0 : BIT_ULL(12 + rnd(r, 30));
	/* Edges anywhere from one scale before the range to one after it. */
	span = (q->end - q->start + 2 * scale) / SZ_4K;
	ed->n = rnd(r, PS_EDGES + 1);
	for (i = 0; i < ed->n; i++)
		ed->e[i] = q->start - scale + rnd(r, span) * SZ_4K;
	q->uniform = edges_uniform;
	q->ctx = ed;
}

/* VAs worth asking about: the ends, the edges, and random ones. */
static u64 sample_va(struct rnd_state *r, const struct nova_page_query *q, unsigned int k)
{
	const struct ps_edges *ed = q->ctx;
	u64 pages = (q->end - q->start) / SZ_4K, va;

	if (k == 0)
		return q->start;
	if (k == 1)
		return q->end - SZ_4K;
	va = k - 2 < ed->n ? ed->e[k - 2] : q->start + rnd(r, pages) * SZ_4K;
	return clamp(va, q->start, q->end - SZ_4K);
}

static void pick_agrees_with_brute_force_and_keeps_every_rule(struct kunit *test)
{
	const struct nova_pt_fmt *fmt = *(const struct nova_pt_fmt *const *)test->param_value;
	u64 seed = page_seed ?: 0x7067ULL << 16 | (fmt == &nova_pt_fmt_v3);
	unsigned int run, k, picks[NOVA_PAGE_SIZES] = { };
	struct nova_page_query q;
	struct ps_edges ed;
	struct rnd_state r;

	kunit_info(test, "seed %llu, %u ranges, %u VAs each", seed, PS_RUNS, PS_SAMPLES);
	prandom_seed_state(&r, seed);
	for (run = 0; run < PS_RUNS; run++) {
		random_query(&r, fmt, &q, &ed);
		for (k = 0; k < PS_SAMPLES; k++) {
			u64 va = sample_va(&r, &q, k);
			enum nova_page_size ps = nova_page_pick(&q, va);

			KUNIT_ASSERT_EQ_MSG(test, ps, ref_pick(&q, va),
					    "range %#llx-%#llx va %#llx sizes %#x skew %#llx edges %u",
					    q.start, q.end, va, q.sizes, q.skew, ed.n);
			check_props(test, &q, va, ps);
			picks[ps]++;
		}
	}
	/* The inputs reached every size the format has. */
	for (k = 0; k < NOVA_PAGE_SIZES; k++)
		KUNIT_EXPECT_GT_MSG(test, picks[k], 0, "page size %u never picked", k);
}

static void sparse_edge_inside_a_block_gives_the_smaller_page(struct kunit *test)
{
	const struct nova_pt_fmt *fmt = *(const struct nova_pt_fmt *const *)test->param_value;
	struct ps_edges ed = { .n = 1, .e = { SZ_1G + SZ_2M + SZ_64K } };
	struct nova_page_query q = {
		.fmt = fmt, .sizes = BIT(NOVA_PAGE_64K) | BIT(NOVA_PAGE_2M), .start = SZ_1G,
		.end = SZ_1G + 3 * SZ_2M, .uniform = edges_uniform, .ctx = &ed,
	};

	KUNIT_EXPECT_EQ(test, nova_page_pick(&q, SZ_1G), NOVA_PAGE_2M);
	/* The edge is inside the second 2 MiB: no 64 KiB page in that entry either. */
	KUNIT_EXPECT_EQ(test, nova_page_pick(&q, SZ_1G + SZ_2M), NOVA_PAGE_4K);
	KUNIT_EXPECT_EQ(test, nova_page_pick(&q, SZ_1G + 2 * SZ_2M), NOVA_PAGE_2M);
	q.skew = SZ_64K;
	KUNIT_EXPECT_EQ(test, nova_page_pick(&q, SZ_1G), NOVA_PAGE_64K);
	q.skew = SZ_4K;
	KUNIT_EXPECT_EQ(test, nova_page_pick(&q, SZ_1G), NOVA_PAGE_4K);
}

static struct kunit_case page_size_test_cases[] = {
	KUNIT_CASE_PARAM(pick_agrees_with_brute_force_and_keeps_every_rule, ps_fmt_gen_params),
	KUNIT_CASE_PARAM(sparse_edge_inside_a_block_gives_the_smaller_page, ps_fmt_gen_params),
	{}
};

static struct kunit_suite page_size_test_suite = {
	.name = "nova_vmm_page_size",
	.test_cases = page_size_test_cases,
};

kunit_test_suite(page_size_test_suite);
