// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs files of one address space, ``<gpu>/<address space>/pagetables``,
 * ``verify``, ``journal`` and ``va``, under the GPU's directory (DOC: debugfs in
 * drv/debugfs.c says what they show).
 */
#include <linux/debugfs.h>
#include <linux/lockdep.h>
#include <linux/maple_tree.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "io/gpu.h"
#include "mm/node.h"
#include "mm/walk.h"
#include "vmm/debugfs.h"
#include "vmm/vmm_priv.h"

/*
 * System-memory addresses are DMA addresses: host physical ones without an
 * IOMMU. ``pagetables`` prints them only with this set (review L10).
 */
bool nova_debugfs_sys_addr;
module_param_named(debugfs_sys_addr, nova_debugfs_sys_addr, bool, 0444);
MODULE_PARM_DESC(debugfs_sys_addr,
		 "Show system-memory (DMA, maybe host physical) addresses in debugfs pagetables (default 0)");

/**
 * struct ptd_op - The ``pagetables`` walk: a run of pages gathered into one line.
 * @w: The walk.
 * @m: Where the lines go.
 * @open: A run is open.
 * @va: Its first VA.
 * @end: Its end (exclusive).
 * @page: Its page size.
 * @e: Its first entry, decoded; the next page continues it if it follows.
 * @budget: Tables the walk may still descend into before it yields the
 *          page-table lock.
 * @resume: Where the walk yielded: the VA of the entry it did not enter.
 */
struct ptd_op {
	struct nova_walk w;
	struct seq_file *m;
	bool open;
	u64 va;
	u64 end;
	u64 page;
	struct nova_entry e;
	unsigned int budget;
	u64 resume;
};

/*
 * Tables ``pagetables`` descends into per hold of the page-table lock
 * (review M5); more than a walk's depth, so that every chunk moves on.
 */
#define NOVA_PTD_CHUNK		64
/* Returned by ptd_enter() when the chunk is used up. */
#define PTD_YIELD		(-EAGAIN)

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
	if (d->e.aperture == NOVA_APER_VIDEO || d->e.aperture == NOVA_APER_PEER ||
	    READ_ONCE(nova_debugfs_sys_addr))
		seq_printf(m, "%#llx ", d->e.addr);
	else
		seq_puts(m, "(hidden) ");
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
	d->open = true;
	d->va = va;
	d->end = va + page;
	d->page = page;
	d->e = e;
}

/* Descend into the entry's tables, or yield if the chunk is used up. */
static int ptd_descend(struct ptd_op *d, const struct nova_walk_entry *e)
{
	if (!d->budget) {
		d->resume = e->va;
		return PTD_YIELD;
	}
	d->budget--;
	return 0;
}

/* A page at the entry itself (huge, or none), or descend; as the MMU resolves it. */
static int ptd_enter(struct nova_walk *w, struct nova_walk_entry *e)
{
	struct ptd_op *d = container_of(w, struct ptd_op, w);
	const struct nova_pt_fmt *fmt = w->fmt;
	u64 pde;

	if (e->level != NOVA_PT_DUAL) {
		if (e->child)
			return ptd_descend(d, e);
		ptd_page(d, e->va, BIT_ULL(fmt->lvl[e->level].shift), e->node->e[e->idx],
			 NOVA_SLOT_PDE);
		return NOVA_WALK_SKIP;
	}
	/* 2 MiB, else per 64 KiB, else 4 KiB. */
	pde = e->node->e[2 * e->idx];
	if (e->big || !pde || (pde == fmt->sparse_big && e->small))
		return ptd_descend(d, e);
	ptd_page(d, e->va, BIT_ULL(fmt->lvl[NOVA_PT_DUAL].shift), pde, NOVA_SLOT_BIG);
	return NOVA_WALK_SKIP;
}

/* A zero 64 KiB PTE defers to the 4 KiB table. */
static int ptd_route(struct nova_walk *w, const struct nova_walk_entry *e, u64 va)
{
	const struct nova_node *big = e->big;

	return big && big->e[nova_pt_index(&w->fmt->big, va)] ? NOVA_WALK_BIG : NOVA_WALK_SMALL;
}

static int ptd_leaf(struct nova_walk *w, struct nova_node *pt, bool big, u32 idx, u32 count,
		    u64 va)
{
	struct ptd_op *d = container_of(w, struct ptd_op, w);
	u64 size = BIT_ULL(nova_node_desc(w->fmt, 0, big)->shift);
	u32 i;

	if (!pt)
		ptd_flush(d);
	for (i = 0; pt && i < count; i++)
		ptd_page(d, va + i * size, size, pt->e[idx + i], NOVA_SLOT_PTE);
	return 0;
}

static const struct nova_walk_ops ptd_ops = {
	.enter = ptd_enter,
	.route = ptd_route,
	.leaf = ptd_leaf,
};

/**
 * nova_pagetables_show() - The ``pagetables`` file of an address space.
 * @m: The seq_file; @m->private is the &struct vmm.
 * @unused: Unused.
 *
 * Walks the shadow tree, reading no VRAM, under the page-table lock for
 * NOVA_PTD_CHUNK tables at a time, never across the whole tree (review
 * M5), with cond_resched() between chunks. A run open at the end of a chunk
 * goes on in the next; a change between chunks shows in the later one only.
 *
 * Return: 0.
 */
int nova_pagetables_show(struct seq_file *m, void *unused)
{
	struct vmm *vmm = m->private;
	struct ptd_op d = { .w = { &ptd_ops, vmm->fmt }, .m = m };
	int ret;

	do {
		d.budget = NOVA_PTD_CHUNK;
		mutex_lock(&vmm->lock);
		ret = nova_walk(&d.w, vmm->root, d.resume, BIT_ULL(vmm->fmt->va_bits));
		mutex_unlock(&vmm->lock);
		cond_resched();
	} while (ret == PTD_YIELD);
	ptd_flush(&d);
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

static void journal_pages(struct seq_file *m, u32 pages)
{
	static const char * const names[] = {
		[NOVA_PAGE_4K] = "4K", [NOVA_PAGE_64K] = "64K", [NOVA_PAGE_2M] = "2M",
		[NOVA_PAGE_512M] = "512M", [NOVA_PAGE_256G] = "256G",
	};
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++, pages >>= 1)
		if (pages & 1) {
			seq_printf(m, "%s%s", sep, names[i]);
			sep = "|";
		}
	if (!*sep)
		seq_putc(m, '-');
}

/* One operation: seq, seconds since boot, kind, range, page sizes, result. */
static void journal_rec(struct seq_file *m, const struct nova_journal_rec *r)
{
	seq_printf(m, "%6llu %5llu.%06llu %-8s %#llx-%#llx ", r->seq, r->ns / NSEC_PER_SEC,
		   r->ns % NSEC_PER_SEC / NSEC_PER_USEC, nova_journal_kind_name(r->kind), r->va,
		   r->va + r->size);
	journal_pages(m, r->pages);
	seq_printf(m, " %d%s\n", r->result, r->commit ? " commit" : "");
}

/**
 * nova_journal_show() - The ``journal`` file of an address space.
 * @m: The seq_file; @m->private is the &struct vmm.
 * @unused: Unused.
 *
 * Context: Process context; takes the journal's spinlock.
 * Return: 0; -ENOMEM.
 */
int nova_journal_show(struct seq_file *m, void *unused)
{
	struct vmm *vmm = m->private;
	struct nova_journal_rec *r;
	unsigned int i, n;

	r = kmalloc_array(NOVA_JOURNAL_LEN, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	n = nova_journal_copy(&vmm->journal, r);
	seq_puts(m, "   seq      time kind     range pages result\n");
	for (i = 0; i < n; i++)
		journal_rec(m, &r[i]);
	kfree(r);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_journal);

/**
 * nova_va_show() - The ``va`` file: what maps &vmm.debug_va, what last changed it.
 * @m: The seq_file; @m->private is the &struct vmm.
 * @unused: Unused.
 *
 * From the shadow tree (no MMIO) and the journal.
 *
 * Context: Process context; takes the page-table lock.
 * Return: 0.
 */
int nova_va_show(struct seq_file *m, void *unused)
{
	struct vmm *vmm = m->private;
	u64 va = READ_ONCE(vmm->debug_va);
	struct nova_journal_rec r;
	struct nova_mapping map;
	bool sparse;
	int ret;

	mutex_lock(&vmm->lock);
	ret = nova_vmm_lookup_locked(vmm, va, &map);
	sparse = nova_sparse_at(vmm, NULL, va);
	mutex_unlock(&vmm->lock);
	seq_printf(m, "va %#llx: ", va);
	if (!ret) {
		struct ptd_op d = { .m = m, .open = true, .va = map.va,
				    .end = map.va + map.page_size, .page = map.page_size,
				    .e = map.pte };

		ptd_flush(&d);
	} else {
		seq_printf(m, "%s\n", sparse ? "sparse, no page" :
			   ret == -ENOENT ? "not mapped" : "lookup failed");
	}
	if (!nova_journal_last_at(&vmm->journal, va, &r)) {
		seq_printf(m, "last changed by: none of the last %u operations\n",
			   NOVA_JOURNAL_LEN);
		return 0;
	}
	seq_puts(m, "last changed by:\n");
	journal_rec(m, &r);
	return 0;
}

static int nova_va_open(struct inode *inode, struct file *file)
{
	return single_open(file, nova_va_show, inode->i_private);
}

static ssize_t nova_va_write(struct file *file, const char __user *buf, size_t count,
			     loff_t *ppos)
{
	struct vmm *vmm = ((struct seq_file *)file->private_data)->private;
	u64 va;
	int ret = kstrtou64_from_user(buf, count, 0, &va);

	if (ret)
		return ret;
	WRITE_ONCE(vmm->debug_va, va);
	return count;
}

static const struct file_operations nova_va_fops = {
	.owner = THIS_MODULE,
	.open = nova_va_open,
	.read = seq_read,
	.write = nova_va_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * nova_debugfs_vmm_init() - Create an address space's directory.
 * @vmm: Address space, complete.
 *
 * Under &nova_gpu.vmm_lock, which orders it with the removal of the GPU's
 * directory: none is made once that is gone.
 */
void nova_debugfs_vmm_init(struct vmm *vmm)
{
	lockdep_assert_held(&vmm->gpu->vmm_lock);
	if (IS_ERR_OR_NULL(vmm->gpu->debugfs))
		return;
	vmm->debugfs = debugfs_create_dir(vmm->name, vmm->gpu->debugfs);
	debugfs_create_file("pagetables", 0400, vmm->debugfs, vmm, &nova_pagetables_fops);
	debugfs_create_file("verify", 0400, vmm->debugfs, vmm, &nova_verify_fops);
	debugfs_create_file("journal", 0400, vmm->debugfs, vmm, &nova_journal_fops);
	debugfs_create_file("va", 0600, vmm->debugfs, vmm, &nova_va_fops);
}

/**
 * nova_debugfs_vmm_fini() - Remove an address space's directory.
 * @vmm: Address space, before it is torn down.
 *
 * Waits until no one reads its files; call it under &nova_gpu.vmm_lock
 * (the files take no lock of the GPU's list) and with no lock of @vmm held.
 * A directory the GPU's removal took along (NULL by then) is left alone.
 */
void nova_debugfs_vmm_fini(struct vmm *vmm)
{
	lockdep_assert_held(&vmm->gpu->vmm_lock);
	debugfs_remove(vmm->debugfs);
	vmm->debugfs = NULL;
}
