#!/bin/bash
# Everything a reviewer runs on the series, each stage a row of the verdict:
#   checkpatch  checkpatch.pl --strict on every patch, the project identity,
#               a Subject: that git does not fold, and no MAINTAINERS entry
#               for a file the series moves away
#   build       the kernel at the series head (bzImage, x86_64)
#   bisect      arch/x86/kvm/ builds at every commit of the series, and the
#               KVM selftests at every commit that touches them or the uapi
#   i386        arch/x86/kvm/ builds for 32-bit x86 at the head
#   uapi        every name <linux/kvm.h> gains over the base is KVM's (kvm_,
#               KVM_), and a VMM that keeps its own copy of the guest's
#               pvclock ABI still builds (x86_64, i386, x32)
#   sparse      C=2 on arch/x86/kvm/ adds no warning over the base
#   vm          KUnit + our selftests + the stock x86 selftests, in the VM;
#               then tests/noscale.list in the VM booted without TSC scaling,
#               and tests/suspend.list, which suspends the VM to RAM
# Run whole, the check runs i386, uapi and sparse beside the VM stage's
# guests, at the lowest priority, once QEMU is built.
# check.sh [STAGE...] runs some; the last line is "N passed, N failed, N skipped".
set -u
. "$(dirname "$0")/lib.sh"
res=$build/results
mkdir -p "$res"
export RESULTS_TSV=$res/check.tsv
: > "$RESULTS_TSV"
variant=x86_64
[ -n "${DEBUG:-}" ] && variant=debug
stages=("$@")
# later: stages that the whole check runs beside the VM stage, at the
# lowest priority (see stage_vm); named ones run in their order.
later=()
if [ ${#stages[@]} -eq 0 ]; then
	stages=(checkpatch build bisect vm)
	later=(i386 uapi sparse)
fi
t_start=$(date +%s)

# sparse_log LOG OUT WHERE: the warnings of a C=2 build log into OUT; a row
# if the kernel refused to run sparse (it then builds as if C=0).
sparse_log() {
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$1" > "$2"
	! grep -q 'specified, but' "$1" || { row FAIL "sparse: did not run at the $3" "see ${1#$top/}"; return 1; }
}

row() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >> "$RESULTS_TSV"; }
step() { echo "== $* ($(($(date +%s) - t_start))s)"; }
# run NAME LOG CMD...: one row, PASS or FAIL with the log's tail shown.
run() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		row PASS "$name"
	else
		row FAIL "$name" "see ${log#$top/}"
		echo "FAIL: $name; last lines of ${log#$top/}:" >&2
		tail -n 25 "$log" >&2
	fi
}

"$top/scripts/tree.sh" || exit 1
commits=$(git -C "$tree" rev-list --reverse base..HEAD)

# Sparse (bisect, sparse) and QEMU (vm) build from the start, at the lowest
# priority: checkpatch is one process and the bisect's one-file builds
# leave a core idle for most of their half hour, where cold QEMU alone took
# 7 to 8 minutes on 2 cores.  The stages that need them wait for them.
has_stage() { [[ " ${stages[*]} ${later[*]} " == *" $1 "* ]]; }
bg_sparse= bg_qemu= bg_later=
# bg_kill PID: PID and everything it started, stopped first so that it
# starts nothing more.
bg_kill() {
	local c
	kill -STOP "$1" 2>/dev/null || return 0
	for c in $(pgrep -P "$1"); do bg_kill "$c"; done
	kill -KILL "$1" 2>/dev/null
}
# No build is left running when the check stops (interrupted, or a stage
# that returned before it waited): a later run would build into the same
# folder.
bg_stop() {
	local p
	for p in $bg_sparse $bg_qemu $bg_later; do bg_kill "$p"; done
}
trap bg_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rm -f "$res/sparse-path"
if has_stage bisect || has_stage sparse; then
	nice -n 19 "$top/scripts/build-sparse.sh" > "$res/sparse-path" 2> "$res/build-sparse.log" &
	bg_sparse=$!
fi
if has_stage vm; then
	nice -n 19 "$top/scripts/build-qemu.sh" > "$res/build-qemu.log" 2>&1 &
	bg_qemu=$!
fi
# sparse_wait: true once build-sparse.sh found or built a sparse, whose
# path is then in $res/sparse-path.  It runs once; its failure is one row.
# Not in a subshell: it waits for a child of this shell.
sparse_wait() {
	if [ -n "$bg_sparse" ]; then
		wait "$bg_sparse" || : > "$res/sparse-path"
		bg_sparse=
		if [ ! -s "$res/sparse-path" ]; then
			row FAIL "sparse: a sparse this kernel accepts" "see ${res#$top/}/build-sparse.log"
			tail -n 25 "$res/build-sparse.log" >&2
		fi
	fi
	[ -s "$res/sparse-path" ]
}

stage_checkpatch() {
	step checkpatch
	local f out ign
	ign=$(grep -v -e '^#' -e '^$' "$top/config/checkpatch.ignore" | paste -sd, -)
	for f in $(series_files); do
		# checkpatch runs scripts/spdxcheck.py with the first python3 on
		# PATH; Debian's has the python3-ply and python3-git it needs.
		out=$(cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --show-types \
			${ign:+--ignore "$ign"} "$top/patches/$f" 2>&1)
		if echo "$out" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
			row PASS "checkpatch: $f"
		else
			row FAIL "checkpatch: $f" "$(echo "$out" | grep '^total:')"
			echo "$out" | grep -E -A4 '^(ERROR|WARNING|CHECK)' | head -n 40 >&2
		fi
		if grep -q "^From: $ident_name <$ident_email>" "$top/patches/$f" &&
		   grep -q "^Signed-off-by: $ident_name <$ident_email>" "$top/patches/$f"; then
			row PASS "identity: $f"
		else
			row FAIL "identity: $f" "From/Signed-off-by must be '$ident_name <$ident_email>'"
		fi
		# A subject git folds over two header lines reads truncated to
		# anything that takes the Subject: line alone (shortlogs, tools).
		if awk '/^Subject:/ { getline n; exit n ~ /^[ \t]/ }' "$top/patches/$f"; then
			row PASS "subject: $f fits one header line"
		else
			row FAIL "subject: $f is folded" "shorten it to 61 characters or fewer"
		fi
	done
	# A file the series moves or deletes keeps no MAINTAINERS entry (the
	# FILE_PATH_CHANGES check that would say so is ignored above).
	local stale moved
	if ! moved=$(git -C "$tree" diff --name-status -M base..HEAD); then
		row FAIL "MAINTAINERS: git diff base..HEAD failed"
		return
	fi
	stale=$(echo "$moved" | awk -F'\t' '$1 ~ /^(D|R)/ { print $2 }' |
		while IFS= read -r p; do
			git -C "$tree" show HEAD:MAINTAINERS | grep -qxF "F:	$p" && echo "$p"
		done)
	if [ -z "$stale" ]; then
		row PASS "MAINTAINERS: no entry for a path the series moves or deletes"
	else
		row FAIL "MAINTAINERS: entries for paths the series moved or deleted" "$(echo $stale)"
	fi
}

stage_build() {
	step "build $variant"
	run "build: bzImage ($variant) at the head" "$res/build-$variant.log" \
		"$top/scripts/build-kernel.sh" "$variant" bzImage headers
}

# worktree: build/bisect, a worktree of build/linux for builds at other
# commits, (re)created when missing or belonging to an older tree.
worktree() {
	local wt=$build/bisect
	if ! git -C "$wt" rev-parse -q --verify base >/dev/null 2>&1 ||
	   [ "$(git -C "$wt" rev-parse base)" != "$(git -C "$tree" rev-parse base)" ]; then
		rm -rf "$wt"
		git -C "$tree" worktree prune
		git -C "$tree" worktree add -q --detach "$wt" base
	fi
}

# Build arch/x86/kvm/ at each commit in a worktree of its own; at the base
# with sparse (C=2) too, as the reference for stage_sparse.
stage_bisect() {
	step bisect
	local wt=$build/bisect c n=0 sparse=
	# Without a sparse the base builds without C=2: the bisect still runs.
	! sparse_wait || sparse=$(cat "$res/sparse-path")
	worktree || { row FAIL "bisect: worktree"; return; }
	for c in $(git -C "$tree" rev-parse base) $commits; do
		git -C "$wt" checkout -q --detach "$c"
		local subj=$(git -C "$wt" log -1 --format=%s)
		local flags=() log=$res/bisect-$n.log kernel=base changed= sel=
		[ $n -eq 0 ] && [ -n "$sparse" ] && flags=(C=2 CHECK="$sparse")
		# A commit that changes only tools/testing/ and Documentation/
		# leaves the kernel the previous commit built.
		if [ $n -gt 0 ]; then
			kernel=$(git -C "$wt" diff --name-only "$c^" "$c" -- . ':!tools/testing' ':!Documentation')
			changed=$(git -C "$wt" diff --name-only "$c^" "$c" -- tools/testing/selftests/kvm)
		fi
		if [ -z "$kernel" ]; then
			:
		elif TREE="$wt" "$top/scripts/build-kernel.sh" bisect "${flags[@]}" arch/x86/kvm/ > "$log" 2>&1; then
			[ $n -eq 0 ] || row PASS "bisect: arch/x86/kvm/ builds at $n/$(echo $commits | wc -w) '$subj'"
		else
			row FAIL "bisect: arch/x86/kvm/ at $n '$subj'" "see ${log#$top/}"
			tail -n 25 "$log" >&2
		fi
		# The KVM selftests too, at commits that touch them: the programs
		# the commit changes, or all where it changes their library or
		# headers.  A uapi change alone is the uapi stage's, and the whole
		# suite builds at the head (vm).
		if ! echo "$changed" | grep -qE '^tools/testing/selftests/kvm/(lib|include)/'; then
			sel=$(echo "$changed" | sed -n 's|^tools/testing/selftests/kvm/\(.*\)\.c$|\1|p' | tr '\n' ' ')
		fi
		if [ $n -gt 0 ] && [ -n "$changed" ]; then
			log=$res/bisect-$n-selftests.log
			if TREE="$wt" VARIANT=bisect HDR="$build/bisect-headers" \
			   SELFTESTS_OUT="$build/bisect-selftests" SELFTESTS="$sel" \
			   "$top/scripts/build-tools.sh" selftests > "$log" 2>&1; then
				row PASS "bisect: KVM selftests build at $n '$subj'" "${sel:-all}"
			else
				row FAIL "bisect: KVM selftests at $n '$subj'" "see ${log#$top/}"
				tail -n 25 "$log" >&2
			fi
		fi
		[ $n -ne 0 ] || [ -z "$sparse" ] || sparse_log "$log" "$res/sparse-base.txt" base
		n=$((n + 1))
	done
	[ $n -gt 1 ] || row SKIP "bisect: per-commit build" "the series is empty"
}

stage_i386() {
	step i386
	run "build: arch/x86/kvm/ for i386 at the head" "$res/build-i386.log" \
		"$top/scripts/build-kernel.sh" i386 arch/x86/kvm/
}

# install_uapi SRC DIR: SRC's uapi headers, installed afresh in DIR.
install_uapi() {
	rm -rf "$2"
	make -s -C "$1" O="$2.obj" ARCH=x86_64 INSTALL_HDR_PATH="$2" headers_install
}

# Userspace includes <linux/kvm.h> and defines what it needs beside it
# (QEMU its own struct pvclock_vcpu_time_info), so a name the series makes
# visible there that is not KVM's can break a VMM on its next header
# update.  Compared as a program sees them: the names <linux/kvm.h> gives
# at the base and at the head, included headers and all.
stage_uapi() {
	step uapi
	local u=$build/uapi log=$res/uapi.log new bad
	if ! { install_uapi "$tree" "$u/head" && worktree &&
	       git -C "$build/bisect" checkout -q --detach base &&
	       install_uapi "$build/bisect" "$u/base" &&
	       "$top/scripts/uapi-names.py" "$u/base/include" > "$u/base.names" &&
	       "$top/scripts/uapi-names.py" "$u/head/include" > "$u/head.names"; } > "$log" 2>&1; then
		row FAIL "uapi: install and list the base's and the head's headers" "see ${log#$top/}"
		tail -n 25 "$log" >&2
		return
	fi
	new=$(comm -13 "$u/base.names" "$u/head.names")
	bad=$(echo "$new" | grep -vE '^(kvm_|KVM_|__KVM_|$)' | tr '\n' ' ')
	if ! echo "$new" | grep -qx KVM_GET_CLOCK_GUEST; then
		row FAIL "uapi: the head's <linux/kvm.h> lacks KVM_GET_CLOCK_GUEST" "see ${u#$top/}"
	elif [ -n "$bad" ]; then
		row FAIL "uapi: names <linux/kvm.h> gains outside KVM's" "$bad"
		echo "uapi: $bad" >&2
	else
		row PASS "uapi: every name <linux/kvm.h> gains is KVM's" "$(echo "$new" | grep -c .) new"
	fi
	# x86_64, i386 and x32 userspace.
	run "uapi: a VMM with its own pvclock ABI builds on <linux/kvm.h>" "$log" \
		bash -c "gcc -Wall -Werror -isystem '$u/head/include' -o '$u/vmm-pvclock' \
				'$top/tests/uapi/vmm-pvclock.c' &&
			 for m in -m32 -mx32; do
				gcc -Wall -Werror -ffreestanding -nostdinc -isystem '$u/head/include' \
					-isystem \"\$(gcc -print-file-name=include)\" \$m -c \
					-o '$u/vmm-pvclock'\$m.o '$top/tests/uapi/vmm-pvclock.c' || exit
			 done"
}

stage_sparse() {
	step sparse
	local log=$res/sparse-head.log sparse
	[ -f "$res/sparse-base.txt" ] || stage_bisect
	sparse_wait || return
	sparse=$(cat "$res/sparse-path")
	"$top/scripts/build-kernel.sh" "$variant" C=2 CHECK="$sparse" arch/x86/kvm/ > "$log" 2>&1 ||
		{ row FAIL "sparse: C=2 arch/x86/kvm/ at the head" "see ${log#$top/}"; return; }
	sparse_log "$log" "$res/sparse-head.txt" head || return
	local new
	new=$(python3 "$top/scripts/sparse-diff.py" "$res/sparse-base.txt" "$res/sparse-head.txt")
	if [ -z "$new" ]; then
		row PASS "sparse: no new warning in arch/x86/kvm/" \
			"base $(wc -l < "$res/sparse-base.txt"), head $(wc -l < "$res/sparse-head.txt")"
	else
		row FAIL "sparse: new warnings in arch/x86/kvm/" "$(echo "$new" | wc -l) new"
		echo "$new" >&2
	fi
}

stage_vm() {
	step "vm ($variant)"
	if ! "$top/scripts/build-kernel.sh" "$variant" bzImage headers > "$res/build-vm.log" 2>&1 ||
	   ! VARIANT=$variant "$top/scripts/build-tools.sh" selftests > "$res/selftests.log" 2>&1; then
		row FAIL "vm: build kernel and selftests" "see ${res#$top/}/build-vm.log, selftests.log"
		tail -n 25 "$res/build-vm.log" "$res/selftests.log" >&2
		return
	fi
	local qemu_ok=0
	wait "$bg_qemu" && qemu_ok=1
	bg_qemu=
	if [ $qemu_ok = 1 ]; then
		row PASS "build: QEMU for the VM" "$(tail -n 1 "$res/build-qemu.log")"
	else
		row FAIL "build: QEMU for the VM" "see ${res#$top/}/build-qemu.log"
		tail -n 25 "$res/build-qemu.log" >&2
		return
	fi
	# The later stages build on the core the L1 leaves idle (its tests
	# keep one vCPU busy for most of their 9 minutes), at the lowest
	# priority, so that they take no time from the guests' clocks.  Not
	# before: QEMU, the VM's last need, builds on both cores meanwhile.
	if [ ${#later[@]} -gt 0 ]; then
		(renice -n 19 -p "$BASHPID" > /dev/null
		 for l in "${later[@]}"; do "stage_$l"; done) > "$res/later.log" 2>&1 &
		bg_later=$!
	fi
	"$top/scripts/vm-suite.sh" "$variant" tests/clock.list,tests/stock.list \
		"${VM_TIMEOUT:-2400}" "check-$variant" > "$res/vm.log" 2>&1
	grep -E -e '  FAIL  ' -e '^vm: ' -e '^results: ' -e ' passed, ' "$res/vm.log"
	# The same kernel booted again: without TSC scaling in KVM, and to
	# suspend the L1 itself.
	local l
	for l in noscale suspend; do
		KUNIT_GLOB=none ROW_PREFIX="$l: " "$top/scripts/vm-suite.sh" "$variant" \
			"tests/$l.list" 600 "check-$variant-$l" > "$res/vm-$l.log" 2>&1
		grep -E -e '  FAIL  ' -e '^vm: ' -e '^results: ' -e ' passed, ' "$res/vm-$l.log"
	done
}

for s in "${stages[@]}"; do
	"stage_$s"
done
# The later stages, where the VM stage did not start them (or ended before
# it could), in the foreground.
if [ -n "$bg_later" ]; then
	wait "$bg_later"
	bg_later=
	cat "$res/later.log"
else
	for s in "${later[@]}"; do
		"stage_$s"
	done
fi

step done
npass=$(grep -c '^PASS' "$RESULTS_TSV")
nfail=$(grep -c '^FAIL' "$RESULTS_TSV")
nskip=$(grep -c '^SKIP' "$RESULTS_TSV")
if [ "$nfail" -gt 0 ]; then
	echo "failed:"
	grep '^FAIL' "$RESULTS_TSV" | cut -f2- | sed 's/\t/: /; s/^/  /'
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
