#!/bin/sh

test_description='git issue-init --agent: the hooks and instructions in every worktree, merged, and removed

--agent claude writes the SessionStart, Stop, PostToolUse,
UserPromptSubmit, Notification and SessionEnd hooks into
.claude/settings.local.json of every worktree (editing a user file as
text) unless the git-issue plugin is enabled, a block in CLAUDE.local.md of
every worktree, ignores both in info/exclude, and adds a post-checkout
block for worktrees made later; --agent codex and generic write AGENTS.md
where git does not track it (Codex: t4110). No worktree looks changed. --uninstall gives
every file back byte for byte.'

. ./test-lib.sh

TRASH=$(pwd -P)
HOOK_CMD="git issue-hook claude session-start"
STOP_CMD="git issue-hook claude stop"
POST_CMD="git issue-hook claude post-tool-use"
PROMPT_CMD="git issue-hook claude user-prompt-submit"
NOTE_CMD="git issue-hook claude notification"
END_CMD="git issue-hook claude session-end"

# our_groups FILE [EVENT COMMAND]: how many groups of EVENT (SessionStart)
# run our command
our_groups () {
	jq --arg c "${3:-$HOOK_CMD}" --arg e "${2:-SessionStart}" \
		'[.hooks[$e][]? | select(any(.hooks[]; .command == $c))] | length' "$1"
}

# without_ours: a settings document (stdin) without our groups, and
# without the lists and the hooks object that are empty then, sorted
without_ours () {
	jq -S 'if .hooks then .hooks |= (with_entries(.value |= map(select(
		any(.hooks[]?; .command | startswith("git issue-hook ")) | not))) |
		with_entries(select(.value != []))) else . end |
		if .hooks == {} then del(.hooks) else . end'
}

# snapshot: every file the integration touches, with its content hash
snapshot () {
	for f in repo/.claude/settings.local.json repo/CLAUDE.md repo/AGENTS.md \
		repo/CLAUDE.local.md repo/.git/info/exclude \
		repo/.git/hooks/post-checkout repo/.git/hooks/pre-push \
		wt/*/.claude/settings.local.json wt/*/CLAUDE.local.md
	do
		if test -f "$f"
		then
			echo "$f $(git hash-object "$f") $(stat -c %a "$f")"
		else
			echo "$f missing"
		fi
	done
}

test_expect_success 'setup: a repository with a worktree of stock git and one of ours' '
	git init -q repo &&
	(
		cd repo &&
		git commit -q --allow-empty -m initial &&
		git config issue.worktreeRoot "$TRASH/wt" &&
		git worktree add -q -b issue/5-stock "$TRASH/wt/stock" &&
		git issue-worktree 7 >/dev/null 2>&1
	) &&
	cp repo/.git/info/exclude exclude.orig
'

test_expect_success 'init --agent claude: every worktree, exclude, post-checkout, CLAUDE.local.md' '
	(cd repo && git issue-init --agent claude) 2>err &&
	test_grep "wrote the Claude Code hook to .$TRASH/repo/.claude/settings.local.json" err &&
	test_grep "wrote the Claude Code hook to .$TRASH/wt/stock/.claude/settings.local.json" err &&
	test_grep "wrote the Claude Code hook to .$TRASH/wt/issue-7/.claude/settings.local.json" err &&
	for d in repo wt/stock wt/issue-7
	do
		test "$(our_groups $d/.claude/settings.local.json)" = 1 &&
		test "$(our_groups $d/.claude/settings.local.json Stop "$STOP_CMD")" = 1 &&
		test "$(our_groups $d/.claude/settings.local.json PostToolUse "$POST_CMD")" = 1 &&
		test "$(our_groups $d/.claude/settings.local.json UserPromptSubmit "$PROMPT_CMD")" = 1 &&
		test "$(our_groups $d/.claude/settings.local.json Notification "$NOTE_CMD")" = 1 &&
		test "$(our_groups $d/.claude/settings.local.json SessionEnd "$END_CMD")" = 1 &&
		test_grep "^<!-- BEGIN git-issue -->$" $d/CLAUDE.local.md &&
		test_grep "git issue-note --tried" $d/CLAUDE.local.md &&
		test_grep "git issue-search --kind failed" $d/CLAUDE.local.md &&
		test_grep "git issue-new" $d/CLAUDE.local.md &&
		test_grep "blocked-by" $d/CLAUDE.local.md &&
		test_grep "discovered-from <n>" $d/CLAUDE.local.md ||
		return 1
	done &&
	# SessionStart: every source (fork too), so no matcher
	jq -e "(.hooks.SessionStart[0] | has(\"matcher\") | not) and
		.hooks.SessionStart[0].hooks[0].timeout == 10" \
		repo/.claude/settings.local.json &&
	jq -e "(.hooks.Stop[0] | has(\"matcher\") | not) and
		.hooks.Stop[0].hooks[0].timeout == 10" \
		repo/.claude/settings.local.json &&
	jq -e ".hooks.PostToolUse[0].matcher == \"Read|Edit|MultiEdit|Write|NotebookEdit|Bash|Grep|Glob\"" \
		repo/.claude/settings.local.json &&
	test_grep "^/.claude/settings.local.json$" repo/.git/info/exclude &&
	test_grep "^/CLAUDE.local.md$" repo/.git/info/exclude &&
	test_grep "^## BEGIN git-issue$" repo/.git/hooks/post-checkout &&
	test -x repo/.git/hooks/post-checkout &&
	test_path_is_missing repo/CLAUDE.md &&
	test "$(git -C repo config issue.agents)" = claude
'

test_expect_success 'the files of the integration never show in git status' '
	for d in repo wt/stock wt/issue-7
	do
		git -C $d status --porcelain --untracked-files=all >st &&
		test_must_be_empty st || return 1
	done
'

test_expect_success 'the plugin hooks and the ones init writes are the same' '
	hooks="$TEST_DIR/../contrib/agents/claude-plugin/hooks/hooks.json" &&
	jq -S "[.hooks | to_entries[] | {event: .key, matcher: .value[0].matcher,
		command: (.value[0].hooks[0].command | sub(\" --plugin\"; \"\")),
		timeout: .value[0].hooks[0].timeout}] | sort_by(.event)" \
		"$hooks" >plugin &&
	jq -S "[.hooks | to_entries[] | {event: .key, matcher: .value[0].matcher,
		command: .value[0].hooks[0].command,
		timeout: .value[0].hooks[0].timeout}] | sort_by(.event)" \
		repo/.claude/settings.local.json >init &&
	test_cmp init plugin &&
	jq -e ".plugins[0].source == \"./contrib/agents/claude-plugin\" and
		.name == \"git-issue\" and .plugins[0].name == \"git-issue\"" \
		"$TEST_DIR/../.claude-plugin/marketplace.json"
'

test_expect_success 'init --agent claude twice changes nothing' '
	snapshot >before &&
	(cd repo && git issue-init --agent claude) 2>err &&
	snapshot >after &&
	test_cmp before after &&
	test_grep "the Claude Code hook is in every worktree already" err
'

test_expect_success 'a worktree made by stock git worktree add gets the hook' '
	git -C repo worktree add -q -b issue/8-later "$TRASH/wt/later" &&
	test "$(our_groups wt/later/.claude/settings.local.json)" = 1 &&
	test_grep "git issue-new" wt/later/CLAUDE.local.md &&
	git -C wt/later status --porcelain --untracked-files=all >st &&
	test_must_be_empty st
'

test_expect_success 'a checkout in a worktree does not touch its settings' '
	rm -r wt/later/.claude &&
	git -C wt/later checkout -q -b other &&
	test_path_is_missing wt/later/.claude
'

test_expect_success 'a worktree made by git issue-worktree gets it without the post-checkout hook' '
	mv repo/.git/hooks/post-checkout post-checkout.saved &&
	(cd repo && git issue-worktree 9 >/dev/null 2>&1) &&
	test "$(our_groups wt/issue-9/.claude/settings.local.json)" = 1 &&
	test_grep "git issue-new" wt/issue-9/CLAUDE.local.md &&
	mv post-checkout.saved repo/.git/hooks/post-checkout
'

test_expect_success 'the post-checkout block keeps the status of the user hook before it' '
	git init -q pc &&
	(
		cd pc &&
		git commit -q --allow-empty -m initial &&
		write_script .git/hooks/post-checkout <<-\EOF &&
		echo "user hook ran" >>"$(git rev-parse --git-common-dir)/ran"
		false
		EOF
		git issue-init --agent claude 2>err &&
		test_grep "added the git-issue block to the end of" err &&
		test_must_fail git worktree add -q -b issue/3-x ../pc-wt &&
		test_grep "user hook ran" .git/ran &&
		test -f ../pc-wt/.claude/settings.local.json
	)
'

test_expect_success 'a post-checkout hook that may exit early is left alone: lines printed, exit 1' '
	git init -q pc2 &&
	(
		cd pc2 &&
		git commit -q --allow-empty -m initial &&
		write_script .git/hooks/post-checkout <<-\EOF &&
		exit 0
		EOF
		cp .git/hooks/post-checkout orig &&
		test_expect_code 1 git issue-init --agent claude 2>err &&
		test_grep "post-checkout. exists and may exit before its end" err &&
		test_grep "git issue-hook post-checkout" err &&
		test_cmp orig .git/hooks/post-checkout &&
		test -f .claude/settings.local.json
	)
'

# try_file NAME: install into a worktree whose settings.local.json is
# settings.NAME, check ours is there and the user's part is intact, then
# uninstall and require the original bytes
test_expect_success 'setup: user settings files of every shape' '
	git init -q u &&
	git -C u commit -q --allow-empty -m initial &&
	mkdir -p u/.claude &&
	cat >settings.others <<-\EOF &&
	{
	    "permissions": {
	        "allow": ["Bash(npm test:*)"],
	        "deny": []
	    },
	    "env": {"FOO": "1"},
	    "hooks": {
	        "SessionStart": [
	            {
	                "matcher": "startup",
	                "hooks": [
	                    {"type": "command", "command": "echo user start"}
	                ]
	            }
	        ],
	        "PreToolUse": [
	            {"matcher": "Bash", "hooks": [{"type": "command", "command": "true"}]}
	        ]
	    },
	    "model": "opus"
	}
	EOF
	printf "{\"hooks\":{\"SessionStart\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"echo a\"}]}]},\"n\":1.50e3}" >settings.compact &&
	printf "{\n\t\"hooks\": {\n\t\t\"Stop\": [\n\t\t\t{\"hooks\": [{\"type\": \"command\", \"command\": \"echo stop\"}]}\n\t\t]\n\t}\n}\n" >settings.tabs &&
	printf "{}" >settings.empty &&
	printf "{ }\n" >settings.blank &&
	printf "{\n  \"permissions\": {\"allow\": []}\n}\n" >settings.nohooks &&
	printf "\357\273\277{\"hoo\\\\u006bs\": {\"SessionStart\": []}, \"x\": \"\\\\u00e9 \\\\ud83d\\\\ude00\"}\r\n" >settings.odd &&
	printf "{\"hooks\": {}}" >settings.emptyhooks
'

for shape in others compact tabs empty blank nohooks odd emptyhooks
do
	test_expect_success "user settings ($shape): merged, then restored byte for byte" '
		mkdir -p u/.claude &&
		cp settings.'$shape' u/.claude/settings.local.json &&
		(cd u && git issue-init --agent claude) 2>err &&
		f=u/.claude/settings.local.json &&
		jq . $f >/dev/null &&
		test "$(our_groups $f)" = 1 &&
		test "$(our_groups $f Stop "$STOP_CMD")" = 1 &&
		# the user part is intact (empty lists or objects that were
		# there before are compared away)
		without_ours <$f >merged.user &&
		without_ours <settings.'$shape' >orig.user &&
		test_cmp orig.user merged.user &&
		(cd u && git issue-init --agent claude) 2>err &&
		test "$(our_groups $f)" = 1 &&
		test "$(our_groups $f Stop "$STOP_CMD")" = 1 &&
		(cd u && git issue-init --agent claude --uninstall) 2>err &&
		case '$shape' in
		empty|blank)
			# a file that holds nothing but our hook goes, and
			# .claude/ with it when nothing else is there
			test_path_is_missing $f && test_path_is_missing u/.claude ;;
		emptyhooks)
			# an empty hooks object there before goes with ours,
			# and then the file held nothing
			test_path_is_missing $f ;;
		odd)
			# so does an empty SessionStart list
			printf "\357\273\277{\"x\": \"\\\\u00e9 \\\\ud83d\\\\ude00\"}\r\n" >expect &&
			test_cmp expect $f ;;
		*)
			test_cmp settings.'$shape' $f ;;
		esac
	'
done

test_expect_success 'a user hook inserted with ours keeps its place' '
	mkdir -p u/.claude &&
	cp settings.others u/.claude/settings.local.json &&
	(cd u && git issue-init --agent claude) &&
	jq -r ".hooks.SessionStart[].hooks[].command" u/.claude/settings.local.json >cmds &&
	printf "echo user start\n%s\n" "$HOOK_CMD" >expect &&
	test_cmp expect cmds &&
	sed -n "/\"command\": \"git issue-hook claude session-start/p" u/.claude/settings.local.json >line &&
	test_grep "^                        \"command\"" line &&
	(cd u && git issue-init --agent claude --uninstall) &&
	test_cmp settings.others u/.claude/settings.local.json
'

test_expect_success 'a file that is not valid JSON is refused and left untouched' '
	printf "{\n  // comments are not JSON\n  \"a\": 1\n}\n" >bad.json &&
	cp bad.json u/.claude/settings.local.json &&
	(cd u && test_expect_code 128 git issue-init --agent claude) 2>err &&
	test_grep "settings.local.json. is not valid JSON (line 2, column 3: expected a key in double quotes): left as it is" err &&
	test_cmp bad.json u/.claude/settings.local.json &&
	(cd u && test_expect_code 128 git issue-init --agent claude --uninstall) 2>err &&
	test_cmp bad.json u/.claude/settings.local.json
'

test_expect_success 'hooks of the wrong type are refused' '
	printf "{\"hooks\": []}" >bad2.json &&
	cp bad2.json u/.claude/settings.local.json &&
	(cd u && test_expect_code 128 git issue-init --agent claude) 2>err &&
	test_grep "is its \"hooks\" is not an object: left as it is" err &&
	printf "{\"hooks\": {\"SessionStart\": {}}}" >bad3.json &&
	cp bad3.json u/.claude/settings.local.json &&
	(cd u && test_expect_code 128 git issue-init --agent claude) 2>err &&
	test_grep "SessionStart\" is not a list" err &&
	test_cmp bad3.json u/.claude/settings.local.json &&
	rm u/.claude/settings.local.json
'

test_expect_success 'a committed settings.json is left alone; the local file still gets the hook' '
	cat >u/.claude/settings.json <<-\EOF &&
	{"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "echo team"}]}]}}
	EOF
	cp u/.claude/settings.json team.json &&
	(cd u && git issue-init --agent claude) &&
	test_cmp team.json u/.claude/settings.json &&
	test "$(our_groups u/.claude/settings.local.json)" = 1 &&
	(cd u && git issue-init --agent claude --uninstall) &&
	test_path_is_missing u/.claude/settings.local.json &&
	test_cmp team.json u/.claude/settings.json
'

test_expect_success 'a committed settings.json that runs our hooks: no local copy' '
	cat >u/.claude/settings.json <<-EOF &&
	{"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "$HOOK_CMD"}]}],
	           "Stop": [{"hooks": [{"type": "command", "command": "$STOP_CMD"}]}],
	           "PostToolUse": [{"hooks": [{"type": "command", "command": "$POST_CMD"}]}],
	           "UserPromptSubmit": [{"hooks": [{"type": "command", "command": "$PROMPT_CMD"}]}],
	           "Notification": [{"hooks": [{"type": "command", "command": "$NOTE_CMD"}]}],
	           "SessionEnd": [{"hooks": [{"type": "command", "command": "$END_CMD"}]}]}}
	EOF
	(cd u && git issue-init --agent claude) 2>err &&
	test_grep "runs the hook already" err &&
	test_path_is_missing u/.claude/settings.local.json &&
	rm u/.claude/settings.json
'

test_expect_success 'a committed settings.json that runs SessionStart only: Stop goes local' '
	cat >u/.claude/settings.json <<-EOF &&
	{"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "$HOOK_CMD"}]}]}}
	EOF
	(cd u && git issue-init --agent claude) 2>err &&
	f=u/.claude/settings.local.json &&
	test "$(our_groups $f Stop "$STOP_CMD")" = 1 &&
	test "$(jq ".hooks | has(\"SessionStart\")" $f)" = false &&
	(cd u && git issue-init --agent claude --uninstall) 2>err &&
	test_path_is_missing $f &&
	rm u/.claude/settings.json
'

test_expect_success 'an install from before: the next init adds what it lacks, and every source' '
	cat >u/.claude/settings.local.json <<-EOF &&
	{
	  "hooks": {
	    "SessionStart": [
	      {
	        "matcher": "startup|resume|clear|compact",
	        "hooks": [
	          {
	            "type": "command",
	            "command": "$HOOK_CMD",
	            "timeout": 10
	          }
	        ]
	      }
	    ]
	  }
	}
	EOF
	(cd u && git issue-init --agent claude) 2>err &&
	test_grep "added the Claude Code hook to .$TRASH/u/.claude/settings.local.json" err &&
	f=u/.claude/settings.local.json &&
	test "$(our_groups $f)" = 1 &&
	test "$(our_groups $f Stop "$STOP_CMD")" = 1 &&
	test "$(our_groups $f PostToolUse "$POST_CMD")" = 1 &&
	test "$(our_groups $f SessionEnd "$END_CMD")" = 1 &&
	jq -e ".hooks.SessionStart[0] | has(\"matcher\") | not" $f &&
	jq -r ".hooks | keys | join(\" \")" $f >keys &&
	echo "Notification PostToolUse SessionEnd SessionStart Stop UserPromptSubmit" >expect &&
	test_cmp expect keys &&
	(cd u && git issue-init --agent claude --uninstall) 2>err &&
	test_path_is_missing $f
'

test_expect_success 'CLAUDE.local.md of the user: block added at the end, removed byte for byte' '
	printf "# Mine\n\nUse tabs." >u/CLAUDE.local.md &&
	cp u/CLAUDE.local.md claude.orig &&
	(cd u && git issue-init --agent claude) &&
	head -n 3 u/CLAUDE.local.md >top &&
	printf "# Mine\n\nUse tabs.\n" >expect &&
	test_cmp expect top &&
	test_grep "^<!-- BEGIN git-issue (newline added) -->$" u/CLAUDE.local.md &&
	(cd u && git issue-init --agent claude) &&
	test $(grep -c "BEGIN git-issue" u/CLAUDE.local.md) = 1 &&
	(cd u && git issue-init --agent claude --uninstall) &&
	test_cmp claude.orig u/CLAUDE.local.md &&
	rm u/CLAUDE.local.md
'

test_expect_success 'the block of an older init in an untracked CLAUDE.md moves to CLAUDE.local.md' '
	printf "# Project\n" >claude-md.orig &&
	printf "# Project\n<!-- BEGIN git-issue -->\nold words\n<!-- END git-issue -->\n" >u/CLAUDE.md &&
	(cd u && git issue-init --agent claude) 2>err &&
	test_grep "removed the git-issue block from .$TRASH/u/CLAUDE.md" err &&
	test_cmp claude-md.orig u/CLAUDE.md &&
	test_grep "BEGIN git-issue" u/CLAUDE.local.md &&
	(cd u && git issue-init --agent claude --uninstall) &&
	test_path_is_missing u/CLAUDE.local.md
'

test_expect_success 'a committed CLAUDE.md with our block is the project'"'"'s: left alone' '
	git init -q k &&
	printf "# K\n<!-- BEGIN git-issue -->\ncommitted words\n<!-- END git-issue -->\n" >k/CLAUDE.md &&
	git -C k add CLAUDE.md &&
	git -C k commit -q -m claude &&
	(cd k && git issue-init --agent claude) &&
	test_grep "committed words" k/CLAUDE.md &&
	git -C k status --porcelain --untracked-files=all >st &&
	test_must_be_empty st
'

test_expect_success 'a symbolic link for CLAUDE.local.md is never written through' '
	git init -q s &&
	git -C s commit -q --allow-empty -m initial &&
	printf "my profile\n" >profile &&
	cp profile profile.orig &&
	ln -s ../profile s/CLAUDE.local.md &&
	(cd s && git issue-init --agent claude) 2>err &&
	test_grep "CLAUDE.local.md. is a symbolic link: left alone" err &&
	test_cmp profile.orig profile
'

# A checkout's links are data: a committed link must never make init
# edit the user's own files (issue 20, item 8).
test_expect_success 'settings.local.json a link out of the worktree: refused, nothing written there' '
	git init -q l1 &&
	mkdir -p l1/.claude user-claude &&
	printf "{\"theme\": \"mine\"}\n" >user-claude/settings.json &&
	cp user-claude/settings.json user-settings.orig &&
	ln -s ../../user-claude/settings.json l1/.claude/settings.local.json &&
	git -C l1 add .claude &&
	git -C l1 commit -q -m "settings link" &&
	(cd l1 && test_must_fail git issue-init --agent claude) 2>err &&
	test_grep "^error: .*settings.local.json. is a symbolic link; not writing through it" err &&
	test_cmp user-settings.orig user-claude/settings.json &&
	(cd l1 && test_must_fail git issue-init --uninstall) 2>err &&
	test_grep "symbolic link; not writing through it" err &&
	test_cmp user-settings.orig user-claude/settings.json
'

test_expect_success '.claude a link to a folder out of the worktree: refused, nothing written there' '
	git init -q l2 &&
	git -C l2 commit -q --allow-empty -m initial &&
	mkdir user-claude2 &&
	ln -s ../user-claude2 l2/.claude &&
	(cd l2 && test_must_fail git issue-init --agent claude) 2>err &&
	test_grep "^error: .*settings.local.json. leads out of" err &&
	ls -A user-claude2 >actual &&
	test_must_be_empty actual
'

test_expect_success 'an untracked CLAUDE.md linked to a file with our block: the file is left alone' '
	git init -q l3 &&
	git -C l3 commit -q --allow-empty -m initial &&
	printf "export A=1\n<!-- BEGIN git-issue -->\nnot ours to cut\n<!-- END git-issue -->\n" >dotprofile &&
	cp dotprofile dotprofile.orig &&
	ln -s ../dotprofile l3/CLAUDE.md &&
	(cd l3 && git issue-init --agent claude) 2>err &&
	test_cmp dotprofile.orig dotprofile &&
	test_grep "git issue-new" l3/CLAUDE.local.md
'

test_expect_success 'AGENTS.md a link out of the worktree: left alone' '
	git init -q l4 &&
	git -C l4 commit -q --allow-empty -m initial &&
	printf "theirs\n" >agents-target &&
	cp agents-target agents-target.orig &&
	ln -s ../agents-target l4/AGENTS.md &&
	(cd l4 && git issue-init --agent codex) 2>err &&
	test_grep "AGENTS.md. is a symbolic link: left alone" err &&
	test_cmp agents-target.orig agents-target
'

test_expect_success 'the plugin enabled: no hooks in the worktrees, said once; the instructions still' '
	git init -q p &&
	git -C p commit -q --allow-empty -m initial &&
	mkdir -p p-home/.claude &&
	echo "{\"enabledPlugins\": {\"git-issue@git-issue\": true}}" >p-home/.claude/settings.json &&
	(cd p && HOME="$TRASH/p-home" git issue-init --agent claude) 2>err &&
	test_grep "the git-issue plugin is enabled for Claude Code" err &&
	test_path_is_missing p/.claude/settings.local.json &&
	test_grep "git issue-new" p/CLAUDE.local.md &&
	(cd p && CLAUDE_CONFIG_DIR="$TRASH/p-home/.claude" git issue-init --agent claude) 2>err &&
	test_path_is_missing p/.claude/settings.local.json &&
	(cd p && git issue-init --agent claude) 2>err &&
	test "$(our_groups p/.claude/settings.local.json)" = 1
'

test_expect_success 'a hook of the settings says nothing when the plugin answers' '
	git -C p checkout -q -b issue/3-x &&
	git -C p issue-note "a note for the brief" >/dev/null &&
	(cd p && git issue-hook claude session-start </dev/null) >out &&
	test_grep "a note for the brief" out &&
	(cd p && HOME="$TRASH/p-home" git issue-hook claude session-start </dev/null) >out &&
	test_must_be_empty out &&
	(cd p && HOME="$TRASH/p-home" git issue-hook --plugin claude session-start </dev/null) >out &&
	test_grep "a note for the brief" out
'

test_expect_success '--agent codex and generic: AGENTS.md, Codex hooks, nothing of Claude Code' '
	git init -q c &&
	git -C c commit -q --allow-empty -m initial &&
	printf "Be brief.\n" >c/AGENTS.md &&
	cp c/AGENTS.md agents.orig &&
	(cd c && git issue-init --agent codex --agent generic) 2>err &&
	test_grep "^<!-- BEGIN git-issue -->$" c/AGENTS.md &&
	test_grep "git issue-note --tried" c/AGENTS.md &&
	test_path_is_missing c/.claude &&
	test_path_is_missing c/CLAUDE.md &&
	test_path_is_missing c/CLAUDE.local.md &&
	test_grep "git issue-hook codex session-start" c/.codex/hooks.json &&
	test_grep "git issue-hook post-checkout" c/.git/hooks/post-checkout &&
	test "$(git -C c config issue.agents)" = "codex generic" &&
	test_grep "^/AGENTS.md$" c/.git/info/exclude &&
	test_grep "^/.codex/hooks.json$" c/.git/info/exclude &&
	git -C c status --porcelain --untracked-files=all >st &&
	test_must_be_empty st &&
	(cd c && git issue-init --agent codex --uninstall) &&
	test_grep "BEGIN git-issue" c/AGENTS.md &&
	test_path_is_missing c/.codex &&
	test_path_is_file c/.git/hooks/post-checkout &&
	(cd c && git issue-init --agent generic --uninstall) &&
	test_cmp agents.orig c/AGENTS.md &&
	test_path_is_missing c/.git/hooks/post-checkout &&
	test_must_fail git -C c config issue.agents
'

test_expect_success 'AGENTS.md reaches every worktree; a committed one changes only here' '
	git -C c worktree add -q -b issue/4-x ../c-wt &&
	git -C c add AGENTS.md &&
	git -C c commit -q -m agents &&
	git -C c worktree add -q -b issue/5-y ../c-wt2 &&
	(cd c && git issue-init --agent codex) 2>err &&
	test_grep "BEGIN git-issue" c-wt/AGENTS.md &&
	git -C c-wt status --porcelain --untracked-files=all >st &&
	test_must_be_empty st &&
	test_cmp agents.orig c-wt2/AGENTS.md &&
	test_grep "c-wt2/AGENTS.md. is committed on this worktree" err &&
	test_grep "BEGIN git-issue" c/AGENTS.md &&
	(cd c && git issue-init --agent codex --uninstall) &&
	test_path_is_missing c-wt/AGENTS.md &&
	test_cmp agents.orig c/AGENTS.md
'

test_expect_success 'an unknown agent is a usage error' '
	(cd c && test_expect_code 129 git issue-init --agent vim) 2>err &&
	test_grep "unknown agent .vim." err
'

test_expect_success '--uninstall --agent claude: every worktree, every file, as it was' '
	(cd repo && git issue-init --agent claude --uninstall) 2>err &&
	for d in repo wt/stock wt/issue-7 wt/issue-9 wt/later
	do
		test_path_is_missing $d/.claude || return 1
	done &&
	test_cmp exclude.orig repo/.git/info/exclude &&
	test_path_is_missing repo/.git/hooks/post-checkout &&
	test_path_is_missing repo/CLAUDE.md &&
	for d in repo wt/stock wt/issue-7 wt/issue-9 wt/later
	do
		test_path_is_missing $d/CLAUDE.local.md || return 1
	done &&
	test_must_fail git -C repo config issue.agents &&
	test -f repo/.git/hooks/pre-push &&
	git -C wt/issue-7 status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success '--uninstall alone removes the agent parts too' '
	(cd repo && git issue-init --agent claude) &&
	(cd repo && git issue-init --uninstall) 2>err &&
	test_path_is_missing repo/.claude &&
	test_path_is_missing repo/.git/hooks/post-checkout &&
	test_path_is_missing repo/.git/hooks/pre-push &&
	test_cmp exclude.orig repo/.git/info/exclude
'

test_done
