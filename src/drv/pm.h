/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Suspend and resume, PCI error recovery and reset: the GPU-level steps
 * (shared with the KUnit rig) and the PCI callbacks.
 */
#ifndef _NOVA_VMM_PM_H_
#define _NOVA_VMM_PM_H_

#include <linux/pci.h>
#include <linux/pm.h>

struct nova_gpu;

extern const struct dev_pm_ops nova_pm_ops;
extern const struct pci_error_handlers nova_pci_err_handlers;

void nova_gpu_suspend(struct nova_gpu *gpu);
int nova_gpu_resume(struct nova_gpu *gpu);
pci_ers_result_t nova_gpu_error_detected(struct nova_gpu *gpu, pci_channel_state_t state);
pci_ers_result_t nova_gpu_slot_reset(struct nova_gpu *gpu);
void nova_gpu_error_resume(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_PM_H_ */
