// SPDX-License-Identifier: GPL-2.0
/*
 * nvsim: a userspace model of an NVIDIA GPU (Turing to Blackwell) served to
 * User-Mode Linux as a PCI device over virtio ("virt-pci", vhost-user).
 *
 * Every hardware fact here comes from /work/shared/reference/hw-reference.md,
 * which names the NVIDIA header or manual it was taken from; the names below
 * are those of the headers. Nothing is shared with the driver in src/: the
 * model must be able to disagree with it.
 */
#ifndef NVSIM_H
#define NVSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#define BIT(n)		(1u << (n))
#define BIT64(n)	(1ull << (n))
#define GENMASK(h, l)	((~0u >> (31 - (h))) & (~0u << (l)))
#define GENMASK64(h, l)	((~0ull >> (63 - (h))) & (~0ull << (l)))
#define FIELD_GET(m, v)	(((v) & (m)) >> __builtin_ctzll(m))
#define FIELD_PREP(m, v) (((uint64_t)(v) << __builtin_ctzll(m)) & (m))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)	((a) < (b) ? (a) : (b))

#define SZ_4K		0x1000ull
#define SZ_1M		0x100000ull
#define MIB_SHIFT	20

/* --- chips ------------------------------------------------------------ */

enum nv_family { NV_TURING, NV_AMPERE, NV_ADA, NV_HOPPER, NV_BLACKWELL };

/* Family bit masks, for registers that exist only on some families. */
#define F_TU	BIT(NV_TURING)
#define F_GA	BIT(NV_AMPERE)
#define F_AD	BIT(NV_ADA)
#define F_GH	BIT(NV_HOPPER)
#define F_GB	BIT(NV_BLACKWELL)
#define F_PRE_GH (F_TU | F_GA | F_AD)
#define F_XAL	(F_GH | F_GB)
#define F_ALL	(F_PRE_GH | F_XAL)

/* Where the chip reports its VRAM size (not in hw-reference.md, see gpu.c). */
enum nv_vram_reg { NV_VRAM_LOCAL_MEMORY_RANGE, NV_VRAM_USABLE_FB_SIZE };

struct nv_chip {
	const char *name;
	uint16_t chip_id;	/* NV_PMC_BOOT_42 CHIP_ID = ARCHITECTURE << 4 | IMPL */
	uint16_t pci_device;
	uint32_t pci_class;
	enum nv_family family;
	enum nv_vram_reg vram_reg;
	bool display;		/* has NV_PDISP_VGA_WORKSPACE_BASE */
	bool mmu_lock;		/* has NV_PFB_PRI_MMU_LOCK_* (GA100) */
};

const struct nv_chip *nv_chip_find(const char *name);
void nv_chip_list(FILE *f);

/* --- MMU (mmu.c) -------------------------------------------------------- */

/* Directory levels, numbered as in NVIDIA's names: PD0 is the dual level. */
enum mmu_level { MMU_PT, MMU_PD0, MMU_PD1, MMU_PD2, MMU_PD3, MMU_PD4 };

struct mmu_space {
	const uint8_t *vram;
	uint64_t vram_size;
	int version;		/* 2 (TU/GA/AD) or 3 (GH/GB) */
	unsigned int huge;	/* BIT(level) for directory levels that may hold a PTE */
	uint64_t pdb;		/* root table, VRAM */
};

struct mmu_xlat {
	uint64_t pa;		/* of the page containing the VA */
	unsigned int shift;	/* page size = 1 << shift */
	bool ro;
	bool sparse;		/* reads 0, writes dropped, no fault */
	const char *reason;	/* set when the walk faulted */
	bool refused;		/* @reason is an encoding no document defines */
};

bool mmu_walk(const struct mmu_space *s, uint64_t va, struct mmu_xlat *x);

struct tlb_entry;

#define TLB_BUCKETS	4096

/* A software TLB: keeps translations until told to drop them. */
struct tlb {
	struct tlb_entry *bucket[TLB_BUCKETS];
	uint32_t shifts;	/* BIT(shift) for every page size held */
	size_t count;
};

bool tlb_lookup(const struct tlb *t, int space, uint64_t pdb, uint64_t va,
		struct mmu_xlat *x);
void tlb_insert(struct tlb *t, int space, uint64_t pdb, uint64_t va,
		const struct mmu_xlat *x);
size_t tlb_drop_pdb(struct tlb *t, uint64_t pdb);
size_t tlb_drop_space(struct tlb *t, int space);
size_t tlb_drop_all(struct tlb *t);

/* --- GPU (gpu.c) -------------------------------------------------------- */

enum nv_bar_id { NV_BAR1 = 0, NV_BAR2 = 1, NV_NR_BARS };

struct nv_bind {
	uint32_t block;		/* BARn_BLOCK, or BARn_BLOCK_LOW_ADDR fields */
	uint32_t block_hi;	/* BARn_BLOCK_HIGH_ADDR (Hopper, Blackwell) */
	int busy;		/* status reads left showing PENDING; -1: stuck */
	bool bound;		/* a bind completed (false while stuck) */
	bool virt;		/* MODE VIRTUAL */
	bool valid;		/* instance block accepted */
	const char *error;	/* why not, for fault messages */
	uint64_t inst;
	struct mmu_space space;
	bool firmware;		/* bound before the driver came (--fault prebound-barN) */
};

struct nv_inval {
	uint32_t pdb;		/* MMU_INVALIDATE_PDB */
	uint32_t upper;		/* MMU_INVALIDATE_UPPER_PDB */
	uint32_t ctrl;		/* MMU_INVALIDATE, last written */
	int busy;		/* reads left showing TRIGGER; -1: stuck */
};

struct nv_stats {
	uint64_t bar0_reads, bar0_writes, bar1_reads, bar1_writes;
	uint64_t bar2_reads, bar2_writes;
	uint64_t invalidates, binds, faults;
	uint64_t warnings, tlb_hits, tlb_walks;
};

/* VRAM the firmware owns: a write there is refused with a warning. */
struct nv_rsv {
	uint64_t start, end;
	const char *what;	/* "VGA workspace", ... */
	const char *rule;	/* the source that says so */
};

#define NV_MAX_RSV	3

#define NV_PLAIN_REGS	8
#define NV_SEEN_SLOTS	1024

struct nv_gpu {
	const struct nv_chip *chip;
	uint8_t *vram;
	uint64_t vram_size;
	int vram_fd;
	uint64_t bar0_size, bar1_size, bar2_size;	/* 0: the BAR is absent */
	uint64_t rebar_max;	/* largest BAR1 size Resizable BAR offers; 0: no capability */

	uint32_t window;		/* PRAMIN window register, as stored */
	bool pramin_dirty;		/* PRAMIN writes not yet flushed */
	bool bar2_dirty;		/* BAR2 writes not yet flushed (read back) */
	struct nv_bind bind[NV_NR_BARS];
	struct nv_inval inv_vf, inv_pf;
	int uflush_busy[3];		/* NV_UFLUSH_* status reads left */
	uint32_t xal_token, xal_done;	/* NV_XAL_EP_ZB_UFLUSH_FB_FLUSH tokens */
	int xal_busy;			/* COMPLETED reads left showing BUSY */
	uint32_t plain[NV_PLAIN_REGS];	/* registers that only store */
	uint32_t vga_workspace;		/* NV_PDISP_VGA_WORKSPACE_BASE, as the VBIOS set it */
	uint32_t mmu_lock[2];		/* NV_PFB_PRI_MMU_LOCK_ADDR_LO, _HI (GA100) */
	struct nv_rsv rsv[NV_MAX_RSV];
	unsigned int nrsv;
	struct tlb tlb;
	struct nv_stats st;

	/* Injected faults (--fault). */
	bool f_tlb_stuck, f_bind_stuck, f_gone_at_inval;
	uint64_t f_gone_after_writes;	/* 0: off */
	bool f_vram_size_reg;		/* the size register reads f_vram_size_val */
	uint32_t f_vram_size_val;
	bool gone;
	bool flr_wipe;		/* --flr-wipe: a function level reset loses VRAM */
	uint64_t flrs;		/* function level resets served */

	FILE *trace;
	uint32_t seen_rd[NV_SEEN_SLOTS], seen_wr[NV_SEEN_SLOTS];
	unsigned int fault_lines;
	bool warned_pending_bar1;
};

int gpu_init(struct nv_gpu *g, const struct nv_chip *chip, uint64_t vram_mib,
	     uint64_t bar1_mib);
void gpu_fini(struct nv_gpu *g);
int gpu_add_fault(struct nv_gpu *g, const char *spec);
void gpu_read(struct nv_gpu *g, int bar, uint64_t off, void *buf, size_t len);
void gpu_write(struct nv_gpu *g, int bar, uint64_t off, const void *buf, size_t len);
void gpu_fill(struct nv_gpu *g, int bar, uint64_t off, uint8_t byte, size_t len);
uint32_t gpu_rd32(struct nv_gpu *g, int bar, uint64_t off);
void gpu_wr32(struct nv_gpu *g, int bar, uint64_t off, uint32_t v);
void gpu_summary(const struct nv_gpu *g, FILE *f);
void gpu_flr(struct nv_gpu *g);

/* What VRAM holds after a reset that lost it (--flr-wipe): no table reads as empty. */
#define NV_FLR_WIPE_BYTE	0x5a

/* PCI BAR indices as UML's virt-pci passes them (PCI resource numbers). */
#define NV_PCI_BAR0	0
#define NV_PCI_BAR1	1
#define NV_PCI_BAR2	3	/* BAR1 is 64-bit: BAR2 is resource 3 */

/* --- PCI config space (pci.c) ------------------------------------------ */

#define PCI_CFG_SIZE	4096

struct nv_pci {
	uint8_t cfg[PCI_CFG_SIZE];
	uint8_t wmask[PCI_CFG_SIZE];
	struct nv_gpu *gpu;
};

void pci_init(struct nv_pci *p, struct nv_gpu *g);
size_t pci_handle_msg(struct nv_pci *p, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap);

/* --- vhost-user transport (vhost.c) ------------------------------------ */

struct vu_dev;

struct vu_dev *vhost_new(struct nv_pci *pci, bool poll_mode);
int vhost_listen(const char *path);
int vhost_serve(struct vu_dev *d, int listen_fd);
void vhost_free(struct vu_dev *d);

/* --- logging ------------------------------------------------------------ */

extern volatile sig_atomic_t nvsim_stop;		/* set by SIGTERM / SIGINT */
extern bool nvsim_quiet;		/* self-test: do not print */
extern unsigned long nvsim_log_count;
extern char nvsim_last_log[256];

void nv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* NVSIM_H */
