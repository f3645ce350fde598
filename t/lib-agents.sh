# lib-agents.sh: the real Claude Code CLI, offline, against a scripted model
# (t/agents/model-server.js), for the agent integration tests. Source after
# test-lib.sh. Nothing leaves 127.0.0.1; see t/agents/README.md.
#
#   agents_available || test_done   skip the script (skip_all says why)
#                                   when the CLI is not installed
#   start_model_server SCRIPT       model-server.js on a free port with that
#                                   script (a file; "" for none); restarts it
#                                   with a fresh log when already running
#   stop_model_server
#   run_claude DIR PROMPT [ARG...]  claude -p PROMPT --allowedTools Bash ARG...
#                                   in DIR; its exit code (124: timed out);
#                                   output in $AGENTS_OUT and $AGENTS_ERR
#   claude_cli [ARG...]             the CLI itself (claude plugin ...) in
#                                   the same environment, in the cwd
#   claude_interactive SOCK DIR PROMPT [ARG...]
#                                   an interactive session (no -p, no
#                                   --allowedTools: tools ask for
#                                   permission) in DIR, started with PROMPT,
#                                   in a detached tmux session "claude" of a
#                                   tmux server of its own on socket SOCK
#                                   (kill it with tmux -S SOCK kill-server)
#   claude_screen SOCK              what that session's screen shows now
#   model_main_count                number of agent-loop requests so far
#   model_request [N]               body of the Nth agent-loop request (1)
#   model_request_text [N]          its system prompt, user and system
#                                   messages and tool results, as text
#   model_texts N [ROLE]            each message of request N as one JSON
#                                   string a line (its text blocks joined)
#   model_hook_context N EVENT      the additionalContext of each EVENT
#                                   hook (SessionStart, PostToolUse...) in
#                                   request N, one JSON string a line
#   model_stop_feedback N           the Stop hook's reasons in request N
#
# The model_* readers take both shapes the CLIs write: 2.1.197 sends a
# system message's content as a string and a PostToolUse context as a
# <system-reminder> text block of the user message; 2.1.337 sends system
# messages as lists of text blocks, a PostToolUse context as a system
# message of its own, and a Stop block twice (t/agents/README.md).
#
# Which CLI: AGENTS_CLAUDE=both (the default: @anthropic-ai/claude-code as
# pinned in t/agents/package.json, then the package's alias
# claude-code-newest, pinned too, raised on purpose: agents_available runs
# the whole test script once with each version, in trash directories of
# their own, one TAP stream, each test named with its version, and
# exits), pinned, newest, or a path to a claude executable. $AGENTS_CLAUDE_VERSION
# is the version a script runs with, once agents_available said yes.
# lib-codex.sh (the Codex CLI) builds on this file.
#
# run_claude gives each session the isolated environment the CLI needs to
# stay offline: no ANTHROPIC_* or CLAUDE_* variable from outside, a private
# HOME ($AGENTS_HOME) and TMPDIR under $AGENTS_RUN, the git configuration of
# the test's own HOME (GIT_CONFIG_GLOBAL), a hard timeout ($AGENTS_TIMEOUT,
# seconds) and no stdin. Sessions of one script share $AGENTS_HOME, so
# --continue and --resume work; set AGENTS_HOME to start afresh.

AGENTS_TOOLS=$TEST_DIR/agents
: "${AGENTS_CLAUDE:=both}"
AGENTS_RUN=${SHARNESS_TRASH_DIRECTORY:-$(pwd)}/agents-run
AGENTS_HOME=$AGENTS_RUN/home
: "${AGENTS_TIMEOUT:=120}"
AGENTS_RUNS=0
AGENTS_SERVERS=0
AGENTS_GIT_CONFIG=$HOME/.gitconfig
MODEL_DIR=
MODEL_LOG=
MODEL_SERVER_PID=

# the executable behind a version name, and the version package.json pins
# for it
agents_claude_bin () {
	case "$1" in
	pinned)
		echo "$AGENTS_TOOLS/node_modules/.bin/claude" ;;
	newest)
		echo "$AGENTS_TOOLS/node_modules/claude-code-newest/bin/claude.exe" ;;
	*/*)
		echo "$1" ;;
	*)
		echo "AGENTS_CLAUDE: pinned, newest, both or a path, not '$1'" >&2
		return 1 ;;
	esac
}

agents_claude_pin () {
	case "$1" in
	pinned) agents_dep=@anthropic-ai/claude-code ;;
	newest) agents_dep=claude-code-newest ;;
	*) echo "$1"; return 0 ;;
	esac
	jq -r --arg d "$agents_dep" '.dependencies[$d] | sub(".*@"; "")' \
		"$AGENTS_TOOLS/package.json"
}

# agents_tap_merge OFFSET TAG COUNTFILE: a child's TAP on stdin, its test
# numbers moved up by OFFSET and TAG put before each description; its own
# plan dropped. COUNTFILE gets the child's test count, or "skip REASON"
# when the child skipped the whole script.
agents_tap_merge () {
	awk -v off="$1" -v tag="$2" -v countfile="$3" '
		/^(not )?ok [0-9]+/ {
			pre = $0; sub(/ok [0-9]+.*/, "", pre)
			rest = substr($0, length(pre) + 4)
			num = rest; sub(/[^0-9].*/, "", num)
			rest = substr(rest, length(num) + 1)
			sub(/^ - /, "", rest)
			if (rest ~ /^#/)
				print pre "ok " (num + off) " " rest
			else
				print pre "ok " (num + off) " - " tag rest
			n = num
			fflush()
			next
		}
		/^1\.\.[0-9]+/ {
			if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) {
				reason = $0; sub(/^[^#]*# *[Ss][Kk][Ii][Pp] */, "", reason)
				skip = reason
			}
			next
		}
		{ print; fflush() }
		END {
			if (skip != "" && n == 0)
				print "skip " skip > countfile
			else
				print n + 0 > countfile
		}'
}

# AGENTS_CLAUDE=both: this script once per version, as children with their
# own trash directories ("trash directory.<script>.<version>", kept when
# a test failed), their TAP merged into one stream; then exit as sharness
# would
agents_each_claude () {
	agents_total=0
	agents_failed=
	agents_skips=0
	agents_skip_reason=
	agents_opts=
	test -n "$verbose" && agents_opts="$agents_opts -v"
	test -n "$immediate" && agents_opts="$agents_opts -i"
	test -n "$debug" && agents_opts="$agents_opts -d"
	test -n "$chain_lint" && agents_opts="$agents_opts --chain-lint"
	agents_script=$TEST_DIR/${SHARNESS_TEST_FILE##*/}
	for agents_v in pinned newest
	do
		agents_root="$SHARNESS_TEST_DIRECTORY/trash directory.$this_test.$agents_v"
		mkdir -p "$agents_root" || exit 1
		agents_rc=0
		( cd "$SHARNESS_TEST_DIRECTORY" &&
		  AGENTS_CLAUDE=$agents_v &&
		  export AGENTS_CLAUDE &&
		  { sh "$agents_script" --root="$agents_root" $agents_opts 2>&1
		    echo $? >"$agents_root/exit-code"; } |
		  agents_tap_merge $agents_total \
			"[claude $(agents_claude_pin $agents_v)] " \
			"$agents_root/test-count" )
		agents_rc=$(cat "$agents_root/exit-code" 2>/dev/null || echo 1)
		agents_count=$(cat "$agents_root/test-count" 2>/dev/null || echo 0)
		case "$agents_count" in
		skip\ *)
			agents_total=$((agents_total + 1))
			agents_skips=$((agents_skips + 1))
			agents_skip_reason=${agents_count#skip }
			echo "ok $agents_total # skip [$agents_v] $agents_skip_reason" ;;
		*)
			agents_total=$((agents_total + agents_count)) ;;
		esac
		if test "$agents_rc" != 0
		then
			agents_failed=t
			test -n "$immediate" && break
		elif test -z "$debug"
		then
			rm -rf "$agents_root"
		fi
	done
	# our own trash directory holds nothing: the children's hold the state
	if test -d "$remove_trash"
	then
		cd "$(dirname "$remove_trash")" && rm -rf "$(basename "$remove_trash")"
	fi
	EXIT_OK=t
	if test -n "$agents_failed"
	then
		echo "1..$agents_total"
		exit 1
	fi
	if test "$agents_skips" = "$agents_total"
	then
		echo "1..0 # SKIP $agents_skip_reason"
	else
		echo "1..$agents_total"
	fi
	exit 0
}

AGENTS_CLAUDE_BIN=
AGENTS_CLAUDE_VERSION=

agents_available () {
	if test "$AGENTS_CLAUDE" = both
	then
		if test -z "${SHARNESS_TRASH_DIRECTORY:-}"
		then
			skip_all="AGENTS_CLAUDE=both works under sharness only"
			return 1
		fi
		agents_each_claude
	fi
	AGENTS_CLAUDE_BIN=$(agents_claude_bin "$AGENTS_CLAUDE") || {
		skip_all="AGENTS_CLAUDE is pinned, newest, both or a path, not '$AGENTS_CLAUDE'"
		return 1
	}
	if ! test -x "$AGENTS_CLAUDE_BIN"
	then
		skip_all="the Claude Code CLI ($AGENTS_CLAUDE) is not installed; run (cd t/agents && npm ci)"
		return 1
	fi
	for c in node jq timeout
	do
		if ! command -v $c >/dev/null
		then
			skip_all="'$c' is not installed (needed for the agent tests)"
			return 1
		fi
	done
	# the npm package leaves a stub when its native binary is missing
	mkdir -p "$AGENTS_RUN/version-home" || return 1
	if ! HOME=$AGENTS_RUN/version-home timeout 30 "$AGENTS_CLAUDE_BIN" \
		--version </dev/null >"$AGENTS_RUN/version" 2>&1 ||
		! grep -q "Claude Code" "$AGENTS_RUN/version"
	then
		skip_all="'$AGENTS_CLAUDE_BIN --version' does not work: $(head -n 1 "$AGENTS_RUN/version")"
		return 1
	fi
	AGENTS_CLAUDE_VERSION=$(sed -n '1s/ .*//p' "$AGENTS_RUN/version")
	return 0
}

# agents_start_server SERVER.js DIR SCRIPT: one of the scripted servers
# (model-server.js, responses-server.js) on a free port, logging to DIR;
# $agents_pid and $agents_port once it listens. Under sharness an EXIT trap
# stops whichever servers run, however the script ends, keeping the exit
# code that sharness's die looks at (other callers set their own trap).
agents_start_server () {
	mkdir -p "$2" || return 1
	node "$AGENTS_TOOLS/$1" --dir "$2" ${3:+--script "$3"} 2>"$2/stderr" &
	agents_pid=$!
	i=0
	while ! test -s "$2/port"
	do
		if ! kill -0 $agents_pid 2>/dev/null || test $i -ge 100
		then
			echo "$1 did not start:" >&2
			cat "$2/stderr" >&2
			kill $agents_pid 2>/dev/null
			wait $agents_pid 2>/dev/null
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	agents_port=$(cat "$2/port")
	: >>"$2/requests.log"
	if test -n "${SHARNESS_TRASH_DIRECTORY:-}"
	then
		trap 'agents_code=$?
			for f in stop_model_server stop_codex_server
			do
				command -v $f >/dev/null && $f
			done
			(exit $agents_code); die' EXIT
	fi
}

start_model_server () {
	stop_model_server
	AGENTS_SERVERS=$((AGENTS_SERVERS + 1))
	MODEL_DIR=$AGENTS_RUN/model.$AGENTS_SERVERS
	MODEL_LOG=$MODEL_DIR/requests.log
	agents_start_server model-server.js "$MODEL_DIR" "$1" || return 1
	MODEL_SERVER_PID=$agents_pid
	MODEL_SERVER_URL=http://127.0.0.1:$agents_port
}

stop_model_server () {
	if test -n "$MODEL_SERVER_PID"
	then
		kill $MODEL_SERVER_PID 2>/dev/null
		wait $MODEL_SERVER_PID 2>/dev/null
		MODEL_SERVER_PID=
	fi
	return 0
}

# agents_env: the environment the CLI gets (in a subshell, before exec)
agents_env () {
	for v in $(env | sed -n 's/^\(\(ANTHROPIC\|CLAUDE\)[A-Za-z0-9_]*\)=.*/\1/p')
	do
		unset "$v"
	done
	if test -z "${GIT_CONFIG_GLOBAL:-}" && test -f "$AGENTS_GIT_CONFIG"
	then
		GIT_CONFIG_GLOBAL=$AGENTS_GIT_CONFIG
		export GIT_CONFIG_GLOBAL
	fi
	HOME=$AGENTS_HOME
	TMPDIR=$AGENTS_RUN/tmp
	SHELL=/bin/bash
	ANTHROPIC_BASE_URL=${MODEL_SERVER_URL:-http://127.0.0.1:9}
	ANTHROPIC_API_KEY=sk-ant-offline-test
	DISABLE_TELEMETRY=1
	DISABLE_AUTOUPDATER=1
	DISABLE_ERROR_REPORTING=1
	CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
	export HOME TMPDIR SHELL ANTHROPIC_BASE_URL ANTHROPIC_API_KEY \
		DISABLE_TELEMETRY DISABLE_AUTOUPDATER DISABLE_ERROR_REPORTING \
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
}

# claude_cli [ARG...]: the CLI with the session environment, in the cwd
# (for `claude plugin ...`); its output on stdout and stderr
claude_cli () {
	mkdir -p "$AGENTS_HOME" "$AGENTS_RUN/tmp" || return 1
	(
		agents_env
		exec timeout -k 5 "$AGENTS_TIMEOUT" "$AGENTS_CLAUDE_BIN" "$@" \
			</dev/null
	)
}

run_claude () {
	if test $# -lt 2
	then
		echo "usage: run_claude DIR PROMPT [ARG...]" >&2
		return 1
	fi
	if test -z "$MODEL_SERVER_PID"
	then
		echo "run_claude: start_model_server first" >&2
		return 1
	fi
	agents_dir=$1
	agents_prompt=$2
	shift 2
	mkdir -p "$AGENTS_HOME" "$AGENTS_RUN/tmp" || return 1
	# claim the next number atomically: sessions may run at once
	AGENTS_RUNS=$((AGENTS_RUNS + 1))
	while ! (set -C && : >"$AGENTS_RUN/claude.$AGENTS_RUNS.out") 2>/dev/null
	do
		AGENTS_RUNS=$((AGENTS_RUNS + 1))
	done
	AGENTS_OUT=$AGENTS_RUN/claude.$AGENTS_RUNS.out
	AGENTS_ERR=$AGENTS_RUN/claude.$AGENTS_RUNS.err
	(
		cd "$agents_dir" || exit 1
		agents_env
		exec timeout -k 5 "$AGENTS_TIMEOUT" "$AGENTS_CLAUDE_BIN" \
			-p "$agents_prompt" --allowedTools Bash "$@" </dev/null
	) >"$AGENTS_OUT" 2>"$AGENTS_ERR"
}

# The first-run screens an interactive session would stop on, answered
# in $AGENTS_HOME/.claude.json as the CLI writes them: onboarding done, the
# test's API key approved (the CLI keeps its last 20 characters), DIR's
# folder trusted, and 2.1.337's offer of its fullscreen renderer and its
# auto mode notice seen (t/agents/README.md, "Interactive sessions").
agents_interactive_config () {
	agents_abs=$(cd "$1" && pwd -P) || return 1
	mkdir -p "$AGENTS_HOME" || return 1
	test -f "$AGENTS_HOME/.claude.json" ||
		echo '{}' >"$AGENTS_HOME/.claude.json" || return 1
	jq --arg d "$agents_abs" '. + {
		hasCompletedOnboarding: true, lastOnboardingVersion: "2.1.197",
		theme: "dark", fullscreenUpsellSeenCount: 99,
		hasSeenAutoDefaultNotice: true,
		customApiKeyResponses: {approved: ["sk-ant-offline-test"],
					rejected: []}}
		| .projects[$d] += {hasTrustDialogAccepted: true,
				    hasCompletedProjectOnboarding: true}' \
		"$AGENTS_HOME/.claude.json" >"$AGENTS_HOME/.claude.json.new" &&
	mv "$AGENTS_HOME/.claude.json.new" "$AGENTS_HOME/.claude.json"
}

# The tmux server is started from the session's environment (agents_env),
# and its session's command inherits it. --permission-mode default: 2.1.337
# may start in its auto mode, which answers permission prompts itself.
# timeout --foreground: the CLI must stay in the terminal's foreground
# process group to read its keys.
claude_interactive () {
	if test $# -lt 3
	then
		echo "usage: claude_interactive SOCK DIR PROMPT [ARG...]" >&2
		return 1
	fi
	if test -z "$MODEL_SERVER_PID"
	then
		echo "claude_interactive: start_model_server first" >&2
		return 1
	fi
	agents_sock=$1
	agents_dir=$2
	shift 2
	mkdir -p "$AGENTS_HOME" "$AGENTS_RUN/tmp" || return 1
	agents_interactive_config "$agents_dir" || return 1
	(
		cd "$agents_dir" || exit 1
		agents_env
		exec tmux -S "$agents_sock" -f /dev/null new-session -d \
			-s claude -x 120 -y 40 timeout --foreground \
			"$AGENTS_TIMEOUT" "$AGENTS_CLAUDE_BIN" \
			--permission-mode default "$@"
	)
}

claude_screen () {
	tmux -S "$1" capture-pane -p -t claude
}

model_main_count () {
	jq -s '[.[] | select(.kind == "main")] | length' "$MODEL_LOG"
}

model_request () {
	jq -s --argjson n "${1:-1}" \
		'[.[] | select(.kind == "main")][$n - 1].body // empty' "$MODEL_LOG"
}

# every piece of text the model is given in request N, one after the other:
# the system prompt, then each user or system message (text blocks and tool
# results)
model_request_text () {
	model_request "$1" | jq -r '
		def text: if type == "string" then .
			elif type == "array" then map(
				if .type == "text" then .text
				elif .type == "tool_result" then (.content | text)
				else empty end) | join("\n")
			else empty end;
		((.system // []) | text),
		(.messages[] | select(.role == "user" or .role == "system") |
			.content | text)'
}

# the jq definitions the readers below share: the text of a content (a
# string, or text blocks and tool results joined by newlines)
AGENTS_JQ_TEXT='def text: if type == "string" then .
	elif type == "array" then map(
		if .type == "text" then .text
		elif .type == "tool_result" then (.content | text)
		else empty end) | join("\n")
	else "" end;'

model_texts () {
	model_request "$1" | jq -c --arg role "${2:-}" "$AGENTS_JQ_TEXT"'
		.messages[] | select($role == "" or .role == $role) |
		.content | text'
}

# The additionalContext of each EVENT hook in request N. 2.1.197: a
# system message "SessionStart hook additional context: ..." (a string),
# or in a user message's text block "<system-reminder>\nPostToolUse:Read
# hook additional context: ...\n</system-reminder>"; 2.1.337: system
# messages of text blocks, with the same words.
model_hook_context () {
	model_request "$1" | jq -c --arg e "$2" "$AGENTS_JQ_TEXT"'
		def blocks: if type == "string" then [.]
			else map(select(.type == "text") | .text) end;
		.messages[] | .content | blocks[] |
		sub("^<system-reminder>\n"; "") | sub("\n</system-reminder>$"; "") |
		capture("^" + $e + "(:[A-Za-z]+)? hook additional context: (?<c>(.|\n)*)$") |
		.c'
}

# The Stop hook's reasons in request N (2.1.197: a user message
# "Stop hook feedback:\n<reason>"; 2.1.337: the same inside a
# <system-reminder> after a preamble, and again in a system message)
model_stop_feedback () {
	model_request "$1" | jq -r "$AGENTS_JQ_TEXT"'
		.messages[] | select(.role == "user") | .content | text |
		select(contains("Stop hook feedback:\n")) |
		sub("^(.|\n)*?Stop hook feedback:\n"; "") |
		sub("\n</system-reminder>(.|\n)*$"; "")'
}
