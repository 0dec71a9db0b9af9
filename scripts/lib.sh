# Shared settings for the harness scripts (sourced, not run).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$top/build
tree=$build/linux
ident_name="kvmclock series"
ident_email="kvmclock@series.invalid"

die() { echo "${0##*/}: $*" >&2; exit 1; }

# The patch files named by patches/series, in order (comments and blanks skipped).
series_files() {
	[ -f "$top/patches/series" ] || return 0
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$top/patches/series"
}

# Subjects of the series, without the [PATCH] prefix.
series_subjects() {
	local f
	series_files | while read -r f; do
		sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\{0,1\}//p' "$top/patches/$f" | head -n 1
	done
}

tree_subjects() {
	git -C "$tree" log --reverse --format=%s base..HEAD
}

tree_is_dirty() {
	[ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]
}
