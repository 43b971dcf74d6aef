/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvt_inval: the fake GPU's check that tables are freed only after an
 * invalidate completed (nvt_inval.c). Used by nvt_gpu.c alone.
 */
#ifndef _NOVA_VMM_TESTS_NVT_INVAL_H_
#define _NOVA_VMM_TESTS_NVT_INVAL_H_

#include <linux/types.h>

struct nova_gpu;
struct nvt_inval;

struct nvt_inval *nvt_inval_create(struct nova_gpu *gpu);
void nvt_inval_destroy(struct nvt_inval *iv);
void nvt_inval_done(struct nvt_inval *iv, u64 pdb, bool all);
void nvt_inval_store(struct nvt_inval *iv, u64 addr);
int nvt_inval_free(struct nvt_inval *iv, u64 addr, u32 bytes, u64 *pdb);
void nvt_inval_off(struct nvt_inval *iv);
void nvt_inval_forget(struct nvt_inval *iv);

#endif /* _NOVA_VMM_TESTS_NVT_INVAL_H_ */
