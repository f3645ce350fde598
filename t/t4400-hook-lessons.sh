#!/bin/sh

test_description='git issue-hook claude post-tool-use: a lesson at the moment it matters

When a tool call reads, edits or searches a file, or runs a command, that
a lesson of the worktree'\''s issue or of a related issue names, the hook
prints that lesson as PostToolUse additionalContext, once per session;
when nothing matches it prints nothing.'

. ./test-lib.sh

TRASH=$(pwd -P)

# call SESSION TOOL INPUT-JSON: the hook's answer, into out
call () {
	printf "{\"session_id\":\"%s\",\"cwd\":\"%s\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"%s\",\"tool_input\":%s,\"tool_response\":{}}" \
		"$1" "$WT" "$2" "$3" >in.json &&
	git issue-hook claude post-tool-use <in.json >out
}

context () {
	jq -r .hookSpecificOutput.additionalContext out >ctx
}

test_expect_success 'setup: issue 5 with lessons naming files and commands, #6 blocks it' '
	git config issue.worktreeRoot "$TRASH/wt" &&
	git issue-note -i 5 --tried "editing nginx.conf by hand" \
		--failed "the old workers keep the old file" \
		--solution "run \`nginx -s reload\` after it" >/dev/null &&
	git issue-note -i 5 --tried "the lib/auth/session.c timeout" \
		--solution "make it a setting" >/dev/null &&
	git issue-note -i 5 --tried "to make the build faster" \
		--solution "a cache, in prose only" >/dev/null &&
	git issue-note -i 6 --tried "\`npm ci\` in the container" \
		--failed "no network there" --solution "use a mirror" >/dev/null &&
	git issue-link 5 --blocked-by 6 &&
	WT=$(git issue-worktree 5 2>/dev/null) &&
	echo "$WT" >wt5
'

test_expect_success 'a Read of nginx.conf in any folder: the lesson, as PostToolUse context' '
	call s1 Read "{\"file_path\":\"$WT/conf/nginx.conf\"}" &&
	jq -e ".hookSpecificOutput.hookEventName == \"PostToolUse\"" out &&
	context &&
	test_grep "^git-issue: a lesson of this issue #5 names nginx.conf, which this tool call touched" ctx &&
	test_grep "the old workers keep the old file" ctx &&
	test_grep ! "make it a setting" ctx
'

test_expect_success 'once per session: the same call again says nothing' '
	call s1 Read "{\"file_path\":\"$WT/conf/nginx.conf\"}" &&
	test_must_be_empty out &&
	call s1 Edit "{\"file_path\":\"/etc/nginx/nginx.conf\",\"old_string\":\"a\",\"new_string\":\"b\"}" &&
	test_must_be_empty out
'

test_expect_success 'another session is told again' '
	call s2 Bash "{\"command\":\"cat /etc/nginx/nginx.conf | head\"}" &&
	context &&
	test_grep "the old workers keep the old file" ctx
'

test_expect_success 'a path with folders matches at a folder, not anywhere' '
	call s3 Read "{\"file_path\":\"$WT/src/lib/auth/session.c\"}" &&
	context &&
	test_grep "make it a setting" ctx &&
	call s4 Read "{\"file_path\":\"$WT/src/other/session.c\"}" &&
	test_must_be_empty out
'

test_expect_success 'a command in backticks of a related lesson: its words start the call' '
	call s5 Bash "{\"command\":\"cd app && npm ci --offline\"}" &&
	context &&
	test_grep "^git-issue: a lesson of a related issue #6 (blocks this) names npm ci" ctx &&
	test_grep "use a mirror" ctx &&
	call s6 Bash "{\"command\":\"npm install\"}" &&
	test_must_be_empty out
'

test_expect_success 'a word of prose is not a command' '
	call s7 Bash "{\"command\":\"make -j8\"}" &&
	test_must_be_empty out
'

test_expect_success 'Grep and Glob name files through their paths and patterns' '
	call s8 Glob "{\"pattern\":\"**/nginx.conf\"}" &&
	context &&
	test_grep "nginx.conf" ctx &&
	call s9 Grep "{\"pattern\":\"worker\",\"path\":\"conf/nginx.conf\"}" &&
	context &&
	test_grep "nginx.conf" ctx
'

test_expect_success 'nothing matched, or nothing to match: no output at all' '
	call s10 Read "{\"file_path\":\"$WT/README\"}" &&
	test_must_be_empty out &&
	call s10 WebFetch "{\"url\":\"http://example.com/nginx.conf\"}" &&
	test_must_be_empty out &&
	call s10 Bash "{\"command\":\"ls -la\"}" &&
	test_must_be_empty out
'

test_expect_success 'the index follows the notes: a lesson written now counts at once' '
	call s11 Read "{\"file_path\":\"$WT/Dockerfile\"}" &&
	test_must_be_empty out &&
	git issue-note -i 5 --tried "a smaller Dockerfile" --solution "multi-stage build" >/dev/null &&
	call s11 Read "{\"file_path\":\"$WT/Dockerfile\"}" &&
	context &&
	test_grep "multi-stage build" ctx &&
	head -n 1 "$(git -C "$WT" rev-parse --git-dir)/issue-lesson-index" >head &&
	echo "git-issue lesson index 1" >expect &&
	test_cmp expect head
'

test_expect_success 'a broken index is made again' '
	echo garbage >"$(git -C "$WT" rev-parse --git-dir)/issue-lesson-index" &&
	call s12 Read "{\"file_path\":\"$WT/Dockerfile\"}" &&
	context &&
	test_grep "multi-stage build" ctx
'

test_expect_success 'two calls at once: told once' '
	printf "{\"session_id\":\"par\",\"cwd\":\"%s\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"%s/nginx.conf\"}}" "$WT" "$WT" >par.json &&
	for i in 1 2 3 4 5 6
	do
		git issue-hook claude post-tool-use <par.json >par.$i &
	done &&
	wait &&
	cat par.1 par.2 par.3 par.4 par.5 par.6 >all &&
	grep -c "old workers" all >n &&
	echo 1 >expect &&
	test_cmp expect n
'

test_expect_success 'a lesson of 50 KB: within the budget, on one line' '
	test_seq 1 9000 | sed "s/.*/w&/" | tr "\n" " " >big &&
	git issue-note -i 5 --tried "$(cat big) about big.yaml" --solution "end of the big one" >/dev/null &&
	call s13 Read "{\"file_path\":\"$WT/big.yaml\"}" &&
	context &&
	test $(wc -c <ctx) -lt 9000 &&
	test_grep "w1 w2 " ctx &&
	test_grep ! "end of the big one" ctx
'

test_expect_success 'outside an issue worktree, or with a session id we do not take: nothing' '
	printf "{\"session_id\":\"s1\",\"cwd\":\"%s\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"nginx.conf\"}}" "$TRASH" >main.json &&
	git issue-hook claude post-tool-use <main.json >out &&
	test_must_be_empty out &&
	call "../x" Read "{\"file_path\":\"$WT/nginx.conf\"}" &&
	test_must_be_empty out &&
	test_path_is_missing "$TRASH/.git/x.told"
'

test_expect_success 'the told lessons live beside the session file, keyed by the session' '
	ls "$(git rev-parse --git-common-dir)/issue-sessions" >files &&
	test_grep "^[0-9a-f]\{40\}\.told$" files
'

test_expect_success 'uninstalling the integration forgets them, and the index' '
	git issue-init --agent claude 2>/dev/null &&
	git issue-init --agent claude --uninstall 2>/dev/null &&
	test_path_is_missing "$(git rev-parse --git-common-dir)/issue-sessions" &&
	test_path_is_missing "$(git -C "$WT" rev-parse --git-dir)/issue-lesson-index"
'

test_done
