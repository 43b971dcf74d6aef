/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nova_vmm_gpuvm: VM_BIND-style bind and unbind on a drm_gpuvm, written to
 * the page tables as one nova_vmm batch. Used by the sample module
 * (nova_vmm_gpuvm.c) and by the KUnit suite nova_vmm_gpuvm
 * (tests/gpuvm_kunit.c), which compiles gpuvm_core.c into nova_vmm.
 */
#ifndef _NOVA_VMM_GPUVM_CORE_H_
#define _NOVA_VMM_GPUVM_CORE_H_

#include <linux/mutex.h>
#include <linux/types.h>

#include <drm/drm_gem.h>
#include <drm/drm_gpuvm.h>

struct drm_device;
struct nova_gpu;
struct vmm;
struct vmm_vram;

/**
 * struct nvgv_dev - The DRM device of one GPU for drm_gpuvm.
 * @drm: A DRM device on the GPU's struct device, never registered (no
 *       minor is visible to user space): drm_gpuvm and GEM objects need one.
 * @gpu: The GPU.
 */
struct nvgv_dev {
	struct drm_device *drm;
	struct nova_gpu *gpu;
};

/**
 * struct nvgv_bo - A buffer: one physically contiguous VRAM allocation.
 * @base: Its GEM object (for drm_gpuvm's merge test: same object, same
 *        offset).
 * @mem: The VRAM allocation, freed with the last reference.
 * @addr: Its VRAM address.
 */
struct nvgv_bo {
	struct drm_gem_object base;
	struct vmm_vram *mem;
	u64 addr;
};

/**
 * struct nvgv_va - One mapping drm_gpuvm holds.
 * @base: The drm_gpuva; holds a reference to its buffer's GEM object.
 * @flags: The VMM_MAP_* flags it was bound with.
 */
struct nvgv_va {
	struct drm_gpuva base;
	u32 flags;
};

/**
 * struct nvgv_vm - An address space: a drm_gpuvm over (part of) a nova_vmm
 * address space.
 * @gpuvm: The VA tree.
 * @vmm: The nova_vmm address space; its owner keeps it alive.
 * @lock: Serialises binds and unbinds; protects @gpuvm's tree and
 *        @last_steps. Never held by nova_vmm, so it may be held across its
 *        calls, fence section included.
 * @last_steps: Steps of the batch the last bind or unbind committed (0:
 *              nothing in the page tables changed, no invalidate).
 */
struct nvgv_vm {
	struct drm_gpuvm gpuvm;
	struct vmm *vmm;
	struct mutex lock;	/* serialises binds; see @lock above */
	unsigned int last_steps;
};

struct nvgv_dev *nvgv_dev_create(struct nova_gpu *gpu);
void nvgv_dev_destroy(struct nvgv_dev *dev);

struct nvgv_bo *nvgv_bo_create(struct nvgv_dev *dev, u64 size);
void nvgv_bo_put(struct nvgv_bo *bo);

struct nvgv_vm *nvgv_vm_create(struct nvgv_dev *dev, struct vmm *vmm, u64 start, u64 range);
void nvgv_vm_destroy(struct nvgv_vm *vm);

int nvgv_bind(struct nvgv_vm *vm, u64 va, u64 range, struct nvgv_bo *bo, u64 offset, u32 flags);
int nvgv_bind_sparse(struct nvgv_vm *vm, u64 va, u64 range);
int nvgv_unbind(struct nvgv_vm *vm, u64 va, u64 range);

#endif /* _NOVA_VMM_GPUVM_CORE_H_ */
