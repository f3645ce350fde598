#!/bin/sh

test_description='an interactive Claude Code session waiting for permission needs you

Both pinned CLIs (t/agents) run interactively in a tmux session of a
tmux server of its own, offline against the scripted model server, in the
worktree of issue 100 set up by git issue-init --agent claude, without
--allowedTools: the model asks for a Bash command, and the CLI shows its
permission prompt. While the prompt is on the screen, git issue-status
--json run from outside reads waiting (Claude Code sends the Notification
of type permission_prompt about 6 s after it draws the prompt), and git
issue-status --watch runs issue.notifyCommand once for it. Answered, the
command runs and the session works, then stops.'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

if ! command -v tmux >/dev/null
then
	skip_all="tmux is not installed (contrib/install-deps installs it)"
	test_done
fi
agents_available || test_done

TRASH=$(pwd -P)
# a socket's path has at most 107 bytes: not in the trash directory
SOCKDIR=$(mktemp -d /tmp/gi-tmux.XXXXXX) || exit 1
SOCK=$SOCKDIR/sock

# state FILE: the state of issue 100's agent in the board FILE
state () {
	jq -r ".worktrees[] | select(.issue == 100) | .agent.state" "$1"
}

# wait_for WHAT CMD...: run CMD every 0.2 s until it succeeds, at most 60 s
wait_for () {
	wait_what=$1
	shift
	wait_i=0
	until "$@"
	do
		if test $wait_i -ge 300
		then
			echo "timed out waiting for $wait_what" >&2
			return 1
		fi
		sleep 0.2
		wait_i=$((wait_i + 1))
	done
}

board_says () {
	git issue-status --json >board.json 2>/dev/null &&
	test "$(state board.json)" = "$1"
}

screen_has () {
	claude_screen "$SOCK" >screen 2>/dev/null &&
	grep -q "$1" screen
}

test_expect_success 'setup: issue 100, its worktree, the integration, a notify command' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	gi-test-tool append refs/notes/issues 100 \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000100\",\"kind\":\"issue\",\"title\":\"Session server\",\"state\":\"open\"}" &&
	git issue-worktree 100 >wt100 2>/dev/null &&
	git issue-init --agent claude 2>err &&
	WT=$(cat wt100) &&
	git config issue.notifyCommand \
		"echo \"\$GIT_ISSUE_ISSUE \$GIT_ISSUE_REASON \$GIT_ISSUE_AGENT\" >>\"$TRASH/notified\""
'

test_expect_success 'the permission prompt on the screen: waiting, notifyCommand once; answered, stopped' '
	cat >script.json <<-EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "touch \"$TRASH/touched\""}}},
	 "touched."]
	EOF
	start_model_server "$TRASH/script.json" &&
	rm -f notified &&
	{ git issue-status --watch=0.2 >watch.out 2>watch.err & } &&
	watch=$! &&
	test_when_finished "kill $watch; wait $watch; :" &&
	test_when_finished "tmux -S \"$SOCK\" kill-server 2>/dev/null; rm -rf \"$SOCKDIR\"" &&
	claude_interactive "$SOCK" "$WT" "touch the file" &&
	wait_for "the permission prompt" screen_has "Do you want to proceed" &&
	wait_for "waiting on the board" board_says waiting &&
	# still on the screen, and the command has not run
	screen_has "Do you want to proceed" &&
	test_path_is_missing touched &&
	jq -r ".needs_you[] | select(.issue == 100) | .reason" board.json >reason &&
	echo waiting >expect &&
	test_cmp expect reason &&
	wait_for "the notify command" test -s notified &&
	# a few more rounds of the watch: still once
	sleep 2 &&
	echo "100 waiting claude" >expect &&
	test_cmp expect notified &&

	# answered: the command runs, the turn ends
	tmux -S "$SOCK" send-keys -t claude Enter &&
	wait_for "the command" test -f touched &&
	wait_for "the turn to end" board_says stopped &&
	test "$(model_main_count)" = 2 &&
	grep -c waiting notified >count &&
	echo 1 >expect &&
	test_cmp expect count
'

test_done
