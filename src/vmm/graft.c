// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Grafting
 *
 * vmm_create_graft() builds the shadow of tables someone else owns (a root
 * handed over by firmware, as nova-core's BAR1 uses GSP-RM's) by reading
 * each table once through PRAMIN, following every PDE that points at video
 * memory. Those nodes are foreign: nothing of theirs is freed, entries that
 * were not zero stay untouched, and teardown writes their original entries
 * back before the invalidate that precedes freeing our own tables.
 */
#include <linux/lockdep.h>
#include <linux/string.h>

#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/node.h"
#include "vmm/vmm_priv.h"

static struct nova_node *graft_table(struct vmm *vmm, u64 addr, u8 level, bool big);

/**
 * nova_graft_free() - Free the shadow of a foreign tree (not its VRAM).
 * @n: Its root, or NULL.
 *
 * For a graft that failed before anything was written.
 */
void nova_graft_free(struct nova_node *n)
{
	u32 q;

	if (!n)
		return;
	for (q = 0; n->child && q < n->nq; q++)
		nova_graft_free(n->child[q]);
	nova_node_free(NULL, n);
}

static enum nova_slot graft_slot(u8 level, u32 q)
{
	if (!level)
		return NOVA_SLOT_PTE;
	if (level == NOVA_PT_DUAL)
		return q & 1 ? NOVA_SLOT_SMALL : NOVA_SLOT_BIG;
	return NOVA_SLOT_PDE;
}

/* Follow the PDEs to video memory of a foreign directory. */
static int graft_children(struct vmm *vmm, struct nova_node *n)
{
	struct nova_node *child;
	struct nova_entry e;
	u32 q;

	for (q = 0; q < n->nq; q++) {
		vmm->fmt->decode(n->e[q], graft_slot(n->level, q), &e);
		if (e.type != NOVA_ENTRY_PDE || e.aperture != NOVA_APER_VIDEO)
			continue;
		child = graft_table(vmm, e.addr, n->level - 1,
				    n->level == NOVA_PT_DUAL && !(q & 1));
		if (IS_ERR(child))
			return PTR_ERR(child);
		n->child[q] = child;
	}
	return 0;
}

static struct nova_node *graft_table(struct vmm *vmm, u64 addr, u8 level, bool big)
{
	struct nova_node *n = nova_node_foreign(&vmm->dirt, vmm->fmt, level, big, addr);
	int ret;
	u32 q;

	if (IS_ERR(n))
		return n;
	ret = nova_pramin_read64(vmm->gpu, addr, n->e, n->nq);
	if (ret == -ERANGE || ret == -EINVAL)
		ret = -EINVAL;
	for (q = 0; q < n->nq && !ret; q++)
		n->used += !!n->e[q];
	memcpy(n->orig, n->e, n->nq * sizeof(u64));
	if (!ret && level)
		ret = graft_children(vmm, n);
	if (ret) {
		nova_graft_free(n);
		return ERR_PTR(ret);
	}
	return n;
}

/**
 * nova_graft_read() - Read foreign tables into @vmm's shadow tree.
 * @vmm: Address space being created.
 * @pdb: The foreign root.
 *
 * On failure nothing is left allocated.
 *
 * Return: 0; -EINVAL if a table lies outside VRAM; -ENOMEM; -ENODEV.
 */
int nova_graft_read(struct vmm *vmm, u64 pdb)
{
	struct nova_node *root = graft_table(vmm, pdb, vmm->fmt->root, false);

	if (IS_ERR(root))
		return PTR_ERR(root);
	vmm->root = root;
	return 0;
}
