/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resizable BAR: grow BAR1 at probe, before it is mapped.
 */
#ifndef _NOVA_VMM_REBAR_H_
#define _NOVA_VMM_REBAR_H_

#include <linux/types.h>

struct pci_dev;

/**
 * struct nova_rebar_in - What the decision to resize BAR1 depends on.
 * @sizes: The sizes the device offers, pci_rebar_get_possible_sizes()'s
 *         mask: bit n is 2^n MiB; 0 without the capability.
 * @cur: The current size, same encoding (pci_rebar_bytes_to_size()).
 * @off: The ``rebar`` module parameter is 0.
 * @thunderbolt: The GPU hangs off a Thunderbolt link
 *               (pci_is_thunderbolt_attached()).
 * @busy: Someone holds part of the aperture (a firmware framebuffer).
 */
struct nova_rebar_in {
	u32 sizes;
	int cur;
	bool off;
	bool thunderbolt;
	bool busy;
};

int nova_rebar_first(const struct nova_rebar_in *in, const char **why);
int nova_rebar_next(const struct nova_rebar_in *in, int tried, int err);
void nova_bar1_resize(struct pci_dev *pdev, int resno, bool off);

#endif /* _NOVA_VMM_REBAR_H_ */
