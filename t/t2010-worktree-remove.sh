#!/bin/sh

test_description='git issue-worktree --remove and --prune-merged never lose work'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# commit_in N MSG: a commit in issue N's worktree
commit_in () {
	echo "$2" >"$WT/issue-$1/work-$1" &&
	git -C "$WT/issue-$1" add "work-$1" &&
	git -C "$WT/issue-$1" commit -q -m "$2"
}

# land N: merge issue N's branch into origin's main, as a pull request
# would, and fetch it
land () {
	git -C "$WT/issue-$1" fetch -q origin &&
	git -C "$WT/issue-$1" merge -q --no-edit origin/main &&
	git -C "$WT/issue-$1" push -q origin "HEAD:main" &&
	git -C "$TRASH/repo" fetch -q origin
}

# kinds N: the kinds of issue N's records, in order
kinds () {
	git -C "$TRASH/repo" issue-show --json "$1" >"$TRASH/show.json" &&
	jq -r ".records[].kind" "$TRASH/show.json"
}

test_expect_success 'setup: an origin, a clone, worktrees for 1..9' '
	git init -q --bare origin.git &&
	git push -q origin.git main &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		for n in 1 2 3 4 5 6 7 8 9
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	)
'

test_expect_success 'a clean, unused worktree goes, with its branch and a release' '
	(
		cd repo &&
		git issue-worktree --remove 1 2>err &&
		test_grep "removed worktree .$WT/issue-1." err &&
		test_grep "deleted branch .issue/1." err &&
		test_path_is_missing "$WT/issue-1" &&
		test_must_fail git rev-parse --verify -q refs/heads/issue/1 &&
		test_must_fail git config branch.issue/1.issue &&
		git worktree list --porcelain >list &&
		test_grep ! "issue-1$" list &&
		kinds 1 >actual &&
		printf "claim\nrelease\n" >expect &&
		test_cmp expect actual &&
		git issue-show --json 1 >show.json &&
		jq -r ".records[0].id" show.json >claim &&
		jq -r ".records[1].claim" show.json >released &&
		test_cmp claim released
	)
'

test_expect_success 'uncommitted changes: refused, the work is still there' '
	echo "half-done edit" >"$WT/issue-2/README" &&
	git -C "$WT/issue-2" add README &&
	echo "unstaged too" >>"$WT/issue-2/README" &&
	(
		cd repo &&
		test_expect_code 1 git issue-worktree --remove 2 2>err &&
		test_grep "uncommitted changes" err &&
		test_grep "use --force" err
	) &&
	printf "half-done edit\nunstaged too\n" >expect &&
	test_cmp expect "$WT/issue-2/README" &&
	git -C "$WT/issue-2" diff --cached --name-only >staged &&
	echo README >expect &&
	test_cmp expect staged &&
	kinds 2 >kinds &&
	test "$(tail -n 1 kinds)" = claim
'

test_expect_success 'untracked files: refused, the file is still there' '
	echo "new idea" >"$WT/issue-3/notes.txt" &&
	(
		cd repo &&
		test_expect_code 1 git issue-worktree --remove 3 2>err &&
		test_grep "untracked files" err
	) &&
	echo "new idea" >expect &&
	test_cmp expect "$WT/issue-3/notes.txt"
'

test_expect_success 'ignored files alone do not block removal' '
	echo "build/" >"$TRASH/repo/.git/info/exclude" &&
	mkdir "$WT/issue-9/build" &&
	echo obj >"$WT/issue-9/build/out.o" &&
	git -C repo issue-worktree --remove 9 2>err &&
	test_path_is_missing "$WT/issue-9"
'

test_expect_success 'commits neither merged nor pushed: refused, commits kept' '
	commit_in 4 "only here" &&
	git -C "$WT/issue-4" rev-parse HEAD >head.before &&
	(
		cd repo &&
		test_expect_code 1 git issue-worktree --remove 4 2>err &&
		test_grep "1 commit not merged into .origin/main. and not pushed" err
	) &&
	git -C "$WT/issue-4" rev-parse HEAD >head.after &&
	test_cmp head.before head.after &&
	test_path_is_file "$WT/issue-4/work-4"
'

test_expect_success 'pushed but not merged: removed, the branch kept' '
	git -C "$WT/issue-4" push -q origin HEAD:refs/heads/issue/4 &&
	git -C repo fetch -q origin &&
	(
		cd repo &&
		git issue-worktree --remove 4 2>err &&
		test_grep "removed worktree" err &&
		test_grep "branch .issue/4. kept: 1 commit not in .origin/main." err &&
		test_path_is_missing "$WT/issue-4" &&
		git rev-parse issue/4 >actual
	) &&
	test_cmp head.before repo/actual
'

test_expect_success 'merged into the base: removed with its branch' '
	commit_in 5 "landed" &&
	land 5 &&
	(
		cd repo &&
		git issue-worktree --remove 5 2>err &&
		test_grep "deleted branch .issue/5." err &&
		test_must_fail git rev-parse --verify -q refs/heads/issue/5
	)
'

test_expect_success '--force removes dirty work but keeps unmerged commits' '
	commit_in 6 "precious commit" &&
	git -C "$WT/issue-6" rev-parse HEAD >head6 &&
	echo scratch >"$WT/issue-6/scratch" &&
	(
		cd repo &&
		git issue-worktree --remove --force 6 2>err &&
		test_path_is_missing "$WT/issue-6" &&
		test_grep "branch .issue/6. kept" err &&
		git rev-parse issue/6 >actual
	) &&
	test_cmp head6 repo/actual
'

test_expect_success 'no worktree for the issue: 128' '
	(
		cd repo &&
		test_expect_code 128 git issue-worktree --remove 99 2>err &&
		test_grep "issue #99 has no worktree" err
	)
'

test_expect_success 'not the worktree you are in' '
	(
		cd "$WT/issue-7" &&
		test_expect_code 128 git issue-worktree --remove 7 2>"$TRASH/err" &&
		test_grep "you are in it" "$TRASH/err"
	) &&
	test_path_is_dir "$WT/issue-7"
'

test_expect_success 'a locked worktree is refused, even with --force' '
	git -C repo worktree lock --reason "on a usb disk" "$WT/issue-7" &&
	(
		cd repo &&
		test_expect_code 1 git issue-worktree --remove 7 2>err &&
		test_grep "locked" err &&
		test_expect_code 1 git issue-worktree --remove --force 7 2>err &&
		test_grep "locked" err
	) &&
	test_path_is_dir "$WT/issue-7" &&
	git -C repo worktree unlock "$WT/issue-7"
'

test_expect_success 'a worktree whose folder is gone can be removed' '
	rm -rf "$WT/issue-8" &&
	(
		cd repo &&
		git issue-worktree --remove 8 2>err &&
		git worktree list --porcelain >list &&
		test_grep ! "issue-8$" list &&
		git issue-worktree 8 >out 2>/dev/null &&
		echo "$WT/issue-8" >expect &&
		test_cmp expect out
	)
'

test_expect_success 'setup for --prune-merged: merged, merged but dirty, unmerged, unused' '
	(
		cd repo &&
		for n in 11 12 13 14
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	) &&
	commit_in 11 "eleven" && land 11 &&
	commit_in 12 "twelve" && land 12 &&
	echo "still editing" >>"$WT/issue-12/work-12" &&
	commit_in 13 "thirteen"
'

test_expect_success '--prune-merged --dry-run says what would go, removes nothing' '
	git -C repo worktree list --porcelain >before &&
	git -C repo issue-worktree --prune-merged --dry-run 2>err &&
	test_grep "would remove #11 .$WT/issue-11." err &&
	git -C repo worktree list --porcelain >after &&
	test_cmp before after
'

test_expect_success '--prune-merged removes only merged, clean worktrees and says why' '
	(
		cd repo &&
		git issue-worktree --prune-merged 2>err &&
		test_grep "^removed #11 .$WT/issue-11. (branch .issue/11., deleted)" err &&
		test_grep "^kept #12 .$WT/issue-12.: it has uncommitted changes" err &&
		test_grep "^kept #13 .$WT/issue-13.: 1 commit not in .origin/main." err &&
		test_grep "^kept #14 .$WT/issue-14.: no commits yet" err &&
		test_grep "^kept #7 .$WT/issue-7.: no commits yet" err
	) &&
	test_path_is_missing "$WT/issue-11" &&
	test_path_is_dir "$WT/issue-12" &&
	test_path_is_dir "$WT/issue-13" &&
	test_path_is_dir "$WT/issue-14" &&
	echo "still editing" >expect &&
	tail -n 1 "$WT/issue-12/work-12" >actual &&
	test_cmp expect actual
'

test_done
