/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvt_mmu: a test-side GPU MMU that translates a VA by walking the page
 * tables in the fake GPU's VRAM by the hardware rules, with its own decoding
 * of the entries. It shares no code with the driver's walker or formats, so
 * that the two can disagree.
 */
#ifndef _NOVA_VMM_TESTS_NVT_MMU_H_
#define _NOVA_VMM_TESTS_NVT_MMU_H_

#include <linux/types.h>

struct nova_gpu;

/**
 * enum nvt_xlate_state - Outcome of a translation.
 * @NVT_XLATE_FAULT: No valid translation: the access faults.
 * @NVT_XLATE_SPARSE: Sparse: reads return zero, writes are dropped.
 * @NVT_XLATE_MAPPED: Mapped.
 */
enum nvt_xlate_state {
	NVT_XLATE_FAULT,
	NVT_XLATE_SPARSE,
	NVT_XLATE_MAPPED,
};

/**
 * struct nvt_xlate - A translation.
 * @state: Outcome.
 * @addr: Address the VA translates to (page address plus offset).
 * @page_size: Bytes of the page.
 * @aperture: PTE aperture field (0 video memory, 1 peer, 2 coherent
 *            system memory, 3 non-coherent).
 * @pte: The PTE (its first qword).
 */
struct nvt_xlate {
	enum nvt_xlate_state state;
	u64 addr;
	u64 page_size;
	u8 aperture;
	u64 pte;
};

/**
 * typedef nvt_table_fn - Called for each table nvt_tables() reaches.
 * @ctx: As given to nvt_tables().
 * @table: VRAM address of the table.
 */
typedef void (*nvt_table_fn)(void *ctx, u64 table);

void nvt_translate(struct nova_gpu *gpu, u64 pdb, u64 va, struct nvt_xlate *out);
void nvt_tables(struct nova_gpu *gpu, u64 pdb, nvt_table_fn fn, void *ctx);
bool nvt_pte_read_only(struct nova_gpu *gpu, u64 pte);

#endif /* _NOVA_VMM_TESTS_NVT_MMU_H_ */
