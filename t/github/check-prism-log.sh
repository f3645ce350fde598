#!/bin/bash
#
# Fail when Prism found a violation: a request or a response that breaks
# GitHub's OpenAPI description (openapi-subset.json).
#
#   check-prism-log.sh DIR     (the directory given to start.sh)
#
# Prism marks each one "✖  error" in its log, with the method and path: a
# request that breaks the description (422, not forwarded), a path or method
# it does not list (404/405), a response that breaks it (500 "VIOLATIONS"),
# an upstream that dropped the connection or sent bad JSON. Prints those
# lines and exits 1; exits 0 when there are none, 2 when there is no log.

DIR=${1:?usage: check-prism-log.sh DIR}
LOG="$DIR/prism.log"

if ! test -f "$LOG"
then
	echo "check-prism-log.sh: no Prism log at '$LOG'" >&2
	exit 2
fi

# Strip colours in case Prism was run on a terminal.
clean=$(sed 's/\x1b\[[0-9;]*m//g' "$LOG")

if printf '%s\n' "$clean" | grep -q '✖  error'
then
	n=$(printf '%s\n' "$clean" | grep -c '✖  error')
	echo "check-prism-log.sh: $n Prism violation(s) in $LOG:" >&2
	printf '%s\n' "$clean" | grep '✖  error' >&2
	# With --errors Prism logs no details for a response violation: they
	# went to the client in the 500 body and the sl-violations header.
	echo "(details of VIOLATIONS: the client got them in Prism's 500 body" \
		"and sl-violations header)" >&2
	exit 1
fi
exit 0
