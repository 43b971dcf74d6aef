// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: VRAM allocation
 *
 * One buddy allocator (the kernel's gpu_buddy, drm_buddy before 6.12.101)
 * per GPU hands out the VRAM nova_vmm manages: page tables, instance blocks
 * and clients' VRAM (vmm_vram_alloc()). It works in 4 KiB chunks. Page
 * tables come from the top of the range, clients' memory from the bottom,
 * so that tables cluster and the PRAMIN window moves less.
 *
 * The range ends below every reserved range of the GPU's VRAM layout (the
 * VGA workspace, FRTS, GA100's MMU-locked range: io/chip.c,
 * nova_vram_layout_read()); nova_vram_init() refuses one that does not, so
 * nothing is ever allocated there.
 *
 * The buddy allocator leaves locking to its user: &nova_vram.lock, a mutex,
 * protects it. The buddy allocator allocates its block structures with
 * GFP_KERNEL under that lock, so it is never taken on a path that must not
 * allocate (a commit, a DMA-fence signalling path).
 *
 * Every allocation point of the module calls nova_fail_alloc() first: with
 * CONFIG_FAULT_INJECTION a test sets current->fail_nth to fail the n-th.
 */

/**
 * DOC: VRAM ownership
 *
 * Clients name VRAM by address in vmm_map(), vmm_map_prepare(),
 * vmm_op_add_map(), vmm_vram_read() and vmm_vram_write(). Those calls accept only an address
 * range that lies wholly inside one live client allocation
 * (vmm_vram_alloc()): page tables, instance blocks, reserved VRAM, memory
 * nobody allocated, memory freed since, and a range that straddles two
 * allocations are refused with -EACCES (review H5). &nova_vram.clients
 * records every physically contiguous segment of every live client
 * allocation, keyed by VRAM address (nova_vram_own(), nova_vram_disown()),
 * and nova_vram_owned() looks a range up in it. Segments of one allocation
 * are never adjacent (they would be one segment), so a range inside one
 * entry is inside one allocation. The tree is a maple tree with its own
 * spinlock, the only lock a lookup takes.
 *
 * Page tables, instance blocks and grafting use the allocator directly and
 * never appear in the tree; the BAR address spaces and grafting, which
 * name VRAM nova_vmm owns on purpose, use the privileged internal path
 * (nova_vmm_map_vram()), never the client calls.
 */
#include <linux/align.h>
#include <linux/export.h>
#include <linux/fault-inject.h>
#include <linux/list_sort.h>
#include <linux/log2.h>
#include <linux/maple_tree.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "mm/buddy_compat.h"
#include "io/bar2wc.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/vram.h"

/**
 * struct nova_vram - The VRAM allocator of one GPU.
 * @lock: Protects @mm and @reclaimable.
 * @mm: Buddy allocator over [0, end of the managed range): its offsets are
 *      VRAM addresses, so a block aligned to its size in the buddy is
 *      aligned in VRAM, whatever the range's start.
 * @start: VRAM address of the managed range.
 * @reserved: The blocks that cover [0, @start), allocated for good.
 * @clients: Every segment of every live client allocation, [first byte,
 *           last byte] to its &struct nova_vram_alloc (DOC: VRAM
 *           ownership); its own lock.
 * @dirty: VRAM that held page tables or instance blocks and is not zeroed
 *         yet (nova_vram_dirty(), DOC: Scrubbing in pt_mem.c); its own lock.
 * @reclaimable: Bytes allocated but held by a cache that gives them back on
 *               demand (DOC: Table cache in pt_mem.c): nova_vram_avail()
 *               counts them free.
 */
struct nova_vram {
	struct mutex lock; /* see above */
	struct nova_buddy mm;
	u64 reclaimable;
	u64 start;
	struct list_head reserved;
	struct maple_tree clients;
	struct maple_tree dirty;
};

#ifdef CONFIG_FAULT_INJECTION
static DECLARE_FAULT_ATTR(nova_fail_attr);

/**
 * nova_fail_alloc() - Fault-injection point, called before every allocation.
 * @size: Bytes about to be allocated.
 *
 * Return: true if the allocation must fail with -ENOMEM.
 */
bool nova_fail_alloc(size_t size)
{
	return should_fail(&nova_fail_attr, size);
}
#else
bool nova_fail_alloc(size_t size)
{
	return false;
}
#endif

/**
 * nova_vram_init() - Manage a range of VRAM.
 * @gpu: GPU.
 * @start: First byte, 4 KiB-aligned.
 * @size: Bytes; rounded down to 4 KiB.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for an empty or misaligned range, or one that reaches
 * reserved VRAM (@gpu->layout); -ENOMEM.
 */
int nova_vram_init(struct nova_gpu *gpu, u64 start, u64 size)
{
	struct nova_vram *v;
	int ret;

	size = ALIGN_DOWN(size, SZ_4K);
	if (!size || !IS_ALIGNED(start, SZ_4K) || start > gpu->layout.usable_end ||
	    size > gpu->layout.usable_end - start)
		return -EINVAL;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	INIT_LIST_HEAD(&v->reserved);
	ret = nova_buddy_init(&v->mm, start + size, SZ_4K);
	if (ret)
		goto err_free;
	if (start) {
		ret = nova_buddy_alloc_blocks(&v->mm, 0, start, start, SZ_4K, &v->reserved,
					      NOVA_BUDDY_RANGE);
		if (ret)
			goto err_fini;
	}
	mutex_init(&v->lock);
	mt_init(&v->clients);
	mt_init(&v->dirty);
	v->start = start;
	gpu->vram = v;
	return 0;
err_fini:
	nova_buddy_fini(&v->mm);
err_free:
	kfree(v);
	return ret;
}

/**
 * nova_vram_fini() - Tear the allocator down; warns if anything is still allocated.
 * @gpu: GPU.
 */
void nova_vram_fini(struct nova_gpu *gpu)
{
	struct nova_vram *v = gpu->vram;

	if (!v)
		return;
	nova_buddy_free_list(&v->mm, &v->reserved);
	WARN(v->mm.avail != v->mm.size, "nova_vmm: %llu bytes of VRAM leaked\n",
	     v->mm.size - v->mm.avail);
	mtree_destroy(&v->clients);
	mtree_destroy(&v->dirty);
	nova_buddy_fini(&v->mm);
	mutex_destroy(&v->lock);
	kfree(v);
	gpu->vram = NULL;
}

static void vram_trim(struct nova_vram *v, struct nova_vram_alloc *a, u64 size, u64 got)
{
	/* A trim that fails leaves the larger block: still a valid allocation. */
	if (got > size)
		nova_buddy_block_trim(&v->mm, size, &a->blocks);
}

static int vram_get_locked(struct nova_vram *v, u64 size, u64 align, u32 flags,
			   struct nova_vram_alloc *a)
{
	unsigned long bflags = flags & NOVA_VRAM_TOPDOWN ? NOVA_BUDDY_TOPDOWN : 0;
	u64 chunk = align, want = size;
	int ret;

	lockdep_assert_held(&v->lock);
	if (flags & NOVA_VRAM_CONTIGUOUS) {
		want = roundup_pow_of_two(max(size, align));
		chunk = want;
	}
	ret = nova_buddy_alloc_blocks(&v->mm, 0, v->mm.size, want, chunk, &a->blocks, bflags);
	if (ret)
		return ret;
	if (flags & NOVA_VRAM_CONTIGUOUS)
		vram_trim(v, a, size, want);
	return 0;
}

static int block_cmp(void *priv, const struct list_head *a, const struct list_head *b)
{
	u64 x = nova_buddy_block_offset(list_entry(a, struct nova_buddy_block, link));
	u64 y = nova_buddy_block_offset(list_entry(b, struct nova_buddy_block, link));

	return x < y ? -1 : x > y;
}

/**
 * nova_vram_get() - Allocate VRAM.
 * @gpu: GPU.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 * @align: Alignment of every block, a power of two of at least 4 KiB.
 * @flags: NOVA_VRAM_*.
 * @a: Filled in on success.
 *
 * Context: Process context; takes the allocator lock; may sleep.
 * Return: 0; -EINVAL for a bad size or alignment; -ENOMEM when there is not
 * enough VRAM (or kernel memory).
 */
int nova_vram_get(struct nova_gpu *gpu, u64 size, u64 align, u32 flags,
		  struct nova_vram_alloc *a)
{
	struct nova_vram *v = gpu->vram;
	int ret;

	if (!size || !IS_ALIGNED(size, SZ_4K) || align < SZ_4K || !is_power_of_2(align))
		return -EINVAL;
	if (size > v->mm.size - v->start || nova_fail_alloc(size))
		return -ENOMEM;
	INIT_LIST_HEAD(&a->blocks);
	mutex_lock(&v->lock);
	ret = vram_get_locked(v, size, align, flags, a);
	mutex_unlock(&v->lock);
	if (ret)
		return ret == -ENOSPC || ret == -EINVAL ? -ENOMEM : ret;
	/* In address order, so that contiguous blocks make one segment. */
	list_sort(NULL, &a->blocks, block_cmp);
	a->addr = nova_buddy_block_offset(list_first_entry(&a->blocks, struct nova_buddy_block,
							   link));
	a->size = size;
	return 0;
}

/**
 * nova_vram_put() - Free VRAM from nova_vram_get().
 * @gpu: GPU.
 * @a: The allocation; its block list is empty afterwards.
 *
 * Context: Process context; takes the allocator lock.
 */
void nova_vram_put(struct nova_gpu *gpu, struct nova_vram_alloc *a)
{
	struct nova_vram *v = gpu->vram;

	mutex_lock(&v->lock);
	nova_buddy_free_list(&v->mm, &a->blocks);
	mutex_unlock(&v->lock);
	INIT_LIST_HEAD(&a->blocks);
}

/**
 * nova_vram_avail() - Free bytes of managed VRAM, what caches give back included.
 * @gpu: GPU.
 *
 * Return: The bytes the allocator has free plus those nova_vram_reclaimable()
 * counts: an allocation of that much succeeds once the caches gave them back.
 */
u64 nova_vram_avail(struct nova_gpu *gpu)
{
	struct nova_vram *v = gpu->vram;
	u64 avail;

	mutex_lock(&v->lock);
	avail = v->mm.avail + v->reclaimable;
	mutex_unlock(&v->lock);
	return avail;
}

/**
 * nova_vram_reclaimable() - Count allocated VRAM that a cache gives back on demand.
 * @gpu: GPU.
 * @delta: Bytes entering (positive) or leaving (negative) such a cache.
 *
 * Context: Process context; takes the allocator lock.
 */
void nova_vram_reclaimable(struct nova_gpu *gpu, s64 delta)
{
	struct nova_vram *v = gpu->vram;

	mutex_lock(&v->lock);
	v->reclaimable += delta;
	mutex_unlock(&v->lock);
}

/**
 * nova_vram_managed() - Bytes of VRAM the allocator manages.
 * @gpu: GPU.
 *
 * Return: The bytes.
 */
u64 nova_vram_managed(struct nova_gpu *gpu)
{
	return gpu->vram->mm.size - gpu->vram->start;
}

/**
 * nova_vram_segs() - Walk the physically contiguous ranges of an allocation.
 * @gpu: GPU.
 * @a: The allocation, from nova_vram_get().
 * @fn: Called with each range's index, address and size, in block order;
 *      NULL only counts them.
 * @ctx: Passed to @fn.
 *
 * Context: Any; reads only @a's blocks.
 * Return: The number of ranges.
 */
unsigned int nova_vram_segs(struct nova_gpu *gpu, struct nova_vram_alloc *a,
			    nova_vram_seg_fn fn, void *ctx)
{
	struct nova_buddy_block *b;
	unsigned int n = 0;
	u64 addr, size, start = 0, end = U64_MAX;

	list_for_each_entry(b, &a->blocks, link) {
		addr = nova_buddy_block_offset(b);
		size = nova_buddy_block_size(&gpu->vram->mm, b);
		if (addr != end) {
			if (n && fn)
				fn(ctx, n - 1, start, end - start);
			start = addr;
			n++;
		}
		end = addr + size;
	}
	if (n && fn)
		fn(ctx, n - 1, start, end - start);
	return n;
}

struct vram_own {
	struct maple_tree *mt;
	struct nova_vram_alloc *a;
	int ret;
};

static void vram_own_seg(void *ctx, unsigned int i, u64 addr, u64 size)
{
	struct vram_own *o = ctx;

	if (o->ret)
		return;
	o->ret = nova_fail_alloc(sizeof(void *)) ? -ENOMEM :
		 mtree_insert_range(o->mt, addr, addr + size - 1, o->a, GFP_KERNEL);
}

static void vram_disown_seg(void *ctx, unsigned int i, u64 addr, u64 size)
{
	struct vram_own *o = ctx;

	if (mtree_load(o->mt, addr) == o->a)
		mtree_erase(o->mt, addr);
}

/**
 * nova_vram_own() - Record an allocation as a client's (DOC: VRAM ownership).
 * @gpu: GPU.
 * @a: The allocation, from nova_vram_get(); it must stay at this address
 *     until nova_vram_disown().
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENOMEM (nothing recorded).
 */
int nova_vram_own(struct nova_gpu *gpu, struct nova_vram_alloc *a)
{
	struct vram_own o = { .mt = &gpu->vram->clients, .a = a };

	nova_vram_segs(gpu, a, vram_own_seg, &o);
	if (o.ret)
		nova_vram_segs(gpu, a, vram_disown_seg, &o);
	/* -EEXIST would mean two live allocations overlap. */
	return WARN_ON_ONCE(o.ret == -EEXIST) ? -ENOMEM : o.ret;
}

/**
 * nova_vram_disown() - Forget a client allocation, before it is freed.
 * @gpu: GPU.
 * @a: The allocation, recorded with nova_vram_own().
 *
 * Context: Process context.
 */
void nova_vram_disown(struct nova_gpu *gpu, struct nova_vram_alloc *a)
{
	struct vram_own o = { .mt = &gpu->vram->clients, .a = a };

	nova_vram_segs(gpu, a, vram_disown_seg, &o);
}

/**
 * nova_vram_owned() - Whether a range lies wholly inside one client allocation.
 * @gpu: GPU.
 * @addr: First byte.
 * @size: Bytes, not zero; @addr + @size does not overflow.
 *
 * Context: Any but hard interrupt; takes the tree's spinlock.
 * Return: true if [@addr, @addr + @size) is inside one segment of one live
 * client allocation.
 */
bool nova_vram_owned(struct nova_gpu *gpu, u64 addr, u64 size)
{
	MA_STATE(mas, &gpu->vram->clients, addr, addr);
	bool owned;

#if IS_ENABLED(CONFIG_NOVA_VMM_KUNIT_TEST)
	if (READ_ONCE(gpu->vram_open))
		return true;
#endif
	mtree_lock(&gpu->vram->clients);
	owned = mas_walk(&mas) && addr + size - 1 <= mas.last;
	mtree_unlock(&gpu->vram->clients);
	return owned;
}

/**
 * nova_vram_foreign_ok() - Whether a range may hold someone else's page tables.
 * @gpu: GPU.
 * @addr: First byte.
 * @size: Bytes, not zero; @addr + @size does not overflow.
 *
 * For vmm_create_graft() (review M2): VRAM the allocator manages is nova_vmm's
 * (its tables, instance blocks, or free memory it will hand out) unless a
 * live client allocation holds it; VRAM outside the managed range (below
 * the start the module parameters set, say) is not.
 *
 * Context: As nova_vram_owned().
 * Return: true if the range lies wholly outside the managed range or inside
 * one live client allocation.
 */
bool nova_vram_foreign_ok(struct nova_gpu *gpu, u64 addr, u64 size)
{
	struct nova_vram *v = gpu->vram;

	return addr + size <= v->start || addr >= v->mm.size || nova_vram_owned(gpu, addr, size);
}

/**
 * nova_vram_dirty() - Note VRAM that held page tables or an instance block.
 * @gpu: GPU.
 * @addr: First byte.
 * @size: Bytes, not 0.
 *
 * It is zeroed before it goes to a client (nova_vram_scrub(), DOC:
 * Scrubbing in pt_mem.c), not now: most of it goes back to page tables,
 * which are written whole before they are linked.
 *
 * Context: Process context; may sleep (allocates).
 * Return: 0; -ENOMEM: then the caller zeroes it itself.
 */
int nova_vram_dirty(struct nova_gpu *gpu, u64 addr, u64 size)
{
	return mtree_store_range(&gpu->vram->dirty, addr, addr + size - 1, xa_mk_value(1),
				 GFP_KERNEL);
}

/* Qwords of zeroes one store run through BAR2 takes (vram_zero()). */
#define VRAM_ZERO_QWORDS	64

/*
 * Zero a range the way page tables there are written (DOC: Page tables
 * through BAR2): a table in BAR2's window must not get its zeroes through
 * PRAMIN, a path its later entries do not follow, or the zeroes could land
 * after them. Either way, the path switch is noted or flushed as for a
 * table.
 */
static int vram_zero(struct nova_gpu *gpu, u64 addr, u64 size)
{
	static const u64 zeroes[VRAM_ZERO_QWORDS];
	u64 n;
	int ret;

	if (!IS_ALIGNED(addr | size, sizeof(u64)) || !nova_bar2wc_covers(gpu, addr, size)) {
		ret = nova_bar2wc_pramin_begin(gpu) ?: nova_pramin_fill(gpu, addr, 0, size);
		if (!ret)
			nova_bar2wc_pramin_wrote(gpu);
		return ret;
	}
	ret = nova_bar2wc_begin(gpu);
	for (; !ret && size; addr += n * sizeof(u64), size -= n * sizeof(u64)) {
		n = min_t(u64, size / sizeof(u64), VRAM_ZERO_QWORDS);
		nova_bar2wc_write(gpu, addr, zeroes, n);
	}
	return ret;
}

/**
 * nova_vram_scrub() - Zero what of a range held page tables, before a client gets it.
 * @gpu: GPU.
 * @addr: First byte of the range.
 * @size: Bytes, not 0.
 *
 * Zeroes each part that nova_vram_dirty() noted, then forgets it: through
 * BAR2 inside its page-table window, else through PRAMIN. Zeroes stored
 * through BAR2 reach VRAM before the next table written there (its
 * barrier) and before the next TLB invalidate (its flush); a caller that
 * hands the range to anyone else flushes them first (nova_bar2wc_flush()).
 *
 * Context: Process context; may sleep; may take the PRAMIN lock.
 * Return: 0; the error of nova_pramin_fill() or nova_pramin_flush() (the
 * range is then not all zero: do not hand it out).
 */
int nova_vram_scrub(struct nova_gpu *gpu, u64 addr, u64 size)
{
	struct maple_tree *mt = &gpu->vram->dirty;
	u64 index = addr, last = addr + size - 1, a, b;
	void *e;
	int ret;

	while (index <= last) {
		MA_STATE(mas, mt, index, index);

		mas_lock(&mas);
		e = mas_find(&mas, last);
		a = max_t(u64, mas.index, index);
		b = min_t(u64, mas.last, last);
		mas_unlock(&mas);
		if (!e)
			break;
		ret = vram_zero(gpu, a, b - a + 1);
		if (ret)
			return ret;
		mtree_store_range(mt, a, b, NULL, GFP_KERNEL);
		if (b == last)
			break;
		index = b + 1;
	}
	return 0;
}
