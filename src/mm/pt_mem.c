// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Page-table memory
 *
 * Tables of 4 KiB (and the roots, see below) get a 4 KiB block of their own
 * from the VRAM allocator, from the top of VRAM. Smaller tables, the 256-byte
 * big-page tables, are cut from 4 KiB chunks at their natural alignment (a
 * bitmap of slots per chunk); a chunk goes back to the allocator when its
 * last table is freed.
 *
 * The roots (32 bytes for v2 PD3, 16 bytes for v3 PD4) are kept in full
 * 4 KiB pages on purpose: the PDB address the hardware takes is 4 KiB
 * aligned (NV_RAMIN_PAGE_DIR_BASE_LO is bits 31:12, the invalidate
 * register's PDB field is address >> 12), and NVIDIA's driver allocates all
 * root entries whatever the VA limit, because the MMU may prefetch them
 * (kgmmuGetPDBAllocSize_GP100). One page per address space is cheap.
 *
 * A table is zeroed through PRAMIN before it can be linked (%NOVA_PT_ZERO),
 * unless the caller is going to write every entry itself: an all-zero entry
 * is invalid at every level of both formats.
 *
 * A table unlinked from a live tree may still be walked by the GPU until the
 * TLB is invalidated: nova_pt_defer() puts it on the caller's list, and
 * nova_pt_release() returns the list to the allocator once the caller saw
 * the invalidate complete.
 */

/**
 * DOC: Scrubbing
 *
 * VRAM that held page tables goes back to the allocator, and from there to
 * clients (vmm_vram_alloc()), only zeroed: old tables hold VRAM and DMA
 * addresses of other address spaces (review L2). A freed table's VRAM is
 * noted dirty (nova_vram_dirty()), the bytes the shadow says were ever
 * written only (nova_pt_scrub_range(), from the first to the last entry
 * that may not be zero); an instance block's whole. vmm_vram_alloc() zeroes
 * through PRAMIN what of a new client allocation is dirty
 * (nova_vram_scrub()) before handing it out. Most freed table memory goes
 * back to page tables, which are written whole before they are linked, so
 * it is never zeroed: an unmap of 1 GiB of 4 KiB pages frees 2 MiB of
 * tables and writes 4 dwords, not 2 MiB. Without memory to note a range,
 * it is zeroed at once. Freeing happens after the TLB invalidate, never in
 * a commit. A
 * root is the exception: teardown clears it before its last invalidate,
 * which must see it empty, so it is not zeroed again at its free
 * (nova_node_clean()); if that clearing failed (device gone, PCI error),
 * its PDEs, VRAM addresses of freed tables, stay.
 */
/**
 * DOC: Table cache
 *
 * A 4 KiB table handed out by the allocator holds whatever VRAM held, so
 * its owner writes it whole: 1024 dword stores through PRAMIN before the
 * first entry counts. Map/unmap churn and a page in a fresh 2 MiB region
 * paid that for every table. Tables freed after their invalidate therefore
 * go to a per-GPU cache of tables whose VRAM is all zero, and
 * nova_pt_alloc() takes from it first: such a table is handed out with
 * @zeroed set, and its owner writes only the entries it sets.
 *
 * Which tables enter. Only tables whose owner said what VRAM holds
 * (nova_pt_scrub_range(), from the shadow: zero outside a range of bytes).
 * Zero everywhere: they enter as they are (a table whose entries were all
 * cleared, an unused prepared table). A few bytes that may not be zero, at
 * most 1/%NOVA_PT_CACHE_ZERO_DIV of the table: that is the last page of an
 * unmap, whose table is unlinked without its entry being cleared, and the
 * directories above it. They enter with that range noted dirty
 * (nova_vram_dirty(), no store), and it is zeroed when the table is handed
 * out again (nova_vram_scrub(): two stores instead of 1024), so a free
 * writes nothing and an unmap of 1 GiB stays at 4 dword writes. With more
 * than that the table would cost about as much to zero as to write: it
 * goes back to the allocator, noted dirty (DOC: Scrubbing).
 * Only whole 4 KiB tables are cached, the only ones that cost 1024 stores;
 * a 256-byte big-page table shares a chunk, and caching it would pin the
 * chunk for what is 64 stores to write.
 *
 * The invalidate rule holds: a table enters the cache from nova_pt_free(),
 * which is called only once the invalidate that made the table unreachable
 * completed, and the trace event nvt_inval checks fires there.
 *
 * Bound and pressure. The cache holds at most pt_cache_kib KiB per GPU
 * (module parameter, %NOVA_PT_CACHE_KIB by default: 256 tables, 0 turns it
 * off); a table beyond that goes back to the allocator. The cache holds
 * VRAM, not host memory (an entry costs 80-odd bytes of slab), so a memory
 * shrinker, which reacts to host memory pressure, would give back the
 * wrong thing at the wrong time. It is given back when VRAM runs out
 * instead: the allocator counts it free (nova_vram_reclaimable(),
 * nova_vram_avail()), and an allocation that finds the allocator empty
 * (a client's vmm_vram_alloc(), an instance block, a chunk of small tables)
 * empties the cache and tries again (nova_pt_cache_vram_get()). What of a
 * cached table is not zero is noted dirty, so a client gets it zeroed.
 *
 * VRAM lost. A reset or a resume that powered VRAM off leaves the cached
 * tables holding anything: nova_pt_mem_lost(), from the restore, empties
 * the cache and starts a new VRAM epoch. A table taken from the cache
 * before and linked after (a prepared map committed after a resume) is
 * written whole by its first nova_node_flush(), which asks nova_pt_lost();
 * a table last written before and freed after (unlinked, waiting for an
 * invalidate, quarantined) does not enter the cache: what the shadow says
 * of its VRAM no longer holds.
 *
 * Accounting: a cached table counts in &struct nova_pt_cache_stats, not as
 * a table in use (&struct nova_pt_stats); debugfs shows both (``info``).
 * Locking: the page-table memory lock protects the cache and its
 * accounting; noting and zeroing happen with it dropped. Zeroing is in
 * nova_pt_alloc(), in a prepare, never in a commit.
 */
#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/stringify.h>

#include "io/gpu.h"
#include "io/pramin.h"
#include "io/tlb.h"
#include "mm/pt_mem.h"
#include "io/trace.h"
#include "mm/vram.h"

/**
 * struct nova_pt_chunk - A 4 KiB block small tables are cut from.
 * @link: On &nova_pt_mem.partial while it has a free slot.
 * @vram: The block.
 * @used: Bitmap of used slots.
 * @size: Slot size.
 */
struct nova_pt_chunk {
	struct list_head link;
	struct nova_vram_alloc vram;
	DECLARE_BITMAP(used, SZ_4K / NOVA_PT_SUB_MIN);
	u32 size;
};

/* A table enters the cache if at most 1/NOVA_PT_CACHE_ZERO_DIV of it may not be zero. */
#define NOVA_PT_CACHE_ZERO_DIV	8

static unsigned int pt_cache_kib = NOVA_PT_CACHE_KIB;
module_param(pt_cache_kib, uint, 0444);
MODULE_PARM_DESC(pt_cache_kib,
		 "KiB of zeroed 4 KiB page tables kept per GPU for reuse (0: none; default "
		 __stringify(NOVA_PT_CACHE_KIB) ")");

/*
 * &struct nova_pt of every GPU: a cache of its exact size, not kmalloc's
 * next size class (DOC: Shadow memory in node.c).
 */
static struct kmem_cache *pt_slab;

/**
 * nova_pt_slab_init() - Create the slab cache of &struct nova_pt.
 *
 * Context: Module init, before any GPU is probed.
 * Return: 0; -ENOMEM.
 */
int nova_pt_slab_init(void)
{
	pt_slab = KMEM_CACHE(nova_pt, 0);
	return pt_slab ? 0 : -ENOMEM;
}

/**
 * nova_pt_slab_fini() - Destroy the slab cache of &struct nova_pt.
 *
 * Context: Module exit, after every GPU is gone.
 */
void nova_pt_slab_fini(void)
{
	kmem_cache_destroy(pt_slab);
}

static unsigned int pt_class(u32 size)
{
	return ilog2(size) - ilog2(NOVA_PT_SUB_MIN);
}

static unsigned int chunk_slots(const struct nova_pt_chunk *c)
{
	return SZ_4K / c->size;
}

/**
 * struct nova_pt_mem - Page-table memory of one GPU.
 * @lock: Protects @partial, the chunks on it and @stats. Taken with no
 *        page-table or PRAMIN lock held; the VRAM allocator's lock nests
 *        inside it.
 * @partial: Per sub-allocated size class, chunks with a free slot.
 * @stats: Accounting.
 * @quarantine: Tables of destroyed address spaces whose last invalidate
 *              timed out (&struct nova_pt_quarantine), under @lock.
 * @cache: Zeroed 4 KiB tables (DOC: Table cache), most recent first, under
 *         @lock.
 * @cache_pending: Bytes of tables being noted dirty on their way into @cache,
 *                 counted against its bound, under @lock.
 * @cache_stats: Its accounting, under @lock.
 * @epoch: VRAM epoch, bumped when VRAM may have been lost
 *         (nova_pt_mem_lost()); read without a lock.
 */
struct nova_pt_mem {
	struct mutex lock; /* see above */
	struct list_head partial[NOVA_PT_SUB_CLASSES];
	struct nova_pt_stats stats;
	struct list_head quarantine;
	struct list_head cache;
	u64 cache_pending;
	struct nova_pt_cache_stats cache_stats;
	u32 epoch;
};

/**
 * struct nova_pt_quarantine - What an invalidate that timed out left behind.
 * @link: On &nova_pt_mem.quarantine.
 * @pdb: The root of the address space, to invalidate again.
 * @tlb_flags: Its NOVA_TLB_* flags.
 * @tables: Its tables (&struct nova_pt), the root among them.
 */
struct nova_pt_quarantine {
	struct list_head link;
	u64 pdb;
	u32 tlb_flags;
	struct list_head tables;
};

/**
 * nova_pt_mem_init() - Set up page-table memory of a GPU.
 * @gpu: GPU with its VRAM allocator.
 *
 * Return: 0; -ENOMEM.
 */
int nova_pt_mem_init(struct nova_gpu *gpu)
{
	struct nova_pt_mem *m = kzalloc(sizeof(*m), GFP_KERNEL);
	unsigned int i;

	if (!m)
		return -ENOMEM;
	mutex_init(&m->lock);
	for (i = 0; i < NOVA_PT_SUB_CLASSES; i++)
		INIT_LIST_HEAD(&m->partial[i]);
	INIT_LIST_HEAD(&m->quarantine);
	INIT_LIST_HEAD(&m->cache);
	m->cache_stats.limit = (u64)pt_cache_kib * SZ_1K;
	gpu->ptm = m;
	return 0;
}

/*
 * Before the invalidate that lets a quarantined root go, clear it again
 * (teardown's clear may have failed, or a power loss refilled it): the
 * root is seen empty by the invalidate, as at every teardown.
 */
static int quarantine_clear_root(struct nova_gpu *gpu, struct nova_pt_quarantine *q)
{
	struct nova_pt *pt;

	list_for_each_entry(pt, &q->tables, link)
		if (pt->addr == q->pdb)
			return nova_pramin_fill(gpu, pt->addr, 0, pt->size);
	return 0;
}

/* Free quarantined tables: all (@all), or those a new invalidate clears. */
static void pt_quarantine_release(struct nova_gpu *gpu, bool all)
{
	struct nova_pt_mem *m = gpu->ptm;
	struct nova_pt_quarantine *q, *next;
	LIST_HEAD(todo);

	mutex_lock(&m->lock);
	list_splice_init(&m->quarantine, &todo);
	mutex_unlock(&m->lock);
	list_for_each_entry_safe(q, next, &todo, link) {
		if (!all && !nova_gpu_gone(gpu) &&
		    (quarantine_clear_root(gpu, q) ||
		     nova_tlb_invalidate(gpu, q->pdb, q->tlb_flags | NOVA_TLB_ACK)))
			continue;
		dev_info(gpu->dev, "page tables of PDB %#llx released from quarantine\n", q->pdb);
		nova_pt_release(gpu, &q->tables);
		list_del(&q->link);
		kfree(q);
	}
	mutex_lock(&m->lock);
	list_splice(&todo, &m->quarantine);
	mutex_unlock(&m->lock);
}

/**
 * nova_pt_quarantine() - Keep the tables of an address space the GPU may still walk.
 * @gpu: GPU.
 * @tables: The tables (nova_pt_defer()), the root among them; taken.
 * @pdb: The root's address.
 * @tlb_flags: The address space's NOVA_TLB_* flags.
 *
 * For an address space destroyed after its invalidate timed out: the GPU
 * may still hold translations through its tables, so neither they nor the
 * root may be freed or handed out again (a new address space would inherit
 * the stale translations) until an invalidate of @pdb completes
 * (nova_pt_quarantine_retry()), or the GPU goes. Without memory for the
 * record, the tables are leaked rather than freed.
 *
 * Context: Process context; takes the page-table memory lock.
 */
void nova_pt_quarantine(struct nova_gpu *gpu, struct list_head *tables, u64 pdb,
			u32 tlb_flags)
{
	struct nova_pt_quarantine *q = kzalloc(sizeof(*q), GFP_KERNEL);
	struct nova_pt *pt;

	dev_warn(gpu->dev, "invalidate of PDB %#llx timed out: its page tables are quarantined\n",
		 pdb);
	/* They outlive their address space: nothing to charge them to. */
	list_for_each_entry(pt, tables, link)
		pt->charge = NULL;
	if (!q) {
		INIT_LIST_HEAD(tables);	/* leaked, never freed unsafely */
		return;
	}
	q->pdb = pdb;
	q->tlb_flags = tlb_flags;
	INIT_LIST_HEAD(&q->tables);
	list_splice_init(tables, &q->tables);
	mutex_lock(&gpu->ptm->lock);
	list_add_tail(&q->link, &gpu->ptm->quarantine);
	mutex_unlock(&gpu->ptm->lock);
}

/**
 * nova_pt_quarantine_retry() - Invalidate quarantined roots again; free what clears.
 * @gpu: GPU.
 *
 * Context: Process context; may sleep (one invalidate per quarantined
 * address space); takes the page-table memory and TLB locks.
 */
void nova_pt_quarantine_retry(struct nova_gpu *gpu)
{
	pt_quarantine_release(gpu, false);
}

/**
 * nova_pt_mem_fini() - Check that every table came back, then tear down.
 * @gpu: GPU.
 */
void nova_pt_mem_fini(struct nova_gpu *gpu)
{
	struct nova_pt_mem *m = gpu->ptm;

	pt_quarantine_release(gpu, true);
	nova_pt_cache_shrink(gpu, U64_MAX);
	WARN(m->stats.tables || m->stats.vram_bytes,
	     "nova_vmm: %llu page tables (%llu bytes of VRAM) leaked\n",
	     m->stats.tables, m->stats.vram_bytes);
	mutex_destroy(&m->lock);
	kfree(m);
	gpu->ptm = NULL;
}

static void pt_account(struct nova_pt_mem *m, const struct nova_pt *pt, int sign)
{
	lockdep_assert_held(&m->lock);
	m->stats.level_bytes[pt->stat] += sign * (s64)pt->size;
	m->stats.class_bytes[pt_class(pt->size)] += sign * (s64)pt->size;
	m->stats.tables += sign;
	if (!pt->chunk)
		m->stats.vram_bytes += sign * (s64)pt->size;
}

/* Take a table off the cache; the caller owns it, its VRAM still allocated. */
static void pt_cache_del_locked(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct nova_pt_cache_stats *cs = &gpu->ptm->cache_stats;

	lockdep_assert_held(&gpu->ptm->lock);
	list_del_init(&pt->link);
	cs->entries--;
	cs->bytes -= pt->size;
	nova_vram_reclaimable(gpu, -(s64)pt->size);
}

static u64 pt_cache_shrink_locked(struct nova_gpu *gpu, u64 bytes)
{
	struct nova_pt_mem *m = gpu->ptm;
	struct nova_pt *pt;
	u64 freed = 0;

	lockdep_assert_held(&m->lock);
	while (freed < bytes && !list_empty(&m->cache)) {
		pt = list_last_entry(&m->cache, struct nova_pt, link);
		pt_cache_del_locked(gpu, pt);
		m->cache_stats.shrunk++;
		freed += pt->size;
		/* What of it is not zero is noted dirty: scrubbed for a client. */
		nova_vram_put(gpu, &pt->vram);
		kmem_cache_free(pt_slab, pt);
	}
	return freed;
}

/* 4 KiB of VRAM for tables; if there is none, give the cache back and retry. */
static int pt_vram_get_locked(struct nova_gpu *gpu, struct nova_vram_alloc *a)
{
	lockdep_assert_held(&gpu->ptm->lock);
	if (!nova_vram_get(gpu, SZ_4K, SZ_4K, NOVA_VRAM_TOPDOWN, a))
		return 0;
	if (!pt_cache_shrink_locked(gpu, U64_MAX))
		return -ENOMEM;
	return nova_vram_get(gpu, SZ_4K, SZ_4K, NOVA_VRAM_TOPDOWN, a);
}

static struct nova_pt_chunk *chunk_new_locked(struct nova_gpu *gpu, u32 size)
{
	struct nova_pt_mem *m = gpu->ptm;
	struct nova_pt_chunk *c;

	lockdep_assert_held(&m->lock);
	c = nova_fail_alloc(sizeof(*c)) ? NULL : kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	if (pt_vram_get_locked(gpu, &c->vram)) {
		kfree(c);
		return ERR_PTR(-ENOMEM);
	}
	c->size = size;
	list_add(&c->link, &m->partial[pt_class(size)]);
	m->stats.chunk_bytes += SZ_4K;
	m->stats.vram_bytes += SZ_4K;
	return c;
}

static void chunk_put_locked(struct nova_gpu *gpu, struct nova_pt_chunk *c)
{
	struct nova_pt_mem *m = gpu->ptm;

	lockdep_assert_held(&m->lock);
	list_del(&c->link);
	nova_vram_put(gpu, &c->vram);
	m->stats.chunk_bytes -= SZ_4K;
	m->stats.vram_bytes -= SZ_4K;
	kfree(c);
}

static int pt_sub_alloc_locked(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct list_head *partial = &gpu->ptm->partial[pt_class(pt->size)];
	struct nova_pt_chunk *c;
	unsigned int slot;

	lockdep_assert_held(&gpu->ptm->lock);
	c = list_first_entry_or_null(partial, struct nova_pt_chunk, link);
	if (!c)
		c = chunk_new_locked(gpu, pt->size);
	if (IS_ERR(c))
		return PTR_ERR(c);
	slot = find_first_zero_bit(c->used, chunk_slots(c));
	__set_bit(slot, c->used);
	if (bitmap_full(c->used, chunk_slots(c)))
		list_del_init(&c->link);
	pt->chunk = c;
	pt->addr = c->vram.addr + slot * pt->size;
	return 0;
}

static void pt_sub_free_locked(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct nova_pt_chunk *c = pt->chunk;

	lockdep_assert_held(&gpu->ptm->lock);
	if (bitmap_full(c->used, chunk_slots(c)))
		list_add(&c->link, &gpu->ptm->partial[pt_class(c->size)]);
	__clear_bit((pt->addr - c->vram.addr) / c->size, c->used);
	if (bitmap_empty(c->used, chunk_slots(c)))
		chunk_put_locked(gpu, c);
}

static int pt_get_vram(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct nova_pt_mem *m = gpu->ptm;
	int ret;

	mutex_lock(&m->lock);
	if (pt->size < SZ_4K) {
		ret = pt_sub_alloc_locked(gpu, pt);
	} else {
		ret = pt_vram_get_locked(gpu, &pt->vram);
		pt->addr = pt->vram.addr;
	}
	if (!ret)
		pt_account(m, pt, 1);
	mutex_unlock(&m->lock);
	return ret;
}

/*
 * Note what of a table's VRAM may hold entries dirty (DOC: Scrubbing), or
 * zero it now without memory for the note. Return: false if it is neither
 * noted nor zeroed (the fill failed: a device gone, a PCI error).
 */
static bool pt_scrub(struct nova_gpu *gpu, struct nova_pt *pt)
{
	u32 len = pt->scrub_end - pt->scrub_start;

	if (!len || !nova_vram_dirty(gpu, pt->addr + pt->scrub_start, len))
		return true;
	if (nova_pramin_fill(gpu, pt->addr + pt->scrub_start, 0, len))
		return false;
	pt->scrub_end = pt->scrub_start;
	return true;
}

/*
 * Zero what of a table taken from the cache is not zero yet: the range its
 * last owner left, noted dirty when it entered (nova_vram_scrub() zeroes
 * it and forgets the note).
 */
static int pt_cache_zero(struct nova_gpu *gpu, struct nova_pt *pt)
{
	u32 len = pt->scrub_end - pt->scrub_start;
	int ret;

	if (!len)
		return 0;
	ret = nova_vram_scrub(gpu, pt->addr + pt->scrub_start, len);
	if (!ret)
		pt->scrub_end = pt->scrub_start;
	return ret;
}

/*
 * A table from the cache, zeroed, accounted as in use; NULL if none;
 * ERR_PTR() if zeroing it failed.
 */
static struct nova_pt *pt_cache_take(struct nova_gpu *gpu, u32 size, u8 stat)
{
	struct nova_pt_mem *m = gpu->ptm;
	struct nova_pt *pt;
	int ret;

	if (size != SZ_4K)
		return NULL;
	mutex_lock(&m->lock);
	pt = list_first_entry_or_null(&m->cache, struct nova_pt, link);
	if (pt) {
		pt_cache_del_locked(gpu, pt);
		pt->zeroed = true;
		pt->stat = stat;
		pt_account(m, pt, 1);
		m->cache_stats.hits++;
	} else {
		m->cache_stats.misses++;
	}
	mutex_unlock(&m->lock);
	ret = pt ? pt_cache_zero(gpu, pt) : 0;
	if (ret) {
		/* Still known and noted: back to the cache, or to the allocator. */
		nova_pt_free(gpu, pt);
		return ERR_PTR(ret);
	}
	return pt;
}

/* A table from the allocator: its VRAM holds anything. */
static struct nova_pt *pt_new(struct nova_gpu *gpu, u32 size, u8 stat)
{
	struct nova_pt *pt;
	int ret;

	pt = nova_fail_alloc(sizeof(*pt)) ? NULL : kmem_cache_zalloc(pt_slab, GFP_KERNEL);
	if (!pt)
		return ERR_PTR(-ENOMEM);
	pt->size = size;
	pt->stat = stat;
	INIT_LIST_HEAD(&pt->link);
	ret = pt_get_vram(gpu, pt);
	if (ret) {
		kmem_cache_free(pt_slab, pt);
		return ERR_PTR(ret);
	}
	return pt;
}

/**
 * nova_pt_alloc() - Allocate a page table's VRAM.
 * @gpu: GPU.
 * @size: Bytes: a power of two from %NOVA_PT_SUB_MIN to 4 KiB. Smaller tables
 *        are aligned to their size, 4 KiB tables to 4 KiB.
 * @stat: Accounting slot: the table's level, or %NOVA_PT_STAT_BIG.
 * @flags: %NOVA_PT_ZERO to have it all zero.
 *
 * A 4 KiB table comes from the cache of zeroed tables if it holds one (DOC:
 * Table cache): then &nova_pt.zeroed is set, nothing is allocated and at
 * most the few bytes its last owner left are zeroed. Else from the
 * allocator, zeroed through PRAMIN for %NOVA_PT_ZERO.
 *
 * Context: Process context; may sleep. Takes the page-table memory and VRAM
 * allocator locks and, to zero, the PRAMIN lock; none of them is held on
 * return.
 * Return: The table; ERR_PTR(-ENOMEM) without VRAM or kernel memory;
 * ERR_PTR(-ENODEV) if zeroing found the device gone, ERR_PTR(-EIO) with
 * MMIO off.
 */
struct nova_pt *nova_pt_alloc(struct nova_gpu *gpu, u32 size, u8 stat, u32 flags)
{
	struct nova_pt *pt;
	int ret;

	if (WARN_ON_ONCE(!is_power_of_2(size) || size < NOVA_PT_SUB_MIN || size > SZ_4K ||
			 stat >= NOVA_PT_STATS))
		return ERR_PTR(-EINVAL);
	pt = pt_cache_take(gpu, size, stat) ?: pt_new(gpu, size, stat);
	if (IS_ERR(pt))
		return pt;
	pt->known = false;
	pt->scrub_start = 0;
	pt->scrub_end = 0;
	pt->epoch = READ_ONCE(gpu->ptm->epoch);
	trace_nova_vmm_pt_alloc(gpu, stat, pt->addr, size);
	if ((flags & NOVA_PT_ZERO) && !pt->zeroed) {
		ret = nova_pramin_fill(gpu, pt->addr, 0, size);
		if (ret) {
			nova_pt_free(gpu, pt);
			return ERR_PTR(ret);
		}
		pt->zeroed = true;
	}
	return pt;
}

/**
 * nova_pt_scrub_range() - Say what a table being freed holds in VRAM.
 * @pt: The table.
 * @start: First byte that may not be zero.
 * @end: End of them (exclusive); @start for none: VRAM is all zero.
 *
 * Every other byte is zero in VRAM. nova_pt_free() notes the range dirty,
 * so that it is zeroed before a client gets the VRAM (DOC: Scrubbing) or
 * the table is handed out again from the cache (DOC: Table cache). Set
 * from the shadow, which knows what was written; a table freed without it
 * is neither cached nor scrubbed.
 */
void nova_pt_scrub_range(struct nova_pt *pt, u32 start, u32 end)
{
	pt->scrub_start = start;
	pt->scrub_end = end;
	pt->known = true;
}

/* Room for @pt in the cache: counted against the bound while it is noted. */
static bool pt_cache_reserve(struct nova_pt_mem *m, const struct nova_pt *pt)
{
	const struct nova_pt_cache_stats *cs = &m->cache_stats;
	bool room;

	mutex_lock(&m->lock);
	room = cs->bytes + m->cache_pending + pt->size <= cs->limit;
	if (room)
		m->cache_pending += pt->size;
	mutex_unlock(&m->lock);
	return room;
}

/*
 * Whether a table being freed may enter the cache (DOC: Table cache): what
 * its owner said about its VRAM holds only if VRAM was not lost since it
 * was last written (a table unlinked before a reset, freed after it).
 */
static bool pt_cacheable(struct nova_gpu *gpu, const struct nova_pt *pt)
{
	u32 dirty = pt->scrub_end - pt->scrub_start;

	return pt->size == SZ_4K && !pt->chunk && pt->known &&
	       dirty <= pt->size / NOVA_PT_CACHE_ZERO_DIV &&
	       pt->epoch == READ_ONCE(gpu->ptm->epoch) && !nova_gpu_gone(gpu);
}

/*
 * Put a table being freed into the cache, what of it may not be zero noted
 * dirty (zeroed when it is handed out again); false: it may not go there.
 */
static bool pt_cache_put(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct nova_pt_mem *m = gpu->ptm;
	bool noted;

	if (!pt_cacheable(gpu, pt) || !pt_cache_reserve(m, pt))
		return false;
	noted = pt_scrub(gpu, pt);
	mutex_lock(&m->lock);
	m->cache_pending -= pt->size;
	if (noted) {
		pt_account(m, pt, -1);
		list_add(&pt->link, &m->cache);
		m->cache_stats.entries++;
		m->cache_stats.bytes += pt->size;
		nova_vram_reclaimable(gpu, pt->size);
	}
	mutex_unlock(&m->lock);
	return noted;
}

/**
 * nova_pt_free() - Free a table the GPU cannot be walking.
 * @gpu: GPU.
 * @pt: A table never linked, or unlinked before a completed TLB invalidate;
 *      NULL is ignored.
 *
 * A 4 KiB table whose VRAM is zero, or nearly (nova_pt_scrub_range()), goes
 * to the cache while it has room (DOC: Table cache). Either way the
 * part of the table that may hold entries is noted dirty, so that it is
 * zeroed before it is used again or reaches a client (DOC: Scrubbing);
 * a table not cached goes back to the allocator. Errors of a fill (a
 * device gone) are ignored: nobody reads that VRAM any more.
 *
 * Context: Process context; takes the PRAMIN lock, then the page-table
 * memory lock, never both.
 */
void nova_pt_free(struct nova_gpu *gpu, struct nova_pt *pt)
{
	struct nova_pt_mem *m = gpu->ptm;

	if (!pt)
		return;
	trace_nova_vmm_pt_free(gpu, pt->stat, pt->addr, pt->size);
	if (pt->charge)
		atomic64_sub(pt->size, pt->charge);
	pt->charge = NULL;
	if (pt_cache_put(gpu, pt))
		return;
	pt_scrub(gpu, pt);
	mutex_lock(&m->lock);
	pt_account(m, pt, -1);
	if (pt->chunk)
		pt_sub_free_locked(gpu, pt);
	else
		nova_vram_put(gpu, &pt->vram);
	mutex_unlock(&m->lock);
	kmem_cache_free(pt_slab, pt);
}

/**
 * nova_pt_defer() - Queue an unlinked table until the TLB is invalidated.
 * @pending: The caller's list.
 * @pt: The table.
 *
 * Context: Any; takes no lock and cannot fail.
 */
void nova_pt_defer(struct list_head *pending, struct nova_pt *pt)
{
	list_add_tail(&pt->link, pending);
}

/**
 * nova_pt_release() - Free queued tables once the TLB invalidate completed.
 * @gpu: GPU.
 * @pending: The list from nova_pt_defer(); empty afterwards.
 *
 * Context: Process context; takes the page-table memory lock.
 */
void nova_pt_release(struct nova_gpu *gpu, struct list_head *pending)
{
	struct nova_pt *pt, *next;

	list_for_each_entry_safe(pt, next, pending, link) {
		list_del_init(&pt->link);
		nova_pt_free(gpu, pt);
	}
}

/**
 * nova_pt_stats() - Snapshot of the page-table memory accounting.
 * @gpu: GPU.
 * @out: Filled in.
 *
 * Context: Process context; takes the page-table memory lock.
 */
void nova_pt_stats(struct nova_gpu *gpu, struct nova_pt_stats *out)
{
	mutex_lock(&gpu->ptm->lock);
	*out = gpu->ptm->stats;
	mutex_unlock(&gpu->ptm->lock);
}

/**
 * nova_pt_cache_stats() - Snapshot of the table cache's accounting.
 * @gpu: GPU.
 * @out: Filled in.
 *
 * Context: Process context; takes the page-table memory lock.
 */
void nova_pt_cache_stats(struct nova_gpu *gpu, struct nova_pt_cache_stats *out)
{
	mutex_lock(&gpu->ptm->lock);
	*out = gpu->ptm->cache_stats;
	mutex_unlock(&gpu->ptm->lock);
}

/**
 * nova_pt_cache_shrink() - Give cached tables back to the VRAM allocator.
 * @gpu: GPU.
 * @bytes: At least this many bytes, or all there are (%U64_MAX: all).
 *
 * Oldest first. Their VRAM is zero: it needs no scrub.
 *
 * Context: Process context; takes the page-table memory and VRAM
 * allocator locks.
 * Return: The bytes given back.
 */
u64 nova_pt_cache_shrink(struct nova_gpu *gpu, u64 bytes)
{
	u64 freed;

	mutex_lock(&gpu->ptm->lock);
	freed = pt_cache_shrink_locked(gpu, bytes);
	mutex_unlock(&gpu->ptm->lock);
	return freed;
}

/**
 * nova_pt_cache_limit() - Bound the table cache, shrinking it to the bound.
 * @gpu: GPU.
 * @bytes: The bound; 0 turns the cache off.
 *
 * Context: Process context; takes the page-table memory and VRAM
 * allocator locks.
 */
void nova_pt_cache_limit(struct nova_gpu *gpu, u64 bytes)
{
	struct nova_pt_mem *m = gpu->ptm;

	mutex_lock(&m->lock);
	m->cache_stats.limit = bytes;
	if (m->cache_stats.bytes > bytes)
		pt_cache_shrink_locked(gpu, m->cache_stats.bytes - bytes);
	mutex_unlock(&m->lock);
}

/**
 * nova_pt_cache_vram_get() - nova_vram_get(), giving the table cache back if VRAM ran out.
 * @gpu: GPU.
 * @size: As nova_vram_get().
 * @align: As nova_vram_get().
 * @flags: As nova_vram_get().
 * @a: As nova_vram_get().
 *
 * For VRAM that is not a page table (a client's, an instance block): the
 * cache counts as free VRAM (nova_vram_avail()), so an allocation that
 * fits only with it empties it and tries again (DOC: Table cache).
 *
 * Context: Process context; may sleep; takes the page-table memory and
 * VRAM allocator locks.
 * Return: As nova_vram_get().
 */
int nova_pt_cache_vram_get(struct nova_gpu *gpu, u64 size, u64 align, u32 flags,
			   struct nova_vram_alloc *a)
{
	int ret = nova_vram_get(gpu, size, align, flags, a);

	if (ret == -ENOMEM && nova_pt_cache_shrink(gpu, U64_MAX))
		ret = nova_vram_get(gpu, size, align, flags, a);
	return ret;
}

/**
 * nova_pt_mem_lost() - VRAM may have been lost: empty the table cache.
 * @gpu: GPU, no operation running (a restore after a reset or a resume).
 *
 * Cached tables may hold anything now: they go back to the allocator. A
 * new epoch starts, so that a table handed out zeroed before is written
 * whole when it is next flushed (nova_pt_lost()).
 *
 * Context: Process context; takes the page-table memory and VRAM
 * allocator locks.
 */
void nova_pt_mem_lost(struct nova_gpu *gpu)
{
	WRITE_ONCE(gpu->ptm->epoch, gpu->ptm->epoch + 1);
	nova_pt_cache_shrink(gpu, U64_MAX);
}

/**
 * nova_pt_lost() - Whether a table's VRAM may have been lost since it was last written whole.
 * @gpu: GPU.
 * @pt: The table.
 *
 * True once per VRAM epoch (nova_pt_mem_lost()): the caller then writes
 * the table whole.
 *
 * Context: Its owner's lock held (the address space's page-table lock).
 * Return: true if a VRAM loss happened since it was handed out or last
 * reported.
 */
bool nova_pt_lost(struct nova_gpu *gpu, struct nova_pt *pt)
{
	u32 epoch = READ_ONCE(gpu->ptm->epoch);

	if (pt->epoch == epoch)
		return false;
	pt->epoch = epoch;
	return true;
}
