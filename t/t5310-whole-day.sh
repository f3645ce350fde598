#!/bin/sh

test_description='the whole day: worktrees, agent hooks, merging and closing

A roadmap (#90) with three sub-issues, #97 blocked by #95; the Claude Code
integration installed with git issue-init --agent claude; two worktrees
with sessions of the real CLI (offline, t/agents); the advisor reading an
issue from the main checkout; a commit, uncommitted work, a rebase that
stops on a conflict, a squash merge, closing, the dependent becoming
ready, --switch to it, the next day'"'"'s session resumed, --prune-merged.
After every step each worktree'"'"'s row of the board is checked against
what is true and against stock git (git status --porcelain, git worktree
list, git rev-list, git branch --merged).'

. ./test-lib.sh
. "$TEST_DIR/lib-agents.sh"

agents_available || test_done

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# record N JSON-MEMBERS: a record of issue N in the clone, as sync
# imports them (issue snapshots, relations)
record () {
	(
		cd "$TRASH/repo" &&
		gi-test-tool append refs/notes/issues "$1" \
			"{\"time\":\"${3:-2026-12-01T09:00:00.000000Z}\",\"id\":\"r$1$(date +%N)\",$2}"
	)
}

# issue N TITLE [STATE TIME]: its snapshot, as sync imports it
issue () {
	record "$1" "\"kind\":\"issue\",\"title\":\"$2\",\"state\":\"${3:-open}\"" "$4"
}

# board: the board as JSON into board.json, and every row checked
# against git: the path is a worktree git lists, "dirty" is what git
# status --porcelain says, "ahead" what git rev-list --count says
board () {
	git -C "$TRASH/repo" issue-status --json >board.json &&
	git -C "$TRASH/repo" worktree list --porcelain >worktrees &&
	jq -r ".worktrees[] | select(.local and .state != \"missing\") |
		[.issue, .path, .dirty, .ahead, .base] | @tsv" board.json >rows &&
	tab=$(printf "\t") &&
	while IFS=$tab read -r n path dirty ahead base
	do
		grep -x "worktree $path" worktrees >/dev/null || {
			echo "#$n: $path is not in git worktree list" && return 1
		}
		git -C "$path" status --porcelain >porcelain &&
		if test -s porcelain
		then
			test "$dirty" = true
		else
			test "$dirty" = false
		fi || {
			echo "#$n: dirty $dirty, git status says:" &&
			cat porcelain &&
			return 1
		}
		test -z "$base" ||
		test "$(git -C "$path" rev-list --count "$base..HEAD")" = "$ahead" || {
			echo "#$n: ahead $ahead, git rev-list says otherwise" &&
			return 1
		}
	done <rows
}

# states "N STATE"...: the rows of the board, issue and state, sorted
states () {
	jq -r ".worktrees[] | \"\(.issue) \(.state)\"" board.json | sort >actual &&
	printf "%s\n" "$@" | sort >expect &&
	test_cmp expect actual
}

# row N KEY...: members of issue N's row
row () {
	n=$1 &&
	shift &&
	for k
	do
		jq -r ".worktrees[] | select(.issue == $n) | .$k" board.json || return 1
	done
}

# ready: the issues git issue-ready offers, one a line
ready () {
	git -C "$TRASH/repo" issue-ready --json >ready.json &&
	jq -r ".ready[].issue" ready.json
}

test_expect_success 'setup: origin, a clone, the roadmap, the integration' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		printf "%s\n" "# app" >README &&
		printf "%s\n" one two three >config &&
		git add . &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	issue 90 "Roadmap: sessions" &&
	issue 95 "Session server" &&
	issue 96 "Config loader" &&
	issue 97 "Login page" &&
	record 95 "\"kind\":\"link-state\",\"parent\":90" &&
	record 96 "\"kind\":\"link-state\",\"parent\":90" &&
	record 97 "\"kind\":\"link-state\",\"parent\":90,\"blocked_by\":[95]" &&
	git -C repo issue-init --agent claude >/dev/null 2>&1 &&
	test_path_is_file repo/.claude/settings.local.json &&
	git -C repo status --porcelain >porcelain &&
	test_must_be_empty porcelain &&
	git -C repo issue-show --tree 90 >tree &&
	test_grep "#97 Login page \[open\]  blocked by #95 (open)" tree &&
	ready >actual &&
	printf "95\n96\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'two worktrees: fresh, claimed, clean as git says' '
	git -C repo issue-worktree 95 >/dev/null 2>&1 &&
	git -C repo issue-worktree 96 >/dev/null 2>&1 &&
	test_path_is_file "$WT/issue-95/.claude/settings.local.json" &&
	board &&
	states "95 mid-task" "96 mid-task" &&
	row 95 dirty ahead claimed >actual &&
	printf "false\n0\ntrue\n" >expect &&
	test_cmp expect actual &&
	ready >actual &&
	test_must_be_empty actual
'

test_expect_success 'a session on #95 commits and records a lesson: not asked again' '
	cat >s95.json <<-\EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "echo serve >server.c && git add server.c && git commit -q -m \"session server\""}}},
	 {"tool_use": {"name": "Bash", "input": {"command": "git issue-note --tried \"a cookie per tab\" --failed \"tabs share cookies\" --solution \"one session per browser\""}}},
	 "done for today."]
	EOF
	start_model_server "$TRASH/s95.json" &&
	run_claude "$WT/issue-95" "work on issue 95" &&
	test "$(model_main_count)" = 3 &&
	model_request_text 1 >ctx &&
	test_grep "# Issue #95: Session server \[open\]" ctx &&
	board &&
	states "95 mid-task" "96 mid-task" &&
	row 95 dirty ahead files_changed lessons >actual &&
	printf "false\n1\n1\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a session on #96 leaves uncommitted work: asked once for lessons' '
	cat >s96.json <<-\EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "printf \"%s\\n\" one TWO three >config && echo wip >loader.c"}}},
	 "stopping here.",
	 {"tool_use": {"name": "Bash", "input": {"command": "git issue-note --tried \"yaml\" --failed \"no parser in the base image\""}}},
	 "recorded."]
	EOF
	start_model_server "$TRASH/s96.json" &&
	run_claude "$WT/issue-96" "work on issue 96" &&
	test "$(model_main_count)" = 4 &&
	model_request_text 3 >asked &&
	test_grep "Stop hook feedback" asked &&
	board &&
	states "95 mid-task" "96 mid-task" &&
	row 96 dirty uncommitted ahead lessons >actual &&
	printf "true\n2\n0\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the advisor reads #95 from the main checkout: nothing changes' '
	cat >advisor.json <<-\EOF &&
	[{"tool_use": {"name": "Bash", "input": {"command": "git issue-show 95"}}},
	 "It is about sessions."]
	EOF
	start_model_server "$TRASH/advisor.json" &&
	run_claude "$TRASH/repo" "what is #95 about?" &&
	test "$(model_main_count)" = 2 &&
	model_request_text 2 >answer &&
	test_grep "one session per browser" answer &&
	git -C repo status --porcelain >porcelain &&
	test_must_be_empty porcelain &&
	board &&
	states "95 mid-task" "96 mid-task"
'

test_expect_success 'a rebase that stops on a conflict: rebasing, as git says' '
	(
		cd seed &&
		git pull -q origin main &&
		printf "%s\n" one zwei three >config &&
		git commit -q -am "config: zwei" &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	(
		cd "$WT/issue-96" &&
		git add config loader.c &&
		git commit -q -m "config loader" &&
		! git rebase -q origin/main >"$TRASH/rebase.out" 2>&1
	) &&
	test_path_is_dir repo/.git/worktrees/issue-96/rebase-merge &&
	board &&
	states "95 mid-task" "96 rebasing" &&
	row 96 branch >actual &&
	echo issue/96-config-loader >expect &&
	test_cmp expect actual &&
	(
		cd "$WT/issue-96" &&
		printf "%s\n" one zwei three >config &&
		git add config &&
		GIT_EDITOR=true git rebase --continue >"$TRASH/rebase.out" 2>&1
	) &&
	board &&
	states "95 mid-task" "96 mid-task" &&
	row 96 dirty ahead >actual &&
	printf "false\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a squash merge of #95: merged, done, #97 ready' '
	git -C "$WT/issue-95" push -q origin HEAD 2>/dev/null &&
	board &&
	states "95 review" "96 mid-task" &&
	(
		cd seed &&
		git pull -q origin main &&
		git fetch -q origin issue/95-session-server &&
		git merge -q --squash FETCH_HEAD >/dev/null &&
		git commit -q -m "Session server (#95)" &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	board &&
	states "95 merged" "96 mid-task" &&
	row 95 squashed >actual &&
	echo true >expect &&
	test_cmp expect actual &&
	git -C repo branch --merged origin/main >by-git &&
	test_grep ! "issue/95" by-git &&
	git -C repo diff --quiet origin/main issue/95-session-server -- server.c &&
	git -C repo issue-status >text &&
	test_grep "^#95: merged into origin/main, still open: .git issue-close 95.$" text &&
	ready >actual &&
	echo 97 >expect &&
	test_cmp expect actual &&
	git -C repo issue-show 97 >show &&
	test_grep "^blocked by: #95 (merged)$" show
'

test_expect_success '--switch from #95 to #97: says how to close #95, the folder said' '
	git -C "$WT/issue-95" issue-worktree --switch 97 >out 2>err &&
	echo "$WT/issue-95" >expect &&
	test_cmp expect out &&
	test_grep "hint: issue #95 is merged into .origin/main. (squashed) but still open" err &&
	board &&
	states "96 mid-task" "97 mid-task" &&
	row 97 path dirty ahead >actual &&
	printf "%s\nfalse\n0\n" "$WT/issue-95" >expect &&
	test_cmp expect actual &&
	git -C repo issue-status >text &&
	# the sessions of the folder were of #95: none shown for #97
	test_grep "^#97  *mid-task  -  *issue-95\*" text &&
	test_grep ! "blocked by #95" text &&
	test_grep "^#97: in folder .issue-95., made for another issue$" text
'

test_expect_success 'closing #95: closed everywhere it is named' '
	# closed on GitHub, imported by a sync (git issue-close comes with
	# the issue life commands)
	issue 95 "Session server" closed 2026-12-02T09:00:00.000000Z &&
	git -C repo issue-show 97 >show &&
	test_grep "^blocked by: #95 (closed)$" show &&
	git -C repo issue-ready --json >ready.json &&
	jq -r ".merged | length" ready.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	git -C repo issue-show --tree 90 >tree &&
	test_grep "#95 Session server \[closed\]" tree
'

test_expect_success 'the next day: the session on #97 resumed, with its brief' '
	start_model_server "" &&
	run_claude "$WT/issue-95" "start on the login page" &&
	start_model_server "" &&
	run_claude "$WT/issue-95" "good morning" --continue &&
	test "$(model_main_count)" = 1 &&
	model_request_text 1 >ctx &&
	test_grep "# Issue #97: Login page \[open\]" ctx &&
	board &&
	states "96 mid-task" "97 mid-task"
'

test_expect_success '--prune-merged: #96 merged goes, #97 stays; git agrees' '
	(
		cd "$WT/issue-96" &&
		git pull -q --rebase origin main &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	board &&
	states "96 merged" "97 mid-task" &&
	git -C repo branch --merged origin/main >by-git &&
	test_grep "issue/96-config-loader" by-git &&
	git -C repo issue-worktree --prune-merged 2>err &&
	test_grep "^removed #96 " err &&
	test_grep "kept #97 .*no commits yet" err &&
	test_path_is_missing "$WT/issue-96" &&
	git -C repo worktree list --porcelain >worktrees &&
	test_grep ! "issue-96" worktrees &&
	board &&
	states "97 mid-task"
'

test_done
