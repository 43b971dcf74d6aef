// SPDX-License-Identifier: GPL-2.0
/*
 * The chips nvsim can be, and logging.
 *
 * Chip ids: NV2080_CTRL_MC_ARCH_INFO_* (ctrl2080mc.h), hw-reference.md 1.
 * PCI device ids are those of a real board with that chip; the driver only
 * matches the vendor and the class. Display engines: RM's
 * gpuFuseSupportsDisplay HALs (generated/g_gpu_nvoc.c: not GA100, GH100,
 * GB10x); the MMU lock: memmgrReadMmuLock_GA100, GA100 alone.
 */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "nvsim.h"

/* PCI class codes (base << 16 | sub << 8 | prog-if). */
#define PCI_CLASS_VGA	0x030000	/* display controller, VGA compatible */
#define PCI_CLASS_3D	0x030200	/* display controller, 3D */

static const struct nv_chip chips[] = {
	{ "TU102", 0x162, 0x1e04, PCI_CLASS_VGA, NV_TURING, NV_VRAM_LOCAL_MEMORY_RANGE, true, false },
	{ "TU104", 0x164, 0x1e82, PCI_CLASS_VGA, NV_TURING, NV_VRAM_LOCAL_MEMORY_RANGE, true, false },
	{ "GA100", 0x170, 0x20b0, PCI_CLASS_3D, NV_AMPERE, NV_VRAM_LOCAL_MEMORY_RANGE, false, true },
	{ "GA102", 0x172, 0x2204, PCI_CLASS_VGA, NV_AMPERE, NV_VRAM_USABLE_FB_SIZE, true, false },
	{ "GA104", 0x174, 0x2484, PCI_CLASS_VGA, NV_AMPERE, NV_VRAM_USABLE_FB_SIZE, true, false },
	{ "AD102", 0x192, 0x2684, PCI_CLASS_VGA, NV_ADA, NV_VRAM_USABLE_FB_SIZE, true, false },
	{ "AD104", 0x194, 0x2782, PCI_CLASS_VGA, NV_ADA, NV_VRAM_USABLE_FB_SIZE, true, false },
	{ "GH100", 0x180, 0x2330, PCI_CLASS_3D, NV_HOPPER, NV_VRAM_USABLE_FB_SIZE, false, false },
	{ "GB100", 0x1a0, 0x2901, PCI_CLASS_3D, NV_BLACKWELL, NV_VRAM_USABLE_FB_SIZE, false, false },
	{ "GB202", 0x1b2, 0x2b85, PCI_CLASS_VGA, NV_BLACKWELL, NV_VRAM_USABLE_FB_SIZE, true, false },
};

const struct nv_chip *nv_chip_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(chips); i++)
		if (!strcasecmp(chips[i].name, name))
			return &chips[i];
	return NULL;
}

void nv_chip_list(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(chips); i++)
		fprintf(f, "%s%s", i ? " " : "", chips[i].name);
	fputc('\n', f);
}

volatile sig_atomic_t nvsim_stop;	/* the one type a signal handler may write */
bool nvsim_quiet;
unsigned long nvsim_log_count;
char nvsim_last_log[256];

/* One line to stderr, prefixed "nvsim: "; the last one is kept for tests. */
void nv_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nvsim_last_log, sizeof(nvsim_last_log), fmt, ap);
	va_end(ap);
	nvsim_log_count++;
	if (!nvsim_quiet)
		fprintf(stderr, "nvsim: %s\n", nvsim_last_log);
}
