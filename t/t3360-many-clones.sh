#!/bin/sh

test_description='twenty clones writing and syncing at once through one bare origin'

. ./test-lib.sh

N=20

test_expect_success 'setup: one bare origin, twenty clones' '
	git init -q --bare origin.git &&
	git push -q origin.git main &&
	for i in $(test_seq 1 $N)
	do
		git clone -q origin.git c$i || return 1
	done
'

# Every clone writes a note and syncs, all at once; each sync's exit
# status goes to c<i>/rc.<round>.
round () {
	for i in $(test_seq 1 $N)
	do
		(
			cd c$i &&
			git issue-note -i $((i % 3 + 1)) "clone $i round $1" >/dev/null &&
			git issue-sync --no-github --json >sync.$1.json 2>err.$1
			echo $? >rc.$1
		) &
	done
	wait
}

test_expect_success 'two rounds of twenty concurrent syncs: every one finishes' '
	round 1 &&
	round 2 &&
	: >gave-up &&
	for i in $(test_seq 1 $N)
	do
		for r in 1 2
		do
			case "$(cat c$i/rc.$r)" in
			0)
				;;
			1)
				# bounded: a clear "try again" that loses nothing
				grep -q "rejected .* times: other clones kept pushing first; nothing is lost .*run .git issue-sync. again" c$i/err.$r &&
				echo "$i $r" >>gave-up || {
					echo "clone $i round $r failed:"; cat c$i/err.$r; return 1
				} ;;
			*)
				echo "clone $i round $r: status $(cat c$i/rc.$r)"; cat c$i/err.$r; return 1 ;;
			esac
		done
	done &&
	say "syncs that said to try again: $(wc -l <gave-up) of 40" &&
	test_grep ! "kept moving" c*/err.*
'

test_expect_success 'the retries it took, bounded' '
	cat c*/sync.*.json | jq -s "[.[].git.push_attempts // 0] | (add - length), max" >pushes &&
	cat c*/sync.*.json | jq -s "[.[].git.merge_retries // 0] | add" >merges &&
	say "push retries over 40 syncs: $(sed -n 1p pushes), most pushes in one sync: $(sed -n 2p pushes), merge retries: $(cat merges)" &&
	test $(sed -n 2p pushes) -le 12
'

test_expect_success 'after a last round, every clone has the same notes, all 40 records' '
	for i in $(test_seq 1 $N)
	do
		git -C c$i issue-sync --no-github >/dev/null 2>&1 || return 1
	done &&
	for i in $(test_seq 1 $N)
	do
		git -C c$i issue-sync --no-github >/dev/null 2>&1 || return 1
	done &&
	git -C origin.git rev-parse refs/notes/issues >expect &&
	for i in $(test_seq 1 $N)
	do
		git -C c$i rev-parse refs/notes/issues >actual &&
		test_cmp expect actual || return 1
	done &&
	for n in 1 2 3
	do
		git -C c1 issue-show --json $n >show.json &&
		jq ".records | length" show.json || return 1
	done >counts &&
	awk "{ s += \$1 } END { print s }" counts >count &&
	echo 40 >expect &&
	test_cmp expect count
'

test_done
