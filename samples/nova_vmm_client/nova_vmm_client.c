// SPDX-License-Identifier: GPL-2.0
/*
 * nova_vmm_client: a sample user of nova_vmm's exported API.
 *
 * For every GPU nova_vmm drives, for each of the page sizes 4 KiB, 64 KiB and
 * 2 MiB: map a VRAM buffer into BAR1, write a pattern through the BAR1
 * aperture and read it back through PRAMIN, then the other way round, and
 * unmap. It prints one line per page size, then keeps the buffer mapped
 * (64 KiB pages) until the GPU goes away or the client is unloaded, when its
 * remove callback unmaps and frees it.
 *
 * probe_unmapped=1 also reads BAR1 after the unmap, which must fault on the
 * GPU: useful against the simulator (sim/nvsim), not on a real board.
 *
 * Writing 1 to /sys/module/nova_vmm_client/parameters/recheck checks every
 * buffer the client keeps mapped again, both ways, where it is mapped (after
 * a reset or resume, for instance); the write fails if one check does.
 *
 * With static BAR1 (nova_vmm's bar1_static=1) nothing is mapped: the buffer
 * is at the BAR1 offset vmm_vram_bar1_offset() reports, checked both ways
 * there, and vmm_map() into BAR1 must fail with -EBUSY.
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

static bool probe_unmapped;
module_param(probe_unmapped, bool, 0444);
MODULE_PARM_DESC(probe_unmapped, "Read BAR1 after unmapping (the GPU faults; for the simulator)");

#define CLIENT_SIZE	SZ_2M
#define CLIENT_STRIDE	SZ_4K	/* one dword checked per 4 KiB */
#define CLIENT_DWORDS	(CLIENT_SIZE / CLIENT_STRIDE)

static const struct {
	u32 flag;
	const char *name;
} client_pages[] = {
	{ VMM_MAP_PAGE_4K, "4 KiB" },
	{ VMM_MAP_PAGE_64K, "64 KiB" },
	{ VMM_MAP_PAGE_2M, "2 MiB" },
};

/**
 * struct client_run - One page size's check.
 * @gpu: GPU.
 * @bar1: Its BAR1 address space.
 * @mem: The buffer.
 * @addr: VRAM address of the buffer (for PRAMIN access and messages).
 * @va: BAR1 VA it is mapped at.
 * @io: CPU mapping of that part of the BAR1 aperture.
 * @seed: Varies the pattern from run to run.
 */
struct client_run {
	struct nova_gpu *gpu;
	struct vmm *bar1;
	struct vmm_vram *mem;
	u64 addr;
	u64 va;
	void __iomem *io;
	u32 seed;
};

static u32 pattern(const struct client_run *r, unsigned int i)
{
	return r->seed ^ (i * 0x9e3779b9u);
}

/*
 * BAR1 writes, then PRAMIN reads. One dword per 4 KiB page is enough to catch
 * a wrong translation, and each PRAMIN dword costs a PCIe round trip.
 */
static int check_bar1_to_pramin(struct client_run *r)
{
	unsigned int i, bad = 0;
	u32 v;
	int ret;

	for (i = 0; i < CLIENT_DWORDS; i++)
		iowrite32(pattern(r, i), r->io + i * CLIENT_STRIDE);
	wmb();			/* out of the CPU's write-combining buffers */
	ioread32(r->io);	/* and a read returns once they reached VRAM */
	for (i = 0; i < CLIENT_DWORDS; i++) {
		ret = vmm_vram_read(r->gpu, r->addr + i * CLIENT_STRIDE, &v, sizeof(v));
		if (ret)
			return ret;
		bad += v != pattern(r, i);
	}
	return bad ? -EIO : 0;
}

/* PRAMIN writes, then BAR1 reads. */
static int check_pramin_to_bar1(struct client_run *r)
{
	unsigned int i, bad = 0;
	u32 v;
	int ret;

	r->seed = ~r->seed;
	for (i = 0; i < CLIENT_DWORDS; i++) {
		v = pattern(r, i);
		ret = vmm_vram_write(r->gpu, r->addr + i * CLIENT_STRIDE, &v, sizeof(v));
		if (ret)
			return ret;
	}
	for (i = 0; i < CLIENT_DWORDS; i++)
		bad += ioread32(r->io + i * CLIENT_STRIDE) != pattern(r, i);
	return bad ? -EIO : 0;
}

static const char *verdict(int ret)
{
	return !ret ? "ok" : ret == -EIO ? "MISMATCH" : "error";
}

static int client_check(struct client_run *r, u32 page, const char *name)
{
	struct device *dev = vmm_gpu_device(r->gpu);
	int ret, to_pramin, to_bar1;

	ret = vmm_map_vram(r->bar1, r->va, r->mem, 0, CLIENT_SIZE, page);
	if (ret) {
		dev_err(dev, "%s pages: vmm_map_vram failed (%d)\n", name, ret);
		/* -ETIMEDOUT: the entries are written; take them down again. */
		if (ret == -ETIMEDOUT)
			vmm_unmap(r->bar1, r->va, CLIENT_SIZE);
		return ret;
	}
	to_pramin = check_bar1_to_pramin(r);
	to_bar1 = check_pramin_to_bar1(r);
	ret = vmm_unmap(r->bar1, r->va, CLIENT_SIZE);
	dev_info(dev, "%s pages: BAR1 %#llx -> VRAM %#llx: BAR1 write, PRAMIN read: %s; PRAMIN write, BAR1 read: %s\n",
		 name, r->va, r->addr, verdict(to_pramin), verdict(to_bar1));
	if (!ret && probe_unmapped)
		dev_info(dev, "%s pages: BAR1 read after unmap: %#010x\n", name, ioread32(r->io));
	return ret ?: to_pramin ?: to_bar1;
}

static int client_run_all(struct client_run *r)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(client_pages) && !ret; i++) {
		r->seed = get_random_u32();
		ret = client_check(r, client_pages[i].flag, client_pages[i].name);
	}
	return ret;
}

/**
 * struct client_gpu - What the client keeps per GPU until it goes away.
 * @node: In client_gpus.
 * @gpu: GPU.
 * @mem: The VRAM buffer.
 * @va: Where it stays mapped in BAR1 (64 KiB pages).
 * @static_bar1: BAR1 is static: @va is the buffer's offset, mapped by
 *               nova_vmm; nothing to unmap.
 */
struct client_gpu {
	struct list_head node;
	struct nova_gpu *gpu;
	struct vmm_vram *mem;
	u64 va;
	bool static_bar1;
};

/*
 * The callbacks never run concurrently (nova_vmm serialises them); the
 * mutex keeps a recheck off the list while they change it.
 */
static LIST_HEAD(client_gpus);
static DEFINE_MUTEX(client_lock);

/* The checks, with a CPU mapping of the buffer's BAR1 range. */
static int client_checks(struct client_run *r)
{
	int ret;

	r->io = vmm_bar1_iomap(r->gpu, r->va, CLIENT_SIZE);
	if (IS_ERR(r->io))
		return PTR_ERR(r->io);
	ret = client_run_all(r);
	iounmap(r->io);
	return ret;
}

/*
 * Static BAR1: the buffer is at its offset already. Check it both ways
 * there, and that BAR1 refuses a map of the client's own.
 */
static int client_static(struct client_run *r)
{
	int busy, to_pramin, to_bar1;

	r->io = vmm_bar1_iomap(r->gpu, r->va, CLIENT_SIZE);
	if (IS_ERR(r->io))
		return PTR_ERR(r->io);
	r->seed = get_random_u32();
	to_pramin = check_bar1_to_pramin(r);
	to_bar1 = check_pramin_to_bar1(r);
	iounmap(r->io);
	busy = vmm_map(r->bar1, r->va, r->addr, CLIENT_SIZE, 0);
	dev_info(vmm_gpu_device(r->gpu), "static BAR1: VRAM %#llx at BAR1 %#llx: BAR1 write, PRAMIN read: %s; PRAMIN write, BAR1 read: %s; vmm_map: %d\n",
		 r->addr, r->va, verdict(to_pramin), verdict(to_bar1), busy);
	return to_pramin ?: to_bar1 ?: busy == -EBUSY ? 0 : -EINVAL;
}

/* Run the checks, then leave the buffer mapped until the GPU goes away. */
static int client_setup(struct client_gpu *cg)
{
	struct client_run r = { .gpu = cg->gpu, .bar1 = vmm_bar1(cg->gpu) };
	unsigned int nsegs;
	int ret;

	cg->mem = vmm_vram_alloc(cg->gpu, CLIENT_SIZE, CLIENT_SIZE, VMM_VRAM_CONTIGUOUS);
	if (IS_ERR(cg->mem))
		return PTR_ERR(cg->mem);
	r.mem = cg->mem;
	r.addr = vmm_vram_segs(cg->mem, &nsegs)[0].addr;
	if (!vmm_vram_bar1_offset(cg->mem, &r.va)) {
		cg->va = r.va;
		cg->static_bar1 = true;
		ret = client_static(&r);
		if (ret)
			vmm_vram_free(cg->mem);
		return ret;
	}
	ret = vmm_va_alloc(r.bar1, CLIENT_SIZE, CLIENT_SIZE, &r.va);
	if (ret)
		goto err_mem;
	cg->va = r.va;
	ret = client_checks(&r);
	if (ret)
		goto err_va;
	ret = vmm_map_vram(r.bar1, r.va, cg->mem, 0, CLIENT_SIZE, VMM_MAP_PAGE_64K);
	/* If the GPU may still reach the VRAM, never give it back (review L3). */
	if (ret == -ETIMEDOUT && vmm_unmap(r.bar1, r.va, CLIENT_SIZE) == -ETIMEDOUT) {
		dev_warn(vmm_gpu_device(cg->gpu), "nova_vmm_client: %s\n",
			 "unmap timed out; leaking 2 MiB of VRAM");
		vmm_va_free(r.bar1, r.va);
		return ret;
	}
	if (ret)
		goto err_va;
	return 0;
err_va:
	vmm_va_free(r.bar1, r.va);
err_mem:
	vmm_vram_free(cg->mem);
	return ret;
}

static int client_add(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct device *dev = vmm_gpu_device(gpu);
	struct client_gpu *cg;
	int ret;

	if (!vmm_bar1(gpu)) {
		dev_info(dev, "no BAR1 address space; nothing to do\n");
		return -ENODEV;
	}
	cg = kzalloc(sizeof(*cg), GFP_KERNEL);
	if (!cg)
		return -ENOMEM;
	cg->gpu = gpu;
	ret = client_setup(cg);
	dev_info(dev, "nova_vmm_client: %s (%d)\n", ret ? "FAILED" : "passed", ret);
	if (ret) {
		kfree(cg);
		return ret;
	}
	dev_info(dev, "nova_vmm_client: keeping 2 MiB of VRAM mapped at BAR1 %#llx until unload\n",
		 cg->va);
	mutex_lock(&client_lock);
	list_add(&cg->node, &client_gpus);
	mutex_unlock(&client_lock);
	return 0;
}

static void client_remove(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct client_gpu *cg, *tmp;
	struct vmm *bar1 = vmm_bar1(gpu);
	int ret;

	mutex_lock(&client_lock);
	list_for_each_entry_safe(cg, tmp, &client_gpus, node) {
		if (cg->gpu != gpu)
			continue;
		ret = cg->static_bar1 ? 0 : vmm_unmap(bar1, cg->va, CLIENT_SIZE);
		if (!cg->static_bar1)
			vmm_va_free(bar1, cg->va);
		/* If the GPU may still reach the VRAM, never give it back. */
		if (ret == -ETIMEDOUT)
			dev_warn(vmm_gpu_device(gpu), "nova_vmm_client: unmap timed out; leaking 2 MiB of VRAM\n");
		else
			vmm_vram_free(cg->mem);
		list_del(&cg->node);
		kfree(cg);
		dev_info(vmm_gpu_device(gpu), "nova_vmm_client: unmapped and freed\n");
	}
	mutex_unlock(&client_lock);
}

/* The kept buffer, checked both ways again where it stays mapped. */
static int client_recheck_one(struct client_gpu *cg)
{
	struct client_run r = { .gpu = cg->gpu, .mem = cg->mem, .va = cg->va,
				.seed = get_random_u32() };
	unsigned int nsegs;
	int to_pramin, to_bar1;

	r.addr = vmm_vram_segs(cg->mem, &nsegs)[0].addr;
	r.io = vmm_bar1_iomap(r.gpu, r.va, CLIENT_SIZE);
	if (IS_ERR(r.io))
		return PTR_ERR(r.io);
	to_pramin = check_bar1_to_pramin(&r);
	to_bar1 = check_pramin_to_bar1(&r);
	iounmap(r.io);
	dev_info(vmm_gpu_device(r.gpu), "nova_vmm_client: recheck: BAR1 %#llx -> VRAM %#llx: BAR1 write, PRAMIN read: %s; PRAMIN write, BAR1 read: %s\n",
		 r.va, r.addr, verdict(to_pramin), verdict(to_bar1));
	return to_pramin ?: to_bar1;
}

static int client_recheck(const char *val, const struct kernel_param *kp)
{
	struct client_gpu *cg;
	bool run;
	int ret = 0;

	if (kstrtobool(val, &run))
		return -EINVAL;
	if (!run)
		return 0;
	mutex_lock(&client_lock);
	list_for_each_entry(cg, &client_gpus, node)
		ret = client_recheck_one(cg) ?: ret;
	mutex_unlock(&client_lock);
	return ret;
}

static const struct kernel_param_ops client_recheck_ops = {
	.set = client_recheck,
};
module_param_cb(recheck, &client_recheck_ops, NULL, 0200);
MODULE_PARM_DESC(recheck, "Write 1: check every kept BAR1 mapping both ways again");

static struct vmm_client nova_vmm_client = {
	.name = KBUILD_MODNAME,
	.add = client_add,
	.remove = client_remove,
};

static int __init client_init(void)
{
	return vmm_client_register(&nova_vmm_client);
}
module_init(client_init);

static void __exit client_exit(void)
{
	vmm_client_unregister(&nova_vmm_client);
}
module_exit(client_exit);

MODULE_DESCRIPTION("Sample nova_vmm client: map VRAM into BAR1 and check it");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(NOVA_VMM_NS);
