/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nova_vmm: GPU virtual address spaces of NVIDIA GPUs, Turing to Blackwell.
 *
 * This is the only header a client module includes. Its symbols are exported
 * GPL-only in the NOVA_VMM symbol namespace; a client says
 * MODULE_IMPORT_NS(NOVA_VMM_NS).
 */
#ifndef _NOVA_VMM_VMM_H_
#define _NOVA_VMM_VMM_H_

#include <linux/types.h>
#include <linux/version.h>

/*
 * The symbol namespace. Linux 6.13 turned namespaces into string literals;
 * before, EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() stringified an
 * identifier.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define NOVA_VMM_NS "NOVA_VMM"
#else
#define NOVA_VMM_NS NOVA_VMM
#endif

struct nova_gpu;

#endif /* _NOVA_VMM_VMM_H_ */
