#!/bin/sh
# status.sh: how long `git issue-status` takes with 20 issue worktrees of a
# real-sized repository, against what people run without it:
# `git worktree list` and `git status --porcelain` in each worktree.
# Both are timed in the same run, alternately, on the same files, after a
# warm-up; the medians and their ratio are printed. A report, not a test.
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
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gi-bench-status.XXXXXX")
[ "${BENCH_KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
HOME=$scratch
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT

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

ours () {
	git issue-status >/dev/null
}

theirs () {
	git worktree list --porcelain | sed -n 's/^worktree //p' |
	while read -r path; do
		git -C "$path" status --porcelain >/dev/null
	done
}

# ms TIMES-FILE CMD: run CMD once, append its wall time in ms
ms () {
	t0=$(date +%s%N)
	"$2"
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000)) >>"$1"
}

median () {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}

# warm up caches (and let git status write the refreshed indexes once)
ours; theirs; ours; theirs

# With hyperfine (no shell between it and the command: -N), its medians;
# without it, our own alternating loop below, and a word that it is so.
if command -v hyperfine >/dev/null; then
	cat >"$scratch/theirs.sh" <<-'EOF'
	git worktree list --porcelain | sed -n 's/^worktree //p' |
	while read -r path; do
		git -C "$path" status --porcelain >/dev/null
	done
	EOF
	hyperfine -N --warmup 3 --runs "$runs" --style basic \
		--export-json "$scratch/status.json" \
		-n "git issue-status" "git issue-status" \
		-n "git worktree list + git status in each" \
		"sh $scratch/theirs.sh" >&2
	jq -r --arg w "$worktrees" --arg f "$files" '
		.results as $r |
		"git issue-status, \($w) worktrees of \($f) files (hyperfine -N, median of \($r[0].times | length) runs)",
		"  git issue-status                            \($r[0].median * 10000 | round / 10) ms",
		"  git worktree list + git status in each      \($r[1].median * 10000 | round / 10) ms",
		"  ratio (issue-status / shell)                \($r[0].median / $r[1].median * 100 | round / 100)"
	' "$scratch/status.json"
	exit 0
fi
echo "status.sh: hyperfine is not installed (apt-get install hyperfine):" \
	"timing with a shell loop instead" >&2
: >ours.us
: >theirs.us
i=0
while [ "$i" -lt "$runs" ]; do
	ms ours.us ours
	ms theirs.us theirs
	i=$((i + 1))
done

a=$(median ours.us)
b=$(median theirs.us)
printf 'git issue-status, %d worktrees of %d files (median of %d runs)\n' \
	"$worktrees" "$files" "$runs"
printf '  git issue-status                            %8s ms\n' "$a"
printf '  git worktree list + git status in each      %8s ms\n' "$b"
awk -v a="$a" -v b="$b" 'BEGIN {
	printf "  ratio (issue-status / shell)                %8.2f", a / b
	if (a < b) printf "  (%.1fx faster)\n", b / a
	else printf "  (%.1fx slower)\n", a / b
}'
