#!/bin/bash
# Fetch the base kernel: Debian's linux-source-7.2, newest 7.2.x offered by
# trixie-backports, forky or sid, through a private apt state that reuses the
# mirror this machine's apt is already configured with.
#
# Output: build/base/linux-source.tar.xz and build/base/base.env
# (BASE_VERSION, BASE_SHA256, BASE_SUITE).  BASE_VERSION=... pins a version.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/base
state=$top/build/apt
pkg=linux-source-7.2

if [ -f "$out/base.env" ] && [ -f "$out/linux-source.tar.xz" ] && [ -z "${REFRESH:-}" ]; then
	. "$out/base.env"
	if [ -z "${BASE_VERSION_PIN:-}" ] || [ "$BASE_VERSION_PIN" = "$BASE_VERSION" ]; then
		echo "base: $pkg $BASE_VERSION (cached), sha256 $BASE_SHA256"
		exit 0
	fi
fi

mirror=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
	grep -v -e '-security' -e '-updates' | grep '/debian/*$' | sort -u | head -n 1)
if [ -z "$mirror" ]; then
	echo "fetch-base: no Debian mirror found in this machine's apt configuration" >&2
	echo "fetch-base: (run 'apt-get update' once, then retry)" >&2
	exit 1
fi

rm -rf "$state"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/sources.d" "$out"
cat > "$state/sources.d/base.sources" <<SRC
Types: deb
URIs: $mirror
Suites: trixie-backports forky sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$state/sources.d"
	-o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
	-o Dir::State::status=/dev/null -o Acquire::Languages=none
	-o APT::Sandbox::User=root)

apt-get "${apt_opts[@]}" -qq update
# Newest 7.2.x first (apt-cache madison lists by version, descending).
line=$(apt-cache "${apt_opts[@]}" madison "$pkg" |
	awk -F'|' '{gsub(/ /,"",$2); print $2 "|" $3}' |
	grep -E '^7\.2\.' | head -n 1 || true)
if [ -n "${BASE_VERSION_PIN:-}" ]; then
	line=$(apt-cache "${apt_opts[@]}" madison "$pkg" |
		awk -F'|' '{gsub(/ /,"",$2); print $2 "|" $3}' |
		grep -F "$BASE_VERSION_PIN|" | head -n 1 || true)
fi
if [ -z "$line" ]; then
	echo "fetch-base: no $pkg ${BASE_VERSION_PIN:-7.2.x} offered by trixie-backports, forky or sid" >&2
	exit 1
fi
version=${line%%|*}
suite=$(echo "${line#*|}" | awk '{print $2}' | cut -d/ -f1)

tmp=$(mktemp -d "$top/build/fetch.XXXXXX")
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
