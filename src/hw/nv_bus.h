/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PRAMIN: the 1 MiB window of BAR0 onto VRAM, and the registers that place it.
 *
 * Sources (NVIDIA open-gpu-kernel-modules, src/common/inc/swref/published/):
 *   turing/tu102/dev_ram.h, hopper/gh100/dev_ram.h, blackwell/gb202/dev_ram.h
 *       NV_PRAMIN 0x007FFFFF:0x00700000
 *   maxwell/gm107/dev_ram.h     NV_PRAMIN_DATA{008,016,032}: no 64-bit accessor
 *   maxwell/gm107/dev_bus.h     NV_PBUS_BAR0_WINDOW (Turing, Ampere, Ada)
 *   hopper/gh100/hwproject.h    NV_XAL_BASE_ADDRESS 0x10F000
 *   hopper/gh100/dev_nv_xal_ep_zb.h, blackwell/gb100/dev_nv_xal_ep_zb.h
 *       NV_XAL_EP_ZB_BAR0_WINDOW 0xd40, BASE 21:0 (GH100), 22:0 (GB100, GB20x);
 *       no TARGET field: the window always points at VRAM
 *       (kbusSetBAR0WindowVidOffset_GH100).
 */
#ifndef _NOVA_VMM_HW_NV_BUS_H_
#define _NOVA_VMM_HW_NV_BUS_H_

#include <linux/bits.h>
#include <linux/sizes.h>

#define NV_PRAMIN					0x00700000
#define NV_PRAMIN_SIZE					SZ_1M
/* Both window registers hold the VRAM address >> 16. */
#define NV_PRAMIN_BASE_ALIGN				SZ_64K

#define NV_PBUS_BAR0_WINDOW				0x00001700
#define NV_PBUS_BAR0_WINDOW_BASE			GENMASK(23, 0)
#define NV_PBUS_BAR0_WINDOW_TARGET			GENMASK(25, 24)
#define NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM		0
#define NV_PBUS_BAR0_WINDOW_TARGET_SYS_MEM_COHERENT	2
#define NV_PBUS_BAR0_WINDOW_TARGET_SYS_MEM_NONCOHERENT	3
/* BASE holds the VRAM address >> 16: the window moves in 64 KiB steps. */
#define NV_PBUS_BAR0_WINDOW_BASE_SHIFT			16

#define NV_XAL_BASE_ADDRESS				0x0010f000
#define NV_XAL_EP_ZB_BAR0_WINDOW			0x00000d40
#define NV_XAL_EP_BAR0_WINDOW \
	(NV_XAL_BASE_ADDRESS + NV_XAL_EP_ZB_BAR0_WINDOW)
#define NV_XAL_EP_BAR0_WINDOW_BASE_GH100		GENMASK(21, 0)
#define NV_XAL_EP_BAR0_WINDOW_BASE_GB100		GENMASK(22, 0)
#define NV_XAL_EP_BAR0_WINDOW_BASE_SHIFT		16

#endif /* _NOVA_VMM_HW_NV_BUS_H_ */
