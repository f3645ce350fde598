#!/bin/sh

test_description='the inbound walk is immune to items that move while it reads'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

imported_ids () {
	git issue-show --json 1 >show.json &&
	jq -r ".records[] | select(.kind == \"comment\") | .github_comment" show.json |
	sort -u
}

github_ids () {
	gh_comments 1 | jq -r ".[] | select(.user.login != \"git-issue-bot\") | .id" | sort -u
}

test_expect_success 'setup: issue 1 tracked and read once, then 150 comments' '
	start_github &&
	gh_admin POST issues "{\"title\":\"busy\"}" >/dev/null &&
	setup_github_repo &&
	git issue-note -i 1 "tracking" >/dev/null &&
	git issue-sync >/dev/null &&
	for i in $(test_seq 1 150)
	do
		gh_admin POST clock "{\"advance\":1}" >/dev/null &&
		gh_admin POST comments "{\"issue\":1,\"user\":\"octocat\",\"body\":\"comment $i\"}" >/dev/null || return 1
	done &&
	gh_admin POST clock "{\"advance\":1}" >/dev/null &&
	gh_comments 1 | jq -r ".[] | select(.body == \"comment 5\") | .id" >c5 &&
	test -s c5
'

test_expect_success 'a comment edited while page 2 is read: nothing is lost' '
	gh_admin POST faults "{\"type\":\"edit_during_walk\",\"page\":2,\"comment_id\":$(cat c5),\"path\":\"*/issues/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	git issue-sync >out 2>err &&
	github_ids >expect &&
	imported_ids >actual &&
	test_cmp expect actual
'

test_expect_success 'a comment edited while the second request of the walk is read: nothing is lost' '
	for i in $(test_seq 151 260)
	do
		gh_admin POST clock "{\"advance\":1}" >/dev/null &&
		gh_admin POST comments "{\"issue\":1,\"user\":\"octocat\",\"body\":\"comment $i\"}" >/dev/null || return 1
	done &&
	gh_comments 1 | jq -r ".[] | select(.body == \"comment 160\") | .id" >c160 &&
	gh_admin DELETE faults >/dev/null &&
	# the first request of the walk takes a harmless fault, the second
	# (whatever its page) the edit
	gh_admin POST faults "{\"type\":\"delay\",\"delay_ms\":1,\"method\":\"GET\",\"path\":\"*/issues/comments\"}" >/dev/null &&
	gh_admin POST faults "{\"type\":\"edit_during_walk\",\"page\":1,\"comment_id\":$(cat c160),\"path\":\"*/issues/comments\"}" >/dev/null &&
	gh_admin POST faults "{\"type\":\"edit_during_walk\",\"page\":2,\"comment_id\":$(cat c160),\"path\":\"*/issues/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	git issue-sync >out 2>err &&
	github_ids >expect &&
	imported_ids >actual &&
	test_cmp expect actual &&
	git issue-show 1 >show &&
	test_grep "comment 160 (edited during the walk)" show
'

test_expect_success 'more than a page of comments in one second: the walk still ends, all read' '
	gh_admin DELETE faults >/dev/null &&
	gh_admin POST clock "{\"advance\":5}" >/dev/null &&
	for i in $(test_seq 1 130)
	do
		gh_admin POST comments "{\"issue\":1,\"user\":\"octocat\",\"body\":\"same second $i\"}" >/dev/null || return 1
	done &&
	git issue-sync >out 2>err &&
	github_ids >expect &&
	imported_ids >actual &&
	test_cmp expect actual
'

gh_test_done
