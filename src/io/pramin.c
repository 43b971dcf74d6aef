// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: PRAMIN
 *
 * BAR0 + 0x700000 is a 1 MiB window onto VRAM; a register (NV_PBUS_BAR0_WINDOW
 * on Turing, Ampere and Ada, NV_XAL_EP_BAR0_WINDOW on Hopper and Blackwell)
 * says where in VRAM it starts, in 64 KiB steps. Only 32-bit accesses are
 * defined, so a 64-bit entry is two dword writes.
 *
 * The window base is cached and the register written only when an access
 * leaves the window. Moving up, the window starts at the access's 64 KiB
 * block; moving down, it ends with it: a run of accesses either way moves
 * the window once per 960 KiB to 1 MiB. No single access straddles the
 * window: a bulk access is cut at the window's end. The io seam is told
 * what goes on the link: a run of dwords (nova_pramin_write32()) is one
 * nv_wr_block() of 4-byte stores, everything else a nv_wr32() or nv_rd32()
 * per dword; no 8-byte access is issued.
 *
 * Writes are posted. nova_pramin_flush() reads a dword back through the
 * window, which NVIDIA's driver uses to push earlier PRAMIN writes to VRAM
 * (BUS_FLUSH_VIDEO_MEMORY_VIA_PRAMIN_WINDOW), when a store went through
 * the window since the last such read, and costs nothing otherwise.
 *
 * A 64-bit value is written high dword first: what makes a page-table entry
 * valid is in its low dword, so an entry that becomes valid is never seen
 * valid with a stale upper half. Entries that stop being valid, or change
 * while valid, are written dword by dword in the order nova_node_flush()
 * chooses.
 *
 * Errors, the same for every access function:
 *
 * * -EINVAL: the address or the size is not a multiple of the access width.
 * * -ERANGE: the range does not lie within the VRAM reachable through the
 *   window (address + size past the limit, or overflowing 64 bits).
 * * -ENODEV: the device fell off the bus (seen now, or by an earlier access).
 * * -EIO: MMIO is off (suspended, being reset, or a PCI error: DOC: Power
 *   and errors); checked under the lock, so nothing reaches the device once
 *   nova_gpu_quiesce() returned.
 *
 * Locking: &nova_pramin.lock serialises all accesses; no function here
 * allocates memory.
 */
#include <linux/align.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "io/chip.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "hw/nv_bus.h"
#include "io/trace.h"

/**
 * struct nova_pramin - State of the PRAMIN window.
 * @lock: Serialises every access through the window and protects @base.
 *        Never held across an allocation that may sleep or reclaim.
 * @base: VRAM address the window starts at (64 KiB-aligned), or
 *        NOVA_PRAMIN_NO_BASE before the first access programs it.
 * @limit: Bytes of VRAM reachable through the window: the VRAM size, or less
 *         if the window register cannot address all of it. Constant.
 * @posted: A store went through the window since the last flush read:
 *          nova_pramin_flush() has something to push. Under @lock.
 */
struct nova_pramin {
	struct mutex lock; /* see above */
	u64 base;
	u64 limit;
	bool posted;
};

#define NOVA_PRAMIN_NO_BASE	U64_MAX

/**
 * struct pramin_cursor - Where the next chunk of a bulk access comes from or goes to.
 * @d32: Destination of 32-bit reads.
 * @s32: Source of 32-bit writes.
 * @d64: Destination of 64-bit reads.
 * @s64: Source of 64-bit writes.
 * @fill: A fill: the dword written everywhere (then no source).
 * @all_ones: A read returned all ones (the device may be gone).
 */
struct pramin_cursor {
	union {
		u32 *d32;
		const u32 *s32;
		u64 *d64;
		const u64 *s64;
	};
	u32 fill;
	bool all_ones;
};

typedef void (*pramin_chunk_fn)(struct nova_gpu *gpu, u32 reg, u32 len,
				struct pramin_cursor *c);

/**
 * nova_pramin_init() - Set up the window state of an identified GPU.
 * @gpu: GPU with chip and VRAM size known.
 *
 * The window register is first written by the first access.
 *
 * Return: 0; -ENOMEM.
 */
int nova_pramin_init(struct nova_gpu *gpu)
{
	struct nova_pramin *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	mutex_init(&p->lock);
	p->base = NOVA_PRAMIN_NO_BASE;
	p->limit = min(gpu->vram_size, gpu->chip->family->window->reach);
	gpu->pramin = p;
	return 0;
}

/**
 * nova_pramin_fini() - Undo nova_pramin_init().
 * @gpu: GPU.
 */
void nova_pramin_fini(struct nova_gpu *gpu)
{
	mutex_destroy(&gpu->pramin->lock);
	kfree(gpu->pramin);
	gpu->pramin = NULL;
}

/**
 * nova_pramin_limit() - Bytes of VRAM the PRAMIN window reaches.
 * @gpu: GPU, its window set up.
 *
 * Return: The VRAM size, or less if the window register cannot address all
 * of it.
 */
u64 nova_pramin_limit(const struct nova_gpu *gpu)
{
	return gpu->pramin->limit;
}

static int pramin_check(struct nova_gpu *gpu, u64 addr, u64 size, u32 align)
{
	u64 end;

	if (check_add_overflow(addr, size, &end) || end > gpu->pramin->limit)
		return -ERANGE;
	if (!IS_ALIGNED(addr | size, align))
		return -EINVAL;
	if (nova_gpu_gone(gpu))
		return -ENODEV;
	return 0;
}

/*
 * Where to place the window for @addr: starting at @addr's 64 KiB block when
 * moving up, ending with it when moving down, so that a run of accesses in
 * either direction moves the window once per 960 KiB or so.
 */
static u64 pramin_new_base(u64 old, u64 addr)
{
	u64 base = ALIGN_DOWN(addr, NV_PRAMIN_BASE_ALIGN);
	u64 back = NV_PRAMIN_SIZE - NV_PRAMIN_BASE_ALIGN;

	if (old == NOVA_PRAMIN_NO_BASE || addr >= old)
		return base;
	return base > back ? base - back : 0;
}

/*
 * Make sure the window covers @addr; return how many of the @size bytes from
 * @addr it covers and, in @reg, the BAR0 offset of @addr.
 */
static u32 pramin_seek(struct nova_gpu *gpu, u64 addr, u64 size, u32 *reg)
{
	struct nova_pramin *p = gpu->pramin;
	const struct nova_pramin_window *w = gpu->chip->family->window;
	u64 old = p->base;

	lockdep_assert_held(&p->lock);
	if (p->base == NOVA_PRAMIN_NO_BASE || addr < p->base ||
	    addr - p->base >= NV_PRAMIN_SIZE) {
		p->base = pramin_new_base(p->base, addr);
		nv_wr32(gpu, w->reg, w->encode(p->base));
		trace_nova_vmm_pramin_move(old, p->base);
	}
	*reg = NV_PRAMIN + (u32)(addr - p->base);
	return min(size, p->base + NV_PRAMIN_SIZE - addr);
}

static int pramin_xfer(struct nova_gpu *gpu, u64 addr, u64 size, u32 align,
		       pramin_chunk_fn chunk, struct pramin_cursor *c)
{
	int ret = pramin_check(gpu, addr, size, align);
	u32 reg, len;

	if (ret)
		return ret;
	mutex_lock(&gpu->pramin->lock);
	if (nova_gpu_mmio_off(gpu))
		ret = -EIO;
	for (; size && !ret; addr += len, size -= len) {
		len = pramin_seek(gpu, addr, size, &reg);
		chunk(gpu, reg, len, c);
	}
	mutex_unlock(&gpu->pramin->lock);
	if (!ret && c->all_ones && nova_gpu_check_gone(gpu))
		return nova_gpu_lost_errno(gpu);
	return ret;
}

static void chunk_rd32(struct nova_gpu *gpu, u32 reg, u32 len, struct pramin_cursor *c)
{
	for (; len; reg += 4, len -= 4) {
		*c->d32 = nv_rd32(gpu, reg);
		c->all_ones |= *c->d32++ == U32_MAX;
	}
}

/* One run of dword stores, ascending: nv_wr_block() tells the seam so. */
static void chunk_wr32(struct nova_gpu *gpu, u32 reg, u32 len, struct pramin_cursor *c)
{
	gpu->pramin->posted = true;
	nv_wr_block(gpu, reg, c->s32, len);
	c->s32 += len / sizeof(u32);
}

static void chunk_rd64(struct nova_gpu *gpu, u32 reg, u32 len, struct pramin_cursor *c)
{
	u32 lo, hi;

	for (; len; reg += 8, len -= 8) {
		lo = nv_rd32(gpu, reg);
		hi = nv_rd32(gpu, reg + 4);
		c->all_ones |= lo == U32_MAX || hi == U32_MAX;
		*c->d64++ = (u64)hi << 32 | lo;
	}
}

static void chunk_wr64(struct nova_gpu *gpu, u32 reg, u32 len, struct pramin_cursor *c)
{
	gpu->pramin->posted = true;
	for (; len; reg += 8, len -= 8, c->s64++) {
		nv_wr32(gpu, reg + 4, upper_32_bits(*c->s64));
		nv_wr32(gpu, reg, lower_32_bits(*c->s64));
	}
}

static void chunk_fill(struct nova_gpu *gpu, u32 reg, u32 len, struct pramin_cursor *c)
{
	gpu->pramin->posted = true;
	for (; len; reg += 4, len -= 4)
		nv_wr32(gpu, reg, c->fill);
}

/**
 * nova_pramin_read32() - Read dwords from VRAM.
 * @gpu: GPU.
 * @addr: VRAM address, 4-byte aligned.
 * @dst: Where the @count dwords go.
 * @count: Number of dwords.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0 or an errno from the DOC: PRAMIN list.
 */
int nova_pramin_read32(struct nova_gpu *gpu, u64 addr, u32 *dst, size_t count)
{
	struct pramin_cursor c = { .d32 = dst };

	return pramin_xfer(gpu, addr, size_mul(count, 4), 4, chunk_rd32, &c);
}

/**
 * nova_pramin_write32() - Write dwords to VRAM.
 * @gpu: GPU.
 * @addr: VRAM address, 4-byte aligned.
 * @src: The @count dwords.
 * @count: Number of dwords.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0 or an errno from the DOC: PRAMIN list.
 */
int nova_pramin_write32(struct nova_gpu *gpu, u64 addr, const u32 *src, size_t count)
{
	struct pramin_cursor c = { .s32 = src };

	return pramin_xfer(gpu, addr, size_mul(count, 4), 4, chunk_wr32, &c);
}

/**
 * nova_pramin_read64() - Read 64-bit values from VRAM (low dword first).
 * @gpu: GPU.
 * @addr: VRAM address, 8-byte aligned.
 * @dst: Where the @count values go.
 * @count: Number of values.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0 or an errno from the DOC: PRAMIN list.
 */
int nova_pramin_read64(struct nova_gpu *gpu, u64 addr, u64 *dst, size_t count)
{
	struct pramin_cursor c = { .d64 = dst };

	return pramin_xfer(gpu, addr, size_mul(count, 8), 8, chunk_rd64, &c);
}

/**
 * nova_pramin_write64() - Write 64-bit values to VRAM in one pass.
 * @gpu: GPU.
 * @addr: VRAM address, 8-byte aligned.
 * @src: The @count values, e.g. a run of page-table entries.
 * @count: Number of values.
 *
 * Each value is written high dword first, then low dword.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0 or an errno from the DOC: PRAMIN list.
 */
int nova_pramin_write64(struct nova_gpu *gpu, u64 addr, const u64 *src, size_t count)
{
	struct pramin_cursor c = { .s64 = src };

	return pramin_xfer(gpu, addr, size_mul(count, 8), 8, chunk_wr64, &c);
}

/**
 * nova_pramin_fill() - Fill VRAM with a dword pattern, e.g. to zero a table.
 * @gpu: GPU.
 * @addr: VRAM address, 4-byte aligned.
 * @val: The pattern.
 * @size: Bytes, a multiple of 4.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0 or an errno from the DOC: PRAMIN list.
 */
int nova_pramin_fill(struct nova_gpu *gpu, u64 addr, u32 val, u64 size)
{
	struct pramin_cursor c = { .fill = val };

	return pramin_xfer(gpu, addr, size, 4, chunk_fill, &c);
}

/**
 * nova_pramin_flush() - Push posted PRAMIN writes to VRAM.
 * @gpu: GPU.
 *
 * Reads one dword back through the window, if anything was stored through
 * it since the last flush: a read is a non-posted round trip (about 1-2 us,
 * ../shared/reference/peers-and-limits.md), and when page tables go through
 * BAR2 (DOC: Page tables through BAR2) an invalidate usually has nothing
 * here to push.
 *
 * Context: Process context; takes the PRAMIN lock.
 * Return: 0; -ENODEV if the device is gone; -EIO while MMIO is off.
 */
int nova_pramin_flush(struct nova_gpu *gpu)
{
	struct nova_pramin *p = gpu->pramin;
	u32 reg, val = 0;
	int ret = 0;

	if (nova_gpu_gone(gpu))
		return -ENODEV;
	mutex_lock(&p->lock);
	if (nova_gpu_mmio_off(gpu)) {
		ret = -EIO;
	} else if (p->posted) {
		if (p->base == NOVA_PRAMIN_NO_BASE)
			pramin_seek(gpu, 0, 0, &reg);
		val = nv_rd32(gpu, NV_PRAMIN);
		p->posted = false;
	}
	mutex_unlock(&p->lock);
	if (ret)
		return ret;
	if (val == U32_MAX && nova_gpu_check_gone(gpu))
		return nova_gpu_lost_errno(gpu);
	return 0;
}

/**
 * nova_pramin_forget() - Forget where the window is.
 * @gpu: GPU.
 *
 * After a reset or a resume the window register holds whatever the
 * hardware reset it to: the next access writes it again. Waits for the
 * access in flight, if any.
 *
 * Context: Process context; takes the PRAMIN lock.
 */
void nova_pramin_forget(struct nova_gpu *gpu)
{
	mutex_lock(&gpu->pramin->lock);
	gpu->pramin->base = NOVA_PRAMIN_NO_BASE;
	mutex_unlock(&gpu->pramin->lock);
}
