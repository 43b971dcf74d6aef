/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMU page-table format version 2 (Pascal to Ada; here Turing, Ampere, Ada).
 *
 * Sources (NVIDIA open-gpu-kernel-modules, src/common/inc/swref/published/):
 *   pascal/gp100/dev_mmu.h   NV_MMU_VER2_PDE_*, NV_MMU_VER2_DUAL_PDE_*,
 *                            NV_MMU_VER2_PTE_*
 *   turing/tu102/dev_mmu.h   NV_MMU_VER2_PTE_COMPTAGLINE (20+35):36,
 *                            NV_MMU_PTE_KIND_*
 * and open-gpu-doc manuals/turing/tu104/dev_mmu.ref.txt. Level geometry:
 * src/nvidia/src/kernel/gpu/mmu/arch/pascal/kern_gmmu_fmt_gp10x.c.
 * NVIDIA writes bits above 63 of the 16-byte dual PDE as 64..127; here they
 * are given within the second qword (bit 65 is bit 1 of qword 1).
 */
#ifndef _NOVA_VMM_HW_NV_MMU_V2_H_
#define _NOVA_VMM_HW_NV_MMU_V2_H_

#include <linux/bits.h>

/**
 * DOC: MMU v2 entries
 *
 * PDE (PD3, PD2, PD1; 8 bytes). Bit 0 set makes the entry a PTE: a 512 MiB
 * page in PD1 on GA10x/AD10x. An invalid PDE is all zero::
 *
 *   63    54 53           33 32                 8 7  6  5  4  3  2  1  0
 *   [  0   ][ ADDRESS_SYS (addr >> 12) ...........][0][0][NA][0][VL][APER][0]
 *            [35:33 PEER][ ADDRESS_VID (addr>>12)]
 *
 * Dual PDE (PD0; 16 bytes): qword 0 points at the big-page (64 KiB) table,
 * with the address in 256-byte units; qword 1 at the small-page (4 KiB)
 * table, in 4 KiB units. Qword 0 with bit 0 set is a 2 MiB PTE (qword 1
 * then zero)::
 *
 *   qword 0: 53 ........ 4 = ADDRESS_BIG_SYS, 32..4 = ADDRESS_BIG_VID,
 *            5 NO_ATS, 3 VOL_BIG, 2:1 APERTURE_BIG, 0 IS_PTE
 *   qword 1: 53 ........ 8 = ADDRESS_SMALL_SYS, 32..8 = ADDRESS_SMALL_VID,
 *            3 VOL_SMALL, 2:1 APERTURE_SMALL
 *
 * PTE (4 KiB and 64 KiB tables; qword 0 of PD0; PD1)::
 *
 *   63    56 55     36 35 33 32                 8 7   6   5   4   3  2  1 0
 *   [ KIND  ][COMPTAG ][PEER][ ADDRESS_VID      ][AD][RO][PRV][EN][VL][APR][V]
 *            [ ADDRESS_SYS (53:8) .........................]
 *
 * PDE aperture 0 is INVALID; PTE aperture 0 is VIDEO_MEMORY. Sparse: a PTE
 * with VALID 0 and VOL 1; a PDE (or the big half of a dual PDE) with
 * aperture INVALID and VOL 1.
 */

/* Page directory entry: PD3, PD2, PD1. */
#define NV_MMU_VER2_PDE_IS_PTE				BIT_ULL(0)
#define NV_MMU_VER2_PDE_APERTURE			GENMASK_ULL(2, 1)
#define NV_MMU_VER2_PDE_APERTURE_INVALID		0
#define NV_MMU_VER2_PDE_APERTURE_VIDEO_MEMORY		1
#define NV_MMU_VER2_PDE_APERTURE_SYSTEM_COHERENT_MEMORY	2
#define NV_MMU_VER2_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY 3
#define NV_MMU_VER2_PDE_VOL				BIT_ULL(3)
#define NV_MMU_VER2_PDE_NO_ATS				BIT_ULL(5)
#define NV_MMU_VER2_PDE_ADDRESS_SYS			GENMASK_ULL(53, 8)
#define NV_MMU_VER2_PDE_ADDRESS_VID			GENMASK_ULL(32, 8)
#define NV_MMU_VER2_PDE_ADDRESS_VID_PEER		GENMASK_ULL(35, 33)
#define NV_MMU_VER2_PDE_ADDRESS_SHIFT			12
#define NV_MMU_VER2_PDE__SIZE				8

/* Dual page directory entry: PD0. Qword 0, the big-page table half. */
#define NV_MMU_VER2_DUAL_PDE_IS_PTE			BIT_ULL(0)
#define NV_MMU_VER2_DUAL_PDE_APERTURE_BIG		GENMASK_ULL(2, 1)
#define NV_MMU_VER2_DUAL_PDE_VOL_BIG			BIT_ULL(3)
#define NV_MMU_VER2_DUAL_PDE_NO_ATS			BIT_ULL(5)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SYS		GENMASK_ULL(53, 4)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_VID		GENMASK_ULL(32, 4)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT		8
/* Qword 1, the small-page table half (bits 127:64 of the entry). */
#define NV_MMU_VER2_DUAL_PDE_APERTURE_SMALL		GENMASK_ULL(66 - 64, 65 - 64)
#define NV_MMU_VER2_DUAL_PDE_VOL_SMALL			BIT_ULL(67 - 64)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_SMALL_SYS		GENMASK_ULL(117 - 64, 72 - 64)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_SMALL_VID		GENMASK_ULL(96 - 64, 72 - 64)
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_SHIFT		12
#define NV_MMU_VER2_DUAL_PDE__SIZE			16

/* Page table entry. */
#define NV_MMU_VER2_PTE_VALID				BIT_ULL(0)
#define NV_MMU_VER2_PTE_APERTURE			GENMASK_ULL(2, 1)
#define NV_MMU_VER2_PTE_APERTURE_VIDEO_MEMORY		0
#define NV_MMU_VER2_PTE_APERTURE_PEER_MEMORY		1
#define NV_MMU_VER2_PTE_APERTURE_SYSTEM_COHERENT_MEMORY	2
#define NV_MMU_VER2_PTE_APERTURE_SYSTEM_NON_COHERENT_MEMORY 3
#define NV_MMU_VER2_PTE_VOL				BIT_ULL(3)
/* gp100 only; not in the TU104 manual. Never set. */
#define NV_MMU_VER2_PTE_ENCRYPTED			BIT_ULL(4)
#define NV_MMU_VER2_PTE_PRIVILEGE			BIT_ULL(5)
#define NV_MMU_VER2_PTE_READ_ONLY			BIT_ULL(6)
#define NV_MMU_VER2_PTE_ATOMIC_DISABLE			BIT_ULL(7)
#define NV_MMU_VER2_PTE_ADDRESS_SYS			GENMASK_ULL(53, 8)
#define NV_MMU_VER2_PTE_ADDRESS_VID			GENMASK_ULL(32, 8)
#define NV_MMU_VER2_PTE_ADDRESS_VID_PEER		GENMASK_ULL(35, 33)
#define NV_MMU_VER2_PTE_COMPTAGLINE			GENMASK_ULL(55, 36)
#define NV_MMU_VER2_PTE_KIND				GENMASK_ULL(63, 56)
#define NV_MMU_VER2_PTE_ADDRESS_SHIFT			12
#define NV_MMU_VER2_PTE__SIZE				8

/* NV_MMU_PTE_KIND_* (turing/tu102/dev_mmu.h; the same values in v3). */
#define NV_MMU_PTE_KIND_PITCH				0x00
#define NV_MMU_PTE_KIND_GENERIC_MEMORY			0x06
#define NV_MMU_PTE_KIND_INVALID				0x07
#define NV_MMU_PTE_KIND_GENERIC_MEMORY_COMPRESSIBLE	0x08
#define NV_MMU_PTE_KIND_Z24S8_COMPRESSIBLE_DISABLE_PLC	0x0e
#define NV_MMU_PTE_KIND_SMSKED_MESSAGE			0x0f
/*
 * The compressible kinds, which need comptag lines: 0x08
 * (GENERIC_MEMORY_COMPRESSIBLE) to 0x0e (Z24S8_COMPRESSIBLE_DISABLE_PLC),
 * every *_COMPRESSIBLE* value of tu102/dev_mmu.h and of open-gpu-doc
 * turing/tu104/dev_mmu.ref.txt; 0x01-0x05 are the uncompressed Z/S kinds.
 */
#define NV_MMU_PTE_KIND_COMPRESSIBLE_FIRST	NV_MMU_PTE_KIND_GENERIC_MEMORY_COMPRESSIBLE
#define NV_MMU_PTE_KIND_COMPRESSIBLE_LAST	NV_MMU_PTE_KIND_Z24S8_COMPRESSIBLE_DISABLE_PLC

/*
 * VA bits decoded by each level (kgmmuFmtInitLevels_GP10X): PD3 48:47,
 * PD2 46:38, PD1 37:29, PD0 28:21, big PT 20:16 (64 KiB pages; 128 KiB
 * pages are not supported from Volta on), small PT 20:12.
 */
#define NV_MMU_VER2_VA_BITS				49
#define NV_MMU_VER2_PD3_VA_SHIFT			47
#define NV_MMU_VER2_PD2_VA_SHIFT			38
#define NV_MMU_VER2_PD1_VA_SHIFT			29
#define NV_MMU_VER2_PD0_VA_SHIFT			21
#define NV_MMU_VER2_PT_BIG_VA_SHIFT			16
#define NV_MMU_VER2_PT_VA_SHIFT				12

#endif /* _NOVA_VMM_HW_NV_MMU_V2_H_ */
