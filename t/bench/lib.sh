# lib.sh: sourced by t/bench/run and by every script of t/bench/: the
# scratch directory and environment, the timer, the test GitHub server
# started directly, and the one place that prints and checks a figure.
#
# Every figure a part reports goes through bench_pair, bench_single,
# bench_mem or bench_count, which check it before printing it: a timer line
# must be five whole numbers (median and fastest wall time, failed runs,
# median CPU time, peak memory: t/bench/timer.c), with no failed run, times
# and memory above 0, the fastest no slower than the median, CPU time
# possible for the cores there are, and a printed ratio above 0. A figure
# that fails a check is printed as "!! bad figure: ..." and remembered;
# bench_finish then exits 1, and t/bench/run, which also fails a part that
# printed no figure or exited non-zero, exits 1 at its end. So `make bench`
# fails when a part prints nonsense, instead of reporting it.

# bench_sandbox NAME: $scratch, a throw-away directory that is also HOME
# (removed at exit unless BENCH_KEEP is set), and a stable environment, as
# in the tests: no user or system config, a fixed identity, nothing of the
# caller's git.
bench_sandbox () {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/gi-bench-$1.XXXXXX")
	[ "${BENCH_KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
	HOME=$scratch
	GIT_CONFIG_NOSYSTEM=1
	GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
	GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
	export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
		GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT \
		GIT_ISSUE_TRACE
	git config --global init.defaultBranch main
	git config --global gc.auto 0	# no background gc in a sample
}

# bench_timer: $timer, the timer t/bench/run built (GI_BENCH_TIMER), else
# one built here into $scratch; and $floor, `git issue-floor` installed
# the same way (an empty static program: what git's dispatcher costs).
bench_timer () {
	timer=${GI_BENCH_TIMER:-}
	if [ -z "$timer" ]; then
		timer=$scratch/tools/gi-bench-timer
		mkdir -p "$scratch/tools"
		"${CC:-cc}" -O2 -o "$timer" "$bench_here/timer.c" ||
			bench_fail "cannot build t/bench/timer.c"
	fi
	if ! command -v git-issue-floor >/dev/null 2>&1; then
		mkdir -p "$scratch/tools"
		printf 'int main(void) { return 0; }\n' >"$scratch/tools/floor.c"
		"${CC:-cc}" -O2 -static -o "$scratch/tools/git-issue-floor" \
			"$scratch/tools/floor.c" 2>/dev/null ||
		"${CC:-cc}" -O2 -o "$scratch/tools/git-issue-floor" \
			"$scratch/tools/floor.c" ||
			bench_fail "cannot build the floor program"
		PATH=$scratch/tools:$PATH
		export PATH
	fi
}

# bench_time RUNS WARMUP TIMER-ARGS...: run the timer, its lines (one per
# command) in $bench_out; bench_line N: the Nth of them
bench_time () {
	bench_out=$("$timer" "$@") || bench_out=
}
bench_line () {
	printf '%s\n' "$bench_out" | sed -n "${1}p"
}

bench_rows=0
bench_bad_seen=
bench_here=$(cd "$(dirname "$0")" && pwd)

# Count a figure printed (for t/bench/run: a part with none failed).
bench_counted () {
	bench_rows=$((bench_rows + 1))
	[ -z "${BENCH_ROWS_FILE:-}" ] || echo "$1" >>"$BENCH_ROWS_FILE"
}

# bench_bad LABEL WHY: a figure that cannot be right
bench_bad () {
	bench_bad_seen=1
	printf '  !! bad figure: %s: %s\n' "$1" "$2"
	printf 'bench: bad figure: %s: %s\n' "$1" "$2" >&2
	[ -z "${BENCH_BAD_FILE:-}" ] || printf '%s: %s\n' "$1" "$2" \
		>>"$BENCH_BAD_FILE"
}

# bench_fail WHY: the part cannot go on (set-up failed)
bench_fail () {
	bench_bad "${bench_part:-bench}" "$1"
	exit 1
}

# bench_check LABEL LINE: 0 if LINE is a timer line that can be right,
# else 1 (reported)
bench_check () {
	why=$(awk -v l="$2" -v cores="$(nproc 2>/dev/null || echo 1)" 'BEGIN {
		n = split(l, f, " ")
		if (n != 5) { print "not a timer line: \"" l "\""; exit }
		for (i = 1; i <= 5; i++)
			if (f[i] !~ /^[0-9]+$/) {
				print "not a whole number: \"" f[i] "\""; exit
			}
		if (f[3] > 0) { print f[3] " runs failed"; exit }
		if (f[1] <= 0 || f[2] <= 0) { print "no time"; exit }
		if (f[2] > f[1]) { print "fastest run slower than the median"; exit }
		if (f[1] > 3600e6) { print "over an hour"; exit }
		if (f[4] <= 0) { print "no CPU time"; exit }
		if (f[4] > 2 * cores * f[1] + 10000) {
			print "more CPU time than " cores " cores have"; exit
		}
		if (f[5] <= 0) { print "no peak memory"; exit }
	}')
	[ -z "$why" ] && return 0
	bench_bad "$1" "$why"
	return 1
}

# bench_ms LINE [FIELD]: a timer line's median wall time (field 1) or
# median CPU time (4), in ms
bench_ms () {
	awk -v l="$1" -v f="${2:-1}" 'BEGIN { split(l, a, " ");
		printf "%.2f", a[f] / 1000 }'
}

# bench_ratio LABEL FIELD LINE LINE: $ratio, ours / stock, checked above 0
# (in this shell, not a subshell: a bad one must count)
bench_ratio () {
	ratio=$(awk -v f="$2" -v l="$3" -v m="$4" 'BEGIN { split(l, a, " ");
		split(m, b, " "); if (b[f] > 0) printf "%.2f", a[f] / b[f] }')
	case $ratio in
	''|0.00|*[!0-9.]*)
		bench_bad "$1" "ratio '$ratio' of $3 and $4"
		ratio='?' ;;
	esac
}

# bench_header [THEIRS]: the columns of bench_pair; THEIRS names the
# second column when it is not stock git
bench_header () {
	printf '  %-48s %12s %12s %7s %7s %11s\n' "" "git-issue" \
		"${1:-stock git}" "ratio" "cpu" "floor"
}

# bench_pair LABEL OURS STOCK [FLOOR]: a row of ours against stock git's
# counterpart (timer lines), the ratios of wall and CPU time, the floor
bench_pair () {
	bench_counted "$1"
	ok=1
	bench_check "$1" "$2" || ok=
	bench_check "$1 (stock)" "$3" || ok=
	[ -z "${4:-}" ] || bench_check "$1 (floor)" "$4" || ok=
	[ "$ok" ] || return 0
	bench_ratio "$1" 1 "$2" "$3"
	wall=$ratio
	bench_ratio "$1" 4 "$2" "$3"
	printf '  %-48s %9s ms %9s ms %6sx %6sx %8s ms\n' "$1" \
		"$(bench_ms "$2")" "$(bench_ms "$3")" "$wall" "$ratio" \
		"$(if [ -n "${4:-}" ]; then bench_ms "$4"; else echo -; fi)"
}

# bench_single LABEL LINE NOTE: ours alone (no stock counterpart): wall
# and CPU time, peak memory, and NOTE (the goal)
bench_single () {
	bench_counted "$1"
	bench_check "$1" "$2" || return 0
	printf '  %-48s %9s ms  (cpu %s ms, %s MB; %s)\n' "$1" \
		"$(bench_ms "$2")" "$(bench_ms "$2" 4)" \
		"$(awk -v l="$2" 'BEGIN { split(l, a, " ");
			printf "%.1f", a[5] / 1024 }')" "$3"
}

# bench_count LABEL N [NOTE]: a count (requests, bytes, races won)
bench_count () {
	bench_counted "$1"
	case $2 in
	''|*[!0-9]*)
		bench_bad "$1" "not a count: '$2'"
		return 0 ;;
	esac
	printf '  %-48s %9s%s\n' "$1" "$2" "${3:+  ($3)}"
}

# bench_mem LABEL OURS [STOCK] [NOTE-BYTES]: peak memory of ours (and of
# stock git), against the readers' goal when NOTE-BYTES is given: twice
# the largest note read plus 10 MB
bench_mem () {
	bench_counted "$1"
	bench_check "$1" "$2" || return 0
	[ -z "${3:-}" ] || bench_check "$1 (stock)" "$3" || return 0
	awk -v t="$1" -v l="$2" -v s="${3:-}" -v n="${4:-}" 'BEGIN {
		split(l, f, " "); split(s, g, " ")
		printf "  %-48s %7.1f MB %8s MB", t, f[5] / 1024,
			s == "" ? "-" : sprintf("%.1f", g[5] / 1024)
		if (n != "") {
			goal = (2 * n + 10 * 1048576) / 1048576
			printf "  goal %5.1f MB: %s", goal,
				f[5] / 1024 <= goal ? "met" : "not met"
		}
		printf "\n" }'
}

# bench_finish: the exit status of a script: 1 if a figure was bad or
# none was printed
bench_finish () {
	if [ "$bench_rows" = 0 ]; then
		bench_bad "${bench_part:-bench}" "no figure printed"
	fi
	[ -z "$bench_bad_seen" ] || exit 1
	exit 0
}

# bench_github_start DIR: the test GitHub server (t/github/server.js)
# started directly, without Prism (which validates every answer and is
# not what is measured), its Link headers naming itself; sets
# GH_TEST_SERVER_URL, GH_TEST_TOKEN and GH_ENTERPRISE_TOKEN. Stopped at
# exit by bench_github_stop DIR.
bench_github_start () {
	[ -d "$bench_here/../github/node_modules" ] ||
		bench_fail "the test server needs t/github/node_modules (npm ci)"
	GH_TEST_TOKEN=bench-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
	GH_ENTERPRISE_TOKEN=$GH_TEST_TOKEN
	export GH_TEST_TOKEN GH_ENTERPRISE_TOKEN
	mkdir -p "$1"
	node "$bench_here/../github/server.js" --port 0 \
		--port-file "$1/server.port" --quiet >"$1/server.log" 2>&1 &
	echo $! >"$1/server.pid"
	i=0
	while [ ! -s "$1/server.port" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] && kill -0 "$(cat "$1/server.pid")" 2>/dev/null ||
			bench_fail "the test server did not start: $(cat "$1/server.log")"
		sleep 0.1
	done
	GH_TEST_SERVER_URL=http://127.0.0.1:$(cat "$1/server.port")
	curl -sSf -X POST -H 'Content-Type: application/json' \
		--data "{\"public_url\":\"$GH_TEST_SERVER_URL\"}" \
		"$GH_TEST_SERVER_URL/_admin/config" >/dev/null ||
		bench_fail "the test server refused its configuration"
}
bench_github_stop () {
	[ -f "$1/server.pid" ] || return 0
	kill "$(cat "$1/server.pid")" 2>/dev/null || :
	rm -f "$1/server.pid"
}

# bench_github_issues FROM TO: open issues FROM..TO on the test server,
# one second apart on its clock, as real ones are (every tenth labelled
# "bug"), over one kept-alive connection
bench_github_issues () {
	node -e '
	const http = require("http");
	const url = new URL(process.argv[1]);
	const from = Number(process.argv[2]), to = Number(process.argv[3]);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const post = (path, body) => new Promise((ok, bad) => {
		const req = http.request({ host: url.hostname, port: url.port,
			path, method: "POST", agent,
			headers: { "Content-Type": "application/json" } }, (res) => {
			res.resume();
			res.on("end", () => res.statusCode < 300 ? ok() :
				bad(new Error(path + ": " + res.statusCode)));
		});
		req.on("error", bad);
		req.end(JSON.stringify(body));
	});
	(async () => {
		for (let i = from; i <= to; i++) {
			await post("/_admin/issues", { title: `Issue ${i} of the plan`,
				body: `What issue ${i} is about.`,
				labels: i % 10 ? [] : ["bug"] });
			await post("/_admin/clock", { advance: 1 });
		}
		agent.destroy();
	})().catch((e) => { console.error(e.message); process.exit(1); });
	' "$GH_TEST_SERVER_URL" "$1" "$2" ||
		bench_fail "cannot create issues $1..$2 on the test server"
}
