# SPDX-License-Identifier: GPL-2.0
# Helpers for the scenarios that scripts/sim.sh runs in the UML guest. Every
# line meant for the host starts with "nova-sim:".
FAILURES=0
DBG=/sys/kernel/debug

say() { echo "nova-sim: $*"; }
fail() { say "FAIL: $*"; FAILURES=$((FAILURES + 1)); }

# must CMD...: run CMD, count a failure when it fails.
must() {
	"$@" || fail "$* (rc=$?)"
}

# must_fail ERRNO-TEXT CMD...: CMD must fail (insmod prints the errno text).
must_fail() {
	want=$1
	shift
	out=$("$@" 2>&1) && { fail "$* succeeded, expected $want"; return; }
	case "$out" in
	*"$want"*) say "as expected: $* -> $want" ;;
	*) fail "$*: '$out', expected $want" ;;
	esac
}

# The nova_vmm debugfs directory of the first bound GPU.
gpu_dbg() {
	for d in "$DBG"/nova_vmm/*; do
		[ -d "$d" ] && { echo "$d"; return; }
	done
}

show() {
	[ -r "$1" ] || { fail "missing $1"; return; }
	say "--- $1"
	sed 's/^/nova-sim:   /' "$1"
}

bound() {
	ls /sys/bus/pci/drivers/nova_vmm 2>/dev/null | grep -c '^0000:' || true
}

# Leak check: forget what is already allocated, then after the module is
# gone, scan twice (kmemleak reports objects older than 5 s only).
leak_baseline() {
	echo clear >"$DBG/kmemleak" || fail "kmemleak not available"
}

leak_check() {
	sleep 6
	echo scan >"$DBG/kmemleak"
	echo scan >"$DBG/kmemleak"
	leaks=$(grep -c '^unreferenced object' "$DBG/kmemleak")
	if [ "$leaks" = 0 ]; then
		say "kmemleak: no leaks"
	else
		cat "$DBG/kmemleak"
		fail "kmemleak: $leaks unreferenced objects"
	fi
}
