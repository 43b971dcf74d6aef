/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How wide a system-memory (DMA) address the GPU emits.
 *
 * Sources (NVIDIA open-gpu-kernel-modules 595.45.04):
 *   src/common/inc/swref/published/turing/tu102/hwproject.h
 *       NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS 47; RM's
 *       gpuarchGetSystemPhysAddrWidth_TU102 returns it for TU10x, GA10x and
 *       AD10x (g_gpu_arch_nvoc.c, ChipHal TU102..AD107).
 *   src/common/inc/swref/published/hopper/gh100/hwproject.h
 *       NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS 52; RM's
 *       gpuarchGetSystemPhysAddrWidth_GH100 returns it for GH100 and the
 *       discrete Blackwells (the default HAL; only GB10B, GB20B and GB20C,
 *       integrated, use gb10b/hwproject.h's 41). gb100 and gb202
 *       hwproject.h define no width of their own.
 * RM sets the device's DMA address size to this width
 * (osinit.c: nv_set_dma_address_size(pNv, gpuarchGetSystemPhysAddrWidth())).
 */
#ifndef _NOVA_VMM_HW_NV_HWPROJECT_H_
#define _NOVA_VMM_HW_NV_HWPROJECT_H_

#define NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_TU102	47
#define NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS_GH100	52

#endif /* _NOVA_VMM_HW_NV_HWPROJECT_H_ */
