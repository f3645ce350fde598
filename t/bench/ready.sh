#!/bin/sh
# ready.sh: `git issue-ready` on 2,000 open issues with 500 blocked-by
# links and 5 mid-task worktrees (goal: under 50 ms; under 150 ms at 10,000
# issues), against `git issue-list` and `git notes list` in the same run;
# and the claim race: 8 clones of one bare origin claim one issue at once,
# the time from the start to all 8 answers, against one plain `git push`
# to the same origin (goal: under 15 times as long). Whole processes,
# interleaved run by run, by t/bench/timer.c as t/bench/run; every figure
# is checked by t/bench/lib.sh, and the script exits 1 when one cannot be
# right (a race with no winner or two is a failed run).
#
#   t/bench/ready.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_ISSUES (2000), BENCH_LINKS (500), BENCH_RUNS (31; the race takes
# at most 11) change the size; BENCH_RACE=0 leaves the race out;
# BENCH_KEEP=1 keeps the scratch directory.
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
. "$here/lib.sh"
bench_part=ready
command -v git-issue-ready >/dev/null && command -v gi-test-tool >/dev/null ||
	bench_fail "no git-issue-ready in $GI_BUILD_DIR/bin: run make"
bench_sandbox ready
bench_timer

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
# the origin has the notes before anyone claims: a claim then pushes its
# record, not the whole plan (at 10,000 issues that push outlasts the
# claim's deadline)
git push -q origin refs/notes/issues
git config issue.worktreeRoot "$scratch/wt"
# five issues mid-task: each changes one file, one change committed and one
# not; two of them touch files that ready issues name
for k in 1 2 3 4 5; do
	git issue-worktree --no-setup "$k" >/dev/null 2>&1 ||
		bench_fail "cannot make the worktree of issue $k"
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

bench_time "$runs" 3 git issue-ready -- git issue-list -- \
	git notes --ref=issues list -- git issue-floor
echo "git issue-ready: $issues open issues, $links blocked-by, 5 mid-task worktrees (median of $runs runs)"
bench_header "list"
bench_pair "ready (vs git issue-list)" "$(bench_line 1)" "$(bench_line 2)" \
	"$(bench_line 4)"
bench_header
bench_pair "ready (vs git notes list)" "$(bench_line 1)" "$(bench_line 3)" \
	"$(bench_line 4)"
printf '  %-48s %10s %11s\n' "peak memory" "git-issue" "notes list"
bench_mem "ready, $issues issues" "$(bench_line 1)" "$(bench_line 3)"
echo "  (goal: under 50 ms at 2,000 issues, under 150 ms at 10,000)"
[ "${BENCH_RACE:-1}" != 0 ] || bench_finish

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
bench_time "$race_runs" 1 sh race.sh -- sh push.sh -- git issue-floor
won=0
n=1
while [ $n -le $((race_runs + 1)) ]; do
	w=$(ls -d "$scratch"/wt-c*/issue-$((100 + n)) 2>/dev/null | wc -l)
	[ "$w" = 1 ] && won=$((won + 1))
	n=$((n + 1))
done
echo "the claim race: 8 clones of one bare origin claim one issue at once (median of $race_runs)"
bench_header
bench_pair "start to all 8 answers (vs one git push)" "$(bench_line 1)" \
	"$(bench_line 2)" "$(bench_line 3)"
bench_count "races with exactly one worktree made" "$won" \
	"of $((race_runs + 1))"
[ "$won" = $((race_runs + 1)) ] ||
	bench_bad "the claim race" "$((race_runs + 1 - won)) races without exactly one winner"
echo "  (goal: under 15 times one git push)"
bench_finish
