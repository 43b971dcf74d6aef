#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench: build the KUnit kernel with tests/bench.kunitconfig (no
# sanitizers, its own build directory), run the nova_vmm_bench suite on the
# fake GPU, and write bench/RESULTS.md from its "BENCH|" lines.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
BUILD_NAME=bench KUNITCONFIG="$PROJ/tests/bench.kunitconfig" \
	"$PROJ/scripts/kunit.sh" 'nova_vmm_bench' "$@"
mkdir -p "$PROJ/bench"
python3 "$PROJ/scripts/bench_report.py" "$NOVA_CACHE/build-bench/test.log" \
	"$(nproc) cores, $(uname -m), UML kernel $(cd "$NOVA_CACHE/linux" && make -s kernelversion)" \
	>"$PROJ/bench/RESULTS.md"
echo "bench: wrote bench/RESULTS.md"
