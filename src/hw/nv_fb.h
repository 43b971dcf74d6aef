/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the size of VRAM is read.
 *
 * Sources (NVIDIA open-gpu-kernel-modules, src/common/inc/swref/published/):
 *   pascal/gp102/dev_fb.h  NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE 0x00100CE0:
 *                          LOWER_SCALE 3:0, LOWER_MAG 9:4, ECC_MODE 30:30.
 *                          Used on Turing and GA100 (nova-core's
 *                          vidmem_size_gp102; nouveau gp102_fb_vidmem_size:
 *                          size = MAG << (SCALE + 20), less 1/16 with ECC).
 *   ampere/ga102/dev_gc6_island_addendum.h
 *                          NV_USABLE_FB_SIZE_IN_MB =
 *                          NV_PGC6_AON_SECURE_SCRATCH_GROUP_42 0x001183A4,
 *                          VALUE 31:0, in MiB. Used from GA102 on
 *                          (kmemsysReadUsableFbSize_GA102).
 *   ampere/ga100/dev_fb.h  NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK 0x001FA7C8:
 *                          READ_PROTECTION_LEVEL0 0:0 (ENABLE 1);
 *                          NV_PFB_PRI_MMU_LOCK_ADDR_LO 0x001FA82C and _HI
 *                          0x001FA830: VAL 31:4, ALIGNMENT 0xc (address =
 *                          VAL << 12). GA100 only: RM installs
 *                          memmgrReadMmuLock_GA100 and
 *                          memmgrBlockMemLockedMemory_GA100 for GA100 alone
 *                          (generated/g_mem_mgr_nvoc.c); the range is valid
 *                          when HI >= LO, HI is aligned up to 64 KiB and must
 *                          end at the top of FB (mem_mgr_ga100.c).
 *   FRTS, the firmware runtime security region FWSEC-FRTS writes: 1 MiB
 *                          (kgspGetFrtsSize_TU102: WPR_SIZE_1MB_IN_4K * 4K;
 *                          nouveau tu102_gsp_oneinit), ending at the VBIOS
 *                          reserved base aligned down to 128 KiB
 *                          (kgspPopulateWprMeta_TU102: gspFwWprEnd, with the
 *                          base the lower of the VGA workspace and MMU_LOCK
 *                          LO; nova-core FbLayout::new). From Hopper on,
 *                          FSP places FRTS instead (kfspPrepareBootCommands_GH100,
 *                          kern_fsp_gh100.c): it ends frtsVidmemOffset below
 *                          the end of FB, the end-of-FB reserve estimate
 *                          (for the VGA workspace and RM's BAR blocks and
 *                          directories) aligned up to 128 KiB:
 *                          ESTIMATED_RESERVE_FB 0x200000 on Hopper
 *                          (memmgrGetFBEndReserveSizeEstimate_GM107),
 *                          0x220000 on Blackwell (_GB100).
 */
#ifndef _NOVA_VMM_HW_NV_FB_H_
#define _NOVA_VMM_HW_NV_FB_H_

#include <linux/bits.h>

#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE		0x00100ce0
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE	GENMASK(3, 0)
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG	GENMASK(9, 4)
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_MODE	BIT(30)
/* size = LOWER_MAG << (LOWER_SCALE + 20) bytes */
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT	20
/* With ECC on, 1/16 of the range holds the check bits. */
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_NUM	15
#define NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_DEN	16

#define NV_USABLE_FB_SIZE_IN_MB				0x001183a4
#define NV_USABLE_FB_SIZE_IN_MB_VALUE			GENMASK(31, 0)
#define NV_USABLE_FB_SIZE_IN_MB_SHIFT			20

#define NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK			0x001fa7c8
#define NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0	BIT(0)
#define NV_PFB_PRI_MMU_LOCK_ADDR_LO			0x001fa82c
#define NV_PFB_PRI_MMU_LOCK_ADDR_LO_VAL			GENMASK(31, 4)
#define NV_PFB_PRI_MMU_LOCK_ADDR_LO_ALIGNMENT		12
#define NV_PFB_PRI_MMU_LOCK_ADDR_HI			0x001fa830
#define NV_PFB_PRI_MMU_LOCK_ADDR_HI_VAL			GENMASK(31, 4)
#define NV_PFB_PRI_MMU_LOCK_ADDR_HI_ALIGNMENT		12
/* HI is aligned up to this "to cover till the last byte" (memmgrBlockMemLockedMemory_GA100). */
#define NV_PFB_PRI_MMU_LOCK_ADDR_HI_GRANULE		0x10000

#define NV_FRTS_SIZE					0x100000
#define NV_FRTS_END_ALIGN				0x20000
#define NV_FB_END_RESERVE_ESTIMATE_GH100		0x200000
#define NV_FB_END_RESERVE_ESTIMATE_GB100		0x220000

#endif /* _NOVA_VMM_HW_NV_FB_H_ */
