# SPDX-License-Identifier: GPL-2.0
# Before any scenario: the guest runs user space at all (scripts/sim.sh
# preflight), and a process's floating-point state survives context switches
# and signals: two awk processes computing the same sum at once, interrupted
# by each other, must agree with one computing it alone.
say "scenario: userspace"
sum='BEGIN { s = 0; for (i = 1; i <= 300000; i++) s += 1 / i; printf "%.15f\n", s }'
alone=$(awk "$sum")
awk "$sum" >/tmp/a &
awk "$sum" >/tmp/b &
wait
[ -n "$alone" ] && [ "$alone" = "$(cat /tmp/a)" ] && [ "$alone" = "$(cat /tmp/b)" ] &&
	say "user space: ok, floating point agrees across processes ($alone)" ||
	fail "floating point differs: $alone / $(cat /tmp/a) / $(cat /tmp/b)"
