#!/bin/sh

test_description='git issue-hook: the SessionStart hook never fails a session

It prints Claude Code hook JSON with the brief in the worktree of an issue,
nothing elsewhere; an error is a one-line note; it ends within its deadline;
it always exits 0 and says nothing on stderr.'

. ./test-lib.sh

TRASH=$(pwd -P)

# session_start [DIR]: the hook as Claude Code runs it, with its JSON on
# stdin (cwd: DIR, default the current directory); out, err, rc
session_start () {
	printf '{"session_id":"s1","transcript_path":"/t.jsonl","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' \
		"${1:-$(pwd)}" >in.json &&
	{ git issue-hook claude session-start <in.json >out 2>err; rc=$?; } &&
	test $rc = 0
}

context () {
	jq -r .hookSpecificOutput.additionalContext out
}

context_size () {
	jq -j .hookSpecificOutput.additionalContext out | wc -c
}

test_expect_success 'setup: issue 12 with a lesson, a worktree on it' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	git issue-note -i 12 --tried "a" --failed "b" --solution "the answer" >/dev/null &&
	git issue-worktree 12 >wt12 2>/dev/null
'

test_expect_success 'in the worktree of an issue: the hook JSON with the brief' '
	(cd "$(cat wt12)" && session_start) &&
	cp "$(cat wt12)/out" out &&
	test_must_be_empty "$(cat wt12)/err" &&
	jq -e ".hookSpecificOutput.hookEventName == \"SessionStart\"" out &&
	test "$(jq "keys" out | jq -c .)" = "[\"hookSpecificOutput\"]" &&
	context >ctx &&
	test_grep "^# Issue #12$" ctx &&
	test_grep "the answer" ctx
'

test_expect_success 'the session directory comes from the hook input' '
	session_start "$(cat wt12)" &&
	context >ctx2 &&
	test_cmp ctx ctx2
'

test_expect_success 'in a worktree of no issue: nothing, exit 0' '
	session_start &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'outside any repository: nothing, exit 0' '
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$TRASH &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		session_start &&
		test_must_be_empty out &&
		test_must_be_empty err
	)
'

test_expect_success 'input that is not JSON, or none: still fine' '
	(
		cd "$(cat wt12)" &&
		echo "garbage {" | git issue-hook claude session-start >out 2>err &&
		jq -e .hookSpecificOutput out >/dev/null &&
		git issue-hook claude session-start </dev/null >out 2>err &&
		jq -e .hookSpecificOutput out >/dev/null &&
		test_must_be_empty err
	)
'

test_expect_success 'an error becomes a one-line note, exit 0, nothing on stderr' '
	(
		cd "$(cat wt12)" &&
		git config branch.feature.issue 12x &&
		git checkout -q -b feature &&
		session_start &&
		test_must_be_empty err &&
		context >note &&
		test_line_count = 1 note &&
		test_grep "^git-issue: no brief: this worktree.s issue is unclear: bad issue number .12x." note &&
		git checkout -q - &&
		git config --unset branch.feature.issue
	)
'

test_expect_success 'unreadable notes: a note, exit 0' '
	{
		cp .git/refs/notes/issues notes.saved 2>/dev/null ||
		git rev-parse refs/notes/issues >notes.saved
	} &&
	blob=$(echo not a commit | git hash-object -w --stdin) &&
	git update-ref refs/notes/issues $blob &&
	(cd "$(cat wt12)" && session_start && context >../../note) &&
	git update-ref refs/notes/issues $(cat notes.saved) &&
	test_line_count = 1 note &&
	test_grep "^git-issue: no brief: the issue.s notes could not be read for issue #12" note
'

test_expect_success 'the deadline: a note in time, exit 0' '
	(
		cd "$(cat wt12)" &&
		git config issue.hookTimeout 300 &&
		start=$(date +%s) &&
		GIT_ISSUE_TEST_HOOK_SLEEP=20000 session_start &&
		end=$(date +%s) &&
		test $((end - start)) -lt 10 &&
		context >note &&
		test_grep "^git-issue: no brief: the hook took too long for issue #12" note &&
		test_must_be_empty err &&
		git config --unset issue.hookTimeout
	)
'

test_expect_success 'the budget: --max-chars, issue.hookMaxChars' '
	for i in $(test_seq 1 100)
	do
		echo "note $i with a few words in it" >msg &&
		git issue-note -i 12 -F msg >/dev/null || return 1
	done &&
	(
		cd "$(cat wt12)" &&
		git issue-hook --max-chars=1000 claude session-start </dev/null >out &&
		test $(context_size) -le 1000 &&
		git -c issue.hookMaxChars=1500 issue-hook claude session-start </dev/null >out &&
		test $(context_size) -le 1500 &&
		test $(context_size) -gt 1000 &&
		git issue-hook claude session-start </dev/null >out &&
		test $(context_size) -le 9000 &&
		test $(context_size) -gt 3000
	)
'

test_expect_success 'post-checkout: only a new worktree (null old id) is set up' '
	git config issue.agents claude &&
	(
		cd "$(cat wt12)" &&
		rm -rf .claude &&
		git issue-hook post-checkout 1234abcd 5678 1 >out 2>err &&
		test_path_is_missing .claude &&
		git issue-hook post-checkout 0000000000000000000000000000000000000000 5678 1 >out 2>err &&
		test_must_be_empty out &&
		jq -e ".hooks.SessionStart[0].hooks[0].command == \"git issue-hook claude session-start\"" \
			.claude/settings.local.json
	) &&
	git config --unset issue.agents
'

test_expect_success 'usage errors' '
	test_expect_code 129 git issue-hook 2>err &&
	test_grep "which hook" err &&
	test_expect_code 129 git issue-hook claude stop-the-world 2>err &&
	test_grep "unknown Claude Code hook .stop-the-world." err &&
	test_expect_code 129 git issue-hook --max-chars=-1 claude session-start 2>err &&
	test_expect_code 129 git issue-hook --max-chars=10 post-checkout a b c 2>err
'

test_done
