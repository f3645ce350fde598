#!/bin/sh
# plan.sh: what a sync costs on a repository with many open issues, when
# nothing changed. 2,000 open issues (20 pages of 100) on the test server;
# the first sync imports them all; then BENCH_RUNS syncs with nothing new,
# each timed, and the requests of one of them counted by kind and status
# in the server's log. Goal: only conditional requests answered 304 after
# the first sync, and no more requests than pages. A report, not a test.
#
#   t/bench/plan.sh        (GI_BUILD_DIR: where bin/ is; default build)
#
# BENCH_ISSUES (2000) and BENCH_RUNS (11) change the size; BENCH_KEEP=1
# keeps the scratch directory; BENCH_PRISM=1 goes through Prism (slower:
# it validates every answer) instead of to the server directly.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${GI_BUILD_DIR:=$top/build}"
issues=${BENCH_ISSUES:-2000}
runs=${BENCH_RUNS:-11}

PATH=$GI_BUILD_DIR/bin:$PATH
export PATH
command -v git-issue-sync >/dev/null || {
	echo "plan.sh: no git-issue-sync in $GI_BUILD_DIR/bin: run make" >&2
	exit 1
}
[ -d "$top/t/github/node_modules" ] || {
	echo "plan.sh: the test server needs t/github/node_modules (npm ci)" >&2
	exit 0
}

. "$here/sandbox.sh"
bench_sandbox plan
GH_TEST_TOKEN=tok-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
GH_ENTERPRISE_TOKEN=$GH_TEST_TOKEN
export GH_TEST_TOKEN GH_ENTERPRISE_TOKEN

stop () {
	"$top/t/github/stop.sh" "$scratch/gh" >/dev/null 2>&1 || :
	[ "${BENCH_KEEP:-}" ] || rm -rf "$scratch"
}
trap stop EXIT
"$top/t/github/start.sh" "$scratch/gh" >"$scratch/start.log" 2>&1 || {
	cat "$scratch/start.log" >&2
	exit 1
}
. "$scratch/gh/env"
api=$GH_TEST_SERVER_URL
[ "${BENCH_PRISM:-}" ] && api=$GH_TEST_API_URL
# direct: the server's Link headers must name the server itself, not
# Prism's address (sync refuses a link to another host)
[ "${BENCH_PRISM:-}" ] ||
	curl -sS -X POST -H 'Content-Type: application/json' \
		--data "{\"public_url\":\"$GH_TEST_SERVER_URL\"}" \
		"$GH_TEST_SERVER_URL/_admin/config" >/dev/null

echo "plan: $issues open issues on the test server, $runs syncs with nothing new" \
	"($([ "${BENCH_PRISM:-}" ] && echo through Prism || echo direct))"
# the issues, one second apart on the server's clock, as real ones are
node -e '
	const http = require("http");
	const url = new URL(process.argv[1]);
	const n = Number(process.argv[2]);
	const post = (path, body) => new Promise((ok, bad) => {
		const req = http.request({ host: url.hostname, port: url.port,
			path, method: "POST",
			headers: { "Content-Type": "application/json" } }, (res) => {
			res.resume();
			res.on("end", ok);
		});
		req.on("error", bad);
		req.end(JSON.stringify(body));
	});
	(async () => {
		for (let i = 1; i <= n; i++) {
			await post("/_admin/issues", { title: `Issue ${i} of the plan`,
				body: `What issue ${i} is about.`,
				labels: i % 10 ? [] : ["bug"] });
			await post("/_admin/clock", { advance: 1 });
		}
	})().catch((e) => { console.error(e); process.exit(1); });
' "$GH_TEST_SERVER_URL" "$issues"

git init -q -b main "$scratch/repo"
cd "$scratch/repo"
git commit -q --allow-empty -m initial
git config issue.github git-issue-test/sandbox
git config issue.githubApi "$api"
git config issue.mutationDelay 0
git config gc.auto 0

admin () {
	curl -sS -X "$1" -H 'Content-Type: application/json' \
		"$GH_TEST_SERVER_URL/_admin/$2"
}

# cpu FILE CMD...: run CMD, append "wall_ms cpu_ms" (user + system) to FILE
cpu () {
	f=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$scratch/time.one" "$@" >/dev/null 2>"$scratch/err.one" || {
		cat "$scratch/err.one" >&2
		return 1
	}
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' \
		"$scratch/time.one" >>"$f"
}
median_of () {	# median_of FILE COLUMN
	awk -v c="$2" '{ print $c }' "$1" | sort -n |
		awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

admin DELETE log >/dev/null
cpu "$scratch/first.times" git issue-sync
admin GET log >"$scratch/first.log"
listed=$(git issue-list --open | wc -l)
printf '  first sync: %d ms (%d ms of CPU here), %s requests (%s), %d open issues listed\n' \
	"$(median_of "$scratch/first.times" 1)" \
	"$(median_of "$scratch/first.times" 2)" \
	"$(jq '.counts.total' "$scratch/first.log")" \
	"$(jq -c '.counts.by_status' "$scratch/first.log")" "$listed"

: >"$scratch/times"
for i in $(seq "$runs"); do
	admin DELETE log >/dev/null
	cpu "$scratch/times" git issue-sync
done
admin GET log >"$scratch/last.log"
median=$(median_of "$scratch/times" 1)
median_cpu=$(median_of "$scratch/times" 2)
pages=$(( (issues + 99) / 100 ))
total=$(jq '.counts.total' "$scratch/last.log")
cond=$(jq '[.requests[] | select(.if_none_match != null and .status == 304)] | length' "$scratch/last.log")
printf '  sync with nothing new: %d ms, %d ms of it CPU here (medians of %d; the rest is the server)\n' \
	"$median" "$median_cpu" "$runs"
printf '  its requests: %s, %s conditional answered 304\n' "$total" "$cond"
printf '    by kind:   %s\n' "$(jq -c '.counts.by_kind' "$scratch/last.log")"
printf '    by status: %s\n' "$(jq -c '.counts.by_status' "$scratch/last.log")"
printf '  pages walked: %d of the open list + 1 closed-since + 1 comments = %d\n' \
	"$pages" $((pages + 2))
if [ "$cond" = "$total" ] && [ "$total" -le $((pages + 2)) ]; then
	echo "  goal (only 304s, no more requests than pages): met"
else
	echo "  goal (only 304s, no more requests than pages): NOT met"
fi
