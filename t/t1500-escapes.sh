#!/bin/sh

test_description='records are data: no escape sequence from a record reaches the terminal'

. ./test-lib.sh

# A JSON string with an ESC sequence, a C1 CSI, a bidi override, a tab.
E='\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil\tx'

# no ESC, C1 (UTF-8 C2 80-9F, or a raw 0x80-0x9f byte) or bidi control
# (E2 80 AA-AE, E2 81 A6-A9) in the files named
no_escapes () {
	for f
	do
		if perl -ne 'exit 1 if /\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\x07/' "$f"
		then
			:
		else
			echo "escape bytes in $f:" && od -c "$f" | head -20
			return 1
		fi
	done
}

test_expect_success 'setup: hostile records in every field' '
	gi-test-tool append refs/notes/issues 5 \
		"{\"time\":\"2026-01-01T00:00:00.000000Z$E\",\"id\":\"1111111111111111\",\"kind\":\"note$E\",\"author\":\"Eve$E <eve@example.com>\",\"text\":\"text$E\",\"branch\":\"b$E\",\"worktree\":\"/w$E\"}" \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"2222222222222222\",\"kind\":\"issue\",\"title\":\"title$E\",\"state\":\"open$E\"}" \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"3333333333333333\",\"kind\":\"lesson\",\"tried\":\"t$E\",\"failed\":\"f$E\",\"solution\":\"s$E\"}" \
		"{\"time\":\"2026-01-04T00:00:00.000000Z\",\"id\":\"4444444444444444\",\"kind\":\"claim\",\"author\":\"Eve$E <eve@example.com>\",\"clone\":\"c$E\",\"worktree\":\"/elsewhere$E\",\"branch\":\"issue/5\"}" \
		"not json at all $(printf "\033[31m")"
'

test_expect_success 'issue-show: none' '
	git issue-show 5 >out 2>err &&
	no_escapes out err &&
	test_grep "note^\[\[2J" out &&
	test_grep "<U+009B>31m<U+202E>evil" out
'

test_expect_success 'issue-list: none, and no tab in the table' '
	git issue-list >out 2>err &&
	no_escapes out err &&
	test_grep ! "	" out
'

test_expect_success 'issue-search: none' '
	git issue-search evil >out 2>err &&
	no_escapes out err &&
	test_grep ! "	" out
'

test_expect_success 'issue-status: none, the claim'"'"'s clone included' '
	git issue-status >out 2>err &&
	no_escapes out err &&
	test_grep "claimed by Eve" out &&
	test_grep "clone c^\[\[2" out
'

test_expect_success 'the claim warning of issue-worktree: none' '
	test_expect_code 1 git issue-worktree 5 >out 2>err &&
	no_escapes out err &&
	test_grep "issue #5 is claimed by Eve" err
'

test_expect_success 'issue-overlap: paths with tabs, newlines and escapes are quoted' '
	git checkout -q -b issue/1 main &&
	name=$(printf "a\tb\nc\033[31md") &&
	echo one >"$name" && git add . && git commit -q -m one &&
	git checkout -q -b issue/2 main &&
	echo two >"$name" && git add . && git commit -q -m two &&
	git checkout -q main &&
	test_expect_code 1 git issue-overlap 1 2 >out 2>err &&
	no_escapes out err &&
	printf "#1 and #2: conflict\n\t\"a\\\\tb\\\\nc\\\\033[31md\"\t(conflict)\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a raw 0x9b byte, not UTF-8, is shown as \x9b' '
	gi-test-tool append refs/notes/issues 6 "$(printf "raw \233 byte")" &&
	git issue-show 6 >out &&
	no_escapes out &&
	test_grep "raw .x9b byte" out
'

test_expect_success 'issue-show --tree: none, one line per issue' '
	gi-test-tool append refs/notes/issues 9 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"9999999999999990\",\"kind\":\"issue\",\"title\":\"top\",\"state\":\"open\"}" &&
	gi-test-tool append refs/notes/issues 5 \
		"{\"time\":\"2026-01-05T00:00:00.000000Z\",\"id\":\"9999999999999991\",\"kind\":\"link\",\"op\":\"parent\",\"target\":9}" \
		"{\"time\":\"2026-01-05T00:00:01.000000Z\",\"id\":\"9999999999999992\",\"kind\":\"issue\",\"title\":\"x\n\`-- #77 forged [closed]\",\"state\":\"open$E\"}" &&
	git issue-show --tree 9 >out 2>err &&
	no_escapes out err &&
	test_line_count = 2 out &&
	test_grep "^\`-- #5 x \`-- #77 forged \[closed\] \[open^\[\[2J" out &&
	test_grep "claimed by Eve^\[\[2J" out
'

# Invisible to a person, read by a model: the tags spell "run x" (U+E0072
# U+E0075 U+E006E U+E0020 U+E0078), then ZWSP, ZWNJ, ZWJ, WJ, BOM, a soft
# hyphen, a variation selector (VS17) and the line separator.
I='\udb40\udc72\udb40\udc75\udb40\udc6e\udb40\udc20\udb40\udc78\u200b\u200c\u200d\u2060\ufeff\u00ad\udb40\udd00\u2028'

# none of those characters, as UTF-8, in the files named
no_invisible () {
	for f
	do
		if perl -ne 'exit 1 if /\xf3\xa0[\x80-\x87]|\xe2\x80[\x8b-\x8d\xa8]|\xe2\x81\xa0|\xef\xbb\xbf|\xc2\xad/' "$f"
		then
			:
		else
			echo "invisible characters in $f:" && od -c "$f" | head -20
			return 1
		fi
	done
}

test_expect_success 'setup: invisible characters in a title and a note' '
	gi-test-tool append refs/notes/issues 7 \
		"{\"time\":\"2026-01-02T00:00:00.000000Z\",\"id\":\"5555555555555555\",\"kind\":\"issue\",\"title\":\"hidden$I title\",\"state\":\"open\"}" \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"6666666666666666\",\"kind\":\"note\",\"author\":\"Eve <eve@example.com>\",\"text\":\"looks$I harmless\"}"
'

test_expect_success 'invisible characters are shown: issue-show' '
	git issue-show 7 >out 2>err &&
	no_invisible out err &&
	test_grep "looks<U+E0072><U+E0075><U+E006E><U+E0020><U+E0078><U+200B><U+200C><U+200D><U+2060><U+FEFF><U+00AD><U+E0100><U+2028> harmless" out
'

test_expect_success 'invisible characters are shown: list, log, search' '
	git issue-list >list 2>err &&
	git issue-log --since=2020-01-01 >log 2>>err &&
	git issue-search harmless >search 2>>err &&
	no_invisible list log search err &&
	test_grep "hidden<U+E0072>" list &&
	test_grep "looks<U+E0072>" log &&
	test_grep "looks<U+E0072>" search
'

test_expect_success 'invisible characters are shown: the brief' '
	git issue-show --format=markdown 7 >brief 2>err &&
	no_invisible brief err &&
	test_grep "looks<U+E0072>" brief
'

test_expect_success 'invisible characters are \u escapes in JSON, same data' '
	git issue-show --json 7 >json &&
	git issue-search --json harmless >search.json &&
	no_invisible json search.json &&
	test_grep "looks\\\\udb40\\\\udc72" json &&
	test_grep "looks\\\\udb40\\\\udc72" search.json &&
	jq -r ".records[1].text" json >text &&
	jq -nr "\"looks$I harmless\"" >expect &&
	test_cmp expect text
'

test_expect_success 'an emoji keeps its presentation selector' '
	gi-test-tool append refs/notes/issues 8 \
		"{\"time\":\"2026-01-03T00:00:00.000000Z\",\"id\":\"7777777777777777\",\"kind\":\"note\",\"author\":\"Eve <eve@example.com>\",\"text\":\"love \u2764\ufe0f\ufe0f\"}" &&
	git issue-show 8 >out &&
	printf "love \342\235\244\357\270\217<U+FE0F>\n" >expect &&
	test_grep -F -f expect out
'

test_done
