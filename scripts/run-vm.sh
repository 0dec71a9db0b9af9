#!/bin/bash
# Boot a kernel with an initramfs under QEMU and bring back its TAP verdict.
#   run-vm.sh KERNEL INITRAMFS OUTDIR [TIMEOUT_SECONDS]
# OUTDIR gets console.log (kernel messages) and tap.log (what init printed).
# Exit status: 0 when init finished and no TAP line failed, 1 otherwise.
# ACCEL=tcg|kvm|auto (auto: kvm only where /dev/kvm can run an ordinary
# kernel, i.e. kvm_intel or kvm_amd with nested=1; else tcg).
# QEMU=PATH: the qemu-system-x86_64 to run (default: lib.sh's qemu_bin).
set -eu
. "$(dirname "$0")/lib.sh"
kernel=$1 initrd=$2 outdir=$3 limit=${4:-1800}
mkdir -p "$outdir"
console=$outdir/console.log tap=$outdir/tap.log
rm -f "$console" "$tap"

accel=$("$top/scripts/detect-accel.sh")
qemu=$(qemu_bin)
[ -x "$qemu" ] || die "no $qemu: run scripts/build-qemu.sh (make qemu), or set QEMU"
case $accel in
kvm) cpu=(-accel kvm -cpu host,+invtsc) ;;
tcg) cpu=(-accel tcg,thread=multi -cpu max,+invtsc,x-force-features=on) ;;
*) die "unknown accelerator '$accel'" ;;
esac
# The harness's QEMU restarts the TSC at 0 when the L1 wakes from S3, as
# real machines do (qemu-patches/0003); the suspend tests need it.
[ "$qemu" != "$build/qemu/qemu-system-x86_64" ] || cpu+=(-machine pc,x-tsc-reset-on-wakeup=on)
append="console=ttyS0 tsc=reliable clocksource=tsc panic=-1 oops=panic"
append+=" loglevel=7 kunit.filter_glob=${KUNIT_GLOB:-kvm*} ${EXTRA_APPEND:-}"

echo "vm: $accel, ${qemu#$top/}, $(basename "$kernel"), limit ${limit}s, logs in ${outdir#$top/}"
set +e
timeout -s KILL "$limit" "$qemu" "${cpu[@]}" -smp 2 -m "${VM_MEM:-3G}" \
	-nodefaults -display none -no-reboot -monitor none \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-serial "file:$console" -serial "file:$tap" 2> "$outdir/qemu.err"
rc=$?
set -e
grep -v -e 'does not support invtsc' -e "doesn't support requested feature" \
	"$outdir/qemu.err" >&2 || true

if [ $rc -eq 137 ]; then
	echo "vm: TIMEOUT: killed after ${limit}s; console tail:" >&2
	tail -n 30 "$console" >&2
	exit 1
fi
if ! grep -q '^# kvmclock-harness: done' "$tap" 2>/dev/null; then
	echo "vm: init did not finish (qemu exit $rc); console tail:" >&2
	tail -n 40 "$console" >&2
	exit 1
fi
exit 0
