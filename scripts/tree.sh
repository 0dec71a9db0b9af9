#!/bin/bash
# (Re)create build/linux: the Debian base as one commit tagged "base", then
# one commit per patch of patches/series (git am).  Refuses to throw away
# uncommitted edits or commits that were never exported to patches/.
set -eu
. "$(dirname "$0")/lib.sh"

"$top/scripts/fetch-base.sh"
. "$build/base/base.env"
base_msg="Debian $BASE_PACKAGE $BASE_VERSION (linux-source-7.2.tar.xz sha256 $BASE_SHA256)"
base_body="As extracted from the package, less the Debian-packaging block of .gitignore."

if [ -d "$tree/.git" ]; then
	if [ "$(git -C "$tree" log -1 --format=%s base 2>/dev/null)" != "$base_msg" ]; then
		if [ -z "${FORCE:-}" ] && { tree_is_dirty ||
		   [ "$(git -C "$tree" rev-parse HEAD)" != "$(cat "$applied_mark" 2>/dev/null)" ]; }; then
			die "the base changed, but build/linux has work not in patches/; export it, or FORCE=1"
		fi
		echo "tree: base changed, recreating build/linux"
		rm -rf "$tree"
	else
		if tree_is_dirty && [ -z "${FORCE:-}" ]; then
			git -C "$tree" status --short --untracked-files=no | head -n 20 >&2
			die "build/linux has uncommitted changes; commit and 'make export', or FORCE=1"
		fi
		if ! tree_is_dirty && cmp -s <(format_tree) <(format_series); then
			echo "tree: build/linux is base ($BASE_VERSION) + patches/, nothing to do"
			git -C "$tree" rev-parse HEAD > "$applied_mark"
			exit 0
		fi
		if [ "$(git -C "$tree" rev-parse HEAD)" != "$(cat "$applied_mark" 2>/dev/null)" ] &&
		   [ -z "${FORCE:-}" ]; then
			diff <(series_subjects) <(tree_subjects) | head -n 20 >&2 || true
			die "build/linux has commits that are not in patches/; 'make export' first, or FORCE=1"
		fi
	fi
fi

if [ ! -d "$tree/.git" ]; then
	rm -rf "$tree" "$build/linux.tmp"
	mkdir -p "$build/linux.tmp"
	echo "tree: extracting $BASE_PACKAGE $BASE_VERSION"
	tar -xJf "$build/base/linux-source.tar.xz" -C "$build/linux.tmp" --strip-components=1
	# Debian's tarball ignores every top-level path ("/*", for its own
	# packaging repository), which would hide every new file from git.
	# Drop that one block; nothing else differs from the tarball.
	sed -i '/^# Debian packaging: ignore everything/,/^!\/debian\/$/d' "$build/linux.tmp/.gitignore"
	sed -i '$ { /^#$/d }' "$build/linux.tmp/.gitignore"
	git -C "$build/linux.tmp" init -q -b master
	git -C "$build/linux.tmp" config user.name "$ident_name"
	git -C "$build/linux.tmp" config user.email "$ident_email"
	git -C "$build/linux.tmp" config core.abbrev 12
	git -C "$build/linux.tmp" add -A
	git -C "$build/linux.tmp" commit -q --no-verify -m "$base_msg" -m "$base_body"
	git -C "$build/linux.tmp" tag base
	mv "$build/linux.tmp" "$tree"
fi

git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f master
git -C "$tree" reset -q --hard base
n=0
for f in $(series_files); do
	[ -f "$top/patches/$f" ] || die "patches/series names $f, which does not exist"
	git -C "$tree" am -q --whitespace=nowarn "$top/patches/$f" ||
		die "patches/$f does not apply (git -C build/linux am --show-current-patch)"
	n=$((n + 1))
done
git -C "$tree" rev-parse HEAD > "$applied_mark"
echo "tree: build/linux at base ($BASE_VERSION) + $n patch(es), HEAD $(git -C "$tree" rev-parse --short HEAD)"
