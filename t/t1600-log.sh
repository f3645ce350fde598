#!/bin/sh

test_description='git issue-log: every record of every issue, in time order

Records of several issues, written at fixed times, come out interleaved
in time order under a heading per run of one issue; --since reads git'\''s
date forms against git'\''s test clock (GIT_TEST_DATE_NOW); the filters
combine; --json is one valid document; on a terminal the output goes
through the pager by git'\''s rules.'

. ./test-lib.sh

# 2026-11-30T12:00:00Z: "now" for --since
NOW=1796040000

# rec ISSUE JSON-MEMBERS: append one record line to ISSUE
rec () {
	gi-test-tool append refs/notes/issues "$1" "{$2}"
}

test_expect_success 'setup: records of issues 12, 31 and 40 at fixed times' '
	rec 12 "\"time\":\"2026-11-27T08:00:00.000000Z\",\"id\":\"1200000000000001\",\"kind\":\"issue\",\"title\":\"Session server\",\"state\":\"open\"" &&
	rec 31 "\"time\":\"2026-11-27T08:00:01.000000Z\",\"id\":\"3100000000000001\",\"kind\":\"issue\",\"title\":\"Login page\",\"state\":\"open\"" &&
	rec 31 "\"time\":\"2026-11-28T09:00:00.000000Z\",\"id\":\"3100000000000002\",\"kind\":\"lesson\",\"author\":\"A U Thor <author@example.com>\",\"tried\":\"a meta tag\",\"failed\":\"X-Frame-Options must be an HTTP header\",\"solution\":\"set it in the server config\",\"branch\":\"issue/31-login-page\"" &&
	rec 12 "\"time\":\"2026-11-29T10:00:00.000000Z\",\"id\":\"1200000000000002\",\"kind\":\"note\",\"author\":\"B Other <other@example.com>\",\"text\":\"the cookie is set twice\"" &&
	rec 31 "\"time\":\"2026-11-29T11:00:00.000000Z\",\"id\":\"3100000000000003\",\"kind\":\"note\",\"author\":\"A U Thor <author@example.com>\",\"text\":\"the form posts twice\\nwhen the button is clicked fast\"" &&
	rec 31 "\"time\":\"2026-11-29T12:00:00.000000Z\",\"id\":\"3100000000000004\",\"kind\":\"note\",\"author\":\"A U Thor <author@example.com>\",\"text\":\"a wrong guess\"" &&
	rec 31 "\"time\":\"2026-11-30T08:00:00.000000Z\",\"id\":\"3100000000000005\",\"kind\":\"retract\",\"author\":\"A U Thor <author@example.com>\",\"supersedes\":\"3100000000000004\",\"text\":\"not it\"" &&
	rec 40 "\"time\":\"2026-11-30T09:30:00.000000Z\",\"id\":\"4000000000000001\",\"kind\":\"note\",\"author\":\"Mallory \\u001b]0;owned\\u0007<m@example.com>\",\"text\":\"\\u001b[31mred\\u001b[0m\"" &&
	rec 40 "not a record at all" &&
	rec 12 "\"time\":\"2026-11-30T10:00:00.000000Z\",\"id\":\"1200000000000003\",\"kind\":\"failed\",\"author\":\"B Other <other@example.com>\",\"failed\":\"tokens expire\"" &&
	rec 12 "\"time\":\"2026-11-30T11:00:00.000000Z\",\"id\":\"1200000000000004\",\"kind\":\"claim\",\"author\":\"B Other <other@example.com>\",\"branch\":\"issue/12-session\",\"clone\":\"0123456789abcdef\"" &&
	rec 12 "\"time\":\"2026-11-26T11:30:00.000000Z\",\"id\":\"1200000000000005\",\"kind\":\"estimate\",\"author\":\"Some Tool\",\"hours\":3"
'

test_expect_success 'every record in time order, grouped by runs of an issue' '
	git issue-log >actual &&
	cat >expect <<-\EOF &&
	issue #12: Session server [open]
	  2026-11-26 11:30  estimate  Some Tool  1200000000000005
	      {"time":"2026-11-26T11:30:00.000000Z","id":"1200000000000005","kind":"estimate","author":"Some Tool","hours":3}

	issue #31: Login page [open]
	* 2026-11-28 09:00  lesson  A U Thor <author@example.com>  (issue/31-login-page)  3100000000000002
	      tried:    a meta tag
	      failed:   X-Frame-Options must be an HTTP header
	      solution: set it in the server config

	issue #12: Session server [open]
	  2026-11-29 10:00  note  B Other <other@example.com>  1200000000000002
	      the cookie is set twice

	issue #31: Login page [open]
	  2026-11-29 11:00  note  A U Thor <author@example.com>  3100000000000003
	      the form posts twice
	      when the button is clicked fast
	  2026-11-30 08:00  retract  A U Thor <author@example.com>  3100000000000005
	      withdrew record 3100000000000004
	      not it

	issue #40
	  2026-11-30 09:30  note  Mallory ^[]0;owned^G<m@example.com>  4000000000000001
	      ^[[31mred^[[0m

	issue #12: Session server [open]
	* 2026-11-30 10:00  failed  B Other <other@example.com>  1200000000000003
	      failed:   tokens expire
	  2026-11-30 11:00  claim  B Other <other@example.com>  (issue/12-session)  1200000000000004
	EOF
	test_cmp expect actual
'

test_expect_success 'no control character reaches the terminal' '
	git issue-log >out &&
	! grep "$(printf "\033")" out &&
	! grep "$(printf "\007")" out
'

# the hostile string of t1500: an ESC sequence, a C1 CSI, a bidi
# override, a tab
E='\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil\tx'

test_expect_success 'hostile records in every field: nothing but text' '
	git init -q hostile &&
	(
		cd hostile &&
		gi-test-tool append refs/notes/issues 5 \
			"{\"time\":\"2026-01-01T00:00:00.000000Z$E\",\"id\":\"1111111111111111\",\"kind\":\"note$E\",\"author\":\"Eve$E <eve@example.com>\",\"text\":\"text$E\",\"branch\":\"b$E\",\"worktree\":\"/w$E\"}" \
			"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"2222222222222222\",\"kind\":\"issue\",\"title\":\"title$E\",\"state\":\"open$E\"}" \
			"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"3333333333333333\",\"kind\":\"lesson\",\"tried\":\"t$E\",\"failed\":\"f$E\",\"solution\":\"s$E\",\"supersedes\":\"x$E\"}" \
			"{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"4444444444444444\",\"kind\":\"odd$E\",\"x\":\"y$E\"}" &&
		git issue-log >out 2>err &&
		git issue-log --kind issue >>out 2>>err &&
		perl -ne "exit 1 if /\\x1b|\\xc2[\\x80-\\x9f]|\\xe2\\x80[\\xaa-\\xae]|\\xe2\\x81[\\xa6-\\xa9]|\\x07/" out err &&
		test_grep "<U+009B>31m<U+202E>evil" out &&
		# one-line fields stay on one line: no tab in the heading or
		# the record lines
		grep "^issue #5\|^[* ] 2026" out >lines &&
		test_grep ! "	" lines &&
		test_grep "^issue #5: title^\[\[2J" lines
	)
'

# ids: the record ids of the text output, in order
ids () {
	sed -n "s/^[* ] .*  \([0-9a-f]\{16\}\)$/\1/p" "$@"
}

test_expect_success '--since with relative dates, against a fixed clock' '
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=yesterday >out &&
	ids out >actual &&
	printf "%s\n" 3100000000000005 4000000000000001 1200000000000003 \
		1200000000000004 >expect &&
	test_cmp expect actual &&
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=2.days.ago >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000002 3100000000000003 3100000000000005 \
		4000000000000001 1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	GIT_TEST_DATE_NOW=$NOW git issue-log "--since=yesterday 00:00" >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000002 3100000000000003 3100000000000005 \
		4000000000000001 1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	GIT_TEST_DATE_NOW=$NOW git issue-log "--since=90 minutes ago" >out &&
	ids out >actual &&
	echo 1200000000000004 >expect &&
	test_cmp expect actual
'

test_expect_success '--since with absolute dates' '
	git issue-log "--since=2026-11-30 09:00" >out &&
	ids out >actual &&
	printf "%s\n" 4000000000000001 1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	git issue-log --since=2026-11-30T10:00:00Z >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	git issue-log --since=@1796032800 >out2 &&
	ids out2 >actual2 &&
	test_cmp actual actual2 &&
	# a day alone keeps the time of day of "now", as in git log
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=2026-11-29 >out &&
	ids out >actual &&
	printf "%s\n" 3100000000000005 4000000000000001 1200000000000003 \
		1200000000000004 >expect &&
	test_cmp expect actual
'

test_expect_success '--since in the future, or a date git cannot read: nothing' '
	git issue-log --since=2030-01-01 >out &&
	test_must_be_empty out &&
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=not-a-date >out &&
	test_must_be_empty out
'

test_expect_success '--issue, more than once' '
	git issue-log --issue 40 --issue "#12" >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000005 1200000000000002 4000000000000001 \
		1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	git issue-log --issue 999 >out &&
	test_must_be_empty out
'

test_expect_success '--kind: exact, and lesson for every lesson kind' '
	git issue-log --kind lesson >out &&
	ids out >actual &&
	printf "%s\n" 3100000000000002 1200000000000003 >expect &&
	test_cmp expect actual &&
	git issue-log --kind claim --kind=retract >out &&
	ids out >actual &&
	printf "%s\n" 3100000000000005 1200000000000004 >expect &&
	test_cmp expect actual &&
	git issue-log --kind failed >out &&
	ids out >actual &&
	echo 1200000000000003 >expect &&
	test_cmp expect actual
'

test_expect_success 'the records of an issue'\''s head: only when --kind names them' '
	git issue-log --kind issue >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000001 3100000000000001 >expect &&
	test_cmp expect actual &&
	sed -n "/3100000000000001/,\$p" out >actual &&
	cat >expect <<-\EOF &&
	  2026-11-27 08:00  issue  unknown  3100000000000001
	      title: Login page
	      state: open
	EOF
	test_cmp expect actual &&
	git issue-log --json --kind issue --kind note >log.json &&
	jq -r ".records[].record.kind" log.json >actual &&
	printf "%s\n" issue issue note note note note >expect &&
	test_cmp expect actual
'

test_expect_success 'a provisional issue: its name in the heading and in JSON' '
	git init -q plan &&
	(
		cd plan &&
		n=$(git issue-new "A new thing" 2>/dev/null) &&
		git issue-note -i "$n" "a note on it" >/dev/null &&
		git issue-log >out &&
		head -n 1 out >actual &&
		echo "issue $n: A new thing [open]" >expect &&
		test_cmp expect actual &&
		git issue-log --issue "$n" --json >log.json &&
		jq -e --arg n "$n" ".records[0].issue == \$n and .issues[0].issue == \$n" log.json
	)
'

test_expect_success '--author: a fixed string, case ignored' '
	git issue-log --author "b other" >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000002 1200000000000003 1200000000000004 >expect &&
	test_cmp expect actual &&
	git issue-log --author=author@EXAMPLE >out &&
	ids out >actual &&
	printf "%s\n" 3100000000000002 3100000000000003 3100000000000005 >expect &&
	test_cmp expect actual
'

test_expect_success 'filters combined' '
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=2.days.ago --issue 12 \
		--issue 31 --kind note --kind lesson --author other >out &&
	ids out >actual &&
	printf "%s\n" 1200000000000002 1200000000000003 >expect &&
	test_cmp expect actual &&
	GIT_TEST_DATE_NOW=$NOW git issue-log --since=yesterday --issue 31 \
		--kind lesson >out &&
	test_must_be_empty out
'

test_expect_success '--json: valid, in time order, superseded ones marked' '
	git issue-log --json >log.json &&
	test_line_count = 1 log.json &&
	jq -e ".version == 1 and .since == null" log.json &&
	jq -r ".records[] | \"\(.issue) \(.record.id)\"" log.json >actual &&
	cat >expect <<-\EOF &&
	12 1200000000000005
	31 3100000000000002
	12 1200000000000002
	31 3100000000000003
	31 3100000000000004
	31 3100000000000005
	40 4000000000000001
	12 1200000000000003
	12 1200000000000004
	EOF
	test_cmp expect actual &&
	jq -e "[.records[] | select(.record.superseded)] | map(.record.id) == [\"3100000000000004\"]" log.json &&
	jq -c ".issues" log.json >actual &&
	echo "[{\"issue\":12,\"title\":\"Session server\",\"state\":\"open\"},{\"issue\":31,\"title\":\"Login page\",\"state\":\"open\"},{\"issue\":40,\"title\":null,\"state\":null}]" >expect &&
	test_cmp expect actual &&
	jq -e ".records[6].record.text == \"\u001b[31mred\u001b[0m\"" log.json &&
	jq -e ".records[7].record.clone == null and .records[8].record.clone == \"0123456789abcdef\"" log.json &&
	jq -e ".records[0].record.hours == 3" log.json
'

test_expect_success '--json with filters: since is the time git read' '
	GIT_TEST_DATE_NOW=$NOW git issue-log --json --since=yesterday --kind claim >log.json &&
	jq -e ".since == \"2026-11-29T12:00:00Z\"" log.json &&
	jq -e "(.records | length) == 1 and .issues == [{\"issue\":12,\"title\":\"Session server\",\"state\":\"open\"}]" log.json &&
	git issue-log --json --issue 999 >log.json &&
	jq -e ".records == [] and .issues == []" log.json
'

test_expect_success 'records of the same time: issue order, then stored order' '
	git init -q same &&
	(
		cd same &&
		gi-test-tool append refs/notes/issues 9 "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"9000000000000002\",\"kind\":\"note\",\"text\":\"b\"}" &&
		gi-test-tool append refs/notes/issues 9 "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"9000000000000001\",\"kind\":\"note\",\"text\":\"a\"}" &&
		gi-test-tool append refs/notes/issues 3 "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"3000000000000001\",\"kind\":\"note\",\"text\":\"c\"}" &&
		git issue-log >out &&
		ids out >actual &&
		printf "%s\n" 3000000000000001 9000000000000001 9000000000000002 >expect &&
		test_cmp expect actual
	)
'

test_expect_success 'no notes at all: nothing, exit 0' '
	git init -q empty &&
	git -C empty issue-log >out &&
	test_must_be_empty out &&
	git -C empty issue-log --json >out &&
	jq -e ".records == []" out
'

test_expect_success 'usage and fatal errors' '
	test_expect_code 128 git issue-log --issue x 2>err &&
	test_grep "invalid issue number .x." err &&
	test_expect_code 129 git issue-log --kind "" 2>err &&
	test_grep "empty kind" err &&
	test_expect_code 129 git issue-log 12 2>err &&
	test_grep "too many arguments" err &&
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$(pwd) &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 128 git issue-log 2>err &&
		test_grep "not a git repository" err
	)
'

# tty_run: the script on stdin, run by /bin/sh with its stdout and stderr
# on a terminal (script(1)); what reached the terminal is in tty.out.
# GIT_PAGER and PAGER are unset first: the script sets what it wants.
if script -qec true /dev/null >/dev/null 2>&1 </dev/null
then
	test_set_prereq TTY
fi

tty_run () {
	{
		echo "unset GIT_PAGER PAGER LESS LV" &&
		cat
	} >tty-cmd.sh &&
	chmod +x tty-cmd.sh &&
	SHELL=/bin/sh script -qec ./tty-cmd.sh tty.out >/dev/null 2>&1 </dev/null
}

test_expect_success 'not a terminal: no pager' '
	GIT_PAGER="echo paged >pager.out" git issue-log >out &&
	test_path_is_missing pager.out &&
	test_grep "Session server" out
'

test_expect_success TTY 'on a terminal: GIT_PAGER, with LESS and LV set as git sets them' '
	rm -f pager.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >pager.out; echo \"\$LESS \$LV \$GIT_PAGER_IN_USE\" >pager.env" git issue-log
	EOF
	git issue-log >expect &&
	test_cmp expect pager.out &&
	echo "FRX -c true" >expect &&
	test_cmp expect pager.env &&
	test_grep ! "Session server" tty.out
'

test_expect_success TTY 'LESS and LV of the user win' '
	tty_run <<-\EOF &&
	LESS=R LV=x GIT_PAGER="cat >/dev/null; echo \"\$LESS \$LV\" >pager.env" git issue-log
	EOF
	echo "R x" >expect &&
	test_cmp expect pager.env
'

test_expect_success TTY 'core.pager, then PAGER' '
	rm -f pager.out pager2.out &&
	tty_run <<-\EOF &&
	git -c core.pager="cat >pager.out" issue-log &&
	PAGER="cat >pager2.out" git issue-log
	EOF
	test_grep "Session server" pager.out &&
	test_grep "Session server" pager2.out
'

test_expect_success TTY 'GIT_PAGER wins over core.pager and PAGER' '
	rm -f pager.out pager2.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >pager.out" PAGER="cat >pager2.out" git -c core.pager="cat >pager2.out" issue-log
	EOF
	test_grep "Session server" pager.out &&
	test_path_is_missing pager2.out
'

test_expect_success TTY 'pager.issue-log false, through git and run directly: none' '
	rm -f pager.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >pager.out" git -c pager.issue-log=false issue-log &&
	GIT_PAGER="cat >pager.out" git -c pager.issue-log=no issue-log >/dev/null &&
	git config pager.issue-log off &&
	GIT_PAGER="cat >pager.out" git-issue-log >/dev/null
	EOF
	git config --unset pager.issue-log &&
	test_path_is_missing pager.out &&
	test_grep "Session server" tty.out
'

test_expect_success TTY 'pager.issue-log as a command, run directly; GIT_PAGER still wins' '
	rm -f other.out pager.out &&
	git config pager.issue-log "cat >other.out" &&
	tty_run <<-\EOF &&
	git-issue-log &&
	mv other.out other1.out &&
	GIT_PAGER="cat >pager.out" git-issue-log
	EOF
	git config --unset pager.issue-log &&
	test_grep "Session server" other1.out &&
	test_path_is_missing other.out &&
	test_grep "Session server" pager.out
'

test_expect_success TTY 'pager.issue-log true, through git: git pages, we do not again' '
	rm -f pager.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >>pager.out" git -c pager.issue-log=true issue-log
	EOF
	git issue-log >expect &&
	test_cmp expect pager.out
'

test_expect_success TTY 'git --no-pager, --no-pager, and a pager of cat: none' '
	rm -f pager.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >pager.out" git --no-pager issue-log &&
	GIT_PAGER="cat >pager.out" git issue-log --no-pager >/dev/null &&
	GIT_PAGER="cat >pager.out" git-issue-log --no-pager >/dev/null &&
	GIT_PAGER=cat git issue-log >/dev/null &&
	GIT_PAGER= git issue-log >/dev/null
	EOF
	test_path_is_missing pager.out &&
	test_grep "Session server" tty.out
'

test_expect_success TTY '--json is paged too' '
	rm -f pager.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="cat >pager.out" git issue-log --json
	EOF
	jq -e ".version == 1" pager.out
'

test_expect_success TTY 'the pager is waited for' '
	rm -f pager.out waited.out &&
	tty_run <<-\EOF &&
	GIT_PAGER="sleep 1; cat >pager.out" git issue-log &&
	cp pager.out waited.out
	EOF
	test_grep "Session server" waited.out
'

# As git log does (git's t7006 checks it too), we die of SIGPIPE: 141.
test_expect_success TTY 'a pager that quits early ends us quietly' '
	i=0 &&
	while test $i -lt 2000
	do
		printf "{\"time\":\"2026-12-01T00:00:00.%06dZ\",\"id\":\"77%014d\",\"kind\":\"note\",\"text\":\"note %d with enough words to make the output long\"}\n" $i $i $i &&
		i=$((i + 1)) || return 1
	done >lines &&
	xargs -d "\n" gi-test-tool append refs/notes/issues 77 <lines &&
	test_expect_code 141 tty_run <<-\EOF &&
	GIT_PAGER="head -n 1 >pager.out" git issue-log
	EOF
	test_line_count = 1 pager.out &&
	test_grep ! "died\|error\|fatal" tty.out
'

test_done
