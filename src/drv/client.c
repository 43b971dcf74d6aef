// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: Clients
 *
 * Another module finds the GPUs nova_vmm drives by registering a struct
 * vmm_client. Its @add callback runs once for every GPU nova_vmm has bound,
 * both those bound before the registration and those bound after; its
 * @remove callback runs, for each GPU whose @add returned 0, before that GPU
 * goes away or when the client unregisters, whichever is first. Between the
 * two the client may use the struct nova_gpu with every vmm_* function.
 *
 * @remove is where a client lets go of what it holds on that GPU. One that
 * does not is safe, only leaky: its address spaces, VRAM allocations and
 * prepared operations keep the GPU core (not the device) alive, every
 * vmm_* call on them fails with -ENODEV, and freeing them frees host memory
 * (DOC: Lifetime, io/gpu.c). The struct nova_gpu pointer itself stays valid
 * only while the client holds such a handle.
 *
 * nova_clients_lock protects the lists of GPUs, clients and bindings, and
 * is held across the callbacks: they may call any vmm_* function but
 * vmm_client_register() and vmm_client_unregister(). The callbacks for a GPU
 * being bound or removed also run inside the PCI core's device lock: a
 * callback must not take it again (pci_reset_function(), a synchronous
 * bind or unbind of a nova_vmm GPU). DOC: Locking in vmm/vmm.c has the
 * whole order.
 */
#include <linux/device.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <nova_vmm/vmm.h>

#include "drv/client.h"
#include "io/gpu.h"
#include "io/pramin.h"
#include "mm/vram.h"

/**
 * struct nova_client_bind - A client's @add succeeded for a GPU.
 * @node: In nova_binds.
 * @client: The client.
 * @gpu: The GPU.
 */
struct nova_client_bind {
	struct list_head node;
	struct vmm_client *client;
	struct nova_gpu *gpu;
};

static DEFINE_MUTEX(nova_clients_lock);
static LIST_HEAD(nova_gpus);	/* struct nova_gpu.node */
static LIST_HEAD(nova_clients);	/* struct vmm_client.node */
static LIST_HEAD(nova_binds);	/* struct nova_client_bind.node */

static void client_add_locked(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct nova_client_bind *b;
	int ret;

	lockdep_assert_held(&nova_clients_lock);
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		dev_warn(gpu->dev, "client %s: out of memory\n", client->name);
		return;
	}
	ret = client->add(client, gpu);
	if (ret) {
		dev_warn(gpu->dev, "client %s: add failed (%d)\n", client->name, ret);
		kfree(b);
		return;
	}
	b->client = client;
	b->gpu = gpu;
	list_add_tail(&b->node, &nova_binds);
}

/* Undo the bindings of @client (any GPU when NULL) to @gpu (any when NULL). */
static void client_remove_locked(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct nova_client_bind *b, *tmp;

	lockdep_assert_held(&nova_clients_lock);
	list_for_each_entry_safe_reverse(b, tmp, &nova_binds, node) {
		if ((client && b->client != client) || (gpu && b->gpu != gpu))
			continue;
		if (b->client->remove)
			b->client->remove(b->client, b->gpu);
		list_del(&b->node);
		kfree(b);
	}
}

static bool client_registered_locked(struct vmm_client *client)
{
	struct vmm_client *c;

	lockdep_assert_held(&nova_clients_lock);
	list_for_each_entry(c, &nova_clients, node)
		if (c == client)
			return true;
	return false;
}

/**
 * nova_client_gpu_add() - Announce a bound GPU to every client.
 * @gpu: GPU, fully initialised.
 */
void nova_client_gpu_add(struct nova_gpu *gpu)
{
	struct vmm_client *client;

	mutex_lock(&nova_clients_lock);
	list_add_tail(&gpu->node, &nova_gpus);
	list_for_each_entry(client, &nova_clients, node)
		client_add_locked(client, gpu);
	mutex_unlock(&nova_clients_lock);
}

/**
 * nova_client_gpu_remove() - Take a GPU away from every client.
 * @gpu: GPU passed to nova_client_gpu_add().
 */
void nova_client_gpu_remove(struct nova_gpu *gpu)
{
	mutex_lock(&nova_clients_lock);
	client_remove_locked(NULL, gpu);
	list_del(&gpu->node);
	mutex_unlock(&nova_clients_lock);
}

/**
 * vmm_client_register() - Hear about the GPUs nova_vmm drives.
 * @client: Client with @name and @add set; @remove may be NULL.
 *
 * Calls @client->add for every GPU bound now, before it returns, and for
 * every GPU bound later. A failed @add is logged and not retried.
 *
 * Context: Process context; not from a vmm_client callback.
 * Return: 0; -EINVAL for a NULL client or one without @name or @add;
 * -EBUSY if @client is registered already.
 */
int vmm_client_register(struct vmm_client *client)
{
	struct nova_gpu *gpu;

	if (!client || !client->name || !client->add)
		return -EINVAL;
	mutex_lock(&nova_clients_lock);
	if (client_registered_locked(client)) {
		mutex_unlock(&nova_clients_lock);
		return -EBUSY;
	}
	list_add_tail(&client->node, &nova_clients);
	list_for_each_entry(gpu, &nova_gpus, node)
		client_add_locked(client, gpu);
	mutex_unlock(&nova_clients_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vmm_client_register, NOVA_VMM_NS);

/**
 * vmm_client_unregister() - Stop hearing about GPUs.
 * @client: Client passed to vmm_client_register().
 *
 * Calls @client->remove for every GPU whose @add succeeded, most recent
 * first. When it returns, nova_vmm holds no reference to @client. A client
 * that is not registered is ignored.
 *
 * Context: Process context; not from a vmm_client callback.
 */
void vmm_client_unregister(struct vmm_client *client)
{
	if (!client)
		return;
	mutex_lock(&nova_clients_lock);
	if (client_registered_locked(client)) {
		client_remove_locked(client, NULL);
		list_del(&client->node);
	}
	mutex_unlock(&nova_clients_lock);
}
EXPORT_SYMBOL_NS_GPL(vmm_client_unregister, NOVA_VMM_NS);

/**
 * vmm_gpu_device() - The device of a GPU, for messages and DMA mapping.
 * @gpu: GPU.
 *
 * Return: The struct device (a PCI device on hardware), or NULL for NULL.
 */
struct device *vmm_gpu_device(struct nova_gpu *gpu)
{
	return gpu ? gpu->dev : NULL;
}
EXPORT_SYMBOL_NS_GPL(vmm_gpu_device, NOVA_VMM_NS);

/* Bytes a client's VRAM transfer moves per hold of the PRAMIN lock. */
#define NOVA_CLIENT_CHUNK	SZ_64K

/*
 * In chunks, so that maps and commits (which need the PRAMIN lock) wait for
 * one chunk at most; the whole range is checked first, so a write that fails
 * for its arguments writes nothing.
 */
static int vram_xfer_entered(struct nova_gpu *gpu, u64 addr, void *buf, size_t size,
			     bool write)
{
	size_t n;
	int ret;

	for (; size; addr += n, buf += n, size -= n) {
		n = min_t(size_t, size, NOVA_CLIENT_CHUNK);
		ret = write ? nova_pramin_write32(gpu, addr, buf, n / sizeof(u32)) :
			      nova_pramin_read32(gpu, addr, buf, n / sizeof(u32));
		if (ret)
			return ret;
		cond_resched();
	}
	return write ? nova_pramin_flush(gpu) : 0;
}

static int vram_xfer(struct nova_gpu *gpu, u64 addr, void *buf, size_t size, bool write)
{
	int idx, ret;
	u64 end;

	if (!gpu || !buf || !IS_ALIGNED(addr | size | (uintptr_t)buf, sizeof(u32)))
		return -EINVAL;
	if (check_add_overflow(addr, (u64)size, &end) || end > nova_pramin_limit(gpu))
		return -ERANGE;
	if (size && !nova_vram_owned(gpu, addr, size))
		return -EACCES;
	ret = nova_gpu_enter(gpu, &idx);
	if (!ret)
		ret = vram_xfer_entered(gpu, addr, buf, size, write);
	nova_gpu_exit(gpu, idx);
	return ret;
}

/**
 * vmm_vram_read() - Read VRAM through the PRAMIN window.
 * @gpu: GPU.
 * @addr: VRAM address, 4-byte aligned.
 * @buf: Where the bytes go, 4-byte aligned.
 * @size: Bytes, a multiple of 4.
 *
 * Every dword is a PCIe read (about a microsecond): for inspection and
 * tests, not bulk transfers. Other users of the window wait for at most
 * 64 KiB of it.
 *
 * Only VRAM of a live client allocation (vmm_vram_alloc()) can be read:
 * page tables, instance blocks and reserved VRAM are nova_vmm's.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EINVAL for a NULL argument or an unaligned address, buffer or
 * size; -ERANGE beyond the VRAM the window reaches; -EACCES if the range
 * is not wholly inside one live client allocation; -ENODEV when the GPU is
 * gone (@buf then holds what was read before) or was removed; -EIO after a
 * PCI error (DOC: Power and errors; while the GPU sleeps or is reset the
 * call waits).
 */
int vmm_vram_read(struct nova_gpu *gpu, u64 addr, void *buf, size_t size)
{
	return vram_xfer(gpu, addr, buf, size, false);
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_read, NOVA_VMM_NS);

/**
 * vmm_vram_write() - Write VRAM through the PRAMIN window.
 * @gpu: GPU.
 * @addr: VRAM address, 4-byte aligned.
 * @buf: The bytes, 4-byte aligned.
 * @size: Bytes, a multiple of 4.
 *
 * The writes are posted and flushed to VRAM before the call returns.
 *
 * Context: Process context; may sleep.
 * Return: As vmm_vram_read(); on -EINVAL, -ERANGE and -EACCES nothing was
 * written.
 */
int vmm_vram_write(struct nova_gpu *gpu, u64 addr, const void *buf, size_t size)
{
	return vram_xfer(gpu, addr, (void *)buf, size, true);
}
EXPORT_SYMBOL_NS_GPL(vmm_vram_write, NOVA_VMM_NS);
