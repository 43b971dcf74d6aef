// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: BAR binding
 *
 * The register sequences that bind an instance block to BAR1 or BAR2 (the
 * address spaces themselves are drv/bar.c's). Turing, Ampere and Ada bind
 * with one write of BAR1_BLOCK / BAR2_BLOCK in the VF register space and
 * poll BIND_STATUS; Hopper and Blackwell write the LOW register, then the
 * HIGH one, which triggers the bind, and poll LOW. Both polls are bounded
 * (-ETIMEDOUT, nova_poll_clear()). An address of 0 unbinds (physical mode).
 * While MMIO is off (suspend, reset, PCI error) a bind fails with -EIO.
 *
 * The same registers read back say whether a BAR is bound already, and to
 * what: MODE (virtual or physical), TARGET and PTR. At probe a BAR that
 * firmware or another driver bound in virtual mode is left alone
 * (drv/bar.c).
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/limits.h>

#include "hw/nv_ram.h"
#include "hw/nv_vm.h"
#include "io/bind.h"
#include "io/gpu.h"

static int bind_poll(struct nova_gpu *gpu, u32 reg, u32 busy)
{
	u32 v;
	int ret = nova_poll_clear(gpu, reg, busy, NOVA_BIND_TIMEOUT_US, &v);

	if (ret == -ETIMEDOUT)
		dev_err(gpu->dev, "BAR bind did not complete (%#010x)\n", v);
	return ret;
}

/**
 * nova_bar_bind_pbus() - Bind BAR1 or BAR2 on Turing, Ampere, Ada.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @inst: Instance block address, or 0 to unbind.
 *
 * Return: 0; -ETIMEDOUT; -ENODEV; -EIO while MMIO is off.
 */
int nova_bar_bind_pbus(struct nova_gpu *gpu, enum nova_bar bar, u64 inst)
{
	u32 v = 0;

	if (nova_gpu_mmio_off(gpu))
		return -EIO;
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
 * Return: 0; -ETIMEDOUT; -ENODEV; -EIO while MMIO is off.
 */
int nova_bar_bind_xal(struct nova_gpu *gpu, enum nova_bar bar, u64 inst)
{
	u32 lo = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR :
				    NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR;
	u32 hi = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR :
				    NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR;
	u32 ptr = lower_32_bits(inst) >> NV_RAMIN_BASE_SHIFT, v = 0;

	if (nova_gpu_mmio_off(gpu))
		return -EIO;
	if (inst)
		v = FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_PTR, ptr) |
		    FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_TARGET, NV_BAR_BLOCK_LOW_ADDR_TARGET_VID_MEM) |
		    FIELD_PREP(NV_BAR_BLOCK_LOW_ADDR_MODE, NV_BAR_BLOCK_LOW_ADDR_MODE_VIRTUAL);
	nv_wr32(gpu, lo, v);
	nv_wr32(gpu, hi, FIELD_PREP(NV_BAR_BLOCK_HIGH_ADDR_PTR, upper_32_bits(inst)));
	return bind_poll(gpu, lo,
			 NV_BAR_BLOCK_LOW_ADDR_PENDING | NV_BAR_BLOCK_LOW_ADDR_OUTSTANDING);
}

/**
 * binding_read() - Read a BAR block register, or find the device gone.
 * @gpu: GPU.
 * @reg: BAR0 offset of the register.
 * @val: The value read.
 *
 * Return: 0; -ENODEV if the device is gone (a read of all ones that
 * NV_PMC_BOOT_0 confirms).
 */
static int binding_read(struct nova_gpu *gpu, u32 reg, u32 *val)
{
	*val = nv_rd32(gpu, reg);
	return *val == U32_MAX && nova_gpu_check_gone(gpu) ? nova_gpu_lost_errno(gpu) : 0;
}

/**
 * nova_bar_binding_pbus() - Read what BAR1 or BAR2 is bound to, Turing to Ada.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @out: MODE, TARGET and PTR of NV_VIRTUAL_FUNCTION_PRIV_BARn_BLOCK.
 *
 * Return: 0; -ENODEV.
 */
int nova_bar_binding_pbus(struct nova_gpu *gpu, enum nova_bar bar,
			  struct nova_bar_binding *out)
{
	u32 reg = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK :
				     NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK;
	u32 v;
	int ret = binding_read(gpu, reg, &v);

	if (ret)
		return ret;
	out->virt = FIELD_GET(NV_PBUS_BAR_BLOCK_MODE, v) == NV_PBUS_BAR_BLOCK_MODE_VIRTUAL;
	out->target = FIELD_GET(NV_PBUS_BAR_BLOCK_TARGET, v);
	out->inst = (u64)FIELD_GET(NV_PBUS_BAR_BLOCK_PTR, v) << NV_RAMIN_BASE_SHIFT;
	return 0;
}

/**
 * nova_bar_binding_xal() - Read what BAR1 or BAR2 is bound to, Hopper and Blackwell.
 * @gpu: GPU.
 * @bar: Which BAR.
 * @out: MODE, TARGET and PTR of the BARn_BLOCK LOW and HIGH registers.
 *
 * Return: 0; -ENODEV.
 */
int nova_bar_binding_xal(struct nova_gpu *gpu, enum nova_bar bar,
			 struct nova_bar_binding *out)
{
	u32 lo_reg = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR :
					NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_LOW_ADDR;
	u32 hi_reg = bar == NOVA_BAR1 ? NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_HIGH_ADDR :
					NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR2_BLOCK_HIGH_ADDR;
	u32 lo, hi;
	int ret = binding_read(gpu, lo_reg, &lo) ?: binding_read(gpu, hi_reg, &hi);

	if (ret)
		return ret;
	out->virt = FIELD_GET(NV_BAR_BLOCK_LOW_ADDR_MODE, lo) == NV_BAR_BLOCK_LOW_ADDR_MODE_VIRTUAL;
	out->target = FIELD_GET(NV_BAR_BLOCK_LOW_ADDR_TARGET, lo);
	out->inst = (lo & NV_BAR_BLOCK_LOW_ADDR_PTR) |
		    (u64)FIELD_GET(NV_BAR_BLOCK_HIGH_ADDR_PTR, hi) << 32;
	return 0;
}
