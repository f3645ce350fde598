#!/bin/bash
#
# Start the fake GitHub (server.js) and Prism in front of it, on free ports.
#
#   start.sh DIR
#
# Prism runs as a validating proxy (prism proxy --errors) with
# openapi-subset.json: the client under test talks to Prism, Prism checks each
# request and response against GitHub's description and forwards to server.js.
# Everything about the run is written to DIR (created if missing):
#
#   server.port server.pid server.log   the fake GitHub (its /_admin/ API too)
#   prism.port  prism.pid  prism.log    the proxy; check-prism-log.sh DIR
#   env                                 shell assignments, for ". DIR/env":
#                                       GH_TEST_API_URL (through Prism),
#                                       GH_TEST_SERVER_URL (direct), and ports
#
# The token is GH_TEST_TOKEN from the environment (default below); it reaches
# the server through its environment, never a command line or a file.
# Stop with stop.sh DIR. Needs node and, in this directory, node_modules
# (npm ci); it installs nothing.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:?usage: start.sh DIR}
TIMEOUT=${GH_TEST_START_TIMEOUT:-30}
PRISM="$HERE/node_modules/@stoplight/prism-cli/dist/index.js"

die () {
	echo "start.sh: $*" >&2
	exit 1
}

command -v node >/dev/null || die "node is not installed"
if ! test -f "$PRISM"
then
	die "Prism is not installed in $HERE/node_modules; run:
	(cd '$HERE' && npm ci)"
fi

mkdir -p "$DIR" || die "cannot create '$DIR'"
DIR=$(cd "$DIR" && pwd)
rm -f "$DIR"/server.port "$DIR"/prism.port "$DIR"/server.pid \
	"$DIR"/prism.pid "$DIR"/env

# a fresh random token per run unless the caller chose one
export GH_TEST_TOKEN=${GH_TEST_TOKEN:-test-$(od -An -tx1 -N12 /dev/urandom | tr -d " \n")}

free_port () {
	node -e '
		const s = require("net").createServer();
		s.listen(0, "127.0.0.1", () => {
			console.log(s.address().port);
			s.close();
		});'
}

# wait_for WHAT PID CONDITION...: poll until CONDITION holds, PID dies or
# TIMEOUT seconds pass
wait_for () {
	what=$1 pid=$2
	shift 2
	tries=$((TIMEOUT * 10))
	while ! "$@"
	do
		kill -0 "$pid" 2>/dev/null || return 1
		tries=$((tries - 1))
		test $tries -gt 0 || {
			echo "start.sh: timed out waiting for $what" >&2
			return 1
		}
		sleep 0.1
	done
}

prism_listening () {
	grep -q "Prism is listening" "$DIR/prism.log" 2>/dev/null
}

# Prism cannot bind port 0 and report it, so pick a free port and retry if
# someone else takes it first. The server learns Prism's address up front:
# its Link headers must send clients back through Prism.
for attempt in 1 2 3
do
	PRISM_PORT=$(free_port) || die "cannot find a free port"

	node "$HERE/server.js" --port 0 --port-file "$DIR/server.port" \
		--public-url "http://127.0.0.1:$PRISM_PORT" \
		>"$DIR/server.log" 2>&1 &
	echo $! >"$DIR/server.pid"
	wait_for "server.js" "$(cat "$DIR/server.pid")" \
		test -s "$DIR/server.port" || {
		cat "$DIR/server.log" >&2
		"$HERE/stop.sh" "$DIR"
		die "server.js did not start"
	}
	SERVER_PORT=$(cat "$DIR/server.port")

	node "$PRISM" proxy -h 127.0.0.1 -p "$PRISM_PORT" --errors \
		"$HERE/openapi-subset.json" "http://127.0.0.1:$SERVER_PORT" \
		>"$DIR/prism.log" 2>&1 &
	echo $! >"$DIR/prism.pid"
	echo "$PRISM_PORT" >"$DIR/prism.port"
	if wait_for "Prism" "$(cat "$DIR/prism.pid")" prism_listening
	then
		cat >"$DIR/env" <<-EOF
		GH_TEST_API_URL=http://127.0.0.1:$PRISM_PORT
		GH_TEST_SERVER_URL=http://127.0.0.1:$SERVER_PORT
		GH_TEST_PRISM_PORT=$PRISM_PORT
		GH_TEST_SERVER_PORT=$SERVER_PORT
		EOF
		exit 0
	fi
	"$HERE/stop.sh" "$DIR"
	grep -q EADDRINUSE "$DIR/prism.log" || break
done
cat "$DIR/prism.log" >&2
die "Prism did not start (log: $DIR/prism.log)"
