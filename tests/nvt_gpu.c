// SPDX-License-Identifier: GPL-2.0
/*
 * nvt_gpu: a fake NVIDIA GPU at nova_vmm's io seam (see nvt_gpu.h).
 *
 * The fake decides what the hardware would do from its own reading of the
 * chipset id, not from the driver's chip table, so that the two can disagree.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include <nova_vmm/vmm.h>

#include "drv/bringup.h"
#include "io/gpu.h"
#include "hw/nv_bus.h"
#include "hw/nv_disp.h"
#include "hw/nv_fb.h"
#include "hw/nv_pmc.h"
#include "hw/nv_ram.h"
#include "hw/nv_vm.h"
#include "io/trace.h"
#include "nvt_gpu.h"
#include "nvt_inval.h"
#include "nvt_mmu.h"
#include "nvt_wc.h"

/* Revision A1 in the BOOT registers of every fake chip. */
#define NVT_MAJOR_REVISION	0xa
#define NVT_MINOR_REVISION	0x1
/* Registers the fake stores without giving them a meaning. */
#define NVT_MAX_REGS		64
/* Reserved ranges of VRAM the fake knows: VGA workspace, MMU lock, FRTS. */
#define NVT_MAX_RSV		3

/**
 * struct nvt_rsv - A range of VRAM the firmware owns, in the fake's reading.
 * @start: First byte.
 * @end: One past the last.
 * @what: The violation a PRAMIN write there reports.
 */
struct nvt_rsv {
	u64 start;
	u64 end;
	const char *what;
};

struct nvt_reg {
	u32 reg;
	u32 val;
};

/**
 * struct nvt_gpu - The fake.
 * @gpu: What the driver sees.
 * @test: Test that created the fake; access violations fail it.
 * @chipset: BOOT_42 chip id.
 * @vram_size: Bytes of VRAM.
 * @vram: RAM behind VRAM from @backed_start on.
 * @backed_start: VRAM below this has no RAM behind it (benchmarks that map
 *                more VRAM than the machine has); PRAMIN accesses there
 *                fail the test.
 * @lock: Protects the fields below; the fake never allocates under it.
 * @window_base: VRAM address at PRAMIN offset 0.
 * @window_set: The driver has written the window register.
 * @nregs: Used entries of @regs.
 * @regs: Other registers, with the value last written.
 * @counts: Counters.
 * @fault: Fault being played.
 * @inval: Last TLB invalidate.
 * @after: BAR0 accesses left before @fault_after starts (0: none armed).
 * @fault_after: The armed fault.
 * @inval_polls: Reads of MMU_INVALIDATE that see TRIGGER still set after
 *               each invalidate (nvt_gpu_set_invalidate_polls()).
 * @inval_busy: Of those, left for the invalidate in flight.
 * @ones: BAR0 reads left that return all ones, whatever the fault
 *        (nvt_gpu_set_ones()).
 * @bar_inst: Instance block bound to BAR1 and BAR2 (0: none).
 * @prebound: BARs (bit 0 BAR1, bit 1 BAR2) that "firmware" bound before the
 *            driver came (nvt_gpu_prebind()): a write to their block
 *            register is a violation.
 * @trace: The last register writes (not PRAMIN), a ring.
 * @ntrace: Register writes so far.
 * @violation: First access violation, reported outside @lock.
 * @unflushed: PRAMIN writes since the last PRAMIN read, which flushes them:
 *             a bind or an invalidate then is a violation.
 * @cache: What the GPU may have cached per PDB: tables freed too early
 *         fail the test (nvt_inval.c).
 * @observer: Called after each PRAMIN store (nvt_gpu_set_observer()), or NULL.
 * @observer_ctx: Its argument.
 * @nrsv: Used entries of @rsv.
 * @rsv: Reserved VRAM, from the registers that say where it is; a PRAMIN
 *       write there is a violation.
 * @wc: The CPU's write-combining buffers in front of BAR2 (nvt_wc.c).
 * @wc_unflushed: Stores through BAR2 landed since the last read through
 *                BAR2: an invalidate then is a violation, as it is with
 *                stores still in @wc.
 */
struct nvt_gpu {
	struct nova_gpu gpu;
	struct kunit *test;
	u32 chipset;
	u64 vram_size;
	u8 *vram;
	u64 backed_start;
	spinlock_t lock; /* see above */
	u64 window_base;
	bool window_set;
	unsigned int nregs;
	struct nvt_reg regs[NVT_MAX_REGS];
	u64 counts[NVT_COUNTER_MAX];
	enum nvt_fault fault;
	struct nvt_invalidate inval;
	u64 after;
	enum nvt_fault fault_after;
	u64 ones;
	unsigned int inval_polls;
	unsigned int inval_busy;
	u64 bar_inst[2];
	u8 prebound;
	struct nvt_access trace[NVT_TRACE_LEN];
	unsigned int ntrace;
	const char *violation;
	bool unflushed;
	struct nvt_inval *cache;
	nvt_observer observer;
	void *observer_ctx;
	unsigned int nrsv;
	struct nvt_rsv rsv[NVT_MAX_RSV];
	struct nvt_wc *wc;
	bool wc_unflushed;
};

static struct nvt_gpu *to_nvt(struct nova_gpu *gpu)
{
	return container_of(gpu, struct nvt_gpu, gpu);
}

static u32 nvt_arch(const struct nvt_gpu *f)
{
	return f->chipset >> 4;
}

/* Hopper and Blackwell moved the window register into XAL. */
static bool nvt_xal_window(const struct nvt_gpu *f)
{
	return nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_GH100 ||
	       nvt_arch(f) >= NV_PMC_BOOT_ARCHITECTURE_GB100;
}

static u32 nvt_window_reg(const struct nvt_gpu *f)
{
	return nvt_xal_window(f) ? NV_XAL_EP_BAR0_WINDOW : NV_PBUS_BAR0_WINDOW;
}

static struct nvt_reg *nvt_reg_slot(struct nvt_gpu *f, u32 reg)
{
	unsigned int i;

	for (i = 0; i < f->nregs; i++)
		if (f->regs[i].reg == reg)
			return &f->regs[i];
	if (f->nregs == NVT_MAX_REGS)
		return NULL;
	f->regs[f->nregs].reg = reg;
	return &f->regs[f->nregs++];
}

static void nvt_violate(struct nvt_gpu *f, const char *what)
{
	if (!f->violation)
		f->violation = what;
}

static void nvt_report(struct nvt_gpu *f)
{
	const char *what;

	spin_lock(&f->lock);
	what = f->violation;
	f->violation = NULL;
	spin_unlock(&f->lock);
	if (what)
		KUNIT_FAIL(f->test, "nvt_gpu: %s", what);
}

/*
 * The fake's own reading of who owns the top of VRAM (RM
 * kgspPopulateWprMeta_TU102, nouveau tu102_gsp_vga_workspace_addr,
 * memmgrBlockMemLockedMemory_GA100): chips with a display engine have
 * NV_PDISP_VGA_WORKSPACE_BASE; GA100 alone has an MMU lock.
 */
static bool nvt_has_display(const struct nvt_gpu *f)
{
	return nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_TU100 ||
	       (nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_GA100 && f->chipset != NV_CHIP_GA100) ||
	       nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_AD100 ||
	       nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_GB200;
}

static u32 nvt_reg_val(struct nvt_gpu *f, u32 reg)
{
	struct nvt_reg *r = nvt_reg_slot(f, reg);

	return r ? r->val : 0;
}

static u64 nvt_vga_base(struct nvt_gpu *f)
{
	u64 fb = f->vram_size, base = fb - NV_VGA_WORKSPACE_DEFAULT_SIZE, addr;
	u32 v = nvt_has_display(f) ? nvt_reg_val(f, NV_PDISP_VGA_WORKSPACE_BASE) : 0;

	if (!(v & NV_PDISP_VGA_WORKSPACE_BASE_STATUS))
		return base;
	addr = (u64)FIELD_GET(NV_PDISP_VGA_WORKSPACE_BASE_ADDR, v)
	       << NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT;
	if (addr >= fb)
		return base;
	return addr < base ? fb - NV_VBIOS_WORKSPACE_SIZE : addr;
}

static void nvt_rsv_add(struct nvt_gpu *f, u64 start, u64 end, const char *what)
{
	f->rsv[f->nrsv++] = (struct nvt_rsv){ start, end, what };
}

/* GA100: [LO, end of VRAM) when HI >= LO; returns the bottom of what is reserved. */
static u64 nvt_rsv_lock(struct nvt_gpu *f, u64 floor)
{
	u64 lo = (u64)FIELD_GET(NV_PFB_PRI_MMU_LOCK_ADDR_LO_VAL,
				nvt_reg_val(f, NV_PFB_PRI_MMU_LOCK_ADDR_LO))
		 << NV_PFB_PRI_MMU_LOCK_ADDR_LO_ALIGNMENT;
	u64 hi = (u64)FIELD_GET(NV_PFB_PRI_MMU_LOCK_ADDR_HI_VAL,
				nvt_reg_val(f, NV_PFB_PRI_MMU_LOCK_ADDR_HI))
		 << NV_PFB_PRI_MMU_LOCK_ADDR_HI_ALIGNMENT;

	if (f->chipset != NV_CHIP_GA100 || hi < lo || lo >= f->vram_size)
		return floor;
	nvt_rsv_add(f, lo, f->vram_size, "PRAMIN write into the GA100 MMU-locked range");
	return min(floor, lo);
}

/* Hopper on: FSP puts FRTS below its end-of-FB estimate (kfspPrepareBootCommands_GH100). */
static u64 nvt_fsp_reserve(const struct nvt_gpu *f)
{
	if (nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_GH100)
		return NV_FB_END_RESERVE_ESTIMATE_GH100;
	if (nvt_arch(f) >= NV_PMC_BOOT_ARCHITECTURE_GB100)
		return NV_FB_END_RESERVE_ESTIMATE_GB100;
	return 0;
}

static void nvt_rsv_update(struct nvt_gpu *f)
{
	u64 floor = nvt_vga_base(f), frts;

	f->nrsv = 0;
	if (f->vram_size < 4 * SZ_1M)
		return;
	nvt_rsv_add(f, floor, f->vram_size, "PRAMIN write into the VGA workspace");
	frts = min(nvt_rsv_lock(f, floor), f->vram_size - nvt_fsp_reserve(f));
	frts = ALIGN_DOWN(frts, NV_FRTS_END_ALIGN);
	if (frts >= NV_FRTS_SIZE)
		nvt_rsv_add(f, frts - NV_FRTS_SIZE, frts, "PRAMIN write into FRTS (WPR2)");
}

static bool nvt_is_rsv_reg(u32 reg)
{
	return reg == NV_PDISP_VGA_WORKSPACE_BASE || reg == NV_PFB_PRI_MMU_LOCK_ADDR_LO ||
	       reg == NV_PFB_PRI_MMU_LOCK_ADDR_HI;
}

static void nvt_rsv_check(struct nvt_gpu *f, u64 addr)
{
	unsigned int i;

	for (i = 0; i < f->nrsv; i++)
		if (addr >= f->rsv[i].start && addr < f->rsv[i].end)
			nvt_violate(f, f->rsv[i].what);
}

/* Byte address in VRAM of a PRAMIN access, or NULL after a violation. */
static u8 *nvt_pramin(struct nvt_gpu *f, u32 reg)
{
	u64 addr = f->window_base + (reg - NV_PRAMIN);

	if (!IS_ALIGNED(reg, sizeof(u32)))
		nvt_violate(f, "misaligned PRAMIN access");
	else if (!f->window_set)
		nvt_violate(f, "PRAMIN access before the window was placed");
	else if (addr + sizeof(u32) > f->vram_size)
		nvt_violate(f, "PRAMIN access past the end of VRAM");
	else if (addr < f->backed_start)
		nvt_violate(f, "PRAMIN access to VRAM the fake does not back");
	else
		return f->vram + (addr - f->backed_start);
	return NULL;
}

static bool nvt_is_pramin(u32 reg)
{
	return reg >= NV_PRAMIN && reg < NV_PRAMIN + NV_PRAMIN_SIZE;
}

/* A fault armed by nvt_gpu_set_fault_after() starts when its count runs out. */
static void nvt_countdown(struct nvt_gpu *f)
{
	if (f->after && !--f->after)
		f->fault = f->fault_after;
}

static u32 nvt_invalidate_poll(struct nvt_gpu *f);

/* Count a non-posted read; true if it returns all ones (gone, or told to). */
static bool nvt_read_begin(struct nvt_gpu *f)
{
	lockdep_assert_held(&f->lock);
	f->counts[NVT_MMIO_READS]++;
	f->counts[NVT_NP_READS]++;
	nvt_countdown(f);
	if (f->ones) {
		f->ones--;
		return true;
	}
	return f->fault == NVT_FAULT_GONE;
}

/* A dword read through the window; it pushes the posted writes before it. */
static u32 nvt_pramin_load(struct nvt_gpu *f, u32 reg)
{
	u8 *p;

	if (f->unflushed)
		f->counts[NVT_FLUSHES]++;
	f->unflushed = false;
	f->counts[NVT_PRAMIN_READS]++;
	p = nvt_pramin(f, reg);
	return p ? le32_to_cpup((__le32 *)p) : 0;
}

static u32 nvt_rd32_locked(struct nvt_gpu *f, u32 reg)
{
	struct nvt_reg *r;

	if (nvt_read_begin(f))
		return U32_MAX;
	if (nvt_is_pramin(reg))
		return nvt_pramin_load(f, reg);
	if (reg == NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE)
		return nvt_invalidate_poll(f);
	if (reg == NV_PDISP_VGA_WORKSPACE_BASE && !nvt_has_display(f))
		nvt_violate(f, "NV_PDISP_VGA_WORKSPACE_BASE read on a chip without display");
	r = nvt_reg_slot(f, reg);
	return r ? r->val : 0;
}

static void nvt_window_write(struct nvt_gpu *f, u32 val)
{
	f->counts[NVT_WINDOW_MOVES]++;
	f->window_set = true;
	if (nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_GH100) {
		f->window_base = (u64)FIELD_GET(NV_XAL_EP_BAR0_WINDOW_BASE_GH100, val)
				 << NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT;
	} else if (nvt_xal_window(f)) {
		f->window_base = (u64)FIELD_GET(NV_XAL_EP_BAR0_WINDOW_BASE_GB100, val)
				 << NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT;
	} else {
		f->window_base = (u64)FIELD_GET(NV_PBUS_BAR0_WINDOW_BASE, val)
				 << NV_PBUS_BAR0_WINDOW_BASE_SHIFT;
		if (FIELD_GET(NV_PBUS_BAR0_WINDOW_TARGET, val) !=
		    NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM)
			nvt_violate(f, "PRAMIN window target is not video memory");
	}
}

/* The invalidate in f->inval completed. */
static void nvt_invalidated(struct nvt_gpu *f)
{
	nvt_inval_done(f->cache, f->inval.pdb,
		       f->inval.ctrl & NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_ALL_PDB);
}

/*
 * A read of MMU_INVALIDATE: the invalidate in flight completes after the
 * set number of polls has seen TRIGGER still set.
 */
static u32 nvt_invalidate_poll(struct nvt_gpu *f)
{
	struct nvt_reg *r = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE);
	u32 val = r ? r->val : 0;

	f->counts[NVT_INVAL_POLLS]++;
	if (r && f->inval_busy && !--f->inval_busy) {
		r->val &= ~NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_TRIGGER;
		nvt_invalidated(f);
	}
	return val;
}

/*
 * MMU_INVALIDATE: note the invalidate; TRIGGER reads back clear unless stuck
 * or nvt_gpu_set_invalidate_polls() asked for polls.
 */
static u32 nvt_invalidate(struct nvt_gpu *f, u32 val)
{
	struct nvt_reg *lo = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB);
	struct nvt_reg *hi = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB);
	u64 pfn;

	if (!(val & NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_TRIGGER) || !lo || !hi)
		return val;
	if (f->unflushed)
		nvt_violate(f, "TLB invalidate with PRAMIN writes not flushed");
	if (f->wc_unflushed || nvt_wc_pending(f->wc))
		nvt_violate(f, "TLB invalidate with BAR2 writes not flushed");
	f->counts[NVT_TLB_INVALIDATES]++;
	pfn = FIELD_GET(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB_ADDR, lo->val) |
	      (u64)FIELD_GET(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB_ADDR, hi->val)
	      << NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB_SHIFT;
	f->inval = (struct nvt_invalidate){
		.pdb = pfn << NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB_ADDR_ALIGNMENT,
		.pdb_reg = lo->val,
		.ctrl = val,
	};
	if (f->fault == NVT_FAULT_TLB_STUCK)
		return val;
	f->inval_busy = f->inval_polls;
	if (f->inval_busy)
		return val;
	nvt_invalidated(f);
	return val & ~NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_TRIGGER;
}

/*
 * PRAMIN writes are posted: the bind logic and the MMU see them only once a
 * read flushed them. RM flushes (kbusFlush) after writing an instance block
 * and before binding it; nothing says a bind waits for posted writes.
 */
static void nvt_bind_check(struct nvt_gpu *f, u64 inst)
{
	if (inst && f->unflushed)
		nvt_violate(f, "BAR bound with PRAMIN writes not flushed");
}

/* Turing to Ada: BARn_BLOCK; the bind completes at once unless stuck. */
static void nvt_bind_pbus(struct nvt_gpu *f, unsigned int bar, u32 val)
{
	u32 busy = bar ? NV_PBUS_BIND_STATUS_BAR2_PENDING | NV_PBUS_BIND_STATUS_BAR2_OUTSTANDING :
			 NV_PBUS_BIND_STATUS_BAR1_PENDING | NV_PBUS_BIND_STATUS_BAR1_OUTSTANDING;
	struct nvt_reg *st = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_BIND_STATUS);

	f->bar_inst[bar] = val & NV_PBUS_BAR_BLOCK_MODE ?
			   (u64)FIELD_GET(NV_PBUS_BAR_BLOCK_PTR, val) << 12 : 0;
	nvt_bind_check(f, f->bar_inst[bar]);
	if (st)
		st->val = f->fault == NVT_FAULT_BIND_STUCK ? busy : 0;
}

/* Hopper and Blackwell: HIGH triggers the bind of what LOW holds. */
static void nvt_bind_xal(struct nvt_gpu *f, unsigned int bar, u32 hi)
{
	u32 lo_reg = bar ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR :
			   NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR;
	struct nvt_reg *lo = nvt_reg_slot(f, lo_reg);
	u32 busy = NV_BAR_BLOCK_LOW_ADDR_PENDING | NV_BAR_BLOCK_LOW_ADDR_OUTSTANDING;

	if (!lo)
		return;
	f->bar_inst[bar] = lo->val & NV_BAR_BLOCK_LOW_ADDR_MODE ?
			   (lo->val & NV_BAR_BLOCK_LOW_ADDR_PTR) | (u64)hi << 32 : 0;
	nvt_bind_check(f, f->bar_inst[bar]);
	lo->val = (lo->val & ~busy) | (f->fault == NVT_FAULT_BIND_STUCK ? busy : 0);
}

/**
 * nvt_bar_of_reg() - Which BAR a block register binds, in the fake's family.
 * @f: The fake.
 * @reg: BAR0 offset written.
 *
 * Return: 0 for BAR1, 1 for BAR2, -1 for any other register.
 */
static int nvt_bar_of_reg(struct nvt_gpu *f, u32 reg)
{
	if (nvt_xal_window(f)) {
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR ||
		    reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR)
			return 0;
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR ||
		    reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR)
			return 1;
		return -1;
	}
	if (reg == NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK)
		return 0;
	return reg == NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK ? 1 : -1;
}

static void nvt_bind(struct nvt_gpu *f, u32 reg, u32 val)
{
	int bar = nvt_bar_of_reg(f, reg);

	if (bar >= 0 && f->prebound & BIT(bar))
		nvt_violate(f, "block register of a BAR firmware bound before probe written");
	if (nvt_xal_window(f)) {
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR)
			nvt_bind_xal(f, 0, val);
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR)
			nvt_bind_xal(f, 1, val);
	} else {
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK)
			nvt_bind_pbus(f, 0, val);
		if (reg == NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK)
			nvt_bind_pbus(f, 1, val);
	}
}

/* A dword stored into VRAM through the window. */
static void nvt_pramin_store(struct nvt_gpu *f, u32 reg, u32 val)
{
	u8 *p;

	f->unflushed = true;
	f->counts[NVT_PRAMIN_WRITES]++;
	nvt_rsv_check(f, f->window_base + (reg - NV_PRAMIN));
	nvt_inval_store(f->cache, f->window_base + (reg - NV_PRAMIN));
	p = nvt_pramin(f, reg);
	if (!p)
		return;
	*(__le32 *)p = cpu_to_le32(val);
	f->counts[NVT_VRAM_BYTES] += sizeof(u32);
}

static void nvt_wr32_locked(struct nvt_gpu *f, u32 reg, u32 val)
{
	struct nvt_reg *r;

	lockdep_assert_held(&f->lock);
	f->counts[NVT_MMIO_WRITES]++;
	f->counts[NVT_POSTED_4]++;
	f->counts[NVT_REG_WRITES] += !nvt_is_pramin(reg);
	nvt_countdown(f);
	if (f->fault == NVT_FAULT_GONE)
		return;
	if (nvt_is_pramin(reg)) {
		nvt_pramin_store(f, reg, val);
		return;
	}
	if (reg == nvt_window_reg(f))
		nvt_window_write(f, val);
	f->trace[f->ntrace++ % NVT_TRACE_LEN] = (struct nvt_access){ reg, val };
	if (reg == NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE)
		val = nvt_invalidate(f, val);
	r = nvt_reg_slot(f, reg);
	if (r)
		r->val = val;
	else
		nvt_violate(f, "too many distinct registers written");
	if (nvt_is_rsv_reg(reg))
		nvt_rsv_update(f);
	nvt_bind(f, reg, val);
}

static u32 nvt_rd32(struct nova_gpu *gpu, u32 reg)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u32 val;

	spin_lock(&f->lock);
	val = nvt_rd32_locked(f, reg);
	spin_unlock(&f->lock);
	nvt_report(f);
	return val;
}

static void nvt_wr32(struct nova_gpu *gpu, u32 reg, u32 val)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 addr = 0;

	spin_lock(&f->lock);
	if (nvt_is_pramin(reg))
		addr = f->window_base + (reg - NV_PRAMIN);
	nvt_wr32_locked(f, reg, val);
	spin_unlock(&f->lock);
	nvt_report(f);
	if (nvt_is_pramin(reg) && f->observer)
		f->observer(f->observer_ctx, addr);
}

/*
 * An 8-byte access must lie in the PRAMIN aperture, 8-byte aligned:
 * registers are 32 bits wide.
 */
static bool nvt_wide_ok(struct nvt_gpu *f, u32 reg)
{
	if (!nvt_is_pramin(reg))
		nvt_violate(f, "8-byte access outside PRAMIN");
	else if (!IS_ALIGNED(reg, sizeof(u64)))
		nvt_violate(f, "misaligned 8-byte PRAMIN access");
	else
		return true;
	return false;
}

static u64 nvt_rd64(struct nova_gpu *gpu, u32 reg)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 val = U64_MAX;
	u32 lo;

	spin_lock(&f->lock);
	if (!nvt_read_begin(f)) {
		val = 0;
		if (nvt_wide_ok(f, reg)) {
			lo = nvt_pramin_load(f, reg);
			val = (u64)nvt_pramin_load(f, reg + sizeof(u32)) << 32 | lo;
		}
	}
	spin_unlock(&f->lock);
	nvt_report(f);
	return val;
}

static void nvt_wr64(struct nova_gpu *gpu, u32 reg, u64 val)
{
	struct nvt_gpu *f = to_nvt(gpu);
	bool stored = false;
	u64 addr;

	spin_lock(&f->lock);
	addr = f->window_base + (reg - NV_PRAMIN);
	f->counts[NVT_MMIO_WRITES]++;
	f->counts[NVT_POSTED_8]++;
	nvt_countdown(f);
	if (f->fault != NVT_FAULT_GONE && nvt_wide_ok(f, reg)) {
		nvt_pramin_store(f, reg, lower_32_bits(val));
		nvt_pramin_store(f, reg + sizeof(u32), upper_32_bits(val));
		stored = true;
	}
	spin_unlock(&f->lock);
	nvt_report(f);
	/* One store: an observer sees both halves land together. */
	if (stored && f->observer) {
		f->observer(f->observer_ctx, addr);
		f->observer(f->observer_ctx, addr + sizeof(u32));
	}
}

/* BAR0 is uncached: a run is a posted 4-byte write per dword, in order. */
static void nvt_wr_block(struct nova_gpu *gpu, u32 reg, const u32 *src, u32 len)
{
	u32 off;

	for (off = 0; off < len; off += sizeof(u32))
		nvt_wr32(gpu, reg + off, *src++);
}

/**
 * nvt_gpu_count_wc() - Count a run of write-combined stores into VRAM.
 * @gpu: A fake GPU.
 * @addr: Where the run starts (an aperture or VRAM address: only its
 *        offset within a line matters).
 * @len: Bytes.
 *
 * For a write-combined path of the rig that the BAR0 seam does not see (a
 * BAR2 aperture): adds the %NVT_WC_LINE-byte lines the run touches to
 * %NVT_POSTED_64 and @len to %NVT_VRAM_BYTES. A run is taken to fill its
 * lines before they are evicted, the best case for write combining.
 */
void nvt_gpu_count_wc(struct nova_gpu *gpu, u64 addr, u64 len)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 lines = 0;

	if (len)
		lines = (ALIGN(addr + len, NVT_WC_LINE) - ALIGN_DOWN(addr, NVT_WC_LINE)) /
			NVT_WC_LINE;
	spin_lock(&f->lock);
	f->counts[NVT_POSTED_64] += lines;
	f->counts[NVT_VRAM_BYTES] += len;
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_set_invalidate_polls() - Make each TLB invalidate take some polls.
 * @gpu: A fake GPU.
 * @polls: Reads of MMU_INVALIDATE that still see TRIGGER set after each
 *         invalidate from now on; 0 (the default): it completes at once.
 *
 * On hardware the poll repeats until the invalidate is done; the
 * benchmark's time model needs that count rather than a zero.
 */
void nvt_gpu_set_invalidate_polls(struct nova_gpu *gpu, unsigned int polls)
{
	struct nvt_gpu *f = to_nvt(gpu);

	spin_lock(&f->lock);
	f->inval_polls = polls;
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_set_observer() - Watch every PRAMIN store into VRAM.
 * @gpu: A fake GPU.
 * @fn: Called after each store, or NULL to stop.
 * @ctx: Passed to @fn.
 */
void nvt_gpu_set_observer(struct nova_gpu *gpu, nvt_observer fn, void *ctx)
{
	struct nvt_gpu *f = to_nvt(gpu);

	f->observer_ctx = ctx;
	f->observer = fn;
}

/*
 * The VRAM address at BAR2 offset @off, as the GPU translates it: through
 * the page tables of the instance block bound to BAR2, read from VRAM.
 */
static bool nvt_bar2_addr(struct nvt_gpu *f, u64 off, u64 *addr)
{
	struct nvt_xlate x;
	__le32 *lo, *hi;
	u64 inst;

	spin_lock(&f->lock);
	inst = f->bar_inst[1];
	spin_unlock(&f->lock);
	if (!inst || off >= f->gpu.bar2_size)
		return false;
	lo = nvt_gpu_vram_at(&f->gpu, inst + NV_RAMIN_PAGE_DIR_BASE_LO);
	hi = nvt_gpu_vram_at(&f->gpu, inst + NV_RAMIN_PAGE_DIR_BASE_HI);
	if (!lo || !hi)
		return false;
	nvt_translate(&f->gpu, (le32_to_cpup(lo) & NV_RAMIN_PAGE_DIR_BASE_LO_ADDR) |
		      (u64)le32_to_cpup(hi) << 32, off, &x);
	*addr = x.addr;
	/* Aperture 0 of a PTE is video memory (nvt_mmu.c). */
	return x.state == NVT_XLATE_MAPPED && !x.aperture &&
	       x.addr >= f->backed_start && x.addr + sizeof(u64) <= f->vram_size;
}

/* A qword leaves the CPU's write-combining buffers (nvt_wc.c) for VRAM. */
static void nvt_wc_land(void *ctx, u64 off, u64 val, bool first)
{
	struct nvt_gpu *f = ctx;
	u64 addr = 0;
	bool ok = nvt_bar2_addr(f, off, &addr);

	spin_lock(&f->lock);
	f->counts[NVT_POSTED_64] += first;
	if (f->fault == NVT_FAULT_GONE) {
		spin_unlock(&f->lock);
		return;
	}
	f->wc_unflushed = true;
	if (ok) {
		nvt_rsv_check(f, addr);
		nvt_inval_store(f->cache, addr);
		f->counts[NVT_VRAM_BYTES] += sizeof(u64);
		*(__le64 *)(f->vram + (addr - f->backed_start)) = cpu_to_le64(val);
	} else {
		nvt_violate(f, "BAR2 store where BAR2 maps no VRAM (or BAR2 unbound)");
	}
	spin_unlock(&f->lock);
	nvt_report(f);
	if (ok && f->observer)
		f->observer(f->observer_ctx, addr);
}

static void nvt_wc_wr64(struct nova_gpu *gpu, u64 off, u64 val)
{
	struct nvt_gpu *f = to_nvt(gpu);

	spin_lock(&f->lock);
	f->counts[NVT_WC_STORES]++;
	spin_unlock(&f->lock);
	if (!IS_ALIGNED(off, sizeof(u64)) || off >= gpu->bar2_size) {
		KUNIT_FAIL(f->test, "nvt_gpu: BAR2 store at %#llx: misaligned or past BAR2", off);
		return;
	}
	nvt_wc_store(f->wc, off, val);
}

static void nvt_wc_wmb(struct nova_gpu *gpu)
{
	nvt_wc_barrier(to_nvt(gpu)->wc);
}

/* A read through BAR2 pushes the stores that landed before it. */
static u32 nvt_wc_rd32(struct nova_gpu *gpu, u64 off)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 addr;
	bool ok = nvt_bar2_addr(f, off, &addr);
	u32 val = U32_MAX;

	spin_lock(&f->lock);
	f->counts[NVT_BAR2_READS]++;
	f->counts[NVT_NP_READS]++;
	if (f->fault != NVT_FAULT_GONE) {
		f->wc_unflushed = false;
		val = ok ? le32_to_cpup((__le32 *)(f->vram + (addr - f->backed_start))) : 0;
	}
	spin_unlock(&f->lock);
	return val;
}

static const struct nova_io_ops nvt_io_ops = {
	.rd32 = nvt_rd32,
	.wr32 = nvt_wr32,
	.rd64 = nvt_rd64,
	.wr64 = nvt_wr64,
	.wr_block = nvt_wr_block,
	.wc_wr64 = nvt_wc_wr64,
	.wc_barrier = nvt_wc_wmb,
	.wc_rd32 = nvt_wc_rd32,
};

static u32 nvt_boot0(u32 chipset)
{
	u32 arch = chipset >> 4;
	u32 arch1 = arch >> NV_PMC_BOOT_0_ARCHITECTURE_1_SHIFT;

	return FIELD_PREP(NV_PMC_BOOT_0_ARCHITECTURE_0, arch) |
	       FIELD_PREP(NV_PMC_BOOT_0_ARCHITECTURE_1, arch1) |
	       FIELD_PREP(NV_PMC_BOOT_0_IMPLEMENTATION, chipset) |
	       FIELD_PREP(NV_PMC_BOOT_0_MAJOR_REVISION, NVT_MAJOR_REVISION) |
	       FIELD_PREP(NV_PMC_BOOT_0_MINOR_REVISION, NVT_MINOR_REVISION);
}

static u32 nvt_boot42(u32 chipset)
{
	return FIELD_PREP(NV_PMC_BOOT_42_CHIP_ID, chipset) |
	       FIELD_PREP(NV_PMC_BOOT_42_MAJOR_REVISION, NVT_MAJOR_REVISION) |
	       FIELD_PREP(NV_PMC_BOOT_42_MINOR_REVISION, NVT_MINOR_REVISION);
}

/* NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE for @size: MAG << (SCALE + 20), no ECC. */
static u32 nvt_local_memory_range(struct kunit *test, u64 size)
{
	u32 scale = 0;

	while ((size >> (NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT + scale)) >
	       FIELD_MAX(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG))
		scale++;
	KUNIT_ASSERT_EQ_MSG(test, size % ((u64)SZ_1M << scale), 0,
			    "VRAM size %llu cannot be encoded", size);
	return FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, scale) |
	       FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG,
			  size >> (NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT + scale));
}

static void nvt_set_vram_size_reg(struct kunit *test, struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);

	if (nvt_arch(f) == NV_PMC_BOOT_ARCHITECTURE_TU100 || f->chipset == NV_CHIP_GA100)
		nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE,
				nvt_local_memory_range(test, f->vram_size));
	else
		nvt_gpu_set_reg(gpu, NV_USABLE_FB_SIZE_IN_MB,
				f->vram_size >> NV_USABLE_FB_SIZE_IN_MB_SHIFT);
}

/* GA100 starts readable and unlocked (HI < LO: a VBIOS that locks nothing). */
static void nvt_set_mmu_lock_regs(struct nova_gpu *gpu)
{
	if (to_nvt(gpu)->chipset != NV_CHIP_GA100)
		return;
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK,
			NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0);
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_LO, NV_PFB_PRI_MMU_LOCK_ADDR_LO_VAL);
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_HI, 0);
}

static void nvt_vfree(void *p)
{
	vfree(p);
}

/* Tracepoint probe: a table's VRAM goes back to the allocator. */
static void nvt_pt_freed(void *data, const struct nova_gpu *gpu, u8 level, u64 addr,
			 u32 bytes)
{
	struct nvt_gpu *f = data;
	u64 pdb = 0;
	int early;

	if (gpu != &f->gpu)
		return;
	spin_lock(&f->lock);
	/* A device that is gone, or removed (its BARs unbound), walks nothing. */
	early = f->fault == NVT_FAULT_GONE || nova_gpu_gone(&f->gpu) ? 0 :
		nvt_inval_free(f->cache, addr, bytes, &pdb);
	spin_unlock(&f->lock);
	if (early == 1)
		KUNIT_FAIL(f->test, "nvt_gpu: table %#llx freed while PDB %#llx may cache it %s",
			   addr, pdb, "(no completed invalidate since it was reachable)");
	else if (early)
		KUNIT_FAIL(f->test, "nvt_gpu: root %#llx freed %s", addr,
			   "without a completed invalidate while it linked nothing");
}

static void nvt_cache_fini(void *p)
{
	struct nvt_gpu *f = p;

	unregister_trace_nova_vmm_pt_free(nvt_pt_freed, f);
	tracepoint_synchronize_unregister();
	nvt_inval_destroy(f->cache);
}

/* The check that tables are freed only after an invalidate (nvt_inval.c). */
static void nvt_cache_init(struct kunit *test, struct nvt_gpu *f)
{
	f->cache = nvt_inval_create(&f->gpu);
	KUNIT_ASSERT_NOT_NULL(test, f->cache);
	/* Kernels without tracepoints (make bench's) run without the check. */
	if (register_trace_nova_vmm_pt_free(nvt_pt_freed, f)) {
		nvt_inval_destroy(f->cache);
		f->cache = NULL;
		return;
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvt_cache_fini, f), 0);
}

static void nvt_gpu_fini(void *gpu)
{
	nvt_inval_off(to_nvt(gpu)->cache);
	nova_gpu_fini(gpu);
}

/**
 * nvt_gpu_alloc() - A fake GPU whose driver state is not initialised yet.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id (e.g. 0x172 for GA102); any value, also
 *           unsupported ones.
 * @vram_size: Bytes of VRAM, a multiple of 1 MiB.
 *
 * For tests of nova_gpu_init() itself; others use nvt_gpu_create().
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_alloc(struct kunit *test, u32 chipset, u64 vram_size)
{
	return nvt_gpu_alloc_partial(test, chipset, vram_size, vram_size);
}

/**
 * nvt_gpu_alloc_partial() - Like nvt_gpu_alloc(), backing only the top of VRAM.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id.
 * @vram_size: Bytes of VRAM the registers report, a multiple of 1 MiB.
 * @backed: Bytes at the top of VRAM with RAM behind them (where the driver
 *          puts page tables); nvt_gpu_vram() is then not available.
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_alloc_partial(struct kunit *test, u32 chipset, u64 vram_size,
				       u64 backed)
{
	static atomic_t serial = ATOMIC_INIT(0);
	struct nvt_gpu *f;
	struct device *dev;
	char name[32];

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_LE(test, backed, vram_size);
	f->backed_start = vram_size - backed;
	f->vram = vzalloc(backed);
	KUNIT_ASSERT_NOT_NULL(test, f->vram);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvt_vfree, f->vram), 0);
	snprintf(name, sizeof(name), "nvt_gpu.%d", atomic_inc_return(&serial));
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	f->test = test;
	f->chipset = chipset;
	f->vram_size = vram_size;
	spin_lock_init(&f->lock);
	f->gpu.dev = dev;
	f->gpu.io = &nvt_io_ops;
	f->gpu.vram_open = true;
	nvt_gpu_set_reg(&f->gpu, NV_PMC_BOOT_0, nvt_boot0(chipset));
	nvt_gpu_set_reg(&f->gpu, NV_PMC_BOOT_42, nvt_boot42(chipset));
	nvt_set_vram_size_reg(test, &f->gpu);
	nvt_set_mmu_lock_regs(&f->gpu);
	spin_lock(&f->lock);
	nvt_rsv_update(f);
	spin_unlock(&f->lock);
	nvt_cache_init(test, f);
	f->wc = nvt_wc_create(test, nvt_wc_land, f);
	return &f->gpu;
}

/**
 * nvt_gpu_create() - A fake GPU, identified and ready for use.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id of a supported chip.
 * @vram_size: Bytes of VRAM, a multiple of 1 MiB.
 *
 * Fails the test if the driver cannot bring the GPU up. The counters start
 * at zero once the GPU is up.
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_create(struct kunit *test, u32 chipset, u64 vram_size)
{
	return nvt_gpu_create_partial(test, chipset, vram_size, vram_size);
}

/* Probe an allocated fake, freed when @test ends; its counts start at 0. */
static struct nova_gpu *nvt_gpu_probe(struct kunit *test, struct nova_gpu *gpu)
{
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvt_gpu_fini, gpu), 0);
	nvt_gpu_reset_counts(gpu);
	return gpu;
}

/**
 * nvt_gpu_create_partial() - Like nvt_gpu_create(), backing only the top of VRAM.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id of a supported chip.
 * @vram_size: Bytes of VRAM the registers report.
 * @backed: Bytes at the top of VRAM with RAM behind them.
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_create_partial(struct kunit *test, u32 chipset, u64 vram_size,
					u64 backed)
{
	return nvt_gpu_probe(test, nvt_gpu_alloc_partial(test, chipset, vram_size, backed));
}

/**
 * nvt_gpu_vram() - The RAM behind the fake's VRAM.
 * @gpu: A fake GPU.
 *
 * Return: VRAM address 0, little-endian as the GPU sees it; NULL for a
 * fake from nvt_gpu_create_partial().
 */
void *nvt_gpu_vram(struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);

	return f->backed_start ? NULL : f->vram;
}

/**
 * nvt_gpu_backed() - Whether a VRAM range has RAM behind it.
 * @gpu: A fake GPU.
 * @addr: VRAM address.
 * @size: Bytes.
 *
 * Return: true if nvt_gpu_vram_at() gives all of [@addr, @addr + @size).
 */
bool nvt_gpu_backed(struct nova_gpu *gpu, u64 addr, u64 size)
{
	struct nvt_gpu *f = to_nvt(gpu);

	return addr >= f->backed_start && addr < f->vram_size && size <= f->vram_size - addr;
}

/**
 * nvt_gpu_vram_at() - The RAM behind one VRAM address, for any fake.
 * @gpu: A fake GPU.
 * @addr: VRAM address.
 *
 * Return: A pointer to it; NULL (and the test fails) if it has no RAM.
 */
void *nvt_gpu_vram_at(struct nova_gpu *gpu, u64 addr)
{
	struct nvt_gpu *f = to_nvt(gpu);

	if (addr < f->backed_start || addr >= f->vram_size) {
		KUNIT_FAIL(f->test, "nvt_gpu: VRAM %#llx has no RAM behind it", addr);
		return NULL;
	}
	return f->vram + (addr - f->backed_start);
}

/**
 * nvt_gpu_count() - Read a counter.
 * @gpu: A fake GPU.
 * @c: Counter.
 *
 * Return: Its value since creation or the last nvt_gpu_reset_counts().
 */
u64 nvt_gpu_count(struct nova_gpu *gpu, enum nvt_counter c)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 v;

	spin_lock(&f->lock);
	v = f->counts[c];
	spin_unlock(&f->lock);
	return v;
}

/**
 * nvt_gpu_reset_counts() - Zero every counter.
 * @gpu: A fake GPU.
 */
void nvt_gpu_reset_counts(struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);

	spin_lock(&f->lock);
	memset(f->counts, 0, sizeof(f->counts));
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_set_fault() - Start (or stop, with NVT_FAULT_NONE) playing a fault.
 * @gpu: A fake GPU.
 * @fault: The fault.
 */
void nvt_gpu_set_fault(struct nova_gpu *gpu, enum nvt_fault fault)
{
	struct nvt_gpu *f = to_nvt(gpu);
	struct nvt_reg *inv;

	spin_lock(&f->lock);
	/* A stuck invalidate that gets unstuck completes: TRIGGER clears. */
	inv = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE);
	if (f->fault == NVT_FAULT_TLB_STUCK && fault != NVT_FAULT_TLB_STUCK && inv &&
	    (inv->val & NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_TRIGGER)) {
		inv->val &= ~NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_TRIGGER;
		nvt_invalidated(f);
	}
	f->fault = fault;
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_set_reg() - Set the value a register reads, as the hardware would.
 * @gpu: A fake GPU.
 * @reg: BAR0 offset (not PRAMIN, not the window register).
 * @val: Value.
 */
void nvt_gpu_set_reg(struct nova_gpu *gpu, u32 reg, u32 val)
{
	struct nvt_gpu *f = to_nvt(gpu);
	struct nvt_reg *r;

	spin_lock(&f->lock);
	r = nvt_reg_slot(f, reg);
	if (r)
		r->val = val;
	if (nvt_is_rsv_reg(reg))
		nvt_rsv_update(f);
	spin_unlock(&f->lock);
	KUNIT_ASSERT_NOT_NULL(f->test, r);
}

/**
 * nvt_gpu_prebind() - Bind a BAR as firmware or another driver would have.
 * @gpu: A fake GPU from nvt_gpu_alloc(), not initialised yet.
 * @bar: 0 for BAR1, 1 for BAR2.
 * @inst: Instance block address, 4 KiB aligned.
 *
 * The BAR's block register (BARn_BLOCK on Turing to Ada, LOW and HIGH on
 * Hopper and Blackwell) then reads MODE virtual, TARGET video memory and
 * PTR @inst, and nvt_gpu_bar_inst() returns @inst. A later write of that
 * register by the driver fails the test.
 */
void nvt_gpu_prebind(struct nova_gpu *gpu, unsigned int bar, u64 inst)
{
	struct nvt_gpu *f = to_nvt(gpu);

	if (nvt_xal_window(f)) {
		nvt_gpu_set_reg(gpu, bar ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR :
				     NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR,
				(lower_32_bits(inst) & NV_BAR_BLOCK_LOW_ADDR_PTR) |
				FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_MODE,
					   NV_BAR_BLOCK_LOW_ADDR_MODE_VIRTUAL));
		nvt_gpu_set_reg(gpu, bar ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR :
				     NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR,
				upper_32_bits(inst));
	} else {
		nvt_gpu_set_reg(gpu, bar ? NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK :
				     NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK,
				FIELD_PREP(NV_PBUS_BAR_BLOCK_PTR, inst >> 12) |
				FIELD_PREP(NV_PBUS_BAR_BLOCK_MODE, NV_PBUS_BAR_BLOCK_MODE_VIRTUAL));
	}
	spin_lock(&f->lock);
	f->bar_inst[bar] = inst;
	f->prebound |= BIT(bar);
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_last_invalidate() - The last TLB invalidate the driver triggered.
 * @gpu: A fake GPU.
 *
 * Return: What it wrote; all zero if it never did.
 */
struct nvt_invalidate nvt_gpu_last_invalidate(struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);
	struct nvt_invalidate inval;

	spin_lock(&f->lock);
	inval = f->inval;
	spin_unlock(&f->lock);
	return inval;
}

/**
 * nvt_gpu_mmu_version() - The page-table format of the fake's chip.
 * @gpu: A fake GPU.
 *
 * The fake's own reading: MMU v3 on Hopper and Blackwell, v2 before.
 *
 * Return: 2 or 3.
 */
u8 nvt_gpu_mmu_version(struct nova_gpu *gpu)
{
	return nvt_xal_window(to_nvt(gpu)) ? 3 : 2;
}

/**
 * nvt_gpu_create_bars() - A fake GPU, up, with BAR1 and BAR2 set up.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id of a supported chip.
 * @vram_size: Bytes of VRAM.
 * @bar1_size: Bytes of the PCI BAR1 aperture the fake pretends to have
 *             (and a PCI BAR2 of NVT_BAR2_SIZE).
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_create_bars(struct kunit *test, u32 chipset, u64 vram_size,
				     u64 bar1_size)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chipset, vram_size);

	gpu->bar1_size = bar1_size;
	gpu->bar2_size = NVT_BAR2_SIZE;
	return nvt_gpu_probe(test, gpu);
}

/* Give an allocated fake a BAR2 with a page-table window of @window, and probe it. */
static struct nova_gpu *nvt_gpu_bar2wc_init(struct kunit *test, struct nova_gpu *gpu, u64 window)
{
	gpu->bar2_size = NVT_BAR2_SIZE;
	gpu->bar2_pt_size = window;
	return nvt_gpu_probe(test, gpu);
}

/**
 * nvt_gpu_create_bar2wc() - A fake GPU that writes page tables through BAR2.
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id of a supported chip.
 * @vram_size: Bytes of VRAM.
 * @window: Bytes of BAR2 for page tables (&nova_gpu.bar2_pt_size; 0: none).
 * @wipe_seed: Not 0: VRAM holds random data from this seed before the
 *             driver comes (nvt_gpu_wipe_vram()), so that a table linked
 *             before it is written is seen pointing anywhere.
 *
 * A PCI BAR2 of NVT_BAR2_SIZE and no BAR1. Stores through BAR2 are
 * translated by the BAR2 page tables in VRAM, in the order the CPU's
 * write-combining buffers let them land (nvt_wc.c, nvt_gpu_set_wc_seed()).
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_create_bar2wc(struct kunit *test, u32 chipset, u64 vram_size,
				       u64 window, u64 wipe_seed)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chipset, vram_size);

	if (wipe_seed)
		nvt_gpu_wipe_vram(gpu, wipe_seed);
	return nvt_gpu_bar2wc_init(test, gpu, window);
}

/**
 * nvt_gpu_create_bar2wc_partial() - nvt_gpu_create_bar2wc() with only the top
 *                                   of VRAM backed (nvt_gpu_create_partial()).
 * @test: The test; the fake is freed when it ends.
 * @chipset: BOOT_42 chip id of a supported chip.
 * @vram_size: Bytes of VRAM the registers report.
 * @backed: Bytes at the top of VRAM with RAM behind them; the page tables,
 *          the BAR2 window among them, are allocated there.
 * @window: Bytes of BAR2 for page tables (&nova_gpu.bar2_pt_size; 0: none).
 *
 * For benchmarks that map gigabytes of VRAM nobody reads.
 *
 * Return: The GPU as the driver sees it.
 */
struct nova_gpu *nvt_gpu_create_bar2wc_partial(struct kunit *test, u32 chipset, u64 vram_size,
					       u64 backed, u64 window)
{
	return nvt_gpu_bar2wc_init(test, nvt_gpu_alloc_partial(test, chipset, vram_size, backed),
				   window);
}

/**
 * nvt_gpu_set_wc_seed() - Seed the order in which write-combined lines land.
 * @gpu: A fake GPU.
 * @seed: The seed; log it.
 */
void nvt_gpu_set_wc_seed(struct nova_gpu *gpu, u64 seed)
{
	nvt_wc_seed(to_nvt(gpu)->wc, seed);
}

/**
 * nvt_gpu_bar_inst() - The instance block bound to a BAR.
 * @gpu: A fake GPU.
 * @bar: 0 for BAR1, 1 for BAR2.
 *
 * Return: Its VRAM address, or 0 when the BAR is not bound (physical mode).
 */
u64 nvt_gpu_bar_inst(struct nova_gpu *gpu, unsigned int bar)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 inst;

	spin_lock(&f->lock);
	inst = f->bar_inst[bar];
	spin_unlock(&f->lock);
	return inst;
}

/**
 * nvt_gpu_reg_writes() - The last register writes, oldest first.
 * @gpu: A fake GPU.
 * @out: Room for %NVT_TRACE_LEN writes.
 *
 * PRAMIN accesses are not recorded.
 *
 * Return: The number of writes copied.
 */
unsigned int nvt_gpu_reg_writes(struct nova_gpu *gpu, struct nvt_access *out)
{
	struct nvt_gpu *f = to_nvt(gpu);
	unsigned int n, i, first;

	spin_lock(&f->lock);
	n = min_t(unsigned int, f->ntrace, NVT_TRACE_LEN);
	first = f->ntrace - n;
	for (i = 0; i < n; i++)
		out[i] = f->trace[(first + i) % NVT_TRACE_LEN];
	spin_unlock(&f->lock);
	return n;
}

/**
 * nvt_gpu_set_fault_after() - Start a fault after some more BAR0 accesses.
 * @gpu: A fake GPU.
 * @fault: The fault.
 * @accesses: How many accesses (reads or writes, PRAMIN included) behave
 *            first; the fault applies from the next one.
 */
void nvt_gpu_set_fault_after(struct nova_gpu *gpu, enum nvt_fault fault, u64 accesses)
{
	struct nvt_gpu *f = to_nvt(gpu);

	spin_lock(&f->lock);
	f->fault_after = fault;
	f->after = accesses + 1;
	spin_unlock(&f->lock);
}

/**
 * nvt_gpu_set_ones() - Make the next BAR0 reads return all ones, once each.
 * @gpu: A fake GPU.
 * @reads: How many reads (registers and PRAMIN) return 0xffffffff, as a
 *         link retrain or a transient AER event would; then the fake
 *         behaves again.
 */
void nvt_gpu_set_ones(struct nova_gpu *gpu, u64 reads)
{
	struct nvt_gpu *f = to_nvt(gpu);

	spin_lock(&f->lock);
	f->ones = reads;
	spin_unlock(&f->lock);
}

static void nvt_vmm_put(void *vmm)
{
	vmm_put(vmm);
}

/**
 * nvt_vmm_create() - An address space that lives until the test ends.
 * @test: Test; fails if the address space cannot be created.
 * @gpu: GPU.
 * @va_start: First VA.
 * @va_size: Bytes of VA.
 *
 * Return: The address space; vmm_put() runs when @test ends.
 */
struct vmm *nvt_vmm_create(struct kunit *test, struct nova_gpu *gpu, u64 va_start,
			   u64 va_size)
{
	struct vmm *vmm = vmm_create(gpu, va_start, va_size);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvt_vmm_put, vmm), 0);
	return vmm;
}

/**
 * nvt_gpu_reserved_base() - The lowest VRAM address the firmware owns.
 * @gpu: A fake GPU.
 *
 * The fake's own reading of its registers: the VGA workspace (the last MiB,
 * or where a valid NV_PDISP_VGA_WORKSPACE_BASE says on chips with a
 * display), GA100's MMU-locked range, and FRTS, 1 MiB below them. A PRAMIN
 * write into any of them fails the running test.
 *
 * Return: The address; the size of VRAM if nothing is reserved.
 */
u64 nvt_gpu_reserved_base(struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 base = f->vram_size;
	unsigned int i;

	spin_lock(&f->lock);
	for (i = 0; i < f->nrsv; i++)
		base = min(base, f->rsv[i].start);
	spin_unlock(&f->lock);
	return base;
}

/**
 * nvt_gpu_isolate() - Make the fake hold clients to the VRAM they allocated.
 * @gpu: A fake GPU.
 *
 * A fake starts open: vmm_map(), vmm_map_prepare(), vmm_op_add_map(), vmm_vram_read() and
 * vmm_vram_write() accept any VRAM address, so that suites about the map
 * machinery can name raw addresses. After this call they accept only
 * ranges inside one live vmm_vram_alloc() allocation, as on hardware
 * (DOC: VRAM ownership).
 */
void nvt_gpu_isolate(struct nova_gpu *gpu)
{
	WRITE_ONCE(gpu->vram_open, false);
}

/**
 * nvt_gpu_wipe_vram() - Lose VRAM, as a GPU whose power went off does.
 * @gpu: A fake GPU.
 * @seed: Seed of the garbage written over every byte with RAM behind it.
 *
 * The driver's tables, instance blocks and everything else in VRAM read as
 * random data afterwards.
 */
void nvt_gpu_wipe_vram(struct nova_gpu *gpu, u64 seed)
{
	struct nvt_gpu *f = to_nvt(gpu);
	u64 off, size = f->vram_size - f->backed_start;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, seed);
	spin_lock(&f->lock);
	nvt_inval_forget(f->cache);
	spin_unlock(&f->lock);
	for (off = 0; off < size; off += SZ_1M) {
		spin_lock(&f->lock);
		prandom_bytes_state(&rnd, f->vram + off, min_t(u64, SZ_1M, size - off));
		spin_unlock(&f->lock);
		cond_resched();
	}
}

/* The block registers of a BAR in the fake's family. */
static void nvt_bar_regs(struct nvt_gpu *f, unsigned int bar, u32 regs[2])
{
	if (nvt_xal_window(f)) {
		regs[0] = bar ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR :
				NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR;
		regs[1] = bar ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR :
				NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR;
	} else {
		regs[0] = bar ? NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK :
				NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK;
		regs[1] = regs[0];
	}
}

/**
 * nvt_gpu_reset() - What a reset (FLR, slot reset, power off) does to the fake.
 * @gpu: A fake GPU.
 *
 * The PRAMIN window register reads 0 and counts as never written (a PRAMIN
 * access before the driver writes it again fails the test); BAR1 and BAR2
 * are unbound (physical mode, block registers 0), but for BARs that
 * firmware bound (nvt_gpu_prebind()); an invalidate in flight is gone.
 * VRAM is kept: nvt_gpu_wipe_vram() loses it.
 */
void nvt_gpu_reset(struct nova_gpu *gpu)
{
	struct nvt_gpu *f = to_nvt(gpu);
	struct nvt_reg *r;
	unsigned int bar, i;
	u32 regs[2];

	spin_lock(&f->lock);
	nvt_inval_forget(f->cache);
	f->window_base = 0;
	f->window_set = false;
	f->unflushed = false;
	r = nvt_reg_slot(f, nvt_window_reg(f));
	if (r)
		r->val = 0;
	r = nvt_reg_slot(f, NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE);
	if (r)
		r->val = 0;
	for (bar = 0; bar < ARRAY_SIZE(f->bar_inst); bar++) {
		if (f->prebound & BIT(bar))
			continue;
		f->bar_inst[bar] = 0;
		nvt_bar_regs(f, bar, regs);
		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			r = nvt_reg_slot(f, regs[i]);
			if (r)
				r->val = 0;
		}
	}
	spin_unlock(&f->lock);
}

/**
 * nvt_show() - What a debugfs show function prints.
 * @test: The test; the text is freed when it ends.
 * @fn: The show function.
 * @priv: Its seq_file's private data.
 * @size: Room for the text; more fails the test.
 *
 * Runs @fn over a seq_file on a buffer of @size bytes.
 *
 * Return: The text, NUL-terminated.
 */
const char *nvt_show(struct kunit *test, int (*fn)(struct seq_file *, void *), void *priv,
		     size_t size)
{
	struct seq_file m = { .size = size, .private = priv };

	m.buf = kunit_kzalloc(test, size + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	KUNIT_EXPECT_EQ(test, fn(&m, NULL), 0);
	KUNIT_EXPECT_FALSE(test, seq_has_overflowed(&m));
	m.buf[m.count] = '\0';
	return m.buf;
}
