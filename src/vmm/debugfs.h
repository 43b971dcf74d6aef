/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs files of an address space: <gpu>/<address space>/.
 */
#ifndef _NOVA_VMM_VMM_DEBUGFS_H_
#define _NOVA_VMM_VMM_DEBUGFS_H_

#include <linux/kconfig.h>

struct seq_file;
struct vmm;

#if IS_ENABLED(CONFIG_DEBUG_FS)
extern bool nova_debugfs_sys_addr;
void nova_debugfs_vmm_init(struct vmm *vmm);
void nova_debugfs_vmm_fini(struct vmm *vmm);
int nova_pagetables_show(struct seq_file *m, void *unused);
int nova_verify_show(struct seq_file *m, void *unused);
int nova_journal_show(struct seq_file *m, void *unused);
int nova_va_show(struct seq_file *m, void *unused);
#else
static inline void nova_debugfs_vmm_init(struct vmm *vmm) { }
static inline void nova_debugfs_vmm_fini(struct vmm *vmm) { }
#endif

#endif /* _NOVA_VMM_VMM_DEBUGFS_H_ */
