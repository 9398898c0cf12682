#!/usr/bin/env bash
# Install what the deployment tests drive (Debian's packages), when missing: nginx (the reverse
# proxy in front of both APIs), openssl (a throw-away CA and certificate), curl (requests from a
# guest's address) and systemd-analyze (checks the unit files). The OpenStack CLI comes from
# install-clients.sh.
set -euo pipefail
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
[ ${#need[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3 4 5; do
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    # Debian starts the packaged nginx on port 80; the tests run their own.
    if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
    exit 0
  fi
  echo "apt-get busy or failing (attempt $attempt); retrying" >&2
  sleep 10
done
exit 1
