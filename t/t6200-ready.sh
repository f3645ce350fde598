#!/bin/sh

test_description='git issue-ready: the issues that can start now, best
first, excluded while blocked, claimed or in a worktree, and each judged
beside the work mid-task'

. ./test-lib.sh

TRASH=$(pwd -P)

# iss N TITLE [STATE [LABELS-JSON [DAY]]]: issue N as an import records it
iss () {
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-${5:-01}T00:00:00.000000Z\",\"id\":\"i$1$(date +%N)\",\"kind\":\"issue\",\"title\":\"$2\",\"state\":\"${3:-open}\",\"labels\":[${4:-}]}"
}

# blocks N BLOCKER...: GitHub says N is blocked by BLOCKER...
blocks () {
	n=$1 &&
	shift &&
	list=$(echo "$@" | tr " " ",") &&
	gi-test-tool append refs/notes/issues "$n" \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"l$n$(date +%N)\",\"kind\":\"link-state\",\"blocked_by\":[$list]}"
}

lines () {
	printf "%s\n" "$@"
}

# ready: the issue numbers of the queue, in order
ready () {
	git issue-ready --json "$@" >ready.json &&
	jq -r ".ready[].issue" ready.json
}

test_expect_success 'setup: a repository with files' '
	git config issue.worktreeRoot wt &&
	lines 1 2 3 4 5 6 7 8 9 10 11 12 >a.c &&
	mkdir lib &&
	echo b >lib/b.c &&
	echo c >c.c &&
	git add . &&
	git commit -q -m files
'

test_expect_success 'an empty plan: nothing ready, exit 0' '
	git issue-ready >out 2>err &&
	test_grep "never synced" out &&
	test_grep "no issue is ready" err &&
	git issue-ready --json >out.json &&
	jq -e ".ready == [] and .claims_as_of == null and .total == 0" out.json
'

test_expect_success 'priority order: the ranks, then nothing, then age' '
	iss 1 "no label, old" open "" 01 &&
	iss 2 "low" open "\"P3\"" 02 &&
	iss 3 "high, by name" open "\"priority:high\"" 03 &&
	iss 4 "critical" open "\"P0\",\"P2\"" 04 &&
	iss 5 "high" open "\"P1\"" 02 &&
	iss 6 "no label, new" open "\"bug\"" 06 &&
	ready >actual &&
	lines 4 5 3 2 1 6 >expect &&
	test_cmp expect actual &&
	jq -r ".ready[0].priority, .ready[0].rank" ready.json >actual &&
	lines P0 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'issue.priorityLabels sets the scheme' '
	git config issue.priorityLabels "bug, P3 | x" &&
	ready >actual &&
	git config --unset issue.priorityLabels &&
	lines 6 2 1 5 3 4 >expect &&
	test_cmp expect actual
'

test_expect_success '-n, --label and the text view' '
	ready -n 2 >actual &&
	lines 4 5 >expect &&
	test_cmp expect actual &&
	jq -e ".total == 6" ready.json &&
	ready --label p1 >actual &&
	echo 5 >expect &&
	test_cmp expect actual &&
	git issue-ready -n 1 >out &&
	test_grep "^#4  \[P0\] critical$" out &&
	test_grep "^(5 more ready)$" out &&
	test_must_fail git issue-ready -n -1 2>err &&
	test_expect_code 129 git issue-ready extra 2>err
'

test_expect_success 'a blocked issue is left out until its blocker closes' '
	blocks 2 1 &&
	ready >actual &&
	! grep -x 2 actual &&
	jq -e ".not_ready.blocked == 1" ready.json &&
	git issue-ready >out &&
	test_grep "^#1  no label, old (unblocks #2)$" out &&
	test_grep "not ready: 1 blocked, 0 claimed" out &&
	test_grep ! "^blocked:" out &&
	git issue-ready -v >out &&
	test_grep "^blocked: #2 by #1 (open)$" out &&
	jq -c ".blocked" ready.json >actual &&
	echo "[{\"issue\":2,\"by\":[{\"issue\":1,\"state\":\"open\"}]}]" >expect &&
	test_cmp expect actual &&
	iss 1 "no label, old" closed "" 20 &&
	ready >actual &&
	grep -x 2 actual &&
	! grep -x 1 actual
'

test_expect_success 'a blocker nobody imported blocks too' '
	blocks 6 99 &&
	ready >actual &&
	! grep -x 6 actual
'

test_expect_success 'a chain: only its head is ready, ranked by all it unblocks' '
	iss 10 "chain head" open "" 05 &&
	iss 11 "chain middle" open "" 05 &&
	iss 12 "chain tail" open "" 05 &&
	iss 13 "alone" open "" 05 &&
	blocks 11 10 &&
	blocks 12 11 &&
	ready >actual &&
	! grep -x 11 actual &&
	! grep -x 12 actual &&
	jq -r ".ready[] | select(.issue == 10) | .unblocks[], .unblocks_all" ready.json >actual &&
	lines 11 2 >expect &&
	test_cmp expect actual &&
	# same priority, same age: the one that unblocks more comes first
	ready >order &&
	test "$(grep -n -x 10 order | cut -d: -f1)" -lt \
		"$(grep -n -x 13 order | cut -d: -f1)" &&
	git issue-ready >out &&
	test_grep "(unblocks #11; 2 with what they block)" out &&
	iss 10 "chain head" closed "" 20 &&
	ready >actual &&
	grep -x 11 actual &&
	! grep -x 12 actual
'

test_expect_success '--parent: only the sub-issues' '
	gi-test-tool append refs/notes/issues 13 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"p13\",\"kind\":\"link-state\",\"parent\":3}" &&
	ready --parent 3 >actual &&
	echo 13 >expect &&
	test_cmp expect actual
'

test_expect_success '--parent by the provisional name the parent had' '
	saved=$(git rev-parse refs/notes/issues) &&
	gi-test-tool append refs/notes/issues new-0000003 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"a3p\",\"kind\":\"alias\",\"created_as\":3}" &&
	gi-test-tool append refs/notes/issues 3 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"a3n\",\"kind\":\"alias\",\"provisional\":\"new-0000003\"}" &&
	ready --parent new-0000003 >actual &&
	echo 13 >expect &&
	test_cmp expect actual &&
	git issue-list --parent new-0000003 >list &&
	test_grep "^#13 " list &&
	git update-ref refs/notes/issues $saved
'

test_expect_success 'a parent waits for its open sub-issues' '
	saved=$(git rev-parse refs/notes/issues) &&
	ready >actual &&
	! grep -x 3 actual &&
	grep -x 13 actual &&
	jq -e ".not_ready.parents == 1" ready.json &&
	git issue-ready >out &&
	test_grep "1 waiting for their sub-issues" out &&
	iss 13 "closed now" closed "" 28 &&
	ready >actual &&
	grep -x 3 actual &&
	jq -e ".not_ready.parents == 0" ready.json &&
	git update-ref refs/notes/issues $saved
'

test_expect_success 'an issue in a worktree here is not ready' '
	git issue-worktree 5 >path5 2>/dev/null &&
	ready >actual &&
	! grep -x 5 actual &&
	jq -e ".not_ready.in_worktree == 1 and .mid_task == [5]" ready.json
'

test_expect_success 'setup: branches for the verdicts beside #5 mid-task' '
	sed -e "s/^1$/one/" a.c >"$(cat path5)/a.c" &&
	# 20 conflicts with #5 on a.c
	iss 20 "conflicting" open "" 07 &&
	git branch issue/20-conflicting &&
	git checkout -q issue/20-conflicting &&
	sed -e "s/^1$/uno/" a.c >a.c.new && mv a.c.new a.c &&
	git commit -q -a -m 20 &&
	# 21 changes a.c far from #5: a clean merge
	iss 21 "overlapping" open "" 07 &&
	git checkout -q -b issue/21-overlapping main &&
	sed -e "s/^12$/twelve/" a.c >a.c.new && mv a.c.new a.c &&
	git commit -q -a -m 21 &&
	# 22 changes another file
	iss 22 "elsewhere" open "" 07 &&
	git checkout -q -b issue/22-elsewhere main &&
	echo more >>c.c &&
	git commit -q -a -m 22 &&
	git checkout -q main &&
	# 23 has no branch and names nothing, 24 names a.c in a note,
	# 25 has a scope on lib/, 26 names a file nobody changes
	iss 23 "no idea" open "" 07 &&
	iss 24 "named" open "" 07 &&
	git issue-note --issue 24 "the bug is in a.c:3, see also http://x.example/a.c" &&
	iss 25 "scoped" open "" 07 &&
	git issue-note --issue 25 "scope: lib/ a.c" &&
	iss 26 "in lib" open "" 07 &&
	git issue-note --issue 26 --tried "editing lib/b.c" --failed "no" --solution "no"
'

verdict () {
	jq -r ".ready[] | select(.issue == $1) | [.verdict, (.forecast|tostring), (.against[0].paths | join(\",\"))] | join(\" \")" ready.json
}

test_expect_success 'the verdicts: conflicts, overlaps, safe, unknown, forecasts' '
	ready >/dev/null &&
	test "$(verdict 20)" = "conflicts false a.c" &&
	test "$(verdict 21)" = "overlaps false a.c" &&
	test "$(verdict 22)" = "safe false " &&
	test "$(verdict 23)" = "unknown true " &&
	test "$(verdict 24)" = "overlaps true a.c" &&
	test "$(verdict 25)" = "overlaps true a.c" &&
	test "$(verdict 26)" = "safe true " &&
	jq -r ".ready[] | select(.issue == 26) | .named_paths[]" ready.json >actual &&
	echo lib/b.c >expect &&
	test_cmp expect actual &&
	git issue-ready >out &&
	test_grep "^#20 conflicts with #5  " out &&
	test_grep "^#21 overlaps with #5  " out &&
	test_grep "^#22 safe  " out &&
	test_grep "^#23 unknown  " out &&
	test_grep ! "^    " out &&
	git issue-ready -v >out &&
	test_grep "^    conflicts with #5: a.c$" out &&
	test_grep "^    overlaps with #5: a.c$" out &&
	test_grep "^    safe beside #5$" out &&
	test_grep "^    unknown beside #5: no branch yet" out &&
	test_grep "^    overlaps with #5 (forecast from the paths its records name: no branch yet): a.c$" out
'

test_expect_success 'git issue-ready writes nothing' '
	git for-each-ref >before &&
	git -C "$(cat path5)" status --porcelain >st-before &&
	git count-objects -v >obj-before &&
	git issue-ready >/dev/null &&
	git for-each-ref >after &&
	git -C "$(cat path5)" status --porcelain >st-after &&
	git count-objects -v >obj-after &&
	test_cmp before after &&
	test_cmp st-before st-after &&
	test_cmp obj-before obj-after
'

test_expect_success 'more mid-task than issue.maxWorkers: a hint, no refusal' '
	git issue-ready >out 2>err &&
	test_grep ! "hint:" err &&
	git issue-worktree 22 >path22 2>/dev/null &&
	git config issue.maxWorkers 1 &&
	git issue-ready >out 2>err &&
	test_grep "hint: 2 worktrees are mid-task, more than issue.maxWorkers (1)" err &&
	git issue-ready --json >out.json 2>/dev/null &&
	jq -e ".too_many_workers == true and .max_workers == 1" out.json &&
	git issue-status >out 2>err &&
	test_grep "hint: 2 worktrees are mid-task, more than issue.maxWorkers (1)" err &&
	git issue-status --json >out.json &&
	jq -e ".max_workers == 1 and .mid_task == 2" out.json &&
	git config issue.maxWorkers 0 &&
	git issue-status >out 2>err &&
	test_grep ! "hint:" err &&
	git config --unset issue.maxWorkers
'

test_expect_success 'titles and labels from elsewhere cannot drive the terminal' '
	iss 30 "$(printf "red \\\\u001b[31m title")" open "\"\\\\u001b]0;x\\\\u0007\"" 01 &&
	git config issue.priorityLabels "$(printf "\033]0;x\007")" &&
	git issue-ready >out &&
	git config --unset issue.priorityLabels &&
	! grep "$(printf "\033")" out &&
	test_grep "red \^\[\[31m title" out
'

test_expect_success 'setup: an origin and a second clone' '
	git init -q --bare origin.git &&
	git remote add origin origin.git &&
	git push -q origin main &&
	git issue-sync --no-github >/dev/null 2>&1 &&
	git clone -q origin.git b &&
	git -C b fetch -q origin refs/notes/issues:refs/notes/issues &&
	git -C b config issue.worktreeRoot wt
'

test_expect_success 'claimed in another clone: out after a sync, back after its release' '
	ready >before &&
	grep -x 13 before &&
	git -C b issue-worktree 13 >/dev/null 2>&1 &&
	git -C b issue-sync --no-github >/dev/null 2>&1 &&
	git issue-sync --no-github >/dev/null 2>&1 &&
	ready >actual &&
	! grep -x 13 actual &&
	jq -e ".claims_as_of != null and .remote == \"origin\"" ready.json &&
	git issue-ready >out &&
	test_grep "^claims of other clones as of the last sync with .origin., " out &&
	git -C b issue-worktree --remove 13 >/dev/null 2>&1 &&
	git -C b issue-sync --no-github >/dev/null 2>&1 &&
	ready >still &&
	! grep -x 13 still &&
	git issue-sync --no-github >/dev/null 2>&1 &&
	ready >after &&
	grep -x 13 after
'

test_expect_success 'malformed records do not break the queue' '
	gi-test-tool append refs/notes/issues 13 "not json" "{\"kind\":\"issue\"}" \
		"{\"time\":\"x\",\"id\":\"zz1\",\"kind\":\"link-state\",\"blocked_by\":\"13\"}" \
		"{\"time\":\"x\",\"id\":\"zz2\",\"kind\":\"issue\",\"labels\":{\"a\":1}}" &&
	git issue-ready --json >out.json &&
	jq -e ".ready | length > 0" out.json
'

test_done
