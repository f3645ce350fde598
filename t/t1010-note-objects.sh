#!/bin/sh

test_description='git issue-note writes loose objects as git does

A note writes its blob, trees and commit directly (lib/core/loose.c), not
through libgit2: git must read them, fsck must find nothing, and git'"'"'s
settings and environment for objects must hold.'

. ./test-lib.sh

test_expect_success 'objects git reads, fsck finds clean, nothing left behind' '
	git issue-note -i 1 "first" >/dev/null &&
	git issue-note -i 1 "second" >/dev/null &&
	git issue-note -i 2 "other" >/dev/null &&
	git fsck --strict --no-dangling 2>err &&
	test_must_be_empty err &&
	git cat-file -p refs/notes/issues >commit &&
	test_grep "^tree [0-9a-f]\{40\}$" commit &&
	test_grep "^parent [0-9a-f]\{40\}$" commit &&
	test_grep "^author A U Thor <author@example.com> [0-9]* [+-][0-9]\{4\}$" commit &&
	test_grep "^committer A U Thor <author@example.com> " commit &&
	test_grep "^git issue-note: issue 2$" commit &&
	git notes --ref=issues show $(anchor 1) >note &&
	test_line_count = 2 note &&
	find .git/objects -name "tmp_obj_*" >left &&
	test_must_be_empty left
'

test_expect_success 'loose objects are read-only, as git makes them' '
	blob=$(git rev-parse refs/notes/issues:$(anchor 1)) &&
	f=.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	test_path_is_file $f &&
	test "$(stat -c %a $f)" = 444
'

test_expect_success 'core.looseCompression is honoured' '
	for i in $(test_seq 1 30)
	do
		echo "a compressible note, said again and again: $i" || return 1
	done >msg &&
	git -c core.looseCompression=0 issue-note -i 3 -F msg >/dev/null &&
	blob=$(git rev-parse refs/notes/issues:$(anchor 3)) &&
	f=.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	size=$(git cat-file -s $blob) &&
	test $(wc -c <$f) -gt $size &&
	git issue-note -i 3 "and compressed again" >/dev/null &&
	blob=$(git rev-parse refs/notes/issues:$(anchor 3)) &&
	f=.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	size=$(git cat-file -s $blob) &&
	test $(wc -c <$f) -lt $((size / 2))
'

test_expect_success 'GIT_OBJECT_DIRECTORY: objects go there' '
	before=$(git rev-parse refs/notes/issues) &&
	test_when_finished "git update-ref refs/notes/issues $before" &&
	mkdir quarantine &&
	(
		GIT_OBJECT_DIRECTORY=$(pwd)/quarantine &&
		GIT_ALTERNATE_OBJECT_DIRECTORIES=$(pwd)/.git/objects &&
		export GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES &&
		git issue-note -i 4 "in quarantine" >/dev/null &&
		git notes --ref=issues show $(anchor 4) >note4 &&
		test_grep "in quarantine" note4
	) &&
	find quarantine -type f >files &&
	test_line_count -ge 3 files &&
	commit=$(git rev-parse refs/notes/issues) &&
	test_must_fail git cat-file -e $commit 2>/dev/null
'

test_expect_success 'a known anchor is not written again; an old loose one is freshened' '
	git issue-note -i 5 "five" >/dev/null &&
	a=$(anchor 5) &&
	f=.git/objects/$(echo $a | cut -c1-2)/$(echo $a | cut -c3-) &&
	touch -d "2001-01-01" $f &&
	git issue-note -i 5 "five again" >/dev/null &&
	test "$(stat -c %Y $f)" = "$(date -d 2001-01-01 +%s)" &&
	a=$(printf "git-issue 6\n" | git hash-object -w --stdin) &&
	f=.git/objects/$(echo $a | cut -c1-2)/$(echo $a | cut -c3-) &&
	touch -d "2001-01-01" $f &&
	git issue-note -i 6 "six" >/dev/null &&
	test "$(stat -c %Y $f)" -gt "$(date -d 2020-01-01 +%s)"
'

test_expect_success 'a note whose blob is already packed' '
	git notes --ref=issues show $(anchor 5) >lines &&
	blob=$(git rev-parse refs/notes/issues:$(anchor 5)) &&
	git reflog expire --expire=now --all &&
	git gc -q &&
	test_path_is_missing .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	gi-test-tool append refs/notes/issues 8 "$(sed -n 1p lines)" "$(sed -n 2p lines)" &&
	test "$(git rev-parse refs/notes/issues:$(anchor 8))" = $blob &&
	test_path_is_missing .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	git fsck --strict --no-dangling 2>err &&
	test_must_be_empty err
'

test_done
