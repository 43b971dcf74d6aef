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

#endif /* _NOVA_VMM_HW_NV_FB_H_ */
