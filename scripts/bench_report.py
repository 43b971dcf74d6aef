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
# Model profiles of shared/reference/peers-and-limits.md 2.2 (ns): an
# uncached posted store, a non-posted read, an invalidate.
PROFILES = {"low": (50, 900, 2000), "mid": (100, 1500, 5000), "high": (300, 2000, 20000)}
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


def modelled_ms(r, profile):
    store, read, inv = PROFILES[profile]
    return (r["writes"] * store + r["reads"] * read + r["inv"] * inv) / 1e6


def restore_table(rows):
    """Resume after VRAM loss: rewrite 1 GiB worth of tables from the shadow tree."""
    if not rows:
        return []
    out = ["", "Restore (resume, slot reset: every table, the root and the instance block "
           "rewritten from the shadow tree, one invalidate) of an address space with 1 GiB "
           "mapped; modelled time = writes x store + reads x read + invalidates x "
           "invalidate, profiles low/mid/high of peers-and-limits.md 2.2:", "",
           "| case | pages | MMIO writes | MMIO reads | window moves | invalidates "
           "| fake GPU ms | model low ms | mid ms | high ms |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['case']} | {r['pages']} | {r['writes']} | {r['reads']} | "
                   f"{r['moves']} | {r['inv']} | {r['ns'] * r['pages'] / 1e6:.2f} | "
                   f"{modelled_ms(r, 'low'):.2f} | {modelled_ms(r, 'mid'):.2f} | "
                   f"{modelled_ms(r, 'high'):.2f} |")
    return out


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
        for r in (r for r in rows if r["chip"] == chip and
                  not r["case"].startswith(("scale", "restore"))):
            init = r["pt"] // 4 + 2 + 3 if r["lbw"] else 0
            out.append(f"| {r['case']} | {r['pages']} | {r['reads']} | {r['writes']} | "
                       f"{r['lbw'] or '-'} | {ratio(r['writes'], r['lbw'])} | "
                       f"{init or '-'} | {ratio(r['writes'], init)} | {r['moves']} | "
                       f"{r['inv']} | {r['pt']} | {r['lbb'] or '-'} | "
                       f"{ratio(r['pt'], r['lbb'])} | {r['ns']} |")
        out += restore_table([r for r in rows if r["chip"] == chip and
                              r["case"].startswith("restore")])
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
