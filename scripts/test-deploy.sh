#!/usr/bin/env bash
# `deno task test:deploy`: the deployment tests (tests/deploy/): Debian's nginx in front of the
# quick start with TLS and a /compute prefix, the real openstack CLI through it, the metadata API
# behind it, the shipped systemd units, and several compute and metadata processes (and deno
# serve --parallel) on one store, and both apps as Deno Deploy runs them (deno serve -A,
# configured by variables only, secrets in KV). Installs nginx, openssl, curl and the OpenStack clients when
# missing. Runs the tests with the Deno that runs the task (see _deno.sh).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=_deno.sh
. "$here/_deno.sh"
deno_resolve scripts/test-deploy.sh test:deploy "$@"
repo="$(cd "$here/.." && pwd)"
"$here/install-clients.sh" || { echo "could not install the OpenStack clients"; exit 1; }
"$here/install-deploy-tools.sh" || { echo "could not install nginx, openssl, curl or systemd"; exit 1; }
cd "$repo"
exec "$DENO" test -P=test "$@" tests/deploy/
