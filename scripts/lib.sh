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

# Subjects of the series, without the [PATCH] prefix, long ones unfolded.
series_subjects() {
	local f
	series_files | while read -r f; do
		awk '/^Subject: / { s = $0; getline; while (/^ /) { s = s $0; getline }
			sub(/^Subject: (\[PATCH[^]]*\] )?/, "", s); print s; exit }' "$top/patches/$f"
	done
}

tree_subjects() {
	git -C "$tree" log --reverse --format=%s base..HEAD
}

# What 'make export' writes for base..HEAD, and what patches/ holds: equal
# means build/linux is exactly patches/, commit messages included.
format_tree() {
	git -C "$tree" format-patch --stdout --zero-commit --no-signature -N base..HEAD
}

format_series() {
	local f sep=
	series_files | while read -r f; do
		# --stdout puts an empty line between messages.
		[ -z "$sep" ] || echo
		cat "$top/patches/$f"
		sep=1
	done
}

# config/deps.txt without comments: "package item..." lines.
deps_table() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$top/config/deps.txt"
}

# The HEAD that tree.sh or export.sh last left build/linux at.
applied_mark=$tree/.git/kvmclock-applied

tree_is_dirty() {
	[ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]
}

# The Debian mirror this machine's apt is configured with (never one of ours).
apt_mirror() {
	local m
	m=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
		grep -v -e '-security' -e '-updates' | grep '/debian/*$' | sort -u | head -n 1)
	[ -n "$m" ] || die "no Debian mirror in this machine's apt configuration (run 'apt-get update' once)"
	echo "$m"
}

# The qemu-system-x86_64 the test VM runs: $QEMU when set; under TCG the
# harness's own build (scripts/build-qemu.sh, which emulates AMD's TSC
# ratio); under KVM Debian's, whose TCG patch would change nothing there.
qemu_bin() {
	if [ -n "${QEMU:-}" ]; then
		echo "$QEMU"
	elif [ "$("$top/scripts/detect-accel.sh")" = tcg ]; then
		echo "$build/qemu/qemu-system-x86_64"
	else
		command -v qemu-system-x86_64
	fi
}

# private_apt DIR TYPES SUITES: an apt state of our own in DIR whose only
# source is the Debian mirror this machine's apt already uses, with the given
# types ("deb", "deb-src") and suites; sets apt_opts for apt-get/apt-cache.
private_apt() {
	local dir=$1 types=$2 suites=$3 mirror
	mirror=$(apt_mirror)
	rm -rf "$dir"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/sources.d"
	cat > "$dir/sources.d/private.sources" <<SRC
Types: $types
URIs: $mirror
Suites: $suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$dir/sources.d"
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		-o Dir::State::status=/dev/null -o Acquire::Languages=none
		-o APT::Sandbox::User=root)
	apt-get "${apt_opts[@]}" -qq update
}

# What both QEMU builds (build-qemu.sh, build-qemu-vmm.sh) configure alike:
# x86_64 system emulation only, nothing of a UI, audio, docs or optional
# library; and the compiler, through ccache when there is one (paths under
# build/ hash as relative ones, so another clone hits too).
qemu_lean_opts=(--target-list=x86_64-softmmu --host-cc=gcc
	--disable-docs --disable-tools --disable-guest-agent --disable-werror
	--disable-gtk --disable-sdl --disable-vnc --disable-opengl --disable-curses
	--disable-slirp --disable-libusb --disable-usb-redir --disable-spice
	--disable-alsa --disable-pa --disable-jack --disable-oss --disable-sndio
	--disable-seccomp --disable-capstone --disable-linux-aio --disable-linux-io-uring
	--disable-vhost-user --disable-xen --without-default-features --enable-fdt=system)
# qemu_cc: sets cc (and exports ccache's settings), not in a subshell.
qemu_cc() {
	cc=gcc
	if command -v ccache >/dev/null 2>&1 && [ -z "${NO_CCACHE:-}" ]; then
		export CCACHE_BASEDIR=$build CCACHE_COMPILERCHECK=content
		cc="ccache gcc"
	fi
}
