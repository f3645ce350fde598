#!/bin/sh

test_description='git issue-hook claude stop: asks once for the lessons

The Stop hook, fed its JSON on stdin as Claude Code feeds it, after the
SessionStart hook of the same session: it blocks the stop once, with a
request to record the lessons, when the session changed the worktree of
its issue (HEAD, or the uncommitted work) and nobody recorded a note or a
lesson since the start; otherwise it prints nothing. It never fails and
never waits long. GIT_ISSUE_TRACE says why it decided as it did.'

. ./test-lib.sh

TRASH=$(pwd -P)

# start ID [DIR] [SOURCE]: the SessionStart hook of session ID in DIR
start () {
	printf '{"session_id":"%s","transcript_path":"/t.jsonl","cwd":"%s","hook_event_name":"SessionStart","source":"%s"}' \
		"$1" "${2:-$WT}" "${3:-startup}" >"$TRASH/start.json" &&
	git issue-hook claude session-start <"$TRASH/start.json" >"$TRASH/start.out" 2>"$TRASH/start.err" &&
	test_must_be_empty "$TRASH/start.err"
}

# stop ID [DIR] [ACTIVE]: the Stop hook of session ID in DIR; its output
# in stop.out, its trace in stop.trace, its exit code checked
stop () {
	printf '{"session_id":"%s","transcript_path":"/t.jsonl","cwd":"%s","prompt_id":"p1","permission_mode":"default","effort":{"level":"high"},"hook_event_name":"Stop","stop_hook_active":%s,"last_assistant_message":"done","background_tasks":[],"session_crons":[]}' \
		"$1" "${2:-$WT}" "${3:-false}" >"$TRASH/stop.json" &&
	{
		GIT_ISSUE_TRACE=1 git issue-hook claude stop <"$TRASH/stop.json" \
			>"$TRASH/stop.out" 2>"$TRASH/stop.trace"
		rc=$?
	} &&
	test $rc = 0
}

# verdict WHAT: the last stop decided WHAT
verdict () {
	echo "git-issue: stop: $1" >"$TRASH/expect.trace" &&
	test_cmp "$TRASH/expect.trace" "$TRASH/stop.trace"
}

asked () {
	verdict ask &&
	jq -e ".decision == \"block\" and (keys == [\"decision\", \"reason\"])" \
		"$TRASH/stop.out" >/dev/null &&
	jq -r .reason "$TRASH/stop.out" >"$TRASH/reason" &&
	test_grep "issue #12" "$TRASH/reason" &&
	test_grep "git issue-note --tried" "$TRASH/reason"
}

not_asked () {
	verdict "$1" &&
	test_must_be_empty "$TRASH/stop.out"
}

sessions () {
	ls "$TRASH/.git/issue-sessions" 2>/dev/null
}

test_expect_success 'setup: issue 12 with a lesson, its worktree' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	git issue-note -i 12 --tried "a" --failed "b" --solution "old lesson" >/dev/null &&
	git issue-worktree 12 >wt12 2>/dev/null &&
	WT=$(cat wt12) &&
	echo "*.o" >"$WT/.gitignore" &&
	echo one >"$WT/tracked" &&
	git -C "$WT" add .gitignore tracked &&
	git -C "$WT" commit -q -m "tracked files"
'

test_expect_success 'the worktree as it was: nothing' '
	start s-unchanged &&
	jq -e .hookSpecificOutput.additionalContext start.out >/dev/null &&
	stop s-unchanged &&
	not_asked unchanged
'

test_expect_success 'a file changed, nothing recorded: asked once, with the request' '
	start s-edit &&
	echo two >>"$WT/tracked" &&
	stop s-edit &&
	asked &&
	# the lessons recorded before the session do not count
	test_grep "old lesson" start.out
'

test_expect_success 'the stop after the block, and any later stop: nothing' '
	stop s-edit "$WT" true &&
	not_asked "the stop after a block" &&
	stop s-edit &&
	not_asked "asked already" &&
	echo three >>"$WT/tracked" &&
	stop s-edit &&
	not_asked "asked already"
'

test_expect_success 'stop_hook_active is honoured whatever else is true' '
	start s-active &&
	echo four >>"$WT/tracked" &&
	stop s-active "$WT" true &&
	not_asked "the stop after a block" &&
	stop s-active &&
	asked
'

test_expect_success 'a lesson recorded in the session: nothing' '
	start s-lesson &&
	echo five >>"$WT/tracked" &&
	(cd "$WT" && git issue-note --tried x --failed y --solution z >/dev/null) &&
	stop s-lesson &&
	not_asked recorded
'

test_expect_success 'a plain note recorded in the session: nothing' '
	start s-note &&
	echo six >"$WT/new-file" &&
	(cd "$WT" && git issue-note "what I found" >/dev/null) &&
	stop s-note &&
	not_asked recorded
'

test_expect_success 'a claim or another kind recorded meanwhile does not count' '
	start s-claim &&
	echo seven >>"$WT/tracked" &&
	later=$(date -u -d "+1 minute" +%Y-%m-%dT%H:%M:%S.000000Z) &&
	gi-test-tool append refs/notes/issues 12 \
		"{\"time\":\"$later\",\"id\":\"c1a1c1a1c1a1c1a1\",\"kind\":\"claim\",\"clone\":\"x\"}" &&
	stop s-claim &&
	asked
'

test_expect_success 'setup: a clean worktree with the records so far' '
	git -C "$WT" add -A &&
	git -C "$WT" commit -q -m "work so far" &&
	git -C "$WT" status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'a commit alone (the worktree clean again): asked' '
	start s-commit &&
	echo eight >>"$WT/tracked" &&
	git -C "$WT" commit -q -a -m "a commit" &&
	stop s-commit &&
	asked
'

test_expect_success 'a change there before the session, untouched: nothing' '
	echo nine >>"$WT/tracked" &&
	start s-before &&
	stop s-before &&
	not_asked unchanged
'

test_expect_success 'a change there before the session, edited again: asked' '
	start s-again &&
	# the same size: only the times tell
	sed -i s/nine/NINE/ "$WT/tracked" &&
	stop s-again &&
	asked
'

test_expect_success 'that change staged: asked' '
	start s-staged &&
	git -C "$WT" add tracked &&
	stop s-staged &&
	asked &&
	git -C "$WT" commit -q -m "nine"
'

test_expect_success 'a new file deep in a new folder: asked' '
	start s-deep &&
	mkdir -p "$WT/new/deeper" &&
	echo x >"$WT/new/deeper/file" &&
	stop s-deep &&
	asked
'

test_expect_success 'a second file in that untracked folder: asked' '
	start s-deep2 &&
	echo y >"$WT/new/deeper/file2" &&
	stop s-deep2 &&
	asked &&
	rm -r "$WT/new"
'

test_expect_success 'an ignored file (build output): nothing' '
	start s-ignored &&
	echo obj >"$WT/main.o" &&
	stop s-ignored &&
	not_asked unchanged
'

test_expect_success 'a file removed: asked' '
	start s-rm &&
	rm "$WT/tracked" &&
	stop s-rm &&
	asked &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'a resumed session keeps its first start' '
	start s-resume &&
	echo ten >>"$WT/tracked" &&
	start s-resume "$WT" resume &&
	start s-resume "$WT" compact &&
	stop s-resume &&
	asked &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'outside an issue worktree: nothing, and nothing remembered' '
	sessions >before &&
	start s-main "$TRASH" &&
	sessions >after &&
	test_cmp before after &&
	echo main >"$TRASH/main-file" &&
	stop s-main "$TRASH" &&
	not_asked "no issue" &&
	rm "$TRASH/main-file"
'

test_expect_success 'outside any repository: nothing' '
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$TRASH &&
		export GIT_CEILING_DIRECTORIES &&
		stop s-nowhere "$TRASH/nowhere" &&
		not_asked "no repository"
	)
'

test_expect_success 'issue.askForLessons=false: nothing, and nothing remembered' '
	git config issue.askForLessons false &&
	sessions >before &&
	start s-off &&
	sessions >after &&
	test_cmp before after &&
	echo eleven >>"$WT/tracked" &&
	stop s-off &&
	not_asked "off (issue.askForLessons)" &&
	git config --unset issue.askForLessons &&
	stop s-off &&
	not_asked "no start known for this session" &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'git -c issue.askForLessons=false turns it off too' '
	start s-dashc &&
	echo twelve >>"$WT/tracked" &&
	(
		GIT_CONFIG_PARAMETERS="'\''issue.askForLessons=false'\''" &&
		export GIT_CONFIG_PARAMETERS &&
		stop s-dashc &&
		not_asked "off (issue.askForLessons)"
	) &&
	stop s-dashc &&
	asked &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'a session whose start is not known: nothing' '
	echo thirteen >>"$WT/tracked" &&
	stop s-never-started &&
	not_asked "no start known for this session" &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'a session started in another worktree: nothing here' '
	git issue-worktree 13 >wt13 2>/dev/null &&
	start s-other "$(cat wt13)" &&
	echo fourteen >>"$WT/tracked" &&
	stop s-other &&
	not_asked "no start known for this session" &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'session ids are checked, and never a path' '
	sessions >before &&
	for id in "../../../../escape" "a/b" "" ".." "x y" \
		"$(printf "%0129d" 0)" "$(printf "a\\nb")"
	do
		start "$id" &&
		stop "$id" &&
		not_asked "no start known for this session" || return 1
	done &&
	sessions >after &&
	test_cmp before after &&
	test_path_is_missing "$TRASH/escape" &&
	test_path_is_missing "$TRASH/../escape" &&
	start "$(printf "%0128d" 0)" &&
	sessions >after &&
	test_line_count = $(($(wc -l <before) + 1)) after &&
	! grep -v "^[0-9a-f]\{40\}$" after
'

# the file of session ID: named by the blob id of "claude-session ID"
session_file () {
	echo "$TRASH/.git/issue-sessions/$(printf "claude-session %s" "$1" |
		git hash-object --stdin)"
}

test_expect_success 'the session file: its name, what it holds' '
	start s-file &&
	f=$(session_file s-file) &&
	jq -e ".version == 1 and .worktree == \"$WT\" and .asked == false and
		.head == \"$(git -C "$WT" rev-parse HEAD)\" and (.work | length) == 40 and
		(.start | test(\"^[0-9-]{10}T[0-9:]{8}[.][0-9]{6}Z$\"))" "$f" &&
	echo changed >>"$WT/tracked" &&
	stop s-file &&
	asked &&
	jq -e ".asked == true" "$f" &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'sessions unused for a week are forgotten at the next start' '
	ls .git/issue-sessions | head -n 1 >old &&
	touch -d "8 days ago" ".git/issue-sessions/$(cat old)" &&
	ls .git/issue-sessions | sed -n 2p >young &&
	touch -d "6 days ago" ".git/issue-sessions/$(cat young)" &&
	start s-prune &&
	test_path_is_missing ".git/issue-sessions/$(cat old)" &&
	test_path_is_file ".git/issue-sessions/$(cat young)"
'

test_expect_success 'input that is not JSON, or none: nothing, exit 0' '
	(
		cd "$WT" &&
		echo "garbage {" | git issue-hook claude stop >out 2>err &&
		test_must_be_empty out &&
		test_must_be_empty err &&
		git issue-hook claude stop </dev/null >out 2>err &&
		test_must_be_empty out &&
		test_must_be_empty err
	)
'

test_expect_success 'unreadable notes: nothing, exit 0, nothing on stderr' '
	start s-broken &&
	echo fifteen >>"$WT/tracked" &&
	git rev-parse refs/notes/issues >notes.saved &&
	blob=$(echo not a commit | git hash-object -w --stdin) &&
	git update-ref refs/notes/issues $blob &&
	stop s-broken &&
	git update-ref refs/notes/issues $(cat notes.saved) &&
	not_asked error &&
	stop s-broken &&
	asked &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'the deadline: nothing, in time, exit 0' '
	start s-slow &&
	echo sixteen >>"$WT/tracked" &&
	git config issue.hookTimeout 300 &&
	start=$(date +%s) &&
	GIT_ISSUE_TEST_HOOK_SLEEP=20000 stop s-slow &&
	end=$(date +%s) &&
	git config --unset issue.hookTimeout &&
	test $((end - start)) -lt 10 &&
	test_must_be_empty stop.out &&
	test_must_be_empty stop.trace &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'without the trace: the block and nothing on stderr' '
	start s-quiet &&
	echo seventeen >>"$WT/tracked" &&
	printf "{\"session_id\":\"s-quiet\",\"cwd\":\"%s\",\"stop_hook_active\":false}" "$WT" >q.json &&
	git issue-hook claude stop <q.json >out 2>err &&
	test_must_be_empty err &&
	jq -e ".decision == \"block\"" out &&
	git -C "$WT" checkout -q tracked
'

test_expect_success 'git issue-init --uninstall forgets the sessions' '
	test_path_is_dir .git/issue-sessions &&
	git issue-init --agent claude --uninstall 2>err &&
	test_grep "removed what the hooks remembered of sessions" err &&
	test_path_is_missing .git/issue-sessions &&
	start s-after &&
	test_path_is_file "$(session_file s-after)"
'

test_expect_success 'usage: --max-chars is for session-start only' '
	test_expect_code 129 git issue-hook --max-chars=10 claude stop 2>err &&
	test_grep "max-chars goes with" err
'

test_done
