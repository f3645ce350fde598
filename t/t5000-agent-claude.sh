#!/bin/sh

test_description='the real Claude Code CLI reads the memory without being told

Sessions of both pinned CLIs (t/agents) run offline against the scripted
model server, in worktrees set up by git issue-init --agent claude: what
a session in the worktree of issue 100 records through the Bash tool is,
a moment later, in the first request of a session in the worktree of
issue 98, whose body mentions #100.'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

agents_available || test_done

TRASH=$(pwd -P)

issue_record () {
	body=$(printf "%s" "$3" | jq -Rs .) &&
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$1\",\"kind\":\"issue\",\"title\":\"$2\",\"state\":\"open\",\"body\":$body}"
}

# session_context N: the SessionStart context of agent-loop request N (the
# system message the CLI adds), empty when there is none
session_context () {
	model_request "${1:-1}" | jq -j '
		[.messages[] | select(.role == "system") | .content |
		 if type == "string" then . else map(.text // "") | join("") end |
		 select(startswith("SessionStart hook additional context: "))] |
		.[0] // ""'
}

# has_text FILE [N]: does request N (1) carry the text of FILE, as it is?
has_text () {
	model_texts "${2:-1}" >texts.json &&
	jq -s -e --rawfile c "$1" 'map(contains($c)) | any' texts.json >/dev/null
}

utf16_length () {
	node -e 'process.stdout.write(String(require("fs").readFileSync(process.argv[1], "utf8").length))' "$1"
}

# brief_of DIR FILE: what the hook gives a session in DIR, into FILE (the
# hook's JSON output into FILE.json)
brief_of () {
	(cd "$1" && git issue-hook claude session-start </dev/null) >"$2.json" &&
	jq -j .hookSpecificOutput.additionalContext "$2.json" >"$2"
}

test_expect_success 'setup: issues 98 and 100, their worktrees, the integration' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	issue_record 100 "Session server" "Serve the session cookie." &&
	issue_record 98 "Login page" "The login page breaks; its server side is #100." &&
	git issue-note -i 98 "the form posts twice" >/dev/null &&
	git issue-worktree 100 >wt100 2>/dev/null &&
	git issue-worktree 98 >wt98 2>/dev/null &&
	git issue-init --agent claude 2>err &&
	test -f "$(cat wt98)/.claude/settings.local.json" &&
	test -f "$(cat wt100)/.claude/settings.local.json"
'

test_expect_success 'a session in the worktree of 100 records a lesson through Bash' '
	cat >script100.json <<-\EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "git issue-note --tried \"a meta tag\" --failed \"X-Frame-Options must be an HTTP header\" --solution \"set it in the server config\""}}},
	 "recorded."]
	EOF
	start_model_server "$TRASH/script100.json" &&
	run_claude "$(cat wt100)" "work on issue 100" &&
	test "$(model_main_count)" = 2 &&
	session_context 1 >ctx100 &&
	test_grep "^SessionStart hook additional context: # Issue #100: Session server \[open\]" ctx100 &&
	git issue-show --json 100 >j &&
	jq -e "[.records[] | select(.kind == \"lesson\" and .solution == \"set it in the server config\")] | length == 1" j &&
	jq -e "[.records[] | select(.kind == \"lesson\")][0].branch == \"issue/100-session-server\"" j
'

test_expect_success 'a session in the worktree of 98 gets the lesson of 100 in its first request' '
	start_model_server "" &&
	run_claude "$(cat wt98)" "work on issue 98" &&
	test "$(model_main_count)" = 1 &&
	session_context 1 >ctx98 &&
	test_grep "^SessionStart hook additional context: # Issue #98: Login page \[open\]" ctx98 &&
	test_grep "its server side is #100" ctx98 &&
	test_grep "^### #100: Session server (mentioned, open)$" ctx98 &&
	test_grep "set it in the server config" ctx98 &&
	test_grep "the form posts twice" ctx98 &&
	test_grep "^- #100 Session server: A U Thor, on branch issue/100-session-server" ctx98 &&
	brief_of "$(cat wt98)" brief98 &&
	has_text brief98 &&
	test $(utf16_length brief98) -le 9000
'

test_expect_success 'a session in a worktree of no issue gets no context and starts normally' '
	test -f .claude/settings.local.json &&
	start_model_server "" &&
	run_claude "$TRASH" "hello" &&
	test "$(model_main_count)" = 1 &&
	session_context 1 >ctx &&
	test_must_be_empty ctx &&
	test_grep "done." "$AGENTS_OUT"
'

test_expect_success 'a worktree made by stock git worktree add: its session gets its brief' '
	git worktree add -q -b issue/101-stock "$TRASH/wt/stock101" &&
	git issue-note -i 101 --tried "stock" --solution "post-checkout works" >/dev/null &&
	start_model_server "" &&
	run_claude "$TRASH/wt/stock101" "work on issue 101" &&
	session_context 1 >ctx101 &&
	test_grep "^SessionStart hook additional context: # Issue #101$" ctx101 &&
	test_grep "post-checkout works" ctx101
'

test_expect_success 'setup: a worktree with its own user settings and a committed settings.json' '
	git -c core.hooksPath=/dev/null worktree add -q -b issue/102-user "$TRASH/wt/user102" &&
	test_path_is_missing wt/user102/.claude &&
	mkdir wt/user102/.claude &&
	cat >wt/user102/.claude/settings.local.json <<-\EOF &&
	{
	  "permissions": {"allow": ["Bash(ls:*)"]},
	  "hooks": {
	    "SessionStart": [
	      {"hooks": [{"type": "command", "command": "echo \"{\\\"hookSpecificOutput\\\":{\\\"hookEventName\\\":\\\"SessionStart\\\",\\\"additionalContext\\\":\\\"USER-CONTEXT\\\"}}\""}]}
	    ]
	  }
	}
	EOF
	cp wt/user102/.claude/settings.local.json user102.orig &&
	cat >wt/user102/.claude/settings.json <<-\EOF &&
	{"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "echo \"{\\\"hookSpecificOutput\\\":{\\\"hookEventName\\\":\\\"SessionStart\\\",\\\"additionalContext\\\":\\\"PROJECT-CONTEXT\\\"}}\""}]}]}}
	EOF
	git issue-note -i 102 --solution "one-oh-two" >/dev/null &&
	git issue-init --agent claude 2>err &&
	test_grep "added the Claude Code hook to .$TRASH/wt/user102/.claude/settings.local.json" err
'

test_expect_success 'the user hooks, the committed ones and ours all run' '
	start_model_server "" &&
	run_claude "$TRASH/wt/user102" "work on issue 102" &&
	session_context 1 >ctx102 &&
	# the hooks run side by side: their contexts come in either order
	test_grep "^\(SessionStart hook additional context: \)\{0,1\}PROJECT-CONTEXT$" ctx102 &&
	test_grep "^\(SessionStart hook additional context: \)\{0,1\}USER-CONTEXT$" ctx102 &&
	test_grep "^\(SessionStart hook additional context: \)\{0,1\}# Issue #102$" ctx102 &&
	test_grep "one-oh-two" ctx102
'

test_expect_success 'after a compaction the brief comes back' '
	cat >script-compact.json <<-\EOF &&
	{"turns": [{"tool_use": {"name": "Bash", "input": {"command": "true"}}},
		   "first answer", "second answer", "after the compaction"]}
	EOF
	start_model_server "$TRASH/script-compact.json" &&
	AGENTS_HOME=$AGENTS_RUN/home-compact &&
	run_claude "$(cat wt98)" "work on issue 98" &&
	run_claude "$(cat wt98)" "go on" --continue &&
	run_claude "$(cat wt98)" "/compact" --continue &&
	test "$(jq -s "[.[] | select(.turn == \"compact\")] | length" "$MODEL_LOG")" = 1 &&
	run_claude "$(cat wt98)" "and now?" --continue &&
	n=$(model_main_count) &&
	model_request_text $n >last &&
	AGENTS_HOME=$AGENTS_RUN/home &&
	# the history is the summary now; the brief follows it
	test_grep "The scripted session so far" last &&
	test_grep ! "first answer" last &&
	test_grep "^SessionStart hook additional context: # Issue #98: Login page" last &&
	test_grep "set it in the server config" last
'

test_expect_success '--uninstall gives the user file back byte for byte; no brief after' '
	git issue-init --agent claude --uninstall 2>err &&
	test_cmp user102.orig wt/user102/.claude/settings.local.json &&
	test_path_is_missing "$(cat wt98)/.claude" &&
	start_model_server "" &&
	run_claude "$TRASH/wt/user102" "work on issue 102" &&
	session_context 1 >ctx &&
	test_grep "PROJECT-CONTEXT" ctx &&
	test_grep "USER-CONTEXT" ctx &&
	test_grep ! "Issue #102" ctx
'

test_done
