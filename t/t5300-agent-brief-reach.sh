#!/bin/sh

test_description='the real Claude Code CLI: the brief at any size, the whole plan, every start, the lessons of the moment, the plugin

Sessions of both pinned CLIs (t/agents) run offline against the scripted
model server, in worktrees set up by git issue-init --agent claude, and
with the git-issue plugin of this repository installed offline. What the
model receives is read from the request log.'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

agents_available || test_done

TRASH=$(pwd -P)
SRC=$(cd "$TEST_DIR/.." && pwd)

issue_record () {
	title=$(printf "%s" "$2" | jq -Rs .) &&
	body=$(printf "%s" "$3" | jq -Rs .) &&
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$1\",\"kind\":\"issue\",\"title\":$title,\"state\":\"open\",\"body\":$body}"
}

# brief_in N FILE: the SessionStart contexts of request N, into FILE
brief_in () {
	model_hook_context "$1" SessionStart >"$2.json" &&
	jq -r . "$2.json" >"$2"
}

test_expect_success 'setup: an issue of 150 lessons, a roadmap, a mention, the integration' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	issue_record 150 "Big" "BODY-MARKER: the problem statement of the big one." &&
	for i in $(test_seq 100 249)
	do
		printf "{\"time\":\"2026-02-01T00:00:00.000%03dZ\",\"id\":\"00000000000%05d\",\"kind\":\"lesson\",\"author\":\"A U Thor <a@example.com>\",\"tried\":\"approach number %d, described at some length so that the lessons take room\",\"failed\":\"reason %d\",\"solution\":\"answer %d\"}\n" $i $i $i $i $i
	done >lessons &&
	xargs -d "\n" gi-test-tool append refs/notes/issues 150 <lessons &&
	git issue-note -i 150 --tried "the newest" --solution "NEWEST-LESSON-MARKER" >/dev/null &&
	issue_record 10 "Roadmap" "The whole job." &&
	issue_record 11 "Step one" "First." &&
	issue_record 12 "Step two" "Second." &&
	issue_record 20 "A follow-up" "Found while working on #12." &&
	git issue-link 11 --parent 10 &&
	git issue-link 12 --parent 10 &&
	git issue-note -i 11 --tried "one" --solution "SIBLING-MARKER" >/dev/null &&
	git issue-note -i 20 --tried "follow" --solution "REVERSE-MARKER" >/dev/null &&
	git issue-note -i 12 --tried "two" --solution "CHILD-MARKER" >/dev/null &&
	git issue-note -i 12 --tried "editing nginx.conf by hand" \
		--solution "NGINX-MARKER: reload it after" >/dev/null &&
	for n in 150 12 10
	do
		git issue-worktree $n >wt$n 2>/dev/null || return 1
	done &&
	echo "server {}" >"$(cat wt12)/nginx.conf" &&
	mkdir -p "$(cat wt12)/sub/deeper" &&
	git issue-init --agent claude 2>err
'

test_expect_success '150 lessons: the first request holds the brief inline, body and newest lesson' '
	start_model_server "" &&
	run_claude "$(cat wt150)" "work on it" &&
	brief_in 1 ctx150 &&
	test_grep "^# Issue #150: Big \[open\]" ctx150 &&
	test_grep "BODY-MARKER" ctx150 &&
	test_grep "NEWEST-LESSON-MARKER" ctx150 &&
	test_grep "answer 249 " ctx150 &&
	test_grep "^_Left out for the budget of 9000 characters: .*--left-out=" ctx150 &&
	model_request_text 1 >all &&
	test_grep ! "Output too large" all &&
	test_grep ! "persisted-output" all
'

test_expect_success 'a sub-issue gets its sibling and the issue that mentions it' '
	start_model_server "" &&
	run_claude "$(cat wt12)" "work on it" &&
	brief_in 1 ctx12 &&
	test_grep "^### #11: Step one (sibling: same parent, open)$" ctx12 &&
	test_grep "SIBLING-MARKER" ctx12 &&
	test_grep "^### #20: A follow-up (mentions this, open)$" ctx12 &&
	test_grep "REVERSE-MARKER" ctx12
'

test_expect_success 'the roadmap gets its sub-issues' '
	start_model_server "" &&
	run_claude "$(cat wt10)" "plan it" &&
	brief_in 1 ctx10 &&
	test_grep "^### #12: Step two (sub-issue, open)$" ctx10 &&
	test_grep "CHILD-MARKER" ctx10
'

test_expect_success '--fork-session: the fork is given the brief as it is now' '
	start_model_server "" &&
	AGENTS_HOME=$AGENTS_RUN/home-fork &&
	run_claude "$(cat wt12)" "first" &&
	sid=$(jq -r "select(.kind == \"main\") | .session" "$MODEL_LOG" | head -n 1) &&
	test -n "$sid" &&
	git issue-note -i 12 "AFTER-THE-FIRST-SESSION" >/dev/null &&
	start_model_server "" &&
	run_claude "$(cat wt12)" "go on" --resume "$sid" --fork-session &&
	AGENTS_HOME=$AGENTS_RUN/home &&
	fork=$(jq -r "select(.kind == \"main\") | .session" "$MODEL_LOG" | head -n 1) &&
	test "$fork" != "$sid" &&
	brief_in 1 ctxfork &&
	test_grep "AFTER-THE-FIRST-SESSION" ctxfork
'

test_expect_success 'a session in a subdirectory of a worktree: the brief where the CLI runs project hooks' '
	start_model_server "" &&
	run_claude "$(cat wt12)/sub/deeper" "work here" &&
	brief_in 1 ctxsub &&
	case "$AGENTS_CLAUDE_VERSION" in
	2.1.197)
		# reads project settings of its cwd only: the plugin is the
		# way there (below)
		test_must_be_empty ctxsub ;;
	*)
		test_grep "^# Issue #12: Step two" ctxsub ;;
	esac &&
	# the instructions reach it with every version (CLAUDE.local.md is
	# read from the folders above)
	model_request_text 1 >all &&
	test_grep "discovered-from <n>" all
'

test_expect_success 'a Read of nginx.conf: its lesson reaches the next request, and only once' '
	cat >read.json <<-EOF &&
	[{"tool_use": {"name": "Read", "input": {"file_path": "$(cat wt12)/nginx.conf"}}},
	 {"tool_use": {"name": "Read", "input": {"file_path": "$(cat wt12)/nginx.conf"}}},
	 {"tool_use": {"name": "Bash", "input": {"command": "cat nginx.conf"}}},
	 "done."]
	EOF
	start_model_server "$TRASH/read.json" &&
	run_claude "$(cat wt12)" "look at the config" &&
	test "$(model_main_count)" = 4 &&
	model_hook_context 1 PostToolUse >post1 &&
	test_must_be_empty post1 &&
	model_hook_context 2 PostToolUse >post2 &&
	test_grep "NGINX-MARKER" post2 &&
	test_grep "a lesson of this issue #12 names nginx.conf" post2 &&
	for n in 3 4
	do
		model_hook_context $n PostToolUse >post$n &&
		test $(grep -c "NGINX-MARKER" post$n) = 1 || return 1
	done
'

test_expect_success 'the plugin installs offline and gives a session the brief, once' '
	AGENTS_HOME=$AGENTS_RUN/home-plugin &&
	claude_cli plugin marketplace add "$SRC" >out 2>&1 &&
	claude_cli plugin install git-issue@git-issue >out 2>&1 &&
	jq -e ".enabledPlugins[\"git-issue@git-issue\"] == true" \
		"$AGENTS_HOME/.claude/settings.json" &&
	start_model_server "" &&
	run_claude "$(cat wt12)" "work on it" &&
	# the plugin'"'"'s hook and the settings'"'"' both run: only one speaks
	model_request_text 1 >all &&
	grep -c "# Issue #12: Step two" all >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	AGENTS_HOME=$AGENTS_RUN/home
'

test_expect_success 'with the plugin, a session in a subdirectory gets the brief, with every version' '
	AGENTS_HOME=$AGENTS_RUN/home-plugin &&
	start_model_server "" &&
	run_claude "$(cat wt12)/sub/deeper" "work here" &&
	AGENTS_HOME=$AGENTS_RUN/home &&
	brief_in 1 ctxpsub &&
	test_grep "^# Issue #12: Step two" ctxpsub
'

test_done
