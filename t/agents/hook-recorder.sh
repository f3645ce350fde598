#!/bin/sh
#
# A Claude Code command hook for tests: records what the hook is given and
# answers with a prepared output.
#
#   hook-recorder.sh [--once] DIR [FILE]
#
# Saves its stdin (the hook's JSON input) to DIR/EVENT.N.json, EVENT being
# the input's hook_event_name and N counting from 1 per event, then prints
# FILE if one is given. With --once it prints nothing when the input has
# "stop_hook_active": true (a Stop hook that blocks once per stop).
# Needs jq.

once=
if test "$1" = --once
then
	once=t
	shift
fi
dir=${1:?usage: hook-recorder.sh [--once] DIR [FILE]}
mkdir -p "$dir" || exit 1
tmp=$dir/.input.$$
cat >"$tmp" || exit 1
event=$(jq -r '.hook_event_name // "unknown"' <"$tmp" 2>/dev/null) || event=unparsed
# claim the next free number atomically (hooks of one event run in parallel)
n=1
while ! (set -C && : >"$dir/$event.$n.json") 2>/dev/null
do
	n=$((n + 1))
done
mv "$tmp" "$dir/$event.$n.json" || exit 1
if test -n "$once" &&
	test "$(jq -r '.stop_hook_active // false' <"$dir/$event.$n.json")" = true
then
	exit 0
fi
if test -n "$2"
then
	cat "$2"
fi
exit 0
