// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: address-space behaviours the other suites leave out (found by
 * "make coverage"): references taken with vmm_get(), what the verify walk
 * reports for each difference, and a huge page replacing tables that map
 * nothing; MMU v2 and v3.
 */
#include <kunit/test.h>
#include <linux/kref.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "mm/pt_mem.h"
#include "mm/node.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define GB		BIT_ULL(30)

static const u32 more_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void more_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x (MMU v%u)", *id,
		 *id == NV_CHIP_GA102 ? 2 : 3);
}

KUNIT_ARRAY_PARAM(more_chip, more_chips, more_chip_desc);

static struct vmm *new_vmm(struct kunit *test, struct nova_gpu **gpu)
{
	struct vmm *vmm;

	*gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	vmm = nvt_vmm_create(test, *gpu, 0, BIT_ULL(40));
	return vmm;
}

static enum nvt_xlate_state xstate(struct nova_gpu *gpu, struct vmm *vmm, u64 va)
{
	struct nvt_xlate x;

	nvt_translate(gpu, vmm_pdb(vmm), va, &x);
	return x.state;
}

static void get_takes_a_reference_that_put_drops(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);

	KUNIT_EXPECT_EQ(test, kref_read(&vmm->ref), 1);
	KUNIT_EXPECT_PTR_EQ(test, vmm_get(vmm), vmm);
	KUNIT_EXPECT_EQ(test, kref_read(&vmm->ref), 2);
	vmm_put(vmm);
	KUNIT_EXPECT_EQ(test, kref_read(&vmm->ref), 1);
	/* Still alive: the creator's reference is left. */
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, SZ_1M, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB), NVT_XLATE_MAPPED);
}

/* What nova_vmm_verify() reported: up to two differences. */
struct verify_log {
	unsigned int n;
	u64 table[2];
	u32 q[2];
	u64 want[2];
	u64 got[2];
};

static void verify_record(void *ctx, u64 table, u32 q, u64 want, u64 got)
{
	struct verify_log *log = ctx;

	if (log->n < ARRAY_SIZE(log->table)) {
		log->table[log->n] = table;
		log->q[log->n] = q;
		log->want[log->n] = want;
		log->got[log->n] = got;
	}
	log->n++;
}

static void verify_reports_the_table_qword_and_both_values(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	u64 *root_q0 = nvt_gpu_vram_at(gpu, vmm_pdb(vmm));
	struct verify_log log = { };
	u64 good;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_1M, SZ_4K, 0), 0);
	good = *root_q0;
	KUNIT_ASSERT_NE(test, good, 0);
	/* VRAM differs from the shadow in qword 0 of the root. */
	*root_q0 = good ^ BIT_ULL(4);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, verify_record, &log), 1);
	KUNIT_ASSERT_EQ(test, log.n, 1);
	KUNIT_EXPECT_EQ(test, log.table[0], vmm_pdb(vmm));
	KUNIT_EXPECT_EQ(test, log.q[0], 0);
	KUNIT_EXPECT_EQ(test, log.want[0], good);
	KUNIT_EXPECT_EQ(test, log.got[0], good ^ BIT_ULL(4));
	*root_q0 = good;
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void verify_reports_a_shadow_entry_that_does_not_link_its_child(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct verify_log log = { };
	u64 good;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_1M, SZ_4K, 0), 0);
	good = vmm->root->e[0];
	KUNIT_ASSERT_NOT_NULL(test, vmm->root->child[0]);
	KUNIT_ASSERT_EQ(test, good, nova_node_pde(vmm->fmt, vmm->root->child[0]));
	/*
	 * The shadow's own entry is wrong: it differs from VRAM, and it no
	 * longer points at the child the shadow links.
	 */
	vmm->root->e[0] = good ^ BIT_ULL(4);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, verify_record, &log), 2);
	KUNIT_ASSERT_EQ(test, log.n, 2);
	KUNIT_EXPECT_EQ(test, log.table[0], vmm_pdb(vmm));
	KUNIT_EXPECT_EQ(test, log.q[0], 0);
	KUNIT_EXPECT_EQ(test, log.want[0], good ^ BIT_ULL(4));
	KUNIT_EXPECT_EQ(test, log.got[0], good);
	KUNIT_EXPECT_EQ(test, log.table[1], vmm_pdb(vmm));
	KUNIT_EXPECT_EQ(test, log.q[1], 0);
	KUNIT_EXPECT_EQ(test, log.want[1], good);
	KUNIT_EXPECT_EQ(test, log.got[1], good ^ BIT_ULL(4));
	vmm->root->e[0] = good;
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static void huge_page_replaces_tables_left_only_sparse(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = new_vmm(test, &gpu);
	struct nova_pt_stats sparse_only, after;
	struct vmm_mapping m;

	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, GB, SZ_4M, true), 0);
	nova_pt_stats(gpu, &sparse_only);
	/* A 4 KiB page in and out: its tables stay, holding sparse entries. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_8K, SZ_1M, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, GB + SZ_8K, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_8K), NVT_XLATE_SPARSE);
	/* A 2 MiB page over them: they go, the page is in their parent. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_4M, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_lookup(vmm, GB + SZ_8K, &m), 0);
	KUNIT_EXPECT_EQ(test, m.va, GB);
	KUNIT_EXPECT_EQ(test, m.addr, SZ_4M);
	KUNIT_EXPECT_EQ(test, m.page_size, SZ_2M);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_8K), NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_2M), NVT_XLATE_SPARSE);
	nova_pt_stats(gpu, &after);
	KUNIT_EXPECT_EQ(test, after.tables, sparse_only.tables);
	KUNIT_EXPECT_EQ(test, after.vram_bytes, sparse_only.vram_bytes);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
	/* Unmapped: sparse again. */
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, xstate(gpu, vmm, GB + SZ_8K), NVT_XLATE_SPARSE);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
}

static struct kunit_case more_test_cases[] = {
	KUNIT_CASE_PARAM(get_takes_a_reference_that_put_drops, more_chip_gen_params),
	KUNIT_CASE_PARAM(verify_reports_the_table_qword_and_both_values, more_chip_gen_params),
	KUNIT_CASE_PARAM(verify_reports_a_shadow_entry_that_does_not_link_its_child,
			 more_chip_gen_params),
	KUNIT_CASE_PARAM(huge_page_replaces_tables_left_only_sparse, more_chip_gen_params),
	{ }
};

static struct kunit_suite more_test_suite = {
	.name = "nova_vmm_more",
	.test_cases = more_test_cases,
};

kunit_test_suite(more_test_suite);
