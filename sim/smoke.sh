#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot UML against nvsim once: list the PCI device, optionally insmod a
# driver, power off. Prints the UML console and nvsim's stderr.
#
#   sim/smoke.sh [CHIP [nvsim options...]]
#   env: LINUX (UML kernel, default /root/.cache/nova_vmm/build-sim/linux)
#        KO    (a nova_vmm.ko built for that kernel: insmod'ed and removed)
#        CLIENT (a nova_vmm_client.ko: insmod'ed with probe_unmapped=1 after KO)
#        KEEP  (keep the temporary directory)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
linux=${LINUX:-/root/.cache/nova_vmm/build-sim/linux}
chip=${1:-GA102}
[ $# -gt 0 ] && shift
tmp=$(mktemp -d /tmp/nvsim-smoke.XXXXXX)
root=$tmp/root
sock=$tmp/nvsim.sock

make -s -C "$here" nvsim
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
[ -n "${KO:-}" ] && cp "$KO" "$root/nova_vmm.ko"
[ -n "${CLIENT:-}" ] && cp "$CLIENT" "$root/nova_vmm_client.ko"
cat > "$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] || continue
	echo "smoke: pci $(basename $d) vendor=$(cat $d/vendor) device=$(cat $d/device) class=$(cat $d/class)"
	head -3 "$d/resource" | sed 's/^/smoke: resource /'
done
if [ -f /nova_vmm.ko ]; then
	insmod /nova_vmm.ko && echo "smoke: insmod ok" || echo "smoke: insmod failed"
	if [ -f /nova_vmm_client.ko ]; then
		insmod /nova_vmm_client.ko probe_unmapped=1 && echo "smoke: client ok" ||
			echo "smoke: client failed"
		rmmod nova_vmm_client
	fi
	dmesg | grep -i -e nova -e nvidia | sed 's/^/smoke: dmesg /'
	rmmod nova_vmm && echo "smoke: rmmod ok"
fi
echo "smoke: done"
poweroff -f
EOF
chmod +x "$root/init"

"$here/nvsim" --socket "$sock" --chip "$chip" "$@" 2> "$tmp/nvsim.log" &
pid=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

status=0
timeout 120 "$linux" mem=256M con=null con0=fd:0,fd:1 \
	virtio_uml.device="$sock:1234" virt_pci.max_delay_us=20000000 \
	root=/dev/root rootfstype=hostfs hostfs="$root" rw init=/init \
	< /dev/null > "$tmp/uml.log" 2>&1 || status=$?

i=0
while kill -0 $pid 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2> /dev/null && kill -TERM $pid
wait $pid || status=$?

echo "=== UML (exit $status) ==="
grep -e smoke: -e 'pci 0000' -e 'pci_bus' -e nova -e 10de "$tmp/uml.log" || cat "$tmp/uml.log"
echo "=== nvsim ==="
cat "$tmp/nvsim.log"
[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
exit $status
