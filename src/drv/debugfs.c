// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: debugfs
 *
 * With CONFIG_DEBUG_FS, nova_vmm shows each GPU it manages (a fake GPU of
 * the KUnit rig too) under ``/sys/kernel/debug/nova_vmm/<device name>/``:
 *
 * ``info``
 *   The chip, its family and MMU format, the size of VRAM and the range
 *   nova_vmm allocates from, the VRAM layout (usable VRAM, then each
 *   reserved range and its owner), the PRAMIN window register, the number
 *   of address spaces, the bytes of page tables per level, and the cache
 *   of zeroed tables (DOC: Table cache in mm/pt_mem.c): tables and bytes
 *   in it, its bound, allocations it served (hits) and did not (misses),
 *   tables it gave back to the allocator (shrunk)::
 *
 *     chip: GA102
 *     family: Ampere
 *     mmu: MMU v2
 *     vram: 64 MiB, allocating from 0x0-0x3e00000
 *     vram usable: 0x0-0x3e00000
 *     vram reserved: 0x3f00000-0x4000000 VGA workspace
 *     vram reserved: 0x3e00000-0x3f00000 FRTS (WPR2)
 *     pramin window register: 0x1700
 *     address spaces: 1
 *     page tables: 4 tables, 12544 bytes of VRAM
 *       PD3: 4096
 *       ...
 *     page-table cache: 1 tables, 4096 bytes of 1048576, 3 hits, 4 misses, 0 shrunk
 *
 * ``bars``
 *   Each BAR address space and its mode, and BAR1 usage as nvidia-smi
 *   reports it: total, used (VA that valid PTEs map), free and the largest
 *   free extent, in KiB, from the CPU's copy of the tables (no MMIO)::
 *
 *     bar1: 256 MiB, dynamic
 *     bar1 total: 262144 KiB
 *     bar1 used: 6208 KiB
 *     bar1 free: 255936 KiB
 *     bar1 largest free: 253952 KiB
 *     bar2: 32 MiB
 *     page tables: BAR2 window at 0x1000000, VRAM 0x3ee00000-0x3fe00000 (write-combined)
 *
 *   A mode is ``dynamic`` (clients map), ``static`` (all usable VRAM mapped
 *   at probe, ``bar1_static=1``), ``absent`` (the GPU has no such PCI BAR),
 *   ``off`` (``bar1=0``) or ``firmware's`` (bound before probe, left alone).
 *   The last line says how page tables are written (DOC: Page tables
 *   through BAR2): through the BAR2 window (PRAMIN outside it), or
 *   ``PRAMIN`` only (no window, ``bar2_pt_mib=0``, or while a restore
 *   runs).
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
 *   A system-memory page's address is a DMA address, host physical
 *   without an IOMMU: it is printed as ``(hidden)`` unless nova_vmm was
 *   loaded with ``debugfs_sys_addr=1``.
 *
 *   The access field is ``rw`` or ``ro``, followed by ``,priv``,
 *   ``,noatomic``, ``,uncached`` and ``,acc`` (v3 access counting) as set.
 *
 * ``<address space>/verify``
 *   Reads every table through PRAMIN and compares it with the CPU's copy:
 *   ``ok``, or one line per qword that differs; ``error <errno>`` if the
 *   tables could not be read.
 *
 * ``<address space>/journal``
 *   Its last 64 operations that change entries, oldest first, failures
 *   included (DOC: Journal): number, seconds since boot, kind (``map``,
 *   ``sparse``, ``unmap``, ``protect``, ``unsparse``), VA range, page
 *   sizes written, result, and ``commit`` for a prepared operation::
 *
 *        seq      time kind     range pages result
 *          1     0.489888 map      0x0-0x200000 4K 0
 *          2     0.552662 unmap    0x0-0x200000 - 0
 *
 * ``<address space>/va``
 *   Write a VA (``echo 0x40010000 > va``); reading then says what maps it
 *   now, from the CPU's copy (a ``pagetables`` line for its page, ``not
 *   mapped`` or ``sparse, no page``), and the journal's last operation whose
 *   range holds it, to match an MMU fault with what the driver did there.
 *
 * The GPU's directory and ``info`` are made here; each address space's
 * directory by the address space itself (vmm/debugfs.c).
 *
 * No kernel pointer is shown. Failing to create an entry is not an error:
 * nova_vmm works the same without them.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "drv/bar.h"
#include "drv/debugfs.h"
#include "io/bar2wc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"
#include "vmm/usage.h"
#include "vmm/vmm_priv.h"

static struct dentry *nova_debugfs_root;

/**
 * nova_layout_show() - The VRAM layout in ``info``.
 * @m: The seq_file.
 * @l: The layout: usable VRAM, then each reserved range, highest first.
 */
static void nova_layout_show(struct seq_file *m, const struct nova_vram_layout *l)
{
	unsigned int i;

	seq_printf(m, "vram usable: 0x0-%#llx\n", l->usable_end);
	for (i = 0; i < l->nr; i++)
		seq_printf(m, "vram reserved: %#llx-%#llx %s\n", l->reserved[i].start,
			   l->reserved[i].end, l->reserved[i].why);
}

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
	struct nova_pt_cache_stats cs;
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
	nova_layout_show(m, &gpu->layout);
	seq_printf(m, "pramin window register: %#x\n", gpu->chip->family->window->reg);
	seq_printf(m, "address spaces: %u\n", n);
	seq_printf(m, "page tables: %llu tables, %llu bytes of VRAM\n", st.tables,
		   st.vram_bytes);
	for (level = fmt->root; level >= 0; level--)
		seq_printf(m, "  %s: %llu\n", fmt->lvl[level].name, st.level_bytes[level]);
	seq_printf(m, "  %s: %llu\n", fmt->big.name, st.level_bytes[NOVA_PT_STAT_BIG]);
	nova_pt_cache_stats(gpu, &cs);
	seq_printf(m, "page-table cache: %llu tables, %llu bytes of %llu, %llu hits, %llu misses, %llu shrunk\n",
		   cs.entries, cs.bytes, cs.limit, cs.hits, cs.misses, cs.shrunk);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_info);

/* Why a BAR has no address space of nova_vmm's, or its mode. */
static const char *nova_bar_mode(struct nova_gpu *gpu, enum nova_bar bar)
{
	bool bar1 = bar == NOVA_BAR1;

	if (!(bar1 ? gpu->bar1_size : gpu->bar2_size))
		return "absent";
	if (bar1 && gpu->bar1_skip)
		return "off";
	if (!gpu->bar[bar])
		return "firmware's";
	if (bar1)
		return nova_bar1_static(gpu) ? "static" : "dynamic";
	return NULL;
}

/* How page tables are written: through the BAR2 window, or PRAMIN. */
static void nova_bar2_pt_show(struct seq_file *m, struct nova_gpu *gpu)
{
	struct nova_bar2wc_window w;

	if (!nova_bar2wc_window(gpu, &w)) {
		seq_puts(m, "page tables: PRAMIN\n");
		return;
	}
	seq_printf(m, "page tables: BAR2 window at %#llx, VRAM %#llx-%#llx (write-combined)\n",
		   w.bar2, w.vram, w.vram + w.size);
}

/**
 * nova_bars_show() - The ``bars`` file of a GPU.
 * @m: The seq_file; @m->private is the &struct nova_gpu.
 * @unused: Unused.
 *
 * Return: 0.
 */
int nova_bars_show(struct seq_file *m, void *unused)
{
	struct nova_gpu *gpu = m->private;
	const char *mode = nova_bar_mode(gpu, NOVA_BAR1);
	struct nova_vmm_usage u;

	if (gpu->bar[NOVA_BAR1]) {
		nova_vmm_usage(gpu->bar[NOVA_BAR1], &u);
		seq_printf(m, "bar1: %llu MiB, %s\n", gpu->bar1_size / SZ_1M, mode);
		seq_printf(m, "bar1 total: %llu KiB\nbar1 used: %llu KiB\n", u.total / SZ_1K,
			   u.used / SZ_1K);
		seq_printf(m, "bar1 free: %llu KiB\nbar1 largest free: %llu KiB\n",
			   (u.total - u.used) / SZ_1K, u.largest_free / SZ_1K);
	} else {
		seq_printf(m, "bar1: %s\n", mode);
	}
	mode = nova_bar_mode(gpu, NOVA_BAR2);
	if (mode)
		seq_printf(m, "bar2: %s\n", mode);
	else
		seq_printf(m, "bar2: %u MiB\n", NOVA_BAR2_VA_SIZE / SZ_1M);
	nova_bar2_pt_show(m, gpu);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nova_bars);

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
 * nova_debugfs_gpu_init() - Create a GPU's directory, ``info`` and ``bars``.
 * @gpu: GPU, identified, before its address spaces are created.
 */
void nova_debugfs_gpu_init(struct nova_gpu *gpu)
{
	gpu->debugfs = debugfs_create_dir(dev_name(gpu->dev), nova_debugfs_root);
	debugfs_create_file("info", 0444, gpu->debugfs, gpu, &nova_info_fops);
	debugfs_create_file("bars", 0444, gpu->debugfs, gpu, &nova_bars_fops);
}

/**
 * nova_debugfs_gpu_fini() - Remove a GPU's directory, with its address spaces'.
 * @gpu: GPU, being removed; address spaces may survive it.
 *
 * The directories of surviving address spaces go with it (recursively):
 * their &vmm.debugfs is cleared under &nova_gpu.vmm_lock, which their own
 * removal takes too, so none is removed twice; and no new one is made once
 * &nova_gpu.debugfs is NULL. Waits until no one reads the files.
 */
void nova_debugfs_gpu_fini(struct nova_gpu *gpu)
{
	struct dentry *dir;
	struct vmm *vmm;

	mutex_lock(&gpu->vmm_lock);
	dir = gpu->debugfs;
	gpu->debugfs = NULL;
	list_for_each_entry(vmm, &gpu->vmms, node)
		vmm->debugfs = NULL;
	mutex_unlock(&gpu->vmm_lock);
	debugfs_remove(dir);
}
