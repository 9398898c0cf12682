#!/usr/bin/env bash
# `deno task test:tempest`: OpenStack's own Tempest against nova-deno. Installs Debian's tempest
# (and so python3-tempest, stestr and subunit) when missing, then runs scripts/tempest/run.ts,
# which starts a throw-away cloud, writes tempest.conf and runs tempest.api.compute. Arguments
# go to run.ts (--update, --keep, --regex=R, --concurrency=N); `--print-deno` prints the Deno.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=_deno.sh
. "$here/_deno.sh"
deno_resolve scripts/test-tempest.sh test:tempest "$@"
repo="$(cd "$here/.." && pwd)"
if ! command -v tempest >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import tempest, subunit' 2>/dev/null
then
  export DEBIAN_FRONTEND=noninteractive
  installed=0
  for attempt in 1 2 3; do
    if apt-get update -qq && apt-get install -y -qq tempest python3-tempest >/dev/null; then
      installed=1
      break
    fi
    echo "test-tempest: apt-get failed (attempt $attempt), retrying" >&2
    sleep 5
  done
  [ "$installed" = 1 ] || { echo "test-tempest: could not install Debian's tempest"; exit 1; }
fi
cd "$repo"
exec "$DENO" run -A scripts/tempest/run.ts "$@"
