// SPDX-License-Identifier: GPL-2.0
/*
 * nvt_mmu: translate a VA the way the GPU's MMU does, from the page tables
 * in the fake's VRAM. Bit positions are written out here from NVIDIA's
 * dev_mmu.h (pascal/gp100 NV_MMU_VER2_*, hopper/gh100 NV_MMU_VER3_*) on
 * purpose, independent of the driver's descriptors:
 *
 * - levels v2: PD3 48:47, PD2 46:38, PD1 37:29, PD0 28:21 (16-byte
 *   entries: qword 0 big-page table, qword 1 small), PT 20:12, big PT 20:16;
 *   v3 adds PD4 56:56 above PD3 55:47.
 * - bit 0 set in a directory entry (qword 0 at PD0) makes it a PTE.
 * - a directory entry with aperture 0 is invalid (sparse with VOL in v2,
 *   PCF bit 0 in v3); a PTE's aperture 0 is video memory.
 * - a big-page PTE that is neither valid nor sparse defers to the small
 *   page table.
 * - a sparse big half beside a valid small half has no documented meaning
 *   (RM and nouveau never write it): the walk fails the test.
 */
#include <kunit/test-bug.h>
#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "nvt_gpu.h"
#include "nvt_mmu.h"

struct nvt_walk {
	struct nova_gpu *gpu;
	u8 v;
	u64 va;
	struct nvt_xlate *out;
};

static u64 rd(struct nvt_walk *w, u64 addr)
{
	__le64 *p = nvt_gpu_vram_at(w->gpu, addr);

	return p ? le64_to_cpup(p) : 0;
}

static u32 aperture(u64 e)
{
	return (e >> 1) & 3;
}

/* Address of the table a directory entry points at (video memory). */
static u64 pde_table(struct nvt_walk *w, u64 e, bool big)
{
	if (w->v == 3)
		return e & (big ? GENMASK_ULL(51, 8) : GENMASK_ULL(51, 12));
	if (big)
		return ((e >> 4) & GENMASK_ULL(28, 0)) << 8;
	return ((e >> 8) & GENMASK_ULL(24, 0)) << 12;
}

static bool pde_sparse(struct nvt_walk *w, u64 e)
{
	return !(e & 1) && !aperture(e) && (e & BIT(3));
}

static bool pte_sparse(struct nvt_walk *w, u64 e)
{
	if (e & 1)
		return false;
	return w->v == 3 ? ((e >> 3) & 0x1f) == 1 : !!(e & BIT(3));
}

static void pte_hit(struct nvt_walk *w, u64 e, u8 shift)
{
	u64 page;

	if (w->v == 3)
		page = e & (aperture(e) ? GENMASK_ULL(51, 12) : GENMASK_ULL(39, 12));
	else
		page = ((e >> 8) & (aperture(e) >= 2 ? GENMASK_ULL(45, 0) : GENMASK_ULL(24, 0)))
		       << 12;
	w->out->state = NVT_XLATE_MAPPED;
	w->out->page_size = BIT_ULL(shift);
	w->out->addr = page + (w->va & (BIT_ULL(shift) - 1));
	w->out->aperture = aperture(e);
	w->out->pte = e;
}

/* A leaf table entry: true when it decided the outcome. */
static bool leaf(struct nvt_walk *w, u64 table, u8 shift, u32 bits)
{
	u64 e = rd(w, table + ((w->va >> shift) & (BIT(bits) - 1)) * 8);

	if (e & 1)
		pte_hit(w, e, shift);
	else if (pte_sparse(w, e))
		w->out->state = NVT_XLATE_SPARSE;
	else
		return false;
	return true;
}

static void pd0(struct nvt_walk *w, u64 table)
{
	u64 at = table + ((w->va >> 21) & 0xff) * 16;
	u64 lo = rd(w, at), hi = rd(w, at + 8);

	if (lo & 1)
		return pte_hit(w, lo, 21);
	if (pde_sparse(w, lo) && aperture(hi)) {
		kunit_fail_current_test("nvt_mmu: PD0 entry %#llx: %s", at,
					"sparse big half beside a valid small half (undocumented)");
		return;
	}
	if (aperture(lo) && leaf(w, pde_table(w, lo, true), 16, 5))
		return;
	if (aperture(hi) && leaf(w, pde_table(w, hi, false), 12, 9))
		return;
	if (!aperture(lo) && !aperture(hi) && pde_sparse(w, lo))
		w->out->state = NVT_XLATE_SPARSE;
}

/**
 * nvt_translate() - Translate a VA by walking the tables in fake VRAM.
 * @gpu: A fake GPU.
 * @pdb: VRAM address of the root table.
 * @va: The VA.
 * @out: The translation.
 */
void nvt_translate(struct nova_gpu *gpu, u64 pdb, u64 va, struct nvt_xlate *out)
{
	static const u8 shifts[] = { 56, 47, 38, 29 };
	static const u8 bits[] = { 1, 9, 9, 9 };
	struct nvt_walk w = { gpu, nvt_gpu_mmu_version(gpu), va, out };
	unsigned int i = w.v == 3 ? 0 : 1;
	u64 table = pdb, e;

	memset(out, 0, sizeof(*out));
	for (; i < ARRAY_SIZE(shifts); i++) {
		u32 b = w.v == 2 && i == 1 ? 2 : bits[i];

		e = rd(&w, table + ((va >> shifts[i]) & (BIT(b) - 1)) * 8);
		if (e & 1)
			return pte_hit(&w, e, shifts[i]);
		if (!aperture(e)) {
			out->state = pde_sparse(&w, e) ? NVT_XLATE_SPARSE : NVT_XLATE_FAULT;
			return;
		}
		if (aperture(e) != 1) {
			kunit_fail_current_test("nvt_mmu: table outside video memory");
			return;
		}
		table = pde_table(&w, e, false);
	}
	pd0(&w, table);
}

/* The tables a PD0 (dual) table links: big-page half, then small. */
static void tables_pd0(struct nvt_walk *w, u64 table, nvt_table_fn fn, void *ctx)
{
	u64 at, lo, hi, big, small;

	for (at = table; at < table + 256 * 16; at += 16) {
		lo = rd(w, at);
		hi = rd(w, at + 8);
		big = pde_table(w, lo, true);
		small = pde_table(w, hi, false);
		if (!(lo & 1) && aperture(lo) == 1 && nvt_gpu_backed(w->gpu, big, 256))
			fn(ctx, big);
		if (aperture(hi) == 1 && nvt_gpu_backed(w->gpu, small, SZ_4K))
			fn(ctx, small);
	}
}

/* The tables a directory at level @i (0 = PD4) links, and theirs. */
static void tables_dir(struct nvt_walk *w, u64 table, unsigned int i, nvt_table_fn fn,
		       void *ctx)
{
	u32 n = i == 0 ? 2 : w->v == 2 && i == 1 ? 4 : 512, k;
	u64 e, child;

	for (k = 0; k < n; k++) {
		e = rd(w, table + k * 8);
		if ((e & 1) || aperture(e) != 1)
			continue;
		child = pde_table(w, e, false);
		/* What the driver never wrote (a wiped root) points anywhere. */
		if (!nvt_gpu_backed(w->gpu, child, SZ_4K))
			continue;
		fn(ctx, child);
		if (i < 3)
			tables_dir(w, child, i + 1, fn, ctx);
		else
			tables_pd0(w, child, fn, ctx);
	}
}

/**
 * nvt_tables() - Every table a walk from a root can reach.
 * @gpu: A fake GPU.
 * @pdb: VRAM address of the root table (not reported itself).
 * @fn: Called with each table's VRAM address: directories before the
 *      tables they link.
 * @ctx: Its first argument.
 *
 * Reads the fake's VRAM only: safe under the fake's lock.
 */
void nvt_tables(struct nova_gpu *gpu, u64 pdb, nvt_table_fn fn, void *ctx)
{
	struct nvt_walk w = { gpu, nvt_gpu_mmu_version(gpu), 0, NULL };

	tables_dir(&w, pdb, w.v == 3 ? 0 : 1, fn, ctx);
}

/**
 * nvt_pte_read_only() - Whether a PTE forbids writes.
 * @gpu: A fake GPU.
 * @pte: The PTE.
 *
 * Return: v2 READ_ONLY (bit 6), v3 PCF bit 2.
 */
bool nvt_pte_read_only(struct nova_gpu *gpu, u64 pte)
{
	return nvt_gpu_mmu_version(gpu) == 3 ? pte & BIT(3 + 2) : pte & BIT(6);
}
