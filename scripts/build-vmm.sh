#!/bin/bash
# Everything make vmm puts on the L1's initramfs beside the tests, under
# build/vmm/root (mkinitramfs.sh copies it for a list that says
# "# payload: vmm"):
#   /vmm/qemu-system-x86_64, /vmm/lib (its shared libraries and their
#       loader, run as lib/ld-linux-x86-64.so.2 --library-path lib),
#   /vmm/fw (the microvm firmware, from this machine's QEMU packages),
#   /vmm/l2/bzImage and initrd.cpio (the L2 guest, /init = l2-clock),
#   /vmm/clock-ns, /tests/vmm-scenario.
#   build-vmm.sh
set -eu
. "$(dirname "$0")/lib.sh"
out=$build/vmm
root=$out/root

"$top/scripts/build-qemu-vmm.sh"
"$top/scripts/build-kernel.sh" l2
[ -x "$build/tools/l2-clock" ] && [ -x "$build/tools/clock-ns" ] ||
	die "no build/tools/l2-clock (make selftests builds the tools)"

rm -rf "$root" && mkdir -p "$root/vmm/lib" "$root/vmm/fw" "$root/vmm/l2" "$root/tests"
q=$build/qemu-vmm/qemu-system-x86_64
cp "$q" "$root/vmm/"
# The libraries as the dynamic loader resolves them here.
ldd "$q" | awk '/=> \// { print $3 } /^\t\/lib64\/ld-linux/ { print $1 }' | while read -r l; do
	cp -L "$l" "$root/vmm/lib/$(basename "$l")"
done
[ -f "$root/vmm/lib/ld-linux-x86-64.so.2" ] || die "no ld-linux-x86-64.so.2 among the VMM's libraries"
for f in bios-microvm.bin linuxboot_dma.bin kvmvapic.bin; do
	p=$(ls /usr/share/qemu/$f /usr/share/seabios/$f 2>/dev/null | head -n 1)
	[ -n "$p" ] || die "no $f (qemu-system-data, seabios)"
	cp -L "$p" "$root/vmm/fw/"
done
cp "$build/obj/l2/arch/x86/boot/bzImage" "$root/vmm/l2/"
l2=$(mktemp -d "$build/l2root.XXXXXX")
mkdir -p "$l2/proc" "$l2/sys" "$l2/dev"
strip -o "$l2/init" "$build/tools/l2-clock"
(cd "$l2" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$root/vmm/l2/initrd.cpio"
rm -rf "$l2"
strip -o "$root/vmm/clock-ns" "$build/tools/clock-ns"
cp "$top/initramfs/vmm-scenario" "$root/tests/"
echo "vmm: payload $(du -sh "$root" | cut -f1) in ${root#$top/}"
