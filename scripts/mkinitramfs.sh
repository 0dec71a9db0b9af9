#!/bin/bash
# Pack the test VM's initramfs: busybox, our init, the probe and the selftest
# binaries named in the test list.
#   mkinitramfs.sh LIST OUT.cpio [SELFTEST_DIR]
# LIST: lines "name timeout-seconds [args...]" (as initramfs/init reads them).
set -eu
. "$(dirname "$0")/lib.sh"
list=$1 out=$2 stdir=${3:-$build/selftests}

bb=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
file -L "$bb" 2>/dev/null | grep -q 'statically linked' ||
	die "$bb is not static (apt-get install busybox-static)"

root=$(mktemp -d "$build/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,tests,etc}
cp "$bb" "$root/bin/busybox"
for a in $("$bb" --list); do
	[ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
cp "$top/initramfs/init" "$root/init"
cp "$build/tools/kvmclock-probe" "$root/tests/"
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$list" > "$root/tests/list" || true
# "# payload: NAME": build/NAME/root goes onto the initramfs as it is
# (scripts/build-vmm.sh); tests it brings are not looked for among the
# selftests.
for p in $(sed -n 's/^# payload: //p' "$list"); do
	[ -d "$build/$p/root" ] || die "no $build/$p/root (make $p)"
	cp -a "$build/$p/root/." "$root/"
done
while read -r name _; do
	[ ! -e "$root/tests/$name" ] || continue
	src=$stdir/$name
	[ -x "$src" ] || die "selftest $name was not built ($src)"
	mkdir -p "$root/tests/$(dirname "$name")"
	strip -o "$root/tests/$name" "$src"
done < "$root/tests/list"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$out"
echo "initramfs: $(wc -l < "$root/tests/list") selftest(s), $(du -h "$out" | cut -f1)"
