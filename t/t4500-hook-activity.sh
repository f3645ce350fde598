#!/bin/sh

test_description='what each agent is doing, from its own hooks, on the board

git issue-hook claude <event> records, per worktree of an issue and per
session, in the worktree'\''s git dir: started (SessionStart), working
(UserPromptSubmit, PostToolUse), waiting (Notification: a permission
prompt or a question), stopped (Stop), ended (SessionEnd); a session
whose process is gone reads as gone. git issue-status shows an agent
column and, above the rows, what needs you; --json carries both;
--watch tells each new need once (issue.notifyCommand). The
hook JSON is fed by hand here; t5400 runs the real Claude Code CLI.'

. ./test-lib.sh

TRASH=$(pwd -P)

# hook COMMAND SESSION DIR [MORE-JSON]: run `git issue-hook claude
# COMMAND` with that session's input; it must exit 0 and print nothing
# (SessionStart prints the brief: into out)
hook () {
	printf "{\"session_id\":\"%s\",\"cwd\":\"%s\",\"hook_event_name\":\"x\"%s}" \
		"$2" "$3" "$4" >in.json &&
	git issue-hook claude "$1" <in.json >out
}

# agent N KEY: issue N's agent.KEY in status.json
agent () {
	jq -r ".worktrees[] | select(.issue == $1) | .agent.$2" status.json
}

# needs N: why issue N needs you (its reason in needs_you), or nothing
needs () {
	jq -r ".needs_you[] | select(.issue == $1) | .reason" status.json
}

status_json () {
	git issue-status --json >status.json
}

test_expect_success 'setup: issues 5 and 6 in worktrees, 7 ready' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	echo base >file &&
	git add file &&
	git commit -q -m base &&
	git issue-note -i 5 "started on the parser" >/dev/null &&
	git issue-note -i 6 "a small fix" >/dev/null &&
	git issue-note -i 7 "next in line" >/dev/null &&
	WT5=$(git issue-worktree 5 2>/dev/null) &&
	WT6=$(git issue-worktree 6 2>/dev/null) &&
	test -d "$WT5" && test -d "$WT6" &&
	sleep 1	# records of the second a session starts count as its own
'

test_expect_success 'no session recorded: no agent column, agent null' '
	git issue-status >board &&
	test_grep ! AGENT board &&
	test_grep ! "needs you" board &&
	status_json &&
	test "$(agent 5 state)" = null &&
	jq -e ".needs_you == []" status.json
'

test_expect_success 'SessionStart: started, the brief printed as before' '
	hook session-start s1 "$WT5" ",\"source\":\"startup\"" &&
	test_grep "additionalContext" out &&
	status_json &&
	test "$(agent 5 state)" = started &&
	test "$(agent 5 name)" = claude &&
	test "$(agent 5 session)" = s1 &&
	ls "$(git -C "$WT5" rev-parse --absolute-git-dir)/issue-agents" >files &&
	test_line_count = 1 files
'

test_expect_success 'UserPromptSubmit: working; the board has the agent column' '
	hook user-prompt-submit s1 "$WT5" ",\"prompt\":\"go\"" &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 5 state)" = working &&
	test -n "$(agent 5 pid)" &&
	test "$(needs 5)" = "" &&
	COLUMNS=100 git issue-status >board &&
	test_grep "^ISSUE  STATE  *AGENT  *WORKTREE" board &&
	test_grep "^#5 .* claude working [0-9]*s  *wt/issue-5 " board
'

test_expect_success 'Notification of a permission prompt: waiting, and it needs you' '
	hook notification s1 "$WT5" ",\"notification_type\":\"permission_prompt\",\"message\":\"Claude needs your permission to use Bash\"" &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 5 state)" = waiting &&
	test "$(needs 5)" = waiting &&
	git issue-status >board &&
	head -n 2 board >top.raw &&
	sed "s/for [0-9]*s$/for Ns/" top.raw >top &&
	cat >expect <<-\EOF &&
	needs you:
	  #5 wt/issue-5: claude waits for you (a permission or an answer) for Ns
	EOF
	test_cmp expect top
'

test_expect_success 'a Notification that is not a question changes nothing' '
	hook notification s1 "$WT5" ",\"notification_type\":\"idle_prompt\"" &&
	hook notification s1 "$WT5" ",\"notification_type\":\"auth_success\"" &&
	status_json &&
	test "$(agent 5 state)" = waiting
'

test_expect_success 'PostToolUse (the permission given, the tool ran): working' '
	hook post-tool-use s1 "$WT5" ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"make test\"},\"tool_response\":{}" &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 5 state)" = working
'

test_expect_success 'Stop: stopped; nothing recorded since it started: it needs you' '
	hook stop s1 "$WT5" ",\"stop_hook_active\":false" &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 5 state)" = stopped &&
	test "$(needs 5)" = unrecorded &&
	jq -r ".needs_you[0].text" status.json >text &&
	test_grep "^claude stopped [0-9]*s ago, nothing recorded on the issue since it started$" text
'

test_expect_success 'stopped with uncommitted work: it needs you, with the count' '
	echo wip >"$WT5/wip.c" &&
	status_json &&
	test "$(needs 5)" = uncommitted &&
	jq -r ".needs_you[0].text" status.json >text &&
	test_grep "with 1 uncommitted file$" text
'

test_expect_success 'a note recorded and the work committed: nothing needed' '
	git -C "$WT5" add wip.c &&
	git -C "$WT5" commit -q -m wip &&
	sleep 1 &&
	git -C "$WT5" issue-note "the parser takes tabs now" >/dev/null &&
	status_json &&
	test "$(needs 5)" = ""
'

test_expect_success 'SessionEnd: ended, and the board says so' '
	hook session-end s1 "$WT5" ",\"reason\":\"other\"" &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 5 state)" = ended &&
	test "$(needs 5)" = ""
'

test_expect_success 'a second session in the worktree: the busier one is shown' '
	hook user-prompt-submit s2 "$WT5" &&
	status_json &&
	test "$(agent 5 session)" = s2 &&
	test "$(agent 5 state)" = working &&
	jq -e ".worktrees[] | select(.issue == 5) | .agent_sessions == 2" status.json
'

test_expect_success 'a session whose process is gone is not shown as working' '
	cp "$(command -v sh)" fake-agent &&
	hook user-prompt-submit s3 "$WT6" &&
	./fake-agent -c "git issue-hook claude user-prompt-submit <in.json; :" &&
	status_json &&
	test "$(agent 6 session)" = s3 &&
	test "$(agent 6 state)" = gone
'

test_expect_success 'merged and its agent stopped: ready for the next issue, ready picks it' '
	echo fix >"$WT6/fix.c" &&
	git -C "$WT6" add fix.c &&
	git -C "$WT6" commit -q -m fix &&
	git merge -q --ff-only "$(git -C "$WT6" symbolic-ref --short HEAD)" &&
	hook stop s6 "$WT6" &&
	./fake-agent -c "git issue-hook claude stop <in.json; :" &&
	status_json &&
	test "$(needs 6)" = next &&
	jq -e ".needs_you[] | select(.issue == 6) | .next == 7" status.json &&
	jq -r ".needs_you[] | select(.issue == 6) | .text" status.json >text &&
	test_grep "ready for the next issue (.git issue-ready. picks #7: " text
'

test_expect_success 'a blocked issue being worked needs you' '
	git issue-link 5 --blocked-by 8 &&
	git issue-note -i 8 "the blocker" >/dev/null &&
	hook user-prompt-submit s2 "$WT5" &&
	status_json &&
	test "$(needs 5)" = blocked &&
	jq -r ".needs_you[] | select(.issue == 5) | .text" status.json >text &&
	test_grep "^blocked by #8, and being worked$" text
'

test_expect_success 'a rebase left half done needs you' '
	admin=$(git -C "$WT5" rev-parse --absolute-git-dir) &&
	mkdir "$admin/rebase-merge" &&
	echo "refs/heads/$(git -C "$WT5" symbolic-ref --short HEAD)" \
		>"$admin/rebase-merge/head-name" &&
	status_json &&
	test "$(needs 5)" = operation &&
	rm -r "$admin/rebase-merge"
'

test_expect_success 'every line of the board fits, needs included' '
	gi-test-tool append refs/notes/issues 7 \
		"{\"time\":\"2026-01-05T10:00:00.000000Z\",\"id\":\"i7\",\"kind\":\"issue\",\"title\":\"A very long title \\u001b[31mred\\u001b[0m that goes on and on past any edge\",\"state\":\"open\"}" &&
	COLUMNS=60 git issue-status >board &&
	LC_ALL=C.UTF-8 wc -L <board >width &&
	test "$(cat width)" -le 60 &&
	test_grep "needs you:" board &&
	! grep -q "$(printf "\\033")" board
'

test_expect_success 'outside the worktree of an issue: nothing recorded' '
	hook user-prompt-submit s4 "$TRASH" &&
	test_must_be_empty out &&
	test_path_is_missing .git/issue-agents &&
	mkdir -p "$TRASH/../not-a-repo-$$" &&
	hook user-prompt-submit s4 "$TRASH/../not-a-repo-$$" &&
	test_must_be_empty out &&
	rmdir "$TRASH/../not-a-repo-$$"
'

test_expect_success 'bad input: exit 0, nothing said, nothing written' '
	admin=$(git -C "$WT5" rev-parse --absolute-git-dir) &&
	ls "$admin/issue-agents" >before &&
	hook user-prompt-submit "../../x" "$WT5" &&
	test_must_be_empty out &&
	echo "not json" >bad.json &&
	(cd "$WT5" && git issue-hook claude notification <"$TRASH/bad.json") >out &&
	test_must_be_empty out &&
	(cd "$WT5" && git issue-hook claude session-end </dev/null) >out &&
	test_must_be_empty out &&
	ls "$admin/issue-agents" >after &&
	test_cmp before after
'

test_expect_success 'a damaged record is left out, the others read' '
	admin=$(git -C "$WT5" rev-parse --absolute-git-dir) &&
	printf "agent claude\nstate \033[31m\n" \
		>"$admin/issue-agents/0123456789012345678901234567890123456789" &&
	status_json &&
	jq -e ".worktrees[] | select(.issue == 5) | .agent_sessions == 2" status.json
'

test_expect_success 'a session of another issue in the folder (--switch) is not shown' '
	admin=$(git -C "$WT5" rev-parse --absolute-git-dir) &&
	printf "agent claude\nsession old\nissue 9\nstate waiting\nstarted 1\nsince 1\nupdated 1\npid $$ 0\n" \
		>"$admin/issue-agents/1111111111111111111111111111111111111111" &&
	status_json &&
	jq -e ".worktrees[] | select(.issue == 5) | .agent_sessions == 2" status.json &&
	test "$(needs 5)" != waiting &&
	rm "$admin/issue-agents/1111111111111111111111111111111111111111"
'

test_expect_success '--watch runs issue.notifyCommand once per change into needs you' '
	git config issue.notifyCommand \
		"echo \"\$GIT_ISSUE_ISSUE \$GIT_ISSUE_REASON \$GIT_ISSUE_AGENT\" >>\"$TRASH/notified\"" &&
	rm -f notified &&
	{ git-issue-status --watch=0.2 >watch.out 2>watch.err & } &&
	watch=$! &&
	sleep 1 &&
	test_path_is_missing notified &&
	hook notification s2 "$WT5" ",\"notification_type\":\"permission_prompt\"" &&
	i=0 &&
	while test ! -s notified && test $i -lt 50
	do
		sleep 0.1 &&
		i=$((i + 1))
	done &&
	sleep 1 &&
	kill $watch &&
	wait $watch &&
	git config --unset issue.notifyCommand &&
	echo "5 waiting claude" >expect &&
	test_cmp expect notified &&
	test_grep "claude waits for you" watch.out &&
	! grep -q "$(printf "\\a")" watch.out
'

test_expect_success 'the hook takes only the events it knows' '
	test_expect_code 129 git issue-hook claude pre-tool-use </dev/null 2>err &&
	test_grep "unknown Claude Code hook" err
'

test_expect_success 'a Codex session is recorded as codex' '
	git issue-note -i 8 "a codex task" >/dev/null &&
	WT8=$(git issue-worktree 8 2>/dev/null) &&
	printf "{\"session_id\":\"cx1\",\"cwd\":\"%s\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}" \
		"$WT8" >in.json &&
	(cd "$WT8" && git issue-hook codex session-start <"$TRASH/in.json" >"$TRASH/out") &&
	status_json &&
	test "$(agent 8 name)" = codex &&
	test "$(agent 8 state)" = started
'

test_expect_success 'Codex UserPromptSubmit: working, nothing printed (Codex would hand it to the model)' '
	printf "{\"session_id\":\"cx1\",\"cwd\":\"%s\",\"hook_event_name\":\"UserPromptSubmit\",\"turn_id\":\"t1\",\"prompt\":\"go\"}" \
		"$WT8" >in.json &&
	(cd "$WT8" && git issue-hook codex user-prompt-submit <"$TRASH/in.json" >"$TRASH/out") &&
	test_must_be_empty out &&
	status_json &&
	test "$(agent 8 name)" = codex &&
	test "$(agent 8 state)" = working
'

test_expect_success 'a conflict with a sibling: said once for the pair, once a merge found it' '
	git issue-note -i 10 "a sibling of 5" >/dev/null &&
	WT10=$(git issue-worktree 10 2>/dev/null) &&
	echo "five" >"$WT5/file" &&
	git -C "$WT5" commit -q -am "five" &&
	echo "ten" >"$WT10/file" &&
	git -C "$WT10" commit -q -am "ten" &&
	# no merge made yet: the board merges nothing itself
	status_json &&
	jq -e "[.needs_you[] | select(.reason == \"conflict\")] == []" status.json &&
	test_might_fail git issue-overlap >overlap.out 2>&1 &&
	status_json &&
	jq -r ".needs_you[] | select(.reason == \"conflict\") | \"\(.issue) \(.with) \(.text)\"" \
		status.json >actual &&
	printf "5 10 its branch conflicts with #10\047s in file (\047git issue-overlap 5 10\047)\n" >expect &&
	test_cmp expect actual &&
	COLUMNS=200 git issue-status >board &&
	test_grep "^  #5 wt/issue-5: its branch conflicts with #10.s in file" board &&
	grep -c "conflicts with" board >count &&
	echo 1 >expect &&
	test_cmp expect count
'

test_expect_success '--watch tells a new conflict once' '
	git config issue.notifyCommand \
		"echo \"\$GIT_ISSUE_ISSUE \$GIT_ISSUE_REASON\" >>\"$TRASH/notified\"" &&
	rm -f notified &&
	echo "ten again" >"$WT10/file" &&
	git -C "$WT10" commit -q -am "ten again" &&
	# by its dashed name, while git issue-overlap runs through git (which
	# puts its exec-path first on PATH): the merge cache must not tell the
	# two gits apart, they are the same bytes
	{ git-issue-status --watch=0.2 >watch.out 2>watch.err & } &&
	watch=$! &&
	sleep 1 &&
	test_might_fail git issue-overlap 5 10 >overlap.out 2>&1 &&
	i=0 &&
	while ! grep -q conflict notified 2>/dev/null && test $i -lt 50
	do
		sleep 0.1 &&
		i=$((i + 1))
	done &&
	sleep 1 &&
	kill $watch &&
	{ wait $watch || :; } &&
	git config --unset issue.notifyCommand &&
	grep conflict notified >actual &&
	echo "5 conflict" >expect &&
	test_cmp expect actual
'

test_expect_success 'init --agent codex installs the UserPromptSubmit and SessionEnd hooks' '
	git issue-init --agent codex 2>err &&
	jq -r ".hooks.UserPromptSubmit[].hooks[].command" .codex/hooks.json >cmds &&
	echo "git issue-hook codex user-prompt-submit" >expect &&
	test_cmp expect cmds &&
	jq -r ".hooks.SessionEnd[].hooks[] | \"\(.command) \(.timeout)\"" \
		.codex/hooks.json >cmds &&
	echo "git issue-hook codex session-end 3" >expect &&
	test_cmp expect cmds
'

test_expect_success 'init --uninstall of the last agent with hooks removes every worktree'\''s records' '
	git issue-init --agent claude 2>err &&
	for wt in "$WT5" "$WT6" "$WT8"
	do
		admin=$(git -C "$wt" rev-parse --absolute-git-dir) &&
		test_path_is_dir "$admin/issue-agents" || return 1
	done &&
	# a worktree whose folder is gone keeps its git dir, and its records
	admin6=$(git -C "$WT6" rev-parse --absolute-git-dir) &&
	mv "$WT6" "$TRASH/moved6" &&
	test_when_finished "mv \"$TRASH/moved6\" \"$WT6\"" &&
	git issue-init --agent claude --uninstall 2>err &&
	# codex has hooks still: the records stay
	test_path_is_dir "$admin6/issue-agents" &&
	test_grep ! "agent session" err &&
	git issue-init --agent codex --uninstall 2>err &&
	for wt in "$WT5" "$WT8"
	do
		admin=$(git -C "$wt" rev-parse --absolute-git-dir) &&
		test_path_is_missing "$admin/issue-agents" || return 1
	done &&
	test_path_is_missing "$admin6/issue-agents" &&
	test_grep "removed the records of [0-9]* agent sessions from the worktrees" err &&
	status_json &&
	test "$(agent 5 state)" = null &&
	test "$(agent 8 state)" = null
'

test_done
