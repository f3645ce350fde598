#!/bin/sh

test_description='git issue-sync never deletes records: a dropping fast-forward is merged, not adopted'

. ./test-lib.sh

test_expect_success 'setup: two records on issue 1, synced to origin' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git issue-note -i 1 "keep me" >/dev/null &&
	git issue-note -i 1 "and me" >/dev/null &&
	git issue-note -i 2 "on two" >/dev/null &&
	git issue-sync --no-github >/dev/null &&
	git notes --ref=issues show $(anchor 1) >note1.before
'

# origin_commit MSG TREE: a commit of TREE on top of origin's notes, which
# then point at it
origin_commit () {
	git -C origin.git commit-tree -p refs/notes/issues -m "$1" "$2" >c &&
	git -C origin.git update-ref refs/notes/issues $(cat c)
}

test_expect_success 'a fast-forward that drops a line: merged, said, restored' '
	tip=$(git -C origin.git rev-parse refs/notes/issues) &&
	a1=$(anchor 1) &&
	git -C origin.git notes --ref=issues show $a1 | grep -v "keep me" >dropped &&
	blob=$(git -C origin.git hash-object -w --stdin <dropped) &&
	git -C origin.git ls-tree $tip | grep -v "	$a1\$" >tree &&
	printf "100644 blob %s\t%s\n" $blob $a1 >>tree &&
	origin_commit "drop a line" $(git -C origin.git mktree <tree) &&
	git issue-sync --no-github >out 2>err &&
	test_grep "the notes of .origin. drops 1 record of issue #1 that this clone has; kept" err &&
	git notes --ref=issues show $a1 >note1.after &&
	test_cmp note1.before note1.after &&
	git -C origin.git notes --ref=issues show $a1 >note1.origin &&
	test_cmp note1.before note1.origin
'

test_expect_success 'a note replaced by a gitlink: kept' '
	tip=$(git -C origin.git rev-parse refs/notes/issues) &&
	a2=$(anchor 2) &&
	git notes --ref=issues show $a2 >note2.before &&
	git -C origin.git ls-tree $tip | grep -v "	$a2\$" >tree &&
	printf "160000 commit %s\t%s\n" $(git rev-parse HEAD) $a2 >>tree &&
	origin_commit "gitlink" $(git -C origin.git mktree <tree) &&
	git issue-sync --no-github >out 2>err &&
	test_grep "drops 1 record of issue #2" err &&
	git notes --ref=issues show $a2 >note2.after &&
	test_cmp note2.before note2.after
'

test_expect_success 'a fast-forward that only adds is taken as it is' '
	git clone -q origin.git other &&
	(cd other && git fetch -q origin refs/notes/issues:refs/notes/issues &&
	 git issue-note -i 1 "from the other clone" >/dev/null &&
	 git push -q origin refs/notes/issues) &&
	git issue-sync --no-github >out 2>err &&
	test_grep ! drops err &&
	git rev-parse refs/notes/issues >actual &&
	git -C origin.git rev-parse refs/notes/issues >expect &&
	test_cmp expect actual
'

test_expect_success 'a record retracted by another author is shown as such' '
	git issue-show --json 1 >show.json &&
	id=$(jq -r ".records[] | select(.text == \"keep me\") | .id" show.json) &&
	GIT_AUTHOR_NAME=Mallory GIT_AUTHOR_EMAIL=m@example.com \
		git issue-note -i 1 --retract $id -m "not true" >/dev/null &&
	git issue-show 1 >out &&
	test_grep "keep me" out &&
	test_grep "(retracted by Mallory <m@example.com>, record " out &&
	git issue-show --json 1 >show.json &&
	jq -r ".records[] | select(.text == \"keep me\") | .superseded" show.json >actual &&
	echo true >expect &&
	test_cmp expect actual
'

test_expect_success 'a record retracted by its own author stays hidden' '
	git issue-note -i 1 "oops" >/dev/null &&
	git issue-show --json 1 >show.json &&
	id=$(jq -r ".records[] | select(.text == \"oops\") | .id" show.json) &&
	git issue-note -i 1 --retract $id >/dev/null &&
	git issue-show 1 >out &&
	test_grep ! "oops" out
'

test_done
