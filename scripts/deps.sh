#!/bin/bash
# Install what the harness needs from Debian (idempotent; root or sudo).
set -eu
pkgs=(build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
	python3 python3-ply python3-git perl git ca-certificates ccache sparse
	qemu-system-x86 busybox-static file gnuplot-nox)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || { echo "deps: all installed"; exit 0; }
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
