// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Instance blocks
 *
 * Every address space has a 4 KiB instance block in VRAM whose
 * page-directory fields point at its root, as NVIDIA's driver writes them
 * (kgmmuInstBlkInit_IMPL): the block is zeroed, then on Turing the VA limit
 * is written (ADR_LIMIT, deprecated since GV100 and not written from GA100
 * on), then PAGE_DIR_BASE_HI before PAGE_DIR_BASE_LO (target video memory,
 * USE_VER2_PT_FORMAT for MMU v2 only, 64 KiB big pages, the PDB's address),
 * and on Blackwell the word at 0x20C holds 0xCAFECA11.
 *
 * Subcontexts. Graphics and compute engines from Volta on (every chip
 * nova_vmm binds) run a context in up to 64 subcontexts (VEIDs) and take
 * their page directory from NV_RAMIN_SC_PAGE_DIR_BASE(veid), not from
 * PAGE_DIR_BASE, which only Host, the copy engines and the video engines
 * use; FECS binds the subcontexts whose NV_RAMIN_SC_PDB_VALID bit is set,
 * and "the page table information for a given VEID/Subcontext needs to be
 * filled in or else page faults will result on access" (dev_ram.ref.txt,
 * GV100, TU104, GA100). The instance block of a channel address space
 * therefore has subcontext 0 pointing at the same root, with the same
 * fields as PAGE_DIR_BASE but USE_VER2_PT_FORMAT always set (RM's
 * kgmmuInstBlkPageDirBaseGet_GV100, the HAL of every chip but T234D and
 * T264D, sets it for subcontexts on MMU v3 too; on v2 the words are equal),
 * subcontexts 1 to 63 TARGET_INVALID in both words, and only bit 0 of
 * SC_PDB_VALID set: what nouveau's gv100_vmm_join() writes (used for
 * TU102 and later). A client that runs more subcontexts on the address
 * space copies the two words at SC_PAGE_DIR_BASE(0) (0x2A0/0x2A4) to
 * SC_PAGE_DIR_BASE(veid) (0x2A0 + 16 * veid) and sets bit veid of
 * SC_PDB_VALID (0x298 for 0..31, 0x29C for 32..63) in its own channel's
 * instance block, or in a copy of this one, then flushes before the GPU
 * reads it. BAR1 and BAR2 instance blocks carry no subcontext entries: the
 * BARs are hub clients, and RM initialises their blocks for
 * FIFO_PDB_IDX_BASE only (kbusInitBar1_GM107 via kgmmuInstBlkInit), where
 * the GV100 HAL writes PAGE_DIR_BASE alone. (nouveau joins its BAR address
 * spaces with gv100_vmm_join() too; nova_vmm follows RM.)
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_ram.h"
#include "io/pramin.h"
#include "io/tlb.h"
#include "vmm/vmm_priv.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

static u32 inst_pdb_lo(struct vmm *vmm, u64 pdb)
{
	return FIELD_PREP(NV_RAMIN_PAGE_DIR_BASE_TARGET,
			  NV_RAMIN_PAGE_DIR_BASE_TARGET_VID_MEM) |
	       (vmm->fmt->version == 2 ? NV_RAMIN_USE_VER2_PT_FORMAT : 0) |
	       FIELD_PREP(NV_RAMIN_BIG_PAGE_SIZE, NV_RAMIN_BIG_PAGE_SIZE_64KB) |
	       (lower_32_bits(pdb) & NV_RAMIN_PAGE_DIR_BASE_LO_ADDR);
}

/**
 * inst_write_subctx() - Write a channel instance block's subcontext PDBs.
 * @vmm: Address space, with its root.
 * @inst: VRAM address of its instance block, zeroed.
 *
 * Subcontext 0 gets the root (HI before LO, as RM writes PAGE_DIR_BASE),
 * 1..63 TARGET_INVALID in both words, and SC_PDB_VALID bit 0 alone, last
 * (nouveau gv100_vmm_join(); RM kgmmuInstBlkPageDirBaseGet_GV100).
 *
 * Return: 0; -ENODEV.
 */
static int inst_write_subctx(struct vmm *vmm, u64 inst)
{
	static const u32 invalid[2] = { NV_RAMIN_SC_PAGE_DIR_BASE_TARGET_INVALID,
					NV_RAMIN_SC_PAGE_DIR_BASE_TARGET_INVALID };
	const u64 valid = NV_RAMIN_SC_PDB_VALID(0);
	struct nova_gpu *gpu = vmm->gpu;
	unsigned int i;
	int ret;

	ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_SC_PAGE_DIR_BASE_HI(0),
			       upper_32_bits(vmm->pdb));
	if (!ret)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_SC_PAGE_DIR_BASE_LO(0),
				       inst_pdb_lo(vmm, vmm->pdb) | NV_RAMIN_SC_USE_VER2_PT_FORMAT);
	for (i = 1; i < NV_RAMIN_SC_PAGE_DIR_BASE__SIZE_1 && !ret; i++)
		ret = nova_pramin_write32(gpu, inst + NV_RAMIN_SC_PAGE_DIR_BASE_LO(i), invalid,
					  ARRAY_SIZE(invalid));
	if (!ret)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_SC_PDB_VALID_LO, lower_32_bits(valid));
	if (!ret)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_SC_PDB_VALID_HI, upper_32_bits(valid));
	return ret;
}

/**
 * inst_is_channel() - Whether an instance block is a channel's, not a BAR's.
 * @vmm: Address space.
 *
 * Return: False for BAR1 and BAR2 (hub-only TLB flags), true otherwise.
 */
static bool inst_is_channel(struct vmm *vmm)
{
	return !(vmm->tlb_flags & NOVA_TLB_HUB_ONLY);
}

static int inst_write(struct vmm *vmm, u64 inst)
{
	const struct nova_family_desc *fam = vmm->gpu->chip->family;
	struct nova_gpu *gpu = vmm->gpu;
	u64 pdb = vmm->pdb, limit = vmm->va_end - 1;
	int ret;

	ret = nova_pramin_fill(gpu, inst, 0, NV_RAMIN_ALLOC_SIZE);
	if (!ret && fam->inst_va_limit)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_ADR_LIMIT_LO,
				       lower_32_bits(limit) | ~NV_RAMIN_ADR_LIMIT_LO_ADDR);
	if (!ret && fam->inst_va_limit)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_ADR_LIMIT_HI, upper_32_bits(limit));
	if (!ret)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_PAGE_DIR_BASE_HI, upper_32_bits(pdb));
	if (!ret)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_PAGE_DIR_BASE_LO,
				       inst_pdb_lo(vmm, pdb));
	if (!ret && inst_is_channel(vmm))
		ret = inst_write_subctx(vmm, inst);
	if (!ret && fam->inst_magic)
		ret = nova_pramin_wr32(gpu, inst + NV_RAMIN_ENGINE_CTXSW_FW_MAGIC,
				       NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE);
	return ret;
}

/**
 * nova_inst_init() - Allocate and write an address space's instance block.
 * @vmm: Address space with its root.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENOMEM; -ENODEV.
 */
int nova_inst_init(struct vmm *vmm)
{
	int ret = nova_pt_cache_vram_get(vmm->gpu, NV_RAMIN_ALLOC_SIZE, NV_RAMIN_ALLOC_SIZE,
					 NOVA_VRAM_TOPDOWN, &vmm->inst);

	if (ret)
		return ret;
	ret = inst_write(vmm, vmm->inst.addr);
	if (ret)
		nova_vram_put(vmm->gpu, &vmm->inst);
	return ret;
}

/**
 * nova_inst_restore() - Write an address space's instance block again.
 * @vmm: Address space with its root and instance block.
 *
 * The same words in the same order as nova_inst_init() (a reset or a resume
 * may have lost VRAM).
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0; -ENODEV; -EIO.
 */
int nova_inst_restore(struct vmm *vmm)
{
	return inst_write(vmm, vmm->inst.addr);
}

/**
 * nova_inst_fini() - Free an address space's instance block.
 * @vmm: Address space, no longer bound anywhere.
 */
void nova_inst_fini(struct vmm *vmm)
{
	/* It holds the PDB: zeroed before a client gets it (DOC: Scrubbing). */
	if (vmm->inst.size && nova_vram_dirty(vmm->gpu, vmm->inst.addr, vmm->inst.size))
		nova_pramin_fill(vmm->gpu, vmm->inst.addr, 0, vmm->inst.size);
	nova_vram_put(vmm->gpu, &vmm->inst);
}
