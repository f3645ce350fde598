# sandbox.sh: sourced by the benchmark scripts. bench_sandbox NAME makes
# $scratch, a throw-away directory that is also HOME (removed at exit
# unless BENCH_KEEP is set), and a stable environment, as in the tests:
# no user or system config, a fixed identity, nothing of the caller's git.
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
}
