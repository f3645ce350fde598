#!/bin/sh

test_description='writes keep loose objects bounded, as git commands do'

. ./test-lib.sh

# Every note write makes a blob, two trees and a commit. Stock `git notes`
# never runs auto-gc, so 10,000 appends leave 120-270 MB of loose objects.
# We use git's own estimate (loose objects in objects/17 against gc.auto /
# 256), which is a sample: so write until it fires, within a bound far
# beyond where it fires in practice (expected near 2 x 256 objects).
test_expect_success 'auto-gc packs once loose objects pass gc.auto' '
	git config gc.auto 256 &&
	git config gc.autoDetach false &&
	i=0 &&
	while test $i -lt 1500
	do
		i=$((i + 1)) &&
		git issue-note -i $((i % 7 + 1)) "note $i" >/dev/null || return 1
		if test -n "$(ls .git/objects/pack/*.pack 2>/dev/null)"
		then
			break
		fi
	done &&
	echo "packed after $i notes" &&
	test -n "$(ls .git/objects/pack/*.pack 2>/dev/null)" &&
	git issue-list --json >list.json &&
	jq "[.issues[].records] | add" list.json >actual &&
	echo $i >expect &&
	test_cmp expect actual
'

test_expect_success 'gc.auto=0 turns it off, as in git' '
	git init -q off &&
	(
		cd off &&
		git config gc.auto 0 &&
		for i in $(test_seq 1 40)
		do
			git issue-note -i 1 "note $i" >/dev/null || return 1
		done &&
		git count-objects -v >counts &&
		test "$(sed -n "s/^packs: //p" counts)" = 0
	)
'

test_done
