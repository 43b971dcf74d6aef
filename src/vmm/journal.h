/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The journal of an address space: its last operations, for diagnosis
 * (journal.c).
 */
#ifndef _NOVA_VMM_JOURNAL_H_
#define _NOVA_VMM_JOURNAL_H_

#include <linux/spinlock.h>
#include <linux/types.h>

/* Operations kept per address space: a power of two. */
#define NOVA_JOURNAL_LEN	64

/**
 * enum nova_journal_kind - What an operation did.
 * @NOVA_JOURNAL_MAP: Mapped pages (vmm_map(), _dma, _sgt, a map op).
 * @NOVA_JOURNAL_SPARSE: Made a range sparse.
 * @NOVA_JOURNAL_UNMAP: Unmapped (vmm_unmap() or an unmap op).
 * @NOVA_JOURNAL_PROTECT: Changed permissions.
 * @NOVA_JOURNAL_UNSPARSE: Cleared a sparse range.
 */
enum nova_journal_kind {
	NOVA_JOURNAL_MAP,
	NOVA_JOURNAL_SPARSE,
	NOVA_JOURNAL_UNMAP,
	NOVA_JOURNAL_PROTECT,
	NOVA_JOURNAL_UNSPARSE,
};

/**
 * struct nova_journal_rec - One operation.
 * @seq: Its number in the address space, from 1.
 * @ns: When it ended (ktime_get_ns()).
 * @va: First VA.
 * @size: Bytes.
 * @pages: Page sizes written, BIT(enum nova_page_size); 0 if none.
 * @result: Its return value (0, or an errno: -ETIMEDOUT means the entries
 *          are written but the invalidate did not complete).
 * @kind: What it did.
 * @commit: A prepared operation's commit (vmm_op_commit()).
 */
struct nova_journal_rec {
	u64 seq;
	u64 ns;
	u64 va;
	u64 size;
	u32 pages;
	s32 result;
	u8 kind;
	bool commit;
};

/**
 * struct nova_journal - A ring of the last %NOVA_JOURNAL_LEN operations.
 * @lock: Protects @seq and @rec; taken in the commit path, so a spinlock:
 *        nothing is allocated.
 * @seq: Number of the last operation recorded.
 * @rec: The ring: operation N is at N % %NOVA_JOURNAL_LEN.
 */
struct nova_journal {
	spinlock_t lock; /* see above */
	u64 seq;
	struct nova_journal_rec rec[NOVA_JOURNAL_LEN];
};

void nova_journal_init(struct nova_journal *j);
void nova_journal_add(struct nova_journal *j, enum nova_journal_kind kind, u64 va, u64 size,
		      u32 pages, int result, bool commit);
unsigned int nova_journal_copy(struct nova_journal *j, struct nova_journal_rec *out);
bool nova_journal_last_at(struct nova_journal *j, u64 va, struct nova_journal_rec *out);
const char *nova_journal_kind_name(u8 kind);

#endif /* _NOVA_VMM_JOURNAL_H_ */
