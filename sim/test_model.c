// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the GPU model, without UML: page tables are built by hand in
 * the model's VRAM with encodings written out here from hw-reference.md
 * (not from mmu.c), an instance block is bound through the registers, and
 * BAR1 accesses are checked against known VRAM contents.
 */
#include <string.h>

#include "nvsim.h"

static unsigned int checks, failures;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long a_ = (a), b_ = (b);				\
	CHECK(a_ == b_, "%s = 0x%llx, expected %s = 0x%llx", #a, a_, #b, b_); \
} while (0)

#define CHECK_LOG(s) CHECK(strstr(nvsim_last_log, s), "last log \"%s\" lacks \"%s\"", \
			   nvsim_last_log, s)

/* Registers, from hw-reference.md sections 1, 2, 5, 6. */
#define BOOT_0			0x000000
#define BOOT_42			0x000a00
#define LOCAL_MEMORY_RANGE	0x100ce0
#define USABLE_FB_SIZE_IN_MB	0x1183a4
#define PBUS_BAR0_WINDOW	0x001700
#define XAL_BAR0_WINDOW		0x10fd40
#define PRAMIN			0x700000
#define VF_BAR1_BLOCK		0xb80f40
#define VF_BIND_STATUS		0xb80f50
#define VF_BAR1_LOW		0xb80f60
#define VF_BAR1_HIGH		0xb80f64
#define VF_BAR2_LOW		0xb80f70
#define VF_BAR2_HIGH		0xb80f74
#define INV_PDB			0xb830a0
#define INV_UPPER_PDB		0xb830a4
#define INV			0xb830b0
#define INV_ALL_VA		BIT(0)
#define INV_ALL_PDB		BIT(1)
#define INV_HUBTLB_ONLY		BIT(2)
#define INV_TRIGGER		BIT(31)
#define UFLUSH_FB_FLUSH		0x070000
#define XAL_FB_FLUSH		0x10f800
#define XAL_FB_FLUSH_COMPLETED	0x10f804
#define BLOCK_MODE_VIRTUAL	BIT(31)
#define LOW_MODE_VIRTUAL	BIT(9)

#define RAMIN_VER2		BIT(10)
#define RAMIN_BIG_64K		BIT(11)
#define RAMIN_TARGET_INVALID	1

/* The test's VRAM layout. */
#define VRAM_MIB	64
#define BAR1_MIB	64
#define INST		0x010000ull
#define ROOT		0x011000ull	/* v2 PD3, v3 PD4 */
#define PD2		0x012000ull
#define PD1		0x013000ull
#define PD0		0x014000ull
#define PD3_V3		0x015000ull
#define SPT		0x016000ull	/* small PT, VA 0 - 2 MiB */
#define LPT		0x017000ull	/* big PT, VA 2 - 4 MiB */
#define LPT2		0x017100ull	/* big PT, VA 8 - 10 MiB */
#define SPT2		0x018000ull	/* small PT, VA 8 - 10 MiB */
#define PG_A		0x100000ull
#define PG_B		0x101000ull
#define PG_RO		0x102000ull
#define PG_ALT		0x103000ull
#define PG_C		0x104000ull
#define PG_D		0x105000ull
#define PG_64K_0	0x200000ull
#define PG_64K_1	0x300000ull
#define PG_2M		0x800000ull
#define WRONG_PDB	0x999000ull

/* --- entry encodings (hw-reference.md 3 and 4) -------------------------- */

struct fmt {
	int v;
};

/* PDE: v2 ADDRESS_VID 32:8 = addr >> 12, APERTURE 2:1 = VIDEO (1); v3 in place. */
static uint64_t pde(const struct fmt *f, uint64_t addr)
{
	return f->v == 2 ? (addr >> 4) | 1 << 1 : addr | 1 << 1 | 2 << 3;
}

/* Dual PDE big half: v2 ADDRESS_BIG_VID 32:4 = addr >> 8; v3 51:8 in place. */
static uint64_t pde_big(const struct fmt *f, uint64_t addr)
{
	return f->v == 2 ? ((addr >> 8) << 4) | 1 << 1 : addr | 1 << 1;
}

/* PTE: VALID 0, APERTURE VIDEO 0; RO: v2 bit 6, v3 PCF 0x14 vs 0x10 (7:3). */
static uint64_t pte(const struct fmt *f, uint64_t addr, bool ro)
{
	if (f->v == 2)
		return (addr >> 4) | 1 | (ro ? 1ull << 6 : 0);
	return addr | 1 | (uint64_t)(ro ? 0x14 : 0x10) << 3 | 6ull << 8;
}

/* Sparse PTE: v2 VALID 0 + VOL (bit 3); v3 PCF SPARSE (1). Both 0x8. */
static uint64_t pte_sparse(const struct fmt *f)
{
	(void)f;
	return 1 << 3;
}

/* Big PTE telling the MMU to ignore the small PTEs: v2 PRIV (bit 5); v3 NV4K (3). */
static uint64_t pte_nosmall(const struct fmt *f)
{
	return f->v == 2 ? 1 << 5 : 3 << 3;
}

/* --- helpers ------------------------------------------------------------ */

static void vw64(struct nv_gpu *g, uint64_t addr, uint64_t v)
{
	memcpy(g->vram + addr, &v, sizeof(v));
}

static void vw32(struct nv_gpu *g, uint64_t addr, uint32_t v)
{
	memcpy(g->vram + addr, &v, sizeof(v));
}

static uint32_t vr32(struct nv_gpu *g, uint64_t addr)
{
	uint32_t v;

	memcpy(&v, g->vram + addr, sizeof(v));
	return v;
}

static uint32_t rd(struct nv_gpu *g, uint32_t reg)
{
	return gpu_rd32(g, NV_PCI_BAR0, reg);
}

static void wr(struct nv_gpu *g, uint32_t reg, uint32_t v)
{
	gpu_wr32(g, NV_PCI_BAR0, reg, v);
}

static uint32_t b1(struct nv_gpu *g, uint64_t off)
{
	return gpu_rd32(g, NV_PCI_BAR1, off);
}

static bool xal(const struct nv_gpu *g)
{
	return g->chip->family >= NV_HOPPER;
}

static void setup(struct nv_gpu *g, const char *chip, struct fmt *f)
{
	int ret = gpu_init(g, nv_chip_find(chip), VRAM_MIB, BAR1_MIB);

	CHECK(!ret, "gpu_init(%s) = %d", chip, ret);
	if (f)
		f->v = xal(g) ? 3 : 2;
}

/* Write one dword through PRAMIN: window to addr's 64 KiB, then BAR0. */
static void pramin_wr(struct nv_gpu *g, uint64_t addr, uint32_t v)
{
	wr(g, xal(g) ? XAL_BAR0_WINDOW : PBUS_BAR0_WINDOW, (uint32_t)(addr >> 16));
	wr(g, PRAMIN + (addr & 0xffff), v);
}

static void write_inst(struct nv_gpu *g, const struct fmt *f, uint64_t pdb, uint32_t clear,
		       uint32_t set)
{
	uint32_t lo = (uint32_t)(pdb & 0xfffff000) | RAMIN_BIG_64K | (f->v == 2 ? RAMIN_VER2 : 0);

	pramin_wr(g, INST + 0x204, (uint32_t)(pdb >> 32));
	pramin_wr(g, INST + 0x200, (lo & ~clear) | set);
	if (g->chip->family == NV_BLACKWELL)
		pramin_wr(g, INST + 0x20c, 0xcafeca11);
	rd(g, PRAMIN);	/* flush */
}

/* Bind BAR1 to INST; returns the status bits the first status read showed. */
static uint32_t bind_bar1(struct nv_gpu *g, uint64_t inst)
{
	uint32_t first;

	if (xal(g)) {
		wr(g, VF_BAR1_LOW, (uint32_t)(inst & 0xfffff000) | LOW_MODE_VIRTUAL);
		wr(g, VF_BAR1_HIGH, (uint32_t)(inst >> 32));
		first = rd(g, VF_BAR1_LOW) & 3;
		CHECK_EQ(rd(g, VF_BAR1_LOW) & 3, 0);
		return first;
	}
	wr(g, VF_BAR1_BLOCK, (uint32_t)(inst >> 12) | BLOCK_MODE_VIRTUAL);
	first = rd(g, VF_BIND_STATUS) & 3;
	CHECK_EQ(rd(g, VF_BIND_STATUS) & 3, 0);
	return first;
}

static uint32_t invalidate(struct nv_gpu *g, uint64_t pdb, uint32_t flags)
{
	uint32_t first;

	wr(g, INV_PDB, (uint32_t)(pdb >> 8));
	wr(g, INV_UPPER_PDB, (uint32_t)(pdb >> 40));
	wr(g, INV, flags | INV_TRIGGER);
	first = rd(g, INV);
	if (first & INV_TRIGGER)
		CHECK_EQ(rd(g, INV) & INV_TRIGGER, 0);
	return first & INV_TRIGGER;
}

/*
 * VA 0x000000 4K -> PG_A, 0x1000 -> PG_B, 0x2000 -> PG_RO (read-only),
 *    0x3000 invalid, 0x4000 sparse
 * VA 0x200000 64K -> PG_64K_0, 0x210000 -> PG_64K_1
 * VA 0x400000 2M  -> PG_2M
 * VA 0x600000 PD0 entry invalid
 * VA 0x800000 big PTE 0 plain invalid -> small PT -> PG_C;
 *    0x810000 big PTE 1 "ignore small PTEs" (small PTE -> PG_D unused)
 * VA 0x20000000 (PD1[1]) 512M -> 0; VA 1 << 38 (PD2[1]) 256G -> 0
 */
static void build_tables(struct nv_gpu *g, const struct fmt *f)
{
	memset(g->vram, 0, 0x20000);
	if (f->v == 3) {
		vw64(g, ROOT, pde(f, PD3_V3));
		vw64(g, PD3_V3, pde(f, PD2));
	} else {
		vw64(g, ROOT, pde(f, PD2));
	}
	vw64(g, PD2, pde(f, PD1));
	vw64(g, PD2 + 8, pte(f, 0, false));	/* 256 GiB leaf, GB only */
	vw64(g, PD1, pde(f, PD0));
	vw64(g, PD1 + 8, pte(f, 0, false));	/* 512 MiB leaf, GA/AD/v3 */
	vw64(g, PD0 + 0 * 16 + 8, pde(f, SPT));	/* small half */
	vw64(g, PD0 + 1 * 16, pde_big(f, LPT));
	vw64(g, PD0 + 2 * 16, pte(f, PG_2M, false));
	vw64(g, PD0 + 4 * 16, pde_big(f, LPT2));
	vw64(g, PD0 + 4 * 16 + 8, pde(f, SPT2));
	vw64(g, SPT + 0 * 8, pte(f, PG_A, false));
	vw64(g, SPT + 1 * 8, pte(f, PG_B, false));
	vw64(g, SPT + 2 * 8, pte(f, PG_RO, true));
	vw64(g, SPT + 4 * 8, pte_sparse(f));
	vw64(g, LPT + 0 * 8, pte(f, PG_64K_0, false));
	vw64(g, LPT + 1 * 8, pte(f, PG_64K_1, false));
	vw64(g, LPT2 + 1 * 8, pte_nosmall(f));
	vw64(g, SPT2 + 0 * 8, pte(f, PG_C, false));
	vw64(g, SPT2 + 16 * 8, pte(f, PG_D, false));
}

static void fill_pages(struct nv_gpu *g)
{
	static const uint64_t pg[] = { PG_A, PG_B, PG_RO, PG_ALT, PG_C, PG_D,
				       PG_64K_0, PG_64K_1, PG_2M };

	for (size_t i = 0; i < ARRAY_SIZE(pg); i++)
		for (uint32_t o = 0; o < SZ_4K; o += 4)
			vw32(g, pg[i] + o, (uint32_t)(0xa0000000 | i << 20 | o));
	vw32(g, PG_64K_1 + 0x1234, 0x64064064);
	vw32(g, PG_2M + 0x123458, 0x20020020);
}

/* --- tests -------------------------------------------------------------- */

static void test_ident(void)
{
	struct nv_gpu g;

	setup(&g, "GA102", NULL);
	CHECK_EQ(rd(&g, BOOT_0), 0x172000a1);
	CHECK_EQ(rd(&g, BOOT_42), 0x172a1000);
	CHECK_EQ(rd(&g, USABLE_FB_SIZE_IN_MB), VRAM_MIB);
	CHECK_EQ(rd(&g, LOCAL_MEMORY_RANGE), 0);	/* not this chip's register */
	CHECK_LOG("unmodelled read 0x100ce0");
	gpu_fini(&g);

	setup(&g, "TU102", NULL);
	CHECK_EQ(rd(&g, BOOT_42) >> 20 & 0x3ff, 0x162);
	{	/* LOWER_MAG 9:4 << (LOWER_SCALE 3:0 + 20) */
		uint32_t v = rd(&g, LOCAL_MEMORY_RANGE);

		CHECK_EQ((uint64_t)(v >> 4 & 0x3f) << ((v & 0xf) + 20), (uint64_t)VRAM_MIB << 20);
	}
	gpu_fini(&g);

	setup(&g, "GB202", NULL);
	CHECK_EQ(rd(&g, BOOT_0), 0x1b2000a1);
	CHECK_EQ(rd(&g, BOOT_42), 0x1b2a1000);
	gpu_fini(&g);
}

static void test_pramin(const char *chip)
{
	uint8_t buf[100], out[100];
	uint16_t w;
	uint64_t q;
	struct nv_gpu g;
	uint32_t win;

	setup(&g, chip, NULL);
	win = xal(&g) ? XAL_BAR0_WINDOW : PBUS_BAR0_WINDOW;
	wr(&g, win, 0x30);	/* base 3 MiB */
	wr(&g, PRAMIN + 0x10, 0x12345678);
	CHECK_EQ(vr32(&g, 0x300010), 0x12345678);
	CHECK_EQ(rd(&g, PRAMIN + 0x10), 0x12345678);
	gpu_read(&g, NV_PCI_BAR0, PRAMIN + 0x11, &w, 2);
	CHECK_EQ(w, 0x3456);
	gpu_write(&g, NV_PCI_BAR0, PRAMIN + 0x13, "\x9a", 1);
	CHECK_EQ(vr32(&g, 0x300010), 0x9a345678);
	q = 0x1122334455667788ull;
	gpu_write(&g, NV_PCI_BAR0, 32 * SZ_1M - 4, &q, 8);
	CHECK_LOG("BAR0 access beyond");
	gpu_write(&g, NV_PCI_BAR0, PRAMIN + 0xffff8, &q, 8);	/* last 8 bytes */
	CHECK_EQ(vr32(&g, 0x3ffffc), 0x11223344);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	gpu_write(&g, NV_PCI_BAR0, PRAMIN + 0x1001, buf, sizeof(buf));
	CHECK(!memcmp(g.vram + 0x301001, buf, sizeof(buf)), "memcpy_toio through PRAMIN");
	gpu_read(&g, NV_PCI_BAR0, PRAMIN + 0x1001, out, sizeof(out));
	CHECK(!memcmp(out, buf, sizeof(buf)), "memcpy_fromio through PRAMIN");
	gpu_fill(&g, NV_PCI_BAR0, PRAMIN + 0x2000, 0x5a, 64);
	CHECK_EQ(vr32(&g, 0x30203c), 0x5a5a5a5a);
	wr(&g, win, 0xffffffff);
	CHECK_EQ(rd(&g, win), g.chip->family == NV_HOPPER ? 0x3fffff :
			      g.chip->family == NV_BLACKWELL ? 0x7fffff : 0x3ffffff);
	if (xal(&g)) {		/* no NV_PBUS_BAR0_WINDOW on Hopper/Blackwell */
		CHECK_EQ(rd(&g, PBUS_BAR0_WINDOW), 0);
		CHECK_LOG("unmodelled read 0x001700");
	}
	gpu_fini(&g);
}

/*
 * Bit 3 of a big half is sparse only with APERTURE_BIG INVALID (else VOL,
 * or PCF_BIG bit 0 on v3); a sparse big half beside a valid small half is
 * undocumented: a fault and a warning (the driver must never write it).
 */
static void test_dual_rules(struct nv_gpu *g, const struct fmt *f)
{
	uint64_t warnings = g->st.warnings;

	tlb_drop_all(&g->tlb);
	vw64(g, PD0 + 1 * 16, pde_big(f, LPT) | pte_sparse(f));
	CHECK_EQ(b1(g, 0x211234), 0x64064064);
	vw64(g, PD0 + 1 * 16, pde_big(f, LPT));
	CHECK_EQ(g->st.warnings, warnings);

	vw64(g, PD0, pte_sparse(f));
	CHECK_EQ(b1(g, 0x0), 0xffffffff);
	CHECK_LOG("sparse big half beside a valid small half");
	CHECK_EQ(g->st.warnings, warnings + 1);
	vw64(g, PD0, 0);
	tlb_drop_all(&g->tlb);
	CHECK_EQ(b1(g, 0x0), vr32(g, PG_A));
}

static void test_walks(struct nv_gpu *g, const struct fmt *f)
{
	uint32_t faults = (uint32_t)g->st.faults;
	uint8_t buf[16];

	CHECK_EQ(b1(g, 0x0), vr32(g, PG_A));
	CHECK_EQ(b1(g, 0x1ffc), vr32(g, PG_B + 0xffc));
	CHECK_EQ(b1(g, 0x2008), vr32(g, PG_RO + 8));
	CHECK_EQ(b1(g, 0x211234), 0x64064064);	/* 64 KiB page */
	CHECK_EQ(b1(g, 0x523458), 0x20020020);	/* 2 MiB page */
	CHECK_EQ(b1(g, 0x4000), 0);		/* sparse: no fault */
	CHECK_EQ(b1(g, 0x800010), vr32(g, PG_C + 0x10));	/* big invalid -> small */
	CHECK_EQ(g->st.faults, faults);
	gpu_read(g, NV_PCI_BAR1, 0xff8, buf, sizeof(buf));	/* across two pages */
	CHECK(!memcmp(buf, g->vram + PG_A + 0xff8, 8) && !memcmp(buf + 8, g->vram + PG_B, 8),
	      "read across a page boundary");

	CHECK_EQ(b1(g, 0x3000), 0xffffffff);
	CHECK_LOG("fault: bar1 read offset 0x3000 (PTE invalid)");
	CHECK_EQ(b1(g, 0x600000), 0xffffffff);
	CHECK_LOG("PD0 entry invalid");
	CHECK_EQ(b1(g, 0x810000), 0xffffffff);
	CHECK_LOG("big PTE invalid");
	gpu_wr32(g, NV_PCI_BAR1, 0x3000, 1);
	CHECK_LOG("fault: bar1 write offset 0x3000");
	gpu_wr32(g, NV_PCI_BAR1, 0x2000, 0xdead);
	CHECK_LOG("read-only PTE");
	CHECK_EQ(vr32(g, PG_RO), 0xa0200000);
	CHECK_EQ(g->st.faults, faults + 5);

	gpu_wr32(g, NV_PCI_BAR1, 0x1010, 0xc0ffee);
	CHECK_EQ(vr32(g, PG_B + 0x10), 0xc0ffee);
	gpu_fill(g, NV_PCI_BAR1, 0xffc, 0x77, 8);	/* memset_io across pages */
	CHECK_EQ(vr32(g, PG_A + 0xffc), 0x77777777);
	CHECK_EQ(vr32(g, PG_B), 0x77777777);
	test_dual_rules(g, f);
}

/* A changed PTE is not seen until an invalidate names this PDB (or all). */
static void test_stale(struct nv_gpu *g, const struct fmt *f)
{
	uint32_t old = vr32(g, PG_B + 0x20), alt = vr32(g, PG_ALT + 0x20);

	CHECK_EQ(b1(g, 0x1020), old);
	vw64(g, SPT + 8, pte(f, PG_ALT, false));
	CHECK_EQ(b1(g, 0x1020), old);
	CHECK_EQ(invalidate(g, WRONG_PDB, INV_ALL_VA | INV_HUBTLB_ONLY), INV_TRIGGER);
	CHECK_EQ(b1(g, 0x1020), old);
	invalidate(g, ROOT, INV_HUBTLB_ONLY);	/* no ALL_VA: no VA given */
	CHECK_EQ(b1(g, 0x1020), old);
	CHECK_EQ(invalidate(g, ROOT, INV_ALL_VA | INV_HUBTLB_ONLY), INV_TRIGGER);
	CHECK_EQ(b1(g, 0x1020), alt);

	CHECK_EQ(b1(g, 0x523458), 0x20020020);	/* cache the 2 MiB page */
	vw64(g, SPT + 8, pte(f, PG_B, false));
	vw64(g, PD0 + 2 * 16, 0);		/* unmap the 2 MiB page */
	CHECK_EQ(b1(g, 0x1020), alt);
	CHECK_EQ(b1(g, 0x523458), 0x20020020);
	invalidate(g, WRONG_PDB, INV_ALL_VA | INV_ALL_PDB);
	CHECK_EQ(b1(g, 0x1020), old);
	CHECK_EQ(b1(g, 0x523458), 0xffffffff);

	vw64(g, PD0 + 2 * 16, pte(f, PG_2M, false));
	CHECK_EQ(b1(g, 0x523458), 0x20020020);	/* faults are not cached ... */
	vw64(g, SPT + 8, pte(f, PG_ALT, false));
	/* ... and a re-bind of the same root keeps the TLB (S4): no source says it drops it */
	CHECK_EQ(bind_bar1(g, INST), 3);
	CHECK_EQ(b1(g, 0x1020), old);
	CHECK_EQ(invalidate(g, ROOT, INV_ALL_VA | INV_HUBTLB_ONLY), INV_TRIGGER);
	CHECK_EQ(b1(g, 0x1020), alt);
	vw64(g, SPT + 8, pte(f, PG_B, false));
	invalidate(g, ROOT, INV_ALL_VA);
}

/* 512 MiB (PD1) and 256 GiB (PD2) leaves, walked directly. */
static void test_huge(struct nv_gpu *g)
{
	const struct mmu_space *s = &g->bind[NV_BAR1].space;
	enum nv_family fam = g->chip->family;
	struct mmu_xlat x;
	bool ok;

	ok = mmu_walk(s, 0x20000000 + 0x1000, &x);
	CHECK(ok == (fam != NV_TURING), "512 MiB leaf on %s", g->chip->name);
	if (ok)
		CHECK_EQ(x.shift, 29);
	else
		CHECK(x.reason && strstr(x.reason, "IS_PTE"), "reason %s", x.reason);
	ok = mmu_walk(s, 1ull << 38, &x);
	CHECK(ok == (fam == NV_BLACKWELL), "256 GiB leaf on %s", g->chip->name);
	if (ok)
		CHECK_EQ(x.shift, 38);
	ok = mmu_walk(s, 0x400000, &x);
	CHECK(ok && x.shift == 21 && x.pa == PG_2M, "2 MiB leaf");
	ok = mmu_walk(s, 1ull << (s->version == 2 ? 49 : 57), &x);
	CHECK(!ok, "VA beyond the format");
}

static void test_mmu(const char *chip)
{
	struct nv_gpu g;
	struct fmt f;

	setup(&g, chip, &f);
	fill_pages(&g);
	CHECK_EQ(b1(&g, PG_A), vr32(&g, PG_A));	/* physical mode before a bind */
	build_tables(&g, &f);
	write_inst(&g, &f, ROOT, 0, 0);
	CHECK_EQ(bind_bar1(&g, INST), 3);	/* PENDING | OUTSTANDING, then clear */
	CHECK(g.bind[NV_BAR1].valid, "bind: %s", g.bind[NV_BAR1].error);
	test_walks(&g, &f);
	test_stale(&g, &f);
	test_huge(&g);
	CHECK_EQ(g.st.binds, 2);
	gpu_fini(&g);
}

static void expect_bind_error(const char *chip, uint32_t clear, uint32_t set, const char *why)
{
	struct nv_gpu g;
	struct fmt f;

	setup(&g, chip, &f);
	fill_pages(&g);
	build_tables(&g, &f);
	write_inst(&g, &f, ROOT, clear, set);
	bind_bar1(&g, INST);
	CHECK_LOG(why);
	CHECK_EQ(b1(&g, 0), 0xffffffff);
	CHECK_LOG(why);
	gpu_fini(&g);
}

static void test_inst_errors(void)
{
	expect_bind_error("GA102", RAMIN_VER2, 0, "USE_VER2_PT_FORMAT");
	expect_bind_error("GH100", RAMIN_BIG_64K, 0, "BIG_PAGE_SIZE");
	expect_bind_error("TU102", 0, RAMIN_TARGET_INVALID, "TARGET INVALID");
}

static void test_bar2_and_flush(void)
{
	struct nv_gpu g;
	struct fmt f;

	setup(&g, "GH100", &f);
	build_tables(&g, &f);
	write_inst(&g, &f, ROOT, 0, 0);
	wr(&g, VF_BAR2_LOW, (uint32_t)INST | LOW_MODE_VIRTUAL);
	CHECK_EQ(g.st.binds, 0);		/* LOW alone does not bind */
	wr(&g, VF_BAR2_HIGH, 0);
	CHECK_EQ(rd(&g, VF_BAR2_LOW), (uint32_t)INST | LOW_MODE_VIRTUAL | 3);
	CHECK_EQ(rd(&g, VF_BAR2_LOW), (uint32_t)INST | LOW_MODE_VIRTUAL);
	CHECK(g.bind[NV_BAR2].valid, "BAR2 bind");
	CHECK_EQ(rd(&g, XAL_FB_FLUSH), 1);	/* a read triggers, returns the token */
	CHECK_EQ(rd(&g, XAL_FB_FLUSH_COMPLETED), BIT(31));	/* busy, old token */
	CHECK_EQ(rd(&g, XAL_FB_FLUSH_COMPLETED), 1);
	/* BAR2 is translated like BAR1: offset 0x1004 is PG_B + 4. */
	gpu_wr32(&g, NV_PCI_BAR2, 0x1004, 0x12345678);
	CHECK_EQ(vr32(&g, PG_B + 4), 0x12345678);
	invalidate(&g, ROOT, INV_ALL_VA);
	CHECK_LOG("BAR2 writes not flushed");	/* posted, not read back */
	uint64_t warnings = g.st.warnings;

	CHECK_EQ(gpu_rd32(&g, NV_PCI_BAR2, 0x1004), 0x12345678);	/* the flush */
	invalidate(&g, ROOT, INV_ALL_VA);
	CHECK_EQ(g.st.warnings, warnings);
	CHECK_EQ(g.st.bar2_writes, 1);
	CHECK_EQ(g.st.bar2_reads, 1);
	gpu_fini(&g);

	setup(&g, "AD102", &f);
	wr(&g, UFLUSH_FB_FLUSH, 1);
	CHECK_EQ(rd(&g, UFLUSH_FB_FLUSH), 3);
	CHECK_EQ(rd(&g, UFLUSH_FB_FLUSH), 0);
	wr(&g, PBUS_BAR0_WINDOW, 0);
	wr(&g, PRAMIN, 1);			/* unflushed PRAMIN write ... */
	invalidate(&g, ROOT, INV_ALL_VA);
	CHECK_LOG("PRAMIN writes not flushed");	/* ... before an invalidate */
	gpu_fini(&g);
}

static void test_fault_injection(void)
{
	struct nv_gpu g;
	struct fmt f;

	setup(&g, "GA102", &f);
	CHECK(!gpu_add_fault(&g, "tlb-stuck"), "tlb-stuck");
	CHECK(gpu_add_fault(&g, "bogus"), "bogus fault rejected");
	fill_pages(&g);
	build_tables(&g, &f);
	write_inst(&g, &f, ROOT, 0, 0);
	bind_bar1(&g, INST);
	CHECK_EQ(b1(&g, 0x1000), vr32(&g, PG_B));
	vw64(&g, SPT + 8, pte(&f, PG_ALT, false));
	wr(&g, INV, INV_ALL_VA | INV_ALL_PDB | INV_TRIGGER);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(rd(&g, INV) & INV_TRIGGER, INV_TRIGGER);
	CHECK_EQ(b1(&g, 0x1000), vr32(&g, PG_B));	/* nothing was dropped */
	gpu_fini(&g);

	setup(&g, "GB202", &f);
	gpu_add_fault(&g, "bind-stuck");
	wr(&g, VF_BAR1_LOW, (uint32_t)INST | LOW_MODE_VIRTUAL);
	wr(&g, VF_BAR1_HIGH, 0);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(rd(&g, VF_BAR1_LOW) & 3, 3);
	gpu_fini(&g);

	setup(&g, "TU102", &f);
	gpu_add_fault(&g, "gone-after-writes=3");
	wr(&g, PBUS_BAR0_WINDOW, 0);
	wr(&g, PRAMIN, 0x11);
	CHECK_EQ(rd(&g, BOOT_0), 0x162000a1);
	wr(&g, PRAMIN + 4, 0x22);		/* the third write, still done */
	CHECK_EQ(vr32(&g, 4), 0x22);
	CHECK_LOG("gone-after-writes");
	CHECK_EQ(rd(&g, BOOT_0), 0xffffffff);
	CHECK_EQ(rd(&g, PRAMIN), 0xffffffff);
	wr(&g, PRAMIN, 0x33);
	CHECK_EQ(vr32(&g, 0), 0x11);
	CHECK_EQ(b1(&g, 0), 0xffffffff);
	gpu_fini(&g);

	/* Firmware bound BAR1: it reads bound, and a driver's write is refused. */
	setup(&g, "GA102", &f);
	CHECK(!gpu_add_fault(&g, "prebound-bar1"), "prebound-bar1");
	CHECK_EQ(rd(&g, VF_BAR1_BLOCK), 0x80000000);	/* MODE virtual, VID, PTR 0 */
	CHECK_EQ(g.st.warnings, 0);
	wr(&g, VF_BAR1_BLOCK, 0);
	CHECK_EQ(g.st.warnings, 1);
	gpu_fini(&g);
	setup(&g, "GH100", &f);
	CHECK(!gpu_add_fault(&g, "prebound-bar2"), "prebound-bar2");
	CHECK_EQ(rd(&g, VF_BAR2_LOW) & ~3u, 0x2200);	/* MODE virtual, PTR 0x2000 */
	wr(&g, VF_BAR1_LOW, 0);
	CHECK_EQ(g.st.warnings, 0);
	wr(&g, VF_BAR2_LOW, 0);
	CHECK_EQ(g.st.warnings, 1);
	gpu_fini(&g);

	setup(&g, "AD102", &f);
	gpu_add_fault(&g, "gone-at-invalidate");
	CHECK_EQ(rd(&g, BOOT_42), 0x192a1000);
	wr(&g, INV, INV_ALL_VA | INV_TRIGGER);
	CHECK_EQ(rd(&g, BOOT_42), 0xffffffff);
	CHECK_EQ(rd(&g, INV), 0xffffffff);
	CHECK_EQ(g.st.invalidates, 1);
	gpu_fini(&g);
}

/* virt-pci messages: config space and BAR sizing, MMIO, memset as CFG_WRITE. */
static size_t msg(struct nv_pci *p, uint8_t op, uint8_t bar, uint32_t size, uint64_t addr,
		  uint32_t data, void *out)
{
	uint8_t in[24] = { op, bar };

	memcpy(in + 4, &size, 4);
	memcpy(in + 8, &addr, 8);
	memcpy(in + 16, &data, 4);
	return pci_handle_msg(p, in, sizeof(in), out, 8);
}

static void test_pci(void)
{
	static struct nv_pci p;
	struct nv_gpu g;
	uint32_t v = 0;

	setup(&g, "GA102", NULL);
	g.bar1_size = 256 * SZ_1M;
	pci_init(&p, &g);
	CHECK_EQ(msg(&p, 1, 0, 4, 0x0, 0, &v), 4);
	CHECK_EQ(v, 0x220410de);
	msg(&p, 1, 0, 4, 0x8, 0, &v);
	CHECK_EQ(v, 0x030000a1);
	msg(&p, 2, 0, 4, 0x10, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x10, 0, &v);
	CHECK_EQ(v, 0xfe000000);		/* 32 MiB, 32-bit, non-prefetchable */
	msg(&p, 2, 0, 4, 0x14, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x14, 0, &v);
	CHECK_EQ(v, 0xf000000c);		/* 256 MiB, 64-bit, prefetchable */
	msg(&p, 2, 0, 4, 0x18, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x18, 0, &v);
	CHECK_EQ(v, 0xffffffff);
	msg(&p, 2, 0, 4, 0x1c, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x1c, 0, &v);
	CHECK_EQ(v, 0xfe00000c);		/* BAR2: 32 MiB, 64-bit, prefetchable */
	/* STATUS.CAP_LIST, the list at 0x34, MSI (ID 5, 64-bit) at 0x60. */
	msg(&p, 1, 0, 4, 0x4, 0, &v);
	CHECK_EQ(v >> 16, 0x10);
	msg(&p, 1, 0, 1, 0x34, 0, &v);
	CHECK_EQ(v & 0xff, 0x60);
	msg(&p, 1, 0, 4, 0x60, 0, &v);
	CHECK_EQ(v, 0x00800005);
	msg(&p, 2, 0, 2, 0x62, 0xffff, NULL);		/* only ENABLE and QSIZE stick */
	msg(&p, 1, 0, 4, 0x60, 0, &v);
	CHECK_EQ(v, 0x00f10005);
	msg(&p, 2, 0, 4, 0x64, 0xffffffff, NULL);	/* address: dword aligned */
	msg(&p, 1, 0, 4, 0x64, 0, &v);
	CHECK_EQ(v, 0xfffffffc);
	CHECK_EQ(msg(&p, 3, 0, 4, 0xa00, 0, &v), 4);
	CHECK_EQ(v, 0x172a1000);
	msg(&p, 4, 0, 4, PBUS_BAR0_WINDOW, 0x10, NULL);
	msg(&p, 2, 1, 64, 0x100000, 0xa5, NULL);	/* memset_io as CFG_WRITE, .bar=1 */
	CHECK_EQ(vr32(&g, 0x10003c), 0xa5a5a5a5);	/* physical mode: BAR1 = VRAM */
	msg(&p, 3, 0, 4, PRAMIN + 0x3c, 0, &v);
	CHECK_EQ(v, 0xa5a5a5a5);
	/* No Resizable BAR unless asked: MSI is the last capability. */
	msg(&p, 1, 0, 1, 0x61, 0, &v);
	CHECK_EQ(v & 0xff, 0);
	/* A GPU with BAR0 only: BAR1 and BAR2 read 0 and size to nothing. */
	g.bar1_size = 0;
	g.bar2_size = 0;
	pci_init(&p, &g);
	msg(&p, 2, 0, 4, 0x14, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x14, 0, &v);
	CHECK_EQ(v, 0);
	msg(&p, 2, 0, 4, 0x1c, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x1c, 0, &v);
	CHECK_EQ(v, 0);
	gpu_fini(&g);
}

/*
 * Resizable BAR: MSI -> PCIe (endpoint) -> extended capability 0x15 at 0x100
 * for BAR1, sizes 64 MiB to 1 GiB; an offered size resizes BAR1 (sizing
 * mask and aperture), another one is refused with a warning.
 */
static void test_rebar(void)
{
	static struct nv_pci p;
	struct nv_gpu g;
	uint32_t v = 0;

	setup(&g, "GA102", NULL);
	g.bar1_size = 256 * SZ_1M;
	g.rebar_max = 1024 * SZ_1M;
	pci_init(&p, &g);
	msg(&p, 1, 0, 1, 0x61, 0, &v);
	CHECK_EQ(v & 0xff, 0x70);
	msg(&p, 1, 0, 4, 0x70, 0, &v);
	CHECK_EQ(v, 0x00020010);		/* PCIe v2, endpoint, last */
	msg(&p, 1, 0, 4, 0x100, 0, &v);
	CHECK_EQ(v, 0x00010015);		/* REBAR, version 1, last */
	msg(&p, 1, 0, 4, 0x104, 0, &v);
	CHECK_EQ(v, 0x7c00);			/* 64 MiB (bit 10) .. 1 GiB (bit 14) */
	msg(&p, 1, 0, 4, 0x108, 0, &v);
	CHECK_EQ(v, 0x0821);			/* BAR 1, one BAR, 256 MiB */
	msg(&p, 2, 0, 4, 0x14, 0xb0000000, NULL);
	msg(&p, 2, 0, 4, 0x108, 0x0921, NULL);	/* 512 MiB */
	CHECK_EQ(g.bar1_size, 512 * SZ_1M);
	msg(&p, 1, 0, 4, 0x14, 0, &v);
	CHECK_EQ(v, 0xa000000c);		/* address bits below 512 MiB cleared */
	msg(&p, 2, 0, 4, 0x14, 0xffffffff, NULL);
	msg(&p, 1, 0, 4, 0x14, 0, &v);
	CHECK_EQ(v, 0xe000000c);
	CHECK_EQ(g.st.warnings, 0);
	msg(&p, 2, 0, 4, 0x108, 0x0321, NULL);	/* 8 MiB: not offered */
	CHECK_EQ(g.st.warnings, 1);
	CHECK_EQ(g.bar1_size, 512 * SZ_1M);
	msg(&p, 1, 0, 4, 0x108, 0, &v);
	CHECK_EQ(v, 0x0921);
	gpu_fini(&g);
}

/*
 * Function level reset: the PCIe capability offers it (DEVCAP bit 28);
 * Initiate FLR (DEVCTL bit 15) reads 0, clears COMMAND, the PRAMIN window
 * and the BAR2 bind; VRAM survives unless --flr-wipe, which fills it.
 */
static void test_flr(void)
{
	static struct nv_pci p;
	struct nv_gpu g;
	struct fmt f;
	uint32_t v = 0;

	setup(&g, "GH100", &f);
	g.bar1_size = 256 * SZ_1M;
	g.rebar_max = 1024 * SZ_1M;
	pci_init(&p, &g);
	msg(&p, 1, 0, 4, 0x74, 0, &v);
	CHECK_EQ(v, 0x10000000);		/* DEVCAP: FLR */
	build_tables(&g, &f);
	write_inst(&g, &f, ROOT, 0, 0);
	wr(&g, VF_BAR2_LOW, (uint32_t)INST | LOW_MODE_VIRTUAL);
	wr(&g, VF_BAR2_HIGH, 0);
	CHECK(g.bind[NV_BAR2].valid, "BAR2 bind before the reset");
	msg(&p, 2, 0, 2, 0x04, 0x0006, NULL);	/* memory, bus master */
	wr(&g, XAL_BAR0_WINDOW, 0x10);
	vw32(&g, 0x100000, 0x12345678);
	msg(&p, 2, 0, 2, 0x78, 0x8000, NULL);	/* Initiate FLR */
	CHECK_EQ(g.flrs, 1);
	msg(&p, 1, 0, 2, 0x78, 0, &v);
	CHECK_EQ(v & 0xffff, 0);
	msg(&p, 1, 0, 2, 0x04, 0, &v);
	CHECK_EQ(v & 0xffff, 0);
	CHECK(!g.bind[NV_BAR2].valid && !g.bind[NV_BAR2].bound, "BAR2 unbound by the reset");
	CHECK_EQ(rd(&g, XAL_BAR0_WINDOW), 0);
	CHECK_EQ(vr32(&g, 0x100000), 0x12345678);	/* VRAM kept */
	g.flr_wipe = true;
	msg(&p, 2, 0, 2, 0x78, 0x8000, NULL);
	CHECK_EQ(g.flrs, 2);
	CHECK_EQ(vr32(&g, 0x100000), 0x5a5a5a5a);	/* VRAM lost */
	CHECK_EQ(vr32(&g, INST), 0x5a5a5a5a);
	msg(&p, 2, 0, 2, 0x78, 0x0010, NULL);	/* other DEVCTL bits: no reset */
	CHECK_EQ(g.flrs, 2);
	gpu_fini(&g);
}

/* Registers and ranges of the reserved top of FB (gpu.c's sources). */
#define VGA_WORKSPACE_BASE	0x625f04
#define MMU_LOCK_PLM		0x1fa7c8
#define MMU_LOCK_LO		0x1fa82c
#define MMU_LOCK_HI		0x1fa830
#define FB			((uint64_t)VRAM_MIB << 20)

/* A PRAMIN write of @v at VRAM @addr; returns the warnings it caused. */
static uint64_t rsv_pramin_wr(struct nv_gpu *g, uint64_t addr, uint32_t v)
{
	uint64_t before = g->st.warnings;

	wr(g, xal(g) ? XAL_BAR0_WINDOW : PBUS_BAR0_WINDOW, (uint32_t)(addr >> 16));
	wr(g, PRAMIN + (addr & 0xffff), v);
	return g->st.warnings - before;
}

/* @frts: where FRTS ends, below the workspace or FSP's end-of-FB estimate. */
static void test_reserved_vga(const char *chip, uint64_t frts)
{
	struct nv_gpu g;

	setup(&g, chip, NULL);
	/* STATUS_VALID (bit 3), ADDR 31:8 = base >> 16: the last MiB. */
	CHECK_EQ(rd(&g, VGA_WORKSPACE_BASE), 0x8 | (uint32_t)((FB - SZ_1M) >> 16) << 8);
	CHECK_EQ(rsv_pramin_wr(&g, FB - 4, 0x1234), 1);
	CHECK_LOG("into the VGA workspace");
	CHECK_EQ(vr32(&g, FB - 4), 0);			/* refused */
	CHECK_EQ(rsv_pramin_wr(&g, frts - 4, 0x1234), 1);
	CHECK_LOG("into the FRTS (WPR2)");
	CHECK_EQ(rsv_pramin_wr(&g, frts - SZ_1M - 4, 0x1234), 0);
	CHECK_EQ(vr32(&g, frts - SZ_1M - 4), 0x1234);
	gpu_write(&g, NV_PCI_BAR1, FB - 8, "\1\2\3\4", 4);	/* physical mode */
	CHECK_LOG("BAR1 write at VRAM");
	wr(&g, VGA_WORKSPACE_BASE, 0);
	CHECK_LOG("the VBIOS owns it");
	rd(&g, MMU_LOCK_LO);
	CHECK_LOG("no MMU lock");
	gpu_fini(&g);
}

static void test_reserved_no_display(const char *chip, uint64_t frts)
{
	struct nv_gpu g;

	setup(&g, chip, NULL);
	CHECK_EQ(rd(&g, VGA_WORKSPACE_BASE), 0);
	CHECK_LOG("no display engine");
	CHECK_EQ(rsv_pramin_wr(&g, frts - 4, 1), 1);
	CHECK_LOG("into the FRTS (WPR2)");
	CHECK_EQ(rsv_pramin_wr(&g, frts - SZ_1M - 4, 1), 0);
	gpu_fini(&g);
}

static void test_reserved_ga100_lock(void)
{
	struct nv_gpu g;

	setup(&g, "GA100", NULL);
	CHECK_EQ(rd(&g, MMU_LOCK_PLM) & 1, 1);
	CHECK_EQ((uint64_t)(rd(&g, MMU_LOCK_LO) >> 4) << 12, FB - 4 * SZ_1M);
	CHECK_EQ((uint64_t)(rd(&g, MMU_LOCK_HI) >> 4) << 12, FB - SZ_4K);
	CHECK_EQ(rsv_pramin_wr(&g, FB - 3 * SZ_1M, 1), 1);
	CHECK_LOG("into the GA100 MMU-locked range");
	CHECK_EQ(rsv_pramin_wr(&g, FB - 4 * SZ_1M - 4, 1), 1);
	CHECK_LOG("into the FRTS (WPR2)");
	CHECK_EQ(rsv_pramin_wr(&g, FB - 5 * SZ_1M - 4, 1), 0);
	gpu_fini(&g);
}

int main(void)
{
	nvsim_quiet = true;
	test_ident();
	test_pramin("GA102");
	test_pramin("GH100");
	test_pramin("GB202");
	test_mmu("TU102");
	test_mmu("GA102");
	test_mmu("AD102");
	test_mmu("GH100");
	test_mmu("GB202");
	test_inst_errors();
	test_bar2_and_flush();
	test_fault_injection();
	test_pci();
	test_rebar();
	test_flr();
	test_reserved_vga("TU102", FB - SZ_1M);
	test_reserved_vga("GA102", FB - SZ_1M);
	test_reserved_vga("GB202", FB - 0x220000);
	test_reserved_no_display("GA100", FB - 4 * SZ_1M);
	test_reserved_no_display("GH100", FB - 0x200000);
	test_reserved_no_display("GB100", FB - 0x220000);
	test_reserved_ga100_lock();
	printf("nvsim self-test: %u checks, %u failures\n", checks, failures);
	return failures ? 1 : 0;
}
