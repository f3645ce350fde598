#!/bin/bash
#
# Smoke test of the agent test rig: the real Claude Code CLI (node_modules
# here, npm ci), offline against model-server.js, through t/lib-agents.sh.
#
#   t/agents/smoke.sh       (needs node, jq, git, timeout and node_modules)
#   AGENTS_CLAUDE=newest t/agents/smoke.sh      the same with the newest pin
#
# Proves what the agent tests rely on: (a) a project SessionStart hook's
# additionalContext is in the first request; (b) a scripted Bash tool_use
# runs in the session's directory and its tool_result comes back; (c) a Stop
# hook's block makes one more request carrying the reason, and the repeated
# Stop gets stop_hook_active: true; (d) no hooks, no added context. Then it
# re-checks the facts the integration's design rests on (t/agents/README.md):
# --continue fires source "resume", /compact is a side call and fires
# "compact", which settings files a session reads (2.1.197: cwd only, a
# linked worktree its own checkout only), the 10,000 UTF-16 unit cap on
# additionalContext, failing hooks, an invalid settings file, two sessions
# at once; where 2.1.197 and 2.1.337 differ, each its own (per_version).
# Installs nothing, reaches nothing but 127.0.0.1.
# Prints "N passed, M failed"; exits 1 on any failure. The scratch directory
# is kept on failure, or always with AGENTS_SMOKE_KEEP=1.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TEST_DIR=$(cd "$HERE/.." && pwd)
RECORD=$HERE/hook-recorder.sh
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/agents-smoke.XXXXXX")
SCRATCH=$(cd "$SCRATCH" && pwd -P)
PASS=0
FAIL=0
STARTED=$(date +%s.%N)

# a test-like environment: our own HOME and git identity, no system config
HOME=$SCRATCH
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME='A U Thor'
GIT_AUTHOR_EMAIL=author@example.com
GIT_COMMITTER_NAME='C O Mitter'
GIT_COMMITTER_EMAIL=committer@example.com
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_GLOBAL
git config --global init.defaultBranch main
git config --global advice.detachedHead false

cd "$SCRATCH" || exit 1
# one version a run (both is for sharness scripts)
: "${AGENTS_CLAUDE:=pinned}"
. "$TEST_DIR/lib-agents.sh"

cleanup () {
	stop_model_server
	if test $FAIL -eq 0 && test -z "${AGENTS_SMOKE_KEEP:-}"
	then
		rm -rf "$SCRATCH"
	else
		echo "scratch directory kept: $SCRATCH" >&2
	fi
}
trap cleanup EXIT

# --------------------------------------------------------------- helpers

ok () {
	PASS=$((PASS + 1))
	echo "ok $((PASS + FAIL)) - $1"
}

not_ok () {
	FAIL=$((FAIL + 1))
	echo "not ok $((PASS + FAIL)) - $1"
	shift
	test $# -gt 0 && echo "#   $*"
}

# check DESCRIPTION COMMAND...: pass when COMMAND succeeds
check () {
	desc=$1
	shift
	if "$@" >"$SCRATCH/check.out" 2>&1
	then
		ok "$desc"
	else
		not_ok "$desc" "$(head -c 600 "$SCRATCH/check.out")"
	fi
}

# same TEXT COMMAND...: pass when COMMAND prints exactly TEXT
same () {
	desc=$1 want=$2
	shift 2
	got=$("$@" 2>&1)
	if test "$got" = "$want"
	then
		ok "$desc"
	else
		not_ok "$desc" "want '$want', got '$(printf %s "$got" | head -c 600)'"
	fi
}

# timed DIR PROMPT [ARG...]: run_claude, and its wall time in $SECONDS_TAKEN
timed () {
	t0=$(date +%s.%N)
	run_claude "$@"
	rc=$?
	t1=$(date +%s.%N)
	SECONDS_TAKEN=$(echo "$t1 - $t0" | bc)
	return $rc
}

# project DIR: a git repository with one commit
project () {
	mkdir -p "$1" && git -C "$1" init -q && git -C "$1" commit -q --allow-empty -m initial
}

# brief FILE TEXT: FILE answers a SessionStart hook with TEXT as additionalContext
brief () {
	jq -n --arg t "$2" '{hookSpecificOutput:
		{hookEventName: "SessionStart", additionalContext: $t}}' >"$1"
}

# hooks FILE SESSIONSTART-COMMAND... -- [STOP-COMMAND]: a settings file with
# one SessionStart matcher group (startup|resume|clear|compact) running the
# commands in order, and optionally a Stop hook
hooks () {
	file=$1
	shift
	ss='[]'
	while test $# -gt 0 && test "$1" != --
	do
		ss=$(jq -c --arg c "$1" '. + [{type: "command", command: $c}]' <<<"$ss")
		shift
	done
	test $# -gt 0 && shift
	mkdir -p "$(dirname "$file")"
	jq -n --argjson ss "$ss" --arg stop "${1:-}" '{hooks: ({SessionStart:
		[{matcher: "startup|resume|clear|compact", hooks: $ss}]} +
		(if $stop == "" then {} else {Stop: [{hooks:
			[{type: "command", command: $stop}]}]} end))}' >"$file"
}

# sysmsg N: the system messages of agent-loop request N, as text (a string
# with 2.1.197, a list of text blocks with 2.1.337)
sysmsg () {
	model_request "$1" | jq -r '.messages[] | select(.role == "system") |
		.content | if type == "string" then . else map(.text // "") | join("") end'
}

json_field () {	# FILE FILTER
	jq -r "$2" "$1"
}

# per_version OLD NEW: what 2.1.197 does, else what 2.1.337 does (the two
# versions package.json pins; see README.md); a newer version that
# differs from both fails the check: measure it and add it here
per_version () {
	if test "$AGENTS_CLAUDE_VERSION" = 2.1.197
	then
		printf '%s\n' "$1"
	else
		printf '%s\n' "$2"
	fi
}

# --------------------------------------------------------------- install

check "the CLI is installed and runs" agents_available
if test $FAIL -gt 0
then
	echo "# $skip_all"
	exit 1
fi
PINNED=$(agents_claude_pin "$AGENTS_CLAUDE")
same "the CLI ($AGENTS_CLAUDE) is the version package.json pins, $PINNED" \
	"$PINNED (Claude Code)" cat "$AGENTS_RUN/version"

# --------------------------------------------------- (a) (b) (c) one session

A=$SCRATCH/a
project "$A"
BRIEF="issue 42 brief: marker-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')"
REASON="record a lesson first: marker-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')"
brief "$SCRATCH/brief.json" "$BRIEF"
jq -n --arg r "$REASON" '{decision: "block", reason: $r}' >"$SCRATCH/block.json"
hooks "$A/.claude/settings.json" "$RECORD $SCRATCH/hooks-a $SCRATCH/brief.json" \
	-- "$RECORD --once $SCRATCH/hooks-a $SCRATCH/block.json"
# and a group that matches resume only
jq --arg c "$RECORD $SCRATCH/hooks-a-resume" '.hooks.SessionStart += [{matcher: "resume",
	hooks: [{type: "command", command: $c}]}]' "$A/.claude/settings.json" >"$SCRATCH/s.tmp" &&
	mv "$SCRATCH/s.tmp" "$A/.claude/settings.json"
cat >"$SCRATCH/script-a.json" <<'EOF'
{"turns": [
  {"content": [{"text": "Making a file."},
               {"tool_use": {"name": "Bash", "input": {
                  "command": "printf made >made-by-tool && pwd",
                  "description": "make a file"}}}]},
  "first stop",
  "after the block"
]}
EOF
start_model_server "$SCRATCH/script-a.json"
timed "$A" "work on issue 42"
same "(a-c) the session exits 0" 0 echo $?
echo "# session with a tool call and a blocked stop: ${SECONDS_TAKEN}s"
same "(a-c) stdout is the last scripted answer" "after the block" cat "$AGENTS_OUT"
same "(a-c) three agent-loop requests: tool use, stop, after the block" 3 model_main_count
check "(a) the first request carries the SessionStart additionalContext" \
	grep -qxF "SessionStart hook additional context: $BRIEF" <(sysmsg 1)
SS1=$SCRATCH/hooks-a/SessionStart.1.json
same "(a) SessionStart input: the fields" \
	"cwd hook_event_name session_id source transcript_path" \
	json_field "$SS1" 'keys | join(" ")'
same "(a) SessionStart input: source startup, cwd the session dir" \
	"startup $A" json_field "$SS1" '"\(.source) \(.cwd)"'
SID=$(jq -r 'select(.kind == "main") | .session' "$MODEL_LOG" | head -n 1)
same "(a) session_id is the request's x-claude-code-session-id" \
	"$SID" json_field "$SS1" .session_id
same "(a) transcript_path is in the private HOME" \
	"$AGENTS_HOME/.claude/projects/$(printf %s "$A" | sed 's/[^A-Za-z0-9]/-/g')/$SID.jsonl" \
	json_field "$SS1" .transcript_path
same "(b) the Bash command ran in the session directory" made cat "$A/made-by-tool"
TOOL_ID=$(model_request 2 | jq -r '.messages[] | select(.role == "assistant") |
	.content[] | select(.type == "tool_use") | .id')
same "(b) the next request carries the tool_result (pwd)" "$A" \
	eval 'model_request 2 | jq -r --arg id "$TOOL_ID" ".messages[-1].content[] |
		select(.type == \"tool_result\" and .tool_use_id == \$id) | .content"'
# 2.1.197: one user message; 2.1.337: the same wrapped in a <system-reminder>
# with a preamble, then a system message naming the hook's command
last_texts () {	# N K: the text of the last K messages of request N
	model_request "$1" | jq -r --argjson k "$2" '.messages[-$k:][] | .content |
		if type == "string" then . else map(.text // "") | join("") end'
}
same "(c) the request after the block ends with the reason" \
	"$(per_version "Stop hook feedback:
$REASON" "Stop hook feedback:
$REASON
</system-reminder>
Stop hook blocking error from command: \"$RECORD --once $SCRATCH/hooks-a $SCRATCH/block.json\": $REASON")" \
	eval 'last_texts 3 $(per_version 1 2) | awk "f || /^Stop hook feedback:/ { f = 1; print }"'
same "(c) first Stop: stop_hook_active false" "Stop false first stop" \
	json_field "$SCRATCH/hooks-a/Stop.1.json" \
	'"\(.hook_event_name) \(.stop_hook_active) \(.last_assistant_message)"'
same "(c) second Stop: stop_hook_active true" "Stop true after the block" \
	json_field "$SCRATCH/hooks-a/Stop.2.json" \
	'"\(.hook_event_name) \(.stop_hook_active) \(.last_assistant_message)"'
same "(c) Stop input: the fields" \
	"background_tasks cwd effort hook_event_name last_assistant_message permission_mode prompt_id session_crons session_id stop_hook_active transcript_path" \
	json_field "$SCRATCH/hooks-a/Stop.1.json" 'keys | join(" ")'
check "(a) a group with matcher resume does not run at startup" \
	test ! -e "$SCRATCH/hooks-a-resume"
echo "# SessionStart stdin: $(cat "$SS1")"
echo "# second Stop stdin: $(cat "$SCRATCH/hooks-a/Stop.2.json")"

# ------------------------------------------------ resume and compact

start_model_server ""
run_claude "$A" "go on" --continue
same "--continue: exits 0" 0 echo $?
same "--continue: SessionStart source resume, same session" "resume $SID" \
	json_field "$SCRATCH/hooks-a/SessionStart.2.json" '"\(.source) \(.session_id)"'
check "--continue: the group with matcher resume runs" \
	test -f "$SCRATCH/hooks-a-resume/SessionStart.1.json"
start_model_server ""
run_claude "$A" "/compact" --continue
same "/compact: exits 0" 0 echo $?
same "/compact: one side request (why compact), no agent-loop turn used" \
	"side compact compact" jq -r 'select(.method == "POST") |
		"\(.kind) \(.why) \(.turn)"' "$MODEL_LOG"
same "/compact: SessionStart sources resume then compact" "resume compact" \
	eval 'for n in 3 4; do jq -r .source "$SCRATCH/hooks-a/SessionStart.$n.json"; done | tr "\n" " " | sed "s/ \$//"'

# ------------------------------------------------------ (d) no hooks

D=$SCRATCH/d
project "$D"
start_model_server ""
timed "$D" "hello"
same "(d) the session exits 0" 0 echo $?
echo "# minimal session (one request, no hooks): ${SECONDS_TAKEN}s"
same "(d) one agent-loop request" 1 model_main_count
same "(d) no SessionStart context" "" eval 'sysmsg 1 | grep "SessionStart"'
same "(d) the script ran out: the default answer" "done." cat "$AGENTS_OUT"
same "(d) requests made: HEAD / (2.1.197 only) and POST /v1/messages?beta=true" \
	"$(per_version "HEAD / |" "")POST /v1/messages ?beta=true" \
	eval 'jq -r "\"\(.method) \(.path) \(.query)\"" "$MODEL_LOG" | paste -sd "|"'

# ---------------------------------------------- which settings are read

M=$SCRATCH/m
project "$M"
brief "$SCRATCH/committed.json" "CTX-COMMITTED"
brief "$SCRATCH/local.json" "CTX-LOCAL"
brief "$SCRATCH/edited.json" "CTX-MAIN-EDITED"
brief "$SCRATCH/user.json" "CTX-USER"
hooks "$M/.claude/settings.json" "cat $SCRATCH/committed.json"
git -C "$M" add .claude/settings.json && git -C "$M" commit -q -m settings
hooks "$M/.claude/settings.local.json" "cat $SCRATCH/local.json"
git -C "$M" worktree add -q ../wt -b topic
# the main worktree's copy now differs from the committed one
hooks "$M/.claude/settings.json" "cat $SCRATCH/edited.json"
mkdir -p "$M/sub" "$SCRATCH/wt/sub"
brief "$SCRATCH/wt-local.json" "CTX-WT-LOCAL"
hooks "$SCRATCH/wt/.claude/settings.local.json" "cat $SCRATCH/wt-local.json"
# a worktree whose own local file runs the same command as the main one's
git -C "$M" worktree add -q ../wt2 -b topic2
hooks "$SCRATCH/wt2/.claude/settings.local.json" "cat $SCRATCH/local.json"
hooks "$AGENTS_HOME/.claude/settings.json" "cat $SCRATCH/user.json"
ctx () {	# the SessionStart context lines of the last session
	sysmsg 1 | sed -n 's/^SessionStart hook additional context: //p; /^CTX-/p' |
		sort -u | paste -sd " "
}
start_model_server ""
run_claude "$M" "x"
same "main worktree: user, project and local settings" \
	"CTX-LOCAL CTX-MAIN-EDITED CTX-USER" ctx
# 2.1.337 reads the main worktree's settings.local.json from anywhere in
# the repository, every other project file at the cwd only
start_model_server ""
run_claude "$SCRATCH/wt" "x"
same "linked worktree: its own checkout (2.1.337: and the main worktree's local file)" \
	"$(per_version "CTX-COMMITTED CTX-USER CTX-WT-LOCAL" \
		"CTX-COMMITTED CTX-LOCAL CTX-USER CTX-WT-LOCAL")" ctx
start_model_server ""
run_claude "$M/sub" "x"
same "a subdirectory: no project settings (2.1.337: the main local file)" \
	"$(per_version "CTX-USER" "CTX-LOCAL CTX-USER")" ctx
start_model_server ""
run_claude "$SCRATCH/wt/sub" "x"
same "a subdirectory of a linked worktree: the same" \
	"$(per_version "CTX-USER" "CTX-LOCAL CTX-USER")" ctx
start_model_server ""
run_claude "$SCRATCH/wt2" "x"
same "the same command in two files runs once" 1 \
	eval 'sysmsg 1 | grep -c "CTX-LOCAL"'
rm "$AGENTS_HOME/.claude/settings.json"

# ------------------------------------------------ the output cap

C=$SCRATCH/cap
project "$C"
node -e 'process.stdout.write(JSON.stringify({hookSpecificOutput: {hookEventName:
	"SessionStart", additionalContext: "A".repeat(10000)}}))' >"$SCRATCH/a10000.json"
# 5001 code points, 10001 UTF-16 units, 20001 bytes
node -e 'process.stdout.write(JSON.stringify({hookSpecificOutput: {hookEventName:
	"SessionStart", additionalContext: "x" + "\u{1F600}".repeat(5000)}}))' >"$SCRATCH/e10001.json"
hooks "$C/.claude/settings.json" "cat $SCRATCH/a10000.json" "cat $SCRATCH/e10001.json"
start_model_server ""
run_claude "$C" "x"
same "cap: 10000 UTF-16 units pass whole" 1 \
	eval 'sysmsg 1 | grep -c "^SessionStart hook additional context: A\{10000\}\$"'
same "cap: 10001 UTF-16 units (5001 code points) become a persisted preview" \
	"<persisted-output>" eval 'sysmsg 1 | grep -A1 "A\{10000\}\$" | sed -n 2p'
# the cut falls inside a surrogate pair: 2.1.197 leaves U+FFFD, 2.1.337
# drops the half
same "cap: the preview is the first 2000 UTF-16 units" "$(per_version 2000 1999)" \
	eval 'sysmsg 1 | grep "^x" | node -e "console.log(require(\"fs\").readFileSync(0, \"utf8\").trimEnd().length)"'

# ------------------------------------------------ failing hooks

F=$SCRATCH/fail
project "$F"
brief "$SCRATCH/good.json" "CTX-GOOD"
brief "$SCRATCH/late.json" "CTX-LATE"
mkdir -p "$F/.claude"
jq -n --arg s "$SCRATCH" '{hooks: {SessionStart: [{hooks: [
	{type: "command", command: "sleep 3; cat \($s)/late.json", timeout: 1},
	{type: "command", command: "echo CTX-EXIT1; exit 1"},
	{type: "command", command: "echo CTX-EXIT2 >&2; exit 2"},
	{type: "command", command: "echo \"{CTX-BADJSON\""},
	{type: "command", command: "/nonexistent/hook"},
	{type: "command", command: "cat \($s)/good.json"}]}]}}' >"$F/.claude/settings.json"
start_model_server ""
timed "$F" "x"
same "failing hooks: the session still runs" "0 done." echo "$? $(cat "$AGENTS_OUT")"
echo "# session with a hook past its 1 s timeout: ${SECONDS_TAKEN}s"
check "failing hooks: the good hook's context is there" grep -q CTX-GOOD <(sysmsg 1)
check "failing hooks: invalid JSON on exit 0 is passed on as plain text" \
	grep -qxF 'SessionStart:startup hook success: {CTX-BADJSON' <(sysmsg 1)
same "failing hooks: timed out, exit 1 and exit 2 output is nowhere in the requests" 0 \
	grep -cE "CTX-(LATE|EXIT1|EXIT2)" "$MODEL_LOG"
same "failing hooks: nothing said on stderr" "" cat "$AGENTS_ERR"

# ------------------------------------------------ an invalid settings file

V=$SCRATCH/invalid
project "$V"
brief "$SCRATCH/inv.json" "CTX-IN-INVALID-FILE"
brief "$SCRATCH/loc.json" "CTX-IN-VALID-LOCAL"
hooks "$V/.claude/settings.json" "cat $SCRATCH/inv.json"
jq '. + {permissions: "not an object"}' "$V/.claude/settings.json" >"$SCRATCH/inv.tmp" &&
	mv "$SCRATCH/inv.tmp" "$V/.claude/settings.json"
hooks "$V/.claude/settings.local.json" "cat $SCRATCH/loc.json"
start_model_server ""
run_claude "$V" "x"
same "invalid settings.json: session runs, its hooks silently dropped" \
	"0 CTX-IN-VALID-LOCAL" echo "$? $(ctx)"
same "invalid settings.json: said on stderr by 2.1.337 only" \
	"$(per_version "" "These settings did not load, so nothing in them is in effect, including hooks, permission rules and sandbox settings, though environment variables they already set can stay:")" \
	head -n 1 "$AGENTS_ERR"

# ------------------------------------------------ two sessions at once

cat >"$SCRATCH/script-p.json" <<'EOF'
{"per_session": true, "turns": [
  {"tool_use": {"name": "Bash", "input": {"command": "sleep 1; pwd >where", "description": "w"}}},
  "finished"
]}
EOF
start_model_server "$SCRATCH/script-p.json"
project "$SCRATCH/p1"
project "$SCRATCH/p2"
t0=$(date +%s.%N)
AGENTS_HOME=$AGENTS_RUN/home-p1 run_claude "$SCRATCH/p1" "x" &
p1=$!
AGENTS_HOME=$AGENTS_RUN/home-p2 run_claude "$SCRATCH/p2" "x" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
echo "# two sessions at once, each with a 1 s tool call: $(echo "$(date +%s.%N) - $t0" | bc)s"
same "two sessions at once: both exit 0" "0 0" echo "$r1 $r2"
same "two sessions at once: each ran its tool in its own directory" \
	"$SCRATCH/p1 $SCRATCH/p2" echo "$(cat "$SCRATCH/p1/where") $(cat "$SCRATCH/p2/where")"
same "two sessions at once: two sessions, two turns each" "2 2" \
	eval 'jq -r "select(.kind == \"main\") | .session" "$MODEL_LOG" | sort | uniq -c | awk "{print \$1}" | paste -sd " "'

# ------------------------------------------------------------- summary

stop_model_server
echo "# run time: $(echo "$(date +%s.%N) - $STARTED" | bc)s"
echo "$PASS passed, $FAIL failed"
test $FAIL -eq 0
