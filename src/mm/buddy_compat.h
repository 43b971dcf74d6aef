/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's buddy allocator under one set of names.
 *
 * Linux 6.12.101+ (stable) and 6.18 moved drm_buddy_* to gpu_buddy_*
 * (include/linux/gpu_buddy.h); Kbuild defines NOVA_VMM_HAVE_GPU_BUDDY when
 * that header exists. Before 6.10, drm_buddy_free_list() took no flags;
 * before 6.11, drm_buddy_block_trim() took no start address.
 *
 * Only src/vram.c includes this header.
 */
#ifndef _NOVA_VMM_BUDDY_COMPAT_H_
#define _NOVA_VMM_BUDDY_COMPAT_H_

#include <linux/version.h>

#ifdef NOVA_VMM_HAVE_GPU_BUDDY
#include <linux/gpu_buddy.h>
#define nova_buddy			gpu_buddy
#define nova_buddy_block		gpu_buddy_block
#define nova_buddy_init			gpu_buddy_init
#define nova_buddy_fini			gpu_buddy_fini
#define nova_buddy_alloc_blocks		gpu_buddy_alloc_blocks
#define nova_buddy_block_offset		gpu_buddy_block_offset
#define nova_buddy_block_size		gpu_buddy_block_size
#define nova_buddy_free_list(mm, l)	gpu_buddy_free_list(mm, l, 0)
#define nova_buddy_block_trim(mm, n, l)	gpu_buddy_block_trim(mm, NULL, n, l)
#define NOVA_BUDDY_TOPDOWN		GPU_BUDDY_TOPDOWN_ALLOCATION
#define NOVA_BUDDY_RANGE		GPU_BUDDY_RANGE_ALLOCATION
#else
#include <drm/drm_buddy.h>
#define nova_buddy			drm_buddy
#define nova_buddy_block		drm_buddy_block
#define nova_buddy_init			drm_buddy_init
#define nova_buddy_fini			drm_buddy_fini
#define nova_buddy_alloc_blocks		drm_buddy_alloc_blocks
#define nova_buddy_block_offset		drm_buddy_block_offset
#define nova_buddy_block_size		drm_buddy_block_size
#define NOVA_BUDDY_TOPDOWN		DRM_BUDDY_TOPDOWN_ALLOCATION
#define NOVA_BUDDY_RANGE		DRM_BUDDY_RANGE_ALLOCATION
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define nova_buddy_free_list(mm, l)	drm_buddy_free_list(mm, l, 0)
#else
#define nova_buddy_free_list(mm, l)	drm_buddy_free_list(mm, l)
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define nova_buddy_block_trim(mm, n, l)	drm_buddy_block_trim(mm, NULL, n, l)
#else
#define nova_buddy_block_trim(mm, n, l)	drm_buddy_block_trim(mm, n, l)
#endif
#endif

#endif /* _NOVA_VMM_BUDDY_COMPAT_H_ */
