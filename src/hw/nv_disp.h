/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VGA workspace: where the VBIOS keeps its VGA/console data, at the top
 * of VRAM.
 *
 * Sources:
 *   NVIDIA open-gpu-kernel-modules src/common/inc/swref/published/
 *   disp/v04_00/dev_disp.h   NV_PDISP_VGA_WORKSPACE_BASE 0x00625F04:
 *                            STATUS 3:3 (VALID 1), ADDR 31:8.
 *   RM kdispGetVgaWorkspaceBase_v04_00 (kern_disp_0400.c): base = ADDR << 16
 *                            when STATUS is VALID.
 *   RM kgspPopulateWprMeta_TU102 (kernel_gsp_tu102.c): read only when
 *                            gpuFuseSupportsDisplay; without it, or without a
 *                            valid register, the workspace is the last
 *                            DRF_SIZE(NV_PRAMIN) (1 MiB) of FB; a base below
 *                            that is replaced by FB end - VBIOS_WORKSPACE_SIZE
 *                            (0x20000).
 *   nouveau tu102_gsp_vga_workspace_addr (subdev/gsp/tu102.c): the same
 *                            (bit 3 valid, (reg & 0xffffff00) << 8).
 *   nova-core FbLayout::new (fb.rs), NV_PDISP_VGA_WORKSPACE_BASE (regs.rs):
 *                            the same.
 */
#ifndef _NOVA_VMM_HW_NV_DISP_H_
#define _NOVA_VMM_HW_NV_DISP_H_

#include <linux/bits.h>
#include <linux/sizes.h>

#define NV_PDISP_VGA_WORKSPACE_BASE			0x00625f04
#define NV_PDISP_VGA_WORKSPACE_BASE_STATUS		BIT(3)
#define NV_PDISP_VGA_WORKSPACE_BASE_STATUS_VALID	1
#define NV_PDISP_VGA_WORKSPACE_BASE_ADDR		GENMASK(31, 8)
/* base = ADDR << 16 (kdispGetVgaWorkspaceBase_v04_00) */
#define NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT		16

/* Without the register: the last DRF_SIZE(NV_PRAMIN) of FB (kgspPopulateWprMeta_TU102). */
#define NV_VGA_WORKSPACE_DEFAULT_SIZE			SZ_1M
/* A register base below that: FB end - VBIOS_WORKSPACE_SIZE (same function). */
#define NV_VBIOS_WORKSPACE_SIZE				0x20000

#endif /* _NOVA_VMM_HW_NV_DISP_H_ */
