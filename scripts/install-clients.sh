#!/usr/bin/env bash
# Install the real OpenStack clients the interop tests drive (Debian's packages), when missing.
set -euo pipefail
need=()
command -v openstack >/dev/null 2>&1 || need+=(python3-openstackclient)
/usr/bin/python3 -c 'import novaclient' 2>/dev/null || need+=(python3-novaclient)
/usr/bin/python3 -c 'import openstack' 2>/dev/null || need+=(python3-openstacksdk)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
[ ${#need[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3 4 5; do
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get busy or failing (attempt $attempt); retrying" >&2
  sleep 10
done
exit 1
