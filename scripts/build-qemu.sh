#!/bin/bash
# Build the QEMU the test VM runs: Debian's source of the qemu-system-x86
# this machine has installed (Debian's own patches applied, as in its
# binary), plus the patch queue in qemu-patches/ (qemu-patches/series),
# x86_64-softmmu only, into build/qemu.  Rebuilt only when the source
# version or the patches change; nothing to do under KVM (lib.sh's qemu_bin
# runs Debian's binary there) or when QEMU names another binary.
#   build-qemu.sh
# Output: build/qemu/qemu-system-x86_64, build/qemu/qemu.env
# (QEMU_VERSION, QEMU_SHA256: Debian's .orig tarball, QEMU_PATCHES: sha256
# of the patch queue).
set -eu
. "$(dirname "$0")/lib.sh"
out=$build/qemu
src=$out/src
bin=$out/qemu-system-x86_64

q=$(qemu_bin)
if [ "$q" != "$bin" ]; then
	echo "qemu: not needed, the VM runs $q"
	exit 0
fi
version=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
	die "qemu-system-x86 is not installed (scripts/deps.sh)"
patches=$(cd "$top/qemu-patches" && grep -v -e '^#' -e '^$' series | xargs cat series | sha256sum | cut -d' ' -f1)
if [ -x "$bin" ] && [ -f "$out/qemu.env" ] && grep -qxF "QEMU_VERSION=$version" "$out/qemu.env" &&
   grep -qxF "QEMU_PATCHES=$patches" "$out/qemu.env"; then
	echo "qemu: $version + qemu-patches/ (built)"
	exit 0
fi

t0=$(date +%s)
rm -rf "$out" && mkdir -p "$out/dl"
private_apt "$build/apt-qemu" deb-src "bookworm bookworm-updates"
(cd "$out/dl" && apt-get "${apt_opts[@]}" -qq source --download-only "qemu=$version" >/dev/null) ||
	die "no source package qemu $version on this machine's mirror"
(cd "$out/dl" && dpkg-source -q -x ./*.dsc "$src" >/dev/null 2>&1) || die "dpkg-source could not unpack qemu $version"
sha=$(sha256sum "$out"/dl/*.orig.tar.* | cut -d' ' -f1)
rm -rf "$src/.pc"
git -C "$src" init -q && git -C "$src" add -A &&
	git -C "$src" -c user.name="$ident_name" -c user.email="$ident_email" commit -q -m "Debian qemu $version"
while read -r p; do
	git -C "$src" -c user.name="$ident_name" -c user.email="$ident_email" am -q "$top/qemu-patches/$p" ||
		die "qemu-patches/$p does not apply to qemu $version"
done < <(grep -v -e '^#' -e '^$' "$top/qemu-patches/series")

qemu_cc
mkdir -p "$src/b"
(cd "$src/b" && ../configure "${qemu_lean_opts[@]}" --cc="$cc" \
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu \
	--enable-tcg --enable-kvm > "$out/configure.log" 2>&1) ||
	{ tail -n 20 "$out/configure.log" >&2; die "QEMU's configure failed"; }
ninja -C "$src/b" qemu-system-x86_64 > "$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "building QEMU failed"; }
cp "$src/b/qemu-system-x86_64" "$bin"
cat > "$out/qemu.env" <<ENV
QEMU_VERSION=$version
QEMU_SHA256=$sha
QEMU_PATCHES=$patches
ENV
echo "qemu: $version (orig sha256 $sha) + $(grep -cv -e '^#' -e '^$' "$top/qemu-patches/series") patch(es), built in $(($(date +%s) - t0))s"
