#!/bin/sh

test_description='git issue-sync: notes through the git remote'

. ./test-lib.sh

test_expect_success 'setup: a bare origin and two clones' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	git clone -q origin.git a &&
	git clone -q origin.git b
'

test_expect_success 'sync with no notes anywhere does nothing and succeeds' '
	(cd a && git issue-sync --no-github >../out) &&
	test_grep "up to date" out &&
	test_must_fail git -C origin.git rev-parse --verify -q refs/notes/issues
'

test_expect_success 'first sync pushes the notes ref' '
	(cd a && git issue-note -i 1 "from a" >/dev/null && git issue-sync --no-github >../out) &&
	test_grep "pushed" out &&
	git -C a rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'the remote notes land in refs/notes/remotes/<remote>/issues' '
	(cd b && git issue-sync --no-github >../out) &&
	git -C b rev-parse refs/notes/remotes/origin/issues >actual &&
	git -C origin.git rev-parse refs/notes/issues >expect &&
	test_cmp expect actual &&
	git -C b issue-show --json 1 >show.json &&
	jq -r ".records[0].text" show.json >actual &&
	echo "from a" >expect &&
	test_cmp expect actual
'

test_expect_success 'concurrent notes in both clones converge after two syncs each' '
	(cd a && git issue-note -i 1 "a again" >/dev/null && git issue-note -i 2 "a on two" >/dev/null) &&
	(cd b && git issue-note -i 1 "b on one" >/dev/null && git issue-note -i 3 "b on three" >/dev/null) &&
	(cd a && git issue-sync --no-github >/dev/null) &&
	(cd b && git issue-sync --no-github >/dev/null) &&
	(cd a && git issue-sync --no-github >/dev/null) &&
	(cd b && git issue-sync --no-github >/dev/null) &&
	git -C a rev-parse refs/notes/issues >ra &&
	git -C b rev-parse refs/notes/issues >rb &&
	git -C origin.git rev-parse refs/notes/issues >ro &&
	test_cmp ra rb &&
	test_cmp ra ro &&
	for n in 1 2 3
	do
		git -C a issue-show --json $n >a.json &&
		git -C b issue-show --json $n >b.json &&
		test_cmp a.json b.json || return 1
	done &&
	(cd a && test_record_count = 3 1)
'

test_expect_success 'the merged notes are what stock git reads' '
	git -C a notes --ref=issues show $(anchor 1) >note &&
	test_line_count = 3 note &&
	git -C a fsck --strict --no-dangling 2>err &&
	test_must_be_empty err
'

test_expect_success 'a rejected push is fetched, merged and pushed again' '
	(cd a && git issue-note -i 4 "a wins the race" >/dev/null) &&
	(cd b && git issue-note -i 4 "b loses the race" >/dev/null) &&
	(cd a && git issue-sync --no-github >/dev/null) &&
	(cd b && git issue-sync --no-github --json >../out.json) &&
	jq -r ".git.pushed, .ok" out.json >actual &&
	printf "true\ntrue\n" >expect &&
	test_cmp expect actual &&
	git -C origin.git notes --ref=issues show $(anchor 4) >note &&
	test_line_count = 2 note
'

test_expect_success 'a push rejected by a racing writer is retried' '
	(cd a && git issue-sync --no-github >/dev/null) &&
	(cd b && git issue-note -i 5 "b" >/dev/null) &&
	# the remote moves after b fetched: a pre-receive hook in origin
	# rejects the first push, as a lost race would
	write_script origin.git/hooks/pre-receive <<-\EOF &&
	if ! test -f reject-once.done
	then
		touch reject-once.done
		echo "simulated race" >&2
		exit 1
	fi
	EOF
	(cd b && git issue-sync --no-github --json >../out.json 2>../err) &&
	jq -r ".git.push_attempts" out.json >actual &&
	echo 2 >expect &&
	test_cmp expect actual &&
	rm origin.git/hooks/pre-receive
'

test_expect_success 'the inner push does not run our pre-push hook again' '
	write_script b/.git/hooks/pre-push <<-\EOF &&
	echo ran >>"$(git rev-parse --git-dir)/pre-push.ran"
	EOF
	(cd b && git issue-note -i 6 "x" >/dev/null && git issue-sync --no-github >/dev/null) &&
	test_path_is_missing b/.git/pre-push.ran &&
	rm b/.git/hooks/pre-push
'

test_expect_success '--dry-run says what would be pushed and changes nothing' '
	(cd b && git issue-note -i 7 "not yet" >/dev/null) &&
	git -C origin.git rev-parse refs/notes/issues >before &&
	(cd b && git issue-sync --no-github --dry-run >../out) &&
	test_grep "would be pushed" out &&
	git -C origin.git rev-parse refs/notes/issues >after &&
	test_cmp before after
'

test_expect_success 'a remote without notes is not an error' '
	git init -q --bare empty.git &&
	(cd b && git remote add empty ../empty.git && git issue-sync --no-github --remote empty >../out) &&
	test_grep "pushed to .empty." out &&
	git -C empty.git rev-parse --verify refs/notes/issues
'

test_expect_success 'issue.remote picks the remote; an unknown one is an error' '
	(cd b && git -c issue.remote=empty issue-sync --no-github --json >../out.json) &&
	jq -r .remote out.json >actual &&
	echo empty >expect &&
	test_cmp expect actual &&
	(cd b && test_expect_code 128 git issue-sync --no-github --remote nosuch 2>../err) &&
	test_grep "no such remote" err
'

test_expect_success 'an unreachable remote fails clearly, notes kept' '
	(cd b && git remote add gone ../does-not-exist.git &&
		test_expect_code 1 git issue-sync --no-github --remote gone 2>../err) &&
	test_grep "fetching notes from .gone. failed" err &&
	(cd b && test_record_count = 1 7)
'

test_expect_success 'a repository without remotes syncs nothing and says so' '
	git init -q lonely &&
	(cd lonely && git issue-note -i 1 x >/dev/null && git issue-sync --no-github >../out) &&
	test_grep "no remote" out
'

# the git commands a sync ran, by GIT_TRACE2_EVENT, one name a line
git_ran () {
	grep "\"event\":\"start\"" "$1" |
	sed -n "s/.*\"argv\":\[\"[^\"]*\",\(\"--git-dir\",\"[^\"]*\",\)\{0,1\}\"\([^\"]*\)\".*/\2/p"
}

test_expect_success 'a remote on this machine is fetched in the process, and is the same' '
	(cd b && git issue-note -i 7 "from b, local fetch" >/dev/null &&
		git issue-sync --no-github >/dev/null) &&
	(cd a && GIT_TRACE2_EVENT="$PWD/../trace" git issue-sync --no-github >../out) &&
	git_ran trace >ran &&
	test_grep ! "^fetch$" ran &&
	test_grep ! "upload-pack" ran &&
	git -C origin.git rev-parse refs/notes/issues >expect &&
	git -C a rev-parse refs/notes/remotes/origin/issues >actual &&
	test_cmp expect actual &&
	git -C a fsck --no-dangling >fsck 2>&1 &&
	test_must_be_empty fsck &&
	git -C a issue-show 7 >show &&
	test_grep "from b, local fetch" show
'

test_expect_success 'a URL rewrite, an upload-pack or a relative path: git fetches' '
	rm -f trace &&
	(cd a && GIT_TRACE2_EVENT="$PWD/../trace" git -c url.file:///nowhere/.insteadOf=/never/ \
		issue-sync --no-github >../out) &&
	git_ran trace >ran &&
	test_grep "^fetch$" ran &&
	rm -f trace &&
	git -C a config remote.origin.uploadpack git-upload-pack &&
	(cd a && GIT_TRACE2_EVENT="$PWD/../trace" git issue-sync --no-github >../out) &&
	git -C a config --unset remote.origin.uploadpack &&
	git_ran trace >ran &&
	test_grep "^fetch$" ran &&
	rm -f trace &&
	GIT_TRACE2_EVENT="$PWD/trace" git issue-sync --no-github >out &&
	git_ran trace >ran &&
	test_grep "^fetch$" ran
'

test_expect_success 'bad usage' '
	test_expect_code 129 git issue-sync extra 2>err &&
	test_expect_code 129 git issue-sync --hook post-commit a b 2>err &&
	test_grep "unknown hook" err
'

test_done
