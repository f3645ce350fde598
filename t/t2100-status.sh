#!/bin/sh

test_description='git issue-status: the board of issue worktrees, read-only'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# state N: issue N's state(s) as --json says
state () {
	git -C "$TRASH/repo" issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == $1) | .state" status.json
}

# snapshot FILE: every file git keeps, and every file of every worktree,
# with its content and modification time
snapshot () {
	(
		cd "$TRASH" &&
		find repo repo.worktrees -type f | LC_ALL=C sort |
		while read -r f
		do
			printf "%s %s " "$(cksum <"$f")" "$(stat -c %y "$f")" &&
			echo "$f" || return 1
		done
	) >"$1"
}

test_expect_success 'setup: origin, clone, six issue worktrees' '
	git init -q --bare origin.git &&
	echo base >file &&
	git add file &&
	git commit -q -m base &&
	git push -q origin.git main &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		for n in 1 2 3 4 5 6
		do
			git issue-worktree $n >/dev/null 2>&1 || return 1
		done
	)
'

test_expect_success 'a fresh worktree is mid-task: claimed, working on it' '
	state 1 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 1) | .claimed, .dirty, .ahead" status.json >actual &&
	printf "true\nfalse\n0\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a changed tracked file: mid-task' '
	echo changed >"$WT/issue-2/file" &&
	state 2 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 2) | .dirty, .ahead" status.json >actual &&
	printf "true\n0\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a staged change only: mid-task' '
	echo staged >"$WT/issue-6/file" &&
	git -C "$WT/issue-6" add file &&
	git -C "$WT/issue-6" checkout-index -f file &&
	state 6 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'an untracked file: mid-task' '
	echo new >"$WT/issue-3/new-file" &&
	state 3 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual
'

test_expect_success 'a commit ahead of the base: mid-task, with the count' '
	echo four >"$WT/issue-4/four" &&
	git -C "$WT/issue-4" add four &&
	git -C "$WT/issue-4" commit -q -m four &&
	state 4 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	jq -r ".worktrees[] | select(.issue == 4) | .dirty, .ahead, .base" status.json >actual &&
	printf "false\n1\norigin/main\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'its commits in the base: merged' '
	echo five >"$WT/issue-5/five" &&
	git -C "$WT/issue-5" add five &&
	git -C "$WT/issue-5" commit -q -m five &&
	git -C "$WT/issue-5" push -q origin HEAD:main &&
	git -C repo fetch -q origin &&
	state 5 >actual &&
	echo merged >expect &&
	test_cmp expect actual
'

test_expect_success 'a worktree folder that is gone: missing' '
	git -C repo issue-worktree 7 >/dev/null 2>&1 &&
	rm -rf "$WT/issue-7" &&
	state 7 >actual &&
	echo missing >expect &&
	test_cmp expect actual
'

test_expect_success 'title and last note, with its age' '
	(cd repo && gi-test-tool append refs/notes/issues 1 \
		"{\"time\":\"2024-01-01T00:00:00.000000Z\",\"id\":\"0000000000000001\",\"kind\":\"issue\",\"title\":\"Make the board\"}") &&
	git -C "$WT/issue-1" issue-note "tried the meta tag; use the server header" >/dev/null &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 1) | .title, .last_note.text, (.last_note.age < 60)" status.json >actual &&
	cat >expect <<-\EOF &&
	Make the board
	tried the meta tag; use the server header
	true
	EOF
	test_cmp expect actual
'

test_expect_success 'the claim is not the last note' '
	jq -r ".worktrees[] | select(.issue == 2) | .last_note" status.json >actual &&
	echo null >expect &&
	test_cmp expect actual
'

test_expect_success 'one line per issue worktree for people' '
	git -C repo issue-status >out &&
	test_line_count = 10 out &&
	test_grep "^ISSUE  STATE  *WORKTREE  *AHEAD FILES DIRTY LESSONS AGE  TITLE$" out &&
	test_grep "^#1  *mid-task  issue-1  *0  *0  *0  *0  *[0-9]*s  Make the board$" out &&
	test_grep "^#4  *mid-task  issue-4  *1  *1  *0  *0  *[0-9]*s  (no title)$" out &&
	test_grep "^#7  *missing  *issue-7  *-  *-  *-  *0  *-  (no title)$" out &&
	test_grep "^#5: merged into origin/main, still open: .git issue-close 5.$" out
'

test_expect_success 'worktrees not on an issue branch are left out; the main one counts' '
	git -C repo worktree add -q -b plain "$TRASH/plain" &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.path == \"$TRASH/plain\")" status.json >actual &&
	test_must_be_empty actual &&
	git -C repo checkout -q -b issue/8-on-main &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 8) | .main, .path" status.json >actual &&
	printf "true\n%s\n" "$TRASH/repo" >expect &&
	test_cmp expect actual &&
	git -C repo checkout -q main
'

test_expect_success 'the same board from every worktree' '
	git -C repo issue-status >board-main &&
	git -C "$WT/issue-3" issue-status >board-3 &&
	(cd "$WT/issue-4" && git issue-status) >board-4 &&
	# the ages may tick over a second between the three runs
	for f in main 3 4
	do
		sed -e "s/  [0-9][0-9]*[smhdw]  /  AGE  /" board-$f >from-$f || return 1
	done &&
	test_grep "AGE" from-main &&
	test_cmp from-main from-3 &&
	test_cmp from-main from-4
'

test_expect_success 'JSON: version 1, no count of unmirrored records before sync' '
	git -C repo issue-status --json >status.json &&
	jq -r ".version" status.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	jq -r "[.worktrees[] | has(\"unmirrored\")] | any" status.json >actual &&
	echo false >expect &&
	test_cmp expect actual
'

test_expect_success 'status writes nothing, not even where git status would' '
	touch -d "2000-01-01" "$WT/issue-1/file" &&
	snapshot before &&
	git -C repo issue-status >/dev/null &&
	git -C repo issue-status --json >/dev/null &&
	git -C "$WT/issue-1" issue-status >/dev/null &&
	snapshot after &&
	test_cmp before after &&
	test_path_is_missing repo/.git/worktrees/issue-1/index.lock &&
	# the check can fail: git status refreshes the stale entry
	git -C "$WT/issue-1" status --porcelain >/dev/null &&
	snapshot after-git &&
	! test_cmp before after-git >/dev/null
'

test_expect_success 'a held index.lock does not stop it' '
	: >repo/.git/worktrees/issue-2/index.lock &&
	state 2 >actual &&
	echo mid-task >expect &&
	test_cmp expect actual &&
	rm repo/.git/worktrees/issue-2/index.lock
'

test_expect_success 'no issue worktrees: no output' '
	git init -q empty &&
	git -C empty commit -q --allow-empty -m x &&
	git -C empty issue-status >out &&
	test_must_be_empty out &&
	git -C empty issue-status --json >out.json &&
	jq -r ".worktrees | length" out.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'usage: 129; -h outside a repository' '
	test_expect_code 129 git -C repo issue-status extra &&
	test_expect_code 129 git -C repo issue-status --frobnicate &&
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$TRASH &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 129 git issue-status -h >out &&
		test_grep "usage: git issue-status" out
	)
'

test_done
