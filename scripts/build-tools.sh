#!/bin/bash
# Build the harness's own static helpers (tools/*.c) against the patched
# tree's uapi headers, and the KVM selftests of the patched tree.
#   build-tools.sh [selftests]
# TREE, HDR and SELFTESTS_OUT point it at another source tree (check.sh's
# bisect worktree), header and output folder.
set -eu
. "$(dirname "$0")/lib.sh"
src=${TREE:-$tree}
obj=$build/obj/${VARIANT:-x86_64}
hdr=${HDR:-$build/headers}
out=${SELFTESTS_OUT:-$build/selftests}
mkdir -p "$build/tools"

make -s -C "$src" O="$obj" ARCH=x86_64 INSTALL_HDR_PATH="$hdr" headers_install
if [ -z "${TREE:-}" ]; then
	for c in "$top"/tools/*.c; do
		b=$build/tools/$(basename "$c" .c)
		gcc -O2 -Wall -Werror -static -I"$hdr/include" -o "$b" "$c" -lm
	done
fi

if [ "${1:-}" = selftests ]; then
	cc=gcc
	command -v ccache >/dev/null 2>&1 && [ -z "${NO_CCACHE:-}" ] && cc="ccache gcc"
	jobs=${JOBS:-$(($(nproc) + 1))}
	# SELFTESTS="x86/a b": these programs only, not the whole suite.
	targets=()
	for t in ${SELFTESTS:-}; do
		targets+=("$out/$t")
	done
	make -s -C "$src/tools/testing/selftests/kvm" -j"$jobs" CC="$cc" \
		OUTPUT="$out" KHDR_INCLUDES="-isystem $hdr/include" \
		EXTRA_CFLAGS="-static" "${targets[@]}"
fi
