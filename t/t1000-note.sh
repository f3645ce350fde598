#!/bin/sh

test_description='git issue-note: writing records, naming the issue, bad input'

. ./test-lib.sh

test_expect_success 'note with --issue prints the new id' '
	git issue-note --issue 31 -m "meta tag fails" >id &&
	grep -E "^[0-9a-f]{16}$" id &&
	git issue-show --json 31 >out.json &&
	jq -r ".records[0].id" out.json >actual &&
	test_cmp id actual &&
	jq -r ".records[0].text" out.json >actual &&
	echo "meta tag fails" >expect &&
	test_cmp expect actual
'

test_expect_success 'record carries author, time, commit, branch, worktree' '
	jq -r ".records[0] | .kind, .author, .commit, .branch, .worktree" out.json >actual &&
	cat >expect <<-EOF &&
	note
	A U Thor <author@example.com>
	$(git rev-parse HEAD)
	main
	$(pwd)
	EOF
	test_cmp expect actual &&
	jq -r ".records[0].time" out.json >time &&
	grep -E "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$" time
'

test_expect_success 'the stored line has a fixed key order, time first' '
	git notes --ref=issues show $(anchor 31) >line &&
	grep "^{\"time\":\"[^\"]*\",\"id\":\"[0-9a-f]*\",\"kind\":\"note\",\"author\":" line
'

test_expect_success 'several -m make paragraphs; arguments are joined' '
	git issue-note -i 32 -m one -m two >/dev/null &&
	git issue-note -i 32 three words here >/dev/null &&
	git issue-show --json 32 >out.json &&
	jq -r ".records[].text" out.json >actual &&
	printf "one\n\ntwo\nthree words here\n" >expect &&
	test_cmp expect actual
'

test_expect_success '-F reads a file and -F - reads standard input' '
	printf "from a file\nsecond line\n" >msg &&
	git issue-note -i 33 -F msg >/dev/null &&
	echo "from stdin" | git issue-note -i 33 -F - >/dev/null &&
	git issue-show --json 33 >show.json &&
	jq -r ".records[].text" show.json >actual &&
	printf "from a file\nsecond line\nfrom stdin\n" >expect &&
	sort expect >expect.sorted && sort actual >actual.sorted &&
	test_cmp expect.sorted actual.sorted
'

test_expect_success '-e runs the editor and drops comment lines' '
	write_script fake-editor <<-\EOF &&
	sed -e "1i edited text" "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	GIT_EDITOR=./fake-editor git issue-note -i 34 -e >/dev/null &&
	git issue-show --json 34 >show.json &&
	jq -r ".records[].text" show.json >actual &&
	echo "edited text" >expect &&
	test_cmp expect actual
'

test_expect_success 'an editor that leaves only comments aborts' '
	test_must_fail env GIT_EDITOR=true git issue-note -i 35 -e 2>err &&
	test_grep "empty" err &&
	test_record_count = 0 35
'

test_expect_success 'a lesson is one record with tried, failed and solution' '
	git issue-note -i 31 --tried "meta tag" --failed "XFO must be an HTTP header" \
		--solution "set it in the server config" >id &&
	git issue-show --json 31 >out.json &&
	jq -r ".records[] | select(.kind == \"lesson\") | .id, .tried, .failed, .solution" out.json >actual &&
	cat >expect <<-EOF &&
	$(cat id)
	meta tag
	XFO must be an HTTP header
	set it in the server config
	EOF
	test_cmp expect actual
'

test_expect_success 'any subset of the lesson is accepted' '
	git issue-note -i 36 --failed "only the why" >/dev/null &&
	git issue-show --json 36 >show.json &&
	jq -r ".records[0] | .kind, .failed, .tried" show.json >actual &&
	printf "lesson\nonly the why\nnull\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the issue comes from branch.<name>.issue' '
	git checkout -q -b feature &&
	git config branch.feature.issue 40 &&
	git issue-note "linked by config" >/dev/null &&
	test_record_count = 1 40
'

test_expect_success 'the issue comes from a branch named issue/<n> or issue/<n>-slug' '
	git checkout -q -b issue/41 &&
	git issue-note "plain" >/dev/null &&
	git checkout -q -b issue/42-fix-the-thing &&
	git issue-note "slug" >/dev/null &&
	test_record_count = 1 41 &&
	test_record_count = 1 42
'

test_expect_success '--issue wins over the branch' '
	git issue-note -i 43 "explicit" >/dev/null &&
	test_record_count = 1 43 &&
	test_record_count = 1 42
'

test_expect_success 'no issue inferable: a message that says how to name it' '
	git checkout -q main &&
	test_expect_code 128 git issue-note "lost" 2>err &&
	test_grep "not linked to one" err &&
	test_grep "issue/<n>-<slug>" err
'

test_expect_success 'detached HEAD: needs --issue, works with it' '
	git checkout -q --detach &&
	test_expect_code 128 git issue-note "detached" 2>err &&
	test_grep "detached" err &&
	git issue-note -i 44 "detached but named" >/dev/null &&
	git issue-show --json 44 >show.json &&
	jq -r ".records[0].branch" show.json >actual &&
	echo null >expect &&
	test_cmp expect actual &&
	git checkout -q main
'

test_expect_success 'bad issue numbers are refused with exit 128' '
	for n in 0 -1 99999999999 abc 1.5 "" " 7"
	do
		test_expect_code 128 git issue-note -i "$n" "x" 2>err &&
		test_grep "invalid issue number" err || return 1
	done
'

test_expect_success 'a bad branch.<name>.issue is reported' '
	git checkout -q -b badcfg &&
	git config branch.badcfg.issue banana &&
	test_expect_code 128 git issue-note "x" 2>err &&
	test_grep "bad issue number" err &&
	git checkout -q main
'

test_expect_success 'empty note is refused, nothing written' '
	git rev-parse refs/notes/issues >before &&
	test_expect_code 1 git issue-note -i 31 -m "" 2>err &&
	test_grep "empty" err &&
	test_expect_code 1 git issue-note -i 31 2>err &&
	git rev-parse refs/notes/issues >after &&
	test_cmp before after
'

test_expect_success 'a note on a number known nowhere: a warning, and the note' '
	git issue-note -i 4321 "first word" >out 2>err &&
	test_grep "warning: issue #4321 is known nowhere (no record here): probably a typo" err &&
	test_record_count = 1 4321 &&
	git issue-note -i 4321 "second word" >out 2>err &&
	test_must_be_empty err
'

test_expect_success 'unknown option: usage and exit 129' '
	test_expect_code 129 git issue-note --frobnicate 2>err &&
	test_grep "unknown option" err &&
	test_grep "usage: git issue-note" err &&
	test_grep ! "did you mean" err
'

test_expect_success 'a misspelt option: did you mean, as git says it' '
	test_expect_code 129 git issue-note --tryed x 2>err &&
	head -n 2 err >actual &&
	cat >expect <<-\EOF &&
	error: unknown option '"'"'tryed'"'"'
	hint: did you mean '"'"'--tried'"'"'?
	EOF
	test_cmp expect actual &&
	test_expect_code 129 git issue-worktree --sitch 5 2>err &&
	test_grep "did you mean .--switch.?" err
'

test_expect_success '-h works outside a repository and exits 129' '
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$(pwd) &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 129 git issue-note -h >out &&
		test_grep "usage: git issue-note" out
	)
'

test_expect_success 'outside a repository: fatal, 128' '
	(
		GIT_CEILING_DIRECTORIES=$(pwd) &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		test_expect_code 128 git issue-note -i 1 "x" 2>err &&
		test_grep "not a git repository" err
	)
'

test_expect_success 'NUL bytes are refused, as git refuses them in messages' '
	printf "before\000after" >nul &&
	test_expect_code 1 git issue-note -i 50 -F nul 2>err &&
	test_grep "NUL" err &&
	test_record_count = 0 50
'

test_expect_success 'control characters are stored escaped and shown harmless' '
	printf "bell\007 esc\033[31m red\n" >ctl &&
	git issue-note -i 51 -F ctl >/dev/null &&
	git notes --ref=issues show $(anchor 51) >line &&
	test_grep "bell\\\\u0007 esc\\\\u001b\[31m red" line &&
	git issue-show 51 >out &&
	test_grep "bell^G esc^\[\[31m red" out &&
	git issue-show --json 51 >show.json &&
	jq -r ".records[0].text" show.json >actual &&
	test_cmp ctl actual
'

test_expect_success 'non-UTF-8 bytes: a warning, stored as U+FFFD' '
	printf "caf\351 latin1" >latin &&
	git issue-note -i 52 -F latin >/dev/null 2>err &&
	test_grep "not valid UTF-8" err &&
	git issue-show --json 52 >show.json &&
	jq -r ".records[0].text" show.json >actual &&
	printf "caf\357\277\275 latin1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a 1 MB note is stored and read back whole' '
	awk "BEGIN { for (i = 0; i < 16384; i++) printf \"%063d\n\", i }" >big &&
	test $(wc -c <big) -ge 1048576 &&
	git issue-note -i 53 -F big >/dev/null &&
	git issue-show --json 53 >show.json &&
	jq -r ".records[0].text" show.json >actual &&
	test_cmp big actual
'

test_expect_success 'a repository with no commit yet' '
	git init -q empty &&
	(
		cd empty &&
		git issue-note -i 7 "before any commit" >/dev/null &&
		git issue-show --json 7 >show.json &&
		jq -r ".records[0].commit, .records[0].branch" show.json >actual &&
		printf "null\nmain\n" >expect &&
		test_cmp expect actual
	)
'

test_expect_success 'an unborn issue branch names the issue' '
	git init -q -b issue/8-first unborn &&
	(
		cd unborn &&
		git issue-note "unborn branch" >/dev/null &&
		test_record_count = 1 8
	)
'

test_expect_success 'a bare repository: reads work, writes need --issue' '
	git clone -q --bare . bare.git &&
	git push -q bare.git refs/notes/issues:refs/notes/issues &&
	(
		cd bare.git &&
		test_record_count = 2 31 &&
		test_expect_code 128 git issue-note "x" 2>err &&
		test_grep "bare repository" err &&
		git issue-note -i 31 "from the bare repo" >/dev/null &&
		test_record_count = 3 31
	)
'

test_expect_success '--supersede hides the older record; --retract withdraws one' '
	old=$(git issue-note -i 60 "first version") &&
	git issue-note -i 60 --supersede "$old" "second version" >/dev/null &&
	git issue-show 60 >out &&
	test_grep "second version" out &&
	test_grep ! "first version" out &&
	gone=$(git issue-note -i 60 "wrong") &&
	git issue-note -i 60 --retract "$(echo $gone | cut -c1-6)" -m "was wrong" >/dev/null &&
	git issue-show 60 >out &&
	test_grep ! "^    wrong" out &&
	git issue-show --json 60 >show.json &&
	jq -r ".records[] | select(.superseded) | .id" show.json >actual &&
	printf "%s\n%s\n" "$old" "$gone" | sort >expect &&
	sort actual >actual.sorted &&
	test_cmp expect actual.sorted
'

test_expect_success '--supersede of an unknown record is refused' '
	test_expect_code 128 git issue-note -i 60 --supersede deadbeef "x" 2>err &&
	test_grep "no record" err
'

test_expect_success 'git -c settings are honoured (GIT_CONFIG_PARAMETERS)' '
	git checkout -q -b dash-c &&
	git -c branch.dash-c.issue=70 issue-note "via -c" >/dev/null &&
	test_record_count = 1 70 &&
	git checkout -q main
'

test_expect_success '--json prints the new record id' '
	git issue-note -i 71 --json "as json" >out.json &&
	jq -r ".version, .issue, .kind" out.json >actual &&
	printf "1\n71\nnote\n" >expect &&
	test_cmp expect actual
'

test_done
