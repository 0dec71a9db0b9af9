#!/bin/bash
# make check-fresh: the README's two commands, exactly as the README writes
# them, in a clean clone of HEAD on a bare Debian 12 root: the proof that
# the README and scripts/deps.sh are complete.  The test command runs
# first, cold, as CI runs it (its time is the one the 60-minute budget is
# about); the main command after it, in the same root.
#   check-fresh.sh
# The root (build/fresh/root) is made anew each time with debootstrap, from
# the mirror this machine's apt uses, with this machine's apt configuration; the
# commands run in it as root with /proc, /sys and /dev mounted.  Prints the
# last line of the test command and exits with its status.  Logs and the
# clone's build/results are kept in build/results/check-fresh/.
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"
root=$build/fresh/root
out=$build/results/check-fresh
limit=${FRESH_TIMEOUT:-5400}
t0=$(date +%s)
step() { echo "== check-fresh: $* ($(($(date +%s) - t0))s)"; }

# The two commands: the indented lines of the README that run deps.sh.
mapfile -t cmds < <(sed -n 's/^    \(scripts\/deps\.sh && make[^#]*\)#.*/\1/p' "$top/README.md" |
	sed 's/[[:space:]]*$//')
[ ${#cmds[@]} -eq 2 ] || die "README.md should give two 'scripts/deps.sh && make...' commands, found ${#cmds[@]}"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	echo "check-fresh: uncommitted changes are not in the clone; it tests HEAD $(git -C "$top" rev-parse --short HEAD)" >&2

mounts_under() { findmnt -rn -o TARGET | grep -F "$root/" | sort -r || true; }
unmount_all() {
	local m
	for m in $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
}
trap unmount_all EXIT
unmount_all
[ -z "$(mounts_under)" ] || die "cannot unmount $(mounts_under | head -n 1)"
rm -rf "$root" "$out"
mkdir -p "$root" "$out"

step "debootstrap bookworm"
mirror=$(apt_mirror)
debootstrap bookworm "$root" "$mirror" > "$out/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$out/debootstrap.log" >&2; die "debootstrap failed"; }
# A fresh machine here has this machine's apt configuration (its sources,
# keys and settings such as Check-Valid-Until), and its resolver.
rm -rf "$root/etc/apt"
cp -a /etc/apt "$root/etc/apt"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
size=$(du -sh "$root" | cut -f1)
git clone -q "$top" "$root/root/kvmclock"
echo "check-fresh: bare root $size, clone of $(git -C "$root/root/kvmclock" rev-parse --short HEAD)"

mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"

status=0
for i in 1 0; do
	name=$([ $i -eq 0 ] && echo main || echo check)
	step "$name: ${cmds[$i]}"
	t=$(date +%s)
	set +e
	timeout -s KILL "$limit" env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		chroot "$root" /bin/bash -c "cd /root/kvmclock && ${cmds[$i]}" > "$out/$name.log" 2>&1
	rc=$?
	set -e
	echo "check-fresh: $name exited $rc after $(($(date +%s) - t))s; log ${out#$top/}/$name.log"
	[ $rc -eq 0 ] || { status=1; tail -n 30 "$out/$name.log" >&2; }
done
cp -a "$root/root/kvmclock/build/results" "$out/results" 2>/dev/null || true
step done
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$out/check.log" | tail -n 1)
echo "${last:-check-fresh: the test command printed no result line}"
[ $status -eq 0 ] && [ -n "$last" ]
