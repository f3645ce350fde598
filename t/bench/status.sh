#!/bin/sh
# status.sh: how long `git issue-status` takes with 20 issue worktrees of a
# real-sized repository, against what people run without it:
# `git worktree list` and `git status --porcelain` in each worktree.
# Both are timed in the same run, interleaved, on the same files, after a
# warm-up, by t/bench/timer.c (whole processes, no sampler inside), with
# the floor beside them; every figure is checked by t/bench/lib.sh, and the
# script exits 1 when one cannot be right.
#
#   t/bench/status.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_FILES (5000), BENCH_WORKTREES (20; at least 1) and BENCH_RUNS (11)
# change the size; BENCH_KEEP=1 keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$here/../../build}"
files=${BENCH_FILES:-5000}
worktrees=${BENCH_WORKTREES:-20}
runs=${BENCH_RUNS:-11}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
. "$here/lib.sh"
bench_part=status
command -v git-issue-status >/dev/null ||
	bench_fail "no git-issue-status in $GI_BUILD_DIR/bin: run make"
[ "$worktrees" -ge 1 ] 2>/dev/null ||
	bench_fail "BENCH_WORKTREES must be a number of at least 1"
bench_sandbox status
bench_timer

cd "$scratch"
echo "setting up $worktrees worktrees of $files files in $scratch ..." >&2
git init -q -b main origin.git --bare
git init -q -b main seed
(
	cd seed
	# about the shape of a mid-sized project: 50 folders, 1-4 KB files
	awk -v n="$files" 'BEGIN {
		for (i = 0; i < n; i++) {
			d = sprintf("src/mod%02d", i % 50)
			if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
			f = sprintf("%s/file%05d.c", d, i)
			for (l = 0; l < 40 + i % 80; l++)
				printf "/* line %d of file %d */ int v%d_%d;\n", l, i, i, l > f
			close(f)
		}
	}'
	git add .
	git commit -q -m "a real-sized tree"
	git push -q ../origin.git main
)
git clone -q origin.git repo
cd repo
i=1
while [ "$i" -le "$worktrees" ]; do
	git issue-worktree --no-setup "$i" >/dev/null 2>&1 ||
		bench_fail "cannot make the worktree of issue $i"
	i=$((i + 1))
done
# some agents mid-task, in the worktrees there are: an edit (issue 2), an
# untracked file (3), a commit (4); with fewer worktrees, fewer of them
wt=$scratch/repo.worktrees
[ "$worktrees" -lt 2 ] ||
	echo "/* edited */" >>"$wt/issue-2/src/mod01/file00001.c"
[ "$worktrees" -lt 3 ] || echo "scratch" >"$wt/issue-3/notes.txt"
if [ "$worktrees" -ge 4 ]; then
	echo "/* done */" >>"$wt/issue-4/src/mod02/file00002.c"
	git -C "$wt/issue-4" commit -q -a -m "work"
fi
git issue-note -i 1 "started on it" >/dev/null

# What people run without it: every worktree's status, one git each.
theirs='git worktree list --porcelain | sed -n "s/^worktree //p" |
while read -r path; do git -C "$path" status --porcelain; done'

# The same timer as t/bench/run: whole processes, spawned directly,
# interleaved run by run; the shell side pays for its shell, as a user
# does. The warm-up lets git status write the refreshed indexes once.
bench_time "$runs" 2 git issue-status -- sh -c "$theirs" -- git issue-floor
printf 'git issue-status, %d worktrees of %d files (median of %d runs)\n' \
	"$worktrees" "$files" "$runs"
bench_header
bench_pair "status (vs worktree list + status in each)" \
	"$(bench_line 1)" "$(bench_line 2)" "$(bench_line 3)"
bench_finish
