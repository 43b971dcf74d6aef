/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table writes through a write-combined CPU mapping of BAR2 (DOC:
 * Page tables through BAR2, io/bar2wc.c).
 */
#ifndef _NOVA_VMM_BAR2WC_H_
#define _NOVA_VMM_BAR2WC_H_

#include <linux/types.h>

struct nova_gpu;

/**
 * struct nova_bar2wc_window - What of VRAM BAR2 maps for page-table writes.
 * @vram: First VRAM byte of the window.
 * @size: Bytes.
 * @bar2: BAR2 offset (= BAR2 VA) that @vram is mapped at.
 */
struct nova_bar2wc_window {
	u64 vram;
	u64 size;
	u64 bar2;
};

bool nova_bar2wc_mappable(const struct nova_gpu *gpu);
int nova_bar2wc_enable(struct nova_gpu *gpu, const struct nova_bar2wc_window *w);
void nova_bar2wc_disable(struct nova_gpu *gpu);
void nova_bar2wc_fini(struct nova_gpu *gpu);
bool nova_bar2wc_active(const struct nova_gpu *gpu);
bool nova_bar2wc_window(const struct nova_gpu *gpu, struct nova_bar2wc_window *w);
bool nova_bar2wc_covers(const struct nova_gpu *gpu, u64 addr, u64 size);
int nova_bar2wc_begin(struct nova_gpu *gpu);
void nova_bar2wc_write(struct nova_gpu *gpu, u64 addr, const u64 *src, size_t count);
int nova_bar2wc_flush(struct nova_gpu *gpu);
void nova_bar2wc_pramin_wrote(struct nova_gpu *gpu);
int nova_bar2wc_pramin_begin(struct nova_gpu *gpu);

#endif /* _NOVA_VMM_BAR2WC_H_ */
