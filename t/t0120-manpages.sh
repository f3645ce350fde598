#!/bin/sh

test_description='every man page renders at 80 columns without a warning

Each page in Documentation/ goes through man(1) as a reader gets it
(MANWIDTH=80, in the C and in a UTF-8 locale) with all of groff'"'"'s
warnings on (--warnings=w): "can'"'"'t break line" means a line that runs
past the terminal. The pages are read from a man tree like the installed
one, so a .so alias resolves.'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..

if command -v man >/dev/null 2>&1
then
	test_set_prereq MAN
else
	say "skipping: man(1) is not installed (contrib/install-deps installs man-db)"
fi
if locale -a 2>/dev/null | grep -i -q "^C\.UTF-\{0,1\}8$"
then
	test_set_prereq UTF8
fi

# render [-L <locale>] <page>: man's warnings on <page> (a path under man/)
# into <page's name>.err, the text into <page's name>.out; the page must
# say what it is (its NAME section), and nothing may be said on stderr
render () {
	locale=C
	if test "$1" = -L
	then
		locale=$2
		shift 2
	fi
	name=${1##*/}.$locale
	(
		cd man &&
		LC_ALL=$locale MANWIDTH=80 MAN_KEEP_FORMATTING= \
			man --warnings=w -l "$1"
	) >"$name.out" 2>"$name.err" &&
	test_grep "^NAME" "$name.out" &&
	test_must_be_empty "$name.err"
}

test_expect_success MAN 'setup: the pages in a man tree' '
	mkdir -p man/man1 man/man7 &&
	cp "$SRC_DIR"/Documentation/*.1 man/man1/ &&
	cp "$SRC_DIR"/Documentation/*.7 man/man7/ &&
	ls man/man1 man/man7 >pages &&
	test_grep "^git-issue-new.1$" pages &&
	test_grep "^gitissue.7$" pages
'

test_expect_success MAN 'the check sees a word wider than the page' '
	cat >man/man1/long.1 <<-\EOF &&
	.TH LONG 1
	.SH NAME
	long \- a word wider than the page, before more text
	.SH OPTIONS
	.TP
	\fB\-\-json\fR
	Print one JSON document instead of the number:
	\fB{"version":1,"issue":57,"provisional":"new\-1a2b3c4","on_github":true,"title":"Fix it"}\fR.
	Offline, \fBissue\fR is the provisional name.
	EOF
	! render man1/long.1 &&
	test_grep "warning.*line" long.1.C.err &&
	rm man/man1/long.1
'

test_expect_success MAN 'the check sees an alias whose target is missing' '
	echo ".so man7/nothing-here.7" >man/man7/alias.7 &&
	! render man7/alias.7 &&
	rm man/man7/alias.7
'

for page in $(cd "$SRC_DIR/Documentation" && ls *.1 *.7)
do
	section=man${page##*.}
	test_expect_success MAN "$page: no warning at 80 columns" '
		render $section/$page
	'
	test_expect_success MAN,UTF8 "$page: no warning at 80 columns in UTF-8" '
		render -L C.UTF-8 $section/$page
	'
done

test_done
