# SPDX-License-Identifier: GPL-2.0
#
# nova_vmm: out-of-tree build, tests and checks. See README.md.
#
#   make              build nova_vmm.ko (W=1) against KDIR
#   make samples      build samples/nova_vmm_client and samples/nova_vmm_gpuvm
#                     (where the kernel has drm_gpuvm) against that module
#   make install      nova_vmm.ko into $(INSTALL_MOD_PATH)/lib/modules/<release>, depmod
#   make run          nova_vmm.ko on a simulated GA102 under UML (CHIP=...)
#   make check        run every KUnit suite under UML
#   make check-sim    every end-to-end scenario on six simulated chips
#   make lint         checkpatch --strict, sparse (6.1 and 6.12), kernel-doc -Wall
#   make bench        benchmarks on the fake GPU, into bench/RESULTS.md
#   make coverage     line coverage of src/ by the KUnit suites (gcov), >= 90 %
#   make stress       the randomized test, 10^6 operations per chip
#   make dkms-check   dkms add/build/remove (root)
#   make qemu-check   insmod/rmmod on Debian's 6.12 and 6.1 kernels under QEMU
#
# KDIR defaults to the running kernel's build directory, else Debian's 6.12
# amd64 headers (installed when missing if you are root on Debian).

KDIR ?=
NOVA_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nova_vmm
export NOVA_CACHE

KBUILD_ARGS = M=$(CURDIR) CONFIG_NOVA_VMM=m W=1

all: modules

modules:
	+@kdir=$$(scripts/kdir.sh $(KDIR)) && \
		$(MAKE) -C "$$kdir" $(KBUILD_ARGS) modules

# The sample clients, against the Module.symvers of the build above. The
# gpuvm sample's Kbuild builds nothing where the kernel has no drm_gpuvm.
SAMPLE = $(CURDIR)/samples/nova_vmm_client
SAMPLE_GPUVM = $(CURDIR)/samples/nova_vmm_gpuvm
samples: modules
	+@kdir=$$(scripts/kdir.sh $(KDIR)) && \
		$(MAKE) -C "$$kdir" M=$(SAMPLE) W=1 \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules && \
		$(MAKE) -C "$$kdir" M=$(SAMPLE_GPUVM) W=1 \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules

# nova_vmm.ko only, into $(INSTALL_MOD_PATH)/lib/modules/<release>/, then
# depmod for that release. The release is the tree's UTS_RELEASE: Debian's 6.1
# headers say "6.1.192" in include/config/kernel.release (and so in "make
# kernelrelease"), not 6.1.0-N-amd64. Unsigned when the tree has no signing
# key (a distro's headers never do; kbuild would print SSL errors).
DEPMOD ?= /sbin/depmod
install: modules
	+@set -e; kdir=$$(scripts/kdir.sh $(KDIR)); \
	rel=$$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$$/\1/p' \
		"$$kdir/include/generated/utsrelease.h"); \
	[ -n "$$rel" ] || { echo "install: no UTS_RELEASE in $$kdir" >&2; exit 1; }; \
	key=$$(sed -n 's/^CONFIG_MODULE_SIG_KEY="*\([^"]*\)"*$$/\1/p' "$$kdir/include/config/auto.conf"); \
	nosign=; case $$key in ""|pkcs11:*) ;; \
	*) [ -f "$$key" ] || [ -f "$$kdir/$$key" ] || nosign=CONFIG_MODULE_SIG_ALL= ;; esac; \
	$(MAKE) -C "$$kdir" $(KBUILD_ARGS) KERNELRELEASE="$$rel" DEPMOD=true $$nosign \
		$(if $(INSTALL_MOD_PATH),INSTALL_MOD_PATH=$(abspath $(INSTALL_MOD_PATH))) \
		modules_install; \
	$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(abspath $(INSTALL_MOD_PATH))) "$$rel"; \
	find $(abspath $(INSTALL_MOD_PATH))/lib/modules/$$rel -name 'nova_vmm.ko*'

# make KDIR=... accepts a path; scripts/kdir.sh also takes 6.12 or 6.1.
clean:
	+@kdir=$$(scripts/kdir.sh $(KDIR)) && $(MAKE) -C "$$kdir" $(KBUILD_ARGS) clean && \
		$(MAKE) -C "$$kdir" M=$(SAMPLE) clean && $(MAKE) -C "$$kdir" M=$(SAMPLE_GPUVM) clean

check:
	scripts/kunit.sh $(KUNIT_ARGS)

lint:
	scripts/lint.sh

bench:
	scripts/bench.sh $(KUNIT_ARGS)

coverage:
	scripts/coverage.sh $(KUNIT_ARGS)

# The real module on the simulated GPU under UML (scripts/sim.sh).
CHIP ?= GA102
run:
	scripts/sim.sh run $(CHIP)

check-sim:
	scripts/sim.sh check $(CHIPS)

# The randomized differential test, long: 10^6 operations per chip, random seeds.
stress:
	scripts/kunit.sh --timeout=7200 \
		--kernel_args='nova_vmm.random_ops=1000000 nova_vmm.random_fresh=1' \
		'nova_vmm_random' $(KUNIT_ARGS)

# dkms add/build (6.12, and 6.1 when its headers are there)/remove of HEAD.
dkms-check:
	scripts/dkms-check.sh

# Debian's 6.12 and 6.1 kernels under QEMU (TCG): insmod/rmmod of nova_vmm.ko
# and the sample client, built from a copy of the sources.
qemu-check:
	scripts/qemu-check.sh $(QEMU_KERNELS)

.PHONY: all modules samples install clean check lint bench stress run check-sim \
	dkms-check qemu-check coverage
