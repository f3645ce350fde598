#!/bin/sh

test_description='git issue-status: every state the coordinator decides on

Claimed, notes only, uncommitted, ahead, rebasing, detached, pushed,
merged by fast-forward, merge commit, squash and rebase, released,
missing, reused; the stale mark and the order of the rows.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# state N: issue N's state(s) as --json says, one per row
state () {
	git -C "$TRASH/repo" issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == $1) | .state" status.json
}

# commit_in N FILE TEXT: a commit in issue N's worktree
commit_in () {
	echo "$3" >"$WT/issue-$1/$2" &&
	git -C "$WT/issue-$1" add "$2" &&
	git -C "$WT/issue-$1" commit -q -m "$1: $2"
}

# land: what the seed clone did lands on origin's main, and repo fetches it
land () {
	git -C seed push -q origin HEAD:main &&
	git -C repo fetch -q origin
}

test_expect_success 'setup: origin, a clone, a seed clone that lands work' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		printf "%s\n" one two three four five six >file &&
		git add file &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	)
'

test_expect_success 'claimed, fresh: mid-task (working on it), not ready' '
	state 1 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 1) | .claimed, .dirty, .ahead" status.json >actual &&
	printf "true\nfalse\n0\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'notes and lessons only: mid-task' '
	git -C "$WT/issue-2" issue-note "reading the code" >/dev/null &&
	git -C "$WT/issue-2" issue-note --tried x --failed y >/dev/null &&
	state 2 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'released, nothing unmerged: ready' '
	git -C "$WT/issue-1" issue-worktree --release 2>err &&
	test_grep "released issue #1" err &&
	state 1 >actual &&
	echo ready >expect &&
	test_cmp expect actual &&
	git -C repo issue-show --json 1 >show.json &&
	jq -r ".records[-1] | .kind, .text" show.json >actual &&
	printf "release\nreleased: released with --release\n" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git -C "$WT/issue-1" issue-worktree --release 2>err &&
	test_grep "no open claim on issue #1" err
'

test_expect_success 'uncommitted changes, released: still mid-task' '
	echo edit >>"$WT/issue-3/file" &&
	git -C repo issue-worktree --release 3 &&
	state 3 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'commits ahead, not pushed: mid-task' '
	commit_in 4 four "work" &&
	git -C repo issue-worktree --release 4 &&
	state 4 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'pushed, clean, not merged: review' '
	commit_in 5 five "work" &&
	git -C "$WT/issue-5" push -q -u origin HEAD &&
	state 5 >actual &&
	echo review >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 5) | .upstream" status.json >actual &&
	echo refs/remotes/origin/issue/5 >expect &&
	test_cmp expect actual &&
	echo more >>"$WT/issue-5/five" &&
	state 5 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-5" checkout -q five
'

test_expect_success 'pushed without an upstream, to the same name: review' '
	commit_in 6 six "work" &&
	git -C "$WT/issue-6" push -q origin HEAD:refs/heads/issue/6 &&
	git -C repo fetch -q origin &&
	state 6 >actual &&
	echo review >expect &&
	test_cmp expect actual
'

test_expect_success 'rebasing: shown with its issue; git issue-note works there' '
	commit_in 7 file "seven" &&
	(
		cd seed &&
		echo "not seven" >file &&
		git commit -q -a -m "main edits the same line"
	) &&
	land &&
	test_must_fail git -C "$WT/issue-7" rebase -q origin/main >/dev/null 2>&1 &&
	test_path_is_dir repo/.git/worktrees/issue-7/rebase-merge &&
	state 7 >actual &&
	echo rebasing >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 7) | .branch" status.json >actual &&
	echo issue/7 >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-7" issue-note "stuck in a rebase" >id &&
	git -C repo issue-show --json 7 >show.json &&
	jq -r ".records[] | select(.text == \"stuck in a rebase\") | .kind" show.json >actual &&
	echo note >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-7" rebase --abort
'

test_expect_success 'merging, cherry-picking, reverting, bisecting' '
	git -C "$WT/issue-8" merge -q --no-edit issue/7 >/dev/null 2>&1 &&
	git -C "$WT/issue-8" reset -q --hard HEAD~0 &&
	: >repo/.git/worktrees/issue-8/MERGE_HEAD &&
	state 8 >actual &&
	rm repo/.git/worktrees/issue-8/MERGE_HEAD &&
	git -C "$WT/issue-9" rev-parse HEAD >repo/.git/worktrees/issue-9/CHERRY_PICK_HEAD &&
	state 9 >>actual &&
	rm repo/.git/worktrees/issue-9/CHERRY_PICK_HEAD &&
	git -C "$WT/issue-9" rev-parse HEAD >repo/.git/worktrees/issue-9/REVERT_HEAD &&
	state 9 >>actual &&
	rm repo/.git/worktrees/issue-9/REVERT_HEAD &&
	git -C "$WT/issue-9" bisect start >/dev/null &&
	state 9 >>actual &&
	git -C "$WT/issue-9" bisect reset >/dev/null 2>&1 &&
	printf "merging\ncherry-picking\nreverting\nbisecting\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'detached HEAD: still its issue; git issue-note works there' '
	git -C "$WT/issue-9" switch -q --detach &&
	state 9 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-9" issue-note "on a detached head" >/dev/null &&
	git -C repo issue-show --json 9 >show.json &&
	jq -r ".records[-1].text" show.json >actual &&
	echo "on a detached head" >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-9" switch -q issue/9
'

test_expect_success 'merged: fast-forward' '
	(
		cd "$WT/issue-10" &&
		git pull -q --rebase origin main &&
		echo ten >ten &&
		git add ten &&
		git commit -q -m ten &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	state 10 >actual &&
	echo merged >expect &&
	test_cmp expect actual &&
	git -C repo issue-status >board &&
	test_grep "^#10  *merged " board &&
	test_grep "^#10: done, its claim still open" board
'

test_expect_success 'merged: with a merge commit' '
	commit_in 11 eleven "work" &&
	git -C "$WT/issue-11" push -q origin HEAD:refs/heads/pr-11 &&
	(
		cd seed &&
		git pull -q --no-rebase origin main &&
		git fetch -q origin pr-11 &&
		git merge -q --no-ff --no-edit FETCH_HEAD
	) &&
	land &&
	state 11 >actual &&
	echo merged >expect &&
	test_cmp expect actual
'

test_expect_success 'merged: squashed' '
	commit_in 12 twelve "a" &&
	commit_in 12 twelve-b "b" &&
	git -C "$WT/issue-12" push -q origin HEAD:refs/heads/pr-12 &&
	(
		cd seed &&
		git pull -q --no-rebase origin main &&
		git fetch -q origin pr-12 &&
		git merge -q --squash FETCH_HEAD >/dev/null &&
		git commit -q -m "squash of #12"
	) &&
	land &&
	git -C repo rev-list --count origin/main..issue/12 >ahead &&
	echo 2 >expect &&
	test_cmp expect ahead &&
	state 12 >actual &&
	echo merged >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 12) | .squashed" status.json >actual &&
	echo true >expect &&
	test_cmp expect actual
'

test_expect_success 'merged: rebased onto a base that moved' '
	commit_in 13 thirteen "work" &&
	git -C "$WT/issue-13" push -q origin HEAD:refs/heads/pr-13 &&
	(
		cd seed &&
		git pull -q --no-rebase origin main &&
		echo other >other-13 &&
		git add other-13 &&
		git commit -q -m "main moves on" &&
		git fetch -q origin pr-13 &&
		git cherry-pick FETCH_HEAD >/dev/null
	) &&
	land &&
	state 13 >actual &&
	echo merged >expect &&
	test_cmp expect actual
'

test_expect_success '--prune-merged removes squash- and rebase-merged worktrees, keeps their branches' '
	git -C repo issue-worktree --prune-merged 2>err &&
	test_grep "^removed #12 " err &&
	test_grep "^removed #13 " err &&
	test_path_is_missing "$WT/issue-12" &&
	git -C repo rev-parse --verify -q refs/heads/issue/12 >/dev/null &&
	test_grep "^removed #10 .*deleted" err &&
	test_grep "^kept #4 " err
'

test_expect_success 'missing: the folder is gone, git still records it' '
	rm -rf "$WT/issue-14" &&
	state 14 >actual &&
	echo missing >expect &&
	test_cmp expect actual
'

test_expect_success 'what needs attention comes first' '
	git -C repo issue-status --json >status.json &&
	jq -r "[.worktrees[].state] | unique_by(.) | length > 1" status.json >/dev/null &&
	jq -r ".worktrees[].state" status.json >states &&
	head -n 1 states >actual &&
	echo missing >expect &&
	test_cmp expect actual &&
	tail -n 1 states >actual &&
	echo ready >expect &&
	test_cmp expect actual
'

test_expect_success 'stale: mid-task without activity for issue.staleAfter' '
	git -C repo -c issue.staleAfter=1h issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 4) | .stale" status.json >actual &&
	echo false >expect &&
	test_cmp expect actual &&
	test_tick=$(($(date +%s) + 3 * 3600)) &&
	(
		cd "$WT/issue-4" &&
		GIT_COMMITTER_DATE="@$(($(date +%s) - 3 * 3600)) +0000" &&
		export GIT_COMMITTER_DATE &&
		git commit -q --amend --no-edit
	) &&
	git -C repo -c issue.staleAfter=1h issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 4) | .state, .stale" status.json >actual &&
	printf "mid-task\ntrue\n" >expect &&
	test_cmp expect actual &&
	git -C repo -c issue.staleAfter=1h issue-status >board &&
	test_grep "^#4  *stale " board &&
	git -C repo -c issue.staleAfter=1d issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 4) | .stale" status.json >actual &&
	echo false >expect &&
	test_cmp expect actual
'

# start_watch: the board every 0.2 s in the background, its pid in
# watch.pid (outside the test body: a "&" there would end its &&-chain).
# The command itself, not git: git in between would take the signal.
start_watch () {
	(cd repo && exec git-issue-status --watch=0.2) >watch.out 2>watch.err &
	echo $! >watch.pid
}

test_expect_success '--watch redraws the board until interrupted, writing nothing' '
	git -C repo rev-parse refs/notes/issues >notes.before &&
	start_watch &&
	pid=$(cat watch.pid) &&
	test_when_finished "kill $pid 2>/dev/null || :" &&
	n=0 &&
	while test $n -lt 300 && test "$(grep -c "^every 0.2s" watch.out)" -lt 2
	do
		sleep 0.1 && n=$((n + 1))
	done &&
	kill -INT $pid &&
	wait $pid &&
	test_grep "^#4 " watch.out &&
	test_grep "UTC" watch.out &&
	git -C repo rev-parse refs/notes/issues >notes.after &&
	test_cmp notes.before notes.after &&
	test_expect_code 129 git -C repo issue-status --watch=0 &&
	test_expect_code 129 git -C repo issue-status --watch=soon &&
	test_expect_code 129 git -C repo issue-status --watch --json
'

test_expect_success 'an empty board says so on stderr' '
	git init -q empty &&
	git -C empty commit -q --allow-empty -m x &&
	git -C empty issue-status >out 2>err &&
	test_must_be_empty out &&
	test_grep "no issue worktrees" err
'

test_done
