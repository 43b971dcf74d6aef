#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench: build the KUnit kernel with tests/bench.kunitconfig (no
# sanitizers, its own build directory), run the nova_vmm_bench suite on the
# fake GPU, and write bench/RESULTS.md and bench/modelled-time.svg from its
# "BENCH|" lines (one run, both outputs).
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
"$PROJ/scripts/deps.sh" python3-matplotlib
# Other checkouts share the build directory: kunit.sh copies this run's log
# while it holds the build lock.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
BUILD_NAME=bench KUNITCONFIG="$PROJ/tests/bench.kunitconfig" KUNIT_LOG_COPY="$log" \
	"$PROJ/scripts/kunit.sh" 'nova_vmm_bench' "$@"
mkdir -p "$PROJ/bench"
/usr/bin/python3 "$PROJ/scripts/bench_report.py" "$log" \
	"$(nproc) cores, $(uname -m), UML kernel $(cd "$NOVA_CACHE/linux" && make -s kernelversion)" \
	"$PROJ/bench/modelled-time.svg" >"$PROJ/bench/RESULTS.md"
echo "bench: wrote bench/RESULTS.md and bench/modelled-time.svg"
