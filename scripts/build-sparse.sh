#!/bin/bash
# Print the path of a sparse that this kernel accepts (scripts/checker-valid.sh).
# Debian 12's sparse 0.6.4 is too old for 7.2 (no __typeof_unqual__); then
# build Debian's newer sparse from its source package (sid), once, into
# build/sparse.
set -eu
. "$(dirname "$0")/lib.sh"
valid() { [ "$(sh "$tree/scripts/checker-valid.sh" "$1" -m64 2>/dev/null)" = 1 ]; }

if command -v sparse >/dev/null && valid "$(command -v sparse)"; then
	command -v sparse
	exit 0
fi
out=$build/sparse
if [ -x "$out/sparse" ] && valid "$out/sparse"; then
	echo "$out/sparse"
	exit 0
fi
private_apt "$build/apt-src" deb-src "sid forky"
rm -rf "$out" && mkdir -p "$out/dl"
(cd "$out/dl" && apt-get "${apt_opts[@]}" -qq source --download-only sparse >/dev/null)
tar -xzf "$out"/dl/sparse_*.orig.tar.* -C "$out" --strip-components=1 2>/dev/null ||
	tar -xf "$out"/dl/sparse_*.orig.tar.* -C "$out" --strip-components=1
make -s -C "$out" -j"$(nproc)" sparse > "$out/build.log" 2>&1 || { tail "$out/build.log" >&2; die "building sparse failed"; }
valid "$out/sparse" || die "Debian's sparse $(ls "$out"/dl/*.dsc) is not accepted by this kernel either"
echo "$out/sparse"
