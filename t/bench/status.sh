#!/bin/sh
# status.sh: how long `git issue-status` takes with 20 issue worktrees of a
# real-sized repository, against what people run without it:
# `git worktree list` and `git status --porcelain` in each worktree.
# Both are timed in the same run, interleaved, on the same files, after a
# warm-up, by t/bench/timer.c (whole processes, no sampler inside), with
# the floor beside them; every figure is checked by t/bench/lib.sh, and the
# script exits 1 when one cannot be right.
#
# Then what the agents' activity costs the board (issue 23): two clones
# of the same project with the same 5 issue worktrees and the same work,
# one with an agent session recorded in each worktree by the hook
# (`git issue-hook claude user-prompt-submit`, run by 5 live processes
# that stand for the agents: the board checks each in /proc), timed
# against each other, interleaved (goal: at most 10% slower).
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

# --- the same board with 5 agent sessions, and without -------------------
agents=
stop_agents () {
	for p in $agents; do kill "$p" 2>/dev/null || :; done
	[ "${BENCH_KEEP:-}" ] || rm -rf "$scratch"
}
trap stop_agents EXIT
# a board of 5 worktrees, two of them with work, in a clone named $1 of
# a remote of its own (the claims go there: a shared one would give the
# second board the first one's claims)
board5 () {
	git clone -q --bare "$scratch/origin.git" "$scratch/$1-origin.git"
	git clone -q "$scratch/$1-origin.git" "$scratch/$1"
	git -C "$scratch/$1" config issue.worktreeRoot "$scratch/$1-wt"
	for k in 1 2 3 4 5; do
		git -C "$scratch/$1" issue-worktree --no-setup "$k" \
			>/dev/null 2>"$scratch/$1.err" ||
			bench_fail "cannot make the worktree of issue $k in $1"
	done
	echo "/* edited */" >>"$scratch/$1-wt/issue-2/src/mod01/file00001.c"
	echo "/* done */" >>"$scratch/$1-wt/issue-4/src/mod02/file00002.c"
	git -C "$scratch/$1-wt/issue-4" commit -q -a -m "work"
	git -C "$scratch/$1" issue-note -i 1 "started on it" >/dev/null
}
echo "setting up two boards of 5 worktrees, one with 5 agents ..." >&2
board5 plain
board5 agents
# the agents: a copy of sh under another name (the hook takes the first
# process above it that is not git or a shell for the agent), which
# records a session and then stays, as sleep, under the same pid
mkdir -p "$scratch/tools"
cp "$(command -v sh)" "$scratch/tools/agent"
for k in 1 2 3 4 5; do
	d=$scratch/agents-wt/issue-$k
	printf '{"session_id":"bench-%d","cwd":"%s","hook_event_name":"UserPromptSubmit","prompt":"go"}' \
		"$k" "$d" >"$scratch/prompt-$k.json"
	(cd "$d" && exec "$scratch/tools/agent" -c \
		'git issue-hook claude user-prompt-submit <"$1"; exec sleep 3600' \
		agent "$scratch/prompt-$k.json") &
	agents="$agents $!"
done
i=0
while [ "$(git -C "$scratch/agents" issue-status --json |
	jq '[.worktrees[] | select(.agent.state == "working")] | length')" != 5 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || bench_fail "the 5 agent sessions were not recorded"
	sleep 0.1
done
# both boards in the same steady state: every index refreshed by git
# status once the files are older than it (none racily clean)
sleep 1
for d in "$scratch"/plain-wt/* "$scratch"/agents-wt/*; do
	git -C "$d" status --porcelain >/dev/null
done
bench_time "$runs" 2 -C "$scratch/agents" git issue-status -- \
	-C "$scratch/plain" git issue-status -- git issue-floor
printf 'git issue-status, 5 worktrees of %d files, with 5 agent sessions and without (median of %d runs)\n' \
	"$files" "$runs"
bench_header "no agents"
bench_pair "status, 5 agents working (vs none; goal 1.10x)" \
	"$(bench_line 1)" "$(bench_line 2)" "$(bench_line 3)"
bench_finish
