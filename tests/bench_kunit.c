// SPDX-License-Identifier: GPL-2.0
/*
 * nova_vmm_bench: what nova_vmm and a port of nova-core v1's map path
 * (tests/nvc_port.c) put on the link for the same operations on the same
 * fake GPU, printed as "BENCH|..." lines that scripts/bench_report.py turns
 * into bench/RESULTS.md and a figure. Run by "make bench" (no sanitizers);
 * never part of "make check". It asserts correctness (every call succeeds;
 * the port's mappings translate through tests/nvt_mmu), never speed.
 *
 * A row: chip | implementation | case | pages | API calls | posted writes
 * of 4, 8 and 64 bytes | non-posted reads | of them invalidate polls | reads
 * that flushed | bytes into VRAM | window moves | invalidates | table VRAM
 * added | slab memory added (the shadow tree) | ns | bytes bound | minimum
 * table VRAM | register writes (BAR0 outside PRAMIN: the window register,
 * invalidates). "nova_vmm" writes tables through PRAMIN, "nova_vmm BAR2"
 * through a write-combined BAR2 window (DOC: Page tables through BAR2) on a
 * fake that has one. The bytes bound is what must reach VRAM: each new table
 * whole (its unused entries must read invalid), 8 bytes per entry of a
 * table that existed given a new address (4 if its high dword stays the
 * same, rewrite_bound()), and 4 (the dword with the valid and read-only
 * bits) per entry only invalidated or made read-only.
 * "BENCHOP|" lines give the per-call counts of the fragmentation case,
 * run-length encoded, for percentiles.
 *
 * Invalidates take BENCH_POLLS polls (nvt_gpu_set_invalidate_polls()) so
 * that the poll reads a real invalidate costs are counted, but in the cases
 * of thousands of calls (see BENCH_POLLS).
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/mm.h>

#include <nova_vmm/vmm.h>

#include "drv/pm.h"
#include "io/bar2wc.h"
#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "nvt_mmu.h"
#include "nvc_port.h"
#include "fmt/pt_fmt.h"
#include "mm/pt_mem.h"
#include "mm/vram.h"

#define BENCH_VRAM	(8ULL << 30)	/* reported by the fake */
#define BENCH_BACKED	SZ_128M		/* with RAM behind it, at the top */
#define GB		BIT_ULL(30)
#define BENCH_VA	(64 * GB)
/*
 * Polls per invalidate (mid profile: a 5 us invalidate, 1.5 us reads), in the
 * cases of one or a few calls. nova_vmm sleeps 1 us between polls, which
 * under UML costs a timer tick: the cases of thousands of calls run with 0
 * (bench_many_calls()). The model charges an invalidate its latency either way.
 */
#define BENCH_POLLS	3
/* nova_vmm BAR2's page-table window: bar2_pt_mib's default (drv/drv.c). */
#define BENCH_WINDOW	SZ_16M
#define PORT_POOL	SZ_16M	/* the port's table VRAM in the cases */
#define SMALL_OPS	10000	/* cases 2, 3, 5, 6 */
#define SMALL_REGIONS	20	/* 2 MiB regions the SMALL_OPS single maps go to */
#define FRAG_SPAN	(2 * GB)	/* VA the random maps and the gaps lie in */
#define FRAG_MAX_PAGES	8
#define DMA_PAGES	262144
#define BENCH_SEED	0x6e6f7661ULL
#define PTE_BYTES	8
#define PTE_OFF_BYTES	4	/* the dword holding the valid and read-only bits */

static const u32 bench_chips[] = { NV_CHIP_GA102, NV_CHIP_GH100 };

static void bench_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(bench_chip, bench_chips, bench_chip_desc);

enum bench_impl { NOVA_VMM, NOVA_CORE, NOVA_VMM_BAR2, IMPLS };

static const char *const impl_name[] = { "nova_vmm", "nova-core port", "nova_vmm BAR2" };

/* nova_vmm's two ways of writing tables: PRAMIN, and the BAR2 window. */
static const enum bench_impl vmm_impls[] = { NOVA_VMM, NOVA_VMM_BAR2 };

/**
 * struct bench - One implementation's address space on its own fake GPU.
 * @test: Test.
 * @gpu: The fake GPU.
 * @fmt: Its page-table format.
 * @vmm: nova_vmm's space, or NULL.
 * @nvc: The port's space, or NULL.
 * @impl: Which of them, and how nova_vmm writes its tables.
 */
struct bench {
	struct kunit *test;
	struct nova_gpu *gpu;
	const struct nova_pt_fmt *fmt;
	struct vmm *vmm;
	struct nvc_vmm *nvc;
	enum bench_impl impl;
};

struct sample {
	u64 c[NVT_COUNTER_MAX];
	u64 ns;
	s64 pt_bytes;
	s64 shadow;
};

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

/* Put @vmm now, not at the end of the test. */
static void bench_vmm_done(struct kunit *test, struct vmm *vmm)
{
	kunit_release_action(test, put_vmm, vmm);
}

/*
 * A fake GPU for @impl: NOVA_VMM_BAR2's has a BAR2 and a page-table window of
 * BENCH_WINDOW there (DOC: Page tables through BAR2), the others none.
 */
static struct nova_gpu *bench_gpu(struct kunit *test, enum bench_impl impl)
{
	u32 chip = *(const u32 *)test->param_value;
	struct nova_gpu *gpu;

	if (impl == NOVA_VMM_BAR2) {
		gpu = nvt_gpu_create_bar2wc_partial(test, chip, BENCH_VRAM, BENCH_BACKED,
						    BENCH_WINDOW);
		KUNIT_ASSERT_TRUE(test, nova_bar2wc_active(gpu));
	} else {
		gpu = nvt_gpu_create_partial(test, chip, BENCH_VRAM, BENCH_BACKED);
	}
	nvt_gpu_set_invalidate_polls(gpu, BENCH_POLLS);
	return gpu;
}

/* Port table VRAM for a fresh map of @size with 4 KiB pages, with room. */
static u64 port_pool(u64 size)
{
	return SZ_512K + round_up(size >> 8, SZ_4K);
}

/* A new, empty address space of @impl on @b's GPU (nova_vmm's last one put). */
static void bench_space(struct bench *b, enum bench_impl impl, u64 pool)
{
	if (b->vmm)
		kunit_release_action(b->test, put_vmm, b->vmm);
	b->vmm = NULL;
	b->nvc = NULL;
	b->impl = impl;
	if (impl == NOVA_CORE)
		b->nvc = nvc_vmm_create(b->test, b->gpu, pool);
	else
		b->vmm = bench_vmm(b->test, b->gpu);
}

static void bench_open(struct kunit *test, struct bench *b, enum bench_impl impl, u64 pool)
{
	*b = (struct bench){ .test = test, .gpu = bench_gpu(test, impl) };
	b->fmt = b->gpu->chip->family->fmt;
	bench_space(b, impl, pool);
}

/* The fake's invalidates complete at the first poll from now on. */
static void bench_many_calls(struct bench *b)
{
	nvt_gpu_set_invalidate_polls(b->gpu, 0);
}

static int b_map(struct bench *b, u64 va, u64 pa, u64 size, u32 flags)
{
	if (b->nvc)
		return nvc_map(b->nvc, va, pa, size);
	return vmm_map(b->vmm, va, pa, size, flags);
}

static int b_unmap(struct bench *b, u64 va, u64 size)
{
	if (b->nvc)
		return nvc_unmap(b->nvc, va, size);
	return vmm_unmap(b->vmm, va, size);
}

static u64 b_pt_bytes(struct bench *b)
{
	struct nova_pt_stats st;

	if (b->nvc)
		return nvc_pt_bytes(b->nvc);
	nova_pt_stats(b->gpu, &st);
	return st.vram_bytes;
}

static void free_kv(void *p)
{
	kvfree(p);
}

static void *bench_kvcalloc(struct kunit *test, size_t n, size_t size)
{
	void *p = kvcalloc(n, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_kv, p), 0);
	return p;
}

/* Slab memory in use: where the shadow tree lives (UML: one CPU, exact enough). */
static s64 slab_bytes(void)
{
	return global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) << PAGE_SHIFT;
}

static void begin(struct bench *b, struct sample *s)
{
	nvt_gpu_reset_counts(b->gpu);
	s->pt_bytes = b_pt_bytes(b);
	s->shadow = slab_bytes();
	s->ns = ktime_get_ns();
}

static void end(struct bench *b, struct sample *s)
{
	unsigned int i;

	s->ns = ktime_get_ns() - s->ns;
	s->shadow = slab_bytes() - s->shadow;
	s->pt_bytes = (s64)b_pt_bytes(b) - s->pt_bytes;
	for (i = 0; i < NVT_COUNTER_MAX; i++)
		s->c[i] = nvt_gpu_count(b->gpu, i);
}

static void row(struct bench *b, const char *kase, u64 pages, u64 calls, const struct sample *s,
		u64 bound, u64 min_pt)
{
	const u64 *c = s->c;

	kunit_info(b->test,
		   "BENCH|%#x|%s|%s|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%lld|%lld|%llu|%llu|%llu|%llu\n",
		   *(const u32 *)b->test->param_value, impl_name[b->impl], kase, pages, calls,
		   c[NVT_POSTED_4], c[NVT_POSTED_8], c[NVT_POSTED_64], c[NVT_NP_READS],
		   c[NVT_INVAL_POLLS], c[NVT_FLUSHES] + c[NVT_BAR2_READS], c[NVT_VRAM_BYTES],
		   c[NVT_WINDOW_MOVES], c[NVT_TLB_INVALIDATES], s->pt_bytes, s->shadow, s->ns,
		   bound, min_pt, c[NVT_REG_WRITES]);
}

/*
 * The tables in the fake's VRAM, read by the test-side MMU, must translate
 * [va, va + size) to [pa, pa + size): the port's, and nova_vmm's whichever
 * way it wrote them.
 */
static void check_map(struct bench *b, u64 va, u64 pa, u64 size)
{
	u64 pdb = b->nvc ? nvc_pdb(b->nvc) : vmm_pdb(b->vmm);
	struct nvt_xlate x;
	u64 off, bad = 0;

	for (off = 0; off < size; off += SZ_4K) {
		nvt_translate(b->gpu, pdb, va + off, &x);
		bad += x.state != NVT_XLATE_MAPPED || x.addr != pa + off;
	}
	KUNIT_EXPECT_EQ_MSG(b->test, bad, 0, "%s: %llu of %llu pages mistranslated",
			    impl_name[b->impl], bad, size / SZ_4K);
}

/* Blocks of 1 << @shift bytes that [va, va + size) touches. */
static u64 blocks(u64 va, u64 size, u8 shift)
{
	return (ALIGN(va + size, BIT_ULL(shift)) - ALIGN_DOWN(va, BIT_ULL(shift))) >> shift;
}

/* Table VRAM a map of [va, va + size) with @ps pages needs, root excluded. */
static u64 min_tables(const struct nova_pt_fmt *fmt, enum nova_page_size ps, u64 va, u64 size)
{
	const struct nova_page_desc *p = &fmt->pages[ps];
	u64 bytes = 0;
	unsigned int l;

	if (p->big || p->level == 0)
		bytes += blocks(va, size, fmt->lvl[1].shift) *
			 (p->big ? nova_pt_table_size(&fmt->big) : SZ_4K);
	for (l = p->level + (p->big || !p->level); l < fmt->root; l++)
		bytes += blocks(va, size, fmt->lvl[l + 1].shift) * SZ_4K;
	return bytes;
}

/* The bytes bound of a map in a space that has only its root. */
static u64 fresh_bound(const struct nova_pt_fmt *fmt, enum nova_page_size ps, u64 va, u64 size)
{
	return min_tables(fmt, ps, va, size) +
	       PTE_BYTES * blocks(va, size, fmt->lvl[fmt->root].shift);
}

/* Case 1 (and the figure's points): map @size fresh in a new space, maybe unmap. */
static void map_fresh(struct bench *b, enum bench_impl impl, enum nova_page_size ps, u32 flag,
		      u64 va, u64 size, const char *name, bool unmap)
{
	struct kunit *test = b->test;
	u64 pages = size >> b->fmt->pages[ps].shift;
	struct sample s;
	char kase[48];

	bench_space(b, impl, port_pool(size));
	begin(b, &s);
	KUNIT_ASSERT_EQ(test, b_map(b, va, 0, size, flag), 0);
	end(b, &s);
	row(b, name, pages, 1, &s, fresh_bound(b->fmt, ps, va, size),
	    min_tables(b->fmt, ps, va, size));
	check_map(b, va, 0, size);
	if (!unmap)
		return;
	begin(b, &s);
	KUNIT_ASSERT_EQ(test, b_unmap(b, va, size), 0);
	end(b, &s);
	snprintf(kase, sizeof(kase), "un%s", name);
	row(b, kase, pages, 1, &s,
	    PTE_OFF_BYTES * blocks(va, size, b->fmt->lvl[b->fmt->root].shift), 0);
}

/* Case 1 with @impl, on a GPU of its own. */
static void map_1g(struct kunit *test, enum bench_impl impl, enum nova_page_size ps, u32 flag,
		   const char *name)
{
	struct bench b;

	bench_open(test, &b, impl, port_pool(GB));
	map_fresh(&b, impl, ps, flag, BENCH_VA, GB, name, true);
}

static void bench_map_1g_4k(struct kunit *test)
{
	enum bench_impl i;

	for (i = 0; i < IMPLS; i++)
		map_1g(test, i, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, "map 1G 4K");
}

static void bench_map_1g_64k(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_impls); i++)
		map_1g(test, vmm_impls[i], NOVA_PAGE_64K, VMM_MAP_PAGE_64K, "map 1G 64K");
}

static void bench_map_1g_2m(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_impls); i++)
		map_1g(test, vmm_impls[i], NOVA_PAGE_2M, VMM_MAP_PAGE_2M, "map 1G 2M");
}

/* Case 8: 1 GiB of 4 KiB pages starting 1 MiB past a 2 MiB boundary. */
static void bench_map_1g_offset(struct kunit *test)
{
	struct bench b;
	enum bench_impl i;

	for (i = 0; i < IMPLS; i++) {
		bench_open(test, &b, i, port_pool(GB));
		map_fresh(&b, i, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, BENCH_VA + SZ_1M, GB,
			  "map 1G 4K at +1M", false);
	}
}

/* The figure: fresh maps of 4 KiB pages, 4 KiB to 1 GiB, one GPU per implementation. */
static void bench_scaling_4k(struct kunit *test)
{
	struct bench b;
	unsigned int e;
	char kase[32];
	enum bench_impl i;

	for (i = 0; i < IMPLS; i++) {
		bench_open(test, &b, i, port_pool(0));
		for (e = 0; e <= 18; e += 2) {
			snprintf(kase, sizeof(kase), "scale 2^%u", e);
			map_fresh(&b, i, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, BENCH_VA,
				  (u64)SZ_4K << e, kase, false);
		}
	}
}

/* Cases 2 and 3 set up: one page at the start of each region, tables there. */
static u64 small_va(unsigned int i)
{
	return BENCH_VA + (u64)(i % SMALL_REGIONS) * SZ_2M + (1 + i / SMALL_REGIONS) * SZ_4K;
}

static void small_setup(struct bench *b)
{
	unsigned int r;

	for (r = 0; r < SMALL_REGIONS; r++)
		KUNIT_ASSERT_EQ(b->test, b_map(b, BENCH_VA + r * SZ_2M, 0, SZ_4K, 0), 0);
}

/* Case 2: SMALL_OPS single 4 KiB maps into existing tables, a call each. */
static void bench_small_maps(struct kunit *test)
{
	struct sample s;
	struct bench b;
	unsigned int i;
	enum bench_impl impl;

	for (impl = 0; impl < IMPLS; impl++) {
		bench_open(test, &b, impl, PORT_POOL);
		bench_many_calls(&b);
		small_setup(&b);
		begin(&b, &s);
		for (i = 0; i < SMALL_OPS; i++)
			KUNIT_ASSERT_EQ(test, b_map(&b, small_va(i), (u64)i * SZ_4K, SZ_4K, 0), 0);
		end(&b, &s);
		row(&b, "10^4 single 4K maps", SMALL_OPS, SMALL_OPS, &s, PTE_BYTES * SMALL_OPS, 0);
		for (i = 0; i < SMALL_OPS; i += 997)
			check_map(&b, small_va(i), (u64)i * SZ_4K, SZ_4K);
	}
}

/* Case 3: the same maps in one batch (nova_vmm's vmm_op; the port has none). */
static void small_maps_batched(struct kunit *test, enum bench_impl impl)
{
	struct vmm_op *op;
	struct sample s;
	struct bench b;
	unsigned int i;

	bench_open(test, &b, impl, 0);
	small_setup(&b);
	op = vmm_op_create(b.vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	begin(&b, &s);
	for (i = 0; i < SMALL_OPS; i++)
		KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, small_va(i), (u64)i * SZ_4K, SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	end(&b, &s);
	vmm_op_free(op);
	row(&b, "10^4 4K maps, one batch", SMALL_OPS, 1, &s, PTE_BYTES * SMALL_OPS, 0);
	for (i = 0; i < SMALL_OPS; i += 997)
		check_map(&b, small_va(i), (u64)i * SZ_4K, SZ_4K);
}

static void bench_small_maps_batched(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_impls); i++)
		small_maps_batched(test, vmm_impls[i]);
}

/* Case 4: one 4 KiB page into a 2 MiB region with no table yet. */
static void bench_new_region(struct kunit *test)
{
	struct sample s;
	struct bench b;
	enum bench_impl impl;

	for (impl = 0; impl < IMPLS; impl++) {
		bench_open(test, &b, impl, PORT_POOL);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA, 0, SZ_4K, 0), 0);
		begin(&b, &s);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA + SZ_2M, SZ_2M, SZ_4K, 0), 0);
		end(&b, &s);
		row(&b, "4K into a new 2M region", 1, 1, &s, SZ_4K + PTE_BYTES, SZ_4K);
		check_map(&b, BENCH_VA + SZ_2M, SZ_2M, SZ_4K);
	}
}

/* Case 5: map and unmap one page SMALL_OPS times, alone in its 2 MiB. */
static void bench_churn(struct kunit *test)
{
	struct sample s;
	struct bench b;
	unsigned int i;
	enum bench_impl impl;

	for (impl = 0; impl < IMPLS; impl++) {
		bench_open(test, &b, impl, PORT_POOL);
		bench_many_calls(&b);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA, 0, SZ_4K, 0), 0);
		begin(&b, &s);
		for (i = 0; i < SMALL_OPS; i++) {
			KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA + SZ_2M, SZ_2M, SZ_4K, 0), 0);
			KUNIT_ASSERT_EQ(test, b_unmap(&b, BENCH_VA + SZ_2M, SZ_4K), 0);
		}
		end(&b, &s);
		row(&b, "map+unmap one 4K x10^4", SMALL_OPS, 2 * SMALL_OPS, &s,
		    (PTE_BYTES + PTE_OFF_BYTES) * SMALL_OPS, 0);
	}
}

/* Case 7: one page out of the middle of 2 MiB; every other page of 2 MiB. */
static void bench_partial_unmap(struct kunit *test)
{
	struct sample s;
	struct bench b;
	enum bench_impl impl;
	u64 off;

	for (impl = 0; impl < IMPLS; impl++) {
		bench_open(test, &b, impl, PORT_POOL);
		bench_many_calls(&b);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA, 0, SZ_2M, VMM_MAP_PAGE_4K), 0);
		begin(&b, &s);
		KUNIT_ASSERT_EQ(test, b_unmap(&b, BENCH_VA + SZ_1M, SZ_4K), 0);
		end(&b, &s);
		row(&b, "unmap 1 page mid-2M", 1, 1, &s, PTE_OFF_BYTES, 0);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA + SZ_1M, SZ_1M, SZ_4K, VMM_MAP_PAGE_4K),
				0);
		begin(&b, &s);
		for (off = 0; off < SZ_2M; off += 2 * SZ_4K)
			KUNIT_ASSERT_EQ(test, b_unmap(&b, BENCH_VA + off, SZ_4K), 0);
		end(&b, &s);
		row(&b, "unmap every other 4K of 2M", SZ_2M / SZ_4K / 2, SZ_2M / SZ_4K / 2, &s,
		    PTE_OFF_BYTES * (SZ_2M / SZ_4K / 2), 0);
		check_map(&b, BENCH_VA + SZ_4K, SZ_4K, SZ_4K);
	}
}

/* The high dword of each 4 KiB PTE of [va, va + size), as the MMU reads it. */
static void pte_highs(struct bench *b, u64 va, u64 size, u32 *hi)
{
	u64 pdb = b->nvc ? nvc_pdb(b->nvc) : vmm_pdb(b->vmm), off;
	struct nvt_xlate x;

	for (off = 0; off < size; off += SZ_4K) {
		nvt_translate(b->gpu, pdb, va + off, &x);
		*hi++ = upper_32_bits(x.pte);
	}
}

/*
 * The bytes bound of rewriting the PTEs of [va, va + size), whose high
 * dwords were @old: 8 per entry whose high dword changed, 4 (the low
 * dword) per other.
 */
static u64 rewrite_bound(struct bench *b, u64 va, u64 size, const u32 *old)
{
	u64 n = size / SZ_4K, i, bound = 0;
	u32 *now = bench_kvcalloc(b->test, n, sizeof(*now));

	pte_highs(b, va, size, now);
	for (i = 0; i < n; i++)
		bound += now[i] == old[i] ? PTE_OFF_BYTES : PTE_BYTES;
	return bound;
}

/* Case 9: remap 1 GiB of 4 KiB pages to other VRAM; protect it read-only. */
static void bench_remap_protect(struct kunit *test)
{
	const u64 pages = GB / SZ_4K;
	u32 *old = bench_kvcalloc(test, pages, sizeof(*old));
	struct vmm_op *op;
	struct sample s;
	struct bench b;
	enum bench_impl impl;

	for (impl = 0; impl < IMPLS; impl++) {
		bench_open(test, &b, impl, PORT_POOL);
		KUNIT_ASSERT_EQ(test, b_map(&b, BENCH_VA, 0, GB, VMM_MAP_PAGE_4K), 0);
		pte_highs(&b, BENCH_VA, GB, old);
		begin(&b, &s);
		if (b.nvc) {	/* nova-core overwrites what is mapped */
			KUNIT_ASSERT_EQ(test, nvc_map(b.nvc, BENCH_VA, GB, GB), 0);
		} else {
			op = vmm_op_create(b.vmm);
			KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
			KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, BENCH_VA, GB), 0);
			KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, BENCH_VA, GB, GB, VMM_MAP_PAGE_4K),
					0);
			KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
			KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
			vmm_op_free(op);
		}
		end(&b, &s);
		row(&b, "remap 1G 4K", pages, 1, &s, rewrite_bound(&b, BENCH_VA, GB, old), 0);
		check_map(&b, BENCH_VA, GB, GB);
		if (b.nvc)
			continue;
		begin(&b, &s);
		KUNIT_ASSERT_EQ(test, vmm_protect(b.vmm, BENCH_VA, GB, VMM_MAP_READ_ONLY), 0);
		end(&b, &s);
		row(&b, "protect 1G 4K", pages, 1, &s, PTE_OFF_BYTES * pages, 0);
	}
}

/* Case 10: vmm_map_dma() of DMA_PAGES scattered system-memory pages. */
static void dma_scattered(struct kunit *test, const dma_addr_t *pages,
			  enum bench_impl impl)
{
	struct sample s;
	struct bench b;

	bench_open(test, &b, impl, 0);
	begin(&b, &s);
	KUNIT_ASSERT_EQ(test, vmm_map_dma(b.vmm, BENCH_VA, pages, DMA_PAGES, 0), 0);
	end(&b, &s);
	row(&b, "map_dma 262144 scattered 4K", DMA_PAGES, 1, &s,
	    fresh_bound(b.fmt, NOVA_PAGE_4K, BENCH_VA, (u64)DMA_PAGES * SZ_4K),
	    min_tables(b.fmt, NOVA_PAGE_4K, BENCH_VA, (u64)DMA_PAGES * SZ_4K));
}

static void bench_map_dma(struct kunit *test)
{
	struct rnd_state rnd;
	dma_addr_t *pages;
	unsigned int i;

	pages = bench_kvcalloc(test, DMA_PAGES, sizeof(*pages));
	prandom_seed_state(&rnd, BENCH_SEED);
	for (i = 0; i < DMA_PAGES; i++)
		pages[i] = (dma_addr_t)prandom_u32_state(&rnd) << PAGE_SHIFT;
	for (i = 0; i < ARRAY_SIZE(vmm_impls); i++)
		dma_scattered(test, pages, vmm_impls[i]);
}

/* What one call of the fragmentation case put on the link. */
struct opcount {
	u64 p4, p8, reads, polls, invals;
};

static int opcount_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct opcount));
}

/* The per-call counts, sorted and run-length encoded: "BENCHOP|...". */
static void op_rows(struct bench *b, const char *kase, struct opcount *ops, unsigned int n)
{
	unsigned int i, j;

	sort(ops, n, sizeof(*ops), opcount_cmp, NULL);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !opcount_cmp(&ops[i], &ops[j]); j++)
			;
		kunit_info(b->test, "BENCHOP|%#x|%s|%s|%u|%llu|%llu|%llu|%llu|%llu\n",
			   *(const u32 *)b->test->param_value,
			   impl_name[b->impl], kase, j - i, ops[i].p4,
			   ops[i].p8, ops[i].reads, ops[i].polls, ops[i].invals);
	}
}

static void op_count(struct bench *b, struct opcount *o)
{
	o->p4 = nvt_gpu_count(b->gpu, NVT_POSTED_4);
	o->p8 = nvt_gpu_count(b->gpu, NVT_POSTED_8);
	o->reads = nvt_gpu_count(b->gpu, NVT_NP_READS);
	o->polls = nvt_gpu_count(b->gpu, NVT_INVAL_POLLS);
	o->invals = nvt_gpu_count(b->gpu, NVT_TLB_INVALIDATES);
}

/* Blocks of 1 << @shift bytes of the FRAG_SPAN holding a mapped page. */
static u64 used_blocks(const unsigned long *map, u8 shift)
{
	unsigned long per = BIT_ULL(shift) / SZ_4K, n = FRAG_SPAN / SZ_4K, i;
	u64 used = 0;

	if (!per)
		return 0;
	for (i = 0; i < n; i += per)
		used += find_next_bit(map, min(n, i + per), i) < min(n, i + per);
	return used;
}

/* Table VRAM the mappings of @map need at least, root excluded (4 KiB pages). */
static u64 frag_min_tables(const struct nova_pt_fmt *fmt, const unsigned long *map)
{
	u64 bytes = 0;
	unsigned int l;

	for (l = 0; l < fmt->root; l++)
		bytes += used_blocks(map, fmt->lvl[l + 1].shift) * SZ_4K;
	return bytes;
}

/* SMALL_OPS random live maps of 1 to FRAG_MAX_PAGES pages; their counts in @ops. */
static void frag_random(struct bench *b, unsigned long *map, struct opcount *ops)
{
	const unsigned long n = FRAG_SPAN / SZ_4K;
	struct rnd_state rnd;
	unsigned long start;
	unsigned int i = 0;
	u32 pages;

	prandom_seed_state(&rnd, BENCH_SEED);
	while (i < SMALL_OPS) {
		pages = 1 + prandom_u32_state(&rnd) % FRAG_MAX_PAGES;
		start = prandom_u32_state(&rnd) % (n - pages);
		if (find_next_bit(map, start + pages, start) < start + pages)
			continue;
		nvt_gpu_reset_counts(b->gpu);
		KUNIT_ASSERT_EQ(b->test, b_map(b, BENCH_VA + start * SZ_4K, start * SZ_4K,
					       (u64)pages * SZ_4K, 0), 0);
		op_count(b, &ops[i++]);
		bitmap_set(map, start, pages);
	}
}

/* Map GB of 4 KiB pages into the gaps of @map, a call per gap; return calls. */
static u64 frag_fill(struct bench *b, unsigned long *map, u64 *new_pts)
{
	const unsigned long n = FRAG_SPAN / SZ_4K, per_pt = SZ_2M / SZ_4K;
	unsigned long start = 0, stop, left = GB / SZ_4K;
	u64 calls = 0;

	*new_pts = 0;
	while (left) {
		start = find_next_zero_bit(map, n, start);
		KUNIT_ASSERT_LT(b->test, start, n);
		stop = min(find_next_bit(map, n, start), start + left);
		KUNIT_ASSERT_EQ(b->test, b_map(b, BENCH_VA + start * SZ_4K, start * SZ_4K,
					       (u64)(stop - start) * SZ_4K, VMM_MAP_PAGE_4K), 0);
		/* Regions the run touches that held no page had no table. */
		for (unsigned long r = start / per_pt; r <= (stop - 1) / per_pt; r++)
			*new_pts += find_next_bit(map, (r + 1) * per_pt, r * per_pt) >=
				    (r + 1) * per_pt;
		bitmap_set(map, start, stop - start);
		left -= stop - start;
		calls++;
	}
	return calls;
}

/*
 * Case 6: SMALL_OPS random live maps of 4 to 32 KiB over FRAG_SPAN (their
 * per-call counts for percentiles), then 1 GiB of 4 KiB pages into the gaps:
 * table VRAM against the minimum for what is mapped, window moves.
 */
static void bench_fragmentation(struct kunit *test)
{
	struct opcount *ops;
	unsigned long *map;
	struct sample s;
	struct bench b;
	enum bench_impl impl;
	u64 calls, new_pts, pt0;

	kunit_info(test, "fragmentation seed %#llx\n", BENCH_SEED);
	ops = bench_kvcalloc(test, SMALL_OPS, sizeof(*ops));
	map = bench_kvcalloc(test, BITS_TO_LONGS(FRAG_SPAN / SZ_4K), sizeof(long));
	for (impl = 0; impl < IMPLS; impl++) {
		bitmap_zero(map, FRAG_SPAN / SZ_4K);
		bench_open(test, &b, impl, PORT_POOL);
		bench_many_calls(&b);
		pt0 = b_pt_bytes(&b);
		frag_random(&b, map, ops);
		op_rows(&b, "10^4 random 4-32K maps", ops, SMALL_OPS);
		begin(&b, &s);
		calls = frag_fill(&b, map, &new_pts);
		end(&b, &s);
		s.pt_bytes = b_pt_bytes(&b) - pt0;	/* all tables, against the minimum */
		row(&b, "1G into the gaps", GB / SZ_4K, calls, &s,
		    PTE_BYTES * (GB / SZ_4K) + new_pts * (SZ_4K - PTE_BYTES),
		    frag_min_tables(b.fmt, map));
	}
}

/*
 * The restore after a resume (drv/pm.c): every table of an address space
 * holding 1 GiB of @ps pages, its root and instance block rewritten from the
 * shadow tree, and one invalidate (the fake has no BARs here).
 */
static void restore_1g(struct kunit *test, enum nova_page_size ps, u32 flag, const char *name)
{
	struct sample s;
	struct bench b;

	bench_open(test, &b, NOVA_VMM, 0);
	KUNIT_ASSERT_EQ(test, vmm_map(b.vmm, BENCH_VA, 0, GB, flag), 0);
	nova_gpu_suspend(b.gpu);
	begin(&b, &s);
	KUNIT_ASSERT_EQ(test, nova_gpu_resume(b.gpu), 0);
	end(&b, &s);
	row(&b, name, GB >> b.fmt->pages[ps].shift, 1, &s, 0, 0);
}

static void bench_restore_1g(struct kunit *test)
{
	restore_1g(test, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, "restore 1G 4K");
	restore_1g(test, NOVA_PAGE_64K, VMM_MAP_PAGE_64K, "restore 1G 64K");
	restore_1g(test, NOVA_PAGE_2M, VMM_MAP_PAGE_2M, "restore 1G 2M");
}

#define REMAPS	64

/* Remap REMAPS 64 KiB mappings to new VRAM: separate calls, then one batch. */
static void remap_batched(struct kunit *test, enum bench_impl impl)
{
	struct vmm_op *op;
	struct sample s;
	struct bench b;
	u64 va = BENCH_VA, i;

	bench_open(test, &b, impl, 0);
	bench_many_calls(&b);
	for (i = 0; i < REMAPS; i++)
		KUNIT_ASSERT_EQ(test, vmm_map(b.vmm, va + 2 * i * SZ_64K, i * SZ_64K, SZ_64K, 0),
				0);
	begin(&b, &s);
	for (i = 0; i < REMAPS; i++) {
		KUNIT_ASSERT_EQ(test, vmm_unmap(b.vmm, va + 2 * i * SZ_64K, SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, vmm_map(b.vmm, va + 2 * i * SZ_64K, SZ_8M + i * SZ_64K,
					      SZ_64K, 0), 0);
	}
	end(&b, &s);
	row(&b, "remap 64x64K separate", REMAPS, 2 * REMAPS, &s,
	    (PTE_BYTES + PTE_OFF_BYTES) * REMAPS, 0);
	op = vmm_op_create(b.vmm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	begin(&b, &s);
	for (i = 0; i < REMAPS; i++) {
		KUNIT_ASSERT_EQ(test, vmm_op_add_unmap(op, va + 2 * i * SZ_64K, SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, vmm_op_add_map(op, va + 2 * i * SZ_64K, i * SZ_64K,
						     SZ_64K, 0), 0);
	}
	KUNIT_ASSERT_EQ(test, vmm_op_prepare(op), 0);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	end(&b, &s);
	row(&b, "remap 64x64K batch", REMAPS, 1, &s, PTE_BYTES * REMAPS, 0);
}

static void bench_remap_batched(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmm_impls); i++)
		remap_batched(test, vmm_impls[i]);
}

/* A counting-only io backend: no fake behind it, reads return 0. */
static u64 null_accesses;

static u32 null_rd32(struct nova_gpu *gpu, u32 reg)
{
	null_accesses++;
	return 0;
}

static void null_wr32(struct nova_gpu *gpu, u32 reg, u32 val)
{
	null_accesses++;
}

static u64 null_rd64(struct nova_gpu *gpu, u32 reg)
{
	null_accesses++;
	return 0;
}

static void null_wr64(struct nova_gpu *gpu, u32 reg, u64 val)
{
	null_accesses++;
}

static void null_wr_block(struct nova_gpu *gpu, u32 reg, const u32 *src, u32 len)
{
	null_accesses += len / sizeof(u32);
}

static const struct nova_io_ops null_io = {
	.rd32 = null_rd32,
	.wr32 = null_wr32,
	.rd64 = null_rd64,
	.wr64 = null_wr64,
	.wr_block = null_wr_block,
};

/*
 * The walker's own CPU cost: nova_vmm maps 1 GiB with @ps pages through the
 * counting-only backend (it never reads tables back, so it runs unchanged).
 * The row's ns is the map's; its shadow column the slab memory it added.
 */
static void cpu_1g(struct kunit *test, enum nova_page_size ps, u32 flag, const char *name)
{
	const struct nova_io_ops *io;
	struct sample s = {};
	struct bench b;
	u64 t;

	bench_open(test, &b, NOVA_VMM, 0);
	/* What the fake has not seen flushed yet must not be flushed into the null io. */
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(b.gpu), 0);
	io = b.gpu->io;
	b.gpu->io = &null_io;
	null_accesses = 0;
	s.shadow = slab_bytes();
	t = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, vmm_map(b.vmm, BENCH_VA, 0, GB, flag), 0);
	s.ns = ktime_get_ns() - t;
	s.shadow = slab_bytes() - s.shadow;
	KUNIT_EXPECT_EQ(test, vmm_unmap(b.vmm, BENCH_VA, GB), 0);
	b.gpu->io = io;
	s.pt_bytes = 0;
	KUNIT_EXPECT_GT(test, null_accesses, 0);
	row(&b, name, GB >> b.fmt->pages[ps].shift, 1, &s, 0, 0);
}

static void bench_cpu_null_io(struct kunit *test)
{
	cpu_1g(test, NOVA_PAGE_4K, VMM_MAP_PAGE_4K, "cpu null-io map 1G 4K");
	cpu_1g(test, NOVA_PAGE_64K, VMM_MAP_PAGE_64K, "cpu null-io map 1G 64K");
	cpu_1g(test, NOVA_PAGE_2M, VMM_MAP_PAGE_2M, "cpu null-io map 1G 2M");
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
	struct nova_gpu *gpu = bench_gpu(test, NOVA_VMM);
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
	KUNIT_CASE_PARAM(bench_small_maps, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_small_maps_batched, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_new_region, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_churn, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_fragmentation, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_partial_unmap, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_map_1g_offset, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_remap_protect, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_map_dma, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_scaling_4k, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_cpu_null_io, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_restore_1g, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_remap_batched, bench_chip_gen_params),
	KUNIT_CASE_PARAM(bench_pt_cache, bench_chip_gen_params),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "nova_vmm_bench",
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);
