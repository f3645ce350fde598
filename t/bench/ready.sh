#!/bin/sh
# ready.sh: `git issue-ready` on 2,000 open issues with 500 blocked-by
# links and 5 mid-task worktrees (goal: under 100 ms), against
# `git issue-list` in the same run; and the claim race: 8 clones of one
# bare origin claim one issue at once, the time from the start to all 8
# answers, against one plain `git push` to the same origin. Whole
# processes, interleaved run by run, by t/bench/timer.c as t/bench/run;
# a report, not a test.
#
#   t/bench/ready.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_ISSUES (2000), BENCH_LINKS (500), BENCH_RUNS (31; the race takes
# at most 11) change the size; BENCH_KEEP=1 keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$here/../../build}"
issues=${BENCH_ISSUES:-2000}
links=${BENCH_LINKS:-500}
runs=${BENCH_RUNS:-31}
race_runs=$runs
[ "$race_runs" -le 11 ] || race_runs=11

PATH=$GI_BUILD_DIR/bin:$GI_BUILD_DIR/t:$PATH
export PATH
command -v git-issue-ready >/dev/null && command -v gi-test-tool >/dev/null || {
	echo "ready.sh: no git-issue-ready in $GI_BUILD_DIR/bin: run make" >&2
	exit 1
}
. "$here/sandbox.sh"
bench_sandbox ready
git config --global gc.auto 0
git config --global init.defaultBranch main

timer=${GI_BENCH_TIMER:-}
if [ -z "$timer" ]; then
	timer=$scratch/gi-bench-timer
	"${CC:-cc}" -O2 -o "$timer" "$here/timer.c" || {
		echo "ready.sh: cannot build t/bench/timer.c" >&2
		exit 0
	}
fi
ms () { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

cd "$scratch"
echo "setting up $issues issues, $links blocked-by, 5 mid-task worktrees in $scratch ..." >&2
git init -q --bare origin.git
git init -q repo
cd repo
# 100 files, as the issues' bodies name them (src/modNN/fileNNNNN.c)
i=0
while [ $i -lt 100 ]; do
	mkdir -p "src/mod$(printf %02d $i)"
	seq 1 40 >"$(printf "src/mod%02d/file%05d.c" $i $i)"
	i=$((i + 1))
done
git add .
git commit -q -m files
git remote add origin ../origin.git
git push -q origin main
gi-test-tool plan "$issues" "$links"
git gc -q	# as fetched notes are: packed
git config issue.worktreeRoot "$scratch/wt"
# five issues mid-task: each changes one file, one change committed and one
# not; two of them touch files that ready issues name
for k in 1 2 3 4 5; do
	git issue-worktree --no-setup "$k" >/dev/null 2>&1
	(
		cd "$scratch/wt/issue-$k"
		f=$(printf "src/mod%02d/file%05d.c" $((k * 7)) $((k * 7)))
		sed -i "3s/.*/issue $k/" "$f"
		git commit -q -a -m "issue $k"
		sed -i "9s/.*/issue $k, not committed/" "$f"
	)
done
# two ready issues with branches: #10 with a commit of its own (merged
# against each of the five), #11 with none yet (nothing to merge)
git branch issue/11 main
git checkout -q -b issue/10 main
sed -i "20s/.*/issue 10/" src/mod07/file00007.c
git commit -q -a -m "issue 10"
git checkout -q main
git issue-ready >"$scratch/answer" 2>&1
head -n 8 "$scratch/answer" | sed 's/^/  | /' >&2

# one line per command: median wall us, min, failed runs, median cpu us,
# peak memory KiB
# shellcheck disable=SC2046 # two lines of five numbers
set -- $("$timer" "$runs" 3 git issue-ready -- git issue-list)
echo "git issue-ready: $issues open issues, $links blocked-by, 5 mid-task worktrees (median of $runs runs)"
printf '  git issue-ready                             %8s ms  (cpu %s ms, %s KiB; goal: under 100 ms)\n' \
	"$(ms "$1")" "$(ms "$4")" "$5"
printf '  git issue-list (same repository)            %8s ms  (cpu %s ms, %s KiB)\n' \
	"$(ms "$6")" "$(ms "$9")" "${10}"
awk -v a="$1" -v b="$6" -v ca="$4" -v cb="$9" 'BEGIN {
	printf "  ratio (ready / list)                        %8.2f  (cpu %.2f)\n", a / b, ca / cb }'
[ "$3$8" = 00 ] || echo "  (runs failed: $3 and $8)"

# --- the claim race ----------------------------------------------------
cd "$scratch"
git -C repo push -q origin refs/notes/issues
for c in 1 2 3 4 5 6 7 8; do
	git clone -q origin.git "c$c"
	git -C "c$c" config issue.worktreeRoot "$scratch/wt-c$c"
	git -C "c$c" fetch -q origin refs/notes/issues:refs/notes/issues
done
echo 0 >race.n
echo 0 >push.n
# one race: the next issue, claimed by all 8 clones at once
cat >race.sh <<EOF
#!/bin/sh
n=\$((\$(cat "$scratch/race.n") + 1))
echo \$n >"$scratch/race.n"
for c in 1 2 3 4 5 6 7 8; do
	git -C "$scratch/c\$c" issue-worktree --no-setup \$((100 + n)) >/dev/null 2>&1 &
done
wait
exit 0
EOF
# one plain push of something new to the same origin
cat >push.sh <<EOF
#!/bin/sh
n=\$((\$(cat "$scratch/push.n") + 1))
echo \$n >"$scratch/push.n"
exec git -C "$scratch/c1" push -q origin "HEAD:refs/heads/bench-\$n"
EOF
# shellcheck disable=SC2046
set -- $("$timer" "$race_runs" 1 sh race.sh -- sh push.sh)
won=0
n=1
while [ $n -le $((race_runs + 1)) ]; do
	w=$(ls -d "$scratch"/wt-c*/issue-$((100 + n)) 2>/dev/null | wc -l)
	[ "$w" = 1 ] && won=$((won + 1))
	n=$((n + 1))
done
echo "the claim race: 8 clones of one bare origin claim one issue at once (median of $race_runs)"
printf '  start to all 8 answers                      %8s ms  (cpu %s ms, all 8)\n' \
	"$(ms "$1")" "$(ms "$4")"
printf '  one plain git push to the same origin       %8s ms  (cpu %s ms)\n' \
	"$(ms "$6")" "$(ms "$9")"
awk -v a="$1" -v b="$6" 'BEGIN { printf "  ratio (race / push)                         %8.2f\n", a / b }'
[ "$3$8" = 00 ] || echo "  (runs failed: $3 and $8)"
echo "  races with exactly one worktree made: $won of $((race_runs + 1))"
exit 0
