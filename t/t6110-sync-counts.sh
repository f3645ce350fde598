#!/bin/sh

test_description='git issue-sync counts what it did

Issues imported, updated, closed and created; records mirrored and
imported; links mirrored: each count in the summary line and in --json is
checked against what the fake GitHub and the notes say happened.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

# plan KEY...: members of .github.plan of sync.json, one a line
plan () {
	for k
	do
		jq -r ".github.plan.$k" sync.json || return 1
	done
}

advance () {
	gh_admin POST clock "{\"advance\":60}" >/dev/null
}

test_expect_success 'setup: server, Prism, a bare origin' '
	start_github &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo &&
	git issue-sync >/dev/null 2>&1
'

test_expect_success 'issues new here: imported, and their records' '
	advance &&
	for t in one two three four five six
	do
		gh_admin POST issues "{\"title\":\"Issue $t\"}" >/dev/null || return 1
	done &&
	git issue-sync --json >sync.json 2>err &&
	plan issues_imported issues_updated issues_closed imported >actual &&
	printf "6\n0\n0\n6\n" >expect &&
	test_cmp expect actual &&
	git issue-list --open >open &&
	test_line_count = 6 open &&
	advance &&
	gh_admin POST issues "{\"title\":\"Issue seven\"}" >/dev/null &&
	git issue-sync >line 2>err &&
	test_grep "; 1 issue imported" line &&
	test_grep ", 1 imported" line
'

test_expect_success 'an issue edited on GitHub: updated' '
	advance &&
	gh_admin PATCH issues/2 "{\"title\":\"Issue two, renamed\"}" >/dev/null &&
	git issue-sync --json >sync.json 2>err &&
	plan issues_imported issues_updated issues_closed >actual &&
	printf "0\n1\n0\n" >expect &&
	test_cmp expect actual &&
	git issue-show 2 >out &&
	test_grep "^issue #2: Issue two, renamed" out
'

test_expect_success 'an issue closed on GitHub: closed, said in the line' '
	advance &&
	gh_admin PATCH issues/3 "{\"state\":\"closed\"}" >/dev/null &&
	git issue-sync >line 2>err &&
	test_grep "; 1 issue updated; 1 issue closed" line &&
	test_grep ", 1 imported" line &&
	git issue-list --closed >closed &&
	test_grep "Issue three" closed
'

test_expect_success 'records mirrored, an issue created, a link mirrored' '
	git issue-note -i 1 "a note for GitHub" >/dev/null &&
	git issue-note -i 1 --tried "x" --failed "y" >/dev/null &&
	git issue-new --offline "Made offline" >num 2>/dev/null &&
	git issue-link 4 --blocked-by 5 >/dev/null 2>&1 &&
	git issue-sync --json >sync.json 2>err &&
	jq -r "[.github.issues[].posted | length] | add" sync.json >actual &&
	echo 2 >expect &&
	test_cmp expect actual &&
	plan "created | length" "links.mirrored" >actual &&
	printf "1\n1\n" >expect &&
	test_cmp expect actual &&
	gh_admin GET issues/1 >/dev/null &&
	gh_admin GET links >links.json &&
	jq -e "tostring | test(\"blocked\")" links.json >/dev/null
'

test_expect_success 'nothing new: nothing counted' '
	git issue-sync --json >sync.json 2>err &&
	plan issues_imported issues_updated issues_closed imported "created | length" >actual &&
	printf "0\n0\n0\n0\n0\n" >expect &&
	test_cmp expect actual
'

gh_test_done
