#!/bin/bash
# make coverage: which lines the series adds to KVM the tests execute.
#   coverage.sh [LIST...]
# Builds the coverage kernel (config/coverage.config: gcov counters in the
# KVM objects the series changes), boots it once per list (default: the
# clock suite with the stock tests, then the L1 without TSC scaling, then
# the suspend test; each list's "# boot:" line applies), brings back the
# counters each boot dumps after its tests (initramfs/init), and has
# scripts/coverage.py match them against the lines each patch adds to
# arch/x86/kvm and arch/x86/include (git blame base..HEAD).  Prints the
# per-patch table; writes build/results/coverage/coverage.md.  The test
# verdicts are those of each boot's summary (results in
# build/results/coverage-*/); a failing test does not stop the count.
set -eu
. "$(dirname "$0")/lib.sh"
out=$build/results/coverage
lists=("$@")
[ ${#lists[@]} -gt 0 ] ||
	lists=(tests/clock.list,tests/stock.list tests/noscale.list tests/suspend.list)
command -v gcov >/dev/null || die "no gcov (Debian package gcc)"

"$top/scripts/build-kernel.sh" coverage
VARIANT=coverage "$top/scripts/build-tools.sh" selftests
"$top/scripts/build-qemu.sh"
obj=$build/obj/coverage
rm -rf "$out"
mkdir -p "$out"
runs=()
for l in "${lists[@]}"; do
	name=coverage-$(basename "${l%%,*}" .list)
	ROW_PREFIX="coverage: " KUNIT_GLOB=kvm* "$top/scripts/vm-suite.sh" coverage "$l" \
		"${VM_TIMEOUT:-2400}" "$name" || echo "coverage: $l had failures (counted anyway)"
	run=$out/$name
	mkdir -p "$run/gcda"
	sed -n 's/^# gcov: //p' "$build/results/$name/tap.log" | tr -d '\r' | base64 -d | tar -xz -C "$run/gcda" ||
		die "no gcov counters in $name's TAP (not a coverage kernel?)"
	# Each counter file beside its notes file, for gcov.
	find "$run/gcda" -name '*.gcda' | while read -r f; do
		o=$(basename "$f" .gcda)
		cp "$f" "$run/$o.gcda"
		cp "$obj/arch/x86/kvm/$o.gcno" "$run/$o.gcno"
	done
	(cd "$run" && for f in *.gcda; do gcov -j -o . "$f" > /dev/null; done)
	runs+=("$run")
done
python3 "$top/scripts/coverage.py" --tree "$tree" --md "$out/coverage.md" "${runs[@]}"
echo "coverage: ${out#$top/}/coverage.md"
