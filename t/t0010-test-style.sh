#!/bin/sh

test_description='the tests follow the rules of t/README

No test pipes the output of a git issue-* command into another command:
the pipe keeps only the exit code of its last command, so a crash, an
error or a sanitizer report after the output would pass. Tests write the
output to a file, then read the file. And test-lib.sh stops a script
whose test has a broken &&-chain.'

. ./test-lib.sh

SRC_DIR=$TEST_DIR/..
this=${0##*/}

# pipes.pl FILE...: "FILE:LINE: TEXT" for each shell command line (joined
# over trailing backslashes and pipes) where one of our commands - git
# issue-VERB, git -C DIR issue-VERB, a wrapper such as "gitb issue-VERB",
# git-issue-VERB - writes into a pipe; exit 1 when there is one. The verbs
# are the commands in cmd/. Quoted strings are dropped first (jq filters
# and regular expressions hold "|"), and so are command substitutions that
# do not run one of our commands; comments and redirections to a file
# descriptor (2>&1) are ignored.
verbs=$(cd "$SRC_DIR/cmd" && ls git-issue-*.c | sed -e 's/^git-issue-//' \
	-e 's/\.c$//' | tr '\n' '|' | sed -e 's/|$//')
export verbs
cat >pipes.pl <<\EOF
use strict;
use warnings;

die "no verbs\n" unless $ENV{verbs};
my $ours = qr/(?:^|[\s(;&|{!`])(?:git-)?issue-(?:$ENV{verbs})(?![\w\/.-])/;
my $found = 0;

# the line with quoted strings and innocent substitutions taken out
sub bare {
	my ($s) = @_;
	my $was = '';
	$s =~ s/'[^']*'/''/g;
	while ($s ne $was) {
		$was = $s;
		$s =~ s/"(?:[^"\\\$]|\\.|\$(?!\())*"/""/g;
		$s =~ s/\$\(([^()]*)\)/my $in = $1; $in =~ $ours ? "\$($in)" : 'S'/ge;
	}
	$s =~ s/[0-9]*[<>]&[0-9-]*//g;
	return $s;
}

for my $file (@ARGV) {
	open(my $fh, '<', $file) or die "$file: $!\n";
	my ($first, $text) = (0, '');
	while (my $line = <$fh>) {
		chomp $line;
		next if $text eq '' && $line =~ /^\s*#/;
		$first = $. if $text eq '';
		$text .= " $line";
		next if $line =~ /(?:\\|[^|]\|)\s*$/;
		if (bare($text) =~ /$ours[^|;&]*\|(?!\|)/) {
			$text =~ s/^\s+//;
			print "$file:$first: $text\n";
			$found = 1;
		}
		$text = '';
	}
	close $fh;
}
exit $found;
EOF

test_expect_success 'the pipe check finds each form of a pipe after our command' '
	cat >sample.sh <<-\EOF &&
	git issue-show --json 1 | jq .issue >actual &&
	git -C "$TRASH/b" issue-list --json | jq -r ".issues[] | .issue" &&
	gitb issue-show --json 7 | jq -r ".records[-1].kind" >actual &&
	n=$(git issue-show --json "$(cat name)" | jq .issue) &&
	test "$(git issue-show --json 2 | jq ".records | length")" = 2 &&
	for n in $(git issue-list --json | jq ".issues[].issue")
	git issue-show --json 1 |
		jq -r ".records[].id" | sort
	git issue-log --since=yesterday \
		--issue 31 | sed -n 2p >actual &&
	(cd "$1" && git issue-hook claude session-start </dev/null) | jq . &&
	test_must_fail git issue-show 99 2>&1 | grep fatal &&
	GIT_TEST_DATE_NOW=$NOW git-issue-log | head -n 1 &&
	git -c issue.threads=1 issue-search -E "a|b" | wc -l &&
	# git issue-show | jq in a comment is prose
	git issue-show --json 1 >out.json && jq ".records | length" out.json &&
	git issue-search -E "nginx|flies" >out &&
	git issue-note -i 60 --retract "$(echo $gone | cut -c1-6)" -m x &&
	git issue-show 1 >out || return 1
	echo "{}" | git issue-hook claude stop >out &&
	ls .git/issue-sessions | head -n 1 >old &&
	jq -r ".[] | select(.user.login == \"git-issue-bot\") | .body" c |
		sort >ours &&
	test "$(git issue-show --json 1 >out && jq .issue out)" = 1 &&
	git issue-list --json >out; jq ". | length" out
	EOF
	test_expect_code 1 perl pipes.pl sample.sh >actual &&
	cut -d: -f2 actual >lines &&
	printf "%s\n" 1 2 3 4 5 6 7 9 11 12 13 14 >expect &&
	test_cmp expect lines
'

# (this script is left out: its sample holds pipes on purpose)
test_expect_success 'no test pipes the output of a git issue-* command' '
	here=$(pwd) &&
	{
		(
			cd "$TEST_DIR" &&
			perl "$here/pipes.pl" $(ls t[0-9]*.sh valgrind.sh lib-*.sh test-lib.sh |
				grep -v "^$this\$")
		) >pipes
		rc=$?
	} &&
	test_must_be_empty pipes &&
	test $rc = 0
'

# a script of our harness with one test, its body on stdin
sub_script () {
	{
		echo "test_description=\"$1\"" &&
		echo ". \"$TEST_DIR/test-lib.sh\"" &&
		echo "test_expect_success \"$1\" \"" &&
		cat &&
		echo "\"" &&
		echo "test_done"
	} >"$1.sh"
}

test_expect_success 'a broken &&-chain stops a script of ours' '
	sub_script whole <<-\EOF &&
	true &&
	true
	EOF
	sub_script broken <<-\EOF &&
	false
	true
	EOF
	SHARNESS_TEST_DIRECTORY="$(pwd)" SHARNESS_PATH=$SHARNESS_PATH \
		HARNESS_ACTIVE= sh ./whole.sh >whole.out 2>&1 &&
	test_grep "^ok 1 - whole" whole.out &&
	test_expect_code 1 env SHARNESS_TEST_DIRECTORY="$(pwd)" \
		SHARNESS_PATH=$SHARNESS_PATH HARNESS_ACTIVE= \
		sh ./broken.sh >broken.out 2>&1 &&
	test_grep "broken &&-chain" broken.out
'

test_done
