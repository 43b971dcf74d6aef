// SPDX-License-Identifier: GPL-2.0
/*
 * nova_vmm_bench: MMIO counts from the fake GPU, page-table VRAM and time
 * per page, printed as "BENCH|..." lines that scripts/bench_report.py turns
 * into bench/RESULTS.md. Run by "make bench" (no sanitizers); never part of
 * "make check". It asserts correctness, never speed.
 *
 * Lower bounds (the "lb" columns), per issue: 2 dwords per leaf entry, 2 per
 * PDE the mapping needs (one qword; a dual PDE's other half is not counted),
 * the flush read and invalidate writes; table VRAM: the tables the mapping
 * needs at their sizes (256 bytes for a 64 KiB page table).
 */
#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "drv/pm.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "fmt/pt_fmt.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

#define BENCH_VRAM	(8ULL << 30)	/* reported by the fake */
#define BENCH_BACKED	SZ_128M		/* with RAM behind it, at the top */
#define GB		BIT_ULL(30)

static const u32 bench_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void bench_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(bench_chip, bench_chips, bench_chip_desc);

struct sample {
	u64 reads, writes, moves, invalidates, ns;
	s64 pt_bytes;
};

static struct nova_gpu *bench_gpu(struct kunit *test)
{
	return nvt_gpu_create_partial(test, *(const u32 *)test->param_value, BENCH_VRAM,
				      BENCH_BACKED);
}

static u64 pt_bytes(struct nova_gpu *gpu)
{
	struct nova_pt_stats st;

	nova_pt_stats(gpu, &st);
	return st.vram_bytes;
}

static void put_vmm(void *vmm)
{
	vmm_put(vmm);
}

static struct vmm *bench_vmm(struct kunit *test, struct nova_gpu *gpu)
{
	struct vmm *vmm = vmm_create(gpu, 0, BIT_ULL(gpu->chip->family->fmt->va_bits));

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_vmm, vmm), 0);
	return vmm;
}

static void bench_vmm_done(struct kunit *test, struct vmm *vmm)
{
	kunit_release_action(test, put_vmm, vmm);
}

static void begin(struct nova_gpu *gpu, struct sample *s)
{
	nvt_gpu_reset_counts(gpu);
	s->pt_bytes = pt_bytes(gpu);
	s->ns = ktime_get_ns();
}

static void end(struct nova_gpu *gpu, struct sample *s)
{
	s->ns = ktime_get_ns() - s->ns;
	s->reads = nvt_gpu_count(gpu, NVT_MMIO_READS);
	s->writes = nvt_gpu_count(gpu, NVT_MMIO_WRITES);
	s->moves = nvt_gpu_count(gpu, NVT_WINDOW_MOVES);
	s->invalidates = nvt_gpu_count(gpu, NVT_TLB_INVALIDATES);
	s->pt_bytes = (s64)pt_bytes(gpu) - s->pt_bytes;
}

/* Tables of @level (entry span 1 << shift ... table span) a range touches. */
static u64 tables_for(u64 va, u64 size, u8 table_shift)
{
	return (ALIGN(va + size, BIT_ULL(table_shift)) - ALIGN_DOWN(va, BIT_ULL(table_shift))) >>
	       table_shift;
}

struct bound {
	u64 writes;
	u64 bytes;
};

/* Lower bound of a map of [va, va + size) with pages of @ps in a fresh space. */
static struct bound lower_bound(const struct nova_pt_fmt *fmt, enum nova_page_size ps,
				u64 va, u64 size)
{
	const struct nova_page_desc *p = &fmt->pages[ps];
	struct bound b = { .writes = 2 * (size >> p->shift) + 3 };
	unsigned int l;
	u64 n;

	if (p->big || p->level == 0) {
		n = tables_for(va, size, fmt->lvl[1].shift);
		b.writes += 2 * n;
		b.bytes += n * (p->big ? nova_pt_table_size(&fmt->big) : SZ_4K);
	}
	for (l = p->level + (p->big || !p->level); l < fmt->root; l++) {
		n = tables_for(va, size, fmt->lvl[l + 1].shift);
		b.writes += 2 * n;
		b.bytes += n * SZ_4K;
	}
	return b;
}

static void row(struct kunit *test, const char *kase, u64 pages, const struct sample *s,
		const struct bound *b)
{
	kunit_info(test, "BENCH|%#x|%s|%llu|%llu|%llu|%llu|%llu|%lld|%llu|%llu|%llu\n",
		   *(const u32 *)test->param_value, kase, pages, s->reads, s->writes,
		   s->moves, s->invalidates, s->pt_bytes, pages ? s->ns / pages : 0,
		   b ? b->writes : 0, b ? b->bytes : 0);
}

static void map_1g(struct kunit *test, enum nova_page_size ps, u32 flag, const char *name)
{
	struct nova_gpu *gpu = bench_gpu(test);
	const struct nova_pt_fmt *fmt = gpu->chip->family->fmt;
	struct vmm *vmm = bench_vmm(test, gpu);
	u64 va = 64 * GB, pages = GB >> fmt->pages[ps].shift;
	struct bound b = lower_bound(fmt, ps, va, GB);
	struct sample s;
	char kase[32];

	begin(gpu, &s);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, va, 0, GB, flag), 0);
	end(gpu, &s);
	snprintf(kase, sizeof(kase), "map 1G %s", name);
	row(test, kase, pages, &s, &b);
	begin(gpu, &s);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, va, GB), 0);
	end(gpu, &s);
	snprintf(kase, sizeof(kase), "unmap 1G %s", name);
	row(test, kase, pages, &s, NULL);
	bench_vmm_done(test, vmm);
}

static void bench_map_1g_4k(struct kunit *test)
{
	map_1g(test, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, "4K");
}

static void bench_map_1g_64k(struct kunit *test)
{
	map_1g(test, NOVA_PAGE_64K, VMM_MAP_PAGE_64K, "64K");
}

static void bench_map_1g_2m(struct kunit *test)
{
	map_1g(test, NOVA_PAGE_2M, VMM_MAP_PAGE_2M, "2M");
}

static void bench_map_1g_512m(struct kunit *test)
{
	map_1g(test, NOVA_PAGE_512M, VMM_MAP_PAGE_512M, "512M");
}

/*
 * The restore after a resume (drv/pm.c): every table of an address space
 * holding 1 GiB of @ps pages, its root and instance block rewritten from the
 * shadow tree, and one invalidate (the fake has no BARs here).
 */
static void restore_1g(struct kunit *test, enum nova_page_size ps, u32 flag, const char *name)
{
	struct nova_gpu *gpu = bench_gpu(test);
	const struct nova_pt_fmt *fmt = gpu->chip->family->fmt;
	struct vmm *vmm = bench_vmm(test, gpu);
	u64 va = 64 * GB, pages = GB >> fmt->pages[ps].shift;
	struct sample s;
	char kase[32];

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, va, 0, GB, flag), 0);
	nova_gpu_suspend(gpu);
	begin(gpu, &s);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(gpu), 0);
	end(gpu, &s);
	snprintf(kase, sizeof(kase), "restore 1G %s", name);
	row(test, kase, pages, &s, NULL);
	bench_vmm_done(test, vmm);
}

static void bench_restore_1g_4k(struct kunit *test)
{
	restore_1g(test, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, "4K");
}

static void bench_restore_1g_64k(struct kunit *test)
{
	restore_1g(test, NOVA_PAGE_64K, VMM_MAP_PAGE_64K, "64K");
}

static void bench_restore_1g_2m(struct kunit *test)
{
	restore_1g(test, NOVA_PAGE_2M, VMM_MAP_PAGE_2M, "2M");
}

static void bench_scaling_4k(struct kunit *test)
{
	struct nova_gpu *gpu = bench_gpu(test);
	const struct nova_pt_fmt *fmt = gpu->chip->family->fmt;
	unsigned int e;

	for (e = 0; e <= 20; e += 2) {
		struct vmm *vmm = bench_vmm(test, gpu);
		u64 size = (u64)SZ_4K << e, va = 64 * GB;
		struct bound b = lower_bound(fmt, NOVA_PAGE_4K, va, size);
		struct sample s;
		char kase[32];

		begin(gpu, &s);
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, va, 0, size, VMM_MAP_PAGE_4K), 0);
		end(gpu, &s);
		snprintf(kase, sizeof(kase), "scale 2^%u", e);
		row(test, kase, 1ULL << e, &s, &b);
		bench_vmm_done(test, vmm);
	}
}

static void bench_fragmentation(struct kunit *test)
{
	struct nova_gpu *gpu = bench_gpu(test);
	const struct nova_pt_fmt *fmt = gpu->chip->family->fmt;
	struct vmm *vmm = bench_vmm(test, gpu);
	struct rnd_state rnd;
	u64 *live, seed = 0x6e6f7661, va;
	unsigned int i, n = 0, slots = 1024;
	struct bound b = lower_bound(fmt, NOVA_PAGE_64K, 64 * GB, GB);
	struct sample s;

	live = kunit_kcalloc(test, slots, sizeof(*live), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, live);
	prandom_seed_state(&rnd, seed);
	kunit_info(test, "fragmentation seed %#llx\n", seed);
	/* Slot i owns VA [i * 4 MiB, + 64 KiB): random pages, random sizes. */
	for (i = 0; i < 10000; i++) {
		u32 slot = prandom_u32_state(&rnd) % slots;

		va = (u64)slot * SZ_4M + (prandom_u32_state(&rnd) % 8) * SZ_4K;
		if (live[slot]) {
			KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, live[slot] >> 8,
							(live[slot] & 0xff) * SZ_4K), 0);
			live[slot] = 0;
			n--;
		} else {
			u64 pages = 1 + prandom_u32_state(&rnd) % 8;

			KUNIT_ASSERT_EQ(test, vmm_map(vmm, va, va % SZ_1G, pages * SZ_4K, 0), 0);
			live[slot] = va << 8 | pages;
			n++;
		}
	}
	for (i = 0; i < slots; i++)
		if (live[i])
			KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, live[i] >> 8,
							(live[i] & 0xff) * SZ_4K), 0);
	begin(gpu, &s);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 64 * GB, 0, GB, VMM_MAP_PAGE_64K), 0);
	end(gpu, &s);
	row(test, "frag then 1G 64K", GB >> 16, &s, &b);
}

#define REMAPS	64

/* Remap REMAPS 64 KiB mappings to new VRAM: separate calls, then one batch. */
static void bench_remap_batched(struct kunit *test)
{
	struct nova_gpu *gpu = bench_gpu(test);
	struct vmm *vmm = bench_vmm(test, gpu);
	u64 va = 64 * GB, i;
	struct vmm_op *op;
	struct sample s;

	for (i = 0; i < REMAPS; i++)
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, va + 2 * i * SZ_64K, i * SZ_64K, SZ_64K, 0), 0);
	begin(gpu, &s);
	for (i = 0; i < REMAPS; i++) {
		KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, va + 2 * i * SZ_64K, SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, va + 2 * i * SZ_64K, SZ_8M + i * SZ_64K,
					      SZ_64K, 0), 0);
	}
	end(gpu, &s);
	row(test, "remap 64x64K separate", REMAPS, &s, NULL);
	op = vmm_op_create(vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	begin(gpu, &s);
	for (i = 0; i < REMAPS; i++) {
		KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, va + 2 * i * SZ_64K, SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, va + 2 * i * SZ_64K, i * SZ_64K,
						     SZ_64K, 0), 0);
	}
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	end(gpu, &s);
	row(test, "remap 64x64K batch", REMAPS, &s, NULL);
	bench_vmm_done(test, vmm);
}

/*
 * The cache of zeroed page tables (DOC: Table cache): dword writes of one
 * 4 KiB page into a fresh 2 MiB region (its directories there), of one
 * map/unmap cycle of one page, and of one page in a fresh address space
 * after another was destroyed, with the cache off and on. Printed as
 * "PTCACHE|chip|case|writes off|writes on", not as a BENCH row.
 */
static u64 ptcache_case(struct kunit *test, struct nova_gpu *gpu, unsigned int kase)
{
	struct vmm *vmm = bench_vmm(test, gpu), *old;
	u64 va = 64 * GB, writes;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, va + SZ_128M, 0, SZ_4K, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, va, 0, SZ_4K, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, va, SZ_4K), 0);
	if (kase == 2) {
		old = vmm;
		KUNIT_ASSERT_EQ(test, vmm_map(old, va + GB, 0, SZ_4K, VMM_MAP_PAGE_4K), 0);
		bench_vmm_done(test, old);
		vmm = bench_vmm(test, gpu);
	}
	nvt_gpu_reset_counts(gpu);
	for (i = 0; i < (kase == 1 ? 64 : 1); i++) {
		KUNIT_ASSERT_EQ(test, vmm_map(vmm, va + SZ_2M, 0, SZ_4K, VMM_MAP_PAGE_4K), 0);
		if (kase == 1)
			KUNIT_ASSERT_EQ(test, vmm_unmap(vmm, va + SZ_2M, SZ_4K), 0);
	}
	writes = nvt_gpu_count(gpu, NVT_MMIO_WRITES) / i;
	bench_vmm_done(test, vmm);
	return writes;
}

static void bench_pt_cache(struct kunit *test)
{
	static const char * const kases[] = { "4K page, fresh 2M region",
		"map/unmap churn, 1 page", "4K page, fresh address space" };
	struct nova_gpu *gpu = bench_gpu(test);
	struct nova_pt_cache_stats cs;
	unsigned int k;
	u64 off;

	nova_pt_cache_stats(gpu, &cs);
	for (k = 0; k < ARRAY_SIZE(kases); k++) {
		nova_pt_cache_limit(gpu, 0);
		off = ptcache_case(test, gpu, k);
		nova_pt_cache_limit(gpu, cs.limit);
		kunit_info(test, "PTCACHE|%#x|%s|%llu|%llu\n", *(const u32 *)test->param_value,
			   kases[k], off, ptcache_case(test, gpu, k));
	}
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_PARAM(bench_map_1g_4k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_map_1g_64k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_map_1g_2m, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_map_1g_512m, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_restore_1g_4k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_restore_1g_64k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_restore_1g_2m, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_scaling_4k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_fragmentation, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_remap_batched, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_pt_cache, bench_chip_gen_params),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "nova_vmm_bench",
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);
