// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Page sizes
 *
 * Which page maps a VA of a range is decided in one place,
 * nova_page_pick(), from the range, how its VA and address align, the page
 * sizes allowed and the sparse edges; it reads nothing else. The rules, the
 * largest first:
 *
 * * A page above 64 KiB (2 MiB, 512 MiB, 256 GiB: one entry of PD0, PD1,
 *   PD2) when the range covers its whole naturally aligned block, VA and
 *   address agree modulo its size, and no sparse edge is inside the block.
 * * Else 64 KiB pages, on the whole 64 KiB blocks of the part of one 2 MiB
 *   entry that the range covers, when VA and address agree modulo 64 KiB
 *   and no sparse edge is inside that part rounded out to 64 KiB: the part
 *   then splits once between the entry's small and big page tables (4 KiB
 *   pages before and after the 64 KiB ones).
 * * Else 4 KiB.
 *
 * A page above 4 KiB never straddles the edge of a sparse range: unmapping
 * it could not give each side back its own state.
 */
#include <linux/align.h>
#include <linux/bits.h>
#include <linux/minmax.h>

#include "vmm/page_size.h"

static u64 page_bytes(const struct nova_page_query *q, enum nova_page_size ps)
{
	return BIT_ULL(q->fmt->pages[ps].shift);
}

/* A page above 64 KiB: its whole block in the range, aligned, uniform. */
static bool pick_huge(const struct nova_page_query *q, enum nova_page_size ps, u64 va)
{
	u64 size = page_bytes(q, ps), block = ALIGN_DOWN(va, size);

	return (q->sizes & BIT(ps)) && block >= q->start && q->end - block >= size &&
	       IS_ALIGNED(q->skew, size) && q->uniform(q->ctx, block, block + size);
}

/* A 64 KiB page: inside the 64 KiB-rounded part of the range in one PD0 entry. */
static bool pick_big(const struct nova_page_query *q, u64 va)
{
	u64 big = page_bytes(q, NOVA_PAGE_64K);
	u64 entry = BIT_ULL(q->fmt->lvl[NOVA_PT_DUAL].shift);
	u64 first = ALIGN_DOWN(va, entry);
	u64 a = max(q->start, first), b = min(q->end, first + entry);

	if (!(q->sizes & BIT(NOVA_PAGE_64K)) || !IS_ALIGNED(q->skew, big))
		return false;
	if (va < ALIGN(a, big) || va >= ALIGN_DOWN(b, big))
		return false;
	return q->uniform(q->ctx, ALIGN_DOWN(a, big), ALIGN(b, big));
}

/**
 * nova_page_pick() - The size of the page that maps a VA of a range.
 * @q: The range and what constrains it.
 * @va: A VA inside [@q->start, @q->end), 4 KiB aligned.
 *
 * A pure function of @q and @va (DOC: Page sizes). The map walk asks it at
 * each directory entry it reaches, top down, and where a 2 MiB entry splits.
 *
 * Context: Any; calls @q->uniform.
 * Return: The page size.
 */
enum nova_page_size nova_page_pick(const struct nova_page_query *q, u64 va)
{
	enum nova_page_size ps;

	for (ps = NOVA_PAGE_SIZES - 1; ps > NOVA_PAGE_64K; ps--)
		if (pick_huge(q, ps, va))
			return ps;
	return pick_big(q, va) ? NOVA_PAGE_64K : NOVA_PAGE_4K;
}
