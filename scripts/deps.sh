#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Usage: scripts/deps.sh PACKAGE...
# Installs the Debian packages that are missing when run as root on Debian;
# otherwise prints one line naming them and fails.
set -eu
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
	echo "nova_vmm: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends $missing >&2
	exit 0
fi
echo "nova_vmm: missing packages:$missing (apt-get install$missing)" >&2
exit 1
