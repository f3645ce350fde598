#!/bin/sh

test_description='the pre-push hook never fails a push unless issue.syncStrict: a crash, a full disk'

. ./test-lib.sh

test_expect_success 'setup: an origin, the hook installed' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	git issue-init 2>/dev/null &&
	git issue-note -i 1 "first" >/dev/null
'

# A git-issue-sync that crashes, first on PATH: the hook runs it.
test_expect_success 'setup: a crashing git-issue-sync' '
	mkdir crash &&
	write_script crash/git-issue-sync <<-\EOF
	kill -SEGV $$
	EOF
'

test_expect_success 'a crash of the sync does not fail the push' '
	git commit -q --allow-empty -m c1 &&
	(PATH=$PWD/crash:$PATH && export PATH && git push origin main 2>err) &&
	test_grep "git-issue: git-issue-sync failed (exit status 139); the push goes on" err &&
	git rev-parse main >expect &&
	git -C origin.git rev-parse main >actual &&
	test_cmp expect actual
'

test_expect_success 'with issue.syncStrict a crash fails the push' '
	git -C origin.git rev-parse main >expect &&
	git commit -q --allow-empty -m c2 &&
	git config issue.syncStrict true &&
	test_when_finished "git config --unset issue.syncStrict" &&
	(PATH=$PWD/crash:$PATH && export PATH &&
	 test_must_fail git push origin main 2>err) &&
	git -C origin.git rev-parse main >actual &&
	test_cmp expect actual
'

# The cache directory on a 2 MB tmpfs, filled up: writing the state fails.
mounted=
if mkdir -p .git/issue-sync && mount -t tmpfs -o size=2m tmpfs .git/issue-sync 2>/dev/null
then
	mounted=yes
	# unmounted however the script ends, keeping the exit code that
	# sharness's die looks at
	trap 'code=$?; umount "$SHARNESS_TRASH_DIRECTORY/.git/issue-sync"; (exit $code); die' EXIT
	test_set_prereq TMPFS
else
	say "skipping the full-disk tests: mounting a tmpfs is not permitted here"
fi

test_expect_success TMPFS 'a full disk: the sync says so, the push goes on' '
	test_when_finished "rm -f .git/issue-sync/fill" &&
	{ dd if=/dev/zero of=.git/issue-sync/fill bs=64k 2>/dev/null; true; } &&
	git issue-note -i 1 "on a full disk" >/dev/null &&
	git commit -q --allow-empty -m c3 &&
	{ git push origin main 2>err || { cat err; false; }; } &&
	test_grep "unable to write .*state.json.*No space left on device" err &&
	test_grep "git-issue: .*(incomplete; see above)" err &&
	test_grep ! "failed (exit status" err &&
	git rev-parse main >expect &&
	git -C origin.git rev-parse main >actual &&
	test_cmp expect actual &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success TMPFS 'a full disk with issue.syncStrict fails the push with status 1' '
	test_when_finished "rm -f .git/issue-sync/fill" &&
	git config issue.syncStrict true &&
	test_when_finished "git config --unset issue.syncStrict" &&
	{ dd if=/dev/zero of=.git/issue-sync/fill bs=64k 2>/dev/null; true; } &&
	git issue-note -i 1 "strict on a full disk" >/dev/null &&
	test_expect_code 1 git issue-sync --hook pre-push origin origin.git 2>err &&
	test_grep "unable to write .*state.json" err
'

test_expect_success TMPFS 'once there is room again, the next sync writes the cache' '
	git issue-sync --no-github >/dev/null &&
	test -s .git/issue-sync/state.json
'

if test -n "$mounted"
then
	umount .git/issue-sync
	trap 'die' EXIT
fi

test_done
