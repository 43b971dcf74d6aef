// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: suspend and resume, PCI error recovery and reset (drv/pm.c), and
 * the restore of every table, root and instance block from the shadow tree
 * (vmm/restore.c). The tests call the functions the PM and PCI error
 * callbacks call; the fake GPU plays the reset (nvt_gpu_reset()) and the
 * loss of VRAM (nvt_gpu_wipe_vram()), and the test-side MMU checks what the
 * GPU would translate.
 *
 * The VRAM-lost test prints its seed; nova_vmm.pm_seed=N replays it.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <nova_vmm/vmm.h>

#include "drv/pm.h"
#include "hw/nv_pmc.h"
#include "io/gpu.h"
#include "io/tlb.h"
#include "mm/pt_mem.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define BAR1_SIZE	SZ_256M
#define GB		BIT_ULL(30)
#define INST_SIZE	SZ_4K
/* Random maps per address space in the VRAM-lost test. */
#define PM_MAPS		24
/* Address spaces there: three channel ones, BAR1, BAR2. */
#define PM_VMMS		5
/* Translations checked per map: first, last and one random page. */
#define PM_PROBES	3

static ulong pm_seed;
module_param(pm_seed, ulong, 0444);
MODULE_PARM_DESC(pm_seed, "KUnit: seed of the VRAM-lost resume test (0: one per chip)");

static const u32 pm_chips[] = { NV_CHIP_TU102, NV_CHIP_GA102, NV_CHIP_GH100, NV_CHIP_GB202 };

static void pm_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(pm_chip, pm_chips, pm_chip_desc);

static u32 chip_of(struct kunit *test)
{
	return *(const u32 *)test->param_value;
}

static struct nova_gpu *pm_gpu(struct kunit *test)
{
	return nvt_gpu_create_bars(test, chip_of(test), VRAM_SIZE, BAR1_SIZE);
}

static void expect_mapped(struct kunit *test, struct vmm *vmm, u64 va, u64 addr)
{
	struct nvt_xlate x;

	nvt_translate(vmm->gpu, vmm_pdb(vmm), va, &x);
	KUNIT_EXPECT_EQ_MSG(test, x.state, NVT_XLATE_MAPPED, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, x.addr, addr, "va %#llx", va);
}

static void expect_bars_bound(struct kunit *test, struct nova_gpu *gpu)
{
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 0), vmm_inst_block(vmm_bar1(gpu)));
	KUNIT_EXPECT_EQ(test, nvt_gpu_bar_inst(gpu, 1), vmm_inst_block(vmm_bar2(gpu)));
	KUNIT_EXPECT_NE(test, nvt_gpu_bar_inst(gpu, 0), 0);
	KUNIT_EXPECT_NE(test, nvt_gpu_bar_inst(gpu, 1), 0);
}

static u64 pt_tables(struct nova_gpu *gpu)
{
	struct nova_pt_stats st;

	nova_pt_stats(gpu, &st);
	return st.tables;
}

/* Every exported call that would touch the device fails with -EIO, untouched. */
static void expect_calls_fail_eio(struct kunit *test, struct nova_gpu *gpu, struct vmm *vmm,
				  struct vmm_op *op)
{
	struct vmm_mapping m;
	u32 word = 0;

	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 3 * GB, 0, SZ_4K, 0), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmm, GB, SZ_2M), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_protect(vmm, GB, SZ_2M, VMM_MAP_READ_ONLY), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_sparse(vmm, 4 * GB, SZ_2M, true), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_map_prepare(vmm, 3 * GB, 0, SZ_4K, 0)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_unmap_prepare(vmm, GB, SZ_2M)), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vmm_create(gpu, 0, GB)), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, 0, &word, sizeof(word)), -EIO);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, &word, sizeof(word)), -EIO);
	/* Lookups read the shadow tree: they still work. */
	KUNIT_EXPECT_EQ(test, vmm_lookup(vmm, GB, &m), 0);
}

/*
 * error_detected: every call fails with -EIO at once and the fake sees no
 * MMIO at all, a destroy included; the device is not taken for gone. The
 * slot reset lost VRAM; slot_reset restores it, resume lets calls run: the
 * prepared operation commits, old and new mappings translate, the BARs are
 * bound, and the tables of the destroyed space came back.
 */
static void pci_error_fails_calls_with_eio_without_mmio_then_slot_reset_restores(struct kunit *test)
{
	struct nova_gpu *gpu = pm_gpu(test);
	u64 tables = pt_tables(gpu);
	struct vmm *doomed = vmm_create(gpu, 0, BIT_ULL(40));
	struct vmm *vmm = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	struct vmm_op *op;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, doomed);
	KUNIT_ASSERT_EQ(test, vmm_map(doomed, GB, 0, SZ_64K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, 0), 0);
	op = vmm_map_prepare(vmm, 2 * GB, SZ_2M, SZ_64K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);

	KUNIT_EXPECT_TRUE(test, nova_gpu_error_detected(gpu, pci_channel_io_frozen) ==
				PCI_ERS_RESULT_NEED_RESET);
	nvt_gpu_reset_counts(gpu);
	expect_calls_fail_eio(test, gpu, vmm, op);
	vmm_destroy(doomed);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));

	nvt_gpu_reset(gpu);
	nvt_gpu_wipe_vram(gpu, chip_of(test));
	KUNIT_EXPECT_TRUE(test, nova_gpu_slot_reset(gpu) == PCI_ERS_RESULT_RECOVERED);
	nova_gpu_error_resume(gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, 3 * GB, SZ_4M, SZ_4K, 0), 0);
	expect_mapped(test, vmm, GB + SZ_1M, SZ_1M);
	expect_mapped(test, vmm, 2 * GB, SZ_2M);
	expect_mapped(test, vmm, 3 * GB, SZ_4M);
	expect_bars_bound(test, gpu);
	/* The destroy's tables were quarantined, and freed by the restore. */
	vmm_unmap(vmm, GB, SZ_2M);
	vmm_unmap(vmm, 2 * GB, SZ_64K);
	vmm_unmap(vmm, 3 * GB, SZ_4K);
	KUNIT_EXPECT_EQ(test, pt_tables(gpu), tables + 1);
}

struct waiter {
	struct vmm *vmm;
	int ret;
	struct completion done;
};

static int waiter_fn(void *arg)
{
	struct waiter *w = arg;

	w->ret = vmm_map(w->vmm, GB, 0, SZ_64K, 0);
	complete(&w->done);
	return 0;
}

/*
 * Suspended: a map waits, touching nothing, and goes through after resume
 * (the reset in between lost the window register and the BAR binds).
 */
static void suspend_makes_calls_wait_until_resume(struct kunit *test)
{
	struct nova_gpu *gpu = pm_gpu(test);
	struct waiter w = { .vmm = nvt_vmm_create(test, gpu, 0, BIT_ULL(40)) };

	init_completion(&w.done);
	nova_gpu_suspend(gpu);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(waiter_fn, &w, "nvt_pm_waiter")));
	msleep(100);
	KUNIT_EXPECT_FALSE(test, completion_done(&w.done));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	nvt_gpu_reset(gpu);
	KUNIT_EXPECT_EQ(test, nova_gpu_resume(gpu), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&w.done, 10 * HZ));
	KUNIT_EXPECT_EQ(test, w.ret, 0);
	expect_mapped(test, w.vmm, GB + SZ_4K, SZ_4K);
	expect_bars_bound(test, gpu);
}

/**
 * struct probe - A VA checked across the restore.
 * @vmm: Its address space.
 * @va: The VA.
 * @x: What the test-side MMU translated it to before VRAM was lost.
 */
struct probe {
	struct vmm *vmm;
	u64 va;
	struct nvt_xlate x;
};

/**
 * struct pm_rand - State of the VRAM-lost test.
 * @test: The test.
 * @rnd: Its random state.
 * @seed: Its seed, for messages.
 * @probes: VAs to check.
 * @n: Used entries of @probes.
 */
struct pm_rand {
	struct kunit *test;
	struct rnd_state rnd;
	u64 seed;
	struct probe *probes;
	unsigned int n;
};

static u32 rnd_below(struct pm_rand *t, u32 n)
{
	return prandom_u32_state(&t->rnd) % n;
}

static void add_probe(struct pm_rand *t, struct vmm *vmm, u64 va)
{
	struct probe *p = &t->probes[t->n++];

	p->vmm = vmm;
	p->va = va;
	nvt_translate(vmm->gpu, vmm_pdb(vmm), va, &p->x);
	KUNIT_EXPECT_NE_MSG(t->test, p->x.state, NVT_XLATE_FAULT, "seed %llu va %#llx", t->seed,
			    va);
}

/* System memory: @count random 4 KiB pages below 2^39. */
static int map_sys(struct pm_rand *t, struct vmm *vmm, u64 va, unsigned int count)
{
	dma_addr_t pages[16];
	unsigned int i;

	for (i = 0; i < count; i++)
		pages[i] = (u64)prandom_u32_state(&t->rnd) << 12 & (BIT_ULL(39) - 1);
	return vmm_map_dma(vmm, va, pages, count, rnd_below(t, 2) ? VMM_MAP_NONCOHERENT : 0);
}

/* One random map: VRAM with 4 KiB, 64 KiB or 2 MiB pages, or system memory. */
static void map_random(struct pm_rand *t, struct vmm *vmm)
{
	static const u32 flag[] = { VMM_MAP_PAGE_4K, VMM_MAP_PAGE_64K, VMM_MAP_PAGE_2M, 0 };
	static const u64 page[] = { SZ_4K, SZ_64K, SZ_2M, SZ_4K };
	static const u32 most[] = { 16, 8, 2, 16 };
	u32 kind = rnd_below(t, ARRAY_SIZE(flag)), n = 1 + rnd_below(t, most[kind]);
	u64 size = n * page[kind], addr, va;
	int ret;

	if (vmm_va_alloc(vmm, size, page[kind], &va))
		return;	/* BAR2 is small: full */
	addr = (u64)rnd_below(t, VRAM_SIZE / 2 / page[kind]) * page[kind];
	if (kind == ARRAY_SIZE(flag) - 1)
		ret = map_sys(t, vmm, va, n);
	else
		ret = vmm_map(vmm, va, addr, size,
			      flag[kind] | (rnd_below(t, 2) ? VMM_MAP_READ_ONLY : 0));
	KUNIT_ASSERT_EQ_MSG(t->test, ret, 0, "seed %llu map %#llx+%#llx", t->seed, va, size);
	add_probe(t, vmm, va);
	add_probe(t, vmm, va + size - SZ_4K);
	add_probe(t, vmm, va + rnd_below(t, size / SZ_4K) * SZ_4K);
}

static void sparse_random(struct pm_rand *t, struct vmm *vmm)
{
	u64 va;

	KUNIT_ASSERT_EQ(t->test, vmm_va_alloc(vmm, SZ_4M, SZ_2M, &va), 0);
	KUNIT_ASSERT_EQ(t->test, vmm_sparse(vmm, va, SZ_4M, true), 0);
	add_probe(t, vmm, va + rnd_below(t, SZ_4M / SZ_4K) * SZ_4K);
}

/* Instance blocks that differ from their copy in @inst. */
static unsigned int inst_changed(struct nova_gpu *gpu, struct vmm **vmms, const u8 *inst)
{
	unsigned int i, changed = 0;

	for (i = 0; i < PM_VMMS; i++)
		changed += memcmp(nvt_gpu_vram_at(gpu, vmm_inst_block(vmms[i])),
				  inst + i * INST_SIZE, INST_SIZE) != 0;
	return changed;
}

static void expect_probes(struct pm_rand *t)
{
	struct nvt_xlate x;
	struct probe *p;
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		p = &t->probes[i];
		nvt_translate(p->vmm->gpu, vmm_pdb(p->vmm), p->va, &x);
		KUNIT_EXPECT_EQ_MSG(t->test, x.state, p->x.state, "seed %llu va %#llx", t->seed,
				    p->va);
		KUNIT_EXPECT_EQ_MSG(t->test, x.addr, p->x.addr, "seed %llu va %#llx", t->seed,
				    p->va);
		KUNIT_EXPECT_EQ_MSG(t->test, x.page_size, p->x.page_size, "seed %llu va %#llx",
				    t->seed, p->va);
		KUNIT_EXPECT_EQ_MSG(t->test, x.pte, p->x.pte, "seed %llu va %#llx", t->seed,
				    p->va);
	}
}

/* The address spaces: three channel ones, then BAR1 and BAR2. */
static void pm_vmms(struct kunit *test, struct nova_gpu *gpu, struct vmm **vmms)
{
	unsigned int i;

	for (i = 0; i < PM_VMMS - 2; i++)
		vmms[i] = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	vmms[PM_VMMS - 2] = vmm_bar1(gpu);
	vmms[PM_VMMS - 1] = vmm_bar2(gpu);
}

/*
 * Random address spaces with random mappings (VRAM with each page size,
 * read-only or not, system memory, sparse ranges) and a prepared map; the
 * GPU suspends, is reset and loses VRAM (filled with random bytes), and
 * resumes: every probed VA translates as before (state, address, page
 * size, PTE), every table reads back as its shadow, every instance block
 * is as it was, the BARs are bound to theirs, the prepared map commits, and
 * calls carry on.
 */
static void resume_after_vram_loss_translates_every_mapping_as_before(struct kunit *test)
{
	struct pm_rand t = { .test = test, .seed = pm_seed ?: chip_of(test) };
	struct nova_gpu *gpu = pm_gpu(test);
	struct vmm *vmms[PM_VMMS];
	u8 *inst;
	struct vmm_op *op;
	unsigned int i, j;

	kunit_info(test, "seed %llu (nova_vmm.pm_seed=%llu replays)\n", t.seed, t.seed);
	prandom_seed_state(&t.rnd, t.seed);
	t.probes = kunit_kcalloc(test, PM_VMMS * (PM_MAPS * PM_PROBES + 1), sizeof(*t.probes),
				 GFP_KERNEL);
	inst = kunit_kzalloc(test, PM_VMMS * INST_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t.probes);
	KUNIT_ASSERT_NOT_NULL(test, inst);
	pm_vmms(test, gpu, vmms);
	for (i = 0; i < PM_VMMS; i++) {
		KUNIT_ASSERT_NOT_NULL(test, vmms[i]);
		for (j = 0; j < PM_MAPS; j++)
			map_random(&t, vmms[i]);
		if (i < PM_VMMS - 2)
			sparse_random(&t, vmms[i]);
		memcpy(inst + i * INST_SIZE, nvt_gpu_vram_at(gpu, vmm_inst_block(vmms[i])),
		       INST_SIZE);
	}
	op = vmm_map_prepare(vmms[0], 64 * GB, SZ_2M, SZ_2M, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);

	nova_gpu_suspend(gpu);
	nvt_gpu_reset(gpu);
	nvt_gpu_wipe_vram(gpu, t.seed);
	/* The loss is real (and the tables went with it). */
	KUNIT_EXPECT_EQ(test, inst_changed(gpu, vmms, inst), PM_VMMS);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(gpu), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_TLB_INVALIDATES), PM_VMMS);

	expect_probes(&t);
	for (i = 0; i < PM_VMMS; i++)
		KUNIT_EXPECT_EQ_MSG(test, nova_vmm_verify(vmms[i], NULL, NULL), 0, "vmm %u", i);
	KUNIT_EXPECT_EQ(test, inst_changed(gpu, vmms, inst), 0);
	expect_bars_bound(test, gpu);
	KUNIT_EXPECT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	expect_mapped(test, vmms[0], 64 * GB, SZ_2M);
	KUNIT_EXPECT_EQ(test, vmm_unmap(vmms[0], 64 * GB, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vmm_map(vmms[1], 65 * GB, SZ_4M, SZ_64K, 0), 0);
	expect_mapped(test, vmms[1], 65 * GB, SZ_4M);
}

/*
 * A restore that fails (a BAR bind that never completes) leaves the GPU
 * failing calls with -EIO instead of letting them write to a GPU in an
 * unknown state; a later successful recovery brings it back.
 */
static void failed_restore_fails_calls_with_eio_until_recovered(struct kunit *test)
{
	struct nova_gpu *gpu = pm_gpu(test);
	struct vmm *vmm = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));

	nova_gpu_suspend(gpu);
	nvt_gpu_reset(gpu);
	nvt_gpu_set_fault(gpu, NVT_FAULT_BIND_STUCK);
	KUNIT_EXPECT_EQ(test, nova_gpu_resume(gpu), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), -EIO);
	nvt_gpu_set_fault(gpu, NVT_FAULT_NONE);
	nvt_gpu_reset(gpu);
	KUNIT_EXPECT_TRUE(test, nova_gpu_slot_reset(gpu) == PCI_ERS_RESULT_RECOVERED);
	nova_gpu_error_resume(gpu);
	KUNIT_EXPECT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), 0);
	expect_mapped(test, vmm, GB, 0);
	expect_bars_bound(test, gpu);
}

/*
 * A grafted address space over a root nova_vmm does not own: after VRAM
 * loss the owner restores its own tables (here another address space), and
 * the graft writes back the entries it linked into them, and its own
 * tables: both mappings translate.
 */
KUNIT_DEFINE_ACTION_WRAPPER(free_vram, vmm_vram_free, struct vmm_vram *);

/*
 * The "firmware" root the graft hangs on: a copy of the owner's root in VRAM
 * no address space has as its root (vmm_create_graft() refuses an owned
 * one, review M2). The graft maps under its second entry, which the owner's
 * tree does not use, so that no table of the graft is reachable from the
 * owner's PDB. The copy is written back after VRAM is lost, as firmware
 * restores its own tree; the graft's entry in it comes from the restore.
 */
static void restore_writes_the_graft_entries_into_foreign_tables(struct kunit *test)
{
	struct nova_gpu *gpu = pm_gpu(test);
	struct vmm *owner = nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
	u64 big = BIT_ULL(owner->fmt->va_bits - 1), root;
	void *fw = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	struct vmm_vram *mem;
	struct nvt_xlate x;
	struct vmm *graft;
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, fw);
	KUNIT_ASSERT_EQ(test, vmm_map(owner, GB, 0, SZ_2M, 0), 0);
	mem = vmm_vram_alloc(gpu, SZ_4K, SZ_4K, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_vram, mem), 0);
	root = vmm_vram_segs(mem, &n)[0].addr;
	KUNIT_ASSERT_EQ(test, vmm_vram_read(gpu, vmm_pdb(owner), fw, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_vram_write(gpu, root, fw, SZ_4K), 0);
	graft = vmm_create_graft(gpu, root, 0, 2 * big);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, graft);
	KUNIT_ASSERT_EQ(test, vmm_map(graft, big + 8 * GB, SZ_4M, SZ_64K, 0), 0);
	nova_gpu_suspend(gpu);
	nvt_gpu_reset(gpu);
	nvt_gpu_wipe_vram(gpu, chip_of(test));
	memcpy(nvt_gpu_vram_at(gpu, root), fw, SZ_4K);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(gpu), 0);
	expect_mapped(test, owner, GB, 0);
	nvt_translate(gpu, root, big + 8 * GB, &x);
	KUNIT_EXPECT_EQ(test, x.state, NVT_XLATE_MAPPED);
	KUNIT_EXPECT_EQ(test, x.addr, SZ_4M);
	KUNIT_EXPECT_EQ(test, nova_vmm_verify(graft, NULL, NULL), 0);
	vmm_destroy(graft);
	/* The firmware drops its copy before the owner's tables can go. */
	memset(fw, 0, SZ_4K);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, root, fw, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, nova_tlb_invalidate(gpu, root, NOVA_TLB_ACK), 0);
}

static struct kunit_case pm_cases[] = {
	KUNIT_CASE_PARAM(pci_error_fails_calls_with_eio_without_mmio_then_slot_reset_restores,
			 pm_chip_gen_params),
	KUNIT_CASE_PARAM(suspend_makes_calls_wait_until_resume, pm_chip_gen_params),
	KUNIT_CASE_PARAM(resume_after_vram_loss_translates_every_mapping_as_before,
			 pm_chip_gen_params),
	KUNIT_CASE_PARAM(failed_restore_fails_calls_with_eio_until_recovered, pm_chip_gen_params),
	KUNIT_CASE_PARAM(restore_writes_the_graft_entries_into_foreign_tables,
			 pm_chip_gen_params),
	{}
};

static struct kunit_suite pm_suite = {
	.name = "nova_vmm_pm",
	.test_cases = pm_cases,
};

kunit_test_suite(pm_suite);
