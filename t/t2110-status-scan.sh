#!/bin/sh

test_description='git issue-status: clean or not, as git status sees it

The board answers from stat data when it can and asks libgit2 (or git,
for index formats libgit2 cannot read) when it cannot. Each case is
checked against git status --porcelain on the same worktree.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# expect_state N STATE: the board says STATE, and git status agrees
# (empty output is clean)
expect_state () {
	git -C "$TRASH/repo" issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == $1) | .state" status.json >actual &&
	echo "$2" >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-$1" status --porcelain >porcelain &&
	case "$2" in
	ready) test_must_be_empty porcelain ;;
	*) test -s porcelain ;;
	esac
}

test_expect_success 'setup: a tree with folders, ignore rules, and worktrees' '
	git init -q --bare origin.git &&
	mkdir -p src/deep/er docs &&
	echo a >src/a.c &&
	echo b >src/deep/b.c &&
	echo c >src/deep/er/c.c &&
	echo d >docs/readme &&
	printf "*.o\nbuild/\n" >.gitignore &&
	git add . &&
	git commit -q -m tree &&
	git push -q origin.git main &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		for n in 1 2 3 4 5 6 7 8 9
		do
			# released: the states here are the scan results
			git issue-worktree $n >/dev/null 2>&1 &&
			git issue-worktree --release $n 2>/dev/null || return 1
		done
	)
'

test_expect_success 'fresh: ready' '
	expect_state 1 ready
'

test_expect_success 'ignored files and folders: still ready' '
	echo obj >"$WT/issue-1/src/deep/x.o" &&
	mkdir -p "$WT/issue-1/build/out" &&
	echo bin >"$WT/issue-1/build/out/prog" &&
	expect_state 1 ready
'

test_expect_success 'an empty untracked folder: still ready, as for git' '
	mkdir -p "$WT/issue-1/empty/deeper" &&
	expect_state 1 ready
'

test_expect_success 'touched but unchanged: ready, and nothing written' '
	touch -d "2001-02-03" "$WT/issue-2/src/deep/b.c" &&
	cp repo/.git/worktrees/issue-2/index index.before &&
	git -C repo issue-status >/dev/null &&
	test_cmp index.before repo/.git/worktrees/issue-2/index &&
	expect_state 2 ready
'

test_expect_success 'an untracked file deep in a tracked folder: mid-task' '
	echo new >"$WT/issue-3/src/deep/er/new.c" &&
	expect_state 3 mid-task
'

test_expect_success 'an untracked file in an untracked folder: mid-task' '
	mkdir -p "$WT/issue-4/newdir/sub" &&
	echo new >"$WT/issue-4/newdir/sub/file" &&
	expect_state 4 mid-task
'

test_expect_success 'a deleted tracked file: mid-task' '
	rm "$WT/issue-5/src/deep/er/c.c" &&
	expect_state 5 mid-task
'

test_expect_success 'a changed file of the same size and time: mid-task' '
	f="$WT/issue-6/docs/readme" &&
	touch -r "$f" stamp &&
	echo D >"$f" &&
	touch -r stamp "$f" &&
	expect_state 6 mid-task
'

test_expect_success 'a staged change: mid-task' '
	echo staged >"$WT/issue-7/src/a.c" &&
	git -C "$WT/issue-7" add src/a.c &&
	git -C "$WT/issue-7" checkout-index -f src/a.c &&
	expect_state 7 mid-task
'

test_expect_success 'an executable bit: mid-task' '
	chmod +x "$WT/issue-8/src/a.c" &&
	expect_state 8 mid-task
'

test_expect_success 'index version 4: read as well' '
	git -C "$WT/issue-9" update-index --index-version 4 &&
	expect_state 9 ready &&
	echo x >"$WT/issue-9/docs/untracked" &&
	expect_state 9 mid-task &&
	rm "$WT/issue-9/docs/untracked"
'

test_expect_success 'a split index (libgit2 cannot read it): asks git, writes nothing' '
	git -C "$WT/issue-9" update-index --index-version 2 --split-index &&
	git -C "$WT/issue-9" status --porcelain >/dev/null &&
	expect_state 9 ready &&
	cp repo/.git/worktrees/issue-9/index index.before &&
	touch "$WT/issue-9/src/a.c" &&
	git -C repo issue-status >/dev/null &&
	test_cmp index.before repo/.git/worktrees/issue-9/index &&
	echo x >"$WT/issue-9/docs/untracked" &&
	expect_state 9 mid-task
'

test_done
