// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the walker (mm/walk.c) on hand-built shadow trees: it descends by
 * itself, calls the post-descend hook after the children and only then,
 * visits a dual PDE once with both halves, hands runs routed alike to one
 * leaf call, and walks the tables a plan will create as NULL.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "fmt/pt_fmt.h"
#include "mm/node.h"
#include "mm/walk.h"

#define TW_RECS		256

static const struct nova_pt_fmt *const tw_fmts[] = { &nova_pt_fmt_v2, &nova_pt_fmt_v3 };

static void tw_fmt_desc(const struct nova_pt_fmt *const *f, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", (*f)->name);
}

KUNIT_ARRAY_PARAM(tw_fmt, tw_fmts, tw_fmt_desc);

/* One callback the walk made. */
struct tw_rec {
	char what;	/* 'e'nter, 'l'eaf, 'L'eave */
	u8 level;
	bool big;
	bool null;
	u32 idx;
	u32 count;
	u64 va;
};

/* A recording walk; how it answers is set by each test. */
struct tw {
	struct nova_walk w;
	struct tw_rec r[TW_RECS];
	unsigned int n;
	u8 skip_level;		/* ->enter skips entries at this level (0: none) */
	int route;		/* ->route's answer outside [lo, hi) */
	u64 lo;			/* ->route: NOVA_WALK_BIG in [lo, hi) */
	u64 hi;
	u64 fail_va;		/* ->route fails with -EINVAL from here (0: never) */
};

static void tw_log(struct tw *t, struct tw_rec r)
{
	if (t->n < TW_RECS)
		t->r[t->n++] = r;
}

static int tw_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct tw *t = container_of(w, struct tw, w);

	tw_log(t, (struct tw_rec){ 'e', e->level, false, !e->node, e->idx, 0, e->va });
	return e->level == t->skip_level ? NOVA_WALK_SKIP : 0;
}

static int tw_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	struct tw *t = container_of(w, struct tw, w);

	if (t->fail_va && va >= t->fail_va)
		return -EINVAL;
	return va >= t->lo && va < t->hi ? NOVA_WALK_BIG : t->route;
}

static int tw_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx, u32 count,
		   u64 va)
{
	tw_log(container_of(w, struct tw, w), (struct tw_rec){ 'l', 0, big, !pt, idx, count, va });
	return 0;
}

static int tw_leave(struct nova_walk *w, struct nova_walk_entry *e)
{
	tw_log(container_of(w, struct tw, w),
	       (struct tw_rec){ 'L', e->level, false, !e->node, e->idx, 0, e->va });
	return 0;
}

static const struct nova_walk_ops tw_ops = {
	.enter = tw_enter,
	.route = tw_route,
	.leaf = tw_leaf,
	.leave = tw_leave,
};

static struct tw *tw_new(struct kunit *test)
{
	const struct nova_pt_fmt *const *f = test->param_value;
	struct tw *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->w = (struct nova_walk){ &tw_ops, *f };
	t->route = NOVA_WALK_SMALL;
	return t;
}

static struct nova_node *tw_node(struct kunit *test, const struct nova_pt_fmt *fmt, u8 level,
				 bool big)
{
	struct nova_node *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, n);
	n->level = level;
	n->big = big;
	n->nq = nova_node_qwords(nova_node_desc(fmt, level, big));
	n->e = kunit_kcalloc(test, n->nq, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n->e);
	if (!level)
		return n;
	n->child = kunit_kcalloc(test, n->nq, sizeof(*n->child), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n->child);
	return n;
}

/* The tables from @root down to the dual PDE of @va, made where missing. */
static struct nova_node *tw_path(struct kunit *test, const struct nova_pt_fmt *fmt,
				 struct nova_node *root, u64 va)
{
	struct nova_node *n = root;
	u32 idx;
	u8 l;

	for (l = fmt->root; l > NOVA_PT_DUAL; l--) {
		idx = nova_pt_index(&fmt->lvl[l], va);
		if (!n->child[idx])
			n->child[idx] = tw_node(test, fmt, l - 1, false);
		n = n->child[idx];
	}
	return n;
}

/* Both page tables under the dual PDE of @va. */
static void tw_halves(struct kunit *test, const struct nova_pt_fmt *fmt,
		      struct nova_node *root, u64 va)
{
	struct nova_node *pd0 = tw_path(test, fmt, root, va);
	u32 idx = nova_pt_index(&fmt->lvl[NOVA_PT_DUAL], va);

	pd0->child[2 * idx] = tw_node(test, fmt, 0, true);
	pd0->child[2 * idx + 1] = tw_node(test, fmt, 0, false);
}

static unsigned int tw_count(const struct tw *t, char what)
{
	unsigned int i, n = 0;

	for (i = 0; i < t->n; i++)
		n += t->r[i].what == what;
	return n;
}

static void walk_descends_itself_and_leaves_after_the_children(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);
	u64 va = SZ_2M + SZ_8K;
	unsigned int levels = fmt->root, i;

	tw_halves(test, fmt, root, va);
	KUNIT_ASSERT_EQ(test, nova_walk(&t->w, root, va, va + SZ_8K), 0);
	/* enter root .. PD0, one leaf, leave PD0 .. root. */
	KUNIT_ASSERT_EQ(test, t->n, 2 * levels + 1);
	for (i = 0; i < levels; i++) {
		KUNIT_EXPECT_EQ(test, t->r[i].what, 'e');
		KUNIT_EXPECT_EQ(test, t->r[i].level, fmt->root - i);
		KUNIT_EXPECT_FALSE(test, t->r[i].null);
		KUNIT_EXPECT_EQ(test, t->r[levels + 1 + i].what, 'L');
		KUNIT_EXPECT_EQ(test, t->r[levels + 1 + i].level, NOVA_PT_DUAL + i);
	}
	KUNIT_EXPECT_EQ(test, t->r[levels].what, 'l');
	KUNIT_EXPECT_FALSE(test, t->r[levels].big);
	KUNIT_EXPECT_EQ(test, t->r[levels].idx, nova_pt_index(&fmt->lvl[0], va));
	KUNIT_EXPECT_EQ(test, t->r[levels].count, 2);
	KUNIT_EXPECT_EQ(test, t->r[levels].va, va);
}

static void skipped_entries_are_neither_descended_nor_left(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);

	tw_halves(test, fmt, root, 0);
	t->skip_level = NOVA_PT_DUAL + 1;
	KUNIT_ASSERT_EQ(test, nova_walk(&t->w, root, 0, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, tw_count(t, 'l'), 0);
	KUNIT_EXPECT_EQ(test, tw_count(t, 'e'), fmt->root - NOVA_PT_DUAL);
	/* Left: every level above the skipped one. */
	KUNIT_EXPECT_EQ(test, tw_count(t, 'L'), fmt->root - NOVA_PT_DUAL - 1);
}

/* The leaf calls, in order, after the enters of one dual PDE walk. */
static const struct tw_rec *tw_leaves(struct kunit *test, struct tw *t, unsigned int *n)
{
	unsigned int first = t->w.fmt->root;

	*n = tw_count(t, 'l');
	KUNIT_ASSERT_GE(test, t->n, first + *n);
	return &t->r[first];
}

static void a_dual_pde_is_visited_once_and_runs_routed_alike_are_one_leaf_call(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);
	const struct tw_rec *l;
	unsigned int n;

	tw_halves(test, fmt, root, 0);
	t->lo = SZ_64K * 2;
	t->hi = SZ_64K * 6;
	KUNIT_ASSERT_EQ(test, nova_walk(&t->w, root, SZ_4K, SZ_1M + SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, tw_count(t, 'e'), fmt->root);
	l = tw_leaves(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_FALSE(test, l[0].big);
	KUNIT_EXPECT_EQ(test, l[0].va, SZ_4K);
	KUNIT_EXPECT_EQ(test, l[0].count, (t->lo - SZ_4K) / SZ_4K);
	KUNIT_EXPECT_TRUE(test, l[1].big);
	KUNIT_EXPECT_EQ(test, l[1].va, t->lo);
	KUNIT_EXPECT_EQ(test, l[1].idx, 2);
	KUNIT_EXPECT_EQ(test, l[1].count, 4);
	KUNIT_EXPECT_FALSE(test, l[2].big);
	KUNIT_EXPECT_EQ(test, l[2].va, t->hi);
	KUNIT_EXPECT_EQ(test, l[2].count, (SZ_1M + SZ_4K - t->hi) / SZ_4K);
}

static void a_chunk_routed_to_both_halves_visits_big_then_small_first(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);
	const struct tw_rec *l;
	unsigned int n, i;

	tw_halves(test, fmt, root, 0);
	t->route = NOVA_WALK_BIG | NOVA_WALK_SMALL;
	KUNIT_ASSERT_EQ(test, nova_walk(&t->w, root, 0, 3 * SZ_64K), 0);
	l = tw_leaves(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 6);
	for (i = 0; i < 6; i++) {
		KUNIT_EXPECT_EQ(test, l[i].big, !(i & 1));
		KUNIT_EXPECT_EQ(test, l[i].va, (u64)(i / 2) * SZ_64K);
		KUNIT_EXPECT_EQ(test, l[i].count, l[i].big ? 1 : SZ_64K / SZ_4K);
	}
}

static void a_route_error_ends_the_walk_after_the_chunks_before_it(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);
	const struct tw_rec *l;
	unsigned int n;

	tw_halves(test, fmt, root, 0);
	t->fail_va = 3 * SZ_64K;
	KUNIT_EXPECT_EQ(test, nova_walk(&t->w, root, 0, SZ_2M), -EINVAL);
	l = tw_leaves(test, t, &n);
	KUNIT_ASSERT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, l[0].va, 0);
	KUNIT_EXPECT_EQ(test, l[0].count, 3 * SZ_64K / SZ_4K);
	KUNIT_EXPECT_EQ(test, tw_count(t, 'L'), 0);
}

static void missing_tables_are_walked_as_null_for_a_plan(struct kunit *test)
{
	struct tw *t = tw_new(test);
	const struct nova_pt_fmt *fmt = t->w.fmt;
	struct nova_node *root = tw_node(test, fmt, fmt->root, false);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, nova_walk(&t->w, root, SZ_2M - SZ_4K, SZ_2M + SZ_4K), 0);
	/* Two dual PDEs, one page in each, below tables that do not exist. */
	KUNIT_EXPECT_EQ(test, tw_count(t, 'l'), 2);
	for (i = 0; i < t->n; i++) {
		KUNIT_EXPECT_EQ(test, t->r[i].null, t->r[i].level != fmt->root);
		if (t->r[i].what == 'l')
			KUNIT_EXPECT_EQ(test, t->r[i].count, 1);
	}
}

static struct kunit_case walk_test_cases[] = {
	KUNIT_CASE_PARAM(walk_descends_itself_and_leaves_after_the_children, tw_fmt_gen_params),
	KUNIT_CASE_PARAM(skipped_entries_are_neither_descended_nor_left, tw_fmt_gen_params),
	KUNIT_CASE_PARAM(a_dual_pde_is_visited_once_and_runs_routed_alike_are_one_leaf_call,
			 tw_fmt_gen_params),
	KUNIT_CASE_PARAM(a_chunk_routed_to_both_halves_visits_big_then_small_first,
			 tw_fmt_gen_params),
	KUNIT_CASE_PARAM(a_route_error_ends_the_walk_after_the_chunks_before_it,
			 tw_fmt_gen_params),
	KUNIT_CASE_PARAM(missing_tables_are_walked_as_null_for_a_plan, tw_fmt_gen_params),
	{}
};

static struct kunit_suite walk_test_suite = {
	.name = "nova_vmm_walk",
	.test_cases = walk_test_cases,
};

kunit_test_suite(walk_test_suite);
