#!/bin/sh

test_description='stress: two clones sync in loops beside eight writers

Run by `make test-stress` (not by make test: it takes STRESS_SECONDS, 60 by
default, and the machine). Clones a and b sync with the GitHub test server
in a loop each, while eight writers (four in each clone) write notes on
four issues; then both settle. Every record must be on GitHub in exactly
one comment: the duplicates (a record in more than one comment) and the
missing are counted and reported, and both must be 0. GitHub stores each
comment STRESS_POST_MS (1500) after its POST arrives, as a slow GitHub
does: what the other clone does meanwhile is the race (before the post
intents, 404 duplicates in 40 s).'

. ./test-lib.sh
. "$TEST_DIR/lib-github.sh"

TRASH=$(pwd -P)
: "${STRESS_SECONDS:=60}"

# inc CLONE GIT-ARGS...: git in clone CLONE, as that clone's agent
inc () {
	c=$1 &&
	shift &&
	env GIT_AUTHOR_NAME="Agent $c" GIT_AUTHOR_EMAIL="$c@example.com" \
		git -C "$TRASH/$c" "$@"
}

test_expect_success 'setup: server, four issues, an origin, clones a and b' '
	start_github &&
	for t in one two three four
	do
		gh_admin POST issues "{\"title\":\"$t\"}" >/dev/null || return 1
	done &&
	# GitHub takes a while to store a comment: what a second clone
	# does meanwhile is the race
	gh_admin POST faults "{\"type\":\"delay_before_store\",\"delay_ms\":${STRESS_POST_MS:-1500},\"method\":\"POST\",\"path\":\"*/comments\",\"count\":1000000}" >/dev/null &&
	git init -q --bare origin.git &&
	git push -q origin.git main &&
	for c in a b
	do
		git clone -q origin.git $c &&
		(cd $c && setup_github_repo) &&
		inc $c issue-sync >/dev/null 2>&1 || return 1
	done
'

# sync_loop CLONE END: sync until the clock passes END; each run's exit
# status and stderr appended to CLONE.rc and CLONE.err
sync_loop () {
	while test $(date +%s) -lt $2
	do
		t0=$(date +%s.%N)
		inc $1 issue-sync --json >$1.json 2>$1.last
		rc=$?
		echo "$t0 $(date +%s.%N) $(jq -c "[.git.push_attempts, .git.merge_retries, .github.requests.post, (.github.waiting_to_post | length)]" $1.json 2>/dev/null)" >>$1.times
		echo $rc >>$1.rc
		cat $1.last >>$1.err
		# a failure that says nothing: counted apart
		if test $rc != 0 && ! grep -q "^error:\|^fatal:" $1.last
		then
			echo "$rc" >>$1.silent
		fi
		sleep ${STRESS_PAUSE:-0}
	done
}

# writer CLONE K END: notes on issues 1 to 4 until the clock passes END
writer () {
	i=0
	while test $(date +%s) -lt $3
	do
		i=$((i + 1))
		inc $1 issue-note -i $((i % 4 + 1)) "writer $2 note $i" \
			>/dev/null 2>>$1.w$2.err
		sleep 0.2
	done
}

# soak: the writers and both loops at once, for STRESS_SECONDS
soak () {
	end=$(($(date +%s) + STRESS_SECONDS))
	for k in 1 2 3 4
	do
		writer a $k $end &
		writer b $((k + 4)) $end &
	done
	sync_loop a $end &
	sync_loop b $end &
	wait
}

test_expect_success "two sync loops beside eight writers for $STRESS_SECONDS s" '
	soak &&
	echo "syncs: a $(wc -l <a.rc) (failed $(grep -cv "^0$" a.rc), without a word $(cat a.silent 2>/dev/null | wc -l)), b $(wc -l <b.rc) (failed $(grep -cv "^0$" b.rc), without a word $(cat b.silent 2>/dev/null | wc -l)); waits for the other clone: a $(grep -c "wait.* for Agent" a.err), b $(grep -c "wait.* for Agent" b.err)" >report
'

test_expect_success 'both settle: every record is posted' '
	for c in a b a b
	do
		inc $c issue-sync >/dev/null 2>>settle.err || {
			cat settle.err; return 1
		}
	done
'

test_expect_success 'every record in exactly one comment: no duplicate, none missing' '
	: >ids &&
	for n in 1 2 3 4
	do
		inc a issue-show --json $n >show.$n.json &&
		jq -r ".records[] | select(.kind == \"note\") | .id" show.$n.json >>ids &&
		gh_comments $n >>comments.json || return 1
	done &&
	jq -r ".[].body" comments.json >bodies &&
	grep -o "<!-- git-issue:id=[0-9a-f]* -->" bodies |
		sed -e "s/<!-- git-issue:id=//" -e "s/ -->//" | sort >posted &&
	sort ids >wanted &&
	uniq -d posted >duplicates &&
	comm -23 wanted posted >missing &&
	echo "records $(wc -l <wanted), comments $(jq -s "map(length) | add" comments.json), markers $(wc -l <posted), duplicates $(wc -l <duplicates), missing $(wc -l <missing)" >>report &&
	test_must_be_empty duplicates &&
	test_must_be_empty missing
'

# the numbers, for whoever runs it (prove -v shows them)
test -f report && sed -e "s/^/# /" report

gh_test_done
