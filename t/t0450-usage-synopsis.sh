#!/bin/sh

test_description='every command has a man page whose SYNOPSIS is its -h usage

For each cmd/git-issue-*.c: Documentation/<name>.1 must exist, <name> -h
must exit 129 outside a repository, and its usage lines must equal the
SYNOPSIS lines of the page, one for one, once roff markup is removed.'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..

# The usage lines of `-h` output: "usage: X" and "   or: X" give X.
usage_lines () {
	sed -n -e 's/^usage: //p' -e 's/^   or: //p'
}

# The SYNOPSIS lines of a man page, without roff markup: font escapes
# (\fB \fI \fR \fP \f(XX \f[X]) removed, the .B and .I macros reduced to
# their text, \- made -, \& dropped, \e made \, other requests (.nf, .fi,
# .sp, .br, ...) and blank lines dropped.
synopsis_lines () {
	sed -n -e '/^\.SH  *"\{0,1\}SYNOPSIS"\{0,1\} *$/,/^\.SH/p' "$1" |
	sed -e '/^\.SH/d' \
		-e 's/^\.[BI]  *"\(.*\)" *$/\1/' \
		-e 's/^\.[BI]  *//' \
		-e '/^[.'\'']/d' \
		-e 's/\\f[BIRP]//g' \
		-e 's/\\f([A-Z][A-Z]//g' \
		-e 's/\\f\[[A-Z]*\]//g' \
		-e 's/\\-/-/g' \
		-e 's/\\&//g' \
		-e 's/\\e/\\/g' \
		-e '/^[ 	]*$/d'
}

test_expect_success 'setup: a directory outside any repository' '
	mkdir nowhere &&
	ls "$SRC_DIR"/cmd/git-issue-*.c >sources &&
	test -s sources
'

for src in "$SRC_DIR"/cmd/git-issue-*.c
do
	name=$(basename "$src" .c)
	test_expect_success "$name: man page exists, -h exits 129, usage = SYNOPSIS" '
		page="$SRC_DIR/Documentation/$name.1" &&
		if ! test -f "$page"
		then
			echo "$name has no man page: write Documentation/$name.1" &&
			false
		fi &&
		(
			GIT_CEILING_DIRECTORIES=$(pwd) &&
			export GIT_CEILING_DIRECTORIES &&
			cd nowhere &&
			test_expect_code 129 "$name" -h >../help.$name
		) &&
		usage_lines <help.$name >usage.$name &&
		test -s usage.$name &&
		synopsis_lines "$page" >synopsis.$name &&
		test_cmp usage.$name synopsis.$name
	'
done

if command -v man >/dev/null 2>&1
then
	test_set_prereq MAN
fi

test_expect_success MAN 'git help issue opens git-issue(7), as installed' '
	mkdir -p man/man1 man/man7 &&
	cp "$SRC_DIR"/Documentation/git-issue*.1 man/man1/ &&
	cp "$SRC_DIR"/Documentation/git-issue*.7 \
		"$SRC_DIR"/Documentation/gitissue.7 man/man7/ &&
	MANPATH="$(pwd)/man:" MANPAGER=cat MANWIDTH=80 git help issue >out 2>err &&
	test_grep "^GIT-ISSUE(7)" out
'

test_expect_success 'the normalization of roff markup' '
	cat >page.1 <<-\EOF &&
	.TH X 1
	.SH NAME
	x \- y
	.SH "SYNOPSIS"
	.sp
	.nf
	\fBgit issue\-x\fR [\fI<n>\fR] [\fB\-\-json\fP]
	.B "git issue\-x \-\-all"
	.I git issue\-x <pattern>...
	.fi
	.SH DESCRIPTION
	text
	EOF
	cat >expect <<-\EOF &&
	git issue-x [<n>] [--json]
	git issue-x --all
	git issue-x <pattern>...
	EOF
	synopsis_lines page.1 >actual &&
	test_cmp expect actual
'

test_done
