// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: Journal
 *
 * Each address space remembers its last %NOVA_JOURNAL_LEN operations that
 * change entries: map, sparse, unmap, protect, sparse clear, direct or
 * committed, with their range, page sizes, time and result, failures
 * included. debugfs prints the ring (``journal``) and answers which
 * operation last touched a VA (``va``), so that an MMU fault at a VA can be
 * matched with what the driver did there. Recording takes a spinlock and
 * copies a record: it neither allocates nor fails, so a commit in the
 * fence-signalling path records too.
 */
#include <linux/ktime.h>
#include <linux/string.h>

#include "vmm/journal.h"

/**
 * nova_journal_init() - An empty journal.
 * @j: The journal.
 */
void nova_journal_init(struct nova_journal *j)
{
	spin_lock_init(&j->lock);
	j->seq = 0;
	memset(j->rec, 0, sizeof(j->rec));
}

/**
 * nova_journal_add() - Record an operation that ended.
 * @j: The journal.
 * @kind: What it did.
 * @va: First VA.
 * @size: Bytes.
 * @pages: Page sizes it wrote, BIT(enum nova_page_size).
 * @result: Its return value.
 * @commit: It was a prepared operation's commit.
 *
 * Context: Any; takes the journal's spinlock.
 */
void nova_journal_add(struct nova_journal *j, enum nova_journal_kind kind, u64 va, u64 size,
		      u32 pages, int result, bool commit)
{
	struct nova_journal_rec r = {
		.ns = ktime_get_ns(), .va = va, .size = size, .pages = pages,
		.result = result, .kind = kind, .commit = commit,
	};
	unsigned long flags;

	spin_lock_irqsave(&j->lock, flags);
	r.seq = ++j->seq;
	j->rec[r.seq % NOVA_JOURNAL_LEN] = r;
	spin_unlock_irqrestore(&j->lock, flags);
}

/**
 * nova_journal_copy() - The records, oldest first.
 * @j: The journal.
 * @out: Room for %NOVA_JOURNAL_LEN records.
 *
 * Return: How many were copied.
 */
unsigned int nova_journal_copy(struct nova_journal *j, struct nova_journal_rec *out)
{
	unsigned long flags;
	unsigned int n;
	u64 seq;

	spin_lock_irqsave(&j->lock, flags);
	n = min_t(u64, j->seq, NOVA_JOURNAL_LEN);
	for (seq = j->seq - n + 1; seq <= j->seq; seq++)
		*out++ = j->rec[seq % NOVA_JOURNAL_LEN];
	spin_unlock_irqrestore(&j->lock, flags);
	return n;
}

/**
 * nova_journal_last_at() - The newest record whose range holds a VA.
 * @j: The journal.
 * @va: The VA.
 * @out: The record.
 *
 * Return: true if one of the records still kept covers @va.
 */
bool nova_journal_last_at(struct nova_journal *j, u64 va, struct nova_journal_rec *out)
{
	const struct nova_journal_rec *r;
	unsigned long flags;
	bool found = false;
	u64 seq;

	spin_lock_irqsave(&j->lock, flags);
	for (seq = j->seq; seq && seq + NOVA_JOURNAL_LEN > j->seq && !found; seq--) {
		r = &j->rec[seq % NOVA_JOURNAL_LEN];
		found = va >= r->va && va - r->va < r->size;
		if (found)
			*out = *r;
	}
	spin_unlock_irqrestore(&j->lock, flags);
	return found;
}

/**
 * nova_journal_kind_name() - How debugfs names a kind.
 * @kind: An &enum nova_journal_kind.
 *
 * Return: The name.
 */
const char *nova_journal_kind_name(u8 kind)
{
	static const char * const names[] = {
		[NOVA_JOURNAL_MAP] = "map",
		[NOVA_JOURNAL_SPARSE] = "sparse",
		[NOVA_JOURNAL_UNMAP] = "unmap",
		[NOVA_JOURNAL_PROTECT] = "protect",
		[NOVA_JOURNAL_UNSPARSE] = "unsparse",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}
