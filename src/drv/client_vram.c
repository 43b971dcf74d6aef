// SPDX-License-Identifier: GPL-2.0
/*
 * Clients' VRAM: vmm_vram_alloc(), vmm_vram_free(), vmm_vram_segs() over
 * the VRAM allocator (mm/vram.c), each allocation recorded as a client's
 * while it lives (DOC: VRAM ownership); vmm_map_vram(), which maps one.
 */
#include <linux/err.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "drv/bar.h"
#include "io/bar2wc.h"
#include "io/gpu.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"
#include "vmm/vmm_priv.h"

/**
 * struct vmm_vram - VRAM a client allocated.
 * @gpu: Its GPU; the allocation holds a reference to its core.
 * @alloc: The buddy blocks.
 * @nsegs: Number of @segs.
 * @segs: Physically contiguous ranges, in address order.
 */
struct vmm_vram {
	struct nova_gpu *gpu;
	struct nova_vram_alloc alloc;
	unsigned int nsegs;
	struct vmm_vram_seg segs[];
};

static void seg_set(void *ctx, unsigned int i, u64 addr, u64 size)
{
	struct vmm_vram_seg *segs = ctx;

	segs[i] = (struct vmm_vram_seg){ .addr = addr, .size = size };
}

/* Zero what of a new allocation held page tables (DOC: Scrubbing, pt_mem.c). */
static int vram_scrub(struct vmm_vram *mem)
{
	unsigned int i;
	int idx, ret;

	ret = nova_gpu_enter(mem->gpu, &idx);
	for (i = 0; i < mem->nsegs && !ret; i++)
		ret = nova_vram_scrub(mem->gpu, mem->segs[i].addr, mem->segs[i].size);
	/* Zeroes stored through BAR2 reach VRAM before the client writes. */
	if (!ret)
		ret = nova_bar2wc_flush(mem->gpu);
	nova_gpu_exit(mem->gpu, idx);
	return ret;
}

/*
 * With static BAR1 a client's VRAM is its BAR1 range too: allocate it in
 * whole CPU pages, so that no CPU page of BAR1 covers two clients'
 * allocations (review L14). A bad size or alignment is left for the
 * allocator to refuse.
 */
static void vram_bar1_round(struct nova_gpu *gpu, u64 *size, u64 *align)
{
	u64 g;

	if (!nova_bar1_static(gpu) || !*size || !IS_ALIGNED(*size, SZ_4K) ||
	    *align < SZ_4K || !is_power_of_2(*align))
		return;
	g = nova_bar1_granule(gpu);
	*size = ALIGN(*size, g);
	*align = max(*align, g);
}

/**
 * vmm_vram_alloc() - Allocate VRAM for a client.
 * @gpu: GPU.
 * @size: Bytes, a non-zero multiple of 4 KiB.
 * @align: Alignment, a power of two of at least 4 KiB: of the whole range
 *         with %VMM_VRAM_CONTIGUOUS, else of each segment.
 * @flags: %VMM_VRAM_CONTIGUOUS for one physically contiguous range.
 *
 * The memory is not cleared, but what of it held page tables or an
 * instance block is zeroed before it is returned. VRAM the cache of zeroed
 * page tables holds counts as free: it is given back for the allocation if
 * need be (DOC: Table cache). Map it with vmm_map_vram() (or vmm_map() with an
 * address inside it); free it with vmm_vram_free(). Until then it is the
 * only VRAM that vmm_map(), vmm_map_prepare(), vmm_op_add_map(), vmm_vram_read() and
 * vmm_vram_write() accept.
 *
 * With static BAR1 the size and alignment are rounded up to whole CPU
 * pages (PAGE_SIZE; a no-op with 4 KiB pages), so that
 * vmm_bar1_iomap() can map the allocation and nothing of a neighbour's.
 *
 * The allocation holds a reference to the GPU core: freeing it after the
 * GPU was removed releases host memory only.
 *
 * Context: Process context; may sleep.
 * Return: The allocation; ERR_PTR(-EINVAL) for a bad size, alignment or
 * flag; ERR_PTR(-ENOMEM) when there is not enough VRAM or kernel memory;
 * ERR_PTR(-ENODEV) if the GPU was removed; ERR_PTR(-EIO) or ERR_PTR(-ENODEV)
 * if zeroing what held page tables failed (PCI error, device gone).
 */
struct vmm_vram *vmm_vram_alloc(struct nova_gpu *gpu, u64 size, u64 align, u32 flags)
{
	u32 vflags = flags & VMM_VRAM_CONTIGUOUS ? NOVA_VRAM_CONTIGUOUS : 0;
	struct nova_vram_alloc a;
	struct vmm_vram *mem;
	unsigned int n;
	int ret;

	if (!gpu || flags & ~VMM_VRAM_CONTIGUOUS)
		return ERR_PTR(-EINVAL);
	if (nova_gpu_unplugged(gpu))
		return ERR_PTR(-ENODEV);
	vram_bar1_round(gpu, &size, &align);
	ret = nova_pt_cache_vram_get(gpu, size, align, vflags, &a);
	if (ret)
		return ERR_PTR(ret);
	n = nova_vram_segs(gpu, &a, NULL, NULL);
	mem = nova_fail_alloc(struct_size(mem, segs, n)) ? NULL :
	      kzalloc(struct_size(mem, segs, n), GFP_KERNEL);
	if (!mem) {
		nova_vram_put(gpu, &a);
		return ERR_PTR(-ENOMEM);
	}
	mem->gpu = gpu;
	mem->nsegs = n;
	nova_vram_segs(gpu, &a, seg_set, mem->segs);
	mem->alloc.addr = a.addr;
	mem->alloc.size = a.size;
	INIT_LIST_HEAD(&mem->alloc.blocks);
	list_splice(&a.blocks, &mem->alloc.blocks);
	ret = vram_scrub(mem) ?: nova_vram_own(gpu, &mem->alloc);
	if (ret) {
		nova_vram_put(gpu, &mem->alloc);
		kfree(mem);
		return ERR_PTR(ret);
	}
	nova_gpu_get(gpu);
	return mem;
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_alloc, NOVA_VMM_NS);

/**
 * vmm_vram_free() - Free VRAM from vmm_vram_alloc().
 * @mem: The allocation, or NULL. Nothing may still map it.
 *
 * Also after the GPU was removed: host memory only, and the GPU core goes
 * with the last handle.
 *
 * Context: Process context; may sleep.
 */
void vmm_vram_free(struct vmm_vram *mem)
{
	struct nova_gpu *gpu;

	if (IS_ERR_OR_NULL(mem))
		return;
	gpu = mem->gpu;
	nova_vram_disown(gpu, &mem->alloc);
	nova_vram_put(gpu, &mem->alloc);
	kfree(mem);
	nova_gpu_put(gpu);
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_free, NOVA_VMM_NS);

/**
 * vmm_vram_segs() - The physically contiguous ranges of an allocation.
 * @mem: The allocation, or NULL.
 * @count: Set to the number of ranges (1 for %VMM_VRAM_CONTIGUOUS).
 *
 * Context: Any.
 * Return: The ranges, valid until vmm_vram_free(); NULL and a count of 0
 * for NULL or an ERR_PTR.
 */
const struct vmm_vram_seg *vmm_vram_segs(const struct vmm_vram *mem, unsigned int *count)
{
	if (IS_ERR_OR_NULL(mem)) {
		*count = 0;
		return NULL;
	}
	*count = mem->nsegs;
	return mem->segs;
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_segs, NOVA_VMM_NS);

/**
 * vmm_vram_bar1_offset() - Where an allocation lies in BAR1, with static BAR1.
 * @mem: The allocation, one physically contiguous range (e.g.
 *       %VMM_VRAM_CONTIGUOUS).
 * @offset: Set to the offset in the BAR1 aperture of its first byte.
 *
 * With static BAR1 (module parameter ``bar1_static=1``, and BAR1 as large
 * as the usable VRAM) all usable VRAM is mapped into BAR1 at probe: the
 * allocation is there already, at no cost per call. Map it for the CPU with
 * vmm_bar1_iomap(@gpu, @offset, size); do not vmm_map() into vmm_bar1()
 * (-EBUSY).
 *
 * Context: Any.
 * Return: 0; -EINVAL for NULL or an allocation of more than one range;
 * -EOPNOTSUPP when BAR1 is not static.
 */
int vmm_vram_bar1_offset(const struct vmm_vram *mem, u64 *offset)
{
	if (IS_ERR_OR_NULL(mem) || !offset || mem->nsegs != 1)
		return -EINVAL;
	if (!nova_bar1_static(mem->gpu))
		return -EOPNOTSUPP;
	*offset = mem->segs[0].addr;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_bar1_offset, NOVA_VMM_NS);

/* The segment [@offset, @offset + @size) of @mem lies in, or NULL. */
static const struct vmm_vram_seg *vram_seg_at(const struct vmm_vram *mem, u64 *offset,
					      u64 size)
{
	unsigned int i;

	for (i = 0; i < mem->nsegs; *offset -= mem->segs[i++].size)
		if (*offset < mem->segs[i].size)
			return size <= mem->segs[i].size - *offset ? &mem->segs[i] : NULL;
	return NULL;
}

/**
 * vmm_map_vram() - Map part of a VRAM allocation into an address space.
 * @vmm: Address space.
 * @va: First VA, as for vmm_map().
 * @mem: The allocation, from vmm_vram_alloc() on @vmm's GPU.
 * @offset: Where in @mem the range starts, in bytes, counting its segments
 *          (vmm_vram_segs()) one after the other; aligned as @va.
 * @size: Bytes, as for vmm_map().
 * @flags: As for vmm_map().
 *
 * The way to map VRAM: what is mapped is named by an allocation the caller
 * holds, never by a raw address. The range must lie inside one physically
 * contiguous segment of @mem (any range of a %VMM_VRAM_CONTIGUOUS
 * allocation does); map a scattered allocation segment by segment.
 * Otherwise as vmm_map(). @mem must outlive the mapping.
 *
 * Context: Process context; may sleep.
 * Return: As vmm_map(); -EINVAL also for a NULL or ERR_PTR @mem, an
 * allocation of another GPU, an overflowing range or one that crosses from
 * one segment into the next; -ERANGE for a range that ends past @mem.
 */
int vmm_map_vram(struct vmm *vmm, u64 va, struct vmm_vram *mem, u64 offset, u64 size,
		 u32 flags)
{
	const struct vmm_vram_seg *seg;
	u64 end;

	if (!vmm || IS_ERR_OR_NULL(mem) || mem->gpu != vmm->gpu ||
	    check_add_overflow(offset, size, &end))
		return -EINVAL;
	if (end > mem->alloc.size)
		return -ERANGE;
	seg = vram_seg_at(mem, &offset, size);
	if (!seg)
		return -EINVAL;
	return nova_vmm_map_vram(vmm, va, seg->addr + offset, size, flags);
}
EXPORT_SYMBOL_NS_GPL(vmm_map_vram, NOVA_VMM_NS);
