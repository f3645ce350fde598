#!/bin/sh

test_description='issues as the plan, offline: git issue-new, provisional
names everywhere, git issue-link and GitHub'"'"'s rules, git issue-list
filters, git issue-show leading with the body, and --tree'

. ./test-lib.sh

# the provisional names look like this
is_provisional () {
	echo "$1" | grep -E "^new-[0-9a-f]{7}$" >/dev/null
}

test_expect_success 'git issue-new without GitHub: a provisional issue' '
	git config issue.worktreeRoot wt &&
	git issue-new -m "The header is ignored by old browsers." \
		--label bug --label ui "XFO header ignored" >name &&
	n=$(cat name) &&
	is_provisional "$n" &&
	git issue-show "$n" >out &&
	head -n 1 out >actual &&
	echo "issue $n: XFO header ignored [open]" >expect &&
	test_cmp expect actual &&
	test_grep "^not on GitHub yet" out &&
	test_grep "^labels: bug, ui" out &&
	test_grep "^    The header is ignored by old browsers.$" out
'

test_expect_success 'its anchor and anchors/ entry use the provisional name' '
	n=$(cat name) &&
	a=$(printf "git-issue %s\n" "$n" | git hash-object --stdin) &&
	git notes --ref=issues show "$a" >note &&
	test_grep "\"title\":\"XFO header ignored\"" note &&
	git ls-tree --name-only refs/notes/issues:anchors >anchors &&
	test_grep "^$n$" anchors &&
	git cat-file -p "refs/notes/issues:anchors/$n" >blob &&
	printf "git-issue %s\n" "$n" >expect &&
	test_cmp expect blob &&
	git fsck --strict 2>err &&
	test_must_be_empty err
'

test_expect_success 'the body leads: title, state, body, then the records' '
	n=$(cat name) &&
	git issue-note -i "$n" "tried the meta tag" >/dev/null &&
	git issue-note -i "$n" --tried "meta tag" --failed "must be a header" >/dev/null &&
	git issue-show "$n" >out &&
	grep -n -e "^issue " -e "^    The header" -e "^Lessons" -e "^Records" out |
		sed "s/:.*//" >lines &&
	sort -n lines >sorted &&
	test_cmp sorted lines &&
	test_line_count = 4 lines &&
	test_grep ! "  body  " out &&
	test_grep ! "  issue  " out &&
	git issue-show --format=markdown "$n" >md &&
	head -n 1 md >actual &&
	echo "# Issue $n: XFO header ignored [open]" >expect &&
	test_cmp expect actual &&
	grep -n -e "^> The header is ignored" -e "^## Lessons" -e "^## Recent records" md |
		sed "s/:.*//" >lines &&
	sort -n lines >sorted &&
	test_cmp sorted lines &&
	test_line_count = 3 lines &&
	test_grep ! "\"kind\"" md
'

test_expect_success 'a brief within a budget cuts the body before the lessons' '
	n=$(cat name) &&
	long=$(printf "%0900d" 0 | tr 0 x) &&
	git issue-new --offline -m "$long" "Long body" >long &&
	m=$(cat long) &&
	git issue-note -i "$m" --tried "one" --failed "two" >/dev/null &&
	git issue-show --format=markdown --max-bytes=600 "$m" >md &&
	test_grep "Tried:\*\* one" md &&
	test_grep "the end of the body. All of it, whole: .git issue-show $m --left-out=[0-9a-f]* --max-bytes=600." md &&
	test $(wc -c <md) -le 600
'

test_expect_success 'JSON: a provisional issue is a string, its facts are members' '
	n=$(cat name) &&
	git issue-show --json "$n" >show.json &&
	jq -r ".issue, .on_github, .body, (.labels | join(\",\")), .provisional" show.json >actual &&
	cat >expect <<-EOF &&
	$n
	false
	The header is ignored by old browsers.
	bug,ui
	null
	EOF
	test_cmp expect actual
'

test_expect_success '--json prints the new issue as JSON' '
	git issue-new --offline --json "Another" >new.json &&
	jq -r ".version, .on_github, .title, (.issue == .provisional)" new.json >actual &&
	printf "1\nfalse\nAnother\ntrue\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'every command takes the provisional name: worktree, note, status' '
	n=$(cat name) &&
	git issue-worktree "$n" >path 2>err &&
	test_grep "issue/$n-xfo-header-ignored" err &&
	(
		cd "$(cat path)" &&
		git issue-note "from the worktree" >/dev/null &&
		git issue-show >out &&
		test_grep "^issue $n: XFO header ignored" out &&
		test_grep "from the worktree" out
	) &&
	test "$(basename "$(cat path)")" = "issue-$n" &&
	git issue-status >board &&
	test_grep "$n" board &&
	git issue-search "from the worktree" >hits &&
	test_grep "$n" hits
'

test_expect_success 'a bad provisional name is refused' '
	test_must_fail git issue-show new-xyz 2>err &&
	test_grep "invalid issue" err &&
	test_must_fail git issue-show new-0000000 2>err &&
	test_must_fail git issue-note -i new-123456789 "x" 2>err
'

test_expect_success 'issue-new: no title is a usage error, a title is one line' '
	test_expect_code 129 git issue-new 2>err &&
	test_grep "needs a title" err &&
	test_expect_code 129 git issue-new "two
lines" 2>err
'

test_expect_success 'setup: a roadmap of numbered issues (records of "GitHub")' '
	for i in 10 11 12 13 14
	do
		git issue-note -i $i "work on $i" >/dev/null || return 1
	done
'

test_expect_success 'git issue-link records parents and blockers' '
	git issue-link 11 --parent 10 2>err &&
	test_grep "#11 is a sub-issue of #10" err &&
	git issue-link 12 --parent 10 --blocked-by 11 2>err &&
	test_grep "#12 is blocked by #11" err &&
	git issue-show 12 >out &&
	test_grep "^parent: #10 (open) (not on GitHub yet)" out &&
	test_grep "^blocked by: #11 (open) (not on GitHub yet)" out &&
	git issue-show --json 12 >show.json &&
	jq -c "[.parent.issue, .parent.status, .blocked_by[0].issue]" show.json >actual &&
	echo "[10,\"pending\",11]" >expect &&
	test_cmp expect actual
'

test_expect_success 'one parent per issue' '
	test_expect_code 1 git issue-link 12 --parent 13 2>err &&
	test_grep "already has a parent, #10" err &&
	test_grep "unlink-parent" err
'

test_expect_success 'no cycle of parents' '
	test_expect_code 1 git issue-link 10 --parent 12 2>err &&
	test_grep "would make a cycle" err &&
	test_expect_code 1 git issue-link 10 --parent 10 2>err &&
	test_grep "cannot be a sub-issue of itself" err
'

test_expect_success 'no cycle of blocked-by, even through others' '
	git issue-link 13 --blocked-by 12 2>/dev/null &&
	test_expect_code 1 git issue-link 11 --blocked-by 13 2>err &&
	test_grep "#13 is blocked by #11 already (maybe through others)" err &&
	test_expect_code 1 git issue-link 13 --blocked-by 12 2>err &&
	test_grep "already blocked by #12" err &&
	test_expect_code 1 git issue-link 14 --blocked-by 14 2>err
'

test_expect_success 'a refused change writes nothing' '
	before=$(git rev-parse refs/notes/issues) &&
	test_expect_code 1 git issue-link 14 --parent 10 --blocked-by 14 2>err &&
	test "$(git rev-parse refs/notes/issues)" = "$before"
'

test_expect_success 'at most 8 levels of sub-issues' '
	prev=100 &&
	git issue-note -i 100 top >/dev/null &&
	for i in 101 102 103 104 105 106 107 108
	do
		git issue-note -i $i "level" >/dev/null &&
		git issue-link $i --parent $prev 2>/dev/null &&
		prev=$i || return 1
	done &&
	git issue-note -i 109 "too deep" >/dev/null &&
	test_expect_code 1 git issue-link 109 --parent 108 2>err &&
	test_grep "nest at most 8 levels" err &&
	git issue-link 109 --parent 107 2>/dev/null
'

test_expect_success 'at most 100 sub-issues per parent' '
	for i in $(test_seq 201 300)
	do
		gi-test-tool append refs/notes/issues $i \
			"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$i\",\"kind\":\"link\",\"op\":\"parent\",\"target\":200}" ||
		return 1
	done &&
	git issue-list --parent 200 >kids &&
	test_line_count = 100 kids &&
	test_expect_code 1 git issue-link 301 --parent 200 2>err &&
	test_grep "#200 has 100 sub-issues already" err
'

test_expect_success 'at most 50 blockers of one issue, 50 issues blocked by one' '
	for i in $(test_seq 401 450)
	do
		gi-test-tool append refs/notes/issues 400 \
			"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$i\",\"kind\":\"link\",\"op\":\"blocked-by\",\"target\":$i}" &&
		gi-test-tool append refs/notes/issues $((i + 100)) \
			"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"1000000000000$i\",\"kind\":\"link\",\"op\":\"blocked-by\",\"target\":500}" ||
		return 1
	done &&
	test_expect_code 1 git issue-link 400 --blocked-by 451 2>err &&
	test_grep "#400 is blocked by 50 issues already" err &&
	test_expect_code 1 git issue-link 600 --blocked-by 500 2>err &&
	test_grep "#500 blocks 50 issues already" err
'

test_expect_success 'unlinking: the parent and a blocker go, pending' '
	git issue-link 12 --unlink-parent --unblock 11 2>err &&
	test_grep "#12 is no longer a sub-issue of #10" err &&
	git issue-show 12 >out &&
	test_grep ! "^parent:" out &&
	test_grep ! "^blocked by:" out &&
	test_expect_code 1 git issue-link 12 --unlink-parent 2>err &&
	test_grep "has no parent" err &&
	test_expect_code 1 git issue-link 12 --unblock 11 2>err &&
	test_grep "is not blocked by #11" err &&
	git issue-link 12 --parent 10 --blocked-by 11 2>/dev/null
'

test_expect_success 'issue-link: usage errors' '
	test_expect_code 129 git issue-link 2>err &&
	test_expect_code 129 git issue-link 5 2>err &&
	test_grep "nothing to do" err &&
	test_expect_code 129 git issue-link 5 --parent 6 --unlink-parent 2>err
'

test_expect_success 'a provisional issue in a roadmap, and --tree' '
	git issue-new --offline --parent 10 --blocked-by 12 "Docs" >docs &&
	d=$(cat docs) &&
	gi-test-tool append refs/notes/issues 11 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"aaaa00000000000b\",\"kind\":\"issue\",\"title\":\"Parser\",\"state\":\"closed\",\"labels\":[]}" &&
	gi-test-tool append refs/notes/issues 10 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"aaaa00000000000a\",\"kind\":\"issue\",\"title\":\"Roadmap\",\"state\":\"open\",\"labels\":[]}" &&
	git issue-show --tree 10 >tree &&
	cat >expect <<-EOF &&
	#10 Roadmap [open]  1/3 done
	|-- #11 Parser [closed]  (link not on GitHub yet)
	|-- #12 [?]  (link not on GitHub yet)
	\`-- $d Docs [open]  blocked by #12 (open)  (not on GitHub yet)
	EOF
	test_cmp expect tree
'

test_expect_success '--tree shows who has claimed each issue' '
	git issue-worktree 12 >/dev/null 2>&1 &&
	git issue-show --tree 10 >tree &&
	test_grep "#12 \[?\]  claimed by A U Thor (this clone)" tree &&
	git issue-show --tree --json 10 >tree.json &&
	jq -r ".issue.progress.closed, .issue.progress.total, (.issue.children | map(.claimed_here) | join(\",\"))" tree.json >actual &&
	printf "1\n3\nfalse,true,false\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'git issue-list: state, filters, JSON' '
	git issue-list >all &&
	test_grep "^#11 *closed " all &&
	git issue-list --closed >closed &&
	test_line_count = 1 closed &&
	git issue-list --open >open &&
	test_grep "Roadmap" open &&
	test_grep ! "Parser" open &&
	git issue-list --label bug >bug &&
	test_line_count = 1 bug &&
	test_grep "XFO header ignored" bug &&
	git issue-list --parent 10 >kids &&
	test_line_count = 3 kids &&
	git issue-list --mine >mine &&
	test_line_count = 2 mine &&
	test_grep "^#12 " mine &&
	git issue-list --mine --json >list.json &&
	jq -r ".issues[].issue" list.json >actual &&
	{ echo 12 && cat name; } >expect &&
	test_cmp expect actual &&
	test_expect_code 129 git issue-list --open --closed 2>err
'

test_done
