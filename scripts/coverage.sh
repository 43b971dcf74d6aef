#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make coverage: line coverage of src/ by the KUnit suites.
#
# Builds the UML KUnit kernel with gcov (CONFIG_GCOV, the UML way: the whole
# kernel is compiled with --coverage and the .gcda files are written when the
# UML process exits) from tests/coverage.kunitconfig, in its own build
# directory ($NOVA_CACHE/build-cov), runs every nova_vmm suite (the bench
# suite is not built), and reads the counters of the src/ objects with gcov.
# A line counts as covered when any object that compiles it (a header's
# inline functions are in several) executed it. The sanitizers of
# tests/.kunitconfig stay on (KASAN works with CONFIG_GCOV under UML). A
# first run is a full kernel build (about 7 minutes on 2 cores); after an
# edit, about 2 minutes.
#
# Excluded: src/drv/drv.c, the PCI glue (probe, remove, the PCI id table,
# vmm_bar1_iomap()). It needs a PCI device with BARs; the KUnit suites bring
# GPUs up with nova_gpu_init() on the fake GPU instead, and the end-to-end
# scenarios of scripts/sim.sh (make check-sim) run it against the simulated
# GPU. Nothing else is excluded.
#
# Writes bench/COVERAGE.md (per file, total, the lines never run) and fails
# when the suites fail or total coverage is below COVERAGE_MIN percent
# (default 90). Ends with one line:
#   coverage: src/ 93.4% lines (N of M), excluding src/drv/drv.c
#
# Usage: scripts/coverage.sh [kunit.py run options]
# Environment: COVERAGE_MIN, NOVA_CACHE, JOBS.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
KBUILD=$NOVA_CACHE/build-cov
CONFIG=$PROJ/tests/coverage.kunitconfig
EXCLUDE=src/drv/drv.c
MIN=${COVERAGE_MIN:-90}

# tests/coverage.kunitconfig is tests/.kunitconfig plus the gcov options:
# fail when the two drift apart.
missing=$(grep -v -x -F -f "$CONFIG" "$PROJ/tests/.kunitconfig" || true)
if [ -n "$missing" ]; then
	echo "coverage: tests/coverage.kunitconfig lacks, from tests/.kunitconfig:"
	echo "$missing"
	exit 1
fi

# GCC 12's libgcov.a defines a global mangle_path(), as the kernel does
# (fs/seq_file.c): the UML link fails. Link a copy with the symbol renamed,
# found first through -B.
libgcov=$(gcc -print-file-name=libgcov.a)
mkdir -p "$NOVA_CACHE/gcov" "$KBUILD"
objcopy --redefine-sym mangle_path=__nova_vmm_gcov_mangle_path "$libgcov" \
	"$NOVA_CACHE/gcov/libgcov.a.new"
cmp -s "$NOVA_CACHE/gcov/libgcov.a.new" "$NOVA_CACHE/gcov/libgcov.a" ||
	mv "$NOVA_CACHE/gcov/libgcov.a.new" "$NOVA_CACHE/gcov/libgcov.a"
rm -f "$NOVA_CACHE/gcov/libgcov.a.new"
CC_OPT="CC=gcc -B$NOVA_CACHE/gcov/"

# GCC runs gcov's dump-at-exit from .fini_array.00100 sections, which UML's
# linker script (arch/um/kernel/dyn.lds.S) does not put in .fini_array: no
# .gcda file would ever be written. Build once, add them to the generated
# vmlinux.lds of this build directory (the shared tree stays as it is), and
# let kunit.sh relink. Counters add up across runs: start from zero. Under
# the lock scripts/kunit.sh builds under.
"$PROJ/scripts/deps.sh" build-essential bc flex bison libelf-dev libssl-dev \
	python3 rsync
KSRC=$("$PROJ/scripts/ksrc.sh")
lds=$KBUILD/arch/um/kernel/vmlinux.lds
(
	flock 9
	"$PROJ/scripts/mirror.sh" "$KSRC"
	(cd "$KSRC" && python3 tools/testing/kunit/kunit.py build --arch=um \
		--build_dir="$KBUILD" --kunitconfig="$CONFIG" --jobs="${JOBS:-$(nproc)}" \
		--make_options="$CC_OPT") >"$NOVA_CACHE/coverage-build.log" 2>&1 || {
		tail -n 40 "$NOVA_CACHE/coverage-build.log"
		echo "coverage: the gcov kernel did not build"
		exit 1
	}
	if grep -q '\*(\.fini_array)' "$lds" && ! grep -q 'fini_array\.\*' "$lds"; then
		sed -i 's/\*(\.fini_array)/KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*))) &/' "$lds"
	fi
	find "$KBUILD" -name '*.gcda' -delete
) 9>"$NOVA_CACHE/build.lock"

BUILD_NAME=cov KUNITCONFIG=$CONFIG "$PROJ/scripts/kunit.sh" \
	--make_options="$CC_OPT" 'nova_vmm*' "$@" || {
	echo "coverage: the suites failed; no coverage figures"
	exit 1
}

obj=$KBUILD/drivers/misc/nova_vmm/src
mkdir -p "$PROJ/bench"
python3 - "$obj" "$EXCLUDE" "$MIN" \
	"$PROJ/bench/COVERAGE.md" "$PROJ" <<'EOF'
import glob, json, math, os, re, subprocess, sys

obj, exclude, minimum, report, proj = sys.argv[1], sys.argv[2].split(), float(sys.argv[3]), \
    sys.argv[4], sys.argv[5]
if not glob.glob(os.path.join(obj, '**', '*.gcda'), recursive=True):
    sys.exit('coverage: no .gcda files under %s (did the UML kernel exit cleanly?)' % obj)
# An object without .gcda (never registered) counts as never run; one whose
# source is gone from src/ (a file moved to a layer folder) is stale.
gcno = sorted(f for f in glob.glob(os.path.join(obj, '**', '*.gcno'), recursive=True)
              if os.path.exists(os.path.join(proj, 'src', os.path.relpath(f, obj)[:-5] + '.c')))

# line number -> largest count, per src/ file, over every object.
lines = {}
for f in gcno:
    d = os.path.dirname(f)
    out = subprocess.run(['gcov', '--json-format', '--stdout', '-o', d, f[:-5] + '.c'],
                         cwd=d, check=True, capture_output=True, text=True).stdout
    for doc in out.splitlines():
        if not doc.strip():
            continue
        for src in json.loads(doc)['files']:
            m = re.search(r'drivers/misc/nova_vmm/(src/.*)$', src['file'])
            if not m or m.group(1) in exclude:
                continue
            per = lines.setdefault(m.group(1), {})
            for ln in src['lines']:
                n = ln['line_number']
                per[n] = max(per.get(n, 0), ln['count'])

def ranges(nums):
    out, start, prev = [], None, None
    for n in nums + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(str(start) if start == prev else '%d-%d' % (start, prev))
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ', '.join(out)

rows, hit_all, tot_all = [], 0, 0
for name in sorted(lines):
    per = lines[name]
    hit = sum(1 for c in per.values() if c > 0)
    tot = len(per)
    hit_all += hit
    tot_all += tot
    miss = sorted(n for n, c in per.items() if c == 0)
    rows.append((name, hit, tot, miss))

# Rounded down: 89.99 must not print as 90.0.
pct = lambda h, t: math.floor(1000.0 * h / t) / 10 if t else 100.0
total = pct(hit_all, tot_all)
md = ['# Line coverage of src/ by the KUnit suites', '',
      '`make coverage` (scripts/coverage.sh): the UML KUnit kernel built with',
      'gcov from tests/coverage.kunitconfig (tests/.kunitconfig, sanitizers',
      'included, plus CONFIG_GCOV), every nova_vmm suite but the benchmarks.',
      'Excluded: %s (the PCI glue: probe, remove, the id table,' % ', '.join(exclude),
      'vmm_bar1_iomap(); it needs a PCI device, and the end-to-end scenarios',
      'of `make check-sim` run it on the simulated GPU). Nothing else is',
      'excluded. Minimum: %g %%.' % minimum, '',
      '| file | lines run | lines | coverage |', '|---|---:|---:|---:|']
for name, hit, tot, miss in rows:
    md.append('| %s | %d | %d | %.1f %% |' % (name, hit, tot, pct(hit, tot)))
md.append('| **total** | **%d** | **%d** | **%.1f %%** |' % (hit_all, tot_all, total))
md += ['', '## Lines never run', '']
for name, hit, tot, miss in rows:
    if miss:
        md.append('- %s: %s' % (name, ranges(miss)))
with open(report, 'w') as f:
    f.write('\n'.join(md) + '\n')

w = max(len(r[0]) for r in rows)
for name, hit, tot, miss in rows:
    print('%-*s %5d of %5d  %5.1f%%' % (w, name, hit, tot, pct(hit, tot)))
print('coverage: wrote bench/COVERAGE.md')
if total < minimum:
    print('coverage: below the minimum of %g%%' % minimum)
print('coverage: src/ %.1f%% lines (%d of %d), excluding %s'
      % (total, hit_all, tot_all, ', '.join(exclude)))
sys.exit(1 if total < minimum else 0)
EOF
