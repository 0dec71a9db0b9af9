# kvmclock series: build, boot and prove the patches in patches/.
#
#   make          fetch the base, apply the series, build, boot, run the clock suite
#   make check    everything a reviewer runs (checkpatch, bisect, i386, sparse, VM)
#   make tree     (re)create build/linux from the base and patches/
#   make export   write build/linux's commits back to patches/
#   make check-debug  the VM stage on the KASAN/lockdep/UBSAN kernel
#   make bench    the base and the patched kernel measured side by side
#                 (bench/results.md and bench/*.png)
#   make check-fresh  the README's two commands on a bare Debian 12 root
#                 (debootstrap), in a clean clone of HEAD
#   make coverage which lines the series adds to KVM the tests execute
#                 (build/results/coverage/coverage.md)
#   make vmm      a real VMM and guest: QEMU 10.0 with qemu-vmm-patches/ in
#                 the L1 runs a Linux L2, paused, saved and restored, on the
#                 series and on the base (build/results/vmm.md)
#   make clean    remove build outputs, keeping the base tarball and build/linux
#
# Variables: ACCEL=tcg|kvm|auto  DEBUG=1 (KASAN/lockdep kernel)  JOBS=N
#            VM_TIMEOUT=seconds  BASE_VERSION_PIN=7.2.x-y

SHELL := /bin/bash
S := scripts
VARIANT := $(if $(DEBUG),debug,x86_64)
KERNEL := build/obj/$(VARIANT)/arch/x86/boot/bzImage
VM_TIMEOUT ?= 2400
export ACCEL JOBS BASE_VERSION_PIN

.PHONY: all run check check-debug check-fresh coverage bench vmm tree export kernel selftests qemu deps need \
	clean distclean

all: run

deps:
	$(S)/deps.sh

# Every tool the harness calls is installed (config/deps.txt); checked
# first, so a missing one stops the run in its first second.
need:
	@$(S)/need.sh

tree:
	$(S)/tree.sh

export:
	$(S)/export.sh

build/linux/.git: | need
	$(S)/tree.sh

kernel: need build/linux/.git
	$(S)/build-kernel.sh $(VARIANT)

selftests: need build/linux/.git
	$(S)/build-kernel.sh $(VARIANT) headers
	VARIANT=$(VARIANT) $(S)/build-tools.sh selftests

# The QEMU that runs the test VM under TCG (scripts/build-qemu.sh).
qemu: need
	$(S)/build-qemu.sh

# The clock suite: KUnit, the stock clock selftests and ours.
run: need kernel selftests qemu
	$(S)/vm-suite.sh $(VARIANT) tests/clock.list $(VM_TIMEOUT)

check: need build/linux/.git
	$(S)/check.sh

check-debug: need build/linux/.git
	DEBUG=1 $(S)/check.sh vm

check-fresh: need
	$(S)/check-fresh.sh

coverage: need build/linux/.git
	$(S)/coverage.sh

bench: need build/linux/.git
	$(S)/bench.sh

vmm: need kernel selftests qemu
	$(S)/vmm.sh

clean:
	rm -rf build/obj build/selftests build/tools build/headers build/results build/initramfs.* build/vmm \
		bench

distclean:
	rm -rf build
