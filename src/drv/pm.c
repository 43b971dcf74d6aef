// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Power and errors
 *
 * A GPU can sleep, be reset or report a PCI error, and come back. Its
 * &nova_gpu.state (enum nova_gpu_state) says what may run; it is separate
 * from &nova_gpu.gone, which is set once the device fell off the bus and
 * never cleared (and from the unplug state of the GPU's lifetime).
 *
 * * Every exported call that issues MMIO runs between nova_gpu_enter() and
 *   nova_gpu_exit() (an SRCU read side): while the GPU is suspended, being
 *   reset or restored it waits there; after a PCI error it fails with -EIO
 *   at once. Lookups and the VA allocator issue no MMIO and always run.
 * * Underneath, every PRAMIN access (under the PRAMIN lock), TLB invalidate
 *   (under the TLB lock) and BAR bind checks the state and fails with -EIO
 *   without touching the device: so do paths that are not operations
 *   (destroying an address space, debugfs ``verify``). A destroy then
 *   quarantines its tables until an invalidate completes, as after a
 *   timeout; a read of all ones never marks the device gone meanwhile.
 * * nova_gpu_quiesce() sets the state, waits for the operations in flight
 *   (synchronize_srcu()), then for the PRAMIN access and invalidate in
 *   flight. When it returns, nothing reaches the device.
 *
 * Suspend (system sleep, hibernation's freeze and poweroff) quiesces;
 * resume runs the restore (DOC: Restore, vmm/restore.c): every table, root
 * and instance block is rewritten from the shadow tree, the BARs are bound
 * again (BAR2, then BAR1) and every address space invalidated; dmesg says
 * ``restored: ...`` when it succeeded. The restore
 * is the same whether VRAM survived or not: it writes what the shadow
 * holds, exactly. What clients kept in VRAM is their concern.
 *
 * PCI errors: error_detected() quiesces with %NOVA_GPU_IO_ERROR (calls fail
 * with -EIO) and asks for a reset when the channel is frozen;
 * mmio_enabled() or slot_reset() restores (VRAM may be lost after a slot
 * reset); resume() lets operations run again. A restore that fails leaves
 * the GPU in %NOVA_GPU_IO_ERROR and the callback reports a disconnect. An
 * FLR or any reset through the PCI core (reset_prepare(), reset_done())
 * quiesces and restores the same way.
 *
 * An operation in flight when a PCI error hits may fail with -EIO half
 * way: its entries are in the shadow tree, and the restore writes them, as
 * after -ETIMEDOUT.
 *
 * Runtime PM is not implemented: nova_vmm does not boot the GPU's firmware
 * and cannot power it down or up by itself, and a GPU that went to D3cold
 * would lose every client's VRAM, which nova_vmm cannot restore.
 */
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/pm.h>

#include "drv/bar.h"
#include "drv/pm.h"
#include "io/gpu.h"
#include "vmm/restore.h"

/**
 * nova_gpu_suspend() - Stop every operation and all MMIO for a sleep or reset.
 * @gpu: GPU.
 *
 * Operations in flight finish; later ones wait until nova_gpu_resume().
 *
 * Context: Process context; may sleep.
 */
void nova_gpu_suspend(struct nova_gpu *gpu)
{
	nova_gpu_quiesce(gpu, NOVA_GPU_SUSPENDED);
}

/**
 * gpu_restore() - Rewrite the tables, rebind, invalidate; or fail for good.
 * @gpu: GPU, quiesced.
 *
 * Leaves the GPU restoring (operations wait) on success, and with a PCI
 * error state (operations fail with -EIO) on failure.
 *
 * Return: 0; -ETIMEDOUT; -ENODEV; -EIO.
 */
static int gpu_restore(struct nova_gpu *gpu)
{
	int ret;

	nova_gpu_set_state(gpu, NOVA_GPU_RESTORING);
	ret = nova_vmm_restore_all(gpu);
	if (!ret)
		ret = nova_bars_rebind(gpu);
	if (!ret)
		ret = nova_vmm_invalidate_all(gpu);
	if (ret) {
		dev_err(gpu->dev, "restore of the page tables failed: %d\n", ret);
		nova_gpu_quiesce(gpu, NOVA_GPU_IO_ERROR);
		return ret;
	}
	dev_info(gpu->dev, "restored: page tables rewritten from the shadow tree, BARs bound, TLBs invalidated\n");
	return 0;
}

/**
 * nova_gpu_resume() - Restore everything from the shadow tree and carry on.
 * @gpu: GPU, suspended (or reset).
 *
 * Context: Process context; may sleep.
 * Return: 0; -ETIMEDOUT, -ENODEV or -EIO if the restore failed (operations
 * then fail with -EIO).
 */
int nova_gpu_resume(struct nova_gpu *gpu)
{
	int ret = gpu_restore(gpu);

	if (!ret)
		nova_gpu_set_state(gpu, NOVA_GPU_RUNNING);
	return ret;
}

/**
 * nova_gpu_error_detected() - A PCI error: stop MMIO, fail operations.
 * @gpu: GPU.
 * @state: The channel's state.
 *
 * Context: Process context; may sleep.
 * Return: %PCI_ERS_RESULT_DISCONNECT for a permanent failure,
 * %PCI_ERS_RESULT_NEED_RESET for a frozen channel,
 * %PCI_ERS_RESULT_CAN_RECOVER otherwise.
 */
pci_ers_result_t nova_gpu_error_detected(struct nova_gpu *gpu, pci_channel_state_t state)
{
	nova_gpu_quiesce(gpu, NOVA_GPU_IO_ERROR);
	dev_err(gpu->dev, "PCI error: operations fail with -EIO until recovered\n");
	if (state == pci_channel_io_perm_failure)
		return PCI_ERS_RESULT_DISCONNECT;
	return state == pci_channel_io_frozen ? PCI_ERS_RESULT_NEED_RESET :
						PCI_ERS_RESULT_CAN_RECOVER;
}

/**
 * nova_gpu_slot_reset() - MMIO works again: restore from the shadow tree.
 * @gpu: GPU, after nova_gpu_error_detected().
 *
 * For mmio_enabled() and slot_reset() both: VRAM may have been lost.
 * Operations wait until nova_gpu_error_resume().
 *
 * Context: Process context; may sleep.
 * Return: %PCI_ERS_RESULT_RECOVERED; %PCI_ERS_RESULT_DISCONNECT if the
 * restore failed.
 */
pci_ers_result_t nova_gpu_slot_reset(struct nova_gpu *gpu)
{
	return gpu_restore(gpu) ? PCI_ERS_RESULT_DISCONNECT : PCI_ERS_RESULT_RECOVERED;
}

/**
 * nova_gpu_error_resume() - Recovery is over: let operations run.
 * @gpu: GPU, restored.
 */
void nova_gpu_error_resume(struct nova_gpu *gpu)
{
	if (READ_ONCE(gpu->state) == NOVA_GPU_RESTORING)
		nova_gpu_set_state(gpu, NOVA_GPU_RUNNING);
}

static pci_ers_result_t nova_pci_error_detected(struct pci_dev *pdev,
						pci_channel_state_t state)
{
	return nova_gpu_error_detected(pci_get_drvdata(pdev), state);
}

static pci_ers_result_t nova_pci_mmio_enabled(struct pci_dev *pdev)
{
	return nova_gpu_slot_reset(pci_get_drvdata(pdev));
}

/* The PCI core restored the config space of the reset device; bus master too. */
static pci_ers_result_t nova_pci_slot_reset(struct pci_dev *pdev)
{
	pci_restore_state(pdev);
	pci_set_master(pdev);
	return nova_gpu_slot_reset(pci_get_drvdata(pdev));
}

static void nova_pci_resume(struct pci_dev *pdev)
{
	nova_gpu_error_resume(pci_get_drvdata(pdev));
}

static void nova_pci_reset_prepare(struct pci_dev *pdev)
{
	nova_gpu_suspend(pci_get_drvdata(pdev));
}

static void nova_pci_reset_done(struct pci_dev *pdev)
{
	nova_gpu_resume(pci_get_drvdata(pdev));
}

const struct pci_error_handlers nova_pci_err_handlers = {
	.error_detected = nova_pci_error_detected,
	.mmio_enabled = nova_pci_mmio_enabled,
	.slot_reset = nova_pci_slot_reset,
	.resume = nova_pci_resume,
	.reset_prepare = nova_pci_reset_prepare,
	.reset_done = nova_pci_reset_done,
};

static int nova_pm_suspend(struct device *dev)
{
	nova_gpu_suspend(dev_get_drvdata(dev));
	return 0;
}

static int nova_pm_resume(struct device *dev)
{
	return nova_gpu_resume(dev_get_drvdata(dev));
}

/* System sleep and hibernation: the PCI core saves and restores config space. */
DEFINE_SIMPLE_DEV_PM_OPS(nova_pm_ops, nova_pm_suspend, nova_pm_resume);
