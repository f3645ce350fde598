#!/bin/sh

test_description='discovered-from: a follow-up found while working on another issue

git issue-new --discovered-from <n> and a plan item'\''s discovered-from:
line record a relation that blocks nothing: both issues'\'' briefs list the
other with its lessons, the ready queue is unaffected, and the issue the
sync creates on GitHub says in its body, once, which issue it was
discovered from, however often it is synced or edited after.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

test_expect_success 'setup: an issue and a follow-up discovered while working on it' '
	git commit -q --allow-empty -m init &&
	git issue-new --offline -m "Trace every request." "Tracing" >origin &&
	git issue-new --offline --discovered-from "$(cat origin)" \
		-m "The span cache grows without bound." "Span cache" >follow &&
	git issue-note -i "$(cat origin)" --tried "sampling" \
		--solution "origin lesson" >/dev/null &&
	git issue-note -i "$(cat follow)" --tried "an LRU" \
		--solution "follow-up lesson" >/dev/null
'

test_expect_success 'the follow-up'\''s brief names where it was found, with its lessons' '
	git issue-show --format=markdown "$(cat follow)" >brief &&
	test_grep "^### $(cat origin): Tracing (this was discovered while working on it, provisional)$" brief &&
	test_grep "^> Trace every request\.$" brief &&
	test_grep "origin lesson" brief
'

test_expect_success 'and the origin'\''s brief names the follow-up, with its lessons' '
	git issue-show --format=markdown "$(cat origin)" >brief &&
	test_grep "^### $(cat follow): Span cache (discovered while working on this, provisional)$" brief &&
	test_grep "follow-up lesson" brief
'

test_expect_success 'it blocks nothing: both are ready' '
	git issue-ready --json >ready.json &&
	jq -r ".ready[].issue" ready.json >actual &&
	test_grep "^$(cat origin)$" actual &&
	test_grep "^$(cat follow)$" actual &&
	git issue-show "$(cat follow)" >show &&
	test_grep ! "^blocked by:" show &&
	test_grep "^discovered while working on: $(cat origin)$" show &&
	git issue-show --json "$(cat follow)" >show.json &&
	jq -r .discovered_from show.json >actual &&
	test_cmp origin actual &&
	git issue-show --json "$(cat origin)" >show.json &&
	jq -r .discovered_from show.json >actual &&
	echo null >expect &&
	test_cmp expect actual
'

test_expect_success '--discovered-from takes an issue' '
	test_expect_code 128 git issue-new --offline --discovered-from x "Bad" 2>err &&
	test_grep "x" err
'

test_expect_success 'a plan item'\''s discovered-from: line, by key or #N' '
	cat >plan.md <<-\EOF &&
	# Observability {#obs}
	## Tracing everywhere {#tracing}
	## Alerting {#alerting}
	discovered-from: tracing
	Alerts on the traces.
	## Sampling {#sampling}
	discovered-from: #7
	EOF
	git issue-plan --json plan.md >out.json &&
	jq -r ".items[] | select(.key == \"tracing\") | .issue" out.json >tracing &&
	jq -r ".items[] | select(.key == \"alerting\") | .issue" out.json >alerting &&
	git issue-show --format=markdown "$(cat alerting)" >brief &&
	test_grep "^### $(cat tracing): Tracing everywhere (this was discovered while working on it, provisional)$" brief &&
	test_grep "^_No body yet\._$" brief &&
	git issue-show --json "$(cat alerting)" >show.json &&
	jq -r .body show.json >actual &&
	echo "Alerts on the traces." >expect &&
	test_cmp expect actual &&
	git issue-show --format=markdown "$(cat tracing)" >brief &&
	test_grep "^### $(cat alerting): Alerting (discovered while working on this, provisional)$" brief &&
	test_grep "^> Alerts on the traces\.$" brief &&
	before=$(git rev-parse refs/notes/issues) &&
	git issue-plan plan.md >out 2>err &&
	test_grep "^0 writes$" err &&
	test "$(git rev-parse refs/notes/issues)" = "$before"
'

test_expect_success 'discovered-from: names an item above, or a mistake with its line' '
	cat >bad.md <<-\EOF &&
	# Roadmap
	## One {#one}
	discovered-from: two
	## Two {#two}
	discovered-from: nowhere
	## Three
	discovered-from: one, two
	EOF
	before=$(git rev-parse refs/notes/issues) &&
	test_expect_code 1 git issue-plan bad.md 2>err &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	cat >expect <<-\EOF &&
	bad.md:7: '"'"'discovered-from:'"'"' names one issue
	bad.md:2: discovered-from '"'"'two'"'"': an item below this one; name one above it
	bad.md:4: discovered-from '"'"'nowhere'"'"': no item has that key
	error: nothing written: the plan has mistakes
	EOF
	test_cmp expect err
'

test_expect_success 'setup: GitHub' '
	start_github &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin HEAD &&
	setup_github_repo
'

# body_of TITLE: the body GitHub has for the issue titled TITLE
body_of () {
	gh_admin GET issues >all.json &&
	jq -r --arg t "$1" ".[] | select(.title == \$t) | .body" all.json
}

number_of () {
	jq -r --arg t "$1" ".[] | select(.title == \$t) | .number" all.json
}

test_expect_success 'synced: the follow-up'\''s body names the origin, once' '
	git issue-sync >sync.out 2>sync.err &&
	body_of "Span cache" >body &&
	o=$(number_of Tracing) &&
	test_grep "^Discovered while working on #$o\.$" body &&
	test $(grep -c "^Discovered while working on" body) = 1 &&
	head -n 1 body >actual &&
	echo "The span cache grows without bound." >expect &&
	test_cmp expect actual &&
	body_of "Alerting" >body &&
	t=$(number_of "Tracing everywhere") &&
	test_grep "^Discovered while working on #$t\.$" body &&
	body_of "Tracing" >body &&
	test_grep ! "Discovered while" body
'

test_expect_success 'here the body stays the file'\''s and the plan writes nothing' '
	f=$(number_of "Span cache") &&
	echo "$f" >follow-number &&
	git issue-show --json "$f" >show.json &&
	jq -r .body show.json >actual &&
	echo "The span cache grows without bound." >expect &&
	test_cmp expect actual &&
	before=$(git rev-parse refs/notes/issues) &&
	git issue-plan plan.md >out 2>err &&
	test_grep "^0 writes$" err &&
	test "$(git rev-parse refs/notes/issues)" = "$before"
'

test_expect_success 'a follow-up of a numbered issue: both briefs, by number' '
	o=$(number_of Tracing) &&
	git issue-new --discovered-from "$o" -m "Export spans." "Exporter" >exporter &&
	git issue-show --format=markdown "$o" >brief &&
	test_grep "^### #$(cat exporter): Exporter (discovered while working on this, open)$" brief &&
	test_grep "^> Export spans\.$" brief &&
	gh_admin GET "issues/$(cat exporter)" >issue.json &&
	jq -r .body issue.json >body &&
	test_grep "^Discovered while working on #$o\.$" body
'

test_expect_success 'synced again, then edited and synced: still one line' '
	git issue-sync >sync.out 2>sync.err &&
	body_of "Span cache" >body1 &&
	test $(grep -c "^Discovered while working on" body1) = 1 &&
	git issue-edit --body "Bound the span cache." "$(cat follow-number)" &&
	git issue-sync >sync.out 2>sync.err &&
	body_of "Span cache" >body2 &&
	head -n 1 body2 >actual &&
	echo "Bound the span cache." >expect &&
	test_cmp expect actual &&
	test $(grep -c "^Discovered while working on" body2) = 1 &&
	git issue-sync >sync.out 2>sync.err &&
	body_of "Span cache" >body3 &&
	test_cmp body2 body3 &&
	git issue-show --format=markdown "$(cat follow-number)" >brief &&
	test_grep "(this was discovered while working on it, open)$" brief &&
	o=$(number_of Tracing) &&
	git issue-show --format=markdown "$o" >brief &&
	test_grep "^### #$(cat follow-number): Span cache (discovered while working on this, open)$" brief
'

test_expect_success 'an edited body counts the line GitHub gets in its limit' '
	long=$(printf "%65486s" "" | tr " " x) &&
	test_expect_code 1 git issue-edit --body "$long" "$(cat follow-number)" 2>err &&
	test_grep "GitHub.s limit" err &&
	git issue-edit --body "$long" "$(cat origin)"
'

gh_test_done
