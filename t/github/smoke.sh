#!/bin/bash
#
# Smoke test of the GitHub test rig itself: server.js behind Prism.
#
#   smoke.sh            (needs node, curl, and node_modules here: npm ci)
#
# Starts everything with start.sh (with the HTTPS port when openssl is
# installed, and capture.js), exercises every endpoint THROUGH PRISM with the
# headers a good client sends (pagination by following Link exactly,
# ETag/304, comments, issues, sub-issues, dependencies and their rules), the
# header and token refusals, the control API, and each injected fault,
# including the hostile-server ones. Faults that Prism would mask (a dropped
# connection, a malformed body, a redirect, which Prism follows itself) are
# exercised against server.js directly; TLS is direct by design. Asserts
# that Prism logged no violation, then that it does catch misshapen answers
# and bad requests (negative controls).
# Installs nothing. Prints "N passed, M failed"; exits 1 on any failure.
# The logs are kept on failure, or always with GH_SMOKE_KEEP=1.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d "${TMPDIR:-/tmp}/gh-smoke.XXXXXX")
export GH_TEST_TOKEN=smoke-$(od -An -tx1 -N12 /dev/urandom | tr -d " \n")
PASS=0
FAIL=0

cleanup () {
	test -n "${JSEVAL_PID_SAVED:-}" && kill "$JSEVAL_PID_SAVED" 2>/dev/null
	"$HERE/stop.sh" "$DIR"
	if test $FAIL -eq 0 && test -z "${GH_SMOKE_KEEP:-}"
	then
		rm -rf "$DIR"
	else
		echo "logs kept in $DIR" >&2
	fi
}
trap cleanup EXIT

# with the HTTPS port when openssl is there, and the capture server
if command -v openssl >/dev/null
then
	export GH_TEST_TLS=1
fi
GH_TEST_CAPTURE=1 "$HERE/start.sh" "$DIR" || exit 1
. "$DIR/env"
API=$GH_TEST_API_URL		# through Prism
SRV=$GH_TEST_SERVER_URL		# the server itself
REPO=/repos/git-issue-test/sandbox

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
	if "$@"
	then
		ok "$desc"
	else
		not_ok "$desc" "failed: $*"
	fi
}

# is DESCRIPTION ACTUAL EXPECTED
is () {
	if test "$2" = "$3"
	then
		ok "$1"
	else
		not_ok "$1" "expected '$3', got '$2'"
	fi
}

GOOD_HEADERS=(
	-H "User-Agent: git-issue-smoke/1.0"
	-H "Accept: application/vnd.github+json"
	-H "X-GitHub-Api-Version: 2022-11-28"
	-H "Authorization: Bearer $GH_TEST_TOKEN"
)

# req [curl args...] URL: full request; sets CODE, CURL_RC, headers in
# $DIR/h, body in $DIR/b. Headers are sent as given: nothing added.
req () {
	: >"$DIR/b"	# curl writes no file when there is no body (304)
	CODE=$(curl -s -o "$DIR/b" -D "$DIR/h" -w '%{http_code}' "$@")
	CURL_RC=$?
}

# get URL [curl args...]: GET with good headers (URL may be full or a path
# through Prism)
get () {
	url=$1
	shift
	case "$url" in http*) ;; *) url=$API$url ;; esac
	req "${GOOD_HEADERS[@]}" "$@" "$url"
}

# send METHOD URL JSON: POST/PATCH with good headers
send () {
	url=$2
	case "$url" in http*) ;; *) url=$API$url ;; esac
	req "${GOOD_HEADERS[@]}" -H "Content-Type: application/json" \
		-X "$1" --data-binary "$3" "$url"
}

# admin METHOD PATH [JSON]: the control API, always direct; body in $DIR/a
admin () {
	if test $# -ge 3
	then
		curl -s -o "$DIR/a" -w '%{http_code}' -X "$1" \
			--data-binary "$3" "$SRV/_admin$2"
	else
		curl -s -o "$DIR/a" -w '%{http_code}' -X "$1" "$SRV/_admin$2"
	fi
}

# header NAME: value of response header NAME from $DIR/h (last response)
header () {
	tr -d '\r' <"$DIR/h" | awk -v n="$1" -F': ' \
		'tolower($1) == tolower(n) { sub(/^[^:]*: /, ""); v = $0 } END { print v }'
}

# link REL: the URL of rel="REL" in the last Link header, or empty
link () {
	header link | tr ',' '\n' | sed -n "s/.*<\\(.*\\)>; rel=\"$1\".*/\\1/p"
}

# js FILE EXPR: evaluate EXPR with d = the JSON in FILE
# (one node process answers all of them: starting node for each costs
# 50-250 ms, which was most of this script's time)
coproc JSEVAL {
	exec node -e '
		const fs = require("fs");
		const rl = require("readline").createInterface({ input: process.stdin });
		rl.on("line", (file) => {
			let out = "";
			try {
				const expr = fs.readFileSync(file + ".expr", "utf8");
				const d = JSON.parse(fs.readFileSync(file, "utf8"));
				const v = eval(expr);
				out = typeof v === "object" ? JSON.stringify(v) : String(v);
			} catch (e) {
				process.stderr.write(`js: ${e.message}\n`);
			}
			process.stdout.write(out.replace(/\0/g, "") + "\0");
		});'
}
JSEVAL_PID_SAVED=$JSEVAL_PID
js () {
	printf '%s' "$2" >"$1.expr" &&
	printf '%s\n' "$1" >&"${JSEVAL[1]}" &&
	IFS= read -r -d '' JS_OUT <&"${JSEVAL[0]}" &&
	printf '%s\n' "$JS_OUT"
}

# ------------------------------------------------------ state and clock

is "admin reset" "$(admin POST /reset '{"now":"2026-01-01T00:00:00Z"}')" 200
is "admin clock is set" "$(js "$DIR/a" d.clock.now)" "2026-01-01T00:00:00Z"

for n in 1 2 3 4 5 6 7
do
	state=open
	test $n -eq 3 && state=closed
	admin POST /issues "{\"title\":\"issue $n\",\"body\":\"text $n\",\"state\":\"$state\",\"labels\":[\"l$((n % 2))\"]}" >/dev/null
	admin POST /clock '{"advance":60}' >/dev/null
done
is "admin created 7 issues" "$(admin GET /issues >/dev/null; js "$DIR/a" d.length)" 7

for n in 1 2 3 4 5 6 7
do
	admin POST /comments "{\"issue\":1,\"body\":\"alice says $n\",\"user\":\"alice\"}" >/dev/null
	admin POST /clock '{"advance":60}' >/dev/null
done
for n in 1 2 3
do
	admin POST /comments "{\"issue\":2,\"body\":\"bob says $n\",\"user\":\"bob\"}" >/dev/null
	admin POST /clock '{"advance":60}' >/dev/null
done
admin GET /comments >/dev/null
is "admin created 10 comments" "$(js "$DIR/a" d.length)" 10
is "first comment id is above 2^32" "$(js "$DIR/a" 'd[0].id > 2**32')" true
admin GET /clock >/dev/null
NOW=$(js "$DIR/a" d.epoch)

# -------------------------------------------------------------- user etc.

get /user
is "GET /user" "$CODE" 200
is "GET /user login" "$(js "$DIR/b" d.login)" git-issue-bot
is "Date header follows the server clock" "$(header date)" \
	"$(node -e "console.log(new Date($NOW * 1000).toUTCString())")"
R1=$(header x-ratelimit-remaining)
check "x-ratelimit-* headers present" test -n "$R1" -a \
	-n "$(header x-ratelimit-limit)" -a -n "$(header x-ratelimit-reset)" -a \
	-n "$(header x-ratelimit-used)" -a "$(header x-ratelimit-resource)" = core
get /user
is "remaining decreases by one per request" "$(header x-ratelimit-remaining)" \
	$((R1 - 1))

get /rate_limit
is "GET /rate_limit" "$CODE" 200
is "rate_limit agrees with the headers" "$(js "$DIR/b" d.resources.core.remaining)" \
	$((R1 - 1))
get /rate_limit
is "GET /rate_limit costs nothing" "$(header x-ratelimit-remaining)" $((R1 - 1))

# ----------------------------------------------------------- pagination

# follow_all FIRSTURL: GET FIRSTURL then each rel="next" exactly as given;
# sets PAGES, ITEMS (ids or numbers, space separated), LINKS (one per page)
follow_all () {
	url=$1 field=$2
	PAGES=0 ITEMS="" LINKS=""
	while test -n "$url" && test $PAGES -lt 20
	do
		get "$url"
		test "$CODE" = 200 || { not_ok "GET $url" "status $CODE"; return 1; }
		PAGES=$((PAGES + 1))
		ITEMS="$ITEMS $(js "$DIR/b" "d.map(x => x.$field).join(' ')")"
		LINKS="$LINKS$(header link | sed 's/<[^>]*page=\([0-9]*\)[^>]*>; rel="\([a-z]*\)"/\2=\1/g')
"
		url=$(link next)
	done
	ITEMS=${ITEMS# }
}

follow_all "$REPO/issues?state=all&per_page=2" number
is "issues: 4 pages of 2" "$PAGES" 4
is "issues: all 7, newest first" "$ITEMS" "7 6 5 4 3 2 1"
is "issues: Link rels per page" "$(echo "$LINKS" | sed '/^$/d' | tr '\n' '|')" \
	"next=2, last=4|prev=1, next=3, last=4, first=1|prev=2, next=4, last=4, first=1|prev=3, first=1|"

get "$REPO/issues?state=all&per_page=2"
NEXT=$(link next)
is "Link uses the /repositories/<id>/ form through Prism" "$NEXT" \
	"$API/repositories/741852963/issues?state=all&per_page=2&page=2"

follow_all "$REPO/issues?per_page=100" number
is "issues: default state is open" "$ITEMS" "7 6 5 4 2 1"
is "issues: one page, no Link" "$(header link)" ""

follow_all "$REPO/issues?state=all&sort=updated&direction=asc&per_page=3&labels=l1" number
is "issues: labels, sort, direction" "$ITEMS" "3 5 7 1"

follow_all "$REPO/issues/1/comments?per_page=3" id
is "issue comments: 3 pages of 3" "$PAGES" 3
C1=($ITEMS)
is "issue comments: 7 of them" "${#C1[@]}" 7
check "issue comments: ascending ids" node -e '
	const a = process.argv.slice(1).map(Number);
	process.exit(a.every((v, i) => i === 0 || v > a[i - 1]) ? 0 : 1);' "${C1[@]}"

follow_all "$REPO/issues/comments?per_page=4" id
is "repo comments: 3 pages of 4" "$PAGES" 3
is "repo comments: 10 of them" "$(echo $ITEMS | wc -w)" 10

SINCE=$(node -e "console.log(new Date(($NOW - 200) * 1000).toISOString().replace('.000', ''))")
follow_all "$REPO/issues/comments?since=$SINCE&sort=updated&direction=asc&per_page=1" "body.split(' ')[2]"
is "repo comments since: follows Link with since kept" "$ITEMS" "1 2 3"
is "repo comments since: 3 pages" "$PAGES" 3

get "$REPO/issues/comments?per_page=250"
is "per_page above 100 is capped, not refused" "$CODE" 200

get "$REPO/issues/1"
is "GET one issue" "$CODE" 200
is "issue has comment count" "$(js "$DIR/b" d.comments)" 7
get "$REPO/issues/3"
is "closed issue has closed_at and state_reason" \
	"$(js "$DIR/b" '[d.state, d.state_reason, d.closed_at !== null]')" \
	'["closed","completed",true]'
get "$REPO/issues/99"
is "unknown issue is 404" "$CODE" 404
get "$REPO/issues/comments/${C1[0]}"
is "GET one comment" "$(js "$DIR/b" d.id)" "${C1[0]}"

# ------------------------------------------------------------- ETag, 304

get "$REPO/issues/1/comments?per_page=100"
ETAG=$(header etag)
R1=$(header x-ratelimit-remaining)
check "ETag on GET" test -n "$ETAG"
get "$REPO/issues/1/comments?per_page=100"
is "ETag is stable" "$(header etag)" "$ETAG"
R1=$(header x-ratelimit-remaining)
get "$REPO/issues/1/comments?per_page=100" -H "If-None-Match: $ETAG"
is "If-None-Match gives 304" "$CODE" 304
is "304 has no body" "$(wc -c <"$DIR/b")" 0
is "304 costs no rate limit" "$(header x-ratelimit-remaining)" "$R1"
get "$REPO/issues/1" -H "If-None-Match: \"not-it\""
is "other ETag gives 200" "$CODE" 200

# ------------------------------------------------------- POST and PATCH

send POST "$REPO/issues/1/comments" '{"body":"from the bot <!-- git-issue:id=abc -->"}'
is "POST comment" "$CODE" 201
NEW=$(js "$DIR/b" d.id)
is "POST: Location header" "$(header location)" "$API$REPO/issues/comments/$NEW"
is "POST: author is the token owner" "$(js "$DIR/b" d.user.login)" git-issue-bot
check "POST: new id is larger" test "$NEW" -gt "${C1[6]}"
admin GET "/comments?issue=1" >/dev/null
is "exactly one more comment stored" "$(js "$DIR/a" d.length)" 8

get "$REPO/issues/1/comments?per_page=100" -H "If-None-Match: $ETAG"
is "new comment changes the ETag (200)" "$CODE" 200

admin POST /clock '{"advance":3600}' >/dev/null
send PATCH "$REPO/issues/comments/${C1[0]}" '{"body":"edited"}'
is "PATCH comment" "$CODE" 200
is "PATCH: body" "$(js "$DIR/b" d.body)" edited
check "PATCH: updated_at moved, created_at kept" \
	test "$(js "$DIR/b" 'd.updated_at > d.created_at')" = true
SINCE=$(js "$DIR/b" d.updated_at)
follow_all "$REPO/issues/comments?since=$SINCE&sort=updated&direction=asc" id
is "since filters on updated_at" "$ITEMS" "${C1[0]}"

admin PATCH "/comments/${C1[1]}" '{"body":"alice edited on GitHub"}' >/dev/null
follow_all "$REPO/issues/comments?since=$SINCE&sort=updated&direction=asc" id
is "admin edit shows up in since" "$ITEMS" "${C1[0]} ${C1[1]}"

# ------------------------------------------------- header and token checks

ISSUES="$API$REPO/issues"
req -A '' -H "Accept: application/vnd.github+json" \
	-H "X-GitHub-Api-Version: 2022-11-28" \
	-H "Authorization: Bearer $GH_TEST_TOKEN" "$ISSUES"
is "no User-Agent (Prism adds Prism/...) is 403" "$CODE" 403
check "no User-Agent message" grep -q "User-Agent header" "$DIR/b"
req -A '' "$SRV$REPO/issues"
is "no User-Agent, direct: 403 text/html" "$CODE $(header content-type)" \
	"403 text/html"

req -A t -H "Accept: application/vnd.github+json" \
	-H "X-GitHub-Api-Version: 2021-01-01" \
	-H "Authorization: Bearer $GH_TEST_TOKEN" "$ISSUES"
is "unsupported API version is 400" "$CODE" 400
req -A t -H "Accept: application/vnd.github+json" \
	-H "Authorization: Bearer $GH_TEST_TOKEN" "$ISSUES"
is "missing API version is 400 (strict)" "$CODE" 400

req -A t -H "Accept: text/html" -H "X-GitHub-Api-Version: 2022-11-28" \
	-H "Authorization: Bearer $GH_TEST_TOKEN" "$ISSUES"
is "wrong Accept is 415" "$CODE" 415
check "415 message" grep -q "Unsupported 'Accept' header" "$DIR/b"

req -A t -H "Accept: application/vnd.github+json" \
	-H "X-GitHub-Api-Version: 2022-11-28" -H "Authorization: Bearer nope" \
	"$API/user"
is "bad token is 401" "$CODE" 401
is "401 message" "$(js "$DIR/b" d.message)" "Bad credentials"
req -A t -H "Accept: application/vnd.github+json" \
	-H "X-GitHub-Api-Version: 2022-11-28" "$API/user"
is "no token is 401 Requires authentication" "$CODE $(js "$DIR/b" d.message)" \
	"401 Requires authentication"
req -A t -H "Accept: application/vnd.github+json" \
	-H "X-GitHub-Api-Version: 2022-11-28" \
	-H "Authorization: token $GH_TEST_TOKEN" "$API/user"
is "'token' scheme accepted" "$CODE" 200
check "the token is not in the server log" \
	bash -c "! grep -q '$GH_TEST_TOKEN' '$DIR/server.log' '$DIR/prism.log'"

# ----------------------------------------------------------------- faults

fault () {
	is "add fault $1" "$(admin POST /faults "$1")" 201
}

fault '{"type":"error","method":"GET","path":"*/issues/2"}'
get "$REPO/issues/2"
is "fault error: 500 through Prism" "$CODE" 500
get "$REPO/issues/2"
is "fault error: only once" "$CODE" 200

fault '{"type":"error","status":502,"count":2,"path":"/user"}'
get "$SRV/user"
is "fault error 502 (1/2)" "$CODE" 502
get "$SRV/user"
is "fault error 502 (2/2)" "$CODE" 502
get "$SRV/user"
is "fault error 502 used up" "$CODE" 200

admin GET "/comments?issue=2" >/dev/null
BEFORE=$(js "$DIR/a" d.length)
fault '{"type":"drop_after_store","method":"POST","path":"*/issues/2/comments"}'
send POST "$SRV$REPO/issues/2/comments" '{"body":"stored then dropped"}'
is "drop_after_store: no response (curl 52)" "$CURL_RC" 52
admin GET "/comments?issue=2" >/dev/null
is "drop_after_store: the comment was stored" "$(js "$DIR/a" d.length)" \
	$((BEFORE + 1))

fault '{"type":"drop","method":"POST","path":"*/issues/2/comments"}'
send POST "$SRV$REPO/issues/2/comments" '{"body":"dropped before store"}'
is "drop: no response" "$CURL_RC" 52
admin GET "/comments?issue=2" >/dev/null
is "drop: nothing stored" "$(js "$DIR/a" d.length)" $((BEFORE + 1))

fault '{"type":"delay","delay_ms":1500,"method":"POST","path":"*/issues/2/comments"}'
CODE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 0.5 "${GOOD_HEADERS[@]}" \
	-H "Content-Type: application/json" --data-binary '{"body":"slow"}' \
	"$SRV$REPO/issues/2/comments")
CURL_RC=$?
is "delay: client times out (curl 28)" "$CURL_RC" 28
admin GET "/comments?issue=2" >/dev/null
is "delay: stored anyway" "$(js "$DIR/a" d.length)" $((BEFORE + 2))
fault '{"type":"delay_before_store","delay_ms":1500,"method":"POST","path":"*/issues/2/comments"}'
curl -s -o /dev/null --max-time 5 "${GOOD_HEADERS[@]}" \
	-H "Content-Type: application/json" --data-binary '{"body":"in flight"}' \
	"$SRV$REPO/issues/2/comments" &
SLOW=$!
sleep 0.5
admin GET "/comments?issue=2" >/dev/null
is "delay_before_store: nothing stored while in flight" \
	"$(js "$DIR/a" d.length)" $((BEFORE + 2))
wait $SLOW
admin GET "/comments?issue=2" >/dev/null
is "delay_before_store: stored after the delay" "$(js "$DIR/a" d.length)" \
	$((BEFORE + 3))
fault '{"type":"delay","delay_ms":700,"path":"*/issues/1"}'
T0=$(date +%s%N)
get "$REPO/issues/1"
T1=$(date +%s%N)
check "delay: slow answer through Prism" test "$CODE" = 200 -a \
	$(((T1 - T0) / 1000000)) -ge 700

fault '{"type":"secondary","retry_after":30,"method":"POST"}'
send POST "$REPO/issues/2/comments" '{"body":"too fast"}'
is "secondary: 403" "$CODE" 403
is "secondary: Retry-After" "$(header retry-after)" 30
check "secondary: message" grep -q "secondary rate limit" "$DIR/b"
check "secondary: remaining is not 0" test "$(header x-ratelimit-remaining)" -gt 0

fault '{"type":"secondary_no_retry_after","status":429,"method":"POST"}'
send POST "$REPO/issues/2/comments" '{"body":"too fast"}'
is "secondary without Retry-After: 429" "$CODE" 429
is "secondary without Retry-After: no header" "$(header retry-after)" ""
check "secondary 429: message" grep -q "secondary rate limit" "$DIR/b"
admin GET "/comments?issue=2" >/dev/null
is "secondary: nothing stored" "$(js "$DIR/a" d.length)" $((BEFORE + 3))

admin GET /clock >/dev/null
NOW=$(js "$DIR/a" d.epoch)
fault '{"type":"primary","reset_in":120,"path":"*/issues"}'
get "$REPO/issues"
is "primary: 403" "$CODE" 403
is "primary: remaining 0, reset in 120 s" \
	"$(header x-ratelimit-remaining) $(header x-ratelimit-reset)" "0 $((NOW + 120))"
check "primary: message" grep -q "API rate limit exceeded" "$DIR/b"
get "$REPO/issues"
is "primary (not exhausting): next request fine" "$CODE" 200

fault '{"type":"primary","status":429,"reset_in":300,"exhaust":true,"path":"*/issues"}'
get "$REPO/issues"
is "primary 429" "$CODE" 429
get "$REPO/issues/1"
is "primary exhaust: other requests refused too" "$CODE" 403
get /rate_limit
is "primary exhaust: /rate_limit still answers, remaining 0" \
	"$CODE $(js "$DIR/b" d.resources.core.remaining)" "200 0"
admin POST /clock '{"advance":300}' >/dev/null
get "$REPO/issues/1"
is "primary exhaust: fine after the reset time" "$CODE" 200

admin POST /ratelimit '{"remaining":1}' >/dev/null
get "$REPO/issues/1"
is "last request of the hour" "$CODE $(header x-ratelimit-remaining)" "200 0"
get "$REPO/issues/1"
is "then the primary limit" "$CODE" 403
admin POST /ratelimit '{"remaining":5000}' >/dev/null

fault '{"type":"malformed","method":"GET","path":"*/issues/1/comments"}'
get "$SRV$REPO/issues/1/comments"
is "malformed: 200" "$CODE" 200
check "malformed: body is not JSON" bash -c "! node -e 'JSON.parse(require(\"fs\").readFileSync(\"$DIR/b\",\"utf8\"))' 2>/dev/null"

admin GET /faults >/dev/null
is "all faults used up" "$(js "$DIR/a" 'd.filter(f => f.count > 0).length')" 0

# ------------------------------------------------------------ the request log

admin GET /log >/dev/null
check "log counts list-issues" test "$(js "$DIR/a" d.counts.by_kind[\"list-issues\"])" -gt 5
check "log has /repositories/ requests" test \
	"$(js "$DIR/a" 'd.requests.filter(r => r.path.startsWith("/repositories/")).length')" -gt 5
is "log records If-None-Match and 304" \
	"$(js "$DIR/a" 'd.requests.some(r => r.status === 304 && r.if_none_match !== null)')" true
is "log marks dropped requests" "$(js "$DIR/a" 'd.counts.by_status.dropped')" 2
is "log never holds the token" "$(grep -c "$GH_TEST_TOKEN" "$DIR/a")" 0

# ------------------------------------------------ issues: create, update

# admin_issue N [REPO]: the control API's view of issue N (with links) in $DIR/a
admin_issue () {
	admin GET "/issues/$1${2:+?repo=$2}" >/dev/null
}

# idof N [REPO]: the database id of issue N
idof () {
	admin_issue "$@"
	js "$DIR/a" d.id
}

admin GET /clock >/dev/null
T_CREATE=$(js "$DIR/a" d.now)
send POST "$REPO/issues" '{"title":"from the bot","body":"plan <!-- git-issue:id=0123456789abcdef -->","labels":["plan",{"name":"x"}],"assignees":["alice"]}'
is "POST issue: 201 through Prism" "$CODE" 201
N_BOT=$(js "$DIR/b" d.number)
is "POST issue: Location is the issue" "$(header location)" "$API$REPO/issues/$N_BOT"
is "POST issue: author, labels, assignee, association" \
	"$(js "$DIR/b" '[d.user.login, d.labels.map(l => l.name).join(","), d.assignee.login, d.author_association, d.state]')" \
	'["git-issue-bot","plan,x","alice","COLLABORATOR","open"]'
is "POST issue: link summaries start empty" \
	"$(js "$DIR/b" '[d.sub_issues_summary, d.issue_dependencies_summary, d.parent_issue_url]')" \
	'[{"total":0,"completed":0,"percent_completed":0},{"blocked_by":0,"blocking":0,"total_blocked_by":0,"total_blocking":0},null]'
admin_issue "$N_BOT"
is "POST issue: stored with its body" "$(js "$DIR/a" d.body)" \
	"plan <!-- git-issue:id=0123456789abcdef -->"

send POST "$SRV$REPO/issues" '{"body":"no title"}'
is "POST issue without title, direct: 422 not supplied" \
	"$CODE $(js "$DIR/b" 'd.message.split("\n").pop()')" '422 "title" wasn'"'"'t supplied.'
send POST "$REPO/issues" '{"title":" "}'
is "POST issue with a blank title: 422 missing_field" \
	"$CODE $(js "$DIR/b" '[d.message, d.errors[0].code, d.errors[0].field].join(" ")')" \
	"422 Validation Failed missing_field title"
BIG=$(head -c 65537 /dev/zero | tr '\0' a)
send POST "$REPO/issues" "{\"title\":\"big\",\"body\":\"$BIG\"}"
is "POST issue with a body over 65536: 422 custom" \
	"$CODE $(js "$DIR/b" 'd.errors[0].code + " " + d.errors[0].field')" "422 custom body"

# another user's issue carrying the same marker, made "on GitHub"
admin POST /clock '{"advance":60}' >/dev/null
admin POST /issues '{"title":"copied","body":"<!-- git-issue:id=0123456789abcdef -->","user":"mallory"}' >/dev/null
N_MAL=$(js "$DIR/a" d.number)
is "admin issue by another user: association NONE" \
	"$(js "$DIR/a" '[d.user.login, d.author_association]')" '["mallory","NONE"]'

admin POST /clock '{"advance":60}' >/dev/null
send PATCH "$REPO/issues/$N_BOT" '{"title":"renamed","body":"new body","labels":["plan"],"state":"closed","state_reason":"not_planned"}'
is "PATCH issue: 200" "$CODE" 200
is "PATCH issue: fields, closed_by the bot" \
	"$(js "$DIR/b" '[d.title, d.body, d.labels.length, d.state, d.state_reason, d.closed_by.login, d.updated_at > d.created_at]')" \
	'["renamed","new body",1,"closed","not_planned","git-issue-bot",true]'
U1=$(js "$DIR/b" d.updated_at)
admin POST /clock '{"advance":60}' >/dev/null
send PATCH "$REPO/issues/$N_BOT" '{"title":"renamed"}'
is "PATCH issue that changes nothing keeps updated_at" "$(js "$DIR/b" d.updated_at)" "$U1"
send PATCH "$REPO/issues/$N_BOT" '{"state":"open"}'
is "PATCH reopen: state_reason reopened, closed_at null" \
	"$(js "$DIR/b" '[d.state, d.state_reason, d.closed_at]')" '["open","reopened",null]'
send PATCH "$REPO/issues/999" '{"title":"x"}'
is "PATCH unknown issue: 404" "$CODE" 404

# the client's search: its own issues since a time, newest first, by marker
follow_all "$REPO/issues?state=all&creator=git-issue-bot&since=$T_CREATE&sort=created&direction=desc&per_page=1" number
is "list: creator and since find only the bot's new issue" "$ITEMS" "$N_BOT"
follow_all "$REPO/issues?state=all&since=$T_CREATE&per_page=1" number
is "list: since alone finds both, one page each" "$ITEMS $PAGES" "$N_MAL $N_BOT 2"
follow_all "$REPO/issues?state=all&creator=MALLORY" number
is "list: creator ignores case" "$ITEMS" "$N_MAL"
follow_all "$REPO/issues?state=all&assignee=alice" number
is "list: assignee" "$ITEMS" "$N_BOT"
follow_all "$REPO/issues?state=all&sort=created&direction=asc&per_page=100" number
is "list: sort created asc" "$(echo $ITEMS | cut -d' ' -f1-3)" "1 2 3"
admin POST /issues '{"title":"a pull request","pull_request":true}' >/dev/null
N_PR=$(js "$DIR/a" d.number)
get "$REPO/issues/$N_PR"
is "a pull request is in the issues API with pull_request" \
	"$(js "$DIR/b" '[typeof d.pull_request.url, d.draft]')" '["string",false]'

# --------------------------------------------------------- sub-issues

admin POST /issues '{"title":"epic"}' >/dev/null; N_P=$(js "$DIR/a" d.number)
admin POST /issues '{"title":"child a"}' >/dev/null; N_A=$(js "$DIR/a" d.number); ID_A=$(js "$DIR/a" d.id)
admin POST /issues '{"title":"child b"}' >/dev/null; N_B=$(js "$DIR/a" d.number); ID_B=$(js "$DIR/a" d.id)
admin POST /issues '{"title":"other epic"}' >/dev/null; N_Q=$(js "$DIR/a" d.number)
admin_issue "$N_P"; ID_P=$(js "$DIR/a" d.id); UP0=$(js "$DIR/a" d.updated_at)
admin POST /clock '{"advance":60}' >/dev/null

send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_A}"
is "add sub-issue: 201 with the parent" "$CODE $(js "$DIR/b" d.number)" "201 $N_P"
is "add sub-issue: parent summary" "$(js "$DIR/b" 'JSON.stringify(d.sub_issues_summary)')" \
	'{"total":1,"completed":0,"percent_completed":0}'
is "add sub-issue: parent updated_at unchanged (as observed on GitHub)" \
	"$(js "$DIR/b" d.updated_at)" "$UP0"
send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_B,\"replace_parent\":false}"
is "add a second sub-issue" "$CODE" 201
get "$REPO/issues/$N_A"
is "child has parent_issue_url" "$(js "$DIR/b" d.parent_issue_url)" "$API$REPO/issues/$N_P"
get "$REPO/issues/$N_A/parent"
is "GET parent" "$CODE $(js "$DIR/b" d.number)" "200 $N_P"
get "$REPO/issues/$N_P/parent"
is "GET parent of a top-level issue: 404" "$CODE" 404

follow_all "$REPO/issues/$N_P/sub_issues?per_page=1" number
is "list sub-issues: in order, one per page" "$ITEMS $PAGES" "$N_A $N_B 2"
get "$REPO/issues/$N_P/sub_issues?per_page=1"
is "sub-issues Link: /repositories/<id>/ form through Prism" "$(link next)" \
	"$API/repositories/741852963/issues/$N_P/sub_issues?per_page=1&page=2"
ETAG=$(header etag)
get "$REPO/issues/$N_P/sub_issues?per_page=1" -H "If-None-Match: $ETAG"
is "sub-issues: If-None-Match gives 304" "$CODE" 304

send POST "$REPO/issues/$N_Q/sub_issues" "{\"sub_issue_id\":$ID_A}"
is "second parent: 422 Validation Failed, GitHub's shape" \
	"$CODE $(js "$DIR/b" '[d.message, d.errors[0].resource, d.errors[0].code, d.errors[0].field, d.errors[0].message, typeof d.documentation_url].join("|")')" \
	"422 Validation Failed|Issue|custom|sub_issue_id|Sub issue may only have one parent|string"
send POST "$REPO/issues/$N_Q/sub_issues" "{\"sub_issue_id\":$ID_A,\"replace_parent\":true}"
is "replace_parent moves it" "$CODE $(js "$DIR/b" d.sub_issues_summary.total)" "201 1"
admin_issue "$N_P"
is "old parent lost it" "$(js "$DIR/a" 'd.links.sub_issues.map(x => x.number).join(" ")')" "$N_B"
send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_P}"
is "an issue cannot be its own sub-issue: 422" "$CODE" 422
admin_issue "$N_Q"; ID_Q=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_A/sub_issues" "{\"sub_issue_id\":$ID_Q}"
is "no cycles: 422" "$CODE $(js "$DIR/b" 'd.errors[0].message.includes("cycle")')" "422 true"
send POST "$REPO/issues/$N_P/sub_issues" '{"sub_issue_id":123}'
is "unknown sub_issue_id: 404" "$CODE" 404
send POST "$REPO/issues/999/sub_issues" "{\"sub_issue_id\":$ID_A}"
is "unknown parent number: 404" "$CODE" 404
send POST "$SRV$REPO/issues/$N_P/sub_issues" '{}'
is "no sub_issue_id, direct: 422 not supplied" "$CODE" 422

admin POST /repos '{"repo":"someone-else/theirs"}' >/dev/null
admin POST /issues '{"title":"foreign","repo":"someone-else/theirs"}' >/dev/null
ID_F=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_F}"
is "another owner's issue: 422" "$CODE $(js "$DIR/b" 'd.errors[0].message.includes("owner")')" "422 true"
admin POST /repos '{"repo":"git-issue-test/sibling"}' >/dev/null
admin POST /issues '{"title":"sibling repo","repo":"git-issue-test/sibling"}' >/dev/null
ID_S=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_S}"
is "same owner, other repository: allowed" "$CODE" 201
get "$REPO/issues/$N_P/sub_issues"
is "cross-repository sub-issue listed with its own repository" \
	"$(js "$DIR/b" 'd.map(x => x.repository_url.split("/").pop()).join(" ")')" "sandbox sibling"

admin POST /config '{"limits":{"sub_issues":2}}' >/dev/null
admin POST /issues '{"title":"closed child","state":"closed"}' >/dev/null; ID_C=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_P/sub_issues" "{\"sub_issue_id\":$ID_C}"
is "sub-issue limit (lowered to 2): 422" "$CODE $(js "$DIR/b" 'd.errors[0].message')" \
	"422 Parent issue cannot have more than 2 sub-issues"
admin POST /config '{"limits":{"sub_issues":100,"depth":2}}' >/dev/null
send POST "$REPO/issues/$N_Q/sub_issues" "{\"sub_issue_id\":$ID_C}"
is "closed issues can be sub-issues" "$CODE" 201
is "completed counts closed sub-issues" \
	"$(js "$DIR/b" 'JSON.stringify(d.sub_issues_summary)')" \
	'{"total":2,"completed":1,"percent_completed":50}'
admin POST /issues '{"title":"grandchild"}' >/dev/null; N_G=$(js "$DIR/a" d.number); ID_G=$(js "$DIR/a" d.id)
admin POST /issues '{"title":"great-grandchild"}' >/dev/null; ID_GG=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_A/sub_issues" "{\"sub_issue_id\":$ID_G}"
is "depth (lowered to 2): second level fine" "$CODE" 201
send POST "$REPO/issues/$N_G/sub_issues" "{\"sub_issue_id\":$ID_GG}"
is "depth: third level refused" "$CODE $(js "$DIR/b" 'd.errors[0].message')" \
	"422 Sub issues can be nested at most 2 levels deep"
admin POST /config '{"limits":{"depth":8}}' >/dev/null
admin GET /config >/dev/null
is "limits back up" "$(js "$DIR/a" 'JSON.stringify(d.limits)')" \
	'{"sub_issues":100,"depth":8,"blocked_by":50,"blocking":50}'

send PATCH "$REPO/issues/$N_Q/sub_issues/priority" "{\"sub_issue_id\":$ID_C,\"before_id\":$ID_A}"
is "reprioritize: 200 with the parent" "$CODE $(js "$DIR/b" d.number)" "200 $N_Q"
follow_all "$REPO/issues/$N_Q/sub_issues" id
is "reprioritize: new order" "$ITEMS" "$ID_C $ID_A"
send PATCH "$REPO/issues/$N_Q/sub_issues/priority" "{\"sub_issue_id\":$ID_C}"
is "reprioritize without after_id/before_id: 422, errors are strings" \
	"$CODE $(js "$DIR/b" 'typeof d.errors[0]')" "422 string"

send DELETE "$REPO/issues/$N_Q/sub_issue" "{\"sub_issue_id\":$ID_C}"
is "remove sub-issue: 200 with the parent" "$CODE $(js "$DIR/b" d.sub_issues_summary.total)" "200 1"
send DELETE "$REPO/issues/$N_Q/sub_issue" "{\"sub_issue_id\":$ID_C}"
is "remove it again: 404" "$CODE" 404

admin POST /config '{"link_bumps":{"sub_issues":true}}' >/dev/null
admin POST /clock '{"advance":60}' >/dev/null
admin GET /clock >/dev/null; NOWISO=$(js "$DIR/a" d.now)
send POST "$REPO/issues/$N_Q/sub_issues" "{\"sub_issue_id\":$ID_C}"
is "link_bumps.sub_issues: parent updated_at moves" "$(js "$DIR/b" d.updated_at)" "$NOWISO"
admin POST /config '{"link_bumps":{"sub_issues":false}}' >/dev/null

# ------------------------------------------------------- dependencies

admin POST /issues '{"title":"blocked"}' >/dev/null; N_X=$(js "$DIR/a" d.number); ID_X=$(js "$DIR/a" d.id)
admin POST /issues '{"title":"blocker 1"}' >/dev/null; N_Y=$(js "$DIR/a" d.number); ID_Y=$(js "$DIR/a" d.id)
admin POST /issues '{"title":"blocker 2"}' >/dev/null; N_Z=$(js "$DIR/a" d.number); ID_Z=$(js "$DIR/a" d.id)
admin POST /clock '{"advance":60}' >/dev/null
admin GET /clock >/dev/null; NOWISO=$(js "$DIR/a" d.now)

send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_Y}"
is "add blocked_by: 201 with the blocked issue" "$CODE $(js "$DIR/b" d.number)" "201 $N_X"
is "add blocked_by: summary" "$(js "$DIR/b" 'JSON.stringify(d.issue_dependencies_summary)')" \
	'{"blocked_by":1,"blocking":0,"total_blocked_by":1,"total_blocking":0}'
is "add blocked_by bumps updated_at (not known for GitHub; the default here)" \
	"$(js "$DIR/b" d.updated_at)" "$NOWISO"
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_Z}"
is "add a second blocker" "$CODE" 201
follow_all "$REPO/issues/$N_X/dependencies/blocked_by?per_page=1" number
is "list blocked_by: in order added, one per page" "$ITEMS $PAGES" "$N_Y $N_Z 2"
get "$REPO/issues/$N_X/dependencies/blocked_by?per_page=1"
is "blocked_by Link: /repositories/<id>/ form" "$(link next)" \
	"$API/repositories/741852963/issues/$N_X/dependencies/blocked_by?per_page=1&page=2"
ETAG=$(header etag)
get "$REPO/issues/$N_X/dependencies/blocked_by?per_page=1" -H "If-None-Match: $ETAG"
is "blocked_by: 304" "$CODE" 304
follow_all "$REPO/issues/$N_Y/dependencies/blocking" number
is "list blocking" "$ITEMS" "$N_X"
get "$REPO/issues/$N_Y"
is "blocker's summary counts blocking" "$(js "$DIR/b" d.issue_dependencies_summary.total_blocking)" 1

send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_Y}"
is "the same dependency twice: 422" "$CODE" 422
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_X}"
is "an issue cannot block itself: 422" "$CODE $(js "$DIR/b" 'd.errors[0].field')" "422 issue_id"
send POST "$REPO/issues/$N_Y/dependencies/blocked_by" "{\"issue_id\":$ID_X}"
is "a dependency cycle: 422" "$CODE" 422
admin_issue "$N_PR"; ID_PR=$(js "$DIR/a" d.id)
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_PR}"
is "a pull request cannot be a blocker: 422" "$CODE" 422
send POST "$REPO/issues/$N_X/dependencies/blocked_by" '{"issue_id":42}'
is "unknown blocker id: 404" "$CODE" 404
admin POST /config '{"limits":{"blocked_by":2,"blocking":1}}' >/dev/null
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_A}"
is "blocked_by limit (lowered to 2): 422" "$CODE" 422
send POST "$REPO/issues/$N_A/dependencies/blocked_by" "{\"issue_id\":$ID_Y}"
is "blocking limit (lowered to 1): 422" "$CODE" 422
admin POST /config '{"limits":{"blocked_by":50,"blocking":50}}' >/dev/null

admin PATCH "/issues/$N_Y" '{"state":"closed"}' >/dev/null
get "$REPO/issues/$N_X"
is "closed blockers leave blocked_by, stay in total" \
	"$(js "$DIR/b" '[d.issue_dependencies_summary.blocked_by, d.issue_dependencies_summary.total_blocked_by].join(" ")')" "1 2"
get "$REPO/issues/$N_X/dependencies/blocked_by/$ID_Y" -X DELETE
is "remove blocked_by: 200 with the blocked issue" \
	"$CODE $(js "$DIR/b" d.issue_dependencies_summary.total_blocked_by)" "200 1"
get "$REPO/issues/$N_X/dependencies/blocked_by/$ID_Y" -X DELETE
is "remove it again: 404" "$CODE" 404

# ------------------------------------------------ links "on GitHub"

is "admin: link a sub-issue" \
	"$(admin POST /sub_issues "{\"parent\":$N_X,\"child\":$N_Y}") $(js "$DIR/a" 'd[0].links.sub_issues[0].number')" "200 $N_Y"
is "admin: rules apply (second parent): 409" \
	"$(admin POST /sub_issues "{\"parent\":$N_Z,\"child\":$N_Y}")" 409
is "admin: force makes a cycle GitHub would refuse" \
	"$(admin POST /sub_issues "{\"parent\":$N_Y,\"child\":$N_X,\"force\":true}")" 200
admin_issue "$N_X"
is "admin: an issue's links" \
	"$(js "$DIR/a" '[d.links.parent.number, d.links.sub_issues.length, d.links.blocked_by.length, d.links.blocking.length].join(" ")')" \
	"$N_Y 1 1 0"
is "admin: unlink" "$(admin DELETE /sub_issues "{\"parent\":$N_Y,\"child\":$N_X}")" 200
is "admin: add a dependency" \
	"$(admin POST /dependencies "{\"issue\":$N_Z,\"blocked_by\":$N_A}")" 200
is "admin: remove it" "$(admin DELETE /dependencies "{\"issue\":$N_Z,\"blocked_by\":$N_A}")" 200
admin GET /links >/dev/null
is "admin: all links" "$(js "$DIR/a" '[d.sub_issues.length > 3, d.dependencies.length]')" '[true,1]'
admin GET "/issues?creator=mallory" >/dev/null
is "admin: issues by creator, with bodies" "$(js "$DIR/a" 'd.map(i => i.body).join()')" \
	"<!-- git-issue:id=0123456789abcdef -->"
is "admin: delete an issue" "$(admin DELETE "/issues/$N_Z")" 200
get "$REPO/issues/$N_Z"
is "a deleted issue is 410 Gone" "$CODE" 410
follow_all "$REPO/issues/$N_X/dependencies/blocked_by" number
is "its links are gone with it" "$ITEMS" ""

# ------------------------------------------- faults on the new endpoints

admin GET /issues >/dev/null
NI=$(js "$DIR/a" d.length)
fault '{"type":"drop_after_store","method":"POST","path":"*/sandbox/issues"}'
send POST "$SRV$REPO/issues" '{"title":"stored then dropped"}'
is "drop_after_store on POST issue: no answer" "$CURL_RC" 52
admin GET /issues >/dev/null
is "drop_after_store on POST issue: it was stored" "$(js "$DIR/a" d.length)" $((NI + 1))
fault '{"type":"drop","method":"POST","path":"*/sandbox/issues"}'
send POST "$SRV$REPO/issues" '{"title":"dropped"}'
admin GET /issues >/dev/null
is "drop on POST issue: nothing stored" "$CURL_RC $(js "$DIR/a" d.length)" "52 $((NI + 1))"
admin_issue "$N_X"
NS=$(js "$DIR/a" d.links.sub_issues.length)
fault '{"type":"error","status":502,"method":"POST","path":"*/sub_issues"}'
send POST "$REPO/issues/$N_X/sub_issues" "{\"sub_issue_id\":$ID_B}"
admin_issue "$N_X"
is "error on add sub-issue: 502, nothing linked" "$CODE $(js "$DIR/a" d.links.sub_issues.length)" "502 $NS"
fault '{"type":"secondary","retry_after":5,"method":"POST","path":"*/blocked_by"}'
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_B}"
admin_issue "$N_X"
is "secondary on add blocked_by: 403, nothing stored" \
	"$CODE $(header retry-after) $(js "$DIR/a" d.links.blocked_by.length)" "403 5 0"
fault '{"type":"malformed","method":"GET","path":"*/sub_issues"}'
get "$SRV$REPO/issues/$N_P/sub_issues"
check "malformed on list sub-issues (direct)" bash -c "! node -e 'JSON.parse(require(\"fs\").readFileSync(\"$DIR/b\",\"utf8\"))' 2>/dev/null"
fault '{"type":"delay","delay_ms":600,"method":"DELETE","path":"*/sub_issue"}'
T0=$(date +%s%N)
send DELETE "$REPO/issues/$N_P/sub_issue" "{\"sub_issue_id\":$ID_S}"
T1=$(date +%s%N)
check "delay on remove sub-issue through Prism" test "$CODE" = 200 -a \
	$(((T1 - T0) / 1000000)) -ge 600

admin POST /config '{"content_limit":{"per_minute":2,"per_hour":500,"retry_after":30}}' >/dev/null
admin POST /clock '{"advance":120}' >/dev/null
send POST "$REPO/issues" '{"title":"c1"}'; C1=$CODE
send POST "$REPO/issues/$N_X/comments" '{"body":"c2"}'; C2=$CODE
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_B}"
is "content_limit: the third content creation in a minute is refused" \
	"$C1 $C2 $CODE $(header retry-after)" "201 201 403 30"
check "content_limit: a secondary limit message" grep -q "secondary rate limit" "$DIR/b"
get "$REPO/issues/$N_X"
is "content_limit: reading is not limited" "$CODE" 200
admin POST /clock '{"advance":60}' >/dev/null
send POST "$REPO/issues/$N_X/dependencies/blocked_by" "{\"issue_id\":$ID_B}"
is "content_limit: fine a minute later" "$CODE" 201
admin POST /config '{"content_limit":null}' >/dev/null

admin GET /log >/dev/null
is "log kinds of the new endpoints" \
	"$(js "$DIR/a" '["create-issue","update-issue","list-sub-issues","add-sub-issue","remove-sub-issue","reprioritize-sub-issue","get-parent","list-blocked-by","add-blocked-by","remove-blocked-by","list-blocking"].map(k => d.counts.by_kind[k] > 0).every(Boolean)')" true

# ------------------------------------------------ hostile-server faults

# 1. an error with an empty body
fault '{"type":"empty_error","path":"*/issues/1"}'
get "$REPO/issues/1"
is "empty_error: 403, Content-Length 0, nothing else, through Prism" \
	"$CODE $(header content-length) $(wc -c <"$DIR/b") $(header content-type)" "403 0 0 "
fault '{"type":"empty_error","status":429,"retry_after":7,"remaining_zero":true,"reset_in":90}'
get "$SRV$REPO/issues"
is "empty_error 429 with Retry-After and remaining 0 (direct)" \
	"$CODE $(header retry-after) $(header x-ratelimit-remaining) $(wc -c <"$DIR/b")" "429 7 0 0"

# 2. a Link to another host; redirects
CAP=$GH_TEST_CAPTURE_URL
fault "{\"type\":\"link_other_host\",\"prefix\":\"$CAP\",\"path\":\"*/issues/comments\"}"
get "$REPO/issues/comments?per_page=2"
NEXT=$(link next)
is "link_other_host: next points at the other host (through Prism)" \
	"$NEXT" "$CAP/repositories/741852963/issues/comments?per_page=2&page=2"
fault "{\"type\":\"link_other_host\",\"prefix\":\"$CAP/x\",\"path\":\"*/issues/$N_X/comments\"}"
get "$REPO/issues/$N_X/comments"
is "link_other_host adds a next link to a one-page answer" "$(link next)" \
	"$CAP/x/repositories/741852963/issues/$N_X/comments?page=2"

fault '{"type":"redirect","method":"GET","path":"*/issues/1"}'
get "$SRV$REPO/issues/1"
is "redirect GET (direct): 301 to the renamed form, GitHub's body" \
	"$CODE $(header location) $(js "$DIR/b" 'd.message + "|" + d.url')" \
	"301 $API/repositories/741852963/issues/1 Moved Permanently|$API/repositories/741852963/issues/1"
fault "{\"type\":\"redirect\",\"method\":\"PATCH\",\"location_prefix\":\"$CAP\"}"
send PATCH "$SRV$REPO/issues/comments/${C1[0]}" '{"body":"moved"}'
is "redirect PATCH (direct): 307 to another host" "$CODE $(header location)" \
	"307 $CAP/repositories/741852963/issues/comments/${C1[0]}"
fault '{"type":"redirect","status":308,"location":"http://127.0.0.1:9/elsewhere?x=1"}'
get "$SRV/user"
is "redirect with a verbatim location" "$CODE $(header location)" \
	"308 http://127.0.0.1:9/elsewhere?x=1"
fault '{"type":"redirect","method":"GET","path":"*/issues/1"}'
get "$REPO/issues/1"
is "Prism follows a redirect itself: the client sees 200, not 301" "$CODE" 200

# 3. the capture server ("the other host")
curl -s -o /dev/null -X DELETE "$CAP/_capture/requests"
req -H "Authorization: Bearer $GH_TEST_TOKEN" -H "Content-Type: application/json" \
	--data-binary '{"body":"secret"}' "$NEXT"
curl -s "$CAP/x" >/dev/null
curl -s -o "$DIR/c" "$CAP/_capture/requests"
TOKHASH=$(printf '%s' "$GH_TEST_TOKEN" | sha256sum | cut -d' ' -f1)
BODYHASH=$(printf '%s' '{"body":"secret"}' | sha256sum | cut -d' ' -f1)
is "capture: answers every request (200 captured)" "$CODE $(js "$DIR/b" d.message)" "200 captured"
is "capture: records method, path, auth hash, length, body hash" \
	"$(js "$DIR/c" "[d.requests[0].method, d.requests[0].path, d.requests[0].authorization, d.requests[0].authorization_credential_sha256 === '$TOKHASH', d.requests[0].content_length, d.requests[0].body_sha256 === '$BODYHASH'].join(' ')")" \
	"POST /repositories/741852963/issues/comments?per_page=2&page=2 true true 17 true"
is "capture: a request without Authorization" \
	"$(js "$DIR/c" '[d.requests[1].authorization, d.requests[1].authorization_sha256, d.requests[1].body_bytes]')" "[false,null,0]"
is "capture: never stores the token" "$(grep -c "$GH_TEST_TOKEN" "$DIR/c" "$GH_TEST_CAPTURE_LOG" | cut -d: -f2 | sort -u)" 0
is "capture: the log file has them too" "$(wc -l <"$GH_TEST_CAPTURE_LOG")" 2
curl -s -o /dev/null -X POST --data '{"status":401,"body":"{\"message\":\"no\"}"}' "$CAP/_capture/config"
req "$CAP/anything"
is "capture: configurable answer" "$CODE $(js "$DIR/b" d.message)" "401 no"

# 4. an error that echoes the Authorization header
fault '{"type":"echo_auth_error","method":"POST"}'
send POST "$REPO/issues/1/comments" '{"body":"x"}'
check "echo_auth_error: 422 whose message holds the token (through Prism)" \
	test "$CODE" = 422 -a "$(js "$DIR/b" "d.message.includes('$GH_TEST_TOKEN')")" = true
fault '{"type":"echo_auth_error","status":400}'
get "$SRV/user"
is "echo_auth_error 400 (direct)" "$CODE $(js "$DIR/b" "d.message.endsWith('Bearer $GH_TEST_TOKEN')")" "400 true"

# 5. an item edited while a client walks a sorted list
admin POST /repos '{"repo":"git-issue-test/walk"}' >/dev/null
WALK_ID=$(js "$DIR/a" d.id)
W=/repos/git-issue-test/walk
admin POST /issues '{"title":"w","repo":"git-issue-test/walk"}' >/dev/null
for n in 1 2 3 4 5 6
do
	admin POST /comments "{\"issue\":1,\"body\":\"w$n\",\"repo\":\"git-issue-test/walk\"}" >/dev/null
	WC[$n]=$(js "$DIR/a" d.id)
	admin POST /clock '{"advance":10}' >/dev/null
done
admin GET /clock >/dev/null; T_WALK=$(js "$DIR/a" d.epoch)
fault "{\"type\":\"edit_during_walk\",\"page\":2,\"comment_id\":${WC[1]},\"advance\":5,\"path\":\"*/issues/comments\"}"
follow_all "$W/issues/comments?sort=updated&direction=asc&per_page=2" id
is "edit_during_walk: w1 moved to the end, w3 was on no page read" "$ITEMS" \
	"${WC[1]} ${WC[2]} ${WC[4]} ${WC[5]} ${WC[6]} ${WC[1]}"
admin GET /clock >/dev/null
is "edit_during_walk: the clock moved by advance" "$(js "$DIR/a" d.epoch)" $((T_WALK + 5))
for n in 2 3 4
do
	admin POST /issues "{\"title\":\"w$n\",\"repo\":\"git-issue-test/walk\"}" >/dev/null
	admin POST /clock '{"advance":10}' >/dev/null
done
fault '{"type":"edit_during_walk","page":2,"issue_number":2,"repo":"git-issue-test/walk","path":"*/issues"}'
follow_all "$W/issues?sort=updated&direction=asc&per_page=2" number
is "edit_during_walk on the issues list" "$ITEMS" "1 2 4 2"

# 6. raw bytes as the body
fault '{"type":"raw_body","path":"*/walk/issues/1/comments","body":"[{\"id\":1,\"body\":\"\\ud800\"}]"}'
get "$SRV$W/issues/1/comments"
is "raw_body (direct): exactly the bytes given, status 200, JSON type" \
	"$CODE $(cat "$DIR/b") $(header content-type)" \
	'200 [{"id":1,"body":"\ud800"}] application/json; charset=utf-8'
check "raw_body keeps the usual headers" test -n "$(header x-ratelimit-remaining)"
fault '{"type":"raw_body","path":"*/walk/issues/1/comments","body_base64":"/w==","status":201}'
get "$SRV$W/issues/1/comments"
is "raw_body from base64 (a lone 0xff byte), own status" "$CODE $(od -An -tx1 "$DIR/b" | tr -d ' ')" "201 ff"
fault "{\"type\":\"raw_body\",\"path\":\"*/walk/issues/1/comments\",\"replace\":[[\"\\\"w2\\\"\",\"\\\"\\\\ud800\\\"\"]]}"
get "$W/issues/1/comments"
is "raw_body replace: a lone surrogate escape passes Prism unchanged" \
	"$CODE $(grep -o '"body":"[^"]*"' "$DIR/b" | sed -n 2p)" '200 "body":"\ud800"'

# 7. TLS straight to server.js (Prism is not in front of it)
if test -n "${GH_TEST_TLS_URL:-}"
then
	req --cacert "$GH_TEST_TLS_CA" "${GOOD_HEADERS[@]}" "$GH_TEST_TLS_URL/user"
	is "TLS: 127.0.0.1 with the test CA" "$CODE $(js "$DIR/b" d.login)" "200 git-issue-bot"
	req --cacert "$GH_TEST_TLS_CA" "${GOOD_HEADERS[@]}" \
		"https://localhost:$GH_TEST_TLS_PORT$REPO/issues?state=all&per_page=1"
	is "TLS: localhost too; Link stays on https" "$CODE $(link next)" \
		"200 https://localhost:$GH_TEST_TLS_PORT/repositories/741852963/issues?state=all&per_page=1&page=2"
	req "${GOOD_HEADERS[@]}" "$GH_TEST_TLS_URL/user"
	is "TLS: without the CA the certificate is refused (curl 60)" "$CURL_RC" 60
	is "TLS: the CA file is a certificate, its key is gone" \
		"$(grep -c 'BEGIN CERTIFICATE' "$GH_TEST_TLS_CA") $(ls "$(dirname "$GH_TEST_TLS_CA")"/ca.key 2>/dev/null | wc -l)" "1 0"
	admin GET "/log" >/dev/null
	is "TLS: the log marks the requests" "$(js "$DIR/a" 'd.requests.filter(r => r.tls).length')" 2
else
	ok "# skip TLS (openssl missing)"
fi

# 8. the token's user is not the other users
send POST "$REPO/issues/1/comments" '{"body":"mine <!-- git-issue:id=0123456789abcdef -->"}'
MINE=$(js "$DIR/b" d.user.id)
admin POST /comments '{"issue":1,"body":"<!-- git-issue:id=0123456789abcdef -->","user":"mallory"}' >/dev/null
is "a marker comment by another user is another user's" \
	"$(js "$DIR/a" 'd.user.login + " " + (d.user.id !== 1000001)')" "mallory true"
get /user
is "GET /user is the author of API comments, not mallory" "$(js "$DIR/b" d.id) $MINE" "1000001 1000001"

# ------------------------------------------------------ Prism saw it all

check "traffic went through Prism" test \
	"$(grep -c 'Forwarding' "$DIR/prism.log")" -gt 40
if "$HERE/check-prism-log.sh" "$DIR"
then
	ok "no Prism violations"
else
	not_ok "no Prism violations" "see $DIR/prism.log"
fi

# Negative control: a response of the wrong shape must be caught by Prism,
# and then by check-prism-log.sh (so zero violations above means something).
fault '{"type":"schema_violation","method":"GET","path":"*/issues/1"}'
get "$REPO/issues/1"
is "schema_violation: Prism answers 500" "$CODE" 500
check "schema_violation: sl-violations names the field" \
	grep -qi "sl-violations:.*must be integer" "$DIR/h"
"$HERE/check-prism-log.sh" "$DIR" 2>/dev/null
is "check-prism-log.sh now fails" "$?" 1


# The same for the new paths: requests that break the description are
# refused by Prism and never reach the server; answers that break it are
# caught.
admin GET /log >/dev/null
SEQ=$(js "$DIR/a" 'd.requests.length ? d.requests[d.requests.length - 1].seq : 0')
send POST "$REPO/issues/1/sub_issues" '{"sub_issue_id":"3000000001"}'
is "Prism refuses a sub_issue_id that is a string: 422" "$CODE" 422
send POST "$REPO/issues" '{"body":"no title"}'
is "Prism refuses an issue without title: 422" "$CODE" 422
send DELETE "$REPO/issues/1/sub_issue" '{}'
is "Prism refuses a DELETE sub_issue body without sub_issue_id: 422" "$CODE" 422
get "$REPO/issues?state=bogus"
is "Prism refuses a bad state: 422" "$CODE" 422
admin GET "/log?since_seq=$SEQ" >/dev/null
is "none of them reached the server" "$(js "$DIR/a" d.counts.total)" 0

fault '{"type":"schema_violation","method":"GET","path":"*/sub_issues"}'
get "$REPO/issues/$N_P/sub_issues"
is "schema_violation on list sub-issues: Prism answers 500" "$CODE" 500
check "schema_violation on list sub-issues: sl-violations names the field" \
	grep -qi "sl-violations:.*must be integer" "$DIR/h"
admin GET /issues >/dev/null
NI=$(js "$DIR/a" d.length)
fault '{"type":"schema_violation","method":"POST","path":"*/sandbox/issues"}'
send POST "$REPO/issues" '{"title":"misshapen answer"}'
admin GET /issues >/dev/null
is "schema_violation on POST issue: 500, but the issue was stored" \
	"$CODE $(js "$DIR/a" d.length)" "500 $((NI + 1))"
fault "{\"type\":\"raw_body\",\"path\":\"*/walk/issues/1/comments\",\"replace\":[[\"\\\"id\\\":${WC[2]}\",\"\\\"id\\\":1e999\"]]}"
get "$W/issues/1/comments"
check "raw_body with an id of 1e999: Prism answers 500" \
	bash -c "test $CODE = 500 && grep -qi 'sl-violations:.*must be <= 9007199254740991' '$DIR/h'"

echo "$PASS passed, $FAIL failed"
test $FAIL -eq 0
