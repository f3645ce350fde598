#!/bin/sh

test_description='git issue-status: a broken worktree, a nested repository'

. ./test-lib.sh

test_expect_success 'setup: two issue worktrees' '
	echo content >file &&
	git add file &&
	git commit -q -m "tracked content" &&
	git config issue.worktreeRoot wts &&
	git issue-worktree 1 >wt1 &&
	git issue-worktree 2 >wt2 &&
	git issue-worktree --release 1 &&
	git issue-worktree --release 2
'

test_expect_success 'an untracked nested repository is mid-task, as git status says' '
	git -C "$(cat wt1)" status --porcelain >before &&
	test_must_be_empty before &&
	git init -q "$(cat wt1)/sub" &&
	git -C "$(cat wt1)" status --porcelain >after &&
	test_grep "sub/" after &&
	git issue-status --json >st.json &&
	jq -r ".worktrees[] | select(.issue == 1) | .state" st.json >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	rm -rf "$(cat wt1)/sub"
'

test_expect_success 'one unreadable worktree does not blank the board' '
	echo "gitdir: /nowhere/at/all" >"$(cat wt2)/.git" &&
	git issue-status --json >st.json 2>err &&
	jq -r ".worktrees[] | \"\(.issue) \(.state)\"" st.json >actual &&
	printf "2 broken\n1 ready\n" >expect &&
	test_cmp expect actual &&
	git issue-status >st.txt 2>err &&
	test_grep "broken" st.txt
'

test_done
