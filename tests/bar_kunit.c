// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: instance blocks, BAR1/BAR2 set-up and binding per family, huge
 * pages per chip.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "drv/bringup.h"
#include "fmt/pt_fmt.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "hw/nv_vm.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/vram.h"

#define VRAM_SIZE	SZ_64M
#define BAR1_SIZE	SZ_256M
#define GB		BIT_ULL(30)

static const u32 bar_chips[] = {
	NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_AD104, NV_CHIP_GH100, NV_CHIP_GB202,
};

static void bar_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(bar_chip, bar_chips, bar_chip_desc);

static u32 chip_of(struct kunit *test)
{
	return *(const u32 *)test->param_value;
}

static u32 word(struct nova_gpu *gpu, u64 addr)
{
	return le32_to_cpup(nvt_gpu_vram_at(gpu, addr));
}

static void put_vmm(void *vmm)
{
	vmm_put(vmm);
}

static void inst_block_bytes_match_the_layout(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), VRAM_SIZE);
	struct vmm *vmm = vmm_create(gpu, 0, 5 * GB);
	bool tu = chip_of(test) == NV_CHIP_TU102, gb = chip_of(test) == NV_CHIP_GB202;
	u64 inst, pdb;
	u8 *block;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, vmm), 0);
	inst = vmm_inst_block(vmm);
	pdb = vmm_pdb(vmm);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(inst, SZ_4K));
	/* 0x200: TARGET 1:0 = VID_MEM, bit 10 USE_VER2_PT_FORMAT (v2 only),
	 * bit 11 BIG_PAGE_SIZE = 64 KiB, 31:12 the PDB; 0x204 the PDB's high word.
	 */
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x200),
			(nvt_gpu_mmu_version(gpu) == 2 ? BIT(10) : 0) | BIT(11) |
			(u32)(pdb & 0xfffff000));
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x204), (u32)(pdb >> 32));
	/* ADR_LIMIT only on Turing: (last VA | 0xfff); Blackwell's magic at 0x20c. */
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x208), tu ? 0x3fffffff : 0); /* 5 GiB - 1 */
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x20c), tu ? 1 : gb ? 0xcafeca11 : 0);
	/* The subcontext words 0x298..0x69f: channel_inst_block_fills_subcontext_0. */
	block = nvt_gpu_vram_at(gpu, inst);
	for (i = 0; i < SZ_4K; i++)
		if ((i < 0x200 || i >= 0x210) && (i < 0x298 || i >= 0x6a0) && block[i])
			KUNIT_FAIL(test, "instance block byte %#x is %#x", i, block[i]);
}

/*
 * A channel's instance block: NV_RAMIN_SC_PAGE_DIR_BASE(0) (0x2a0/0x2a4)
 * holds the main PDB with SC_USE_VER2_PT_FORMAT (bit 10) set on every MMU
 * version, SC 1..63 hold TARGET_INVALID (1) in both words and 0 in the
 * ATS/PASID word, and NV_RAMIN_SC_PDB_VALID (0x298/0x29c) has only bit 0
 * (OGD tu104 dev_ram.ref.txt; nouveau gv100_vmm_join).
 */
static void channel_inst_block_fills_subcontext_0(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, chip_of(test), VRAM_SIZE);
	struct vmm *vmm = vmm_create(gpu, 0, 5 * GB);
	u32 main_lo;
	u64 inst;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, vmm), 0);
	inst = vmm_inst_block(vmm);
	main_lo = word(gpu, inst + 0x200);
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a0), main_lo | BIT(10));
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a0) & 0xfffff003, (u32)vmm_pdb(vmm) & 0xfffff000);
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a4), word(gpu, inst + 0x204));
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a4), (u32)(vmm_pdb(vmm) >> 32));
	if (nvt_gpu_mmu_version(gpu) == 2)
		KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a0), main_lo);
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x298), 1);
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x29c), 0);
	KUNIT_EXPECT_EQ(test, word(gpu, inst + 0x2a8), 0);
	for (i = 1; i < 64; i++) {
		KUNIT_EXPECT_EQ_MSG(test, word(gpu, inst + 0x2a0 + 16 * i), 1, "SC %u", i);
		KUNIT_EXPECT_EQ_MSG(test, word(gpu, inst + 0x2a4 + 16 * i), 1, "SC %u", i);
		KUNIT_EXPECT_EQ_MSG(test, word(gpu, inst + 0x2a8 + 16 * i), 0, "SC %u", i);
		KUNIT_EXPECT_EQ_MSG(test, word(gpu, inst + 0x2ac + 16 * i), 0, "SC %u", i);
	}
}

/*
 * BAR1 and BAR2 instance blocks carry no subcontext entries: RM initialises
 * them for FIFO_PDB_IDX_BASE only (kbusInitBar1_GM107 -> kgmmuInstBlkInit).
 */
static void bar_inst_blocks_have_no_subcontexts(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, chip_of(test), VRAM_SIZE, BAR1_SIZE);
	struct vmm *bars[] = { vmm_bar1(gpu), vmm_bar2(gpu) };
	unsigned int b, i;
	u8 *block;

	for (b = 0; b < ARRAY_SIZE(bars); b++) {
		KUNIT_ASSERT_NOT_NULL(test, bars[b]);
		KUNIT_EXPECT_NE(test, word(gpu, vmm_inst_block(bars[b]) + 0x204) |
				word(gpu, vmm_inst_block(bars[b]) + 0x200), 0);
		block = nvt_gpu_vram_at(gpu, vmm_inst_block(bars[b]));
		for (i = 0x298; i < 0x6a0; i++)
			if (block[i])
				KUNIT_FAIL(test, "BAR%u instance block byte %#x is %#x",
					   b + 1, i, block[i]);
	}
}

static bool traced(const struct nvt_access *t, unsigned int n, u32 reg, u32 val,
		   unsigned int *at)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (t[i].reg == reg && t[i].val == val) {
			*at = i;
			return true;
		}
	return false;
}

static void bars_are_bound_through_the_family_registers(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, chip_of(test), VRAM_SIZE, BAR1_SIZE);
	struct vmm *bar1 = vmm_bar1(gpu), *bar2 = vmm_bar2(gpu);
	struct nvt_access t[NVT_TRACE_LEN];
	unsigned int n = nvt_gpu_reg_writes(gpu, t), lo, hi;
	u64 i1, i2;

	KUNIT_ASSERT_NOT_NULL(test, bar1);
	KUNIT_ASSERT_NOT_NULL(test, bar2);
	i1 = vmm_inst_block(bar1);
	i2 = vmm_inst_block(bar2);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), i1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), i2);
	if (nvt_gpu_mmu_version(gpu) == 2) {
		/* BARn_BLOCK: PTR 27:0 = inst >> 12, TARGET VID, MODE 31 virtual;
		 * BAR2 with DEBUG_CYA (30) off, as NVIDIA's driver does.
		 */
		KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f48, (u32)(i2 >> 12) | BIT(30) | BIT(31),
					       &lo));
		KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f40, (u32)(i1 >> 12) | BIT(31), &hi));
		KUNIT_EXPECT_LT(test, lo, hi);	/* BAR2 first */
		return;
	}
	/* LOW: PTR 31:12, TARGET 11:10 VID, MODE 9 virtual; then HIGH triggers. */
	KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f70, (u32)(i2 & 0xfffff000) | BIT(9), &lo));
	KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f74, (u32)(i2 >> 32), &hi));
	KUNIT_EXPECT_EQ(test, hi, lo + 1);
	KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f60, (u32)(i1 & 0xfffff000) | BIT(9), &lo));
	KUNIT_EXPECT_TRUE(test, traced(t, n, 0xb80f64, (u32)(i1 >> 32), &hi));
	KUNIT_EXPECT_EQ(test, hi, lo + 1);
}

static void bar1_spans_the_aperture_and_invalidates_hub_only(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, chip_of(test), VRAM_SIZE, BAR1_SIZE);
	struct vmm *bar1 = vmm_bar1(gpu);
	struct nvt_xlate x;

	KUNIT_ASSERT_EQ(test, vmm_map(bar1, BAR1_SIZE - SZ_64K, SZ_1M, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(bar1, BAR1_SIZE, SZ_1M, SZ_4K, 0), -ERANGE);
	KUNIT_EXPECT_TRUE(test, nvt_gpu_last_invalidate(gpu).ctrl &
			  NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_HUBTLB_ONLY);
	KUNIT_EXPECT_EQ(test, nvt_gpu_last_invalidate(gpu).pdb, vmm_pdb(bar1));
	nvt_translate(gpu, vmm_pdb(bar1), BAR1_SIZE - SZ_4K, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, SZ_1M + SZ_64K - SZ_4K);
	KUNIT_EXPECT_EQ(test, vmm_unmap(bar1, BAR1_SIZE - SZ_64K, SZ_64K), 0);
	/* A channel address space is not hub-only. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm_bar2(gpu), 0, SZ_2M, SZ_4K, 0), 0);
	KUNIT_EXPECT_TRUE(test, nvt_gpu_last_invalidate(gpu).ctrl &
			  NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_HUBTLB_ONLY);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm_bar2(gpu), 0, SZ_4K), 0);
}

/*
 * RM's membar WAR (kgmmuInvalidateTlb_GM107): on Turing a downgrade's
 * invalidate also sets SYS_MEMBAR, but for BAR2; never for a new mapping,
 * never on later chips.
 */
static void turing_downgrades_also_membar_but_on_bar2(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, chip_of(test), VRAM_SIZE, BAR1_SIZE);
	struct vmm *spaces[] = { vmm_bar1(gpu), vmm_bar2(gpu), nvt_vmm_create(test, gpu, 0, GB) };
	bool tu = chip_of(test) == NV_CHIP_TU102;
	u32 membar = NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_SYS_MEMBAR;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(spaces); i++) {
		KUNIT_ASSERT_EQ(test, vmm_map(spaces[i], 0, SZ_1M, SZ_64K, 0), 0);
		KUNIT_EXPECT_FALSE(test, nvt_gpu_last_invalidate(gpu).ctrl & membar);
		KUNIT_ASSERT_EQ(test, vmm_protect(spaces[i], 0, SZ_64K, VMM_MAP_READ_ONLY), 0);
		KUNIT_EXPECT_EQ_MSG(test, !!(nvt_gpu_last_invalidate(gpu).ctrl & membar),
				    tu && spaces[i] != vmm_bar2(gpu), "address space %u", i);
		KUNIT_ASSERT_EQ(test, vmm_unmap(spaces[i], 0, SZ_64K), 0);
		KUNIT_EXPECT_EQ_MSG(test, !!(nvt_gpu_last_invalidate(gpu).ctrl & membar),
				    tu && spaces[i] != vmm_bar2(gpu), "address space %u", i);
	}
}

static void bind_that_never_completes_times_out(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);

	gpu->bar1_size = BAR1_SIZE;
	gpu->bar2_size = NVT_BAR2_SIZE;
	nvt_gpu_set_fault(gpu, NVT_FAULT_BIND_STUCK);
	/* Probe fails, and frees what it set up (a leak would warn). */
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), 0);
}

static void remove_unbinds_both_bars(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);

	gpu->bar1_size = BAR1_SIZE;
	gpu->bar2_size = NVT_BAR2_SIZE;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_NE(test, nvt_gpu_bar_inst(gpu, 0), 0);
	KUNIT_EXPECT_NE(test, nvt_gpu_bar_inst(gpu, 1), 0);
	nova_gpu_fini(gpu);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), 0);
}

static void huge_pages_where_the_chip_has_them(struct kunit *test)
{
	bool tu = chip_of(test) == NV_CHIP_TU102, gb = chip_of(test) == NV_CHIP_GB202;
	/*
	 * Much VRAM reported, only the top 64 MiB backed: 512 GiB on Blackwell
	 * (a 256 GiB page at 256 GiB), 256 GiB on Hopper (its PRAMIN's reach),
	 * 128 GiB for MMU v2 (its PDEs' reach).
	 */
	u64 vram = gb ? 512 * GB : nova_chip_find(chip_of(test))->family->fmt->version == 3 ?
		   256 * GB : 128 * GB;
	struct nova_gpu *gpu = nvt_gpu_create_partial(test, chip_of(test), vram, SZ_64M);
	struct vmm *vmm = vmm_create(gpu, 0, BIT_ULL(48));
	struct vmm_mapping m;
	struct nvt_xlate x;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, vmm), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 4 * GB, GB, GB, VMM_MAP_PAGE_512M),
			tu ? -EINVAL : 0);
	/* Chosen automatically where the chip has them. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 8 * GB, GB, GB, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, 8 * GB + SZ_512M + 5, &m), 0);
	KUNIT_EXPECT_EQ(test, m.page_size, tu ? SZ_2M : SZ_512M);
	nvt_translate(gpu, vmm_pdb(vmm), 8 * GB + SZ_512M + SZ_4K, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, GB + SZ_512M + SZ_4K);
	KUNIT_EXPECT_EQ(test, x.page_size, tu ? SZ_2M : SZ_512M);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, 8 * GB, SZ_512M), tu ? 0 : 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, 8 * GB + SZ_512M, SZ_2M), tu ? 0 : -EINVAL);
	/* 256 GiB pages: Blackwell only. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 256 * GB, 256 * GB, 256 * GB, VMM_MAP_PAGE_256G),
			gb ? 0 : -EINVAL);
	if (gb) {
		nvt_translate(gpu, vmm_pdb(vmm), 256 * GB + 3 * GB + SZ_4K, &x);
		KUNIT_EXPECT_EQ(test, x.page_size, 256 * GB);
		KUNIT_EXPECT_EQ(test, x.addr, 259 * GB + SZ_4K);
		KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, 256 * GB, 256 * GB), 0);
	}
}

static void without_bar1_only_bar2_is_set_up(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);

	gpu->bar1_size = BAR1_SIZE;
	gpu->bar2_size = NVT_BAR2_SIZE;
	gpu->bar1_skip = true;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_NULL(test, vmm_bar1(gpu));
	KUNIT_EXPECT_NOT_NULL(test, vmm_bar2(gpu));
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), vmm_inst_block(vmm_bar2(gpu)));
	nova_gpu_fini(gpu);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), 0);
}

/*
 * Firmware or another driver bound one BAR in virtual mode before probe:
 * nova_vmm leaves it alone (no address space, its block register never
 * written, still bound after removal) and sets up the other as usual.
 */
static void prebound_bar_is_left_alone(struct kunit *test)
{
	const u64 fw_inst = VRAM_SIZE - SZ_4K;
	unsigned int b;

	for (b = 0; b < 2; b++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);
		struct vmm *other;

		gpu->bar1_size = BAR1_SIZE;
		gpu->bar2_size = NVT_BAR2_SIZE;
		nvt_gpu_prebind(gpu, b, fw_inst);
		KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
		other = b ? vmm_bar1(gpu) : vmm_bar2(gpu);
		KUNIT_EXPECT_NULL(test, b ? vmm_bar2(gpu) : vmm_bar1(gpu));
		KUNIT_ASSERT_NOT_NULL(test, other);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, b), fw_inst);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, !b), vmm_inst_block(other));
		nova_gpu_fini(gpu);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, b), fw_inst);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, !b), 0);
	}
}

/*
 * A GPU without a PCI BAR1 or BAR2 resource: that BAR gets no address space
 * and is never bound; the other BAR and channel address spaces work.
 */
static void missing_bar_resource_leaves_that_bar_off(struct kunit *test)
{
	unsigned int b;

	for (b = 0; b < 2; b++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);
		struct vmm *vmm;

		gpu->bar1_size = b ? BAR1_SIZE : 0;
		gpu->bar2_size = b ? 0 : NVT_BAR2_SIZE;
		KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
		KUNIT_EXPECT_EQ(test, !vmm_bar1(gpu), !b);
		KUNIT_EXPECT_EQ(test, !vmm_bar2(gpu), !!b);
		KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, b), 0);
		KUNIT_EXPECT_NE(test, nvt_gpu_bar_inst(gpu, !b), 0);
		if (b)
			KUNIT_EXPECT_EQ(test, vmm_map(vmm_bar1(gpu), 0, 0, SZ_64K, 0), 0);
		vmm = vmm_create(gpu, 0, GB);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, vmm);
		if (!IS_ERR_OR_NULL(vmm))
			KUNIT_EXPECT_EQ(test, vmm_map(vmm, 0, 0, SZ_2M, 0), 0);
		if (!IS_ERR_OR_NULL(vmm))
			vmm_put(vmm);
		if (b)
			KUNIT_EXPECT_EQ(test, vmm_unmap(vmm_bar1(gpu), 0, SZ_64K), 0);
		nova_gpu_fini(gpu);
	}
}

static struct kunit_case bar_test_cases[] = {
	KUNIT_CASE_PARAM(inst_block_bytes_match_the_layout, bar_chip_gen_params),
	KUNIT_CASE_PARAM(channel_inst_block_fills_subcontext_0, bar_chip_gen_params),
	KUNIT_CASE_PARAM(bar_inst_blocks_have_no_subcontexts, bar_chip_gen_params),
	KUNIT_CASE_PARAM(bars_are_bound_through_the_family_registers, bar_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_spans_the_aperture_and_invalidates_hub_only, bar_chip_gen_params),
	KUNIT_CASE_PARAM(turing_downgrades_also_membar_but_on_bar2, bar_chip_gen_params),
	KUNIT_CASE_PARAM(bind_that_never_completes_times_out, bar_chip_gen_params),
	KUNIT_CASE_PARAM(remove_unbinds_both_bars, bar_chip_gen_params),
	KUNIT_CASE_PARAM(huge_pages_where_the_chip_has_them, bar_chip_gen_params),
	KUNIT_CASE_PARAM(without_bar1_only_bar2_is_set_up, bar_chip_gen_params),
	KUNIT_CASE_PARAM(prebound_bar_is_left_alone, bar_chip_gen_params),
	KUNIT_CASE_PARAM(missing_bar_resource_leaves_that_bar_off, bar_chip_gen_params),
	{}
};

static struct kunit_suite bar_test_suite = {
	.name = "nova_vmm_bar",
	.test_cases = bar_test_cases,
};

kunit_test_suite(bar_test_suite);
