/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nova_vmm: GPU virtual address spaces of NVIDIA GPUs, Turing to Blackwell.
 *
 * This is the only header a client module includes. Its symbols are exported
 * GPL-only in the NOVA_VMM symbol namespace; a client says
 * MODULE_IMPORT_NS(NOVA_VMM_NS).
 */
#ifndef _NOVA_VMM_VMM_H_
#define _NOVA_VMM_VMM_H_

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/version.h>

/*
 * The symbol namespace. Linux 6.13 turned namespaces into string literals;
 * before, EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() stringified an
 * identifier.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define NOVA_VMM_NS "NOVA_VMM"
#else
#define NOVA_VMM_NS NOVA_VMM
#endif

struct nova_gpu;
struct vmm_vram;

/* vmm_vram_alloc() flags */
#define VMM_VRAM_CONTIGUOUS	BIT(0)

/**
 * struct vmm_vram_seg - A physically contiguous range of VRAM.
 * @addr: VRAM address.
 * @size: Bytes.
 */
struct vmm_vram_seg {
	u64 addr;
	u64 size;
};

struct vmm_vram *vmm_vram_alloc(struct nova_gpu *gpu, u64 size, u64 align, u32 flags);
void vmm_vram_free(struct vmm_vram *mem);
const struct vmm_vram_seg *vmm_vram_segs(const struct vmm_vram *mem, unsigned int *count);

#endif /* _NOVA_VMM_VMM_H_ */
