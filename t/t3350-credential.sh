#!/bin/sh

test_description='the token from git credential: the full URL, approve after success, reject after 401'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

TRASH=$(pwd)

test_expect_success 'setup: server, a credential helper that knows host:port only' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	setup_github_repo &&
	hostport=${GH_TEST_API_URL#http://} &&
	echo "$hostport" >hostport &&
	# like a store keyed by host and port; logs every call, never the
	# password; answers with $HELPER_TOKEN
	write_script helper <<-EOF &&
	op=\$1
	input=\$(cat)
	echo "\$op" >>"$TRASH/helper.log"
	printf "%s\n" "\$input" | grep -v "^password=" | sed "s/^/  /" >>"$TRASH/helper.log"
	if test "\$op" = get && printf "%s\n" "\$input" | grep -qx "host=$hostport"
	then
		echo username=x-access-token
		echo "password=\$HELPER_TOKEN"
	fi
	EOF
	git config credential.helper "!\"$TRASH/helper\"" &&
	git issue-note -i 1 "through git credential" >/dev/null
'

test_expect_success 'the host is asked with its port, and found' '
	(
		unset GH_ENTERPRISE_TOKEN &&
		HELPER_TOKEN=$GH_TEST_TOKEN && export HELPER_TOKEN &&
		git issue-sync >out 2>err
	) &&
	test_grep "^  host=$(cat hostport)$" helper.log &&
	gh_comments 1 | jq -r ".[].body" >bodies &&
	test_grep "through git credential" bodies
'

test_expect_success 'a token that worked is approved, as git does' '
	test_grep "^store$" helper.log &&
	test_grep ! "^erase$" helper.log
'

test_expect_success 'a refused token is rejected, and the message says where it came from' '
	: >helper.log &&
	git issue-note -i 1 "refused" >/dev/null &&
	(
		unset GH_ENTERPRISE_TOKEN &&
		HELPER_TOKEN=bad-token && export HELPER_TOKEN &&
		test_expect_code 1 git issue-sync >out 2>err
	) &&
	test_grep "^erase$" helper.log &&
	test_grep ! "^store$" helper.log &&
	test_grep "(HTTP 401): the token for $(cat hostport | sed "s/:.*//") from .git credential fill. was refused and rejected" err
'

test_expect_success 'a refused token from the environment names the variable' '
	GH_ENTERPRISE_TOKEN=wrong test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "from GH_ENTERPRISE_TOKEN was refused" err
'

gh_test_done
