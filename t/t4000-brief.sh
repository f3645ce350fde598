#!/bin/sh

test_description='the brief: what it shows, in which order, within its budget

git issue-show --format=markdown and the hook print the same brief: title,
state, blockers and body, lessons, lessons of related issues, recent
records, who else works on what, how to record. The budget is exact and
never exceeded: what does not fit is cut to a line or left out, counted,
and printed whole by the command the brief names (--left-out).'

. ./test-lib.sh

# issue_record N TITLE BODY: an issue record, as sync (or the plan) writes
issue_record () {
	body=$(printf "%s" "$3" | jq -Rs .) &&
	title=$(printf "%s" "$2" | jq -Rs .) &&
	gi-test-tool append refs/notes/issues "$1" \
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000$1\",\"kind\":\"issue\",\"title\":$title,\"state\":\"open\",\"body\":$body}"
}

# utf16_length FILE: its length as JavaScript counts (UTF-16 units)
utf16_length () {
	node -e 'process.stdout.write(String(require("fs").readFileSync(process.argv[1], "utf8").length))' "$1"
}

if command -v node >/dev/null 2>&1
then
	test_set_prereq NODE
fi

test_expect_success 'setup: issue 98 mentions #100 in its body, #7 in a note' '
	git config issue.worktreeRoot "$(pwd)/wt" &&
	issue_record 98 "Login page" "The login page breaks.
The server side is #100; not owner/repo#5, not &#38;6.

\`\`\`sh
make run
\`\`\`" &&
	issue_record 100 "Session server" "" &&
	git issue-note -i 100 --tried "a meta tag" --failed "XFO must be a header" \
		--solution "the server config" >/dev/null &&
	git issue-note -i 7 --tried "seven tried" --solution "seven solved" >/dev/null &&
	git issue-note -i 5 --tried "five must not appear" >/dev/null &&
	git issue-note -i 6 --tried "six must not appear" >/dev/null &&
	git issue-note -i 98 "first note, see #7" >/dev/null &&
	git issue-note -i 98 --tried "cookies" --failed "not sent cross-site" >/dev/null &&
	printf "line one\nline two\n\`\`\`\ncode\n\`\`\`\n" >multi &&
	git issue-note -i 98 -F multi >/dev/null &&
	git issue-worktree 100 >/dev/null 2>&1 &&
	git issue-worktree 98 >wt98 2>/dev/null
'

test_expect_success 'the parts come in order' '
	git issue-show --format=markdown 98 >out &&
	grep -n "^# Issue #98: Login page \[open\]$" out &&
	for pat in "^# Issue #98" "^_The body:_$" "^> The login page breaks" "^## Lessons$" \
		"^## Lessons of related issues$" "^### #100: Session server (mentioned, open)$" \
		"^### #7 (mentioned, open)$" "^## Recent records$" \
		"^## Who else is working on what$" "^_Record what you learn"
	do
		grep -n "$pat" out | head -n 1 | cut -d: -f1 || return 1
	done >lines &&
	sort -n lines >sorted &&
	test_cmp sorted lines &&
	test_line_count = 10 lines
'

test_expect_success 'related lessons are labelled with their issue' '
	sed -n "/^### #100/,/^### #7/p" out >related &&
	test_grep "the server config" related &&
	sed -n "/^### #7/,/^## Recent/p" out >related7 &&
	test_grep "seven solved" related7 &&
	test_grep ! "five must not appear" out &&
	test_grep ! "six must not appear" out
'

test_expect_success 'the plan relates too: what blocks it, then its parent' '
	issue_record 120 "Child of the login page" "" &&
	git issue-link 120 --parent 98 --blocked-by 7 &&
	git issue-show --format=markdown 120 >out120 &&
	grep -n "^### #7 (blocks this, open)$" out120 >blocks &&
	grep -n "^### #98: Login page (parent, open)$" out120 >parent &&
	test "$(cut -d: -f1 blocks)" -lt "$(cut -d: -f1 parent)" &&
	sed -n "/^### #7/,/^### #98/p" out120 >rel7 &&
	test_grep "seven solved" rel7 &&
	sed -n "/^### #98/,/^## /p" out120 >rel98 &&
	test_grep "not sent cross-site" rel98 &&
	git issue-link 120 --unblock 7 --unlink-parent &&
	git issue-show --format=markdown 120 >out120 &&
	test_grep ! "^### #" out120
'

test_expect_success 'the body and multi-line records keep their lines, quoted' '
	test_grep "^> \`\`\`sh$" out &&
	test_grep "^> make run$" out &&
	test_grep "^>$" out &&
	test_grep "^  > line one$" out &&
	test_grep "^  > line two$" out &&
	test_grep "^  > \`\`\`$" out &&
	test_grep "^  > code$" out
'

test_expect_success 'authors are names, claims are not records, who works where' '
	test_grep ! "author@example.com" out &&
	test_grep "(A U Thor): first note" out &&
	test_grep ! "claimed:" out &&
	test_grep "^- #100 Session server: A U Thor, on branch issue/100-session-server (since " out
'

test_expect_success 'another clone claiming this issue is said' '
	gi-test-tool append refs/notes/issues 98 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"00000000000c1a1m\",\"kind\":\"claim\",\"author\":\"B Agent <b@example.com>\",\"text\":\"claimed: working on it in /elsewhere\",\"worktree\":\"/elsewhere\",\"branch\":\"issue/98-x\",\"clone\":\"feedfacefeedface\"}" &&
	git issue-show --format=markdown 98 >out &&
	test_grep "^- #98 (this issue) is also claimed by B Agent, in another clone (since 2026-01-02 00:00)$" out
'

test_expect_success 'in the worktree of the issue, its own claim is not listed' '
	(cd "$(cat wt98)" && git issue-show --format=markdown) >here &&
	test_grep "^- #98 (this issue) is also claimed by A U Thor, on branch issue/98-login-page" out &&
	grep -v "^- #98 (this issue) is also claimed by A U Thor" out >expect &&
	test_cmp expect here
'

test_expect_success 'an issue with nothing: heading and the last line' '
	git issue-show --format=markdown 4242 >empty &&
	test_grep "^# Issue #4242$" empty &&
	test_grep "Stay within issue #4242" empty &&
	test_grep "^- #100 Session server: A U Thor" empty &&
	test_grep ! "## Lessons" empty &&
	test_grep ! "## Recent" empty
'

test_expect_success 'the byte budget is never exceeded, many budgets' '
	git issue-show --format=markdown 98 >full &&
	full=$(wc -c <full) &&
	for n in $(test_seq 1 60) $(test_seq 61 7 400) $(test_seq 401 37 $((full + 50)))
	do
		git issue-show --format=markdown --max-bytes=$n 98 >b.$n &&
		size=$(wc -c <b.$n) &&
		if test $size -gt $n
		then
			echo "budget $n: $size bytes" &&
			return 1
		fi &&
		if test $n -ge 800 && ! grep -q "cookies" b.$n
		then
			echo "budget $n: no lesson" &&
			return 1
		fi || return 1
	done &&
	# above the size of the whole brief, it is all there, unchanged
	git issue-show --format=markdown --max-bytes=$full 98 >b.full &&
	test_cmp full b.full
'

test_expect_success 'a budget says what it left out, and the command that shows it' '
	git issue-show --format=markdown --max-bytes=900 98 >b &&
	test $(wc -c <b) -le 900 &&
	tail -n 1 b >last &&
	test_grep "^_Left out for the budget of 900 bytes: .*All of it, whole: \`git issue-show 98 --left-out=[0-9a-f]\{12\} --max-bytes=900\`._$" last &&
	test_grep "cookies" b
'

# run_left_out BRIEF OUT: run the command the last line of BRIEF names
run_left_out () {
	cmd=$(sed -n "\$s/.*All of it, whole: \`\(git issue-show [^\`]*\)\`._$/\1/p" "$1") &&
	test -n "$cmd" &&
	$cmd >"$2"
}

test_expect_success 'that command prints exactly what was left out, related lessons too' '
	run_left_out b left &&
	head -n 1 left >first &&
	echo "# Left out of the brief of issue #98" >expect &&
	test_cmp expect first &&
	for text in "the server config" "seven solved" "first note, see #7" \
		"line two" "make run" "Session server: A U Thor"
	do
		if grep -q "$text" b
		then
			! grep -q "$text" left || { echo "both: $text"; return 1; }
		else
			grep -q "$text" left || { echo "neither: $text"; return 1; }
		fi || return 1
	done &&
	test_grep ! "cookies" left
'

test_expect_success 'the same notes, the same answer: records written since do not count' '
	run_left_out b left.before &&
	git issue-note -i 98 --tried "written after the brief" >/dev/null &&
	run_left_out b left.after &&
	test_cmp left.before left.after &&
	test_grep ! "written after the brief" left.after &&
	git issue-show 98 --left-out --max-bytes=900 >left.now &&
	test_grep "Left out of the brief of issue #98" left.now
'

test_expect_success '--left-out with nothing left out says so' '
	git issue-show 98 --left-out --max-bytes=100000 >none &&
	test_grep "^_Nothing was left out._$" none
'

test_expect_success '--left-out of something that is not a commit, or with --format: refused' '
	test_expect_code 128 git issue-show 98 --left-out=nothing-here 2>err &&
	test_grep "not a notes commit: .nothing-here." err &&
	test_expect_code 129 git issue-show 98 --left-out --format=markdown 2>err &&
	test_expect_code 129 git issue-show 98 --left-out --json 2>err &&
	test_expect_code 129 git issue-show 98 --max-chars=10 2>err &&
	test_expect_code 129 git issue-show 98 --left-out --max-chars=10 --max-bytes=10 2>err
'

test_expect_success 'many lessons: the newest whole, then one line each, the oldest counted' '
	for i in $(test_seq 10 69)
	do
		printf "{\"time\":\"2026-01-15T00:00:00.0000%02dZ\",\"id\":\"0000000000ml%04d\",\"kind\":\"lesson\",\"tried\":\"approach %d with a fairly long description of what was done\",\"failed\":\"reason %d\",\"solution\":\"answer %d\"}\n" $i $i $i $i $i
	done >many &&
	xargs -d "\n" gi-test-tool append refs/notes/issues 61 <many &&
	git issue-show --format=markdown --max-bytes=3000 61 >b &&
	test $(wc -c <b) -le 3000 &&
	test_grep "answer 69 " b &&
	test_grep ! "answer 10 " b &&
	tail -n 1 b >last &&
	test_grep " [0-9][0-9]* lessons[,.]" last &&
	run_left_out b left &&
	test_grep "answer 10 " left &&
	test_grep ! "answer 69 " left &&
	for i in $(test_seq 10 69)
	do
		cat b left | grep -q "answer $i " || { echo "lesson $i lost"; return 1; }
	done
'

test_expect_success 'a lesson too long for the budget is cut to a line, and said' '
	test_seq 1 2000 | sed "s/.*/word&/" | tr "\n" " " >huge &&
	git issue-note -i 62 --tried "$(cat huge)" --solution "the end of the huge one" >/dev/null &&
	git issue-note -i 62 --tried "small" --solution "small answer" >/dev/null &&
	git issue-show --format=markdown --max-bytes=2000 62 >b &&
	test $(wc -c <b) -le 2000 &&
	test_grep "small answer" b &&
	test_grep "word1 " b &&
	test_grep ! "the end of the huge one" b &&
	test_grep "1 lesson cut to a line" b &&
	run_left_out b left &&
	test_grep "the end of the huge one" left
'

test_expect_success 'a long body is cut to leave room, and that is said' '
	for i in $(test_seq 1 300)
	do
		echo "body line $i of a long problem statement"
	done >long &&
	issue_record 300 "Long" "$(cat long)" &&
	git issue-note -i 300 --tried "t300" --solution "s300" >/dev/null &&
	git issue-show --format=markdown --max-bytes=3000 300 >b &&
	test $(wc -c <b) -le 3000 &&
	test_grep "body line 1 of" b &&
	test_grep ! "body line 300 of" b &&
	test_grep "s300" b &&
	test_grep "the end of the body" b
'

test_expect_success 'control characters and bad UTF-8 are made harmless' '
	printf "bell \007 esc \033[31m bad \377 end" >ctl &&
	git issue-note -i 77 -F ctl 2>/dev/null >/dev/null &&
	gi-test-tool append refs/notes/issues 77 "$(printf "{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"00000000000bad77\",\"kind\":\"note\",\"text\":\"raw \377 byte\"}")" &&
	git issue-show --format=markdown 77 >b &&
	test_grep "bell ^G esc ^\[\[31m" b &&
	! grep -q "$(printf "\033")" b &&
	! LC_ALL=C grep -q "$(printf "\377")" b
'

test_expect_success NODE 'the character budget counts UTF-16 units, as Claude Code' '
	# four-byte characters count two, others one, whatever their bytes
	for i in $(test_seq 1 60)
	do
		git issue-note -i 55 "note $i: 😀 é 中 😀😀" >/dev/null || return 1
	done &&
	git issue-note -i 55 --solution "😀 lesson" >/dev/null &&
	git checkout -q -b issue/55-emoji &&
	for n in 300 1000 2000 2345
	do
		git issue-hook --max-chars=$n claude session-start </dev/null >h.$n &&
		jq -j .hookSpecificOutput.additionalContext h.$n >c.$n &&
		len=$(utf16_length c.$n) &&
		test $len -le $n &&
		test $len -gt $((n - 200)) &&
		test_grep "lesson" c.$n || return 1
	done &&
	git checkout -q main
'

test_expect_success NODE '2,000 records and 40 lessons: under 9,000 characters, every lesson' '
	lines= &&
	for i in $(test_seq 1000 2999)
	do
		printf "{\"time\":\"2026-02-01T00:00:00.%06dZ\",\"id\":\"00000000000%05d\",\"kind\":\"note\",\"author\":\"A U Thor <a@example.com>\",\"text\":\"record %d with enough words to fill the brief\"}\n" $i $i $i
	done >records &&
	for i in $(test_seq 10 49)
	do
		printf "{\"time\":\"2026-01-15T00:00:00.0000%02dZ\",\"id\":\"0000000000le%04d\",\"kind\":\"lesson\",\"tried\":\"approach %d\",\"failed\":\"reason %d\",\"solution\":\"answer %d\"}\n" $i $i $i $i $i
	done >lessons &&
	cat records lessons >all &&
	xargs -d "\n" gi-test-tool append refs/notes/issues 2000 <all &&
	test_record_count = 2040 2000 &&
	git checkout -q -b issue/2000-big &&
	git issue-hook claude session-start </dev/null >h &&
	git checkout -q main &&
	jq -j .hookSpecificOutput.additionalContext h >c &&
	test $(utf16_length c) -le 9000 &&
	for i in $(test_seq 10 49)
	do
		grep -q "answer $i " c || { echo "lesson $i missing"; return 1; }
	done &&
	test_grep "record 2999 " c &&
	test_grep ! "record 1000 " c &&
	test_grep "^_Left out for the budget of 9000 characters: [0-9]* older records" c &&
	git issue-show --format=markdown --max-bytes=9000 2000 >b &&
	test $(wc -c <b) -le 9000 &&
	test $(grep -c "answer [0-9]* " b) = 40
'

test_done
