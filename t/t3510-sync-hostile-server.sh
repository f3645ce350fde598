#!/bin/sh

test_description='git issue-sync against a hostile or broken server: empty errors, other hosts, echoed tokens, TLS'

. ./test-lib.sh
GH_TEST_CAPTURE=1
GH_TEST_TLS=1
export GH_TEST_CAPTURE GH_TEST_TLS
# as git, the sync lets these win over the configuration
unset GIT_SSL_CAINFO GIT_SSL_CAPATH GIT_SSL_NO_VERIFY
. "$TEST_DIR/lib-github.sh"

# what reached the other host: requests with a token, with a body
captured () {
	curl -sS "$GH_TEST_CAPTURE_URL/_capture/requests" | jq ".requests"
}

test_expect_success 'setup: server, Prism, the other host, two issues' '
	start_github &&
	# start.sh writes env unquoted: a path with a space (the trash
	# directory) does not survive sourcing it
	GH_TEST_TLS_CA=$GH_DIR/tls/ca.pem &&
	GH_TEST_CAPTURE_LOG=$GH_DIR/capture.requests &&
	test -f "$GH_TEST_TLS_CA" &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"two\"}" >/dev/null &&
	setup_github_repo &&
	git issue-note -i 1 "first" >/dev/null &&
	git issue-sync >/dev/null
'

test_expect_success 'an empty 403 body: an error, not a crash; the next sync works' '
	git issue-note -i 1 "after an empty 403" >/dev/null &&
	gh_admin POST faults "{\"type\":\"empty_error\",\"status\":403,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "no message (HTTP 403)" err &&
	git issue-sync >out 2>err &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "after an empty 403" bodies
'

test_expect_success 'an empty 429 with the limit at 0 is a primary limit, waited out' '
	git issue-note -i 1 "after an empty 429" >/dev/null &&
	gh_admin POST faults "{\"type\":\"empty_error\",\"status\":429,\"remaining_zero\":true,\"reset_in\":20,\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "would sleep 21 s" err
'

test_expect_success 'a Link to another host is not followed: no token, no request there' '
	curl -sS -X DELETE "$GH_TEST_CAPTURE_URL/_capture/requests" >/dev/null &&
	git issue-note -i 1 "link elsewhere" >/dev/null &&
	gh_admin POST faults "{\"type\":\"link_other_host\",\"prefix\":\"$GH_TEST_CAPTURE_URL\",\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	test_expect_code 1 gh_direct issue-sync >out 2>err &&
	test_grep "not sending GET to .$GH_TEST_CAPTURE_URL/.*(a link): it is not on the API.s host" err &&
	captured | jq "length" >n &&
	echo 0 >expect &&
	test_cmp expect n &&
	test_grep ! "$GH_TEST_CAPTURE_URL" .git/issue-sync/state.json
'

test_expect_success 'a cross-host redirect of a POST: neither the token nor the note goes there' '
	curl -sS -X DELETE "$GH_TEST_CAPTURE_URL/_capture/requests" >/dev/null &&
	git issue-note -i 2 "secret note text" >/dev/null &&
	gh_admin POST faults "{\"type\":\"redirect\",\"status\":307,\"location_prefix\":\"$GH_TEST_CAPTURE_URL\",\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	test_expect_code 1 gh_direct issue-sync >out 2>err &&
	test_grep "not sending POST to .$GH_TEST_CAPTURE_URL/.*(a redirect)" err &&
	captured | jq "[.[] | select(.authorization or .body_bytes > 0)] | length" >n &&
	echo 0 >expect &&
	test_cmp expect n &&
	captured | jq "length" >n &&
	test_cmp expect n
'

test_expect_success 'a redirect on the same host (a renamed repository) is followed, said once' '
	gh_admin POST faults "{\"type\":\"redirect\",\"status\":307,\"location_prefix\":\"$GH_TEST_SERVER_URL\",\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	gh_direct issue-sync >out 2>err &&
	test_grep "GitHub says git-issue-test/sandbox has moved: .* is redirected to .*/repositories/" err &&
	grep -c "has moved" err >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	gh_comments 2 | jq -r ".[].body" >bodies &&
	test_grep "secret note text" bodies
'

test_expect_success 'an error that echoes the token is shown with the token redacted' '
	git issue-note -i 1 "echo" >/dev/null &&
	gh_admin POST faults "{\"type\":\"echo_auth_error\",\"status\":422,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	test_expect_code 1 gh_direct issue-sync >out 2>err &&
	test_grep "\[token\]" err &&
	test_grep ! -F "$GH_TEST_TOKEN" err
'

test_expect_success 'a user name and password in issue.githubApi: refused, never shown, nothing sent' '
	git issue-note -i 1 "userinfo" >/dev/null &&
	api=$(echo "$GH_TEST_SERVER_URL" | sed "s|://|://alice:pa55word@|") &&
	gh_admin DELETE log >/dev/null &&
	test_expect_code 1 env GIT_ISSUE_TRACE=1 \
		git -c issue.githubApi="$api" issue-sync >out 2>err &&
	test_expect_code 1 git -c issue.githubApi="$api" issue-sync --json >out.json 2>>err &&
	git -c issue.githubApi="$api" issue-new "not created" >out.new 2>>err &&
	test_grep "issue.githubApi .$GH_TEST_SERVER_URL. has a user name or password in it: not used" err &&
	test_grep ! "pa55word" out err out.json out.new &&
	test_grep ! "alice" out err out.json out.new &&
	gh_admin GET log >log.json &&
	jq -e ".requests | length == 0" log.json
'

test_expect_success 'a URL a server gives is shown without its user name and password' '
	git issue-note -i 1 "userinfo in a link" >/dev/null &&
	gh_admin POST faults "{\"type\":\"link_other_host\",\"prefix\":\"http://bob:hunter2@127.0.0.1:1\",\"method\":\"GET\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	test_expect_code 1 gh_direct issue-sync >out 2>err &&
	test_grep "not sending GET to .http://127.0.0.1:1/" err &&
	test_grep ! "hunter2" out err
'

test_expect_success 'TLS with a private CA: refused, not retried, and says what to set' '
	git issue-note -i 1 "over tls" >/dev/null &&
	test_expect_code 1 git -c issue.githubApi="$GH_TEST_TLS_URL" issue-sync >out 2>err &&
	test_grep "set http.sslCAInfo or GIT_SSL_CAINFO" err &&
	test_grep ! "would sleep" err
'

test_expect_success 'TLS: http.sslCAInfo is honoured' '
	git -c issue.githubApi="$GH_TEST_TLS_URL" -c http.sslCAInfo="$GH_TEST_TLS_CA" \
		issue-sync >out 2>err &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "over tls" bodies
'

test_expect_success 'TLS: http.<url>.sslCAInfo, GIT_SSL_CAINFO, GIT_SSL_NO_VERIFY, http.sslVerify' '
	git issue-note -i 1 "tls 2" >/dev/null &&
	git -c issue.githubApi="$GH_TEST_TLS_URL" -c "http.$GH_TEST_TLS_URL/.sslCAInfo=$GH_TEST_TLS_CA" \
		issue-sync >out 2>err &&
	git issue-note -i 1 "tls 3" >/dev/null &&
	GIT_SSL_CAINFO="$GH_TEST_TLS_CA" git -c issue.githubApi="$GH_TEST_TLS_URL" issue-sync >out 2>err &&
	git issue-note -i 1 "tls 4" >/dev/null &&
	GIT_SSL_NO_VERIFY=1 git -c issue.githubApi="$GH_TEST_TLS_URL" issue-sync >out 2>err &&
	test_grep "are not checked" err &&
	git issue-note -i 1 "tls 5" >/dev/null &&
	git -c issue.githubApi="$GH_TEST_TLS_URL" -c http.sslVerify=false issue-sync >out 2>err &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	for t in "tls 2" "tls 3" "tls 4" "tls 5"
	do
		test_grep "$t" bodies || return 1
	done &&
	test_expect_code 1 git -c issue.githubApi="$GH_TEST_TLS_URL" \
		-c "http.https://elsewhere.example/.sslCAInfo=$GH_TEST_TLS_CA" issue-sync >out 2>err
'

gh_test_done
