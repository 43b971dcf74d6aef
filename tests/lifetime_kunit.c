// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the lifetime of a GPU (DOC: Lifetime, io/gpu.c). Removal with
 * handles of every kind still held (address space, VRAM allocation,
 * prepared operations on a channel and a BAR address space, an extra
 * reference), calls after removal, removal during a pending operation, BAR
 * address spaces clients cannot put, debugfs directories that go with the
 * GPU's, a transient read of all ones that must not mark the GPU gone, and
 * the debugfs walks that hold the page-table lock a chunk at a time; MMU v2
 * and v3. KASAN and kmemleak watch every case.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "drv/bringup.h"
#include "fmt/pt_fmt.h"
#include "hw/nv_pmc.h"
#include "io/gpu.h"
#include "mm/node.h"
#include "mm/pt_mem.h"
#include "nvt_gpu.h"
#include "vmm/debugfs.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define BAR1_SIZE	SZ_256M
#define GB		BIT_ULL(30)
#define VA_SIZE		BIT_ULL(40)
/* Mappings far enough apart that each needs tables of its own. */
#define SPREAD		((u64)SZ_512M)
#define SPREAD_MAPS	48
#define SHOW_SIZE	SZ_16K

static const u32 life_chips[] = { NV_CHIP_GA102, NV_CHIP_GH100 };

static void life_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x (MMU v%u)", *id,
		 *id == NV_CHIP_GA102 ? 2 : 3);
}

KUNIT_ARRAY_PARAM(life_chip, life_chips, life_chip_desc);

/* A test that failed before its removal still removes the GPU. */
static void remove_if_bound(void *gpu)
{
	if (!nova_gpu_unplugged(gpu))
		nova_gpu_fini(gpu);
}

/* A GPU with BAR1 and BAR2 that the test removes itself (nova_gpu_fini()). */
static struct nova_gpu *new_gpu(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_alloc(test, *(const u32 *)test->param_value, VRAM_SIZE);

	gpu->bar1_size = BAR1_SIZE;
	gpu->bar2_size = NVT_BAR2_SIZE;
	KUNIT_ASSERT_EQ(test, nova_gpu_init(gpu), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, remove_if_bound, gpu), 0);
	return gpu;
}

static u64 mmio(struct nova_gpu *gpu)
{
	return nvt_gpu_count(gpu, NVT_MMIO_READS) + nvt_gpu_count(gpu, NVT_MMIO_WRITES);
}

/* Every call on a surviving address space; @va maps 2 MiB, 8 MiB above are free. */
static void vmm_calls_fail_with_enodev(struct kunit *test, struct vmm *vmm, u64 va)
{
	dma_addr_t page = SZ_4K;
	struct vmm_mapping m;
	u64 got;

	KUNIT_EXPECT_EQ(test, vmm_map(vmm, va + SZ_2M, 0, SZ_64K, 0), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_map_dma(vmm, va + SZ_2M, &page, 1, 0), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, va, SZ_2M), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, va, SZ_2M, VMM_MAP_READ_ONLY), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, va + SZ_4M, SZ_2M, true), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, va, &m), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_va_alloc(vmm, SZ_64K, 0, &got), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_va_reserve(vmm, va + SZ_8M, SZ_64K), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_map_prepare(vmm, va + SZ_2M, 0, SZ_64K, 0)), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_unmap_prepare(vmm, va, SZ_2M)), -ENODEV);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), -ENODEV);
}

/* Every call that takes the GPU itself. */
static void gpu_calls_fail_with_enodev(struct kunit *test, struct nova_gpu *gpu)
{
	u32 v = 0;

	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create(gpu, 0, GB)), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create_graft(gpu, SZ_1M, 0, GB)), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_vram_alloc(gpu, SZ_64K, SZ_64K, 0)), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, &v, sizeof(v)), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, 0, &v, sizeof(v)), -ENODEV);
}

/*
 * A client keeps everything past removal: an address space with a mapping
 * and an extra reference, a VRAM allocation, a prepared map on it and one on
 * BAR1. Every call fails with -ENODEV without a register access; releasing
 * frees host memory only, and the GPU core goes with the last handle.
 */
static void remove_with_live_handles_fails_calls_and_frees_with_the_last(struct kunit *test)
{
	struct nova_gpu *gpu = new_gpu(test);
	struct vmm *vmm = vmm_create(gpu, 0, VA_SIZE), *bar1 = vmm_bar1(gpu);
	struct vmm_op *op, *bar_op;
	struct vmm_vram *mem;
	unsigned int n;
	u64 addr;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_NOT_NULL(test, bar1);
	mem = vmm_vram_alloc(gpu, SZ_4M, SZ_2M, VMM_VRAM_CONTIGUOUS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	addr = vmm_vram_segs(mem, &n)[0].addr;
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, addr, SZ_2M, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(bar1, 0, addr, SZ_2M, 0), 0);
	op = vmm_map_prepare(vmm, 2 * GB, addr, SZ_2M, 0);
	bar_op = vmm_map_prepare(bar1, 16 * SZ_1M, addr, SZ_2M, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bar_op);
	KUNIT_ASSERT_PTR_EQ(test, vmm_get(vmm), vmm);
	/* The driver's, the address space's, the VRAM's, the BAR1 operation's. */
	KUNIT_EXPECT_EQ(test, kref_read(&gpu->ref), 4);

	nova_gpu_fini(gpu);
	KUNIT_EXPECT_EQ(test, kref_read(&gpu->ref), 3);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), 0);
	nvt_gpu_reset_counts(gpu);
	vmm_calls_fail_with_enodev(test, vmm, GB);
	vmm_calls_fail_with_enodev(test, bar1, 0);
	gpu_calls_fail_with_enodev(test, gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(bar_op), -ENODEV);

	vmm_op_free(bar_op);
	vmm_op_free(op);
	vmm_vram_free(mem);
	vmm_put(vmm);
	KUNIT_EXPECT_NOT_NULL(test, gpu->pramin);	/* the address space keeps the core */
	vmm_destroy(vmm);
	KUNIT_EXPECT_NULL(test, gpu->pramin);		/* gone with the last handle */
	KUNIT_EXPECT_EQ(test, mmio(gpu), 0);
}

/*
 * Operations pending at removal, their address space already destroyed by
 * the client: the commit fails with -ENODEV, and freeing them releases the
 * address space and then the GPU core.
 */
static void remove_during_pending_ops_then_commit_and_free(struct kunit *test)
{
	struct nova_gpu *gpu = new_gpu(test);
	struct vmm *vmm = vmm_create(gpu, 0, VA_SIZE);
	struct vmm_op *map, *unmap;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, 0), 0);
	map = vmm_map_prepare(vmm, 2 * GB, 0, SZ_2M, 0);
	unmap = vmm_unmap_prepare(vmm, GB, SZ_2M);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, unmap);
	vmm_destroy(vmm);
	KUNIT_EXPECT_EQ(test, kref_read(&vmm->ref), 2);

	nova_gpu_fini(gpu);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(map), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(unmap), -ENODEV);
	vmm_op_free(map);
	KUNIT_EXPECT_NOT_NULL(test, gpu->pramin);
	vmm_op_free(unmap);
	KUNIT_EXPECT_NULL(test, gpu->pramin);
	KUNIT_EXPECT_EQ(test, mmio(gpu), 0);
}

/*
 * BAR1 and BAR2 belong to the GPU (review L12): vmm_put() and vmm_destroy()
 * change nothing, vmm_get() does not count; the spaces stay bound and usable.
 */
static void bar_spaces_refuse_put_and_destroy(struct kunit *test)
{
	struct nova_gpu *gpu = new_gpu(test);
	struct vmm *bar1 = vmm_bar1(gpu), *bar2 = vmm_bar2(gpu);

	KUNIT_ASSERT_NOT_NULL(test, bar1);
	KUNIT_ASSERT_NOT_NULL(test, bar2);
	KUNIT_EXPECT_PTR_EQ(test, vmm_get(bar1), bar1);
	vmm_put(bar1);
	vmm_destroy(bar1);
	vmm_put(bar2);
	vmm_destroy(bar2);
	KUNIT_EXPECT_EQ(test, kref_read(&bar1->ref), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&bar2->ref), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), vmm_inst_block(bar1));
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), vmm_inst_block(bar2));
	KUNIT_EXPECT_EQ(test, vmm_map(bar1, 0, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(bar1, 0, SZ_64K), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(bar2, 0, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(bar2, 0, SZ_64K), 0);
	nova_gpu_fini(gpu);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), 0);
	KUNIT_EXPECT_NULL(test, gpu->pramin);
}

/*
 * Address spaces that outlive the GPU lose their debugfs directories with
 * the GPU's (recursively): destroying one later removes no freed dentry.
 */
static void debugfs_dirs_of_surviving_spaces_go_with_the_gpu(struct kunit *test)
{
	struct nova_gpu *gpu = new_gpu(test);
	struct vmm *vmm = vmm_create(gpu, 0, VA_SIZE);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	if (!IS_ENABLED(CONFIG_DEBUG_FS)) {
		vmm_destroy(vmm);
		kunit_skip(test, "no CONFIG_DEBUG_FS");
	}
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(vmm->debugfs));
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(vmm_bar1(gpu)->debugfs));
	nova_gpu_fini(gpu);
	KUNIT_EXPECT_NULL(test, gpu->debugfs);
	KUNIT_EXPECT_NULL(test, vmm->debugfs);
	KUNIT_EXPECT_NULL(test, vmm_bar1(gpu)->debugfs);
	vmm_destroy(vmm);
	KUNIT_EXPECT_NULL(test, gpu->pramin);
}

/*
 * A read of all ones, then one of NV_PMC_BOOT_0, is transient (review L9):
 * the GPU is not marked gone and works on; a loss that lasts still is found.
 */
static void one_transient_all_ones_read_does_not_mark_the_gpu_gone(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	struct vmm *vmm = nvt_vmm_create(test, gpu, 0, VA_SIZE);
	u32 v = 0;

	/* The PRAMIN read, and the first NV_PMC_BOOT_0 read that checks it. */
	nvt_gpu_set_ones(gpu, 2);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, &v, sizeof(v)), 0);
	KUNIT_EXPECT_EQ(test, v, U32_MAX);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_64K, 0), 0);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_64K), 0);

	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, &v, sizeof(v)), -ENODEV);
	KUNIT_EXPECT_TRUE(test, nova_gpu_gone(gpu));
}

/* The 4 KiB page table that maps @va, from the shadow tree. */
static struct nova_node *leaf_table(struct vmm *vmm, u64 va)
{
	const struct nova_pt_fmt *fmt = vmm->fmt;
	struct nova_node *n = vmm->root;
	int level;

	for (level = fmt->root; level > NOVA_PT_DUAL; level--)
		n = n->child[nova_pt_index(&fmt->lvl[level], va)];
	return n->child[2 * nova_pt_index(&fmt->lvl[NOVA_PT_DUAL], va) + 1];
}

/* SPREAD_MAPS 4 KiB pages, each in tables of its own: many verify chunks. */
static struct vmm *spread_vmm(struct kunit *test, struct nova_gpu **gpu)
{
	struct vmm *vmm;
	unsigned int i;

	*gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	vmm = nvt_vmm_create(test, *gpu, 0, VA_SIZE);
	for (i = 0; i < SPREAD_MAPS; i++)
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, i * SPREAD, i * SZ_4K, SZ_4K, 0), 0);
	return vmm;
}

/*
 * The dwords a verify of @vmm reads if it reads each table once: every table
 * whole, but the root, a 4 KiB allocation of which only the entries count.
 */
static u64 table_dwords(struct nova_gpu *gpu, struct vmm *vmm)
{
	struct nova_pt_stats st;
	u64 sum = 0;
	unsigned int i;

	nova_pt_stats(gpu, &st);
	for (i = 0; i < ARRAY_SIZE(st.level_bytes); i++)
		sum += st.level_bytes[i];
	sum -= st.level_bytes[vmm->fmt->root];
	return sum / sizeof(u32) + vmm->root->nq * (sizeof(u64) / sizeof(u32));
}

/*
 * verify, chunk by chunk, reads every table exactly once (no table read
 * again when a chunk resumes below entries an earlier chunk entered) and
 * reports a difference in the first and in the last table.
 */
static void verify_reads_each_table_once_across_chunks(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = spread_vmm(test, &gpu);
	struct nova_node *first = leaf_table(vmm, 0);
	struct nova_node *last = leaf_table(vmm, (SPREAD_MAPS - 1) * SPREAD);
	u64 *q0 = nvt_gpu_vram_at(gpu, first->addr), *qn = nvt_gpu_vram_at(gpu, last->addr);

	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_READS), table_dwords(gpu, vmm));
	*q0 ^= BIT_ULL(4);
	*qn ^= BIT_ULL(4);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, NULL, NULL), 2);
	*q0 ^= BIT_ULL(4);
	*qn ^= BIT_ULL(4);
}

/**
 * struct lock_probe - A thread that takes the page-table lock during a verify.
 * @vmm: Address space.
 * @go: Completed at the first difference verify reports.
 * @done: Completed once the thread got the lock (a lookup).
 * @reports: Differences reported so far.
 * @seen: @reports when the thread got the lock.
 */
struct lock_probe {
	struct vmm *vmm;
	struct completion go;
	struct completion done;
	int reports;
	int seen;
};

static int lock_probe_fn(void *arg)
{
	struct lock_probe *p = arg;
	struct vmm_mapping m;

	wait_for_completion(&p->go);
	vmm_lookup(p->vmm, 0, &m);
	p->seen = READ_ONCE(p->reports);
	complete(&p->done);
	return 0;
}

static void lock_probe_report(void *ctx, u64 table, u32 q, u64 want, u64 got)
{
	struct lock_probe *p = ctx;

	if (!p->reports++)
		complete(&p->go);
}

/*
 * verify holds the page-table lock a chunk at a time (review M5): a lookup
 * started while it reads the first table gets the lock before it reports a
 * difference in the last table. With the lock held over the whole tree the
 * lookup could only get it after both reports.
 */
static void verify_lets_a_lookup_in_between_chunks(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm = spread_vmm(test, &gpu);
	struct lock_probe p = { .vmm = vmm, .seen = -1 };
	u64 *q0 = nvt_gpu_vram_at(gpu, leaf_table(vmm, 0)->addr);
	u64 *qn = nvt_gpu_vram_at(gpu, leaf_table(vmm, (SPREAD_MAPS - 1) * SPREAD)->addr);
	struct task_struct *t;

	init_completion(&p.go);
	init_completion(&p.done);
	t = kthread_run(lock_probe_fn, &p, "nvt_lock_probe");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	*q0 ^= BIT_ULL(4);
	*qn ^= BIT_ULL(4);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(vmm, lock_probe_report, &p), 2);
	*q0 ^= BIT_ULL(4);
	*qn ^= BIT_ULL(4);
	complete(&p.go);	/* in case verify reported nothing */
	wait_for_completion(&p.done);
	KUNIT_EXPECT_EQ(test, p.seen, 1);
}

#if IS_ENABLED(CONFIG_DEBUG_FS)
static const char *show(struct kunit *test, int (*fn)(struct seq_file *, void *), void *priv)
{
	return nvt_show(test, fn, priv, SHOW_SIZE);
}

/*
 * pagetables, chunk by chunk, prints each mapping once, in order, however
 * many chunks the tree takes.
 */
static void pagetables_prints_each_run_once_across_chunks(struct kunit *test)
{
	struct nova_gpu *gpu;
	struct vmm *vmm;
	char *want, *p;
	unsigned int i;

	vmm = spread_vmm(test, &gpu);
	want = kunit_kzalloc(test, SHOW_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	for (i = 0, p = want; i < SPREAD_MAPS; i++)
		p += scnprintf(p, SHOW_SIZE - (p - want), "%#llx-%#llx -> %#llx %s\n",
			       i * SPREAD, i * SPREAD + SZ_4K, (u64)i * SZ_4K,
			       "4K vram rw kind 0x0");
	KUNIT_EXPECT_STREQ(test, show(test, nova_pagetables_show, vmm), want);
}
#endif

static struct kunit_case life_test_cases[] = {
	KUNIT_CASE_PARAM(remove_with_live_handles_fails_calls_and_frees_with_the_last,
			 life_chip_gen_params),
	KUNIT_CASE_PARAM(remove_during_pending_ops_then_commit_and_free, life_chip_gen_params),
	KUNIT_CASE_PARAM(bar_spaces_refuse_put_and_destroy, life_chip_gen_params),
	KUNIT_CASE_PARAM(debugfs_dirs_of_surviving_spaces_go_with_the_gpu, life_chip_gen_params),
	KUNIT_CASE_PARAM(one_transient_all_ones_read_does_not_mark_the_gpu_gone,
			 life_chip_gen_params),
	KUNIT_CASE_PARAM(verify_reads_each_table_once_across_chunks, life_chip_gen_params),
	KUNIT_CASE_PARAM(verify_lets_a_lookup_in_between_chunks, life_chip_gen_params),
#if IS_ENABLED(CONFIG_DEBUG_FS)
	KUNIT_CASE_PARAM(pagetables_prints_each_run_once_across_chunks, life_chip_gen_params),
#endif
	{ }
};

static struct kunit_suite life_test_suite = {
	.name = "nova_vmm_lifetime",
	.test_cases = life_test_cases,
};

kunit_test_suite(life_test_suite);
