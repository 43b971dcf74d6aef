/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct nova_gpu: one bound GPU, and the io seam every BAR0 access goes
 * through. The struct names what the layers above keep per GPU only by
 * pointers to types declared here, so this header includes none of them.
 */
#ifndef _NOVA_VMM_GPU_H_
#define _NOVA_VMM_GPU_H_

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-hi-lo.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/srcu.h>
#include <linux/types.h>

struct dentry;
struct device;
struct nova_chip;
struct nova_bar2wc;
struct nova_gpu;
struct nova_pramin;
struct nova_pt_mem;
struct nova_vram;
struct vmm;

/**
 * struct nova_io_ops - Stand-in for BAR0, for the test rig.
 * @rd32: Read the 32-bit register at BAR0 offset @reg: one 4-byte
 *        non-posted read.
 * @wr32: Write the 32-bit register at BAR0 offset @reg: one 4-byte posted
 *        write.
 * @rd64: Read 8 bytes at BAR0 offset @reg: one 8-byte non-posted read.
 * @wr64: Write 8 bytes at BAR0 offset @reg: one 8-byte posted write.
 * @wr_block: Write the @len bytes at @src to BAR0 offsets @reg onwards, in
 *            ascending order, as 4-byte posted writes (BAR0 is uncached:
 *            each dword is one transaction). One call is one run.
 * @wc_wr64: Store 64 bits at offset @off of the write-combined BAR2
 *           aperture (DOC: Page tables through BAR2); NULL: no BAR2 for
 *           the CPU. The CPU combines such stores into 64-byte lines.
 * @wc_barrier: wmb() was issued: stores through BAR2 before it leave the
 *              CPU before those after it; NULL when that needs no model.
 * @wc_rd32: Read 32 bits at offset @off of the BAR2 aperture: one 4-byte
 *           non-posted read.
 *
 * The seam says what goes on the link: the size of each posted write and
 * non-posted read. Only compiled in with CONFIG_NOVA_VMM_KUNIT_TEST. Without
 * it nv_rd32(), nv_wr32(), nv_rd64(), nv_wr64() and nv_wr_block() are a
 * bare readl(), writel(), readq(), writeq() and a writel() per dword, and
 * BAR2 is reached through &nova_gpu.bar2_cpu.
 */
struct nova_io_ops {
	u32 (*rd32)(struct nova_gpu *gpu, u32 reg);
	void (*wr32)(struct nova_gpu *gpu, u32 reg, u32 val);
	u64 (*rd64)(struct nova_gpu *gpu, u32 reg);
	void (*wr64)(struct nova_gpu *gpu, u32 reg, u64 val);
	void (*wr_block)(struct nova_gpu *gpu, u32 reg, const u32 *src, u32 len);
	void (*wc_wr64)(struct nova_gpu *gpu, u64 off, u64 val);
	void (*wc_barrier)(struct nova_gpu *gpu);
	u32 (*wc_rd32)(struct nova_gpu *gpu, u64 off);
};

/**
 * struct nova_vram_range - A range of VRAM nova_vmm never allocates from.
 * @start: First byte.
 * @end: One past the last byte.
 * @why: Its owner, for dmesg and debugfs (e.g. "VGA workspace").
 */
struct nova_vram_range {
	u64 start;
	u64 end;
	const char *why;
};

#define NOVA_VRAM_RESERVED_MAX	3

/**
 * enum nova_gpu_state - Whether a GPU takes MMIO and operations (DOC: Power
 *                       and errors, drv/pm.c).
 * @NOVA_GPU_RUNNING: Operations and MMIO go.
 * @NOVA_GPU_RESTORING: The restore rewrites the tables: its MMIO goes,
 *                      operations wait.
 * @NOVA_GPU_SUSPENDED: Suspended or being reset: no MMIO; operations wait
 *                      until it runs again.
 * @NOVA_GPU_IO_ERROR: A PCI error was reported, or a restore failed: no
 *                     MMIO; operations fail with -EIO.
 *
 * Separate from &nova_gpu.gone (the device fell off the bus, for good): a
 * GPU in any of these states can come back.
 */
enum nova_gpu_state {
	NOVA_GPU_RUNNING,
	NOVA_GPU_RESTORING,
	NOVA_GPU_SUSPENDED,
	NOVA_GPU_IO_ERROR,
};

/**
 * struct nova_vram_layout - What of VRAM is nova_vmm's, read at probe.
 * @usable_end: VRAM below this address may be allocated; everything from it
 *              to the end of VRAM is reserved: the ranges of @reserved and
 *              the alignment gaps between them.
 * @nr: Used entries of @reserved.
 * @reserved: The reserved ranges and why, highest first.
 */
struct nova_vram_layout {
	u64 usable_end;
	unsigned int nr;
	struct nova_vram_range reserved[NOVA_VRAM_RESERVED_MAX];
};

/**
 * struct nova_gpu - One NVIDIA GPU bound by nova_vmm.
 * @dev: The device, for messages and devres.
 * @bar0: BAR0 registers; unused when @io is set.
 * @chip: Chip descriptor, set by nova_chip_identify().
 * @vram_size: Bytes of VRAM, read from the chip at init.
 * @layout: The usable and the reserved VRAM, read at init
 *          (nova_vram_layout_read()).
 * @pramin: The PRAMIN window onto VRAM (io/pramin.c's, opaque elsewhere).
 * @vram: VRAM allocator (page tables, instance blocks, clients' VRAM;
 *        mm/vram.c's).
 * @ptm: Page-table memory (mm/pt_mem.c's, opaque elsewhere).
 * @tlb_lock: Serialises TLB invalidates.
 * @tlb_pending: The last invalidate timed out with TRIGGER set; under
 *               @tlb_lock.
 * @bar1_size: Bytes of the PCI BAR1 aperture, set before nova_gpu_init();
 *             0 sets up no BAR1 address space.
 * @vram_start: First byte of the VRAM nova_vmm allocates from (page tables,
 *              instance blocks, clients' VRAM); set before nova_gpu_init().
 * @vram_limit: Bytes of it, or 0 for all from @vram_start to the end of
 *              what PRAMIN reaches; set before nova_gpu_init().
 * @bar1_skip: Set up BAR2 only, not BAR1 (module parameter ``bar1=0``).
 * @bar1_static: Map all usable VRAM into BAR1 at probe (module parameter
 *               ``bar1_static=1``); set before nova_gpu_init().
 * @bar1_region: The PCI BAR1 region is nova_vmm's (requested at probe), so
 *               vmm_bar1_iomap() may map it.
 * @bar2_size: Bytes of the PCI BAR2 aperture, set before nova_gpu_init();
 *             0 (a GPU that exposes none, and most of the test rig) sets up
 *             no BAR2 address space.
 * @bar2_cpu: The BAR2 aperture mapped write-combined for the CPU, or NULL;
 *            set before nova_gpu_init().
 * @bar2_pt_size: Bytes of BAR2 that map page-table memory (DOC: Page tables
 *                through BAR2, io/bar2wc.c); 0 writes every table through
 *                PRAMIN. Set before nova_gpu_init().
 * @bar2wc: The BAR2 page-table window (io/bar2wc.c's), or NULL.
 * @bar: The BAR1 and BAR2 address spaces (enum nova_bar), or NULL.
 * @vmm_lock: Protects @vmms and @vmm_ids. Taken with no other lock of
 *            nova_vmm held; none nests inside it.
 * @vmms: Every address space of the GPU, BAR ones included (&vmm.node).
 * @vmm_ids: The number the next channel address space gets (``vmm<N>``).
 * @debugfs: The GPU's debugfs directory (an ERR_PTR or NULL without one).
 * @gone: Set once the device fell off the bus (a read of all ones that
 *        NV_PMC_BOOT_0 confirmed twice, or the PCI core says the channel is
 *        offline) or was removed (nova_gpu_unplug()): no MMIO from then
 *        on. Read and written with READ_ONCE()/WRITE_ONCE(), never cleared.
 * @unplugged: Set by nova_gpu_unplug(): every entry point fails with
 *             -ENODEV (nova_gpu_enter()). READ_ONCE()/WRITE_ONCE(), never
 *             cleared.
 * @ref: References to the GPU core (DOC: Lifetime, io/gpu.c): the
 *       driver's, from nova_gpu_init() to nova_gpu_fini(), one per channel
 *       address space, per client VRAM allocation and per operation
 *       prepared on a BAR address space.
 * @release: Frees what the GPU holds in host memory, at the last
 *           nova_gpu_put(); set by nova_gpu_init(). Touches no register.
 * @free: Frees the struct itself after @release, or NULL when its owner
 *        does (the test rig); set before nova_gpu_init().
 * @state: Power and error state (enum nova_gpu_state); read with
 *         READ_ONCE(), changed only by nova_gpu_set_state() from the PM and
 *         PCI error callbacks, which the PM core serialises.
 * @srcu: Read side around every entry point that may issue MMIO
 *        (nova_gpu_enter()); nova_gpu_quiesce() and nova_gpu_unplug() wait
 *        for them.
 * @node: In the list of bound GPUs (client.c), under its lock.
 * @io: Test-rig register file (KUnit builds only).
 * @vram_open: Test rig only: every VRAM address counts as a client's
 *             (mm/vram.c, nova_vram_owned()), for the suites that exercise
 *             the map machinery on raw addresses; the isolation suite
 *             clears it (nvt_gpu_isolate()).
 *
 * All fields but @gone, @unplugged, @state, @ref, @debugfs, @pramin's and those
 * @vmm_lock protects are constant after nova_gpu_init(). @debugfs is set
 * by nova_gpu_init() and cleared, under @vmm_lock, at removal.
 */
struct nova_gpu {
	struct device *dev;
	void __iomem *bar0;
	const struct nova_chip *chip;
	u64 vram_size;
	struct nova_vram_layout layout;
	struct nova_pramin *pramin;
	struct nova_vram *vram;
	struct nova_pt_mem *ptm;
	struct mutex tlb_lock; /* see above */
	bool tlb_pending;
	u64 bar1_size;
	u64 vram_start;
	u64 vram_limit;
	bool bar1_skip;
	bool bar1_static;
	bool bar1_region;
	u64 bar2_size;
	void __iomem *bar2_cpu;
	u64 bar2_pt_size;
	struct nova_bar2wc *bar2wc;
	struct vmm *bar[2];
	struct mutex vmm_lock; /* see above */
	struct list_head vmms;
	unsigned int vmm_ids;
	struct dentry *debugfs;
	bool gone;
	enum nova_gpu_state state;
	struct srcu_struct srcu;
	bool unplugged;
	struct kref ref;
	void (*release)(struct nova_gpu *gpu);
	void (*free)(struct nova_gpu *gpu);
	struct list_head node;
#if IS_ENABLED(CONFIG_NOVA_VMM_KUNIT_TEST)
	const struct nova_io_ops *io;
	bool vram_open;
#endif
};

static inline const struct nova_io_ops *nova_io(const struct nova_gpu *gpu)
{
#if IS_ENABLED(CONFIG_NOVA_VMM_KUNIT_TEST)
	return gpu->io;
#else
	return NULL;
#endif
}

/**
 * nv_rd32() - Read a 32-bit BAR0 register.
 * @gpu: GPU.
 * @reg: Byte offset in BAR0.
 *
 * Return: The value; all ones when the device has fallen off the bus.
 */
static inline u32 nv_rd32(struct nova_gpu *gpu, u32 reg)
{
	const struct nova_io_ops *io = nova_io(gpu);

	if (io)
		return io->rd32(gpu, reg);
	return readl(gpu->bar0 + reg);
}

/**
 * nv_wr32() - Write a 32-bit BAR0 register (a posted write).
 * @gpu: GPU.
 * @reg: Byte offset in BAR0.
 * @val: Value.
 */
static inline void nv_wr32(struct nova_gpu *gpu, u32 reg, u32 val)
{
	const struct nova_io_ops *io = nova_io(gpu);

	if (io)
		io->wr32(gpu, reg, val);
	else
		writel(val, gpu->bar0 + reg);
}

/**
 * nv_rd64() - Read 8 bytes of BAR0 with one non-posted read.
 * @gpu: GPU.
 * @reg: Byte offset in BAR0, 8-byte aligned.
 *
 * NVIDIA's headers define only 8-, 16- and 32-bit PRAMIN accesses
 * (NV_PRAMIN_DATA032, published/maxwell/gm107/dev_ram.h) and RM splits 8-byte
 * ones (kbusMemAccessBar0Window_GM107); nova-core issues 8-byte ones. Nothing
 * in src/ calls this: it is here so the benchmark's port of nova-core runs
 * through the same seam.
 *
 * Return: The value, low dword at @reg.
 */
static inline u64 nv_rd64(struct nova_gpu *gpu, u32 reg)
{
	const struct nova_io_ops *io = nova_io(gpu);

	if (io)
		return io->rd64(gpu, reg);
	return readq(gpu->bar0 + reg);
}

/**
 * nv_wr64() - Write 8 bytes of BAR0 with one posted write.
 * @gpu: GPU.
 * @reg: Byte offset in BAR0, 8-byte aligned.
 * @val: Value, low dword at @reg.
 *
 * See nv_rd64(): nothing in src/ calls this.
 */
static inline void nv_wr64(struct nova_gpu *gpu, u32 reg, u64 val)
{
	const struct nova_io_ops *io = nova_io(gpu);

	if (io)
		io->wr64(gpu, reg, val);
	else
		writeq(val, gpu->bar0 + reg);
}

/**
 * nv_wr_block() - Write a run of dwords to BAR0 (posted writes).
 * @gpu: GPU.
 * @reg: Byte offset in BAR0 of the first, 4-byte aligned.
 * @src: The dwords.
 * @len: Bytes, a multiple of 4.
 *
 * The same stores as nv_wr32() on each dword in ascending order; the seam
 * learns that they form one run.
 */
static inline void nv_wr_block(struct nova_gpu *gpu, u32 reg, const u32 *src, u32 len)
{
	const struct nova_io_ops *io = nova_io(gpu);
	u32 off;

	if (io) {
		io->wr_block(gpu, reg, src, len);
		return;
	}
	for (off = 0; off < len; off += sizeof(u32))
		writel(*src++, gpu->bar0 + reg + off);
}

static inline bool nova_gpu_gone(const struct nova_gpu *gpu)
{
	return READ_ONCE(gpu->gone);
}

/**
 * nova_gpu_mmio_off() - Whether MMIO must not be issued now.
 * @gpu: GPU.
 *
 * Checked under the PRAMIN or TLB lock, or before a bind, by every path
 * that touches the device.
 *
 * Return: true while suspended, being reset or after a PCI error.
 */
static inline bool nova_gpu_mmio_off(const struct nova_gpu *gpu)
{
	return READ_ONCE(gpu->state) > NOVA_GPU_RESTORING;
}

/**
 * nova_gpu_unplugged() - Whether the GPU was removed (nova_gpu_unplug()).
 * @gpu: GPU.
 *
 * Context: Any.
 * Return: true once removal started; the GPU core may still be alive.
 */
static inline bool nova_gpu_unplugged(const struct nova_gpu *gpu)
{
	return READ_ONCE(gpu->unplugged);
}

bool nova_gpu_check_gone(struct nova_gpu *gpu);
int nova_gpu_lost_errno(struct nova_gpu *gpu);
int nova_gpu_state_init(struct nova_gpu *gpu);
void nova_gpu_state_fini(struct nova_gpu *gpu);
int nova_gpu_enter(struct nova_gpu *gpu, int *idx);
void nova_gpu_exit(struct nova_gpu *gpu, int idx);
void nova_gpu_set_state(struct nova_gpu *gpu, enum nova_gpu_state state);
void nova_gpu_quiesce(struct nova_gpu *gpu, enum nova_gpu_state state);
void nova_gpu_unplug(struct nova_gpu *gpu);
void nova_gpu_get(struct nova_gpu *gpu);
void nova_gpu_put(struct nova_gpu *gpu);
int nova_poll_clear(struct nova_gpu *gpu, u32 reg, u32 busy, u64 timeout_us, u32 *last);

#endif /* _NOVA_VMM_GPU_H_ */
