#!/bin/bash
# Fetch the base kernel: Debian's linux-source-7.2, newest 7.2.x offered by
# trixie-backports, forky or sid, through a private apt state that reuses the
# mirror this machine's apt is already configured with.
#
# Output: build/base/linux-source.tar.xz and build/base/base.env
# (BASE_VERSION, BASE_SHA256, BASE_SUITE).  BASE_VERSION_PIN=7.2.x-y pins a version.
set -eu
. "$(dirname "$0")/lib.sh"
out=$build/base
state=$build/apt
pkg=linux-source-7.2

if [ -f "$out/base.env" ] && [ -f "$out/linux-source.tar.xz" ] && [ -z "${REFRESH:-}" ]; then
	. "$out/base.env"
	if [ -z "${BASE_VERSION_PIN:-}" ] || [ "$BASE_VERSION_PIN" = "$BASE_VERSION" ]; then
		echo "base: $pkg $BASE_VERSION (cached), sha256 $BASE_SHA256"
		exit 0
	fi
fi

mkdir -p "$out"
private_apt "$state" deb "trixie-backports forky sid"
# "version|suite" lines, newest first (apt-cache madison sorts by version).
offers=$(apt-cache "${apt_opts[@]}" madison "$pkg" |
	awk -F'|' '{ gsub(/ /, "", $2); split($3, u, " "); split(u[2], s, "/"); print $2 "|" s[1] }')
if [ -n "${BASE_VERSION_PIN:-}" ]; then
	line=$(echo "$offers" | grep -F "$BASE_VERSION_PIN|" | head -n 1 || true)
else
	line=$(echo "$offers" | grep -E '^7\.2\.' | head -n 1 || true)
fi
if [ -z "$line" ]; then
	echo "fetch-base: no $pkg ${BASE_VERSION_PIN:-7.2.x} offered by trixie-backports, forky or sid" >&2
	exit 1
fi
version=${line%%|*}
suite=${line#*|}

tmp=$(mktemp -d "$build/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$pkg=$version")
deb=$(ls "$tmp"/*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./usr/src/linux-source-7.2.tar.xz
mv "$tmp/usr/src/linux-source-7.2.tar.xz" "$out/linux-source.tar.xz"
sha=$(sha256sum "$out/linux-source.tar.xz" | cut -d' ' -f1)
cat > "$out/base.env" <<ENV
BASE_PACKAGE=$pkg
BASE_VERSION=$version
BASE_SUITE=$suite
BASE_SHA256=$sha
ENV
echo "base: $pkg $version from $suite, linux-source-7.2.tar.xz sha256 $sha"
