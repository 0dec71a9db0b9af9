#!/bin/bash
# Build the kernel in build/linux out of tree.
#   build-kernel.sh [x86_64|debug|i386] [make targets...]
# x86_64: tinyconfig + config/kvmclock.config -> build/obj/x86_64/arch/x86/boot/bzImage
# debug:  the same + config/debug.config (KASAN, lockdep, UBSAN, KFENCE)
# coverage: the same + config/coverage.config, with gcov counters in the
#         KVM objects the series changes (make coverage)
# i386:   ARCH=i386 with KVM built in, to prove the series builds on 32-bit hosts
# bisect: x86_64 config, source tree $TREE (check.sh's worktree)
# base:   x86_64 config, source tree $TREE (bench.sh's worktree at the base)
# l2:     tinyconfig + config/l2.config: the guest make vmm boots in the L1
set -eu
. "$(dirname "$0")/lib.sh"
src=$tree

variant=${1:-x86_64}
shift || true
obj=$build/obj/$variant
frags=("$top/config/kvmclock.config")
arch=x86_64
case $variant in
x86_64) ;;
debug) frags+=("$top/config/debug.config") ;;
coverage) frags+=("$top/config/coverage.config") ;;
i386) arch=i386; frags=("$top/config/kvmclock.config" "$top/config/i386.config") ;;
bisect) src=${TREE:?TREE must name the worktree} ;;
base) src=${TREE:?TREE must name the worktree} ;;
l2) frags=("$top/config/l2.config") ;;
*) die "unknown variant $variant" ;;
esac

[ -e "$src/.git" ] || die "no $src; run 'make tree'"
mkdir -p "$obj"
cc=gcc
if command -v ccache >/dev/null 2>&1 && [ -z "${NO_CCACHE:-}" ]; then
	cc="ccache gcc"
	export CCACHE_BASEDIR=$build CCACHE_COMPILERCHECK=content
fi
jobs=${JOBS:-$(($(nproc) + 1))}
kmake=(make -s -C "$src" O="$obj" ARCH="$arch" CC="$cc" HOSTCC="$cc" -j"$jobs"
	KBUILD_BUILD_TIMESTAMP="@0" KBUILD_BUILD_USER=kvmclock KBUILD_BUILD_HOST=series)
# The unpatched kernel says so in its release string (uname -r, console).
[ "$variant" != base ] || kmake+=(LOCALVERSION=-base)
# kbuild's per-object switch, from the command line: these objects only.
if [ "$variant" = coverage ]; then
	for o in x86 xen hyperv cpuid clock_test; do
		kmake+=("GCOV_PROFILE_$o.o=y")
	done
fi

# Regenerate .config when the fragments change (or it is missing).
stamp=$obj/.config.frags
want=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	"${kmake[@]}" tinyconfig >/dev/null
	(cd "$obj" && ARCH=$arch "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${frags[@]}" >/dev/null)
	"${kmake[@]}" olddefconfig >/dev/null
	# Every option we ask for must have stuck (a dependency may have dropped it).
	grep -rhE --include='Kconfig*' '^(menu)?config [A-Z0-9_]+$' "$src" |
		awk '{ print $2 }' | sort -u > "$obj/.kconfig-symbols"
	# A later fragment overrides an earlier one, as in merge_config.sh.
	missing=$(cat "${frags[@]}" | grep -E '^CONFIG_[A-Z0-9_]+=' |
		awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }' | while IFS= read -r l; do
		k=${l%%=*} v=${l#*=}
		# A symbol this tree does not define (a test the series adds,
		# asked for while building the base) is not an error.
		grep -qx "${k#CONFIG_}" "$obj/.kconfig-symbols" || continue
		case $v in
		n) grep -q "^$k=" "$obj/.config" && echo "$l" ;;
		*) grep -qxF "$l" "$obj/.config" || echo "$l" ;;
		esac
	done || true)
	[ -z "$missing" ] || die "config options did not take ($variant): $(echo $missing)"
	echo "$want" > "$stamp"
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(bzImage)
"${kmake[@]}" "${targets[@]}"
