/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvt_gpu: a fake NVIDIA GPU at nova_vmm's io seam, for KUnit.
 *
 * This is a contract other test files rely on: extend it, never rename.
 *
 * The fake answers BAR0 register accesses the way the hardware does:
 * NV_PMC_BOOT_0/BOOT_42 for the chosen chipset, the VRAM size register of
 * its family, the PRAMIN window register of its family (0x1700 with a target
 * on Turing, Ampere and Ada; 0x10FD40 on Hopper and Blackwell) and the 1 MiB
 * PRAMIN aperture over RAM-backed VRAM, and the TLB invalidate registers
 * (TRIGGER clears once written, unless stuck), the BAR1/BAR2 bind registers
 * of its family (Turing to Ada: BAR1_BLOCK, BAR2_BLOCK and BIND_STATUS;
 * Hopper and Blackwell: LOW then HIGH, status in LOW). It takes 8-byte
 * accesses (nv_rd64(), nv_wr64()) in the PRAMIN aperture only, and counts
 * what the link carries (enum nvt_counter). It fails the running
 * test when the driver accesses PRAMIN misaligned, past the aperture or
 * past VRAM, or writes through PRAMIN into VRAM the firmware owns: the VGA
 * workspace (the last MiB, or where NV_PDISP_VGA_WORKSPACE_BASE says when
 * valid, on chips with a display engine; reading that register on a chip
 * without one fails too), GA100's range locked by
 * NV_PFB_PRI_MMU_LOCK_ADDR_LO/HI, and FRTS (1 MiB below them; from Hopper
 * on, below FSP's end-of-FB estimate too). A GA100 fake starts with its MMU
 * lock readable and empty (HI < LO). Other registers read back what was
 * last written (0 before).
 */
#ifndef _NOVA_VMM_TESTS_NVT_GPU_H_
#define _NOVA_VMM_TESTS_NVT_GPU_H_

#include <linux/sizes.h>
#include <linux/types.h>

struct kunit;
struct nova_gpu;
struct vmm;

/**
 * enum nvt_counter - What the fake counts.
 * @NVT_MMIO_READS: BAR0 reads, registers and PRAMIN.
 * @NVT_MMIO_WRITES: BAR0 writes, registers and PRAMIN.
 * @NVT_WINDOW_MOVES: Writes to the PRAMIN window register.
 * @NVT_PRAMIN_READS: Dword reads through the PRAMIN aperture.
 * @NVT_PRAMIN_WRITES: Dword writes through the PRAMIN aperture.
 * @NVT_TLB_INVALIDATES: Writes of MMU_INVALIDATE with TRIGGER set.
 * @NVT_POSTED_4: 4-byte posted write transactions: nv_wr32(), and each
 *                dword of nv_wr_block() (BAR0 is uncached).
 * @NVT_POSTED_8: 8-byte posted write transactions: nv_wr64().
 * @NVT_POSTED_64: 64-byte write-combined lines (nvt_gpu_count_wc(), and
 *                 each line that leaves the write-combining buffers in
 *                 front of BAR2, whole or partial: one PCIe write).
 * @NVT_NP_READS: Non-posted reads of any size (an nv_rd64() is one).
 * @NVT_VRAM_BYTES: Bytes that posted writes stored into VRAM.
 * @NVT_FLUSHES: Non-posted PRAMIN reads that pushed earlier posted PRAMIN
 *               writes to VRAM: a flush, whether meant as one or not.
 * @NVT_INVAL_POLLS: Reads of MMU_INVALIDATE (polls for TRIGGER to clear);
 *                   also counted in %NVT_NP_READS.
 * @NVT_WC_STORES: 64-bit stores into the write-combined BAR2 aperture
 *                 (they leave the CPU as %NVT_POSTED_64 lines).
 * @NVT_BAR2_READS: Dword reads through BAR2 (flushes); also counted in
 *                  %NVT_NP_READS.
 * @NVT_REG_WRITES: BAR0 writes outside the PRAMIN aperture: registers (the
 *                  window register, an invalidate's, a bind's); also counted
 *                  in %NVT_POSTED_4. The rest of the posted writes carry
 *                  VRAM contents.
 * @NVT_COUNTER_MAX: Number of counters.
 *
 * The first six count BAR0 accesses and dwords as before 8-byte accesses
 * existed: an nv_rd64() or nv_wr64() through PRAMIN is one MMIO read or
 * write and two PRAMIN dword reads or writes. The rest count what the link
 * carries.
 */
enum nvt_counter {
	NVT_MMIO_READS,
	NVT_MMIO_WRITES,
	NVT_WINDOW_MOVES,
	NVT_PRAMIN_READS,
	NVT_PRAMIN_WRITES,
	NVT_TLB_INVALIDATES,
	NVT_POSTED_4,
	NVT_POSTED_8,
	NVT_POSTED_64,
	NVT_NP_READS,
	NVT_VRAM_BYTES,
	NVT_FLUSHES,
	NVT_INVAL_POLLS,
	NVT_WC_STORES,
	NVT_BAR2_READS,
	NVT_REG_WRITES,
	NVT_COUNTER_MAX,
};

/**
 * enum nvt_fault - Faults the fake can play.
 * @NVT_FAULT_NONE: Behave.
 * @NVT_FAULT_GONE: Fell off the bus: every read returns 0xffffffff, writes
 *                  are dropped.
 * @NVT_FAULT_TLB_STUCK: MMU_INVALIDATE's TRIGGER never clears.
 * @NVT_FAULT_BIND_STUCK: BAR1/BAR2 binds stay pending.
 */
enum nvt_fault {
	NVT_FAULT_NONE,
	NVT_FAULT_GONE,
	NVT_FAULT_TLB_STUCK,
	NVT_FAULT_BIND_STUCK,
};

/**
 * struct nvt_access - A register write, as the fake saw it.
 * @reg: BAR0 offset.
 * @val: Value.
 */
struct nvt_access {
	u32 reg;
	u32 val;
};

#define NVT_TRACE_LEN	64	/* register writes the fake remembers */
#define NVT_BAR2_SIZE	SZ_32M	/* the PCI BAR2 the fake pretends to have */
#define NVT_WC_LINE	64	/* x86 write-combining buffer: Intel SDM Vol. 3A §10.3.1 */

/**
 * struct nvt_invalidate - The last TLB invalidate the fake saw.
 * @pdb: PDB address from MMU_INVALIDATE_PDB and _UPPER_PDB.
 * @pdb_reg: MMU_INVALIDATE_PDB as written.
 * @ctrl: MMU_INVALIDATE as written (TRIGGER included).
 */
struct nvt_invalidate {
	u64 pdb;
	u32 pdb_reg;
	u32 ctrl;
};

struct nova_gpu *nvt_gpu_create(struct kunit *test, u32 chipset, u64 vram_size);
struct nova_gpu *nvt_gpu_alloc(struct kunit *test, u32 chipset, u64 vram_size);
struct nova_gpu *nvt_gpu_create_partial(struct kunit *test, u32 chipset, u64 vram_size,
					u64 backed);
struct nova_gpu *nvt_gpu_alloc_partial(struct kunit *test, u32 chipset, u64 vram_size,
				       u64 backed);
void *nvt_gpu_vram(struct nova_gpu *gpu);
void *nvt_gpu_vram_at(struct nova_gpu *gpu, u64 addr);
bool nvt_gpu_backed(struct nova_gpu *gpu, u64 addr, u64 size);
struct seq_file;
const char *nvt_show(struct kunit *test, int (*fn)(struct seq_file *, void *), void *priv,
		     size_t size);
u64 nvt_gpu_count(struct nova_gpu *gpu, enum nvt_counter c);
void nvt_gpu_reset_counts(struct nova_gpu *gpu);
void nvt_gpu_count_wc(struct nova_gpu *gpu, u64 addr, u64 len);
void nvt_gpu_set_invalidate_polls(struct nova_gpu *gpu, unsigned int polls);
void nvt_gpu_set_fault(struct nova_gpu *gpu, enum nvt_fault f);
void nvt_gpu_set_fault_after(struct nova_gpu *gpu, enum nvt_fault f, u64 accesses);
void nvt_gpu_set_ones(struct nova_gpu *gpu, u64 reads);
void nvt_gpu_set_reg(struct nova_gpu *gpu, u32 reg, u32 val);
struct nvt_invalidate nvt_gpu_last_invalidate(struct nova_gpu *gpu);
u8 nvt_gpu_mmu_version(struct nova_gpu *gpu);
struct vmm *nvt_vmm_create(struct kunit *test, struct nova_gpu *gpu, u64 va_start,
			   u64 va_size);
struct nova_gpu *nvt_gpu_create_bars(struct kunit *test, u32 chipset, u64 vram_size,
				     u64 bar1_size);
u64 nvt_gpu_bar_inst(struct nova_gpu *gpu, unsigned int bar);
struct nova_gpu *nvt_gpu_create_bar2wc(struct kunit *test, u32 chipset, u64 vram_size,
				       u64 window, u64 wipe_seed);
struct nova_gpu *nvt_gpu_create_bar2wc_partial(struct kunit *test, u32 chipset, u64 vram_size,
					       u64 backed, u64 window);
void nvt_gpu_set_wc_seed(struct nova_gpu *gpu, u64 seed);
unsigned int nvt_gpu_reg_writes(struct nova_gpu *gpu, struct nvt_access *out);
void nvt_gpu_prebind(struct nova_gpu *gpu, unsigned int bar, u64 inst);
u64 nvt_gpu_reserved_base(struct nova_gpu *gpu);
void nvt_gpu_isolate(struct nova_gpu *gpu);
void nvt_gpu_wipe_vram(struct nova_gpu *gpu, u64 seed);
void nvt_gpu_reset(struct nova_gpu *gpu);

/**
 * typedef nvt_observer - Called after every dword the driver stores into VRAM
 * through PRAMIN (for an 8-byte store, once per dword after both landed),
 * and every qword that lands through BAR2, with no lock of the fake held
 * but the write-combining buffers' own (it must not store through BAR2):
 * it may read VRAM
 * (nvt_gpu_vram_at(), nvt_translate()) as a GPU walking the tables would.
 * @ctx: As given to nvt_gpu_set_observer().
 * @addr: VRAM address of the dword.
 */
typedef void (*nvt_observer)(void *ctx, u64 addr);

void nvt_gpu_set_observer(struct nova_gpu *gpu, nvt_observer fn, void *ctx);

#endif /* _NOVA_VMM_TESTS_NVT_GPU_H_ */
