/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client interface: the list of bound GPUs clients are told about.
 */
#ifndef _NOVA_VMM_CLIENT_H_
#define _NOVA_VMM_CLIENT_H_

struct nova_gpu;

void nova_client_gpu_add(struct nova_gpu *gpu);
void nova_client_gpu_remove(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_CLIENT_H_ */
