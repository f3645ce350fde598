#!/bin/sh

test_description='issue.mirror=false: everything stays in git, nothing reaches GitHub'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

test_expect_success 'setup: server, origin, a repository that could mirror' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo
'

test_expect_success 'init says in one line what will be posted where' '
	git issue-init 2>err &&
	test_grep "^on push, notes, lessons and retractions go to .origin. and are posted as comments to GitHub issues of git-issue-test/sandbox at 127.0.0.1; .git config issue.mirror false. keeps them in git$" err
'

test_expect_success 'with issue.mirror=false init says nothing is posted' '
	git config issue.mirror false &&
	git issue-init 2>err &&
	test_grep "^issue.mirror is false: records go to .origin. only; nothing is posted to GitHub$" err
'

test_expect_success 'git issue-sync posts nothing and asks GitHub nothing' '
	git issue-note -i 1 "private" >/dev/null &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync --json >out.json 2>err &&
	jq -r ".ok, .github.skipped" out.json >actual &&
	printf "true\nissue.mirror is false\n" >expect &&
	test_cmp expect actual &&
	gh_admin GET log | jq ".requests | length" >n &&
	echo 0 >expect &&
	test_cmp expect n &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'the hook posts nothing either, and says so' '
	git issue-note -i 1 "private too" >/dev/null &&
	git commit -q --allow-empty -m two &&
	git push -q origin main 2>err &&
	test_grep "GitHub: issue.mirror is false" err &&
	gh_comments 1 | jq length >n &&
	echo 0 >expect &&
	test_cmp expect n &&
	gh_admin GET log | jq ".requests | length" >n &&
	test_cmp expect n
'

test_expect_success 'turned back on, the next sync mirrors what waited' '
	git config issue.mirror true &&
	git issue-sync >out 2>err &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "private too" bodies
'

gh_test_done
