#!/bin/sh

test_description='files the agent integration writes are never work

git issue-init --agent claude writes .claude/settings.local.json into every
worktree and ignores it (info/exclude). However the file is ignored and
however the worktree was made, the board, --remove, --switch and
--prune-merged judge the worktree as git status does: git is the judge.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# judged N: the board says dirty as `git status --porcelain` does in
# issue N's worktree (at path $2, default the usual one)
judged () {
	dir=${2:-$WT/issue-$1} &&
	git -C "$TRASH/repo" issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == $1) | .dirty" status.json >actual &&
	git -C "$dir" status --porcelain >porcelain &&
	if test -s porcelain
	then
		echo true >expect
	else
		echo false >expect
	fi &&
	test_cmp expect actual
}

# unsure N: a tracked file touched but unchanged, so that the stat-only
# scan cannot decide and the full comparison runs
unsure () {
	echo x >>"$WT/issue-$1/file" &&
	git -C "$WT/issue-$1" checkout -q file
}

test_expect_success 'setup: origin, a clone with the Claude integration' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		printf "%s\n" one two three >file &&
		git add file &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	git -C repo issue-init --agent claude >/dev/null 2>&1 &&
	test_path_is_file repo/.claude/settings.local.json
'

test_expect_success 'a fresh worktree holds only the ignored agent files: clean' '
	git -C repo issue-worktree 95 >/dev/null 2>&1 &&
	test_path_is_file "$WT/issue-95/.claude/settings.local.json" &&
	git -C "$WT/issue-95" status --porcelain --ignored >porcelain &&
	printf "!! %s\n" .claude/ CLAUDE.local.md >expect &&
	test_cmp expect porcelain &&
	judged 95
'

test_expect_success 'touched but unchanged (the full comparison): still clean' '
	unsure 95 &&
	judged 95
'

test_expect_success '--remove takes a worktree whose only extra is .claude/' '
	git -C repo issue-worktree --remove 95 2>err &&
	test_path_is_missing "$WT/issue-95"
'

test_expect_success 'a worktree made by stock git worktree add: clean too' '
	git -C repo worktree add -q -b issue/96 "$WT/issue-96" origin/main &&
	test_path_is_file "$WT/issue-96/.claude/settings.local.json" &&
	unsure 96 &&
	judged 96 &&
	git -C repo issue-worktree --remove 96 2>err &&
	test_path_is_missing "$WT/issue-96"
'

test_expect_success 'ignored through .gitignore instead of info/exclude' '
	git -C repo issue-worktree 97 >/dev/null 2>&1 &&
	mv repo/.git/info/exclude exclude.saved &&
	echo ".claude/settings.local.json" >"$WT/issue-97/.gitignore" &&
	git -C "$WT/issue-97" add .gitignore &&
	git -C "$WT/issue-97" commit -q -m ignore &&
	unsure 97 &&
	judged 97 &&
	mv exclude.saved repo/.git/info/exclude
'

test_expect_success 'a file beside the ignored one in .claude/ is work' '
	echo mine >"$WT/issue-97/.claude/notes.md" &&
	unsure 97 &&
	judged 97 &&
	jq -r ".worktrees[] | select(.issue == 97) | .dirty" status.json >actual &&
	echo true >expect &&
	test_cmp expect actual &&
	test_must_fail git -C repo issue-worktree --remove 97 2>err &&
	test_grep "untracked files" err &&
	rm "$WT/issue-97/.claude/notes.md" &&
	judged 97
'

test_expect_success 'a pushed, clean worktree stays review when a file is touched' '
	echo change >"$WT/issue-97/other" &&
	git -C "$WT/issue-97" add other &&
	git -C "$WT/issue-97" commit -q -m other &&
	git -C "$WT/issue-97" push -q -u origin issue/97 2>/dev/null &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 97) | .state" status.json >actual &&
	echo review >expect &&
	test_cmp expect actual &&
	unsure 97 &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 97) | .state, .dirty" status.json >actual &&
	printf "review\nfalse\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'squash-merged: merged, --switch needs no --force' '
	(
		cd seed &&
		git pull -q origin main &&
		git fetch -q origin issue/97 &&
		git merge -q --squash FETCH_HEAD >/dev/null &&
		git commit -q -m "squash of #97" &&
		git push -q origin HEAD:main
	) &&
	git -C repo fetch -q origin &&
	unsure 97 &&
	git -C repo issue-status --json >status.json &&
	jq -r ".worktrees[] | select(.issue == 97) | .state, .dirty" status.json >actual &&
	printf "merged\nfalse\n" >expect &&
	test_cmp expect actual &&
	git -C "$WT/issue-97" issue-worktree --switch 98 >out 2>err &&
	echo "$WT/issue-97" >expect &&
	test_cmp expect out
'

test_expect_success '--prune-merged takes a merged worktree holding .claude/' '
	git -C repo issue-worktree 99 >/dev/null 2>&1 &&
	echo work >"$WT/issue-99/w" &&
	git -C "$WT/issue-99" add w &&
	git -C "$WT/issue-99" commit -q -m w &&
	git -C "$WT/issue-99" push -q origin HEAD:main &&
	git -C repo fetch -q origin &&
	unsure 99 &&
	judged 99 &&
	git -C repo issue-worktree --prune-merged 2>err &&
	test_path_is_missing "$WT/issue-99"
'

test_done
