// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Walker
 *
 * nova_walk() visits the entries of one table that a VA range [va, end)
 * touches and hands each directory entry, or the run of page-table entries,
 * to the walk's callbacks; the callbacks descend by calling nova_walk()
 * again. It only does index arithmetic from the format descriptor: no I/O,
 * no allocation, no locking, and it never asks which chip it is on.
 */
#include <linux/align.h>
#include <linux/bits.h>
#include <linux/minmax.h>

#include "fmt/pt_fmt.h"
#include "mm/node.h"
#include "mm/walk.h"

/**
 * nova_walk() - Walk the entries of one table that a range touches.
 * @w: The walk.
 * @node: The table, or NULL if it does not exist.
 * @level: Its level.
 * @big: It is a 64 KiB page table.
 * @va: Start of the range, within the table's span.
 * @end: End of the range (exclusive), within the table's span.
 *
 * Return: 0, or the first errno a callback returned.
 */
int nova_walk(struct nova_walk *w, struct nova_node *node, u8 level, bool big,
	      u64 va, u64 end)
{
	const struct nova_pt_level *l = nova_node_desc(w->fmt, level, big);
	u64 span = BIT_ULL(l->shift), next;
	int ret = 0;

	if (!level)
		return w->ops->leaf(w, node, big, nova_pt_index(l, va),
				    (end - va) >> l->shift, va);
	for (; va < end && !ret; va = next) {
		next = min(end, ALIGN_DOWN(va, span) + span);
		ret = w->ops->dir(w, node, level, nova_pt_index(l, va), va, next);
	}
	return ret;
}
