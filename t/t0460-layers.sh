#!/bin/sh

test_description='lib/ keeps its layers and its curl boundary

lib/core, lib/sync, lib/worktree and lib/agent are layers, in that order: a
file may include headers of its own layer and of the layers below it only. A public
header (include/gitissue/X.h) belongs to the layer of lib/*/X.c. Only
lib/sync/github.c calls libcurl, only the mirror-like files of lib/sync
call it (issues.c, links.c, mirror.c, sync.c), and only the commands that
talk to GitHub link libcurl: git-issue-sync, git-issue-new (creates the
issue at once when online) and git-issue-worktree (fetches an unknown
issue once, for its branch name).'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..

layer_rank () {
	case "$1" in
	core) echo 1 ;;
	sync) echo 2 ;;
	worktree) echo 3 ;;
	agent) echo 4 ;;
	*) echo 0 ;;
	esac
}

# the layer of an included name: "sync/state.h", or "gitissue/store.h"
layer_of_include () {
	case "$1" in
	gitissue/*)
		base=${1#gitissue/}
		base=${base%.h}
		for l in core sync worktree agent
		do
			if test -f "$SRC_DIR/lib/$l/$base.c"
			then
				echo "$l"
				return
			fi
		done
		echo core ;;	# a header without a source (none yet)
	*/*)
		echo "${1%%/*}" ;;
	*)
		echo none ;;
	esac
}

test_expect_success 'every file includes only its own layer and below' '
	: >violations &&
	for l in core sync worktree agent
	do
		rank=$(layer_rank $l) &&
		for f in "$SRC_DIR"/lib/$l/*.c "$SRC_DIR"/lib/$l/*.h
		do
			test -f "$f" || continue
			sed -n "s/^#include \"\(.*\)\"/\1/p" "$f" >incs &&
			while read -r inc
			do
				il=$(layer_of_include "$inc") &&
				ir=$(layer_rank "$il") &&
				if test "$ir" -gt "$rank"
				then
					echo "${f#$SRC_DIR/}: $inc" >>violations
				fi
			done <incs || return 1
		done
	done &&
	for h in "$SRC_DIR"/include/gitissue/*.h
	do
		hl=$(layer_of_include "gitissue/${h##*/}") &&
		hr=$(layer_rank "$hl") &&
		sed -n "s/^#include \"\(.*\)\"/\1/p" "$h" >incs &&
		while read -r inc
		do
			case "$inc" in
			gitissue/*) ;;
			*) echo "${h#$SRC_DIR/}: public header includes $inc" \
				>>violations; continue ;;
			esac
			ir=$(layer_rank "$(layer_of_include "$inc")") &&
			if test "$ir" -gt "$hr"
			then
				echo "${h#$SRC_DIR/}: $inc" >>violations
			fi
		done <incs || return 1
	done &&
	test_must_be_empty violations
'

test_expect_success 'every lib/ source has its header, named for it' '
	: >missing &&
	for f in "$SRC_DIR"/lib/*/*.c
	do
		base=${f##*/} &&
		base=${base%.c} &&
		dir=${f%/*} &&
		test -f "$dir/$base.h" ||
		test -f "$SRC_DIR/include/gitissue/$base.h" ||
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
	lib/sync/github.c
	lib/sync/issues.c
	lib/sync/links.c
	lib/sync/mirror.c
	lib/sync/sync.c
	EOT
	test_cmp expect actual
'

test_expect_success 'only the commands that talk to GitHub link libcurl' '
	for p in "$GI_BUILD_DIR"/bin/git-issue-*
	do
		if ldd "$p" 2>/dev/null | grep -q libcurl
		then
			echo "${p##*/}"
		fi
	done >actual &&
	printf "%s\n" git-issue-new git-issue-sync git-issue-worktree >expect &&
	test_cmp expect actual
'

test_done
