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

# Every typed key refuses garbage the same way, and the board says so for
# all of them, the agent hooks'"'"' keys too (the hooks keep stderr to
# themselves).
test_expect_success 'bad values of the typed keys: warned on the board, once each' '
	for k in syncTimeout threads hookMaxChars hookTimeout claimTimeout \
		maxWorkers mutationDelay requestTimeout syncMaxWait
	do
		git -c issue.$k=garbage issue-status >/dev/null 2>err &&
		test_grep "bad numeric config value .garbage. for .issue.$k.: expected a whole number from" err &&
		test_line_count = 1 err &&
		git -c issue.$k=-7 issue-status >/dev/null 2>err &&
		test_grep "out-of-range config value .-7. for .issue.$k." err ||
		return 1
	done &&
	for k in syncStrict askForLessons mirror
	do
		git -c issue.$k=garbage issue-status --json >/dev/null 2>err &&
		test_grep "bad boolean config value .garbage. for .issue.$k.: expected true or false" err ||
		return 1
	done &&
	git -c issue.threads=4 -c issue.syncTimeout=0 -c issue.hookMaxChars=9000 \
		-c issue.askForLessons=off issue-status >/dev/null 2>err &&
	test_must_be_empty err
'

test_expect_success 'the pre-push hook warns of a bad issue.syncTimeout and issue.syncStrict' '
	git -c issue.syncTimeout=soon -c issue.syncStrict=maybe \
		issue-sync --hook pre-push nowhere nowhere </dev/null >/dev/null 2>err &&
	test_grep "bad numeric config value .soon. for .issue.syncTimeout." err &&
	test_grep "bad boolean config value .maybe. for .issue.syncStrict." err
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
