#!/bin/sh

test_description='git issue-list: summaries from raw notes, and their cache

The cache ($GIT_COMMON_DIR/issue-cache/summaries) is a cache only: with
it, without it, with a corrupt or foreign one, and while other processes
write, the listing is the same as from loading every issue.'

. ./test-lib.sh

CACHE=.git/issue-cache/summaries

# the listing as git issue-show --json sees every issue, to compare with
from_show () {
	for n in $(git issue-list --json | jq -r ".issues[].issue")
	do
		git issue-show --json $n |
		jq -r "[.issue, ([.records[] | select(.superseded | not)] | length),
			([.records[] | select(.superseded | not) |
			  select(.kind == \"lesson\" or .kind == \"tried\" or
				 .kind == \"failed\" or .kind == \"solution\")] | length),
			(.malformed | length), (.title // \"-\")] | @tsv" ||
		return 1
	done
}

from_list () {
	git issue-list --json |
	jq -r ".issues[] | [.issue, .records, .lessons, .malformed, (.title // \"-\")] | @tsv"
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
	test_grep "^3	1	0	0	Caching is broken" actual &&
	test_grep "^4	1	0	1	-" actual
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
	test_grep "^#1  *3 records" after &&
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
	echo summaries >expect &&
	test_cmp expect files &&
	from_show >expect &&
	from_list >actual &&
	test_cmp expect actual
'

test_expect_success 'one thread and several list the same' '
	rm -rf .git/issue-cache &&
	git -c issue.threads=1 issue-list >one &&
	rm -rf .git/issue-cache &&
	git -c issue.threads=4 issue-list >four &&
	test_cmp one four
'

test_done
