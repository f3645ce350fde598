#!/bin/sh
# overlap.sh: how long `git issue-overlap` takes for 5 active issues (10
# pairs) in a repository of 10,000 files, against what it replaces: 10
# runs of stock `git merge-tree --write-tree` on the same pairs (goal: at
# most 1.2 times as long). Whole processes, interleaved, warm-up included,
# by t/bench/timer.c as t/bench/run; every figure is checked by
# t/bench/lib.sh, and the script exits 1 when one cannot be right.
#
#   t/bench/overlap.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_FILES (10000) and BENCH_RUNS (11) change the size; BENCH_KEEP=1
# keeps the scratch directory; BENCH_UNCOMMITTED=1 leaves two of the five
# issues' work uncommitted (no stock equivalent: then the row is ours
# alone, against the same committed pairs).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$here/../../build}"
files=${BENCH_FILES:-10000}
runs=${BENCH_RUNS:-11}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
. "$here/lib.sh"
bench_part=overlap
command -v git-issue-overlap >/dev/null ||
	bench_fail "no git-issue-overlap in $GI_BUILD_DIR/bin: run make"
bench_sandbox overlap
bench_timer

cd "$scratch"
echo "setting up 5 issues in a repository of $files files in $scratch ..." >&2
git init -q -b main origin.git --bare
git init -q -b main seed
(
	cd seed
	awk -v n="$files" 'BEGIN {
		for (i = 0; i < n; i++) {
			d = sprintf("src/mod%02d", i % 100)
			if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
			f = sprintf("%s/file%05d.c", d, i)
			for (l = 0; l < 40 + i % 60; l++)
				printf "/* line %d of file %d */ int v%d_%d;\n", l, i, i, l > f
			close(f)
		}
	}'
	git add .
	git commit -q -m "a tree of $files files"
	git push -q ../origin.git main
)
git clone -q origin.git repo
cd repo
wt=$scratch/repo.worktrees
# issue k edits 30 files: files k*100 .. k*100+29 on line 3, and five of
# the next issue's files on line 30 (shared files, other hunks); issues 4
# and 5 edit the same line of one file (the pair that conflicts)
for k in 1 2 3 4 5; do
	git issue-worktree --no-setup "$k" >/dev/null 2>&1
	(
		cd "$wt/issue-$k"
		i=0
		while [ "$i" -lt 30 ]; do
			n=$((k * 100 + i))
			f=$(printf "src/mod%02d/file%05d.c" $((n % 100)) "$n")
			sed -i "3s/.*/\/* issue $k *\/ int changed_$n;/" "$f"
			i=$((i + 1))
		done
		i=0
		while [ "$i" -lt 5 ]; do
			n=$(((k + 1) * 100 + i))
			f=$(printf "src/mod%02d/file%05d.c" $((n % 100)) "$n")
			sed -i "30s/.*/\/* issue $k, late *\/ int late_$n;/" "$f"
			i=$((i + 1))
		done
		if [ "$k" -ge 4 ]; then
			n=$((files - 1))
			f=$(printf "src/mod%02d/file%05d.c" $((n % 100)) "$n")
			sed -i "10s/.*/\/* $k wins *\/ int clash_$k;/" "$f"
		fi
		if [ "${BENCH_UNCOMMITTED:-}" ] && [ "$k" -ge 4 ]; then
			: # left uncommitted
		else
			git commit -q -a -m "issue $k"
		fi
	)
done

# as after an agent's last git command: no racily clean index entries
sleep 1
for k in 1 2 3 4 5; do
	git -C "$wt/issue-$k" status --porcelain >/dev/null
done

# the stock equivalent: the same 10 pairs, one git merge-tree each
{
	echo "#!/bin/sh"
	for a in 1 2 3 4 5; do
		for b in 1 2 3 4 5; do
			[ "$a" -lt "$b" ] || continue
			echo "git merge-tree --write-tree issue/$a issue/$b >/dev/null"
		done
	done
	echo "exit 0"
} >"$scratch/stock.sh"

# ... and what it takes with stock git to look at the work as it is too:
# git status in each worktree (what a script would do to see uncommitted
# work), then the same merges
{
	echo "#!/bin/sh"
	for k in 1 2 3 4 5; do
		echo "git -C '$wt/issue-$k' status --porcelain >/dev/null"
	done
	sed -n 's/^git merge-tree/git merge-tree/p' "$scratch/stock.sh"
	echo "exit 0"
} >"$scratch/stock-status.sh"

git issue-overlap >"$scratch/answer" 2>&1 || :
echo "git issue-overlap says:" >&2
grep "^#" "$scratch/answer" >&2 || :

# The same timer as t/bench/run and status.sh: whole processes, spawned
# directly (no shell but the stock side's own), interleaved run by run.
# Ours exits 1 when a pair conflicts, as here: not a failed run (-X 1).
bench_time "$runs" 3 -X 1 git issue-overlap -- sh "$scratch/stock.sh" \
	-- sh "$scratch/stock-status.sh" -- git issue-floor
printf 'git issue-overlap, 5 active issues (10 pairs), %d files (median of %d runs)\n' \
	"$files" "$runs"
bench_header
bench_pair "overlap (vs 10 x git merge-tree --write-tree)" \
	"$(bench_line 1)" "$(bench_line 2)" "$(bench_line 4)"
bench_pair "overlap (vs status in each + the same 10)" \
	"$(bench_line 1)" "$(bench_line 3)" "$(bench_line 4)"
echo "  (goal: at most 1.2 times the merge-tree runs)"
bench_finish
