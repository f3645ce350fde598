#!/bin/sh

test_description='git issue-overlap answers from the plan: sequential pairs
(blocked-by, directly or through a chain) and parents'

. ./test-lib.sh

# link N JSON-MEMBERS: GitHub's relations of issue N
link () {
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"l$1$(date +%N)\",\"kind\":\"link-state\",$2}"
}

test_expect_success 'setup: five issues with branches, 2 blocked by 1, 4 by 3 by 2' '
	git config issue.worktreeRoot wt &&
	echo a >a.c &&
	echo b >b.c &&
	git add . &&
	git commit -q -m files &&
	for n in 1 2 3 4 5
	do
		git branch issue/$n || return 1
	done &&
	git checkout -q issue/1 && echo 1 >>a.c && git commit -q -am 1 &&
	git checkout -q issue/2 && echo 2 >>b.c && git commit -q -am 2 &&
	git checkout -q issue/5 && echo 5 >>a.c && git commit -q -am 5 &&
	git checkout -q main &&
	link 2 "\"blocked_by\":[1]" &&
	link 3 "\"blocked_by\":[2]" &&
	link 4 "\"blocked_by\":[3]" &&
	link 5 "\"parent\":1"
'

test_expect_success 'without the plan, 1 and 2 are disjoint: exit 0' '
	git issue-overlap 2 5 >out &&
	test_grep "^#2 and #5: disjoint$" out
'

test_expect_success 'directly blocked: sequential, exit 1, not merged' '
	test_expect_code 1 git issue-overlap 1 2 >out &&
	echo "#1 and #2: sequential: #1 (unknown), then #2 (open) (#1 blocks #2)" >expect &&
	test_cmp expect out &&
	test_expect_code 1 git issue-overlap --json 2 1 >out.json &&
	jq -e ".sequential == true and .conflict == false and .pairs[0].chain == [1,2] and .pairs[0].sequential" out.json
'

test_expect_success 'through a chain: sequential, the chain named' '
	test_expect_code 1 git issue-overlap 4 1 >out &&
	echo "#1 and #4: sequential: #1 (unknown), then #2 (open), then #3 (open), then #4 (open) (#1 blocks #4 through a chain)" >expect &&
	test_cmp expect out &&
	test_expect_code 1 git issue-overlap --json 1 4 >out.json &&
	jq -e ".pairs[0].chain == [1,2,3,4]" out.json
'

test_expect_success 'an issue without a branch: the plan answers, or it is an error' '
	link 6 "\"blocked_by\":[4]" &&
	test_expect_code 1 git issue-overlap 1 6 >out &&
	test_grep "^#1 and #6: sequential: #1 (unknown), then #2 (open), then #3 (open), then #4 (open), then #6 (open)" out &&
	test_expect_code 128 git issue-overlap 5 6 2>err &&
	test_grep "issue #6 has no branch" err
'

test_expect_success 'a parent and its sub-issue: said, and merged' '
	test_expect_code 1 git issue-overlap 1 5 >out &&
	test_grep "^#1 and #5: conflict; #1 (unknown) is the parent of #5$" out &&
	test_expect_code 1 git issue-overlap --json 1 5 >out.json &&
	jq -e ".pairs[0].parent == 1 and .sequential == false" out.json
'

test_expect_success 'several issues: every pair answered' '
	test_expect_code 1 git issue-overlap 2 3 5 >out &&
	test_grep "^#2 and #3: sequential: #2 (open), then #3 (open) (#2 blocks #3)$" out &&
	test_grep "^#2 and #5: disjoint$" out &&
	test_grep "^#3 and #5: disjoint$" out
'

test_done
