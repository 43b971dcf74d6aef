/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of nova_vmm (trace system nova_vmm); CREATE_TRACE_POINTS is in
 * trace.c. An address space is named by its PDB, the VRAM address of its
 * root table; page-table levels are numbered from the leaf (0), "big" is a
 * 64 KiB page table.
 *
 * nova_vmm_map: one per vmm_map(), vmm_map_dma(), vmm_map_sgt() and map
 *   vmm_op_commit(): the range, the first address, the page sizes written
 *   (BIT(enum nova_page_size)), the VMM_MAP_* flags and the result.
 * nova_vmm_unmap: one per vmm_unmap() and unmap vmm_op_commit().
 * nova_vmm_tlb_invalidate: one per invalidate, PRAMIN flush and poll
 *   included in the duration.
 * nova_vmm_pt_alloc, nova_vmm_pt_free: a page table's VRAM (the GPU is an
 *   argument for probes, not recorded).
 * nova_vmm_pramin_move: the PRAMIN window moved (old base all ones: first).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM nova_vmm

#if !defined(_NOVA_VMM_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _NOVA_VMM_TRACE_H_

#include <linux/tracepoint.h>
#include <linux/types.h>

#include "fmt/pt_fmt.h"
#include "io/tlb.h"

struct nova_gpu;

/* Export the enum values, so that user space (trace-cmd, perf) can decode. */
TRACE_DEFINE_ENUM(NOVA_PAGE_4K);
TRACE_DEFINE_ENUM(NOVA_PAGE_64K);
TRACE_DEFINE_ENUM(NOVA_PAGE_2M);
TRACE_DEFINE_ENUM(NOVA_PAGE_512M);
TRACE_DEFINE_ENUM(NOVA_PAGE_256G);
TRACE_DEFINE_ENUM(NOVA_PT_LEVEL_BIG);

#define NOVA_TRACE_PAGES(v)						\
	__print_flags(v, "|", { BIT(NOVA_PAGE_4K), "4K" }, { BIT(NOVA_PAGE_64K), "64K" },	\
		      { BIT(NOVA_PAGE_2M), "2M" }, { BIT(NOVA_PAGE_512M), "512M" },	\
		      { BIT(NOVA_PAGE_256G), "256G" })
#define NOVA_TRACE_TLB(v)						\
	__print_flags(v, "|", { NOVA_TLB_HUB_ONLY, "hub_only" }, { NOVA_TLB_ACK, "ack" }, \
		      { NOVA_TLB_BAR2, "bar2" })
#define NOVA_TRACE_LEVEL(v)						\
	__print_symbolic(v, { 0, "0" }, { 1, "1" }, { 2, "2" }, { 3, "3" }, { 4, "4" },	\
			 { 5, "5" }, { NOVA_PT_LEVEL_BIG, "big" })

TRACE_EVENT(nova_vmm_map,
	    TP_PROTO(u64 pdb, u64 va, u64 addr, u64 size, u32 page_sizes, u32 flags, int result),
	    TP_ARGS(pdb, va, addr, size, page_sizes, flags, result),
	    TP_STRUCT__entry(__field(u64, pdb)
			     __field(u64, va)
			     __field(u64, addr)
			     __field(u64, size)
			     __field(u32, page_sizes)
			     __field(u32, flags)
			     __field(int, result)),
	    TP_fast_assign(__entry->pdb = pdb;
			   __entry->va = va;
			   __entry->addr = addr;
			   __entry->size = size;
			   __entry->page_sizes = page_sizes;
			   __entry->flags = flags;
			   __entry->result = result;),
	    TP_printk("pdb=%#llx va=%#llx addr=%#llx size=%#llx pages=%s flags=%#x result=%d",
		      __entry->pdb, __entry->va, __entry->addr, __entry->size,
		      NOVA_TRACE_PAGES(__entry->page_sizes), __entry->flags, __entry->result)
);

TRACE_EVENT(nova_vmm_unmap,
	    TP_PROTO(u64 pdb, u64 va, u64 size, int result),
	    TP_ARGS(pdb, va, size, result),
	    TP_STRUCT__entry(__field(u64, pdb)
			     __field(u64, va)
			     __field(u64, size)
			     __field(int, result)),
	    TP_fast_assign(__entry->pdb = pdb;
			   __entry->va = va;
			   __entry->size = size;
			   __entry->result = result;),
	    TP_printk("pdb=%#llx va=%#llx size=%#llx result=%d",
		      __entry->pdb, __entry->va, __entry->size, __entry->result)
);

TRACE_EVENT(nova_vmm_tlb_invalidate,
	    TP_PROTO(u64 pdb, u32 flags, u64 duration_ns, int result),
	    TP_ARGS(pdb, flags, duration_ns, result),
	    TP_STRUCT__entry(__field(u64, pdb)
			     __field(u32, flags)
			     __field(u64, duration_ns)
			     __field(int, result)),
	    TP_fast_assign(__entry->pdb = pdb;
			   __entry->flags = flags;
			   __entry->duration_ns = duration_ns;
			   __entry->result = result;),
	    TP_printk("pdb=%#llx flags=%s duration_ns=%llu result=%d",
		      __entry->pdb, NOVA_TRACE_TLB(__entry->flags), __entry->duration_ns,
		      __entry->result)
);

DECLARE_EVENT_CLASS(nova_vmm_pt,
		    TP_PROTO(const struct nova_gpu *gpu, u8 level, u64 addr, u32 bytes),
		    TP_ARGS(gpu, level, addr, bytes),
		    TP_STRUCT__entry(__field(u8, level)
				     __field(u64, addr)
				     __field(u32, bytes)),
		    TP_fast_assign(__entry->level = level;
				   __entry->addr = addr;
				   __entry->bytes = bytes;),
		    TP_printk("level=%s addr=%#llx bytes=%u",
			      NOVA_TRACE_LEVEL(__entry->level), __entry->addr, __entry->bytes)
);

DEFINE_EVENT(nova_vmm_pt, nova_vmm_pt_alloc,
	     TP_PROTO(const struct nova_gpu *gpu, u8 level, u64 addr, u32 bytes),
	     TP_ARGS(gpu, level, addr, bytes)
);

DEFINE_EVENT(nova_vmm_pt, nova_vmm_pt_free,
	     TP_PROTO(const struct nova_gpu *gpu, u8 level, u64 addr, u32 bytes),
	     TP_ARGS(gpu, level, addr, bytes)
);

TRACE_EVENT(nova_vmm_pramin_move,
	    TP_PROTO(u64 old_base, u64 new_base),
	    TP_ARGS(old_base, new_base),
	    TP_STRUCT__entry(__field(u64, old_base)
			     __field(u64, new_base)),
	    TP_fast_assign(__entry->old_base = old_base;
			   __entry->new_base = new_base;),
	    TP_printk("old=%#llx new=%#llx",
		      __entry->old_base, __entry->new_base)
);

#endif /* _NOVA_VMM_TRACE_H_ */

/* Out of tree: define_trace.h finds this file through -I$(src)/src/io (Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
