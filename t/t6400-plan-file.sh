#!/bin/sh

test_description='git issue-plan: a roadmap and its children from one file

The roadmap of issue 24 at full size (14 children in 4 phases, P0-P3, 7
blocked-by links, one child under another): applied offline and shown
by the tree; applied again, nothing written; edited (a title, a label, a
link, a new child, a removed child) and applied, exactly those changes;
mistakes reported with their lines and nothing written; then synced
through Prism: numbers and sub-issue order in the order of the file.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

test_expect_success 'setup' '
	git commit -q --allow-empty -m init &&
	cat >plan.md <<-\EOF
	# Modernize the codebase {#roadmap}
	labels: roadmap
	Goals: a typed, split, observable codebase.

	### Success metrics
	- build under 5 minutes

	## Move to TypeScript {#ts}
	labels: P0, phase-1
	Convert the core modules.

	## Strict compiler options {#strict}
	labels: P1, phase-1
	blocked-by: ts

	## Lint rules
	labels: P2, phase-1

	## Split the monolith {#split}
	labels: P1, phase-2
	blocked-by: ts, #123
	```
	## not a heading: in a fence
	```

	## Extract the billing service {#billing}
	labels: P1, phase-2
	parent: split
	blocked-by: split

	## Extract the search service {#search}
	labels: P2, phase-2
	blocked-by: split

	## Message queue {#queue}
	labels: P2, phase-2

	## Tracing {#tracing}
	labels: P1, phase-3
	blocked-by: queue

	## Metrics dashboards {#dashboards}
	labels: P2, phase-3
	blocked-by: tracing

	## Alerting {#alerting}
	labels: P3, phase-3
	discovered-from: tracing

	## Load tests {#load}
	labels: P2, phase-4

	## Canary deploys {#canary}
	labels: P1, phase-4
	blocked-by: load

	## Runbooks {#runbooks}
	labels: P3, phase-4

	## Retire the old build {#retire}
	labels: P3, phase-4
	EOF
'

test_expect_success 'applied offline: the roadmap and 14 children, in order' '
	git issue-plan --json plan.md >out.json &&
	jq -r ".items[] | [.key, .outcome] | join(\" \")" out.json >actual &&
	cat >expect <<-\EOF &&
	roadmap created
	ts created
	strict created
	lint-rules created
	split created
	billing created
	search created
	queue created
	tracing created
	dashboards created
	alerting created
	load created
	canary created
	runbooks created
	retire created
	EOF
	test_cmp expect actual &&
	jq -r .writes out.json >actual &&
	echo 15 >expect &&
	test_cmp expect actual &&
	jq -r ".items[0].issue" out.json >road &&
	git issue-show --tree "$(cat road)" >tree &&
	test_grep "Modernize the codebase \[open\]  0/14 done" tree &&
	test_grep "^[| ]   .-- new-[0-9a-f]* Extract the billing service" tree &&
	jq -r ".items[] | select(.key == \"split\") | .issue" out.json >split &&
	git issue-show "$(cat split)" >show &&
	test_grep "^blocked by: .*#123 (unknown) (not on GitHub yet)" show &&
	test_grep "^blocked by: .*new-[0-9a-f]* (provisional) (not on GitHub yet)" show &&
	test_grep "^labels: P1, phase-2$" show
'

test_expect_success 'the tree lists the children in the order of the file' '
	git issue-show --tree "$(cat road)" >tree &&
	sed -n -e "s/^[|\` -]*new-[0-9a-f]* \(.*\) \[open\].*/\1/p" tree >actual &&
	cat >expect <<-\EOF &&
	Modernize the codebase
	Move to TypeScript
	Strict compiler options
	Lint rules
	Split the monolith
	Extract the billing service
	Extract the search service
	Message queue
	Tracing
	Metrics dashboards
	Alerting
	Load tests
	Canary deploys
	Runbooks
	Retire the old build
	EOF
	test_cmp expect actual &&
	git issue-show --tree --json "$(cat road)" >tree.json &&
	jq -r ".. | objects | select(has(\"title\")) | .title" tree.json >actual &&
	test_cmp expect actual
'

test_expect_success 'applied again: nothing written' '
	before=$(git rev-parse refs/notes/issues) &&
	git issue-plan plan.md >out 2>err &&
	test_grep "^0 writes$" err &&
	test_grep ! "(created)\|(updated)" out &&
	test "$(git rev-parse refs/notes/issues)" = "$before"
'

test_expect_success 'edited: exactly what changed' '
	sed -e "s/^## Lint rules$/## Lint rules {#lint-rules}/" \
	    -e "s/^labels: P2, phase-1$/labels: P3, phase-1/" \
	    -e "s/^## Tracing {#tracing}$/## Distributed tracing {#tracing}/" \
	    -e "s/^blocked-by: load$/blocked-by: load, tracing/" \
	    -e "/^## Runbooks/,/^labels: P3, phase-4$/d" plan.md >plan2.md &&
	printf "\n## Chaos drills {#chaos}\nlabels: P3\nblocked-by: canary\n" >>plan2.md &&
	before=$(git rev-parse refs/notes/issues) &&
	git issue-plan -n plan2.md >dry &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	test_grep "^chaos -> ? (would be created)$" dry &&
	git issue-plan --json plan2.md >out.json &&
	jq -r ".items[] | select(.outcome != \"kept\") | [.key, .outcome] | join(\" \")" out.json >actual &&
	cat >expect <<-\EOF &&
	lint-rules updated
	tracing updated
	canary updated
	chaos created
	runbooks gone
	EOF
	test_cmp expect actual &&
	jq -r .writes out.json >actual &&
	echo 4 >expect &&
	test_cmp expect actual &&
	jq -r ".items[] | select(.key == \"tracing\") | .issue" out.json >tracing &&
	git issue-show --json "$(cat tracing)" >show.json &&
	jq -r .title show.json >actual &&
	echo "Distributed tracing" >expect &&
	test_cmp expect actual &&
	jq -r ".items[] | select(.key == \"runbooks\") | .issue" out.json >runbooks &&
	git issue-show "$(cat runbooks)" >show &&
	test_grep "\[open\]" show
'

test_expect_success '--close-removed closes what left the file' '
	git issue-plan --close-removed plan2.md >out 2>err &&
	test_grep "^runbooks -> new-[0-9a-f]* (closed)$" out &&
	git issue-show "$(cat runbooks)" >show &&
	test_grep "\[closed as not planned\]" show &&
	git issue-plan plan2.md >out 2>err &&
	test_grep "^0 writes$" err &&
	test_grep ! runbooks out
'

test_expect_success 'an issue not made from the plan is never edited' '
	gi-test-tool append refs/notes/issues 31 "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000031\",\"kind\":\"issue\",\"title\":\"An old roadmap\",\"state\":\"open\"}" &&
	cat >old.md <<-\EOF &&
	# #31
	labels: ignored

	## A new step {#step}
	EOF
	git issue-plan --json old.md >out.json &&
	jq -c "[.items[] | [.key, .outcome]]" out.json >actual &&
	echo "[[\"31\",\"kept\"],[\"step\",\"created\"]]" >expect &&
	test_cmp expect actual &&
	git issue-show 31 >show &&
	test_grep "^issue #31: An old roadmap \[open\]$" show &&
	test_grep ! "^labels:" show &&
	git issue-list --parent 31 >kids &&
	test_grep "A new step" kids
'

test_expect_success 'mistakes: each with its line, nothing written' '
	cat >bad.md <<-\EOF &&
	# Roadmap
	## One {#one}
	blocked-by: two
	## Two {#two}
	blocked-by: one, nowhere
	labels: ok, , fine
	## One
	EOF
	before=$(git rev-parse refs/notes/issues) &&
	test_expect_code 1 git issue-plan bad.md >out 2>err &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	cat >expect <<-\EOF &&
	bad.md:6: an empty value in '"'"'labels:'"'"'
	bad.md:2: blocked by '"'"'two'"'"', which waits for it: a cycle
	bad.md:4: blocked by '"'"'one'"'"', which waits for it: a cycle
	bad.md:4: blocked-by '"'"'nowhere'"'"': no item has that key
	bad.md:7: the key '"'"'one'"'"' is taken at line 2: give one with {#key}
	error: nothing written: the plan has mistakes
	EOF
	test_cmp expect err
'

test_expect_success 'setup: the same roadmap in the JSON form' '
	cat >plan.json <<-\EOF
	{
	  "key": "roadmap",
	  "title": "Modernize the codebase",
	  "labels": ["roadmap"],
	  "body": "Goals: a typed, split, observable codebase.\n\n### Success metrics\n- build under 5 minutes",
	  "items": [
	    {"key": "ts", "title": "Move to TypeScript", "labels": ["P0", "phase-1"],
	     "body": "Convert the core modules."},
	    {"key": "strict", "title": "Strict compiler options",
	     "labels": ["P1", "phase-1"], "blocked-by": ["ts"]},
	    {"title": "Lint rules", "labels": ["P2", "phase-1"]},
	    {"key": "split", "title": "Split the monolith", "labels": ["P1", "phase-2"],
	     "blocked-by": ["ts", "#123"],
	     "body": "```\n## not a heading: in a fence\n```"},
	    {"key": "billing", "title": "Extract the billing service",
	     "labels": ["P1", "phase-2"], "parent": "split", "blocked-by": ["split"]},
	    {"key": "search", "title": "Extract the search service",
	     "labels": ["P2", "phase-2"], "blocked-by": ["split"]},
	    {"key": "queue", "title": "Message queue", "labels": ["P2", "phase-2"]},
	    {"key": "tracing", "title": "Tracing", "labels": ["P1", "phase-3"],
	     "blocked-by": ["queue"]},
	    {"key": "dashboards", "title": "Metrics dashboards",
	     "labels": ["P2", "phase-3"], "blocked-by": ["tracing"]},
	    {"key": "alerting", "title": "Alerting", "labels": ["P3", "phase-3"],
	     "discovered-from": "tracing"},
	    {"key": "load", "title": "Load tests", "labels": ["P2", "phase-4"]},
	    {"key": "canary", "title": "Canary deploys", "labels": ["P1", "phase-4"],
	     "blocked-by": ["load"]},
	    {"key": "runbooks", "title": "Runbooks", "labels": ["P3", "phase-4"]},
	    {"key": "retire", "title": "Retire the old build", "labels": ["P3", "phase-4"]}
	  ]
	}
	EOF
'

# dump_plan OUT: what each item of git issue-plan --json OUT is, one line
# each (title, body, labels, relations), issues named by their keys
dump_plan () {
	jq "[.items[] | {(.issue | tostring): .key}] | add" "$1" >map.json &&
	jq -r ".items[].issue" "$1" >issues &&
	: >dump &&
	while read issue
	do
		git issue-show --json "$issue" >one.json &&
		jq -c --slurpfile m map.json "{title, body, labels, state,
			parent: (.parent.issue | tostring | \$m[0][.] // .),
			blocked_by: ([.blocked_by[].issue | tostring |
				      \$m[0][.] // .] | sort)}" \
			one.json >>dump || return 1
	done <issues &&
	cat dump
}

test_expect_success 'the JSON form makes what the Markdown form makes' '
	git init -q md && git init -q js &&
	(cd md && git commit -q --allow-empty -m init &&
	 git issue-plan --json ../plan.md >out.json &&
	 dump_plan out.json >../md.dump) &&
	(cd js && git commit -q --allow-empty -m init &&
	 git issue-plan --json ../plan.json >out.json &&
	 jq -r .writes out.json >../js.writes &&
	 dump_plan out.json >../js.dump) &&
	echo 15 >expect &&
	test_cmp expect js.writes &&
	test_line_count = 15 js.dump &&
	test_cmp md.dump js.dump &&
	test_grep "^{\"title\":\"Extract the billing service\",\"body\":\"\",\"labels\":\[\"P1\",\"phase-2\"\],\"state\":\"open\",\"parent\":\"split\",\"blocked_by\":\[\"split\"\]}$" js.dump
'

test_expect_success 'the Markdown form, then the JSON form: nothing written' '
	(cd md && before=$(git rev-parse refs/notes/issues) &&
	 git issue-plan ../plan.json >out 2>err &&
	 test_grep "^0 writes$" err &&
	 test "$(git rev-parse refs/notes/issues)" = "$before" &&
	 git issue-plan --format=json - <../plan.json >out 2>err &&
	 test_grep "^0 writes$" err)
'

test_expect_success 'the JSON form: mistakes at their paths, nothing written' '
	cat >bad.json <<-\EOF &&
	{"title": "Roadmap", "items": [
	  {"key": "one", "title": "One", "blocked-by": ["two"]},
	  {"key": "two", "title": "Two", "blocked-by": ["one", "nowhere"],
	   "labels": ["ok", "", "fine"]},
	  {"title": "One", "size": 3}
	]}
	EOF
	before=$(git rev-parse refs/notes/issues) &&
	test_expect_code 1 git issue-plan bad.json >out 2>err &&
	test "$(git rev-parse refs/notes/issues)" = "$before" &&
	cat >expect <<-\EOF &&
	bad.json: items[1].labels[1]: an empty label
	bad.json: items[2]: unknown member "size"
	bad.json: items[0].blocked-by[0]: blocked by '"'"'two'"'"', which waits for it: a cycle
	bad.json: items[1].blocked-by[0]: blocked by '"'"'one'"'"', which waits for it: a cycle
	bad.json: items[1].blocked-by[1]: blocked-by '"'"'nowhere'"'"': no item has that key
	bad.json: items[2]: the key '"'"'one'"'"' is taken at items[0]: give one with "key"
	error: nothing written: the plan has mistakes
	EOF
	test_cmp expect err &&
	printf "{\"title\": \"R\",\n  \"items\": [,]}\n" >broken.json &&
	test_expect_code 1 git issue-plan broken.json 2>err &&
	test_grep "^broken.json:2:13: not valid JSON$" err &&
	test_expect_code 1 git issue-plan --format=json plan.md 2>err &&
	test_grep "^plan.md:1:1: not valid JSON$" err &&
	test_expect_code 129 git issue-plan --format=yaml plan.json 2>err &&
	test_grep "markdown or json" err
'

test_expect_success 'usage' '
	test_expect_code 129 git issue-plan 2>err &&
	test_grep "no plan file" err &&
	test_expect_code 129 git issue-plan a b 2>err &&
	test_expect_code 129 git issue-plan -h >out &&
	test_grep "git issue-plan \[-n" out &&
	test_expect_code 128 git issue-plan nonexistent.md 2>err &&
	test_grep "cannot read" err
'

test_expect_success 'setup: GitHub' '
	start_github &&
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin HEAD &&
	setup_github_repo
'

test_expect_success 'synced: numbers and sub-issue order follow the file' '
	cat >sync.md <<-\EOF &&
	# Synced roadmap {#synced}
	## Step one
	## Step two
	blocked-by: step-one
	## Step three
	## Step four
	parent: step-two
	## Step five
	EOF
	git issue-plan --offline --json sync.md >out.json &&
	git issue-sync >sync.out 2>sync.err &&
	gh_admin GET issues >all.json &&
	jq -r "[.[] | select(.title | test(\"^(Synced roadmap|Step )\"))] |
		sort_by(.number) | .[].title" all.json >actual &&
	cat >expect <<-\EOF &&
	Synced roadmap
	Step one
	Step two
	Step three
	Step four
	Step five
	EOF
	test_cmp expect actual &&
	r=$(jq -r ".[] | select(.title == \"Synced roadmap\") | .number" all.json) &&
	gh_admin GET "issues/$r" >road.json &&
	jq -r "[.links.sub_issues[].number] | map(tostring) | join(\" \")" road.json >actual &&
	jq -r "[.[] | select(.title | test(\"^Step (one|two|three|five)\"))] |
		sort_by(.number) | map(.number | tostring) | join(\" \")" all.json >expect &&
	test_cmp expect actual &&
	git issue-plan sync.md >out 2>err &&
	test_grep "^0 writes$" err
'

gh_test_done
