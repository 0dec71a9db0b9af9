#!/bin/bash
# The userspace model of the base 7.2 clock arithmetic (model/): build it,
# check its invariants, compare it with the kernel's KUnit grid output when
# a console log is given, and print the before/after divergence table.
#   model.sh [CONSOLE_LOG]
# Writes build/results/model.md; with RESULTS_TSV set, appends its rows.
set -u
. "$(dirname "$0")/lib.sh"
bin=$build/model/kvmclock-model
out=$build/results/model.md
mkdir -p "$build/model" "$build/results"
row() {
	echo "$1  $2${3:+  ($3)}"
	[ -z "${RESULTS_TSV:-}" ] || printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >> "$RESULTS_TSV"
}

if ! gcc -O2 -Wall -Wextra -Werror -o "$bin" "$top/model/kvmclock-model.c"; then
	row FAIL "model: build"
	exit 1
fi
rc=0
if "$bin" --check > "$build/model/check.txt"; then
	row PASS "model: invariants of the base-arithmetic model"
else
	row FAIL "model: invariants of the base-arithmetic model" "$(grep '^not ok' "$build/model/check.txt" | head -n 1)"
	rc=1
fi
if [ -n "${1:-}" ]; then
	"$bin" --compare "$1" > "$build/model/compare.txt"
	case $? in
	0) row PASS "model: equals the kernel's KUnit grid" \
		"$(grep -c '^ok' "$build/model/compare.txt") host frequencies, one-stage worst to the ns" ;;
	3) row SKIP "model: equals the kernel's KUnit grid" "no kvmclock_grid_test output in this kernel" ;;
	*) row FAIL "model: equals the kernel's KUnit grid" "$(grep '^not ok' "$build/model/compare.txt" | head -n 1)"
	   rc=1 ;;
	esac
fi
{
	echo "## kvmclock: KVM's view minus the guest's (userspace model of the 7.2 arithmetic)"
	echo
	"$bin"
	echo
	echo "The series' own figure is the KUnit suite kvm_x86_clock.kvmclock_grid_test, which"
	echo "asserts 0 ns at every point of this grid (8 x 8 x 2 x 5 x 7 ages = 4480 points)"
	echo "by running KVM's functions; the model's column is computed for symmetry."
	[ -f "$build/model/compare.txt" ] && ! grep -q '^skip' "$build/model/compare.txt" &&
		echo "Model checked against the kernel: the one-stage worst errors it predicts per host" &&
		echo "frequency equal those the KUnit grid measured in KVM, to the nanosecond."
} > "$out"
echo
cat "$out"
exit $rc
