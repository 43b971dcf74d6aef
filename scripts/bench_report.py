#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the BENCH| lines of a nova_vmm_bench run into bench/RESULTS.md.

Usage: bench_report.py TEST_LOG MACHINE_DESCRIPTION > RESULTS.md
"""
import re
import sys

CHIPS = {0x172: "GA102 (MMU v2)", 0x1b2: "GB202 (MMU v3)"}
# nova-core's algorithm, from its code (shared/reference/nova-core-mm.md 4.4):
# per page a root-to-leaf walk in prepare and again in execute (v2: 5 qword
# reads, v3: 6), one PTE read and one PTE write; per new table 512 zeroing
# qword writes and a PDE write; per call one invalidate (3 writes, 1 poll).
WALK = {0x172: 5, 0x1b2: 6}
DIRS = {0x172: 3, 0x1b2: 4}


def parse(path):
    rows = []
    for line in open(path, errors="replace"):
        m = re.search(r"BENCH\|(.*)$", line.strip())
        if not m:
            continue
        f = m.group(1).split("|")
        chip = int(f[0], 16)
        nums = [int(x) for x in f[2:]]
        keys = ["pages", "reads", "writes", "moves", "inv", "pt", "ns", "lbw", "lbb"]
        rows.append(dict(chip=chip, case=f[1], **dict(zip(keys, nums))))
    return rows


def rust_model(chip, pages):
    tables = -(-pages // 512) + DIRS[chip]
    reads = 2 * (2 * WALK[chip] + 1) * pages + 1
    writes = 2 * pages + tables * (1024 + 2) + 3
    return reads, writes


def ratio(a, b):
    return f"{a / b:.3f}" if b else "-"


def main():
    rows = parse(sys.argv[1])
    if not rows:
        sys.exit("bench_report: no BENCH lines in " + sys.argv[1])
    out = ["# nova_vmm benchmark results", "",
           "Produced by `make bench` (scripts/bench.sh): the `nova_vmm_bench` KUnit suite "
           "on the fake GPU, in a UML kernel without sanitizers. MMIO counts (32-bit "
           "accesses) come from the fake GPU's counters; times from `ktime` in UML on "
           f"{sys.argv[2]}: compare them with each other, not with hardware.", "",
           "Lower bound (lb): 2 dwords per leaf entry written, 2 per PDE the mapping needs, "
           "3 invalidate writes; table bytes: the tables the mapping needs at their size. "
           "The bound leaves out that every entry of a new table must be initialised once: "
           "VRAM from the allocator holds old data, so the unused entries of a new "
           "directory (the other half of each PD0 entry, the other 510 entries of a new "
           "PD1 or PD2) must be written as zero. `init` is the bound with that added: "
           "the new tables' bytes / 4, plus 2 per changed entry of a table that existed, "
           "plus 3. nova_vmm writes each new table exactly once, whole, and never zeroes "
           "first, so it meets `init` but for window moves. Unmap frees the emptied "
           "tables and clears only the entries that link them (negative table bytes: "
           "freed).", ""]
    for chip in sorted({r["chip"] for r in rows}):
        out += [f"## {CHIPS.get(chip, hex(chip))}", "",
                "| case | pages | MMIO reads | MMIO writes | lb | ratio | init | ratio "
                "| window moves | invalidates | table bytes | lb | ratio | ns/page |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in (r for r in rows if r["chip"] == chip and not r["case"].startswith("scale")):
            init = r["pt"] // 4 + 2 + 3 if r["lbw"] else 0
            out.append(f"| {r['case']} | {r['pages']} | {r['reads']} | {r['writes']} | "
                       f"{r['lbw'] or '-'} | {ratio(r['writes'], r['lbw'])} | "
                       f"{init or '-'} | {ratio(r['writes'], init)} | {r['moves']} | "
                       f"{r['inv']} | {r['pt']} | {r['lbb'] or '-'} | "
                       f"{ratio(r['pt'], r['lbb'])} | {r['ns']} |")
        scale = [r for r in rows if r["chip"] == chip and r["case"].startswith("scale")]
        base = next((r for r in scale if r["pages"] == 1 << 10), None)
        out += ["", "Scaling, 4 KiB pages in a fresh address space, against nova-core's "
                "algorithm (its cost model, same N):", "",
                "| pages | writes/page | lb/page | ns/page | ns/page vs 2^10 | reads "
                "| nova-core reads/page | nova-core writes/page |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in scale:
            rr, rw = rust_model(chip, r["pages"])
            out.append(f"| {r['pages']} | {r['writes'] / r['pages']:.3f} | "
                       f"{r['lbw'] / r['pages']:.3f} | {r['ns']} | "
                       f"{ratio(r['ns'], base['ns']) if base else '-'} | {r['reads']} | "
                       f"{rr / r['pages']:.2f} | {rw / r['pages']:.2f} |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
