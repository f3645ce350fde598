#!/bin/sh

test_description='claims: who works on an issue, seen from another clone'

. ./test-lib.sh

TRASH=$(pwd -P)

# gitb: git in clone b, as the agent working there
gitb () {
	env GIT_AUTHOR_NAME="B Agent" GIT_AUTHOR_EMAIL=b@example.com \
		git -C "$TRASH/b" "$@"
}

# sync_notes CLONE: what git issue-sync will do, by hand: fetch origin's
# notes, union-merge them into ours, push the result
sync_notes () {
	if git -C "$1" ls-remote --exit-code origin refs/notes/issues >/dev/null
	then
		git -C "$1" fetch -q origin +refs/notes/issues:refs/notes/theirs &&
		merged=$(cd "$1" && gi-test-tool merge refs/notes/issues refs/notes/theirs) &&
		git -C "$1" update-ref refs/notes/issues "$merged"
	fi &&
	git -C "$1" push -q origin refs/notes/issues
}

# exchange FROM TO: the notes of FROM reach TO
exchange () {
	sync_notes "$1" &&
	sync_notes "$2"
}

test_expect_success 'setup: an origin and two clones, as two machines' '
	git init -q --bare origin.git &&
	git push -q origin.git main &&
	git clone -q origin.git a &&
	git clone -q origin.git b
'

test_expect_success 'making a worktree claims the issue, with this clone id' '
	git -C a issue-worktree 7 >path-a 2>/dev/null &&
	git -C a config issue.cloneId >clone-a &&
	grep -E "^[0-9a-f]{16}$" clone-a &&
	git -C a issue-show --json 7 >show.json &&
	jq -r ".records[] | select(.kind == \"claim\") | .author, .clone, .worktree, .branch" show.json >actual &&
	cat >expect <<-EOF &&
	A U Thor <author@example.com>
	$(cat clone-a)
	$(cat path-a)
	issue/7
	EOF
	test_cmp expect actual
'

test_expect_success 'the clone id is stable and differs between clones' '
	git -C a issue-worktree 8 >/dev/null 2>&1 &&
	git -C a config issue.cloneId >again &&
	test_cmp clone-a again &&
	gitb issue-worktree 9 >/dev/null 2>&1 &&
	gitb config issue.cloneId >clone-b &&
	! test_cmp clone-a clone-b
'

test_expect_success 'another clone sees the claim and does not take the issue' '
	exchange a b &&
	test_expect_code 1 gitb issue-worktree 7 >out 2>err &&
	test_must_be_empty out &&
	test_grep "issue #7 is claimed by A U Thor <author@example.com> in clone $(cat clone-a) (worktree .issue-7.) since .* UTC" err &&
	test_grep "use --steal" err &&
	test_grep "^hint: git issue-worktree --steal 7$" err &&
	test_must_fail gitb rev-parse --verify -q refs/heads/issue/7 &&
	test_path_is_missing b.worktrees/issue-7
'

test_expect_success 'its status shows the claim' '
	gitb issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 7) | .state, .local, .claim.author, .claim.clone, .path" status.json >actual &&
	cat >expect <<-EOF &&
	claimed
	false
	A U Thor <author@example.com>
	$(cat clone-a)
	$(cat path-a)
	EOF
	test_cmp expect actual &&
	gitb issue-status >status &&
	test_grep "^#7  *claimed  *clone " status &&
	test_grep "^#7: claimed by A U Thor <author@example.com> in clone $(cat clone-a)$" status
'

test_expect_success '--steal takes it over: a release of the old claim, a new claim' '
	gitb issue-worktree --steal 7 >path-b 2>err &&
	test_grep "took issue #7 over from A U Thor" err &&
	echo "$TRASH/b.worktrees/issue-7" >expect &&
	test_cmp expect path-b &&
	gitb issue-show --json 7 >show.json &&
	jq -r ".records[] | select(.kind == \"release\") | .claim" show.json >released &&
	jq -r ".records[] | select(.kind == \"claim\" and .clone == \"$(cat clone-a)\") | .id" show.json >claim-a &&
	test_cmp claim-a released &&
	jq -r ".records[] | select(.kind == \"claim\" and .clone == \"$(cat clone-b)\") | .author" show.json >actual &&
	echo "B Agent <b@example.com>" >expect &&
	test_cmp expect actual
'

test_expect_success 'back in the first clone: its worktree, and the new claimant' '
	exchange b a &&
	git -C a issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 7) | \"\(.state) \(.local) \(.claim.author)\"" status.json >actual &&
	cat >expect <<-EOF &&
	claimed false B Agent <b@example.com>
	ready true null
	EOF
	test_cmp expect actual
'

test_expect_success 'removal releases; the other clone then sees no claim' '
	gitb issue-worktree --remove 7 2>/dev/null &&
	gitb issue-show --json 7 >show.json &&
	jq -r ".records[-1].kind" show.json >actual &&
	echo release >expect &&
	test_cmp expect actual &&
	exchange b a &&
	git -C a issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 7) | .state" status.json >actual &&
	echo ready >expect &&
	test_cmp expect actual
'

test_expect_success 'our own claim whose worktree went away: no ghost row, and no refusal' '
	rm -rf a.worktrees/issue-8 &&
	git -C a worktree prune &&
	git -C a issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 8) | .state, .local" status.json >actual &&
	test_must_be_empty actual &&
	git -C a issue-worktree 8 >out 2>err &&
	test_grep ! "claimed by" err &&
	git -C a issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 8) | .state" status.json >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'a release names its claim: clocks of clones do not matter' '
	git -C a issue-show --json 8 >show.json &&
	jq -r "[.records[] | select(.kind == \"release\")] | length" show.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	first=$(jq -r "[.records[] | select(.kind == \"claim\")][0].id" show.json) &&
	jq -r ".records[] | select(.kind == \"release\") | .claim" show.json >actual &&
	echo "$first" >expect &&
	test_cmp expect actual
'

test_expect_success 'with the fetch refspec of git issue-init, the pushed claim is taken in quietly' '
	git clone -q origin.git c &&
	git -C c issue-init >/dev/null 2>&1 &&
	git -C c config --get-all remote.origin.fetch >refspecs &&
	test_grep "refs/notes/remotes/origin/issues" refspecs &&
	git -C c fetch -q origin &&
	git -C c issue-worktree 77 >/dev/null 2>err &&
	test_grep ! "did not take it in" err &&
	git -C c merge-base --is-ancestor refs/notes/remotes/origin/issues \
		refs/notes/issues
'

test_done
