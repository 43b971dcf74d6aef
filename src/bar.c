// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: BAR1 and BAR2
 *
 * At probe nova_vmm creates two address spaces of its own and binds their
 * instance blocks: BAR2 (NOVA_BAR2_VA_SIZE), then BAR1, whose VA size is the
 * length of the PCI BAR1 resource (BAR1 VA = offset in the aperture). Their
 * page tables stay in VRAM; their TLB invalidates are HUBTLB_ONLY.
 *
 * Turing, Ampere and Ada bind with one write of BAR1_BLOCK / BAR2_BLOCK in
 * the VF register space and poll BIND_STATUS; Hopper and Blackwell write the
 * LOW register, then the HIGH one, which triggers the bind, and poll LOW.
 * Both polls are bounded (-ETIMEDOUT). Removal unbinds (physical mode) and
 * frees both.
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iopoll.h>

#include <nova_vmm/vmm.h>

#include "bar.h"
#include "chip.h"
#include "gpu.h"
#include "hw/nv_ram.h"
#include "hw/nv_vm.h"
#include "tlb.h"
#include "vmm_priv.h"

static bool bind_done(struct nova_gpu *gpu, u32 v, u32 busy)
{
	return !(v & busy) || (v == U32_MAX && nova_gpu_check_gone(gpu));
}

static int bind_poll(struct nova_gpu *gpu, u32 reg, u32 busy)
{
	u32 v;
	int ret;

	ret = read_poll_timeout(nv_rd32, v, bind_done(gpu, v, busy), 1, NOVA_BIND_TIMEOUT_US,
				false, gpu, reg);
	if (nova_gpu_gone(gpu))
		return -ENODEV;
	if (ret)
		dev_err(gpu->dev, "BAR bind did not complete (%#010x)\n", v);
	return ret;
}

/**
 * nova_bar_bind_pbus() - Bind BAR1 or BAR2 on Turing, Ampere, Ada.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @inst: Instance block address, or 0 to unbind.
 *
 * Return: 0; -ETIMEDOUT; -ENODEV.
 */
int nova_bar_bind_pbus(struct nova_gpu *gpu, enum nova_bar bar, u64 inst)
{
	u32 v = 0;

	if (inst)
		v = FIELD_PREP(NV_PBUS_BAR_BLOCK_PTR, inst >> NV_RAMIN_BASE_SHIFT) |
		    FIELD_PREP(NV_PBUS_BAR_BLOCK_TARGET, NV_PBUS_BAR_BLOCK_TARGET_VID_MEM) |
		    FIELD_PREP(NV_PBUS_BAR_BLOCK_MODE, NV_PBUS_BAR_BLOCK_MODE_VIRTUAL);
	if (bar == NOVA_BAR1) {
		nv_wr32(gpu, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, v);
		return bind_poll(gpu, NV_VIRTUAL_FUNCTION_PRIV_BIND_STATUS,
				 NV_PBUS_BIND_STATUS_BAR1_PENDING |
				 NV_PBUS_BIND_STATUS_BAR1_OUTSTANDING);
	}
	v |= FIELD_PREP(NV_PBUS_BAR2_BLOCK_DEBUG_CYA, NV_PBUS_BAR2_BLOCK_DEBUG_CYA_OFF);
	nv_wr32(gpu, NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK, v);
	return bind_poll(gpu, NV_VIRTUAL_FUNCTION_PRIV_BIND_STATUS,
			 NV_PBUS_BIND_STATUS_BAR2_PENDING | NV_PBUS_BIND_STATUS_BAR2_OUTSTANDING);
}

/**
 * nova_bar_bind_xal() - Bind BAR1 or BAR2 on Hopper and Blackwell.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @inst: Instance block address, or 0 to unbind.
 *
 * Return: 0; -ETIMEDOUT; -ENODEV.
 */
int nova_bar_bind_xal(struct nova_gpu *gpu, enum nova_bar bar, u64 inst)
{
	u32 lo = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR :
				    NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR;
	u32 hi = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR :
				    NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR;
	u32 ptr = lower_32_bits(inst) >> NV_RAMIN_BASE_SHIFT, v = 0;

	if (inst)
		v = FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_PTR, ptr) |
		    FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_TARGET, NV_BAR_BLOCK_LOW_ADDR_TARGET_VID_MEM) |
		    FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_MODE, NV_BAR_BLOCK_LOW_ADDR_MODE_VIRTUAL);
	nv_wr32(gpu, lo, v);
	nv_wr32(gpu, hi, FIELD_PREP(NV_BAR_BLOCK_HIGH_ADDR_PTR, upper_32_bits(inst)));
	return bind_poll(gpu, lo,
			 NV_BAR_BLOCK_LOW_ADDR_PENDING | NV_BAR_BLOCK_LOW_ADDR_OUTSTANDING);
}

static int bar_create(struct nova_gpu *gpu, enum nova_bar bar, u64 size)
{
	struct vmm *vmm = nova_vmm_new(gpu, 0, size, NOVA_TLB_HUB_ONLY, 0,
				       bar == NOVA_BAR1 ? "bar1" : "bar2");
	int ret;

	if (IS_ERR(vmm))
		return PTR_ERR(vmm);
	ret = gpu->chip->family->bind(gpu, bar, vmm_inst_block(vmm));
	if (ret) {
		gpu->chip->family->bind(gpu, bar, 0);
		vmm_put(vmm);
		return ret;
	}
	gpu->bar[bar] = vmm;
	return 0;
}

/**
 * nova_bars_init() - Create and bind the BAR2 and BAR1 address spaces.
 * @gpu: GPU with @bar1_size set (0: no BARs, as for most of the test rig);
 *       with @bar1_skip, BAR2 only.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENOMEM; -ETIMEDOUT if a bind did not complete; -ENODEV.
 */
int nova_bars_init(struct nova_gpu *gpu)
{
	int ret;

	if (!gpu->bar1_size)
		return 0;
	ret = bar_create(gpu, NOVA_BAR2, NOVA_BAR2_VA_SIZE);
	if (!ret && !gpu->bar1_skip)
		ret = bar_create(gpu, NOVA_BAR1, gpu->bar1_size);
	if (ret)
		nova_bars_fini(gpu);
	return ret;
}

/**
 * nova_bars_fini() - Unbind and free the BAR address spaces.
 * @gpu: GPU.
 */
void nova_bars_fini(struct nova_gpu *gpu)
{
	enum nova_bar bar;

	for (bar = NOVA_BAR1; bar <= NOVA_BAR2; bar++) {
		if (!gpu->bar[bar])
			continue;
		if (!nova_gpu_gone(gpu))
			gpu->chip->family->bind(gpu, bar, 0);
		vmm_put(gpu->bar[bar]);
		gpu->bar[bar] = NULL;
	}
}

/**
 * vmm_bar1() - The BAR1 address space of a GPU.
 * @gpu: GPU.
 *
 * BAR1 VA is the offset in the PCI BAR1 aperture: what is mapped at VA x is
 * what the CPU reaches at BAR1 + x. The address space belongs to the GPU:
 * do not put it.
 *
 * Context: Any.
 * Return: The address space, or NULL if BAR1 is not set up.
 */
struct vmm *vmm_bar1(struct nova_gpu *gpu)
{
	return gpu ? gpu->bar[NOVA_BAR1] : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_bar1, NOVA_VMM_NS);

/**
 * vmm_bar2() - The BAR2 address space of a GPU.
 * @gpu: GPU.
 *
 * The address space belongs to the GPU: do not put it.
 *
 * Context: Any.
 * Return: The address space, or NULL if BAR2 is not set up.
 */
struct vmm *vmm_bar2(struct nova_gpu *gpu)
{
	return gpu ? gpu->bar[NOVA_BAR2] : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_bar2, NOVA_VMM_NS);
