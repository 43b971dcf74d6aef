// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what nova_vmm shows of itself. The debugfs files, as text: info,
 * pagetables (runs from the shadow) and verify (VRAM against the shadow);
 * the directory of each address space; the map tracepoint. MMU v2 and v3.
 */
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>

#include <nova_vmm/vmm.h>

#include "drv/debugfs.h"
#include "vmm/debugfs.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "fmt/pt_fmt.h"
#include "mm/node.h"
#include "io/trace.h"
#include "vmm/vmm_priv.h"

#define VRAM_SIZE	SZ_64M
#define GB		BIT_ULL(30)
#define SHOW_SIZE	SZ_4K

/**
 * struct dbg_case - A chip and the ``info`` it shows with one address space.
 * @chip: BOOT_42 chip id.
 * @info: The exact text.
 */
struct dbg_case {
	u32 chip;
	const char *info;
};

static const struct dbg_case dbg_cases[] = {
	{ NV_CHIP_GA102,
	  "chip: GA102\nfamily: Ampere\nmmu: MMU v2\n"
	  "vram: 64 MiB, allocating from 0x0-0x3e00000\n"
	  "vram usable: 0x0-0x3e00000\n"
	  "vram reserved: 0x3f00000-0x4000000 VGA workspace\n"
	  "vram reserved: 0x3e00000-0x3f00000 FRTS (WPR2)\n"
	  "pramin window register: 0x1700\naddress spaces: 1\n"
	  "page tables: 1 tables, 4096 bytes of VRAM\n"
	  "  PD3: 4096\n  PD2: 0\n  PD1: 0\n  PD0: 0\n  PT: 0\n  PT (64K): 0\n"
	  "page-table cache: 0 tables, 0 bytes of 1048576, 0 hits, 1 misses, 0 shrunk\n" },
	{ NV_CHIP_GB202,
	  "chip: GB202\nfamily: Blackwell\nmmu: MMU v3\n"
	  "vram: 64 MiB, allocating from 0x0-0x3ce0000\n"
	  "vram usable: 0x0-0x3ce0000\n"
	  "vram reserved: 0x3f00000-0x4000000 VGA workspace\n"
	  "vram reserved: 0x3ce0000-0x3de0000 FRTS (WPR2)\n"
	  "pramin window register: 0x10fd40\naddress spaces: 1\n"
	  "page tables: 1 tables, 4096 bytes of VRAM\n"
	  "  PD4: 4096\n  PD3: 0\n  PD2: 0\n  PD1: 0\n  PD0: 0\n  PT: 0\n  PT (64K): 0\n"
	  "page-table cache: 0 tables, 0 bytes of 1048576, 0 hits, 1 misses, 0 shrunk\n" },
};

static void dbg_case_desc(const struct dbg_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", c->chip);
}

KUNIT_ARRAY_PARAM(dbg, dbg_cases, dbg_case_desc);

static const struct dbg_case *dbg_case(struct kunit *test)
{
	return test->param_value;
}

static struct vmm *new_vmm(struct kunit *test, struct nova_gpu *gpu)
{
	return nvt_vmm_create(test, gpu, 0, BIT_ULL(40));
}

static const char *show(struct kunit *test, int (*fn)(struct seq_file *, void *), void *priv)
{
	return nvt_show(test, fn, priv, SHOW_SIZE);
}

static void info_names_the_chip_and_counts_tables_per_level(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);

	new_vmm(test, gpu);
	KUNIT_EXPECT_STREQ(test, show(test, nova_info_show, gpu), dbg_case(test)->info);
}

static void a_2m_map_of_64k_pages_is_one_run_line(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);

	KUNIT_EXPECT_STREQ(test, show(test, nova_pagetables_show, vmm), "");
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_2M, SZ_2M, VMM_MAP_PAGE_64K), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_STREQ(test, show(test, nova_pagetables_show, vmm),
			   "0x40000000-0x40200000 -> 0x200000 64K vram rw kind 0x0\n");
	/* From the shadow: not one MMIO access. */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_STREQ(test, show(test, nova_verify_show, vmm), "ok\n");
}

static void runs_break_where_address_size_or_attributes_change(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	dma_addr_t pages[] = { SZ_64K, SZ_64K + SZ_4K };

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_8K, VMM_MAP_PAGE_4K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_8K, SZ_1M, SZ_4K, VMM_MAP_PAGE_4K), 0);
	/* 4 KiB below 64 KiB, then 64 KiB pages: two sizes, one address run. */
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB + SZ_2M - SZ_4K, SZ_2M - SZ_4K, SZ_128K + SZ_4K,
				      0), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 2 * GB, SZ_4M, SZ_4M,
				      VMM_MAP_READ_ONLY | VMM_MAP_NO_ATOMIC | VMM_MAP_KIND(6)), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, 3 * GB, SZ_4M, true), 0);
	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, 4 * GB, pages, ARRAY_SIZE(pages), 0), 0);
	KUNIT_EXPECT_STREQ(test, show(test, nova_pagetables_show, vmm),
			   "0x40000000-0x40002000 -> 0x0 4K vram rw kind 0x0\n"
			   "0x40002000-0x40003000 -> 0x100000 4K vram rw kind 0x0\n"
			   "0x401ff000-0x40200000 -> 0x1ff000 4K vram rw kind 0x0\n"
			   "0x40200000-0x40220000 -> 0x200000 64K vram rw kind 0x0\n"
			   "0x80000000-0x80400000 -> 0x400000 2M vram ro,noatomic kind 0x6\n"
			   "0xc0000000-0xc0400000 -> sparse 2M\n"
			   "0x100000000-0x100002000 -> (hidden) 4K sys rw,uncached kind 0x0\n");
	KUNIT_EXPECT_STREQ(test, show(test, nova_verify_show, vmm), "ok\n");
}

/* Host physical addresses only with debugfs_sys_addr=1 (review L10). */
static void sysmem_addresses_show_only_with_the_parameter(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	dma_addr_t pages[] = { 0x12345000 };
	const char *hidden, *shown;

	KUNIT_ASSERT_EQ(test, vmm_map_dma(vmm, GB, pages, ARRAY_SIZE(pages), 0), 0);
	hidden = show(test, nova_pagetables_show, vmm);
	nova_debugfs_sys_addr = true;
	shown = show(test, nova_pagetables_show, vmm);
	nova_debugfs_sys_addr = false;
	KUNIT_EXPECT_STREQ(test, hidden,
			   "0x40000000-0x40001000 -> (hidden) 4K sys rw,uncached kind 0x0\n");
	KUNIT_EXPECT_STREQ(test, shown,
			   "0x40000000-0x40001000 -> 0x12345000 4K sys rw,uncached kind 0x0\n");
	KUNIT_EXPECT_NULL(test, strstr(hidden, "12345"));
}

/* VRAM address of the 64 KiB PTE that maps @va, from the shadow. */
static u64 big_pte_addr(struct vmm *vmm, u64 va, u64 *val)
{
	const struct nova_pt_fmt *fmt = vmm->fmt;
	struct nova_node *n = vmm->root;
	u8 level;
	u32 i;

	for (level = fmt->root; level > NOVA_PT_DUAL; level--)
		n = n->child[nova_pt_index(&fmt->lvl[level], va)];
	n = n->child[2 * nova_pt_index(&fmt->lvl[NOVA_PT_DUAL], va)];
	i = nova_pt_index(&fmt->big, va);
	*val = n->e[i];
	return n->addr + i * sizeof(u64);
}

static void verify_prints_each_pte_vram_disagrees_on(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	u64 addr, want, *pte;
	char *line;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_2M, SZ_2M, VMM_MAP_PAGE_64K), 0);
	KUNIT_EXPECT_STREQ(test, show(test, nova_verify_show, vmm), "ok\n");
	addr = big_pte_addr(vmm, GB + 3 * SZ_64K, &want);
	pte = nvt_gpu_vram_at(gpu, addr);
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_ASSERT_EQ(test, *pte, want);
	*pte = 0;
	line = kasprintf(GFP_KERNEL, "table %#llx qword 3: shadow %#018llx vram %#018llx\n",
			 addr - 3 * sizeof(u64), want, 0ULL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_STREQ(test, show(test, nova_verify_show, vmm), line);
	kfree(line);
	/* pagetables shows the shadow, which still maps the page. */
	KUNIT_EXPECT_STREQ(test, show(test, nova_pagetables_show, vmm),
			   "0x40000000-0x40200000 -> 0x200000 64K vram rw kind 0x0\n");
}

static bool has_entry(struct dentry *dir, const char *name)
{
	struct dentry *d = debugfs_lookup(name, dir);

	dput(d);
	return !!d;
}

static void each_address_space_has_a_directory_until_destroyed(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, dbg_case(test)->chip, VRAM_SIZE,
						   SZ_256M);
	struct vmm *a = vmm_create(gpu, 0, BIT_ULL(40)), *b = vmm_create(gpu, 0, BIT_ULL(40));

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_STREQ(test, vmm_bar1(gpu)->name, "bar1");
	KUNIT_EXPECT_STREQ(test, vmm_bar2(gpu)->name, "bar2");
	KUNIT_EXPECT_STREQ(test, a->name, "vmm0");
	KUNIT_EXPECT_STREQ(test, b->name, "vmm1");
	KUNIT_EXPECT_TRUE(test, strstr(show(test, nova_info_show, gpu), "address spaces: 4\n"));
	KUNIT_EXPECT_TRUE(test, has_entry(gpu->debugfs, "info"));
	KUNIT_EXPECT_TRUE(test, has_entry(gpu->debugfs, "bar1"));
	KUNIT_EXPECT_TRUE(test, has_entry(b->debugfs, "pagetables"));
	KUNIT_EXPECT_TRUE(test, has_entry(b->debugfs, "verify"));
	vmm_destroy(a);
	KUNIT_EXPECT_FALSE(test, has_entry(gpu->debugfs, "vmm0"));
	KUNIT_EXPECT_TRUE(test, has_entry(gpu->debugfs, "vmm1"));
	KUNIT_EXPECT_TRUE(test, strstr(show(test, nova_info_show, gpu), "address spaces: 3\n"));
	vmm_destroy(b);
}

/**
 * struct map_seen - What the map and invalidate probes saw.
 * @maps: Map events.
 * @pdb: Their PDB.
 * @va: Their VA.
 * @addr: Their address.
 * @size: Their size.
 * @pages: Their page sizes, BIT(enum nova_page_size).
 * @flags: Their VMM_MAP_* flags.
 * @result: Their result.
 * @invalidates: TLB invalidate events.
 */
struct map_seen {
	unsigned int maps;
	u64 pdb, va, addr, size;
	u32 pages, flags;
	int result;
	unsigned int invalidates;
};

static void probe_map(void *data, u64 pdb, u64 va, u64 addr, u64 size, u32 pages, u32 flags,
		      int result)
{
	struct map_seen *s = data;

	s->maps++;
	s->pdb = pdb;
	s->va = va;
	s->addr = addr;
	s->size = size;
	s->pages = pages;
	s->flags = flags;
	s->result = result;
}

static void probe_invalidate(void *data, u64 pdb, u32 flags, u64 duration_ns, int result)
{
	struct map_seen *s = data;

	s->invalidates++;
}

static void a_map_fires_one_map_event_with_its_fields(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	struct map_seen seen = {};
	u32 flags = VMM_MAP_READ_ONLY | VMM_MAP_KIND(6);
	int ret;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "needs CONFIG_TRACEPOINTS");
	ret = register_trace_nova_vmm_map(probe_map, &seen);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = register_trace_nova_vmm_tlb_invalidate(probe_invalidate, &seen);
	if (!ret) {
		/* 64 KiB, then 2 MiB pages. */
		ret = vmm_map(vmm, GB + SZ_2M - SZ_64K, SZ_4M - SZ_64K, SZ_2M + SZ_64K, flags);
		unregister_trace_nova_vmm_tlb_invalidate(probe_invalidate, &seen);
	}
	unregister_trace_nova_vmm_map(probe_map, &seen);
	tracepoint_synchronize_unregister();
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, seen.maps, 1);
	KUNIT_EXPECT_EQ(test, seen.invalidates, 1);
	KUNIT_EXPECT_EQ(test, seen.pdb, vmm_pdb(vmm));
	KUNIT_EXPECT_EQ(test, seen.va, GB + SZ_2M - SZ_64K);
	KUNIT_EXPECT_EQ(test, seen.addr, SZ_4M - SZ_64K);
	KUNIT_EXPECT_EQ(test, seen.size, SZ_2M + SZ_64K);
	KUNIT_EXPECT_EQ(test, seen.pages, BIT(NOVA_PAGE_64K) | BIT(NOVA_PAGE_2M));
	KUNIT_EXPECT_EQ(test, seen.flags, flags);
	KUNIT_EXPECT_EQ(test, seen.result, 0);
}

/* A journal line without its sequence number and time, which vary. */
static const char *journal_line(struct kunit *test, const char **text, u64 *seq)
{
	const char *nl = strchr(*text, '\n'), *rest;
	char *line;
	u64 s, us;
	int n = 0, got;

	KUNIT_ASSERT_NOT_NULL(test, nl);
	got = sscanf(*text, "%llu %llu.%llu %n", seq, &s, &us, &n);
	KUNIT_EXPECT_EQ(test, got, 3);
	rest = *text + n;
	*text = nl + 1;
	line = kunit_kzalloc(test, nl - rest + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	memcpy(line, rest, nl - rest);
	return line;
}

static void journal_lists_each_change_in_order_failures_and_commits_too(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	static const char * const want[] = {
		"map      0x40000000-0x40200000 64K 0",
		"map      0x40000000-0x40001000 - -17",
		"protect  0x40000000-0x40010000 - 0",
		"sparse   0xc0000000-0xc0400000 2M 0",
		"unmap    0x40000000-0x40200000 - 0 commit",
	};
	const char *text;
	struct vmm_op *op;
	unsigned int i;
	u64 seq;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_2M, VMM_MAP_PAGE_64K), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, 0, SZ_4K, 0), -EEXIST);
	KUNIT_ASSERT_EQ(test, vmm_protect(vmm, GB, SZ_64K, VMM_MAP_READ_ONLY), 0);
	KUNIT_ASSERT_EQ(test, vmm_sparse(vmm, 3 * GB, SZ_4M, true), 0);
	op = vmm_unmap_prepare(vmm, GB, SZ_2M);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	KUNIT_ASSERT_EQ(test, vmm_op_commit(op), 0);
	vmm_op_free(op);
	text = show(test, nova_journal_show, vmm);
	text = strchr(text, '\n') + 1;
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_STREQ(test, journal_line(test, &text, &seq), want[i]);
		KUNIT_EXPECT_EQ(test, seq, i + 1);
	}
	KUNIT_EXPECT_STREQ(test, text, "");
}

#define VA_LINE	"va 0x40010123: 0x40010000-0x40020000 -> 0x210000 64K vram ro kind 0x0"

static void va_file_names_the_page_and_the_last_operation_there(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	const char *text;
	u64 seq;

	KUNIT_ASSERT_EQ(test, vmm_map(vmm, GB, SZ_2M, SZ_2M, VMM_MAP_PAGE_64K), 0);
	KUNIT_ASSERT_EQ(test, vmm_protect(vmm, GB + SZ_64K, SZ_64K, VMM_MAP_READ_ONLY), 0);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 2 * GB, 0, SZ_4K, 0), 0);
	WRITE_ONCE(vmm->debug_va, GB + SZ_64K + 0x123);
	text = show(test, nova_va_show, vmm);
	KUNIT_EXPECT_TRUE(test, str_has_prefix(text, VA_LINE "\nlast changed by:\n"));
	text = strstr(text, "by:\n") + 4;
	KUNIT_EXPECT_STREQ(test, journal_line(test, &text, &seq),
			   "protect  0x40010000-0x40020000 - 0");
	KUNIT_EXPECT_EQ(test, seq, 2);
	/* Unmapped, and touched by none of the last 64 operations. */
	WRITE_ONCE(vmm->debug_va, 5 * GB);
	KUNIT_EXPECT_STREQ(test, show(test, nova_va_show, vmm),
			   "va 0x140000000: not mapped\n"
			   "last changed by: none of the last 64 operations\n");
}

static void journal_keeps_the_last_64_operations(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, dbg_case(test)->chip, VRAM_SIZE);
	struct vmm *vmm = new_vmm(test, gpu);
	struct nova_journal_rec *r = kunit_kcalloc(test, NOVA_JOURNAL_LEN, sizeof(*r), GFP_KERNEL);
	struct nova_journal_rec last;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, vmm_map(vmm, 0, 0, SZ_4K, 0), 0);
	for (i = 0; i < NOVA_JOURNAL_LEN + 5; i++)
		KUNIT_ASSERT_EQ(test, vmm_protect(vmm, 0, SZ_4K, i & 1 ? VMM_MAP_READ_ONLY : 0), 0);
	KUNIT_ASSERT_EQ(test, nova_journal_copy(&vmm->journal, r), NOVA_JOURNAL_LEN);
	for (i = 0; i < NOVA_JOURNAL_LEN; i++)
		KUNIT_EXPECT_EQ(test, r[i].seq, 7 + i);
	KUNIT_EXPECT_TRUE(test, nova_journal_last_at(&vmm->journal, 0, &last));
	KUNIT_EXPECT_EQ(test, last.seq, NOVA_JOURNAL_LEN + 6);
	KUNIT_EXPECT_EQ(test, last.kind, NOVA_JOURNAL_PROTECT);
	/* The map, operation 1, fell out of the ring. */
	KUNIT_EXPECT_FALSE(test, nova_journal_last_at(&vmm->journal, SZ_8K, &last));
}

static struct kunit_case dbg_test_cases[] = {
	KUNIT_CASE_PARAM(info_names_the_chip_and_counts_tables_per_level, dbg_gen_params),
	KUNIT_CASE_PARAM(a_2m_map_of_64k_pages_is_one_run_line, dbg_gen_params),
	KUNIT_CASE_PARAM(runs_break_where_address_size_or_attributes_change, dbg_gen_params),
	KUNIT_CASE_PARAM(sysmem_addresses_show_only_with_the_parameter, dbg_gen_params),
	KUNIT_CASE_PARAM(verify_prints_each_pte_vram_disagrees_on, dbg_gen_params),
	KUNIT_CASE_PARAM(each_address_space_has_a_directory_until_destroyed, dbg_gen_params),
	KUNIT_CASE_PARAM(a_map_fires_one_map_event_with_its_fields, dbg_gen_params),
	KUNIT_CASE_PARAM(journal_lists_each_change_in_order_failures_and_commits_too,
			 dbg_gen_params),
	KUNIT_CASE_PARAM(va_file_names_the_page_and_the_last_operation_there, dbg_gen_params),
	KUNIT_CASE_PARAM(journal_keeps_the_last_64_operations, dbg_gen_params),
	{}
};

static struct kunit_suite dbg_test_suite = {
	.name = "nova_vmm_observe",
	.test_cases = dbg_test_cases,
};

kunit_test_suite(dbg_test_suite);
