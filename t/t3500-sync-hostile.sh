#!/bin/sh

test_description='git issue-sync against hostile comments, records and anchors'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

# every marker in our account's comments on issue N, one id a line, sorted
markers () {
	gh_comments "$1" | jq -r ".[] | select(.user.login == \"git-issue-bot\") | .body" |
	grep -o "<!-- git-issue:id=[0-9a-z]* -->" | sed "s/.*=//; s/ -->//" | sort
}

record_id () {
	git issue-show --json "$1" >show.json &&
	jq -r ".records[] | select(.text == \"$2\") | .id" show.json
}

test_expect_success 'setup: server, three issues' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"two\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"three\"}" >/dev/null &&
	setup_github_repo
'

test_expect_success 'a stranger'"'"'s forged marker does not stop a record' '
	git issue-note -i 1 "mine, to be mirrored" >/dev/null &&
	id=$(record_id 1 "mine, to be mirrored") &&
	gh_admin POST comments "{\"issue\":1,\"user\":\"mallory\",\"body\":\"nothing here <!-- git-issue:id=$id -->\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	gh_comments 1 | jq -r ".[] | select(.user.login == \"git-issue-bot\") | .body" >ours &&
	test_grep "mine, to be mirrored" ours &&
	test_grep "git-issue:id=$id" ours
'

test_expect_success 'a stranger'"'"'s comment with a marker is imported all the same' '
	git issue-show 1 >out &&
	test_grep "mallory" out &&
	test_grep "nothing here" out
'

test_expect_success 'our own comments are still not imported back' '
	git issue-show --json 1 >show.json &&
	jq -r "[.records[] | select(.kind == \"comment\") | .author] | sort | join(\" \")" show.json >actual &&
	echo mallory >expect &&
	test_cmp expect actual
'

test_expect_success 'a marker the stranger adds later does not hide a new record' '
	gh_admin POST comments "{\"issue\":1,\"user\":\"mallory\",\"body\":\"<!-- git-issue:id=0000000000000042 -->\"}" >/dev/null &&
	gi-test-tool append refs/notes/issues 1 \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000042\",\"kind\":\"note\",\"text\":\"forty-two\"}" &&
	git issue-sync >out 2>err &&
	markers 1 >m &&
	test_grep "^0000000000000042$" m
'

test_expect_success 'supersedes cannot forge markers into our comment' '
	forged="x --> <!-- git-issue:id=1111111111111111 --> <!-- git-issue:id=2222222222222222" &&
	gi-test-tool append refs/notes/issues 2 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"3333333333333333\",\"kind\":\"retract\",\"supersedes\":\"$forged\",\"text\":\"why\"}" &&
	git issue-sync >out 2>err &&
	markers 2 >m &&
	test_grep ! 1111111111111111 m &&
	test_grep ! 2222222222222222 m
'

test_expect_success 'a record whose id is not in the id alphabet is not mirrored, and says so' '
	gi-test-tool append refs/notes/issues 2 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"Bad Id!\",\"kind\":\"note\",\"text\":\"bad id\"}" &&
	git issue-sync >out 2>err &&
	rm -rf .git/issue-sync &&
	git issue-sync >out 2>err &&
	gh_comments 2 | jq -r ".[].body" >bodies &&
	test_grep ! "bad id" bodies &&
	git issue-show 2 >show 2>show.err &&
	test_grep "Unreadable lines" show
'

test_expect_success 'swapped anchors/ entries: each note still goes to its own issue' '
	git issue-note -i 3 "belongs to three" >/dev/null &&
	tip=$(git rev-parse refs/notes/issues) &&
	git ls-tree $tip >root &&
	git ls-tree $tip:anchors >anchors &&
	a1=$(awk "\$4 == \"1\" { print \$3 }" anchors) &&
	a3=$(awk "\$4 == \"3\" { print \$3 }" anchors) &&
	{
		grep -v -e "	1\$" -e "	3\$" anchors &&
		printf "100644 blob %s\t1\n100644 blob %s\t3\n" $a3 $a1
	} | git mktree >anchors.new &&
	{
		grep -v "	anchors\$" root &&
		printf "040000 tree %s\tanchors\n" $(cat anchors.new)
	} | git mktree >root.new &&
	c=$(git commit-tree -p $tip -m swapped $(cat root.new)) &&
	git update-ref refs/notes/issues $c &&
	git issue-list >list 2>list.err &&
	test_grep "^#1 .*one\|^#1 " list &&
	test_grep "anchors/1.*not the anchor of issue #1" list.err &&
	git issue-list >list2 2>list2.err &&
	test_cmp list list2 &&
	test_cmp list.err list2.err &&
	git issue-sync >out 2>err &&
	gh_comments 3 | jq -r ".[].body" >bodies3 &&
	test_grep "belongs to three" bodies3 &&
	gh_comments 1 | jq -r ".[].body" >bodies1 &&
	test_grep ! "belongs to three" bodies1
'

test_expect_success 'a comment with a lone surrogate: reported, the rest goes on' '
	gh_admin POST comments "{\"issue\":1,\"user\":\"octocat\",\"body\":\"broken \\ud800 text\"}" >/dev/null &&
	gh_admin POST comments "{\"issue\":1,\"user\":\"octocat\",\"body\":\"fine text after it\"}" >/dev/null &&
	git issue-note -i 3 "posted after the bad comment" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "lone UTF-16 surrogate in the answer, read as U+FFFD" err &&
	gh_comments 3 | jq -r ".[].body" >bodies3 &&
	test_grep "posted after the bad comment" bodies3 &&
	git issue-show 1 >show1 &&
	test_grep "fine text after it" show1 &&
	test_grep "broken .* text" show1
'

test_expect_success 'a NUL in an imported body or comment keeps the rest, shown' '
	gh_admin POST comments "{\"issue\":2,\"user\":\"octocat\",\"body\":\"before\\u0000the rest of the comment\"}" >/dev/null &&
	gh_admin POST clock "{\"advance\":2}" >/dev/null &&
	gh_admin PATCH issues/2 "{\"body\":\"head\\u0000the rest of the body\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	git issue-show 2 >show2 &&
	test_grep "before.*the rest of the comment" show2 &&
	test_grep "head.*the rest of the body" show2 &&
	git issue-show --json 2 >show2.json &&
	jq -r ".body" show2.json >body &&
	printf "head\357\277\275the rest of the body\n" >expect &&
	test_cmp expect body
'

gh_test_done
