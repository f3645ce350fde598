#!/bin/sh

test_description='git issue-init and the pre-push hook'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

test_expect_success 'setup: server, origin, a repository that mirrors' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo
'

test_expect_success 'init installs an executable hook and the fetch refspec' '
	git issue-init 2>err &&
	test_grep "installed the pre-push hook" err &&
	test -x .git/hooks/pre-push &&
	head -n 1 .git/hooks/pre-push >actual &&
	echo "#!/bin/sh" >expect &&
	test_cmp expect actual &&
	test_grep "^## BEGIN git-issue" .git/hooks/pre-push &&
	git config --get-all remote.origin.fetch >specs &&
	test_grep "^+refs/notes/issues\*:refs/notes/remotes/origin/issues\*$" specs
'

test_expect_success 'a plain git fetch works while the remote has no notes yet' '
	git fetch -q origin &&
	git issue-note -i 1 "first" >/dev/null &&
	git issue-sync --no-github >/dev/null &&
	git update-ref -d refs/notes/remotes/origin/issues &&
	git fetch -q origin &&
	git rev-parse refs/notes/issues >expect &&
	git rev-parse refs/notes/remotes/origin/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'after a --no-github sync the hook still mirrors' '
	gh_comments 1 | jq length >before &&
	git commit -q --allow-empty -m after-no-github &&
	git push -q origin main 2>err &&
	test_grep ! "nothing new" err &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "first" bodies
'

test_expect_success 'init is idempotent' '
	cp .git/hooks/pre-push hook.before &&
	git config --get-all remote.origin.fetch >specs.before &&
	git issue-init 2>err &&
	test_grep "already set up" err &&
	test_cmp hook.before .git/hooks/pre-push &&
	git config --get-all remote.origin.fetch >specs.after &&
	test_cmp specs.before specs.after
'

test_expect_success 'a push mirrors the notes and says one line' '
	git issue-note -i 1 "pushed by the hook" >/dev/null &&
	git commit -q --allow-empty -m second &&
	git push -q origin main 2>err &&
	grep "^git-issue:" err >lines &&
	test_line_count = 1 lines &&
	test_grep "1 record mirrored" lines &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "pushed by the hook" bodies &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'a push with nothing new makes no request at all' '
	gh_admin DELETE log >/dev/null &&
	git commit -q --allow-empty -m third &&
	git push -q origin main 2>err &&
	test_grep "git-issue: nothing new" err &&
	gh_admin GET log | jq .counts.total >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'nothing new is answered without git-issue-sync (no libcurl loaded)' '
	real=$(command -v git-issue-sync) &&
	mkdir -p shim &&
	write_script shim/git-issue-sync <<-EOF &&
	echo ran >>"$(pwd)/sync-ran"
	exec "$real" "\$@"
	EOF
	rm -f sync-ran &&
	git commit -q --allow-empty -m third-b &&
	PATH="$(pwd)/shim:$PATH" git push -q origin main 2>err &&
	test_grep "git-issue: nothing new" err &&
	test_path_is_missing sync-ran &&
	git issue-note -i 1 "after the fast path" >/dev/null &&
	git commit -q --allow-empty -m third-c &&
	PATH="$(pwd)/shim:$PATH" git push -q origin main 2>err &&
	test_grep "1 record mirrored" err &&
	test_line_count = 1 sync-ran &&
	rm -rf shim sync-ran
'

test_expect_success 'a hook block of an older version is brought up to date' '
	hook=.git/hooks/pre-push &&
	sed "s/git-issue-hook pre-push/git issue-sync --hook pre-push/" $hook >old &&
	cp old $hook &&
	git issue-init >out 2>&1 &&
	test_grep "updated the git-issue block" out &&
	test_grep "git-issue-hook pre-push" $hook &&
	test_grep ! "git issue-sync --hook pre-push \"" $hook
'

test_expect_success 'the push succeeds when GitHub is down' '
	git issue-note -i 1 "while down" >/dev/null &&
	git commit -q --allow-empty -m fourth &&
	git config issue.githubApi http://127.0.0.1:9 &&
	git push -q origin main 2>err &&
	test_grep "^git-issue: .*incomplete" err &&
	git rev-parse main >expect &&
	git -C origin.git rev-parse main >actual &&
	test_cmp expect actual
'

test_expect_success 'issue.syncStrict makes a failed sync fail the push' '
	git commit -q --allow-empty -m fifth &&
	test_must_fail git -c issue.syncStrict=true push -q origin main 2>err &&
	git rev-parse main^ >expect &&
	git -C origin.git rev-parse main >actual &&
	test_cmp expect actual &&
	setup_github_repo
'

test_expect_success 'the hook is bounded by issue.syncTimeout' '
	gh_admin POST faults "{\"type\":\"delay\",\"delay_ms\":20000,\"method\":\"GET\",\"path\":\"*\",\"count\":5}" >/dev/null &&
	git issue-note -i 1 "slow github" >/dev/null &&
	start=$(date +%s) &&
	git -c issue.syncTimeout=3 push -q origin main 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 8 &&
	test_grep "^git-issue: .*incomplete" err &&
	# the time kept for the push was enough to push the notes
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual &&
	gh_admin DELETE faults >/dev/null
'

test_expect_success 'after --no-verify, git issue-sync catches up' '
	git issue-sync >/dev/null 2>&1 &&
	git issue-note -i 1 "pushed without the hook" >/dev/null &&
	git commit -q --allow-empty -m sixth &&
	git push -q --no-verify origin main &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep ! "pushed without the hook" bodies &&
	git issue-sync >/dev/null &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "pushed without the hook" bodies
'

test_expect_success 'the hook says so, and lets the push through, without the tool' '
	git commit -q --allow-empty -m seventh &&
	(
		PATH=$(echo "$PATH" | tr ":" "\n" | grep -v "$GI_BUILD_DIR" | paste -sd:) &&
		export PATH &&
		git push -q origin main 2>err
	) &&
	test_grep "git-issue-sync is not installed" err
'

test_expect_success 'uninstall removes our hook file and refspec' '
	git issue-init --uninstall 2>err &&
	test_path_is_missing .git/hooks/pre-push &&
	git config --get-all remote.origin.fetch >specs &&
	test_grep ! "refs/notes" specs
'

test_expect_success 'an existing hook is chained: both run; uninstall restores it byte for byte' '
	printf "#!/bin/sh\necho user hook ran >>user-hook.log\n" >.git/hooks/pre-push &&
	chmod 755 .git/hooks/pre-push &&
	cp .git/hooks/pre-push original &&
	git issue-init 2>err &&
	test_grep "added the git-issue block" err &&
	git issue-note -i 1 "chained" >/dev/null &&
	git commit -q --allow-empty -m eighth &&
	git push -q origin main 2>err &&
	test_grep "user hook ran" user-hook.log &&
	test_grep "^git-issue: " err &&
	git issue-init --uninstall 2>/dev/null &&
	test_cmp original .git/hooks/pre-push &&
	test -x .git/hooks/pre-push
'

test_expect_success 'a hook without a final newline is restored exactly too' '
	printf "#!/bin/bash\ntrue" >.git/hooks/pre-push &&
	cp .git/hooks/pre-push original &&
	git issue-init 2>/dev/null &&
	git issue-init 2>/dev/null &&
	git issue-init --uninstall 2>/dev/null &&
	test_cmp original .git/hooks/pre-push
'

test_expect_success 'a hook of a bare shebang without a newline is restored, not removed' '
	printf "#!/bin/sh" >.git/hooks/pre-push &&
	cp .git/hooks/pre-push original &&
	git issue-init 2>/dev/null &&
	git issue-init --uninstall 2>/dev/null &&
	test_cmp original .git/hooks/pre-push
'

test_expect_success 'a hook that may exit early is left alone, with instructions' '
	printf "#!/bin/sh\nmake lint || exit 1\nexit 0\n" >.git/hooks/pre-push &&
	cp .git/hooks/pre-push original &&
	test_expect_code 1 git issue-init 2>err &&
	test_cmp original .git/hooks/pre-push &&
	test_grep "left alone" err &&
	test_grep "git issue-sync --hook pre-push" err
'

test_expect_success 'a hook that is not a shell script is left alone' '
	printf "#!/usr/bin/env python3\nprint(1)\n" >.git/hooks/pre-push &&
	cp .git/hooks/pre-push original &&
	test_expect_code 1 git issue-init 2>err &&
	test_cmp original .git/hooks/pre-push &&
	rm .git/hooks/pre-push
'

test_expect_success 'core.hooksPath is honoured (relative to the worktree)' '
	git config core.hooksPath githooks &&
	git issue-init 2>err &&
	test -x githooks/pre-push &&
	test_path_is_missing .git/hooks/pre-push &&
	git issue-init --uninstall 2>/dev/null &&
	test_path_is_missing githooks/pre-push &&
	git config --unset core.hooksPath
'

test_expect_success 'installs at once wait for each other: none fails' '
	git init -q lonely &&
	for i in $(test_seq 1 6)
	do
		{
			(cd lonely && git issue-init >../init$i.out 2>&1
			 echo $? >../init$i.rc) &
		} || return 1
	done &&
	wait &&
	echo 0 >expect &&
	for i in $(test_seq 1 6)
	do
		test_cmp expect init$i.rc || return 1
	done &&
	grep -c "^## BEGIN git-issue" lonely/.git/hooks/pre-push >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	test -x lonely/.git/hooks/pre-push &&
	test_path_is_missing lonely/.git/hooks/pre-push.lock
'

test_expect_success 'a lock a killed install left is named, with what to do' '
	>lonely/.git/hooks/pre-push.lock &&
	cp lonely/.git/hooks/pre-push before &&
	test_expect_code 128 git -C lonely issue-init 2>err &&
	test_grep "^error: unable to create .*/hooks/pre-push.lock.: File exists$" err &&
	test_grep "^hint: remove .*/hooks/pre-push.lock. and try again$" err &&
	test_cmp before lonely/.git/hooks/pre-push &&
	rm lonely/.git/hooks/pre-push.lock &&
	git -C lonely issue-init --uninstall 2>err &&
	test_path_is_missing lonely/.git/hooks/pre-push
'

test_expect_success 'bad usage' '
	test_expect_code 129 git issue-init --frob 2>err &&
	test_expect_code 129 git issue-init extra 2>err
'

gh_test_done
