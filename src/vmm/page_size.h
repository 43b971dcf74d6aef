/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-size choice: which page maps a VA of a range being mapped.
 */
#ifndef _NOVA_VMM_PAGE_SIZE_H_
#define _NOVA_VMM_PAGE_SIZE_H_

#include <linux/types.h>

#include "fmt/pt_fmt.h"

/**
 * struct nova_page_query - What the page sizes of a map depend on.
 * @fmt: Page-table format.
 * @sizes: Page sizes allowed, a mask of BIT(enum nova_page_size); 4 KiB is
 *         the fallback whether or not it is in the mask.
 * @skew: The map's first VA XOR its first address: a page of size S can
 *        map a VA only if S divides @skew (0 for system memory, whose pages
 *        are 4 KiB).
 * @start: First VA of the range.
 * @end: First VA after it.
 * @uniform: Whether [a, b) lies inside one sparse range or outside every
 *           one, i.e. no sparse edge is strictly inside it.
 * @ctx: Passed to @uniform.
 */
struct nova_page_query {
	const struct nova_pt_fmt *fmt;
	u32 sizes;
	u64 skew;
	u64 start;
	u64 end;
	bool (*uniform)(void *ctx, u64 a, u64 b);
	void *ctx;
};

enum nova_page_size nova_page_pick(const struct nova_page_query *q, u64 va);

#endif /* _NOVA_VMM_PAGE_SIZE_H_ */
