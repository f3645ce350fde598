# lib-github.sh: the GitHub-compatible test server behind Prism, for the
# sync tests. Source after test-lib.sh. Never reaches GitHub: everything is
# on 127.0.0.1.
#
#   start_github          start server.js and Prism (t/github/start.sh)
#   gh_admin METHOD PATH [JSON]   call the server's /_admin/ API directly
#   setup_github_repo     point the current repository at the server
#   gh_direct ARGS...     git ARGS against server.js directly
#   gh_comments N         the stored comments of issue N, one JSON array
#   gh_test_done          stop both, check Prism saw no violation, finish

GH_DIR=$(pwd)/github-run
# a fresh random token per run; tests must never find it in any output
GH_TEST_TOKEN=tok-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
GH_ENTERPRISE_TOKEN=$GH_TEST_TOKEN
GIT_ISSUE_TEST_NO_SLEEP=1
export GH_TEST_TOKEN GH_ENTERPRISE_TOKEN GIT_ISSUE_TEST_NO_SLEEP

start_github () {
	"$TEST_DIR/github/start.sh" "$GH_DIR" >"$GH_DIR.start.log" 2>&1 || {
		cat "$GH_DIR.start.log"
		return 1
	}
	. "$GH_DIR/env"
	# stop the servers however this script ends
	trap 'stop_github; die' EXIT
}

stop_github () {
	test -d "$GH_DIR" && "$TEST_DIR/github/stop.sh" "$GH_DIR" >/dev/null 2>&1
	return 0
}

gh_admin () {
	curl -sS -X "$1" -H 'Content-Type: application/json' \
		${3:+--data "$3"} "$GH_TEST_SERVER_URL/_admin/$2"
}

# The current repository mirrors to the test repository through Prism.
setup_github_repo () {
	git config issue.github git-issue-test/sandbox &&
	git config issue.githubApi "$GH_TEST_API_URL" &&
	git config issue.mutationDelay 0
}

# git "$@" with the API at server.js itself, not through Prism, for faults
# Prism would mask; the server's Link URLs then point at itself too (the
# client follows links to the API's own host only).
gh_direct () {
	gh_admin POST config "{\"public_url\":\"$GH_TEST_SERVER_URL\"}" >/dev/null &&
	git -c issue.githubApi="$GH_TEST_SERVER_URL" "$@"
	set -- $?
	gh_admin POST config "{\"public_url\":\"$GH_TEST_API_URL\"}" >/dev/null
	return $1
}

# Stored comment bodies of issue N, one JSON array.
gh_comments () {
	gh_admin GET "comments?issue=$1"
}

gh_test_done () {
	test_expect_success 'Prism saw no contract violation' '
		"$TEST_DIR/github/check-prism-log.sh" "$GH_DIR"
	'
	test_expect_success 'the token is nowhere in what the tests wrote' '
		{ git cat-file --batch-all-objects --batch >all-objects 2>/dev/null || :; } &&
		! grep -r -l -F -e "$GH_TEST_TOKEN" .
	'
	stop_github
	trap - EXIT
	test_done
}
