// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: drm_gpuvm binds as nova_vmm batches
 *
 * A bind (nvgv_bind()) or unbind (nvgv_unbind()) asks drm_gpuvm for its
 * split and merge steps (drm_gpuvm_sm_map_ops_create(),
 * drm_gpuvm_sm_unmap_ops_create()) and walks that list twice, as
 * drm_gpuvm's documentation intends:
 *
 * 1. Outside the fence path, where it may allocate and fail: every step
 *    becomes steps of ONE nova_vmm batch (vmm_op_create(),
 *    vmm_op_add_unmap(), vmm_op_add_map()), the batch is prepared
 *    (vmm_op_prepare(): every page table allocated) and the drm_gpuva
 *    structs the ops will need are allocated. A failure here frees all of
 *    it: neither the page tables nor drm_gpuvm changed.
 * 2. Inside dma_fence_begin_signalling() and dma_fence_end_signalling():
 *    vmm_op_commit() (no allocation, one TLB invalidate) and the same ops
 *    applied to drm_gpuvm (drm_gpuva_map(), drm_gpuva_remap(),
 *    drm_gpuva_unmap()) with the preallocated structs.
 *
 * Only the page-table delta is written. A remap unmaps only the part of
 * the old mapping that its prev and next do not keep; an unmap whose keep is
 * set (drm_gpuvm found the same object at the same offset) with the same
 * flags is left in place and the new map skips it. Where a cut falls inside
 * a large page (nova_vmm unmaps 64 KiB and larger pages whole), the batch
 * unmaps that page and maps the part that stays with smaller pages, from
 * what vmm_lookup() says the page maps. A page never spans two drm_gpuvas:
 * a kept range whose edge would cut a page is rewritten instead.
 *
 * The request gets the largest pages everywhere: nova_vmm places a page
 * of 2 MiB or more over existing tables when every page under it is
 * unmapped by an earlier step of the batch or not mapped now (DOC:
 * Batches), so a 2 MiB block the bind finds part mapped, part empty gets a
 * 2 MiB page. One limit of the batch API shows here: a batch cannot split
 * a sparse range (clear part, keep the rest) nor map where it cleared one: sparse
 * binds (nvgv_bind_sparse()) replace mappings, but a sparse range leaves
 * only whole, by an unbind; anything else that touches it is refused with
 * -EOPNOTSUPP before anything changes.
 */
#include <linux/device.h>
#include <linux/dma-fence.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>

#include <nova_vmm/vmm.h>

#include "gpuvm_core.h"

/* nova_vmm maps, unmaps and looks up in units of 4 KiB. */
#define NVGV_ALIGN	SZ_4K

static const struct drm_driver nvgv_driver = {
	.driver_features = DRIVER_GEM,
	.name = "nova_vmm_gpuvm",
	.desc = "drm_gpuvm client of nova_vmm",
};

/**
 * nvgv_dev_create() - The DRM device drm_gpuvm needs, for one GPU.
 * @gpu: The GPU.
 *
 * Context: Process context; may sleep.
 * Return: The device; ERR_PTR(-ENOMEM) or drm_dev_alloc()'s error.
 */
struct nvgv_dev *nvgv_dev_create(struct nova_gpu *gpu)
{
	struct nvgv_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	struct drm_device *drm;

	if (!dev)
		return ERR_PTR(-ENOMEM);
	drm = drm_dev_alloc(&nvgv_driver, vmm_gpu_device(gpu));
	if (IS_ERR(drm)) {
		kfree(dev);
		return ERR_CAST(drm);
	}
	dev->drm = drm;
	dev->gpu = gpu;
	return dev;
}

/**
 * nvgv_dev_destroy() - Drop the device (after its address spaces).
 * @dev: From nvgv_dev_create(), or NULL.
 */
void nvgv_dev_destroy(struct nvgv_dev *dev)
{
	if (!dev)
		return;
	drm_dev_put(dev->drm);
	kfree(dev);
}

static struct nvgv_bo *to_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct nvgv_bo, base);
}

static struct nvgv_va *to_va(struct drm_gpuva *va)
{
	return container_of(va, struct nvgv_va, base);
}

static void nvgv_bo_free(struct drm_gem_object *obj)
{
	struct nvgv_bo *bo = to_bo(obj);

	drm_gem_object_release(obj);
	vmm_vram_free(bo->mem);
	kfree(bo);
}

static const struct drm_gem_object_funcs nvgv_bo_funcs = {
	.free = nvgv_bo_free,
};

/**
 * nvgv_bo_create() - A buffer of contiguous VRAM.
 * @dev: Device.
 * @size: Bytes, a multiple of PAGE_SIZE. 2 MiB-aligned from 2 MiB up,
 *        64 KiB-aligned below, so that large pages can map it.
 *
 * Context: Process context; may sleep.
 * Return: The buffer, one reference held (nvgv_bo_put()); ERR_PTR(-EINVAL)
 * for a bad size; vmm_vram_alloc()'s errors.
 */
struct nvgv_bo *nvgv_bo_create(struct nvgv_dev *dev, u64 size)
{
	struct nvgv_bo *bo;
	unsigned int nsegs;

	if (!size || !PAGE_ALIGNED(size))
		return ERR_PTR(-EINVAL);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->mem = vmm_vram_alloc(dev->gpu, size, size >= SZ_2M ? SZ_2M : SZ_64K,
				 VMM_VRAM_CONTIGUOUS);
	if (IS_ERR(bo->mem)) {
		struct nvgv_bo *err = ERR_CAST(bo->mem);

		kfree(bo);
		return err;
	}
	bo->addr = vmm_vram_segs(bo->mem, &nsegs)[0].addr;
	bo->base.funcs = &nvgv_bo_funcs;
	drm_gem_private_object_init(dev->drm, &bo->base, size);
	return bo;
}

/**
 * nvgv_bo_put() - Drop the caller's reference; each mapping holds its own.
 * @bo: Buffer, or NULL.
 */
void nvgv_bo_put(struct nvgv_bo *bo)
{
	if (bo)
		drm_gem_object_put(&bo->base);
}

static void nvgv_vm_free(struct drm_gpuvm *gpuvm)
{
	struct nvgv_vm *vm = container_of(gpuvm, struct nvgv_vm, gpuvm);

	mutex_destroy(&vm->lock);
	kfree(vm);
}

static const struct drm_gpuvm_ops nvgv_vm_ops = {
	.vm_free = nvgv_vm_free,
};

/**
 * nvgv_vm_create() - A drm_gpuvm over a range of a nova_vmm address space.
 * @dev: Device.
 * @vmm: The address space; the caller keeps it alive until
 *       nvgv_vm_destroy() returned.
 * @start: First VA drm_gpuvm manages.
 * @range: Bytes it manages.
 *
 * Context: Process context; may sleep.
 * Return: The address space; ERR_PTR(-ENOMEM).
 */
struct nvgv_vm *nvgv_vm_create(struct nvgv_dev *dev, struct vmm *vmm, u64 start, u64 range)
{
	struct drm_gem_object *r_obj = drm_gpuvm_resv_object_alloc(dev->drm);
	struct nvgv_vm *vm = r_obj ? kzalloc(sizeof(*vm), GFP_KERNEL) : NULL;

	if (!vm) {
		if (r_obj)
			drm_gem_object_put(r_obj);
		return ERR_PTR(-ENOMEM);
	}
	mutex_init(&vm->lock);
	vm->vmm = vmm;
	drm_gpuvm_init(&vm->gpuvm, "nova_vmm_gpuvm", 0, dev->drm, r_obj, start, range,
		       0, 0, &nvgv_vm_ops);
	drm_gem_object_put(r_obj);	/* drm_gpuvm holds its own */
	return vm;
}

/* A mapping leaves drm_gpuvm: its buffer reference goes with it. */
static void nvgv_va_free(struct nvgv_va *va)
{
	if (!va)
		return;
	if (va->base.gem.obj)
		drm_gem_object_put(va->base.gem.obj);
	kfree(va);
}

/*
 * What drm_gpuvm holds though the final unbind failed: forget it, so that
 * the VA tree is empty when drm_gpuvm goes. Unless the GPU is gone
 * (@gone), the GPU may still reach the buffers: their references are
 * leaked, never their VRAM freed while mapped.
 */
static void nvgv_vm_forget(struct nvgv_vm *vm, bool gone)
{
	struct drm_gpuva *va, *next;

	drm_gpuvm_for_each_va_safe(va, next, &vm->gpuvm) {
		drm_gpuva_remove(va);
		if (!gone)
			va->gem.obj = NULL;
		nvgv_va_free(to_va(va));
	}
}

/**
 * nvgv_vm_destroy() - Unbind everything, then drop the drm_gpuvm.
 * @vm: From nvgv_vm_create(), or NULL.
 *
 * If the unbind fails but for -ENODEV (the GPU is gone), the buffers still
 * mapped are leaked (with a warning), not freed under the GPU's mappings.
 *
 * Context: Process context; may sleep.
 */
void nvgv_vm_destroy(struct nvgv_vm *vm)
{
	int ret;

	if (!vm)
		return;
	ret = nvgv_unbind(vm, vm->gpuvm.mm_start, vm->gpuvm.mm_range);
	if (ret) {
		if (ret != -ENODEV)
			dev_warn(vm->gpuvm.drm->dev,
				 "nova_vmm_gpuvm: final unbind failed (%d): leaking its buffers\n",
				 ret);
		mutex_lock(&vm->lock);
		nvgv_vm_forget(vm, ret == -ENODEV);
		mutex_unlock(&vm->lock);
	}
	drm_gpuvm_put(&vm->gpuvm);
}

/**
 * struct nvgv_plan - A bind or unbind between its two walks of the ops.
 * @vm: Address space.
 * @ops: drm_gpuvm's steps.
 * @op: The nova_vmm batch.
 * @steps: Steps added to @op.
 * @fresh: The drm_gpuvas the ops will insert, in the order of the ops.
 * @nfresh: Entries of @fresh allocated.
 * @gone: The drm_gpuvas the ops removed, freed after the fence section.
 * @ngone: Entries of @gone.
 * @first: First VA of the request (a bind).
 * @cursor: First VA of the request not yet given a map step.
 * @addr: VRAM address the request maps at @first.
 * @flags: The request's VMM_MAP_* flags.
 * @bind: A bind (else an unbind).
 * @sparse: A sparse bind (nvgv_bind_sparse()).
 */
struct nvgv_plan {
	struct nvgv_vm *vm;
	struct drm_gpuva_ops *ops;
	struct vmm_op *op;
	unsigned int steps;
	struct nvgv_va **fresh;
	unsigned int nfresh;
	struct nvgv_va **gone;
	unsigned int ngone;
	u64 first;
	u64 cursor;
	u64 addr;
	u32 flags;
	bool bind;
	bool sparse;
};

static int plan_unmap(struct nvgv_plan *p, u64 va, u64 end)
{
	p->steps++;
	return vmm_op_add_unmap(p->op, va, end - va);
}

static int plan_map(struct nvgv_plan *p, u64 va, u64 end, u64 addr, u32 flags)
{
	if (va == end)
		return 0;
	p->steps++;
	return vmm_op_add_map(p->op, va, addr, end - va, flags);
}

/*
 * Map the request from the cursor up to @start, where a kept range [@start,
 * @end) begins (or the request ends: @start == @end).
 */
static int plan_request(struct nvgv_plan *p, u64 start, u64 end)
{
	u64 from = p->cursor, addr = p->addr + (from - p->first);

	p->cursor = end;
	return plan_map(p, from, start, addr, p->flags);
}

/* @x is a page boundary inside the mapping @va (its own ends are). */
static bool page_edge(struct nvgv_plan *p, const struct drm_gpuva *va, u64 x)
{
	struct vmm_mapping m;

	if (x == va->va.addr || x == va->va.addr + va->va.range)
		return true;
	return !vmm_lookup(p->vm->vmm, x, &m) && m.va == x;
}

/*
 * drm_gpuvm's keep: [@lo, @hi) of the old mapping maps what the request
 * maps there. Kept if the flags are the same and no page crosses its edges.
 */
static bool plan_keeps(struct nvgv_plan *p, const struct drm_gpuva_op_unmap *u, u64 lo, u64 hi)
{
	return u->keep && to_va(u->va)->flags == p->flags &&
	       page_edge(p, u->va, lo) && page_edge(p, u->va, hi);
}

/*
 * Remove [@lo, @hi) of the mapping @va from the page tables: unmap it,
 * widened to whole pages, and map again what the widening took that stays.
 */
static int plan_remove(struct nvgv_plan *p, const struct drm_gpuva *va, u64 lo, u64 hi)
{
	struct vmm_mapping a = { .va = lo }, b = { .va = hi };
	u64 end = va->va.addr + va->va.range, uhi = hi;
	int ret = 0;

	if (lo > va->va.addr)
		ret = vmm_lookup(p->vm->vmm, lo, &a);
	if (!ret && hi < end) {
		ret = vmm_lookup(p->vm->vmm, hi - NVGV_ALIGN, &b);
		uhi = b.va + b.page_size;
	}
	ret = ret ?: plan_unmap(p, a.va, uhi);
	ret = ret ?: plan_map(p, a.va, lo, a.addr, a.flags);
	return ret ?: plan_map(p, hi, uhi, b.addr + (hi - b.va), b.flags);
}

/*
 * A sparse mapping leaves whole, by an unbind: a batch cannot clear part of
 * a sparse range and make the rest sparse again, nor map where an earlier
 * step cleared one (vmm_op_add_sparse()).
 */
static int plan_remove_sparse(struct nvgv_plan *p, const struct drm_gpuva *va, u64 lo, u64 hi)
{
	if (p->bind || lo != va->va.addr || hi != va->va.addr + va->va.range)
		return -EOPNOTSUPP;
	p->steps++;
	return vmm_op_add_sparse(p->op, lo, hi - lo, false);
}

/* Room for the drm_gpuva an op will insert. */
static int plan_fresh(struct nvgv_plan *p)
{
	struct nvgv_va *va = kzalloc(sizeof(*va), GFP_KERNEL);

	if (!va)
		return -ENOMEM;
	p->fresh[p->nfresh++] = va;
	return 0;
}

static int plan_remap(struct nvgv_plan *p, const struct drm_gpuva_op_remap *r)
{
	u64 lo, range;
	int ret = 0;

	drm_gpuva_op_remap_to_unmap_range(r, &lo, &range);
	if (r->prev)
		ret = plan_fresh(p);
	if (!ret && r->next)
		ret = plan_fresh(p);
	if (ret)
		return ret;
	if (r->unmap->va->flags & DRM_GPUVA_SPARSE)
		return plan_remove_sparse(p, r->unmap->va, lo, lo + range);
	if (plan_keeps(p, r->unmap, lo, lo + range))
		return plan_request(p, lo, lo + range);
	return plan_remove(p, r->unmap->va, lo, lo + range);
}

static int plan_unmap_op(struct nvgv_plan *p, const struct drm_gpuva_op_unmap *u)
{
	u64 lo = u->va->va.addr, hi = lo + u->va->va.range;

	if (u->va->flags & DRM_GPUVA_SPARSE)
		return plan_remove_sparse(p, u->va, lo, hi);
	if (plan_keeps(p, u, lo, hi))
		return plan_request(p, lo, hi);
	return plan_remove(p, u->va, lo, hi);
}

/* A sparse bind: the range becomes sparse, over what earlier steps unmap. */
static int plan_sparse(struct nvgv_plan *p, const struct drm_gpuva_op_map *m)
{
	p->steps++;
	return vmm_op_add_sparse(p->op, m->va.addr, m->va.range, true);
}

static int plan_op(struct nvgv_plan *p, const struct drm_gpuva_op *o)
{
	switch (o->op) {
	case DRM_GPUVA_OP_MAP:
		if (p->sparse)
			return plan_fresh(p) ?: plan_sparse(p, &o->map);
		return plan_fresh(p) ?: plan_request(p, o->map.va.addr + o->map.va.range,
						     o->map.va.addr + o->map.va.range);
	case DRM_GPUVA_OP_REMAP:
		return plan_remap(p, &o->remap);
	case DRM_GPUVA_OP_UNMAP:
		return plan_unmap_op(p, &o->unmap);
	default:
		return -EOPNOTSUPP;	/* prefetch: never asked for */
	}
}

/*
 * The first walk: the batch, its prepare, and the drm_gpuvas. At most two
 * are inserted per op (a remap's prev and next), one removed.
 */
static int plan_prepare(struct nvgv_plan *p)
{
	size_t n = list_count_nodes(&p->ops->list);
	struct drm_gpuva_op *o;
	int ret = 0;

	p->fresh = kcalloc(2 * n, sizeof(*p->fresh), GFP_KERNEL);
	p->gone = kcalloc(n, sizeof(*p->gone), GFP_KERNEL);
	p->op = vmm_op_create(p->vm->vmm);
	if (!p->fresh || !p->gone)
		return -ENOMEM;
	if (IS_ERR(p->op))
		return PTR_ERR(p->op);
	drm_gpuva_for_each_op(o, p->ops) {
		ret = plan_op(p, o);
		if (ret)
			return ret;
	}
	return p->steps ? vmm_op_prepare(p->op) : 0;
}

/* A drm_gpuva inserted: it takes a reference to its buffer; none is sparse. */
static void apply_fresh(struct nvgv_va *va, u32 flags)
{
	va->flags = flags;
	if (va->base.gem.obj)
		drm_gem_object_get(va->base.gem.obj);
	else
		va->base.flags |= DRM_GPUVA_SPARSE;
}

static void apply_remap(struct nvgv_plan *p, struct drm_gpuva_op_remap *r, unsigned int *f)
{
	struct nvgv_va *old = to_va(r->unmap->va);
	struct nvgv_va *prev = r->prev ? p->fresh[(*f)++] : NULL;
	struct nvgv_va *next = r->next ? p->fresh[(*f)++] : NULL;

	drm_gpuva_remap(prev ? &prev->base : NULL, next ? &next->base : NULL, r);
	if (prev)
		apply_fresh(prev, old->flags);
	if (next)
		apply_fresh(next, old->flags);
	p->gone[p->ngone++] = old;
}

/* The second walk, in the fence section: drm_gpuvm follows the tables. */
static void plan_apply(struct nvgv_plan *p)
{
	struct drm_gpuva_op *o;
	unsigned int f = 0;

	drm_gpuva_for_each_op(o, p->ops) {
		switch (o->op) {
		case DRM_GPUVA_OP_MAP:
			drm_gpuva_map(&p->vm->gpuvm, &p->fresh[f]->base, &o->map);
			apply_fresh(p->fresh[f++], p->flags);
			break;
		case DRM_GPUVA_OP_REMAP:
			apply_remap(p, &o->remap, &f);
			break;
		case DRM_GPUVA_OP_UNMAP:
			p->gone[p->ngone++] = to_va(o->unmap.va);
			drm_gpuva_unmap(&o->unmap);
			break;
		default:
			break;
		}
	}
	/* Every preallocated drm_gpuva is in the tree now. */
	p->nfresh = 0;
}

/*
 * Commit the batch and apply the ops to drm_gpuvm, allocating nothing. After
 * -ETIMEDOUT or -ENODEV from the invalidate the entries are written all the
 * same, so drm_gpuvm follows them.
 */
static int plan_commit(struct nvgv_plan *p)
{
	bool cookie = dma_fence_begin_signalling();
	int ret = p->steps ? vmm_op_commit(p->op) : 0;

	plan_apply(p);
	dma_fence_end_signalling(cookie);
	return ret;
}

static void plan_free(struct nvgv_plan *p)
{
	unsigned int i;

	for (i = 0; i < p->ngone; i++)
		nvgv_va_free(p->gone[i]);
	for (i = 0; i < p->nfresh; i++)
		kfree(p->fresh[i]);
	if (!IS_ERR_OR_NULL(p->op))
		vmm_op_free(p->op);
	kfree(p->gone);
	kfree(p->fresh);
	drm_gpuva_ops_free(&p->vm->gpuvm, p->ops);
}

/* Both walks, under the address space's lock. */
static int plan_run(struct nvgv_plan *p)
{
	int ret;

	lockdep_assert_held(&p->vm->lock);
	if (IS_ERR(p->ops))
		return PTR_ERR(p->ops);
	ret = plan_prepare(p);
	if (!ret)
		ret = plan_commit(p);
	p->vm->last_steps = ret ? 0 : p->steps;
	plan_free(p);
	return ret;
}

/**
 * nvgv_bind() - Map a buffer range at a VA range, replacing what is there.
 * @vm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @range: Bytes, a non-zero multiple of 4 KiB.
 * @bo: The buffer; each mapping made holds a reference.
 * @offset: Where in @bo the range starts, 4 KiB aligned.
 * @flags: VMM_MAP_* flags for nova_vmm.
 *
 * Mappings @va to @va + @range overlaps are split (the parts outside stay)
 * or removed; one nova_vmm batch writes the page-table delta with one TLB
 * invalidate. On failure nothing changed, but for -ETIMEDOUT and -ENODEV
 * from the invalidate, after which the bind is done all the same.
 *
 * Context: Process context; may sleep. Takes &nvgv_vm.lock.
 * Return: 0; -EINVAL for an unaligned range, one outside @bo or outside the
 * address space; -EOPNOTSUPP if it overlaps a sparse range; -ENOMEM;
 * vmm_op_add_map() and vmm_op_prepare()'s errors (nothing changed);
 * vmm_op_commit()'s.
 */
int nvgv_bind(struct nvgv_vm *vm, u64 va, u64 range, struct nvgv_bo *bo, u64 offset, u32 flags)
{
	struct nvgv_plan p = { .vm = vm, .first = va, .cursor = va, .flags = flags, .bind = true };
	int ret;

	if (!range || !IS_ALIGNED(va | range | offset, NVGV_ALIGN) ||
	    offset > bo->base.size || range > bo->base.size - offset)
		return -EINVAL;
	p.addr = bo->addr + offset;
	mutex_lock(&vm->lock);
	p.ops = drm_gpuvm_sm_map_ops_create(&vm->gpuvm, va, range, &bo->base, offset);
	ret = plan_run(&p);
	mutex_unlock(&vm->lock);
	return ret;
}

/**
 * nvgv_bind_sparse() - Make a VA range sparse, replacing the mappings there.
 * @vm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @range: Bytes, a non-zero multiple of 4 KiB.
 *
 * GPU reads of the range return zero and writes are dropped. drm_gpuvm
 * holds it as a &drm_gpuva without object, flagged DRM_GPUVA_SPARSE. The
 * range must not overlap another sparse one, and a bind may not overlap
 * it (nvgv_unbind() removes it, whole).
 *
 * Context: Process context; may sleep. Takes &nvgv_vm.lock.
 * Return: As nvgv_bind(); -EOPNOTSUPP if it overlaps a sparse range.
 */
int nvgv_bind_sparse(struct nvgv_vm *vm, u64 va, u64 range)
{
	struct nvgv_plan p = { .vm = vm, .bind = true, .sparse = true };
	int ret;

	if (!range || !IS_ALIGNED(va | range, NVGV_ALIGN))
		return -EINVAL;
	mutex_lock(&vm->lock);
	p.ops = drm_gpuvm_sm_map_ops_create(&vm->gpuvm, va, range, NULL, 0);
	ret = plan_run(&p);
	mutex_unlock(&vm->lock);
	return ret;
}

/**
 * nvgv_unbind() - Unmap whatever a VA range holds.
 * @vm: Address space.
 * @va: First VA, 4 KiB aligned.
 * @range: Bytes, a non-zero multiple of 4 KiB.
 *
 * Mappings partly inside the range are split, the parts outside stay. An
 * empty range changes nothing (no invalidate). A sparse range in it is
 * cleared; one partly inside is not split.
 *
 * Context: Process context; may sleep. Takes &nvgv_vm.lock.
 * Return: As nvgv_bind(); -EOPNOTSUPP if the range cuts a sparse one.
 */
int nvgv_unbind(struct nvgv_vm *vm, u64 va, u64 range)
{
	struct nvgv_plan p = { .vm = vm };
	int ret;

	if (!range || !IS_ALIGNED(va | range, NVGV_ALIGN))
		return -EINVAL;
	mutex_lock(&vm->lock);
	p.ops = drm_gpuvm_sm_unmap_ops_create(&vm->gpuvm, va, range);
	ret = plan_run(&p);
	mutex_unlock(&vm->lock);
	return ret;
}
