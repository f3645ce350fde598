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
# Optional, from the environment:
#
#   GH_TEST_TLS=1      server.js also serves HTTPS (same state) on another
#                      port, with a certificate for 127.0.0.1 and localhost
#                      signed by a private CA made here with openssl:
#                      DIR/tls/ca.pem; env gets GH_TEST_TLS_URL,
#                      GH_TEST_TLS_PORT, GH_TEST_TLS_CA. Prism is not in
#                      front of it (it only proxies plain HTTP here).
#   GH_TEST_CAPTURE=1  also start capture.js ("the other host"): capture.*
#                      files; env gets GH_TEST_CAPTURE_URL,
#                      GH_TEST_CAPTURE_PORT, GH_TEST_CAPTURE_LOG.
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

if test -n "${GH_TEST_TLS:-}" && ! command -v openssl >/dev/null
then
	die "GH_TEST_TLS is set but openssl is not installed (Debian package openssl)"
fi

mkdir -p "$DIR" || die "cannot create '$DIR'"
DIR=$(cd "$DIR" && pwd)
rm -f "$DIR"/server.port "$DIR"/prism.port "$DIR"/server.pid \
	"$DIR"/prism.pid "$DIR"/env "$DIR"/server.tls-port \
	"$DIR"/capture.port "$DIR"/capture.pid

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

# make_tls DIR/tls: a private CA (ca.pem) and a server certificate signed by
# it, valid for IP 127.0.0.1 and DNS localhost for 7 days (server.pem,
# server.key). The CA key is deleted once it has signed.
make_tls () {
	t=$1
	rm -rf "$t" && mkdir -p "$t" || return 1
	(
		cd "$t" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -keyout ca.key -out ca.pem -days 7 \
			-subj "/CN=git-issue test CA $$" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -keyout server.key -out server.csr \
			-subj "/CN=127.0.0.1" &&
		printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
			"basicConstraints=critical,CA:FALSE" \
			"keyUsage=critical,digitalSignature" \
			"extendedKeyUsage=serverAuth" >server.ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
			-set_serial "0x$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" \
			-days 7 -extfile server.ext -out server.pem &&
		rm -f ca.key server.csr server.ext
	) >"$t/openssl.log" 2>&1
}

TLS_ARGS=()
if test -n "${GH_TEST_TLS:-}"
then
	make_tls "$DIR/tls" || {
		cat "$DIR/tls/openssl.log" >&2
		die "openssl could not make the test certificates"
	}
	TLS_ARGS=(--tls-cert "$DIR/tls/server.pem" --tls-key "$DIR/tls/server.key"
		--tls-port-file "$DIR/server.tls-port")
fi

if test -n "${GH_TEST_CAPTURE:-}"
then
	: >"$DIR/capture.requests"
	node "$HERE/capture.js" --port-file "$DIR/capture.port" \
		--log "$DIR/capture.requests" >"$DIR/capture.log" 2>&1 &
	echo $! >"$DIR/capture.pid"
	wait_for "capture.js" "$(cat "$DIR/capture.pid")" \
		test -s "$DIR/capture.port" || {
		cat "$DIR/capture.log" >&2
		"$HERE/stop.sh" "$DIR"
		die "capture.js did not start"
	}
fi

# Prism cannot bind port 0 and report it, so pick a free port and retry if
# someone else takes it first. The server learns Prism's address up front:
# its Link headers must send clients back through Prism.
for attempt in 1 2 3
do
	PRISM_PORT=$(free_port) || die "cannot find a free port"
	rm -f "$DIR/server.port" "$DIR/server.tls-port"

	node "$HERE/server.js" --port 0 --port-file "$DIR/server.port" \
		--public-url "http://127.0.0.1:$PRISM_PORT" ${TLS_ARGS[@]+"${TLS_ARGS[@]}"} \
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
		if test -s "$DIR/server.tls-port"
		then
			TLS_PORT=$(cat "$DIR/server.tls-port")
			cat >>"$DIR/env" <<-EOF
			GH_TEST_TLS_URL=https://127.0.0.1:$TLS_PORT
			GH_TEST_TLS_PORT=$TLS_PORT
			GH_TEST_TLS_CA=$DIR/tls/ca.pem
			EOF
		fi
		if test -s "$DIR/capture.port"
		then
			CAPTURE_PORT=$(cat "$DIR/capture.port")
			cat >>"$DIR/env" <<-EOF
			GH_TEST_CAPTURE_URL=http://127.0.0.1:$CAPTURE_PORT
			GH_TEST_CAPTURE_PORT=$CAPTURE_PORT
			GH_TEST_CAPTURE_LOG=$DIR/capture.requests
			EOF
		fi
		exit 0
	fi
	"$HERE/stop.sh" "$DIR" prism server
	grep -q EADDRINUSE "$DIR/prism.log" || break
done
cat "$DIR/prism.log" >&2
"$HERE/stop.sh" "$DIR"
die "Prism did not start (log: $DIR/prism.log)"
