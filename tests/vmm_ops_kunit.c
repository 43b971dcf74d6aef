// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: permission changes, system memory, and the fence-safe
 * prepare/commit operations; MMU v2 and v3.
 */
#include <kunit/test.h>
#include <linux/dma-fence.h>
#include <linux/moduleparam.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "io/tlb.h"
#include "hw/nv_pmc.h"
#include "hw/nv_vm.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/node.h"
#include "mm/pt_mem.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define GB		BIT_ULL(30)

/*
 * nova_vmm.probe_fence_alloc=1 on the kernel command line runs a test that
 * allocates inside a DMA-fence signalling section, to show that lockdep
 * reports it (and so that "make check" fails). Off by default.
 */
static bool probe_fence_alloc;
module_param(probe_fence_alloc, bool, 0444);
MODULE_PARM_DESC(probe_fence_alloc, "KUnit: allocate in a fence signalling section");

static const u32 ops_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void ops_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(ops_chip, ops_chips, ops_chip_desc);

static struct vmm *new_vmm(struct kunit *test, struct nova_gpu **gpu)
{
	struct vmm *vmm;

	*gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	vmm = nvt_vmm_create(test, *gpu, 0, BIT_ULL(40));
	nvt_gpu_reset_counts(*gpu);
	return vmm;
}

static u64 tables(struct nova_gpu *gpu)
{
	struct nova_pt_stats st;

	nova_pt_stats(gpu, &st);
	return st.vram_bytes;
}

static void protect_changes_permissions_in_place(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct nvt_xlate x;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_1M, SZ_64K + SZ_4K, VMM_MAP_KIND(6)), 0);
	KUNIT_ASSERT_EQ(test, vmm_protect(vmm, GB, SZ_64K + SZ_4K, VMM_MAP_READ_ONLY), 0);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB + SZ_64K, &m), 0);
	KUNIT_EXPECT_EQ(test, m.flags, VMM_MAP_READ_ONLY | VMM_MAP_KIND(6));
	KUNIT_EXPECT_EQ(test, m.addr, SZ_1M + SZ_64K);
	nvt_translate(gpu, vmm_pdb(vmm), GB + SZ_4K, &x);
	KUNIT_EXPECT_TRUE(test, nvt_pte_read_only(gpu, x.pte));
	KUNIT_EXPECT_EQ(test, x.addr, SZ_1M + SZ_4K);
	/* A downgrade: the invalidate acks globally. */
	KUNIT_EXPECT_TRUE(test, nvt_gpu_last_invalidate(gpu).ctrl & BIT(7));
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, GB, SZ_64K + SZ_4K, 0), 0);
	nvt_translate(gpu, vmm_pdb(vmm), GB + SZ_4K, &x);
	KUNIT_EXPECT_FALSE(test, nvt_pte_read_only(gpu, x.pte));
	/* Same rules as unmap. */
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, GB + SZ_4K, SZ_4K, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, 2 * GB, SZ_4K, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, GB, SZ_64K, VMM_MAP_UNCACHED), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void sysmem_ptes_for_both_apertures(struct kunit *test)
{
	dma_addr_t pages[3] = { 0x123456000ULL, 0x1000, 0xfff000 };
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	bool v3 = nvt_gpu_mmu_version(gpu) == 3;
	struct vmm_mapping m;
	struct nvt_xlate x;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, GB, pages, 3, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, 2 * GB, pages, 3, VMM_MAP_NONCOHERENT), 0);
	for (i = 0; i < 3; i++) {
		nvt_translate(gpu, vmm_pdb(vmm), GB + i * SZ_4K + 8, &x);
		KUNIT_ASSERT_EQ(test, x.state, NVT_XLATE_MAPPED);
		KUNIT_EXPECT_EQ(test, x.aperture, 2);	/* SYSTEM_COHERENT_MEMORY */
		KUNIT_EXPECT_EQ(test, x.addr, pages[i] + 8);
		/* Coherent: v2 VOL (bit 3), v3 PCF bit 0 (uncached, bit 3 too). */
		KUNIT_EXPECT_TRUE(test, x.pte & BIT(3));
		nvt_translate(gpu, vmm_pdb(vmm), 2 * GB + i * SZ_4K, &x);
		KUNIT_EXPECT_EQ(test, x.aperture, 3);	/* SYSTEM_NON_COHERENT_MEMORY */
		KUNIT_EXPECT_EQ(test, x.addr, pages[i]);
		KUNIT_EXPECT_FALSE(test, x.pte & BIT(3));
	}
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB, &m), 0);
	KUNIT_EXPECT_EQ(test, m.aperture, VMM_APERTURE_SYS_COHERENT);
	KUNIT_EXPECT_EQ(test, m.flags, VMM_MAP_UNCACHED);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, 2 * GB, &m), 0);
	KUNIT_EXPECT_EQ(test, m.aperture, VMM_APERTURE_SYS_NONCOHERENT);
	KUNIT_EXPECT_EQ(test, m.addr, pages[0]);
	/* The last page the GPU reaches, through the sysmem address field
	 * (53:8 v2, 51:12 v3): 2^47 - 4 KiB (GA102), 2^52 - 4 KiB (GB202).
	 */
	pages[0] = v3 ? BIT_ULL(52) - SZ_4K : BIT_ULL(47) - SZ_4K;
	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, 3 * GB, pages, 1, 0), 0);
	nvt_translate(gpu, vmm_pdb(vmm), 3 * GB, &x);
	KUNIT_EXPECT_EQ(test, x.addr, pages[0]);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, 3 * SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void sysmem_rejects_bad_pages(struct kunit *test)
{
	dma_addr_t pages[2] = { 0x2000, 0x3000 };
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);

	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, pages, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, NULL, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB + 8, pages, 2, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, pages, 2, VMM_MAP_PAGE_64K), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, pages, 2, VMM_MAP_UNCACHED), -EINVAL);
	pages[1] = 0x3008;
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, pages, 2, 0), -EINVAL);
	pages[1] = BIT_ULL(60);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, pages, 2, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
}

/**
 * struct reach_case - A chip and how wide a system address it emits.
 * @chip: NV_PMC_BOOT_42 chip id.
 * @bits: NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS: tu102/hwproject.h
 *        for TU10x..AD10x, gh100/hwproject.h for GH100 and discrete GB.
 */
struct reach_case {
	u32 chip;
	unsigned int bits;
};

static const struct reach_case reach_cases[] = {
	{ NV_CHIP_TU102, 47 }, { NV_CHIP_GA102, 47 }, { NV_CHIP_AD104, 47 },
	{ NV_CHIP_GH100, 52 }, { NV_CHIP_GB202, 52 },
};

static void reach_case_desc(const struct reach_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x, %u bits", c->chip, c->bits);
}

KUNIT_ARRAY_PARAM(reach_case, reach_cases, reach_case_desc);

/*
 * A system-memory page at or above 2^bits is one the GPU cannot emit: the
 * map fails with -ERANGE and writes nothing (review F9); the page below
 * maps.
 */
static void sysmem_beyond_the_gpu_reach_is_erange(struct kunit *test)
{
	const struct reach_case *c = test->param_value;
	dma_addr_t last = BIT_ULL(c->bits) - SZ_4K, over[2] = { SZ_4K, BIT_ULL(c->bits) };
	struct nova_gpu *gpu = nvt_gpu_create(test, c->chip, VRAM_SIZE);
	struct vmm *vmm = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct vmm_mapping m;

	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, over, 2, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, &over[1], 1, VMM_MAP_NONCOHERENT), -ERANGE);
	over[1] = BIT_ULL(c->bits + 1);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, GB, over, 2, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), -ENOENT);
	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, GB, &last, 1, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB, &m), 0);
	KUNIT_EXPECT_EQ(test, m.addr, last);
}

static void sgt_maps_every_segment(struct kunit *test)
{
	static const u64 seg[][2] = { { 0x40000000, SZ_8K }, { 0x7000, SZ_4K },
				      { 0x90000000, SZ_16K } };
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct scatterlist *sg;
	struct sg_table sgt;
	struct nvt_xlate x;
	unsigned int i;
	u64 off = 0;

	KUNIT_ASSERT_EQ(test, sg_alloc_table(&sgt, ARRAY_SIZE(seg), GFP_KERNEL), 0);
	for_each_sgtable_sg(&sgt, sg, i) {
		sg_dma_address(sg) = seg[i][0];
		sg_dma_len(sg) = seg[i][1];
	}
	KUNIT_EXPECT_EQ(test, vmm_map_sgt(vmm, GB, &sgt, VMM_MAP_NONCOHERENT), 0);
	for (i = 0; i < ARRAY_SIZE(seg); off += seg[i++][1]) {
		nvt_translate(gpu, vmm_pdb(vmm), GB + off + seg[i][1] - SZ_4K, &x);
		KUNIT_EXPECT_EQ(test, x.addr, seg[i][0] + seg[i][1] - SZ_4K);
	}
	sg_dma_len(sgt.sgl) = SZ_4K + 4;
	KUNIT_EXPECT_EQ(test, vmm_map_sgt(vmm, 2 * GB, &sgt, 0), -EINVAL);
	sg_free_table(&sgt);
}

static void prepared_map_commits_without_allocating(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct vmm_op *op;

	op = vmm_map_prepare(vmm, GB + SZ_4K, SZ_4K, SZ_4M, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB + SZ_4K, &m), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 0);
#ifdef CONFIG_FAULT_INJECTION
	/* The next allocation would fail: the commit makes none. */
	current->fail_nth = 1;
#endif
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_EXPECT_EQ(test, current->fail_nth, 1);
	current->fail_nth = 0;
#endif
	vmm_op_free(op);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB + SZ_2M, &m), 0);
	KUNIT_EXPECT_EQ(test, m.addr, SZ_2M);
	KUNIT_EXPECT_EQ(test, m.page_size, SZ_2M);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void prepared_map_keeps_the_tables_it_planned_with(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct vmm_op *op;
	u64 before;

	/* B's page table is the one A will use. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), 0);
	before = tables(gpu);
	op = vmm_map_prepare(vmm, GB + SZ_8K, SZ_8K, SZ_4K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, tables(gpu), before);	/* nothing new needed */
	/* Unmapping B empties the table; it stays while A is prepared. */
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, tables(gpu), before);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB + SZ_8K, &m), 0);
	KUNIT_EXPECT_EQ(test, m.addr, SZ_8K);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void prepared_unmap_frees_tables_at_op_free(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct vmm_op *op;
	u64 empty = tables(gpu);

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, VMM_MAP_PAGE_4K), 0);
	op = vmm_unmap_prepare(vmm, GB, SZ_64K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), -ENOENT);
	/* Unlinked, invalidated, but freed only outside the commit. */
	KUNIT_EXPECT_GT(test, tables(gpu), empty);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, tables(gpu), empty);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_unmap_prepare(vmm, GB, SZ_4K)), -ENOENT);
}

/*
 * A prepared map owns its range until it is freed: every call that would
 * touch it fails at once with -EBUSY, never later inside the commit (review
 * H1, M3); calls beside it work, and the commit writes what was planned.
 */
static void a_prepared_map_owns_its_range_until_freed(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct vmm_op *op, *op2, *un;

	op = vmm_map_prepare(vmm, GB, 0, SZ_64K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB + SZ_32K, SZ_1M, SZ_4K, 0), -EBUSY);
	op2 = vmm_map_prepare(vmm, GB + SZ_32K + SZ_16K, 0, SZ_32K, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(op2), -EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_unmap_prepare(vmm, GB, SZ_4K)), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_4K), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, GB, SZ_4K, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB - SZ_4K, SZ_8K, true), -EBUSY);
	/* Beside it: fine, and an unmap there keeps the table the op needs. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_64K, SZ_1M, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB + SZ_64K, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB + SZ_2M, SZ_2M, true), 0);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB + SZ_32K, &m), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB + SZ_32K, SZ_1M, SZ_4K, 0), -EBUSY);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB + SZ_32K, SZ_1M, SZ_4K, 0), -EEXIST);
	/* A prepared unmap owns its range the same way. */
	un = vmm_unmap_prepare(vmm, GB, SZ_64K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, un);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_64K), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(un), 0);
	vmm_op_free(un);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_map_prepare(vmm, GB, 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/*
 * Review H1, step by step: an unmap and a sparse range beside a prepared map
 * cannot take a table it planned on, so its commit neither warns nor fails.
 */
static void a_prepared_map_keeps_the_tables_it_planned_on(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct vmm_mapping m;
	struct vmm_op *op;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_2M + SZ_64K, 0, SZ_4K, 0), 0);
	op = vmm_map_prepare(vmm, GB + SZ_2M - SZ_4K, SZ_1M, SZ_8K, VMM_MAP_PAGE_4K);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB + SZ_2M + SZ_64K, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB + SZ_2M, SZ_2M, true), -EBUSY);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB + SZ_2M, &m), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static enum nvt_xlate_state xstate(struct nova_gpu *gpu, struct vmm *vmm, u64 va)
{
	struct nvt_xlate x;

	nvt_translate(gpu, vmm_pdb(vmm), va, &x);
	return x.state;
}

static void sparse_range_reads_as_sparse(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u64 va = GB + SZ_64K, size = SZ_4M;
	struct nova_pt_stats st;
	struct vmm_mapping m;

	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, va, size, true), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, va), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_2M + SZ_1M), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, va + size - SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, va - SZ_4K), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, va + size), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, va, &m), -ENOENT);
	/* The whole 2 MiB entry is one sparse dual PDE: two PTs, for the ends. */
	nova_pt_stats(gpu, &st);
	KUNIT_EXPECT_EQ(test, st.level_bytes[0], 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, va, 0, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, va - SZ_4K, SZ_8K, true), -EEXIST);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void map_and_unmap_inside_sparse_keep_the_rest_sparse(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u64 big = GB + SZ_2M + SZ_128K;
	struct vmm_mapping m;

	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB, SZ_4M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_8K, SZ_1M, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, big, SZ_2M, SZ_64K, VMM_MAP_PAGE_64K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_8K), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big - SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big + SZ_64K), NVT_XLATE_SPARSE);
	/* A 4 KiB page where the 64 KiB entry is sparse: the rest of it stays so. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, big + SZ_128K + SZ_4K, SZ_1M, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big + SZ_128K + SZ_4K), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big + SZ_128K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big + SZ_128K + SZ_8K), NVT_XLATE_SPARSE);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, big + SZ_4K, &m), 0);
	KUNIT_EXPECT_EQ(test, m.page_size, SZ_64K);
	/* Unmapped: sparse again. */
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB + SZ_8K, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, big, SZ_64K), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, big + SZ_128K + SZ_4K, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_8K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, big + SZ_128K + SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, big, SZ_64K), -ENOENT);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

/* The PD0 node (shadow) holding @va's dual PDE, and the entry's index. */
static struct nova_node *pd0_of(struct vmm *vmm, u64 va, u32 *idx)
{
	struct nova_node *n = vmm->root;
	u8 l;

	for (l = vmm->fmt->root; n && l > NOVA_PT_DUAL; l--)
		n = n->child[nova_pt_index(&vmm->fmt->lvl[l], va)];
	*idx = nova_pt_index(&vmm->fmt->lvl[NOVA_PT_DUAL], va);
	return n;
}

/*
 * RM and nouveau never write a sparse big half beside a valid small half
 * (review F3): a table linked under a sparse 2 MiB entry makes the big half
 * invalid, in VRAM, and the 4 KiB entries say sparse per page.
 */
static void small_table_under_sparse_2m_makes_the_big_half_invalid(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct nova_node *pd0;
	__le64 *entry;
	u32 idx;

	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB, SZ_2M, true), 0);
	pd0 = pd0_of(vmm, GB, &idx);
	KUNIT_ASSERT_NOT_NULL(test, pd0);
	KUNIT_EXPECT_EQ(test, pd0->e[2 * idx], vmm->fmt->sparse_big);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_4K, 0, SZ_4K, VMM_MAP_PAGE_4K), 0);
	entry = nvt_gpu_vram_at(gpu, pd0->addr + 2 * idx * sizeof(u64));
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(entry[0]), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(entry[1]),
			nova_node_pde(vmm->fmt, pd0->child[2 * idx + 1]));
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_4K), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_2M - SZ_4K), NVT_XLATE_SPARSE);
	/* A 64 KiB table beside it: still no sparse big half. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_1M, 0, SZ_64K, VMM_MAP_PAGE_64K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_1M), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_1M + SZ_64K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB + SZ_4K, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void clearing_sparse_frees_its_tables(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u64 empty = tables(gpu);

	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB + SZ_64K, SZ_4M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_1M, 0, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB + SZ_64K, SZ_4M, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_2M), NVT_XLATE_SPARSE);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB + SZ_1M, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, GB + SZ_64K, SZ_4M, false), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_64K), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_2M), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_1M), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, tables(gpu), empty);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void sparse_at_every_level(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u64 empty = tables(gpu), pd2 = 256 * GB, pd1 = 5 * GB + SZ_512M;

	/* A whole PD2 entry (256 GiB) and a whole PD1 entry (512 MiB). */
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, pd2, 256 * GB, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, pd1, SZ_512M, true), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 100 * GB), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd1 + SZ_256M), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd1 - SZ_4K), NVT_XLATE_FAULT);
	/* Directories only (PD2, PD1; and PD3 in v3): no PD0 or PT. */
	KUNIT_EXPECT_EQ(test, tables(gpu) - empty, (nvt_gpu_mmu_version(gpu) == 3 ? 3 : 2) * SZ_4K);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, pd2 + 5 * GB, 0, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 5 * GB), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 5 * GB + SZ_4K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 44 * GB), NVT_XLATE_SPARSE);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, pd2 + 5 * GB, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 5 * GB), NVT_XLATE_SPARSE);
	/* Cutting a sparse entry it did not make: -EINVAL. */
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, pd1, SZ_2M, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, pd1, SZ_512M, false), 0);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, pd2, 256 * GB, false), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, pd2 + 5 * GB), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, tables(gpu), empty);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

KUNIT_DEFINE_ACTION_WRAPPER(free_vram, vmm_vram_free, struct vmm_vram *);

/*
 * A "firmware" root for grafting: a copy of @pdb's 4 KiB in VRAM no address
 * space has as its root (vmm_create_graft() refuses those, review M2), its
 * entries pointing at the same tables.
 */
static u64 copy_root(struct kunit *test, struct nova_gpu *gpu, u64 pdb)
{
	struct vmm_vram *mem = vmm_vram_alloc(gpu, SZ_4K, SZ_4K, 0);
	void *buf = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	unsigned int n;
	u64 addr;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_vram, mem), 0);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	addr = vmm_vram_segs(mem, &n)[0].addr;
	KUNIT_ASSERT_EQ(test, vmm_vram_read(gpu, pdb, buf, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_vram_write(gpu, addr, buf, SZ_4K), 0);
	return addr;
}

/*
 * The "firmware" tears its copy down: clears it and invalidates it, so that
 * the GPU can no longer reach the tables it shares with @pdb's space, which
 * may then free them (the fake's invalidate rule checks that).
 */
static void drop_root(struct kunit *test, struct nova_gpu *gpu, u64 root)
{
	void *zero = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, zero);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, root, zero, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, nova_tlb_invalidate(gpu, root, NOVA_TLB_ACK), 0);
}

static void graft_uses_foreign_tables_and_gives_them_back(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *fw = new_vmm(test, &gpu);
	const struct nova_pt_fmt *fmt = nova_chip_find(*(const u32 *)test->param_value)
					->family->fmt;
	u64 fw_tables, root, top = BIT_ULL(fmt->lvl[fmt->root].shift);
	struct vmm_mapping m;
	struct vmm *vmm;

	/* "Firmware" tables: a 4 KiB page, a 2 MiB page, a system-memory PDE. */
	KUNIT_ASSERT_EQ(test, vmm_map(fw, GB, SZ_1M, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(fw, 2 * GB, SZ_2M, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, vmm_pdb(fw) + 8,
					       fmt->pde(0x80000000ULL, NOVA_APER_SYS_COH)), 0);
	fw_tables = tables(gpu);
	root = copy_root(test, gpu, vmm_pdb(fw));
	nvt_gpu_reset_counts(gpu);
	vmm = vmm_create_graft(gpu, root, 0, BIT_ULL(fmt->va_bits));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	/* Read once, no table written: only its instance block (4 KiB, PDB
	 * high and low words, the subcontext words: 2 for SC 0, 2 for each of
	 * SC 1..63 and 2 for SC_PDB_VALID, and Blackwell's magic word).
	 */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES),
			1024 + 2 + 2 + 63 * 2 + 2 +
			(*(const u32 *)test->param_value == NV_CHIP_GB202));
	KUNIT_EXPECT_EQ(test, vmm_pdb(vmm), root);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB, &m), 0);
	KUNIT_EXPECT_EQ(test, m.addr, SZ_1M);
	/* Foreign entries are never overwritten nor removed. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 2 * GB + SZ_4K, 0, SZ_4K, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, top, 0, SZ_4K, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_4K), -EACCES);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, 2 * GB, SZ_2M), -EACCES);
	/* Free entries of foreign tables, and new tables below them, are ours. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_4K, SZ_4M, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 7 * GB, SZ_8M, SZ_2M, 0), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_4K), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, 7 * GB), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB + SZ_4K, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_8K, SZ_4M, SZ_4K, 0), 0);
	vmm_destroy(vmm);
	drop_root(test, gpu, root);
	/* Ours are gone, the firmware's tables are as they were. */
	KUNIT_EXPECT_EQ(test, xstate(gpu, fw, GB + SZ_8K), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, xstate(gpu, fw, 7 * GB), NVT_XLATE_FAULT);
	KUNIT_EXPECT_EQ(test, xstate(gpu, fw, GB), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, tables(gpu), fw_tables);
	KUNIT_EXPECT_GT(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, vmm_pdb(fw) + 8, 0), 0);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(fw, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, VRAM_SIZE, 0, SZ_1M)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, 0, 0, SZ_1M)), -EINVAL);
}

static void allocation_in_a_fence_section_is_caught(struct kunit *test)
{
	bool cookie;
	void *p;

	if (!probe_fence_alloc)
		kunit_skip(test, "boot with nova_vmm.probe_fence_alloc=1 to run");
	cookie = dma_fence_begin_signalling();
	p = kmalloc(64, GFP_KERNEL);	/* lockdep must report this */
	dma_fence_end_signalling(cookie);
	kfree(p);
}

/**
 * find_qword() - Find the one qword of the fake's VRAM that holds a value.
 * @gpu: A fake GPU with all of its VRAM backed.
 * @val: The value.
 *
 * Return: Its VRAM address; 0 if no qword or more than one holds @val.
 */
static u64 find_qword(struct nova_gpu *gpu, u64 val)
{
	const __le64 *v = nvt_gpu_vram(gpu);
	u64 i, at = 0;

	for (i = 0; i < VRAM_SIZE / sizeof(*v); i++) {
		if (le64_to_cpu(v[i]) != val)
			continue;
		if (at)
			return 0;
		at = i * sizeof(*v);
	}
	return at;
}

/*
 * A peer PTE in a grafted tree: vmm_lookup() refuses it (-EOPNOTSUPP), and
 * so never reports VMM_APERTURE_PEER, rather than give a peer address it
 * may have cut (v2 carries the bits above 36 in COMPTAGLINE,
 * kgmmuFmtInitPeerPteFld_TU10X; review F10).
 */
static void lookup_refuses_a_peer_page(struct kunit *test)
{
	const struct nova_entry peer = { .aperture = NOVA_APER_PEER, .addr = SZ_2M, .peer = 1 };
	struct nova_gpu *gpu;
	struct vmm *fw = new_vmm(test, &gpu);
	const struct nova_pt_fmt *fmt = nova_chip_find(*(const u32 *)test->param_value)
					->family->fmt;
	struct vmm_mapping m;
	struct nvt_xlate x;
	struct vmm *vmm;
	u64 at, orig, root;

	KUNIT_ASSERT_EQ(test, vmm_map(fw, GB, 0x1234000, SZ_4K, 0), 0);
	nvt_translate(gpu, vmm_pdb(fw), GB, &x);
	KUNIT_ASSERT_EQ(test, x.state, NVT_XLATE_MAPPED);
	orig = x.pte;
	at = find_qword(gpu, orig);
	KUNIT_ASSERT_NE(test, at, 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, at, fmt->pte(&peer)), 0);
	nvt_translate(gpu, vmm_pdb(fw), GB, &x);
	KUNIT_ASSERT_EQ(test, x.aperture, 1);	/* PEER_MEMORY */
	root = copy_root(test, gpu, vmm_pdb(fw));
	vmm = vmm_create_graft(gpu, root, 0, BIT_ULL(fmt->va_bits));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), -EOPNOTSUPP);
	vmm_destroy(vmm);
	drop_root(test, gpu, root);
	KUNIT_EXPECT_EQ(test, nova_pramin_wr64(gpu, at, orig), 0);
}

static void an_invalidate_takes_the_polls_the_fake_is_set_to(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);

	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_tlb_invalidate(gpu, SZ_1M, 0), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_INVAL_POLLS), 1);
	nvt_gpu_set_invalidate_polls(gpu, 3);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_tlb_invalidate(gpu, SZ_1M, 0), 0);
	/* Three polls see TRIGGER set, the fourth sees it clear. */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_INVAL_POLLS), 4);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_last_invalidate(gpu).pdb, SZ_1M);
}

static struct kunit_case ops_test_cases[] = {
	KUNIT_CASE_PARAM(protect_changes_permissions_in_place, ops_chip_gen_params),
	KUNIT_CASE_PARAM(sysmem_ptes_for_both_apertures, ops_chip_gen_params),
	KUNIT_CASE_PARAM(sysmem_rejects_bad_pages, ops_chip_gen_params),
	KUNIT_CASE_PARAM(sysmem_beyond_the_gpu_reach_is_erange, reach_case_gen_params),
	KUNIT_CASE_PARAM(sgt_maps_every_segment, ops_chip_gen_params),
	KUNIT_CASE_PARAM(prepared_map_commits_without_allocating, ops_chip_gen_params),
	KUNIT_CASE_PARAM(prepared_map_keeps_the_tables_it_planned_with, ops_chip_gen_params),
	KUNIT_CASE_PARAM(prepared_unmap_frees_tables_at_op_free, ops_chip_gen_params),
	KUNIT_CASE_PARAM(a_prepared_map_owns_its_range_until_freed, ops_chip_gen_params),
	KUNIT_CASE_PARAM(a_prepared_map_keeps_the_tables_it_planned_on, ops_chip_gen_params),
	KUNIT_CASE_PARAM(sparse_range_reads_as_sparse, ops_chip_gen_params),
	KUNIT_CASE_PARAM(map_and_unmap_inside_sparse_keep_the_rest_sparse, ops_chip_gen_params),
	KUNIT_CASE_PARAM(small_table_under_sparse_2m_makes_the_big_half_invalid,
			 ops_chip_gen_params),
	KUNIT_CASE_PARAM(clearing_sparse_frees_its_tables, ops_chip_gen_params),
	KUNIT_CASE_PARAM(sparse_at_every_level, ops_chip_gen_params),
	KUNIT_CASE_PARAM(graft_uses_foreign_tables_and_gives_them_back, ops_chip_gen_params),
	KUNIT_CASE_PARAM(lookup_refuses_a_peer_page, ops_chip_gen_params),
	KUNIT_CASE_PARAM(an_invalidate_takes_the_polls_the_fake_is_set_to, ops_chip_gen_params),
	KUNIT_CASE(allocation_in_a_fence_section_is_caught),
	{}
};

static struct kunit_suite ops_test_suite = {
	.name = "nova_vmm_ops",
	.test_cases = ops_test_cases,
};

kunit_test_suite(ops_test_suite);
