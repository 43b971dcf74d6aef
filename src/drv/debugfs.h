/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs: /sys/kernel/debug/nova_vmm/<pci-name>/ and its info file.
 */
#ifndef _NOVA_VMM_DEBUGFS_H_
#define _NOVA_VMM_DEBUGFS_H_

#include <linux/kconfig.h>

struct nova_gpu;
struct seq_file;

#if IS_ENABLED(CONFIG_DEBUG_FS)
void nova_debugfs_register(void);
void nova_debugfs_unregister(void);
void nova_debugfs_gpu_init(struct nova_gpu *gpu);
void nova_debugfs_gpu_fini(struct nova_gpu *gpu);
int nova_info_show(struct seq_file *m, void *unused);
int nova_bars_show(struct seq_file *m, void *unused);
#else
static inline void nova_debugfs_register(void) { }
static inline void nova_debugfs_unregister(void) { }
static inline void nova_debugfs_gpu_init(struct nova_gpu *gpu) { }
static inline void nova_debugfs_gpu_fini(struct nova_gpu *gpu) { }
#endif

#endif /* _NOVA_VMM_DEBUGFS_H_ */
