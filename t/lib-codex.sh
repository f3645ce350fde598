# lib-codex.sh: the real Codex CLI, offline, against a scripted Responses
# API (t/agents/responses-server.js), for the agent integration tests.
# Source after test-lib.sh; it sources lib-agents.sh (the Claude Code
# rig, for tests that run both). Nothing leaves 127.0.0.1; see
# t/agents/README.md ("The Codex CLI").
#
#   codex_available || test_done    skip the script (skip_all says why)
#                                   when the CLI is not installed
#   start_codex_server SCRIPT       responses-server.js on a free port with
#                                   that script (a file; "" for none);
#                                   restarts it with a fresh log
#   stop_codex_server
#   codex_script FILE ITEM...       a script of one turn per ITEM: "exec:CMD"
#                                   (a shell tool call), anything else a
#                                   text answer
#   run_codex DIR PROMPT [ARG...]   codex exec PROMPT ARG... in DIR; its exit
#                                   code (124: timed out); output in
#                                   $CODEX_OUT and $CODEX_ERR
#   codex_trust_project DIR         mark DIR trusted in the user's config
#                                   (so Codex reads DIR/.codex/), as
#                                   `codex exec --trust` would
#   codex_hooks DIR                 the hooks Codex sees for a session in DIR,
#                                   with their trust (app-server hooks/list)
#   codex_trust_hooks DIR           trust each of them through app-server
#                                   config/batchWrite, as /hooks in the TUI
#   codex_hook_hash                 a hooks/list entry (stdin) to its hash
#   codex_main_count                number of agent-loop requests so far
#   codex_request [N]               body of the Nth agent-loop request (1)
#   codex_developer_texts [N]       the text of each developer message of
#                                   request N, one JSON string a line
#   codex_has_developer N FILE      does request N hold a developer message
#                                   whose whole text is FILE's (a hook's
#                                   context arrives so, when not cut)
#   codex_hook_prompts [N]          the <hook_prompt> user messages, as text
#   codex_tool_outputs [N]          the function_call_output items, as text
#   codex_request_text [N]          every message and tool output, as text
#
# The user's Codex config is $CODEX_HOME (exported: $CODEX_RUN/home/.codex,
# never the caller's), so that git issue-init and the sessions see the same
# one; its config.toml is the test's to write. run_codex passes the model
# provider (the server), analytics off, plugins off and no update check as
# -c flags, so they never enter that file. Codex runs shell tool calls as
# `bash -lc`, a login shell that takes PATH from the profile files: each
# run writes $CODEX_RUN/home/.bash_profile with the test's PATH, and runs
# Codex with HOME=$CODEX_RUN/home. Hooks run with Codex's environment.
# GIT_CONFIG_GLOBAL is the test's own ~/.gitconfig, so git in hooks and
# tool calls behaves as in the test. A hard timeout ($CODEX_TIMEOUT,
# seconds), no stdin, --dangerously-bypass-approvals-and-sandbox (no
# prompts; the test environment is the sandbox).

command -v agents_start_server >/dev/null || . "$TEST_DIR/lib-agents.sh"

: "${CODEX_BIN:=$AGENTS_TOOLS/codex/node_modules/.bin/codex}"
CODEX_RUN=${SHARNESS_TRASH_DIRECTORY:-$(pwd)}/codex-run
CODEX_HOME=$CODEX_RUN/home/.codex
export CODEX_HOME
: "${CODEX_TIMEOUT:=120}"
: "${CODEX_MODEL:=gpt-test}"
CODEX_RUNS=0
CODEX_SERVERS=0
CODEX_DIR=
CODEX_LOG=
CODEX_SERVER_PID=
CODEX_SERVER_URL=
CODEX_VERSION=

codex_available () {
	if ! test -x "$CODEX_BIN"
	then
		skip_all="the Codex CLI is not installed; run (cd t/agents/codex && npm ci)"
		return 1
	fi
	for c in node jq timeout sha256sum
	do
		if ! command -v $c >/dev/null
		then
			skip_all="'$c' is not installed (needed for the Codex tests)"
			return 1
		fi
	done
	# the wrapper needs its platform package (an optional dependency)
	mkdir -p "$CODEX_HOME" || return 1
	if ! HOME=$CODEX_RUN/home timeout 30 "$CODEX_BIN" --version \
		</dev/null >"$CODEX_RUN/version" 2>&1 ||
		! grep -q "^codex-cli " "$CODEX_RUN/version"
	then
		skip_all="'$CODEX_BIN --version' does not work: $(head -n 1 "$CODEX_RUN/version")"
		return 1
	fi
	CODEX_VERSION=$(sed -n '1s/^codex-cli //p' "$CODEX_RUN/version")
	return 0
}

start_codex_server () {
	stop_codex_server
	CODEX_SERVERS=$((CODEX_SERVERS + 1))
	CODEX_DIR=$CODEX_RUN/server.$CODEX_SERVERS
	CODEX_LOG=$CODEX_DIR/requests.log
	agents_start_server responses-server.js "$CODEX_DIR" "$1" || return 1
	CODEX_SERVER_PID=$agents_pid
	CODEX_SERVER_URL=http://127.0.0.1:$agents_port/v1
}

stop_codex_server () {
	if test -n "$CODEX_SERVER_PID"
	then
		kill $CODEX_SERVER_PID 2>/dev/null
		wait $CODEX_SERVER_PID 2>/dev/null
		CODEX_SERVER_PID=
	fi
	return 0
}

codex_script () {
	codex_file=$1
	shift
	for codex_item
	do
		case "$codex_item" in
		exec:*)
			jq -n --arg c "${codex_item#exec:}" '{exec: $c}' ;;
		*)
			jq -n --arg t "$codex_item" '$t' ;;
		esac
	done | jq -s . >"$codex_file"
}

# a TOML basic string: quotes and backslashes escaped, control characters
# as \uXXXX
codex_toml_string () {
	jq -rn --arg s "$1" '$s | tojson'
}

# the -c flags that keep a session on the loopback server and quiet
codex_offline_flags () {
	set -- -c "model=$(codex_toml_string "$CODEX_MODEL")" \
		-c 'model_provider="loopback"' \
		-c "model_providers.loopback={name=\"loopback\",base_url=$(codex_toml_string "$CODEX_SERVER_URL"),wire_api=\"responses\",env_key=\"CODEX_LOOPBACK_KEY\"}" \
		-c analytics.enabled=false -c features.plugins=false \
		-c check_for_update_on_startup=false
	printf '%s\n' "$@"
}

# codex_env: the environment of every Codex process (in a subshell): no
# OPENAI_* or CODEX_* variable from outside (they could point Codex
# elsewhere); $codex_bin and $codex_timeout keep what the exec needs
codex_env () {
	codex_bin=$CODEX_BIN
	codex_timeout=$CODEX_TIMEOUT
	codex_run=$CODEX_RUN
	codex_home=$CODEX_HOME
	for v in $(env | sed -n 's/^\(\(OPENAI\|CODEX\)[A-Za-z0-9_]*\)=.*/\1/p')
	do
		unset "$v"
	done
	if test -z "${GIT_CONFIG_GLOBAL:-}" && test -f "$AGENTS_GIT_CONFIG"
	then
		GIT_CONFIG_GLOBAL=$AGENTS_GIT_CONFIG
		export GIT_CONFIG_GLOBAL
	fi
	CODEX_HOME=$codex_home
	HOME=$codex_run/home
	TMPDIR=$codex_run/tmp
	SHELL=/bin/bash
	CODEX_LOOPBACK_KEY=sk-offline-test
	export CODEX_HOME HOME TMPDIR SHELL CODEX_LOOPBACK_KEY
}

run_codex () {
	if test $# -lt 2
	then
		echo "usage: run_codex DIR PROMPT [ARG...]" >&2
		return 1
	fi
	if test -z "$CODEX_SERVER_PID"
	then
		echo "run_codex: start_codex_server first" >&2
		return 1
	fi
	codex_dir=$1
	codex_prompt=$2
	shift 2
	mkdir -p "$CODEX_HOME" "$CODEX_RUN/tmp" || return 1
	# the login shell of the shell tool: the test's PATH
	printf 'PATH=%s\nexport PATH\n' "$(printf '%s' "$PATH" |
		sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")" \
		>"$CODEX_RUN/home/.bash_profile" || return 1
	# claim the next number atomically: sessions may run at once
	CODEX_RUNS=$((CODEX_RUNS + 1))
	while ! (set -C && : >"$CODEX_RUN/codex.$CODEX_RUNS.out") 2>/dev/null
	do
		CODEX_RUNS=$((CODEX_RUNS + 1))
	done
	CODEX_OUT=$CODEX_RUN/codex.$CODEX_RUNS.out
	CODEX_ERR=$CODEX_RUN/codex.$CODEX_RUNS.err
	(
		cd "$codex_dir" || exit 1
		codex_flags=$(codex_offline_flags) || exit 1
		codex_env
		set -f
		IFS='
'
		set -- $codex_flags --dangerously-bypass-approvals-and-sandbox \
			"$codex_prompt" "$@"
		unset IFS
		exec timeout -k 5 "$codex_timeout" "$codex_bin" exec "$@" \
			</dev/null
	) >"$CODEX_OUT" 2>"$CODEX_ERR"
}

codex_trust_project () {
	codex_abs=$(cd "$1" && pwd -P) || return 1
	codex_table="[projects.$(codex_toml_string "$codex_abs")]"
	mkdir -p "$CODEX_HOME" || return 1
	# a table twice would make the whole file invalid
	if ! grep -qxF "$codex_table" "$CODEX_HOME/config.toml" 2>/dev/null
	then
		printf '\n%s\ntrust_level = "trusted"\n' "$codex_table" \
			>>"$CODEX_HOME/config.toml"
	fi
}

# codex_rpc REQUEST...: the JSON-RPC requests (one JSON object each, ids
# from 1) to `codex app-server` on stdio after its handshake; prints the
# responses to them, one a line, in the order of their ids
codex_rpc () {
	mkdir -p "$CODEX_HOME" "$CODEX_RUN/tmp" || return 1
	codex_n=$#
	rm -f "$CODEX_RUN/rpc.out"
	{
		echo '{"id":0,"method":"initialize","params":{"clientInfo":{"name":"git-issue-tests","version":"1"}}}'
		echo '{"method":"initialized"}'
		for codex_req
		do
			printf '%s\n' "$codex_req"
		done
		# keep stdin open until every answer is in
		i=0
		while test $i -lt 300 &&
			test "$(jq -s '[.[] | select((.id // 0) > 0)] | length' \
				"$CODEX_RUN/rpc.out" 2>/dev/null || echo 0)" -lt $codex_n
		do
			sleep 0.1
			i=$((i + 1))
		done
	} | (
		codex_env
		exec timeout -k 5 60 "$codex_bin" app-server \
			-c analytics.enabled=false -c features.plugins=false
	) >"$CODEX_RUN/rpc.out" 2>"$CODEX_RUN/rpc.err" &&
	jq -c -s '[.[] | select((.id // 0) > 0)] | sort_by(.id) | .[]' \
		"$CODEX_RUN/rpc.out"
}

codex_hooks () {
	codex_abs=$(cd "$1" && pwd -P) || return 1
	codex_rpc "$(jq -nc --arg d "$codex_abs" \
		'{id: 1, method: "hooks/list", params: {cwds: [$d]}}')" |
		jq -c '.result.data[0].hooks[]'
}

codex_trust_hooks () {
	codex_hooks "$1" >"$CODEX_RUN/hooks.list" || return 1
	codex_rpc "$(jq -sc '{id: 1, method: "config/batchWrite", params:
		{edits: [{keyPath: "hooks.state", mergeStrategy: "upsert",
			  value: (map(select(.trustStatus != "trusted" and
					     .isManaged != true) |
				      {key: .key, value: {trusted_hash:
						.currentHash}}) |
				  from_entries)}]}}' "$CODEX_RUN/hooks.list")" |
		jq -e '.result.status == "ok"' >/dev/null
}

# the trust hash of a hooks/list entry, as Codex computes it (measured
# against 0.171.0, see README.md): SHA-256 of the compact JSON, keys
# sorted, of {event_name, matcher (when it has one), hooks: [the handler
# as configured: type, command, timeout (default 600, at least 1), async,
# statusMessage and additionalContextLimit when set]}; serde_json leaves
# U+007F unescaped where jq writes \u007f
codex_hook_hash () {
	jq -S -c '{event_name: (.key | split(":") | .[-3]),
		   hooks: [{type: "command", command, timeout: .timeoutSec,
			    async} +
			   (if .statusMessage != null then {statusMessage}
			    else {} end) +
			   (if .additionalContextLimit != null
			    then {additionalContextLimit} else {} end)]} +
		  (if .matcher != null then {matcher} else {} end)' |
		sed 's/\\u007f/\x7f/g' | tr -d '\n' | sha256sum |
		sed 's/^\([0-9a-f]*\).*/sha256:\1/'
}

codex_main_count () {
	jq -s '[.[] | select(.kind == "main")] | length' "$CODEX_LOG"
}

codex_request () {
	jq -s --argjson n "${1:-1}" \
		'[.[] | select(.kind == "main")][$n - 1].body // empty' "$CODEX_LOG"
}

# jq: the text of an input item (a message's parts, a tool output)
CODEX_ITEM_TEXT='def item_text:
	if .type == "message" then
		[.content[]? | .text // empty] | join("")
	elif .type == "function_call_output" then
		(.output | if type == "string" then .
			   else [.[]? | .text // empty] | join("") end)
	else empty end;'

codex_developer_texts () {
	codex_request "$1" | jq -c "$CODEX_ITEM_TEXT"'
		.input[] | select(.type == "message" and .role == "developer") |
		item_text'
}

codex_has_developer () {
	codex_developer_texts "$1" |
		jq -s -e --rawfile t "$2" 'any(.[]; . == $t)' >/dev/null
}

codex_hook_prompts () {
	codex_request "$1" | jq -r "$CODEX_ITEM_TEXT"'
		.input[] | select(.type == "message" and .role == "user") |
		item_text | select(startswith("<hook_prompt"))'
}

codex_tool_outputs () {
	codex_request "$1" | jq -r "$CODEX_ITEM_TEXT"'
		.input[] | select(.type == "function_call_output") | item_text'
}

codex_request_text () {
	codex_request "$1" | jq -r "$CODEX_ITEM_TEXT"'.input[] | item_text'
}
