/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMU page-table format version 3 (Hopper, Blackwell).
 *
 * Sources (NVIDIA open-gpu-kernel-modules, src/common/inc/swref/published/):
 *   hopper/gh100/dev_mmu.h    NV_MMU_VER3_PDE_*, NV_MMU_VER3_DUAL_PDE_*,
 *                             NV_MMU_VER3_PTE_*, NV_MMU_PTE_KIND_*
 *   blackwell/gb202/dev_mmu.h publishes no VER3 difference.
 * Level geometry: src/nvidia/src/kernel/gpu/mmu/arch/hopper/kern_gmmu_fmt_gh10x.c
 * (kgmmuFmtInitLevels_GH10X; GB10X adds a 256 GiB leaf at PD2).
 * NVIDIA writes bits above 63 of the 16-byte dual PDE as 64..127; here they
 * are given within the second qword.
 */
#ifndef _NOVA_VMM_HW_NV_MMU_V3_H_
#define _NOVA_VMM_HW_NV_MMU_V3_H_

#include <linux/bits.h>

/**
 * DOC: MMU v3 entries
 *
 * PDE (PD4, PD3, PD2, PD1; 8 bytes). Bit 0 set makes the entry a PTE: a
 * 512 MiB page in PD1, a 256 GiB page in PD2 on Blackwell::
 *
 *   63  52 51                              12 11   6 5   3 2  1  0
 *   [ 0  ][ ADDRESS (table address, in place) ][  0  ][PCF][APER][IS_PTE]
 *
 * PDE PCF bit 0: uncached (or, with aperture INVALID, sparse); bit 1: ATS
 * not allowed.
 *
 * Dual PDE (PD0; 16 bytes): qword 0 = big-page table (ADDRESS_BIG 51:8,
 * 256-byte aligned, in place; PCF_BIG 5:3; APERTURE_BIG 2:1; IS_PTE 0),
 * qword 1 = small-page table (ADDRESS_SMALL 51:12; PCF_SMALL 5:3;
 * APERTURE_SMALL 2:1).
 *
 * PTE::
 *
 *   63 61 60  52 51                 40 39          12 11  8 7    3 2  1  0
 *   [PEER][ 0  ][ ADDRESS_SYS/PEER .... ADDRESS_VID  ][KIND][ PCF ][APR][V]
 *
 * PTE PCF: the header enumerates 32 values; their order gives bit 0
 * UNCACHED, bit 1 PRIVILEGE, bit 2 READ_ONLY, bit 3 NO_ATOMIC, bit 4 ACD
 * (access counting disabled). With VALID 0: 0 INVALID, 1 SPARSE,
 * 2 MAPPING_NOWHERE, 3 NO_VALID_4KB_PAGE.
 */

/* Page directory entry: PD4, PD3, PD2, PD1. */
#define NV_MMU_VER3_PDE_IS_PTE				BIT_ULL(0)
#define NV_MMU_VER3_PDE_APERTURE			GENMASK_ULL(2, 1)
#define NV_MMU_VER3_PDE_APERTURE_INVALID		0
#define NV_MMU_VER3_PDE_APERTURE_VIDEO_MEMORY		1
#define NV_MMU_VER3_PDE_APERTURE_SYSTEM_COHERENT_MEMORY	2
#define NV_MMU_VER3_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY 3
#define NV_MMU_VER3_PDE_PCF				GENMASK_ULL(5, 3)
#define NV_MMU_VER3_PDE_PCF_VALID_CACHED_ATS_ALLOWED	0
#define NV_MMU_VER3_PDE_PCF_VALID_UNCACHED_ATS_ALLOWED	1
#define NV_MMU_VER3_PDE_PCF_VALID_CACHED_ATS_NOT_ALLOWED 2
#define NV_MMU_VER3_PDE_PCF_VALID_UNCACHED_ATS_NOT_ALLOWED 3
#define NV_MMU_VER3_PDE_PCF_INVALID_ATS_ALLOWED		0
#define NV_MMU_VER3_PDE_PCF_SPARSE_ATS_ALLOWED		1
#define NV_MMU_VER3_PDE_PCF_INVALID_ATS_NOT_ALLOWED	2
#define NV_MMU_VER3_PDE_PCF_SPARSE_ATS_NOT_ALLOWED	3
#define NV_MMU_VER3_PDE_ADDRESS				GENMASK_ULL(51, 12)
#define NV_MMU_VER3_PDE_ADDRESS_SHIFT			12
#define NV_MMU_VER3_PDE__SIZE				8

/* Dual page directory entry: PD0. Qword 0, the big-page table half. */
#define NV_MMU_VER3_DUAL_PDE_IS_PTE			BIT_ULL(0)
#define NV_MMU_VER3_DUAL_PDE_APERTURE_BIG		GENMASK_ULL(2, 1)
#define NV_MMU_VER3_DUAL_PDE_PCF_BIG			GENMASK_ULL(5, 3)
#define NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG		GENMASK_ULL(51, 8)
#define NV_MMU_VER3_DUAL_PDE_ADDRESS_BIG_SHIFT		8
/* Qword 1, the small-page table half (bits 127:64 of the entry). */
#define NV_MMU_VER3_DUAL_PDE_APERTURE_SMALL		GENMASK_ULL(66 - 64, 65 - 64)
#define NV_MMU_VER3_DUAL_PDE_PCF_SMALL			GENMASK_ULL(69 - 64, 67 - 64)
#define NV_MMU_VER3_DUAL_PDE_ADDRESS_SMALL		GENMASK_ULL(115 - 64, 76 - 64)
#define NV_MMU_VER3_DUAL_PDE_ADDRESS_SHIFT		12
#define NV_MMU_VER3_DUAL_PDE__SIZE			16

/* Page table entry. */
#define NV_MMU_VER3_PTE_VALID				BIT_ULL(0)
#define NV_MMU_VER3_PTE_APERTURE			GENMASK_ULL(2, 1)
#define NV_MMU_VER3_PTE_APERTURE_VIDEO_MEMORY		0
#define NV_MMU_VER3_PTE_APERTURE_PEER_MEMORY		1
#define NV_MMU_VER3_PTE_APERTURE_SYSTEM_COHERENT_MEMORY	2
#define NV_MMU_VER3_PTE_APERTURE_SYSTEM_NON_COHERENT_MEMORY 3
#define NV_MMU_VER3_PTE_PCF				GENMASK_ULL(7, 3)
#define NV_MMU_VER3_PTE_KIND				GENMASK_ULL(11, 8)
#define NV_MMU_VER3_PTE_ADDRESS				GENMASK_ULL(51, 12)
#define NV_MMU_VER3_PTE_ADDRESS_SYS			GENMASK_ULL(51, 12)
#define NV_MMU_VER3_PTE_ADDRESS_PEER			GENMASK_ULL(51, 12)
#define NV_MMU_VER3_PTE_ADDRESS_VID			GENMASK_ULL(39, 12)
#define NV_MMU_VER3_PTE_PEER_ID				GENMASK_ULL(63, 61)
#define NV_MMU_VER3_PTE_ADDRESS_SHIFT			12
#define NV_MMU_VER3_PTE__SIZE				8

/* PTE PCF with VALID 1: a few of the 32 NV_MMU_VER3_PTE_PCF_* values. */
#define NV_MMU_VER3_PTE_PCF_REGULAR_RW_ATOMIC_CACHED_ACE	0x00
#define NV_MMU_VER3_PTE_PCF_REGULAR_RW_ATOMIC_UNCACHED_ACE	0x01
#define NV_MMU_VER3_PTE_PCF_PRIVILEGE_RW_ATOMIC_CACHED_ACE	0x02
#define NV_MMU_VER3_PTE_PCF_REGULAR_RO_ATOMIC_CACHED_ACE	0x04
#define NV_MMU_VER3_PTE_PCF_REGULAR_RW_NO_ATOMIC_CACHED_ACE	0x08
#define NV_MMU_VER3_PTE_PCF_REGULAR_RO_NO_ATOMIC_CACHED_ACE	0x0c
#define NV_MMU_VER3_PTE_PCF_REGULAR_RW_ATOMIC_CACHED_ACD	0x10
#define NV_MMU_VER3_PTE_PCF_PRIVILEGE_RO_NO_ATOMIC_UNCACHED_ACD	0x1f
/* The bit meanings the enumeration implies (not named by the header). */
#define NV_MMU_VER3_PTE_PCF_UNCACHED \
	NV_MMU_VER3_PTE_PCF_REGULAR_RW_ATOMIC_UNCACHED_ACE
#define NV_MMU_VER3_PTE_PCF_PRIVILEGE \
	NV_MMU_VER3_PTE_PCF_PRIVILEGE_RW_ATOMIC_CACHED_ACE
#define NV_MMU_VER3_PTE_PCF_RO \
	NV_MMU_VER3_PTE_PCF_REGULAR_RO_ATOMIC_CACHED_ACE
#define NV_MMU_VER3_PTE_PCF_NO_ATOMIC \
	NV_MMU_VER3_PTE_PCF_REGULAR_RW_NO_ATOMIC_CACHED_ACE
#define NV_MMU_VER3_PTE_PCF_ACD \
	NV_MMU_VER3_PTE_PCF_REGULAR_RW_ATOMIC_CACHED_ACD
/* PTE PCF with VALID 0. */
#define NV_MMU_VER3_PTE_PCF_INVALID			0x00
#define NV_MMU_VER3_PTE_PCF_SPARSE			0x01
#define NV_MMU_VER3_PTE_PCF_MAPPING_NOWHERE		0x02
#define NV_MMU_VER3_PTE_PCF_NO_VALID_4KB_PAGE		0x03

/*
 * VA bits decoded by each level: PD4 56:56, PD3 55:47, PD2 46:38,
 * PD1 37:29, PD0 28:21, big PT 20:16, small PT 20:12.
 */
#define NV_MMU_VER3_VA_BITS				57
#define NV_MMU_VER3_PD4_VA_SHIFT			56
#define NV_MMU_VER3_PD3_VA_SHIFT			47
#define NV_MMU_VER3_PD2_VA_SHIFT			38
#define NV_MMU_VER3_PD1_VA_SHIFT			29
#define NV_MMU_VER3_PD0_VA_SHIFT			21
#define NV_MMU_VER3_PT_BIG_VA_SHIFT			16
#define NV_MMU_VER3_PT_VA_SHIFT				12

#endif /* _NOVA_VMM_HW_NV_MMU_V3_H_ */
