#!/bin/sh

test_description='stock git reads, keeps, transfers and merges what we write'

. ./test-lib.sh

test_expect_success 'setup: records on three issues' '
	git issue-note -i 1 "one" >/dev/null &&
	git issue-note -i 2 "two" >/dev/null &&
	git issue-note -i 3 --tried a --failed b --solution c >/dev/null
'

test_expect_success 'git notes show <anchor> prints the records' '
	git notes --ref=issues show $(anchor 1) >actual &&
	git issue-show --json 1 >show.json &&
	jq -c ".records[0] | del(.superseded)" show.json >expect &&
	test_cmp expect actual
'

test_expect_success 'git notes list names exactly the anchors' '
	git notes --ref=issues list | cut -d" " -f2 | sort >actual &&
	for n in 1 2 3; do anchor $n; done | sort >expect &&
	test_cmp expect actual
'

test_expect_success 'the anchors are kept in the notes tree under anchors/' '
	git ls-tree refs/notes/issues anchors >out &&
	test_line_count = 1 out &&
	git cat-file -p refs/notes/issues:anchors/2 >actual &&
	echo "git-issue 2" >expect &&
	test_cmp expect actual
'

test_expect_success 'git fsck --strict is clean' '
	git fsck --strict --no-dangling >out 2>&1 &&
	test_must_be_empty out
'

test_expect_success 'git gc --prune=now and git notes prune lose nothing' '
	git issue-list --json >before &&
	git gc -q --prune=now &&
	git notes --ref=issues prune -v >pruned &&
	test_must_be_empty pruned &&
	git issue-list --json >after &&
	test_cmp before after
'

test_expect_success 'a fresh clone that fetches the ref has everything, after gc too' '
	git clone -q . clone &&
	(
		cd clone &&
		git fetch -q origin refs/notes/issues:refs/notes/issues &&
		git gc -q --prune=now &&
		git notes --ref=issues prune -v >pruned &&
		test_must_be_empty pruned &&
		git issue-list --json >../cloned &&
		git fsck --strict --no-dangling
	) &&
	test_cmp after cloned
'

test_expect_success 'stock cat_sort_uniq merge and our union merge give one tree' '
	(
		cd clone &&
		git issue-note -i 1 "clone adds to one" >/dev/null &&
		git issue-note -i 3 "clone adds to three" >/dev/null
	) &&
	git issue-note -i 1 "origin adds to one" >/dev/null &&
	git issue-note -i 2 "origin adds to two" >/dev/null &&
	git fetch -q clone refs/notes/issues:refs/notes/theirs &&
	git update-ref refs/notes/stock refs/notes/issues &&
	git notes --ref=stock merge -q -s cat_sort_uniq theirs &&
	ours=$(gi-test-tool merge refs/notes/issues refs/notes/theirs) &&
	git rev-parse refs/notes/stock^{tree} >expect &&
	git rev-parse $ours^{tree} >actual &&
	test_cmp expect actual &&
	git rev-list --parents -1 $ours | wc -w >parents &&
	echo 3 >expect &&
	test_cmp expect parents
'

test_expect_success 'the merged note of issue 1 has both sides, sorted' '
	git notes --ref=stock show $(anchor 1) >note &&
	test_line_count = 3 note &&
	LC_ALL=C sort -u note >sorted &&
	test_cmp sorted note
'

test_expect_success 'merge with a new issue on their side: same notes, and the anchor' '
	(
		cd clone &&
		git issue-note -i 4 "only in the clone" >/dev/null
	) &&
	git fetch -q clone +refs/notes/issues:refs/notes/theirs &&
	git update-ref refs/notes/stock refs/notes/issues &&
	git notes --ref=stock merge -q -s cat_sort_uniq theirs &&
	ours=$(gi-test-tool merge refs/notes/issues refs/notes/theirs) &&
	git ls-tree refs/notes/stock | grep -v "	anchors$" >expect &&
	git ls-tree $ours | grep -v "	anchors$" >actual &&
	test_cmp expect actual &&
	git cat-file -p $ours:anchors/4 >actual &&
	echo "git-issue 4" >expect &&
	test_cmp expect actual
'

test_expect_success 'merge is a fast-forward when one side contains the other' '
	a=$(git rev-parse refs/notes/issues) &&
	git issue-note -i 1 "later" >/dev/null &&
	b=$(git rev-parse refs/notes/issues) &&
	test "$(gi-test-tool merge $a $b)" = "$b" &&
	test "$(gi-test-tool merge $b $a)" = "$b"
'

test_expect_success 'notes in a fan-out tree written by stock git are read and kept' '
	git init -q fanout &&
	(
		cd fanout &&
		git issue-note -i 1 "before fan-out" >/dev/null &&
		blob=$(git rev-parse refs/notes/issues:$(anchor 1)) &&
		a=$(anchor 1) &&
		rest=$(echo $a | cut -c3-) &&
		pre=$(echo $a | cut -c1-2) &&
		sub=$(printf "100644 blob %s\t%s\n" $blob $rest | git mktree) &&
		anchors=$(git rev-parse refs/notes/issues:anchors) &&
		root=$(printf "040000 tree %s\t%s\n040000 tree %s\tanchors\n" $sub $pre $anchors | git mktree) &&
		c=$(git commit-tree -p refs/notes/issues -m fanout $root) &&
		git update-ref refs/notes/issues $c &&
		git issue-show --json 1 >show.json &&
		jq -r ".records[0].text" show.json >actual &&
		echo "before fan-out" >expect &&
		test_cmp expect actual &&
		git issue-note -i 1 "after fan-out" >/dev/null &&
		git issue-note -i 2 "new issue in fan-out" >/dev/null &&
		git ls-tree -r --name-only refs/notes/issues >names &&
		test_grep "^$pre/$rest$" names &&
		test_grep "^$(anchor 2 | cut -c1-2)/$(anchor 2 | cut -c3-)$" names &&
		test_record_count = 2 1 &&
		git notes --ref=issues show $(anchor 2) >/dev/null
	)
'

test_expect_success 'past 256 issues the notes fan out as git does, and stay readable' '
	git init -q many &&
	(
		cd many &&
		gi-test-tool fill 300 2 &&
		git ls-tree --name-only refs/notes/issues >root &&
		test_grep "^anchors$" root &&
		! grep -E "^[0-9a-f]{40}$" root &&
		test $(grep -c -E "^[0-9a-f]{2}$" root) -gt 100 &&
		git issue-note -i 150 "after the fan-out" >/dev/null &&
		git issue-note -i 301 "a new issue" >/dev/null &&
		git issue-list --json >list.json &&
		jq ".issues | length" list.json >actual &&
		echo 301 >expect &&
		test_cmp expect actual &&
		git notes --ref=issues show $(anchor 150) >note &&
		test_line_count = 3 note &&
		git notes --ref=issues show $(anchor 301) >note &&
		test_line_count = 1 note &&
		git notes --ref=issues list | wc -l >count &&
		echo 301 >expect &&
		test_cmp expect count &&
		git fsck --strict --no-dangling
	)
'

test_done
