# test-lib.sh: the harness every shell test sources, on top of sharness.
#
# Like git's own test-lib: a trash directory per script (it is also HOME),
# a fixed identity and clock zone, no system config, no editor, and the
# commands under test first on PATH (GI_BUILD_DIR/bin, default ../build).

SHARNESS_TEST_EXTENSION=sh
: "${SHARNESS_PATH:=/usr/share/sharness/sharness.sh}"
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
: "${GI_BUILD_DIR:=$TEST_DIR/../build}"
SHARNESS_BUILD_DIRECTORY=$GI_BUILD_DIR/bin
export GI_BUILD_DIR SHARNESS_BUILD_DIRECTORY

# Nothing from the caller's git environment leaks in.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_CEILING_DIRECTORIES \
	GIT_EDITOR VISUAL GH_TOKEN GITHUB_TOKEN GH_ENTERPRISE_TOKEN CODEX_HOME
GIT_AUTHOR_NAME='A U Thor'
GIT_AUTHOR_EMAIL=author@example.com
GIT_COMMITTER_NAME='C O Mitter'
GIT_COMMITTER_EMAIL=committer@example.com
GIT_CONFIG_NOSYSTEM=1
EDITOR=:
TZ=UTC
LC_ALL=C
LANG=C
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_CONFIG_NOSYSTEM EDITOR TZ LC_ALL LANG

# Every test body is also run as "(exit 117) && body": a body whose
# &&-chain is whole stops at once and gives 117; one that gives anything
# else has a command outside the chain, whose failure would not count,
# and sharness stops the script ("broken &&-chain"). As git's test-lib did
# before chainlint.pl. Breaks inside a subshell are not seen.
# --no-chain-lint turns it off.
chain_lint=t

. "$SHARNESS_PATH"

# sharness puts SHARNESS_BUILD_DIRECTORY on PATH; the test helpers too
PATH=$GI_BUILD_DIR/bin:$GI_BUILD_DIR/t:$PATH
export PATH

git config --global init.defaultBranch main
git config --global advice.detachedHead false
git config --global protocol.file.allow always
# The pre-push hook gives up after issue.syncTimeout (10 s): on a loaded
# machine a sync through Prism can take longer, and the tests about
# mirroring on push then see "incomplete". Tests of the bound set it.
git config --global issue.syncTimeout 120
git init -q . && git commit -q --allow-empty -m initial

# The anchor object of issue N, as every clone computes it.
anchor () {
	printf 'git-issue %s\n' "$1" | git hash-object --stdin
}

# record_count <issue> [<option>...]: the number of valid records of the
# issue (all kinds), from git issue-show --json, which is kept in
# record-count.json in the trash directory (never in a worktree, where it
# would be work); fails when git issue-show fails.
record_count () {
	git issue-show --json "$@" >"$SHARNESS_TRASH_DIRECTORY/record-count.json" &&
	jq ".records | length" "$SHARNESS_TRASH_DIRECTORY/record-count.json"
}

# test_record_count <op> <n> <issue> [<option>...]: the issue's number of
# records compares to <n> with test's <op> (=, -ge, ...); shows the records
# when it does not, and fails when git issue-show fails
test_record_count () {
	if test $# -lt 3
	then
		echo "usage: test_record_count <op> <n> <issue> [<option>...]" >&2
		return 1
	fi
	trc_op=$1 &&
	trc_n=$2 &&
	shift 2 &&
	trc_count=$(record_count "$@") || return 1
	if ! test "$trc_count" "$trc_op" "$trc_n"
	then
		echo "test_record_count: $trc_count records of $*, not $trc_op $trc_n"
		cat "$SHARNESS_TRASH_DIRECTORY/record-count.json"
		return 1
	fi
}

test_line_count () {
	if test $# != 3
	then
		echo "usage: test_line_count <op> <n> <file>" >&2
		return 1
	fi
	if ! test "$(wc -l <"$3" | tr -d ' ')" "$1" "$2"
	then
		echo "test_line_count: line count for $3 !$1 $2"
		cat "$3"
		return 1
	fi
}

test_path_is_file () {
	test -f "$1" || { echo "file $1 does not exist"; return 1; }
}

test_path_is_dir () {
	test -d "$1" || { echo "directory $1 does not exist"; return 1; }
}

test_path_is_missing () {
	test ! -e "$1" || { echo "path $1 exists"; return 1; }
}

# test_grep [!] [<grep options>] <pattern> <file>: grep that shows the
# file when it fails (the file is the last argument), as git's test_grep
test_grep () {
	local last
	eval "last=\${$#}"
	if test "$1" = "!"
	then
		shift
		! grep "$@" || { echo "unexpected match in $last:"; cat "$last"; return 1; }
	else
		grep "$@" || { echo "no match in $last:"; cat "$last"; return 1; }
	fi
}

# write_script <file>: the here-document on stdin as an executable sh script
write_script () {
	{
		echo "#!/bin/sh" &&
		cat
	} >"$1" &&
	chmod +x "$1"
}
