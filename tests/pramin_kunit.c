// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: VRAM access through the PRAMIN window, on a v2 and a v3 chip.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "io/gpu.h"
#include "hw/nv_bus.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"
#include "io/pramin.h"

#define VRAM_SIZE	SZ_8M

static const u32 pramin_chips[] = {
	NV_CHIP_TU102,	/* v2, NV_PBUS_BAR0_WINDOW */
	NV_CHIP_GA102,	/* v2, NV_PBUS_BAR0_WINDOW */
	NV_CHIP_GH100,	/* v3, NV_XAL_EP_BAR0_WINDOW, BASE 21:0 */
	NV_CHIP_GB202,	/* v3, NV_XAL_EP_BAR0_WINDOW, BASE 22:0 */
};

static void pramin_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x", *id);
}

KUNIT_ARRAY_PARAM(pramin_chip, pramin_chips, pramin_chip_desc);

static struct nova_gpu *pramin_gpu(struct kunit *test)
{
	const u32 *id = test->param_value;

	return nvt_gpu_create(test, *id, VRAM_SIZE);
}

static u32 vram32(struct nova_gpu *gpu, u64 addr)
{
	return le32_to_cpup((__le32 *)((u8 *)nvt_gpu_vram(gpu) + addr));
}

static u64 vram64(struct nova_gpu *gpu, u64 addr)
{
	return le64_to_cpup((__le64 *)((u8 *)nvt_gpu_vram(gpu) + addr));
}

static void write_then_read_lands_in_vram_little_endian(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u8 *vram = nvt_gpu_vram(gpu);
	u32 v32;
	u64 v64;

	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0x1234, 0xdeadbeef), 0);
	KUNIT_EXPECT_EQ(test, vram[0x1234], 0xef);
	KUNIT_EXPECT_EQ(test, vram[0x1237], 0xde);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, 0x2000, 0x0123456789abcdefULL), 0);
	KUNIT_EXPECT_EQ(test, vram[0x2000], 0xef);
	KUNIT_EXPECT_EQ(test, vram[0x2007], 0x01);

	KUNIT_ASSERT_EQ(test, nova_pramin_rd32(gpu, 0x1234, &v32), 0);
	KUNIT_EXPECT_EQ(test, v32, 0xdeadbeef);
	KUNIT_ASSERT_EQ(test, nova_pramin_rd64(gpu, 0x2000, &v64), 0);
	KUNIT_EXPECT_EQ(test, v64, 0x0123456789abcdefULL);
}

static void window_moves_only_when_an_access_leaves_it(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);

	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 1);
	/* The whole first MiB is covered now. */
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, SZ_1M - 4, 2), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, SZ_64K, 3), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 1);
	/* Past it: base 1 MiB. */
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, SZ_1M, 4), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 2);
	/* Below the base: the window now ends with that 64 KiB block. */
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, SZ_1M - 4, 5), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 8, 6), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 3);
	/* One register write per move, six through PRAMIN, no reads. */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 3 + 6);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);

	KUNIT_EXPECT_EQ(test, vram32(gpu, 0), 1);
	KUNIT_EXPECT_EQ(test, vram32(gpu, SZ_1M - 4), 5);
	KUNIT_EXPECT_EQ(test, vram32(gpu, SZ_64K), 3);
	KUNIT_EXPECT_EQ(test, vram32(gpu, SZ_1M), 4);
	KUNIT_EXPECT_EQ(test, vram32(gpu, 8), 6);
}

static void accesses_at_64k_and_1m_edges_land_exactly(struct kunit *test)
{
	static const u64 edges[] = {
		SZ_64K - 8, SZ_64K, SZ_1M - 8, SZ_1M, SZ_1M + SZ_64K - 8,
		2 * SZ_1M - 8, 2 * SZ_1M, 3 * SZ_1M + SZ_64K,
	};
	struct nova_gpu *gpu = pramin_gpu(test);
	unsigned int i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(edges); i++)
		KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, edges[i], ~0ULL - i), 0);
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		KUNIT_EXPECT_EQ(test, vram64(gpu, edges[i]), ~0ULL - i);
		KUNIT_ASSERT_EQ(test, nova_pramin_rd64(gpu, edges[i], &v), 0);
		KUNIT_EXPECT_EQ(test, v, ~0ULL - i);
	}
}

static void last_bytes_of_vram_are_readable(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u32 v;

	/* The VGA workspace: the firmware writes it, nova_vmm only reads. */
	*(__le32 *)nvt_gpu_vram_at(gpu, VRAM_SIZE - 4) = cpu_to_le32(0xcafe);
	KUNIT_ASSERT_EQ(test, nova_pramin_rd32(gpu, VRAM_SIZE - 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0xcafe);
}

static void last_bytes_of_usable_vram_are_writable(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u64 end = gpu->layout.usable_end;
	u32 v;

	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, end - 8, 0x1122334455667788ULL), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, end - 4, 0xcafe), 0);
	KUNIT_EXPECT_EQ(test, vram32(gpu, end - 8), 0x55667788);
	KUNIT_EXPECT_EQ(test, vram32(gpu, end - 4), 0xcafe);
	KUNIT_ASSERT_EQ(test, nova_pramin_rd32(gpu, end - 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0xcafe);
}

static void rejects_ranges_past_the_end_of_vram(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u64 v = 0;
	u32 d;

	KUNIT_EXPECT_EQ(test, nova_pramin_wr32(gpu, VRAM_SIZE, 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_rd32(gpu, VRAM_SIZE, &d), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_write64(gpu, VRAM_SIZE - 8, &v, 2), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, VRAM_SIZE - 4, 0, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, 0, 0, VRAM_SIZE + 4), -ERANGE);
	/* Nothing was written, not even half of the straddling range. */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, vram32(gpu, VRAM_SIZE - 4), 0);
}

static void rejects_ranges_that_overflow(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u32 d[2];

	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, U64_MAX - 3, 0, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, 4, 0, U64_MAX - 3), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_read32(gpu, 0, d, SIZE_MAX / 2), -ERANGE);
	KUNIT_EXPECT_EQ(test, nova_pramin_write64(gpu, 8, (u64 *)d, SIZE_MAX / 8 + 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
}

static void rejects_misaligned_accesses(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u64 v;

	KUNIT_EXPECT_EQ(test, nova_pramin_wr32(gpu, 2, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_pramin_wr64(gpu, 4, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_pramin_rd64(gpu, 0x1004, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, 0, 0, 6), -EINVAL);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, 1, 0, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
}

static void fill_across_window_moves_is_byte_exact(struct kunit *test)
{
	const u64 start = SZ_1M - 0x100, size = 2 * SZ_1M + 0x200;
	struct nova_gpu *gpu = pramin_gpu(test);
	u8 *vram = nvt_gpu_vram(gpu);
	u64 i;

	memset(vram, 0xaa, VRAM_SIZE);
	KUNIT_ASSERT_EQ(test, nova_pramin_fill(gpu, start, 0x5a5a5a5a, size), 0);
	for (i = start - SZ_4K; i < start + size + SZ_4K; i++) {
		u8 want = i >= start && i < start + size ? 0x5a : 0xaa;

		if (vram[i] != want) {
			KUNIT_FAIL(test, "byte %#llx is %#x, want %#x", i, vram[i], want);
			break;
		}
	}
	/* Windows at 0xf0000, 0x1f0000, 0x2f0000: one move per ~1 MiB. */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 3);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), size / 4);
}

static void write64_across_window_moves_is_byte_exact(struct kunit *test)
{
	const size_t count = SZ_64K / 8;
	const u64 start = SZ_1M - SZ_16K;
	struct nova_gpu *gpu = pramin_gpu(test);
	u64 *src, *back;
	size_t i;

	src = kunit_kmalloc_array(test, count, sizeof(u64), GFP_KERNEL);
	back = kunit_kmalloc_array(test, count, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, back);
	for (i = 0; i < count; i++)
		src[i] = (u64)i << 32 | (0x80000000u | i);

	/* Window at 0: the first 16 KiB fit, the rest needs one move. */
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0, 0), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_pramin_write64(gpu, start, src, count), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_WINDOW_MOVES), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), 2 * count);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)nvt_gpu_vram(gpu) + start, src, count * 8), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_read64(gpu, start, back, count), 0);
	KUNIT_EXPECT_EQ(test, memcmp(back, src, count * 8), 0);
}

static void flush_reads_one_dword_back_only_after_a_store(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);

	/* Nothing stored yet: nothing to push, no round trip. */
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, SZ_4M, 7), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_READS), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_FLUSHES), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	/* Flushed already: the second flush costs nothing. */
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 1);
	/* Each kind of store makes the next flush read. */
	KUNIT_ASSERT_EQ(test, nova_pramin_fill(gpu, 0, 0, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_write64(gpu, SZ_8K, (u64[]){ 1 }, 1), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_write32(gpu, SZ_8K, (u32[]){ 1 }, 1), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_FLUSHES), 4);
}

static void gone_device_fails_the_read_that_notices_and_all_after(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u32 d;

	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	/* A posted write cannot tell. */
	KUNIT_EXPECT_EQ(test, nova_pramin_wr32(gpu, 0, 1), 0);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
	KUNIT_EXPECT_EQ(test, nova_pramin_rd32(gpu, 0, &d), -ENODEV);
	KUNIT_EXPECT_TRUE(test, nova_gpu_gone(gpu));
	nvt_gpu_reset_counts(gpu);
	KUNIT_EXPECT_EQ(test, nova_pramin_wr32(gpu, 0, 1), -ENODEV);
	KUNIT_EXPECT_EQ(test, nova_pramin_fill(gpu, 0, 0, SZ_4K), -ENODEV);
	KUNIT_EXPECT_EQ(test, nova_pramin_flush(gpu), -ENODEV);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 0);
}

static void gone_device_fails_the_flush_that_notices(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);

	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	KUNIT_EXPECT_EQ(test, nova_pramin_wr32(gpu, 0, 1), 0);	/* posted: cannot tell */
	KUNIT_EXPECT_EQ(test, nova_pramin_flush(gpu), -ENODEV);
	KUNIT_EXPECT_TRUE(test, nova_gpu_gone(gpu));
}

static void all_ones_data_is_not_a_gone_device(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u32 d;

	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0x40, U32_MAX), 0);
	KUNIT_EXPECT_EQ(test, nova_pramin_rd32(gpu, 0x40, &d), 0);
	KUNIT_EXPECT_EQ(test, d, U32_MAX);
	KUNIT_EXPECT_FALSE(test, nova_gpu_gone(gpu));
}

/* VRAM addresses of the PRAMIN stores, in the order the fake saw them. */
struct store_log {
	unsigned int n;
	u64 addr[16];
};

static void log_store(void *ctx, u64 addr)
{
	struct store_log *log = ctx;

	if (log->n < ARRAY_SIZE(log->addr))
		log->addr[log->n] = addr;
	log->n++;
}

static void entry_write_is_two_4_byte_writes_high_dword_first(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	struct store_log log = {};

	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0, 0), 0);	/* place the window */
	nvt_gpu_reset_counts(gpu);
	nvt_gpu_set_observer(gpu, log_store, &log);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr64(gpu, 0x2008, 0x0123456789abcdefULL), 0);
	nvt_gpu_set_observer(gpu, NULL, NULL);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_4), 2);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_8), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_NP_READS), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_VRAM_BYTES), 8);
	KUNIT_ASSERT_EQ(test, log.n, 2);
	KUNIT_EXPECT_EQ(test, log.addr[0], 0x200c);
	KUNIT_EXPECT_EQ(test, log.addr[1], 0x2008);
}

static void dword_run_is_one_4_byte_write_per_dword_ascending(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	struct store_log log = {};
	u32 src[16];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(src); i++)
		src[i] = 0x1000 + i;
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0, 0), 0);
	nvt_gpu_reset_counts(gpu);
	nvt_gpu_set_observer(gpu, log_store, &log);
	KUNIT_ASSERT_EQ(test, nova_pramin_write32(gpu, 0x400, src, ARRAY_SIZE(src)), 0);
	nvt_gpu_set_observer(gpu, NULL, NULL);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_4), ARRAY_SIZE(src));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), ARRAY_SIZE(src));
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_VRAM_BYTES), sizeof(src));
	KUNIT_ASSERT_EQ(test, log.n, ARRAY_SIZE(src));
	for (i = 0; i < ARRAY_SIZE(src); i++) {
		KUNIT_EXPECT_EQ(test, log.addr[i], 0x400 + 4 * i);
		KUNIT_EXPECT_EQ(test, vram32(gpu, 0x400 + 4 * i), src[i]);
	}
}

static void nv_wr64_is_one_8_byte_write_and_nv_rd64_one_read(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	struct store_log log = {};
	const u64 v = 0xfedcba9876543210ULL;

	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0, 0), 0);	/* window at 0 */
	nvt_gpu_reset_counts(gpu);
	nvt_gpu_set_observer(gpu, log_store, &log);
	nv_wr64(gpu, NV_PRAMIN + 0x100, v);
	nvt_gpu_set_observer(gpu, NULL, NULL);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_8), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_4), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_WRITES), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_WRITES), 2);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_VRAM_BYTES), 8);
	KUNIT_EXPECT_EQ(test, log.n, 2);
	KUNIT_EXPECT_EQ(test, vram64(gpu, 0x100), v);

	KUNIT_EXPECT_EQ(test, nv_rd64(gpu, NV_PRAMIN + 0x100), v);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_NP_READS), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_MMIO_READS), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_PRAMIN_READS), 2);
}

static void a_read_after_posted_writes_counts_as_one_flush(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);
	u32 d;

	KUNIT_ASSERT_EQ(test, nova_pramin_fill(gpu, 0, 0, SZ_4K), 0);
	nvt_gpu_reset_counts(gpu);
	KUNIT_ASSERT_EQ(test, nova_pramin_flush(gpu), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_rd32(gpu, 0x10, &d), 0);	/* nothing pending */
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_FLUSHES), 1);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_NP_READS), 2);
	KUNIT_ASSERT_EQ(test, nova_pramin_wr32(gpu, 0x10, 1), 0);
	KUNIT_ASSERT_EQ(test, nova_pramin_rd32(gpu, 0x10, &d), 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_FLUSHES), 2);
}

static void wc_run_counts_the_64_byte_lines_it_touches(struct kunit *test)
{
	struct nova_gpu *gpu = pramin_gpu(test);

	nvt_gpu_reset_counts(gpu);
	nvt_gpu_count_wc(gpu, 0, SZ_4K);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_64), SZ_4K / NVT_WC_LINE);
	nvt_gpu_count_wc(gpu, NVT_WC_LINE - 4, 8);	/* straddles two lines */
	nvt_gpu_count_wc(gpu, 0x1000, 0);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_64), SZ_4K / NVT_WC_LINE + 2);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_VRAM_BYTES), SZ_4K + 8);
	KUNIT_EXPECT_EQ(test, nvt_gpu_count(gpu, NVT_POSTED_4), 0);
}

static struct kunit_case pramin_test_cases[] = {
	KUNIT_CASE_PARAM(write_then_read_lands_in_vram_little_endian, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(window_moves_only_when_an_access_leaves_it, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(accesses_at_64k_and_1m_edges_land_exactly, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(last_bytes_of_vram_are_readable, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(last_bytes_of_usable_vram_are_writable, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(rejects_ranges_past_the_end_of_vram, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(rejects_ranges_that_overflow, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(rejects_misaligned_accesses, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(fill_across_window_moves_is_byte_exact, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(write64_across_window_moves_is_byte_exact, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(flush_reads_one_dword_back_only_after_a_store, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(gone_device_fails_the_read_that_notices_and_all_after,
			 pramin_chip_gen_params),
	KUNIT_CASE_PARAM(gone_device_fails_the_flush_that_notices, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(all_ones_data_is_not_a_gone_device, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(entry_write_is_two_4_byte_writes_high_dword_first,
			 pramin_chip_gen_params),
	KUNIT_CASE_PARAM(dword_run_is_one_4_byte_write_per_dword_ascending,
			 pramin_chip_gen_params),
	KUNIT_CASE_PARAM(nv_wr64_is_one_8_byte_write_and_nv_rd64_one_read,
			 pramin_chip_gen_params),
	KUNIT_CASE_PARAM(a_read_after_posted_writes_counts_as_one_flush, pramin_chip_gen_params),
	KUNIT_CASE_PARAM(wc_run_counts_the_64_byte_lines_it_touches, pramin_chip_gen_params),
	{}
};

static struct kunit_suite pramin_test_suite = {
	.name = "nova_vmm_pramin",
	.test_cases = pramin_test_cases,
};

kunit_test_suite(pramin_test_suite);
