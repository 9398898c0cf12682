#!/usr/bin/env bash
# Run the keystone interop tests end to end: start (or reuse) the throw-away Keystone of
# scripts/keystone/start.sh, then tests/interop/keystone*.test.ts against it (the tests seed their
# own users). Keystone is left running for the next run unless KS_STOP=1.
#
#   scripts/keystone/run-tests.sh [extra deno test arguments]
#
# Environment: as start.sh (KS_STATE, KS_PORT, KS_ADMIN_PASSWORD, …), plus KS_STOP=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../_deno.sh
. "$here/../_deno.sh"
deno_resolve scripts/keystone/run-tests.sh test:interop "$@"
export KS_STATE="${KS_STATE:-/tmp/nova-deno-keystone}"
export KS_PORT="${KS_PORT:-15100}"

"$here/start.sh"
status=0
(cd "$repo" && KEYSTONE_URL="http://127.0.0.1:$KS_PORT" \
  "$DENO" test -P=test "$@" tests/interop/keystone*.test.ts) || status=$?
if [[ "${KS_STOP:-0}" == 1 ]]; then "$here/stop.sh"; fi
exit "$status"
