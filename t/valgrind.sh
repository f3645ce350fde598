#!/bin/sh

test_description='valgrind: no leak on the main path of any command

Run by `make test-valgrind` against the LIBGIT2=system build: a static
binary carries its own malloc, which valgrind cannot replace, so only a
dynamically linked build can be checked. Every command runs directly
(git-issue-X, not git issue-X, which would check git), with definite and
indirect leaks and memory errors counted as failures.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

if ! command -v valgrind >/dev/null 2>&1
then
	skip_all='valgrind is not installed'
	test_done
fi
if ! ldd "$GI_BUILD_DIR/bin/git-issue-note" 2>/dev/null | grep -q libc
then
	skip_all="$GI_BUILD_DIR is static: run make test-valgrind"
	test_done
fi

# vg CMD ARGS...: run CMD under valgrind; fails on a leak or a memory error
vg () {
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$TRASH_DIRECTORY/vg.log" "$@"
	rc=$?
	if test $rc = 99 || test -s "$TRASH_DIRECTORY/vg.log"
	then
		cat "$TRASH_DIRECTORY/vg.log" >&2
		return 99
	fi
	return $rc
}

test_expect_success 'setup: GitHub, an origin, two issues' '
	start_github &&
	gh_admin POST issues "{\"title\":\"First\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Second\",\"body\":\"after #1\"}" >/dev/null &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo &&
	git config issue.worktreeRoot "$(pwd)/wt"
'

test_expect_success 'init, sync and the hook' '
	vg git-issue-init >/dev/null 2>&1 &&
	vg git-issue-note -i 1 "a note" >/dev/null &&
	vg git-issue-sync >/dev/null &&
	vg git-issue-sync --json >/dev/null &&
	vg git-issue-hook pre-push origin origin.git 2>err &&
	test_grep "nothing new" err
'

test_expect_success 'notes and lessons' '
	vg git-issue-note -i 1 --tried "x" --failed "y" --solution "z" >/dev/null &&
	vg git-issue-note -i 2 -m "second" -m "paragraph" >/dev/null
'

test_expect_success 'readers' '
	vg git-issue-show 1 >/dev/null &&
	vg git-issue-show --json 1 >/dev/null &&
	vg git-issue-show --format=markdown --max-bytes=500 2 >/dev/null &&
	vg git-issue-show --tree 1 >/dev/null &&
	vg git-issue-list >/dev/null &&
	vg git-issue-list --json >/dev/null &&
	vg git-issue-search note >/dev/null &&
	vg git-issue-search -E "no+te" >/dev/null &&
	vg git-issue-search --kind failed y >/dev/null &&
	vg git-issue-log --no-pager >/dev/null &&
	vg git-issue-log --json >/dev/null
'

test_expect_success 'the plan' '
	vg git-issue-new --offline "Third" -m "a body" >/dev/null &&
	vg git-issue-link 2 --blocked-by 1 >/dev/null &&
	vg git-issue-sync >/dev/null
'

test_expect_success 'worktrees and the board' '
	vg git-issue-worktree 1 >/dev/null 2>&1 &&
	vg git-issue-worktree 2 >/dev/null 2>&1 &&
	echo change >wt/issue-1/file &&
	vg git-issue-status >/dev/null &&
	vg git-issue-status --json >/dev/null &&
	{ vg git-issue-overlap >/dev/null; test $? != 99; } &&
	{ vg git-issue-overlap 1 2 >/dev/null; test $? != 99; } &&
	vg git-issue-ready >/dev/null 2>&1 &&
	vg git-issue-ready --json -n 1 >/dev/null 2>&1 &&
	(cd wt/issue-1 && vg git-issue-note "in the worktree" >/dev/null) &&
	vg git-issue-worktree --release 2 >/dev/null 2>&1 &&
	vg git-issue-worktree --remove --force 1 >/dev/null 2>&1
'

test_expect_success 'agent hooks' '
	vg git-issue-init --agent claude >/dev/null 2>&1 &&
	printf "{\"cwd\":\"%s\",\"session_id\":\"s1\"}" "$(pwd)" >in.json &&
	vg git-issue-hook claude session-start <in.json >/dev/null &&
	vg git-issue-hook claude stop <in.json >/dev/null
'

test_expect_success 'usage errors' '
	for c in note show list search log worktree status overlap sync init hook new link ready
	do
		{ vg git-issue-$c --no-such-option >/dev/null 2>&1; test $? = 129; } ||
		return 1
	done
'

gh_test_done
