// SPDX-License-Identifier: GPL-2.0
/*
 * nvt_wc: write-combining buffers, as adversarial as x86 allows.
 *
 * 64-bit stores into the BAR2 aperture collect in open 64-byte lines. When
 * every buffer is in use, a store to a new line evicts one chosen at
 * random; a barrier (wmb()) lands every open line, the lines in a random
 * order and the qwords of each line in a random order too (a partial line
 * may reach the GPU as several smaller writes). So stores separated by a
 * barrier land in order, and stores not separated by one land in any
 * order. The order comes from a seeded PRNG (nvt_wc_seed()); the test that
 * sets the seed logs it.
 *
 * One set of buffers for all CPUs: a barrier drains stores made by any
 * thread (kinder than hardware, where each CPU has its own).
 */
#include <kunit/test.h>
#include <linux/mutex.h>
#include <linux/prandom.h>

#include "nvt_gpu.h"
#include "nvt_wc.h"

#define NVT_WC_QWORDS		(NVT_WC_LINE / sizeof(u64))
#define NVT_WC_BUFFERS		8	/* open lines; x86 cores have 6 to 12 */

/**
 * struct nvt_wc_line - An open line.
 * @off: BAR2 offset of its first byte.
 * @val: Its qwords.
 * @mask: Qwords stored (bit i: @val[i]).
 */
struct nvt_wc_line {
	u64 off;
	u64 val[NVT_WC_QWORDS];
	u8 mask;
};

/**
 * struct nvt_wc - The buffers.
 * @lock: Protects everything below; held while lines land (the land
 *        function must not store through BAR2).
 * @rnd: The order's PRNG.
 * @n: Open lines.
 * @line: They.
 * @land: Called for each qword that leaves the CPU.
 * @ctx: Its argument.
 */
struct nvt_wc {
	struct mutex lock; /* see above */
	struct rnd_state rnd;
	unsigned int n;
	struct nvt_wc_line line[NVT_WC_BUFFERS];
	nvt_wc_land_fn land;
	void *ctx;
};

static void nvt_wc_destroy(void *p)
{
	struct nvt_wc *wc = p;

	mutex_destroy(&wc->lock);
}

/**
 * nvt_wc_create() - Empty buffers.
 * @test: The test; they go with it.
 * @land: Called with each qword that leaves the CPU.
 * @ctx: Passed to @land.
 *
 * Return: The buffers, seeded with 1.
 */
struct nvt_wc *nvt_wc_create(struct kunit *test, nvt_wc_land_fn land, void *ctx)
{
	struct nvt_wc *wc = kunit_kzalloc(test, sizeof(*wc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, wc);
	mutex_init(&wc->lock);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nvt_wc_destroy, wc), 0);
	prandom_seed_state(&wc->rnd, 1);
	wc->land = land;
	wc->ctx = ctx;
	return wc;
}

/**
 * nvt_wc_seed() - Choose the order lines land in.
 * @wc: The buffers.
 * @seed: Seed of the PRNG.
 */
void nvt_wc_seed(struct nvt_wc *wc, u64 seed)
{
	mutex_lock(&wc->lock);
	prandom_seed_state(&wc->rnd, seed);
	mutex_unlock(&wc->lock);
}

static u32 nvt_wc_rnd(struct nvt_wc *wc, u32 n)
{
	return prandom_u32_state(&wc->rnd) % n;
}

/* Land open line @i, its qwords in a random order, and close it. */
static void nvt_wc_evict_locked(struct nvt_wc *wc, unsigned int i)
{
	struct nvt_wc_line l = wc->line[i];
	bool first = true;
	unsigned int q;

	lockdep_assert_held(&wc->lock);
	wc->line[i] = wc->line[--wc->n];
	while (l.mask) {
		q = nvt_wc_rnd(wc, NVT_WC_QWORDS);
		if (!(l.mask & BIT(q)))
			continue;
		l.mask &= ~BIT(q);
		wc->land(wc->ctx, l.off + q * sizeof(u64), l.val[q], first);
		first = false;
	}
}

/**
 * nvt_wc_store() - A 64-bit store into the write-combined aperture.
 * @wc: The buffers.
 * @off: BAR2 offset, 8-byte aligned.
 * @val: Value.
 */
void nvt_wc_store(struct nvt_wc *wc, u64 off, u64 val)
{
	u64 base = ALIGN_DOWN(off, NVT_WC_LINE);
	unsigned int i, q = (off - base) / sizeof(u64);

	mutex_lock(&wc->lock);
	for (i = 0; i < wc->n && wc->line[i].off != base; i++)
		;
	if (i == wc->n) {
		if (wc->n == NVT_WC_BUFFERS)
			nvt_wc_evict_locked(wc, nvt_wc_rnd(wc, wc->n));
		i = wc->n++;
		wc->line[i] = (struct nvt_wc_line){ .off = base };
	}
	wc->line[i].val[q] = val;
	wc->line[i].mask |= BIT(q);
	mutex_unlock(&wc->lock);
}

/**
 * nvt_wc_barrier() - wmb(): every open line lands, in a random order.
 * @wc: The buffers.
 */
void nvt_wc_barrier(struct nvt_wc *wc)
{
	mutex_lock(&wc->lock);
	while (wc->n)
		nvt_wc_evict_locked(wc, nvt_wc_rnd(wc, wc->n));
	mutex_unlock(&wc->lock);
}

/**
 * nvt_wc_pending() - Whether stores wait in the buffers.
 * @wc: The buffers.
 *
 * Context: Any (no lock taken: a snapshot).
 * Return: true if a line is open.
 */
bool nvt_wc_pending(struct nvt_wc *wc)
{
	return READ_ONCE(wc->n);
}
