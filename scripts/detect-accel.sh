#!/bin/bash
# Print the QEMU accelerator to use: "kvm" only where /dev/kvm is backed by
# kvm_intel or kvm_amd with nested virtualisation on (our L1 must run KVM
# itself); otherwise "tcg".  A paravirtual /dev/kvm (kvm_pvm) cannot boot an
# ordinary kernel and does not count.  ACCEL=tcg|kvm overrides.
set -eu
case ${ACCEL:-auto} in
tcg|kvm) echo "$ACCEL"; exit 0 ;;
auto) ;;
*) echo "detect-accel: ACCEL must be tcg, kvm or auto" >&2; exit 1 ;;
esac
if [ -w /dev/kvm ]; then
	for m in kvm_intel kvm_amd; do
		p=/sys/module/$m/parameters/nested
		if [ -r "$p" ] && grep -qx -e Y -e 1 "$p"; then
			echo kvm
			exit 0
		fi
	done
fi
echo tcg
