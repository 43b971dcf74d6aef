// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Walker
 *
 * nova_walk() visits, from the root down, every directory entry that a VA
 * range [va, end) touches, and descends into the tables below them itself,
 * as xe_pt_walk() does: a walk's callbacks decide (&nova_walk_ops.enter),
 * work on page-table entries (&nova_walk_ops.leaf) and finish an entry once
 * everything below it is done (&nova_walk_ops.leave); none of them calls
 * the walker.
 *
 * The dual PDE at NOVA_PT_DUAL is visited here alone, once, with both its
 * halves: the 64 KiB page table and the 4 KiB one cover the same 2 MiB, and
 * the walk asks, per 64 KiB chunk, which of them to descend into
 * (&nova_walk_ops.route).
 *
 * The walker only does index arithmetic from the format descriptor: no I/O,
 * no allocation, no locking, and it never asks which chip it is on.
 */
#include <linux/align.h>
#include <linux/bits.h>
#include <linux/minmax.h>

#include "fmt/pt_fmt.h"
#include "mm/node.h"
#include "mm/walk.h"

static int walk_table(struct nova_walk *w, struct nova_node *node, u8 level, u64 va,
		      u64 end);

/* A run [a, b) of one page table, or of both; see &nova_walk_ops.route. */
static int walk_run(struct nova_walk *w, const struct nova_walk_entry *e, int route,
		    u64 a, u64 b)
{
	const struct nova_pt_level *big = &w->fmt->big, *small = &w->fmt->lvl[0];
	u64 chunk = BIT_ULL(big->shift), c = ALIGN_DOWN(a, chunk);
	int ret = 0;

	if (!w->ops->leaf)
		return 0;
	if (route & NOVA_WALK_BIG)
		ret = w->ops->leaf(w, e->big, true, nova_pt_index(big, c),
				   (ALIGN(b, chunk) - c) >> big->shift, c);
	if (!ret && (route & NOVA_WALK_SMALL))
		ret = w->ops->leaf(w, e->small, false, nova_pt_index(small, a),
				   (b - a) >> small->shift, a);
	return ret;
}

/* Both halves of a dual PDE, chunk by chunk, runs routed alike at once. */
static int walk_dual(struct nova_walk *w, const struct nova_walk_entry *e)
{
	u64 chunk = BIT_ULL(w->fmt->big.shift), run = e->va, c, next;
	int route = 0, r, ret = 0;

	if (!w->ops->route)
		return 0;
	for (c = e->va; c < e->next; c = next) {
		next = min(e->next, ALIGN_DOWN(c, chunk) + chunk);
		r = w->ops->route(w, e, c);
		if (c > run && (r != route || r == (NOVA_WALK_BIG | NOVA_WALK_SMALL))) {
			ret = walk_run(w, e, route, run, c);
			run = c;
		}
		if (ret || r < 0)
			return ret ?: r;
		route = r;
	}
	return walk_run(w, e, route, run, e->next);
}

static void walk_load(struct nova_walk_entry *e)
{
	struct nova_node *const *child = e->node ? e->node->child : NULL;

	if (e->level != NOVA_PT_DUAL) {
		e->child = child ? child[e->idx] : NULL;
		return;
	}
	e->big = child ? child[2 * e->idx] : NULL;
	e->small = child ? child[2 * e->idx + 1] : NULL;
}

static int walk_entry(struct nova_walk *w, struct nova_walk_entry *e)
{
	int ret;

	walk_load(e);
	ret = w->ops->enter ? w->ops->enter(w, e) : 0;
	if (ret)
		return ret == NOVA_WALK_SKIP ? 0 : ret;
	if (e->level == NOVA_PT_DUAL)
		ret = walk_dual(w, e);
	else
		ret = walk_table(w, e->child, e->level - 1, e->va, e->next);
	if (!ret && w->ops->leave)
		ret = w->ops->leave(w, e);
	return ret;
}

static int walk_table(struct nova_walk *w, struct nova_node *node, u8 level, u64 va,
		      u64 end)
{
	const struct nova_pt_level *l = &w->fmt->lvl[level];
	u64 span = BIT_ULL(l->shift);
	struct nova_walk_entry e;
	int ret = 0;

	for (; va < end && !ret; va = e.next) {
		e = (struct nova_walk_entry){ .node = node, .level = level,
					      .idx = nova_pt_index(l, va), .va = va,
					      .next = min(end, ALIGN_DOWN(va, span) + span) };
		ret = walk_entry(w, &e);
	}
	return ret;
}

/**
 * nova_walk() - Walk the shadow tree over a VA range.
 * @w: The walk.
 * @root: The root table (level &nova_pt_fmt.root).
 * @va: Start of the range.
 * @end: End of the range (exclusive), within the address space.
 *
 * Return: 0, or the first errno a callback returned.
 */
int nova_walk(struct nova_walk *w, struct nova_node *root, u64 va, u64 end)
{
	return walk_table(w, root, w->fmt->root, va, end);
}
