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
	echo "The series' figure is not computed here: kvmclock_exact_test measures KVM against"
	echo "the guest's pvclock at the TSC the (emulated) hardware gives, 0 ns in every reading"
	echo "(make bench).  The KUnit grid runs KVM's own scaling expression, so it only checks"
	echo "the pvclock stage and carries no figure; the model's column is the base's."
	[ -f "$build/model/compare.txt" ] && ! grep -q '^skip' "$build/model/compare.txt" &&
		echo "Model checked against the kernel: the one-stage worst errors it predicts per host" &&
		echo "frequency equal those the KUnit grid measured in KVM, to the nanosecond."
} > "$out"
echo
cat "$out"
exit $rc
