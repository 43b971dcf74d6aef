/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chip identification: NV_PMC_BOOT_0 and NV_PMC_BOOT_42.
 *
 * Sources (NVIDIA open-gpu-kernel-modules):
 *   src/common/inc/swref/published/nv_ref.h              (BOOT_0, BOOT_42 fields)
 *   src/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080mc.h (architecture and
 *                                                         implementation ids)
 */
#ifndef _NOVA_VMM_HW_NV_PMC_H_
#define _NOVA_VMM_HW_NV_PMC_H_

#include <linux/bits.h>

#define NV_PMC_BOOT_0					0x00000000
#define NV_PMC_BOOT_0_MINOR_REVISION			GENMASK(3, 0)
#define NV_PMC_BOOT_0_MAJOR_REVISION			GENMASK(7, 4)
#define NV_PMC_BOOT_0_ARCHITECTURE_1			BIT(8)
#define NV_PMC_BOOT_0_IMPLEMENTATION			GENMASK(23, 20)
#define NV_PMC_BOOT_0_ARCHITECTURE_0			GENMASK(28, 24)
/* architecture = ARCHITECTURE_1 << 5 | ARCHITECTURE_0 (decodePmcBoot0Architecture) */
#define NV_PMC_BOOT_0_ARCHITECTURE_1_SHIFT		5

#define NV_PMC_BOOT_42					0x00000a00
#define NV_PMC_BOOT_42_MINOR_EXTENDED_REVISION		GENMASK(11, 8)
#define NV_PMC_BOOT_42_MINOR_REVISION			GENMASK(15, 12)
#define NV_PMC_BOOT_42_MAJOR_REVISION			GENMASK(19, 16)
#define NV_PMC_BOOT_42_IMPLEMENTATION			GENMASK(23, 20)
#define NV_PMC_BOOT_42_ARCHITECTURE			GENMASK(29, 24)
/* CHIP_ID = ARCHITECTURE << 4 | IMPLEMENTATION */
#define NV_PMC_BOOT_42_CHIP_ID				GENMASK(29, 20)

/* NV_PMC_BOOT_{0,42}_ARCHITECTURE_* */
#define NV_PMC_BOOT_ARCHITECTURE_TU100			0x16
#define NV_PMC_BOOT_ARCHITECTURE_GA100			0x17
#define NV_PMC_BOOT_ARCHITECTURE_GH100			0x18
#define NV_PMC_BOOT_ARCHITECTURE_AD100			0x19
#define NV_PMC_BOOT_ARCHITECTURE_GB100			0x1a
#define NV_PMC_BOOT_ARCHITECTURE_GB200			0x1b

/* Chip ids (BOOT_42 CHIP_ID), NV2080_CTRL_MC_ARCH_INFO_*. */
#define NV_CHIP_TU102					0x162
#define NV_CHIP_TU104					0x164
#define NV_CHIP_TU106					0x166
#define NV_CHIP_TU117					0x167
#define NV_CHIP_TU116					0x168
#define NV_CHIP_GA100					0x170
#define NV_CHIP_GA102					0x172
#define NV_CHIP_GA103					0x173
#define NV_CHIP_GA104					0x174
#define NV_CHIP_GA106					0x176
#define NV_CHIP_GA107					0x177
#define NV_CHIP_GH100					0x180
#define NV_CHIP_AD102					0x192
#define NV_CHIP_AD103					0x193
#define NV_CHIP_AD104					0x194
#define NV_CHIP_AD106					0x196
#define NV_CHIP_AD107					0x197
#define NV_CHIP_GB100					0x1a0
#define NV_CHIP_GB102					0x1a2
#define NV_CHIP_GB110					0x1a3
#define NV_CHIP_GB112					0x1a4
#define NV_CHIP_GB202					0x1b2
#define NV_CHIP_GB203					0x1b3
#define NV_CHIP_GB205					0x1b5
#define NV_CHIP_GB206					0x1b6
#define NV_CHIP_GB207					0x1b7

#endif /* _NOVA_VMM_HW_NV_PMC_H_ */
