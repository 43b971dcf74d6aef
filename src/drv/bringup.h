/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GPU bring-up, shared by the PCI driver and the KUnit rig.
 */
#ifndef _NOVA_VMM_BRINGUP_H_
#define _NOVA_VMM_BRINGUP_H_

struct nova_gpu;

int nova_gpu_init(struct nova_gpu *gpu);
void nova_gpu_fini(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_BRINGUP_H_ */
