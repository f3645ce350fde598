#!/bin/sh

test_description='git issue-worktree --switch and --release; no ghost rows

A worktree moves on to the next issue once its work has landed; stock
git worktree remove and move, or a stock git switch to another issue,
leave no ghost behind; claims name no path; the author is who git says.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# rows: "issue state" of every row of the board
rows () {
	git -C "$TRASH/repo" issue-status --json >status.json &&
	jq -r ".worktrees[] | \"\(.issue) \(.state)\"" status.json | sort -n
}

test_expect_success 'setup: origin, a clone, worktrees for 98, 99, 50, 51' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		echo base >file &&
		git add file &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		for n in 98 99 50 51
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	)
'

test_expect_success 'the issue is recorded in the worktree admin dir' '
	echo 98 >expect &&
	test_cmp expect repo/.git/worktrees/issue-98/issue
'

test_expect_success 'claims name the worktree, and no path in their text' '
	git -C repo issue-show --json 98 >show.json &&
	jq -r ".records[] | select(.kind == \"claim\") | .text, .worktree_name" show.json >actual &&
	printf "claimed: working on it\nissue-98\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--switch refuses unmerged, unpushed work and keeps it' '
	(
		cd "$WT/issue-98" &&
		echo work >work &&
		git add work &&
		git commit -q -m "98: work" &&
		git rev-parse HEAD >"$TRASH/head98" &&
		test_expect_code 1 git issue-worktree --switch 120 >"$TRASH/out" 2>"$TRASH/err" &&
		test_must_be_empty "$TRASH/out" &&
		test_grep "not leaving issue #98: branch .issue/98. has 1 commit not merged" "$TRASH/err" &&
		test_grep "use --force" "$TRASH/err" &&
		git symbolic-ref HEAD >"$TRASH/actual" &&
		echo refs/heads/issue/98 >"$TRASH/expect" &&
		test_cmp "$TRASH/expect" "$TRASH/actual" &&
		git rev-parse HEAD >"$TRASH/actual" &&
		test_cmp "$TRASH/head98" "$TRASH/actual"
	) &&
	echo 98 >expect &&
	test_cmp expect repo/.git/worktrees/issue-98/issue &&
	test_must_fail git -C repo rev-parse --verify -q refs/heads/issue/120
'

test_expect_success '--switch refuses uncommitted work and keeps it' '
	(
		cd "$WT/issue-98" &&
		echo half >half &&
		test_expect_code 1 git issue-worktree --switch 120 2>"$TRASH/err" &&
		test_grep "untracked files" "$TRASH/err" &&
		test_path_is_file half &&
		rm half
	)
'

test_expect_success 'once the work has landed, --switch moves the worktree on' '
	git -C "$WT/issue-98" push -q origin HEAD:main &&
	git -C repo fetch -q origin &&
	(
		cd "$WT/issue-98" &&
		d=$(git issue-worktree --switch 120 2>"$TRASH/err") &&
		test "$d" = "$WT/issue-98" &&
		test_grep "switched .* to issue #120, on new branch .issue/120. from .origin/main." "$TRASH/err" &&
		git symbolic-ref HEAD >"$TRASH/actual" &&
		echo refs/heads/issue/120 >"$TRASH/expect" &&
		test_cmp "$TRASH/expect" "$TRASH/actual" &&
		git rev-parse origin/main >"$TRASH/expect" &&
		git rev-parse HEAD >"$TRASH/actual" &&
		test_cmp "$TRASH/expect" "$TRASH/actual"
	) &&
	echo 120 >expect &&
	test_cmp expect repo/.git/worktrees/issue-98/issue &&
	git -C repo issue-show --json 98 >show.json &&
	jq -r ".records[-1].kind" show.json >actual &&
	echo release >expect &&
	test_cmp expect actual &&
	git -C repo issue-show --json 120 >show.json &&
	jq -r ".records[-1] | .kind, .worktree_name" show.json >actual &&
	printf "claim\nissue-98\n" >expect &&
	test_cmp expect actual &&
	rows >actual &&
	cat >expect <<-\EOF &&
	50 mid-task
	51 mid-task
	99 mid-task
	120 mid-task
	EOF
	test_cmp expect actual
'

test_expect_success '--switch --force leaves unmerged work on its branch' '
	(
		cd "$WT/issue-99" &&
		echo work >w99 &&
		git add w99 &&
		git commit -q -m "99: work" &&
		git rev-parse HEAD >"$TRASH/head99" &&
		git issue-worktree --switch --force 130 >/dev/null 2>&1
	) &&
	git -C repo rev-parse issue/99 >actual &&
	test_cmp head99 actual &&
	rows >actual &&
	cat >expect <<-\EOF &&
	50 mid-task
	51 mid-task
	120 mid-task
	130 mid-task
	EOF
	test_cmp expect actual
'

test_expect_success '--switch to an issue that has a worktree: refused' '
	test_expect_code 128 git -C "$WT/issue-98" issue-worktree --switch 50 2>err &&
	test_grep "issue #50 already has a worktree" err
'

test_expect_success 'stock git worktree remove: no ghost row; --prune-merged releases' '
	git -C repo worktree remove "$WT/issue-50" &&
	rows >actual &&
	cat >expect <<-\EOF &&
	51 mid-task
	120 mid-task
	130 mid-task
	EOF
	test_cmp expect actual &&
	git -C repo issue-worktree --prune-merged 2>err &&
	test_grep "^released the claim on #50 .*: its worktree is gone" err &&
	git -C repo issue-show --json 50 >show.json &&
	jq -r ".records[-1].kind" show.json >actual &&
	echo release >expect &&
	test_cmp expect actual
'

test_expect_success 'stock git worktree move: the same row at the new path' '
	git -C repo worktree move "$WT/issue-51" "$TRASH/moved-51" &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 51) | \"\(.state) \(.path) \(.claimed)\"" status.json >actual &&
	echo "mid-task $TRASH/moved-51 true" >expect &&
	test_cmp expect actual &&
	jq -r "[.worktrees[] | select(.issue == 51)] | length" status.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'a stock git switch to another issue: shown as it is' '
	git -C "$TRASH/moved-51" switch -q -c issue/140 origin/main &&
	rows >actual &&
	cat >expect <<-\EOF &&
	120 mid-task
	130 mid-task
	140 ready
	EOF
	test_cmp expect actual
'

test_expect_success 'asking for it claims it; --remove of the old issue releases the claim left' '
	(
		cd repo &&
		git issue-worktree 140 >out &&
		echo "$TRASH/moved-51" >expect &&
		test_cmp expect out
	) &&
	rows >actual &&
	cat >expect <<-\EOF &&
	120 mid-task
	130 mid-task
	140 mid-task
	EOF
	test_cmp expect actual &&
	git -C repo issue-worktree --remove 51 2>err &&
	test_grep "released the claim on #51 .*holds issue #140 now" err &&
	test_expect_code 128 git -C repo issue-worktree --remove 51 2>err &&
	test_grep "issue #51 has no worktree" err
'

test_expect_success 'the main worktree on an issue branch: claimed, no issue file kept' '
	git -C repo checkout -q -b issue/150 origin/main &&
	git -C repo issue-worktree 150 >out &&
	echo "$TRASH/repo" >expect &&
	test_cmp expect out &&
	test_path_is_missing repo/.git/issue &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 150) | \"\(.main) \(.claimed)\"" status.json >actual &&
	echo "true true" >expect &&
	test_cmp expect actual &&
	git -C repo checkout -q main &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.main)" status.json >actual &&
	test_must_be_empty actual
'

test_expect_success 'per-worktree identity, as git var GIT_AUTHOR_IDENT says' '
	git -C repo config extensions.worktreeConfig true &&
	git -C "$WT/issue-98" config --worktree user.name "Agent C" &&
	git -C "$WT/issue-98" config --worktree user.email c@example.com &&
	(
		cd "$WT/issue-98" &&
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL &&
		git var GIT_AUTHOR_IDENT >"$TRASH/ident" &&
		sed "s/>.*/>/" "$TRASH/ident" >"$TRASH/expect" &&
		git issue-note "from agent C" >/dev/null &&
		git issue-show --json >"$TRASH/show.json" &&
		jq -r ".records[-1].author" "$TRASH/show.json" >"$TRASH/actual" &&
		test_cmp "$TRASH/expect" "$TRASH/actual" &&
		echo "Agent C <c@example.com>" >"$TRASH/expect" &&
		test_cmp "$TRASH/expect" "$TRASH/actual"
	) &&
	(
		cd repo &&
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL &&
		git config user.name "Main Clone" &&
		git config user.email main@example.com &&
		git issue-note -i 1 "from the main worktree" >/dev/null &&
		git issue-show --json 1 >show.json &&
		jq -r ".records[-1].author" show.json >actual &&
		echo "Main Clone <main@example.com>" >expect &&
		test_cmp expect actual &&
		git -c user.name="With Dash C" issue-note -i 1 "c" >/dev/null &&
		git issue-show --json 1 >show.json &&
		jq -r ".records[-1].author" show.json >actual &&
		echo "With Dash C <main@example.com>" >expect &&
		test_cmp expect actual &&
		GIT_AUTHOR_NAME="From Env" git issue-note -i 1 "e" >/dev/null &&
		git issue-show --json 1 >show.json &&
		jq -r ".records[-1].author" show.json >actual &&
		echo "From Env <main@example.com>" >expect &&
		test_cmp expect actual
	)
'

test_expect_success 'claimed in another clone: the cd idiom stops, stdout stays empty' '
	git clone -q origin.git other &&
	git -C repo push -q origin refs/notes/issues &&
	git -C other fetch -q origin refs/notes/issues:refs/notes/issues &&
	(
		cd other &&
		test_expect_code 1 git issue-worktree 130 >out 2>err &&
		test_must_be_empty out &&
		test_grep "issue #130 is claimed by" err &&
		test_grep "^hint: git issue-worktree --steal 130$" err &&
		! { d=$(git issue-worktree 130 2>/dev/null) && cd "$d"; } &&
		test "$(pwd -P)" = "$TRASH/other"
	)
'

test_done
