/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instance block (RAMIN): the page-directory fields.
 *
 * Sources: NVIDIA open-gpu-doc manuals/turing/tu104/dev_ram.ref.txt and
 * manuals/ampere/ga100/dev_ram.ref.txt; open-gpu-kernel-modules
 * src/common/inc/swref/published/pascal/gp100/dev_ram.h, volta/gv100/dev_ram.h,
 * ampere/ga10b/dev_ram.h (NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE). What NVIDIA's
 * driver writes: kgmmuInstBlkInit_IMPL (kern_gmmu.c),
 * kgmmuInstBlkPageDirBaseGet_GP100, kgmmuInstBlkVaLimitGet_GV100 (Turing
 * only), kgmmuInstBlkMagicValueGet_GA10B (Blackwell). No Hopper or Blackwell
 * RAMIN manual is published; NVIDIA's driver uses the same layout there.
 */
#ifndef _NOVA_VMM_HW_NV_RAM_H_
#define _NOVA_VMM_HW_NV_RAM_H_

#include <linux/bits.h>
#include <linux/sizes.h>

#define NV_RAMIN_ALLOC_SIZE				SZ_4K
#define NV_RAMIN_BASE_SHIFT				12

/* Word 128 (byte 0x200) and 129 (0x204). */
#define NV_RAMIN_PAGE_DIR_BASE_LO			0x200
#define NV_RAMIN_PAGE_DIR_BASE_TARGET			GENMASK(1, 0)
#define NV_RAMIN_PAGE_DIR_BASE_TARGET_VID_MEM		0
#define NV_RAMIN_PAGE_DIR_BASE_TARGET_INVALID		1
#define NV_RAMIN_PAGE_DIR_BASE_VOL			BIT(2)
#define NV_RAMIN_USE_VER2_PT_FORMAT			BIT(10)
#define NV_RAMIN_BIG_PAGE_SIZE				BIT(11)
#define NV_RAMIN_BIG_PAGE_SIZE_64KB			1
#define NV_RAMIN_PAGE_DIR_BASE_LO_ADDR			GENMASK(31, 12)
#define NV_RAMIN_PAGE_DIR_BASE_HI			0x204

/* Words 130/131 (0x208/0x20C): the VA limit, written on Turing only. */
#define NV_RAMIN_ADR_LIMIT_LO				0x208
#define NV_RAMIN_ADR_LIMIT_LO_ADDR			GENMASK(31, 12)
#define NV_RAMIN_ADR_LIMIT_HI				0x20c

/* Word 131 (0x20C) on Blackwell holds this instead of ADR_LIMIT_HI. */
#define NV_RAMIN_ENGINE_CTXSW_FW_MAGIC			0x20c
#define NV_RAMIN_ENGINE_CTXSW_FW_MAGIC_VALUE		0xcafeca11

/*
 * Subcontexts (VEIDs), Volta and later: OGD manuals/volta/gv100,
 * turing/tu104 and ampere/ga100 dev_ram.ref.txt; OGKM published/volta/gv100/
 * dev_ram.h. NV_RAMIN_SC_PDB_VALID(i) is bit (166*32+i): word 166 (byte
 * 0x298) holds subcontexts 0..31, word 167 (0x29C) 32..63.
 * NV_RAMIN_SC_PAGE_DIR_BASE_*(i) sit in words 168+4i (LO: TARGET 1:0, VOL 2,
 * FAULT_REPLAY_TEX 4, FAULT_REPLAY_GCC 5, SC_USE_VER2_PT_FORMAT 10,
 * SC_BIG_PAGE_SIZE 11, LO 31:12; the same bits as NV_RAMIN_PAGE_DIR_BASE_LO)
 * and 169+4i (HI 31:0); word 170+4i is SC_ENABLE_ATS/SC_PASID.
 * NV_RAMIN_SC_PAGE_DIR_BASE_TARGET_INVALID is 1 ("unbinds the selected
 * subcontext"); RM and nouveau write it in both words of an unused one.
 */
#define NV_RAMIN_SC_PDB_VALID_LO			0x298
#define NV_RAMIN_SC_PDB_VALID_HI			0x29c
#define NV_RAMIN_SC_PDB_VALID(i)			BIT_ULL(i)
#define NV_RAMIN_SC_PAGE_DIR_BASE_LO(i)			(0x2a0 + (i) * 0x10)
#define NV_RAMIN_SC_PAGE_DIR_BASE_HI(i)			(0x2a4 + (i) * 0x10)
#define NV_RAMIN_SC_PAGE_DIR_BASE__SIZE_1		64
#define NV_RAMIN_SC_PAGE_DIR_BASE_TARGET_INVALID	1
#define NV_RAMIN_SC_USE_VER2_PT_FORMAT			BIT(10)

#endif /* _NOVA_VMM_HW_NV_RAM_H_ */
