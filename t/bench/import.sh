#!/bin/sh
# import.sh: the first sync (the import) of 2,000 and 10,000 open issues
# from the test server, to the server directly (not through Prism: it
# validates every answer and is not what is measured). Each run starts
# from a fresh copy of a repository that never synced (made before the run,
# outside the timed window); beside it, what reading the same pages costs
# a plain client: one curl, one kept-alive connection, every page of the
# open list to /dev/null. Wall and CPU time (user + system, ours through
# git's dispatcher) and peak memory, by t/bench/timer.c as t/bench/run;
# every figure is checked by t/bench/lib.sh, and the script exits 1 when
# one cannot be right or a run did not import every issue.
# Goal (issue 25): under 500 ms of CPU for 2,000 issues; under 2.5 s of
# CPU and 50 MB for 10,000.
#
#   t/bench/import.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_ISSUES ("2000 10000": the sizes, ascending) and BENCH_RUNS (3)
# change the size; BENCH_KEEP=1 keeps the scratch directory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${GI_BUILD_DIR:=$top/build}"
sizes=${BENCH_ISSUES:-2000 10000}
runs=${BENCH_RUNS:-3}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
. "$here/lib.sh"
bench_part=import
command -v git-issue-sync >/dev/null ||
	bench_fail "no git-issue-sync in $GI_BUILD_DIR/bin: run make"
bench_sandbox import
bench_timer
trap 'bench_github_stop "$scratch/gh"; [ "${BENCH_KEEP:-}" ] || rm -rf "$scratch"' EXIT
bench_github_start "$scratch/gh"

# the repository every run starts from: configured, never synced
git init -q -b main "$scratch/template"
git -C "$scratch/template" commit -q --allow-empty -m initial
git -C "$scratch/template" config issue.github git-issue-test/sandbox
git -C "$scratch/template" config issue.githubApi "$GH_TEST_SERVER_URL"
git -C "$scratch/template" config issue.mutationDelay 0
fresh="rm -rf '$scratch/repo' && cp -a '$scratch/template' '$scratch/repo'"

# the plain client's requests, as the sync sends them; the token in a file
# (curl -K), not on a command line
printf 'header = "Authorization: Bearer %s"\n' "$GH_TEST_TOKEN" \
	>"$scratch/auth.curl"
printf 'header = "Accept: application/vnd.github+json"\nheader = "X-GitHub-Api-Version: 2022-11-28"\nfail\nsilent\n' \
	>>"$scratch/auth.curl"

echo "the first sync (import) of open issues from the test server (direct)," \
	"$runs runs each"
bench_header "curl, pages"
have=0
for n in $sizes; do
	bench_github_issues $((have + 1)) "$n"
	have=$n
	pages=$(( (n + 99) / 100 ))
	cp "$scratch/auth.curl" "$scratch/pages.curl"
	p=1
	while [ $p -le $pages ]; do
		printf 'url = "%s/repos/git-issue-test/sandbox/issues?state=open&sort=created&direction=asc&per_page=100&page=%d"\noutput = "/dev/null"\n' \
			"$GH_TEST_SERVER_URL" $p >>"$scratch/pages.curl"
		p=$((p + 1))
	done
	bench_time "$runs" 1 -B "$fresh" -C "$scratch/repo" git issue-sync -- \
		curl -K "$scratch/pages.curl" -- git issue-floor
	ours=$(bench_line 1)
	label="import, $(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') issues"
	bench_pair "$label (vs curl of $pages pages)" \
		"$ours" "$(bench_line 2)" "$(bench_line 3)"
	listed=$(git -C "$scratch/repo" issue-list --open | wc -l)
	[ "$listed" = "$n" ] ||
		bench_bad "$label" "the last run imported $listed"
	case $n in
	2000) goal="goal: under 500 ms of CPU" ;;
	10000) goal="goal: under 2,500 ms of CPU and 50 MB" ;;
	*) goal="goal at 2,000: 500 ms of CPU; at 10,000: 2.5 s, 50 MB" ;;
	esac
	bench_single "  the same: CPU, peak memory" "$ours" "$goal"
done
bench_finish
