#!/bin/sh

test_description='an issue'"'"'s life: close, reopen and edit as records

git issue-close, git issue-reopen and git issue-edit for provisional and
real issues, offline: records that stock git merges, seen at once by
show, list and the ready queue; GitHub'"'"'s limits checked before anything
is written; then mirrored to GitHub through Prism: one PATCH per issue, a
provisional issue created with its final state, a change made on GitHub
later winning, and a refusal said once and never sent again.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

# the number of issues on the server whose title is $1
issues_titled () {
	gh_admin GET issues | jq --arg t "$1" "[.[] | select(.title == \$t)] | length"
}

test_expect_success 'setup' '
	git commit -q --allow-empty -m init &&
	git issue-new --offline --label bug -m "The parser drops tabs." \
		"Tabs dropped" >name &&
	p=$(cat name) &&
	git issue-note -i 900 "an issue known only by its notes" >/dev/null
'

test_expect_success 'git issue-close: a record, the state at once' '
	p=$(cat name) &&
	git issue-close --reason not-planned -m "a duplicate of the lexer bug" \
		"$p" 2>err &&
	test_grep "closed $p" err &&
	git issue-show "$p" >out &&
	test_grep "^issue $p: Tabs dropped \[closed as not planned\]" out &&
	test_grep "closed as not planned" out &&
	test_grep "a duplicate of the lexer bug" out &&
	git issue-list --closed >list &&
	test_grep "^$p closed" list &&
	git issue-list --open >list &&
	test_grep ! "^$p" list
'

test_expect_success 'the record is an edit record stock git reads' '
	p=$(cat name) &&
	a=$(printf "git-issue %s\n" "$p" | git hash-object --stdin) &&
	git notes --ref=issues show "$a" >note &&
	grep "\"kind\":\"edit\"" note >edits &&
	test_line_count = 1 edits &&
	test_grep "\"field\":\"state\"" edits &&
	test_grep "\"state\":\"closed\"" edits &&
	test_grep "\"state_reason\":\"not_planned\"" edits &&
	test_grep "\"base\":\"[0-9a-f]\{16\}\"" edits
'

test_expect_success 'closing a closed issue writes nothing' '
	p=$(cat name) &&
	before=$(git rev-parse refs/notes/issues) &&
	git issue-close "$p" 2>err &&
	test_grep "closed already" err &&
	test "$(git rev-parse refs/notes/issues)" = "$before"
'

test_expect_success 'git issue-reopen' '
	p=$(cat name) &&
	git issue-reopen --json "$p" >out.json &&
	jq -c "[.state, .changed]" out.json >actual &&
	echo "[\"open\",[\"state\"]]" >expect &&
	test_cmp expect actual &&
	git issue-show "$p" >out &&
	test_grep "^issue $p: Tabs dropped \[open\]" out &&
	git issue-reopen "$p" 2>err &&
	test_grep "open already" err
'

test_expect_success 'git issue-edit: title, body, labels in one write' '
	p=$(cat name) &&
	before=$(git rev-list --count refs/notes/issues) &&
	git issue-edit "$p" --title "Tabs dropped by the parser" \
		--body "Tabs vanish in the parser." --add-label parser \
		--remove-label bug --json >out.json &&
	test $(git rev-list --count refs/notes/issues) = $((before + 1)) &&
	jq -c ".changed" out.json >actual &&
	echo "[\"title\",\"body\",\"label\"]" >expect &&
	test_cmp expect actual &&
	git issue-show "$p" >out &&
	test_grep "^issue $p: Tabs dropped by the parser \[open\]" out &&
	test_grep "^labels: parser$" out &&
	test_grep "^    Tabs vanish in the parser.$" out &&
	git issue-show --json "$p" >show.json &&
	jq -c "[.labels, .body]" show.json >actual &&
	echo "[[\"parser\"],\"Tabs vanish in the parser.\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'git issue-edit: a label already there is no change' '
	p=$(cat name) &&
	git issue-edit "$p" --add-label PARSER --title "Tabs dropped by the parser" 2>err &&
	test_grep "nothing to change" err &&
	test_expect_code 1 git issue-edit "$p" --add-label x --remove-label x 2>err &&
	test_grep "both added and removed" err
'

test_expect_success 'git issue-edit -e starts from the body' '
	p=$(cat name) &&
	write_script ed.sh <<-\EOF &&
	sed -i "s/vanish/disappear/" "$1"
	EOF
	GIT_EDITOR=./ed.sh git issue-edit -e "$p" 2>err &&
	git issue-show --json "$p" >show.json &&
	jq -r .body show.json >actual &&
	echo "Tabs disappear in the parser." >expect &&
	test_cmp expect actual
'

test_expect_success 'usage: nothing to do, no issue, an unknown reason' '
	test_expect_code 129 git issue-edit 5 2>err &&
	test_grep "nothing to do" err &&
	test_expect_code 129 git issue-close 2>err &&
	test_expect_code 129 git issue-close --reason wontfix 5 2>err &&
	test_grep "unknown reason" err &&
	test_expect_code 129 git issue-reopen 1 2 2>err
'

test_expect_success 'an issue known nowhere here is refused' '
	test_expect_code 1 git issue-close 4242 2>err &&
	test_grep "not known here" err
'

test_expect_success 'an issue known only by its notes can be closed' '
	git issue-close 900 2>err &&
	git issue-show 900 >out &&
	test_grep "^issue #900 \[closed\]" out &&
	test_grep "^not on GitHub yet: state$" out
'

test_expect_success 'the ready queue and what it blocks see a close at once' '
	git issue-new --offline "First step" >first &&
	git issue-new --offline --blocked-by "$(cat first)" "Second step" >second &&
	git issue-ready --json >ready.json &&
	jq -r "[.ready[].issue] | join(\" \")" ready.json >actual &&
	test_grep ! "$(cat second)" actual &&
	git issue-close "$(cat first)" 2>/dev/null &&
	git issue-ready --json >ready.json &&
	jq -r "[.ready[].issue] | join(\" \")" ready.json >actual &&
	test_grep "$(cat second)" actual
'

test_expect_success 'GitHub'"'"'s limits: a title of 257 characters' '
	before=$(git rev-parse refs/notes/issues) &&
	t257=$(printf "%0257d" 0) &&
	test_expect_code 1 git issue-new --offline "$t257" 2>err &&
	test_grep "the title is 257 characters; GitHub.s limit is 256" err &&
	test_expect_code 1 git issue-edit "$(cat name)" --title "$t257" 2>err &&
	test_grep "limit is 256" err &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	t256=$(printf "%0256d" 0) &&
	git issue-new --offline "$t256" >/dev/null
'

test_expect_success 'GitHub'"'"'s limits count what git-issue adds to a body' '
	before=$(git rev-parse refs/notes/issues) &&
	head -c 65520 /dev/zero | tr "\0" x >body65520 &&
	test_expect_code 1 git issue-new --offline -F body65520 "Long" 2>err &&
	test_grep "the body is 65552 characters with the 32 that git-issue adds; GitHub.s limit is 65536" err &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	head -c 65504 /dev/zero | tr "\0" x >body65504 &&
	git issue-new --offline -F body65504 "Long" >long &&
	head -c 65510 /dev/zero | tr "\0" x >body65510 &&
	test_expect_code 1 git issue-edit "$(cat long)" --body-file body65510 2>err &&
	test_grep "limit is 65536" err
'

test_expect_success 'a character beyond U+FFFF counts twice, as GitHub counts' '
	emoji=$(printf "\360\237\230\200") &&
	t=$(printf "%0255d" 0)$emoji &&
	test_expect_code 1 git issue-new --offline "$t" 2>err &&
	test_grep "the title is 257 characters" err
'

test_expect_success 'labels: empty or over 50 characters are refused' '
	test_expect_code 1 git issue-new --offline --label "" "L" 2>err &&
	test_grep "a label is empty" err &&
	l51=$(printf "%051d" 0) &&
	test_expect_code 1 git issue-edit "$(cat name)" --add-label "$l51" 2>err &&
	test_grep "GitHub.s limit is 50" err
'

test_expect_success 'two clones edit: stock git merges the records' '
	git clone -q . c2 &&
	git fetch -q . refs/notes/issues:refs/notes/base &&
	(
		cd c2 &&
		git fetch -q .. refs/notes/issues:refs/notes/issues &&
		git issue-edit "$(cat ../name)" --add-label from-c2 2>/dev/null
	) &&
	git issue-edit "$(cat name)" --add-label here 2>/dev/null &&
	git fetch -q c2 refs/notes/issues:refs/notes/theirs &&
	git notes --ref=issues merge -s cat_sort_uniq refs/notes/theirs &&
	git issue-show --json "$(cat name)" >show.json &&
	jq -c ".labels | sort" show.json >actual &&
	echo "[\"from-c2\",\"here\",\"parser\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'a blocker closed here is named closed at once' '
	git issue-new --offline "State: the blocker" >sb &&
	git issue-new --offline --blocked-by "$(cat sb)" "State: the blocked" >sc &&
	git issue-close --reason not-planned "$(cat sb)" 2>/dev/null &&
	git issue-show "$(cat sc)" >out &&
	test_grep "^blocked by: $(cat sb) (closed)" out &&
	git issue-show --json "$(cat sc)" >show.json &&
	jq -r ".blocked_by[0].state" show.json >actual &&
	echo closed >expect &&
	test_cmp expect actual
'

test_expect_success 'setup: GitHub' '
	start_github &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin HEAD &&
	setup_github_repo
'

test_expect_success 'a provisional issue closed offline reaches GitHub closed' '
	git issue-new --offline "Closed before it was created" >c &&
	git issue-close --reason not-planned "$(cat c)" 2>/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "GitHub refuses the edit of #900: Not Found (HTTP 404)" err &&
	git issue-show --json "$(cat c)" >show.json &&
	n=$(jq .issue show.json) &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -c "[.state, .state_reason]" issue.json >actual &&
	echo "[\"closed\",\"not_planned\"]" >expect &&
	test_cmp expect actual
'

# the request log since the last "gh_admin DELETE log", counted by kind
log_kinds () {
	gh_admin GET log | jq -c ".counts.by_kind"
}

test_expect_success 'close a real issue with why: one PATCH, the why a comment' '
	git issue-new -m "Reports lose their footer." "Footer lost" >num &&
	n=$(cat num) &&
	git issue-sync >/dev/null 2>&1 &&
	git issue-close --reason not-planned -m "the footer goes away" "$n" 2>/dev/null &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync >out 2>err &&
	log_kinds >kinds &&
	jq -r ".\"update-issue\"" kinds >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -c "[.state, .state_reason]" issue.json >actual &&
	echo "[\"closed\",\"not_planned\"]" >expect &&
	test_cmp expect actual &&
	gh_comments "$n" >comments.json &&
	jq -r ".[].body" comments.json >comments &&
	test_grep "closed as not planned" comments &&
	test_grep "the footer goes away" comments &&
	git issue-show "$n" >show &&
	test_grep "^issue #$n: Footer lost \[closed as not planned\]" show &&
	test_grep ! "not on GitHub yet" show
'

test_expect_success 'the next sync sends nothing again' '
	gh_admin DELETE log >/dev/null &&
	git issue-sync >out 2>err &&
	log_kinds >kinds &&
	jq -r "[.\"update-issue\", .\"create-comment\"] | map(. // 0) | add" kinds >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'title, body and labels: one PATCH, the marker kept' '
	n=$(cat num) &&
	git issue-reopen "$n" 2>/dev/null &&
	git issue-edit "$n" --title "Footer lost in reports" \
		--body "The footer is cut off." --add-label report 2>/dev/null &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync --json >sync.json 2>err &&
	jq -c ".github.plan.edits | [.patched, .mirrored, .refused]" sync.json >actual &&
	echo "[1,4,[]]" >expect &&
	test_cmp expect actual &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -c "[.state, .title, (.labels | map(.name))]" issue.json >actual &&
	echo "[\"open\",\"Footer lost in reports\",[\"report\"]]" >expect &&
	test_cmp expect actual &&
	jq -r .body issue.json >body &&
	test_grep "^The footer is cut off.$" body &&
	test_grep "^<!-- git-issue:new=[0-9a-f]\{7\} -->$" body &&
	git issue-show --json "$n" >show.json &&
	jq -r .body show.json >actual &&
	echo "The footer is cut off." >expect &&
	test_cmp expect actual
'

test_expect_success 'a later change on GitHub wins over an edit of the same field' '
	n=$(cat num) &&
	git issue-edit "$n" --title "Footer title from here" 2>/dev/null &&
	gh_admin POST clock "{\"advance\":120}" >/dev/null &&
	gh_admin PATCH "issues/$n" "{\"title\":\"Footer title from GitHub\"}" >/dev/null &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync --json >sync.json 2>err &&
	jq -c ".github.plan.edits | [.patched, .overridden]" sync.json >actual &&
	echo "[0,1]" >expect &&
	test_cmp expect actual &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -r .title issue.json >actual &&
	echo "Footer title from GitHub" >expect &&
	test_cmp expect actual &&
	git issue-show "$n" >show &&
	test_grep "^issue #$n: Footer title from GitHub" show
'

test_expect_success 'an edit newer than GitHub'"'"'s change of its field wins' '
	n=$(cat num) &&
	gh_admin POST clock "{\"advance\":-7200}" >/dev/null &&
	gh_admin PATCH "issues/$n" "{\"labels\":[\"report\",\"from-github\"]}" >/dev/null &&
	gh_admin POST clock "{\"advance\":7200}" >/dev/null &&
	git issue-edit "$n" --remove-label from-github --add-label here 2>/dev/null &&
	git issue-sync >out 2>err &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -c ".labels | map(.name) | sort" issue.json >actual &&
	echo "[\"here\",\"report\"]" >expect &&
	test_cmp expect actual
'

test_expect_success 'a comment on GitHub does not undo an edit made here' '
	n=$(cat num) &&
	git issue-edit "$n" --title "Footer, edited here" 2>/dev/null &&
	gh_admin POST clock "{\"advance\":120}" >/dev/null &&
	gh_admin POST comments "{\"issue\":$n,\"body\":\"me too\",\"user\":\"octocat\"}" >/dev/null &&
	gh_admin PATCH "issues/$n" "{}" >/dev/null &&
	git issue-sync >out 2>err &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -r .title issue.json >actual &&
	echo "Footer, edited here" >expect &&
	test_cmp expect actual
'

test_expect_success 'a refusal is said once, recorded, and not sent again' '
	n=$(cat num) &&
	git issue-edit "$n" --title "Refused title" 2>/dev/null &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":422,\"method\":\"PATCH\",\"path\":\"*/issues/$n\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "GitHub refuses the edit of #$n" err &&
	test_grep "git issue-edit $n" err &&
	git issue-show "$n" >show &&
	test_grep "^refused by GitHub: title: Refused title" show &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync >out 2>err &&
	test_grep ! "refuses" err &&
	log_kinds >kinds &&
	jq -r ".\"update-issue\" // 0" kinds >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	git issue-edit "$n" --title "Accepted title" 2>/dev/null &&
	git issue-sync >out 2>err &&
	gh_admin GET "issues/$n" >issue.json &&
	jq -r .title issue.json >actual &&
	echo "Accepted title" >expect &&
	test_cmp expect actual
'

test_expect_success 'an issue over GitHub'"'"'s limits is not sent: said once, fixed by an edit' '
	p=new-00abcd1 &&
	t300=$(printf "%0300d" 0) &&
	gi-test-tool append refs/notes/issues $p \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000f1\",\"kind\":\"issue\",\"title\":\"$t300\",\"state\":\"open\"}" &&
	gh_admin DELETE log >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "GitHub refuses to create $p: the title is 300 characters" err &&
	test_grep "git issue-edit $p" err &&
	log_kinds >kinds &&
	jq -r ".\"create-issue\" // 0" kinds >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	git issue-show $p >show &&
	test_grep "^not on GitHub: GitHub refuses it: the title is 300" show &&
	git issue-sync >out 2>err &&
	test_grep ! "refuses" err &&
	git issue-edit $p --title "A title GitHub takes" 2>/dev/null &&
	git issue-sync >out 2>err &&
	test $(issues_titled "A title GitHub takes") = 1
'

test_expect_success 'GitHub'"'"'s 422 on a creation: the same' '
	git issue-new --offline "Refused by the server" >r &&
	gh_admin POST faults "{\"type\":\"error\",\"status\":422,\"method\":\"POST\",\"path\":\"*/issues\"}" >/dev/null &&
	test_expect_code 1 git issue-sync >out 2>err &&
	test_grep "GitHub refuses to create $(cat r): Server Error (HTTP 422)" err &&
	gh_admin DELETE log >/dev/null &&
	git issue-sync >out 2>err &&
	log_kinds >kinds &&
	jq -r ".\"create-issue\" // 0" kinds >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	test $(issues_titled "Refused by the server") = 0 &&
	git issue-edit "$(cat r)" --title "Taken by the server" 2>/dev/null &&
	git issue-sync >out 2>err &&
	test $(issues_titled "Taken by the server") = 1
'

test_expect_success 'a roadmap made offline reaches GitHub in the order it was made' '
	git issue-new --offline "Order: a step made before its roadmap" >early &&
	git issue-new --offline "Order: the roadmap" >road &&
	R=$(cat road) &&
	for i in 1 2 3 4 5 6
	do
		git issue-new --offline --parent "$R" "Order: step $i" >>steps ||
		return 1
	done &&
	git issue-link "$(cat early)" --parent "$R" 2>/dev/null &&
	git issue-sync >out 2>err &&
	gh_admin GET issues >all.json &&
	jq -r "[.[] | select(.title | startswith(\"Order: \"))] |
		sort_by(.number) | .[].title" all.json >actual &&
	cat >expect <<-\EOF &&
	Order: the roadmap
	Order: a step made before its roadmap
	Order: step 1
	Order: step 2
	Order: step 3
	Order: step 4
	Order: step 5
	Order: step 6
	EOF
	test_cmp expect actual &&
	r=$(jq -r ".[] | select(.title == \"Order: the roadmap\") | .number" \
		all.json) &&
	gh_admin GET "issues/$r" >road.json &&
	jq -r ".links.sub_issues[].number" road.json >subs &&
	jq -r "[.[] | select(.title | startswith(\"Order: \"))] |
		sort_by(.number) | .[1:] | .[].number" all.json >expect &&
	test_cmp expect subs
'

gh_test_done
