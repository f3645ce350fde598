#!/bin/sh
# status.sh: how long `git issue-status` takes with 20 issue worktrees of a
# real-sized repository, against what people run without it:
# `git worktree list` and `git status --porcelain` in each worktree.
# Both are timed in the same run, interleaved, on the same files, after a
# warm-up, by t/bench/timer.c (whole processes, no sampler inside); the
# medians and their ratio are printed. A report, not a test: never fails.
#
#   t/bench/status.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_FILES (5000), BENCH_WORKTREES (20) and BENCH_RUNS (11) change the
# size; BENCH_KEEP=1 keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$here/../../build}"
files=${BENCH_FILES:-5000}
worktrees=${BENCH_WORKTREES:-20}
runs=${BENCH_RUNS:-11}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
command -v git-issue-status >/dev/null || {
	echo "status.sh: no git-issue-status in $GI_BUILD_DIR/bin: run make" >&2
	exit 1
}

# A stable environment, as in the tests: no user or system config.
. "$here/sandbox.sh"
bench_sandbox status

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
	git issue-worktree --no-setup "$i" >/dev/null 2>&1
	i=$((i + 1))
done
# some agents mid-task: an edit, an untracked file, a commit
wt=$scratch/repo.worktrees
echo "/* edited */" >>"$wt/issue-2/src/mod01/file00001.c"
echo "scratch" >"$wt/issue-3/notes.txt"
echo "/* done */" >>"$wt/issue-4/src/mod02/file00002.c"
git -C "$wt/issue-4" commit -q -a -m "work"
git issue-note -i 1 "started on it" >/dev/null

# What people run without it: every worktree's status, one git each.
theirs='git worktree list --porcelain | sed -n "s/^worktree //p" |
while read -r path; do git -C "$path" status --porcelain; done'

# The same timer as t/bench/run: whole processes, spawned directly,
# interleaved run by run; the shell side pays for its shell, as a user does.
timer=${GI_BENCH_TIMER:-}
if [ -z "$timer" ]; then
	timer=$scratch/gi-bench-timer
	"${CC:-cc}" -O2 -o "$timer" "$here/timer.c" || {
		echo "status.sh: cannot build t/bench/timer.c" >&2
		exit 0
	}
fi

# warm up caches (and let git status write the refreshed indexes once)
# shellcheck disable=SC2046 # two lines of five numbers
set -- $("$timer" "$runs" 2 git issue-status -- sh -c "$theirs")
# one line per command: median wall us, min, failed runs, median cpu us,
# peak memory kB
a=$(awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }')
b=$(awk -v u="$6" 'BEGIN { printf "%.1f", u / 1000 }')
ca=$(awk -v u="$4" 'BEGIN { printf "%.1f", u / 1000 }')
cb=$(awk -v u="$9" 'BEGIN { printf "%.1f", u / 1000 }')
fa=$3 fb=$8
printf 'git issue-status, %d worktrees of %d files (median of %d runs)\n' \
	"$worktrees" "$files" "$runs"
printf '  git issue-status                            %8s ms  (cpu %s ms)\n' "$a" "$ca"
printf '  git worktree list + git status in each      %8s ms  (cpu %s ms)\n' "$b" "$cb"
awk -v a="$a" -v b="$b" 'BEGIN {
	printf "  ratio (issue-status / shell)                %8.2f", a / b
	if (a < b) printf "  (%.1fx faster)\n", b / a
	else printf "  (%.1fx slower)\n", a / b
}'
[ "$fa$fb" = 00 ] || echo "  (runs failed: issue-status $fa, shell $fb)"
exit 0
