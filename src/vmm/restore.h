/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rewriting a GPU's tables and instance blocks from the shadow tree.
 */
#ifndef _NOVA_VMM_RESTORE_H_
#define _NOVA_VMM_RESTORE_H_

struct nova_gpu;

int nova_vmm_restore_all(struct nova_gpu *gpu);
int nova_vmm_invalidate_all(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_RESTORE_H_ */
