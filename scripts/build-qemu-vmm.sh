#!/bin/bash
# Build the VMM that make vmm runs inside the L1: QEMU 10.0 from Debian's
# source package (trixie, the newest QEMU Debian ships, where a QEMU
# developer would look at a patch), with its linux-headers refreshed from
# the series' tree by QEMU's own scripts/update-linux-headers.sh, and the
# patch queue qemu-vmm-patches/ (series) applied.  KVM only, microvm only.
#   build-qemu-vmm.sh
# Output: build/qemu-vmm/qemu-system-x86_64 and qemu.env (QEMU_VERSION,
# QEMU_SHA256 of Debian's .orig tarball, QEMU_PATCHES, LINUX_HEADERS: the
# series commit the headers came from, MESON).
# Bookworm's meson (1.0) is older than QEMU 10 needs (1.5) and the +ds
# source has no bundled wheel, so trixie's meson package (pure Python) is
# unpacked under build/ and run with the system Python; nothing is
# installed.  The series in qemu-vmm-patches/series may name "@headers":
# the header refresh runs there (after the patch that lets the script read
# Linux 7.2's headers) and is committed as one commit.
set -eu
. "$(dirname "$0")/lib.sh"
out=$build/qemu-vmm
src=$out/src
bin=$out/qemu-system-x86_64
version=1:10.0.13+ds-0+deb13u1
queue=$top/qemu-vmm-patches

patches=$(cd "$queue" && grep -v -e '^#' -e '^$' -e '^@' series | xargs cat series | sha256sum | cut -d' ' -f1)
headers=$(git -C "$tree" rev-parse HEAD)
if [ -x "$bin" ] && [ -f "$out/qemu.env" ] && grep -qxF "QEMU_VERSION=$version" "$out/qemu.env" &&
   grep -qxF "QEMU_PATCHES=$patches" "$out/qemu.env" &&
   grep -qxF "LINUX_HEADERS=$headers" "$out/qemu.env"; then
	echo "qemu-vmm: $version + qemu-vmm-patches/ (built)"
	exit 0
fi

t0=$(date +%s)
rm -rf "$src" "$bin" "$out/qemu.env" && mkdir -p "$out/dl"
if ! ls "$out"/dl/*.dsc >/dev/null 2>&1; then
	private_apt "$build/apt-qemu-vmm" deb-src "trixie trixie-updates"
	(cd "$out/dl" && apt-get "${apt_opts[@]}" -qq source --download-only "qemu=$version" >/dev/null) ||
		die "no source package qemu $version on this machine's mirror"
fi
if [ ! -d "$out/meson/root" ]; then
	private_apt "$build/apt-qemu-vmm" deb "trixie"
	rm -rf "$out/meson" && mkdir -p "$out/meson"
	(cd "$out/meson" && apt-get "${apt_opts[@]}" -qq download meson >/dev/null &&
		dpkg -x meson_*.deb root) || die "could not fetch trixie's meson"
fi
meson=$(basename "$out"/meson/meson_*.deb .deb)
(cd "$out/dl" && dpkg-source -q -x ./*.dsc "$src" >/dev/null 2>&1) || die "dpkg-source could not unpack qemu $version"
sha=$(sha256sum "$out"/dl/*.orig.tar.* | cut -d' ' -f1)
rm -rf "$src/.pc"
g() { git -C "$src" -c user.name="$ident_name" -c user.email="$ident_email" "$@"; }
g init -q && g add -A && g commit -q -m "Debian qemu $version"
while read -r p; do
	if [ "$p" = @headers ]; then
		(cd "$src" && scripts/update-linux-headers.sh "$tree" > "$out/headers.log" 2>&1) ||
			{ tail -n 5 "$out/headers.log" >&2; die "scripts/update-linux-headers.sh failed"; }
		g add -A && g commit -q -m "linux-headers: Update to the kvmclock series ($(git -C "$tree" describe --always HEAD))"
		continue
	fi
	g am -q "$queue/$p" || die "qemu-vmm-patches/$p does not apply to qemu $version"
done < <(grep -v -e '^#' -e '^$' "$queue/series")

qemu_cc
# Only the microvm board: what the L2 needs, and a shorter build.
printf 'CONFIG_MICROVM=y\n' > "$src/configs/devices/x86_64-softmmu/vmm.mak"
mkdir -p "$src/b"
(cd "$src/b" && PYTHONPATH=$out/meson/root/usr/lib/python3/dist-packages ../configure \
	--python=/usr/bin/python3 "${qemu_lean_opts[@]}" --cc="$cc" \
	--firmwarepath=/usr/share/qemu:/usr/share/seabios --disable-install-blobs \
	--without-default-devices --with-devices-x86_64=vmm \
	--disable-tcg --enable-kvm > "$out/configure.log" 2>&1) ||
	{ tail -n 20 "$out/configure.log" >&2; die "QEMU's configure failed"; }
ninja -C "$src/b" qemu-system-x86_64 > "$out/build.log" 2>&1 ||
	{ grep -m 20 -B 2 -A 8 'error:' "$out/build.log" >&2 || tail -n 30 "$out/build.log" >&2
	  die "building the VMM QEMU failed"; }
strip -o "$bin" "$src/b/qemu-system-x86_64"
cat > "$out/qemu.env" <<ENV
QEMU_VERSION=$version
QEMU_SHA256=$sha
QEMU_PATCHES=$patches
LINUX_HEADERS=$headers
MESON=$meson
ENV
echo "qemu-vmm: $version (orig sha256 $sha) + $(grep -cv -e '^#' -e '^$' -e '^@' "$queue/series") patch(es)," \
	"headers of $(git -C "$tree" describe --always HEAD), built in $(($(date +%s) - t0))s"
