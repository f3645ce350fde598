#!/bin/sh
# plan.sh: what a sync costs on a repository with many open issues, when
# nothing changed. 2,000 open issues (20 pages of 100) on the test server,
# to the server directly (not through Prism, which validates every answer
# and is not what is measured); the first sync imports them all (timed by
# t/bench/import.sh); then BENCH_RUNS syncs with nothing new, timed by
# t/bench/timer.c, and the requests of one of them counted by kind and
# status in the server's log. Goal: only conditional requests answered 304
# after the first sync, and no more requests than pages. Every figure is
# checked by t/bench/lib.sh; the script exits 1 when one cannot be right or
# the goal's counts are not met.
#
#   t/bench/plan.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_ISSUES (2000) and BENCH_RUNS (11) change the size; BENCH_KEEP=1
# keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${GI_BUILD_DIR:=$top/build}"
issues=${BENCH_ISSUES:-2000}
runs=${BENCH_RUNS:-11}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
. "$here/lib.sh"
bench_part=plan
command -v git-issue-sync >/dev/null ||
	bench_fail "no git-issue-sync in $GI_BUILD_DIR/bin: run make"
bench_sandbox plan
bench_timer
trap 'bench_github_stop "$scratch/gh"; [ "${BENCH_KEEP:-}" ] || rm -rf "$scratch"' EXIT
bench_github_start "$scratch/gh"

echo "plan: $issues open issues on the test server, $runs syncs with nothing new (direct)"
bench_github_issues 1 "$issues"

git init -q -b main "$scratch/repo"
cd "$scratch/repo"
git commit -q --allow-empty -m initial
git config issue.github git-issue-test/sandbox
git config issue.githubApi "$GH_TEST_SERVER_URL"
git config issue.mutationDelay 0

admin () {
	curl -sSf -X "$1" -H 'Content-Type: application/json' \
		"$GH_TEST_SERVER_URL/_admin/$2"
}

admin DELETE log >/dev/null
git issue-sync >/dev/null 2>"$scratch/first.err" ||
	bench_fail "the first sync failed: $(cat "$scratch/first.err")"
admin GET log >"$scratch/first.log"
listed=$(git issue-list --open | wc -l)
[ "$listed" = "$issues" ] ||
	bench_bad "first sync" "$listed open issues listed, not $issues"
bench_count "first sync: requests" "$(jq '.counts.total' "$scratch/first.log")" \
	"$(jq -c '.counts.by_status' "$scratch/first.log")"

# the last run's requests are the ones counted: the log is cleared before
# each run, outside the timed window
bench_time "$runs" 1 -B "curl -sSf -X DELETE $GH_TEST_SERVER_URL/_admin/log" \
	git issue-sync -- git issue-floor
admin GET log >"$scratch/last.log"
pages=$(( (issues + 99) / 100 ))
total=$(jq '.counts.total' "$scratch/last.log")
cond=$(jq '[.requests[] | select(.if_none_match != null and .status == 304)] | length' "$scratch/last.log")
bench_single "sync with nothing new ($runs runs)" "$(bench_line 1)" \
	"the rest is the server"
bench_single "  git issue-floor" "$(bench_line 2)" "the floor"
bench_count "  its requests" "$total" \
	"by kind: $(jq -c '.counts.by_kind' "$scratch/last.log")"
bench_count "  conditional, answered 304" "$cond" \
	"by status: $(jq -c '.counts.by_status' "$scratch/last.log")"
bench_count "  requests at most (the pages)" $((pages + 2)) \
	"$pages of the open list + 1 closed-since + 1 comments"
if [ "$cond" = "$total" ] && [ "$total" -le $((pages + 2)) ]; then
	echo "  goal (only 304s, no more requests than pages): met"
else
	echo "  goal (only 304s, no more requests than pages): NOT met"
fi
bench_finish
