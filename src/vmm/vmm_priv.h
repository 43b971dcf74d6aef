/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct vmm, private to nova_vmm.
 */
#ifndef _NOVA_VMM_VMM_PRIV_H_
#define _NOVA_VMM_VMM_PRIV_H_

#include <drm/drm_mm.h>
#include <linux/kref.h>
#include <linux/maple_tree.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include <nova_vmm/vmm.h>

#include "fmt/pt_fmt.h"
#include "mm/node.h"
#include "mm/vram.h"
#include "mm/walk.h"
#include "vmm/journal.h"

struct dentry;
struct nova_gpu;
struct nova_node;
struct nova_sparse_over;

/**
 * struct vmm - One GPU virtual address space.
 * @gpu: Its GPU.
 * @fmt: Page-table format.
 * @page_sizes: Page sizes the chip maps, BIT(enum nova_page_size).
 * @tlb_flags: NOVA_TLB_HUB_ONLY for a BAR address space.
 * @va_start: First VA managed.
 * @va_end: End of the managed VA range (exclusive).
 * @ref: Reference count.
 * @op_lock: Serialises vmm_map() and vmm_unmap() calls from start to end.
 *           They allocate under it (never under @lock); it is never taken
 *           on a DMA-fence signalling path.
 * @lock: The page-table lock: protects @root and the whole shadow tree, and
 *        orders the writes to the hardware tables. Never held across an
 *        allocation. Nests inside @op_lock; the PRAMIN, TLB and page-table
 *        memory locks nest inside it.
 * @va_lock: Protects @va.
 * @va: VA ranges handed out by vmm_va_alloc() and vmm_va_reserve().
 * @pdb: VRAM address of the root table; constant.
 * @root: Shadow of the root table; constant after creation.
 * @dirt: What part-written tables of the shadow tree owe VRAM (DOC: Shadow
 *        memory in mm/node.c); under @lock.
 * @inst: The instance block; constant after creation.
 * @sparse: The base of the sparse marks (DOC: Sparse marks): a maple tree
 *          of markers, one of @sparse_tree. The pointer changes with both
 *          @op_lock and @lock held, together with the entries, so either
 *          lock keeps it stable; the tree it points at is never changed in
 *          place.
 * @sparse_tree: The tree in use and the one the next vmm_sparse() call
 *               builds, under @op_lock (nova_sparse_prepare()).
 * @sparse_over: Marks of committed batches over @sparse, newest last:
 *               appended under @lock (a commit), removed under @op_lock and
 *               @lock (nova_sparse_switch_locked()); read under @lock.
 * @sparse_dead: Overlays folded into @sparse, freed under @op_lock.
 * @sparse_fold: The last overlay the spare tree folded in, under @op_lock.
 * @busy: VA ranges reserved by operations between prepare and free, each
 *        mapped to its operation (DOC: Reserved ranges, busy.c). Changed
 *        under @op_lock, read under @op_lock or @lock.
 * @stale: Page tables unlinked before a TLB invalidate that timed out:
 *         freed after the next one that completes
 *         (nova_vmm_invalidate_locked()). Protected by @lock.
 * @node: On &nova_gpu.vmms, under &nova_gpu.vmm_lock.
 * @name: ``bar1``, ``bar2`` or ``vmm<N>``, N counted per GPU; constant.
 * @debugfs: Its debugfs directory (an ERR_PTR or NULL without one); under
 *           &nova_gpu.vmm_lock, cleared when the GPU's directory goes.
 * @debug_va: The VA the debugfs ``va`` file reports on (READ_ONCE).
 * @journal: Its last operations (DOC: Journal), under its own lock.
 * @pt_bytes: Bytes of the page tables below @root that the address space
 *            holds: linked, allocated by a prepare and not yet committed or
 *            freed, or unlinked and waiting for an invalidate (atomic:
 *            tables are freed without @op_lock).
 * @pt_limit: The most @pt_bytes may reach when a table is allocated
 *            (vmm_set_pt_limit()), 0 for no limit; under @op_lock.
 * @va_own: VA from here to @va_end is nova_vmm's own (BAR2's page-table
 *          window, DOC: Page tables through BAR2): calls that name it fail
 *          with -EBUSY, the VA allocator stops below it. @va_end until
 *          set, under @op_lock before any client sees the address space.
 * @va_granule: The unit of VA allocation and of vmm_bar1_iomap()'s CPU
 *              mappings: 4 KiB; in vmm_bar1(), whose VAs the CPU maps, the
 *              CPU page (review L14). Set before any client sees the
 *              address space, constant after.
 * @sealed: nova_vmm mapped the whole address space itself (static BAR1):
 *          every call that would change it fails with -EBUSY. Set under
 *          @op_lock before any client sees the address space, never
 *          cleared.
 * @later: While a batch commits (DOC: Batches): the tables its steps
 *         changed, one list per level (&nova_node.link), written once at
 *         its end by nova_vmm_flush_later_locked(); NULL otherwise. Under
 *         @lock.
 */
struct vmm {
	struct nova_gpu *gpu;
	const struct nova_pt_fmt *fmt;
	u32 page_sizes;
	u32 tlb_flags;
	u64 va_start;
	u64 va_end;
	u64 va_own;
	u64 va_granule;
	struct kref ref;
	struct mutex op_lock; /* see above */
	struct mutex lock; /* see above */
	struct mutex va_lock; /* see above */
	struct drm_mm va;
	u64 pdb;
	struct nova_node *root;
	struct nova_dirt_pool dirt;
	struct nova_vram_alloc inst;
	struct maple_tree *sparse;
	struct maple_tree sparse_tree[2];
	struct list_head sparse_over;
	struct list_head sparse_dead;
	struct nova_sparse_over *sparse_fold;
	struct maple_tree busy;
	struct list_head stale;
	struct list_head node;
	char name[16];
	struct dentry *debugfs;
	u64 debug_va;
	struct nova_journal journal;
	atomic64_t pt_bytes;
	u64 pt_limit;
	bool sealed;
	struct list_head *later;
};

struct vmm *nova_vmm_new(struct nova_gpu *gpu, u64 va_start, u64 va_size, u32 tlb_flags,
			 u64 graft, const char *name);
int nova_graft_read(struct vmm *vmm, u64 pdb);
void nova_graft_free(struct nova_node *n);
void nova_vmm_drop(struct vmm *vmm);
void nova_vmm_hold(struct vmm *vmm);
void nova_vmm_unhold(struct vmm *vmm);
int nova_inst_init(struct vmm *vmm);
void nova_inst_fini(struct vmm *vmm);
int nova_inst_restore(struct vmm *vmm);
/**
 * struct nova_map_req - What a map asks for.
 * @va: First VA.
 * @size: Bytes.
 * @addr: First VRAM address (VRAM maps).
 * @dma: System memory: the DMA address of each 4 KiB page, or NULL.
 * @sizes: Page sizes it may use, a mask of BIT(enum nova_page_size).
 * @pte: What every PTE carries but its address: aperture, kind, NOVA_PTE_*.
 * @trace_flags: The caller's VMM_MAP_* flags, only for the map tracepoint
 *               (vmm.c translated them into @sizes and @pte).
 * @sparse: Make the range sparse instead of mapping it.
 */
struct nova_map_req {
	u64 va;
	u64 size;
	u64 addr;
	const dma_addr_t *dma;
	u32 sizes;
	struct nova_entry pte;
	u32 trace_flags;
	bool sparse;
};

/**
 * struct nova_mapping - What one VA translates to (nova_vmm_lookup_locked()).
 * @va: First VA of the page.
 * @page_size: Bytes of the page.
 * @pte: The page's PTE, decoded.
 */
struct nova_mapping {
	u64 va;
	u64 page_size;
	struct nova_entry pte;
};

/* The value stored in &vmm.sparse over a sparse range. */
#define NOVA_SPARSE_MARK	xa_mk_value(1)
/* In an overlay (DOC: Sparse marks): a range a batch made not sparse. */
#define NOVA_SPARSE_CLEAR	xa_mk_value(2)

void nova_sparse_init(struct vmm *vmm);
void nova_sparse_fini(struct vmm *vmm);
int nova_sparse_over_mark(struct nova_sparse_over **po, u64 va, u64 size, bool set);
struct maple_tree *nova_sparse_over_tree(struct nova_sparse_over *o);
void nova_sparse_over_free(struct nova_sparse_over *o);
void nova_sparse_publish_locked(struct vmm *vmm, struct nova_sparse_over *o);
bool nova_sparse_at(struct vmm *vmm, struct maple_tree *extra, u64 va);
bool nova_sparse_uniform(struct vmm *vmm, struct maple_tree *extra, u64 a, u64 b);
int nova_sparse_prepare(struct vmm *vmm, u64 va, u64 size, bool set);
void nova_sparse_switch_locked(struct vmm *vmm);
void nova_sparse_discard(struct vmm *vmm);
int nova_vmm_map_locked(struct vmm *vmm, const struct nova_map_req *req);
int nova_vmm_map_vram(struct vmm *vmm, u64 va, u64 addr, u64 size, u32 flags);
struct vmm_op *nova_map_prepare(struct vmm *vmm, const struct nova_map_req *req);
struct vmm_op *nova_unmap_prepare(struct vmm *vmm, u64 va, u64 size);
int nova_op_commit(struct vmm_op *op);
void nova_op_free(struct vmm_op *op);

struct nova_batch;
struct vmm_op *nova_op_batch_new(struct nova_batch *b);
struct nova_batch *nova_op_batch(const struct vmm_op *op);
struct vmm_op *nova_step_map(struct vmm *vmm, const struct nova_map_req *req);

/**
 * struct nova_planned - A table a step of a batch will create.
 * @va: First VA of its span.
 * @stat: Its kind (NOVA_PT_STAT_*).
 */
struct nova_planned {
	u64 va;
	u32 stat;
};

/**
 * struct nova_plan_set - The tables the steps of a batch planned so far will create.
 * @t: The tables.
 * @n: Tables in @t.
 * @cap: Room in @t.
 * @record: The plan running adds the tables it counts to @t.
 *
 * Built at prepare, step by step: a later step finds there a table an
 * earlier one creates, and does not count it again (DOC: Batches).
 */
struct nova_plan_set {
	struct nova_planned *t;
	unsigned int n;
	unsigned int cap;
	bool record;
};

/**
 * struct nova_step_env - How a step of a batch sees the others, at prepare.
 * @owner: The batch, whose reservation covers the step's range.
 * @vacated: Earlier steps unmap all of [a, b), or make it sparse: what is
 *           mapped there now is no obstacle (&map_op.vacated,
 *           &nova_range_op.vacated).
 * @replaced: [a, b) lies inside the range of one earlier step that makes it
 *            sparse: a table spanning it will be gone (&map_op.replaced).
 * @keep: A later step maps into [a, b) or makes it sparse
 *        (&nova_range_op.keep).
 * @marks: The sparse marks the batch's steps set or clear (DOC: Sparse
 *         marks), or NULL.
 * @planned: The tables earlier steps create; the step adds its own.
 * @ctx: First argument of the callbacks.
 */
struct nova_step_env {
	const void *owner;
	bool (*vacated)(const void *ctx, u64 a, u64 b);
	bool (*replaced)(const void *ctx, u64 a, u64 b);
	bool (*keep)(const void *ctx, u64 a, u64 b);
	struct maple_tree *marks;
	struct nova_plan_set *planned;
	const void *ctx;
};

int nova_step_prepare(struct vmm_op *op, const struct nova_step_env *env);
unsigned int nova_step_pool(const struct vmm_op *op);
int nova_step_apply_locked(struct vmm_op *op, struct list_head *unlinked);
void nova_step_journal(const struct vmm_op *op, enum nova_journal_kind kind, int ret);
void nova_step_unprepare(struct vmm_op *op);
void nova_step_free(struct vmm_op *op);
struct vmm_op *nova_batch_new(struct vmm *vmm);
int nova_batch_add(struct vmm_op *op, struct vmm_op *step, u64 va, u64 size,
		   enum nova_journal_kind kind);
struct vmm *nova_batch_vmm(struct vmm_op *op);
int nova_batch_prepare(struct vmm_op *op);
int nova_batch_commit(struct vmm_op *op);
unsigned int nova_batch_pool(struct vmm_op *op);
void nova_batch_free(struct vmm_op *op);

/**
 * enum nova_range_mode - What a range operation does to mapped pages.
 * @NOVA_RANGE_UNMAP: Unmap them (sparse again inside a sparse range).
 * @NOVA_RANGE_PROTECT: Change their permissions.
 * @NOVA_RANGE_UNSPARSE: Clear a sparse range (no page may be mapped).
 */
enum nova_range_mode {
	NOVA_RANGE_UNMAP,
	NOVA_RANGE_PROTECT,
	NOVA_RANGE_UNSPARSE,
};

/**
 * struct nova_range_op - An unmap or protect of a range.
 * @w: The walk; its callbacks are those of the check pass, then those of
 *     the commit pass.
 * @vmm: Address space.
 * @va: First VA.
 * @end: End of the range.
 * @mode: What it does.
 * @pte_flags: To protect, the new permissions.
 * @pending: Tables unlinked, freed after the TLB invalidate.
 * @owner: Whose reservation the range is (the operation itself, or the
 *         batch it is a step of): reservations of @owner do not make the
 *         range busy.
 * @keep: A step of a batch: true if a later step maps in [a, b), so a table
 *        spanning it stays linked even when the unmap leaves it empty.
 *        NULL otherwise.
 * @keep_ctx: @keep's first argument, and @vacated's.
 * @vacated: A step of a batch clearing sparse, while it is planned at
 *           prepare: true if earlier steps unmap all of [a, b), so that a
 *           page there now is no obstacle. NULL otherwise.
 */
struct nova_range_op {
	struct nova_walk w;
	struct vmm *vmm;
	u64 va;
	u64 end;
	enum nova_range_mode mode;
	u32 pte_flags;
	struct list_head pending;
	const void *owner;
	bool (*keep)(const void *ctx, u64 a, u64 b);
	const void *keep_ctx;
	bool (*vacated)(const void *ctx, u64 a, u64 b);
};

void nova_range_op_init(struct nova_range_op *op, struct vmm *vmm, u64 va, u64 size,
			enum nova_range_mode mode, u32 pte_flags);
int nova_range_check_locked(struct nova_range_op *op);
int nova_range_apply_locked(struct nova_range_op *op);
int nova_range_commit_locked(struct nova_range_op *op);
int nova_vmm_invalidate_locked(struct vmm *vmm, struct list_head *unlinked, u32 flags);
void nova_range_op_fini(struct nova_range_op *op);
int nova_vmm_range_locked(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			  u32 pte_flags);
struct vmm_op *nova_step_range(struct vmm *vmm, u64 va, u64 size, enum nova_range_mode mode,
			       u32 pte_flags);
int nova_vmm_reserve(struct vmm *vmm, u64 va, u64 end, void *owner);
void nova_vmm_unreserve(struct vmm *vmm, u64 va);
bool nova_vmm_busy(struct vmm *vmm, u64 va, u64 end, const void *owner);
bool nova_va_claimed(struct vmm *vmm, u64 va, u64 size);
int nova_vmm_lookup_locked(struct vmm *vmm, u64 va, struct nova_mapping *out);
void nova_vmm_teardown_locked(struct vmm *vmm);
int nova_vmm_flush_locked(struct vmm *vmm, struct nova_node *n);
void nova_vmm_flush_later_begin_locked(struct vmm *vmm, struct list_head *later);
int nova_vmm_flush_later_locked(struct vmm *vmm);
int nova_vmm_verify(struct vmm *vmm,
		    void (*report)(void *ctx, u64 table, u32 q, u64 want, u64 got), void *ctx);

#endif /* _NOVA_VMM_VMM_PRIV_H_ */
