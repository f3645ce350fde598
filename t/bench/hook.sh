#!/bin/sh
# hook.sh: how long the SessionStart hook takes on an issue of 1,000
# records (goal: under 20 ms), against `git issue-show --format=markdown`
# of the same issue in the same run, and how big the brief is. The hook is
# timed as Claude Code starts it (`git issue-hook ...`, through git's
# dispatcher) and directly. With hyperfine (-N: no shell in between) when it
# is installed, else medians of interleaved runs. A report, not a test.
#
# Then the Stop hook, as Claude Code starts it with its JSON on stdin (so
# through a shell, whose start hyperfine subtracts): its full path (the
# session remembered, the records read, `git status` for the fingerprint:
# the worktree unchanged, nothing asked), its cheapest (the session asked
# already), and SessionStart with the session remembered (the brief plus
# one `git status`); against `git status --porcelain` alone. Goal: the
# Stop hook under 20 ms.
#
#   t/bench/hook.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_RECORDS (1000), BENCH_LESSONS (40), BENCH_RUNS (31) change the
# size; BENCH_KEEP=1 keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$here/../../build}"
records=${BENCH_RECORDS:-1000}
lessons=${BENCH_LESSONS:-40}
runs=${BENCH_RUNS:-31}
now_us () { date +%s%6N; }
med () { sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.2f ms", a[int((NR + 1) / 2)] / 1000 }'; }

PATH=$GI_BUILD_DIR/bin:$GI_BUILD_DIR/t:$PATH
export PATH
command -v git-issue-hook >/dev/null && command -v gi-test-tool >/dev/null || {
	echo "hook.sh: no git-issue-hook in $GI_BUILD_DIR/bin: run make" >&2
	exit 1
}

. "$here/sandbox.sh"
bench_sandbox hook

cd "$scratch"
git config --global init.defaultBranch main
git config --global gc.auto 0
git init -q repo
cd repo
git commit -q --allow-empty -m initial

# issue 1000: its records and lessons, an issue record mentioning #7, and
# #7 with a few lessons; 20 other issues with claims, as a busy board
i=0
while [ $i -lt "$records" ]; do
	if [ $i -lt "$lessons" ]; then
		printf '{"time":"2026-02-01T00:00:00.%06dZ","id":"%016x","kind":"lesson","author":"Bench <bench@example.com>","tried":"approach %d","failed":"reason %d","solution":"answer %d"}\n' $i $i $i $i $i
	else
		printf '{"time":"2026-02-01T00:00:00.%06dZ","id":"%016x","kind":"note","author":"Bench <bench@example.com>","text":"record %d of the benchmark, with the words a note has"}\n' $i $i $i
	fi
	i=$((i + 1))
done >lines
echo '{"time":"2026-01-01T00:00:00.000000Z","id":"00000000000000aa","kind":"issue","title":"The big one","state":"open","body":"Depends on #7."}' >>lines
xargs -d '\n' gi-test-tool append refs/notes/issues 1000 <lines
for l in 1 2 3; do
	git issue-note -i 7 --tried "seven $l" --solution "solved $l" >/dev/null
done
git config issue.worktreeRoot "$scratch/wt"
n=1
while [ $n -le 20 ]; do
	git issue-worktree $((100 + n)) >/dev/null 2>&1
	n=$((n + 1))
done
git issue-worktree 1000 >"$scratch/wt1000" 2>/dev/null
cd "$(cat "$scratch/wt1000")"

git issue-hook claude session-start </dev/null >"$scratch/hook.json"
jq -j .hookSpecificOutput.additionalContext "$scratch/hook.json" >"$scratch/brief"
units=$(node -e 'process.stdout.write(String(require("fs").readFileSync(process.argv[1], "utf8").length))' "$scratch/brief" 2>/dev/null || echo "?")
echo "hook on an issue of $records records ($lessons lessons), 20 other claimed issues:"
echo "  the brief: $(wc -c <"$scratch/brief") bytes, $units UTF-16 units (budget 9000)," \
	"$(grep -c 'answer [0-9]* ' "$scratch/brief") of $lessons lessons"

if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs "$runs" --style basic \
		-n "git-issue-hook claude session-start" \
		"git-issue-hook claude session-start" \
		-n "git issue-hook claude session-start" \
		"git issue-hook claude session-start" \
		-n "git issue-show --format=markdown" \
		"git issue-show --format=markdown" 2>&1 |
		grep -E "^(Benchmark|  Time|  Range)|faster|±" || true
else
	for f in hook direct show; do : >"$scratch/$f.t"; done
	r=0
	while [ $r -lt "$runs" ]; do
		s=$(now_us); git issue-hook claude session-start </dev/null >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/hook.t"
		s=$(now_us); git-issue-hook claude session-start </dev/null >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/direct.t"
		s=$(now_us); git issue-show --format=markdown >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/show.t"
		r=$((r + 1))
	done
	echo "  git issue-hook claude session-start: $(med "$scratch/hook.t") (median of $runs)"
	echo "  git-issue-hook claude session-start: $(med "$scratch/direct.t")"
	echo "  git issue-show --format=markdown:    $(med "$scratch/show.t")"
fi
echo "  (goal: the hook under 20 ms)"

# --- the Stop hook -------------------------------------------------------
# a worktree of a few hundred files, as a small project has
mkdir -p src
i=0
while [ $i -lt 300 ]; do
	echo "file $i" >"src/f$i.c"
	i=$((i + 1))
done
git add src && git commit -q -m "three hundred files"
wt=$(pwd)
printf '{"session_id":"bench-full","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' "$wt" >"$scratch/ss-full.json"
printf '{"session_id":"bench-full","cwd":"%s","hook_event_name":"Stop","stop_hook_active":false}' "$wt" >"$scratch/stop-full.json"
printf '{"session_id":"bench-asked","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' "$wt" >"$scratch/ss-asked.json"
printf '{"session_id":"bench-asked","cwd":"%s","hook_event_name":"Stop","stop_hook_active":false}' "$wt" >"$scratch/stop-asked.json"
git issue-hook claude session-start <"$scratch/ss-full.json" >/dev/null
git issue-hook claude session-start <"$scratch/ss-asked.json" >/dev/null
echo change >>src/f1.c
git issue-hook claude stop <"$scratch/stop-asked.json" | grep -q '"block"' || {
	echo "hook.sh: the Stop hook did not ask" >&2
	exit 1
}
git checkout -q src/f1.c
[ -z "$(git issue-hook claude stop <"$scratch/stop-full.json")" ] || {
	echo "hook.sh: the Stop hook asked for an unchanged worktree" >&2
	exit 1
}
# a SessionStart that remembers anew each time: its file removed first
# (the rm is timed on its own, to be taken off)
ss_rm="rm -f $(git rev-parse --git-common-dir)/issue-sessions/$(printf 'claude-session %s' bench-new | git hash-object --stdin)"
ss_new="$ss_rm; git issue-hook claude session-start <$scratch/ss-new.json >/dev/null"
printf '{"session_id":"bench-new","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' "$wt" >"$scratch/ss-new.json"
echo "the Stop hook, in that worktree with 300 more files:"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --shell=sh --warmup 3 --runs "$runs" --style basic \
		-n "git issue-hook claude stop (unchanged: the full path)" \
		"git issue-hook claude stop <$scratch/stop-full.json" \
		-n "git issue-hook claude stop (asked already)" \
		"git issue-hook claude stop <$scratch/stop-asked.json" \
		-n "git issue-hook claude session-start (remembering, and rm)" \
		"$ss_new" \
		-n "rm (to take off the row above)" "$ss_rm" \
		-n "git issue-hook claude session-start (remembered already)" \
		"git issue-hook claude session-start <$scratch/ss-full.json >/dev/null" \
		-n "git status --porcelain" \
		"git status --porcelain >/dev/null" 2>&1 |
		grep -E "^(Benchmark|  Time|  Range)|faster|±" || true
else
	for f in full asked new old status; do : >"$scratch/$f.t"; done
	r=0
	while [ $r -lt "$runs" ]; do
		s=$(now_us); git issue-hook claude stop <"$scratch/stop-full.json" >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/full.t"
		s=$(now_us); git issue-hook claude stop <"$scratch/stop-asked.json" >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/asked.t"
		s=$(now_us); sh -c "$ss_new"; e=$(now_us)
		echo $((e - s)) >>"$scratch/new.t"
		s=$(now_us); git issue-hook claude session-start <"$scratch/ss-full.json" >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/old.t"
		s=$(now_us); git status --porcelain >/dev/null; e=$(now_us)
		echo $((e - s)) >>"$scratch/status.t"
		r=$((r + 1))
	done
	echo "  git issue-hook claude stop (unchanged: the full path): $(med "$scratch/full.t") (median of $runs)"
	echo "  git issue-hook claude stop (asked already):            $(med "$scratch/asked.t")"
	echo "  git issue-hook claude session-start (remembering):     $(med "$scratch/new.t") (with sh and rm)"
	echo "  git issue-hook claude session-start (remembered):      $(med "$scratch/old.t")"
	echo "  git status --porcelain:                                $(med "$scratch/status.t")"
fi
echo "  (goal: the Stop hook under 20 ms)"
