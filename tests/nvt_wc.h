/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvt_wc: the CPU's write-combining buffers in front of the fake GPU's BAR2
 * aperture (nvt_gpu.c's; see nvt_wc.c).
 */
#ifndef _NOVA_VMM_TESTS_NVT_WC_H_
#define _NOVA_VMM_TESTS_NVT_WC_H_

#include <linux/types.h>

struct kunit;
struct nvt_wc;

/**
 * typedef nvt_wc_land_fn - A qword leaves the CPU for the GPU.
 * @ctx: As given to nvt_wc_create().
 * @off: BAR2 offset.
 * @val: Value.
 * @first: It is the first qword of its 64-byte line to land.
 */
typedef void (*nvt_wc_land_fn)(void *ctx, u64 off, u64 val, bool first);

struct nvt_wc *nvt_wc_create(struct kunit *test, nvt_wc_land_fn land, void *ctx);
void nvt_wc_seed(struct nvt_wc *wc, u64 seed);
void nvt_wc_store(struct nvt_wc *wc, u64 off, u64 val);
void nvt_wc_barrier(struct nvt_wc *wc);
bool nvt_wc_pending(struct nvt_wc *wc);

#endif /* _NOVA_VMM_TESTS_NVT_WC_H_ */
