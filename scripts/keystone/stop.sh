#!/usr/bin/env bash
# Stop the Keystone that scripts/keystone/start.sh started for $KS_STATE (default
# /tmp/nova-deno-keystone): SIGINT to the uwsgi master named in the pidfile, SIGKILL to it and its
# workers if it is still there after 5 s. Touches no other process. The state directory stays, so
# start.sh brings the same users and projects back.
set -uo pipefail

state="${KS_STATE:-/tmp/nova-deno-keystone}"
pidfile="$state/run/uwsgi.pid"

if [[ ! -f "$pidfile" ]]; then
  echo "[keystone] not running (no $pidfile)" >&2
  exit 0
fi
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -INT "$pid" # uwsgi: stop master and workers at once (SIGTERM waits for a graceful exit)
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    for child in $(ps -o pid= --ppid "$pid"); do kill -KILL "$child" 2>/dev/null; done
    kill -KILL "$pid" 2>/dev/null
  fi
  echo "[keystone] stopped (pid $pid)" >&2
fi
rm -f "$pidfile"
