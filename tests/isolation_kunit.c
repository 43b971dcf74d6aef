// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: one client cannot reach what another owns (issue 16 item 4, review
 * H5 and M2), and the small VRAM and client items around it (L1, L2, L5).
 *
 * Every case runs on a fake GPU that holds clients to the VRAM they
 * allocated (nvt_gpu_isolate()) and tries to break that with documented
 * calls only: vmm_map(), vmm_map_prepare(), vmm_op_add_map(),
 * vmm_vram_read() and vmm_vram_write() at addresses of page tables, instance blocks, reserved
 * VRAM, free and freed VRAM, across two allocations; grafts of roots
 * nova_vmm owns. The randomized case prints its seed;
 * nova_vmm.isolation_seed=N replays it.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "hw/nv_mmu_v2.h"
#include "hw/nv_pmc.h"
#include "io/gpu.h"
#include "mm/vram.h"
#include "vmm/vmm_priv.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"

#define VRAM_SIZE	SZ_64M
#define GB		BIT_ULL(30)
#define VA_SIZE		BIT_ULL(40)
#define PROBES		4000	/* random address ranges tried per chip */

static uint isolation_seed;
module_param(isolation_seed, uint, 0444);
MODULE_PARM_DESC(isolation_seed, "KUnit: seed of the isolation probes (0: a fresh one)");

static const u32 iso_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void iso_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x (MMU v%u)", *id,
		 *id == NV_CHIP_GA102 ? 2 : 3);
}

KUNIT_ARRAY_PARAM(iso_chip, iso_chips, iso_chip_desc);

KUNIT_DEFINE_ACTION_WRAPPER(put_vmm, vmm_put, struct vmm *);
KUNIT_DEFINE_ACTION_WRAPPER(free_vram, vmm_vram_free, struct vmm_vram *);

static struct nova_gpu *iso_gpu(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);

	nvt_gpu_isolate(gpu);
	return gpu;
}

static struct vmm *iso_vmm(struct kunit *test, struct nova_gpu *gpu)
{
	struct vmm *vmm = vmm_create(gpu, 0, VA_SIZE);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, vmm), 0);
	return vmm;
}

/* A contiguous allocation aligned to its size, freed when the test ends. */
static struct vmm_vram *iso_alloc(struct kunit *test, struct nova_gpu *gpu, u64 size)
{
	struct vmm_vram *mem = vmm_vram_alloc(gpu, size, size, VMM_VRAM_CONTIGUOUS);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_vram, mem), 0);
	return mem;
}

static u64 seg0(const struct vmm_vram *mem)
{
	unsigned int n;

	return vmm_vram_segs(mem, &n)[0].addr;
}

/* What each of the five address-based calls gives for [@addr, @addr + @size). */
static void expect_calls(struct kunit *test, struct vmm *vmm, u64 addr, u64 size, int want)
{
	static u32 buf[SZ_64K / sizeof(u32)];
	struct vmm_op *op;
	int ret;

	ret = vmm_map(vmm, GB, addr, size, VMM_MAP_PAGE_4K);
	KUNIT_EXPECT_EQ_MSG(test, ret, want, "vmm_map %#llx+%#llx", addr, size);
	if (!ret)
		KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, size), 0);
	op = vmm_map_prepare(vmm, GB, addr, size, VMM_MAP_PAGE_4K);
	KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(op), want, "prepare %#llx+%#llx", addr, size);
	vmm_op_free(op);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ_MSG(test, vmm_op_add_map(op, GB, addr, size, VMM_MAP_PAGE_4K), want,
			    "batch map %#llx+%#llx", addr, size);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ_MSG(test, vmm_vram_read(vmm->gpu, addr, buf, size), want,
			    "read %#llx+%#llx", addr, size);
	KUNIT_EXPECT_EQ_MSG(test, vmm_vram_write(vmm->gpu, addr, buf, size), want,
			    "write %#llx+%#llx", addr, size);
}

/*
 * The other address space's root and instance block, reserved VRAM, the
 * end of VRAM and a range across two adjacent allocations are refused by every call,
 * and its tables stay as they were.
 */
static void another_spaces_tables_and_blocks_are_refused(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test);
	struct vmm *a = iso_vmm(test, gpu), *b = iso_vmm(test, gpu);
	struct vmm_vram *ma = iso_alloc(test, gpu, SZ_64K), *mb = iso_alloc(test, gpu, SZ_64K);
	u64 lo, rsv = nvt_gpu_reserved_base(gpu);
	struct nvt_xlate x;

	KUNIT_ASSERT_EQ(test, vmm_map_vram(a, 4 * GB, ma, 0, SZ_64K, 0), 0);
	expect_calls(test, b, vmm_pdb(a), SZ_4K, -EACCES);
	expect_calls(test, b, vmm_inst_block(a), SZ_4K, -EACCES);
	expect_calls(test, b, rsv, SZ_4K, -EACCES);
	expect_calls(test, b, VRAM_SIZE - SZ_4K, SZ_4K, -EACCES);
	/* Adjacent allocations, so that only "one allocation" refuses this. */
	lo = min(seg0(ma), seg0(mb));
	KUNIT_EXPECT_EQ(test, max(seg0(ma), seg0(mb)), lo + SZ_64K);
	expect_calls(test, b, lo + SZ_32K, SZ_64K, -EACCES);
	expect_calls(test, b, seg0(ma), SZ_64K, 0);
	expect_calls(test, b, seg0(mb) + SZ_4K, SZ_8K, 0);
	nvt_translate(gpu, vmm_pdb(a), 4 * GB + SZ_8K, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, seg0(ma) + SZ_8K);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(a, NULL, NULL), 0);
}

/* Is [@addr, @addr + @size) inside one of @mem? */
static bool inside(struct vmm_vram *const *mem, unsigned int n, u64 addr, u64 size)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (mem[i] && addr >= seg0(mem[i]) && addr + size <= seg0(mem[i]) + SZ_256K)
			return true;
	return false;
}

/*
 * Random ranges anywhere in VRAM (page tables, instance blocks, reserved,
 * free, freed, live, across two): each call succeeds exactly when the range
 * lies inside one live allocation, and the tables of both spaces stay
 * intact.
 */
static void random_ranges_work_only_inside_one_live_allocation(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test);
	struct vmm *a = iso_vmm(test, gpu), *b = iso_vmm(test, gpu);
	struct vmm_vram *mem[4], *gone;
	u32 seed = isolation_seed ?: get_random_u32();
	unsigned int i, ok = 0;
	struct rnd_state rnd;
	u64 addr, size;

	kunit_info(test, "seed %u, %u ranges\n", seed, PROBES);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < ARRAY_SIZE(mem); i++)
		mem[i] = iso_alloc(test, gpu, SZ_256K);
	gone = vmm_vram_alloc(gpu, SZ_256K, SZ_256K, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gone);
	vmm_vram_free(gone);
	/* Tables at every level in both spaces, and one freed again. */
	KUNIT_ASSERT_EQ(test, vmm_map_vram(a, 3 * GB, mem[0], 0, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map_vram(b, 5 * GB, mem[1], SZ_64K, SZ_64K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map_vram(b, 7 * GB, mem[1], 0, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(b, 7 * GB, SZ_4K), 0);
	for (i = 0; i < PROBES; i++) {
		size = (prandom_u32_state(&rnd) % 16 + 1) * SZ_4K;
		addr = (prandom_u32_state(&rnd) % (VRAM_SIZE / SZ_4K)) * SZ_4K;
		if (addr + size > VRAM_SIZE)
			continue;
		/*
		 * A third anywhere, a third near the end of an allocation
		 * (edges, straddles), a third in the top MiB of the managed
		 * VRAM, where the tables and instance blocks are.
		 */
		if (i % 3 == 1)
			addr = seg0(mem[i / 3 % ARRAY_SIZE(mem)]) + SZ_256K - SZ_32K +
			       (prandom_u32_state(&rnd) % 16) * SZ_4K;
		else if (i % 3 == 2)
			addr = gpu->layout.usable_end - SZ_1M +
			       (prandom_u32_state(&rnd) % (SZ_1M / SZ_4K)) * SZ_4K;
		ok += inside(mem, ARRAY_SIZE(mem), addr, size);
		expect_calls(test, b, addr, size, inside(mem, ARRAY_SIZE(mem), addr, size) ?
						  0 : -EACCES);
		if (test->status == KUNIT_FAILURE)
			break;
	}
	kunit_info(test, "%u ranges inside a live allocation, %u refused\n", ok, i - ok);
	KUNIT_EXPECT_GT(test, ok, 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(a, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(b, NULL, NULL), 0);
}

/*
 * vmm_map_vram() maps what it names, the test MMU translates it there; the
 * same range by address works, freed memory no longer does.
 */
static void map_by_allocation_translates_and_ends_with_the_free(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test), *other = iso_gpu(test);
	struct vmm *vmm = iso_vmm(test, gpu);
	struct vmm_vram *mem = iso_alloc(test, gpu, SZ_4M);
	struct vmm_vram *far = iso_alloc(test, other, SZ_64K);
	u32 out[4] = { 1, 2, 3, 4 }, in[4];
	struct nvt_xlate x;
	u64 base = seg0(mem);

	KUNIT_ASSERT_EQ(test, vmm_map_vram(vmm, GB, mem, SZ_2M, SZ_2M, 0), 0);
	nvt_translate(gpu, vmm_pdb(vmm), GB + SZ_64K + SZ_4K, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, base + SZ_2M + SZ_64K + SZ_4K);
	KUNIT_EXPECT_EQ(test, x.page_size, SZ_2M);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 2 * GB, base + SZ_64K, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, base + SZ_4K, out, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, base + SZ_4K, in, sizeof(in)), 0);
	KUNIT_EXPECT_MEMEQ(test, in, out, sizeof(in));
	/* Past the allocation, not aligned, not this GPU's, none. */
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, 3 * GB, mem, SZ_4M - SZ_4K, SZ_8K, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, 3 * GB, mem, U64_MAX - SZ_4K + 1, SZ_8K, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, 3 * GB, mem, 8, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, 3 * GB, far, 0, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, 3 * GB, NULL, 0, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_vram(NULL, 3 * GB, mem, 0, SZ_4K, 0), -EINVAL);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, 2 * GB, SZ_64K), 0);
	kunit_release_action(test, free_vram, mem);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, base, SZ_64K, 0), -EACCES);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, base + SZ_4K, in, sizeof(in)), -EACCES);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, base + SZ_4K, out, sizeof(out)), -EACCES);
}

/*
 * M2: a root nova_vmm owns (a space's, a BAR's), has grafted, or VRAM it
 * manages that no client holds: -EBUSY.
 */
static void graft_of_an_owned_or_grafted_root_is_busy(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, *(const u32 *)test->param_value,
						   VRAM_SIZE, SZ_16M);
	void *zero = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	struct vmm *own, *g, *g2;
	struct vmm_vram *fw;

	KUNIT_ASSERT_NOT_NULL(test, zero);
	nvt_gpu_isolate(gpu);
	own = iso_vmm(test, gpu);
	fw = iso_alloc(test, gpu, SZ_4K);	/* an empty "firmware" root */
	KUNIT_ASSERT_EQ(test, vmm_vram_write(gpu, seg0(fw), zero, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, vmm_pdb(own), 0, VA_SIZE)), -EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, vmm_pdb(vmm_bar1(gpu)), 0, VA_SIZE)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, vmm_pdb(vmm_bar2(gpu)), 0, VA_SIZE)),
			-EBUSY);
	/* Its instance block; free VRAM it manages (the fake allocates from the top). */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, vmm_inst_block(own), 0, VA_SIZE)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, SZ_1M, 0, VA_SIZE)),
			-EBUSY);
	g = vmm_create_graft(gpu, seg0(fw), 0, VA_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, g);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, seg0(fw), 0, VA_SIZE)), -EBUSY);
	vmm_destroy(g);
	/* Once the graft is gone, the root can be grafted again. */
	g2 = vmm_create_graft(gpu, seg0(fw), 0, VA_SIZE);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, g2);
	if (!IS_ERR(g2))
		vmm_destroy(g2);
}

/* L5: kind INVALID and compressible kinds (no comptags) are refused, not masked. */
static void invalid_and_compressible_kinds_are_refused(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test);
	struct vmm *vmm = iso_vmm(test, gpu);
	struct vmm_vram *mem = iso_alloc(test, gpu, SZ_64K);
	dma_addr_t page = SZ_64K;
	u32 kind;
	int want;

	for (kind = 0; kind <= NV_MMU_PTE_KIND_SMSKED_MESSAGE; kind++) {
		want = kind == NV_MMU_PTE_KIND_INVALID ||
		       (kind >= NV_MMU_PTE_KIND_GENERIC_MEMORY_COMPRESSIBLE &&
			kind <= NV_MMU_PTE_KIND_Z24S8_COMPRESSIBLE_DISABLE_PLC) ? -EINVAL : 0;
		KUNIT_EXPECT_EQ_MSG(test, vmm_map_vram(vmm, GB, mem, 0, SZ_4K, VMM_MAP_KIND(kind)),
				    want, "kind %#x", kind);
		if (!want)
			KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_4K), 0);
		KUNIT_EXPECT_EQ_MSG(test, vmm_map_dma(vmm, GB, &page, 1, VMM_MAP_KIND(kind)), want,
				    "sysmem kind %#x", kind);
		if (!want)
			KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_4K), 0);
	}
	/* 0x106 is not kind 6. */
	KUNIT_EXPECT_EQ(test, vmm_map_vram(vmm, GB, mem, 0, SZ_4K, VMM_MAP_KIND(0x106)), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, &page, 1, VMM_MAP_KIND(0x100)), -EINVAL);
	KUNIT_EXPECT_EQ(test, VMM_MAP_KIND(6), 6U << 16);
}

/* L1: an sgt whose page count passes U32_MAX is -E2BIG, before any allocation. */
static void sgt_page_count_overflow_is_e2big(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test);
	struct vmm *vmm = iso_vmm(test, gpu);
	const unsigned int nents = 4097;
	struct scatterlist *sg;
	struct sg_table sgt;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, sg_alloc_table(&sgt, nents, GFP_KERNEL), 0);
	/* 4097 segments of 0xfffff000 bytes: 4297064447 pages. */
	for_each_sgtable_sg(&sgt, sg, i) {
		sg_dma_address(sg) = 0;
		sg_dma_len(sg) = 0xfffff000;
	}
	sgt.nents = nents;
	KUNIT_EXPECT_EQ(test, vmm_map_sgt(vmm, 0, &sgt, 0), -E2BIG);
	sg_free_table(&sgt);
}

/* Every non-zero qword of the fake's VRAM below @end, but in [@skip, +4 KiB). */
static u64 dirty_qwords(struct nova_gpu *gpu, u64 end, u64 skip)
{
	const u64 *v = nvt_gpu_vram(gpu);
	u64 i, n = 0;

	for (i = 0; i < end / sizeof(u64); i++)
		n += v[i] && (i * sizeof(u64) < skip || i * sizeof(u64) >= skip + SZ_4K);
	return n;
}

/* Allocate every free byte of VRAM as a client, in 64 KiB allocations. */
static void take_all_vram(struct kunit *test, struct nova_gpu *gpu)
{
	struct vmm_vram *mem;

	while (!IS_ERR(mem = vmm_vram_alloc(gpu, SZ_64K, SZ_64K, 0)))
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_vram, mem), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(mem), -ENOMEM);
}

/*
 * L2: VRAM that held page tables or an instance block is zero before a
 * client gets it; freeing tables writes nothing (the PRAMIN writes are
 * logged), the client allocation zeroes what it gets of them.
 */
static void vram_that_held_page_tables_is_zero_when_a_client_gets_it(struct kunit *test)
{
	struct nova_gpu *gpu = iso_gpu(test);
	struct vmm *vmm = vmm_create(gpu, 0, VA_SIZE);
	struct vmm_vram *mem = iso_alloc(test, gpu, SZ_4M);
	u64 writes, end = nvt_gpu_reserved_base(gpu);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	/* Tables of every level, 4 KiB, 64 KiB and 2 MiB pages, sparse. */
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, vmm_map_vram(vmm, i * 3 * GB + i * SZ_4M, mem,
						   i * SZ_64K, SZ_64K, VMM_MAP_PAGE_4K << (i % 2)),
				0);
	KUNIT_ASSERT_EQ(test, vmm_map_vram(vmm, 40 * GB, mem, 0, SZ_4M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, 50 * GB, SZ_4M, true), 0);
	/* An unmap that frees its tables. */
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, 0, SZ_64K), 0);
	kunit_info(test, "unmap that empties its tables: %llu PRAMIN writes\n",
		   nvt_gpu_count(gpu, NVT_PRAMIN_WRITES));
	nvt_gpu_reset_counts(gpu);
	vmm_destroy(vmm);
	writes = nvt_gpu_count(gpu, NVT_PRAMIN_WRITES);
	kunit_info(test, "destroy: %llu PRAMIN writes\n", writes);
	kunit_release_action(test, free_vram, mem);
	/* Freed, not yet zeroed: old entries are in VRAM until a client gets it. */
	KUNIT_EXPECT_NE(test, dirty_qwords(gpu, end, end), 0);
	nvt_gpu_reset_counts(gpu);
	take_all_vram(test, gpu);
	kunit_info(test, "allocating all VRAM: %llu PRAMIN writes\n",
		   nvt_gpu_count(gpu, NVT_PRAMIN_WRITES));
	/* No table entry and no instance block is left in what clients hold. */
	KUNIT_EXPECT_EQ(test, dirty_qwords(gpu, end, end), 0);
}

static struct kunit_case iso_test_cases[] = {
	KUNIT_CASE_PARAM(another_spaces_tables_and_blocks_are_refused, iso_chip_gen_params),
	KUNIT_CASE_PARAM(random_ranges_work_only_inside_one_live_allocation, iso_chip_gen_params),
	KUNIT_CASE_PARAM(map_by_allocation_translates_and_ends_with_the_free, iso_chip_gen_params),
	KUNIT_CASE_PARAM(graft_of_an_owned_or_grafted_root_is_busy, iso_chip_gen_params),
	KUNIT_CASE_PARAM(invalid_and_compressible_kinds_are_refused, iso_chip_gen_params),
	KUNIT_CASE_PARAM(sgt_page_count_overflow_is_e2big, iso_chip_gen_params),
	KUNIT_CASE_PARAM(vram_that_held_page_tables_is_zero_when_a_client_gets_it,
			 iso_chip_gen_params),
	{}
};

static struct kunit_suite iso_test_suite = {
	.name = "nova_vmm_isolation",
	.test_cases = iso_test_cases,
};

kunit_test_suite(iso_test_suite);
