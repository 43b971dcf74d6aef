#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The real nova_vmm.ko on a simulated GPU: sim/nvsim serves a PCI device to a
# UML kernel (scripts/simkernel.sh) through virt-pci; a busybox guest on a
# hostfs root insmods the module and the sample client.
#
#   scripts/sim.sh run [CHIP]     make run: one chip (GA102 by default),
#                                 prints what happened
#   scripts/sim.sh check [CHIP..] make check-sim: every scenario on every
#                                 chip, and the module flow with the suites
#   scripts/sim.sh one NAME [CHIP] one scenario (check_NAME: run, flr,
#                                 tlb-stuck, ...) on one chip, to iterate
#
# Environment: NVSIM_TRACE=1 keeps a trace of every access the simulator
# served in $NOVA_CACHE/sim-logs/<run>.trace. Logs of each run are in
# $NOVA_CACHE/sim-logs. NOVA_SIM_DIR moves the guest's root, the modules,
# the logs and the socket (default $NOVA_CACHE): checkouts that run at the
# same time need one each, or they boot each other's modules.
set -eu
PROJ=$(cd "$(dirname "$0")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_vmm}
export NOVA_CACHE
UM="ARCH=um SUBARCH=x86_64"
ALL_CHIPS="TU102 GA100 GA102 AD102 GH100 GB202"
SIMDIR=${NOVA_SIM_DIR:-$NOVA_CACHE}
ROOT=$SIMDIR/sim-root
LOGS=$SIMDIR/sim-logs
MODS=$SIMDIR/sim-mod
SOCK=$SIMDIR/nvsim.sock
REPORTS='BUG:|WARNING:|UBSAN:|Oops|Kernel panic|possible recursive locking|circular locking|kmemleak: .*new suspected'

"$PROJ/scripts/deps.sh" busybox-static build-essential >&2

# mirror SRC... DST: copy the sources a module build needs (objects stay out
# of the checkout).
mirror() {
	dst=$1
	shift
	mkdir -p "$dst"
	rsync -rc --delete --prune-empty-dirs --include='*/' --include='Kbuild' \
		--include='*.c' --include='*.h' --exclude='*' "$@" "$dst/"
}

build() {
	make -s -C "$PROJ/sim" >&2
	KBUILD=$("$PROJ/scripts/simkernel.sh")
	exec 9>"$NOVA_CACHE/build.lock"
	flock 9
	mirror "$MODS/nova_vmm" "$PROJ/Kbuild" "$PROJ/include" "$PROJ/src" "$PROJ/tests" \
		"$PROJ/samples"
	make -s -C "$KBUILD" $UM M="$MODS/nova_vmm" CONFIG_NOVA_VMM=m W=1 modules >&2
	mirror "$MODS/kunit" "$PROJ/Kbuild" "$PROJ/include" "$PROJ/src" "$PROJ/tests" \
		"$PROJ/samples"
	make -s -C "$KBUILD" $UM M="$MODS/kunit" CONFIG_NOVA_VMM=m \
		CONFIG_NOVA_VMM_KUNIT_TEST=y modules >&2
	mirror "$MODS/client/samples/nova_vmm_client" "$PROJ/samples/nova_vmm_client/"
	mirror "$MODS/client/include" "$PROJ/include/"
	make -s -C "$KBUILD" $UM M="$MODS/client/samples/nova_vmm_client" W=1 \
		KBUILD_EXTRA_SYMBOLS="$MODS/nova_vmm/Module.symvers" modules >&2
	mirror "$MODS/gpuvm/samples/nova_vmm_gpuvm" "$PROJ/samples/nova_vmm_gpuvm/"
	mirror "$MODS/gpuvm/include" "$PROJ/include/"
	make -s -C "$KBUILD" $UM M="$MODS/gpuvm/samples/nova_vmm_gpuvm" W=1 \
		KBUILD_EXTRA_SYMBOLS="$MODS/nova_vmm/Module.symvers" modules >&2
	flock -u 9

	mkdir -p "$ROOT/bin" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp" "$LOGS"
	cp /bin/busybox "$ROOT/bin/busybox"
	cp "$PROJ/scripts/simroot/init" "$PROJ/scripts/simroot/lib.sh" "$ROOT/"
	chmod +x "$ROOT/init"
	cp "$MODS/nova_vmm/nova_vmm.ko" "$ROOT/nova_vmm.ko"
	cp "$MODS/kunit/nova_vmm.ko" "$ROOT/nova_vmm_kunit.ko"
	cp "$MODS/client/samples/nova_vmm_client/nova_vmm_client.ko" "$ROOT/"
	cp "$MODS/gpuvm/samples/nova_vmm_gpuvm/nova_vmm_gpuvm.ko" "$ROOT/"
}

# boot NAME SCENARIO [CHIP [NVSIM-OPTIONS...]]: one UML boot; no CHIP, no GPU.
boot() {
	name=$1 scenario=$2
	shift 2
	log=$LOGS/$name
	cp "$PROJ/scripts/simroot/scenarios/$scenario.sh" "$ROOT/scenario.sh"
	dev=
	rm -f "$SOCK" "$log".*
	if [ $# -gt 0 ]; then
		chip=$1
		shift
		trace=
		[ -z "${NVSIM_TRACE:-}" ] || trace="--trace $log.trace"
		# shellcheck disable=SC2086
		"$PROJ/sim/nvsim" --socket "$SOCK" --chip "$chip" $trace "$@" \
			2>"$log.nvsim" &
		nvsim=$!
		i=0
		while [ ! -S "$SOCK" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		dev="virtio_uml.device=$SOCK:1234 virt_pci.max_delay_us=60000000"
	fi
	# shellcheck disable=SC2086
	timeout 600 "$KBUILD/linux" mem=512M con=null con0=fd:0,fd:1 \
		root=/dev/root rootfstype=hostfs hostfs="$ROOT" rw init=/init \
		kunit.filter_glob='nova_vmm*' $dev </dev/null >"$log.uml" 2>&1 || true
	if [ -n "$dev" ]; then
		i=0
		while kill -0 "$nvsim" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill "$nvsim" 2>/dev/null || true
		wait "$nvsim" || echo "nova-sim: nvsim exited with $?" >>"$log.uml"
	fi
}

# expect NAME PATTERN...: every extended regex must match a line of the
# guest's log (or, with nvsim:, of the simulator's).
expect() {
	log=$LOGS/$1
	shift
	for pat in "$@"; do
		case "$pat" in
		nvsim:*) f=$log.nvsim ;;
		*) f=$log.uml ;;
		esac
		grep -qE -- "$pat" "$f" || { echo "  missing: $pat"; bad=1; }
	done
}

# verdict NAME: the guest finished with no failure and no kernel report.
verdict() {
	log=$LOGS/$1
	grep -q 'nova-sim: scenario done: failures=0' "$log.uml" || bad=1
	grep 'nova-sim: FAIL' "$log.uml" | sed 's/^/  /' || true
	if grep -qE "$REPORTS" "$log.uml"; then
		grep -nE -A12 "$REPORTS" "$log.uml" | head -40 | sed 's/^/  /'
		bad=1
	fi
	# The simulator saw the driver break a rule of the hardware.
	if grep -q 'warning: ' "$log.nvsim" 2>/dev/null; then
		grep 'warning: ' "$log.nvsim" | head -5 | sed 's/^/  /'
		bad=1
	fi
	if [ "$bad" = 0 ]; then
		echo "nova-sim: PASS $1"
		passed=$((passed + 1))
	else
		echo "nova-sim: FAIL $1 (logs: $log.uml, $log.nvsim)"
		failed=$((failed + 1))
	fi
}

# The guest's own lines and the kernel's lines about nova_vmm, for people.
show_run() {
	grep -E 'nova-sim:|nova_vmm|nova_vmm_client' "$LOGS/$1.uml" |
		grep -v 'loading out-of-tree\|module verification failed' || true
	grep -E 'nvsim: (bind|fault|rebar|summary)' "$LOGS/$1.nvsim" || true
}

nvsim_count() {
	sed -n "s/.*nvsim: summary.* $2=\([0-9]*\).*/\1/p" "$LOGS/$1.nvsim" | tail -n 1
}

check_run() {
	chip=$1 name=run-$1 bad=0
	boot "$name" run "$chip"
	expect "$name" "nova_vmm [0-9a-f:.]*: $chip " 'nova-sim: nova_vmm bound 1 GPU' \
		'4 KiB pages: .*PRAMIN read: ok; PRAMIN write, BAR1 read: ok' \
		'64 KiB pages: .*PRAMIN read: ok; PRAMIN write, BAR1 read: ok' \
		'2 MiB pages: .*PRAMIN read: ok; PRAMIN write, BAR1 read: ok' \
		'2 MiB pages: BAR1 read after unmap: 0xffffffff' \
		'nova_vmm_client: passed' 'nova_vmm_client: unmapped and freed' \
		'BAR1: 1024 MiB failed \(-(ENOSPC|28)\)' 'BAR1 resized from 256 MiB to 512 MiB' \
		'nvsim: rebar: BAR1 256 MiB -> 512 MiB' \
		'nova-sim:   bar1: 512 MiB, dynamic' 'nova-sim:   bar1 used: 2048 KiB' \
		'nova-sim:   bar1 largest free: [0-9]+ KiB' \
		'nova-sim:   ok' 'nova-sim: kmemleak: no leaks' \
		'nvsim: bind: BAR2 instance block' 'nvsim: bind: BAR1 instance block' \
		'nvsim: fault: bar1 read' 'nvsim: summary'
	[ -z "${SHOW:-}" ] || show_run "$name"
	verdict "$name"
}

# The drm_gpuvm sample: nine binds and unbinds, each one batch with one
# invalidate, every page of the 8 MiB checked through BAR1 and in a channel
# address space after each; the BAR1 journal shows them; no leak.
check_gpuvm() {
	chip=$1 name=gpuvm-$1 bad=0
	boot "$name" gpuvm "$chip"
	for step in 1 2 3 4 5 6 7 8 9; do
		expect "$name" "nova_vmm_gpuvm: step $step .*BAR1: 0 bad pages; channel: 0 bad pages"
	done
	expect "$name" 'nova_vmm_gpuvm: step 3 .*: batch of 0 steps' \
		'nova_vmm_gpuvm: step 2 .*: batch of 4 steps' \
		'nova_vmm_gpuvm: step 9 sparse bind .*: batch of 2 steps' \
		'nova_vmm_gpuvm: passed \(0\)' 'nova_vmm_gpuvm: unbound and freed' \
		'nova-sim: --- .*/bar1/journal' 'nova-sim:   ok' 'nova-sim: kmemleak: no leaks'
	# A batch on BAR1 must not put the BAR address space (it takes no reference).
	! grep -q 'put refused' "$LOGS/$name.uml" || { echo "  a BAR address space was put"; bad=1; }
	[ -z "${SHOW:-}" ] || show_run "$name"
	verdict "$name"
}

check_probe() {
	chip=$1 name=probe-$1 bad=0
	# NV_CHIP_EXTENDED_SYSTEM_PHYSICAL_ADDRESS_BITS: tu102 and gh100 hwproject.h.
	case $chip in
	GH* | GB*) bits=52 ;;
	*) bits=47 ;;
	esac
	boot "$name" probe "$chip"
	expect "$name" 'nova-sim: round 1: bound' 'nova-sim: round 2: bound' \
		"nova-sim: round 1: dma_mask_bits $bits, bus master on" \
		"nova-sim: round 2: dma_mask_bits $bits, bus master on" \
		'nova-sim: kmemleak: no leaks' 'nvsim: summary'
	binds=$(nvsim_count "$name" binds)
	# Each round binds BAR2 and BAR1, and unbinds both on removal.
	[ "${binds:-0}" -ge 8 ] || { echo "  nvsim saw ${binds:-no} binds, expected 8"; bad=1; }
	verdict "$name"
}

# The VRAM layout: probe refuses vram_mib into reserved VRAM, dmesg and
# debugfs show the reserved ranges (nvsim warns on any write into them).
check_reserved() {
	chip=$1 name=reserved-$1 bad=0
	boot "$name" reserved "$chip"
	expect "$name" 'overlaps the VGA workspace at 0x3ff00000-0x40000000: refused' \
		'nova-sim: a range into reserved VRAM: refused' \
		'nova-sim: a range below reserved VRAM: bound' \
		'VRAM reserved 0x3ff00000-0x40000000: VGA workspace' \
		'nova-sim:   vram: 1024 MiB, allocating from 0x3e800000-0x3f800000' \
		'nova-sim:   vram reserved: 0x3ff00000-0x40000000 VGA workspace' \
		'nova-sim:   vram reserved: 0x3[0-9a-f]*-0x3[0-9a-f]* FRTS \(WPR2\)' \
		'nova-sim: kmemleak: no leaks' 'nvsim: summary'
	[ "$chip" != GA100 ] ||
		expect "$name" 'nova-sim:   vram reserved: 0x3fc00000-0x40000000 MMU lock'
	verdict "$name"
}

# BARs that are not nova_vmm's: bound by firmware before probe (left alone,
# and nvsim warns if the driver writes their block register), or absent
# from PCI (--barN-mib 0). The other BAR and the module work as usual.
check_bars() {
	chip=$1
	name=bars-prebound-bar1-$chip bad=0
	boot "$name" bars "$chip" --fault prebound-bar1
	expect "$name" 'BAR1 already bound in virtual mode \(instance block 0x0, target 0\): left alone' \
		'nova-sim: BAR address spaces: \[bar2\]' 'nvsim: firmware: BAR1 bound' \
		"nova-sim:   bar1: firmware's"
	verdict "$name"
	name=bars-prebound-bar2-$chip bad=0
	boot "$name" bars "$chip" --fault prebound-bar2
	expect "$name" 'BAR2 already bound in virtual mode \(instance block 0x2000, target 0\): left alone' \
		'nova-sim: BAR address spaces: \[bar1\]' 'nvsim: firmware: BAR2 bound' \
		"nova-sim:   bar2: firmware's"
	verdict "$name"
	name=bars-no-bar1-$chip bad=0
	boot "$name" bars "$chip" --bar1-mib 0
	expect "$name" 'no BAR1 resource: no BAR1 address space' \
		'nova-sim: BAR address spaces: \[bar2\]' 'nova-sim:   bar1: absent'
	verdict "$name"
	name=bars-no-bar2-$chip bad=0
	boot "$name" bars "$chip" --bar2-mib 0
	expect "$name" 'no BAR2 resource: no BAR2 address space' \
		'nova-sim: BAR address spaces: \[bar1\]' 'nova-sim:   bar2: absent'
	verdict "$name"
}

# Static BAR1 on 512 MiB of VRAM: Resizable BAR grows BAR1 from 256 MiB to
# 512 MiB, which covers the usable VRAM; the client reads and writes VRAM
# through BAR1 at the offsets nova_vmm reports. Reloaded with rebar=0,
# nova_vmm does not resize and finds BAR1 at 512 MiB, static again.
check_static() {
	chip=$1 name=static-$1 bad=0
	boot "$name" static "$chip" --vram-mib 512
	expect "$name" 'BAR1 resized from 256 MiB to 512 MiB' \
		'nvsim: rebar: BAR1 256 MiB -> 512 MiB' \
		'static BAR1: VRAM 0x0-0x1f[0-9a-f]{6} mapped at the same BAR1 offsets' \
		'static BAR1: VRAM 0x[0-9a-f]+ at BAR1 0x[0-9a-f]+: BAR1 write, PRAMIN read: ok; PRAMIN write, BAR1 read: ok; vmm_map: -16' \
		'nova_vmm_client: passed' 'nova-sim:   bar1: 512 MiB, static' \
		'nova-sim:   bar1 free: [0-9]+ KiB' 'nova-sim:   ok' \
		'BAR1 stays 512 MiB: off \(rebar=0\)' 'nova-sim: kmemleak: no leaks'
	verdict "$name"
}

# Garbage in the VRAM size register (review L13): 0xfffffffe is 4 PiB in
# NV_USABLE_FB_SIZE_IN_MB and 945 GiB in LOCAL_MEMORY_RANGE (MAG 63, SCALE
# 14, ECC), more than any chip addresses: the probe refuses, says what it
# read, writes nothing to BAR0 and leaks nothing.
check_vram_size() {
	chip=$1 name=vram-size-$1 bad=0
	boot "$name" vramsize "$chip" --fault vram-size-reg=0xfffffffe
	expect "$name" 'nova-sim: garbage VRAM size: refused' \
		"$chip reports [0-9]+ MiB of VRAM \(NV_[A-Z_]+ 0xfffffffe\), more than the [0-9]+ MiB .*: refused" \
		'nova-sim: kmemleak: no leaks' 'nvsim: summary'
	writes=$(nvsim_count "$name" bar0_writes)
	[ "${writes:-x}" = 0 ] || { echo "  $writes BAR0 writes, expected 0"; bad=1; }
	verdict "$name"
}

check_tlb_stuck() {
	chip=$1 name=tlb-stuck-$1 bad=0
	boot "$name" tlb-stuck "$chip" --fault tlb-stuck
	expect "$name" 'TLB invalidate of PDB .* timed out' 'nova_vmm_client: FAILED \(-110\)'
	verdict "$name"
}

check_gone() {
	chip=$1 bad=0
	boot "load-$chip" load "$chip"
	writes=$(nvsim_count "load-$chip" bar0_writes)
	name=gone-map-$chip
	boot "$name" gone "$chip" --fault "gone-after-writes=$((${writes:-0} + 200))"
	expect "$name" 'nova_vmm_client: FAILED \(-19\)' 'nova-sim: kmemleak: no leaks'
	verdict "$name"
	name=gone-invalidate-$chip bad=0
	boot "$name" gone "$chip" --fault gone-at-invalidate
	expect "$name" 'nova_vmm_client: FAILED \(-19\)' 'nova-sim: kmemleak: no leaks'
	verdict "$name"
}

# Unbind through sysfs while the sample client keeps a BAR1 mapping, bind
# again, twice (issue 17 item 5): the client's add runs and passes three
# times, its remove releases twice on unbind and once on unload; nothing
# leaks, and nvsim sees no stale BAR1 translation after a rebind.
check_unbind() {
	chip=$1 name=unbind-$1 bad=0
	boot "$name" unbind "$chip"
	expect "$name" 'nova-sim: round 1: unbound' 'nova-sim: round 1: bound again' \
		'nova-sim: round 2: unbound' 'nova-sim: round 2: bound again' \
		'nova-sim: kmemleak: no leaks' 'nvsim: summary'
	passes=$(grep -c 'nova_vmm_client: passed' "$LOGS/$name.uml" || true)
	freed=$(grep -c 'nova_vmm_client: unmapped and freed' "$LOGS/$name.uml" || true)
	[ "$passes" = 3 ] || { echo "  the client passed $passes times, expected 3"; bad=1; }
	[ "$freed" = 3 ] || { echo "  the client released $freed times, expected 3"; bad=1; }
	verdict "$name"
}

# Function level reset through sysfs while the sample client keeps a BAR1
# mapping, twice, with nvsim wiping VRAM on each (issue 17 item 5): the
# PCI core's FLR calls reset_prepare/reset_done, the restore rewrites the
# tables from the shadow tree, both BARs verify, the client's mapping reads
# back both ways; nothing leaks.
check_flr() {
	chip=$1 name=flr-$1 bad=0
	boot "$name" flr "$chip" --flr-wipe
	expect "$name" 'nova_vmm_client: passed' \
		'nova-sim: reset methods: .*flr' \
		'nova-sim: round 1: reset done' 'nova-sim: round 2: reset done' \
		'nova-sim: round 2: bar1 verify ok' 'nova-sim: round 2: bar2 verify ok' \
		'nova-sim: round 2: BAR1 mappings read back' \
		'nova_vmm_client: recheck: BAR1 .*: BAR1 write, PRAMIN read: ok; PRAMIN write, BAR1 read: ok' \
		'nova-sim: kmemleak: no leaks' \
		'nvsim: flr: function level reset 2: .*VRAM wiped' 'nvsim: summary'
	restores=$(grep -c 'restored: page tables rewritten from the shadow tree' "$LOGS/$name.uml" || true)
	rechecks=$(grep -c 'nova_vmm_client: recheck: .*read: ok; .*read: ok' "$LOGS/$name.uml" || true)
	[ "$restores" = 2 ] || { echo "  $restores restores, expected 2"; bad=1; }
	[ "$rechecks" = 2 ] || { echo "  $rechecks good rechecks, expected 2"; bad=1; }
	verdict "$name"
}

check_kunit() {
	name=kunit bad=0
	boot "$name" kunit
	sed -n '/nova-sim: KTAP begins/,/nova-sim: KTAP ends/p' "$LOGS/$name.uml" |
		python3 "$NOVA_CACHE/linux-sim/tools/testing/kunit/kunit.py" parse \
		>"$LOGS/$name.parsed" 2>&1 || bad=1
	grep -E 'Testing complete|FAILED|CRASHED' "$LOGS/$name.parsed" | sed 's/^/  /'
	expect "$name" 'nova-sim: kmemleak: no leaks'
	verdict "$name"
}

# preflight: before any scenario, the guest must reach user space. A UML
# kernel that cannot restore a process's FPU state on this host panics at
# /init ("ptrace set fp regs failed"); say so in one line, naming the CPU.
preflight() {
	name=preflight bad=0
	boot "$name" userspace
	expect "$name" 'nova-sim: user space: ok' 'nova-sim: scenario done: failures=0' >/dev/null
	! grep -qE "$REPORTS" "$LOGS/$name.uml" || bad=1
	if [ "$bad" = 0 ]; then
		echo "nova-sim: PASS preflight: user space runs, floating point agrees" \
			"($(grep -m1 -o 'Host FPU state: [0-9]* bytes' "$LOGS/$name.uml"))"
		return
	fi
	feats=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
		grep -E '^(avx512f|amx_tile|amx_int8|amx_bf16|avx2|xsave)$' | tr '\n' ' ')
	feats=${feats:-no xsave}
	fpu=$(sed -n 's/.*Host FPU state: \([0-9]*\) bytes.*/\1/p' "$LOGS/$name.uml" | head -n 1)
	why=$(grep -m1 -oE 'ptrace set fp regs failed[^\r]*|Kernel panic[^\r]*' "$LOGS/$name.uml" ||
		echo "no user-space output")
	echo "nova-sim: FAIL preflight: the UML guest cannot run user space on this host" \
		"($why; host CPU:$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2-)," \
		"features: ${feats% }; host FPU state ${fpu:-unknown} bytes)" \
		"- see scripts/simkernel/0004-um-host-sized-fpu-state.patch; log: $LOGS/$name.uml"
	exit 1
}

passed=0 failed=0
cmd=${1:-run}
[ $# -gt 0 ] && shift
case $cmd in
run)
	chip=${1:-GA102}
	build
	start=$(date +%s)
	preflight
	SHOW=1 check_run "$chip"
	[ -z "${STATIC:-}" ] || check_static "$chip"
	echo "nova-sim: $chip: $passed passed, $failed failed ($(($(date +%s) - start)) s)"
	;;
check)
	build
	preflight
	passed=$((passed + 1))
	name=model-self-test bad=0
	make -s -C "$PROJ/sim" test >"$LOGS/$name.log" 2>&1 || bad=1
	tail -n 1 "$LOGS/$name.log" | sed 's/^/  /'
	[ "$bad" = 0 ] && echo "nova-sim: PASS $name" && passed=$((passed + 1)) ||
		{ echo "nova-sim: FAIL $name ($LOGS/$name.log)"; failed=$((failed + 1)); }
	check_kunit
	for chip in ${*:-$ALL_CHIPS}; do
		check_probe "$chip"
		check_run "$chip"
		check_reserved "$chip"
		check_vram_size "$chip"
		check_bars "$chip"
		check_static "$chip"
		check_tlb_stuck "$chip"
		check_gone "$chip"
		check_unbind "$chip"
		check_flr "$chip"
		check_gpuvm "$chip"
	done
	echo "nova-sim: $passed passed, $failed failed"
	;;
one)
	[ $# -gt 0 ] || { echo "usage: $0 one NAME [CHIP]" >&2; exit 2; }
	build
	"check_$(echo "$1" | tr - _)" "${2:-GA102}"
	;;
*)
	echo "usage: $0 run [CHIP] | check [CHIP...] | one NAME [CHIP]" >&2
	exit 2
	;;
esac
[ "$failed" = 0 ]
