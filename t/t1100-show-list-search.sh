#!/bin/sh

test_description='git issue-show, issue-list and issue-search; unreadable lines kept'

. ./test-lib.sh

test_expect_success 'setup: notes and lessons on two issues' '
	git issue-note -i 5 "first note" >n1 &&
	git issue-note -i 5 --tried "cache" --failed "stale reads" --solution "etag" >l1 &&
	git issue-note -i 5 "second note" >n2 &&
	git issue-note -i 9 "other issue, about caching too" >n3
'

test_expect_success 'show: lessons first, then the rest in time order' '
	git issue-show 5 >out &&
	grep -n -e "^Lessons" -e "^Records" -e "tried:" -e "first note" -e "second note" out |
		cut -d: -f2- >actual &&
	cat >expect <<-\EOF &&
	Lessons
	    tried:    cache
	Records
	    first note
	    second note
	EOF
	test_cmp expect actual
'

test_expect_success 'show: --json is one document with a version' '
	git issue-show --json 5 >out.json &&
	jq -r ".version, .issue, (.records | length), (.malformed | length)" out.json >actual &&
	printf "1\n5\n3\n0\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'show: a number known nowhere says so and exits 1' '
	test_expect_code 1 git issue-show 999 >out 2>err &&
	test_must_be_empty out &&
	test_grep "error: nothing is known of issue #999 here" err &&
	git issue-show --json 999 >show.json &&
	jq -r ".records | length" show.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'show: the issue comes from the branch when not given' '
	git checkout -q -b issue/5-caching &&
	git issue-show >out &&
	test_grep "^issue #5" out &&
	git checkout -q main
'

test_expect_success 'show: bad input' '
	test_expect_code 128 git issue-show abc 2>err &&
	test_grep "invalid issue number" err &&
	test_expect_code 129 git issue-show 1 2 2>err &&
	test_expect_code 129 git issue-show --format=html 5 2>err &&
	test_grep "unknown format" err &&
	test_expect_code 129 git issue-show --json --format=markdown 5
'

test_expect_success 'markdown brief: lessons and notes' '
	git issue-show --format=markdown 5 >out &&
	test_grep "^# Issue #5" out &&
	test_grep "^## Lessons" out &&
	test_grep "Tried:\*\* cache" out &&
	test_grep "first note" out
'

test_expect_success 'markdown brief: within --max-bytes the oldest notes go first' '
	for i in $(test_seq 1 40)
	do
		echo "filler note number $i with some words to take room" >msg &&
		git issue-note -i 6 -F msg >/dev/null || return 1
	done &&
	git issue-note -i 6 --tried "the big hammer" --failed "it broke" \
		--solution "the small hammer" >/dev/null &&
	git issue-show --format=markdown --max-bytes=1200 6 >out &&
	test $(wc -c <out) -le 1200 &&
	test_grep "small hammer" out &&
	test_grep "number 40 " out &&
	test_grep ! "number 1 " out &&
	test_grep "^_Left out for the budget of 1200 bytes: .*[0-9]* older records" out
'

test_expect_success 'markdown brief: never over the budget, however small' '
	for n in 50 120 300
	do
		git issue-show --format=markdown --max-bytes=$n 6 >out &&
		test $(wc -c <out) -le $n || return 1
	done &&
	head -n 1 out >first &&
	test_grep "^# Issue #6" first
'

test_expect_success 'markdown brief: no cut statement when everything fits' '
	git issue-show --format=markdown --max-bytes=100000 6 >out &&
	test_grep "number 1 " out &&
	test_grep ! "Left out" out
'

test_expect_success '--max-bytes needs the markdown format' '
	test_expect_code 129 git issue-show --max-bytes=10 6
'

test_expect_success 'hand-edited note: malformed lines, unknown kinds and fields are kept' '
	bad="this is not json" &&
	unknown="{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"feedfacefeedface\",\"kind\":\"future-kind\",\"shiny\":[1,2]}" &&
	noid="{\"time\":\"2026-01-01T00:00:01.000000Z\",\"kind\":\"note\"}" &&
	gi-test-tool append refs/notes/issues 5 "$bad" "$unknown" "$noid" &&
	git issue-show 5 >out 2>err &&
	test_grep "2 unreadable lines" err &&
	test_grep "this is not json" out &&
	test_grep "future-kind" out &&
	git issue-note -i 5 "after the damage" >/dev/null &&
	git notes --ref=issues show $(anchor 5) >note &&
	grep -Fx "$bad" note &&
	grep -Fx "$unknown" note &&
	grep -Fx "$noid" note &&
	git issue-show --json 5 >out.json &&
	jq -r ".malformed[]" out.json >actual &&
	printf "%s\n%s\n" "$bad" "$noid" | sort >expect &&
	sort actual >actual.sorted &&
	test_cmp expect actual.sorted &&
	jq -r ".records[] | select(.kind == \"future-kind\") | .shiny[1]" out.json >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'the note stays sorted and duplicate-free' '
	git notes --ref=issues show $(anchor 5) >note &&
	LC_ALL=C sort -u note >sorted &&
	test_cmp sorted note
'

test_expect_success 'list: every issue with counts and last activity' '
	git issue-list >out &&
	test_line_count = 3 out &&
	test_grep "^#5 " out &&
	test_grep "^#6 " out &&
	test_grep "^#9 .*other issue" out &&
	git issue-list --json >out.json &&
	jq -r ".version, (.issues | map(.issue) | join(\",\"))" out.json >actual &&
	printf "1\n5,6,9\n" >expect &&
	test_cmp expect actual &&
	jq -r ".issues[] | select(.issue == 5) | .records, .lessons, .malformed" out.json >actual &&
	printf "5\n1\n2\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'list: a title from an issue record is shown' '
	gi-test-tool append refs/notes/issues 9 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"1111222233334444\",\"kind\":\"issue\",\"title\":\"Caching is broken\",\"state\":\"open\"}" &&
	git issue-list >out &&
	test_grep "^#9 .*Caching is broken" out &&
	git issue-show 9 >out &&
	test_grep "^issue #9: Caching is broken \[open\]" out
'

test_expect_success 'list: empty repository lists nothing' '
	git init -q fresh &&
	(cd fresh && git issue-list >out && test_must_be_empty out)
'

test_expect_success 'search: fixed strings ignore case' '
	git issue-search CACHING >out &&
	test_grep "^#9 " out &&
	test_line_count = 2 out
'

test_expect_success 'search: finds text in lessons' '
	git issue-search "stale READS" >out &&
	test_line_count = 1 out &&
	test_grep "^#5 .*lesson" out
'

test_expect_success 'search: -E takes an extended regex' '
	git issue-search -E "number (7|13) " >out &&
	test_line_count = 2 out &&
	test_expect_code 1 git issue-search -E "NUMBER 7 " &&
	git issue-search -E -i "NUMBER 7 " >out &&
	test_line_count = 1 out
'

test_expect_success 'search: --json gives issue and record' '
	git issue-search --json "second note" >out.json &&
	jq -r ".version, .hits[0].issue, .hits[0].record.text" out.json >actual &&
	printf "1\n5\nsecond note\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'search: no match exits 1, bad regex 128, no pattern 129' '
	test_expect_code 1 git issue-search "no such words anywhere" >out &&
	test_must_be_empty out &&
	test_expect_code 128 git issue-search -E "(" 2>err &&
	test_grep "invalid regular expression" err &&
	test_expect_code 129 git issue-search
'

test_expect_success 'search: a pattern with a quote still matches' '
	git issue-note -i 9 "he said \"hello\" twice" >/dev/null &&
	git issue-search "\"hello\"" >out &&
	test_line_count = 1 out
'

test_expect_success 'search: ids and commit hashes are not searched' '
	id=$(cat n1) &&
	test_expect_code 1 git issue-search "$id"
'

test_expect_success 'search: superseded and retracted records are not found' '
	old=$(git issue-note -i 9 "obsolete zebra advice") &&
	git issue-note -i 9 --supersede $old "current zebra advice" >/dev/null &&
	git issue-search zebra >out &&
	test_line_count = 1 out &&
	test_grep "current zebra" out &&
	git issue-search --json "current zebra" >search.json &&
	git issue-note -i 9 --retract $(jq -r ".hits[0].record.id" search.json) >/dev/null &&
	test_expect_code 1 git issue-search zebra
'

test_expect_success 'search: lines escaped by another writer are still found' '
	gi-test-tool append refs/notes/issues 9 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"9999888877776666\",\"kind\":\"note\",\"text\":\"caf\\u00e9 path a\\/b\"}" &&
	git issue-search "a/b" >out &&
	test_grep "9999888877776666" out &&
	git issue-search "café" >out &&
	test_grep "9999888877776666" out
'

test_expect_success 'show: a retraction without a reason reads well' '
	id=$(git issue-note -i 77 "to withdraw") &&
	git issue-note -i 77 --retract $id >/dev/null &&
	git issue-show 77 >out &&
	test_grep "withdrew record $id" out &&
	test_grep ! "{" out
'

test_done
