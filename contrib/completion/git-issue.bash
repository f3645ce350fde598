# bash completion for the git-issue suite (git issue-<verb>).
#
# It plugs into git's own completion (git-completion.bash): for
# `git issue-note <TAB>` git calls _git_issue_note, and when that function
# is not defined yet it runs `_completion_loader git-issue-note`, which
# sources the file of that name. `make install` installs this one file
# under every git-issue-<verb> name, so it may be sourced several times:
# it only defines functions and (re)registers the same completions, and
# its last command succeeds, as bash-completion's loader requires.
#
# To use it without bash-completion's loader, source it after git's
# completion, e.g. in ~/.bashrc:
#
#	. /usr/share/bash-completion/completions/git
#	. /path/to/contrib/completion/git-issue.bash
#
# Issue numbers come from the anchors/ entries of refs/notes/issues (one
# cheap `git ls-tree`, no JSON parser needed), else from
# `git issue-list --json`.

# Loaded directly (`git-issue-note <TAB>` in a fresh shell): bring in git's
# completion first, which provides __gitcomp and friends.
if ! declare -F __gitcomp >/dev/null 2>&1 &&
   declare -F __load_completion >/dev/null 2>&1
then
	__load_completion git >/dev/null 2>&1
fi

# The issues that have records, one per line: the numbers in numeric
# order, then the provisional names (new-<7 hex>, see git issue-new).
__git_issue_numbers ()
{
	local n
	n="$(__git ls-tree --name-only refs/notes/issues:anchors)"
	if [ -z "$n" ]; then
		# JSON without jq: every "issue":N or "issue":"new-..."
		# member. A string value cannot produce `"issue":` followed
		# by a digit or a quote, because quotes inside strings are
		# escaped.
		n="$(__git issue-list --json | tr ',{' '\n\n' |
			sed -n -e 's/^"issue":\([0-9][0-9]*\)$/\1/p' \
			-e 's/^"issue":"\(new-[0-9a-f]\{7\}\)"$/\1/p')"
	fi
	[ -n "$n" ] || return 0
	printf '%s\n' "$n" | grep '^[0-9]' | sort -n -u
	printf '%s\n' "$n" | grep '^new-' | sort -u
	return 0
}

# The record ids of the issue named on the command line (-i/--issue or,
# for the note command, the branch's issue).
__git_issue_record_ids ()
{
	local i w issue=""
	for ((i = 1; i < cword; i++)); do
		w="${words[i]}"
		case "$w" in
		-i|--issue)	issue="${words[i + 1]}" ;;
		--issue=*)	issue="${w#--issue=}" ;;
		-i?*)		issue="${w#-i}" ;;
		esac
	done
	__git issue-show --json ${issue:+--issue "$issue"} |
		tr ',{' '\n\n' |
		sed -n 's/^"id":"\([0-9a-f]\{4,\}\)"$/\1/p'
}

# The issues that have a worktree here, from `git issue-status --json`:
# the number of every row whose "local" member is true. Members are split
# one per line; a string cannot produce a line `"local":true`, because
# quotes inside strings are escaped.
__git_issue_worktree_numbers ()
{
	__git issue-status --json | tr ',{' '\n\n' |
		awk '/^"issue":([0-9]+|"new-[0-9a-f]+")$/ {
			sub(/^"issue":/, ""); gsub(/"/, ""); n = $0 }
		     /^"local":true$/ { print n }' | sort -n -u
}

# Complete issue numbers for the current word, or after `<opt>=`.
__git_issue_complete_numbers ()
{
	__gitcomp_nl "$(__git_issue_numbers)" "${1-}" "${2-$cur}"
}

# Is there a non-option word before the current one (after the command)?
# $@: the options whose value is the next word.
__git_issue_has_arg ()
{
	local i j w skip=0
	for ((i = ${__git_cmd_idx:-1} + 1; i < cword; i++)); do
		w="${words[i]}"
		if [ $skip = 1 ]; then
			skip=0
			continue
		fi
		case "$w" in
		-*)
			for j; do
				[ "$w" = "$j" ] && skip=1
			done
			;;
		*)
			return 0
			;;
		esac
	done
	return 1
}

_git_issue_note ()
{
	case "$prev" in
	-i|--issue)
		__git_issue_complete_numbers
		return
		;;
	--supersede|--retract)
		__gitcomp_nl "$(__git_issue_record_ids)"
		return
		;;
	-F|--file)
		# file names: leave COMPREPLY empty for bash's default
		return
		;;
	-m|--message|--tried|--failed|--solution)
		# free text
		return
		;;
	esac
	case "$cur" in
	--issue=*)
		__git_issue_complete_numbers "" "${cur#--issue=}"
		;;
	--supersede=*)
		__gitcomp_nl "$(__git_issue_record_ids)" "" "${cur#*=}"
		;;
	--retract=*)
		__gitcomp_nl "$(__git_issue_record_ids)" "" "${cur#*=}"
		;;
	-*)
		__gitcomp "--issue --message --file --edit --tried --failed
			--solution --supersede --retract --json"
		;;
	esac
}

_git_issue_show ()
{
	case "$prev" in
	-i|--issue)
		__git_issue_complete_numbers
		return
		;;
	esac
	case "$cur" in
	--format=*)
		__gitcomp "text markdown" "" "${cur#--format=}"
		;;
	--issue=*)
		__git_issue_complete_numbers "" "${cur#--issue=}"
		;;
	--max-bytes=*|--max-chars=*|--left-out=*)
		;;
	-*)
		__gitcomp "--issue --json --format= --max-bytes= --max-chars=
			--left-out --tree"
		;;
	*)
		__git_issue_has_arg -i --issue ||
			__git_issue_complete_numbers
		;;
	esac
}

_git_issue_list ()
{
	case "$prev" in
	--parent)
		__git_issue_complete_numbers
		return
		;;
	--label)
		# free text
		return
		;;
	esac
	case "$cur" in
	--parent=*)
		__git_issue_complete_numbers "" "${cur#--parent=}"
		;;
	-*)
		__gitcomp "--open --closed --label --parent --mine --json"
		;;
	esac
}

_git_issue_new ()
{
	case "$prev" in
	--parent|--blocked-by|--discovered-from)
		__git_issue_complete_numbers
		return
		;;
	-F|--file)
		# file names: leave COMPREPLY empty for bash's default
		return
		;;
	-m|--message|--label)
		# free text
		return
		;;
	esac
	case "$cur" in
	--parent=*|--blocked-by=*|--discovered-from=*)
		__git_issue_complete_numbers "" "${cur#*=}"
		;;
	-*)
		__gitcomp "--message --file --edit --label --parent --blocked-by
			--discovered-from --offline --json"
		;;
	esac
}

_git_issue_plan ()
{
	case "$cur" in
	--format=*)
		__gitcomp "markdown json" "" "${cur#--format=}"
		;;
	-*)
		__gitcomp "--dry-run --close-removed --offline --format= --json"
		;;
	esac
	# the plan file: leave COMPREPLY empty for bash's default
}

_git_issue_link ()
{
	case "$prev" in
	--parent|--blocked-by|--unblock)
		__git_issue_complete_numbers
		return
		;;
	esac
	case "$cur" in
	--parent=*|--blocked-by=*|--unblock=*)
		__git_issue_complete_numbers "" "${cur#*=}"
		;;
	-*)
		__gitcomp "--parent --unlink-parent --blocked-by --unblock"
		;;
	*)
		__git_issue_has_arg --parent --blocked-by --unblock ||
			__git_issue_complete_numbers
		;;
	esac
}

_git_issue_close ()
{
	case "$prev" in
	--reason)
		__gitcomp "completed not-planned duplicate"
		return
		;;
	-m|--message)
		return
		;;
	esac
	case "$cur" in
	--reason=*)
		__gitcomp "completed not-planned duplicate" "" "${cur#--reason=}"
		;;
	-*)
		__gitcomp "--reason --message --json"
		;;
	*)
		__git_issue_has_arg --reason -m --message ||
			__git_issue_complete_numbers
		;;
	esac
}

_git_issue_reopen ()
{
	case "$prev" in
	-m|--message)
		return
		;;
	esac
	case "$cur" in
	-*)
		__gitcomp "--message --json"
		;;
	*)
		__git_issue_has_arg -m --message ||
			__git_issue_complete_numbers
		;;
	esac
}

_git_issue_edit ()
{
	case "$prev" in
	-F|--body-file)
		# file names: leave COMPREPLY empty for bash's default
		return
		;;
	--title|--body|--add-label|--remove-label|-m|--message)
		# free text
		return
		;;
	esac
	case "$cur" in
	-*)
		__gitcomp "--title --body --body-file --edit --add-label
			--remove-label --message --json"
		;;
	*)
		__git_issue_has_arg --title --body -F --body-file --add-label \
			--remove-label -m --message ||
			__git_issue_complete_numbers
		;;
	esac
}

_git_issue_search ()
{
	case "$prev" in
	--issue)
		__git_issue_complete_numbers
		return
		;;
	--kind)
		__gitcomp "lesson tried failed solution note comment"
		return
		;;
	esac
	case "$cur" in
	--issue=*)
		__git_issue_complete_numbers "" "${cur#--issue=}"
		;;
	--kind=*)
		__gitcomp "lesson tried failed solution note comment" "" \
			"${cur#--kind=}"
		;;
	-*)
		__gitcomp "--extended-regexp --ignore-case --kind --issue --json"
		;;
	esac
}

# The record kinds git-issue writes or reads.
__git_issue_kinds="note lesson retract claim release comment issue body link
	link-state link-sync alias intent edit edit-sync"

_git_issue_log ()
{
	case "$prev" in
	--issue)
		__git_issue_complete_numbers
		return
		;;
	--kind)
		__gitcomp "$__git_issue_kinds"
		return
		;;
	--author|--since)
		# free text
		return
		;;
	esac
	case "$cur" in
	--issue=*)
		__git_issue_complete_numbers "" "${cur#--issue=}"
		;;
	--kind=*)
		__gitcomp "$__git_issue_kinds" "" "${cur#--kind=}"
		;;
	--since=*)
		__gitcomp "yesterday midnight 2.days.ago 1.week.ago" "" \
			"${cur#--since=}"
		;;
	--author=*)
		;;
	-*)
		__gitcomp "--since= --issue --kind --author --json --no-pager"
		;;
	esac
}

# The mode of a git issue-worktree command line so far: "remove",
# "prune", "add" (an option for making a worktree), or empty.
__git_issue_worktree_mode ()
{
	local i mode=""
	for ((i = ${__git_cmd_idx:-1} + 1; i < cword; i++)); do
		case "${words[i]}" in
		--remove)
			mode=remove ;;
		-f|--force)
			[ -n "$mode" ] || mode=remove ;;
		--switch)
			mode=switch ;;
		--release)
			mode=release ;;
		--prune-merged|-n|--dry-run)
			mode=prune ;;
		--base|--base=*|--path|--path=*|--branch|--branch=*|\
		--no-setup|--setup|--steal)
			[ -n "$mode" ] || mode=add ;;
		esac
	done
	echo "$mode"
}

_git_issue_worktree ()
{
	case "$prev" in
	--base)
		__git_complete_refs
		return
		;;
	--branch)
		__gitcomp_direct "$(__git_heads "" "$cur" " ")"
		return
		;;
	--path)
		# directories: leave COMPREPLY empty for bash's default
		return
		;;
	esac
	case "$cur" in
	--base=*)
		__git_complete_refs --cur="${cur#--base=}"
		;;
	--branch=*)
		__gitcomp_direct "$(__git_heads "" "${cur#--branch=}" " ")"
		;;
	--path=*)
		;;
	-*)
		# the three forms do not mix: once one is chosen, only its
		# options
		case "$(__git_issue_worktree_mode)" in
		remove)	__gitcomp "--remove --force" ;;
		switch)	__gitcomp "--switch --base --branch --steal --force" ;;
		release) __gitcomp "--release" ;;
		prune)	__gitcomp "--prune-merged --dry-run" ;;
		add)	__gitcomp "--base --path --branch --no-setup --setup
				--steal" ;;
		*)	__gitcomp "--base --path --branch --no-setup --steal
				--switch --release --remove --force
				--prune-merged --dry-run" ;;
		esac
		;;
	*)
		case "$(__git_issue_worktree_mode)" in
		prune)
			;;
		remove|release)
			# only what has a worktree here can be removed
			__git_issue_has_arg ||
				__gitcomp_nl "$(__git_issue_worktree_numbers)"
			;;
		*)
			__git_issue_has_arg --base --path --branch ||
				__git_issue_complete_numbers
			;;
		esac
		;;
	esac
}

_git_issue_status ()
{
	case "$cur" in
	--watch=*)
		;;
	-*)
		__gitcomp "--json --watch --watch="
		;;
	esac
}

_git_issue_overlap ()
{
	case "$prev" in
	--base)
		__git_complete_refs
		return
		;;
	esac
	case "$cur" in
	--base=*)
		__git_complete_refs --cur="${cur#--base=}"
		;;
	-*)
		__gitcomp "--base --json"
		;;
	*)
		__git_issue_complete_numbers
		;;
	esac
}

_git_issue_ready ()
{
	case "$prev" in
	--parent)
		__git_issue_complete_numbers
		return
		;;
	--label|-n|--count)
		# free text
		return
		;;
	esac
	case "$cur" in
	--parent=*)
		__git_issue_complete_numbers "" "${cur#--parent=}"
		;;
	-*)
		__gitcomp "--json --verbose --count --label --parent"
		;;
	esac
}

_git_issue_sync ()
{
	case "$prev" in
	--remote)
		__gitcomp_nl "$(__git_remotes)"
		return
		;;
	--hook)
		__gitcomp "pre-push"
		return
		;;
	esac
	case "$cur" in
	--remote=*)
		__gitcomp_nl "$(__git_remotes)" "" "${cur#--remote=}"
		;;
	--hook=*)
		__gitcomp "pre-push" "" "${cur#--hook=}"
		;;
	-*)
		__gitcomp "--remote --no-github --dry-run --json --hook"
		;;
	esac
}

_git_issue_init ()
{
	case "$prev" in
	--remote)
		__gitcomp_nl "$(__git_remotes)"
		return
		;;
	--agent)
		__gitcomp "claude codex generic"
		return
		;;
	esac
	case "$cur" in
	--remote=*)
		__gitcomp_nl "$(__git_remotes)" "" "${cur#--remote=}"
		;;
	--agent=*)
		__gitcomp "claude codex generic" "" "${cur#--agent=}"
		;;
	-*)
		__gitcomp "--remote --agent --trust-hooks --uninstall"
		;;
	esac
}

_git_issue_hook ()
{
	local i w words_done=0 prev_word=
	case "$cur" in
	--max-chars=*|--max-bytes=*)
		return
		;;
	-*)
		__gitcomp "--max-bytes= --max-chars= --plugin"
		return
		;;
	esac
	# the words after the command: the hook's kind, then its event
	for ((i = 1; i < cword; i++)); do
		w="${words[i]}"
		case "$w" in
		issue-hook|git-issue-hook|-*) ;;
		*) words_done=$((words_done + 1)); prev_word="$w" ;;
		esac
	done
	case "$words_done" in
	0)	__gitcomp "claude codex post-checkout pre-push" ;;
	1)	case "$prev_word" in
		claude)
			__gitcomp "session-start stop post-tool-use user-prompt-submit
				notification session-end" ;;
		codex)
			__gitcomp "session-start stop post-tool-use user-prompt-submit
				session-end" ;;
		esac ;;
	esac
}

# The dashed forms (git-issue-note <TAB>), when git's completion is there.
if declare -F __git_complete >/dev/null 2>&1; then
	for __git_issue_verb in note show list log search worktree status \
		overlap sync init hook new link close reopen edit plan
	do
		__git_complete "git-issue-$__git_issue_verb" \
			"_git_issue_$__git_issue_verb"
	done
	unset __git_issue_verb
fi
if declare -F __git_complete >/dev/null 2>&1; then
	__git_complete git-issue-ready _git_issue_ready
fi
:
