// SPDX-License-Identifier: GPL-2.0
/*
 * nvc_port: a C port of nova-core v1's map path ("[PATCH v1 00/16]
 * Introduce page table types, vmm and bar1 mapping support", J. Fernandes,
 * 2026-05-18, patches 10 and 13: walk.rs, map.rs; described in
 * ../shared/reference/nova-core-mm.md sections 2.2, 4 and 5), for the
 * benchmark. It issues what nova-core issues, through the same io seam:
 *
 * - 64-bit PRAMIN reads and writes (nv_rd64(), nv_wr64()); the window moves
 *   to the access's 64 KiB block when the access leaves it;
 * - prepare: per 4 KiB page a root-to-PD0 walk (the dual PDE read as two
 *   qwords), each missing table allocated and zeroed with 512 qword writes,
 *   then the walk again from the root;
 * - execute: each prepared table linked in ascending order of the slot it
 *   goes into, then per page the walk again, a read of the PTE and a write;
 * - one TLB invalidate per call (ALL_VA, ACK none, TRIGGER; busy poll);
 * - tables are never freed; unmap walks, reads and zeroes each PTE.
 *
 * One addition: a PRAMIN read before the invalidate, which the fake GPU
 * requires (RM: "Must call kbusFlush BEFORE any calls to busInvalidate");
 * nova-core's later revision reads back after every access, which this
 * port does not charge it.
 *
 * It encodes entries with nova_vmm's formats (the encoding is not what is
 * measured) and its tables come from one contiguous VRAM pool, bumped, in
 * place of nova-core's buddy allocator. Only 4 KiB VRAM pages, as nova-core.
 * Not thread-safe, and it bypasses nova_vmm's PRAMIN lock: the benchmark
 * runs one thing at a time and nova_pramin_forget() after each call.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/iopoll.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_bus.h"
#include "hw/nv_vm.h"
#include "fmt/pt_fmt.h"
#include "mm/vram.h"
#include "nvc_port.h"

#define NVC_PAGE		SZ_4K
#define NVC_NO_BASE		U64_MAX
#define NVC_TLB_TIMEOUT_US	(2 * USEC_PER_SEC)	/* nova-core's Tlb::flush */
#define NVC_LEVEL_BITS		3	/* a prepared table's parent level, in its xarray value */
#define INV_CTRL		NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE
#define INV(f)			NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_##f

/**
 * struct nvc_vmm - One nova-core address space.
 * @gpu: GPU.
 * @fmt: Its page-table format.
 * @pool: VRAM the tables come from.
 * @next: First unused byte of @pool.
 * @pdb: Root table.
 * @base: Where the PRAMIN window is, or NVC_NO_BASE.
 * @prepared: Tables allocated by prepare, not yet linked: index = slot >> 3,
 *            value = table address >> 12 << NVC_LEVEL_BITS | slot's level.
 */
struct nvc_vmm {
	struct nova_gpu *gpu;
	const struct nova_pt_fmt *fmt;
	struct nova_vram_alloc pool;
	u64 next;
	u64 pdb;
	u64 base;
	struct xarray prepared;
};

/* nova-core's compute_window(): move to the access's 64 KiB block if needed. */
static u32 nvc_window(struct nvc_vmm *v, u64 addr)
{
	const struct nova_pramin_window *w = v->gpu->chip->family->window;

	if (v->base == NVC_NO_BASE || addr < v->base ||
	    addr + sizeof(u64) - v->base > NV_PRAMIN_SIZE) {
		v->base = ALIGN_DOWN(addr, NV_PRAMIN_BASE_ALIGN);
		nv_wr32(v->gpu, w->reg, w->encode(v->base));
	}
	return NV_PRAMIN + (u32)(addr - v->base);
}

static u64 nvc_rd64(struct nvc_vmm *v, u64 addr)
{
	return nv_rd64(v->gpu, nvc_window(v, addr));
}

static void nvc_wr64(struct nvc_vmm *v, u64 addr, u64 val)
{
	nv_wr64(v->gpu, nvc_window(v, addr), val);
}

/* alloc_and_zero_page(): a 4 KiB table, zeroed with 512 qword writes. */
static int nvc_alloc_table(struct nvc_vmm *v, u64 *table)
{
	u64 off;

	if (v->next + NVC_PAGE > v->pool.addr + v->pool.size)
		return -ENOMEM;
	*table = v->next;
	v->next += NVC_PAGE;
	for (off = 0; off < NVC_PAGE; off += sizeof(u64))
		nvc_wr64(v, *table + off, 0);
	return 0;
}

/* A valid PDE at @slot of level @l: the dual one by its small half. */
static bool nvc_pde(struct nvc_vmm *v, u64 slot, u8 l, u64 *next)
{
	struct nova_entry e;

	if (l == NOVA_PT_DUAL) {
		nvc_rd64(v, slot);	/* the big half: read, not looked at */
		v->fmt->decode(nvc_rd64(v, slot + sizeof(u64)), NOVA_SLOT_SMALL, &e);
	} else {
		v->fmt->decode(nvc_rd64(v, slot), NOVA_SLOT_PDE, &e);
		if (e.aperture != NOVA_APER_VIDEO)
			return false;
	}
	*next = e.addr;
	return e.type == NOVA_ENTRY_PDE;
}

static bool nvc_prepared(struct nvc_vmm *v, u64 slot, u64 *next)
{
	void *entry = xa_load(&v->prepared, slot >> 3);

	if (!entry)
		return false;
	*next = xa_to_value(entry) >> NVC_LEVEL_BITS << PAGE_SHIFT;
	return true;
}

/*
 * walk_pde_levels(): 0 and the PTE's address in @out, or -ENOENT and the
 * slot that lacks a table in @out, its level in @level. With @prepared,
 * tables prepare allocated count as present.
 */
static int nvc_walk(struct nvc_vmm *v, u64 va, bool prepared, u64 *out, u8 *level)
{
	const struct nova_pt_fmt *fmt = v->fmt;
	u64 cur = v->pdb, slot;
	u8 l;

	for (l = fmt->root; l > 0; l--) {
		slot = cur + (u64)nova_pt_index(&fmt->lvl[l], va) * fmt->lvl[l].entry_size;
		if (nvc_pde(v, slot, l, &cur))
			continue;
		if (prepared && nvc_prepared(v, slot, &cur))
			continue;
		*out = slot;
		*level = l;
		return -ENOENT;
	}
	*out = cur + (u64)nova_pt_index(&fmt->lvl[0], va) * sizeof(u64);
	return 0;
}

/* ensure_single_pte_path(): allocate what the walk to @va lacks. */
static int nvc_prepare_page(struct nvc_vmm *v, u64 va)
{
	unsigned int tries;
	u64 slot, table;
	int ret;
	u8 l;

	for (tries = 0; tries < 2 * NOVA_PT_LEVELS; tries++) {
		if (!nvc_walk(v, va, true, &slot, &l))
			return 0;
		ret = nvc_alloc_table(v, &table);
		if (ret)
			return ret;
		ret = xa_insert(&v->prepared, slot >> 3,
				xa_mk_value(table >> PAGE_SHIFT << NVC_LEVEL_BITS | l), GFP_KERNEL);
		if (ret)
			return ret == -EBUSY ? -EIO : ret;
	}
	return -EIO;
}

/* install_mappings(), first part: link the prepared tables, slot order. */
static void nvc_link_prepared(struct nvc_vmm *v)
{
	unsigned long idx;
	void *entry;
	u64 slot, val, table;

	xa_for_each(&v->prepared, idx, entry) {
		slot = (u64)idx << 3;
		val = xa_to_value(entry);
		table = val >> NVC_LEVEL_BITS << PAGE_SHIFT;
		if ((val & (BIT(NVC_LEVEL_BITS) - 1)) == NOVA_PT_DUAL) {
			nvc_wr64(v, slot, 0);	/* DualPde::new_small(): big half 0 */
			nvc_wr64(v, slot + sizeof(u64), v->fmt->pde(table, NOVA_APER_VIDEO));
		} else {
			nvc_wr64(v, slot, v->fmt->pde(table, NOVA_APER_VIDEO));
		}
		xa_erase(&v->prepared, idx);
	}
}

/* Tlb::flush(), after the flush read the fake requires. */
static int nvc_flush_tlb(struct nvc_vmm *v)
{
	u64 pfn = v->pdb >> INV(PDB_ADDR_ALIGNMENT);
	u32 ctrl;

	nv_rd32(v->gpu, nvc_window(v, v->pdb));
	nv_wr32(v->gpu, INV(PDB), FIELD_PREP(INV(PDB_ADDR), pfn) |
		FIELD_PREP(INV(PDB_APERTURE), INV(PDB_APERTURE_VID_MEM)));
	nv_wr32(v->gpu, INV(UPPER_PDB),
		FIELD_PREP(INV(UPPER_PDB_ADDR), pfn >> INV(UPPER_PDB_SHIFT)));
	nv_wr32(v->gpu, INV_CTRL, INV(ALL_VA) | FIELD_PREP(INV(ACK), INV(ACK_NONE_REQUIRED)) |
		INV(TRIGGER));
	return read_poll_timeout(nv_rd32, ctrl, !(ctrl & INV(TRIGGER)), 0, NVC_TLB_TIMEOUT_US,
				 false, v->gpu, INV_CTRL);
}

static int nvc_done(struct nvc_vmm *v, int ret)
{
	if (!ret)
		ret = nvc_flush_tlb(v);
	nova_pramin_forget(v->gpu);	/* nova_vmm's cached window is stale now */
	v->base = NVC_NO_BASE;
	return ret;
}

/**
 * nvc_map() - Map VRAM with 4 KiB pages, as nova-core's map_pages() does.
 * @v: Address space.
 * @va: First VA, 4 KiB aligned.
 * @pa: First VRAM address, 4 KiB aligned.
 * @size: Bytes, a multiple of 4 KiB.
 *
 * Return: 0; -ENOMEM when the pool is used up; -EIO from the walk.
 */
int nvc_map(struct nvc_vmm *v, u64 va, u64 pa, u64 size)
{
	struct nova_entry pte = { .type = NOVA_ENTRY_PTE, .aperture = NOVA_APER_VIDEO };
	u64 off, slot;
	int ret = 0;
	u8 l;

	for (off = 0; off < size && !ret; off += NVC_PAGE)
		ret = nvc_prepare_page(v, va + off);
	if (ret)
		return nvc_done(v, ret);
	nvc_link_prepared(v);
	for (off = 0; off < size && !ret; off += NVC_PAGE) {
		ret = nvc_walk(v, va + off, false, &slot, &l) ? -EIO : 0;
		if (ret)
			break;
		nvc_rd64(v, slot);	/* Mapped or Unmapped: overwritten either way */
		pte.addr = pa + off;
		nvc_wr64(v, slot, v->fmt->pte(&pte));
	}
	return nvc_done(v, ret);
}

/**
 * nvc_unmap() - Unmap as nova-core's unmap_pages() does; tables stay.
 * @v: Address space.
 * @va: First VA, 4 KiB aligned.
 * @size: Bytes, a multiple of 4 KiB.
 *
 * Return: 0, or the invalidate's error.
 */
int nvc_unmap(struct nvc_vmm *v, u64 va, u64 size)
{
	u64 off, slot;
	u8 l;

	for (off = 0; off < size; off += NVC_PAGE) {
		if (nvc_walk(v, va + off, false, &slot, &l))
			continue;
		nvc_rd64(v, slot);
		nvc_wr64(v, slot, 0);
	}
	return nvc_done(v, 0);
}

/**
 * nvc_pdb() - Root table of a port address space.
 * @v: Address space.
 *
 * Return: Its VRAM address.
 */
u64 nvc_pdb(const struct nvc_vmm *v)
{
	return v->pdb;
}

/**
 * nvc_pt_bytes() - VRAM the port's tables take, root included.
 * @v: Address space.
 *
 * Return: Bytes.
 */
u64 nvc_pt_bytes(const struct nvc_vmm *v)
{
	return v->next - v->pool.addr;
}

static void nvc_vmm_release(void *data)
{
	struct nvc_vmm *v = data;

	xa_destroy(&v->prepared);
	nova_vram_put(v->gpu, &v->pool);
}

/**
 * nvc_vmm_create() - A nova-core address space with a zeroed root.
 * @test: Test; the space goes with it.
 * @gpu: A fake GPU.
 * @pool: Bytes of VRAM its tables may take.
 *
 * Return: The space; fails @test if it cannot be made.
 */
struct nvc_vmm *nvc_vmm_create(struct kunit *test, struct nova_gpu *gpu, u64 pool)
{
	struct nvc_vmm *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	v->gpu = gpu;
	v->fmt = gpu->chip->family->fmt;
	v->base = NVC_NO_BASE;
	xa_init(&v->prepared);
	KUNIT_ASSERT_EQ(test, nova_vram_get(gpu, pool, NVC_PAGE,
					    NOVA_VRAM_TOPDOWN | NOVA_VRAM_CONTIGUOUS, &v->pool), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvc_vmm_release, v), 0);
	v->next = v->pool.addr;
	KUNIT_ASSERT_EQ(test, nvc_alloc_table(v, &v->pdb), 0);
	nvc_done(v, 0);
	return v;
}
