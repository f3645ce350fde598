#!/bin/sh

test_description='git issue-search reads raw notes: only record text counts, --kind, --issue, threads

The search looks for the pattern in the stored bytes before it parses a
line; these check that what it finds is what parsing every record would
find: never a key or a machine field, escapes of other writers, notes
stock git appended to out of order, superseded records, and the same
output on one thread and on several.'

. ./test-lib.sh

# a raw record line for issue $1 (appended as stock git would leave it)
raw () {
	gi-test-tool append refs/notes/issues "$@"
}

test_expect_success 'setup: records whose keys and machine fields hold the words' '
	git issue-note -i 1 "the deploy failed on friday" >id1 &&
	git issue-note -i 1 --tried "a meta tag" --failed "XFO must be a header" \
		--solution "set it in nginx" >id2 &&
	git issue-note -i 2 "nothing to see" >id3 &&
	raw 3 "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000c1\",\"kind\":\"note\",\"text\":\"time flies\",\"commit\":\"deadbeefcafe\",\"worktree\":\"/srv/zebra\"}"
'

test_expect_success 'a match in a key does not count' '
	test_expect_code 1 git issue-search worktree &&
	test_expect_code 1 git issue-search -E "wor.tree" &&
	test_expect_code 1 git issue-search "\"kind\"" &&
	test_expect_code 1 git issue-search supersedes
'

test_expect_success 'a match in a machine field does not count' '
	test_expect_code 1 git issue-search 2026-01-01T &&
	test_expect_code 1 git issue-search -E "2026-[0-9]+" &&
	test_expect_code 1 git issue-search deadbeef &&
	test_expect_code 1 git issue-search zebra &&
	test_expect_code 1 git issue-search 00000000000000c1 &&
	test_expect_code 1 git issue-search "$(cat id1)" &&
	test_expect_code 1 git issue-search -E "^note$"
'

test_expect_success 'but the same word in the text does' '
	git issue-search time >out &&
	test_line_count = 1 out &&
	test_grep "^#3 .*time flies" out &&
	git issue-note -i 2 "the kind of worktree that supersedes 2026-01-01T" >/dev/null &&
	for p in worktree "kind" supersedes 2026-01-01T
	do
		git issue-search "$p" >out &&
		test_line_count = 1 out &&
		test_grep "^#2 " out || return 1
	done
'

test_expect_success 'lesson parts are text; the author and branch are searched' '
	git issue-search "must be a header" >out &&
	test_grep "^#1 .*lesson" out &&
	git issue-search "A U Thor" >out &&
	test_line_count = 4 out
'

test_expect_success '-E anchors match the start and end of a value' '
	git issue-search -E "^the deploy" >out &&
	test_line_count = 1 out &&
	git issue-search -E "friday$" >out &&
	test_line_count = 1 out &&
	test_expect_code 1 git issue-search -E "^deploy" &&
	git issue-search -E "^(a meta|nothing) " >out &&
	test_line_count = 2 out
'

test_expect_success '-E alternations and classes' '
	git issue-search -E "nginx|flies" >out &&
	test_line_count = 2 out &&
	git issue-search -E "[xX][fF][oO] must" >out &&
	test_line_count = 1 out &&
	git issue-search -E "fr.day" >out &&
	test_line_count = 1 out
'

test_expect_success 'escapes written by other tools are read' '
	raw 4 "{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"00000000000000d1\",\"kind\":\"note\",\"text\":\"caf\\u00e9 on a\\/b \\u0022quoted\\u0022\"}" &&
	raw 4 "{\"time\": \"2026-01-02T00:00:01.000000Z\", \"id\": \"00000000000000d2\", \"kind\": \"note\", \"te\\u0078t\": \"spaced out\", \"labels\": [\"urgent\", {\"area\": \"caching\"}]}" &&
	for p in "café" "a/b" "\"quoted\"" "spaced out" urgent caching
	do
		git issue-search "$p" >out &&
		test_line_count = 1 out &&
		test_grep "^#4 " out || return 1
	done &&
	git issue-search -E "caf.+ on" >out &&
	test_line_count = 1 out &&
	git issue-search -E "^urgent$" >out &&
	test_line_count = 1 out &&
	test_expect_code 1 git issue-search labels &&
	test_expect_code 1 git issue-search area
'

test_expect_success 'patterns with quotes, backslashes and tabs' '
	git issue-note -i 5 "he said \"ship it\" on C:\\temp" >/dev/null &&
	printf "a\ttab" >msg &&
	git issue-note -i 5 -F msg >/dev/null &&
	git issue-search "\"SHIP IT\"" >out &&
	test_line_count = 1 out &&
	git issue-search "C:\\temp" >out &&
	test_line_count = 1 out &&
	git issue-search "$(printf "a\ttab")" >out &&
	test_line_count = 1 out &&
	git issue-search -E "\"ship it\" on C:.temp" >out &&
	test_line_count = 1 out
'

test_expect_success 'superseded records are not hits, however the supersedes is written' '
	old=$(git issue-note -i 6 "first yak advice") &&
	git issue-note -i 6 --supersede $old "better yak advice" >/dev/null &&
	raw 6 "{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"00000000000000e1\",\"kind\":\"note\",\"text\":\"escaped yak advice\"}" &&
	raw 6 "{\"time\":\"2026-01-03T00:00:01.000000Z\",\"id\":\"00000000000000e2\",\"kind\":\"retract\",\"supers\\u0065des\":\"00000000000000e1\"}" &&
	git issue-search yak >out &&
	test_line_count = 1 out &&
	test_grep "better yak" out
'

test_expect_success 'of the versions of a GitHub comment, only the newest is a hit' '
	raw 7 "{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"00000000000000f1\",\"kind\":\"comment\",\"text\":\"llama v1\",\"github_comment\":77,\"github_updated\":\"2026-01-04T00:00:00Z\"}" \
	    "{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"00000000000000f2\",\"kind\":\"comment\",\"text\":\"llama v2\",\"github_comment\":77,\"github_updated\":\"2026-01-05T00:00:00Z\"}" &&
	git issue-search llama >out &&
	test_line_count = 1 out &&
	test_grep "llama v2" out &&
	git issue-show 7 >show &&
	test_grep "llama v2" show &&
	test_grep ! "llama v1" show
'

test_expect_success 'a note stock git appended to: hits in order, once' '
	a=$(printf "git-issue 8\n" | git hash-object -w --stdin) &&
	git notes --ref=issues add -m "{\"time\":\"2026-01-09T00:00:00.000000Z\",\"id\":\"0000000000000a09\",\"kind\":\"note\",\"text\":\"okapi late\"}" $a &&
	git notes --ref=issues append -m "{\"time\":\"2026-01-08T00:00:00.000000Z\",\"id\":\"0000000000000a08\",\"kind\":\"note\",\"text\":\"okapi early\"}" $a &&
	git notes --ref=issues append -m "{\"time\":\"2026-01-09T00:00:00.000000Z\",\"id\":\"0000000000000a09\",\"kind\":\"note\",\"text\":\"okapi late\"}" $a &&
	git notes --ref=issues show $a >note &&
	test_line_count = 5 note &&
	git issue-search okapi >out &&
	cat >expect <<-\EOF &&
	#8  2026-01-08 00:00  note  0000000000000a08  okapi early
	#8  2026-01-09 00:00  note  0000000000000a09  okapi late
	EOF
	test_cmp expect out
'

test_expect_success '--kind lesson, tried, failed, solution' '
	raw 9 "{\"time\":\"2026-01-06T00:00:00.000000Z\",\"id\":\"0000000000000b01\",\"kind\":\"failed\",\"text\":\"meta tag ignored by the proxy\"}" &&
	git issue-search --kind lesson "meta tag" >out &&
	test_line_count = 2 out &&
	git issue-search --kind failed "meta tag" >out &&
	test_line_count = 1 out &&
	test_grep "^#9 " out &&
	git issue-search --kind failed "header" >out &&
	test_line_count = 1 out &&
	test_grep "^#1 .*lesson" out &&
	git issue-search --kind tried "meta tag" >out &&
	test_line_count = 1 out &&
	test_grep "^#1 .*lesson" out &&
	test_expect_code 1 git issue-search --kind solution "meta tag" &&
	git issue-search --kind solution nginx >out &&
	test_line_count = 1 out
'

test_expect_success '--kind note and other kinds as they are; repeatable' '
	git issue-search --kind note deploy >out &&
	test_line_count = 1 out &&
	test_expect_code 1 git issue-search --kind comment deploy &&
	git issue-search --kind comment llama >out &&
	test_line_count = 1 out &&
	git issue-search --kind note --kind failed "meta tag|deploy" -E >out &&
	test_line_count = 2 out &&
	test_expect_code 1 git issue-search --kind no-such-kind deploy
'

test_expect_success '--issue, repeatable' '
	git issue-note -i 10 "shared word pangolin" >/dev/null &&
	git issue-note -i 11 "shared word pangolin" >/dev/null &&
	git issue-note -i 12 "shared word pangolin" >/dev/null &&
	git issue-search --issue 11 pangolin >out &&
	test_line_count = 1 out &&
	test_grep "^#11 " out &&
	git issue-search --issue 10 --issue "#12" pangolin >out &&
	test_line_count = 2 out &&
	test_expect_code 1 git issue-search --issue 999 pangolin &&
	test_expect_code 128 git issue-search --issue abc pangolin 2>err &&
	test_grep "invalid issue number" err &&
	test_expect_code 129 git issue-search --kind "" pangolin
'

test_expect_success '--issue takes a provisional name, and means its number too' '
	git init -q aliases &&
	(
		cd aliases &&
		gi-test-tool append refs/notes/issues new-1a2b3c4 \
			"{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"00000000000000b1\",\"kind\":\"note\",\"text\":\"okapi, written offline\"}" \
			"{\"time\":\"2026-01-04T00:00:02.000000Z\",\"id\":\"00000000000000b3\",\"kind\":\"alias\",\"created_as\":57}" &&
		gi-test-tool append refs/notes/issues 57 \
			"{\"time\":\"2026-01-04T00:00:01.000000Z\",\"id\":\"00000000000000b2\",\"kind\":\"note\",\"text\":\"okapi, written once created\"}" \
			"{\"time\":\"2026-01-04T00:00:03.000000Z\",\"id\":\"00000000000000b4\",\"kind\":\"alias\",\"provisional\":\"new-1a2b3c4\"}" &&
		gi-test-tool append refs/notes/issues 58 \
			"{\"time\":\"2026-01-04T00:00:04.000000Z\",\"id\":\"00000000000000b5\",\"kind\":\"note\",\"text\":\"okapi elsewhere\"}" &&
		git issue-search okapi >all &&
		test_line_count = 3 all &&
		grep -v "elsewhere" all >expect &&
		git issue-search --issue new-1a2b3c4 okapi >actual &&
		test_cmp expect actual &&
		git issue-search --issue 57 okapi >actual &&
		test_cmp expect actual &&
		test_expect_code 1 git issue-search --issue new-0000abc okapi
	)
'

test_expect_success '--json with filters: one document, issue order' '
	git issue-search --json --kind note pangolin >out.json &&
	jq -r ".version, .pattern, ([.hits[].issue] | join(\",\"))" out.json >actual &&
	printf "1\npangolin\n10,11,12\n" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git issue-search --json nothing-like-this >out.json &&
	jq -c . out.json >actual &&
	echo "{\"version\":1,\"pattern\":\"nothing-like-this\",\"hits\":[]}" >expect &&
	test_cmp expect actual
'

same_on_threads () {
	git -c issue.threads=1 issue-search "$@" >one &&
	git -c issue.threads=4 issue-search "$@" >four &&
	test_cmp one four
}

test_expect_success 'many issues: the same hits on one thread and on four' '
	gi-test-tool fill 120 5 &&
	same_on_threads "of issue 7" &&
	same_on_threads -E "note [0-4] of issue 1[0-9]+:" &&
	same_on_threads --json worth &&
	same_on_threads -E -i "^BENCHMARK" &&
	same_on_threads --kind note --issue 3 --issue 90 benchmark &&
	git -c issue.threads=4 issue-search "of issue 7:" >out &&
	test_line_count = 5 out &&
	git -c issue.threads=4 issue-search benchmark >out &&
	test_line_count = 600 out
'

test_done
