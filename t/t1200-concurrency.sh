#!/bin/sh

test_description='concurrent writers from two worktrees lose nothing'

. ./test-lib.sh

test_expect_success 'setup: a second, linked worktree' '
	git worktree add -q "$(pwd)/linked" &&
	echo "$(pwd)/linked" >wtpath
'

# 8 processes x 200 notes: 4 on issue 1 (two per worktree), 4 spread over
# issues 2..51. Stock `git notes append` keeps about a fifth of these.
test_expect_success '8 writers x 200 notes: exactly 1,600 records, all exit 0' '
	wt=$(cat wtpath) &&
	for w in 1 2 3 4 5 6 7 8
	do
		(
			if test $((w % 2)) = 0
			then
				cd "$wt" || exit 1
			fi
			i=0
			while test $i -lt 200
			do
				i=$((i + 1))
				if test $w -le 4
				then
					n=1
				else
					n=$(( (i * w) % 50 + 2 ))
				fi
				git issue-note -i $n -m "writer $w note $i" >/dev/null ||
					echo "writer $w note $i failed" >>failures
			done
		) &
	done &&
	wait &&
	test_path_is_missing failures &&
	git issue-list --json >list.json &&
	jq "[.issues[].records] | add" list.json >actual &&
	echo 1600 >expect &&
	test_cmp expect actual &&
	test_record_count = 800 1
'

test_expect_success 'every note is there, once' '
	git issue-list --json >list.json &&
	for n in $(jq ".issues[].issue" list.json)
	do
		git issue-show --json $n >show.json &&
		jq -r ".records[].text" show.json || return 1
	done >texts &&
	sort texts >actual &&
	for w in 1 2 3 4 5 6 7 8
	do
		for i in $(test_seq 1 200)
		do
			echo "writer $w note $i"
		done
	done | sort >expect &&
	test_cmp expect actual
'

test_expect_success 'the result is a valid notes history' '
	git fsck --strict 2>err &&
	test_grep ! "error" err &&
	git rev-list refs/notes/issues >commits &&
	test_line_count -ge 1600 commits
'

test_expect_success 'cleanup worktree' '
	git worktree remove --force "$(cat wtpath)"
'

test_done
