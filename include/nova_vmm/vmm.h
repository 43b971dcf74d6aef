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
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/version.h>

/**
 * DOC: Sleep, reset and PCI errors
 *
 * A GPU may suspend (system sleep, hibernation), be reset (FLR, a PCI slot
 * reset) or report a PCI error, and come back. nova_vmm keeps every address
 * space a client made, with every mapping:
 *
 * * While the GPU is suspended or being reset and restored, calls that
 *   touch the device (create, destroy, map, unmap, protect, sparse,
 *   prepare, commit, vmm_vram_read() and vmm_vram_write()) wait until it
 *   runs again; those in flight finish first. vmm_lookup(), vmm_pdb() and
 *   the VA allocator never touch the device and always run.
 * * After a PCI error is reported, those calls fail with -EIO at once and
 *   nothing reaches the device, until recovery completes; a call in flight
 *   may fail with -EIO half way, and its entries are then written by the
 *   restore, as after -ETIMEDOUT. If recovery fails they keep failing with
 *   -EIO.
 * * On resume and after a reset nova_vmm rewrites every page table, root
 *   and instance block from its CPU copy of the tables (the restore is
 *   exact and needs no saved copy of VRAM), binds BAR2 and BAR1 again and
 *   invalidates: every VA translates as before, and vmm_pdb() and
 *   vmm_inst_block() do not change. In a grafted address space only the
 *   entries nova_vmm wrote are restored; the rest of the foreign tables is
 *   their owner's.
 * * What clients keep in VRAM (the memory their mappings point at, buffers
 *   from vmm_vram_alloc()) is the client's concern: it may be lost by a
 *   sleep state that powers VRAM off or by a reset, and nova_vmm neither
 *   saves nor restores it. Likewise, a channel instance block a client
 *   copied elsewhere, and CPU accesses through vmm_bar1_iomap() while the
 *   GPU sleeps.
 */

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

struct device;
struct nova_gpu;
struct sg_table;
struct vmm;
struct vmm_op;
struct vmm_vram;

/* vmm_map() flags: attributes of the mapping. */
#define VMM_MAP_READ_ONLY	BIT(0)	/* GPU writes fault */
#define VMM_MAP_PRIVILEGED	BIT(1)	/* privileged clients only */
#define VMM_MAP_NO_ATOMIC	BIT(2)	/* atomics fault */
#define VMM_MAP_UNCACHED	BIT(3)	/* not cached in the GPU's L2 (volatile) */
#define VMM_MAP_NONCOHERENT	BIT(4)	/* system memory the GPU need not snoop */
/* One page size, or none for the largest each part of the range allows. */
#define VMM_MAP_PAGE_4K		BIT(8)
#define VMM_MAP_PAGE_64K	BIT(9)
#define VMM_MAP_PAGE_2M		BIT(10)
#define VMM_MAP_PAGE_512M	BIT(11)	/* GA10x and later */
#define VMM_MAP_PAGE_256G	BIT(12)	/* Blackwell */
#define VMM_MAP_PAGE_MASK	GENMASK(12, 8)
/*
 * PTE kind (NV_MMU_PTE_KIND_*): 0 pitch, 6 generic memory, ... A kind that
 * does not fit the field is not cut to 8 bits: VMM_MAP_KIND() gives
 * VMM_MAP_KIND_BAD, which every call refuses (-EINVAL). So do kind 7
 * (INVALID) and the compressible kinds 8 to 14 (no comptags are allocated).
 */
#define VMM_MAP_KIND_MASK	GENMASK(23, 16)
#define VMM_MAP_KIND_BAD	BIT(31)	/* VMM_MAP_KIND() of a kind above 255 */
#define VMM_MAP_KIND(k)		vmm_map_kind(k)

static inline u32 vmm_map_kind(u64 kind)
{
	return kind > (VMM_MAP_KIND_MASK >> 16) ? VMM_MAP_KIND_BAD : (u32)kind << 16;
}

/**
 * enum vmm_aperture - Where a mapping points.
 * @VMM_APERTURE_VRAM: This GPU's video memory.
 * @VMM_APERTURE_PEER: Another GPU's video memory. Not supported yet: no
 *                     call maps a peer page, and vmm_lookup() refuses one
 *                     (-EOPNOTSUPP), so it is never reported.
 * @VMM_APERTURE_SYS_COHERENT: System memory, snooped.
 * @VMM_APERTURE_SYS_NONCOHERENT: System memory, not snooped.
 */
enum vmm_aperture {
	VMM_APERTURE_VRAM,
	VMM_APERTURE_PEER,
	VMM_APERTURE_SYS_COHERENT,
	VMM_APERTURE_SYS_NONCOHERENT,
};

/**
 * struct vmm_mapping - What vmm_lookup() found.
 * @va: First byte of the page that holds the VA looked up.
 * @addr: Address of that page.
 * @page_size: Its size in bytes.
 * @aperture: Where @addr lies.
 * @flags: VMM_MAP_* attributes and kind it was mapped with (no page size).
 */
struct vmm_mapping {
	u64 va;
	u64 addr;
	u64 page_size;
	enum vmm_aperture aperture;
	u32 flags;
};

/**
 * struct vmm_client - A module that uses the GPUs nova_vmm drives.
 * @name: For messages.
 * @add: A GPU is bound (or was, at registration). Return 0 to get @remove
 *       for it later, or an errno (logged; no @remove).
 * @remove: The GPU goes away or the client unregisters: stop using it.
 *          Before it returns, the client should destroy every address
 *          space, free every VRAM allocation and prepared operation and
 *          unmap every BAR1 mapping it made on that GPU. One it keeps stays
 *          safe to release later (host memory only); every other call on it
 *          fails with -ENODEV once the GPU is removed. May be NULL for a
 *          client that keeps nothing.
 * @node: Private to nova_vmm.
 *
 * See vmm_client_register().
 */
struct vmm_client {
	const char *name;
	int (*add)(struct vmm_client *client, struct nova_gpu *gpu);
	void (*remove)(struct vmm_client *client, struct nova_gpu *gpu);
	struct list_head node;
};

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
int vmm_vram_bar1_offset(const struct vmm_vram *mem, u64 *offset);

int vmm_vram_read(struct nova_gpu *gpu, u64 addr, void *buf, size_t size);
int vmm_vram_write(struct nova_gpu *gpu, u64 addr, const void *buf, size_t size);

int vmm_client_register(struct vmm_client *client);
void vmm_client_unregister(struct vmm_client *client);
struct device *vmm_gpu_device(struct nova_gpu *gpu);
void __iomem *vmm_bar1_iomap(struct nova_gpu *gpu, u64 offset, u64 size);

struct vmm *vmm_create(struct nova_gpu *gpu, u64 va_start, u64 va_size);
struct vmm *vmm_create_graft(struct nova_gpu *gpu, u64 pdb, u64 va_start, u64 va_size);
void vmm_destroy(struct vmm *vmm);
struct vmm *vmm_get(struct vmm *vmm);
void vmm_put(struct vmm *vmm);
u64 vmm_pdb(struct vmm *vmm);
u64 vmm_inst_block(struct vmm *vmm);
struct vmm *vmm_bar1(struct nova_gpu *gpu);
struct vmm *vmm_bar2(struct nova_gpu *gpu);

int vmm_va_alloc(struct vmm *vmm, u64 size, u64 align, u64 *va);
int vmm_va_reserve(struct vmm *vmm, u64 va, u64 size);
void vmm_va_free(struct vmm *vmm, u64 va);

int vmm_map(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags);
int vmm_map_vram(struct vmm *vmm, u64 va, struct vmm_vram *mem, u64 offset, u64 size,
		 u32 flags);
int vmm_map_dma(struct vmm *vmm, u64 va, const dma_addr_t *pages, unsigned int count,
		u32 flags);
int vmm_map_sgt(struct vmm *vmm, u64 va, struct sg_table *sgt, u32 flags);
int vmm_unmap(struct vmm *vmm, u64 va, u64 size);
int vmm_protect(struct vmm *vmm, u64 va, u64 size, u32 flags);
int vmm_sparse(struct vmm *vmm, u64 va, u64 size, bool enable);
int vmm_lookup(struct vmm *vmm, u64 va, struct vmm_mapping *out);

struct vmm_op *vmm_map_prepare(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags);
struct vmm_op *vmm_unmap_prepare(struct vmm *vmm, u64 va, u64 size);
struct vmm_op *vmm_op_create(struct vmm *vmm);
int vmm_op_add_map(struct vmm_op *op, u64 va, u64 addr, u64 size, u32 flags);
int vmm_op_add_unmap(struct vmm_op *op, u64 va, u64 size);
int vmm_op_add_protect(struct vmm_op *op, u64 va, u64 size, u32 flags);
int vmm_op_add_sparse(struct vmm_op *op, u64 va, u64 size, bool enable);
int vmm_op_prepare(struct vmm_op *op);
int vmm_op_commit(struct vmm_op *op);
void vmm_op_free(struct vmm_op *op);

#endif /* _NOVA_VMM_VMM_H_ */
