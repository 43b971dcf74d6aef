// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: debugfs
 *
 * With CONFIG_DEBUG_FS, nova_vmm shows each GPU it manages (a fake GPU of
 * the KUnit rig too) under ``/sys/kernel/debug/nova_vmm/<device name>/``:
 *
 * ``info``
 *   The chip, its family and MMU format, the size of VRAM and the range
 *   nova_vmm allocates from, the PRAMIN window register, the number of
 *   address spaces, and the bytes of page tables per level::
 *
 *     chip: GA102
 *     family: Ampere
 *     mmu: MMU v2
 *     vram: 64 MiB, allocating from 0x0-0x4000000
 *     pramin window register: 0x1700
 *     address spaces: 1
 *     page tables: 4 tables, 12544 bytes of VRAM
 *       PD3: 4096
 *       ...
 *
 * ``<address space>/pagetables``, one directory per address space (``bar1``,
 * ``bar2``, ``vmm<N>`` numbered per GPU)
 *   What the address space maps, from the CPU's copy of the tables (no
 *   MMIO): one line per run of pages that are contiguous in VA and address
 *   and alike in page size, aperture and attributes::
 *
 *     0x40000000-0x40200000 -> 0x200000 64K vram rw kind 0x0
 *     0x80000000-0x80400000 -> sparse 2M
 *
 *   The access field is ``rw`` or ``ro``, followed by ``,priv``,
 *   ``,noatomic``, ``,uncached`` and ``,acc`` (v3 access counting) as set.
 *
 * ``<address space>/verify``
 *   Reads every table through PRAMIN and compares it with the CPU's copy:
 *   ``ok``, or one line per qword that differs; ``error <errno>`` if the
 *   tables could not be read.
 *
 * No kernel pointer is shown. Failing to create an entry is not an error:
 * nova_vmm works the same without them.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "chip.h"
#include "debugfs.h"
#include "gpu.h"
#include "pt_mem.h"
#include "shadow.h"
#include "vmm_priv.h"
#include "vram.h"
#include "walk.h"

static struct dentry *nova_debugfs_root;

/**
 * nova_info_show() - The ``info`` file of a GPU.
 * @m: The seq_file; @m->private is the &struct nova_gpu.
 * @unused: Unused.
 *
 * Return: 0.
 */
int nova_info_show(struct seq_file *m, void *unused)
{
	struct nova_gpu *gpu = m->private;
	const struct nova_pt_fmt *fmt = gpu->chip->family->fmt;
	struct nova_pt_stats st;
	unsigned int n = 0;
	struct vmm *vmm;
	int level;

	mutex_lock(&gpu->vmm_lock);
	list_for_each_entry(vmm, &gpu->vmms, node)
		n++;
	mutex_unlock(&gpu->vmm_lock);
	nova_pt_stats(gpu, &st);
	seq_printf(m, "chip: %s\nfamily: %s\nmmu: %s\n", gpu->chip->name,
		   gpu->chip->family->name, fmt->name);
	seq_printf(m, "vram: %llu MiB, allocating from %#llx-%#llx\n", gpu->vram_size / SZ_1M,
		   gpu->vram_start, gpu->vram_start + nova_vram_managed(gpu));
	seq_printf(m, "pramin window register: %#x\n", gpu->chip->family->window->reg);
	seq_printf(m, "address spaces: %u\n", n);
	seq_printf(m, "page tables: %llu tables, %llu bytes of VRAM\n", st.tables,
		   st.vram_bytes);
	for (level = fmt->root; level >= 0; level--)
		seq_printf(m, "  %s: %llu\n", fmt->lvl[level].name, st.level_bytes[level]);
	seq_printf(m, "  %s: %llu\n", fmt->big.name, st.level_bytes[NOVA_PT_STAT_BIG]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_info);

/* A run of pages being gathered into one line. */
struct ptd_op {
	struct nova_walk w;
	struct seq_file *m;
	bool open;
	u64 va;
	u64 end;
	u64 page;
	struct nova_entry e;
};

static void ptd_size(struct seq_file *m, u64 size)
{
	if (size >= SZ_1G)
		seq_printf(m, "%lluG", size / SZ_1G);
	else if (size >= SZ_1M)
		seq_printf(m, "%lluM", size / SZ_1M);
	else
		seq_printf(m, "%lluK", size / SZ_1K);
}

static void ptd_access(struct seq_file *m, u32 flags)
{
	static const struct {
		u32 flag;
		const char *name;
	} names[] = {
		{ NOVA_PTE_PRIVILEGED, ",priv" },
		{ NOVA_PTE_NO_ATOMIC, ",noatomic" },
		{ NOVA_PTE_UNCACHED, ",uncached" },
		{ NOVA_PTE_ACCESS_COUNTING, ",acc" },
	};
	unsigned int i;

	seq_puts(m, flags & NOVA_PTE_READ_ONLY ? "ro" : "rw");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag)
			seq_puts(m, names[i].name);
}

static void ptd_flush(struct ptd_op *d)
{
	static const char * const apertures[] = {
		[NOVA_APER_VIDEO] = "vram",
		[NOVA_APER_PEER] = "peer",
		[NOVA_APER_SYS_COH] = "sys",
		[NOVA_APER_SYS_NONCOH] = "sys-noncoherent",
	};
	struct seq_file *m = d->m;

	if (!d->open)
		return;
	d->open = false;
	seq_printf(m, "%#llx-%#llx -> ", d->va, d->end);
	if (d->e.type == NOVA_ENTRY_SPARSE) {
		seq_puts(m, "sparse ");
		ptd_size(m, d->page);
		seq_putc(m, '\n');
		return;
	}
	seq_printf(m, "%#llx ", d->e.addr);
	ptd_size(m, d->page);
	seq_printf(m, " %s", apertures[d->e.aperture]);
	if (d->e.aperture == NOVA_APER_PEER)
		seq_printf(m, "%u", d->e.peer);
	seq_putc(m, ' ');
	ptd_access(m, d->e.flags);
	seq_printf(m, " kind %#x\n", d->e.kind);
}

/* Does the page at @va, entry @e, continue the open run? */
static bool ptd_continues(const struct ptd_op *d, u64 va, u64 page, const struct nova_entry *e)
{
	if (!d->open || va != d->end || page != d->page || e->type != d->e.type)
		return false;
	if (e->type == NOVA_ENTRY_SPARSE)
		return true;
	return e->aperture == d->e.aperture && e->flags == d->e.flags && e->kind == d->e.kind &&
	       e->peer == d->e.peer && e->addr == d->e.addr + (va - d->va);
}

static void ptd_page(struct ptd_op *d, u64 va, u64 page, u64 entry, enum nova_slot slot)
{
	struct nova_entry e;

	d->w.fmt->decode(entry, slot, &e);
	if (e.type != NOVA_ENTRY_PTE && e.type != NOVA_ENTRY_SPARSE) {
		ptd_flush(d);
		return;
	}
	if (ptd_continues(d, va, page, &e)) {
		d->end += page;
		return;
	}
	ptd_flush(d);
	*d = (struct ptd_op){ .w = d->w, .m = d->m, .open = true, .va = va, .end = va + page,
			       .page = page, .e = e };
}

static void ptd_small(struct ptd_op *d, struct nova_pt_node *small, u32 idx, u32 count,
		      u64 va)
{
	u32 i;

	for (i = 0; i < count; i++)
		ptd_page(d, va + i * SZ_4K, SZ_4K, small->e[idx + i], NOVA_SLOT_PTE);
}

/* One PD0 entry, as the MMU resolves it: 2 MiB, else per 64 KiB, else 4 KiB. */
static void ptd_dual(struct ptd_op *d, struct nova_pt_node *node, u32 idx, u64 va)
{
	const struct nova_pt_fmt *fmt = d->w.fmt;
	struct nova_pt_node *big = node->child[2 * idx], *small = node->child[2 * idx + 1];
	u64 e = node->e[2 * idx], big_page = BIT_ULL(fmt->big.shift);
	u32 per = BIT(fmt->big.shift - fmt->lvl[0].shift), c;

	if (!big && e && (e != fmt->sparse_big || !small)) {
		ptd_page(d, va, BIT_ULL(fmt->lvl[NOVA_PT_DUAL].shift), e, NOVA_SLOT_BIG);
		return;
	}
	for (c = 0; c < BIT(fmt->big.bits); c++) {
		if (big && big->e[c])
			ptd_page(d, va + c * big_page, big_page, big->e[c], NOVA_SLOT_PTE);
		else if (small)
			ptd_small(d, small, c * per, per, va + c * big_page);
		else
			ptd_flush(d);
	}
}

static int ptd_dir(struct nova_walk *w, struct nova_pt_node *node, u8 level, u32 idx,
		   u64 va, u64 next)
{
	struct ptd_op *d = container_of(w, struct ptd_op, w);

	if (level == NOVA_PT_DUAL)
		ptd_dual(d, node, idx, va);
	else if (node->child[idx])
		nova_walk(w, node->child[idx], level - 1, false, va, next);
	else
		ptd_page(d, va, BIT_ULL(w->fmt->lvl[level].shift), node->e[idx], NOVA_SLOT_PDE);
	return 0;
}

static int ptd_leaf(struct nova_walk *w, struct nova_pt_node *node, bool big, u32 idx,
		    u32 count, u64 va)
{
	return 0;	/* page tables are read by ptd_dual() */
}

static const struct nova_walk_ops ptd_ops = {
	.dir = ptd_dir,
	.leaf = ptd_leaf,
};

/**
 * nova_pagetables_show() - The ``pagetables`` file of an address space.
 * @m: The seq_file; @m->private is the &struct vmm.
 * @unused: Unused.
 *
 * Walks the shadow tree under the page-table lock; reads no VRAM.
 *
 * Return: 0.
 */
int nova_pagetables_show(struct seq_file *m, void *unused)
{
	struct vmm *vmm = m->private;
	struct ptd_op d = { .w = { &ptd_ops, vmm->fmt }, .m = m };

	mutex_lock(&vmm->lock);
	nova_walk(&d.w, vmm->root, vmm->fmt->root, false, 0, BIT_ULL(vmm->fmt->va_bits));
	ptd_flush(&d);
	mutex_unlock(&vmm->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_pagetables);

static void verify_report(void *ctx, u64 table, u32 q, u64 want, u64 got)
{
	seq_printf(ctx, "table %#llx qword %u: shadow %#018llx vram %#018llx\n", table, q, want,
		   got);
}

/**
 * nova_verify_show() - The ``verify`` file of an address space.
 * @m: The seq_file; @m->private is the &struct vmm.
 * @unused: Unused.
 *
 * Context: Process context; takes the page-table and PRAMIN locks.
 * Return: 0.
 */
int nova_verify_show(struct seq_file *m, void *unused)
{
	int ret = nova_vmm_verify(m->private, verify_report, m);

	if (!ret)
		seq_puts(m, "ok\n");
	else if (ret < 0)
		seq_printf(m, "error %d\n", ret);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_verify);

/**
 * nova_debugfs_register() - Create the nova_vmm directory, at module load.
 */
void nova_debugfs_register(void)
{
	nova_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/**
 * nova_debugfs_unregister() - Remove it, at module unload.
 */
void nova_debugfs_unregister(void)
{
	debugfs_remove(nova_debugfs_root);
	nova_debugfs_root = NULL;
}

/**
 * nova_debugfs_gpu_init() - Create a GPU's directory and ``info``.
 * @gpu: GPU, identified, before its address spaces are created.
 */
void nova_debugfs_gpu_init(struct nova_gpu *gpu)
{
	gpu->debugfs = debugfs_create_dir(dev_name(gpu->dev), nova_debugfs_root);
	debugfs_create_file("info", 0444, gpu->debugfs, gpu, &nova_info_fops);
}

/**
 * nova_debugfs_gpu_fini() - Remove a GPU's directory.
 * @gpu: GPU, its address spaces gone.
 *
 * Waits until no one reads its files.
 */
void nova_debugfs_gpu_fini(struct nova_gpu *gpu)
{
	debugfs_remove(gpu->debugfs);
	gpu->debugfs = NULL;
}

/**
 * nova_debugfs_vmm_init() - Create an address space's directory.
 * @vmm: Address space, complete.
 */
void nova_debugfs_vmm_init(struct vmm *vmm)
{
	vmm->debugfs = debugfs_create_dir(vmm->name, vmm->gpu->debugfs);
	debugfs_create_file("pagetables", 0400, vmm->debugfs, vmm, &nova_pagetables_fops);
	debugfs_create_file("verify", 0400, vmm->debugfs, vmm, &nova_verify_fops);
}

/**
 * nova_debugfs_vmm_fini() - Remove an address space's directory.
 * @vmm: Address space, before it is torn down.
 *
 * Waits until no one reads its files; call it with no lock of @vmm held.
 */
void nova_debugfs_vmm_fini(struct vmm *vmm)
{
	debugfs_remove(vmm->debugfs);
	vmm->debugfs = NULL;
}
