#!/bin/sh

test_description='locks: a killed sync leaves none behind; a stale ref lock is named'

. ./test-lib.sh

test_expect_success 'setup: an origin whose upload-pack waits at a gate' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git issue-note -i 1 "first" >/dev/null &&
	git issue-sync --no-github >/dev/null &&
	mkfifo gate
'

# The sync blocks in its fetch, holding the sync lock, until the test
# opens the gate.
start_blocked_sync () {
	git config remote.origin.uploadpack "read x <\"$PWD/gate\"; git-upload-pack" &&
	{ git-issue-sync --no-github >blocked.out 2>blocked.err & } &&
	echo $! >blocked.pid &&
	for i in $(test_seq 1 200)
	do
		test -s .git/issue-sync/lock && break
		sleep 0.05
	done &&
	test -s .git/issue-sync/lock
}

open_gate () {
	git config --unset remote.origin.uploadpack
	echo >gate
}

test_expect_success 'a second sync while one runs: refused, and says by whom' '
	start_blocked_sync &&
	test_expect_code 1 git issue-sync --no-github >out 2>err &&
	open_gate &&
	wait $(cat blocked.pid) &&
	test_grep "another .git issue-sync. is running (process $(cat blocked.pid) " err &&
	echo "another sync is running; nothing done" >expect &&
	test_cmp expect out
'

test_expect_success 'a sync killed with -9 leaves no lock behind' '
	start_blocked_sync &&
	kill -9 $(cat blocked.pid) &&
	test_expect_code 137 wait $(cat blocked.pid) &&
	open_gate &&
	git issue-note -i 1 "after the kill" >/dev/null &&
	git issue-sync --no-github >out 2>err &&
	test_grep "notes pushed to .origin." out &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'a lock file left by an older version is taken over' '
	echo 99999999 >.git/issue-sync/lock &&
	git issue-sync --no-github >out 2>err &&
	test_path_is_missing .git/issue-sync/lock
'

test_expect_success 'a left-behind ref lock is named, with how to clear it' '
	>.git/refs/notes/issues.lock &&
	test_when_finished "rm -f .git/refs/notes/issues.lock" &&
	test_must_fail git issue-note -i 1 "locked out" 2>err &&
	test_grep "unable to update .refs/notes/issues.: .*/refs/notes/issues.lock. exists" err &&
	test_grep "remove that file and try again" err &&
	test_grep ! "kept moving" err
'

test_expect_success 'the sync names the ref lock too' '
	git -C origin.git update-ref refs/notes/issues $(
		git -C origin.git commit-tree -p refs/notes/issues \
			-m other "$(git -C origin.git rev-parse refs/notes/issues^{tree})") &&
	>.git/refs/notes/issues.lock &&
	test_when_finished "rm -f .git/refs/notes/issues.lock" &&
	test_expect_code 1 git issue-sync --no-github >out 2>err &&
	test_grep "refs/notes/issues.lock. exists" err &&
	test_grep ! "kept moving" err
'

test_done
