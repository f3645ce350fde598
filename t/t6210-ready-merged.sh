#!/bin/sh

test_description='an issue whose branch landed is done before anyone closes it

#100 is squash-merged into origin/main: the ready queue stops offering it
and offers #97, which it blocked; show, --tree, ready -v and overlap name
each blocker and parent with its state; --switch says how to close it.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# iss N TITLE: an issue record, as sync imports it
iss () {
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"i$1\",\"kind\":\"issue\",\"title\":\"$2\",\"state\":\"open\",\"labels\":[]}"
}

# rel N JSON: a relations record of issue N
rel () {
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"l$1\",\"kind\":\"link-state\",$2}"
}

ready_issues () {
	git -C "$TRASH/repo" issue-ready --json >ready.json &&
	jq -r ".ready[].issue" ready.json
}

test_expect_success 'setup: a roadmap, #97 blocked by #100, #100 in a worktree' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		echo base >file &&
		git add file &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		iss 90 "Roadmap" &&
		iss 100 "Session server" &&
		iss 97 "Login page" &&
		rel 100 "\"parent\":90" &&
		rel 97 "\"parent\":90,\"blocked_by\":[100]"
	) &&
	git -C repo issue-worktree 100 >/dev/null 2>&1 &&
	echo server >"$WT/issue-100/server.c" &&
	git -C "$WT/issue-100" add server.c &&
	git -C "$WT/issue-100" commit -q -m "session server" &&
	git -C "$WT/issue-100" push -q origin HEAD 2>/dev/null
'

test_expect_success 'before the merge: #97 blocked by #100 (open)' '
	ready_issues >actual &&
	test_must_be_empty actual &&
	git -C repo issue-show 97 >out &&
	test_grep "^blocked by: #100 (open)$" out &&
	test_grep "^parent: #90 (open)$" out &&
	git -C repo issue-ready -v >out &&
	test_grep "^blocked: #97 by #100 (open)$" out &&
	git -C repo issue-show --tree 90 >tree &&
	test_grep "#97 Login page \[open\]  blocked by #100 (open)$" tree
'

test_expect_success 'squash-merged on origin: #100 is done, #97 is ready' '
	(
		cd seed &&
		git fetch -q origin issue/100-session-server &&
		git merge -q --squash FETCH_HEAD >/dev/null &&
		git commit -q -m "Session server (#100)" &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	git -C repo branch --merged origin/main >merged-by-git &&
	test_grep ! "issue/100" merged-by-git &&
	ready_issues >actual &&
	echo 97 >expect &&
	test_cmp expect actual &&
	jq -c ".merged[] | [.issue, .squashed, .base]" ready.json >actual &&
	echo "[100,true,\"origin/main\"]" >expect &&
	test_cmp expect actual &&
	jq -r ".not_ready.merged, .not_ready.blocked" ready.json >actual &&
	printf "1\n0\n" >expect &&
	test_cmp expect actual &&
	git -C repo issue-ready >out &&
	test_grep "^merged, not closed (done here): #100; .git issue-close <n>. closes one$" out
'

test_expect_success 'every view names the blocker as merged' '
	git -C repo issue-show 97 >out &&
	test_grep "^blocked by: #100 (merged)$" out &&
	git -C repo issue-show --json 97 >show.json &&
	jq -r ".blocked_by[0].state, .parent.state" show.json >actual &&
	printf "merged\nopen\n" >expect &&
	test_cmp expect actual &&
	git -C repo issue-show --tree 90 >tree &&
	test_grep "#100 Session server \[merged\]" tree &&
	test_grep "#97 Login page \[open\]$" tree &&
	git -C repo issue-show --tree --json 90 >tree.json &&
	jq -r ".issue.children[] | select(.issue == 97) | .blocked_by[0].state" tree.json >actual &&
	echo merged >expect &&
	test_cmp expect actual
'

test_expect_success '--switch from the merged worktree says how to close it' '
	git -C "$WT/issue-100" issue-worktree --switch 97 >out 2>err &&
	test_grep "hint: issue #100 is merged into .origin/main. (squashed) but still open: close it with .git issue-close 100." err &&
	ready_issues >actual &&
	test_must_be_empty actual
'

test_expect_success 'issue.closeOnMerge: leaving a merged worktree closes the issue' '
	git -C repo issue-show 100 >show &&
	test_grep "^issue #100: .* \[open\]" show &&
	git -C "$WT/issue-100" -c issue.closeOnMerge=true issue-worktree --switch 100 >out 2>err &&
	git -C "$WT/issue-100" -c issue.closeOnMerge=true issue-worktree --switch 97 >out 2>err &&
	test_grep "^closed issue #100: merged into .origin/main. (issue.closeOnMerge)" err &&
	test_grep ! "hint: issue #100" err &&
	git -C repo issue-show 100 >show &&
	test_grep "^issue #100: .* \[closed\]" show &&
	git -C repo issue-show --json 100 >show.json &&
	jq -r ".records[] | select(.kind == \"edit\") | .state_reason" show.json >actual &&
	echo completed >expect &&
	test_cmp expect actual
'

test_done
