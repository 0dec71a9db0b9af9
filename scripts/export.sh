#!/bin/bash
# Write the commits base..HEAD of build/linux back to patches/: one
# format-patch file per commit with a stable name, and patches/series.
# The hand-written cover letter (0000-cover-letter.patch) is kept.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$tree/.git" ] || die "no build/linux; run 'make tree' first"
if tree_is_dirty; then
	git -C "$tree" status --short --untracked-files=no | head -n 20 >&2
	die "build/linux has uncommitted changes; commit them first"
fi

mkdir -p "$top/patches"
for f in $(series_files); do
	rm -f "$top/patches/$f"
done
files=$(git -C "$tree" format-patch -q --zero-commit --no-signature -N \
	--no-cover-letter -o "$top/patches" base..HEAD)
{
	echo "# Applied in this order by 'make tree' (git am); written by 'make export'."
	for f in $files; do basename "$f"; done
} > "$top/patches/series"
echo "export: $(echo "$files" | grep -c . || true) patch(es) written to patches/"
git -C "$top" status --short -- patches
