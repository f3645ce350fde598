#!/bin/bash
#
# Smoke test of the GitHub test rig itself: server.js behind Prism.
#
#   smoke.sh            (needs node, curl, and node_modules here: npm ci)
#
# Starts everything with start.sh, exercises every endpoint THROUGH PRISM
# with the headers a good client sends (pagination by following Link exactly,
# ETag/304, POST and PATCH a comment), the header and token refusals, and
# each injected fault. Faults that Prism would mask (a dropped connection, a
# malformed body, a 5xx turned into its own 500) are exercised against
# server.js directly. Ends by asserting that Prism logged no violation.
# Installs nothing. Prints "N passed, M failed"; exits 1 on any failure.
# The logs are kept on failure, or always with GH_SMOKE_KEEP=1.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d "${TMPDIR:-/tmp}/gh-smoke.XXXXXX")
export GH_TEST_TOKEN=smoke-$(od -An -tx1 -N12 /dev/urandom | tr -d " \n")
PASS=0
FAIL=0

cleanup () {
	"$HERE/stop.sh" "$DIR"
	if test $FAIL -eq 0 && test -z "${GH_SMOKE_KEEP:-}"
	then
		rm -rf "$DIR"
	else
		echo "logs kept in $DIR" >&2
	fi
}
trap cleanup EXIT

"$HERE/start.sh" "$DIR" || exit 1
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
js () {
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const v = eval(process.argv[2]);
		console.log(typeof v === "object" ? JSON.stringify(v) : String(v));
	' "$1" "$2"
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
is "secondary: nothing stored" "$(js "$DIR/a" d.length)" $((BEFORE + 2))

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

echo "$PASS passed, $FAIL failed"
test $FAIL -eq 0
