// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: BAR1 as users ask for it. The Resizable BAR decision (which size,
 * when to skip, what a failure leads to), the end of BAR1 (maps and CPU
 * mappings never cross it), BAR1 usage (debugfs ``bars``) and static BAR1
 * (all usable VRAM mapped at probe, offsets per allocation, client maps
 * refused), and CPU mappings of BAR1 that never reach a neighbour's range
 * (review L14).
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <nova_vmm/vmm.h>

#include "drv/bar.h"
#include "drv/bringup.h"
#include "drv/debugfs.h"
#include "drv/rebar.h"
#include "fmt/pt_fmt.h"
#include "hw/nv_mmu_v2.h"
#include "hw/nv_pmc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "vmm/usage.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define BAR1_SIZE	SZ_256M
#define BIG_VRAM	SZ_2G
#define BIG_BACKED	SZ_64M
#define SHOW_SIZE	SZ_4K

/* pci_rebar encoding: 2^n MiB. */
#define RB_64M		6
#define RB_256M		8
#define RB_512M		9
#define RB_1G		10
#define RB_SIZES(lo, hi)	GENMASK(hi, lo)

/* --- Resizable BAR: the decision ----------------------------------------- */

static void resize_tries_the_largest_offered_size_first(struct kunit *test)
{
	struct nova_rebar_in in = { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_256M };
	const char *why;

	KUNIT_EXPECT_EQ(test, nova_rebar_first(&in, &why), RB_1G);
	KUNIT_EXPECT_NULL(test, why);
	in.sizes = BIT(RB_256M) | BIT(RB_512M);
	KUNIT_EXPECT_EQ(test, nova_rebar_first(&in, &why), RB_512M);
}

static void resize_steps_down_only_on_enospc_and_only_above_the_current_size(struct kunit *test)
{
	struct nova_rebar_in in = { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_256M };

	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_1G, -ENOSPC), RB_512M);
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_512M, -ENOSPC), -1);
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_1G, -ENOTSUPP), -1);
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_1G, -EINVAL), -1);
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_1G, -EBUSY), -1);
	/* Sizes with holes: the next one offered, not the next power of two. */
	in.sizes = BIT(RB_64M) | BIT(RB_256M) | BIT(RB_1G);
	in.cur = RB_64M;
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_1G, -ENOSPC), RB_256M);
	KUNIT_EXPECT_EQ(test, nova_rebar_next(&in, RB_256M, -ENOSPC), -1);
}

/**
 * struct skip_case - A device nova_vmm must not resize, and why.
 * @in: The device.
 * @why: What dmesg says.
 */
struct skip_case {
	struct nova_rebar_in in;
	const char *why;
};

static const struct skip_case skip_cases[] = {
	{ { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_256M, .off = true }, "off (rebar=0)" },
	{ { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_256M, .thunderbolt = true },
	  "Thunderbolt-attached" },
	{ { .sizes = 0, .cur = RB_256M }, "no Resizable BAR capability" },
	{ { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_256M, .busy = true },
	  "the aperture is in use" },
	{ { .sizes = RB_SIZES(RB_64M, RB_1G), .cur = RB_1G }, "already the largest size offered" },
	{ { .sizes = RB_SIZES(RB_64M, RB_256M), .cur = RB_1G },
	  "already the largest size offered" },
};

static void skip_case_desc(const struct skip_case *c, char *desc)
{
	strscpy(desc, c->why, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(skip, skip_cases, skip_case_desc);

static void resize_is_not_tried_and_says_why(struct kunit *test)
{
	const struct skip_case *c = test->param_value;
	const char *why;

	KUNIT_EXPECT_EQ(test, nova_rebar_first(&c->in, &why), -1);
	KUNIT_EXPECT_STREQ(test, why, c->why);
}

/* --- A GPU with BARs ------------------------------------------------------- */

static const u32 bar1_chips[] = { NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_GH100 };

static void bar1_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(bar1_chip, bar1_chips, bar1_chip_desc);

static u32 chip_of(struct kunit *test)
{
	return *(const u32 *)test->param_value;
}

static void gpu_fini_action(void *gpu)
{
	nova_gpu_fini(gpu);
}

/* A fake GPU, up, with BAR1 of @bar1 bytes (and BAR2); @vram_size backed at the top. */
static struct nova_gpu *bars_gpu(struct kunit *test, u64 vram_size, u64 backed, u64 bar1,
				 bool bar1_static)
{
	struct nova_gpu *gpu = nvt_gpu_alloc_partial(test, chip_of(test), vram_size, backed);

	gpu->bar1_size = bar1;
	gpu->bar2_size = NVT_BAR2_SIZE;
	gpu->bar1_static = bar1_static;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gpu_fini_action, gpu), 0);
	return gpu;
}

#if IS_ENABLED(CONFIG_DEBUG_FS)
static const char *show(struct kunit *test, int (*fn)(struct seq_file *, void *), void *priv)
{
	return nvt_show(test, fn, priv, SHOW_SIZE);
}

static void expect_bars(struct kunit *test, struct nova_gpu *gpu, const char *want)
{
	KUNIT_EXPECT_STREQ(test, show(test, nova_bars_show, gpu), want);
}
#else
static void expect_bars(struct kunit *test, struct nova_gpu *gpu, const char *want) { }
#endif

/* --- The end of BAR1 ------------------------------------------------------- */

static void bar1_maps_never_cross_the_end_of_bar1(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);
	struct vmm *bar1 = vmm_bar1(gpu);
	struct vmm_op *op;

	KUNIT_ASSERT_NOT_NULL(test, bar1);
	KUNIT_EXPECT_EQ(test, vmm_map(bar1, BAR1_SIZE - SZ_4K, 0, SZ_8K, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, vmm_map(bar1, BAR1_SIZE, 0, SZ_4K, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, vmm_sparse(bar1, BAR1_SIZE - SZ_2M, SZ_4M, true), -ERANGE);
	op = vmm_map_prepare(bar1, BAR1_SIZE - SZ_64K, 0, SZ_128K, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -ERANGE);
	/* The last page is BAR1's. */
	KUNIT_EXPECT_EQ(test, vmm_map(bar1, BAR1_SIZE - SZ_4K, 0, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(bar1, BAR1_SIZE - SZ_4K, SZ_4K), 0);
}

static void bar1_iomap_never_crosses_the_end_of_bar1(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);

	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_bar1_iomap(gpu, BAR1_SIZE - PAGE_SIZE, 2 * PAGE_SIZE)),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_bar1_iomap(gpu, BAR1_SIZE, PAGE_SIZE)), -ERANGE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_bar1_iomap(gpu, PAGE_SIZE, U64_MAX & PAGE_MASK)),
			-ERANGE);
	/* In range, it gets as far as the PCI device, which the fake lacks. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_bar1_iomap(gpu, BAR1_SIZE - PAGE_SIZE, PAGE_SIZE)),
			-ENODEV);
}

/* --- Usage ----------------------------------------------------------------- */

static void bar1_usage_counts_mapped_bytes_and_the_largest_free_extent(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);
	struct vmm *bar1 = vmm_bar1(gpu);
	struct nova_vmm_usage u;

	nova_vmm_usage(bar1, &u);
	KUNIT_EXPECT_EQ(test, u.total, BAR1_SIZE);
	KUNIT_EXPECT_EQ(test, u.used, 0);
	KUNIT_EXPECT_EQ(test, u.largest_free, BAR1_SIZE);
	/* 2 MiB at 16 MiB, 64 KiB + 4 KiB at 200 MiB, a sparse 2 MiB (free). */
	KUNIT_ASSERT_EQ(test, vmm_map(bar1, SZ_16M, 0, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(bar1, 200 * SZ_1M, SZ_2M, SZ_64K + SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(bar1, 100 * SZ_1M, SZ_2M, true), 0);
	nova_vmm_usage(bar1, &u);
	KUNIT_EXPECT_EQ(test, u.used, SZ_2M + SZ_64K + SZ_4K);
	KUNIT_EXPECT_EQ(test, u.largest_free, 200 * SZ_1M - SZ_16M - SZ_2M);
	expect_bars(test, gpu, "bar1: 256 MiB, dynamic\nbar1 total: 262144 KiB\n"
		    "bar1 used: 2116 KiB\nbar1 free: 260028 KiB\n"
		    "bar1 largest free: 186368 KiB\nbar2: 32 MiB\npage tables: PRAMIN\n");
	KUNIT_ASSERT_EQ(test, vmm_unmap(bar1, SZ_16M, SZ_2M), 0);
	nova_vmm_usage(bar1, &u);
	KUNIT_EXPECT_EQ(test, u.used, SZ_64K + SZ_4K);
	KUNIT_EXPECT_EQ(test, u.largest_free, 200 * SZ_1M);
	KUNIT_ASSERT_EQ(test, vmm_unmap(bar1, 200 * SZ_1M, SZ_64K + SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(bar1, 100 * SZ_1M, SZ_2M, false), 0);
	nova_vmm_usage(bar1, &u);
	KUNIT_EXPECT_EQ(test, u.used, 0);
	KUNIT_EXPECT_EQ(test, u.largest_free, BAR1_SIZE);
}

static void bars_file_says_why_a_bar_is_off(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);

	gpu->bar1_size = BAR1_SIZE;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gpu_fini_action, gpu), 0);
	expect_bars(test, gpu, "bar1: 256 MiB, dynamic\nbar1 total: 262144 KiB\n"
		    "bar1 used: 0 KiB\nbar1 free: 262144 KiB\n"
		    "bar1 largest free: 262144 KiB\nbar2: absent\npage tables: PRAMIN\n");
	gpu = nvt_gpu_alloc(test, chip_of(test), VRAM_SIZE);
	gpu->bar2_size = NVT_BAR2_SIZE;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gpu_fini_action, gpu), 0);
	expect_bars(test, gpu, "bar1: absent\nbar2: 32 MiB\npage tables: PRAMIN\n");
}

/* --- Static BAR1 ----------------------------------------------------------- */

static bool chip_has_512m(struct nova_gpu *gpu)
{
	return gpu->chip->family->page_sizes & BIT(NOVA_PAGE_512M);
}

static void expect_identity(struct kunit *test, struct nova_gpu *gpu, u64 va, u64 page)
{
	struct nvt_xlate x;

	nvt_translate(gpu, vmm_pdb(vmm_bar1(gpu)), va, &x);
	KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_MAPPED, "BAR1 %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.addr, va, "BAR1 %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.page_size, page, "BAR1 %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.aperture, 0, "BAR1 %#llx", va);
}

static void static_bar1_maps_all_usable_vram_with_the_largest_pages(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, BIG_VRAM, BIG_BACKED, BIG_VRAM, true);
	u64 end = gpu->layout.usable_end, top = chip_has_512m(gpu) ? SZ_512M : SZ_2M;
	struct vmm_mapping m;
	struct nvt_xlate x;

	expect_identity(test, gpu, 0, top);
	expect_identity(test, gpu, SZ_1G + SZ_4K, top);
	expect_identity(test, gpu, ALIGN_DOWN(end, top) - SZ_4K, top);
	/* The tail below the reserved top: 2 MiB pages, then 64 KiB ones. */
	expect_identity(test, gpu, ALIGN_DOWN(end, SZ_2M) - SZ_4K, SZ_2M);
	expect_identity(test, gpu, end - SZ_4K, IS_ALIGNED(end, SZ_2M) ? SZ_2M : SZ_64K);
	nvt_translate(gpu, vmm_pdb(vmm_bar1(gpu)), end, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_FAULT);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm_bar1(gpu), end - 1, &m), 0);
	KUNIT_EXPECT_EQ(test, m.flags, VMM_MAP_KIND(NV_MMU_PTE_KIND_GENERIC_MEMORY));
}

static void static_bar1_gives_offsets_and_refuses_client_maps(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, true);
	struct vmm *bar1 = vmm_bar1(gpu);
	u64 end = gpu->layout.usable_end, off = 0;
	const struct vmm_vram_seg *seg;
	struct vmm_vram *mem;
	struct nvt_xlate x;
	unsigned int n;
	char *want;

	mem = vmm_vram_alloc(gpu, SZ_1M, SZ_4K, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mem));
	seg = vmm_vram_segs(mem, &n);
	KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(mem, &off), 0);
	KUNIT_EXPECT_EQ(test, off, seg[0].addr);
	nvt_translate(gpu, vmm_pdb(bar1), off + SZ_64K + 8, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, seg[0].addr + SZ_64K + 8);
	vmm_vram_free(mem);
	KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(NULL, &off), -EINVAL);

	KUNIT_EXPECT_EQ(test, vmm_map(bar1, BAR1_SIZE - SZ_4K, 0, SZ_4K, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_unmap(bar1, 0, SZ_2M), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_protect(bar1, 0, SZ_2M, VMM_MAP_READ_ONLY), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_sparse(bar1, BAR1_SIZE - SZ_2M, SZ_2M, true), -EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_map_prepare(bar1, BAR1_SIZE - SZ_4K, 0, SZ_4K, 0)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_unmap_prepare(bar1, 0, SZ_2M)), -EBUSY);
	/* Nothing changed: VRAM 0 is still at BAR1 0. */
	expect_identity(test, gpu, 0, SZ_2M);
	want = kunit_kzalloc(test, SHOW_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	snprintf(want, SHOW_SIZE, "bar1: 256 MiB, static\nbar1 total: 262144 KiB\n"
		 "bar1 used: %llu KiB\nbar1 free: %llu KiB\n"
		 "bar1 largest free: %llu KiB\nbar2: 32 MiB\npage tables: PRAMIN\n", end / SZ_1K,
		 (BAR1_SIZE - end) / SZ_1K, (BAR1_SIZE - end) / SZ_1K);
	expect_bars(test, gpu, want);
}

static void static_bar1_is_off_by_default_and_when_bar1_is_too_small(struct kunit *test)
{
	struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);
	struct vmm_vram *mem = vmm_vram_alloc(gpu, SZ_64K, SZ_4K, VMM_VRAM_CONTIGUOUS);
	u64 off;

	KUNIT_ASSERT_FALSE(test, IS_ERR(mem));
	KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(mem, &off), -EOPNOTSUPP);
	vmm_vram_free(mem);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm_bar1(gpu), 0, 0, SZ_4K, 0), 0);

	/* BAR1 of 32 MiB over 64 MiB of VRAM: dynamic, whatever the parameter. */
	gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, SZ_32M, true);
	mem = vmm_vram_alloc(gpu, SZ_64K, SZ_4K, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mem));
	KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(mem, &off), -EOPNOTSUPP);
	vmm_vram_free(mem);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm_bar1(gpu), 0, 0, SZ_4K, 0), 0);
}

/* --- CPU mappings of BAR1 (review L14) ------------------------------------- */

/*
 * The CPU pages the tests below pretend to have: UML's 4 KiB, and the
 * 64 KiB of arm64 and ppc64 kernels, set as BAR1's VA granule (the one
 * place nova_vmm reads PAGE_SIZE for BAR1) before anything is claimed.
 */
static const u64 cpu_pages[] = { SZ_4K, SZ_64K };

static void set_cpu_page(struct nova_gpu *gpu, u64 page)
{
	vmm_bar1(gpu)->va_granule = page;
}

/* Expect nova_bar1_cpu_range(@off, @size) to map [@start, @start + @len). */
static void expect_cpu_range(struct kunit *test, struct nova_gpu *gpu, u64 off, u64 size,
			     u64 start, u64 len)
{
	u64 s = 0, l = 0;

	KUNIT_EXPECT_EQ_MSG(test, nova_bar1_cpu_range(gpu, off, size, &s, &l), 0,
			    "%#llx+%#llx", off, size);
	KUNIT_EXPECT_EQ_MSG(test, s, start, "%#llx+%#llx", off, size);
	KUNIT_EXPECT_EQ_MSG(test, l, len, "%#llx+%#llx", off, size);
}

static void expect_cpu_range_refused(struct kunit *test, struct nova_gpu *gpu, u64 off, u64 size)
{
	u64 s, l;

	KUNIT_EXPECT_EQ_MSG(test, nova_bar1_cpu_range(gpu, off, size, &s, &l), -EPERM,
			    "%#llx+%#llx", off, size);
}

static void bar1_va_is_claimed_in_cpu_pages_so_neighbours_never_share_one(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpu_pages); i++) {
		struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);
		struct vmm *bar1 = vmm_bar1(gpu);
		u64 g = cpu_pages[i], a, b, x = SZ_128M;

		set_cpu_page(gpu, g);
		/* Clients A and B each ask for 4 KiB. */
		KUNIT_ASSERT_EQ(test, vmm_va_alloc(bar1, SZ_4K, 0, &a), 0);
		KUNIT_ASSERT_EQ(test, vmm_va_alloc(bar1, SZ_4K, 0, &b), 0);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED(a | b, g), "%#llx %#llx", a, b);
		KUNIT_EXPECT_NE_MSG(test, a / g, b / g, "page %#llx", g);
		/*
		 * A claims x; B cannot claim the 4 KiB after it inside A's CPU
		 * page (with 4 KiB pages that is a page of its own), only the
		 * next CPU page.
		 */
		KUNIT_EXPECT_EQ(test, vmm_va_reserve(bar1, x, SZ_4K), g == SZ_4K ? 0 : -EINVAL);
		KUNIT_EXPECT_EQ(test, vmm_va_reserve(bar1, x, g), g == SZ_4K ? -EEXIST : 0);
		KUNIT_EXPECT_EQ(test, vmm_va_reserve(bar1, x + SZ_4K, SZ_4K),
				g == SZ_4K ? 0 : -EINVAL);
		KUNIT_EXPECT_EQ(test, vmm_va_reserve(bar1, x + 2 * g, g), 0);
	}
}

static void bar1_cpu_mapping_covers_one_claim_whole_rounded_to_the_cpu_page(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpu_pages); i++) {
		struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, false);
		struct vmm *bar1 = vmm_bar1(gpu);
		u64 g = cpu_pages[i], x = SZ_128M;

		set_cpu_page(gpu, g);
		KUNIT_ASSERT_EQ(test, vmm_va_reserve(bar1, x, g), 0);		/* A */
		KUNIT_ASSERT_EQ(test, vmm_va_reserve(bar1, x + g, g), 0);	/* B */
		/* 4 KiB of A's, anywhere in its CPU page: that whole page, no more. */
		expect_cpu_range(test, gpu, x, SZ_4K, x, g);
		expect_cpu_range(test, gpu, x + g - SZ_4K, SZ_4K, x, g);
		expect_cpu_range(test, gpu, x + g, g, x + g, g);
		/* Reaching into B's page, across both, or into VA no one claimed. */
		expect_cpu_range_refused(test, gpu, x + g - SZ_4K, SZ_8K);
		expect_cpu_range_refused(test, gpu, x, 2 * g);
		expect_cpu_range_refused(test, gpu, x + 2 * g, SZ_4K);
		expect_cpu_range_refused(test, gpu, x - SZ_4K, SZ_4K);
		/* A freed claim is no one's. */
		vmm_va_free(bar1, x + g);
		expect_cpu_range_refused(test, gpu, x + g, SZ_4K);
		expect_cpu_range(test, gpu, x, g, x, g);
	}
}

static void static_bar1_cpu_mapping_covers_one_client_allocation_whole(struct kunit *test)
{
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(cpu_pages); i++) {
		struct nova_gpu *gpu = bars_gpu(test, VRAM_SIZE, VRAM_SIZE, BAR1_SIZE, true);
		struct vmm_vram *a, *b;
		u64 g = cpu_pages[i], oa = 0, ob = 0;

		nvt_gpu_isolate(gpu);
		set_cpu_page(gpu, g);
		a = vmm_vram_alloc(gpu, SZ_4K, SZ_4K, VMM_VRAM_CONTIGUOUS);
		b = vmm_vram_alloc(gpu, SZ_4K, SZ_4K, VMM_VRAM_CONTIGUOUS);
		KUNIT_ASSERT_FALSE(test, IS_ERR(a));
		KUNIT_ASSERT_FALSE(test, IS_ERR(b));
		/* Each 4 KiB allocation is a whole CPU page of BAR1 of its own. */
		KUNIT_EXPECT_EQ(test, vmm_vram_segs(a, &n)[0].size, g);
		KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(a, &oa), 0);
		KUNIT_EXPECT_EQ(test, vmm_vram_bar1_offset(b, &ob), 0);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED(oa | ob, g), "%#llx %#llx", oa, ob);
		expect_cpu_range(test, gpu, oa, SZ_4K, oa, g);
		expect_cpu_range(test, gpu, ob + g - SZ_4K, SZ_4K, ob, g);
		expect_cpu_range_refused(test, gpu, oa, g + SZ_4K);
		vmm_vram_free(b);
		expect_cpu_range_refused(test, gpu, ob, SZ_4K);
		vmm_vram_free(a);
		expect_cpu_range_refused(test, gpu, oa, SZ_4K);
	}
}

static struct kunit_case bar1_test_cases[] = {
	KUNIT_CASE(resize_tries_the_largest_offered_size_first),
	KUNIT_CASE(resize_steps_down_only_on_enospc_and_only_above_the_current_size),
	KUNIT_CASE_PARAM(resize_is_not_tried_and_says_why, skip_gen_params),
	KUNIT_CASE_PARAM(bar1_maps_never_cross_the_end_of_bar1, bar1_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_iomap_never_crosses_the_end_of_bar1, bar1_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_usage_counts_mapped_bytes_and_the_largest_free_extent,
			 bar1_chip_gen_params),
	KUNIT_CASE_PARAM(bars_file_says_why_a_bar_is_off, bar1_chip_gen_params),
	KUNIT_CASE_PARAM(static_bar1_maps_all_usable_vram_with_the_largest_pages,
			 bar1_chip_gen_params),
	KUNIT_CASE_PARAM(static_bar1_gives_offsets_and_refuses_client_maps, bar1_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_va_is_claimed_in_cpu_pages_so_neighbours_never_share_one,
			 bar1_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_cpu_mapping_covers_one_claim_whole_rounded_to_the_cpu_page,
			 bar1_chip_gen_params),
	KUNIT_CASE_PARAM(static_bar1_cpu_mapping_covers_one_client_allocation_whole,
			 bar1_chip_gen_params),
	KUNIT_CASE_PARAM(static_bar1_is_off_by_default_and_when_bar1_is_too_small,
			 bar1_chip_gen_params),
	{}
};

static struct kunit_suite bar1_test_suite = {
	.name = "nova_vmm_bar1",
	.test_cases = bar1_test_cases,
};

kunit_test_suite(bar1_test_suite);
