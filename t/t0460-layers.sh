#!/bin/sh

test_description='lib/ keeps its layers and its curl boundary

lib/util, lib/core, lib/sync, lib/worktree and lib/agent are layers, in
that order: a file may include headers of its own layer and of the layers
below it only. The layer of a header is its folder: a public header is
include/gitissue/<layer>/X.h, included as "gitissue/<layer>/X.h"; a
private one sits beside its source, included as "<layer>/X.h". Only
lib/sync/github.c calls libcurl, only the mirror-like files of lib/sync
call it (comments.c, create.c, edits.c, github-issues.c, links.c, mirror.c,
pages.c, sync.c), and only the commands that talk to GitHub can load
libcurl, and only when they make a request (no command links it):
git-issue-sync, git-issue-new and git-issue-plan (which create issues at
once when online)
and git-issue-worktree (fetches an unknown issue once, for its branch
name).'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..
LAYERS="util core sync worktree agent"

layer_rank () {
	case "$1" in
	util) echo 1 ;;
	core) echo 2 ;;
	sync) echo 3 ;;
	worktree) echo 4 ;;
	agent) echo 5 ;;
	*) echo 0 ;;
	esac
}

# the layer of an included name, by its folder: "sync/sync-cache.h" or
# "gitissue/core/store.h"; "none" for a name outside the layers ("unit.h")
layer_of_include () {
	case "$1" in
	gitissue/*/*)
		l=${1#gitissue/}
		echo "${l%%/*}" ;;
	*/*)
		echo "${1%%/*}" ;;
	*)
		echo none ;;
	esac
}

test_expect_success 'every layer folder is a known layer' '
	: >unknown &&
	for d in "$SRC_DIR"/lib/*/ "$SRC_DIR"/include/gitissue/*/
	do
		l=${d%/} &&
		l=${l##*/} &&
		test "$(layer_rank "$l")" -gt 0 ||
		echo "${d#$SRC_DIR/}" >>unknown
	done &&
	test_must_be_empty unknown
'

test_expect_success 'every public header sits in a layer folder' '
	(cd "$SRC_DIR" && find include -name "*.h" -print) >all &&
	: >misplaced &&
	while read -r h
	do
		case "$h" in
		include/gitissue/*/*/*) echo "$h" >>misplaced ;;
		include/gitissue/*/*.h)
			l=${h#include/gitissue/} &&
			l=${l%%/*} &&
			test "$(layer_rank "$l")" -gt 0 ||
			echo "$h" >>misplaced ;;
		*) echo "$h" >>misplaced ;;
		esac
	done <all &&
	test_must_be_empty misplaced
'

test_expect_success 'every file includes only its own layer and below' '
	: >violations &&
	for l in $LAYERS
	do
		rank=$(layer_rank $l) &&
		for f in "$SRC_DIR"/lib/$l/*.c "$SRC_DIR"/lib/$l/*.h \
			"$SRC_DIR"/include/gitissue/$l/*.h
		do
			test -f "$f" || continue
			sed -n "s/^#include \"\(.*\)\"/\1/p" "$f" >incs &&
			while read -r inc
			do
				case "$f,$inc" in
				*/include/*,gitissue/*) ;;
				*/include/*)
					echo "${f#$SRC_DIR/}: public header includes $inc" \
						>>violations
					continue ;;
				esac
				ir=$(layer_rank "$(layer_of_include "$inc")") &&
				if test "$ir" -gt "$rank"
				then
					echo "${f#$SRC_DIR/}: $inc" >>violations
				fi
			done <incs || return 1
		done
	done &&
	test_must_be_empty violations
'

test_expect_success 'the layer rule can fail' '
	test $(layer_rank "$(layer_of_include gitissue/sync/sync.h)") -gt \
		$(layer_rank core) &&
	test $(layer_rank "$(layer_of_include agent/block.h)") -gt \
		$(layer_rank worktree) &&
	test $(layer_rank "$(layer_of_include gitissue/core/store.h)") -gt \
		$(layer_rank util)
'

test_expect_success 'every lib/ source has its header, named for it' '
	: >missing &&
	for f in "$SRC_DIR"/lib/*/*.c
	do
		base=${f##*/} &&
		base=${base%.c} &&
		dir=${f%/*} &&
		l=${dir##*/} &&
		test -f "$dir/$base.h" ||
		test -f "$SRC_DIR/include/gitissue/$l/$base.h" ||
		echo "${f#$SRC_DIR/}" >>missing
	done &&
	test_must_be_empty missing
'

test_expect_success 'only github.c calls libcurl, and only the mirror files it' '
	(cd "$SRC_DIR" && grep -l "curl_\|<curl/" lib/*/*.[ch]) >actual &&
	echo lib/sync/github.c >expect &&
	test_cmp expect actual &&
	(cd "$SRC_DIR" && grep -l "gi_github_\(open\|get\|send\)" \
		lib/*/*.c cmd/*.c) >actual &&
	cat >expect <<-\EOT &&
	lib/sync/comments.c
	lib/sync/create.c
	lib/sync/edits.c
	lib/sync/github-issues.c
	lib/sync/github.c
	lib/sync/links.c
	lib/sync/mirror.c
	lib/sync/pages.c
	lib/sync/sync.c
	EOT
	test_cmp expect actual
'

test_expect_success 'only the commands that talk to GitHub can load libcurl, when they use it' '
	for p in "$GI_BUILD_DIR"/bin/git-issue-*
	do
		if grep -q "libcurl\.so" "$p"
		then
			echo "${p##*/}"
		fi
	done >actual &&
	printf "%s\n" git-issue-new git-issue-plan git-issue-sync git-issue-worktree >expect &&
	test_cmp expect actual &&
	for p in "$GI_BUILD_DIR"/bin/git-issue-*
	do
		! ldd "$p" 2>/dev/null | grep libcurl || return 1
	done
'

test_done
