#!/usr/bin/env bash
# `deno task test:interop`: the slow suites that drive real components. Installs Debian's
# OpenStack clients and Keystone when missing, starts a throw-away Keystone on loopback, runs
# tests/interop/ against it, and stops it again (KS_KEEP=1 leaves it running). Runs the tests with
# the Deno that runs the task (see _deno.sh); `--print-deno` prints which and exits.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=_deno.sh
. "$here/_deno.sh"
deno_resolve scripts/test-interop.sh test:interop "$@"
repo="$(cd "$here/.." && pwd)"
export KS_STATE="${KS_STATE:-/tmp/nova-deno-keystone}"
export KS_PORT="${KS_PORT:-15100}"

"$here/install-clients.sh" || { echo "could not install the OpenStack clients"; exit 1; }
"$here/keystone/start.sh" || { echo "could not start Keystone"; exit 1; }
cd "$repo"
status=0
KEYSTONE_URL="http://127.0.0.1:$KS_PORT" "$DENO" test -P=test "$@" tests/interop/ || status=$?
[ "${KS_KEEP:-0}" = 1 ] || "$here/keystone/stop.sh"
exit "$status"
