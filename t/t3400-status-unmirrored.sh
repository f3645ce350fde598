#!/bin/sh

test_description='git issue-status shows what is not mirrored to GitHub yet'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

test_expect_success 'setup: server, origin, an issue on GitHub' '
	start_github &&
	gh_admin POST issues "{\"title\":\"first\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Second issue\"}" >/dev/null &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo
'

test_expect_success 'without a GitHub repository there is no count' '
	git init -q plain &&
	(
		cd plain &&
		git commit -q --allow-empty -m i &&
		git config issue.worktreeRoot wts &&
		wt=$(git issue-worktree 5) &&
		(cd "$wt" && git issue-note "local only" >/dev/null) &&
		git issue-status --json >../plain.json &&
		git issue-status >../plain.txt
	) &&
	jq -r ".worktrees[0].unmirrored" plain.json >actual &&
	echo null >expect &&
	test_cmp expect actual &&
	test_grep ! "not mirrored" plain.txt
'

test_expect_success 'git issue-status counts the records not yet mirrored' '
	git issue-sync >/dev/null 2>&1 &&
	git config issue.worktreeRoot wts &&
	wt=$(git issue-worktree 2) &&
	git issue-sync >/dev/null 2>&1 &&
	(cd "$wt" && git issue-note "one" >/dev/null && git issue-note "two" >/dev/null) &&
	git issue-status --json >st.json &&
	jq -r ".worktrees[] | select(.issue == 2) | .unmirrored" st.json >actual &&
	echo 2 >expect &&
	test_cmp expect actual &&
	git issue-status >st &&
	test_grep "^#2: 2 records not on GitHub yet$" st &&
	git issue-sync >/dev/null &&
	git issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 2) | .unmirrored" status.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'claims and releases never reach GitHub, nor a local path' '
	git config issue.worktreeRoot wts &&
	wt=$(git issue-worktree 1) &&
	(cd "$wt" && git issue-note "a note goes" >/dev/null) &&
	git issue-worktree --release 1 &&
	git issue-worktree 1 >/dev/null &&
	git issue-worktree --remove --force 1 2>/dev/null &&
	git issue-show --json 1 >show.json &&
	jq -r "[.records[] | select(.kind == \"claim\" or .kind == \"release\")] | length" show.json >count &&
	test "$(cat count)" -ge 4 &&
	git issue-sync >/dev/null 2>&1 &&
	gh_comments 1 >comments.json &&
	jq -r ".[].body" comments.json >bodies &&
	test_grep "a note goes" bodies &&
	test_grep ! "claimed" bodies &&
	test_grep ! "released" bodies &&
	test_grep ! -F "$(pwd)" bodies
'

gh_test_done
