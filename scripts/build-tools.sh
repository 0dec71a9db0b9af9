#!/bin/bash
# Build the harness's own static helpers (tools/*.c) against the patched
# tree's uapi headers, and the KVM selftests of the patched tree.
#   build-tools.sh [selftests]
set -eu
. "$(dirname "$0")/lib.sh"
obj=$build/obj/${VARIANT:-x86_64}
hdr=$build/headers
mkdir -p "$build/tools"

make -s -C "$tree" O="$obj" ARCH=x86_64 INSTALL_HDR_PATH="$hdr" headers_install
for c in "$top"/tools/*.c; do
	b=$build/tools/$(basename "$c" .c)
	gcc -O2 -Wall -Werror -static -I"$hdr/include" -o "$b" "$c" -lm
done

if [ "${1:-}" = selftests ]; then
	cc=gcc
	command -v ccache >/dev/null 2>&1 && [ -z "${NO_CCACHE:-}" ] && cc="ccache gcc"
	jobs=${JOBS:-$(($(nproc) + 1))}
	make -s -C "$tree/tools/testing/selftests/kvm" -j"$jobs" CC="$cc" \
		OUTPUT="$build/selftests" KHDR_INCLUDES="-isystem $hdr/include" \
		EXTRA_CFLAGS="-static" ${SELFTESTS:+TEST_GEN_PROGS="$SELFTESTS"}
fi
