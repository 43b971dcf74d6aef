// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the client interface (vmm_client_register() and friends), VRAM
 * access through PRAMIN for clients, and the BAR1 mapping's argument checks.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/sizes.h>

#include <nova_vmm/vmm.h>

#include "drv/client.h"
#include "io/gpu.h"
#include "hw/nv_pmc.h"
#include "nvt_gpu.h"

#define VRAM_SIZE	SZ_16M

static const u32 client_chips[] = { NV_CHIP_GA102, NV_CHIP_GB202 };

static void client_chip_desc(const u32 *id, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chip %#x (MMU v%u)", *id,
		 *id == NV_CHIP_GA102 ? 2 : 3);
}

KUNIT_ARRAY_PARAM(client_chip, client_chips, client_chip_desc);

/**
 * struct test_client - A client that counts its callbacks.
 * @client: What nova_vmm sees.
 * @adds: @add calls.
 * @removes: @remove calls.
 * @fail: What @add returns.
 * @last: GPU of the last callback.
 */
struct test_client {
	struct vmm_client client;
	unsigned int adds;
	unsigned int removes;
	int fail;
	struct nova_gpu *last;
};

static int tc_add(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct test_client *tc = container_of(client, struct test_client, client);

	tc->adds++;
	tc->last = gpu;
	return tc->fail;
}

static void tc_remove(struct vmm_client *client, struct nova_gpu *gpu)
{
	struct test_client *tc = container_of(client, struct test_client, client);

	tc->removes++;
	tc->last = gpu;
}

KUNIT_DEFINE_ACTION_WRAPPER(gpu_remove_action, nova_client_gpu_remove, struct nova_gpu *);
KUNIT_DEFINE_ACTION_WRAPPER(client_unregister_action, vmm_client_unregister,
			    struct vmm_client *);

static struct nova_gpu *bound_gpu(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, NV_CHIP_GA102, VRAM_SIZE);

	nova_client_gpu_add(gpu);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gpu_remove_action, gpu), 0);
	return gpu;
}

static struct test_client *new_client(struct kunit *test, int fail)
{
	struct test_client *tc = kunit_kzalloc(test, sizeof(*tc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tc);
	tc->client.name = "test";
	tc->client.add = tc_add;
	tc->client.remove = tc_remove;
	tc->fail = fail;
	return tc;
}

static void register_client(struct kunit *test, struct test_client *tc)
{
	KUNIT_ASSERT_EQ(test, vmm_client_register(&tc->client), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, client_unregister_action,
							&tc->client), 0);
}

static void client_sees_gpus_bound_before_and_after(struct kunit *test)
{
	struct nova_gpu *before = bound_gpu(test), *after;
	struct test_client *tc = new_client(test, 0);

	register_client(test, tc);
	KUNIT_EXPECT_EQ(test, tc->adds, 1);
	KUNIT_EXPECT_PTR_EQ(test, tc->last, before);
	after = bound_gpu(test);
	KUNIT_EXPECT_EQ(test, tc->adds, 2);
	KUNIT_EXPECT_PTR_EQ(test, tc->last, after);
	KUNIT_EXPECT_EQ(test, tc->removes, 0);
}

static void gpu_removal_reaches_the_client_first(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, NV_CHIP_GA102, VRAM_SIZE);
	struct test_client *tc = new_client(test, 0);

	register_client(test, tc);
	nova_client_gpu_add(gpu);
	nova_client_gpu_remove(gpu);
	KUNIT_EXPECT_EQ(test, tc->adds, 1);
	KUNIT_EXPECT_EQ(test, tc->removes, 1);
	KUNIT_EXPECT_PTR_EQ(test, tc->last, gpu);
}

static void unregister_removes_every_gpu_once(struct kunit *test)
{
	struct test_client *tc = new_client(test, 0);

	bound_gpu(test);
	bound_gpu(test);
	KUNIT_ASSERT_EQ(test, vmm_client_register(&tc->client), 0);
	vmm_client_unregister(&tc->client);
	KUNIT_EXPECT_EQ(test, tc->adds, 2);
	KUNIT_EXPECT_EQ(test, tc->removes, 2);
	bound_gpu(test);
	KUNIT_EXPECT_EQ(test, tc->adds, 2);
}

static void registering_twice_is_refused(struct kunit *test)
{
	struct test_client *tc = new_client(test, 0);

	bound_gpu(test);
	register_client(test, tc);
	KUNIT_EXPECT_EQ(test, vmm_client_register(&tc->client), -EBUSY);
	KUNIT_EXPECT_EQ(test, tc->adds, 1);
}

static void failed_add_gets_no_remove(struct kunit *test)
{
	struct test_client *tc = new_client(test, -ENOSPC);

	bound_gpu(test);
	KUNIT_ASSERT_EQ(test, vmm_client_register(&tc->client), 0);
	vmm_client_unregister(&tc->client);
	KUNIT_EXPECT_EQ(test, tc->adds, 1);
	KUNIT_EXPECT_EQ(test, tc->removes, 0);
}

static void register_rejects_incomplete_clients(struct kunit *test)
{
	struct vmm_client no_add = { .name = "x" }, no_name = { .add = tc_add };

	KUNIT_EXPECT_EQ(test, vmm_client_register(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_client_register(&no_add), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_client_register(&no_name), -EINVAL);
	vmm_client_unregister(NULL);
	/* Never registered: ignored. */
	vmm_client_unregister(&no_add);
	KUNIT_EXPECT_PTR_EQ(test, vmm_gpu_device(NULL), NULL);
}

static void vram_written_by_a_client_reads_back(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	u32 out[4] = { 0xdeadbeef, 1, 2, 0xffffffff }, in[4] = {};
	u64 addr = SZ_4M - 8;	/* straddles a 1 MiB PRAMIN window boundary */

	KUNIT_ASSERT_EQ(test, vmm_vram_write(gpu, addr, out, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)nvt_gpu_vram_at(gpu, addr + 4), 1);
	KUNIT_ASSERT_EQ(test, vmm_vram_read(gpu, addr, in, sizeof(in)), 0);
	KUNIT_EXPECT_MEMEQ(test, in, out, sizeof(out));
}

static void vram_transfers_longer_than_a_chunk_arrive_whole(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	size_t size = 3 * SZ_64K + 12, i;
	u32 *out = kunit_kmalloc(test, size, GFP_KERNEL);
	u32 *in = kunit_kzalloc(test, size, GFP_KERNEL);
	u64 addr = SZ_1M - SZ_64K - 4;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, in);
	for (i = 0; i < size / 4; i++)
		out[i] = i * 0x9e3779b9u;
	KUNIT_ASSERT_EQ(test, vmm_vram_write(gpu, addr, out, size), 0);
	KUNIT_EXPECT_MEMEQ(test, nvt_gpu_vram_at(gpu, addr), out, size);
	KUNIT_ASSERT_EQ(test, vmm_vram_read(gpu, addr, in, size), 0);
	KUNIT_EXPECT_MEMEQ(test, in, out, size);
}

static void vram_access_rejects_bad_arguments(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create(test, *(const u32 *)test->param_value, VRAM_SIZE);
	u32 buf[2];

	KUNIT_EXPECT_EQ(test, vmm_vram_read(NULL, 0, buf, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, NULL, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, buf, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, 2, buf, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, 0, (u8 *)buf + 1, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, VRAM_SIZE - 4, buf, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, *(u32 *)nvt_gpu_vram_at(gpu, VRAM_SIZE - 4), 0);
	KUNIT_EXPECT_EQ(test, vmm_vram_write(gpu, VRAM_SIZE, buf, 4), -ERANGE);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, U64_MAX - 3, buf, 8), -ERANGE);
	nvt_gpu_set_fault(gpu, NVT_FAULT_GONE);
	KUNIT_EXPECT_EQ(test, vmm_vram_read(gpu, 0, buf, 4), -ENODEV);
}

/* The errno in an IOMEM_ERR_PTR(), or 0 for a mapping (which the test leaks). */
static long iomap_errno(void __iomem *io)
{
	void *p = (__force void *)io;

	return IS_ERR(p) ? PTR_ERR(p) : 0;
}

static void bar1_iomap_needs_a_pci_gpu_and_a_valid_range(struct kunit *test)
{
	struct nova_gpu *gpu = nvt_gpu_create_bars(test, *(const u32 *)test->param_value,
						   VRAM_SIZE, SZ_256M);

	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(NULL, 0, SZ_4K)), -EINVAL);
	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(gpu, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(gpu, 1, SZ_4K)), -EINVAL);
	/* Past the end of BAR1: -ERANGE (issue 20; -EINVAL before). */
	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(gpu, SZ_256M, SZ_4K)), -ERANGE);
	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(gpu, SZ_4K, SZ_256M)), -ERANGE);
	/* The rig's device is no PCI device: nothing to map. */
	KUNIT_EXPECT_EQ(test, iomap_errno(vmm_bar1_iomap(gpu, 0, SZ_4K)), -ENODEV);
}

static struct kunit_case client_test_cases[] = {
	KUNIT_CASE(client_sees_gpus_bound_before_and_after),
	KUNIT_CASE(gpu_removal_reaches_the_client_first),
	KUNIT_CASE(unregister_removes_every_gpu_once),
	KUNIT_CASE(registering_twice_is_refused),
	KUNIT_CASE(failed_add_gets_no_remove),
	KUNIT_CASE(register_rejects_incomplete_clients),
	KUNIT_CASE_PARAM(vram_written_by_a_client_reads_back, client_chip_gen_params),
	KUNIT_CASE_PARAM(vram_transfers_longer_than_a_chunk_arrive_whole, client_chip_gen_params),
	KUNIT_CASE_PARAM(vram_access_rejects_bad_arguments, client_chip_gen_params),
	KUNIT_CASE_PARAM(bar1_iomap_needs_a_pci_gpu_and_a_valid_range, client_chip_gen_params),
	{}
};

static struct kunit_suite client_test_suite = {
	.name = "nova_vmm_client",
	.test_cases = client_test_cases,
};

kunit_test_suite(client_test_suite);
