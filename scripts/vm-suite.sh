#!/bin/bash
# Pack the tests of one or more lists into an initramfs, boot the kernel of
# VARIANT with it, and judge the TAP that comes back.
#   vm-suite.sh VARIANT LIST[,LIST...] TIMEOUT [NAME]
# Results: build/results/NAME/{console.log,tap.log,summary.md}; with
# RESULTS_TSV set, rows are appended there too (check.sh gathers them).
# A list's "# boot: ARGS" lines go on the L1's kernel command line; with
# KUNIT_GLOB=none (no KUnit at boot) the model is not compared with it.
set -eu
. "$(dirname "$0")/lib.sh"
variant=$1 lists=$2 limit=$3 name=${4:-$(basename "${2%%,*}" .list)}
out=$build/results/$name
kernel=$build/obj/$variant/arch/x86/boot/bzImage
mkdir -p "$out"
. "$build/base/base.env"

IFS=, read -r -a files <<< "$lists"
cat "${files[@]/#/$top/}" > "$out/tests.list"
boot=$(sed -n 's/^# boot: //p' "$out/tests.list" | paste -sd ' ' -)
"$top/scripts/mkinitramfs.sh" "$out/tests.list" "$out/initramfs.cpio"
set +e
EXTRA_APPEND="${EXTRA_APPEND:-} $boot" "$top/scripts/run-vm.sh" "$kernel" \
	"$out/initramfs.cpio" "$out" "$limit"
vm=$?
head=$(git -C "$tree" log --reverse --format=%s base..HEAD | wc -l)
python3 "$top/scripts/summarize.py" "$out/tap.log" --expect "$top/tests/expect.txt" \
	--console "$out/console.log" --known-splats "$top/tests/known-splats.txt" \
	--markdown "$out/summary.md" --title "kvmclock series: $name ($variant)" \
	--env "base: $BASE_PACKAGE $BASE_VERSION, linux-source-7.2.tar.xz sha256 $BASE_SHA256" \
	--env "series: $head patch(es), build/linux HEAD $(git -C "$tree" rev-parse --short HEAD)" \
	--prefix "${ROW_PREFIX:-}" ${boot:+--env "L1 command line adds: $boot"} \
	--env "accelerator: $("$top/scripts/detect-accel.sh"), $(qemu_bin | sed "s|^$top/||"): $("$(qemu_bin)" --version | head -n 1)" \
	${RESULTS_TSV:+--tsv "$RESULTS_TSV"}
st=$?
# The before/after divergence table, and the model checked against KUnit.
model=0
if [ "${KUNIT_GLOB:-}" != none ]; then
	"$top/scripts/model.sh" "$out/console.log"
	model=$?
fi
echo "results: ${out#$top/}/summary.md (console: ${out#$top/}/console.log, model: build/results/model.md)"
[ $vm -eq 0 ] && [ $st -eq 0 ] && [ $model -eq 0 ]
