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
#   model_main_count                number of agent-loop requests so far
#   model_request [N]               body of the Nth agent-loop request (1)
#   model_request_text [N]          its system prompt, user and system
#                                   messages and tool results, as text
#
# run_claude gives each session the isolated environment the CLI needs to
# stay offline: no ANTHROPIC_* or CLAUDE_* variable from outside, a private
# HOME ($AGENTS_HOME) and TMPDIR under $AGENTS_RUN, the git configuration of
# the test's own HOME (GIT_CONFIG_GLOBAL), a hard timeout ($AGENTS_TIMEOUT,
# seconds) and no stdin. Sessions of one script share $AGENTS_HOME, so
# --continue and --resume work; set AGENTS_HOME to start afresh.

AGENTS_TOOLS=$TEST_DIR/agents
: "${AGENTS_CLAUDE:=$AGENTS_TOOLS/node_modules/.bin/claude}"
AGENTS_RUN=${SHARNESS_TRASH_DIRECTORY:-$(pwd)}/agents-run
AGENTS_HOME=$AGENTS_RUN/home
: "${AGENTS_TIMEOUT:=120}"
AGENTS_RUNS=0
AGENTS_SERVERS=0
AGENTS_GIT_CONFIG=$HOME/.gitconfig
MODEL_DIR=
MODEL_LOG=
MODEL_SERVER_PID=

agents_available () {
	if ! test -x "$AGENTS_CLAUDE"
	then
		skip_all="the Claude Code CLI is not installed; run (cd t/agents && npm ci)"
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
	if ! HOME=$AGENTS_RUN/version-home timeout 30 "$AGENTS_CLAUDE" --version \
		</dev/null >"$AGENTS_RUN/version" 2>&1 ||
		! grep -q "Claude Code" "$AGENTS_RUN/version"
	then
		skip_all="'$AGENTS_CLAUDE --version' does not work: $(head -n 1 "$AGENTS_RUN/version")"
		return 1
	fi
	return 0
}

start_model_server () {
	stop_model_server
	AGENTS_SERVERS=$((AGENTS_SERVERS + 1))
	MODEL_DIR=$AGENTS_RUN/model.$AGENTS_SERVERS
	MODEL_LOG=$MODEL_DIR/requests.log
	mkdir -p "$MODEL_DIR" || return 1
	node "$AGENTS_TOOLS/model-server.js" --dir "$MODEL_DIR" \
		${1:+--script "$1"} 2>"$MODEL_DIR/stderr" &
	MODEL_SERVER_PID=$!
	i=0
	while ! test -s "$MODEL_DIR/port"
	do
		if ! kill -0 $MODEL_SERVER_PID 2>/dev/null || test $i -ge 100
		then
			echo "model-server.js did not start:" >&2
			cat "$MODEL_DIR/stderr" >&2
			stop_model_server
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	MODEL_SERVER_URL=http://127.0.0.1:$(cat "$MODEL_DIR/port")
	: >>"$MODEL_LOG"
	# under sharness, stop the server however the script ends, keeping
	# the exit code that sharness's die looks at (other callers set their
	# own trap)
	if test -n "${SHARNESS_TRASH_DIRECTORY:-}"
	then
		trap 'agents_code=$?; stop_model_server; (exit $agents_code); die' EXIT
	fi
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
		ANTHROPIC_BASE_URL=$MODEL_SERVER_URL
		ANTHROPIC_API_KEY=sk-ant-offline-test
		DISABLE_TELEMETRY=1
		DISABLE_AUTOUPDATER=1
		DISABLE_ERROR_REPORTING=1
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
		export HOME TMPDIR SHELL ANTHROPIC_BASE_URL ANTHROPIC_API_KEY \
			DISABLE_TELEMETRY DISABLE_AUTOUPDATER DISABLE_ERROR_REPORTING \
			CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
		exec timeout -k 5 "$AGENTS_TIMEOUT" "$AGENTS_CLAUDE" \
			-p "$agents_prompt" --allowedTools Bash "$@" </dev/null
	) >"$AGENTS_OUT" 2>"$AGENTS_ERR"
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
