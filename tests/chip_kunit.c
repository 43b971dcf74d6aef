// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: chip identification and VRAM size.
 *
 * The expected values are this file's own reading of NVIDIA's headers (see
 * ../shared/reference/hw-reference.md §1-2), not the driver's chip table.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/log2.h>
#include <linux/sizes.h>

#include "io/chip.h"
#include "drv/bringup.h"
#include "io/gpu.h"
#include "hw/nv_bus.h"
#include "hw/nv_fb.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "fmt/pt_fmt.h"

struct chip_case {
	u32 id;
	const char *name;
	enum nova_family family;
	u8 mmu_version;
	u32 window_reg;
};

static const struct chip_case chip_cases[] = {
	{ 0x162, "TU102", NOVA_TURING, 2, 0x1700 },
	{ 0x164, "TU104", NOVA_TURING, 2, 0x1700 },
	{ 0x166, "TU106", NOVA_TURING, 2, 0x1700 },
	{ 0x167, "TU117", NOVA_TURING, 2, 0x1700 },
	{ 0x168, "TU116", NOVA_TURING, 2, 0x1700 },
	{ 0x170, "GA100", NOVA_AMPERE, 2, 0x1700 },
	{ 0x172, "GA102", NOVA_AMPERE, 2, 0x1700 },
	{ 0x173, "GA103", NOVA_AMPERE, 2, 0x1700 },
	{ 0x174, "GA104", NOVA_AMPERE, 2, 0x1700 },
	{ 0x176, "GA106", NOVA_AMPERE, 2, 0x1700 },
	{ 0x177, "GA107", NOVA_AMPERE, 2, 0x1700 },
	{ 0x180, "GH100", NOVA_HOPPER, 3, 0x10fd40 },
	{ 0x192, "AD102", NOVA_ADA, 2, 0x1700 },
	{ 0x193, "AD103", NOVA_ADA, 2, 0x1700 },
	{ 0x194, "AD104", NOVA_ADA, 2, 0x1700 },
	{ 0x196, "AD106", NOVA_ADA, 2, 0x1700 },
	{ 0x197, "AD107", NOVA_ADA, 2, 0x1700 },
	{ 0x1a0, "GB100", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1a2, "GB102", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1a3, "GB110", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1a4, "GB112", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1b2, "GB202", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1b3, "GB203", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1b5, "GB205", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1b6, "GB206", NOVA_BLACKWELL, 3, 0x10fd40 },
	{ 0x1b7, "GB207", NOVA_BLACKWELL, 3, 0x10fd40 },
};

static void chip_case_desc(const struct chip_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(chip, chip_cases, chip_case_desc);

static void identify_maps_every_known_chip(struct kunit *test)
{
	const struct chip_case *c = test->param_value;
	struct nova_gpu *gpu = nvt_gpu_create(test, c->id, SZ_64M);

	KUNIT_EXPECT_STREQ(test, gpu->chip->name, c->name);
	KUNIT_EXPECT_EQ(test, gpu->chip->id, c->id);
	KUNIT_EXPECT_EQ(test, gpu->chip->family->family, c->family);
	KUNIT_EXPECT_EQ(test, gpu->chip->family->fmt->version, c->mmu_version);
	KUNIT_EXPECT_EQ(test, gpu->chip->family->window->reg, c->window_reg);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, (u64)SZ_64M);
}

static const u32 unsupported_ids[] = {
	0x140,	/* GV100: Volta, pre-Turing */
	0x138,	/* GP108: Pascal */
	0x160,	/* an implementation of Turing that does not exist */
	0x1bf,	/* an unknown Blackwell */
	0x3ff,	/* largest CHIP_ID */
};

static void identify_rejects_unsupported_chips(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unsupported_ids); i++) {
		struct nova_gpu *gpu = nvt_gpu_alloc(test, unsupported_ids[i], SZ_64M);

		KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
		KUNIT_EXPECT_NULL(test, gpu->chip);
		KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
	}
}

static void identify_names_boot0_chip_when_boot42_is_zero(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA102, SZ_64M);

	/* A chip without BOOT_42 is older than any supported one. */
	nvt_gpu_set_reg(gpu, NV_PMC_BOOT_42, 0);
	KUNIT_EXPECT_EQ(test, nova_chip_identify(gpu), -ENODEV);
	KUNIT_EXPECT_NULL(test, gpu->chip);
}

static void identify_reports_gone_device(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA102, SZ_64M);

	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
	KUNIT_EXPECT_TRUE(test, nova_gpu_gone(gpu));
}

static void identify_reads_only_boot42_for_the_chip(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_TU102, SZ_64M);

	/* BOOT_0 says Turing, BOOT_42 says Ada: BOOT_42 wins, as in RM. */
	nvt_gpu_set_reg(gpu, NV_PMC_BOOT_42,
			FIELD_PREP(NV_PMC_BOOT_42_CHIP_ID, NV_CHIP_AD104));
	KUNIT_ASSERT_EQ(test, nova_chip_identify(gpu), 0);
	KUNIT_EXPECT_STREQ(test, gpu->chip->name, "AD104");
}

static void vram_size_turing_uses_local_memory_range(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_TU104, SZ_64M);

	/* MAG 3, SCALE 10: 3 << 30 = 3 GiB, reported without backing it. */
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE,
			FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG, 3) |
			FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, 10));
	KUNIT_ASSERT_EQ(test, nova_chip_identify(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_vram_size_read(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, 3ULL * SZ_1G);
}

static void vram_size_turing_with_ecc_loses_one_sixteenth(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_TU102, SZ_64M);

	/* MAG 1, SCALE 14: 16 GiB, ECC on: 15 GiB usable. */
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE,
			FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG, 1) |
			FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, 14) |
			NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_MODE);
	KUNIT_ASSERT_EQ(test, nova_chip_identify(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_vram_size_read(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, 15ULL * SZ_1G);
}

static void vram_size_ga100_uses_local_memory_range(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA100, SZ_64M);

	nvt_gpu_set_reg(gpu, NV_USABLE_FB_SIZE_IN_MB, 1);
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, (u64)SZ_64M);
	nova_gpu_fini(gpu);
}

static void vram_size_ga102_uses_usable_fb_size_in_mb(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GA102, SZ_64M);

	nvt_gpu_set_reg(gpu, NV_USABLE_FB_SIZE_IN_MB, 24 * 1024);
	nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, 0);
	KUNIT_ASSERT_EQ(test, nova_chip_identify(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_vram_size_read(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, 24ULL * SZ_1G);
}

static void vram_size_zero_is_rejected(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, NV_CHIP_GB202, SZ_64M);

	nvt_gpu_set_reg(gpu, NV_USABLE_FB_SIZE_IN_MB, 0);
	KUNIT_EXPECT_EQ(test, nova_gpu_init(gpu), -ENODEV);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
}

static void pramin_reach_is_the_window_field_width(struct kunit *test)
{
	/* BASE 23:0 (TU), 21:0 (GH100), 22:0 (GB) in 64 KiB units. */
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_TU102)->family->window->reach, 1ULL << 40);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GH100)->family->window->reach, 1ULL << 38);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GB202)->family->window->reach, 1ULL << 39);
	KUNIT_EXPECT_EQ(test, nova_chip_find(NV_CHIP_GB100)->family->window->reach, 1ULL << 39);
}

/*
 * Review L13: a VRAM size register holding garbage. One chip per size
 * register and MMU format; @max is this file's reading of the headers: the
 * lower of the PRAMIN window's reach (BASE field, above) and what a PTE's
 * ADDRESS_VID addresses (v2 32:8 and v3 39:12, in 4 KiB units).
 */
struct vram_size_case {
	u32 id;
	const char *name;
	u64 max;
};

static const struct vram_size_case vram_size_cases[] = {
	{ NV_CHIP_TU102, "TU102 (LOCAL_MEMORY_RANGE, v2)", 1ULL << 37 },
	{ NV_CHIP_GA102, "GA102 (USABLE_FB_SIZE_IN_MB, v2)", 1ULL << 37 },
	{ NV_CHIP_GH100, "GH100 (USABLE_FB_SIZE_IN_MB, v3)", 1ULL << 38 },
	{ NV_CHIP_GB202, "GB202 (USABLE_FB_SIZE_IN_MB, v3)", 1ULL << 39 },
};

static void vram_size_case_desc(const struct vram_size_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(vram_size, vram_size_cases, vram_size_case_desc);

/* NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE for @mag << (@scale + 20) bytes, no ECC. */
static u32 lmr_val(u32 mag, u32 scale)
{
	return FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG, mag) |
	       FIELD_PREP(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE, scale);
}

/* Make the chip's size register read @size, a power of two of 32 MiB or more. */
static void set_vram_size_reg(struct nova_gpu *gpu, u32 id, u64 size)
{
	u32 s = ilog2(size) - NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT;

	if (nova_chip_find(id)->vram_size_reg == NOVA_VRAM_LOCAL_MEMORY_RANGE)
		nvt_gpu_set_reg(gpu, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, lmr_val(32, s - 5));
	else
		nvt_gpu_set_reg(gpu, NV_USABLE_FB_SIZE_IN_MB,
				size >> NV_USABLE_FB_SIZE_IN_MB_SHIFT);
}

/* Probe on a 64 MiB fake whose register reads @reg: refused before any MMIO write or allocation. */
static void expect_probe_refused(struct kunit *test, u32 id, u32 reg, u32 v)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, id, SZ_64M);

	nvt_gpu_set_reg(gpu, reg, v);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ_MSG(test, nova_gpu_init(gpu), -ENODEV, "register %#x = %#x", reg, v);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_NULL(test, gpu->pramin);
}

static void vram_size_max_is_the_lower_of_window_and_pte_reach(struct kunit *test)
{
	const struct vram_size_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, nova_vram_size_max(nova_chip_find(c->id)), c->max);
}

static void vram_size_past_what_the_chip_addresses_fails_the_probe(struct kunit *test)
{
	const struct vram_size_case *c = test->param_value;
	bool lmr = nova_chip_find(c->id)->vram_size_reg == NOVA_VRAM_LOCAL_MEMORY_RANGE;
	u32 reg = lmr ? NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE : NV_USABLE_FB_SIZE_IN_MB;
	u32 s = ilog2(c->max) - NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_SCALE_SHIFT;
	u32 mib = c->max >> NV_USABLE_FB_SIZE_IN_MB_SHIFT;
	/* Twice the maximum; the largest the fields hold; just above it (33/32). */
	u32 garbage[] = {
		lmr ? lmr_val(16, s - 3) : 2 * mib,
		lmr ? lmr_val(FIELD_MAX(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG),
			      FIELD_MAX(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE)) :
		      (u32)NV_USABLE_FB_SIZE_IN_MB_VALUE - 1,
		lmr ? lmr_val(33, s - 5) : mib + 1,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(garbage); i++)
		expect_probe_refused(test, c->id, reg, garbage[i]);
}

static void vram_size_zero_fails_the_probe_on_every_size_register(struct kunit *test)
{
	const struct vram_size_case *c = test->param_value;
	bool lmr = nova_chip_find(c->id)->vram_size_reg == NOVA_VRAM_LOCAL_MEMORY_RANGE;

	/* LOCAL_MEMORY_RANGE: MAG 0 at any scale, ECC on or off. */
	expect_probe_refused(test, c->id,
			     lmr ? NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE : NV_USABLE_FB_SIZE_IN_MB,
			     lmr ? NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_SCALE |
				   NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_ECC_MODE : 0);
}

static void vram_size_up_to_the_chip_maximum_is_accepted(struct kunit *test)
{
	const struct vram_size_case *c = test->param_value;
	struct nova_gpu *gpu = nvt_gpu_alloc(test, c->id, SZ_64M);

	/* The maximum itself (the size is only read: the fake backs 64 MiB). */
	set_vram_size_reg(gpu, c->id, c->max);
	KUNIT_ASSERT_EQ(test, nova_chip_identify(gpu), 0);
	KUNIT_EXPECT_EQ(test, nova_vram_size_read(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, c->max);
	/* A sane size probes all the way. */
	set_vram_size_reg(gpu, c->id, SZ_64M);
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->vram_size, (u64)SZ_64M);
	nova_gpu_fini(gpu);
}

static struct kunit_case chip_test_cases[] = {
	KUNIT_CASE_PARAM(identify_maps_every_known_chip, chip_gen_params),
	KUNIT_CASE(identify_rejects_unsupported_chips),
	KUNIT_CASE(identify_names_boot0_chip_when_boot42_is_zero),
	KUNIT_CASE(identify_reports_gone_device),
	KUNIT_CASE(identify_reads_only_boot42_for_the_chip),
	KUNIT_CASE(vram_size_turing_uses_local_memory_range),
	KUNIT_CASE(vram_size_turing_with_ecc_loses_one_sixteenth),
	KUNIT_CASE(vram_size_ga100_uses_local_memory_range),
	KUNIT_CASE(vram_size_ga102_uses_usable_fb_size_in_mb),
	KUNIT_CASE(vram_size_zero_is_rejected),
	KUNIT_CASE(pramin_reach_is_the_window_field_width),
	KUNIT_CASE_PARAM(vram_size_max_is_the_lower_of_window_and_pte_reach, vram_size_gen_params),
	KUNIT_CASE_PARAM(vram_size_past_what_the_chip_addresses_fails_the_probe,
			 vram_size_gen_params),
	KUNIT_CASE_PARAM(vram_size_zero_fails_the_probe_on_every_size_register,
			 vram_size_gen_params),
	KUNIT_CASE_PARAM(vram_size_up_to_the_chip_maximum_is_accepted, vram_size_gen_params),
	{}
};

static struct kunit_suite chip_test_suite = {
	.name = "nova_vmm_chip",
	.test_cases = chip_test_cases,
};

kunit_test_suite(chip_test_suite);
