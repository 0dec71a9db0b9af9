#!/bin/bash
# Build the unpatched base kernel (build/obj/base, release string "-base")
# from a worktree of build/linux at tag "base" (build/bench-base), for the
# side-by-side runs of make bench and make vmm.
#   build-base.sh
set -eu
. "$(dirname "$0")/lib.sh"
wt=$build/bench-base
if ! git -C "$wt" rev-parse -q --verify HEAD >/dev/null 2>&1 ||
   [ "$(git -C "$wt" rev-parse HEAD)" != "$(git -C "$tree" rev-parse base)" ]; then
	rm -rf "$wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$wt" base
fi
TREE=$wt "$top/scripts/build-kernel.sh" base
