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

test_done
