#!/bin/bash
# make vmm: the VMM QEMU (QEMU 10.0 + qemu-vmm-patches/) in the L1 runs a
# Linux L2 guest under KVM, through the scenarios of tests/vmm.list (LIST
# overrides), on the series' kernel and on the unpatched base; their rows
# side by side in build/results/vmm.md.
#   vmm.sh [LIST]
# The series' run decides the exit status; the base's is for its figures
# (the base fails where its old path lets the guest's clocks go back).
set -eu
. "$(dirname "$0")/lib.sh"
list=${1:-tests/vmm.list}
limit=${VM_TIMEOUT:-2400}
res=$build/results
mkdir -p "$res"

"$top/scripts/build-vmm.sh"
st=0
KUNIT_GLOB=none "$top/scripts/vm-suite.sh" x86_64 "$list" "$limit" vmm-x86_64 || st=$?
if [ -z "${VMM_NO_BASE:-}" ]; then
	"$top/scripts/build-base.sh"
	KUNIT_GLOB=none "$top/scripts/vm-suite.sh" base "$list" "$limit" vmm-base > "$res/vmm-base.log" 2>&1 || true
fi
python3 "$top/scripts/vmm-table.py" "$res/vmm-x86_64/tap.log" \
	${VMM_NO_BASE:+--no-base} "$res/vmm-base/tap.log" > "$res/vmm.md"
cat "$res/vmm.md"
exit $st
