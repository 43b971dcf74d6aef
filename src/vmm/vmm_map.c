// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Map, unmap, lookup
 *
 * A map runs in two passes of the walker over the shadow tree, each with its
 * own callbacks (map_plan_ops, map_commit_ops):
 *
 * * plan, under the page-table lock: checks that nothing is mapped in the
 *   range (-EEXIST) and counts the tables to create, walking the tables
 *   that do not exist yet as NULL nodes;
 * * then, with no lock but the operation lock, the tables are allocated
 *   (VRAM and shadow), so that
 * * commit, under the page-table lock, allocates nothing: it writes the
 *   entries into the shadow, writes each table whose subtree is complete in
 *   one pass (a new table whole, never zeroed first) and only then its
 *   parent entry, and ends with one TLB invalidate.
 *
 * Page sizes: nova_page_pick() (DOC: Page sizes, page_size.c) decides, at
 * each directory entry the walk reaches, whether a page of that entry's size
 * goes there, and at PD0 which part goes to the big-page table and which to
 * the 4 KiB table. The sizes allowed are those the chip maps, or the one the
 * caller asked for. A 64 KiB PTE that is zero lets the MMU use the 4 KiB
 * table under it.
 *
 * Unmap and permission changes are in vmm_range.c.
 */
#include <linux/align.h>
#include <linux/dma-fence.h>
#include <linux/lockdep.h>
#include <linux/maple_tree.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "io/gpu.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"
#include "mm/node.h"
#include "io/tlb.h"
#include "io/trace.h"
#include "vmm/page_size.h"
#include "vmm/vmm_priv.h"
#include "mm/walk.h"

/**
 * struct map_op - A map, or a range being made sparse.
 * @w: The walk; its callbacks are map_plan_ops, then map_commit_ops.
 * @vmm: Address space.
 * @va: First VA.
 * @end: End of the range (exclusive).
 * @addr: Address @va maps to, the rest following it; unless @dma.
 * @dma: Or one address per 4 KiB page of the range.
 * @flags: The caller's VMM_MAP_* flags, for the trace event.
 * @sparse: Make the range sparse instead of mapping it.
 * @reserved: Its range is in &vmm.busy (map_prepare() to map_release()).
 * @sizes: BIT() of each page size the map may use.
 * @q: The query nova_page_pick() answers for this range.
 * @used: BIT() of each page size the commit wrote, for the trace event.
 * @pte: The PTE's attributes; the commit sets @pte.addr page by page.
 * @lo: The dual PDE the walk is in (->enter to ->leave): its 64 KiB pages
 *      are [@lo, @hi), its 4 KiB pages the rest (dual_split()).
 * @hi: See @lo.
 * @need: Tables the plan counted, per kind (NOVA_PT_STAT_*).
 * @pool: Tables allocated for @need, per kind, taken by the commit.
 * @have: Tables in @pool, per kind.
 * @pending: Tables a huge page replaced, freed after the commit's
 *           invalidate (map_release()).
 * @owner: Whose reservation the range is: the operation, or its batch.
 * @vacated: A step of a batch, while it is planned at prepare: true if
 *           earlier steps unmap all of [a, b), so that what is mapped there
 *           now is no obstacle. NULL otherwise, and at commit, when the
 *           earlier steps are done.
 * @vctx: @vacated's and @replaced's first argument.
 * @replaced: A step of a batch, while it is planned at prepare: true if
 *            [a, b) lies inside the range of an earlier step that makes it
 *            sparse, so that a table spanning it now will be gone. NULL
 *            otherwise.
 * @marks: A step of a batch, while it is planned at prepare: the sparse
 *         marks its batch sets and clears (DOC: Sparse marks), or NULL.
 * @planned: A step of a batch, while it is planned at prepare: the tables
 *           earlier steps create, which it does not count again. NULL
 *           otherwise.
 */
struct map_op {
	struct nova_walk w;
	struct vmm *vmm;
	u64 va;
	u64 end;
	u64 addr;
	const dma_addr_t *dma;
	u32 flags;
	bool sparse;
	bool reserved;
	u32 sizes;
	struct nova_page_query q;
	u32 used;
	struct nova_entry pte;
	u64 lo;
	u64 hi;
	u32 need[NOVA_PT_STATS];
	struct list_head pool[NOVA_PT_STATS];
	u32 have[NOVA_PT_STATS];
	struct list_head pending;
	const void *owner;
	bool (*vacated)(const void *ctx, u64 a, u64 b);
	const void *vctx;
	bool (*replaced)(const void *ctx, u64 a, u64 b);
	struct maple_tree *marks;
	struct nova_plan_set *planned;
};

static u8 stat_of(u8 level, bool big)
{
	return big ? NOVA_PT_STAT_BIG : level;
}

static u64 op_addr(const struct map_op *op, u64 va)
{
	if (op->dma)
		return op->dma[(va - op->va) >> op->w.fmt->lvl[0].shift];
	return op->addr + (va - op->va);
}

static u64 page_bytes(const struct nova_pt_fmt *fmt, enum nova_page_size ps)
{
	return BIT_ULL(fmt->pages[ps].shift);
}

/* BIT() of the page size that entries of a table at @level map. */
static u32 page_bit(const struct nova_pt_fmt *fmt, u8 level, bool big)
{
	enum nova_page_size ps;

	for (ps = 0; ps < NOVA_PAGE_SIZES; ps++)
		if (fmt->pages[ps].level == level && fmt->pages[ps].big == big)
			return BIT(ps);
	return 0;
}

/* Earlier steps of the batch unmap all of [a, b) (see &map_op.vacated). */
static bool map_vacated(const struct map_op *op, u64 a, u64 b)
{
	return op->vacated && op->vacated(op->vctx, a, b);
}

/* The whole span of the entry at @e is vacated. */
static bool entry_vacated(const struct map_op *op, const struct nova_walk_entry *e)
{
	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift), start = ALIGN_DOWN(e->va, span);

	return map_vacated(op, start, start + span);
}

/*
 * [a, b) is all inside one sparse range or all outside any: a page larger
 * than 4 KiB must not straddle the edge of a sparse range, or unmapping it
 * could not give each side back its own state.
 */
static bool sparse_uniform(void *ctx, u64 a, u64 b)
{
	struct map_op *op = ctx;

	return nova_sparse_uniform(op->vmm, op->marks, a, b);
}

/* Can the entry, [va, next) of it, be a single page? */
static bool map_leaf_here(const struct map_op *op, const struct nova_walk_entry *e)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	enum nova_page_size ps;

	/* Sparse: any directory entry the range covers whole. */
	if (op->sparse)
		return e->next - e->va == BIT_ULL(fmt->lvl[e->level].shift);
	ps = nova_page_pick(&op->q, e->va);
	return ps >= NOVA_PAGE_2M && fmt->pages[ps].level == e->level;
}

/*
 * A new table under a sparse entry starts sparse. At the dual level the
 * big half says whether the 2 MiB are sparse; once a 64 KiB table exists,
 * its entries say it per 64 KiB; once a 4 KiB table exists, it says it per
 * 4 KiB and a new 64 KiB table starts all zero, deferring to it.
 */
static void map_fill_sparse(struct map_op *op, struct nova_node *node, u32 q,
			    struct nova_node *child)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	struct nova_node *big;
	u32 k, i, per = BIT(fmt->big.shift - fmt->lvl[0].shift);

	if (node->level != NOVA_PT_DUAL) {
		if (node->e[q])
			nova_node_fill_sparse(fmt, child);
		return;
	}
	/* A new big table over an existing small one defers to it (zeroes). */
	if (child->big && node->child[q | 1])
		return;
	big = node->child[q & ~1];
	if (!big) {
		if (node->e[q & ~1] == fmt->sparse_big)
			nova_node_fill_sparse(fmt, child);
		return;
	}
	for (k = 0; k < big->nq; k++)
		for (i = k * per; big->e[k] == fmt->sparse_pte && i < (k + 1) * per; i++)
			nova_node_set(child, i, fmt->sparse_pte);
}

/* An earlier step of the batch creates the table. */
static bool planned_has(const struct nova_plan_set *p, const struct nova_planned *t)
{
	unsigned int i;

	for (i = 0; p && i < p->n; i++)
		if (p->t[i].va == t->va && p->t[i].stat == t->stat)
			return true;
	return false;
}

/* The plan that records counted no more than the one before it (step_plan()). */
static int planned_add(struct nova_plan_set *p, const struct nova_planned *t)
{
	if (!p || !p->record)
		return 0;
	if (WARN_ON_ONCE(p->n >= p->cap))
		return -EBUSY;
	p->t[p->n++] = *t;
	return 0;
}

/* Room in @p for @more tables. */
static int planned_grow(struct nova_plan_set *p, unsigned int more)
{
	struct nova_planned *t;

	if (p->n + more <= p->cap)
		return 0;
	t = nova_fail_alloc(0) ? NULL : krealloc_array(p->t, p->n + more, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	p->t = t;
	p->cap = p->n + more;
	return 0;
}

/* Plan: count the table the commit creates under qword @q of @e, if none is there. */
static int plan_child(struct map_op *op, const struct nova_walk_entry *e, u32 q, u8 level,
		      bool big, const struct nova_node *child)
{
	const struct nova_node *node = e->node;

	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift);
	struct nova_planned t = { ALIGN_DOWN(e->va, span), stat_of(level, big) };

	if (child)
		return 0;
	/* A huge page is there, and stays. */
	if (node && !nova_node_slot_free(op->w.fmt, node, q) && !entry_vacated(op, e))
		return -EEXIST;
	if (planned_has(op->planned, &t))
		return 0;
	op->need[t.stat]++;
	return planned_add(op->planned, &t);
}

/* Commit: the table under qword @q, taken from the pool if it is new. */
static struct nova_node *commit_child(struct map_op *op, struct nova_node *node, u32 q,
				      u8 level, bool big)
{
	struct list_head *pool = &op->pool[stat_of(level, big)];
	struct nova_node *child = node->child[q];

	if (child)
		return child;
	child = list_first_entry_or_null(pool, struct nova_node, link);
	if (WARN_ON_ONCE(!child))
		return ERR_PTR(-EIO);
	list_del_init(&child->link);
	op->have[stat_of(level, big)]--;
	child->fresh = true;
	map_fill_sparse(op, node, q, child);
	node->child[q] = child;
	return child;
}

/*
 * Linking a 4 KiB table under a sparse 2 MiB entry: the big half becomes
 * invalid (zero), the new table already says sparse per 4 KiB. No NVIDIA
 * document gives a meaning to a sparse big half beside a valid small half,
 * and neither RM nor nouveau writes one: RM rebuilds the whole entry with
 * an absent half INVALID (_gmmuWalkCBUpdatePde, gmmu_walk.c), nouveau's
 * gp100_vmm_pd0_pde()/gh100_vmm_pd0_pde() start from a zeroed entry. Qword
 * 2i goes to VRAM before qword 2i + 1 (one run, ascending), so the GPU sees
 * the old entry, then an invalid one, then the new one.
 */
static void dual_unsparse_big_half(struct map_op *op, struct nova_node *node, u32 q)
{
	u32 big = q & ~1;

	if (node->level == NOVA_PT_DUAL && q != big && !node->child[big] &&
	    node->e[big] == op->w.fmt->sparse_big)
		nova_node_set(node, big, 0);
}

/* Commit: write a child's subtree, then, for a new child, its parent entry. */
static int map_finish(struct map_op *op, struct nova_node *node, u32 q,
		      struct nova_node *child)
{
	int ret;

	if (!child)
		return 0;
	ret = nova_vmm_flush_locked(op->vmm, child);
	if (ret || !child->fresh)
		return ret;
	child->fresh = false;
	dual_unsparse_big_half(op, node, q);
	nova_node_set(node, q, nova_node_pde(op->w.fmt, child));
	return 0;
}

/* The qwords a huge page at @e takes: one, or both halves of a dual PDE. */
static u32 huge_qwords(const struct nova_walk_entry *e, u32 *q)
{
	bool dual = e->level == NOVA_PT_DUAL;

	*q = dual ? 2 * e->idx : e->idx;
	return dual ? 2 : 1;
}

/*
 * A subtree maps nothing (only zero or sparse entries), or only what
 * earlier steps of the batch unmap (&map_op.vacated). @va: its first VA.
 */
static bool subtree_clear(const struct map_op *op, const struct nova_node *n, u64 va)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	bool dual = n->level == NOVA_PT_DUAL;
	u64 span = BIT_ULL(nova_node_desc(fmt, n->level, n->big)->shift), at;
	u32 q;

	if (!op->vacated)
		return nova_node_maps_nothing(fmt, n);
	if (n->foreign)
		return false;
	for (q = 0; q < n->nq; q++) {
		at = va + (dual ? q / 2 : q) * span;
		if (n->child && n->child[q]) {
			if (!subtree_clear(op, n->child[q], at))
				return false;
		} else if (!nova_node_slot_free(fmt, n, q) && !map_vacated(op, at, at + span)) {
			return false;
		}
	}
	return true;
}

/*
 * Qword @q of the entry at @e is free for a page: zero or sparse, or a
 * table that maps nothing (only zero or sparse entries, left by a sparse
 * range), which the commit then replaces; or what is there is vacated.
 */
static bool huge_slot_free(const struct map_op *op, const struct nova_walk_entry *e, u32 q)
{
	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift);
	const struct nova_node *child = e->node->child[q];

	if (entry_vacated(op, e))
		return true;
	if (!child)
		return nova_node_slot_free(op->w.fmt, e->node, q);
	return subtree_clear(op, child, ALIGN_DOWN(e->va, span));
}

static int plan_huge(struct map_op *op, const struct nova_walk_entry *e)
{
	u32 q, n = huge_qwords(e, &q);

	for (; e->node && n--; q++)
		if (!huge_slot_free(op, e, q))
			return -EEXIST;
	return NOVA_WALK_SKIP;
}

/* Write the page, replacing tables that map nothing. */
static int commit_huge(struct map_op *op, const struct nova_walk_entry *e)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	struct nova_node *node = e->node;
	u32 first, q, n = huge_qwords(e, &first);

	for (q = first; n--; q++) {
		if (!node->child[q])
			continue;
		nova_node_set(node, q, 0);
		nova_node_retire_tree(&op->pending, node->child[q]);
		node->child[q] = NULL;
	}
	op->pte.addr = op_addr(op, e->va);
	op->used |= page_bit(fmt, e->level, false);
	nova_node_set(node, first, op->sparse ? nova_node_sparse(fmt, node, first) :
						fmt->pte(&op->pte));
	return NOVA_WALK_SKIP;
}

/*
 * Entries of a page table covering [a, b) map nothing (zero or sparse), or
 * only what earlier steps of the batch unmap.
 */
static bool leaves_clear(const struct map_op *op, const struct nova_node *n, u64 a, u64 b)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	const struct nova_pt_level *l;
	u64 size, va;
	u32 i;

	if (!n || a >= b)
		return true;
	l = nova_node_desc(fmt, 0, n->big);
	size = BIT_ULL(l->shift);
	va = ALIGN_DOWN(a, size);
	for (i = nova_pt_index(l, a); i <= nova_pt_index(l, b - 1); i++, va += size)
		if (!nova_node_slot_free(fmt, n, i) && !map_vacated(op, va, va + size))
			return false;
	return true;
}

/*
 * 4 KiB pages under sparse 64 KiB PTEs would be hidden: clear those PTEs,
 * and make the rest of their 64 KiB sparse in the 4 KiB table instead.
 */
static void unsparse_big(struct map_op *op, struct nova_node *big,
			 struct nova_node *small, u64 a, u64 b)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	u32 i, j, per = BIT(fmt->big.shift - fmt->lvl[0].shift);

	if (!big || !small || a >= b || op->sparse)
		return;
	for (i = nova_pt_index(&fmt->big, a); i <= nova_pt_index(&fmt->big, b - 1); i++) {
		if (big->e[i] != fmt->sparse_pte)
			continue;
		nova_node_set(big, i, 0);
		for (j = i * per; j < (i + 1) * per; j++)
			if (!small->e[j])
				nova_node_set(small, j, fmt->sparse_pte);
	}
}

/* Split a dual PDE's [va, next): 64 KiB pages in [@op->lo, @op->hi), 4 KiB around. */
static void dual_split(struct map_op *op, const struct nova_walk_entry *e)
{
	u64 big = page_bytes(op->w.fmt, NOVA_PAGE_64K);

	op->lo = e->next;
	op->hi = e->next;
	/* nova_page_pick() gives 64 KiB to all whole 64 KiB blocks here, or none. */
	if (ALIGN(e->va, big) < ALIGN_DOWN(e->next, big) &&
	    nova_page_pick(&op->q, ALIGN(e->va, big)) == NOVA_PAGE_64K) {
		op->lo = ALIGN(e->va, big);
		op->hi = ALIGN_DOWN(e->next, big);
	}
}

static bool dual_wants_small(const struct map_op *op, const struct nova_walk_entry *e)
{
	return e->va < op->lo || op->hi < e->next;
}

/* Plan a dual PDE: the tables to create, and nothing mapped in the way. */
static int plan_dual(struct map_op *op, struct nova_walk_entry *e)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	u32 q = 2 * e->idx;
	int ret = 0;

	dual_split(op, e);
	if (dual_wants_small(op, e))
		ret = plan_child(op, e, q + 1, 0, false, e->small);
	if (!ret && op->lo < op->hi)
		ret = plan_child(op, e, q, 0, true, e->big);
	if (ret || !e->node)
		return ret;
	/* A 2 MiB page; 4 KiB pages under valid 64 KiB ones and the reverse. */
	if ((!e->big && !nova_node_slot_free(fmt, e->node, q) && !entry_vacated(op, e)) ||
	    !leaves_clear(op, e->big, e->va, op->lo) ||
	    !leaves_clear(op, e->big, op->hi, e->next) ||
	    !leaves_clear(op, e->small, op->lo, op->hi))
		return -EEXIST;
	return 0;
}

/* Commit a dual PDE: the halves the split needs, new ones from the pool. */
static int commit_dual(struct map_op *op, struct nova_walk_entry *e)
{
	u32 q = 2 * e->idx;

	dual_split(op, e);
	e->small = dual_wants_small(op, e) ? commit_child(op, e->node, q + 1, 0, false) : NULL;
	e->big = op->lo < op->hi ? commit_child(op, e->node, q, 0, true) : NULL;
	if (IS_ERR(e->small))
		return PTR_ERR(e->small);
	return PTR_ERR_OR_ZERO(e->big);
}

/* A requested page size above 4 KiB that straddles a sparse edge: -EINVAL. */
static bool map_refused(const struct map_op *op, const struct nova_walk_entry *e)
{
	const struct nova_pt_fmt *fmt = op->w.fmt;
	enum nova_page_size ps = __builtin_ctz(op->sizes);

	if (op->sparse || hweight32(op->sizes) != 1 || ps == NOVA_PAGE_4K)
		return false;
	if (fmt->pages[ps].big ? e->level != NOVA_PT_DUAL : fmt->pages[ps].level != e->level)
		return false;
	return nova_page_pick(&op->q, e->va) != ps;
}

/* An earlier step of the batch makes the entry's whole span sparse: no table below. */
static void plan_replaced(const struct map_op *op, struct nova_walk_entry *e)
{
	u64 span = BIT_ULL(op->w.fmt->lvl[e->level].shift), start = ALIGN_DOWN(e->va, span);

	if (!op->replaced || !op->replaced(op->vctx, start, start + span))
		return;
	e->child = NULL;
	e->big = NULL;
	e->small = NULL;
}

static int plan_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct map_op *op = container_of(w, struct map_op, w);

	plan_replaced(op, e);
	if (map_refused(op, e))
		return -EINVAL;
	if (map_leaf_here(op, e))
		return plan_huge(op, e);
	if (e->level == NOVA_PT_DUAL)
		return plan_dual(op, e);
	return plan_child(op, e, e->idx, e->level - 1, false, e->child);
}

static int commit_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct map_op *op = container_of(w, struct map_op, w);

	if (map_leaf_here(op, e))
		return commit_huge(op, e);
	if (e->level == NOVA_PT_DUAL)
		return commit_dual(op, e);
	e->child = commit_child(op, e->node, e->idx, e->level - 1, false);
	return PTR_ERR_OR_ZERO(e->child);
}

static int map_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	struct map_op *op = container_of(w, struct map_op, w);

	return va >= op->lo && va < op->hi ? NOVA_WALK_BIG : NOVA_WALK_SMALL;
}

static int plan_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		     u32 count, u64 va)
{
	struct map_op *op = container_of(w, struct map_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift), at = ALIGN_DOWN(va, size);
	u32 i;

	for (i = 0; pt && i < count; i++, at += size)
		if (!nova_node_slot_free(w->fmt, pt, idx + i) && !map_vacated(op, at, at + size))
			return -EEXIST;
	return 0;
}

static int commit_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		       u32 count, u64 va)
{
	struct map_op *op = container_of(w, struct map_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift);
	u32 i;

	if (count)
		op->used |= page_bit(w->fmt, 0, big);
	for (i = 0; i < count; i++) {
		op->pte.addr = op_addr(op, va + i * size);
		nova_node_set(pt, idx + i, op->sparse ? w->fmt->sparse_pte :
							w->fmt->pte(&op->pte));
	}
	return 0;
}

/* Write what is below the entry, then link what is new. */
static int commit_leave(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct map_op *op = container_of(w, struct map_op, w);
	struct nova_node *big;
	int ret;

	if (e->level != NOVA_PT_DUAL)
		return map_finish(op, e->node, e->idx, e->child);
	/* The big table, new, or only unsparsed here. */
	big = e->node->child[2 * e->idx];
	unsparse_big(op, big, e->small, e->va, op->lo);
	unsparse_big(op, big, e->small, op->hi, e->next);
	ret = map_finish(op, e->node, 2 * e->idx + 1, e->small);
	return ret ?: map_finish(op, e->node, 2 * e->idx, big);
}

static const struct nova_walk_ops map_plan_ops = {
	.enter = plan_enter,
	.route = map_route,
	.leaf = plan_leaf,
};

static const struct nova_walk_ops map_commit_ops = {
	.enter = commit_enter,
	.route = map_route,
	.leaf = commit_leaf,
	.leave = commit_leave,
};

/* The tables of @op->need would take the address space past its limit. */
static bool map_over_limit(const struct map_op *op)
{
	struct vmm *vmm = op->vmm;
	bool big;
	u64 bytes = 0;
	unsigned int s;

	lockdep_assert_held(&vmm->op_lock);
	if (!vmm->pt_limit)
		return false;
	for (s = 0; s < NOVA_PT_STATS; s++) {
		big = s == NOVA_PT_STAT_BIG;
		bytes += (u64)op->need[s] * nova_node_bytes(op->w.fmt, big ? 0 : s, big);
	}
	return atomic64_read(&vmm->pt_bytes) + bytes > vmm->pt_limit;
}

/* Allocate what the plan counted, charged to the address space; -ENOSPC past its limit. */
static int map_alloc(struct map_op *op)
{
	struct nova_node *n;
	unsigned int s, i;

	if (map_over_limit(op))
		return -ENOSPC;
	for (s = 0; s < NOVA_PT_STATS; s++)
		for (i = 0; i < op->need[s]; i++) {
			n = nova_node_alloc(op->vmm->gpu, &op->vmm->dirt, op->w.fmt,
					    s == NOVA_PT_STAT_BIG ? 0 : s, s == NOVA_PT_STAT_BIG);
			if (IS_ERR(n))
				return PTR_ERR(n);
			nova_node_charge(n, &op->vmm->pt_bytes);
			list_add_tail(&n->link, &op->pool[s]);
			op->have[s]++;
		}
	return 0;
}

static void map_op_fini(struct map_op *op)
{
	struct nova_node *n, *tmp;
	unsigned int s;

	for (s = 0; s < NOVA_PT_STATS; s++)
		list_for_each_entry_safe(n, tmp, &op->pool[s], link)
			nova_node_free(op->vmm->gpu, n);
}

static void map_op_init(struct map_op *op, struct vmm *vmm, const struct nova_map_req *req)
{
	unsigned int s;

	memset(op, 0, sizeof(*op));
	op->w.ops = &map_plan_ops;
	op->w.fmt = vmm->fmt;
	op->vmm = vmm;
	op->va = req->va;
	op->end = req->va + req->size;
	op->addr = req->addr;
	op->dma = req->dma;
	op->flags = req->trace_flags;
	op->sparse = req->sparse;
	op->sizes = req->sparse ? BIT(NOVA_PAGE_4K) : req->sizes;
	op->pte = req->pte;
	op->q = (struct nova_page_query){
		.fmt = vmm->fmt, .sizes = op->sizes, .skew = req->dma ? 0 : req->va ^ req->addr,
		.start = op->va, .end = op->end, .uniform = sparse_uniform, .ctx = op,
	};
	for (s = 0; s < NOVA_PT_STATS; s++)
		INIT_LIST_HEAD(&op->pool[s]);
	INIT_LIST_HEAD(&op->pending);
	op->owner = op;
}

/* Check the range is free and count the tables to create. */
static int map_plan_locked(struct map_op *op)
{
	struct vmm *vmm = op->vmm;

	lockdep_assert_held(&vmm->lock);
	if (nova_vmm_busy(vmm, op->va, op->end, op->owner))
		return -EBUSY;
	memset(op->need, 0, sizeof(op->need));
	op->w.ops = &map_plan_ops;
	op->used = 0;
	return nova_walk(&op->w, vmm->root, op->va, op->end);
}

/*
 * The plan just made needs more tables than the pool holds. The range is
 * reserved and no table on the way to it can be unlinked (DOC: Reserved
 * ranges), so the plan can only have shrunk since prepare: a broken
 * invariant, caught before anything is written.
 */
static bool map_pool_short(const struct map_op *op)
{
	unsigned int s;

	for (s = 0; s < NOVA_PT_STATS; s++)
		if (WARN_ON_ONCE(op->need[s] > op->have[s]))
			return true;
	return false;
}

/* Write the plan, without the invalidate; tables replaced go on @op->pending. */
static int map_apply_locked(struct map_op *op)
{
	struct vmm *vmm = op->vmm;
	int ret;

	lockdep_assert_held(&vmm->lock);
	if (map_pool_short(op))
		return -EBUSY;
	op->w.ops = &map_commit_ops;
	ret = nova_walk(&op->w, vmm->root, op->va, op->end);
	return ret ?: nova_vmm_flush_locked(vmm, vmm->root);
}

/* Write the plan; tables replaced wait for a completed invalidate. */
static int map_commit_locked(struct map_op *op)
{
	struct vmm *vmm = op->vmm;
	int ret;

	ret = map_apply_locked(op);
	if (ret) {
		/* Not invalidated: park what was unlinked, as a timeout does. */
		list_splice_tail_init(&op->pending, &vmm->stale);
		return ret;
	}
	return nova_vmm_invalidate_locked(vmm, &op->pending, 0);
}

/*
 * Reserve the range, plan, then allocate. While the reservation lasts
 * nothing else maps in the range and no table on the way to it is unlinked,
 * so the commit finds every table the plan counted on, or one that another
 * operation created meanwhile.
 */
static int map_prepare(struct map_op *op)
{
	struct vmm *vmm = op->vmm;
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	ret = nova_vmm_reserve(vmm, op->va, op->end, op);
	if (ret)
		return ret;
	op->reserved = true;
	mutex_lock(&vmm->lock);
	ret = map_plan_locked(op);
	mutex_unlock(&vmm->lock);
	return ret ?: map_alloc(op);
}

/* A map or sparse range is over: journal it, and trace a map. */
static void map_trace(const struct map_op *op, int ret, bool commit)
{
	nova_journal_add(&op->vmm->journal, op->sparse ? NOVA_JOURNAL_SPARSE : NOVA_JOURNAL_MAP,
			 op->va, op->end - op->va, op->used, ret, commit);
	if (!op->sparse)
		trace_nova_vmm_map(op->vmm->pdb, op->va, op->dma ? op->dma[0] : op->addr,
				   op->end - op->va, op->used, op->flags, ret);
}

static void map_release(struct map_op *op)
{
	struct vmm *vmm = op->vmm;

	lockdep_assert_held(&vmm->op_lock);
	map_op_fini(op);
	/* Tables a page replaced: the commit's invalidate is done. */
	nova_pt_release(vmm->gpu, &op->pending);
	if (op->reserved)
		nova_vmm_unreserve(vmm, op->va);
	op->reserved = false;
}

/* Plan again and commit; a sparse range is marked with its entries. */
static int map_commit_req_locked(struct map_op *op)
{
	int ret;

	lockdep_assert_held(&op->vmm->lock);
	/* A prepared operation may have been committed since map_prepare(). */
	ret = map_plan_locked(op) ?: map_commit_locked(op);
	if (op->sparse && (!ret || ret == -ETIMEDOUT))
		nova_sparse_switch_locked(op->vmm);
	return ret;
}

/**
 * nova_vmm_map_locked() - Map, or make sparse; the arguments are checked.
 * @vmm: Address space, its operation lock held.
 * @req: What to map.
 *
 * A sparse range is marked in &vmm.sparse under the page-table lock, with
 * its entries, once they are written (and the TLB invalidate completed or
 * timed out); a call that fails otherwise leaves the marks as they were.
 *
 * Return: 0; -EEXIST if something is mapped in the range; -ENOMEM;
 * -ETIMEDOUT or -ENODEV from the TLB invalidate (the entries are written).
 */
int nova_vmm_map_locked(struct vmm *vmm, const struct nova_map_req *req)
{
	struct map_op op;
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	map_op_init(&op, vmm, req);
	ret = map_prepare(&op);
	if (!ret && req->sparse)
		ret = nova_sparse_prepare(vmm, req->va, req->size, true);
	if (!ret) {
		mutex_lock(&vmm->lock);
		ret = map_commit_req_locked(&op);
		mutex_unlock(&vmm->lock);
	}
	map_release(&op);
	if (req->sparse)
		nova_sparse_discard(vmm);
	map_trace(&op, ret, false);
	return ret;
}

/**
 * struct vmm_op - A prepared map or unmap (vmm_map_prepare(), vmm_unmap_prepare()),
 *                 a batch of them (vmm_op_create()), or a step of a batch.
 * @unmap: An unmap (or, as a step, any range operation), in @range; else a
 *         map, in @map.
 * @map: The map and the tables it allocated.
 * @range: The unmap and the tables it unlinked.
 * @batch: A batch: its steps (batch.c); NULL for one operation or a step.
 */
struct vmm_op {
	bool unmap;
	struct map_op map;
	struct nova_range_op range;
	struct nova_batch *batch;
};

static struct vmm_op *op_new(void)
{
	return nova_fail_alloc(sizeof(struct vmm_op)) ? NULL :
	       kzalloc(sizeof(struct vmm_op), GFP_KERNEL);
}

/**
 * nova_map_prepare() - Prepare a map; the arguments are checked.
 * @vmm: Address space.
 * @req: What to map.
 *
 * The operation reserves its range and holds a reference to @vmm until
 * nova_op_free().
 *
 * Return: The operation, or ERR_PTR(-EBUSY / -EEXIST / -ENOMEM).
 */
struct vmm_op *nova_map_prepare(struct vmm *vmm, const struct nova_map_req *req)
{
	struct vmm_op *op = op_new();
	int ret;

	if (!op)
		return ERR_PTR(-ENOMEM);
	map_op_init(&op->map, vmm, req);
	mutex_lock(&vmm->op_lock);
	ret = map_prepare(&op->map);
	if (ret)
		map_release(&op->map);
	mutex_unlock(&vmm->op_lock);
	if (ret) {
		kfree(op);
		return ERR_PTR(ret);
	}
	nova_vmm_hold(vmm);
	return op;
}

/**
 * nova_unmap_prepare() - Prepare an unmap; the arguments are checked.
 * @vmm: Address space.
 * @va: First VA.
 * @size: Bytes.
 *
 * As nova_map_prepare(), the operation reserves its range and holds @vmm.
 *
 * Return: The operation, or ERR_PTR(-EBUSY / -ENOENT / -EINVAL / -ENOMEM).
 */
struct vmm_op *nova_unmap_prepare(struct vmm *vmm, u64 va, u64 size)
{
	struct vmm_op *op = op_new();
	int ret;

	if (!op)
		return ERR_PTR(-ENOMEM);
	op->unmap = true;
	nova_range_op_init(&op->range, vmm, va, size, NOVA_RANGE_UNMAP, 0);
	mutex_lock(&vmm->op_lock);
	ret = nova_vmm_reserve(vmm, va, va + size, &op->range);
	if (!ret) {
		mutex_lock(&vmm->lock);
		ret = nova_range_check_locked(&op->range);
		mutex_unlock(&vmm->lock);
		if (ret)
			nova_vmm_unreserve(vmm, va);
	}
	mutex_unlock(&vmm->op_lock);
	if (ret) {
		kfree(op);
		return ERR_PTR(ret);
	}
	nova_vmm_hold(vmm);
	return op;
}

/**
 * nova_op_batch_new() - An operation that is a batch.
 * @b: The batch, owned by the operation from now on.
 *
 * Return: The operation, or NULL without memory.
 */
struct vmm_op *nova_op_batch_new(struct nova_batch *b)
{
	struct vmm_op *op = op_new();

	if (op)
		op->batch = b;
	return op;
}

/**
 * nova_op_batch() - The batch an operation is.
 * @op: An operation.
 *
 * Return: The batch, or NULL if @op is a single map or unmap.
 */
struct nova_batch *nova_op_batch(const struct vmm_op *op)
{
	return op->batch;
}

/**
 * nova_step_map() - A map step of a batch, not prepared.
 * @vmm: Address space.
 * @req: What to map, checked.
 *
 * Return: The step, or NULL without memory.
 */
struct vmm_op *nova_step_map(struct vmm *vmm, const struct nova_map_req *req)
{
	struct vmm_op *op = op_new();

	if (op)
		map_op_init(&op->map, vmm, req);
	return op;
}

/**
 * nova_step_range() - An unmap or protect step of a batch, not prepared.
 * @vmm: Address space.
 * @va: First VA, checked.
 * @size: Bytes.
 * @mode: What to do.
 * @pte_flags: To protect, the NOVA_PTE_* permissions.
 *
 * Return: The step, or NULL without memory.
 */
struct vmm_op *nova_step_range(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			       u32 pte_flags)
{
	struct vmm_op *op = op_new();

	if (!op)
		return NULL;
	op->unmap = true;
	nova_range_op_init(&op->range, vmm, va, size, mode, pte_flags);
	return op;
}

static unsigned int map_need(const struct map_op *op)
{
	unsigned int s, n = 0;

	for (s = 0; s < NOVA_PT_STATS; s++)
		n += op->need[s];
	return n;
}

/* Plan a map step; a second plan adds the tables it creates to @p. */
static int step_plan_map(struct map_op *op, struct nova_plan_set *p)
{
	struct vmm *vmm = op->vmm;
	int ret;

	mutex_lock(&vmm->lock);
	ret = map_plan_locked(op);
	mutex_unlock(&vmm->lock);
	if (ret || !p)
		return ret;
	/*
	 * Room is made without the page-table lock. The range is reserved
	 * and no table on the way to it goes (DOC: Reserved ranges): the
	 * second plan counts no more than the first.
	 */
	ret = planned_grow(p, map_need(op));
	if (ret)
		return ret;
	p->record = true;
	mutex_lock(&vmm->lock);
	ret = map_plan_locked(op);
	mutex_unlock(&vmm->lock);
	p->record = false;
	return ret;
}

/* Plan a step as if the earlier steps of its batch were done. */
static int step_plan(struct vmm_op *op, const struct nova_step_env *env)
{
	struct vmm *vmm = op->range.vmm;
	int ret;

	if (op->unmap) {
		op->range.vacated = op->range.mode == NOVA_RANGE_UNSPARSE ? env->vacated : NULL;
		mutex_lock(&vmm->lock);
		ret = nova_range_check_locked(&op->range);
		mutex_unlock(&vmm->lock);
		op->range.vacated = NULL;
		return ret;
	}
	op->map.vacated = env->vacated;
	op->map.replaced = env->replaced;
	op->map.marks = env->marks;
	op->map.planned = env->planned;
	ret = step_plan_map(&op->map, env->planned);
	/* At commit the earlier steps are done: the tree and marks say it. */
	op->map.vacated = NULL;
	op->map.replaced = NULL;
	op->map.marks = NULL;
	op->map.planned = NULL;
	return ret;
}

/**
 * nova_step_prepare() - Check a step against the tree and allocate its tables.
 * @op: The step; its address space's operation lock held.
 * @env: How it sees the other steps of its batch.
 *
 * Return: As vmm_map_prepare() or vmm_unmap_prepare(); nothing changed.
 */
int nova_step_prepare(struct vmm_op *op, const struct nova_step_env *env)
{
	struct vmm *vmm = op->unmap ? op->range.vmm : op->map.vmm;
	int ret;

	lockdep_assert_held(&vmm->op_lock);
	op->range.owner = env->owner;
	op->range.keep = env->keep;
	op->range.keep_ctx = env->ctx;
	op->map.owner = env->owner;
	op->map.vctx = env->ctx;
	ret = step_plan(op, env);
	return ret ?: op->unmap ? 0 : map_alloc(&op->map);
}

/**
 * nova_step_apply_locked() - Write a prepared step's entries, without invalidating.
 * @op: The step; its address space's page-table lock held.
 * @unlinked: Where the tables it unlinks or replaces go, to be freed after
 *            an invalidate with ACK_GLOBALLY.
 *
 * Allocates nothing.
 *
 * Return: 0; -ENODEV; -EBUSY, -EEXIST, -ENOENT, -EINVAL only for a broken
 * invariant (the range is reserved, so the tree is as the prepare saw it
 * after the earlier steps).
 */
int nova_step_apply_locked(struct vmm_op *op, struct list_head *unlinked)
{
	int ret;

	if (op->unmap) {
		ret = nova_range_check_locked(&op->range) ?: nova_range_apply_locked(&op->range);
		list_splice_tail_init(&op->range.pending, unlinked);
	} else {
		ret = map_plan_locked(&op->map) ?: map_apply_locked(&op->map);
		list_splice_tail_init(&op->map.pending, unlinked);
	}
	return ret;
}

/**
 * nova_step_journal() - Record a step that was committed.
 * @op: The step.
 * @kind: What it did.
 * @ret: The commit's result.
 */
void nova_step_journal(const struct vmm_op *op, enum nova_journal_kind kind, int ret)
{
	const struct nova_range_op *r = &op->range;

	if (op->unmap)
		nova_journal_add(&r->vmm->journal, kind, r->va, r->end - r->va, 0, ret, true);
	else
		map_trace(&op->map, ret, true);
}

/**
 * nova_step_pool() - Tables a step has allocated and not used.
 * @op: The step.
 *
 * Return: How many: those prepare allocated, until the commit takes them.
 */
unsigned int nova_step_pool(const struct vmm_op *op)
{
	unsigned int s, n = 0;

	for (s = 0; !op->unmap && s < NOVA_PT_STATS; s++)
		n += op->map.have[s];
	return n;
}

/**
 * nova_step_unprepare() - Free the tables a step allocated; it can be prepared again.
 * @op: The step.
 */
void nova_step_unprepare(struct vmm_op *op)
{
	unsigned int s;

	if (op->unmap)
		return;
	map_op_fini(&op->map);
	for (s = 0; s < NOVA_PT_STATS; s++) {
		INIT_LIST_HEAD(&op->map.pool[s]);
		op->map.have[s] = 0;
	}
}

/**
 * nova_step_free() - Free a step and the tables it did not use.
 * @op: The step; its address space's operation lock held.
 */
void nova_step_free(struct vmm_op *op)
{
	if (!op->unmap)
		map_op_fini(&op->map);
	kfree(op);
}

/**
 * nova_op_commit() - vmm_op_commit() of a checked operation.
 * @op: From nova_map_prepare() or nova_unmap_prepare().
 *
 * Return: As vmm_op_commit().
 */
int nova_op_commit(struct vmm_op *op)
{
	struct vmm *vmm = op->unmap ? op->range.vmm : op->map.vmm;
	bool cookie;
	int idx, ret;

	/* Waits out a sleep or reset (the GPU runs no work then either). */
	ret = nova_gpu_enter(vmm->gpu, &idx);
	if (!ret) {
		cookie = dma_fence_begin_signalling();
		mutex_lock(&vmm->lock);
		if (op->unmap)
			ret = nova_range_check_locked(&op->range) ?:
			      nova_range_commit_locked(&op->range);
		else
			ret = map_plan_locked(&op->map) ?: map_commit_locked(&op->map);
		mutex_unlock(&vmm->lock);
		dma_fence_end_signalling(cookie);
	}
	nova_gpu_exit(vmm->gpu, idx);
	if (op->unmap) {
		nova_journal_add(&vmm->journal, NOVA_JOURNAL_UNMAP, op->range.va,
				 op->range.end - op->range.va, 0, ret, true);
		trace_nova_vmm_unmap(vmm->pdb, op->range.va, op->range.end - op->range.va, ret);
	} else {
		map_trace(&op->map, ret, true);
	}
	return ret;
}

/**
 * nova_op_free() - vmm_op_free() of an operation.
 * @op: The operation.
 */
void nova_op_free(struct vmm_op *op)
{
	struct vmm *vmm = op->unmap ? op->range.vmm : op->map.vmm;

	mutex_lock(&vmm->op_lock);
	if (op->unmap) {
		nova_vmm_unreserve(vmm, op->range.va);
		nova_range_op_fini(&op->range);
	} else {
		map_release(&op->map);
	}
	mutex_unlock(&vmm->op_lock);
	kfree(op);
	nova_vmm_unhold(vmm);
}

/**
 * struct lookup_op - A walk that translates one VA.
 * @w: The walk.
 * @out: The mapping found.
 */
struct lookup_op {
	struct nova_walk w;
	struct nova_mapping *out;
};

static int lookup_found(struct lookup_op *op, u64 e, enum nova_slot slot, u64 va, u8 shift)
{
	struct nova_mapping *m = op->out;

	op->w.fmt->decode(e, slot, &m->pte);
	if (m->pte.type != NOVA_ENTRY_PTE)
		return -ENOENT;
	m->page_size = BIT_ULL(shift);
	m->va = ALIGN_DOWN(va, m->page_size);
	return 0;
}

/* A page at the entry itself (huge, or nothing), or a table to descend into. */
static int lookup_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct lookup_op *op = container_of(w, struct lookup_op, w);
	const struct nova_pt_fmt *fmt = w->fmt;
	u64 pde;
	int ret;

	if (e->level != NOVA_PT_DUAL) {
		if (e->child)
			return 0;
		ret = lookup_found(op, e->node->e[e->idx], NOVA_SLOT_PDE, e->va,
				   fmt->lvl[e->level].shift);
		return ret ?: NOVA_WALK_SKIP;
	}
	/* A 2 MiB page; beside a small table (a foreign one only) the small speaks. */
	pde = e->node->e[2 * e->idx];
	if (e->big || !pde || (pde == fmt->sparse_big && e->small))
		return 0;
	ret = lookup_found(op, pde, NOVA_SLOT_BIG, e->va, fmt->lvl[NOVA_PT_DUAL].shift);
	return ret ?: NOVA_WALK_SKIP;
}

/* A zero 64 KiB PTE defers to the 4 KiB table, as the MMU does. */
static int lookup_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	const struct nova_node *big = e->big;

	return big && big->e[nova_pt_index(&w->fmt->big, va)] ? NOVA_WALK_BIG : NOVA_WALK_SMALL;
}

static int lookup_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx,
		       u32 count, u64 va)
{
	if (!pt)
		return -ENOENT;
	return lookup_found(container_of(w, struct lookup_op, w), pt->e[idx], NOVA_SLOT_PTE,
			    va, nova_node_desc(w->fmt, 0, big)->shift);
}

static const struct nova_walk_ops lookup_ops = {
	.enter = lookup_enter,
	.route = lookup_route,
	.leaf = lookup_leaf,
};

/**
 * nova_vmm_lookup_locked() - Translate one VA from the shadow tree.
 * @vmm: Address space, its page-table lock held.
 * @va: The VA, inside the address space.
 * @out: The mapping found.
 *
 * Return: 0; -ENOENT if @va is not mapped.
 */
int nova_vmm_lookup_locked(struct vmm *vmm, u64 va, struct nova_mapping *out)
{
	struct lookup_op op = { .w = { &lookup_ops, vmm->fmt }, .out = out };

	lockdep_assert_held(&vmm->lock);
	va = ALIGN_DOWN(va, SZ_4K);
	return nova_walk(&op.w, vmm->root, va, va + SZ_4K);
}
