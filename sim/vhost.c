// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-user backend (the device side) for UML's virtio_uml + virt-pci, with
 * split virtqueues. Follows uml-virtpci.md section 2: offer VERSION_1 and
 * PROTOCOL_FEATURES with SLAVE_REQ (without it UML requests IRQ 0 and the
 * probe fails), no REPLY_ACK (so setup messages are not waited for: the
 * control socket is serviced while busy-polling), no INBAND_NOTIFICATIONS.
 *
 * vq0 "cmd" carries every config/MMIO access; vq1 "irq" is set up but never
 * used, as the model raises no interrupts.
 *
 * Poll mode sets VRING_USED_F_NO_NOTIFY so UML skips the kick syscall, spins
 * on the avail ring, checks the socket every VU_SOCK_CHECK_SPINS spins and,
 * after VU_IDLE_SPINS idle spins, re-enables notifications and blocks on the
 * kick eventfd. Eventfd mode always blocks on the kick.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "nvsim.h"

/* vhost-user requests (arch/um/drivers/vhost_user.h, QEMU vhost-user.rst). */
enum {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_SET_VRING_ERR = 14,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_SET_SLAVE_REQ_FD = 21,
};

#define VHOST_USER_VERSION		0x1
#define VHOST_USER_REPLY_MASK		BIT(2)
#define VIRTIO_F_VERSION_1		32
#define VHOST_USER_F_PROTOCOL_FEATURES	30
#define VHOST_USER_PROTOCOL_F_SLAVE_REQ	5
#define VU_FEATURES	(BIT64(VIRTIO_F_VERSION_1) | BIT64(VHOST_USER_F_PROTOCOL_FEATURES))
#define VU_PROTOCOL_FEATURES	BIT64(VHOST_USER_PROTOCOL_F_SLAVE_REQ)
#define VHOST_USER_VRING_IDX_MASK	0xffu
#define VHOST_USER_VRING_NOFD_MASK	BIT(8)

/* Split virtqueue (virtio 1.x, 2.7). */
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2
#define VRING_USED_F_NO_NOTIFY		1
#define VRING_AVAIL_F_NO_INTERRUPT	1

#define VU_NUM_VQS		2
#define VU_CMD_VQ		0
#define VU_MAX_REGIONS		8
#define VU_MAX_FDS		8
#define VU_HDR_SIZE		12
#define VU_PAYLOAD_MAX		4096
#define VU_MAX_CHAIN		1024
#define VU_MAX_XFER		(64 * SZ_1M)	/* bytes one request may move */
#define VU_SOCK_CHECK_SPINS	1024	/* uml-virtpci.md pitfall 6 */
#define VU_IDLE_SPINS		100000	/* then block on the kick fd */
#define VU_NOFD_POLL_MS		1	/* block this long when there is no kick fd */
#define VU_RET_CLOSED		1

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

struct vu_region {
	uint64_t gpa, size, uaddr;
	uint8_t *host;
	void *map;
	size_t map_len;
};

struct vu_vq {
	uint32_t num;
	uint64_t desc_a, avail_a, used_a;	/* frontend addresses */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t last_avail;
	int kick_fd, call_fd;
	bool enabled, need_call;
};

struct vu_msg {
	uint32_t request, flags, size;
	uint8_t payload[VU_PAYLOAD_MAX];
	int fds[VU_MAX_FDS];
	unsigned int nfds;
};

struct vu_out {
	uint8_t *p;
	uint32_t len;
};

struct vu_dev {
	struct nv_pci *pci;
	bool poll_mode;
	int sock, slave_fd;
	uint64_t features, protocol;
	struct vu_region reg[VU_MAX_REGIONS];
	unsigned int nreg;
	struct vu_vq vq[VU_NUM_VQS];
	uint8_t *req, *resp;
	size_t req_cap, resp_cap;
	struct vu_out outv[VU_MAX_CHAIN];
};

/* --- guest memory ------------------------------------------------------- */

static void *xlate(struct vu_dev *d, uint64_t a, uint64_t len, bool user)
{
	for (unsigned int i = 0; i < d->nreg; i++) {
		struct vu_region *r = &d->reg[i];
		uint64_t base = user ? r->uaddr : r->gpa;

		if (a >= base && a - base < r->size && len <= r->size - (a - base))
			return r->host + (a - base);
	}
	return NULL;
}

static void regions_unmap(struct vu_dev *d)
{
	for (unsigned int i = 0; i < d->nreg; i++)
		munmap(d->reg[i].map, d->reg[i].map_len);
	d->nreg = 0;
}

/* Ring addresses are frontend (user) addresses; UML passes __pa() for both. */
static void vq_map(struct vu_dev *d, struct vu_vq *q)
{
	q->desc = xlate(d, q->desc_a, sizeof(*q->desc) * q->num, true);
	q->avail = xlate(d, q->avail_a, sizeof(*q->avail) + 2 * (q->num + 1), true);
	q->used = xlate(d, q->used_a, sizeof(*q->used) + sizeof(q->used->ring[0]) * q->num + 2,
			true);
}

static bool vq_ready(const struct vu_vq *q)
{
	return q->enabled && q->num && q->desc && q->avail && q->used;
}

static void vq_set_notify(struct vu_vq *q, bool on)
{
	__atomic_store_n(&q->used->flags, on ? 0 : VRING_USED_F_NO_NOTIFY, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void vq_arm(struct vu_dev *d)
{
	struct vu_vq *q = &d->vq[VU_CMD_VQ];

	if (vq_ready(q))
		vq_set_notify(q, !d->poll_mode);
}

/* --- the cmd virtqueue -------------------------------------------------- */

static bool grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : SZ_4K;
	uint8_t *p;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (!p)
		return false;
	*buf = p;
	*cap = n;
	return true;
}

/* Gather the readable part into d->req, list the writable part in d->outv. */
static bool chain_gather(struct vu_dev *d, struct vu_vq *q, uint16_t head,
			 size_t *in_len, unsigned int *nout, size_t *out_len)
{
	uint16_t i = head;

	*in_len = *out_len = *nout = 0;
	for (unsigned int hops = 0; hops < q->num && hops < VU_MAX_CHAIN; hops++) {
		const struct vring_desc *dsc = &q->desc[i % q->num];
		uint8_t *p = xlate(d, dsc->addr, dsc->len, false);

		if (!p || *in_len + *out_len + dsc->len > VU_MAX_XFER)
			return false;
		if (dsc->flags & VRING_DESC_F_WRITE) {
			d->outv[(*nout)++] = (struct vu_out){ p, dsc->len };
			*out_len += dsc->len;
		} else {
			if (!grow(&d->req, &d->req_cap, *in_len + dsc->len))
				return false;
			memcpy(d->req + *in_len, p, dsc->len);
			*in_len += dsc->len;
		}
		if (!(dsc->flags & VRING_DESC_F_NEXT))
			return true;
		i = dsc->next;
	}
	return false;
}

static void scatter(struct vu_dev *d, unsigned int nout, size_t len)
{
	size_t done = 0;

	for (unsigned int i = 0; i < nout && done < len; i++) {
		size_t n = MIN((size_t)d->outv[i].len, len - done);

		memcpy(d->outv[i].p, d->resp + done, n);
		done += n;
	}
}

static void used_push(struct vu_vq *q, uint16_t head, uint32_t len)
{
	uint16_t u = q->used->idx;

	q->used->ring[u % q->num] = (struct vring_used_elem){ head, len };
	__atomic_store_n(&q->used->idx, (uint16_t)(u + 1), __ATOMIC_RELEASE);
}

static void serve_one(struct vu_dev *d, struct vu_vq *q, uint16_t head)
{
	size_t in_len, out_len, rlen = 0;
	unsigned int nout;

	if (!chain_gather(d, q, head, &in_len, &nout, &out_len) ||
	    !grow(&d->resp, &d->resp_cap, out_len)) {
		nv_log("bad descriptor chain at head %u", head);
	} else {
		rlen = pci_handle_msg(d->pci, d->req, in_len, d->resp, out_len);
		scatter(d, nout, rlen);
	}
	used_push(q, head, (uint32_t)rlen);
	if (!rlen)
		q->need_call = true;	/* posted: let UML reap it when we go idle */
}

static unsigned int vq_process(struct vu_dev *d)
{
	struct vu_vq *q = &d->vq[VU_CMD_VQ];
	unsigned int n = 0;
	uint16_t avail;

	if (!vq_ready(q))
		return 0;
	avail = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE);
	while (q->last_avail != avail) {
		uint16_t head = q->avail->ring[q->last_avail % q->num];

		q->last_avail++;
		serve_one(d, q, head);
		n++;
	}
	return n;
}

static void vq_call(struct vu_vq *q)
{
	uint64_t one = 1;

	if (!q->need_call || q->call_fd < 0)
		return;
	q->need_call = false;
	if (q->avail->flags & VRING_AVAIL_F_NO_INTERRUPT)
		return;
	if (write(q->call_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		nv_log("call fd: %s", strerror(errno));
}

/* --- control messages --------------------------------------------------- */

static int read_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : VU_RET_CLOSED;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void take_fds(struct msghdr *mh, struct vu_msg *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (m->nfds < VU_MAX_FDS)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
}

static int vu_recv(struct vu_dev *d, struct vu_msg *m)
{
	uint8_t hdr[VU_HDR_SIZE];
	char ctl[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
	struct iovec iov = { hdr, sizeof(hdr) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	ssize_t n;
	int ret;

	m->nfds = 0;
	do
		n = recvmsg(d->sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n < 0 ? -errno : VU_RET_CLOSED;
	take_fds(&mh, m);
	ret = read_full(d->sock, hdr + n, sizeof(hdr) - (size_t)n);
	if (ret)
		return ret;
	memcpy(&m->request, hdr, 4);
	memcpy(&m->flags, hdr + 4, 4);
	memcpy(&m->size, hdr + 8, 4);
	if (m->size > sizeof(m->payload))
		return -EMSGSIZE;
	return read_full(d->sock, m->payload, m->size);
}

static int vu_reply(struct vu_dev *d, const struct vu_msg *m, const void *p, uint32_t len)
{
	uint8_t buf[VU_HDR_SIZE + VU_PAYLOAD_MAX];
	uint32_t flags = VHOST_USER_VERSION | VHOST_USER_REPLY_MASK;

	memcpy(buf, &m->request, 4);
	memcpy(buf + 4, &flags, 4);
	memcpy(buf + 8, &len, 4);
	memcpy(buf + VU_HDR_SIZE, p, len);
	if (send(d->sock, buf, VU_HDR_SIZE + len, MSG_NOSIGNAL) != (ssize_t)(VU_HDR_SIZE + len))
		return -EIO;
	return 0;
}

static int reply_u64(struct vu_dev *d, const struct vu_msg *m, uint64_t v)
{
	return vu_reply(d, m, &v, sizeof(v));
}

static uint64_t msg_u64(const struct vu_msg *m, size_t off)
{
	uint64_t v = 0;

	if (m->size >= off + sizeof(v))
		memcpy(&v, m->payload + off, sizeof(v));
	return v;
}

static uint32_t msg_u32(const struct vu_msg *m, size_t off)
{
	uint32_t v = 0;

	if (m->size >= off + sizeof(v))
		memcpy(&v, m->payload + off, sizeof(v));
	return v;
}

/* Take the message's first fd (the caller owns it). */
static int msg_fd(struct vu_msg *m)
{
	int fd = m->nfds ? m->fds[0] : -1;

	if (m->nfds) {
		memmove(m->fds, m->fds + 1, (m->nfds - 1) * sizeof(int));
		m->nfds--;
	}
	return fd;
}

static struct vu_vq *msg_vq(struct vu_dev *d, uint32_t index)
{
	index &= VHOST_USER_VRING_IDX_MASK;
	if (index >= VU_NUM_VQS) {
		nv_log("vring index %u out of range", index);
		return NULL;
	}
	return &d->vq[index];
}

/* struct { u32 nregions, padding; { u64 gpa, size, uaddr, mmap_offset } [] } */
static int set_mem_table(struct vu_dev *d, struct vu_msg *m)
{
	uint32_t n = msg_u32(m, 0);

	regions_unmap(d);
	if (n > VU_MAX_REGIONS || n > m->nfds)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		size_t at = 8 + i * 32;
		struct vu_region *r = &d->reg[i];
		uint64_t off = msg_u64(m, at + 24);
		int fd = msg_fd(m);

		r->gpa = msg_u64(m, at);
		r->size = msg_u64(m, at + 8);
		r->uaddr = msg_u64(m, at + 16);
		r->map_len = r->size + off;
		r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (r->map == MAP_FAILED)
			return -errno;
		r->host = (uint8_t *)r->map + off;
		d->nreg = i + 1;
	}
	for (unsigned int i = 0; i < VU_NUM_VQS; i++)
		vq_map(d, &d->vq[i]);
	return 0;
}

static int set_vring_addr(struct vu_dev *d, struct vu_msg *m)
{
	struct vu_vq *q = msg_vq(d, msg_u32(m, 0));

	if (!q)
		return -EINVAL;
	q->desc_a = msg_u64(m, 8);
	q->used_a = msg_u64(m, 16);
	q->avail_a = msg_u64(m, 24);
	vq_map(d, q);
	if (!q->desc || !q->avail || !q->used)
		nv_log("vring %u addresses are not in guest memory", msg_u32(m, 0));
	return 0;
}

static int set_vring_state(struct vu_dev *d, struct vu_msg *m)
{
	struct vu_vq *q = msg_vq(d, msg_u32(m, 0));
	uint32_t v = msg_u32(m, 4);

	if (!q)
		return -EINVAL;
	if (m->request == VHOST_USER_SET_VRING_NUM) {
		q->num = v;
		vq_map(d, q);
	} else if (m->request == VHOST_USER_SET_VRING_BASE) {
		q->last_avail = (uint16_t)v;
	} else {
		q->enabled = v;
	}
	return 0;
}

static int get_vring_base(struct vu_dev *d, struct vu_msg *m)
{
	struct vu_vq *q = msg_vq(d, msg_u32(m, 0));
	uint32_t state[2] = { msg_u32(m, 0), 0 };

	if (!q)
		return -EINVAL;
	state[1] = q->last_avail;
	q->enabled = false;
	return vu_reply(d, m, state, sizeof(state));
}

static int set_vring_fd(struct vu_dev *d, struct vu_msg *m)
{
	uint64_t v = msg_u64(m, 0);
	struct vu_vq *q = msg_vq(d, (uint32_t)v);
	int fd = (v & VHOST_USER_VRING_NOFD_MASK) ? -1 : msg_fd(m);
	int *slot;

	if (!q) {
		if (fd >= 0)
			close(fd);
		return -EINVAL;
	}
	slot = m->request == VHOST_USER_SET_VRING_KICK ? &q->kick_fd :
	       m->request == VHOST_USER_SET_VRING_CALL ? &q->call_fd : NULL;
	if (!slot) {		/* SET_VRING_ERR: never used */
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (*slot >= 0)
		close(*slot);
	*slot = fd;
	/* Without PROTOCOL_FEATURES a ring starts enabled when it gets a kick. */
	if (m->request == VHOST_USER_SET_VRING_KICK &&
	    !(d->features & BIT64(VHOST_USER_F_PROTOCOL_FEATURES)))
		q->enabled = true;
	return 0;
}

static int set_slave_fd(struct vu_dev *d, struct vu_msg *m)
{
	if (d->slave_fd >= 0)
		close(d->slave_fd);
	d->slave_fd = msg_fd(m);
	return 0;
}

static int vu_dispatch(struct vu_dev *d, struct vu_msg *m)
{
	switch (m->request) {
	case VHOST_USER_GET_FEATURES:
		return reply_u64(d, m, VU_FEATURES);
	case VHOST_USER_SET_FEATURES:
		d->features = msg_u64(m, 0);
		return 0;
	case VHOST_USER_GET_PROTOCOL_FEATURES:
		return reply_u64(d, m, VU_PROTOCOL_FEATURES);
	case VHOST_USER_SET_PROTOCOL_FEATURES:
		d->protocol = msg_u64(m, 0);
		return 0;
	case VHOST_USER_GET_QUEUE_NUM:
		return reply_u64(d, m, VU_NUM_VQS);
	case VHOST_USER_SET_OWNER:
	case VHOST_USER_RESET_OWNER:
		return 0;
	case VHOST_USER_SET_MEM_TABLE:
		return set_mem_table(d, m);
	case VHOST_USER_SET_VRING_ADDR:
		return set_vring_addr(d, m);
	case VHOST_USER_SET_VRING_NUM:
	case VHOST_USER_SET_VRING_BASE:
	case VHOST_USER_SET_VRING_ENABLE:
		return set_vring_state(d, m);
	case VHOST_USER_GET_VRING_BASE:
		return get_vring_base(d, m);
	case VHOST_USER_SET_VRING_KICK:
	case VHOST_USER_SET_VRING_CALL:
	case VHOST_USER_SET_VRING_ERR:
		return set_vring_fd(d, m);
	case VHOST_USER_SET_SLAVE_REQ_FD:
		return set_slave_fd(d, m);
	default:
		nv_log("vhost-user request %u not handled", m->request);
		return 0;
	}
}

/* Handle one control message: 0, VU_RET_CLOSED, or a negative error. */
static int vu_message(struct vu_dev *d)
{
	static struct vu_msg m;
	int ret = vu_recv(d, &m);

	if (ret == -ECONNRESET)
		ret = VU_RET_CLOSED;
	if (ret)
		return ret;
	ret = vu_dispatch(d, &m);
	while (m.nfds)
		close(msg_fd(&m));
	if (ret < 0)	/* logged; the next receive tells if the link is gone */
		nv_log("vhost-user request %u failed: %s", m.request, strerror(-ret));
	vq_arm(d);
	return 0;
}

/* --- event loop --------------------------------------------------------- */

static int sock_poll(struct vu_dev *d)
{
	struct pollfd p = { d->sock, POLLIN, 0 };

	if (poll(&p, 1, 0) <= 0)
		return 0;
	return vu_message(d);
}

static void drain_kick(struct vu_vq *q)
{
	uint64_t v;

	if (read(q->kick_fd, &v, sizeof(v)) < 0 && errno != EAGAIN && errno != EINTR)
		nv_log("kick fd: %s", strerror(errno));
}

/* Nothing to do: re-enable kicks, then sleep on the kick fd and the socket. */
static int wait_event(struct vu_dev *d)
{
	struct vu_vq *q = &d->vq[VU_CMD_VQ];
	bool ready = vq_ready(q);
	struct pollfd p[2] = { { d->sock, POLLIN, 0 }, { -1, POLLIN, 0 } };
	int timeout = -1;

	if (ready) {
		vq_set_notify(q, true);
		if (__atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE) != q->last_avail) {
			vq_arm(d);
			return 0;
		}
		vq_call(q);
		p[1].fd = q->kick_fd;
		timeout = q->kick_fd < 0 ? VU_NOFD_POLL_MS : -1;
	}
	if (poll(p, 2, timeout) < 0)
		return errno == EINTR ? 0 : -errno;
	if (p[1].revents & POLLIN)
		drain_kick(q);
	vq_arm(d);
	if (p[0].revents)
		return vu_message(d);
	return 0;
}

static int serve_loop(struct vu_dev *d)
{
	unsigned long spins = 0, idle = 0, idle_max = d->poll_mode ? VU_IDLE_SPINS : 1;
	int ret = 0;

	while (!nvsim_stop && !ret) {
		if (vq_process(d))
			idle = 0;
		else
			idle++;
		if (++spins % VU_SOCK_CHECK_SPINS == 0) {
			ret = sock_poll(d);
		} else if (idle >= idle_max) {
			ret = wait_event(d);
			idle = 0;
		}
	}
	return ret < 0 ? ret : 0;
}

/* --- setup -------------------------------------------------------------- */

struct vu_dev *vhost_new(struct nv_pci *pci, bool poll_mode)
{
	struct vu_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->pci = pci;
	d->poll_mode = poll_mode;
	d->sock = d->slave_fd = -1;
	for (unsigned int i = 0; i < VU_NUM_VQS; i++)
		d->vq[i].kick_fd = d->vq[i].call_fd = -1;
	return d;
}

int vhost_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Serve one UML connection until it closes or a signal stops us. */
int vhost_serve(struct vu_dev *d, int listen_fd)
{
	do
		d->sock = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	while (d->sock < 0 && errno == EINTR && !nvsim_stop);
	if (d->sock < 0)
		return nvsim_stop ? 0 : -errno;
	nv_log("UML connected");
	return serve_loop(d);
}

void vhost_free(struct vu_dev *d)
{
	if (!d)
		return;
	regions_unmap(d);
	for (unsigned int i = 0; i < VU_NUM_VQS; i++) {
		if (d->vq[i].kick_fd >= 0)
			close(d->vq[i].kick_fd);
		if (d->vq[i].call_fd >= 0)
			close(d->vq[i].call_fd);
	}
	if (d->slave_fd >= 0)
		close(d->slave_fd);
	if (d->sock >= 0)
		close(d->sock);
	free(d->req);
	free(d->resp);
	free(d);
}
