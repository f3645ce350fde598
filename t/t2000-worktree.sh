#!/bin/sh

test_description='git issue-worktree: making and finding issue worktrees'

. ./test-lib.sh

# The clone under test lives in the trash directory, so its default
# worktree root (repo.worktrees, beside it) does too.
TRASH=$(pwd -P)

# issue_title N TITLE: an "issue" record, as sync would import it
issue_title () {
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2024-01-01T00:00:00.000000Z\",\"id\":\"$(printf %016d "$1")\",\"kind\":\"issue\",\"title\":\"$2\"}"
}

test_expect_success 'setup: an origin and a clone of it' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		echo one >file &&
		echo "SECRET=1" >.env.example &&
		git add . &&
		git commit -q -m one &&
		git push -q origin main
	) &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		issue_title 31 "Fix the X-Frame-Options header!" &&
		echo "SECRET=2" >.env
	)
'

test_expect_success 'makes issue/<n>-<slug> from origin/main and prints only the path' '
	(
		cd repo &&
		git issue-worktree 31 >out 2>err &&
		echo "$TRASH/repo.worktrees/issue-31" >expect &&
		test_cmp expect out &&
		git rev-parse --verify -q refs/heads/issue/31-fix-the-x-frame-options-header >/dev/null &&
		git rev-parse origin/main >expect &&
		git -C "$TRASH/repo.worktrees/issue-31" rev-parse HEAD >actual &&
		test_cmp expect actual &&
		test_grep "issue/31-fix-the-x-frame-options-header" err &&
		test_grep "origin/main" err &&
		test_grep ! "known nowhere" err
	)
'

test_expect_success 'a number known nowhere: a warning (offline), and the worktree' '
	git -C repo issue-worktree 9999 >out 2>err &&
	test_grep "warning: issue #9999 is known nowhere (no record here): probably a typo" err &&
	test_path_is_dir "$(cat out)" &&
	git -C repo issue-worktree --remove 9999 2>err
'

test_expect_success 'the branch is linked to the issue and has no upstream' '
	(
		cd repo &&
		echo 31 >expect &&
		git config branch.issue/31-fix-the-x-frame-options-header.issue >actual &&
		test_cmp expect actual &&
		test_must_fail git config branch.issue/31-fix-the-x-frame-options-header.merge &&
		cd "$TRASH/repo.worktrees/issue-31" &&
		git issue-note "from the worktree" >/dev/null &&
		test_record_count -ge 2 31
	)
'

test_expect_success 'stock git sees the worktree' '
	(
		cd repo &&
		git worktree list --porcelain >list &&
		test_grep "^worktree $TRASH/repo.worktrees/issue-31$" list &&
		test_grep "^branch refs/heads/issue/31-fix-the-x-frame-options-header$" list &&
		git -C "$TRASH/repo.worktrees/issue-31" status --porcelain >st &&
		test_must_be_empty st
	)
'

test_expect_success 'called again: same path, nothing changes' '
	(
		cd repo &&
		git rev-parse refs/notes/issues >notes.before &&
		git config --list --local >config.before &&
		git worktree list --porcelain >list.before &&
		git issue-worktree 31 >out 2>err &&
		echo "$TRASH/repo.worktrees/issue-31" >expect &&
		test_cmp expect out &&
		test_must_be_empty err &&
		git rev-parse refs/notes/issues >notes.after &&
		git config --list --local >config.after &&
		git worktree list --porcelain >list.after &&
		test_cmp notes.before notes.after &&
		test_cmp config.before config.after &&
		test_cmp list.before list.after
	)
'

test_expect_success 'cd "$(git issue-worktree N)" works' '
	(
		cd repo &&
		cd "$(git issue-worktree 31)" &&
		test "$(pwd -P)" = "$TRASH/repo.worktrees/issue-31"
	)
'

test_expect_success 'from a subdirectory' '
	mkdir -p repo/sub/dir &&
	(
		cd repo/sub/dir &&
		git issue-worktree 32 >out 2>/dev/null &&
		echo "$TRASH/repo.worktrees/issue-32" >expect &&
		test_cmp expect out
	) &&
	git -C repo rev-parse --verify -q refs/heads/issue/32 >/dev/null
'

test_expect_success 'from inside another worktree: same root, same base' '
	(
		cd repo.worktrees/issue-31 &&
		git commit -q --allow-empty -m "work on 31" &&
		git issue-worktree 33 >out 2>/dev/null &&
		echo "$TRASH/repo.worktrees/issue-33" >expect &&
		test_cmp expect out &&
		git rev-parse origin/main >expect &&
		git -C "$TRASH/repo.worktrees/issue-33" rev-parse HEAD >actual &&
		test_cmp expect actual
	)
'

test_expect_success 'a repository with no remote: the current branch is the base' '
	git init -q norem &&
	(
		cd norem &&
		git commit -q --allow-empty -m base &&
		git issue-worktree 1 >out 2>err &&
		echo "$TRASH/norem.worktrees/issue-1" >expect &&
		test_cmp expect out &&
		test_grep "from .main." err &&
		git rev-parse main >expect &&
		git rev-parse issue/1 >actual &&
		test_cmp expect actual
	)
'

test_expect_success 'a worktree that stock git made is found, not duplicated' '
	(
		cd repo &&
		git worktree add -q -b issue/40 "$TRASH/stock-40" &&
		git issue-worktree 40 >out &&
		echo "$TRASH/stock-40" >expect &&
		test_cmp expect out &&
		test_path_is_missing "$TRASH/repo.worktrees/issue-40"
	)
'

test_expect_success 'an existing branch named for the issue is reused' '
	(
		cd repo &&
		git branch issue/41-started-earlier origin/main &&
		git issue-worktree 41 >out 2>/dev/null &&
		git -C "$(cat out)" symbolic-ref HEAD >actual &&
		echo refs/heads/issue/41-started-earlier >expect &&
		test_cmp expect actual &&
		git branch --list "issue/41*" >branches &&
		test_line_count = 1 branches
	)
'

test_expect_success 'an existing branch linked in config is reused' '
	(
		cd repo &&
		git branch feature-x origin/main &&
		git config branch.feature-x.issue 42 &&
		git issue-worktree 42 >out 2>/dev/null &&
		git -C "$(cat out)" symbolic-ref HEAD >actual &&
		echo refs/heads/feature-x >expect &&
		test_cmp expect actual &&
		test_must_fail git rev-parse --verify -q refs/heads/issue/42
	)
'

test_expect_success '--branch, --path and --base' '
	(
		cd repo &&
		git tag older HEAD &&
		git issue-worktree 43 --branch my-43 --path ../custom-43 --base older >out 2>/dev/null &&
		echo "$TRASH/custom-43" >expect &&
		test_cmp expect out &&
		git -C ../custom-43 symbolic-ref HEAD >actual &&
		echo refs/heads/my-43 >expect &&
		test_cmp expect actual &&
		echo 43 >expect &&
		git config branch.my-43.issue >actual &&
		test_cmp expect actual
	)
'

test_expect_success 'issue.worktreeRoot, relative to the main worktree, even through git -c' '
	(
		cd repo &&
		git -c issue.worktreeRoot=../roots issue-worktree 44 >out 2>/dev/null &&
		echo "$TRASH/roots/issue-44" >expect &&
		test_cmp expect out
	)
'

test_expect_success 'issue.worktreeSetup runs in the new worktree; stdout stays the path' '
	(
		cd repo &&
		git config issue.worktreeSetup "cp \"\$GIT_ISSUE_MAIN_WORKTREE/.env\" . && echo \"set up \$GIT_ISSUE on \$GIT_ISSUE_BRANCH\" && git rev-parse --show-toplevel >toplevel" &&
		git issue-worktree 45 >out 2>err &&
		echo "$TRASH/repo.worktrees/issue-45" >expect &&
		test_cmp expect out &&
		test_grep "set up 45 on issue/45" err &&
		test_cmp .env "$TRASH/repo.worktrees/issue-45/.env" &&
		test_cmp expect "$TRASH/repo.worktrees/issue-45/toplevel"
	)
'

test_expect_success 'a failing setup command is reported and the worktree kept' '
	(
		cd repo &&
		test_expect_code 1 git -c issue.worktreeSetup="echo half done >half; exit 3" \
			issue-worktree 46 >out 2>err &&
		echo "$TRASH/repo.worktrees/issue-46" >expect &&
		test_cmp expect out &&
		test_grep "setup command" err &&
		test_grep "exit code 3" err &&
		test_grep "kept" err &&
		test_path_is_file "$TRASH/repo.worktrees/issue-46/half" &&
		git worktree list --porcelain >list &&
		test_grep "issue-46$" list &&
		git issue-worktree 46 >again &&
		test_cmp expect again
	)
'

test_expect_success '--no-setup skips the setup command' '
	(
		cd repo &&
		git issue-worktree --no-setup 47 >out 2>err &&
		test_path_is_missing "$(cat out)/.env" &&
		test_grep ! "set up" err &&
		git config --unset issue.worktreeSetup
	)
'

test_expect_success 'bad issue numbers: 128, nothing made' '
	(
		cd repo &&
		git worktree list >before &&
		for n in abc 0 -1 1.5 99999999999 ""
		do
			test_expect_code 128 git issue-worktree "$n" 2>err &&
			test_grep "invalid issue number" err || return 1
		done &&
		git worktree list >after &&
		test_cmp before after
	)
'

test_expect_success 'a base that does not exist: 128, no branch, no worktree' '
	(
		cd repo &&
		test_expect_code 128 git issue-worktree 50 --base no-such-rev 2>err &&
		test_grep "invalid base .no-such-rev." err &&
		test_must_fail git rev-parse --verify -q refs/heads/issue/50 &&
		test_path_is_missing "$TRASH/repo.worktrees/issue-50"
	)
'

test_expect_success 'a path that exists and is not a worktree: 128, untouched' '
	mkdir -p occupied &&
	echo mine >occupied/precious &&
	echo plain >a-file &&
	(
		cd repo &&
		test_expect_code 128 git issue-worktree 51 --path ../occupied 2>err &&
		test_grep "already exists and is not a worktree" err &&
		test_expect_code 128 git issue-worktree 51 --path ../a-file 2>err &&
		test_grep "already exists and is not a worktree" err &&
		test_must_fail git rev-parse --verify -q refs/heads/issue/51
	) &&
	echo mine >expect &&
	test_cmp expect occupied/precious &&
	echo plain >expect &&
	test_cmp expect a-file
'

test_expect_success 'a path that is another worktree is refused' '
	(
		cd repo &&
		test_expect_code 128 git issue-worktree 52 --path ../repo.worktrees/issue-32 2>err &&
		test_grep "already a worktree" err
	)
'

test_expect_success 'another issue'"'"'s branch is refused with --branch' '
	(
		cd repo &&
		test_expect_code 128 git issue-worktree 53 --branch issue/32 2>err &&
		test_grep "belongs to issue #32" err &&
		test_expect_code 128 git issue-worktree 53 --branch "bad..name" 2>err &&
		test_grep "not a valid branch name" err
	)
'

test_expect_success 'asking for a different path or branch than the existing worktree' '
	(
		cd repo &&
		test_expect_code 128 git issue-worktree 32 --path ../elsewhere 2>err &&
		test_grep "already has a worktree" err &&
		test_path_is_missing ../elsewhere
	)
'

test_expect_success 'stock git removes and prunes our worktrees' '
	(
		cd repo &&
		git worktree remove "$TRASH/repo.worktrees/issue-47" &&
		rm -rf "$TRASH/repo.worktrees/issue-44" "$TRASH/roots/issue-44" &&
		git worktree prune &&
		git worktree list --porcelain >list &&
		test_grep ! "issue-47" list &&
		test_grep ! "issue-44" list
	)
'

test_expect_success 'a worktree whose folder is gone is reported, not remade' '
	(
		cd repo &&
		rm -rf "$TRASH/repo.worktrees/issue-33" &&
		test_expect_code 128 git issue-worktree 33 2>err &&
		test_grep "is gone" err &&
		test_grep "issue-worktree --remove 33" err
	)
'

test_expect_success 'usage errors exit 129' '
	(
		cd repo &&
		test_expect_code 129 git issue-worktree 2>err &&
		test_grep "usage: git issue-worktree" err &&
		test_expect_code 129 git issue-worktree 1 2 &&
		test_expect_code 129 git issue-worktree --frobnicate 1 &&
		test_expect_code 129 git issue-worktree --force 1 &&
		test_expect_code 129 git issue-worktree --remove --prune-merged &&
		test_expect_code 129 git issue-worktree --remove --base main 1 &&
		test_expect_code 129 git issue-worktree --prune-merged 1
	)
'

test_expect_success '-h works outside a repository' '
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$TRASH &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 129 git issue-worktree -h >out &&
		test_grep "usage: git issue-worktree" out &&
		test_grep "issue-worktree --prune-merged" out &&
		test_expect_code 128 git issue-worktree 1 2>err &&
		test_grep "not a git repository" err
	)
'

test_done
