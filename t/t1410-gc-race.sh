#!/bin/sh

test_description='writes beside a gc that removes empty object directories'

. ./test-lib.sh

# git gc (prune, prune-packed) removes empty objects/xx directories; libgit2
# makes the directory, then renames the object into it. A process that
# removes empty directories in a tight loop hits that window often.
test_expect_success 'every write lands while empty fan-out directories vanish' '
	{
		perl -e "my \$end = time + 60; while (time < \$end) { last if -e \"stop\"; rmdir \$_ for glob(\".git/objects/??\") }" &
	} &&
	remover=$! &&
	for i in $(test_seq 1 150)
	do
		git issue-note -i $((i % 7 + 1)) "note $i" >/dev/null 2>>err ||
		echo "$i" >>failed
	done &&
	>stop &&
	wait $remover &&
	{ test_path_is_missing failed || { cat err; false; }; } &&
	test_grep ! "failed to rename" err &&
	for n in 1 2 3 4 5 6 7
	do
		record_count $n || return 1
	done >counts &&
	awk "{ s += \$1 } END { print s }" counts >actual &&
	echo 150 >expect &&
	test_cmp expect actual
'

test_done
