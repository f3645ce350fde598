#!/bin/sh

test_description='claims decided by the remote: eight clones race for one
issue, exactly one wins, every clone agrees after a sync; offline claims
are confirmed or lost at the next sync; bounded in time; --steal recorded'

. ./test-lib.sh

TRASH=$(pwd -P)
CLONES="1 2 3 4 5 6 7 8"

# inc CLONE GIT-ARGS...: git in clone CLONE, as that clone's agent
inc () {
	c=$1 &&
	shift &&
	env GIT_AUTHOR_NAME="Agent $c" GIT_AUTHOR_EMAIL="agent$c@example.com" \
		git -C "$TRASH/c$c" "$@"
}

# holders CLONE N: the clone ids of the open claims on N that CLONE knows
holders () {
	inc "$1" issue-show --tree --json "$2" >holders.json &&
	jq -r ".issue.claimed_by[].clone" holders.json
}

# race N: every clone claims issue N at once, behind a barrier: each
# waits on a shared lock that the test holds until all are waiting
race () {
	rm -f ready.* rc.* &&
	exec 9>"$TRASH/barrier" &&
	flock -x 9 &&
	for c in $CLONES
	do
		(
			exec 9>&- &&
			touch "ready.$c" &&
			flock -s "$TRASH/barrier" true &&
			inc $c issue-worktree "$1" >"out.$c" 2>"err.$c"
			echo $? >"rc.$c"
		) &
	done &&
	while test $(ls ready.* 2>/dev/null | wc -l) -lt 8
	do
		sleep 0.05
	done &&
	flock -u 9 &&
	exec 9>&- &&
	wait &&
	cat rc.* | sort | uniq -c | sed "s/^ *//" >counts
}

test_expect_success 'setup: an origin and eight clones' '
	git init -q --bare origin.git &&
	git commit -q --allow-empty -m init &&
	git remote add origin origin.git &&
	git push -q origin main &&
	git issue-note --issue 1 "the first issue" >/dev/null &&
	git push -q origin refs/notes/issues &&
	for c in $CLONES
	do
		git clone -q origin.git c$c &&
		git -C c$c config issue.worktreeRoot wt &&
		git -C c$c fetch -q origin refs/notes/issues:refs/notes/issues ||
		return 1
	done
'

test_expect_success 'the race, ten times: one wins, seven name the winner, all agree after a sync' '
	for n in 101 102 103 104 105 106 107 108 109 110
	do
		race $n &&
		printf "1 0\n7 1\n" >expect &&
		test_cmp expect counts &&
		w=$(grep -l "^0$" rc.* | sed "s/rc\.//") &&
		wid=$(git -C c$w config issue.cloneId) &&
		test -d "c$w/wt/issue-$n" &&
		for c in $CLONES
		do
			test $c = $w && continue
			test_grep "not taking issue #$n: Agent $w <agent$w@example.com> in clone $wid" err.$c &&
			test_grep "claimed it first" err.$c &&
			test_path_is_missing "c$c/wt/issue-$n" || return 1
		done &&
		# the syncs at once too: the claim of a loser only reaches
		# the remote with its release
		for c in $CLONES
		do
			inc $c issue-sync --no-github >/dev/null 2>&1 &
		done &&
		wait &&
		for c in $CLONES
		do
			holders $c $n >actual &&
			echo "$wid" >expect &&
			test_cmp expect actual || return 1
		done || return 1
	done
'

test_expect_success 'a claim made while the remote is unreachable: unconfirmed, then confirmed' '
	url=$(git -C c1 config remote.origin.url) &&
	git -C c1 config remote.origin.url "$TRASH/nowhere.git" &&
	inc 1 issue-worktree 201 >out 2>err &&
	test_grep "claim on issue #201 is not confirmed" err &&
	inc 1 issue-status >board 2>/dev/null &&
	test_grep "^#201: claim not confirmed" board &&
	inc 1 issue-status --json >board.json &&
	jq -e ".worktrees[] | select(.issue == 201) | .claim_decision == \"unconfirmed\"" board.json &&
	git -C c1 config remote.origin.url "$url" &&
	inc 1 issue-sync --no-github >out 2>err &&
	test_grep "the claim on issue #201 is confirmed" err &&
	inc 1 issue-status --json >board.json &&
	jq -e ".worktrees[] | select(.issue == 201) | .claim_decision == \"confirmed\"" board.json &&
	inc 2 issue-sync --no-github >/dev/null 2>&1 &&
	holders 2 201 >actual &&
	git -C c1 config issue.cloneId >expect &&
	test_cmp expect actual
'

test_expect_success 'an offline claim loses to one that reached the remote first' '
	url=$(git -C c2 config remote.origin.url) &&
	git -C c2 config remote.origin.url "$TRASH/nowhere.git" &&
	inc 2 issue-worktree 202 >out 2>err &&
	test_grep "not confirmed" err &&
	inc 3 issue-worktree 202 >out 2>err &&
	test_grep ! "not confirmed" err &&
	git -C c2 config remote.origin.url "$url" &&
	inc 2 issue-sync --no-github >out 2>err &&
	test_grep "the claim on issue #202 lost to Agent 3 <agent3@example.com>" err &&
	test -d c2/wt/issue-202 &&
	inc 2 issue-status >board 2>/dev/null &&
	test_grep "^#202: claim lost to Agent 3" board &&
	inc 2 issue-show --json 202 >show.json &&
	jq -r ".records[] | select(.kind == \"release\") | .text" show.json >actual &&
	test_grep "lost the claim to Agent 3" actual &&
	holders 2 202 >actual &&
	git -C c3 config issue.cloneId >expect &&
	test_cmp expect actual &&
	# asking again for the worktree: it is given, the issue is not
	inc 2 issue-worktree 202 >out 2>err &&
	test_grep "issue #202 is claimed in another clone: this worktree is not claimed" err &&
	holders 2 202 >actual &&
	test_cmp expect actual &&
	inc 3 issue-sync --no-github >/dev/null 2>&1 &&
	holders 3 202 >actual &&
	test_cmp expect actual
'

test_expect_success 'a released claim frees the issue for git issue-ready everywhere after a sync' '
	inc 4 issue-ready --json >ready.json &&
	jq -e "[.ready[].issue] | index(202) == null" ready.json &&
	inc 3 issue-worktree --remove 202 >/dev/null 2>&1 &&
	inc 3 issue-sync --no-github >/dev/null 2>&1 &&
	inc 2 issue-worktree --remove --force 202 >/dev/null 2>&1 &&
	inc 2 issue-sync --no-github >/dev/null 2>&1 &&
	inc 4 issue-sync --no-github >/dev/null 2>&1 &&
	inc 4 issue-ready --json >ready.json &&
	jq -e "[.ready[].issue] | index(202) != null" ready.json
'

test_expect_success '--steal wins over the holder, and says so' '
	inc 5 issue-worktree 203 >/dev/null 2>&1 &&
	inc 6 issue-sync --no-github >/dev/null 2>&1 &&
	test_expect_code 1 inc 6 issue-worktree 203 >out 2>err &&
	inc 6 issue-worktree --steal 203 >out 2>err &&
	test_grep "took issue #203 over from Agent 5" err &&
	inc 6 issue-show --json 203 >show.json &&
	jq -e "[.records[] | select(.kind == \"claim\" and .steal == true)] | length == 1" show.json &&
	jq -r ".records[] | select(.kind == \"release\") | .text" show.json >actual &&
	test_grep "taken over with --steal" actual
'

test_expect_success 'issue.claimTimeout bounds a remote that does not answer' '
	git -C c7 config remote.origin.uploadpack "sleep 30; git-upload-pack" &&
	git -C c7 config issue.claimTimeout 1 &&
	start=$(date +%s) &&
	inc 7 issue-worktree 204 >out 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 10 &&
	test_grep "not confirmed" err &&
	git -C c7 config --unset remote.origin.uploadpack &&
	inc 7 issue-sync --no-github >out 2>err &&
	test_grep "the claim on issue #204 is confirmed" err
'

test_expect_success 'a hostile claims file is ignored, not trusted' '
	printf "x y z\n204 ../../x unconfirmed\n\033]0;t\007 a lost b\n" \
		>>"c8/.git/issue-sync/claims" &&
	inc 8 issue-status >/dev/null 2>&1 &&
	inc 8 issue-sync --no-github >/dev/null 2>&1
'

test_done
