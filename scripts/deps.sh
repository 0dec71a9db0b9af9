#!/bin/bash
# Install what the harness needs from Debian, the packages of config/deps.txt
# (idempotent; root or sudo).
set -eu
. "$(dirname "$0")/lib.sh"
missing=()
while read -r p _; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done < <(deps_table)
[ ${#missing[@]} -gt 0 ] || { echo "deps: all installed"; exit 0; }
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
