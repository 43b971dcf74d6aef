// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the VRAM layout read at probe, per chip (issue 15 item 1; review
 * findings F1, F6).
 *
 * The fake GPU fails any test whose driver writes through PRAMIN into VRAM
 * the firmware owns (nvt_gpu.h); these tests check the layout itself, that
 * the first objects (BAR roots and instance blocks) land below it, and that
 * the module parameters cannot reach into it. The expected values are this
 * file's reading of the sources: RM kgspPopulateWprMeta_TU102,
 * memmgrBlockMemLockedMemory_GA100 and kfspPrepareBootCommands_GH100,
 * nouveau tu102_gsp_vga_workspace_addr.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "drv/bringup.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_disp.h"
#include "hw/nv_fb.h"
#include "hw/nv_pmc.h"
#include "mm/vram.h"
#include "nvt_gpu.h"

#define FB		SZ_64M
#define BAR1_SIZE	SZ_16M

/**
 * struct layout_case - A chip and what its firmware reserves.
 * @id: BOOT_42 chip id.
 * @name: Its name.
 * @display: It has NV_PDISP_VGA_WORKSPACE_BASE (a display engine).
 * @fsp: FSP's end-of-FB reserve estimate, FRTS ends no higher than this far
 *       below the end of FB (Hopper on); 0 before.
 */
struct layout_case {
	u32 id;
	const char *name;
	bool display;
	u32 fsp;
};

#define GH	0x200000	/* memmgrGetFBEndReserveSizeEstimate_GM107 */
#define GB	0x220000	/* memmgrGetFBEndReserveSizeEstimate_GB100 */

/* Display engines: RM's gpuFuseSupportsDisplay HALs (generated/g_gpu_nvoc.c). */
static const struct layout_case layout_cases[] = {
	{ 0x162, "TU102", true, 0 }, { 0x164, "TU104", true, 0 }, { 0x166, "TU106", true, 0 },
	{ 0x167, "TU117", true, 0 }, { 0x168, "TU116", true, 0 }, { 0x170, "GA100", false, 0 },
	{ 0x172, "GA102", true, 0 }, { 0x173, "GA103", true, 0 }, { 0x174, "GA104", true, 0 },
	{ 0x176, "GA106", true, 0 }, { 0x177, "GA107", true, 0 }, { 0x180, "GH100", false, GH },
	{ 0x192, "AD102", true, 0 }, { 0x193, "AD103", true, 0 }, { 0x194, "AD104", true, 0 },
	{ 0x196, "AD106", true, 0 }, { 0x197, "AD107", true, 0 }, { 0x1a0, "GB100", false, GB },
	{ 0x1a2, "GB102", false, GB }, { 0x1a3, "GB110", false, GB }, { 0x1a4, "GB112", false, GB },
	{ 0x1b2, "GB202", true, GB }, { 0x1b3, "GB203", true, GB }, { 0x1b5, "GB205", true, GB },
	{ 0x1b6, "GB206", true, GB }, { 0x1b7, "GB207", true, GB },
};

/* Where FRTS ends below a VGA workspace at @vga: 128 KiB-aligned, below FSP's reserve. */
static u64 frts_end(const struct layout_case *c, u64 vga)
{
	return ALIGN_DOWN(min_t(u64, vga, FB - c->fsp), SZ_128K);
}

static void layout_case_desc(const struct layout_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(layout, layout_cases, layout_case_desc);

/* One chip of each MMU version and family that matters here. */
static const u32 gen_ids[] = { NV_CHIP_TU102, NV_CHIP_GA100, NV_CHIP_GA102, NV_CHIP_GH100,
			       NV_CHIP_GB202 };

static void gen_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(gen, gen_ids, gen_desc);

static const struct layout_case *lcase(struct kunit *test)
{
	return test->param_value;
}

static u32 vga_reg(u64 base)
{
	return FIELD_PREP(NV_PDISP_VGA_WORKSPACE_BASE_STATUS,
			  NV_PDISP_VGA_WORKSPACE_BASE_STATUS_VALID) |
	       FIELD_PREP(NV_PDISP_VGA_WORKSPACE_BASE_ADDR,
			  base >> NV_PDISP_VGA_WORKSPACE_BASE_ADDR_SHIFT);
}

static void expect_range(struct kunit *test, const struct nova_vram_range *r, u64 start,
			 u64 end, const char *why)
{
	KUNIT_EXPECT_EQ(test, r->start, start);
	KUNIT_EXPECT_EQ(test, r->end, end);
	KUNIT_EXPECT_STREQ(test, r->why, why);
}

static void layout_reserves_last_mib_and_frts_below_it(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, lcase(test)->id, FB);
	const struct nova_vram_layout *l = &gpu->layout;
	u64 frts = frts_end(lcase(test), FB - SZ_1M);

	KUNIT_ASSERT_EQ(test, l->nr, 2);
	expect_range(test, &l->reserved[0], FB - SZ_1M, FB, "VGA workspace");
	expect_range(test, &l->reserved[1], frts - SZ_1M, frts, "FRTS (WPR2)");
	KUNIT_EXPECT_EQ(test, l->usable_end, frts - SZ_1M);
	KUNIT_EXPECT_EQ(test, nvt_gpu_reserved_base(gpu), frts - SZ_1M);
	KUNIT_EXPECT_EQ(test, nova_vram_managed(gpu), frts - SZ_1M);
}

static void first_bar_objects_land_below_the_reserved_top(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, lcase(test)->id, FB, BAR1_SIZE);
	u64 floor = nvt_gpu_reserved_base(gpu);

	/* On main these were FB - 8 KiB and FB - 16 KiB, PDBs right above. */
	KUNIT_EXPECT_LE(test, nvt_gpu_bar_inst(gpu, 0) + SZ_4K, floor);
	KUNIT_EXPECT_LE(test, nvt_gpu_bar_inst(gpu, 1) + SZ_4K, floor);
	KUNIT_EXPECT_LT(test, vmm_pdb(vmm_bar1(gpu)), floor);
	KUNIT_EXPECT_LT(test, vmm_pdb(vmm_bar2(gpu)), floor);
}

static void valid_vga_workspace_register_moves_the_reserved_top(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, lcase(test)->id, FB);
	const struct nova_vram_layout *l = &gpu->layout;
	u64 vga = FB - SZ_512K, frts;

	nvt_gpu_set_reg(gpu, NV_PDISP_VGA_WORKSPACE_BASE, vga_reg(vga));
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	if (!lcase(test)->display)
		vga = FB - SZ_1M;	/* no display engine: the register is not read */
	frts = frts_end(lcase(test), vga);
	expect_range(test, &l->reserved[0], vga, FB, "VGA workspace");
	expect_range(test, &l->reserved[1], frts - SZ_1M, frts, "FRTS (WPR2)");
	KUNIT_EXPECT_EQ(test, l->usable_end, frts - SZ_1M);
	nova_gpu_fini(gpu);
}

static void vga_workspace_below_the_last_mib_means_the_last_128k(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_AD104, FB);
	const struct nova_vram_layout *l = &gpu->layout;

	nvt_gpu_set_reg(gpu, NV_PDISP_VGA_WORKSPACE_BASE, vga_reg(FB - SZ_4M));
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	expect_range(test, &l->reserved[0], FB - SZ_128K, FB, "VGA workspace");
	expect_range(test, &l->reserved[1], FB - SZ_128K - SZ_1M, FB - SZ_128K, "FRTS (WPR2)");
	nova_gpu_fini(gpu);
}

static void vga_workspace_without_valid_status_is_the_last_mib(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA102, FB);

	nvt_gpu_set_reg(gpu, NV_PDISP_VGA_WORKSPACE_BASE,
			vga_reg(FB - SZ_512K) & ~NV_PDISP_VGA_WORKSPACE_BASE_STATUS);
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	expect_range(test, &gpu->layout.reserved[0], FB - SZ_1M, FB, "VGA workspace");
	nova_gpu_fini(gpu);
}

static void vga_workspace_past_vram_is_the_last_mib(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GB202, FB);

	nvt_gpu_set_reg(gpu, NV_PDISP_VGA_WORKSPACE_BASE, vga_reg(2 * FB));
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	expect_range(test, &gpu->layout.reserved[0], FB - SZ_1M, FB, "VGA workspace");
	nova_gpu_fini(gpu);
}

static void set_mmu_lock(struct nova_gpu *gpu, u64 lo, u64 hi)
{
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_LO,
			FIELD_PREP(NV_PFB_PRI_MMU_LOCK_ADDR_LO_VAL,
				   lo >> NV_PFB_PRI_MMU_LOCK_ADDR_LO_ALIGNMENT));
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_ADDR_HI,
			FIELD_PREP(NV_PFB_PRI_MMU_LOCK_ADDR_HI_VAL,
				   hi >> NV_PFB_PRI_MMU_LOCK_ADDR_HI_ALIGNMENT));
}

static void ga100_mmu_locked_range_is_reserved_with_frts_below(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA100, FB);
	const struct nova_vram_layout *l = &gpu->layout;

	gpu->bar1_size = BAR1_SIZE;
	set_mmu_lock(gpu, FB - SZ_4M, FB - SZ_4K);
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, l->nr, 3);
	expect_range(test, &l->reserved[0], FB - SZ_1M, FB, "VGA workspace");
	expect_range(test, &l->reserved[1], FB - SZ_4M, FB, "MMU lock (GA100 row remapper)");
	expect_range(test, &l->reserved[2], FB - 5 * SZ_1M, FB - SZ_4M, "FRTS (WPR2)");
	KUNIT_EXPECT_EQ(test, l->usable_end, FB - 5 * SZ_1M);
	KUNIT_EXPECT_EQ(test, nvt_gpu_reserved_base(gpu), FB - 5 * SZ_1M);
	KUNIT_EXPECT_LT(test, vmm_pdb(vmm_bar2(gpu)), FB - 5 * SZ_1M);
	nova_gpu_fini(gpu);
}

static void ga100_mmu_lock_not_ending_at_the_top_fails_probe(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA100, FB);

	set_mmu_lock(gpu, FB - SZ_8M, FB - SZ_4M);
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
}

static void ga100_unreadable_mmu_lock_fails_probe(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA100, FB);

	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCK_CFG_PRIV_LEVEL_MASK, 0);
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
}

static void only_ga100_reads_the_mmu_lock(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA102, FB);

	/* A lock that GA100 would refuse means nothing on GA102. */
	set_mmu_lock(gpu, FB - SZ_8M, FB - SZ_4M);
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->layout.usable_end, FB - SZ_2M);
	nova_gpu_fini(gpu);
}

static void vram_range_reaching_reserved_vram_is_refused(struct kunit *test)
{
	static const struct {
		u64 below, limit;	/* start: @below under the reserved base */
	} bad[] = {
		{ SZ_2M, 0 },			/* up to the end of VRAM */
		{ SZ_2M, SZ_2M + SZ_4K },	/* one page of FRTS */
		{ 0, SZ_4K },			/* starts in FRTS */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, FB);

		gpu->vram_start = nvt_gpu_reserved_base(gpu) - bad[i].below;
		gpu->vram_limit = bad[i].limit ?: FB - gpu->vram_start;
		KUNIT_EXPECT_EQ_MSG(test, nova_gpu_init(gpu), -EINVAL, "range %u", i);
	}
}

static void vram_range_inside_the_vga_workspace_is_refused(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, FB);

	gpu->vram_start = FB - SZ_1M;
	gpu->vram_limit = SZ_4K;
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -EINVAL);
}

static void vram_range_up_to_the_reserved_top_is_accepted(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, FB);

	gpu->vram_start = nvt_gpu_reserved_base(gpu) - SZ_2M;
	gpu->vram_limit = SZ_2M;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_managed(gpu), SZ_2M);
	KUNIT_EXPECT_EQ(test, gpu->layout.usable_end, nvt_gpu_reserved_base(gpu));
	nova_gpu_fini(gpu);
}

static void vram_start_alone_narrows_to_the_usable_end(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, FB);

	gpu->vram_start = SZ_16M;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_managed(gpu), gpu->layout.usable_end - SZ_16M);
	nova_gpu_fini(gpu);
}

static void allocator_refuses_a_range_into_reserved_vram(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, FB);
	struct nova_vram *mine = gpu->vram;

	KUNIT_EXPECT_EQ(test, nova_vram_init(gpu, 0, FB), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_vram_init(gpu, gpu->layout.usable_end, SZ_4K), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, gpu->vram, mine);
}

static void vram_too_small_for_the_reserved_ranges_fails_probe(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, SZ_2M);

	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
}

static struct kunit_case vram_layout_test_cases[] = {
	KUNIT_CASE_PARAM(layout_reserves_last_mib_and_frts_below_it, layout_gen_params),
	KUNIT_CASE_PARAM(first_bar_objects_land_below_the_reserved_top, layout_gen_params),
	KUNIT_CASE_PARAM(valid_vga_workspace_register_moves_the_reserved_top, layout_gen_params),
	KUNIT_CASE(vga_workspace_below_the_last_mib_means_the_last_128k),
	KUNIT_CASE(vga_workspace_without_valid_status_is_the_last_mib),
	KUNIT_CASE(vga_workspace_past_vram_is_the_last_mib),
	KUNIT_CASE(ga100_mmu_locked_range_is_reserved_with_frts_below),
	KUNIT_CASE(ga100_mmu_lock_not_ending_at_the_top_fails_probe),
	KUNIT_CASE(ga100_unreadable_mmu_lock_fails_probe),
	KUNIT_CASE(only_ga100_reads_the_mmu_lock),
	KUNIT_CASE_PARAM(vram_range_reaching_reserved_vram_is_refused, gen_gen_params),
	KUNIT_CASE_PARAM(vram_range_inside_the_vga_workspace_is_refused, gen_gen_params),
	KUNIT_CASE_PARAM(vram_range_up_to_the_reserved_top_is_accepted, gen_gen_params),
	KUNIT_CASE_PARAM(vram_start_alone_narrows_to_the_usable_end, gen_gen_params),
	KUNIT_CASE_PARAM(allocator_refuses_a_range_into_reserved_vram, gen_gen_params),
	KUNIT_CASE_PARAM(vram_too_small_for_the_reserved_ranges_fails_probe, gen_gen_params),
	{}
};

static struct kunit_suite vram_layout_test_suite = {
	.name = "nova_vmm_vram_layout",
	.test_cases = vram_layout_test_cases,
};

kunit_test_suite(vram_layout_test_suite);
