#!/bin/sh

test_description='git issue-sync: rate limits and faults, without real sleeping'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

posted_once () {
	gh_comments "$1" | jq -r ".[].body" | grep -o "git-issue:id=[0-9a-f]*" |
		sort | uniq -d >dups &&
	test_must_be_empty dups
}

test_expect_success 'setup' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"two\"}" >/dev/null &&
	setup_github_repo &&
	git issue-note -i 1 "first" >/dev/null &&
	git issue-sync >/dev/null
'

test_expect_success 'a 500 on a GET is retried' '
	git issue-note -i 1 "after a 500" >/dev/null &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":500,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	git issue-sync --json >out.json 2>err &&
	jq -r ".ok, (.github.requests.retries > 0)" out.json >actual &&
	printf "true\ntrue\n" >expect &&
	test_cmp expect actual &&
	test_grep "would sleep" err &&
	posted_once 1
'

test_expect_success 'a malformed JSON body is an error, nothing posted blindly' '
	git issue-note -i 1 "after malformed" >/dev/null &&
	gh_admin POST faults "{\"type\":\"malformed\",\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	test_expect_code 1 gh_direct issue-sync >out 2>err &&
	test_grep "not a JSON list" err &&
	git issue-sync >/dev/null &&
	posted_once 1
'

test_expect_success 'a slow answer past the request timeout is retried' '
	git issue-note -i 1 "after slow" >/dev/null &&
	gh_admin POST faults "{\"type\":\"delay\",\"delay_ms\":3000,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	gh_direct -c issue.requestTimeout=500 \
		issue-sync --json >out.json 2>err &&
	jq -r ".ok, (.github.requests.retries > 0)" out.json >actual &&
	printf "true\ntrue\n" >expect &&
	test_cmp expect actual &&
	posted_once 1
'

test_expect_success 'a 500 on a POST: markers are read again before any retry' '
	git issue-note -i 2 "post fails once" >/dev/null &&
	gh_admin DELETE log >/dev/null &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":502,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "posting to issue #2: HTTP 502" err &&
	test_grep "the comment is not on issue #2; trying again" err &&
	gh_admin GET log | jq -r ".requests[] | \"\(.method) \(.kind) \(.status)\"" >log &&
	grep -A1 "POST create-comment 502" log >after &&
	test_grep "GET list-issue-comments" after &&
	posted_once 2
'

test_expect_success 'secondary rate limit with Retry-After: waits that long, then posts' '
	git issue-note -i 2 "secondary" >/dev/null &&
	gh_admin POST faults "{\"type\":\"secondary\",\"status\":403,\"retry_after\":42,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "would sleep 42 s" err &&
	posted_once 2
'

test_expect_success 'secondary rate limit without Retry-After: at least 60 s' '
	git issue-note -i 2 "secondary, no header" >/dev/null &&
	gh_admin POST faults "{\"type\":\"secondary_no_retry_after\",\"status\":429,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "would sleep 60 s" err &&
	posted_once 2
'

test_expect_success 'secondary rate limit that persists: exponential back-off, bounded' '
	git issue-note -i 2 "secondary forever" >/dev/null &&
	gh_admin POST faults "{\"type\":\"secondary_no_retry_after\",\"status\":403,\"method\":\"POST\",\"path\":\"*/comments\",\"count\":10}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	grep "would sleep" err >sleeps &&
	cat >expect <<-\EOF &&
	git-issue: test: would sleep 60 s
	git-issue: test: would sleep 120 s
	git-issue: test: would sleep 240 s
	EOF
	test_cmp expect sleeps &&
	test_grep "secondary rate limit" err &&
	gh_admin DELETE faults >/dev/null &&
	git issue-sync >/dev/null &&
	posted_once 2
'

test_expect_success 'primary limit within issue.syncMaxWait: waits for the reset by the server clock' '
	git issue-note -i 1 "primary short" >/dev/null &&
	gh_admin POST faults "{\"type\":\"primary\",\"status\":403,\"reset_in\":30,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "would sleep 31 s" err &&
	posted_once 1
'

test_expect_success 'primary limit beyond issue.syncMaxWait: stops cleanly, says when' '
	git issue-note -i 1 "primary long" >/dev/null &&
	gh_admin POST faults "{\"type\":\"primary\",\"status\":429,\"reset_in\":3600,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "rate limit exhausted; it resets in 3601 s" err &&
	test_grep ! "would sleep" err &&
	git issue-sync >/dev/null &&
	posted_once 1
'

test_expect_success 'the server clock, not ours, decides the wait' '
	gh_admin POST clock "{\"advance\":100000}" >/dev/null &&
	git issue-note -i 1 "skewed clock" >/dev/null &&
	gh_admin POST faults "{\"type\":\"primary\",\"status\":403,\"reset_in\":20,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "would sleep 21 s" err
'

test_expect_success 'a 403 that is not a rate limit is reported, not retried' '
	git issue-note -i 1 "forbidden" >/dev/null &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":404,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "posting to issue #1" err &&
	git issue-sync >/dev/null &&
	posted_once 1
'

test_expect_success 'server down: the git side still syncs, a clear error' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git issue-note -i 1 "server down" >/dev/null &&
	test_expect_code 1 git -c issue.githubApi=http://127.0.0.1:9 issue-sync >out 2>err &&
	test_grep "Could not connect\|Couldn.t connect\|connect" err &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

gh_test_done
