#!/bin/sh
# hook.sh: how long the SessionStart hook takes on an issue of 1,000
# records (goal: under 20 ms), Claude Code's and Codex's, against
# `git issue-show --format=markdown` of the same issue in the same run,
# and how big the brief is. The hook is timed as the agents start it
# (`git issue-hook ...`, through git's dispatcher) and directly.
#
# Then the Stop hook with its JSON on stdin: its full path (the session
# remembered, the records read, `git status` for the fingerprint: the
# worktree unchanged, nothing asked), its cheapest (the session asked
# already), and SessionStart with the session remembered anew each run
# (its file removed before the run, outside the timed window) and
# remembered already (the brief plus one `git status`); against
# `git status --porcelain` alone. Goal: the Stop hook under 20 ms.
#
# Then an issue of 1,000 lessons (one naming nginx.conf), with 30 related
# issues (sub-issues of its parent, mentions both ways): SessionStart of
# both agents (goal: under 20 ms, the brief within 9,000 UTF-16 units), and the
# PostToolUse hook for a tool call that touches nothing a lesson names
# (goal: under 10 ms, no output) and for one whose lesson this session
# was told already.
#
# Then the events that only record what the session does, for the board
# (UserPromptSubmit, Notification, SessionEnd, and Codex's
# UserPromptSubmit; goal: under 5 ms each).
#
# Whole processes, interleaved run by run, by t/bench/timer.c as
# t/bench/run (stdin from a file, no shell in between); every figure is
# checked by t/bench/lib.sh, and the script exits 1 when one cannot be
# right.
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

PATH=$GI_BUILD_DIR/bin:$GI_BUILD_DIR/t:$PATH
export PATH
. "$here/lib.sh"
bench_part=agent
command -v git-issue-hook >/dev/null && command -v gi-test-tool >/dev/null ||
	bench_fail "no git-issue-hook in $GI_BUILD_DIR/bin: run make"
bench_sandbox hook
bench_timer

cd "$scratch"
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

git issue-hook codex session-start </dev/null >"$scratch/codex.json"
jq -j .hookSpecificOutput.additionalContext "$scratch/codex.json" >"$scratch/codex-brief"
echo "  Codex's brief: $(wc -c <"$scratch/codex-brief") bytes (budget 9000)"
[ "$(wc -c <"$scratch/codex-brief")" -le 9000 ] ||
	bench_bad "Codex's brief" "over 9000 bytes"

bench_time "$runs" 3 git issue-hook claude session-start -- \
	git issue-hook codex session-start -- \
	git-issue-hook claude session-start -- \
	git issue-show --format=markdown -- git issue-floor
bench_header "issue-show"
bench_pair "git issue-hook claude session-start (vs show)" \
	"$(bench_line 1)" "$(bench_line 4)" "$(bench_line 5)"
bench_pair "git issue-hook codex session-start (vs show)" \
	"$(bench_line 2)" "$(bench_line 4)" "$(bench_line 5)"
bench_pair "  git-issue-hook run directly (vs show)" \
	"$(bench_line 3)" "$(bench_line 4)" "$(bench_line 5)"
echo "  (goal: the hooks under 20 ms)"

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
git issue-hook claude stop <"$scratch/stop-asked.json" | grep -q '"block"' ||
	bench_fail "the Stop hook did not ask"
git checkout -q src/f1.c
[ -z "$(git issue-hook claude stop <"$scratch/stop-full.json")" ] ||
	bench_fail "the Stop hook asked for an unchanged worktree"
# a SessionStart that remembers anew each time: its file removed before
# each run, outside the timed window
ss_file=$(git rev-parse --git-common-dir)/issue-sessions/$(printf 'claude-session %s' bench-new | git hash-object --stdin)
case $ss_file in /*) ;; *) ss_file=$(pwd)/$ss_file ;; esac
printf '{"session_id":"bench-new","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' "$wt" >"$scratch/ss-new.json"
echo "the Stop hook, in that worktree with 300 more files:"
bench_time "$runs" 3 -I "$scratch/stop-full.json" git issue-hook claude stop -- \
	-I "$scratch/stop-asked.json" git issue-hook claude stop -- \
	-U "$ss_file" -I "$scratch/ss-new.json" \
		git issue-hook claude session-start -- \
	-I "$scratch/ss-full.json" git issue-hook claude session-start -- \
	git status --porcelain -- git issue-floor
bench_header
bench_pair "stop, unchanged: the full path (vs git status)" \
	"$(bench_line 1)" "$(bench_line 5)" "$(bench_line 6)"
bench_pair "stop, asked already (vs git status)" \
	"$(bench_line 2)" "$(bench_line 5)" "$(bench_line 6)"
bench_pair "session-start, remembering (vs git status)" \
	"$(bench_line 3)" "$(bench_line 5)" "$(bench_line 6)"
bench_pair "session-start, remembered (vs git status)" \
	"$(bench_line 4)" "$(bench_line 5)" "$(bench_line 6)"
[ -f "$ss_file" ] ||
	bench_bad "session-start, remembering" "it remembered nothing: $ss_file"
echo "  (goal: the Stop hook under 20 ms)"

# --- 1,000 lessons, related issues, PostToolUse ---------------------------
cd "$scratch/repo"
i=0
while [ $i -lt 1000 ]; do
	printf '{"time":"2026-03-01T00:00:00.%06dZ","id":"%016x","kind":"lesson","author":"Bench <bench@example.com>","tried":"approach %d in src/mod%d/file%d.c","failed":"reason %d","solution":"answer %d with `tool%d run`"}\n' $i $((i + 500000)) $i $((i % 30)) $i $i $i $i
	i=$((i + 1))
done >lessons
echo '{"time":"2026-03-02T00:00:00.000000Z","id":"00000000000ffff1","kind":"lesson","tried":"editing nginx.conf by hand","solution":"reload it"}' >>lessons
xargs -d '\n' gi-test-tool append refs/notes/issues 3000 <lessons
git issue-link 3000 --parent 2999 >/dev/null 2>&1 ||
	bench_fail "git issue-link 3000 --parent 2999 failed"
n=3001
while [ $n -le 3030 ]; do
	if [ $((n % 2)) = 0 ]; then
		git issue-link $n --parent 2999 >/dev/null 2>&1
	else
		# no issue record for $n: its "known nowhere" warning is not the bench's
		git issue-note -i $n "see #3000" >/dev/null 2>&1
	fi
	git issue-note -i $n --tried "related $n" --solution "answer $n" >/dev/null
	n=$((n + 1))
done
git issue-worktree 3000 >"$scratch/wt3000" 2>/dev/null
cd "$(cat "$scratch/wt3000")"
wt=$(pwd)
git issue-hook claude session-start </dev/null >"$scratch/hook1000.json"
jq -j .hookSpecificOutput.additionalContext "$scratch/hook1000.json" >"$scratch/brief1000"
units=$(node -e 'process.stdout.write(String(require("fs").readFileSync(process.argv[1], "utf8").length))' "$scratch/brief1000" 2>/dev/null || echo "?")
printf '{"session_id":"bench-post","cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"%s/README.md"}}' "$wt" "$wt" >"$scratch/post-none.json"
printf '{"session_id":"bench-post","cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"%s/conf/nginx.conf"}}' "$wt" "$wt" >"$scratch/post-told.json"
git issue-hook claude post-tool-use <"$scratch/post-told.json" | grep -q "reload it" ||
	bench_fail "the PostToolUse hook did not tell the lesson naming nginx.conf"
[ -z "$(git issue-hook claude post-tool-use <"$scratch/post-told.json")" ] ||
	bench_fail "the PostToolUse hook told a lesson twice"
[ -z "$(git issue-hook claude post-tool-use <"$scratch/post-none.json")" ] ||
	bench_fail "the PostToolUse hook spoke of a file no lesson names"
echo "an issue of 1,000 lessons and 30 related issues:"
echo "  the brief: $(wc -c <"$scratch/brief1000") bytes, $units UTF-16 units (budget 9000)," \
	"$(grep -c "answer [0-9]* " "$scratch/brief1000") lessons in it"
case $units in
''|*[!0-9]*) bench_bad "the brief at 1,000 lessons" "no length: '$units'" ;;
*) [ "$units" -le 9000 ] ||
	bench_bad "the brief at 1,000 lessons" "$units UTF-16 units, over 9000" ;;
esac
bench_time "$runs" 3 git issue-hook claude session-start -- \
	-I "$scratch/post-none.json" git issue-hook claude post-tool-use -- \
	-I "$scratch/post-told.json" git issue-hook claude post-tool-use -- \
	git issue-hook codex session-start -- \
	git issue-floor
bench_header floor
bench_pair "session-start, 1,000 lessons (vs floor)" \
	"$(bench_line 1)" "$(bench_line 5)"
bench_pair "codex session-start, 1,000 lessons (vs floor)" \
	"$(bench_line 4)" "$(bench_line 5)"
bench_pair "post-tool-use, nothing matched (vs floor)" \
	"$(bench_line 2)" "$(bench_line 5)"
bench_pair "post-tool-use, told already (vs floor)" \
	"$(bench_line 3)" "$(bench_line 5)"
echo "  (goals: session-start under 20 ms, post-tool-use under 10 ms)"

# --- the events that only record what the session does --------------------
printf '{"session_id":"bench-act","cwd":"%s","hook_event_name":"UserPromptSubmit","prompt":"go on"}' "$wt" >"$scratch/prompt.json"
printf '{"session_id":"bench-act","cwd":"%s","hook_event_name":"Notification","notification_type":"permission_prompt","message":"Claude needs your permission to use Bash"}' "$wt" >"$scratch/notify.json"
printf '{"session_id":"bench-act","cwd":"%s","hook_event_name":"SessionEnd","reason":"other"}' "$wt" >"$scratch/end.json"
git issue-hook claude user-prompt-submit <"$scratch/prompt.json" >/dev/null
agents_dir=$(git rev-parse --absolute-git-dir)/issue-agents
[ -n "$(ls "$agents_dir" 2>/dev/null)" ] ||
	bench_fail "the UserPromptSubmit hook recorded nothing in $agents_dir"
echo "the events that only record what the session does, same worktree:"
bench_time "$runs" 3 -I "$scratch/prompt.json" \
		git issue-hook claude user-prompt-submit -- \
	-I "$scratch/notify.json" git issue-hook claude notification -- \
	-I "$scratch/end.json" git issue-hook claude session-end -- \
	-I "$scratch/prompt.json" git-issue-hook claude user-prompt-submit -- \
	git issue-floor -- \
	-I "$scratch/prompt.json" git issue-hook codex user-prompt-submit
bench_header floor
bench_pair "user-prompt-submit (vs floor)" \
	"$(bench_line 1)" "$(bench_line 5)"
bench_pair "notification, a permission prompt (vs floor)" \
	"$(bench_line 2)" "$(bench_line 5)"
bench_pair "session-end (vs floor)" \
	"$(bench_line 3)" "$(bench_line 5)"
bench_pair "  git-issue-hook run directly (vs floor)" \
	"$(bench_line 4)" "$(bench_line 5)"
bench_pair "codex user-prompt-submit (vs floor)" \
	"$(bench_line 6)" "$(bench_line 5)"
# the runs are interleaved: the last may be any of them
git issue-hook claude session-end <"$scratch/end.json" >/dev/null
grep -q "^state ended$" "$agents_dir"/* ||
	bench_bad "session-end" "the record does not say ended"
echo "  (goal: each event under 5 ms)"
bench_finish
