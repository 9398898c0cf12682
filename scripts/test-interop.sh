#!/usr/bin/env bash
# `deno task test:interop`: the slow suites that drive real components. Installs Debian's
# OpenStack clients and Keystone when missing, starts a throw-away Keystone on loopback, runs
# tests/interop/ against it, and stops it again (KS_KEEP=1 leaves it running).
# tests/interop/scenarios.test.ts starts its own quick start and runs ../shared/interop's
# osc-scenario.sh and sdk-scenario.py against it with STRICT=1. Runs the tests with
# the Deno that runs the task (see _deno.sh); `--print-deno` prints which and exits.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=_deno.sh
. "$here/_deno.sh"
deno_resolve scripts/test-interop.sh test:interop "$@"
repo="$(cd "$here/.." && pwd)"
# A Keystone of this run's own (a free port, a fresh state directory), so runs on one machine do
# not share or stop each other's; KS_PORT and KS_STATE still choose them.
if [ -z "${KS_PORT:-}" ]; then
  KS_PORT="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
fi
export KS_PORT
own_state=0
if [ -z "${KS_STATE:-}" ]; then
  KS_STATE="$(mktemp -d /tmp/nova-deno-keystone.XXXXXX)"
  own_state=1
fi
export KS_STATE
cleanup() {
  [ "${KS_KEEP:-0}" = 1 ] && return
  "$here/keystone/stop.sh"
  if [ "$own_state" = 1 ]; then rm -rf "$KS_STATE"; fi
}
trap cleanup EXIT

"$here/install-clients.sh" || { echo "could not install the OpenStack clients"; exit 1; }
"$here/keystone/start.sh" || { echo "could not start Keystone"; exit 1; }
cd "$repo"
status=0
# NOVA_INTEROP_STRICT: a missing client, cloud-init or Keystone fails the run (no test skips).
NOVA_INTEROP_STRICT=1 KEYSTONE_URL="http://127.0.0.1:$KS_PORT" "$DENO" test -P=test "$@" tests/interop/ || status=$?
exit "$status"
