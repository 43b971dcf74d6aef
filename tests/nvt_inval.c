// SPDX-License-Identifier: GPL-2.0
/*
 * nvt_inval: the fake GPU's check that no page table is freed while the GPU
 * may still hold it in its TLB or page-directory caches (review H3, L8).
 *
 * The rule, for every PDB the fake has seen invalidated: a table that a walk
 * from that PDB reached when its last invalidate completed is cached as far
 * as anyone knows; freeing it before another invalidate of that PDB (or of
 * all PDBs) completes is a violation. A root may be freed only once an
 * invalidate completed while it linked nothing (every qword zero, sparse
 * entries included) and nothing was written into it since. The fake cannot
 * see when an engine stops using a PDB, so an address space going away must
 * show it: clear the root, invalidate, then free.
 *
 * Tables that became reachable after the last invalidate and are freed
 * before the next one are not caught (the fake would have to walk after
 * every store); a GPU that is gone, and GPU teardown, walk nothing and are
 * not checked.
 */
#include <linux/bits.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "hw/nv_vm.h"
#include "nvt_gpu.h"
#include "nvt_inval.h"
#include "nvt_mmu.h"

/* Table addresses are multiples of the smallest table: key by 16 bytes. */
#define NVT_TABLE_SHIFT	4

/* PDBs are 4 KiB aligned (the INVALIDATE_PDB register holds address >> 12). */
#define NVT_PDB_SHIFT	NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB_ADDR_ALIGNMENT

/* pdbs values: the root linked something at its last invalidate, or was written since. */
#define NVT_ROOT_USED	BIT(0)
#define NVT_ROOT_DIRTY	BIT(1)

/**
 * struct nvt_inval - What the GPU may have cached, per PDB.
 * @gpu: The fake.
 * @seen: Table VRAM address >> NVT_TABLE_SHIFT -> the PDB (>> NVT_PDB_SHIFT)
 *        from which a walk reached it when that PDB's last invalidate
 *        completed.
 * @pdbs: PDB >> NVT_PDB_SHIFT -> NVT_ROOT_* flags, for every PDB invalidated.
 * @off: GPU teardown started: nothing is checked any more.
 */
struct nvt_inval {
	struct nova_gpu *gpu;
	struct xarray seen;
	struct xarray pdbs;
	bool off;
};

static u32 root_qwords(struct nvt_inval *iv)
{
	/* The root: PD4 has 2 entries (v3), PD3 4 (v2); nvt_mmu.c. */
	return nvt_gpu_mmu_version(iv->gpu) == 3 ? 2 : 4;
}

static bool root_links_nothing(struct nvt_inval *iv, u64 pdb)
{
	u64 *e = nvt_gpu_vram_at(iv->gpu, pdb);
	u32 q;

	for (q = 0; e && q < root_qwords(iv); q++)
		if (e[q])
			return false;
	return true;
}

struct seen_ctx {
	struct nvt_inval *iv;
	u64 pdb;
};

static void seen_add(void *ctx, u64 table)
{
	struct seen_ctx *c = ctx;

	xa_store(&c->iv->seen, table >> NVT_TABLE_SHIFT, xa_mk_value(c->pdb >> NVT_PDB_SHIFT),
		 GFP_ATOMIC);
}

/* An invalidate of @pdb completed: what it reaches now is what may be cached. */
static void done_one(struct nvt_inval *iv, u64 pdb)
{
	struct seen_ctx c = { iv, pdb };
	unsigned long idx;
	void *v;

	xa_for_each(&iv->seen, idx, v)
		if (xa_to_value(v) == pdb >> NVT_PDB_SHIFT)
			xa_erase(&iv->seen, idx);
	nvt_tables(iv->gpu, pdb, seen_add, &c);
	xa_store(&iv->pdbs, pdb >> NVT_PDB_SHIFT,
		 xa_mk_value(root_links_nothing(iv, pdb) ? 0 : NVT_ROOT_USED), GFP_ATOMIC);
}

/**
 * nvt_inval_done() - An invalidate completed.
 * @iv: The checker.
 * @pdb: Its PDB.
 * @all: It was for all PDBs (ALL_PDB).
 */
void nvt_inval_done(struct nvt_inval *iv, u64 pdb, bool all)
{
	unsigned long idx;
	void *v;

	if (!iv || iv->off)
		return;
	if (!all)
		return done_one(iv, pdb);
	xa_for_each(&iv->pdbs, idx, v)
		done_one(iv, (u64)idx << NVT_PDB_SHIFT);
}

/**
 * nvt_inval_store() - The driver stored into VRAM.
 * @iv: The checker.
 * @addr: VRAM address of the dword.
 */
void nvt_inval_store(struct nvt_inval *iv, u64 addr)
{
	u64 pdb = round_down(addr, BIT_ULL(NVT_PDB_SHIFT));
	void *v;

	if (!iv || addr - pdb >= root_qwords(iv) * sizeof(u64))
		return;
	v = xa_load(&iv->pdbs, pdb >> NVT_PDB_SHIFT);
	if (v)
		xa_store(&iv->pdbs, pdb >> NVT_PDB_SHIFT,
			 xa_mk_value(xa_to_value(v) | NVT_ROOT_DIRTY), GFP_ATOMIC);
}

/**
 * nvt_inval_free() - The driver freed a table: may it?
 * @iv: The checker.
 * @addr: VRAM address of the table.
 * @bytes: Its size.
 * @pdb: The PDB it may still be cached under, when it may not.
 *
 * Return: 0 if it may; 1 for a table, 2 for a root freed too early.
 */
int nvt_inval_free(struct nvt_inval *iv, u64 addr, u32 bytes, u64 *pdb)
{
	unsigned long idx = addr >> NVT_TABLE_SHIFT;
	void *v;

	if (!iv || iv->off)
		return 0;
	v = xa_find(&iv->seen, &idx, (addr + bytes - 1) >> NVT_TABLE_SHIFT, XA_PRESENT);
	if (v) {
		xa_erase(&iv->seen, idx);
		*pdb = xa_to_value(v) << NVT_PDB_SHIFT;
		return 1;
	}
	*pdb = addr;
	if (!IS_ALIGNED(addr, BIT_ULL(NVT_PDB_SHIFT)))
		return 0;
	v = xa_erase(&iv->pdbs, addr >> NVT_PDB_SHIFT);
	return v && xa_to_value(v) ? 2 : 0;
}

/**
 * nvt_inval_forget() - A reset or a power loss: the GPU caches nothing any more.
 * @iv: The checker.
 */
void nvt_inval_forget(struct nvt_inval *iv)
{
	if (!iv)
		return;
	xa_destroy(&iv->seen);
	xa_destroy(&iv->pdbs);
}

/**
 * nvt_inval_off() - GPU teardown: stop checking.
 * @iv: The checker.
 *
 * After the BARs are unbound nothing walks the tables: what a timed-out
 * invalidate left in quarantine is freed then.
 */
void nvt_inval_off(struct nvt_inval *iv)
{
	if (iv)
		iv->off = true;
}

/**
 * nvt_inval_create() - A checker for a fake GPU.
 * @gpu: The fake.
 *
 * Return: The checker, or NULL without memory.
 */
struct nvt_inval *nvt_inval_create(struct nova_gpu *gpu)
{
	struct nvt_inval *iv = kzalloc(sizeof(*iv), GFP_KERNEL);

	if (!iv)
		return NULL;
	iv->gpu = gpu;
	xa_init(&iv->seen);
	xa_init(&iv->pdbs);
	return iv;
}

/**
 * nvt_inval_destroy() - Free a checker.
 * @iv: The checker, or NULL.
 */
void nvt_inval_destroy(struct nvt_inval *iv)
{
	if (!iv)
		return;
	xa_destroy(&iv->seen);
	xa_destroy(&iv->pdbs);
	kfree(iv);
}
