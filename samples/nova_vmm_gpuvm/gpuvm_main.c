// SPDX-License-Identifier: GPL-2.0
/*
 * nova_vmm_gpuvm: a sample drm_gpuvm client of nova_vmm (gpuvm_core.c).
 *
 * For every GPU nova_vmm drives it makes two address spaces, each a
 * drm_gpuvm over 8 MiB: one in BAR1 (a window from vmm_va_alloc()) and one
 * in a channel address space of its own (vmm_create()). On both it runs the
 * same bind sequence of splits, merges, partial unbinds and a sparse bind
 * (demo_steps[]), and after each step checks every 4 KiB page of the 8 MiB
 * against a model of what the sequence mapped: in BAR1 by writing a pattern
 * to the VRAM page through PRAMIN (vmm_vram_write()) and reading it through
 * the BAR1 aperture (zero where sparse), in the channel space with
 * vmm_lookup(). It prints one line per
 * step and "nova_vmm_gpuvm: passed" or "FAILED", and keeps the mappings
 * until the GPU goes away or the module is unloaded: the BAR1 space's
 * debugfs journal then shows the sequence.
 */
#include <linux/err.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "gpuvm_core.h"

#define DEMO_SIZE	SZ_8M
#define DEMO_PAGES	(DEMO_SIZE / SZ_4K)
#define DEMO_NONE	U64_MAX		/* model: the page is not mapped */
#define DEMO_SPARSE	(U64_MAX - 1)	/* model: the page is sparse */
#define DEMO_CHAN_VA	SZ_4G		/* the window in the channel space */
#define DEMO_CHAN_SIZE	BIT_ULL(40)

enum { BO_A, BO_B, BO_COUNT };

static const u64 demo_bo_size[BO_COUNT] = { SZ_8M, SZ_2M };

/**
 * struct demo_step - One bind or unbind of the sequence.
 * @what: For the log.
 * @bind: Bind (else unbind).
 * @sparse: A sparse bind.
 * @va: Offset in the 8 MiB window.
 * @size: Bytes.
 * @bo: Buffer (BO_A, BO_B) of a bind.
 * @offset: Offset in it.
 * @flags: VMM_MAP_* flags of a bind.
 */
struct demo_step {
	const char *what;
	bool bind;
	bool sparse;
	u64 va;
	u64 size;
	unsigned int bo;
	u64 offset;
	u32 flags;
};

static const struct demo_step demo_steps[] = {
	{ "map 4 MiB", true, false, 0, SZ_4M, BO_A, 0, 0 },
	{ "split inside a 2 MiB page", true, false, SZ_1M, SZ_256K, BO_B, 0, 0 },
	{ "the same pages again: kept", true, false, SZ_2M, SZ_2M, BO_A, SZ_2M, 0 },
	{ "overlap the end, cutting a 2 MiB page", true, false, SZ_2M + SZ_1M, SZ_2M + SZ_1M,
	  BO_A, SZ_2M + SZ_1M, 0 },
	{ "unbind inside the split", false, false, SZ_1M + SZ_64K, SZ_128K, 0, 0, 0 },
	{ "read-only after the end", true, false, SZ_4M + SZ_2M, SZ_2M, BO_B, 0,
	  VMM_MAP_READ_ONLY },
	{ "unbind across two mappings", false, false, SZ_4M + SZ_1M, SZ_2M, 0, 0, 0 },
	{ "replace everything", true, false, 0, SZ_8M, BO_A, 0, 0 },
	{ "sparse over the first 2 MiB and a half", true, true, 0, SZ_2M + SZ_512K, 0, 0, 0 },
};

/**
 * struct demo_space - One address space the demo binds in.
 * @vm: Its drm_gpuvm.
 * @vmm: The nova_vmm address space.
 * @base: VA of the window.
 * @io: CPU mapping of the window in the BAR1 aperture (BAR1 only).
 */
struct demo_space {
	struct nvgv_vm *vm;
	struct vmm *vmm;
	u64 base;
	void __iomem *io;
};

/**
 * struct demo_gpu - What the client keeps per GPU until it goes away.
 * @node: In demo_gpus.
 * @gpu: GPU.
 * @dev: Its DRM device.
 * @bo: The buffers.
 * @bar1: The BAR1 space.
 * @chan: The channel space.
 * @model: VRAM address each 4 KiB page of the window maps, or DEMO_NONE.
 * @seed: Varies the pattern.
 */
struct demo_gpu {
	struct list_head node;
	struct nova_gpu *gpu;
	struct nvgv_dev *dev;
	struct nvgv_bo *bo[BO_COUNT];
	struct demo_space bar1;
	struct demo_space chan;
	u64 model[DEMO_PAGES];
	u32 seed;
};

static LIST_HEAD(demo_gpus);
static DEFINE_MUTEX(demo_lock);

static void model_apply(struct demo_gpu *dg, const struct demo_step *s)
{
	unsigned int i, first = s->va / SZ_4K;

	for (i = 0; i < s->size / SZ_4K; i++)
		dg->model[first + i] = !s->bind ? DEMO_NONE : s->sparse ? DEMO_SPARSE :
			dg->bo[s->bo]->addr + s->offset + (u64)i * SZ_4K;
}

static u32 pattern(const struct demo_gpu *dg, u64 addr)
{
	return dg->seed ^ (u32)(addr >> 12) * 0x9e3779b9u;
}

/* What BAR1 must read at page @i: the pattern, or zero where sparse. */
static u32 bar1_want(const struct demo_gpu *dg, unsigned int i)
{
	return dg->model[i] == DEMO_SPARSE ? 0 : pattern(dg, dg->model[i]);
}

/*
 * Every mapped page: PRAMIN writes the pattern, BAR1 must read it; every
 * sparse page reads zero.
 */
static unsigned int check_bar1(struct demo_gpu *dg)
{
	unsigned int i, bad = 0;
	u32 v;

	dg->seed = get_random_u32();
	for (i = 0; i < DEMO_PAGES; i++) {
		if (dg->model[i] >= DEMO_SPARSE)
			continue;
		v = pattern(dg, dg->model[i]);
		if (vmm_vram_write(dg->gpu, dg->model[i], &v, sizeof(v)))
			return DEMO_PAGES;
	}
	for (i = 0; i < DEMO_PAGES; i++)
		if (dg->model[i] != DEMO_NONE)
			bad += ioread32(dg->bar1.io + i * SZ_4K) != bar1_want(dg, i);
	return bad;
}

/* Every page of the channel window: vmm_lookup() as the model says. */
static unsigned int check_chan(struct demo_gpu *dg)
{
	struct vmm_mapping m;
	unsigned int i, bad = 0;
	u64 va;
	int ret;

	for (i = 0; i < DEMO_PAGES; i++) {
		va = dg->chan.base + (u64)i * SZ_4K;
		ret = vmm_lookup(dg->chan.vmm, va, &m);
		if (dg->model[i] >= DEMO_SPARSE)	/* sparse maps no page */
			bad += ret != -ENOENT;
		else
			bad += ret || m.addr + (va - m.va) != dg->model[i];
	}
	return bad;
}

static int demo_do(struct demo_space *sp, struct demo_gpu *dg, const struct demo_step *s)
{
	if (!s->bind)
		return nvgv_unbind(sp->vm, sp->base + s->va, s->size);
	if (s->sparse)
		return nvgv_bind_sparse(sp->vm, sp->base + s->va, s->size);
	return nvgv_bind(sp->vm, sp->base + s->va, s->size, dg->bo[s->bo], s->offset, s->flags);
}

static int demo_step_run(struct demo_gpu *dg, unsigned int n)
{
	const struct demo_step *s = &demo_steps[n];
	int ret = demo_do(&dg->bar1, dg, s) ?: demo_do(&dg->chan, dg, s);
	unsigned int bad_bar1, bad_chan;

	if (ret)
		return ret;
	model_apply(dg, s);
	bad_bar1 = check_bar1(dg);
	bad_chan = check_chan(dg);
	dev_info(vmm_gpu_device(dg->gpu),
		 "nova_vmm_gpuvm: step %u %s [%#llx, %#llx) %s: batch of %u steps; BAR1: %u bad pages; channel: %u bad pages\n",
		 n + 1, !s->bind ? "unbind" : s->sparse ? "sparse bind" : "bind",
		 dg->bar1.base + s->va, dg->bar1.base + s->va + s->size, s->what,
		 dg->bar1.vm->last_steps, bad_bar1, bad_chan);
	return bad_bar1 || bad_chan ? -EIO : 0;
}

static int demo_run(struct demo_gpu *dg)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < DEMO_PAGES; i++)
		dg->model[i] = DEMO_NONE;
	for (i = 0; i < ARRAY_SIZE(demo_steps) && !ret; i++)
		ret = demo_step_run(dg, i);
	return ret;
}

static int demo_spaces(struct demo_gpu *dg)
{
	struct vmm *bar1 = vmm_bar1(dg->gpu);
	int ret;

	ret = vmm_va_alloc(bar1, DEMO_SIZE, SZ_2M, &dg->bar1.base);
	if (ret)
		return ret;
	dg->bar1.vmm = bar1;
	dg->bar1.io = vmm_bar1_iomap(dg->gpu, dg->bar1.base, DEMO_SIZE);
	if (IS_ERR(dg->bar1.io))
		return PTR_ERR(dg->bar1.io);
	dg->bar1.vm = nvgv_vm_create(dg->dev, bar1, dg->bar1.base, DEMO_SIZE);
	if (IS_ERR(dg->bar1.vm))
		return PTR_ERR(dg->bar1.vm);
	dg->chan.vmm = vmm_create(dg->gpu, 0, DEMO_CHAN_SIZE);
	if (IS_ERR(dg->chan.vmm))
		return PTR_ERR(dg->chan.vmm);
	dg->chan.base = DEMO_CHAN_VA;
	dg->chan.vm = nvgv_vm_create(dg->dev, dg->chan.vmm, DEMO_CHAN_VA, DEMO_SIZE);
	return PTR_ERR_OR_ZERO(dg->chan.vm);
}

static int demo_setup(struct demo_gpu *dg)
{
	unsigned int i;

	dg->dev = nvgv_dev_create(dg->gpu);
	if (IS_ERR(dg->dev))
		return PTR_ERR(dg->dev);
	for (i = 0; i < BO_COUNT; i++) {
		dg->bo[i] = nvgv_bo_create(dg->dev, demo_bo_size[i]);
		if (IS_ERR(dg->bo[i]))
			return PTR_ERR(dg->bo[i]);
	}
	return demo_spaces(dg) ?: demo_run(dg);
}

/* Unbind everything (the address spaces), then the rest; any part may be missing. */
static void demo_teardown(struct demo_gpu *dg)
{
	unsigned int i;

	if (!IS_ERR_OR_NULL(dg->chan.vm))
		nvgv_vm_destroy(dg->chan.vm);
	if (!IS_ERR_OR_NULL(dg->chan.vmm))
		vmm_destroy(dg->chan.vmm);
	if (!IS_ERR_OR_NULL(dg->bar1.vm))
		nvgv_vm_destroy(dg->bar1.vm);
	if (!IS_ERR_OR_NULL(dg->bar1.io))
		iounmap(dg->bar1.io);
	if (dg->bar1.vmm)
		vmm_va_free(dg->bar1.vmm, dg->bar1.base);
	for (i = 0; i < BO_COUNT; i++)
		if (!IS_ERR_OR_NULL(dg->bo[i]))
			nvgv_bo_put(dg->bo[i]);
	if (!IS_ERR_OR_NULL(dg->dev))
		nvgv_dev_destroy(dg->dev);
	kfree(dg);
}

static int demo_add(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct device *dev = vmm_gpu_device(gpu);
	struct demo_gpu *dg;
	int ret;

	if (!vmm_bar1(gpu)) {
		dev_info(dev, "nova_vmm_gpuvm: no BAR1 address space; nothing to do\n");
		return -ENODEV;
	}
	dg = kzalloc(sizeof(*dg), GFP_KERNEL);
	if (!dg)
		return -ENOMEM;
	dg->gpu = gpu;
	ret = demo_setup(dg);
	dev_info(dev, "nova_vmm_gpuvm: %s (%d)\n", ret ? "FAILED" : "passed", ret);
	if (ret) {
		demo_teardown(dg);
		return ret;
	}
	mutex_lock(&demo_lock);
	list_add(&dg->node, &demo_gpus);
	mutex_unlock(&demo_lock);
	return 0;
}

static void demo_remove(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct demo_gpu *dg, *tmp;

	mutex_lock(&demo_lock);
	list_for_each_entry_safe(dg, tmp, &demo_gpus, node) {
		if (dg->gpu != gpu)
			continue;
		list_del(&dg->node);
		demo_teardown(dg);
		dev_info(vmm_gpu_device(gpu), "nova_vmm_gpuvm: unbound and freed\n");
	}
	mutex_unlock(&demo_lock);
}

static struct vmm_client nova_vmm_gpuvm = {
	.name = KBUILD_MODNAME,
	.add = demo_add,
	.remove = demo_remove,
};

static int __init demo_init(void)
{
	return vmm_client_register(&nova_vmm_gpuvm);
}
module_init(demo_init);

static void __exit demo_exit(void)
{
	vmm_client_unregister(&nova_vmm_gpuvm);
}
module_exit(demo_exit);

MODULE_DESCRIPTION("Sample nova_vmm client: VM_BIND-style binds on drm_gpuvm, one batch each");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(NOVA_VMM_NS);
