#!/bin/sh

test_description='git issue-sync: records mirrored to GitHub and back, through Prism'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

# every marker on issue N's comments, one id a line, sorted (duplicates kept)
markers () {
	gh_comments "$1" | jq -r ".[].body" |
	grep -o "git-issue:id=[0-9a-f]*" | sed "s/.*=//" | sort
}

# the ids of issue N's records that go to GitHub, sorted
mirrorable () {
	git issue-show --json "$1" >show.json &&
	jq -r ".records[] | select(.kind == \"note\" or .kind == \"lesson\" or .kind == \"retract\") | .id" show.json |
	sort
}

exactly_once () {
	markers "$1" >markers.actual &&
	mirrorable "$1" >markers.expect &&
	test_cmp markers.expect markers.actual
}

test_expect_success 'setup: server, Prism, a bare origin and two issues' '
	start_github &&
	gh_admin POST issues "{\"title\":\"XFO header is ignored\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Second issue\",\"labels\":[\"bug\"]}" >/dev/null &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo
'

test_expect_success 'a normal sync posts one comment per issue with every record' '
	git issue-note -i 1 "meta tag fails" >/dev/null &&
	git issue-note -i 1 --tried "meta tag" --failed "XFO must be an HTTP header" \
		--solution "server config" >/dev/null &&
	git issue-note -i 2 "on two" >/dev/null &&
	git issue-sync --json >out.json 2>err &&
	jq -r ".ok, ([.github.issues[].posted[]] | length), .github.requests.post" out.json >actual &&
	printf "true\n3\n2\n" >expect &&
	test_cmp expect actual &&
	gh_comments 1 | jq length >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	exactly_once 1 &&
	exactly_once 2
'

test_expect_success 'the comment is readable Markdown, without email addresses' '
	gh_comments 1 | jq -r ".[0].body" >body &&
	test_grep "^\*\*Lesson\*\* · A U Thor · " body &&
	test_grep "^- \*\*Tried:\*\* meta tag" body &&
	test_grep "^- \*\*Failed because:\*\* XFO must be an HTTP header" body &&
	test_grep "^- \*\*Solution:\*\* server config" body &&
	test_grep "^<!-- git-issue:id=[0-9a-f]* -->$" body &&
	test_grep ! "author@example.com" body
'

test_expect_success 'a rerun posts nothing and sends only conditional requests' '
	gh_admin DELETE log >/dev/null &&
	git issue-sync --json >out.json &&
	jq -r ".github.requests.post" out.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	exactly_once 1 && exactly_once 2
'

test_expect_success 'titles and labels come back as issue records' '
	git issue-show 1 >out &&
	test_grep "^issue #1: XFO header is ignored \[open\]" out &&
	git issue-show --json 2 >show.json &&
	jq -c "[.records[] | select(.kind == \"issue\") | .labels]" show.json >actual &&
	echo "[[\"bug\"]]" >expect &&
	test_cmp expect actual
'

test_expect_success 'a comment written on GitHub shows up in issue-show' '
	gh_admin POST comments "{\"issue\":1,\"body\":\"try the CSP frame-ancestors too\",\"user\":\"octocat\"}" >/dev/null &&
	git issue-sync >/dev/null &&
	git issue-show 1 >out &&
	test_grep "comment  octocat" out &&
	test_grep "try the CSP frame-ancestors too" out
'

test_expect_success 'our own comments are not imported back' '
	git issue-show --json 1 >show.json &&
	jq "[.records[] | select(.kind == \"comment\")] | length" show.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'an edit on GitHub supersedes the imported version' '
	id=$(gh_comments 1 | jq -r ".[] | select(.user.login == \"octocat\") | .id") &&
	gh_admin POST clock "{\"advance\":60}" >/dev/null &&
	gh_admin PATCH "comments/$id" "{\"body\":\"edited: CSP frame-ancestors works\"}" >/dev/null &&
	git issue-sync >/dev/null &&
	git issue-show 1 >out &&
	test_grep "edited: CSP frame-ancestors works" out &&
	test_grep ! "try the CSP frame-ancestors too" out &&
	git issue-show --json 1 >show.json &&
	jq "[.records[] | select(.kind == \"comment\")] | length" show.json >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'an unchanged list answers 304' '
	gh_admin DELETE log >/dev/null &&
	git issue-sync >/dev/null &&
	git issue-note -i 1 "poke" >/dev/null &&
	git issue-sync --json >out.json &&
	gh_admin GET log | jq ".counts.by_status[\"304\"] // 0" >n304 &&
	test $(cat n304) -ge 2
'

test_expect_success 'paginated comments over several pages are all imported' '
	gh_admin POST issues "{\"title\":\"Busy issue\"}" >/dev/null &&
	git issue-note -i 3 "tracking three" >/dev/null &&
	for i in $(test_seq 1 230)
	do
		gh_admin POST comments "{\"issue\":3,\"body\":\"human comment $i\"}" >/dev/null || return 1
	done &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync >/dev/null &&
	git issue-show --json 3 >show.json &&
	jq "[.records[] | select(.kind == \"comment\")] | length" show.json >actual &&
	echo 230 >expect &&
	test_cmp expect actual &&
	gh_admin GET log | jq -r ".requests[] | select(.kind == \"list-issue-comments\") | .path" >paths &&
	test_grep "^/repositories/" paths &&
	exactly_once 3
'

# Prism turns a dropped upstream connection into its own 500, so this
# fault goes to the server directly (GITHUB-CONTRACT.md).
test_expect_success 'the POST stored but the connection dropped: no duplicate' '
	git issue-note -i 2 "dropped answer" >/dev/null &&
	gh_admin POST faults "{\"type\":\"drop_after_store\",\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	gh_direct issue-sync >out 2>err &&
	exactly_once 2 &&
	gh_direct issue-sync >/dev/null 2>&1 &&
	exactly_once 2
'

test_expect_success 'a deleted cache never makes a duplicate' '
	git issue-note -i 1 "after the cache" >/dev/null &&
	git issue-sync >/dev/null &&
	rm -rf .git/issue-sync &&
	git issue-sync --json >out.json &&
	jq -r ".github.requests.post" out.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	exactly_once 1 && exactly_once 2 && exactly_once 3
'

test_expect_success 'two clones mirroring the same records post them once' '
	git clone -q origin.git c1 &&
	git clone -q origin.git c2 &&
	for c in c1 c2
	do
		(cd $c && setup_github_repo && git fetch -q origin refs/notes/issues:refs/notes/issues) || return 1
	done &&
	(cd c1 && git issue-note -i 2 "shared record" >/dev/null && git issue-sync --no-github >/dev/null) &&
	(cd c2 && git issue-sync --no-github >/dev/null) &&
	(cd c1 && git issue-sync >/dev/null) &&
	(cd c2 && git issue-sync >/dev/null) &&
	(cd c1 && exactly_once 2) &&
	(cd c2 && exactly_once 2)
'

test_expect_success 'imports are identical bytes in two clones' '
	(cd c1 && git issue-sync >/dev/null) &&
	(cd c2 && git issue-sync >/dev/null) &&
	(cd c1 && git issue-sync >/dev/null) &&
	git -C c1 notes --ref=issues show $(anchor 1) >n1 &&
	git -C c2 notes --ref=issues show $(anchor 1) >n2 &&
	test_cmp n1 n2
'

test_expect_success '--dry-run lists what would be posted and posts nothing' '
	git issue-sync >/dev/null &&
	git issue-note -i 1 "dry" >/dev/null &&
	git issue-show --json 1 >show.json &&
	id=$(jq -r ".records[] | select(.text == \"dry\") | .id" show.json) &&
	gh_admin POST comments "{\"issue\":1,\"body\":\"new on github, not imported yet\"}" >/dev/null &&
	gh_comments 1 | jq length >before &&
	git rev-parse refs/notes/issues >notes.before &&
	{
		GIT_ISSUE_TRACE=1 git issue-sync --dry-run --json >out.json 2>trace ||
		{ cat trace; false; }
	} &&
	jq -r ".github.issues[] | select(.issue == 1) | .would_post[]" out.json >actual &&
	echo "$id" >expect &&
	test_cmp expect actual &&
	jq -r ".github.imported" out.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	git rev-parse refs/notes/issues >notes.after &&
	test_cmp notes.before notes.after &&
	gh_comments 1 | jq length >after &&
	test_cmp before after
'

test_expect_success 'an issue missing on GitHub: a warning, records stay local' '
	git issue-note -i 999 "not on github" >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "issue #999 is not on GitHub" err
'

test_expect_success 'no token: a clear message, the git side still syncs' '
	git issue-note -i 1 "no token" >/dev/null &&
	(
		unset GH_ENTERPRISE_TOKEN &&
		test_expect_code 1 git issue-sync >out 2>err
	) &&
	test_grep "no GitHub token for 127.0.0.1" err &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'a bad token (401) is reported, the git side still syncs' '
	git issue-note -i 1 "bad token" >/dev/null &&
	GH_ENTERPRISE_TOKEN=wrong test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "Bad credentials (HTTP 401): the token for 127.0.0.1 from GH_ENTERPRISE_TOKEN was refused; set a valid one in GH_ENTERPRISE_TOKEN" err &&
	test_grep ! wrong err &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'an unknown repository (404) says what to check; git side synced' '
	git issue-note -i 1 "wrong repository" >/dev/null &&
	test_expect_code 1 git -c issue.github=nobody/nothing issue-sync >out 2>err &&
	test_grep "(HTTP 404): no repository nobody/nothing that this token can see" err &&
	git rev-parse refs/notes/issues >expect &&
	git -C origin.git rev-parse refs/notes/issues >actual &&
	test_cmp expect actual
'

test_expect_success 'a refusal that is not a rate limit (403) says which access is missing' '
	git issue-note -i 1 "forbidden post" >/dev/null &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":403,\"method\":\"POST\",\"path\":\"*/comments\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "(HTTP 403): the token may not do this on git-issue-test/sandbox" err &&
	git issue-sync >/dev/null
'

test_expect_success 'the token is never on a command line' '
	gh_admin POST faults "{\"type\":\"delay\",\"delay_ms\":1500,\"method\":\"GET\",\"path\":\"*\",\"count\":1}" >/dev/null &&
	git issue-note -i 1 "slow" >/dev/null &&
	{ git issue-sync >/dev/null 2>&1 & } &&
	pid=$! &&
	sleep 1 &&
	cat /proc/[0-9]*/cmdline 2>/dev/null | tr "\0" " " >cmdlines &&
	wait $pid &&
	test_grep ! -F "$GH_TEST_TOKEN" cmdlines
'

test_expect_success 'a record over GitHub'"'"'s comment limit is posted cut, and blocks nothing' '
	awk "BEGIN { for (i = 0; i < 1200; i++) printf \"line %04d of a very long record with plenty of words in it\\n\", i }" >huge &&
	test $(wc -c <huge) -gt 65536 &&
	git issue-note -i 2 -F huge >/dev/null &&
	git issue-note -i 2 "after the huge one" >/dev/null &&
	git issue-sync >/dev/null &&
	gh_comments 2 | jq -r "[.[] | .body | length] | max" >len &&
	test $(cat len) -lt 65536 &&
	gh_comments 2 | jq -r ".[].body" >bodies &&
	test_grep "cut at GitHub.s size limit" bodies &&
	test_grep "after the huge one" bodies &&
	exactly_once 2
'

gh_test_done
