/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvc_port: nova-core v1's map path, ported to C for the benchmark only, so
 * that its costs are measured on the same fake GPU rather than modelled.
 */
#ifndef _NOVA_VMM_TESTS_NVC_PORT_H_
#define _NOVA_VMM_TESTS_NVC_PORT_H_

#include <linux/types.h>

struct kunit;
struct nova_gpu;
struct nvc_vmm;

struct nvc_vmm *nvc_vmm_create(struct kunit *test, struct nova_gpu *gpu, u64 pool);
int nvc_map(struct nvc_vmm *v, u64 va, u64 pa, u64 size);
int nvc_unmap(struct nvc_vmm *v, u64 va, u64 size);
u64 nvc_pdb(const struct nvc_vmm *v);
u64 nvc_pt_bytes(const struct nvc_vmm *v);

#endif /* _NOVA_VMM_TESTS_NVC_PORT_H_ */
