#!/bin/sh

test_description='the real Claude Code CLI is asked once for its lessons

Sessions of both pinned CLIs (t/agents) run offline against the scripted
model server in worktrees set up by git issue-init --agent claude. A
session in the worktree of an issue that edits a file through the Bash
tool and stops is asked, once, to record what it tried, what failed and
what worked: the model gets exactly one follow-up request, carrying the
Stop hook'\''s reason. A session that records a lesson before stopping, a
session outside any issue worktree, and a session with
issue.askForLessons=false are not asked; neither is a continued session
that was asked before.'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

agents_available || test_done

TRASH=$(pwd -P)
REASON_START="git-issue: this session changed the worktree of issue #100"

# feedback_requests: how many agent-loop requests end with the Stop
# hook's feedback (a user message after the last answer carries it: the
# CLI's own copy of it in a system message, 2.1.337, is not counted)
feedback_requests () {
	jq -s "$AGENTS_JQ_TEXT"'[.[] | select(.kind == "main") | .body.messages |
		(map(.role) | rindex("assistant")) as $a |
		.[(if $a == null then 0 else $a + 1 end):] |
		map(select(.role == "user") | .content | text |
			select(contains("Stop hook feedback:\n"))) |
		select(length > 0)] | length' "$MODEL_LOG"
}

# mentions N TEXT: how many user messages of request N carry TEXT
mentions () {
	model_texts "$1" user >texts.json &&
	jq -s --arg t "$2" 'map(select(contains($t))) | length' texts.json
}

# script FILE COMMAND [AFTER]: a model that runs COMMAND through Bash,
# then says "done." (and AFTER if the stop is blocked)
script () {
	jq -n --arg c "$2" --arg a "${3:-after the block}" \
		'[{content: [{text: "Working."},
			     {tool_use: {name: "Bash", input: {command: $c}}}]},
		  "done.", $a]' >"$1"
}

test_expect_success 'setup: issue 100, its worktree, the integration' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	git issue-note -i 100 --tried "an old idea" --solution "an old answer" >/dev/null &&
	git issue-worktree 100 >wt100 2>/dev/null &&
	WT=$(cat wt100) &&
	echo "v1" >"$WT/app.txt" &&
	git -C "$WT" add app.txt &&
	git -C "$WT" commit -q -m app &&
	git issue-init --agent claude 2>err &&
	jq -e ".hooks.Stop[0].hooks[0].command == \"git issue-hook claude stop\"" \
		"$WT/.claude/settings.local.json" &&
	jq -e ".hooks.Stop[0].hooks[0].command == \"git issue-hook claude stop\"" \
		.claude/settings.local.json
'

test_expect_success 'a session that edits a file and stops: one follow-up, with the reason' '
	script edit.json "echo v2 >>app.txt" &&
	start_model_server "$TRASH/edit.json" &&
	AGENTS_HOME=$AGENTS_RUN/home-edit &&
	run_claude "$WT" "fix issue 100" &&
	test "$(model_main_count)" = 3 &&
	test "$(feedback_requests)" = 1 &&
	model_stop_feedback 3 >reason &&
	test_line_count = 1 reason &&
	test_grep "^$REASON_START and recorded nothing" reason &&
	test_grep "git issue-note --tried" reason &&
	test "$(mentions 3 "$REASON_START")" = 1 &&
	test_grep "after the block" "$AGENTS_OUT" &&
	AGENTS_HOME=$AGENTS_RUN/home
'

test_expect_success 'the same session continued, changing more: not asked again' '
	script more.json "echo v3 >>app.txt" &&
	start_model_server "$TRASH/more.json" &&
	AGENTS_HOME=$AGENTS_RUN/home-edit &&
	run_claude "$WT" "go on" --continue &&
	AGENTS_HOME=$AGENTS_RUN/home &&
	test "$(model_main_count)" = 2 &&
	test "$(feedback_requests)" = 0 &&
	test_grep "v3" "$WT/app.txt"
'

test_expect_success 'a session that only reads: none (the CLI itself leaves the worktree as it was)' '
	git -C "$WT" commit -q -a -m "v2 and v3" &&
	script read.json "cat app.txt && git status --porcelain" &&
	start_model_server "$TRASH/read.json" &&
	run_claude "$WT" "look at issue 100" &&
	test "$(model_main_count)" = 2 &&
	test "$(feedback_requests)" = 0 &&
	git -C "$WT" status --porcelain --untracked-files=all >st &&
	test_must_be_empty st
'

test_expect_success 'a session that records a lesson before stopping: none' '
	script lesson.json "echo v4 >>app.txt && git issue-note --tried \"a v4 line\" --failed \"it was not enough\" --solution \"v4 and a test\"" &&
	start_model_server "$TRASH/lesson.json" &&
	run_claude "$WT" "fix issue 100 again" &&
	test "$(model_main_count)" = 2 &&
	test "$(feedback_requests)" = 0 &&
	git issue-show --json 100 >j &&
	jq -e "[.records[] | select(.kind == \"lesson\" and .solution == \"v4 and a test\")] | length == 1" j
'

test_expect_success 'a session outside any issue worktree: none' '
	script main.json "echo main >>main.txt" &&
	start_model_server "$TRASH/main.json" &&
	run_claude "$TRASH" "tidy up" &&
	test "$(model_main_count)" = 2 &&
	test "$(feedback_requests)" = 0 &&
	test_grep main main.txt
'

test_expect_success 'issue.askForLessons=false: none' '
	git config issue.askForLessons false &&
	script off.json "echo v5 >>app.txt" &&
	start_model_server "$TRASH/off.json" &&
	run_claude "$WT" "fix issue 100 once more" &&
	git config --unset issue.askForLessons &&
	test "$(model_main_count)" = 2 &&
	test "$(feedback_requests)" = 0 &&
	test_grep v5 "$WT/app.txt"
'

test_expect_success 'and with it back on, a new session is asked again' '
	script on.json "echo v6 >>app.txt" &&
	start_model_server "$TRASH/on.json" &&
	run_claude "$WT" "fix issue 100, last time" &&
	test "$(model_main_count)" = 3 &&
	test "$(feedback_requests)" = 1
'

test_done
