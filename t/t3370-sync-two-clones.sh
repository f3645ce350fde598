#!/bin/sh

test_description='two clones syncing at once post each record once

Which clone posts a record is decided through the git remote (an intent
per issue, pushed without force, a lease), so two clones that sync the
same records at once never both post them: one clone'"'"'s comment is in
flight, not stored yet, while the other clone syncs the same record.'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

TRASH=$(pwd -P)

# inc CLONE GIT-ARGS...: git in clone CLONE, as that clone's agent
inc () {
	c=$1 &&
	shift &&
	env GIT_AUTHOR_NAME="Agent $c" GIT_AUTHOR_EMAIL="$c@example.com" \
		git -C "$TRASH/$c" "$@"
}

# comments_with ISSUE TEXT: how many comments on ISSUE hold TEXT
comments_with () {
	gh_comments "$1" >comments.json &&
	jq --arg t "$2" "[.[] | select(.body | contains(\$t))] | length" \
		comments.json
}

# in_flight: wait (at most 20 s) until the server holds a comment's POST
# that it has neither stored nor answered
in_flight () {
	for i in $(test_seq 1 200)
	do
		gh_admin GET log >log.json &&
		if jq -e "[.requests[] | select(.kind == \"create-comment\" and .status == null)] | length > 0" log.json >/dev/null
		then
			return 0
		fi
		sleep 0.1
	done
	echo "no comment in flight" && return 1
}

test_expect_success 'setup: server, one issue, an origin, clones a and b' '
	start_github &&
	gh_admin POST issues "{\"title\":\"one\"}" >/dev/null &&
	git init -q --bare origin.git &&
	git push -q origin.git main &&
	for c in a b
	do
		git clone -q origin.git $c &&
		(cd $c && setup_github_repo) &&
		inc $c issue-sync >/dev/null 2>&1 || return 1
	done
'

# One round: a record written in a, on the remote and in b; a's POST of
# it is held in flight for 2 s, unstored, and b syncs meanwhile.
round () {
	inc a issue-note -i 1 "round $1 of the race" >/dev/null &&
	inc a issue-sync --no-github >/dev/null 2>&1 &&
	inc b issue-sync --no-github >/dev/null 2>&1 &&
	gh_admin DELETE log >/dev/null &&
	gh_admin POST faults "{\"type\":\"delay_before_store\",\"delay_ms\":2000,\"method\":\"POST\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	{ inc a issue-sync >a.out 2>a.err; echo $? >a.rc; } &
	in_flight &&
	inc b issue-sync >b.out 2>b.err &&
	wait &&
	echo 0 >expect &&
	test_cmp expect a.rc &&
	echo 1 >expect &&
	comments_with 1 "round $1 of the race" >actual &&
	test_cmp expect actual &&
	# and later: neither posts it again
	inc b issue-sync >/dev/null 2>&1 &&
	inc a issue-sync >/dev/null 2>&1 &&
	inc b issue-sync >/dev/null 2>&1 &&
	comments_with 1 "round $1 of the race" >actual &&
	test_cmp expect actual
}

test_expect_success 'one clone'"'"'s post in flight, the other syncs: one comment, ten times' '
	for r in $(test_seq 1 10)
	do
		round $r || return 1
	done &&
	test_grep "waits for Agent a" b.err
'

test_expect_success 'another clone'"'"'s fresh intent: its issue waits, the others go on' '
	gh_admin POST issues "{\"title\":\"two\"}" >/dev/null &&
	inc b issue-sync >/dev/null 2>&1 &&
	inc b issue-note -i 1 "waits for the other clone" >/dev/null &&
	inc b issue-note -i 2 "goes up at once" >/dev/null &&
	now=$(date -u +%Y-%m-%dT%H:%M:%S.000000Z) &&
	gi-test-tool append refs/notes/issues 1 \
		"{\"time\":\"$now\",\"id\":\"f0f0f0f0f0f0f0f0\",\"kind\":\"intent\",\"author\":\"Z <z@example.com>\",\"clone\":\"00000000000000ff\",\"subject\":\"post\"}" &&
	git -C "$TRASH/b" fetch -q "$TRASH" refs/notes/issues:refs/notes/theirs &&
	merged=$(cd b && gi-test-tool merge refs/notes/issues refs/notes/theirs) &&
	git -C b update-ref refs/notes/issues "$merged" &&
	inc b issue-sync >out 2>err &&
	test_grep "issue #1: 1 record waits for Z <z@example.com> in clone 00000000000000ff" err &&
	comments_with 1 "waits for the other clone" >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	comments_with 2 "goes up at once" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'a stale intent (its clone died) is taken over: posted once' '
	old=$(date -u +%Y-%m-%dT%H:%M:%S.000000Z) &&
	inc b issue-show --json 1 >show.json &&
	jq -r ".records[] | select(.kind == \"intent\") | .id" show.json >ids &&
	test_grep f0f0f0f0f0f0f0f0 ids &&
	gi-test-tool append refs/notes/issues 1 \
		"{\"time\":\"$old\",\"id\":\"e0e0e0e0e0e0e0e0\",\"kind\":\"intent\",\"author\":\"Y <y@example.com>\",\"clone\":\"00000000000000ee\",\"subject\":\"post\"}" \
		"{\"time\":\"$old\",\"id\":\"e1e1e1e1e1e1e1e1\",\"kind\":\"intent\",\"author\":\"Z <z@example.com>\",\"clone\":\"00000000000000ff\",\"subject\":\"post\",\"done\":true,\"supersedes\":\"f0f0f0f0f0f0f0f0\"}" &&
	git -C "$TRASH/b" fetch -q "$TRASH" refs/notes/issues:refs/notes/theirs &&
	merged=$(cd b && gi-test-tool merge refs/notes/issues refs/notes/theirs) &&
	git -C b update-ref refs/notes/issues "$merged" &&
	# its clock says now; b first saw it half an hour ago, which is what
	# counts (another machine'"'"'s clock never ends a lease)
	inc b issue-sync >out 2>err &&
	test_grep "waits for Y <y@example.com>" err &&
	state=b/.git/issue-sync/state.json &&
	jq ".github[\"git-issue-test/sandbox\"].intents_seen.e0e0e0e0e0e0e0e0 -= 1800" \
		$state >state.new &&
	mv state.new $state &&
	inc b issue-sync >out 2>err &&
	test_grep ! "waits for" err &&
	comments_with 1 "waits for the other clone" >actual &&
	echo 1 >expect &&
	test_cmp expect actual &&
	inc b issue-show --json 1 >show.json &&
	jq -r ".records[] | select(.kind == \"intent\" and .supersedes == \"e0e0e0e0e0e0e0e0\") | .author" show.json >actual &&
	echo "Agent b <b@example.com>" >expect &&
	test_cmp expect actual
'

# killed_sync CLONE: its sync, killed with -9 while its post is in flight
killed_sync () {
	(
		cd $1 &&
		GIT_AUTHOR_NAME="Agent $1" GIT_AUTHOR_EMAIL="$1@example.com" \
			exec git-issue-sync >../killed.out 2>../killed.err
	) &
	pid=$!
	in_flight &&
	kill -9 $pid &&
	{ wait $pid || :; }
}

test_expect_success 'a sync killed while its post is in flight: still one comment' '
	inc a issue-sync >/dev/null 2>&1 &&
	inc b issue-sync >/dev/null 2>&1 &&
	inc a issue-note -i 1 "posted by a killed sync" >/dev/null &&
	gh_admin DELETE log >/dev/null &&
	gh_admin POST faults "{\"type\":\"delay_before_store\",\"delay_ms\":3000,\"method\":\"POST\",\"path\":\"*/issues/1/comments\"}" >/dev/null &&
	killed_sync a &&
	inc b issue-sync >out 2>err &&
	test_grep "waits for Agent a" err &&
	sleep 3 &&
	inc a issue-sync >out 2>err &&
	inc b issue-sync >out 2>err &&
	test_grep ! "waits for" err &&
	comments_with 1 "posted by a killed sync" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

# A sync killed while it wrote its intent leaves the intent ref's lock:
# every later sync failed on it, exit 1 without a word (issue 20, item 11).
# Only a sync writes that ref, under its own lock: the lock is taken over.
test_expect_success 'a lock left on the intent ref by a killed sync: taken over, said' '
	inc a issue-sync >/dev/null 2>&1 &&
	inc a issue-note -i 2 "behind a stale lock" >/dev/null &&
	mkdir -p a/.git/refs/issue-sync &&
	: >a/.git/refs/issue-sync/intent.lock &&
	inc a issue-sync --json >out.json 2>err &&
	test_grep "^warning: removed .*refs/issue-sync/intent.lock.: a killed sync left it" err &&
	test_path_is_missing a/.git/refs/issue-sync/intent.lock &&
	jq -r ".ok, .incomplete" out.json >actual &&
	printf "true\nnull\n" >expect &&
	test_cmp expect actual &&
	comments_with 2 "behind a stale lock" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

gh_test_done
