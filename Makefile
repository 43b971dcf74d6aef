# SPDX-License-Identifier: GPL-2.0
#
# nova_vmm: out-of-tree build, tests and checks. See README.md.
#
#   make              build nova_vmm.ko (W=1) against KDIR
#   make check        run every KUnit suite under UML
#   make lint         checkpatch --strict, sparse (6.1 and 6.12), kernel-doc -Wall
#   make bench        benchmarks on the fake GPU, into bench/RESULTS.md
#   make stress       the randomized test, 10^6 operations per chip
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

# make KDIR=... accepts a path; scripts/kdir.sh also takes 6.12 or 6.1.
clean:
	+@kdir=$$(scripts/kdir.sh $(KDIR)) && $(MAKE) -C "$$kdir" $(KBUILD_ARGS) clean

check:
	scripts/kunit.sh $(KUNIT_ARGS)

lint:
	scripts/lint.sh

bench:
	scripts/bench.sh $(KUNIT_ARGS)

# The randomized differential test, long: 10^6 operations per chip, random seeds.
stress:
	scripts/kunit.sh --timeout=7200 \
		--kernel_args='nova_vmm.random_ops=1000000 nova_vmm.random_fresh=1' \
		'nova_vmm_random' $(KUNIT_ARGS)

.PHONY: all modules clean check lint bench stress
