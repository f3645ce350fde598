#!/bin/sh

test_description='the real Codex CLI reads the memory without being told

Sessions of the pinned Codex CLI (t/agents/codex) run offline against the
scripted Responses API, in worktrees set up by git issue-init --agent
codex --trust-hooks (Codex itself records the approval, through codex
app-server). What the model receives is read from the request log: a
lesson recorded in the worktree of issue 100, by Codex or by Claude Code,
is in the first request of a session in the worktree of issue 98, whose
body mentions #100, as the SessionStart hook'\''s context, whole (and the
Codex lesson reaches a Claude Code session there too); a session
that changed its worktree and recorded nothing is asked once for its
lessons; a session in the main checkout gets no brief; the AGENTS.md block
reaches every worktree. The user'\''s config.toml is left byte for byte by
init, init again and the uninstall, and never written through a link.'

. ./test-lib.sh
. "$TEST_DIR/lib-codex.sh"

codex_available || test_done

# The Claude Code side is one session: the pinned CLI is enough here
# (t5000 runs both versions).
test "$AGENTS_CLAUDE" = both && AGENTS_CLAUDE=pinned
agents_available && test_set_prereq CLAUDE

TRASH=$(pwd -P)
REASON_START="git-issue: this session changed the worktree of issue #98"
# git issue-init --trust-hooks runs `codex app-server`
PATH=$(dirname "$CODEX_BIN"):$PATH

issue_record () {
	body=$(printf "%s" "$3" | jq -Rs .) &&
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$1\",\"kind\":\"issue\",\"title\":\"$2\",\"state\":\"open\",\"body\":$body}"
}

# brief_of DIR FILE: what our SessionStart hook gives a Codex session in
# DIR, into FILE
brief_of () {
	(cd "$1" && git issue-hook codex session-start </dev/null) >"$2.json" &&
	jq -j .hookSpecificOutput.additionalContext "$2.json" >"$2"
}

# briefs N FILE: the developer messages of request N that are a brief
briefs () {
	codex_developer_texts "$1" >"$2.json" &&
	jq -r 'select(startswith("# Issue #"))' "$2.json" >"$2"
}

# agents_md N DIR: the AGENTS.md message of request N, for a session in DIR
agents_md () {
	codex_request "$1" | jq -r --arg h "# AGENTS.md instructions for $2" \
		"$CODEX_ITEM_TEXT"'.input[] | select(.type == "message" and
			.role == "user") | item_text | select(startswith($h))'
}

test_expect_success 'setup: issues 98 and 100, their worktrees, a user config.toml' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	issue_record 100 "Session server" "Serve the session cookie." &&
	issue_record 98 "Login page" "The login page breaks; its server side is #100." &&
	# enough lessons of its own that the brief of 98 fills its budget
	for i in $(test_seq 100 199)
	do
		printf "{\"time\":\"2026-02-01T00:00:00.000%03dZ\",\"id\":\"00000000000%05d\",\"kind\":\"lesson\",\"author\":\"A U Thor <a@example.com>\",\"tried\":\"approach number %d, described at some length so that the lessons take room\",\"failed\":\"reason %d\",\"solution\":\"answer %d\"}\n" $i $i $i $i $i
	done >lessons &&
	xargs -d "\n" gi-test-tool append refs/notes/issues 98 <lessons &&
	git issue-worktree 100 >wt100 2>/dev/null &&
	git issue-worktree 98 >wt98 2>/dev/null &&
	WT100=$(cat wt100) &&
	WT98=$(cat wt98) &&
	echo "v1" >"$WT98/login.txt" &&
	git -C "$WT98" add login.txt &&
	git -C "$WT98" commit -q -m login &&
	mkdir -p "$CODEX_HOME" &&
	cat >"$CODEX_HOME/config.toml" <<-EOF &&
	# my own settings, kept as they are
	model_reasoning_effort = "high"   # a comment after a value

	[projects."$TRASH"]
	trust_level = "trusted"

	[tui]
	notifications = true
	EOF
	cp "$CODEX_HOME/config.toml" config.orig
'

test_expect_success 'init: hooks in every worktree, config.toml untouched, the hooks not yet approved' '
	git issue-init --agent codex --agent claude 2>err &&
	test_cmp config.orig "$CODEX_HOME/config.toml" &&
	test_grep "approve" err &&
	test_path_is_file .codex/hooks.json &&
	test_path_is_dir "$WT98/.codex" &&
	test_path_is_dir "$WT100/.codex" &&
	codex_hooks "$WT98" >list &&
	jq -r "\"\(.command) \(.trustStatus)\"" list | sort >actual &&
	cat >expect <<-EOF &&
	git issue-hook codex post-tool-use untrusted
	git issue-hook codex session-end untrusted
	git issue-hook codex session-start untrusted
	git issue-hook codex stop untrusted
	git issue-hook codex user-prompt-submit untrusted
	EOF
	test_cmp expect actual &&
	start_codex_server "" &&
	run_codex "$WT98" "hello" &&
	briefs 1 none &&
	test_must_be_empty none
'

test_expect_success 'init --trust-hooks: Codex records the approval; again, nothing changes' '
	git issue-init --agent codex --trust-hooks 2>err &&
	! test_cmp config.orig "$CODEX_HOME/config.toml" &&
	head -n $(wc -l <config.orig) "$CODEX_HOME/config.toml" >head &&
	test_cmp config.orig head &&
	codex_hooks "$WT98" >list &&
	jq -r .trustStatus list >actual &&
	printf "trusted\ntrusted\ntrusted\ntrusted\ntrusted\n" >expect &&
	test_cmp expect actual &&
	cp "$CODEX_HOME/config.toml" config.trusted &&
	git issue-init --agent codex --trust-hooks 2>err &&
	test_cmp config.trusted "$CODEX_HOME/config.toml" &&
	git issue-init --agent codex --agent claude 2>err &&
	test_cmp config.trusted "$CODEX_HOME/config.toml"
'

test_expect_success 'a Codex session in the worktree of 100 records a lesson through its shell' '
	codex_script s100.json \
		"exec:git issue-note --tried \"a meta tag\" --failed \"X-Frame-Options must be an HTTP header\" --solution \"set it in the server config\"" \
		"recorded." &&
	start_codex_server "$TRASH/s100.json" &&
	run_codex "$WT100" "work on issue 100" &&
	test "$(codex_main_count)" = 2 &&
	briefs 1 ctx100 &&
	test_grep "^# Issue #100: Session server \[open\]" ctx100 &&
	git issue-show --json 100 >j &&
	jq -e "[.records[] | select(.kind == \"lesson\" and .solution == \"set it in the server config\")] | length == 1" j &&
	# changed nothing but the notes: not asked for lessons
	codex_hook_prompts 2 >prompts &&
	test_must_be_empty prompts
'

test_expect_success 'the board reads a Codex session as working during its turn (UserPromptSubmit)' '
	codex_script board.json \
		"exec:git -C \"$TRASH\" issue-status --json >\"$TRASH/during.json\"" \
		"looked." &&
	start_codex_server "$TRASH/board.json" &&
	run_codex "$WT100" "look at the board" &&
	test "$(codex_main_count)" = 2 &&
	jq -r ".worktrees[] | select(.issue == 100) | .agent | \"\(.name) \(.state)\"" \
		during.json >actual &&
	echo "codex working" >expect &&
	test_cmp expect actual &&
	git issue-status --json >after.json &&
	jq -r ".worktrees[] | select(.issue == 100) | .agent | \"\(.name) \(.state)\"" \
		after.json >actual &&
	echo "codex ended" >expect &&
	test_cmp expect actual
'

test_expect_success CLAUDE 'a Claude Code session in the worktree of 100 records a lesson too' '
	cat >claude100.json <<-\EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "git issue-note --tried \"SameSite=None\" --failed \"browsers drop it without Secure\" --solution \"CLAUDE-LESSON: set Secure as well\""}}},
	 "recorded."]
	EOF
	start_model_server "$TRASH/claude100.json" &&
	run_claude "$WT100" "work on issue 100" &&
	test "$(model_main_count)" = 2 &&
	git issue-show --json 100 >j &&
	jq -e "[.records[] | select(.kind == \"lesson\" and .solution == \"CLAUDE-LESSON: set Secure as well\")] | length == 1" j
'

test_expect_success !CLAUDE 'without the Claude Code CLI, its lesson through the note command' '
	(cd "$WT100" && git issue-note --tried "SameSite=None" \
		--failed "browsers drop it without Secure" \
		--solution "CLAUDE-LESSON: set Secure as well") >/dev/null
'

test_expect_success 'a Codex session in the worktree of 98: both lessons of 100 in its first request, whole' '
	brief_of "$WT98" brief98 &&
	start_codex_server "" &&
	run_codex "$WT98" "work on issue 98" &&
	test "$(codex_main_count)" = 1 &&
	# the hook'\''s context is a developer message of its own, as we made it
	codex_has_developer 1 brief98 &&
	briefs 1 ctx98 &&
	test_grep "^# Issue #98: Login page \[open\]" ctx98 &&
	test_grep "its server side is #100" ctx98 &&
	test_grep "^### #100: Session server (mentioned, open)$" ctx98 &&
	test_grep "set it in the server config" ctx98 &&
	test_grep "CLAUDE-LESSON: set Secure as well" ctx98 &&
	test_grep "answer 199 " ctx98 &&
	# near its budget, and not cut by Codex
	test $(wc -c <brief98) -gt 8000 &&
	test $(wc -c <brief98) -le 9000 &&
	codex_request_text 1 >all &&
	test_grep ! "Warning: truncated output" all
'

test_expect_success CLAUDE 'and the other way round: a Claude Code session in the worktree of 98 gets the Codex lesson of 100' '
	git issue-init --agent claude 2>err &&
	start_model_server "" &&
	run_claude "$WT98" "work on issue 98" &&
	model_hook_context 1 SessionStart >ctx98c.json &&
	jq -r . ctx98c.json >ctx98c &&
	test_grep "^# Issue #98: Login page \[open\]" ctx98c &&
	test_grep "^### #100: Session server (mentioned, open)$" ctx98c &&
	test_grep "set it in the server config" ctx98c &&
	test_grep "CLAUDE-LESSON: set Secure as well" ctx98c
'

test_expect_success 'the AGENTS.md block reaches every worktree and the main checkout' '
	agents_md 1 "$WT98" >md98 &&
	test_grep "git issue-note --tried" md98 &&
	start_codex_server "" &&
	run_codex "$WT100" "hello" &&
	agents_md 1 "$WT100" >md100 &&
	test_grep "git issue-note --tried" md100 &&
	git worktree add -q -b issue/101-stock "$TRASH/wt/stock101" &&
	test_path_is_dir "$TRASH/wt/stock101/.codex" &&
	git issue-note -i 101 --tried "stock" --solution "post-checkout works" >/dev/null &&
	start_codex_server "" &&
	run_codex "$TRASH/wt/stock101" "work on issue 101" &&
	agents_md 1 "$TRASH/wt/stock101" >md101 &&
	test_grep "git issue-note --tried" md101 &&
	briefs 1 ctx101 &&
	test_grep "^# Issue #101$" ctx101 &&
	test_grep "post-checkout works" ctx101
'

test_expect_success 'the empty .codex/ is no work: git status shows nothing, --remove takes the worktree' '
	git issue-worktree 103 >wt103 2>/dev/null &&
	test_path_is_dir "$(cat wt103)/.codex" &&
	git -C "$(cat wt103)" status --porcelain --untracked-files=all >st &&
	test_must_be_empty st &&
	git issue-worktree --remove 103 2>err &&
	test_path_is_missing "$(cat wt103)"
'

test_expect_success 'a session in the main checkout gets no brief' '
	start_codex_server "" &&
	run_codex "$TRASH" "hello" &&
	test "$(codex_main_count)" = 1 &&
	briefs 1 main &&
	test_must_be_empty main &&
	agents_md 1 "$TRASH" >mdmain &&
	test_grep "git issue-note --tried" mdmain
'

test_expect_success 'a session that changes its worktree and records nothing is asked once' '
	codex_script edit.json "exec:echo v2 >>login.txt" "done." \
		"after the block" &&
	start_codex_server "$TRASH/edit.json" &&
	run_codex "$WT98" "fix issue 98" &&
	test "$(codex_main_count)" = 3 &&
	test_grep "v2" "$WT98/login.txt" &&
	codex_hook_prompts 2 >p2 &&
	test_must_be_empty p2 &&
	codex_hook_prompts 3 >p3 &&
	test_line_count = 1 p3 &&
	test_grep "^<hook_prompt hook_run_id=\"stop:[^\"]*\">$REASON_START and recorded nothing" p3 &&
	test_grep "git issue-note --tried" p3 &&
	# right after the answer it blocked: the last two items
	codex_request 3 | jq -r "$CODEX_ITEM_TEXT"'"'"'.input[-2:][] |
		"\(.role) \(item_text | .[0:12])"'"'"' >last &&
	printf "assistant done.\nuser <hook_prompt\n" >expect &&
	test_cmp expect last &&
	echo "after the block" >expect &&
	test_cmp expect "$CODEX_OUT"
'

test_expect_success 'the same session resumed, changing more: not asked again' '
	codex_script more.json "exec:echo v3 >>login.txt" "done again." &&
	start_codex_server "$TRASH/more.json" &&
	run_codex "$WT98" "go on" resume --last &&
	test "$(codex_main_count)" = 2 &&
	test_grep "v3" "$WT98/login.txt" &&
	codex_hook_prompts 2 >p &&
	test_line_count = 1 p &&
	echo "done again." >expect &&
	test_cmp expect "$CODEX_OUT"
'

test_expect_success 'init --trust-hooks never writes config.toml through a link' '
	mv "$CODEX_HOME/config.toml" real.toml &&
	ln -s "$TRASH/real.toml" "$CODEX_HOME/config.toml" &&
	cp real.toml real.before &&
	test_expect_code 1 git issue-init --agent codex --trust-hooks 2>err &&
	test_grep "symbolic link" err &&
	test_cmp real.before real.toml &&
	test -h "$CODEX_HOME/config.toml" &&
	rm "$CODEX_HOME/config.toml" &&
	mv real.toml "$CODEX_HOME/config.toml" &&
	git issue-init --agent codex 2>err &&
	test_cmp config.trusted "$CODEX_HOME/config.toml"
'

test_expect_success 'nor .codex/hooks.json' '
	mv .codex/hooks.json hooks.real &&
	ln -s "$TRASH/hooks.real" .codex/hooks.json &&
	cp hooks.real hooks.before &&
	test_must_fail git issue-init --agent codex 2>err &&
	test_grep "symbolic link" err &&
	test_cmp hooks.before hooks.real &&
	rm .codex/hooks.json &&
	mv hooks.real .codex/hooks.json
'

test_expect_success 'the uninstall gives config.toml back byte for byte; no brief after' '
	git issue-init --agent codex --uninstall 2>err &&
	test_cmp config.orig "$CODEX_HOME/config.toml" &&
	test_path_is_missing .codex &&
	test_path_is_missing "$WT98/.codex" &&
	start_codex_server "" &&
	run_codex "$WT98" "hello" &&
	briefs 1 none &&
	test_must_be_empty none
'

test_expect_success 'nothing but POST /v1/responses reached the Codex server' '
	cat "$CODEX_RUN"/server.*/requests.log >all &&
	jq -r "\"\(.method) \(.path) \(.kind)\"" all | sort -u >actual &&
	echo "POST /v1/responses main" >expect &&
	test_cmp expect actual
'

test_done
