#!/bin/sh

test_description='git issue-overlap: which issues can run side by side'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees
SQ="'"

# edit N SED-SCRIPT FILE: change FILE in issue N's worktree and commit
edit () {
	sed -e "$2" "$WT/issue-$1/$3" >"$WT/issue-$1/$3.new" &&
	mv "$WT/issue-$1/$3.new" "$WT/issue-$1/$3" &&
	git -C "$WT/issue-$1" commit -q -a -m "issue $1"
}

# repo_state FILE: refs, HEADs, indexes, objects and worktree files
repo_state () {
	(
		cd "$TRASH/repo" &&
		git for-each-ref &&
		git worktree list --porcelain &&
		find .git -name index -o -name HEAD | LC_ALL=C sort | xargs cksum &&
		find .git/objects -type f | LC_ALL=C sort &&
		cd "$WT" &&
		find . -path "*/.git" -prune -o -type f -print | LC_ALL=C sort | xargs cksum
	) >"$1"
}

test_expect_success 'setup: four issues; 1 and 2 edit one file apart, 3 clashes with 1, 4 elsewhere' '
	printf "%s\n" one two three four five six seven eight >f &&
	echo other >g &&
	git add f g &&
	git commit -q -m base &&
	git clone -q . repo &&
	(
		cd repo &&
		for n in 1 2 3 4
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	) &&
	edit 1 "s/^one$/ONE/" f &&
	edit 2 "s/^eight$/EIGHT/" f &&
	edit 3 "s/^one$/uno/" f &&
	echo new >"$WT/issue-4/h" &&
	git -C "$WT/issue-4" add h &&
	edit 4 "s/other/OTHER/" g &&
	repo_state before
'

test_expect_success 'same file, no conflict: listed, exit 0' '
	git -C repo issue-overlap 1 2 >out &&
	printf "#1 and #2: no conflict\n\tf\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a conflict: named, exit 1' '
	test_expect_code 1 git -C repo issue-overlap 1 3 >out &&
	printf "#1 and #3: conflict\n\tf\t(conflict)\n" >expect &&
	test_cmp expect out
'

test_expect_success 'disjoint changes: exit 0' '
	git -C repo issue-overlap 3 4 >out &&
	echo "#3 and #4: disjoint" >expect &&
	test_cmp expect out
'

test_expect_success 'every pair of every issue branch by default' '
	test_expect_code 1 git -C repo issue-overlap >out &&
	grep "^#" out >pairs &&
	cat >expect <<-\EOF &&
	#1 and #2: no conflict
	#1 and #3: conflict
	#1 and #4: disjoint
	#2 and #3: no conflict
	#2 and #4: disjoint
	#3 and #4: disjoint
	EOF
	test_cmp expect pairs
'

test_expect_success 'JSON for programs' '
	test_expect_code 1 git -C repo issue-overlap --json >out.json &&
	jq -r ".version, .conflict, (.pairs | length)" out.json >actual &&
	printf "1\ntrue\n6\n" >expect &&
	test_cmp expect actual &&
	jq -c ".pairs[] | select(.issues == [1,3]) | [.conflict, .both_changed, .conflicts]" out.json >actual &&
	echo "[true,[\"f\"],[\"f\"]]" >expect &&
	test_cmp expect actual &&
	jq -c ".issues[] | select(.issue == 4) | [.branch, .base, .changed]" out.json >actual &&
	echo "[\"issue/4\",\"origin/main\",[\"g\",\"h\"]]" >expect &&
	test_cmp expect actual
'

test_expect_success 'nothing was written: refs, indexes, objects, files' '
	test_expect_code 1 git -C repo issue-overlap >/dev/null &&
	git -C repo issue-overlap 1 2 >/dev/null &&
	repo_state after &&
	test_cmp before after
'

test_expect_success 'a branch without a worktree counts; the base moves with --base' '
	git -C repo branch issue/5-later origin/main &&
	git -C repo issue-overlap --json 1 5 >out.json &&
	jq -c ".pairs[0] | [.issues, .conflict, .both_changed]" out.json >actual &&
	echo "[[1,5],false,[]]" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git -C repo issue-overlap --base issue/1 --json 1 3 >out.json &&
	jq -c ".issues[] | [.issue, .changed]" out.json >actual &&
	cat >expect <<-\EOF &&
	[1,[]]
	[3,["f"]]
	EOF
	test_cmp expect actual
'

test_expect_success 'bad input: not a number, no branch, no such base' '
	test_expect_code 128 git -C repo issue-overlap 1 abc 2>err &&
	test_grep "invalid issue number .abc." err &&
	test_expect_code 128 git -C repo issue-overlap 1 99 2>err &&
	test_grep "issue #99 has no branch" err &&
	test_expect_code 128 git -C repo issue-overlap --base nowhere 1 2 2>err &&
	test_grep "invalid base .nowhere." err
'

test_expect_success 'one issue: compared with every other active issue' '
	test_expect_code 1 git -C repo issue-overlap 1 >out &&
	grep "^#" out >pairs &&
	cat >expect <<-\EOF &&
	#1 and #2: no conflict
	#1 and #3: conflict
	#1 and #4: disjoint
	EOF
	test_cmp expect pairs
'

test_expect_success 'fewer than two active issues: nothing to compare, exit 0' '
	git init -q lonely &&
	(
		cd lonely &&
		git commit -q --allow-empty -m base &&
		git issue-worktree 1 >/dev/null 2>&1 &&
		git issue-overlap >out 2>err &&
		test_must_be_empty out &&
		test_grep "nothing to compare" err
	)
'

# The shape of libgit2's 28d0ba0ba5f4 and 87aaefe20b2e with base
# ba3a8304ab53: the two are disjoint, one of them conflicts with its base
# (named through branch.<b>.issueBase), and the exit is 1 for that.
test_expect_success 'a pair disjoint, a side conflicting with its base: the pair line says so' '
	git init -q shape &&
	(
		cd shape &&
		printf "%s\n" one two three >f &&
		echo g >g &&
		git add f g &&
		git commit -q -m base &&
		git branch b1 &&
		git branch b2 &&
		sed -e "s/one/ONE/" f >f.new && mv f.new f &&
		git commit -q -a -m "the base moves on" &&
		git branch base &&
		git checkout -q b1 &&
		sed -e "s/one/uno/" f >f.new && mv f.new f &&
		git commit -q -a -m one &&
		git checkout -q b2 &&
		echo G >g &&
		git commit -q -a -m two &&
		git checkout -q base &&
		git config branch.b1.issue 1 &&
		git config branch.b2.issue 2 &&
		git config branch.b1.issueBase base &&
		git config branch.b2.issueBase base &&
		test_expect_code 1 git issue-overlap 1 2 >out &&
		cat >expect <<-EOF &&
		#1 and #2: disjoint; #1 conflicts with its base (below)
		#1 and base: conflict (#1 is behind ${SQ}base${SQ} and would conflict there: rebase first)
		EOF
		printf "\tf\t(conflict)\n" >>expect &&
		test_cmp expect out
	)
'

test_expect_success 'unrelated histories: our own answer, as from an empty tree' '
	(
		cd shape &&
		git checkout -q --orphan b3 &&
		git rm -q -r -f . &&
		echo other >f &&
		echo h >h &&
		git add f h &&
		git commit -q -m orphan &&
		git checkout -q base &&
		git config branch.b3.issue 3 &&
		git config branch.b3.issueBase base &&
		test_expect_code 1 git issue-overlap 2 3 >out 2>err &&
		test_grep ! "fatal" err &&
		test_must_be_empty err &&
		test_grep "^#2 and #3: conflict (unrelated histories)" out &&
		test_expect_code 1 git issue-overlap --json 2 3 >out.json &&
		jq -c ".pairs[0] | [.unrelated, .conflicts]" out.json >actual &&
		echo "[true,[\"f\"]]" >expect &&
		test_cmp expect actual &&
		test_expect_code 1 env GIT_ISSUE_TEST_MERGE=libgit2 \
			git issue-overlap --json 2 3 >lg2.json &&
		jq -c ".pairs[0] | [.unrelated, .conflicts]" lg2.json >actual &&
		test_cmp expect actual
	)
'

test_expect_success 'usage: 129; -h outside a repository' '
	test_expect_code 129 git -C repo issue-overlap --frobnicate &&
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$TRASH &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 129 git issue-overlap -h >out &&
		test_grep "usage: git issue-overlap" out
	)
'

test_done
