#!/bin/sh

test_description='the shape of the code: small files, short functions, one renamer

What issue 18 asks of the tree, checked on every run: no file in lib/ is
over 1,000 lines; no function in lib/, cmd/ or t/helper/ is over 80 lines
(from the line of its name to its closing brace at column 0, as
t/funclen.awk measures); and outside the object writers (lib/core/loose.c
and lib/core/pack-write.c, whose files are named by their content and
need no lock) exactly one file in lib/ calls rename(2): the lock-file
module, lib/util/lockfile.c, through which every other file is
written.'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..
MAX_FILE_LINES=1000
MAX_FUNCTION_LINES=80

test_expect_success 'no file in lib/ is over 1,000 lines' '
	(cd "$SRC_DIR" && wc -l lib/*/*.c lib/*/*.h) >counts &&
	test_grep " lib/util/util.c$" counts &&
	awk -v max=$MAX_FILE_LINES "\$2 != \"total\" && \$1 > max" counts >long &&
	test_must_be_empty long
'

test_expect_success 'no function is over 80 lines' '
	(cd "$SRC_DIR" &&
	 for f in lib/*/*.c cmd/*.c t/helper/*.c
	 do
		awk -f "$TEST_DIR/funclen.awk" "$f" || exit 1
	 done) >lengths &&
	test_grep " lib/util/util.c:[0-9]* gi_xmalloc$" lengths &&
	test $(wc -l <lengths) -gt 1000 &&
	awk -v max=$MAX_FUNCTION_LINES "\$1 > max" lengths >long &&
	test_must_be_empty long
'

test_expect_success 'outside the object writers, only lib/util/lockfile.c calls rename(2)' '
	(cd "$SRC_DIR" &&
	 grep -E -l "(^|[^A-Za-z0-9_])rename(at2?)?[[:space:]]*\(" \
		lib/*/*.c lib/*/*.h |
	 while read -r f
	 do
		# a comment that names rename(2) calls nothing
		if grep -E "(^|[^A-Za-z0-9_])rename(at2?)?[[:space:]]*\(" \
			"$f" | grep -E -v "^[[:space:]]*(/?\*)" >/dev/null
		then
			echo "$f"
		fi
	 done) >renamers &&
	cat >expect <<-\EOF &&
	lib/core/loose.c
	lib/core/pack-write.c
	lib/util/lockfile.c
	EOF
	test_cmp expect renamers
'

test_done
