// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Shadow tree
 *
 * Every hardware page table has a &struct nova_node with a CPU copy of
 * its entries and, for directories, pointers to its children. Lookups and
 * walks read the copy: mapping and unmapping make no MMIO read.
 *
 * Writes go to the copy first and mark the qwords dirty; nova_node_flush()
 * then writes each run of dirty qwords in one pass, through BAR2 when the
 * table lies in its page-table window (DOC: Page tables through BAR2), else
 * through PRAMIN. A new table from the allocator is marked dirty whole and
 * written whole, once, before its parent entry: it is never zeroed
 * separately, and no entry is written twice. A new table from the cache of
 * zeroed tables (DOC: Table cache in pt_mem.c) is zero in VRAM already: only
 * the entries set in it are written.
 */

/**
 * DOC: Shadow memory
 *
 * The shadow costs host memory in proportion to the page-table VRAM, and
 * issue 18 bounds it at 1.1 times that VRAM with 4 KiB pages. Per 4 KiB
 * page table (the bulk of it: 512 of the 516 tables of 1 GiB on MMU v2):
 *
 * - the entry copy, 512 qwords: a 4096-byte kmalloc object, exact;
 * - &struct nova_node, 80 bytes, and &struct nova_pt, 88 bytes, each from
 *   a slab cache of its own size (nova_node_slab_init()), not from
 *   kmalloc's next size class (512 and 96 bytes);
 * - no per-qword state: what a table owes VRAM (dirty qwords, those whose
 *   high dword changed, those live in VRAM) lives in a &struct nova_dirt
 *   only while the table is part written. A walk writes each table it
 *   changes before it leaves it (nova_node_flush()), so an address space
 *   lends at most the tables on one path at once (%NOVA_NODE_DIRT_PATH),
 *   and a committing batch, which writes the tables its steps changed at
 *   its end (DOC: Batches), %NOVA_NODE_DIRT_LATER more before it writes
 *   them early (nova_dirt_pool_low()): its &struct nova_dirt_pool holds
 *   %NOVA_NODE_DIRT_SLOTS of them (6 KiB), in &struct vmm, allocated with
 *   it; the commit path takes a slot and never allocates. A table to be
 *   written whole (a new one from the allocator, a restore) needs none
 *   (&nova_node.all), and a clean qword's VRAM is its copy, live or not.
 *
 * That is 4264 bytes, 1.04 times the table; the VRAM allocator adds its
 * own blocks (two &struct gpu_buddy_block of 80 bytes per 4 KiB table
 * allocated one by one) and directories take twice their VRAM (entries and
 * child pointers): make bench measures 1.09 on GA102 (the first case of a
 * fresh boot, no slab objects left to reuse) where it measured 1.20 with
 * three 512-bit bitmaps in every node and kmalloc's rounding.
 */
#include <linux/slab.h>

#include "io/bar2wc.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/pt_mem.h"
#include "mm/node.h"
#include "mm/vram.h"

/**
 * nova_node_desc() - The level descriptor of a table.
 * @fmt: Format.
 * @level: Level.
 * @big: The 64 KiB page table (level 0).
 *
 * Return: The descriptor.
 */
const struct nova_pt_level *nova_node_desc(const struct nova_pt_fmt *fmt, u8 level, bool big)
{
	return big ? &fmt->big : &fmt->lvl[level];
}

/* Every GPU's shadow nodes: a cache of their exact size (DOC: Shadow memory). */
static struct kmem_cache *node_slab;

/**
 * nova_node_slab_init() - Create the slab caches of shadow nodes and tables.
 *
 * Context: Module init, before any GPU is probed.
 * Return: 0; -ENOMEM.
 */
int nova_node_slab_init(void)
{
	int ret = nova_pt_slab_init();

	if (ret)
		return ret;
	node_slab = KMEM_CACHE(nova_node, 0);
	if (!node_slab) {
		nova_pt_slab_fini();
		return -ENOMEM;
	}
	return 0;
}

/**
 * nova_node_slab_fini() - Destroy the slab caches of shadow nodes and tables.
 *
 * Context: Module exit, after every GPU is gone.
 */
void nova_node_slab_fini(void)
{
	kmem_cache_destroy(node_slab);
	nova_pt_slab_fini();
}

static void *node_kzalloc(size_t size)
{
	return nova_fail_alloc(size) ? NULL : kzalloc(size, GFP_KERNEL);
}

/* A zeroed node with an empty @link, from the node cache. */
static struct nova_node *node_new(struct nova_dirt_pool *pool, u8 level, bool big)
{
	struct nova_node *n;

	n = nova_fail_alloc(sizeof(*n)) ? NULL : kmem_cache_zalloc(node_slab, GFP_KERNEL);
	if (!n)
		return NULL;
	n->pool = pool;
	n->level = level;
	n->big = big;
	INIT_LIST_HEAD(&n->link);
	return n;
}

/*
 * The node's &struct nova_dirt, lent from its pool at its first change
 * since it was last written; NULL for a node written whole (@all). The pool
 * runs dry only if flushes failed (a device gone, MMIO off) and left nodes
 * part written: the node is then written whole, as a restore writes it.
 */
static struct nova_dirt *node_dirt(struct nova_node *n)
{
	struct nova_dirt_pool *p = n->pool;
	unsigned int i;

	if (n->dirt || n->all)
		return n->dirt;
	i = find_first_zero_bit(p->busy, NOVA_NODE_DIRT_SLOTS);
	if (i == NOVA_NODE_DIRT_SLOTS) {
		n->all = true;
		return NULL;
	}
	__set_bit(i, p->busy);
	n->dirt = &p->slot[i];
	return n->dirt;
}

/* Give the node's &struct nova_dirt back to its pool, zeroed. */
static void node_dirt_put(struct nova_node *n)
{
	struct nova_dirt *d = n->dirt;

	if (!d)
		return;
	bitmap_zero(d->dirty, n->nq);
	bitmap_zero(d->hi_dirty, n->nq);
	bitmap_zero(d->live, n->nq);
	__clear_bit(d - n->pool->slot, n->pool->busy);
	n->dirt = NULL;
}

/* Qword @q differs from VRAM. */
static bool node_dirty(const struct nova_node *n, u32 q)
{
	return n->all || (n->dirt && test_bit(q, n->dirt->dirty));
}

/* Dirty qword @q is live in VRAM. */
static bool node_vram_live(const struct nova_node *n, u32 q)
{
	return n->dirt && test_bit(q, n->dirt->live);
}

/* Dirty qword @q's high dword may differ from VRAM's. */
static bool node_hi_dirty(const struct nova_node *n, u32 q)
{
	return !n->dirt || test_bit(q, n->dirt->hi_dirty);
}

/* Free a node's shadow: its arrays and itself. */
static void node_release(struct nova_node *n)
{
	node_dirt_put(n);
	kfree(n->child);
	kfree(n->orig);
	kfree(n->e);
	kmem_cache_free(node_slab, n);
}

/**
 * nova_node_alloc() - A new table: shadow node, CPU copy and VRAM.
 * @gpu: GPU.
 * @pool: Its address space's &struct nova_dirt_pool.
 * @fmt: Format.
 * @level: Level.
 * @big: A 64 KiB page table.
 *
 * The VRAM is not written: the whole copy is to be written (&nova_node.all),
 * unless the VRAM came zeroed from the table cache (it matches the all-zero
 * copy then).
 *
 * Context: Process context; may sleep; takes the page-table memory lock.
 * Return: The node, or ERR_PTR(-ENOMEM).
 */
struct nova_node *nova_node_alloc(struct nova_gpu *gpu, struct nova_dirt_pool *pool,
				  const struct nova_pt_fmt *fmt, u8 level, bool big)
{
	const struct nova_pt_level *l = nova_node_desc(fmt, level, big);
	u32 size = nova_node_bytes(fmt, level, big);
	struct nova_node *n = node_new(pool, level, big);

	if (!n)
		return ERR_PTR(-ENOMEM);
	n->nq = nova_node_qwords(l);
	n->e = node_kzalloc(n->nq * sizeof(u64));
	if (n->e && level)
		n->child = node_kzalloc(n->nq * sizeof(*n->child));
	if (n->e && (n->child || !level))
		n->pt = nova_pt_alloc(gpu, size, big ? NOVA_PT_STAT_BIG : level, 0);
	if (IS_ERR_OR_NULL(n->pt)) {
		n->pt = NULL;
		nova_node_free(gpu, n);
		return ERR_PTR(-ENOMEM);
	}
	n->addr = n->pt->addr;
	n->all = !n->pt->zeroed;
	return n;
}

/**
 * nova_node_bytes() - The VRAM bytes nova_node_alloc() takes for a table.
 * @fmt: Format.
 * @level: Level.
 * @big: A 64 KiB page table.
 *
 * Return: Bytes.
 */
u32 nova_node_bytes(const struct nova_pt_fmt *fmt, u8 level, bool big)
{
	const struct nova_pt_level *l = nova_node_desc(fmt, level, big);

	return max_t(u32, nova_pt_table_size(l), l->align);
}

/**
 * nova_node_charge() - Charge a new table's bytes to a counter until it is freed.
 * @n: The table, from nova_node_alloc().
 * @charge: The counter (an address space's page-table bytes).
 */
void nova_node_charge(struct nova_node *n, atomic64_t *charge)
{
	n->pt->charge = charge;
	atomic64_add(n->pt->size, charge);
}

/**
 * nova_node_foreign() - Shadow node for a table someone else owns.
 * @pool: Its address space's &struct nova_dirt_pool.
 * @fmt: Format.
 * @level: Level.
 * @big: A 64 KiB page table.
 * @addr: The table's VRAM address.
 *
 * The caller reads the table into @e and @orig: VRAM holds @e.
 *
 * Context: Process context; may sleep.
 * Return: The node, or ERR_PTR(-ENOMEM).
 */
struct nova_node *nova_node_foreign(struct nova_dirt_pool *pool, const struct nova_pt_fmt *fmt,
				    u8 level, bool big, u64 addr)
{
	struct nova_node *n = node_new(pool, level, big);

	if (!n)
		return ERR_PTR(-ENOMEM);
	n->foreign = true;
	n->addr = addr;
	n->nq = nova_node_qwords(nova_node_desc(fmt, level, big));
	n->e = node_kzalloc(n->nq * sizeof(u64));
	n->orig = node_kzalloc(n->nq * sizeof(u64));
	if (n->e && n->orig && level)
		n->child = node_kzalloc(n->nq * sizeof(*n->child));
	if (!n->e || !n->orig || (level && !n->child)) {
		nova_node_free(NULL, n);
		return ERR_PTR(-ENOMEM);
	}
	return n;
}

/**
 * nova_node_pde() - The entry that links a table into its parent.
 * @fmt: Format.
 * @child: The table.
 *
 * Return: A PDE, or the big half of a dual PDE for a 64 KiB page table.
 */
u64 nova_node_pde(const struct nova_pt_fmt *fmt, const struct nova_node *child)
{
	return child->big ? fmt->pde_big(child->addr, NOVA_APER_VIDEO) :
			    fmt->pde(child->addr, NOVA_APER_VIDEO);
}

/**
 * nova_node_sparse() - The sparse encoding of a qword of a table.
 * @fmt: Format.
 * @n: The table.
 * @q: Qword index.
 *
 * Return: A sparse PTE in page tables, the sparse big half (and 0 for the
 * small half) at the dual level, a sparse PDE above.
 */
u64 nova_node_sparse(const struct nova_pt_fmt *fmt, const struct nova_node *n, u32 q)
{
	if (!n->level)
		return fmt->sparse_pte;
	if (n->level == NOVA_PT_DUAL)
		return q & 1 ? 0 : fmt->sparse_big;
	return fmt->sparse_pde;
}

/**
 * nova_node_slot_free() - Nothing is mapped through a qword of a table.
 * @fmt: Format.
 * @n: The table.
 * @q: Qword index.
 *
 * Return: true if it is zero or sparse, with no child table.
 */
bool nova_node_slot_free(const struct nova_pt_fmt *fmt, const struct nova_node *n, u32 q)
{
	return !(n->child && n->child[q]) && (!n->e[q] || n->e[q] == nova_node_sparse(fmt, n, q));
}

/**
 * nova_node_fill_sparse() - Make every entry of a new table sparse.
 * @fmt: Format.
 * @n: The table, fresh.
 */
void nova_node_fill_sparse(const struct nova_pt_fmt *fmt, struct nova_node *n)
{
	u32 q;

	for (q = 0; q < n->nq; q++)
		nova_node_set(n, q, nova_node_sparse(fmt, n, q));
}

/**
 * nova_node_maps_nothing() - A subtree holds no page, only zero or sparse entries.
 * @fmt: Format.
 * @n: Its root.
 *
 * Return: true if replacing it loses no mapping.
 */
bool nova_node_maps_nothing(const struct nova_pt_fmt *fmt, const struct nova_node *n)
{
	u32 q;

	if (n->foreign)
		return false;
	for (q = 0; q < n->nq; q++) {
		if (n->child && n->child[q]) {
			if (!nova_node_maps_nothing(fmt, n->child[q]))
				return false;
		} else if (n->e[q] && n->e[q] != nova_node_sparse(fmt, n, q)) {
			return false;
		}
	}
	return true;
}

/**
 * nova_node_retire_tree() - nova_node_retire() a subtree, leaves first.
 * @pending: List the VRAM waits on until the TLB invalidate completed.
 * @n: Its root, unlinked.
 */
void nova_node_retire_tree(struct list_head *pending, struct nova_node *n)
{
	u32 q;

	for (q = 0; n->child && q < n->nq; q++)
		if (n->child[q])
			nova_node_retire_tree(pending, n->child[q]);
	nova_node_retire(pending, n);
}

/*
 * Tell the table's VRAM which bytes may hold entries, for the zeroing at
 * its free (DOC: Scrubbing) or on its way into the table cache: those not
 * zero in the copy, those live in VRAM and those changed since (@dirty:
 * VRAM may hold the old value; a table from the allocator starts all
 * dirty). None of them: VRAM is all zero, the table is cached as it is. If
 * it was never written (a failed or unused prepare, a root its teardown
 * cleared: nova_node_clean()) and some may not be zero, nothing is said:
 * nothing is zeroed and the table is not cached. A clean qword's VRAM is
 * its copy: zero, or not.
 */
static void node_scrub_mark(struct nova_node *n)
{
	u32 q, first = n->nq, last = 0;

	for (q = 0; q < n->nq; q++) {
		if (!n->e[q] && !node_dirty(n, q))
			continue;
		first = min(first, q);
		last = q;
	}
	if (first == n->nq)
		nova_pt_scrub_range(n->pt, 0, 0);
	else if (n->written)
		nova_pt_scrub_range(n->pt, first * sizeof(u64), (last + 1) * sizeof(u64));
}

/**
 * nova_node_clean() - Its owner cleared the table in VRAM: freeing it writes nothing.
 * @n: The node.
 *
 * For a root, which teardown clears before its last invalidate (DOC:
 * Scrubbing): zeroing it again after that invalidate would be a store into
 * a root the GPU was shown empty.
 */
void nova_node_clean(struct nova_node *n)
{
	n->written = false;
}

/**
 * nova_node_free() - Free a table the GPU cannot be walking, VRAM included.
 * @gpu: GPU.
 * @n: The node, or NULL. A foreign table's VRAM is not ours to free.
 */
void nova_node_free(struct nova_gpu *gpu, struct nova_node *n)
{
	if (!n)
		return;
	list_del_init(&n->link);
	if (n->pt) {
		node_scrub_mark(n);
		nova_pt_free(gpu, n->pt);
	}
	node_release(n);
}

/**
 * nova_node_retire() - Free the shadow of an unlinked table, queue its VRAM.
 * @pending: List the VRAM waits on until the TLB invalidate completed.
 * @n: The node.
 */
void nova_node_retire(struct list_head *pending, struct nova_node *n)
{
	list_del_init(&n->link);	/* off a batch's list of tables to write */
	if (n->pt) {
		node_scrub_mark(n);
		nova_pt_defer(pending, n->pt);
	}
	node_release(n);
}

/**
 * nova_node_set() - Change a qword of a table's copy.
 * @n: The node.
 * @q: Qword index.
 * @val: New value.
 *
 * The first change since the table was written borrows a &struct nova_dirt
 * from the address space's pool (DOC: Shadow memory); nova_node_flush()
 * gives it back. Never allocates.
 *
 * Context: The address space's page-table lock held.
 */
void nova_node_set(struct nova_node *n, u32 q, u64 val)
{
	struct nova_dirt *d = node_dirt(n);

	n->used += !n->e[q] - !val;
	if (d) {
		/* Clean until now: VRAM holds the old value. */
		if (!__test_and_set_bit(q, d->dirty))
			__assign_bit(q, d->live, n->e[q] & NOVA_PT_LIVE);
		if (upper_32_bits(n->e[q]) != upper_32_bits(val))
			__set_bit(q, d->hi_dirty);
	}
	n->e[q] = val;
}

/* One dword of qword @q: the low one, or the high one. */
static int flush_dword(struct nova_gpu *gpu, struct nova_node *n, u32 q, bool high, u32 val)
{
	return nova_pramin_write32(gpu, n->addr + q * sizeof(u64) + (high ? sizeof(u32) : 0),
				   &val, 1);
}

/*
 * A qword live in VRAM. The same high dword: one store of the low one, an
 * atomic change (protect, unmap of a low address). Otherwise the low dword
 * goes first: the new one if it points nowhere, else zero, so that the
 * entry passes through invalid, never through old-low with new-high.
 */
static int flush_live(struct nova_gpu *gpu, struct nova_node *n, u32 q)
{
	u64 v = n->e[q];
	bool live = v & NOVA_PT_LIVE;
	int ret;

	if (!node_hi_dirty(n, q))
		return flush_dword(gpu, n, q, false, lower_32_bits(v));
	ret = flush_dword(gpu, n, q, false, live ? 0 : lower_32_bits(v));
	ret = ret ?: flush_dword(gpu, n, q, true, upper_32_bits(v));
	if (!ret && live)
		ret = flush_dword(gpu, n, q, false, lower_32_bits(v));
	return ret;
}

/*
 * Qwords not live in VRAM go in bulk, high dword first (nova_pramin_write64()):
 * the low dword, which may make the entry live, lands on the final high one.
 */
static int flush_run(struct nova_gpu *gpu, struct nova_node *n, u32 start, u32 end)
{
	u32 q, s;
	int ret = 0;

	for (q = start; q < end && !ret; q = s) {
		for (s = q; s < end && !node_vram_live(n, s); s++)
			;
		if (s > q)
			ret = nova_pramin_write64(gpu, n->addr + q * sizeof(u64), &n->e[q], s - q);
		else
			ret = flush_live(gpu, n, s++);
	}
	return ret;
}

/* Through PRAMIN: dword stores, in the order flush_run() chooses. */
static int flush_pramin(struct nova_gpu *gpu, struct nova_node *n)
{
	unsigned int start, end;
	int ret = nova_bar2wc_pramin_begin(gpu);

	if (ret)
		return ret;
	if (n->all)
		ret = flush_run(gpu, n, 0, n->nq);
	else if (n->dirt)
		for_each_set_bitrange(start, end, n->dirt->dirty, n->nq) {
			ret = flush_run(gpu, n, start, end);
			if (ret)
				break;
		}
	if (ret)
		return ret;
	nova_bar2wc_pramin_wrote(gpu);
	return 0;
}

/* Through BAR2: one 64-bit store per entry, a run at a time; none is torn. */
static int flush_bar2(struct nova_gpu *gpu, struct nova_node *n)
{
	unsigned int start, end;
	int ret = nova_bar2wc_begin(gpu);

	if (ret)
		return ret;
	if (n->all)
		nova_bar2wc_write(gpu, n->addr, n->e, n->nq);
	else if (n->dirt)
		for_each_set_bitrange(start, end, n->dirt->dirty, n->nq)
			nova_bar2wc_write(gpu, n->addr + start * sizeof(u64), &n->e[start],
					  end - start);
	return 0;
}

/*
 * Which qwords of a table the restore writes: all of one of ours; in a
 * foreign table only those we changed (the rest is its owner's).
 */
static void restore_mark(struct nova_node *n)
{
	struct nova_dirt *d;
	u32 q;

	if (!n->foreign) {
		node_dirt_put(n);
		n->all = true;
		return;
	}
	for (q = 0; q < n->nq; q++) {
		if (n->e[q] == n->orig[q])
			continue;
		d = node_dirt(n);
		if (!d)
			return;
		__set_bit(q, d->dirty);
		__set_bit(q, d->hi_dirty);
		__clear_bit(q, d->live);
	}
}

/**
 * nova_node_flush() - Write the dirty qwords of a table, a run at a time.
 * @gpu: GPU.
 * @n: The node.
 *
 * The only writer of page tables. Through BAR2 when nova_bar2wc_covers()
 * says so: after a barrier that makes the tables written before reach the
 * GPU first (the children this one links), one 64-bit store per entry.
 * Else through PRAMIN, where the GPU may walk the table between the two
 * dword stores of an entry: no mix of an entry's old and new dwords ever
 * points anywhere (review H2). An entry that was not live in VRAM gets its
 * high dword first; one that was live and keeps its high dword gets one
 * store; one that changes its high dword gets the low one first, cleared
 * if the new entry is live. A table VRAM may have lost since it was last
 * written whole (nova_pt_lost()) is written whole. Written, the table
 * gives its &struct nova_dirt back; one that failed keeps it, and what it
 * owes, for the next flush or restore.
 *
 * Context: Process context; the address space's page-table lock held;
 * through PRAMIN takes the PRAMIN lock.
 * Return: 0; -ENODEV if the device is gone.
 */
int nova_node_flush(struct nova_gpu *gpu, struct nova_node *n)
{
	int ret;

	/* Zeroed from the cache, but VRAM was lost since: write it whole. */
	if (n->pt && nova_pt_lost(gpu, n->pt))
		restore_mark(n);
	n->written = true;
	if (nova_bar2wc_covers(gpu, n->addr, n->nq * sizeof(u64)))
		ret = flush_bar2(gpu, n);
	else
		ret = flush_pramin(gpu, n);
	if (ret)
		return ret;
	node_dirt_put(n);
	n->all = false;
	return 0;
}

/**
 * nova_dirt_pool_low() - Whether a walk could run out of dirt slots.
 * @pool: An address space's pool.
 *
 * A batch's commit keeps tables part written until its end; once fewer
 * slots than a walk's path may need are free, it writes them (DOC: Shadow
 * memory).
 *
 * Context: The address space's page-table lock held.
 * Return: true when fewer than %NOVA_NODE_DIRT_PATH slots are free.
 */
bool nova_dirt_pool_low(const struct nova_dirt_pool *pool)
{
	return NOVA_NODE_DIRT_SLOTS - bitmap_weight(pool->busy, NOVA_NODE_DIRT_SLOTS) <
	       NOVA_NODE_DIRT_PATH;
}

/**
 * nova_node_restore() - Rewrite a subtree into VRAM from its shadow.
 * @gpu: GPU.
 * @n: The subtree's root.
 *
 * After a reset or a resume VRAM may hold anything: every qword of our
 * tables is written, and of a foreign table the qwords we wrote. Children
 * go before their parent, so that no entry written here points at a table
 * not written yet. Nothing in VRAM counts as live: each qword is written
 * high dword first, then low (nova_node_flush()).
 *
 * Context: Process context; the address space's page-table lock held;
 * takes the PRAMIN lock. Recursion is bounded by the format's levels.
 * Return: 0; -ENODEV; -EIO.
 */
int nova_node_restore(struct nova_gpu *gpu, struct nova_node *n)
{
	int ret;
	u32 q;

	for (q = 0; n->child && q < n->nq; q++) {
		if (!n->child[q])
			continue;
		ret = nova_node_restore(gpu, n->child[q]);
		if (ret)
			return ret;
	}
	restore_mark(n);
	return nova_node_flush(gpu, n);
}
