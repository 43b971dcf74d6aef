// SPDX-License-Identifier: GPL-2.0
/*
 * PCI side: a type-0 configuration space with write masks (BAR sizing works
 * through them) and the virtio_pcidev message protocol of UML's virt-pci
 * (include/uapi/linux/virtio_pcidev.h; uml-virtpci.md section 1).
 *
 * BAR0: 32 MiB, 32-bit, non-prefetchable, at 0x10 (PCI resource 0).
 * BAR1: 64-bit prefetchable at 0x14/0x18 (PCI resource 1), the GMMU-mapped
 * aperture. BAR2 (the instance-memory BAR): 64-bit prefetchable at 0x1c/0x20
 * (PCI resource 3), 32 MiB, never accessed by nova_vmm. A BAR of size 0
 * (--bar1-mib 0, --bar2-mib 0) is absent: it reads 0 and sizes to nothing,
 * as on parts that expose only BAR0. An MSI capability (64-bit, one vector) is offered at 0x60 so the
 * driver sees a GPU's shape; the model raises no interrupts yet.
 *
 * Resizable BAR (--rebar-max-mib): a PCI Express capability (endpoint, at
 * 0x70, so that the kernel reads the extended configuration space) and the
 * Resizable BAR extended capability at 0x100 for BAR1 (PCIe Base
 * Specification 4.0, 7.8.6: capability register at +4, sizes from bit 4 =
 * 1 MiB; control at +8, BAR index 2:0, number of resizable BARs 7:5, BAR
 * size 13:8 = log2(MiB)). It offers every power of two from
 * NV_REBAR_MIN_MIB to the maximum; writing the control's size resizes
 * BAR1: its sizing mask and the aperture the model serves (g->bar1_size).
 *
 * Function Level Reset (7.5.3.3, 7.5.3.4): the PCIe capability's Device
 * Capabilities offer it; writing Initiate FLR to Device Control resets the
 * function (gpu_flr(): BAR0 window, BAR binds, TLB, with --flr-wipe VRAM)
 * and the command register, MSI enable and Device Control. The BAR
 * addresses and the Resizable BAR size stay: the PCI core writes its saved
 * ones back after a reset anyway, and the model serves them unchanged.
 */
#include <string.h>

#include "nvsim.h"

/* Standard type-0 header offsets (PCI Local Bus Specification 3.0). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_BASE_ADDRESS_1	0x14
#define PCI_BASE_ADDRESS_3	0x1c
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_STATUS		0x06
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

/* STATUS.CAP_LIST: the capability list at CAPABILITY_LIST is valid. */
#define PCI_STATUS_CAP_LIST	0x10
/* MSI capability (PCI Local Bus Specification 3.0, 6.8.1), 64-bit layout. */
#define PCI_MSI_CAP		0x60
#define PCI_CAP_ID_MSI		0x05
#define PCI_MSI_FLAGS		(PCI_MSI_CAP + 2)
#define PCI_MSI_ADDRESS_LO	(PCI_MSI_CAP + 4)
#define PCI_MSI_ADDRESS_HI	(PCI_MSI_CAP + 8)
#define PCI_MSI_DATA_64		(PCI_MSI_CAP + 12)
#define PCI_MSI_FLAGS_ENABLE	0x0001
#define PCI_MSI_FLAGS_QSIZE	0x0070	/* multiple message enable */
#define PCI_MSI_FLAGS_64BIT	0x0080
#define PCI_MSI_ADDRESS_LO_MASK	0xfffffffcu
/* PCI Express capability (PCIe Base Specification 4.0, 7.5.3), version 2. */
#define PCI_EXP_CAP		0x70
#define PCI_CAP_ID_EXP		0x10
#define PCI_EXP_FLAGS_V2	0x0002	/* version 2, device type 0: endpoint */
#define PCI_EXP_DEVCAP		(PCI_EXP_CAP + 4)
#define PCI_EXP_DEVCAP_FLR	0x10000000	/* Function Level Reset capable */
#define PCI_EXP_DEVCTL		(PCI_EXP_CAP + 8)
#define PCI_EXP_DEVCTL_BCR_FLR	0x8000	/* Initiate FLR; always reads 0 */
#define PCI_EXP_DEVCTL_WMASK	0xffff
/* Resizable BAR extended capability (7.8.6). */
#define PCI_REBAR_POS		0x100
#define PCI_EXT_CAP_ID_REBAR	0x0015
#define PCI_EXT_CAP_VER_SHIFT	16
#define PCI_REBAR_CAP		(PCI_REBAR_POS + 4)
#define PCI_REBAR_CTRL		(PCI_REBAR_POS + 8)
#define PCI_REBAR_CAP_SHIFT	4	/* bit 4: 1 MiB */
#define PCI_REBAR_NBAR_SHIFT	5
#define PCI_REBAR_SIZE_SHIFT	8
#define PCI_REBAR_SIZE_MASK	0x3f00u
#define NV_REBAR_MIN_MIB	64

#define PCI_VENDOR_ID_NVIDIA	0x10de
#define NV_SUBSYSTEM_ID		0x1454	/* as in uml-virtpci.md */
#define NV_REVISION		0xa1
/* COMMAND: I/O, memory, bus master, INTx disable may be written. */
#define PCI_COMMAND_WMASK	0x0407
#define PCI_BAR_MEM_TYPE_64	0x04
#define PCI_BAR_MEM_PREFETCH	0x08
#define PCI_BAR_FLAG_BITS	0xfu
#define PCI_INTERRUPT_PIN_A	1

/* virtio_pcidev_msg: op, bar, reserved, size, addr, data[] (16-byte header). */
#define MSG_HDR_SIZE		16
enum {
	VIRTIO_PCIDEV_OP_CFG_READ = 1,
	VIRTIO_PCIDEV_OP_CFG_WRITE = 2,
	VIRTIO_PCIDEV_OP_MMIO_READ = 3,
	VIRTIO_PCIDEV_OP_MMIO_WRITE = 4,
	VIRTIO_PCIDEV_OP_MMIO_MEMSET = 5,
};
#define MSG_CFG_MAX_SIZE	8	/* config accesses are 1, 2, 4 or 8 bytes */

struct msg {
	uint8_t op, bar;
	uint32_t size;
	uint64_t addr;
	const uint8_t *data;
	size_t data_len;
};

static void put(struct nv_pci *p, unsigned int off, uint64_t v, unsigned int len, uint64_t wmask)
{
	for (unsigned int i = 0; i < len; i++) {
		p->cfg[off + i] = (uint8_t)(v >> (8 * i));
		p->wmask[off + i] = (uint8_t)(wmask >> (8 * i));
	}
}

/* A 64-bit prefetchable memory BAR of @size bytes at @off, or none for 0. */
static void put_bar64(struct nv_pci *p, unsigned int off, uint64_t size)
{
	uint64_t wmask = size ? ~(size - 1) & ~(uint64_t)PCI_BAR_FLAG_BITS : 0;

	put(p, off, size ? PCI_BAR_MEM_TYPE_64 | PCI_BAR_MEM_PREFETCH : 0, 4, wmask);
	put(p, off + 4, 0, 4, wmask >> 32);
}

static unsigned int log2_mib(uint64_t bytes)
{
	unsigned int n = 0;

	while ((1ull << (n + MIB_SHIFT)) < bytes)
		n++;
	return n;
}

/* The PCIe capability and the Resizable BAR capability of BAR1. */
static void put_rebar(struct nv_pci *p, const struct nv_gpu *g)
{
	uint32_t sizes = 0;

	for (unsigned int n = log2_mib(NV_REBAR_MIN_MIB << MIB_SHIFT);
	     n <= log2_mib(g->rebar_max); n++)
		sizes |= 1u << (n + PCI_REBAR_CAP_SHIFT);
	put(p, PCI_MSI_CAP + 1, PCI_EXP_CAP, 1, 0);	/* MSI -> PCIe */
	put(p, PCI_EXP_CAP, PCI_CAP_ID_EXP, 1, 0);
	put(p, PCI_EXP_CAP + 2, PCI_EXP_FLAGS_V2, 2, 0);
	put(p, PCI_EXP_DEVCAP, PCI_EXP_DEVCAP_FLR, 4, 0);
	put(p, PCI_EXP_DEVCTL, 0, 2, PCI_EXP_DEVCTL_WMASK);
	put(p, PCI_REBAR_POS, PCI_EXT_CAP_ID_REBAR | 1u << PCI_EXT_CAP_VER_SHIFT, 4, 0);
	put(p, PCI_REBAR_CAP, sizes, 4, 0);
	put(p, PCI_REBAR_CTRL, NV_PCI_BAR1 | 1u << PCI_REBAR_NBAR_SHIFT |
	    log2_mib(g->bar1_size) << PCI_REBAR_SIZE_SHIFT, 4, PCI_REBAR_SIZE_MASK);
}

/*
 * After a write to the Resizable BAR control: an offered size resizes BAR1
 * (its address keeps the bits the new size leaves writable), any other is
 * refused and the old one stays.
 */
static void rebar_apply(struct nv_pci *p, uint32_t old_ctrl)
{
	struct nv_gpu *g = p->gpu;
	uint32_t ctrl, cap, n;
	uint64_t bar, size;

	memcpy(&ctrl, p->cfg + PCI_REBAR_CTRL, 4);
	memcpy(&cap, p->cfg + PCI_REBAR_CAP, 4);
	n = (ctrl & PCI_REBAR_SIZE_MASK) >> PCI_REBAR_SIZE_SHIFT;
	if (n > 31 - PCI_REBAR_CAP_SHIFT || !(cap & 1u << (n + PCI_REBAR_CAP_SHIFT))) {
		nv_log("warning: Resizable BAR: size %u not offered (sizes %#x): ignored",
		       n, cap >> PCI_REBAR_CAP_SHIFT);
		g->st.warnings++;
		memcpy(p->cfg + PCI_REBAR_CTRL, &old_ctrl, 4);
		return;
	}
	size = 1ull << (n + MIB_SHIFT);
	if (size == g->bar1_size)
		return;
	memcpy(&bar, p->cfg + PCI_BASE_ADDRESS_1, 8);
	nv_log("rebar: BAR1 %llu MiB -> %llu MiB", (unsigned long long)(g->bar1_size >> MIB_SHIFT),
	       (unsigned long long)(size >> MIB_SHIFT));
	g->bar1_size = size;
	put_bar64(p, PCI_BASE_ADDRESS_1, size);
	bar &= ~(size - 1) & ~(uint64_t)PCI_BAR_FLAG_BITS;
	bar |= PCI_BAR_MEM_TYPE_64 | PCI_BAR_MEM_PREFETCH;
	memcpy(p->cfg + PCI_BASE_ADDRESS_1, &bar, 8);
	tlb_drop_space(&g->tlb, NV_BAR1);
}

void pci_init(struct nv_pci *p, struct nv_gpu *g)
{
	uint64_t bar0_wmask = ~(g->bar0_size - 1) & ~(uint64_t)PCI_BAR_FLAG_BITS;

	memset(p, 0, sizeof(*p));
	p->gpu = g;
	put(p, PCI_VENDOR_ID, PCI_VENDOR_ID_NVIDIA, 2, 0);
	put(p, PCI_DEVICE_ID, g->chip->pci_device, 2, 0);
	put(p, PCI_COMMAND, 0, 2, PCI_COMMAND_WMASK);
	put(p, PCI_REVISION_ID, NV_REVISION, 1, 0);
	put(p, PCI_CLASS_PROG, g->chip->pci_class, 3, 0);
	put(p, PCI_BASE_ADDRESS_0, 0, 4, bar0_wmask);
	put_bar64(p, PCI_BASE_ADDRESS_1, g->bar1_size);
	put_bar64(p, PCI_BASE_ADDRESS_3, g->bar2_size);
	put(p, PCI_SUBSYSTEM_VENDOR_ID, PCI_VENDOR_ID_NVIDIA, 2, 0);
	put(p, PCI_SUBSYSTEM_ID, NV_SUBSYSTEM_ID, 2, 0);
	put(p, PCI_INTERRUPT_LINE, 0, 1, 0xff);
	put(p, PCI_INTERRUPT_PIN, PCI_INTERRUPT_PIN_A, 1, 0);
	put(p, PCI_STATUS, PCI_STATUS_CAP_LIST, 2, 0);
	put(p, PCI_CAPABILITY_LIST, PCI_MSI_CAP, 1, 0);
	put(p, PCI_MSI_CAP, PCI_CAP_ID_MSI, 2, 0);	/* ID, next = 0: the last */
	put(p, PCI_MSI_FLAGS, PCI_MSI_FLAGS_64BIT, 2, PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	put(p, PCI_MSI_ADDRESS_LO, 0, 4, PCI_MSI_ADDRESS_LO_MASK);
	put(p, PCI_MSI_ADDRESS_HI, 0, 4, 0xffffffffu);
	put(p, PCI_MSI_DATA_64, 0, 2, 0xffff);
	if (g->rebar_max && g->bar1_size)
		put_rebar(p, g);
}

/* Initiate FLR written: the function resets; the bit reads 0. */
static void flr_apply(struct nv_pci *p)
{
	uint16_t ctl;

	memcpy(&ctl, p->cfg + PCI_EXP_DEVCTL, 2);
	if (!(ctl & PCI_EXP_DEVCTL_BCR_FLR))
		return;
	memset(p->cfg + PCI_COMMAND, 0, 2);
	p->cfg[PCI_MSI_FLAGS] &= ~PCI_MSI_FLAGS_ENABLE;
	memset(p->cfg + PCI_EXP_DEVCTL, 0, 2);
	gpu_flr(p->gpu);
}

static size_t cfg_read(struct nv_pci *p, const struct msg *m, uint8_t *out, size_t cap)
{
	size_t n = MIN((size_t)m->size, cap);

	if (m->addr >= PCI_CFG_SIZE || n > PCI_CFG_SIZE - m->addr) {
		memset(out, 0xff, n);
		return n;
	}
	memcpy(out, p->cfg + m->addr, n);
	return n;
}

static void cfg_write(struct nv_pci *p, const struct msg *m)
{
	size_t n = MIN((size_t)m->size, m->data_len);
	uint32_t old_ctrl;

	if (m->addr >= PCI_CFG_SIZE || n > PCI_CFG_SIZE - m->addr)
		return;
	memcpy(&old_ctrl, p->cfg + PCI_REBAR_CTRL, 4);
	for (size_t i = 0; i < n; i++) {
		uint8_t *c = &p->cfg[m->addr + i], w = p->wmask[m->addr + i];

		*c = (*c & ~w) | (m->data[i] & w);
	}
	if (p->gpu->rebar_max && m->addr < PCI_REBAR_CTRL + 4 && m->addr + n > PCI_REBAR_CTRL)
		rebar_apply(p, old_ctrl);
	if (p->gpu->rebar_max && m->addr < PCI_EXP_DEVCTL + 2 && m->addr + n > PCI_EXP_DEVCTL)
		flr_apply(p);
}

static bool msg_parse(const uint8_t *in, size_t in_len, struct msg *m)
{
	if (in_len < MSG_HDR_SIZE)
		return false;
	m->op = in[0];
	m->bar = in[1];
	memcpy(&m->size, in + 4, sizeof(m->size));
	memcpy(&m->addr, in + 8, sizeof(m->addr));
	m->data = in + MSG_HDR_SIZE;
	m->data_len = in_len - MSG_HDR_SIZE;
	return true;
}

static size_t mmio_read(struct nv_pci *p, const struct msg *m, uint8_t *out, size_t cap)
{
	size_t n = MIN((size_t)m->size, cap);

	gpu_read(p->gpu, m->bar, m->addr, out, n);
	return n;
}

static void mmio_write(struct nv_pci *p, const struct msg *m)
{
	if (m->data_len < m->size) {
		nv_log("MMIO write of %u bytes carries only %zu", m->size, m->data_len);
		return;
	}
	gpu_write(p->gpu, m->bar, m->addr, m->data, m->size);
}

static void mmio_fill(struct nv_pci *p, const struct msg *m)
{
	if (!m->data_len)
		return;
	gpu_fill(p->gpu, m->bar, m->addr, m->data[0], m->size);
}

/**
 * pci_handle_msg() - Serve one request of the cmd virtqueue.
 * Return: bytes written to @out (0 for posted writes).
 */
size_t pci_handle_msg(struct nv_pci *p, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap)
{
	struct msg m;

	if (!msg_parse(in, in_len, &m)) {
		nv_log("short virtio_pcidev message (%zu bytes)", in_len);
		return 0;
	}
	switch (m.op) {
	case VIRTIO_PCIDEV_OP_CFG_READ:
		return cfg_read(p, &m, out, out_cap);
	case VIRTIO_PCIDEV_OP_CFG_WRITE:
		/* 6.12 sends memset_io() as CFG_WRITE with .bar set (uml-virtpci.md). */
		if (m.bar || m.size > MSG_CFG_MAX_SIZE)
			mmio_fill(p, &m);
		else
			cfg_write(p, &m);
		return 0;
	case VIRTIO_PCIDEV_OP_MMIO_READ:
		return mmio_read(p, &m, out, out_cap);
	case VIRTIO_PCIDEV_OP_MMIO_WRITE:
		mmio_write(p, &m);
		return 0;
	case VIRTIO_PCIDEV_OP_MMIO_MEMSET:
		mmio_fill(p, &m);
		return 0;
	default:
		nv_log("unknown virtio_pcidev op %u", m.op);
		return 0;
	}
}
