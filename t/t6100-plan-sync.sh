#!/bin/sh

test_description='issues on GitHub: created once, imported whole, related

git issue-new online and offline, provisional issues created by
git issue-sync never twice (a dropped answer, a crash, a deleted cache,
two clones), every open issue imported whole and incrementally, and
parent/blocked-by mirrored to GitHub'"'"'s sub-issues and dependencies and
back, through Prism.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

TRASH=$(pwd -P)

# the number of issues on the server whose title is $1
issues_titled () {
	gh_admin GET issues | jq --arg t "$1" "[.[] | select(.title == \$t)] | length"
}

# the request log since the last "gh_admin DELETE log", counted by kind
log_kinds () {
	gh_admin GET log | jq -c ".counts.by_kind"
}

test_expect_success 'setup: server, Prism, a bare origin' '
	start_github &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	setup_github_repo &&
	git config issue.worktreeRoot wt
'

test_expect_success 'online: git issue-new creates the issue on GitHub at once' '
	git issue-new -m "Old browsers ignore the meta tag." --label bug \
		"XFO header ignored" >num 2>err &&
	echo 1 >expect &&
	test_cmp expect num &&
	gh_admin GET issues/1 >issue.json &&
	jq -r ".title, (.labels | map(.name) | join(\",\"))" issue.json >actual &&
	printf "XFO header ignored\nbug\n" >expect &&
	test_cmp expect actual &&
	jq -r .body issue.json >body &&
	test_grep "^Old browsers ignore the meta tag.$" body &&
	test_grep "^<!-- git-issue:new=[0-9a-f]\{7\} -->$" body &&
	git issue-show 1 >out &&
	test_grep "^issue #1: XFO header ignored \[open\]" out &&
	test_grep "^was new-[0-9a-f]\{7\}$" out &&
	test_grep "^    Old browsers ignore the meta tag.$" out &&
	test_grep ! "git-issue:new" out
'

test_expect_success 'the provisional name of an issue created at once is the same issue' '
	git issue-show --json 1 >show.json &&
	p=$(jq -r .provisional show.json) &&
	git issue-show --json "$p" >show.json &&
	jq -r ".issue" show.json >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'online with --parent and --blocked-by: the links are on GitHub too' '
	git issue-new --offline "Roadmap" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-new --parent 2 --blocked-by 1 "Step one" >num &&
	echo 3 >expect &&
	test_cmp expect num &&
	gh_admin GET issues/3 | jq -c "[.links.parent.number, [.links.blocked_by[].number]]" >actual &&
	echo "[2,[1]]" >expect &&
	test_cmp expect actual &&
	git issue-show --json 3 >show.json &&
	jq -c "[.parent.issue, .parent.status, .blocked_by[0].status]" show.json >actual &&
	echo "[2,\"mirrored\",\"mirrored\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'offline: a provisional issue, its worktree and notes, then a sync' '
	git issue-new --offline -m "Tokens leak into logs." "Redact tokens" >name &&
	p=$(cat name) &&
	git issue-worktree "$p" >path 2>/dev/null &&
	(cd "$(cat path)" && git issue-note "found it in the debug log" >/dev/null) &&
	git issue-note -i "$p" --tried "grep" --failed "binary logs" >/dev/null &&
	test $(issues_titled "Redact tokens") = 0 &&
	git issue-sync >out 2>err &&
	test_grep "created $p on GitHub as #4" err &&
	test $(issues_titled "Redact tokens") = 1 &&
	git issue-show 4 >show4 &&
	test_grep "^issue #4: Redact tokens \[open\]" show4 &&
	test_grep "^was $p$" show4 &&
	test_grep "found it in the debug log" show4 &&
	test_grep "binary logs" show4 &&
	gh_comments 4 | jq -r ".[].body" >comments &&
	test_grep "found it in the debug log" comments &&
	test_grep "binary logs" comments
'

test_expect_success 'after the sync the provisional name still works, and writes go to the number' '
	p=$(cat name) &&
	(
		cd "$(cat path)" &&
		git issue-note "written under the old branch" >/dev/null &&
		git issue-show >out &&
		test_grep "^issue #4: Redact tokens" out
	) &&
	a=$(printf "git-issue 4\n" | git hash-object --stdin) &&
	git notes --ref=issues show "$a" >note4 &&
	test_grep "written under the old branch" note4 &&
	git issue-list >list &&
	test_grep "^#4 " list &&
	test_grep ! "^$p" list
'

test_expect_success 'a second clone: the records under the number, either name' '
	p=$(cat name) &&
	git issue-sync >/dev/null 2>&1 &&
	git clone -q origin.git c2 &&
	(
		cd c2 &&
		setup_github_repo &&
		git issue-sync >/dev/null 2>&1 &&
		git issue-show 4 >out &&
		test_grep "found it in the debug log" out &&
		test_grep "written under the old branch" out &&
		git issue-show "$p" >out2 &&
		test_cmp out out2
	) &&
	test $(issues_titled "Redact tokens") = 1
'

# Prism turns a dropped connection into its own 500: go to the server.
test_expect_success 'the create stored but the answer dropped: one issue, and again after a rerun' '
	git issue-new --offline "Dropped answer" >name2 &&
	gh_admin POST faults "{\"type\":\"drop_after_store\",\"method\":\"POST\",\"path\":\"*/issues\"}" >/dev/null &&
	git -c issue.githubApi="$GH_TEST_SERVER_URL" issue-sync >out 2>err &&
	test $(issues_titled "Dropped answer") = 1 &&
	git issue-show --json "$(cat name2)" >show.json &&
	n=$(jq .issue show.json) &&
	test "$n" -gt 4 &&
	git -c issue.githubApi="$GH_TEST_SERVER_URL" issue-sync >/dev/null 2>&1 &&
	test $(issues_titled "Dropped answer") = 1
'

test_expect_success 'no answer and out of time after the POST, cache deleted: one issue' '
	git issue-new --offline "Crashed after the POST" >name3 &&
	gh_admin POST faults "{\"type\":\"delay\",\"delay_ms\":4000,\"method\":\"POST\",\"path\":\"*/issues\"}" >/dev/null &&
	git -c issue.githubApi="$GH_TEST_SERVER_URL" -c issue.syncTimeout=3 \
		issue-sync --hook pre-push origin origin.git 2>err &&
	sleep 2 &&
	test $(issues_titled "Crashed after the POST") = 1 &&
	git issue-show --json "$(cat name3)" >show.json &&
	jq -r .on_github show.json >actual &&
	echo false >expect &&
	test_cmp expect actual &&
	rm -rf .git/issue-sync &&
	gh_admin DELETE log >/dev/null &&
	git -c issue.githubApi="$GH_TEST_SERVER_URL" issue-sync >out 2>err &&
	test $(issues_titled "Crashed after the POST") = 1 &&
	gh_admin GET log | jq "[.requests[] | select(.kind == \"create-issue\")] | length" >posts &&
	echo 0 >expect &&
	test_cmp expect posts &&
	git issue-show --json "$(cat name3)" >show.json &&
	jq -r .on_github show.json >actual &&
	echo true >expect &&
	test_cmp expect actual
'

test_expect_success 'setup: two clones that both have a provisional issue' '
	git clone -q origin.git a &&
	git clone -q origin.git b &&
	for c in a b
	do
		(cd $c && setup_github_repo) || return 1
	done &&
	(cd a && git issue-new --offline "Raced" >../raced && git issue-sync --no-github >/dev/null 2>&1) &&
	(cd b && git issue-sync --no-github >/dev/null 2>&1) &&
	git -C b issue-show "$(cat raced)" >out &&
	test_grep "Raced" out &&
	gh_admin DELETE log >/dev/null
'

test_expect_success 'both sync it at the same moment: one issue' '
	{ (cd a && git issue-sync >../a.out 2>&1) & } &&
	(cd b && git issue-sync >../b.out 2>&1) &&
	wait &&
	cat a.out b.out &&
	test $(issues_titled "Raced") = 1 &&
	gh_admin GET log | jq "[.requests[] | select(.kind == \"create-issue\")] | length" >posts &&
	echo 1 >expect &&
	test_cmp expect posts &&
	(cd a && git issue-sync >/dev/null 2>&1) &&
	(cd b && git issue-sync >/dev/null 2>&1) &&
	test $(issues_titled "Raced") = 1 &&
	git -C a issue-show --json "$(cat raced)" >show.json &&
	na=$(jq .issue show.json) &&
	git -C b issue-show --json "$(cat raced)" >show.json &&
	nb=$(jq .issue show.json) &&
	test "$na" = "$nb" &&
	test "$na" -gt 0
'

test_expect_success 'the remote decides: the loser waits for the winner, then sees its number' '
	(cd a && git issue-new --offline "Decided" >../decided && git issue-sync --no-github >/dev/null 2>&1) &&
	(cd b && git issue-sync --no-github >/dev/null 2>&1) &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":500,\"method\":\"POST\",\"path\":\"*/issues\",\"count\":3}" >/dev/null &&
	(cd a && test_expect_code 1 git issue-sync >../a.out 2>&1) &&
	test_grep "not on GitHub after 3 tries" a.out &&
	test $(issues_titled "Decided") = 0 &&
	gh_admin DELETE log >/dev/null &&
	(cd b && git issue-sync >../b.out 2>&1) &&
	test_grep "$(cat decided) is being created on GitHub by A U Thor" b.out &&
	gh_admin GET log | jq "[.requests[] | select(.kind == \"create-issue\")] | length" >posts &&
	echo 0 >expect &&
	test_cmp expect posts &&
	(cd a && git issue-sync >/dev/null 2>&1) &&
	test $(issues_titled "Decided") = 1 &&
	(cd b && git issue-sync >/dev/null 2>&1) &&
	git -C b issue-show --json "$(cat decided)" >show.json &&
	jq -r .on_github show.json >actual &&
	echo true >expect &&
	test_cmp expect actual
'

test_expect_success 'a stale intent of a clone that is gone is taken over' '
	(cd a && git issue-new --offline "Abandoned" >../abandoned) &&
	p=$(cat abandoned) &&
	(
		cd a &&
		gi-test-tool append refs/notes/issues "$p" \
			"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"dead00000000beef\",\"kind\":\"intent\",\"author\":\"Gone <gone@example.com>\",\"clone\":\"0000000000000000\",\"login\":\"gone-user\",\"subject\":\"create\"}" &&
		git issue-sync --no-github >/dev/null 2>&1 &&
		git issue-sync >../a.out 2>&1
	) &&
	test_grep "taking it over" a.out &&
	test $(issues_titled "Abandoned") = 1
'

test_expect_success 'an open issue with no local records appears in issue-list --open; closed since, closed' '
	gh_admin POST issues "{\"title\":\"Nobody started this\",\"body\":\"the first words\",\"labels\":[\"help wanted\"]}" >made.json &&
	n=$(jq .number made.json) &&
	gh_admin POST issues "{\"title\":\"Done long ago\",\"state\":\"closed\"}" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-list --open >open &&
	test_grep "^#$n  *open .*Nobody started this" open &&
	git issue-list --open --label "help wanted" >helped &&
	test_line_count = 1 helped &&
	git issue-show "$n" >out &&
	test_grep "^    the first words$" out &&
	git issue-list --closed >closed &&
	test_grep "Done long ago" closed
'

test_expect_success 'an issue closed on GitHub is imported closed, with its reason' '
	n=$(jq .number made.json) &&
	gh_admin POST clock "{\"advance\":60}" >/dev/null &&
	gh_admin PATCH "issues/$n" "{\"state\":\"closed\",\"state_reason\":\"not_planned\"}" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-show "$n" >out &&
	test_grep "^issue #$n: Nobody started this \[closed as not planned\]" out &&
	git issue-list --closed >closed &&
	test_grep "Nobody started this" closed
'

test_expect_success 'the sync counts the issue records it imported' '
	gh_admin POST clock "{\"advance\":60}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Counted one\",\"body\":\"b\"}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Counted two\"}" >/dev/null &&
	git issue-sync --json >sync.json 2>err &&
	jq -r ".github.plan.imported" sync.json >actual &&
	echo 3 >expect &&
	test_cmp expect actual &&
	gh_admin POST clock "{\"advance\":60}" >/dev/null &&
	gh_admin POST issues "{\"title\":\"Counted three\"}" >/dev/null &&
	git issue-sync >line 2>err &&
	test_grep ", 1 imported" line
'

test_expect_success 'body edits on GitHub show in git issue-show' '
	gh_admin POST clock "{\"advance\":60}" >/dev/null &&
	gh_admin PATCH issues/1 "{\"body\":\"Rewritten on GitHub: set the header in nginx.\"}" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-show 1 >out &&
	test_grep "^    Rewritten on GitHub: set the header in nginx.$" out &&
	test_grep ! "Old browsers ignore" out &&
	git issue-show --format=markdown 1 >md &&
	test_grep "^> Rewritten on GitHub" md
'

test_expect_success 'a no-change sync makes only conditional requests' '
	git issue-sync >/dev/null 2>&1 &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync --json >out.json 2>err &&
	gh_admin GET log >log.json &&
	jq -r ".requests[] | [.method, .status, (.if_none_match != null)] | @tsv" log.json | sort | uniq -c >kinds &&
	jq -r ".requests[] | select(.status != 304 or .if_none_match == null) | \"\(.method) \(.path) \(.status)\"" log.json >other &&
	test_must_be_empty other &&
	test -s kinds
'

test_expect_success 'parent and blocked-by made locally appear on the server' '
	gh_admin POST issues "{\"title\":\"Parent P\"}" >p.json &&
	gh_admin POST issues "{\"title\":\"Child C\"}" >c.json &&
	gh_admin POST issues "{\"title\":\"Blocker B\"}" >b.json &&
	P=$(jq .number p.json) && C=$(jq .number c.json) && B=$(jq .number b.json) &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-link $C --parent $P --blocked-by $B 2>/dev/null &&
	git issue-sync >out 2>err &&
	test_grep "mirrored #$C as a sub-issue of #$P" err &&
	gh_admin GET issues/$C | jq -c "[.links.parent.number, [.links.blocked_by[].number]]" >actual &&
	echo "[$P,[$B]]" >expect &&
	test_cmp expect actual &&
	git issue-show --json $C >show.json &&
	jq -c "[.parent.status, .blocked_by[0].status]" show.json >actual &&
	echo "[\"mirrored\",\"mirrored\"]" >expect &&
	test_cmp expect actual &&
	git issue-show --tree $P >tree &&
	test_grep "^\`-- #$C Child C \[open\]  blocked by #$B (open)$" tree
'

test_expect_success 'unlinking locally removes them on the server' '
	C=$(jq .number c.json) &&
	git issue-link $C --unlink-parent --unblock $(jq .number b.json) 2>/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	gh_admin GET issues/$C | jq -c "[.links.parent, .links.blocked_by]" >actual &&
	echo "[null,[]]" >expect &&
	test_cmp expect actual &&
	git issue-show $C >out &&
	test_grep ! "^parent:" out
'

test_expect_success 'parent and blocked-by made on the server appear locally' '
	P=$(jq .number p.json) && C=$(jq .number c.json) && B=$(jq .number b.json) &&
	gh_admin POST sub_issues "{\"parent\":$P,\"child\":$C}" >/dev/null &&
	gh_admin POST dependencies "{\"issue\":$C,\"blocked_by\":$B}" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-show $C >out &&
	test_grep "^parent: #$P (open)$" out &&
	test_grep "^blocked by: #$B (open)$" out &&
	git issue-list --parent $P >kids &&
	test_grep "Child C" kids
'

test_expect_success 'removed on the server, removed here' '
	P=$(jq .number p.json) && C=$(jq .number c.json) && B=$(jq .number b.json) &&
	gh_admin DELETE sub_issues "{\"parent\":$P,\"child\":$C}" >/dev/null &&
	gh_admin DELETE dependencies "{\"issue\":$C,\"blocked_by\":$B}" >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-show --json $C >show.json &&
	jq -c "[.parent, .blocked_by]" show.json >actual &&
	echo "[null,[]]" >expect &&
	test_cmp expect actual
'

test_expect_success 'a roadmap made on GitHub: every level, closed sub-issues in the progress' '
	gh_admin POST issues "{\"title\":\"Master plan\"}" >m.json &&
	gh_admin POST issues "{\"title\":\"Phase one\",\"state\":\"closed\"}" >m1.json &&
	gh_admin POST issues "{\"title\":\"Phase two\"}" >m2.json &&
	gh_admin POST issues "{\"title\":\"Phase two, step A\"}" >m2a.json &&
	M=$(jq .number m.json) && M1=$(jq .number m1.json) &&
	M2=$(jq .number m2.json) && M2A=$(jq .number m2a.json) &&
	gh_admin POST sub_issues "{\"parent\":$M,\"child\":$M1}" >/dev/null &&
	gh_admin POST sub_issues "{\"parent\":$M,\"child\":$M2}" >/dev/null &&
	gh_admin POST sub_issues "{\"parent\":$M2,\"child\":$M2A}" >/dev/null &&
	gh_admin POST dependencies "{\"issue\":$M2A,\"blocked_by\":$M2}" >/dev/null &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-show --tree $M >tree &&
	cat >expect <<-EOF &&
	#$M Master plan [open]  1/3 done
	|-- #$M1 Phase one [closed]
	\`-- #$M2 Phase two [open]  0/1 done
	    \`-- #$M2A Phase two, step A [open]  blocked by #$M2 (open)
	EOF
	test_cmp expect tree &&
	gh_admin GET log | jq -r "[.requests[] | select(.kind == \"list-sub-issues\")] | length" >n &&
	echo 2 >expect &&
	test_cmp expect n
'

test_expect_success 'a 422 is reported with its errors[], the link stays, not mirrored' '
	P=$(jq .number p.json) && C=$(jq .number c.json) &&
	gh_admin POST issues "{\"title\":\"Other parent\"}" >o.json &&
	O=$(jq .number o.json) &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-link $C --parent $O 2>/dev/null &&
	gh_admin POST sub_issues "{\"parent\":$P,\"child\":$C}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "GitHub refused #$C as a sub-issue of #$O: Validation Failed (HTTP 422): Sub issue may only have one parent" err &&
	git issue-show $C >show &&
	test_grep "refused by GitHub: not mirrored" show &&
	git issue-show --json $C >show.json &&
	jq -r ".parent.status, .parent.error" show.json >actual &&
	test_grep "^refused$" actual &&
	test_grep "Sub issue may only have one parent" actual &&
	git issue-sync >out 2>err &&
	test_grep ! "refused" err
'

test_expect_success 'git issue-worktree for an unknown issue fetches it once, for the slug' '
	gh_admin POST issues "{\"title\":\"Fancy title here\"}" >f.json &&
	F=$(jq .number f.json) &&
	gh_admin DELETE log >/dev/null &&
	git issue-worktree $F >path 2>err &&
	test_grep "new branch .issue/$F-fancy-title-here." err &&
	log_kinds >kinds &&
	echo "{\"get-issue\":1}" >expect &&
	test_cmp expect kinds &&
	test_grep ! "known nowhere" err
'

test_expect_success 'a number GitHub does not know either: a warning, and the worktree' '
	git issue-worktree 9999 >path 2>err &&
	test_grep "warning: issue #9999 is known nowhere (no record here, and GitHub has none): probably a typo" err &&
	test_path_is_dir "$(cat path)" &&
	test_expect_code 1 git issue-show 9999 2>err &&
	test_grep "nothing is known of issue #9999" err
'

test_expect_success 'imports are the same bytes in two clones' '
	(cd a && git issue-sync >/dev/null 2>&1) &&
	(cd b && git issue-sync --no-github >/dev/null 2>&1 && rm -rf .git/issue-sync &&
		git issue-sync >/dev/null 2>&1) &&
	for n in 1 4
	do
		git -C a notes --ref=issues show $(anchor $n) >na &&
		git -C b notes --ref=issues show $(anchor $n) >nb &&
		test_cmp na nb || return 1
	done
'

gh_test_done
