// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Page tables through BAR2
 *
 * PRAMIN is a 1 MiB window of uncached dword stores: two PCIe writes per
 * 8-byte entry. Once nova_vmm has bound BAR2 itself, it maps a window of
 * VRAM, the top of what it allocates from, where page tables are
 * allocated first (DOC: Page-table memory), into the top of the BAR2
 * address space, and the kernel maps the BAR2 aperture write-combined
 * (PCI BAR 3 on boards with a 64-bit BAR0: pci_iomap_wc()). A table inside
 * the window is then written with 64-bit stores, a run of dirty entries
 * at a time (__iowrite64_copy()), combined by the CPU into 64-byte lines:
 * what RM does once its BAR2 is up (portMemCopy into the write-combined
 * BAR2 mapping set up by kbusSetupBar2CpuAperture_GM107) and nouveau's
 * instobj "fast path" (ioremap_wc of BAR2).
 *
 * PRAMIN stays for everything else: the bootstrap (BAR2's own tables and
 * the window's mapping are written before the window exists), tables
 * outside the window, GPUs without a BAR2 or whose BAR2 is bound by
 * someone else, ``bar2_pt_mib=0``, and the restore after a reset or a
 * resume, which runs before BAR2 is bound again. nova_node_flush() is the
 * only writer of tables and nova_bar2wc_covers() the only place that
 * chooses: the window is active, the GPU running (not restoring), and the
 * whole table inside it.
 *
 * Ordering. Write-combined lines leave the CPU in any order, and a 64-byte
 * line may reach the GPU as smaller writes in any order. So:
 *
 * * every entry is one 64-bit store: it is never seen torn, whatever it
 *   changes from and to (the dword order rules of PRAMIN do not apply);
 * * nova_bar2wc_begin() issues wmb() before each table is written: the
 *   tables written before it (the children it is about to link) reach the
 *   GPU before any of its entries, as RM and nouveau fence before a PDE
 *   (nouveau's nvkm_done(): wmb() then a BAR flush);
 * * nova_bar2wc_flush(), before every TLB invalidate, issues wmb() and
 *   reads a dword back through BAR2: a read does not pass the posted
 *   writes before it, so the MMU walks what was written. This is RM's
 *   BUS_FLUSH_VIDEO_MEMORY on Volta and later, "Read the FB address 0 in
 *   order to trigger a flush" through BAR2 (kbusFlushSingle_GV100,
 *   src/nvidia/src/kernel/gpu/bus/arch/volta/kern_bus_gv100.c), after
 *   osFlushCpuWriteCombineBuffer(); RM's rule "Must call kbusFlush BEFORE
 *   any calls to busInvalidate" (kbusFlush_GM107).
 * * A table written through PRAMIN and one written through BAR2 take
 *   different paths into the GPU: switching from one to the other flushes
 *   the first (nova_bar2wc_begin(), nova_bar2wc_pramin_begin()), so that a
 *   child written one way is in VRAM before the entry that links it is
 *   written the other way. This only happens once tables outgrow the
 *   window.
 *
 * Capacity. BAR2 is 32 MiB on most boards; ``bar2_pt_mib`` (default 16)
 * of it maps page tables, the rest stays for clients of vmm_bar2(). Every
 * 4 KiB page table maps 2 MiB of 4 KiB pages (512 entries), so 16 MiB of
 * tables reach about 8 GiB of 4 KiB mappings (less what directories,
 * instance blocks and 64 KiB-page tables take), 32 MiB about 16 GiB;
 * with 64 KiB or 2 MiB pages, 16 or 512 times more. Tables allocated once
 * the window is full are written through PRAMIN: slower, never wrong.
 *
 * Locking: the window is set at probe, before any client address space
 * exists, and turned off at removal, after nova_gpu_unplug() waited for
 * every operation; its state lives until the GPU core goes. Stores into the
 * window need no lock: each table is written under its address space's
 * page-table lock, and tables do not overlap. @posted is changed with
 * atomic bit operations.
 */
#include <linux/bitops.h>
#include <linux/io.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "io/bar2wc.h"
#include "io/gpu.h"
#include "io/pramin.h"

/* Bits of &nova_bar2wc.posted: writes of that path since its last flush. */
#define BAR2WC_POSTED_WC	0
#define BAR2WC_POSTED_PRAMIN	1

/**
 * struct nova_bar2wc - The page-table window of BAR2.
 * @w: What it maps.
 * @cpu: The window in the kernel's write-combined mapping of BAR2 (NULL in
 *       the test rig, whose io seam takes the stores).
 * @on: Page tables inside @w are written through it (READ_ONCE()).
 * @posted: BAR2WC_POSTED_* bits.
 */
struct nova_bar2wc {
	struct nova_bar2wc_window w;
	void __iomem *cpu;
	bool on;
	unsigned long posted;
};

/**
 * nova_bar2wc_mappable() - Whether the CPU can reach BAR2.
 * @gpu: GPU.
 *
 * Return: true with a write-combined mapping of the BAR2 aperture (or the
 * test rig's stand-in for it).
 */
bool nova_bar2wc_mappable(const struct nova_gpu *gpu)
{
	const struct nova_io_ops *io = nova_io(gpu);

	return io ? io->wc_wr64 && io->wc_rd32 : !!gpu->bar2_cpu;
}

/**
 * nova_bar2wc_enable() - Write page tables inside a window through BAR2.
 * @gpu: GPU whose BAR2 maps @w (its tables written and flushed, its TLB
 *       invalidated).
 * @w: The window: VRAM and BAR2 offset 4 KiB aligned, inside the aperture.
 *
 * Context: Process context, at probe, before any client address space.
 * Return: 0; -ENOMEM; -EINVAL for a window outside the aperture.
 */
int nova_bar2wc_enable(struct nova_gpu *gpu, const struct nova_bar2wc_window *w)
{
	struct nova_bar2wc *b = gpu->bar2wc;

	if (!nova_bar2wc_mappable(gpu) || !w->size || w->bar2 + w->size > gpu->bar2_size ||
	    !IS_ALIGNED(w->vram | w->size | w->bar2, SZ_4K))
		return -EINVAL;
	if (!b)
		b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->w = *w;
	b->cpu = gpu->bar2_cpu ? gpu->bar2_cpu + w->bar2 : NULL;
	b->posted = 0;
	gpu->bar2wc = b;
	WRITE_ONCE(b->on, true);
	return 0;
}

/**
 * nova_bar2wc_disable() - Write every table through PRAMIN again.
 * @gpu: GPU, with no operation running (removal, or a failed probe).
 *
 * The state stays until nova_bar2wc_fini().
 */
void nova_bar2wc_disable(struct nova_gpu *gpu)
{
	if (gpu->bar2wc)
		WRITE_ONCE(gpu->bar2wc->on, false);
}

/**
 * nova_bar2wc_fini() - Free the window's state.
 * @gpu: GPU, at the release of its core.
 */
void nova_bar2wc_fini(struct nova_gpu *gpu)
{
	kfree(gpu->bar2wc);
	gpu->bar2wc = NULL;
}

/**
 * nova_bar2wc_active() - Whether page tables go through BAR2 now.
 * @gpu: GPU.
 *
 * Return: true while the window is on and the GPU runs: not while a
 * restore rewrites the tables (BAR2 is not bound yet then), not once the
 * device is gone.
 */
bool nova_bar2wc_active(const struct nova_gpu *gpu)
{
	const struct nova_bar2wc *b = gpu->bar2wc;

	return b && READ_ONCE(b->on) && READ_ONCE(gpu->state) == NOVA_GPU_RUNNING &&
	       !nova_gpu_gone(gpu);
}

/**
 * nova_bar2wc_window() - The page-table window, while tables go through it.
 * @gpu: GPU.
 * @w: Set to the window when it is active.
 *
 * Return: nova_bar2wc_active().
 */
bool nova_bar2wc_window(const struct nova_gpu *gpu, struct nova_bar2wc_window *w)
{
	if (!nova_bar2wc_active(gpu))
		return false;
	*w = gpu->bar2wc->w;
	return true;
}

/**
 * nova_bar2wc_covers() - Whether a table is written through BAR2.
 * @gpu: GPU.
 * @addr: The table's VRAM address.
 * @size: Its bytes.
 *
 * The one place that chooses between BAR2 and PRAMIN (DOC: Page tables
 * through BAR2).
 *
 * Return: true if the window is active and holds all of it.
 */
bool nova_bar2wc_covers(const struct nova_gpu *gpu, u64 addr, u64 size)
{
	const struct nova_bar2wc *b = gpu->bar2wc;

	return nova_bar2wc_active(gpu) && addr >= b->w.vram &&
	       size <= b->w.size && addr - b->w.vram <= b->w.size - size;
}

/* wmb(): every earlier store through BAR2 leaves the CPU before any later one. */
static void bar2wc_barrier(struct nova_gpu *gpu)
{
	const struct nova_io_ops *io = nova_io(gpu);

	/* Drains the CPU's write-combining buffers: earlier lines go first. */
	wmb();
	if (io && io->wc_barrier)
		io->wc_barrier(gpu);
}

/**
 * nova_bar2wc_begin() - Before a table is written through BAR2.
 * @gpu: GPU, nova_bar2wc_covers() true for the table.
 *
 * Flushes PRAMIN writes posted since the last flush (a child outside the
 * window) and fences what was written through BAR2 before: the tables this
 * one may link reach the GPU first.
 *
 * Context: Process context; may take the PRAMIN lock.
 * Return: 0; as nova_pramin_flush().
 */
int nova_bar2wc_begin(struct nova_gpu *gpu)
{
	int ret = 0;

	if (test_and_clear_bit(BAR2WC_POSTED_PRAMIN, &gpu->bar2wc->posted))
		ret = nova_pramin_flush(gpu);
	bar2wc_barrier(gpu);
	return ret;
}

/**
 * nova_bar2wc_write() - Store entries of a table through BAR2.
 * @gpu: GPU, after nova_bar2wc_begin().
 * @addr: VRAM address of the first, inside the window.
 * @src: The entries.
 * @count: How many.
 *
 * One 64-bit store per entry; posted, write-combined.
 */
void nova_bar2wc_write(struct nova_gpu *gpu, u64 addr, const u64 *src, size_t count)
{
	struct nova_bar2wc *b = gpu->bar2wc;
	const struct nova_io_ops *io = nova_io(gpu);
	u64 off = addr - b->w.vram;
	size_t i;

	set_bit(BAR2WC_POSTED_WC, &b->posted);
	if (!io) {
		__iowrite64_copy(b->cpu + off, src, count);
		return;
	}
	for (i = 0; i < count; i++)
		io->wc_wr64(gpu, b->w.bar2 + off + i * sizeof(u64), src[i]);
}

/**
 * nova_bar2wc_flush() - Make every store through BAR2 reach VRAM.
 * @gpu: GPU.
 *
 * wmb(), then a dword read back through BAR2 (DOC: Page tables through
 * BAR2); nothing while the window is off.
 *
 * Context: Any; before every TLB invalidate.
 * Return: 0; -ENODEV if the read found the device gone.
 */
int nova_bar2wc_flush(struct nova_gpu *gpu)
{
	struct nova_bar2wc *b = gpu->bar2wc;
	const struct nova_io_ops *io = nova_io(gpu);
	u32 val;

	if (!nova_bar2wc_active(gpu))
		return 0;
	clear_bit(BAR2WC_POSTED_WC, &b->posted);
	bar2wc_barrier(gpu);
	val = io ? io->wc_rd32(gpu, b->w.bar2) : readl(b->cpu);
	if (val == U32_MAX && nova_gpu_check_gone(gpu))
		return nova_gpu_lost_errno(gpu);
	return 0;
}

/**
 * nova_bar2wc_pramin_begin() - Before a table is written through PRAMIN.
 * @gpu: GPU.
 *
 * Flushes what was written through BAR2 since the last flush, so that a
 * child written there reaches VRAM before the PRAMIN store that links it.
 *
 * Return: 0; as nova_bar2wc_flush().
 */
int nova_bar2wc_pramin_begin(struct nova_gpu *gpu)
{
	struct nova_bar2wc *b = gpu->bar2wc;

	if (!b || !test_bit(BAR2WC_POSTED_WC, &b->posted))
		return 0;
	return nova_bar2wc_flush(gpu);
}

/**
 * nova_bar2wc_pramin_wrote() - A table was written through PRAMIN.
 * @gpu: GPU.
 *
 * The next table written through BAR2 flushes PRAMIN first.
 */
void nova_bar2wc_pramin_wrote(struct nova_gpu *gpu)
{
	if (nova_bar2wc_active(gpu))
		set_bit(BAR2WC_POSTED_PRAMIN, &gpu->bar2wc->posted);
}
