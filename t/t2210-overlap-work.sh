#!/bin/sh

test_description='git issue-overlap: the work as it is, merged as git merges

Uncommitted work counts, each issue is merged into its base too, merged
and unused branches are left out, and every answer about renames and
modes is judged by stock git merge-tree --write-tree in the same test.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/wk.worktrees

# stock A B: "conflict" or "clean", as stock git merge-tree says
stock () {
	git merge-tree --write-tree --name-only "$@" >stock.out
	case $? in
	0) echo clean ;;
	1) echo conflict ;;
	*) echo "git merge-tree failed" >&2; return 1 ;;
	esac
}

# ours N M: "conflict" or "clean", as git issue-overlap says of the pair
ours () {
	git issue-overlap --json "$@" >ours.json
	rc=$?
	test $rc -le 1 || return 1
	jq -r ".pairs[0].conflict | if . then \"conflict\" else \"clean\" end" ours.json
}

# loose DIR: the number of object files in the repository DIR
loose () {
	find "$1/.git/objects" -type f | wc -l | tr -d " "
}

test_expect_success 'setup: a clone with worktrees, work not committed' '
	git init -q --bare origin.git &&
	git init -q seed &&
	(
		cd seed &&
		printf "%s\n" one two three four five six seven eight >f &&
		echo other >g &&
		git add f g &&
		git commit -q -m base &&
		git push -q ../origin.git HEAD:main
	) &&
	git clone -q origin.git wk &&
	(
		cd wk &&
		for n in 11 12 13 14 15 16 17
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	) &&
	sed -e "s/^one$/ONE/" "$WT/issue-11/f" >tmp && mv tmp "$WT/issue-11/f" &&
	sed -e "s/^one$/uno/" "$WT/issue-12/f" >tmp && mv tmp "$WT/issue-12/f" &&
	sed -e "s/^eight$/EIGHT/" "$WT/issue-13/f" >tmp && mv tmp "$WT/issue-13/f" &&
	git -C "$WT/issue-13" add f
'

test_expect_success 'uncommitted edits of the same lines conflict, as git says' '
	a=$(git -C "$WT/issue-11" stash create) &&
	b=$(git -C "$WT/issue-12" stash create) &&
	test "$(cd wk && stock "$a" "$b")" = conflict &&
	(cd wk && ours 11 12) >actual &&
	echo conflict >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git -C wk issue-overlap 11 12 >out &&
	printf "#11 (uncommitted) and #12 (uncommitted): conflict\n\tf\t(conflict)\n" >expect &&
	test_cmp expect out &&
	jq -c ".pairs[0].uncommitted, [.issues[].uncommitted]" wk/ours.json >actual &&
	printf "[11,12]\n[true,true]\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the same file, different hunks: no conflict (one side staged)' '
	a=$(git -C "$WT/issue-11" stash create) &&
	b=$(git -C "$WT/issue-13" stash create) &&
	test "$(cd wk && stock "$a" "$b")" = clean &&
	git -C wk issue-overlap 11 13 >out &&
	printf "#11 (uncommitted) and #13 (uncommitted): no conflict\n\tf\n" >expect &&
	test_cmp expect out
'

test_expect_success 'untracked files count: the same new path on both sides' '
	echo mine >"$WT/issue-14/new" &&
	echo yours >"$WT/issue-15/new" &&
	test_expect_code 1 git -C wk issue-overlap 14 15 >out &&
	printf "#14 (uncommitted) and #15 (uncommitted): conflict\n\tnew\t(conflict)\n" >expect &&
	test_cmp expect out &&
	rm "$WT/issue-14/new" "$WT/issue-15/new"
'

test_expect_success 'the merges cache never changes the answer' '
	rm -f wk/.git/issue-cache/merges &&
	test_expect_code 1 git -C wk issue-overlap --json 11 12 >cold.json &&
	test_path_is_file wk/.git/issue-cache/merges &&
	test_expect_code 1 git -C wk issue-overlap --json 11 12 >warm.json &&
	test_cmp cold.json warm.json &&
	printf "GIIMERGEbroken" >wk/.git/issue-cache/merges &&
	test_expect_code 1 git -C wk issue-overlap --json 11 12 >corrupt.json &&
	test_cmp cold.json corrupt.json &&
	# other work in progress is another commit: merged again
	sed -e "s/^uno$/one/" -e "s/^seven$/siete/" "$WT/issue-12/f" >tmp &&
	mv tmp "$WT/issue-12/f" &&
	git -C wk issue-overlap 11 12 >out &&
	test_grep "no conflict" out &&
	sed -e "s/^one$/uno/" -e "s/^siete$/seven/" "$WT/issue-12/f" >tmp &&
	mv tmp "$WT/issue-12/f" &&
	test_expect_code 1 git -C wk issue-overlap --json 11 12 >again.json &&
	test_cmp cold.json again.json &&
	# another git (a shim first on PATH) does not trust its merges
	mkdir -p shim &&
	printf "#!/bin/sh\nexec %s \"\$@\"\n" "$(command -v git)" >shim/git &&
	chmod +x shim/git &&
	test_expect_code 1 env PATH="$PWD/shim:$PATH" \
		git -C wk issue-overlap --json 11 12 >shim.json &&
	test_cmp cold.json shim.json
'

# trusted git ...: runs with the changes of the last 100 ms trusted by
# the worktrees cache (the tests make them faster than that)
trusted () {
	env GIT_ISSUE_TEST_TRUST_RECENT=1 "$@"
}

# board FILE: what git issue-status says of each worktree's work
board () {
	trusted git -C wk issue-status --json >board.json &&
	jq -c "[.worktrees[] | select(.issue) | [.issue, .state, .dirty, .uncommitted]]" \
		board.json >"$1"
}

test_expect_success 'the worktrees cache: the same work read once, every change seen' '
	cp "$WT/issue-12/f" f.12 &&
	rm -f wk/.git/issue-cache/worktrees &&
	test_expect_code 1 trusted git -C wk issue-overlap --json 11 12 >cold.json &&
	test_path_is_file wk/.git/issue-cache/worktrees &&
	test_expect_code 1 trusted git -C wk issue-overlap --json 11 12 >warm.json &&
	test_cmp cold.json warm.json &&
	board board.cold &&
	board board.warm &&
	test_cmp board.cold board.warm &&
	# a file edited: seen by the overlap and the board
	sed -e "s/^uno$/one/" "$WT/issue-12/f" >tmp &&
	cat tmp >"$WT/issue-12/f" && echo nine >>"$WT/issue-12/f" &&
	trusted git -C wk issue-overlap 11 12 >out &&
	test_grep "no conflict" out &&
	# the index changed: staged, the same work
	git -C "$WT/issue-12" add f &&
	trusted git -C wk issue-overlap 11 12 >out &&
	test_grep "no conflict" out &&
	# HEAD moved: committed, the worktree clean
	git -C "$WT/issue-12" commit -q -m "nine" &&
	board board.after &&
	test_grep "\[12,\"mid-task\",false,0\]" board.after &&
	trusted git -C wk issue-overlap 11 12 >out &&
	test_grep "(uncommitted) and #12: no conflict" out &&
	# back to where it was: the answers of before
	git -C "$WT/issue-12" reset -q --soft HEAD^ &&
	git -C "$WT/issue-12" reset -q &&
	cp f.12 "$WT/issue-12/f" &&
	test_expect_code 1 trusted git -C wk issue-overlap --json 11 12 >again.json &&
	test_cmp cold.json again.json &&
	board board.again &&
	test_cmp board.cold board.again &&
	rm -f wk/.git/issue-cache/worktrees &&
	board board.uncached &&
	test_cmp board.cold board.uncached
'

test_expect_success 'nothing is written: no loose object, index, ref or file' '
	(
		cd wk &&
		git for-each-ref &&
		find .git -name index | LC_ALL=C sort | xargs cksum &&
		find .git/worktrees -type f | LC_ALL=C sort &&
		find "$WT" -path "*/.git" -prune -o -type f -print | LC_ALL=C sort | xargs -d "\n" stat -c "%n %s %Y"
	) >before &&
	loose wk >loose.before &&
	mkdir overlap-tmp &&
	test_expect_code 1 env TMPDIR="$PWD/overlap-tmp" \
		git -C wk issue-overlap >/dev/null &&
	loose wk >loose.after &&
	test_cmp loose.before loose.after &&
	(
		cd wk &&
		git for-each-ref &&
		find .git -name index | LC_ALL=C sort | xargs cksum &&
		find .git/worktrees -type f | LC_ALL=C sort &&
		find "$WT" -path "*/.git" -prune -o -type f -print | LC_ALL=C sort | xargs -d "\n" stat -c "%n %s %Y"
	) >after &&
	test_cmp before after &&
	ls -A overlap-tmp >left &&
	test_must_be_empty left
'

test_expect_success 'behind its base and conflicting there: said, with the advice' '
	(
		cd "$WT/issue-14" &&
		sed -e "s/^four$/FOUR/" f >tmp && mv tmp f &&
		git commit -q -a -m "14: four"
	) &&
	(
		cd seed &&
		sed -e "s/^four$/vier/" f >tmp && mv tmp f &&
		git commit -q -a -m "main: four" &&
		git push -q ../origin.git HEAD:main
	) &&
	git -C wk fetch -q origin &&
	test "$(cd wk && stock issue/14 origin/main)" = conflict &&
	test_expect_code 1 git -C wk issue-overlap --json 14 11 >out.json &&
	jq -c ".issues[] | select(.issue == 14) | [.behind, .base_conflict, .base_conflicts]" out.json >actual &&
	echo "[true,true,[\"f\"]]" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git -C wk issue-overlap 14 11 >out &&
	test_grep "^#14 and origin/main: conflict (#14 is behind .origin/main. and would conflict there: rebase first)$" out
'

test_expect_success 'merged and unused branches are not compared' '
	(
		cd "$WT/issue-16" &&
		git pull -q --rebase origin main &&
		echo sixteen >sixteen &&
		git add sixteen &&
		git commit -q -m sixteen &&
		git push -q origin HEAD:main
	) &&
	git -C wk fetch -q origin &&
	test_expect_code 1 git -C wk issue-overlap --json >out.json &&
	jq -c "[.issues[].issue]" out.json >actual &&
	echo "[11,12,13,14]" >expect &&
	test_cmp expect actual
'

test_expect_success 'one issue is compared with every other active one' '
	test_expect_code 1 git -C wk issue-overlap 13 >out &&
	grep "^#[0-9]* .*and #" out >pairs &&
	cat >expect <<-\EOF &&
	#11 (uncommitted) and #13 (uncommitted): no conflict
	#12 (uncommitted) and #13 (uncommitted): no conflict
	#13 (uncommitted) and #14: no conflict; #14 conflicts with its base (below)
	EOF
	test_cmp expect pairs
'

test_expect_success 'the libgit2 fallback (git before 2.38) answers the plain cases' '
	GIT_ISSUE_TEST_MERGE=libgit2 && export GIT_ISSUE_TEST_MERGE &&
	(cd wk && ours 11 12) >actual &&
	unset GIT_ISSUE_TEST_MERGE &&
	echo conflict >expect &&
	test_cmp expect actual &&
	jq -r .engine wk/ours.json >actual &&
	echo libgit2 >expect &&
	test_cmp expect actual &&
	(cd wk && ours 11 12 && jq -r .engine ours.json) >actual &&
	printf "conflict\ngit merge-tree\n" >expect &&
	test_cmp expect actual
'

# The cases where libgit2's merge and git's disagree, on branches of a
# repository of their own; each answer must be stock git's.
test_expect_success 'setup: renames and modes, as branches' '
	git init -q mt &&
	(
		cd mt &&
		mkdir big dir &&
		i=0 &&
		while test $i -lt 1200
		do
			printf "file %d\nline two of %d\nthree\nfour\nfive\nsix\n" $i $i >big/f$i || return 1
			i=$((i + 1))
		done &&
		printf "%s\n" a b c d e f g h i j >old.txt &&
		printf "%s\n" 1 2 3 >dir/a &&
		printf "%s\n" 4 5 6 >dir/b &&
		git add . &&
		git commit -q -m base &&
		git checkout -q -b issue/1 main &&
		mkdir moved &&
		i=0 &&
		while test $i -lt 1200
		do
			# a new name and a line more: found by similarity only
			mv big/f$i moved/g$i &&
			echo seven >>moved/g$i || return 1
			i=$((i + 1))
		done &&
		git add -A &&
		git commit -q -m "move 1,200 files" &&
		git checkout -q -b issue/2 main &&
		i=0 &&
		while test $i -lt 150
		do
			# more files than the rename limit of the last test
			sed -e "s/^line two of $i$/line 2 of $i/" big/f$i >tmp &&
			mv tmp big/f$i || return 1
			i=$((i + 1))
		done &&
		git commit -q -a -m "one line in each of 150 files" &&
		git checkout -q -b issue/3 main &&
		git mv old.txt new.txt &&
		sed -e "s/^a$/A/" new.txt >tmp && mv tmp new.txt &&
		git commit -q -a -m "rename, edit the top" &&
		git checkout -q -b issue/4 main &&
		git mv old.txt new.txt &&
		sed -e "s/^j$/J/" new.txt >tmp && mv tmp new.txt &&
		git commit -q -a -m "rename, edit the bottom" &&
		git checkout -q -b issue/5 main &&
		git mv dir newdir &&
		git commit -q -m "rename the folder" &&
		git checkout -q -b issue/6 main &&
		echo 7 >dir/c &&
		git add dir/c &&
		git commit -q -m "a file in the old folder" &&
		git checkout -q -b issue/7 main &&
		echo "echo hi" >run.sh &&
		git add run.sh &&
		git commit -q -m "add, plain" &&
		git checkout -q -b issue/8 main &&
		echo "echo hi" >run.sh &&
		chmod +x run.sh &&
		git add run.sh &&
		git commit -q -m "add, executable" &&
		git checkout -q main
	)
'

for pair in "1 2" "3 4" "5 6" "7 8"
do
	set -- $pair
	test_expect_success "issues $1 and $2: the answer is stock git merge-tree's" '
		(
			cd mt &&
			stock issue/'$1' issue/'$2' >expect &&
			ours '$1' '$2' >actual &&
			test_cmp expect actual
		)
	'
done

test_expect_success 'the answers, as git gives them here' '
	(
		cd mt &&
		for p in "1 2" "3 4" "5 6" "7 8"
		do
			set -- $p &&
			ours $1 $2 || return 1
		done
	) >actual &&
	printf "clean\nclean\nconflict\nconflict\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the rename limit is git'"'"'s, from git -c too' '
	(
		cd mt &&
		test "$(stock issue/1 issue/2)" = clean &&
		{
			git -c merge.renameLimit=100 merge-tree --write-tree \
				issue/1 issue/2 >/dev/null
			rc=$?
		} &&
		test $rc = 1 &&
		test_expect_code 1 git -c merge.renameLimit=100 issue-overlap --json 1 2 >out.json &&
		jq -r ".pairs[0].conflict" out.json >actual &&
		echo true >expect &&
		test_cmp expect actual &&
		test_expect_code 1 env GIT_ISSUE_TEST_MERGE=libgit2 \
			git -c merge.renameLimit=100 issue-overlap --json 1 2 >out.json &&
		GIT_ISSUE_TEST_MERGE=libgit2 git issue-overlap --json 1 2 >out.json &&
		jq -r ".pairs[0].conflict" out.json >actual &&
		echo false >expect &&
		test_cmp expect actual
	)
'

test_done
