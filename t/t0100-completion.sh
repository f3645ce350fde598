#!/bin/sh

test_description='bash completion: options and issue numbers for git issue-*'

. ./test-lib.sh

# Completion is bash: every check runs `bash complete.bash ...`, whatever
# shell runs this script. git's completion comes from bash-completion's
# directory (Debian's git package installs it there) or git's contrib.
COMPLETION=$TEST_DIR/../contrib/completion/git-issue.bash
GITCOMP=
for f in /usr/share/bash-completion/completions/git \
	/usr/share/doc/git/contrib/completion/git-completion.bash \
	/usr/local/share/bash-completion/completions/git
do
	if test -f "$f"
	then
		GITCOMP=$f
		break
	fi
done
export COMPLETION GITCOMP
if command -v bash >/dev/null 2>&1 && test -n "$GITCOMP"
then
	test_set_prereq BASHCOMP
fi
if test -f /usr/share/bash-completion/bash_completion
then
	test_set_prereq LOADER
fi

# complete.bash [-f] [-n] [-s <file>]... '<command line>': the completions
# bash would offer at the end of the line, sorted, one per line, each as
# COMPREPLY holds it (usually with a trailing space).
#   -f  load bash-completion's framework (with its _completion_loader) first
#   -n  do not source our completion file (the loader must find it)
#   -s  source <file> (again) after ours
cat >complete.bash <<\EOF
framework= ours=1 extra=()
while test $# -gt 1
do
	case "$1" in
	-f) framework=1 ;;
	-n) ours= ;;
	-s) extra+=("$2"); shift ;;
	esac
	shift
done
line=$1
if test -n "$framework"
then
	. /usr/share/bash-completion/bash_completion || exit 1
fi
. "$GITCOMP" || exit 1
if test -n "$ours"
then
	. "$COMPLETION" || { echo "sourcing $COMPLETION failed" >&2; exit 1; }
fi
for f in "${extra[@]}"
do
	. "$f" || { echo "sourcing $f failed" >&2; exit 1; }
done

# Split the line as readline does: at blanks, with '=' and ':' (from
# COMP_WORDBREAKS) as words of their own.
COMP_WORDS=()
w=
for ((i = 0; i < ${#line}; i++))
do
	c=${line:i:1}
	case "$c" in
	" ")
		test -n "$w" && COMP_WORDS+=("$w")
		w= ;;
	"="|":")
		test -n "$w" && COMP_WORDS+=("$w")
		COMP_WORDS+=("$c")
		w= ;;
	*)
		w=$w$c ;;
	esac
done
COMP_WORDS+=("$w")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()

# Call what `complete` registered for the command, as bash does; 124 from
# a loader means "try again".
cmd=${COMP_WORDS[0]}
for try in 1 2
do
	spec=$(complete -p "$cmd" 2>/dev/null) ||
	spec=$(complete -p -D 2>/dev/null)
	func=$(printf "%s\n" "$spec" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
	if test -z "$func"
	then
		echo "no completion for $cmd" >&2
		exit 1
	fi
	"$func" "$cmd" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	test $? = 124 || break
done
for r in "${COMPREPLY[@]}"
do
	printf "%s\n" "$r"
done | LC_ALL=C sort
EOF

# expect <word>...: one expected completion per line
expect () {
	printf "%s\n" "$@" >expect
}

test_expect_success BASHCOMP 'setup: records on issues 5, 31 and 200, a remote' '
	git issue-note -i 5 "five" >/dev/null &&
	git issue-note -i 31 "thirty-one" >id1 &&
	git issue-note -i 31 --tried a --failed b >id2 &&
	git issue-note -i 200 "two hundred" >/dev/null &&
	git remote add upstream https://example.com/app.git
'

test_expect_success BASHCOMP 'git issue-note --tr<TAB> gives --tried' '
	bash complete.bash "git issue-note --tr" >actual &&
	expect "--tried " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-note --<TAB> offers every option' '
	bash complete.bash "git issue-note --" >actual &&
	expect "--edit " "--failed " "--file " "--issue " "--json " \
		"--message " "--retract " "--solution " "--supersede " \
		"--tried " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-show <TAB> lists the issues that have notes' '
	bash complete.bash "git issue-show " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-show 3<TAB> completes the number' '
	bash complete.bash "git issue-show 3" >actual &&
	expect "31 " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-show takes one issue only' '
	bash complete.bash "git issue-show 31 " >actual &&
	test_must_be_empty actual
'

test_expect_success BASHCOMP 'issue numbers after -i, --issue and --issue=' '
	expect "200 " "31 " "5 " &&
	bash complete.bash "git issue-note -i " >actual &&
	test_cmp expect actual &&
	bash complete.bash "git issue-note --issue " >actual &&
	test_cmp expect actual &&
	bash complete.bash "git issue-show --issue=" >actual &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-show --format=<TAB>' '
	bash complete.bash "git issue-show --format=" >actual &&
	expect "markdown " "text " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-show --f" >actual &&
	expect "--format=" &&
	test_cmp expect actual
'

test_expect_success BASHCOMP '--retract and --supersede offer the ids of the issue' '
	cat id1 id2 | sed "s/\$/ /" | LC_ALL=C sort >expect &&
	bash complete.bash "git issue-note -i 31 --retract " >actual &&
	test_cmp expect actual &&
	bash complete.bash "git issue-note --issue=31 --supersede " >actual &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'no completion for free text' '
	bash complete.bash "git issue-note -m " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git issue-search " >actual &&
	test_must_be_empty actual
'

test_expect_success BASHCOMP 'git issue-list and git issue-search options' '
	bash complete.bash "git issue-list --" >actual &&
	expect "--closed " "--json " "--label " "--mine " "--open " "--parent " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-list --parent 3" >actual &&
	expect "31 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-search --" >actual &&
	expect "--extended-regexp " "--ignore-case " "--issue " "--json " \
		"--kind " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-search --kind and --issue values' '
	bash complete.bash "git issue-search --kind " >actual &&
	expect "comment " "failed " "lesson " "note " "solution " "tried " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-search --kind=f" >actual &&
	expect "failed " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-search --issue " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-search --kind lesson --issue=3" >actual &&
	expect "31 " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'options of the commands being built' '
	bash complete.bash "git issue-worktree --" >actual &&
	expect "--base " "--branch " "--dry-run " "--force " "--no-setup " "--path " \
		"--prune-merged " "--release " "--remove " "--steal " "--switch " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-worktree --switch --" >actual &&
	expect "--base " "--branch " "--force " "--steal " "--switch " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-worktree " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-status --" >actual &&
	expect "--json " "--watch " "--watch=" &&
	test_cmp expect actual &&
	bash complete.bash "git issue-overlap 31 2" >actual &&
	expect "200 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-sync --" >actual &&
	expect "--dry-run " "--hook " "--json " "--no-github " "--remote " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-sync --remote " >actual &&
	expect "upstream " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-init --" >actual &&
	expect "--agent " "--remote " "--trust-hooks " "--uninstall " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-init --agent " >actual &&
	expect "claude " "codex " "generic " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-init --agent=c" >actual &&
	expect "claude " "codex " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP '--remove and --release offer only issues with a worktree here' '
	git config issue.worktreeRoot wts &&
	git issue-worktree 31 >/dev/null 2>&1 &&
	bash complete.bash "git issue-worktree --remove " >actual &&
	expect "31 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-worktree --release " >actual &&
	test_cmp expect actual &&
	bash complete.bash "git issue-worktree --remove --force " >actual &&
	test_cmp expect actual &&
	bash complete.bash "git issue-worktree " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual &&
	git issue-worktree --remove 31 2>/dev/null
'

test_expect_success BASHCOMP 'git issue-log: options, issues, kinds, dates' '
	bash complete.bash "git issue-log --" >actual &&
	expect "--author " "--issue " "--json " "--kind " "--no-pager " "--since=" &&
	test_cmp expect actual &&
	bash complete.bash "git issue-log --issue " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-log --kind le" >actual &&
	expect "lesson " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-log --kind=re" >actual &&
	expect "release " "retract " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-log --since=y" >actual &&
	expect "yesterday " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-log --author " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git-issue-log --j" >actual &&
	expect "--json " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-hook: the hook, then the event' '
	bash complete.bash "git issue-hook " >actual &&
	expect "claude " "codex " "post-checkout " "pre-push " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-hook claude " >actual &&
	expect "notification " "post-tool-use " "session-end " "session-start " \
		"stop " "user-prompt-submit " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-hook codex " >actual &&
	expect "post-tool-use " "session-end " "session-start " "stop " \
		"user-prompt-submit " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-hook post-checkout " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git issue-hook --" >actual &&
	expect "--max-bytes=" "--max-chars=" "--plugin " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-new, -plan and -link: options and issues' '
	bash complete.bash "git issue-new --" >actual &&
	expect "--blocked-by " "--discovered-from " "--edit " "--file " \
		"--json " "--label " "--message " "--offline " "--parent " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-new --parent 2" >actual &&
	expect "200 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-new --discovered-from 2" >actual &&
	expect "200 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-new -m " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git issue-plan --" >actual &&
	expect "--close-removed " "--dry-run " "--format=" "--json " \
		"--offline " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-plan --format=j" >actual &&
	expect "json " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-link --" >actual &&
	expect "--blocked-by " "--parent " "--unblock " "--unlink-parent " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-link 5 --blocked-by 3" >actual &&
	expect "31 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-link 5 " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git issue-show --t" >actual &&
	expect "--tree " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'git issue-close, -reopen, -edit: options, reasons, issues' '
	bash complete.bash "git issue-close --" >actual &&
	expect "--json " "--message " "--reason " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-close --reason n" >actual &&
	expect "not-planned " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-close 3" >actual &&
	expect "31 " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-reopen --" >actual &&
	expect "--json " "--message " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-edit --" >actual &&
	expect "--add-label " "--body " "--body-file " "--edit " "--json " \
		"--message " "--remove-label " "--title " &&
	test_cmp expect actual &&
	bash complete.bash "git issue-edit --title " >actual &&
	test_must_be_empty actual &&
	bash complete.bash "git issue-edit 5 " >actual &&
	test_must_be_empty actual
'

test_expect_success BASHCOMP 'provisional issues complete after the numbers' '
	git init -q prov &&
	(
		cd prov &&
		git issue-new --offline "later" >name &&
		git issue-note -i 7 "seven" >/dev/null &&
		bash ../complete.bash "git issue-show " >actual &&
		expect "7 " "$(cat name) " &&
		test_cmp expect actual
	)
'

test_expect_success BASHCOMP 'notes without anchors/ entries: numbers from issue-list --json' '
	git init -q stock &&
	(
		cd stock &&
		a=$(printf "git-issue 77\n" | git hash-object -w --stdin) &&
		git notes --ref=issues add -m "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0123456789abcdef\",\"kind\":\"note\",\"text\":\"by stock git\"}" $a &&
		! git rev-parse -q --verify refs/notes/issues:anchors &&
		bash ../complete.bash "git issue-show " >actual &&
		expect "77 " &&
		test_cmp expect actual
	)
'

test_expect_success BASHCOMP 'outside a repository: no numbers, no noise' '
	mkdir -p nowhere &&
	(
		GIT_CEILING_DIRECTORIES=$(pwd) &&
		export GIT_CEILING_DIRECTORIES &&
		cd nowhere &&
		bash ../complete.bash "git issue-show " >actual 2>err &&
		test_must_be_empty actual &&
		test_must_be_empty err
	)
'

test_expect_success BASHCOMP 'sourcing the file twice is harmless' '
	bash complete.bash -s "$COMPLETION" "git issue-note --sol" >actual 2>err &&
	expect "--solution " &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success BASHCOMP 'the dashed form git-issue-<verb> completes too' '
	bash complete.bash "git-issue-note --sol" >actual &&
	expect "--solution " &&
	test_cmp expect actual &&
	bash complete.bash "git-issue-show " >actual &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP,LOADER 'installed as git-issue-<verb>: loaded on demand by _completion_loader' '
	# bash-completion splits $HOME at blanks (the trash directory has
	# one), but not the entries of XDG_DATA_DIRS
	dir="$(pwd)/share/bash-completion/completions" &&
	mkdir -p "$dir" &&
	for v in note show list search worktree status overlap sync init
	do
		cp "$COMPLETION" "$dir/git-issue-$v" || return 1
	done &&
	XDG_DATA_DIRS="$(pwd)/share:/usr/share" &&
	export XDG_DATA_DIRS &&
	bash complete.bash -f -n "git issue-show " >actual 2>err &&
	expect "200 " "31 " "5 " &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	bash complete.bash -f -n "git issue-note --tr" >actual &&
	expect "--tried " &&
	test_cmp expect actual
'

test_expect_success BASHCOMP,LOADER 'loaded by the framework and then sourced again' '
	bash complete.bash -f -s "$COMPLETION" "git issue-list --j" >actual 2>err &&
	expect "--json " &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_done
