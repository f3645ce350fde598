#!/bin/sh

test_description='the board shows what the real Claude Code CLI is doing

Sessions of both pinned CLIs (t/agents) run offline against the scripted
model server in the worktree of issue 100, set up by git issue-init
--agent claude. From outside the session, git issue-status --json reads:
working while a tool call runs (the tool call is the reader), stopped
once the turn ended (a Stop hook of the test polls for it), ended after
the session; a session killed in the middle of a tool call is gone, not
working.'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

agents_available || test_done

TRASH=$(pwd -P)

# state FILE: the state of issue 100's agent in the board FILE
state () {
	jq -r ".worktrees[] | select(.issue == 100) | .agent.state" "$1"
}

test_expect_success 'setup: issue 100, its worktree, the integration, a Stop poller' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	gi-test-tool append refs/notes/issues 100 \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000100\",\"kind\":\"issue\",\"title\":\"Session server\",\"state\":\"open\"}" &&
	git issue-worktree 100 >wt100 2>/dev/null &&
	git issue-init --agent claude 2>err &&
	WT=$(cat wt100) &&
	cat >poll-stopped.sh <<-EOF &&
	# a Stop hook of the test, beside ours (hooks of an event run at
	# once): the board as soon as it says stopped, at most 10 s
	i=0
	while test \$i -lt 100
	do
		git issue-status --json >"$TRASH/stop.tmp" 2>/dev/null
		test "\$(jq -r ".worktrees[] | select(.issue == 100) | .agent.state" "$TRASH/stop.tmp")" = stopped && break
		sleep 0.1
		i=\$((i + 1))
	done
	mv "$TRASH/stop.tmp" "$TRASH/stopped.json"
	EOF
	settings="$WT/.claude/settings.local.json" &&
	jq --arg c "sh \"$TRASH/poll-stopped.sh\"" \
		".hooks.Stop += [{hooks: [{type: \"command\", command: \$c, timeout: 30}]}]" \
		"$settings" >settings.new &&
	mv settings.new "$settings"
'

test_expect_success 'working during a tool call, stopped after the turn, ended after the session' '
	rm -f during.json stopped.json &&
	cat >script.json <<-EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "git issue-status --json >\"$TRASH/during.json\""}}},
	 "looked."]
	EOF
	start_model_server "$TRASH/script.json" &&
	run_claude "$WT" "look at the board" &&
	test "$(model_main_count)" = 2 &&
	test "$(state during.json)" = working &&
	jq -e ".worktrees[] | select(.issue == 100) | .agent.name == \"claude\" and (.agent.pid | type) == \"number\"" during.json &&
	test "$(state stopped.json)" = stopped &&
	git issue-status --json >after.json &&
	test "$(state after.json)" = ended &&
	jq -e ".needs_you == []" after.json
'

test_expect_success 'a session killed in a tool call is gone, not working' '
	rm -f started &&
	cat >script-kill.json <<-EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "touch \"$TRASH/started\"; sleep 20"}}},
	 "slept."]
	EOF
	start_model_server "$TRASH/script-kill.json" &&
	{ run_claude "$WT" "sleep" & } &&
	session=$! &&
	i=0 &&
	while test ! -f started && test $i -lt 600
	do
		sleep 0.1 &&
		i=$((i + 1))
	done &&
	test -f started &&
	git issue-status --json >busy.json &&
	test "$(state busy.json)" = working &&
	pid=$(jq -r ".worktrees[] | select(.issue == 100) | .agent.pid" busy.json) &&
	test "$(cat /proc/$pid/comm)" != sh &&
	test "$(cat /proc/$pid/comm)" != git &&
	kill -9 "$pid" &&
	{ wait $session || :; } &&
	git issue-status --json >killed.json &&
	test "$(state killed.json)" = gone &&
	git issue-status >board &&
	test_grep "claude gone" board
'

test_done
