#!/bin/bash
#
# Stop what start.sh DIR started: Prism, server.js and capture.js, by the
# pids it wrote (or only the NAMEs given: prism, server, capture).
# Safe to call twice, or after a failed start.
#
#   stop.sh DIR [NAME...]

DIR=${1:?usage: stop.sh DIR [NAME...]}
shift
test $# -gt 0 || set -- prism server capture

for name in "$@"
do
	f="$DIR/$name.pid"
	test -f "$f" || continue
	pid=$(cat "$f")
	case "$pid" in
	''|*[!0-9]*)
		rm -f "$f"
		continue
		;;
	esac
	if kill "$pid" 2>/dev/null
	then
		# give it up to 5 s to exit, then insist
		for _ in $(seq 50)
		do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	fi
	rm -f "$f"
done
exit 0
