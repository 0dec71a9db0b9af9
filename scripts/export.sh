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
files=$(git -C "$tree" format-patch --zero-commit --no-signature -N \
	--no-cover-letter -o "$top/patches" base..HEAD)
# tree.sh relies on the files being exactly format_tree's output.
{
	echo "# Applied in this order by 'make tree' (git am); written by 'make export'."
	for f in $files; do basename "$f"; done
} > "$top/patches/series"
# The cover letter's prose is written by hand; its subject count, shortlog
# and diffstat are rewritten here so they always match the series.
cover=$top/patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	n=$(git -C "$tree" rev-list --count base..HEAD)
	{
		sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$n]|" \
			-e "/^$ident_name ([0-9]*):\$/,\$d" "$cover"
		git -C "$tree" shortlog base..HEAD
		git -C "$tree" diff --stat=72 base HEAD
	} > "$cover.new"
	mv "$cover.new" "$cover"
fi
git -C "$tree" rev-parse HEAD > "$applied_mark"
echo "export: $(echo "$files" | grep -c . || true) patch(es) written to patches/"
git -C "$top" status --short -- patches
