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
 */
#include <linux/bitfield.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_ram.h"
#include "io/pramin.h"
#include "vmm/vmm_priv.h"
#include "mm/vram.h"

static u32 inst_pdb_lo(struct vmm *vmm, u64 pdb)
{
	return FIELD_PREP(NV_RAMIN_PAGE_DIR_BASE_TARGET,
			  NV_RAMIN_PAGE_DIR_BASE_TARGET_VID_MEM) |
	       (vmm->fmt->version == 2 ? NV_RAMIN_USE_VER2_PT_FORMAT : 0) |
	       FIELD_PREP(NV_RAMIN_BIG_PAGE_SIZE, NV_RAMIN_BIG_PAGE_SIZE_64KB) |
	       (lower_32_bits(pdb) & NV_RAMIN_PAGE_DIR_BASE_LO_ADDR);
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
	int ret = nova_vram_get(vmm->gpu, NV_RAMIN_ALLOC_SIZE, NV_RAMIN_ALLOC_SIZE,
				NOVA_VRAM_TOPDOWN, &vmm->inst);

	if (ret)
		return ret;
	ret = inst_write(vmm, vmm->inst.addr);
	if (ret)
		nova_vram_put(vmm->gpu, &vmm->inst);
	return ret;
}

/**
 * nova_inst_fini() - Free an address space's instance block.
 * @vmm: Address space, no longer bound anywhere.
 */
void nova_inst_fini(struct vmm *vmm)
{
	nova_vram_put(vmm->gpu, &vmm->inst);
}
