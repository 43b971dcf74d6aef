#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs nova_vmm's KUnit suites under UML (ARCH=um).
#
# Debian's linux-source-6.12 is unpacked once into $NOVA_CACHE/linux (outside
# the checkout: "make clean" with M= deletes every object file under the
# project), the module's sources are mirrored into drivers/misc/nova_vmm there,
# and tools/testing/kunit/kunit.py builds and boots the kernel.
#
# Fails on a failed or crashed test and on a kernel report in the raw log.
# Ends with one line "N passed, N failed, N skipped".
#
# Usage: scripts/kunit.sh [kunit.py run options], e.g. a suite filter:
#   scripts/kunit.sh 'nova_vmm_pramin*'
# Environment: KUNITCONFIG (default tests/.kunitconfig), BUILD_NAME (build
# directory under $NOVA_CACHE, default "check"), JOBS, KUNIT_LOG_COPY (a file
# to copy the raw test log to, under the build lock).
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
KBUILD=$NOVA_CACHE/build-${BUILD_NAME:-check}
KUNITCONFIG=${KUNITCONFIG:-$PROJ/tests/.kunitconfig}
JOBS=${JOBS:-$(nproc)}

"$PROJ/scripts/deps.sh" build-essential bc flex bison libelf-dev libssl-dev \
	python3 rsync
KSRC=$("$PROJ/scripts/ksrc.sh")

# One kernel build at a time on this tree (several checkouts share it).
mkdir -p "$NOVA_CACHE"
exec 9>"$NOVA_CACHE/build.lock"
flock 9

"$PROJ/scripts/mirror.sh" "$KSRC"

out=$NOVA_CACHE/kunit-${BUILD_NAME:-check}.out
rm -f "$KBUILD/test.log"
rc=0
(cd "$KSRC" && python3 tools/testing/kunit/kunit.py run --arch=um \
	--build_dir="$KBUILD" --kunitconfig="$KUNITCONFIG" --jobs="$JOBS" \
	--timeout=1200 "$@") >"$out" 2>&1 || rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$out" >"$out.txt"
grep -v '^\[[0-9:]*\] \(Elapsed\|Building\|Configuring\|Generating\|Populating\|Starting\)' \
	"$out.txt" | tail -n 400 || true

# Kernel reports the test runner does not count as failures (lockdep splats
# pass their test). The one WARNING every UML boot prints is about virt-pci
# having no device id configured.
reports=0
if [ -f "$KBUILD/test.log" ]; then
	reports=$(grep -E 'BUG:|WARNING:|UBSAN:|Oops|Kernel panic|kmemleak: .*new suspected' \
		"$KBUILD/test.log" | grep -c -v 'WARNING: CPU: [0-9]* PID: [0-9]* at arch/um/drivers/virt-pci.c' || true)
	if [ "$reports" -gt 0 ]; then
		echo "nova_vmm: kernel reports in $KBUILD/test.log:"
		grep -n -E -A20 'BUG:|WARNING:|UBSAN:|Oops|Kernel panic|kmemleak: .*new suspected' \
			"$KBUILD/test.log" | grep -v 'virt-pci' | head -n 120
	fi
fi

# The seeds of the randomized tests, to replay a run (README: Running one suite).
if [ -f "$KBUILD/test.log" ]; then
	grep -E '# [a-z0-9_]+: seed [0-9]+' "$KBUILD/test.log" | sed 's/^ *# /nova_vmm: /' || true
	cp "$KBUILD/test.log" "$out.log"
	[ -z "${KUNIT_LOG_COPY:-}" ] || cp "$KBUILD/test.log" "$KUNIT_LOG_COPY"
fi

line=$(grep 'Testing complete\. Ran' "$out.txt" | tail -n 1 || true)
count() { echo "$line" | sed -n "s/.*[ ,]$1: \([0-9]*\).*/\1/p"; }
passed=$(count passed); failed=$(count failed); crashed=$(count crashed)
skipped=$(count skipped); errors=$(count errors)
failed=$(( ${failed:-0} + ${crashed:-0} + ${errors:-0} + reports ))
[ -n "$line" ] || failed=$((failed + 1))
[ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "${passed:-0} passed, $failed failed, ${skipped:-0} skipped"
[ "$failed" = 0 ]
