#!/bin/bash
# make bench: the same measurement programs on the unpatched base and on the
# patched kernel, side by side.
#   bench.sh
# Builds the base (a worktree of build/linux at tag "base", build/obj/base)
# and the series head (build/obj/x86_64) with the same config, through
# ccache; builds the selftests once, from the patched tree; boots each
# kernel under QEMU the same way with tests/bench.list; then writes
# bench/results.md and the plots bench/*.png (both git-ignored).
# The base runs tests that assert what only the series provides: their
# failures there are expected, and only the figures are kept.
set -eu
. "$(dirname "$0")/lib.sh"
out=$top/bench
res=$build/results
mkdir -p "$out" "$res"
t0=$(date +%s)
step() { echo "== bench: $* ($(($(date +%s) - t0))s)"; }

"$top/scripts/tree.sh"
. "$build/base/base.env"

step "base kernel"
"$top/scripts/build-base.sh"

"$top/scripts/build-qemu.sh"

step "patched kernel and selftests"
"$top/scripts/build-kernel.sh" x86_64
"$top/scripts/build-kernel.sh" x86_64 headers
VARIANT=x86_64 "$top/scripts/build-tools.sh" selftests

# Neither run's verdict matters here, only its figures; the run must still
# have come back whole (init reached its end).
for v in base x86_64; do
	step "VM: $v"
	"$top/scripts/vm-suite.sh" "$v" tests/bench.list "${VM_TIMEOUT:-1200}" "bench-$v" > "$res/bench-$v.log" 2>&1 || true
	grep -aq '^# kvmclock-harness: done' "$res/bench-$v/tap.log" ||
		die "the $v run did not finish; see build/results/bench-$v/console.log"
done

step "report"
gcc -O2 -Wall -Wextra -Werror -o "$build/model/kvmclock-model" "$top/model/kvmclock-model.c"
"$build/model/kvmclock-model" > "$out/model.md"
"$build/model/kvmclock-model" --curve > "$out/divergence.dat"
"$build/model/kvmclock-model" --compare "$res/bench-x86_64/console.log" > "$out/model-check.txt" || true
# kvmclock_exact_test -m on both kernels: each measured figure against the model.
"$build/model/kvmclock-model" --measured "$res/bench-base/tap.log" base > "$out/measured-base.md" || true
"$build/model/kvmclock-model" --measured "$res/bench-x86_64/tap.log" series > "$out/measured-series.md" || true
# Past 60 s only the model speaks, and only if it matched every base line.
"$build/model/kvmclock-model" --extend "$res/bench-base/tap.log" > "$out/extend.md" || true
python3 "$top/scripts/bench-report.py" --out "$out" \
	--base "$res/bench-base/tap.log" --patched "$res/bench-x86_64/tap.log" \
	--base-console "$res/bench-base/console.log" --patched-console "$res/bench-x86_64/console.log" \
	--model "$out/model.md" --model-check "$out/model-check.txt" \
	--measured-base "$out/measured-base.md" --measured-series "$out/measured-series.md" \
	--extend "$out/extend.md" \
	--env "accelerator: $("$top/scripts/detect-accel.sh") ($(qemu_bin | sed "s|^$top/||"), QEMU $("$(qemu_bin)" --version | head -n 1 | awk '{ print $4 }'))" \
	--env "base: $BASE_PACKAGE $BASE_VERSION, sha256 $BASE_SHA256" \
	--env "series: $(git -C "$tree" rev-list --count base..HEAD) patches, build/linux HEAD $(git -C "$tree" rev-parse --short HEAD)" \
	--env "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
for p in "$out"/*.gp; do
	gnuplot "$p"
done
step "done"
echo "bench: $(realpath --relative-to="$PWD" "$out/results.md")"
ls "$out"/*.png
