#!/bin/sh

test_description='the Codex test rig: the real Codex CLI, offline

The pinned Codex CLI (t/agents/codex) runs codex exec against the
scripted Responses API on 127.0.0.1 (t/agents/responses-server.js),
through t/lib-codex.sh. A project hook of the main checkout, trusted
through codex app-server as the TUI would, reaches the first request as
a developer message; a scripted shell tool call runs for real in the
session directory with the commands under test on PATH; a Stop hook that
blocks comes back as a <hook_prompt>; a session in a linked worktree runs
the main checkout'\''s hooks; hook output over 10,000 bytes is cut; the
server sees nothing but POST /v1/responses.'

. ./test-lib.sh
. "$TEST_DIR/lib-codex.sh"

codex_available || test_done

TRASH=$(pwd -P)
RECORD=$TEST_DIR/agents/hook-recorder.sh

# sq WORD: WORD quoted for sh
sq () {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# context FILE EVENT TEXT: FILE answers a hook of EVENT with TEXT as its
# additionalContext
context () {
	jq -n --arg e "$2" --arg t "$3" \
		'{hookSpecificOutput: {hookEventName: $e, additionalContext: $t}}' >"$1"
}

test_expect_success 'setup: hooks in the main checkout, the project trusted' '
	context brief.json SessionStart "BRIEF: issue 42, marker $$" &&
	context post.json PostToolUse "AFTER-TOOL" &&
	jq -n "{decision: \"block\", reason: \"record a lesson first\"}" \
		>block.json &&
	mkdir .codex &&
	jq -n --arg ss "$(sq "$RECORD") $(sq "$TRASH/rec") $(sq "$TRASH/brief.json")" \
		--arg post "$(sq "$RECORD") $(sq "$TRASH/rec") $(sq "$TRASH/post.json")" \
		--arg stop "$(sq "$RECORD") --once $(sq "$TRASH/rec") $(sq "$TRASH/block.json")" \
		"{hooks: {
		  SessionStart: [{matcher: \"startup|resume\",
				  hooks: [{type: \"command\", command: \$ss}]}],
		  PostToolUse: [{matcher: \"Bash\",
				 hooks: [{type: \"command\", command: \$post}]}],
		  Stop: [{hooks: [{type: \"command\", command: \$stop,
				   timeout: 30}]}]}}" >.codex/hooks.json &&
	codex_trust_project "$TRASH" &&
	grep -F "[projects.\"$TRASH\"]" "$CODEX_HOME/config.toml"
'

test_expect_success 'Codex lists the hooks untrusted, with the hash we compute' '
	codex_hooks "$TRASH" >list &&
	test_line_count = 3 list &&
	jq -r "\"\(.key) \(.trustStatus)\"" list >actual &&
	cat >expect <<-EOF &&
	$TRASH/.codex/hooks.json:post_tool_use:0:0 untrusted
	$TRASH/.codex/hooks.json:session_start:0:0 untrusted
	$TRASH/.codex/hooks.json:stop:0:0 untrusted
	EOF
	sort actual >sorted &&
	test_cmp expect sorted &&
	while read -r entry
	do
		test "$(printf "%s\n" "$entry" | codex_hook_hash)" = \
			"$(printf "%s\n" "$entry" | jq -r .currentHash)" || return 1
	done <list
'

test_expect_success 'an untrusted hook does not run' '
	start_codex_server "" &&
	run_codex "$TRASH" "hello" &&
	test "$(codex_main_count)" = 1 &&
	test_path_is_missing rec
'

test_expect_success 'trusted through app-server, as the TUI does' '
	codex_trust_hooks "$TRASH" &&
	codex_hooks "$TRASH" >list &&
	jq -r .trustStatus list >actual &&
	printf "trusted\ntrusted\ntrusted\n" >expect &&
	test_cmp expect actual &&
	key="$TRASH/.codex/hooks.json:session_start:0:0" &&
	hash=$(jq -r --arg k "$key" "select(.key == \$k) | .currentHash" list) &&
	grep -A1 -F "[hooks.state.\"$key\"]" "$CODEX_HOME/config.toml" >actual &&
	printf "[hooks.state.\"%s\"]\ntrusted_hash = \"%s\"\n" "$key" "$hash" >expect &&
	test_cmp expect actual
'

test_expect_success 'a session: the brief, a real shell call, a blocked stop' '
	codex_script script.json \
		"exec:pwd >where && command -v git-issue-note >which" \
		"first answer" "after the block" &&
	start_codex_server "$TRASH/script.json" &&
	run_codex "$TRASH" "work on issue 42" &&
	test "$(codex_main_count)" = 3 &&
	echo "after the block" >expect &&
	test_cmp expect "$CODEX_OUT" &&

	# the SessionStart context: a developer message of its own
	printf "BRIEF: issue 42, marker $$" >brief &&
	codex_has_developer 1 brief &&
	jq -r "keys | join(\" \")" rec/SessionStart.1.json >actual &&
	echo "cwd hook_event_name model permission_mode session_id source transcript_path" >expect &&
	test_cmp expect actual &&
	jq -r "\"\(.source) \(.cwd)\"" rec/SessionStart.1.json >actual &&
	echo "startup $TRASH" >expect &&
	test_cmp expect actual &&

	# the shell tool ran in the session directory, with our PATH
	echo "$TRASH" >expect &&
	test_cmp expect where &&
	echo "$GI_BUILD_DIR/bin/git-issue-note" >expect &&
	test_cmp expect which &&
	codex_tool_outputs 2 >out &&
	test_grep "Process exited with code 0" out &&
	jq -r "\"\(.tool_name) \(.tool_input.command)\"" \
		rec/PostToolUse.1.json >actual &&
	echo "Bash pwd >where && command -v git-issue-note >which" >expect &&
	test_cmp expect actual &&
	printf AFTER-TOOL >after &&
	codex_has_developer 2 after &&

	# the block: once, as a <hook_prompt>; the second stop is let go
	codex_hook_prompts 3 >actual &&
	test_grep "^<hook_prompt hook_run_id=\"stop:[0-9]*:$TRASH/.codex/hooks.json\">record a lesson first</hook_prompt>$" actual &&
	jq -r "\"\(.stop_hook_active) \(.last_assistant_message)\"" \
		rec/Stop.1.json rec/Stop.2.json >actual &&
	printf "false first answer\ntrue after the block\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a linked worktree: the main checkout'\''s hooks, given a .codex folder' '
	git worktree add -q wt-a -b a &&
	git worktree add -q wt-b -b b &&
	mkdir wt-a/.codex &&
	rm -rf rec &&
	start_codex_server "" &&
	run_codex "$TRASH/wt-a" "x" &&
	codex_has_developer 1 brief &&
	jq -r .cwd rec/SessionStart.1.json >actual &&
	echo "$TRASH/wt-a" >expect &&
	test_cmp expect actual &&
	rm -rf rec &&
	start_codex_server "" &&
	run_codex "$TRASH/wt-b" "x" &&
	! codex_has_developer 1 brief &&
	test_path_is_missing rec
'

test_expect_success 'hook output over 10,000 bytes is cut, unless the hook lifts the limit' '
	mkdir cut &&
	git -C cut init -q &&
	node -e "for (const [f, n] of [[\"a\", 10000], [\"b\", 10001], [\"c\", 20000]])
		require(\"fs\").writeFileSync(\"cut/\" + f + \".json\", JSON.stringify(
			{hookSpecificOutput: {hookEventName: \"SessionStart\",
			 additionalContext: f.toUpperCase().repeat(n)}}))" &&
	mkdir cut/.codex &&
	jq -n --arg d "$(sq "$TRASH/cut")" "{hooks: {SessionStart: [{hooks: [
		{type: \"command\", command: \"cat \(\$d)/a.json\"},
		{type: \"command\", command: \"cat \(\$d)/b.json\"},
		{type: \"command\", command: \"cat \(\$d)/c.json\",
		 additionalContextLimit: 0}]}]}}" >cut/.codex/hooks.json &&
	codex_trust_project cut &&
	codex_trust_hooks cut &&
	start_codex_server "" &&
	run_codex "$TRASH/cut" "x" &&
	jq -j .hookSpecificOutput.additionalContext cut/a.json >a &&
	codex_has_developer 1 a &&
	jq -j .hookSpecificOutput.additionalContext cut/c.json >c &&
	codex_has_developer 1 c &&
	jq -j .hookSpecificOutput.additionalContext cut/b.json >b &&
	! codex_has_developer 1 b &&
	codex_developer_texts 1 >dev &&
	jq -r "select(contains(\"BBBB\")) | split(\"\n\") | .[0]" dev >actual &&
	echo "Warning: truncated output (original token count: 2501)" >expect &&
	test_cmp expect actual &&
	test "$(jq -r "select(contains(\"BBBB\")) | length" dev)" -lt 10200
'

test_expect_success 'nothing but POST /v1/responses reached the server' '
	cat "$CODEX_RUN"/server.*/requests.log >all &&
	jq -r "\"\(.method) \(.path) \(.kind)\"" all | sort -u >actual &&
	echo "POST /v1/responses main" >expect &&
	test_cmp expect actual
'

test_done
