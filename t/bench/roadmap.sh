#!/bin/sh
# roadmap.sh: a whole roadmap from one plan file (issue 24). The roadmap of
# the issue at full size (t/bench/roadmap.md: 14 children in 4 phases,
# P0-P3, 7 blocked-by links, one child under another, 15 items) applied
# offline with git issue-plan, against what stock git pays for 15 notes
# (15 `git notes append`, one a process, as 15 `git issue-new` calls
# would) and the floor; applied again (nothing to write); then the first
# sync of the 15 provisional issues to the test server, directly (not
# through Prism, which validates every answer and is not what is
# measured): its time and its requests, the GitHub writes counted by
# kind. Goal: the offline apply under 200 ms. Every figure is checked by
# t/bench/lib.sh; the script exits 1 when one cannot be right.
#
#   t/bench/roadmap.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_RUNS (31) changes the runs; BENCH_KEEP=1 keeps the scratch
# directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${GI_BUILD_DIR:=$top/build}"
runs=${BENCH_RUNS:-31}
plan=$here/roadmap.md

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
. "$here/lib.sh"
bench_part=roadmap
command -v git-issue-plan >/dev/null ||
	bench_fail "no git-issue-plan in $GI_BUILD_DIR/bin: run make"
bench_sandbox roadmap
bench_timer
trap 'bench_github_stop "$scratch/gh"; [ "${BENCH_KEEP:-}" ] || rm -rf "$scratch"' EXIT

for d in ours stock sync; do
	git init -q -b main "$scratch/$d"
	git -C "$scratch/$d" commit -q --allow-empty -m initial
done
# the repository the sync starts from: the plan applied once, offline
git -C "$scratch/sync" issue-plan --offline --json "$plan" \
	>"$scratch/plan.json" 2>/dev/null || bench_fail "git issue-plan failed"
items=$(jq '.items | length' "$scratch/plan.json")
echo "roadmap: a plan file of $items items applied offline ($runs runs)," \
	"then its first sync (direct)"

# stock: one `git notes append` a process, on as many objects as the plan
# makes issues
i=0
: >"$scratch/stock.sh"
while [ $i -lt "$items" ]; do
	i=$((i + 1))
	a=$(printf 'item %s\n' $i | git -C "$scratch/stock" hash-object -w --stdin)
	echo "git notes --ref=issues append -m 'item $i' $a" >>"$scratch/stock.sh"
done

# each run starts from no notes: the ref is deleted before it, outside the
# timed window
bench_time "$runs" 3 \
	-B "git -C '$scratch/ours' update-ref -d refs/notes/issues; true" \
	-C "$scratch/ours" git issue-plan --offline "$plan" -- \
	-B "git -C '$scratch/stock' update-ref -d refs/notes/issues; true" \
	-C "$scratch/stock" sh "$scratch/stock.sh" -- \
	-C "$scratch/ours" git issue-floor
bench_header "$items notes"
bench_pair "plan, $items items, offline (vs $items notes append)" \
	"$(bench_line 1)" "$(bench_line 2)" "$(bench_line 3)"
ms=$(bench_ms "$(bench_line 1)")

git -C "$scratch/ours" issue-plan --offline "$plan" >/dev/null 2>&1 ||
	bench_fail "git issue-plan failed"
bench_time "$runs" 3 -C "$scratch/ours" git issue-plan --offline "$plan"
bench_single "  applied again (writes nothing)" "$(bench_line 1)" \
	"goal: < 200 ms"

# the first sync of the 15 provisional issues
bench_github_start "$scratch/gh"
cd "$scratch/sync"
git config issue.github git-issue-test/sandbox
git config issue.githubApi "$GH_TEST_SERVER_URL"
git config issue.mutationDelay 0
admin () {
	curl -sSf -X "$1" -H 'Content-Type: application/json' \
		"$GH_TEST_SERVER_URL/_admin/$2"
}
admin DELETE log >/dev/null
s=$("$timer" 1 0 git issue-sync)
admin GET log >"$scratch/sync.log"
made=$(admin GET issues | jq length)
[ "$made" = "$items" ] ||
	bench_bad "first sync" "$made issues on the server, not $items"
writes=$(jq '[.requests[] | select(.method != "GET")] | length' "$scratch/sync.log")
echo
bench_single "first sync of the $items issues (mutationDelay 0)" "$s" \
	"the server's time included"
bench_count "  its requests" "$(jq '.counts.total' "$scratch/sync.log")" \
	"by status: $(jq -c '.counts.by_status' "$scratch/sync.log")"
bench_count "  GitHub writes" "$writes" \
	"$(jq -c '[.requests[] | select(.method != "GET") | .kind] |
		group_by(.) | map({(.[0]): length}) | add' "$scratch/sync.log")"
echo "  (at GitHub's one second between writes, the sync takes at least" \
	"$writes s more)"
awk -v ms="$ms" 'BEGIN {
	printf "  goal (the offline apply under 200 ms): %s\n",
		ms < 200 ? "met" : "NOT met" }'
bench_finish
