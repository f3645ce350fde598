#!/bin/sh

test_description='git issue-list: summaries from raw notes, and their cache

The cache ($GIT_COMMON_DIR/issue-cache/summaries) is a cache only: with
it, without it, with a corrupt or foreign one, and while other processes
write, the listing is the same as from loading every issue.'

. ./test-lib.sh

CACHE=.git/issue-cache/summaries

# the listing as git issue-show --json sees every issue, to compare with
# (the plan's own records, which say what an issue is, are not counted)
from_show () {
	git issue-list --json >issues.json &&
	for n in $(jq -r ".issues[].issue" issues.json)
	do
		git issue-show --json $n >show.json &&
		jq -r "[.records[] | select(.superseded | not) |
			select(.kind as \$k | [\"issue\", \"body\", \"link\",
				\"link-state\", \"link-sync\", \"alias\",
				\"intent\"] | index(\$k) | not)] as \$r |
			[.issue, (\$r | length),
			 ([\$r[] | select(.kind == \"lesson\" or
				.kind == \"tried\" or .kind == \"failed\" or
				.kind == \"solution\")] | length),
			(.malformed | length), (.title // \"-\")] | @tsv" show.json ||
		return 1
	done
}

# the text listing from summaries is the one from loading every issue
same_as_full_load () {
	git issue-list >fast &&
	GIT_ISSUE_TEST_FULL_LOAD=1 git issue-list >full &&
	test_cmp full fast
}

from_list () {
	git issue-list --json >issues.json &&
	jq -r ".issues[] | [.issue, .records, .lessons, .malformed, (.title // \"-\")] | @tsv" issues.json
}

test_expect_success 'setup: plain issues, and issues the raw reader leaves to a full load' '
	git issue-note -i 1 "a plain note" >/dev/null &&
	git issue-note -i 1 --tried t --failed f >/dev/null &&
	old=$(git issue-note -i 2 "to be taken back") &&
	git issue-note -i 2 --retract $old >/dev/null &&
	git issue-note -i 2 "what stays" >/dev/null &&
	gi-test-tool append refs/notes/issues 3 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"1111222233334444\",\"kind\":\"issue\",\"title\":\"Caching is broken\",\"state\":\"open\"}" &&
	gi-test-tool append refs/notes/issues 4 "not a record" \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"00000000000000f1\",\"kind\":\"comment\",\"text\":\"v1\",\"github_comment\":5,\"github_updated\":\"1\"}" \
		"{\"time\":\"2026-01-03T00:00:01.000000Z\",\"id\":\"00000000000000f2\",\"kind\":\"comment\",\"text\":\"v2\",\"github_comment\":5,\"github_updated\":\"2\"}" &&
	printf "line one\nline two\n" >msg &&
	git issue-note -i 5 -F msg >/dev/null
'

test_expect_success 'the counts are what loading every issue gives' '
	from_show >expect &&
	from_list >actual &&
	test_cmp expect actual &&
	test_grep "^2	2	0	0	-" actual &&
	test_grep "^3	0	0	0	Caching is broken" actual &&
	test_grep "^4	1	0	1	-" actual &&
	same_as_full_load &&
	test_grep "^#3 .*open  *0 records .*Caching is broken" fast
'

test_expect_success '--open and --closed from the summaries too' '
	git issue-list --open >fast &&
	GIT_ISSUE_TEST_FULL_LOAD=1 git issue-list --open >full &&
	test_cmp full fast &&
	test_line_count = 1 fast &&
	git issue-list --closed >fast &&
	GIT_ISSUE_TEST_FULL_LOAD=1 git issue-list --closed >full &&
	test_cmp full fast &&
	test_must_be_empty fast
'

test_expect_success 'the first listing writes the cache, the next reads it' '
	rm -rf .git/issue-cache &&
	git issue-list >first &&
	test_path_is_file $CACHE &&
	git issue-list >second &&
	test_cmp first second &&
	git issue-list --json >first.json &&
	rm -rf .git/issue-cache &&
	git issue-list --json >second.json &&
	test_cmp first.json second.json
'

test_expect_success 'the summary of a multi-line last record is its first line' '
	git issue-list >out &&
	test_grep "^#5 .*line one\.\.\.$" out
'

test_expect_success 'a changed issue is read again' '
	git issue-list >before &&
	git issue-note -i 1 "one more" >/dev/null &&
	git issue-list >after &&
	test_grep "^#1  *-  *3 records" after &&
	same_as_full_load &&
	from_show >expect &&
	from_list >actual &&
	test_cmp expect actual
'

test_expect_success 'a corrupt, truncated or foreign cache is ignored and replaced' '
	git issue-list >expect &&
	for damage in garbage truncate header empty
	do
		case $damage in
		garbage) printf "%4096s" x >$CACHE ;;
		truncate) head -c 100 $CACHE >tmp && mv tmp $CACHE ;;
		header) printf "GIISUMC\0\2\0\0\0" >$CACHE ;;
		empty) : >$CACHE ;;
		esac &&
		git issue-list >actual 2>err &&
		test_cmp expect actual &&
		test_must_be_empty err &&
		git issue-list >again &&
		test_cmp expect again || return 1
	done
'

test_expect_success 'a cache with one byte changed is not trusted' '
	git issue-list >expect &&
	# a count, an offset, an id, a string: each caught by a check or
	# by the checksum
	size=$(wc -c <$CACHE) &&
	for at in 30 48 75 96 130 200 $((size - 2))
	do
		git issue-list >/dev/null &&
		printf "\377" | dd of=$CACHE bs=1 seek=$at conv=notrunc 2>/dev/null &&
		git issue-list >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'a cache that is a directory, or unreadable, changes nothing' '
	git issue-list >expect &&
	rm -rf .git/issue-cache &&
	mkdir -p $CACHE &&
	git issue-list >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	rm -rf .git/issue-cache &&
	: >.git/issue-cache &&
	git issue-list >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	rm -f .git/issue-cache
'

test_expect_success 'a worktree shares the cache of the repository' '
	git issue-list >expect &&
	git worktree add -q wt &&
	(cd wt && git issue-list >../actual) &&
	test_cmp expect actual &&
	test_path_is_file $CACHE &&
	test_path_is_missing .git/worktrees/wt/issue-cache
'

test_expect_success 'readers and writers at once: every listing is whole and right' '
	gi-test-tool fill 60 3 &&
	rm -rf .git/issue-cache &&
	for i in 1 2 3 4
	do
		(
			for j in 1 2 3 4 5
			do
				git issue-list >list.$i.$j || exit 1
				git issue-note -i $((i * 10 + j)) "w $i $j" >/dev/null || exit 1
			done
		) &
	done &&
	wait &&
	for f in list.*
	do
		test_line_count -ge 60 $f &&
		test_grep ! -v "^#[0-9]" $f || return 1
	done &&
	ls .git/issue-cache >files &&
	printf "listing\nsummaries\n" >expect &&
	test_cmp expect files &&
	from_show >expect &&
	from_list >actual &&
	test_cmp expect actual &&
	same_as_full_load
'

test_expect_success 'a lock a killed writer left: the same listing, a warning naming it' '
	git issue-list >expect &&
	rm -f $CACHE &&
	>$CACHE.lock &&
	test_when_finished "rm -f $CACHE.lock" &&
	git issue-list >actual 2>err &&
	test_cmp expect actual &&
	test_path_is_missing $CACHE &&
	test_grep "^warning: .*/summaries. not updated: .*/summaries.lock. exists$" err &&
	test_grep "^hint: remove .*/summaries.lock. and try again$" err
'

test_expect_success 'one thread and several list the same' '
	rm -rf .git/issue-cache &&
	git -c issue.threads=1 issue-list >one &&
	rm -rf .git/issue-cache &&
	git -c issue.threads=4 issue-list >four &&
	test_cmp one four
'

test_expect_success 'a provisional issue and the number it became are one' '
	git init -q aliases &&
	(
		cd aliases &&
		gi-test-tool append refs/notes/issues new-1a2b3c4 \
			"{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"00000000000000b1\",\"kind\":\"note\",\"text\":\"written offline\"}" \
			"{\"time\":\"2026-01-04T00:00:02.000000Z\",\"id\":\"00000000000000b3\",\"kind\":\"alias\",\"created_as\":57}" &&
		gi-test-tool append refs/notes/issues 57 \
			"{\"time\":\"2026-01-04T00:00:01.000000Z\",\"id\":\"00000000000000b2\",\"kind\":\"note\",\"text\":\"written later\"}" \
			"{\"time\":\"2026-01-04T00:00:03.000000Z\",\"id\":\"00000000000000b4\",\"kind\":\"alias\",\"provisional\":\"new-1a2b3c4\"}" &&
		gi-test-tool append refs/notes/issues new-0000abc \
			"{\"time\":\"2026-01-04T00:00:04.000000Z\",\"id\":\"00000000000000b5\",\"kind\":\"note\",\"text\":\"still offline\"}" &&
		gi-test-tool append refs/notes/issues new-0000def \
			"{\"time\":\"2026-01-04T00:00:05.000000Z\",\"id\":\"00000000000000b6\",\"kind\":\"note\",\"text\":\"created, its number has no note\"}" \
			"{\"time\":\"2026-01-04T00:00:06.000000Z\",\"id\":\"00000000000000b7\",\"kind\":\"alias\",\"created_as\":58}" &&
		same_as_full_load &&
		test_grep "^#57  *-  *2 records" fast &&
		test_grep "^#58 " fast &&
		test_grep "^new-0000abc " fast &&
		test_grep ! "new-1a2b3c4" fast &&
		same_as_full_load
	)
'

test_expect_success 'the listing is kept by notes tree id: another tree, a corrupt file' '
	git issue-list >before &&
	test_path_is_file .git/issue-cache/listing &&
	git issue-note -i 99 "a new issue" >/dev/null &&
	git issue-list >after &&
	test_grep "^#99 " after &&
	rm .git/issue-cache/listing &&
	git issue-list >expect &&
	test_cmp expect after &&
	printf "GIILIST\0broken" >.git/issue-cache/listing &&
	git issue-list >actual &&
	test_cmp expect actual &&
	head -c 100 .git/issue-cache/listing >short &&
	mv short .git/issue-cache/listing &&
	git issue-list >actual &&
	test_cmp expect actual
'

test_done
