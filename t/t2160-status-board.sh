#!/bin/sh

test_description='git issue-status: a board that fits the terminal and shows progress

Every line fits $COLUMNS (80 when it is not set and stdout is not a
terminal), titles cut by display width; the worktree by its folder name;
commits ahead, files changed, uncommitted files, lessons and the age of
the newest activity per worktree; a folder named for another issue is
said; --json keeps every field.'

. ./test-lib.sh

TRASH=$(pwd -P)
WT=$TRASH/repo.worktrees

# fits FILE WIDTH: no line of FILE is wider than WIDTH on a terminal
fits () {
	LC_ALL=C.UTF-8 wc -L <"$1" >width &&
	test "$(cat width)" -le "$2" || {
		echo "a line of $1 is $(cat width) columns wide:" &&
		cat "$1" &&
		return 1
	}
}

# field N KEY: issue N's KEY in status.json
field () {
	jq -r ".worktrees[] | select(.issue == $1) | .$2" status.json
}

test_expect_success 'setup: long and wide titles, work of every kind' '
	git init -q --bare origin.git &&
	git clone -q origin.git seed 2>/dev/null &&
	(
		cd seed &&
		printf "%s\n" one two >file &&
		git add file &&
		git commit -q -m base &&
		git push -q origin HEAD:main
	) &&
	git clone -q origin.git repo &&
	(
		cd repo &&
		gi-test-tool append refs/notes/issues 95 \
			"{\"time\":\"2026-01-05T10:00:00.000000Z\",\"id\":\"i95\",\"kind\":\"issue\",\"title\":\"Fix the X-Frame-Options header so that embedded login pages never break again in any browser\",\"state\":\"open\"}" &&
		gi-test-tool append refs/notes/issues 100 \
			"{\"time\":\"2026-01-05T10:00:00.000000Z\",\"id\":\"i100\",\"kind\":\"issue\",\"title\":\"セッションサーバーの日本語のタイトルはとても長いのでここで切られます\",\"state\":\"open\"}"
	) &&
	git -C repo issue-worktree 95 >/dev/null 2>&1 &&
	git -C repo issue-worktree 100 >/dev/null 2>&1 &&
	(
		cd "$WT/issue-95" &&
		echo g >g &&
		echo h >h &&
		git add g h &&
		git commit -q -m "two files" &&
		echo more >>g &&
		git commit -q -am "again" &&
		echo new >untracked &&
		echo three >>file &&
		git issue-note --tried "meta tag" --failed "XFO is a header" >/dev/null
	)
'

test_expect_success 'every line fits 80 columns without a terminal' '
	env -u COLUMNS git -C repo issue-status >board &&
	fits board 80 &&
	test_grep "^ISSUE  STATE  *WORKTREE  *AHEAD FILES DIRTY LESSONS AGE  TITLE$" board &&
	test_grep ! "$TRASH" board &&
	test_grep "^#95  *mid-task  issue-95  *2  *2  *2  *1  *[0-9]*[sm]  Fix the X-Frame-Op.*\.\.\.$" board &&
	test_grep "^#100  *mid-task  issue-100  *0  *0  *0  *0 .*[^ ]\.\.\.$" board
'

test_expect_success 'and $COLUMNS when it is set, wide characters counted twice' '
	COLUMNS=60 git -C repo issue-status >board &&
	fits board 60 &&
	COLUMNS=200 git -C repo issue-status >wide &&
	fits wide 200 &&
	test_grep "in any browser$" wide &&
	COLUMNS=20 git -C repo issue-status >narrow &&
	fits narrow 40
'

test_expect_success '--json keeps every field, whole' '
	git -C repo issue-status --json >status.json &&
	field 95 "ahead, .files_changed, .uncommitted, .lessons, .dirty" >actual &&
	printf "2\n2\n2\n1\ntrue\n" >expect &&
	test_cmp expect actual &&
	field 95 title >actual &&
	echo "Fix the X-Frame-Options header so that embedded login pages never break again in any browser" >expect &&
	test_cmp expect actual &&
	field 95 path >actual &&
	echo "$WT/issue-95" >expect &&
	test_cmp expect actual &&
	test "$(field 95 activity_age)" -lt 600
'

test_expect_success 'an issue whose newest record is its imported snapshot' '
	git -C repo issue-worktree 101 >/dev/null 2>&1 &&
	(cd repo && gi-test-tool append refs/notes/issues 101 \
		"{\"time\":\"2025-01-05T10:00:00.000000Z\",\"id\":\"i101\",\"kind\":\"issue\",\"title\":\"Imported long ago\",\"state\":\"open\"}") &&
	git -C repo issue-status >board &&
	test_grep "^#101  *mid-task  issue-101 .*  Imported long ago$" board &&
	git -C repo issue-status --json >status.json &&
	# the newest activity is the base commit, newer than the snapshot
	test "$(field 101 activity_age)" -lt 600
'

test_expect_success 'after --switch the board says which issue the folder holds' '
	git -C "$WT/issue-100" issue-worktree --switch 102 >/dev/null 2>&1 &&
	git -C repo issue-status >board &&
	fits board 80 &&
	test_grep "^#102  *mid-task  issue-100\*" board &&
	test_grep "^#102: in folder .issue-100., made for another issue$" board
'

test_done
